/**
 * Issue 13, "First start and the demo": the demo simulates the seed report's 2023 and the last
 * full year before the start, so on 2026-12-07 the 2025 法治政府建设情况报告 exists, drafted in
 * February 2026, approved before the 1 March deadline and published before 1 April
 * (法治政府建设与责任落实督察工作规定 arts 23–24; domain.md §11), stating only what its figures
 * show; and the statistics pages open on a year that has data (GET /api/cases/years).
 *
 * The mediation module alone, at a few cases a year, keeps the run short; the years, the
 * reports and the rule are the same whatever the modules.
 */
import { defaultDataYear } from '@fazhi/domain';
import { reportDeadlines } from '@fazhi/domain/api/reports';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoYears, seedDemoCases } from '../src/demo/index.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import type { FrozenReport } from '../src/report/service.ts';
import { as, type Harness, harness, login } from './helpers.ts';

const START = new Date('2026-12-07T09:30:00+08:00');

describe('the demo years', () => {
  it('are 2023 and the last full year before the start, from the clock', () => {
    expect(demoYears(START)).toEqual([2023, 2025]);
    expect(demoYears(new Date('2028-01-02T10:00:00+08:00'))).toEqual([2023, 2027]);
    // Shanghai time decides: 2025-12-31 20:00 UTC is already 2026 there.
    expect(demoYears(new Date('2025-12-31T20:00:00Z'))).toEqual([2023, 2025]);
    expect(demoYears(new Date('2024-06-01T10:00:00+08:00'))).toEqual([2023]);
  });
});

describe('a demo started on 2026-12-07', () => {
  let h: Harness;
  const lines: string[] = [];
  beforeAll(async () => {
    h = await harness({}, { modules: [mediationModule], demo: true });
    h.clock.current = START;
    await seedDemoCases(h.app.services, { mediation: 8, now: START, log: (l) => lines.push(l) });
  }, 900_000);
  afterAll(() => h?.close());

  const reportsOf = async () =>
    h.db.database.db
      .selectFrom('reports')
      .select(['id', 'year', 'state', 'approved_at', 'published_on', 'frozen'])
      .orderBy('year')
      .execute();

  it('督察工作规定 arts 23–24: the 2025 report is approved before 1 March 2026 and public before 1 April, with its figures', async () => {
    const r2025 = (await reportsOf()).find((r) => r.year === 2025);
    expect(r2025).toBeDefined();
    expect(r2025!.state).toBe('published');
    const frozen = r2025!.frozen as unknown as FrozenReport;
    const due = reportDeadlines(2025);
    expect(frozen.approvedOn < due.submit).toBe(true);
    expect(frozen.approvedOn >= '2026-01-01').toBe(true);
    expect(String(r2025!.published_on) <= due.publish).toBe(true);
    // Its figures are the year's: the year's disputes counted.
    const facts = Object.values(frozen.facts);
    expect(facts.length).toBeGreaterThan(0);
    expect(frozen.facts['mediation.registered']?.value).toBe(8);
    expect(facts.some((f) => (f.value ?? 0) > 0)).toBe(true);
    // No longer hand-entered by the demo (the safety module counts them: safety-demo.test.ts;
    // this installation has the mediation module only).
    expect(frozen.facts['safety.inspections']?.origin).not.toBe('manual');
    // What the leader approved asserts nothing its figures do not show: no placeholder is left in it.
    const text = JSON.stringify(frozen.sections.map((s) => s.narrative));
    expect(text).not.toContain('待补充');
    expect(frozen.title).toContain('2025年');
    expect(text).toContain('2025年，湾头桥镇');
  });

  it('the 2023 report is the seed year’s draft, every section submitted', async () => {
    const all = await reportsOf();
    expect(all.map((r) => r.year)).toEqual([2023, 2025]);
    const fz = await login(h.app, 'fazhiban', 'Demo@2026');
    const r2023 = all.find((r) => r.year === 2023)!;
    const detail = (await as(h.app, fz)('GET', `/api/reports/${r2023.id}`)).json();
    expect(detail).toMatchObject({ year: 2023, state: 'drafting', sectionsSubmitted: 9 });
    expect(detail.facts['mediation.registered']).toMatchObject({ value: 8 });
    // The draft keeps its markers for the office to fill in.
    expect(JSON.stringify(detail.sections)).toContain('〔待补充');
  });

  it('the reports list shows 2025 approved on time', async () => {
    const fz = await login(h.app, 'fazhiban', 'Demo@2026');
    const list = (await as(h.app, fz)('GET', '/api/reports')).json();
    const item = list.items.find((i: { year: number }) => i.year === 2025);
    expect(item.deadlines.submit.state).toBe('done');
    expect(item.deadlines.publish.state).toBe('done');
  });

  it('statistics open on this year when it has cases, else on the latest year that has', async () => {
    const leader = await login(h.app, 'leader', 'Demo@2026');
    const years = (await as(h.app, leader)('GET', '/api/cases/years?type=mediation')).json();
    // The recent weeks are this year's.
    expect(years).toEqual({ years: [2026, 2025, 2023], currentYear: 2026, defaultYear: 2026 });
    // In January 2027 nothing has been registered yet: the pages open on 2026.
    h.clock.current = new Date('2027-01-04T09:00:00+08:00');
    const back = await login(h.app, 'leader', 'Demo@2026');
    const january = (await as(h.app, back)('GET', '/api/cases/years?type=mediation')).json();
    expect(january).toEqual({ years: [2026, 2025, 2023], currentYear: 2027, defaultYear: 2026 });
    // No case of a type at all: this year.
    const none = (await as(h.app, back)('GET', '/api/cases/years?type=petition')).json();
    expect(none).toEqual({ years: [], currentYear: 2027, defaultYear: 2027 });
    h.clock.current = START;
  });
});

describe('the default year of a statistics page (issue 13)', () => {
  it('is this year with data, else the latest earlier year with data, else this year', () => {
    expect(defaultDataYear([2026, 2025, 2023], 2026)).toBe(2026);
    expect(defaultDataYear([2025, 2023], 2026)).toBe(2025);
    expect(defaultDataYear([2023], 2026)).toBe(2023);
    // A later year's records (a clock set back) never make the default.
    expect(defaultDataYear([2027, 2023], 2026)).toBe(2023);
    expect(defaultDataYear([], 2026)).toBe(2026);
  });
});
