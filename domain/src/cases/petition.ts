/**
 * The petition (信访事项) case type under the 信访工作条例 (2022-02-25, in force
 * 2022-05-01, art 50). Article numbers below were checked against the statute text;
 * where a common summary reads it more broadly (docs/domain.md §Reading the statute
 * closely), the statute is followed and the comment says so ("statute over summary").
 *
 * The township is an organ "other than a 党委和政府信访部门" (art 23), not a 信访部门:
 * the 15-day forwarding rule of art 22 binds the county 信访局, so the town's own limits
 * come from art 23 (tell the petitioner within 15 d; object to a forwarded matter within
 * 5 wd), art 34 (finish within 60 d, ≤ 30 d extension) and, for the higher bodies whose
 * review the town records, arts 35–36.
 */

import { z } from 'zod';
import { createCalendar } from '../calendar/calendar.ts';
import { addPeriod } from '../calendar/period.ts';
import { clockPassedProblem } from '../engine/clocks.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { CaseEvent, CaseSnapshot } from '../engine/types.ts';
import { isoDateSchema } from '../validators/schemas.ts';

// ---------------------------------------------------------------------------
// Choices (stable English keys, Chinese labels carried into the JSON Schema).
// ---------------------------------------------------------------------------

/** Art 17 lists 信息网络、书信、电话、传真、走访; 'fax' is kept because the statute names it. */
export const PETITION_CHANNEL_LABELS = {
  visit: '走访',
  letter: '来信',
  online: '网上信访',
  phone: '电话',
  fax: '传真',
} as const;
export const PETITION_SOURCE_LABELS = { direct: '直接受理', forwarded: '上级转送', assigned: '上级交办' } as const;
export const PETITION_CATEGORY_LABELS = { suggestion: '建议意见', accusation: '检举控告', claim: '申诉求决' } as const;
/** Art 31(1)–(5): matters that leave the petition track for their own procedure. */
export const STATUTORY_ROUTE_LABELS = {
  litigation: '审判机关诉讼程序（第三十一条第一项）',
  procuratorate: '检察机关刑事立案或法律监督程序（第三十一条第一项）',
  police: '公安机关法律程序（第三十一条第一项）',
  arbitration: '仲裁（第三十一条第二项）',
  party_appeal: '党员申诉、申请复审（第三十一条第三项）',
  admin_review: '行政复议（第三十一条第四项）',
  admin_ruling: '行政裁决（第三十一条第四项）',
  admin_confirmation: '行政确认（第三十一条第四项）',
  admin_license: '行政许可（第三十一条第四项）',
  admin_penalty: '行政处罚（第三十一条第四项）',
  duty: '依法履行职责或者答复（第三十一条第五项）',
} as const;
/** Art 32 ¶1 (1)–(3). */
export const REPLY_OPINION_LABELS = { support: '支持', explain: '解释说明', not_support: '不支持' } as const;
export const DELIVERY_METHOD_LABELS = {
  direct: '直接送达',
  mail: '邮寄送达',
  electronic: '网上送达（信访信息系统）',
  entrusted: '委托送达',
  left: '留置送达',
} as const;
export const SATISFACTION_LABELS = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  unsatisfied: '不满意',
} as const;
export const REVIEW_OUTCOME_LABELS = { upheld: '维持原意见', changed: '变更原意见' } as const;
export const OBJECTION_OUTCOME_LABELS = { agreed: '同意异议', refused: '不同意异议' } as const;
/** Art 29 ¶1: 采纳或者部分采纳, and a reply either way. */
export const SUGGESTION_ADOPTION_LABELS = {
  adopted: '采纳',
  partly_adopted: '部分采纳',
  not_adopted: '不予采纳',
} as const;
/** Art 17 ¶2 (信访人), art 20 ¶3 (代表); the accused is whom an accusation names (art 30 ¶3). */
export const PETITION_PARTY_ROLE_LABELS = {
  petitioner: '信访人',
  representative: '代表',
  accused: '被反映人/单位',
} as const;
/** Art 33: the two ways a 申诉求决 matter may be settled by agreement, each with its own document. */
export const SETTLEMENT_KIND_LABELS = { mediation: '调解', reconciliation: '和解' } as const;

export const ROUTING_DECISION_LABELS = {
  statutory: '导入法定途径',
  discipline: '转送纪检监察机关',
  not_competent: '告知向有权机关提出',
  declined: '不予受理',
  returned: '异议获同意，交还材料',
  answered: '当场答复',
  accepted: '受理（申诉求决）',
  suggestion: '受理（建议意见）',
} as const;

// ---------------------------------------------------------------------------
// Limits, shared by the clocks and the guards so the two cannot drift apart.
// ---------------------------------------------------------------------------

/** Art 23 ¶2 (direct) and ¶3 (forwarded/assigned): written notice within 15 d of receipt. */
export const ACCEPTANCE_DAYS = 15;
/** Art 23 ¶3: objection to a forwarded matter outside the town's competence. */
export const OBJECTION_WORKDAYS = 5;
/** Art 34. */
export const HANDLING_DAYS = 60;
export const HANDLING_EXTENSION_MAX_DAYS = 30;
/** Art 35 (复查) and art 36 ¶1 (复核): the petitioner's window and the reviewing body's limit. */
export const REVIEW_WINDOW_DAYS = 30;
export const REVIEW_REPLY_DAYS = 30;
/**
 * Not statutory: the 信访工作条例 defines no headcount for a 集体访. Five or more is the
 * statistical practice (and mirrors the ≤ 5 representatives of art 20 ¶3) [M].
 */
export const COLLECTIVE_MIN_PEOPLE = 5;

// ---------------------------------------------------------------------------
// Fields.
// ---------------------------------------------------------------------------

const date = (label: string) => isoDateSchema().describe(label);
// The label goes on the outer schema: a wrapper does not inherit its inner schema's description.
const optionalDate = (label: string) => isoDateSchema().optional().describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);

const Routing = z
  .object({
    decision: choice(ROUTING_DECISION_LABELS, '处理方式'),
    route: choice(STATUTORY_ROUTE_LABELS, '法定途径').optional(),
    authority: z.string().trim().max(100).optional().describe('有权处理机关'),
    reason: z.string().trim().max(2000).optional().describe('理由'),
    decidedOn: date('决定日期'),
  })
  .describe('分类处理决定');

