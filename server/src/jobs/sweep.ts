/**
 * The deadline sweep (documenso's expire-recipients-sweep pattern): finds open cases
 * whose nearest deadline has passed and records each breached clock once, as a case
 * event and an audit record. Safe with several server processes: candidates are
 * claimed with FOR UPDATE SKIP LOCKED in bounded batches, each case is re-checked
 * from its events, and the (case, clock, due) marker's primary key makes a second
 * recording impossible. `swept_on` keeps a case from being re-read more than once a day.
 */
import { clockStatus, shanghaiDate } from '@fazhi/domain';
import type { CaseRegistry } from '../cases/registry.ts';
import {
  claimOverdue,
  insertEvents,
  loadDocuments,
  loadEvents,
  markBreach,
  markSwept,
  nextEventSeq,
  toSnapshot,
} from '../cases/repository.ts';
import type { Db } from '../db/index.ts';
import { appendAudit } from '../platform/audit.ts';
import type { CalendarStore } from '../platform/calendar.ts';

export interface SweepResult {
  checked: number;
  breaches: number;
}

export async function sweepBreaches(
  db: Db,
  registry: CaseRegistry,
  calendars: CalendarStore,
  now: Date,
  opts: { batchSize?: number; maxBatches?: number } = {},
): Promise<SweepResult> {
  const batchSize = opts.batchSize ?? 200;
  const maxBatches = opts.maxBatches ?? 1000;
  const today = shanghaiDate(now);
  const result: SweepResult = { checked: 0, breaches: 0 };
  for (let b = 0; b < maxBatches; b++) {
    const n = await db.transaction().execute(async (trx) => {
      const rows = await claimOverdue(trx, today, batchSize);
      for (const row of rows) {
        const mod = registry.find(row.type);
        if (mod) {
          const calendar = await calendars.forTown(row.town_id, trx);
          const [events, docs] = await Promise.all([loadEvents(trx, row.id), loadDocuments(trx, row.id)]);
          const statuses = clockStatus(mod.type, toSnapshot(row, events, docs), calendar, now);
          for (const s of statuses) {
            if (s.kind !== 'duty' || s.state !== 'breached' || !s.due) continue;
            const due = s.due.length === 10 ? s.due : shanghaiDate(s.due);
            const first = await markBreach(trx, { caseId: row.id, clock: s.key, due, townId: row.town_id, at: now });
            if (!first) continue;
            const seq = await nextEventSeq(trx, row.id);
            await insertEvents(
              trx,
              row.id,
              row.town_id,
              [
                {
                  seq,
                  at: now.toISOString(),
                  actorId: 'system',
                  action: `breach:${s.key}`,
                  from: row.state,
                  to: row.state,
                  data: { clock: s.key, due, basis: s.basis },
                },
              ],
              seq,
              '系统',
            );
            await appendAudit(trx, {
              chainId: row.town_id,
              at: now,
              actorId: null,
              actorName: '系统',
              unitId: null,
              unitName: null,
              ip: null,
              action: 'case.breach',
              target: `case:${row.id}`,
              outcome: 'success',
              details: { number: row.number, clock: s.label, due, basis: s.basis },
            });
            result.breaches++;
          }
        }
        await markSwept(trx, row.id, today);
        result.checked++;
      }
      return rows.length;
    });
    if (n < batchSize) break;
  }
  return result;
}

/** Runs the sweep now and then every `intervalMs`, one run at a time; returns a stop function. */
export function scheduleSweep(
  run: () => Promise<SweepResult>,
  intervalMs: number,
  onError: (e: unknown) => void,
): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await run();
    } catch (e) {
      onError(e);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
