/**
 * Where the bench data lives: a dedicated PostgreSQL database (never the one
 * DATABASE_URL names, so `--reset` cannot drop someone's working database) or an
 * embedded data directory (the app's `FAZHI_DATA_DIR`: the embedded PostgreSQL in `pg/`). The generator and the runner agree on names through this module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Database, openDatabase } from '@fazhi/server/src/db/index.ts';
import pg from 'pg';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(BENCH_DIR, 'out');

/** Every generated user shares this password (hashed once). */
export const BENCH_PASSWORD = 'Bench@2026x';

export const username = {
  tiaojie: (town: number) => `t${pad(town)}.tiaojie`,
  leader: (town: number) => `t${pad(town)}.leader`,
  village: (town: number, village: number) => `t${pad(town)}.v${String(village).padStart(2, '0')}`,
  county: 'county.viewer',
};

function pad(n: number): string {
  return String(n).padStart(3, '0');
}

export interface Target {
  kind: 'postgres' | 'embedded';
  /** Human-readable, for the reports. */
  label: string;
  /** Where blobs and the install secret live (the app's dataDir). */
  dataDir: string;
  databaseUrl: string | undefined;
  open(poolSize?: number): Promise<Database>;
  /** Drops the data (the PostgreSQL database, or the embedded cluster and blobs). */
  reset(): Promise<void>;
  /** Creates the PostgreSQL database (or the embedded data directory) when absent. */
  ensure(): Promise<void>;
}

export function resolveTarget(opts: { embedded?: string | undefined; db?: string | undefined }): Target {
  if (opts.embedded) {
    const dir = path.resolve(process.env.INIT_CWD ?? process.cwd(), opts.embedded);
    return {
      kind: 'embedded',
      label: `embedded PostgreSQL ${dir}`,
      dataDir: dir,
      databaseUrl: undefined,
      open: () => openDatabase({ databaseUrl: undefined, dataDir: dir }),
      reset: async () => {
        // Only what the generator created; a secret.key beside it stays valid. Since decision
        // 0006 the directory holds the embedded PostgreSQL (pg/, pg.password), not PGlite.
        fs.rmSync(path.join(dir, 'pgdata'), { recursive: true, force: true });
        fs.rmSync(path.join(dir, 'pg'), { recursive: true, force: true });
        fs.rmSync(path.join(dir, 'blobs'), { recursive: true, force: true });
      },
      ensure: async () => {
        fs.mkdirSync(dir, { recursive: true });
      },
    };
  }
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = opts.db ?? 'fazhi_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid database name ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const withAdmin = async (fn: (c: pg.Client) => Promise<void>) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await fn(c);
    } finally {
      await c.end();
    }
  };
  const dataDir = path.join(OUT_DIR, `${name}-data`);
  return {
    kind: 'postgres',
    label: `PostgreSQL ${url.host}/${name}`,
    dataDir,
    databaseUrl: url.toString(),
    // Room for the HTTP throughput run (c=50) without queueing on the pool more than the server would.
    open: (poolSize = 10) => openDatabase({ databaseUrl: url.toString(), dataDir }, { poolSize }),
    reset: async () => {
      await withAdmin(async (c) => {
        await c.query(`drop database if exists ${name} with (force)`);
      });
      fs.rmSync(path.join(dataDir, 'blobs'), { recursive: true, force: true });
    },
    ensure: async () => {
      await withAdmin(async (c) => {
        const r = await c.query('select 1 from pg_database where datname = $1', [name]);
        if (r.rowCount === 0) await c.query(`create database ${name}`);
      });
      fs.mkdirSync(dataDir, { recursive: true });
    },
  };
}
