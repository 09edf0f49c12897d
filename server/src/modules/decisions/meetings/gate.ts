/**
 * The agenda items that name a case, for the case types' context hooks: a case's "collective
 * discussion" step is satisfied only by an item of a held meeting (domain/src/decisions/
 * meetings.ts `collectiveDiscussionProblem`; migrations/0022_meetings.sql).
 */
import type { MeetingItemRef } from '@fazhi/domain/decisions/meetings';
import type { Kysely } from 'kysely';
import type { DB } from '../../../db/schema.ts';

export async function meetingItemsForCase(db: Kysely<DB>, townId: number, caseId: number): Promise<MeetingItemRef[]> {
  const rows = await db
    .selectFrom('meeting_items as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .select(['m.id as meetingId', 'i.id as itemId', 'm.kind', 'm.title', 'm.held_on', 'm.status', 'i.conclusion'])
    .where('i.town_id', '=', townId)
    .where('i.case_id', '=', caseId)
    .orderBy('m.held_on', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
  return rows.map((r) => ({
    meetingId: r.meetingId,
    itemId: r.itemId,
    kind: r.kind,
    title: r.title,
    heldOn: r.held_on,
    status: r.status,
    conclusion: r.conclusion,
  }));
}
