/**
 * The administrative penalty (行政处罚) case type under the 行政处罚法 (2021-01-22, in force
 * 2021-07-15, art 86), with the court-enforcement steps of the 行政强制法 (2011). Article
 * numbers were checked against ../../../../shared/laws (docs/domain.md §5).
 *
 * Reading the statute closely (statute over summary):
 * - Art 85: "二日""三日""五日""七日" are working days. So the 7 days of arts 56 (先行登记保存)
 *   and 61 (送达), the 5 and 7 days of art 64 (听证) and the 3 days of art 48 ¶2 (撤回公示) are
 *   working days; the 15 days of art 67 (缴纳罚款) and the 90 days of art 60 are calendar days.
 * - Art 60 does not exclude the hearing from the 90 days; it defers to "法律、法规、规章另有规定".
 *   The pause below follows the departmental rules that do exclude it (e.g. 市场监督管理行政处罚
 *   程序规定 art 64 ¶2) [M]: the 行政处罚法 itself does not say so.
 * - Art 52 lets the summary procedure be decided "当场" but makes no exception to art 42's two
 *   officers; so a summary decision also needs two certified officers here.
 * - Art 52 ¶3 says only "报所属行政机关备案": the statute sets no time for the filing, so no
 *   clock is declared for it.
 */

import { z } from 'zod';
import { type Calendar, createCalendar } from '../calendar/calendar.ts';
import { addDays, addMonths, diffDays } from '../calendar/dates.ts';
import { addPeriod } from '../calendar/period.ts';
import { LITIGATION_MONTHS, RECONSIDERATION_DAYS } from '../enforcement/challenges.ts';
import { type CertifiedOfficer, OfficerIdsInput, officersProblem, reviewerProblem } from '../enforcement/officers.ts';
import { clockPassedProblem } from '../engine/clocks.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { CaseSnapshot } from '../engine/types.ts';
import { isoDateSchema } from '../validators/schemas.ts';

// ---------------------------------------------------------------------------
// Choices.
// ---------------------------------------------------------------------------

export const PENALTY_PROCEDURE_LABELS = { ordinary: '普通程序', summary: '简易程序' } as const;
/** 执法领域: the codes certificates (enforcement_officers.cert_fields) and powers use. */
export const ENFORCEMENT_FIELD_LABELS = {
  planning: '城乡规划',
  land: '自然资源（土地）',
  safety: '安全生产',
  environment: '生态环境',
  market: '市场监管',
  other: '其他',
} as const;
/** Art 9 (1)–(6). */
export const PENALTY_KIND_LABELS = {
  warning: '警告',
  criticism: '通报批评',
  fine: '罚款',
  confiscation: '没收违法所得、没收非法财物',
  suspension: '暂扣许可证件、降低资质等级、限制开展生产经营活动、责令停产停业',
  revocation: '吊销许可证件、责令关闭、限制从业',
  detention: '行政拘留',
  other: '法律、行政法规规定的其他行政处罚',
} as const;
/** Art 58 ¶1 (1)–(4); 'none' = none applies, no review required. */
export const LEGAL_REVIEW_GROUND_LABELS = {
  none: '不属于第五十八条规定情形',
  public_interest: '涉及重大公共利益（第五十八条第一款第一项）',
  major_rights_heard: '直接关系重大权益，经过听证程序（第五十八条第一款第二项）',
  complex: '案件情况疑难复杂、涉及多个法律关系（第五十八条第一款第三项）',
  law_requires: '法律、法规规定应当进行法制审核（第五十八条第一款第四项）',
} as const;
export const REVIEW_RESULT_LABELS = { passed: '审核通过', failed: '审核未通过' } as const;
/** Art 57 ¶1 (2)–(3) and art 33. */
export const NO_PENALTY_GROUND_LABELS = {
  minor_corrected: '违法行为轻微并及时改正，没有造成危害后果（第三十三条第一款）',
  first_minor: '初次违法且危害后果轻微并及时改正（第三十三条第一款）',
  no_fault: '有证据足以证明没有主观过错（第三十三条第二款）',
  not_established: '违法事实不能成立（第五十七条第一款第三项）',
} as const;
export const TRANSFER_KIND_LABELS = {
  judiciary: '涉嫌犯罪，移送司法机关（第二十七条、第五十七条第一款第四项）',
  authority: '不属本机关管辖，移送有管辖权的行政机关',
} as const;
export const SERVICE_METHOD_LABELS = {
  on_spot: '宣告后当场交付',
  direct: '直接送达',
  left: '留置送达',
  mail: '邮寄送达',
  entrusted: '委托送达',
  electronic: '电子送达（传真、电子邮件等）',
  public_notice: '公告送达',
} as const;
export const INVESTIGATION_KIND_LABELS = { inspection: '现场检查（勘验）', inquiry: '询问' } as const;
export const PRESERVATION_OUTCOME_LABELS = {
  returned: '解除登记保存，退还',
  confiscated: '依法予以没收',
  transferred: '移送有关部门',
  other: '其他处理',
} as const;
export const REVOCATION_KIND_LABELS = {
  changed: '被依法变更',
  revoked: '被依法撤销',
  unlawful: '被确认违法',
  void: '被确认无效',
} as const;
export const PARTY_ROLE_LABELS = { party: '当事人' } as const;
/** Art 44 with art 63: whether the 事先告知书 told the party of the right to a hearing. */
export const HEARING_RIGHT_LABELS = { yes: '已告知', no: '未告知' } as const;
/** Art 48: whether the decision is to be made public. */
export const PUBLICITY_LABELS = { public: '应当公开', none: '不公开' } as const;

// ---------------------------------------------------------------------------
// Limits (shared by clocks and guards).
// ---------------------------------------------------------------------------

/** Art 36 ¶1. */
export const LIMITATION_YEARS = 2;
export const LIMITATION_YEARS_SAFETY = 5;
/** Art 60. */
export const DECISION_DAYS = 90;
/** Extension of the 90 days: the statute leaves it to 法律、法规、规章 (art 60); 30 d as the departmental rules grant [M]. */
export const DECISION_EXTENSION_MAX_DAYS = 30;
/** Art 56 with art 85. */
export const PRESERVATION_WORKDAYS = 7;
/** Art 61 ¶1 with art 85. */
export const SERVICE_WORKDAYS = 7;
/** Art 64 (1) with art 85. */
export const HEARING_REQUEST_WORKDAYS = 5;
/** Art 64 (2) with art 85. */
export const HEARING_NOTICE_WORKDAYS = 7;
/** Art 67 ¶3 (calendar days). */
export const FINE_PAYMENT_DAYS = 15;
/** Art 72 ¶1 (1). */
export const SURCHARGE_RATE_PER_DAY = 0.03;
/** 国办发〔2018〕118号 [M]. */
export const PUBLICATION_WORKDAYS = 7;
/** Art 48 ¶2 with art 85. */
export const WITHDRAWAL_WORKDAYS = 3;
/** 行政强制法 art 54 with art 69. */
export const REMINDER_WORKDAYS = 10;
/** 行政强制法 art 53. */
export const COURT_APPLICATION_MONTHS = 3;
/** Art 51. */
export const SUMMARY_FINE_CAP_PERSON = 200;
export const SUMMARY_FINE_CAP_ORG = 3000;

// ---------------------------------------------------------------------------
// Pure rules (exported for the tests, the templates and the report).
// ---------------------------------------------------------------------------

/** The official calendar (State Council notices), as petition.ts uses for its guards. */
const CALENDAR = createCalendar();

const wdDue = (from: string, n: number) => addPeriod(CALENDAR, { unit: 'wd', from, length: n }).due;

/**
 * Art 36: why the act can no longer be punished when it was discovered on `foundOn`, or null.
 * Counted from the act, or from its end when it was continuing (¶2); 5 years where it
 * endangered life, health or financial safety with harmful consequences (¶1).
 */
export function limitationProblem(f: {
  actOn: string;
  actEndedOn?: string | undefined;
  foundOn: string;
  safetyHarm?: boolean | undefined;
}): string | null {
  const from = f.actEndedOn ?? f.actOn;
  const years = f.safetyHarm ? LIMITATION_YEARS_SAFETY : LIMITATION_YEARS;
  // A period in years ends on the matching day (民法典 arts 201–202): discovered on that day is in time.
  const last = addMonths(from, years * 12).date;
  if (f.foundOn <= last) return null;
  const start = f.actEndedOn ? `违法行为终了之日（${f.actEndedOn}）` : `违法行为发生之日（${f.actOn}）`;
  const rule = f.safetyHarm
    ? `涉及公民生命健康安全、金融安全且有危害后果的，期限为${LIMITATION_YEARS_SAFETY}年`
    : `违法行为在${LIMITATION_YEARS}年内未被发现的，不再给予行政处罚`;
  return `已超过行政处罚追责时效：${rule}，自${start}起算至${last}届满，${f.foundOn}发现时已超过时效，不予立案（行政处罚法第三十六条）`;
}

/** A closed range of days [from, to] ('to' null: still open, up to `asOf`). */
export interface DayRange {
  from: string;
  to: string | null;
}

