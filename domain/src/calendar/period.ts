/**
 * Time-limit arithmetic (期间计算), docs/domain.md §Period arithmetic. Pure: every input is a
 * parameter, nothing reads the clock. Dates are Asia/Shanghai local dates.
 * Each result carries `steps`, the reasoning in Chinese, so a clerk-facing
 * deadline calculator can print why the due date is what it is.
 */
import { AppError } from '../errors.ts';
import type { Calendar, DayInfo } from './calendar.ts';
import {
  addDays,
  addMonths,
  assertIsoDate,
  diffDays,
  type IsoDate,
  isIsoDate,
  isWeekendDate,
  pad2,
  weekdayLabel,
  yearOf,
} from './dates.ts';

/**
 * Which last days roll forward under 民法典 art 203 / 民诉法 art 85 ("法定休假日").
 *
 * - 'official' (default): every day that is not worked rolls: weekends (except
 *   调休 make-up working days), statutory festival days, and weekdays given as
 *   调休 rest. "法定休假日" is read as the actual rest days of the State Council
 *   notice, as the old SPC 民通意见 art 198 did (when Sundays or holidays are shifted,
 *   count from the actual rest days). That opinion predates the Civil Code and
 *   docs/domain.md §Period arithmetic tags this reading [M] (unverified), hence the switch.
 * - 'statutory_only': only statutory festival days (incl. their 补假) and Saturdays /
 *   Sundays roll; 调休 is ignored both ways, so a 调休 rest weekday does not roll and
 *   a 调休 working Saturday still counts as a weekend. Local overrides still apply,
 *   since they record real closures (or a notice entered before a deploy).
 *   It can give an earlier due date than 'official' (a 调休 rest weekday does not
 *   roll) or, rarely, a later one (a 调休 working Saturday still rolls).
 */
export type RollRule = 'official' | 'statutory_only';

export type PeriodInput =
  /** 'd': calendar days (日); 'month': months (月). Both roll off a rest day. */
  | { unit: 'd' | 'month'; from: IsoDate; length: number; rollRule?: RollRule }
  /** 'wd': working days (工作日), e.g. 行政处罚法 art 85, 行政强制法 art 69, 行政复议法 art 88. */
  | { unit: 'wd'; from: IsoDate; length: number }
  /** 'hour': `from` is an ISO 8601 instant with an offset; the result is an instant in +08:00. */
  | { unit: 'hour'; from: string; length: number };

export interface PeriodResult {
  /** 'YYYY-MM-DD' (the period ends at 24:00 that day, 民法典 art 203 ¶2), or an instant for 'hour'. */
  due: string;
  /** Reasoning in Simplified Chinese, one sentence per step. */
  steps: string[];
  /** Legal basis in Simplified Chinese. */
  basis: string[];
  /** True when any day consulted comes from the fallback (no notice yet). */
  provisional: boolean;
}

const BASIS = {
  start: '《民法典》第二百零一条：按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算',
  month: '《民法典》第二百零二条：到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日',
  roll: '《民法典》第二百零三条、《民事诉讼法》第八十五条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日',
  official: '法定休假日按国务院办公厅放假通知的实际放假安排（含调休）认定（参照原《民通意见》第一百九十八条）',
  statutoryOnly: '仅法定节假日（含补假）及周六、周日顺延，调休放假日不顺延、调休上班日仍按周末计',
  workdays:
    '工作日按国务院办公厅放假通知认定，调休上班日计入，法定节假日及调休放假日不计入（《行政处罚法》第八十五条、《行政强制法》第六十九条、《行政复议法》第八十八条）',
  hour: '《民法典》第二百零一条第二款：按照小时计算期间的，自法律规定或者当事人约定的时间开始计算',
  local: '本地工作日历调整（管理员设置）',
} as const;

function provisionalBasis(years: readonly number[]): string {
  return `${years.join('、')}年国务院办公厅放假通知尚未收录，按《全国年节及纪念日放假办法》推算，结果为暂定`;
}

const MS_PER_HOUR = 3_600_000;
const BEIJING_OFFSET_MS = 8 * MS_PER_HOUR; // China has had no DST since 1991.
const INSTANT = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Computes a due date (民法典 arts 200–203; 民事诉讼法 art 85).
 * - 'd': from + N (start day excluded, art 201), rolled off rest days (art 203).
 * - 'wd': the Nth working day after `from`; 调休 make-up days count (docs/domain.md §Period
 *   arithmetic, rule 5).
 * - 'month': the matching day of the final month or its last day (art 202), then rolled.
 * - 'hour': from the given moment (art 201 ¶2), never rolled.
 */
