/**
 * 重大行政决策 through the HTTP API on a real database: the 2023 catalogue round trip (drafted by
 * the 党政办, agreed by the 党委 as recorded by the 镇领导, published, art 3 ¶3), an item started
 * and run to its publication with every gate (art 15 comment period, art 16 hearing notice, art 25
 * discussion before the legality review, art 30 a held meeting's item), an ad-hoc proposal, the
 * public page, the year's figures against the hand count, and the demo year.
 */
import { missingSteps } from '@fazhi/domain/decisions/decision';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionsLines } from '../src/demo/report.ts';
import { insertDecidingMeeting } from '../src/modules/decisions/meetings/demo.ts';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const opened: Record<string, number> = {};
let townId = 0;
let fazhibanId = 0;

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  const db = h.db.database.db;
  townId = (await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()).id;
  fazhibanId = (await db.selectFrom('users').select('id').where('username', '=', 'fazhiban').executeTakeFirstOrThrow())
    .id;
}, 60_000);
afterAll(() => h?.close());

function on(date: string) {
  h.clock.current = new Date(`${date}T10:00:00+08:00`);
}

function req(who: string) {
  return async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const now = h.clock.now().getTime();
    if (!s[who] || Math.abs(now - (opened[who] ?? 0)) > 10 * 60_000) {
      s[who] = await login(h.app, who, 'Demo@2026');
      opened[who] = now;
    }
    return as(h.app, s[who]!)(method, url, payload);
  };
}

