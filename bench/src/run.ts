/**
 * The case engine's benchmarks: each scenario runs through the API path (the real
 * CaseService with a CaseAccess built from a real session, as a route does), through
 * HTTP (`app.inject`: session check, zod validation and serialisation) and as the
 * hand-written SQL baseline (baseline.ts), interleaved in the same run on the same pool,
 * so a ratio compares like with like on the same data, cache state and machine load.
 *
 *   npm run bench                              (PostgreSQL database fazhi_bench)
 *   npm run bench -- --embedded bench/out/town (embedded PostgreSQL data dir)
 *
 * Targets are printed as PASS/FAIL; the process never fails on a miss.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CaseListQuerySchema, queryTokens } from '@fazhi/domain';
import { buildApp } from '@fazhi/server/src/app.ts';
import { caseAccess } from '@fazhi/server/src/cases/access.ts';
import { type CaseService, encodeCursor } from '@fazhi/server/src/cases/service.ts';
import { loadConfig } from '@fazhi/server/src/config.ts';
import { buildServices } from '@fazhi/server/src/core/services.ts';
import type { Db } from '@fazhi/server/src/db/index.ts';
import { listMigrations, migrate } from '@fazhi/server/src/db/migrate.ts';
import { CSRF_COOKIE, SESSION_COOKIE } from '@fazhi/server/src/http/cookies.ts';
import type { AuditEntry } from '@fazhi/server/src/platform/audit.ts';
import type { AuthContext } from '@fazhi/server/src/platform/context.ts';
import { complaintModule } from '@fazhi/server/test/fixtures/complaint.ts';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery as CQ, sql } from 'kysely';
import * as base from './baseline.ts';
import { capturingDb } from './capture.ts';
import { ms, ratio, type Summary, summarize, table, timed } from './stats.ts';
import { BENCH_PASSWORD, OUT_DIR, resolveTarget, username } from './target.ts';

const TARGET_P95_MS = 50;
const TARGET_RATIO = 2;
const TARGET_RPS = 500;

const { values: opts } = parseArgs({
  options: {
    embedded: { type: 'string' },
    // The option's name before decision 0006 (the directory then held PGlite).
    pglite: { type: 'string' },
    db: { type: 'string' },
    town: { type: 'string', default: '1' },
    iterations: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '10' },
    'action-iterations': { type: 'string', default: '30' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    'skip-http': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    statements: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const ITER = Number(opts.iterations);
const WARMUP = Number(opts.warmup);
const ACTION_ITER = Number(opts['action-iterations']);
const TOWN = Number(opts.town);

interface Session {
  username: string;
  token: string;
  csrf: string;
  cookie: string;
  auth: AuthContext;
}

interface Scenario {
  group: 'inbox' | 'list' | 'search' | 'detail' | 'action' | 'info';
  name: string;
  api(i: number): Promise<unknown>;
  baseline(i: number): Promise<unknown>;
  http(i: number): Promise<unknown>;
  /** Runs the API through a capturing database: the statements of one call. */
  capture(svc: CaseService, db: Db, i: number): Promise<unknown>;
  /** Same result from the API and the baseline? A short verdict. */
  check?(): Promise<string>;
  iterations: number;
  warmup: number;
}

interface Outcome {
  scenario: Scenario;
  api: Summary;
  baseline: Summary;
  http: Summary;
  statements: number;
  same: string;
}

