/**
 * The administrative penalty case type (行政处罚法 2021). Expected dates were worked out by hand
 * from the article on each test, art 85 (二日、三日、五日、七日 are working days), 民法典 arts
 * 201–203, and the State Council notice for 2025 (国办发明电〔2024〕12号): 4/4–4/6 清明,
 * 5/1–5/5 劳动节 (Sun 4/27 worked), 5/31–6/2 端午, 10/1–10/8 国庆中秋 (Sun 9/28 and Sat 10/11 worked).
 */
import { describe, expect, it } from 'vitest';
import {
  courtApplicationWindow,
  decisionContentsMissing,
  limitationProblem,
  type PenaltyContext,
  penalty,
  summaryProblem,
  surcharge,
} from '../src/cases/penalty.ts';
import {
  type AppError,
  applyAction,
  type CaseSnapshot,
  type CertifiedOfficer,
  type ClockStatus,
  clockStatus,
  createCalendar,
  createCase,
  type EngineUser,
  isAppError,
} from '../src/index.ts';

const calendar = createCalendar();
const zhifa: EngineUser = { id: 'u-zf', roles: ['zhifa'] };
const leader: EngineUser = { id: 'u-ld', roles: ['leader'] };
const fazhiban: EngineUser = { id: 'u-fz', roles: ['fazhiban'] };
const t = (day: string, time = '10:00') => `${day}T${time}:00+08:00`;

function officer(id: number, name: string, o: Partial<CertifiedOfficer> = {}): CertifiedOfficer {
  return {
    id,
    name,
    certNo: `JZ${id}`,
    fields: ['planning'],
    validFrom: null,
    validUntil: '2027-12-31',
    reviewer: false,
    legalQualification: false,
    active: true,
    ...o,
  };
}

const OFFICERS = [
  officer(1, '甲'),
  officer(2, '乙'),
  officer(3, '丙', { validUntil: '2025-01-31' }),
  officer(4, '丁', { fields: ['safety'] }),
  officer(11, '审核甲', { reviewer: true, legalQualification: true }),
  officer(12, '审核乙', { reviewer: true }),
  officer(13, '审核丙', { reviewer: true }),
];

const CONTEXT: PenaltyContext = {
  officers: OFFICERS,
  party: { kind: 'person', name: '张三', address: '东村3组' },
  power: null,
  reviewedBefore: [13],
  challenges: [],
};

function ok<T>(r: T | AppError): T {
  if (isAppError(r)) throw new Error(`unexpected AppError ${r.code}: ${r.message}`);
  return r;
}
function err(r: unknown): AppError {
  if (!isAppError(r)) throw new Error('expected an AppError');
  return r;
}

const BASE = {
  procedure: 'ordinary',
  field: 'planning',
  violation: '未取得乡村建设规划许可证建房',
  actOn: '2025-02-20',
  foundOn: '2025-03-03',
};

function open(fields: Record<string, unknown> = {}, context: Partial<PenaltyContext> = {}): CaseSnapshot {
  const r = ok(createCase(penalty, { ...BASE, ...fields }, zhifa, t('2025-03-03')));
  return {
    id: 'x1',
    type: 'penalty',
    state: r.state,
    version: 1,
    fields: r.fields,
    events: r.events,
    documents: [],
    createdBy: zhifa.id,
    context: { ...CONTEXT, ...context },
  };
}

function tryRun(c: CaseSnapshot, action: string, input: unknown, user: EngineUser, at: string) {
  return applyAction(penalty, c, action, input, user, at);
}
function run(c: CaseSnapshot, action: string, input: unknown, user: EngineUser, at: string): CaseSnapshot {
  const r = ok(tryRun(c, action, input, user, at));
  return { ...c, state: r.newState, version: c.version + 1, fields: r.fields, events: [...c.events, ...r.events] };
}
function issue(c: CaseSnapshot, kind: string, at: string, number?: string): CaseSnapshot {
  return { ...c, documents: [...c.documents, { kind, issuedAt: at, ...(number ? { number } : {}) }] };
}
/** An action with the head's approval: requested, approved, taken. */
function approved(c: CaseSnapshot, action: string, input: unknown, day: string): CaseSnapshot {
  let x = run(c, `request_approval:${action}`, input, zhifa, t(day, '09:00'));
  x = run(x, `approve:${action}`, { opinion: '同意' }, leader, t(day, '09:30'));
  return run(x, action, undefined, zhifa, t(day, '10:00'));
}
function clock(c: CaseSnapshot, key: string, now: string): ClockStatus {
  const s = clockStatus(penalty, c, calendar, now).find((x) => x.key === key);
  if (!s) throw new Error(`no clock ${key}`);
  return s;
}

