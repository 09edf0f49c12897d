/**
 * The SQL of the leaders' receptions and visits (receptions.ts keeps the rules and the
 * transactions). Every read carries the visibility clause of reception-access.ts; callers
 * pass `db` or a transaction.
 */
import { type Insertable, sql, type Updateable } from 'kysely';
import { type CaseAccess, visibleCase } from '../../cases/access.ts';
import type { Db } from '../../db/index.ts';
import type {
  LeaderVisitsTable,
  ReceptionSlotsTable,
  ReceptionsTable,
  ReceptionVisitorsTable,
} from '../../db/schema.ts';
import { type ReceptionAccess, visibleReception, visibleSlot, visibleVisit } from './reception-access.ts';

/** Date range and leader filters of the lists ('YYYY-MM-DD', ids already checked). */
export type Range = { from?: string | undefined; to?: string | undefined; leaderId?: string | undefined };

// ---------------------------------------------------------------- people and places

/** The towns where the user is an active 镇领导 (a role at the town or one of its units). */
export async function leaderTowns(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .innerJoin('org_units as o', 'o.id', 'r.unit_id')
    .select(sql<number>`coalesce(o.town_id, o.id)`.as('town_id'))
    .where('u.id', '=', userId)
    .where('u.disabled', '=', false)
    .where('r.role', '=', 'leader')
    .execute();
  return rows.map((r) => r.town_id);
}

