/**
 * 规范性文件 through the HTTP API on a real database (issue 16): a document from draft to the
 * county's 予以备案 — 征求意见 (国办发〔2018〕37号), 合法性审核 by the 司法所 with its opinion,
 * 集体审议 at a held meeting, 签发 by the 镇领导, 公布 with the 文号 the numbering engine gives
 * (湾政规〔2023〕N号), 报备 — the county's 备案审查 user (`beian`) seeing it in the inbox,
 * ordering a correction, the town refiling, the county accepting and the town seeing the
 * result; the register, the public page, the county's filing period, the figures, and that the
 * `beian` role can do nothing else (docs/decisions/0010-county-filing.md).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const opened: Record<string, number> = {};
let townId = 0;
let countyId = 0;
let townCode = '';

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  const db = h.db.database.db;
  const town = await db
    .selectFrom('org_units')
    .select(['id', 'parent_id', 'code'])
    .where('name', '=', '湾头桥镇')
    .executeTakeFirstOrThrow();
  townId = town.id;
  countyId = town.parent_id!;
  townCode = town.code!;
}, 60_000);
afterAll(() => h?.close());

function on(date: string) {
  h.clock.current = new Date(`${date}T10:00:00+08:00`);
}
function req(who: string) {
  return async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const now = h.clock.now().getTime();
    if (!s[who] || Math.abs(now - (opened[who] ?? 0)) > 10 * 60_000) {
      s[who] = await login(h.app, who, 'Demo@2026');
      opened[who] = now;
    }
    return as(h.app, s[who]!)(method, url, payload);
  };
}
async function version(id: string) {
  const res = await req('fazhiban')('GET', `/api/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().version as number;
}
async function act(who: string, id: string, action: string, input?: Record<string, unknown>) {
  return req(who)('POST', `/api/cases/${id}/actions/${action}`, {
    version: await version(id),
    ...(input ? { input } : {}),
  });
}
async function ok(who: string, id: string, action: string, input?: Record<string, unknown>) {
  const res = await act(who, id, action, input);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}
async function issued(who: string, id: string, kind: string, input?: Record<string, unknown>) {
  const res = await req(who)('POST', `/api/cases/${id}/documents`, {
    version: await version(id),
    kind,
    ...(input ? { input } : {}),
  });
  expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
  const doc = (res.json().documents as { id: string; kind: string; number: string | null }[])
    .filter((d) => d.kind === kind)
    .at(-1)!;
  const file = await req(who)('GET', `/api/documents/${doc.id}/file`);
  expect(file.statusCode, file.body).toBe(200);
  expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
  if (process.env.NORMATIVE_DOCS) writeFileSync(`${process.env.NORMATIVE_DOCS}/${kind}.docx`, file.rawPayload);
  return doc;
}
async function inboxIds(who: string) {
  const res = await req(who)('GET', '/api/inbox');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items as { id: string; nextClock: string | null; nextDue: string | null }[];
}

/** A held 党政联席会 with one item that adopted the case (migrations/0022_meetings.sql). */
async function heldMeeting(caseId: number, heldOn: string, conclusion = 'adopted'): Promise<number> {
  const db = h.db.database.db;
  const user = await db.selectFrom('users').select('id').where('username', '=', 'fazhiban').executeTakeFirstOrThrow();
  const now = h.clock.now();
  const m = await db
    .insertInto('meetings')
    .values({
      town_id: townId,
      kind: 'joint',
      title: '党政联席会议',
      held_on: heldOn,
      status: 'held',
      chief_name: '王建国',
      created_by: user.id,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const item = await db
    .insertInto('meeting_items')
    .values({
      town_id: townId,
      meeting_id: m.id,
      seq: 1,
      subject: '审议规范性文件',
      case_id: caseId,
      conclusion: conclusion as 'adopted',
      conclusion_text: '审议通过',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(item.id);
}

const CLEAN = {
  createsLicence: false,
  createsPenalty: false,
  createsCompulsory: false,
  createsFee: false,
  addsDutiesWithoutBasis: false,
};
let docId = '';

describe('规范性文件：起草 → 备案（往返）', () => {
  it('runs from the draft to the publication with the documents and the meeting', async () => {
    on('2023-02-27');
    const created = await req('fazhiban')('POST', '/api/cases', {
      type: 'normative',
      title: '湾头桥镇农村人居环境长效管护办法',
      fields: { drafter: '农业农村办', draftedOn: '2023-02-27', summary: '长效管护' },
    });
    expect(created.statusCode, created.body).toBe(200);
    docId = created.json().id as string;
    on('2023-03-01');
    const short = await act('fazhiban', docId, 'open_comment', {
      commentFrom: '2023-03-01',
      commentUntil: '2023-03-08',
      commentChannel: '门户网站',
    });
    expect(short.statusCode).toBe(422);
    expect(short.body).toContain('不得少于7个工作日');
    await ok('fazhiban', docId, 'open_comment', {
      commentFrom: '2023-03-01',
      commentUntil: '2023-03-09',
      commentChannel: '门户网站',
    });
    on('2023-03-10');
    const long = await act('fazhiban', docId, 'submit_review', {
      commentsReceived: 3,
      commentsAdopted: '采纳2条',
      reviewSubmittedOn: '2023-03-10',
      reviewDue: '2023-04-03',
    });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('最长不得超过15个工作日');
    await ok('fazhiban', docId, 'submit_review', {
      commentsReceived: 3,
      commentsAdopted: '采纳2条',
      reviewSubmittedOn: '2023-03-10',
      reviewDue: '2023-03-24',
    });
    on('2023-03-15');
    const opinion = await issued('sifasuo', docId, 'legality_opinion', { ...CLEAN, opinion: '未发现违法内容' });
    expect(opinion.number).toMatch(/^湾规审意〔2023〕\d+号$/);
    // The town cannot record the review; the reviewer can.
    const review = {
      reviewedOn: '2023-03-15',
      reviewerKind: 'sifasuo',
      reviewerName: '张明',
      reviewChecklist: CLEAN,
      reviewOpinion: '未发现违法内容',
    };
    expect((await act('fazhiban', docId, 'pass_review', review)).statusCode).toBe(403);
    await ok('sifasuo', docId, 'pass_review', review);
    on('2023-03-20');
    const none = await act('fazhiban', docId, 'deliberate', { meetingItemId: 1 });
    expect(none.statusCode).toBe(422);
    const itemId = await heldMeeting(Number(docId), '2023-03-20');
    await ok('fazhiban', docId, 'deliberate', { meetingItemId: itemId });
    on('2023-03-21');
    await ok('leader', docId, 'sign', { signedBy: '王建国', signedOn: '2023-03-21' });
    on('2023-03-23');
    const pub = await issued('fazhiban', docId, 'publication', {
      addressee: '各村（社区）、镇属各单位',
      body: '第一条 为建立长效管护机制，制定本办法。\n第二条 本办法自公布之日起三十日后施行。',
    });
    expect(pub.number).toMatch(/^湾政规〔2023〕\d+号$/);
    const tooLong = await act('fazhiban', docId, 'publish', {
      publishedOn: '2023-03-23',
      publishedWhere: '镇政府门户网站',
      effectiveOn: '2023-04-23',
      validityMonths: 72,
    });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('不得超过5年');
    await ok('fazhiban', docId, 'publish', {
      publishedOn: '2023-03-23',
      publishedWhere: '镇政府门户网站',
      effectiveOn: '2023-04-23',
      validityMonths: 60,
    });
    const c = (await req('fazhiban')('GET', `/api/cases/${docId}`)).json();
    expect(c.state).toBe('to_file');
    expect(c.fields).toMatchObject({ docNo: pub.number, expiresOn: '2028-04-23', filingDays: 15 });
    const mine = (await inboxIds('fazhiban')).find((i) => i.id === docId);
    expect(mine?.nextClock).toBe('报备期限');
    expect(mine?.nextDue).toBe('2023-04-07');
  });

  it('the town files; the county user sees it in the inbox, orders a correction; the town refiles; the county accepts', async () => {
    on('2023-03-28');
    expect((await inboxIds('beian')).some((i) => i.id === docId)).toBe(false);
    await issued('fazhiban', docId, 'filing_report');
    await ok('fazhiban', docId, 'file', { filedOn: '2023-03-28' });
    on('2023-03-29');
    const theirs = (await inboxIds('beian')).find((i) => i.id === docId);
    expect(theirs?.nextClock).toBe('备案审查期限');
    expect(theirs?.nextDue).toBe('2023-04-12');
    // The read-only 县级督查 reads it but has nothing to do.
    expect((await req('county')('GET', `/api/cases/${docId}`)).statusCode).toBe(200);
    expect((await inboxIds('county')).some((i) => i.id === docId)).toBe(false);
    expect(
      (
        await act('county', docId, 'accept_filing', {
          filingResultOn: '2023-03-29',
          filingOpinion: 'x',
          filingReceiptNo: '1',
        })
      ).statusCode,
    ).toBe(403);
    // The town cannot record the county's result.
    expect(
      (
        await act('fazhiban', docId, 'accept_filing', {
          filingResultOn: '2023-03-29',
          filingOpinion: 'x',
          filingReceiptNo: '1',
        })
      ).statusCode,
    ).toBe(403);
    await ok('beian', docId, 'order_correction', {
      filingResultOn: '2023-03-29',
      filingOpinion: '第三条表述不当，请纠正',
    });
    let c = (await req('fazhiban')('GET', `/api/cases/${docId}`)).json();
    expect(c.state).toBe('correcting');
    expect(c.fields.filingOpinion).toBe('第三条表述不当，请纠正');
    expect((await inboxIds('fazhiban')).some((i) => i.id === docId)).toBe(true);
    on('2023-04-03');
    await issued('fazhiban', docId, 'filing_report');
    await ok('fazhiban', docId, 'file', { filedOn: '2023-04-03' });
    on('2023-04-06');
    await ok('beian', docId, 'accept_filing', {
      filingResultOn: '2023-04-06',
      filingOpinion: '经审查，予以备案',
      filingReceiptNo: '示司备〔2023〕10号',
    });
    c = (await req('fazhiban')('GET', `/api/cases/${docId}`)).json();
    expect(c.state).toBe('in_force');
    expect(c.fields).toMatchObject({ filingResult: 'accepted', filedOn: '2023-03-28', correctedOn: '2023-04-03' });
  });

  it('lists it in the register and on the public page (no login)', async () => {
    const reg = await req('leader')('GET', '/api/decisions/normative/register');
    expect(reg.statusCode, reg.body).toBe(200);
    const row = (reg.json().rows as { caseId: number; docNo: string; evaluationDue: string }[]).find(
      (r) => r.caseId === Number(docId),
    );
    expect(row, JSON.stringify(row)).toMatchObject({
      expiresOn: '2028-04-23',
      evaluationDue: '2027-10-23',
      filingResult: 'accepted',
    });
    expect((await req('zhifa')('GET', '/api/decisions/normative/register')).statusCode).toBe(403);
    const pub = await as(h.app, null)('GET', `/api/public/normative/${townCode}`);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().documents).toEqual([
      expect.objectContaining({ title: '湾头桥镇农村人居环境长效管护办法', publishedOn: '2023-03-23' }),
    ]);
    expect((await as(h.app, null)('GET', '/api/public/normative/999999999999')).statusCode).toBe(404);
  });

  it('counts it in the figures, with a drill-down', async () => {
    const year = 2023;
    for (const key of [
      'review.normative_drafted',
      'review.normative_documents',
      'review.normative_filed',
      'review.normative_filed_on_time',
    ]) {
      const res = await req('fazhiban')('GET', `/api/facts/${key}/records?townId=${townId}&year=${year}`);
      expect(res.statusCode, `${key}: ${res.body}`).toBe(200);
      expect(res.json().total, key).toBe(1);
    }
    const cleaned = await req('fazhiban')(
      'GET',
      `/api/facts/review.normative_cleaned/records?townId=${townId}&year=${year}`,
    );
    expect(cleaned.json().total).toBe(0);
  });
});

describe('the county filing period and the beian role (least privilege)', () => {
  it('is 15 days until the county sets it; only the county beian user sets it', async () => {
    const get = await req('beian')('GET', '/api/decisions/normative/filing-settings');
    expect(get.statusCode, get.body).toBe(200);
    expect(get.json().counties).toEqual([
      expect.objectContaining({ countyId, filingDays: 15, custom: false, canEdit: true }),
    ]);
    const put = (who: string, filingDays: number, v = 0) =>
      req(who)('PUT', `/api/decisions/normative/filing-settings/${countyId}`, { filingDays, version: v });
    expect((await put('fazhiban', 20)).statusCode).toBe(403);
    expect((await put('county', 20)).statusCode).toBe(403);
    const bad = await put('beian', 0);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('报备期限至少1日');
    const set = await put('beian', 20);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ filingDays: 20, custom: true, version: 1 });
    expect((await put('beian', 25, 0)).statusCode).toBe(409);
  });

  it('beian cannot register any case, act on the town side or read other types', async () => {
    on('2023-05-04');
    const mk = await req('beian')('POST', '/api/cases', {
      type: 'normative',
      unitId: String(townId),
      title: '县里起草的文件',
      fields: { drafter: '县司法局', draftedOn: '2023-05-04' },
    });
    expect(mk.statusCode, mk.body).toBe(403);
    const other = await req('beian')('POST', '/api/cases', {
      type: 'mediation',
      unitId: String(townId),
      title: '邻里纠纷',
      fields: {},
    });
    expect(other.statusCode, other.body).toBe(403);
    expect(
      (await act('beian', docId, 'evaluate', { evaluatedOn: '2023-05-04', evaluationConclusion: '良好' })).statusCode,
    ).toBe(403);
    const list = await req('beian')('GET', '/api/cases?type=hazard');
    expect(list.statusCode === 403 || (list.json().items as unknown[]).length === 0).toBe(true);
    expect((await req('beian')('GET', '/api/safety/units')).statusCode).toBe(403);
    // No dashboard:read: the figures are not theirs to read.
    expect((await req('beian')('GET', `/api/facts?townId=${townId}&year=2023`)).statusCode).toBe(403);
  });
});
