export {
  CALENDAR_COVERAGE,
  type Calendar,
  type CalendarOptions,
  type CalendarOverride,
  CalendarOverrideSchema,
  createCalendar,
  type DayInfo,
  type DayKind,
} from './calendar.ts';
export type { IsoDate } from './dates.ts';
export { LUNAR_ANCHORS } from './fallback.ts';
export { HOLIDAY_NOTICES, type HolidayBlock, type HolidayNotice, type NoticeDay, noticeDays } from './notices.ts';
export {
  addPeriod,
  type DaysLeft,
  daysLeft,
  type PeriodInput,
  type PeriodResult,
  type RollRule,
  workdaysBetween,
} from './period.ts';
