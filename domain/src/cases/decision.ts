/**
 * 重大行政决策 (major administrative decision, issue 16; docs/domain.md §3): one case per
 * decision item, from the catalogue (决策事项目录) or proposed ad hoc.
 *
 * The catalogue row names the case it started (decision_catalogue_items.case_id), not the reverse.
 *
 * 建议 → 启动 (lead unit; which of hearing, expert review and risk assessment apply, with the
 * reason, arts 10–11) → 起草 → 公众参与 (comment notice, ≥ 30 days unless a reason is given,
 * art 15; a hearing with materials served ≥ 7 days before, arts 16–17) → 专家论证 (art 19,
 * signed opinions) → 风险评估 (arts 22–23: risk points, measures, plan) → 合法性审查 (≥ 7
 * working days allowed, art 26; the review, art 27–28) → 集体讨论 (a held meeting's item, art
 * 30; never before a passed legality review, art 25) → 党委请示 (art 31) → 决定 → 公布 (art 32)
 * → 归档 (art 33) → 执行报告 (art 34) → 后评估 (art 36, when organised) or 结束.
 *
 * Pure rules with their articles: ../decisions/decision.ts. Server conventions: the context hook
 * (server/src/modules/decisions/decision/case-type.ts) provides `meetingItems`
 * (MeetingItemRef[], meetings/gate.ts) and `calendarOverrides` (the town's CalendarOverride[]).
 */
import { z } from 'zod';
import { type CalendarOverride, createCalendar } from '../calendar/calendar.ts';
import { diffDays } from '../calendar/dates.ts';
import { workdaysBetween } from '../calendar/period.ts';
import {
  chosenStepsProblem,
  commentPeriodProblem,
  DECISION_CATEGORY_LABELS,
  expertSignaturesProblem,
  hearingNoticeProblem,
  LEGALITY_REVIEWER_LABELS,
  legalityGateProblem,
  legalityReviewPeriodProblem,
  POST_EVALUATION_TRIGGER_LABELS,
  RISK_LEVEL_LABELS,
} from '../decisions/decision.ts';
import {
  collectiveDiscussionProblem,
  concludedItems,
  type MeetingItemRef,
  meetingItemIdInput,
} from '../decisions/meetings.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { CaseSnapshot } from '../engine/types.ts';
import { isoDateSchema } from '../validators/schemas.ts';

const date = (label: string) => isoDateSchema().describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);

const intakeShape = {
  year: z.number().int().min(2000).max(2100).describe('目录年度'),
  category: choice(DECISION_CATEGORY_LABELS, '决策事项类别'),
  leadUnit: text('决策承办单位', 100),
  description: text('决策事项说明'),
};
export const DecisionIntakeFields = z.object(intakeShape);

const Expert = z.object({
  name: text('专家姓名', 50),
  org: text('工作单位', 100),
  signed: z.boolean().describe('书面意见已署名'),
});

