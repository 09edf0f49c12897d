/**
 * Calendar-date arithmetic on 'YYYY-MM-DD' strings.
 *
 * Deadlines are Asia/Shanghai local dates. Working on plain date strings (and on
 * UTC day numbers internally) keeps the math free of the host's time zone and of
 * DST: a `Date` in local time would shift a day on a server running in UTC.
 */
import { AppError } from '../errors.ts';

/** A local calendar date, 'YYYY-MM-DD'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const WEEKDAY_LABELS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const;

/** True for a real calendar date in 'YYYY-MM-DD' form (rejects 2023-02-29, 2023-13-01, …). */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Throws a VALIDATION error naming `path` unless `value` is a real 'YYYY-MM-DD' date. */
export function assertIsoDate(value: string, path = 'date'): void {
  if (!isIsoDate(value)) {
    throw AppError.validation([{ path, message: `日期“${value}”无效，应为YYYY-MM-DD格式的真实日期` }]);
  }
}

/** Days since 1970-01-01 (UTC day number); the input must already be valid. */
export function toDayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Signed number of calendar days from `a` to `b`. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: IsoDate): number {
  return new Date(toDayNumber(date) * MS_PER_DAY).getUTCDay();
}

/** Saturday or Sunday (公休日), regardless of any 调休. */
export function isWeekendDate(date: IsoDate): boolean {
  const w = dayOfWeek(date);
  return w === 0 || w === 6;
}

/** '星期一' etc., for the Chinese step texts. */
export function weekdayLabel(date: IsoDate): string {
  return WEEKDAY_LABELS[dayOfWeek(date)] ?? '';
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Adds calendar months the way 民法典 art 202 counts them: the matching day of
 * the final month, or that month's last day when it has no matching day
 * (31 Aug + 6 months → 28/29 Feb). `clamped` tells the caller which case applied.
 */
export function addMonths(date: IsoDate, months: number): { date: IsoDate; clamped: boolean } {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const index = y * 12 + (m - 1) + months;
  const ty = Math.floor(index / 12);
  const tm = (index % 12) + 1;
  const last = daysInMonth(ty, tm);
  const td = Math.min(d, last);
  return { date: `${String(ty).padStart(4, '0')}-${pad2(tm)}-${pad2(td)}`, clamped: td !== d };
}

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
