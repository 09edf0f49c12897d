/**
 * A backup of the embedded install brings back the database, the install secret (so
 * encrypted ID numbers stay readable) and the stored files. Always runs on PGlite in a
 * temp directory: it is the embedded default's feature, whatever DATABASE_URL says.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { backupEmbedded, pruneBackups, restoreEmbedded } from '../src/platform/backup.ts';
import { DiskBlobStore } from '../src/platform/blobs.ts';
import { installSecret, PiiCipher } from '../src/platform/crypto.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('backup and restore (embedded)', () => {
  it('restores rows, the secret that decrypts them, and the files', async () => {
    const dataDir = path.join(tmp, 'live');
    const db = await openDatabase({ databaseUrl: undefined, dataDir });
    await migrate(db.db);
    const cipher = new PiiCipher(installSecret({ secret: undefined, dataDir }));
    const token = cipher.encrypt('110101199003070011');
    await db.db
      .insertInto('settings')
      .values({ key: 'backup-test', value: JSON.stringify({ token }) })
      .execute();
    const blob = await new DiskBlobStore(path.join(dataDir, 'blobs')).put(Buffer.from('证据照片'));
    const root = path.join(tmp, 'backups');
    const dir = await backupEmbedded(db, { dataDir }, root, new Date('2026-03-02T01:00:00Z'));
    expect(path.basename(dir)).toBe('fazhi-20260302-090000');
    await db.close();

    const restored = path.join(tmp, 'restored');
    await restoreEmbedded(dir, restored);
    const db2 = await openDatabase({ databaseUrl: undefined, dataDir: restored });
    const row = await db2.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'backup-test')
      .executeTakeFirstOrThrow();
    const cipher2 = new PiiCipher(installSecret({ secret: undefined, dataDir: restored }));
    expect(cipher2.decrypt((row.value as { token: string }).token)).toBe('110101199003070011');
    expect((await new DiskBlobStore(path.join(restored, 'blobs')).get(blob.key)).toString()).toBe('证据照片');
    await db2.close();
    // Never over live data.
    await expect(restoreEmbedded(dir, restored)).rejects.toThrow(/not empty/);
  });

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
