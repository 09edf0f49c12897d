/**
 * The mediation centre over HTTP on a real database: a dispute from registration to the
 * archive as the roles that work it, the 人民调解协议书 against 人民调解法 art 29, the duplicate
 * hint, village scope, the year's statistics against hand-counted cases, the risk level of a
 * group dispute, and the 2023 demo year.
 */
import { shanghaiDate, validateIdCard, validateUscc } from '@fazhi/domain';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxToPdf, hasLibreOffice, hasPoppler, pdfToText } from '../src/documents/render.ts';
import { mediationCaseType } from '../src/modules/mediation/case-type.ts';
import { seedMediationDemo } from '../src/modules/mediation/demo.ts';
import { DUPLICATE_REASONS } from '../src/modules/mediation/duplicates.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { createUser } from '../src/seed/factories.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, otherTown: 0, otherVillage: 0, tiaojie: 0, sifasuo: 0, leader: 0 };
const USERS = ['tiaojie', 'sifasuo', 'leader', 'cun01', 'cun02', 'county', 'sysadmin'];

// Valid 18-digit IDs (GB 11643 check characters computed by hand and by validateIdCard).
const ID_A = '110101199003070011';
const ID_B = '110101199003070038';
const ID_C = '339901197506150025';
const ID_D = '339901198212030014';