/**
 * Art 72 ¶1 (1) and art 73 ¶3: the surcharge on a fine unpaid after `dueDate`, as of `asOf`
 * (yuan, to the fen): 3 % of the fine for each day after the due date, days on which a 复议 or
 * 诉讼 was pending not counted, never more than the fine.
 */
export function surcharge(fine: number, dueDate: string, asOf: string, pausedRanges: readonly DayRange[] = []): number {
  if (!(fine > 0) || asOf <= dueDate) return 0;
  let days = 0;
  for (let d = addDays(dueDate, 1); d <= asOf; d = addDays(d, 1)) {
    const paused = pausedRanges.some((r) => d >= r.from && (r.to === null || d <= r.to));
    if (!paused) days++;
  }
  const amount = Math.round(fine * SURCHARGE_RATE_PER_DAY * days * 100) / 100;
  return Math.min(amount, fine);
}

/**
 * 行政强制法 art 53 and 行政处罚法 art 72 ¶2: the window to apply to the court. It opens when
 * the challenge periods have run out (复议 60 d, 诉讼 6 months from service: the later one ends it)
 * or, after an approved deferral, when the deferral ends; it lasts 3 months. Each period's last
 * day, when a rest day, moves to the next working day (民事诉讼法 art 85 ¶4, applied by 行政诉讼法
 * art 101; 民法典 art 203), as the challenge periods of enforcement/challenges.ts and the clocks
 * count them: the party may still sue on that day, and the town may still apply on it.
 */
export function courtApplicationWindow(
  servedOn: string,
  deferredUntil?: string,
  calendar: Calendar = CALENDAR,
): { opensAfter: string; lastDay: string } {
  const reconsideration = addPeriod(calendar, { unit: 'd', from: servedOn, length: RECONSIDERATION_DAYS }).due;
  const litigation = addPeriod(calendar, { unit: 'month', from: servedOn, length: LITIGATION_MONTHS }).due;
  // ISO dates compare as strings: the later of the two periods' ends.
  let opensAfter = [reconsideration, litigation].sort()[1]!;
  if (deferredUntil && deferredUntil > opensAfter) opensAfter = deferredUntil;
  const lastDay = addPeriod(calendar, { unit: 'month', from: opensAfter, length: COURT_APPLICATION_MONTHS }).due;
  return { opensAfter, lastDay };
}

/** Art 59 ¶1: what a 行政处罚决定书 must state, checked item by item. */
export interface DecisionContents {
  partyName?: string | null | undefined;
  partyAddress?: string | null | undefined;
  facts?: string | undefined;
  evidence?: string | undefined;
  penaltyKinds?: readonly string[] | undefined;
  legalBasis?: string | undefined;
  performance?: string | undefined;
  performBy?: string | undefined;
  reconsiderationBody?: string | undefined;
  court?: string | undefined;
  organ?: string | undefined;
  decidedOn?: string | undefined;
}

const filled = (v: unknown) =>
  Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null;

/** The items of art 59 ¶1 missing from the decision, in the article's order (empty when complete). */
export function decisionContentsMissing(d: DecisionContents): string[] {
  const items: [string, unknown[]][] = [
    ['当事人的姓名或者名称、地址（第一项）', [d.partyName, d.partyAddress]],
    ['违法事实和证据（第二项）', [d.facts, d.evidence]],
    ['行政处罚的种类和依据（第三项）', [d.penaltyKinds, d.legalBasis]],
    ['行政处罚的履行方式和期限（第四项）', [d.performance, d.performBy]],
    ['申请行政复议、提起行政诉讼的途径和期限（第五项）', [d.reconsiderationBody, d.court]],
    ['作出决定的行政机关名称和日期（第六项）', [d.organ, d.decidedOn]],
  ];
  return items.filter(([, vs]) => !vs.every(filled)).map(([label]) => label);
}

/** Art 51: the summary procedure's cap for the party, or why the penalty is outside it. */
export function summaryProblem(
  kinds: readonly string[],
  fine: number | undefined,
  partyKind: 'person' | 'org' | undefined,
): string | null {
  if (!partyKind) return '尚未登记当事人，无法判断简易程序的罚款限额';
  const outside = kinds.filter((k) => k !== 'warning' && k !== 'fine');
  if (outside.length > 0) {
    return `简易程序只能给予警告或者罚款，「${outside.map((k) => PENALTY_KIND_LABELS[k as PenaltyKind] ?? k).join('、')}」应当适用普通程序（行政处罚法第五十一条）`;
  }
  if (kinds.includes('fine')) {
    const cap = partyKind === 'org' ? SUMMARY_FINE_CAP_ORG : SUMMARY_FINE_CAP_PERSON;
    if (!(fine && fine > 0)) return '给予罚款的，应当填写罚款金额';
    if (fine > cap) {
      const who = partyKind === 'org' ? '法人或者其他组织' : '公民';
      return `简易程序对${who}只能处${cap}元以下罚款，${fine}元应当适用普通程序（行政处罚法第五十一条）`;
    }
  } else if (fine) return '未给予罚款的，不应填写罚款金额';
  return null;
}

// ---------------------------------------------------------------------------
// What the server looks up (the module's context hook).
// ---------------------------------------------------------------------------

export interface PenaltyPower {
  code: string;
  matter: string;
  field: string;
  penaltyBasis: string;
  penaltyRange: string;
  fineMin: number | null;
  fineMax: number | null;
  discretion: readonly { level: string; circumstances: string; fineMin: number | null; fineMax: number | null }[];
}

export interface PenaltyContext {
  officers: readonly CertifiedOfficer[];
  /** The case's party (role `party`), for the summary caps and art 59(1). */
  party: { kind: 'person' | 'org'; name: string; address: string | null } | null;
  /** The cited matter of the town's 权责清单, when found. */
  power: PenaltyPower | null;
  /** Officers who signed a legal review before, on any case of the town (art 58 ¶2). */
  reviewedBefore: readonly number[];
  /** 复议/诉讼 against this case's decision (art 73 ¶3). */
  challenges: readonly { receivedOn: string; closedOn: string | null }[];
}

export function penaltyContext(c: Pick<CaseSnapshot, 'context'>): PenaltyContext {
  const x = (c.context ?? {}) as Partial<PenaltyContext>;
  return {
    officers: x.officers ?? [],
    party: x.party ?? null,
    power: x.power ?? null,
    reviewedBefore: x.reviewedBefore ?? [],
    challenges: x.challenges ?? [],
  };
}

/**
 * 裁量基准 (art 34): the amount against the cited matter's statutory range (outside it, refused)
 * and its benchmark bands (outside every band, a written reason is required).
 */
export function discretionProblem(
  power: PenaltyPower | null,
  fine: number | undefined,
  reason: string | undefined,
): string | null {
  if (!power || fine === undefined) return null;
  if ((power.fineMin !== null && fine < power.fineMin) || (power.fineMax !== null && fine > power.fineMax)) {
    return `罚款${fine}元超出权责清单「${power.matter}」规定的处罚幅度（${power.penaltyRange}）`;
  }
  const bands = power.discretion.filter((d) => d.fineMin !== null || d.fineMax !== null);
  if (bands.length === 0) return null;
  const inBand = bands.some(
    (d) => (d.fineMin === null || fine >= d.fineMin) && (d.fineMax === null || fine <= d.fineMax),
  );
  if (inBand || (reason && reason.trim() !== '')) return null;
  return `罚款${fine}元不在「${power.matter}」的裁量基准范围内，应当书面说明理由（行政处罚法第三十四条）`;
}

// ---------------------------------------------------------------------------
// Fields.
// ---------------------------------------------------------------------------

export type PenaltyKind = keyof typeof PENALTY_KIND_LABELS;

const date = (label: string) => isoDateSchema().describe(label);
const optionalDate = (label: string) => isoDateSchema().optional().describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);
const optionalText = (label: string, max = 2000) => z.string().trim().max(max).optional().describe(label);
const money = (label: string) => z.number().min(0).max(1_000_000_000).multipleOf(0.01).describe(label);

const OfficerRef = z.object({
  id: z.number().int().describe('登记编号'),
  name: z.string().describe('姓名'),
  certNo: z.string().describe('执法证号'),
});
const OfficerRefs = z.array(OfficerRef).describe('执法人员');

const intakeShape = {
  procedure: choice(PENALTY_PROCEDURE_LABELS, '程序'),
  field: choice(ENFORCEMENT_FIELD_LABELS, '执法领域'),
  powerCode: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .meta({ lookup: 'enforcement-powers' })
    .optional()
    .describe('权责清单事项'),
  violation: text('案由', 200),
  source: optionalText('案件来源', 200),
  place: optionalText('违法地点', 200),
  actOn: date('违法行为发生日期'),
  actEndedOn: optionalDate('违法行为终了日期（连续或继续状态）'),
  foundOn: date('发现日期'),
  safetyHarm: z.boolean().optional().describe('涉及生命健康安全、金融安全且有危害后果'),
};

export const PenaltyIntakeFields = z.object(intakeShape);