function filed(day = '2025-03-04', extra: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  const c = issue(open(fields), 'filing_form', t(day, '08:00'));
  return approved(c, 'file', { officerIds: [1, 2], ...extra }, day);
}
function investigated(day = '2025-03-04', extra: Record<string, unknown> = {}) {
  let c = filed(day, extra);
  c = issue(c, 'inspection_record', t('2025-03-05', '08:00'));
  c = run(
    c,
    'inspect',
    { on: '2025-03-05', officerIds: [1, 2], subject: '东村3组宅基地', summary: '已建成两层' },
    zhifa,
    t('2025-03-05'),
  );
  return run(c, 'end_investigation', undefined, zhifa, t('2025-03-06'));
}
const NOTICE = {
  facts: '未取得乡村建设规划许可证建房两层',
  evidence: '现场检查笔录、询问笔录、照片',
  penaltyKinds: ['fine'],
  fineAmount: 5000,
  legalBasis: '《城乡规划法》第六十五条',
  hearingRight: 'yes',
};
function notified(noticedOn = '2025-03-10', extra: Record<string, unknown> = {}) {
  const c = issue(investigated('2025-03-04', extra), 'prior_notice', t(noticedOn, '08:00'));
  return run(c, 'notify', { noticedOn, ...NOTICE }, zhifa, t(noticedOn));
}
const DECISION = {
  decidedOn: '2025-04-01',
  facts: NOTICE.facts,
  evidence: NOTICE.evidence,
  penaltyKinds: ['fine'],
  fineAmount: 5000,
  legalBasis: NOTICE.legalBasis,
  performance: '到指定银行或者通过电子支付系统缴纳',
  reconsiderationBody: '示范县人民政府',
  court: '示范县人民法院',
  socialImpact: true,
};

describe('立案 (行政处罚法 arts 36, 42, 55)', () => {
  it('art 36: an act discovered two years and a day after it is refused at 立案, with the article', () => {
    expect(limitationProblem({ actOn: '2023-03-01', foundOn: '2025-03-01' })).toBeNull();
    expect(limitationProblem({ actOn: '2023-03-01', foundOn: '2025-03-02' })).toMatch(/2025-03-01届满.*第三十六条/);
    const c = issue(open({ actOn: '2023-03-01', foundOn: '2025-03-02' }), 'filing_form', t('2025-03-04', '08:00'));
    const e = err(tryRun(c, 'request_approval:file', { officerIds: [1, 2] }, zhifa, t('2025-03-04')));
    expect(e.message).toMatch(/追责时效.*不予立案（行政处罚法第三十六条）/);
  });
  it('art 36 ¶1: five years where life, health or financial safety was harmed', () => {
    expect(limitationProblem({ actOn: '2021-03-01', foundOn: '2025-03-01', safetyHarm: true })).toBeNull();
    expect(limitationProblem({ actOn: '2020-03-01', foundOn: '2025-03-02', safetyHarm: true })).toMatch(/5年/);
  });
  it('art 36 ¶2: a continuing act counts from its end', () => {
    expect(limitationProblem({ actOn: '2020-01-01', actEndedOn: '2024-06-01', foundOn: '2025-03-03' })).toBeNull();
    expect(limitationProblem({ actOn: '2020-01-01', foundOn: '2025-03-03' })).not.toBeNull();
  });
  it('art 42: one officer is refused', () => {
    const c = issue(open(), 'filing_form', t('2025-03-04', '08:00'));
    const e = err(tryRun(c, 'request_approval:file', { officerIds: [1] }, zhifa, t('2025-03-04')));
    expect(e.message + JSON.stringify(e.details)).toMatch(/不得少于2人（行政处罚法第四十二条）/);
    err(tryRun(c, 'request_approval:file', { officerIds: [1, 1] }, zhifa, t('2025-03-04')));
  });
  it('arts 42, 55: an expired certificate or one for another field is refused', () => {
    const c = issue(open(), 'filing_form', t('2025-03-04', '08:00'));
    expect(err(tryRun(c, 'request_approval:file', { officerIds: [1, 3] }, zhifa, t('2025-03-04'))).message).toMatch(
      /丙（JZ3）的执法证.*第四十二条、第五十五条/,
    );
    expect(err(tryRun(c, 'request_approval:file', { officerIds: [1, 4] }, zhifa, t('2025-03-04'))).message).toMatch(
      /丁/,
    );
  });
  it('arts 24, 38: a cited matter missing from the town’s 权责清单 is refused', () => {
    const c = issue(open({ powerCode: 'GH-01' }), 'filing_form', t('2025-03-04', '08:00'));
    expect(err(tryRun(c, 'request_approval:file', { officerIds: [1, 2] }, zhifa, t('2025-03-04'))).message).toMatch(
      /没有事项「GH-01」.*第二十四条、第三十八条/,
    );
    const power = {
      code: 'GH-01',
      matter: '未批先建',
      field: 'planning',
      penaltyBasis: '城乡规划法第六十五条',
      penaltyRange: '一万元以下',
      fineMin: null,
      fineMax: 10000,
      discretion: [],
    };
    ok(
      tryRun(
        { ...c, context: { ...CONTEXT, power } },
        'request_approval:file',
        { officerIds: [1, 2] },
        zhifa,
        t('2025-03-04'),
      ),
    );
    const other = { ...c, context: { ...CONTEXT, power: { ...power, field: 'land' } } };
    expect(err(tryRun(other, 'request_approval:file', { officerIds: [1, 2] }, zhifa, t('2025-03-04'))).message).toMatch(
      /领域不符/,
    );
  });
  it('立案 needs the head approval and records the officers and the date', () => {
    const c = issue(open(), 'filing_form', t('2025-03-04', '08:00'));
    err(tryRun(c, 'file', { officerIds: [1, 2] }, zhifa, t('2025-03-04')));
    const x = filed();
    expect(x.state).toBe('investigating');
    expect(x.fields.filedOn).toBe('2025-03-04');
    expect(x.fields.filingOfficers).toEqual([
      { id: 1, name: '甲', certNo: 'JZ1' },
      { id: 2, name: '乙', certNo: 'JZ2' },
    ]);
  });
});

