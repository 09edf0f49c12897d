/**
 * 开门接访 and 带案下访 (信访工作条例 art 18 ¶1: leaders 定期接待群众来访、定期下访; art 18
 * ¶2: they take prominent cases in hand). A reception schedule, the receptions held with
 * what each visitor brought, and visits to villages with the cases taken along.
 *
 * Who sees what is the case rule (cases/access.ts) applied to these records:
 * - schedule slots and receptions belong to the town: readers whose case:read scope covers
 *   the whole town see them; a published slot is also seen by every reader in the town
 *   (a village officer tells residents when the leaders receive);
 * - a visit belongs to its village: a 村居干部 sees their village's visits;
 * - writing belongs to the 信访办 and the town's leaders (case:write over the whole town).
 * Out of scope is a 404; in scope without the right is a 403.
 *
 * Visitors are rows of the party index (parties): the ID and phone numbers are stored only
 * as ciphertext with their lookup hash and masked form, and a visitor with an ID number is
 * the same person as in their mediation cases and petitions. A matter that is not answered
 * on the spot becomes a petition through CaseService (channel 走访), in the same transaction
 * as the reception, so every clock and notice applies and a failure leaves nothing behind.
 */
import { AppError, type FieldIssue, isEmptyScope, shanghaiDate, validateIdCard, validatePhone } from '@fazhi/domain';
import {
  type ReceptionCreateBodySchema,
  type ReceptionSlotBodySchema,
  type ReceptionSlotUpdateSchema,
  type ReceptionSlotView,
  type ReceptionView,
  VISIT_CASE_TYPES,
  type VisitBodySchema,
  type VisitListQuerySchema,
  type VisitUpdateSchema,
  type VisitView,
} from '@fazhi/domain/cases/petition-receptions';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import { type CaseAccess, type CaseTypes, caseAccess, townRoleAccess, visibleCase } from '../../cases/access.ts';
import { upsertParty } from '../../cases/parties.ts';
import type { CaseRegistry } from '../../cases/registry.ts';
import type { Auditor, CaseService, PreparedCase } from '../../cases/service.ts';
import type { Db } from '../../db/index.ts';
import { appendAudit } from '../../platform/audit.ts';
import { type AuthContext, scopeFilter } from '../../platform/context.ts';
import type { PiiCipher } from '../../platform/crypto.ts';

/** The roles that keep the schedule and record receptions and visits. */
export const RECEPTION_WRITER_ROLES: readonly string[] = ['xinfang', 'leader'];

export interface ReceptionAccess {
  cases: CaseAccess;
  /** Towns whose schedule, receptions and visits the user sees in full (case:read over the town). */
  fullTowns: number[];
  /** Towns where the user keeps the schedule and records receptions and visits. */
  writeTowns: number[];
}

export async function receptionAccess(db: Db, ctx: AuthContext | null, types: CaseTypes): Promise<ReceptionAccess> {
  return receptionAccessOf(db, await caseAccess(db, ctx, types));
}

/** The same, from a case access already built (the report's drill-down hands one over). */
export async function receptionAccessOf(db: Db, access: CaseAccess): Promise<ReceptionAccess> {
  // What visitors bring is petition material: read where petitions are (the petition type's readers).
  const { cases, fullTowns, roleTowns } = await townRoleAccess(db, access, 'petition', RECEPTION_WRITER_ROLES);
  return { cases, fullTowns, writeTowns: roleTowns };
}

const col = (alias: string, name: string) => sql<number>`${sql.ref(`${alias}.${name}`)}`;
const inTowns = (alias: string, towns: number[]) =>
  towns.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`${col(alias, 'town_id')} in (${sql.join(towns)})`;

/** Slots: the whole schedule for town-wide readers, the published part for everyone in the town. */
export function visibleSlot(acc: ReceptionAccess, alias = 's'): Expression<SqlBool> {
  return sql<SqlBool>`(${inTowns(alias, acc.fullTowns)} or (${inTowns(alias, acc.cases.townIds)} and ${sql.ref(`${alias}.published`)} and not ${sql.ref(`${alias}.cancelled`)}))`;
}

/** Receptions: town-wide readers only (visitors' matters are not the villages' business). */
export function visibleReception(acc: ReceptionAccess, alias = 'r'): Expression<SqlBool> {
  return inTowns(alias, acc.fullTowns);
}

