/**
 * The screening campaigns' SQL: campaigns, village returns and the disputes they report.
 * Every read a user makes goes through the return's scope (./access.ts); the rules (who may
 * write, which state allows it, versions) and the transactions are the service's (./service.ts).
 * Functions that take `trx` run inside the caller's transaction.
 */
import { type Selectable, sql } from 'kysely';
import type { Db } from '../../../db/index.ts';
import type { ScreeningCampaignsTable, StoredEntryParty } from '../../../db/schema.ts';
import { type CampaignAccess, visibleCampaign, visibleReturn } from './access.ts';

export type CampaignRow = Selectable<ScreeningCampaignsTable>;

/** The return a write goes to, locked, with its campaign. */
export interface WritableReturn {
  id: number;
  town_id: number;
  campaign_id: number;
  unit_id: number;
  unit_path: string;
  status: 'pending' | 'returned';
  version: number;
  campaign_status: 'open' | 'closed';
  period_start: string;
}

/** The columns of an entry that come from its input (service.ts prepares them). */
export interface EntryColumns {
  found_on: string;
  dispute_type: string;
  summary: string;
  requests: string;
  people_count: number;
  amount: number | null;
  risk_hint: string | null;
  parties: StoredEntryParty[];
  party_names: string;
}

// ---------------------------------------------------------------- campaigns

function campaignQuery(db: Db, acc: CampaignAccess) {
  return db
    .selectFrom('screening_campaigns as c')
    .innerJoin('org_units as t', 't.id', 'c.town_id')
    .innerJoin('users as u', 'u.id', 'c.created_by')
    .leftJoin('users as x', 'x.id', 'c.closed_by')
    .selectAll('c')
    .select(['t.name as town_name', 'u.display_name as created_by_name', 'x.display_name as closed_by_name'])
    .where((eb) => visibleCampaign(eb, acc));
}

export type CampaignListRow = Awaited<ReturnType<ReturnType<typeof campaignQuery>['execute']>>[number];

/** The campaigns the user sees, newest period first, at most 500. */
export function listCampaigns(
  db: Db,
  acc: CampaignAccess,
  q: { status?: CampaignRow['status'] | undefined; kind?: CampaignRow['kind'] | undefined; year?: number | undefined },
) {
  let query = campaignQuery(db, acc);
  if (q.status) query = query.where('c.status', '=', q.status);
  if (q.kind) query = query.where('c.kind', '=', q.kind);
  if (q.year) {
    query = query.where('c.period_start', '<=', `${q.year}-12-31`).where('c.period_end', '>=', `${q.year}-01-01`);
  }
  // A town runs about a dozen regular rounds and a few concentrated ones a year: the
  // year filter keeps a page small without keyset paging.
  return query.orderBy('c.period_start', 'desc').orderBy('c.id', 'desc').limit(500).execute();
}

export function visibleCampaignById(db: Db, acc: CampaignAccess, id: number) {
  return campaignQuery(db, acc).where('c.id', '=', id).executeTakeFirst();
}

/** Whether the user sees the campaign at all. */
export async function campaignIsVisible(db: Db, acc: CampaignAccess, id: number): Promise<boolean> {
  const c = await db
    .selectFrom('screening_campaigns as c')
    .select('c.id')
    .where('c.id', '=', id)
    .where((eb) => visibleCampaign(eb, acc))
    .executeTakeFirst();
  return c !== undefined;
}

