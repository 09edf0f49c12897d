/**
 * The enforcement register over HTTP (domain/api/enforcement.ts is the contract). Reads need
 * case:read and one of the reader roles over the town; writes case:write and the 执法队 or
 * 法治办 role over the town (./access.ts). A record of a town out of reach is a 404.
 */
import {
  OfficerCreateBodySchema,
  OfficerListSchema,
  OfficerUpdateBodySchema,
  OfficerUserOptionsSchema,
  OfficerViewSchema,
  PowerCreateBodySchema,
  PowerListSchema,
  PowerUpdateBodySchema,
  PowerViewSchema,
  RegisterQuerySchema,
} from '@fazhi/domain/api/enforcement';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditorOf } from '../../../http/context.ts';
import { registerAccess, requireReader, requireWriter } from './access.ts';
import type { RegisterService } from './service.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});
const TAGS = ['行政执法'];

export async function registerRoutes(fastify: FastifyInstance, { register }: { register: RegisterService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const reader = async (req: FastifyRequest) => {
    const acc = await registerAccess(services.database.db, req.auth);
    requireReader(acc);
    return acc;
  };
  const writer = async (req: FastifyRequest) => {
    const acc = await registerAccess(services.database.db, req.auth);
    requireReader(acc);
    requireWriter(acc);
    return acc;
  };

  app.get(
    '/api/enforcement/officers',
    {
      schema: {
        tags: TAGS,
        summary: '执法人员与执法证（含30日内到期提醒）',
        querystring: RegisterQuerySchema,
        response: { 200: OfficerListSchema },
      },
    },
    async (request) => register.listOfficers(await reader(request), request.query.townId, services.now()),
  );

  app.get(
    '/api/enforcement/officer-users',
    {
      schema: {
        tags: TAGS,
        summary: '可关联的本镇账号',
        querystring: RegisterQuerySchema,
        response: { 200: OfficerUserOptionsSchema },
      },
    },
    async (request) => register.officerUsers(await writer(request), request.query.townId),
  );

  app.post(
    '/api/enforcement/officers',
    {
      schema: {
        tags: TAGS,
        summary: '登记执法人员',
        body: OfficerCreateBodySchema,
        response: { 200: OfficerViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return register.createOfficer(acc, request.body, now, auditorOf(request, now));
    },
  );

  app.patch(
    '/api/enforcement/officers/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改、注销或恢复执法人员',
        params: IdParams,
        body: OfficerUpdateBodySchema,
        response: { 200: OfficerViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return register.updateOfficer(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/enforcement/powers',
    {
      schema: { tags: TAGS, summary: '权责清单', querystring: RegisterQuerySchema, response: { 200: PowerListSchema } },
    },
    async (request) => register.listPowers(await reader(request), request.query.townId),
  );

  app.post(
    '/api/enforcement/powers',
    {
      schema: { tags: TAGS, summary: '新增权责事项', body: PowerCreateBodySchema, response: { 200: PowerViewSchema } },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return register.createPower(acc, request.body, now, auditorOf(request, now));
    },
  );

  app.patch(
    '/api/enforcement/powers/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改或停用权责事项',
        params: IdParams,
        body: PowerUpdateBodySchema,
        response: { 200: PowerViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return register.updatePower(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );
}
