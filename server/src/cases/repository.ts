/**
 * All case SQL (immich-style: queries in one place, built from small helpers). Callers
 * pass `db` or a transaction; inside a transaction only the transaction is used (the
 * PGlite pool has one connection, docs/stack-notes.md §PGlite).
 */
import type { CaseDocument, CaseEvent, CaseSnapshot } from '@fazhi/domain';
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { CasesTable } from '../db/schema.ts';
import { type CaseAccess, visibleCase } from './access.ts';

export type CaseRow = Selectable<CasesTable>;

/** Columns of a list row, with the names a list shows. */
export function listQuery(db: Db, access: CaseAccess) {
  // Names by scalar subqueries, not joins: with joins the planner misjudged the row count
  // under the visibility rule and chose nested loops rescanning users/org_units per row
  // (bench/README.md); a subquery is one index lookup per returned row.
  return db
    .selectFrom('cases as c')
    .where((eb) => visibleCase(eb, access))
    .select((eb) => [
      eb.selectFrom('org_units as u').select('u.name').whereRef('u.id', '=', 'c.unit_id').as('unit_name'),
      eb.selectFrom('users as a').select('a.display_name').whereRef('a.id', '=', 'c.assignee_id').as('assignee_name'),
      eb
        .selectFrom('users as l')
        .select('l.display_name')
        .whereRef('l.id', '=', 'c.owner_leader_id')
        .as('owner_leader_name'),
    ])
    .select([
      'c.id',
      'c.town_id',
      'c.type',
      'c.number',
      'c.title',
      'c.state',
      'c.terminal',
      'c.unit_id',
      'c.assignee_id',
      'c.owner_leader_id',
      'c.risk',
      'c.next_due',
      'c.next_clock',
      'c.party_names',
      'c.created_at',
      'c.updated_at',
    ]);
}

export type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

/** The case row if the user may see it; undefined otherwise (the route answers 404 either way). */
export async function findVisible(db: Db, access: CaseAccess, id: number, forUpdate = false) {
  let q = db
    .selectFrom('cases as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where((eb) => visibleCase(eb, access));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function loadEvents(db: Db, caseId: number) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
}

export async function loadDocuments(db: Db, caseId: number) {
  return db
    .selectFrom('documents as d')
    .innerJoin('users as u', 'u.id', 'd.issued_by')
    .select([
      'd.id',
      'd.kind',
      'd.title',
      'd.number',
      'd.issued_at',
      'd.size',
      'd.sha256',
      'd.template_version',
      'u.display_name as issued_by_name',
    ])
    .where('d.case_id', '=', caseId)
    .orderBy('d.issued_at')
    .orderBy('d.id')
    .execute();
}

export function toSnapshot(
  row: CaseRow,
  events: Awaited<ReturnType<typeof loadEvents>>,
  documents: { id: number; kind: string; issued_at: Date }[],
): CaseSnapshot {
  return {
    id: String(row.id),
    type: row.type,
    state: row.state,
    version: row.version,
    fields: row.fields,
    events: events.map(
      (e): CaseEvent => ({
        seq: e.seq,
        at: e.at.toISOString(),
        actorId: e.actor_id == null ? 'system' : String(e.actor_id),
        action: e.action,
        from: e.from_state,
        to: e.to_state,
        ...(e.data ? { data: e.data } : {}),
        ...(e.note ? { note: e.note } : {}),
      }),
    ),
    documents: documents.map((d): CaseDocument => ({ kind: d.kind, issuedAt: d.issued_at.toISOString(), id: d.id })),
    assigneeId: row.assignee_id == null ? null : String(row.assignee_id),
    ownerLeaderId: row.owner_leader_id == null ? null : String(row.owner_leader_id),
    createdBy: String(row.created_by),
  };
}

export async function nextEventSeq(db: Db, caseId: number): Promise<number> {
  const r = await db
    .selectFrom('case_events')
    .select((eb) => eb.fn.coalesce(eb.fn.max('seq'), sql<number>`0`).as('max'))
    .where('case_id', '=', caseId)
    .executeTakeFirstOrThrow();
  return Number(r.max) + 1;
}

/**
 * The next number in a gap-free sequence. The upsert takes the row lock until the
 * caller's transaction ends, so concurrent creators queue; a rollback frees the number.
 */
export async function allocateSeq(trx: Db, townId: number, scope: string, year: number): Promise<number> {
  const r = await trx
    .insertInto('number_sequences')
    .values({ town_id: townId, scope, year, last_seq: 1 })
    .onConflict((oc) =>
      oc.columns(['town_id', 'scope', 'year']).doUpdateSet({ last_seq: sql`number_sequences.last_seq + 1` }),
    )
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return r.last_seq;
}

export async function townInfo(db: Db, townId: number) {
  const town = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'short_name', 'path', 'parent_id'])
    .where('id', '=', townId)
    .executeTakeFirstOrThrow();
  const county = town.parent_id
    ? await db.selectFrom('org_units').select('name').where('id', '=', town.parent_id).executeTakeFirst()
    : undefined;
  return {
    id: town.id,
    name: town.name,
    path: town.path,
    shortName: town.short_name ?? [...town.name][0] ?? '',
    fullName: `${county?.name ?? ''}${town.name}人民政府`,
  };
}

export async function userNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)].filter((x) => Number.isInteger(x));
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
