/**
 * Starts a real server (the CLI's `serve`, as a user would) on a free port with a
 * throwaway embedded database, and a headless Debian Chromium pointed at it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'e2e', '.artifacts');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface E2E {
  baseUrl: string;
  browser: Browser;
  /** When the server process was spawned (performance.now()). */
  spawnedAt: number;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  shot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export interface E2EOptions {
  /** Mediation cases the first start simulates (FAZHI_DEMO_CASES); journeys create their own, so 0. */
  demoCases?: number;
}

export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-e2e-'));
  // As root the embedded PostgreSQL runs as `postgres`, who must be able to pass through (server/src/db/embedded.ts).
  fs.chmodSync(dataDir, 0o711);
  // Journeys create the cases they need; the simulated demo year would only slow each start.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    FAZHI_DATA_DIR: dataDir,
    FAZHI_DEMO_CASES: String(opts.demoCases ?? 0),
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const spawnedAt = performance.now();
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'server/bin/fazhi.mjs'), 'serve'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  server.stdout?.on('data', (d) => (log += d));
  server.stderr?.on('data', (d) => (log += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (server.exitCode != null) throw new Error(`server exited early:\n${log}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return {
    baseUrl,
    browser,
    spawnedAt,
    async newPage(viewport = { width: 1366, height: 768 }) {
      const ctx = await browser.newContext({
        viewport,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        baseURL: baseUrl,
      });
      return ctx.newPage();
    },
    async shot(page, name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      // SIGTERM lets the server stop its embedded PostgreSQL; a SIGKILL would leave it running.
      server.kill('SIGTERM');
      for (let i = 0; i < 100 && server.exitCode == null && server.signalCode == null; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      if (server.exitCode == null && server.signalCode == null) server.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
