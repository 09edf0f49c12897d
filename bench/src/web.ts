/**
 * Login to inbox rows in a real browser (issue 19, "Benchmarks to keep": the web):
 *
 *   npm run bench:web [-- --runs 5] [--embedded bench/out/town] [--user t001.tiaojie]
 *
 * On the bench town (one town of 10,000 cases, loaded by bench:data when absent) served by
 * the app as `serve` does (town-server.ts, with the built web/dist), headless Debian Chromium
 * signs in and the clock runs from the click on 登录 to the first inbox row on screen. Each
 * run uses a fresh browser context, so the shell's code is fetched as on a user's first login
 * ("cold"); the same context then signs out and in again with its cache warm ("warm"). Also
 * reported: when `/api/inbox` answered, counted from the same click.
 *
 * Target (issue 19, "Done when"): inbox rows ≤ 1.0 s after login. Prints PASS/FAIL and
 * never fails on a miss; results also go to bench/out/web-*.json.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { ms, summarize, table } from './stats.ts';
import { BENCH_DIR, BENCH_PASSWORD, OUT_DIR } from './target.ts';
import { ensureTownData, startTownServer } from './town-app.ts';

const TARGET_MS = 1000;

const { values: opts } = parseArgs({
  options: {
    embedded: { type: 'string', default: 'bench/out/town' },
    runs: { type: 'string', default: '5' },
    user: { type: 'string', multiple: true },
  },
});
const DIR = path.resolve(BENCH_DIR, '..', opts.embedded!);
const RUNS = Number(opts.runs);
const USERS = opts.user?.length ? opts.user : ['t001.tiaojie', 't001.v01'];
const WEB_DIST = path.resolve(BENCH_DIR, '..', 'web', 'dist');

interface Sample {
  /** Click on 登录 → first inbox row visible. */
  rows: number;
  /** Click on 登录 → `/api/inbox` answered. */
  inbox: number;
}

async function signInAndWait(
  browser: Browser,
  base: string,
  user: string,
  ctx = undefined as Awaited<ReturnType<Browser['newContext']>> | undefined,
) {
  const context =
    ctx ??
    (await browser.newContext({
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1366, height: 768 },
    }));
  const page = await context.newPage();
  await page.goto(`${base}/login`, { waitUntil: 'load' });
  await page.getByLabel('用户名').fill(user);
  await page.getByLabel('密码', { exact: true }).fill(BENCH_PASSWORD);
  let inboxAt = Number.NaN;
  let t0 = 0;
  page.on('response', (r) => {
    if (Number.isNaN(inboxAt) && new URL(r.url()).pathname === '/api/inbox' && r.ok()) inboxAt = performance.now() - t0;
  });
  t0 = performance.now();
  await page.getByRole('button', { name: '登录' }).click();
  await page
    .locator('[data-testid="inbox-table"] .ant-table-row')
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  const rows = performance.now() - t0;
  const sample: Sample = { rows, inbox: inboxAt };
  await page.close();
  return { sample, context };
}

async function main() {
  const load0 = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(`date ${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} CPUs · load ${load0}`);
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
    console.log('web/dist missing: building the web app');
    execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: path.resolve(BENCH_DIR, '..'), stdio: 'inherit' });
  }
  await ensureTownData(DIR);
  const server = await startTownServer(DIR, 'web-server.log');
  const base = `http://127.0.0.1:${server.ready.port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const result: Record<string, { cold: Sample[]; warm: Sample[] }> = {};
  try {
    // One untimed sign-in per user: the server's first queries plan and warm its caches.
    for (const user of USERS) await (await signInAndWait(browser, base, user)).context.close();
    for (const user of USERS) result[user] = { cold: [], warm: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const user of USERS) {
        const cold = await signInAndWait(browser, base, user);
        result[user]!.cold.push(cold.sample);
        await cold.context.clearCookies();
        const warm = await signInAndWait(browser, base, user, cold.context);
        result[user]!.warm.push(warm.sample);
        await cold.context.close();
      }
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  const rows: string[][] = [];
  for (const [user, r] of Object.entries(result)) {
    for (const kind of ['cold', 'warm'] as const) {
      const s = summarize(r[kind].map((x) => x.rows));
      const inbox = summarize(r[kind].map((x) => x.inbox));
      rows.push([
        `${user} (${kind === 'cold' ? 'first login, empty cache' : 'again, cache warm'})`,
        `${ms(inbox.p50)} / ${ms(Math.max(...r[kind].map((x) => x.inbox)))}`,
        `${ms(s.p50)} / ${ms(Math.max(...r[kind].map((x) => x.rows)))}`,
        s.p50 <= TARGET_MS ? 'PASS' : 'FAIL',
      ]);
    }
  }
  console.log(`\nlogin → inbox rows, ${RUNS} runs each (ms, median / max):`);
  console.log(table(['user', '/api/inbox answered', 'rows on screen', `≤ ${TARGET_MS} ms`], rows));
  const load1 = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(`load before ${load0} · after ${load1}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, `web-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ load: { before: load0, after: load1 }, runs: RUNS, result }, null, 2));
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
