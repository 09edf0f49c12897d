/**
 * Major administrative decisions (重大行政决策, issue 16): the words and the pure rules of the
 * `decision` case type (../cases/decision.ts) and of the yearly catalogue (决策事项目录).
 * Source: 重大行政决策程序暂行条例 (2019, in ../../../../shared/laws), which a town applies by
 * reference (参照, art 42); docs/domain.md §3. Each rule returns the Chinese reason to refuse,
 * or null, and names its article.
 */
import type { Calendar } from '../calendar/calendar.ts';
import { addDays, diffDays, type IsoDate } from '../calendar/dates.ts';
import { addPeriod } from '../calendar/period.ts';

/** 条例 art 3 ¶1 (一)–(五): what a decision item is about. */
export const DECISION_CATEGORY_LABELS = {
  public_policy: '重大公共政策和措施',
  plan: '经济和社会发展等方面的重要规划',
  resources: '开发利用、保护重要自然资源和文化资源的重大公共政策和措施',
  project: '重大公共建设项目',
  other: '涉及重大公共利益或者社会公众切身利益的其他重大事项',
} as const;
export type DecisionCategory = keyof typeof DECISION_CATEGORY_LABELS;

/** A catalogue item's life: drafted by the 党政办, agreed by the 党委 (art 3 ¶3), published. */
export const CATALOGUE_STATUS_LABELS = {
  draft: '草拟',
  approved: '党委已同意',
  published: '已公布',
} as const;
export type CatalogueStatus = keyof typeof CATALOGUE_STATUS_LABELS;

/** Who reviews legality at a town (docs/domain.md §3 [M]; 条例 art 28: the adviser is heard). */
export const LEGALITY_REVIEWER_LABELS = {
  sifasuo: '司法所',
  adviser: '法律顾问',
} as const;

export const RISK_LEVEL_LABELS = { low: '低风险', medium: '中风险', high: '高风险' } as const;

/** 条例 art 36 ¶1: why a post-evaluation was organised. */
export const POST_EVALUATION_TRIGGER_LABELS = {
  short_of_goal: '实施后明显未达到预期效果',
  many_objections: '公民、法人或者其他组织提出较多意见',
  deemed_necessary: '决策机关认为有必要',
} as const;

/** Art 15: the comment period is generally not shorter than 30 days. */
export const COMMENT_MIN_DAYS = 30;
/** Art 16 ¶3: hearing materials reach the participants 7 days before the hearing. */
export const HEARING_NOTICE_DAYS = 7;
/** Art 26 ¶2: the reviewer is allowed generally not less than 7 working days. */
export const LEGALITY_REVIEW_MIN_WORKDAYS = 7;

/**
 * Art 15 ¶1: the comment period runs from the day after publication (the start day does not
 * count, docs/domain.md §12) and is generally not shorter than 30 days; a shorter one must
 * say why when it is announced.
 */
export function commentPeriodProblem(from: IsoDate, to: IsoDate, shortReason: string | undefined): string | null {
  if (to <= from) return '征求意见截止日期应晚于公布日期';
  const days = commentDays(from, to);
  if (days < COMMENT_MIN_DAYS && !shortReason?.trim()) {
    return `公开征求意见期限为${days}日，少于30日；因情况紧急等原因需要缩短期限的，应当在公开征求意见时说明理由（重大行政决策程序暂行条例第十五条）`;
  }
  return null;
}

/** The length of a comment period in days, the publication day not counted. */
export function commentDays(from: IsoDate, to: IsoDate): number {
  return diffDays(from, to);
}

/**
 * Art 16 ¶3: the hearing materials are served on the participants 7 days before the hearing:
 * at least 7 whole days lie between service and the hearing day (served on the 1st, heard on
 * the 8th at the earliest). A period before an event does not roll off rest days.
 */
export function hearingNoticeProblem(materialsSentOn: IsoDate, hearingOn: IsoDate): string | null {
  const earliest = addDays(materialsSentOn, HEARING_NOTICE_DAYS);
  if (hearingOn < earliest) {
    return `听证会材料应当于召开听证会7日前送达听证参加人：材料${materialsSentOn}送达的，听证会最早于${earliest}召开（重大行政决策程序暂行条例第十六条第三款）`;
  }
  return null;
}

/** Art 26 ¶2: the first day the reviewer may be asked to answer by (7 working days allowed). */
export function earliestReviewDue(calendar: Calendar, sentOn: IsoDate): IsoDate {
  return addPeriod(calendar, { unit: 'wd', from: sentOn, length: LEGALITY_REVIEW_MIN_WORKDAYS }).due;
}

