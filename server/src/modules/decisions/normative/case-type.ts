import type { NormativeContext } from '@fazhi/domain/cases/normative';
import { normative } from '@fazhi/domain/cases/normative';
import { DEFAULT_FILING_DAYS } from '@fazhi/domain/decisions/normative';
import type { Kysely } from 'kysely';
import type { CaseModule } from '../../../cases/registry.ts';
import type { DB } from '../../../db/schema.ts';
import { townCalendarOverrides } from '../../../platform/calendar.ts';
import { meetingItemsForCase } from '../meetings/gate.ts';
import { NORMATIVE_TEMPLATES } from './templates.ts';

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
      townCalendarOverrides(db, c.townId),
      meetingItemsForCase(db, c.townId, c.id),
      filingDaysForTown(db, c.townId),
    ]);
    const context: NormativeContext = { calendarOverrides: overrides, meetingItems: items, filingDays };
    return { ...context };
  },
};
