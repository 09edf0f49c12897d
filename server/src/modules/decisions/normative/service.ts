/**
 * The normative documents' registers (domain/api/decisions-normative.ts): the 登记簿 a reader
 * sees through the case engine's `visibleCase`, the public list of documents in force (公示,
 * 政府信息公开条例 art 20(1): 行政规范性文件 are published proactively), and the counties' filing
 * periods (0025_normative.sql), which the county's 备案审查 role sets for its own county only.
 */
import { AppError, shanghaiDate } from '@fazhi/domain';
import type {
  FilingSettings,
  NormativeRegister,
  NormativeRegisterQuery,
  PublicNormative,
} from '@fazhi/domain/api/decisions-normative';
import { normative, normativeEvaluationDue } from '@fazhi/domain/cases/normative';
import { DEFAULT_FILING_DAYS } from '@fazhi/domain/decisions/normative';
import { sql } from 'kysely';
import { type CaseAccess, visibleCase } from '../../../cases/access.ts';
import type { Db } from '../../../db/index.ts';
import { type Auditor, appendAudit } from '../../../platform/audit.ts';
import { type AuthContext, idFromPath } from '../../../platform/context.ts';

/** Published and not cleaned up, refused or lapsed: the documents in force. */
export const IN_FORCE_STATES = ['to_file', 'filing', 'correcting', 'in_force'] as const;
/** Every state of a document that was published (the register lists these). */
export const PUBLISHED_STATES = [...IN_FORCE_STATES, 'amended', 'abolished', 'expired', 'rejected'] as const;
/** The role that examines filings for its county (domain/src/auth/roles.ts). */
export const FILING_ROLE = 'beian';

const STATE_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(normative.states).map(([k, v]) => [k, v.label]),
);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

export class NormativeService {
  constructor(private readonly deps: { db: Db }) {}

