/**
 * The register of production and business units over HTTP (domain/api/safety-units.ts is the
 * contract). Reads need case:read and a safety reader role over the town (a 村居干部: their
 * village's units); writes case:write and the 安监办 role over the town (./access.ts). A unit
 * or town out of reach is a 404.
 */
import {
  UnitCreateBodySchema,
  UnitImportQuerySchema,
  UnitImportResultSchema,
  UnitListQuerySchema,
  UnitListSchema,
  UnitOverviewSchema,
  UnitUpdateBodySchema,
  UnitVersionBodySchema,
  UnitViewSchema,
} from '@fazhi/domain/api/safety-units';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditOf, auditorOf } from '../../../http/context.ts';
import { attachmentDisposition, singleFile, XLSX_MIME } from '../../../http/files.ts';
import { importLimits } from '../../../http/xlsx-import.ts';
import { appendAudit } from '../../../platform/audit.ts';
import { requireReader, requireWriter, unitAccess, writeTown } from './access.ts';
import { importUnits, unitTemplate } from './import.ts';
import * as repo from './repository.ts';
import type { UnitService } from './service.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('单位编号'),
});
const TownQuery = z.object({ townId: UnitImportQuerySchema.shape.townId }).strict();
const TAGS = ['安全生产'];

export async function unitRoutes(fastify: FastifyInstance, { units }: { units: UnitService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const reader = async (req: FastifyRequest) => {
    const acc = await unitAccess(db(), req.auth);
    requireReader(acc);
    return acc;
  };
  const writer = async (req: FastifyRequest) => {
    const acc = await reader(req);
    requireWriter(acc);
    return acc;
  };

  app.get(
    '/api/safety/units',
    {
      schema: {
        tags: TAGS,
        summary: '生产经营单位（筛选、分页）',
        querystring: UnitListQuerySchema,
        response: { 200: UnitListSchema },
      },
    },
    async (request) => units.list(await reader(request), request.query, services.now()),
  );

  app.post(
    '/api/safety/units',
    {
      schema: {
        tags: TAGS,
        summary: '登记生产经营单位',
        body: UnitCreateBodySchema,
        response: { 200: UnitViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return units.create(acc, request.body, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/safety/units/import-template',
    { schema: { tags: TAGS, summary: '下载生产经营单位导入模板（.xlsx）', querystring: TownQuery } },
    async (request, reply) => {
      const acc = await writer(request);
      const townId = writeTown(acc, request.query.townId);
      const villages = await repo.villages(db(), townId);
      const buffer = await unitTemplate(villages.map((v) => v.name.replace(/(村民委员会|居民委员会)$/, '')));
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentDisposition('生产经营单位导入模板.xlsx'))
        .send(buffer);
    },
  );

  app.post(
    '/api/safety/units/import',
    {
      schema: {
        tags: TAGS,
        summary: '批量导入生产经营单位（全部正确才保存，或仅导入正确的行；错误报告 .xlsx）',
        querystring: UnitImportQuerySchema.extend({
          partial: z.enum(['1'], { error: '参数无效' }).optional().describe('仅导入正确的行'),
        }),
      },
    },
    async (request, reply) => {
      const acc = await writer(request);
      const townId = writeTown(acc, request.query.townId);
      const limits = importLimits(services.config);
      const file = await singleFile(request, { limitMb: limits.maxMb, label: '导入文件' });
      const now = services.now();
      const result = await importUnits(units, db(), townId, acc.auth.userId, file.data, {
        partial: request.query.partial === '1',
        now,
        audit: auditorOf(request, now),
        limits,
        // The error sheet is asked for after a failed upload: asking never saves a row.
        dryRun: request.query.report === 'xlsx',
      });
      if (request.query.report === 'xlsx') {
        return reply
          .header('content-type', XLSX_MIME)
          .header('content-disposition', attachmentDisposition('生产经营单位导入错误报告.xlsx'))
          .send(result.report);
      }
      await appendAudit(
        db(),
        auditOf(request, now, 'safety.unit.import', `town:${townId}`, result.imported > 0 ? 'success' : 'failure', {
          imported: result.imported,
          failed: result.failed,
        }),
      );
      const body = UnitImportResultSchema.parse({
        imported: result.imported,
        failed: result.failed,
        errors: result.errors,
      });
      return reply.status(result.failed > 0 && result.imported === 0 ? 422 : 200).send(body);
    },
  );

  app.get(
    '/api/safety/units/:id',
    {
      schema: {
        tags: TAGS,
        summary: '单位详情（证照、检查记录、隐患、处罚、第一百一十三条关闭提示）',
        params: IdParams,
        response: { 200: UnitOverviewSchema },
      },
    },
    async (request) => units.overview(await reader(request), request.params.id, services.now()),
  );

  app.put(
    '/api/safety/units/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改生产经营单位',
        params: IdParams,
        body: UnitUpdateBodySchema,
        response: { 200: UnitViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return units.update(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  for (const [path, active, summary] of [
    ['deactivate', false, '注销生产经营单位'],
    ['reactivate', true, '恢复生产经营单位'],
  ] as const) {
    app.post(
      `/api/safety/units/:id/${path}`,
      {
        schema: {
          tags: TAGS,
          summary,
          params: IdParams,
          body: UnitVersionBodySchema,
          response: { 200: UnitViewSchema },
        },
      },
      async (request) => {
        const acc = await writer(request);
        const now = services.now();
        return units.setActive(acc, request.params.id, active, request.body.version, now, auditorOf(request, now));
      },
    );
  }
}
