/**
 * A logical dump of the app's database that any engine we run can write and read: the
 * embedded PostgreSQL 18, a PostgreSQL 15 server, and PGlite (an old install being
 * imported). The embedded package ships no pg_dump, and the system's pg_dump refuses a
 * newer server, so the dump is our own: gzip'd JSON lines, one table at a time in one
 * REPEATABLE READ snapshot, rows as `to_json(t)` and read back with
 * `json_populate_recordset` (so every type goes through its own text form, exactly).
 *
 * The schema is not in the dump: it is the list of applied migrations, and a load first
 * applies exactly those to an empty database (a later start applies the newer ones).
 *
 * Lines: {"fazhi":"dump","version":1,"migrations":[…]}, then per table {"table":t} and
 * {"rows":[…]} batches, then {"sequence":s,"value":n}, then {"end":true,"rows":n}.
 */
import { once } from 'node:events';
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import type { Db } from './index.ts';
import { listMigrations, migrate } from './migrate.ts';

const BATCH = 1000;
/** Written by migrate() itself when the schema is rebuilt. */
const SKIP = new Set(['schema_migrations']);

export class DumpError extends Error {}

async function tables(db: Db): Promise<string[]> {
  const r = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
    order by c.relname`.execute(db);
  const names = r.rows.map((x) => x.name).filter((n) => !SKIP.has(n));
  // Parents before children, so a load without superuser rights still passes the foreign keys.
  const fk = await sql<{ child: string; parent: string }>`
    select c.relname as child, p.relname as parent from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_class p on p.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where k.contype = 'f' and n.nspname = 'public' and c.oid <> p.oid`.execute(db);
  const deps = new Map(names.map((n) => [n, new Set<string>()]));
  for (const { child, parent } of fk.rows) deps.get(child)?.add(parent);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string, path: Set<string>) => {
    if (seen.has(n) || path.has(n)) return;
    path.add(n);
    for (const p of deps.get(n) ?? []) visit(p, path);
    seen.add(n);
    out.push(n);
  };
  for (const n of names) visit(n, new Set());
  return out;
}

/** Writes the whole database to `file` (gzip'd JSON lines); returns the number of rows. */
export async function dumpToFile(db: Db, file: string): Promise<number> {
  const gz = zlib.createGzip();
  const sink = fs.createWriteStream(file, { mode: 0o600 });
  gz.pipe(sink);
  const done = once(sink, 'close');
  const put = async (v: unknown) => {
    if (!gz.write(`${JSON.stringify(v)}\n`)) await once(gz, 'drain');
  };
  let total = 0;
  try {
    await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const applied = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(trx);
        await put({ fazhi: 'dump', version: 1, migrations: applied.rows.map((r) => r.name) });
        for (const t of await tables(trx)) {
          await put({ table: t });
          // Keyset over ctid: stable inside the snapshot, no sort of the whole table.
          let after = '(0,0)';
          for (;;) {
            const r = await sql<{ c: string; r: unknown }>`
              select ctid::text as c, to_json(x) as r from ${sql.table(t)} x
              where ctid > ${after}::tid order by ctid limit ${BATCH}`.execute(trx);
            if (r.rows.length === 0) break;
            await put({ rows: r.rows.map((x) => x.r) });
            total += r.rows.length;
            after = r.rows[r.rows.length - 1]!.c;
            if (r.rows.length < BATCH) break;
          }
        }
        const seqs = await sql<{ name: string; value: string | number | null }>`
          select sequencename as name, last_value as value from pg_sequences where schemaname = 'public'
          order by sequencename`.execute(trx);
        for (const s of seqs.rows) if (s.value !== null) await put({ sequence: s.name, value: Number(s.value) });
        await put({ end: true, rows: total });
      });
  } finally {
    gz.end();
    await done;
  }
  return total;
}

async function* lines(file: string): AsyncGenerator<Record<string, unknown>> {
  const rl = readline.createInterface({
    input: fs.createReadStream(file).pipe(zlib.createGunzip()),
    crlfDelay: Infinity,
  });
  for await (const line of rl) if (line) yield JSON.parse(line) as Record<string, unknown>;
}

/** Whether the database has none of our tables yet (a load target must be empty). */
export async function isBlank(db: Db): Promise<boolean> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')`.execute(db);
  return r.rows[0]!.n === 0;
}

/**
 * Loads a dump into an empty database: applies the dump's migrations, then the rows and
 * the sequence positions, in one transaction. Returns the number of rows.
 */
export async function loadFromFile(db: Db, file: string): Promise<number> {
  const it = lines(file);
  const first = (await it.next()).value;
  if (first?.fazhi !== 'dump' || first.version !== 1)
    throw new DumpError('数据库备份文件格式不正确 (not a Fazhi dump)');
  const wanted = first.migrations as string[];
  const known = new Set(listMigrations().map((m) => m.name));
  const unknown = wanted.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new DumpError(`该备份来自更新版本的程序（含未知迁移 ${unknown.join(', ')}），请先升级程序再恢复`);
  }
  if (!(await isBlank(db))) throw new DumpError('目标数据库不为空，未恢复 (the target database is not empty)');
  await migrate(db, { only: new Set(wanted) });
  let total = 0;
  let ended = false;
  await db.transaction().execute(async (trx) => {
    const su = await sql<{ s: boolean }>`select rolsuper as s from pg_roles where rolname = current_user`.execute(trx);
    // As superuser, skip foreign-key triggers while loading (a table may reference its own later rows).
    if (su.rows[0]?.s) await sql`set local session_replication_role = replica`.execute(trx);
    let table = '';
    let cols: string[] = [];
    for await (const rec of it) {
      if (typeof rec.table === 'string') {
        table = rec.table;
        const c = await sql<{ name: string }>`
          select attname as name from pg_attribute
          where attrelid = ${`public.${table}`}::regclass and attnum > 0 and not attisdropped and attgenerated = ''
          order by attnum`.execute(trx);
        if (c.rows.length === 0) throw new DumpError(`备份中的表 ${table} 在数据库中不存在`);
        cols = c.rows.map((r) => r.name);
      } else if (Array.isArray(rec.rows)) {
        const list = sql.join(cols.map((c) => sql.ref(c)));
        await sql`insert into ${sql.table(table)} (${list}) overriding system value
          select ${list} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rec.rows)}::json)`.execute(
          trx,
        );
        total += rec.rows.length;
      } else if (typeof rec.sequence === 'string') {
        await sql`select setval(${`public.${rec.sequence}`}::regclass, ${rec.value as number}, true)`.execute(trx);
      } else if (rec.end === true) {
        ended = true;
        if (rec.rows !== total) throw new DumpError('数据库备份文件不完整 (row count mismatch)');
      }
    }
    if (!ended) throw new DumpError('数据库备份文件不完整 (truncated)');
  });
  return total;
}
