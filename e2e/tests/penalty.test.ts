/**
 * An ordinary 行政处罚 (issue 14) in a real Chromium against a real server: the 执法队 registers
 * two officers and a reviewer with the 法律职业资格 and a power (the e2e server seeds no
 * register), then a 线索 is 立案 with the leader's approval, investigated, noticed with the
 * hearing right, the party waives it, the qualified reviewer passes the 法制审核, the leader
 * decides, the team serves and publishes; the public 公示 page, opened without a session,
 * shows the decision with the party's name and ID masked. The officer pickers are worked in
 * the UI; steps whose forms are long free text go through the API (said where).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, issueDocument, setDate, shanghaiDay, signIn, stateOf } from '../src/case-ui.ts';
import { type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

const TOWN_CODE = '339901101000';
const PARTY = '张建军';
const ID_NUMBER = '33990119850312001X';

async function call(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fazhi_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'X-CSRF-Token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/**
 * antd Select (single or multiple) by its label's text: pick each option showing one of `texts`.
 * A multiple Select stays open after a pick and clicking it again would close it; an option
 * clicked while the list still animates in is lost: so look at the field, and pick again.
 */
async function pickIn(page: Page, scope: ReturnType<Page['locator']>, label: string, texts: string[]) {
  const item = scope.locator('.ant-form-item').filter({ hasText: label }).first();
  for (const text of texts) {
    for (let attempt = 1; !((await item.textContent()) ?? '').includes(text); attempt++) {
      if (attempt > 4) {
        await e.shot(page, 'penalty-debug-picker');
        throw new Error(`could not pick ${text} in ${label}`);
      }
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
      if (!(await option.isVisible())) await item.locator('.ant-select').click();
      await option.click();
      await page.waitForTimeout(300);
    }
  }
  // Close a list left open (a multiple Select's) by clicking the modal's title: the field's label
  // names the Select, so clicking it would open the list again; Escape would close the modal.
  if (await page.locator('.ant-select-dropdown:visible').count())
    await scope.locator('.ant-modal-title').first().click();
}
const pickOfficers = pickIn;
const pickOne = (page: Page, scope: ReturnType<Page['locator']>, label: string, text: string) =>
  pickIn(page, scope, label, [text]);

