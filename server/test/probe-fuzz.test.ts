/**
 * Probe: a seeded fuzz pass over every write route and every GET route with a filter or
 * a path parameter. Each request starts from a plausible request built from the route's
 * OpenAPI schema (real ids, real dates), then one or two values are replaced by hostile
 * ones (NUL, lone surrogates, U+FFFE, ids past int4, 1e309, year 0000, long strings,
 * wrong types, `__proto__` keys, LIKE metacharacters, …). The pass must end with no 5xx
 * and no partial write: a write answered 4xx changes nothing but the audit log.
 *
 * Reproduce a failure with FUZZ_SEED=<seed> (printed on failure); FUZZ_REQUESTS sets the count.
 */
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/platform/audit.ts';
import { createUser } from '../src/seed/factories.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_302);
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5200);
const ROLES = ['sysadmin', 'secadmin', 'auditor', 'leader', 'county', 'fazhiban', 'tiaojie', 'cun01', 'cun02'];
/** Routes that end the caller's own session or change their password run as a throwaway user. */
const SELF_ROUTES = new Set(['POST /api/auth/logout', 'POST /api/auth/logout-all', 'POST /api/auth/password']);
/** Routes that render through LibreOffice: only hostile parameters (never a valid request), a few times. */
const SLOW = /\.pdf$|\/dossier$/;
/** Routes that hash a password when the request is valid (deliberately slow): fewer requests. */
const HASHING = new Set([
  'POST /api/auth/login',
  'POST /api/auth/password',
  'POST /api/users',
  'POST /api/users/:id/reset-password',
]);
const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rnd = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const chance = (p: number) => rnd() < p;

const RAW_MARK = '~RAW~';
/** A JSON number the client sends literally (JSON.stringify cannot write 1e309). */
const RAW = (s: string) => `${RAW_MARK}${s}${RAW_MARK}`;
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\ufffe',
  'a\uffffb',
  '\u0001\u0008\u001f',
  '\u000b',
  'x'.repeat(5000),
  '长'.repeat(300),
  "%_\\'",
  "' OR 1=1 --",
  '"; drop table cases; --',
  '😀👨‍👩‍👧',
  '\u202eabc\u202c',
  '0000-01-01',
  '0000-00-00',
  '9999-99-99',
  '2023-02-30',
  '2023-02-29',
  '10000-01-01',
  '2147483648',
  '99999999999999999999',
  '9223372036854775808',
  '-1',
  '0',
  '1e309',
  '1.5',
  'NaN',
  '',
  ' ',
  'null',
  '__proto__',
  'constructor',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'me',
];
const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS,
  2_147_483_648,
  2_147_483_647,
  -2_147_483_649,
  RAW('9007199254740993'),
  1e21,
  -1,
  0,
  1.5,
  1e308,
  RAW('1e309'),
  RAW('-1e309'),
  RAW('123456789012345678901234567890'),
  null,
  true,
  false,
  [],
  {},
  [1, 2],
  ['\u0000'],
  { a: { b: { c: { d: '\ud800' } } } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { '\u0000': 1 },
  { '\ud800': 'x' },
];

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  additionalProperties?: unknown;
};

interface Ctx {
  ids: number[];
}