beforeAll(async () => {
  h = await harness({}, { modules: [mediationModule], demo: true });
  const db = h.db.database.db;
  await relogin();
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const user = async (name: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  ids.otherTown = await unit('青石镇');
  ids.otherVillage = await unit('青石村村民委员会');
  ids.tiaojie = await user('tiaojie');
  ids.sifasuo = await user('sifasuo');
  ids.leader = await user('leader');
});
afterAll(() => h.close());

/** Moves the clock and signs everyone in again (sessions time out when the clock jumps). */
async function moveTo(iso: string, who: string[] = USERS) {
  h.clock.current = new Date(iso);
  for (const u of who) s[u] = await login(h.app, u, 'Demo@2026');
}
async function relogin() {
  for (const u of USERS) s[u] = await login(h.app, u, 'Demo@2026');
}

const call = (who: string) => as(h.app, s[who]!);

function dispute(overrides: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  return {
    type: 'mediation',
    title: '张德明与李国强排水纠纷',
    unitId: String(ids.village1),
    fields: {
      channel: 'walk_in',
      disputeType: 'neighbor',
      peopleCount: 2,
      summary: '双方系前后邻居，被申请人新修排水沟将污水排向申请人院墙，双方多次争吵。',
      requests: '请求被申请人改建排水沟，停止向申请人院墙一侧排水。',
      receivedOn: '2026-03-02',
      ...fields,
    },
    parties: [
      { role: 'applicant', name: '张德明', idNumber: ID_A, phone: '13812345678', address: '湾头村3组17号' },
      { role: 'respondent', name: '李国强', idNumber: ID_B, phone: '13967154321', address: '湾头村3组19号' },
    ],
    ...overrides,
  };
}

/** Runs an action and returns the new detail; fails the test with the server's message otherwise. */
async function act(who: string, c: { id: string; version: number }, action: string, input?: unknown) {
  const r = await call(who)('POST', `/api/cases/${c.id}/actions/${action}`, {
    version: c.version,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
}

async function issue(who: string, c: { id: string; version: number }, kind: string, input?: unknown) {
  const r = await call(who)('POST', `/api/cases/${c.id}/documents`, {
    version: c.version,
    kind,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${kind}: ${r.body}`).toBe(200);
  return r.json();
}

async function docxText(who: string, documentId: string): Promise<{ xml: string; text: string; buffer: Buffer }> {
  const r = await call(who)('GET', `/api/documents/${documentId}/file`);
  expect(r.statusCode).toBe(200);
  const buffer = r.rawPayload;
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
  // Paragraph by paragraph, runs joined: what a reader sees, without the markup.
  const text = [...xml.matchAll(/<w:p[ >].*?<\/w:p>/gs)]
    .map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
  return { xml, text, buffer };
}

describe('a dispute from registration to the archive', () => {
  let c: { id: string; version: number; [k: string]: unknown };
  let agreementId = '';
  const terms =
    '一、李国强于2026年3月10日前自费将排水沟改道接入村道边沟，不再向张德明院墙一侧排水。\n二、张德明配合施工。';

  it('registers a two-party dispute with its number and parties', async () => {
    const r = await call('tiaojie')('POST', '/api/cases', dispute());
    expect(r.statusCode, r.body).toBe(200);
    c = r.json();
    expect(c.number).toMatch(/^湾调〔2026〕\d+号$/);
    expect(c).toMatchObject({ state: 'registered', typeLabel: '矛盾纠纷调解', unitName: '湾头村村民委员会' });
    expect((c.parties as { roleLabel: string }[]).map((p) => p.roleLabel)).toEqual(['申请人', '被申请人']);
  });

  it('accepts only after the 受理登记表, and only for the centre', async () => {
    const early = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/accept`, { version: c.version });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('受理登记表');
    c = await issue('tiaojie', c, 'registration');
    const byVillage = await call('cun01')('POST', `/api/cases/${c.id}/actions/accept`, { version: c.version });
    expect(byVillage.statusCode).toBe(403);
    c = await act('tiaojie', c, 'accept');
    expect(c).toMatchObject({ state: 'accepted', fields: expect.objectContaining({ acceptedOn: '2026-03-02' }) });
    // The one-month mediation standard runs from acceptance (人民调解工作若干规定 art 33).
    const clock = (c.clocks as { key: string; due: string }[]).find((k) => k.key === 'mediation');
    expect(clock?.due).toBe('2026-04-02');
  });

  it('routes to the village committee, assigns mediators and records a session with its 笔录', async () => {
    c = await act('tiaojie', c, 'route', { route: 'people', committee: '湾头村人民调解委员会' });
    expect(c.state).toBe('routed');
    c = await act('tiaojie', c, 'assign', { assigneeId: String(ids.tiaojie), coMediators: ['李桂英'] });
    expect(c).toMatchObject({ state: 'mediating', assigneeName: '陈静' });
    const session = {
      date: '2026-03-02',
      place: '湾头村调解室',
      attendees: ['张德明', '李国强'],
      summary: '听取双方陈述',
    };
    const noRecord = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/record_session`, {
      version: c.version,
      input: session,
    });
    expect(noRecord.json().error.message).toContain('调解笔录');
    c = await issue('tiaojie', c, 'session_record', { date: '2026-03-02', place: '湾头村调解室' });
    c = await act('tiaojie', c, 'record_session', session);
    expect((c.fields as { sessions: unknown[] }).sessions).toHaveLength(1);
    const record = (c.documents as { id: string; kind: string }[]).find((d) => d.kind === 'session_record')!;
    const { text } = await docxText('tiaojie', record.id);
    expect(text).toContain('湾头村人民调解委员会');
    expect(text).toContain('第1次');
    expect(text).toContain('陈静、李桂英');
    expect(text).toContain('第二十三条、第二十四条');
  });

  it('numbers the 人民调解协议书 and writes every item of 人民调解法 art 29 into it', async () => {
    c = await issue('tiaojie', c, 'agreement', {
      responsibilities: '李国强修建排水沟未考虑相邻方利益，负主要责任；张德明交涉中言语过激，负次要责任。',
      agreementTerms: terms,
      performanceMethod: '李国强自行组织施工',
      performancePlace: '张德明院墙西侧',
      performanceDue: '2026-03-10',
    });
    const doc = (c.documents as { id: string; kind: string; number: string }[]).find((d) => d.kind === 'agreement')!;
    expect(doc.number).toMatch(/^湾调协〔2026〕\d+号$/);
    agreementId = doc.id;
    const { text } = await docxText('tiaojie', doc.id);
    // Title, organ and number.
    expect(text).toContain('湾头村人民调解委员会');
    expect(text).toContain('人民调解协议书');
    expect(text).toContain(doc.number);
    // (1) 当事人的基本情况: every party, with sex, birth date, full ID number and address.
    expect(text).toContain('一、当事人的基本情况');
    expect(text).toContain(`申请人：张德明，男，1990年3月7日出生`);
    expect(text).toContain(`公民身份号码：${ID_A}`);
    expect(text).toContain('住湾头村3组17号');
    expect(text).toContain('被申请人：李国强');
    expect(text).toContain(`公民身份号码：${ID_B}`);
    // (2) 纠纷的主要事实、争议事项以及各方当事人的责任.
    expect(text).toContain('二、纠纷的主要事实');
    expect(text).toContain('被申请人新修排水沟将污水排向申请人院墙');
    expect(text).toContain('三、争议事项');
    expect(text).toContain('请求被申请人改建排水沟');
    expect(text).toContain('四、各方当事人的责任');
    expect(text).toContain('负主要责任');
    // (3) 协议的内容，履行的方式、地点、期限.
    expect(text).toContain('五、经调解，当事人自愿达成如下协议');
    expect(text).toContain('一、李国强于2026年3月10日前自费将排水沟改道');
    expect(text).toContain('履行方式：李国强自行组织施工');
    expect(text).toContain('履行地点：张德明院墙西侧');
    expect(text).toContain('履行期限：2026年3月10日前履行完毕');
    // Effect, copies and binding force (arts 29 ¶2, 31, 32, 33).
    expect(text).toContain('第二十九条');
    expect(text).toContain('本协议具有法律约束力，当事人应当按照约定履行');
    expect(text).toContain('第三十一条');
    expect(text).toContain('本协议一式3份，当事人各执一份，人民调解委员会留存一份');
    // Signatures of every party and mediator, the committee's seal and the date.
    expect(text).toContain('签名、盖章或按指印');
    for (const row of ['申请人\n张德明', '被申请人\n李国强', '人民调解员\n陈静', '人民调解员\n李桂英', '记录人']) {
      expect(text).toContain(row);
    }
    expect(text).toContain('湾头村人民调解委员会（盖章）');
    expect(text).toContain('2026年3月2日');
  });

  it('renders the agreement to a PDF that reads like the .docx', async () => {
    if (!(await hasLibreOffice()) || !(await hasPoppler())) return;
    const { buffer } = await docxText('tiaojie', agreementId);
    const pdf = await pdfToText(await docxToPdf(buffer));
    expect(pdf).toContain('人民调解协议书');
    expect(pdf).toContain(ID_A);
    expect(pdf).toContain('湾头村人民调解委员会（盖章）');
  }, 120_000);

  it('records the written agreement, the village officer’s follow-up, performance and the archive', async () => {
    c = await act('tiaojie', c, 'agree_written', {
      agreementTerms: terms,
      performanceMethod: '李国强自行组织施工',
      performanceDue: '2026-03-10',
      agreementEffectiveOn: '2026-03-02',
    });
    expect(c).toMatchObject({ state: 'agreement_written', fields: expect.objectContaining({ outcome: 'success' }) });
    await moveTo('2026-03-11T09:30:00+08:00', ['tiaojie', 'cun01']);
    c = (await call('tiaojie')('GET', `/api/cases/${c.id}`)).json();
    // 回访 is due the first working day after the performance day.
    const follow = (c.clocks as { key: string; due: string }[]).find((k) => k.key === 'follow_up');
    expect(follow?.due).toBe('2026-03-11');
    c = await act('cun01', c, 'follow_up', {
      date: '2026-03-11',
      method: 'visit',
      performance: 'full',
      note: '到现场查看，排水沟已改道，双方无异议。',
    });
    const tooEarly = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/performed`, {
      version: c.version,
      input: { performedOn: '2026-03-11' },
    });
    expect(tooEarly.json().error.message).toContain('回访记录');
    c = await issue('tiaojie', c, 'follow_up_record');
    const record = (c.documents as { id: string; kind: string }[]).find((d) => d.kind === 'follow_up_record')!;
    const { text } = await docxText('tiaojie', record.id);
    expect(text).toContain('已全部履行');
    expect(text).toContain('排水沟已改道');
    c = await act('tiaojie', c, 'performed', { performedOn: '2026-03-11' });
    expect(c.state).toBe('performed');
    c = await act('tiaojie', c, 'archive', { archiveNo: '2026-调-001' });
    expect(c).toMatchObject({ state: 'archived', terminal: true });
    expect((c.documents as { kind: string }[]).map((d) => d.kind).sort()).toEqual(
      ['agreement', 'follow_up_record', 'registration', 'session_record'].sort(),
    );
    await moveTo('2026-03-02T10:00:00+08:00');
  });
});

