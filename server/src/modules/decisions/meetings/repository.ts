/**
 * SQL of the collective decision meetings and their agenda items (migrations/0022_meetings.sql).
 * `insertHeldMeeting` is the one entry the other areas' demo steps call to record the meeting
 * that decided their own cases (issue 16): it writes a held meeting and its concluded items in
 * the transaction handed in, without the checks the routes make (the callers build the data).
 */
import type { MeetingConclusion, MeetingKind } from '@fazhi/domain/decisions/meetings';
import { type Insertable, type Kysely, type SqlBool, sql, type Updateable } from 'kysely';
import { type CaseAccess, visibleCase } from '../../../cases/access.ts';
import type { Db } from '../../../db/index.ts';
import type { DB, MeetingAttendee, MeetingItemsTable, MeetingsTable, MeetingView } from '../../../db/schema.ts';

/** jsonb text: node-postgres would send a bare JS array as a PostgreSQL array. */
export const jsonb = (v: unknown) => JSON.stringify(v);

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

// ── Reads ──────────────────────────────────────────────────────────────────────────────────

export interface ListFilter {
  year?: number | undefined;
  month?: number | undefined;
  kind?: MeetingsTable['kind'] | undefined;
  status?: 'planned' | 'held' | 'cancelled' | undefined;
}

const itemCount = sql<number>`(select count(*)::int from meeting_items i where i.meeting_id = m.id)`;
const caseItemCount = sql<number>`(select count(*)::int from meeting_items i
  where i.meeting_id = m.id and i.case_id is not null)`;

/** A town's meetings, by day. */
export async function list(db: Db, townId: number, f: ListFilter) {
  return db
    .selectFrom('meetings as m')
    .selectAll('m')
    .select([itemCount.as('item_count'), caseItemCount.as('case_item_count')])
    .where('m.town_id', '=', townId)
    .$if(f.year !== undefined, (q) =>
      q
        .where(sql<SqlBool>`extract(year from m.held_on) = ${f.year}`)
        .$if(f.month !== undefined, (q2) => q2.where(sql<SqlBool>`extract(month from m.held_on) = ${f.month}`)),
    )
    .$if(f.kind !== undefined, (q) => q.where('m.kind', '=', f.kind!))
    .$if(f.status !== undefined, (q) => q.where('m.status', '=', f.status!))
    .orderBy('m.held_on')
    .orderBy('m.id')
    .execute();
}
export type MeetingRow = Awaited<ReturnType<typeof list>>[number];

export async function meeting(db: Db, id: number) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('users as u', 'u.id', 'm.created_by')
    .selectAll('m')
    .select([itemCount.as('item_count'), caseItemCount.as('case_item_count'), 'u.display_name as created_by_name'])
    .where('m.id', '=', id)
    .executeTakeFirst();
}
export type MeetingDetailRow = NonNullable<Awaited<ReturnType<typeof meeting>>>;

/** A meeting's agenda with the case each item names. */
export async function items(db: Db, townId: number, meetingId: number) {
  return db
    .selectFrom('meeting_items as i')
    .leftJoin('cases as c', 'c.id', 'i.case_id')
    .selectAll('i')
    .select(['c.number as case_number', 'c.title as case_title', 'c.type as case_type'])
    .where('i.town_id', '=', townId)
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.seq')
    .execute();
}
export type ItemRow = Awaited<ReturnType<typeof items>>[number];

/** The agenda items naming a case, newest meeting first. */
export async function itemsOfCase(db: Db, townId: number, caseId: number) {
  return db
    .selectFrom('meeting_items as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .select([
      'm.id as meeting_id',
      'i.id as item_id',
      'm.kind',
      'm.title',
      'm.held_on',
      'm.status',
      'i.subject',
      'i.conclusion',
      'i.conclusion_text',
    ])
    .where('i.town_id', '=', townId)
    .where('i.case_id', '=', caseId)
    .orderBy('m.held_on', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
}

// ── Writes (each inside the caller's transaction) ──────────────────────────────────────────

export async function insertMeeting(trx: Db, values: Insertable<MeetingsTable>) {
  const r = await trx.insertInto('meetings').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** Writes a change if the meeting is still at `version`, bumping it; false when someone came first. */
export async function updateMeeting(
  trx: Db,
  id: number,
  version: number,
  set: Updateable<MeetingsTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('meetings')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function insertItem(
  trx: Db,
  v: { townId: number; meetingId: number; subject: string; caseId: number | null },
): Promise<number> {
  const r = await trx
    .insertInto('meeting_items')
    .values({
      town_id: v.townId,
      meeting_id: v.meetingId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from meeting_items where meeting_id = ${v.meetingId})`,
      subject: v.subject,
      case_id: v.caseId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateItem(trx: Db, meetingId: number, itemId: number, set: Updateable<MeetingItemsTable>) {
  await trx
    .updateTable('meeting_items')
    .set(set)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', itemId)
    .execute();
}

/** Removes an item and closes the gap in the numbering. */
export async function deleteItem(trx: Db, meetingId: number, itemId: number) {
  await trx.deleteFrom('meeting_items').where('meeting_id', '=', meetingId).where('id', '=', itemId).execute();
  await renumber(
    trx,
    meetingId,
    (
      await trx.selectFrom('meeting_items').select('id').where('meeting_id', '=', meetingId).orderBy('seq').execute()
    ).map((r) => r.id),
  );
}

/**
 * Numbers the items 1, 2, … in the order given, in one statement (the unique index on seq is
 * checked at its end: migrations/0023_meetings_more.sql).
 */
export async function renumber(trx: Db, meetingId: number, ids: readonly number[]) {
  if (ids.length === 0) return;
  const cases = sql.join(
    ids.map((id, i) => sql`when ${id}::bigint then ${i + 1}::int`),
    sql` `,
  );
  await sql`update meeting_items set seq = case id ${cases} end
    where meeting_id = ${meetingId}::bigint and id in (${sql.join(ids.map((x) => sql`${x}::bigint`))})`.execute(trx);
}

/** Which of the cases the reader sees (the case engine's visibility). */
export async function visibleCaseIds(db: Db, access: CaseAccess, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('cases as c')
    .select('c.id')
    .where('c.id', 'in', [...new Set(ids)])
    .where((eb) => visibleCase(eb, access))
    .execute();
  return new Set(rows.map((r) => r.id));
}
