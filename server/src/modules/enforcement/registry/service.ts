/**
 * The enforcement register: the town's officers with their 执法证 (行政处罚法 arts 42, 55: only
 * a certified officer may act) and its powers list (权责清单) with the discretion benchmark.
 * Every write is checked, versioned and audited in one transaction with its audit row.
 */
import { AppError, type CertifiedOfficer, expiringCertificates, type FieldIssue, shanghaiDate } from '@fazhi/domain';
import {
  type OfficerCreateBodySchema,
  type OfficerList,
  type OfficerUpdateBodySchema,
  type OfficerView,
  type PowerCreateBodySchema,
  type PowerList,
  type PowerUpdateBodySchema,
  type PowerView,
  powerProblems,
} from '@fazhi/domain/api/enforcement';
import type { z } from 'zod';
import type { Db } from '../../../db/index.ts';
import type { DiscretionLevel } from '../../../db/schema.ts';
import { type Auditor, appendAudit, registerEditAction } from '../../../platform/audit.ts';
import { type RegisterAccess, readTown, requireWriter, writeTown } from './access.ts';
import * as repo from './repository.ts';

type OfficerCreate = z.output<typeof OfficerCreateBodySchema>;
type OfficerUpdate = z.output<typeof OfficerUpdateBodySchema>;
type PowerCreate = z.output<typeof PowerCreateBodySchema>;
type PowerUpdate = z.output<typeof PowerUpdateBodySchema>;

const CERT_TAKEN = (no: string) =>
  new AppError('CONFLICT', `执法证号“${no}”已登记在本镇其他执法人员名下`, {
    fields: [{ path: 'certNo', message: '执法证号已被本镇其他执法人员使用' }],
  });
const CODE_TAKEN = (code: string) =>
  new AppError('CONFLICT', `事项编码“${code}”已在本镇权责清单中使用`, {
    fields: [{ path: 'code', message: '事项编码已被使用' }],
  });

/** A unique index caught at commit (two writers at once): the same 409 as the check before it. */
function isUniqueViolation(e: unknown, index: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && err.constraint === index;
}

const num = (v: string | null): number | null => (v === null ? null : Number(v));

export function certifiedOf(r: repo.OfficerRow): CertifiedOfficer {
  return {
    id: Number(r.id),
    name: r.name,
    certNo: r.cert_no,
    fields: r.cert_fields,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    reviewer: r.reviewer,
    legalQualification: r.legal_qualification,
    active: r.active,
  };
}

function officerView(r: repo.OfficerRow, expiring: ReadonlySet<number>, today: string): OfficerView {
  return {
    id: String(r.id),
    townId: String(r.town_id),
    name: r.name,
    userId: r.user_id === null ? null : String(r.user_id),
    userName: r.user_name ?? null,
    certNo: r.cert_no,
    certIssuer: r.cert_issuer,
    fields: r.cert_fields,
    validFrom: r.valid_from,
    validUntil: r.valid_until,
    reviewer: r.reviewer,
    legalQualification: r.legal_qualification,
    active: r.active,
    certificate: r.valid_until < today ? 'expired' : expiring.has(Number(r.id)) ? 'expiring' : 'valid',
    version: r.version,
  };
}

export function powerView(r: repo.PowerRow): PowerView {
  return {
    id: String(r.id),
    townId: String(r.town_id),
    code: r.code,
    field: r.field,
    matter: r.matter,
    violatedBasis: r.violated_basis,
    penaltyBasis: r.penalty_basis,
    penaltyRange: r.penalty_range,
    fineMin: num(r.fine_min),
    fineMax: num(r.fine_max),
    delegated: r.delegated,
    delegatedBy: r.delegated_by,
    discretion: r.discretion.map((l) => ({
      level: l.level,
      circumstances: l.circumstances,
      fineMin: l.fineMin ?? null,
      fineMax: l.fineMax ?? null,
    })),
    active: r.active,
    version: r.version,
  };
}

const unprocessable = (issues: FieldIssue[]) =>
  new AppError('UNPROCESSABLE', issues.map((i) => i.message).join('；'), { fields: issues });

export class RegisterService {
  constructor(private readonly deps: { db: Db }) {}

  private get db() {
    return this.deps.db;
  }

  // ── officers ────────────────────────────────────────────────────────────────────────

