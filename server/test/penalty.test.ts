/**
 * Administrative penalty cases (行政处罚法) on a real database through the HTTP API: the
 * ordinary procedure from 立案 to a served decision with its gates read from outside the case
 * (the officers' certificates, the reviewers, the party), the documents it prints, and who may
 * see it. March 2026 has no holiday (国办发明电〔2025〕7号), so working days are Monday–Friday.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforcementModule } from '../src/modules/enforcement/index.ts';
import { penaltyCaseType } from '../src/modules/enforcement/penalty/case-type.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const officer: Record<string, number> = {};

beforeAll(async () => {
  h = await harness({}, { modules: [enforcementModule], demo: true });
  const db = h.db.database.db;
  const town = await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow();
  const { id: userId } = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'zhifa')
    .executeTakeFirstOrThrow();
  const at = new Date();
  const rows: [string, string, Partial<{ valid_until: string; reviewer: boolean; legal_qualification: boolean }>][] = [
    ['甲', 'ZF-001', {}],
    ['乙', 'ZF-002', {}],
    ['丙', 'ZF-003', { valid_until: '2026-02-28' }],
    ['审核甲', 'FS-001', { reviewer: true, legal_qualification: true }],
    ['审核乙', 'FS-002', { reviewer: true }],
  ];
  for (const [name, certNo, extra] of rows) {
    const r = await db
      .insertInto('enforcement_officers')
      .values({
        town_id: town.id,
        name,
        cert_no: certNo,
        cert_issuer: '示范县人民政府',
        cert_fields: ['planning'],
        valid_until: '2099-12-31',
        created_by: userId,
        created_at: at,
        updated_at: at,
        ...extra,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    officer[name] = Number(r.id);
  }
});
afterAll(() => h?.close());

function on(date: string, minutes = 0) {
  h.clock.current = new Date(Date.parse(`${date}T10:00:00+08:00`) + minutes * 60_000);
}
const opened: Record<string, number> = {};
function req(who: string) {
  return async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const now = h.clock.now().getTime();
    if (!s[who] || Math.abs(now - (opened[who] ?? 0)) > 10 * 60_000) {
      s[who] = await login(h.app, who, 'Demo@2026');
      opened[who] = now;
    }
    return as(h.app, s[who]!)(method, url, payload);
  };
}
async function detail(id: string) {
  const res = await req('zhifa')('GET', `/api/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
async function act(who: string, id: string, action: string, input?: Record<string, unknown>) {
  const c = await detail(id);
  return req(who)('POST', `/api/cases/${id}/actions/${action}`, { version: c.version, ...(input ? { input } : {}) });
}
async function ok(who: string, id: string, action: string, input?: Record<string, unknown>) {
  const res = await act(who, id, action, input);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}
async function refused(
  who: string,
  id: string,
  action: string,
  input: Record<string, unknown> | undefined,
  re: RegExp,
) {
  const res = await act(who, id, action, input);
  expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  expect(res.body).toMatch(re);
}
async function issued(who: string, id: string, kind: string, input?: Record<string, unknown>) {
  const c = await detail(id);
  const res = await req(who)('POST', `/api/cases/${id}/documents`, {
    version: c.version,
    kind,
    ...(input ? { input } : {}),
  });
  expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
  return (res.json().documents as { id: string; kind: string; number: string | null }[])
    .filter((d) => d.kind === kind)
    .at(-1)!;
}
async function docxText(documentId: string): Promise<string> {
  const res = await req('zhifa')('GET', `/api/documents/${documentId}/file`);
  expect(res.statusCode).toBe(200);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

async function create(fields: Record<string, unknown> = {}) {
  const res = await req('zhifa')('POST', '/api/cases', {
    type: 'penalty',
    title: '张三未取得乡村建设规划许可证建房案',
    fields: {
      procedure: 'ordinary',
      field: 'planning',
      violation: '未取得乡村建设规划许可证建房',
      actOn: '2026-02-20',
      foundOn: '2026-03-02',
      ...fields,
    },
    parties: [{ role: 'party', kind: 'person', name: '张三', address: '湾头村3组18号' }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
}

describe('penalty case: ordinary procedure over HTTP', () => {
  let id = '';

  it('role × type: zhifa registers and reads it; xinfang neither registers nor sees it', async () => {
    on('2026-03-02');
    id = await create();
    expect((await req('zhifa')('GET', `/api/cases/${id}`)).statusCode).toBe(200);
    for (const who of ['leader', 'fazhiban', 'county']) {
      expect((await req(who)('GET', `/api/cases/${id}`)).statusCode, who).toBe(200);
    }
    for (const who of ['xinfang', 'tiaojie', 'cun01']) {
      expect((await req(who)('GET', `/api/cases/${id}`)).statusCode, who).toBe(404);
    }
    const byXinfang = await req('xinfang')('POST', '/api/cases', {
      type: 'penalty',
      title: 'x',
      fields: {},
      parties: [],
    });
    expect(byXinfang.statusCode).toBe(403);
  });

  it('art 36: 立案 is refused once the two years have run, with the article', async () => {
    on('2026-03-02', 5);
    const old = await create({ actOn: '2024-03-01' });
    await issued('zhifa', old, 'filing_form');
    await refused('zhifa', old, 'request_approval:file', { officerIds: [officer.甲, officer.乙] }, /第三十六条/);
  });

  it('arts 42, 55: one officer, or an expired certificate, is refused; two certified officers file with approval', async () => {
    on('2026-03-02', 10);
    await issued('zhifa', id, 'filing_form', { summary: '巡查发现东村3组新建两层房屋' });
    await refused('zhifa', id, 'request_approval:file', { officerIds: [officer.甲] }, /第四十二条/);
    await refused(
      'zhifa',
      id,
      'request_approval:file',
      { officerIds: [officer.甲, officer.丙] },
      /丙（ZF-003）的执法证/,
    );
    await ok('zhifa', id, 'request_approval:file', {
      officerIds: [officer.甲, officer.乙],
      legalReviewGround: 'complex',
    });
    await ok('leader', id, 'approve:file', { opinion: '同意立案' });
    const c = await ok('zhifa', id, 'file');
    expect(c.state).toBe('investigating');
    expect(c.fields.filedOn).toBe('2026-03-02');
  });

  it('an inquiry recorded from its 询问笔录 (decision 0007), then 事先告知', async () => {
    on('2026-03-03');
    await issued('zhifa', id, 'inquiry_record', { on: '2026-03-03', person: '张三', summary: '承认未办理规划许可' });
    let c = await ok('zhifa', id, 'inquire', { officerIds: [officer.甲, officer.乙] });
    expect(c.fields.investigations[0]).toMatchObject({
      kind: 'inquiry',
      subject: '张三',
      summary: '承认未办理规划许可',
    });
    await ok('zhifa', id, 'end_investigation');
    on('2026-03-04');
    const notice = await issued('zhifa', id, 'prior_notice', {
      facts: '未取得乡村建设规划许可证建房两层，占地120平方米',
      evidence: '询问笔录、现场照片',
      penaltyKinds: ['fine'],
      fineAmount: 5000,
      legalBasis: '《中华人民共和国城乡规划法》第六十五条',
      hearingRight: 'no',
    });
    expect(notice.number).toMatch(/罚告〔2026〕\d+号$/);
    expect(await docxText(notice.id)).toMatch(/陈述和申辩/);
    c = await ok('zhifa', id, 'notify', { noticedOn: '2026-03-04' });
    expect(c.state).toBe('notified');
    expect(c.fields.fineAmount).toBe(5000);
  });

  it('art 58: the decision is blocked without a passed review; a first-time reviewer must hold the 法律职业资格', async () => {
    on('2026-03-12');
    const decision = await issued('zhifa', id, 'decision', {
      performance: '到指定银行或者通过电子支付系统缴纳罚款',
      reconsiderationBody: '示范县人民政府',
      court: '示范县人民法院',
    });
    expect(decision.number).toMatch(/罚决〔2026〕\d+号$/);
    await refused('leader', id, 'decide', { decidedOn: '2026-03-12', socialImpact: true }, /未经法制审核不得作出决定/);
    await issued('fazhiban', id, 'legal_review_opinion', { result: 'passed', opinion: '事实清楚，证据确凿，程序合法' });
    await refused(
      'fazhiban',
      id,
      'legal_review',
      { reviewerId: officer.审核乙, reviewedOn: '2026-03-12' },
      /初次从事法制审核，应当取得法律职业资格（行政处罚法第五十八条第二款）/,
    );
    await ok('fazhiban', id, 'legal_review', { reviewerId: officer.审核甲, reviewedOn: '2026-03-12' });
    // The zhifa team drafts; the head decides (art 57).
    await refused('zhifa', id, 'decide', { decidedOn: '2026-03-12', socialImpact: true }, /镇领导/);
    const c = await ok('leader', id, 'decide', { decidedOn: '2026-03-12', socialImpact: true });
    expect(c.state).toBe('decided');
    expect(c.fields.decisionNo).toBe(decision.number);
    expect(c.clocks.find((k: { key: string }) => k.key === 'service').due).toBe('2026-03-23');
    expect(c.clocks.find((k: { key: string }) => k.key === 'publication').due).toBe('2026-03-23');
    const text = await docxText(decision.id);
    for (const item of [
      '张三',
      '湾头村3组18号',
      '询问笔录',
      '罚款5000元',
      '城乡规划法',
      '15日内',
      '申请行政复议',
      '提起行政诉讼',
      '示范县',
    ]) {
      expect(text, item).toContain(item);
    }
  });

  it('art 58 ¶2: once a reviewer has signed a review, another case sees them as having reviewed before', async () => {
    on('2026-03-12', 30);
    const db = h.db.database.db;
    const row = await db
      .selectFrom('cases')
      .select(['fields', 'town_id'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect((row.fields as { legalReview: { firstTime: boolean } }).legalReview.firstTime).toBe(true);
    const other = await create();
    const ctx = await penaltyCaseType.context!(
      db,
      { id: Number(other), townId: row.town_id, state: 'clue', fields: {} },
      h.clock.now(),
    );
    expect(ctx.reviewedBefore).toEqual([officer.审核甲]);
    expect(ctx.party).toEqual({ kind: 'person', name: '张三', address: '湾头村3组18号' });
    expect((ctx.officers as unknown[]).length).toBe(5);
    const self = await penaltyCaseType.context!(
      db,
      { id: Number(id), townId: row.town_id, state: 'decided', fields: {} },
      h.clock.now(),
    );
    expect(self.reviewedBefore).toEqual([]);
  });

  it('art 34: the cited matter and its 裁量基准 come from the town’s 权责清单, amounts as numbers', async () => {
    const db = h.db.database.db;
    const row = await db.selectFrom('cases').select(['town_id']).where('id', '=', Number(id)).executeTakeFirstOrThrow();
    const { id: userId } = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'zhifa')
      .executeTakeFirstOrThrow();
    const at = new Date();
    await db
      .insertInto('enforcement_powers')
      .values({
        town_id: row.town_id,
        code: 'GH-065',
        field: 'planning',
        matter: '未取得乡村建设规划许可证进行建设',
        violated_basis: '《城乡规划法》第四十一条',
        penalty_basis: '《城乡规划法》第六十五条',
        penalty_range: '责令停止建设、限期改正；逾期不改正的，可以拆除',
        fine_min: null,
        fine_max: '10000.00',
        discretion: JSON.stringify([
          { level: '一般', circumstances: '面积100平方米以下', fineMin: 1000, fineMax: 3000 },
        ]),
        created_by: userId,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const ctx = await penaltyCaseType.context!(
      db,
      { id: Number(id), townId: row.town_id, state: 'served', fields: { powerCode: 'GH-065' } },
      h.clock.now(),
    );
    expect(ctx.power).toMatchObject({ code: 'GH-065', fineMin: null, fineMax: 10000, discretion: [{ fineMax: 3000 }] });
    const none = await penaltyCaseType.context!(
      db,
      { id: Number(id), townId: row.town_id, state: 'served', fields: { powerCode: 'XX-1' } },
      h.clock.now(),
    );
    expect(none.power).toBeNull();
  });

  it('art 61: served by two officers; electronic service needs the written consent', async () => {
    on('2026-03-13');
    await issued('zhifa', id, 'service_receipt');
    await refused(
      'zhifa',
      id,
      'serve',
      { servedOn: '2026-03-13', method: 'electronic', officerIds: [officer.甲, officer.乙] },
      /第六十一条第二款/,
    );
    await refused(
      'zhifa',
      id,
      'serve',
      { servedOn: '2026-03-13', method: 'direct', officerIds: [officer.甲] },
      /第四十二条/,
    );
    const c = await ok('zhifa', id, 'serve', {
      servedOn: '2026-03-13',
      method: 'direct',
      officerIds: [officer.甲, officer.乙],
    });
    expect(c.state).toBe('served');
    expect(c.fields.serviceMethod).toBe('direct');
    // Art 67: 15 days from service.
    expect(c.clocks.find((k: { key: string }) => k.key === 'payment').due).toBe('2026-03-30');
    const pub = await ok('zhifa', id, 'publish', { publishedOn: '2026-03-13' });
    expect(pub.fields.publishedOn).toBe('2026-03-13');
  });
});

describe('summary procedure over HTTP (arts 51–52)', () => {
  it('refuses a fine above 200 yuan for a person, citing art 51, and decides one within it', async () => {
    on('2026-03-16');
    const id = await create({ procedure: 'summary', foundOn: '2026-03-16', actOn: '2026-03-16' });
    const form = await issued('zhifa', id, 'summary_decision', {
      facts: '在镇东街占道堆放建筑材料',
      penaltyKinds: ['fine'],
      fineAmount: 300,
      legalBasis: '某条例第某条',
    });
    expect(form.number).toMatch(/罚当〔2026〕\d+号$/);
    await refused(
      'zhifa',
      id,
      'decide_on_spot',
      { decidedOn: '2026-03-16', officerIds: [officer.甲, officer.乙] },
      /200元以下.*第五十一条/,
    );
    await issued('zhifa', id, 'summary_decision', {
      facts: '在镇东街占道堆放建筑材料',
      penaltyKinds: ['fine'],
      fineAmount: 200,
      legalBasis: '某条例第某条',
    });
    const c = await ok('zhifa', id, 'decide_on_spot', {
      decidedOn: '2026-03-16',
      officerIds: [officer.甲, officer.乙],
    });
    expect(c.state).toBe('served');
    expect(c.fields.summaryFormNo).toMatch(/罚当〔2026〕\d+号$/);
  });
});
