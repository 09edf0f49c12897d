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
import type { z } from 'zod';
import type { Auditor, CaseService, PreparedCase } from '../../../cases/service.ts';
import type { Db } from '../../../db/index.ts';
import type { StoredEntryParty } from '../../../db/schema.ts';
import { appendAudit } from '../../../platform/audit.ts';
import type { PiiCipher } from '../../../platform/crypto.ts';
import { type CampaignAccess, canWriteReturn } from './access.ts';
import type { CampaignListRow, EntryColumns, EntryRow, ReturnRow, WritableReturn } from './repository.ts';
import * as repo from './repository.ts';

type CreateBody = z.output<typeof CampaignCreateBodySchema>;
type ListQuery = z.output<typeof CampaignListQuerySchema>;
export type EntryValues = z.output<typeof EntryInputSchema>;
type SubmitBody = z.output<typeof ReturnSubmitBodySchema>;
type CaseBody = z.output<typeof CreateCaseBodySchema>;

/** The mediation case type a screening entry becomes (domain/cases/mediation.ts). */
export const MEDIATION_TYPE = 'mediation';

export interface CampaignServiceDeps {
  db: Db;
  cases: CaseService;
  cipher: PiiCipher;
}

/** A validated entry ready to insert: the columns that come from the input. */
export type PreparedEntry = EntryColumns;

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
    const rows = await repo.listCampaigns(this.db, acc, q);
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

  private listItem(r: CampaignListRow, counts: CampaignCounts): CampaignListItem {
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
      repo.countReturns(this.db, acc, ids, today),
      repo.countEntries(this.db, acc, ids),
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
    const row = await repo.visibleCampaignById(this.db, acc, id);
    if (!row) throw AppError.notFound('排查');
    const today = shanghaiDate(now);
    const [counts, returns, byType] = await Promise.all([
      this.counts(acc, [id], today),
      repo.campaignReturns(this.db, acc, id),
      repo.entriesByType(this.db, acc, id),
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
      const units = await repo.townVillages(trx, townId);
      if (units.length === 0) {
        throw new AppError('UNPROCESSABLE', '本镇尚未设置村（社区），无法部署排查；请先在组织机构中添加村（社区）');
      }
      const id = await repo.insertCampaign(trx, {
        town_id: townId,
        kind: body.kind,
        title: body.title,
        period_start: body.periodStart,
        period_end: body.periodEnd,
        due_on: body.dueOn,
        note: body.note || null,
        created_by: acc.cases.auth.userId,
        now,
      });
      await repo.insertReturns(trx, townId, id, units);
      await appendAudit(
        trx,
        audit('campaign.create', `campaign:${id}`, { title: body.title, kind: body.kind, returns: units.length }),
      );
      return id;
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
      await repo.closeCampaign(trx, id, acc.cases.auth.userId, c.version + 1, now);
      await appendAudit(trx, audit('campaign.close', `campaign:${id}`, { title: c.title }));
    });
  }

  /** The campaign if visible (else 404) and run by the user (else 403). */
  private async managedCampaign(db: Db, acc: CampaignAccess, id: number, forUpdate = false) {
    const c = await repo.visibleCampaignRow(db, acc, id, forUpdate);
    if (!c) throw AppError.notFound('排查');
    if (!acc.manageTowns.includes(c.town_id)) {
      throw AppError.forbidden('只有矛调中心、司法所和镇领导可以办理排查的结束、转案和不予转案');
    }
    return c;
  }

  // ---------------------------------------------------------------- returns

  private returnView(acc: CampaignAccess, r: ReturnRow, dueOn: string, today: string): ReturnView {
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
    const r = await repo.visibleReturnById(this.db, acc, returnId);
    if (!r) throw AppError.notFound('村（社区）排查上报');
    const c = await repo.campaignRow(this.db, r.campaign_id);
    const entries = await repo.returnEntries(this.db, acc, returnId);
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
    const r = await repo.lockVisibleReturn(trx, acc, returnId);
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
    const [c, o] = await Promise.all([repo.campaignTitle(this.db, r.campaign_id), repo.unitName(this.db, r.unit_id)]);
    return { ...r, campaignTitle: c.title, unitName: o.name };
  }

  async submitReturn(acc: CampaignAccess, returnId: number, body: SubmitBody, now: Date, audit: Auditor) {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.writableReturn(trx, acc, returnId);
      this.requirePendingReturn(r);
      if (r.version !== body.version) throw staleVersion('本村（社区）的排查上报');
      const entries = await repo.countReturnEntries(trx, r);
      if (body.nil && entries > 0) {
        throw conflict(`本村（社区）已登记 ${entries} 条矛盾纠纷，不能作零报告；请直接上报`);
      }
      if (!body.nil && entries === 0) {
        throw conflict('尚未登记排查发现的矛盾纠纷；如本村（社区）未发现矛盾纠纷，请作零报告');
      }
      await repo.markReturned(trx, r.id, {
        nil: body.nil,
        note: body.note || (body.nil ? NIL_RETURN_NOTE : null),
        by: acc.cases.auth.userId,
        now,
        version: r.version + 1,
      });
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
      await repo.markPending(trx, r.id, r.version + 1);
      await appendAudit(trx, audit('campaign.return.reopen', `campaign-return:${r.id}`, { campaign: r.campaign_id }));
    });
  }

  // ---------------------------------------------------------------- entries

  private entryView(e: EntryRow): EntryView {
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
    if (!(await repo.campaignIsVisible(this.db, acc, campaignId))) throw AppError.notFound('排查');
    const rows = await repo.campaignEntries(this.db, acc, campaignId, {
      unitId: q.unitId ? Number(q.unitId) : undefined,
      status: q.status,
    });
    return { items: rows.map((e) => this.entryView(e)) };
  }

  async entry(acc: CampaignAccess, id: number): Promise<EntryView> {
    const e = await repo.visibleEntryById(this.db, acc, id);
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
    return repo.insertEntries(trx, r, entries, acc.cases.auth.userId, now);
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
    const e = await repo.visibleEntryState(trx, acc, id);
    if (!e) throw AppError.notFound('排查发现的纠纷');
    const r = await this.writableReturn(trx, acc, e.return_id);
    const locked = await repo.lockEntry(trx, id);
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
      await repo.updateEntry(trx, id, entry, e.version + 1, now);
      // Entries are named by id: party names and the dispute's text stay out of the audit log.
      await appendAudit(trx, audit('campaign.entry.update', `campaign-entry:${id}`, { campaign: r.campaign_id }));
    });
  }

  async deleteEntry(acc: CampaignAccess, id: number, version: number, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const { r, e } = await this.writableEntry(trx, acc, id);
      if (e.version !== version) throw staleVersion('该纠纷');
      await repo.deleteEntry(trx, id);
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
      const e = await repo.visibleEntryState(trx, acc, id);
      if (!e) throw AppError.notFound('排查发现的纠纷');
      await this.managedCampaign(trx, acc, e.campaign_id);
      const locked = await repo.lockEntry(trx, id);
      if (locked.status !== 'new') throw conflict(`该纠纷${ENTRY_STATUS_LABELS[locked.status]}`);
      if (locked.version !== body.version) throw staleVersion('该纠纷');
      await repo.markDismissed(trx, id, body.reason, locked.version + 1, now);
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
    const rows = await repo.entriesToConvert(this.db, acc, campaignId, ids);
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
      const locked = await repo.lockEntries(trx, ids);
      if (locked.some((l) => l.status !== 'new')) throw conflict('部分纠纷刚刚已被他人处理，请刷新后重试');
      const out: { entryId: string; caseId: string; caseNumber: string }[] = [];
      for (const { row, plan } of plans) {
        const caseId = await cases.insertPrepared(trx, plan, acc.cases, now, audit);
        await repo.markConverted(trx, row.id, caseId, row.version + 1, now);
        const number = await repo.caseNumber(trx, caseId);
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
