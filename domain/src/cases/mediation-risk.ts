/**
 * Early warning for disputes (矛盾纠纷预警): which disputes may escalate (群体性事件,
 * 民转刑, 越级上访) and why. Pure: the rules read the facts and `now`, nothing else.
 *
 * Scoring (every triggered rule gives one reason, in Chinese, naming the rule):
 * - 'high' rules: 暴力倾向 (violence threatened or reported, 人民调解法 art 25) and
 *   群体性纠纷 (≥ groupThreshold people, default 5). Any one of them → high.
 * - 'medium' rules: 曾调解不成, 重复纠纷 (earlier cases between the same parties),
 *   涉访涉警 (came from or led to a petition or a police report), 涉及金额较大
 *   (≥ amountThreshold, default 100 000 元), 敏感时期 (within windowDays before or
 *   during a sensitive period). One → medium; two or more → high (they compound:
 *   a repeat dispute that already failed once, near 春节, is what escalates).
 * - none → low.
 * The thresholds are local policy [M], not statute; the server passes the town's settings.
 */
import { z } from 'zod';
import type { RiskLevel } from '../api/cases.ts';
import { addDays, diffDays, isIsoDate } from '../calendar/dates.ts';
import { LUNAR_ANCHORS } from '../calendar/fallback.ts';
import { HOLIDAY_NOTICES } from '../calendar/notices.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { Now } from '../engine/types.ts';
import type { MediationChannel, MediationFieldValues } from './mediation.ts';

export const RISK_RULE_LABELS = {
  violence: '暴力倾向',
  group: '群体性纠纷',
  prior_failure: '曾调解不成',
  repeat_parties: '重复纠纷',
  petition_police: '涉访涉警',
  large_amount: '涉及金额较大',
  sensitive_date: '敏感时期',
} as const;
export type RiskRule = keyof typeof RISK_RULE_LABELS;

/** The facts the rules read; counts default to 0, flags to false. */
export interface RiskInput {
  peopleCount: number;
  amount?: number | undefined;
  channel?: MediationChannel | undefined;
  violenceRisk?: boolean | undefined;
  /** Earlier mediations of the same matter that ended without agreement. */
  priorFailedCount?: number | undefined;
  /** Earlier cases between the same parties. */
  earlierCaseCount?: number | undefined;
  /** Petitions (信访) on the same matter. */
  linkedPetitionCount?: number | undefined;
  /** Police reports (报警, or reports under 人民调解法 art 25) on the same matter. */
  linkedPoliceCount?: number | undefined;
}

const MONTH_DAY = /^\d{2}-\d{2}$/;

/**
 * A sensitive period: `from`/`to` both 'YYYY-MM-DD' (once: 春节 moves every year) or both
 * 'MM-DD' (every year; a range may run over New Year, '12-25' to '01-05'). `to` defaults to `from`.
 */
export const SensitivePeriodSchema = z
  .object({
    name: z.string().trim().min(1).max(50).describe('名称'),
    from: z.string().describe('开始日期'),
    to: z.string().optional().describe('结束日期'),
  })
  .superRefine((p, ctx) => {
    const to = p.to ?? p.from;
    const bothDates = isIsoDate(p.from) && isIsoDate(to);
    const bothMonthDays = isMonthDay(p.from) && isMonthDay(to);
    if (!bothDates && !bothMonthDays) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: '开始、结束日期应同为YYYY-MM-DD或同为MM-DD格式' });
    } else if (bothDates && to < p.from) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不得早于开始日期' });
    }
  });
export type SensitivePeriod = z.infer<typeof SensitivePeriodSchema>;

export const RiskOptionsSchema = z.object({
  amountThreshold: z.number().min(0).default(100_000).describe('金额较大标准（元）'),
  groupThreshold: z.number().int().min(2).default(5).describe('群体性纠纷人数标准'),
  windowDays: z.number().int().min(0).max(60).default(7).describe('敏感时期提前预警天数'),
  sensitivePeriods: z.array(SensitivePeriodSchema).max(100).optional().describe('敏感时期'),
});
export type RiskOptions = z.input<typeof RiskOptionsSchema>;

export interface RiskSignal {
  rule: RiskRule;
  level: 'medium' | 'high';
  reason: string;
}

export interface RiskAssessment {
  level: RiskLevel;
  /** One sentence per triggered rule, each starting with the rule's name; plus the compounding note. */
  reasons: string[];
  signals: RiskSignal[];
}

/**
 * 春节 for each year the calendar knows: the State Council notice's rest period, else the
 * statutory days (除夕 to 初三, 全国年节及纪念日放假办法 2024 art 2) from the lunar table.
 */
function springFestivals(): SensitivePeriod[] {
  const out: SensitivePeriod[] = [];
  const noticed = new Set<number>();
  for (const notice of HOLIDAY_NOTICES) {
    for (const block of notice.blocks) {
      if (block.name !== '春节') continue;
      out.push({ name: '春节', from: block.rest[0], to: block.rest[1] });
      noticed.add(notice.year);
    }
  }
  for (const [year, anchors] of Object.entries(LUNAR_ANCHORS)) {
    if (noticed.has(Number(year))) continue;
    out.push({ name: '春节', from: addDays(anchors.springFestival, -1), to: addDays(anchors.springFestival, 3) });
  }
  return out;
}

/**
 * Defaults a town adjusts: 元旦, 春节, 全国两会 (early to mid March; the exact days vary,
 * so the range is wide), 国庆. Local events (庙会, a major meeting) go into the town's settings.
 */
