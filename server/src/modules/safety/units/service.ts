/**
 * The register of production and business units (生产经营单位, 安全生产法 arts 9, 62) and the
 * unit's overview (单位详情). Every write is checked, versioned and audited in one transaction
 * with its audit row. The contacts' phones are kept as parties' are (platform/crypto.ts):
 * AES-GCM ciphertext and a masked copy; the full number goes only to the register's writers
 * (安监办 of the town), who call the unit, and the masked copy to everyone else.
 */
import { AppError, type FieldIssue, maskPhone, shanghaiDate } from '@fazhi/domain';
import {
  type LicenceView,
  licenceStatus,
  type UnitCreateBodySchema,
  type UnitList,
  type UnitListQuerySchema,
  type UnitOverview,
  type UnitUpdateBodySchema,
  type UnitView,
} from '@fazhi/domain/api/safety-units';
import { closureFlag } from '@fazhi/domain/safety/closure';
import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { caseAccess } from '../../../cases/access.ts';
import type { CaseRegistry } from '../../../cases/registry.ts';
import type { Db } from '../../../db/index.ts';
import type { SafetyLicence, SafetyUnitsTable } from '../../../db/schema.ts';
import { type Auditor, appendAudit } from '../../../platform/audit.ts';
import type { PiiCipher } from '../../../platform/crypto.ts';
import { readTown, requireWriter, seesUnit, type UnitAccess, villagesIn, writeTown } from './access.ts';
import * as repo from './repository.ts';

export type UnitCreate = z.output<typeof UnitCreateBodySchema>;
type UnitUpdate = z.output<typeof UnitUpdateBodySchema>;
type ListQuery = z.output<typeof UnitListQuerySchema>;

export const CREDIT_TAKEN = (code: string, name: string) =>
  new AppError('CONFLICT', `统一社会信用代码“${code}”已登记在本镇生产经营单位“${name}”名下`, {
    fields: [{ path: 'creditCode', message: `统一社会信用代码已登记（${name}）` }],
  });

/** A unique index caught at commit (two writers at once): the same 409 as the check before it. */
export function isCreditViolation(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && err.constraint === 'safety_units_credit_code';
}

const unprocessable = (issues: FieldIssue[]) =>
  new AppError('UNPROCESSABLE', issues.map((i) => i.message).join('；'), { fields: issues });

const STATUS_RANK = { valid: 0, expiring: 1, expired: 2 } as const;

export class UnitService {
  constructor(private readonly deps: { db: Db; cipher: PiiCipher; registry: CaseRegistry }) {}

  private get db() {
    return this.deps.db;
  }

  view(r: repo.UnitRow, full: boolean, today: string): UnitView {
    const phone = (enc: string | null, masked: string | null) =>
      full ? (enc ? this.deps.cipher.decrypt(enc) : null) : masked;
    const licences: LicenceView[] = licencesRead(r.licences).map((l) => ({
      name: l.name,
      no: l.no,
      validUntil: l.validUntil ?? null,
      status: licenceStatus(l.validUntil, today),
    }));
    return {
      id: String(r.id),
      townId: String(r.town_id),
      villageId: r.village_id === null ? null : String(r.village_id),
      villageName: r.village_name ?? null,
      name: r.name,
      creditCode: r.credit_code,
      address: r.address,
      industry: r.industry,
      size: r.size,
      riskClass: r.risk_class,
      principalName: r.principal_name,
      principalPhone: phone(r.principal_phone_enc, r.principal_phone_masked),
      safetyOfficerName: r.safety_officer_name,
      safetyOfficerPhone: phone(r.safety_officer_phone_enc, r.safety_officer_phone_masked),
      phonesMasked: !full,
      licences,
      licenceStatus: licences.reduce<LicenceView['status']>(
        (w, l) => (STATUS_RANK[l.status] > STATUS_RANK[w] ? l.status : w),
        'valid',
      ),
      active: r.active,
      version: r.version,
      openHazards: Number(r.open_hazards ?? 0),
      lastInspectedOn: r.last_inspected_on ?? null,
    };
  }

