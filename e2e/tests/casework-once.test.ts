/**
 * Issue 13 in the browser, as the 矛调中心's clerk (tiaojie, 陈静): a dispute registered
 * without a village is warned about; its title is corrected after registration and the
 * timeline says old → new; the 调解笔录 typed once fills 记录调解 (decision 0007); voiding
 * the 笔录 locks 记录调解 again, and the corrected copy fills it anew.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, issueDocument, pick, setDate, shanghaiDay, signIn, stateOf } from '../src/case-ui.ts';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

/** Fills the 调解笔录 form: the session's date, place and content. */
async function fillSession(page: Page, form: Locator, place: string, content: string) {
  await setDate(page, form, '调解日期', shanghaiDay());
  await form.getByLabel('调解地点', { exact: true }).fill(place);
  await form.getByLabel('调解情况（当事人陈述、调解员意见等）', { exact: true }).fill(content);
}

describe('casework entered once', () => {
  it('tiaojie corrects the title, records a session from its 笔录, and sees the lock return when it is voided', async () => {
    const page = await e.newPage({ width: 1366, height: 900 });
    await signIn(page, 'tiaojie');
    const today = shanghaiDay();

    // 登记 without a village: the form warns before it is saved.
    await page.goto('/cases/new?type=mediation');
    const form = page.getByTestId('case-create-form');
    await form.waitFor();
    await expect.poll(() => form.getByTestId('no-village-warning').isVisible()).toBe(true);
    await form.getByLabel('标题', { exact: true }).fill('郑某与钱某围墙纠纷');
    await pick(page, form, '来源渠道', '来访');
    await pick(page, form, '纠纷类型', '邻里');
    await form.getByLabel('涉及人数', { exact: true }).fill('2');
    await form.getByLabel('纠纷简要情况', { exact: true }).fill('钱某新砌围墙占用郑某宅基地约半米。');
    await form.getByLabel('当事人请求', { exact: true }).fill('请求拆除越界部分围墙。');
    await setDate(page, form, '收到日期', today);
    await page.getByTestId('party-row-0').getByLabel('姓名（名称）').fill('郑建华');
    await page.getByTestId('party-row-1').getByLabel('姓名（名称）').fill('钱玉兰');
    await e.shot(page, 'once-create-no-village');
    await page.getByTestId('case-create-submit').click();
    await page.waitForURL(/\/cases\/\d+$/);
    await page.getByTestId('case-detail').waitFor();
    // …and the case page keeps saying so until a village is chosen.
    await expect.poll(() => page.getByTestId('no-village-notice').isVisible()).toBe(true);

    // 修改基本信息: the title, corrected; the timeline says old → new.
    await page.getByTestId('case-edit').click();
    const editForm = page.getByTestId('case-edit-form');
    await editForm.waitFor();
    await editForm.getByLabel('标题', { exact: true }).fill('郑某与钱某宅基地围墙纠纷');
    await e.shot(page, 'once-edit-modal');
    await page.getByTestId('case-edit-ok').click();
    await editForm.waitFor({ state: 'hidden' });
    await page
      .getByTestId('timeline')
      .getByText('修改基本信息：标题：郑某与钱某围墙纠纷 → 郑某与钱某宅基地围墙纠纷')
      .waitFor();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('郑某与钱某宅基地围墙纠纷');
    await e.shot(page, 'once-edited');

    // To mediation.
    await issueDocument(page, 'registration');
    await act(page, 'accept');
    await act(page, 'route', async (m) => {
      await pick(page, m, '分流途径', '人民调解');
      await m.getByLabel('调解组织').fill('湾头桥镇人民调解委员会');
    });
    await act(page, 'assign', async (m) => {
      await m.getByLabel('主办调解员').click();
      await page.keyboard.type('陈静');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '陈静' }).first().click();
    });
    expect(await stateOf(page)).toBe('调解中');
    await expect.poll(() => page.getByTestId('action-record_session').isDisabled()).toBe(true);

    // The 笔录, typed once.
    await page.getByTestId('doc-issue').click();
    await page.getByTestId('doc-issue-session_record').click();
    const docForm = page.getByTestId('doc-input-form');
    await docForm.waitFor();
    await fillSession(page, docForm, '湾头村调解室', '双方到场陈述，钱某同意核对界址。');
    await page.getByTestId('doc-input-ok').click();
    await expect.poll(() => page.getByTestId('doc-download-session_record').count()).toBe(1);
    await expect.poll(() => page.getByTestId('action-record_session').isDisabled()).toBe(false);

    // Voiding it locks 记录调解 again.
    const voidButton = page
      .getByTestId('document-table')
      .locator('tr', { hasText: '调解笔录' })
      .locator('[data-testid^="doc-void-"]')
      .first();
    const docId = ((await voidButton.getAttribute('data-testid')) ?? '').replace('doc-void-', '');
    await voidButton.click();
    await page.getByTestId('doc-void-reason').fill('调解地点写错');
    await page.getByTestId('doc-void-ok').click();
    await page.getByTestId(`doc-voided-${docId}`).waitFor();
    await expect.poll(() => page.getByTestId('action-record_session').isDisabled()).toBe(true);
    await e.shot(page, 'once-voided-locked');

    // The corrected copy (new number) fills the action's form.
    await page.getByTestId(`doc-correct-${docId}`).click();
    await docForm.waitFor();
    await fillSession(page, docForm, '综治中心调解室', '双方到场陈述，钱某同意核对界址。');
    await page.getByTestId('doc-input-ok').click();
    await expect.poll(() => page.getByTestId('doc-download-session_record').count()).toBe(2);
    await expect.poll(() => page.getByTestId('action-record_session').isDisabled()).toBe(false);

    await page.getByTestId('action-record_session').click();
    const modal = page.locator('.ant-modal:visible', { has: page.getByTestId('action-modal-ok') });
    await modal.waitFor();
    await modal.getByTestId('action-prefill').waitFor();
    expect(await modal.getByTestId('action-prefill').textContent()).toContain('已按《调解笔录》');
    expect(await modal.getByLabel('调解地点', { exact: true }).inputValue()).toBe('综治中心调解室');
    expect(await modal.getByLabel('调解情况', { exact: true }).inputValue()).toBe('双方到场陈述，钱某同意核对界址。');
    for (const name of ['郑建华', '钱玉兰']) {
      await modal.getByLabel('参加人员').fill(name);
      await page.keyboard.press('Enter');
    }
    await e.shot(page, 'once-prefilled-action');
    await page.getByTestId('action-modal-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await page.getByTestId('field-sessions').getByText('综治中心调解室').waitFor();
    await e.shot(page, 'once-session-recorded');
  });
});
