/**
 * The 规范性文件 case type (domain cases/normative.ts) with its documents and what its guards
 * read outside the case: the town's calendar overrides (the comment and review periods count
 * working days), the agenda items naming the case (the 集体审议 gate, ../meetings/gate.ts) and
 * the filing period its county set (0025_normative.sql; 15 days when unset).
 */
import type { CalendarOverride } from '@fazhi/domain';
import type { NormativeContext } from '@fazhi/domain/cases/normative';
import { normative } from '@fazhi/domain/cases/normative';
import { DEFAULT_FILING_DAYS } from '@fazhi/domain/decisions/normative';
import type { Kysely } from 'kysely';
import type { CaseModule } from '../../../cases/registry.ts';
import type { DB } from '../../../db/schema.ts';
import { meetingItemsForCase } from '../meetings/gate.ts';
import { NORMATIVE_TEMPLATES } from './templates.ts';

/** As CalendarStore.forTown reads them: the town's own entry wins over an installation-wide one. */
async function calendarOverrides(db: Kysely<DB>, townId: number): Promise<CalendarOverride[]> {
  const rows = await db
    .selectFrom('calendar_overrides')
    .select(['day', 'workday', 'reason'])
    .where((eb) => eb.or([eb('town_id', 'is', null), eb('town_id', '=', townId)]))
    .orderBy('town_id', 'desc')
    .execute();
  const byDay = new Map<string, CalendarOverride>();
  for (const o of rows) if (!byDay.has(o.day)) byDay.set(o.day, { date: o.day, workday: o.workday, reason: o.reason });
  return [...byDay.values()];
}

/** The filing period of the town's county (the town's parent unit of kind county). */
export async function filingDaysForTown(db: Kysely<DB>, townId: number): Promise<number> {
  const row = await db
    .selectFrom('org_units as t')
    .innerJoin('normative_filing_settings as s', 's.county_id', 't.parent_id')
    .select('s.filing_days')
    .where('t.id', '=', townId)
    .executeTakeFirst();
  return row?.filing_days ?? DEFAULT_FILING_DAYS;
}

export const normativeCaseType: CaseModule = {
  type: normative,
  templates: NORMATIVE_TEMPLATES,
  async context(db, c): Promise<Record<string, unknown>> {
    const [overrides, items, filingDays] = await Promise.all([
      calendarOverrides(db, c.townId),
      meetingItemsForCase(db, c.townId, c.id),
      filingDaysForTown(db, c.townId),
    ]);
    const context: NormativeContext = { calendarOverrides: overrides, meetingItems: items, filingDays };
    return { ...context };
  },
};