describe('parties’ 民族 and 职业 on the documents (issue 13)', () => {
  it('prints them in 当事人的基本情况 where recorded, and a blank where not (人民调解法 art 29(1))', async () => {
    const body = dispute();
    body.parties = [
      { ...body.parties[0]!, ethnicity: '回', occupation: '个体工商户' },
      { ...body.parties[1]! },
    ] as typeof body.parties;
    const r = await call('tiaojie')('POST', '/api/cases', body);
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json();
    expect(c.parties[0]).toMatchObject({ ethnicity: '回', occupation: '个体工商户' });
    expect(c.parties[1]).toMatchObject({ ethnicity: null, occupation: null });
    const issued = await issue('tiaojie', c, 'application');
    const { text } = await docxText('tiaojie', issued.documents.at(-1).id);
    const applicant = text.split('\n').find((l) => l.startsWith('申请人：张德明'))!;
    expect(applicant).toContain('，回族，');
    expect(applicant).toContain('职业：个体工商户');
    const respondent = text.split('\n').find((l) => l.startsWith('被申请人：李国强'))!;
    expect(respondent).toContain('，____族，');
    expect(respondent).toContain('职业：______');
  });
});

describe('risk', () => {
  it('marks a five-person dispute high risk on the case and in the list', async () => {
    const r = await call('tiaojie')(
      'POST',
      '/api/cases',
      dispute({ title: '五户村民与养殖场异味纠纷' }, { peopleCount: 5, disputeType: 'other' }),
    );
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json();
    expect(c.risk).toBe('high');
    const row = await h.db.database.db
      .selectFrom('cases')
      .select('risk')
      .where('id', '=', Number(c.id))
      .executeTakeFirstOrThrow();
    expect(row.risk).toBe('high');
    const list = (await call('tiaojie')('GET', '/api/cases?type=mediation&limit=200')).json();
    expect(list.items.find((i: { id: string }) => i.id === c.id)?.risk).toBe('high');
    // Two people, no other signal than the 全国两会 window the test date sits in: medium, not high.
    const small = (await call('tiaojie')('POST', '/api/cases', dispute({ title: '两人纠纷' }))).json();
    expect(small.risk).toBe('medium');
    // 预警: the unowned high-risk case is on the leader's inbox (the medium one is not) until a leader takes it.
    const inbox = async () =>
      ((await call('leader')('GET', '/api/inbox')).json().items as { id: string }[]).map((i) => i.id);
    expect(await inbox()).toContain(c.id);
    expect(await inbox()).not.toContain(small.id);
    const taken = await call('leader')('POST', `/api/cases/${c.id}/actions/take_ownership`, {
      version: c.version,
      input: { ownerLeaderId: String(ids.leader) },
    });
    expect(taken.statusCode, taken.body).toBe(200);
    expect(taken.json().ownerLeaderName).toBe('王建国');
    expect(await inbox()).toContain(c.id);
  });
});

