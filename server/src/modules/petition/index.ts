/**
 * The 信访办's module: the petition case type (信访工作条例) with its documents, statistics,
 * one petitioner's history, and the leaders' receptions and visits (开门接访、带案下访, arts
 * 18–19). Everything the product needs to know about it is in this manifest (core/module.ts).
 */
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { petitionCaseType } from './case-type.ts';
import { petitionFacts } from './facts.ts';
import { receptionFacts } from './reception-facts.ts';
import { ReceptionService } from './receptions.ts';
import { petitionRoutes } from './routes.ts';

export interface PetitionServices {
  receptions: ReceptionService;
}

const services = (core: CoreServices): PetitionServices => ({
  receptions: new ReceptionService({
    db: core.database.db,
    cases: core.cases,
    cipher: core.cipher,
    registry: core.registry,
  }),
});

export const petitionModule = defineModule<PetitionServices>({
  key: 'petition',
  label: '信访',
  caseTypes: [petitionCaseType],
  facts: [petitionFacts, receptionFacts],
  services,
  async routes(app: FastifyInstance, own) {
    await app.register(petitionRoutes, own);
  },
  auditActions: {
    'reception.slot.create': '新增领导接访安排',
    'reception.slot.update': '修改领导接访安排',
    'reception.create': '登记领导接访',
    'reception.document': '下载接访登记表',
    'visit.create': '登记领导带案下访',
    'visit.update': '补充领导带案下访记录',
  },
  auditTargets: { reception: '领导接访', 'leader-visit': '领导带案下访' },
  // For the roles the petition type lets read (信访办, 镇领导, 村居干部, 县级督查), like the routes.
  menu: [
    {
      key: 'receptions',
      label: '接访安排',
      path: '/petition/receptions',
      group: '信访',
      needs: ['case:read'],
      caseTypes: ['petition'],
    },
    {
      key: 'visits',
      label: '下访记录',
      path: '/petition/visits',
      group: '信访',
      needs: ['case:read'],
      caseTypes: ['petition'],
    },
    {
      key: 'petition-stats',
      label: '信访统计',
      path: '/petition/stats',
      group: '信访',
      needs: ['dashboard:read'],
      caseTypes: ['petition'],
    },
  ],
  reportSections: [
    { key: 'measures.petition', title: '推进信访工作法治化，维护基层和谐稳定', order: 30, office: ['信访'] },
  ],
  demo: {
    // Imported when the demo runs, so a server that does not seed never reads the simulation.
    async year(core, own, ctx) {
      const { seedPetitionDemo } = await import('./demo.ts');
      const started = Date.now();
      const p = await seedPetitionDemo(
        { cases: core.cases, receptions: own.receptions },
        {
          year: ctx.year,
          seed: ctx.year,
          until: ctx.until,
          ...(ctx.progress ? { onProgress: ctx.progress } : {}),
        },
      );
      const lines = [`信访事项 ${p.caseIds.length} 件（${((Date.now() - started) / 1000).toFixed(0)} 秒）`];
      if (p.leaders) {
        const l = p.leaders;
        lines.push(
          `领导接访安排 ${l.slots} 次、接访 ${l.receptions} 次（登记信访 ${l.receptionCaseIds.length} 件）、带案下访 ${l.visits} 次`,
        );
      }
      return lines;
    },
    async present(_core, _own, ctx) {
      const { planPetitionPresent } = await import('./demo-present.ts');
      planPetitionPresent(ctx.kit);
      return [];
    },
  },
});

/** The module's own services in a composed installation (tests and the demo reach them here). */
export function petitionServicesOf(services: Pick<Services, 'own'>): PetitionServices {
  const own = services.own.get(petitionModule.key);
  if (!own) throw new Error('the petition module is not installed');
  return own as PetitionServices;
}
