import { type DecisionContext, decision } from '@fazhi/domain/cases/decision';
import type { CaseModule } from '../../../cases/registry.ts';
import { townCalendarOverrides } from '../../../platform/calendar.ts';
import { meetingItemsForCase } from '../meetings/gate.ts';
import { DECISION_TEMPLATES } from './templates.ts';

export const decisionCaseType: CaseModule = {
  type: decision,
  templates: DECISION_TEMPLATES,
  async context(db, c): Promise<Record<string, unknown>> {
    const [meetingItems, overrides] = await Promise.all([
      meetingItemsForCase(db, c.townId, c.id),
      townCalendarOverrides(db, c.townId),
    ]);
    const context: DecisionContext = { meetingItems, calendarOverrides: overrides };
    return { ...context };
  },
};
