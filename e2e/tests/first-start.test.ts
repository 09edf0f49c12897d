/**
 * A newcomer's first start (issue 13, "First start and the demo"): `fazhi serve` on an empty
 * data directory listens before it simulates the demo town's casework, the browser shows the
 * progress (「正在生成演示数据 37%」) at once, and the page turns into the login by itself
 * when the data is ready.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  // A few mediation cases keep the run short; the petitions' year is simulated whatever the number.
  e = await startE2E({ demoCases: 4 });
});
afterAll(() => e?.close());

describe('first start with the demo', () => {
  it('shows the progress in the browser, then the login page', async () => {
    const page = await e.newPage();
    await page.goto('/');
    const progress = page.getByText(/正在生成演示数据 \d+%/);
    await progress.waitFor();
    // The issue asks for 5 s on an idle machine; on CI's two shared cores the time is only logged.
    // A server that simulated before listening would never show this page (it took minutes).
    console.log(
      `progress page on screen ${Math.round(performance.now() - e.spawnedAt)} ms after the server was spawned`,
    );
    const percent = Number(/(\d+)%/.exec((await progress.textContent()) ?? '')?.[1]);
    expect(percent).toBeLessThan(100);
    await e.shot(page, 'first-start-progress');
    await page.getByRole('button', { name: '登录' }).waitFor({ timeout: 600_000 });
    await expect.poll(() => page.getByText(/正在生成演示数据/).count()).toBe(0);
    await e.shot(page, 'first-start-login');
    await page.context().close();
  }, 660_000);
});