async function main() {
  const target = resolveTarget({ embedded: opts.embedded ?? opts.pglite, db: opts.db });
  const database = await target.open(10);
  const db = database.db;
  // As the server does on start: the bench measures the schema the code expects.
  try {
    const applied = await migrate(db);
    if (applied.length > 0) console.log(`applied pending migrations: ${applied.join(', ')}`);
  } catch (e) {
    throw new Error(`${(e as Error).message}: regenerate the bench data with bench:data --reset`);
  }
  const info = await machineInfo(db, target.label);
  console.log(info.text);
  await checkIndexes(db);

  const config = {
    ...loadConfig({ LOG_LEVEL: 'silent', FAZHI_DATA_DIR: target.dataDir }),
    databaseUrl: target.databaseUrl,
    webDist: '/nonexistent',
    loginRatePerMinute: 100_000,
  };
  const app = await buildApp({ config, database, logger: false, modules: [complaintModule] });
  await app.ready();
  const services = app.services;
  const cases = services.cases;

  const tj = await signIn(app, username.tiaojie(TOWN));
  const leader = await signIn(app, username.leader(TOWN));
  const officer = await signIn(app, username.village(TOWN, 1));
  const county = await signIn(app, username.county);
  const townId = tj.auth.townId!;
  const villageId = officer.auth.assignments[0]!.unitId;
  const window = await cases.dueWindow(await caseAccess(db, tj.auth, cases.registry), new Date());

  const scenarios: Scenario[] = [];
  const add = (s: Omit<Scenario, 'iterations' | 'warmup'> & Partial<Pick<Scenario, 'iterations' | 'warmup'>>) =>
    scenarios.push({ iterations: ITER, warmup: WARMUP, ...s });

  // ---------------------------------------------------------------- inbox
  const inboxScenario = (label: string, s: Session, villageOnly: number | null) => {
    const scope = async () => ({
      townId,
      userId: s.auth.userId,
      roles: (await caseAccess(db, s.auth, cases.registry)).roles,
      villageId: villageOnly,
      today: window.today,
      warnUntil: window.warnUntil,
    });
    add({
      group: 'inbox',
      name: `inbox — ${label}`,
      api: async () => cases.inbox(await caseAccess(db, s.auth, cases.registry), new Date()),
      baseline: async () => base.inbox(db, await scope()),
      http: () => get(app, s, '/api/inbox'),
      capture: async (svc, cdb) => svc.inbox(await caseAccess(cdb, s.auth, cases.registry), new Date()),
      check: async () => {
        const a = await cases.inbox(await caseAccess(db, s.auth, cases.registry), new Date());
        const b = await base.inbox(db, await scope());
        return sameIds(
          a.items.map((x) => x.id),
          b.rows.map((r) => String(r.id)),
          `total ${a.counts.total}`,
          a.counts.total === b.counts.total &&
            a.counts.breached === b.counts.breached &&
            a.counts.warn === b.counts.warn &&
            (a.nextCursor !== null) === b.more,
        );
      },
    });
  };
  inboxScenario('village officer', officer, villageId);
  inboxScenario('town tiaojie', tj, null);
  inboxScenario('town leader', leader, null);

  // ---------------------------------------------------------------- lists
  const listScenario = (
    group: Scenario['group'],
    label: string,
    s: Session,
    query: Record<string, string>,
    filter: Omit<base.ListFilter, 'limit' | 'after'>,
    depth: number | null,
  ) => {
    let cursor: string | undefined;
    let after: { at: Date; id: number } | undefined;
    const prepare = async () => {
      if (depth === null || cursor) return;
      const total = await base.count(db, filter);
      const row = await base.rowAt(db, filter, Math.floor(total * depth));
      if (!row) return;
      after = { at: row.updated_at, id: row.id };
      // The list's own cursor (its sort, then the keys): the default sort is 最近更新, newest first.
      const sorted = CaseListQuerySchema.parse(query);
      cursor = encodeCursor(sorted, { cur0: row.updated_at.toISOString(), cur1: '0', id: row.id } as never);
    };
    const q = () => CaseListQuerySchema.parse({ ...query, ...(cursor ? { cursor } : {}) });
    const url = () => `/api/cases?${new URLSearchParams({ ...query, ...(cursor ? { cursor } : {}) })}`;
    add({
      group,
      name: label,
      api: async () => {
        await prepare();
        return cases.list(await caseAccess(db, s.auth, cases.registry), q(), new Date());
      },
      baseline: async () => {
        await prepare();
        return base.list(db, { ...filter, limit: 50, ...(after ? { after } : {}) });
      },
      http: async () => {
        await prepare();
        return get(app, s, url());
      },
      capture: async (svc, cdb) => svc.list(await caseAccess(cdb, s.auth, cases.registry), q(), new Date()),
      check: async () => {
        await prepare();
        const a = await cases.list(await caseAccess(db, s.auth, cases.registry), q(), new Date());
        const b = await base.list(db, { ...filter, limit: 50, ...(after ? { after } : {}) });
        return sameIds(
          a.items.map((x) => x.id),
          b.slice(0, 50).map((r) => String(r.id)),
          `${a.items.length} rows`,
        );
      },
    });
  };
  const byVillage = { type: 'complaint', state: 'accepted', village: String(villageId) };
  const byVillageF = { townId, type: 'complaint', state: 'accepted', villageId };
  listScenario('list', 'list type+state+village — first page', tj, byVillage, byVillageF, null);
  listScenario('list', 'list type+state+village — deep page (90%)', tj, byVillage, byVillageF, 0.9);
  listScenario('list', 'list, no filter — first page', tj, {}, { townId }, null);
  listScenario('list', 'list, no filter — deep page (90%)', tj, {}, { townId }, 0.9);

  for (const word of ['纠纷', '围墙', '宅基地', '王秀英', '土地承包', '夜间施工']) {
    listScenario(
      'search',
      `search 「${word}」 (${[...word].length} chars)`,
      tj,
      { q: word },
      { townId, tokens: queryTokens(word)! },
      null,
    );
  }

  // ---------------------------------------------------------------- detail
  const detailIds = (
    await sql<{
      id: number;
    }>`select id from cases where town_id = ${townId} order by md5(id::text) limit ${ITER + WARMUP}`.execute(db)
  ).rows.map((r) => r.id);
  add({
    group: 'detail',
    name: 'case detail',
    api: async (i) =>
      cases.detail(await caseAccess(db, tj.auth, cases.registry), detailIds[i % detailIds.length]!, new Date()),
    baseline: (i) => base.detail(db, townId, detailIds[i % detailIds.length]!),
    http: (i) => get(app, tj, `/api/cases/${detailIds[i % detailIds.length]}`),
    capture: async (svc, cdb, i) =>
      svc.detail(await caseAccess(cdb, tj.auth, cases.registry), detailIds[i % detailIds.length]!, new Date()),
    check: async () => {
      const id = detailIds[0]!;
      const a = await cases.detail(await caseAccess(db, tj.auth, cases.registry), id, new Date());
      const b = await base.detail(db, townId, id);
      const ok =
        b !== null &&
        a.events.length === b.events &&
        a.parties.length === b.parties &&
        a.documents.length === b.documents &&
        a.attachments.length === b.attachments;
      return ok ? `✓ same (${a.events.length} events, ${a.parties.length} parties)` : '✗ differs';
    },
  });

  // ---------------------------------------------------------------- action
  const actionNeed = ACTION_ITER + 3;
  const candidates = (
    await sql<{ id: number; version: number }>`
      select c.id, c.version from cases c
      where c.town_id = ${townId} and c.state = 'registered'
        and exists (select 1 from documents d where d.case_id = c.id and d.kind = 'acceptance_notice')
      order by md5(c.id::text) limit ${actionNeed * 4}`.execute(db)
  ).rows;
  if (candidates.length < actionNeed * 4) {
    console.log(
      `! only ${candidates.length} registered cases with a notice left in town ${TOWN}; the action runs fewer iterations (regenerate with --reset, or use --town)`,
    );
  }
  const quarter = Math.floor(candidates.length / 4);
  const pools = {
    api: candidates.slice(0, quarter),
    baseline: candidates.slice(quarter, 2 * quarter),
    http: candidates.slice(2 * quarter, 3 * quarter),
    capture: candidates.slice(3 * quarter),
  };
  let handlingDue: string | null = null;
  const auditor = (s: Session, now: Date) => (action: string, target: string, details?: Record<string, unknown>) =>
    ({
      chainId: s.auth.chainId,
      at: now,
      actorId: s.auth.userId,
      actorName: s.auth.displayName,
      unitId: s.auth.primaryUnit?.id ?? null,
      unitName: s.auth.primaryUnit?.name ?? null,
      ip: '127.0.0.1',
      action,
      target,
      outcome: 'success',
      details,
    }) satisfies AuditEntry;
  const apiAccept = async (svc: CaseService, cdb: Db, c: { id: number; version: number }) => {
    const now = new Date();
    await svc.act(
      await caseAccess(cdb, tj.auth, cases.registry),
      c.id,
      'accept',
      { version: c.version },
      now,
      auditor(tj, now),
    );
  };
  add({
    group: 'action',
    name: 'action accept (transition + event + audit)',
    iterations: Math.max(0, quarter - 3),
    warmup: Math.min(3, quarter),
    api: async (i) => {
      const c = pools.api[i]!;
      await apiAccept(cases, db, c);
      if (!handlingDue) handlingDue = await nextDue(db, c.id);
    },
    baseline: async (i) => {
      const c = pools.baseline[i]!;
      const now = new Date();
      const ok = await base.accept(db, {
        caseId: c.id,
        version: c.version,
        townId,
        chainId: tj.auth.chainId,
        actorId: tj.auth.userId,
        actorName: tj.auth.displayName,
        now,
        due: handlingDue ?? window.today,
      });
      if (!ok) throw new Error(`baseline accept of case ${c.id} found a changed version`);
    },
    http: async (i) => {
      const c = pools.http[i]!;
      const res = await app.inject({
        method: 'POST',
        url: `/api/cases/${c.id}/actions/accept`,
        payload: { version: c.version },
        headers: { cookie: tj.cookie, 'x-csrf-token': tj.csrf },
      });
      if (res.statusCode !== 200) throw new Error(`accept ${c.id}: ${res.statusCode} ${res.body}`);
    },
    capture: (svc, cdb, i) => apiAccept(svc, cdb, pools.capture[i]!),
    check: async () => {
      const a = pools.api[0];
      const b = pools.baseline[0];
      if (!a || !b) return '—';
      const r = await sql<{ id: number; state: string; roles: string; next_due: string; clock: string; v: number }>`
        select id, state, actor_roles::text as roles, next_due, next_clock as clock, version as v
        from cases where id in (${a.id}, ${b.id})`.execute(db);
      const [x, y] = [r.rows.find((q) => q.id === a.id), r.rows.find((q) => q.id === b.id)];
      const same =
        x && y && x.state === y.state && x.roles === y.roles && x.next_due === y.next_due && x.clock === y.clock;
      return same ? `✓ same facts (${x.state}, due ${x.next_due})` : `✗ ${JSON.stringify(x)} vs ${JSON.stringify(y)}`;
    },
  });

  // ---------------------------------------------------------------- county (information)
  const countyScope = await caseAccess(db, county.auth, cases.registry);
  // Seconds per call at county scale: fewer samples keep the run short.
  const infoRuns = { iterations: Math.max(10, Math.round(ITER / 5)), warmup: 2 };
  add({
    ...infoRuns,
    group: 'info',
    name: `county viewer list — first page (${countyScope.townIds.length} towns)`,
    api: async () =>
      cases.list(await caseAccess(db, county.auth, cases.registry), CaseListQuerySchema.parse({}), new Date()),
    baseline: async () => base.list(db, { townId: countyScope.townIds, limit: 50 }),
    http: () => get(app, county, '/api/cases'),
    capture: async (svc, cdb) =>
      svc.list(await caseAccess(cdb, county.auth, cases.registry), CaseListQuerySchema.parse({}), new Date()),
    check: async () => {
      const a = await cases.list(countyScope, CaseListQuerySchema.parse({}), new Date());
      const b = await base.listOneStatement(db, { townId: countyScope.townIds, limit: 50 });
      return sameIds(
        a.items.map((x) => x.id),
        b.slice(0, 50).map((r) => String(r.id)),
        `${a.items.length} rows, as one statement`,
      );
    },
  });
  add({
    ...infoRuns,
    group: 'info',
    name: 'county viewer search 「宅基地」',
    api: async () =>
      cases.list(
        await caseAccess(db, county.auth, cases.registry),
        CaseListQuerySchema.parse({ q: '宅基地' }),
        new Date(),
      ),
    baseline: async () => base.list(db, { townId: countyScope.townIds, tokens: queryTokens('宅基地')!, limit: 50 }),
    http: () => get(app, county, `/api/cases?q=${encodeURIComponent('宅基地')}`),
    capture: async (svc, cdb) =>
      svc.list(
        await caseAccess(cdb, county.auth, cases.registry),
        CaseListQuerySchema.parse({ q: '宅基地' }),
        new Date(),
      ),
    check: async () => {
      const a = await cases.list(countyScope, CaseListQuerySchema.parse({ q: '宅基地' }), new Date());
      const b = await base.listOneStatement(db, {
        townId: countyScope.townIds,
        tokens: queryTokens('宅基地')!,
        limit: 50,
      });
      return sameIds(
        a.items.map((x) => x.id),
        b.slice(0, 50).map((r) => String(r.id)),
        `${a.items.length} rows, as one statement`,
      );
    },
  });

  // ---------------------------------------------------------------- run
  const selected = opts.only ? scenarios.filter((s) => s.name.includes(opts.only!)) : scenarios;
  const outcomes: Outcome[] = [];
  for (const s of selected) {
    const o = await runScenario(s, db, services);
    outcomes.push(o);
    console.log(
      `${pad(s.name, 52)} api p50 ${ms(o.api.p50)} p95 ${ms(o.api.p95)} · sql p50 ${ms(o.baseline.p50)} p95 ${ms(o.baseline.p95)} · http p50 ${ms(o.http.p50)} p95 ${ms(o.http.p95)} ms · ${ratio(o.api.p50, o.baseline.p50)} · ${o.statements} stmts · ${o.same}`,
    );
    const missed = s.group !== 'action' && s.group !== 'info' && o.api.p95 > TARGET_P95_MS;
    if (opts.explain || missed) await explain(s, db, services);
  }

  let throughput: Throughput[] = [];
  if (!opts['skip-http']) throughput = await runThroughput(app, db, [officer, tj], townId, villageId, window);

  report(info, outcomes, throughput);
  await app.close();
  await database.close();
}