export const DecisionFields = z.object({
  ...intakeShape,
  // 启动
  launchedOn: date('启动日期').optional(),
  hearing: z.boolean().optional().describe('需要召开听证会'),
  expertReview: z.boolean().optional().describe('需要专家论证'),
  riskAssessment: z.boolean().optional().describe('需要风险评估'),
  stepsReason: text('程序选择理由').optional(),
  // 起草
  draftedOn: date('草案形成日期').optional(),
  draftSummary: text('决策草案要点').optional(),
  // 公众参与 (art 15)
  commentFrom: date('征求意见公布日期').optional(),
  commentTo: date('征求意见截止日期').optional(),
  commentDays: z.number().int().min(1).max(366).optional().describe('征求意见期限（日）'),
  commentChannels: text('公布途径', 200).optional(),
  commentShortReason: text('缩短期限理由').optional(),
  commentClosedOn: date('征求意见结束日期').optional(),
  commentCount: z.number().int().min(0).max(1_000_000).optional().describe('收到意见（条）'),
  commentAdoption: text('意见采纳情况').optional(),
  // 听证 (arts 16–17)
  hearingMaterialsSentOn: date('听证材料送达日期').optional(),
  hearingOn: date('听证会日期').optional(),
  hearingPlace: text('听证会地点', 100).optional(),
  hearingParticipants: z.number().int().min(1).max(1000).optional().describe('听证参加人（人）'),
  // 专家论证 (art 19)
  expertReviewedOn: date('专家论证日期').optional(),
  experts: z.array(Expert).max(30).optional().describe('论证专家'),
  expertOpinion: text('专家论证意见').optional(),
  // 风险评估 (arts 22–23)
  riskAssessedOn: date('风险评估日期').optional(),
  riskLevel: choice(RISK_LEVEL_LABELS, '风险等级').optional(),
  riskPoints: text('风险点').optional(),
  riskMeasures: text('风险防范措施').optional(),
  riskPlan: text('处置预案').optional(),
  // 合法性审查 (arts 25–28)
  legalSentOn: date('送审日期').optional(),
  legalReviewer: choice(LEGALITY_REVIEWER_LABELS, '审查机构').optional(),
  legalReviewerName: text('审查人', 50).optional(),
  legalDueOn: date('审查期限').optional(),
  legalReviewDays: z.number().int().min(1).max(60).optional().describe('审查期限（工作日）'),
  legalShortReason: text('缩短审查期限理由').optional(),
  legalReviewedOn: date('审查意见日期').optional(),
  legalOutcome: choice({ passed: '通过', failed: '不通过' }, '审查结论').optional(),
  legalOpinion: text('合法性审查意见').optional(),
  // 集体讨论 (art 30)
  meetingItemId: meetingItemIdInput('会议议题').optional(),
  discussedOn: date('集体讨论日期').optional(),
  meetingTitle: text('会议', 100).optional(),
  // 党委请示 (art 31)
  partyReportedOn: date('向党委请示日期').optional(),
  partyReply: text('党委意见').optional(),
  // 决定
  decidedOn: date('决定日期').optional(),
  decisionNo: z.string().trim().max(100).optional().describe('决定文号'),
  decisionContent: text('决定内容').optional(),
  // 公布 (art 32)
  publishedOn: date('公布日期').optional(),
  publishedWhere: text('公布途径', 200).optional(),
  publishedUrl: z.string().trim().max(500).optional().describe('公布网址'),
  // 归档 (art 33)
  archivedOn: date('归档日期').optional(),
  archiveNo: text('档号', 60).optional(),
  // 执行 (art 34)
  executingUnit: text('决策执行单位', 100).optional(),
  executionReportedOn: date('执行情况报告日期').optional(),
  executionSummary: text('执行情况').optional(),
  // 后评估 (art 36)
  postEvaluatedOn: date('后评估日期').optional(),
  postEvaluationTrigger: choice(POST_EVALUATION_TRIGGER_LABELS, '后评估情形').optional(),
  postEvaluator: text('评估单位', 100).optional(),
  postEvaluationFindings: text('后评估结论').optional(),
  closedReason: text('结束说明').optional(),
  withdrawnReason: text('终止理由').optional(),
});
export type DecisionFieldValues = z.output<typeof DecisionFields>;

/** What the server's context hook hands the guards. */
export interface DecisionContext {
  meetingItems: MeetingItemRef[];
  calendarOverrides: CalendarOverride[];
}

type Snap = CaseSnapshot<DecisionFieldValues>;
const patch = (p: Partial<DecisionFieldValues>): Partial<DecisionFieldValues> => p;
const itemsOf = (c: Snap) => (c.context?.meetingItems ?? []) as readonly MeetingItemRef[];
const calendarOf = (c: Snap) =>
  createCalendar({ overrides: (c.context?.calendarOverrides ?? []) as readonly CalendarOverride[] });

/** A recorded date lies neither in the future nor before the item was launched. */
function dateProblem(label: string, value: string, c: Snap, now: Date): string | null {
  const today = shanghaiDate(now);
  if (value > today) return `${label}不得晚于今天（${today}）`;
  if (c.fields.launchedOn && value < c.fields.launchedOn) return `${label}不得早于启动日期（${c.fields.launchedOn}）`;
  return null;
}

/** The conclusion written in the latest valid 合法性审查意见书: the action recording it must agree. */
function opinionProblem(c: Snap, outcome: 'passed' | 'failed'): string | null {
  const doc = [...c.documents].reverse().find((d) => d.kind === 'legality_opinion' && !d.voidedAt);
  const written = doc?.input?.conclusion;
  if (written !== undefined && written !== outcome) {
    return `合法性审查意见书的审查结论为“${written === 'passed' ? '通过' : '不通过'}”，与所登记的结论不符；请作废后重新出具`;
  }
  return null;
}

