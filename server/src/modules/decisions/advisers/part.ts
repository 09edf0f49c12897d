/**
 * The advisers area of 依法决策 (issue 16): the town's legal advisers and their opinions
 * (./service.ts), the figure `review.adviser_opinions` (./facts.ts), the demo's adviser
 * (./demo.ts). Merged by ../index.ts.
 */
import { ADVISER_READER_ROLES } from '@fazhi/domain/api/decisions-advisers';
import { DECISIONS_MENU_GROUP, definePart } from '../part.ts';
import { adviserFacts } from './facts.ts';
import { adviserRoutes } from './routes.ts';
import { AdviserService } from './service.ts';

export const advisersPart = definePart<AdviserService>({
  key: 'advisers',
  facts: [adviserFacts],
  services: (core) => new AdviserService({ db: core.database.db }),
  routes: (app, own) => adviserRoutes(app, own),
  auditActions: {
    'adviser.create': '登记法律顾问',
    'adviser.update': '修改法律顾问信息',
    'adviser.deactivate': '解聘法律顾问',
    'adviser.reactivate': '恢复聘用法律顾问',
    'adviser.opinion.create': '登记法律意见',
    'adviser.opinion.update': '修改法律意见',
  },
  auditTargets: { adviser: '法律顾问', 'adviser-opinion': '法律意见' },
  // The register is the town's, not one case type's: open to the roles that read it.
  menu: [
    {
      key: 'decisions-advisers',
      label: '法律顾问',
      path: '/decisions/advisers',
      group: DECISIONS_MENU_GROUP,
      needs: ['case:read'],
      roles: ADVISER_READER_ROLES,
    },
    {
      key: 'decisions-adviser-opinions',
      label: '法律意见',
      path: '/decisions/adviser-opinions',
      group: DECISIONS_MENU_GROUP,
      needs: ['case:read'],
      roles: ADVISER_READER_ROLES,
    },
  ],
  demo: {
    async year(core, own, ctx) {
      const { seedAdviserDemo } = await import('./demo.ts');
      return seedAdviserDemo(core, own, ctx);
    },
  },
});
