import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCampaignDemo } from '../src/modules/mediation/campaigns/demo.ts';
import { screeningFacts } from '../src/modules/mediation/campaigns/repository.ts';
import { mediationServicesOf } from '../src/modules/mediation/index.ts';
import { as, demoUnits, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { town: 0, village1: 0, village2: 0 };

// Valid 18-digit IDs (GB 11643 checksums).
const ID_A = '110101199003070011';
const ID_B = '110101199003070038';

beforeAll(async () => {
  h = await harness({}, { demo: true });
  const db = h.db.database.db;
  const { town } = await demoUnits(db);
  ids.town = town.id;
  for (const u of ['tiaojie', 'cun01', 'cun02', 'leader', 'county', 'sifasuo', 'auditor']) {
    s[u] = await login(h.app, u, 'Demo@2026');
  }
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
});
afterAll(() => h.close());

const call = (who: string) => as(h.app, s[who]!);

function campaignBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'regular',
    title: '2026年3月矛盾纠纷经常性排查',
    periodStart: '2026-03-01',
    periodEnd: '2026-03-31',
    dueOn: '2026-03-10',
    note: '各村（社区）于3月10日前上报',
    ...overrides,
  };
}

function entryBody(overrides: Record<string, unknown> = {}) {
  return {
    foundOn: '2026-03-02',
    disputeType: 'neighbor',
    summary: '两户因排水沟堵塞发生争执，曾发生推搡',
    requests: '疏通排水沟，赔偿损失',
    peopleCount: 2,
    amount: 3000,
    riskHint: 'violence',
    parties: [
      { role: 'applicant', name: '张三丰', idNumber: ID_A, phone: '13812345678' },
      { role: 'respondent', name: '李四', idNumber: ID_B },
    ],
    ...overrides,
  };
}

