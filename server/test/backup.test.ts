/**
 * A backup of the embedded install brings back the database, the install secret (so
 * encrypted ID numbers stay readable) and the stored files. With a passphrase the whole
 * backup, secret included, is one encrypted archive; without one the secret is left out
 * and must be supplied at restore (issue 11). Always runs on the embedded PostgreSQL in a
 * temp directory, whatever DATABASE_URL says.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { backupEmbedded, pruneBackups, restoreEmbedded } from '../src/platform/backup.ts';
import { DiskBlobStore } from '../src/platform/blobs.ts';
import { installSecret, PiiCipher } from '../src/platform/crypto.ts';
import { seedDemo } from '../src/seed/demo.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-backup-'));
// As root the embedded PostgreSQL runs as `postgres`, who must be able to pass through (db/embedded.ts).
fs.chmodSync(tmp, 0o711);
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ID = '110101199003070011';
const TITLE = '王某某与赵某某宅基地边界纠纷';
const PHOTO = '证据照片：界桩位置';
const PASSPHRASE = '湾头桥镇 backup 口令 2026';

const live = path.join(tmp, 'live');
let secret = '';
let blobKey = '';

/** Every byte under a backup directory (and the shared blob store beside it). */
function allBytes(dir: string): Buffer {
  const parts: Buffer[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) parts.push(fs.readFileSync(path.join(e.parentPath, e.name)));
  }
  return Buffer.concat(parts);
}

async function snapshot(db: Database) {
  const d = db.db;
  return {
    settings: await d.selectFrom('settings').selectAll().orderBy('key').execute(),
    units: await d.selectFrom('org_units').selectAll().orderBy('id').execute(),
    users: await d.selectFrom('users').selectAll().orderBy('id').execute(),
    audit: await d.selectFrom('audit_log').selectAll().orderBy('id').execute(),
  };
}

async function readBack(dataDir: string) {
  const db = await openDatabase({ databaseUrl: undefined, dataDir });
  try {
    const row = await db.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'backup-test')
      .executeTakeFirstOrThrow();
    const { token, title } = row.value as { token: string; title: string };
    const cipher = new PiiCipher(installSecret({ secret: undefined, dataDir }));
    return {
      id: cipher.decrypt(token),
      title,
      photo: (await new DiskBlobStore(path.join(dataDir, 'blobs')).get(blobKey)).toString(),
      snapshot: await snapshot(db),
    };
  } finally {
    await db.close();
  }
}

let original: Awaited<ReturnType<typeof snapshot>>;

/** The live install: the demo organisation, an encrypted ID, a case title and a stored file. */
beforeAll(async () => {
  const db = await openDatabase({ databaseUrl: undefined, dataDir: live });
  await migrate(db.db);
  await seedDemo(db.db);
  secret = installSecret({ secret: undefined, dataDir: live });
  const token = new PiiCipher(secret).encrypt(ID);
  await db.db
    .insertInto('settings')
    .values({ key: 'backup-test', value: JSON.stringify({ token, title: TITLE }) })
    .execute();
  blobKey = (await new DiskBlobStore(path.join(live, 'blobs')).put(Buffer.from(PHOTO))).key;
  original = await snapshot(db);
  await db.close();
});

async function backup(root: string, at: string, passphrase?: string) {
  const db = await openDatabase({ databaseUrl: undefined, dataDir: live });
  try {
    return await backupEmbedded(db, { dataDir: live }, root, new Date(at), { passphrase });
  } finally {
    await db.close();
  }
}

describe('backup without a passphrase', () => {
  it('leaves the install secret out; restore takes it from --secret-file and brings back rows and files', async () => {
    const root = path.join(tmp, 'plain');
    const dir = await backup(root, '2026-03-02T01:00:00Z');
    expect(path.basename(dir)).toBe('fazhi-20260302-090000');
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
    expect(allBytes(root).includes(Buffer.from(secret))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toMatchObject({
      format: 1,
      secret: false,
    });

    const restored = path.join(tmp, 'restored-plain');
    const r = await restoreEmbedded(dir, restored, { secretFile: path.join(live, 'secret.key') });
    expect(r).toEqual({ format: 1, secret: 'file' });
    const back = await readBack(restored);
    expect(back).toMatchObject({ id: ID, title: TITLE, photo: PHOTO });
    expect(back.snapshot).toEqual(original);
    // Never over live data.
    await expect(restoreEmbedded(dir, restored)).rejects.toThrow(/not empty/);
  });

  it('still restores a plain backup written before issue 11, secret.key included', async () => {
    const root = path.join(tmp, 'old');
    const dir = await backup(root, '2026-03-01T01:00:00Z');
    fs.copyFileSync(path.join(live, 'secret.key'), path.join(dir, 'secret.key'));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...manifest, secret: true }));
    const restored = path.join(tmp, 'restored-old');
    expect(await restoreEmbedded(dir, restored)).toEqual({ format: 1, secret: 'backup' });
    expect(await readBack(restored)).toMatchObject({ id: ID, title: TITLE, photo: PHOTO });
  });
});

