/**
 * 我的待办 says what is asked (issue 13), in a real Chromium against a real server: the mediation
 * centre (tiaojie, 陈静) asks to extend a dispute's mediation with both parties' consent; the
 * leader (王建国) signs in, sees the workbench's outline at once while the shell's code is still
 * on its way, filters the inbox to 待审批, reads the reason and the consent on the row, approves
 * it there, and the row leaves the filter. Screenshots at 1366 px: the table must not overflow.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay, signIn } from '../src/case-ui.ts';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

async function call(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fazhi_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'X-CSRF-Token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

const TITLE = '赵某与钱某宅基地界址纠纷';
const REASON = '需等待县自然资源局土地确权结果';
const CONSENT = '双方当事人已书面同意延长一个月';

/** The centre takes a dispute into mediation and asks to extend it (through the API: the journey is the leader's). */
async function extensionRequested(page: Page): Promise<string> {
  const me = await call(page, 'GET', '/api/me');
  let c = await call(page, 'POST', '/api/cases', {
    type: 'mediation',
    title: TITLE,
    fields: {
      channel: 'walk_in',
      disputeType: 'neighbor',
      peopleCount: 2,
      summary: '双方对宅基地界址有争议，多次发生口角。',
      requests: '请求确认界址。',
      receivedOn: shanghaiDay(),
    },
    parties: [
      { role: 'applicant', name: '赵德胜' },
      { role: 'respondent', name: '钱玉兰' },
    ],
  });
  const act = async (action: string, input?: unknown) =>
    (c = await call(page, 'POST', `/api/cases/${c.id}/actions/${action}`, { version: c.version, input }));
  c = await call(page, 'POST', `/api/cases/${c.id}/documents`, { version: c.version, kind: 'registration' });
  await act('accept');
  await act('route', { route: 'people', committee: '湾头村人民调解委员会' });
  await act('assign', { assigneeId: String(me.id) });
  await act('request_approval:extend', { agreedBy: CONSENT, length: 1, reason: REASON });
  return c.id;
}

describe('the inbox says what is asked', () => {
  it('the leader filters 待审批, reads the reason and the consent, approves on the row, and it leaves the filter', async () => {
    const centre = await e.newPage();
    await signIn(centre, 'tiaojie');
    const id = await extensionRequested(centre);
    // The centre's own inbox says what it waits for, without a decision to take.
    await centre.goto('/');
    const own = centre.getByTestId(`inbox-asks-${id}`);
    await own.waitFor();
    expect(await centre.getByTestId(`inbox-approval-${id}`).count()).toBe(0);

    const page = await e.newPage();
    // The shell's code held back: the workbench's outline shows at once, not a blank page.
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/assets\/Shell-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/login');
    await page.getByLabel('用户名').fill('leader');
    await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('shell-skeleton').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('shell-skeleton').textContent()).toContain('正在加载工作台');
    await e.shot(page, 'inbox-asks-skeleton');
    release();
    await page.getByTestId('greeting').waitFor();

    const inbox = page.getByTestId('inbox-table');
    const filter = page.getByTestId('inbox-filter');
    await filter.getByText(/^待审批 \d+$/).waitFor();
    await filter.getByText(/^待审批 \d+$/).click();
    const request = page.getByTestId(`inbox-approval-${id}`);
    await request.waitFor();
    const text = await request.textContent();
    expect(text).toContain('延长调解期限');
    expect(text).toContain('陈静申请');
    expect(text).toContain(REASON);
    expect(text).toContain(CONSENT);
    expect(await page.getByTestId(`inbox-asks-${id}`).textContent()).toContain('待审批');
    // Nothing overflows at 1366 px: the table fits its card without a horizontal scroll.
    const overflow = await inbox.evaluate((el) => {
      const body = el.querySelector('.ant-table-content, .ant-table-body') as HTMLElement | null;
      return body ? body.scrollWidth - body.clientWidth : 0;
    });
    expect(overflow).toBeLessThanOrEqual(1);
    await e.shot(page, 'inbox-asks-approval');

    await page.getByTestId(`inbox-approve-${id}`).click();
    await page.locator('.ant-popover:visible').getByRole('button', { name: '批准' }).click();
    await page.getByText('已批准：延长调解期限').waitFor();
    await expect.poll(() => request.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => inbox.textContent()).not.toContain(TITLE);
    await e.shot(page, 'inbox-asks-approved');

    // The case's own record shows the decision, taken by the leader.
    const detail = await call(page, 'GET', `/api/cases/${id}`);
    expect(detail.events.map((x: { actionLabel: string }) => x.actionLabel)).toContain('批准：延长调解期限');
  });
});
