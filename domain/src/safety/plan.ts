/**
 * 年度监督检查计划 (安全生产法 art 62 ¶2: the department "制定安全生产年度监督检查计划，并按照
 * 年度监督检查计划进行监督检查"): which unit is inspected in which month and how, generated from
 * the units' risk class and industry, then edited by the 安监办. Pure: the server reads the
 * units and the kept entries, calls `generatePlan`, and writes the difference.
 *
 * The rules (分类分级监督管理, art 62 ¶2):
 * - 重点 units: one 综合检查 each quarter (4 a year). Not monthly: the town's office did "近300次"
 *   comprehensive inspections in 2023 (seed report) for about 120 units; monthly visits to some
 *   30 重点 units alone would be 360, beyond what the office does, while a quarterly round plus
 *   the 一般 units' two comes to about that figure.
 * - 一般 units: one 综合检查 each half-year (2 a year).
 * - 节前检查 for 重点 units of 人员密集场所 and 危险化学品经营: in January, before 春节 (which falls
 *   between 21 January and 20 February, so January always holds the days before it), and in
 *   September, before 国庆 (1 October).
 * - Inactive units are not planned.
 *
 * The spread: the 节前 entries have fixed months and are placed first; each 综合检查 then goes to
 * the month of its quarter (half-year) with the fewest entries so far, avoiding a month the
 * unit already has an entry in and, next, a month next to its previous 综合检查 (so a quarter's
 * visits do not bunch at a quarter's end and the next one's start), ties to the earliest month. Units are taken 重点 first, then by
 * id, so the result depends only on the input: generating twice gives the same plan, and the
 * office's monthly load differs by at most a few entries (tests: plan.test.ts).
 */
import type { SafetyIndustry, SafetyInspectionKind, SafetyRisk } from '../api/safety.ts';

export interface PlanUnit {
  id: number;
  industry: SafetyIndustry | string;
  risk: SafetyRisk;
  active?: boolean;
}

export interface PlanEntry {
  unitId: number;
  month: number;
  kind: SafetyInspectionKind;
}

/** The industries whose 重点 units get the 节前 inspections. */
export const HOLIDAY_INDUSTRIES: readonly string[] = ['crowded', 'hazchem'];
/** 节前检查 months: before 春节 (January) and before 国庆 (September). */
export const HOLIDAY_MONTHS = [1, 9] as const;

const QUARTERS = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
  [10, 11, 12],
];
const HALVES = [
  [1, 2, 3, 4, 5, 6],
  [7, 8, 9, 10, 11, 12],
];

/** The windows a unit's 综合检查 must each fall in, one entry per window. */
export function comprehensiveWindows(risk: SafetyRisk): number[][] {
  return risk === 'key' ? QUARTERS : HALVES;
}

export function holidayMonths(u: Pick<PlanUnit, 'industry' | 'risk'>): number[] {
  return u.risk === 'key' && HOLIDAY_INDUSTRIES.includes(u.industry) ? [...HOLIDAY_MONTHS] : [];
}

export interface GenerateOptions {
  /**
   * Entries that stay whatever is generated (those fulfilled by an inspection, those added by
   * hand, those of past months): a requirement one of them meets is not planned again, and they
   * count in the monthly load.
   */
  kept?: readonly PlanEntry[];
  /**
   * The first month that may be planned (the current month when planning the current year):
   * a window wholly before it is not planned, since an entry there would be overdue on arrival.
   */
  firstMonth?: number;
}

const key = (e: PlanEntry) => `${e.unitId}:${e.month}:${e.kind}`;

