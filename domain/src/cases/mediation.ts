/**
 * 矛盾纠纷调解 at the township one-stop centre (综治中心 / 一站式矛调中心), docs/domain.md §Mediation:
 * 登记 → 受理 | 不予受理 → 分流 (人民调解 / 行政调解 / 司法调解, or 转其他途径) → 指派调解员
 * → 调解中 → 书面协议 | 口头协议 | 调解不成终止 | 当事人拒绝/撤回 → 履行监督与回访
 * → 履行完毕 | 申请司法确认 | 起诉 → 归档.
 *
 * Sources (tags: docs/domain.md §Sources and confidence): 人民调解法 [V]; 民事诉讼法 art 205
 * [V]; 最高人民法院关于人民调解协议司法确认程序的若干规定 (2011) [V]; 司法部《人民调解工作若干规定》
 * (2002) arts 22, 33 [S: excerpts only]; a local rule (art 36, continuing past one month
 * with both parties' consent; art 39, 回访) [S].
 *
 * Each route its own rules and documents (issue 13): the one-month limit of 若干规定 art 33 binds
 * 人民调解 only; 行政调解 has no national limit, and takes the town's own (recorded on the case
 * when routed, from the server's policy; none = no clock); 司法调解（诉前）records the court's
 * reference and runs the period the court set. Each route has its own written agreement.
 *
 * Server conventions: `assign` puts the case on the user in `input.assigneeId`;
 * `take_ownership` makes the user in `input.ownerLeaderId` the owning leader (包案).
 * `riskLevel`/`riskReasons` are written by the server from ./mediation-risk.ts.
 */
import { z } from 'zod';
import { RISK_LABELS } from '../api/cases.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { shanghaiDate } from '../engine/time.ts';
import { isoDateSchema } from '../validators/schemas.ts';

// ---------------------------------------------------------------------------
// Choices (stable English keys, Chinese labels carried into the JSON Schema)
// ---------------------------------------------------------------------------

export const MEDIATION_CHANNEL_LABELS = {
  walk_in: '来访',
  village_report: '村居上报',
  screening: '排查发现',
  police: '警调对接',
  court: '诉调对接',
  petition: '访调对接',
  phone: '电话',
  online: '网上申请',
} as const;
export type MediationChannel = keyof typeof MEDIATION_CHANNEL_LABELS;

export const DISPUTE_TYPE_LABELS = {
  marriage_family: '婚姻家庭',
  neighbor: '邻里',
  land: '土地/宅基地',
  labor: '劳资/欠薪',
  damages: '损害赔偿',
  contract: '合同',
  property: '物业',
  other: '其他',
} as const;

/** The routes that stay in the centre; `referral` is set only by the `refer` action. */
export const MEDIATION_ROUTE_LABELS = {
  people: '人民调解',
  administrative: '行政调解',
  judicial: '司法调解（诉前）',
  referral: '转其他途径',
} as const;
const IN_CENTRE_ROUTES = {
  people: MEDIATION_ROUTE_LABELS.people,
  administrative: MEDIATION_ROUTE_LABELS.administrative,
  judicial: MEDIATION_ROUTE_LABELS.judicial,
} as const;

/**
 * How a court hands a dispute to mediation: before filing (委派调解, SPC 2011 rules art 2 ¶2:
 * the delegating court then confirms the agreement) or after filing (委托调解, art 13;
 * 民事诉讼法 art 125 先行调解).
 */
export const COURT_REFERRAL_KIND_LABELS = {
  delegated: '委派调解（立案前）',
  entrusted: '委托调解（立案后）',
} as const;

export const ADMINISTRATIVE_LIMIT_UNIT_LABELS = { wd: '个工作日', d: '日' } as const;

/**
 * The town's own limit for 行政调解 (no national one: docs/domain.md §Mediation, time limits),
 * recorded on the case when it is routed there, so a later change of the town's setting never
 * rewrites the deadline, or the breach, of a case already running.
 */
export const AdministrativeLimitSchema = z.object({
  length: z.number().int().min(1).max(365).describe('期限'),
  unit: choice(ADMINISTRATIVE_LIMIT_UNIT_LABELS, '单位'),
});
export type AdministrativeLimit = z.output<typeof AdministrativeLimitSchema>;

/** The policy key the server hands the route action (ApplyOptions.policy): the town's limit, or null for none. */
export const ADMINISTRATIVE_LIMIT_POLICY = 'administrativeLimit';