async function version(id: number) {
  const res = await req('fazhiban')('GET', `/api/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().version as number;
}
async function act(who: string, id: number, action: string, input?: Record<string, unknown>) {
  return req(who)('POST', `/api/cases/${id}/actions/${action}`, {
    version: await version(id),
    ...(input ? { input } : {}),
  });
}
async function ok(who: string, id: number, action: string, input?: Record<string, unknown>) {
  const res = await act(who, id, action, input);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}
async function issued(who: string, id: number, kind: string, input: Record<string, unknown>) {
  const res = await req(who)('POST', `/api/cases/${id}/documents`, { version: await version(id), kind, input });
  expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
  return (res.json().documents as { id: string; kind: string }[]).filter((d) => d.kind === kind).at(-1)!;
}

const ITEM = (title: string, quarter: number) => ({
  year: 2023,
  title,
  category: 'project',
  leadUnit: '村镇建设办',
  plannedQuarter: quarter,
});
const items: number[] = [];
let caseId = 0;

describe('the 2023 catalogue (条例第三条第三款)', () => {
  it('is drafted by the 党政办 only', async () => {
    on('2023-01-09');
    for (const [title, q] of [
      ['镇区污水管网改造工程', 2],
      ['镇区农贸市场搬迁改造', 4],
    ] as const) {
      const res = await req('fazhiban')('POST', '/api/decisions/catalogue', ITEM(title, q));
      expect(res.statusCode, res.body).toBe(200);
      items.push(res.json().id);
    }
    const bySifasuo = await req('sifasuo')('POST', '/api/decisions/catalogue', ITEM('司法所不能加', 1));
    expect(bySifasuo.statusCode).toBe(403);
    expect(bySifasuo.json().error.message).toContain('限党政办');
    const bad = await req('fazhiban')('POST', '/api/decisions/catalogue', { ...ITEM('类别错', 1), category: 'fiscal' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('决策事项类别');
  });

  it('edits a draft item, with its version', async () => {
    const res = await req('fazhiban')('PATCH', `/api/decisions/catalogue/${items[1]}`, {
      title: '镇区农贸市场搬迁改造工程',
      version: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    const stale = await req('fazhiban')('PATCH', `/api/decisions/catalogue/${items[1]}`, { title: 'x', version: 1 });
    expect(stale.statusCode).toBe(409);
  });

  it('条例第三条第三款: 目录经党委同意后方可公布; only the 镇领导 records the agreement', async () => {
    on('2023-01-16');
    const early = await req('fazhiban')('POST', '/api/decisions/catalogue/publish', {
      year: 2023,
      publishedOn: '2023-01-16',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('第三条第三款');
    const byOffice = await req('fazhiban')('POST', '/api/decisions/catalogue/approve', {
      year: 2023,
      approvedOn: '2023-01-16',
    });
    expect(byOffice.statusCode).toBe(403);
    const res = await req('leader')('POST', '/api/decisions/catalogue/approve', {
      year: 2023,
      approvedOn: '2023-01-16',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().count).toBe(2);
    const edit = await req('fazhiban')('PATCH', `/api/decisions/catalogue/${items[0]}`, { title: '改', version: 2 });
    expect(edit.statusCode).toBe(409);
    const before = await req('fazhiban')('POST', '/api/decisions/catalogue/publish', {
      year: 2023,
      publishedOn: '2023-01-15',
    });
    expect(before.statusCode).toBe(400);
    expect(before.body).toContain('不得早于党委同意日期');
    on('2023-01-19');
    const pub = await req('fazhiban')('POST', '/api/decisions/catalogue/publish', {
      year: 2023,
      publishedOn: '2023-01-19',
    });
    expect(pub.statusCode, pub.body).toBe(200);
    const list = await req('sifasuo')('GET', '/api/decisions/catalogue?year=2023');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { status: string }) => i.status)).toEqual(['published', 'published']);
    expect(list.json().can).toEqual({ edit: false, approve: false, publish: false, start: false });
    const county = await req('county')('GET', '/api/decisions/catalogue?year=2023');
    expect(county.statusCode).toBe(200);
  });

  it('publishes the catalogue on the public page, without login', async () => {
    const code = (
      await h.db.database.db.selectFrom('org_units').select('code').where('id', '=', townId).executeTakeFirstOrThrow()
    ).code;
    const res = await as(h.app, null)('GET', `/api/public/decisions/${code}?year=2023`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().catalogue).toHaveLength(2);
    expect(res.json().catalogue[0]).toMatchObject({ title: '镇区污水管网改造工程', publishedOn: '2023-01-19' });
    expect(res.json().decisions).toEqual([]);
  });

  it('starts a case from an item once, and a proposal adds an ad-hoc item', async () => {
    on('2023-02-06');
    const res = await req('fazhiban')('POST', `/api/decisions/catalogue/${items[0]}/start`, {
      description: '改造镇区主次污水管网约3.2公里',
    });
    expect(res.statusCode, res.body).toBe(200);
    caseId = res.json().caseId;
    const again = await req('fazhiban')('POST', `/api/decisions/catalogue/${items[0]}/start`, { description: 'x' });
    expect(again.statusCode).toBe(409);
    const prop = await req('fazhiban')('POST', '/api/decisions/proposals', {
      year: 2023,
      title: '镇卫生院迁建',
      category: 'project',
      leadUnit: '社会事务办',
      description: '卫生院迁至新区',
    });
    expect(prop.statusCode, prop.body).toBe(200);
    const list = await req('fazhiban')('GET', '/api/decisions/catalogue?year=2023');
    const adHoc = list.json().items.find((i: { adHoc: boolean }) => i.adHoc);
    expect(adHoc).toMatchObject({ title: '镇卫生院迁建', status: 'draft', caseId: prop.json().caseId });
    expect(list.json().items.find((i: { id: number }) => i.id === items[0]).caseStateLabel).toBe('建议（待启动）');
  });
});

describe('a decision through every gate', () => {
  it('launches with the optional steps and their reason, drafts', async () => {
    await ok('fazhiban', caseId, 'launch', {
      launchedOn: '2023-02-06',
      leadUnit: '村镇建设办',
      hearing: true,
      expertReview: true,
      riskAssessment: false,
      stepsReason: '涉及沿街商户切身利益，技术性强；不涉及社会稳定风险',
    });
    on('2023-02-20');
    await ok('fazhiban', caseId, 'record_draft', { draftedOn: '2023-02-20', draftSummary: '主管网3.2公里，雨污分流' });
  });

  it('条例第十五条: 征求意见期限少于30日且未说明理由的，不予登记', async () => {
    on('2023-03-01');
    const doc = await issued('fazhiban', caseId, 'comment_notice', {
      from: '2023-03-01',
      to: '2023-03-31',
      how: '书面意见送镇党政办',
    });
    const pdf = await req('fazhiban')('GET', `/api/documents/${doc.id}/file`);
    expect(pdf.statusCode).toBe(200);
    if (process.env.FAZHI_DOCX_OUT)
      (await import('node:fs')).writeFileSync(`${process.env.FAZHI_DOCX_OUT}/comment_notice.docx`, pdf.rawPayload);
    const short = await act('fazhiban', caseId, 'open_consultation', {
      commentFrom: '2023-03-01',
      commentTo: '2023-03-20',
      commentChannels: '镇政府网站',
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().error.message).toContain('第十五条');
    await ok('fazhiban', caseId, 'open_consultation', {
      commentFrom: '2023-03-01',
      commentTo: '2023-03-31',
      commentChannels: '镇政府网站',
    });
  });

  it('条例第十六条: 听证会材料未于7日前送达的，不予登记; then expert review', async () => {
    on('2023-03-15');
    const late = await act('fazhiban', caseId, 'record_hearing', {
      hearingMaterialsSentOn: '2023-03-10',
      hearingOn: '2023-03-15',
      hearingPlace: '镇政府会议室',
      hearingParticipants: 15,
      recordSigned: true,
    });
    expect(late.statusCode).toBe(422);
    expect(late.json().error.message).toContain('第十六条第三款');
    await ok('fazhiban', caseId, 'record_hearing', {
      hearingMaterialsSentOn: '2023-03-08',
      hearingOn: '2023-03-15',
      hearingPlace: '镇政府会议室',
      hearingParticipants: 15,
      recordSigned: true,
    });
    on('2023-03-20');
    await ok('fazhiban', caseId, 'record_expert_review', {
      expertReviewedOn: '2023-03-20',
      experts: [{ name: '王立新', org: '县水务局', signed: true }],
      expertOpinion: '方案可行',
    });
    on('2023-04-03');
    await ok('fazhiban', caseId, 'close_consultation', { commentCount: 23, commentAdoption: '采纳17条' });
  });

  it('条例第二十五条: 未经合法性审查不得提交集体讨论', async () => {
    const { itemIds } = await insertDecidingMeeting(h.db.database.db, {
      townId,
      kind: 'joint',
      title: '2023年第3次党政联席会议',
      heldOn: '2023-04-04',
      createdBy: fazhibanId,
      items: [{ subject: '审议污水管网改造', caseId, conclusion: 'adopted' }],
    });
    on('2023-04-05');
    const blocked = await act('fazhiban', caseId, 'discuss', { meetingItemId: itemIds[0] });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error.message).toContain('第二十五条');
  });

  it('条例第二十六条: allows 7 working days, the 司法所 issues its opinion and passes the draft', async () => {
    on('2023-04-06');
    const short = await act('fazhiban', caseId, 'send_legal_review', {
      legalSentOn: '2023-04-06',
      legalReviewer: 'sifasuo',
      legalDueOn: '2023-04-12',
    });
    expect(short.statusCode).toBe(422);
    expect(short.json().error.message).toContain('第二十六条第二款');
    // 2023-04-06 (Thu) + 7 working days: 04-07, 04-10 … 04-14, 04-17 = Monday 2023-04-17.
    await ok('fazhiban', caseId, 'send_legal_review', {
      legalSentOn: '2023-04-06',
      legalReviewer: 'sifasuo',
      legalDueOn: '2023-04-17',
    });
    on('2023-04-14');
    const doc = await issued('sifasuo', caseId, 'legality_opinion', {
      authority: '属于镇人民政府职权',
      procedure: '已履行公众参与、听证和专家论证程序',
      content: '不违反法律法规规定',
      conclusion: 'passed',
      adviserOpinion: '同意',
    });
    if (process.env.FAZHI_DOCX_OUT) {
      const f = await req('sifasuo')('GET', `/api/documents/${doc.id}/file`);
      (await import('node:fs')).writeFileSync(`${process.env.FAZHI_DOCX_OUT}/legality_opinion.docx`, f.rawPayload);
    }
    const byLeader = await act('leader', caseId, 'pass_legal_review', {
      legalReviewedOn: '2023-04-14',
      legalReviewerName: '张明',
      legalOpinion: '合法',
    });
    expect(byLeader.statusCode).toBe(403);
    await ok('sifasuo', caseId, 'pass_legal_review', {
      legalReviewedOn: '2023-04-14',
      legalReviewerName: '张明',
      legalOpinion: '合法',
    });
  });

  it('条例第三十条: discussed only on a held meeting item naming this case', async () => {
    const other = await insertDecidingMeeting(h.db.database.db, {
      townId,
      kind: 'joint',
      title: '2023年第4次党政联席会议',
      heldOn: '2023-04-20',
      createdBy: fazhibanId,
      items: [
        { subject: '其他议题', caseId: null, conclusion: 'adopted' },
        { subject: '审议污水管网改造（修改稿）', caseId, conclusion: 'adopted' },
      ],
    });
    on('2023-04-21');
    const wrong = await act('fazhiban', caseId, 'discuss', { meetingItemId: other.itemIds[0] });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.message).toContain('不是针对本决策事项');
    const r = await ok('fazhiban', caseId, 'discuss', { meetingItemId: other.itemIds[1] });
    expect(r.fields).toMatchObject({ discussedOn: '2023-04-20', meetingItemId: other.itemIds[1] });
  });

  it('reports to the 党委 (art 31), is decided by the leader and published (art 32)', async () => {
    on('2023-04-24');
    await ok('fazhiban', caseId, 'report_party', { partyReportedOn: '2023-04-24', partyReply: '同意' });
    on('2023-04-26');
    await ok('leader', caseId, 'decide', {
      decidedOn: '2023-04-26',
      decisionContent: '同意实施镇区污水管网改造工程',
      executingUnit: '村镇建设办',
    });
    on('2023-05-04');
    const doc = await issued('fazhiban', caseId, 'publication', { where: '镇政府网站' });
    if (process.env.FAZHI_DOCX_OUT) {
      const f = await req('fazhiban')('GET', `/api/documents/${doc.id}/file`);
      (await import('node:fs')).writeFileSync(`${process.env.FAZHI_DOCX_OUT}/publication.docx`, f.rawPayload);
    }
    await ok('fazhiban', caseId, 'publish', {
      publishedOn: '2023-05-04',
      publishedWhere: '镇政府网站',
      publishedUrl: 'https://example.gov.cn/jc/1',
    });
    const code = (
      await h.db.database.db.selectFrom('org_units').select('code').where('id', '=', townId).executeTakeFirstOrThrow()
    ).code;
    const pub = await as(h.app, null)('GET', `/api/public/decisions/${code}?year=2023`);
    expect(pub.json().decisions).toHaveLength(1);
    expect(pub.json().decisions[0]).toMatchObject({ publishedOn: '2023-05-04', hearing: true, commentCount: 23 });
  });
});

describe('the 2023 figures against the records above', () => {
  it('counts one decided decision, complete, with one hearing and one expert review', async () => {
    on('2023-12-31');
    const res = await req('fazhiban')('GET', '/api/facts?year=2023');
    expect(res.statusCode, res.body).toBe(200);
    const all = (res.json().modules as { facts: { key: string; value: number | null; origin: string }[] }[]).flatMap(
      (m) => m.facts,
    );
    const v = (k: string) => all.find((f) => f.key === k)?.value;
    expect(all.find((f) => f.key === 'decision.major')?.origin).toBe('computed');
    // By hand: one decision decided 2023-04-26 with every chosen step; catalogue: two agreed + one ad hoc.
    expect(v('decision.major')).toBe(1);
    expect(v('decision.catalogue_items')).toBe(3);
    expect(v('decision.complete')).toBe(1);
    expect(v('decision.complete_rate')).toBe(100);
    expect(v('decision.legality_reviewed')).toBe(1);
    expect(v('decision.hearings')).toBe(1);
    expect(v('decision.expert_reviews')).toBe(1);
    expect(v('decision.risk_assessments')).toBe(0);
    expect(v('decision.post_evaluations')).toBe(0);
    const drill = await req('fazhiban')('GET', '/api/facts/decision.hearings/records?year=2023');
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.json().total).toBe(1);
    expect(drill.json().records[0].date).toBe('2023-03-15');
    const items = await req('fazhiban')('GET', '/api/facts/decision.catalogue_items/records?year=2023');
    expect(items.json().total).toBe(3);
    const hidden = await req('tiaojie')('GET', '/api/facts/decision.catalogue_items/records?year=2023');
    expect(hidden.json().total ?? 0).toBe(0);
  });

  it('writes the report narrative from the figures only', () => {
    const lines = decisionsLines({
      'decision.catalogue_items': 3,
      'decision.major': 1,
      'decision.complete': 1,
      'decision.legality_reviewed': 1,
      'decision.hearings': 1,
      'decision.expert_reviews': 1,
      'decision.risk_assessments': 0,
    });
    expect(lines.join('')).toContain('均经合法性审查');
    expect(lines.join('')).not.toContain('风险评估');
    expect(lines.join('')).not.toContain('待补充');
    const short = decisionsLines({ 'decision.major': 2, 'decision.complete': 1, 'decision.legality_reviewed': 1 });
    expect(short.join('')).toContain('〔待补充：未经合法性审查即作出决策的原因及整改措施〕');
    expect(decisionsLines({})).toEqual([]);
  });
});

describe('the demo year', () => {
  let d: Harness;
  beforeAll(async () => {
    d = await harness({}, { modules: MODULES, demo: true });
  }, 60_000);
  afterAll(() => d?.close());

  it('runs the 2023 catalogue with two decisions to the end, one with a hearing', async () => {
    const { seedDecisionDemo } = await import('../src/modules/decisions/decision/demo.ts');
    const own = d.app.services.own.get('decisions') as { decision: never };
    const lines = await seedDecisionDemo(
      { cases: d.app.services.cases, calendars: d.app.services.calendars },
      own.decision,
      { year: 2023, until: new Date('2024-03-31T18:00:00+08:00') },
    );
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const db = d.db.database.db;
    const rows = await db
      .selectFrom('cases')
      .select(['state', 'fields'])
      .where('type', '=', 'decision')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.state)).toEqual(['evaluated', 'closed', 'launched']);
    // The SQL of the complete figure agrees with the domain's missingSteps on each decided case.
    for (const r of rows.slice(0, 2)) expect(missingSteps(r.fields as never)).toEqual([]);
    const town = (
      await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()
    ).id;
    const facts = await d.app.services.facts.values(db, {
      townIds: [town],
      year: 2023,
      now: new Date('2024-03-31T18:00:00+08:00'),
    });
    const v = [...facts.values()][0]!;
    expect(v['decision.catalogue_items']?.value).toBe(4);
    expect(v['decision.major']?.value).toBe(2);
    expect(v['decision.complete_rate']?.value).toBe(100);
    expect(v['decision.hearings']?.value).toBe(1);
    expect(v['decision.expert_reviews']?.value).toBe(1);
    expect(v['decision.risk_assessments']?.value).toBe(2);
    expect(v['decision.post_evaluations']?.value).toBe(1);
    const meetings = await db.selectFrom('meeting_items').select('case_id').where('case_id', 'is not', null).execute();
    expect(meetings).toHaveLength(2);
  }, 120_000);
});