export const PenaltyFields = z.object({
  ...intakeShape,
  filedOn: optionalDate('立案日期'),
  filingOfficers: OfficerRefs.optional().describe('承办执法人员'),
  investigations: z
    .array(
      z.object({
        kind: choice(INVESTIGATION_KIND_LABELS, '调查方式'),
        on: date('日期'),
        officers: OfficerRefs,
        subject: text('被检查场所/被询问人', 200),
        summary: text('情况'),
      }),
    )
    .optional()
    .describe('调查取证'),
  preservations: z
    .array(
      z.object({
        on: date('登记保存日期'),
        officers: OfficerRefs,
        items: text('登记保存物品'),
        decidedOn: optionalDate('处理决定日期'),
        outcome: choice(PRESERVATION_OUTCOME_LABELS, '处理决定').optional(),
      }),
    )
    .optional()
    .describe('先行登记保存'),
  facts: optionalText('违法事实', 5000),
  evidence: optionalText('证据', 5000),
  legalBasis: optionalText('处罚依据', 1000),
  penaltyKinds: z.array(choice(PENALTY_KIND_LABELS, '处罚种类')).optional().describe('处罚种类'),
  fineAmount: money('罚款金额（元）').optional(),
  discretionReason: optionalText('裁量理由'),
  legalReviewGround: choice(LEGAL_REVIEW_GROUND_LABELS, '法制审核情形').optional(),
  complexOrMajor: z.boolean().optional().describe('情节复杂或者重大违法行为'),
  socialImpact: z.boolean().optional().describe('具有一定社会影响（应当公开）'),
  // Stored as a key so the publication clocks can bind to it (FieldCondition takes strings).
  publicity: choice(PUBLICITY_LABELS, '公开').optional(),
  noticedOn: optionalDate('事先告知日期'),
  hearingRight: choice(HEARING_RIGHT_LABELS, '告知听证权利').optional(),
  statements: z
    .array(z.object({ on: date('陈述申辩日期'), summary: text('陈述申辩意见'), adopted: text('复核及采纳情况') }))
    .optional()
    .describe('陈述申辩'),
  rightsWaivedOn: optionalDate('放弃陈述申辩、听证日期'),
  hearingRequested: z.boolean().optional().describe('要求听证'),
  hearingRequestedOn: optionalDate('要求听证日期'),
  hearing: z
    .object({
      notifiedOn: date('听证通知日期'),
      hearingOn: date('听证日期'),
      place: text('听证地点', 200),
      host: text('听证主持人', 50),
      heldOn: optionalDate('听证举行日期'),
      summary: optionalText('听证情况', 5000),
    })
    .optional()
    .describe('听证'),
  legalReview: z
    .object({
      reviewerId: z
        .number()
        .int()
        .min(1)
        .max(2_147_483_647)
        .meta({ lookup: 'enforcement-officers' })
        .describe('审核人员'),
      reviewerName: z.string().describe('审核人员姓名'),
      firstTime: z.boolean().describe('初次从事法制审核'),
      result: choice(REVIEW_RESULT_LABELS, '审核结果'),
      opinion: text('审核意见', 5000),
      reviewedOn: date('审核日期'),
    })
    .optional()
    .describe('法制审核'),
  collectiveDiscussion: z
    .object({
      heldOn: date('讨论日期'),
      participants: z
        .array(z.object({ name: text('参加人', 50), position: text('职务', 50), view: text('意见', 1000) }))
        .min(1)
        .describe('参加人及意见'),
      conclusion: text('讨论决定', 2000),
    })
    .optional()
    .describe('集体讨论'),
  decisionNo: optionalText('决定书文号', 60),
  decidedOn: optionalDate('决定日期'),
  performance: optionalText('履行方式', 500),
  performBy: optionalDate('履行期限'),
  reconsiderationBody: optionalText('行政复议机关', 100),
  court: optionalText('管辖人民法院', 100),
  summaryFormNo: optionalText('当场处罚决定书编号', 40),
  summaryFiledOn: optionalDate('报所属行政机关备案日期'),
  servedOn: optionalDate('送达日期'),
  serviceMethod: choice(SERVICE_METHOD_LABELS, '送达方式').optional(),
  serviceOfficers: OfficerRefs.optional().describe('送达执法人员'),
  electronicConsentOn: optionalDate('当事人签订电子送达确认书日期'),
  paymentDays: z.number().int().min(1).max(3650).optional().describe('缴纳罚款期限（日）'),
  deferral: z
    .object({
      until: date('暂缓或分期缴纳截止日期'),
      instalments: z.number().int().min(1).max(36).describe('分期数'),
      reason: text('理由'),
    })
    .optional()
    .describe('暂缓或分期缴纳'),
  paidOn: optionalDate('缴纳日期'),
  paidAmount: money('缴纳罚款金额（元）').optional(),
  surchargePaid: money('缴纳加处罚款金额（元）').optional(),
  reminderServedOn: optionalDate('催告书送达日期'),
  /** The last day of the challenge periods (or of the deferral), when the 催告 was served: the court-application clock runs from it (courtApplicationWindow). */
  courtWindowFrom: optionalDate('复议、诉讼期限届满日'),
  courtApplication: z
    .object({ appliedOn: date('申请日期'), court: text('受理法院', 100) })
    .optional()
    .describe('申请人民法院强制执行'),
  executedOn: optionalDate('执行完毕日期'),
  noPenalty: z
    .object({
      ground: choice(NO_PENALTY_GROUND_LABELS, '不予处罚理由'),
      reasons: text('事实和理由'),
      decidedOn: date('决定日期'),
    })
    .optional()
    .describe('不予行政处罚'),
  transfer: z
    .object({
      kind: choice(TRANSFER_KIND_LABELS, '移送类型'),
      to: text('移送机关', 100),
      reasons: text('移送理由'),
      on: date('移送日期'),
    })
    .optional()
    .describe('移送'),
  notFiledReason: optionalText('不予立案理由'),
  publishedOn: optionalDate('公示日期'),
  publicationUrl: optionalText('公示网址', 500),
  revokedOn: optionalDate('决定被变更、撤销日期'),
  revocationKind: choice(REVOCATION_KIND_LABELS, '变更撤销情形').optional(),
  publicationWithdrawnOn: optionalDate('撤回公示日期'),
  publicationWithdrawalReason: optionalText('撤回公示理由'),
  closedOn: optionalDate('结案日期'),
});

export type PenaltyFieldValues = z.output<typeof PenaltyFields>;
type Penalty = CaseSnapshot<PenaltyFieldValues>;

// ---------------------------------------------------------------------------
// Guards.
// ---------------------------------------------------------------------------

const ORDINARY_ONLY = '本案适用简易程序，不能进行普通程序的步骤';

function ordinaryProblem(c: Penalty): string | null {
  return c.fields.procedure === 'ordinary' ? null : ORDINARY_ONLY;
}

function dateProblem(value: string, label: string, now: Date, notBefore?: { date: string | undefined; label: string }) {
  if (value > shanghaiDate(now)) return `${label}不得晚于今天`;
  if (notBefore?.date && value < notBefore.date) return `${label}不得早于${notBefore.label}（${notBefore.date}）`;
  return null;
}

function officerRefs(c: Penalty, ids: readonly number[]) {
  const byId = new Map(penaltyContext(c).officers.map((o) => [o.id, o]));
  return [...new Set(ids)].map((id) => {
    const o = byId.get(id);
    return { id, name: o?.name ?? '', certNo: o?.certNo ?? '' };
  });
}

/** Arts 42 and 55: two officers certified for the case's field on the day they act. */
function officersOn(c: Penalty, ids: readonly number[] | undefined, on: string): string | null {
  return officersProblem(ids, penaltyContext(c).officers, c.fields.field, on);
}

/** Art 56: the 7 working days after each registration-preservation, for its decision. */
function openPreservation(c: Penalty) {
  return (c.fields.preservations ?? []).findIndex((p) => !p.decidedOn);
}

/**
 * Art 62 with arts 44, 45, 63, 64: no decision before the party had the chance to state their
 * case: the 5 working days for a hearing request have run (or the party waived, or a requested
 * hearing was held).
 */
function rightsProblem(c: Penalty, today: string): string | null {
  const f = c.fields;
  if (!f.noticedOn) return '尚未事先告知当事人拟作出的行政处罚（行政处罚法第四十四条、第六十二条）';
  if (f.hearingRequested && !f.hearing?.heldOn)
    return '当事人已要求听证，听证结束后方可作出决定（行政处罚法第六十五条）';
  if (f.rightsWaivedOn || f.hearingRequested) return null;
  const windowEnd = wdDue(f.noticedOn, HEARING_REQUEST_WORKDAYS);
  if (today <= windowEnd) {
    const what = f.hearingRight === 'yes' ? '陈述、申辩和要求听证' : '陈述、申辩';
    return `当事人${what}的期限至${windowEnd}届满（事先告知后${HEARING_REQUEST_WORKDAYS}个工作日，行政处罚法第四十五条、第六十四条），届满前不得作出决定；当事人明确放弃的，请先登记`;
  }
  return null;
}

