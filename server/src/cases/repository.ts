/**
 * All case SQL (immich-style: queries in one place, built from small helpers). Callers
 * pass `db` or a transaction; inside a transaction only the transaction is used (the
 * PGlite pool has one connection, docs/stack-notes.md §PGlite).
 */
import {
  type CaseDocument,
  type CaseEvent,
  type CaseSnapshot,
  type CaseSortKey,
  INBOX_ASK_KEYS,
  type InboxAsk,
} from '@fazhi/domain';
import {
  type Expression,
  expressionBuilder,
  type InferResult,
  type Insertable,
  type RawBuilder,
  type Selectable,
  sql,
} from 'kysely';
import type { Db } from '../db/index.ts';
import type {
  AttachmentsTable,
  CaseLinksTable,
  CasesTable,
  DB,
  DocumentsTable,
  DocumentVoidsTable,
} from '../db/schema.ts';
import { type CaseAccess, visibleCase } from './access.ts';

export type CaseRow = Selectable<CasesTable>;

/** The names a list row shows, looked up for the row `row` (an alias of cases). */
function nameColumns(row: 'c' | 'p') {
  // Names by scalar subqueries, not joins: with joins the planner misjudged the row count
  // under the visibility rule and chose nested loops rescanning users/org_units per row
  // (bench/README.md); a subquery is one index lookup per returned row.
  return [
    sql<string | null>`(select u.name from org_units u where u.id = ${sql.ref(`${row}.unit_id`)})`.as('unit_name'),
    sql<string | null>`(select a.display_name from users a where a.id = ${sql.ref(`${row}.assignee_id`)})`.as(
      'assignee_name',
    ),
    sql<string | null>`(select l.display_name from users l where l.id = ${sql.ref(`${row}.owner_leader_id`)})`.as(
      'owner_leader_name',
    ),
  ];
}

/** The visible cases with the columns of a list row, without the names (`town`: see visibleCase). */
function caseColumns(db: Db, access: CaseAccess, town?: Expression<number>) {
  return db
    .selectFrom('cases as c')
    .where((eb) => visibleCase(eb, access, town))
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
      'c.closed_on',
    ]);
}