/** A plausible value for a schema: what a well-behaved client would send. */
function plausible(s: Schema | undefined, ctx: Ctx, key = ''): unknown {
  if (!s || typeof s !== 'object') return 'x';
  if (s.const !== undefined) return s.const;
  if (s.enum) return pick(s.enum);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    const nonNull = alts.filter((a) => a.type !== 'null');
    return plausible(pick(nonNull.length ? nonNull : alts), ctx, key);
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) {
        if (s.required?.includes(k) || chance(0.6)) out[k] = plausible(v, ctx, k);
      }
      return out;
    }
    case 'array': {
      const n = Math.max(s.minItems ?? 0, Math.floor(rnd() * 3));
      return Array.from({ length: n }, () => plausible(s.items, ctx, key));
    }
    case 'integer':
    case 'number': {
      if (/version/i.test(key)) return pick([1, 1, 2]);
      if (/year/i.test(key)) return pick([2025, 2026]);
      const lo = typeof s.minimum === 'number' ? s.minimum : 0;
      const hi = typeof s.maximum === 'number' ? s.maximum : lo + 10;
      return Math.min(hi, lo + Math.floor(rnd() * 5));
    }
    case 'boolean':
      return chance(0.5);
    case 'null':
      return null;
    case 'string': {
      if (s.format === 'date' || /date|On$|^from$|^to$/.test(key))
        return pick(['2026-03-02', '2026-01-05', '2025-12-31']);
      if (s.pattern && /\\d/.test(s.pattern) && /id$|Id|village|assignee/i.test(key)) return String(pick(ctx.ids));
      if (s.pattern && /HH|:\d|\[0-5\]/.test(s.pattern)) return '09:00';
      if (/id$|Id$/.test(key)) return String(pick(ctx.ids));
      if (s.pattern) return String(pick(ctx.ids));
      const min = s.minLength ?? 1;
      return '测试'.repeat(Math.max(1, Math.ceil(min / 2)));
    }
    default:
      return pick(['测试', 1, true]);
  }
}

/** Replaces one or two leaves (or keys) of a plausible value with hostile ones. */
function mutate(value: unknown): unknown {
  const roll = rnd();
  if (roll < 0.05) return pick([null, [], 'str', 0, {}, undefined]);
  const leaves: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    leaves.push(path);
    if (Array.isArray(v)) for (const [i, x] of v.entries()) walk(x, [...path, i]);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(value, []);
  let out = structuredClone(value);
  const times = chance(0.7) ? 1 : 2;
  for (let i = 0; i < times; i++) {
    const path = pick(leaves.length > 1 ? leaves.slice(1) : leaves);
    const hostile = chance(0.2) && out && typeof out === 'object' ? null : pick(HOSTILE_VALUES);
    if (path.length === 0) {
      out = hostile;
      continue;
    }
    let parent = out as Record<string | number, unknown>;
    for (const seg of path.slice(0, -1)) parent = parent?.[seg] as Record<string | number, unknown>;
    if (!parent || typeof parent !== 'object') continue;
    const last = path[path.length - 1]!;
    if (hostile === null && !Array.isArray(parent) && chance(0.5)) {
      // A hostile key instead of a hostile value.
      Object.defineProperty(parent, pick(['__proto__', 'constructor', '\u0000', '\ud800', 'x'.repeat(300)]), {
        value: pick(HOSTILE_VALUES),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    } else parent[last] = hostile;
  }
  return out;
}

function encodeBody(v: unknown): string {
  return JSON.stringify(v).replace(/"~RAW~([^"\\]*)~RAW~"/g, '$1');
}

function queryString(params: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const vals = Array.isArray(v) ? v : [v];
    for (const x of vals) {
      const str = typeof x === 'string' ? x.replace(/^~RAW~(.*)~RAW~$/, '$1') : JSON.stringify(x);
      parts.push(`${safeEncode(k)}=${safeEncode(str ?? '')}`);
    }
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** encodeURIComponent throws on lone surrogates; a client sends their (invalid) UTF-8 bytes anyway. */
function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return [...s]
      .map((c) => {
        const cp = c.codePointAt(0)!;
        if (cp >= 0xd800 && cp <= 0xdfff) {
          return `%${(0xe0 | (cp >> 12)).toString(16)}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16)}%${(0x80 | (cp & 0x3f)).toString(16)}`.toUpperCase();
        }
        return encodeURIComponent(c);
      })
      .join('');
  }
}

interface Op {
  method: string;
  path: string;
  route: string;
  params: { in: string; name: string; schema: Schema }[];
  body?: Schema;
  multipart: boolean;
}

let h: Harness;
const sessions: Record<string, Session> = {};
let throwaway: Session | null = null;
const pathIds: Record<string, number[]> = {};
let ctx: Ctx;
const TABLES_SQL: { sql: string } = { sql: '' };

