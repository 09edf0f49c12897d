/**
 * Issue 13 in a real Chromium against a real server with a simulated demo year: the 调解统计
 * page exports a workbook whose village table is the page's, prints without the shell, and a
 * village row opens the case list of that village and year, whose 「共 N 件」 is the row's
 * figure; the list sorts by a column on the server. The 调解成功率 drill-down shows and exports
 * 调解结果, the column that decides it. Pages are photographed at 1366 px.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type E2E, startE2E } from '../src/harness.ts';

let e: E2E;

beforeAll(async () => {
  e = await startE2E({ demoCases: 30 });
  // The server listens while it simulates the demo year; wait until it is done.
  const deadline = Date.now() + 600_000;
  for (;;) {
    const r = await fetch(`${e.baseUrl}/api/health`);
    if (r.ok && ((await r.json()) as { starting: unknown }).starting == null) break;
    if (Date.now() > deadline) throw new Error('the demo year was not simulated in time');
    await new Promise((r) => setTimeout(r, 1000));
  }
}, 620_000);
afterAll(async () => e?.close());

async function signIn(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Clicks the export button and reads the downloaded workbook's first sheet as rows of values. */
async function exported(page: Page, pattern: RegExp) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-export').click()]);
  expect(download.suggestedFilename()).toMatch(pattern);
  const file = path.join(ARTIFACTS, download.suggestedFilename());
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return { file, rows: Array.from(rows, (r) => r ?? []) };
}

function tableOf(rows: unknown[][], title: string) {
  const at = rows.findIndex((r) => r[0] === title);
  expect(at, title).toBeGreaterThan(0);
  const body: unknown[][] = [];
  for (let i = at + 2; i < rows.length && rows[i]!.length > 0 && rows[i]![0] != null; i++) body.push(rows[i]!);
  return { header: rows[at + 1]!, body };
}

describe('statistics export and print', () => {
  it('exports 调解统计 as the page shows it, prints without the shell, and a village row opens its list', async () => {
    const page = await e.newPage();
    await signIn(page, 'tiaojie');
    await page.goto('/mediation/stats?year=2023');
    const villages = page.getByTestId('stats-by-village');
    await villages.locator('tbody tr.ant-table-row').first().waitFor();
    await e.shot(page, 'stats-export-mediation');

    // The village table on the page, as text.
    const shown = await villages
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '')),
      );
    expect(shown.length).toBeGreaterThan(1);

    const { rows } = await exported(page, /2023年度矛盾纠纷调解统计\.xlsx$/);
    expect(String(rows[0]![0])).toBe('湾头桥镇2023年度矛盾纠纷调解统计');
    const table = tableOf(rows, '按村（社区）');
    expect(table.header).toEqual(['村（社区）', '登记', '受理', '调解成功', '高风险']);
    expect(table.body.map((r) => r.map(String))).toEqual(shown);

    // 打印: the print stylesheet leaves the page without the menu, the header and the buttons.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.fz-shell-sider').isVisible()).toBe(false);
    expect(await page.locator('.fz-shell-header').isVisible()).toBe(false);
    expect(await page.getByTestId('stats-export').isVisible()).toBe(false);
    await page.screenshot({ path: path.join(ARTIFACTS, 'stats-export-mediation-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // A village row opens the list of its disputes of the year: 共 N 件 is the row's 登记.
    const linked = villages
      .locator('tbody tr.ant-table-row')
      .filter({ has: page.locator('a') })
      .first();
    const registered = await linked.locator('td').nth(1).textContent();
    await linked.locator('a').click();
    await page.waitForURL(/\/cases\?.*year=2023/);
    await expect.poll(() => page.getByTestId('case-total').textContent()).toBe(`共 ${registered} 件`);
    await e.shot(page, 'stats-export-case-list');

    // 登记日期 sorts on the server, ascending then descending.
    const header = page.getByTestId('case-list-table').locator('th', { hasText: '登记日期' });
    await header.click();
    await page.waitForURL(/sort=registered&order=asc/);
    await header.click();
    await page.waitForURL(/sort=registered&order=desc/);
    await expect.poll(() => page.getByTestId('case-total').textContent()).toBe(`共 ${registered} 件`);
  }, 120_000);

  it('shows and exports 调解结果 in the 调解成功率 drill-down', async () => {
    const page = await e.newPage();
    await signIn(page, 'leader');
    await page.goto('/facts/mediation/success_rate?year=2023');
    const drill = page.getByTestId('fact-drill');
    await drill.locator('th', { hasText: '调解结果' }).waitFor();
    await e.shot(page, 'stats-export-drill');
    const { file, rows } = await exported(page, /2023年度调解成功率明细\.xlsx$/);
    const at = rows.findIndex((r) => String(r[0]).startsWith('计入该指标的记录'));
    expect(rows[at + 1]).toEqual(['案号', '标题', '计入日期', '村（社区）', '状态', '调解结果']);
    expect(rows.slice(at + 2).some((r) => r[5] === '调解成功')).toBe(true);
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  }, 120_000);
});
