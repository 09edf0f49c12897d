/**
 * 规范性文件 on the pure engine (issue 16; domain cases/normative.ts, decisions/normative.ts):
 * the comment period (国办发〔2018〕37号, ≥ 7 wd), the legality review (国办发〔2018〕115号,
 * 5–15 wd; a flagged draft cannot pass), the 集体审议 gate, validity ≤ 5 years and the
 * evaluation 6 months before expiry, and the county's filing actions being the `beian` role's only.
 *
 * Dates by hand on the 2023 calendar (no holiday between 1 March and 5 April except 清明 on
 * Wednesday 5 April): 1–9 March 2023 hold 7 working days (1, 2, 3, 6, 7, 8, 9); from Friday
 * 10 March, 17 March is the 5th working day, 31 March the 15th, 3 April the 16th.
 */
import { describe, expect, it } from 'vitest';
import { normative, normativeEvaluationDue } from '../src/cases/normative.ts';
import {
  commentPeriodProblem,
  evaluationDue,
  expiryDate,
  filedOnTime,
  flaggedProblem,
  reviewPeriodProblem,
  validityProblem,
} from '../src/decisions/normative.ts';
import {
  AppError,
  allowedActions,
  applyAction,
  type CaseSnapshot,
  clockStatus,
  createCalendar,
  inboxFacts,
} from '../src/index.ts';

const calendar = createCalendar();
const fazhiban = { id: '2', roles: ['fazhiban'] };
const sifasuo = { id: '3', roles: ['sifasuo'] };
const leader = { id: '9', roles: ['leader'] };
const beian = { id: '20', roles: ['beian'] };
const county = { id: '21', roles: ['county'] };

const CLEAN = {
  createsLicence: false,
  createsPenalty: false,
  createsCompulsory: false,
  createsFee: false,
  addsDutiesWithoutBasis: false,
};

const held = (itemId: number, caseConclusion: 'adopted' | 'rejected' = 'adopted') => ({
  meetingId: 1,
  itemId,
  kind: 'joint',
  title: '2023年第2次党政联席会议',
  heldOn: '2023-03-20',
  status: 'held',
  conclusion: caseConclusion,
});

function snapshot(state: string, fields: Record<string, unknown> = {}, context: Record<string, unknown> = {}) {
  return {
    type: 'normative',
    state,
    version: 1,
    fields: { drafter: '农业农村办', draftedOn: '2023-02-27', ...fields },
    events: [{ seq: 1, at: '2023-02-27T02:00:00Z', actorId: '2', action: 'create', from: null, to: 'drafting' }],
    documents: [],
    createdBy: '2',
    context: { calendarOverrides: [], meetingItems: [], filingDays: 15, ...context },
  } as CaseSnapshot;
}

function act(
  c: CaseSnapshot,
  action: string,
  input: Record<string, unknown> | undefined,
  now: string,
  user = fazhiban,
): CaseSnapshot {
  const r = applyAction(normative, c, action, input, user, now);
  if (r instanceof AppError) throw new Error(r.message);
  return { ...c, state: r.newState, fields: r.fields, events: [...c.events, ...r.events], version: c.version + 1 };
}
function refusal(
  c: CaseSnapshot,
  action: string,
  input: Record<string, unknown> | undefined,
  now: string,
  user = fazhiban,
) {
  const r = applyAction(normative, c, action, input, user, now);
  expect(r).toBeInstanceOf(AppError);
  return (r as AppError).message;
}
function issue(
  c: CaseSnapshot,
  kind: string,
  at: string,
  input: Record<string, unknown> = {},
  number?: string,
): CaseSnapshot {
  return { ...c, documents: [...c.documents, { kind, issuedAt: at, input, number: number ?? null }] };
}

describe('规范性文件: 征求意见 (国办发〔2018〕37号)', () => {
  it('国办发〔2018〕37号: 征求意见期限少于7个工作日的，不予登记', () => {
    expect(commentPeriodProblem(calendar, '2023-03-01', '2023-03-08')).toContain('不得少于7个工作日');
    expect(commentPeriodProblem(calendar, '2023-03-01', '2023-03-09')).toBeNull();
    const msg = refusal(
      snapshot('drafting'),
      'open_comment',
      { commentFrom: '2023-03-01', commentUntil: '2023-03-08', commentChannel: '门户网站' },
      '2023-03-01T02:00:00Z',
    );
    expect(msg).toContain('征求意见期限为6个工作日');
  });

  it('国办发〔2018〕37号: 征求意见截止前不得报送合法性审核', () => {
    const c = act(
      snapshot('drafting'),
      'open_comment',
      { commentFrom: '2023-03-01', commentUntil: '2023-03-09', commentChannel: '门户网站' },
      '2023-03-01T02:00:00Z',
    );
    const msg = refusal(
      c,
      'submit_review',
      { commentsReceived: 2, commentsAdopted: '采纳1条', reviewSubmittedOn: '2023-03-09', reviewDue: '2023-03-17' },
      '2023-03-09T08:00:00Z',
    );
    expect(msg).toContain('截止后方可报送');
  });
});

