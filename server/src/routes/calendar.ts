/**
 * The clerk's deadline calculator (期限计算器) and the local calendar adjustments.
 * Every signed-in user may compute a deadline on their town's calendar; adjustments
 * need calendar:manage.
 */
import { AppError, addPeriod, CalendarOverrideSchema, isoDateSchema } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditOf } from '../http/context.ts';
import { appendAudit } from '../platform/audit.ts';
import { requireAuth, requirePermission } from '../platform/context.ts';

const DeadlineQuery = z.strictObject({
  from: isoDateSchema('应为 YYYY-MM-DD 格式的日期').describe('起算日期'),
  length: z.coerce.number().int().min(1, '至少为 1').max(3650, '不超过 3650').describe('期间长度'),
  unit: z.enum(['d', 'wd', 'month'], '应为 d（日）、wd（工作日）或 month（月）').describe('期间单位'),
  rollRule: z.enum(['official', 'statutory_only']).optional().describe('顺延规则'),
});

const IdParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647).describe('编号') });

export async function calendarRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;

  app.get(
    '/api/calendar/deadline',
    {
      schema: { tags: ['工作日历'], summary: '期限计算（起算日不计入，期末遇休息日顺延）', querystring: DeadlineQuery },
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
    { schema: { tags: ['工作日历'], summary: '本地工作日历调整' } },
    async (request) => {
      const auth = requireAuth(request.auth);
      requirePermission(request.auth, 'calendar:manage');
      const rows = await db()
        .selectFrom('calendar_overrides')
        .select(['id', 'town_id', 'day', 'workday', 'reason', 'created_at'])
        .where((eb) => eb.or([eb('town_id', 'is', null), ...(auth.townId ? [eb('town_id', '=', auth.townId)] : [])]))
        .orderBy('day')
        .execute();
      return rows.map((r) => ({ id: r.id, townId: r.town_id, date: r.day, workday: r.workday, reason: r.reason }));
    },
  );

  app.post(
    '/api/calendar/overrides',
    { schema: { tags: ['工作日历'], summary: '新增本地调整', body: CalendarOverrideSchema.strict() } },
    async (request, reply) => {
      const auth = requireAuth(request.auth);
      requirePermission(request.auth, 'calendar:manage');
      const now = services.now();
      const b = request.body;
      const id = await db()
        .transaction()
        .execute(async (trx) => {
          const dup = await trx
            .selectFrom('calendar_overrides')
            .select('id')
            .where('day', '=', b.date)
            .where((eb) => (auth.townId ? eb('town_id', '=', auth.townId) : eb('town_id', 'is', null)))
            .executeTakeFirst();
          if (dup)
            throw new AppError('CONFLICT', `${b.date} 已有调整记录，请先删除`, {
              fields: [{ path: 'date', message: '该日期已有调整' }],
            });
          const row = await trx
            .insertInto('calendar_overrides')
            .values({
              town_id: auth.townId,
              day: b.date,
              workday: b.workday,
              reason: b.reason,
              created_by: auth.userId,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await appendAudit(trx, auditOf(request, now, 'calendar.override.create', `calendar:${b.date}`, 'success', b));
          return row.id;
        });
      services.calendars.invalidate();
      return reply.status(201).send({ id, townId: auth.townId, ...b });
    },
  );

  app.delete(
    '/api/calendar/overrides/:id',
    { schema: { tags: ['工作日历'], summary: '删除本地调整', params: IdParams } },
    async (request, reply) => {
      const auth = requireAuth(request.auth);
      requirePermission(request.auth, 'calendar:manage');
      const now = services.now();
      await db()
        .transaction()
        .execute(async (trx) => {
          const row = await trx
            .selectFrom('calendar_overrides')
            .select(['id', 'day'])
            .where('id', '=', request.params.id)
            .where((eb) => (auth.townId ? eb('town_id', '=', auth.townId) : eb('town_id', 'is', null)))
            .executeTakeFirst();
          if (!row) throw AppError.notFound('调整记录');
          await trx.deleteFrom('calendar_overrides').where('id', '=', row.id).execute();
          await appendAudit(trx, auditOf(request, now, 'calendar.override.delete', `calendar:${row.day}`));
        });
      services.calendars.invalidate();
      return reply.status(204).send();
    },
  );
}
