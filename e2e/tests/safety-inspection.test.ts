/**
 * 现场检查 on a phone (issue 15; 安全生产法 art 68) at 375×812 in a real Chromium: the 安监办
 * records an inspection of a unit with two certified officers, a checklist item found wanting,
 * a photo with EXIF (time and GPS) taken for one hazard; the record opens with the photo and the
 * hazard's case number, its .docx downloads, and the hazard case exists with the photo attached.
 *
 * Then, still at 375 px, on the hazard case's page: the 责令限期整改指令书 issued and served with a
 * deadline five working days ahead on the town's calendar (`order`), the unit's application for
 * the re-inspection (`apply_reinspection`), the 整改复查意见书 stating 合格 and `reinspect_pass` by
 * the two officers: the case ends 已销号, both documents download and say so, and nothing is
 * wider than the phone at any step.
 *
 * The e2e server seeds no safety units, checklists or officers: the 执法队 registers two officers
 * with 安全生产 certificates and the 安监办 a unit and a checklist, through the API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, issueDocument, pick, setDate, shanghaiDay, signIn, stateOf } from '../src/case-ui.ts';
import { ARTIFACTS, type E2E, startE2E } from '../src/harness.ts';

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(() => e?.close());

const PHOTO = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/photo-exif.jpg');

async function call(page: Page, method: 'GET' | 'POST', url: string, data?: unknown) {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'fazhi_csrf')?.value ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'X-CSRF-Token': csrf } });
  if (!res.ok()) throw new Error(`${method} ${url}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** 2026-12-15 → 2026年12月15日, as the documents write dates. */
const chineseDate = (d: string) =>
  d.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_, y, m, dd) => `${y}年${Number(m)}月${Number(dd)}日`);

/** How far the page is wider than the phone's screen (0: nothing to scroll sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/**
 * antd Select (multiple) by its label's text, as penalty.test.ts picks officers: an option
 * clicked while the list animates in is lost, and clicking an open multiple Select closes it,
 * so look at the field and pick again.
 */
async function pickIn(page: Page, scope: Locator, label: string, texts: string[]) {
  const item = scope.locator('.ant-form-item').filter({ hasText: label }).first();
  for (const text of texts) {
    for (let attempt = 1; !((await item.textContent()) ?? '').includes(text); attempt++) {
      if (attempt > 4) throw new Error(`could not pick ${text} in ${label}`);
      const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
      if (!(await option.isVisible())) await item.locator('.ant-select').click();
      await option.click();
      await page.waitForTimeout(300);
    }
  }
  // Close a list left open; with none open, Escape would close the modal.
  if (await page.locator('.ant-select-dropdown:visible').count()) await item.locator('label').first().click();
}

const loaded = (img: HTMLImageElement | SVGElement) =>
  img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0;

/** Waits until the toasts (已出具…) have gone, so a screenshot shows the page under them. */
const noToasts = (page: Page) => expect.poll(() => page.locator('.ant-message-notice').count()).toBe(0);

/** A document of the case downloaded in the browser, as the 安监办 prints it: its text. */
async function downloadText(page: Page, kind: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`doc-download-${kind}`).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  // Kept beside the screenshots, to be opened and looked at.
  const file = path.join(ARTIFACTS, `safety-${kind}.docx`);
  await download.saveAs(file);
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<w:p[ >][\s\S]*?<\/w:p>/g, (p) => `${p.replace(/<[^>]+>/g, '')}\n`).replace(/<[^>]+>/g, '');
}

/** The hazard the first journey registers; the second takes it to 销号. */
let hazardId = '';

