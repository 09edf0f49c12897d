/**
 * Issue 13: the 审计管理员 reads the log in words — 「案件 <编号>（<类型>）」 and 「受理：已登记 →
 * 已受理」 in the case type's own labels — in the listing and in the .xlsx export, while the
 * stored record (what the hash chain covers) keeps its ids and codes.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintModule } from './fixtures/complaint.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let c: { id: string; number: string };
let docNumber: string | null;

interface Entry {
  action: string;
  target: string | null;
  targetLabel: string | null;
  details: unknown;
  detailsText: string | null;
}

beforeAll(async () => {
  h = await harness({}, { modules: [complaintModule], demo: true });
  for (const u of ['tiaojie', 'auditor']) s[u] = await login(h.app, u, 'Demo@2026');
  const village = await h.db.database.db
    .selectFrom('org_units')
    .select('id')
    .where('name', '=', '湾头村村民委员会')
    .executeTakeFirstOrThrow();
  const created = await as(h.app, s.tiaojie!)('POST', '/api/cases', {
    type: 'complaint',
    title: '夜间施工噪声投诉',
    unitId: String(village.id),
    fields: { receivedOn: '2026-03-02', category: 'noise', summary: '夜间风机噪声影响休息' },
    parties: [{ role: 'complainant', name: '张三丰' }],
  });
  expect(created.statusCode, created.body).toBe(200);
  c = { id: String(created.json().id), number: String(created.json().number) };
  const issued = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
    version: created.json().version,
    kind: 'acceptance_notice',
  });
  expect(issued.statusCode, issued.body).toBe(200);
  docNumber = issued.json().documents[0].number;
  const accepted = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, {
    version: issued.json().version,
  });
  expect(accepted.statusCode, accepted.body).toBe(200);
});
afterAll(() => h.close());

async function entries(): Promise<Entry[]> {
  const res = await as(h.app, s.auditor!)('GET', '/api/audit?limit=200');
  expect(res.statusCode).toBe(200);
  return res.json().items;
}

describe('the audit log in words', () => {
  it('names the case by its number and type, and the action by its labels', async () => {
    const list = await entries();
    const action = list.find((e) => e.action === 'case.action' && e.target === `case:${c.id}`);
    expect(action?.targetLabel).toBe(`案件 ${c.number}（测试投诉）`);
    expect(action?.detailsText).toMatch(/^受理：已登记 → 已受理/);
    // The record itself is untouched: codes, as hashed.
    expect(action?.details).toMatchObject({ action: 'accept', from: 'registered', to: 'accepted' });
    const create = list.find((e) => e.action === 'case.create' && e.target === `case:${c.id}`);
    expect(create?.detailsText).toContain('类型：测试投诉');
    expect(create?.detailsText).not.toContain('complaint');
  });

  it('names a document by its number and its case, with its kind in words', async () => {
    const doc = (await entries()).find((e) => e.action === 'case.document');
    expect(doc?.targetLabel).toBe(docNumber ? `文书 ${docNumber}` : '文书《受理告知书》');
    expect(doc?.detailsText).toContain(`案件：${c.number}`);
    expect(doc?.detailsText).toContain('种类：受理告知书');
  });

  it('names users by name and account, not by id', async () => {
    const out = await as(h.app, s.tiaojie!)('POST', '/api/auth/logout');
    expect(out.statusCode).toBeLessThan(300);
    const logout = (await entries()).find((e) => e.action === 'auth.logout');
    expect(logout?.target).toMatch(/^user:\d+$/);
    expect(logout?.targetLabel).toMatch(/^用户 \S+（tiaojie）$/);
  });

  it('exports the same words to .xlsx, with the stored record in its own column', async () => {
    const res = await as(h.app, s.auditor!)('GET', '/api/audit/export');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const rows = ws.getSheetValues().slice(2) as unknown[][];
    const row = rows.find(
      (r) => String(r[col('对象')]) === `案件 ${c.number}（测试投诉）` && String(r[col('详情')]).startsWith('受理'),
    );
    expect(row).toBeDefined();
    expect(String(row![col('记录原文')])).toContain(`case:${c.id}`);
  });
});
