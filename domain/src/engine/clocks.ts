/**
 * Clock status, derived from a case's events and documents (never stored, never
 * edited by hand). Rules, each of which the step texts repeat for the clerk:
 *
 * Start. The latest event of a start action starts (or restarts) the clock. The
 * start day is the Asia/Shanghai date of that event, or a date field (e.g. the
 * received date, 信访工作条例 art 23 "自收到之日起"). The start day is not counted
 * (民法典 art 201); period arithmetic is calendar/period.ts.
 *
 * Stop. The first stop event after the start stops the clock: 'stopped' if on or
 * before the due date (a limit runs to 24:00, 民法典 art 203 ¶2), else 'stopped_late'.
 *
 * Pause. Time between a pause event and the next resume event is not counted
 * (e.g. 信访工作条例 art 36: hearing time is not counted in the 复核 limit). A pause
 * from date P to date R excludes R − P days, counted like any period (民法典 art 201:
 * the day it begins is not counted), so a pause that starts and ends on one day
 * excludes nothing. The excluded days lengthen the period, and the rest-day roll
 * (民法典 art 203) applies once, to the final last day: a calendar-day clock counts
 * length + extension + paused days from the start day. Working-day clocks exclude
 * the working days in (P, R]; hour clocks the exact time. While a pause is open,
 * it runs to today, so the due date moves a day for each day paused. A clock whose
 * rule excludes the activity's own time (`pauseCounts: 'whole_days'`, 信访工作条例
 * art 36 ¶2: 听证所需时间) excludes every day in [P, R] instead, so a hearing held
 * and ended on one day excludes that day.
 *
 * Extension. An extension event lengthens the clock only if it was approved
 * (approve:<action> after the request, in the same state) AND the notice document
 * was issued before it and after any earlier extension; without both the clock does
 * not move (the engine's applyAction refuses such an extension in the first place,
 * this re-check keeps imported or hand-repaired histories honest). Extensions add up
 * to at most `max` in the clock's unit (信访工作条例 art 34: ≤ 30 d).
 */
import type { Calendar } from '../calendar/calendar.ts';
import { addDays, addMonths, diffDays, isIsoDate } from '../calendar/dates.ts';
import { addPeriod, daysLeft as countdown, type PeriodResult, workdaysBetween } from '../calendar/period.ts';
import { approvalStatus, ordered } from './approval.ts';
import { issuedDocument } from './documents.ts';
import { instantMs, isIsoInstant, shanghaiDate, shanghaiInstant } from './time.ts';
import {
  type AnyCaseType,
  type CaseEvent,
  type CaseSnapshot,
  type ClockDef,
  type ClockUnit,
  CREATE_ACTION,
  type Now,
} from './types.ts';
import { conditionHolds, labelAt } from './validate.ts';

export type ClockState = 'not_started' | 'running' | 'paused' | 'stopped' | 'stopped_late' | 'breached' | 'expired';
export type ClockLevel = 'ok' | 'warn' | 'breached';

export interface ClockStatus {
  key: string;
  label: string;
  kind: 'duty' | 'window';
  /** 'expired' is a closed window (kind 'window'); 'breached' a missed duty. */
  state: ClockState;
  /** 'warn' within `warnWorkdays` working days (hour clocks: `warnHours`); 'breached' once missed or stopped late. Windows are always 'ok'. */
  level: ClockLevel;
  /** The start day ('YYYY-MM-DD'), or the start instant for an hour clock. */
  startedOn: string | null;
  /** The last day ('YYYY-MM-DD', ends 24:00), or the due instant for an hour clock. */
  due: string | null;
  stoppedOn: string | null;
  /** Calendar days from today to the due date (negative when past); null unless running, paused or breached/expired. */
  daysLeft: number | null;
  /** Working days in (today, due]; null like daysLeft. */
  workdaysLeft: number | null;
  /** Hour clocks only: hours to the due instant, one decimal, negative when past. */
  hoursLeft: number | null;
  length: number;
  unit: ClockUnit;
  /** Effective extension, in the clock's unit. */
  extendedBy: number;
  extensionMax: number | null;
  /** Calendar days not counted because of pauses (hour clocks: 0, see steps). */
  pausedDays: number;
  paused: boolean;
  /** The article the clock implements. */
  basis: string;
  /** The general rules applied (民法典 arts 201–203 …), from the period arithmetic. */
  periodBasis: string[];
  /** True when a day consulted has no State Council notice yet. */
  provisional: boolean;
  /** The reasoning, in Chinese, one sentence per step. */
  steps: string[];
}

