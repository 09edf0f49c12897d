/**
 * Inspection records over HTTP (domain/api/safety-inspections.ts is the contract). Readers:
 * SAFETY_READER_ROLES within their scope (a village its own units); writers: 安监办
 * (./access.ts). A record out of reach is a 404.
 */
import {
  InspectionCreateBodySchema,
  InspectionDetailSchema,
  InspectionListQuerySchema,
  InspectionListSchema,
  InspectionOptionsSchema,
  PhotoUploadQuerySchema,
  SafetyPhotoViewSchema,
} from '@fazhi/domain/api/safety-inspections';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditorOf } from '../../../http/context.ts';
import { attachmentDisposition, DOCX_MIME, singleFile } from '../../../http/files.ts';
import { requireSafetyWriter, safetyAccess } from './access.ts';
import type { InspectionService } from './service.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});
const TAGS = ['安全生产'];

export async function inspectionRoutes(fastify: FastifyInstance, { inspections }: { inspections: InspectionService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;

  app.post(
    '/api/safety/inspections',
    {
      schema: {
        tags: TAGS,
        summary: '登记现场检查记录（同一草稿编号重复提交返回原记录）',
        body: InspectionCreateBodySchema,
        response: { 200: InspectionDetailSchema },
      },
    },
    async (request, reply) => {
      const acc = safetyAccess(request.auth);
      const now = services.now();
      const r = await inspections.create(acc, request.body, now, auditorOf(request, now));
      // Tells the phone its resend found the record already there.
      if (r.replay) reply.header('x-fazhi-replay', '1');
      return inspections.detail(acc, r.id);
    },
  );

  app.get(
    '/api/safety/inspections',
    {
      schema: {
        tags: TAGS,
        summary: '现场检查记录列表',
        querystring: InspectionListQuerySchema,
        response: { 200: InspectionListSchema },
      },
    },
    async (request) => inspections.list(safetyAccess(request.auth), request.query),
  );

  app.get(
    '/api/safety/inspection-options',
    {
      schema: { tags: TAGS, summary: '现场检查表单的可选单位和检查表', response: { 200: InspectionOptionsSchema } },
    },
    async (request) => inspections.options(safetyAccess(request.auth), services.now()),
  );

  app.get(
    '/api/safety/inspections/:id',
    {
      schema: { tags: TAGS, summary: '现场检查记录详情', params: IdParams, response: { 200: InspectionDetailSchema } },
    },
    async (request) => inspections.detail(safetyAccess(request.auth), request.params.id),
  );

  app.get(
    '/api/safety/inspections/:id/record.docx',
    { schema: { tags: TAGS, summary: '下载现场检查记录（Word）', params: IdParams } },
    async (request, reply) => {
      const r = await inspections.record(safetyAccess(request.auth), request.params.id);
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentDisposition(r.name))
        .send(r.data);
    },
  );

  app.post(
    '/api/safety/photos',
    {
      schema: {
        tags: TAGS,
        summary: '上传现场照片（multipart，字段 file；拍摄时间和位置可由手机读出后附在查询参数中）',
        querystring: PhotoUploadQuerySchema,
        response: { 200: SafetyPhotoViewSchema },
      },
    },
    async (request) => {
      const acc = safetyAccess(request.auth);
      // Refused before a byte of the upload is read.
      requireSafetyWriter(acc);
      const file = await singleFile(request, { label: '照片' });
      const now = services.now();
      return inspections.uploadPhoto(acc, file, request.query, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/safety/photos/:id',
    { schema: { tags: TAGS, summary: '查看现场照片', params: IdParams } },
    async (request, reply) => {
      const f = await inspections.photoFile(safetyAccess(request.auth), request.params.id);
      return reply
        .header('content-type', f.mime)
        .header('cache-control', 'private, max-age=86400')
        .header('content-disposition', attachmentDisposition(f.name, 'inline'))
        .send(f.data);
    },
  );
}
