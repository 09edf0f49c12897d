/**
 * A town office of N users on the embedded default (issue 19, "Benchmarks to keep"):
 *
 *   npm run bench:town -- --users 50 [--embedded bench/out/town] [--duration 60]
 *
 * 1. Makes sure the data directory holds one town of 10,000 cases (bench:data, which leaves a
 *    complete load alone), and that the town has N staff to sign in as (see `ensureStaff`).
 * 2. Starts the app as `serve` does, in a process of its own (town-server.ts), with the bare
 *    node:http floor beside it.
 * 3. Open loop: every user sends one request of the mix (inbox, list, search, detail, action)
 *    at exponentially distributed intervals (Poisson arrivals, mean `--interval` 2 s),
 *    whether or not earlier answers came back. Latency runs from the planned send time, so a
 *    stalled server is not hidden by the generator waiting for it.
 * 4. Closed loop: autocannon (cannon.ts), `--connections` with no think time, per endpoint,
 *    against the app and against the bare route with the same SQL, one after the other.
 * 5. Memory: RSS and PSS of the app process and of the postmaster with all its children
 *    (backends and background workers), sampled every second during both.
 *
 * Targets print as PASS/FAIL; the process never fails on a miss.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { caseAccess } from '@fazhi/server/src/cases/access.ts';
import { loadConfig } from '@fazhi/server/src/config.ts';
import { buildServices } from '@fazhi/server/src/core/services.ts';
import type { Db } from '@fazhi/server/src/db/index.ts';
import type { DB } from '@fazhi/server/src/db/schema.ts';
import { MODULES } from '@fazhi/server/src/modules.ts';
import { createUser, type UnitRow } from '@fazhi/server/src/seed/factories.ts';
import { complaintModule } from '@fazhi/server/test/fixtures/complaint.ts';
import { CompiledQuery as CQ, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { capturingDb } from './capture.ts';
import { ms, type Summary, summarize, table } from './stats.ts';
import { BENCH_DIR, BENCH_PASSWORD, OUT_DIR, username } from './target.ts';
import { ensureTownData, startTownServer } from './town-app.ts';

const TARGET_P95_MS = 100;
const TARGET_P99_OVER_P50 = 5;
const TARGET_CLOSED_RATIO = 0.5;
const TARGET_RSS_MB = 400;

const { values: opts } = parseArgs({
  options: {
    embedded: { type: 'string', default: 'bench/out/town' },
    users: { type: 'string', default: '50' },
    duration: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '5' },
    interval: { type: 'string', default: '2' },
    connections: { type: 'string', default: '50' },
    town: { type: 'string', default: '1' },
    seed: { type: 'string', default: '2026' },
    'skip-open': { type: 'boolean', default: false },
    'skip-closed': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
  },
});
const DIR = path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.embedded!);
const USERS = Number(opts.users);
const DURATION = Number(opts.duration);
const WARMUP = Number(opts.warmup);
const INTERVAL_S = Number(opts.interval);
const CONNECTIONS = Number(opts.connections);
const TOWN = Number(opts.town);

/** The open loop's mix: shares of the requests (the leader, who has no action in the test type, reads the inbox instead). */
const MIX = { inbox: 0.25, list: 0.2, search: 0.15, detail: 0.3, action: 0.1 } as const;
type Kind = keyof typeof MIX;
const WORDS = ['纠纷', '围墙', '宅基地', '王秀英', '土地承包', '夜间施工'];
const LISTS = ['', '?state=accepted', '?state=registered', '?due=open'];

interface Staff {
  username: string;
  role: 'tiaojie' | 'leader' | 'village';
  villageId: number | null;
}

interface Session extends Staff {
  cookie: string;
  csrf: string;
  token: string;
  agent: http.Agent;
  /** Cases this user may read (their village's, or the town's). */
  detailIds: number[];
  /** Cases reserved for this user's actions, with the version to send. */
  actions: { id: number; version: number; action: 'accept' | 'close' }[];
}

