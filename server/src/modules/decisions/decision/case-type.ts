/**
 * The 重大行政决策 case type (domain cases/decision.ts) with its documents and what its guards
 * read outside the case: the agenda items of meetings that name it (the collective-discussion
 * gate, ../meetings/gate.ts, 条例 art 30) and the town's calendar overrides (the 7 working days
 * of the legality review, art 26, roll off the town's rest days).
 */
import type { CalendarOverride } from '@fazhi/domain';
import { type DecisionContext, decision } from '@fazhi/domain/cases/decision';
import type { Kysely } from 'kysely';
import type { CaseModule } from '../../../cases/registry.ts';
import type { DB } from '../../../db/schema.ts';
import { meetingItemsForCase } from '../meetings/gate.ts';
import { DECISION_TEMPLATES } from './templates.ts';

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

export const decisionCaseType: CaseModule = {
  type: decision,
  templates: DECISION_TEMPLATES,
  async context(db, c): Promise<Record<string, unknown>> {
    const [meetingItems, overrides] = await Promise.all([
      meetingItemsForCase(db, c.townId, c.id),
      calendarOverrides(db, c.townId),
    ]);
    const context: DecisionContext = { meetingItems, calendarOverrides: overrides };
    return { ...context };
  },
};
