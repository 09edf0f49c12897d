/**
 * What the 矛调中心 needs beyond the generic case API: the duplicate hint the clerk sees while
 * registering a dispute, and the year's statistics. Both read through `caseAccess` and
 * `visibleCase`, so they never reveal a case the user could not open.
 */
import {
  AppError,
  type DuplicateQuery,
  DuplicateQuerySchema,
  DuplicateResponseSchema,
  inScope,
  MediationStatsQuerySchema,
  MediationStatsSchema,
  validateIdCard,
  validatePhone,
  validateUscc,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type SqlBool, sql } from 'kysely';
import { type CaseAccess, caseAccess, requireTypeAccess } from '../../cases/access.ts';
import { listQuery } from '../../cases/repository.ts';
import type { CaseService } from '../../cases/service.ts';
import { toListItem } from '../../cases/views.ts';
import type { Db } from '../../db/index.ts';
import { requirePermission } from '../../platform/context.ts';
import type { PiiCipher } from '../../platform/crypto.ts';
import { mediationRiskSettingsRoutes } from './risk-settings.ts';
import { mediationStats } from './stats.ts';

/** How far back a dispute of the same kind in the same village still looks like the same one. */
export const SAME_VILLAGE_DAYS = 90;

export const DUPLICATE_REASONS = {
  id: '同一当事人（身份证号相同）',
  namePhone: '同一当事人（姓名、联系电话相同）',
  village: `同村同类纠纷（近${SAME_VILLAGE_DAYS}日登记）`,
} as const;

/** The value as it was stored at registration (service.validateParties), so the hashes meet. */
function normalisedId(raw: string): string {
  const person = validateIdCard(raw);
  if (person.ok) return person.value;
  const org = validateUscc(raw);
  return org.ok ? org.value : raw.trim().toUpperCase();
}

function normalisedPhone(raw: string): string {
  const r = validatePhone(raw);
  return r.ok ? r.value : raw.replace(/[\s-]/g, '');
}

/**
 * Open mediation cases the user can see that look like the dispute being registered: the same
 * party (by the ID number's lookup hash, or the same name with the same phone's hash), or a
 * dispute of the same type registered in the same village within SAME_VILLAGE_DAYS.
 */
export async function findDuplicates(
  db: Db,
  cipher: PiiCipher,
  cases: CaseService,
  access: CaseAccess,
  q: DuplicateQuery,
  now: Date,
) {
  const idHash = q.idNumber ? cipher.lookupHash(normalisedId(q.idNumber)) : null;
  const phoneHash = q.phone ? cipher.lookupHash(normalisedPhone(q.phone)) : null;
  const partyOf = (match: ReturnType<typeof sql<SqlBool>>) =>
    // Parties are per town, like the case: the party's town_id leads the index.
    sql<SqlBool>`exists (select 1 from case_parties cp join parties p on p.id = cp.party_id
      where cp.case_id = c.id and p.town_id = c.town_id and ${match})`;
  const byId = idHash ? partyOf(sql<SqlBool>`p.id_hash = ${idHash}`) : null;
  const byNamePhone =
    q.name && phoneHash
      ? partyOf(sql<SqlBool>`(cp.name = ${q.name} or p.name = ${q.name}) and p.phone_hash = ${phoneHash}`)
      : null;
  const since = new Date(now.getTime() - SAME_VILLAGE_DAYS * 86_400_000);
  const byVillage =
    q.unitId && q.disputeType
      ? sql<SqlBool>`c.unit_id = ${Number(q.unitId)} and c.fields->>'disputeType' = ${q.disputeType}
          and c.created_at >= ${since}`
      : null;
  const conditions = [byId, byNamePhone, byVillage].filter((x) => x !== null);
  if (conditions.length === 0) return { items: [] };
  const rows = await listQuery(db, access)
    .where('c.type', '=', 'mediation')
    .where('c.terminal', '=', false)
    .where((eb) => eb.or(conditions))
    .select([
      (byId ?? sql<SqlBool>`false`).as('by_id'),
      (byNamePhone ?? sql<SqlBool>`false`).as('by_name_phone'),
      (byVillage ?? sql<SqlBool>`false`).as('by_village'),
    ])
    .orderBy('c.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(50)
    .execute();
  const window = await cases.dueWindow(access, now);
  return {
    items: rows.map((r) => ({
      ...toListItem(r, cases.registry, window),
      reasons: [
        ...(r.by_id ? [DUPLICATE_REASONS.id] : []),
        ...(r.by_name_phone ? [DUPLICATE_REASONS.namePhone] : []),
        ...(r.by_village ? [DUPLICATE_REASONS.village] : []),
      ],
    })),
  };
}

export async function mediationRoutes(fastify: FastifyInstance) {
  await mediationRiskSettingsRoutes(fastify);
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  // The module's data is its case type's material: refused (403) to a role the type does not admit.
  const read = requireTypeAccess('mediation', 'read');
  const reader = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'case:read');
    return caseAccess(db(), req.auth, services.registry);
  };
  /** A unit named in the query must be one the user may read; otherwise it does not exist for them. */
  const unitInScope = async (access: CaseAccess, raw: string | undefined) => {
    if (!raw) return undefined;
    const unit = await db()
      .selectFrom('org_units')
      .select(['id', 'path', 'name', 'town_id'])
      .where('id', '=', Number(raw))
      .executeTakeFirst();
    const townOk = unit && access.townIds.includes(unit.town_id ?? unit.id);
    if (!unit || !townOk || !inScope(access.read, { unitId: unit.id, unitPath: unit.path }, access.auth.userId)) {
      throw AppError.notFound('单位');
    }
    return unit;
  };

  app.get(
    '/api/mediation/duplicates',
    {
      preHandler: read,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '登记时的疑似重复提示（同一当事人、同村同类纠纷）',
        querystring: DuplicateQuerySchema,
        response: { 200: DuplicateResponseSchema },
      },
    },
    async (request) => {
      const access = await reader(request);
      await unitInScope(access, request.query.unitId);
      return findDuplicates(db(), services.cipher, services.cases, access, request.query, services.now());
    },
  );

  app.get(
    '/api/stats/mediation',
    {
      preHandler: read,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '矛盾纠纷调解年度统计（按数据范围）',
        querystring: MediationStatsQuerySchema,
        response: { 200: MediationStatsSchema },
      },
    },
    async (request) => {
      const access = await reader(request);
      const unit = await unitInScope(access, request.query.unitId);
      return mediationStats(db(), access, { year: request.query.year, unit }, services.now());
    },
  );
}