  async listOfficers(acc: RegisterAccess, townId: string | undefined, now: Date): Promise<OfficerList> {
    const town = readTown(acc, townId);
    const today = shanghaiDate(now);
    const rows = await repo.officers(this.db, town.id);
    const expiring = expiringCertificates(rows.map(certifiedOf), today);
    const ids = new Set(expiring.map((o) => o.id));
    const items = rows.map((r) => officerView(r, ids, today));
    const byId = new Map(items.map((v) => [Number(v.id), v]));
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      canWrite: acc.writeTowns.includes(town.id),
      today,
      items,
      expiring: expiring.map((o) => byId.get(o.id)!),
    };
  }

  async officerUsers(acc: RegisterAccess, townId: string | undefined) {
    const town = writeTown(acc, townId);
    const rows = await repo.townUsers(this.db, town);
    return rows.map((r) => ({ id: String(r.id), name: r.display_name, unit: r.unit }));
  }

  private async officerIn(acc: RegisterAccess, id: number, now: Date): Promise<OfficerView> {
    const row = await repo.officer(this.db, id);
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('执法人员');
    const today = shanghaiDate(now);
    const expiring = new Set(expiringCertificates([certifiedOf(row)], today).map((o) => o.id));
    return officerView(row, expiring, today);
  }

  private async checkUser(townId: number, userId: string | null | undefined) {
    if (userId == null) return;
    if (!(await repo.userInTown(this.db, townId, Number(userId)))) {
      throw unprocessable([{ path: 'userId', message: '关联账号不是本镇的用户' }]);
    }
  }

  async createOfficer(acc: RegisterAccess, b: OfficerCreate, now: Date, audit: Auditor): Promise<OfficerView> {
    const townId = writeTown(acc, b.townId);
    await this.checkUser(townId, b.userId);
    if (await repo.certTaken(this.db, townId, b.certNo)) throw CERT_TAKEN(b.certNo);
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('enforcement_officers')
          .values({
            town_id: townId,
            user_id: b.userId == null ? null : Number(b.userId),
            name: b.name,
            cert_no: b.certNo,
            cert_issuer: b.certIssuer,
            cert_fields: b.fields,
            valid_from: b.validFrom ?? null,
            valid_until: b.validUntil,
            reviewer: b.reviewer ?? false,
            legal_qualification: b.legalQualification ?? false,
            created_by: acc.auth.userId,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await appendAudit(
          trx,
          audit('enforcement.officer.create', `enforcement-officer:${id}`, { name: b.name, certNo: b.certNo }),
        );
        return id;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'enforcement_officers_cert')) throw CERT_TAKEN(b.certNo);
        throw e;
      });
    return this.officerIn(acc, id, now);
  }

  async updateOfficer(
    acc: RegisterAccess,
    id: number,
    b: OfficerUpdate,
    now: Date,
    audit: Auditor,
  ): Promise<OfficerView> {
    requireWriter(acc);
    const row = await repo.officer(this.db, id);
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('执法人员');
    if (!acc.writeTowns.includes(row.town_id)) {
      throw new AppError('FORBIDDEN', '您的角色无权维护该乡镇的执法人员');
    }
    const from = b.validFrom !== undefined ? b.validFrom : row.valid_from;
    const until = b.validUntil ?? row.valid_until;
    if (from !== null && from > until) {
      throw unprocessable([{ path: 'validUntil', message: '有效期至不得早于有效期起' }]);
    }
    if (b.userId !== undefined) await this.checkUser(row.town_id, b.userId);
    if (b.certNo !== undefined && (await repo.certTaken(this.db, row.town_id, b.certNo, id)))
      throw CERT_TAKEN(b.certNo);
    const action = registerEditAction('enforcement.officer', row.active, b.active);
    const changed = Object.keys(b).filter((k) => k !== 'version');
    await this.db
      .transaction()
      .execute(async (trx) => {
        const res = await trx
          .updateTable('enforcement_officers')
          .set({
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.userId !== undefined ? { user_id: b.userId === null ? null : Number(b.userId) } : {}),
            ...(b.certNo !== undefined ? { cert_no: b.certNo } : {}),
            ...(b.certIssuer !== undefined ? { cert_issuer: b.certIssuer } : {}),
            ...(b.fields !== undefined ? { cert_fields: b.fields } : {}),
            ...(b.validFrom !== undefined ? { valid_from: b.validFrom } : {}),
            ...(b.validUntil !== undefined ? { valid_until: b.validUntil } : {}),
            ...(b.reviewer !== undefined ? { reviewer: b.reviewer } : {}),
            ...(b.legalQualification !== undefined ? { legal_qualification: b.legalQualification } : {}),
            ...(b.active !== undefined ? { active: b.active } : {}),
            version: b.version + 1,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('version', '=', b.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) {
          throw new AppError('VERSION_CONFLICT', '该执法人员信息已被他人修改，请刷新后重试');
        }
        await appendAudit(trx, audit(action, `enforcement-officer:${id}`, { name: b.name ?? row.name, changed }));
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'enforcement_officers_cert')) throw CERT_TAKEN(b.certNo ?? row.cert_no);
        throw e;
      });
    return this.officerIn(acc, id, now);
  }

  // ── powers ──────────────────────────────────────────────────────────────────────────

  async listPowers(acc: RegisterAccess, townId: string | undefined): Promise<PowerList> {
    const town = readTown(acc, townId);
    const rows = await repo.powers(this.db, town.id);
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      canWrite: acc.writeTowns.includes(town.id),
      items: rows.map(powerView),
    };
  }

  private async powerIn(acc: RegisterAccess, id: number): Promise<PowerView> {
    const row = await repo.power(this.db, id);
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('权责事项');
    return powerView(row);
  }

  async createPower(acc: RegisterAccess, b: PowerCreate, now: Date, audit: Auditor): Promise<PowerView> {
    const townId = writeTown(acc, b.townId);
    const problems = powerProblems(b);
    if (problems.length > 0) throw unprocessable(problems);
    if (await repo.codeTaken(this.db, townId, b.code)) throw CODE_TAKEN(b.code);
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('enforcement_powers')
          .values({
            town_id: townId,
            code: b.code,
            field: b.field,
            matter: b.matter,
            violated_basis: b.violatedBasis,
            penalty_basis: b.penaltyBasis,
            penalty_range: b.penaltyRange,
            fine_min: b.fineMin ?? null,
            fine_max: b.fineMax ?? null,
            delegated: b.delegated ?? false,
            delegated_by: b.delegated ? (b.delegatedBy ?? null) : null,
            discretion: repo.discretionJson(levels(b.discretion)),
            created_by: acc.auth.userId,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await appendAudit(
          trx,
          audit('enforcement.power.create', `enforcement-power:${id}`, { code: b.code, matter: b.matter }),
        );
        return id;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'enforcement_powers_code')) throw CODE_TAKEN(b.code);
        throw e;
      });
    return this.powerIn(acc, id);
  }

  async updatePower(acc: RegisterAccess, id: number, b: PowerUpdate, now: Date, audit: Auditor): Promise<PowerView> {
    requireWriter(acc);
    const row = await repo.power(this.db, id);
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('权责事项');
    if (!acc.writeTowns.includes(row.town_id)) throw new AppError('FORBIDDEN', '您的角色无权维护该乡镇的权责清单');
    const cur = powerView(row);
    // The rules judge the power as it will be, the change laid over what is stored.
    const next = {
      fineMin: b.fineMin !== undefined ? b.fineMin : cur.fineMin,
      fineMax: b.fineMax !== undefined ? b.fineMax : cur.fineMax,
      delegated: b.delegated ?? cur.delegated,
      delegatedBy: b.delegatedBy !== undefined ? b.delegatedBy : cur.delegatedBy,
      discretion: b.discretion ?? cur.discretion,
    };
    const problems = powerProblems(next);
    if (problems.length > 0) throw unprocessable(problems);
    if (b.code !== undefined && (await repo.codeTaken(this.db, row.town_id, b.code, id))) throw CODE_TAKEN(b.code);
    const action = registerEditAction('enforcement.power', row.active, b.active);
    await this.db
      .transaction()
      .execute(async (trx) => {
        const res = await trx
          .updateTable('enforcement_powers')
          .set({
            ...(b.code !== undefined ? { code: b.code } : {}),
            ...(b.field !== undefined ? { field: b.field } : {}),
            ...(b.matter !== undefined ? { matter: b.matter } : {}),
            ...(b.violatedBasis !== undefined ? { violated_basis: b.violatedBasis } : {}),
            ...(b.penaltyBasis !== undefined ? { penalty_basis: b.penaltyBasis } : {}),
            ...(b.penaltyRange !== undefined ? { penalty_range: b.penaltyRange } : {}),
            fine_min: next.fineMin,
            fine_max: next.fineMax,
            delegated: next.delegated,
            delegated_by: next.delegated ? (next.delegatedBy ?? null) : null,
            discretion: repo.discretionJson(levels(next.discretion)),
            ...(b.active !== undefined ? { active: b.active } : {}),
            version: b.version + 1,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('version', '=', b.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) {
          throw new AppError('VERSION_CONFLICT', '该权责事项已被他人修改，请刷新后重试');
        }
        await appendAudit(
          trx,
          audit(action, `enforcement-power:${id}`, {
            code: b.code ?? row.code,
            changed: Object.keys(b).filter((k) => k !== 'version'),
          }),
        );
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'enforcement_powers_code')) throw CODE_TAKEN(b.code ?? row.code);
        throw e;
      });
    return this.powerIn(acc, id);
  }
}

function levels(
  ls: readonly { level: string; circumstances: string; fineMin?: number | null; fineMax?: number | null }[] | undefined,
): DiscretionLevel[] {
  return (ls ?? []).map((l) => ({
    level: l.level,
    circumstances: l.circumstances,
    fineMin: l.fineMin ?? null,
    fineMax: l.fineMax ?? null,
  }));
}