/** Visits: town-wide readers, and readers whose scope covers the village visited. */
export function visibleVisit<DBT, TB extends keyof DBT>(
  eb: ExpressionBuilder<DBT, TB>,
  acc: ReceptionAccess,
  alias = 'v',
): Expression<SqlBool> {
  const { townIds, read, auth } = acc.cases;
  if (townIds.length === 0) return sql<SqlBool>`false`;
  const ors: Expression<SqlBool>[] = [inTowns(alias, acc.fullTowns)];
  if (!isEmptyScope(read)) {
    ors.push(
      scopeFilter(
        eb,
        { ...read, self: false },
        { unitId: col(alias, 'unit_id'), unitPath: sql<string>`${sql.ref(`${alias}.unit_path`)}` },
        auth.userId,
      ),
    );
  }
  return eb.and([inTowns(alias, townIds), eb.or(ors)]);
}

type SlotBody = z.output<typeof ReceptionSlotBodySchema>;
type SlotUpdate = z.output<typeof ReceptionSlotUpdateSchema>;
type ReceptionBody = z.output<typeof ReceptionCreateBodySchema>;
type VisitBody = z.output<typeof VisitBodySchema>;
type VisitUpdate = z.output<typeof VisitUpdateSchema>;
type VisitQuery = z.output<typeof VisitListQuerySchema>;
type Range = { from?: string | undefined; to?: string | undefined; leaderId?: string | undefined };

export interface ReceptionServiceDeps {
  db: Db;
  cases: CaseService;
  cipher: PiiCipher;
  registry: CaseRegistry;
}

const LIST_LIMIT = 500;

export class ReceptionService {
  constructor(private readonly deps: ReceptionServiceDeps) {}

  private get db() {
    return this.deps.db;
  }

  // ---------------------------------------------------------------- guards

  /** case:write and a writer role over some town, else 403 (before anything is looked up). */
  requireWriter(acc: ReceptionAccess): void {
    if (acc.writeTowns.length === 0) throw AppError.forbidden('只有信访办和镇领导可以登记领导接访、下访');
  }

  /** A record of `townId` the user can see (else 404) and may write (else 403). */
  private writableTown(acc: ReceptionAccess, townId: number, visible: boolean, what: string): void {
    if (!visible) throw AppError.notFound(what);
    if (!acc.writeTowns.includes(townId)) throw AppError.forbidden('只有信访办和镇领导可以修改领导接访、下访记录');
  }

  /** The leader's town: the user must hold the 镇领导 role (active) in a town the writer covers. */
  private async leaderTown(acc: ReceptionAccess, raw: string, field: string, label: string): Promise<number> {
    const rows = await this.db
      .selectFrom('users as u')
      .innerJoin('user_roles as r', 'r.user_id', 'u.id')
      .innerJoin('org_units as o', 'o.id', 'r.unit_id')
      .select(sql<number>`coalesce(o.town_id, o.id)`.as('town_id'))
      .where('u.id', '=', Number(raw))
      .where('u.disabled', '=', false)
      .where('r.role', '=', 'leader')
      .execute();
    const towns = rows.map((r) => r.town_id).filter((t) => acc.writeTowns.includes(t));
    if (towns.length === 0) {
      throw AppError.validation([{ path: field, message: `${label}须为本镇在职的镇领导` }]);
    }
    return towns[0]!;
  }

  // ---------------------------------------------------------------- schedule

  async listSlots(acc: ReceptionAccess, q: Range): Promise<{ items: ReceptionSlotView[]; canWrite: boolean }> {
    let query = this.slotQuery(acc);
    if (q.from) query = query.where('s.on_date', '>=', q.from);
    if (q.to) query = query.where('s.on_date', '<=', q.to);
    if (q.leaderId) query = query.where('s.leader_id', '=', Number(q.leaderId));
    const rows = await query.orderBy('s.on_date').orderBy('s.starts_at').orderBy('s.id').limit(LIST_LIMIT).execute();
    return { items: rows.map(slotView), canWrite: acc.writeTowns.length > 0 };
  }