describe('听证 (行政处罚法 arts 63–64, 85)', () => {
  it('art 64(1): the hearing request 5 working days after the notice is accepted, the 6th refused', () => {
    const c = notified('2025-03-10');
    // 3/11, 12, 13, 14, 17 → due 3/17.
    expect(run(c, 'request_hearing', { requestedOn: '2025-03-17' }, zhifa, t('2025-03-17')).state).toBe('hearing');
    const e = err(tryRun(c, 'request_hearing', { requestedOn: '2025-03-18' }, zhifa, t('2025-03-18')));
    expect(e.message).toMatch(/5个工作日内.*2025-03-17届满.*第六十四条第一项/);
    expect(clock(c, 'hearing_request', t('2025-03-11')).due).toBe('2025-03-17');
  });
  it('art 64(1), art 85: across the National Day holiday the 5 working days end on 10/10 (9/28 worked)', () => {
    let c = investigated('2025-09-01');
    c = run(
      issue(c, 'prior_notice', t('2025-09-26', '08:00')),
      'notify',
      { noticedOn: '2025-09-26', ...NOTICE },
      zhifa,
      t('2025-09-26'),
    );
    expect(clock(c, 'hearing_request', t('2025-09-27')).due).toBe('2025-10-10');
    err(tryRun(c, 'request_hearing', { requestedOn: '2025-10-11' }, zhifa, t('2025-10-11')));
  });
  it('art 64(2): a hearing fewer than 7 working days after its notice is refused', () => {
    let c = notified('2025-03-10');
    c = run(c, 'request_hearing', { requestedOn: '2025-03-12' }, zhifa, t('2025-03-12'));
    c = issue(c, 'hearing_notice', t('2025-03-18', '08:00'));
    const h = { notifiedOn: '2025-03-18', place: '镇政府会议室', host: '法治办王某' };
    // 3/19 … 3/27 are the 7 working days; the hearing may be on 3/28 at the earliest.
    expect(err(tryRun(c, 'notify_hearing', { ...h, hearingOn: '2025-03-27' }, zhifa, t('2025-03-18'))).message).toMatch(
      /最早安排在2025-03-28.*第六十四条第二项/,
    );
    ok(tryRun(c, 'notify_hearing', { ...h, hearingOn: '2025-03-28' }, zhifa, t('2025-03-18')));
    expect(
      err(tryRun(c, 'notify_hearing', { ...h, host: '甲', hearingOn: '2025-03-28' }, zhifa, t('2025-03-18'))).message,
    ).toMatch(/非本案调查人员/);
  });
  it('art 60: the 90 days end 6/3 (6/2 is 端午); hearing days 3/18–3/28 are not counted [M]', () => {
    let c = notified('2025-03-10');
    expect(clock(c, 'decision', t('2025-03-10')).due).toBe('2025-06-03');
    c = run(c, 'request_hearing', { requestedOn: '2025-03-12' }, zhifa, t('2025-03-12'));
    c = issue(c, 'hearing_notice', t('2025-03-18', '08:00'));
    c = run(
      c,
      'notify_hearing',
      { notifiedOn: '2025-03-18', hearingOn: '2025-03-28', place: '会议室', host: '王某' },
      zhifa,
      t('2025-03-18'),
    );
    expect(clock(c, 'decision', t('2025-03-20')).state).toBe('paused');
    c = issue(c, 'hearing_record', t('2025-03-28', '15:00'));
    c = run(c, 'hold_hearing', { heldOn: '2025-03-28', summary: '当事人申辩' }, zhifa, t('2025-03-28', '16:00'));
    // 3/4 + 90 + 11 paused days (3/18–3/28 inclusive) = 6/13.
    expect(clock(c, 'decision', t('2025-04-01')).due).toBe('2025-06-13');
  });
});