describe('an ordinary penalty from 线索 to a published decision', () => {
  it('立案 with approval, 事先告知 with the hearing right, waiver, 法制审核, decision, service, 公示', async () => {
    const today = shanghaiDay();
    const page = await e.newPage();
    await signIn(page, 'zhifa');
    // The register (API: the register's own journey is enforcement-register.test.ts).
    const officer = (name: string, certNo: string, extra: Record<string, unknown> = {}) =>
      call(page, 'POST', '/api/enforcement/officers', {
        name,
        certNo,
        certIssuer: '示范县人民政府',
        fields: ['safety'],
        validUntil: shanghaiDay(900),
        ...extra,
      });
    await officer('甲执法员', 'E2E-P-001');
    await officer('乙执法员', 'E2E-P-002');
    await officer('丙审核员', 'E2E-P-003', { reviewer: true, legalQualification: true });
    await call(page, 'POST', '/api/enforcement/powers', {
      code: 'E2E-AQ-002',
      field: 'safety',
      matter: '未在有较大危险因素的生产经营场所设置明显的安全警示标志',
      violatedBasis: '《中华人民共和国安全生产法》第三十五条',
      penaltyBasis: '《中华人民共和国安全生产法》第九十九条第（一）项',
      penaltyRange: '责令限期改正，处五万元以下的罚款',
      fineMin: 0,
      fineMax: 50000,
      delegated: true,
      delegatedBy: '《示范省人民政府关于赋予乡镇（街道）部分县级行政处罚权的决定》',
      discretion: [],
    });

    // The 线索 (API: the generic registration form is covered by cases.test.ts).
    const created = await call(page, 'POST', '/api/cases', {
      type: 'penalty',
      title: `${PARTY}经营场所未设置安全警示标志案`,
      fields: {
        procedure: 'ordinary',
        field: 'safety',
        powerCode: 'E2E-AQ-002',
        violation: '未在有较大危险因素的生产经营场所设置明显的安全警示标志',
        actOn: shanghaiDay(-20),
        foundOn: shanghaiDay(-1),
      },
      parties: [{ role: 'party', kind: 'person', name: PARTY, idNumber: ID_NUMBER, address: '湾头桥镇镇东街8号' }],
    });
    const id = String(created.id);
    await page.goto(`/cases/${id}`);
    await page.getByTestId('case-detail').waitFor();

    // 立案: the form picks the two officers from the register.
    await issueDocument(page, 'filing_form');
    await act(page, 'request_approval:file', async (m) => {
      await pickOfficers(page, m, '承办执法人员', ['甲执法员', '乙执法员']);
      await pickOne(page, m, '法制审核情形', '疑难复杂');
    });
    await e.shot(page, 'penalty-filing-requested');

    const leader = await e.newPage();
    await signIn(leader, 'leader');
    await leader.goto(`/cases/${id}`);
    await leader.getByTestId('case-detail').waitFor();
    await act(leader, 'approve:file', async (m) => {
      const opinion = m.locator('textarea').first();
      if (await opinion.count()) await opinion.fill('同意立案');
    });

    await page.reload();
    await act(page, 'file');
    await expect.poll(() => stateOf(page)).toBe('调查取证');

    // 询问 from its 笔录 (API for the 笔录's text), recorded in the UI with the officer picker.
    let c = await call(page, 'GET', `/api/cases/${id}`);
    c = await call(page, 'POST', `/api/cases/${id}/documents`, {
      version: c.version,
      kind: 'inquiry_record',
      input: { on: today, person: PARTY, summary: '承认经营的液化气供应点未设置安全警示标志' },
    });
    await page.reload();
    await act(page, 'inquire', async (m) => {
      await pickOfficers(page, m, '执法人员', ['甲执法员', '乙执法员']);
    });
    await act(page, 'end_investigation');
    await expect.poll(() => stateOf(page)).toBe('审查');

    // 事先告知书 with the hearing right (API for its text), recorded in the UI.
    c = await call(page, 'GET', `/api/cases/${id}`);
    await call(page, 'POST', `/api/cases/${id}/documents`, {
      version: c.version,
      kind: 'prior_notice',
      input: {
        facts: '经营的液化气供应点未设置明显的安全警示标志',
        evidence: '询问笔录、现场照片',
        penaltyKinds: ['fine'],
        fineAmount: 3000,
        legalBasis: '《中华人民共和国安全生产法》第三十五条、第九十九条第（一）项',
        hearingRight: 'yes',
      },
    });
    await page.reload();
    await act(page, 'notify', async (m) => setDate(page, m, '告知日期', today));
    await expect.poll(() => stateOf(page)).toBe('已事先告知');
    await e.shot(page, 'penalty-notified');
    // The party waives 陈述申辩 and 听证 in writing, so the decision need not wait the 5 working days.
    await act(page, 'waive_rights', async (m) => setDate(page, m, '放弃日期', today));

    // 法制审核 by the qualified reviewer, picked from the register.
    c = await call(page, 'GET', `/api/cases/${id}`);
    await call(page, 'POST', `/api/cases/${id}/documents`, {
      version: c.version,
      kind: 'legal_review_opinion',
      input: { result: 'passed', opinion: '事实清楚，证据确凿，程序合法，适用依据正确' },
    });
    await page.reload();
    await act(page, 'legal_review', async (m) => {
      await pickOne(page, m, '审核人员', '丙审核员');
      await setDate(page, m, '审核日期', today);
    });

    // The 决定书 drafted by the team (API), the decision taken by the leader in the UI.
    c = await call(page, 'GET', `/api/cases/${id}`);
    await call(page, 'POST', `/api/cases/${id}/documents`, {
      version: c.version,
      kind: 'decision',
      input: {
        performance: '自收到本决定书之日起十五日内缴纳罚款',
        reconsiderationBody: '示范县人民政府',
        court: '示范县人民法院',
      },
    });
    await leader.reload();
    await act(leader, 'decide', async (m) => {
      await setDate(page, m, '决定日期', today);
      await m.getByLabel('具有一定社会影响（应当公开）', { exact: true }).check();
    });
    await expect.poll(() => stateOf(leader)).toBe('已作出决定');
    await e.shot(leader, 'penalty-decided');

    // 送达 by two officers, in the UI.
    await page.reload();
    await issueDocument(page, 'service_receipt');
    await act(page, 'serve', async (m) => {
      await setDate(page, m, '送达日期', today);
      await pickOne(page, m, '送达方式', '直接送达');
      await pickOfficers(page, m, '执法人员', ['甲执法员', '乙执法员']);
    });
    await expect.poll(() => stateOf(page)).toBe('已送达，待履行');
    await act(page, 'publish', async (m) => setDate(page, m, '公示日期', today));
    await e.shot(page, 'penalty-served-published');
    c = await call(page, 'GET', `/api/cases/${id}`);
    expect(c.fields.publishedOn).toBe(today);

    // The public page, without a session: the decision with the party masked.
    const anon = await e.newPage({ width: 1366, height: 800 });
    await anon.goto(`/gongshi/${TOWN_CODE}`);
    await anon.getByText('示范县湾头桥镇人民政府').first().waitFor();
    expect(c.fields.decisionNo).toMatch(/罚决〔\d{4}〕\d+号$/);
    await anon.getByRole('tab', { name: /处罚决定公示|处罚公示/ }).click();
    await expect.poll(() => anon.getByText(c.fields.decisionNo).count()).toBeGreaterThan(0);
    const text = (await anon.locator('body').textContent()) ?? '';
    expect(text).toContain('张*');
    expect(text).not.toContain(PARTY);
    expect(text).not.toContain(ID_NUMBER);
    await e.shot(anon, 'penalty-gongshi-1366');
    expect(await anon.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await anon.context().close();
  }, 240_000);
});
