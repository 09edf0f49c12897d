/**
 * The hand-written SQL a DBA would use for the same results, on the same schema,
 * indexes and pool. It knows the bench user's scope in advance (a town clerk sees the
 * whole town; a village officer sees their village), so it carries no generic
 * visibility clause and no query builder, and computes nothing in JavaScript: the
 * floor the API's layers are compared with.
 */
import { createHash } from 'node:crypto';
import type { Db } from '@fazhi/server/src/db/index.ts';
import { sql } from 'kysely';

const LIST_COLS = sql`
  c.id, c.town_id, c.type, c.number, c.title, c.state, c.terminal, c.unit_id, u.name as unit_name,
  c.assignee_id, a.display_name as assignee_name, c.owner_leader_id, l.display_name as owner_leader_name,
  c.risk, c.next_due, c.next_clock, c.party_names, c.created_at, c.updated_at`;

const LIST_FROM = sql`
  cases c
  left join org_units u on u.id = c.unit_id
  left join users a on a.id = c.assignee_id
  left join users l on l.id = c.owner_leader_id`;

export interface ListRow {
  id: number;
  updated_at: Date;
}

export interface InboxScope {
  townId: number;
  userId: number;
  roles: string[];
  /** Set for a village officer: the only unit whose unassigned work they see. */
  villageId: number | null;
  today: string;
  warnUntil: string;
}

/**
 * The first page of the inbox (50, as GET /api/inbox sends it) with the counts over all of it,
 * in the order of the index cases_open_work (the deadline, undated last, then id).
 */
export async function inbox(db: Db, s: InboxScope, limit = 50) {
  const mine = sql`(c.assignee_id = ${s.userId} or c.owner_leader_id = ${s.userId}
    or (c.actor_roles && ${s.roles}::text[] and (c.assignee_id is null or c.approval_pending)
        ${s.villageId == null ? sql`` : sql`and c.unit_id = ${s.villageId}`}))`;
  const where = sql`c.town_id = ${s.townId} and not c.terminal and ${mine}`;
  const [rows, counts] = await Promise.all([
    sql<ListRow>`select ${LIST_COLS} from ${LIST_FROM} where ${where}
      order by coalesce(c.next_due, 'infinity'::date), c.id limit ${limit + 1}`.execute(db),
    sql<{ total: number; breached: number; warn: number }>`
      select count(*)::int as total,
             count(*) filter (where c.next_due < ${s.today})::int as breached,
             count(*) filter (where c.next_due between ${s.today} and ${s.warnUntil})::int as warn
      from cases c where ${where}`.execute(db),
  ]);
  return { rows: rows.rows.slice(0, limit), more: rows.rows.length > limit, counts: counts.rows[0]! };
}

export interface ListFilter {
  /** One town, or every town a county viewer sees. */
  townId: number | number[];
  type?: string;
  state?: string;
  villageId?: number;
  /** `phraseto_tsquery` tokens (queryTokens of the user's text). */
  tokens?: string;
  after?: { at: Date; id: number };
  limit: number;
}

function listWhere(f: Omit<ListFilter, 'limit'>) {
  const conds = [Array.isArray(f.townId) ? sql`c.town_id in (${sql.join(f.townId)})` : sql`c.town_id = ${f.townId}`];
  if (f.type) conds.push(sql`c.type = ${f.type}`);
  if (f.state) conds.push(sql`c.state = ${f.state}`);
  if (f.villageId) conds.push(sql`c.unit_id = ${f.villageId}`);
  if (f.tokens) conds.push(sql`c.search_vec @@ phraseto_tsquery('simple', ${f.tokens})`);
  if (f.after) conds.push(sql`(c.updated_at, c.id) < (${f.after.at}, ${f.after.id})`);
  return sql.join(conds, sql` and `);
}

export async function list(db: Db, f: ListFilter) {
  const r = await sql<ListRow>`select ${LIST_COLS} from ${LIST_FROM} where ${listWhere(f)}
    order by c.updated_at desc, c.id desc limit ${f.limit + 1}`.execute(db);
  return r.rows;
}

