/**
 * vitest globalSetup. Unless DATABASE_URL names a server or FAZHI_TEST_ENGINE=pglite asks for
 * the in-memory PGlite, one embedded PostgreSQL (the product's default engine, db/embedded.ts,
 * decision 0006) serves the whole run from a temp directory:
 * DATABASE_URL points ./global-setup.ts (which runs next and builds the template databases)
 * and the workers at it, so each test file gets a copy of a template.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type EmbeddedServer, startEmbedded } from '../src/db/embedded.ts';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL || process.env.FAZHI_TEST_ENGINE === 'pglite') return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-test-pg-'));
  // As root the server runs as `postgres`, who must be able to pass through.
  fs.chmodSync(dir, 0o711);
  let server: EmbeddedServer | undefined;
  try {
    server = await startEmbedded(dir);
  } catch (e) {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  process.env.DATABASE_URL = server.adminUrl;
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