/** The generated entries (the kept ones not included), sorted by month, unit, kind. */
export function generatePlan(units: readonly PlanUnit[], opts: GenerateOptions = {}): PlanEntry[] {
  const first = opts.firstMonth ?? 1;
  const kept = opts.kept ?? [];
  const load = new Array<number>(13).fill(0);
  const taken = new Set<string>();
  const unitMonths = new Map<number, Set<number>>();
  const note = (e: PlanEntry) => {
    load[e.month]! += 1;
    taken.add(key(e));
    const s = unitMonths.get(e.unitId) ?? new Set<number>();
    s.add(e.month);
    unitMonths.set(e.unitId, s);
  };
  for (const e of kept) note(e);

  const planned = units
    .filter((u) => u.active !== false)
    .slice()
    .sort((a, b) => (a.risk === b.risk ? a.id - b.id : a.risk === 'key' ? -1 : 1));
  const out: PlanEntry[] = [];
  const add = (e: PlanEntry) => {
    note(e);
    out.push(e);
  };

  for (const u of planned) {
    for (const m of holidayMonths(u)) {
      const e: PlanEntry = { unitId: u.id, month: m, kind: 'holiday' };
      if (m >= first && !taken.has(key(e))) add(e);
    }
  }
  for (const u of planned) {
    for (const window of comprehensiveWindows(u.risk)) {
      const met = kept.some((e) => e.unitId === u.id && e.kind === 'comprehensive' && window.includes(e.month));
      if (met) continue;
      const open = window.filter((m) => m >= first);
      if (open.length === 0) continue;
      const months = unitMonths.get(u.id) ?? new Set<number>();
      const comp = [...kept, ...out].filter((e) => e.unitId === u.id && e.kind === 'comprehensive').map((e) => e.month);
      const best = open
        .map((m) => ({
          m,
          busy: months.has(m) ? 1 : 0,
          // A visit the month after the last one leaves the rest of the year bare.
          close: comp.some((c) => Math.abs(c - m) <= 1) ? 1 : 0,
          load: load[m]!,
        }))
        .sort((a, b) => a.busy - b.busy || a.close - b.close || a.load - b.load || a.m - b.m)[0]!;
      add({ unitId: u.id, month: best.m, kind: 'comprehensive' });
    }
  }
  return out.sort((a, b) => a.month - b.month || a.unitId - b.unitId || a.kind.localeCompare(b.kind));
}

// ── progress ───────────────────────────────────────────────────────────────────────────

export interface ProgressEntry {
  month: number;
  kind: SafetyInspectionKind;
  fulfilled: boolean;
}

export interface ProgressCount {
  planned: number;
  done: number;
  /** Not done and its month is over. */
  overdue: number;
}

/**
 * Whether an entry of `year`/`month` not yet fulfilled is overdue on `today` ('YYYY-MM-DD', the
 * town's date): its month has ended. An entry of the current month is not overdue yet.
 */
export function monthPast(year: number, month: number, today: string): boolean {
  const ym = `${year}-${String(month).padStart(2, '0')}`;
  return ym < today.slice(0, 7);
}

export function planProgress(
  year: number,
  entries: readonly ProgressEntry[],
  today: string,
): {
  total: ProgressCount;
  byMonth: (ProgressCount & { month: number })[];
  byKind: (ProgressCount & { kind: SafetyInspectionKind })[];
} {
  const zero = (): ProgressCount => ({ planned: 0, done: 0, overdue: 0 });
  const total = zero();
  const byMonth = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...zero() }));
  const kinds: SafetyInspectionKind[] = ['comprehensive', 'special', 'holiday', 'recheck'];
  const byKind = kinds.map((kind) => ({ kind, ...zero() }));
  for (const e of entries) {
    const overdue = !e.fulfilled && monthPast(year, e.month, today);
    for (const c of [total, byMonth[e.month - 1]!, byKind.find((k) => k.kind === e.kind)!]) {
      c.planned += 1;
      if (e.fulfilled) c.done += 1;
      if (overdue) c.overdue += 1;
    }
  }
  return { total, byMonth, byKind };
}

/**
 * The entries fulfilled by the inspections, by entry id. The rule: an inspection fulfils the
 * entry it names (plan_item_id); one that names none fulfils the entry of the same unit and kind
 * in the month it was done, so an inspector who did not pick the entry on the phone still counts.
 * An inspection naming an entry counts for that entry only.
 */
export function fulfilledEntries(
  year: number,
  entries: readonly (PlanEntry & { id: number })[],
  inspections: readonly {
    id: number;
    unitId: number;
    kind: SafetyInspectionKind;
    on: string;
    planItemId: number | null;
  }[],
): Map<number, { inspectionId: number; on: string }> {
  const out = new Map<number, { inspectionId: number; on: string }>();
  const byKey = new Map(entries.map((e) => [key(e), e.id]));
  const ids = new Set(entries.map((e) => e.id));
  const sorted = [...inspections].sort((a, b) => a.on.localeCompare(b.on) || a.id - b.id);
  for (const i of sorted) {
    let entryId: number | undefined;
    if (i.planItemId !== null) entryId = ids.has(i.planItemId) ? i.planItemId : undefined;
    else if (Number(i.on.slice(0, 4)) === year)
      entryId = byKey.get(key({ unitId: i.unitId, month: Number(i.on.slice(5, 7)), kind: i.kind }));
    if (entryId !== undefined && !out.has(entryId)) out.set(entryId, { inspectionId: i.id, on: i.on });
  }
  return out;
}
