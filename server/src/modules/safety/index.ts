/**
 * The work-safety module (安全生产检查, issue 15; docs/domain.md §6; 安全生产法): the register of
 * production and business units (./units), the checklists and the annual inspection plan
 * (./plans), the inspection records with their photos (./inspections), the `hazard` case type
 * from registration to 销号 or a linked `penalty` case (./hazard), and the figures that replace
 * the hand-entered `safety.*` ones (./facts).
 */
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { hazardCaseType } from './hazard/case-type.ts';

/** The module's own services; each part adds its own. */
export type SafetyServices = Record<string, never>;

const services = (_core: CoreServices): SafetyServices => ({});

export const safetyModule = defineModule<SafetyServices>({
  key: 'safety',
  label: '安全生产',
  caseTypes: [hazardCaseType],
  services,
  async routes(_app: FastifyInstance, _own) {},
  menu: [
    {
      key: 'safety-hazards',
      label: '隐患整改',
      path: '/cases?type=hazard',
      group: '安全生产',
      needs: ['case:read'],
      caseTypes: ['hazard'],
    },
  ],
});

/** The module's own services in a composed installation (tests reach them here). */
export function safetyServicesOf(services: Pick<Services, 'own'>): SafetyServices {
  const own = services.own.get(safetyModule.key);
  if (!own) throw new Error('the safety module is not installed');
  return own as SafetyServices;
}