/** Art 58: where a ground applies, a passed review by a qualified reviewer, after the hearing. */
function legalReviewProblem(c: Penalty): string | null {
  const f = c.fields;
  if (!f.legalReviewGround || f.legalReviewGround === 'none') return null;
  const r = f.legalReview;
  if (!r) return '本案属于应当法制审核的情形，未经法制审核不得作出决定（行政处罚法第五十八条）';
  if (r.result !== 'passed') return '法制审核未通过，不得作出决定（行政处罚法第五十八条）';
  const o = penaltyContext(c).officers.find((x) => x.id === r.reviewerId);
  const bad = reviewerProblem(o, !r.firstTime);
  if (bad) return `法制审核无效：${bad}`;
  if (f.hearing?.heldOn && r.reviewedOn < f.hearing.heldOn)
    return '法制审核早于听证，听证后应当重新审核（行政处罚法第五十八条）';
  return null;
}

function collectiveProblem(c: Penalty): string | null {
  if (!c.fields.complexOrMajor || c.fields.collectiveDiscussion) return null;
  return '对情节复杂或者重大违法行为给予行政处罚，行政机关负责人应当集体讨论决定（行政处罚法第五十七条第二款）';
}

/** Art 63 ¶1 (3)–(4): these kinds always carry the right to a hearing. */
const HEARING_KINDS: readonly string[] = ['suspension', 'revocation'];

/**
 * What the head decides. Facts, evidence, kinds and basis default to what the 事先告知书 told the
 * party (recorded by `notify`): typed again only where the decision departs from it.
 */
const DecideInput = z.object({
  decidedOn: date('决定日期'),
  facts: optionalText('违法事实', 5000),
  evidence: optionalText('证据', 5000),
  penaltyKinds: z.array(choice(PENALTY_KIND_LABELS, '处罚种类')).min(1).optional().describe('处罚种类'),
  fineAmount: money('罚款金额（元）').optional(),
  legalBasis: optionalText('处罚依据', 1000),
  discretionReason: optionalText('裁量理由'),
  performance: text('履行方式', 500),
  performBy: optionalDate('履行期限'),
  reconsiderationBody: text('行政复议机关', 100),
  court: text('管辖人民法院', 100),
  socialImpact: z.boolean().describe('具有一定社会影响（应当公开）'),
});

function decideProblem(c: Penalty, input: z.output<typeof DecideInput> | undefined, now: Date): string | null {
  const today = shanghaiDate(now);
  return (
    ordinaryProblem(c) ??
    rightsProblem(c, today) ??
    legalReviewProblem(c) ??
    collectiveProblem(c) ??
    (openPreservation(c) >= 0 ? '尚有先行登记保存的证据未作出处理决定（行政处罚法第五十六条）' : null) ??
    (input ? decisionInputProblem(c, input, now) : null)
  );
}

type DecideValues = z.output<typeof DecideInput>;

/** The decision as taken: the input, with what the notice said where the input is silent. */
function decisionOf(c: Penalty, input: DecideValues) {
  const f = c.fields;
  const penaltyKinds = input.penaltyKinds ?? f.penaltyKinds ?? [];
  const fineAmount = input.penaltyKinds ? input.fineAmount : (input.fineAmount ?? f.fineAmount);
  return {
    ...input,
    facts: input.facts ?? f.facts,
    evidence: input.evidence ?? f.evidence,
    legalBasis: input.legalBasis ?? f.legalBasis,
    penaltyKinds,
    fineAmount,
  };
}

function decisionInputProblem(c: Penalty, raw: DecideValues, now: Date): string | null {
  const f = c.fields;
  const input = decisionOf(c, raw);
  const bad = dateProblem(input.decidedOn, '决定日期', now, { date: f.noticedOn, label: '事先告知日期' });
  if (bad) return bad;
  const fine = input.penaltyKinds.includes('fine');
  if (fine && !(input.fineAmount && input.fineAmount > 0)) return '处罚种类包括罚款的，应当填写罚款金额';
  if (!fine && input.fineAmount) return '处罚种类不包括罚款，不应填写罚款金额';
  // Art 45 ¶2: the party's defence never makes the penalty heavier than the one notified.
  const notified = f.penaltyKinds ?? [];
  const added = input.penaltyKinds.filter((k) => !notified.includes(k));
  if (added.length > 0 || (input.fineAmount ?? 0) > (f.fineAmount ?? 0)) {
    return '决定的处罚重于事先告知的处罚，不得因当事人陈述、申辩而加重处罚；如需加重，应当重新事先告知（行政处罚法第四十五条第二款）';
  }
  const discretion = discretionProblem(penaltyContext(c).power, input.fineAmount, input.discretionReason);
  if (discretion) return discretion;
  const party = penaltyContext(c).party;
  const missing = decisionContentsMissing({
    partyName: party?.name,
    partyAddress: party?.address,
    ...input,
    performBy: input.performBy ?? (fine ? `收到决定书之日起${FINE_PAYMENT_DAYS}日内` : undefined),
    // The organ is the town government issuing the form (its name is printed by the template).
    organ: '本机关',
  });
  if (missing.length > 0) return `行政处罚决定书缺少法定事项：${missing.join('；')}（行政处罚法第五十九条）`;
  return null;
}

/**
 * Arts 24, 38: the town punishes only the matters of its 权责清单; a cited matter missing from it,
 * or of another field, has no basis. (A case citing none is let through: not every town has
 * loaded its list.)
 */
function powerProblem(c: Penalty): string | null {
  const code = c.fields.powerCode;
  if (!code) return null;
  const power = penaltyContext(c).power;
  if (!power) return `权责清单中没有事项「${code}」，本镇无权立案处罚（行政处罚法第二十四条、第三十八条）`;
  if (power.field !== c.fields.field) {
    return `权责清单事项「${power.matter}」属于「${ENFORCEMENT_FIELD_LABELS[power.field as keyof typeof ENFORCEMENT_FIELD_LABELS] ?? power.field}」领域，与本案执法领域不符`;
  }
  return null;
}

/** Art 60: the 90 days are lengthened while they run; once passed, the case is late. */
function extensionAfterDueProblem(c: Penalty, now: Date): string | null {
  return clockPassedProblem(penalty, c, 'decision', CALENDAR, now, '延长');
}

/** The 文号 of the latest valid copy of a document, as a field patch. */
function numberOf(c: Penalty, kind: string, field: 'decisionNo' | 'summaryFormNo'): Partial<PenaltyFieldValues> {
  const doc = c.documents.filter((d) => d.kind === kind && !d.voidedAt).pop();
  return doc?.number ? { [field]: doc.number } : {};
}

// ---------------------------------------------------------------------------
// The case type.
// ---------------------------------------------------------------------------

const ZHIFA = ['zhifa'] as const;
const LEADER = ['leader'] as const;
/** Who records a legal review: the 执法队's clerk, the 法治办 or the 司法所, whoever the town tasks with it. */
const REVIEW_RECORDERS = ['zhifa', 'fazhiban', 'sifasuo'] as const;
/** States after a decision: publication and its withdrawal may be recorded there. */
const DECIDED = ['decided', 'served', 'enforcing', 'performed', 'closed'] as const;

