/**
 * The clerk's deadline calculator (期限计算器) and the local calendar adjustments.
 * Every signed-in user may compute a deadline on their town's calendar; adjustments
 * need calendar:manage. The contract is domain/src/api/calendar.ts.
 */
import {
  addPeriod,
  CalendarOverrideBodySchema,
  CalendarOverrideIdParamsSchema,
  CalendarOverrideListSchema,
  CalendarOverrideViewSchema,
  DeadlineQuerySchema,
  DeadlineResultSchema,
} from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditorOf } from '../http/context.ts';
import { requireAuth, requirePermission } from '../platform/context.ts';

export async function calendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;

  app.get(
    '/api/calendar/deadline',
    {
      schema: {
        tags: ['工作日历'],
        summary: '期限计算（起算日不计入，期末遇休息日顺延）',
        querystring: DeadlineQuerySchema,
        response: { 200: DeadlineResultSchema },
      },
    },
    async (request) => {
      const auth = requireAuth(request.auth);
      const calendar = await services.calendars.forTown(auth.townId);
      const q = request.query;
      const r =
        q.unit === 'wd'
          ? addPeriod(calendar, { unit: 'wd', from: q.from, length: q.length })
          : addPeriod(calendar, { unit: q.unit, from: q.from, length: q.length, rollRule: q.rollRule });
      return { from: q.from, length: q.length, unit: q.unit, ...r, dueInfo: calendar.dayInfo(r.due) };
    },
  );

  app.get(
    '/api/calendar/overrides',
    { schema: { tags: ['工作日历'], summary: '本地工作日历调整', response: { 200: CalendarOverrideListSchema } } },
    async (request) => {
      const auth = requireAuth(request.auth);
      requirePermission(request.auth, 'calendar:manage');
      return services.calendars.overrides(auth.townId);
    },
  );

  app.post(
    '/api/calendar/overrides',
    {
      schema: {
        tags: ['工作日历'],
        summary: '新增本地调整',
        body: CalendarOverrideBodySchema,
        response: { 201: CalendarOverrideViewSchema },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request.auth);
      requirePermission(request.auth, 'calendar:manage');
      const audit = auditorOf(request, services.now());
      return reply
        .status(201)
        .send(await services.calendars.addOverride(auth.townId, auth.userId, request.body, audit));
    },
  );

  app.delete(
    '/api/calendar/overrides/:id',
    { schema: { tags: ['工作日历'], summary: '删除本地调整', params: CalendarOverrideIdParamsSchema } },
    async (request, reply) => {
      const auth = requireAuth(request.auth);
      requirePermission(request.auth, 'calendar:manage');
      await services.calendars.deleteOverride(auth.townId, request.params.id, auditorOf(request, services.now()));
      return reply.status(204).send();
    },
  );
}
