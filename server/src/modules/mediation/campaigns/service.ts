/**
 * 矛盾纠纷排查: campaigns, village returns, the disputes they report, and turning those
 * into mediation cases. Every read goes through the return's scope (./access.ts): a
 * return the user may not see is a 404, never a 403. Every write is one transaction
 * with its audit record; returns and entries carry `version` like cases do.
 *
 * Conversion goes through CaseService.prepareCreate/insertPrepared, so a case born
 * from screening is validated, numbered, indexed and audited like any other: all the
 * entries of one request are prepared first and written in one transaction, or none is.
 */
import { randomUUID } from 'node:crypto';
import {
  AppError,
  type CreateCaseBodySchema,
  type FieldIssue,
  maskIdCard,
  maskPhone,
  shanghaiDate,
  validateIdCard,
  validatePhone,
  validateUscc,
} from '@fazhi/domain';
import {
  CAMPAIGN_KIND_LABELS,
  CAMPAIGN_STATUS_LABELS,
  type CampaignCounts,
  type CampaignCreateBodySchema,
  type CampaignDetail,
  type CampaignListItem,
  type CampaignListQuerySchema,
  DISPUTE_TYPE_LABELS,
  ENTRY_PARTY_ROLE_LABELS,
  ENTRY_RISK_LABELS,
  ENTRY_STATUS_LABELS,
  type EntryInputSchema,
  type EntryListQuerySchema,
  type EntryView,
  NIL_RETURN_NOTE,
  RETURN_STATE_LABELS,
  type ReturnDetail,
  type ReturnSubmitBodySchema,
  type ReturnView,
} from '@fazhi/domain/api/campaigns';
import { type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { Auditor, CaseService, PreparedCase } from '../../../cases/service.ts';
import type { Db } from '../../../db/index.ts';
import type { ScreeningCampaignsTable, StoredEntryParty } from '../../../db/schema.ts';
import { appendAudit } from '../../../platform/audit.ts';
import type { PiiCipher } from '../../../platform/crypto.ts';
import { type CampaignAccess, canWriteReturn, visibleCampaign, visibleReturn } from './access.ts';

type CreateBody = z.output<typeof CampaignCreateBodySchema>;
type ListQuery = z.output<typeof CampaignListQuerySchema>;
export type EntryValues = z.output<typeof EntryInputSchema>;
type SubmitBody = z.output<typeof ReturnSubmitBodySchema>;
type CaseBody = z.output<typeof CreateCaseBodySchema>;
type CampaignRow = Selectable<ScreeningCampaignsTable>;

/** The mediation case type a screening entry becomes (domain/cases/mediation.ts). */
export const MEDIATION_TYPE = 'mediation';

export interface CampaignServiceDeps {
  db: Db;
  cases: CaseService;
  cipher: PiiCipher;
}

/** A validated entry ready to insert: the columns that come from the input. */
export interface PreparedEntry {
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

/** The return a write goes to, locked, with its campaign. */
interface WritableReturn {
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

const EMPTY_COUNTS: CampaignCounts = {
  returnsTotal: 0,
  returnsReturned: 0,
  returnsOverdue: 0,
  nilReturns: 0,
  found: 0,
  converted: 0,
  dismissed: 0,
};

function conflict(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('CONFLICT', message, details ? { details } : {});
}

function staleVersion(what: string): AppError {
  return new AppError('VERSION_CONFLICT', `${what}已被他人修改，请刷新后重试`);
}

const label = <T extends Record<string, string>>(labels: T, key: string | null): string | null =>
  key == null ? null : ((labels as Record<string, string>)[key] ?? key);

export class CampaignService {
  constructor(private readonly deps: CampaignServiceDeps) {}

  private get db() {
    return this.deps.db;
  }

  get database(): Db {
    return this.deps.db;
  }

  // ---------------------------------------------------------------- campaigns

  async list(acc: CampaignAccess, q: ListQuery, now: Date): Promise<{ items: CampaignListItem[]; canCreate: boolean }> {
    let query = this.campaignQuery(this.db, acc);
    if (q.status) query = query.where('c.status', '=', q.status);
    if (q.kind) query = query.where('c.kind', '=', q.kind);
    if (q.year) {
      query = query.where('c.period_start', '<=', `${q.year}-12-31`).where('c.period_end', '>=', `${q.year}-01-01`);
    }
    // A town runs about a dozen regular rounds and a few concentrated ones a year: the
    // year filter keeps a page small without keyset paging.
    const rows = await query.orderBy('c.period_start', 'desc').orderBy('c.id', 'desc').limit(500).execute();
    const counts = await this.counts(
      acc,
      rows.map((r) => r.id),
      shanghaiDate(now),
    );
    return {
      items: rows.map((r) => this.listItem(r, counts.get(r.id) ?? EMPTY_COUNTS)),
      canCreate: acc.manageTowns.length > 0,
    };
  }

  private campaignQuery(db: Db, acc: CampaignAccess) {
    return db
      .selectFrom('screening_campaigns as c')
      .innerJoin('org_units as t', 't.id', 'c.town_id')
      .innerJoin('users as u', 'u.id', 'c.created_by')
      .leftJoin('users as x', 'x.id', 'c.closed_by')
      .selectAll('c')
      .select(['t.name as town_name', 'u.display_name as created_by_name', 'x.display_name as closed_by_name'])
      .where((eb) => visibleCampaign(eb, acc));
  }

  private listItem(
    r: CampaignRow & { town_name: string; created_by_name: string },
    counts: CampaignCounts,
  ): CampaignListItem {
    return {
      id: String(r.id),
      townId: String(r.town_id),
      townName: r.town_name,
      kind: r.kind,
      kindLabel: CAMPAIGN_KIND_LABELS[r.kind],
      title: r.title,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      dueOn: r.due_on,
      status: r.status,
      statusLabel: CAMPAIGN_STATUS_LABELS[r.status],
      createdByName: r.created_by_name,
      createdAt: r.created_at.toISOString(),
      version: r.version,
      counts,
    };
  }

  /** Per campaign, SQL aggregates over the returns and entries the user may see. */
  private async counts(acc: CampaignAccess, ids: number[], today: string): Promise<Map<number, CampaignCounts>> {
    const out = new Map<number, CampaignCounts>();
    if (ids.length === 0) return out;
    const [returns, entries] = await Promise.all([
      this.db
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
        .execute(),
      this.db
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
        .execute(),
    ]);
    for (const r of returns) {
      out.set(r.campaign_id, {
        ...EMPTY_COUNTS,
        returnsTotal: Number(r.total),
        returnsReturned: Number(r.returned),
        returnsOverdue: Number(r.overdue),
        nilReturns: Number(r.nil),
      });
    }
    for (const e of entries) {
      const c = out.get(e.campaign_id) ?? { ...EMPTY_COUNTS };
      out.set(e.campaign_id, {
        ...c,
        found: Number(e.found),
        converted: Number(e.converted),
        dismissed: Number(e.dismissed),
      });
    }
    return out;
  }

  async detail(acc: CampaignAccess, id: number, now: Date): Promise<CampaignDetail> {
    const row = await this.campaignQuery(this.db, acc).where('c.id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('排查');
    const today = shanghaiDate(now);
    const [counts, returns, byType] = await Promise.all([
      this.counts(acc, [id], today),
      this.returnsQuery(acc).where('r.campaign_id', '=', id).orderBy('o.sort_order').orderBy('o.id').execute(),
      this.db
        .selectFrom('campaign_entries as e')
        .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
        .where('e.campaign_id', '=', id)
        .where((eb) => visibleReturn(eb, acc))
        .groupBy('e.dispute_type')
        .select(['e.dispute_type', sql<number>`count(*)`.as('n')])
        .orderBy(sql`count(*)`, 'desc')
        .orderBy('e.dispute_type')
        .execute(),
    ]);
    return {
      ...this.listItem(row, counts.get(id) ?? EMPTY_COUNTS),
      note: row.note,
      closedAt: row.closed_at?.toISOString() ?? null,
      closedByName: row.closed_by_name,
      returns: returns.map((r) => this.returnView(acc, r, row.due_on, today)),
      foundByType: byType.map((t) => ({
        disputeType: t.dispute_type,
        label: label(DISPUTE_TYPE_LABELS, t.dispute_type) ?? t.dispute_type,
        count: Number(t.n),
      })),
      canManage: acc.manageTowns.includes(row.town_id),
    };
  }

  /** Starts a campaign for the whole town: one pending return per village and community. */
  async create(acc: CampaignAccess, body: CreateBody, now: Date, audit: Auditor): Promise<number> {
    const townId = this.townFor(acc, body.townId ? Number(body.townId) : undefined);
    return this.db.transaction().execute(async (trx) => {
      const units = await trx
        .selectFrom('org_units')
        .select(['id', 'path'])
        .where('town_id', '=', townId)
        .where('kind', 'in', ['village', 'community'])
        .orderBy('sort_order')
        .orderBy('id')
        .execute();
      if (units.length === 0) {
        throw new AppError('UNPROCESSABLE', '本镇尚未设置村（社区），无法部署排查；请先在组织机构中添加村（社区）');
      }
      const c = await trx
        .insertInto('screening_campaigns')
        .values({
          town_id: townId,
          kind: body.kind,
          title: body.title,
          period_start: body.periodStart,
          period_end: body.periodEnd,
          due_on: body.dueOn,
          note: body.note || null,
          created_by: acc.cases.auth.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('campaign_returns')
        .values(units.map((u) => ({ town_id: townId, campaign_id: c.id, unit_id: u.id, unit_path: u.path })))
        .execute();
      await appendAudit(
        trx,
        audit('campaign.create', `campaign:${c.id}`, { title: body.title, kind: body.kind, returns: units.length }),
      );
      return c.id;
    });
  }

  /** The town a new campaign belongs to: the one town the user runs, or the one they name. */
  private townFor(acc: CampaignAccess, wanted: number | undefined): number {
    const towns = acc.manageTowns;
    if (towns.length === 0) throw AppError.forbidden('只有矛调中心、司法所和镇领导可以部署矛盾纠纷排查');
    if (wanted !== undefined) {
      if (!towns.includes(wanted)) throw AppError.forbidden('只能在本人负责的乡镇部署排查');
      return wanted;
    }
    if (towns.length > 1) throw AppError.validation([{ path: 'townId', message: '请选择部署排查的乡镇' }]);
    return towns[0]!;
  }

  async close(acc: CampaignAccess, id: number, version: number, now: Date, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const c = await this.managedCampaign(trx, acc, id, true);
      if (c.status === 'closed') throw conflict('该排查已结束');
      if (c.version !== version) throw staleVersion('该排查');
      await trx
        .updateTable('screening_campaigns')
        .set({
          status: 'closed',
          closed_by: acc.cases.auth.userId,
          closed_at: now,
          updated_at: now,
          version: c.version + 1,
        })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, audit('campaign.close', `campaign:${id}`, { title: c.title }));
    });
  }

  /** The campaign if visible (else 404) and run by the user (else 403). */
  private async managedCampaign(db: Db, acc: CampaignAccess, id: number, forUpdate = false) {
    let q = db
      .selectFrom('screening_campaigns as c')
      .selectAll('c')
      .where('c.id', '=', id)
      .where((eb) => visibleCampaign(eb, acc));
    if (forUpdate) q = q.forUpdate();
    const c = await q.executeTakeFirst();
    if (!c) throw AppError.notFound('排查');
    if (!acc.manageTowns.includes(c.town_id)) {
      throw AppError.forbidden('只有矛调中心、司法所和镇领导可以办理排查的结束、转案和不予转案');
    }
    return c;
  }

  // ---------------------------------------------------------------- returns

  private returnsQuery(acc: CampaignAccess) {
    return this.db
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

  private returnView(
    acc: CampaignAccess,
    r: Awaited<ReturnType<ReturnType<CampaignService['returnsQuery']>['execute']>>[number],
    dueOn: string,
    today: string,
  ): ReturnView {
    const state = r.status === 'returned' ? 'returned' : dueOn < today ? 'overdue' : 'pending';
    return {
      id: String(r.id),
      campaignId: String(r.campaign_id),
      unitId: String(r.unit_id),
      unitName: r.unit_name,
      status: r.status,
      state,
      stateLabel: RETURN_STATE_LABELS[state],
      late: r.returned_at != null && shanghaiDate(r.returned_at) > dueOn,
      nilReturn: r.nil_return,
      note: r.note,
      returnedAt: r.returned_at?.toISOString() ?? null,
      returnedByName: r.returned_by_name,
      entries: Number(r.entries),
      converted: Number(r.converted),
      version: r.version,
      canWrite: canWriteReturn(acc, r),
    };
  }

  async returnDetail(acc: CampaignAccess, returnId: number, now: Date): Promise<ReturnDetail> {
    const r = await this.returnsQuery(acc).where('r.id', '=', returnId).executeTakeFirst();
    if (!r) throw AppError.notFound('村（社区）排查上报');
    const c = await this.db
      .selectFrom('screening_campaigns')
      .selectAll()
      .where('id', '=', r.campaign_id)
      .executeTakeFirstOrThrow();
    const entries = await this.entryQuery(acc).where('e.return_id', '=', returnId).execute();
    return {
      campaign: {
        id: String(c.id),
        title: c.title,
        kind: c.kind,
        kindLabel: CAMPAIGN_KIND_LABELS[c.kind],
        status: c.status,
        statusLabel: CAMPAIGN_STATUS_LABELS[c.status],
        periodStart: c.period_start,
        periodEnd: c.period_end,
        dueOn: c.due_on,
      },
      return: this.returnView(acc, r, c.due_on, shanghaiDate(now)),
      entries: entries.map((e) => this.entryView(e)),
    };
  }

  /**
   * The return a village writes to, locked: visible (else 404), the user's to write
   * (else 403), its campaign open and the return not yet submitted (else 409).
   */
  async writableReturn(trx: Db, acc: CampaignAccess, returnId: number): Promise<WritableReturn> {
    const r = await trx
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
    if (!r) throw AppError.notFound('村（社区）排查上报');
    if (!canWriteReturn(acc, r)) throw AppError.forbidden('只能填报本人负责的村（社区）的排查情况');
    if (r.campaign_status === 'closed') throw conflict('该排查已结束，不能再填报');
    return r;
  }

  requirePendingReturn(r: WritableReturn) {
    if (r.status === 'returned') throw conflict('本村（社区）已上报；如需修改，请先撤回上报');
  }

  /**
   * The checks of a write to a return, before any upload is read: 404, 403, 409 as in
   * writableReturn (and, with `pending`, not yet submitted). Names for the template.
   */
  async probeReturn(acc: CampaignAccess, returnId: number, opts: { pending: boolean } = { pending: true }) {
    const r = await this.db.transaction().execute((trx) => this.writableReturn(trx, acc, returnId));
    if (opts.pending) this.requirePendingReturn(r);
    const [c, o] = await Promise.all([
      this.db
        .selectFrom('screening_campaigns')
        .select('title')
        .where('id', '=', r.campaign_id)
        .executeTakeFirstOrThrow(),
      this.db.selectFrom('org_units').select('name').where('id', '=', r.unit_id).executeTakeFirstOrThrow(),
    ]);
    return { ...r, campaignTitle: c.title, unitName: o.name };
  }

  async submitReturn(acc: CampaignAccess, returnId: number, body: SubmitBody, now: Date, audit: Auditor) {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.writableReturn(trx, acc, returnId);
      this.requirePendingReturn(r);
      if (r.version !== body.version) throw staleVersion('本村（社区）的排查上报');
      const { n } = await trx
        .selectFrom('campaign_entries')
        .select(sql<number>`count(*)`.as('n'))
        .where('town_id', '=', r.town_id)
        .where('return_id', '=', r.id)
        .executeTakeFirstOrThrow();
      const entries = Number(n);
      if (body.nil && entries > 0) {
        throw conflict(`本村（社区）已登记 ${entries} 条矛盾纠纷，不能作零报告；请直接上报`);
      }
      if (!body.nil && entries === 0) {
        throw conflict('尚未登记排查发现的矛盾纠纷；如本村（社区）未发现矛盾纠纷，请作零报告');
      }
      await trx
        .updateTable('campaign_returns')
        .set({
          status: 'returned',
          nil_return: body.nil,
          note: body.note || (body.nil ? NIL_RETURN_NOTE : null),
          returned_by: acc.cases.auth.userId,
          returned_at: now,
          version: r.version + 1,
        })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(
        trx,
        audit('campaign.return.submit', `campaign-return:${r.id}`, { campaign: r.campaign_id, nil: body.nil, entries }),
      );
    });
  }

  /** 撤回上报: the village (or the centre) takes a submitted return back to add or correct entries. */
  async reopenReturn(acc: CampaignAccess, returnId: number, version: number, audit: Auditor) {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.writableReturn(trx, acc, returnId);
      if (r.status !== 'returned') throw conflict('本村（社区）尚未上报，无需撤回');
      if (r.version !== version) throw staleVersion('本村（社区）的排查上报');
      await trx
        .updateTable('campaign_returns')
        .set({
          status: 'pending',
          nil_return: false,
          note: null,
          returned_by: null,
          returned_at: null,
          version: r.version + 1,
        })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(trx, audit('campaign.return.reopen', `campaign-return:${r.id}`, { campaign: r.campaign_id }));
    });
  }

  // ---------------------------------------------------------------- entries

  private entryQuery(acc: CampaignAccess) {
    return this.db
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

  private entryView(e: Awaited<ReturnType<ReturnType<CampaignService['entryQuery']>['execute']>>[number]): EntryView {
    const parties = e.parties;
    return {
      id: String(e.id),
      campaignId: String(e.campaign_id),
      returnId: String(e.return_id),
      unitId: String(e.unit_id),
      unitName: e.unit_name,
      foundOn: e.found_on,
      disputeType: e.dispute_type,
      disputeTypeLabel: label(DISPUTE_TYPE_LABELS, e.dispute_type) ?? e.dispute_type,
      summary: e.summary,
      requests: e.requests,
      peopleCount: e.people_count,
      amount: e.amount == null ? null : Number(e.amount),
      riskHint: e.risk_hint,
      riskHintLabel: label(ENTRY_RISK_LABELS, e.risk_hint),
      parties: parties.map((p) => ({
        ref: p.ref,
        role: p.role,
        roleLabel: ENTRY_PARTY_ROLE_LABELS[p.role],
        kind: p.kind,
        name: p.name,
        idMasked: p.idMasked,
        phoneMasked: p.phoneMasked,
      })),
      partyNames: e.party_names,
      status: e.status,
      statusLabel: ENTRY_STATUS_LABELS[e.status],
      dismissReason: e.dismiss_reason,
      caseId: e.case_id == null ? null : String(e.case_id),
      caseNumber: e.case_number,
      createdByName: e.created_by_name,
      createdAt: e.created_at.toISOString(),
      version: e.version,
    };
  }

  async entries(acc: CampaignAccess, campaignId: number, q: z.output<typeof EntryListQuerySchema>) {
    const c = await this.db
      .selectFrom('screening_campaigns as c')
      .select('c.id')
      .where('c.id', '=', campaignId)
      .where((eb) => visibleCampaign(eb, acc))
      .executeTakeFirst();
    if (!c) throw AppError.notFound('排查');
    let query = this.entryQuery(acc).where('e.campaign_id', '=', campaignId);
    if (q.unitId) query = query.where('e.unit_id', '=', Number(q.unitId));
    if (q.status) query = query.where('e.status', '=', q.status);
    return { items: (await query.execute()).map((e) => this.entryView(e)) };
  }

  async entry(acc: CampaignAccess, id: number): Promise<EntryView> {
    const e = await this.entryQuery(acc).where('e.id', '=', id).executeTakeFirst();
    if (!e) throw AppError.notFound('排查发现的纠纷');
    return this.entryView(e);
  }

  /**
   * Checks an entry beyond its schema (dates against the campaign and today, ID and
   * phone numbers) and encrypts what must not be stored in clear. `previous` are the
   * stored parties of an entry being edited: a party row naming one by `ref` and
   * leaving its number out keeps the stored one (the form only ever shows it masked).
   */
  prepareEntry(
    input: EntryValues,
    ctx: { periodStart: string; today: string },
    previous: StoredEntryParty[] = [],
  ): { entry: PreparedEntry | null; issues: FieldIssue[] } {
    const issues: FieldIssue[] = [];
    if (input.foundOn > ctx.today) {
      issues.push({ path: 'foundOn', message: `发现日期不得晚于今天（${ctx.today}）` });
    } else if (input.foundOn < ctx.periodStart) {
      issues.push({ path: 'foundOn', message: `发现日期不得早于排查开始日期（${ctx.periodStart}）` });
    }
    const { cipher } = this.deps;
    const parties: StoredEntryParty[] = [];
    input.parties.forEach((p, i) => {
      const at = `parties.${i}`;
      const who = `第 ${i + 1} 位当事人（${p.name}）`;
      const before = p.ref ? previous.find((x) => x.ref === p.ref) : undefined;
      const stored: StoredEntryParty = {
        ref: before?.ref ?? randomUUID().slice(0, 8),
        role: p.role,
        kind: p.kind,
        name: p.name,
        idEnc: null,
        idHash: null,
        idMasked: null,
        phoneEnc: null,
        phoneMasked: null,
      };
      if (p.idNumber === undefined && before) {
        Object.assign(stored, { idEnc: before.idEnc, idHash: before.idHash, idMasked: before.idMasked });
      } else if (p.idNumber) {
        const r = p.kind === 'org' ? validateUscc(p.idNumber) : validateIdCard(p.idNumber);
        if (r.ok) {
          stored.idEnc = cipher.encrypt(r.value);
          stored.idHash = cipher.lookupHash(r.value);
          stored.idMasked = maskIdCard(r.value);
        } else issues.push({ path: `${at}.idNumber`, message: `${who}的证件号码：${r.message}` });
      }
      if (p.phone === undefined && before) {
        Object.assign(stored, { phoneEnc: before.phoneEnc, phoneMasked: before.phoneMasked });
      } else if (p.phone) {
        const r = validatePhone(p.phone);
        if (r.ok) {
          stored.phoneEnc = cipher.encrypt(r.value);
          stored.phoneMasked = maskPhone(r.value);
        } else issues.push({ path: `${at}.phone`, message: `${who}的联系电话：${r.message}` });
      }
      parties.push(stored);
    });
    if (issues.length > 0) return { entry: null, issues };
    return {
      entry: {
        found_on: input.foundOn,
        dispute_type: input.disputeType,
        summary: input.summary,
        requests: input.requests,
        people_count: input.peopleCount,
        amount: input.amount ?? null,
        risk_hint: input.riskHint ?? null,
        parties,
        party_names: [...new Set(parties.map((p) => p.name))].join('、'),
      },
      issues,
    };
  }

  /** Inserts prepared entries into a locked, writable return (inside the caller's transaction). */
  async insertEntries(trx: Db, acc: CampaignAccess, r: WritableReturn, entries: PreparedEntry[], now: Date) {
    const ids: number[] = [];
    // Bounded multi-row inserts: one statement per 500 rows stays under PostgreSQL's 65,535
    // parameters at the import's 5,000-row cap, and is still a handful of round trips.
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
            created_by: acc.cases.auth.userId,
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

  async addEntry(acc: CampaignAccess, returnId: number, input: EntryValues, now: Date, audit: Auditor) {
    const today = shanghaiDate(now);
    return this.db.transaction().execute(async (trx) => {
      const r = await this.writableReturn(trx, acc, returnId);
      this.requirePendingReturn(r);
      const { entry, issues } = this.prepareEntry(input, { periodStart: r.period_start, today });
      if (!entry) throw AppError.validation(issues);
      const [id] = await this.insertEntries(trx, acc, r, [entry], now);
      await appendAudit(trx, audit('campaign.entry.create', `campaign-entry:${id}`, { campaign: r.campaign_id }));
      return id!;
    });
  }

  /** The entry, locked, with its return checked for writing; only a 待处理 entry may change. */
  private async writableEntry(trx: Db, acc: CampaignAccess, id: number) {
    const e = await trx
      .selectFrom('campaign_entries as e')
      .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
      .select(['e.id', 'e.return_id', 'e.status', 'e.version', 'e.parties', 'e.party_names'])
      .where('e.id', '=', id)
      .where((eb) => visibleReturn(eb, acc))
      .executeTakeFirst();
    if (!e) throw AppError.notFound('排查发现的纠纷');
    const r = await this.writableReturn(trx, acc, e.return_id);
    const locked = await trx
      .selectFrom('campaign_entries')
      .select(['status', 'version', 'parties'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.status !== 'new') throw conflict(`该纠纷${ENTRY_STATUS_LABELS[locked.status]}，不能再修改`);
    this.requirePendingReturn(r);
    return { r, e: { ...e, ...locked } };
  }

  async updateEntry(
    acc: CampaignAccess,
    id: number,
    input: EntryValues & { version: number },
    now: Date,
    audit: Auditor,
  ): Promise<void> {
    const today = shanghaiDate(now);
    await this.db.transaction().execute(async (trx) => {
      const { r, e } = await this.writableEntry(trx, acc, id);
      if (e.version !== input.version) throw staleVersion('该纠纷');
      const { entry, issues } = this.prepareEntry(input, { periodStart: r.period_start, today }, e.parties);
      if (!entry) throw AppError.validation(issues);
      await trx
        .updateTable('campaign_entries')
        .set({ ...entry, parties: JSON.stringify(entry.parties), version: e.version + 1, updated_at: now })
        .where('id', '=', id)
        .execute();
      // Entries are named by id: party names and the dispute's text stay out of the audit log.
      await appendAudit(trx, audit('campaign.entry.update', `campaign-entry:${id}`, { campaign: r.campaign_id }));
    });
  }

  async deleteEntry(acc: CampaignAccess, id: number, version: number, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { r, e } = await this.writableEntry(trx, acc, id);
      if (e.version !== version) throw staleVersion('该纠纷');
      await trx.deleteFrom('campaign_entries').where('id', '=', id).execute();
      await appendAudit(trx, audit('campaign.entry.delete', `campaign-entry:${id}`, { campaign: r.campaign_id }));
    });
  }

  /** 不予转案: resolved on the spot, not a dispute for the centre, or a duplicate. The centre decides. */
  async dismiss(
    acc: CampaignAccess,
    id: number,
    body: { reason: string; version: number },
    now: Date,
    audit: Auditor,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const e = await trx
        .selectFrom('campaign_entries as e')
        .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
        .select(['e.id', 'e.campaign_id', 'e.status', 'e.version', 'e.party_names'])
        .where('e.id', '=', id)
        .where((eb) => visibleReturn(eb, acc))
        .executeTakeFirst();
      if (!e) throw AppError.notFound('排查发现的纠纷');
      await this.managedCampaign(trx, acc, e.campaign_id);
      const locked = await trx
        .selectFrom('campaign_entries')
        .select(['status', 'version'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (locked.status !== 'new') throw conflict(`该纠纷${ENTRY_STATUS_LABELS[locked.status]}`);
      if (locked.version !== body.version) throw staleVersion('该纠纷');
      await trx
        .updateTable('campaign_entries')
        .set({ status: 'dismissed', dismiss_reason: body.reason, version: locked.version + 1, updated_at: now })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, audit('campaign.entry.dismiss', `campaign-entry:${id}`, { campaign: e.campaign_id }));
    });
  }

  // ---------------------------------------------------------------- conversion

  /**
   * Turns entries into mediation cases (channel 排查发现, received on the day found), all
   * or none: every case is prepared (validated) first, then all are written in one
   * transaction that re-checks, under row locks, that no entry was converted meanwhile.
   */
  async convert(
    acc: CampaignAccess,
    campaignId: number,
    entryIds: number[],
    now: Date,
    audit: Auditor,
  ): Promise<{ entryId: string; caseId: string; caseNumber: string }[]> {
    const campaign = await this.managedCampaign(this.db, acc, campaignId);
    const ids = [...new Set(entryIds)];
    const rows = await this.db
      .selectFrom('campaign_entries as e')
      .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
      .innerJoin('org_units as o', 'o.id', 'e.unit_id')
      .selectAll('e')
      .select('o.name as unit_name')
      .where('e.campaign_id', '=', campaignId)
      .where('e.id', 'in', ids)
      .where((eb) => visibleReturn(eb, acc))
      .execute();
    if (rows.length !== ids.length) throw AppError.notFound('排查发现的纠纷');
    // Keep the order the centre chose, so case numbers follow it.
    rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
    const done = rows.filter((r) => r.status !== 'new');
    if (done.length > 0) {
      throw conflict(
        `以下纠纷已处理，不能转为调解案件：${done.map((r) => `${r.party_names}（${ENTRY_STATUS_LABELS[r.status]}）`).join('；')}`,
        { entryIds: done.map((r) => String(r.id)) },
      );
    }
    const { cases } = this.deps;
    const plans: { row: (typeof rows)[number]; plan: PreparedCase }[] = [];
    for (const [i, row] of rows.entries()) {
      const body = this.caseBody(row, campaign.title);
      try {
        plans.push({ row, plan: await cases.prepareCreate(acc.cases, body, now) });
      } catch (e) {
        if (!(e instanceof AppError) || rows.length === 1) throw e;
        const where = `第 ${i + 1} 条（${row.party_names}）`;
        throw new AppError(e.code, `${where}：${e.message}`, {
          ...(e.details ? { details: e.details } : {}),
          ...(e.fields ? { fields: e.fields.map((f) => ({ ...f, message: `${where}：${f.message}` })) } : {}),
        });
      }
    }
    return this.db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('campaign_entries')
        .select(['id', 'status'])
        .where('id', 'in', ids)
        .orderBy('id')
        .forUpdate()
        .execute();
      if (locked.some((l) => l.status !== 'new')) throw conflict('部分纠纷刚刚已被他人处理，请刷新后重试');
      const out: { entryId: string; caseId: string; caseNumber: string }[] = [];
      for (const { row, plan } of plans) {
        const caseId = await cases.insertPrepared(trx, plan, acc.cases, now, audit);
        await trx
          .updateTable('campaign_entries')
          .set({ status: 'converted', case_id: caseId, version: row.version + 1, updated_at: now })
          .where('id', '=', row.id)
          .execute();
        const { number } = await trx
          .selectFrom('cases')
          .select('number')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow();
        out.push({ entryId: String(row.id), caseId: String(caseId), caseNumber: number });
      }
      await appendAudit(
        trx,
        audit('campaign.convert', `campaign:${campaignId}`, {
          entries: out.map((o) => o.entryId),
          cases: out.map((o) => o.caseNumber),
        }),
      );
      return out;
    });
  }

  /** The registration of the mediation case an entry becomes. */
  private caseBody(
    row: {
      unit_id: number;
      unit_name: string;
      found_on: string;
      dispute_type: string;
      summary: string;
      requests: string;
      people_count: number;
      amount: string | null;
      risk_hint: string | null;
      parties: StoredEntryParty[];
    },
    campaignTitle: string,
  ): CaseBody {
    const { cipher } = this.deps;
    const names = (role: StoredEntryParty['role']) =>
      row.parties
        .filter((p) => p.role === role)
        .map((p) => p.name)
        .join('、');
    const typeLabel = (label(DISPUTE_TYPE_LABELS, row.dispute_type) ?? '').replace(/\/.*/, '');
    const title = `${names('applicant')}与${names('respondent')}${typeLabel}纠纷`;
    return {
      type: MEDIATION_TYPE,
      title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
      unitId: String(row.unit_id),
      fields: {
        channel: 'screening',
        disputeType: row.dispute_type,
        peopleCount: row.people_count,
        summary: row.summary,
        requests: row.requests,
        receivedOn: row.found_on,
        ...(row.amount != null ? { amount: Number(row.amount) } : {}),
        ...(row.risk_hint === 'violence' ? { violenceRisk: true } : {}),
      },
      parties: row.parties.map((p) => ({
        role: p.role,
        kind: p.kind,
        name: p.name,
        ...(p.idEnc ? { idNumber: cipher.decrypt(p.idEnc) } : {}),
        ...(p.phoneEnc ? { phone: cipher.decrypt(p.phoneEnc) } : {}),
      })),
      note: `排查发现：${campaignTitle}（${row.unit_name}）`.slice(0, 500),
    };
  }
}

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