async function main() {
  const load0 = loadavg();
  console.log(
    `date ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM · load ${load0}`,
  );
  await ensureTownData(DIR);

  const server = await startTownServer(DIR);
  const ready = server.ready;
  const pool = new pg.Pool({ connectionString: ready.dbUrl, max: 2 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) }) as Db;
  const memory = new MemorySampler(server.child.pid!, ready.postmaster);
  const result: Record<string, unknown> = { date: new Date().toISOString(), load: { before: load0 } };
  try {
    const v = await sql<{ v: string }>`select version() as v`.execute(db);
    const settings = await sql<{ name: string; value: string }>`
      select name, current_setting(name) as value from pg_settings
      where name in ('shared_buffers', 'work_mem', 'max_connections', 'jit') order by name`.execute(db);
    const counts = await sql<{ cases: number; open: number }>`
      select count(*)::int as cases, count(*) filter (where not terminal)::int as open from cases`.execute(db);
    console.log(
      `${v.rows[0]!.v.split(' on ')[0]} (embedded, ${DIR}); ${settings.rows.map((s) => `${s.name}=${s.value}`).join(', ')}`,
    );
    console.log(`data: ${counts.rows[0]!.cases.toLocaleString('en')} cases (${counts.rows[0]!.open} open)`);

    const staff = await ensureStaff(db, USERS);
    const base = `http://127.0.0.1:${ready.port}`;
    const sessions = await Promise.all(staff.map((s) => signIn(base, s)));
    await reserveCases(db, sessions);
    memory.mark('idle after sign-in');
    await memory.sample();

    if (!opts['skip-open']) {
      console.log(
        `\nopen loop: ${USERS} users, Poisson arrivals every ${INTERVAL_S} s per user (≈ ${(USERS / INTERVAL_S).toFixed(0)} req/s), ${WARMUP} s warm-up + ${DURATION} s`,
      );
      await openLoop(base, sessions, WARMUP, false);
      memory.mark('open loop');
      const open = await openLoop(base, sessions, DURATION, true, memory);
      result.open = open;
      printOpen(open);
    }

    if (!opts['skip-closed']) {
      const clerk = sessions.find((s) => s.username === username.tiaojie(TOWN))!;
      const officer = sessions.find((s) => s.username === username.village(TOWN, 1))!;
      const ids = clerk.detailIds.slice(0, 200);
      const q = encodeURIComponent('宅基地');
      const endpoints = [
        { name: `inbox (${clerk.username})`, s: clerk, app: ['/api/inbox'], bare: ['/inbox'] },
        { name: `inbox (${officer.username})`, s: officer, app: ['/api/inbox'], bare: ['/inbox'] },
        { name: `list, first page (${clerk.username})`, s: clerk, app: ['/api/cases'], bare: ['/list'] },
        {
          name: `search 「宅基地」 (${clerk.username})`,
          s: clerk,
          app: [`/api/cases?q=${q}`],
          bare: [`/search?q=${q}`],
        },
        {
          name: `detail, ${ids.length} cases in turn (${clerk.username})`,
          s: clerk,
          app: ids.map((id) => `/api/cases/${id}`),
          bare: ids.map((id) => `/detail/${id}`),
        },
      ];
      console.log(`\nclosed loop: autocannon -c ${CONNECTIONS} -d ${DURATION}, app then bare route, per endpoint`);
      const closed = [];
      for (const e of endpoints.filter((x) => x.name.includes(opts.only!))) {
        memory.mark(`closed loop: ${e.name}, app`);
        const app = await cannon(base, e.app, e.s, memory);
        memory.mark(`closed loop: ${e.name}, bare route`);
        const bare = await cannon(`http://127.0.0.1:${ready.barePort}`, e.bare, e.s, memory);
        closed.push({ name: e.name, app, bare });
        console.log(
          `  ${e.name}: app ${app.rps.toFixed(0)} req/s (p50 ${app.p50} p99 ${app.p99} ms) · bare ${bare.rps.toFixed(0)} req/s (p50 ${bare.p50} p99 ${bare.p99} ms) · ${(app.rps / bare.rps).toFixed(2)}×`,
        );
      }
      result.closed = closed;
      printClosed(closed);
    }

    result.memory = memory.report();
    printMemory(memory);
    const openP95 = (result.open as OpenResult | undefined)?.overall.p95 ?? 0;
    if (opts.explain || openP95 > TARGET_P95_MS) await explainInbox(db, sessions);
  } finally {
    await db.destroy();
    await server.stop();
  }
  (result.load as Record<string, string>).after = loadavg();
  console.log(`\nload before ${load0} · after ${loadavg()}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `town-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(result, null, 2));
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
}

