/**
 * Property (issue 11): any JSON-representable input to an audited write route leaves the
 * audit chain verifiable and never causes a 5xx. A seeded generator (FAZHI_PROPERTY_SEED to
 * replay) mutates a valid body of each route (or replaces it whole) with hostile JSON values:
 * arbitrary code points incl. lone surrogates, NUL, U+FFFE, emoji, long strings; -0, 1e308,
 * huge integers; nested objects and arrays; `__proto__` keys.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../src/platform/audit.ts';
import { type Harness, harness, login, type Session } from './helpers.ts';

const SEED = Number(process.env.FAZHI_PROPERTY_SEED ?? 20260311);
const RUNS_PER_ROUTE = 50;

/** mulberry32: small, seedable, good enough to pick test inputs. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const CHARS = [
  'a',
  'Z',
  '0',
  ' ',
  '湾',
  '头',
  '村',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ufffe',
  '\uffff',
  '\ufeff',
  '\u2028',
  '\u0301',
  '😀',
  '👨‍👩‍👧',
  '𠀀',
  '"',
  '\\',
  "'",
  '%',
  '_',
  '<',
  '&',
  '\n',
];

function hostileString(r: Rng): string {
  const roll = r.next();
  if (roll < 0.05) return '';
  if (roll < 0.1) return r.pick(CHARS).repeat(1000 + r.int(60_000));
  if (roll < 0.2) return String.fromCharCode(r.int(0x10000));
  if (roll < 0.25) return String.fromCodePoint(r.int(0x110000));
  if (roll < 0.3) return r.pick(['2147483648', '99999999999999999999', '-1', '0', '1e308', 'me', '__proto__']);
  let s = '';
  for (let i = r.int(20); i > 0; i--) s += r.pick(CHARS);
  return s;
}

const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1e308,
  -1e308,
  5e-324,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_649,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
];

/** Numbers JSON can spell but JavaScript cannot hold: sent as raw text in place of a placeholder. */
const RAW_NUMBERS = ['123456789012345678901234567890', '-0', '1e400', '-1e-400', '0.10000000000000000000000001'];
const rawPlaceholder = (i: number) => `«raw${i}»`;
const toJson = (body: unknown) =>
  RAW_NUMBERS.reduce((json, raw, i) => json.split(`"${rawPlaceholder(i)}"`).join(raw), JSON.stringify(body));

function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  // A plain assignment to `__proto__` would set the prototype; JSON needs an own key.
  Object.defineProperty(o, key, { value, enumerable: true, configurable: true, writable: true });
}

function hostileValue(r: Rng, depth = 0): unknown {
  const roll = r.int(depth > 2 ? 5 : 7);
  switch (roll) {
    case 0:
      return hostileString(r);
    case 1:
      return r.int(4) ? r.pick(NUMBERS) : rawPlaceholder(r.int(RAW_NUMBERS.length));
    case 2:
      return r.pick([true, false]);
    case 3:
      return null;
    case 4:
      return r.int(2) ? hostileString(r) : r.int(1_000_000_000) * (r.int(2) ? 1 : -1);
    case 5: {
      const arr: unknown[] = [];
      for (let i = r.int(5); i > 0; i--) arr.push(hostileValue(r, depth + 1));
      return arr;
    }
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) {
        setOwn(o, r.int(4) ? hostileString(r) : '__proto__', hostileValue(r, depth + 1));
      }
      return o;
    }
  }
}

/** A valid body with one place changed: a field replaced, a key added, or the whole body swapped. */
function mutate(r: Rng, body: unknown): unknown {
  const roll = r.next();
  if (roll < 0.1) return hostileValue(r);
  const copy = structuredClone(body) as Record<string, unknown>;
  // Walk down a random path of objects/arrays and change what is found there.
  let node: Record<string, unknown> = copy;
  for (;;) {
    const keys = Object.keys(node);
    if (keys.length === 0 || r.next() < 0.15) {
      setOwn(node, r.int(3) ? hostileString(r) : '__proto__', hostileValue(r));
      return copy;
    }
    const key = r.pick(keys);
    const child = node[key];
    if (child && typeof child === 'object' && r.next() < 0.6) {
      node = child as Record<string, unknown>;
      continue;
    }
    setOwn(node, key, hostileValue(r));
    return copy;
  }
}

let h: Harness;
let sysadmin: Session;
let tiaojie: Session;
let village1 = 0;
let town = 0;

