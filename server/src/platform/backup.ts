/**
 * Backups of an install: its database, its install secret and its stored files. Daily
 * for the embedded PostgreSQL (cli.ts serve); by hand (`fazhi backup`) for it or for the
 * server DATABASE_URL names. A backup is a directory `fazhi-<time>/` of one of two kinds
 * (docs/runbooks/backup.md):
 *
 * - encrypted (format 2, when the operator gives a passphrase): one file, backup.enc,
 *   holding the database (a logical dump, db/dump.ts), the install secret and every
 *   attachment and document, sealed with AES-256-GCM under a key derived from the
 *   passphrase with scrypt. Salt and scrypt parameters are in the file's header, which
 *   is authenticated too. A stolen backup reveals nothing without the passphrase.
 * - plain (format 1, no passphrase): the database dump and the content-addressed
 *   files (in a blob store shared by all backups under the same root, copied only when
 *   missing). The install secret is NOT written beside them (issue 11): a copy of the
 *   database next to the key of its encrypted ID and phone numbers would give both away.
 *   The operator keeps secret.key (or FAZHI_SECRET) elsewhere; the CLI says so loudly.
 *   Backups of this format written before issue 11 may hold secret.key; restore takes it.
 *
 * Backups written before decision 0006 hold PGlite's data-directory tarball
 * (database.tar.gz) instead of the dump; restore reads it with PGlite and loads it the same way.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { DumpError, dumpToFile, loadFromFile } from '../db/dump.ts';
import { type Database, openDatabase, openPgliteDir } from '../db/index.ts';

const DB_FILE = 'database.jsonl.gz';
/** The database of a backup written before decision 0006: PGlite's data directory as a tarball. */
const PGLITE_TAR = 'database.tar.gz';
const MANIFEST = 'manifest.json';
const SECRET_FILE = 'secret.key';
const ARCHIVE = 'backup.enc';
const MAGIC = Buffer.from('FAZHIBK2');
/** scrypt cost: 2^17 × 8 × 128 B = 128 MiB and about half a second per try, for the operator and a thief alike. */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const TAG_BYTES = 16;
const CHUNK = 1 << 20;
export const MIN_PASSPHRASE_LENGTH = 12;

export interface BackupManifest {
  createdAt: string;
  /** 1: plain directory (database tarball, shared blob store); 2: one encrypted archive. */
  format: 1 | 2;
  database?: string;
  archive?: string;
  blobs: number;
  /** Whether the install secret is in the backup (always for format 2; never for format 1 since issue 11). */
  secret: boolean;
}

export interface BackupOptions {
  /** Encrypts the whole backup, install secret included; without it the secret is left out. */
  passphrase?: string | undefined;
}

/** Raised for what the operator must fix (wrong passphrase, missing secret…); the CLI prints the message. */
export class BackupError extends Error {}

function stamp(now: Date): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupError(
      `备份口令至少 ${MIN_PASSPHRASE_LENGTH} 个字符 (the backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters)`,
    );
  }
}

/**
 * Writes a backup of a running database into `<root>/fazhi-<time>/` and returns its path:
 * encrypted with everything inside when a passphrase is given, else plain and without
 * the install secret.
 */
export async function backupEmbedded(
  database: Database,
  config: Pick<Config, 'dataDir'>,
  root: string,
  now: Date,
  opts: BackupOptions = {},
): Promise<string> {
  if (opts.passphrase !== undefined) checkPassphrase(opts.passphrase);
  const dir = path.join(root, `fazhi-${stamp(now)}`);
  const tmp = `${dir}.partial`;
  await fs.promises.rm(tmp, { recursive: true, force: true });
  await fs.promises.mkdir(tmp, { recursive: true, mode: 0o700 });
  const blobRoot = path.join(config.dataDir, 'blobs');
  let manifest: BackupManifest;
  if (opts.passphrase !== undefined) {
    const dump = path.join(tmp, `.${DB_FILE}`);
    await dumpToFile(database.db, dump);
    const secretFile = path.join(config.dataDir, SECRET_FILE);
    const entries: ArchiveEntry[] = [{ name: DB_FILE, file: dump }];
    if (fs.existsSync(secretFile)) entries.push({ name: SECRET_FILE, file: secretFile });
    const blobs = await listFiles(blobRoot);
    for (const rel of blobs) entries.push({ name: `blobs/${rel}`, file: path.join(blobRoot, rel) });
    await writeArchive(path.join(tmp, ARCHIVE), opts.passphrase, entries, now);
    await fs.promises.rm(dump);
    manifest = {
      createdAt: now.toISOString(),
      format: 2,
      archive: ARCHIVE,
      blobs: blobs.length,
      secret: entries.some((e) => e.name === SECRET_FILE),
    };
  } else {
    await dumpToFile(database.db, path.join(tmp, DB_FILE));
    // Blobs go to a store shared by all backups under root: names are hashes, never rewritten.
    const blobs = await copyMissing(blobRoot, path.join(root, 'blobs'));
    manifest = { createdAt: now.toISOString(), format: 1, database: DB_FILE, blobs, secret: false };
  }
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

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await fs.promises.readFile(path.join(backupDir, MANIFEST), 'utf8');
  } catch {
    throw new BackupError(`${backupDir} 不是备份目录（缺少 ${MANIFEST}）`);
  }
  const manifest = JSON.parse(text) as BackupManifest;
  if (manifest.format !== 1 && manifest.format !== 2) {
    throw new BackupError(`未知的备份格式 ${String(manifest.format)} (unknown backup format)`);
  }
  return manifest;
}

