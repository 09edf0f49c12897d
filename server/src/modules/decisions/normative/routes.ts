/**
 * The normative documents' routes (domain/api/decisions-normative.ts): the register (readers of
 * the `normative` type, through `visibleCase`), the public list of documents in force (no
 * session, GET under /api/public/) and the county's filing period (read by anyone reading the
 * type; written by the county's 备案审查 role for its own county).
 */
import {
  FilingSettingsInputSchema,
  FilingSettingsListSchema,
  FilingSettingsParamsSchema,
  FilingSettingsSchema,
  NormativeRegisterQuerySchema,
  NormativeRegisterSchema,
  PublicNormativeSchema,
} from '@fazhi/domain/api/decisions-normative';
import { PublicTownParamsSchema } from '@fazhi/domain/api/enforcement';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { caseAccess, requireTypeAccess } from '../../../cases/access.ts';
import { auditorOf } from '../../../http/context.ts';
import { requireAuth } from '../../../platform/context.ts';
import type { NormativeService } from './service.ts';

const TAGS = ['依法决策'];

export async function normativeRoutes(fastify: FastifyInstance, normative: NormativeService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const read = requireTypeAccess('normative', 'read');

  app.get(
    '/api/decisions/normative/register',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '规范性文件登记簿（现行有效或全部）',
        querystring: NormativeRegisterQuerySchema,
        response: { 200: NormativeRegisterSchema },
      },
    },
    async (request) => normative.register(await caseAccess(db(), request.auth, services.registry), request.query),
  );

  app.get(
    '/api/decisions/normative/filing-settings',
    {
      preHandler: read,
      schema: { tags: TAGS, summary: '规范性文件报备期限（按县设置）', response: { 200: FilingSettingsListSchema } },
    },
    async (request) => ({ counties: await normative.filingSettings(requireAuth(request.auth)) }),
  );

  app.put(
    '/api/decisions/normative/filing-settings/:countyId',
    {
      preHandler: requireTypeAccess('normative', 'write'),
      schema: {
        tags: TAGS,
        summary: '设置本县规范性文件报备期限',
        params: FilingSettingsParamsSchema,
        body: FilingSettingsInputSchema,
        response: { 200: FilingSettingsSchema },
      },
    },
    async (request) => {
      const now = services.now();
      return normative.setFilingDays(
        requireAuth(request.auth),
        request.params.countyId,
        request.body,
        now,
        auditorOf(request, now),
      );
    },
  );

  app.get(
    '/api/public/normative/:townCode',
    {
      schema: {
        tags: ['公示'],
        summary: '公示：现行有效的行政规范性文件（无需登录）',
        params: PublicTownParamsSchema,
        response: { 200: PublicNormativeSchema },
      },
    },
    async (request) => normative.publicList(request.params.townCode, services.now()),
  );
}
