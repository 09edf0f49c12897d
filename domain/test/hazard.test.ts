/**
 * 安全隐患 on the pure engine: every transition, its guards and their Chinese reasons, the two
 * clocks and the 重大事故隐患 measures (安全生产法 arts 41, 65, 69, 70, 102, 113).
 *
 * Dates worked out by hand from the 国务院办公厅 2026 notice: 端午节 rest 2026-06-19 (Fri) to
 * 2026-06-21 (Sun), no make-up working day. An order served Monday 2026-06-01 with the deadline
 * Wednesday 2026-06-10: 整改期限 = 9 days from service, last day 2026-06-10. Re-inspection from the
 * deadline's expiry: 2026-06-10 + 10 days = Saturday 2026-06-20, a rest day of the 端午 break,
 * rolls to Monday 2026-06-22 (民法典 art 203). From an application on Friday 2026-06-05:
 * + 10 days = Monday 2026-06-15, a working day.
 */
import { describe, expect, it } from 'vitest';
import {
  AppError,
  allowedActions,
  applyAction,
  type CaseDocument,
  type CaseSnapshot,
  type CertifiedOfficer,
  clockStatus,
  closureGrounds,
  createCalendar,
  createCase,
  hazard,
  inboxFacts,
  powerCutProblem,
} from '../src/index.ts';

const calendar = createCalendar();

const officer = (id: number, fields = ['safety'], validUntil = '2030-12-31'): CertifiedOfficer => ({
  id,
  name: `检查员${id}`,
  certNo: `AJ-${id}`,
  fields,
  validFrom: null,
  validUntil,
  reviewer: false,
  legalQualification: false,
  active: true,
});

const anjian = { id: '1', roles: ['anjian'] };
const leader = { id: '9', roles: ['leader'] };
const village = { id: '5', roles: ['village'] };
const zhifa = { id: '7', roles: ['zhifa'] };

const BASE = {
  unitId: 3,
  source: 'inspection',
  foundOn: '2026-05-28',
  description: '配电箱未接地，电线私拉乱接',
  location: '二号车间',
  level: 'general',
};

function snapshot(
  state: string,
  fields: Record<string, unknown> = {},
  context: Record<string, unknown> = {},
): CaseSnapshot {
  return {
    type: 'hazard',
    state,
    version: 1,
    fields: { ...BASE, ...fields },
    events: [{ seq: 1, at: '2026-05-28T02:00:00Z', actorId: '1', action: 'create', from: null, to: 'found' }],
    documents: [],
    createdBy: '1',
    context: {
      officers: [officer(1), officer(2), officer(3, ['planning'])],
      calendarOverrides: [],
      attachments: 0,
      unit: null,
      unitPenalties: [],
      ...context,
    },
  };
}

/** Runs an action and returns the next snapshot (or throws the engine's refusal). */
function run(
  c: CaseSnapshot,
  action: string,
  input: Record<string, unknown>,
  now: string,
  user = anjian,
): CaseSnapshot {
  const r = applyAction(hazard, c, action, input, user, now);
  if (r instanceof AppError) throw new Error(r.message);
  return { ...c, state: r.newState, fields: r.fields, events: [...c.events, ...r.events], version: c.version + 1 };
}

function refusal(c: CaseSnapshot, action: string, input: Record<string, unknown>, now: string, user = anjian) {
  const r = applyAction(hazard, c, action, input, user, now);
  expect(r).toBeInstanceOf(AppError);
  return (r as AppError).message;
}

function issue(c: CaseSnapshot, kind: string, at: string, number?: string): CaseSnapshot {
  const doc: CaseDocument = { kind, issuedAt: at, id: c.documents.length + 1, number: number ?? null };
  return { ...c, documents: [...c.documents, doc] };
}

