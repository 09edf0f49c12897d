/**
 * 行政复议 and 行政诉讼 against a town's decision, as the rules on enforcing it see them.
 * Pure: the server loads the challenges of a case (server/src/cases/challenges.ts
 * `loadChallenges`) and a case type's context hook hands them to its guards.
 *
 * When may a decision served on `servedOn` be enforced (行政强制法 art 44: forced demolition
 * only once the party has, within the statutory periods, neither applied for 复议 nor sued)?
 *
 * - Never while a challenge is pending, nor once one revoked it (撤销), confirmed it unlawful
 *   (确认违法) or changed it (变更: what stands is the changed decision, which someone must
 *   read before anything is enforced), nor when a result was recorded as 其他 (nobody can say
 *   from the record whether the decision stands).
 * - With no challenge: once both periods have ended unused: 复议 60 days (行政复议法 2023
 *   art 20) and 诉讼 6 months (行政诉讼法 art 46), counted from the day after service, the
 *   6 months ending on the matching day (民法典 art 202), each rolled off rest days (art 203).
 * - After a litigation closed leaving the decision standing (维持, 驳回, 撤诉): nothing is left
 *   to run. A suit once filed shuts the 复议 route (行政复议法 art 29 ¶2), and a withdrawn suit
 *   cannot be brought again on the same facts (最高法行诉解释 2018 art 60, not in the laws
 *   folder). A final judgment is what gets recorded here; an appeal is the same litigation.
 * - After a 复议 decided leaving the decision standing (维持, 驳回): the party may still sue
 *   within 15 days of receiving the 复议决定书 (行政诉讼法 art 45). The challenge's closing date
 *   is read as that day of service, so enforcement waits 15 days (rolled) after it.
 * - After a 复议 withdrawn (撤回): the 复议 route is spent (行政复议法 art 74 ¶2: no new
 *   application on the same facts and grounds), but no 复议决定 was made, so art 45's 15 days
 *   do not start; the direct route of art 46 is still open: a party who withdrew may sue
 *   within the original 6 months (最高法行诉解释 2018 art 58, not in the laws folder). So
 *   a withdrawn 复议 does not end the wait: the 6 months from service still have to run out.
 */

import type { Calendar } from '../calendar/calendar.ts';
import { createCalendar } from '../calendar/calendar.ts';
import { type IsoDate, isIsoDate } from '../calendar/dates.ts';
import { addPeriod } from '../calendar/period.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { Now } from '../engine/types.ts';

export const CHALLENGE_KINDS = ['reconsideration', 'litigation'] as const;
export type ChallengeKind = (typeof CHALLENGE_KINDS)[number];
export const CHALLENGE_KIND_LABELS: Readonly<Record<ChallengeKind, string>> = {
  reconsideration: '行政复议',
  litigation: '行政诉讼',
};

export const CHALLENGE_RESULTS = [
  'upheld',
  'changed',
  'revoked',
  'unlawful',
  'withdrawn',
  'dismissed',
  'other',
] as const;
export type ChallengeResult = (typeof CHALLENGE_RESULTS)[number];
export const CHALLENGE_RESULT_LABELS: Readonly<Record<ChallengeResult, string>> = {
  upheld: '维持',
  changed: '变更',
  revoked: '撤销',
  unlawful: '确认违法',
  withdrawn: '撤回（撤诉）',
  dismissed: '驳回',
  other: '其他',
};

/** Results that correct the town's act: 纠错 (复议) and 败诉 (诉讼) in the report's figures. */
export const CORRECTING_RESULTS: readonly ChallengeResult[] = ['changed', 'revoked', 'unlawful'];
/** Results after which the decision stands as made. */
export const STANDING_RESULTS: readonly ChallengeResult[] = ['upheld', 'dismissed', 'withdrawn'];

/** 行政复议法 2023 art 20: 60 days from knowing of the act. */
export const RECONSIDERATION_DAYS = 60;
/** 行政诉讼法 art 46: 6 months from knowing of the act. */
export const LITIGATION_MONTHS = 6;
/** 行政诉讼法 art 45: 15 days from receiving the 复议决定书. */
export const LITIGATION_AFTER_RECONSIDERATION_DAYS = 15;

/**
 * One challenge as the rules and a case type's guards see it (`loadChallenges`). A case
 * module's `context` hook puts `{ pending, closed }` (CaseChallenges) under a key of its
 * choosing, e.g. `c.context.challenges`.
 */
export interface ChallengeFact {
  id: number;
  kind: ChallengeKind;
  /** 'YYYY-MM-DD': the body received the application or the complaint. */
  receivedOn: IsoDate;
  /** 复议机关 or the court. */
  body: string;
  /** null while pending. */
  result: ChallengeResult | null;
  /** 'YYYY-MM-DD', null while pending: the 复议决定书 / 裁判文书 was served (read as art 45's start). */
  closedOn: IsoDate | null;
}

export interface CaseChallenges {
  /** No result yet, oldest first. */
  pending: ChallengeFact[];
  /** With a result, oldest first. */
  closed: ChallengeFact[];
}

