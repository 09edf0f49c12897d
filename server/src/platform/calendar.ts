/**
 * The official calendar of one town: the domain calendar plus the local overrides that
 * apply to it (its own and installation-wide ones). Rebuilt when an override changes.
 */
import { type Calendar, createCalendar } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

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
    let q = db.selectFrom('calendar_overrides').select(['day', 'workday', 'reason']);
    q =
      townId == null
        ? q.where('town_id', 'is', null)
        : q.where((eb) => eb.or([eb('town_id', 'is', null), eb('town_id', '=', townId)]));
    const rows = await q.orderBy('town_id', 'desc').execute();
    // A town's own entry wins over an installation-wide one for the same day.
    const byDay = new Map<string, { date: string; workday: boolean; reason: string }>();
    for (const r of rows)
      if (!byDay.has(r.day)) byDay.set(r.day, { date: r.day, workday: r.workday, reason: r.reason });
    const calendar = createCalendar({ overrides: [...byDay.values()] });
    this.cache.set(key, { at: Date.now(), calendar });
    return calendar;
  }

  invalidate(): void {
    this.cache.clear();
  }
}
