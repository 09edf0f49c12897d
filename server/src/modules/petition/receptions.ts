/**
 * 开门接访 and 带案下访 (信访工作条例 art 18 ¶1: leaders 定期接待群众来访、定期下访; art 18
 * ¶2: they take prominent cases in hand). A reception schedule, the receptions held with
 * what each visitor brought, and visits to villages with the cases taken along.
 *
 * Who sees and writes what: reception-access.ts; the SQL: reception-repository.ts.
 *
 * Visitors are rows of the party index (parties): the ID and phone numbers are stored only
 * as ciphertext with their lookup hash and masked form, and a visitor with an ID number is
 * the same person as in their mediation cases and petitions. Every visitor's matter becomes a
 * petition through CaseService (channel 走访, arts 21 and 23 ¶1), in the same transaction as
 * the reception, so every clock and notice applies and a failure leaves nothing behind; one
 * answered on the spot then gets its written notice and is closed (art 23 ¶2).
 */
import { AppError, type FieldIssue, shanghaiDate, validateIdCard, validatePhone } from '@fazhi/domain';
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
import type { z } from 'zod';
import { upsertParty } from '../../cases/parties.ts';
import type { CaseRegistry } from '../../cases/registry.ts';
import { casePartyId, findUnit, townInfo, userNames } from '../../cases/repository.ts';
import type { Auditor, CaseService, PreparedCase } from '../../cases/service.ts';
import type { Db } from '../../db/index.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import type { ReceptionAccess } from './reception-access.ts';
import * as repo from './reception-repository.ts';
import { type Range, visibleCasesBrief } from './reception-repository.ts';