const Review = z.object({
  requestedOn: date('请求日期'),
  organ: text('受理机关', 100),
  outcome: choice(REVIEW_OUTCOME_LABELS, '结论').optional(),
  summary: z.string().trim().max(2000).optional().describe('意见摘要'),
  deliveredOn: optionalDate('意见送达日期'),
});

/** What the registration form asks for; the rest is filled by actions. */
const intakeShape = {
  channel: choice(PETITION_CHANNEL_LABELS, '信访形式'),
  source: choice(PETITION_SOURCE_LABELS, '来源'),
  senderRef: z.string().trim().max(100).optional().describe('转送/交办文号'),
  receivedOn: date('收到日期'),
  category: choice(PETITION_CATEGORY_LABELS, '信访类别'),
  field: text('问题属地/领域', 100),
  summary: text('信访事项'),
  requests: text('诉求'),
  peopleCount: z.number().int().min(1).max(100_000).describe('人数'),
  // Art 20 ¶3 caps representatives of a multi-person visit at 5; summaries state it for
  // every group. A list of more than 5 names is no representation anyway, so the cap is
  // kept for all channels, but the visit rule is what makes it law (statute over summary).
  representatives: z.array(text('代表姓名', 50)).max(5).optional().describe('代表'),
};

/**
 * Two cross-field rules the JSON Schema cannot carry; they still reach the form as a
 * field error (path and Chinese message), which is why they are kept despite that.
 */
function intakeChecks(
  f: { source: string; senderRef?: string | undefined; peopleCount: number; representatives?: string[] | undefined },
  ctx: z.RefinementCtx,
): void {
  if (f.source !== 'direct' && !f.senderRef) {
    ctx.addIssue({ code: 'custom', path: ['senderRef'], message: '上级转送、交办的信访事项必须填写' });
  }
  if (f.representatives && f.representatives.length > f.peopleCount) {
    ctx.addIssue({ code: 'custom', path: ['representatives'], message: '不能多于信访人数' });
  }
}

export const PetitionIntakeFields = z.object(intakeShape).superRefine(intakeChecks);

export const PetitionFields = z
  .object({
    ...intakeShape,
    // Art 30 ¶3, art 46(5): the accusation material must never reach the accused; the server
    // reads this flag to hide the case from the accused unit's users.
    confidential: z.boolean().optional().describe('检举控告材料保密'),
    routing: Routing.optional().describe('分类处理决定'),
    acceptedOn: optionalDate('受理日期'),
    objection: z
      .object({
        reasons: text('异议理由'),
        objectedOn: date('提出异议日期'),
        outcome: choice(OBJECTION_OUTCOME_LABELS, '上级核实结果').optional(),
        decidedOn: optionalDate('核实日期'),
      })
      .optional()
      .describe('异议'),
    handler: z
      .object({
        unit: text('承办单位', 100),
        assigneeId: z.string().trim().min(1).max(40).optional().describe('承办人'),
        dueOn: optionalDate('要求办结日期'),
        assignedOn: date('交办日期'),
      })
      .optional()
      .describe('承办'),
    investigation: z
      .object({ heardOn: date('听取陈述日期'), findings: text('调查核实情况') })
      .optional()
      .describe('调查核实'),
    hearings: z
      .array(z.object({ heldOn: date('听证日期'), summary: text('听证情况') }))
      .optional()
      .describe('听证'),
    extensions: z
      .array(z.object({ length: z.number().int().min(1).max(30).describe('延长天数'), reason: text('延期理由') }))
      .optional()
      .describe('延期'),
    reply: z
      .object({
        opinion: choice(REPLY_OPINION_LABELS, '处理意见'),
        facts: text('事实'),
        reasons: text('理由'),
        legalBasis: text('法律法规依据'),
        repliedOn: date('出具日期'),
      })
      .optional()
      .describe('信访处理意见'),
    delivery: z
      .object({ deliveredOn: date('送达日期'), method: choice(DELIVERY_METHOD_LABELS, '送达方式') })
      .optional()
      .describe('送达'),
    // Art 23 ¶2: a matter answered on the spot (e.g. at a leader's reception) is still a
    // registered petition, answered in writing there and then.
    onSpotAnswer: z
      .object({ answer: text('答复内容'), answeredOn: date('答复日期') })
      .optional()
      .describe('当场答复'),
    // Art 33: mediated (with both sides' consent) or reconciled; the agreement ends the matter.
    settlement: z
      .object({
        kind: choice(SETTLEMENT_KIND_LABELS, '方式'),
        otherParty: text('另一方当事人', 100),
        consent: z.string().trim().max(500).optional().describe('双方当事人同意调解的情况'),
        terms: text('协议内容', 5000),
        agreedOn: date('达成协议日期'),
      })
      .optional()
      .describe('调解、和解协议'),
    satisfaction: choice(SATISFACTION_LABELS, '满意度评价').optional().describe('满意度评价'),
    suggestionAnswer: z
      .object({
        adoption: choice(SUGGESTION_ADOPTION_LABELS, '采纳情况'),
        answer: text('答复内容'),
        answeredOn: date('答复日期'),
      })
      .optional()
      .describe('建议意见答复'),
    review: Review.optional().describe('复查'),
    rereview: Review.optional().describe('复核'),
    ownership: z
      .object({
        ownerLeaderId: text('包案领导', 40),
        plan: text('化解方案'),
        targetDate: date('化解时限'),
        takenOn: date('包案日期'),
        signedOffOn: optionalDate('包案领导签批日期'),
      })
      .optional()
      .describe('领导包案'),
  })
  .superRefine(intakeChecks);

export type PetitionFieldValues = z.output<typeof PetitionFields>;

// ---------------------------------------------------------------------------
// Flags.
// ---------------------------------------------------------------------------

export interface PetitionFlags {
  /** 集体访: 5 people or more (practice, not statute: see COLLECTIVE_MIN_PEOPLE). */
  collective: boolean;
  /** 重复信访: the same petitioner petitioned before within the 12 months up to this receipt. */
  repeat: boolean;
}

