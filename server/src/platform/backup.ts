/**
 * Backups of the embedded install (architecture.md §4: PGlite never fsyncs, so a power
 * loss can lose recent commits; backups are part of the embedded default). A backup is a
 * directory holding everything needed to come back: the database as PGlite's own
 * data-dir tarball, the install secret (without it the encrypted ID numbers are lost),
 * and the content-addressed attachments and documents (copied only when missing, so a
 * daily backup costs the new files). A PostgreSQL server is backed up with its own tools
 * (pg_dump / base backups; docs/runbooks/postgresql.md) plus the same blob directory.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';

const DB_FILE = 'database.tar.gz';
const MANIFEST = 'manifest.json';

export interface BackupManifest {
  createdAt: string;
  database: string;
  blobs: number;
  secret: boolean;
  format: 1;
}

function stamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** Writes a backup of a running embedded database into `<root>/fazhi-<time>/` and returns its path. */
export async function backupEmbedded(
  database: Database,
  config: Pick<Config, 'dataDir'>,
  root: string,
  now: Date,
): Promise<string> {
  if (!database.pglite) throw new Error('backupEmbedded needs the embedded database (PGlite)');
  const dir = path.join(root, `fazhi-${stamp(now)}`);
  const tmp = `${dir}.partial`;
  await fs.promises.rm(tmp, { recursive: true, force: true });
  await fs.promises.mkdir(tmp, { recursive: true });
  // PGlite runs one query at a time, so the dump is a consistent snapshot between queries.
  const tar = await database.pglite.dumpDataDir('gzip');
  await fs.promises.writeFile(path.join(tmp, DB_FILE), Buffer.from(await tar.arrayBuffer()));
  let secret = false;
  const secretFile = path.join(config.dataDir, 'secret.key');
  if (fs.existsSync(secretFile)) {
    await fs.promises.copyFile(secretFile, path.join(tmp, 'secret.key'));
    await fs.promises.chmod(path.join(tmp, 'secret.key'), 0o600);
    secret = true;
  }
  // Blobs go to a store shared by all backups under root: names are hashes, never rewritten.
  const blobs = await copyMissing(path.join(config.dataDir, 'blobs'), path.join(root, 'blobs'));
  const manifest: BackupManifest = {
    createdAt: now.toISOString(),
    database: DB_FILE,
    blobs,
    secret,
    format: 1,
  };
  await fs.promises.writeFile(path.join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await fs.promises.rename(tmp, dir);
  return dir;
}

/** Keeps the newest `keep` backups under root (the shared blob store stays). */
export async function pruneBackups(root: string, keep: number): Promise<string[]> {
  if (!fs.existsSync(root)) return [];
  const dirs = (await fs.promises.readdir(root)).filter((d) => /^fazhi-\d{8}-\d{6}$/.test(d)).sort();
  const old = dirs.slice(0, Math.max(0, dirs.length - keep));
  for (const d of old) await fs.promises.rm(path.join(root, d), { recursive: true, force: true });
  return old;
}

/**
 * Restores a backup into an empty data directory (refuses a non-empty one: a restore
 * must never overwrite live data by accident).
 */
export async function restoreEmbedded(backupDir: string, dataDir: string): Promise<void> {
  const manifest = JSON.parse(await fs.promises.readFile(path.join(backupDir, MANIFEST), 'utf8')) as BackupManifest;
  if (manifest.format !== 1) throw new Error(`unknown backup format ${manifest.format}`);
  const pgdata = path.join(dataDir, 'pgdata');
  if (fs.existsSync(pgdata) && (await fs.promises.readdir(pgdata)).length > 0) {
    throw new Error(`${pgdata} is not empty; restore into a new FAZHI_DATA_DIR`);
  }
  await fs.promises.mkdir(dataDir, { recursive: true });
  const tar = await fs.promises.readFile(path.join(backupDir, manifest.database));
  const pg = new PGlite(pgdata, { loadDataDir: new Blob([tar]), extensions: { btree_gin } });
  await pg.waitReady;
  await pg.close();
  if (manifest.secret) {
    await fs.promises.copyFile(path.join(backupDir, 'secret.key'), path.join(dataDir, 'secret.key'));
    await fs.promises.chmod(path.join(dataDir, 'secret.key'), 0o600);
  }
  await copyMissing(path.join(path.dirname(backupDir), 'blobs'), path.join(dataDir, 'blobs'));
}

async function copyMissing(from: string, to: string): Promise<number> {
  if (!fs.existsSync(from)) return 0;
  let n = 0;
  for (const entry of await fs.promises.readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.tmp')) continue;
    const src = path.join(entry.parentPath, entry.name);
    const dst = path.join(to, path.relative(from, src));
    n++;
    if (fs.existsSync(dst)) continue;
    await fs.promises.mkdir(path.dirname(dst), { recursive: true });
    await fs.promises.copyFile(src, dst);
  }
  return n;
}
