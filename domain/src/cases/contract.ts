/**
 * 合同审查 (a contract the town means to sign, reviewed before it is signed), issue 16 and
 * docs/domain.md §4: 登记（承办科室） → 送审 → 审查（司法所或法律顾问；同意 / 修改后同意 / 不同意，
 * 合同审查意见书） → 集体讨论（when the town requires it for the amount: a held meeting's item) →
 * 签订（the signed version attached） → 履行（milestones and expiry on the inbox） → 履行完毕 / 终止.
 *
 * Time limit: no national rule fixes how long the review may take (docs/domain.md §4 "no national
 * time limit; township rules apply" [M]); the town sets its own (server
 * modules/decisions/contract/settings.ts, default 5 working days), and `submit` records the limit
 * in force on the case, so a later change never moves a running deadline.
 *
 * A 行政协议 (政府特许经营协议、土地房屋征收补偿协议 and the like) is reviewable in court
 * (行政诉讼法 art 12 ¶1(11), art 78 [V]); the type is recorded so the register and the review
 * opinion say so.
 *
 * Server conventions: the context hook (server/src/modules/decisions/contract/case-type.ts)
 * provides `meetingItems` (MeetingItemRef[]: the agenda items naming the case) and
 * `attachments` (how many files the case holds: the signed version).
 */
import { z } from 'zod';
import { CONTRACT_REVIEW_POLICY, ContractReviewSettingsSchema } from '../api/decisions-contract.ts';
import { diffDays, type IsoDate } from '../calendar/dates.ts';
import { collectiveDiscussionProblem, type MeetingItemRef, meetingItemIdInput } from '../decisions/meetings.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { CaseSnapshot } from '../engine/types.ts';
import { isoDateSchema } from '../validators/schemas.ts';
import { validateUscc } from '../validators/uscc.ts';

// ---------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------

export const CONTRACT_KIND_LABELS = {
  procurement: '采购合同',
  construction: '建设工程合同',
  service: '服务合同',
  lease: '租赁合同',
  cooperation: '合作协议',
  administrative: '行政协议',
  other: '其他',
} as const;

export const CONTRACT_PROCUREMENT_LABELS = {
  open_tender: '公开招标',
  invited_tender: '邀请招标',
  negotiation: '竞争性谈判',
  inquiry: '询价',
  single_source: '单一来源',
  other: '其他',
  not_applicable: '不适用',
} as const;

export const CONTRACT_REVIEW_OUTCOME_LABELS = {
  agree: '同意',
  amend: '修改后同意',
  disagree: '不同意',
} as const;
export type ContractReviewOutcome = keyof typeof CONTRACT_REVIEW_OUTCOME_LABELS;

export const CONTRACT_REVIEWER_LABELS = { sifasuo: '司法所', adviser: '法律顾问' } as const;

// ---------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);
const yuan = (label: string) =>
  z
    .number()
    .min(0, { message: '不得为负数' })
    .max(1e11, { message: '超出范围' })
    .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { message: '最多保留两位小数' })
    .describe(label);

/**
 * 统一社会信用代码 (GB 32100-2015), the same check as the safety units' (validators/uscc.ts); a
 * refinement rather than a transform so the web form can render the schema. The engine prefixes
 * the message with the field's label (对方统一社会信用代码：…).
 */
export const counterpartyCreditCode = z
  .string()
  .trim()
  .superRefine((s, ctx) => {
    const r = validateUscc(s);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
    else if (r.value !== s) ctx.addIssue({ code: 'custom', message: '统一社会信用代码应使用大写字母' });
  })
  .describe('对方统一社会信用代码');

const Milestone = z
  .object({
    name: text('履行节点', 100),
    due: date('约定日期'),
    doneOn: date('完成日期').optional(),
  })
  .describe('履行节点');

const intakeShape = {
  name: text('合同名称', 200),
  counterparty: text('合同相对方', 200),
  counterpartyCreditCode: counterpartyCreditCode.optional(),
  amount: yuan('合同金额（元）'),
  termFrom: date('履行期限起'),
  termTo: date('履行期限至'),
  contractKind: choice(CONTRACT_KIND_LABELS, '合同类型'),
  procurement: choice(CONTRACT_PROCUREMENT_LABELS, '采购方式'),
  summary: text('主要内容').optional(),
};
export const ContractIntakeFields = z.object(intakeShape);

