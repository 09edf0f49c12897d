/**
 * 法治政府建设年度报告 over HTTP (domain/api/reports.ts is the contract). Reads need
 * report:read; a report outside the user's towns (or a county user's look at a draft) is a
 * 404. Writes check the office, the 法治办 or the leader per action in the service.
 */

import { AppError } from '@fazhi/domain';
import {
  CountyOverviewSchema,
  CountyQuerySchema,
  ReportActionBodySchema,
  ReportCreateBodySchema,
  ReportDetailSchema,
  ReportFactsResponseSchema,
  ReportListQuerySchema,
  ReportListResponseSchema,
  ReportPublishBodySchema,
  ReportReturnBodySchema,
  SectionAssignBodySchema,
  SectionSubmitBodySchema,
  SectionUpdateBodySchema,
} from '@fazhi/domain/api/reports';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { docxToPdf, hasLibreOffice } from '../documents/render.ts';
import { auditOf } from '../http/context.ts';
import { attachmentDisposition } from '../http/files.ts';
import { appendAudit } from '../platform/audit.ts';
import { requirePermission } from '../platform/context.ts';
import { reportAccess } from './access.ts';
import { exportFileName, reportDocx } from './export.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('报告编号'),
});
const SectionParams = IdParams.extend({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_.]{0,60}$/, '章节标识无效')
    .describe('章节'),
});
const TAGS = ['年度报告'];
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const { reports } = services;
  const reader = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'report:read');
    return reportAccess(db(), req.auth);
  };
  const writer = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'report:write');
    return reportAccess(db(), req.auth);
  };
  const approver = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'report:approve');
    return reportAccess(db(), req.auth);
  };
  const auditor =
    (req: FastifyRequest, now: Date) => (action: string, target: string, details?: Record<string, unknown>) =>
      auditOf(req, now, action, target, 'success', details);
  const detail = async (req: FastifyRequest, id: number) =>
    reports.detail(await reader(req), id, services.now(), await hasLibreOffice());

  app.get(
    '/api/reports',
    {
      schema: {
        tags: TAGS,
        summary: '年度报告列表（含报送、公开期限提醒）',
        querystring: ReportListQuerySchema,
        response: { 200: ReportListResponseSchema },
      },
    },
    async (request) => reports.list(await reader(request), request.query.year, services.now()),
  );

  app.post(
    '/api/reports',
    {
      schema: {
        tags: TAGS,
        summary: '新建年度报告（法治办；按提纲生成章节并分配科室）',
        body: ReportCreateBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const id = await reports.create(acc, request.body, acc.auth.userId, now, auditor(request, now));
      return detail(request, id);
    },
  );

  app.get(
    '/api/reports/county',
    {
      schema: {
        tags: TAGS,
        summary: '全县各镇年度报告报送、公开情况',
        querystring: CountyQuerySchema,
        response: { 200: CountyOverviewSchema },
      },
    },
    async (request) => reports.county(await reader(request), request.query.year, services.now()),
  );

  app.get(
    '/api/reports/:id',
    { schema: { tags: TAGS, summary: '年度报告详情', params: IdParams, response: { 200: ReportDetailSchema } } },
    async (request) => detail(request, request.params.id),
  );

  app.get(
    '/api/reports/:id/facts',
    {
      schema: {
        tags: TAGS,
        summary: '可插入的数据（按模块，含当前数值）',
        params: IdParams,
        response: { 200: ReportFactsResponseSchema },
      },
    },
    async (request) => reports.factCatalogue(await reader(request), request.params.id, services.now()),
  );

  app.put(
    '/api/reports/:id/sections/:key',
    {
      schema: {
        tags: TAGS,
        summary: '撰写章节（承办科室、法治办）',
        params: SectionParams,
        body: SectionUpdateBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const { id, key } = request.params;
      await reports.updateSection(acc, id, key, request.body, now, auditor(request, now));
      return detail(request, id);
    },
  );

  app.post(
    '/api/reports/:id/sections/:key/submit',
    {
      schema: {
        tags: TAGS,
        summary: '提交或撤回本节',
        params: SectionParams,
        body: SectionSubmitBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const { id, key } = request.params;
      await reports.submitSection(acc, id, key, request.body, now, auditor(request, now));
      return detail(request, id);
    },
  );

  app.post(
    '/api/reports/:id/sections/:key/assign',
    {
      schema: {
        tags: TAGS,
        summary: '分配承办科室（法治办）',
        params: SectionParams,
        body: SectionAssignBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const { id, key } = request.params;
      await reports.assignSection(acc, id, key, request.body, now, auditor(request, now));
      return detail(request, id);
    },
  );

  app.post(
    '/api/reports/:id/submit',
    {
      schema: {
        tags: TAGS,
        summary: '汇编完成，提交镇领导审定（法治办）',
        params: IdParams,
        body: ReportActionBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      await reports.submit(acc, request.params.id, request.body.version, now, auditor(request, now));
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/reports/:id/approve',
    {
      schema: {
        tags: TAGS,
        summary: '审定（镇领导；冻结文本与数据）',
        params: IdParams,
        body: ReportActionBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await approver(request);
      const now = services.now();
      await reports.approve(acc, request.params.id, request.body.version, now, auditor(request, now));
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/reports/:id/return',
    {
      schema: {
        tags: TAGS,
        summary: '退回修改（镇领导）',
        params: IdParams,
        body: ReportReturnBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await approver(request);
      const now = services.now();
      await reports.return(acc, request.params.id, request.body.version, request.body.note, now, auditor(request, now));
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/api/reports/:id/publish',
    {
      schema: {
        tags: TAGS,
        summary: '登记公开情况（法治办）',
        params: IdParams,
        body: ReportPublishBodySchema,
        response: { 200: ReportDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      await reports.publish(acc, request.params.id, request.body, now, auditor(request, now));
      return detail(request, request.params.id);
    },
  );

  const exportRoute = (ext: 'docx' | 'pdf') =>
    app.get(
      `/api/reports/:id/export.${ext}`,
      {
        schema: {
          tags: TAGS,
          summary:
            ext === 'docx' ? '导出 Word（公文格式；已审定的为冻结版本）' : '导出 PDF（需服务器安装 LibreOffice）',
          params: IdParams,
        },
      },
      async (request, reply) => {
        const acc = await reader(request);
        const now = services.now();
        const r = await reports.renderable(acc, request.params.id, now);
        if (ext === 'pdf' && !(await hasLibreOffice())) {
          throw new AppError('CONFLICT', '服务器未安装 LibreOffice，无法生成 PDF，请导出 Word 文档');
        }
        const docx = await reportDocx(r);
        const data = ext === 'docx' ? docx : await docxToPdf(docx);
        await appendAudit(
          db(),
          auditOf(request, now, 'report.export', `report:${request.params.id}`, 'success', {
            format: ext,
            draft: r.draft,
          }),
        );
        return reply
          .header('content-type', ext === 'docx' ? DOCX_MIME : 'application/pdf')
          .header('content-disposition', attachmentDisposition(exportFileName(r, ext)))
          .send(data);
      },
    );
  exportRoute('docx');
  exportRoute('pdf');
}
