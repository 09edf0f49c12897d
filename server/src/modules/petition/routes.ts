/**
 * What petitions need beyond the generic case API: the year's statistics and one
 * petitioner's history across modules. Both read through `visibleCase`, so scope and the
 * confidentiality of accusations hold here as everywhere else.
 */
import {
  AppError,
  PetitionHistorySchema,
  PetitionStatsQuerySchema,
  PetitionStatsSchema,
  shanghaiDate,
} from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseAccess, requireTypeAccess } from '../../cases/access.ts';
import { findVisible, townInfo } from '../../cases/repository.ts';
import { toListItem } from '../../cases/views.ts';
import { sendXlsx, statsTables, statsWorkbook } from '../../http/stats-xlsx.ts';
import { requirePermission } from '../../platform/context.ts';
import { receptionAccess } from './reception-access.ts';
import { receptionRoutes } from './reception-routes.ts';
import type { ReceptionService } from './receptions.ts';
import { casePartiesByIdHash, partiesInRoles, visibleCasesNewestFirst } from './repository.ts';
import { petitionStats } from './stats.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('信访事项编号'),
});

/** The sides a petitioner stands on in a petition: themself, or as a group's representative. */
const PETITIONER_ROLES = ['petitioner', 'representative'];
const HISTORY_LIMIT = 200;

export async function petitionRoutes(fastify: FastifyInstance, own: { receptions: ReceptionService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  // The module's data is its case type's material: refused (403) to a role the type does not admit.
  const read = requireTypeAccess('petition', 'read');
  // 开门接访 and 带案下访 live beside the petitions they feed.
  await receptionRoutes(fastify, own);

  app.get(
    '/api/stats/petitions',
    {
      preHandler: read,
      schema: {
        tags: ['信访'],
        summary: '信访统计（按年度，按数据范围）',
        querystring: PetitionStatsQuerySchema,
        response: { 200: PetitionStatsSchema },
      },
    },
    async (request) => {
      requirePermission(request.auth, 'dashboard:read');
      const access = await receptionAccess(db(), request.auth, services.registry);
      const now = services.now();
      const year = request.query.year ?? Number(shanghaiDate(now).slice(0, 4));
      return petitionStats(db(), access, (t) => services.calendars.forTown(t), year, now);
    },
  );

  app.get(
    '/api/stats/petitions/export.xlsx',
    {
      preHandler: read,
      schema: {
        tags: ['信访'],
        summary: '导出信访年度统计（.xlsx，与统计页相同的范围与数字）',
        querystring: PetitionStatsQuerySchema,
      },
    },
    async (request, reply) => {
      requirePermission(request.auth, 'dashboard:read');
      const access = await receptionAccess(db(), request.auth, services.registry);
      const now = services.now();
      const year = request.query.year ?? Number(shanghaiDate(now).slice(0, 4));
      const s = await petitionStats(db(), access, (t) => services.calendars.forTown(t), year, now);
      const town = access.cases.townIds.length === 1 ? (await townInfo(db(), access.cases.townIds[0]!)).name : '';
      const buffer = await statsWorkbook({
        title: `${town}${s.year}年度信访工作统计`,
        note: `统计截止日期：${s.asOf}。`,
        sheet: '信访工作统计',
        tables: statsTables(PetitionStatsSchema, s),
      });
      return sendXlsx(reply, `${town}${s.year}年度信访工作统计.xlsx`, buffer);
    },
  );

  app.get(
    '/api/petitions/:id/history',
    {
      preHandler: read,
      schema: {
        tags: ['信访'],
        summary: '同一信访人的其他案件（跨调解、信访，按身份证号关联）',
        params: IdParams,
        response: { 200: PetitionHistorySchema },
      },
    },
    async (request) => {
      requirePermission(request.auth, 'case:read');
      const access = await caseAccess(db(), request.auth, services.registry);
      const id = request.params.id;
      const row = await findVisible(db(), access, id);
      if (row?.type !== 'petition') throw AppError.notFound('信访事项');

      const people = await partiesInRoles(db(), id, PETITIONER_ROLES);
      const petitioners = people.map((p) => ({ partyId: String(p.id), name: p.name, idMasked: p.id_masked }));
      // The party index keeps one row per identity and town; across towns (a county view)
      // the same person is the same ID hash. A party without an ID number has no history.
      const hashes = [...new Set(people.map((p) => p.id_hash).filter((h): h is string => !!h))];
      if (hashes.length === 0) return { petitioners, items: [] };

      const matches = await casePartiesByIdHash(db(), hashes, id);
      const caseIds = [...new Set(matches.map((m) => m.case_id))];
      if (caseIds.length === 0) return { petitioners, items: [] };

      const now = services.now();
      const window = await services.cases.dueWindow(access, now);
      const rows = await visibleCasesNewestFirst(db(), access, caseIds, HISTORY_LIMIT);
      return {
        petitioners,
        items: rows.map((r) => {
          const type = services.registry.find(r.type)?.type;
          const roles = matches
            .filter((m) => m.case_id === r.id)
            .map((m) => ({ name: m.name, role: m.role, roleLabel: type?.parties?.roles[m.role] ?? m.role }));
          return { ...toListItem(r, services.registry, window), roles };
        }),
      };
    },
  );
}
