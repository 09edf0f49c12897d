/**
 * The app's fixed cost per call, in process (issue 19, "cut the fixed per-call JS: measure with
 * a profile"): builds the app as town-server.ts does on a bench:town data directory, signs the
 * clerk in, then sends `--calls` requests to one endpoint through `app.inject`, `--concurrency`
 * at a time, and prints wall time, Node CPU time and database round trips per call. No HTTP
 * socket and no load generator share the process, so what is left is the app's own work.
 *
 *   npm run bench:profile -- [--embedded bench/out/town] [--endpoint detail|inbox|list|search|health]
 *   npm run bench:profile -- --endpoint detail --prof out/detail.cpuprofile   (a V8 CPU profile of the timed calls only)
 *
 * The data directory must hold a bench:town load (run `npm run bench:town` once).
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '@fazhi/server/src/app.ts';
import { loadConfig } from '@fazhi/server/src/config.ts';
import { openAndImport } from '@fazhi/server/src/db/legacy.ts';
import { migrate } from '@fazhi/server/src/db/migrate.ts';
import { MODULES } from '@fazhi/server/src/modules.ts';
import { complaintModule } from '@fazhi/server/test/fixtures/complaint.ts';
import { sql } from 'kysely';
import pg from 'pg';
import { BENCH_PASSWORD, username } from './target.ts';

const { values: opts } = parseArgs({
  options: {
    embedded: { type: 'string', default: 'bench/out/town' },
    endpoint: { type: 'string', default: 'detail' },
    calls: { type: 'string', default: '600' },
    warmup: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '1' },
    prof: { type: 'string' },
  },
});
const DIR = path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.embedded!);

async function main() {
  const cfg = {
    ...loadConfig({ ...process.env, FAZHI_DATA_DIR: DIR, HOST: '127.0.0.1', LOG_LEVEL: 'warn' }),
    loginRatePerMinute: 100_000,
  };
  const { database } = await openAndImport(cfg, () => {});
  await migrate(database.db);
  // Round trips counted at the driver (a Kysely plugin would compile every statement twice and show in the profile).
  let statements = 0;
  let sqlBytes = 0;
  let paramBytes = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    const q = args[0] as string | { text?: string; values?: unknown[] };
    const text = typeof q === 'string' ? q : (q.text ?? '');
    const values = (typeof q === 'string' ? args[1] : q.values) as unknown[] | undefined;
    sqlBytes += Buffer.byteLength(text);
    paramBytes += values ? Buffer.byteLength(JSON.stringify(values)) : 0;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const app = await buildApp({ config: cfg, database, modules: [...MODULES, complaintModule] });
  const mem = (when: string) => {
    const m = process.memoryUsage();
    const mb = (n: number) => Math.round(n / 1048576);
    console.log(
      `memory ${when}: RSS ${mb(m.rss)} MB, V8 heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, ` +
        `external ${mb(m.external)} MB (array buffers ${mb(m.arrayBuffers)})`,
    );
  };
  try {
    await app.ready();
    mem('after start');
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: username.tiaojie(1), password: BENCH_PASSWORD },
    });
    if (login.statusCode !== 200) throw new Error(`login: ${login.statusCode} ${login.body}`);
    const cookies = Object.fromEntries(login.cookies.map((c) => [c.name, c.value]));
    const ids = (
      await sql<{ id: number }>`
        select id from cases where town_id = (select id from org_units where kind = 'town' order by sort_order, id limit 1)
        order by md5(id::text) limit 200`.execute(database.db)
    ).rows.map((r) => r.id);
    const url = (i: number) =>
      ({
        detail: `/api/cases/${ids[i % ids.length]}`,
        inbox: '/api/inbox',
        list: '/api/cases',
        search: `/api/cases?q=${encodeURIComponent('宅基地')}`,
        health: '/api/health',
      })[opts.endpoint!] ?? opts.endpoint!;
    let next = 0;
    const run = async (n: number) => {
      const end = next + n;
      const worker = async () => {
        while (next < end) {
          const r = await app.inject({ method: 'GET', url: url(next++), cookies });
          if (r.statusCode !== 200) throw new Error(`${r.statusCode} ${r.body.slice(0, 200)}`);
        }
      };
      await Promise.all(Array.from({ length: Number(opts.concurrency) }, worker));
    };
    await run(Number(opts.warmup));
    statements = 0;
    sqlBytes = 0;
    paramBytes = 0;
    const calls = Number(opts.calls);
    const inspector = opts.prof ? new Session() : null;
    if (inspector) {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 100 });
      await inspector.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run(calls);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    mem('after the calls');
    if (inspector) {
      const { profile } = await inspector.post('Profiler.stop');
      const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.prof!);
      fs.writeFileSync(file, JSON.stringify(profile));
      inspector.disconnect();
      console.log(`profile written to ${file}`);
    }
    console.log(
      `${opts.endpoint} × ${calls} (concurrency ${opts.concurrency}): wall ${(wall / calls).toFixed(2)} ms/call, ` +
        `Node CPU ${((cpu.user + cpu.system) / 1000 / calls).toFixed(2)} ms/call, ` +
        `statements ${(statements / calls).toFixed(2)}/call, SQL text ${Math.round(sqlBytes / calls)} B/call, parameters ${Math.round(paramBytes / calls)} B/call`,
    );
  } finally {
    await app.close();
    await database.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