const TABLE_BY_PREFIX: [RegExp, string][] = [
  [/^\/api\/org-units\//, 'org_units'],
  [/^\/api\/calendar\/overrides\//, 'calendar_overrides'],
  [/^\/api\/cases\//, 'cases'],
  [/^\/api\/petitions\//, 'cases'],
  [/^\/api\/documents\//, 'documents'],
  [/^\/api\/attachments\//, 'attachments'],
  [/^\/api\/parties\//, 'parties'],
  [/^\/api\/petition-reception-slots\//, 'reception_slots'],
  [/^\/api\/petition-receptions\//, 'receptions'],
  [/^\/api\/petition-visits\//, 'leader_visits'],
  [/^\/api\/campaigns\//, 'screening_campaigns'],
  [/^\/api\/campaign-returns\//, 'campaign_returns'],
  [/^\/api\/campaign-entries\//, 'campaign_entries'],
  [/^\/api\/reports\//, 'reports'],
];

beforeAll(async () => {
  const t0 = Date.now();
  h = await harness({}, { demo: true });
  const db = h.db.database.db;
  for (const r of ROLES) sessions[r] = await login(h.app, r, 'Demo@2026');
  await fixtures();
  // Users the fuzzer may reset, lock or edit without touching the signed-in roles.
  const town = await db.selectFrom('org_units').selectAll().where('kind', '=', 'town').executeTakeFirstOrThrow();
  const targets: number[] = [];
  for (const name of ['fuzz1', 'fuzz2', 'fuzzself']) {
    targets.push(
      (await createUser(db, { username: name, password: 'Fuzz@2026x', roles: [{ role: 'village', unit: town }] })).id,
    );
  }
  pathIds['/api/users/'] = targets.slice(0, 2);
  throwaway = await login(h.app, 'fuzzself', 'Fuzz@2026x');
  for (const [re, table] of TABLE_BY_PREFIX) {
    const rows = await sql<{ id: string }>`select id from ${sql.table(table)} order by id limit 40`.execute(db);
    pathIds[re.source] = rows.rows.map((r) => Number(r.id));
  }
  const units = await db.selectFrom('org_units').select('id').execute();
  ctx = { ids: [...units.map((u) => u.id), ...targets] };
  // The checksum of every business table: row count, plus the sum of versions where rows have one.
  const cols = await sql<{ table_name: string; has_version: boolean }>`
    select t.table_name, exists (select 1 from information_schema.columns c
      where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'version') as has_version
    from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and t.table_name not in ('audit_log', 'audit_heads', 'sessions', 'kysely_migration', 'kysely_migration_lock')
    order by t.table_name`.execute(db);
  TABLES_SQL.sql = cols.rows
    .map(
      (c) =>
        `select '${c.table_name}' as t, count(*)::text as n, ${c.has_version ? 'coalesce(sum(version), 0)::text' : "''"} as v from "${c.table_name}"`,
    )
    .join(' union all ');
  console.log(`probe-fuzz: fixtures ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}, 300_000);
afterAll(() => h?.close());

/** A little of everything, through the API: cases of both kinds, a document, an attachment, a campaign, a report, receptions. */
async function fixtures() {
  const db = h.db.database.db;
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const village1 = await unit('湾头村村民委员会');
  const ok = async (res: Promise<LightMyRequestResponse>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(`fixture: ${r.statusCode} ${r.body}`);
    return r.json();
  };
  const tiaojie = as(h.app, sessions.tiaojie!);
  const mediation = await ok(
    tiaojie('POST', '/api/cases', {
      type: 'mediation',
      title: '排水纠纷',
      unitId: String(village1),
      fields: {
        channel: 'walk_in',
        disputeType: 'neighbor',
        peopleCount: 2,
        summary: '排水沟纠纷',
        requests: '改建排水沟',
        receivedOn: '2026-03-02',
      },
      parties: [
        {
          role: 'applicant',
          name: '张德明',
          idNumber: '110101199003070011',
          phone: '13812345678',
          address: '湾头村3组17号',
        },
        { role: 'respondent', name: '李国强', address: '湾头村3组19号' },
      ],
    }),
  );
  await ok(
    as(h.app, sessions.cun01!)('POST', '/api/cases', {
      type: 'petition',
      title: '信访',
      unitId: String(village1),
      fields: {
        channel: 'visit',
        source: 'direct',
        receivedOn: '2026-03-02',
        category: 'claim',
        field: '土地',
        summary: '土地',
        requests: '土地',
        peopleCount: 1,
      },
      parties: [{ role: 'petitioner', name: '丙', idNumber: '110101199003070011' }],
    }),
  );
  const campaign = await ok(
    tiaojie('POST', '/api/campaigns', {
      kind: 'regular',
      title: '排查',
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      dueOn: '2026-03-10',
    }),
  );
  const ret = campaign.returns.find((r: { unitId: string }) => r.unitId === String(village1));
  await ok(
    as(h.app, sessions.cun01!)('POST', `/api/campaign-returns/${ret.id}/entries`, {
      foundOn: '2026-03-02',
      disputeType: 'neighbor',
      summary: '排查',
      requests: '排查',
      peopleCount: 2,
      parties: [
        { role: 'applicant', name: '甲' },
        { role: 'respondent', name: '乙' },
      ],
    }),
  );
  await ok(as(h.app, sessions.fazhiban!)('POST', '/api/reports', { year: 2025 }));
  await ok(
    as(h.app, sessions.fazhiban!)('POST', '/api/calendar/overrides', {
      date: '2026-07-01',
      workday: false,
      reason: '测试',
    }),
  );
  const leader = (await db.selectFrom('users').select('id').where('username', '=', 'leader').executeTakeFirstOrThrow())
    .id;
  await ok(
    as(h.app, sessions.leader!)('POST', '/api/petition-reception-slots', {
      leaderId: String(leader),
      onDate: '2026-03-09',
      startsAt: '09:00',
      endsAt: '11:00',
      place: '接待室',
    }),
  );
  await ok(
    as(h.app, sessions.leader!)('POST', '/api/petition-receptions', {
      leaderId: String(leader),
      receivedOn: '2026-03-02',
      place: '接待室',
      visitors: [{ outcome: 'answered', name: '甲', matter: '咨询', answer: '已答复' }],
    }),
  );
  await ok(
    as(h.app, sessions.leader!)('POST', '/api/petition-visits', {
      leaderId: String(leader),
      visitedOn: '2026-03-02',
      unitId: String(village1),
      peopleMet: '测试',
      outcome: '测试',
    }),
  );
  // A document and an attachment, as rows (rendering is not what this probe is about).
  const c = await db
    .selectFrom('cases')
    .select(['id', 'town_id'])
    .where('id', '=', mediation.id)
    .executeTakeFirstOrThrow();
  const blob = await h.app.services.blobs.put(Buffer.from('PK fuzz'));
  const at = new Date();
  await db
    .insertInto('documents')
    .values({
      town_id: c.town_id,
      case_id: c.id,
      kind: 'acceptance_notice',
      title: '受理告知书',
      template_version: 't',
      sha256: blob.sha256,
      size: blob.size,
      storage_key: blob.key,
      issued_by: leader,
      issued_at: at,
    })
    .execute();
  await db
    .insertInto('attachments')
    .values({
      town_id: c.town_id,
      case_id: c.id,
      name: 'a.png',
      size: 1,
      mime: 'image/png',
      sha256: blob.sha256,
      storage_key: blob.key,
      uploaded_by: leader,
      uploaded_at: at,
    })
    .execute();
}

async function checksum(): Promise<string> {
  const r = await sql.raw<{ t: string; n: string; v: string }>(TABLES_SQL.sql).execute(h.db.database.db);
  return r.rows.map((x) => `${x.t}:${x.n}:${x.v}`).join(' ');
}

function operations(): Op[] {
  const spec = (
    h.app as unknown as { swagger(): { paths: Record<string, Record<string, Record<string, unknown>>> } }
  ).swagger();
  const ops: Op[] = [];
  for (const [p, byMethod] of Object.entries(spec.paths)) {
    if (!p.startsWith('/api/') || p.startsWith('/api/docs')) continue;
    for (const [m, op] of Object.entries(byMethod)) {
      const method = m.toUpperCase();
      const params = (op.parameters ?? []) as Op['params'];
      if (method === 'GET' && params.length === 0) continue;
      const content = (op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined)?.content;
      ops.push({
        method,
        path: p,
        route: p.replace(/\{(\w+)\}/g, ':$1'),
        params,
        body: content?.['application/json']?.schema,
        multipart: /\/(attachments|import)$/.test(p),
      });
    }
  }
  return ops;
}

function pathValue(op: Op, name: string): string {
  if (name === 'key') return pick(['safety.inspections', 'mediation.accepted', 'other', 'overview']);
  if (name === 'action') return pick(['accept', 'decline', 'assign', 'close', 'register', 'extend']);
  const prefix = op.path.startsWith('/api/users/')
    ? '/api/users/'
    : TABLE_BY_PREFIX.find(([re]) => re.test(op.path))?.[0].source;
  const pool = (prefix && pathIds[prefix]) || ctx.ids;
  return String(pool.length ? pick(pool) : 1);
}

interface Built {
  url: string;
  payload?: string | Buffer;
  headers: Record<string, string>;
  hostile: boolean;
}

function build(op: Op, hostile: boolean): Built {
  let url = op.path;
  const query: Record<string, unknown> = {};
  const targets: ('path' | 'query' | 'body')[] = [];
  for (const p of op.params) {
    if (p.in === 'path') url = url.replace(`{${p.name}}`, `\u0002${p.name}\u0002`);
    else if (
      p.in === 'query' &&
      p.schema &&
      (chance(0.5) || (op.params as { required?: boolean }[]).some(() => false))
    ) {
      query[p.name] = plausible(p.schema, ctx, p.name);
    }
  }
  // Required query parameters are always present.
  for (const p of op.params as (Op['params'][number] & { required?: boolean })[]) {
    if (p.in === 'query' && p.required && query[p.name] === undefined) query[p.name] = plausible(p.schema, ctx, p.name);
  }
  if (op.params.some((p) => p.in === 'path')) targets.push('path');
  if (op.params.some((p) => p.in === 'query')) targets.push('query');
  if (op.body || op.multipart) targets.push('body');
  const slow = SLOW.test(op.path);
  const target = slow ? 'path' : hostile ? pick(targets.length ? targets : ['body']) : null;
  for (const p of op.params.filter((x) => x.in === 'path')) {
    const v = target === 'path' && (slow || chance(0.7)) ? pick(HOSTILE_STRINGS) : pathValue(op, p.name);
    url = url.replace(`\u0002${p.name}\u0002`, safeEncode(v));
  }
  if (target === 'query') {
    const names = op.params.filter((p) => p.in === 'query').map((p) => p.name);
    const name = pick(names);
    const roll = rnd();
    query[name] =
      roll < 0.1 ? [pick(HOSTILE_STRINGS), pick(HOSTILE_STRINGS)] : roll < 0.15 ? 'x' : pick(HOSTILE_STRINGS);
    if (chance(0.1)) query[pick(['__proto__', '\u0000', 'unknown', '\ud800'])] = pick(HOSTILE_STRINGS);
  }
  url += queryString(query);
  const headers: Record<string, string> = {};
  let payload: string | Buffer | undefined;
  if (op.multipart) {
    const boundary = 'fuzzboundary';
    const name = target === 'body' ? pick(HOSTILE_STRINGS) : 'a.png';
    const content =
      target === 'body' && chance(0.5) ? Buffer.from(pick(HOSTILE_STRINGS)) : Buffer.from('PK\u0003\u0004xx');
    payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name.replace(/"/g, '')}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
  } else if (op.body) {
    let body = plausible(op.body, ctx);
    if (target === 'body') body = mutate(body);
    if (body !== undefined) {
      payload = encodeBody(body);
      headers['content-type'] = 'application/json';
    }
  }
  return { url, payload, headers, hostile: target !== null };
}

describe('probe: fuzzing every write route and every GET filter', () => {
  it(`ends with no 5xx and no partial write (seed ${SEED})`, async () => {
    const started = Date.now();
    rnd = mulberry32(SEED);
    const ops = operations();
    // Who may call each route: the roles a plausible request does not refuse with 401/403.
    const callers = new Map<Op, string[]>();
    let sent = 0;
    const failures: string[] = [];
    const timing = new Map<string, number>();
    let before = await checksum();
    const send = async (op: Op, role: string, b: Built): Promise<LightMyRequestResponse> => {
      const key = `${op.method} ${op.route}`;
      let s = SELF_ROUTES.has(key) ? throwaway : sessions[role]!;
      if (SELF_ROUTES.has(key) && !s) s = null;
      const headers: Record<string, string> = { ...b.headers, ...(s ? { cookie: s.cookie } : {}) };
      if (s && op.method !== 'GET') headers['x-csrf-token'] = s.csrf;
      const t0 = performance.now();
      const res = await h.app.inject({
        method: op.method as 'GET',
        url: b.url,
        headers,
        ...(b.payload === undefined ? {} : { payload: b.payload }),
      });
      sent++;
      timing.set(key, (timing.get(key) ?? 0) + performance.now() - t0);
      const describe = `seed ${SEED} #${sent} as ${SELF_ROUTES.has(key) ? 'fuzzself' : role}: ${op.method} ${b.url} ${
        typeof b.payload === 'string' ? b.payload.slice(0, 300) : b.payload ? '(multipart)' : ''
      } → ${res.statusCode} ${res.body.slice(0, 300)}`;
      if (res.statusCode >= 500) failures.push(`5xx: ${describe}`);
      if (WRITE.has(op.method)) {
        const after = await checksum();
        if (res.statusCode >= 400 && after !== before) failures.push(`partial write: ${describe}`);
        before = after;
      }
      if (SELF_ROUTES.has(key) && (res.statusCode === 401 || res.statusCode === 204 || res.statusCode === 200)) {
        throwaway = await login(h.app, 'fuzzself', 'Fuzz@2026x').catch(() => null);
      }
      return res;
    };
    for (const op of ops) {
      const ok: string[] = [];
      if (SLOW.test(op.path)) {
        callers.set(op, ROLES);
        continue;
      }
      for (const role of ROLES) {
        const res = await send(op, role, build(op, false));
        if (res.statusCode !== 401 && res.statusCode !== 403) ok.push(role);
      }
      callers.set(op, ok.length ? ok : ROLES);
    }
    // Rounds until the count is reached: the slow routes drop out after a few rounds, so a
    // fixed number of rounds would fall short of it. Bounded so a bug cannot loop forever.
    for (let round = 0; sent < REQUESTS && round < 1000; round++) {
      for (const op of ops) {
        if (SLOW.test(op.path) && round >= 6) continue;
        if (HASHING.has(`${op.method} ${op.route}`) && round >= 20) continue;
        if (/\.(xlsx|docx)$|\/export$/.test(op.path) && round >= 15) continue;
        const b = build(op, true);
        await send(op, pick(callers.get(op)!), b);
      }
    }
    if (process.env.FUZZ_TIMING) {
      const top = [...timing].sort((a, b) => b[1] - a[1]).slice(0, 12);
      console.log(top.map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)} s`).join('\n'));
    }
    const verify = await verifyAudit(h.db.database.db);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`probe-fuzz: ${sent} requests over ${ops.length} routes in ${seconds} s, seed ${SEED}`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(Math.min(REQUESTS, 5000));
    expect(verify).toMatchObject({ ok: true });
  }, 600_000);
});