const ORDER = { measure: '配电箱加装接地保护，规范线路', rectifyDeadline: '2026-06-10', orderServedOn: '2026-06-01' };
const REINSPECT = { reinspectedOn: '2026-06-12', officerIds: [1, 2], reinspectOpinion: '隐患已消除' };

function ordered(fields: Record<string, unknown> = {}, context: Record<string, unknown> = {}): CaseSnapshot {
  const c = issue(snapshot('found', fields, context), 'rectify_order', '2026-06-01T01:00:00Z', '湾安责改〔2026〕3号');
  return run(c, 'order', ORDER, '2026-06-01T02:00:00Z');
}

describe('registration (安全生产法第七十五条: the village reports)', () => {
  it('lets 安监办 and a village register, not the 执法队', () => {
    expect(createCase(hazard, BASE, anjian, '2026-05-28T02:00:00Z')).not.toBeInstanceOf(AppError);
    const r = createCase(hazard, { ...BASE, source: 'village_report' }, village, '2026-05-28T02:00:00Z');
    expect(r).toMatchObject({ state: 'found' });
    expect(createCase(hazard, BASE, zhifa, '2026-05-28T02:00:00Z')).toBeInstanceOf(AppError);
  });
  it('requires the unit, with its Chinese label', () => {
    const { unitId: _u, ...rest } = BASE;
    const r = createCase(hazard, rest, anjian, '2026-05-28T02:00:00Z');
    expect((r as AppError).message).toContain('生产经营单位');
  });
});

describe('当场整改 (安全生产法第六十五条第一款第二项)', () => {
  const input = { rectifiedOnSpotOn: '2026-05-28', officerIds: [1, 2] };
  it('needs a photo on the case', () => {
    expect(refusal(snapshot('found'), 'rectify_on_spot', input, '2026-05-28T03:00:00Z')).toContain('现场照片');
  });
  it('needs two inspectors certified for work safety that day (行政处罚法第四十二条)', () => {
    const c = snapshot('found', {}, { attachments: 1 });
    expect(refusal(c, 'rectify_on_spot', { ...input, officerIds: [1] }, '2026-05-28T03:00:00Z')).toContain(
      '不得少于2人',
    );
    expect(refusal(c, 'rectify_on_spot', { ...input, officerIds: [1, 3] }, '2026-05-28T03:00:00Z')).toContain(
      '检查员3（AJ-3）',
    );
  });
  it('ends the case as 当场整改 (terminal)', () => {
    const c = run(snapshot('found', {}, { attachments: 1 }), 'rectify_on_spot', input, '2026-05-28T03:00:00Z');
    expect(c.state).toBe('rectified_on_spot');
    expect(c.fields).toMatchObject({ outcome: 'rectified_on_spot', onSpotOfficerIds: [1, 2] });
    expect(allowedActions(hazard, c, anjian, '2026-05-29T03:00:00Z')).toEqual([]);
  });
});

describe('责令限期整改', () => {
  it('needs the 责令限期整改指令书 issued', () => {
    expect(refusal(snapshot('found'), 'order', ORDER, '2026-06-01T02:00:00Z')).toContain('责令限期整改指令书');
  });
  it('refuses a deadline not after today, on a rest day, or served after it', () => {
    const c = issue(snapshot('found'), 'rectify_order', '2026-06-01T01:00:00Z');
    expect(refusal(c, 'order', { ...ORDER, rectifyDeadline: '2026-06-01' }, '2026-06-01T02:00:00Z')).toContain(
      '整改期限应晚于今天',
    );
    expect(refusal(c, 'order', { ...ORDER, rectifyDeadline: '2026-06-20' }, '2026-06-01T02:00:00Z')).toBe(
      '整改期限应为工作日',
    );
    expect(refusal(c, 'order', { ...ORDER, orderServedOn: '2026-05-20' }, '2026-06-01T02:00:00Z')).toContain(
      '不得早于发现日期',
    );
  });
  it('records the deadline, the order number and the days, and refuses the village', () => {
    const c = ordered();
    expect(c.state).toBe('rectifying');
    expect(c.fields).toMatchObject({ rectifyDays: 9, orderNo: '湾安责改〔2026〕3号', reinspectionFrom: '2026-06-10' });
    const v = issue(snapshot('found'), 'rectify_order', '2026-06-01T01:00:00Z');
    expect(refusal(v, 'order', ORDER, '2026-06-01T02:00:00Z', village)).toContain('仅安监办');
  });
});