/** Art 26 ¶2: the review period asked for allows generally not less than 7 working days. */
export function legalityReviewPeriodProblem(
  calendar: Calendar,
  sentOn: IsoDate,
  dueOn: IsoDate,
  shortReason: string | undefined,
): string | null {
  const earliest = earliestReviewDue(calendar, sentOn);
  if (dueOn < earliest && !shortReason?.trim()) {
    return `送请合法性审查应当保证必要的审查时间，一般不少于7个工作日：${sentOn}送审的，审查期限不早于${earliest}；确需缩短的请说明理由（重大行政决策程序暂行条例第二十六条第二款）`;
  }
  return null;
}

/**
 * Art 25: a draft that has not been reviewed for legality, or was found unlawful, is not put
 * to the organ's discussion; seeking comments does not replace the review.
 */
export function legalityGateProblem(legalOutcome: string | undefined): string | null {
  if (legalOutcome === 'passed') return null;
  if (legalOutcome === 'failed') {
    return '决策草案经合法性审查不合法，不得提交集体讨论；请修改后重新送审（重大行政决策程序暂行条例第二十五条第二款）';
  }
  return '决策草案未经合法性审查，不得提交集体讨论；不得以征求意见等方式代替合法性审查（重大行政决策程序暂行条例第二十五条）';
}

/** The optional steps chosen at 启动, and whether each was done. */
export interface DecisionSteps {
  hearing?: boolean | undefined;
  expertReview?: boolean | undefined;
  riskAssessment?: boolean | undefined;
  hearingOn?: string | undefined;
  expertReviewedOn?: string | undefined;
  riskAssessedOn?: string | undefined;
}

/**
 * Before the legality review: each step chosen at 启动 is done (art 16–17 hearing, art 19 expert
 * review, art 22–23 risk assessment), so the review can judge the procedure (art 27 (二)).
 */
export function chosenStepsProblem(s: DecisionSteps): string | null {
  const missing: string[] = [];
  if (s.hearing && !s.hearingOn) missing.push('听证会（第十六条、第十七条）');
  if (s.expertReview && !s.expertReviewedOn) missing.push('专家论证（第十九条）');
  if (s.riskAssessment && !s.riskAssessedOn) missing.push('风险评估（第二十二条、第二十三条）');
  if (missing.length === 0) return null;
  return `启动时确定的程序尚未完成：${missing.join('、')}，不能送请合法性审查（重大行政决策程序暂行条例第二十七条第二项）`;
}

/** Art 19 ¶2: written expert opinions are signed (署名、盖章). */
export function expertSignaturesProblem(experts: readonly { name: string; signed: boolean }[]): string | null {
  const unsigned = experts.filter((e) => !e.signed).map((e) => e.name);
  if (unsigned.length === 0) return null;
  return `专家书面论证意见应当署名、盖章，以下专家的意见未署名：${unsigned.join('、')}（重大行政决策程序暂行条例第十九条第二款）`;
}

/**
 * The steps a decided item must show to count as complete (the report's 程序完备率): public
 * participation, legality review (always), collective discussion, the Party committee, and
 * whichever of hearing, expert review and risk assessment 启动 chose.
 */
export interface DecisionRecord extends DecisionSteps {
  commentClosedOn?: string | undefined;
  legalOutcome?: string | undefined;
  discussedOn?: string | undefined;
  partyReportedOn?: string | undefined;
  decidedOn?: string | undefined;
}

export function missingSteps(r: DecisionRecord): string[] {
  const out: string[] = [];
  if (!r.commentClosedOn) out.push('公众参与');
  if (r.hearing && !r.hearingOn) out.push('听证会');
  if (r.expertReview && !r.expertReviewedOn) out.push('专家论证');
  if (r.riskAssessment && !r.riskAssessedOn) out.push('风险评估');
  if (r.legalOutcome !== 'passed') out.push('合法性审查');
  if (!r.discussedOn) out.push('集体讨论');
  if (!r.partyReportedOn) out.push('党委请示');
  return out;
}

/** The catalogue's transitions: a draft is agreed by the 党委, then published (art 3 ¶3). */
export function catalogueTransitionProblem(
  from: CatalogueStatus,
  to: 'approved' | 'published',
  on: IsoDate,
  approvedOn: IsoDate | null,
): string | null {
  if (to === 'approved' && from !== 'draft') return '只有草拟中的事项可以登记党委同意';
  if (to === 'published') {
    if (from !== 'approved')
      return '决策事项目录应当经同级党委同意后向社会公布（重大行政决策程序暂行条例第三条第三款）';
    if (approvedOn && on < approvedOn) return `公布日期不得早于党委同意日期（${approvedOn}）`;
  }
  return null;
}
