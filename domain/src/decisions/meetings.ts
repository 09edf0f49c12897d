/**
 * Collective decision meetings (集体讨论, issue 16): the words and the one rule every case type
 * that needs a collective decision shares. 重大行政决策程序暂行条例 art 30: a major decision is
 * discussed at a meeting of the organ; at the town that is the 党政联席会 or the 班子会 (docs/
 * domain.md §3). A case's "collective discussion" step is satisfied only by an agenda item of a
 * meeting that was held and concluded on it: the server's case-type context hooks hand the items
 * in (server/src/modules/decisions/meetings/gate.ts `meetingItemsForCase`), the guards call
 * `collectiveDiscussionProblem`.
 */

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