export const UNIT_LABELS: Record<ClockUnit, string> = { d: '日', wd: '个工作日', month: '个月', hour: '小时' };

/**
 * The status of every clock of the case type that binds the case (ClockDef.when, lengthFrom),
 * in declaration order.
 */
export function clockStatus(type: AnyCaseType, c: CaseSnapshot, calendar: Calendar, now: Now): ClockStatus[] {
  const nowMs = instantMs(now);
  const events = ordered(c.events);
  return Object.entries(type.clocks).flatMap(([key, declared]) => {
    const clock = clockFor(declared, c.fields);
    return clock ? [computeClock(type, c, events, key, clock, calendar, nowMs)] : [];
  });
}

const UNITS: readonly ClockUnit[] = ['d', 'wd', 'month', 'hour'];

/**
 * The clock as it binds this case, or null when it does not: its `when` fails, or its length
 * is recorded on the case (`lengthFrom`) and the case has none (no limit for this case).
 */
export function clockFor(clock: ClockDef, fields: Readonly<Record<string, unknown>>): ClockDef | null {
  if (clock.when && !conditionHolds(clock.when, fields)) return null;
  if (clock.lengthFrom === undefined) return clock;
  const v = fields[clock.lengthFrom];
  if (positiveInt(v)) return { ...clock, length: v };
  if (v && typeof v === 'object') {
    const { length, unit } = v as { length?: unknown; unit?: unknown };
    if (positiveInt(length) && (unit === undefined || UNITS.includes(unit as ClockUnit))) {
      return { ...clock, length, unit: (unit as ClockUnit | undefined) ?? clock.unit };
    }
  }
  return null;
}

function positiveInt(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 1;
}

/**
 * For a guard: why a step that presupposes a running period (an extension, 信访工作条例
 * art 34 "适当延长") cannot be taken because the duty clock `key` has already passed its
 * due date; null while it runs, before it starts, once stopped, or for a window clock.
 * `doing` names the step in the message ('延长').
 */
export function clockPassedProblem(
  type: AnyCaseType,
  c: CaseSnapshot,
  key: string,
  calendar: Calendar,
  now: Now,
  doing: string,
): string | null {
  const declared = type.clocks[key];
  const clock = declared && clockFor(declared, c.fields);
  if (!clock || (clock.kind ?? 'duty') !== 'duty') return null;
  const s = computeClock(type, c, ordered(c.events), key, clock, calendar, instantMs(now));
  if (s.state !== 'breached') return null;
  const overdue = s.daysLeft !== null && clock.unit !== 'hour' ? `，已超过${-s.daysLeft}日` : '';
  return `「${clock.label}」已于${s.due}届满${overdue}，期限届满后不能再${doing}（${clock.basis}）`;
}

/** What the events say about one clock, without a calendar. */
export interface ClockTimeline {
  startEvent?: CaseEvent;
  /** IsoDate, or an instant for hour clocks. */
  start?: string;
  /** Why a started clock has no usable start (missing date field). */
  startProblem?: string;
  stopEvent?: CaseEvent;
  pauses: { from: CaseEvent; to?: CaseEvent }[];
  extensions: { event: CaseEvent; length: number }[];
  ignoredExtensions: { event: CaseEvent; reason: string }[];
}

