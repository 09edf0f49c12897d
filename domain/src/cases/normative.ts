/**
 * 行政规范性文件 (issue 16; docs/domain.md §4): 起草 → 征求意见 (≥ 7 wd) → 合法性审核 (5–15 wd, by
 * the 司法所 or the legal adviser, with the reviewer's checklist) → 集体审议 (a held meeting's
 * item) → 主要负责人签发 → 统一登记、编号、公布 (the 文号 of the 公布 document, e.g.
 * 湾政规〔2023〕1号) → 报备 to the county → 备案审查 by the county (予以备案 / 责令纠正 / 不予备案)
 * → 实施 (≤ 5 years; evaluated 6 months before expiry) → 清理 (修改 / 废止 / 继续有效).
 *
 * The rules and their sources: ../decisions/normative.ts. The county's examination is taken by
 * the county-scoped role `beian` (县司法局备案审查, auth/roles.ts): its only actions are the three
 * filing results here (docs/decisions/0010-county-filing.md).
 *
 * Server conventions (server/src/modules/decisions/normative/case-type.ts): the context holds
 * `calendarOverrides`, `meetingItems` (meetings/gate.ts) and `filingDays` (the county's filing
 * period, default 15 d).
 */
import { z } from 'zod';
import { type CalendarOverride, createCalendar } from '../calendar/calendar.ts';
import { addMonths } from '../calendar/dates.ts';
import { workdaysBetween } from '../calendar/period.ts';
import { type MeetingItemRef, meetingItemIdInput } from '../decisions/meetings.ts';
import {
  CLEANUP_RESULT_LABELS,
  collectiveDiscussionProblemFor,
  commentPeriodProblem,
  DEFAULT_FILING_DAYS,
  EVALUATION_LEAD_MONTHS,
  evaluationMonths,
  expiryDate,
  FILING_RESULT_LABELS,
  flaggedProblem,
  REVIEW_CHECKLIST_LABELS,
  REVIEWER_KIND_LABELS,
  reviewPeriodProblem,
  VALIDITY_MAX_MONTHS,
  validityProblem,
} from '../decisions/normative.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { CaseSnapshot } from '../engine/types.ts';
import { isoDateSchema } from '../validators/schemas.ts';

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);
const flag = (label: string) => z.boolean().describe(label);
const months = (label: string) => z.number().int().min(1).max(120).describe(label);

const checklistShape = {
  createsLicence: flag(REVIEW_CHECKLIST_LABELS.createsLicence),
  createsPenalty: flag(REVIEW_CHECKLIST_LABELS.createsPenalty),
  createsCompulsory: flag(REVIEW_CHECKLIST_LABELS.createsCompulsory),
  createsFee: flag(REVIEW_CHECKLIST_LABELS.createsFee),
  addsDutiesWithoutBasis: flag(REVIEW_CHECKLIST_LABELS.addsDutiesWithoutBasis),
};
export const ReviewChecklistInput = z.object(checklistShape).describe('审核要点');

const intakeShape = {
  drafter: text('起草单位', 100),
  draftedOn: date('起草日期'),
  summary: text('主要内容').optional(),
  basis: text('制定依据', 1000).optional(),
};
export const NormativeIntakeFields = z.object(intakeShape);