describe('整改期限 as a clock: overdue on the inbox of 安监办 and the village', () => {
  it('runs to the deadline and is breached after it; the village can act (forward the application)', () => {
    const c = ordered();
    const before = clockStatus(hazard, c, calendar, '2026-06-09T02:00:00Z').find((s) => s.key === 'rectification');
    expect(before).toMatchObject({ state: 'running', due: '2026-06-10' });
    const facts = inboxFacts(hazard, c, calendar, '2026-06-11T02:00:00Z');
    expect(facts).toMatchObject({ nextClock: 'rectification', nextDue: '2026-06-10', level: 'breached' });
    expect(facts.actorRoles).toEqual(['anjian', 'village']);
  });
});

describe('复查期限: 10 days (安全生产违法行为行政处罚办法第十七条)', () => {
  it('安全生产违法行为行政处罚办法第十七条: from the deadline, 2026-06-10 + 10 = Sat 2026-06-20 (端午), rolls to Mon 2026-06-22', () => {
    const c = ordered();
    const s = clockStatus(hazard, c, calendar, '2026-06-11T02:00:00Z').find((x) => x.key === 'reinspection');
    expect(s).toMatchObject({ state: 'running', startedOn: '2026-06-10', due: '2026-06-22' });
    const late = clockStatus(hazard, c, calendar, '2026-06-23T02:00:00Z').find((x) => x.key === 'reinspection');
    expect(late?.state).toBe('breached');
  });
  it('安全生产违法行为行政处罚办法第十七条: from the unit application on 2026-06-05, due Mon 2026-06-15', () => {
    const c = run(ordered(), 'apply_reinspection', { appliedOn: '2026-06-05' }, '2026-06-05T02:00:00Z', village);
    expect(c.state).toBe('reinspecting');
    const all = clockStatus(hazard, c, calendar, '2026-06-08T02:00:00Z');
    expect(all.find((x) => x.key === 'reinspection')).toMatchObject({ startedOn: '2026-06-05', due: '2026-06-15' });
    expect(all.find((x) => x.key === 'rectification')?.state).toBe('stopped');
  });
  it('refuses an application after the deadline: the period already runs from its expiry', () => {
    expect(refusal(ordered(), 'apply_reinspection', { appliedOn: '2026-06-11' }, '2026-06-11T02:00:00Z')).toContain(
      '逾期申请按期限届满转入复查',
    );
  });
  it('turns to 待复查 when the deadline has passed, not before', () => {
    expect(refusal(ordered(), 'deadline_passed', {}, '2026-06-10T02:00:00Z')).toContain('届满后方可转入复查');
    const c = run(ordered(), 'deadline_passed', {}, '2026-06-11T02:00:00Z');
    expect(c.state).toBe('reinspecting');
    // The missed deadline stays on the record as late; the inbox now waits for the re-inspection.
    const clocks = clockStatus(hazard, c, calendar, '2026-06-12T02:00:00Z');
    expect(clocks.find((x) => x.key === 'rectification')?.state).toBe('stopped_late');
    expect(inboxFacts(hazard, c, calendar, '2026-06-12T02:00:00Z')).toMatchObject({
      nextClock: 'reinspection',
      nextDue: '2026-06-22',
      actorRoles: ['anjian'],
    });
  });
  it('stops when the re-inspection is recorded in time', () => {
    let c = run(ordered(), 'deadline_passed', {}, '2026-06-11T02:00:00Z');
    c = issue(c, 'reinspection_opinion', '2026-06-12T01:00:00Z', '湾安复查〔2026〕1号');
    c = run(c, 'reinspect_pass', REINSPECT, '2026-06-12T02:00:00Z');
    expect(
      clockStatus(hazard, c, calendar, '2026-06-30T02:00:00Z').find((x) => x.key === 'reinspection'),
    ).toMatchObject({ state: 'stopped', stoppedOn: '2026-06-12' });
  });
});