/** 人民调解法 art 26 names 仲裁、行政、司法; 信访 and the police are the centre's other windows. */
export const MEDIATION_REFERRAL_LABELS = {
  arbitration: '仲裁（劳动人事争议、农村土地承包经营纠纷）',
  administrative: '有关行政机关依法处理',
  litigation: '向人民法院起诉',
  petition: '信访渠道',
  police: '公安机关',
  other: '其他途径',
} as const;

/**
 * Grounds for 不予受理. 人民调解工作若干规定 (2002) art 22 [S]: matters that only a
 * specialised organ may handle or that may not be mediated, and matters already accepted
 * or resolved by a court, the police or an administrative organ. 人民调解法 art 2 limits
 * people's mediation to 民间纠纷. A party's refusal (art 17) is the `withdraw` action.
 */
export const MEDIATION_REJECTION_GROUND_LABELS = {
  reserved:
    '法律、法规规定只能由专门机关管辖处理，或者禁止采用民间调解方式解决的（《人民调解工作若干规定》第二十二条第一项）',
  already_handled: '人民法院、公安机关或者其他行政机关已经受理或者解决的（《人民调解工作若干规定》第二十二条第二项）',
  not_civil: '不属于民间纠纷的（《人民调解法》第二条）',
  other: '其他不宜受理的情形',
} as const;

/** 人民调解法 art 17 (refusal) and art 23(2) (拒绝调解或者要求终止调解). */
export const MEDIATION_WITHDRAWAL_LABELS = {
  refused: '一方当事人明确拒绝调解',
  withdrawn: '申请人撤回调解申请',
  stop_requested: '当事人要求终止调解',
} as const;

export const MEDIATION_OUTCOME_LABELS = {
  success: '调解成功',
  failed: '调解不成',
  withdrawn: '当事人拒绝或撤回',
  rejected: '不予受理',
  referred: '转其他途径',
} as const;

export const MEDIATION_PERFORMANCE_LABELS = {
  full: '已全部履行',
  partial: '部分履行',
  none: '未履行',
  not_due: '履行期限未届满',
} as const;

const PARTY_ROLE_LABELS = {
  applicant: '申请人',
  respondent: '被申请人',
  agent: '代理人',
  third: '第三人',
} as const;

const FOLLOW_UP_METHOD_LABELS = { visit: '上门回访', phone: '电话回访', office: '来访回访', other: '其他' } as const;

const CONFIRMATION_RESULT_LABELS = {
  confirmed: '裁定调解协议有效',
  dismissed: '裁定驳回申请（不予确认）',
  not_accepted: '不予受理',
  withdrawn: '当事人撤回申请',
} as const;

const COURT_ACTION_LABELS = {
  lawsuit: '就协议履行或内容向人民法院起诉（《人民调解法》第三十二条）',
  enforcement: '申请人民法院强制执行（《人民调解法》第三十三条第二款）',
} as const;

// ---------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);
const names = (label: string) => z.array(z.string().trim().min(1).max(100)).max(50).describe(label);
const count = (label: string) => z.number().int().min(0).max(100_000).describe(label);

const Session = z.object({
  date: date('调解日期'),
  place: text('调解地点', 200),
  attendees: names('参加人员').min(1),
  summary: text('调解情况'),
});

const FollowUp = z.object({
  date: date('回访日期'),
  method: choice(FOLLOW_UP_METHOD_LABELS, '回访方式'),
  performance: choice(MEDIATION_PERFORMANCE_LABELS, '履行情况'),
  note: text('回访情况'),
});

const PoliceReport = z.object({
  date: date('报告日期'),
  agency: text('报告单位', 100),
  situation: text('激化风险情况'),
});

const JudicialConfirmation = z.object({
  court: text('受理法院', 100),
  appliedOn: date('申请日期'),
  result: choice(CONFIRMATION_RESULT_LABELS, '法院处理结果').optional(),
  decidedOn: date('法院决定日期').optional(),
  caseNumber: z.string().trim().max(100).optional().describe('调确字案号'),
});

const CourtAction = z.object({
  kind: choice(COURT_ACTION_LABELS, '起诉或申请执行'),
  court: text('人民法院', 100),
  filedOn: date('提出日期'),
});

/**
 * The court's reference, recorded when a dispute is routed to 司法调解（诉前）: the court, its
 * case number for the referral (e.g. (2026)苏1012民诉前调123号), how and when it referred the
 * dispute, and the period it set. No statute in force sets the period of a 诉前 mediation, so
 * the clock follows the court's own letter.
 */
const courtShape = {
  courtName: text('委派（委托）法院', 100).optional(),
  courtCaseNo: text('法院案号', 100).optional(),
  courtReferralKind: choice(COURT_REFERRAL_KIND_LABELS, '委派或委托').optional(),
  courtReferredOn: date('法院委派（委托）日期').optional(),
  courtPeriodDays: z.number().int().min(1).max(365).optional().describe('法院确定的调解期限（日）'),
};
const COURT_FIELDS = Object.keys(courtShape) as (keyof typeof courtShape)[];