/** Columns of a list row, with the names a list shows. */
export function listQuery(db: Db, access: CaseAccess) {
  return caseColumns(db, access).select(nameColumns('c'));
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

/** The years (of the case numbers, newest first) in which the user may see cases, of one type or any. */
export async function visibleYears(
  db: Db,
  access: CaseAccess,
  q: { type?: string | undefined; townId?: number | undefined },
): Promise<number[]> {
  let query = db
    .selectFrom('cases as c')
    .select('c.year')
    .distinct()
    .where((eb) => visibleCase(eb, access));
  if (q.type) query = query.where('c.type', '=', q.type);
  if (q.townId != null) query = query.where('c.town_id', '=', q.townId);
  return (await query.orderBy('c.year', 'desc').execute()).map((r) => r.year);
}

/** A case's id: a value, or the outer query's `c.id` when the rows are read inside it (caseDetail). */
type CaseIdOperand = number | Expression<number>;

function eventsOf(db: Db, caseId: CaseIdOperand) {
  return db.selectFrom('case_events').selectAll().where('case_id', '=', caseId);
}

export async function loadEvents(db: Db, caseId: number) {
  return eventsOf(db, caseId).orderBy('seq').execute();
}

function documentsOf(db: Db, caseId: CaseIdOperand) {
  return db
    .selectFrom('documents as d')
    .innerJoin('users as u', 'u.id', 'd.issued_by')
    .leftJoin('document_voids as v', 'v.document_id', 'd.id')
    .leftJoin('users as vu', 'vu.id', 'v.voided_by')
    .select([
      'd.id',
      'd.kind',
      'd.title',
      'd.number',
      'd.issued_at',
      'd.size',
      'd.sha256',
      'd.template_version',
      'd.replaces_id',
      'd.input',
      'u.display_name as issued_by_name',
      'v.voided_at',
      'v.reason as void_reason',
      'vu.display_name as voided_by_name',
    ])
    .where('d.case_id', '=', caseId);
}

export async function loadDocuments(db: Db, caseId: number) {
  return documentsOf(db, caseId).orderBy('d.issued_at').orderBy('d.id').execute();
}

export function toSnapshot(
  row: Omit<CaseRow, 'search_vec'>,
  events: Awaited<ReturnType<typeof loadEvents>>,
  documents: {
    id: number;
    kind: string;
    issued_at: Date;
    voided_at?: Date | null;
    input?: Record<string, unknown> | null;
    number?: string | null;
  }[],
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
    documents: documents.map(
      (d): CaseDocument => ({
        kind: d.kind,
        issuedAt: d.issued_at.toISOString(),
        id: d.id,
        voidedAt: d.voided_at ? d.voided_at.toISOString() : null,
        ...(d.input ? { input: d.input } : {}),
        ...(d.number ? { number: d.number } : {}),
      }),
    ),
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

// ---------------------------------------------------------------- units and users

/** A unit as a case is filed under it. */
export async function findUnit(db: Db, id: number) {
  return db.selectFrom('org_units').select(['id', 'path', 'town_id', 'kind']).where('id', '=', id).executeTakeFirst();
}

export async function unitName(db: Db, id: number): Promise<string | null> {
  return (await db.selectFrom('org_units').select('name').where('id', '=', id).executeTakeFirst())?.name ?? null;
}

/** Villages, communities and departments of the towns, by name. */
export async function unitsByName(db: Db, townIds: readonly number[]): Promise<Map<string, number>> {
  if (townIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('town_id', 'in', [...townIds])
    .where('kind', 'in', ['village', 'community', 'department'])
    .execute();
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Is the user active in the town (a role at the town or one of its units), holding `role` when given? */
export async function isActiveTownUser(db: Db, townId: number, userId: number, role: string | null): Promise<boolean> {
  let q = db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .innerJoin('org_units as o', 'o.id', 'r.unit_id')
    .select('u.id')
    .where('u.id', '=', userId)
    .where('u.disabled', '=', false)
    .where((eb) => eb.or([eb('o.town_id', '=', townId), eb('o.id', '=', townId)]));
  if (role) q = q.where('r.role', '=', role);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Treat a user's text as literal inside a LIKE pattern (`\` is the escape character). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Active staff of the towns (the administrators' roles left out), each role a row; name contains `q`. */
export async function staffOfTowns(
  db: Db,
  townIds: readonly number[],
  f: { role?: string | undefined; q?: string | undefined },
) {
  let q = db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .innerJoin('org_units as o', 'o.id', 'r.unit_id')
    .select(['u.id', 'u.display_name', 'r.role', 'o.name as unit_name'])
    .where('u.disabled', '=', false)
    .where((eb) => eb.or([eb('o.town_id', 'in', [...townIds]), eb('o.id', 'in', [...townIds])]))
    .where('r.role', 'not in', ['sysadmin', 'secadmin', 'auditor']);
  if (f.role) q = q.where('r.role', '=', f.role);
  // A name typed with % or _ means those characters, not wildcards.
  if (f.q) q = q.where(sql<boolean>`u.display_name like ${`%${escapeLike(f.q)}%`} escape '\\'`);
  return q.orderBy('u.display_name').orderBy('u.id').limit(500).execute();
}

// ---------------------------------------------------------------- case writes

export async function insertCase(trx: Db, values: Insertable<CasesTable>): Promise<number> {
  return (await trx.insertInto('cases').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function caseById(trx: Db, id: number): Promise<CaseRow> {
  return trx.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** What is stored beside a case for the inbox, search and lists (service.ts factColumns). */
export interface CaseFacts {
  terminal: boolean;
  /** The day the case entered its terminal state, null while open. */
  closed_on: string | null;
  actor_roles: string[];
  approval_pending: boolean;
  next_due: string | null;
  next_clock: string | null;
  party_names: string;
  risk: CaseRow['risk'];
  confidential: boolean;
  /** The tokens (domain/search/tokens.ts) the search index holds. */
  searchTokens: string;
}

type CaseChanges = Partial<{
  title: string;
  unit_id: number | null;
  unit_path: string;
  state: string;
  fields: Record<string, unknown>;
  summary: string | null;
  version: number;
  updated_at: Date;
  assignee_id: number;
  owner_leader_id: number;
}>;

function caseSet(changes: CaseChanges, facts?: CaseFacts) {
  const { fields, ...rest } = changes;
  const out: Record<string, unknown> = { ...rest };
  if (fields !== undefined) out.fields = JSON.stringify(fields);
  if (facts) {
    const { searchTokens, ...cols } = facts;
    Object.assign(out, cols, { search_vec: sql`to_tsvector('simple', ${searchTokens})` });
  }
  // biome-ignore lint/suspicious/noExplicitAny: the column set is built from typed parts above.
  return out as any;
}

/** Writes the case's columns (and its derived facts); false when `version` no longer matches. */
export async function updateCase(
  trx: Db,
  id: number,
  changes: CaseChanges,
  facts?: CaseFacts,
  expectVersion?: number,
): Promise<boolean> {
  let q = trx.updateTable('cases').set(caseSet(changes, facts)).where('id', '=', id);
  if (expectVersion !== undefined) q = q.where('version', '=', expectVersion);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Who changed the case last, and when (the version conflict names them). */
export async function lastChange(db: Db, caseId: number) {
  return db
    .selectFrom('case_events')
    .select(['actor_name', 'at'])
    .where('case_id', '=', caseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export type EventRow = Awaited<ReturnType<typeof loadEvents>>[number];

/** Engine events as case_events rows, numbered from firstSeq. */
export function eventRows(
  caseId: number,
  townId: number,
  events: readonly CaseEvent[],
  firstSeq: number,
  actorName: string,
): EventRow[] {
  return events.map((e, i) => ({
    case_id: caseId,
    seq: firstSeq + i,
    town_id: townId,
    at: new Date(e.at),
    actor_id: e.actorId === 'system' ? null : Number(e.actorId),
    actor_name: e.actorId === 'system' ? '系统' : actorName,
    action: e.action,
    from_state: e.from,
    to_state: e.to,
    note: e.note ?? null,
    data: e.data ?? null,
  }));
}

export async function insertEventRows(trx: Db, rows: readonly EventRow[]) {
  if (rows.length === 0) return;
  await trx
    .insertInto('case_events')
    .values(rows.map((e) => ({ ...e, data: e.data ? JSON.stringify(e.data) : null })))
    .execute();
}

export async function insertEvents(
  trx: Db,
  caseId: number,
  townId: number,
  events: readonly CaseEvent[],
  firstSeq: number,
  actorName: string,
) {
  await insertEventRows(trx, eventRows(caseId, townId, events, firstSeq, actorName));
}

/** Puts the party on the case (once per party and role), in the order given. */
export async function linkCaseParty(
  trx: Db,
  row: { caseId: number; partyId: number; townId: number; role: string; name: string; sort: number },
) {
  await trx
    .insertInto('case_parties')
    .values({
      case_id: row.caseId,
      party_id: row.partyId,
      town_id: row.townId,
      role: row.role,
      name: row.name,
      sort: row.sort,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The party row of the case's first party in the role. */
export async function casePartyId(db: Db, caseId: number, role: string): Promise<number> {
  const r = await db
    .selectFrom('case_parties')
    .select('party_id')
    .where('case_id', '=', caseId)
    .where('role', '=', role)
    .orderBy('sort')
    .executeTakeFirstOrThrow();
  return r.party_id;
}

/** The case's parties with the contact columns 修改基本信息 compares (numbers by hash and mask only). */
export async function casePartyContacts(db: Db, caseId: number) {
  return db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select(['p.id', 'cp.role', 'cp.name', 'p.phone_hash', 'p.phone_masked', 'p.address'])
    .where('cp.case_id', '=', caseId)
    .orderBy('cp.sort')
    .execute();
}

/** A party's corrected phone (ciphertext, lookup hash, mask) and address in the town's party index. */
export async function updatePartyContact(
  trx: Db,
  partyId: number,
  set: Partial<{
    phone_enc: string | null;
    phone_hash: string | null;
    phone_masked: string | null;
    address: string | null;
  }>,
  now: Date,
) {
  await trx
    .updateTable('parties')
    .set({ ...set, updated_at: now })
    .where('id', '=', partyId)
    .execute();
}

export async function casePartyNames(db: Db, caseId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('case_parties as cp')
    .select(['cp.name'])
    .where('cp.case_id', '=', caseId)
    .orderBy('cp.sort')
    .execute();
  return rows.map((r) => r.name);
}

export async function insertDocument(trx: Db, values: Insertable<DocumentsTable>): Promise<number> {
  return (await trx.insertInto('documents').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

/** 作废: the void row (documents stay append-only, migration 0014). */
export async function insertDocumentVoid(trx: Db, values: Insertable<DocumentVoidsTable>): Promise<void> {
  await trx.insertInto('document_voids').values(values).execute();
}

/** The case a document belongs to (the caller checks the case is visible). */
export async function documentCase(db: Db, documentId: number) {
  return db.selectFrom('documents').select(['case_id']).where('id', '=', documentId).executeTakeFirst();
}

/** A document of the case with whether it was voided and whether a later copy replaces it. */
export async function caseDocumentForVoid(db: Db, caseId: number, documentId: number) {
  return db
    .selectFrom('documents as d')
    .leftJoin('document_voids as v', 'v.document_id', 'd.id')
    .select([
      'd.id',
      'd.kind',
      'd.title',
      'd.number',
      'v.voided_at',
      (eb) =>
        eb
          .selectFrom('documents as r')
          .select('r.id')
          .whereRef('r.replaces_id', '=', 'd.id')
          .limit(1)
          .as('replaced_by'),
    ])
    .where('d.case_id', '=', caseId)
    .where('d.id', '=', documentId)
    .executeTakeFirst();
}

export async function insertAttachment(trx: Db, values: Insertable<AttachmentsTable>): Promise<number> {
  return (await trx.insertInto('attachments').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

// ---------------------------------------------------------------- case reads

function partiesMaskedOf(db: Db, caseId: CaseIdOperand) {
  return db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select([
      'p.id',
      'cp.role',
      'p.kind',
      'cp.name',
      'p.id_masked',
      'p.phone_masked',
      'p.address',
      'p.unit_id',
      'p.ethnicity',
      'p.occupation',
    ])
    .where('cp.case_id', '=', caseId);
}

/** The case's parties as the detail page shows them (masked numbers only). */
export async function casePartiesMasked(db: Db, caseId: number) {
  return partiesMaskedOf(db, caseId).orderBy('cp.sort').execute();
}

/** The case's parties with their encrypted numbers (a document prints them in full). */
export async function casePartiesSealed(db: Db, caseId: number) {
  return db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select(['cp.role', 'p.kind', 'cp.name', 'p.id_enc', 'p.phone_enc', 'p.address', 'p.ethnicity', 'p.occupation'])
    .where('cp.case_id', '=', caseId)
    .orderBy('cp.sort')
    .execute();
}

function attachmentsWithUploader(db: Db) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('users as u', 'u.id', 'a.uploaded_by')
    .select(['a.id', 'a.name', 'a.size', 'a.mime', 'a.sha256', 'a.uploaded_at', 'u.display_name']);
}

/** Every column of a case but the search index, which is written and never read. */
const CASE_COLUMNS = [
  'c.id',
  'c.town_id',
  'c.type',
  'c.number',
  'c.year',
  'c.seq',
  'c.title',
  'c.summary',
  'c.state',
  'c.terminal',
  'c.unit_id',
  'c.unit_path',
  'c.assignee_id',
  'c.owner_leader_id',
  'c.created_by',
  'c.risk',
  'c.fields',
  'c.actor_roles',
  'c.approval_pending',
  'c.next_due',
  'c.next_clock',
  'c.party_names',
  'c.swept_on',
  'c.closed_on',
  'c.confidential',
  'c.version',
  'c.created_at',
  'c.updated_at',
] as const;

/** A row as `json_agg` returns it: timestamps arrive as ISO 8601 text. */
type JsonRow<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};

/** The rows of `rows` as one JSON array in the given order ('[]' when none); `x` names a row in `order`. */
function jsonRows<O>(rows: Expression<O>, order: RawBuilder<unknown>) {
  return sql<JsonRow<O>[]>`(select coalesce(json_agg(x order by ${order}), '[]'::json) from ${rows} as x)`;
}

/** The case page's select list: the case, the names a list shows and the child rows (no parameters). */
function detailSelect(db: Db) {
  const c = sql.ref<number>('c.id');
  return db
    .selectFrom('cases as c')
    .select(CASE_COLUMNS)
    .select(nameColumns('c'))
    .select(() => [
      jsonRows(eventsOf(db, c), sql`x.seq`).as('events'),
      jsonRows(documentsOf(db, c), sql`x.issued_at, x.id`).as('documents'),
      jsonRows(partiesMaskedOf(db, c).select('cp.sort'), sql`x.sort`).as('parties'),
      jsonRows(attachmentsWithUploader(db).where('a.case_id', '=', c), sql`x.id`).as('attachments'),
    ]);
}

type DetailRow = InferResult<ReturnType<typeof detailSelect>>[number];

/**
 * `detailSelect` compiled once: it has no parameters, and every database here speaks
 * PostgreSQL through the same dialect (db/index.ts), so its text is the same for all. Only
 * the id and the user's visibility clause are compiled per call: building the rest anew was
 * most of the query builder's share of a detail request (issue 19).
 */
let detailHead: RawBuilder<unknown> | undefined;

/**
 * The case page in one statement, if the user may see the case: the case with the names a
 * list shows (scalar subqueries, as listQuery), and its events, documents, parties and
 * attachments as JSON arrays in their display order. The arrays are subqueries of the one
 * visible row, so nothing of a case outside the user's scope is read. One round trip instead
 * of a visibility probe and six reads: the detail's cost was pool checkouts and socket writes,
 * not SQL (bench/README.md, issue 19).
 */
export async function caseDetail(db: Db, access: CaseAccess, id: number) {
  if (!detailHead) {
    const head = detailSelect(db).compile();
    if (head.parameters.length > 0) throw new Error('caseDetail: the select list must not carry parameters');
    detailHead = sql.raw(head.sql);
  }
  const visible = visibleCase(expressionBuilder<{ c: DB['cases'] }, 'c'>(), access);
  const r = (await sql<DetailRow>`${detailHead} where c.id = ${id} and ${visible}`.execute(db)).rows[0];
  if (!r) return undefined;
  const { events, documents, parties, attachments, unit_name, assignee_name, owner_leader_name, ...row } = r;
  return {
    row,
    names: { unit_name, assignee_name, owner_leader_name },
    events: events.map((e) => ({ ...e, at: new Date(e.at) })),
    documents: documents.map((d) => ({
      ...d,
      issued_at: new Date(d.issued_at),
      voided_at: d.voided_at == null ? null : new Date(d.voided_at),
    })),
    parties,
    attachments: attachments.map((a) => ({ ...a, uploaded_at: new Date(a.uploaded_at) })),
  };
}

export async function attachmentById(db: Db, id: number) {
  return attachmentsWithUploader(db).where('a.id', '=', id).executeTakeFirstOrThrow();
}

/** The case's issued documents with their files, in issue order (the dossier binds them). */
export async function caseDocumentFiles(db: Db, caseId: number) {
  return db
    .selectFrom('documents as d')
    .innerJoin('users as u', 'u.id', 'd.issued_by')
    .leftJoin('document_voids as v', 'v.document_id', 'd.id')
    .select(['d.id', 'd.title', 'd.number', 'd.issued_at', 'd.storage_key', 'd.size', 'u.display_name', 'v.voided_at'])
    .where('d.case_id', '=', caseId)
    .orderBy('d.issued_at')
    .orderBy('d.id')
    .execute();
}

/** The case's attachments with their files, in upload order (the dossier binds them). */
export async function caseAttachmentFiles(db: Db, caseId: number) {
  return attachmentsWithUploader(db).select('a.storage_key').where('a.case_id', '=', caseId).orderBy('a.id').execute();
}

/** An attachment's file and its case (the caller checks the case is visible). */
export async function attachmentFile(db: Db, id: number) {
  return db
    .selectFrom('attachments')
    .select(['case_id', 'name', 'mime', 'storage_key'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** An issued document's file and its case (the caller checks the case is visible). */
export async function documentFile(db: Db, id: number) {
  return db
    .selectFrom('documents as d')
    .leftJoin('cases as c', 'c.id', 'd.case_id')
    .leftJoin('document_voids as v', 'v.document_id', 'd.id')
    .select([
      'd.id',
      'd.case_id',
      'd.title',
      'd.number',
      'd.storage_key',
      'd.issued_at',
      'c.number as case_number',
      'v.voided_at',
    ])
    .where('d.id', '=', id)
    .executeTakeFirst();
}

/** A party's encrypted numbers, if the party is on some case the user can see. */
export async function visiblePartySealed(db: Db, access: CaseAccess, partyId: number) {
  return db
    .selectFrom('parties as p')
    .select(['p.id', 'p.name', 'p.id_enc', 'p.phone_enc'])
    .where('p.id', '=', partyId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_parties as cp')
          .innerJoin('cases as c', 'c.id', 'cp.case_id')
          .select('cp.case_id')
          .whereRef('cp.party_id', '=', 'p.id')
          // biome-ignore lint/suspicious/noExplicitAny: the nested builder's table set differs; the helper only uses the alias c.
          .where((e2) => visibleCase(e2 as any, access)),
      ),
    )
    .executeTakeFirst();
}

// ---------------------------------------------------------------- lists

/** One key of a sort: the expression over `c` and its SQL type (to cast the cursor's text back). */
interface SortPart {
  expr: RawBuilder<unknown>;
  type: RawBuilder<unknown>;
}
/** The second key of a one-key sort. */
const CONSTANT: SortPart = { expr: sql`0::int`, type: sql`int` };

/** Today and the last day that counts as 即将到期, both 'YYYY-MM-DD' in Asia/Shanghai. */
export interface DueWindow {
  today: string;
  warnUntil: string;
}

/** The list's filters (domain CaseListQuerySchema), already checked. */
export interface CaseFilter {
  type?: string | undefined;
  state?: string | undefined;
  village?: string | undefined;
  assignee?: string | undefined;
  due?: 'open' | 'breached' | 'warn' | undefined;
  /** Search tokens for the index, or null to match the raw text. */
  tokens?: string | null | undefined;
  text?: string | undefined;
  /** Registered at or after / before these instants (the service turns the days into them). */
  registeredFrom?: Date | undefined;
  registeredBefore?: Date | undefined;
  /** Closed on these days or between them, 'YYYY-MM-DD', both included. */
  closedFrom?: string | undefined;
  closedTo?: string | undefined;
  /** The year of the case number (the statistics' cohort). */
  year?: number | undefined;
}

/** The filtered, scoped list query without paging and without the names (`town`: see visibleCase). */
function filteredList(db: Db, access: CaseAccess, f: CaseFilter, window: DueWindow, town?: Expression<number>) {
  let query = caseColumns(db, access, town);
  if (f.type) query = query.where('c.type', '=', f.type);
  if (f.state) query = query.where('c.state', '=', f.state);
  if (f.village) {
    const v = Number(f.village);
    query = query.where((eb) =>
      eb.or([
        eb('c.unit_id', '=', v),
        eb('c.unit_path', 'like', sql<string>`(select path from org_units where id = ${v}) || '%'`),
      ]),
    );
  }
  if (f.assignee) {
    query = query.where('c.assignee_id', '=', f.assignee === 'me' ? access.auth.userId : Number(f.assignee));
  }
  if (f.due === 'open') query = query.where('c.terminal', '=', false);
  if (f.due === 'breached') query = query.where('c.terminal', '=', false).where('c.next_due', '<', window.today);
  if (f.due === 'warn') query = query.where('c.terminal', '=', false).where('c.next_due', '<=', window.warnUntil);
  if (f.registeredFrom) query = query.where('c.created_at', '>=', f.registeredFrom);
  if (f.registeredBefore) query = query.where('c.created_at', '<', f.registeredBefore);
  if (f.closedFrom) query = query.where('c.closed_on', '>=', f.closedFrom);
  if (f.closedTo) query = query.where('c.closed_on', '<=', f.closedTo);
  if (f.year !== undefined) query = query.where('c.year', '=', f.year);
  if (f.tokens) {
    // Prefix-free phrase over the same tokens the index holds (domain/search/tokens.ts).
    query = query.where(sql<boolean>`c.search_vec @@ phraseto_tsquery('simple', ${f.tokens})`);
  } else if (f.text) {
    const needle = f.text.trim();
    query = query.where(
      sql<boolean>`strpos(c.number || ' ' || c.title || ' ' || coalesce(c.summary, '') || ' ' || c.party_names, ${needle}) > 0`,
    );
  }
  return query;
}

/**
 * How many cases match the filters, counted up to `cap` (one more row is read to tell "more"):
 * the same scoped, filtered query as the pages.
 */
export async function countList(
  db: Db,
  access: CaseAccess,
  f: CaseFilter,
  window: DueWindow,
  cap: number,
): Promise<{ total: number; capped: boolean }> {
  const matching = filteredList(db, access, f, window)
    .clearSelect()
    .select(sql<number>`1`.as('one'))
    .limit(cap + 1);
  const row = await db.selectFrom(matching.as('m')).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const n = Number(row.n);
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
}

/**
 * The list's sorts (domain CASE_SORT_KEYS), each as two never-null keys (the second a constant
 * when one is enough) with their SQL types, then the id: a keyset compares the row
 * `(k0, k1, id)` with the cursor's, in the one direction of the sort. Only these expressions
 * reach SQL; the request names a key of this table, never a column.
 */
const SORTS: Record<CaseSortKey, [SortPart, SortPart]> = {
  updated: [{ expr: sql`c.updated_at`, type: sql`timestamptz` }, CONSTANT],
  registered: [{ expr: sql`c.created_at`, type: sql`timestamptz` }, CONSTANT],
  due: [{ expr: sql`coalesce(c.next_due, 'infinity'::date)`, type: sql`date` }, CONSTANT],
  number: [
    { expr: sql`c.year`, type: sql`int` },
    { expr: sql`c.seq`, type: sql`int` },
  ],
  state: [
    { expr: sql`c.terminal`, type: sql`boolean` },
    { expr: sql`c.state`, type: sql`text` },
  ],
  village: [
    { expr: sql`coalesce((select u.name from org_units u where u.id = c.unit_id), '')`, type: sql`text` },
    CONSTANT,
  ],
};

/** Where a page of the list continues: the last row's sort keys (as text) and id. */
export interface ListCursor {
  keys: [string, string];
  id: number;
}

export interface ListSort {
  key: CaseSortKey;
  order: 'asc' | 'desc';
}

export type PagedListRow = ListRow & { cur0: string; cur1: string };

/**
 * One page of the filtered list (or of the export) in the requested sort, after the cursor.
 *
 * A reader of several towns (a county viewer: 100 towns, a million cases) gets each town's
 * first `limit` rows and the merge of them: `town_id in (…) order by updated_at` cannot walk
 * `cases_town_updated` in order across towns, so one statement read and sorted every
 * visible row (1.2–1.9 s), where a probe per town reads at most `limit` rows of it
 * (bench/README.md, county viewer). The page is the same: the first `limit` rows overall are
 * among the first `limit` of their own town, whatever the sort. The names are looked up for
 * the merged page only. The default sort (最近更新) and 登记日期 walk an index per town
 * (cases_town_updated, cases_town_created); the others sort each town's matching rows.
 */
export async function listPage(
  db: Db,
  access: CaseAccess,
  f: CaseFilter,
  window: DueWindow,
  sort: ListSort,
  after: ListCursor | null,
  limit: number,
): Promise<PagedListRow[]> {
  const [k0, k1] = SORTS[sort.key];
  const dir = sort.order === 'asc' ? sql`asc` : sql`desc`;
  const cmp = sort.order === 'asc' ? sql`>` : sql`<`;
  const page = (town?: Expression<number>) => {
    let q = filteredList(db, access, f, window, town).select([
      k0.expr.as('sk0'),
      k1.expr.as('sk1'),
      sql<string>`(${k0.expr})::text`.as('cur0'),
      sql<string>`(${k1.expr})::text`.as('cur1'),
    ]);
    if (after) {
      q = q.where(
        sql<boolean>`(${k0.expr}, ${k1.expr}, c.id) ${cmp} (${after.keys[0]}::${k0.type}, ${after.keys[1]}::${k1.type}, ${after.id})`,
      );
    }
    q = q.orderBy(sql`${k0.expr} ${dir}`);
    if (k1 !== CONSTANT) q = q.orderBy(sql`${k1.expr} ${dir}`);
    return q.orderBy(sql`c.id ${dir}`).limit(limit);
  };
  if (access.townIds.length <= 1) return page().select(nameColumns('c')).execute() as Promise<PagedListRow[]>;
  const { rows } = await sql<PagedListRow>`
    select p.*, ${sql.join(nameColumns('p'))}
    from unnest(${sql.val(access.townIds)}::int[]) as t(id)
    cross join lateral ${page(sql<number>`t.id`)} as p
    order by p.sk0 ${dir}, ${k1 === CONSTANT ? sql`` : sql`p.sk1 ${dir},`} p.id ${dir}
    limit ${limit}`.execute(db);
  return rows;
}

/** Where a page of the inbox continues: after the case with this sort key and id. */
export interface InboxCursor {
  /** The case's next_due, or 'infinity' for an undated one (they come last). */
  due: string;
  id: number;
}

/**
 * Where cases ask something of the user (engine inboxAskRules, kept to the user's roles by the
 * service): per ask, the states of each type in which it is asked. Tested on type and state,
 * which cases_open_work carries (migration 0017).
 */
export type InboxAskStates = Record<InboxAsk, { type: string; states: string[] }[]>;

export interface InboxPageQuery {
  /** Only the red (`breached`) or the yellow (`warn`, not the red) items; the counts stay the whole inbox's. */
  due?: 'breached' | 'warn' | undefined;
  /** Only the cases that ask this; the counts stay the whole inbox's. */
  ask?: InboxAsk | undefined;
  asks: InboxAskStates;
  after: InboxCursor | null;
  limit: number;
}

/**
 * The inbox: open cases assigned to or owned by the user, unassigned (or awaiting approval)
 * cases one of `roles` can act on, and for leaders high-risk cases nobody owns; one page,
 * the nearest deadline first (undated last), with the counts over all of them.
 *
 * One statement: the matching cases' ids and deadlines are collected once (`m`; for a town
 * reader an index-only scan of cases_open_work, migration 0012, which carries every column the
 * visibility and the inbox test read), counted, and cut to the page by their sort key; only the
 * page's rows are read from the table. A clerk's inbox holds thousands of cases, and before this
 * the page and the counts each walked the table for them.
 */
export async function inboxPage(db: Db, access: CaseAccess, window: DueWindow, q: InboxPageQuery) {
  const me = access.auth.userId;
  const roles = access.roles;
  const matches = db
    .selectFrom('cases as c')
    .where((eb) => visibleCase(eb, access))
    .where('c.terminal', '=', false)
    .where((eb) =>
      eb.or([
        eb('c.assignee_id', '=', me),
        eb('c.owner_leader_id', '=', me),
        ...(roles.length > 0
          ? [
              eb.and([
                sql<boolean>`c.actor_roles && ${sql.val(roles)}::text[]`,
                eb.or([eb('c.assignee_id', 'is', null), eb('c.approval_pending', '=', true)]),
              ]),
            ]
          : []),
        // Early warning (预警): a high-risk case nobody owns yet is on every leader's
        // inbox until one of them takes it (包案).
        ...(roles.includes('leader') ? [eb.and([eb('c.risk', '=', 'high'), eb('c.owner_leader_id', 'is', null)])] : []),
      ]),
    )
    // The sort key as cases_open_work orders it: undated cases last, as 'infinity'.
    .select([
      'c.id',
      'c.next_due',
      sql<string>`coalesce(c.next_due, 'infinity'::date)`.as('k'),
      sql<string[]>`array_remove(array[${sql.join(
        INBOX_ASK_KEYS.map((ask) => sql`case when ${askTest(ask, q.asks[ask])} then ${ask} end`),
      )}]::text[], null)`.as('asks'),
    ]);
  const within = [sql<boolean>`true`];
  if (q.after) within.push(sql<boolean>`(m.k, m.id) > (${q.after.due}::date, ${q.after.id})`);
  if (q.due === 'breached') within.push(sql<boolean>`m.k < ${window.today}::date`);
  if (q.due === 'warn') within.push(sql<boolean>`m.k between ${window.today}::date and ${window.warnUntil}::date`);
  if (q.ask) within.push(sql<boolean>`${q.ask} = any(m.asks)`);
  const page = sql<{ id: number; asks: string[] }>`(select m.id, m.asks from m where ${sql.join(within, sql` and `)}
    order by m.k, m.id limit ${q.limit})`;
  // The list's columns for the page's ids, which passed the visibility test in `m` already; for a
  // 待审批 row, the pending request (the latest request_approval event: one index lookup per row).
  const rows = listQuery(db, access)
    .clearWhere()
    .innerJoin(page.as('p'), (j) => j.onRef('p.id', '=', 'c.id'))
    .select([
      'c.version',
      sql<InboxAsk[]>`p.asks`.as('asks'),
      sql<InboxRequestRow | null>`(select json_build_object('action', e.action, 'input', e.data->'input',
          'note', e.note, 'at', e.at, 'by', e.actor_name)
        from case_events e
        where 'approval' = any(p.asks) and e.case_id = c.id and e.action like 'request!_approval:%' escape '!'
        order by e.seq desc limit 1)`.as('request'),
    ]);
  const result = await db
    .with(
      (w) => w('m').materialized(),
      () => matches,
    )
    .selectFrom((qc) =>
      qc
        .selectFrom('m')
        .select([
          sql<string>`count(*)`.as('total'),
          sql<string>`count(*) filter (where m.next_due < ${window.today})`.as('breached'),
          sql<string>`count(*) filter (where m.next_due >= ${window.today} and m.next_due <= ${window.warnUntil})`.as(
            'warn',
          ),
          ...INBOX_ASK_KEYS.map((ask) => sql<string>`count(*) filter (where ${ask} = any(m.asks))`.as(`ask_${ask}`)),
        ])
        .as('n'),
    )
    // One row with null columns when the page is empty, so the counts always come back.
    .leftJoin(rows.as('x'), (j) => j.onTrue())
    .selectAll('x')
    .select(['n.total', 'n.breached', 'n.warn'])
    .select(INBOX_ASK_KEYS.map((ask) => sql.ref<string>(`n.ask_${ask}`).as(`ask_${ask}`)))
    .orderBy(sql`coalesce(x.next_due, 'infinity'::date)`)
    .orderBy('x.id')
    .execute();
  const first = result[0]! as unknown as Record<string, string>;
  const asks = Object.fromEntries(INBOX_ASK_KEYS.map((ask) => [ask, Number(first[`ask_${ask}`])])) as Record<
    InboxAsk,
    number
  >;
  return {
    rows: result.filter((r) => r.id != null).map((r) => r as unknown as InboxRow),
    counts: { total: Number(first.total), breached: Number(first.breached), warn: Number(first.warn), asks },
  };
}

/** The pending approval request on an inbox row (inboxPage). */
export interface InboxRequestRow {
  action: string;
  input: Record<string, unknown> | null;
  note: string | null;
  /** As json_build_object writes a timestamptz. */
  at: string;
  by: string;
}

export type InboxRow = ListRow & { version: number; asks: InboxAsk[]; request: InboxRequestRow | null };

/** SQL: the case `c` asks `ask` of the user in one of `where` (false when nowhere). */
function askTest(ask: InboxAsk, where: InboxAskStates[InboxAsk]) {
  if (where.length === 0) return sql<boolean>`false`;
  const at = sql.join(
    where.map((w) => sql`(c.type = ${w.type} and c.state = any(${sql.val(w.states)}::text[]))`),
    sql` or `,
  );
  switch (ask) {
    case 'approval':
      return sql<boolean>`(c.approval_pending and (${at}))`;
    case 'ownership':
      // A leader's ownership is asked of a high-risk case nobody owns yet (预警); taking one is optional otherwise.
      return sql<boolean>`(c.risk = 'high' and c.owner_leader_id is null and (${at}))`;
    case 'assign':
      return sql<boolean>`(c.assignee_id is null and (${at}))`;
    default:
      return sql<boolean>`(${at})`;
  }
}

// ---------------------------------------------------------------- deadline sweep (jobs/sweep.ts)

/**
 * Claims up to `limit` open cases whose nearest deadline is before `today` and that were not
 * swept today; FOR UPDATE SKIP LOCKED, so another process takes the next ones.
 */
export async function claimOverdue(trx: Db, today: string, limit: number): Promise<CaseRow[]> {
  return trx
    .selectFrom('cases')
    .selectAll()
    .where('terminal', '=', false)
    .where('next_due', '<', today)
    .where((eb) => eb.or([eb('swept_on', 'is', null), eb('swept_on', '<', today)]))
    .orderBy('next_due')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Records the breach of (case, clock, due) once; false when it was already recorded. */
export async function markBreach(
  trx: Db,
  b: { caseId: number; clock: string; due: string; townId: number; at: Date },
): Promise<boolean> {
  const marker = await trx
    .insertInto('case_clock_breaches')
    .values({ case_id: b.caseId, clock: b.clock, due: b.due, town_id: b.townId, recorded_at: b.at })
    .onConflict((oc) => oc.doNothing())
    .returning('case_id')
    .executeTakeFirst();
  return marker !== undefined;
}

export async function markSwept(trx: Db, caseId: number, today: string): Promise<void> {
  await trx
    .updateTable('cases')
    .set({ swept_on: sql`${today}::date` })
    .where('id', '=', caseId)
    .execute();
}

// ---------------------------------------------------------------- links (links.ts)

/** The cases among the ids (any town, no visibility test: the caller has checked). */
export async function caseEnds(db: Db, ids: number[]) {
  return db.selectFrom('cases').select(['id', 'town_id', 'number']).where('id', 'in', ids).execute();
}

/** A link of the kind from `fromId` to `toId` in the town, if there is one. */
export async function findLink(db: Db, townId: number, fromId: number, toId: number, kind: CaseLinksTable['kind']) {
  return db
    .selectFrom('case_links')
    .select('id')
    .where('town_id', '=', townId)
    .where('from_case_id', '=', fromId)
    .where('to_case_id', '=', toId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** Inserts the link; undefined when the same (from, to, kind) exists (ON CONFLICT settles a race). */
export async function insertLink(trx: Db, values: Insertable<CaseLinksTable>): Promise<number | undefined> {
  const row = await trx
    .insertInto('case_links')
    .values(values)
    .onConflict((oc) => oc.columns(['from_case_id', 'to_case_id', 'kind']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** The links of a case both ways, oldest first, with who recorded them. */
export async function linksOfCase(db: Db, townId: number, caseId: number) {
  return db
    .selectFrom('case_links as l')
    .innerJoin('users as u', 'u.id', 'l.created_by')
    .select(['l.id', 'l.from_case_id', 'l.to_case_id', 'l.kind', 'l.note', 'l.created_at', 'u.display_name'])
    .where('l.town_id', '=', townId)
    .where((eb) => eb.or([eb('l.from_case_id', '=', caseId), eb('l.to_case_id', '=', caseId)]))
    .orderBy('l.id')
    .execute();
}

/** The cases of the town among the ids that the user can see, with what a link shows and checks. */
export async function visibleLinkEnds(db: Db, access: CaseAccess, townId: number, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('cases as c')
    .select([
      'c.id',
      'c.type',
      'c.number',
      'c.title',
      'c.state',
      'c.terminal',
      'c.unit_id',
      'c.unit_path',
      'c.created_by',
      'c.assignee_id',
    ])
    .where('c.town_id', '=', townId)
    .where('c.id', 'in', ids)
    .where((eb) => visibleCase(eb, access))
    .execute();
}

/**
 * A case the user can see, by id or by number; a number names one case per town, so of
 * several the one in `preferTown`.
 */
export async function findVisibleCaseBy(
  db: Db,
  access: CaseAccess,
  by: { id: number } | { number: string },
  preferTown: number,
) {
  let q = db
    .selectFrom('cases as c')
    .select(['c.id', 'c.town_id', 'c.number'])
    .where((eb) => visibleCase(eb, access));
  q = 'id' in by ? q.where('c.id', '=', by.id) : q.where('c.number', '=', by.number);
  return q
    .orderBy((eb) => eb.case().when('c.town_id', '=', preferTown).then(0).else(1).end())
    .limit(1)
    .executeTakeFirst();
}

/** The link with the id in the town, if it touches the case. */
export async function linkOnCase(db: Db, townId: number, caseId: number, linkId: number) {
  return db
    .selectFrom('case_links')
    .selectAll()
    .where('town_id', '=', townId)
    .where('id', '=', linkId)
    .where((eb) => eb.or([eb('from_case_id', '=', caseId), eb('to_case_id', '=', caseId)]))
    .executeTakeFirst();
}

export async function deleteLink(trx: Db, linkId: number): Promise<void> {
  await trx.deleteFrom('case_links').where('id', '=', linkId).execute();
}
