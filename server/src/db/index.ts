/**
 * One code path for both engines: Kysely's PostgresDialect over a pg.Pool, which for
 * the embedded default is built on PGlite's own node-postgres adapter (docs/stack-notes.md
 * §Kysely over the pg adapter). Driver differences are normalised here and nowhere else.
 */
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { acquireDirLock, type DirLock } from './lock.ts';
import type { DB } from './schema.ts';

// int8 (count(*), bigserial) arrives as a string from pg and from the adapter; our
// ids and counts stay far below 2^53, so numbers are safe and match what callers expect.
pg.types.setTypeParser(20, (v) => Number(v));
// `date` columns are calendar dates in Asia/Shanghai: keep 'YYYY-MM-DD' rather than a
// Date at local midnight, which would shift across time zones.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<DB>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Present for the embedded engine; used by backup and tests. */
  pglite?: PGlite;
  close(): Promise<void>;
}

export interface OpenOptions {
  poolSize?: number;
  /**
   * An in-memory PGlite starts from this data directory (a tarball from PGlite's
   * `dumpDataDir`) instead of an empty cluster: the tests' clones of a migrated, seeded
   * template (test/templates.ts). Ignored for PostgreSQL and for a data directory on disk.
   */
  loadDataDir?: Blob | undefined;
}

export async function openDatabase(
  cfg: Pick<Config, 'databaseUrl' | 'dataDir'>,
  opts: OpenOptions = {},
): Promise<Database> {
  if (cfg.databaseUrl) {
    // JIT off: our queries are short OLTP statements whose estimated cost (the visibility
    // rule's subqueries) crosses the JIT threshold, and compiling cost 30–64 ms per statement
    // while saving nothing (bench/README.md).
    const pool = new pg.Pool({ connectionString: cfg.databaseUrl, max: opts.poolSize ?? 10, options: '-c jit=off' });
    pool.on('error', () => {
      // An idle client lost its connection; the pool replaces it. Nothing to do here.
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  let lock: DirLock | undefined;
  let pglite: PGlite;
  if (cfg.dataDir.startsWith('memory://')) {
    pglite = new PGlite({ extensions: { btree_gin }, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  } else {
    lock = acquireDirLock(cfg.dataDir);
    pglite = new PGlite(path.join(cfg.dataDir, 'pgdata'), { extensions: { btree_gin } });
  }
  await pglite.waitReady;
  const pool = new pg.Pool(createPgConfig(pglite));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'pglite',
    pglite,
    close: async () => {
      await db.destroy();
      await pglite.close();
      lock?.release();
    },
  };
}
