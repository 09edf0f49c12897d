/**
 * The public 公示 routes: no session needed, GET only, under /api/public/ (the one prefix the
 * forced password change lets through, app.ts). They answer the same to everyone, signed in
 * or not, and show only what publicity/service.ts makes public.
 */
import { PublicEnforcementSchema, PublicTownListSchema, PublicTownParamsSchema } from '@fazhi/domain/api/enforcement';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { PublicityService } from './service.ts';

const TAGS = ['公示'];

export async function publicityRoutes(fastify: FastifyInstance, { publicity }: { publicity: PublicityService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;

  app.get(
    '/api/public/towns',
    { schema: { tags: TAGS, summary: '公示：乡镇列表（无需登录）', response: { 200: PublicTownListSchema } } },
    async () => publicity.towns(),
  );

  app.get(
    '/api/public/enforcement/:townCode',
    {
      schema: {
        tags: TAGS,
        summary: '公示：执法主体、执法人员、权责清单、程序与救济、处罚决定（无需登录）',
        params: PublicTownParamsSchema,
        response: { 200: PublicEnforcementSchema },
      },
    },
    async (request) => publicity.enforcement(request.params.townCode, services.now()),
  );
}
