/**
 * Installs from before decision 0006 kept a PGlite database in `<dataDir>/pgdata`. The
 * first start of the embedded PostgreSQL (or `fazhi migrate-embedded`) moves it over with
 * a logical dump (dump.ts) and keeps the old directory, renamed, until the operator
 * deletes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { dumpToFile, isBlank, loadFromFile } from './dump.ts';
import { type Database, openDatabase, openPgliteDir } from './index.ts';

/** Where a PGlite install (before decision 0006) kept its database. */
export function legacyPgliteDir(dataDir: string): string {
  return path.join(dataDir, 'pgdata');
}

/**
 * openDatabase, then for the embedded server the import of an old PGlite database found in
 * the data directory (said through `log`). `imported`: rows moved by this call.
 */
export async function openAndImport(
  cfg: Pick<Config, 'databaseUrl' | 'dataDir' | 'dbPool'>,
  log: (line: string) => void,
): Promise<{ database: Database; imported: number | undefined }> {
  const database = await openDatabase(cfg, { log });
  if (database.kind !== 'embedded') return { database, imported: undefined };
  try {
    return { database, imported: await importLegacyPglite(cfg.dataDir, database, log) };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/**
 * Moves an old install's PGlite database (`<dataDir>/pgdata`) into the embedded server:
 * a logical dump of it, loaded into the server's empty database; the old directory is then
 * renamed `pgdata.imported-<time>` (kept until the operator deletes it). Returns the rows
 * moved, or undefined when there was nothing to import. `from` names another PGlite
 * directory to import (left as it is).
 */
export async function importLegacyPglite(
  dataDir: string,
  target: Database,
  log: (line: string) => void,
  from?: string,
): Promise<number | undefined> {
  const old = from ?? legacyPgliteDir(dataDir);
  if (!fs.existsSync(path.join(old, 'PG_VERSION'))) return undefined;
  if (!(await isBlank(target.db))) {
    throw new Error(
      `数据目录中同时存在旧的 PGlite 数据库 ${old} 和已有数据的嵌入式 PostgreSQL，未自动导入。` +
        `请确认后移走其中之一 (both an old PGlite database and a non-empty embedded PostgreSQL found)`,
    );
  }
  log(`发现旧版嵌入式数据库（PGlite）${old}，正在导入嵌入式 PostgreSQL（仅此一次）……`);
  const file = path.join(dataDir, `.import-${process.pid}.jsonl.gz`);
  try {
    const source = await openPgliteDir(old);
    try {
      await dumpToFile(source.db, file);
    } finally {
      await source.close();
    }
    const rows = await loadFromFile(target.db, file);
    if (from) {
      log(`已导入 ${rows} 行数据（${old} 保持不变）`);
      return rows;
    }
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '');
    const kept = `${old}.imported-${stamp}`;
    fs.renameSync(old, kept);
    log(`已导入 ${rows} 行数据；旧数据库已改名为 ${kept}，确认无误后可删除`);
    return rows;
  } finally {
    fs.rmSync(file, { force: true });
  }
}
