/**
 * The official calendar of one town: the domain calendar plus the local overrides that
 * apply to it (its own and installation-wide ones). Rebuilt when an override changes.
 */
import {
  AppError,
  type Calendar,
  type CalendarOverride,
  type CalendarOverrideView,
  createCalendar,
} from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type Auditor, appendAudit } from './audit.ts';

/**
 * The overrides that apply to a town (null: the installation-wide ones alone), one per day: a
 * town's own entry wins over an installation-wide one. For CalendarStore.forTown and for the case
 * types whose guards count working days on the town's calendar (their context hooks).
 */
export async function townCalendarOverrides(db: Kysely<DB>, townId: number | null): Promise<CalendarOverride[]> {
  let q = db.selectFrom('calendar_overrides').select(['day', 'workday', 'reason']);
  q =
    townId == null
      ? q.where('town_id', 'is', null)
      : q.where((eb) => eb.or([eb('town_id', 'is', null), eb('town_id', '=', townId)]));
  const rows = await q.orderBy('town_id', 'desc').execute();
  const byDay = new Map<string, CalendarOverride>();
  for (const r of rows) if (!byDay.has(r.day)) byDay.set(r.day, { date: r.day, workday: r.workday, reason: r.reason });
  return [...byDay.values()];
}

export class CalendarStore {
  private cache = new Map<number, { at: number; calendar: Calendar }>();

  constructor(private readonly db: Kysely<DB>) {}

  /**
   * `db` must be the open transaction when called inside one: the embedded database has a
   * single connection, so a query on the pool from inside a transaction waits forever.
   */
  async forTown(townId: number | null, db: Kysely<DB> = this.db): Promise<Calendar> {
    const key = townId ?? 0;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < 5000) return hit.calendar;
    const calendar = createCalendar({ overrides: await townCalendarOverrides(db, townId) });
    this.cache.set(key, { at: Date.now(), calendar });
    return calendar;
  }

  /** The adjustments a town's staff see: installation-wide ones and the town's own, by day. */
  async overrides(townId: number | null): Promise<CalendarOverrideView[]> {
    const rows = await this.db
      .selectFrom('calendar_overrides')
      .select(['id', 'town_id', 'day', 'workday', 'reason', 'created_at'])
      .where((eb) => eb.or([eb('town_id', 'is', null), ...(townId ? [eb('town_id', '=', townId)] : [])]))
      .orderBy('day')
      .execute();
    return rows.map((r) => ({ id: r.id, townId: r.town_id, date: r.day, workday: r.workday, reason: r.reason }));
  }

  /** Adds an adjustment of the town (null: installation-wide); 409 when its day already has one. */
  async addOverride(
    townId: number | null,
    userId: number,
    b: CalendarOverride,
    audit: Auditor,
  ): Promise<CalendarOverrideView> {
    const id = await this.db.transaction().execute(async (trx) => {
      const dup = await trx
        .selectFrom('calendar_overrides')
        .select('id')
        .where('day', '=', b.date)
        .where((eb) => (townId ? eb('town_id', '=', townId) : eb('town_id', 'is', null)))
        .executeTakeFirst();
      if (dup)
        throw new AppError('CONFLICT', `${b.date} 已有调整记录，请先删除`, {
          fields: [{ path: 'date', message: '该日期已有调整' }],
        });
      const row = await trx
        .insertInto('calendar_overrides')
        .values({ town_id: townId, day: b.date, workday: b.workday, reason: b.reason, created_by: userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, audit('calendar.override.create', `calendar:${b.date}`, b));
      return row.id;
    });
    this.invalidate();
    return { id, townId, ...b };
  }

  /** Deletes one of the town's adjustments (null: an installation-wide one); 404 otherwise. */
  async deleteOverride(townId: number | null, id: number, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('calendar_overrides')
        .select(['id', 'day'])
        .where('id', '=', id)
        .where((eb) => (townId ? eb('town_id', '=', townId) : eb('town_id', 'is', null)))
        .executeTakeFirst();
      if (!row) throw AppError.notFound('调整记录');
      await trx.deleteFrom('calendar_overrides').where('id', '=', row.id).execute();
      await appendAudit(trx, audit('calendar.override.delete', `calendar:${row.day}`));
    });
    this.invalidate();
  }

  invalidate(): void {
    this.cache.clear();
  }
}
