/**
 * The demo's present: the weeks before `now` at 湾头桥镇, so an official who logs in finds a
 * town at work rather than a finished 2023. Each module queues its cases of the last weeks
 * (its manifest's `demo.present`) on one kit (core/demo.ts): open matters with their clocks
 * running, most within time, a few due in the next working days, one or two a few days
 * overdue, and matters waiting for a leader. This runs the queued steps of every module in
 * one time order, then the deadline sweep the server would have run by now.
 *
 * `now` is an argument (the caller's clock): the seed never reads the time itself.
 * Deterministic for a given `now` and module list.
 */
import { buildDemoKit } from '../core/demo.ts';
import type { Services } from '../core/services.ts';
import { sweepBreaches } from '../jobs/sweep.ts';

export interface PresentDemoResult {
  /** Cases registered, by case type key. */
  created: Record<string, number>;
  steps: number;
  /** What the modules' steps said, for the log. */
  lines: string[];
}

export async function seedPresentDemo(
  services: Services,
  opts: { now: Date; log?: (line: string) => void; progress?: (fraction: number) => void },
): Promise<PresentDemoResult> {
  const { now } = opts;
  const log = opts.log ?? (() => {});
  const { kit, run } = await buildDemoKit(
    { db: services.database.db, cases: services.cases, calendars: services.calendars },
    now,
  );
  const lines: string[] = [];
  for (const m of services.modules.modules) {
    if (!m.demo?.present) continue;
    lines.push(...(await m.demo.present.call(m.demo, services, services.own.get(m.key), { now, log, kit })));
  }
  const { created, steps } = await run(opts.progress);
  // What the server's sweep would have recorded by now: the overdue clocks' breach events.
  await sweepBreaches(services.database.db, services.registry, services.calendars, now);
  return { created, steps, lines };
}
