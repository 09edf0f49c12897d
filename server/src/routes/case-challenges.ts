/**
 * 行政复议 and 行政诉讼 registered on a case over HTTP (cases/challenges.ts; the contract is
 * domain/api/challenges.ts). A case out of the user's scope is a 404 here as on every case route.
 */
import { ChallengesResponseSchema, CloseChallengeBodySchema, CreateChallengeBodySchema } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CaseIdParams, caseSubRouteHelpers } from './case-sub-routes.ts';

const ChallengeParams = CaseIdParams.extend({
  cid: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('复议或诉讼编号'),
});

export async function caseChallengeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const { access, auditor } = caseSubRouteHelpers(fastify);

  app.get(
    '/api/cases/:id/challenges',
    {
      schema: {
        tags: ['案件'],
        summary: '本案的行政复议、行政诉讼',
        params: CaseIdParams,
        response: { 200: ChallengesResponseSchema },
      },
    },
    async (request) => services.challenges.list(await access(request, 'case:read'), request.params.id),
  );

  app.post(
    '/api/cases/:id/challenges',
    {
      schema: {
        tags: ['案件'],
        summary: '登记行政复议或行政诉讼',
        params: CaseIdParams,
        body: CreateChallengeBodySchema,
        response: { 200: z.object({ id: z.string() }) },
      },
    },
    async (request) => {
      const a = await access(request, 'case:write');
      const now = services.now();
      return services.challenges.create(a, request.params.id, request.body, now, auditor(request, now));
    },
  );

  app.patch(
    '/api/cases/:id/challenges/:cid',
    {
      schema: {
        tags: ['案件'],
        summary: '记录行政复议或行政诉讼的结果',
        params: ChallengeParams,
        body: CloseChallengeBodySchema,
        response: { 200: z.object({ version: z.number() }) },
      },
    },
    async (request) => {
      const a = await access(request, 'case:write');
      const now = services.now();
      const { id, cid } = request.params;
      return services.challenges.close(a, id, cid, request.body, now, auditor(request, now));
    },
  );
}