const OFFICE = ['fazhiban'] as const;
const REVIEWERS = ['sifasuo', 'fazhiban'] as const;
const BEFORE_DISCUSSION = ['proposed', 'launched', 'drafted', 'consulting', 'consulted', 'legal_review'] as const;

export const decision = defineCaseType({
  key: 'decision',
  label: '重大行政决策',
  numbering: '{town}决策〔{year}〕{seq}号',
  fields: DecisionFields,
  intake: DecisionIntakeFields,
  basicInfo: ['leadUnit', 'description'],
  states: {
    proposed: { label: '建议（待启动）' },
    launched: { label: '已启动（起草中）' },
    drafted: { label: '草案已形成（待公众参与）' },
    consulting: { label: '公开征求意见中' },
    consulted: { label: '公众参与已完成（论证、评估）' },
    legal_review: { label: '合法性审查中' },
    reviewed: { label: '合法性审查通过（待集体讨论）' },
    discussed: { label: '已集体讨论（待党委请示）' },
    party_reported: { label: '已向党委请示（待决定）' },
    decided: { label: '已决定（待公布）' },
    published: { label: '已公布（待归档）' },
    archived: { label: '已归档（执行中）' },
    executed: { label: '已报告执行情况' },
    evaluated: { label: '已后评估', terminal: true },
    closed: { label: '已办结', terminal: true },
    withdrawn: { label: '已终止', terminal: true },
  },
  initial: 'proposed',
  create: { roles: [...OFFICE, 'leader'], label: '登记决策事项', titleExample: '2023年镇区污水管网改造工程' },
  // The 党政办 runs it, the 司法所 reviews legality, the 镇领导 decides; the county reads.
  access: { read: ['fazhiban', 'sifasuo', 'leader', 'county'] },
  documents: {
    comment_notice: '征求意见公告',
    legality_opinion: '合法性审查意见书',
    publication: '重大行政决策公布',
  },
  issuable: {
    legality_opinion: { states: ['legal_review'] },
  },
  actions: {
    launch: {
      label: '启动决策程序',
      from: ['proposed'],
      to: 'launched',
      roles: [...OFFICE, 'leader'],
      input: z.object({
        launchedOn: date('启动日期'),
        leadUnit: text('决策承办单位', 100),
        hearing: z.boolean().describe('需要召开听证会'),
        expertReview: z.boolean().describe('需要专家论证'),
        riskAssessment: z.boolean().describe('需要风险评估'),
        stepsReason: text('程序选择理由'),
      }),
      requires: {
        guard: (_c, input, now) =>
          input && input.launchedOn > shanghaiDate(now) ? `启动日期不得晚于今天（${shanghaiDate(now)}）` : null,
      },
      effects: (_c, input) => patch(input),
    },
    record_draft: {
      label: '登记决策草案',
      from: ['launched'],
      to: 'drafted',
      roles: OFFICE,
      input: z.object({ draftedOn: date('草案形成日期'), draftSummary: text('决策草案要点') }),
      requires: { guard: (c, input, now) => (input ? dateProblem('草案形成日期', input.draftedOn, c, now) : null) },
      effects: (_c, input) => patch(input),
    },
    open_consultation: {
      label: '公开征求意见',
      from: ['drafted'],
      to: 'consulting',
      roles: OFFICE,
      input: z.object({
        commentFrom: date('征求意见公布日期'),
        commentTo: date('征求意见截止日期'),
        commentChannels: text('公布途径', 200),
        commentShortReason: text('缩短期限理由').optional(),
      }),
      requires: {
        documents: ['comment_notice'],
        guard: (c, input, now) => {
          if (!input) return null;
          return (
            commentPeriodProblem(input.commentFrom, input.commentTo, input.commentShortReason) ??
            dateProblem('征求意见公布日期', input.commentFrom, c, now)
          );
        },
      },
      effects: (_c, input) => patch({ ...input, commentDays: diffDays(input.commentFrom, input.commentTo) }),
    },
    close_consultation: {
      label: '登记意见采纳情况',
      from: ['consulting'],
      to: 'consulted',
      roles: OFFICE,
      input: z.object({
        commentCount: z.number().int().min(0).max(1_000_000).describe('收到意见（条）'),
        commentAdoption: text('意见采纳情况'),
      }),
      requires: {
        guard: (c, _input, now) => {
          const to = c.fields.commentTo;
          if (to && shanghaiDate(now) <= to) {
            return `公开征求意见期限至${to}届满，期满后方可归纳整理意见（重大行政决策程序暂行条例第十五条、第十八条）`;
          }
          return null;
        },
      },
      effects: (c, input, now) => patch({ ...input, commentClosedOn: c.fields.commentTo ?? shanghaiDate(now) }),
    },
    record_hearing: {
      label: '登记听证会',
      from: ['drafted', 'consulting', 'consulted'],
      roles: OFFICE,
      input: z.object({
        hearingMaterialsSentOn: date('听证材料送达日期'),
        hearingOn: date('听证会日期'),
        hearingPlace: text('听证会地点', 100),
        hearingParticipants: z.number().int().min(1).max(1000).describe('听证参加人（人）'),
        recordSigned: z.boolean().describe('听证参加人已确认听证会记录并签字'),
      }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.hearing) return '启动时未确定召开听证会；如需听证，请说明理由后重新确定程序';
          if (c.fields.hearingOn) return `已于${c.fields.hearingOn}登记听证会`;
          if (!input) return null;
          if (!input.recordSigned)
            return '听证参加人应当确认听证会记录并签字（重大行政决策程序暂行条例第十七条第三项）';
          return (
            hearingNoticeProblem(input.hearingMaterialsSentOn, input.hearingOn) ??
            dateProblem('听证会日期', input.hearingOn, c, now)
          );
        },
      },
      effects: (_c, { recordSigned: _signed, ...rest }) => patch(rest),
    },
    record_expert_review: {
      label: '登记专家论证',
      from: ['drafted', 'consulting', 'consulted'],
      roles: OFFICE,
      input: z.object({
        expertReviewedOn: date('专家论证日期'),
        experts: z.array(Expert).min(1, '请至少填写一位论证专家').max(30).describe('论证专家'),
        expertOpinion: text('专家论证意见'),
      }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.expertReview) return '启动时未确定需要专家论证';
          if (c.fields.expertReviewedOn) return `已于${c.fields.expertReviewedOn}登记专家论证`;
          if (!input) return null;
          return expertSignaturesProblem(input.experts) ?? dateProblem('专家论证日期', input.expertReviewedOn, c, now);
        },
      },
      effects: (_c, input) => patch(input),
    },
    record_risk_assessment: {
      label: '登记风险评估',
      from: ['drafted', 'consulting', 'consulted'],
      roles: OFFICE,
      input: z.object({
        riskAssessedOn: date('风险评估日期'),
        riskLevel: choice(RISK_LEVEL_LABELS, '风险等级'),
        // Art 23 ¶2: the report names the risk points, the measures and the plan.
        riskPoints: text('风险点'),
        riskMeasures: text('风险防范措施'),
        riskPlan: text('处置预案'),
      }),
      requires: {
        guard: (c, input, now) => {
          if (!c.fields.riskAssessment) return '启动时未确定需要风险评估';
          if (c.fields.riskAssessedOn) return `已于${c.fields.riskAssessedOn}登记风险评估`;
          return input ? dateProblem('风险评估日期', input.riskAssessedOn, c, now) : null;
        },
      },
      effects: (_c, input) => patch(input),
    },
    send_legal_review: {
      label: '送请合法性审查',
      from: ['consulted'],
      to: 'legal_review',
      roles: OFFICE,
      input: z.object({
        legalSentOn: date('送审日期'),
        legalReviewer: choice(LEGALITY_REVIEWER_LABELS, '审查机构'),
        legalDueOn: date('审查期限'),
        legalShortReason: text('缩短审查期限理由').optional(),
      }),
      requires: {
        guard: (c, input, now) => {
          const steps = chosenStepsProblem(c.fields);
          if (steps || !input) return steps;
          if (input.legalDueOn <= input.legalSentOn) return '审查期限应晚于送审日期';
          return (
            legalityReviewPeriodProblem(calendarOf(c), input.legalSentOn, input.legalDueOn, input.legalShortReason) ??
            dateProblem('送审日期', input.legalSentOn, c, now)
          );
        },
      },
      effects: (c, input) => {
        const days = workdaysBetween(calendarOf(c), input.legalSentOn, input.legalDueOn);
        return patch({
          ...input,
          legalReviewDays: Math.max(1, days),
          legalOutcome: undefined,
          legalOpinion: undefined,
          legalReviewedOn: undefined,
        });
      },
    },
    pass_legal_review: {
      label: '审查通过',
      from: ['legal_review'],
      to: 'reviewed',
      roles: REVIEWERS,
      input: z.object({
        legalReviewedOn: date('审查意见日期'),
        legalReviewerName: text('审查人', 50),
        legalOpinion: text('合法性审查意见'),
      }),
      requires: {
        documents: ['legality_opinion'],
        guard: (c, input, now) => {
          const opinion = opinionProblem(c, 'passed');
          if (opinion || !input) return opinion;
          if (c.fields.legalSentOn && input.legalReviewedOn < c.fields.legalSentOn)
            return '审查意见日期不得早于送审日期';
          return dateProblem('审查意见日期', input.legalReviewedOn, c, now);
        },
      },
      effects: (_c, input) => patch({ ...input, legalOutcome: 'passed' }),
    },
    fail_legal_review: {
      label: '审查不通过（退回修改）',
      from: ['legal_review'],
      to: 'drafted',
      roles: REVIEWERS,
      input: z.object({
        legalReviewedOn: date('审查意见日期'),
        legalReviewerName: text('审查人', 50),
        legalOpinion: text('合法性审查意见'),
      }),
      requires: {
        documents: ['legality_opinion'],
        guard: (c, input, now) =>
          opinionProblem(c, 'failed') ?? (input ? dateProblem('审查意见日期', input.legalReviewedOn, c, now) : null),
      },
      // Back to the draft: it is revised and, being a new draft, consulted and reviewed again.
      effects: (_c, input) =>
        patch({ ...input, legalOutcome: 'failed', commentClosedOn: undefined, commentFrom: undefined }),
    },
    // Listed from the earlier states too, disabled with its reason (art 25), so the office sees why.
    discuss: {
      label: '登记集体讨论',
      from: [...BEFORE_DISCUSSION, 'reviewed'],
      to: 'discussed',
      roles: OFFICE,
      input: z.object({ meetingItemId: meetingItemIdInput('会议议题') }),
      requires: {
        guard: (c, input) => {
          const gate = legalityGateProblem(c.fields.legalOutcome);
          if (gate) return gate;
          const items = itemsOf(c);
          const held = collectiveDiscussionProblem(items);
          if (held) return held;
          if (!input) return null;
          const item = concludedItems(items).find((i) => i.itemId === input.meetingItemId);
          if (!item) return '所选会议议题不是针对本决策事项、已召开并作出结论的议题';
          if (item.conclusion === 'rejected' || item.conclusion === 'deferred') {
            return '会议未通过该决策草案（不予通过或暂缓），不能进入党委请示';
          }
          return null;
        },
      },
      effects: (c, input) => {
        const item = itemsOf(c).find((i) => i.itemId === input.meetingItemId);
        return patch({
          meetingItemId: input.meetingItemId,
          ...(item ? { discussedOn: item.heldOn, meetingTitle: item.title.slice(0, 100) } : {}),
        });
      },
    },
    report_party: {
      label: '向党委请示报告',
      from: ['discussed'],
      to: 'party_reported',
      roles: OFFICE,
      input: z.object({ partyReportedOn: date('向党委请示日期'), partyReply: text('党委意见') }),
      requires: {
        guard: (c, input, now) => {
          if (!input) return null;
          if (c.fields.discussedOn && input.partyReportedOn < c.fields.discussedOn)
            return `向党委请示日期不得早于集体讨论日期（${c.fields.discussedOn}）`;
          return dateProblem('向党委请示日期', input.partyReportedOn, c, now);
        },
      },
      effects: (_c, input) => patch(input),
    },
    decide: {
      label: '作出决定',
      from: ['party_reported'],
      to: 'decided',
      roles: ['leader', ...OFFICE],
      input: z.object({
        decidedOn: date('决定日期'),
        decisionNo: z.string().trim().max(100).optional().describe('决定文号'),
        decisionContent: text('决定内容'),
        executingUnit: text('决策执行单位', 100),
      }),
      requires: {
        guard: (c, input, now) => {
          if (!input) return null;
          if (c.fields.partyReportedOn && input.decidedOn < c.fields.partyReportedOn)
            return `决定日期不得早于向党委请示日期（${c.fields.partyReportedOn}）（重大行政决策程序暂行条例第三十一条）`;
          return dateProblem('决定日期', input.decidedOn, c, now);
        },
      },
      effects: (_c, input) => patch(input),
    },
    publish: {
      label: '公布决策',
      from: ['decided'],
      to: 'published',
      roles: OFFICE,
      input: z.object({
        publishedOn: date('公布日期'),
        publishedWhere: text('公布途径', 200),
        publishedUrl: z.string().trim().max(500).optional().describe('公布网址'),
      }),
      requires: {
        documents: ['publication'],
        guard: (c, input, now) => {
          if (!input) return null;
          if (c.fields.decidedOn && input.publishedOn < c.fields.decidedOn)
            return `公布日期不得早于决定日期（${c.fields.decidedOn}）`;
          return dateProblem('公布日期', input.publishedOn, c, now);
        },
      },
      effects: (_c, input) => patch(input),
    },
    archive: {
      label: '归档',
      from: ['published'],
      to: 'archived',
      roles: OFFICE,
      input: z.object({ archivedOn: date('归档日期'), archiveNo: text('档号', 60) }),
      requires: { guard: (c, input, now) => (input ? dateProblem('归档日期', input.archivedOn, c, now) : null) },
      effects: (_c, input) => patch(input),
    },
    report_execution: {
      label: '报告执行情况',
      from: ['archived'],
      to: 'executed',
      roles: OFFICE,
      input: z.object({ executionReportedOn: date('执行情况报告日期'), executionSummary: text('执行情况') }),
      requires: {
        guard: (c, input, now) => (input ? dateProblem('执行情况报告日期', input.executionReportedOn, c, now) : null),
      },
      effects: (_c, input) => patch(input),
    },
    post_evaluate: {
      label: '登记决策后评估',
      from: ['executed'],
      to: 'evaluated',
      roles: OFFICE,
      input: z.object({
        postEvaluatedOn: date('后评估日期'),
        postEvaluationTrigger: choice(POST_EVALUATION_TRIGGER_LABELS, '后评估情形'),
        postEvaluator: text('评估单位', 100),
        postEvaluationFindings: text('后评估结论'),
      }),
      requires: {
        guard: (c, input, now) => (input ? dateProblem('后评估日期', input.postEvaluatedOn, c, now) : null),
      },
      effects: (_c, input) => patch(input),
    },
    // Art 36: a post-evaluation is organised in its three cases only ("可以"); otherwise the case ends.
    close: {
      label: '办结（不开展后评估）',
      from: ['executed'],
      to: 'closed',
      roles: OFFICE,
      input: z.object({ closedReason: text('结束说明') }),
      effects: (_c, input) => patch(input),
    },
    withdraw: {
      label: '终止决策程序',
      from: [...BEFORE_DISCUSSION, 'reviewed', 'discussed', 'party_reported'],
      to: 'withdrawn',
      roles: ['leader', ...OFFICE],
      input: z.object({ withdrawnReason: text('终止理由') }),
      optional: true,
      effects: (_c, input) => patch(input),
    },
  },
  clocks: {
    // 政府信息公开条例 art 26: made public within 20 working days of being formed.
    publication: {
      label: '决策公开期限',
      start: { on: 'decide', from: 'decidedOn' },
      length: 20,
      unit: 'wd',
      stopOn: ['publish'],
      basis: '政府信息公开条例 第26条',
    },
    comment_period: {
      label: '公开征求意见期限',
      kind: 'window',
      start: { on: 'open_consultation', from: 'commentFrom' },
      length: 30,
      lengthFrom: 'commentDays',
      unit: 'd',
      stopOn: [],
      basis: '重大行政决策程序暂行条例 第15条',
    },
    legality_review: {
      label: '合法性审查期限',
      start: { on: 'send_legal_review', from: 'legalSentOn' },
      length: 7,
      lengthFrom: 'legalReviewDays',
      unit: 'wd',
      stopOn: ['pass_legal_review', 'fail_legal_review'],
      basis: '重大行政决策程序暂行条例 第26条第2款',
    },
  },
});
