/**
 * The legal advisers' register over HTTP (domain/api/decisions-advisers.ts is the contract). Reads
 * need case:read and one of the town's reader roles; writes case:write and the 党政办 or 司法所
 * role over the town (./service.ts `adviserAccess`). A record of a town out of reach is a 404.
 */
import {
  AdviserCreateBodySchema,
  AdviserListSchema,
  AdviserQuerySchema,
  AdviserUpdateBodySchema,
  AdviserViewSchema,
  OpinionCreateBodySchema,
  OpinionListSchema,
  OpinionQuerySchema,
  OpinionUpdateBodySchema,
  OpinionViewSchema,
} from '@fazhi/domain/api/decisions-advisers';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseAccess } from '../../../cases/access.ts';
import { auditorOf } from '../../../http/context.ts';
import { requireReader, requireWriter } from '../../../platform/town-registers.ts';
import { type AdviserService, adviserAccess } from './service.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});
const TAGS = ['依法决策'];

export async function adviserRoutes(fastify: FastifyInstance, advisers: AdviserService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const reader = async (req: FastifyRequest) => {
    const acc = await adviserAccess(db(), req.auth);
    requireReader(acc);
    return acc;
  };
  const writer = async (req: FastifyRequest) => {
    const acc = await reader(req);
    requireWriter(acc);
    return acc;
  };
  const cases = (req: FastifyRequest) => caseAccess(db(), req.auth, services.registry);

  app.get(
    '/api/decisions/advisers',
    {
      schema: {
        tags: TAGS,
        summary: '法律顾问名册',
        querystring: AdviserQuerySchema,
        response: { 200: AdviserListSchema },
      },
    },
    async (request) => advisers.list(await reader(request), request.query.townId, services.now()),
  );

  app.post(
    '/api/decisions/advisers',
    {
      schema: {
        tags: TAGS,
        summary: '登记法律顾问',
        body: AdviserCreateBodySchema,
        response: { 200: AdviserViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return advisers.create(acc, request.body, now, auditorOf(request, now));
    },
  );

  app.patch(
    '/api/decisions/advisers/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改、解聘或恢复法律顾问',
        params: IdParams,
        body: AdviserUpdateBodySchema,
        response: { 200: AdviserViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return advisers.update(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/decisions/adviser-opinions',
    {
      schema: {
        tags: TAGS,
        summary: '法律顾问出具的法律意见（可按年度、类别、顾问筛选）',
        querystring: OpinionQuerySchema,
        response: { 200: OpinionListSchema },
      },
    },
    async (request) => advisers.opinions(await reader(request), await cases(request), request.query),
  );

  app.post(
    '/api/decisions/adviser-opinions',
    {
      schema: {
        tags: TAGS,
        summary: '登记法律意见',
        body: OpinionCreateBodySchema,
        response: { 200: OpinionViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return advisers.createOpinion(acc, await cases(request), request.body, now, auditorOf(request, now));
    },
  );

  app.patch(
    '/api/decisions/adviser-opinions/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改法律意见',
        params: IdParams,
        body: OpinionUpdateBodySchema,
        response: { 200: OpinionViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return advisers.updateOpinion(
        acc,
        await cases(request),
        request.params.id,
        request.body,
        now,
        auditorOf(request, now),
      );
    },
  );
}