describe('backup with a passphrase', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await backup(path.join(tmp, 'enc'), '2026-03-03T01:00:00Z', PASSPHRASE);
  });

  it('is one encrypted archive: no plaintext of the secret, a case title or a file', async () => {
    expect(fs.readdirSync(dir).sort()).toEqual(['backup.enc', 'manifest.json']);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toMatchObject({
      format: 2,
      secret: true,
    });
    const bytes = allBytes(path.dirname(dir));
    for (const plain of [secret, TITLE, PHOTO, '湾头桥镇'])
      expect(bytes.includes(Buffer.from(plain)), plain).toBe(false);
    expect(bytes.includes(Buffer.from(PASSPHRASE))).toBe(false);
    // The control: a plain backup's database does hold the title, so the check above can fail.
    const plainDb = zlib.gunzipSync(
      fs.readFileSync(path.join(tmp, 'plain', 'fazhi-20260302-090000', 'database.jsonl.gz')),
    );
    expect(plainDb.includes(Buffer.from(TITLE))).toBe(true);
  });

  it('refuses a wrong passphrase or a missing one, in Chinese, and writes nothing', async () => {
    const target = path.join(tmp, 'restored-wrong');
    await expect(restoreEmbedded(dir, target, { passphrase: '错误的口令 wrong passphrase' })).rejects.toThrow(
      /备份口令错误/,
    );
    await expect(restoreEmbedded(dir, target)).rejects.toThrow(/该备份已加密，请提供备份口令/);
    expect(fs.existsSync(path.join(target, 'pg'))).toBe(false);
    expect(fs.existsSync(path.join(target, 'secret.key'))).toBe(false);
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('refuses an archive whose header or body was changed', async () => {
    const bodyChanged = path.join(tmp, 'tampered-body', 'fazhi-20260303-090000');
    fs.cpSync(dir, bodyChanged, { recursive: true });
    const body = fs.readFileSync(path.join(bodyChanged, 'backup.enc'));
    body[body.length - 100]! ^= 1;
    fs.writeFileSync(path.join(bodyChanged, 'backup.enc'), body);
    const headerChanged = path.join(tmp, 'tampered-header', 'fazhi-20260303-090000');
    fs.cpSync(dir, headerChanged, { recursive: true });
    const head = fs.readFileSync(path.join(headerChanged, 'backup.enc'));
    const at = head.indexOf('"createdAt":"2026');
    head.write('"createdAt":"2025', at);
    fs.writeFileSync(path.join(headerChanged, 'backup.enc'), head);
    for (const copy of [bodyChanged, headerChanged]) {
      await expect(
        restoreEmbedded(copy, path.join(path.dirname(copy), 'restored'), { passphrase: PASSPHRASE }),
      ).rejects.toThrow(/备份口令错误，或备份文件已损坏/);
    }
  });

  it('round trip: the same passphrase restores identical data, the secret and the files', async () => {
    const restored = path.join(tmp, 'restored-enc');
    expect(await restoreEmbedded(dir, restored, { passphrase: PASSPHRASE })).toEqual({ format: 2, secret: 'backup' });
    expect(fs.readFileSync(path.join(restored, 'secret.key'), 'utf8').trim()).toBe(secret);
    const back = await readBack(restored);
    expect(back).toMatchObject({ id: ID, title: TITLE, photo: PHOTO });
    expect(back.snapshot).toEqual(original);
    expect(fs.readdirSync(restored).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a passphrase shorter than 12 characters', async () => {
    await expect(backup(path.join(tmp, 'short'), '2026-03-04T01:00:00Z', 'short')).rejects.toThrow(/至少 12 个字符/);
  });
});

describe('pruning', () => {
  it('keeps only the newest backups', async () => {
    const root = path.join(tmp, 'prune');
    for (const d of ['fazhi-20260301-090000', 'fazhi-20260302-090000', 'fazhi-20260303-090000']) {
      fs.mkdirSync(path.join(root, d), { recursive: true });
    }
    fs.mkdirSync(path.join(root, 'blobs'), { recursive: true });
    expect(await pruneBackups(root, 2)).toEqual(['fazhi-20260301-090000']);
    expect(fs.readdirSync(root).sort()).toEqual(['blobs', 'fazhi-20260302-090000', 'fazhi-20260303-090000']);
  });
});