describe('duplicate hint', () => {
  let open: { id: string; number: string };
  let other: { id: string };

  beforeAll(async () => {
    const parties = [
      { role: 'applicant', name: '赵玉兰', idNumber: ID_C, phone: '13911112222', address: '湾头村5组8号' },
      { role: 'respondent', name: '钱永康', idNumber: ID_D },
    ];
    open = (
      await call('tiaojie')(
        'POST',
        '/api/cases',
        dispute({ title: '赵玉兰宅基地纠纷', parties }, { disputeType: 'land' }),
      )
    ).json();
    // The same person in 青石镇: another town's case, beyond the clerk of 湾头桥镇.
    const qs = await createUser(h.db.database.db, {
      username: 'qstiaojie2',
      password: 'Test@2026x',
      roles: [
        {
          role: 'tiaojie',
          unit: {
            id: ids.otherTown,
            parent_id: null,
            town_id: ids.otherTown,
            kind: 'town',
            name: '青石镇',
            code: null,
            path: (
              await h.db.database.db
                .selectFrom('org_units')
                .select('path')
                .where('id', '=', ids.otherTown)
                .executeTakeFirstOrThrow()
            ).path,
          },
        },
      ],
    });
    s.qs = await login(h.app, qs.username, 'Test@2026x');
    const r = await call('qs')(
      'POST',
      '/api/cases',
      dispute({ title: '青石镇的纠纷', unitId: String(ids.otherVillage), parties }, { disputeType: 'land' }),
    );
    expect(r.statusCode, r.body).toBe(200);
    other = r.json();
  });

  const hint = (who: string, query: string) => call(who)('GET', `/api/mediation/duplicates?${query}`);

  it('finds the same person by ID number, and not another town’s case', async () => {
    const r = await hint('tiaojie', `idNumber=${ID_C.toLowerCase()}`);
    expect(r.statusCode, r.body).toBe(200);
    const items = r.json().items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect(items[0]).toMatchObject({ number: open.number, state: 'registered', stateLabel: '已登记' });
    expect(items[0].reasons).toEqual([DUPLICATE_REASONS.id]);
    // 青石镇's clerk sees their own case only.
    const theirs = (await hint('qs', `idNumber=${ID_C}`)).json().items;
    expect(theirs.map((i: { id: string }) => i.id)).toEqual([other.id]);
  });

  it('finds the same person by name and phone, however the phone is written', async () => {
    const items = (await hint('tiaojie', `name=${encodeURIComponent('赵玉兰')}&phone=139-1111-2222`)).json().items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect(items[0].reasons).toEqual([DUPLICATE_REASONS.namePhone]);
    const wrongPhone = (await hint('tiaojie', `name=${encodeURIComponent('赵玉兰')}&phone=13911112223`)).json();
    expect(wrongPhone.items).toEqual([]);
  });

  it('finds a dispute of the same type in the same village, with every reason that applies', async () => {
    const items = (await hint('tiaojie', `unitId=${ids.village1}&disputeType=land&idNumber=${ID_C}`)).json().items;
    expect(items.map((i: { id: string }) => i.id)).toEqual([open.id]);
    expect(items[0].reasons).toEqual([DUPLICATE_REASONS.id, DUPLICATE_REASONS.village]);
    const otherType = (await hint('tiaojie', `unitId=${ids.village1}&disputeType=labor`)).json();
    expect(otherType.items).toEqual([]);
  });

  it('stays inside the user’s scope: another village’s officer sees nothing and may not name the village', async () => {
    expect((await hint('cun02', `idNumber=${ID_C}`)).json().items).toEqual([]);
    expect((await hint('cun01', `idNumber=${ID_C}`)).json().items).toHaveLength(1);
    const named = await hint('cun02', `unitId=${ids.village1}&disputeType=land`);
    expect(named.statusCode).toBe(404);
    expect((await hint('tiaojie', '')).json().items).toEqual([]);
  });
});