export function clockTimeline(
  type: AnyCaseType,
  c: CaseSnapshot,
  events: readonly CaseEvent[],
  clock: ClockDef,
): ClockTimeline {
  const timeline: ClockTimeline = { pauses: [], extensions: [], ignoredExtensions: [] };
  const starts: readonly string[] = typeof clock.start.on === 'string' ? [clock.start.on] : clock.start.on;
  let startIndex = -1;
  events.forEach((e, i) => {
    if (starts.includes(e.action)) startIndex = i;
  });
  const startEvent = events[startIndex];
  if (!startEvent) return timeline;
  timeline.startEvent = startEvent;

  const from = clock.start.from ?? 'event';
  if (from === 'event') {
    timeline.start = clock.unit === 'hour' ? shanghaiInstant(Date.parse(startEvent.at)) : shanghaiDate(startEvent.at);
  } else {
    const raw = startEvent.data?.input?.[from] ?? c.fields[from];
    const ok = clock.unit === 'hour' ? isIsoInstant(raw) : typeof raw === 'string' && isIsoDate(raw);
    const label = labelAt(type.fields, [from]) ?? labelAt(type.actions[startEvent.action]?.input, [from]) ?? from;
    if (ok) timeline.start = clock.unit === 'hour' ? shanghaiInstant(Date.parse(raw as string)) : (raw as string);
    else timeline.startProblem = `起算日期「${label}」缺失或无效，无法计算期限`;
  }

  const ext = clock.extension;
  const lengthField = ext?.lengthField ?? 'length';
  let open: { from: CaseEvent } | undefined;
  let used = 0;
  for (let i = startIndex + 1; i < events.length; i++) {
    const e = events[i]!;
    if (clock.stopOn.includes(e.action)) {
      timeline.stopEvent = e;
      break;
    }
    if (clock.pauseOn?.includes(e.action) && !open) {
      open = { from: e };
      timeline.pauses.push(open);
    } else if (clock.resumeOn?.includes(e.action) && open) {
      timeline.pauses[timeline.pauses.length - 1] = { from: open.from, to: e };
      open = undefined;
    }
    if (ext && e.action === ext.action) {
      const reason = extensionProblem(type, c, events.slice(0, i), e, clock);
      if (reason) {
        timeline.ignoredExtensions.push({ event: e, reason });
        continue;
      }
      const asked = e.data?.input?.[lengthField];
      const wanted = Number.isSafeInteger(asked) && (asked as number) >= 1 ? (asked as number) : ext.max;
      const length = Math.min(wanted, ext.max - used);
      if (length <= 0) {
        timeline.ignoredExtensions.push({ event: e, reason: `累计延长已达上限${ext.max}${UNIT_LABELS[clock.unit]}` });
        continue;
      }
      used += length;
      timeline.extensions.push({ event: e, length });
    }
  }
  return timeline;
}

/** Why an extension event does not count: not approved, or its notice not issued. */
function extensionProblem(
  type: AnyCaseType,
  c: CaseSnapshot,
  before: readonly CaseEvent[],
  e: CaseEvent,
  clock: ClockDef,
): string | null {
  const ext = clock.extension!;
  const problems: string[] = [];
  if (type.actions[ext.action]?.approval && approvalStatus(before, ext.action).status !== 'approved') {
    problems.push('未经批准');
  }
  if (ext.notice) {
    const previous = before.findLast((x) => x.action === ext.action);
    const after = previous ? Date.parse(previous.at) : undefined;
    if (!issuedDocument(c.documents, ext.notice, after, Date.parse(e.at), true)) {
      problems.push(`未出具《${type.documents[ext.notice] ?? ext.notice}》`);
    }
  }
  return problems.length > 0 ? problems.join('、') : null;
}

