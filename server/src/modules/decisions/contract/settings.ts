/**
 * 合同审查设置: no national rule fixes how long a contract review may take (docs/domain.md §4), so
 * each town sets its own limit (default 5 working days) and, if it wants, the amount from which a
 * contract is signed only after a collective discussion (town_settings key 'contract.review').
 * The `submit` action records both on the case (domain cases/contract.ts), so a change applies to
 * the contracts submitted after it. Edited by the 党政办 and the 司法所 and the town's leaders.
 */
import { AppError } from '@fazhi/domain';
import {
  CONTRACT_REVIEW_POLICY,
  CONTRACT_SETTINGS_KEY,
  type ContractReviewSettings,
  ContractReviewSettingsSchema,
  ContractSettingsPutBodySchema,
  ContractSettingsQuerySchema,
  ContractSettingsViewSchema,
  DEFAULT_CONTRACT_REVIEW_SETTINGS,
} from '@fazhi/domain/api/decisions-contract';
import { contract } from '@fazhi/domain/cases/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireTypeAccess } from '../../../cases/access.ts';
import { lockTownSetting, saveTownSetting, type TownSettings } from '../../../cases/town-settings.ts';
import { auditOf } from '../../../http/context.ts';
import { appendAudit } from '../../../platform/audit.ts';
import { readTown, townRegisterAccess } from '../../../platform/town-registers.ts';

export const CONTRACT_SETTINGS_EDITORS = ['fazhiban', 'sifasuo', 'leader'] as const;

export function contractSettingsOf(town: TownSettings): ContractReviewSettings {
  const parsed = ContractReviewSettingsSchema.safeParse(town.get(CONTRACT_SETTINGS_KEY));
  return parsed.success ? parsed.data : DEFAULT_CONTRACT_REVIEW_SETTINGS;
}

/** What the contract actions may record from the town's policy (CaseModule.policy). */
export function contractPolicy(town: TownSettings): Record<string, unknown> {
  return { [CONTRACT_REVIEW_POLICY]: contractSettingsOf(town) };
}

export async function contractSettingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const read = requireTypeAccess('contract', 'read');
  const words = {
    read: '您的角色无权查看合同审查设置',
    write: '您的角色无权修改合同审查设置（限党政办、司法所、镇领导）',
  };
  const accessOf = (req: FastifyRequest) =>
    townRegisterAccess(
      db(),
      req.auth,
      {
        readers: contract.access.read,
        writers: CONTRACT_SETTINGS_EDITORS,
      },
      words,
    );

  const view = async (townId: number, townName: string, canEdit: boolean) => {
    services.cases.townSettings.invalidate(townId);
    const settings = await services.cases.townSettings.forTown(db(), townId);
    return {
      ...contractSettingsOf(settings),
      townId: String(townId),
      townName,
      version: settings.version(CONTRACT_SETTINGS_KEY),
      canEdit,
    };
  };

  app.get(
    '/api/decisions/contract-settings',
    {
      preHandler: read,
      schema: {
        tags: ['依法决策'],
        summary: '合同审查设置（本镇审查期限、须集体讨论的金额）',
        querystring: ContractSettingsQuerySchema,
        response: { 200: ContractSettingsViewSchema },
      },
    },
    async (request) => {
      const acc = await accessOf(request);
      const town = readTown(acc, request.query.townId);
      return view(town.id, town.name, acc.writeTowns.includes(town.id));
    },
  );

  app.put(
    '/api/decisions/contract-settings',
    {
      preHandler: read,
      schema: {
        tags: ['依法决策'],
        summary: '修改合同审查设置（适用于此后送审的合同）',
        querystring: ContractSettingsQuerySchema,
        body: ContractSettingsPutBodySchema,
        response: { 200: ContractSettingsViewSchema },
      },
    },
    async (request) => {
      const acc = await accessOf(request);
      const town = readTown(acc, request.query.townId);
      if (!acc.auth.permissions.includes('case:write') || !acc.writeTowns.includes(town.id)) {
        throw new AppError('FORBIDDEN', words.write);
      }
      const { version, ...value } = request.body;
      const now = services.now();
      await db()
        .transaction()
        .execute(async (trx) => {
          const current = await lockTownSetting(trx, town.id, CONTRACT_SETTINGS_KEY);
          const currentVersion = current?.version ?? 0;
          if (currentVersion !== version) {
            throw new AppError('VERSION_CONFLICT', '合同审查设置已被他人修改，请刷新后再试', {
              details: { currentVersion },
            });
          }
          await saveTownSetting(trx, {
            townId: town.id,
            key: CONTRACT_SETTINGS_KEY,
            value,
            version: currentVersion + 1,
            at: now,
            by: acc.auth.userId,
          });
          await appendAudit(
            trx,
            auditOf(request, now, 'settings.contract_review.update', `town:${town.id}`, 'success', {
              before: current?.value ?? null,
              after: value,
            }),
          );
        });
      return view(town.id, town.name, true);
    },
  );
}
