/**
 * Test harness: a real database per test file (a fresh in-memory PGlite, or a fresh
 * database on the PostgreSQL server named by DATABASE_URL, which FAZHI_TEST_ENGINE=embedded
 * points at one embedded server per run: global-embedded.ts), the real app through
 * inject(), and a clock the test can move.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config.ts';
import type { ServerModule } from '../src/core/module.ts';
import { type Database, openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';

export interface TestDb {
  database: Database;
  url: string | undefined;
  drop(): Promise<void>;
}

export async function freshDatabase(): Promise<TestDb> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const database = await openDatabase({ databaseUrl: undefined, dataDir: 'memory://' });
    await migrate(database.db);
    return { database, url: undefined, drop: () => database.close() };
  }
  const name = `fazhi_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  // The embedded run migrated a template once (global-embedded.ts); copying it is much faster.
  const template = process.env.FAZHI_TEST_TEMPLATE;
  await admin.query(`create database ${name}${template ? ` template ${pg.escapeIdentifier(template)}` : ''}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  await migrate(database.db);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
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
  opts: { modules?: readonly ServerModule[] } = {},
): Promise<Harness> {
  const db = await freshDatabase();
  const clock = new TestClock();
  const app = await buildApp({
    config: testConfig(cfg),
    database: db.database,
    now: clock.now,
    logger: false,
    ...(opts.modules ? { modules: opts.modules } : {}),
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
