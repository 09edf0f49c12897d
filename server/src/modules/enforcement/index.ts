/**
 * The enforcement module (行政执法, issue 14): the town's register of officers and their 执法证
 * and its powers list (./registry), and the public 公示 pages (./publicity, 行政处罚法 arts 39
 * and 48), the penalty case type (./penalty) and the figures of 复议 and 诉讼 against the
 * town's decisions (./facts/challenges.ts); the penalties' figures (./facts/penalties.ts) and
 * the report's 执法 sub-section.
 */
import { ENFORCEMENT_READER_ROLES } from '@fazhi/domain/api/enforcement';
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { challengesFacts } from './facts/challenges.ts';
import { penaltiesFacts } from './facts/penalties.ts';
import { penaltyCaseType } from './penalty/case-type.ts';
import { publicityRoutes } from './publicity/routes.ts';
import { PublicityService } from './publicity/service.ts';
import { registerRoutes } from './registry/routes.ts';
import { RegisterService } from './registry/service.ts';

export interface EnforcementServices {
  register: RegisterService;
  publicity: PublicityService;
}

const services = (core: CoreServices): EnforcementServices => ({
  register: new RegisterService({ db: core.database.db }),
  publicity: new PublicityService({ db: core.database.db }),
});

export const enforcementModule = defineModule<EnforcementServices>({
  key: 'enforcement',
  label: '行政执法',
  caseTypes: [penaltyCaseType],
  facts: [penaltiesFacts, challengesFacts],
  services,
  async routes(app: FastifyInstance, own) {
    await app.register(registerRoutes, own);
    await app.register(publicityRoutes, own);
  },
  auditActions: {
    'enforcement.officer.create': '登记执法人员',
    'enforcement.officer.update': '修改执法人员信息',
    'enforcement.officer.deactivate': '注销执法人员',
    'enforcement.officer.reactivate': '恢复执法人员',
    'enforcement.power.create': '新增权责清单事项',
    'enforcement.power.update': '修改权责清单事项',
    'enforcement.power.deactivate': '停用权责清单事项',
    'enforcement.power.reactivate': '恢复权责清单事项',
  },
  auditTargets: { 'enforcement-officer': '执法人员', 'enforcement-power': '权责事项' },
  // The register is the town's, not one case type's: open to the roles that read it
  // (ENFORCEMENT_READER_ROLES), like its routes (registry/access.ts).
  menu: [
    {
      key: 'enforcement-officers',
      label: '执法人员',
      path: '/enforcement/officers',
      group: '行政执法',
      needs: ['case:read'],
      roles: ENFORCEMENT_READER_ROLES,
    },
    {
      key: 'enforcement-powers',
      label: '权责清单',
      path: '/enforcement/powers',
      group: '行政执法',
      needs: ['case:read'],
      roles: ENFORCEMENT_READER_ROLES,
    },
  ],
  reportSections: [{ key: 'measures.enforcement', title: '严格规范公正文明执法', order: 40, office: ['执法'] }],
  demo: {
    // Imported when the demo runs. The register first: the year's penalties need its officers.
    async year(core, _own, ctx) {
      const { seedRegisterDemo } = await import('./registry/demo.ts');
      const lines = await seedRegisterDemo(core.database.db, ctx.now);
      const { seedPenaltyDemo } = await import('./penalty/demo.ts');
      const r = await seedPenaltyDemo(core, { year: ctx.year, until: ctx.until });
      return [
        ...lines,
        `行政处罚 ${r.caseIds.length} 件（简易程序3件；普通程序含听证、集体讨论、不予处罚、移送各一件，一件经行政复议维持）`,
      ];
    },
  },
});

/** The module's own services in a composed installation (tests reach them here). */
export function enforcementServicesOf(services: Pick<Services, 'own'>): EnforcementServices {
  const own = services.own.get(enforcementModule.key);
  if (!own) throw new Error('the enforcement module is not installed');
  return own as EnforcementServices;
}