/**
 * Computed, never typed in, so a clerk cannot leave a collective or repeat petition
 * unflagged. `earlierPetitionsOfSamePetitioner12m` is either the count the server found,
 * or the earlier petitions themselves: then only those received in the 12 months up to
 * this one's receipt day count (a loose query cannot inflate the flag).
 */
export function petitionFlags(
  fields: Pick<PetitionFieldValues, 'peopleCount' | 'receivedOn'>,
  earlierPetitionsOfSamePetitioner12m: number | readonly { receivedOn: string }[],
): PetitionFlags {
  const collective = fields.peopleCount >= COLLECTIVE_MIN_PEOPLE;
  if (typeof earlierPetitionsOfSamePetitioner12m === 'number') {
    return { collective, repeat: earlierPetitionsOfSamePetitioner12m > 0 };
  }
  // Counted back like a 12-month period (民法典 art 202): a petition exactly a year earlier
  // is still inside. The raw same-day string also keeps 28 Feb out for a 29 Feb petition,
  // which a clamped month arithmetic would wrongly let in.
  const [y, m, d] = fields.receivedOn.split('-');
  const from = `${Number(y) - 1}-${m}-${d}`;
  const repeat = earlierPetitionsOfSamePetitioner12m.some(
    (p) => p.receivedOn >= from && p.receivedOn <= fields.receivedOn,
  );
  return { collective, repeat };
}

// ---------------------------------------------------------------------------
// Guards.
// ---------------------------------------------------------------------------

type Petition = CaseSnapshot<PetitionFieldValues>;

/** Gives an effect's routing literal its enum type (an object literal in a return widens to string). */
const decided = (r: NonNullable<PetitionFieldValues['routing']>) => r;

/**
 * The window guards need a calendar to roll a last day off a holiday, and a guard gets
 * none; the official calendar (State Council notices and the statutory fallback) is
 * used. A county-declared local rest day is therefore seen by the clock but not here.
 */
const OFFICIAL_CALENDAR = createCalendar();

function ordered(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort((a, b) => a.seq - b.seq);
}

function dateProblem(value: string, label: string, now: Date, notBefore?: { date: string; label: string }) {
  if (value > shanghaiDate(now)) return `${label}不得晚于今天`;
  if (notBefore && value < notBefore.date) return `${label}不得早于${notBefore.label}（${notBefore.date}）`;
  return null;
}

/** The petitioner's 30-day window (arts 35, 36 ¶1), checked on the day the request was made. */
function windowProblem(
  kind: '复查' | '复核',
  startedOn: string | undefined,
  requestedOn: string,
  now: Date,
): string | null {
  const what = kind === '复查' ? '信访处理意见书面答复' : '复查意见书面答复';
  const article = kind === '复查' ? '信访工作条例第三十五条' : '信访工作条例第三十六条第一款';
  if (!startedOn) return `尚未登记${what}的送达日期，无法登记${kind}请求`;
  const early = dateProblem(requestedOn, `${kind}请求日期`, now, { date: startedOn, label: `收到${what}之日` });
  if (early) return early;
  let due: string;
  try {
    due = addPeriod(OFFICIAL_CALENDAR, { unit: 'd', from: startedOn, length: REVIEW_WINDOW_DAYS }).due;
  } catch {
    return `无法计算${kind}请求期限（工作日历未覆盖${startedOn}）`;
  }
  if (requestedOn <= due) return null;
  return `已超过请求${kind}的期限：信访人应当自收到${what}之日（${startedOn}）起${REVIEW_WINDOW_DAYS}日内请求${kind}，期限已于${due}届满，${requestedOn}提出的请求不能登记（${article}）`;
}

/**
 * Art 34: "可以适当延长办理期限" lengthens a period that is still running. Once the 60 days
 * (and any extension already granted) have run out, the case is late; an extension then
 * would only hide the breach, so neither the request, the approval nor the extension is
 * allowed. Checked on the official calendar, like the petitioner's windows above.
 */
function extensionAfterDueProblem(c: Petition, now: Date): string | null {
  return clockPassedProblem(petition, c, 'handling', OFFICIAL_CALENDAR, now, '延长办理期限');
}

/** The leader who owns the case: the server's column first, the field as recorded by take_ownership otherwise. */
export function owningLeaderId(c: Pick<Petition, 'ownerLeaderId' | 'fields'>): string | null {
  return c.ownerLeaderId ?? c.fields.ownership?.ownerLeaderId ?? null;
}

/** Events after which an earlier sign-off no longer covers the case: a new owner or a new written answer. */
const SIGNOFF_RESET = ['take_ownership', 'reply', 'record_review'];

/**
 * A case a leader owns (包案) is closed only with that leader's sign-off. The engine's
 * approval is per action, not "only when owned", so this is a guard over the events:
 * a `leader_signoff` by the owning leader after the last reply, review or change of owner.
 */
function signOffProblem(c: Petition): string | null {
  const owner = owningLeaderId(c);
  if (!owner) return null;
  const events = ordered(c.events);
  let since = -1;
  events.forEach((e, i) => {
    if (SIGNOFF_RESET.includes(e.action)) since = i;
  });
  const signed = events.slice(since + 1).some((e) => e.action === 'leader_signoff' && e.actorId === owner);
  return signed ? null : '本件由镇领导包案，须经包案领导本人签批同意后方可办结';
}

/**
 * Art 33: only a 申诉求决 matter being handled is settled by agreement (accepted under
 * art 31(6) implies it, but a reclassified history is checked again), on a date between
 * acceptance and today, and a case a leader owns only with that leader's sign-off.
 */
function settlementProblem(c: Petition, agreedOn: string | undefined, now: Date): string | null {
  const category = categoryProblem(c, 'claim', '调解、和解只适用于申诉求决类事项（信访工作条例第三十三条）');
  if (category) return category;
  if (agreedOn) {
    const since = c.fields.acceptedOn ? { date: c.fields.acceptedOn, label: '受理日期' } : undefined;
    const bad = dateProblem(agreedOn, '达成协议日期', now, since);
    if (bad) return bad;
  }
  return signOffProblem(c);
}

function ownedProblem(c: Petition): string | null {
  return owningLeaderId(c) ? null : '本件尚未确定包案领导';
}

