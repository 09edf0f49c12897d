/**
 * One code path for every engine: Kysely's PostgresDialect over a pg.Pool. The product
 * talks to a real PostgreSQL server: the embedded one the app starts in
 * `<FAZHI_DATA_DIR>/pg` (embedded.ts), or the server DATABASE_URL names. PGlite, through its
 * own node-postgres adapter, remains for the in-memory test harness (`memory://`) and for
 * reading an old PGlite install to import it (docs/decisions/0006-embedded-postgresql.md).
 * Driver differences are normalised here and nowhere else.
 */
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { type EmbeddedServer, startEmbedded } from './embedded.ts';
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
  /** embedded: the server in the data directory; postgres: DATABASE_URL; pglite: memory:// or an old install being read. */
  kind: 'embedded' | 'postgres' | 'pglite';
  /** Present for PGlite (tests). */
  pglite?: PGlite;
  /** Present for the embedded server (its URL, for tests and tools). */
  embedded?: EmbeddedServer;
  close(): Promise<void>;
}

function poolDatabase(connectionString: string, max: number): Db {
  // JIT off: our queries are short OLTP statements whose estimated cost (the visibility
  // rule's subqueries) crosses the JIT threshold, and compiling cost 30–64 ms per statement
  // while saving nothing (bench/README.md).
  const pool = new pg.Pool({ connectionString, max, options: '-c jit=off' });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it. Nothing to do here.
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

export interface OpenOptions {
  poolSize?: number;
  log?: ((line: string) => void) | undefined;
  /**
   * An in-memory PGlite starts from this data directory (a tarball from PGlite's
   * `dumpDataDir`) instead of an empty cluster: the tests' clones of a migrated, seeded
   * template (test/templates.ts). Ignored for PostgreSQL and for the embedded server.
   */
  loadDataDir?: Blob | undefined;
}

export async function openDatabase(
  cfg: Pick<Config, 'databaseUrl' | 'dataDir'> & { dbPool?: number },
  opts: OpenOptions = {},
): Promise<Database> {
  const max = opts.poolSize ?? cfg.dbPool ?? 10;
  if (cfg.databaseUrl) {
    const db = poolDatabase(cfg.databaseUrl, max);
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (cfg.dataDir.startsWith('memory://')) {
    const pglite = new PGlite({
      extensions: { btree_gin },
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    return pgliteDatabase(pglite, undefined);
  }
  // Two app processes must never drive one cluster (each would stop the other's server).
  const lock = acquireDirLock(cfg.dataDir);
  let server: EmbeddedServer | undefined;
  try {
    server = await startEmbedded(cfg.dataDir, opts.log ? { log: opts.log } : {});
    const db = poolDatabase(server.url, max);
    const database: Database = {
      db,
      kind: 'embedded',
      embedded: server,
      close: async () => {
        await db.destroy();
        await server!.stop();
        lock.release();
      },
    };
    return database;
  } catch (e) {
    if (server) await server.stop().catch(() => {});
    lock.release();
    throw e;
  }
}

function pgliteDatabase(pglite: PGlite, lock: DirLock | undefined): Database {
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

/** Opens a PGlite data directory (an install from before decision 0006) to read it. */
export async function openPgliteDir(dir: string, opts: { loadDataDir?: Blob } = {}): Promise<Database> {
  const pglite = new PGlite(dir, { extensions: { btree_gin }, ...opts });
  await pglite.waitReady;
  return pgliteDatabase(pglite, undefined);
}
