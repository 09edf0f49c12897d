/**
 * What the 矛调中心 needs beyond the generic case API: the duplicate hint the clerk sees while
 * registering a dispute, and the year's statistics. Both read through `caseAccess` and
 * `visibleCase`, so they never reveal a case the user could not open.
 */
import {
  AppError,
  DuplicateQuerySchema,
  DuplicateResponseSchema,
  inScope,
  MediationStatsQuerySchema,
  MediationStatsSchema,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type CaseAccess, caseAccess, requireTypeAccess } from '../../cases/access.ts';
import { townInfo } from '../../cases/repository.ts';
import { sendXlsx, statsTables, statsWorkbook } from '../../http/stats-xlsx.ts';
import { requirePermission } from '../../platform/context.ts';
import { findDuplicates } from './duplicates.ts';
import { unitById } from './repository.ts';
import { mediationRiskSettingsRoutes } from './risk-settings.ts';
import { mediationRouteSettingsRoutes } from './route-settings.ts';
import { mediationStats } from './stats.ts';

export async function mediationRoutes(fastify: FastifyInstance) {
  await mediationRiskSettingsRoutes(fastify);
  await mediationRouteSettingsRoutes(fastify);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  // The module's data is its case type's material: refused (403) to a role the type does not admit.
  const read = requireTypeAccess('mediation', 'read');
  const reader = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'case:read');
    return caseAccess(db(), req.auth, services.registry);
  };
  /** A unit named in the query must be one the user may read; otherwise it does not exist for them. */
  const unitInScope = async (access: CaseAccess, raw: string | undefined) => {
    if (!raw) return undefined;
    const unit = await unitById(db(), Number(raw));
    const townOk = unit && access.townIds.includes(unit.town_id ?? unit.id);
    if (!unit || !townOk || !inScope(access.read, { unitId: unit.id, unitPath: unit.path }, access.auth.userId)) {
      throw AppError.notFound('单位');
    }
    return unit;
  };

  app.get(
    '/api/mediation/duplicates',
    {
      preHandler: read,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '登记时的疑似重复提示（同一当事人、同村同类纠纷）',
        querystring: DuplicateQuerySchema,
        response: { 200: DuplicateResponseSchema },
      },
    },
    async (request) => {
      const access = await reader(request);
      await unitInScope(access, request.query.unitId);
      return findDuplicates(db(), services.cipher, services.cases, access, request.query, services.now());
    },
  );

  app.get(
    '/api/stats/mediation',
    {
      preHandler: read,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '矛盾纠纷调解年度统计（按数据范围）',
        querystring: MediationStatsQuerySchema,
        response: { 200: MediationStatsSchema },
      },
    },
    async (request) => {
      const access = await reader(request);
      const unit = await unitInScope(access, request.query.unitId);
      return mediationStats(db(), access, { year: request.query.year, unit }, services.now());
    },
  );

  app.get(
    '/api/stats/mediation/export.xlsx',
    {
      preHandler: read,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '导出矛盾纠纷调解年度统计（.xlsx，与统计页相同的范围与数字）',
        querystring: MediationStatsQuerySchema,
      },
    },
    async (request, reply) => {
      const access = await reader(request);
      const unit = await unitInScope(access, request.query.unitId);
      const s = await mediationStats(db(), access, { year: request.query.year, unit }, services.now());
      const town = access.townIds.length === 1 ? (await townInfo(db(), access.townIds[0]!)).name : '';
      const scope = `${town}${unit && unit.name !== town ? unit.name : ''}`;
      const buffer = await statsWorkbook({
        title: `${scope}${s.year}年度矛盾纠纷调解统计`,
        note: `统计对象：${s.year}年登记的纠纷（按案号年度），统计其截至${s.asOf}的办理结果。`,
        sheet: '矛盾纠纷调解统计',
        tables: statsTables(MediationStatsSchema, s),
      });
      return sendXlsx(reply, `${scope}${s.year}年度矛盾纠纷调解统计.xlsx`, buffer);
    },
  );
}