type SlotBody = z.output<typeof ReceptionSlotBodySchema>;
type SlotUpdate = z.output<typeof ReceptionSlotUpdateSchema>;
type ReceptionBody = z.output<typeof ReceptionCreateBodySchema>;
type VisitBody = z.output<typeof VisitBodySchema>;
type VisitUpdate = z.output<typeof VisitUpdateSchema>;
type VisitQuery = z.output<typeof VisitListQuerySchema>;

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
    const towns = (await repo.leaderTowns(this.db, Number(raw))).filter((t) => acc.writeTowns.includes(t));
    if (towns.length === 0) {
      throw AppError.validation([{ path: field, message: `${label}须为本镇在职的镇领导` }]);
    }
    return towns[0]!;
  }

  // ---------------------------------------------------------------- schedule

  async listSlots(acc: ReceptionAccess, q: Range): Promise<{ items: ReceptionSlotView[]; canWrite: boolean }> {
    const rows = await repo.listSlots(this.db, acc, q, LIST_LIMIT);
    return { items: rows.map(slotView), canWrite: acc.writeTowns.length > 0 };
  }

  async slot(acc: ReceptionAccess, id: number): Promise<ReceptionSlotView> {
    const row = await repo.slotById(this.db, acc, id);
    if (!row) throw AppError.notFound('接访安排');
    return slotView(row);
  }

  async createSlot(acc: ReceptionAccess, body: SlotBody, now: Date, audit: Auditor): Promise<number> {
    this.requireWriter(acc);
    const townId = await this.leaderTown(acc, body.leaderId, 'leaderId', '接访领导');
    return this.db.transaction().execute(async (trx) => {
      const slotId = await repo.insertSlot(trx, {
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
      });
      await appendAudit(trx, audit('reception.slot.create', `reception-slot:${slotId}`, { onDate: body.onDate }));
      return slotId;
    });
  }

  async updateSlot(acc: ReceptionAccess, id: number, body: SlotUpdate, now: Date, audit: Auditor): Promise<void> {
    this.requireWriter(acc);
    const current = await repo.slotById(this.db, acc, id);
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
      const updated = await repo.updateSlot(trx, id, body.version, {
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
      });
      if (!updated) {
        throw new AppError('VERSION_CONFLICT', '此接访安排已被他人修改，请刷新后重试');
      }
      await appendAudit(trx, audit('reception.slot.update', `reception-slot:${id}`, changedFields(body)));
    });
  }

  // ---------------------------------------------------------------- receptions

  async listReceptions(acc: ReceptionAccess, q: Range): Promise<{ items: ReceptionView[]; canWrite: boolean }> {
    const ids = await repo.receptionIds(this.db, acc, q, LIST_LIMIT);
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
    const rows = await repo.receptionRows(this.db, acc, ids);
    if (rows.length === 0) return [];
    const visitors = await repo.receptionVisitors(
      this.db,
      rows.map((r) => r.id),
    );
    // The petition's number and state only where the reader may see the case itself.
    const caseIds = visitors.map((v) => v.case_id).filter((c): c is number => c !== null);
    const cases = await visibleCasesBrief(this.db, acc.cases, caseIds);
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
      const s = await repo.slotById(db, acc, Number(body.slotId));
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
    const leaderName = (await userNames(db, [leaderId])).get(leaderId);

    // Every visitor checked (and every petition prepared) before anything is written.
    const issues: FieldIssue[] = [];
    const answeredCases: { caseId: number; answer: string }[] = [];
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
    // Every visit is registered as a petition (arts 21, 23 ¶1 "应当予以登记"), so the year's
    // 信访 figures count it; one answered on the spot is then closed with its notice (below).
    for (const [i, p] of prepared.entries()) {
      const v = p.visitor;
      const at = `visitors.${i}`;
      const answered = v.outcome === 'answered';
      try {
        p.plan = await this.deps.cases.prepareCreate(
          acc.cases,
          {
            type: 'petition',
            title: (!answered && v.title) || `${v.name}来访反映${v.matter.slice(0, 30)}`,
            ...(v.unitId ? { unitId: v.unitId } : {}),
            fields: {
              channel: 'visit',
              source: 'direct',
              receivedOn,
              category: v.category ?? 'claim',
              field: v.field || '领导接访',
              summary: v.matter,
              requests: answered ? v.matter : v.requests,
              peopleCount: v.peopleCount,
              ...(!answered && v.representatives?.length ? { representatives: v.representatives } : {}),
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

    const receptionId = await db.transaction().execute(async (trx) => {
      if (slot) {
        if (await repo.lockSlotTaken(trx, slot.id))
          throw new AppError('CONFLICT', '该接访安排刚刚已被他人登记接访记录，请刷新后查看');
      }
      const receptionId = await repo.insertReception(trx, {
        town_id: townId,
        slot_id: slot?.id ?? null,
        leader_id: leaderId,
        received_on: receivedOn,
        place,
        note: body.note || null,
        created_by: acc.cases.auth.userId,
        created_at: now,
      });
      const createdCases: number[] = [];
      for (const [sort, p] of prepared.entries()) {
        const v = p.visitor;
        let partyId: number;
        let caseId: number | null = null;
        if (p.plan) {
          caseId = await this.deps.cases.insertPrepared(trx, p.plan, acc.cases, now, audit);
          createdCases.push(caseId);
          if (v.outcome === 'answered') answeredCases.push({ caseId, answer: v.answer });
          // The case's petitioner is the visitor: the same row of the party index.
          partyId = await casePartyId(trx, caseId, 'petitioner');
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
        await repo.insertVisitor(trx, {
          town_id: townId,
          reception_id: receptionId,
          sort,
          party_id: partyId,
          name: v.name,
          people_count: v.peopleCount,
          unit_id: v.unitId ? Number(v.unitId) : null,
          matter: v.matter,
          outcome: v.outcome,
          answer: v.outcome === 'answered' ? v.answer : null,
          case_id: caseId,
        });
      }
      await appendAudit(
        trx,
        audit('reception.create', `reception:${receptionId}`, {
          receivedOn,
          visitors: prepared.length,
          cases: createdCases,
        }),
      );
      return receptionId;
    });
    // The written notice and the answer, through the case service like any step. They follow
    // the reception's transaction (the case service runs its own); should one fail, the case
    // stays registered with its 15-day clock running, on the 信访办's inbox to finish by hand.
    for (const a of answeredCases) await this.answerOnSpot(acc, a.caseId, a.answer, now, audit);
    return receptionId;
  }

  /** Art 23 ¶2: the 当场答复告知书, then the case closed as answered on the spot. */
  private async answerOnSpot(acc: ReceptionAccess, caseId: number, answer: string, now: Date, audit: Auditor) {
    const version = async () =>
      (await this.db.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow()).version;
    await this.deps.cases.issueDocument(
      acc.cases,
      caseId,
      { version: await version(), kind: 'on_spot_notice', input: { answer } },
      now,
      audit,
    );
    await this.deps.cases.act(
      acc.cases,
      caseId,
      'answer_on_spot',
      { version: await version(), input: { answer } },
      now,
      audit,
    );
  }

  /** Villages and communities of the town among the given ids. */
  private async villages(townId: number, raw: (string | undefined)[]): Promise<Set<number>> {
    const ids = [...new Set(raw.filter((x): x is string => !!x).map(Number))];
    return repo.villagesOf(this.db, townId, ids);
  }

  /** The reception with every visitor's full data, for the 接访登记表 (it goes on file, not on a list). */
  async receptionForDocument(acc: ReceptionAccess, id: number) {
    const view = await this.reception(acc, id);
    const people = await repo.receptionVisitorsSealed(this.db, id);
    const town = await this.townNames(await repo.townOf(this.db, 'receptions', id));
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

  async townNames(townId: number): Promise<{ name: string; fullName: string }> {
    const t = await townInfo(this.db, townId);
    return { name: t.name, fullName: t.fullName };
  }

  // ---------------------------------------------------------------- visits

  async listVisits(acc: ReceptionAccess, q: VisitQuery): Promise<{ items: VisitView[]; canWrite: boolean }> {
    if (q.caseId) {
      // The visits of a case the reader can see: a case out of scope is a 404, not an empty list.
      const seen = await visibleCasesBrief(this.db, acc.cases, [Number(q.caseId)]);
      if (seen.length === 0) throw AppError.notFound('案件');
    }
    const ids = await repo.visitIds(this.db, acc, q, LIST_LIMIT);
    return { items: await this.visitViews(acc, ids), canWrite: acc.writeTowns.length > 0 };
  }

  async visit(acc: ReceptionAccess, id: number): Promise<VisitView> {
    const [view] = await this.visitViews(acc, [id]);
    if (!view) throw AppError.notFound('下访记录');
    return view;
  }

  private async visitViews(acc: ReceptionAccess, ids: number[]): Promise<VisitView[]> {
    if (ids.length === 0) return [];
    const rows = await repo.visitRows(this.db, acc, ids);
    if (rows.length === 0) return [];
    const links = await repo.visitLinks(
      this.db,
      rows.map((r) => r.id),
    );
    const cases = await visibleCasesBrief(this.db, acc.cases, [...new Set(links.map((l) => l.case_id))]);
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
    const rows = await visibleCasesBrief(this.db, acc.cases, ids);
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
    const unit = await findUnit(this.db, Number(body.unitId));
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
      const visitId = await repo.insertVisit(trx, {
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
      });
      await repo.linkVisitCases(trx, visitId, townId, caseIds);
      await appendAudit(trx, audit('visit.create', `leader-visit:${visitId}`, { visitedOn: body.visitedOn, caseIds }));
      return visitId;
    });
  }

  async updateVisit(acc: ReceptionAccess, id: number, body: VisitUpdate, now: Date, audit: Auditor): Promise<void> {
    this.requireWriter(acc);
    const current = await repo.visitById(this.db, acc, id);
    this.writableTown(acc, current?.town_id ?? 0, !!current, '下访记录');
    if (!current) return;
    const caseIds = body.caseIds ? await this.checkCases(acc, current.town_id, body.caseIds) : undefined;
    await this.db.transaction().execute(async (trx) => {
      const updated = await repo.updateVisit(trx, id, body.version, {
        ...(body.peopleMet ? { people_met: body.peopleMet } : {}),
        ...(body.outcome ? { outcome: body.outcome } : {}),
        ...(body.followUp !== undefined ? { follow_up: body.followUp || null } : {}),
        version: body.version + 1,
        updated_at: now,
      });
      if (!updated) {
        throw new AppError('VERSION_CONFLICT', '此下访记录已被他人修改，请刷新后重试');
      }
      if (caseIds) {
        // Links the writer cannot see stay as they are: nobody removes what they cannot see.
        const hidden = await repo.hiddenVisitCases(trx, acc.cases, id);
        await repo.unlinkVisitCases(trx, id);
        await repo.linkVisitCases(trx, id, current.town_id, [...new Set([...caseIds, ...hidden])]);
      }
      // 接谈群众 and 化解情况 are free text naming people: the audit lists the fields changed.
      await appendAudit(
        trx,
        audit('visit.update', `leader-visit:${id}`, { ...changedFields(body), caseIds: body.caseIds }),
      );
    });
  }

  async visitTown(id: number): Promise<number> {
    return repo.townOf(this.db, 'leader_visits', id);
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
