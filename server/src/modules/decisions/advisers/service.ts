/**
 * The legal advisers' register (政府法律顾问, docs/domain.md §4) and their opinions (法律意见).
 * The register is the town's, not a case type's: kept by the 党政办 and the 司法所, read by the
 * town's roles (domain/api/decisions-advisers.ts), each over the towns its assignment's scope
 * covers (platform/town-registers.ts). Every write is checked, versioned and audited in one
 * transaction with its audit row. An opinion's linked case must be a case of the same town that
 * the user may read (cases/access.ts `visibleCase`), so a link never reveals a case.
 */
import { AppError, type FieldIssue, shanghaiDate } from '@fazhi/domain';
import {
  ADVISER_READER_ROLES,
  ADVISER_WRITER_ROLES,
  type AdviserCreateBodySchema,
  type AdviserList,
  type AdviserUpdateBodySchema,
  type AdviserView,
  type OpinionCreateBodySchema,
  type OpinionList,
  type OpinionQuerySchema,
  type OpinionUpdateBodySchema,
  type OpinionView,
} from '@fazhi/domain/api/decisions-advisers';
import { sql } from 'kysely';
import type { z } from 'zod';
import { type CaseAccess, visibleCase } from '../../../cases/access.ts';
import type { Db } from '../../../db/index.ts';
import { type Auditor, appendAudit, registerEditAction } from '../../../platform/audit.ts';
import type { AuthContext } from '../../../platform/context.ts';
import {
  readTown,
  requireWriter,
  type TownRegisterAccess,
  townRegisterAccess,
  writeTown,
} from '../../../platform/town-registers.ts';

type AdviserCreate = z.output<typeof AdviserCreateBodySchema>;
type AdviserUpdate = z.output<typeof AdviserUpdateBodySchema>;
type OpinionCreate = z.output<typeof OpinionCreateBodySchema>;
type OpinionUpdate = z.output<typeof OpinionUpdateBodySchema>;
type OpinionQuery = z.output<typeof OpinionQuerySchema>;

export type AdviserAccess = TownRegisterAccess;

export function adviserAccess(db: Db, ctx: AuthContext | null): Promise<AdviserAccess> {
  return townRegisterAccess(
    db,
    ctx,
    { readers: ADVISER_READER_ROLES, writers: ADVISER_WRITER_ROLES },
    { read: '您的角色无权查看法律顾问名册', write: '您的角色无权维护法律顾问名册（限党政办、司法所）' },
  );
}

const LICENCE_TAKEN = (no: string) =>
  new AppError('CONFLICT', `执业证号“${no}”已登记在本镇其他法律顾问名下`, {
    fields: [{ path: 'licenceNo', message: '执业证号已被本镇其他法律顾问使用' }],
  });

const unprocessable = (issues: FieldIssue[]) =>
  new AppError('UNPROCESSABLE', issues.map((i) => i.message).join('；'), { fields: issues });

function isUniqueViolation(e: unknown, index: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && err.constraint === index;
}

const hoursOf = (v: string | number | null): number | null => (v === null ? null : Number(v));

export class AdviserService {
  constructor(private readonly deps: { db: Db }) {}

  private get db() {
    return this.deps.db;
  }

  // ── advisers ────────────────────────────────────────────────────────────────────────

  private adviserRows(townId: number) {
    return this.db
      .selectFrom('advisers as a')
      .selectAll('a')
      .select((eb) =>
        eb
          .selectFrom('adviser_opinions as o')
          .select(sql<string>`count(*)`.as('n'))
          .whereRef('o.adviser_id', '=', 'a.id')
          .where('o.town_id', '=', townId)
          .as('opinions'),
      )
      .where('a.town_id', '=', townId);
  }