export const DEFAULT_SENSITIVE_PERIODS: readonly SensitivePeriod[] = [
  { name: '元旦', from: '01-01' },
  ...springFestivals(),
  { name: '全国两会', from: '03-01', to: '03-15' },
  { name: '国庆', from: '10-01', to: '10-07' },
];

/** The risk of a dispute on the Asia/Shanghai date of `now`. */
export function assessRisk(input: RiskInput, now: Now, options: RiskOptions = {}): RiskAssessment {
  const opts = RiskOptionsSchema.parse(options);
  const today = shanghaiDate(now);
  const signals: RiskSignal[] = [];
  const add = (rule: RiskRule, level: RiskSignal['level'], detail: string) =>
    signals.push({ rule, level, reason: `${RISK_RULE_LABELS[rule]}：${detail}` });

  if (input.violenceRisk) {
    add('violence', 'high', '有激化或暴力、违法犯罪风险，应及时报告公安机关（人民调解法第二十五条）');
  }
  if (input.peopleCount >= opts.groupThreshold) {
    add('group', 'high', `涉及${input.peopleCount}人（${opts.groupThreshold}人及以上）`);
  }
  const failed = input.priorFailedCount ?? 0;
  if (failed > 0) add('prior_failure', 'medium', `同一事项此前调解不成${failed}次`);
  const earlier = input.earlierCaseCount ?? 0;
  if (earlier > 0) add('repeat_parties', 'medium', `同一当事人之间此前已有${earlier}起纠纷`);

  const linked: string[] = [];
  if (input.channel === 'petition') linked.push('经访调对接转来');
  if (input.channel === 'police') linked.push('经警调对接转来');
  const petitions = input.linkedPetitionCount ?? 0;
  const police = input.linkedPoliceCount ?? 0;
  if (petitions > 0) linked.push(`同一事项已信访${petitions}次`);
  if (police > 0) linked.push(`同一事项已报警${police}次`);
  if (linked.length > 0) add('petition_police', 'medium', linked.join('，'));

  if (input.amount !== undefined && input.amount >= opts.amountThreshold) {
    add('large_amount', 'medium', `涉及${formatYuan(input.amount)}元（${formatYuan(opts.amountThreshold)}元及以上）`);
  }

  const periods = opts.sensitivePeriods ?? DEFAULT_SENSITIVE_PERIODS;
  const near = nearestSensitive(periods, today, opts.windowDays);
  if (near) add('sensitive_date', 'medium', near);

  const highs = signals.filter((s) => s.level === 'high').length;
  const mediums = signals.length - highs;
  const reasons = signals.map((s) => s.reason);
  let level: RiskLevel = 'low';
  if (highs > 0) level = 'high';
  else if (mediums >= 2) {
    level = 'high';
    reasons.push(`风险叠加：${mediums}项中风险因素同时存在，升为高风险`);
  } else if (mediums === 1) level = 'medium';
  return { level, reasons, signals };
}

/** The facts of a mediation case as the rules read them. */
export function mediationRiskInput(fields: Partial<MediationFieldValues>): RiskInput {
  return {
    peopleCount: fields.peopleCount ?? 1,
    amount: fields.amount,
    channel: fields.channel,
    // A report to the police under art 25 is itself the strongest sign of violence.
    violenceRisk: fields.violenceRisk === true || (fields.policeReports?.length ?? 0) > 0,
    priorFailedCount: fields.priorFailedCount,
    earlierCaseCount: fields.earlierCaseCount,
    linkedPetitionCount: fields.linkedPetitionCount,
    linkedPoliceCount: fields.linkedPoliceCount,
  };
}

/** The shape the server's case registry takes (`risk(fields, now)`). */
export function mediationRisk(fields: Record<string, unknown>, now: Now, options: RiskOptions = {}): RiskAssessment {
  return assessRisk(mediationRiskInput(fields as Partial<MediationFieldValues>), now, options);
}

// ---------------------------------------------------------------------------

function isMonthDay(v: string): boolean {
  return MONTH_DAY.test(v) && isIsoDate(`2000-${v}`); // 2000 is a leap year: '02-29' is allowed
}

/** 'MM-DD' in `year`; 29 February in a common year is read as 28 February. */
function inYear(year: number, monthDay: string): string {
  const d = `${year}-${monthDay}`;
  return isIsoDate(d) ? d : `${year}-02-28`;
}

/** Concrete [start, end] occurrences of a period around `today`'s year. */
function occurrences(p: SensitivePeriod, today: string): [string, string][] {
  const to = p.to ?? p.from;
  if (!isMonthDay(p.from)) return [[p.from, to]];
  const year = Number(today.slice(0, 4));
  return [year - 1, year, year + 1].map((y) => {
    const start = inYear(y, p.from);
    const end = inYear(to < p.from ? y + 1 : y, to);
    return [start, end];
  });
}

/** The reason text for the period `today` is in or nearest before, within `windowDays`; null if none. */
function nearestSensitive(periods: readonly SensitivePeriod[], today: string, windowDays: number): string | null {
  // Being inside a period outranks approaching one; among those approaching, the nearest wins.
  let best: { rank: number; text: string } | null = null;
  for (const p of periods) {
    for (const [start, end] of occurrences(p, today)) {
      if (today > end) continue;
      const days = diffDays(today, start);
      if (days > windowDays) continue;
      const range = start === end ? start : `${start}至${end}`;
      const text = days <= 0 ? `正值${p.name}（${range}）` : `临近${p.name}（${range}，还有${days}日）`;
      const rank = Math.max(0, days);
      if (!best || rank < best.rank) best = { rank, text };
    }
  }
  return best?.text ?? null;
}

function formatYuan(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
