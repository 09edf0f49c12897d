/**
 * 安全生产法 art 113 (一): a unit that has a major accident hazard (重大事故隐患) and is
 * penalised under the Act three times within 180 days, or four times within one year, is to be
 * proposed for closure (提请地方人民政府予以关闭) and its licences revoked.
 *
 * Counting the periods: 民法典 art 201 ¶1 (a period counted in days or years starts the day
 * after the first event), so the 180 days after a decision on day D end on D + 180, and the
 * year on the same date a year later (D + 1 year; 29 Feb → 28 Feb). Penalties dated after
 * `now` (a decision typed ahead) are not counted.
 */
import { addDays } from '../calendar/dates.ts';
import { shanghaiDate } from '../engine/time.ts';

export const CLOSURE_SHORT_DAYS = 180;
export const CLOSURE_SHORT_COUNT = 3;
export const CLOSURE_YEAR_COUNT = 4;

export interface ClosureFlag {
  /** The rule met, or null when neither is. */
  rule: '180d' | '1y' | null;
  /** The decisions forming the first window that meets the rule (oldest first). */
  dates: string[];
  /** Penalty decisions on major hazards counted, up to `now`. */
  counted: number;
  /** Chinese sentence for the page, citing the article. */
  reason: string | null;
}

/** The same calendar date a year later (29 Feb → 28 Feb of a common year). */
function yearAfter(date: string): string {
  const y = Number(date.slice(0, 4)) + 1;
  const md = date.slice(5);
  if (md === '02-29') return `${y}-02-28`;
  return `${y}-${md}`;
}

/**
 * Whether the unit is to be flagged for closure under art 113 (一).
 * `penaltyDates`: the dates ('YYYY-MM-DD') of the penalty decisions on the unit's major hazards.
 */
export function closureFlag(penaltyDates: readonly string[], now: Date | string): ClosureFlag {
  const today = typeof now === 'string' ? now : shanghaiDate(now);
  const dates = [...penaltyDates].filter((d) => d <= today).sort();
  for (let i = 0; i + CLOSURE_SHORT_COUNT - 1 < dates.length; i++) {
    const last = dates[i + CLOSURE_SHORT_COUNT - 1]!;
    if (last <= addDays(dates[i]!, CLOSURE_SHORT_DAYS)) {
      const w = dates.slice(i, i + CLOSURE_SHORT_COUNT);
      return {
        rule: '180d',
        dates: w,
        counted: dates.length,
        reason: `存在重大事故隐患，${w[0]}至${w.at(-1)}一百八十日内三次受到行政处罚，应当提请地方人民政府予以关闭（安全生产法第一百一十三条第一项）`,
      };
    }
  }
  for (let i = 0; i + CLOSURE_YEAR_COUNT - 1 < dates.length; i++) {
    const last = dates[i + CLOSURE_YEAR_COUNT - 1]!;
    if (last <= yearAfter(dates[i]!)) {
      const w = dates.slice(i, i + CLOSURE_YEAR_COUNT);
      return {
        rule: '1y',
        dates: w,
        counted: dates.length,
        reason: `存在重大事故隐患，${w[0]}至${w.at(-1)}一年内四次受到行政处罚，应当提请地方人民政府予以关闭（安全生产法第一百一十三条第一项）`,
      };
    }
  }
  return { rule: null, dates: [], counted: dates.length, reason: null };
}