async function newCampaign(overrides: Record<string, unknown> = {}) {
  const res = await call('tiaojie')('POST', '/api/campaigns', campaignBody(overrides));
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

function returnOf(detail: { returns: { unitId: string; id: string; state: string }[] }, unitId: number) {
  return detail.returns.find((r) => r.unitId === String(unitId))!;
}

async function entryCount(campaignId: string) {
  const r = await h.db.database.db
    .selectFrom('campaign_entries')
    .select(sql<number>`count(*)`.as('n'))
    .where('campaign_id', '=', Number(campaignId))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('a campaign', () => {
  it('is deployed by the centre with one pending return per village and community', async () => {
    const c = await newCampaign();
    expect(c).toMatchObject({ kind: 'regular', kindLabel: '经常性排查', status: 'open', townName: '湾头桥镇' });
    expect(c.returns).toHaveLength(10);
    expect(c.returns.every((r: { state: string }) => r.state === 'pending')).toBe(true);
    expect(c.returns.map((r: { unitName: string }) => r.unitName)).toContain('东港社区居民委员会');
    expect(c.counts).toMatchObject({ returnsTotal: 10, returnsReturned: 0, found: 0 });
    expect(c.canManage).toBe(true);
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'campaign.create')
      .executeTakeFirst();
    expect(audit?.target).toBe(`campaign:${c.id}`);
  });

  it('may be deployed by 司法所 and 镇领导, not by a village officer nor the county', async () => {
    expect((await call('sifasuo')('POST', '/api/campaigns', campaignBody({ title: '司法所部署' }))).statusCode).toBe(
      200,
    );
    expect((await call('leader')('POST', '/api/campaigns', campaignBody({ title: '领导部署' }))).statusCode).toBe(200);
    const village = await call('cun01')('POST', '/api/campaigns', campaignBody());
    expect(village.statusCode).toBe(403);
    expect(village.json().error.code).toBe('FORBIDDEN');
    expect((await call('county')('POST', '/api/campaigns', campaignBody())).statusCode).toBe(403);
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const res = await call('tiaojie')(
      'POST',
      '/api/campaigns',
      campaignBody({ periodEnd: '2026-02-01', dueOn: '2026-02-01' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('排查结束日期不得早于开始日期');
  });

  it('shows a village officer their own village’s return only, and 404 for another village’s', async () => {
    const c = await newCampaign({ title: '范围测试' });
    const list = (await call('cun01')('GET', '/api/campaigns')).json();
    const mine = list.items.find((i: { id: string }) => i.id === c.id);
    expect(mine.counts.returnsTotal).toBe(1);
    expect(list.canCreate).toBe(false);
    const detail = (await call('cun01')('GET', `/api/campaigns/${c.id}`)).json();
    expect(detail.returns.map((r: { unitName: string }) => r.unitName)).toEqual(['湾头村村民委员会']);
    expect(detail.returns[0].canWrite).toBe(true);
    expect(detail.canManage).toBe(false);

    const other = returnOf(c, ids.village2);
    expect((await call('cun01')('GET', `/api/campaign-returns/${other.id}`)).statusCode).toBe(404);
    const write = await call('cun01')('POST', `/api/campaign-returns/${other.id}/entries`, entryBody());
    expect(write.statusCode).toBe(404);
    const nil = await call('cun01')('POST', `/api/campaign-returns/${other.id}/submit`, { nil: true, version: 1 });
    expect(nil.statusCode).toBe(404);
    expect((await call('cun01')('GET', `/api/campaign-returns/${other.id}/template.xlsx`)).statusCode).toBe(404);

    // 桥东村's entry is invisible to 湾头村 in the campaign's entry list too.
    await call('cun02')('POST', `/api/campaign-returns/${other.id}/entries`, entryBody());
    const entries = (await call('cun01')('GET', `/api/campaigns/${c.id}/entries`)).json();
    expect(entries.items).toEqual([]);
    const all = (await call('tiaojie')('GET', `/api/campaigns/${c.id}/entries`)).json();
    expect(all.items).toHaveLength(1);

    // 县级督查 reads every return, writes none.
    const county = (await call('county')('GET', `/api/campaigns/${c.id}`)).json();
    expect(county.returns).toHaveLength(10);
    expect(county.canManage).toBe(false);
    expect(county.returns.every((r: { canWrite: boolean }) => !r.canWrite)).toBe(true);
    const countyWrite = await call('county')('POST', `/api/campaign-returns/${other.id}/entries`, entryBody());
    expect(countyWrite.statusCode).toBe(403);
  });
});

describe('a village return', () => {
  it('records a dispute with ID numbers encrypted and masked, and checks the dates and numbers', async () => {
    const c = await newCampaign({ title: '登记测试' });
    const ret = returnOf(c, ids.village1);
    const res = await call('cun01')('POST', `/api/campaign-returns/${ret.id}/entries`, entryBody());
    expect(res.statusCode, res.body).toBe(200);
    const e = res.json();
    expect(e).toMatchObject({
      status: 'new',
      statusLabel: '待处理',
      disputeTypeLabel: '邻里',
      riskHintLabel: '有暴力或违法犯罪倾向',
      partyNames: '张三丰、李四',
      unitName: '湾头村村民委员会',
      amount: 3000,
    });
    expect(e.parties[0]).toMatchObject({ idMasked: '110101********0011', phoneMasked: '138****5678' });
    expect(JSON.stringify(e)).not.toContain(ID_A);
    const stored = await h.db.database.db
      .selectFrom('campaign_entries')
      .select(sql<string>`parties::text`.as('p'))
      .where('id', '=', Number(e.id))
      .executeTakeFirstOrThrow();
    expect(stored.p).not.toContain(ID_A);
    expect(stored.p).not.toContain('13812345678');
    expect(stored.p).toContain('v1.');

    const bad = await call('cun01')(
      'POST',
      `/api/campaign-returns/${ret.id}/entries`,
      entryBody({
        foundOn: '2026-02-20',
        parties: [
          { role: 'applicant', name: '王五', idNumber: '110101199003070012' },
          { role: 'respondent', name: '赵六', phone: '12345' },
        ],
      }),
    );
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['foundOn', 'parties.0.idNumber', 'parties.1.phone']));
    expect(bad.json().error.message).toContain('发现日期不得早于排查开始日期');

    const oneSide = await call('cun01')(
      'POST',
      `/api/campaign-returns/${ret.id}/entries`,
      entryBody({ parties: [{ role: 'applicant', name: '王五' }] }),
    );
    expect(oneSide.statusCode).toBe(400);
    expect(oneSide.json().error.message).toContain('请至少填写一位另一方当事人');
  });

  it('keeps a stored ID number when an edit leaves it out, and refuses a stale version', async () => {
    const c = await newCampaign({ title: '修改测试' });
    const ret = returnOf(c, ids.village1);
    const e = (await call('cun01')('POST', `/api/campaign-returns/${ret.id}/entries`, entryBody())).json();
    const edit = {
      ...entryBody({ summary: '排水沟纠纷（已核实）' }),
      parties: [
        { ref: e.parties[0].ref, role: 'applicant', name: '张三丰' },
        { ref: e.parties[1].ref, role: 'respondent', name: '李四', idNumber: '' },
      ],
      version: e.version,
    };
    const res = await call('cun01')('PATCH', `/api/campaign-entries/${e.id}`, edit);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().summary).toBe('排水沟纠纷（已核实）');
    expect(res.json().parties[0]).toMatchObject({ idMasked: '110101********0011', phoneMasked: '138****5678' });
    expect(res.json().parties[1].idMasked).toBeNull();
    const stale = await call('cun01')('PATCH', `/api/campaign-entries/${e.id}`, edit);
    expect(stale.statusCode).toBe(409);
    const del = await call('cun01')('DELETE', `/api/campaign-entries/${e.id}?version=${res.json().version}`);
    expect(del.statusCode).toBe(204);
    expect(await entryCount(c.id)).toBe(0);
  });

  it('accepts a nil return (本村未发现矛盾纠纷) only when nothing was entered', async () => {
    const c = await newCampaign({ title: '零报告测试' });
    const ret = returnOf(c, ids.village2);
    const nil = await call('cun02')('POST', `/api/campaign-returns/${ret.id}/submit`, { nil: true, version: 1 });
    expect(nil.statusCode, nil.body).toBe(200);
    expect(nil.json().return).toMatchObject({
      status: 'returned',
      state: 'returned',
      stateLabel: '已上报',
      nilReturn: true,
      note: '本村未发现矛盾纠纷',
      returnedByName: '郑秀兰',
    });
    // Submitted: closed to entries until withdrawn.
    const late = await call('cun02')('POST', `/api/campaign-returns/${ret.id}/entries`, entryBody());
    expect(late.statusCode).toBe(409);
    const reopened = await call('cun02')('POST', `/api/campaign-returns/${ret.id}/reopen`, { version: 2 });
    expect(reopened.json().return).toMatchObject({ status: 'pending', nilReturn: false });
    await call('cun02')('POST', `/api/campaign-returns/${ret.id}/entries`, entryBody());
    const nilAgain = await call('cun02')('POST', `/api/campaign-returns/${ret.id}/submit`, { nil: true, version: 3 });
    expect(nilAgain.statusCode).toBe(409);
    expect(nilAgain.json().error.message).toContain('不能作零报告');
    const submit = await call('cun02')('POST', `/api/campaign-returns/${ret.id}/submit`, { nil: false, version: 3 });
    expect(submit.json().return).toMatchObject({ status: 'returned', nilReturn: false, entries: 1 });

    const empty = returnOf(c, ids.village1);
    const nothing = await call('cun01')('POST', `/api/campaign-returns/${empty.id}/submit`, {
      nil: false,
      version: 1,
    });
    expect(nothing.statusCode).toBe(409);
    expect(nothing.json().error.message).toContain('请作零报告');
  });

  it('shows the centre which villages have not returned, and which are overdue after the due date', async () => {
    // Sessions follow the test clock, so the clock stays put and the due date lies behind it.
    const c = await newCampaign({
      title: '逾期测试',
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
      dueOn: '2026-03-01',
    });
    const ret = returnOf(c, ids.village2);
    expect(c.counts.returnsOverdue).toBe(10);
    expect(returnOf(c, ids.village1)).toMatchObject({ state: 'overdue', stateLabel: '逾期' });
    await call('cun02')('POST', `/api/campaign-returns/${ret.id}/submit`, { nil: true, version: 1 });
    const d = (await call('tiaojie')('GET', `/api/campaigns/${c.id}`)).json();
    expect(d.counts).toMatchObject({ returnsTotal: 10, returnsReturned: 1, returnsOverdue: 9, nilReturns: 1 });
    expect(returnOf(d, ids.village2)).toMatchObject({ state: 'returned', late: true });
    const onTime = await newCampaign({ title: '按期测试' });
    expect(onTime.counts.returnsOverdue).toBe(0);
    expect(returnOf(onTime, ids.village1).state).toBe('pending');
  });

  it('is closed to writes once the campaign is closed, which only the centre may do', async () => {
    const c = await newCampaign({ title: '结束测试' });
    expect((await call('cun01')('POST', `/api/campaigns/${c.id}/close`, { version: 1 })).statusCode).toBe(403);
    expect((await call('county')('POST', `/api/campaigns/${c.id}/close`, { version: 1 })).statusCode).toBe(403);
    const closed = await call('tiaojie')('POST', `/api/campaigns/${c.id}/close`, { version: 1 });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', statusLabel: '已结束', closedByName: '陈静' });
    expect((await call('tiaojie')('POST', `/api/campaigns/${c.id}/close`, { version: 2 })).statusCode).toBe(409);
    const ret = returnOf(c, ids.village1);
    const write = await call('cun01')('POST', `/api/campaign-returns/${ret.id}/entries`, entryBody());
    expect(write.statusCode).toBe(409);
    expect(write.json().error.message).toContain('该排查已结束');
  });
});

// ------------------------------------------------------------------ Excel

function multipart(name: string, data: Buffer) {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(who: string, url: string, data: Buffer) {
  const m = multipart('排查登记表.xlsx', data);
  return h.app.inject({
    method: 'POST',
    url,
    payload: m.payload,
    headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, 'content-type': m.contentType },
  });
}

/** The template from the server, filled with the given rows (by header, so column order is the template's). */
async function filledTemplate(returnId: string, rows: Record<string, unknown>[]): Promise<Buffer> {
  const res = await call('cun01')('GET', `/api/campaign-returns/${returnId}/template.xlsx`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const cols = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => cols.set(String(cell.value).replace(/\*$/, ''), col));
  rows.forEach((r, i) => {
    for (const [k, v] of Object.entries(r)) ws.getCell(i + 2, cols.get(k)!).value = v as ExcelJS.CellValue;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const GOOD_ROW = {
  发现日期: '2026-03-02',
  纠纷类型: '土地/宅基地',
  一方当事人姓名: '钱七',
  一方当事人证件号码: ID_A,
  另一方当事人姓名: '孙八、周九',
  涉及人数: 3,
  纠纷简要情况: '宅基地界址争议',
  当事人诉求: '确认界址',
  风险提示: '有激化可能',
};

describe('the Excel return', () => {
  it('saves nothing when one row is bad, names the cell, and returns the error workbook', async () => {
    const c = await newCampaign({ title: 'Excel测试' });
    const ret = returnOf(c, ids.village1);
    const bad = { ...GOOD_ROW, 一方当事人姓名: '吴十', 一方当事人证件号码: '110101199003070012', 涉及人数: '三人' };
    const file = await filledTemplate(ret.id, [GOOD_ROW, bad, { ...GOOD_ROW, 纠纷类型: '打架' }]);
    const res = await upload('cun01', `/api/campaign-returns/${ret.id}/import`, file);
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body).toMatchObject({ imported: 0, failed: 2 });
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: '涉及人数', message: '应为数字' }),
        expect.objectContaining({ row: 4, column: '纠纷类型' }),
      ]),
    );
    expect(await entryCount(c.id)).toBe(0);

    // The same row with a good count but a bad ID number: the checksum is named on its column.
    const badId = { ...bad, 涉及人数: 1 };
    const again = await upload(
      'cun01',
      `/api/campaign-returns/${ret.id}/import`,
      await filledTemplate(ret.id, [GOOD_ROW, badId]),
    );
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ row: 3, column: '一方当事人证件号码' });
    expect(await entryCount(c.id)).toBe(0);

    const report = await upload('cun01', `/api/campaign-returns/${ret.id}/import?report=xlsx`, file);
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const header = ws.getRow(1).values as unknown[];
    expect(header).toContain('错误说明');
    expect(ws.rowCount).toBe(3);
    expect(String(ws.getRow(2).getCell(header.indexOf('错误说明')).value)).toContain('涉及人数：应为数字');
    expect(await entryCount(c.id)).toBe(0);
  });

  it('saves the good rows with partial=1, splitting several names into several parties', async () => {
    const c = await newCampaign({ title: 'Excel部分导入' });
    const ret = returnOf(c, ids.village1);
    const file = await filledTemplate(ret.id, [GOOD_ROW, { ...GOOD_ROW, 发现日期: '2026-13-01' }]);
    const res = await upload('cun01', `/api/campaign-returns/${ret.id}/import?partial=1`, file);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ imported: 1, failed: 1 });
    const d = (await call('cun01')('GET', `/api/campaign-returns/${ret.id}`)).json();
    expect(d.entries).toHaveLength(1);
    expect(d.entries[0]).toMatchObject({
      disputeType: 'land',
      partyNames: '钱七、孙八、周九',
      riskHint: 'escalation',
      peopleCount: 3,
    });
    expect(d.entries[0].parties.map((p: { role: string }) => p.role)).toEqual([
      'applicant',
      'respondent',
      'respondent',
    ]);
  });

  it('is refused for another village’s return before the file is read', async () => {
    const c = await newCampaign({ title: 'Excel越权' });
    const other = returnOf(c, ids.village2);
    const res = await upload('cun01', `/api/campaign-returns/${other.id}/import`, Buffer.from('not a workbook'));
    expect(res.statusCode).toBe(404);
  });
});