export const NormativeFields = z.object({
  ...intakeShape,
  // 征求意见
  commentFrom: date('征求意见开始日期').optional(),
  commentUntil: date('征求意见截止日期').optional(),
  commentChannel: text('征求意见方式', 200).optional(),
  commentsReceived: z.number().int().min(0).max(100000).optional().describe('收到意见条数'),
  commentsAdopted: text('意见采纳情况').optional(),
  // 合法性审核
  reviewSubmittedOn: date('报送审核日期').optional(),
  reviewDue: date('审核期限').optional(),
  /** Working days from submission to the due date: the review clock's length. */
  reviewDays: z.number().int().min(1).max(30).optional().describe('审核期限（工作日）'),
  reviewerKind: choice(REVIEWER_KIND_LABELS, '审核机构').optional(),
  reviewerName: text('审核人', 50).optional(),
  reviewedOn: date('审核日期').optional(),
  reviewChecklist: ReviewChecklistInput.optional(),
  reviewOpinion: text('审核意见').optional(),
  reviewPassed: z.boolean().optional().describe('审核通过'),
  reviewNo: z.string().max(100).optional().describe('合法性审核意见书文号'),
  // 集体审议
  meetingItemId: meetingItemIdInput('审议议题').optional(),
  discussedOn: date('审议日期').optional(),
  // 签发
  signedBy: text('签发人', 50).optional(),
  signedOn: date('签发日期').optional(),
  // 公布
  docNo: z.string().max(100).optional().describe('文号'),
  publishedOn: date('公布日期').optional(),
  publishedWhere: text('公布载体', 200).optional(),
  effectiveOn: date('施行日期').optional(),
  /** The day the current validity runs from (施行日期, or the day 继续有效 was decided). */
  validFrom: date('有效期起算日').optional(),
  validityMonths: months('有效期（月）').optional(),
  /** validityMonths − 6: the evaluation clock's length (absent when the validity is ≤ 6 months). */
  evaluationMonths: months('评估期限（月）').optional(),
  expiresOn: date('有效期至').optional(),
  // 报备
  filingDays: z.number().int().min(1).max(90).optional().describe('报备期限（日）'),
  filedOn: date('报备日期').optional(),
  filingResult: choice(FILING_RESULT_LABELS, '备案审查结果').optional(),
  filingResultOn: date('备案审查日期').optional(),
  filingOpinion: text('备案审查意见').optional(),
  filingReceiptNo: z.string().max(100).optional().describe('备案登记号'),
  correctedOn: date('纠正日期').optional(),
  correctionNote: text('纠正情况').optional(),
  // 评估与清理
  evaluatedOn: date('评估日期').optional(),
  evaluationConclusion: text('评估结论').optional(),
  cleanupResult: choice(CLEANUP_RESULT_LABELS, '清理结果').optional(),
  cleanedOn: date('清理日期').optional(),
  cleanupNote: text('清理说明').optional(),
});
export type NormativeFieldValues = z.output<typeof NormativeFields>;

export interface NormativeContext {
  calendarOverrides: CalendarOverride[];
  meetingItems: MeetingItemRef[];
  /** The county's filing period in days (normative_filing_settings, default 15). */
  filingDays: number;
}

type Snap = CaseSnapshot<NormativeFieldValues>;
const ctxOf = (c: Snap): Partial<NormativeContext> => (c.context ?? {}) as Partial<NormativeContext>;
const calendarOf = (c: Snap) => createCalendar({ overrides: ctxOf(c).calendarOverrides ?? [] });
const patch = (p: Partial<NormativeFieldValues>): Partial<NormativeFieldValues> => p;
const latestDocNo = (c: Snap, kind: string) =>
  [...c.documents].reverse().find((d) => d.kind === kind && !d.voidedAt)?.number ?? undefined;

function notFuture(label: string, value: string, now: Date): string | null {
  const today = shanghaiDate(now);
  return value > today ? `${label}不得晚于今天（${today}）` : null;
}
function notBefore(label: string, value: string, otherLabel: string, other: string | undefined): string | null {
  return other && value < other ? `${label}不得早于${otherLabel}（${other}）` : null;
}

const TOWN = ['fazhiban'] as const;
const REVIEWER = ['sifasuo'] as const;
const COUNTY = ['beian'] as const;

const reviewInput = z.object({
  reviewedOn: date('审核日期'),
  reviewerKind: choice(REVIEWER_KIND_LABELS, '审核机构'),
  reviewerName: text('审核人', 50),
  reviewChecklist: ReviewChecklistInput,
  reviewOpinion: text('审核意见'),
});