/** Setup only (not timed): how many rows a filter matches, and the row at a position, for a deep cursor. */
export async function count(db: Db, f: Omit<ListFilter, 'limit'>): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from cases c where ${listWhere(f)}`.execute(db);
  return r.rows[0]?.n ?? 0;
}

export async function rowAt(db: Db, f: Omit<ListFilter, 'limit'>, offset: number): Promise<ListRow | undefined> {
  const r = await sql<ListRow>`select c.id, c.updated_at from cases c where ${listWhere(f)}
    order by c.updated_at desc, c.id desc offset ${offset} limit 1`.execute(db);
  return r.rows[0];
}

export async function detail(db: Db, townId: number, id: number) {
  const d = await detailRows(db, townId, id);
  if (!d) return null;
  return {
    row: d.row,
    events: d.events.length,
    documents: d.documents.length,
    parties: d.parties.length,
    attachments: d.attachments.length,
  };
}

/** The detail's rows, as a bare HTTP route would send them (town.ts). */
export async function detailRows(db: Db, townId: number, id: number) {
  const head = await sql<ListRow & { version: number; fields: unknown }>`
    select ${LIST_COLS}, c.version, c.summary, c.fields, c.created_by
    from ${LIST_FROM} where c.id = ${id} and c.town_id = ${townId}`.execute(db);
  if (head.rows.length === 0) return null;
  const [events, documents, parties, attachments] = await Promise.all([
    sql`select * from case_events where case_id = ${id} order by seq`.execute(db),
    sql`select d.id, d.kind, d.title, d.number, d.issued_at, d.size, d.sha256, u.display_name
        from documents d join users u on u.id = d.issued_by where d.case_id = ${id} order by d.issued_at, d.id`.execute(
      db,
    ),
    sql`select p.id, cp.role, p.kind, p.name, p.id_masked, p.phone_masked, p.address, p.unit_id
        from case_parties cp join parties p on p.id = cp.party_id where cp.case_id = ${id} order by cp.sort`.execute(
      db,
    ),
    sql`select a.id, a.name, a.size, a.mime, a.sha256, a.uploaded_at, u.display_name
        from attachments a join users u on u.id = a.uploaded_by where a.case_id = ${id} order by a.id`.execute(db),
  ]);
  return {
    row: head.rows[0]!,
    events: events.rows,
    documents: documents.rows,
    parties: parties.rows,
    attachments: attachments.rows,
  };
}

export interface AcceptInput {
  caseId: number;
  version: number;
  townId: number;
  chainId: number;
  actorId: number;
  actorName: string;
  now: Date;
  /** The handling clock's due day, as the engine computes it for an acceptance today. */
  due: string;
}

/**
 * 受理 by hand: the transition with its derived inbox facts, the event, and a
 * hash-chained audit record, in one transaction. Returns false on a version conflict.
 */
export async function accept(db: Db, a: AcceptInput): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const updated = await sql`
      update cases set state = 'accepted', version = version + 1, updated_at = ${a.now},
        actor_roles = '{tiaojie,village}', next_due = ${a.due}, next_clock = 'handling'
      where id = ${a.caseId} and version = ${a.version} and state = 'registered'`.execute(trx);
    if (Number(updated.numAffectedRows ?? 0) !== 1) return false;
    await sql`
      insert into case_events (case_id, seq, town_id, at, actor_id, actor_name, action, from_state, to_state)
      select ${a.caseId}, coalesce(max(seq), 0) + 1, ${a.townId}, ${a.now}, ${a.actorId}, ${a.actorName},
             'accept', 'registered', 'accepted'
      from case_events where case_id = ${a.caseId}`.execute(trx);
    const details = JSON.stringify({ action: 'accept', from: 'registered', to: 'accepted' });
    // The body is hashed in the database so the chain stays one statement; the
    // application's canonical-JSON hash differs in form, not in cost.
    const body = createHash('sha256').update(`${a.caseId}|${details}`).digest('hex');
    await sql`
      with head as (
        select seq, hash from audit_heads where chain_id = ${a.chainId} for update
      ), ins as (
        insert into audit_log (chain_id, seq, at, actor_id, actor_name, ip, action, target, outcome, details, prev_hash, hash)
        select ${a.chainId}, head.seq + 1, ${a.now}, ${a.actorId}, ${a.actorName}, '127.0.0.1', 'case.action',
               ${`case:${a.caseId}`}, 'success', ${details}::jsonb, head.hash,
               encode(sha256(convert_to(head.hash || ${body}, 'UTF8')), 'hex')
        from head
        returning seq, hash
      )
      update audit_heads h set seq = ins.seq, hash = ins.hash from ins where h.chain_id = ${a.chainId}`.execute(trx);
    return true;
  });
}

/** The session check a minimal authenticated endpoint needs: the cookie's hash, unexpired. */
export async function sessionUser(db: Db, token: string, now: Date): Promise<number | null> {
  const id = createHash('sha256').update(token).digest('hex');
  const r = await sql<{ user_id: number }>`
    select user_id from sessions where id = ${id} and ended_at is null and expires_at > ${now}`.execute(db);
  return r.rows[0]?.user_id ?? null;
}
