/**
 * Report facts (issue 6) on a real database: every computed fact against hand-counted cases
 * registered through the HTTP API (the same fixtures as the mediation and petition
 * statistics, so the two readers of a figure must agree), the drill-down listing exactly
 * the counted records (narrower for a village officer), hand entry with its source
 * overriding a figure, the county roll-up, the .xlsx, and the 4xx answers to bad input.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../src/cases/access.ts';
import { sweepBreaches } from '../src/jobs/sweep.ts';
import { campaignFacts } from '../src/modules/mediation/campaigns/facts.ts';
import { mediationFacts } from '../src/modules/mediation/facts.ts';
import { petitionFacts } from '../src/modules/petition/facts.ts';
import { createUser } from '../src/seed/factories.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, town: 0, otherTown: 0, leader: 0, sifasuo: 0 };
const caseIds: Record<string, string> = {};

const ID_A = '110101199003070011';
const ID_B = '110101199003070038';
const ID_ZHANG = '339901196505120022';

beforeAll(async () => {
  h = await harness({}, { demo: true });
  const db = h.db.database.db;
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const user = async (name: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  ids.town = await unit('湾头桥镇');
  ids.otherTown = await unit('青石镇');
  ids.leader = await user('leader');
  ids.sifasuo = await user('sifasuo');
  const other = await db.selectFrom('org_units').selectAll().where('id', '=', ids.otherTown).executeTakeFirstOrThrow();
  for (const role of ['tiaojie', 'fazhiban']) {
    await createUser(db, {
      username: `qs${role}`,
      password: 'Test@2026x',
      roles: [{ role, unit: { ...other, code: other.code ?? null }, scope: 'town' }],
    });
  }
}, 60_000);
afterAll(() => h.close());

// ── Helpers ──────────────────────────────────────────────────────────────────────────────

function on(date: string, minutes = 0) {
  h.clock.current = new Date(Date.parse(`${date}T10:00:00+08:00`) + minutes * 60_000);
}

/** A request as `who`, signing in again whenever the clock has moved (idle timeout). */
const opened: Record<string, number> = {};
function req(who: string) {
  return async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    const now = h.clock.now().getTime();
    if (!s[who] || Math.abs(now - (opened[who] ?? 0)) > 10 * 60_000) {
      s[who] = await login(h.app, who, who.startsWith('qs') ? 'Test@2026x' : 'Demo@2026');
      opened[who] = now;
    }
    return as(h.app, s[who]!)(method, url, payload);
  };
}

async function create(who: string, body: unknown): Promise<string> {
  const r = await req(who)('POST', '/api/cases', body);
  expect(r.statusCode, r.body).toBe(200);
  return r.json().id as string;
}