// ------------------------------------------------------------------ data and staff

/**
 * bench:data gives a town 12 accounts (clerk, leader, one officer per village). A town office
 * of N users needs N accounts: more 矛调中心 clerks (one per 25 users) and more 村居干部 per
 * village (a village committee has several), added once, with the bench password. Their
 * names: t001.tiaojie2…, t001.v01.2….
 */
async function ensureStaff(db: Db, n: number): Promise<Staff[]> {
  const town = await db
    .selectFrom('org_units')
    .selectAll()
    .where('kind', '=', 'town')
    .orderBy('sort_order')
    .orderBy('id')
    .offset(TOWN - 1)
    .limit(1)
    .executeTakeFirstOrThrow();
  const units = await db
    .selectFrom('org_units')
    .selectAll()
    .where('parent_id', '=', town.id)
    .orderBy('sort_order')
    .execute();
  const villages = units.filter((u) => u.kind === 'village' || u.kind === 'community');
  const dept = units.find((u) => u.kind === 'department')!;
  const staff: Staff[] = [
    { username: username.tiaojie(TOWN), role: 'tiaojie', villageId: null },
    { username: username.leader(TOWN), role: 'leader', villageId: null },
  ];
  const clerks = Math.max(1, Math.round(n / 25));
  for (let c = 2; c <= clerks; c++)
    staff.push({ username: `${username.tiaojie(TOWN)}${c}`, role: 'tiaojie', villageId: null });
  for (let k = 1; staff.length < n; k++) {
    for (let v = 0; v < villages.length && staff.length < n; v++) {
      const name = k === 1 ? username.village(TOWN, v + 1) : `${username.village(TOWN, v + 1)}.${k}`;
      staff.push({ username: name, role: 'village', villageId: villages[v]!.id });
    }
  }
  const existing = new Set(
    (
      await db
        .selectFrom('users')
        .select('username')
        .where(
          'username',
          'in',
          staff.map((s) => s.username),
        )
        .execute()
    ).map((u) => u.username),
  );
  const missing = staff.filter((s) => !existing.has(s.username));
  if (missing.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const s of missing) {
        const unit = (
          s.role === 'village' ? units.find((u) => u.id === s.villageId) : s.role === 'leader' ? town : dept
        )!;
        await createUser(trx, {
          username: s.username,
          displayName: s.username,
          password: BENCH_PASSWORD,
          roles: [
            {
              role: s.role,
              unit: unit as unknown as UnitRow,
              ...(s.role === 'tiaojie' ? { scope: 'town' as const } : {}),
            },
          ],
        });
      }
    });
    console.log(`added ${missing.length} staff accounts to town ${TOWN} (${missing[0]!.username} …)`);
  }
  return staff.slice(0, n);
}