/** Villages and communities of the town among the ids. */
export async function villagesOf(db: Db, townId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('org_units')
    .select('id')
    .where('id', 'in', ids)
    .where('town_id', '=', townId)
    .where('kind', 'in', ['village', 'community'])
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function townOf(db: Db, table: 'receptions' | 'leader_visits', id: number): Promise<number> {
  return (await db.selectFrom(table).select('town_id').where('id', '=', id).executeTakeFirstOrThrow()).town_id;
}

/** Cases by id that the user can see, with what a list of them shows. */
export async function visibleCasesBrief(db: Db, access: CaseAccess, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('cases as c')
    .select(['c.id', 'c.number', 'c.title', 'c.type', 'c.state', 'c.town_id'])
    .where('c.id', 'in', ids)
    .where((eb) => visibleCase(eb, access))
    .orderBy('c.id')
    .execute();
}

// ---------------------------------------------------------------- schedule

function slotQuery(db: Db, acc: ReceptionAccess) {
  return db
    .selectFrom('reception_slots as s')
    .innerJoin('users as u', 'u.id', 's.leader_id')
    .leftJoin('receptions as r', 'r.slot_id', 's.id')
    .select([
      's.id',
      's.town_id',
      's.leader_id',
      'u.display_name as leader_name',
      's.on_date',
      's.starts_at',
      's.ends_at',
      's.place',
      's.topic',
      's.published',
      's.cancelled',
      's.version',
      'r.id as reception_id',
    ])
    .where(() => visibleSlot(acc));
}

/** The visible slots in the range, by day and time. */
export async function listSlots(db: Db, acc: ReceptionAccess, q: Range, limit: number) {
  let query = slotQuery(db, acc);
  if (q.from) query = query.where('s.on_date', '>=', q.from);
  if (q.to) query = query.where('s.on_date', '<=', q.to);
  if (q.leaderId) query = query.where('s.leader_id', '=', Number(q.leaderId));
  return query.orderBy('s.on_date').orderBy('s.starts_at').orderBy('s.id').limit(limit).execute();
}

/** A visible slot (with the reception held at it, if any). */
export async function slotById(db: Db, acc: ReceptionAccess, id: number) {
  return slotQuery(db, acc).where('s.id', '=', id).executeTakeFirst();
}

export async function insertSlot(trx: Db, values: Insertable<ReceptionSlotsTable>): Promise<number> {
  return (await trx.insertInto('reception_slots').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Writes the slot if its version is still `version`; false when someone changed it first. */
export async function updateSlot(
  trx: Db,
  id: number,
  version: number,
  set: Updateable<ReceptionSlotsTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('reception_slots')
    .set(set)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Locks the slot and tells whether a reception is recorded at it (the partial unique index
 * on slot_id settles two clerks recording the same slot at once).
 */
export async function lockSlotTaken(trx: Db, slotId: number): Promise<boolean> {
  await trx.selectFrom('reception_slots').select('id').where('id', '=', slotId).forUpdate().execute();
  return (
    (await trx.selectFrom('receptions').select('id').where('slot_id', '=', slotId).executeTakeFirst()) !== undefined
  );
}

// ---------------------------------------------------------------- receptions

/** Ids of the visible receptions in the range, newest first. */
export async function receptionIds(db: Db, acc: ReceptionAccess, q: Range, limit: number): Promise<number[]> {
  let query = db
    .selectFrom('receptions as r')
    .select('r.id')
    .where(() => visibleReception(acc));
  if (q.from) query = query.where('r.received_on', '>=', q.from);
  if (q.to) query = query.where('r.received_on', '<=', q.to);
  if (q.leaderId) query = query.where('r.leader_id', '=', Number(q.leaderId));
  const rows = await query.orderBy('r.received_on', 'desc').orderBy('r.id', 'desc').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** The visible receptions among the ids, with the leader's and recorder's names. */
export async function receptionRows(db: Db, acc: ReceptionAccess, ids: number[]) {
  return db
    .selectFrom('receptions as r')
    .innerJoin('users as l', 'l.id', 'r.leader_id')
    .innerJoin('users as c', 'c.id', 'r.created_by')
    .select([
      'r.id',
      'r.slot_id',
      'r.leader_id',
      'l.display_name as leader_name',
      'r.received_on',
      'r.place',
      'r.note',
      'c.display_name as created_by_name',
      'r.created_at',
    ])
    .where('r.id', 'in', ids)
    .where(() => visibleReception(acc))
    .execute();
}

/** The visitors of the receptions (masked numbers only), in order. */
export async function receptionVisitors(db: Db, receptionIds: number[]) {
  return db
    .selectFrom('reception_visitors as v')
    .innerJoin('parties as p', 'p.id', 'v.party_id')
    .leftJoin('org_units as o', 'o.id', 'v.unit_id')
    .select([
      'v.id',
      'v.reception_id',
      'v.party_id',
      'v.name',
      'p.id_masked',
      'p.phone_masked',
      'v.people_count',
      'v.unit_id',
      'o.name as unit_name',
      'v.matter',
      'v.outcome',
      'v.answer',
      'v.case_id',
    ])
    .where('v.reception_id', 'in', receptionIds)
    .orderBy('v.reception_id')
    .orderBy('v.sort')
    .execute();
}

/** The visitors' encrypted numbers and addresses (the 接访登记表 prints them in full). */
export async function receptionVisitorsSealed(db: Db, receptionId: number) {
  return db
    .selectFrom('reception_visitors as v')
    .innerJoin('parties as p', 'p.id', 'v.party_id')
    .select(['v.id', 'p.id_enc', 'p.phone_enc', 'p.address'])
    .where('v.reception_id', '=', receptionId)
    .execute();
}

export async function insertReception(trx: Db, values: Insertable<ReceptionsTable>): Promise<number> {
  return (await trx.insertInto('receptions').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertVisitor(trx: Db, values: Insertable<ReceptionVisitorsTable>): Promise<void> {
  await trx.insertInto('reception_visitors').values(values).execute();
}

// ---------------------------------------------------------------- visits

/** Ids of the visible visits matching the filters, newest first. */
export async function visitIds(
  db: Db,
  acc: ReceptionAccess,
  q: Range & { unitId?: string | undefined; caseId?: string | undefined },
  limit: number,
): Promise<number[]> {
  let query = db
    .selectFrom('leader_visits as v')
    .select('v.id')
    .where((eb) => visibleVisit(eb, acc));
  if (q.from) query = query.where('v.visited_on', '>=', q.from);
  if (q.to) query = query.where('v.visited_on', '<=', q.to);
  if (q.leaderId) query = query.where('v.leader_id', '=', Number(q.leaderId));
  if (q.unitId) query = query.where('v.unit_id', '=', Number(q.unitId));
  if (q.caseId) {
    query = query.where(
      'v.id',
      'in',
      db.selectFrom('leader_visit_cases').select('visit_id').where('case_id', '=', Number(q.caseId)),
    );
  }
  const rows = await query.orderBy('v.visited_on', 'desc').orderBy('v.id', 'desc').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** The visible visits among the ids, with names. */
export async function visitRows(db: Db, acc: ReceptionAccess, ids: number[]) {
  return db
    .selectFrom('leader_visits as v')
    .innerJoin('users as l', 'l.id', 'v.leader_id')
    .innerJoin('users as c', 'c.id', 'v.created_by')
    .innerJoin('org_units as o', 'o.id', 'v.unit_id')
    .select([
      'v.id',
      'v.leader_id',
      'l.display_name as leader_name',
      'v.visited_on',
      'v.unit_id',
      'o.name as unit_name',
      'v.people_met',
      'v.outcome',
      'v.follow_up',
      'c.display_name as created_by_name',
      'v.version',
    ])
    .where('v.id', 'in', ids)
    .where((eb) => visibleVisit(eb, acc))
    .execute();
}

/** The visible visit's town and version (before an update). */
export async function visitById(db: Db, acc: ReceptionAccess, id: number) {
  return db
    .selectFrom('leader_visits as v')
    .select(['v.town_id', 'v.version'])
    .where('v.id', '=', id)
    .where((eb) => visibleVisit(eb, acc))
    .executeTakeFirst();
}

/** The cases linked to the visits (whether or not the reader may see them). */
export async function visitLinks(db: Db, visitIds: number[]) {
  return db
    .selectFrom('leader_visit_cases as lc')
    .select(['lc.visit_id', 'lc.case_id'])
    .where('lc.visit_id', 'in', visitIds)
    .execute();
}

export async function insertVisit(trx: Db, values: Insertable<LeaderVisitsTable>): Promise<number> {
  return (await trx.insertInto('leader_visits').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** Writes the visit if its version is still `version`; false when someone changed it first. */
export async function updateVisit(
  trx: Db,
  id: number,
  version: number,
  set: Updateable<LeaderVisitsTable>,
): Promise<boolean> {
  const r = await trx
    .updateTable('leader_visits')
    .set(set)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function linkVisitCases(trx: Db, visitId: number, townId: number, caseIds: number[]): Promise<void> {
  if (caseIds.length === 0) return;
  await trx
    .insertInto('leader_visit_cases')
    .values(caseIds.map((c) => ({ visit_id: visitId, case_id: c, town_id: townId })))
    .execute();
}

/** The visit's linked cases the user cannot see. */
export async function hiddenVisitCases(trx: Db, access: CaseAccess, visitId: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('leader_visit_cases as lc')
    .select('lc.case_id')
    .where('lc.visit_id', '=', visitId)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('cases as c')
            .select('c.id')
            .whereRef('c.id', '=', 'lc.case_id')
            .where((e2) => visibleCase(e2, access)),
        ),
      ),
    )
    .execute();
  return rows.map((r) => r.case_id);
}

export async function unlinkVisitCases(trx: Db, visitId: number): Promise<void> {
  await trx.deleteFrom('leader_visit_cases').where('visit_id', '=', visitId).execute();
}