describe('复查 (two certified inspectors; 整改复查意见书)', () => {
  const reinspecting = () => run(ordered(), 'deadline_passed', {}, '2026-06-11T02:00:00Z');
  it('needs the 整改复查意见书', () => {
    expect(refusal(reinspecting(), 'reinspect_pass', REINSPECT, '2026-06-12T02:00:00Z')).toContain('整改复查意见书');
  });
  it('needs two inspectors, each certified for work safety on the day (officersProblem)', () => {
    const c = issue(reinspecting(), 'reinspection_opinion', '2026-06-12T01:00:00Z');
    expect(refusal(c, 'reinspect_pass', { ...REINSPECT, officerIds: [1, 1] }, '2026-06-12T02:00:00Z')).toContain(
      '不得少于2人',
    );
    const expired = { ...c, context: { ...c.context, officers: [officer(1), officer(2, ['safety'], '2026-06-11')] } };
    expect(refusal(expired, 'reinspect_pass', REINSPECT, '2026-06-12T02:00:00Z')).toContain('执法证在 2026-06-12');
  });
  it('passed → 已销号 with the opinion number', () => {
    const c = run(
      issue(reinspecting(), 'reinspection_opinion', '2026-06-12T01:00:00Z', 'F-1'),
      'reinspect_pass',
      REINSPECT,
      '2026-06-12T02:00:00Z',
    );
    expect(c.state).toBe('closed');
    expect(c.fields).toMatchObject({
      reinspectPassed: true,
      reinspectNo: 'F-1',
      closedOn: '2026-06-12',
      outcome: 'closed',
    });
  });
  it('failed → 逾期或复查不合格', () => {
    const c = run(
      issue(reinspecting(), 'reinspection_opinion', '2026-06-12T01:00:00Z'),
      'reinspect_fail',
      { ...REINSPECT, reinspectOpinion: '接地未整改' },
      '2026-06-12T02:00:00Z',
    );
    expect(c.state).toBe('failed');
    expect(c.fields.reinspectPassed).toBe(false);
  });
});

describe('from 逾期或复查不合格: 立案处罚 (art 102) or 移送 (art 69)', () => {
  const failed = () =>
    run(
      issue(
        run(ordered(), 'deadline_passed', {}, '2026-06-11T02:00:00Z'),
        'reinspection_opinion',
        '2026-06-12T01:00:00Z',
      ),
      'reinspect_fail',
      REINSPECT,
      '2026-06-12T02:00:00Z',
    );
  it('移交立案处罚 needs a 镇领导 approval, then ends as 已立案处罚', () => {
    const c = failed();
    expect(refusal(c, 'to_penalty', { violation: '未采取措施消除事故隐患' }, '2026-06-13T02:00:00Z')).toContain('审批');
    let s = run(c, 'request_approval:to_penalty', { violation: '未采取措施消除事故隐患' }, '2026-06-13T02:00:00Z');
    s = run(s, 'approve:to_penalty', { opinion: '同意立案' }, '2026-06-13T03:00:00Z', leader);
    s = run(s, 'to_penalty', {}, '2026-06-13T04:00:00Z');
    expect(s.state).toBe('penalized');
    expect(s.fields).toMatchObject({ violation: '未采取措施消除事故隐患', penaltyProposedOn: '2026-06-13' });
  });
  it('移送 needs the 案件移送书 and ends as 已移送', () => {
    const input = {
      transferredTo: '县市场监督管理局',
      transferredOn: '2026-06-13',
      transferReason: '属特种设备安全监管',
    };
    expect(refusal(failed(), 'transfer', input, '2026-06-13T02:00:00Z')).toContain('案件移送书');
    const s = run(
      issue(failed(), 'transfer_letter', '2026-06-13T01:00:00Z'),
      'transfer',
      input,
      '2026-06-13T02:00:00Z',
    );
    expect(s.state).toBe('transferred');
  });
  it('every other state refuses them (CONFLICT)', () => {
    expect(refusal(ordered(), 'to_penalty', { violation: 'x' }, '2026-06-13T02:00:00Z')).toContain('不能执行');
  });
});