// ------------------------------------------------------------------ running

async function runScenario(s: Scenario, db: Db, services: FastifyInstance['services']): Promise<Outcome> {
  const samples = { api: [] as number[], baseline: [] as number[], http: [] as number[] };
  const kinds = ['api', 'baseline', 'http'] as const;
  for (let i = 0; i < s.warmup + s.iterations; i++) {
    // Rotating the order spreads cache warming and pool state evenly over the three.
    for (let k = 0; k < 3; k++) {
      const kind = kinds[(i + k) % 3]!;
      const t = await timed(() => s[kind](i));
      if (i >= s.warmup) samples[kind].push(t);
    }
  }
  const cap = capturingService(db, services);
  // Twice: the first call fills the settings and calendar caches, the second is a steady-state request.
  let captured = true;
  const fail = (e: unknown) => {
    captured = false;
    console.log(`! ${s.name}: the statement capture failed: ${(e as Error).message}`);
  };
  await s.capture(cap.service, cap.db, 0).catch(fail);
  cap.log.length = 0;
  await s.capture(cap.service, cap.db, 1).catch(fail);
  if (opts.statements) {
    for (const q of cap.log) console.log(`    · ${q.sql.replace(/\s+/g, ' ').slice(0, 160)}`);
  }
  return {
    scenario: s,
    api: summarize(samples.api),
    baseline: summarize(samples.baseline),
    http: summarize(samples.http),
    statements: captured ? cap.log.length : Number.NaN,
    same: s.check ? await s.check() : '—',
  };
}

