/**
 * The demo's case history: years of 湾头桥镇's work, driven through the real services as the
 * demo users at realistic dates, so every clock, document, audit record and statistic is what
 * the product would have produced. The years are the seed report's 2023 and the last full year
 * before the start (`demoYears`), so the dashboards have last year to show and the annual
 * report due by 1 March exists. Each module writes its own part of a year (its manifest's
 * `demo.year`, in the order of the module list); this orchestrates them, then writes each
 * year's annual report (./report.ts: 2023's a draft, the last full year's approved in time)
 * and fills the weeks before today (each module's `demo.present`, run by ./present.ts).
 *
 * The demo sits above the modules: it reaches them through the composed module list only,
 * and no module imports from here.
 */
import { shanghaiDate } from '@fazhi/domain';
import type { Services } from '../core/services.ts';
import { seedPresentDemo } from './present.ts';
import { SEED_REPORT_YEAR, seedReportDemo } from './report.ts';

export interface DemoCasesOptions {
  /** Mediation cases to simulate in each year (config FAZHI_DEMO_CASES, default 40 in each of the two simulated years: a first start stays within a minute, issue 13); 0 skips all cases. */
  mediation?: number;
  /** The present the recent weeks are simulated up to (the caller's clock; default `services.now()`). */
  now?: Date;
  log?: (line: string) => void;
  /** The fraction of the whole simulation done (0–1) and what is under way, for the first start's progress page. */
  progress?: (fraction: number, phase: string) => void;
}

// Shares of the whole run, from where the time goes on a first start: the modules' years,
// then the report draft, then the recent weeks.
const YEAR_SHARE = 0.75;
const REPORT_SHARE = 0.05;

/**
 * The years the demo simulates at `now` (Asia/Shanghai): the seed report's 2023, and the last
 * full year before `now` when that is a later one. Never a fixed year: the clock decides.
 */
export function demoYears(now: Date): number[] {
  const last = Number(shanghaiDate(now).slice(0, 4)) - 1;
  return last > SEED_REPORT_YEAR ? [SEED_REPORT_YEAR, last] : [SEED_REPORT_YEAR];
}

/**
 * Each of `demoYears` (with its open cases finished in the first quarter of the next, never
 * past `now`), their annual reports, then the weeks before `now`, so the demo is a town at
 * work today. When the two years touch (a start in the year after 2024) the first one's
 * first-quarter steps run before the second's January: the years are simulated one by one.
 */
export async function seedDemoCases(services: Services, opts: DemoCasesOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  if (opts.mediation === 0) return;
  const now = opts.now ?? services.now();
  const progress = opts.progress ?? (() => {});
  const modules = services.modules.modules.filter((m) => m.demo?.year);
  const years = demoYears(now);
  const parts = years.length * modules.length;
  for (const [y, year] of years.entries()) {
    log(`  ${year}年：`);
    for (const [i, m] of modules.entries()) {
      const phase = `模拟${m.label}的${year}年`;
      const done = y * modules.length + i;
      const part = (f: number) => progress(((done + Math.min(1, f)) / parts) * YEAR_SHARE, phase);
      part(0);
      const ctx = { now, year, until: now, log, mediationCases: opts.mediation, progress: part };
      for (const line of await m.demo!.year!.call(m.demo, services, services.own.get(m.key), ctx)) log(`    ${line}`);
    }
  }
  progress(YEAR_SHARE, '起草年度法治政府建设报告');
  // Each year's annual report, from the year simulated (issue 6): the seed's 2023 a draft ready
  // to submit; the last full year's drafted, approved before 1 March and published (issue 13).
  const STATE: Record<string, string> = {
    drafting: '草稿',
    submitted: '待审定',
    approved: '已审定',
    published: '已公开',
  };
  for (const year of years) {
    const t3 = Date.now();
    const r = await seedReportDemo(services, { year, approve: year !== SEED_REPORT_YEAR, now });
    if (r) {
      log(`  ${year}年度法治政府建设报告${STATE[r.state] ?? r.state}（${((Date.now() - t3) / 1000).toFixed(1)} 秒）`);
    }
  }
  // The recent weeks: open cases with running clocks in every working role's inbox, each
  // module's queued on one schedule, since their steps interleave on one calendar.
  const t4 = Date.now();
  progress(YEAR_SHARE + REPORT_SHARE, '模拟近几周的在办案件');
  const present = await seedPresentDemo(services, {
    now,
    log,
    progress: (f) => progress(YEAR_SHARE + REPORT_SHARE + f * (1 - YEAR_SHARE - REPORT_SHARE), '模拟近几周的在办案件'),
  });
  for (const line of present.lines) log(`  ${line}`);
  const counts = Object.entries(present.created).map(
    ([type, n]) => `${services.registry.find(type)?.type.label ?? type} ${n} 件`,
  );
  if (counts.length) log(`  近期在办：${counts.join('、')}（${((Date.now() - t4) / 1000).toFixed(1)} 秒）`);
}