describe('village scope', () => {
  it('keeps a village officer to their own village’s disputes', async () => {
    const theirs = (
      await call('tiaojie')('POST', '/api/cases', dispute({ title: '桥东村纠纷', unitId: String(ids.village2) }))
    ).json();
    expect((await call('cun01')('GET', `/api/cases/${theirs.id}`)).statusCode).toBe(404);
    expect((await call('cun02')('GET', `/api/cases/${theirs.id}`)).statusCode).toBe(200);
    const list = (await call('cun01')('GET', '/api/cases?type=mediation&limit=200')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { unitName: string }) => i.unitName === '湾头村村民委员会')).toBe(true);
  });
});

describe('statistics', () => {
  /**
   * Six disputes of 2025, counted by hand:
   * A 湾头村 neighbour 1000元: written agreement (05-06 → 05-16, 10 days), judicially confirmed, performed.
   * B 湾头村 land 5000元: oral agreement (05-06 → 05-12, 6 days), performed in part.
   * C 桥东村 labour 200000元, 8 people (high risk), reported to the police: failed (06-03 → 06-23, 20 days).
   * D 桥东村 neighbour: not accepted.
   * E 湾头村 contract 3000元: referred to arbitration.
   * F 湾头村 neighbour: in mediation.
   */
  beforeAll(async () => {
    const create = async (at: string, body: ReturnType<typeof dispute>) => {
      await moveTo(at, ['tiaojie', 'leader']);
      const r = await call('tiaojie')('POST', '/api/cases', body);
      expect(r.statusCode, r.body).toBe(200);
      return r.json();
    };
    const step = async (at: string) => moveTo(at, ['tiaojie', 'leader']);
    const startMediation = async (c: { id: string; version: number }, on: string) => {
      let x = await issue('tiaojie', c, 'registration');
      x = await act('tiaojie', x, 'accept');
      x = await act('tiaojie', x, 'route', { route: 'people', committee: '湾头桥镇人民调解委员会' });
      x = await act('tiaojie', x, 'assign', { assigneeId: String(ids.sifasuo) });
      x = await issue('tiaojie', x, 'session_record');
      return act('tiaojie', x, 'record_session', {
        date: on,
        place: '综治中心调解室',
        attendees: ['当事人'],
        summary: '听取陈述',
      });
    };
    const v1 = String(ids.village1);
    const v2 = String(ids.village2);
    const received = (d: string) => ({ receivedOn: d });

    // A
    let a = await create(
      '2025-05-06T09:00:00+08:00',
      dispute({ title: 'A', unitId: v1 }, { amount: 1000, ...received('2025-05-06') }),
    );
    // B
    let b = await create(
      '2025-05-06T10:00:00+08:00',
      dispute({ title: 'B', unitId: v1 }, { disputeType: 'land', amount: 5000, ...received('2025-05-06') }),
    );
    a = await startMediation(a, '2025-05-06');
    b = await startMediation(b, '2025-05-06');
    await step('2025-05-12T10:00:00+08:00');
    b = await issue('tiaojie', b, 'oral_record');
    b = await act('tiaojie', b, 'agree_oral', {
      agreementTerms: '分界按村组指界恢复',
      performanceDue: '2025-05-20',
      agreementEffectiveOn: '2025-05-12',
    });
    await step('2025-05-16T10:00:00+08:00');
    a = await issue('tiaojie', a, 'agreement', { agreementTerms: '赔偿1000元' });
    a = await act('tiaojie', a, 'agree_written', {
      agreementTerms: '赔偿1000元',
      performanceDue: '2025-05-30',
      agreementEffectiveOn: '2025-05-16',
    });
    await step('2025-05-20T10:00:00+08:00');
    a = await issue('tiaojie', a, 'confirmation_application', { court: '示范县人民法院' });
    a = await act('tiaojie', a, 'apply_confirmation', { court: '示范县人民法院', appliedOn: '2025-05-20' });
    await step('2025-05-21T10:00:00+08:00');
    b = await act('tiaojie', b, 'follow_up', {
      date: '2025-05-21',
      method: 'phone',
      performance: 'partial',
      note: '部分履行',
    });
    await step('2025-06-03T10:00:00+08:00');
    a = await act('tiaojie', a, 'record_confirmation', { result: 'confirmed', decidedOn: '2025-06-03' });
    a = await act('tiaojie', a, 'follow_up', {
      date: '2025-06-03',
      method: 'visit',
      performance: 'full',
      note: '已付清',
    });
    a = await issue('tiaojie', a, 'follow_up_record');
    a = await act('tiaojie', a, 'performed', { performedOn: '2025-06-03' });
    // C
    let c = await create(
      '2025-06-03T11:00:00+08:00',
      dispute(
        { title: 'C', unitId: v2 },
        { disputeType: 'labor', amount: 200_000, peopleCount: 8, ...received('2025-06-03') },
      ),
    );
    c = await startMediation(c, '2025-06-03');
    c = await act('leader', c, 'report_police', { date: '2025-06-03', agency: '湾头桥派出所', situation: '扬言聚集' });
    // D
    let d = await create('2025-06-10T09:00:00+08:00', dispute({ title: 'D', unitId: v2 }, received('2025-06-10')));
    d = await issue('tiaojie', d, 'rejection_notice', {
      rejectionGround: 'already_handled',
      rejectionReason: '法院已立案',
    });
    d = await act('tiaojie', d, 'decline', { rejectionGround: 'already_handled', rejectionReason: '法院已立案' });
    await step('2025-06-23T10:00:00+08:00');
    c = await issue('tiaojie', c, 'termination_notice', { terminationReason: '分歧较大' });
    c = await act('tiaojie', c, 'terminate', { terminationReason: '分歧较大' });
    // E
    let e = await create(
      '2025-07-01T09:00:00+08:00',
      dispute({ title: 'E', unitId: v1 }, { disputeType: 'contract', amount: 3000, ...received('2025-07-01') }),
    );
    e = await issue('tiaojie', e, 'registration');
    e = await act('tiaojie', e, 'accept');
    e = await act('tiaojie', e, 'refer', {
      referralTo: 'arbitration',
      referralOrg: '示范县劳动人事争议仲裁委员会',
      referralReason: '宜仲裁',
    });
    // F
    const f = await create('2025-07-08T09:00:00+08:00', dispute({ title: 'F', unitId: v1 }, received('2025-07-08')));
    await startMediation(f, '2025-07-08');
    await moveTo('2026-03-02T10:00:00+08:00');
  }, 120_000);

  it('counts the year as the hand count says', async () => {
    const r = await call('tiaojie')('GET', '/api/stats/mediation?year=2025');
    expect(r.statusCode, r.body).toBe(200);
    const st = r.json();
    expect(st.totals).toEqual({
      registered: 6,
      accepted: 5,
      rejected: 1,
      referred: 1,
      withdrawn: 0,
      mediated: 4,
      inMediation: 1,
      concluded: 3,
      success: 2,
      failed: 1,
      successRate: 66.7,
      written: 1,
      oral: 1,
      confirmationApplied: 1,
      confirmed: 1,
      amount: 209_000,
      agreementsDue: 2,
      performed: 1,
      performanceRate: 50,
      litigated: 0,
      avgDaysToClose: 12,
      overdue: 0,
      policeReported: 1,
      highRisk: 1,
    });
    expect(st.byType).toEqual([
      { disputeType: 'neighbor', label: '邻里', registered: 3, accepted: 2, success: 1, amount: 1000 },
      { disputeType: 'land', label: '土地/宅基地', registered: 1, accepted: 1, success: 1, amount: 5000 },
      { disputeType: 'labor', label: '劳资/欠薪', registered: 1, accepted: 1, success: 0, amount: 200_000 },
      { disputeType: 'contract', label: '合同', registered: 1, accepted: 1, success: 0, amount: 3000 },
    ]);
    expect(st.byVillage).toEqual([
      {
        unitId: String(ids.village1),
        unitName: '湾头村村民委员会',
        registered: 4,
        accepted: 4,
        success: 2,
        highRisk: 0,
      },
      {
        unitId: String(ids.village2),
        unitName: '桥东村村民委员会',
        registered: 2,
        accepted: 1,
        success: 0,
        highRisk: 1,
      },
    ]);
    expect(st.byMonth.map((m: { registered: number }) => m.registered)).toEqual([0, 0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0]);
    expect(st.byMonth[4]).toEqual({ month: 5, registered: 2, accepted: 2, success: 2 });
    expect(st.highRisk).toEqual({ total: 1, byOutcome: [{ key: 'failed', label: '调解不成', count: 1 }] });
    expect(st.referrals.byRoute).toEqual([
      { key: 'arbitration', label: '仲裁（劳动人事争议、农村土地承包经营纠纷）', count: 1 },
    ]);
  });

  it('counts only the village a village officer may see, and filters by village', async () => {
    const mine = (await call('cun01')('GET', '/api/stats/mediation?year=2025')).json();
    expect(mine.totals).toMatchObject({ registered: 4, accepted: 4, success: 2, amount: 9000, highRisk: 0 });
    expect(mine.byVillage.map((v: { unitName: string }) => v.unitName)).toEqual(['湾头村村民委员会']);
    const v2 = (await call('tiaojie')('GET', `/api/stats/mediation?year=2025&unitId=${ids.village2}`)).json();
    expect(v2).toMatchObject({ unitName: '桥东村村民委员会', totals: { registered: 2, accepted: 1, failed: 1 } });
    expect((await call('cun01')('GET', `/api/stats/mediation?year=2025&unitId=${ids.village2}`)).statusCode).toBe(404);
    expect((await call('sysadmin')('GET', '/api/stats/mediation?year=2025')).statusCode).toBe(403);
    // The county reads every town of the county.
    const county = (await call('county')('GET', '/api/stats/mediation?year=2025')).json();
    expect(county.totals.registered).toBe(6);
    const empty = (await call('tiaojie')('GET', '/api/stats/mediation?year=2019')).json();
    expect(empty.totals).toMatchObject({ registered: 0, successRate: null, avgDaysToClose: null });
  });
});

