/**
 * SQL of the collective decision meetings and their agenda items (migrations/0022_meetings.sql).
 * `insertHeldMeeting` is the one entry the other areas' demo steps call to record the meeting
 * that decided their own cases (issue 16): it writes a held meeting and its concluded items in
 * the transaction handed in, without the checks the routes make (the callers build the data).
 */
import type { MeetingConclusion, MeetingKind } from '@fazhi/domain/decisions/meetings';
import type { Kysely } from 'kysely';
import type { DB, MeetingAttendee, MeetingView } from '../../../db/schema.ts';

/** jsonb text: node-postgres would send a bare JS array as a PostgreSQL array. */
const jsonb = (v: unknown) => JSON.stringify(v);

export interface HeldMeetingInput {
  townId: number;
  createdBy: number;
  kind: MeetingKind;
  title: string;
  /** 'YYYY-MM-DD'. */
  heldOn: string;
  chiefName: string;
  attendees: MeetingAttendee[];
  now: Date;
  place?: string | null;
  chairName?: string | null;
  recorderName?: string | null;
  minutesNo?: string | null;
  items: {
    subject: string;
    caseId?: number | null;
    /**
     * The attendees' views in speaking order. The chief's view is `chiefView`: it is appended
     * last (art 30) unless the list already ends with the chief; the chief anywhere else throws.
     */
    views: MeetingView[];
    chiefView: string;
    conclusion: MeetingConclusion;
    conclusionText: string;
    dissent?: string | null;
    chiefDiffersReason?: string | null;
  }[];
}

/** The stance the chief's concluding words take, for the views list. */
function chiefStance(c: MeetingConclusion): MeetingView['view'] {
  return c === 'adopted' || c === 'amended' ? 'agree' : c === 'rejected' ? 'disagree' : 'other';
}

/** A held meeting with its concluded items, in one go (demo steps of every area). */
export async function insertHeldMeeting(
  db: Kysely<DB>,
  input: HeldMeetingInput,
): Promise<{ meetingId: number; itemIds: number[] }> {
  const m = await db
    .insertInto('meetings')
    .values({
      town_id: input.townId,
      kind: input.kind,
      title: input.title,
      held_on: input.heldOn,
      place: input.place ?? null,
      status: 'held',
      chair_name: input.chairName ?? input.chiefName,
      chief_name: input.chiefName,
      attendees: jsonb(input.attendees),
      minutes_no: input.minutesNo ?? null,
      recorder_name: input.recorderName ?? null,
      created_by: input.createdBy,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const itemIds: number[] = [];
  for (const [i, it] of input.items.entries()) {
    const chiefAt = it.views.findIndex((v) => v.name === input.chiefName);
    if (chiefAt >= 0 && chiefAt !== it.views.length - 1)
      throw new Error(`insertHeldMeeting: ${input.chiefName} speaks before others on “${it.subject}” (条例第三十条)`);
    const views: MeetingView[] =
      chiefAt >= 0
        ? it.views
        : [...it.views, { name: input.chiefName, view: chiefStance(it.conclusion), words: it.chiefView }];
    const row = await db
      .insertInto('meeting_items')
      .values({
        town_id: input.townId,
        meeting_id: m.id,
        seq: i + 1,
        subject: it.subject,
        case_id: it.caseId ?? null,
        views: jsonb(views),
        chief_view: it.chiefView,
        conclusion: it.conclusion,
        conclusion_text: it.conclusionText,
        dissent: it.dissent ?? null,
        chief_differs_reason: it.chiefDiffersReason ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    itemIds.push(row.id);
  }
  return { meetingId: m.id, itemIds };
}
