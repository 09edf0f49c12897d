/**
 * vitest globalSetup. With FAZHI_TEST_ENGINE=embedded, one embedded PostgreSQL (the
 * product's default engine, db/embedded.ts) serves the whole run from a temp directory:
 * DATABASE_URL points the workers at it, so the harness (helpers.ts) makes a database per
 * test file, copied from a template database migrated once here. Otherwise it does nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedServer, startEmbedded } from '../src/db/embedded.ts';
import { openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';

export const TEMPLATE = 'fazhi_template';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.FAZHI_TEST_ENGINE !== 'embedded') return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-test-pg-'));
  // As root the server runs as `postgres`, who must be able to pass through.
  fs.chmodSync(dir, 0o711);
  let server: EmbeddedServer | undefined;
  try {
    server = await startEmbedded(dir, { database: TEMPLATE });
    const tpl = await openDatabase({ databaseUrl: server.url, dataDir: 'memory://' }, { poolSize: 1 });
    try {
      await migrate(tpl.db);
    } finally {
      await tpl.close();
    }
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`alter database ${TEMPLATE} is_template true`);
    await admin.end();
  } catch (e) {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  process.env.DATABASE_URL = server.adminUrl;
  process.env.FAZHI_TEST_TEMPLATE = TEMPLATE;
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