describe('重大事故隐患 (安全生产法第六十五条第一款第三项、第四十一条第三款、第七十条)', () => {
  const MEASURES = { measures: ['evacuate', 'suspend'], measuresOn: '2026-05-28', officerIds: [1, 2] };
  const major = () =>
    run(
      issue(snapshot('found', { level: 'major' }), 'measures_decision', '2026-05-28T03:00:00Z', 'C-1'),
      'impose_measures',
      MEASURES,
      '2026-05-28T04:00:00Z',
    );
  it('measures only for a major hazard, with the 现场处理措施决定书', () => {
    const general = issue(snapshot('found'), 'measures_decision', '2026-05-28T03:00:00Z');
    expect(refusal(general, 'impose_measures', MEASURES, '2026-05-28T04:00:00Z')).toContain('仅重大事故隐患');
    expect(
      refusal(snapshot('found', { level: 'major' }), 'impose_measures', MEASURES, '2026-05-28T04:00:00Z'),
    ).toContain('现场处理措施决定书');
    const c = major();
    expect(c.state).toBe('found');
    expect(c.fields).toMatchObject({ measures: ['evacuate', 'suspend'], measuresNo: 'C-1' });
  });
  it('挂牌督办 only for a major hazard (第四十一条第三款)', () => {
    const input = { supervisedOn: '2026-05-29', supervisor: '示范县应急管理局', supervisionNo: '示应急督〔2026〕2号' };
    expect(refusal(snapshot('found'), 'supervise', input, '2026-05-29T02:00:00Z')).toContain('第四十一条第三款');
    expect(run(major(), 'supervise', input, '2026-05-29T02:00:00Z').fields.supervisor).toBe('示范县应急管理局');
  });
  it('销号 waits for the review agreeing to resume; resumption needs the review document, approval and two inspectors', () => {
    let c = run(issue(major(), 'rectify_order', '2026-06-01T01:00:00Z'), 'order', ORDER, '2026-06-01T02:00:00Z');
    // Not before the review: 待复查 only.
    expect(
      refusal(
        c,
        'request_approval:approve_resumption',
        { resumptionReviewedOn: '2026-06-01', officerIds: [1, 2] },
        '2026-06-01T03:00:00Z',
      ),
    ).toContain('不能执行');
    c = run(c, 'apply_reinspection', { appliedOn: '2026-06-05' }, '2026-06-05T02:00:00Z');
    c = issue(c, 'reinspection_opinion', '2026-06-08T01:00:00Z');
    expect(
      refusal(c, 'reinspect_pass', { ...REINSPECT, reinspectedOn: '2026-06-08' }, '2026-06-08T02:00:00Z'),
    ).toContain('须先经审查同意恢复生产');
    const proposal = { resumptionReviewedOn: '2026-06-08', officerIds: [1, 2] };
    c = run(c, 'request_approval:approve_resumption', proposal, '2026-06-08T02:00:00Z');
    c = run(c, 'approve:approve_resumption', { opinion: '同意' }, '2026-06-08T03:00:00Z', leader);
    c = run(c, 'approve_resumption', {}, '2026-06-08T04:00:00Z');
    expect(c.fields.resumptionApprovedOn).toBe('2026-06-08');
    c = run(c, 'reinspect_pass', { ...REINSPECT, reinspectedOn: '2026-06-08' }, '2026-06-08T05:00:00Z');
    expect(c.state).toBe('closed');
  });
  it('resumption is refused without measures, and for a general hazard', () => {
    let c = run(
      issue(snapshot('found', { level: 'major' }), 'rectify_order', '2026-06-01T01:00:00Z'),
      'order',
      ORDER,
      '2026-06-01T02:00:00Z',
    );
    c = issue(
      run(c, 'apply_reinspection', { appliedOn: '2026-06-05' }, '2026-06-05T02:00:00Z'),
      'reinspection_opinion',
      '2026-06-08T01:00:00Z',
    );
    const p = { resumptionReviewedOn: '2026-06-08', officerIds: [1, 2] };
    expect(refusal(c, 'request_approval:approve_resumption', p, '2026-06-08T02:00:00Z')).toContain('无需审查恢复生产');
  });
  it('第七十条第二款: power is cut only 24 h after written notice, unless in an emergency', () => {
    expect(powerCutProblem({ emergency: false, cutAt: '2026-06-02T10:00:00+08:00' })).toContain('提前二十四小时');
    expect(
      powerCutProblem({ emergency: false, noticeAt: '2026-06-01T11:00:00+08:00', cutAt: '2026-06-02T10:00:00+08:00' }),
    ).toContain('不足24小时');
    expect(
      powerCutProblem({ emergency: false, noticeAt: '2026-06-01T10:00:00+08:00', cutAt: '2026-06-02T10:00:00+08:00' }),
    ).toBeNull();
    expect(powerCutProblem({ emergency: true, cutAt: '2026-06-01T10:00:00+08:00' })).toContain('紧急情形');
    expect(powerCutProblem({ emergency: true, cutAt: '2026-06-01T10:00:00+08:00', reason: '储罐泄漏' })).toBeNull();
    const input = {
      powerCutEmergency: false,
      powerCutNoticeAt: '2026-05-28T14:00:00+08:00',
      powerCutAt: '2026-05-29T09:00:00+08:00',
      powerCutReason: '拒不执行停产决定',
    };
    expect(
      refusal(snapshot('found', { level: 'major' }), 'request_approval:cut_power', input, '2026-05-28T08:00:00Z'),
    ).toContain('第七十条第一款');
    expect(refusal(major(), 'request_approval:cut_power', input, '2026-05-28T08:00:00Z')).toContain('不足24小时');
  });
});

