/**
 * Collective decision meetings (集体讨论, issue 16): the words and the one rule every case type
 * that needs a collective decision shares. 重大行政决策程序暂行条例 art 30: a major decision is
 * discussed at a meeting of the organ; at the town that is the 党政联席会 or the 班子会 (docs/
 * domain.md §3). A case's "collective discussion" step is satisfied only by an agenda item of a
 * meeting that was held and concluded on it: the server's case-type context hooks hand the items
 * in (server/src/modules/decisions/meetings/gate.ts `meetingItemsForCase`), the guards call
 * `collectiveDiscussionProblem`.
 */

import { z } from 'zod';

export const MEETING_KIND_LABELS = {
  party_committee: '党委会',
  joint: '党政联席会',
  mayor_office: '镇长办公会',
  team: '班子会',
} as const;
export type MeetingKind = keyof typeof MEETING_KIND_LABELS;

export const MEETING_STATUS_LABELS = {
  planned: '已安排',
  held: '已召开',
  cancelled: '已取消',
} as const;
export type MeetingStatus = keyof typeof MEETING_STATUS_LABELS;

export const MEETING_CONCLUSION_LABELS = {
  adopted: '通过',
  amended: '修改后通过',
  rejected: '不予通过',
  deferred: '暂缓',
} as const;
export type MeetingConclusion = keyof typeof MEETING_CONCLUSION_LABELS;

/** An agenda item naming a case, as a case type's guard sees it (CaseSnapshot.context). */
export interface MeetingItemRef {
  meetingId: number;
  itemId: number;
  kind: MeetingKind;
  title: string;
  /** 'YYYY-MM-DD'. */
  heldOn: string;
  status: MeetingStatus;
  conclusion: MeetingConclusion | null;
}

/** The items of held meetings that concluded on the case, most recent first. */
export function concludedItems(items: readonly MeetingItemRef[]): MeetingItemRef[] {
  return items
    .filter((i) => i.status === 'held' && i.conclusion !== null)
    .sort((a, b) => (a.heldOn < b.heldOn ? 1 : a.heldOn > b.heldOn ? -1 : b.itemId - a.itemId));
}

/**
 * Null when a held meeting concluded on the case (its latest such item is the decision), else
 * the Chinese reason the collective-discussion step cannot be recorded.
 */
export function collectiveDiscussionProblem(items: readonly MeetingItemRef[] | undefined): string | null {
  if (!items || concludedItems(items).length === 0)
    return '尚无已召开会议对本事项作出结论：请先在“会议”中将本事项列入议题，会议召开并记录结论后再登记集体讨论';
  return null;
}

// ── What an agenda item may decide ─────────────────────────────────────────────────────────

/**
 * The case types an agenda item may name: those whose procedure has a collective-discussion
 * step (a major decision, 条例 art 30; a normative document's 集体审议; a contract; a complex
 * penalty, 行政处罚法 art 57 ¶2). The meetings check the type read from the case against this list.
 */
export const MEETING_CASE_TYPES = ['decision', 'normative', 'contract', 'penalty'] as const;
export type MeetingCaseType = (typeof MEETING_CASE_TYPES)[number];

export function isMeetingCaseType(type: string): type is MeetingCaseType {
  return (MEETING_CASE_TYPES as readonly string[]).includes(type);
}

/** The words of a view said on an item (MeetingView.view in the server's schema). */
export const MEETING_VIEW_LABELS = {
  agree: '同意',
  disagree: '不同意',
  abstain: '弃权',
  other: '其他意见',
} as const;
export type MeetingViewKind = keyof typeof MEETING_VIEW_LABELS;

/** 应出席 (a member of the meeting, counted for the quorum) / 列席 (attends, not counted). */
export const ATTENDEE_ROLE_LABELS = { member: '应出席', observer: '列席' } as const;
export type AttendeeRole = keyof typeof ATTENDEE_ROLE_LABELS;

export interface AttendeeLike {
  name: string;
  role: AttendeeRole;
  present: boolean;
}

export interface ViewLike {
  name: string;
  view: MeetingViewKind;
}

// ── Quorum ─────────────────────────────────────────────────────────────────────────────────

export interface Quorum {
  /** 应出席 members (observers are not counted). */
  members: number;
  /** Members present. */
  present: number;
  /** The fewest members present for the meeting to decide: more than half. */
  required: number;
  met: boolean;
}

/**
 * 过半数 of the members present. Source: the brief of issue 16 (the rule of the town's meetings
 * of the leading group, 民主集中制); neither 重大行政决策程序暂行条例 nor docs/domain.md states a
 * quorum. Party rules of the standing committees say “半数以上委员到会” (at least half, since
 * 以上 includes the number itself); the stricter “more than half” is kept here so that a meeting
 * of exactly half is refused rather than counted.
 */
export function quorumOf(attendees: readonly AttendeeLike[]): Quorum {
  const members = attendees.filter((a) => a.role === 'member');
  const present = members.filter((a) => a.present).length;
  const required = Math.floor(members.length / 2) + 1;
  return { members: members.length, present, required, met: members.length > 0 && present >= required };
}