/** What the registration form asks for (the web's 登记 form; the rest is filled by actions). */
const intakeShape = {
  channel: choice(MEDIATION_CHANNEL_LABELS, '来源渠道'),
  disputeType: choice(DISPUTE_TYPE_LABELS, '纠纷类型'),
  amount: z.number().min(0).max(1e12).optional().describe('涉及金额（元）'),
  peopleCount: z.number().int().min(1).max(100_000).describe('涉及人数'),
  summary: text('纠纷简要情况'),
  requests: text('当事人请求'),
  receivedOn: date('收到日期'),
  referredBy: z.string().trim().max(100).optional().describe('移送或委派单位'),
  violenceRisk: z.boolean().optional().describe('有激化或暴力、违法犯罪风险'),
  // Early-warning facts known at intake (or filled by the server from the person/case index).
  priorFailedCount: count('此前调解不成次数').optional(),
  earlierCaseCount: count('同一当事人此前纠纷数').optional(),
  linkedPetitionCount: count('同一事项信访次数').optional(),
  linkedPoliceCount: count('同一事项报警次数').optional(),
};

export const MediationIntakeFields = z.object(intakeShape);

export const MediationFields = z.object({
  ...intakeShape,
  acceptedOn: date('受理日期').optional(),
  rejectionGround: choice(MEDIATION_REJECTION_GROUND_LABELS, '不予受理情形').optional(),
  rejectionReason: text('不予受理理由').optional(),
  route: choice(MEDIATION_ROUTE_LABELS, '分流途径').optional(),
  committee: text('调解组织', 100).optional(),
  ...courtShape,
  administrativeLimit: AdministrativeLimitSchema.optional().describe('行政调解期限（本镇设置，分流时记入）'),
  referralTo: choice(MEDIATION_REFERRAL_LABELS, '转往途径').optional(),
  referralOrg: text('接收单位', 100).optional(),
  referralReason: text('转办理由').optional(),
  mediatorId: z.string().trim().min(1).max(40).optional().describe('主办调解员'),
  coMediators: names('其他调解员').optional(),
  invitees: names('邀请参与调解人员').optional(),
  mediatorsChosenByParties: z.boolean().optional().describe('当事人选择调解员'),
  sessions: z.array(Session).max(200).optional().describe('调解记录'),
  agreementType: choice({ written: '书面协议', oral: '口头协议' }, '协议形式').optional(),
  agreementTerms: text('协议内容', 5000).optional(),
  performanceMethod: z.string().trim().max(500).optional().describe('履行方式'),
  performanceDue: date('履行期限').optional(),
  agreementEffectiveOn: date('协议生效日期').optional(),
  followUps: z.array(FollowUp).max(200).optional().describe('回访记录'),
  performanceStatus: choice(MEDIATION_PERFORMANCE_LABELS, '履行情况').optional(),
  performedOn: date('履行完毕日期').optional(),
  outcome: choice(MEDIATION_OUTCOME_LABELS, '办理结果').optional(),
  // Set by the action that ends the mediation (agreement, termination, withdrawal): the day the
  // statistics count 调结天数 to, kept on the case so they need not search its events for it.
  endedOn: date('调解终结日期').optional(),
  terminationReason: text('调解不成原因').optional(),
  withdrawalKind: choice(MEDIATION_WITHDRAWAL_LABELS, '拒绝或撤回情形').optional(),
  withdrawnBy: choice(PARTY_ROLE_LABELS, '提出方').optional(),
  refusalReason: text('拒绝或撤回理由').optional(),
  judicialConfirmation: JudicialConfirmation.optional().describe('司法确认'),
  courtAction: CourtAction.optional().describe('起诉或申请执行'),
  policeReports: z.array(PoliceReport).max(100).optional().describe('向公安机关报告'),
  archiveNo: z.string().trim().max(100).optional().describe('卷宗号'),
  archivedOn: date('归档日期').optional(),
  riskLevel: choice(RISK_LABELS, '风险等级').optional(),
  riskReasons: z.array(z.string().max(200)).max(50).optional().describe('风险因素'),
});
export type MediationFieldValues = z.output<typeof MediationFields>;

// ---------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------

/** A date the clerk records must not be in the future nor before the case was accepted. */
function dateProblem(label: string, value: string, c: { fields: MediationFieldValues }, now: Date): string | null {
  const today = shanghaiDate(now);
  if (value > today) return `${label}不得晚于今天（${today}）`;
  const acceptedOn = c.fields.acceptedOn;
  if (acceptedOn && value < acceptedOn) return `${label}不得早于受理日期（${acceptedOn}）`;
  return null;
}