export const penalty = defineCaseType({
  key: 'penalty',
  label: '行政处罚案件',
  numbering: '{town}罚〔{year}〕{seq}号',
  fields: PenaltyFields,
  intake: PenaltyIntakeFields,
  parties: { roles: PARTY_ROLE_LABELS, required: ['party'] },
  create: { roles: ZHIFA, label: '登记案件线索', titleExample: '张某未经批准占用耕地建房案' },
  // The team works it; the head approves and decides; 法治办/司法所 review (art 58) and
  // supervise; the county supervises. 信访、调解、村居 never see enforcement files.
  access: {
    read: ['zhifa', 'leader', 'fazhiban', 'sifasuo', 'county'],
    write: ['zhifa', 'leader', 'fazhiban', 'sifasuo'],
  },
  // A penalty decision (and a 不予处罚 decision, which a victim may contest) is an administrative
  // act open to 复议 (行政复议法 art 11) and 诉讼 (行政诉讼法 art 12): registered on the case.
  challengeable: { decidedBy: ['decide', 'decide_on_spot', 'no_penalty'] },
  basicInfo: ['violation', 'source', 'place'],
  states: {
    clue: { label: '线索' },
    investigating: { label: '调查取证' },
    reviewing: { label: '审查' },
    notified: { label: '已事先告知' },
    hearing: { label: '听证程序' },
    decided: { label: '已作出决定' },
    served: { label: '已送达，待履行' },
    enforcing: { label: '申请强制执行' },
    performed: { label: '已履行' },
    not_filed: { label: '不予立案', terminal: true },
    no_penalty: { label: '不予行政处罚', terminal: true },
    transferred: { label: '已移送', terminal: true },
    closed: { label: '已结案', terminal: true },
  },
  initial: 'clue',
  documents: {
    filing_form: '立案审批表',
    inspection_record: '现场检查（勘验）笔录',
    inquiry_record: '询问笔录',
    preservation_notice: '先行登记保存通知书',
    prior_notice: '行政处罚事先告知书',
    statement_record: '陈述申辩笔录',
    hearing_notice: '听证通知书',
    hearing_record: '听证笔录',
    legal_review_opinion: '法制审核意见书',
    collective_record: '集体讨论记录',
    decision: '行政处罚决定书',
    no_penalty_decision: '不予行政处罚决定书',
    service_receipt: '送达回证',
    reminder: '催告书',
    enforcement_application: '强制执行申请书',
    summary_decision: '当场行政处罚决定书',
    closing_report: '结案报告',
  },
  issuable: {
    service_receipt: { states: ['decided', 'no_penalty'] },
  },
  actions: {
    // --- 立案 (arts 36, 54) ---
    file: {
      label: '立案',
      from: ['clue'],
      to: 'investigating',
      roles: ZHIFA,
      approval: { roles: LEADER },
      input: z.object({
        officerIds: OfficerIdsInput.describe('承办执法人员'),
        legalReviewGround: choice(LEGAL_REVIEW_GROUND_LABELS, '法制审核情形').optional(),
        complexOrMajor: z.boolean().optional().describe('情节复杂或者重大违法行为'),
      }),
      requires: {
        documents: ['filing_form'],
        guard: (c, input, now) =>
          ordinaryProblem(c) ??
          limitationProblem(c.fields) ??
          powerProblem(c) ??
          (input ? officersOn(c, input.officerIds, shanghaiDate(now)) : null),
      },
      effects: (c, input, now) => ({
        filedOn: shanghaiDate(now),
        filingOfficers: officerRefs(c, input.officerIds),
        ...(input.legalReviewGround ? { legalReviewGround: input.legalReviewGround } : {}),
        ...(input.complexOrMajor !== undefined ? { complexOrMajor: input.complexOrMajor } : {}),
      }),
    },
    decline_filing: {
      label: '不予立案',
      from: ['clue'],
      to: 'not_filed',
      roles: ZHIFA,
      input: z.object({ reason: text('不予立案理由') }),
      effects: (_c, input) => ({ notFiledReason: input.reason }),
    },

    // --- 简易程序 (arts 51–53) ---
    decide_on_spot: {
      label: '当场作出行政处罚决定',
      from: ['clue'],
      to: 'served',
      roles: ZHIFA,
      input: z.object({
        decidedOn: date('决定日期'),
        officerIds: OfficerIdsInput,
        facts: text('违法行为', 2000),
        penaltyKinds: z.array(choice(PENALTY_KIND_LABELS, '处罚种类')).min(1).describe('处罚种类'),
        fineAmount: money('罚款金额（元）').optional(),
        legalBasis: text('处罚依据', 1000),
      }),
      requires: {
        documents: ['summary_decision'],
        guard: (c, input, now) => {
          if (c.fields.procedure !== 'summary') return '本案适用普通程序，不能当场作出决定（行政处罚法第五十一条）';
          const limit = limitationProblem(c.fields);
          if (limit) return limit.replace('不予立案', '不得给予行政处罚');
          const power = powerProblem(c);
          if (power) return power;
          if (!input) return null;
          return (
            dateProblem(input.decidedOn, '决定日期', now, { date: c.fields.foundOn, label: '发现日期' }) ??
            summaryProblem(input.penaltyKinds, input.fineAmount, penaltyContext(c).party?.kind) ??
            officersOn(c, input.officerIds, input.decidedOn)
          );
        },
      },
      prefill: {
        document: 'summary_decision',
        fields: {
          facts: 'facts',
          penaltyKinds: 'penaltyKinds',
          fineAmount: 'fineAmount',
          legalBasis: 'legalBasis',
        },
      },
      // Art 52 ¶1: handed to the party on the spot, so decision and service are one day.
      // The 当场处罚决定书 is numbered when issued (art 52 "编有号码"): its number is the case's.
      effects: (c, input) => ({
        ...numberOf(c, 'summary_decision', 'summaryFormNo'),
        ...numberOf(c, 'summary_decision', 'decisionNo'),
        decidedOn: input.decidedOn,
        servedOn: input.decidedOn,
        serviceMethod: 'on_spot' as const,
        facts: input.facts,
        penaltyKinds: input.penaltyKinds,
        legalBasis: input.legalBasis,
        serviceOfficers: officerRefs(c, input.officerIds),
        ...(input.fineAmount ? { fineAmount: input.fineAmount, paymentDays: FINE_PAYMENT_DAYS } : {}),
      }),
    },
    file_summary: {
      label: '报所属行政机关备案',
      from: ['served', 'performed'],
      roles: ZHIFA,
      input: z.object({ filedOn: date('备案日期') }),
      requires: {
        guard: (c, input, now) => {
          if (c.fields.procedure !== 'summary')
            return '只有当场作出的行政处罚决定需要备案（行政处罚法第五十二条第三款）';
          if (c.fields.summaryFiledOn) return '已经备案';
          return input
            ? dateProblem(input.filedOn, '备案日期', now, { date: c.fields.decidedOn, label: '决定日期' })
            : null;
        },
      },
      effects: (_c, input) => ({ summaryFiledOn: input.filedOn }),
    },

    // --- 调查取证 (arts 55–56) ---
    inspect: {
      label: '现场检查（勘验）',
      from: ['investigating'],
      roles: ZHIFA,
      input: z.object({
        on: date('检查日期'),
        officerIds: OfficerIdsInput,
        subject: text('检查场所', 200),
        summary: text('检查情况'),
      }),
      requires: {
        documents: ['inspection_record'],
        guard: (c, input, now) =>
          input ? (dateProblem(input.on, '检查日期', now) ?? officersOn(c, input.officerIds, input.on)) : null,
      },
      prefill: { document: 'inspection_record', fields: { on: 'on', subject: 'place', summary: 'summary' } },
      effects: (c, input) => ({
        investigations: [
          ...(c.fields.investigations ?? []),
          {
            kind: 'inspection' as const,
            on: input.on,
            officers: officerRefs(c, input.officerIds),
            subject: input.subject,
            summary: input.summary,
          },
        ],
      }),
    },
    inquire: {
      label: '询问',
      from: ['investigating'],
      roles: ZHIFA,
      input: z.object({
        on: date('询问日期'),
        officerIds: OfficerIdsInput,
        subject: text('被询问人', 100),
        summary: text('询问情况'),
      }),
      requires: {
        documents: ['inquiry_record'],
        guard: (c, input, now) =>
          input ? (dateProblem(input.on, '询问日期', now) ?? officersOn(c, input.officerIds, input.on)) : null,
      },
      prefill: { document: 'inquiry_record', fields: { on: 'on', subject: 'person', summary: 'summary' } },
      effects: (c, input) => ({
        investigations: [
          ...(c.fields.investigations ?? []),
          {
            kind: 'inquiry' as const,
            on: input.on,
            officers: officerRefs(c, input.officerIds),
            subject: input.subject,
            summary: input.summary,
          },
        ],
      }),
    },
    preserve: {
      // Art 56: "经行政机关负责人批准，可以先行登记保存".
      label: '先行登记保存证据',
      from: ['investigating'],
      roles: ZHIFA,
      approval: { roles: LEADER },
      input: z.object({ officerIds: OfficerIdsInput, items: text('登记保存物品') }),
      requires: {
        documents: ['preservation_notice'],
        guard: (c, input, now) => {
          if (openPreservation(c) >= 0) return '上一次先行登记保存尚未作出处理决定';
          return input ? officersOn(c, input.officerIds, shanghaiDate(now)) : null;
        },
      },
      effects: (c, input, now) => ({
        preservations: [
          ...(c.fields.preservations ?? []),
          { on: shanghaiDate(now), officers: officerRefs(c, input.officerIds), items: input.items },
        ],
      }),
    },
    decide_preservation: {
      label: '对登记保存的证据作出处理决定',
      from: ['investigating', 'reviewing', 'notified', 'hearing'],
      roles: ZHIFA,
      input: z.object({ outcome: choice(PRESERVATION_OUTCOME_LABELS, '处理决定') }),
      requires: { guard: (c) => (openPreservation(c) >= 0 ? null : '没有待处理的先行登记保存') },
      effects: (c, input, now) => {
        const list = [...(c.fields.preservations ?? [])];
        const i = openPreservation(c);
        list[i] = { ...list[i]!, decidedOn: shanghaiDate(now), outcome: input.outcome };
        return { preservations: list };
      },
    },
    end_investigation: {
      label: '调查终结，提交审查',
      from: ['investigating'],
      to: 'reviewing',
      roles: ZHIFA,
      requires: {
        fields: ['investigations'],
      },
    },

    // --- 审查后的处理 (art 57) ---
    notify: {
      label: '事先告知',
      from: ['reviewing'],
      to: 'notified',
      roles: ZHIFA,
      input: z.object({
        noticedOn: date('告知日期'),
        facts: text('违法事实', 5000),
        evidence: text('证据', 5000),
        penaltyKinds: z.array(choice(PENALTY_KIND_LABELS, '处罚种类')).min(1).describe('拟作出的处罚种类'),
        fineAmount: money('拟罚款金额（元）').optional(),
        legalBasis: text('处罚依据', 1000),
        hearingRight: choice(HEARING_RIGHT_LABELS, '告知听证权利'),
      }),
      requires: {
        documents: ['prior_notice'],
        guard: (c, input, now) => {
          const bad = ordinaryProblem(c);
          if (bad || !input) return bad;
          if (input.hearingRight === 'no' && input.penaltyKinds.some((k) => HEARING_KINDS.includes(k))) {
            return '拟作出降低资质等级、吊销许可证件、责令停产停业、责令关闭、限制从业等处罚的，应当告知当事人有要求听证的权利（行政处罚法第六十三条）';
          }
          if (input.penaltyKinds.includes('fine') !== Boolean(input.fineAmount))
            return '拟给予罚款的，应当填写且只在此时填写罚款金额';
          return dateProblem(input.noticedOn, '告知日期', now, { date: c.fields.filedOn, label: '立案日期' });
        },
      },
      prefill: {
        document: 'prior_notice',
        fields: {
          facts: 'facts',
          evidence: 'evidence',
          penaltyKinds: 'penaltyKinds',
          fineAmount: 'fineAmount',
          legalBasis: 'legalBasis',
          hearingRight: 'hearingRight',
        },
      },
      effects: (_c, input) => ({ ...input }),
    },
    record_statement: {
      label: '记录陈述申辩',
      from: ['notified', 'hearing'],
      roles: ZHIFA,
      input: z.object({ on: date('陈述申辩日期'), summary: text('陈述申辩意见'), adopted: text('复核及采纳情况') }),
      requires: {
        documents: ['statement_record'],
        guard: (c, input, now) =>
          input
            ? dateProblem(input.on, '陈述申辩日期', now, { date: c.fields.noticedOn, label: '事先告知日期' })
            : null,
      },
      prefill: { document: 'statement_record', fields: { summary: 'summary' } },
      effects: (c, input) => ({ statements: [...(c.fields.statements ?? []), input] }),
    },
    waive_rights: {
      label: '当事人明确放弃陈述申辩、听证权利',
      from: ['notified'],
      roles: ZHIFA,
      input: z.object({ on: date('放弃日期') }),
      requires: {
        guard: (c, input, now) =>
          input ? dateProblem(input.on, '放弃日期', now, { date: c.fields.noticedOn, label: '事先告知日期' }) : null,
      },
      effects: (_c, input) => ({ rightsWaivedOn: input.on }),
    },
    request_hearing: {
      label: '当事人要求听证',
      from: ['notified'],
      to: 'hearing',
      roles: ZHIFA,
      input: z.object({ requestedOn: date('要求听证日期') }),
      requires: {
        guard: (c, input, now) => {
          const f = c.fields;
          if (f.hearingRight !== 'yes')
            return '事先告知未告知听证权利；如属第六十三条情形，应当重新告知（行政处罚法第六十三条）';
          if (f.rightsWaivedOn) return '当事人已明确放弃听证权利';
          if (!input || !f.noticedOn) return null;
          const bad = dateProblem(input.requestedOn, '要求听证日期', now, { date: f.noticedOn, label: '事先告知日期' });
          if (bad) return bad;
          const due = wdDue(f.noticedOn, HEARING_REQUEST_WORKDAYS);
          if (input.requestedOn > due) {
            return `当事人要求听证的，应当在行政机关告知后${HEARING_REQUEST_WORKDAYS}个工作日内提出，期限已于${due}届满（行政处罚法第六十四条第一项、第八十五条）`;
          }
          return null;
        },
      },
      effects: (_c, input) => ({ hearingRequested: true, hearingRequestedOn: input.requestedOn }),
    },
    notify_hearing: {
      label: '通知听证',
      from: ['hearing'],
      roles: ZHIFA,
      input: z.object({
        notifiedOn: date('通知日期'),
        hearingOn: date('听证日期'),
        place: text('听证地点', 200),
        host: text('听证主持人（非本案调查人员）', 50),
      }),
      requires: {
        documents: ['hearing_notice'],
        guard: (c, input, now) => {
          if (c.fields.hearing?.heldOn) return '听证已经举行';
          if (!input) return null;
          const bad = dateProblem(input.notifiedOn, '通知日期', now, {
            date: c.fields.hearingRequestedOn,
            label: '要求听证日期',
          });
          if (bad) return bad;
          // "在举行听证的七日前通知": seven whole working days between the notice and the hearing day.
          const earliest = addDays(wdDue(input.notifiedOn, HEARING_NOTICE_WORKDAYS), 1);
          if (input.hearingOn < earliest) {
            return `应当在举行听证的${HEARING_NOTICE_WORKDAYS}个工作日前通知当事人：${input.notifiedOn}通知的，听证最早安排在${earliest}（行政处罚法第六十四条第二项、第八十五条）`;
          }
          const investigators = new Set(
            [...(c.fields.filingOfficers ?? []), ...(c.fields.investigations ?? []).flatMap((i) => i.officers)].map(
              (o) => o.name,
            ),
          );
          if (investigators.has(input.host)) return '听证由非本案调查人员主持（行政处罚法第六十四条第四项）';
          return null;
        },
      },
      prefill: { document: 'hearing_notice', fields: { hearingOn: 'hearingOn', place: 'place', host: 'host' } },
      effects: (_c, input) => ({ hearing: { ...input } }),
    },
    hold_hearing: {
      label: '听证结束',
      from: ['hearing'],
      roles: ZHIFA,
      input: z.object({ heldOn: date('听证举行日期'), summary: text('听证情况', 5000) }),
      requires: {
        documents: ['hearing_record'],
        guard: (c, input, now) => {
          const h = c.fields.hearing;
          if (!h) return '尚未通知听证';
          if (h.heldOn) return '听证已经举行';
          return input
            ? dateProblem(input.heldOn, '听证举行日期', now, { date: h.hearingOn, label: '通知的听证日期' })
            : null;
        },
      },
      prefill: { document: 'hearing_record', fields: { summary: 'summary' } },
      effects: (c, input) => ({ hearing: { ...c.fields.hearing!, heldOn: input.heldOn, summary: input.summary } }),
    },
    legal_review: {
      label: '法制审核',
      from: ['notified', 'hearing'],
      roles: REVIEW_RECORDERS,
      input: z.object({
        reviewerId: z
          .number()
          .int()
          .positive()
          .max(2_147_483_647)
          .meta({ lookup: 'enforcement-officers' })
          .describe('审核人员'),
        result: choice(REVIEW_RESULT_LABELS, '审核结果'),
        opinion: text('审核意见', 5000),
        reviewedOn: date('审核日期'),
      }),
      requires: {
        documents: ['legal_review_opinion'],
        guard: (c, input, now) => {
          if (!input) return ordinaryProblem(c);
          const ctx = penaltyContext(c);
          const o = ctx.officers.find((x) => x.id === input.reviewerId);
          const bad = reviewerProblem(o, ctx.reviewedBefore.includes(input.reviewerId));
          if (bad) return bad;
          if (c.fields.hearing?.heldOn && input.reviewedOn < c.fields.hearing.heldOn) {
            return `审核日期不得早于听证举行日期（${c.fields.hearing.heldOn}）`;
          }
          return dateProblem(input.reviewedOn, '审核日期', now, { date: c.fields.noticedOn, label: '事先告知日期' });
        },
      },
      prefill: { document: 'legal_review_opinion', fields: { result: 'result', opinion: 'opinion' } },
      effects: (c, input) => {
        const ctx = penaltyContext(c);
        const o = ctx.officers.find((x) => x.id === input.reviewerId);
        return {
          legalReview: {
            ...input,
            reviewerName: o?.name ?? '',
            firstTime: !ctx.reviewedBefore.includes(input.reviewerId),
          },
        };
      },
    },
    collective_discussion: {
      label: '集体讨论',
      from: ['notified', 'hearing'],
      roles: ['zhifa', 'leader'],
      input: z.object({
        heldOn: date('讨论日期'),
        participants: z
          .array(z.object({ name: text('参加人', 50), position: text('职务', 50), view: text('意见', 1000) }))
          .min(2, '集体讨论应当记录至少两名参加人的意见')
          .max(30)
          .describe('参加人及意见'),
        conclusion: text('讨论决定', 2000),
      }),
      requires: {
        documents: ['collective_record'],
        guard: (c, input, now) =>
          input
            ? dateProblem(input.heldOn, '讨论日期', now, { date: c.fields.noticedOn, label: '事先告知日期' })
            : null,
      },
      prefill: { document: 'collective_record', fields: { conclusion: 'conclusion' } },
      effects: (_c, input) => ({ collectiveDiscussion: input }),
    },
    set_review_grounds: {
      label: '认定法制审核、集体讨论情形',
      from: ['investigating', 'reviewing', 'notified', 'hearing'],
      roles: ZHIFA,
      input: z.object({
        legalReviewGround: choice(LEGAL_REVIEW_GROUND_LABELS, '法制审核情形'),
        complexOrMajor: z.boolean().describe('情节复杂或者重大违法行为'),
      }),
      effects: (_c, input) => ({ ...input }),
    },
    extend_decision: {
      label: '延长作出决定期限',
      from: ['investigating', 'reviewing', 'notified', 'hearing'],
      roles: ZHIFA,
      approval: { roles: LEADER },
      input: z.object({
        length: z.number().int().min(1).max(DECISION_EXTENSION_MAX_DAYS).describe('延长天数'),
        reason: text('延期理由'),
      }),
      // A period is lengthened while it runs; after the 90 days the case is simply late.
      requires: {
        guard: (c, _input, now) => ordinaryProblem(c) ?? extensionAfterDueProblem(c, now),
      },
    },
    decide: {
      label: '作出行政处罚决定',
      from: ['notified', 'hearing'],
      to: 'decided',
      // Art 57 ¶1: "行政机关负责人…作出决定": the head takes the step on the 决定书 the team drafted,
      // so the form is filled from it (decision 0007) rather than re-typed for an approval.
      roles: LEADER,
      input: DecideInput,
      requires: {
        documents: ['decision'],
        guard: (c, input, now) => decideProblem(c, input, now),
      },
      prefill: {
        document: 'decision',
        fields: {
          facts: 'facts',
          evidence: 'evidence',
          penaltyKinds: 'penaltyKinds',
          fineAmount: 'fineAmount',
          legalBasis: 'legalBasis',
          discretionReason: 'discretionReason',
          performance: 'performance',
          performBy: 'performBy',
          reconsiderationBody: 'reconsiderationBody',
          court: 'court',
        },
      },
      effects: (c, raw) => ({
        ...decisionOf(c, raw),
        ...numberOf(c, 'decision', 'decisionNo'),
        publicity: raw.socialImpact ? ('public' as const) : ('none' as const),
      }),
    },
    no_penalty: {
      label: '不予行政处罚',
      from: ['reviewing', 'notified', 'hearing'],
      to: 'no_penalty',
      roles: ZHIFA,
      approval: { roles: LEADER },
      input: z.object({ ground: choice(NO_PENALTY_GROUND_LABELS, '不予处罚理由'), reasons: text('事实和理由') }),
      requires: {
        documents: ['no_penalty_decision'],
        guard: (c) =>
          openPreservation(c) >= 0 ? '尚有先行登记保存的证据未作出处理决定（行政处罚法第五十六条）' : null,
      },
      effects: (_c, input, now) => ({ noPenalty: { ...input, decidedOn: shanghaiDate(now) } }),
    },
    transfer: {
      label: '移送',
      from: ['clue', 'investigating', 'reviewing'],
      to: 'transferred',
      roles: ZHIFA,
      approval: { roles: LEADER },
      input: z.object({
        kind: choice(TRANSFER_KIND_LABELS, '移送类型'),
        to: text('移送机关', 100),
        reasons: text('移送理由'),
      }),
      effects: (_c, input, now) => ({ transfer: { ...input, on: shanghaiDate(now) } }),
    },

    // --- 送达 (art 61) ---
    serve: {
      label: '送达行政处罚决定书',
      from: ['decided'],
      to: 'served',
      roles: ZHIFA,
      input: z.object({
        servedOn: date('送达日期'),
        method: choice(SERVICE_METHOD_LABELS, '送达方式'),
        officerIds: OfficerIdsInput,
        electronicConsentOn: optionalDate('当事人签订电子送达确认书日期'),
      }),
      requires: {
        documents: ['service_receipt'],
        guard: (c, input, now) => {
          if (!input) return null;
          const bad = dateProblem(input.servedOn, '送达日期', now, { date: c.fields.decidedOn, label: '决定日期' });
          if (bad) return bad;
          if (input.method === 'electronic' && !input.electronicConsentOn) {
            return '当事人同意并签订确认书的，方可采用传真、电子邮件等方式送达（行政处罚法第六十一条第二款）';
          }
          if (input.method === 'on_spot' && input.servedOn !== c.fields.decidedOn)
            return '当场交付的送达日期应为决定日期';
          return officersOn(c, input.officerIds, input.servedOn);
        },
      },
      prefill: { document: 'service_receipt', fields: { method: 'method' } },
      effects: (c, input) => ({
        servedOn: input.servedOn,
        serviceMethod: input.method,
        serviceOfficers: officerRefs(c, input.officerIds),
        ...(input.electronicConsentOn ? { electronicConsentOn: input.electronicConsentOn } : {}),
        ...(c.fields.penaltyKinds?.includes('fine') ? { paymentDays: FINE_PAYMENT_DAYS } : {}),
      }),
    },

    // --- 履行 (arts 66–73) ---
    defer_payment: {
      label: '暂缓或分期缴纳罚款',
      from: ['served'],
      roles: ZHIFA,
      approval: { roles: LEADER },
      input: z.object({
        until: date('暂缓或分期缴纳截止日期'),
        instalments: z.number().int().min(1).max(36).describe('分期数'),
        reason: text('当事人确有经济困难的情况'),
      }),
      requires: {
        guard: (c, input) => {
          if (!c.fields.penaltyKinds?.includes('fine')) return '本案未处罚款';
          if (c.fields.paidOn) return '罚款已经缴纳';
          if (input && c.fields.servedOn && input.until <= addDays(c.fields.servedOn, FINE_PAYMENT_DAYS)) {
            return `截止日期应晚于原缴纳期限（送达后${FINE_PAYMENT_DAYS}日）`;
          }
          return null;
        },
      },
      effects: (c, input) => ({
        deferral: input,
        ...(c.fields.servedOn ? { paymentDays: diffDays(c.fields.servedOn, input.until) } : {}),
      }),
    },
    record_payment: {
      label: '登记缴纳罚款',
      from: ['served', 'enforcing'],
      to: 'performed',
      roles: ZHIFA,
      input: z.object({
        paidOn: date('缴纳日期'),
        paidAmount: money('缴纳罚款金额（元）'),
        surchargePaid: money('缴纳加处罚款金额（元）').optional(),
      }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.penaltyKinds?.includes('fine')) return '本案未处罚款，请登记履行完毕';
          if (!input) return null;
          const bad = dateProblem(input.paidOn, '缴纳日期', now, { date: c.fields.decidedOn, label: '决定日期' });
          if (bad) return bad;
          if (input.paidAmount !== c.fields.fineAmount) return `缴纳金额应为决定的罚款${c.fields.fineAmount}元`;
          const owed = surchargeOf(c, input.paidOn);
          if ((input.surchargePaid ?? 0) < owed) {
            return `逾期缴纳，截至${input.paidOn}应加处罚款${owed}元（行政处罚法第七十二条第一款第一项）`;
          }
          return null;
        },
      },
      effects: (_c, input) => ({ ...input }),
    },
    record_performed: {
      label: '登记履行完毕',
      from: ['served', 'enforcing'],
      to: 'performed',
      roles: ZHIFA,
      input: z.object({ on: date('履行日期'), how: text('履行情况', 500) }),
      requires: {
        guard: (c, input, now) => {
          if (c.fields.penaltyKinds?.includes('fine') && !c.fields.paidOn && c.state !== 'enforcing') {
            return '罚款尚未缴纳，请登记缴纳罚款';
          }
          return input ? dateProblem(input.on, '履行日期', now, { date: c.fields.decidedOn, label: '决定日期' }) : null;
        },
      },
      effects: (c, input) => (c.state === 'enforcing' ? { executedOn: input.on } : {}),
    },
    // --- 申请人民法院强制执行 (行政强制法 arts 53–54) ---
    remind: {
      label: '送达催告书',
      from: ['served'],
      roles: ZHIFA,
      input: z.object({ servedOn: date('催告书送达日期') }),
      requires: {
        documents: ['reminder'],
        guard: (c, input, now) => {
          if (c.fields.paidOn) return '已经履行，无需催告';
          if (!input || !c.fields.servedOn) return null;
          const due = addDays(c.fields.servedOn, c.fields.paymentDays ?? FINE_PAYMENT_DAYS);
          if (c.fields.penaltyKinds?.includes('fine') && input.servedOn <= due)
            return `缴纳期限至${due}，届满后方可催告`;
          return dateProblem(input.servedOn, '催告书送达日期', now, {
            date: c.fields.servedOn,
            label: '决定书送达日期',
          });
        },
      },
      // The application window's start, kept on the case so that its clock can show the last day.
      effects: (c, input) => ({
        reminderServedOn: input.servedOn,
        ...(c.fields.servedOn
          ? { courtWindowFrom: courtApplicationWindow(c.fields.servedOn, c.fields.deferral?.until).opensAfter }
          : {}),
      }),
    },
    apply_court: {
      label: '申请人民法院强制执行',
      from: ['served'],
      to: 'enforcing',
      roles: ZHIFA,
      approval: { roles: LEADER },
      input: z.object({ court: text('受理法院', 100) }),
      requires: {
        documents: ['enforcement_application'],
        guard: (c, _input, now) => courtApplicationProblem(c, shanghaiDate(now)),
      },
      effects: (_c, input, now) => ({ courtApplication: { appliedOn: shanghaiDate(now), court: input.court } }),
    },

    // --- 公示 (art 48) ---
    publish: {
      label: '公示行政处罚决定',
      from: DECIDED,
      fromTerminal: true,
      roles: ZHIFA,
      input: z.object({ publishedOn: date('公示日期'), url: optionalText('公示网址', 500) }),
      requires: {
        guard: (c, input, now) => {
          if (c.fields.publicity !== 'public')
            return '本决定未认定为具有一定社会影响，不予公开（行政处罚法第四十八条）';
          if (c.fields.publishedOn) return '已经公示';
          if (c.fields.revokedOn) return '决定已被变更或撤销，不再公示';
          return input
            ? dateProblem(input.publishedOn, '公示日期', now, { date: c.fields.decidedOn, label: '决定日期' })
            : null;
        },
      },
      effects: (_c, input) => ({ publishedOn: input.publishedOn, ...(input.url ? { publicationUrl: input.url } : {}) }),
    },
    record_revocation: {
      label: '登记决定被变更、撤销或确认违法',
      from: DECIDED,
      fromTerminal: true,
      roles: ZHIFA,
      input: z.object({ revokedOn: date('变更撤销日期'), kind: choice(REVOCATION_KIND_LABELS, '情形') }),
      requires: {
        guard: (c, input, now) => {
          if (c.fields.revokedOn) return '已经登记';
          return input
            ? dateProblem(input.revokedOn, '变更撤销日期', now, { date: c.fields.decidedOn, label: '决定日期' })
            : null;
        },
      },
      effects: (_c, input) => ({ revokedOn: input.revokedOn, revocationKind: input.kind }),
    },
    withdraw_publication: {
      label: '撤回公示',
      from: DECIDED,
      fromTerminal: true,
      roles: ZHIFA,
      input: z.object({ withdrawnOn: date('撤回日期'), reason: text('撤回理由（向社会说明）') }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.publishedOn) return '决定尚未公示';
          if (c.fields.publicationWithdrawnOn) return '已经撤回';
          if (!c.fields.revokedOn)
            return '请先登记决定被变更、撤销或确认违法、无效的情况（行政处罚法第四十八条第二款）';
          return input
            ? dateProblem(input.withdrawnOn, '撤回日期', now, { date: c.fields.revokedOn, label: '变更撤销日期' })
            : null;
        },
      },
      effects: (_c, input) => ({
        publicationWithdrawnOn: input.withdrawnOn,
        publicationWithdrawalReason: input.reason,
      }),
    },

    // --- 结案 ---
    close: {
      label: '结案',
      from: ['performed', 'served'],
      to: 'closed',
      roles: ZHIFA,
      requires: {
        documents: ['closing_report'],
        guard: (c) => {
          const f = c.fields;
          if (c.state === 'served' && (f.penaltyKinds ?? []).some((k) => k !== 'warning' && k !== 'criticism')) {
            return '处罚决定尚未履行完毕，不能结案';
          }
          if (f.procedure === 'summary' && !f.summaryFiledOn)
            return '当场作出的行政处罚决定应当报所属行政机关备案后结案（行政处罚法第五十二条第三款）';
          if (f.publicity === 'public' && !f.publishedOn && !f.revokedOn)
            return '具有一定社会影响的行政处罚决定尚未公示（行政处罚法第四十八条）';
          return null;
        },
      },
      effects: (_c, _input, now) => ({ closedOn: shanghaiDate(now) }),
    },
  },
  clocks: {
    decision: {
      label: '作出决定期限',
      start: { on: 'file', from: 'filedOn' },
      when: { field: 'procedure', in: ['ordinary'] },
      length: DECISION_DAYS,
      unit: 'd',
      stopOn: ['decide', 'no_penalty', 'transfer'],
      // The hearing's own days, from the notice to its end, are not counted [M]: art 60 defers to
      // 法律、法规、规章, and departmental rules exclude 听证 time; the 行政处罚法 itself does not.
      pauseOn: ['notify_hearing'],
      resumeOn: ['hold_hearing'],
      pauseCounts: 'whole_days',
      extension: { action: 'extend_decision', max: DECISION_EXTENSION_MAX_DAYS, inform: '延期理由' },
      basis: '行政处罚法 第六十条（听证期间不计入：部门规章规定[M]）',
    },
    preservation: {
      label: '先行登记保存处理期限',
      start: { on: 'preserve' },
      length: PRESERVATION_WORKDAYS,
      unit: 'wd',
      stopOn: ['decide_preservation', 'no_penalty', 'transfer'],
      basis: '行政处罚法 第五十六条、第八十五条',
    },
    hearing_request: {
      label: '要求听证期限',
      kind: 'window',
      start: { on: 'notify', from: 'noticedOn' },
      when: { field: 'hearingRight', in: ['yes'] },
      length: HEARING_REQUEST_WORKDAYS,
      unit: 'wd',
      stopOn: ['request_hearing', 'waive_rights'],
      basis: '行政处罚法 第六十四条第一项、第八十五条',
    },
    service: {
      label: '送达期限',
      start: { on: 'decide', from: 'decidedOn' },
      when: { field: 'procedure', in: ['ordinary'] },
      length: SERVICE_WORKDAYS,
      unit: 'wd',
      stopOn: ['serve'],
      basis: '行政处罚法 第六十一条、第八十五条',
    },
    payment: {
      label: '缴纳罚款期限',
      kind: 'window',
      start: { on: ['serve', 'decide_on_spot'], from: 'servedOn' },
      length: FINE_PAYMENT_DAYS,
      lengthFrom: 'paymentDays',
      unit: 'd',
      stopOn: ['record_payment'],
      basis: '行政处罚法 第六十七条第三款（暂缓、分期：第六十六条第二款）',
    },
    // Not paid after the 催告: the town may apply to the court only within 3 months after the
    // challenge periods end (art 53); past that day the decision can no longer be enforced through
    // the court, which the inbox should say before it happens.
    court_application: {
      label: '申请强制执行期限',
      start: { on: 'remind', from: 'courtWindowFrom' },
      length: COURT_APPLICATION_MONTHS,
      unit: 'month',
      stopOn: ['apply_court', 'record_payment', 'record_performed'],
      warnWorkdays: 10,
      basis: '行政强制法 第五十三条；行政处罚法 第七十二条第二款',
    },
    publication: {
      label: '公示期限',
      start: { on: 'decide', from: 'decidedOn' },
      when: { field: 'publicity', in: ['public'] },
      length: PUBLICATION_WORKDAYS,
      unit: 'wd',
      stopOn: ['publish', 'record_revocation'],
      basis: '行政处罚法 第四十八条；国办发〔2018〕118号（7个工作日）[M]',
    },
    withdrawal: {
      label: '撤回公示期限',
      start: { on: 'record_revocation', from: 'revokedOn' },
      when: { field: 'publicity', in: ['public'] },
      length: WITHDRAWAL_WORKDAYS,
      unit: 'wd',
      stopOn: ['withdraw_publication'],
      basis: '行政处罚法 第四十八条第二款、第八十五条',
    },
  },
});