/** A CaseService over a database that records every statement it sends. */
function capturingService(db: Db, services: FastifyInstance['services']) {
  const { db: cdb, log } = capturingDb(db);
  // The same composition as the app's, over the capturing connection.
  const service = buildServices(
    services.config,
    { ...services.database, db: cdb },
    services.modules,
    services.now,
  ).cases;
  return { db: cdb, service, log };
}

/** EXPLAIN (ANALYZE, BUFFERS) of every read statement one API call issues, slowest first. */
async function explain(s: Scenario, db: Db, services: FastifyInstance['services']) {
  if (s.group === 'action') return;
  const cap = capturingService(db, services);
  await s.capture(cap.service, cap.db, 2);
  const plans: { time: number; text: string; sql: string; params: readonly unknown[] }[] = [];
  for (const q of cap.log) {
    if (!/^\s*(select|with)\b/i.test(q.sql) || /for update/i.test(q.sql)) continue;
    const r = await db.executeQuery<{ 'QUERY PLAN': string }>(
      CQ.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]),
    );
    const text = r.rows.map((x) => x['QUERY PLAN']).join('\n');
    const time = Number(/Execution Time: ([\d.]+)/.exec(text)?.[1] ?? 0);
    plans.push({ time, text, sql: q.sql, params: q.parameters });
  }
  plans.sort((a, b) => b.time - a.time);
  console.log(`\n--- EXPLAIN ${s.name}: ${plans.length} statements`);
  for (const p of plans.slice(0, 3)) {
    console.log(`\n${p.sql}\n  params: ${JSON.stringify(p.params)}\n${p.text}\n`);
  }
}