export function addPeriod(calendar: Calendar, input: PeriodInput): PeriodResult {
  if (!Number.isSafeInteger(input.length) || input.length < 1) {
    throw AppError.validation([{ path: 'length', message: '期间长度应为正整数' }]);
  }
  switch (input.unit) {
    case 'd':
    case 'month':
      assertIsoDate(input.from, 'from');
      return addDaysOrMonths(calendar, input.unit, input.from, input.length, input.rollRule ?? 'official');
    case 'wd':
      assertIsoDate(input.from, 'from');
      return addWorkdays(calendar, input.from, input.length);
    case 'hour':
      return addHours(input.from, input.length);
    default:
      // Unreachable for typed callers; guards plain-JS / unvalidated API input.
      throw AppError.validation([{ path: 'unit', message: '期间单位应为d、wd、month或hour' }]);
  }
}

/**
 * Working days in (a, b]: the start day is excluded as in 民法典 art 201, so
 * workdaysBetween(c, from, addPeriod(c, {unit:'wd', from, length:n}).due) === n.
 * Negative when b is before a.
 */
export function workdaysBetween(calendar: Calendar, a: IsoDate, b: IsoDate): number {
  assertIsoDate(a, 'a');
  assertIsoDate(b, 'b');
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let day = addDays(lo, 1); day <= hi; day = addDays(day, 1)) {
    if (calendar.isWorkday(day)) count++;
  }
  return count === 0 ? 0 : sign * count; // never -0: callers compare with toEqual / Object.is
}

export interface DaysLeft {
  /** Calendar days from today to the due date; negative once breached. */
  days: number;
  /** Working days in (today, due]; negative (or 0 on a rest day) once breached. */
  workdays: number;
  /** The period runs to 24:00 of the due date (民法典 art 203 ¶2): breached only from the next day. */
  breached: boolean;
}

/** Countdown for inboxes; `today` is passed in (the caller's Asia/Shanghai date), never read from the clock. */
export function daysLeft(calendar: Calendar, due: IsoDate, today: IsoDate): DaysLeft {
  assertIsoDate(due, 'due');
  assertIsoDate(today, 'today');
  return { days: diffDays(today, due), workdays: workdaysBetween(calendar, today, due), breached: today > due };
}

function addDaysOrMonths(
  calendar: Calendar,
  unit: 'd' | 'month',
  from: IsoDate,
  length: number,
  rule: RollRule,
): PeriodResult {
  const steps = [`起算日${from}不计入，自次日开始计算（民法典第二百零一条）`];
  const basis: string[] = [BASIS.start];
  let lastDay: IsoDate;
  if (unit === 'd') {
    lastDay = addDays(from, length);
    steps.push(`自次日起算${length}日，期间最后一日为${fmt(lastDay)}`);
  } else {
    const target = addMonths(from, length);
    lastDay = target.date;
    basis.push(BASIS.month);
    steps.push(
      target.clamped
        ? `${from}起${length}个月，到期月没有对应日（${Number(from.slice(8))}日），以月末日${fmt(lastDay)}为期间最后一日（民法典第二百零二条）`
        : `${from}起${length}个月，到期月的对应日${fmt(lastDay)}为期间最后一日（民法典第二百零二条）`,
    );
  }
  basis.push(BASIS.roll, rule === 'official' ? BASIS.official : BASIS.statutoryOnly);

  const seen: DayInfo[] = [];
  let day = lastDay;
  let info = calendar.dayInfo(day);
  seen.push(info);
  while (restsUnder(info, rule)) {
    steps.push(`${fmt(day)}${restReason(info)}，顺延`);
    day = addDays(day, 1);
    info = calendar.dayInfo(day);
    seen.push(info);
  }
  if (day !== lastDay) steps.push(`顺延至休假日结束的次日${fmt(day)}（民法典第二百零三条、民事诉讼法第八十五条）`);
  const note = workedDayNote(info, rule);
  if (note) steps.push(note);
  steps.push(`期间届满日：${day}（当日二十四时届满）`);
  return finish(day, steps, basis, seen);
}

function addWorkdays(calendar: Calendar, from: IsoDate, length: number): PeriodResult {
  const steps = [`起算日${from}不计入，自次日开始计算（民法典第二百零一条）`];
  const seen: DayInfo[] = [];
  let plainWeekendDays = 0;
  let run: DayInfo[] = [];
  const flushRun = () => {
    if (run.length === 0) return;
    if (run.every(isPlainWeekend)) plainWeekendDays += run.length;
    else steps.push(describeRun(run));
    run = [];
  };

  let day = from;
  let counted = 0;
  while (counted < length) {
    day = addDays(day, 1);
    const info = calendar.dayInfo(day);
    seen.push(info);
    if (!info.workday) {
      run.push(info);
      continue;
    }
    flushRun();
    counted++;
    if (info.kind === 'swap_work') steps.push(`${fmt(day)}为${info.name}调休上班日，计入工作日（第${counted}个）`);
    if (info.kind === 'local_work')
      steps.push(`${fmt(day)}本地调整为工作日（${info.name}），计入工作日（第${counted}个）`);
  }
  if (plainWeekendDays > 0) steps.push(`其间普通周末共${plainWeekendDays}天，不计入工作日`);
  steps.push(`第${length}个工作日为${fmt(day)}，即期间届满日（当日二十四时届满）`);
  return finish(day, steps, [BASIS.start, BASIS.workdays], seen);
}