/** The campaign's own row if the user sees it, optionally locked. */
export function visibleCampaignRow(db: Db, acc: CampaignAccess, id: number, forUpdate = false) {
  let q = db
    .selectFrom('screening_campaigns as c')
    .selectAll('c')
    .where('c.id', '=', id)
    .where((eb) => visibleCampaign(eb, acc));
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The campaign of a return already found visible. */
export function campaignRow(db: Db, id: number) {
  return db.selectFrom('screening_campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export function campaignTitle(db: Db, id: number) {
  return db.selectFrom('screening_campaigns').select('title').where('id', '=', id).executeTakeFirstOrThrow();
}

/** Per campaign, the returns the user sees: how many, returned, overdue on `today`, nil. */
export function countReturns(db: Db, acc: CampaignAccess, ids: number[], today: string) {
  return db
    .selectFrom('campaign_returns as r')
    .innerJoin('screening_campaigns as c', 'c.id', 'r.campaign_id')
    .where('r.campaign_id', 'in', ids)
    .where((eb) => visibleReturn(eb, acc))
    .groupBy('r.campaign_id')
    .select([
      'r.campaign_id',
      sql<number>`count(*)`.as('total'),
      sql<number>`count(*) filter (where r.status = 'returned')`.as('returned'),
      sql<number>`count(*) filter (where r.status = 'pending' and c.due_on < ${today})`.as('overdue'),
      sql<number>`count(*) filter (where r.nil_return)`.as('nil'),
    ])
    .execute();
}

/** Per campaign, the entries of the returns the user sees: found, converted, dismissed. */
export function countEntries(db: Db, acc: CampaignAccess, ids: number[]) {
  return db
    .selectFrom('campaign_entries as e')
    .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
    .where('e.campaign_id', 'in', ids)
    .where((eb) => visibleReturn(eb, acc))
    .groupBy('e.campaign_id')
    .select([
      'e.campaign_id',
      sql<number>`count(*)`.as('found'),
      sql<number>`count(*) filter (where e.status = 'converted')`.as('converted'),
      sql<number>`count(*) filter (where e.status = 'dismissed')`.as('dismissed'),
    ])
    .execute();
}

/** The campaign's entries the user sees, by dispute type, most frequent first. */
export function entriesByType(db: Db, acc: CampaignAccess, campaignId: number) {
  return db
    .selectFrom('campaign_entries as e')
    .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
    .where('e.campaign_id', '=', campaignId)
    .where((eb) => visibleReturn(eb, acc))
    .groupBy('e.dispute_type')
    .select(['e.dispute_type', sql<number>`count(*)`.as('n')])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('e.dispute_type')
    .execute();
}

/** The villages and communities of a town, in the org chart's order: one return each. */
export function townVillages(trx: Db, townId: number) {
  return trx
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('town_id', '=', townId)
    .where('kind', 'in', ['village', 'community'])
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

export async function insertCampaign(
  trx: Db,
  c: {
    town_id: number;
    kind: CampaignRow['kind'];
    title: string;
    period_start: string;
    period_end: string;
    due_on: string;
    note: string | null;
    created_by: number;
    now: Date;
  },
): Promise<number> {
  const { now, ...values } = c;
  const row = await trx
    .insertInto('screening_campaigns')
    .values({ ...values, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One pending return per village. */
export async function insertReturns(
  trx: Db,
  townId: number,
  campaignId: number,
  units: readonly { id: number; path: string }[],
) {
  await trx
    .insertInto('campaign_returns')
    .values(units.map((u) => ({ town_id: townId, campaign_id: campaignId, unit_id: u.id, unit_path: u.path })))
    .execute();
}

export async function closeCampaign(trx: Db, id: number, by: number, version: number, now: Date) {
  await trx
    .updateTable('screening_campaigns')
    .set({ status: 'closed', closed_by: by, closed_at: now, updated_at: now, version })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- returns

function returnsQuery(db: Db, acc: CampaignAccess) {
  return db
    .selectFrom('campaign_returns as r')
    .innerJoin('org_units as o', 'o.id', 'r.unit_id')
    .leftJoin('users as u', 'u.id', 'r.returned_by')
    .selectAll('r')
    .select([
      'o.name as unit_name',
      'u.display_name as returned_by_name',
      sql<number>`(select count(*) from campaign_entries e where e.return_id = r.id)`.as('entries'),
      sql<number>`(select count(*) from campaign_entries e where e.return_id = r.id and e.status = 'converted')`.as(
        'converted',
      ),
    ])
    .where((eb) => visibleReturn(eb, acc));
}

export type ReturnRow = Awaited<ReturnType<ReturnType<typeof returnsQuery>['execute']>>[number];

/** The campaign's returns the user sees, in the org chart's order. */
export function campaignReturns(db: Db, acc: CampaignAccess, campaignId: number) {
  return returnsQuery(db, acc)
    .where('r.campaign_id', '=', campaignId)
    .orderBy('o.sort_order')
    .orderBy('o.id')
    .execute();
}

export function visibleReturnById(db: Db, acc: CampaignAccess, returnId: number) {
  return returnsQuery(db, acc).where('r.id', '=', returnId).executeTakeFirst();
}

/** The return, locked, with its campaign's state, if the user sees it. */
export function lockVisibleReturn(trx: Db, acc: CampaignAccess, returnId: number): Promise<WritableReturn | undefined> {
  return trx
    .selectFrom('campaign_returns as r')
    .innerJoin('screening_campaigns as c', 'c.id', 'r.campaign_id')
    .select([
      'r.id',
      'r.town_id',
      'r.campaign_id',
      'r.unit_id',
      'r.unit_path',
      'r.status',
      'r.version',
      'c.status as campaign_status',
      'c.period_start',
    ])
    .where('r.id', '=', returnId)
    .where((eb) => visibleReturn(eb, acc))
    .forUpdate()
    .executeTakeFirst();
}

export function unitName(db: Db, unitId: number) {
  return db.selectFrom('org_units').select('name').where('id', '=', unitId).executeTakeFirstOrThrow();
}

export async function countReturnEntries(trx: Db, r: { town_id: number; id: number }): Promise<number> {
  const { n } = await trx
    .selectFrom('campaign_entries')
    .select(sql<number>`count(*)`.as('n'))
    .where('town_id', '=', r.town_id)
    .where('return_id', '=', r.id)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function markReturned(
  trx: Db,
  id: number,
  v: { nil: boolean; note: string | null; by: number; now: Date; version: number },
) {
  await trx
    .updateTable('campaign_returns')
    .set({
      status: 'returned',
      nil_return: v.nil,
      note: v.note,
      returned_by: v.by,
      returned_at: v.now,
      version: v.version,
    })
    .where('id', '=', id)
    .execute();
}

export async function markPending(trx: Db, id: number, version: number) {
  await trx
    .updateTable('campaign_returns')
    .set({ status: 'pending', nil_return: false, note: null, returned_by: null, returned_at: null, version })
    .where('id', '=', id)
    .execute();
}

// ---------------------------------------------------------------- entries

function entryQuery(db: Db, acc: CampaignAccess) {
  return db
    .selectFrom('campaign_entries as e')
    .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
    .innerJoin('org_units as o', 'o.id', 'e.unit_id')
    .innerJoin('users as u', 'u.id', 'e.created_by')
    .leftJoin('cases as k', 'k.id', 'e.case_id')
    .selectAll('e')
    .select(['o.name as unit_name', 'u.display_name as created_by_name', 'k.number as case_number'])
    .where((eb) => visibleReturn(eb, acc))
    .orderBy('o.sort_order')
    .orderBy('e.found_on')
    .orderBy('e.id');
}

export type EntryRow = Awaited<ReturnType<ReturnType<typeof entryQuery>['execute']>>[number];

export function campaignEntries(
  db: Db,
  acc: CampaignAccess,
  campaignId: number,
  q: { unitId?: number | undefined; status?: EntryRow['status'] | undefined },
) {
  let query = entryQuery(db, acc).where('e.campaign_id', '=', campaignId);
  if (q.unitId !== undefined) query = query.where('e.unit_id', '=', q.unitId);
  if (q.status) query = query.where('e.status', '=', q.status);
  return query.execute();
}

export function returnEntries(db: Db, acc: CampaignAccess, returnId: number) {
  return entryQuery(db, acc).where('e.return_id', '=', returnId).execute();
}

export function visibleEntryById(db: Db, acc: CampaignAccess, id: number) {
  return entryQuery(db, acc).where('e.id', '=', id).executeTakeFirst();
}

/** An entry's keys and state if the user sees its return (not locked: lockEntry locks it). */
export function visibleEntryState(trx: Db, acc: CampaignAccess, id: number) {
  return trx
    .selectFrom('campaign_entries as e')
    .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
    .select(['e.id', 'e.return_id', 'e.campaign_id', 'e.status', 'e.version', 'e.parties', 'e.party_names'])
    .where('e.id', '=', id)
    .where((eb) => visibleReturn(eb, acc))
    .executeTakeFirst();
}

/** The entry's state, locked. */
export function lockEntry(trx: Db, id: number) {
  return trx
    .selectFrom('campaign_entries')
    .select(['status', 'version', 'parties'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Bounded multi-row inserts; the ids in input order. */
export async function insertEntries(
  trx: Db,
  r: WritableReturn,
  entries: readonly EntryColumns[],
  by: number,
  now: Date,
): Promise<number[]> {
  const ids: number[] = [];
  // One statement per 500 rows stays under PostgreSQL's 65,535 parameters at the import's
  // 5,000-row cap, and is still a handful of round trips.
  for (let i = 0; i < entries.length; i += 500) {
    const rows = await trx
      .insertInto('campaign_entries')
      .values(
        entries.slice(i, i + 500).map((e) => ({
          ...e,
          parties: JSON.stringify(e.parties),
          town_id: r.town_id,
          campaign_id: r.campaign_id,
          return_id: r.id,
          unit_id: r.unit_id,
          created_by: by,
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((x) => x.id));
  }
  return ids;
}

export async function updateEntry(trx: Db, id: number, entry: EntryColumns, version: number, now: Date) {
  await trx
    .updateTable('campaign_entries')
    .set({ ...entry, parties: JSON.stringify(entry.parties), version, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteEntry(trx: Db, id: number) {
  await trx.deleteFrom('campaign_entries').where('id', '=', id).execute();
}

export async function markDismissed(trx: Db, id: number, reason: string, version: number, now: Date) {
  await trx
    .updateTable('campaign_entries')
    .set({ status: 'dismissed', dismiss_reason: reason, version, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The campaign's entries among `ids` that the user sees, with their village's name. */
export function entriesToConvert(db: Db, acc: CampaignAccess, campaignId: number, ids: number[]) {
  return db
    .selectFrom('campaign_entries as e')
    .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
    .innerJoin('org_units as o', 'o.id', 'e.unit_id')
    .selectAll('e')
    .select('o.name as unit_name')
    .where('e.campaign_id', '=', campaignId)
    .where('e.id', 'in', ids)
    .where((eb) => visibleReturn(eb, acc))
    .execute();
}

/** The entries' states, locked in id order (so two conversions cannot deadlock). */
export function lockEntries(trx: Db, ids: number[]) {
  return trx
    .selectFrom('campaign_entries')
    .select(['id', 'status'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function markConverted(trx: Db, id: number, caseId: number, version: number, now: Date) {
  await trx
    .updateTable('campaign_entries')
    .set({ status: 'converted', case_id: caseId, version, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function caseNumber(trx: Db, caseId: number): Promise<string> {
  const { number } = await trx.selectFrom('cases').select('number').where('id', '=', caseId).executeTakeFirstOrThrow();
  return number;
}

// ---------------------------------------------------------------- figures

/**
 * Disputes found in screening in a town over a period (by the day found), for the
 * statistics and the annual report ("排查矛盾纠纷 N 件"): one aggregate over the index.
 */
export async function screeningFacts(db: Db, townId: number, from: string, to: string) {
  const rows = await db
    .selectFrom('campaign_entries')
    .select([
      'dispute_type',
      sql<number>`count(*)`.as('found'),
      sql<number>`count(*) filter (where status = 'converted')`.as('converted'),
      sql<number>`count(*) filter (where status = 'dismissed')`.as('dismissed'),
    ])
    .where('town_id', '=', townId)
    .where('found_on', '>=', from)
    .where('found_on', '<=', to)
    .groupBy('dispute_type')
    .execute();
  const byType = rows.map((r) => ({
    disputeType: r.dispute_type,
    found: Number(r.found),
    converted: Number(r.converted),
    dismissed: Number(r.dismissed),
  }));
  const sum = (k: 'found' | 'converted' | 'dismissed') => byType.reduce((n, r) => n + r[k], 0);
  return { found: sum('found'), converted: sum('converted'), dismissed: sum('dismissed'), byType };
}