function computeClock(
  type: AnyCaseType,
  c: CaseSnapshot,
  events: readonly CaseEvent[],
  key: string,
  clock: ClockDef,
  calendar: Calendar,
  nowMs: number,
): ClockStatus {
  const unit = clock.unit;
  const kind = clock.kind ?? 'duty';
  const t = clockTimeline(type, c, events, clock);
  const base: ClockStatus = {
    key,
    label: clock.label,
    kind,
    state: 'not_started',
    level: 'ok',
    startedOn: null,
    due: null,
    stoppedOn: null,
    daysLeft: null,
    workdaysLeft: null,
    hoursLeft: null,
    length: clock.length,
    unit,
    extendedBy: 0,
    extensionMax: clock.extension?.max ?? null,
    pausedDays: 0,
    paused: false,
    basis: clock.basis,
    periodBasis: [],
    provisional: false,
    steps: [],
  };
  const actionLabel = (e: CaseEvent) =>
    type.actions[e.action]?.label ?? (e.action === CREATE_ACTION ? (type.create.label ?? '登记') : e.action);
  if (!t.startEvent) {
    base.steps.push(`${clock.label}尚未开始计时（${clock.basis}）`);
    return base;
  }
  if (!t.start) {
    base.steps.push(t.startProblem ?? '无法确定起算日期');
    return base;
  }

  const steps: string[] = [];
  const unitLabel = UNIT_LABELS[unit];
  const fromField = clock.start.from && clock.start.from !== 'event';
  steps.push(
    fromField
      ? `${clock.label}：以${fieldLabel(type, t.startEvent, clock.start.from!)}${t.start}为起算日，期限${clock.length}${unitLabel}（${clock.basis}）`
      : `${clock.label}：自「${actionLabel(t.startEvent)}」（${t.start}）起算，期限${clock.length}${unitLabel}（${clock.basis}）`,
  );

  const today = shanghaiDate(new Date(nowMs));
  const stoppedAt = t.stopEvent ? Date.parse(t.stopEvent.at) : undefined;
  const stoppedOn = t.stopEvent ? shanghaiDate(t.stopEvent.at) : undefined;

  // Pauses: an open pause runs until the stop, or until now.
  let pausedDays = 0;
  let pausedUnits = 0;
  let pausedMs = 0;
  let paused = false;
  const wholeDays = clock.pauseCounts === 'whole_days' && unit !== 'hour';
  // With whole days, a day already excluded by an earlier pause is not excluded twice.
  let excludedThrough: string | undefined;
  for (const p of t.pauses) {
    const fromDate = shanghaiDate(p.from.at);
    const endMs = p.to ? Date.parse(p.to.at) : (stoppedAt ?? nowMs);
    const toDate = shanghaiDate(new Date(endMs));
    if (!p.to && stoppedAt === undefined) paused = true;
    const { days, units } = wholeDays
      ? wholePauseDays(calendar, unit, fromDate, toDate, excludedThrough)
      : elapsedPauseDays(calendar, unit, fromDate, toDate);
    if (wholeDays && (!excludedThrough || toDate > excludedThrough)) excludedThrough = toDate;
    pausedDays += days;
    pausedUnits += units;
    pausedMs += Math.max(0, endMs - Date.parse(p.from.at));
    const end = p.to
      ? `${toDate}「${actionLabel(p.to)}」`
      : `${toDate}（${stoppedAt === undefined ? '今日，仍暂停' : '停止计时'}）`;
    steps.push(
      unit === 'hour'
        ? `${shanghaiInstant(Date.parse(p.from.at))}「${actionLabel(p.from)}」至${end}暂停，暂停时间不计入期限`
        : wholeDays
          ? `${fromDate}「${actionLabel(p.from)}」至${end}暂停计时，首尾两日均不计入，不计入期限${units}${unit === 'wd' ? '个工作日' : '日'}（${clock.basis}）`
          : `${fromDate}「${actionLabel(p.from)}」至${end}暂停计时，不计入期限${units}${unit === 'wd' ? '个工作日' : '日'}（开始暂停的当日照常计算，民法典第二百零一条）`,
    );
  }

  // Extensions. One made after the limit had run out does not revive it: an extension
  // lengthens a period still running (信访工作条例 art 34 "适当延长"), and counting it would
  // turn a breach into a case on time. The engine refuses such a step (clockPassedProblem);
  // this re-check keeps imported or hand-repaired histories honest. Pauses are counted in
  // full here: a pause can only move the due date later.
  const lateExtensions: { event: CaseEvent; due: string }[] = [];
  const extensions: { event: CaseEvent; length: number }[] = [];
  for (const x of t.extensions) {
    const before = extensions.reduce((sum, y) => sum + y.length, 0);
    const dueThen = dueDate(calendar, clock, t.start, before, pausedUnits, pausedMs).period.due;
    const afterDue =
      unit === 'hour' ? Date.parse(x.event.at) > Date.parse(dueThen) : shanghaiDate(x.event.at) > dueThen;
    if (afterDue) lateExtensions.push({ event: x.event, due: dueThen });
    else extensions.push(x);
  }
  const extendedBy = extensions.reduce((sum, x) => sum + x.length, 0);
  for (const x of extensions) {
    const notice = clock.extension?.notice ? `，已出具《${type.documents[clock.extension.notice]}》` : '';
    steps.push(`${shanghaiDate(x.event.at)}经批准延长${x.length}${unitLabel}${notice}（${clock.basis}）`);
  }
  for (const x of lateExtensions) {
    steps.push(
      `${shanghaiDate(x.event.at)}的延长未生效：期限已于${x.due}届满，届满后不能再延长，期限不变（${clock.basis}）`,
    );
  }
  for (const x of t.ignoredExtensions) {
    steps.push(`${shanghaiDate(x.event.at)}的延长未生效：${x.reason}，期限不变`);
  }

  // Due date.
  const computed = dueDate(calendar, clock, t.start, extendedBy, pausedUnits, pausedMs);
  steps.push(...computed.steps);
  const period = computed.period;
  steps.push(...period.steps);
  const due = period.due;

  const status: ClockStatus = {
    ...base,
    startedOn: t.start,
    due,
    extendedBy,
    pausedDays,
    paused,
    periodBasis: period.basis,
    provisional: period.provisional,
    steps,
  };

  if (t.stopEvent && stoppedAt !== undefined && stoppedOn !== undefined) {
    const late = unit === 'hour' ? stoppedAt > Date.parse(due) : stoppedOn > due;
    status.state = late ? 'stopped_late' : 'stopped';
    status.stoppedOn = unit === 'hour' ? shanghaiInstant(stoppedAt) : stoppedOn;
    status.level = late && kind === 'duty' ? 'breached' : 'ok';
    const lateText = unit === 'hour' ? '超过期限' : `超过期限${diffDays(due, stoppedOn)}日`;
    steps.push(`${status.stoppedOn}「${actionLabel(t.stopEvent)}」，停止计时，${late ? lateText : '在期限内'}`);
    return status;
  }

  const left = countdown(calendar, unit === 'hour' ? shanghaiDate(due) : due, today);
  status.daysLeft = left.days;
  status.workdaysLeft = left.workdays;
  let passed: boolean;
  let warn: boolean;
  if (unit === 'hour') {
    const hours = (Date.parse(due) - nowMs) / 3_600_000;
    status.hoursLeft = Math.trunc(hours * 10) / 10 || 0; // never -0
    passed = nowMs > Date.parse(due);
    warn = hours <= (clock.warnHours ?? clock.length / 4);
  } else {
    passed = left.breached;
    warn = left.workdays <= (clock.warnWorkdays ?? 3);
  }
  if (passed) {
    status.state = paused ? 'paused' : kind === 'window' ? 'expired' : 'breached';
    status.level = kind === 'duty' ? 'breached' : 'ok';
    steps.push(
      kind === 'window'
        ? `今日${today}，期限已届满`
        : `今日${today}，已超过期限${unit === 'hour' ? '' : `${-left.days}日`}`,
    );
  } else {
    status.state = paused ? 'paused' : 'running';
    status.level = kind === 'duty' && warn ? 'warn' : 'ok';
    steps.push(
      unit === 'hour'
        ? `距届满还有${status.hoursLeft}小时`
        : `今日${today}，距届满还有${left.days}日（${left.workdays}个工作日）${paused ? '，暂停中，届满日随暂停顺延' : ''}`,
    );
  }
  return status;
}