describe('art 60: extension of the 90 days', () => {
  it('the head may extend the running period (30 d here [M]); not once it has passed', () => {
    const c = filed('2025-03-04');
    const x = approved(c, 'extend_decision', { length: 30, reason: '案情复杂，需委托测绘' }, '2025-05-30');
    // 3/4 + 120 days = 7/2, a Wednesday (the roll applies once, to the final day).
    expect(clock(x, 'decision', t('2025-05-30')).due).toBe('2025-07-02');
    const late = err(
      tryRun(c, 'request_approval:extend_decision', { length: 30, reason: '补充调查' }, zhifa, t('2025-06-04')),
    );
    expect(late.message).toMatch(/已于2025-06-03届满.*第六十条/);
  });
});

describe('法制审核 and 决定 (行政处罚法 arts 57–59, 62)', () => {
  const ready = (extra: Record<string, unknown> = { legalReviewGround: 'complex' }) => {
    const c = notified('2025-03-10', extra);
    return issue(c, 'decision', t('2025-04-01', '08:00'), '湾罚决〔2025〕1号');
  };
  const review = (c: CaseSnapshot, reviewerId: number, result = 'passed') =>
    tryRun(
      issue(c, 'legal_review_opinion', t('2025-03-31', '08:00')),
      'legal_review',
      { reviewerId, result, opinion: '事实清楚，证据确凿', reviewedOn: '2025-03-31' },
      fazhiban,
      t('2025-03-31'),
    );

  it('art 58: decide is blocked without a legal review where a ground applies', () => {
    const e = err(tryRun(ready(), 'decide', DECISION, leader, t('2025-04-01')));
    expect(e.message).toMatch(/未经法制审核不得作出决定（行政处罚法第五十八条）/);
  });
  it('art 58: a failed review blocks too; a passed one lets the decision through', () => {
    const failed = ok(review(ready(), 11, 'failed'));
    const c1 = { ...ready(), fields: failed.fields, events: [...ready().events, ...failed.events] };
    expect(err(tryRun(c1, 'decide', DECISION, leader, t('2025-04-01'))).message).toMatch(/审核未通过/);
    const passed = ok(review(ready(), 11));
    const c2 = { ...ready(), fields: passed.fields, events: [...ready().events, ...passed.events] };
    const d = run(c2, 'decide', DECISION, leader, t('2025-04-01'));
    expect(d.state).toBe('decided');
    expect(d.fields.decisionNo).toBe('湾罚决〔2025〕1号');
    expect(d.fields.legalReview).toMatchObject({ reviewerId: 11, reviewerName: '审核甲', firstTime: true });
  });
  it('art 58 ¶2: a first-time reviewer without the 法律职业资格 is refused; one who reviewed before is not', () => {
    expect(err(review(ready(), 12)).message).toMatch(
      /初次从事法制审核，应当取得法律职业资格（行政处罚法第五十八条第二款）/,
    );
    expect(err(review(ready(), 1)).message).toMatch(/不是本镇在册的法制审核人员/);
    ok(review(ready(), 13));
  });
  it('art 58: a review by a reviewer no longer registered does not count at the decision', () => {
    const passed = ok(review(ready(), 11));
    const c = { ...ready(), fields: passed.fields, events: [...ready().events, ...passed.events] };
    const gone = { ...c, context: { ...CONTEXT, officers: OFFICERS.filter((o) => o.id !== 11) } };
    expect(err(tryRun(gone, 'decide', DECISION, leader, t('2025-04-01'))).message).toMatch(/法制审核无效/);
  });
  it('art 57 ¶2: a complex or major case needs the collective discussion, with each view recorded', () => {
    const c = ready({ legalReviewGround: 'none', complexOrMajor: true });
    expect(err(tryRun(c, 'decide', DECISION, leader, t('2025-04-01'))).message).toMatch(/第五十七条第二款/);
    const withRecord = issue(c, 'collective_record', t('2025-03-31', '08:00'));
    err(
      tryRun(
        withRecord,
        'collective_discussion',
        {
          heldOn: '2025-03-31',
          participants: [{ name: '李镇长', position: '镇长', view: '同意' }],
          conclusion: '罚款5000元',
        },
        leader,
        t('2025-03-31'),
      ),
    );
    const d = run(
      withRecord,
      'collective_discussion',
      {
        heldOn: '2025-03-31',
        participants: [
          { name: '李镇长', position: '镇长', view: '同意罚款5000元' },
          { name: '赵书记', position: '党委书记', view: '同意，并责令限期改正' },
        ],
        conclusion: '罚款5000元',
      },
      leader,
      t('2025-03-31'),
    );
    expect(run(d, 'decide', DECISION, leader, t('2025-04-01')).state).toBe('decided');
  });
  it('arts 45, 62: no decision before the 5 working days to ask for a hearing have run, unless waived', () => {
    const c = ready({ legalReviewGround: 'none' });
    expect(err(tryRun(c, 'decide', DECISION, leader, t('2025-03-17'))).message).toMatch(/2025-03-17届满/);
    const waived = run(c, 'waive_rights', { on: '2025-03-11' }, zhifa, t('2025-03-11'));
    ok(tryRun(waived, 'decide', { ...DECISION, decidedOn: '2025-03-12' }, leader, t('2025-03-12')));
  });
  it('art 45 ¶2: the decision may not be heavier than the notice', () => {
    const c = ready({ legalReviewGround: 'none' });
    expect(err(tryRun(c, 'decide', { ...DECISION, fineAmount: 6000 }, leader, t('2025-04-01'))).message).toMatch(
      /第四十五条第二款/,
    );
    ok(tryRun(c, 'decide', { ...DECISION, fineAmount: 3000 }, leader, t('2025-04-01')));
  });
  it('art 59: every content item of the decision is checked', () => {
    expect(
      decisionContentsMissing({
        partyName: '张三',
        partyAddress: '东村',
        facts: 'f',
        evidence: 'e',
        penaltyKinds: ['fine'],
        legalBasis: 'b',
        performance: 'p',
        performBy: '2025-05-01',
        reconsiderationBody: 'r',
        court: 'c',
        organ: 'o',
        decidedOn: '2025-04-01',
      }),
    ).toEqual([]);
    expect(decisionContentsMissing({ partyName: '张三', penaltyKinds: [] })).toHaveLength(6);
    const noAddress = {
      ...ready({ legalReviewGround: 'none' }),
      context: { ...CONTEXT, party: { kind: 'person' as const, name: '张三', address: null } },
    };
    expect(err(tryRun(noAddress, 'decide', DECISION, leader, t('2025-04-01'))).message).toMatch(
      /缺少法定事项：当事人的姓名或者名称、地址（第一项）.*第五十九条/,
    );
  });
  it('art 34: a fine outside the discretion benchmark needs a written reason', () => {
    const power = {
      code: 'P1',
      matter: '未批先建',
      field: 'planning',
      penaltyBasis: '城乡规划法第六十五条',
      penaltyRange: '一万元以下',
      fineMin: 0,
      fineMax: 10000,
      discretion: [{ level: '一般', circumstances: '面积较小', fineMin: 1000, fineMax: 3000 }],
    };
    const c = { ...ready({ legalReviewGround: 'none' }), context: { ...CONTEXT, power } };
    expect(err(tryRun(c, 'decide', DECISION, leader, t('2025-04-01'))).message).toMatch(/裁量基准.*书面说明理由/);
    ok(tryRun(c, 'decide', { ...DECISION, discretionReason: '拒不停止建设' }, leader, t('2025-04-01')));
  });
});