// ------------------------------------------------------------------ HTTP throughput

interface Throughput {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function runThroughput(
  app: FastifyInstance,
  db: Db,
  sessions: Session[],
  townId: number,
  villageId: number,
  window: { today: string; warnUntil: string },
): Promise<Throughput[]> {
  const out: Throughput[] = [];
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  // The floor: node:http, the session check and the inbox SQL, nothing else.
  const scopes = new Map<number, base.InboxScope>();
  for (const s of sessions) {
    const villageOnly = s.auth.assignments.some((a) => a.role === 'village') ? villageId : null;
    const roles = (await caseAccess(db, s.auth, app.services.registry)).roles;
    scopes.set(s.auth.userId, { townId, userId: s.auth.userId, roles, villageId: villageOnly, ...window });
  }
  const bare = http.createServer((req, res) => {
    const token = /fazhi_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    void (async () => {
      const uid = token ? await base.sessionUser(db, token, new Date()) : null;
      const scope = uid == null ? undefined : scopes.get(uid);
      if (!scope) {
        res.writeHead(401).end();
        return;
      }
      const r = await base.inbox(db, scope);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ items: r.rows, counts: r.counts, more: r.more }));
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as AddressInfo).port;
  try {
    for (const s of sessions) {
      const fresh = await signIn(app, s.username);
      const who = s.username;
      out.push({ name: `GET /api/inbox (${who})`, ...(await autocannon(`http://127.0.0.1:${port}/api/inbox`, fresh)) });
      out.push({
        name: `baseline inbox (${who}): node:http + session + SQL`,
        ...(await autocannon(`http://127.0.0.1:${barePort}/inbox`, fresh)),
      });
      const [a, b] = out.slice(-2);
      console.log(
        `${pad(a!.name, 52)} ${a!.rps.toFixed(0)} req/s p99 ${a!.p99} ms · baseline ${b!.rps.toFixed(0)} req/s p99 ${b!.p99} ms`,
      );
    }
  } finally {
    await new Promise((resolve) => bare.close(resolve));
  }
  return out;
}

async function autocannon(url: string, s: Session): Promise<Omit<Throughput, 'name'>> {
  // A separate process, so the load generator does not share the server's event loop.
  const bin = createRequire(import.meta.url).resolve('autocannon');
  const args = [bin, '-c', opts.connections!, '-d', opts.duration!, '-j', '-H', `cookie:${s.cookie}`, url];
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(buf) : reject(new Error(`autocannon exited ${code}`))));
  });
  const r = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}

