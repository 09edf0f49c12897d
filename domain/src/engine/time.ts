/**
 * Instants and Asia/Shanghai dates for the engine. China has used UTC+8 without
 * daylight saving since 1991, so the local date is the UTC date of the instant
 * shifted by eight hours: no Intl, no host time zone.
 */
import type { IsoDate } from '../calendar/dates.ts';
import { pad2 } from '../calendar/dates.ts';
import type { IsoInstant, Now } from './types.ts';

const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** An instant must carry its offset: without one, `Date.parse` would read it in the host's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** True for an ISO 8601 instant with an offset or 'Z'. */
export function isIsoInstant(value: unknown): value is IsoInstant {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** Milliseconds since the epoch; throws a developer error on an instant without offset or an invalid Date. */
export function instantMs(at: Now, what = 'now'): number {
  if (at instanceof Date) {
    const ms = at.getTime();
    if (Number.isNaN(ms)) throw new TypeError(`${what} is an invalid Date`);
    return ms;
  }
  if (!isIsoInstant(at)) throw new TypeError(`${what} must be an ISO 8601 instant with an offset, got ${String(at)}`);
  return Date.parse(at);
}

/** The Asia/Shanghai calendar date of an instant. */
export function shanghaiDate(at: Now): IsoDate {
  return new Date(instantMs(at, 'at') + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DDTHH:mm:ss+08:00' for an instant given in milliseconds. */
export function shanghaiInstant(ms: number): IsoInstant {
  const d = new Date(ms + BEIJING_OFFSET_MS);
  const seconds = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  return `${d.toISOString().slice(0, 10)}T${seconds}+08:00`;
}
