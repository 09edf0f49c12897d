/**
 * The normative area of 依法决策 (issue 16): the `normative` case type (domain cases/normative.ts)
 * with its documents, the register of documents in force and its public page, the county's
 * filing period, and the `review.normative_*` figures. Merged by ../index.ts.
 */
import type { CoreServices } from '../../../core/module.ts';
import { DECISIONS_MENU_GROUP, definePart } from '../part.ts';
import { normativeCaseType } from './case-type.ts';
import { normativeFacts } from './facts.ts';
import { normativeRoutes } from './routes.ts';
import { NormativeService } from './service.ts';

export const normativePart = definePart<NormativeService>({
  key: 'normative',
  caseTypes: [normativeCaseType],
  facts: [normativeFacts],
  services: (core: CoreServices) => new NormativeService({ db: core.database.db }),
  routes: (app, own) => normativeRoutes(app, own),
  auditActions: { 'normative.filing_days.update': '设置规范性文件报备期限' },
  auditTargets: { 'normative-filing': '县规范性文件报备期限' },
  menu: [
    {
      key: 'decisions-normative-cases',
      label: '规范性文件办理',
      path: '/cases?type=normative',
      group: DECISIONS_MENU_GROUP,
      needs: ['case:read'],
      caseTypes: ['normative'],
    },
    {
      key: 'decisions-normative-register',
      label: '规范性文件登记簿',
      path: '/decisions/normative',
      group: DECISIONS_MENU_GROUP,
      needs: ['case:read'],
      caseTypes: ['normative'],
    },
  ],
  demo: {
    async year(core, own, ctx) {
      const { seedNormativeYear } = await import('./demo.ts');
      return seedNormativeYear(core, own, ctx);
    },
    // One document filed with the county, on the 备案审查 user's inbox with its clock running.
    async present(core, _own, ctx) {
      const { seedNormativePresent } = await import('./demo.ts');
      return seedNormativePresent(core, ctx);
    },
  },
});