describe('规范性文件: 合法性审核 (国办发〔2018〕115号)', () => {
  it('国办发〔2018〕115号: 审核期限少于5个或多于15个工作日的，不予报送', () => {
    expect(reviewPeriodProblem(calendar, '2023-03-10', '2023-03-16')).toContain('不得少于5个工作日');
    expect(reviewPeriodProblem(calendar, '2023-03-10', '2023-03-17')).toBeNull();
    expect(reviewPeriodProblem(calendar, '2023-03-10', '2023-03-31')).toBeNull();
    expect(reviewPeriodProblem(calendar, '2023-03-10', '2023-04-03')).toContain('最长不得超过15个工作日');
    const c = snapshot('commenting', { commentFrom: '2023-03-01', commentUntil: '2023-03-09' });
    const body = { commentsReceived: 2, commentsAdopted: '采纳1条', reviewSubmittedOn: '2023-03-10' };
    expect(refusal(c, 'submit_review', { ...body, reviewDue: '2023-04-03' }, '2023-03-10T02:00:00Z')).toContain(
      '16个工作日',
    );
    const ok = act(c, 'submit_review', { ...body, reviewDue: '2023-03-17' }, '2023-03-10T02:00:00Z');
    expect(ok.state).toBe('reviewing');
    expect(ok.fields.reviewDays).toBe(5);
    const clock = clockStatus(normative, ok, calendar, '2023-03-13T02:00:00Z').find((s) => s.key === 'legality_review');
    expect(clock?.due).toBe('2023-03-17');
  });

  it('行政处罚法第十六条、行政许可法第十七条、行政强制法第十条: 审核要点被勾选的草案不得通过审核', () => {
    expect(flaggedProblem({ ...CLEAN, createsPenalty: true })).toContain('设定行政处罚');
    expect(flaggedProblem(CLEAN)).toBeNull();
    let c = snapshot('reviewing', { reviewSubmittedOn: '2023-03-10', reviewDue: '2023-03-17', reviewDays: 5 });
    c = issue(c, 'legality_opinion', '2023-03-15T02:00:00Z', { ...CLEAN, createsFee: true, opinion: '设定收费' });
    const input = {
      reviewedOn: '2023-03-15',
      reviewerKind: 'sifasuo',
      reviewerName: '张明',
      reviewChecklist: { ...CLEAN, createsFee: true },
      reviewOpinion: '草案第五条设定收费',
    };
    expect(refusal(c, 'pass_review', input, '2023-03-15T03:00:00Z', sifasuo)).toContain('不得通过合法性审核');
    // The opinion says 收费 was found; passing with a clean checklist contradicts it.
    expect(refusal(c, 'pass_review', { ...input, reviewChecklist: CLEAN }, '2023-03-15T03:00:00Z', sifasuo)).toContain(
      '审核结果与本次登记不符',
    );
    const back = act(c, 'return_draft', input, '2023-03-15T03:00:00Z', sifasuo);
    expect(back.state).toBe('drafting');
    expect(back.fields.reviewPassed).toBe(false);
  });
});