/** Detail ids each user can read, and cases reserved for each user's actions (used once each). */
async function reserveCases(db: Db, sessions: Session[]) {
  const town = await sql<{ id: number }>`
    select id from org_units where kind = 'town' order by sort_order, id offset ${TOWN - 1} limit 1`.execute(db);
  const townId = town.rows[0]!.id;
  const all = await sql<{ id: number; unit_id: number | null }>`
    select id, unit_id from cases where town_id = ${townId} order by md5(id::text)`.execute(db);
  const perUnit = new Map<number, number[]>();
  for (const r of all.rows) {
    if (r.unit_id == null) continue;
    const l = perUnit.get(r.unit_id) ?? [];
    l.push(r.id);
    perUnit.set(r.unit_id, l);
  }
  const townIds = all.rows.map((r) => r.id).slice(0, 2000);
  // Enough for the whole run at the mix's share, with room to spare.
  const perUser = Math.ceil(((WARMUP + DURATION) / INTERVAL_S) * MIX.action * 3) + 5;
  const accepts = (
    await sql<{ id: number; version: number }>`
      select c.id, c.version from cases c
      where c.town_id = ${townId} and c.state = 'registered'
        and exists (select 1 from documents d where d.case_id = c.id and d.kind = 'acceptance_notice')
      order by md5(c.id::text)`.execute(db)
  ).rows;
  const closes = (
    await sql<{ id: number; version: number; unit_id: number }>`
      select c.id, c.version, c.unit_id from cases c
      where c.town_id = ${townId} and c.state = 'accepted' and not c.approval_pending
      order by md5(c.id::text)`.execute(db)
  ).rows;
  for (const s of sessions) {
    if (s.role === 'village') {
      s.detailIds = (perUnit.get(s.villageId!) ?? []).slice(0, 500);
      const mine = closes.filter((c) => c.unit_id === s.villageId);
      // Officers of one village share its cases: take every k-th so that no case goes to two.
      const peers = sessions.filter((p) => p.villageId === s.villageId);
      const k = peers.indexOf(s);
      s.actions = mine
        .filter((_, i) => i % peers.length === k)
        .slice(0, perUser)
        .map((c) => ({ id: c.id, version: c.version, action: 'close' as const }));
    } else {
      s.detailIds = townIds;
      if (s.role === 'tiaojie') {
        const clerks = sessions.filter((p) => p.role === 'tiaojie');
        const k = clerks.indexOf(s);
        s.actions = accepts
          .filter((_, i) => i % clerks.length === k)
          .slice(0, perUser)
          .map((c) => ({ id: c.id, version: c.version, action: 'accept' as const }));
      }
    }
    if (s.role !== 'leader' && s.actions.length < perUser / 3) {
      console.log(
        `! ${s.username}: only ${s.actions.length} cases left for actions (regenerate with bench:data --reset)`,
      );
    }
  }
}