function decided(): CaseSnapshot {
  const c = issue(
    notified('2025-03-10', { legalReviewGround: 'none' }),
    'decision',
    t('2025-04-01', '08:00'),
    '湾罚决〔2025〕1号',
  );
  return run(c, 'decide', DECISION, leader, t('2025-04-01'));
}

describe('送达、履行 (行政处罚法 arts 61, 66–67, 72–73)', () => {
  it('art 61: service within 7 working days of the decision (4/4 清明 not counted: due 4/11)', () => {
    const c = decided();
    expect(clock(c, 'service', t('2025-04-02')).due).toBe('2025-04-11');
    expect(clock(c, 'service', t('2025-04-14')).state).toBe('breached');
  });
  it('art 61 ¶2: electronic service only with the party’s written consent', () => {
    const c = issue(decided(), 'service_receipt', t('2025-04-02', '08:00'));
    const input = { servedOn: '2025-04-02', method: 'electronic', officerIds: [1, 2] };
    expect(err(tryRun(c, 'serve', input, zhifa, t('2025-04-02'))).message).toMatch(/第六十一条第二款/);
    const s = run(c, 'serve', { ...input, electronicConsentOn: '2025-04-01' }, zhifa, t('2025-04-02'));
    expect(s.state).toBe('served');
    // Art 67 ¶3: 15 days from service.
    expect(clock(s, 'payment', t('2025-04-03')).due).toBe('2025-04-17');
  });
  it('arts 72–73: surcharge of 3 % a day, capped at the fine, not counted while challenged', () => {
    expect(surcharge(1000, '2025-04-26', '2025-04-26')).toBe(0);
    expect(surcharge(1000, '2025-04-26', '2025-05-06')).toBe(300);
    expect(surcharge(1000, '2025-04-26', '2025-12-31')).toBe(1000);
    expect(surcharge(1000, '2025-04-26', '2025-05-06', [{ from: '2025-04-28', to: '2025-05-02' }])).toBe(150);
    expect(surcharge(1000, '2025-04-26', '2025-05-06', [{ from: '2025-04-28', to: null }])).toBe(30);
    expect(surcharge(333.33, '2025-04-26', '2025-04-27')).toBe(10);
  });
  it('art 72: a late payment must include the surcharge', () => {
    let c = issue(decided(), 'service_receipt', t('2025-04-02', '08:00'));
    c = run(c, 'serve', { servedOn: '2025-04-02', method: 'direct', officerIds: [1, 2] }, zhifa, t('2025-04-02'));
    // Due 4/17; paid 4/20: 3 days × 150 = 450.
    expect(
      err(tryRun(c, 'record_payment', { paidOn: '2025-04-20', paidAmount: 5000 }, zhifa, t('2025-04-20'))).message,
    ).toMatch(/450元/);
    expect(
      run(c, 'record_payment', { paidOn: '2025-04-20', paidAmount: 5000, surchargePaid: 450 }, zhifa, t('2025-04-20'))
        .state,
    ).toBe('performed');
  });
  it('art 66 ¶2: a deferral approved by the head moves the payment deadline; art 73 ¶3: challenge days are not surcharged', () => {
    let c = issue(decided(), 'service_receipt', t('2025-04-02', '08:00'));
    c = run(c, 'serve', { servedOn: '2025-04-02', method: 'direct', officerIds: [1, 2] }, zhifa, t('2025-04-02'));
    err(
      tryRun(c, 'defer_payment', { until: '2025-06-30', instalments: 3, reason: '经济困难' }, zhifa, t('2025-04-10')),
    );
    c = approved(c, 'defer_payment', { until: '2025-06-30', instalments: 3, reason: '家庭经济困难' }, '2025-04-10');
    expect(clock(c, 'payment', t('2025-04-20')).due).toBe('2025-06-30');
    ok(tryRun(c, 'record_payment', { paidOn: '2025-06-30', paidAmount: 5000 }, zhifa, t('2025-06-30')));
    // Paid 7/10: 10 days late, of which 7/3–7/7 under 复议 → 5 days × 150 = 750.
    const challenged = {
      ...c,
      context: { ...CONTEXT, challenges: [{ receivedOn: '2025-07-03', closedOn: '2025-07-07' }] },
    };
    expect(
      err(tryRun(challenged, 'record_payment', { paidOn: '2025-07-10', paidAmount: 5000 }, zhifa, t('2025-07-10')))
        .message,
    ).toMatch(/应加处罚款750元/);
  });
  it('行政强制法 art 54: the court application only 10 working days after the 催告 is served; art 53 window', () => {
    let c = issue(decided(), 'service_receipt', t('2025-04-11', '08:00'));
    c = run(c, 'serve', { servedOn: '2025-04-11', method: 'direct', officerIds: [1, 2] }, zhifa, t('2025-04-11'));
    c = run(
      issue(c, 'reminder', t('2025-12-01', '08:00')),
      'remind',
      { servedOn: '2025-12-01' },
      zhifa,
      t('2025-12-01'),
    );
    c = issue(c, 'enforcement_application', t('2025-12-15', '08:00'));
    // 12/2 … 12/15 are the 10 working days.
    expect(
      err(tryRun(c, 'request_approval:apply_court', { court: '示范县人民法院' }, zhifa, t('2025-12-15'))).message,
    ).toMatch(/第五十四条.*2025-12-16起可以申请/);
    expect(approved(c, 'apply_court', { court: '示范县人民法院' }, '2025-12-16').state).toBe('enforcing');
    // 2025-10-11 is a Saturday worked in lieu of the National Day holiday; the window's last day,
    // Sunday 2026-01-11, moves to Monday (民事诉讼法 art 85 ¶4 via 行政诉讼法 art 101).
    expect(courtApplicationWindow('2025-04-11')).toEqual({ opensAfter: '2025-10-11', lastDay: '2026-01-12' });
    ok(tryRun(c, 'request_approval:apply_court', { court: '法院' }, zhifa, t('2026-01-12')));
    expect(err(tryRun(c, 'request_approval:apply_court', { court: '法院' }, zhifa, t('2026-01-13'))).message).toMatch(
      /第五十三条/,
    );
  });
  it('行政强制法 art 53: after the 催告, the inbox counts down the 3 months to apply to the court', () => {
    let c = issue(decided(), 'service_receipt', t('2025-04-11', '08:00'));
    c = run(c, 'serve', { servedOn: '2025-04-11', method: 'direct', officerIds: [1, 2] }, zhifa, t('2025-04-11'));
    expect(clock(c, 'court_application', t('2025-11-01')).state).toBe('not_started');
    c = run(
      issue(c, 'reminder', t('2025-12-01', '08:00')),
      'remind',
      { servedOn: '2025-12-01' },
      zhifa,
      t('2025-12-01'),
    );
    expect(c.fields.courtWindowFrom).toBe('2025-10-11');
    const w = clock(c, 'court_application', t('2025-12-01'));
    expect([w.due, w.level]).toEqual(['2026-01-12', 'ok']);
    expect(clock(c, 'court_application', t('2026-01-05')).level).toBe('warn');
    expect(clock(c, 'court_application', t('2026-01-13')).level).toBe('breached');
  });
});

