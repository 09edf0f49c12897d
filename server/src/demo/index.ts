/**
 * The demo's case history: a year (2023) of 湾头桥镇's mediation and petition work,
 * driven through the real CaseService as the demo users at realistic dates, so every
 * clock, document, audit record and statistic is what the product would have produced.
 */

import { seedCampaignDemo } from '../modules/mediation/campaigns/demo.ts';
import { seedMediationDemo } from '../modules/mediation/demo.ts';
import { seedPetitionDemo } from '../modules/petition/demo.ts';
import type { Services } from '../http/context.ts';
import { seedReportDemo } from './report.ts';
import { seedPresentDemo } from './present.ts';

export interface DemoCasesOptions {
  /** Mediation cases to simulate (config FAZHI_DEMO_CASES, default 60: a first start stays well under a minute); 0 skips all cases. */
  mediation?: number;
  /** The present the recent weeks are simulated up to (the caller's clock; default `services.now()`). */
  now?: Date;
  log?: (line: string) => void;
}

/**
 * 2023 (with its open cases finished in the first quarter of 2024), then the weeks before
 * `now`, so the demo is a town at work today.
 */
export async function seedDemoCases(services: Services, opts: DemoCasesOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  if (opts.mediation === 0) return;
  const now = opts.now ?? services.now();
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
  const tc = Date.now();
  const camp = await seedCampaignDemo(services);
  log(`  矛盾纠纷排查 ${camp.campaigns} 次、发现纠纷 ${camp.found} 件（${((Date.now() - tc) / 1000).toFixed(1)} 秒）`);
  // The 2023 annual report, drafted from the year just simulated (issue 6).
  const t3 = Date.now();
  const r = await seedReportDemo(services);
  if (r) log(`  2023年度法治政府建设报告草稿（${((Date.now() - t3) / 1000).toFixed(1)} 秒）`);
  // The recent weeks: open cases with running clocks in every working role's inbox.
  const t4 = Date.now();
  const present = await seedPresentDemo(services, { now });
  log(
    `  近期在办：矛盾纠纷 ${present.mediation} 件、信访事项 ${present.petitions} 件（${((Date.now() - t4) / 1000).toFixed(1)} 秒）`,
  );
}