/** The review limit recorded on the case at 送审 (`{ length, unit }`, the clock's `lengthFrom`). */
const ReviewLimit = z.object({
  length: z.number().int().min(1).max(30).describe('期限'),
  unit: choice({ wd: '工作日' }, '单位'),
});

export const ContractFields = z.object({
  ...intakeShape,
  // 送审
  submittedOn: date('送审日期').optional(),
  reviewLimit: ReviewLimit.optional().describe('审查期限'),
  /** The town required a collective discussion for this amount when it was submitted. */
  collectiveRequired: z.boolean().optional().describe('须集体讨论'),
  // 审查
  reviewOutcome: choice(CONTRACT_REVIEW_OUTCOME_LABELS, '审查结论').optional(),
  reviewedOn: date('审查日期').optional(),
  reviewer: choice(CONTRACT_REVIEWER_LABELS, '审查人').optional(),
  adviserName: text('法律顾问', 100).optional(),
  reviewOpinion: text('审查意见').optional(),
  reviewNo: z.string().max(100).optional().describe('合同审查意见书文号'),
  // 集体讨论
  meetingItemId: meetingItemIdInput('会议议题').optional(),
  discussedOn: date('集体讨论日期').optional(),
  // 签订、履行
  signedOn: date('签订日期').optional(),
  signedAmount: yuan('签订金额（元）').optional(),
  milestones: z.array(Milestone).max(20).optional().describe('履行节点'),
  /** The next open milestone's clock: from the day it was set, this many days (lengthFrom). */
  milestoneFrom: date('履行节点起算日').optional(),
  milestoneDays: z.number().int().min(1).max(36600).optional().describe('距下一履行节点（日）'),
  /** Days from signing to the end of the term (the expiry clock's lengthFrom). */
  termDays: z.number().int().min(1).max(36600).optional().describe('履行期限（日）'),
  completedOn: date('履行完毕日期').optional(),
  terminatedOn: date('终止日期').optional(),
  terminationReason: text('终止原因').optional(),
});
export type ContractFieldValues = z.output<typeof ContractFields>;

export interface ContractContext {
  meetingItems: MeetingItemRef[];
  attachments: number;
}

// ---------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------

/** The town's review settings as the `submit` action receives them, or the defaults. */
export function reviewSettingsOf(policy: Readonly<Record<string, unknown>>) {
  const parsed = ContractReviewSettingsSchema.safeParse(policy[CONTRACT_REVIEW_POLICY]);
  return parsed.success ? parsed.data : { limitWorkdays: 5, collectiveThreshold: null };
}

/** Whether the town's threshold sends a contract of `amount` yuan to a collective discussion. */
export function collectiveRequiredFor(amount: number, threshold: number | null): boolean {
  return threshold !== null && amount >= threshold;
}

/**
 * The next open milestone after `today` and the days to it, for the milestone clock; none when
 * every milestone is done or the open ones are due today or earlier (those are overdue already:
 * the clock cannot start in the past, so the case shows them on its page instead).
 */
export function nextMilestone(
  milestones: readonly { name?: string; due: string; doneOn?: string | undefined }[] | undefined,
  today: IsoDate,
): { milestoneFrom?: string; milestoneDays?: number } {
  const open = (milestones ?? []).filter((m) => !m.doneOn).sort((a, b) => (a.due < b.due ? -1 : 1));
  const next = open[0];
  if (!next || next.due <= today) return { milestoneFrom: undefined, milestoneDays: undefined };
  return { milestoneFrom: today, milestoneDays: diffDays(today, next.due) };
}

// ---------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------

type Snap = CaseSnapshot<ContractFieldValues>;

const ctxOf = (c: Snap): Partial<ContractContext> => (c.context ?? {}) as Partial<ContractContext>;