export interface RestoreOptions {
  /** Restore into this (empty) PostgreSQL database instead of the embedded one in dataDir. */
  databaseUrl?: string | undefined;
  /** Needed for an encrypted backup. */
  passphrase?: string | undefined;
  /** The install secret to put beside a backup that does not hold it (plain backups). */
  secretFile?: string | undefined;
}

export interface RestoreResult {
  format: 1 | 2;
  /** Where the install secret of the restored data came from. */
  secret: 'backup' | 'file' | 'none';
}

/**
 * Restores a backup into an empty data directory (refuses a non-empty one: a restore
 * must never overwrite live data by accident), or into an empty database on the server
 * `opts.databaseUrl` names. An encrypted backup needs its passphrase; a wrong one is
 * refused (the GCM tag does not verify) before anything is written.
 */
export async function restoreEmbedded(
  backupDir: string,
  dataDir: string,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const manifest = await readManifest(backupDir);
  if (!opts.databaseUrl) {
    for (const sub of ['pg', 'pgdata']) {
      const d = path.join(dataDir, sub);
      if (fs.existsSync(d) && (await fs.promises.readdir(d)).length > 0) {
        throw new BackupError(
          `${d} is not empty; restore into a new FAZHI_DATA_DIR（目标目录不为空，请恢复到新的数据目录）`,
        );
      }
    }
  }
  if (manifest.format === 2 && opts.passphrase === undefined) {
    throw new BackupError('该备份已加密，请提供备份口令（--passphrase-file 或 FAZHI_BACKUP_PASSPHRASE）');
  }
  await fs.promises.mkdir(dataDir, { recursive: true });
  let secret: RestoreResult['secret'] = 'none';
  const work = path.join(dataDir, `.restore-${randomBytes(6).toString('hex')}`);
  let database: { file: string; pglite: boolean } | undefined;
  try {
    if (manifest.format === 2) {
      const plain = `${work}.tmp`;
      try {
        await decryptArchive(path.join(backupDir, manifest.archive ?? ARCHIVE), opts.passphrase!, plain);
        await fs.promises.mkdir(work, { mode: 0o700 });
        for await (const entry of readEntries(plain)) {
          if (entry.name === DB_FILE || entry.name === PGLITE_TAR) {
            database = { file: path.join(work, entry.name), pglite: entry.name === PGLITE_TAR };
            await fs.promises.writeFile(database.file, entry.data, { mode: 0o600 });
          } else if (entry.name === SECRET_FILE) {
            await fs.promises.writeFile(path.join(dataDir, SECRET_FILE), entry.data, { mode: 0o600 });
            secret = 'backup';
          } else if (entry.name.startsWith('blobs/')) {
            const dst = path.join(dataDir, 'blobs', safeRelative(entry.name.slice('blobs/'.length)));
            await fs.promises.mkdir(path.dirname(dst), { recursive: true });
            await fs.promises.writeFile(dst, entry.data, { mode: 0o600 });
          }
        }
      } finally {
        await fs.promises.rm(plain, { force: true });
      }
    } else {
      const name = manifest.database ?? PGLITE_TAR;
      database = { file: path.join(backupDir, name), pglite: name === PGLITE_TAR };
      if (manifest.secret && fs.existsSync(path.join(backupDir, SECRET_FILE))) {
        // A plain backup written before issue 11 holds the secret.
        await fs.promises.copyFile(path.join(backupDir, SECRET_FILE), path.join(dataDir, SECRET_FILE));
        await fs.promises.chmod(path.join(dataDir, SECRET_FILE), 0o600);
        secret = 'backup';
      }
      await copyMissing(path.join(path.dirname(backupDir), 'blobs'), path.join(dataDir, 'blobs'));
    }
    if (!database) throw new BackupError(`${backupDir} 中没有数据库 (no database in the backup)`);
    await loadDatabase(database, { databaseUrl: opts.databaseUrl, dataDir }, work);
  } catch (e) {
    if (e instanceof DumpError) throw new BackupError(e.message);
    throw e;
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true });
  }
  if (secret === 'none' && opts.secretFile) {
    await fs.promises.copyFile(opts.secretFile, path.join(dataDir, SECRET_FILE));
    await fs.promises.chmod(path.join(dataDir, SECRET_FILE), 0o600);
    secret = 'file';
  }
  return { format: manifest.format, secret };
}