/** The court's reference is required on the 司法调解 route, and only there. */
function routeProblem(
  input: { route: string } & Partial<Record<(typeof COURT_FIELDS)[number], unknown>>,
  now: Date,
): string | null {
  if (input.route !== 'judicial') {
    return COURT_FIELDS.some((k) => input[k] !== undefined) ? '只有分流至司法调解（诉前）时才填写法院委派信息' : null;
  }
  const missing = (['courtName', 'courtCaseNo', 'courtReferredOn', 'courtPeriodDays'] as const).filter(
    (k) => input[k] === undefined,
  );
  if (missing.length > 0) {
    const labels = {
      courtName: '委派（委托）法院',
      courtCaseNo: '法院案号',
      courtReferredOn: '法院委派（委托）日期',
      courtPeriodDays: '法院确定的调解期限',
    };
    return `分流至司法调解（诉前）须填写人民法院的委派信息：${missing.map((k) => labels[k]).join('、')}`;
  }
  const today = shanghaiDate(now);
  if (typeof input.courtReferredOn === 'string' && input.courtReferredOn > today) {
    return `法院委派（委托）日期不得晚于今天（${today}）`;
  }
  return null;
}

/** Types an effect's literal values (an inferred action callback would widen them to string). */
const patch = (p: Partial<MediationFieldValues>): Partial<MediationFieldValues> => p;

/** The day the mediation ended (Asia/Shanghai), once: the first ending action sets it. */
const ended = (c: { fields: MediationFieldValues }, now: Date): Partial<MediationFieldValues> => ({
  endedOn: c.fields.endedOn ?? shanghaiDate(now),
});

const OPEN_STATES = [
  'registered',
  'accepted',
  'routed',
  'mediating',
  'agreement_written',
  'agreement_oral',
  'confirmation_applied',
  'terminated',
  'withdrawn',
  'performed',
  'litigated',
] as const;

const CENTRE = ['tiaojie', 'sifasuo'] as const;

const AgreementInput = z.object({
  agreementTerms: text('协议内容', 5000),
  performanceMethod: z.string().trim().max(500).optional().describe('履行方式'),
  performanceDue: date('履行期限'),
  agreementEffectiveOn: date('协议生效日期'),
});
type AgreementValues = z.output<typeof AgreementInput>;

function agreementProblem(
  c: { fields: MediationFieldValues },
  input: AgreementValues | undefined,
  now: Date,
): string | null {
  if (!input) return null;
  const effective = dateProblem('协议生效日期', input.agreementEffectiveOn, c, now);
  if (effective) return effective;
  if (input.performanceDue < input.agreementEffectiveOn) return '履行期限不得早于协议生效日期';
  return null;
}

function agreementEffects(type: 'written' | 'oral', input: AgreementValues): Partial<MediationFieldValues> {
  return {
    agreementType: type,
    agreementTerms: input.agreementTerms,
    performanceDue: input.performanceDue,
    agreementEffectiveOn: input.agreementEffectiveOn,
    performanceStatus: 'not_due',
    outcome: 'success',
    ...(input.performanceMethod ? { performanceMethod: input.performanceMethod } : {}),
  };
}

// ---------------------------------------------------------------------------
// The case type
// ---------------------------------------------------------------------------