/** The due date for a start, the extension granted and the time paused, with the steps that explain the total. */
function dueDate(
  calendar: Calendar,
  clock: ClockDef,
  start: string,
  extendedBy: number,
  pausedUnits: number,
  pausedMs: number,
): { period: PeriodResult; steps: string[] } {
  const unit = clock.unit;
  const unitLabel = UNIT_LABELS[unit];
  const steps: string[] = [];
  if (unit === 'hour') {
    let period = addPeriod(calendar, { unit: 'hour', from: start, length: clock.length + extendedBy });
    if (pausedMs > 0) {
      const due = shanghaiInstant(Date.parse(period.due) + pausedMs);
      period = { ...period, due, steps: [...period.steps, `加上暂停时间，期间届满时刻为${due}（北京时间）`] };
    }
    return { period, steps };
  }
  const total = clock.length + extendedBy + (unit === 'month' ? 0 : pausedUnits);
  if (extendedBy > 0 || pausedUnits > 0) {
    const parts = [`期限${clock.length}${unitLabel}`];
    if (extendedBy > 0) parts.push(`延长${extendedBy}${unitLabel}`);
    if (pausedUnits > 0) parts.push(`暂停${pausedUnits}${unit === 'wd' ? '个工作日' : '日'}`);
    steps.push(
      unit === 'month'
        ? `${parts.join('，')}：先按月计算，再加暂停的日数`
        : `${parts.join('，')}，合计${total}${unitLabel}`,
    );
  }
  if (unit === 'month' && pausedUnits > 0) {
    const raw = addMonths(start, total).date;
    steps.push(`${start}起${total}个月，对应日为${raw}，暂停的${pausedUnits}日自此续算`);
    return {
      period: addPeriod(calendar, {
        unit: 'd',
        from: raw,
        length: pausedUnits,
        rollRule: clock.rollRule ?? 'official',
      }),
      steps,
    };
  }
  if (unit === 'wd') return { period: addPeriod(calendar, { unit: 'wd', from: start, length: total }), steps };
  return {
    period: addPeriod(calendar, { unit, from: start, length: total, rollRule: clock.rollRule ?? 'official' }),
    steps,
  };
}

