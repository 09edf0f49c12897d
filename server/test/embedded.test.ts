/**
 * The embedded PostgreSQL the app starts in its data directory (db/embedded.ts): it keeps
 * committed data across restarts, comes back after the app is killed with -9 (its
 * postmaster orphaned, or both killed), imports an install from before decision 0006
 * (PGlite in <dataDir>/pgdata), and restores a backup written in PGlite's format.
 * Runs on the embedded server whatever DATABASE_URL says; a last case restores into
 * the server DATABASE_URL names when one is set.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runningPostmaster } from '../src/db/embedded.ts';
import { type Database, openDatabase, openPgliteDir } from '../src/db/index.ts';
import { legacyPgliteDir, openAndImport } from '../src/db/legacy.ts';
import { migrate } from '../src/db/migrate.ts';
import { backupEmbedded, restoreEmbedded } from '../src/platform/backup.ts';
import { seedDemo } from '../src/seed/demo.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-embedded-'));
// As root the server runs as `postgres`, who must be able to pass through (db/embedded.ts).
fs.chmodSync(tmp, 0o711);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const dir of fs.readdirSync(tmp)) {
    const pid = runningPostmaster(path.join(tmp, dir, 'pg'));
    if (pid) process.kill(pid, 'SIGQUIT');
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

const open = (dataDir: string) => openDatabase({ databaseUrl: undefined, dataDir });

async function setting(d: Database, key: string): Promise<unknown> {
  const r = await d.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

/** The app in another process, opened on dataDir with one committed row; resolves once ready. */
async function appProcess(dataDir: string, key: string): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./fixtures/open-embedded.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, key], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => {
    out += b.toString();
  });
  const deadline = Date.now() + 90_000;
  while (!out.includes('ready')) {
    if (child.exitCode !== null) throw new Error(`app process ended with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('app process did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return child;
}

async function kill9(child: ChildProcess) {
  child.kill('SIGKILL');
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
}

describe('the embedded PostgreSQL', () => {
  it('is a real server: fsync on, pg_trgm and btree_gin, several connections at once', async () => {
    const d = await open(path.join(tmp, 'basic'));
    try {
      await migrate(d.db);
      expect(d.kind).toBe('embedded');
      const fsync = await sql<{ fsync: string }>`show fsync`.execute(d.db);
      expect(fsync.rows[0]!.fsync).toBe('on');
      const ext = await sql<{ name: string }>`select name from pg_available_extensions`.execute(d.db);
      expect(ext.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['btree_gin', 'pg_trgm']));
      // Two sessions at once: one waits on a lock the other holds (PGlite had one session).
      const pids = await Promise.all(
        [1, 2, 3].map(() => sql<{ p: number }>`select pg_backend_pid() as p, pg_sleep(0.2)`.execute(d.db)),
      );
      expect(new Set(pids.map((r) => r.rows[0]!.p)).size).toBe(3);
      // Listens on loopback only, and refuses a connection without the install's password.
      const url = new URL(d.embedded!.url);
      expect(url.hostname).toBe('127.0.0.1');
      const intruder = new pg.Client({
        host: '127.0.0.1',
        port: d.embedded!.port,
        user: 'postgres',
        password: 'guess',
        database: 'fazhi',
      });
      await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);
    } finally {
      await d.close();
    }
    // A second open in the same process is refused too.
    const first = await open(path.join(tmp, 'basic'));
    try {
      await expect(open(path.join(tmp, 'basic'))).rejects.toThrow(/正被进程 \d+ 使用/);
    } finally {
      await first.close();
    }
    expect(runningPostmaster(path.join(tmp, 'basic', 'pg'))).toBeUndefined();
  });

  it('keeps committed data across a restart', async () => {
    const dir = path.join(tmp, 'restart');
    const a = await open(dir);
    await migrate(a.db);
    await seedDemo(a.db);
    await sql`insert into settings (key, value) values ('kept', '"湾头桥镇"')`.execute(a.db);
    const users = await a.db.selectFrom('users').select('username').orderBy('id').execute();
    await a.close();
    const b = await open(dir);
    try {
      expect(await setting(b, 'kept')).toBe('湾头桥镇');
      expect(await b.db.selectFrom('users').select('username').orderBy('id').execute()).toEqual(users);
    } finally {
      await b.close();
    }
  });

  it('after kill -9 of the app, the next start restarts the orphaned server and has every committed row', async () => {
    const dir = path.join(tmp, 'kill');
    const child = await appProcess(dir, 'before-kill');
    const orphan = runningPostmaster(path.join(dir, 'pg'));
    expect(orphan).toBeGreaterThan(0);
    // While it runs, a second app on the same data directory is refused and leaves its server alone.
    await expect(open(dir)).rejects.toThrow(new RegExp(`正被进程 ${child.pid} 使用`));
    expect(runningPostmaster(path.join(dir, 'pg'))).toBe(orphan);
    await kill9(child);
    // The app is gone; its server is still running, and the app's lock file is left behind.
    expect(runningPostmaster(path.join(dir, 'pg'))).toBe(orphan);
    expect(fs.existsSync(path.join(dir, 'fazhi.lock'))).toBe(true);
    const d = await open(dir);
    try {
      expect(await setting(d, 'before-kill')).toBe('committed');
      const now = runningPostmaster(path.join(dir, 'pg'));
      expect(now).toBeGreaterThan(0);
      expect(now).not.toBe(orphan);
    } finally {
      await d.close();
    }
  });

  it('after kill -9 of the app and of the server (a stale postmaster.pid), it recovers from the WAL', async () => {
    const dir = path.join(tmp, 'crash');
    const child = await appProcess(dir, 'before-crash');
    const postmaster = runningPostmaster(path.join(dir, 'pg'))!;
    await kill9(child);
    process.kill(postmaster, 'SIGKILL');
    while (runningPostmaster(path.join(dir, 'pg')) === postmaster) await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(true);
    const d = await open(dir);
    try {
      expect(await setting(d, 'before-crash')).toBe('committed');
    } finally {
      await d.close();
    }
  });
});

/** An install from before decision 0006: the demo organisation and one marker row in PGlite. */
async function pgliteInstall(pgdata: string) {
  fs.mkdirSync(path.dirname(pgdata), { recursive: true });
  const old = await openPgliteDir(pgdata);
  await migrate(old.db);
  await seedDemo(old.db);
  await sql`insert into settings (key, value) values ('from-pglite', '{"town":"湾头桥镇","n":[1,2]}')`.execute(old.db);
  const users = await old.db.selectFrom('users').select(['id', 'username', 'password_hash']).orderBy('id').execute();
  const audit = await old.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  return { old, users, audit };
}

describe('an install from before decision 0006 (PGlite)', () => {
  it('is imported on start (migrate-embedded): same rows, sequences continue, the old directory kept aside', async () => {
    const dir = path.join(tmp, 'legacy');
    const { old, users, audit } = await pgliteInstall(legacyPgliteDir(dir));
    await old.close();
    const log: string[] = [];
    const { database: d, imported } = await openAndImport({ databaseUrl: undefined, dataDir: dir, dbPool: 2 }, (l) =>
      log.push(l),
    );
    try {
      expect(imported).toBeGreaterThan(0);
      expect(log.join('\n')).toMatch(/发现旧版嵌入式数据库（PGlite）.*正在导入/);
      expect(await setting(d, 'from-pglite')).toEqual({ town: '湾头桥镇', n: [1, 2] });
      expect(
        await d.db.selectFrom('users').select(['id', 'username', 'password_hash']).orderBy('id').execute(),
      ).toEqual(users);
      expect(await d.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(audit);
      // New rows get ids after the imported ones (the sequences moved with the data).
      await migrate(d.db);
      const unit = await d.db.selectFrom('org_units').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
      const next = await sql<{ id: number }>`select nextval('org_units_id_seq')::int as id`.execute(d.db);
      expect(next.rows[0]!.id).toBeGreaterThan(unit.id);
    } finally {
      await d.close();
    }
    expect(fs.existsSync(legacyPgliteDir(dir))).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('pgdata.imported-'))).toBe(true);
    // The next start finds nothing more to import.
    const again = await openAndImport({ databaseUrl: undefined, dataDir: dir, dbPool: 2 }, () => {});
    expect(again.imported).toBeUndefined();
    await again.database.close();
  });

  it('a backup in PGlite format (database.tar.gz) restores into the embedded server', async () => {
    const { old, users } = await pgliteInstall(path.join(tmp, 'old-backup-src'));
    const backup = path.join(tmp, 'old-backups', 'fazhi-20260301-090000');
    fs.mkdirSync(backup, { recursive: true });
    fs.writeFileSync(
      path.join(backup, 'database.tar.gz'),
      Buffer.from(await (await old.pglite!.dumpDataDir('gzip')).arrayBuffer()),
    );
    await old.close();
    fs.writeFileSync(
      path.join(backup, 'manifest.json'),
      JSON.stringify({
        createdAt: '2026-03-01T01:00:00Z',
        format: 1,
        database: 'database.tar.gz',
        blobs: 0,
        secret: false,
      }),
    );
    const target = path.join(tmp, 'from-old-backup');
    expect(await restoreEmbedded(backup, target)).toEqual({ format: 1, secret: 'none' });
    const d = await open(target);
    try {
      expect(await setting(d, 'from-pglite')).toEqual({ town: '湾头桥镇', n: [1, 2] });
      expect(
        await d.db.selectFrom('users').select(['id', 'username', 'password_hash']).orderBy('id').execute(),
      ).toEqual(users);
    } finally {
      await d.close();
    }
  });
});

describe.skipIf(!process.env.DATABASE_URL)('backup of the embedded server, restored on DATABASE_URL', () => {
  it('round trip into an empty database of the server (PostgreSQL 15 in CI)', async () => {
    const dir = path.join(tmp, 'to-server');
    const src = await open(dir);
    await migrate(src.db);
    await seedDemo(src.db);
    await sql`insert into settings (key, value) values ('to-server', '"湾头桥镇"')`.execute(src.db);
    const users = await src.db.selectFrom('users').selectAll().orderBy('id').execute();
    const backup = await backupEmbedded(src, { dataDir: dir }, path.join(tmp, 'to-server-backups'), new Date());
    await src.close();
    const name = `fazhi_t_restore_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    try {
      const u = new URL(process.env.DATABASE_URL!);
      u.pathname = `/${name}`;
      await restoreEmbedded(backup, path.join(tmp, 'to-server-data'), { databaseUrl: u.toString() });
      const d = await openDatabase({ databaseUrl: u.toString(), dataDir: 'memory://' });
      try {
        expect(await setting(d, 'to-server')).toBe('湾头桥镇');
        expect(await d.db.selectFrom('users').selectAll().orderBy('id').execute()).toEqual(users);
      } finally {
        await d.close();
      }
    } finally {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