async function loadDatabase(
  source: { file: string; pglite: boolean },
  target: Pick<Config, 'databaseUrl' | 'dataDir'>,
  work: string,
): Promise<void> {
  let dump = source.file;
  if (source.pglite) {
    // An old backup: PGlite opens its tarball in a scratch directory and we dump that.
    await fs.promises.mkdir(work, { recursive: true, mode: 0o700 });
    const old = await openPgliteDir(path.join(work, 'pgdata'), {
      loadDataDir: new Blob([await fs.promises.readFile(source.file)]),
    });
    dump = path.join(work, DB_FILE);
    try {
      await dumpToFile(old.db, dump);
    } finally {
      await old.close();
    }
  }
  const db = await openDatabase(target, { poolSize: 2 });
  try {
    await loadFromFile(db.db, dump);
  } finally {
    await db.close();
  }
}

// ---- The encrypted archive -------------------------------------------------------------
//
// backup.enc = MAGIC | uint32 BE header length | header (JSON) | ciphertext | GCM tag (16 B)
// The header (scrypt salt and parameters, the IV) is the GCM additional data, so changing
// it fails the tag like a wrong passphrase. The plaintext is a run of entries:
// uint16 BE name length | name (UTF-8) | uint64 BE size | bytes, ended by a zero name length.

interface ArchiveHeader {
  kdf: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  cipher: 'aes-256-gcm';
  iv: string;
  createdAt: string;
}

type ArchiveEntry = { name: string; data: Buffer } | { name: string; file: string };

function deriveKey(passphrase: string, h: Pick<ArchiveHeader, 'N' | 'r' | 'p' | 'salt'>): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      Buffer.from(h.salt, 'base64'),
      32,
      { N: h.N, r: h.r, p: h.p, maxmem: 256 * h.N * h.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    ),
  );
}

async function writeArchive(file: string, passphrase: string, entries: ArchiveEntry[], now: Date): Promise<void> {
  const header: ArchiveHeader = {
    kdf: 'scrypt',
    ...SCRYPT,
    salt: randomBytes(16).toString('base64'),
    cipher: 'aes-256-gcm',
    iv: randomBytes(12).toString('base64'),
    createdAt: now.toISOString(),
  };
  const key = await deriveKey(passphrase, header);
  const headerBytes = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(headerBytes.length);
  const prefix = Buffer.concat([MAGIC, len, headerBytes]);
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
  cipher.setAAD(prefix);
  const out = await fs.promises.open(file, 'w', 0o600);
  try {
    await out.write(prefix);
    const put = async (b: Buffer) => {
      const c = cipher.update(b);
      if (c.length) await out.write(c);
    };
    for (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      const size = 'data' in e ? e.data.length : (await fs.promises.stat(e.file)).size;
      const head = Buffer.alloc(2 + name.length + 8);
      head.writeUInt16BE(name.length, 0);
      name.copy(head, 2);
      head.writeBigUInt64BE(BigInt(size), 2 + name.length);
      await put(head);
      if ('data' in e) await put(e.data);
      else {
        // Streamed, so a large attachment store never sits in memory at once.
        let written = 0;
        for await (const chunk of fs.createReadStream(e.file, { highWaterMark: CHUNK })) {
          written += (chunk as Buffer).length;
          await put(chunk as Buffer);
        }
        if (written !== size) throw new Error(`${e.file} changed while being backed up`);
      }
    }
    await put(Buffer.alloc(2));
    const last = cipher.final();
    if (last.length) await out.write(last);
    await out.write(cipher.getAuthTag());
    await out.sync();
  } finally {
    await out.close();
  }
}