describe('OpenAPI', () => {
  it('documents both routes with their response schemas', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    const stats = paths['/api/stats/mediation'].get;
    expect(stats.summary).toContain('统计');
    expect(JSON.stringify(stats.responses['200'])).toContain('调解成功率');
    expect(JSON.stringify(paths['/api/mediation/duplicates'].get.responses['200'])).toContain('疑似重复的原因');
  });
});

describe('the 2023 demo year', () => {
  it('drives a deterministic year of disputes through the service to its end', async () => {
    const result = await seedMediationDemo(h.app.services, { count: 36, seed: 11 });
    expect(result.cases).toBe(36);
    expect(result.documents).toBeGreaterThan(36 * 3);
    // What is open at the year's end is carried to its end in the first quarter after it:
    // only the agreement waiting for the court's 司法确认 is left open, and it has no clock running.
    const states = mediationCaseType.type.states as Record<string, { terminal?: boolean }>;
    const open = Object.keys(result.byState).filter((s) => !states[s]?.terminal);
    expect(open).toEqual(['confirmation_applied']);
    expect(result.byState.confirmation_applied).toBe(1);
    expect(result.byState.archived).toBeGreaterThan(20);
    expect(result.byState.rejected ?? 0).toBeGreaterThan(0);
    const db = h.db.database.db;
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'number', 'created_at', 'risk'])
      .where('type', '=', 'mediation')
      .where('year', '=', 2023)
      .orderBy('seq')
      .execute();
    expect(rows).toHaveLength(36);
    // Numbers rise with the dates: the steps of all cases ran in one time order.
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.created_at >= rows[i - 1]!.created_at).toBe(true);
    expect(rows.some((r) => r.risk === 'high')).toBe(true);
    const events = await db
      .selectFrom('case_events as e')
      .innerJoin('cases as c', 'c.id', 'e.case_id')
      .select(['e.at', 'e.action'])
      .where('c.year', '=', 2023)
      .execute();
    // The year's work, finished by the end of March of the next.
    expect(events.every((e) => shanghaiDate(e.at) >= '2023-01-01' && shanghaiDate(e.at) <= '2024-03-31')).toBe(true);
    expect(events.some((e) => shanghaiDate(e.at) >= '2024-01-01')).toBe(true);
    expect(events.some((e) => e.action === 'issue:agreement')).toBe(true);
    // Every outcome passed through on the way to 归档.
    for (const action of ['terminate', 'withdraw', 'performed', 'litigate', 'archive', 'apply_confirmation']) {
      expect(
        events.some((e) => e.action === action),
        action,
      ).toBe(true);
    }
    const left = await db
      .selectFrom('cases')
      .select(['next_due'])
      .where('type', '=', 'mediation')
      .where('year', '=', 2023)
      .where('terminal', '=', false)
      .execute();
    expect(left).toEqual([{ next_due: null }]);
    // Every party's number passes its checksum.
    const parties = await db
      .selectFrom('parties as p')
      .innerJoin('case_parties as cp', 'cp.party_id', 'p.id')
      .innerJoin('cases as c', 'c.id', 'cp.case_id')
      .select(['p.kind', 'p.id_enc'])
      .where('c.year', '=', 2023)
      .execute();
    for (const p of parties) {
      const value = h.app.services.cipher.decrypt(p.id_enc!);
      expect((p.kind === 'org' ? validateUscc(value) : validateIdCard(value)).ok, value).toBe(true);
    }
    const stats = (await call('tiaojie')('GET', '/api/stats/mediation?year=2023')).json();
    expect(stats.totals.registered).toBe(36);
    expect(stats.totals.success).toBeGreaterThan(0);
    expect(stats.totals.successRate).toBeGreaterThan(50);
    expect(stats.byVillage.length).toBeGreaterThan(1);
  }, 300_000);
});
