/**
 * The enforcement register and the public 公示 page (issue 14), in a real Chromium against a real
 * server: the 执法队 (赵强) registers an officer through the drawer (a 执法证号 already used is
 * named under its field) and adds a power; the public page, opened without signing in, shows the
 * officer by name and certificate number and the power with its benchmark, at 1366 px and on a
 * phone without horizontal overflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDay, signIn } from '../src/case-ui.ts';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

const TOWN_CODE = '339901101000';

describe('enforcement register and 公示', () => {
  it('zhifa registers officers and a power; the public page shows them without a session', async () => {
    const page = await e.newPage();
    await signIn(page, 'zhifa');
    await page.goto('/enforcement/officers');
    const register = async (name: string, certNo: string) => {
      await page.getByRole('button', { name: /登记执法人员/ }).click();
      const d = page.locator('.ant-drawer');
      await d.getByLabel('姓名').fill(name);
      await d.getByLabel('执法证号').fill(certNo);
      await d.getByLabel('发证机关').fill('示范省人民政府');
      await d.getByText('安全生产').click();
      await d.getByPlaceholder('有效期至').click();
      await d.getByPlaceholder('有效期至').fill(shanghaiDay(20));
      await d.getByPlaceholder('有效期至').press('Enter');
      await d.getByText('登记执法人员').click();
      await d.getByRole('button', { name: '保存' }).click();
      return d;
    };
    let d = await register('甲执法员', 'E2E-001');
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: 'E2E-001' }).count()).toBe(1);
    // Ending within 30 days: flagged on the row and in the warning above the table.
    await expect.poll(() => page.getByText(/1 名执法人员的执法证已过期或将在30日内到期/).count()).toBe(1);
    d = await register('乙执法员', 'E2E-001');
    await expect.poll(() => d.getByText('执法证号已被本镇其他执法人员使用').count()).toBe(1);
    await d.getByLabel('执法证号').fill('E2E-002');
    await d.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: 'E2E-002' }).count()).toBe(1);
    await e.shot(page, 'enforcement-officers-1366');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await page.goto('/enforcement/powers');
    await page.getByRole('button', { name: /新增事项/ }).click();
    const p = page.locator('.ant-drawer');
    await p.getByLabel('事项编码').fill('E2E-AQ-001');
    await p.getByLabel('执法领域').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '安全生产' }).click();
    await p.getByLabel('事项名称').fill('未在有较大危险因素的生产经营场所设置明显的安全警示标志');
    await p.getByLabel('违法依据').fill('《中华人民共和国安全生产法》第三十五条');
    await p.getByLabel('处罚依据').fill('《中华人民共和国安全生产法》第九十九条第（一）项');
    await p.getByLabel('处罚种类和幅度').fill('责令限期改正，处五万元以下的罚款');
    await p.getByLabel('罚款下限').fill('0');
    await p.getByLabel('罚款上限').fill('50000');
    await p.getByRole('button', { name: /增加裁量等级/ }).click();
    await p.getByLabel('等级', { exact: true }).fill('较轻');
    await p.getByLabel('适用情形').fill('缺少警示标志1处，限期内改正');
    await p.getByLabel('下限（元）').fill('0');
    // Beyond the power's range: refused, named on the level.
    await p.getByLabel('上限（元）').fill('60000');
    await p.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => p.getByText(/超出事项的罚款幅度/).count()).toBeGreaterThan(0);
    await p.getByLabel('上限（元）').fill('5000');
    await p.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.locator('.ant-table-row').filter({ hasText: 'E2E-AQ-001' }).count()).toBe(1);
    await e.shot(page, 'enforcement-powers-1366');

    // The public page: a fresh context, no session.
    for (const viewport of [
      { width: 1366, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const pub = await e.newPage(viewport);
      await pub.goto(`/gongshi/${TOWN_CODE}`);
      await pub.getByText('示范县湾头桥镇人民政府').first().waitFor();
      await pub.getByRole('tab', { name: /执法人员|人员/ }).click();
      await expect.poll(() => pub.getByText('E2E-002').count()).toBe(1);
      await pub.getByRole('tab', { name: /权责清单|清单/ }).click();
      await expect.poll(() => pub.getByText(/E2E-AQ-001/).count()).toBe(1);
      await expect.poll(() => pub.getByText('缺少警示标志1处，限期内改正').count()).toBe(1);
      await e.shot(pub, `enforcement-public-${viewport.width}`);
      expect(await pub.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await pub.getByRole('tab', { name: /处罚决定公示|处罚公示/ }).click();
      await expect.poll(() => pub.getByText('暂无公开的行政处罚决定').count()).toBe(1);
      await pub.context().close();
    }
  });
});
