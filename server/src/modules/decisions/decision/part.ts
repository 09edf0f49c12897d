/**
 * The decision area of 依法决策 (issue 16): the `decision` case type, the yearly catalogue
 * (决策事项目录) with its routes, the public page of published decisions, the figures, the
 * report section and the demo year. Merged by ../index.ts.
 */
import { DECISIONS_MENU_GROUP, definePart } from '../part.ts';
import { decisionCaseType } from './case-type.ts';
import { CatalogueService } from './catalogue.ts';
import { decisionFacts } from './facts.ts';
import type { DecisionOwn } from './own.ts';
import { DecisionPublicity } from './public.ts';
import { decisionRoutes } from './routes.ts';

export const decisionPart = definePart<DecisionOwn>({
  key: 'decision',
  caseTypes: [decisionCaseType],
  facts: [decisionFacts],
  services: (core) => ({
    catalogue: new CatalogueService({ db: core.database.db, cases: core.cases }),
    publicity: new DecisionPublicity({ db: core.database.db }),
  }),
  routes: decisionRoutes,
  auditActions: {
    'decision.catalogue.add': '新增决策事项目录事项',
    'decision.catalogue.update': '修改决策事项目录事项',
    'decision.catalogue.approve': '登记党委同意决策事项目录',
    'decision.catalogue.publish': '公布决策事项目录',
    'decision.catalogue.start': '目录事项启动决策程序',
    'decision.catalogue.propose': '目录外提出决策事项',
  },
  auditTargets: { decision_catalogue: '决策事项目录' },
  menu: [
    {
      key: 'decisions-catalogue',
      label: '决策事项目录',
      path: '/decisions/catalogue',
      group: DECISIONS_MENU_GROUP,
      needs: ['case:read'],
      caseTypes: ['decision'],
      typeAccess: 'read',
    },
  ],
  reportSections: [
    { key: 'measures.decisions', title: '坚持依法科学民主决策', order: 20, office: ['党政办', '法治办'] },
  ],
  demo: {
    // Imported when the demo runs. The seed's year gets the full catalogue, a later one a smaller.
    async year(core, own, ctx) {
      const { seedDecisionDemo } = await import('./demo.ts');
      return seedDecisionDemo(core, own, { year: ctx.year, until: ctx.until });
    },
  },
});
