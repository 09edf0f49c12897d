/**
 * Petition journeys in a real Chromium against a real server with the demo data: the 信访办
 * (xinfang) takes a letter from registration to closing, downloading the 受理告知书 before
 * accepting (信访工作条例 art 23; a voided notice locks 受理 again until its corrected copy),
 * extending with the leader's approval (given on the inbox's 待审批 row) and the 延期告知书
 * (art 34), replying from the 处理意见书 typed once, delivering and recording the rating, and
 * exporting 信访统计; the leader takes a petition in
 * hand (包案, art 18 ¶2) and finds it on the inbox; then a leader's reception is scheduled
 * and recorded on the 接访安排 page, one visitor answered on the spot and one registered as
 * a petition. Pages are photographed at 1366 and 375 px.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  act,
  fillRequired,
  issueDocument,
  pick,
  pickSearched,
  setDate,
  shanghaiDay,
  signIn,
  stateOf,
} from '../src/case-ui.ts';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

async function downloadDoc(page: Page, testId: string, name: RegExp) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).first().click()]);
  expect(download.suggestedFilename()).toMatch(name);
  const file = await download.path();
  expect(fs.readFileSync(file).subarray(0, 2).toString('latin1')).toBe('PK');
}

/** Registers a letter petition through the type's own form; returns the case page URL. */
async function registerLetter(page: Page, title: string) {
  await page.goto('/cases');
  await page.getByTestId('case-new').click();
  await page.getByTestId('case-new-petition').click();
  const form = page.getByTestId('case-create-form');
  await form.waitFor();
  await form.getByLabel('标题', { exact: true }).fill(title);
  await pick(page, form, '信访形式', '来信');
  await pick(page, form, '来源', '直接受理');
  await setDate(page, form, '收到日期', shanghaiDay());
  await pick(page, form, '信访类别', '申诉求决');
  await form.getByLabel('问题属地/领域', { exact: true }).fill('农村公路');
  await form.getByLabel('信访事项', { exact: true }).fill('湾头村3组村道硬化不到一年多处开裂，雨天积水。');
  await form.getByLabel('诉求', { exact: true }).fill('要求施工单位返工修复路面。');
  await form.getByLabel('人数', { exact: true }).fill('1');
  await page.getByTestId('party-row-0').getByLabel('姓名（名称）').fill('张桂英');
  await page.getByTestId('case-create-submit').click();
  await page.waitForURL(/\/cases\/\d+$/);
  await page.getByTestId('case-detail').waitFor();
  return page.url();
}