describe('规范性文件: 集体审议、签发、公布', () => {
  const passed = () =>
    snapshot(
      'deliberating',
      { reviewSubmittedOn: '2023-03-10', reviewedOn: '2023-03-15', reviewPassed: true },
      { meetingItems: [held(7)] },
    );

  it('条例第三十条: 未经已召开会议审议通过的，不得登记集体审议', () => {
    const none = snapshot('deliberating', {}, { meetingItems: [] });
    expect(refusal(none, 'deliberate', { meetingItemId: 7 }, '2023-03-20T08:00:00Z')).toContain('尚无已召开会议');
    expect(refusal(passed(), 'deliberate', { meetingItemId: 8 }, '2023-03-20T08:00:00Z')).toContain('所选议题');
    const rejected = snapshot('deliberating', {}, { meetingItems: [held(7, 'rejected')] });
    expect(refusal(rejected, 'deliberate', { meetingItemId: 7 }, '2023-03-20T08:00:00Z')).toContain('不予通过');
    const ok = act(passed(), 'deliberate', { meetingItemId: 7 }, '2023-03-20T08:00:00Z');
    expect(ok.state).toBe('signing');
    expect(ok.fields.discussedOn).toBe('2023-03-20');
  });

  it('国办发〔2018〕37号: 有效期超过5年的，不予公布', () => {
    expect(validityProblem(61)).toContain('不得超过5年');
    expect(validityProblem(60)).toBeNull();
    let c = snapshot('publishing', { signedOn: '2023-03-21', signedBy: '王建国' });
    c = issue(c, 'publication', '2023-03-23T02:00:00Z', {}, '湾政规〔2023〕1号');
    const input = {
      publishedOn: '2023-03-23',
      publishedWhere: '镇政府门户网站',
      effectiveOn: '2023-04-15',
      validityMonths: 61,
    };
    expect(refusal(c, 'publish', input, '2023-03-23T03:00:00Z')).toContain('不得超过5年');
    const ok = act(c, 'publish', { ...input, validityMonths: 60 }, '2023-03-23T03:00:00Z');
    expect(ok.state).toBe('to_file');
    expect(ok.fields.docNo).toBe('湾政规〔2023〕1号');
    expect(ok.fields.expiresOn).toBe('2028-04-15');
    expect(ok.fields.filingDays).toBe(15);
  });

  it('只有主要负责人（镇领导）可以签发', () => {
    const c = snapshot('signing', { discussedOn: '2023-03-20' });
    expect(refusal(c, 'sign', { signedBy: '王建国', signedOn: '2023-03-21' }, '2023-03-21T02:00:00Z')).toBeTruthy();
    expect(act(c, 'sign', { signedBy: '王建国', signedOn: '2023-03-21' }, '2023-03-21T02:00:00Z', leader).state).toBe(
      'publishing',
    );
  });
});

describe('规范性文件: 报备与县级备案审查', () => {
  const published = () =>
    snapshot('to_file', {
      docNo: '湾政规〔2023〕1号',
      publishedOn: '2023-03-23',
      effectiveOn: '2023-04-15',
      validFrom: '2023-04-15',
      validityMonths: 60,
      evaluationMonths: 54,
      expiresOn: '2028-04-15',
      filingDays: 15,
    });

  it('报备期限自公布之日起按县设定的日数计算（默认15日），县设20日的按20日', () => {
    let c = snapshot('publishing', { signedOn: '2023-03-21', signedBy: '王建国' }, { filingDays: 20 });
    c = issue(c, 'publication', '2023-03-23T02:00:00Z', {}, '湾政规〔2023〕1号');
    c = act(
      c,
      'publish',
      { publishedOn: '2023-03-23', publishedWhere: '网站', effectiveOn: '2023-04-15', validityMonths: 60 },
      '2023-03-23T03:00:00Z',
    );
    expect(c.fields.filingDays).toBe(20);
    const s = clockStatus(normative, c, calendar, '2023-03-24T02:00:00Z').find((x) => x.key === 'filing');
    expect(s?.due).toBe('2023-04-12');
    expect(inboxFacts(normative, c, calendar, '2023-03-24T02:00:00Z').actorRoles).toEqual(['fazhiban']);
  });

  it('县司法局备案审查人员只能作出备案审查结论；县级督查只读', () => {
    let c = issue(published(), 'filing_report', '2023-03-28T02:00:00Z');
    c = act(c, 'file', { filedOn: '2023-03-28' }, '2023-03-28T03:00:00Z');
    expect(c.state).toBe('filing');
    expect(filedOnTime('2023-03-23', '2023-03-28', 15)).toBe(true);
    expect(filedOnTime('2023-03-23', '2023-04-08', 15)).toBe(false);
    const county_ = allowedActions(normative, c, county, '2023-04-03T02:00:00Z').filter((a) => a.enabled);
    expect(county_).toEqual([]);
    const mine = allowedActions(normative, c, beian, '2023-04-03T02:00:00Z')
      .filter((a) => a.enabled)
      .map((a) => a.key)
      .sort();
    expect(mine).toEqual(['accept_filing', 'order_correction', 'reject_filing']);
    expect(inboxFacts(normative, c, calendar, '2023-04-03T02:00:00Z').actorRoles).toEqual(['beian']);
    // The town cannot record the county's result.
    expect(
      refusal(
        c,
        'accept_filing',
        { filingResultOn: '2023-04-03', filingOpinion: '同意', filingReceiptNo: '1' },
        '2023-04-03T02:00:00Z',
      ),
    ).toBeTruthy();
    const corrected = act(
      c,
      'order_correction',
      { filingResultOn: '2023-04-03', filingOpinion: '第三条表述不当' },
      '2023-04-03T03:00:00Z',
      beian,
    );
    expect(corrected.state).toBe('correcting');
    // Refiling needs a fresh 备案报告.
    expect(refusal(corrected, 'file', { filedOn: '2023-04-06' }, '2023-04-06T03:00:00Z')).toBeTruthy();
    const refiled = act(
      issue(corrected, 'filing_report', '2023-04-06T02:00:00Z'),
      'file',
      { filedOn: '2023-04-06' },
      '2023-04-06T03:00:00Z',
    );
    expect(refiled.fields.filedOn).toBe('2023-03-28');
    expect(refiled.fields.correctedOn).toBe('2023-04-06');
    const accepted = act(
      refiled,
      'accept_filing',
      { filingResultOn: '2023-04-10', filingOpinion: '予以备案', filingReceiptNo: '示司备〔2023〕10号' },
      '2023-04-10T03:00:00Z',
      beian,
    );
    expect(accepted.state).toBe('in_force');
    expect(accepted.fields.filingResult).toBe('accepted');
  });
});