function notFuture(label: string, value: string, now: Date): string | null {
  const today = shanghaiDate(now);
  return value > today ? `${label}不得晚于今天（${today}）` : null;
}

const latestDoc = (c: Snap, kind: string) =>
  [...c.documents].reverse().find((d) => d.kind === kind && !d.voidedAt) ?? undefined;

/** The opinion issued states the conclusion; the review action may not say another. */
function reviewProblem(c: Snap, outcome: ContractReviewOutcome, input: { reviewedOn: string } | undefined, now: Date) {
  const stated = latestDoc(c, 'review_opinion')?.input?.outcome;
  if (stated && stated !== outcome) {
    const said = CONTRACT_REVIEW_OUTCOME_LABELS[stated as ContractReviewOutcome] ?? String(stated);
    return `合同审查意见书的审查结论为「${said}」，与本操作不符；请作废后重新出具`;
  }
  if (!input) return null;
  if (c.fields.submittedOn && input.reviewedOn < c.fields.submittedOn) {
    return `审查日期不得早于送审日期（${c.fields.submittedOn}）`;
  }
  return notFuture('审查日期', input.reviewedOn, now);
}

const patch = (p: Partial<ContractFieldValues>): Partial<ContractFieldValues> => p;

/** 承办科室: the town's offices that sign contracts in the town's name. */
export const CONTRACT_DEPARTMENT_ROLES = ['fazhiban', 'tiaojie', 'xinfang', 'zhifa', 'anjian', 'ziran'] as const;
const REVIEWERS = ['sifasuo'] as const;

const reviewInput = z.object({
  reviewedOn: date('审查日期'),
  reviewer: choice(CONTRACT_REVIEWER_LABELS, '审查人'),
  adviserName: text('法律顾问', 100).optional(),
  reviewOpinion: text('审查意见'),
});
type ReviewInput = z.output<typeof reviewInput>;

const REVIEW_PREFILL = { document: 'review_opinion', fields: { reviewOpinion: 'opinion' } } as const;

function reviewEffects(c: Snap, input: ReviewInput, outcome: ContractReviewOutcome) {
  return patch({
    reviewOutcome: outcome,
    reviewedOn: input.reviewedOn,
    reviewer: input.reviewer,
    adviserName: input.reviewer === 'adviser' ? input.adviserName : undefined,
    reviewOpinion: input.reviewOpinion,
    reviewNo: latestDoc(c, 'review_opinion')?.number ?? undefined,
  });
}

const reviewGuard =
  (outcome: ContractReviewOutcome) =>
  (c: Snap, input: ReviewInput | undefined, now: Date): string | null => {
    if (input?.reviewer === 'adviser' && !input.adviserName) return '由法律顾问审查的，请填写法律顾问';
    return reviewProblem(c, outcome, input, now);
  };

// ---------------------------------------------------------------------------
// The case type
// ---------------------------------------------------------------------------