describe('petitions in the browser', () => {
  it('xinfang takes a letter from registration to closing (a voided notice, an approval from the inbox, a prefilled reply, the statistics exported); the leader owns a case and finds it on the inbox', async () => {
    const page = await e.newPage();
    await signIn(page, 'xinfang');
    const today = shanghaiDay();
    const caseUrl = await registerLetter(page, '张桂英来信反映村道开裂');
    expect(await stateOf(page)).toBe('已登记');

    // Art 23: the 受理告知书 is issued (and handed over) before the matter is accepted.
    await expect.poll(() => page.getByTestId('action-accept').count()).toBe(1);
    await issueDocument(page, 'acceptance_notice');
    await downloadDoc(page, 'doc-download-acceptance_notice', /受理告知书.*\.docx$/);
    await expect.poll(() => page.getByTestId('action-accept').isDisabled()).toBe(false);
    // Voided (作废, with a reason), it unlocks nothing: 受理 is locked again until the corrected copy.
    const voidButton = page
      .getByTestId('document-table')
      .locator('tr', { hasText: '受理告知书' })
      .locator('[data-testid^="doc-void-"]')
      .first();
    const noticeId = ((await voidButton.getAttribute('data-testid')) ?? '').replace('doc-void-', '');
    await voidButton.click();
    await page.getByTestId('doc-void-reason').fill('信访人姓名写错');
    await page.getByTestId('doc-void-ok').click();
    await page.getByTestId(`doc-voided-${noticeId}`).waitFor();
    await expect.poll(() => page.getByTestId('action-accept').isDisabled()).toBe(true);
    await e.shot(page, 'petition-notice-voided');
    await page.getByTestId(`doc-correct-${noticeId}`).click();
    const correctionForm = page.getByTestId('doc-input-form');
    await page.getByTestId('doc-issue-ok').or(correctionForm).first().waitFor();
    if (await correctionForm.isVisible()) {
      await fillRequired(page, correctionForm);
      await page.getByTestId('doc-input-ok').click();
    } else await page.getByTestId('doc-issue-ok').click();
    await expect.poll(() => page.getByTestId('doc-download-acceptance_notice').count()).toBe(2);
    await expect.poll(() => page.getByTestId('action-accept').isDisabled()).toBe(false);
    await act(page, 'accept');
    expect(await stateOf(page)).toBe('已受理');

    // Art 34: the extension needs the head of the town's approval and the 延期告知书.
    await act(page, 'request_approval:extend', async (m) => {
      await m.getByLabel('延长天数').fill('30');
      await m.getByLabel('延期理由').fill('需委托第三方机构检测路面质量。');
    });
    // The leader finds the request on the inbox under 待审批, reads its reason there and approves it inline.
    const leader = await e.newPage({ width: 1366, height: 900 });
    await signIn(leader, 'leader');
    const caseId = caseUrl.split('/').pop()!;
    const filter = leader.getByTestId('inbox-filter');
    await filter.getByText(/^待审批 \d+$/).click();
    const request = leader.getByTestId(`inbox-approval-${caseId}`);
    await request.waitFor({ timeout: 15_000 });
    expect(await request.textContent()).toContain('需委托第三方机构检测路面质量。');
    await e.shot(leader, 'petition-leader-approval');
    await leader.getByTestId(`inbox-approve-${caseId}`).click();
    await leader.locator('.ant-popover:visible').getByRole('button', { name: '批准' }).click();
    await expect.poll(() => request.count(), { timeout: 15_000 }).toBe(0);
    await page.reload();
    await page.getByTestId('case-detail').waitFor();
    await issueDocument(page, 'extension_notice');
    await act(page, 'extend');
    await expect.poll(() => page.getByTestId('case-detail').textContent()).toContain('延长');

    await act(page, 'investigate', async (m) => {
      await setDate(page, m, '听取陈述日期', today);
      await m.getByLabel('调查核实情况').fill('路面开裂约120平方米，工程在质保期内。');
    });
    // The opinion is typed once, into the 信访处理意见书; the reply is recorded from it (decision 0007).
    await issueDocument(page, 'handling_opinion', async (f) => {
      await pick(page, f, '处理意见', '支持');
      await f.getByLabel('事实', { exact: true }).fill('该路段开裂面积约120平方米，工程尚在两年质保期内。');
      await f.getByLabel('理由', { exact: true }).fill('施工单位应当在质保期内承担返修责任。');
      await f.getByLabel('法律法规依据', { exact: true }).fill('《建设工程质量管理条例》第四十一条。');
    });
    await act(page, 'reply', async (m) => {
      expect(await m.getByLabel('事实', { exact: true }).inputValue()).toBe(
        '该路段开裂面积约120平方米，工程尚在两年质保期内。',
      );
    });
    expect(await stateOf(page)).toBe('已出具处理意见书');
    await issueDocument(page, 'delivery_receipt');
    await act(page, 'deliver', async (m) => {
      await setDate(page, m, '送达日期', today);
      await pick(page, m, '送达方式', '直接送达');
    });
    await act(page, 'rate', async (m) => {
      await pick(page, m, '满意度评价', '满意');
    });
    await act(page, 'close');
    expect(await stateOf(page)).toBe('已办结');
    await e.shot(page, 'petition-closed');

    // 信访统计 exports the year's figures the page shows (.xlsx).
    await page.goto(`/petition/stats?year=${today.slice(0, 4)}`);
    const received = page.getByTestId('stat-received');
    await received.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('stats-export').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`${today.slice(0, 4)}年度.*信访.*统计\\.xlsx$`));
    const book = fs.readFileSync((await download.path())!);
    expect(book.subarray(0, 2).toString()).toBe('PK');

    // 包案: the leader takes a second petition in hand and finds it on the inbox.
    const ownedUrl = await registerLetter(page, '李四来信反映灌溉渠道堵塞');
    await leader.goto(ownedUrl);
    await leader.getByTestId('case-detail').waitFor();
    // The plan and its time limit are typed into the 包案责任表; 领导包案 is recorded from it.
    await issueDocument(leader, 'ownership_form', async (f) => {
      await f.getByLabel('化解方案', { exact: true }).fill('会同农业农村办实地核查，限期清淤。');
      await setDate(leader, f, '化解时限', shanghaiDay(30));
    });
    await act(leader, 'take_ownership', async (m) => {
      await pickSearched(leader, m, '包案领导', '王建国');
    });
    await expect.poll(() => leader.getByTestId('case-detail').textContent()).toContain('王建国');
    await leader.goto('/');
    const inbox = leader.getByTestId('inbox-table');
    await expect.poll(() => inbox.textContent(), { timeout: 15_000 }).toContain('李四来信反映灌溉渠道堵塞');
    await e.shot(leader, 'petition-leader-inbox');
  });

  it('xinfang schedules a leader’s reception and records it: one answered, one registered as a petition', async () => {
    const page = await e.newPage();
    await signIn(page, 'xinfang');
    await page.getByRole('menuitem', { name: '接访安排' }).click();
    await page.waitForURL(/\/petition\/receptions/);
    await page.getByTestId('slot-new').click();
    const slotForm = page.getByTestId('slot-form');
    await slotForm.waitFor();
    await pickSearched(page, slotForm, '接访领导', '王建国');
    await setDate(page, slotForm, '接访日期', shanghaiDay());
    await slotForm.getByLabel('接访主题').fill('农村人居环境整治');
    await slotForm.getByText('向群众公布').click();
    await page.getByTestId('slot-save').click();
    const slots = page.getByTestId('slots-table');
    await expect.poll(() => slots.textContent()).toContain('农村人居环境整治');
    expect(await slots.textContent()).toContain('已公布');

    await page.locator('[data-testid^="slot-record-"]').first().click();
    const form = page.getByTestId('reception-form');
    await form.waitFor();
    const v0 = page.getByTestId('visitor-0');
    await v0.getByLabel('姓名').fill('孙大伟');
    await v0.getByLabel('反映事项').fill('咨询农村低保申请条件。');
    await v0.getByLabel('答复内容').fill('已当场解释低保申请条件和办理流程，来访人表示理解。');
    await page.getByTestId('visitor-add').click();
    const v1 = page.getByTestId('visitor-1');
    await v1.getByLabel('姓名').fill('赵桂兰');
    await v1.getByLabel('身份证号码').fill('339901196505120022');
    await v1.getByLabel('反映事项').fill('湾头村3组宅基地界址与邻居有争议。');
    await v1.getByText('登记为信访事项').click();
    await pick(page, v1, '信访类别', '申诉求决');
    await v1.getByLabel('问题属地/领域').fill('宅基地');
    await v1.getByLabel('诉求').fill('请求镇政府组织测量确界。');
    await e.shot(page, 'petition-reception-form');
    await page.getByTestId('reception-save').click();

    const detail = page.getByTestId('reception-detail');
    await detail.waitFor();
    expect(await page.getByTestId('reception-visitor-0').textContent()).toContain('当场答复');
    const petition = page.getByTestId('reception-visitor-1');
    expect(await petition.textContent()).toContain('339901********0022');
    await expect.poll(() => petition.locator('a').textContent()).toMatch(/^湾信〔\d{4}〕\d+号$/);
    await downloadDoc(page, 'reception-register-download', /^接访登记表.*\.docx$/);
    await e.shot(page, 'petition-reception-detail');

    // The registered petition is a case with its 15-day clock running (art 23).
    await petition.locator('a').click();
    await page.getByTestId('case-detail').waitFor();
    expect(await stateOf(page)).toBe('已登记');
    expect(await page.getByTestId('case-detail').textContent()).toContain('受理告知期限');
    const petitionUrl = page.url();

    // The schedule, the visits and the statistics, at desk and phone widths.
    await page.goto('/petition/receptions');
    await page.getByTestId('receptions-table').locator('.ant-table-row').first().waitFor();
    await e.shot(page, 'petition-receptions-1366');

    // 带案下访: the leader takes that petition down to 湾头村; the visit shows on the case.
    await page.getByRole('menuitem', { name: '下访记录' }).click();
    await page.waitForURL(/\/petition\/visits/);
    await page.getByTestId('visit-new').click();
    const visitForm = page.getByTestId('visit-form');
    await visitForm.waitFor();
    await pickSearched(page, visitForm, '下访领导', '王建国');
    await pick(page, visitForm, '下访村（社区）', '湾头村村民委员会');
    await pickSearched(page, visitForm, '所带案件', '赵桂兰');
    await page.keyboard.press('Escape');
    await visitForm.getByLabel('接谈群众').fill('信访人赵桂兰及其邻居、村两委成员');
    await visitForm.getByLabel('化解情况').fill('现场查看界址，组织双方协商，初步达成一致。');
    await e.shot(page, 'petition-visit-form');
    await page.getByTestId('visit-save').click();
    const visitDetail = page.getByTestId('visit-detail');
    await visitDetail.waitFor();
    expect(await visitDetail.textContent()).toMatch(/湾信〔\d{4}〕\d+号/);
    await downloadDoc(page, 'visit-record-download', /^下访记录.*\.docx$/);
    await page.goto(petitionUrl);
    await expect.poll(() => page.getByTestId('case-visits').textContent()).toContain('王建国 到湾头村村民委员会');
    await e.shot(page, 'petition-case-with-visit');

    await page.goto('/petition/stats');
    await page.getByTestId('petition-stats-totals').waitFor();
    expect(await page.getByTestId('stat-receptions').textContent()).toMatch(/^领导接访1次/);
    expect(await page.getByTestId('stat-receptionOutcomes').textContent()).toMatch(/^当场答复 \/ 登记信访1 \/ 1件/);
    await e.shot(page, 'petition-stats-1366');

    const phone = await e.newPage({ width: 375, height: 812 });
    await signIn(phone, 'xinfang');
    for (const [path, ready, name] of [
      ['/petition/receptions', 'slots-table', 'petition-receptions-375'],
      ['/petition/visits', 'visits-table', 'petition-visits-375'],
      ['/petition/stats', 'petition-stats-totals', 'petition-stats-375'],
    ] as const) {
      await phone.goto(path);
      await phone.getByTestId(ready).waitFor();
      await phone.waitForTimeout(300);
      await e.shot(phone, name);
    }
    await page.goto('/petition/visits');
    await page.getByTestId('visits-table').waitFor();
    await e.shot(page, 'petition-visits-1366');
  });
});
