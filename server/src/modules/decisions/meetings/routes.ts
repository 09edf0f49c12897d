/**
 * The meetings over HTTP (domain/api/decisions-meetings.ts is the contract). Reads need
 * case:read and a town office role over the town; writes case:write and the 镇领导, 党政办 or
 * 司法所 role over the town (./access.ts). A meeting of a town out of reach is a 404. The case
 * page's 集体讨论 card reads `/api/cases/:id/meetings`, open to whoever reads the case.
 */
import {
  CaseMeetingsSchema,
  ItemBodySchema,
  ItemsOrderBodySchema,
  ItemUpdateBodySchema,
  MeetingCancelBodySchema,
  MeetingCreateBodySchema,
  MeetingDetailSchema,
  MeetingHoldBodySchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingUpdateBodySchema,
  VersionBodySchema,
} from '@fazhi/domain/api/decisions-meetings';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { townInfo } from '../../../cases/repository.ts';
import { auditorOf } from '../../../http/context.ts';
import { attachmentDisposition, DOCX_MIME } from '../../../http/files.ts';
import { requireAuth, requirePermission } from '../../../platform/context.ts';
import { meetingAccess, requireReader, requireWriter } from './access.ts';
import { meetingMinutes, minutesFileName } from './minutes.ts';
import type { MeetingService } from './service.ts';

const id = (label: string) => z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe(label);
const IdParams = z.strictObject({ id: id('会议编号') });
const ItemParams = z.strictObject({ id: id('会议编号'), itemId: id('议题编号') });
const CaseParams = z.strictObject({ id: id('案件编号') });
const TAGS = ['依法决策'];

export async function meetingRoutes(fastify: FastifyInstance, meetings: MeetingService) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const reader = async (req: FastifyRequest) => {
    const acc = await meetingAccess(db(), req.auth);
    requireReader(acc);
    return acc;
  };
  const writer = async (req: FastifyRequest) => {
    const acc = await reader(req);
    requireWriter(acc);
    return acc;
  };
  const Detail = { 200: MeetingDetailSchema };

  app.get(
    '/api/meetings',
    {
      schema: {
        tags: TAGS,
        summary: '会议（按年月、类型、状态）',
        querystring: MeetingListQuerySchema,
        response: { 200: MeetingListSchema },
      },
    },
    async (request) => meetings.list(await reader(request), request.query),
  );

  app.post(
    '/api/meetings',
    { schema: { tags: TAGS, summary: '安排会议', body: MeetingCreateBodySchema, response: Detail } },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return meetings.create(acc, request.body, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/meetings/:id',
    { schema: { tags: TAGS, summary: '会议详情（参会人员、议题、讨论情况）', params: IdParams, response: Detail } },
    async (request) => meetings.get(await reader(request), request.params.id),
  );

  app.patch(
    '/api/meetings/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改会议安排',
        params: IdParams,
        body: MeetingUpdateBodySchema,
        response: Detail,
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return meetings.update(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  app.post(
    '/api/meetings/:id/items',
    { schema: { tags: TAGS, summary: '添加议题', params: IdParams, body: ItemBodySchema, response: Detail } },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return meetings.addItem(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  app.patch(
    '/api/meetings/:id/items/:itemId',
    {
      schema: { tags: TAGS, summary: '修改议题', params: ItemParams, body: ItemUpdateBodySchema, response: Detail },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const { id, itemId } = request.params;
      return meetings.updateItem(acc, id, itemId, request.body, now, auditorOf(request, now));
    },
  );

  app.post(
    '/api/meetings/:id/items/:itemId/remove',
    {
      schema: { tags: TAGS, summary: '删除议题', params: ItemParams, body: VersionBodySchema, response: Detail },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const { id, itemId } = request.params;
      return meetings.removeItem(acc, id, itemId, request.body.version, now, auditorOf(request, now));
    },
  );

  app.post(
    '/api/meetings/:id/items/order',
    {
      schema: { tags: TAGS, summary: '调整议题顺序', params: IdParams, body: ItemsOrderBodySchema, response: Detail },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return meetings.reorder(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  app.post(
    '/api/meetings/:id/hold',
    {
      schema: {
        tags: TAGS,
        summary: '记录会议召开（出席情况、各议题发言意见与结论；条例第三十条）',
        params: IdParams,
        body: MeetingHoldBodySchema,
        response: Detail,
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return meetings.hold(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  app.post(
    '/api/meetings/:id/cancel',
    {
      schema: { tags: TAGS, summary: '取消会议', params: IdParams, body: MeetingCancelBodySchema, response: Detail },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      return meetings.cancel(acc, request.params.id, request.body, now, auditorOf(request, now));
    },
  );

  app.get(
    '/api/meetings/:id/minutes.docx',
    { schema: { tags: TAGS, summary: '下载会议纪要（Word）', params: IdParams } },
    async (request, reply) => {
      const d = await meetings.forMinutes(await reader(request), request.params.id);
      const town = await townInfo(db(), Number(d.townId));
      const data = await meetingMinutes(town, d);
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentDisposition(minutesFileName(d)))
        .send(data);
    },
  );

  app.get(
    '/api/cases/:id/meetings',
    {
      schema: {
        tags: TAGS,
        summary: '决定本案的会议议题（集体讨论）',
        params: CaseParams,
        response: { 200: CaseMeetingsSchema },
      },
    },
    async (request) => {
      requirePermission(requireAuth(request.auth), 'case:read');
      return meetings.ofCase(request.auth, await meetingAccess(db(), request.auth), request.params.id);
    },
  );
}
