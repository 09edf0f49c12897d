/**
 * The demo's case history: a year (2023) of 湾头桥镇's mediation and petition work,
 * driven through the real CaseService as the demo users at realistic dates, so every
 * clock, document, audit record and statistic is what the product would have produced.
 */
import { seedMediationDemo } from '../cases/mediation/demo.ts';
import { seedPetitionDemo } from '../cases/petition/demo.ts';
import type { Services } from '../http/context.ts';
import { seedReportDemo } from '../report/demo.ts';

export interface DemoCasesOptions {
  /** Mediation cases to simulate (config FAZHI_DEMO_CASES, default 60: a first start stays well under a minute). */
  mediation?: number;
  log?: (line: string) => void;
}

export async function seedDemoCases(services: Services, opts: DemoCasesOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const started = Date.now();
  const m = await seedMediationDemo(services, { count: opts.mediation ?? 120 });
  log(`  矛盾纠纷调解 ${m.cases} 件、文书 ${m.documents} 份（${((Date.now() - started) / 1000).toFixed(0)} 秒）`);
  const t2 = Date.now();
  const p = await seedPetitionDemo(services);
  log(`  信访事项 ${p.caseIds.length} 件（${((Date.now() - t2) / 1000).toFixed(0)} 秒）`);
  if (p.leaders) {
    const l = p.leaders;
    log(
      `  领导接访安排 ${l.slots} 次、接访 ${l.receptions} 次（登记信访 ${l.receptionCaseIds.length} 件）、带案下访 ${l.visits} 次`,
    );
  }
  // The 2023 annual report, drafted from the year just simulated (issue 6).
  const t3 = Date.now();
  const r = await seedReportDemo(services);
  if (r) log(`  2023年度法治政府建设报告草稿（${((Date.now() - t3) / 1000).toFixed(1)} 秒）`);
}
