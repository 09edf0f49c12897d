/**
 * The work-safety module (安全生产检查, issue 15; docs/domain.md §6; 安全生产法): the register of
 * production and business units (./units), the checklists and the annual inspection plan
 * (./plans), the inspection records with their photos (./inspections), the `hazard` case type
 * from registration to 销号 or a linked `penalty` case (./hazard), and the figures that replace
 * the hand-entered `safety.*` ones (./facts) with the villages' and industries' ranking (./ranking).
 */

import { shanghaiDate } from '@fazhi/domain';
import { SAFETY_READER_ROLES, SAFETY_WRITER_ROLES } from '@fazhi/domain/api/safety';
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { safetyFacts } from './facts.ts';
import { hazardCaseType } from './hazard/case-type.ts';
import { inspectionRoutes } from './inspections/routes.ts';
import { InspectionService } from './inspections/service.ts';
import { PLAN_READER_ROLES } from './plans/access.ts';
import { ChecklistService } from './plans/checklists.ts';
import { PlanService } from './plans/plan.ts';
import { planRoutes } from './plans/routes.ts';
import { rankingRoutes } from './ranking.ts';
import { unitRoutes } from './units/routes.ts';
import { UnitService } from './units/service.ts';

/** The module's own services. */
export interface SafetyServices {
  units: UnitService;
  checklists: ChecklistService;
  plans: PlanService;
  inspections: InspectionService;
}

const services = (core: CoreServices): SafetyServices => ({
  units: new UnitService({ db: core.database.db, cipher: core.cipher, registry: core.registry }),
  checklists: new ChecklistService({ db: core.database.db }),
  plans: new PlanService({ db: core.database.db }),
  inspections: new InspectionService({
    db: core.database.db,
    cases: core.cases,
    registry: core.registry,
    blobs: core.blobs,
  }),
});

export const safetyModule = defineModule<SafetyServices>({
  key: 'safety',
  label: '安全生产',
  caseTypes: [hazardCaseType],
  facts: [safetyFacts],
  services,
  async routes(app: FastifyInstance, own) {
    await app.register(unitRoutes, own);
    await app.register(planRoutes, own);
    await app.register(inspectionRoutes, own);
    await app.register(rankingRoutes);
  },
  auditActions: {
    'safety.unit.create': '登记生产经营单位',
    'safety.unit.update': '修改生产经营单位',
    'safety.unit.deactivate': '注销生产经营单位',
    'safety.unit.reactivate': '恢复生产经营单位',
    'safety.unit.import': '导入生产经营单位',
    'safety.checklist.create': '新增安全检查表',
    'safety.checklist.update': '修改安全检查表',
    'safety.checklist.deactivate': '停用安全检查表',
    'safety.checklist.reactivate': '恢复安全检查表',
    'safety.checklist.defaults': '安装默认安全检查表',
    'safety.plan.generate': '生成年度监督检查计划',
    'safety.plan.entry.create': '添加检查计划条目',
    'safety.plan.entry.delete': '删除检查计划条目',
    'safety.inspection.create': '登记现场检查记录',
    'safety.photo.upload': '上传现场检查照片',
  },
  auditTargets: {
    'safety-unit': '生产经营单位',
    'safety-checklist': '安全检查表',
    'safety-plan': '年度检查计划',
    'safety-plan-item': '检查计划条目',
    'safety-inspection': '现场检查记录',
    'safety-photo': '现场检查照片',
  },
  // 隐患整改 follows its case type. The register, the inspections, the checklists and the plan are
  // the town's working papers, open to the roles that read them (api/safety.ts; a 村居干部 sees
  // its own village's units and inspections: units/access.ts; the plan is the town's:
  // plans/access.ts).
  menu: [
    {
      key: 'safety-inspection-new',
      label: '现场检查',
      path: '/safety/inspections/new',
      group: '安全生产',
      needs: ['case:write'],
      roles: SAFETY_WRITER_ROLES,
    },
    {
      key: 'safety-inspections',
      label: '检查记录',
      path: '/safety/inspections',
      group: '安全生产',
      needs: ['case:read'],
      roles: SAFETY_READER_ROLES,
    },
    {
      key: 'safety-hazards',
      label: '隐患整改',
      path: '/cases?type=hazard',
      group: '安全生产',
      needs: ['case:read'],
      caseTypes: ['hazard'],
    },
    {
      key: 'safety-units',
      label: '生产经营单位',
      path: '/safety/units',
      group: '安全生产',
      needs: ['case:read'],
      roles: SAFETY_READER_ROLES,
    },
    {
      key: 'safety-checklists',
      label: '检查表',
      path: '/safety/checklists',
      group: '安全生产',
      needs: ['case:read'],
      roles: PLAN_READER_ROLES,
    },
    {
      key: 'safety-plan',
      label: '年度检查计划',
      path: '/safety/plan',
      group: '安全生产',
      needs: ['case:read'],
      roles: PLAN_READER_ROLES,
    },
  ],
  reportSections: [{ key: 'measures.safety', title: '依法履行安全生产监管职责', order: 50, office: ['安监', '应急'] }],
  demo: {
    // Imported when the demo runs. After the enforcement module's: inspections name its officers.
    async year(core, _own, ctx) {
      const { seedSafetyDemo } = await import('./demo.ts');
      // Only the latest year's last hazards are still open: the present carries them on.
      const latest = ctx.year >= Number(shanghaiDate(ctx.now).slice(0, 4)) - 1;
      const r = await seedSafetyDemo(core, { year: ctx.year, until: ctx.until, openAtEnd: latest });
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
