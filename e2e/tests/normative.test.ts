/**
 * 规范性文件 (issue 16) in a real Chromium: the town's 党政办 opens a draft's public comment through
 * the case page (≥ 7 working days, 国办发〔2018〕37号), the review runs to the 司法所's 审核通过;
 * the county's 备案审查 user (`beian`) finds the document the town filed in the inbox, records
 * 予以备案 through the action form, and the town sees the result on the case and in the register.
 *
 * The server starts with the demo (FAZHI_DEMO_CASES=1): its present step leaves one document
 * filed with the county (normative/demo.ts). The draft here goes on to 集体审议: the 党政联席会 is
 * recorded through the meetings API and the item picked on the case page; the filed demo document
 * carries the journey on to the county.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, setDate, shanghaiDay, signIn, stateOf } from '../src/case-ui.ts';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E({ demoCases: 1 });
  // The server listens while it simulates the demo; wait until it is done (as stats-export.test.ts).
  const deadline = Date.now() + 600_000;
  for (;;) {
    const r = await fetch(`${e.baseUrl}/api/health`);
    if (r.ok && ((await r.json()) as { starting: unknown }).starting == null) break;
    if (Date.now() > deadline) throw new Error('the demo was not simulated in time');
    await new Promise((r) => setTimeout(r, 1000));
  }
}, 620_000);
afterAll(() => e?.close());

async function call(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fazhi_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'X-CSRF-Token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

const FILED = '湾头桥镇农村宅基地审批管理实施细则';

describe('a normative document from draft to the county filing', () => {
  it('the town opens the comment period on the case page (under 7 working days refused), and deliberates it at a held meeting picked from the items naming it', async () => {
    const page = await e.newPage();
    await signIn(page, 'fazhiban');
    const c = await call(page, 'POST', '/api/cases', {
      type: 'normative',
      title: '湾头桥镇美丽庭院创建管理办法',
      fields: { drafter: '妇联', draftedOn: shanghaiDay(-45), summary: '美丽庭院评选与管理' },
    });
    await page.goto(`/cases/${c.id}`);
    await expect.poll(() => stateOf(page)).toBe('起草');
    // Too short first: the guard answers in the modal and the case stays 起草.
    await page.getByTestId('action-open_comment').click();
    const modal = page.locator('.ant-modal:visible', { has: page.getByTestId('action-modal-ok') });
    await modal.waitFor();
    await setDate(page, modal, '征求意见开始日期', shanghaiDay(-40));
    await setDate(page, modal, '征求意见截止日期', shanghaiDay(-39));
    await modal.getByLabel('征求意见方式').fill('镇政府门户网站');
    await page.getByTestId('action-modal-ok').click();
    await page
      .getByText(/不得少于7个工作日/)
      .first()
      .waitFor();
    await e.shot(page, 'normative-comment-refused');
    await page.keyboard.press('Escape');
    await act(page, 'open_comment', async (m) => {
      await setDate(page, m, '征求意见开始日期', shanghaiDay(-40));
      await setDate(page, m, '征求意见截止日期', shanghaiDay(-12));
      await m.getByLabel('征求意见方式').fill('镇政府门户网站、各村公开栏');
    });
    await expect.poll(() => stateOf(page)).toBe('征求意见');
    // The review, by the API: the 司法所 passes it with its opinion (cases/normative.ts).
    const v = async () => (await call(page, 'GET', `/api/cases/${c.id}`)).version;
    await call(page, 'POST', `/api/cases/${c.id}/actions/submit_review`, {
      version: await v(),
      input: {
        commentsReceived: 4,
        commentsAdopted: '采纳2条',
        reviewSubmittedOn: shanghaiDay(-10),
        reviewDue: shanghaiDay(8),
      },
    });
    await page.reload();
    await expect.poll(() => stateOf(page)).toBe('合法性审核');
    await e.shot(page, 'normative-reviewing');

    // The 司法所 passes it with its opinion (the checklist clean), by the API.
    const reviewer = await e.newPage();
    await signIn(reviewer, 'sifasuo');
    const clean = {
      createsLicence: false,
      createsPenalty: false,
      createsCompulsory: false,
      createsFee: false,
      addsDutiesWithoutBasis: false,
    };
    const opinion = '未设定行政许可、行政处罚、行政强制措施和收费事项，内容合法';
    await call(reviewer, 'POST', `/api/cases/${c.id}/documents`, {
      version: await v(),
      kind: 'legality_opinion',
      input: { ...clean, opinion },
    });
    await call(reviewer, 'POST', `/api/cases/${c.id}/actions/pass_review`, {
      version: await v(),
      input: {
        reviewedOn: shanghaiDay(-6),
        reviewerKind: 'sifasuo',
        reviewerName: '张明',
        reviewChecklist: clean,
        reviewOpinion: opinion,
      },
    });
    await reviewer.close();

    // The 党政联席会 that deliberates it, planned and recorded as held through the meetings API.
    const members = ['王建国', '刘志刚', '陈红'];
    const planned = await call(page, 'POST', '/api/meetings', {
      kind: 'joint',
      title: '党政联席会议（审议规范性文件）',
      heldOn: shanghaiDay(-4),
      place: '镇政府三楼会议室',
      chairName: '王建国',
      chiefName: '王建国',
      attendees: members.map((name) => ({ name, post: '班子成员', role: 'member' })),
    });
    const withItem = await call(page, 'POST', `/api/meetings/${planned.id}/items`, {
      subject: '审议《湾头桥镇美丽庭院创建管理办法》',
      caseId: Number(c.id),
      version: planned.version,
    });
    await call(page, 'POST', `/api/meetings/${planned.id}/hold`, {
      attendance: members.map((name) => ({ name, present: true })),
      items: withItem.items.map((i: { id: string }) => ({
        id: Number(i.id),
        views: ['刘志刚', '陈红', '王建国'].map((name) => ({ name, view: 'agree', words: '同意。' })),
        conclusion: 'adopted',
        conclusionText: '审议通过。',
      })),
      version: withItem.version,
    });

    // 集体审议 on the case page: the item is picked from the items naming the case, not typed.
    await page.reload();
    await expect.poll(() => stateOf(page)).toBe('待集体审议');
    await act(page, 'deliberate', async (m) => {
      await m.getByLabel('审议议题', { exact: true }).click();
      await page
        .locator('.ant-select-dropdown:visible .ant-select-item-option', {
          hasText: '审议《湾头桥镇美丽庭院创建管理办法》',
        })
        .first()
        .click();
      await e.shot(page, 'normative-deliberate-item');
    });
    await expect.poll(() => stateOf(page)).toBe('待签发');
    await page.getByText('党政联席会议（审议规范性文件）').first().waitFor();
    await e.shot(page, 'normative-deliberated');
    await page.close();
  });

  it('the county 备案审查 user finds the filing in the inbox and records 予以备案; the town sees it', async () => {
    const county = await e.newPage();
    await signIn(county, 'beian');
    await county.goto('/');
    const row = county.getByText(FILED).first();
    await row.waitFor();
    await e.shot(county, 'normative-beian-inbox');
    await row.click();
    await county.waitForURL(/\/cases\/\d+/);
    await expect.poll(() => stateOf(county)).toBe('备案审查中');
    // Only the three filing results are theirs.
    await county.getByTestId('action-accept_filing').waitFor();
    expect(await county.getByTestId('action-evaluate').count()).toBe(0);
    await act(county, 'accept_filing', async (m) => {
      await setDate(county, m, '备案审查日期', shanghaiDay(0));
      await m.getByLabel('备案审查意见').fill('经审查，未发现违反上位法的情形，予以备案');
      await m.getByLabel('备案登记号').fill('示司备〔2026〕30号');
    });
    await expect.poll(() => stateOf(county)).toBe('实施中');
    await e.shot(county, 'normative-beian-accepted');
    await county.close();

    const town = await e.newPage();
    await signIn(town, 'fazhiban');
    await town.goto('/decisions/normative');
    const line = town.locator('tr', { hasText: FILED });
    await line.getByText('予以备案').waitFor();
    await e.shot(town, 'normative-register');
    await line.getByRole('link', { name: FILED }).click();
    await expect.poll(() => stateOf(town)).toBe('实施中');
    await town.getByText('示司备〔2026〕30号').first().waitFor();
    await town.close();
  });

  it('lists the document on the public page without a login', async () => {
    const page = await e.newPage({ width: 375, height: 812 });
    await page.goto('/gongshi/339901101000/guifanxing');
    await page.getByText(FILED).first().waitFor();
    await e.shot(page, 'normative-public-phone');
    await page.close();
  });
});