async function ok(who: string, id: string, action: string, input?: unknown) {
  const c = (await req(who)('GET', `/api/cases/${id}`)).json();
  const r = await req(who)('POST', `/api/cases/${id}/actions/${action}`, {
    version: c.version,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
}

async function issue(who: string, id: string, kind: string, input?: unknown) {
  const c = (await req(who)('GET', `/api/cases/${id}`)).json();
  const r = await req(who)('POST', `/api/cases/${id}/documents`, {
    version: c.version,
    kind,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${kind}: ${r.body}`).toBe(200);
}

function dispute(title: string, unitId: number, fields: Record<string, unknown>) {
  return {
    type: 'mediation',
    title,
    unitId: String(unitId),
    fields: {
      channel: 'walk_in',
      disputeType: 'neighbor',
      peopleCount: 2,
      summary: '双方系前后邻居，被申请人新修排水沟将污水排向申请人院墙，双方多次争吵。',
      requests: '请求被申请人改建排水沟，停止向申请人院墙一侧排水。',
      ...fields,
    },
    parties: [
      { role: 'applicant', name: '张德明', idNumber: ID_A, phone: '13812345678', address: '湾头村3组17号' },
      { role: 'respondent', name: '李国强', idNumber: ID_B, phone: '13967154321', address: '湾头村3组19号' },
    ],
  };
}

function petition(p: {
  title?: string;
  unitId?: number | null;
  receivedOn: string;
  channel?: string;
  category?: string;
  peopleCount?: number;
  petitioner?: { name: string; idNumber: string };
  accused?: { name: string; unitId: number };
}) {
  return {
    type: 'petition',
    title: p.title ?? '反映村道硬化路面开裂',
    ...(p.unitId === null ? {} : { unitId: String(p.unitId ?? ids.village1) }),
    fields: {
      channel: p.channel ?? 'letter',
      source: 'direct',
      receivedOn: p.receivedOn,
      category: p.category ?? 'claim',
      field: '农村公路',
      summary: '湾头村3组至5组村道硬化不到一年多处开裂、塌陷，雨天积水，群众出行困难。',
      requests: '要求施工单位返工修复路面，并公开工程验收情况。',
      peopleCount: p.peopleCount ?? 1,
      ...((p.peopleCount ?? 1) >= 5 ? { representatives: ['张桂英', '周德明'] } : {}),
    },
    parties: [
      {
        role: 'petitioner',
        name: p.petitioner?.name ?? '张桂英',
        ...(p.petitioner ? (p.petitioner.idNumber ? { idNumber: p.petitioner.idNumber } : {}) : { idNumber: ID_ZHANG }),
        phone: '13905761234',
        address: '示范县湾头桥镇湾头村3组18号',
      },
      ...(p.accused ? [{ role: 'accused', kind: 'org', name: p.accused.name, unitId: String(p.accused.unitId) }] : []),
    ],
  };
}

const REPLY = {
  opinion: 'support',
  facts: '该路段开裂面积约120平方米，工程尚在两年质保期内。',
  reasons: '施工单位应当在质保期内承担返修责任。',
  legalBasis: '《建设工程质量管理条例》第四十一条。',
};

type FactsBody = {
  modules: { module: string; facts: { key: string; value: number | null; origin: string; source: string | null }[] }[];
};
const flat = (body: FactsBody) => Object.fromEntries(body.modules.flatMap((m) => m.facts.map((f) => [f.key, f])));
/** The values of one provider's facts; every fact it registers must be there. */
const values = (body: FactsBody, provider: { facts: readonly { key: string }[] }) => {
  const all = flat(body);
  return Object.fromEntries(provider.facts.map((f) => [f.key, all[f.key]?.value]));
};

// ── Fixtures ─────────────────────────────────────────────────────────────────────────────

/**
 * Mediation, six disputes of 2025 (as in mediation.test.ts), counted by hand:
 * A 湾头村 neighbour 1000元: written agreement (05-06 → 05-16), judicially confirmed, performed.
 * B 湾头村 land 5000元: oral agreement (05-06 → 05-12), performed in part.
 * C 桥东村 labour 200000元, 8 people (high risk), reported to the police: failed (06-03 → 06-23).
 * D 桥东村 neighbour: not accepted.
 * E 湾头村 contract 3000元: referred to arbitration.
 * F 湾头村 neighbour: accepted 07-08, still in mediation in December: past its one month (overdue).
 * Average days to close: (10 + 6 + 20) / 3 = 12.
 *
 * Petitions (as in petition.test.ts), received in 2025 and counted on 2025-12-22:
 * F1 visit 湾头村 claim: accepted on time, replied on time, satisfied, closed.
 * F2 letter 桥东村 claim: accepted late, replied late, unsatisfied; repeat of a 2024 petition (F9).
 * F3 online 湾头村 claim ×8 people (collective), F1's petitioner again (repeat); extended 30 days; replied
 *    on time; basically satisfied; review requested and upheld.
 * F4 phone 镇直 suggestion: acknowledged on time.
 * F5 visit 桥东村 claim received 12-20: registered only, within its 15 days (not counted in the rate).
 * F6 visit 湾头村 claim, owned by the leader: on time, satisfied, signed off, closed.
 * F7 letter 湾头村 accusation against 湾头村: forwarded to 纪检监察 on time.
 * F8 online 桥东村 claim routed to arbitration on time.
 * F9 received 2024-12-30 (the previous year: 同比).
 *
 * Screening: one campaign of December 2025; three disputes found (two 湾头村, one 桥东村), one of
 * them converted to a mediation case in January 2026 (so the 2025 mediation figures stay as above).
 */
beforeAll(async () => {
  const v1 = ids.village1;
  const v2 = ids.village2;
  const startMediation = async (id: string, d: string) => {
    await issue('tiaojie', id, 'registration');
    await ok('tiaojie', id, 'accept');
    await ok('tiaojie', id, 'route', { route: 'people', committee: '湾头桥镇人民调解委员会' });
    await ok('tiaojie', id, 'assign', { assigneeId: String(ids.sifasuo) });
    await issue('tiaojie', id, 'session_record');
    await ok('tiaojie', id, 'record_session', {
      date: d,
      place: '综治中心调解室',
      attendees: ['当事人'],
      summary: '听取陈述',
    });
  };
  on('2025-05-06', -60);
  const a = await create('tiaojie', dispute('A', v1, { amount: 1000, receivedOn: '2025-05-06' }));
  on('2025-05-06');
  const b = await create('tiaojie', dispute('B', v1, { disputeType: 'land', amount: 5000, receivedOn: '2025-05-06' }));
  await startMediation(a, '2025-05-06');
  await startMediation(b, '2025-05-06');
  on('2025-05-12');
  await issue('tiaojie', b, 'oral_record');
  await ok('tiaojie', b, 'agree_oral', {
    agreementTerms: '分界按村组指界恢复',
    performanceDue: '2025-05-20',
    agreementEffectiveOn: '2025-05-12',
  });
  on('2025-05-16');
  await issue('tiaojie', a, 'agreement', { agreementTerms: '赔偿1000元' });
  await ok('tiaojie', a, 'agree_written', {
    agreementTerms: '赔偿1000元',
    performanceDue: '2025-05-30',
    agreementEffectiveOn: '2025-05-16',
  });
  on('2025-05-20');
  await issue('tiaojie', a, 'confirmation_application', { court: '示范县人民法院' });
  await ok('tiaojie', a, 'apply_confirmation', { court: '示范县人民法院', appliedOn: '2025-05-20' });
  on('2025-05-21');
  await ok('tiaojie', b, 'follow_up', {
    date: '2025-05-21',
    method: 'phone',
    performance: 'partial',
    note: '部分履行',
  });
  on('2025-06-03', -60);
  await ok('tiaojie', a, 'record_confirmation', { result: 'confirmed', decidedOn: '2025-06-03' });
  await ok('tiaojie', a, 'follow_up', { date: '2025-06-03', method: 'visit', performance: 'full', note: '已付清' });
  await issue('tiaojie', a, 'follow_up_record');
  await ok('tiaojie', a, 'performed', { performedOn: '2025-06-03' });
  on('2025-06-03', 60);
  const c = await create(
    'tiaojie',
    dispute('C', v2, { disputeType: 'labor', amount: 200_000, peopleCount: 8, receivedOn: '2025-06-03' }),
  );
  await startMediation(c, '2025-06-03');
  await ok('leader', c, 'report_police', { date: '2025-06-03', agency: '湾头桥派出所', situation: '扬言聚集' });
  on('2025-06-10');
  const d = await create('tiaojie', dispute('D', v2, { receivedOn: '2025-06-10' }));
  await issue('tiaojie', d, 'rejection_notice', { rejectionGround: 'already_handled', rejectionReason: '法院已立案' });
  await ok('tiaojie', d, 'decline', { rejectionGround: 'already_handled', rejectionReason: '法院已立案' });
  on('2025-06-23');
  await issue('tiaojie', c, 'termination_notice', { terminationReason: '分歧较大' });
  await ok('tiaojie', c, 'terminate', { terminationReason: '分歧较大' });
  on('2025-07-01');
  const e = await create(
    'tiaojie',
    dispute('E', v1, { disputeType: 'contract', amount: 3000, receivedOn: '2025-07-01' }),
  );
  await issue('tiaojie', e, 'registration');
  await ok('tiaojie', e, 'accept');
  await ok('tiaojie', e, 'refer', {
    referralTo: 'arbitration',
    referralOrg: '示范县劳动人事争议仲裁委员会',
    referralReason: '宜仲裁',
  });
  on('2025-07-08');
  const f = await create('tiaojie', dispute('F', v1, { receivedOn: '2025-07-08' }));
  await startMediation(f, '2025-07-08');
  Object.assign(caseIds, { a, b, c, d, e, f });

  // Petitions.
  const F2_PERSON = { name: '赵国庆', idNumber: '339901195811230911' };
  const claimTo = async (
    id: string,
    dd: { accept: string; investigate: string; reply: string; deliver?: string },
    extra?: () => Promise<void>,
  ) => {
    on(dd.accept);
    await issue('xinfang', id, 'acceptance_notice');
    await ok('xinfang', id, 'accept');
    on(dd.investigate);
    await ok('xinfang', id, 'investigate', { heardOn: dd.investigate, findings: '经实地核查属实。' });
    if (extra) await extra();
    on(dd.reply);
    await issue('xinfang', id, 'handling_opinion', REPLY);
    await ok('xinfang', id, 'reply', REPLY);
    const deliver = dd.deliver ?? dd.reply;
    on(deliver, 30);
    await issue('xinfang', id, 'delivery_receipt');
    await ok('xinfang', id, 'deliver', { deliveredOn: deliver, method: 'direct' });
  };
  on('2024-12-30');
  await create('xinfang', petition({ receivedOn: '2024-12-30', unitId: v2, petitioner: F2_PERSON }));
  on('2025-02-10');
  const f1 = await create('xinfang', petition({ receivedOn: '2025-02-10', channel: 'visit' }));
  await claimTo(f1, { accept: '2025-02-12', investigate: '2025-02-20', reply: '2025-03-20' });
  on('2025-03-24');
  await ok('xinfang', f1, 'rate', { satisfaction: 'satisfied' });
  await ok('xinfang', f1, 'close');
  on('2025-03-10');
  const f2 = await create('xinfang', petition({ receivedOn: '2025-03-10', unitId: v2, petitioner: F2_PERSON }));
  await claimTo(f2, { accept: '2025-03-31', investigate: '2025-04-07', reply: '2025-06-10', deliver: '2025-06-11' });
  on('2025-06-12');
  await ok('xinfang', f2, 'rate', { satisfaction: 'unsatisfied' });
  on('2025-04-01');
  const f3 = await create('xinfang', petition({ receivedOn: '2025-04-01', channel: 'online', peopleCount: 8 }));
  await claimTo(
    f3,
    { accept: '2025-04-03', investigate: '2025-04-10', reply: '2025-06-25', deliver: '2025-06-26' },
    async () => {
      on('2025-05-20');
      await ok('xinfang', f3, 'request_approval:extend', { length: 30, reason: '需委托第三方检测' });
      on('2025-05-21');
      await ok('leader', f3, 'approve:extend', { opinion: '同意' });
      await issue('xinfang', f3, 'extension_notice');
      await ok('xinfang', f3, 'extend');
    },
  );
  on('2025-06-27');
  await ok('xinfang', f3, 'rate', { satisfaction: 'basically_satisfied' });
  on('2025-07-10');
  await ok('xinfang', f3, 'request_review', { requestedOn: '2025-07-10', organ: '示范县人民政府' });
  on('2025-08-05');
  await issue('xinfang', f3, 'review_opinion', {
    outcome: 'upheld',
    opinion: '原处理意见认定事实清楚。',
    decidedOn: '2025-08-01',
  });
  await ok('xinfang', f3, 'record_review', { outcome: 'upheld', summary: '维持。', deliveredOn: '2025-08-04' });
  on('2025-05-06');
  const f4 = await create(
    'xinfang',
    petition({
      receivedOn: '2025-05-06',
      channel: 'phone',
      unitId: null,
      category: 'suggestion',
      petitioner: { name: '钱海燕', idNumber: '' },
    }),
  );
  on('2025-05-08');
  await issue('xinfang', f4, 'acceptance_notice');
  await ok('xinfang', f4, 'accept_suggestion');
  on('2025-12-20');
  await create(
    'xinfang',
    petition({ receivedOn: '2025-12-20', channel: 'visit', unitId: v2, petitioner: { name: '孙水生', idNumber: '' } }),
  );
  on('2025-06-09');
  const f6 = await create(
    'xinfang',
    petition({ receivedOn: '2025-06-09', channel: 'visit', petitioner: { name: '吴玉梅', idNumber: '' } }),
  );
  await claimTo(f6, { accept: '2025-06-11', investigate: '2025-06-16', reply: '2025-07-15' }, async () => {
    on('2025-06-16', 30);
    await issue('leader', f6, 'ownership_form', { plan: '限期化解。', targetDate: '2025-07-31' });
    await ok('leader', f6, 'take_ownership', {
      ownerLeaderId: String(ids.leader),
      plan: '限期化解。',
      targetDate: '2025-07-31',
    });
  });
  on('2025-07-17');
  await ok('xinfang', f6, 'rate', { satisfaction: 'satisfied' });
  on('2025-07-18');
  await ok('leader', f6, 'leader_signoff', { opinion: '同意办结。' });
  await ok('xinfang', f6, 'close');
  on('2025-07-01');
  const f7 = await create(
    'xinfang',
    petition({
      receivedOn: '2025-07-01',
      title: '检举村会计挪用集体资金',
      category: 'accusation',
      petitioner: { name: '郑文斌', idNumber: '' },
      accused: { name: '湾头村村民委员会', unitId: v1 },
    }),
  );
  on('2025-07-03');
  await issue('xinfang', f7, 'forward_slip', { mode: 'forward', to: '示范县纪委监委' });
  await ok('xinfang', f7, 'route_discipline', { authority: '示范县纪委监委' });
  on('2025-08-04');
  const f8 = await create(
    'xinfang',
    petition({ receivedOn: '2025-08-04', channel: 'online', unitId: v2, petitioner: { name: '冯小红', idNumber: '' } }),
  );
  on('2025-08-06');
  const route = { route: 'arbitration', authority: '示范县劳动人事争议仲裁委员会', reason: '属于劳动争议' };
  await issue('xinfang', f8, 'route_notice', route);
  await ok('xinfang', f8, 'route_statutory', route);
  Object.assign(caseIds, { f1, f2, f3, f4, f6, f7, f8 });

  // Screening.
  on('2025-12-01');
  const camp = await req('tiaojie')('POST', '/api/campaigns', {
    kind: 'concentrated',
    title: '2025年12月矛盾纠纷集中排查',
    periodStart: '2025-12-01',
    periodEnd: '2025-12-31',
    dueOn: '2025-12-15',
  });
  expect(camp.statusCode, camp.body).toBe(200);
  const campaign = camp.json();
  const retOf = (unitId: number) =>
    campaign.returns.find((r: { unitId: string }) => r.unitId === String(unitId)).id as string;
  const entry = (foundOn: string) => ({
    foundOn,
    disputeType: 'neighbor',
    summary: '两户因排水沟堵塞发生争执',
    requests: '疏通排水沟',
    peopleCount: 2,
    parties: [
      { role: 'applicant', name: '张三丰', idNumber: ID_A },
      { role: 'respondent', name: '李四', idNumber: ID_B },
    ],
  });
  on('2025-12-02');
  const e1 = await req('cun01')('POST', `/api/campaign-returns/${retOf(v1)}/entries`, entry('2025-12-02'));
  expect(e1.statusCode, e1.body).toBe(200);
  const e2 = await req('cun01')('POST', `/api/campaign-returns/${retOf(v1)}/entries`, entry('2025-12-02'));
  expect(e2.statusCode, e2.body).toBe(200);
  on('2025-12-03');
  const e3 = await req('cun02')('POST', `/api/campaign-returns/${retOf(v2)}/entries`, entry('2025-12-03'));
  expect(e3.statusCode, e3.body).toBe(200);
  caseIds.campaign = campaign.id;
  on('2026-01-05');
  const conv = await req('tiaojie')('POST', `/api/campaigns/${campaign.id}/convert`, { entryIds: [e1.json().id] });
  expect(conv.statusCode, conv.body).toBe(200);

  // The sweep records the breached one-month mediation clock of F (the overdue marker).
  on('2025-12-22');
  await sweepBreaches(h.db.database.db, h.app.services.registry, h.app.services.calendars, h.clock.now());
}, 300_000);

// ── Tests ────────────────────────────────────────────────────────────────────────────────

describe('computed facts', () => {
  it('counts every mediation fact as counted by hand', async () => {
    on('2025-12-22');
    const r = await req('leader')('GET', '/api/facts?year=2025');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.town).toEqual({ id: String(ids.town), name: '湾头桥镇' });
    expect(values(body, mediationFacts)).toEqual({
      'mediation.registered': 6,
      'mediation.accepted': 5,
      'mediation.mediated': 4,
      'mediation.concluded': 3,
      'mediation.success': 2,
      'mediation.success_rate': 66.7,
      'mediation.written': 1,
      'mediation.oral': 1,
      'mediation.confirmation_applied': 1,
      'mediation.confirmed': 1,
      'mediation.amount': 20.9,
      'mediation.agreements_due': 2,
      'mediation.performed': 1,
      'mediation.performance_rate': 50,
      'mediation.avg_days_to_close': 12,
      'mediation.overdue': 1,
      'mediation.high_risk': 1,
      'mediation.police_reported': 1,
      'mediation.referred': 1,
    });
  });

  it('counts every petition fact as counted by hand', async () => {
    on('2025-12-22');
    const body = (await req('leader')('GET', '/api/facts?year=2025')).json();
    expect(values(body, petitionFacts)).toEqual({
      'petition.received': 8,
      'petition.people': 15,
      'petition.accepted': 4,
      'petition.accepted_on_time': 6,
      'petition.acceptance_due': 7,
      'petition.accepted_on_time_rate': 85.7,
      'petition.handled_on_time': 3,
      'petition.handling_due': 4,
      'petition.handled_on_time_rate': 75,
      'petition.rated': 4,
      'petition.satisfied': 3,
      'petition.satisfaction_rate': 75,
      'petition.repeat': 2,
      'petition.collective': 1,
      'petition.reviews': 1,
      'petition.reviews_upheld': 1,
      'petition.rereviews': 0,
      'petition.owned_cases': 1,
      'petition.owned_resolved': 1,
    });
    // 同比: 2024 had one petition (F9).
    const received = flat(body)['petition.received'] as unknown as Record<string, unknown>;
    expect(received).toMatchObject({ previous: { value: 1, origin: 'computed' }, change: 7, changePct: 700 });
  });

  it('counts the screening campaigns as counted by hand', async () => {
    on('2025-12-22');
    const body = (await req('leader')('GET', '/api/facts?year=2025')).json();
    expect(values(body, campaignFacts)).toEqual({
      'campaigns.count': 1,
      'campaigns.disputes_found': 3,
      'campaigns.converted': 1,
    });
  });

  it('agrees with the modules’ own statistics pages', async () => {
    on('2025-12-22');
    const all = flat((await req('leader')('GET', '/api/facts?year=2025')).json());
    const facts = Object.fromEntries(Object.entries(all).map(([k, f]) => [k, f.value]));
    const med = (await req('leader')('GET', '/api/stats/mediation?year=2025')).json().totals;
    const pet = (await req('leader')('GET', '/api/stats/petitions?year=2025')).json();
    expect(facts['mediation.registered']).toBe(med.registered);
    expect(facts['mediation.success_rate']).toBe(med.successRate);
    expect(facts['mediation.amount']).toBe(med.amount / 10_000);
    expect(facts['mediation.overdue']).toBe(med.overdue);
    expect(facts['petition.received']).toBe(pet.received.total);
    expect(facts['petition.accepted_on_time_rate']).toBe(Math.round(pet.acceptance.rate * 1000) / 10);
    expect(facts['petition.repeat']).toBe(pet.repeat);
  });

  it('gives zeros and empty rates for a year without records, manual-only facts empty and marked manual', async () => {
    const body = (await req('leader')('GET', '/api/facts?year=2020')).json();
    const all = flat(body);
    expect(all['mediation.registered']!.value).toBe(0);
    expect(all['mediation.success_rate']!.value).toBeNull();
    expect(all['study.leader_sessions']).toMatchObject({ value: null, origin: 'manual', source: null });
  });
});

describe('drill-down', () => {
  const drill = async (who: string, key: string, extra = '') => {
    const r = await req(who)('GET', `/api/facts/${key}/records?year=2025${extra}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const titles = (b: { records: { title: string }[] }) => b.records.map((x) => x.title).sort();

  it('lists exactly the records counted, for every computed fact', async () => {
    on('2025-12-22');
    const body = (await req('leader')('GET', '/api/facts?year=2025')).json();
    for (const m of body.modules) {
      for (const f of m.facts) {
        if (!f.drillable) continue;
        const d = await drill('leader', f.key);
        const denominator = f.combine.kind === 'ratio' ? flat(body)[f.combine.denominator]!.value : null;
        if (f.unit === '件' || f.unit === '次') expect(d.total, f.key).toBe(f.value);
        else if (f.combine.kind === 'ratio') expect(d.total, f.key).toBe(denominator);
        expect(d.records.length, f.key).toBe(Math.min(d.total, d.pageSize));
      }
    }
  });

  it('names the records and links them', async () => {
    const d = await drill('leader', 'mediation.success');
    expect(titles(d)).toEqual(['A', 'B']);
    expect(d.records[0]).toMatchObject({ href: `/cases/${caseIds.a}`, unitName: '湾头村村民委员会' });
    expect(d.records[0].reference).toMatch(/调〔2025〕/);
    expect(d.records[0].date).toBe('2025-05-06');
    expect(titles(await drill('leader', 'mediation.success_rate'))).toEqual(['A', 'B', 'C']);
    expect(titles(await drill('leader', 'mediation.overdue'))).toEqual(['F']);
    expect(titles(await drill('leader', 'mediation.amount'))).toEqual(['A', 'B', 'C', 'E']);
    const owned = await drill('leader', 'petition.owned_cases');
    expect(owned.records.map((x: { href: string }) => x.href)).toEqual([`/cases/${caseIds.f6}`]);
    const camp = await drill('leader', 'campaigns.count');
    expect(camp.records[0]).toMatchObject({ href: `/mediation/campaigns/${caseIds.campaign}`, date: '2025-12-01' });
    const converted = await drill('leader', 'campaigns.converted');
    expect(converted.total).toBe(1);
    expect(converted.records[0].href).toMatch(/^\/cases\/\d+$/);
  });

  it('pages through the records', async () => {
    const p2 = await drill('leader', 'mediation.registered', '&page=2');
    expect(p2).toMatchObject({ total: 6, page: 2, records: [] });
  });

  it('is narrower for a village officer, who sees only their village’s records', async () => {
    on('2025-12-22');
    const db = h.db.database.db;
    await req('cun01')('GET', '/api/me');
    const token = s.cun01!.cookie.match(/fazhi_sid=([^;]+)/)![1]!;
    const ctx = await h.app.services.auth.authenticate(token, h.clock.now(), true);
    const access = await caseAccess(db, ctx, h.app.services.registry);
    const q = { townId: ids.town, year: 2025, now: h.clock.now(), limit: 50, offset: 0 };
    const mine = await h.app.services.facts.records(db, access, { ...q, key: 'mediation.registered' });
    expect(mine.records.map((r) => r.title).sort()).toEqual(['A', 'B', 'E', 'F']);
    expect(mine.total).toBe(4);
    const found = await h.app.services.facts.records(db, access, { ...q, key: 'campaigns.disputes_found' });
    expect(found.total).toBe(2);
    // The accusation against 湾头村 (F7) is counted in the town's figure but never shown to the accused village.
    const received = await h.app.services.facts.records(db, access, { ...q, key: 'petition.received' });
    expect(received.records.map((r) => r.id)).not.toContain(caseIds.f7);
    // The village officer has no dashboard or report permission: the API refuses them.
    expect((await req('cun01')('GET', '/api/facts?year=2025')).statusCode).toBe(403);
  });

  it('answers 404 for an unknown fact or a town out of reach', async () => {
    expect((await req('leader')('GET', '/api/facts/mediation.nothing/records?year=2025')).statusCode).toBe(404);
    const other = await req('leader')(
      'GET',
      `/api/facts/mediation.registered/records?year=2025&townId=${ids.otherTown}`,
    );
    expect(other.statusCode).toBe(404);
    expect((await req('leader')('GET', `/api/facts?year=2025&townId=${ids.otherTown}`)).statusCode).toBe(404);
  });
});

describe('hand-entered facts', () => {
  it('records a manual-only figure with its source and marks it everywhere', async () => {
    on('2025-12-23');
    const r = await req('fazhiban')('PUT', '/api/facts/study.leader_sessions/manual', {
      year: 2025,
      value: 296,
      source: '安监办年度台账',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      key: 'study.leader_sessions',
      value: 296,
      origin: 'manual',
      source: '安监办年度台账',
    });
    const f = flat((await req('leader')('GET', '/api/facts?year=2025')).json())['study.leader_sessions'];
    expect(f).toMatchObject({ value: 296, origin: 'manual', source: '安监办年度台账', enteredBy: expect.any(String) });
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select(['target', 'details'])
      .where('action', '=', 'fact.manual')
      .executeTakeFirstOrThrow();
    expect(audit.target).toBe(`fact:${ids.town}:2025:study.leader_sessions`);
  });

  it('overrides a computed figure, keeps the history, and withdraws back to the computed one', async () => {
    on('2025-12-23', 5);
    const put = (value: number, source: string) =>
      req('fazhiban')('PUT', '/api/facts/mediation.registered/manual', { year: 2025, value, source });
    expect((await put(7, '含派出所移交纠纷1件')).statusCode).toBe(200);
    on('2025-12-23', 6);
    expect((await put(8, '镇派出所提供')).statusCode).toBe(200);
    const d = (await req('leader')('GET', '/api/facts/mediation.registered/records?year=2025')).json();
    expect(d.fact).toMatchObject({ value: 8, origin: 'manual', source: '镇派出所提供' });
    // The records behind the computed figure are still listed.
    expect(d.total).toBe(6);
    expect(d.history.map((x: { value: number; current: boolean }) => [x.value, x.current])).toEqual([
      [8, true],
      [7, false],
    ]);
    const rows = await h.db.database.db
      .selectFrom('fact_manual_values')
      .select(['value', 'superseded_at', 'superseded_by'])
      .where('key', '=', 'mediation.registered')
      .orderBy('id')
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.superseded_by).not.toBeNull();
    const del = await req('fazhiban')('DELETE', '/api/facts/mediation.registered/manual?year=2025');
    expect(del.statusCode, del.body).toBe(200);
    expect(del.json()).toMatchObject({ value: 6, origin: 'computed', source: null });
    expect((await req('fazhiban')('DELETE', '/api/facts/mediation.registered/manual?year=2025')).statusCode).toBe(404);
  });

  it('refuses bad input in Chinese naming the field, and writers without report:write', async () => {
    const put = (key: string, body: unknown, who = 'fazhiban') => req(who)('PUT', `/api/facts/${key}/manual`, body);
    const noSource = await put('study.leader_sessions', { year: 2025, value: 3, source: '  ' });
    expect(noSource.statusCode).toBe(422);
    expect(noSource.json().error.message).toContain('数据来源');
    expect(noSource.json().error.fields).toEqual([{ path: 'source', message: expect.stringContaining('来源') }]);
    const fraction = await put('study.leader_sessions', { year: 2025, value: 2.5, source: '台账' });
    expect(fraction.statusCode).toBe(422);
    expect(fraction.json().error.message).toContain('整数');
    const negative = await put('study.leader_sessions', { year: 2025, value: -1, source: '台账' });
    expect(negative.statusCode).toBe(422);
    expect(negative.json().error.fields[0].path).toBe('value');
    const pctOver = await put('mediation.success_rate', { year: 2025, value: 120, source: '台账' });
    expect(pctOver.statusCode).toBe(422);
    expect(pctOver.json().error.message).toContain('百分比');
    const missing = await put('study.leader_sessions', { year: 2025, source: '台账' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('数值');
    const badYear = await put('study.leader_sessions', { year: 1900, value: 1, source: '台账' });
    expect(badYear.statusCode).toBe(400);
    expect(badYear.json().error.message).toContain('年度');
    expect((await put('nothing.here', { year: 2025, value: 1, source: '台账' })).statusCode).toBe(404);
    expect((await put('study.leader_sessions', { year: 2025, value: 1, source: '台账' }, 'leader')).statusCode).toBe(
      403,
    );
    expect((await put('study.leader_sessions', { year: 2025, value: 1, source: '台账' }, 'county')).statusCode).toBe(
      403,
    );
    const otherTown = await put('study.leader_sessions', {
      year: 2025,
      value: 1,
      source: '台账',
      townId: ids.otherTown,
    });
    expect(otherTown.statusCode).toBe(404);
    const badQuery = await req('leader')('GET', '/api/facts?year=abc');
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.message).toContain('年度');
  });
});

describe('county roll-up', () => {
  beforeAll(async () => {
    // 青石镇: two disputes registered (one accepted, mediated and settled), and its own inspections.
    on('2025-09-01');
    const qs = await h.app.services.database.db
      .selectFrom('org_units')
      .select('id')
      .where('parent_id', '=', ids.otherTown)
      .where('kind', '=', 'village')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const x = await create('qstiaojie', dispute('Q1', qs.id, { amount: 10_000, receivedOn: '2025-09-01' }));
    await create('qstiaojie', dispute('Q2', qs.id, { receivedOn: '2025-09-01' }));
    await issue('qstiaojie', x, 'registration');
    await ok('qstiaojie', x, 'accept');
    await ok('qstiaojie', x, 'route', { route: 'people', committee: '青石镇人民调解委员会' });
    const me = await h.app.services.database.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'qstiaojie')
      .executeTakeFirstOrThrow();
    await ok('qstiaojie', x, 'assign', { assigneeId: String(me.id) });
    await issue('qstiaojie', x, 'session_record');
    await ok('qstiaojie', x, 'record_session', {
      date: '2025-09-01',
      place: '调解室',
      attendees: ['当事人'],
      summary: '陈述',
    });
    await issue('qstiaojie', x, 'oral_record');
    await ok('qstiaojie', x, 'agree_oral', {
      agreementTerms: '当场赔付',
      performanceDue: '2025-09-05',
      agreementEffectiveOn: '2025-09-01',
    });
    const r = await req('qsfazhiban')('PUT', '/api/facts/study.leader_sessions/manual', {
      year: 2025,
      value: 4,
      source: '青石镇安监办',
    });
    expect(r.statusCode, r.body).toBe(200);
  }, 300_000);

  it('puts the towns side by side, sums counts and recomputes ratios from the sums', async () => {
    on('2025-12-23', 30);
    const r = await req('county')('GET', '/api/facts/county?year=2025');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.county).toBe('示范县');
    const names = body.towns.map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['湾头桥镇', '青石镇']));
    const wt = names.indexOf('湾头桥镇');
    const qs = names.indexOf('青石镇');
    const fact = (key: string) =>
      body.modules.flatMap((m: { facts: { key: string }[] }) => m.facts).find((f: { key: string }) => f.key === key);
    expect(fact('mediation.registered').values[wt].value).toBe(6);
    expect(fact('mediation.registered').values[qs].value).toBe(2);
    expect(fact('mediation.registered').total).toMatchObject({ value: 8, origin: 'computed' });
    // 3 + 1 concluded, 2 + 1 successes: 75 %, not the mean of 66.7 % and 100 %.
    expect(fact('mediation.success_rate').values[wt].value).toBe(66.7);
    expect(fact('mediation.success_rate').values[qs].value).toBe(100);
    expect(fact('mediation.success_rate').total.value).toBe(75);
    // Average days, weighted by the cases concluded: (12 × 3 + 0 × 1) / 4 = 9.
    expect(fact('mediation.avg_days_to_close').total.value).toBe(9);
    expect(fact('mediation.amount').total.value).toBe(21.9);
    expect(fact('study.leader_sessions').values[qs]).toMatchObject({
      value: 4,
      origin: 'manual',
      source: '青石镇安监办',
    });
    expect(fact('study.leader_sessions').total).toMatchObject({ value: 300, origin: 'manual' });
    // A town user sees only their own town.
    const town = (await req('leader')('GET', '/api/facts/county?year=2025')).json();
    expect(town.towns).toEqual([{ id: String(ids.town), name: '湾头桥镇' }]);
    // The county reads each town's own page too.
    const own = await req('county')('GET', `/api/facts?year=2025&townId=${ids.otherTown}`);
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ town: { name: '青石镇' }, canWrite: false });
  });

  it('exports the roll-up as a workbook with the manual figures marked', async () => {
    const r = await req('county')('GET', '/api/facts/county.xlsx?year=2025');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('各镇指标对比')!;
    expect(String(ws.getCell(1, 1).value)).toBe('示范县2025年度法治政府建设主要指标汇总表');
    const header = (ws.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, 3)).toEqual(['模块', '指标', '单位']);
    expect(header.at(-1)).toBe('全县合计');
    let found = false;
    ws.eachRow((row) => {
      if (row.getCell(2).value === '登记矛盾纠纷') {
        found = true;
        expect(row.getCell(header.length).value).toBe(8);
      }
      if (row.getCell(2).value === '领导干部集体学法') {
        const qsCell = row.getCell(4 + header.indexOf('青石镇') - 3);
        expect(qsCell.value).toBe(4);
        expect(JSON.stringify(qsCell.note)).toContain('青石镇安监办');
      }
    });
    expect(found).toBe(true);
    expect((await req('cun01')('GET', '/api/facts/county.xlsx?year=2025')).statusCode).toBe(403);
  });
});
