/**
 * Case journeys in a real Chromium against a real server with the demo data: the
 * mediation centre's clerk (tiaojie, 陈静) takes a walk-in neighbour dispute from
 * registration through a written agreement, the follow-up visit and performance to the
 * archived file, issuing the documents each step requires, exports its 卷宗 and finds it
 * counted on the statistics page; and
 * the deadline calculator rolls a period over the 2023 National Day holiday.
 */
import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, issueDocument, pick, setDate, shanghaiDay, signIn, stateOf } from '../src/case-ui.ts';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

describe('cases in the browser', () => {
  // About 25 s on an idle machine; two cores shared with a build or another test run can triple that.
  it('tiaojie takes a walk-in neighbour dispute from registration to the archived file', async () => {
    const page = await e.newPage();
    await signIn(page, 'tiaojie');
    const types = await page.evaluate(async () =>
      ((await (await fetch('/api/case-types')).json()) as { key: string }[]).map((t) => t.key),
    );
    expect(types, '矛盾纠纷调解 (mediation) must be registered in server/src/cases/modules.ts').toContain('mediation');
    const today = shanghaiDay();

    // 登记: from the list's 新建 menu, the type's own registration form.
    await page.goto('/cases');
    await page.getByTestId('case-new').click();
    await page.getByTestId('case-new-mediation').click();
    const form = page.getByTestId('case-create-form');
    await form.waitFor();
    await form.getByLabel('标题', { exact: true }).fill('周某与吴某邻里噪音纠纷');
    await pick(page, form, '来源渠道', '来访');
    await pick(page, form, '纠纷类型', '邻里');
    await form.getByLabel('涉及人数', { exact: true }).fill('2');
    await form.getByLabel('纠纷简要情况', { exact: true }).fill('楼上住户夜间噪音影响休息，双方多次争吵。');
    await form.getByLabel('当事人请求', { exact: true }).fill('请求对方晚上十点后停止噪音。');
    await setDate(page, form, '收到日期', today);
    // The two required roles (申请人, 被申请人) come with a row each.
    await page.getByTestId('party-row-0').getByLabel('姓名（名称）').fill('周启明');
    await page.getByTestId('party-row-0').getByLabel('联系电话').fill('13800138000');
    await page.getByTestId('party-row-1').getByLabel('姓名（名称）').fill('吴海燕');
    await e.shot(page, 'case-create');
    await page.getByTestId('case-create-submit').click();
    await page.waitForURL(/\/cases\/\d+$/);
    await page.getByTestId('case-detail').waitFor();
    expect(await stateOf(page)).toBe('已登记');
    const caseUrl = page.url();

    // 受理 needs the 受理登记表 first.
    await issueDocument(page, 'registration');
    await act(page, 'accept');
    expect(await stateOf(page)).toContain('已受理');

    await act(page, 'route', async (m) => {
      await pick(page, m, '分流途径', '人民调解');
      await m.getByLabel('调解组织').fill('湾头桥镇人民调解委员会');
    });
    expect(await stateOf(page)).toContain('已分流');

    // 指派调解员: the mediator is picked from the town's staff, shown with their post.
    await act(page, 'assign', async (m) => {
      await m.getByLabel('主办调解员').click();
      await page.keyboard.type('陈静');
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '陈静' });
      await expect.poll(() => option.first().textContent()).toContain('综治中心');
      await option.first().click();
    });
    expect(await stateOf(page)).toBe('调解中');
    await expect.poll(() => page.getByTestId('case-detail').textContent()).toMatch(/承办人\s*[:：]?\s*陈静/);

    // Each session is recorded after its 调解笔录 is issued.
    await issueDocument(page, 'session_record');
    await act(page, 'record_session', async (m) => {
      await setDate(page, m, '调解日期', today);
      await m.getByLabel('调解地点').fill('综治中心调解室');
      for (const name of ['周启明', '吴海燕']) {
        await m.getByLabel('参加人员').fill(name);
        await page.keyboard.press('Enter');
      }
      await m.getByLabel('调解情况').fill('经调解，双方同意互谅互让，达成一致。');
    });
    await page.getByTestId('field-sessions').getByText('综治中心调解室').waitFor();

    // The agreement document, downloaded as the parties will sign it.
    await issueDocument(page, 'agreement');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('doc-download-agreement').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/人民调解协议书.*\.docx$/);
    const file = await download.path();
    expect(fs.statSync(file).size).toBeGreaterThan(5 * 1024);
    expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');

    await act(page, 'agree_written', async (m) => {
      await m.getByLabel('协议内容').fill('吴海燕保证每晚十点后不再制造噪音；周启明不再就此事争吵。');
      await setDate(page, m, '履行期限', shanghaiDay(30));
      await setDate(page, m, '协议生效日期', today);
    });
    expect(await stateOf(page)).toContain('达成书面协议');
    await e.shot(page, 'case-agreement');

    // 回访 → 《回访记录》 → 确认履行完毕 → 归档: the file is closed in the browser too.
    await act(page, 'follow_up', async (m) => {
      await setDate(page, m, '回访日期', today);
      await pick(page, m, '回访方式', '电话回访');
      await pick(page, m, '履行情况', '已全部履行');
      await m.getByLabel('回访情况').fill('电话回访，双方均称已按协议履行，未再发生争吵。');
    });
    await issueDocument(page, 'follow_up_record');
    await act(page, 'performed', async (m) => {
      await setDate(page, m, '履行完毕日期', today);
    });
    expect(await stateOf(page)).toBe('履行完毕');
    await act(page, 'archive', async (m) => {
      await m.getByLabel('卷宗号').fill('2026-调-001');
    });
    expect(await stateOf(page)).toBe('已归档');
    await e.shot(page, 'case-archived');

    // 导出卷宗: the archived file as a zip, its index first and the signed-for agreement inside.
    const [dossier] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.getByTestId('dossier-export').click(),
    ]);
    expect(dossier.suggestedFilename()).toMatch(/^湾调〔\d{4}〕\d+号卷宗\.zip$/);
    const zip = await JSZip.loadAsync(fs.readFileSync(await dossier.path()));
    const entries = Object.keys(zip.files);
    expect(entries[0]).toBe('00 卷宗目录.docx');
    expect(entries.some((n) => /^\d{2} 人民调解协议书.*\.docx$/.test(n))).toBe(true);

    // 调解统计: the only mediation case of the year (the e2e server simulates none) is counted.
    await page.getByRole('menuitem', { name: '调解统计' }).click();
    await page.waitForURL(/\/mediation\/stats/);
    const card = (key: string) => page.getByTestId(`stat-${key}`);
    await expect.poll(() => card('accepted').textContent(), { timeout: 15_000 }).toMatch(/^受理纠纷1件登记 1 件/);
    expect(await card('success').textContent()).toMatch(/^调解成功1件/);
    expect(await card('successRate').textContent()).toMatch(/^调解成功率100%/);
    expect(await card('agreements').textContent()).toMatch(/^书面 \/ 口头协议1 \/ 0件/);
    expect(await card('performanceRate').textContent()).toMatch(/^协议履行率100%/);
    const town = page.getByTestId('stats-by-village').locator('.ant-table-row', { hasText: '镇本级' });
    expect((await town.locator('td').allTextContents()).slice(0, 2)).toEqual(['镇本级', '1']);
    await e.shot(page, 'mediation-stats');

    // 预警设置: the centre lowers the town's large-amount threshold.
    await page.getByTestId('risk-settings-open').click();
    const settings = page.getByTestId('risk-settings-form');
    const amount = settings.getByLabel('金额较大标准（元）', { exact: true });
    await expect.poll(() => amount.inputValue()).toBe('100000');
    await amount.fill('50000');
    await e.shot(page, 'risk-settings');
    await page.getByTestId('risk-settings-save').click();
    await page.getByText('预警设置已保存').waitFor();
    const phone = await e.newPage({ width: 375, height: 812 });
    await signIn(phone, 'tiaojie');
    await phone.goto('/mediation/stats');
    await expect.poll(() => phone.getByTestId('stat-accepted').textContent()).toMatch(/^受理纠纷1件/);
    await e.shot(phone, 'mediation-stats-375');
    await phone.goto(caseUrl);
    await phone.getByTestId('dossier-export').waitFor();
    await e.shot(phone, 'case-detail-375');
    await phone.context().close();

    // The list finds it by a party's name.
    await page.goto('/cases');
    await page.getByTestId('case-search').fill('吴海燕');
    await page.keyboard.press('Enter');
    const row = page.getByTestId('case-list-table').locator('.ant-table-row', { hasText: '周某与吴某邻里噪音纠纷' });
    await row.waitFor();
    expect(await row.textContent()).toContain('已归档');
    await row.getByRole('link').click();
    await page.waitForURL(caseUrl);
    await page.context().close();
  }, 180_000);

  it('the deadline calculator rolls 2023-09-20 + 15 日 over National Day to 2023-10-07', async () => {
    const page = await e.newPage();
    await signIn(page, 'tiaojie');
    await page.goto('/tools/deadline');
    const form = page.getByTestId('deadline-form');
    await form.waitFor();
    await setDate(page, form, '起算日', '2023-09-20');
    await form.getByLabel('期间').fill('15');
    await form.getByRole('button', { name: '计算' }).click();
    await expect.poll(() => page.getByTestId('deadline-due').textContent()).toBe('2023-10-07');
    await e.shot(page, 'deadline');
    await page.context().close();
  });
});