export interface ChallengePeriodsStatus {
  /** Why the decision may not be enforced today (Chinese, citing the article), or null. */
  problem: string | null;
  /** The last day of the period still running, when that is what blocks. */
  runsUntil: IsoDate | null;
}

/** The official calendar (State Council notices, statutory fallback) when the caller has no town's. */
const OFFICIAL_CALENDAR = createCalendar();

const NAMES = { reconsideration: '行政复议', litigation: '行政诉讼' } as const;

/**
 * Whether the decision served on `servedOn` may be enforced on `now` as far as 复议 and 诉讼
 * go (see the file's comment for each rule and the withdrawn case).
 */
export function challengeStatus(
  servedOn: IsoDate,
  registered: readonly ChallengeFact[] | CaseChallenges,
  now: Now,
  calendar: Calendar = OFFICIAL_CALENDAR,
): ChallengePeriodsStatus {
  const challenges = 'pending' in registered ? [...registered.pending, ...registered.closed] : registered;
  const blocked = (problem: string): ChallengePeriodsStatus => ({ problem, runsUntil: null });
  for (const c of challenges) {
    const what = `${NAMES[c.kind]}（${c.body}）`;
    if (c.result === 'revoked') return blocked(`${what}已撤销该决定，不得执行`);
    if (c.result === 'unlawful') return blocked(`${what}已确认该决定违法，不得执行`);
  }
  for (const c of challenges) {
    const what = `${NAMES[c.kind]}（${c.body}）`;
    if (c.result === null) return blocked(`${what}尚未审结，不得执行（行政强制法第四十四条）`);
    if (c.result === 'changed') return blocked(`${what}已变更该决定，应按变更后的决定办理，不得执行原决定`);
    if (c.result === 'other') return blocked(`${what}的结果为「其他」，无法判断原决定是否仍可执行，请更正结果`);
  }
  // A day ('YYYY-MM-DD': the day an act is recorded for) or an instant (read in Asia/Shanghai).
  const today = typeof now === 'string' && isIsoDate(now) ? now : shanghaiDate(now);
  const running = (due: string, problem: string): ChallengePeriodsStatus =>
    today <= due ? { problem, runsUntil: due } : { problem: null, runsUntil: null };

  // A suit closed leaving the decision standing ends both routes.
  if (challenges.some((c) => c.kind === 'litigation')) return { problem: null, runsUntil: null };

  const decided = challenges
    .filter((c) => c.kind === 'reconsideration' && c.result !== 'withdrawn' && c.closedOn !== null)
    .map((c) => c.closedOn as string)
    .sort();
  const lastDecided = decided.at(-1);
  if (lastDecided !== undefined) {
    const due = addPeriod(calendar, {
      unit: 'd',
      from: lastDecided,
      length: LITIGATION_AFTER_RECONSIDERATION_DAYS,
    }).due;
    return running(
      due,
      `行政复议决定送达后${LITIGATION_AFTER_RECONSIDERATION_DAYS}日内可以提起行政诉讼（行政诉讼法第四十五条），起诉期限至${due}届满，届满前不得执行`,
    );
  }

  const litigationDue = addPeriod(calendar, { unit: 'month', from: servedOn, length: LITIGATION_MONTHS }).due;
  if (challenges.length > 0) {
    // Only withdrawn 复议 remain: art 46's six months still run (see the file's comment).
    return running(
      litigationDue,
      `行政复议已撤回，但当事人仍可在${LITIGATION_MONTHS}个月起诉期限内提起行政诉讼（行政诉讼法第四十六条），期限至${litigationDue}届满，届满前不得执行`,
    );
  }
  const reconsiderationDue = addPeriod(calendar, { unit: 'd', from: servedOn, length: RECONSIDERATION_DAYS }).due;
  if (today <= reconsiderationDue) {
    return {
      problem: `行政复议申请期限（行政复议法第二十条，${RECONSIDERATION_DAYS}日）至${reconsiderationDue}届满、行政诉讼起诉期限（行政诉讼法第四十六条，${LITIGATION_MONTHS}个月）至${litigationDue}届满，届满前不得执行（行政强制法第四十四条）`,
      runsUntil: litigationDue,
    };
  }
  return running(
    litigationDue,
    `行政诉讼起诉期限（行政诉讼法第四十六条，${LITIGATION_MONTHS}个月）至${litigationDue}届满，届满前不得执行（行政强制法第四十四条）`,
  );
}

/**
 * The reason `challengeStatus` gives, or null when the decision may be enforced on `now`.
 * `challenges`: as `loadChallenges` gives them to a context hook, or a plain list.
 */
export function challengePeriodsProblem(
  servedOn: IsoDate,
  challenges: readonly ChallengeFact[] | CaseChallenges,
  now: Now,
  calendar: Calendar = OFFICIAL_CALENDAR,
): string | null {
  return challengeStatus(servedOn, challenges, now, calendar).problem;
}