/** Decrypts into `plainFile`; throws a BackupError (and leaves nothing) on a wrong passphrase or a damaged file. */
async function decryptArchive(file: string, passphrase: string, plainFile: string): Promise<void> {
  const input = await fs.promises.open(file, 'r');
  try {
    const { size } = await input.stat();
    const fixed = Buffer.alloc(MAGIC.length + 4);
    await input.read(fixed, 0, fixed.length, 0);
    if (!fixed.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupError(`${file} 不是 Fazhi 加密备份文件`);
    const headerLength = fixed.readUInt32BE(MAGIC.length);
    const start = fixed.length + headerLength;
    if (headerLength > 64 * 1024 || size < start + TAG_BYTES) throw new BackupError(`${file} 已损坏（文件不完整）`);
    const headerBytes = Buffer.alloc(headerLength);
    await input.read(headerBytes, 0, headerLength, fixed.length);
    const header = JSON.parse(headerBytes.toString('utf8')) as ArchiveHeader;
    if (header.kdf !== 'scrypt' || header.cipher !== 'aes-256-gcm') throw new BackupError(`${file} 的加密方式未知`);
    const key = await deriveKey(passphrase, header);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
    decipher.setAAD(Buffer.concat([fixed, headerBytes]));
    const tag = Buffer.alloc(TAG_BYTES);
    await input.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
    decipher.setAuthTag(tag);
    const out = await fs.promises.open(plainFile, 'w', 0o600);
    try {
      const buf = Buffer.alloc(CHUNK);
      for (let pos = start; pos < size - TAG_BYTES; ) {
        const { bytesRead } = await input.read(buf, 0, Math.min(CHUNK, size - TAG_BYTES - pos), pos);
        if (bytesRead === 0) throw new BackupError(`${file} 已损坏（文件不完整）`);
        pos += bytesRead;
        await out.write(decipher.update(buf.subarray(0, bytesRead)));
      }
      try {
        await out.write(decipher.final());
      } catch {
        throw new BackupError(
          '备份口令错误，或备份文件已损坏、被改动，未恢复任何数据 (wrong passphrase, or the backup is damaged)',
        );
      }
    } finally {
      await out.close();
    }
  } catch (e) {
    await fs.promises.rm(plainFile, { force: true });
    throw e;
  } finally {
    await input.close();
  }
}

/** The entries of a decrypted (hence authenticated) archive, one in memory at a time. */
async function* readEntries(plainFile: string): AsyncGenerator<{ name: string; data: Buffer }> {
  const f = await fs.promises.open(plainFile, 'r');
  try {
    let pos = 0;
    const read = async (n: number) => {
      const b = Buffer.alloc(n);
      const { bytesRead } = await f.read(b, 0, n, pos);
      if (bytesRead !== n) throw new BackupError('备份文件内容不完整');
      pos += n;
      return b;
    };
    for (;;) {
      const nameLength = (await read(2)).readUInt16BE(0);
      if (nameLength === 0) return;
      const name = (await read(nameLength)).toString('utf8');
      const size = Number((await read(8)).readBigUInt64BE(0));
      yield { name, data: await read(size) };
    }
  } finally {
    await f.close();
  }
}

function safeRelative(rel: string): string {
  const norm = path.normalize(rel);
  if (path.isAbsolute(norm) || norm.startsWith('..')) throw new BackupError(`备份中的文件名不合法：${rel}`);
  return norm;
}

async function listFiles(root: string): Promise<string[]> {
  if (!fs.existsSync(root)) return [];
  const files: string[] = [];
  for (const entry of await fs.promises.readdir(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.tmp')) continue;
    files.push(path.relative(root, path.join(entry.parentPath, entry.name)));
  }
  return files.sort();
}

async function copyMissing(from: string, to: string): Promise<number> {
  const files = await listFiles(from);
  for (const rel of files) {
    const dst = path.join(to, rel);
    if (fs.existsSync(dst)) continue;
    await fs.promises.mkdir(path.dirname(dst), { recursive: true });
    await fs.promises.copyFile(path.join(from, rel), dst);
  }
  return files.length;
}