describe('安全生产法第一百一十三条第一项: 3 penalties in 180 days or 4 in a year', () => {
  it('counts the decisions in the windows ending today', () => {
    expect(closureGrounds('major', ['2026-01-10', '2026-03-01', '2026-05-01'], '2026-06-01')).toMatchObject({
      met: true,
      in180: 3,
    });
    // 2025-12-03 is 181 days before 2026-06-01: outside the 180 days, inside the year.
    expect(closureGrounds('major', ['2025-12-03', '2026-03-01', '2026-05-01'], '2026-06-01')).toMatchObject({
      met: false,
      in180: 2,
      inYear: 3,
    });
    expect(closureGrounds('major', ['2025-07-01', '2025-12-03', '2026-03-01', '2026-05-01'], '2026-06-01').met).toBe(
      true,
    );
    expect(closureGrounds('general', ['2026-01-10', '2026-03-01', '2026-05-01'], '2026-06-01').met).toBe(false);
  });
  it('shows the count on the case as the reason of 提请关闭', () => {
    const c = snapshot('found', { level: 'major' }, { unitPenalties: ['2026-05-01'] });
    const a = allowedActions(hazard, c, anjian, '2026-06-01T02:00:00Z').find((x) => x.key === 'propose_closure');
    expect(a).toMatchObject({ enabled: false });
    expect(a?.reason).toContain('一百八十日内受到行政处罚1次');
  });
});
