import { describe, expect, it } from 'vitest';
import { SAFETY_INDUSTRY_LABELS } from '../src/api/safety.ts';
import { checklistProblems } from '../src/safety/checklists.ts';
import { DEFAULT_CHECKLISTS } from '../src/safety/default-checklists.ts';
import {
  fulfilledEntries,
  generatePlan,
  monthPast,
  type PlanEntry,
  type PlanUnit,
  planProgress,
} from '../src/safety/plan.ts';

const count = (es: PlanEntry[], f: (e: PlanEntry) => boolean) => es.filter(f).length;

/** A town like the seed's: ~120 units, a quarter of them 重点. */
function town(): PlanUnit[] {
  const inds = ['industry_trade', 'hazchem', 'workshop', 'crowded', 'construction', 'other'];
  return Array.from({ length: 120 }, (_, i) => ({
    id: i + 1,
    industry: inds[i % inds.length]!,
    risk: i % 4 === 0 ? 'key' : 'general',
  }));
}

describe('the annual plan (安全生产法 art 62 ¶2: 年度监督检查计划)', () => {
  it('plans a 重点 unit once a quarter and an 一般 unit once a half-year', () => {
    const plan = generatePlan([
      { id: 1, industry: 'industry_trade', risk: 'key' },
      { id: 2, industry: 'industry_trade', risk: 'general' },
    ]);
    const months = (id: number) =>
      plan.filter((e) => e.unitId === id && e.kind === 'comprehensive').map((e) => e.month);
    const q = (m: number) => Math.ceil(m / 3);
    expect(months(1).map(q)).toEqual([1, 2, 3, 4]);
    expect(months(2).map((m) => (m <= 6 ? 1 : 2))).toEqual([1, 2]);
    expect(count(plan, (e) => e.kind === 'holiday')).toBe(0);
  });

  it('adds 节前 inspections in January (春节) and September (国庆) for 重点 人员密集场所 and 危化品 only', () => {
    const plan = generatePlan([
      { id: 1, industry: 'crowded', risk: 'key' },
      { id: 2, industry: 'hazchem', risk: 'key' },
      { id: 3, industry: 'crowded', risk: 'general' },
      { id: 4, industry: 'workshop', risk: 'key' },
    ]);
    const hol = (id: number) => plan.filter((e) => e.unitId === id && e.kind === 'holiday').map((e) => e.month);
    expect(hol(1)).toEqual([1, 9]);
    expect(hol(2)).toEqual([1, 9]);
    expect(hol(3)).toEqual([]);
    expect(hol(4)).toEqual([]);
    // The quarter's 综合检查 avoids the month the unit already has its 节前 visit in.
    expect(plan.filter((e) => e.unitId === 1 && e.kind === 'comprehensive').map((e) => e.month)).not.toContain(1);
  });

  it('leaves out inactive units', () => {
    expect(generatePlan([{ id: 1, industry: 'other', risk: 'key', active: false }])).toEqual([]);
  });

  it('spreads a town’s year evenly over the months', () => {
    const units = town();
    const plan = generatePlan(units);
    const key = units.filter((u) => u.risk === 'key');
    const holidayUnits = key.filter((u) => u.industry === 'crowded' || u.industry === 'hazchem').length;
    expect(plan.length).toBe(key.length * 4 + (units.length - key.length) * 2 + holidayUnits * 2);
    const load = Array.from({ length: 12 }, (_, i) => count(plan, (e) => e.month === i + 1));
    // 300 entries over 12 months: 25 a month, within 2 either way.
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(2);
    // No unit is visited twice in one month, and no 重点 unit's 综合检查 fall in adjacent months.
    const seen = new Set(plan.map((e) => `${e.unitId}:${e.month}`));
    expect(seen.size).toBe(plan.length);
    for (const u of key) {
      const ms = plan.filter((e) => e.unitId === u.id && e.kind === 'comprehensive').map((e) => e.month);
      for (let i = 1; i < ms.length; i++) expect(ms[i]! - ms[i - 1]!, `unit ${u.id}: ${ms}`).toBeGreaterThan(1);
    }
  });

  it('gives the same plan for the same units (generating twice changes nothing)', () => {
    const units = town();
    const a = generatePlan(units);
    expect(generatePlan([...units].reverse())).toEqual(a);
  });

  it('counts kept entries: a requirement they meet is not planned again, and they weigh in the load', () => {
    const units: PlanUnit[] = [{ id: 7, industry: 'other', risk: 'general' }];
    const kept: PlanEntry[] = [{ unitId: 7, month: 2, kind: 'comprehensive' }];
    const plan = generatePlan(units, { kept });
    expect(plan).toEqual([{ unitId: 7, month: 7, kind: 'comprehensive' }]);
  });

  it('plans nothing before the first month (an entry there would be overdue on arrival)', () => {
    const plan = generatePlan([{ id: 1, industry: 'crowded', risk: 'key' }], { firstMonth: 5 });
    expect(plan.every((e) => e.month >= 5)).toBe(true);
    // Q1 is gone; Q2 goes to May or June; the 国庆 visit stays in September.
    expect(plan.filter((e) => e.kind === 'comprehensive').length).toBe(3);
    expect(plan.filter((e) => e.kind === 'holiday').map((e) => e.month)).toEqual([9]);
  });
});

