/**
 * The 矛调中心's module (人民调解): the mediation case type with its documents and early-warning
 * rules, the town's early-warning settings, statistics, the duplicate hint, and the screening
 * campaigns (矛盾纠纷排查, ./campaigns) whose disputes become mediation cases. Everything the
 * product needs to know about it is in this manifest (core/module.ts).
 */
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { campaignFacts } from './campaigns/facts.ts';
import { campaignRoutes } from './campaigns/routes.ts';
import { CampaignService } from './campaigns/service.ts';
import { mediationCaseType } from './case-type.ts';
import { mediationFacts } from './facts.ts';
import { mediationRoutes } from './routes.ts';

export interface MediationServices {
  campaigns: CampaignService;
}

const services = (core: CoreServices): MediationServices => ({
  campaigns: new CampaignService({ db: core.database.db, cases: core.cases, cipher: core.cipher }),
});

export const mediationModule = defineModule<MediationServices>({
  key: 'mediation',
  label: '矛盾纠纷调解',
  caseTypes: [mediationCaseType],
  facts: [mediationFacts, campaignFacts],
  services,
  async routes(app: FastifyInstance, own) {
    await app.register(mediationRoutes);
    await app.register(campaignRoutes, own);
  },
  auditActions: {
    'settings.mediation_risk.update': '修改矛盾纠纷预警设置',
    'settings.mediation_routes.update': '修改行政调解期限',
    'campaign.create': '部署矛盾纠纷排查',
    'campaign.close': '结束矛盾纠纷排查',
    'campaign.entry.create': '登记排查发现的纠纷',
    'campaign.entry.update': '修改排查发现的纠纷',
    'campaign.entry.delete': '删除排查发现的纠纷',
    'campaign.entry.dismiss': '排查纠纷不予转案',
    'campaign.return.submit': '村（社区）排查上报',
    'campaign.return.reopen': '撤回排查上报',
    'campaign.import': '导入排查登记表',
    'campaign.convert': '排查纠纷转为调解案件',
  },
  auditTargets: { campaign: '矛盾纠纷排查' },
  // For the roles the mediation type lets read (not 执法队, 安监办, 自然资源办), like the routes.
  menu: [
    {
      key: 'campaigns',
      label: '矛盾纠纷排查',
      path: '/mediation/campaigns',
      group: '矛调中心',
      needs: ['case:read'],
      caseTypes: ['mediation'],
    },
    {
      key: 'mediation-stats',
      label: '调解统计',
      path: '/mediation/stats',
      group: '矛调中心',
      needs: ['case:read'],
      caseTypes: ['mediation'],
    },
  ],
  reportSections: [
    {
      key: 'measures.mediation',
      title: '坚持和发展新时代“枫桥经验”，化解矛盾纠纷',
      order: 20,
      office: ['矛调中心', '综治中心'],
    },
  ],
  demo: {
    // Imported when the demo runs, so a server that does not seed never reads the simulation.
    async year(core, own, ctx) {
      const { seedMediationDemo } = await import('./demo.ts');
      const { seedCampaignDemo } = await import('./campaigns/demo.ts');
      const started = Date.now();
      const m = await seedMediationDemo(core, {
        count: ctx.mediationCases ?? 120,
        year: ctx.year,
        seed: ctx.year,
        until: ctx.until,
        ...(ctx.progress ? { onProgress: ctx.progress } : {}),
      });
      const lines = [`矛盾纠纷调解 ${m.cases} 件、文书 ${m.documents} 份（${seconds(started)} 秒）`];
      const tc = Date.now();
      const camp = await seedCampaignDemo(core, own.campaigns, ctx.year);
      lines.push(`矛盾纠纷排查 ${camp.campaigns} 次、发现纠纷 ${camp.found} 件（${seconds(tc)} 秒）`);
      return lines;
    },
    async present(_core, _own, ctx) {
      const { planMediationPresent } = await import('./demo-present.ts');
      planMediationPresent(ctx.kit);
      return [];
    },
  },
});

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

/** The module's own services in a composed installation (tests and the demo reach them here). */
export function mediationServicesOf(services: Pick<Services, 'own'>): MediationServices {
  const own = services.own.get(mediationModule.key);
  if (!own) throw new Error('the mediation module is not installed');
  return own as MediationServices;
}
