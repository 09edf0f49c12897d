/**
 * 行政调解期限: administrative mediation has no national time limit (docs/domain.md §Mediation,
 * time limits; 人民调解工作若干规定 art 33 binds people's mediation only), so each town sets its own
 * or none (town_settings key 'mediation.routes'). The `route` action records the limit in force
 * on the case (domain/cases/mediation.ts `administrativeLimit`), so a change applies to the
 * disputes routed after it and never rewrites a running deadline or a past breach.
 * Edited where the town's other mediation policy is (矛调中心 and the town's leaders).
 */
import {
  ADMINISTRATIVE_LIMIT_POLICY,
  type AdministrativeLimit,
  AppError,
  MediationRouteSettingsSchema,
  RouteSettingsPutBodySchema as PutBody,
  RiskSettingsQuerySchema as SettingsQuery,
  RouteSettingsViewSchema as SettingsView,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireTypeAccess } from '../../cases/access.ts';
import { lockTownSetting, saveTownSetting, type TownSettings } from '../../cases/town-settings.ts';
import { auditOf } from '../../http/context.ts';
import { appendAudit } from '../../platform/audit.ts';
import type { AuthContext } from '../../platform/context.ts';
import { editableTowns, settingsTown } from './risk-settings.ts';

export const MEDIATION_ROUTES_KEY = 'mediation.routes';

/**
 * A town that has set nothing: 20 working days, the local rule cited in docs/domain.md (a
 * township's 行政调解 办法: 20 wd, extendable by 10) [S]. A town may set another, or none.
 */
export const DEFAULT_ADMINISTRATIVE_LIMIT: AdministrativeLimit = { length: 20, unit: 'wd' };

/** The town's limit for 行政调解 (null: none), the default where it has set nothing valid. */
export function administrativeLimitOf(town: TownSettings): AdministrativeLimit | null {
  const parsed = MediationRouteSettingsSchema.safeParse(town.get(MEDIATION_ROUTES_KEY));
  return parsed.success ? parsed.data.administrativeLimit : DEFAULT_ADMINISTRATIVE_LIMIT;
}

/** What the mediation actions may record from the town's policy (CaseModule.policy). */
export function mediationPolicy(town: TownSettings): Record<string, unknown> {
  return { [ADMINISTRATIVE_LIMIT_POLICY]: administrativeLimitOf(town) };
}

export async function mediationRouteSettingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const read = requireTypeAccess('mediation', 'read');
  const write = requireTypeAccess('mediation', 'write');

  const townOf = (request: FastifyRequest, raw: string | undefined) => settingsTown(fastify, request, raw);

  const view = async (townId: number, townName: string, auth: AuthContext) => {
    services.cases.townSettings.invalidate(townId);
    const settings = await services.cases.townSettings.forTown(db(), townId);
    return {
      administrativeLimit: administrativeLimitOf(settings),
      townId: String(townId),
      townName,
      version: settings.version(MEDIATION_ROUTES_KEY),
      canEdit: auth.permissions.includes('case:write') && editableTowns(auth).has(townId),
    };
  };

  app.get(
    '/api/mediation/route-settings',
    {
      preHandler: read,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '调解途径设置（本镇行政调解期限）',
        querystring: SettingsQuery,
        response: { 200: SettingsView },
      },
    },
    async (request) => {
      const { town, access } = await townOf(request, request.query.townId);
      return view(town.id, town.name, access.auth);
    },
  );

  app.put(
    '/api/mediation/route-settings',
    {
      preHandler: write,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '修改本镇行政调解期限（矛调中心、镇领导；适用于此后分流至行政调解的纠纷）',
        querystring: SettingsQuery,
        body: PutBody,
        response: { 200: SettingsView },
      },
    },
    async (request) => {
      const { town, access } = await townOf(request, request.query.townId);
      const auth = access.auth;
      if (!auth.permissions.includes('case:write') || !editableTowns(auth).has(town.id)) {
        throw AppError.forbidden('只有本镇矛调中心和镇领导可以修改行政调解期限');
      }
      const { version, ...value } = request.body;
      const now = services.now();
      await db()
        .transaction()
        .execute(async (trx) => {
          const current = await lockTownSetting(trx, town.id, MEDIATION_ROUTES_KEY);
          const currentVersion = current?.version ?? 0;
          if (currentVersion !== version) {
            throw new AppError('VERSION_CONFLICT', '调解途径设置已被他人修改，请刷新后再试', {
              details: { currentVersion },
            });
          }
          await saveTownSetting(trx, {
            townId: town.id,
            key: MEDIATION_ROUTES_KEY,
            value,
            version: currentVersion + 1,
            at: now,
            by: auth.userId,
          });
          await appendAudit(
            trx,
            auditOf(request, now, 'settings.mediation_routes.update', `town:${town.id}`, 'success', {
              before: current?.value ?? null,
              after: value,
            }),
          );
        });
      return view(town.id, town.name, auth);
    },
  );
}