/** Null when the members present are more than half, else the Chinese reason. */
export function quorumProblem(attendees: readonly AttendeeLike[]): string | null {
  const q = quorumOf(attendees);
  if (q.members === 0) return '会议没有应出席人员，无法判断是否达到法定人数';
  if (q.met) return null;
  return `应出席${q.members}人，实到${q.present}人，未超过半数（至少应到${q.required}人），会议不能作出决定`;
}

// ── Views in order, the chief last (条例 art 30) ─────────────────────────────────────────────

/**
 * Problems of one item's views (条例 art 30 ¶2: 会议组成人员充分发表意见，行政首长最后发表意见):
 * every speaker is a present attendee and speaks once, the chief is among them, and the chief
 * speaks last. Messages in Chinese; empty when the list is right.
 */
export function viewsProblems(
  views: readonly ViewLike[],
  attendees: readonly AttendeeLike[],
  chiefName: string,
): string[] {
  const out: string[] = [];
  const present = new Set(attendees.filter((a) => a.present).map((a) => a.name));
  const seen = new Set<string>();
  for (const v of views) {
    if (!present.has(v.name)) out.push(`${v.name}不是本次会议的出席人员，不能记录其意见`);
    if (seen.has(v.name)) out.push(`${v.name}的意见重复记录`);
    seen.add(v.name);
  }
  if (!present.has(chiefName)) out.push(`行政首长${chiefName}未出席，不能作出决定`);
  const at = views.findIndex((v) => v.name === chiefName);
  if (at < 0) out.push(`未记录行政首长${chiefName}的意见（条例第三十条：行政首长最后发表意见）`);
  else if (at !== views.length - 1)
    out.push(`行政首长${chiefName}应当最后发表意见（重大行政决策程序暂行条例第三十条）`);
  if (views.length < 2) out.push('请记录会议组成人员的意见（条例第三十条：会议组成人员应当充分发表意见）');
  return out;
}

// ── The chief's decision against the majority (条例 art 30) ──────────────────────────────────

/**
 * The majority view of the members other than the chief who are present: 'agree' or 'disagree'
 * when more than half of them said so, else null (no majority). Observers (列席) are not 会议组成人员.
 */
export function majorityView(
  views: readonly ViewLike[],
  attendees: readonly AttendeeLike[],
  chiefName: string,
): 'agree' | 'disagree' | null {
  const members = new Set(
    attendees.filter((a) => a.role === 'member' && a.present && a.name !== chiefName).map((a) => a.name),
  );
  if (members.size === 0) return null;
  const count = (k: MeetingViewKind) => views.filter((v) => members.has(v.name) && v.view === k).length;
  if (count('agree') * 2 > members.size) return 'agree';
  if (count('disagree') * 2 > members.size) return 'disagree';
  return null;
}

/**
 * Whether the chief's decision (the item's conclusion: 行政首长在集体讨论的基础上作出决定, art 30
 * ¶1) differs from the majority: adopting (as is or amended) what most members opposed, or
 * rejecting or deferring what most members agreed to. Then the reason must be stated at the
 * meeting and minuted (art 30 ¶2).
 */
export function chiefDiffers(
  conclusion: MeetingConclusion,
  views: readonly ViewLike[],
  attendees: readonly AttendeeLike[],
  chiefName: string,
): boolean {
  const m = majorityView(views, attendees, chiefName);
  if (m === 'disagree') return conclusion === 'adopted' || conclusion === 'amended';
  if (m === 'agree') return conclusion === 'rejected' || conclusion === 'deferred';
  return false;
}

export interface ItemRecordLike {
  views: readonly ViewLike[];
  conclusion: MeetingConclusion | null | undefined;
  conclusionText?: string | null | undefined;
  chiefDiffersReason?: string | null | undefined;
}

/** Every problem of one item's record at a held meeting, each with the field it concerns. */
export function itemRecordProblems(
  item: ItemRecordLike,
  attendees: readonly AttendeeLike[],
  chiefName: string,
): { path: string; message: string }[] {
  const out = viewsProblems(item.views, attendees, chiefName).map((message) => ({ path: 'views', message }));
  if (!item.conclusion) out.push({ path: 'conclusion', message: '请选择会议结论' });
  else if (!item.conclusionText?.trim()) out.push({ path: 'conclusionText', message: '请填写决定事项（结论内容）' });
  if (
    item.conclusion &&
    chiefDiffers(item.conclusion, item.views, attendees, chiefName) &&
    !item.chiefDiffersReason?.trim()
  ) {
    out.push({
      path: 'chiefDiffersReason',
      message: '行政首长的决定与多数人意见不一致，应当说明理由（重大行政决策程序暂行条例第三十条）',
    });
  }
  return out;
}

/**
 * The agenda item a case's 集体讨论 step relies on, as an action input or a case field: the web's
 * forms pick it from the items naming the case (lookup 'meeting-items',
 * web/src/modules/decisions/meetings/lookups.ts) rather than ask for an id; the guard still
 * checks that the item names this case and was concluded at a held meeting.
 */
export const meetingItemIdInput = (label = '会议议题') =>
  z.number().int().positive().max(2_147_483_647).meta({ lookup: 'meeting-items' }).describe(label);
