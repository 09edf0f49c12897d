/**
 * The tests' database templates: built once per run by ./global-setup.ts (a separate process
 * from the test workers), cloned by every test file instead of migrating and seeding its own.
 *
 * - `empty`: every migration applied, no rows.
 * - `demo`: that plus the demo town (seed/demo.ts `seedDemo`: 湾头桥镇's units and accounts),
 *   which most test files log in as.
 *
 * PGlite (the default): the template's data directory is dumped to a tarball in a temporary
 * folder, and a clone is an in-memory PGlite started from it (`loadDataDir`), which also skips
 * the cluster's initdb a fresh PGlite runs. PostgreSQL (DATABASE_URL): two databases, and a
 * clone is `create database … template …`. The workers learn where they are through vitest's
 * `provide`/`inject`; without it (a helper run outside this config) each clone is built from
 * scratch, as before.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/seed/demo.ts';

export type TemplateName = 'empty' | 'demo';

export type Templates =
  | { engine: 'pglite'; files: Record<TemplateName, string> }
  | { engine: 'postgres'; databases: Record<TemplateName, string> };

declare module 'vitest' {
  export interface ProvidedContext {
    fazhiTemplates: Templates | undefined;
  }
}

export interface TestDb {
  database: Database;
  url: string | undefined;
  drop(): Promise<void>;
}

const MEMORY = { databaseUrl: undefined, dataDir: 'memory://' } as const;

/** The server DATABASE_URL names, with `name` as its database. */
function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Builds both templates (global-setup.ts); `remove` deletes them at the end of the run. */
export async function buildTemplates(): Promise<{ templates: Templates; remove(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-templates-'));
    const files = { empty: path.join(dir, 'empty.tar'), demo: path.join(dir, 'demo.tar') };
    const database = await openDatabase(MEMORY);
    try {
      await migrate(database.db);
      // Uncompressed: a clone loads it several times faster than a gzipped one.
      fs.writeFileSync(files.empty, Buffer.from(await (await database.pglite!.dumpDataDir('none')).arrayBuffer()));
      await seedDemo(database.db);
      fs.writeFileSync(files.demo, Buffer.from(await (await database.pglite!.dumpDataDir('none')).arrayBuffer()));
    } finally {
      await database.close();
    }
    return {
      templates: { engine: 'pglite', files },
      remove: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const prefix = `fazhi_tpl_${randomBytes(4).toString('hex')}`;
  const databases = { empty: `${prefix}_empty`, demo: `${prefix}_demo` };
  const remove = async () => {
    for (const name of Object.values(databases)) await admin(base, `drop database if exists ${name} with (force)`);
  };
  try {
    await admin(base, `create database ${databases.empty}`);
    const empty = await openDatabase({ databaseUrl: databaseUrl(base, databases.empty), dataDir: 'memory://' });
    try {
      await migrate(empty.db);
    } finally {
      await empty.close();
    }
    await admin(base, `create database ${databases.demo} template ${databases.empty}`);
    const demo = await openDatabase({ databaseUrl: databaseUrl(base, databases.demo), dataDir: 'memory://' });
    try {
      await seedDemo(demo.db);
    } finally {
      await demo.close();
    }
  } catch (e) {
    await remove();
    throw e;
  }
  return { templates: { engine: 'postgres', databases }, remove };
}

/** Each template's tarball is read once per worker process. */
const tarballs = new Map<string, Blob>();

/**
 * A database of its own for a test file: a clone of the run's template, or (no templates
 * provided) a new one migrated, and for `demo` seeded, on the spot.
 */
export async function cloneTemplate(name: TemplateName = 'empty'): Promise<TestDb> {
  const templates = inject('fazhiTemplates');
  const base = process.env.DATABASE_URL;
  if (!base) {
    let database: Database;
    if (templates?.engine === 'pglite') {
      const file = templates.files[name];
      let blob = tarballs.get(file);
      if (!blob) {
        blob = new Blob([fs.readFileSync(file)]);
        tarballs.set(file, blob);
      }
      database = await openDatabase(MEMORY, { loadDataDir: blob });
    } else {
      database = await openDatabase(MEMORY);
      await fill(database, name);
    }
    return { database, url: undefined, drop: () => database.close() };
  }
  const db = `fazhi_t_${randomBytes(6).toString('hex')}`;
  const template = templates?.engine === 'postgres' ? templates.databases[name] : null;
  await admin(base, template ? `create database ${db} template ${template}` : `create database ${db}`);
  const url = databaseUrl(base, db);
  const database = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  if (!template) await fill(database, name);
  return {
    database,
    url,
    drop: async () => {
      await database.close();
      await admin(base, `drop database if exists ${db} with (force)`);
    },
  };
}

async function fill(database: Database, name: TemplateName): Promise<void> {
  await migrate(database.db);
  if (name === 'demo') await seedDemo(database.db);
}
