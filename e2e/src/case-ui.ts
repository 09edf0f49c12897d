/**
 * What the case journeys do in the browser, written once: sign in as a demo user, fill antd
 * selects and dates, issue a document, run an action through its form, read the state.
 */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

export async function signIn(page: Page, username: string) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill('Demo@2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** Today and later days as 'YYYY-MM-DD' in Asia/Shanghai, the zone the server dates everything in. */
export function shanghaiDay(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
}

/** antd Select: open it by its label, then click the option whose title is `option`. */
export async function pick(page: Page, scope: Page | Locator, label: string, option: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

/**
 * antd Select with search: type, click the option showing `text` once the list has filtered,
 * and wait until the field shows it. Under load a blind click on the first option could land
 * on the list before it filtered (or while it re-rendered) and leave the field empty.
 */
export async function pickSearched(page: Page, scope: Locator, label: string, text: string) {
  await scope.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first().click();
  const item = scope.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
  await expect.poll(() => item.textContent()).toContain(text);
}

/** antd DatePicker: type the date and confirm it. */
export async function setDate(page: Page, scope: Page | Locator, label: string, value: string) {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(value);
  await page.keyboard.press('Enter');
}

/**
 * Fills whatever required fields a document's form asks for. The templates declare their
 * input (a record's content, an agreement's facts) and may change with the wording of
 * the document; the journey is about issuing it, not about those words.
 */
export async function fillRequired(page: Page, form: Locator) {
  const items = form.locator('.ant-form-item:has(.ant-form-item-required)');
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    if ((await item.locator('.ant-picker').count()) > 0) {
      const input = item.locator('.ant-picker input').first();
      if (!(await input.inputValue())) {
        await input.click();
        await input.fill(shanghaiDay());
        await page.keyboard.press('Enter');
      }
    } else if ((await item.locator('.ant-select').count()) > 0) {
      if ((await item.locator('.ant-select-selection-item').count()) === 0) {
        await item.locator('.ant-select').click();
        if ((await item.locator('.ant-select-multiple').count()) > 0) await page.keyboard.type('测试人员');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
      }
    } else if ((await item.locator('.ant-input-number').count()) > 0) {
      const input = item.locator('.ant-input-number input');
      if (!(await input.inputValue())) await input.fill('1');
    } else if ((await item.locator('textarea, input.ant-input').count()) > 0) {
      const input = item.locator('textarea, input.ant-input').first();
      if (!(await input.inputValue())) await input.fill('经核实，内容属实。');
    }
  }
}

/**
 * 出具文书: pick it from the menu, then confirm it, or fill its form when the template asks for
 * input: `fill` types what the journey means to say (what the action will be recorded from,
 * decision 0007), then any other required field gets a placeholder.
 */
export async function issueDocument(page: Page, kind: string, fill?: (form: Locator) => Promise<void>) {
  const before = await page.getByTestId(`doc-download-${kind}`).count();
  const item = page.getByTestId(`doc-issue-${kind}`);
  const confirm = page.getByTestId('doc-issue-ok');
  const form = page.getByTestId('doc-input-form');
  // The menu opens on click and animates; clicking its button again while it animates closes
  // it, and an item clicked while the menu closes does nothing. So: open once, wait for the
  // item, click it, wait for the dialog; only when that fails, start over.
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await item.isVisible())) await page.getByTestId('doc-issue').click();
      await item.waitFor({ state: 'visible', timeout: 5_000 });
      await item.click();
      await confirm.or(form).first().waitFor({ timeout: 10_000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
      await expect.poll(() => item.isVisible()).toBe(false);
    }
  }
  if (await form.isVisible()) {
    if (fill) await fill(form);
    await fillRequired(page, form);
    await page.getByTestId('doc-input-ok').click();
  } else {
    await confirm.click();
  }
  await expect.poll(() => page.getByTestId(`doc-download-${kind}`).count()).toBe(before + 1);
}

/** Runs one of the case's actions through its form; `fill` enters the input, if the action has one. */
export async function act(page: Page, key: string, fill?: (modal: Locator) => Promise<void>) {
  // The previous step's modal may still be animating out; its OK button would be found first.
  await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
  await page.getByTestId(`action-${key}`).click();
  const modal = page.locator('.ant-modal:visible', { has: page.getByTestId('action-modal-ok') });
  await modal.waitFor();
  if (fill) await fill(modal);
  // A one-field form is already submitted by the Enter that confirmed its date.
  const ok = page.getByTestId('action-modal-ok');
  await page.waitForTimeout(200);
  // The modal may close between any two of these looks: a button gone by then needs no click,
  // and a form that was not submitted shows up as the modal staying open below.
  if (await ok.isVisible()) {
    const cls = await ok.getAttribute('class', { timeout: 1000 }).catch(() => null);
    if (cls !== null && !cls.includes('ant-btn-loading')) await ok.click({ timeout: 2000 }).catch(() => undefined);
  }
  await modal.waitFor({ state: 'hidden' });
}

export async function stateOf(page: Page): Promise<string> {
  return ((await page.getByTestId('case-detail').locator('.ant-tag').first().textContent()) ?? '').trim();
}
