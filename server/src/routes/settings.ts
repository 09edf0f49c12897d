import { AppError, versionSchema } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditOf } from '../http/context.ts';
import { appendAudit } from '../platform/audit.ts';
import { requirePermission } from '../platform/context.ts';
import { SecuritySettingsSchema } from '../platform/settings.ts';

const PutBody = SecuritySettingsSchema.extend({ version: versionSchema(0) });

export async function settingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;

  app.get('/api/settings/security', { schema: { tags: ['安全管理'], summary: '安全策略' } }, async (request) => {
    requirePermission(request.auth, 'security:manage');
    return services.settings.security();
  });

  app.put(
    '/api/settings/security',
    { schema: { tags: ['安全管理'], summary: '修改安全策略', body: PutBody } },
    async (request) => {
      requirePermission(request.auth, 'security:manage');
      const { version, ...value } = request.body;
      const now = services.now();
      const db = services.database.db;
      await db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('settings')
          .select(['version', 'value'])
          .where('key', '=', 'security')
          .forUpdate()
          .executeTakeFirst();
        const currentVersion = current?.version ?? 0;
        if (currentVersion !== version) {
          throw new AppError('VERSION_CONFLICT', '安全策略已被他人修改，请刷新后再试', { details: { currentVersion } });
        }
        if (current) {
          await trx
            .updateTable('settings')
            .set({
              value: JSON.stringify(value),
              version: currentVersion + 1,
              updated_at: now,
              updated_by: request.auth!.userId,
            })
            .where('key', '=', 'security')
            .execute();
        } else {
          await trx
            .insertInto('settings')
            .values({ key: 'security', value: JSON.stringify(value), version: 1, updated_by: request.auth!.userId })
            .execute();
        }
        await appendAudit(
          trx,
          auditOf(request, now, 'settings.security.update', 'settings:security', 'success', {
            before: current?.value ?? null,
            after: value,
          }),
        );
      });
      services.settings.invalidate('security');
      return services.settings.security();
    },
  );
}