  async list(acc: UnitAccess, q: ListQuery, now: Date): Promise<UnitList> {
    const town = readTown(acc, q.townId);
    const villageIds = villagesIn(acc, town.id);
    const today = shanghaiDate(now);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const all = await repo.villages(this.db, town.id);
    const villages = villageIds === null ? all : all.filter((v) => villageIds.includes(v.id));
    // A village outside the reader's reach filters to nothing, as if it had no units.
    const villageId = q.villageId === undefined ? undefined : Number(q.villageId);
    const { total, rows } = await repo.list(
      this.db,
      {
        townId: town.id,
        villageIds,
        villageId,
        industry: q.industry,
        risk: q.risk,
        q: q.q,
        status: q.status ?? 'active',
      },
      (page - 1) * pageSize,
      pageSize,
    );
    const canWrite = acc.writeTowns.includes(town.id);
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      villages: villages.map((v) => ({ id: String(v.id), name: v.name })),
      canWrite,
      today,
      total,
      page,
      pageSize,
      items: rows.map((r) => this.view(r, canWrite, today)),
    };
  }

  /** The unit if the user sees it, else 404. */
  private async visible(acc: UnitAccess, id: number): Promise<repo.UnitRow> {
    const row = await repo.unit(this.db, id);
    if (!row || !seesUnit(acc, row)) throw AppError.notFound('生产经营单位');
    return row;
  }

  async get(acc: UnitAccess, id: number, now: Date): Promise<UnitView> {
    const row = await this.visible(acc, id);
    return this.view(row, acc.writeTowns.includes(row.town_id), shanghaiDate(now));
  }

  async overview(acc: UnitAccess, id: number, now: Date): Promise<UnitOverview> {
    const row = await this.visible(acc, id);
    const today = shanghaiDate(now);
    const canWrite = acc.writeTowns.includes(row.town_id);
    const [inspections, hazards, villages] = await Promise.all([
      repo.inspections(this.db, row.town_id, id),
      repo.hazards(this.db, row.town_id, id),
      canWrite ? repo.villages(this.db, row.town_id) : Promise.resolve([]),
    ]);
    const penalties = await repo.penaltiesOf(
      this.db,
      row.town_id,
      hazards.map((h) => Number(h.id)),
    );
    const access = await caseAccess(this.db, acc.auth, this.deps.registry);
    const open = await repo.visibleCaseIds(this.db, access, [
      ...hazards.map((h) => Number(h.id)),
      ...penalties.map((p) => Number(p.id)),
    ]);
    const label = (type: string, state: string) => this.deps.registry.find(type)?.type.states[state]?.label ?? state;
    const hazardById = new Map(hazards.map((h) => [Number(h.id), h]));
    const penaltyViews = penalties.map((p) => {
      const h = hazardById.get(Number(p.hazard_id))!;
      return {
        id: String(p.id),
        number: p.number,
        title: p.title,
        state: p.state,
        stateLabel: label('penalty', p.state),
        terminal: p.terminal,
        canOpen: open.has(Number(p.id)),
        hazardId: String(p.hazard_id),
        hazardNumber: h.number,
        major: h.level === 'major',
        decidedOn: p.decided_on,
      };
    });
    // Art 113 (一) counts penalties decided for major hazards (重大事故隐患).
    const closure = closureFlag(
      penaltyViews.filter((p) => p.major && p.decidedOn).map((p) => p.decidedOn!),
      now,
    );
    return {
      unit: this.view(row, canWrite, today),
      canWrite,
      today,
      villages: villages.map((v) => ({ id: String(v.id), name: v.name })),
      inspections: inspections.map((i) => ({
        id: String(i.id),
        inspectedOn: i.inspected_on,
        kind: i.kind,
        place: i.place,
        findings: i.findings,
        actionTaken: i.action_taken,
      })),
      hazards: hazards.map((h) => ({
        id: String(h.id),
        number: h.number,
        title: h.title,
        state: h.state,
        stateLabel: label('hazard', h.state),
        terminal: h.terminal,
        canOpen: open.has(Number(h.id)),
        level: h.level,
        foundOn: h.found_on,
        description: h.description,
        closedOn: h.closed_on,
      })),
      penalties: penaltyViews,
      closure: { rule: closure.rule, dates: closure.dates, reason: closure.reason },
    };
  }

  /** The villageId must name a village or community of the town. */
  async checkVillage(townId: number, villageId: string | null | undefined): Promise<void> {
    if (villageId == null) return;
    const vs = await repo.villages(this.db, townId);
    if (!vs.some((v) => v.id === Number(villageId))) {
      throw unprocessable([{ path: 'villageId', message: '所在村（社区）不是本镇的村或社区' }]);
    }
  }

  /** The row to insert for a checked body (the import uses it too). */
  values(townId: number, b: UnitCreate, userId: number, now: Date) {
    const cipher = this.deps.cipher;
    return {
      town_id: townId,
      village_id: b.villageId == null ? null : Number(b.villageId),
      name: b.name,
      credit_code: b.creditCode,
      address: b.address,
      industry: b.industry,
      size: b.size,
      risk_class: b.riskClass,
      principal_name: b.principalName,
      principal_phone_enc: b.principalPhone ? cipher.encrypt(b.principalPhone) : null,
      principal_phone_masked: b.principalPhone ? maskPhone(b.principalPhone) : null,
      safety_officer_name: b.safetyOfficerName ?? null,
      safety_officer_phone_enc: b.safetyOfficerPhone ? cipher.encrypt(b.safetyOfficerPhone) : null,
      safety_officer_phone_masked: b.safetyOfficerPhone ? maskPhone(b.safetyOfficerPhone) : null,
      licences: repo.licencesJson(licencesOf(b.licences)),
      created_by: userId,
      created_at: now,
      updated_at: now,
    };
  }

  async create(acc: UnitAccess, b: UnitCreate, now: Date, audit: Auditor): Promise<UnitView> {
    const townId = writeTown(acc, b.townId);
    await this.checkVillage(townId, b.villageId);
    const taken = await repo.creditTaken(this.db, townId, b.creditCode);
    if (taken) throw CREDIT_TAKEN(b.creditCode, taken.name);
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        const id = await repo.insert(trx, this.values(townId, b, acc.auth.userId, now));
        await appendAudit(
          trx,
          audit('safety.unit.create', `safety-unit:${id}`, { name: b.name, creditCode: b.creditCode }),
        );
        return id;
      })
      .catch((e: unknown) => {
        if (isCreditViolation(e)) throw CREDIT_TAKEN(b.creditCode, '另一单位');
        throw e;
      });
    return this.get(acc, id, now);
  }

  private async writable(acc: UnitAccess, id: number): Promise<repo.UnitRow> {
    requireWriter(acc);
    const row = await this.visible(acc, id);
    if (!acc.writeTowns.includes(row.town_id)) throw new AppError('FORBIDDEN', '您的角色无权维护该乡镇的生产经营单位');
    return row;
  }

  async update(acc: UnitAccess, id: number, b: UnitUpdate, now: Date, audit: Auditor): Promise<UnitView> {
    const row = await this.writable(acc, id);
    if (b.villageId !== undefined) await this.checkVillage(row.town_id, b.villageId);
    if (b.creditCode !== undefined) {
      const taken = await repo.creditTaken(this.db, row.town_id, b.creditCode, id);
      if (taken) throw CREDIT_TAKEN(b.creditCode, taken.name);
    }
    const cipher = this.deps.cipher;
    const phoneSet = (p: string | null | undefined, enc: 'principal' | 'safety_officer') =>
      p === undefined
        ? {}
        : {
            [`${enc}_phone_enc`]: p ? cipher.encrypt(p) : null,
            [`${enc}_phone_masked`]: p ? maskPhone(p) : null,
          };
    const set: Updateable<SafetyUnitsTable> = {
      ...(b.villageId !== undefined ? { village_id: b.villageId === null ? null : Number(b.villageId) } : {}),
      ...(b.name !== undefined ? { name: b.name } : {}),
      ...(b.creditCode !== undefined ? { credit_code: b.creditCode } : {}),
      ...(b.address !== undefined ? { address: b.address } : {}),
      ...(b.industry !== undefined ? { industry: b.industry } : {}),
      ...(b.size !== undefined ? { size: b.size } : {}),
      ...(b.riskClass !== undefined ? { risk_class: b.riskClass } : {}),
      ...(b.principalName !== undefined ? { principal_name: b.principalName } : {}),
      ...phoneSet(b.principalPhone, 'principal'),
      ...(b.safetyOfficerName !== undefined ? { safety_officer_name: b.safetyOfficerName } : {}),
      ...phoneSet(b.safetyOfficerPhone, 'safety_officer'),
      ...(b.licences !== undefined ? { licences: repo.licencesJson(licencesOf(b.licences)) } : {}),
      updated_at: now,
    };
    // The audit names what changed, never the phone numbers themselves.
    const changed = Object.keys(b).filter((k) => k !== 'version');
    await this.save(id, b.version, set, audit('safety.unit.update', `safety-unit:${id}`, { name: row.name, changed }));
    return this.get(acc, id, now);
  }

  /** 注销 (closed, moved away) or 恢复: kept in the register, out of the plan and the lists. */
  async setActive(
    acc: UnitAccess,
    id: number,
    active: boolean,
    version: number,
    now: Date,
    audit: Auditor,
  ): Promise<UnitView> {
    const row = await this.writable(acc, id);
    if (row.active === active) {
      throw new AppError('CONFLICT', active ? '该单位在册，无需恢复' : '该单位已注销');
    }
    await this.save(
      id,
      version,
      { active, updated_at: now },
      audit(active ? 'safety.unit.reactivate' : 'safety.unit.deactivate', `safety-unit:${id}`, { name: row.name }),
    );
    return this.get(acc, id, now);
  }

  private async save(id: number, version: number, set: Updateable<SafetyUnitsTable>, entry: ReturnType<Auditor>) {
    await this.db
      .transaction()
      .execute(async (trx) => {
        if (!(await repo.update(trx, id, version, set))) {
          throw new AppError('VERSION_CONFLICT', '该单位信息已被他人修改，请刷新后重试');
        }
        await appendAudit(trx, entry);
      })
      .catch((e: unknown) => {
        if (isCreditViolation(e)) throw CREDIT_TAKEN(String(set.credit_code ?? ''), '另一单位');
        throw e;
      });
  }
}

function licencesRead(v: unknown): SafetyLicence[] {
  return Array.isArray(v) ? (v as SafetyLicence[]) : [];
}

function licencesOf(ls: UnitCreate['licences']) {
  return (ls ?? []).map((l) => ({ name: l.name, no: l.no, validUntil: l.validUntil ?? null }));
}