describe('an inspection recorded on a phone', () => {
  it('with a checklist, two officers, a hazard and its photo; the record and the hazard case exist', async () => {
    // Two officers certified for 安全生产 (the 执法队 keeps the register).
    const zhifa = await e.newPage();
    await signIn(zhifa, 'zhifa');
    for (const [name, certNo] of [
      ['安监员甲', 'E2E-AJ-001'],
      ['安监员乙', 'E2E-AJ-002'],
    ]) {
      await call(zhifa, 'POST', '/api/enforcement/officers', {
        name,
        certNo,
        certIssuer: '示范县人民政府',
        fields: ['safety'],
        validUntil: shanghaiDay(900),
      });
    }
    await zhifa.close();

    const page = await e.newPage({ width: 375, height: 812 });
    await signIn(page, 'anjian');
    // A unit of the register (helper 1's contract: SafetyUnitCreateBody in domain/api/safety-units.ts).
    const options = await call(page, 'GET', '/api/safety/inspection-options');
    if (!options.units.some((u: { name: string }) => u.name === '湾头五金厂')) {
      await call(page, 'POST', '/api/safety/units', {
        name: '湾头五金厂',
        creditCode: '91350100M000100Y43',
        address: '湾头村工业路8号',
        industry: 'industry_trade',
        size: 'small',
        riskClass: 'key',
        principalName: '张厂长',
      });
    }

    // A checklist of the town (helper 2's contract: ChecklistCreateBody in domain/api/safety-plans.ts).
    await call(page, 'POST', '/api/safety/checklists', {
      industry: 'industry_trade',
      title: '工贸企业消防安全检查表（E2E）',
      items: [
        { code: 'XF-1', text: '灭火器配置齐全并在有效期内', basis: '《中华人民共和国消防法》第十六条' },
        { code: 'XF-2', text: '安全出口、疏散通道畅通', basis: '《中华人民共和国安全生产法》第四十二条' },
      ],
    });

    await page.goto('/safety/inspections/new');
    await page.getByLabel('被检查单位').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '湾头五金厂' }).click();
    await expect.poll(() => page.getByLabel('检查场所').inputValue()).toBe('湾头村工业路8号');
    // The checklist ticked item by item: the first found wanting.
    await page.getByLabel('检查表').click();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '工贸企业消防安全检查表（E2E）' })
      .click();
    const first = page.locator('.safety-item').first();
    await first.getByText('存在问题', { exact: true }).click();
    await first.getByPlaceholder('问题说明').fill('两具灭火器超过有效期');
    await page.getByLabel('检查情况').fill('车间东侧灭火器两具已过期。');
    await page.getByLabel('处理情况').fill('责令限期更换。');
    await page.getByLabel('检查人员').click();
    for (const name of ['安监员甲', '安监员乙']) {
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).click();
    }
    await page.keyboard.press('Escape');
    // The draft is on the phone as it is typed.
    await expect.poll(() => page.getByTestId('draft-saved').isVisible()).toBe(true);
    await page.getByRole('button', { name: '添加隐患' }).click();
    await page.getByLabel('隐患 1 描述').fill('灭火器过期');
    await page.getByLabel('隐患 1 部位').fill('生产车间东侧');
    await page.getByTestId('photos-hazard-0').setInputFiles(PHOTO);
    await expect.poll(() => page.locator('img[alt="photo-exif.jpg"]').count()).toBe(1);
    // Nothing wider than the phone.
    expect(await overflow(page)).toBe(0);
    await e.shot(page, 'safety-inspection-form-375');

    await page.getByRole('button', { name: '提交检查记录' }).click();
    await page.waitForURL(/\/safety\/inspections\/\d+$/);
    const id = page.url().split('/').pop()!;
    const d = await call(page, 'GET', `/api/safety/inspections/${id}`);
    expect(d).toMatchObject({ unitName: '湾头五金厂', officerNames: ['安监员甲', '安监员乙'], hazards: 1 });
    expect(d.results).toEqual([
      expect.objectContaining({ code: 'XF-1', result: 'problem', note: '两具灭火器超过有效期' }),
      expect.objectContaining({ code: 'XF-2', result: 'ok' }),
    ]);
    expect(d.photos).toHaveLength(1);
    // The EXIF was read in the browser before compression and sent with the upload.
    expect(d.photos[0].latitude).toBeCloseTo(30.51, 2);
    expect(d.photos[0].takenAt).toBeTruthy();
    expect(d.hazardCases).toHaveLength(1);
    await expect.poll(() => page.getByText(d.hazardCases[0].number).isVisible()).toBe(true);
    // The photo as the server keeps it, loaded (not a broken image) before the picture is taken.
    await expect.poll(() => page.locator('img[alt="photo-exif.jpg"]').evaluate(loaded)).toBe(true);
    await e.shot(page, 'safety-inspection-detail-375');

    const c = await call(page, 'GET', `/api/cases/${d.hazardCases[0].id}`);
    expect(c).toMatchObject({ type: 'hazard' });
    expect(c.fields).toMatchObject({ inspectionId: Number(id), source: 'inspection', description: '灭火器过期' });
    expect(c.attachments).toHaveLength(1);

    const doc = await page.request.get(`/api/safety/inspections/${id}/record.docx`);
    expect(doc.status()).toBe(200);
    expect((await doc.body()).subarray(0, 2).toString()).toBe('PK');
    hazardId = String(d.hazardCases[0].id);
  });

  it('the order is issued and served, the unit applies, the re-inspection passes and closes the hazard', async () => {
    expect(hazardId, 'the inspection above registered the hazard').toBeTruthy();
    const today = shanghaiDay();
    const page = await e.newPage({ width: 375, height: 812 });
    await signIn(page, 'anjian');
    // The deadline must be a working day after today (hazard.ts `order`): five working days on
    // the town's calendar (holidays, 调休 and local adjustments), as the server counts them.
    const period = await call(page, 'GET', `/api/calendar/deadline?from=${today}&length=5&unit=wd`);
    expect(period.dueInfo.workday).toBe(true);
    const deadline: string = period.due;
    expect(deadline > today).toBe(true);

    await page.goto(`/cases/${hazardId}`);
    await page.getByTestId('case-detail').waitFor();
    await expect.poll(() => stateOf(page)).toBe('已登记');
    expect(await overflow(page)).toBe(0);
    await e.shot(page, 'safety-hazard-found-375');

    // 责令限期整改指令书: its deadline and measure feed `order` (prefilled), served today.
    await issueDocument(page, 'rectify_order', async (form) => {
      await setDate(page, form, '整改期限', deadline);
      await form.getByLabel('整改措施', { exact: true }).fill('更换过期灭火器，并建立消防器材定期检查台账');
    });
    await act(page, 'order', async (m) => {
      await expect.poll(() => m.getByLabel('整改期限', { exact: true }).inputValue()).toBe(deadline);
      await expect.poll(() => m.getByLabel('整改措施', { exact: true }).inputValue()).toContain('更换过期灭火器');
      await setDate(page, m, '指令书送达日期', today);
    });
    await expect.poll(() => stateOf(page)).toBe('限期整改中');
    expect(await overflow(page)).toBe(0);
    await noToasts(page);
    await e.shot(page, 'safety-hazard-ordered-375');

    // The unit reports the rectification done and applies for the re-inspection today.
    await act(page, 'apply_reinspection', async (m) => setDate(page, m, '单位申请复查日期', today));
    await expect.poll(() => stateOf(page)).toBe('待复查');

    // 整改复查意见书 stating 合格, then 销号 by the two officers who re-inspected.
    await issueDocument(page, 'reinspection_opinion', async (form) => {
      await setDate(page, form, '复查日期', today);
      await pick(page, form, '复查结论', '合格');
      await form.getByLabel('复查意见', { exact: true }).fill('两具过期灭火器已更换，消防器材检查台账已建立');
    });
    await act(page, 'reinspect_pass', async (m) => {
      await expect.poll(() => m.getByLabel('复查日期', { exact: true }).inputValue()).toBe(today);
      await pickIn(page, m, '执法人员', ['安监员甲', '安监员乙']);
    });
    await expect.poll(() => stateOf(page)).toBe('已销号');
    expect(await overflow(page)).toBe(0);
    await noToasts(page);
    await e.shot(page, 'safety-hazard-closed-375');

    const c = await call(page, 'GET', `/api/cases/${hazardId}`);
    expect(c.state).toBe('closed');
    expect(c.fields).toMatchObject({
      rectifyDeadline: deadline,
      orderServedOn: today,
      appliedOn: today,
      reinspectedOn: today,
      reinspectPassed: true,
      closedOn: today,
      outcome: 'closed',
    });
    expect(c.fields.reinspectOfficerIds).toHaveLength(2);
    const live = c.documents.filter((x: { voidedAt: string | null }) => !x.voidedAt);
    const kinds = live.map((x: { kind: string }) => x.kind);
    expect(kinds).toEqual(expect.arrayContaining(['rectify_order', 'reinspection_opinion']));
    // The numbers the documents carry are recorded on the case.
    expect(c.fields.orderNo).toBe(live.find((x: { kind: string }) => x.kind === 'rectify_order').number);
    expect(c.fields.reinspectNo).toBe(live.find((x: { kind: string }) => x.kind === 'reinspection_opinion').number);
    // Both documents download from the page at 375 px (the 操作 column scrolls inside its card)
    // and say what the journey decided.
    const order = await downloadText(page, 'rectify_order');
    expect(order).toContain('责令限期整改指令书');
    expect(order).toContain(c.fields.orderNo);
    expect(order).toContain('湾头五金厂');
    expect(order).toContain(`于${chineseDate(deadline)}前整改完毕`);
    const opinion = await downloadText(page, 'reinspection_opinion');
    expect(opinion).toContain(c.fields.reinspectNo);
    expect(opinion).toContain(`你单位于${chineseDate(today)}提出复查申请`);
    expect(opinion).toContain('复查合格，予以销号');
    expect(await overflow(page)).toBe(0);
  });
});
