/**
 * The working-day calendar: official notices, the statutory fallback for years
 * without a notice, and local overrides entered by an admin (stored by the server
 * in its calendar table and passed in, so a county-declared day off needs no deploy).
 * Precedence: local override > State Council notice > fallback > plain Mon–Fri.
 */
import { z } from 'zod';
import { AppError, type FieldIssue } from '../errors.ts';
import { assertIsoDate, type IsoDate, isIsoDate, isWeekendDate, yearOf } from './dates.ts';
import { FALLBACK_SOURCE, fallbackHolidays, LUNAR_ANCHORS } from './fallback.ts';
import { HOLIDAY_NOTICES, type NoticeDay, noticeDays } from './notices.ts';

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'swap_rest' | 'swap_work' | 'local_rest' | 'local_work';

export interface DayInfo {
  date: IsoDate;
  workday: boolean;
  /**
   * weekday/weekend: ordinary day (a weekend inside a holiday block keeps 'weekend' and carries its name);
   * holiday: statutory festival day or its 补假; swap_rest / swap_work: 调休 rest weekday / make-up working day;
   * local_rest / local_work: admin override.
   */
  kind: DayKind;
  /** Festival name, or the override's reason. */
  name?: string;
  /** True when no State Council notice covers the year yet (fallback rules): the UI flags it. */
  provisional: boolean;
  /** Where the classification comes from (notice, 办法, local adjustment). */
  source?: string;
}

/** What an admin may enter for one day (validated here so the server can reuse it for its API). */
export const CalendarOverrideSchema = z.object({
  date: z.string().refine(isIsoDate, { message: '日期应为YYYY-MM-DD格式的真实日期' }),
  workday: z.boolean(),
  reason: z.string().trim().min(1, { message: '请填写调整原因' }).max(200, { message: '调整原因不超过200字' }),
});
export type CalendarOverride = z.infer<typeof CalendarOverrideSchema>;

export interface CalendarOptions {
  overrides?: readonly CalendarOverride[];
}

export interface Calendar {
  isWorkday(date: IsoDate): boolean;
  dayInfo(date: IsoDate): DayInfo;
}

export const LOCAL_SOURCE = '本地工作日历调整';

const OFFICIAL_YEARS: ReadonlySet<number> = new Set(HOLIDAY_NOTICES.map((n) => n.year));

/** Later notices (amendments) overwrite earlier ones date by date: HOLIDAY_NOTICES is in publication order. */
const OFFICIAL_DAYS: ReadonlyMap<IsoDate, NoticeDay> = new Map(
  HOLIDAY_NOTICES.flatMap((notice) => noticeDays(notice)).map((day) => [day.date, day]),
);

const FALLBACK_YEARS = Object.keys(LUNAR_ANCHORS).map(Number);

/** Years the calendar can answer for; other dates throw rather than guess. */
export const CALENDAR_COVERAGE = {
  firstYear: Math.min(...OFFICIAL_YEARS),
  lastYear: Math.max(...OFFICIAL_YEARS, ...FALLBACK_YEARS),
  /** Years with a State Council notice; the rest of the range is provisional. */
  officialYears: [...OFFICIAL_YEARS].sort((a, b) => a - b),
} as const;

/** Builds an immutable calendar. Throws VALIDATION on a malformed or duplicated override. */
export function createCalendar(options: CalendarOptions = {}): Calendar {
  const overrides = parseOverrides(options.overrides ?? []);

  const dayInfo = (date: IsoDate): DayInfo => {
    assertIsoDate(date);
    const local = overrides.get(date);
    if (local) {
      return {
        date,
        workday: local.workday,
        kind: local.workday ? 'local_work' : 'local_rest',
        name: local.reason,
        provisional: false,
        source: LOCAL_SOURCE,
      };
    }
    return nationalDayInfo(date);
  };

  return Object.freeze({ dayInfo, isWorkday: (date: IsoDate) => dayInfo(date).workday });
}

function parseOverrides(raw: readonly CalendarOverride[]): ReadonlyMap<IsoDate, CalendarOverride> {
  const issues: FieldIssue[] = [];
  const byDate = new Map<IsoDate, CalendarOverride>();
  raw.forEach((item, i) => {
    const parsed = CalendarOverrideSchema.safeParse(item);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        issues.push({ path: ['overrides', i, ...issue.path].join('.'), message: issue.message });
      }
      return;
    }
    // Two rows for one day would make the answer depend on row order: refuse instead.
    if (byDate.has(parsed.data.date)) {
      issues.push({ path: `overrides.${i}.date`, message: `${parsed.data.date}重复设置` });
      return;
    }
    byDate.set(parsed.data.date, parsed.data);
  });
  if (issues.length > 0) throw AppError.validation(issues);
  return byDate;
}

function nationalDayInfo(date: IsoDate): DayInfo {
  const official = OFFICIAL_DAYS.get(date);
  if (official) {
    return {
      date,
      workday: official.kind === 'swap_work',
      kind: official.kind,
      name: official.name,
      provisional: false,
      source: official.source,
    };
  }
  const year = yearOf(date);
  if (OFFICIAL_YEARS.has(year)) return ordinaryDay(date, false);

  const holidays = fallbackHolidays(year);
  if (!holidays) {
    throw new AppError(
      'UNPROCESSABLE',
      `工作日历仅覆盖${CALENDAR_COVERAGE.firstYear}年至${CALENDAR_COVERAGE.lastYear}年，无法判断${date}是否为工作日`,
      { details: { date, ...CALENDAR_COVERAGE } },
    );
  }
  const holiday = holidays.get(date);
  if (holiday) {
    return { date, workday: false, kind: 'holiday', name: holiday.name, provisional: true, source: FALLBACK_SOURCE };
  }
  return { ...ordinaryDay(date, true), source: FALLBACK_SOURCE };
}

function ordinaryDay(date: IsoDate, provisional: boolean): DayInfo {
  return isWeekendDate(date)
    ? { date, workday: false, kind: 'weekend', provisional }
    : { date, workday: true, kind: 'weekday', provisional };
}
