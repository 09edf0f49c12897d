/**
 * The work-safety module (安全生产检查, issue 15; docs/domain.md §6; 安全生产法): the register of
 * production and business units (./units), the checklists and the annual inspection plan
 * (./plans), the inspection records with their photos (./inspections), the `hazard` case type
 * from registration to 销号 or a linked `penalty` case (./hazard), and the figures that replace
 * the hand-entered `safety.*` ones (./facts) with the villages' and industries' ranking (./ranking).
 */
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { safetyFacts } from './facts.ts';
import { rankingRoutes } from './ranking.ts';

/** The module's own services; each part adds its own. */
export type SafetyServices = Record<string, never>;

const services = (_core: CoreServices): SafetyServices => ({});

export const safetyModule = defineModule<SafetyServices>({
  key: 'safety',
  label: '安全生产',
  services,
  facts: [safetyFacts],
  async routes(app: FastifyInstance, _own) {
    await app.register(rankingRoutes);
  },
  reportSections: [{ key: 'measures.safety', title: '依法履行安全生产监管职责', order: 50, office: ['安监', '应急'] }],
  demo: {
    // Imported when the demo runs. After the enforcement module's: inspections name its officers.
    async year(core, _own, ctx) {
      const { seedSafetyDemo } = await import('./demo.ts');
      const r = await seedSafetyDemo(core, { year: ctx.year, until: ctx.until });
      return r.lines;
    },
  },
});

/** The module's own services in a composed installation (tests reach them here). */
export function safetyServicesOf(services: Pick<Services, 'own'>): SafetyServices {
  const own = services.own.get(safetyModule.key);
  if (!own) throw new Error('the safety module is not installed');
  return own as SafetyServices;
}