// ------------------------------------------------------------------ report

interface Info {
  text: string;
  label: string;
  cases: number;
  events: number;
  towns: number;
}

function report(info: Info, outcomes: Outcome[], throughput: Throughput[]) {
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const rows = outcomes.map((o) => {
    const readTarget = o.scenario.group !== 'action';
    const p95ok = o.api.p95 <= TARGET_P95_MS;
    const rOk = o.api.p50 / o.baseline.p50 <= TARGET_RATIO;
    return [
      o.scenario.name,
      `${ms(o.api.p50)} / ${ms(o.api.p95)} / ${ms(o.api.mean)}`,
      `${ms(o.baseline.p50)} / ${ms(o.baseline.p95)} / ${ms(o.baseline.mean)}`,
      `${ms(o.http.p50)} / ${ms(o.http.p95)}`,
      ratio(o.api.p50, o.baseline.p50),
      ratio(o.http.p50, o.baseline.p50),
      String(o.statements),
      readTarget ? `${verdict(p95ok)}${o.scenario.group === 'info' ? ' (info)' : ''}` : '—',
      `${verdict(rOk)}${o.scenario.group === 'info' ? ' (info)' : ''}`,
      o.same,
    ];
  });
  console.log(
    `\n## ${info.label}: ${info.towns} towns, ${info.cases.toLocaleString('en')} cases, ${info.events.toLocaleString('en')} events (load at the end ${loadavg()})\n`,
  );
  console.log(
    table(
      [
        'scenario',
        'API p50 / p95 / mean ms',
        'SQL p50 / p95 / mean ms',
        'HTTP p50 / p95 ms',
        'API÷SQL',
        'HTTP÷SQL',
        'stmts',
        `p95≤${TARGET_P95_MS}`,
        `≤${TARGET_RATIO}×`,
        'same result',
      ],
      rows,
    ),
  );
  if (throughput.length > 0) {
    console.log(`\nautocannon -c ${opts.connections} -d ${opts.duration} on loopback:\n`);
    console.log(
      table(
        ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', `≥${TARGET_RPS}/s`],
        throughput.map((t) => [
          t.name,
          t.rps.toFixed(0),
          String(t.p50),
          String(t.p99),
          String(t.non2xx),
          String(t.errors),
          t.name.startsWith('GET') ? verdict(t.rps >= TARGET_RPS && t.non2xx === 0) : '—',
        ]),
      ),
    );
  }
  const file = path.join(
    OUT_DIR,
    `results-${info.label.replace(/[^a-z0-9]+/gi, '_')}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        info,
        outcomes: outcomes.map((o) => ({ ...o, scenario: { name: o.scenario.name, group: o.scenario.group } })),
        throughput,
      },
      null,
      2,
    ),
  );
  console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
}

// ------------------------------------------------------------------ helpers

async function signIn(app: FastifyInstance, name: string): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: name, password: BENCH_PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login ${name}: ${res.statusCode} ${res.body} (did bench:data run?)`);
  const cookies = res.cookies as { name: string; value: string }[];
  const token = cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const csrf = cookies.find((c) => c.name === CSRF_COOKIE)!.value;
  const auth = await app.services.auth.authenticate(token, new Date(), false);
  if (!auth) throw new Error(`no session for ${name}`);
  return { username: name, token, csrf, cookie: `${SESSION_COOKIE}=${token}; ${CSRF_COOKIE}=${csrf}`, auth };
}

