/**
 * One request, end to end (docs/architecture.md §One request, end to end): load the case
 * through the scoped repository (404 if out of scope) → the pure engine decides → state,
 * events, derived inbox facts and the audit record are written in one transaction that
 * checks `version` → the caller answers with the fresh detail.
 */
import {
  type AnyCaseType,
  AppError,
  actionPrefill,
  addPeriod,
  allowedActions,
  applyAction,
  type BasicInfoChange,
  basicInfoEvent,
  basicInfoFields,
  CASE_COUNT_CAP,
  type CaseDetail,
  type CaseEvent,
  type CaseListQuerySchema,
  type CaseSnapshot,
  CreateCaseBodySchema,
  clockStatus,
  createCase,
  defaultDataYear,
  documentRoles,
  type EditCaseBodySchema,
  type EngineUser,
  type FieldIssue,
  INBOX_ASK_KEYS,
  INT4_MAX,
  type InboxAskRule,
  InboxQuerySchema,
  inboxAskRules,
  inboxFacts,
  issuableKinds,
  issueProblem,
  maskPhone,
  queryTokens,
  searchTokens,
  sequenceNumber,
  shanghaiDate,
  validateIdCard,
  validateInput,
  validatePhone,
  validateUscc,
} from '@fazhi/domain';
import type { z } from 'zod';
import type { Db } from '../db/index.ts';
import type { TemplateContext } from '../documents/template.ts';
import { type Auditor, appendAudit } from '../platform/audit.ts';
import type { BlobStore } from '../platform/blobs.ts';
import type { CalendarStore } from '../platform/calendar.ts';
import type { PiiCipher } from '../platform/crypto.ts';
import type { SettingsStore } from '../platform/settings.ts';
import { type CaseAccess, type CaseRef, canWriteAt, rolesOnCase } from './access.ts';
import { linkCases } from './links.ts';
import { upsertParty } from './parties.ts';
import type { CaseModule, CaseRegistry } from './registry.ts';
import {
  allocateSeq,
  type CaseFacts,
  type CaseFilter,
  type CaseRow,
  caseById,
  caseDetail,
  caseDocumentForVoid,
  casePartiesSealed,
  casePartyContacts,
  casePartyNames,
  countList,
  documentCase,
  type EventRow,
  eventRows,
  findUnit,
  findVisible,
  type InboxAskStates,
  inboxPage,
  insertAttachment,
  insertCase,
  insertDocument,
  insertDocumentVoid,
  insertEventRows,
  insertEvents,
  isActiveTownUser,
  type ListCursor,
  lastChange,
  linkCaseParty,
  listPage,
  loadDocuments,
  loadEvents,
  nextEventSeq,
  type PagedListRow,
  toSnapshot,
  townInfo,
  unitName,
  unitsByName,
  updateCase,
  updatePartyContact,
  userNames,
  visiblePartySealed,
  visibleYears,
} from './repository.ts';
import { type TownSettings, TownSettingsStore } from './town-settings.ts';
import { type DueWindow, eventView, toInboxItem, toListItem } from './views.ts';

export interface CaseServiceDeps {
  db: Db;
  registry: CaseRegistry;
  calendars: CalendarStore;
  settings: SettingsStore;
  cipher: PiiCipher;
  blobs: BlobStore;
}

export type { Auditor };

type CreateBody = z.output<typeof CreateCaseBodySchema>;
type EditBody = z.output<typeof EditCaseBodySchema>;

export interface PreparedCase {
  mod: CaseModule;
  town: Awaited<ReturnType<typeof townInfo>>;
  ref: CaseRef;
  title: string;
  created: { state: string; fields: Record<string, unknown>; events: CaseEvent[] };
  parties: ValidParty[];
  calendar: Awaited<ReturnType<CalendarStore['forTown']>>;
}

interface ValidParty {
  role: string;
  kind: 'person' | 'org';
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  unitId: number | null;
  ethnicity: string | null;
  occupation: string | null;
}
type ListQuery = z.output<typeof CaseListQuerySchema>;
type InboxQuery = z.output<typeof InboxQuerySchema>;
/** A case as the services read it (the search index column left out where it is not read). */
type CaseRead = Omit<CaseRow, 'search_vec'>;

function refOf(row: CaseRead): CaseRef {
  return {
    type: row.type,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    createdBy: row.created_by,
    assigneeId: row.assignee_id,
  };
}

function versionConflict(row: CaseRow, last: { actor_name: string; at: Date } | undefined): AppError {
  const who = last ? `${last.actor_name}已于 ${formatShanghai(last.at)} 修改了此案件` : '此案件已被他人修改';
  return new AppError('VERSION_CONFLICT', `${who}，请刷新后重试`, {
    details: { version: row.version, changedBy: last?.actor_name ?? null, changedAt: last?.at.toISOString() ?? null },
  });
}

/** The end of the 即将到期 window by calendar, then by 'today|warnWorkdays' (dueWindow). */
const warnUntilMemo = new WeakMap<object, Map<string, string>>();

