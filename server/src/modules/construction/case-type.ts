/**
 * The 违法建设 case type with its documents and the facts outside the case its guards read:
 * the town's officers (行政处罚法 arts 42, 55), the 复议/诉讼 registered against the case
 * (case_challenges, 行政强制法 art 44) and the town's calendar overrides (the periods roll off
 * the town's rest days). Registered by the module's manifest (./index.ts).
 */
import { construction } from '@fazhi/domain';
import { loadChallenges } from '../../cases/challenges.ts';
import { loadOfficers } from '../../cases/officers.ts';
import type { CaseModule } from '../../cases/registry.ts';
import { townCalendarOverrides } from '../../platform/calendar.ts';
import { CONSTRUCTION_TEMPLATES } from './templates.ts';

export const constructionCaseType: CaseModule = {
  type: construction,
  templates: CONSTRUCTION_TEMPLATES,
  context: async (db, c) => {
    const officers = await loadOfficers(db, c.townId);
    const challenges = await loadChallenges(db, c.id);
    return { officers, challenges, calendarOverrides: await townCalendarOverrides(db, c.townId) };
  },
};