function reviewProblem(c: Snap, input: z.output<typeof reviewInput> | undefined, now: Date): string | null {
  if (!input) return null;
  // The opinion issued states the checklist; the action may not say otherwise.
  const doc = [...c.documents].reverse().find((d) => d.kind === 'legality_opinion' && !d.voidedAt);
  const stated = doc?.input ?? {};
  const differs = (Object.keys(REVIEW_CHECKLIST_LABELS) as (keyof typeof REVIEW_CHECKLIST_LABELS)[]).find(
    (k) => typeof stated[k] === 'boolean' && stated[k] !== input.reviewChecklist[k],
  );
  if (differs)
    return `合法性审核意见书对「${REVIEW_CHECKLIST_LABELS[differs]}」的审核结果与本次登记不符；请作废后重新出具`;
  return (
    notFuture('审核日期', input.reviewedOn, now) ??
    notBefore('审核日期', input.reviewedOn, '报送审核日期', c.fields.reviewSubmittedOn)
  );
}

const filingInput = (label: string) => z.object({ filingResultOn: date('备案审查日期'), filingOpinion: text(label) });

function filingResultProblem(c: Snap, input: { filingResultOn: string } | undefined, now: Date): string | null {
  if (!input) return null;
  return (
    notFuture('备案审查日期', input.filingResultOn, now) ??
    notBefore('备案审查日期', input.filingResultOn, '报备日期', c.fields.filedOn)
  );
}

const cleanupInput = z.object({ cleanedOn: date('清理日期'), cleanupNote: text('清理说明') });
const cleanupGuard = (c: Snap, input: z.output<typeof cleanupInput> | undefined, now: Date) =>
  input
    ? (notFuture('清理日期', input.cleanedOn, now) ??
      notBefore('清理日期', input.cleanedOn, '施行日期', c.fields.effectiveOn))
    : null;

