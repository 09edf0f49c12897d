/**
 * 公示: what the town shows the public without a login (行政处罚法 art 39: 实施机关、立案依据、
 * 实施程序和救济渠道; art 48: decisions with social impact, with personal data removed, and
 * withdrawn once revoked or changed). Read-only, and only what the law makes public: officers'
 * names and certificate numbers (art 55 makes them show the certificate anyway), the powers list,
 * and published penalty decisions whose party is masked (a person's name as surname + *, the ID
 * with its middle hidden; an organisation by its name).
 */
import { AppError, maskName, shanghaiDate } from '@fazhi/domain';
import {
  PENALTY_KIND_LABELS,
  type PublicDecision,
  type PublicEnforcement,
  type PublicTownList,
} from '@fazhi/domain/api/enforcement';
import { sql } from 'kysely';
import type { Db } from '../../../db/index.ts';
import { powerView } from '../registry/service.ts';

/** The case type whose decisions are published, and the role its party holds (the penalty module's contract). */
const PENALTY_TYPE = 'penalty';
const PARTY_ROLE = 'party';
/** The most decisions one page lists (newest first). */
const DECISIONS_LIMIT = 500;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const PENALTY_KINDS = new Set(Object.keys(PENALTY_KIND_LABELS));

export class PublicityService {
  constructor(private readonly deps: { db: Db }) {}

  async towns(): Promise<PublicTownList> {
    const rows = await this.deps.db
      .selectFrom('org_units as t')
      .leftJoin('org_units as c', 'c.id', 't.parent_id')
      .select(['t.code', 't.name', 'c.name as county', 'c.kind as county_kind'])
      .where('t.kind', '=', 'town')
      .where('t.code', 'is not', null)
      .orderBy('t.sort_order')
      .orderBy('t.id')
      .execute();
    return rows.map((r) => ({ code: r.code!, name: r.name, county: r.county_kind === 'county' ? r.county : null }));
  }

  async enforcement(townCode: string, now: Date): Promise<PublicEnforcement> {
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
    const [team, officers, powers, decisions] = await Promise.all([
      this.team(town.id),
      db
        .selectFrom('enforcement_officers')
        .select(['name', 'cert_no'])
        .where('town_id', '=', town.id)
        .where('active', '=', true)
        .where('valid_until', '>=', today)
        .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', today)]))
        .orderBy('id')
        .execute(),
      db
        .selectFrom('enforcement_powers')
        .selectAll()
        .where('town_id', '=', town.id)
        .where('active', '=', true)
        .orderBy('field')
        .orderBy('code')
        .execute(),
      this.decisions(town.id, today),
    ]);
    const fullName = `${town.county ?? ''}${town.name}人民政府`;
    return {
      town: { code: town.code!, name: town.name, fullName },
      body: { name: fullName, team },
      officers: officers.map((o) => ({ name: o.name, certNo: o.cert_no })),
      powers: powers.map((p) => {
        const v = powerView(p);
        return {
          code: v.code,
          field: v.field,
          matter: v.matter,
          violatedBasis: v.violatedBasis,
          penaltyBasis: v.penaltyBasis,
          penaltyRange: v.penaltyRange,
          delegated: v.delegated,
          delegatedBy: v.delegatedBy,
          discretion: v.discretion,
        };
      }),
      decisions,
      today,
    };
  }

  /** The unit that acts for the town: the department its 执法队 role is held in (the first, by tree order). */
  private async team(townId: number): Promise<string | null> {
    const row = await this.deps.db
      .selectFrom('user_roles as r')
      .innerJoin('org_units as u', 'u.id', 'r.unit_id')
      .select('u.name')
      .where('r.town_id', '=', townId)
      .where('r.role', '=', 'zhifa')
      .where('u.kind', '=', 'department')
      .orderBy('u.sort_order')
      .orderBy('u.id')
      .executeTakeFirst();
    return row?.name ?? null;
  }

  /**
   * Published, not withdrawn, decisions: `publishedOn` set and reached, `publicationWithdrawnOn`
   * absent (any value there, even an empty one, keeps the decision off the page: art 48 ¶2).
   */
  private async decisions(townId: number, today: string): Promise<PublicDecision[]> {
    const db = this.deps.db;
    const rows = await db
      .selectFrom('cases as c')
      .select(['c.id', 'c.fields'])
      .where('c.town_id', '=', townId)
      .where('c.type', '=', PENALTY_TYPE)
      .where(sql<boolean>`coalesce(c.fields->>'publishedOn', '') <> ''`)
      .where(sql<boolean>`c.fields->>'publishedOn' <= ${today}`)
      .where(
        sql<boolean>`(not (c.fields ? 'publicationWithdrawnOn') or c.fields->'publicationWithdrawnOn' = 'null'::jsonb)`,
      )
      .orderBy(sql`c.fields->>'publishedOn'`, 'desc')
      .orderBy('c.id', 'desc')
      .limit(DECISIONS_LIMIT)
      .execute();
    if (rows.length === 0) return [];
    const parties = await db
      .selectFrom('case_parties as cp')
      .innerJoin('parties as p', 'p.id', 'cp.party_id')
      .select(['cp.case_id', 'p.kind', 'p.name', 'p.id_masked'])
      .where('cp.town_id', '=', townId)
      .where('cp.role', '=', PARTY_ROLE)
      .where(
        'cp.case_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('cp.case_id')
      .orderBy('cp.sort')
      .execute();
    const byCase = new Map<number, PublicDecision['parties']>();
    for (const p of parties) {
      const list = byCase.get(Number(p.case_id)) ?? [];
      list.push(
        p.kind === 'org'
          ? { kind: 'org', name: p.name, idMasked: null }
          : { kind: 'person', name: maskName(p.name), idMasked: p.id_masked },
      );
      byCase.set(Number(p.case_id), list);
    }
    return rows.map((r) => {
      const f = r.fields;
      const kinds = Array.isArray(f.penaltyKinds)
        ? f.penaltyKinds.filter((k) => typeof k === 'string' && PENALTY_KINDS.has(k))
        : [];
      const fine = typeof f.fineAmount === 'number' && Number.isFinite(f.fineAmount) ? f.fineAmount : null;
      return {
        decisionNo: str(f.decisionNo),
        decidedOn: str(f.decidedOn),
        publishedOn: String(f.publishedOn),
        parties: byCase.get(Number(r.id)) ?? [],
        violation: str(f.violation),
        legalBasis: str(f.legalBasis),
        penaltyKinds: kinds as string[],
        fineAmount: fine,
      };
    });
  }
}
