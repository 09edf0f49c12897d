/**
 * 重大行政决策 on the pure engine: the run from 启动 to 后评估 and every gate of 重大行政决策程序
 * 暂行条例 with its article in the test name.
 *
 * Dates by hand: 2023-03-01 (Wed) + 30 days = 2023-03-31. Legality review sent Monday
 * 2023-05-08: 7 working days (民法典 art 201, start day not counted) = 05-09 … 05-17 (Wed).
 * Hearing materials served 2023-04-03: the hearing may be held on 2023-04-10 at the earliest.
 */
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../src/calendar/calendar.ts';
import { decision } from '../src/cases/decision.ts';
import {
  catalogueTransitionProblem,
  commentPeriodProblem,
  earliestReviewDue,
  hearingNoticeProblem,
  legalityGateProblem,
  missingSteps,
} from '../src/decisions/decision.ts';
import type { MeetingItemRef } from '../src/decisions/meetings.ts';
import {
  AppError,
  allowedActions,
  applyAction,
  type CaseDocument,
  type CaseSnapshot,
  createCase,
} from '../src/index.ts';

const office = { id: '1', roles: ['fazhiban'] };
const sifasuo = { id: '2', roles: ['sifasuo'] };
const leader = { id: '3', roles: ['leader'] };
const county = { id: '4', roles: ['county'] };

const BASE = { year: 2023, category: 'project', leadUnit: '镇村镇建设办', description: '镇区污水管网改造' };

const held = (itemId: number, conclusion: MeetingItemRef['conclusion'] = 'adopted'): MeetingItemRef => ({
  meetingId: 1,
  itemId,
  kind: 'joint',
  title: '2023年第5次党政联席会',
  heldOn: '2023-05-25',
  status: 'held',
  conclusion,
});

function snap(
  state: string,
  fields: Record<string, unknown> = {},
  context: Record<string, unknown> = {},
): CaseSnapshot {
  return {
    type: 'decision',
    state,
    version: 1,
    fields: { ...BASE, ...fields },
    events: [{ seq: 1, at: '2023-02-01T02:00:00Z', actorId: '1', action: 'create', from: null, to: 'proposed' }],
    documents: [],
    createdBy: '1',
    context: { meetingItems: [], calendarOverrides: [], ...context },
  };
}

function run(
  c: CaseSnapshot,
  action: string,
  input: Record<string, unknown>,
  now: string,
  user = office,
): CaseSnapshot {
  const r = applyAction(decision, c, action, input, user, now);
  if (r instanceof AppError) throw new Error(r.message);
  return { ...c, state: r.newState, fields: r.fields, events: [...c.events, ...r.events], version: c.version + 1 };
}

function refusal(c: CaseSnapshot, action: string, input: Record<string, unknown>, now: string, user = office) {
  const r = applyAction(decision, c, action, input, user, now);
  expect(r).toBeInstanceOf(AppError);
  return (r as AppError).message;
}

function issue(c: CaseSnapshot, kind: string, at: string): CaseSnapshot {
  const doc: CaseDocument = { kind, issuedAt: at, id: c.documents.length + 1 };
  return { ...c, documents: [...c.documents, doc] };
}

const LAUNCH = {
  launchedOn: '2023-02-01',
  leadUnit: '镇村镇建设办',
  hearing: true,
  expertReview: true,
  riskAssessment: true,
  stepsReason: '涉及沿街商户和居民切身利益，工程技术性强，施工期间可能影响社会稳定',
};
const CONSULT = { commentFrom: '2023-03-01', commentTo: '2023-03-31', commentChannels: '镇政府网站、村务公开栏' };

function consulted(): CaseSnapshot {
  let c = run(snap('proposed'), 'launch', LAUNCH, '2023-02-01T02:00:00Z');
  c = run(c, 'record_draft', { draftedOn: '2023-02-20', draftSummary: '改造主管网3.2公里' }, '2023-02-20T02:00:00Z');
  c = issue(c, 'comment_notice', '2023-03-01T01:00:00Z');
  c = run(c, 'open_consultation', CONSULT, '2023-03-01T02:00:00Z');
  c = run(c, 'close_consultation', { commentCount: 12, commentAdoption: '采纳8条' }, '2023-04-01T02:00:00Z');
  return c;
}

