/**
 * Normative documents (行政规范性文件, issue 16; docs/domain.md §4): the pure rules the
 * `normative` case type (../cases/normative.ts) and its figures share.
 *
 * Sources: 国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知 (国办发〔2018〕37号): public
 * comment generally not less than 7 working days, validity at most 5 years, evaluated before
 * it lapses [M: recalled, not in the stored laws]; 国务院办公厅关于全面推行行政规范性文件合法性
 * 审核机制的指导意见 (国办发〔2018〕115号): the legality review takes generally not less than 5
 * and at most 15 working days [M]. What a normative document may not create: 行政处罚法 art 16
 * (no penalty), 行政许可法 art 17 (no licence), 行政强制法 art 10 ¶4 (no compulsory measure) [V,
 * ../../../../shared/laws]; fees and new duties or reduced rights without a higher law's basis
 * are 37号's words [M]. The 6-month evaluation before expiry is local practice as docs/domain.md
 * §4 reports it [S, local].
 */
import type { Calendar } from '../calendar/calendar.ts';
import { addDays, addMonths, type IsoDate } from '../calendar/dates.ts';
import { workdaysBetween } from '../calendar/period.ts';
import {
  collectiveDiscussionProblem,
  concludedItems,
  MEETING_CONCLUSION_LABELS,
  type MeetingItemRef,
} from './meetings.ts';

/** 征求意见 lasts at least this many working days (国办发〔2018〕37号). */
export const COMMENT_MIN_WORKDAYS = 7;
/** 合法性审核 takes at least / at most this many working days (国办发〔2018〕115号). */
export const REVIEW_MIN_WORKDAYS = 5;
export const REVIEW_MAX_WORKDAYS = 15;
/** Validity at most 5 years (国办发〔2018〕37号). */
export const VALIDITY_MAX_MONTHS = 60;
/** Evaluated 6 months before it lapses (docs/domain.md §4, local practice). */
export const EVALUATION_LEAD_MONTHS = 6;
/** The county's filing period when it has set none (docs/domain.md §4: 15–30 d, set locally). */
export const DEFAULT_FILING_DAYS = 15;

/** The reviewer's checklist: each item true means the draft does it (and so cannot pass). */
export const REVIEW_CHECKLIST_LABELS = {
  createsLicence: '设定行政许可（行政许可法第十七条）',
  createsPenalty: '设定行政处罚（行政处罚法第十六条）',
  createsCompulsory: '设定行政强制措施（行政强制法第十条第四款）',
  createsFee: '设定收费事项',
  addsDutiesWithoutBasis: '无上位法依据增加公民、法人和其他组织义务或减损其权利',
} as const;
export type ReviewChecklistKey = keyof typeof REVIEW_CHECKLIST_LABELS;
export type ReviewChecklist = Record<ReviewChecklistKey, boolean>;

export const REVIEWER_KIND_LABELS = { sifasuo: '司法所', adviser: '法律顾问' } as const;

export const FILING_RESULT_LABELS = {
  accepted: '予以备案',
  correction: '责令纠正',
  rejected: '不予备案，建议撤销',
} as const;
export type FilingResult = keyof typeof FILING_RESULT_LABELS;

export const CLEANUP_RESULT_LABELS = { amended: '修改', abolished: '废止', continued: '继续有效' } as const;
export type CleanupResult = keyof typeof CLEANUP_RESULT_LABELS;

/** Working days from `from` to `until`, both included. */
export function workdaysInclusive(calendar: Calendar, from: IsoDate, until: IsoDate): number {
  return workdaysBetween(calendar, addDays(from, -1), until);
}

/** 国办发〔2018〕37号: the comment period is at least 7 working days. */
export function commentPeriodProblem(calendar: Calendar, from: IsoDate, until: IsoDate): string | null {
  if (until < from) return '征求意见截止日期不得早于开始日期';
  const n = workdaysInclusive(calendar, from, until);
  return n < COMMENT_MIN_WORKDAYS
    ? `征求意见期限为${n}个工作日，不得少于${COMMENT_MIN_WORKDAYS}个工作日（国办发〔2018〕37号）`
    : null;
}

