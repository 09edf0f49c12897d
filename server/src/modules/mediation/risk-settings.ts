/**
 * 矛盾纠纷预警设置: the early-warning thresholds are local policy, not statute, so each town
 * sets its own (town_settings key 'mediation.risk'): the amount counted as large, the number
 * of people that makes a dispute 群体性, how many days ahead a sensitive period warns, and
 * which periods are sensitive (the national defaults and the town's own: a 庙会, a major local
 * meeting). Edited by the 矛调中心 and the town's leaders; every change re-assesses the town's
 * open disputes at once, so the leader's inbox follows the new policy without waiting for each
 * case to change.
 */
import {
  AppError,
  DEFAULT_SENSITIVE_PERIODS,
  type MediationRiskSettings,
  MediationRiskSettingsSchema,
  RiskSettingsPutBodySchema as PutBody,
  type RiskOptions,
  RiskSettingsPutResponseSchema,
  RiskSettingsQuerySchema as SettingsQuery,
  RiskSettingsViewSchema as SettingsView,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caseAccess, requireTypeAccess } from '../../cases/access.ts';
import { lockTownSetting, saveTownSetting, type TownSettings } from '../../cases/town-settings.ts';
import { auditOf } from '../../http/context.ts';
import { appendAudit } from '../../platform/audit.ts';
import { type AuthContext, idFromPath, requirePermission } from '../../platform/context.ts';
import { openDisputes, setCaseRisk, townById } from './repository.ts';

export const MEDIATION_RISK_KEY = 'mediation.risk';

/** Who sets the town's early-warning policy: the centre that runs it and the leaders who answer for it. */
export const RISK_SETTINGS_ROLES = ['tiaojie', 'leader'] as const;

export const DEFAULT_MEDIATION_RISK_SETTINGS: MediationRiskSettings = {
  amountThreshold: 100_000,
  groupThreshold: 5,
  windowDays: 7,
  defaultPeriods: true,
  periods: [],
};

/** The names of the default periods, for the settings form. */
export const DEFAULT_PERIOD_NAMES = [...new Set(DEFAULT_SENSITIVE_PERIODS.map((p) => p.name))];

/** The town's settings, or the defaults where it has none (or an old row no longer valid). */
export function mediationRiskSettings(town: TownSettings): MediationRiskSettings {
  const stored = town.get(MEDIATION_RISK_KEY);
  const parsed = MediationRiskSettingsSchema.partial().safeParse(stored ?? {});
  return { ...DEFAULT_MEDIATION_RISK_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

/** What domain/cases/mediation-risk.ts `assessRisk` takes, from the town's settings. */
export function riskOptionsFor(town: TownSettings): RiskOptions {
  const s = mediationRiskSettings(town);
  return {
    amountThreshold: s.amountThreshold,
    groupThreshold: s.groupThreshold,
    windowDays: s.windowDays,
    sensitivePeriods: [...(s.defaultPeriods ? DEFAULT_SENSITIVE_PERIODS : []), ...s.periods],
  };
}

/** Towns in which the user holds a role that sets the policy (the risk and route settings alike). */
export function editableTowns(auth: AuthContext): Set<number> {
  const out = new Set<number>();
  for (const a of auth.assignments) {
    if (!(RISK_SETTINGS_ROLES as readonly string[]).includes(a.role)) continue;
    const town = a.unitTownId ?? (a.townPath ? idFromPath(a.townPath) : null);
    if (town) out.add(town);
  }
  return out;
}

/**
 * The town whose mediation settings are asked for (default the user's own), if the user may see
 * its cases; else 404. Shared by the risk and the route settings.
 */
export async function settingsTown(fastify: FastifyInstance, request: FastifyRequest, raw: string | undefined) {
  const { services } = fastify;
  const db = services.database.db;
  requirePermission(request.auth, 'case:read');
  const access = await caseAccess(db, request.auth, services.registry);
  const id = raw ? Number(raw) : (access.auth.townId ?? access.townIds[0]);
  if (!id || !access.townIds.includes(id)) throw AppError.notFound('乡镇');
  const town = await townById(db, id);
  if (!town) throw AppError.notFound('乡镇');
  return { town, access };
}

export async function mediationRiskSettingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  // The module's data is its case type's material: refused (403) to a role the type does not admit.
  const read = requireTypeAccess('mediation', 'read');
  const write = requireTypeAccess('mediation', 'write');

  const townOf = (request: FastifyRequest, raw: string | undefined) => settingsTown(fastify, request, raw);

  const view = async (townId: number, townName: string, auth: AuthContext) => {
    services.cases.townSettings.invalidate(townId);
    const settings = await services.cases.townSettings.forTown(db(), townId);
    return {
      ...mediationRiskSettings(settings),
      townId: String(townId),
      townName,
      version: settings.version(MEDIATION_RISK_KEY),
      canEdit: auth.permissions.includes('case:write') && editableTowns(auth).has(townId),
      defaultPeriodNames: DEFAULT_PERIOD_NAMES,
    };
  };

  app.get(
    '/api/mediation/risk-settings',
    {
      preHandler: read,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '矛盾纠纷预警设置（本镇的金额、人数标准与敏感时期）',
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
    '/api/mediation/risk-settings',
    {
      preHandler: write,
      schema: {
        tags: ['矛盾纠纷调解'],
        summary: '修改矛盾纠纷预警设置（矛调中心、镇领导；修改后重新评估本镇在办纠纷的风险）',
        querystring: SettingsQuery,
        body: PutBody,
        response: { 200: RiskSettingsPutResponseSchema },
      },
    },
    async (request) => {
      const { town, access } = await townOf(request, request.query.townId);
      const auth = access.auth;
      if (!auth.permissions.includes('case:write') || !editableTowns(auth).has(town.id)) {
        throw AppError.forbidden('只有本镇矛调中心和镇领导可以修改预警设置');
      }
      const { version, ...value } = request.body;
      const now = services.now();
      const mod = services.registry.find('mediation');
      const reassessed = await db()
        .transaction()
        .execute(async (trx) => {
          const current = await lockTownSetting(trx, town.id, MEDIATION_RISK_KEY);
          const currentVersion = current?.version ?? 0;
          if (currentVersion !== version) {
            throw new AppError('VERSION_CONFLICT', '预警设置已被他人修改，请刷新后再试', {
              details: { currentVersion },
            });
          }
          await saveTownSetting(trx, {
            townId: town.id,
            key: MEDIATION_RISK_KEY,
            value,
            version: currentVersion + 1,
            at: now,
            by: auth.userId,
          });
          // The open disputes of the town under the new policy, in the same transaction.
          let changed = 0;
          if (mod?.risk) {
            const policy: TownSettings = {
              townId: town.id,
              get: (key) => (key === MEDIATION_RISK_KEY ? value : undefined),
              version: () => currentVersion + 1,
            };
            const open = await openDisputes(trx, town.id);
            for (const c of open) {
              const level = mod.risk(c.fields, now, policy)?.level ?? c.risk;
              if (level === c.risk) continue;
              await setCaseRisk(trx, c.id, level);
              changed++;
            }
          }
          await appendAudit(
            trx,
            auditOf(request, now, 'settings.mediation_risk.update', `town:${town.id}`, 'success', {
              before: current?.value ?? null,
              after: value,
              reassessed: changed,
            }),
          );
          return changed;
        });
      return { ...(await view(town.id, town.name, auth)), reassessed };
    },
  );
}