const HEARING = {
  hearingMaterialsSentOn: '2023-04-03',
  hearingOn: '2023-04-10',
  hearingPlace: '镇政府三楼会议室',
  hearingParticipants: 15,
  recordSigned: true,
};
const EXPERTS = {
  expertReviewedOn: '2023-04-12',
  experts: [
    { name: '王工', org: '县水务局设计院', signed: true },
    { name: '李教授', org: '市建筑大学', signed: true },
  ],
  expertOpinion: '方案可行',
};
const RISK = {
  riskAssessedOn: '2023-04-20',
  riskLevel: 'low',
  riskPoints: '施工占道影响商户经营',
  riskMeasures: '分段施工、错峰作业',
  riskPlan: '设立临时通道，专人值守',
};

function allSteps(): CaseSnapshot {
  let c = consulted();
  c = run(c, 'record_hearing', HEARING, '2023-04-10T08:00:00Z');
  c = run(c, 'record_expert_review', EXPERTS, '2023-04-12T08:00:00Z');
  return run(c, 'record_risk_assessment', RISK, '2023-04-20T08:00:00Z');
}

const SEND = { legalSentOn: '2023-05-08', legalReviewer: 'sifasuo', legalDueOn: '2023-05-17' };
const PASS = { legalReviewedOn: '2023-05-15', legalReviewerName: '司法所张所长', legalOpinion: '符合法定权限和程序' };

function reviewed(): CaseSnapshot {
  let c = run(allSteps(), 'send_legal_review', SEND, '2023-05-08T02:00:00Z');
  c = issue(c, 'legality_opinion', '2023-05-15T01:00:00Z');
  return run(c, 'pass_legal_review', PASS, '2023-05-15T02:00:00Z', sifasuo);
}

