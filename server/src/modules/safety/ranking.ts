/**
 * 安全生产排名: the villages and the industries of a town side by side for a year
 * (GET /api/safety/ranking?year=), on the figures' own definitions (./facts.ts): inspections by
 * 检查日期 in the year, hazards (cases of type `hazard`) by 发现日期, 整改 = 销号 or 当场整改.
 * The facts registry holds single numbers per town; a table with a row per village has no
 * place there, hence a route of the module. It compares villages, so it is for the readers
 * whose scope covers the whole town (安监办, 镇领导, 法治办, 执法队, the county's 督查); a
 * 村居干部 is refused (403) rather than shown a table of one.
 */
import { AppError, inScope, isEmptyScope, unionScope } from '@fazhi/domain';
import { SAFETY_INDUSTRY_LABELS, SAFETY_READER_ROLES } from '@fazhi/domain/api/safety';
import {
  type SafetyRanking,
  SafetyRankingQuerySchema,
  type SafetyRankingRow,
  SafetyRankingSchema,
} from '@fazhi/domain/api/safety-ranking';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { num, pct } from '../../facts/fact-sql.ts';
import { type AuthContext, requireAuth, requirePermission } from '../../platform/context.ts';

/** The towns whose ranking the user reads: their reader roles' scope covers the town itself. */
async function rankingTowns(db: Db, ctx: AuthContext | null): Promise<{ auth: AuthContext; towns: number[] }> {
  const auth = requireAuth(ctx);
  requirePermission(auth, 'case:read');
  const scope = unionScope(auth.assignments.filter((a) => SAFETY_READER_ROLES.some((r) => r === a.role)));
  if (isEmptyScope(scope)) return { auth, towns: [] };
  const towns = await db
    .selectFrom('org_units')
    .select(['id', 'path'])
    .where('kind', '=', 'town')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return {
    auth,
    towns: towns
      .filter((t) => inScope({ ...scope, self: false }, { unitId: t.id, unitPath: t.path }, auth.userId))
      .map((t) => t.id),
  };
}

interface Raw {
  key: string | null;
  label: string | null;
  units: unknown;
  inspections: unknown;
  inspectors: unknown;
  found: unknown;
  major: unknown;
  rectified: unknown;
  overdue: unknown;
}

export async function safetyRanking(db: Db, townId: number, year: number, now: Date): Promise<SafetyRanking> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  // Per unit first, then grouped by the unit's village or industry, so a unit counts once.
  const perUnit = sql`
    with u as (
      select su.id, su.village_id, su.industry,
        (select count(*) from safety_inspections i
          where i.unit_id = su.id and i.town_id = su.town_id and i.inspected_on between ${from} and ${to}) as inspections,
        (select coalesce(sum(cardinality(i.officer_ids)), 0) from safety_inspections i
          where i.unit_id = su.id and i.town_id = su.town_id and i.inspected_on between ${from} and ${to}) as inspectors
      from safety_units su where su.town_id = ${townId}
    ),
    h as (
      select (c.fields->>'unitId')::bigint as unit_id,
        count(*) as found,
        count(*) filter (where c.fields->>'level' = 'major') as major,
        count(*) filter (where c.state in ('closed', 'rectified_on_spot')) as rectified,
        count(*) filter (where c.state = 'failed'
          or (c.state in ('found', 'rectifying') and c.fields->>'rectifyDeadline' < ${today})) as overdue
      from cases c
      where c.type = 'hazard' and c.town_id = ${townId}
        and c.fields->>'foundOn' between ${from} and ${to}
        and c.fields->>'unitId' ~ '^[0-9]+$'
      group by 1
    ),
    x as (select u.*, coalesce(h.found, 0) as found, coalesce(h.major, 0) as major,
      coalesce(h.rectified, 0) as rectified, coalesce(h.overdue, 0) as overdue
      from u left join h on h.unit_id = u.id)`;
  const totals = sql`count(*) as units, sum(x.inspections) as inspections, sum(x.inspectors) as inspectors,
    sum(x.found) as found, sum(x.major) as major, sum(x.rectified) as rectified, sum(x.overdue) as overdue`;
  const villages = await sql<Raw>`${perUnit}
    select coalesce(x.village_id::text, 'town') as key,
      coalesce((select o.name from org_units o where o.id = x.village_id), '镇本级（未划入村居）') as label, ${totals}
    from x group by x.village_id`.execute(db);
  const industries = await sql<Raw>`${perUnit}
    select x.industry as key, x.industry as label, ${totals} from x group by x.industry`.execute(db);
  const row = (r: Raw, label: string): SafetyRankingRow => ({
    key: r.key ?? '',
    label,
    units: num(r.units),
    inspections: num(r.inspections),
    inspectors: num(r.inspectors),
    hazardsFound: num(r.found),
    hazardsMajor: num(r.major),
    hazardsRectified: num(r.rectified),
    rectificationRate: pct(num(r.rectified), num(r.found)),
    hazardsOverdue: num(r.overdue),
  });
  const order = (a: SafetyRankingRow, b: SafetyRankingRow) =>
    b.hazardsFound - a.hazardsFound || b.inspections - a.inspections || a.label.localeCompare(b.label, 'zh-CN');
  return {
    year,
    townId,
    villages: villages.rows.map((r) => row(r, r.label ?? '')).sort(order),
    industries: industries.rows
      .map((r) => row(r, SAFETY_INDUSTRY_LABELS[r.key as keyof typeof SAFETY_INDUSTRY_LABELS] ?? r.key ?? ''))
      .sort(order),
  };
}

export async function rankingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  app.get(
    '/api/safety/ranking',
    {
      schema: {
        tags: ['安全生产'],
        summary: '安全生产村（社区）与行业排名',
        querystring: SafetyRankingQuerySchema,
        response: { 200: SafetyRankingSchema },
      },
    },
    async (request) => {
      const { towns, auth } = await rankingTowns(services.database.db, request.auth);
      if (towns.length === 0) throw AppError.forbidden('您的角色无权查看安全生产排名（限镇级安全生产相关科室和领导）');
      const townId = request.query.townId ?? auth.townId ?? towns[0]!;
      if (!towns.includes(townId)) throw AppError.notFound('乡镇');
      return safetyRanking(services.database.db, townId, request.query.year, services.now());
    },
  );
}