  async register(access: CaseAccess, q: NormativeRegisterQuery): Promise<NormativeRegister> {
    if (access.townIds.length === 0) return { rows: [] };
    const states = q.scope === 'in_force' ? IN_FORCE_STATES : PUBLISHED_STATES;
    const rows = await this.deps.db
      .selectFrom('cases as c')
      .innerJoin('org_units as t', 't.id', 'c.town_id')
      .select(['c.id', 'c.title', 'c.state', 'c.fields', 't.name as town_name'])
      .where('c.town_id', 'in', access.townIds)
      .where('c.type', '=', 'normative')
      .where('c.state', 'in', [...states])
      .where((eb) => visibleCase(eb, access))
      .orderBy(sql`c.fields->>'publishedOn'`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(1000)
      .execute();
    return {
      rows: rows.map((r) => {
        const f = (r.fields ?? {}) as Record<string, unknown>;
        const inForce = (IN_FORCE_STATES as readonly string[]).includes(r.state);
        return {
          caseId: Number(r.id),
          townName: r.town_name,
          docNo: str(f.docNo),
          title: r.title,
          publishedOn: str(f.publishedOn),
          effectiveOn: str(f.effectiveOn),
          expiresOn: str(f.expiresOn),
          evaluationDue: inForce ? normativeEvaluationDue(f) : null,
          state: r.state,
          stateLabel: STATE_LABELS[r.state] ?? r.state,
          filedOn: str(f.filedOn),
          filingResult: (str(f.filingResult) as NormativeRegister['rows'][number]['filingResult']) ?? null,
          cleanupResult: (str(f.cleanupResult) as NormativeRegister['rows'][number]['cleanupResult']) ?? null,
          cleanedOn: str(f.cleanedOn),
        };
      }),
    };
  }

  /** The town's documents in force with their 公布 dates, for anyone (no login). */
  async publicList(townCode: string, now: Date): Promise<PublicNormative> {
    const db = this.deps.db;
    const town = await db
      .selectFrom('org_units as t')
      .leftJoin('org_units as c', (j) => j.onRef('c.id', '=', 't.parent_id').on('c.kind', '=', 'county'))
      .select(['t.id', 't.code', 't.name', 'c.name as county'])
      .where('t.kind', '=', 'town')
      .where('t.code', '=', townCode)
      .executeTakeFirst();
    if (!town) throw new AppError('NOT_FOUND', '未找到该乡镇的公示信息');
    const today = shanghaiDate(now);
    const rows = await db
      .selectFrom('cases as c')
      .select(['c.title', 'c.fields'])
      .where('c.town_id', '=', town.id)
      .where('c.type', '=', 'normative')
      .where('c.state', 'in', [...IN_FORCE_STATES])
      // Published today or before: a document is public from its 公布 date.
      .where(sql<boolean>`c.fields->>'publishedOn' <= ${today}`)
      .orderBy(sql`c.fields->>'publishedOn'`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(500)
      .execute();
    return {
      town: { code: town.code!, name: town.name, fullName: `${town.county ?? ''}${town.name}人民政府` },
      documents: rows.map((r) => {
        const f = (r.fields ?? {}) as Record<string, unknown>;
        return {
          docNo: str(f.docNo),
          title: r.title,
          publishedOn: str(f.publishedOn) ?? '',
          effectiveOn: str(f.effectiveOn),
          expiresOn: str(f.expiresOn),
          publishedWhere: str(f.publishedWhere),
        };
      }),
    };
  }

  /** The counties whose filing period the user reads: those above their assignments' units. */
  async filingSettings(auth: AuthContext): Promise<FilingSettings[]> {
    const countyIds = [
      ...new Set(
        auth.assignments.map((a) => (a.countyPath ? idFromPath(a.countyPath) : null)).filter((x): x is number => !!x),
      ),
    ];
    if (countyIds.length === 0) return [];
    const editable = new Set(this.editableCounties(auth));
    const rows = await this.deps.db
      .selectFrom('org_units as c')
      .leftJoin('normative_filing_settings as s', 's.county_id', 'c.id')
      .select(['c.id', 'c.name', 's.filing_days', 's.version'])
      .where('c.id', 'in', countyIds)
      .where('c.kind', '=', 'county')
      .orderBy('c.id')
      .execute();
    return rows.map((r) => ({
      countyId: r.id,
      countyName: r.name,
      filingDays: r.filing_days ?? DEFAULT_FILING_DAYS,
      custom: r.filing_days !== null,
      version: r.version ?? 0,
      canEdit: editable.has(r.id),
    }));
  }

  /** Counties where the user examines filings (the `beian` role, county-scoped, with case:write). */
  editableCounties(auth: AuthContext): number[] {
    if (!auth.permissions.includes('case:write')) return [];
    return auth.assignments
      .filter((a) => a.role === FILING_ROLE && a.scope === 'county' && a.countyPath)
      .map((a) => idFromPath(a.countyPath!)!)
      .filter(Boolean);
  }

  async setFilingDays(
    auth: AuthContext,
    countyId: number,
    input: { filingDays: number; version: number },
    now: Date,
    audit: Auditor,
  ): Promise<FilingSettings> {
    if (!this.editableCounties(auth).includes(countyId)) {
      // A county the user does not belong to is not revealed (404); their own county, 403.
      const own = (await this.filingSettings(auth)).some((c) => c.countyId === countyId);
      if (!own) throw AppError.notFound('县');
      throw new AppError('FORBIDDEN', '只有本县的备案审查人员可以设置规范性文件报备期限');
    }
    await this.deps.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('normative_filing_settings')
        .select(['version', 'filing_days'])
        .where('county_id', '=', countyId)
        .forUpdate()
        .executeTakeFirst();
      if ((current?.version ?? 0) !== input.version)
        throw new AppError('VERSION_CONFLICT', '报备期限已被他人修改，请刷新后重试');
      if (current) {
        await trx
          .updateTable('normative_filing_settings')
          .set({
            filing_days: input.filingDays,
            version: current.version + 1,
            updated_by: auth.userId,
            updated_at: now,
          })
          .where('county_id', '=', countyId)
          .execute();
      } else {
        await trx
          .insertInto('normative_filing_settings')
          .values({ county_id: countyId, filing_days: input.filingDays, updated_by: auth.userId, updated_at: now })
          .execute();
      }
      await appendAudit(
        trx,
        audit('normative.filing_days.update', `normative-filing:${countyId}`, {
          from: current?.filing_days ?? DEFAULT_FILING_DAYS,
          to: input.filingDays,
        }),
      );
    });
    const all = await this.filingSettings(auth);
    return all.find((s) => s.countyId === countyId)!;
  }
}