describe('the whole run', () => {
  it('goes from 建议 to 后评估 with every step recorded', () => {
    let c = reviewed();
    c = { ...c, context: { meetingItems: [held(7)], calendarOverrides: [] } };
    c = run(c, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z');
    expect(c.fields).toMatchObject({ discussedOn: '2023-05-25', meetingItemId: 7 });
    c = run(c, 'report_party', { partyReportedOn: '2023-05-29', partyReply: '同意' }, '2023-05-29T02:00:00Z');
    c = run(
      c,
      'decide',
      { decidedOn: '2023-06-01', decisionContent: '实施改造', executingUnit: '镇村镇建设办' },
      '2023-06-01T02:00:00Z',
      leader,
    );
    c = issue(c, 'publication', '2023-06-05T01:00:00Z');
    c = run(c, 'publish', { publishedOn: '2023-06-05', publishedWhere: '镇政府网站' }, '2023-06-05T02:00:00Z');
    c = run(c, 'archive', { archivedOn: '2023-06-20', archiveNo: 'JC-2023-01' }, '2023-06-20T02:00:00Z');
    c = run(
      c,
      'report_execution',
      { executionReportedOn: '2023-11-30', executionSummary: '主管网完工' },
      '2023-11-30T02:00:00Z',
    );
    c = run(
      c,
      'post_evaluate',
      {
        postEvaluatedOn: '2023-12-20',
        postEvaluationTrigger: 'deemed_necessary',
        postEvaluator: '县社会科学院',
        postEvaluationFindings: '达到预期',
      },
      '2023-12-20T02:00:00Z',
    );
    expect(c.state).toBe('evaluated');
    expect(missingSteps(c.fields as never)).toEqual([]);
  });

  it('lets the 党政办 and the 镇领导 register, not the 司法所 nor the county', () => {
    expect(createCase(decision, BASE, office, '2023-02-01T02:00:00Z')).not.toBeInstanceOf(AppError);
    expect(createCase(decision, BASE, leader, '2023-02-01T02:00:00Z')).not.toBeInstanceOf(AppError);
    expect(createCase(decision, BASE, sifasuo, '2023-02-01T02:00:00Z')).toBeInstanceOf(AppError);
    expect(createCase(decision, BASE, county, '2023-02-01T02:00:00Z')).toBeInstanceOf(AppError);
  });

  it('条例第三条: the category is one of art 3 (一)–(五)', () => {
    const r = createCase(decision, { ...BASE, category: 'fiscal' }, office, '2023-02-01T02:00:00Z');
    expect((r as AppError).message).toContain('决策事项类别');
  });
});

describe('公众参与', () => {
  it('条例第十五条: 征求意见期限少于30日且未说明理由的，不予登记', () => {
    let c = run(snap('proposed'), 'launch', LAUNCH, '2023-02-01T02:00:00Z');
    c = run(c, 'record_draft', { draftedOn: '2023-02-20', draftSummary: '草案' }, '2023-02-20T02:00:00Z');
    c = issue(c, 'comment_notice', '2023-03-01T01:00:00Z');
    const short = { ...CONSULT, commentTo: '2023-03-30' };
    expect(refusal(c, 'open_consultation', short, '2023-03-01T02:00:00Z')).toContain('第十五条');
    expect(commentPeriodProblem('2023-03-01', '2023-03-31', undefined)).toBeNull();
    // With the reason stated, the shorter period is accepted (art 15 "应当予以说明").
    const ok = run(c, 'open_consultation', { ...short, commentShortReason: '汛期前须开工' }, '2023-03-01T02:00:00Z');
    expect(ok.fields).toMatchObject({ commentDays: 29, commentShortReason: '汛期前须开工' });
  });

  it('条例第十五条: the comment notice must have been issued first', () => {
    let c = run(snap('proposed'), 'launch', LAUNCH, '2023-02-01T02:00:00Z');
    c = run(c, 'record_draft', { draftedOn: '2023-02-20', draftSummary: '草案' }, '2023-02-20T02:00:00Z');
    expect(refusal(c, 'open_consultation', CONSULT, '2023-03-01T02:00:00Z')).toContain('征求意见公告');
  });

  it('条例第十五条、第十八条: the opinions are summed up only after the period ends', () => {
    let c = run(snap('proposed'), 'launch', LAUNCH, '2023-02-01T02:00:00Z');
    c = run(c, 'record_draft', { draftedOn: '2023-02-20', draftSummary: '草案' }, '2023-02-20T02:00:00Z');
    c = run(issue(c, 'comment_notice', '2023-03-01T01:00:00Z'), 'open_consultation', CONSULT, '2023-03-01T02:00:00Z');
    expect(
      refusal(c, 'close_consultation', { commentCount: 1, commentAdoption: '无' }, '2023-03-31T02:00:00Z'),
    ).toContain('2023-03-31届满');
  });

  it('条例第十六条: 听证会材料未于7日前送达的，不予登记', () => {
    const c = consulted();
    const late = { ...HEARING, hearingMaterialsSentOn: '2023-04-04' };
    expect(refusal(c, 'record_hearing', late, '2023-04-10T08:00:00Z')).toContain('第十六条第三款');
    expect(hearingNoticeProblem('2023-04-03', '2023-04-10')).toBeNull();
    expect(hearingNoticeProblem('2023-04-04', '2023-04-10')).toContain('2023-04-11');
  });

  it('条例第十七条: the participants sign the hearing record', () => {
    expect(
      refusal(consulted(), 'record_hearing', { ...HEARING, recordSigned: false }, '2023-04-10T08:00:00Z'),
    ).toContain('第十七条');
  });

  it('a hearing not chosen at 启动 is refused', () => {
    let c = run(snap('proposed'), 'launch', { ...LAUNCH, hearing: false }, '2023-02-01T02:00:00Z');
    c = run(c, 'record_draft', { draftedOn: '2023-02-20', draftSummary: '草案' }, '2023-02-20T02:00:00Z');
    expect(refusal(c, 'record_hearing', HEARING, '2023-04-10T08:00:00Z')).toContain('未确定召开听证会');
  });
});

describe('专家论证与风险评估', () => {
  it('条例第十九条第二款: an unsigned expert opinion is refused', () => {
    const unsigned = { ...EXPERTS, experts: [{ name: '王工', org: '设计院', signed: false }] };
    expect(refusal(consulted(), 'record_expert_review', unsigned, '2023-04-12T08:00:00Z')).toContain('第十九条第二款');
  });

  it('条例第二十三条第二款: the assessment names risk points, measures and the plan', () => {
    const { riskPlan: _p, ...noPlan } = RISK;
    expect(refusal(consulted(), 'record_risk_assessment', noPlan, '2023-04-20T08:00:00Z')).toContain('处置预案');
  });

  it('条例第二十七条第二项: the steps chosen at 启动 are done before the legality review', () => {
    const c = run(consulted(), 'record_hearing', HEARING, '2023-04-10T08:00:00Z');
    const msg = refusal(c, 'send_legal_review', SEND, '2023-05-08T02:00:00Z');
    expect(msg).toContain('专家论证');
    expect(msg).toContain('风险评估');
    expect(msg).not.toContain('听证会');
  });
});

describe('合法性审查', () => {
  it('条例第二十六条第二款: 审查期限少于7个工作日且未说明理由的，不予送审', () => {
    expect(earliestReviewDue(createCalendar(), '2023-05-08')).toBe('2023-05-17');
    const short = { ...SEND, legalDueOn: '2023-05-16' };
    expect(refusal(allSteps(), 'send_legal_review', short, '2023-05-08T02:00:00Z')).toContain('第二十六条第二款');
    const c = run(allSteps(), 'send_legal_review', SEND, '2023-05-08T02:00:00Z');
    expect(c.fields).toMatchObject({ legalReviewDays: 7, legalReviewer: 'sifasuo' });
  });

  it('条例第二十八条: the review opinion (合法性审查意见书) is issued before the outcome is recorded', () => {
    const c = run(allSteps(), 'send_legal_review', SEND, '2023-05-08T02:00:00Z');
    expect(refusal(c, 'pass_legal_review', PASS, '2023-05-15T02:00:00Z', sifasuo)).toContain('合法性审查意见书');
  });

  it('条例第二十八条: the outcome recorded agrees with the opinion issued', () => {
    let c = run(allSteps(), 'send_legal_review', SEND, '2023-05-08T02:00:00Z');
    c = {
      ...c,
      documents: [
        { kind: 'legality_opinion', issuedAt: '2023-05-15T01:00:00Z', id: 1, input: { conclusion: 'failed' } },
      ],
    };
    expect(refusal(c, 'pass_legal_review', PASS, '2023-05-15T02:00:00Z', sifasuo)).toContain('不符');
    expect(run(c, 'fail_legal_review', PASS, '2023-05-15T02:00:00Z', sifasuo).state).toBe('drafted');
  });

  it('only the 司法所 or the office records the outcome, not the leader', () => {
    const c = issue(
      run(allSteps(), 'send_legal_review', SEND, '2023-05-08T02:00:00Z'),
      'legality_opinion',
      '2023-05-15T01:00:00Z',
    );
    expect(refusal(c, 'pass_legal_review', PASS, '2023-05-15T02:00:00Z', leader)).toBeTruthy();
  });
});

describe('集体讨论', () => {
  it('条例第二十五条: 未经合法性审查不得提交集体讨论', () => {
    const c = { ...allSteps(), context: { meetingItems: [held(7)], calendarOverrides: [] } };
    expect(refusal(c, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z')).toContain('第二十五条');
    expect(legalityGateProblem(undefined)).toContain('未经合法性审查');
  });

  it('条例第二十五条第二款: 经审查不合法的不得提交集体讨论', () => {
    let c = run(allSteps(), 'send_legal_review', SEND, '2023-05-08T02:00:00Z');
    c = issue(c, 'legality_opinion', '2023-05-15T01:00:00Z');
    c = run(c, 'fail_legal_review', { ...PASS, legalOpinion: '超越法定权限' }, '2023-05-15T02:00:00Z', sifasuo);
    expect(c.state).toBe('drafted');
    c = { ...c, context: { meetingItems: [held(7)], calendarOverrides: [] } };
    expect(refusal(c, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z')).toContain('第二十五条第二款');
  });

  it('条例第三十条: discussion is recorded only from a held meeting item on this case', () => {
    const c = reviewed();
    expect(refusal(c, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z')).toContain('尚无已召开会议');
    const planned = { ...held(7), status: 'planned' as const, conclusion: null };
    const withPlanned = { ...c, context: { meetingItems: [planned], calendarOverrides: [] } };
    expect(refusal(withPlanned, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z')).toContain('尚无已召开会议');
    const other = { ...c, context: { meetingItems: [held(7)], calendarOverrides: [] } };
    expect(refusal(other, 'discuss', { meetingItemId: 8 }, '2023-05-26T02:00:00Z')).toContain('不是针对本决策事项');
    const rejected = { ...c, context: { meetingItems: [held(7, 'rejected')], calendarOverrides: [] } };
    expect(refusal(rejected, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z')).toContain('不予通过');
  });

  it('条例第二十五条: the discussion button is offered before the review, and refused with its reason', () => {
    const c = allSteps();
    const discuss = allowedActions(decision, c, office, '2023-05-01T02:00:00Z').find((a) => a.key === 'discuss');
    expect(discuss?.reason).toContain('第二十五条');
  });
});

describe('决定与公布', () => {
  it('条例第三十一条: the decision comes after the report to the Party committee', () => {
    let c: CaseSnapshot = { ...reviewed(), context: { meetingItems: [held(7)], calendarOverrides: [] } };
    c = run(c, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z');
    c = run(c, 'report_party', { partyReportedOn: '2023-05-29', partyReply: '同意' }, '2023-05-29T02:00:00Z');
    const early = { decidedOn: '2023-05-28', decisionContent: '实施', executingUnit: '建设办' };
    expect(refusal(c, 'decide', early, '2023-06-01T02:00:00Z', leader)).toContain('第三十一条');
  });

  it('条例第三十二条: publication needs the 决策公布 document', () => {
    let c: CaseSnapshot = { ...reviewed(), context: { meetingItems: [held(7)], calendarOverrides: [] } };
    c = run(c, 'discuss', { meetingItemId: 7 }, '2023-05-26T02:00:00Z');
    c = run(c, 'report_party', { partyReportedOn: '2023-05-29', partyReply: '同意' }, '2023-05-29T02:00:00Z');
    c = run(
      c,
      'decide',
      { decidedOn: '2023-06-01', decisionContent: '实施', executingUnit: '建设办' },
      '2023-06-01T02:00:00Z',
    );
    expect(
      refusal(c, 'publish', { publishedOn: '2023-06-05', publishedWhere: '网站' }, '2023-06-05T02:00:00Z'),
    ).toContain('重大行政决策公布');
  });
});

describe('completeness and the catalogue', () => {
  it('missingSteps names the legality review whenever it did not pass (条例第二十五条)', () => {
    expect(missingSteps({ commentClosedOn: '2023-03-31', discussedOn: 'x', partyReportedOn: 'y' })).toEqual([
      '合法性审查',
    ]);
    expect(
      missingSteps({
        hearing: true,
        commentClosedOn: 'a',
        legalOutcome: 'passed',
        discussedOn: 'b',
        partyReportedOn: 'c',
      }),
    ).toEqual(['听证会']);
  });

  it('条例第三条第三款: 决策事项目录经同级党委同意后向社会公布', () => {
    expect(catalogueTransitionProblem('draft', 'published', '2023-02-01', null)).toContain('第三条第三款');
    expect(catalogueTransitionProblem('draft', 'approved', '2023-01-20', null)).toBeNull();
    expect(catalogueTransitionProblem('approved', 'published', '2023-01-19', '2023-01-20')).toContain('不得早于');
    expect(catalogueTransitionProblem('approved', 'published', '2023-01-25', '2023-01-20')).toBeNull();
  });
});