export function formatShanghai(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export class CaseService {
  /** Each town's own policy (e.g. early-warning thresholds), read before a case of it changes. */
  readonly townSettings = new TownSettingsStore();

  constructor(private readonly deps: CaseServiceDeps) {}

  private get db() {
    return this.deps.db;
  }

  get registry(): CaseRegistry {
    return this.deps.registry;
  }

  get database(): Db {
    return this.deps.db;
  }

  /** Villages, communities and departments of the user's towns by name (the import's 所属村（社区） column). */
  async unitsByName(access: CaseAccess): Promise<Map<string, number>> {
    return unitsByName(this.db, access.townIds);
  }

  /** Today and the end of the 即将到期 window for the user's town calendar. */
  async dueWindow(access: CaseAccess, now: Date): Promise<DueWindow & { warnWorkdays: number }> {
    const { warnWorkdays } = await this.deps.settings.cases();
    const calendar = await this.deps.calendars.forTown(access.auth.townId ?? access.townIds[0] ?? null);
    const today = shanghaiDate(now);
    // Every list, inbox and detail asks; the answer changes only with the day, the setting or
    // the calendar (a new object whenever CalendarStore rebuilds it), so keep it per calendar.
    const memo = warnUntilMemo.get(calendar) ?? new Map<string, string>();
    warnUntilMemo.set(calendar, memo);
    const key = `${today}|${warnWorkdays}`;
    let warnUntil = memo.get(key);
    if (warnUntil === undefined) {
      warnUntil =
        warnWorkdays === 0 ? today : addPeriod(calendar, { unit: 'wd', from: today, length: warnWorkdays }).due;
      memo.set(key, warnUntil);
    }
    return { today, warnUntil, warnWorkdays };
  }

  // ---------------------------------------------------------------- create

  async create(access: CaseAccess, body: CreateBody, now: Date, audit: Auditor): Promise<number> {
    const plan = await this.prepareCreate(access, body, now);
    return this.db.transaction().execute((trx) => this.insertPrepared(trx, plan, access, now, audit));
  }

  /**
   * Everything about a new case that can be checked before writing: the unit, the
   * user's right to register there, the engine's field validation, the parties. The
   * Excel import prepares every row first and writes only when all are valid.
   */
  async prepareCreate(
    access: CaseAccess,
    body: CreateBody,
    now: Date,
    /** Set by another case's action creating this one (AfterAction.createLinked): its town and authority. */
    linked?: { townId: number },
  ): Promise<PreparedCase> {
    const mod = this.deps.registry.get(body.type);
    const { type } = mod;
    const db = this.db;
    const auth = access.auth;

    // Where the case belongs: where its fields place it, the given village/department, or the user's town.
    let unit: { id: number; path: string; town_id: number | null; kind: string } | undefined;
    const placed = mod.placement ? await mod.placement(db, body.fields) : null;
    if (placed !== null) {
      unit = await findUnit(db, placed);
      if (!unit) throw AppError.validation([{ path: 'fields', message: '案件所属单位不存在' }]);
    } else if (linked) {
      unit = await findUnit(db, linked.townId);
    } else if (body.unitId) {
      unit = await findUnit(db, Number(body.unitId));
      if (!unit) throw AppError.validation([{ path: 'unitId', message: '所属单位不存在' }]);
    }
    const townId = unit ? (unit.kind === 'town' ? unit.id : unit.town_id) : auth.townId;
    if (!townId) throw AppError.validation([{ path: 'unitId', message: '请选择案件所属的乡镇、村（社区）或部门' }]);
    const town = await townInfo(db, townId);
    const ref: CaseRef = {
      type: type.key,
      unitId: unit?.id ?? null,
      unitPath: unit?.path ?? town.path,
      createdBy: auth.userId,
      assigneeId: null,
    };
    if (linked && townId !== linked.townId) throw new Error('a linked case must belong to the town of its origin');
    // A linked case is registered on the authority of the action that creates it (approved by a
    // 镇领导), by a user who may work the origin case but need not register this type.
    if (!linked && !canWriteAt(access, { ...ref, unitId: ref.unitId ?? townId })) {
      throw AppError.forbidden('只能在本人负责的范围内登记案件');
    }
    const user: EngineUser = {
      id: String(auth.userId),
      roles: linked ? type.create.roles : rolesOnCase(access, ref),
    };
    const created = createCase(type, body.fields, user, now, body.note ? { note: body.note } : {});
    if (created instanceof AppError) throw prefixFields(created, 'fields');
    const parties = this.validateParties(type, body.parties);
    const calendar = await this.deps.calendars.forTown(townId);
    return { mod, town, ref, title: body.title, created, parties, calendar };
  }

  async insertPrepared(trx: Db, plan: PreparedCase, access: CaseAccess, now: Date, audit: Auditor): Promise<number> {
    const { mod, town, ref, created } = plan;
    const { type } = mod;
    const year = Number(shanghaiDate(now).slice(0, 4));
    const seq = await allocateSeq(trx, town.id, `case:${type.key}`, year);
    const number = sequenceNumber(type.numbering, { townShort: town.shortName, year, seq });
    const caseId = await insertCase(trx, {
      town_id: town.id,
      type: type.key,
      number,
      year,
      seq,
      title: plan.title,
      summary: summaryOf(created.fields),
      state: created.state,
      unit_id: ref.unitId,
      unit_path: ref.unitPath,
      created_by: access.auth.userId,
      fields: JSON.stringify(created.fields),
      created_at: now,
      updated_at: now,
    });
    await insertEvents(trx, caseId, town.id, created.events, 1, access.auth.displayName);
    await this.saveParties(trx, caseId, town.id, plan.parties, now);
    await this.refreshFacts(trx, mod, caseId, plan.calendar, now);
    await appendAudit(trx, audit('case.create', `case:${caseId}`, { type: type.key, number }));
    return caseId;
  }

  validateParties(type: AnyCaseType, parties: CreateBody['parties']) {
    const roles = type.parties?.roles ?? {};
    const issues: FieldIssue[] = [];
    const out: ValidParty[] = [];
    parties.forEach((p, i) => {
      const at = `parties.${i}`;
      const who = `第 ${i + 1} 位当事人`;
      if (!Object.hasOwn(roles, p.role)) issues.push({ path: `${at}.role`, message: `${who}的身份「${p.role}」无效` });
      let idNumber: string | null = null;
      if (p.idNumber) {
        const r = p.kind === 'org' ? validateUscc(p.idNumber) : validateIdCard(p.idNumber);
        if (r.ok) idNumber = r.value;
        else issues.push({ path: `${at}.idNumber`, message: `${who}（${p.name}）的证件号码：${r.message}` });
      }
      let phone: string | null = null;
      if (p.phone) {
        const r = validatePhone(p.phone);
        if (r.ok) phone = r.value;
        else issues.push({ path: `${at}.phone`, message: `${who}（${p.name}）的联系电话：${r.message}` });
      }
      out.push({
        role: p.role,
        kind: p.kind,
        name: p.name,
        idNumber,
        phone,
        address: p.address || null,
        unitId: p.unitId ? Number(p.unitId) : null,
        ethnicity: (p.kind === 'person' && p.ethnicity) || null,
        occupation: (p.kind === 'person' && p.occupation) || null,
      });
    });
    for (const r of type.parties?.required ?? []) {
      if (!parties.some((p) => p.role === r)) {
        issues.push({ path: 'parties', message: `请至少填写一位${roles[r] ?? r}` });
      }
    }
    if (issues.length > 0) throw AppError.validation(issues);
    return out;
  }

  /** The parties onto the case, each through the town's party index (parties.ts). */
  private async saveParties(trx: Db, caseId: number, townId: number, parties: ValidParty[], now: Date) {
    for (const [sort, p] of parties.entries()) {
      const partyId = await upsertParty(trx, this.deps.cipher, townId, p, now);
      await linkCaseParty(trx, { caseId, partyId, townId, role: p.role, name: p.name, sort });
    }
  }

  /**
   * Recomputes what is stored beside the case for the inbox, search and lists. Called
   * inside every transaction that changes a case, so they never disagree with the events.
   */
  async refreshFacts(
    trx: Db,
    mod: CaseModule,
    caseId: number,
    calendar: Awaited<ReturnType<CalendarStore['forTown']>>,
    now: Date,
  ) {
    const row = await caseById(trx, caseId);
    const [events, docs, parties] = await Promise.all([
      loadEvents(trx, caseId),
      loadDocuments(trx, caseId),
      casePartyNames(trx, caseId),
    ]);
    const partyNames = [...new Set(parties)].join('、');
    const town = await this.townSettings.forTown(trx, row.town_id);
    await updateCase(trx, caseId, {}, factColumns(mod, row, events, docs, partyNames, calendar, town, now));
  }

  // ---------------------------------------------------------------- basic information

  /**
   * 修改基本信息 (issue 13): the title, the village, the fields the type lists in `basicInfo`
   * and the parties' contact data, by whoever may write the case where it is and where it goes
   * (a village cadre cannot move a case out of their village), never on a case that has ended.
   * One event says each change old → new (numbers masked); the audit row names what changed,
   * not the values (titles and summaries carry people's names).
   */
  async editBasic(access: CaseAccess, id: number, body: EditBody, now: Date, audit: Auditor): Promise<void> {
    const db = this.db;
    const probe = await findVisible(db, access, id);
    if (!probe) throw AppError.notFound('案件');
    const mod = this.deps.registry.get(probe.type);
    const type = mod.type;
    const calendar = await this.deps.calendars.forTown(probe.town_id);
    await db.transaction().execute(async (trx) => {
      const row = await findVisible(trx, access, id, true);
      if (!row) throw AppError.notFound('案件');
      if (!canWriteAt(access, refOf(row))) throw AppError.forbidden('没有修改此案件的权限');
      if (row.version !== body.version) throw versionConflict(row, await lastChange(trx, id));
      const edited = basicInfoFields(type, row, body.fields ?? {});
      if (edited instanceof AppError) throw prefixFields(edited, 'fields');
      const changes: BasicInfoChange[] = [];
      const set: Parameters<typeof updateCase>[2] = {};
      if (body.title !== undefined && body.title !== row.title) {
        changes.push({ label: '标题', from: row.title, to: body.title });
        set.title = body.title;
      }
      if (body.unitId !== undefined) {
        const town = await townInfo(trx, row.town_id);
        let next: { id: number | null; path: string } = { id: null, path: town.path };
        if (body.unitId !== null) {
          const unit = await findUnit(trx, Number(body.unitId));
          if (!unit || (unit.id !== row.town_id && unit.town_id !== row.town_id)) {
            throw AppError.validation([{ path: 'unitId', message: '所属村（社区）须为本镇的村（社区）或部门' }]);
          }
          next = unit.id === row.town_id ? { id: null, path: town.path } : { id: unit.id, path: unit.path };
        }
        if (next.id !== row.unit_id) {
          if (!canWriteAt(access, { ...refOf(row), unitId: next.id ?? row.town_id, unitPath: next.path })) {
            throw AppError.forbidden('只能把案件改到本人负责的村（社区）或部门');
          }
          const name = async (u: number | null) =>
            u == null ? '（未指定村居）' : ((await unitName(trx, u)) ?? `#${u}`);
          changes.push({ label: '所属村（社区）', from: await name(row.unit_id), to: await name(next.id) });
          set.unit_id = next.id;
          set.unit_path = next.path;
        }
      }
      if (edited.changes.length > 0) {
        changes.push(...edited.changes);
        set.fields = edited.fields;
        set.summary = summaryOf(edited.fields);
      }
      changes.push(...(await this.editContacts(trx, type, id, body.parties ?? [], now)));
      if (changes.length === 0) return;

      const events = await loadEvents(trx, id);
      const user: EngineUser = { id: String(access.auth.userId), roles: rolesOnCase(access, refOf(row)) };
      const event = basicInfoEvent(
        { state: row.state, events: toSnapshot(row, events, []).events },
        changes,
        user,
        now,
      );
      await insertEventRows(trx, eventRows(id, row.town_id, [event], event.seq, access.auth.displayName));
      const updated = await updateCase(
        trx,
        id,
        { ...set, version: row.version + 1, updated_at: now },
        undefined,
        row.version,
      );
      if (!updated) throw versionConflict(row, await lastChange(trx, id));
      // The search text (title, parties), the risk (fields) and the unit's inbox follow the change.
      await this.refreshFacts(trx, mod, id, calendar, now);
      await appendAudit(
        trx,
        audit('case.edit', `case:${id}`, { number: row.number, changes: [...new Set(changes.map((c) => c.label))] }),
      );
    });
  }

  /** The parties' corrected phone numbers and addresses; the changes in words (numbers masked). */
  private async editContacts(
    trx: Db,
    type: AnyCaseType,
    caseId: number,
    edits: NonNullable<EditBody['parties']>,
    now: Date,
  ): Promise<BasicInfoChange[]> {
    if (edits.length === 0) return [];
    const parties = await casePartyContacts(trx, caseId);
    const issues: FieldIssue[] = [];
    const changes: BasicInfoChange[] = [];
    for (const [i, e] of edits.entries()) {
      const p = parties.find((x) => String(x.id) === e.id);
      if (!p) {
        issues.push({ path: `parties.${i}.id`, message: '不是本案的当事人' });
        continue;
      }
      const who = `${type.parties?.roles[p.role] ?? p.role}${p.name}`;
      const set: Parameters<typeof updatePartyContact>[2] = {};
      if (e.phone !== undefined) {
        if (e.phone === '') {
          if (p.phone_hash) Object.assign(set, { phone_enc: null, phone_hash: null, phone_masked: null });
        } else {
          const r = validatePhone(e.phone);
          if (!r.ok) issues.push({ path: `parties.${i}.phone`, message: `${who}的联系电话：${r.message}` });
          else if (this.deps.cipher.lookupHash(r.value) !== p.phone_hash) {
            Object.assign(set, {
              phone_enc: this.deps.cipher.encrypt(r.value),
              phone_hash: this.deps.cipher.lookupHash(r.value),
              phone_masked: maskPhone(r.value),
            });
          }
        }
        if (set.phone_masked !== undefined) {
          changes.push({
            label: `${who}的联系电话`,
            from: p.phone_masked ?? '（空）',
            to: set.phone_masked ?? '（空）',
          });
        }
      }
      if (e.address !== undefined && (e.address || null) !== p.address) {
        set.address = e.address || null;
        changes.push({ label: `${who}的住址`, from: p.address ?? '（空）', to: e.address || '（空）' });
      }
      if (Object.keys(set).length > 0) await updatePartyContact(trx, p.id, set, now);
    }
    if (issues.length > 0) throw AppError.validation(issues);
    return changes;
  }

  // ---------------------------------------------------------------- actions

  async act(
    access: CaseAccess,
    id: number,
    actionKey: string,
    body: { version: number; input?: Record<string, unknown> | undefined; note?: string | undefined },
    now: Date,
    audit: Auditor,
  ): Promise<void> {
    const db = this.db;
    const probe = await findVisible(db, access, id);
    if (!probe) throw AppError.notFound('案件');
    const mod = this.deps.registry.get(probe.type);
    const calendar = await this.deps.calendars.forTown(probe.town_id);
    const town = await this.townSettings.forTown(db, probe.town_id);
    await db.transaction().execute(async (trx) => {
      // The row lock serialises writers of one case (event numbering, version check).
      const row = await findVisible(trx, access, id, true);
      if (!row) throw AppError.notFound('案件');
      if (!canWriteAt(access, refOf(row))) throw AppError.forbidden('没有办理此案件的权限');
      if (row.version !== body.version) throw versionConflict(row, await lastChange(trx, id));
      const [events, docs] = await Promise.all([loadEvents(trx, id), loadDocuments(trx, id)]);
      const snap = await withContext(mod, trx, toSnapshot(row, events, docs), row, now);
      const user: EngineUser = { id: String(access.auth.userId), roles: rolesOnCase(access, refOf(row)) };
      const result = applyAction(mod.type, snap, actionKey, body.input ?? {}, user, now, {
        ...(body.note ? { note: body.note } : {}),
        ...(mod.policy ? { policy: mod.policy(town) } : {}),
      });
      if (result instanceof AppError) throw prefixFields(result, 'input');

      const patch: { assignee_id?: number; owner_leader_id?: number } = {};
      const input = (result.events.at(-1)?.data?.input ?? {}) as Record<string, unknown>;
      // Convention shared by all case types: an action whose input names `assigneeId`
      // assigns the case; `ownerLeaderId` makes a leader its owner (包案).
      if (input.assigneeId !== undefined)
        patch.assignee_id = await this.checkUser(trx, row.town_id, input.assigneeId, 'assigneeId', null);
      if (input.ownerLeaderId !== undefined)
        patch.owner_leader_id = await this.checkUser(trx, row.town_id, input.ownerLeaderId, 'ownerLeaderId', 'leader');

      // The row is locked: the next event number follows the events just loaded.
      const seq = (events.at(-1)?.seq ?? 0) + 1;
      const added = eventRows(id, row.town_id, result.events, seq, access.auth.displayName);
      await insertEventRows(trx, added);
      const next: CaseRow = {
        ...row,
        state: result.newState,
        fields: result.fields,
        summary: summaryOf(result.fields),
        version: row.version + 1,
        updated_at: now,
        ...patch,
      };
      // State, fields and the derived inbox facts in one statement (actions never change parties).
      const updated = await updateCase(
        trx,
        id,
        {
          state: next.state,
          fields: next.fields,
          summary: next.summary,
          version: next.version,
          updated_at: now,
          ...patch,
        },
        factColumns(mod, next, [...events, ...added], docs, row.party_names, calendar, town, now),
        row.version,
      );
      if (!updated) throw versionConflict(row, await lastChange(trx, id));
      await appendAudit(
        trx,
        audit('case.action', `case:${id}`, {
          number: row.number,
          action: actionKey,
          from: row.state,
          to: result.newState,
        }),
      );
      if (mod.afterAction) {
        await mod.afterAction(trx, {
          caseId: id,
          townId: row.town_id,
          number: row.number,
          action: actionKey,
          fields: result.fields,
          context: snap.context ?? {},
          userId: access.auth.userId,
          now,
          createLinked: async (body, kind) => {
            const plan = await this.prepareCreate(
              access,
              CreateCaseBodySchema.parse({ ...body, parties: body.parties ?? [] }),
              now,
              { townId: row.town_id },
            );
            const created = await this.insertPrepared(trx, plan, access, now, audit);
            await linkCases(trx, { fromCaseId: id, toCaseId: created, kind, userId: access.auth.userId, now }, audit);
            return created;
          },
        });
      }
    });
  }

  /** A user id from an action input, checked to be an active user of the case's town (and a leader when asked). */
  private async checkUser(trx: Db, townId: number, raw: unknown, field: string, role: string | null): Promise<number> {
    const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    const label = field === 'assigneeId' ? '承办人' : '包案领导';
    if (!Number.isSafeInteger(id) || id < 1 || id > INT4_MAX)
      throw AppError.validation([{ path: `input.${field}`, message: `请选择${label}` }]);
    if (!(await isActiveTownUser(trx, townId, id, role))) {
      throw AppError.validation([
        { path: `input.${field}`, message: role ? `${label}须为本镇在职的镇领导` : `${label}须为本镇在职人员` },
      ]);
    }
    return id;
  }

  // ---------------------------------------------------------------- documents

  async issueDocument(
    access: CaseAccess,
    id: number,
    body: { version: number; kind: string; input?: Record<string, unknown> | undefined; replaces?: string | undefined },
    now: Date,
    audit: Auditor,
  ): Promise<number> {
    const db = this.db;
    const probe = await findVisible(db, access, id);
    if (!probe) throw AppError.notFound('案件');
    const mod = this.deps.registry.get(probe.type);
    const title = mod.type.documents[body.kind];
    if (!title) throw AppError.validation([{ path: 'kind', message: `此类案件没有「${body.kind}」文书` }]);
    const template = mod.templates?.[body.kind];
    if (!template) throw new AppError('UNPROCESSABLE', `《${title}》尚无模板，暂不能出具`);
    let input: Record<string, unknown> = {};
    if (template.input) {
      const parsed = validateInput(template.input, body.input ?? {});
      if (parsed instanceof AppError) throw prefixFields(parsed, 'input');
      input = parsed as Record<string, unknown>;
    }
    const calendar = await this.deps.calendars.forTown(probe.town_id);
    const town = await townInfo(db, probe.town_id);
    return db.transaction().execute(async (trx) => {
      const row = await findVisible(trx, access, id, true);
      if (!row) throw AppError.notFound('案件');
      if (!canWriteAt(access, refOf(row))) throw AppError.forbidden('没有办理此案件的权限');
      if (row.version !== body.version) throw versionConflict(row, await lastChange(trx, id));
      const roles = rolesOnCase(access, refOf(row));
      if (!this.mayIssue(mod.type, row, roles)) {
        throw AppError.forbidden('只有当前环节的承办人员可以出具文书');
      }
      // Bound to the stage (engine/documents.ts): checked on the locked row, so a case that
      // moved on meanwhile is judged in the state it is in now.
      let replacing: Awaited<ReturnType<typeof caseDocumentForVoid>>;
      if (body.replaces) {
        replacing = await caseDocumentForVoid(trx, id, Number(body.replaces));
        if (!replacing) throw AppError.validation([{ path: 'replaces', message: '被更正的文书不属于本案' }]);
        if (replacing.replaced_by != null) {
          throw new AppError('CONFLICT', `《${replacing.title}》${replacing.number ?? ''}已有更正文书，不能再次更正`);
        }
      }
      const stageProblem = issueProblem(
        mod.type,
        { state: row.state, documents: [], fields: row.fields },
        body.kind,
        replacing
          ? { kind: replacing.kind, issuedAt: '', voidedAt: replacing.voided_at?.toISOString() ?? null }
          : undefined,
      );
      if (stageProblem) throw new AppError('UNPROCESSABLE', stageProblem);
      const issuedOn = shanghaiDate(now);
      const year = Number(issuedOn.slice(0, 4));
      const number = template.numbering
        ? sequenceNumber(template.numbering, {
            townShort: town.shortName,
            year,
            // One sequence per pattern, not per kind: two kinds sharing a 文号 pattern
            // (受理告知书 and 延期告知书 both 湾信告〔…〕) must never get the same number.
            seq: await allocateSeq(trx, row.town_id, `doc:${template.numbering}`, year),
          })
        : null;
      const ctx = await this.templateContext(trx, row, town, number, issuedOn, access.auth.displayName, input);
      const { toBuffer } = await import('../documents/build.ts');
      const buffer = await toBuffer(template.render(ctx));
      const blob = await this.deps.blobs.put(buffer);
      const docId = await insertDocument(trx, {
        town_id: row.town_id,
        case_id: id,
        kind: body.kind,
        title,
        number,
        template_version: template.version,
        sha256: blob.sha256,
        size: blob.size,
        storage_key: blob.key,
        input: JSON.stringify(input),
        issued_by: access.auth.userId,
        issued_at: now,
        replaces_id: replacing?.id ?? null,
      });
      const seq = await nextEventSeq(trx, id);
      await insertEvents(
        trx,
        id,
        row.town_id,
        [
          {
            seq,
            at: now.toISOString(),
            actorId: String(access.auth.userId),
            action: `issue:${body.kind}`,
            from: row.state,
            to: row.state,
            data: {
              documentId: docId,
              number,
              ...(replacing ? { replacesId: replacing.id, replacesNumber: replacing.number } : {}),
            },
          },
        ],
        seq,
        access.auth.displayName,
      );
      await updateCase(trx, id, { version: row.version + 1, updated_at: now });
      await this.refreshFacts(trx, mod, id, calendar, now);
      await appendAudit(
        trx,
        audit('case.document', documentTarget(title, number), {
          case: row.number,
          kind: body.kind,
          number,
          ...(replacing ? { replaces: replacing.number ?? `《${replacing.title}》` } : {}),
        }),
      );
      return docId;
    });
  }

  /**
   * 作废: never delete. The document keeps its number in the register, a void row records
   * who, when and why, the event goes on the timeline and the audit; what the document
   * unlocked is locked again unless another valid copy remains (engine/documents.ts reads
   * voidedAt). Returns the case id.
   */
  async voidDocument(
    access: CaseAccess,
    documentId: number,
    body: { version: number; reason: string },
    now: Date,
    audit: Auditor,
  ): Promise<number> {
    const db = this.db;
    const found = await documentCase(db, documentId);
    if (!found?.case_id) throw AppError.notFound('文书');
    const caseId = found.case_id;
    const probe = await findVisible(db, access, caseId);
    if (!probe) throw AppError.notFound('文书');
    const mod = this.deps.registry.get(probe.type);
    const calendar = await this.deps.calendars.forTown(probe.town_id);
    await db.transaction().execute(async (trx) => {
      const row = await findVisible(trx, access, caseId, true);
      if (!row) throw AppError.notFound('文书');
      if (!canWriteAt(access, refOf(row))) throw AppError.forbidden('没有办理此案件的权限');
      if (row.version !== body.version) throw versionConflict(row, await lastChange(trx, caseId));
      const doc = await caseDocumentForVoid(trx, caseId, documentId);
      if (!doc) throw AppError.notFound('文书');
      const label = `《${doc.title}》${doc.number ?? ''}`;
      if (doc.voided_at) throw new AppError('CONFLICT', `${label}已于 ${formatShanghai(doc.voided_at)} 作废`);
      const roles = rolesOnCase(access, refOf(row));
      const allowed = documentRoles(mod.type, doc.kind);
      if (!roles.some((r) => allowed.includes(r))) throw AppError.forbidden(`没有作废${label}的权限`);
      await insertDocumentVoid(trx, {
        document_id: doc.id,
        town_id: row.town_id,
        case_id: caseId,
        reason: body.reason,
        voided_by: access.auth.userId,
        voided_at: now,
      });
      const seq = await nextEventSeq(trx, caseId);
      await insertEvents(
        trx,
        caseId,
        row.town_id,
        [
          {
            seq,
            at: now.toISOString(),
            actorId: String(access.auth.userId),
            action: `void:${doc.kind}`,
            from: row.state,
            to: row.state,
            data: { documentId: doc.id, number: doc.number, reason: body.reason },
          },
        ],
        seq,
        access.auth.displayName,
      );
      await updateCase(trx, caseId, { version: row.version + 1, updated_at: now });
      await this.refreshFacts(trx, mod, caseId, calendar, now);
      await appendAudit(
        trx,
        audit('case.document.void', documentTarget(doc.title, doc.number), {
          case: row.number,
          kind: doc.kind,
          number: doc.number,
          reason: body.reason,
        }),
      );
    });
    return caseId;
  }

  /** Issuing is part of working the case: open, and the user holds a role that can act in this state. */
  private mayIssue(type: AnyCaseType, row: CaseRead, roles: string[]): boolean {
    if (row.terminal) return roles.some((r) => type.create.roles.includes(r));
    return Object.values(type.actions).some(
      (a) => a.from.includes(row.state) && a.roles.some((r: string) => roles.includes(r)),
    );
  }

  private async templateContext(
    trx: Db,
    row: CaseRow,
    town: Awaited<ReturnType<typeof townInfo>>,
    number: string | null,
    issuedOn: string,
    issuerName: string,
    input: Record<string, unknown>,
  ): Promise<TemplateContext> {
    const mod = this.deps.registry.get(row.type);
    const [events, parties, names] = await Promise.all([
      loadEvents(trx, row.id),
      casePartiesSealed(trx, row.id),
      userNames(trx, [row.assignee_id ?? 0, row.owner_leader_id ?? 0]),
    ]);
    const unit = row.unit_id ? await unitName(trx, row.unit_id) : null;
    const nameOf = (uid: number | null) => (uid == null ? null : (names.get(uid) ?? null));
    const { cipher } = this.deps;
    const policy = await this.townSettings.forTown(trx, row.town_id);
    const risk = mod.risk?.(row.fields, new Date(`${issuedOn}T12:00:00+08:00`), policy) ?? null;
    // What the guards read (the unit a hazard is at): documents name it as the case page does.
    const context = mod.context
      ? await mod.context(
          trx,
          { id: row.id, townId: row.town_id, state: row.state, fields: row.fields },
          new Date(`${issuedOn}T12:00:00+08:00`),
        )
      : {};
    return {
      context,
      case: {
        id: String(row.id),
        number: row.number,
        title: row.title,
        state: row.state,
        stateLabel: mod.type.states[row.state]?.label ?? row.state,
        fields: row.fields,
        parties: parties.map((p) => ({
          role: p.role,
          roleLabel: mod.type.parties?.roles[p.role] ?? p.role,
          kind: p.kind,
          name: p.name,
          idNumber: p.id_enc ? cipher.decrypt(p.id_enc) : null,
          phone: p.phone_enc ? cipher.decrypt(p.phone_enc) : null,
          address: p.address,
          ethnicity: p.ethnicity,
          occupation: p.occupation,
        })),
        unitName: unit,
        assigneeName: nameOf(row.assignee_id),
        ownerLeaderName: nameOf(row.owner_leader_id),
        createdAt: row.created_at.toISOString(),
        risk,
        events: events.map((e) => ({
          action: e.action,
          at: e.at.toISOString(),
          actorName: e.actor_name,
          note: e.note,
          data: e.data,
        })),
      },
      town: { name: town.name, shortName: town.shortName, fullName: town.fullName },
      number,
      issuedOn,
      issuerName,
      input,
    };
  }

  // ---------------------------------------------------------------- attachments

  async attach(
    access: CaseAccess,
    id: number,
    file: { name: string; data: Buffer; mime: string },
    now: Date,
    audit: Auditor,
  ): Promise<number> {
    const db = this.db;
    const blob = await this.deps.blobs.put(file.data);
    return db.transaction().execute(async (trx) => {
      const row = await findVisible(trx, access, id, true);
      if (!row) throw AppError.notFound('案件');
      if (!canWriteAt(access, refOf(row))) throw AppError.forbidden('没有办理此案件的权限');
      const attId = await insertAttachment(trx, {
        town_id: row.town_id,
        case_id: id,
        name: file.name,
        size: blob.size,
        mime: file.mime,
        sha256: blob.sha256,
        storage_key: blob.key,
        uploaded_by: access.auth.userId,
        uploaded_at: now,
      });
      const seq = await nextEventSeq(trx, id);
      // An attachment adds to the record without changing the case, so it does not bump
      // the version: a colleague's upload should not void the form someone is filling in.
      await insertEvents(
        trx,
        id,
        row.town_id,
        [
          {
            seq,
            at: now.toISOString(),
            actorId: String(access.auth.userId),
            action: 'attach',
            from: row.state,
            to: row.state,
            data: { attachmentId: attId, name: file.name, size: blob.size },
          },
        ],
        seq,
        access.auth.displayName,
      );
      await updateCase(trx, id, { updated_at: now });
      // A file name often names a party (张三身份证.jpg): the audit keeps the case number and size only.
      await appendAudit(trx, audit('case.attach', `attachment:${attId}`, { case: row.number, size: blob.size }));
      return attId;
    });
  }

  // ---------------------------------------------------------------- reads

  /** 404 unless the user can see the case (for files hanging off it). */
  async detailGuard(access: CaseAccess, caseId: number): Promise<void> {
    if (!(await findVisible(this.db, access, caseId))) throw AppError.notFound('案件');
  }

  async detail(access: CaseAccess, id: number, now: Date): Promise<CaseDetail> {
    const found = await caseDetail(this.db, access, id);
    if (!found) throw AppError.notFound('案件');
    const { row, events, documents: docs, parties, attachments } = found;
    const mod = this.deps.registry.get(row.type);
    const type = mod.type;
    // Both cached in process (CalendarStore, SettingsStore): no round trip on most calls.
    const [calendar, window] = await Promise.all([
      this.deps.calendars.forTown(row.town_id),
      this.dueWindow(access, now),
    ]);
    const roles = rolesOnCase(access, refOf(row));
    const canWrite = canWriteAt(access, refOf(row));
    const snap = canWrite
      ? await withContext(mod, this.db, toSnapshot(row, events, docs), row, now)
      : toSnapshot(row, events, docs);
    const user: EngineUser = { id: String(access.auth.userId), roles: canWrite ? roles : [] };
    const actions = (canWrite ? allowedActions(type, snap, user, now) : []).map((a) => {
      const pf = a.kind === 'action' && a.hasInput ? actionPrefill(type, snap, a.key) : null;
      // A copy left blank (to be filled in by hand) fills nothing: no notice on the form.
      return pf && Object.keys(pf.values).length > 0
        ? { ...a, prefill: { documentId: pf.documentId, title: pf.title, number: pf.number, values: pf.values } }
        : a;
    });
    const mayIssue = canWrite && this.mayIssue(type, row, roles);
    const issuable = mayIssue
      ? issuableKinds(type, snap)
          .filter((kind) => mod.templates?.[kind])
          .map((kind) => ({ kind, title: type.documents[kind] ?? kind }))
      : null;
    const replacedBy = new Map<number, string>();
    for (const d of docs) if (d.replaces_id != null) replacedBy.set(d.replaces_id, String(d.id));
    return {
      ...toListItem({ ...row, ...found.names }, this.deps.registry, window),
      version: row.version,
      summary: row.summary,
      fields: row.fields,
      events: events.map((e) => eventView(type, e)),
      parties: parties.map((p) => ({
        id: String(p.id),
        role: p.role,
        roleLabel: type.parties?.roles[p.role] ?? p.role,
        kind: p.kind,
        name: p.name,
        idMasked: p.id_masked,
        phoneMasked: p.phone_masked,
        address: p.address,
        unitId: p.unit_id == null ? null : String(p.unit_id),
        ethnicity: p.ethnicity,
        occupation: p.occupation,
      })),
      documents: docs.map((d) => ({
        id: String(d.id),
        kind: d.kind,
        title: d.title,
        number: d.number,
        issuedAt: d.issued_at.toISOString(),
        issuedByName: d.issued_by_name,
        size: d.size,
        sha256: d.sha256,
        voided: d.voided_at
          ? { at: d.voided_at.toISOString(), byName: d.voided_by_name ?? '', reason: d.void_reason ?? '' }
          : null,
        replacesId: d.replaces_id == null ? null : String(d.replaces_id),
        replacedById: replacedBy.get(d.id) ?? null,
        canVoid: canWrite && !d.voided_at && documentRoles(type, d.kind).some((r) => roles.includes(r)),
        canCorrect:
          d.voided_at != null &&
          !replacedBy.has(d.id) &&
          issuable !== null &&
          mod.templates?.[d.kind] !== undefined &&
          issueProblem(type, snap, d.kind, { kind: d.kind, issuedAt: '', voidedAt: d.voided_at.toISOString() }) ===
            null,
      })),
      attachments: attachments.map((a) => ({
        id: String(a.id),
        name: a.name,
        size: a.size,
        mime: a.mime,
        sha256: a.sha256,
        uploadedAt: a.uploaded_at.toISOString(),
        uploadedByName: a.display_name,
      })),
      clocks: clockStatus(type, snap, calendar, now),
      actions,
      issuable: issuable ?? [],
      canUnmask: access.canUnmask,
      canWrite,
      challengeable: type.challengeable !== undefined,
    };
  }

  /** The list's filters as the repository takes them: keyword tokens, the days as instants, ranges checked. */
  private listFilter(q: ListQuery): CaseFilter {
    const problems: { path: string; message: string }[] = [];
    if (q.registeredFrom && q.registeredTo && q.registeredFrom > q.registeredTo) {
      problems.push({ path: 'registeredTo', message: '登记日期（止）不能早于登记日期（起）' });
    }
    if (q.closedFrom && q.closedTo && q.closedFrom > q.closedTo) {
      problems.push({ path: 'closedTo', message: '办结日期（止）不能早于办结日期（起）' });
    }
    if (problems.length > 0) throw AppError.validation(problems);
    return {
      ...q,
      tokens: q.q ? queryTokens(q.q) || null : null,
      text: q.q,
      registeredFrom: q.registeredFrom ? shanghaiDayStart(q.registeredFrom) : undefined,
      registeredBefore: q.registeredTo ? new Date(shanghaiDayStart(q.registeredTo).getTime() + 86_400_000) : undefined,
    };
  }

  /** A page of the filtered list after the cursor, in the query's sort (the list's and the export's). */
  page(access: CaseAccess, q: ListQuery, window: DueWindow, after: ListCursor | null, limit: number) {
    return listPage(this.db, access, this.listFilter(q), window, { key: q.sort, order: q.order }, after, limit);
  }

  /** The years with cases the user may see, and the year a statistics page opens on (defaultDataYear). */
  async years(access: CaseAccess, q: { type?: string | undefined; townId?: string | undefined }, now: Date) {
    const years = await visibleYears(this.db, access, {
      type: q.type,
      townId: q.townId === undefined ? undefined : Number(q.townId),
    });
    const currentYear = Number(shanghaiDate(now).slice(0, 4));
    return { years, currentYear, defaultYear: defaultDataYear(years, currentYear) };
  }

  async list(access: CaseAccess, q: ListQuery, now: Date) {
    const window = await this.dueWindow(access, now);
    const after = q.cursor ? decodeCursor(q.cursor, q) : null;
    const rows = await this.page(access, q, window, after, q.limit + 1);
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      items: page.map((r) => toListItem(r, this.deps.registry, window)),
      nextCursor: rows.length > q.limit && last ? encodeCursor(q, last) : null,
    };
  }

  /**
   * How many cases the list's filters match (「共 N 件」), its own request beside the first page:
   * the list answers at the speed of one page, and the count never holds it up.
   */
  async count(access: CaseAccess, q: ListQuery, now: Date, cap = CASE_COUNT_CAP) {
    const window = await this.dueWindow(access, now);
    return countList(this.db, access, this.listFilter(q), window, cap);
  }

  /**
   * 我的待办: open cases assigned to me or owned by me as leader, plus unassigned cases
   * (or cases awaiting an approval) on which one of my roles can act, plus, for leaders,
   * high-risk cases nobody has taken ownership of — sorted by the
   * nearest deadline. The precise per-case check is allowedActions on the detail page.
   */
  async inbox(access: CaseAccess, now: Date, q: InboxQuery = InboxQuerySchema.parse({})) {
    const window = await this.dueWindow(access, now);
    const after = q.cursor ? decodeInboxCursor(q.cursor) : null;
    const { rules, asks } = this.askRules(access.roles);
    const { rows, counts } = await inboxPage(this.db, access, window, {
      due: q.due,
      ask: q.ask,
      asks,
      after,
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    const hints = new Map<string, string[]>();
    return {
      items: page.map((r) => toInboxItem(r, this.deps.registry, window, rules, access.roles, hints)),
      counts,
      nextCursor: rows.length > q.limit && last ? encodeInboxCursor(last.next_due, last.id) : null,
      warnWorkdays: window.warnWorkdays,
    };
  }

  /**
   * Per case type, where its cases ask something of one of `roles` (engine inboxAskRules), and
   * the same as the states per ask the inbox statement filters by. Kept per set of roles: the
   * registry is fixed at construction, and the inbox (every user's home page, issue 19) rebuilt
   * them from every type's actions on every call.
   */
  private askRules(roles: readonly string[]): { rules: Map<string, InboxAskRule[]>; asks: InboxAskStates } {
    const key = [...roles].sort().join('|');
    const cached = this.#askRules.get(key);
    if (cached) return cached;
    const rules = new Map<string, InboxAskRule[]>();
    for (const { type } of this.deps.registry.list()) {
      const mine = inboxAskRules(type).filter((r) => r.roles.some((role) => roles.includes(role)));
      if (mine.length > 0) rules.set(type.key, mine);
    }
    const asks = Object.fromEntries(
      INBOX_ASK_KEYS.map((k) => [k, [] as { type: string; states: string[] }[]]),
    ) as InboxAskStates;
    for (const [type, list] of rules) {
      for (const ask of INBOX_ASK_KEYS) {
        const states = [...new Set(list.filter((r) => r.ask === ask).flatMap((r) => r.states))];
        if (states.length > 0) asks[ask].push({ type, states });
      }
    }
    const built = { rules, asks };
    this.#askRules.set(key, built);
    return built;
  }
  readonly #askRules = new Map<string, { rules: Map<string, InboxAskRule[]>; asks: InboxAskStates }>();

  /** The full ID and phone of a party on a case the user can see; the caller audits it. */
  async unmask(access: CaseAccess, partyId: number) {
    if (!access.canUnmask) throw AppError.forbidden('没有查看完整身份信息的权限');
    const party = await visiblePartySealed(this.db, access, partyId);
    if (!party) throw AppError.notFound('当事人');
    const { cipher } = this.deps;
    return {
      name: party.name,
      idNumber: party.id_enc ? cipher.decrypt(party.id_enc) : null,
      phone: party.phone_enc ? cipher.decrypt(party.phone_enc) : null,
    };
  }
}

/**
 * What is stored beside a case for the inbox, search and lists, derived from the case
 * and its events (engine/inbox.ts): rewritten in the transaction of every change.
 */
function factColumns(
  mod: CaseModule,
  row: CaseRow,
  events: EventRow[],
  docs: { id: number; kind: string; issued_at: Date }[],
  partyNames: string,
  calendar: Awaited<ReturnType<CalendarStore['forTown']>>,
  town: TownSettings,
  now: Date,
): CaseFacts {
  const facts = inboxFacts(mod.type, toSnapshot(row, events, docs), calendar, now);
  const risk = mod.risk?.(row.fields, now, town) ?? null;
  const text = [row.number, row.title, row.summary ?? '', partyNames].join(' ');
  // 办结日期: the day of the event that moved the case into its present (terminal) state.
  const closing = facts.terminal
    ? events.findLast((e) => e.to_state === row.state && e.from_state !== e.to_state)
    : undefined;
  return {
    terminal: facts.terminal,
    closed_on: facts.terminal ? shanghaiDate(closing?.at ?? now) : null,
    actor_roles: facts.actorRoles,
    approval_pending: facts.approvalPending,
    next_due: facts.nextDue,
    next_clock: facts.nextClock,
    party_names: partyNames,
    risk: risk?.level ?? row.risk,
    confidential: mod.type.access.confidential?.when(row.fields) ?? false,
    searchTokens: searchTokens(text),
  };
}

/** The audit names a document by its 文号 (or its title when it has none), not by a row id. */
function documentTarget(title: string, number: string | null): string {
  return number ? `文书 ${number}` : `文书《${title}》`;
}

function summaryOf(fields: Record<string, unknown>): string | null {
  const s = fields.summary;
  return typeof s === 'string' && s.trim() ? s.trim().slice(0, 2000) : null;
}

/** Field paths of an engine validation error, prefixed with where they sit in the request body. */
function prefixFields(e: AppError, prefix: string): AppError {
  if (!e.fields) return e;
  return new AppError(e.code, e.message, {
    ...(e.details ? { details: e.details } : {}),
    fields: e.fields.map((f) => ({ ...f, path: f.path ? `${prefix}.${f.path}` : prefix })),
  });
}

/** The list's cursor: the sort it was made for, the last row's sort keys (as SQL text) and its id. */
export function encodeCursor(q: Pick<ListQuery, 'sort' | 'order'>, last: PagedListRow): string {
  return Buffer.from(JSON.stringify({ s: q.sort, o: q.order, k: [last.cur0, last.cur1], id: last.id })).toString(
    'base64url',
  );
}

/** The inbox's cursor: the last item's deadline ('infinity' when it has none) and id. */
function encodeInboxCursor(due: string | null, id: number): string {
  return Buffer.from(`${due ?? 'infinity'}|${id}`).toString('base64url');
}

function decodeInboxCursor(cursor: string): { due: string; id: number } {
  const [due, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!due || !id || !(due === 'infinity' || isCalendarDay(due)) || !/^\d{1,15}$/.test(id)) {
    throw AppError.validation([{ path: 'cursor', message: '分页游标无效，请从第一页重新查询' }]);
  }
  return { due, id: Number(id) };
}

/** The instant an Asia/Shanghai day begins (UTC+8, no DST). */
function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

function isCalendarDay(s: string): boolean {
  return (
    /^[12]\d{3}-\d\d-\d\d$/.test(s) && new Date(Date.parse(`${s}T00:00:00Z`) || 0).toISOString().slice(0, 10) === s
  );
}

function decodeCursor(cursor: string, q: Pick<ListQuery, 'sort' | 'order'>): ListCursor {
  const bad = () => AppError.validation([{ path: 'cursor', message: '分页游标无效，请从第一页重新查询' }]);
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const { s, o, k, id } = (c ?? {}) as { s?: unknown; o?: unknown; k?: unknown; id?: unknown };
  if (
    !Array.isArray(k) ||
    k.length !== 2 ||
    !k.every((v) => typeof v === 'string' && v.length <= 100) ||
    typeof id !== 'number' ||
    !Number.isSafeInteger(id) ||
    id < 1
  ) {
    throw bad();
  }
  if (s !== q.sort || o !== q.order) {
    throw AppError.validation([{ path: 'cursor', message: '分页游标与当前排序不符，请从第一页重新查询' }]);
  }
  return { keys: [k[0] as string, k[1] as string], id };
}

/** The snapshot with what the module's `context` hook looked up (registry.ts), if it has one. */
async function withContext(
  mod: CaseModule,
  db: Db,
  snap: CaseSnapshot,
  row: { id: number; town_id: number; state: string; fields: Record<string, unknown> },
  now: Date,
): Promise<CaseSnapshot> {
  if (!mod.context) return snap;
  const context = await mod.context(db, { id: row.id, townId: row.town_id, state: row.state, fields: row.fields }, now);
  return { ...snap, context };
}
