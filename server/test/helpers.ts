/**
 * Test harness: a real database per test file (an in-memory PGlite, or a database on the
 * PostgreSQL server named by DATABASE_URL, which by default points at one embedded server per
 * run: global-embedded.ts; FAZHI_TEST_ENGINE=pglite for PGlite), cloned from the run's template
 * (./templates.ts), the real app through inject(), and a clock the test can move.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import type { ServerModule } from '../src/core/module.ts';
import type { Db } from '../src/db/index.ts';
import type { StartupState } from '../src/platform/startup.ts';
import type { UnitRow } from '../src/seed/factories.ts';
import { cloneTemplate, type TemplateName, type TestDb } from './templates.ts';

export type { TestDb } from './templates.ts';

/** A database of its own for a test file, cloned from the run's template (./templates.ts). */
export async function freshDatabase(template: TemplateName = 'empty'): Promise<TestDb> {
  return cloneTemplate(template);
}

export class TestClock {
  constructor(public current = new Date('2026-03-02T09:00:00+08:00')) {}
  now = () => new Date(this.current);
  advanceMinutes(m: number) {
    this.current = new Date(this.current.getTime() + m * 60_000);
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({ LOG_LEVEL: 'silent' }),
    webDist: '/nonexistent',
    loginRatePerMinute: 1000,
    ...overrides,
  };
}

export interface Harness {
  app: FastifyInstance;
  db: TestDb;
  clock: TestClock;
  close(): Promise<void>;
}

export async function harness(
  cfg: Partial<Config> = {},
  opts: {
    modules?: readonly ServerModule[];
    /** Start from the demo town (seed/demo.ts `seedDemo`: its units and accounts) rather than no rows. */
    demo?: boolean;
    /** The first start's state (platform/startup.ts), for the tests of the progress page's server side. */
    startup?: StartupState;
  } = {},
): Promise<Harness> {
  const db = await freshDatabase(opts.demo ? 'demo' : 'empty');
  const clock = new TestClock();
  const app = await buildApp({
    config: testConfig(cfg),
    database: db.database,
    now: clock.now,
    logger: false,
    ...(opts.modules ? { modules: opts.modules } : {}),
    ...(opts.startup ? { startup: opts.startup } : {}),
  });
  await app.ready();
  return {
    app,
    db,
    clock,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

export interface Session {
  cookie: string;
  csrf: string;
  res: LightMyRequestResponse;
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookies = res.cookies as { name: string; value: string }[];
  const sid = cookies.find((c) => c.name === 'fazhi_sid')!.value;
  const csrf = cookies.find((c) => c.name === 'fazhi_csrf')!.value;
  return { cookie: `fazhi_sid=${sid}; fazhi_csrf=${csrf}`, csrf, res };
}

/** A request as a signed-in user, with the CSRF header on writes. */
export function as(app: FastifyInstance, s: Session | null) {
  return (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      headers: s ? { cookie: s.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': s.csrf }) } : {},
    });
}

/** The demo town's county and town (what `seedDemo` returns), in a database cloned from the demo template. */
export async function demoUnits(db: Db): Promise<{ county: UnitRow; town: UnitRow }> {
  const unit = (kind: 'county' | 'town', name: string) =>
    db
      .selectFrom('org_units')
      .select(['id', 'parent_id', 'town_id', 'kind', 'name', 'code', 'path'])
      .where('kind', '=', kind)
      .where('name', '=', name)
      .executeTakeFirstOrThrow();
  return { county: await unit('county', '示范县'), town: await unit('town', '湾头桥镇') };
}
