/**
 * The annual report in a real Chromium against a real server (issue 6): the 法治办 (fazhiban,
 * 李晓梅) starts 2025's report; the mediation centre (tiaojie, 陈静) drafts its own section with
 * a live figure picked from 「插入数据」; the other parts are filled by the 法治办; the leader
 * (王建国) approves; the 法治办 exports the .docx, and the server's PDF rendering of page 1 is
 * captured as a PNG. Pages are shot at 1366 and 375 px.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

async function signIn(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A JSON call as the page's signed-in user, with the CSRF header the server requires. */
async function call(page: Page, method: 'GET' | 'POST' | 'PUT', url: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fazhi_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'X-CSRF-Token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

const YEAR = new Date().getFullYear() - 1;
let reportId = '';

describe('annual report journey', () => {
  it('the 法治办 starts the report from the list, which reminds of the deadlines', async () => {
    const page = await e.newPage();
    await signIn(page, 'fazhiban');
    await page.getByRole('menuitem', { name: '年度报告' }).click();
    await page.waitForURL('**/reports');
    await page.getByTestId('report-reminder').waitFor();
    expect(await page.getByTestId('report-reminder').textContent()).toContain(`${YEAR}年度法治政府建设报告`);
    await e.shot(page, 'report-list-empty');
    await page.getByTestId('report-new').click();
    await page.getByRole('dialog').getByRole('button', { name: '建立' }).click();
    await page.waitForURL(/\/reports\/\d+$/);
    reportId = page.url().split('/').pop()!;
    await page.getByTestId('report-title').getByText(`${YEAR}年法治政府建设年度报告`).waitFor();
    await page.getByTestId('section-measures.mediation').getByText('综治中心（一站式矛调中心）').waitFor();
    await e.shot(page, 'report-detail-draft');
    await page.context().close();
  });

  it('the mediation centre drafts its section with a fact token and submits it', async () => {
    const page = await e.newPage();
    await signIn(page, 'tiaojie');
    await page.goto(`/reports/${reportId}`);
    const card = page.getByTestId('section-measures.mediation');
    // Only its own section offers 撰写.
    expect(await page.getByTestId('section-measures.petition').getByTestId('section-edit').count()).toBe(0);
    await card.getByTestId('section-edit').click();
    const first = page.getByLabel('第1段');
    await first.fill('全镇一站式矛调中心全年受理矛盾纠纷');
    await page.getByTestId('insert-fact').click();
    await page.getByTestId('fact-picker').getByText('受理矛盾纠纷', { exact: true }).click();
    await expect.poll(() => first.inputValue()).toBe('全镇一站式矛调中心全年受理矛盾纠纷{mediation.accepted}');
    await first.press('End');
    await first.pressSequentially('，调解成功率');
    await page.getByTestId('insert-fact').click();
    await page.getByTestId('fact-picker').getByText('调解成功率', { exact: true }).click();
    await first.press('End');
    await first.pressSequentially('。');
    // The preview shows the live value, linked to its records.
    const token = page.getByTestId('editor-preview').locator('[data-fact="mediation.accepted"]');
    await token.waitFor();
    expect(await token.textContent()).toMatch(/^\d+件$/);
    await e.shot(page, 'report-editor');
    await page.getByTestId('section-save-submit').click();
    await card.getByText('已提交').waitFor();
    const link = card.locator('a:has([data-fact="mediation.accepted"])');
    expect(await link.getAttribute('href')).toBe(`/facts/mediation/accepted?year=${YEAR}&townId=${await townId(page)}`);
    await card.getByText('陈静').waitFor();
    await page.context().close();
  });

  it('the 法治办 completes the other parts and submits; the leader approves', async () => {
    const page = await e.newPage();
    await signIn(page, 'fazhiban');
    const d = await call(page, 'GET', `/api/reports/${reportId}`);
    for (const s of d.sections as { key: string; title: string; version: number; submitted: boolean }[]) {
      if (s.submitted) continue;
      const after = await call(page, 'PUT', `/api/reports/${reportId}/sections/${s.key}`, {
        version: s.version,
        narrative: {
          type: 'doc',
          content: [
            { type: 'paragraph', content: [{ type: 'text', text: `${s.title.replace(/^(（.）|.、)/, '')}。` }] },
          ],
        },
      });
      const v = after.sections.find((x: { key: string }) => x.key === s.key).version;
      await call(page, 'POST', `/api/reports/${reportId}/sections/${s.key}/submit`, { version: v, submitted: true });
    }
    await page.goto(`/reports/${reportId}`);
    await page.getByTestId('report-submit').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '提交' }).click();
    await page.getByText('待审定').first().waitFor();
    await page.context().close();

    const leader = await e.newPage();
    await signIn(leader, 'leader');
    await leader.goto(`/reports/${reportId}`);
    await leader.getByTestId('report-approve').click();
    await leader.locator('.ant-modal-confirm').getByRole('button', { name: '审定' }).click();
    await leader.getByText('文本与数据已冻结').waitFor();
    await leader.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await e.shot(leader, 'report-approved');
    await leader.context().close();
  });

  it('the 法治办 exports the approved .docx; page 1 of its PDF rendering is captured', async () => {
    const page = await e.newPage();
    await signIn(page, 'fazhiban');
    await page.goto(`/reports/${reportId}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-export-docx').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`湾头桥镇${YEAR}年法治政府建设年度报告.docx`);
    const docx = fs.readFileSync(await download.path());
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    expect(text).toMatch(/全镇一站式矛调中心全年受理矛盾纠纷\d+件，调解成功率(\d+(\.\d+)?%|—)。/);
    expect(text).toContain('中共湾头桥镇委员会');
    expect(text).not.toContain('{mediation.accepted}');

    const pdf = await page.request.get(`/api/reports/${reportId}/export.pdf`);
    if (pdf.ok()) {
      const file = path.join(ARTIFACTS, 'report-export.pdf');
      fs.writeFileSync(file, await pdf.body());
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '80',
        '-f',
        '1',
        '-l',
        '1',
        '-singlefile',
        file,
        path.join(ARTIFACTS, 'report-page1'),
      ]);
      expect(fs.statSync(path.join(ARTIFACTS, 'report-page1.png')).size).toBeGreaterThan(10_000);
    } else {
      // Without LibreOffice the server says so in Chinese rather than failing.
      expect(pdf.status()).toBe(409);
    }
    await page.context().close();
  });

  it('the pages work on a phone, and the county sees every town', async () => {
    const phone = await e.newPage({ width: 375, height: 812 });
    await signIn(phone, 'fazhiban');
    await phone.goto('/reports');
    await phone.getByTestId('report-table').getByText(`湾头桥镇${YEAR}年法治政府建设年度报告`).waitFor();
    await e.shot(phone, 'report-list-375');
    await phone.goto(`/reports/${reportId}`);
    await phone.getByTestId('report-title').waitFor();
    await e.shot(phone, 'report-detail-375');
    await phone.context().close();

    const county = await e.newPage();
    await signIn(county, 'county');
    await county.goto('/reports/county');
    await county.getByTestId('county-table').getByText('青石镇').waitFor();
    expect(await county.getByTestId('county-table').textContent()).toContain('已审定');
    await e.shot(county, 'report-county');
    await county.getByTestId('county-table').getByRole('link', { name: '查看' }).click();
    await county.getByTestId('report-title').waitFor();
    await county.context().close();
  });
});

async function townId(page: Page): Promise<string> {
  const d = await call(page, 'GET', `/api/reports/${reportId}`);
  return d.townId;
}