function categoryProblem(c: Petition, wanted: PetitionFieldValues['category'], why: string): string | null {
  if (c.fields.category === wanted) return null;
  return `本件为${PETITION_CATEGORY_LABELS[c.fields.category]}类事项，${why}`;
}

const hasEvent = (c: Petition, action: string) => c.events.some((e) => e.action === action);

function openHearing(c: Petition): boolean {
  let open = false;
  for (const e of ordered(c.events)) {
    if (e.action === 'start_hearing') open = true;
    else if (e.action === 'end_hearing') open = false;
  }
  return open;
}

// ---------------------------------------------------------------------------
// The case type.
// ---------------------------------------------------------------------------

const XINFANG = ['xinfang'] as const;
const LEADER = ['leader'] as const;

/** States in which work is still going on: a leader may take the case over and note progress. */
const OPEN = [
  'registered',
  'competence_disputed',
  'objected',
  'studying',
  'accepted',
  'investigating',
  'replied',
  'delivered',
  'reviewing',
  'reviewed',
  'rereviewing',
] as const;

export const petition = defineCaseType({
  key: 'petition',
  label: '信访事项',
  numbering: '{town}信〔{year}〕{seq}号',
  fields: PetitionFields,
  parties: { roles: PETITION_PARTY_ROLE_LABELS, required: ['petitioner'] },
  // A village cadre may register what villagers bring (上报); a leader what visitors bring to
  // their 开门接访 (art 18 ¶2: leaders receive visitors; art 19: an oral petition is recorded;
  // every visitor is registered, receptions.ts). Only the 信访办 decides on it.
  create: {
    roles: ['xinfang', 'village', 'leader'],
    label: '登记信访事项',
    titleExample: '王某反映村道硬化工程占用承包地未补偿',
  },
  // 信访 content stays with the 信访办 (registers and handles it, art 21–22), 镇领导 (read
  // petitions, receive visitors, own cases, art 18), the village concerned (村居干部 within their
  // own village: 小事不出村, art 15) and 县级督查 (read-only supervision). Other offices learn of a
  // matter when it is forwarded to them as 承办 (assigned: the assignee sees the case).
  access: {
    read: ['xinfang', 'leader', 'village', 'county'],
    // Art 30 ¶3: accusation material never reaches the accused person or unit. It binds from
    // receipt: every 检举控告, and anything flagged when forwarded to 纪检监察.
    confidential: {
      hideFromPartyRoles: ['accused'],
      when: (fields) => fields.confidential === true || fields.category === 'accusation',
    },
  },
  intake: PetitionIntakeFields,
  // 修改基本信息: not 收到日期 (the 受理 clock starts from it), not 来源/转送文号 (they decide the
  // objection route of art 23 ¶3), not 信访类别 (调整信访类别 is its own step, with a reason).
  basicInfo: ['channel', 'field', 'summary', 'requests', 'peopleCount', 'representatives'],
  states: {
    registered: { label: '已登记' },
    competence_disputed: { label: '拟提出异议' },
    objected: { label: '已提出异议' },
    returned: { label: '已交还转送机关', terminal: true },
    routed: { label: '已导入法定途径', terminal: true },
    referred_discipline: { label: '已转送纪检监察机关', terminal: true },
    not_competent: { label: '已告知向有权机关提出', terminal: true },
    declined: { label: '不予受理', terminal: true },
    studying: { label: '建议意见研究中' },
    accepted: { label: '已受理' },
    investigating: { label: '调查核实中' },
    replied: { label: '已出具处理意见书' },
    delivered: { label: '已送达' },
    reviewing: { label: '复查中' },
    reviewed: { label: '已复查' },
    rereviewing: { label: '复核中' },
    closed: { label: '已办结', terminal: true },
    // Art 33: no 信访处理意见书 follows an agreement, so no 复查 (art 35 is about that opinion).
    settled: { label: '已达成调解/和解协议', terminal: true },
    answered_on_spot: { label: '已当场答复', terminal: true },
    concluded: { label: '已终结', terminal: true },
  },
  initial: 'registered',
  // The other kinds are issued where the actions requiring them are taken (engine/documents.ts):
  // 受理/不予受理告知书 while 已登记, 处理意见书 while 调查核实中, 送达回证 once replied …
  // 登记表: arts 22 ¶1 and 23 ¶1 register a matter when it is received; the form records that.
  issuable: { registration_form: { states: ['registered'] } },
  documents: {
    registration_form: '信访事项登记表',
    acceptance_notice: '受理告知书',
    // Only for a matter concluded by 复核 (art 36 ¶3 "不再受理"). A matter outside the town's
    // competence is registered and the petitioner told where to go (art 23 ¶1): that is not
    // a refusal, and its notice says so (competent_body_notice).
    non_acceptance_notice: '不予受理告知书',
    competent_body_notice: '告知书（向有权处理的机关提出）',
    forward_slip: '转送/交办单',
    objection_letter: '异议函',
    extension_notice: '延期告知书',
    handling_opinion: '信访处理意见书',
    delivery_receipt: '送达回证',
    review_opinion: '复查意见书',
    rereview_opinion: '复核意见书',
    ownership_form: '包案责任表',
    route_notice: '告知书（其他法定途径）',
    suggestion_reply: '建议意见答复函',
    on_spot_notice: '当场答复告知书',
    mediation_agreement: '调解协议书',
    reconciliation_agreement: '和解协议书',
  },
  actions: {
    reclassify: {
      label: '调整信访类别',
      from: ['registered'],
      roles: XINFANG,
      input: z.object({ category: choice(PETITION_CATEGORY_LABELS, '信访类别'), reason: text('调整理由') }),
      effects: (_c, input) => ({ category: input.category }),
    },

    // --- Routing out of the petition track (art 23 ¶1, arts 28, 30, 31(1)–(5), 36 ¶3) ---
    route_statutory: {
      label: '导入法定途径',
      from: ['registered'],
      to: 'routed',
      roles: XINFANG,
      input: z.object({
        route: choice(STATUTORY_ROUTE_LABELS, '法定途径'),
        authority: text('有权处理机关', 100),
        reason: text('告知内容'),
      }),
      requires: { documents: ['route_notice'] },
      prefill: { document: 'route_notice', fields: { route: 'route', authority: 'authority', reason: 'reason' } },
      // Summaries list art 31(5) among the routes out; the statute says the organ
      // itself "依法履行或者答复", so 'duty' means the town performs (e.g. opens an
      // enforcement case) and tells the petitioner, rather than sending them elsewhere
      // (statute over summary).
      effects: (_c, input, now) => ({
        routing: decided({
          decision: 'statutory',
          route: input.route,
          authority: input.authority,
          reason: input.reason,
          decidedOn: shanghaiDate(now),
        }),
      }),
    },
    route_discipline: {
      label: '转送纪检监察机关',
      from: ['registered'],
      to: 'referred_discipline',
      roles: XINFANG,
      input: z.object({ authority: text('纪检监察机关', 100) }),
      requires: {
        documents: ['forward_slip'],
        // Summaries send every accusation to 纪检监察; art 30 ¶1 says "纪检监察机关或者
        // 有权处理的机关、单位", and art 22 ¶2 forwards only those "属于纪检监察机关受理的".
        // Statute over summary: an accusation another organ handles goes through
        // route_statutory ('duty') or not_competent.
        guard: (c) => categoryProblem(c, 'accusation', '只有检举控告类事项转送纪检监察机关（信访工作条例第三十条）'),
      },
      prefill: { document: 'forward_slip', fields: { authority: 'to' } },
      effects: (_c, input, now) => ({
        confidential: true,
        routing: decided({ decision: 'discipline', authority: input.authority, decidedOn: shanghaiDate(now) }),
      }),
    },
    not_competent: {
      label: '告知向有权机关提出',
      from: ['registered'],
      to: 'not_competent',
      roles: XINFANG,
      // Art 23 ¶1 "告知信访人向有权处理的机关、单位提出": the body to go to is the point of the notice.
      input: z.object({ authority: text('应当向其提出的有权处理机关', 100), reason: text('理由') }),
      requires: {
        documents: ['competent_body_notice'],
        // Art 23 ¶1 is about matters brought directly; a forwarded one goes back by objection (¶3).
        guard: (c) =>
          c.fields.source === 'direct'
            ? null
            : '上级转送、交办的事项不属本镇职权的，应当在5个工作日内提出异议（信访工作条例第二十三条第三款）',
      },
      prefill: { document: 'competent_body_notice', fields: { authority: 'authority', reason: 'reason' } },
      effects: (_c, input, now) => ({
        routing: decided({
          decision: 'not_competent',
          authority: input.authority,
          reason: input.reason,
          decidedOn: shanghaiDate(now),
        }),
      }),
    },
    decline: {
      label: '不予受理',
      from: ['registered'],
      to: 'declined',
      roles: XINFANG,
      // Art 36 ¶3: after 复核, the same facts and reasons are not accepted again.
      input: z.object({ priorCaseNo: text('原信访事项编号', 60), reason: text('不予受理理由') }),
      requires: { documents: ['non_acceptance_notice'] },
      prefill: { document: 'non_acceptance_notice', fields: { priorCaseNo: 'priorCaseNo', reason: 'reason' } },
      effects: (_c, input, now) => ({
        routing: decided({
          decision: 'declined',
          reason: `${input.reason}（原信访事项${input.priorCaseNo}已复核终结）`,
          decidedOn: shanghaiDate(now),
        }),
      }),
    },

    // --- Answered on the spot (art 23 ¶2 "能够当场告知的，应当当场书面告知") ---
    answer_on_spot: {
      label: '当场答复',
      from: ['registered'],
      to: 'answered_on_spot',
      // The leaders receive visitors (art 18 ¶1) and answer them there; the 信访办 records it.
      roles: ['xinfang', 'leader'],
      // Taken at the reception, or not at all: nobody waits for it, so a newly registered
      // petition is not on every leader's inbox as 「待办理：当场答复」.
      optional: true,
      input: z.object({ answer: text('答复内容') }),
      requires: { documents: ['on_spot_notice'] },
      prefill: { document: 'on_spot_notice', fields: { answer: 'answer' } },
      effects: (_c, input, now) => ({
        onSpotAnswer: { answer: input.answer, answeredOn: shanghaiDate(now) },
        routing: decided({ decision: 'answered', decidedOn: shanghaiDate(now) }),
      }),
    },

    // --- A forwarded matter outside the town's competence: objection (art 23 ¶3) ---
    dispute_competence: {
      label: '研判：不属本镇职权',
      from: ['registered'],
      to: 'competence_disputed',
      roles: XINFANG,
      input: z.object({ reason: text('研判意见') }),
      requires: {
        guard: (c) => {
          if (c.fields.source === 'direct') return '直接提出的信访事项不属本镇职权的，应告知信访人向有权机关提出';
          if (hasEvent(c, 'objection_refused')) return '上级机关已不同意异议，应当依法受理办理';
          return null;
        },
      },
    },
    retract_dispute: {
      label: '撤回研判（属本镇职权）',
      from: ['competence_disputed'],
      to: 'registered',
      roles: XINFANG,
    },
    object: {
      label: '提出异议',
      from: ['competence_disputed'],
      to: 'objected',
      roles: XINFANG,
      input: z.object({ reasons: text('异议理由') }),
      requires: { documents: ['objection_letter'] },
      prefill: { document: 'objection_letter', fields: { reasons: 'reasons' } },
      effects: (_c, input, now) => ({ objection: { reasons: input.reasons, objectedOn: shanghaiDate(now) } }),
    },
    objection_agreed: {
      label: '上级同意异议，交还材料',
      from: ['objected'],
      to: 'returned',
      roles: XINFANG,
      input: z.object({ decidedOn: date('上级核实同意日期') }),
      requires: {
        guard: (c, input, now) =>
          input ? dateProblem(input.decidedOn, '上级核实同意日期', now, objectedSince(c)) : null,
      },
      effects: (c, input, now) => ({
        objection: { ...c.fields.objection!, outcome: 'agreed' as const, decidedOn: input.decidedOn },
        routing: decided({ decision: 'returned', decidedOn: shanghaiDate(now) }),
      }),
    },
    objection_refused: {
      label: '上级不同意异议',
      from: ['objected'],
      to: 'registered',
      roles: XINFANG,
      // Named like the case field on purpose: the acceptance clock reads `receivedOn` from
      // its start event first, so a refused objection restarts the 15 days from the day the
      // town got the matter back. Art 23 is silent on this; the matter counts as received
      // again when the sender insists [inference].
      input: z.object({ receivedOn: date('收到上级不同意异议意见的日期') }),
      requires: {
        guard: (c, input, now) =>
          input ? dateProblem(input.receivedOn, '收到上级不同意异议意见的日期', now, objectedSince(c)) : null,
      },
      effects: (c, input) => ({
        objection: { ...c.fields.objection!, outcome: 'refused' as const, decidedOn: input.receivedOn },
      }),
    },

    // --- Acceptance (art 23 ¶2, ¶3) ---
    accept: {
      label: '受理',
      from: ['registered'],
      to: 'accepted',
      roles: XINFANG,
      // The inbox says 待受理 while a case waits for it.
      ask: 'accept',
      requires: {
        documents: ['acceptance_notice'],
        guard: (c) =>
          categoryProblem(
            c,
            'claim',
            '按第三十一条第六项受理办理的只限申诉求决类；建议意见类请选择「受理建议意见」（第二十九条），检举控告类请转送纪检监察机关（第三十条）',
          ),
      },
      effects: (_c, _input, now) => ({
        acceptedOn: shanghaiDate(now),
        routing: decided({ decision: 'accepted', decidedOn: shanghaiDate(now) }),
      }),
    },
    accept_suggestion: {
      label: '受理建议意见',
      from: ['registered'],
      to: 'studying',
      roles: XINFANG,
      requires: {
        documents: ['acceptance_notice'],
        guard: (c) => categoryProblem(c, 'suggestion', '不能按建议意见类受理（信访工作条例第二十九条）'),
      },
      effects: (_c, _input, now) => ({
        acceptedOn: shanghaiDate(now),
        routing: decided({ decision: 'suggestion', decidedOn: shanghaiDate(now) }),
      }),
    },
    answer_suggestion: {
      label: '答复建议意见',
      from: ['studying'],
      to: 'closed',
      roles: XINFANG,
      input: z.object({ adoption: choice(SUGGESTION_ADOPTION_LABELS, '采纳情况'), answer: text('答复内容') }),
      requires: { documents: ['suggestion_reply'], guard: (c) => signOffProblem(c) },
      prefill: { document: 'suggestion_reply', fields: { adoption: 'adoption', answer: 'answer' } },
      effects: (_c, input, now) => ({
        suggestionAnswer: { adoption: input.adoption, answer: input.answer, answeredOn: shanghaiDate(now) },
      }),
    },

    // --- Handling a 申诉求决 matter (arts 31(6), 32, 34) ---
    assign: {
      label: '交办承办单位',
      from: ['accepted', 'investigating', 'studying'],
      roles: ['xinfang', 'leader'],
      // `assigneeId` is the key the server reads to put the case on the 承办人.
      input: z.object({
        unit: text('承办单位', 100),
        assigneeId: z.string().trim().min(1).max(40).optional().describe('承办人'),
        dueOn: optionalDate('要求办结日期'),
      }),
      requires: {
        documents: ['forward_slip'],
        guard: (_c, input, now) =>
          input?.dueOn && input.dueOn < shanghaiDate(now) ? '要求办结日期不得早于今天' : null,
      },
      prefill: { document: 'forward_slip', fields: { unit: 'to', dueOn: 'dueOn' } },
      effects: (_c, input, now) => ({
        handler: {
          unit: input.unit,
          assignedOn: shanghaiDate(now),
          ...(input.assigneeId ? { assigneeId: input.assigneeId } : {}),
          ...(input.dueOn ? { dueOn: input.dueOn } : {}),
        },
      }),
    },
    investigate: {
      label: '调查核实',
      from: ['accepted', 'investigating'],
      to: 'investigating',
      // The village committee helps resolve local matters (art 15 ¶3) and often hears the petitioner.
      roles: ['xinfang', 'village'],
      input: z.object({ heardOn: date('听取陈述日期'), findings: text('调查核实情况') }),
      requires: {
        guard: (c, input, now) =>
          input && c.fields.acceptedOn
            ? dateProblem(input.heardOn, '听取陈述日期', now, { date: c.fields.acceptedOn, label: '受理日期' })
            : null,
      },
      effects: (_c, input) => ({ investigation: { heardOn: input.heardOn, findings: input.findings } }),
    },
    hold_hearing: {
      // Art 31(6) allows a hearing while handling; unlike art 36 ¶2, art 34 does not
      // exclude its time, so this does not pause the 60-day clock.
      label: '举行听证',
      from: ['investigating'],
      roles: XINFANG,
      input: z.object({ heldOn: date('听证日期'), summary: text('听证情况') }),
      requires: { guard: (_c, input, now) => (input ? dateProblem(input.heldOn, '听证日期', now) : null) },
      effects: (c, input) => ({
        hearings: [...(c.fields.hearings ?? []), { heldOn: input.heldOn, summary: input.summary }],
      }),
    },
    extend: {
      label: '延长办理期限',
      from: ['accepted', 'investigating'],
      roles: XINFANG,
      // Art 34: "经本机关、单位负责人批准"; the leader role stands for the head of the town.
      approval: { roles: LEADER },
      input: z.object({
        length: z.number().int().min(1).max(HANDLING_EXTENSION_MAX_DAYS).describe('延长天数'),
        reason: text('延期理由'),
      }),
      requires: { documents: ['extension_notice'], guard: (c, _input, now) => extensionAfterDueProblem(c, now) },
      effects: (c, input) => ({
        extensions: [...(c.fields.extensions ?? []), { length: input.length, reason: input.reason }],
      }),
    },
    // --- Settlement by agreement while handling (art 33) ---
    settle_mediation: {
      label: '经调解达成协议',
      from: ['accepted', 'investigating'],
      to: 'settled',
      roles: XINFANG,
      // "经争议双方当事人同意进行调解": the consent is part of the record, not assumed.
      input: z.object({
        otherParty: text('另一方当事人', 100),
        consent: text('双方当事人同意调解的情况', 500),
        terms: text('协议内容', 5000),
        agreedOn: date('达成协议日期'),
      }),
      requires: {
        documents: ['mediation_agreement'],
        guard: (c, input, now) => settlementProblem(c, input?.agreedOn, now),
      },
      prefill: { document: 'mediation_agreement', fields: { otherParty: 'otherParty', terms: 'terms' } },
      effects: (_c, input) => ({ settlement: { kind: 'mediation' as const, ...input } }),
    },
    settle_reconciliation: {
      label: '当事人自愿和解',
      from: ['accepted', 'investigating'],
      to: 'settled',
      roles: XINFANG,
      input: z.object({
        otherParty: text('另一方当事人', 100),
        terms: text('协议内容', 5000),
        agreedOn: date('达成协议日期'),
      }),
      requires: {
        documents: ['reconciliation_agreement'],
        guard: (c, input, now) => settlementProblem(c, input?.agreedOn, now),
      },
      prefill: { document: 'reconciliation_agreement', fields: { otherParty: 'otherParty', terms: 'terms' } },
      effects: (_c, input) => ({ settlement: { kind: 'reconciliation' as const, ...input } }),
    },

    reply: {
      label: '出具信访处理意见书',
      from: ['investigating'],
      to: 'replied',
      roles: XINFANG,
      // Art 32 ¶1: request, facts and reasons, opinion and its legal basis.
      input: z.object({
        opinion: choice(REPLY_OPINION_LABELS, '处理意见'),
        facts: text('事实'),
        reasons: text('理由'),
        legalBasis: text('法律法规依据'),
      }),
      requires: { fields: ['investigation'], documents: ['handling_opinion'] },
      prefill: {
        document: 'handling_opinion',
        fields: { opinion: 'opinion', facts: 'facts', reasons: 'reasons', legalBasis: 'legalBasis' },
      },
      effects: (_c, input, now) => ({ reply: { ...input, repliedOn: shanghaiDate(now) } }),
    },
    deliver: {
      label: '送达',
      from: ['replied'],
      to: 'delivered',
      roles: XINFANG,
      input: z.object({ deliveredOn: date('送达日期'), method: choice(DELIVERY_METHOD_LABELS, '送达方式') }),
      requires: {
        documents: ['delivery_receipt'],
        guard: (c, input, now) =>
          input && c.fields.reply
            ? dateProblem(input.deliveredOn, '送达日期', now, { date: c.fields.reply.repliedOn, label: '出具日期' })
            : null,
      },
      prefill: { document: 'delivery_receipt', fields: { method: 'method' } },
      effects: (_c, input) => ({ delivery: { deliveredOn: input.deliveredOn, method: input.method } }),
    },
    rate: {
      // No article sets a rating window (art 21 ¶2 only lets petitioners rate): no clock.
      label: '登记满意度评价',
      from: ['delivered'],
      roles: XINFANG,
      input: z.object({ satisfaction: choice(SATISFACTION_LABELS, '满意度评价') }),
      requires: { guard: (c) => (c.fields.satisfaction ? '信访人已作出满意度评价' : null) },
      effects: (_c, input) => ({ satisfaction: input.satisfaction }),
    },
    close: {
      label: '办结',
      from: ['delivered', 'reviewed'],
      to: 'closed',
      roles: XINFANG,
      requires: { guard: (c) => signOffProblem(c) },
    },

    // --- Review by the next level up (art 35) and re-review (art 36): recorded by the town ---
    request_review: {
      label: '登记复查请求',
      // From `closed` too: closing does not cut the petitioner's 30 days short.
      from: ['delivered', 'closed'],
      to: 'reviewing',
      fromTerminal: true,
      roles: XINFANG,
      input: z.object({ requestedOn: date('复查请求日期'), organ: text('复查机关', 100) }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.delivery) return '信访处理意见书尚未送达，不能请求复查（信访工作条例第三十五条）';
          if (c.fields.review) return '本件已经复查，不能再次请求复查';
          return input ? windowProblem('复查', c.fields.delivery.deliveredOn, input.requestedOn, now) : null;
        },
      },
      effects: (_c, input) => ({ review: { requestedOn: input.requestedOn, organ: input.organ } }),
    },
    record_review: {
      label: '登记复查意见',
      from: ['reviewing'],
      to: 'reviewed',
      roles: XINFANG,
      input: z.object({
        outcome: choice(REVIEW_OUTCOME_LABELS, '复查结论'),
        summary: text('复查意见摘要'),
        deliveredOn: date('复查意见送达日期'),
      }),
      requires: {
        documents: ['review_opinion'],
        guard: (c, input, now) =>
          input && c.fields.review
            ? dateProblem(input.deliveredOn, '复查意见送达日期', now, {
                date: c.fields.review.requestedOn,
                label: '复查请求日期',
              })
            : null,
      },
      // Only the conclusion: the record keeps a 摘要 of the opinion, and its date is when it reached
      // the petitioner, not when the higher body decided.
      prefill: { document: 'review_opinion', fields: { outcome: 'outcome' } },
      effects: (c, input) => ({ review: { ...c.fields.review!, ...input } }),
    },
    request_rereview: {
      label: '登记复核请求',
      from: ['reviewed', 'closed'],
      to: 'rereviewing',
      fromTerminal: true,
      roles: XINFANG,
      input: z.object({ requestedOn: date('复核请求日期'), organ: text('复核机关', 100) }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.review?.outcome) return '尚未经过复查，不能请求复核（信访工作条例第三十六条）';
          if (c.fields.rereview) return '本件已经复核，不能再次请求复核';
          return input ? windowProblem('复核', c.fields.review.deliveredOn, input.requestedOn, now) : null;
        },
      },
      effects: (_c, input) => ({ rereview: { requestedOn: input.requestedOn, organ: input.organ } }),
    },
    start_hearing: {
      label: '复核听证开始',
      from: ['rereviewing'],
      roles: XINFANG,
      requires: { guard: (c) => (openHearing(c) ? '复核听证已在进行中' : null) },
    },
    end_hearing: {
      label: '复核听证结束',
      from: ['rereviewing'],
      roles: XINFANG,
      requires: { guard: (c) => (openHearing(c) ? null : '没有进行中的复核听证') },
    },
    record_rereview: {
      label: '登记复核意见（终结）',
      from: ['rereviewing'],
      to: 'concluded',
      roles: XINFANG,
      input: z.object({
        outcome: choice(REVIEW_OUTCOME_LABELS, '复核结论'),
        summary: text('复核意见摘要'),
        deliveredOn: date('复核意见送达日期'),
      }),
      requires: {
        documents: ['rereview_opinion'],
        guard: (c, input, now) => {
          if (openHearing(c)) return '请先登记复核听证结束';
          return input && c.fields.rereview
            ? dateProblem(input.deliveredOn, '复核意见送达日期', now, {
                date: c.fields.rereview.requestedOn,
                label: '复核请求日期',
              })
            : null;
        },
      },
      prefill: { document: 'rereview_opinion', fields: { outcome: 'outcome' } },
      effects: (c, input) => ({ rereview: { ...c.fields.rereview!, ...input } }),
    },

    // --- Leader ownership (包案, art 18 ¶2) ---
    take_ownership: {
      optional: true,
      label: '领导包案',
      from: OPEN,
      roles: LEADER,
      // `ownerLeaderId` is the key the server reads to set the case's owning leader.
      input: z.object({
        ownerLeaderId: text('包案领导', 40),
        plan: text('化解方案'),
        targetDate: date('化解时限'),
      }),
      requires: {
        documents: ['ownership_form'],
        guard: (_c, input, now) => (input && input.targetDate < shanghaiDate(now) ? '化解时限不得早于今天' : null),
      },
      prefill: { document: 'ownership_form', fields: { plan: 'plan', targetDate: 'targetDate' } },
      effects: (_c, input, now) => ({ ownership: { ...input, takenOn: shanghaiDate(now) } }),
    },
    progress_note: {
      optional: true,
      label: '包案进展',
      from: OPEN,
      roles: ['leader', 'xinfang'],
      input: z.object({ note: text('进展情况') }),
      requires: { guard: (c) => ownedProblem(c) },
    },
    leader_signoff: {
      optional: true,
      label: '包案领导签批办结',
      // accepted / investigating: a case the leader owns may end in an agreement (art 33).
      from: ['delivered', 'reviewed', 'studying', 'accepted', 'investigating'],
      roles: LEADER,
      input: z.object({ opinion: text('签批意见', 500) }),
      requires: { guard: (c) => ownedProblem(c) },
      effects: (c, _input, now) =>
        c.fields.ownership ? { ownership: { ...c.fields.ownership, signedOffOn: shanghaiDate(now) } } : {},
    },
  },
  clocks: {
    acceptance: {
      label: '受理告知期限',
      start: { on: ['create', 'objection_refused'], from: 'receivedOn' },
      length: ACCEPTANCE_DAYS,
      unit: 'd',
      // Each of these tells the petitioner where the matter stands (art 23 ¶1–¶2), or
      // hands the question to the sender (objection, ¶3), or to 纪检监察, whose notice
      // follows its own rules (¶4).
      stopOn: [
        'answer_on_spot',
        'accept',
        'accept_suggestion',
        'route_statutory',
        'route_discipline',
        'not_competent',
        'decline',
        'object',
      ],
      basis: '信访工作条例 第二十三条第二款、第三款',
    },
    objection: {
      label: '异议期限',
      // Starts only once the town finds a forwarded matter outside its competence: a
      // clock cannot depend on a field, and on every case it would show a false deadline.
      start: { on: 'dispute_competence', from: 'receivedOn' },
      length: OBJECTION_WORKDAYS,
      unit: 'wd',
      stopOn: ['object', 'retract_dispute'],
      basis: '信访工作条例 第二十三条第三款',
    },
    handling: {
      label: '办理期限',
      start: { on: 'accept' },
      length: HANDLING_DAYS,
      unit: 'd',
      // "办结" is read as the written opinion being issued (art 32); delivery may take days
      // the office does not control. An agreement (art 33) ends the matter as well.
      stopOn: ['reply', 'settle_mediation', 'settle_reconciliation'],
      extension: {
        action: 'extend',
        max: HANDLING_EXTENSION_MAX_DAYS,
        notice: 'extension_notice',
        inform: '延期理由',
      },
      basis: '信访工作条例 第三十四条',
    },
    review_window: {
      label: '请求复查期限',
      kind: 'window',
      start: { on: 'deliver', from: 'deliveredOn' },
      length: REVIEW_WINDOW_DAYS,
      unit: 'd',
      stopOn: ['request_review'],
      basis: '信访工作条例 第三十五条',
    },
    review_reply: {
      // The limit binds the reviewing body; the town tracks it to chase the answer.
      label: '复查意见期限（复查机关）',
      start: { on: 'request_review', from: 'requestedOn' },
      length: REVIEW_REPLY_DAYS,
      unit: 'd',
      stopOn: ['record_review'],
      basis: '信访工作条例 第三十五条',
    },
    rereview_window: {
      label: '请求复核期限',
      kind: 'window',
      start: { on: 'record_review', from: 'deliveredOn' },
      length: REVIEW_WINDOW_DAYS,
      unit: 'd',
      stopOn: ['request_rereview'],
      basis: '信访工作条例 第三十六条第一款',
    },
    rereview_reply: {
      label: '复核意见期限（复核机关）',
      start: { on: 'request_rereview', from: 'requestedOn' },
      length: REVIEW_REPLY_DAYS,
      unit: 'd',
      stopOn: ['record_rereview'],
      pauseOn: ['start_hearing'],
      resumeOn: ['end_hearing'],
      // Art 36 ¶2 excludes the time the hearing needs: a day on which it sat is not a day
      // the body had for its opinion, so a hearing begun and ended on one day takes that day.
      pauseCounts: 'whole_days',
      basis: '信访工作条例 第三十六条（听证所需时间不计算在期限内）',
    },
  },
});

function objectedSince(c: Petition): { date: string; label: string } | undefined {
  const on = c.fields.objection?.objectedOn;
  return on ? { date: on, label: '提出异议日期' } : undefined;
}