describe('progress and fulfilment', () => {
  const entries = [
    { id: 1, unitId: 1, month: 3, kind: 'comprehensive' as const },
    { id: 2, unitId: 1, month: 6, kind: 'comprehensive' as const },
    { id: 3, unitId: 2, month: 3, kind: 'holiday' as const },
    { id: 4, unitId: 2, month: 12, kind: 'comprehensive' as const },
  ];

  it('fulfils an entry by the inspection naming it, or by one of the same unit, kind and month', () => {
    const f = fulfilledEntries(2023, entries, [
      { id: 10, unitId: 1, kind: 'comprehensive', on: '2023-07-02', planItemId: 2 }, // late, but names entry 2
      { id: 11, unitId: 1, kind: 'comprehensive', on: '2023-03-15', planItemId: null },
      { id: 12, unitId: 2, kind: 'comprehensive', on: '2023-03-15', planItemId: null }, // wrong kind for entry 3
      { id: 13, unitId: 2, kind: 'comprehensive', on: '2022-12-10', planItemId: null }, // another year
    ]);
    expect([...f.keys()].sort()).toEqual([1, 2]);
    expect(f.get(2)).toEqual({ inspectionId: 10, on: '2023-07-02' });
  });

  it('counts planned, done and overdue (month over, not done) by month and kind', () => {
    const p = planProgress(
      2023,
      [
        { month: 3, kind: 'comprehensive', fulfilled: true },
        { month: 6, kind: 'comprehensive', fulfilled: false },
        { month: 3, kind: 'holiday', fulfilled: false },
        { month: 7, kind: 'comprehensive', fulfilled: false },
      ],
      '2023-07-20',
    );
    expect(p.total).toEqual({ planned: 4, done: 1, overdue: 2 });
    expect(p.byMonth[2]).toEqual({ month: 3, planned: 2, done: 1, overdue: 1 });
    expect(p.byMonth[6]).toEqual({ month: 7, planned: 1, done: 0, overdue: 0 });
    expect(p.byKind.find((k) => k.kind === 'holiday')).toEqual({ kind: 'holiday', planned: 1, done: 0, overdue: 1 });
  });

  it('judges a month over only once the next has begun', () => {
    expect(monthPast(2023, 7, '2023-07-31')).toBe(false);
    expect(monthPast(2023, 7, '2023-08-01')).toBe(true);
    expect(monthPast(2023, 12, '2024-01-01')).toBe(true);
  });
});

describe('checklists', () => {
  const ok = { code: 'A1', text: '检查内容', basis: '《安全生产法》第二十八条' };

  it('accepts a well-formed list', () => {
    expect(checklistProblems([ok, { ...ok, code: 'A2' }])).toEqual([]);
  });

  it('refuses an empty list, a repeated code, a missing basis, an over-long text', () => {
    expect(checklistProblems([])[0]!.path).toBe('items');
    expect(checklistProblems([ok, { ...ok }])).toEqual([
      { path: 'items.1.code', message: '第2项：编号“A1”与第1项重复' },
    ]);
    expect(checklistProblems([{ ...ok, basis: '  ' }])[0]!.path).toBe('items.0.basis');
    expect(checklistProblems([{ ...ok, text: '字'.repeat(301) }])[0]!.path).toBe('items.0.text');
  });

  it('ships a valid default list of 8 to 20 items for every industry, each citing the 安全生产法', () => {
    for (const ind of Object.keys(SAFETY_INDUSTRY_LABELS) as (keyof typeof SAFETY_INDUSTRY_LABELS)[]) {
      const d = DEFAULT_CHECKLISTS[ind];
      expect(checklistProblems(d.items), ind).toEqual([]);
      expect(d.items.length).toBeGreaterThanOrEqual(8);
      expect(d.items.length).toBeLessThanOrEqual(20);
      for (const it of d.items) expect(it.basis).toMatch(/^《安全生产法》第[一二三四五六七八九十]+条/);
    }
  });
});