// ------------------------------------------------------------------ conversion

describe('turning entries into mediation cases', () => {
  it('creates a mediation case from one entry with its data, and links them', async () => {
    const c = await newCampaign({ title: '转案测试' });
    const ret = returnOf(c, ids.village1);
    const e = (await call('cun01')('POST', `/api/campaign-returns/${ret.id}/entries`, entryBody())).json();
    await call('cun01')('POST', `/api/campaign-returns/${ret.id}/submit`, { nil: false, version: 1 });

    expect((await call('cun01')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: [e.id] })).statusCode).toBe(403);
    const res = await call('tiaojie')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: [e.id] });
    expect(res.statusCode, res.body).toBe(200);
    const [done] = res.json().converted;
    expect(done.entryId).toBe(e.id);
    expect(done.caseNumber).toMatch(/^湾调〔2026〕\d+号$/);

    const k = (await call('tiaojie')('GET', `/api/cases/${done.caseId}`)).json();
    expect(k).toMatchObject({ type: 'mediation', state: 'registered', unitName: '湾头村村民委员会' });
    expect(k.title).toBe('张三丰与李四邻里纠纷');
    expect(k.fields).toMatchObject({
      channel: 'screening',
      disputeType: 'neighbor',
      receivedOn: '2026-03-02',
      peopleCount: 2,
      amount: 3000,
      violenceRisk: true,
      summary: '两户因排水沟堵塞发生争执，曾发生推搡',
      requests: '疏通排水沟，赔偿损失',
    });
    expect(k.parties.map((p: { role: string; name: string }) => `${p.role}:${p.name}`)).toEqual([
      'applicant:张三丰',
      'respondent:李四',
    ]);
    expect(k.parties[0].idMasked).toBe('110101********0011');
    expect(k.events[0].note).toContain('转案测试');

    const after = (await call('tiaojie')('GET', `/api/campaigns/${c.id}/entries`)).json().items[0];
    expect(after).toMatchObject({ status: 'converted', caseId: done.caseId, caseNumber: done.caseNumber });
    // The village sees where its report went.
    const village = (await call('cun01')('GET', `/api/campaign-returns/${ret.id}`)).json();
    expect(village.entries[0].caseNumber).toBe(done.caseNumber);

    const twice = await call('tiaojie')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: [e.id] });
    expect(twice.statusCode).toBe(409);
    const edit = await call('cun01')('PATCH', `/api/campaign-entries/${e.id}`, {
      ...entryBody(),
      version: after.version,
    });
    expect(edit.statusCode).toBe(409);
  });

  it('converts many in one request, all or none', async () => {
    const c = await newCampaign({ title: '批量转案' });
    const r1 = returnOf(c, ids.village1);
    const r2 = returnOf(c, ids.village2);
    const a = (await call('cun01')('POST', `/api/campaign-returns/${r1.id}/entries`, entryBody())).json();
    const b = (
      await call('cun02')(
        'POST',
        `/api/campaign-returns/${r2.id}/entries`,
        entryBody({
          disputeType: 'labor',
          riskHint: undefined,
          amount: undefined,
          parties: [
            { role: 'applicant', name: '工人甲' },
            { role: 'applicant', name: '工人乙' },
            { role: 'respondent', kind: 'org', name: '某某建筑公司' },
          ],
          peopleCount: 12,
        }),
      )
    ).json();
    const x = (await call('cun02')('POST', `/api/campaign-returns/${r2.id}/entries`, entryBody())).json();
    // One already dismissed in the batch: nothing is converted.
    const dismissed = await call('tiaojie')('POST', `/api/campaign-entries/${x.id}/dismiss`, {
      reason: '已由村调委会就地化解',
      version: x.version,
    });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', dismissReason: '已由村调委会就地化解' });
    const before = await h.db.database.db
      .selectFrom('cases')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const refused = await call('tiaojie')('POST', `/api/campaigns/${c.id}/convert`, {
      entryIds: [a.id, b.id, x.id],
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toContain('不予转案');
    const same = await h.db.database.db
      .selectFrom('cases')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(same.n)).toBe(Number(before.n));

    const ok = await call('sifasuo')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: [a.id, b.id] });
    expect(ok.statusCode, ok.body).toBe(200);
    const converted = ok.json().converted;
    expect(converted.map((r: { entryId: string }) => r.entryId)).toEqual([a.id, b.id]);
    const labor = (await call('tiaojie')('GET', `/api/cases/${converted[1].caseId}`)).json();
    expect(labor.title).toBe('工人甲、工人乙与某某建筑公司劳资纠纷');
    expect(labor.fields.peopleCount).toBe(12);
    expect(labor.fields.violenceRisk).toBeUndefined();
    expect(labor.parties.find((p: { name: string }) => p.name === '某某建筑公司').kind).toBe('org');

    // Counts of disputes found, per campaign and for the statistics.
    const list = (await call('tiaojie')('GET', '/api/campaigns')).json();
    const item = list.items.find((i: { id: string }) => i.id === c.id);
    expect(item.counts).toMatchObject({ found: 3, converted: 2, dismissed: 1 });
    const detail = (await call('tiaojie')('GET', `/api/campaigns/${c.id}`)).json();
    expect(detail.foundByType).toEqual([
      { disputeType: 'neighbor', label: '邻里', count: 2 },
      { disputeType: 'labor', label: '劳资/欠薪', count: 1 },
    ]);
    const village = (await call('cun01')('GET', '/api/campaigns')).json();
    expect(village.items.find((i: { id: string }) => i.id === c.id).counts).toMatchObject({ found: 1, converted: 1 });
    const facts = await screeningFacts(h.db.database.db, ids.town, '2026-03-01', '2026-03-31');
    expect(facts.found).toBeGreaterThanOrEqual(3);
    expect(facts.byType.find((t) => t.disputeType === 'labor')?.converted).toBe(1);
  });

  it('converts an entry once when two clerks click at the same moment', async () => {
    const c = await newCampaign({ title: '并发转案' });
    const r1 = returnOf(c, ids.village1);
    const e = (await call('cun01')('POST', `/api/campaign-returns/${r1.id}/entries`, entryBody())).json();
    const results = await Promise.all([
      call('tiaojie')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: [e.id] }),
      call('sifasuo')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: [e.id] }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    // One case carries this campaign's note: the loser of the race created nothing.
    const made = await h.db.database.db
      .selectFrom('case_events')
      .select(sql<number>`count(*)`.as('n'))
      .where('action', '=', 'create')
      .where('note', 'like', '%并发转案%')
      .executeTakeFirstOrThrow();
    expect(Number(made.n)).toBe(1);
    const entry = await h.db.database.db
      .selectFrom('campaign_entries')
      .select(['status', 'case_id'])
      .where('id', '=', Number(e.id))
      .executeTakeFirstOrThrow();
    expect(entry.status).toBe('converted');
    expect(entry.case_id).not.toBeNull();
  });

  it('is open to the roles that may register a mediation case only', async () => {
    const c = await newCampaign({ title: '领导转案' });
    const r1 = returnOf(c, ids.village1);
    const e = (await call('cun01')('POST', `/api/campaign-returns/${r1.id}/entries`, entryBody())).json();
    // 镇领导 runs campaigns but registers no mediation case (mediation.create.roles): the engine says so.
    const res = await call('leader')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: [e.id] });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('登记矛盾纠纷');
    const other = await call('tiaojie')('POST', `/api/campaigns/${c.id}/convert`, { entryIds: ['999999'] });
    expect(other.statusCode).toBe(404);
  });
});