  async slot(acc: ReceptionAccess, id: number): Promise<ReceptionSlotView> {
    const row = await this.slotQuery(acc).where('s.id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('接访安排');
    return slotView(row);
  }

  private slotQuery(acc: ReceptionAccess) {
    return this.db
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

  async createSlot(acc: ReceptionAccess, body: SlotBody, now: Date, audit: Auditor): Promise<number> {
    this.requireWriter(acc);
    const townId = await this.leaderTown(acc, body.leaderId, 'leaderId', '接访领导');
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('reception_slots')
        .values({
          town_id: townId,
          leader_id: Number(body.leaderId),
          on_date: body.onDate,
          starts_at: body.startsAt,
          ends_at: body.endsAt,
          place: body.place,
          topic: body.topic || null,
          published: body.published ?? false,
          created_by: acc.cases.auth.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await appendAudit(trx, audit('reception.slot.create', `reception-slot:${r.id}`, { onDate: body.onDate }));
      return r.id;
    });
  }

  async updateSlot(acc: ReceptionAccess, id: number, body: SlotUpdate, now: Date, audit: Auditor): Promise<void> {
    this.requireWriter(acc);
    const current = await this.db
      .selectFrom('reception_slots as s')
      .leftJoin('receptions as r', 'r.slot_id', 's.id')
      .select([
        's.town_id',
        's.version',
        's.leader_id',
        's.on_date',
        's.starts_at',
        's.ends_at',
        'r.id as reception_id',
      ])
      .where('s.id', '=', id)
      .where(() => visibleSlot(acc))
      .executeTakeFirst();
    this.writableTown(acc, current?.town_id ?? 0, !!current, '接访安排');
    if (!current) return;
    // A held slot is a record of what happened: its day and leader stay (the form may resend them unchanged).
    const moved =
      body.cancelled ||
      (body.onDate !== undefined && body.onDate !== current.on_date) ||
      (body.leaderId !== undefined && Number(body.leaderId) !== current.leader_id);
    if (current.reception_id !== null && moved) {
      throw new AppError('CONFLICT', '已登记接访记录的安排不能取消或改换日期、领导');
    }
    const starts = body.startsAt ?? current.starts_at;
    const ends = body.endsAt ?? current.ends_at;
    if (ends <= starts) throw AppError.validation([{ path: 'endsAt', message: '结束时间应晚于开始时间' }]);
    let leaderId: number | undefined;
    if (body.leaderId) {
      const t = await this.leaderTown(acc, body.leaderId, 'leaderId', '接访领导');
      if (t !== current.town_id) throw AppError.validation([{ path: 'leaderId', message: '接访领导须为本镇领导' }]);
      leaderId = Number(body.leaderId);
    }
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('reception_slots')
        .set({
          ...(leaderId ? { leader_id: leaderId } : {}),
          ...(body.onDate ? { on_date: body.onDate } : {}),
          starts_at: starts,
          ends_at: ends,
          ...(body.place ? { place: body.place } : {}),
          ...(body.topic !== undefined ? { topic: body.topic || null } : {}),
          ...(body.published !== undefined ? { published: body.published } : {}),
          ...(body.cancelled !== undefined ? { cancelled: body.cancelled } : {}),
          version: body.version + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', body.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        throw new AppError('VERSION_CONFLICT', '此接访安排已被他人修改，请刷新后重试');
      }
      await appendAudit(trx, audit('reception.slot.update', `reception-slot:${id}`, changedFields(body)));
    });
  }

  // ---------------------------------------------------------------- receptions

  async listReceptions(acc: ReceptionAccess, q: Range): Promise<{ items: ReceptionView[]; canWrite: boolean }> {
    let query = this.db
      .selectFrom('receptions as r')
      .select('r.id')
      .where(() => visibleReception(acc));
    if (q.from) query = query.where('r.received_on', '>=', q.from);
    if (q.to) query = query.where('r.received_on', '<=', q.to);
    if (q.leaderId) query = query.where('r.leader_id', '=', Number(q.leaderId));
    const ids = (await query.orderBy('r.received_on', 'desc').orderBy('r.id', 'desc').limit(LIST_LIMIT).execute()).map(
      (r) => r.id,
    );
    return { items: await this.receptionViews(acc, ids), canWrite: acc.writeTowns.length > 0 };
  }

  async reception(acc: ReceptionAccess, id: number): Promise<ReceptionView> {
    const [view] = await this.receptionViews(acc, [id]);
    if (!view) throw AppError.notFound('接访记录');
    return view;
  }

  /** Receptions by id (visible ones only, in the given order) with their visitors. */
  private async receptionViews(acc: ReceptionAccess, ids: number[]): Promise<ReceptionView[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
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
    if (rows.length === 0) return [];
    const visitors = await this.db
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
      .where(
        'v.reception_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('v.reception_id')
      .orderBy('v.sort')
      .execute();
    // The petition's number and state only where the reader may see the case itself.
    const caseIds = visitors.map((v) => v.case_id).filter((c): c is number => c !== null);
    const cases = caseIds.length
      ? await this.db
          .selectFrom('cases as c')
          .select(['c.id', 'c.number', 'c.state'])
          .where('c.id', 'in', caseIds)
          .where((eb) => visibleCase(eb, acc.cases))
          .execute()
      : [];
    const caseOf = new Map(cases.map((c) => [c.id, c]));
    const petitionType = this.deps.registry.find('petition')?.type;
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r): r is (typeof rows)[number] => !!r)
      .map((r) => {
        const vs = visitors
          .filter((v) => v.reception_id === r.id)
          .map((v) => {
            const c = v.case_id !== null ? caseOf.get(v.case_id) : undefined;
            return {
              id: String(v.id),
              partyId: String(v.party_id),
              name: v.name,
              idMasked: v.id_masked,
              phoneMasked: v.phone_masked,
              peopleCount: v.people_count,
              unitId: v.unit_id === null ? null : String(v.unit_id),
              unitName: v.unit_name,
              matter: v.matter,
              outcome: v.outcome,
              answer: v.answer,
              caseId: c ? String(c.id) : null,
              caseNumber: c?.number ?? null,
              caseStateLabel: c ? (petitionType?.states[c.state]?.label ?? c.state) : null,
            };
          });
        return {
          id: String(r.id),
          slotId: r.slot_id === null ? null : String(r.slot_id),
          leaderId: String(r.leader_id),
          leaderName: r.leader_name,
          receivedOn: r.received_on,
          place: r.place,
          note: r.note,
          createdByName: r.created_by_name,
          createdAt: r.created_at.toISOString(),
          people: vs.reduce((n, v) => n + v.peopleCount, 0),
          answered: vs.filter((v) => v.outcome === 'answered').length,
          petitions: vs.filter((v) => v.outcome === 'petition').length,
          visitors: vs,
        };
      });
  }