describe('公示 (行政处罚法 art 48; 国办发〔2018〕118号)', () => {
  it('publication within 7 working days of the decision; withdrawal within 3 after revocation', () => {
    let c = decided();
    expect(clock(c, 'publication', t('2025-04-02')).due).toBe('2025-04-11');
    c = run(c, 'publish', { publishedOn: '2025-04-03' }, zhifa, t('2025-04-03'));
    expect(clock(c, 'publication', t('2025-04-03')).state).toBe('stopped');
    err(tryRun(c, 'withdraw_publication', { withdrawnOn: '2025-04-30', reason: '复议撤销' }, zhifa, t('2025-04-30')));
    c = run(c, 'record_revocation', { revokedOn: '2025-04-30', kind: 'revoked' }, zhifa, t('2025-04-30'));
    // 5/1–5/5 off: 5/6, 5/7, 5/8.
    expect(clock(c, 'withdrawal', t('2025-04-30')).due).toBe('2025-05-08');
    c = run(
      c,
      'withdraw_publication',
      { withdrawnOn: '2025-05-06', reason: '决定已被复议机关撤销' },
      zhifa,
      t('2025-05-06'),
    );
    expect(c.fields.publicationWithdrawalReason).toBe('决定已被复议机关撤销');
    expect(clock(c, 'withdrawal', t('2025-05-06')).state).toBe('stopped');
  });
  it('a decision without social impact has no publication clock and cannot be published', () => {
    const c = issue(notified('2025-03-10', { legalReviewGround: 'none' }), 'decision', t('2025-04-01', '08:00'));
    const d = run(c, 'decide', { ...DECISION, socialImpact: false }, leader, t('2025-04-01'));
    expect(clockStatus(penalty, d, calendar, t('2025-04-02')).some((s) => s.key === 'publication')).toBe(false);
    err(tryRun(d, 'publish', { publishedOn: '2025-04-03' }, zhifa, t('2025-04-03')));
  });
});