export const normative = defineCaseType({
  key: 'normative',
  label: '规范性文件',
  numbering: '{town}规审〔{year}〕{seq}号',
  fields: NormativeFields,
  intake: NormativeIntakeFields,
  basicInfo: ['drafter', 'draftedOn', 'summary', 'basis'],
  states: {
    drafting: { label: '起草' },
    commenting: { label: '征求意见' },
    reviewing: { label: '合法性审核' },
    deliberating: { label: '待集体审议' },
    signing: { label: '待签发' },
    publishing: { label: '待登记公布' },
    to_file: { label: '待报备' },
    filing: { label: '备案审查中' },
    correcting: { label: '责令纠正' },
    in_force: { label: '实施中' },
    amended: { label: '已修改', terminal: true },
    abolished: { label: '已废止', terminal: true },
    expired: { label: '已失效', terminal: true },
    rejected: { label: '不予备案', terminal: true },
    withdrawn: { label: '已撤回', terminal: true },
  },
  initial: 'drafting',
  create: { roles: TOWN, label: '起草规范性文件', titleExample: '湾头桥镇农村人居环境长效管护办法' },
  access: {
    read: ['fazhiban', 'sifasuo', 'leader', 'county', 'beian'],
    // The county reviewer writes only through its three filing actions; files (the 备案审查意见)
    // it may attach are the generic case:write of a type it works.
    write: ['fazhiban', 'sifasuo', 'leader', 'beian'],
  },
  documents: {
    legality_opinion: '合法性审核意见书',
    publication: '规范性文件（公布稿）',
    filing_report: '规范性文件备案报告',
  },
  issuable: { filing_report: { states: ['to_file', 'correcting'] } },
  actions: {
    open_comment: {
      label: '公开征求意见',
      from: ['drafting'],
      to: 'commenting',
      roles: TOWN,
      input: z.object({
        commentFrom: date('征求意见开始日期'),
        commentUntil: date('征求意见截止日期'),
        commentChannel: text('征求意见方式', 200),
      }),
      requires: {
        guard: (c, input) => {
          if (!input) return null;
          return (
            notBefore('征求意见开始日期', input.commentFrom, '起草日期', c.fields.draftedOn) ??
            commentPeriodProblem(calendarOf(c), input.commentFrom, input.commentUntil)
          );
        },
      },
      effects: (_c, input) => patch(input),
    },
    submit_review: {
      label: '报送合法性审核',
      from: ['commenting', 'drafting'],
      to: 'reviewing',
      roles: TOWN,
      input: z.object({
        commentsReceived: z.number().int().min(0).max(100000).describe('收到意见条数'),
        commentsAdopted: text('意见采纳情况'),
        reviewSubmittedOn: date('报送审核日期'),
        reviewDue: date('审核期限'),
      }),
      requires: {
        guard: (c, input, now) => {
          // A draft returned by the reviewer goes back to review; the public was heard already.
          if (c.state === 'drafting' && !c.fields.commentUntil)
            return '须先公开征求意见，征求意见期限不少于7个工作日（国办发〔2018〕37号）';
          if (!input) return null;
          if (c.state === 'commenting' && c.fields.commentUntil && input.reviewSubmittedOn <= c.fields.commentUntil)
            return `征求意见至${c.fields.commentUntil}截止，截止后方可报送合法性审核`;
          return (
            notFuture('报送审核日期', input.reviewSubmittedOn, now) ??
            reviewPeriodProblem(calendarOf(c), input.reviewSubmittedOn, input.reviewDue)
          );
        },
      },
      effects: (c, input) =>
        patch({
          ...input,
          reviewDays: workdaysBetween(calendarOf(c), input.reviewSubmittedOn, input.reviewDue),
          reviewPassed: undefined,
        }),
    },
    pass_review: {
      label: '合法性审核通过',
      from: ['reviewing'],
      to: 'deliberating',
      roles: REVIEWER,
      input: reviewInput,
      requires: {
        documents: ['legality_opinion'],
        guard: (c, input, now) =>
          input ? (flaggedProblem(input.reviewChecklist) ?? reviewProblem(c, input, now)) : null,
      },
      effects: (c, input) => patch({ ...input, reviewPassed: true, reviewNo: latestDocNo(c, 'legality_opinion') }),
    },
    return_draft: {
      label: '审核不通过，退回修改',
      from: ['reviewing'],
      to: 'drafting',
      roles: REVIEWER,
      input: reviewInput,
      requires: { documents: ['legality_opinion'], guard: reviewProblem },
      effects: (c, input) => patch({ ...input, reviewPassed: false, reviewNo: latestDocNo(c, 'legality_opinion') }),
    },
    deliberate: {
      label: '登记集体审议',
      from: ['deliberating'],
      to: 'signing',
      roles: TOWN,
      input: z.object({ meetingItemId: meetingItemIdInput('审议议题') }),
      requires: {
        guard: (c, input) => collectiveDiscussionProblemFor(ctxOf(c).meetingItems, input?.meetingItemId),
      },
      effects: (c, input) => {
        const item = ctxOf(c).meetingItems?.find((i) => i.itemId === input.meetingItemId);
        return patch({ meetingItemId: input.meetingItemId, ...(item ? { discussedOn: item.heldOn } : {}) });
      },
    },
    sign: {
      label: '主要负责人签发',
      from: ['signing'],
      to: 'publishing',
      roles: ['leader'],
      input: z.object({ signedBy: text('签发人', 50), signedOn: date('签发日期') }),
      requires: {
        guard: (c, input, now) =>
          input
            ? (notFuture('签发日期', input.signedOn, now) ??
              notBefore('签发日期', input.signedOn, '审议日期', c.fields.discussedOn))
            : null,
      },
      effects: (_c, input) => patch(input),
    },
    publish: {
      label: '统一登记、编号、公布',
      from: ['publishing'],
      to: 'to_file',
      roles: TOWN,
      input: z.object({
        publishedOn: date('公布日期'),
        publishedWhere: text('公布载体', 200),
        effectiveOn: date('施行日期'),
        validityMonths: months('有效期（月）'),
      }),
      requires: {
        documents: ['publication'],
        guard: (c, input, now) => {
          if (!input) return null;
          return (
            validityProblem(input.validityMonths) ??
            notFuture('公布日期', input.publishedOn, now) ??
            notBefore('公布日期', input.publishedOn, '签发日期', c.fields.signedOn) ??
            // Published before it binds anyone (docs/domain.md §4).
            notBefore('施行日期', input.effectiveOn, '公布日期', input.publishedOn)
          );
        },
      },
      effects: (c, input) =>
        patch({
          ...input,
          docNo: latestDocNo(c, 'publication'),
          validFrom: input.effectiveOn,
          expiresOn: expiryDate(input.effectiveOn, input.validityMonths),
          evaluationMonths: evaluationMonths(input.validityMonths) ?? undefined,
          filingDays: ctxOf(c).filingDays ?? DEFAULT_FILING_DAYS,
        }),
    },
    file: {
      label: '报送县政府备案',
      from: ['to_file', 'correcting'],
      to: 'filing',
      roles: TOWN,
      input: z.object({ filedOn: date('报备日期') }),
      requires: {
        documents: ['filing_report'],
        guard: (c, input, now) =>
          input
            ? (notFuture('报备日期', input.filedOn, now) ??
              notBefore('报备日期', input.filedOn, '公布日期', c.fields.publishedOn))
            : null,
      },
      effects: (c, input) =>
        // A refiling after 责令纠正 keeps the first filing's date for the timeliness figure.
        c.state === 'correcting' ? patch({ correctedOn: input.filedOn }) : patch(input),
    },
    accept_filing: {
      label: '予以备案',
      from: ['filing'],
      to: 'in_force',
      roles: COUNTY,
      input: filingInput('备案审查意见').extend({ filingReceiptNo: text('备案登记号', 100) }),
      requires: { guard: filingResultProblem },
      effects: (_c, input) => patch({ ...input, filingResult: 'accepted' }),
    },
    order_correction: {
      label: '责令纠正',
      from: ['filing'],
      to: 'correcting',
      roles: COUNTY,
      input: filingInput('纠正意见'),
      requires: { guard: filingResultProblem },
      effects: (_c, input) => patch({ ...input, filingResult: 'correction' }),
    },
    reject_filing: {
      label: '不予备案，建议撤销',
      from: ['filing'],
      to: 'rejected',
      roles: COUNTY,
      input: filingInput('不予备案理由'),
      requires: { guard: filingResultProblem },
      effects: (_c, input) => patch({ ...input, filingResult: 'rejected' }),
    },
    evaluate: {
      label: '有效期届满前评估',
      from: ['in_force'],
      roles: TOWN,
      input: z.object({ evaluatedOn: date('评估日期'), evaluationConclusion: text('评估结论') }),
      requires: {
        guard: (c, input, now) =>
          input
            ? (notFuture('评估日期', input.evaluatedOn, now) ??
              notBefore('评估日期', input.evaluatedOn, '施行日期', c.fields.effectiveOn))
            : null,
      },
      effects: (_c, input) => patch(input),
    },
    continue_valid: {
      label: '清理：继续有效',
      from: ['in_force'],
      roles: TOWN,
      optional: true,
      input: z.object({
        cleanedOn: date('清理日期'),
        cleanupNote: text('清理说明'),
        validityMonths: months('新有效期（月）'),
      }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.evaluatedOn) return '须先进行有效期届满前评估，再决定继续有效';
          return input ? (validityProblem(input.validityMonths) ?? cleanupGuard(c, input, now)) : null;
        },
      },
      // The validity runs anew from the decision, so both clocks restart (start.on continue_valid).
      effects: (_c, input) =>
        patch({
          ...input,
          cleanupResult: 'continued',
          validFrom: input.cleanedOn,
          expiresOn: expiryDate(input.cleanedOn, input.validityMonths),
          evaluationMonths: evaluationMonths(input.validityMonths) ?? undefined,
          evaluatedOn: undefined,
          evaluationConclusion: undefined,
        }),
    },
    amend: {
      label: '清理：修改',
      from: ['in_force'],
      to: 'amended',
      roles: TOWN,
      optional: true,
      input: cleanupInput,
      requires: { guard: cleanupGuard },
      effects: (_c, input) => patch({ ...input, cleanupResult: 'amended' }),
    },
    abolish: {
      label: '清理：废止',
      from: ['in_force'],
      to: 'abolished',
      roles: TOWN,
      optional: true,
      input: cleanupInput,
      requires: { guard: cleanupGuard },
      effects: (_c, input) => patch({ ...input, cleanupResult: 'abolished' }),
    },
    lapse: {
      label: '有效期届满失效',
      from: ['in_force'],
      to: 'expired',
      roles: TOWN,
      optional: true,
      requires: {
        guard: (c, _i, now) => {
          const e = c.fields.expiresOn;
          return e && shanghaiDate(now) < e ? `有效期至${e}，届满后方可登记失效` : null;
        },
      },
    },
    withdraw: {
      label: '撤回草案',
      from: ['drafting', 'commenting', 'deliberating', 'signing'],
      to: 'withdrawn',
      roles: TOWN,
      optional: true,
      input: z.object({ cleanupNote: text('撤回理由') }),
      effects: (_c, input) => patch(input),
    },
  },
  // The comment period is a minimum (≥ 7 wd), not a limit: the guards of open_comment and
  // submit_review enforce it, a clock would call a long consultation late.
  clocks: {
    legality_review: {
      label: '合法性审核期限',
      start: { on: 'submit_review', from: 'reviewSubmittedOn' },
      length: 15,
      lengthFrom: 'reviewDays',
      unit: 'wd',
      stopOn: ['pass_review', 'return_draft'],
      basis: '国办发〔2018〕115号（审核时间一般不少于5个工作日，最长不超过15个工作日）[M]',
    },
    filing: {
      label: '报备期限',
      start: { on: 'publish', from: 'publishedOn' },
      length: DEFAULT_FILING_DAYS,
      lengthFrom: 'filingDays',
      unit: 'd',
      stopOn: ['file'],
      basis: '县政府规定的报备期限（默认公布之日起15日，docs/domain.md §4）[M]',
    },
    filing_review: {
      label: '备案审查期限',
      start: { on: 'file', from: 'filedOn' },
      length: DEFAULT_FILING_DAYS,
      lengthFrom: 'filingDays',
      unit: 'd',
      stopOn: ['accept_filing', 'order_correction', 'reject_filing'],
      basis: '县政府规定的备案审查期限（默认15日，docs/domain.md §4）[M]',
    },
    evaluation: {
      label: '届满前评估',
      start: { on: ['publish', 'continue_valid'], from: 'validFrom' },
      length: VALIDITY_MAX_MONTHS - EVALUATION_LEAD_MONTHS,
      lengthFrom: 'evaluationMonths',
      unit: 'month',
      stopOn: ['evaluate', 'amend', 'abolish', 'reject_filing'],
      warnWorkdays: 22,
      basis: '有效期届满前6个月评估（国办发〔2018〕37号；docs/domain.md §4）[S, local]',
    },
  },
});

/** The day the evaluation is due for a document in force (the register and the reminder). */
export function normativeEvaluationDue(fields: Partial<NormativeFieldValues>): string | null {
  if (!fields.validFrom || !fields.evaluationMonths) return null;
  return addMonths(fields.validFrom, fields.evaluationMonths).date;
}