  private view(
    r: Awaited<ReturnType<ReturnType<AdviserService['adviserRows']>['executeTakeFirstOrThrow']>>,
    today: string,
  ): AdviserView {
    return {
      id: String(r.id),
      townId: String(r.town_id),
      kind: r.kind,
      name: r.name,
      licenceNo: r.licence_no,
      firm: r.firm,
      phone: r.phone,
      termFrom: r.term_from,
      termTo: r.term_to,
      contractRef: r.contract_ref,
      active: r.active,
      inTerm: r.term_from <= today && today <= r.term_to,
      opinions: Number(r.opinions ?? 0),
      version: r.version,
    };
  }

  async list(acc: AdviserAccess, townId: string | undefined, now: Date): Promise<AdviserList> {
    const town = readTown(acc, townId);
    const today = shanghaiDate(now);
    const rows = await this.adviserRows(town.id).orderBy('a.active', 'desc').orderBy('a.term_to', 'desc').execute();
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      canWrite: acc.writeTowns.includes(town.id),
      today,
      items: rows.map((r) => this.view(r, today)),
    };
  }

  private async adviserIn(acc: AdviserAccess, id: number, now: Date): Promise<AdviserView> {
    const row = await this.db.selectFrom('advisers').select('town_id').where('id', '=', id).executeTakeFirst();
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('法律顾问');
    const full = await this.adviserRows(row.town_id).where('a.id', '=', id).executeTakeFirstOrThrow();
    return this.view(full, shanghaiDate(now));
  }

  private async licenceTaken(townId: number, no: string, except?: number): Promise<boolean> {
    let q = this.db.selectFrom('advisers').select('id').where('town_id', '=', townId).where('licence_no', '=', no);
    if (except !== undefined) q = q.where('id', '<>', except);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async create(acc: AdviserAccess, b: AdviserCreate, now: Date, audit: Auditor): Promise<AdviserView> {
    const townId = writeTown(acc, b.townId);
    if (await this.licenceTaken(townId, b.licenceNo)) throw LICENCE_TAKEN(b.licenceNo);
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('advisers')
          .values({
            town_id: townId,
            kind: b.kind,
            name: b.name,
            licence_no: b.licenceNo,
            firm: b.firm,
            phone: b.phone || null,
            term_from: b.termFrom,
            term_to: b.termTo,
            contract_ref: b.contractRef || null,
            created_by: acc.auth.userId,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await appendAudit(trx, audit('adviser.create', `adviser:${id}`, { name: b.name, licenceNo: b.licenceNo }));
        return id;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'advisers_licence')) throw LICENCE_TAKEN(b.licenceNo);
        throw e;
      });
    return this.adviserIn(acc, id, now);
  }

  async update(acc: AdviserAccess, id: number, b: AdviserUpdate, now: Date, audit: Auditor): Promise<AdviserView> {
    requireWriter(acc);
    const row = await this.db.selectFrom('advisers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('法律顾问');
    if (!acc.writeTowns.includes(row.town_id)) throw new AppError('FORBIDDEN', '您的角色无权维护该乡镇的法律顾问名册');
    const from = b.termFrom ?? row.term_from;
    const to = b.termTo ?? row.term_to;
    if (from > to) throw unprocessable([{ path: 'termTo', message: '聘期至不得早于聘期起' }]);
    if (b.licenceNo !== undefined && (await this.licenceTaken(row.town_id, b.licenceNo, id))) {
      throw LICENCE_TAKEN(b.licenceNo);
    }
    const action = registerEditAction('adviser', row.active, b.active);
    await this.db
      .transaction()
      .execute(async (trx) => {
        const res = await trx
          .updateTable('advisers')
          .set({
            ...(b.kind !== undefined ? { kind: b.kind } : {}),
            ...(b.name !== undefined ? { name: b.name } : {}),
            ...(b.licenceNo !== undefined ? { licence_no: b.licenceNo } : {}),
            ...(b.firm !== undefined ? { firm: b.firm } : {}),
            ...(b.phone !== undefined ? { phone: b.phone || null } : {}),
            ...(b.termFrom !== undefined ? { term_from: b.termFrom } : {}),
            ...(b.termTo !== undefined ? { term_to: b.termTo } : {}),
            ...(b.contractRef !== undefined ? { contract_ref: b.contractRef || null } : {}),
            ...(b.active !== undefined ? { active: b.active } : {}),
            version: b.version + 1,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('version', '=', b.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) {
          throw new AppError('VERSION_CONFLICT', '该法律顾问信息已被他人修改，请刷新后重试');
        }
        await appendAudit(
          trx,
          audit(action, `adviser:${id}`, {
            name: b.name ?? row.name,
            changed: Object.keys(b).filter((k) => k !== 'version'),
          }),
        );
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'advisers_licence')) throw LICENCE_TAKEN(b.licenceNo ?? row.licence_no);
        throw e;
      });
    return this.adviserIn(acc, id, now);
  }

  // ── opinions ────────────────────────────────────────────────────────────────────────

  private opinionRows(townId: number, cases: CaseAccess) {
    return this.db
      .selectFrom('adviser_opinions as o')
      .innerJoin('advisers as a', 'a.id', 'o.adviser_id')
      .leftJoin('cases as c', (j) =>
        j.onRef('c.id', '=', 'o.case_id').on((eb) => eb.and([eb('c.town_id', '=', townId), visibleCase(eb, cases)])),
      )
      .select([
        'o.id',
        'o.town_id',
        'o.adviser_id',
        'a.name as adviser_name',
        'o.given_on',
        'o.subject',
        'o.kind',
        'o.case_id',
        'c.number as case_number',
        'c.title as case_title',
        'o.hours',
        'o.summary',
        'o.version',
      ])
      .where('o.town_id', '=', townId);
  }

  private opinionView(
    r: Awaited<ReturnType<ReturnType<AdviserService['opinionRows']>['executeTakeFirstOrThrow']>>,
  ): OpinionView {
    return {
      id: String(r.id),
      townId: String(r.town_id),
      adviserId: String(r.adviser_id),
      adviserName: r.adviser_name,
      givenOn: r.given_on,
      subject: r.subject,
      kind: r.kind,
      caseId: r.case_id === null ? null : String(r.case_id),
      caseNumber: r.case_number ?? null,
      caseTitle: r.case_title ?? null,
      hours: hoursOf(r.hours),
      summary: r.summary,
      version: r.version,
    };
  }

  async opinions(acc: AdviserAccess, cases: CaseAccess, q: OpinionQuery): Promise<OpinionList> {
    const town = readTown(acc, q.townId);
    let query = this.opinionRows(town.id, cases);
    if (q.year !== undefined)
      query = query.where('o.given_on', '>=', `${q.year}-01-01`).where('o.given_on', '<=', `${q.year}-12-31`);
    if (q.kind !== undefined) query = query.where('o.kind', '=', q.kind);
    if (q.adviserId !== undefined) query = query.where('o.adviser_id', '=', Number(q.adviserId));
    const rows = await query.orderBy('o.given_on', 'desc').orderBy('o.id', 'desc').execute();
    const items = rows.map((r) => this.opinionView(r));
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      canWrite: acc.writeTowns.includes(town.id),
      items,
      totalHours: Math.round(items.reduce((s, o) => s + (o.hours ?? 0), 0) * 10) / 10,
    };
  }

  private async opinionIn(acc: AdviserAccess, cases: CaseAccess, id: number): Promise<OpinionView> {
    const row = await this.db.selectFrom('adviser_opinions').select('town_id').where('id', '=', id).executeTakeFirst();
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('法律意见');
    return this.opinionView(
      await this.opinionRows(row.town_id, cases).where('o.id', '=', id).executeTakeFirstOrThrow(),
    );
  }

  /** The adviser must be the town's; the case, one of the town's the user reads. */
  private async checkRefs(
    townId: number,
    cases: CaseAccess,
    b: { adviserId?: string | undefined; caseId?: string | null | undefined },
  ): Promise<void> {
    const issues: FieldIssue[] = [];
    if (b.adviserId !== undefined) {
      const a = await this.db
        .selectFrom('advisers')
        .select('id')
        .where('id', '=', Number(b.adviserId))
        .where('town_id', '=', townId)
        .executeTakeFirst();
      if (!a) issues.push({ path: 'adviserId', message: '法律顾问：不是本镇名册中的法律顾问' });
    }
    if (b.caseId != null) {
      const c = await this.db
        .selectFrom('cases as c')
        .select('c.id')
        .where('c.id', '=', Number(b.caseId))
        .where('c.town_id', '=', townId)
        .where((eb) => visibleCase(eb, cases))
        .executeTakeFirst();
      if (!c) issues.push({ path: 'caseId', message: '关联案件：未找到本镇您可查看的该案件' });
    }
    if (issues.length > 0) throw unprocessable(issues);
  }

  async createOpinion(
    acc: AdviserAccess,
    cases: CaseAccess,
    b: OpinionCreate,
    now: Date,
    audit: Auditor,
  ): Promise<OpinionView> {
    const townId = writeTown(acc, b.townId);
    await this.checkRefs(townId, cases, b);
    if (b.givenOn > shanghaiDate(now)) {
      throw unprocessable([{ path: 'givenOn', message: `出具日期不得晚于今天（${shanghaiDate(now)}）` }]);
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('adviser_opinions')
        .values({
          town_id: townId,
          adviser_id: Number(b.adviserId),
          given_on: b.givenOn,
          subject: b.subject,
          kind: b.kind,
          case_id: b.caseId == null ? null : Number(b.caseId),
          hours: b.hours ?? null,
          summary: b.summary,
          created_by: acc.auth.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(row.id);
      await appendAudit(
        trx,
        audit('adviser.opinion.create', `adviser-opinion:${id}`, { subject: b.subject, kind: b.kind }),
      );
      return id;
    });
    return this.opinionIn(acc, cases, id);
  }

  async updateOpinion(
    acc: AdviserAccess,
    cases: CaseAccess,
    id: number,
    b: OpinionUpdate,
    now: Date,
    audit: Auditor,
  ): Promise<OpinionView> {
    requireWriter(acc);
    const row = await this.db.selectFrom('adviser_opinions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('法律意见');
    if (!acc.writeTowns.includes(row.town_id)) throw new AppError('FORBIDDEN', '您的角色无权维护该乡镇的法律意见');
    await this.checkRefs(row.town_id, cases, b);
    if (b.givenOn !== undefined && b.givenOn > shanghaiDate(now)) {
      throw unprocessable([{ path: 'givenOn', message: `出具日期不得晚于今天（${shanghaiDate(now)}）` }]);
    }
    await this.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('adviser_opinions')
        .set({
          ...(b.adviserId !== undefined ? { adviser_id: Number(b.adviserId) } : {}),
          ...(b.givenOn !== undefined ? { given_on: b.givenOn } : {}),
          ...(b.subject !== undefined ? { subject: b.subject } : {}),
          ...(b.kind !== undefined ? { kind: b.kind } : {}),
          ...(b.caseId !== undefined ? { case_id: b.caseId === null ? null : Number(b.caseId) } : {}),
          ...(b.hours !== undefined ? { hours: b.hours } : {}),
          ...(b.summary !== undefined ? { summary: b.summary } : {}),
          version: b.version + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('version', '=', b.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        throw new AppError('VERSION_CONFLICT', '该法律意见已被他人修改，请刷新后重试');
      }
      await appendAudit(
        trx,
        audit('adviser.opinion.update', `adviser-opinion:${id}`, {
          subject: b.subject ?? row.subject,
          changed: Object.keys(b).filter((k) => k !== 'version'),
        }),
      );
    });
    return this.opinionIn(acc, cases, id);
  }
}