/**
 * 国办发〔2018〕115号: the reviewer is given at least 5 and at most 15 working days, counted from
 * the day after submission to the due date.
 */
export function reviewPeriodProblem(calendar: Calendar, submittedOn: IsoDate, due: IsoDate): string | null {
  if (due <= submittedOn) return '审核期限应晚于报送审核日期';
  const n = workdaysBetween(calendar, submittedOn, due);
  if (n < REVIEW_MIN_WORKDAYS)
    return `合法性审核期限为${n}个工作日，不得少于${REVIEW_MIN_WORKDAYS}个工作日（国办发〔2018〕115号）`;
  if (n > REVIEW_MAX_WORKDAYS)
    return `合法性审核期限为${n}个工作日，最长不得超过${REVIEW_MAX_WORKDAYS}个工作日（国办发〔2018〕115号）`;
  return null;
}

/** The checklist items the reviewer ticked: a draft doing any of them cannot pass. */
export function flaggedItems(checklist: Partial<ReviewChecklist> | undefined): ReviewChecklistKey[] {
  if (!checklist) return [];
  return (Object.keys(REVIEW_CHECKLIST_LABELS) as ReviewChecklistKey[]).filter((k) => checklist[k] === true);
}

export function flaggedProblem(checklist: Partial<ReviewChecklist> | undefined): string | null {
  const f = flaggedItems(checklist);
  return f.length
    ? `草案${f.map((k) => REVIEW_CHECKLIST_LABELS[k]).join('、')}，不得通过合法性审核（国办发〔2018〕37号、115号）`
    : null;
}

/** 国办发〔2018〕37号: valid at most 5 years. */
export function validityProblem(months: number): string | null {
  if (!Number.isInteger(months) || months < 1) return '有效期应为正整数个月';
  return months > VALIDITY_MAX_MONTHS
    ? `有效期${months}个月超过5年（${VALIDITY_MAX_MONTHS}个月），规范性文件有效期不得超过5年（国办发〔2018〕37号）`
    : null;
}

/** The day the document lapses: `months` after it takes effect (the day before that day ends it). */
export function expiryDate(validFrom: IsoDate, months: number): IsoDate {
  return addMonths(validFrom, months).date;
}

/** The day the evaluation is due: 6 months before expiry (never before the document takes effect). */
export function evaluationDue(validFrom: IsoDate, months: number): IsoDate {
  const due = addMonths(validFrom, months - EVALUATION_LEAD_MONTHS).date;
  return due < validFrom ? validFrom : due;
}

/** Months from taking effect to the evaluation (the evaluation clock's length); null when ≤ 6 months. */
export function evaluationMonths(months: number): number | null {
  return months > EVALUATION_LEAD_MONTHS ? months - EVALUATION_LEAD_MONTHS : null;
}

/** Was the filing made within the county's period (calendar days after 公布)? */
export function filedOnTime(publishedOn: IsoDate, filedOn: IsoDate, filingDays: number): boolean {
  return filedOn <= addDays(publishedOn, filingDays);
}

/**
 * The collective-discussion gate (./meetings.ts) with the item the action relies on: it must be
 * an item naming this case (the context holds only those) of a held meeting that concluded on
 * it, and the conclusion must let the document go on (通过 or 修改后通过).
 */
export function collectiveDiscussionProblemFor(
  items: readonly MeetingItemRef[] | undefined,
  itemId: number | undefined,
): string | null {
  const general = collectiveDiscussionProblem(items);
  if (general || itemId === undefined) return general;
  const item = concludedItems(items ?? []).find((i) => i.itemId === itemId);
  if (!item) return '所选议题未审议本规范性文件，或会议尚未召开、尚无结论';
  if (item.conclusion !== 'adopted' && item.conclusion !== 'amended')
    return `会议结论为「${MEETING_CONCLUSION_LABELS[item.conclusion!]}」，未通过的规范性文件不得签发`;
  return null;
}