/** The surcharge owed on `asOf` (art 72–73), from the case and the challenges the server found. */
export function surchargeOf(c: Penalty, asOf: string): number {
  const f = c.fields;
  if (!f.fineAmount || !f.servedOn || f.paidOn) return 0;
  const due =
    f.deferral?.until ??
    addPeriod(CALENDAR, { unit: 'd', from: f.servedOn, length: f.paymentDays ?? FINE_PAYMENT_DAYS }).due;
  const paused = penaltyContext(c).challenges.map((x) => ({ from: x.receivedOn, to: x.closedOn }));
  return surcharge(f.fineAmount, due, asOf, paused);
}

/** 行政强制法 arts 53–54: the reminder served 10 working days before, within the 3-month window. */
export function courtApplicationProblem(c: Penalty, today: string): string | null {
  const f = c.fields;
  if (!f.servedOn) return '决定书尚未送达';
  if (f.paidOn) return '已经履行，无需申请强制执行';
  if (!f.reminderServedOn) return '申请人民法院强制执行前，应当催告当事人履行义务（行政强制法第五十四条）';
  const after = wdDue(f.reminderServedOn, REMINDER_WORKDAYS);
  if (today <= after) {
    return `催告书送达${REMINDER_WORKDAYS}个工作日后当事人仍未履行的，方可申请（行政强制法第五十四条、第六十九条）：${f.reminderServedOn}送达的，${addDays(after, 1)}起可以申请`;
  }
  const pending = penaltyContext(c).challenges.some((x) => x.closedOn === null);
  if (pending) return '当事人已申请行政复议或者提起行政诉讼，尚未审结';
  const w = courtApplicationWindow(f.servedOn, f.deferral?.until);
  if (today <= w.opensAfter) {
    return `申请复议、提起诉讼的期限至${w.opensAfter}届满，届满后方可申请人民法院强制执行（行政强制法第五十三条）`;
  }
  if (today > w.lastDay) {
    return `申请人民法院强制执行的期限已于${w.lastDay}届满（期限届满之日起三个月内，行政强制法第五十三条）`;
  }
  return null;
}