function addHours(from: string, length: number): PeriodResult {
  const m = INSTANT.exec(from);
  const start = Date.parse(from);
  if (!m?.[1] || !isIsoDate(m[1]) || Number.isNaN(start)) {
    throw AppError.validation([
      { path: 'from', message: '按小时计算时，起算时刻应为带时区的ISO 8601时间，如2024-05-01T10:30:00+08:00' },
    ]);
  }
  const end = start + length * MS_PER_HOUR;
  const due = beijingInstant(end);
  return {
    due,
    steps: [
      `自${beijingText(start)}（北京时间）起算（民法典第二百零一条第二款）`,
      `经过${length}小时，期间届满时刻为${beijingText(end)}（北京时间）`,
      '按小时计算的期间不因节假日顺延',
    ],
    basis: [BASIS.hour],
    provisional: false,
  };
}

function finish(due: IsoDate, steps: string[], basis: string[], seen: readonly DayInfo[]): PeriodResult {
  const provisionalYears = [...new Set(seen.filter((d) => d.provisional).map((d) => yearOf(d.date)))];
  const provisional = provisionalYears.length > 0;
  if (seen.some((d) => d.kind === 'local_rest' || d.kind === 'local_work')) basis.push(BASIS.local);
  if (provisional) {
    basis.push(provisionalBasis(provisionalYears));
    steps.push(`注意：${provisionalBasis(provisionalYears)}，请在放假通知公布后复核`);
  }
  return { due, steps, basis, provisional };
}

/** Whether a last day rolls forward under `rule` (see RollRule). */
function restsUnder(info: DayInfo, rule: RollRule): boolean {
  if (rule === 'official') return !info.workday;
  switch (info.kind) {
    case 'holiday':
    case 'local_rest':
      return true;
    case 'local_work':
      return false;
    default:
      return isWeekendDate(info.date);
  }
}

function restReason(info: DayInfo): string {
  switch (info.kind) {
    case 'holiday':
      return `${info.name}放假`;
    case 'swap_rest':
      return `${info.name}调休放假`;
    case 'local_rest':
      return `本地调整放假（${info.name}）`;
    case 'swap_work':
      // A worked day rolls only under 'statutory_only', which ignores 调休.
      return `为周末（${info.name}调休上班日，按本规则仍视为周末）`;
    default:
      return info.name ? `为${info.name}假期中的周末` : '为周末';
  }
}

/** Explains why a day that could look like a rest day does not roll. */
function workedDayNote(info: DayInfo, rule: RollRule): string | undefined {
  if (info.kind === 'swap_work') return `${fmt(info.date)}为${info.name}调休上班日，是工作日，不顺延`;
  if (info.kind === 'local_work') return `${fmt(info.date)}本地调整为工作日（${info.name}），不顺延`;
  if (info.kind === 'swap_rest' && rule === 'statutory_only') {
    return `${fmt(info.date)}虽为${info.name}调休放假日，但按“仅法定节假日及周末顺延”规则不顺延`;
  }
  return undefined;
}

function isPlainWeekend(info: DayInfo): boolean {
  return info.kind === 'weekend' && !info.name;
}

function describeRun(run: readonly DayInfo[]): string {
  const first = run[0]!;
  const last = run.at(-1)!;
  const labels = [
    ...new Set(
      run.map((d) => (d.kind === 'local_rest' ? `本地调整放假（${d.name}）` : d.name ? `${d.name}假期` : '周末')),
    ),
  ].join('、');
  if (run.length === 1) return `${fmt(first.date)}${labels}，不计入工作日`;
  return `${first.date}至${last.date}${labels}，共${run.length}天，不计入工作日`;
}

function fmt(date: IsoDate): string {
  return `${date}（${weekdayLabel(date)}）`;
}

/** 'YYYY-MM-DDTHH:mm:ss+08:00' (milliseconds only when present). */
function beijingInstant(ms: number): string {
  const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString(); // shifted, so the UTC fields read as Beijing time
  const base = iso.slice(0, 19);
  const millis = iso.slice(19, 23);
  return `${base}${millis === '.000' ? '' : millis}+08:00`;
}

function beijingText(ms: number): string {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const seconds = d.getUTCSeconds();
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}${seconds ? `:${pad2(seconds)}` : ''}`;
  return `${d.toISOString().slice(0, 10)} ${time}`;
}