async function signIn(base: string, s: Staff): Promise<Session> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const res = await request(`${base}/api/auth/login`, {
    method: 'POST',
    agent,
    body: JSON.stringify({ username: s.username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${s.username}: ${res.status} ${res.body.slice(0, 200)}`);
  const jar = Object.fromEntries(
    res.setCookie.map((c) => {
      const [kv] = c.split(';');
      const i = kv!.indexOf('=');
      return [kv!.slice(0, i), kv!.slice(i + 1)];
    }),
  );
  const token = jar.fazhi_sid!;
  const csrf = jar.fazhi_csrf!;
  return {
    ...s,
    token,
    csrf,
    cookie: `fazhi_sid=${token}; fazhi_csrf=${csrf}`,
    agent,
    detailIds: [],
    actions: [],
  };
}

// ------------------------------------------------------------------ open loop

interface Sample {
  kind: Kind;
  ms: number;
  ok: boolean;
}

interface OpenResult {
  sent: number;
  seconds: number;
  perKind: Record<string, Summary & { errors: number }>;
  overall: Summary & { errors: number };
  errorSamples: string[];
  /** How late the generator's timers fired (its own lag, included in the latencies). */
  lateMs: Summary;
}

/** Exponential inter-arrival times: a Poisson process per user. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

async function openLoop(
  base: string,
  sessions: Session[],
  seconds: number,
  record: boolean,
  memory?: MemorySampler,
): Promise<OpenResult> {
  const r = rng(Number(opts.seed) + (record ? 1 : 0));
  const samples: Sample[] = [];
  const late: number[] = [];
  const errors: string[] = [];
  const kinds = Object.keys(MIX) as Kind[];
  const start = performance.now();
  const end = start + seconds * 1000;
  const inflight = new Set<Promise<void>>();
  const timer = memory ? setInterval(() => void memory.sample(), 1000) : undefined;

  const choose = (): Kind => {
    let x = r();
    for (const k of kinds) {
      x -= MIX[k];
      if (x < 0) return k;
    }
    return 'detail';
  };
  const fire = (s: Session, planned: number) => {
    let kind = choose();
    if (kind === 'action' && s.actions.length === 0) kind = 'inbox';
    let url: string;
    let init: RequestInit = { method: 'GET', agent: s.agent, cookie: s.cookie };
    if (kind === 'inbox') url = '/api/inbox';
    else if (kind === 'list') url = `/api/cases${pick(r, LISTS)}`;
    else if (kind === 'search') url = `/api/cases?q=${encodeURIComponent(pick(r, WORDS))}`;
    else if (kind === 'detail') url = `/api/cases/${pick(r, s.detailIds)}`;
    else {
      const c = s.actions.shift()!;
      url = `/api/cases/${c.id}/actions/${c.action}`;
      init = { ...init, method: 'POST', body: JSON.stringify({ version: c.version }), csrf: s.csrf };
    }
    const p = request(base + url, init).then(
      (res) => {
        const ok = res.status >= 200 && res.status < 300;
        if (record) samples.push({ kind, ms: performance.now() - planned, ok });
        if (!ok && errors.length < 5) errors.push(`${init.method} ${url}: ${res.status} ${res.body.slice(0, 160)}`);
      },
      (e: Error) => {
        if (record) samples.push({ kind, ms: performance.now() - planned, ok: false });
        if (errors.length < 5) errors.push(`${init.method} ${url}: ${e.message}`);
      },
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  await Promise.all(
    sessions.map(async (s) => {
      let planned = start + -Math.log(1 - r()) * INTERVAL_S * 1000;
      while (planned < end) {
        const wait = planned - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        late.push(Math.max(0, performance.now() - planned));
        fire(s, planned);
        planned += -Math.log(1 - r()) * INTERVAL_S * 1000;
      }
    }),
  );
  await Promise.all(inflight);
  if (timer) clearInterval(timer);
  const perKind: OpenResult['perKind'] = {};
  for (const k of kinds) {
    const of = samples.filter((x) => x.kind === k);
    perKind[k] = { ...summarize(of.map((x) => x.ms)), errors: of.filter((x) => !x.ok).length };
  }
  return {
    sent: samples.length,
    seconds,
    perKind,
    overall: { ...summarize(samples.map((x) => x.ms)), errors: samples.filter((x) => !x.ok).length },
    errorSamples: errors,
    lateMs: summarize(late),
  };
}

function printOpen(o: OpenResult) {
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const row = (name: string, s: Summary & { errors: number }) => [
    name,
    String(s.n),
    ms(s.p50),
    ms(s.p95),
    ms(s.p99),
    `${(s.p99 / s.p50).toFixed(1)}×`,
    String(s.errors),
    verdict(s.p95 <= TARGET_P95_MS),
    verdict(s.p99 <= TARGET_P99_OVER_P50 * s.p50),
  ];
  console.log(
    `\nopen loop, ${USERS} users, ${o.sent} requests in ${o.seconds} s (${(o.sent / o.seconds).toFixed(1)} req/s); generator lag p99 ${ms(o.lateMs.p99)} ms:\n`,
  );
  console.log(
    table(
      [
        'endpoint',
        'requests',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'p99÷p50',
        'errors',
        `p95≤${TARGET_P95_MS}`,
        `p99≤${TARGET_P99_OVER_P50}×p50`,
      ],
      [...Object.entries(o.perKind).map(([k, s]) => row(k, s)), row('**overall**', o.overall)],
    ),
  );
  for (const e of o.errorSamples) console.log(`  ! ${e}`);
}

// ------------------------------------------------------------------ closed loop

interface Cannon {
  rps: number;
  total: number;
  p50: number;
  p90: number;
  p97_5: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

async function cannon(base: string, paths: string[], s: Session, memory: MemorySampler): Promise<Cannon> {
  const job = { url: base, paths, cookie: s.cookie, connections: CONNECTIONS, duration: DURATION };
  const timer = setInterval(() => void memory.sample(), 1000);
  try {
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cannon.ts', JSON.stringify(job)], {
        cwd: BENCH_DIR,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
      });
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(buf) : reject(new Error(`cannon exited ${code}`))));
    });
    return JSON.parse(stdout) as Cannon;
  } finally {
    clearInterval(timer);
  }
}

function printClosed(rows: { name: string; app: Cannon; bare: Cannon }[]) {
  console.log(`\nclosed loop, autocannon -c ${CONNECTIONS} -d ${DURATION} (latencies in ms):\n`);
  console.log(
    table(
      [
        'endpoint',
        'app req/s',
        'app p50 / p97.5 / p99',
        'bare req/s',
        'bare p50 / p97.5 / p99',
        'app÷bare',
        'non-2xx / errors',
        `≥${TARGET_CLOSED_RATIO}×`,
      ],
      rows.map(({ name, app, bare }) => [
        name,
        app.rps.toFixed(0),
        `${app.p50} / ${app.p97_5} / ${app.p99}`,
        bare.rps.toFixed(0),
        `${bare.p50} / ${bare.p97_5} / ${bare.p99}`,
        `${(app.rps / bare.rps).toFixed(2)}×`,
        `${app.non2xx + bare.non2xx} / ${app.errors + bare.errors}`,
        app.rps / bare.rps >= TARGET_CLOSED_RATIO && app.non2xx === 0 ? 'PASS' : 'FAIL',
      ]),
    ),
  );
}

// ------------------------------------------------------------------ memory

interface Mem {
  rss: number;
  pss: number | null;
}

/** RSS (and PSS, which shares shared_buffers out among the processes mapping them) in bytes. */
function memOf(pid: number): Mem | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  let pss: number | null = null;
  try {
    const roll = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    pss = Number(/^Pss:\s+(\d+) kB/m.exec(roll)?.[1] ?? Number.NaN) * 1024;
  } catch {
    // not readable (another user without privileges): RSS only
  }
  return { rss, pss };
}

function childrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so read after the last ')'.
      const ppidOf = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppidOf === ppid) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

interface MemPoint {
  phase: string;
  app: Mem;
  db: Mem & { processes: number };
}

class MemorySampler {
  points: MemPoint[] = [];
  private phase = 'start';
  constructor(
    private app: number,
    private postmaster: number,
  ) {}
  mark(phase: string) {
    this.phase = phase;
  }
  async sample() {
    const app = memOf(this.app);
    if (!app) return;
    const pids = [this.postmaster, ...childrenOf(this.postmaster)];
    const mems = pids.map(memOf).filter((m): m is Mem => m !== null);
    const pssKnown = mems.every((m) => m.pss !== null);
    this.points.push({
      phase: this.phase,
      app,
      db: {
        rss: mems.reduce((a, m) => a + m.rss, 0),
        pss: pssKnown ? mems.reduce((a, m) => a + m.pss!, 0) : null,
        processes: mems.length,
      },
    });
  }
  report() {
    const phases = [...new Set(this.points.map((p) => p.phase))];
    return phases.map((phase) => {
      const ps = this.points.filter((p) => p.phase === phase);
      const peak = (f: (p: MemPoint) => number | null) => Math.max(...ps.map((p) => f(p) ?? Number.NaN));
      return {
        phase,
        samples: ps.length,
        appRss: peak((p) => p.app.rss),
        appPss: peak((p) => p.app.pss),
        dbRss: peak((p) => p.db.rss),
        dbPss: peak((p) => p.db.pss),
        dbProcesses: peak((p) => p.db.processes),
        // The target: the app plus the database, at the worst second (PSS, so shared memory counts once).
        total: peak((p) => (p.app.pss ?? p.app.rss) + (p.db.pss ?? p.db.rss)),
      };
    });
  }
}

function printMemory(m: MemorySampler) {
  const mb = (x: number) => (Number.isFinite(x) ? (x / 1e6).toFixed(0) : '—');
  console.log('\nmemory, peak over the phase (MB; PSS counts shared pages once, RSS counts them per process):\n');
  console.log(
    table(
      [
        'phase',
        'samples',
        'app RSS',
        'app PSS',
        'postmaster + children RSS',
        'postmaster + children PSS',
        'processes',
        'app + db (PSS)',
        `≤${TARGET_RSS_MB} MB`,
      ],
      m
        .report()
        .map((r) => [
          r.phase,
          String(r.samples),
          mb(r.appRss),
          mb(r.appPss),
          mb(r.dbRss),
          mb(r.dbPss),
          String(r.dbProcesses),
          mb(r.total),
          r.total / 1e6 <= TARGET_RSS_MB ? 'PASS' : 'FAIL',
        ]),
    ),
  );
}

// ------------------------------------------------------------------ where the time goes

/** EXPLAIN (ANALYZE, BUFFERS) of the statements the API sends for the clerk's and the leader's inbox. */
async function explainInbox(db: Db, sessions: Session[]) {
  const { db: cdb, log } = capturingDb(db);
  const cfg = loadConfig({ LOG_LEVEL: 'silent', FAZHI_DATA_DIR: DIR });
  const services = buildServices(cfg, { db: cdb, kind: 'postgres', close: async () => {} }, [
    ...MODULES,
    complaintModule,
  ]);
  for (const who of [username.tiaojie(TOWN), username.leader(TOWN)]) {
    const s = sessions.find((x) => x.username === who)!;
    const auth = await services.auth.authenticate(s.token, new Date(), false);
    const access = await caseAccess(cdb, auth, services.registry);
    await services.cases.inbox(access, new Date());
    log.length = 0;
    await services.cases.inbox(await caseAccess(cdb, auth, services.registry), new Date());
    const reads = log.filter((q) => /^\s*select/i.test(q.sql) && !/for update/i.test(q.sql));
    console.log(`\n--- EXPLAIN (ANALYZE, BUFFERS): inbox of ${who}, ${reads.length} read statements`);
    for (const q of reads) {
      const r = await db.executeQuery<{ 'QUERY PLAN': string }>(
        CQ.raw(`explain (analyze, buffers) ${q.sql}`, [...q.parameters]),
      );
      console.log(`\n${q.sql.replace(/\s+/g, ' ')}\n  params: ${JSON.stringify(q.parameters)}`);
      console.log(r.rows.map((x) => x['QUERY PLAN']).join('\n'));
    }
  }
}

// ------------------------------------------------------------------ helpers

interface RequestInit {
  method: 'GET' | 'POST';
  agent: http.Agent;
  cookie?: string;
  csrf?: string;
  body?: string;
}

function request(url: string, init: RequestInit): Promise<{ status: number; body: string; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    if (init.cookie) headers.cookie = init.cookie;
    if (init.csrf) headers['x-csrf-token'] = init.csrf;
    if (init.body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(init.body);
    }
    const req = http.request(url, { method: init.method, agent: init.agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          setCookie: res.headers['set-cookie'] ?? [],
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

function loadavg(): string {
  return os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