export const contract = defineCaseType({
  key: 'contract',
  label: '合同审查',
  numbering: '{town}合审〔{year}〕{seq}号',
  fields: ContractFields,
  intake: ContractIntakeFields,
  basicInfo: ['summary'],
  states: {
    drafting: { label: '待送审' },
    reviewing: { label: '审查中' },
    approved: { label: '审查通过待签订' },
    rejected: { label: '审查不同意', terminal: true },
    signed: { label: '履行中' },
    completed: { label: '履行完毕', terminal: true },
    terminated: { label: '已终止', terminal: true },
  },
  initial: 'drafting',
  create: { roles: CONTRACT_DEPARTMENT_ROLES, label: '登记合同', titleExample: '湾头村道路硬化工程施工合同' },
  access: {
    read: ['leader', 'fazhiban', 'sifasuo', 'tiaojie', 'xinfang', 'zhifa', 'anjian', 'ziran', 'county'],
  },
  documents: { review_opinion: '合同审查意见书' },
  actions: {
    submit: {
      label: '送审',
      from: ['drafting'],
      to: 'reviewing',
      roles: CONTRACT_DEPARTMENT_ROLES,
      input: z.object({ submittedOn: date('送审日期') }),
      requires: {
        guard: (c, input, now) => {
          if (c.fields.termTo < c.fields.termFrom) return '履行期限至不得早于履行期限起';
          return input ? notFuture('送审日期', input.submittedOn, now) : null;
        },
      },
      // The town's limit and threshold in force today, recorded on the case.
      effects: (c, input, _now, policy) => {
        const s = reviewSettingsOf(policy);
        return patch({
          submittedOn: input.submittedOn,
          reviewLimit: { length: s.limitWorkdays, unit: 'wd' },
          collectiveRequired: collectiveRequiredFor(c.fields.amount, s.collectiveThreshold),
        });
      },
    },
    review_agree: {
      label: '审查同意',
      from: ['reviewing'],
      to: 'approved',
      roles: REVIEWERS,
      input: reviewInput,
      requires: { documents: ['review_opinion'], guard: reviewGuard('agree') },
      prefill: REVIEW_PREFILL,
      effects: (c, input) => reviewEffects(c, input, 'agree'),
    },
    review_amend: {
      label: '修改后同意',
      from: ['reviewing'],
      to: 'approved',
      roles: REVIEWERS,
      input: reviewInput,
      requires: { documents: ['review_opinion'], guard: reviewGuard('amend') },
      prefill: REVIEW_PREFILL,
      effects: (c, input) => reviewEffects(c, input, 'amend'),
    },
    review_disagree: {
      label: '审查不同意',
      from: ['reviewing'],
      to: 'rejected',
      roles: REVIEWERS,
      input: reviewInput,
      requires: { documents: ['review_opinion'], guard: reviewGuard('disagree') },
      prefill: REVIEW_PREFILL,
      effects: (c, input) => reviewEffects(c, input, 'disagree'),
    },
    // 集体讨论: only a held meeting's item naming this case (domain/decisions/meetings.ts).
    record_discussion: {
      label: '登记集体讨论',
      from: ['approved'],
      roles: ['fazhiban'],
      input: z.object({
        meetingItemId: meetingItemIdInput('会议议题'),
      }),
      requires: {
        guard: (c, input) => {
          const items = ctxOf(c).meetingItems ?? [];
          const problem = collectiveDiscussionProblem(items);
          if (problem || !input) return problem;
          const item = items.find((i) => i.itemId === input.meetingItemId);
          if (!item) return '所选会议议题未关联本合同，请选择研究本合同的议题';
          if (item.status !== 'held' || item.conclusion === null) return '所选议题的会议尚未召开或未作出结论';
          if (item.conclusion === 'rejected' || item.conclusion === 'deferred') {
            return '会议未通过本合同（不予通过或暂缓），不能据此签订';
          }
          return null;
        },
      },
      effects: (c, input) => {
        const item = (ctxOf(c).meetingItems ?? []).find((i) => i.itemId === input.meetingItemId);
        return patch({ meetingItemId: input.meetingItemId, discussedOn: item?.heldOn });
      },
    },
    sign: {
      label: '签订合同',
      from: ['approved'],
      to: 'signed',
      roles: CONTRACT_DEPARTMENT_ROLES,
      input: z.object({
        signedOn: date('签订日期'),
        signedAmount: yuan('签订金额（元）'),
        milestones: z.array(Milestone).max(20).optional().describe('履行节点'),
      }),
      requires: {
        guard: (c, input, now) => {
          if (c.fields.collectiveRequired && !c.fields.meetingItemId) {
            return '本合同金额达到本镇须集体讨论的标准，请先登记集体讨论（会议议题）后再签订';
          }
          // The signed version is the record the register keeps.
          if ((ctxOf(c).attachments ?? 0) < 1) return '请先上传签订后的合同文本作为附件';
          if (!input) return null;
          if (c.fields.reviewedOn && input.signedOn < c.fields.reviewedOn) {
            return `签订日期不得早于审查日期（${c.fields.reviewedOn}）`;
          }
          if (input.signedOn > c.fields.termTo) return `签订日期不得晚于履行期限至（${c.fields.termTo}）`;
          return notFuture('签订日期', input.signedOn, now);
        },
      },
      effects: (c, input, now) => {
        const termDays = diffDays(input.signedOn, c.fields.termTo);
        return patch({
          signedOn: input.signedOn,
          signedAmount: input.signedAmount,
          milestones: input.milestones,
          termDays: termDays >= 1 ? termDays : undefined,
          ...nextMilestone(input.milestones, shanghaiDate(now)),
        });
      },
    },
    milestone_done: {
      label: '登记履行节点完成',
      from: ['signed'],
      roles: CONTRACT_DEPARTMENT_ROLES,
      input: z.object({ milestone: text('履行节点', 100), doneOn: date('完成日期') }),
      requires: {
        guard: (c, input, now) => {
          const open = (c.fields.milestones ?? []).filter((m) => !m.doneOn);
          if (open.length === 0) return '没有未完成的履行节点';
          if (!input) return null;
          if (!open.some((m) => m.name === input.milestone)) return `未找到未完成的履行节点「${input.milestone}」`;
          if (c.fields.signedOn && input.doneOn < c.fields.signedOn) return '完成日期不得早于签订日期';
          return notFuture('完成日期', input.doneOn, now);
        },
      },
      effects: (c, input, now) => {
        let marked = false;
        const milestones = (c.fields.milestones ?? []).map((m) => {
          if (marked || m.doneOn || m.name !== input.milestone) return m;
          marked = true;
          return { ...m, doneOn: input.doneOn };
        });
        return patch({ milestones, ...nextMilestone(milestones, shanghaiDate(now)) });
      },
    },
    complete: {
      label: '履行完毕',
      from: ['signed'],
      to: 'completed',
      roles: CONTRACT_DEPARTMENT_ROLES,
      input: z.object({ completedOn: date('履行完毕日期') }),
      requires: {
        guard: (c, input, now) => {
          const open = (c.fields.milestones ?? []).filter((m) => !m.doneOn);
          if (open.length > 0) return `尚有履行节点未完成：${open.map((m) => m.name).join('、')}`;
          if (!input) return null;
          if (c.fields.signedOn && input.completedOn < c.fields.signedOn) return '履行完毕日期不得早于签订日期';
          return notFuture('履行完毕日期', input.completedOn, now);
        },
      },
      effects: (_c, input) => patch({ completedOn: input.completedOn }),
    },
    terminate: {
      label: '终止',
      from: ['drafting', 'approved', 'signed'],
      to: 'terminated',
      roles: CONTRACT_DEPARTMENT_ROLES,
      optional: true,
      input: z.object({ terminatedOn: date('终止日期'), terminationReason: text('终止原因') }),
      requires: { guard: (_c, input, now) => (input ? notFuture('终止日期', input.terminatedOn, now) : null) },
      effects: (_c, input) => patch(input),
    },
  },
  clocks: {
    review: {
      label: '合同审查期限',
      start: { on: 'submit', from: 'submittedOn' },
      length: 5,
      lengthFrom: 'reviewLimit',
      unit: 'wd',
      stopOn: ['review_agree', 'review_amend', 'review_disagree'],
      basis: '本镇合同审查期限（国家未规定审查时限，由乡镇规定，docs/domain.md §4；未设置的按5个工作日）',
    },
    // The department's reminders while the contract runs: the next agreed milestone and the
    // end of the term. Not statute: the dates are the contract's own.
    milestone: {
      label: '履行节点',
      start: { on: ['sign', 'milestone_done'], from: 'milestoneFrom' },
      length: 30,
      lengthFrom: 'milestoneDays',
      unit: 'd',
      rollRule: 'statutory_only',
      stopOn: ['complete', 'terminate'],
      warnWorkdays: 5,
      basis: '合同约定的履行节点',
    },
    expiry: {
      label: '合同到期',
      start: { on: 'sign', from: 'signedOn' },
      length: 365,
      lengthFrom: 'termDays',
      unit: 'd',
      rollRule: 'statutory_only',
      stopOn: ['complete', 'terminate'],
      warnWorkdays: 10,
      basis: '合同约定的履行期限',
    },
  },
});