describe('the API document', () => {
  it('describes the campaign routes', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/campaigns', '/api/campaign-returns/{id}/import']));
  });
});

describe('the demo campaigns', () => {
  it('two campaigns of 2023, every village returned, disputes found settled in the village and counted', async () => {
    const d = await harness({}, { demo: true });
    try {
      const db = d.db.database.db;
      const r = await seedCampaignDemo(d.app.services, mediationServicesOf(d.app.services).campaigns);
      expect(r).toEqual({ campaigns: 2, found: 4 });
      const s = await login(d.app, 'tiaojie', 'Demo@2026');
      const list = (await as(d.app, s)('GET', '/api/campaigns?year=2023')).json();
      expect(list.items.map((c: { kindLabel: string }) => c.kindLabel).sort()).toEqual(['经常性排查', '集中排查']);
      const villages = await db
        .selectFrom('org_units')
        .select('id')
        .where('kind', 'in', ['village', 'community'])
        .where('town_id', '=', Number(list.items[0].townId))
        .execute();
      for (const c of list.items) {
        expect(c.status).toBe('closed');
        // Every village returned on time: the ones with disputes entered them, the rest made a 零报告.
        expect(c.counts.returnsTotal).toBe(villages.length);
        expect(c.counts.returnsReturned).toBe(villages.length);
        expect(c.counts.returnsOverdue).toBe(0);
        expect(c.counts.nilReturns + new Set(await entryVillages(d, s, c.id)).size).toBe(villages.length);
        expect(c.counts.dismissed).toBe(c.counts.found);
      }
      expect(list.items.reduce((n: number, c: { counts: { found: number } }) => n + c.counts.found, 0)).toBe(4);
      // The figures the dashboard and the report read.
      const facts = (await as(d.app, s)('GET', '/api/facts?year=2023')).json();
      const all = facts.modules.flatMap((m: { facts: { key: string; value: number }[] }) => m.facts);
      const value = (k: string) => all.find((f: { key: string }) => f.key === k)?.value;
      expect(value('campaigns.count')).toBe(2);
      expect(value('campaigns.disputes_found')).toBe(4);
    } finally {
      await d.close();
    }
  });
});

async function entryVillages(d: Harness, s: Session, campaignId: string): Promise<string[]> {
  const r = (await as(d.app, s)('GET', `/api/campaigns/${campaignId}/entries`)).json();
  return r.items.map((e: { unitId: string }) => e.unitId);
}