const send = (s: Session | null, method: 'POST' | 'PATCH' | 'PUT' | 'GET', url: string, body?: unknown) =>
  h.app.inject({
    method,
    url,
    ...(body === undefined ? {} : { payload: toJson(body) }),
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(s ? { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }) } : {}),
    },
  });

beforeAll(async () => {
  h = await harness({}, { demo: true });
  sysadmin = await login(h.app, 'sysadmin', 'Demo@2026');
  tiaojie = await login(h.app, 'tiaojie', 'Demo@2026');
  const db = h.db.database.db;
  village1 = (
    await db.selectFrom('org_units').select('id').where('name', '=', '湾头村村民委员会').executeTakeFirstOrThrow()
  ).id;
  town = (await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()).id;
});
afterAll(() => h.close());

const mediationCase = () => ({
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
    { role: 'applicant', name: '张德明', address: '湾头村3组17号' },
    { role: 'respondent', name: '李国强' },
  ],
});

describe('audit chain under hostile JSON', () => {
  it(`stays verifiable and no request is a 5xx (seed ${SEED})`, async () => {
    const r = rng(SEED);
    const failures: string[] = [];
    let written = 0;
    const check = (route: string, body: unknown, res: LightMyRequestResponse) => {
      if (res.statusCode >= 500)
        failures.push(`${route} → ${res.statusCode} ${res.body.slice(0, 200)} for ${toJson(body).slice(0, 300)}`);
      if (res.statusCode < 300) written++;
    };

    // A user the PATCHes may change freely (never the sysadmin who sends them).
    const target = await send(sysadmin, 'POST', '/api/users', {
      username: 'prop.target',
      displayName: '属性测试',
      initialPassword: 'Prop@2026xyz',
      roles: [{ role: 'tiaojie', unitId: town }],
    });
    expect(target.statusCode, target.body).toBeLessThan(300);
    const targetId = target.json().id;
    const created = await send(tiaojie, 'POST', '/api/cases', mediationCase());
    expect(created.statusCode, created.body).toBeLessThan(300);
    let caseId = created.json().id;

    const routes: { name: string; run: (i: number) => Promise<void> }[] = [
      {
        name: 'POST /api/auth/login',
        run: async () => {
          const body = mutate(r, { username: 'nobody', password: 'x' });
          check('login', body, await send(null, 'POST', '/api/auth/login', body));
        },
      },
      {
        name: 'POST /api/users',
        run: async (i) => {
          const body = mutate(r, {
            username: `prop.u${i}`,
            displayName: '属性',
            phone: '13800000000',
            initialPassword: 'Prop@2026xyz',
            roles: [{ role: 'tiaojie', unitId: village1, scope: 'unit' }],
          });
          check('user.create', body, await send(sysadmin, 'POST', '/api/users', body));
        },
      },
      {
        name: 'PATCH /api/users/:id',
        run: async () => {
          const cur = await send(sysadmin, 'GET', `/api/users/${targetId}`);
          const body = mutate(r, { displayName: '属性测试', phone: null, version: cur.json().version ?? 1 });
          check('user.update', body, await send(sysadmin, 'PATCH', `/api/users/${targetId}`, body));
        },
      },
      {
        name: 'POST /api/cases',
        run: async () => {
          const body = mutate(r, mediationCase());
          const res = await send(tiaojie, 'POST', '/api/cases', body);
          check('case.create', body, res);
          if (res.statusCode < 300) caseId = res.json().id;
        },
      },
      {
        name: 'POST /api/cases/:id/actions/:action',
        run: async () => {
          const detail = (await send(tiaojie, 'GET', `/api/cases/${caseId}`)).json();
          const action = detail.actions?.length ? r.pick(detail.actions as { key: string }[]).key : 'accept';
          const body = mutate(r, { version: detail.version ?? 1, input: {}, note: '备注' });
          check(
            `case.action ${action}`,
            body,
            await send(tiaojie, 'POST', `/api/cases/${caseId}/actions/${encodeURIComponent(action)}`, body),
          );
        },
      },
      {
        name: 'PUT /api/settings/security',
        run: async () => {
          const cur = (await send(sysadmin, 'GET', '/api/settings/security')).json();
          const body = mutate(r, cur);
          check('settings.security', body, await send(sysadmin, 'PUT', '/api/settings/security', body));
        },
      },
    ];

    for (let i = 0; i < RUNS_PER_ROUTE; i++) {
      for (const route of routes) await route.run(i);
    }

    expect(failures).toEqual([]);
    expect(written).toBeGreaterThan(0);
    expect(await verifyAudit(h.db.database.db)).toMatchObject({ ok: true });
  }, 120_000);
});
