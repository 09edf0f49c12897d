/**
 * The work-safety module (安全生产检查, issue 15; docs/domain.md §6; 安全生产法): the register of
 * production and business units (./units), the checklists and the annual inspection plan
 * (./plans), the inspection records with their photos (./inspections), the `hazard` case type
 * from registration to 销号 or a linked `penalty` case (./hazard), and the figures that replace
 * the hand-entered `safety.*` ones (./facts).
 */
import { SAFETY_READER_ROLES, SAFETY_WRITER_ROLES } from '@fazhi/domain/api/safety';
import type { FastifyInstance } from 'fastify';
import { type CoreServices, defineModule } from '../../core/module.ts';
import type { Services } from '../../core/services.ts';
import { inspectionRoutes } from './inspections/routes.ts';
import { InspectionService } from './inspections/service.ts';

/** The module's own services; each part adds its own. */
export interface SafetyServices {
  inspections: InspectionService;
}

const services = (core: CoreServices): SafetyServices => ({
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
  services,
  async routes(app: FastifyInstance, own) {
    await app.register(inspectionRoutes, own);
  },
  auditActions: {
    'safety.inspection.create': '登记现场检查记录',
    'safety.photo.upload': '上传现场检查照片',
  },
  auditTargets: { 'safety-inspection': '现场检查记录', 'safety-photo': '现场检查照片' },
  // The records are the town's, not one case type's: open to the roles named in api/safety.ts.
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
  ],
});

/** The module's own services in a composed installation (tests reach them here). */
export function safetyServicesOf(services: Pick<Services, 'own'>): SafetyServices {
  const own = services.own.get(safetyModule.key);
  if (!own) throw new Error('the safety module is not installed');
  return own as SafetyServices;
}
