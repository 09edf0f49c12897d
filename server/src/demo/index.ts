/**
 * The demo's case history: a year (2023) of 湾头桥镇's work, driven through the real services
 * as the demo users at realistic dates, so every clock, document, audit record and statistic
 * is what the product would have produced. Each module writes its own part (its manifest's
 * `demo.year`, in the order of the module list); this orchestrates them, then drafts the
 * annual report from the year just simulated and fills the weeks before today (each module's
 * `demo.present`, run by ./present.ts).
 *
 * The demo sits above the modules: it reaches them through the composed module list only,
 * and no module imports from here.
 */
import type { Services } from '../core/services.ts';
import { seedPresentDemo } from './present.ts';
import { seedReportDemo } from './report.ts';

export interface DemoCasesOptions {
  /** Mediation cases to simulate (config FAZHI_DEMO_CASES, default 60: a first start stays well under a minute); 0 skips all cases. */
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
 * 2023 (with its open cases finished in the first quarter of 2024), then the weeks before
 * `now`, so the demo is a town at work today.
 */
export async function seedDemoCases(services: Services, opts: DemoCasesOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  if (opts.mediation === 0) return;
  const now = opts.now ?? services.now();
  const progress = opts.progress ?? (() => {});
  const years = services.modules.modules.filter((m) => m.demo?.year);
  for (const [i, m] of years.entries()) {
    const phase = `模拟${m.label}的一年`;
    const part = (f: number) => progress(((i + Math.min(1, f)) / years.length) * YEAR_SHARE, phase);
    part(0);
    const ctx = { now, log, mediationCases: opts.mediation, progress: part };
    for (const line of await m.demo!.year!.call(m.demo, services, services.own.get(m.key), ctx)) log(`  ${line}`);
  }
  progress(YEAR_SHARE, '起草年度法治政府建设报告');
  // The 2023 annual report, drafted from the year just simulated (issue 6).
  const t3 = Date.now();
  const r = await seedReportDemo(services);
  if (r) log(`  2023年度法治政府建设报告草稿（${((Date.now() - t3) / 1000).toFixed(1)} 秒）`);
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