/** A pause P → R excludes R − P days (the day it begins counts, 民法典 art 201); working-day clocks the working days in (P, R]. */
function elapsedPauseDays(
  calendar: Calendar,
  unit: ClockUnit,
  from: string,
  to: string,
): { days: number; units: number } {
  const days = Math.max(0, diffDays(from, to));
  return { days, units: unit === 'wd' ? Math.max(0, workdaysBetween(calendar, from, to)) : days };
}

/**
 * `pauseCounts: 'whole_days'`: every day in [P, R] is excluded (a one-day hearing excludes
 * that day), except days up to `excludedThrough` that an earlier pause already took.
 * Working-day clocks exclude the working days among them.
 */
function wholePauseDays(
  calendar: Calendar,
  unit: ClockUnit,
  from: string,
  to: string,
  excludedThrough: string | undefined,
): { days: number; units: number } {
  const first = excludedThrough && excludedThrough >= from ? addDays(excludedThrough, 1) : from;
  if (first > to) return { days: 0, units: 0 };
  const days = diffDays(first, to) + 1;
  return { days, units: unit === 'wd' ? workdaysBetween(calendar, addDays(first, -1), to) : days };
}

function fieldLabel(type: AnyCaseType, startEvent: CaseEvent, field: string): string {
  const label = labelAt(type.fields, [field]) ?? labelAt(type.actions[startEvent.action]?.input, [field]) ?? field;
  return `「${label}」`;
}
