/**
 * The work-safety module (安全生产检查, issue 15; docs/domain.md §6; 安全生产法): the register of
 * production and business units (./units), the checklists and the annual inspection plan
 * (./plans), the inspection records with their photos (./inspections), the `hazard` case type
 * from registration to 销号 or a linked `penalty` case (./hazard), and the figures that replace
 * the hand-entered `safety.*` ones (./facts).
 */
import { SAFETY_READER_ROLES } from '@fazhi/domain/api/safety';
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { unitRoutes } from './units/routes.ts';
import { UnitService } from './units/service.ts';

/** The module's own services; each part adds its own. */
export interface SafetyServices {
  units: UnitService;
}

const services = (core: CoreServices): SafetyServices => ({
  units: new UnitService({ db: core.database.db, cipher: core.cipher, registry: core.registry }),
});

export const safetyModule = defineModule<SafetyServices>({
  key: 'safety',
  label: '安全生产',
  services,
  async routes(app: FastifyInstance, own) {
    await app.register(unitRoutes, own);
  },
  auditActions: {
    'safety.unit.create': '登记生产经营单位',
    'safety.unit.update': '修改生产经营单位',
    'safety.unit.deactivate': '注销生产经营单位',
    'safety.unit.reactivate': '恢复生产经营单位',
    'safety.unit.import': '导入生产经营单位',
  },
  auditTargets: { 'safety-unit': '生产经营单位' },
  // The register is the town's, not one case type's: open to SAFETY_READER_ROLES, like its
  // routes (units/access.ts; a 村居干部 sees its own village's units).
  menu: [
    {
      key: 'safety-units',
      label: '生产经营单位',
      path: '/safety/units',
      group: '安全生产',
      needs: ['case:read'],
      roles: SAFETY_READER_ROLES,
    },
  ],
});

/** The module's own services in a composed installation (tests reach them here). */
export function safetyServicesOf(services: Pick<Services, 'own'>): SafetyServices {
  const own = services.own.get(safetyModule.key);
  if (!own) throw new Error('the safety module is not installed');
  return own as SafetyServices;
}
