/**
 * The checklists and the annual plan over HTTP (domain/api/safety-plans.ts is the contract).
 * Reads need case:read and a reader role over the town, writes case:write and the 安监办 role
 * (./access.ts); a record of a town out of reach is a 404.
 */
import {
  ChecklistCreateBodySchema,
  ChecklistDefaultsResultSchema,
  ChecklistListSchema,
  ChecklistUpdateBodySchema,
  ChecklistViewSchema,
  PlanEntryCreateBodySchema,
  PlanEntryParamsSchema,
  PlanEntryViewSchema,
  PlanGenerateResultSchema,
  PlanProgressSchema,
  PlanViewSchema,
  PlanYearParamsSchema,
  SafetyTownQuerySchema,
} from '@fazhi/domain/api/safety-plans';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditorOf } from '../../../http/context.ts';
import { safetyAccess } from './access.ts';
import type { ChecklistService } from './checklists.ts';
import type { PlanService } from './plan.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});
const TAGS = ['安全生产'];
const TownRef = z.object({ id: z.string(), name: z.string() });

export async function planRoutes(
  fastify: FastifyInstance,
  { checklists, plans }: { checklists: ChecklistService; plans: PlanService },
) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const access = (req: FastifyRequest) => safetyAccess(services.database.db, req.auth);

  // ── checklists ────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/safety/checklists',
    {
      schema: {
        tags: TAGS,
        summary: '检查表',
        querystring: SafetyTownQuerySchema,
        response: { 200: ChecklistListSchema },
      },
    },
    async (request) => checklists.list(await access(request), request.query.townId),
  );

  app.post(
    '/api/safety/checklists',
    {
      schema: {
        tags: TAGS,
        summary: '新增检查表',
        body: ChecklistCreateBodySchema,
        response: { 200: ChecklistViewSchema },
      },
    },
    async (request) => {
      const now = services.now();
      return checklists.create(await access(request), request.body, now, auditorOf(request, now));
    },
  );

  app.post(
    '/api/safety/checklists/defaults',
    {
      schema: {
        tags: TAGS,
        summary: '安装各行业默认检查表（已有同名的不覆盖）',
        querystring: SafetyTownQuerySchema,
        response: { 200: ChecklistDefaultsResultSchema },
      },
    },
    async (request) => {
      const now = services.now();
      return checklists.installDefaults(await access(request), request.query.townId, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/safety/checklists/:id',
    { schema: { tags: TAGS, summary: '检查表详情', params: IdParams, response: { 200: ChecklistViewSchema } } },
    async (request) => checklists.get(await access(request), request.params.id),
  );

  app.put(
    '/api/safety/checklists/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改、停用或恢复检查表',
        params: IdParams,
        body: ChecklistUpdateBodySchema,
        response: { 200: ChecklistViewSchema },
      },
    },
    async (request) => {
      const now = services.now();
      return checklists.update(await access(request), request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  // ── plan ──────────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/safety/plans/:year',
    {
      schema: {
        tags: TAGS,
        summary: '年度监督检查计划（含完成情况）',
        params: PlanYearParamsSchema,
        querystring: SafetyTownQuerySchema,
        response: { 200: PlanViewSchema },
      },
    },
    async (request) => plans.view(await access(request), request.params.year, request.query.townId, services.now()),
  );

  app.get(
    '/api/safety/plans/:year/progress',
    {
      schema: {
        tags: TAGS,
        summary: '检查计划进度（按月、按检查类型）',
        params: PlanYearParamsSchema,
        querystring: SafetyTownQuerySchema,
        response: {
          200: z.object({ town: TownRef, year: z.number(), today: z.string(), progress: PlanProgressSchema }),
        },
      },
    },
    async (request) => plans.progress(await access(request), request.params.year, request.query.townId, services.now()),
  );

  app.post(
    '/api/safety/plans/:year/generate',
    {
      schema: {
        tags: TAGS,
        summary: '按风险等级生成年度检查计划（保留已完成和手工添加的条目）',
        params: PlanYearParamsSchema,
        querystring: SafetyTownQuerySchema,
        response: { 200: PlanGenerateResultSchema },
      },
    },
    async (request) => {
      const now = services.now();
      return plans.generate(
        await access(request),
        request.params.year,
        request.query.townId,
        now,
        auditorOf(request, now),
      );
    },
  );

  app.post(
    '/api/safety/plans/:year/entries',
    {
      schema: {
        tags: TAGS,
        summary: '添加计划条目',
        params: PlanYearParamsSchema,
        body: PlanEntryCreateBodySchema,
        response: { 200: PlanEntryViewSchema },
      },
    },
    async (request) => {
      const now = services.now();
      return plans.addEntry(await access(request), request.params.year, request.body, now, auditorOf(request, now));
    },
  );

  app.delete(
    '/api/safety/plans/:year/entries/:id',
    {
      schema: {
        tags: TAGS,
        summary: '删除未完成的计划条目',
        params: PlanEntryParamsSchema,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const now = services.now();
      await plans.removeEntry(
        await access(request),
        request.params.year,
        Number(request.params.id),
        auditorOf(request, now),
      );
      return { ok: true as const };
    },
  );
}
