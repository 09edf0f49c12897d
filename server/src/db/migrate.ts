/**
 * Plain-SQL migrations, one set for both engines (PostgreSQL 15 subset: PGlite is 18,
 * the server 15). Applied in order, each in its own transaction, under an advisory
 * lock so several server processes starting together apply each file once.
 * A changed file that was already applied is an error: migrations are history.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Db } from './index.ts';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
const LOCK_KEY = 7_311_000_001;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): MigrationFile[] {
  return fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(DIR, name), 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

/** `only`: apply just these (a restore rebuilds the schema its dump was taken from). */
export async function migrate(db: Db, opts: { only?: ReadonlySet<string> } = {}): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${LOCK_KEY})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`.execute(conn);
      const rows = await conn.selectFrom('schema_migrations').select(['name', 'checksum']).execute();
      const done = new Map(rows.map((r) => [r.name, r.checksum]));
      for (const m of listMigrations()) {
        if (opts.only && !opts.only.has(m.name)) continue;
        const prev = done.get(m.name);
        if (prev) {
          if (prev !== m.checksum) throw new Error(`Migration ${m.name} was changed after it was applied`);
          continue;
        }
        await conn.transaction().execute(async (trx) => {
          await sql.raw(m.sql).execute(trx);
          await trx.insertInto('schema_migrations').values({ name: m.name, checksum: m.checksum }).execute();
        });
        applied.push(m.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(conn);
    }
  });
  return applied;
}
