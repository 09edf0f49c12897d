import { SecuritySettingsPutSchema, SecuritySettingsViewSchema } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditorOf } from '../http/context.ts';
import { requirePermission } from '../platform/context.ts';

export async function settingsRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;

  app.get(
    '/api/settings/security',
    { schema: { tags: ['安全管理'], summary: '安全策略', response: { 200: SecuritySettingsViewSchema } } },
    async (request) => {
      requirePermission(request.auth, 'security:manage');
      return services.settings.security();
    },
  );

  app.put(
    '/api/settings/security',
    {
      schema: {
        tags: ['安全管理'],
        summary: '修改安全策略',
        body: SecuritySettingsPutSchema,
        response: { 200: SecuritySettingsViewSchema },
      },
    },
    async (request) => {
      requirePermission(request.auth, 'security:manage');
      const { version, ...value } = request.body;
      const now = services.now();
      return services.settings.saveSecurity(value, version, request.auth!.userId, now, auditorOf(request, now));
    },
  );
}