  async createReception(acc: ReceptionAccess, body: ReceptionBody, now: Date, audit: Auditor): Promise<number> {
    this.requireWriter(acc);
    const db = this.db;
    // Who, when and where: the slot's, unless given; without a slot all three are required.
    let slot: { id: number; town_id: number; leader_id: number; on_date: string; place: string } | undefined;
    if (body.slotId) {
      const s = await db
        .selectFrom('reception_slots as s')
        .leftJoin('receptions as r', 'r.slot_id', 's.id')
        .select(['s.id', 's.town_id', 's.leader_id', 's.on_date', 's.place', 's.cancelled', 'r.id as reception_id'])
        .where('s.id', '=', Number(body.slotId))
        .where(() => visibleSlot(acc))
        .executeTakeFirst();
      if (!s) throw AppError.notFound('接访安排');
      this.writableTown(acc, s.town_id, true, '接访安排');
      if (s.cancelled) throw new AppError('CONFLICT', '该接访安排已取消，不能登记接访记录');
      if (s.reception_id !== null) throw new AppError('CONFLICT', '该接访安排已登记接访记录，请在原记录中查看');
      slot = s;
    }
    const missing: FieldIssue[] = [];
    if (!slot && !body.leaderId) missing.push({ path: 'leaderId', message: '请选择接访领导' });
    if (!slot && !body.receivedOn) missing.push({ path: 'receivedOn', message: '请填写接访日期' });
    if (!slot && !body.place) missing.push({ path: 'place', message: '请填写接访地点' });
    if (missing.length > 0) throw AppError.validation(missing);
    const leaderId = body.leaderId ? Number(body.leaderId) : slot!.leader_id;
    const townId = body.leaderId ? await this.leaderTown(acc, body.leaderId, 'leaderId', '接访领导') : slot!.town_id;
    if (slot && townId !== slot.town_id) {
      throw AppError.validation([{ path: 'leaderId', message: '接访领导须为本镇领导' }]);
    }
    const receivedOn = body.receivedOn ?? slot!.on_date;
    const place = body.place || slot!.place;
    if (receivedOn > shanghaiToday(now)) {
      throw AppError.validation([{ path: 'receivedOn', message: '接访日期不能晚于今天' }]);
    }
    const leaderName = (
      await db.selectFrom('users').select('display_name').where('id', '=', leaderId).executeTakeFirst()
    )?.display_name;

    // Every visitor checked (and every petition prepared) before anything is written.
    const issues: FieldIssue[] = [];
    const units = await this.villages(
      townId,
      body.visitors.map((v) => v.unitId),
    );
    const prepared: {
      visitor: (typeof body.visitors)[number];
      id: string | null;
      phone: string | null;
      plan?: PreparedCase;
    }[] = [];
    for (const [i, v] of body.visitors.entries()) {
      const at = `visitors.${i}`;
      const who = `第 ${i + 1} 位来访人（${v.name}）`;
      let id: string | null = null;
      let phone: string | null = null;
      if (v.idNumber) {
        const r = validateIdCard(v.idNumber);
        if (r.ok) id = r.value;
        else issues.push({ path: `${at}.idNumber`, message: `${who}的身份证号码：${r.message}` });
      }
      if (v.phone) {
        const r = validatePhone(v.phone);
        if (r.ok) phone = r.value;
        else issues.push({ path: `${at}.phone`, message: `${who}的联系电话：${r.message}` });
      }
      if (v.unitId && !units.has(Number(v.unitId))) {
        issues.push({ path: `${at}.unitId`, message: `${who}的所属村（社区）不是本镇的村（社区）` });
      }
      prepared.push({ visitor: v, id, phone });
    }
    if (issues.length > 0) throw AppError.validation(issues);
    for (const [i, p] of prepared.entries()) {
      const v = p.visitor;
      if (v.outcome !== 'petition') continue;
      const at = `visitors.${i}`;
      try {
        p.plan = await this.deps.cases.prepareCreate(
          acc.cases,
          {
            type: 'petition',
            title: v.title || `${v.name}来访反映${v.matter.slice(0, 30)}`,
            ...(v.unitId ? { unitId: v.unitId } : {}),
            fields: {
              channel: 'visit',
              source: 'direct',
              receivedOn,
              category: v.category,
              field: v.field,
              summary: v.matter,
              requests: v.requests,
              peopleCount: v.peopleCount,
              ...(v.representatives?.length ? { representatives: v.representatives } : {}),
            },
            parties: [
              {
                role: 'petitioner',
                kind: 'person',
                name: v.name,
                ...(p.id ? { idNumber: p.id } : {}),
                ...(p.phone ? { phone: p.phone } : {}),
                ...(v.address ? { address: v.address } : {}),
                ...(v.unitId ? { unitId: v.unitId } : {}),
              },
            ],
            note: `领导接访时登记（接访领导：${leaderName ?? ''}）`,
          },
          now,
        );
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const where = `第 ${i + 1} 位来访人（${v.name}）`;
        throw new AppError(e.code, `${where}：${e.message}`, {
          ...(e.details ? { details: e.details } : {}),
          ...(e.fields
            ? {
                fields: e.fields.map((f) => ({ path: `${at}.${f.path.replace(/^fields\./, '')}`, message: f.message })),
              }
            : {}),
        });
      }
    }

    return db.transaction().execute(async (trx) => {
      if (slot) {
        // The partial unique index on slot_id settles two clerks recording the same slot at once.
        await trx.selectFrom('reception_slots').select('id').where('id', '=', slot.id).forUpdate().execute();
        const taken = await trx.selectFrom('receptions').select('id').where('slot_id', '=', slot.id).executeTakeFirst();
        if (taken) throw new AppError('CONFLICT', '该接访安排刚刚已被他人登记接访记录，请刷新后查看');
      }
      const r = await trx
        .insertInto('receptions')
        .values({
          town_id: townId,
          slot_id: slot?.id ?? null,
          leader_id: leaderId,
          received_on: receivedOn,
          place,
          note: body.note || null,
          created_by: acc.cases.auth.userId,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const createdCases: number[] = [];
      for (const [sort, p] of prepared.entries()) {
        const v = p.visitor;
        let partyId: number;
        let caseId: number | null = null;
        if (p.plan) {
          caseId = await this.deps.cases.insertPrepared(trx, p.plan, acc.cases, now, audit);
          createdCases.push(caseId);
          // The case's petitioner is the visitor: the same row of the party index.
          partyId = (
            await trx
              .selectFrom('case_parties')
              .select('party_id')
              .where('case_id', '=', caseId)
              .where('role', '=', 'petitioner')
              .orderBy('sort')
              .executeTakeFirstOrThrow()
          ).party_id;
        } else {
          // The same person as in their cases: one row of the town's party index.
          partyId = await upsertParty(
            trx,
            this.deps.cipher,
            townId,
            {
              kind: 'person',
              name: v.name,
              idNumber: p.id,
              phone: p.phone,
              address: v.address || null,
              unitId: v.unitId ? Number(v.unitId) : null,
            },
            now,
          );
        }
        await trx
          .insertInto('reception_visitors')
          .values({
            town_id: townId,
            reception_id: r.id,
            sort,
            party_id: partyId,
            name: v.name,
            people_count: v.peopleCount,
            unit_id: v.unitId ? Number(v.unitId) : null,
            matter: v.matter,
            outcome: v.outcome,
            answer: v.outcome === 'answered' ? v.answer : null,
            case_id: caseId,
          })
          .execute();
      }
      await appendAudit(
        trx,
        audit('reception.create', `reception:${r.id}`, {
          receivedOn,
          visitors: prepared.length,
          cases: createdCases,
        }),
      );
      return r.id;
    });
  }

  /** Villages and communities of the town among the given ids. */
  private async villages(townId: number, raw: (string | undefined)[]): Promise<Set<number>> {
    const ids = [...new Set(raw.filter((x): x is string => !!x).map(Number))];
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('org_units')
      .select('id')
      .where('id', 'in', ids)
      .where('town_id', '=', townId)
      .where('kind', 'in', ['village', 'community'])
      .execute();
    return new Set(rows.map((r) => r.id));
  }

  /** The reception with every visitor's full data, for the 接访登记表 (it goes on file, not on a list). */
  async receptionForDocument(acc: ReceptionAccess, id: number) {
    const view = await this.reception(acc, id);
    const people = await this.db
      .selectFrom('reception_visitors as v')
      .innerJoin('parties as p', 'p.id', 'v.party_id')
      .select(['v.id', 'p.id_enc', 'p.phone_enc', 'p.address'])
      .where('v.reception_id', '=', id)
      .execute();
    const town = await this.townNames(await this.townOf('receptions', id));
    const { cipher } = this.deps;
    // Decrypted only for users who may unmask (the route passes the map on only then).
    if (!acc.cases.canUnmask) return { view, full: new Map<string, never>(), town };
    const full = new Map(
      people.map((p) => [
        String(p.id),
        {
          idNumber: p.id_enc ? cipher.decrypt(p.id_enc) : null,
          phone: p.phone_enc ? cipher.decrypt(p.phone_enc) : null,
          address: p.address,
        },
      ]),
    );
    return { view, full, town };
  }

  private async townOf(table: 'receptions' | 'leader_visits', id: number): Promise<number> {
    return (await this.db.selectFrom(table).select('town_id').where('id', '=', id).executeTakeFirstOrThrow()).town_id;
  }

  async townNames(townId: number): Promise<{ name: string; fullName: string }> {
    const t = await this.db
      .selectFrom('org_units')
      .select(['name', 'parent_id'])
      .where('id', '=', townId)
      .executeTakeFirstOrThrow();
    const county = t.parent_id
      ? await this.db.selectFrom('org_units').select('name').where('id', '=', t.parent_id).executeTakeFirst()
      : undefined;
    return { name: t.name, fullName: `${county?.name ?? ''}${t.name}人民政府` };
  }

  // ---------------------------------------------------------------- visits

  async listVisits(acc: ReceptionAccess, q: VisitQuery): Promise<{ items: VisitView[]; canWrite: boolean }> {
    let query = this.db
      .selectFrom('leader_visits as v')
      .select('v.id')
      .where((eb) => visibleVisit(eb, acc));
    if (q.from) query = query.where('v.visited_on', '>=', q.from);
    if (q.to) query = query.where('v.visited_on', '<=', q.to);
    if (q.leaderId) query = query.where('v.leader_id', '=', Number(q.leaderId));
    if (q.unitId) query = query.where('v.unit_id', '=', Number(q.unitId));
    if (q.caseId) {
      // The visits of a case the reader can see: a case out of scope is a 404, not an empty list.
      const seen = await this.db
        .selectFrom('cases as c')
        .select('c.id')
        .where('c.id', '=', Number(q.caseId))
        .where((eb) => visibleCase(eb, acc.cases))
        .executeTakeFirst();
      if (!seen) throw AppError.notFound('案件');
      query = query.where(
        'v.id',
        'in',
        this.db.selectFrom('leader_visit_cases').select('visit_id').where('case_id', '=', Number(q.caseId)),
      );
    }
    const ids = (await query.orderBy('v.visited_on', 'desc').orderBy('v.id', 'desc').limit(LIST_LIMIT).execute()).map(
      (r) => r.id,
    );
    return { items: await this.visitViews(acc, ids), canWrite: acc.writeTowns.length > 0 };
  }

  async visit(acc: ReceptionAccess, id: number): Promise<VisitView> {
    const [view] = await this.visitViews(acc, [id]);
    if (!view) throw AppError.notFound('下访记录');
    return view;
  }

  private async visitViews(acc: ReceptionAccess, ids: number[]): Promise<VisitView[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
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
    if (rows.length === 0) return [];
    const links = await this.db
      .selectFrom('leader_visit_cases as lc')
      .select(['lc.visit_id', 'lc.case_id'])
      .where(
        'lc.visit_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    const caseIds = [...new Set(links.map((l) => l.case_id))];
    const cases = caseIds.length
      ? await this.db
          .selectFrom('cases as c')
          .select(['c.id', 'c.number', 'c.title', 'c.type', 'c.state'])
          .where('c.id', 'in', caseIds)
          .where((eb) => visibleCase(eb, acc.cases))
          .orderBy('c.id')
          .execute()
      : [];
    const caseOf = new Map(cases.map((c) => [c.id, c]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids
      .map((id) => byId.get(id))
      .filter((r): r is (typeof rows)[number] => !!r)
      .map((r) => {
        const mine = links.filter((l) => l.visit_id === r.id);
        const seen = mine.map((l) => caseOf.get(l.case_id)).filter((c): c is (typeof cases)[number] => !!c);
        return {
          id: String(r.id),
          leaderId: String(r.leader_id),
          leaderName: r.leader_name,
          visitedOn: r.visited_on,
          unitId: String(r.unit_id),
          unitName: r.unit_name,
          peopleMet: r.people_met,
          outcome: r.outcome,
          followUp: r.follow_up,
          cases: seen.map((c) => {
            const type = this.deps.registry.find(c.type)?.type;
            return {
              id: String(c.id),
              number: c.number,
              title: c.title,
              type: c.type,
              typeLabel: type?.label ?? c.type,
              stateLabel: type?.states[c.state]?.label ?? c.state,
            };
          }),
          otherCases: mine.length - seen.length,
          createdByName: r.created_by_name,
          version: r.version,
        };
      });
  }

  /** The cases to link: petitions or disputes of the visit's town that the writer can see. */
  private async checkCases(acc: ReceptionAccess, townId: number, raw: string[]): Promise<number[]> {
    const ids = [...new Set(raw.map(Number))];
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('cases as c')
      .select(['c.id', 'c.town_id', 'c.type'])
      .where('c.id', 'in', ids)
      .where((eb) => visibleCase(eb, acc.cases))
      .execute();
    const ok = new Map(rows.map((r) => [r.id, r]));
    const issues: FieldIssue[] = [];
    raw.forEach((x, i) => {
      const c = ok.get(Number(x));
      if (!c) issues.push({ path: `caseIds.${i}`, message: `所带案件（编号 ${x}）不存在或无权查看` });
      else if (c.town_id !== townId) issues.push({ path: `caseIds.${i}`, message: '所带案件须为本镇案件' });
      else if (!(VISIT_CASE_TYPES as readonly string[]).includes(c.type)) {
        issues.push({ path: `caseIds.${i}`, message: '只能带信访事项或矛盾纠纷案件下访' });
      }
    });
    if (issues.length > 0) throw AppError.validation(issues);
    return ids;
  }

  async createVisit(acc: ReceptionAccess, body: VisitBody, now: Date, audit: Auditor): Promise<number> {
    this.requireWriter(acc);
    const unit = await this.db
      .selectFrom('org_units')
      .select(['id', 'path', 'town_id', 'kind'])
      .where('id', '=', Number(body.unitId))
      .executeTakeFirst();
    if (!unit?.town_id || !['village', 'community'].includes(unit.kind)) {
      throw AppError.validation([{ path: 'unitId', message: '请选择下访的村（社区）' }]);
    }
    if (!acc.writeTowns.includes(unit.town_id)) {
      throw AppError.validation([{ path: 'unitId', message: '只能登记本镇村（社区）的下访' }]);
    }
    const townId = await this.leaderTown(acc, body.leaderId, 'leaderId', '下访领导');
    if (townId !== unit.town_id) throw AppError.validation([{ path: 'leaderId', message: '下访领导须为本镇领导' }]);
    if (body.visitedOn > shanghaiToday(now)) {
      throw AppError.validation([{ path: 'visitedOn', message: '下访日期不能晚于今天' }]);
    }
    const caseIds = await this.checkCases(acc, townId, body.caseIds);
    return this.db.transaction().execute(async (trx) => {
      const v = await trx
        .insertInto('leader_visits')
        .values({
          town_id: townId,
          leader_id: Number(body.leaderId),
          visited_on: body.visitedOn,
          unit_id: unit.id,
          unit_path: unit.path,
          people_met: body.peopleMet,
          outcome: body.outcome,
          follow_up: body.followUp || null,
          created_by: acc.cases.auth.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (caseIds.length > 0) {
        await trx
          .insertInto('leader_visit_cases')
          .values(caseIds.map((c) => ({ visit_id: v.id, case_id: c, town_id: townId })))
          .execute();
      }
      await appendAudit(trx, audit('visit.create', `leader-visit:${v.id}`, { visitedOn: body.visitedOn, caseIds }));
      return v.id;
    });
  }

  async updateVisit(acc: ReceptionAccess, id: number, body: VisitUpdate, now: Date, audit: Auditor): Promise<void> {
    this.requireWriter(acc);
    const current = await this.db
      .selectFrom('leader_visits as v')
      .select(['v.town_id', 'v.version'])
      .where('v.id', '=', id)
      .where((eb) => visibleVisit(eb, acc))
      .executeTakeFirst();
    this.writableTown(acc, current?.town_id ?? 0, !!current, '下访记录');
    if (!current) return;
    const caseIds = body.caseIds ? await this.checkCases(acc, current.town_id, body.caseIds) : undefined;
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('leader_visits')
        .set({
          ...(body.peopleMet ? { people_met: body.peopleMet } : {}),
          ...(body.outcome ? { outcome: body.outcome } : {}),
          ...(body.followUp !== undefined ? { follow_up: body.followUp || null } : {}),
          version: body.version + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', body.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        throw new AppError('VERSION_CONFLICT', '此下访记录已被他人修改，请刷新后重试');
      }
      if (caseIds) {
        // Links the writer cannot see stay as they are: nobody removes what they cannot see.
        const hidden = await trx
          .selectFrom('leader_visit_cases as lc')
          .select('lc.case_id')
          .where('lc.visit_id', '=', id)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('cases as c')
                  .select('c.id')
                  .whereRef('c.id', '=', 'lc.case_id')
                  .where((e2) => visibleCase(e2, acc.cases)),
              ),
            ),
          )
          .execute();
        await trx.deleteFrom('leader_visit_cases').where('visit_id', '=', id).execute();
        const all = [...new Set([...caseIds, ...hidden.map((h) => h.case_id)])];
        if (all.length > 0) {
          await trx
            .insertInto('leader_visit_cases')
            .values(all.map((c) => ({ visit_id: id, case_id: c, town_id: current.town_id })))
            .execute();
        }
      }
      // 接谈群众 and 化解情况 are free text naming people: the audit lists the fields changed.
      await appendAudit(
        trx,
        audit('visit.update', `leader-visit:${id}`, { ...changedFields(body), caseIds: body.caseIds }),
      );
    });
  }

  async visitTown(id: number): Promise<number> {
    return this.townOf('leader_visits', id);
  }
}

function slotView(r: {
  id: number;
  leader_id: number;
  leader_name: string;
  on_date: string;
  starts_at: string;
  ends_at: string;
  place: string;
  topic: string | null;
  published: boolean;
  cancelled: boolean;
  version: number;
  reception_id: number | null;
}): ReceptionSlotView {
  return {
    id: String(r.id),
    leaderId: String(r.leader_id),
    leaderName: r.leader_name,
    onDate: r.on_date,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place,
    topic: r.topic,
    published: r.published,
    cancelled: r.cancelled,
    state: r.cancelled ? 'cancelled' : r.reception_id !== null ? 'held' : 'planned',
    receptionId: r.reception_id === null ? null : String(r.reception_id),
    version: r.version,
  };
}

const shanghaiToday = shanghaiDate;

/** The names of the fields an update changed (not their values, which may be personal data). */
function changedFields(body: Record<string, unknown>): { fields: string[] } {
  return { fields: Object.keys(body).filter((k) => k !== 'version' && body[k] !== undefined) };
}