describe('规范性文件: 有效期与清理', () => {
  it('有效期届满前6个月评估：评估期限在有效期届满前6个月，并进入待办', () => {
    expect(expiryDate('2023-04-15', 60)).toBe('2028-04-15');
    expect(evaluationDue('2023-04-15', 60)).toBe('2027-10-15');
    expect(normativeEvaluationDue({ validFrom: '2023-04-15', evaluationMonths: 54 })).toBe('2027-10-15');
    let c = snapshot('publishing', { signedOn: '2023-03-21', signedBy: '王建国' });
    c = issue(c, 'publication', '2023-03-23T02:00:00Z', {}, '湾政规〔2023〕1号');
    c = act(
      c,
      'publish',
      { publishedOn: '2023-03-23', publishedWhere: '网站', effectiveOn: '2023-04-15', validityMonths: 60 },
      '2023-03-23T03:00:00Z',
    );
    c = act(
      issue(c, 'filing_report', '2023-03-28T02:00:00Z'),
      'file',
      { filedOn: '2023-03-28' },
      '2023-03-28T03:00:00Z',
    );
    c = act(
      c,
      'accept_filing',
      { filingResultOn: '2023-04-03', filingOpinion: '予以备案', filingReceiptNo: '示司备〔2023〕10号' },
      '2023-04-03T03:00:00Z',
      beian,
    );
    expect(c.state).toBe('in_force');
    const s = clockStatus(normative, c, calendar, '2027-10-08T02:00:00Z').find((x) => x.key === 'evaluation');
    expect(s?.due).toBe('2027-10-15');
    expect(s?.level).toBe('warn');
    const inbox = inboxFacts(normative, c, calendar, '2027-10-08T02:00:00Z');
    expect(inbox.actorRoles).toEqual(['fazhiban']);
    expect(inbox.nextClock).toBe('evaluation');
    expect(inbox.nextDue).toBe('2027-10-15');
    // Evaluated: the reminder stops; 继续有效 starts a new validity of at most 5 years.
    c = act(c, 'evaluate', { evaluatedOn: '2027-09-20', evaluationConclusion: '实施效果良好' }, '2027-09-20T03:00:00Z');
    expect(clockStatus(normative, c, calendar, '2027-10-08T02:00:00Z').find((x) => x.key === 'evaluation')?.state).toBe(
      'stopped',
    );
    expect(
      refusal(
        c,
        'continue_valid',
        { cleanedOn: '2027-09-25', cleanupNote: '继续', validityMonths: 72 },
        '2027-09-25T03:00:00Z',
      ),
    ).toContain('不得超过5年');
    const cont = act(
      c,
      'continue_valid',
      { cleanedOn: '2027-09-27', cleanupNote: '继续有效', validityMonths: 60 },
      '2027-09-27T03:00:00Z',
    );
    expect(cont.state).toBe('in_force');
    expect(cont.fields.expiresOn).toBe('2032-09-27');
    expect(cont.fields.cleanupResult).toBe('continued');
    const again = clockStatus(normative, cont, calendar, '2027-10-08T02:00:00Z').find((x) => x.key === 'evaluation');
    // 2032-03-27 is a Saturday: the last day rolls to Monday (民法典第二百零三条).
    expect(again?.due).toBe('2032-03-29');
  });

  it('清理：废止与修改终结文件', () => {
    const c = snapshot('in_force', { effectiveOn: '2023-04-15', validFrom: '2023-04-15' });
    const ab = act(c, 'abolish', { cleanedOn: '2023-10-16', cleanupNote: '上位法修订' }, '2023-10-16T03:00:00Z');
    expect(ab.state).toBe('abolished');
    expect(ab.fields.cleanupResult).toBe('abolished');
    const am = act(c, 'amend', { cleanedOn: '2023-10-16', cleanupNote: '修改' }, '2023-10-16T03:00:00Z');
    expect(am.state).toBe('amended');
  });
});
