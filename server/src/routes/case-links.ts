/**
 * Links between cases over HTTP (cases/links.ts; the contract is domain/api/cases.ts).
 * A case out of the user's scope is a 404 here as on every case route.
 */
import { CaseLinksResponseSchema, CreateCaseLinkBodySchema } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseIdParams, caseSubRouteHelpers } from './case-sub-routes.ts';

const LinkParams = CaseIdParams.extend({
  linkId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('关联编号'),
});

export async function caseLinkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const { access, auditor } = caseSubRouteHelpers(fastify);

  app.get(
    '/api/cases/:id/links',
    {
      schema: {
        tags: ['案件'],
        summary: '关联案件（双向，仅列出本人可查看的案件）',
        params: CaseIdParams,
        response: { 200: CaseLinksResponseSchema },
      },
    },
    async (request) => services.caseLinks.list(await access(request, 'case:read'), request.params.id),
  );

  app.post(
    '/api/cases/:id/links',
    {
      schema: {
        tags: ['案件'],
        summary: '添加关联案件（本案件为关联的起点）',
        params: CaseIdParams,
        body: CreateCaseLinkBodySchema,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const a = await access(request, 'case:write');
      const now = services.now();
      const b = request.body;
      const target =
        b.toCaseId !== undefined
          ? { toCaseId: Number(b.toCaseId), kind: b.kind, note: b.note }
          : { toNumber: b.toNumber ?? '', kind: b.kind, note: b.note };
      return services.caseLinks.create(a, request.params.id, target, now, auditor(request, now));
    },
  );

  app.delete(
    '/api/cases/:id/links/:linkId',
    {
      schema: {
        tags: ['案件'],
        summary: '删除关联案件',
        params: LinkParams,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      const a = await access(request, 'case:write');
      const now = services.now();
      await services.caseLinks.remove(a, request.params.id, request.params.linkId, auditor(request, now));
      return { ok: true as const };
    },
  );
}