describe('简易程序 (行政处罚法 arts 42, 51–52)', () => {
  const onSpot = {
    decidedOn: '2025-03-03',
    officerIds: [1, 2],
    facts: '占道',
    penaltyKinds: ['fine'],
    legalBasis: '某条',
  };
  const summaryCase = (kind: 'person' | 'org') =>
    issue(
      open({ procedure: 'summary' }, { party: { kind, name: '某', address: null } }),
      'summary_decision',
      t('2025-03-03', '08:00'),
      '湾罚当〔2025〕7号',
    );
  it('art 51: 200 yuan for a person, 3,000 for an organisation', () => {
    expect(summaryProblem(['fine'], 200, 'person')).toBeNull();
    expect(summaryProblem(['fine'], 201, 'person')).toMatch(/200元以下.*第五十一条/);
    expect(summaryProblem(['fine'], 3000, 'org')).toBeNull();
    expect(summaryProblem(['warning'], undefined, 'person')).toBeNull();
    expect(summaryProblem(['confiscation'], undefined, 'org')).toMatch(/普通程序/);
    expect(
      err(tryRun(summaryCase('person'), 'decide_on_spot', { ...onSpot, fineAmount: 201 }, zhifa, t('2025-03-03')))
        .message,
    ).toMatch(/第五十一条/);
    expect(
      err(tryRun(summaryCase('org'), 'decide_on_spot', { ...onSpot, fineAmount: 3001 }, zhifa, t('2025-03-03')))
        .message,
    ).toMatch(/3000元以下/);
    const s = run(summaryCase('org'), 'decide_on_spot', { ...onSpot, fineAmount: 3000 }, zhifa, t('2025-03-03'));
    expect(s.state).toBe('served');
    expect(s.fields.servedOn).toBe('2025-03-03');
    expect(s.fields.decisionNo).toBe('湾罚当〔2025〕7号');
  });
  it('art 42 (art 52 makes no exception): one officer cannot decide on the spot', () => {
    err(
      tryRun(
        summaryCase('person'),
        'decide_on_spot',
        { ...onSpot, fineAmount: 50, officerIds: [1] },
        zhifa,
        t('2025-03-03'),
      ),
    );
  });
  it('art 52 ¶3: a summary case closes only after the filing with the organ', () => {
    let s = run(
      summaryCase('person'),
      'decide_on_spot',
      { ...onSpot, penaltyKinds: ['warning'] },
      zhifa,
      t('2025-03-03'),
    );
    s = issue(s, 'closing_report', t('2025-03-04', '08:00'));
    expect(err(tryRun(s, 'close', undefined, zhifa, t('2025-03-04'))).message).toMatch(/备案/);
    s = run(s, 'file_summary', { filedOn: '2025-03-04' }, zhifa, t('2025-03-04'));
    expect(run(s, 'close', undefined, zhifa, t('2025-03-04')).state).toBe('closed');
  });
  it('the ordinary procedure steps refuse a summary case and vice versa', () => {
    const c = issue(open(), 'summary_decision', t('2025-03-03', '08:00'));
    expect(err(tryRun(c, 'decide_on_spot', { ...onSpot, fineAmount: 50 }, zhifa, t('2025-03-03'))).message).toMatch(
      /普通程序/,
    );
  });
});

