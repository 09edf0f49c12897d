/**
 * 开门接访 and 带案下访 over HTTP (domain/cases/petition-receptions.ts is the contract).
 * Reads need case:read and see what receptions.ts allows; writes need case:write and a
 * 信访办 or 镇领导 role over the town (403), on a record the user can see (404 otherwise).
 */
import {
  RangeQuerySchema,
  ReceptionCreateBodySchema,
  ReceptionListSchema,
  ReceptionSlotBodySchema,
  ReceptionSlotListSchema,
  ReceptionSlotUpdateSchema,
  ReceptionSlotViewSchema,
  ReceptionViewSchema,
  VisitBodySchema,
  VisitListQuerySchema,
  VisitListSchema,
  VisitUpdateSchema,
  VisitViewSchema,
} from '@fazhi/domain/cases/petition-receptions';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireTypeAccess } from '../../cases/access.ts';
import { toBuffer } from '../../documents/build.ts';
import { auditOf } from '../../http/context.ts';
import { attachmentDisposition, DOCX_MIME } from '../../http/files.ts';
import { appendAudit } from '../../platform/audit.ts';
import { requirePermission } from '../../platform/context.ts';
import { receptionAccess } from './reception-access.ts';
import { receptionRegister, visitRecord } from './reception-documents.ts';
import type { ReceptionService } from './receptions.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});
const TAGS = ['信访'];

/** `receptions` is built once, by the module's manifest (./index.ts), not per registration. */
export async function receptionRoutes(fastify: FastifyInstance, { receptions }: { receptions: ReceptionService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  // The module's data is its case type's material: refused (403) to a role the type does not admit.
  const read = requireTypeAccess('petition', 'read');
  const write = requireTypeAccess('petition', 'write');
  const reader = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'case:read');
    return receptionAccess(db(), req.auth, services.registry);
  };
  const writer = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'case:write');
    const acc = await receptionAccess(db(), req.auth, services.registry);
    receptions.requireWriter(acc);
    return acc;
  };
  const auditor =
    (req: FastifyRequest, now: Date) => (action: string, target: string, details?: Record<string, unknown>) =>
      auditOf(req, now, action, target, 'success', details);

  // ── 接访安排 ──────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/petition-reception-slots',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '领导接访安排（按日期范围）',
        querystring: RangeQuerySchema,
        response: { 200: ReceptionSlotListSchema },
      },
    },
    async (request) => receptions.listSlots(await reader(request), request.query),
  );

  app.post(
    '/api/petition-reception-slots',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '新增接访安排',
        body: ReceptionSlotBodySchema,
        response: { 200: ReceptionSlotViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const id = await receptions.createSlot(acc, request.body, now, auditor(request, now));
      return receptions.slot(acc, id);
    },
  );

  app.patch(
    '/api/petition-reception-slots/:id',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '修改、公布或取消接访安排',
        params: IdParams,
        body: ReceptionSlotUpdateSchema,
        response: { 200: ReceptionSlotViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      await receptions.updateSlot(acc, request.params.id, request.body, now, auditor(request, now));
      return receptions.slot(acc, request.params.id);
    },
  );

  // ── 接访记录 ──────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/petition-receptions',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '领导接访记录',
        querystring: RangeQuerySchema,
        response: { 200: ReceptionListSchema },
      },
    },
    async (request) => receptions.listReceptions(await reader(request), request.query),
  );

  app.post(
    '/api/petition-receptions',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '登记领导接访（每位来访人当场答复或登记为信访事项）',
        body: ReceptionCreateBodySchema,
        response: { 200: ReceptionViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const id = await receptions.createReception(acc, request.body, now, auditor(request, now));
      return receptions.reception(acc, id);
    },
  );

  app.get(
    '/api/petition-receptions/:id',
    {
      preHandler: read,
      schema: { tags: TAGS, summary: '接访记录详情', params: IdParams, response: { 200: ReceptionViewSchema } },
    },
    async (request) => receptions.reception(await reader(request), request.params.id),
  );

  app.get(
    '/api/petition-receptions/:id/register.docx',
    { preHandler: read, schema: { tags: TAGS, summary: '下载接访登记表（.docx）', params: IdParams } },
    async (request, reply) => {
      const acc = await reader(request);
      const { view, full, town } = await receptions.receptionForDocument(acc, request.params.id);
      const now = services.now();
      // Full ID and phone numbers only for those who may unmask them; the download is audited either way.
      await appendAudit(
        db(),
        auditOf(request, now, 'reception.document', `reception:${view.id}`, 'success', {
          unmasked: acc.cases.canUnmask,
        }),
      );
      const buffer = await toBuffer(receptionRegister(town, view, acc.cases.canUnmask ? full : new Map()));
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentDisposition(`接访登记表-${view.receivedOn}-${view.leaderName}.docx`))
        .send(buffer);
    },
  );

  // ── 下访记录 ──────────────────────────────────────────────────────────────────────────

  app.get(
    '/api/petition-visits',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '领导带案下访记录（可按案件查）',
        querystring: VisitListQuerySchema,
        response: { 200: VisitListSchema },
      },
    },
    async (request) => receptions.listVisits(await reader(request), request.query),
  );

  app.post(
    '/api/petition-visits',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '登记领导带案下访',
        body: VisitBodySchema,
        response: { 200: VisitViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const id = await receptions.createVisit(acc, request.body, now, auditor(request, now));
      return receptions.visit(acc, id);
    },
  );

  app.get(
    '/api/petition-visits/:id',
    {
      preHandler: read,
      schema: { tags: TAGS, summary: '下访记录详情', params: IdParams, response: { 200: VisitViewSchema } },
    },
    async (request) => receptions.visit(await reader(request), request.params.id),
  );

  app.patch(
    '/api/petition-visits/:id',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '补充下访记录（化解情况、后续措施、所带案件）',
        params: IdParams,
        body: VisitUpdateSchema,
        response: { 200: VisitViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      await receptions.updateVisit(acc, request.params.id, request.body, now, auditor(request, now));
      return receptions.visit(acc, request.params.id);
    },
  );

  app.get(
    '/api/petition-visits/:id/record.docx',
    { preHandler: read, schema: { tags: TAGS, summary: '下载下访记录（.docx）', params: IdParams } },
    async (request, reply) => {
      const acc = await reader(request);
      const view = await receptions.visit(acc, request.params.id);
      const town = await receptions.townNames(await receptions.visitTown(request.params.id));
      const buffer = await toBuffer(visitRecord(town, view));
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentDisposition(`下访记录-${view.visitedOn}-${view.unitName}.docx`))
        .send(buffer);
    },
  );
}