export const mediation = defineCaseType({
  key: 'mediation',
  label: '矛盾纠纷调解',
  numbering: '{town}调〔{year}〕{seq}号',
  fields: MediationFields,
  parties: { roles: PARTY_ROLE_LABELS, required: ['applicant', 'respondent'] },
  states: {
    registered: { label: '已登记' },
    accepted: { label: '已受理（待分流）' },
    rejected: { label: '不予受理', terminal: true },
    routed: { label: '已分流（待指派调解员）' },
    referred: { label: '已转其他途径', terminal: true },
    mediating: { label: '调解中' },
    agreement_written: { label: '已达成书面协议（履行监督中）' },
    agreement_oral: { label: '已达成口头协议（履行监督中）' },
    confirmation_applied: { label: '已申请司法确认' },
    terminated: { label: '调解不成已终止' },
    withdrawn: { label: '当事人拒绝或撤回' },
    performed: { label: '履行完毕' },
    litigated: { label: '已起诉或申请执行' },
    archived: { label: '已归档', terminal: true },
  },
  initial: 'registered',
  // 村居干部 report what their village screening finds (村居上报); the centre registers the rest.
  create: { roles: [...CENTRE, 'village'], label: '登记矛盾纠纷', titleExample: '张某与李某宅基地纠纷' },
  // Readers, each within their own scope: the centre and 司法所 (人民调解法 art 5: 司法行政
  // guides people's mediation), 镇领导 (approval, 包案), 村居干部 for their own village (they
  // report and help settle its disputes), 县级督查 read-only over the county. 信访办: a petition
  // is often settled by mediation (信访工作条例 art 33) and its history spans both types.
  // 法治办 compiles the annual report, whose mediation figures it must be able to trace.
  // Not the enforcement offices (执法队, 安监办, 自然资源办): no workflow of theirs reads disputes.
  access: { read: ['tiaojie', 'sifasuo', 'leader', 'village', 'county', 'xinfang', 'fazhiban'] },
  // Outcomes, sessions and agreements are written by actions, never typed in at registration.
  intake: MediationIntakeFields,
  // 修改基本信息: what the registration recorded about the dispute. Not 收到日期 (the record of
  // when the centre received it) nor the early-warning counts (filled from the index).
  basicInfo: ['channel', 'disputeType', 'amount', 'peopleCount', 'summary', 'requests', 'referredBy'],
  documents: {
    application: '人民调解申请书',
    registration: '受理登记表',
    rejection_notice: '不予受理告知书',
    session_record: '调解笔录',
    agreement: '人民调解协议书',
    admin_agreement: '行政调解协议书',
    court_agreement: '调解协议书（诉前调解）',
    oral_record: '口头协议登记表',
    termination_notice: '终止调解告知书',
    follow_up_record: '回访记录',
    confirmation_application: '司法确认申请书',
  },
  // Each document belongs to a stage (issue 13). Beyond what follows from the actions that
  // require them (受理登记表 and 不予受理告知书 while 已登记; 笔录, 协议书, 口头协议登记表 and
  // 终止调解告知书 while 调解中; 司法确认申请书 once a written agreement exists):
  issuable: {
    // 人民调解法 art 17: the parties apply before the committee accepts; the form is filled in then.
    application: { states: ['registered'] },
    // Art 31 ¶2: the committee follows up performance, each visit its own 回访记录.
    follow_up_record: { prepares: ['follow_up', 'performed'] },
    // Each route its own written agreement (issue 13): 人民调解法 arts 28–33 govern only the
    // people's mediation agreement; an administrative organ's agreement is a 行政调解协议书, and
    // one reached on a court's referral names the court and its case number (民事诉讼法 art 205(1)).
    agreement: { when: { field: 'route', in: ['people'] } },
    admin_agreement: { when: { field: 'route', in: ['administrative'] } },
    court_agreement: { when: { field: 'route', in: ['judicial'] } },
  },
  actions: {
    accept: {
      label: '受理',
      from: ['registered'],
      to: 'accepted',
      roles: CENTRE,
      // The inbox says 待受理 while a case waits for it.
      ask: 'accept',
      // 人民调解法 art 27: 调解登记 goes into the file; registering the acceptance is the 受理登记表.
      requires: { documents: ['registration'] },
      effects: (_c, _input, now) => ({ acceptedOn: shanghaiDate(now) }),
    },
    // Not `reject`: the engine reserves that key for approval steps (reject:<action>).
    decline: {
      label: '不予受理',
      from: ['registered'],
      to: 'rejected',
      roles: CENTRE,
      input: z.object({
        rejectionGround: choice(MEDIATION_REJECTION_GROUND_LABELS, '不予受理情形'),
        rejectionReason: text('不予受理理由'),
      }),
      requires: { documents: ['rejection_notice'] },
      // Data entered once (decision 0007): the action is recorded from the notice just issued.
      prefill: {
        document: 'rejection_notice',
        fields: { rejectionGround: 'rejectionGround', rejectionReason: 'rejectionReason' },
      },
      effects: (_c, input) => patch({ ...input, outcome: 'rejected' }),
    },
    route: {
      label: '分流',
      from: ['accepted'],
      to: 'routed',
      roles: CENTRE,
      input: z.object({
        route: choice(IN_CENTRE_ROUTES, '分流途径'),
        committee: text('调解组织', 100),
        // 司法调解（诉前）only, and required there (the guard says which are missing).
        ...courtShape,
      }),
      requires: { guard: (_c, input, now) => (input ? routeProblem(input, now) : null) },
      effects: (_c, input, _now, policy) => {
        const base = { route: input.route, committee: input.committee };
        if (input.route === 'judicial') {
          const court = Object.fromEntries(
            COURT_FIELDS.flatMap((k) => (input[k] === undefined ? [] : [[k, input[k]]])),
          );
          return { ...base, courtReferralKind: 'delegated' as const, ...court };
        }
        if (input.route === 'administrative') {
          // The town's limit in force today, recorded on the case (no limit: nothing recorded, no clock).
          const limit = AdministrativeLimitSchema.safeParse(policy[ADMINISTRATIVE_LIMIT_POLICY]);
          return limit.success ? { ...base, administrativeLimit: limit.data } : base;
        }
        return base;
      },
    },
    refer: {
      label: '转其他途径处理',
      from: ['accepted', 'routed'],
      to: 'referred',
      roles: CENTRE,
      input: z.object({
        referralTo: choice(MEDIATION_REFERRAL_LABELS, '转往途径'),
        referralOrg: text('接收单位', 100),
        referralReason: text('转办理由'),
      }),
      effects: (_c, input) => patch({ ...input, route: 'referral', outcome: 'referred' }),
    },
    assign: {
      // From `mediating` too: replacing the mediator (人民调解法 art 23(1)) keeps the case in mediation.
      label: '指派调解员',
      from: ['routed', 'mediating'],
      to: 'mediating',
      roles: CENTRE,
      input: z.object({
        assigneeId: z.string().trim().min(1).max(40).describe('主办调解员'),
        coMediators: names('其他调解员').optional(),
        invitees: names('邀请参与调解人员').optional(),
        mediatorsChosenByParties: z.boolean().optional().describe('当事人选择调解员'),
      }),
      effects: (_c, input) => ({
        mediatorId: input.assigneeId,
        coMediators: input.coMediators ?? [],
        invitees: input.invitees ?? [],
        mediatorsChosenByParties: input.mediatorsChosenByParties ?? false,
      }),
    },
    record_session: {
      label: '记录调解',
      from: ['mediating'],
      roles: CENTRE,
      input: Session,
      // 人民调解法 art 27: the mediator records every session; each session its own 调解笔录.
      requires: {
        documents: ['session_record'],
        guard: (c, input, now) => (input ? dateProblem('调解日期', input.date, c, now) : null),
      },
      // The 笔录's 其他参加人员 is free text beside the parties; the session lists everyone by name.
      prefill: { document: 'session_record', fields: { date: 'date', place: 'place', summary: 'content' } },
      effects: (c, input) => ({ sessions: [...(c.fields.sessions ?? []), input] }),
    },
    extend: {
      label: '延长调解期限',
      from: ['mediating'],
      roles: CENTRE,
      // The local rule only asks for both parties' consent; 司法所 (which guides people's
      // mediation, 人民调解法 art 5) or a leader confirms that it was obtained, so the
      // one-month standard is not stretched on the centre's word alone. Months, because the
      // engine extends a clock in its own unit; two in all is local policy [M]: a dispute
      // still open after three months should be ended with a notice of the other routes (art 26).
      approval: { roles: ['sifasuo', 'leader'] },
      input: z.object({
        agreedBy: text('双方当事人同意情况', 500),
        length: z.number().int().min(1).max(2).describe('延长月数'),
        reason: text('需要继续调解的特殊情况', 500),
      }),
    },
    agree_written: {
      label: '达成书面协议',
      from: ['mediating'],
      to: 'agreement_written',
      roles: CENTRE,
      input: AgreementInput,
      // 人民调解法 art 29: the agreement takes effect when signed by all and sealed.
      // One agreement per route: the engine requires only the one whose route the case took.
      requires: {
        fields: ['sessions'],
        documents: ['agreement', 'admin_agreement', 'court_agreement'],
        guard: agreementProblem,
      },
      // 协议生效日期 is the day all signed and sealed the printed 协议书: known only after it.
      prefill: {
        document: ['agreement', 'admin_agreement', 'court_agreement'],
        fields: {
          agreementTerms: 'agreementTerms',
          performanceMethod: 'performanceMethod',
          performanceDue: 'performanceDue',
        },
      },
      effects: (c, input, now) => ({ ...agreementEffects('written', input), ...ended(c, now) }),
    },
    agree_oral: {
      label: '达成口头协议',
      from: ['mediating'],
      to: 'agreement_oral',
      roles: CENTRE,
      input: AgreementInput,
      // 人民调解法 arts 28, 30: effective when made; the mediator records its content.
      requires: {
        fields: ['sessions'],
        documents: ['oral_record'],
        guard: agreementProblem,
      },
      // Art 30: an oral agreement takes effect when it is made, the day the 登记表 records.
      prefill: {
        document: 'oral_record',
        fields: {
          agreementTerms: 'agreementTerms',
          performanceMethod: 'performanceMethod',
          performanceDue: 'performanceDue',
          agreementEffectiveOn: 'agreedOn',
        },
      },
      effects: (c, input, now) => ({ ...agreementEffects('oral', input), ...ended(c, now) }),
    },
    terminate: {
      label: '调解不成，终止调解',
      from: ['mediating'],
      to: 'terminated',
      roles: CENTRE,
      input: z.object({ terminationReason: text('调解不成原因') }),
      // 人民调解法 art 26: the notice tells the parties they may turn to arbitration, administrative or judicial routes.
      requires: { fields: ['sessions'], documents: ['termination_notice'] },
      prefill: { document: 'termination_notice', fields: { terminationReason: 'terminationReason' } },
      effects: (c, input, now) =>
        patch({ terminationReason: input.terminationReason, outcome: 'failed', ...ended(c, now) }),
    },
    withdraw: {
      label: '当事人拒绝或撤回调解',
      from: ['registered', 'accepted', 'routed', 'mediating'],
      to: 'withdrawn',
      roles: CENTRE,
      input: z.object({
        withdrawalKind: choice(MEDIATION_WITHDRAWAL_LABELS, '拒绝或撤回情形'),
        withdrawnBy: choice(PARTY_ROLE_LABELS, '提出方'),
        refusalReason: text('拒绝或撤回理由'),
      }),
      effects: (c, input, now) => patch({ ...input, outcome: 'withdrawn', ...ended(c, now) }),
    },
    follow_up: {
      label: '回访',
      from: ['agreement_written', 'agreement_oral', 'confirmation_applied'],
      roles: [...CENTRE, 'village'],
      input: FollowUp,
      // The 回访记录 prepares the visit without gating it (a village cadre may phone and record).
      prefill: {
        document: 'follow_up_record',
        fields: { date: 'date', method: 'method', performance: 'performance', note: 'note' },
      },
      requires: { guard: (c, input, now) => (input ? dateProblem('回访日期', input.date, c, now) : null) },
      effects: (c, input) => ({
        followUps: [...(c.fields.followUps ?? []), input],
        performanceStatus: input.performance,
      }),
    },
    performed: {
      label: '确认履行完毕',
      from: ['agreement_written', 'agreement_oral', 'confirmation_applied'],
      to: 'performed',
      roles: CENTRE,
      input: z.object({ performedOn: date('履行完毕日期') }),
      // 人民调解法 art 31 ¶2: performance is confirmed by the committee's own follow-up, on file.
      requires: {
        fields: ['followUps'],
        documents: ['follow_up_record'],
        guard: (c, input, now) => (input ? dateProblem('履行完毕日期', input.performedOn, c, now) : null),
      },
      effects: (_c, input) => patch({ performedOn: input.performedOn, performanceStatus: 'full' }),
    },
    apply_confirmation: {
      label: '申请司法确认',
      // SPC 2011 rules art 3: the application is filed with the agreement itself, so a written one.
      from: ['agreement_written'],
      to: 'confirmation_applied',
      roles: CENTRE,
      input: z.object({ court: text('受理法院', 100), appliedOn: date('申请日期') }),
      requires: {
        documents: ['confirmation_application'],
        guard: (c, input, now) => {
          if (!input) return null;
          // 民事诉讼法 art 205(1); SPC 2011 rules art 2 ¶2: to the court that referred the dispute.
          const court = c.fields.route === 'judicial' ? c.fields.courtName : undefined;
          if (court && input.court !== court) {
            return `经人民法院委派调解达成的调解协议，应当向作出委派的${court}申请司法确认（民事诉讼法第二百零五条第一项）`;
          }
          const effective = c.fields.agreementEffectiveOn;
          if (effective && input.appliedOn < effective) return `申请日期不得早于协议生效日期（${effective}）`;
          return dateProblem('申请日期', input.appliedOn, c, now);
        },
      },
      prefill: { document: 'confirmation_application', fields: { court: 'court' } },
      effects: (_c, input) => ({ judicialConfirmation: { court: input.court, appliedOn: input.appliedOn } }),
    },
    record_confirmation: {
      label: '登记司法确认结果',
      from: ['confirmation_applied'],
      roles: CENTRE,
      input: z.object({
        result: choice(CONFIRMATION_RESULT_LABELS, '法院处理结果'),
        decidedOn: date('法院决定日期'),
        caseNumber: z.string().trim().max(100).optional().describe('调确字案号'),
      }),
      requires: { guard: (c, input, now) => (input ? dateProblem('法院决定日期', input.decidedOn, c, now) : null) },
      effects: (c, input) => ({
        // apply_confirmation always set court and appliedOn; the fallback only satisfies the type.
        judicialConfirmation: {
          court: c.fields.judicialConfirmation?.court ?? '',
          appliedOn: c.fields.judicialConfirmation?.appliedOn ?? input.decidedOn,
          ...input,
        },
      }),
    },
    litigate: {
      label: '登记起诉或申请执行',
      from: ['agreement_written', 'agreement_oral', 'confirmation_applied'],
      to: 'litigated',
      roles: CENTRE,
      input: CourtAction,
      requires: { guard: (c, input, now) => (input ? dateProblem('提出日期', input.filedOn, c, now) : null) },
      effects: (_c, input) => ({ courtAction: input }),
    },
    archive: {
      label: '归档',
      from: ['terminated', 'withdrawn', 'performed', 'litigated'],
      to: 'archived',
      roles: CENTRE,
      input: z.object({ archiveNo: z.string().trim().max(100).optional().describe('卷宗号') }),
      // 人民调解法 art 27: 调解登记、调解工作记录、调解协议书 are filed; the server keeps the documents.
      effects: (_c, input, now) => ({
        archivedOn: shanghaiDate(now),
        ...(input.archiveNo ? { archiveNo: input.archiveNo } : {}),
      }),
    },
    take_ownership: {
      optional: true,
      label: '领导包案',
      from: OPEN_STATES,
      roles: ['leader'],
      input: z.object({ ownerLeaderId: z.string().trim().min(1).max(40).describe('包案领导') }),
    },
    report_police: {
      optional: true,
      label: '报告公安机关',
      from: OPEN_STATES,
      // 人民调解法 art 25: whoever sees the dispute may turn criminal reports it at once.
      roles: [...CENTRE, 'village', 'leader'],
      input: PoliceReport,
      requires: {
        guard: (_c, input, now) => (input && input.date > shanghaiDate(now) ? '报告日期不得晚于今天' : null),
      },
      effects: (c, input) => ({
        violenceRisk: true,
        policeReports: [...(c.fields.policeReports ?? []), input],
      }),
    },
  },
  clocks: {
    // 若干规定 art 33 binds people's mediation only; it runs from acceptance, before the route is
    // chosen too, and for a dispute accepted and then sent elsewhere (转其他途径).
    mediation: {
      label: '调解期限',
      when: { field: 'route', in: [null, 'people', 'referral'] },
      start: { on: 'accept' },
      length: 1,
      unit: 'month',
      stopOn: ['agree_written', 'agree_oral', 'terminate', 'withdraw', 'refer'],
      extension: { action: 'extend', max: 2, inform: '经双方当事人同意继续调解及延长后的期限', lengthField: 'length' },
      basis: '人民调解工作若干规定 第33条（一般在一个月内调结）；经双方当事人同意可继续调解（地方规定）',
    },
    administrative: {
      // No national limit: only a town that has set one has this clock, at its length then.
      label: '行政调解期限',
      when: { field: 'route', in: ['administrative'] },
      start: { on: 'route' },
      length: 20,
      unit: 'wd',
      lengthFrom: 'administrativeLimit',
      stopOn: ['agree_written', 'agree_oral', 'terminate', 'withdraw'],
      basis: '行政调解无全国统一期限，按本镇设置的行政调解期限（分流时记入本案）',
    },
    court: {
      label: '委派调解期限',
      when: { field: 'route', in: ['judicial'] },
      start: { on: 'route', from: 'courtReferredOn' },
      length: 30,
      unit: 'd',
      lengthFrom: 'courtPeriodDays',
      stopOn: ['agree_written', 'agree_oral', 'terminate', 'withdraw'],
      basis: '人民法院委派（委托）调解确定的期限（民事诉讼法第一百二十五条先行调解；以法院委派函为准）',
    },
    confirmation_window: {
      label: '申请司法确认期限',
      // 民事诉讼法 art 205 speaks of 依法设立的调解组织; an administrative organ's agreement is not one.
      when: { field: 'route', in: ['people', 'judicial'] },
      kind: 'window',
      start: { on: 'agree_written', from: 'agreementEffectiveOn' },
      length: 30,
      unit: 'd',
      stopOn: ['apply_confirmation'],
      basis: '人民调解法 第33条；民事诉讼法 第205条',
    },
    follow_up: {
      // The parties have until 24:00 of the agreed day (民法典 art 203 ¶2), so whether they
      // performed is known the next working day: that is when the visit is due.
      label: '履行回访期限',
      start: { on: ['agree_written', 'agree_oral'], from: 'performanceDue' },
      length: 1,
      unit: 'wd',
      stopOn: ['follow_up', 'performed', 'litigate'],
      basis: '人民调解法 第31条第2款（监督履行）；履行期限届满后首个工作日回访（本中心规则）',
    },
  },
});