describe('先行登记保存 (行政处罚法 arts 56, 85)', () => {
  it('the decision on preserved evidence is due within 7 working days; decide is blocked while open', () => {
    let c = issue(filed('2025-03-25'), 'preservation_notice', t('2025-03-28', '08:00'));
    c = approved(c, 'preserve', { officerIds: [1, 2], items: '建筑材料一批' }, '2025-03-28');
    // 3/31, 4/1, 4/2, 4/3, 4/7, 4/8, 4/9 (4/4–4/6 清明).
    expect(clock(c, 'preservation', t('2025-03-28')).due).toBe('2025-04-09');
    c = run(c, 'decide_preservation', { outcome: 'returned' }, zhifa, t('2025-04-08'));
    expect(clock(c, 'preservation', t('2025-04-08')).state).toBe('stopped');
  });
});

describe('roles', () => {
  it('the head decides (art 57), not the team; only the team registers; xinfang, tiaojie, village do not read', () => {
    expect(err(tryRun(decidedReady(), 'decide', DECISION, zhifa, t('2025-04-01'))).code).toBe('FORBIDDEN');
    expect(isAppError(createCase(penalty, BASE, { id: 'x', roles: ['xinfang'] }, t('2025-03-03')))).toBe(true);
    expect(penalty.access.read).toEqual(expect.arrayContaining(['zhifa', 'leader', 'fazhiban', 'sifasuo', 'county']));
    for (const r of ['xinfang', 'tiaojie', 'village']) expect(penalty.access.read).not.toContain(r);
  });
});

function decidedReady(): CaseSnapshot {
  return issue(notified('2025-03-10', { legalReviewGround: 'none' }), 'decision', t('2025-04-01', '08:00'));
}