async function get(app: FastifyInstance, s: Session, url: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
  return res;
}

function sameIds(a: string[], b: string[], note: string, extra = true): string {
  const same = extra && a.length === b.length && a.every((x, i) => x === b[i]);
  return same ? `✓ same (${note})` : `✗ differs (api ${a.length} rows, sql ${b.length})`;
}

async function nextDue(db: Db, id: number): Promise<string | null> {
  const r = await sql<{ next_due: string | null }>`select next_due from cases where id = ${id}`.execute(db);
  return r.rows[0]?.next_due ?? null;
}

/** Warns when the indexes the migrations declare are missing (an interrupted bench:data drops them). */
async function checkIndexes(db: Db) {
  // Declared by one migration and not dropped by a later one (0012 replaces cases_open_due).
  const declared = new Set<string>();
  for (const m of listMigrations()) {
    for (const x of m.sql.matchAll(/(create|drop)\s+(?:unique\s+)?index\s+(?:if\s+(?:not\s+)?exists\s+)?(\w+)/gi)) {
      if (x[1]!.toLowerCase() === 'create') declared.add(x[2]!);
      else declared.delete(x[2]!);
    }
  }
  const r = await sql<{
    indexname: string;
  }>`select indexname from pg_indexes where schemaname = current_schema()`.execute(db);
  const present = new Set(r.rows.map((x) => x.indexname));
  const missing = [...declared].filter((n) => !present.has(n));
  if (missing.length > 0) console.log(`! indexes missing (rerun bench:data with --reset): ${missing.join(', ')}`);
}

async function machineInfo(db: Db, label: string): Promise<Info> {
  const v = await sql<{ v: string }>`select version() as v`.execute(db);
  const c = await sql<{ cases: number; events: number; towns: number }>`
    select (select count(*) from cases)::int as cases, (select count(*) from case_events)::int as events,
           (select count(*) from org_units where kind = 'town')::int as towns`.execute(db);
  const settings = await sql<{ name: string; value: string }>`
    select name, current_setting(name) as value from pg_settings
    where name in ('shared_buffers', 'work_mem', 'effective_cache_size', 'jit') order by name`.execute(db);
  const counts = c.rows[0]!;
  const text = [
    `date ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM · load ${loadavg()}`,
    `${label}: ${v.rows[0]!.v.split(' on ')[0]}; ${settings.rows.map((s) => `${s.name}=${s.value}`).join(', ')}`,
    `data: ${counts.towns} towns, ${counts.cases.toLocaleString('en')} cases, ${counts.events.toLocaleString('en')} events; town ${TOWN} measured; ${ITER} iterations after ${WARMUP} warm-up (actions: ${ACTION_ITER})`,
  ].join('\n');
  return { text, label, ...counts };
}

/** Other work on a 2-core machine moves every figure; the load average says how much there was. */
function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
