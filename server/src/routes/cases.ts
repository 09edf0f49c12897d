/**
 * The case engine over HTTP (domain/api/cases.ts is the contract). Every route loads
 * through CaseAccess, so a case outside the user's scope is a 404, not a 403: its
 * existence is not disclosed.
 */
import {
  ActionBodySchema,
  AppError,
  CaseCountResponseSchema,
  CaseDetailSchema,
  CaseListQuerySchema,
  CaseListResponseSchema,
  CaseTypeViewSchema,
  CaseYearsQuerySchema,
  CaseYearsResponseSchema,
  CreateCaseBodySchema,
  EditCaseBodySchema,
  InboxQuerySchema,
  InboxResponseSchema,
  IssueDocumentBodySchema,
  roleDef,
  StaffMemberSchema,
  VoidDocumentBodySchema,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseAccess } from '../cases/access.ts';
import { buildDossier, currentDocumentsPdf } from '../cases/dossier.ts';
import { exportCases, importCases, importTemplate } from '../cases/excel.ts';
import { attachmentById, attachmentFile, documentFile, staffOfTowns } from '../cases/repository.ts';
import { nameForType, sniffUpload } from '../cases/uploads.ts';
import { auditOf } from '../http/context.ts';
import { attachmentDisposition, DOCX_MIME, documentFileName, singleFile, XLSX_MIME } from '../http/files.ts';
import { importLimits } from '../http/xlsx-import.ts';
import { appendAudit } from '../platform/audit.ts';
import { requireAuth, requirePermission } from '../platform/context.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});
const ActionParams = IdParams.extend({
  action: z
    .string()
    .regex(/^[a-z_:]{1,80}$/, '操作名称无效')
    .describe('操作'),
});
const ImportQuery = z.strictObject({
  type: z.string().min(1).max(40).describe('案件类型'),
  partial: z.enum(['0', '1']).default('0').describe('仅导入正确的行'),
  report: z.enum(['json', 'xlsx']).default('json').describe('结果格式'),
});
const TemplateQuery = z.strictObject({ type: z.string().min(1).max(40).describe('案件类型') });
const DossierQuery = z.strictObject({
  // zip: 目录, 封面, 办理过程, every document and attachment; pdf: all merged into one PDF.
  format: z.enum(['zip', 'pdf']).default('zip').describe('卷宗格式'),
});

export async function caseRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const access = (req: FastifyRequest) => caseAccess(db(), req.auth, services.registry);
  /** Lists, details and files need case:read; the inbox (the home page) is simply empty without it. */
  const reader = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'case:read');
    return access(req);
  };
  const auditor =
    (req: FastifyRequest, now: Date) => (action: string, target: string, details?: Record<string, unknown>) =>
      auditOf(req, now, action, target, 'success', details);

  app.get(
    '/api/case-types',
    {
      schema: { tags: ['案件'], summary: '案件类型（表单与流程定义）', response: { 200: z.array(CaseTypeViewSchema) } },
    },
    async (request) => {
      const auth = requireAuth(request.auth);
      const roles = new Set(auth.assignments.map((a) => a.role));
      const canWrite = auth.permissions.includes('case:write');
      return services.registry.list().map(({ type, templates }) => ({
        key: type.key,
        label: type.label,
        states: Object.entries(type.states).map(([key, s]) => ({ key, label: s.label, terminal: s.terminal === true })),
        canCreate: canWrite && type.create.roles.some((r) => roles.has(r)),
        createLabel: type.create.label ?? `登记${type.label}`,
        titleExample: type.create.titleExample ?? '',
        fieldsSchema: z.toJSONSchema(type.fields, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
        intakeSchema: z.toJSONSchema(type.intake ?? type.fields, { io: 'input', unrepresentable: 'any' }) as Record<
          string,
          unknown
        >,
        basicInfo: [...(type.basicInfo ?? [])],
        actions: Object.entries(type.actions).map(([key, a]) => ({
          key,
          label: a.label,
          inputSchema: a.input
            ? (z.toJSONSchema(a.input as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>)
            : null,
        })),
        documents: Object.entries(type.documents).map(([kind, title]) => ({
          kind,
          title,
          template: !!templates?.[kind],
          inputSchema: templates?.[kind]?.input
            ? (z.toJSONSchema(templates[kind].input, { io: 'input', unrepresentable: 'any' }) as Record<
                string,
                unknown
              >)
            : null,
        })),
        partyRoles: Object.entries(type.parties?.roles ?? {}).map(([key, label]) => ({
          key,
          label,
          required: type.parties?.required?.includes(key) ?? false,
        })),
        clocks: Object.entries(type.clocks).map(([key, c]) => ({ key, label: c.label, basis: c.basis })),
      }));
    },
  );

  app.get(
    '/api/staff',
    {
      schema: {
        tags: ['案件'],
        summary: '可指派的本镇人员（承办人、包案领导）',
        querystring: z.strictObject({
          role: z.string().max(40).optional().describe('角色'),
          q: z.string().trim().max(20).optional().describe('姓名'),
        }),
        response: { 200: z.array(StaffMemberSchema) },
      },
    },
    async (request) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      if (a.townIds.length === 0) return [];
      const rows = await staffOfTowns(db(), a.townIds, request.query);
      const byUser = new Map<
        number,
        { id: string; name: string; roles: { role: string; roleLabel: string; unitName: string }[] }
      >();
      for (const r of rows) {
        const m = byUser.get(r.id) ?? { id: String(r.id), name: r.display_name, roles: [] };
        m.roles.push({ role: r.role, roleLabel: roleDef(r.role)?.label ?? r.role, unitName: r.unit_name });
        byUser.set(r.id, m);
      }
      return [...byUser.values()];
    },
  );

  app.get(
    '/api/inbox',
    {
      schema: {
        tags: ['案件'],
        summary: '我的待办（按期限排序，键集分页；计数为全部待办）',
        querystring: InboxQuerySchema,
        response: { 200: InboxResponseSchema },
      },
    },
    async (request) => services.cases.inbox(await access(request), services.now(), request.query),
  );

  app.get(
    '/api/cases',
    {
      schema: {
        tags: ['案件'],
        summary: '案件列表（按数据范围过滤，键集分页）',
        querystring: CaseListQuerySchema,
        response: { 200: CaseListResponseSchema },
      },
    },
    async (request) => services.cases.list(await reader(request), request.query, services.now()),
  );

  app.get(
    '/api/cases/count',
    {
      schema: {
        tags: ['案件'],
        summary: '案件列表的件数（与列表相同的筛选；超过上限时只说“超过”）',
        querystring: CaseListQuerySchema,
        response: { 200: CaseCountResponseSchema },
      },
    },
    async (request) => services.cases.count(await reader(request), request.query, services.now()),
  );

  app.get(
    '/api/cases/years',
    {
      schema: {
        tags: ['案件'],
        summary: '有案件的年度及统计页面默认年度（按数据范围）',
        querystring: CaseYearsQuerySchema,
        response: { 200: CaseYearsResponseSchema },
      },
    },
    async (request) => services.cases.years(await reader(request), request.query, services.now()),
  );

  app.get(
    '/api/cases/export.xlsx',
    {
      schema: {
        tags: ['案件'],
        summary: '导出案件列表（.xlsx，与列表相同的筛选与范围）',
        querystring: CaseListQuerySchema,
      },
    },
    async (request, reply) => {
      const a = await reader(request);
      const now = services.now();
      // The keyword may be a party's name: the audit says a keyword was used, not which.
      const { q, ...filters } = request.query;
      await appendAudit(
        db(),
        auditOf(request, now, 'case.export', 'cases', 'success', { filters: { ...filters, ...(q ? { q: '…' } : {}) } }),
      );
      return exportCases(services.cases, a, request.query, now, request, reply);
    },
  );

  app.get(
    '/api/cases/import-template',
    { schema: { tags: ['案件'], summary: '下载导入模板（.xlsx）', querystring: TemplateQuery } },
    async (request, reply) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      const mod = services.registry.get(request.query.type);
      const buffer = await importTemplate(mod);
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentDisposition(`${mod.type.label}导入模板.xlsx`))
        .send(buffer);
    },
  );

  app.post(
    '/api/cases/import',
    {
      schema: { tags: ['案件'], summary: '批量导入案件（全部正确才保存，或仅导入正确的行）', querystring: ImportQuery },
    },
    async (request, reply) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      const mod = services.registry.get(request.query.type);
      const limits = importLimits(services.config);
      const file = await singleFile(request, { limitMb: limits.maxMb, label: '导入文件' });
      const now = services.now();
      const result = await importCases(services.cases, a, mod, file.data, {
        partial: request.query.partial === '1',
        now,
        audit: auditor(request, now),
        limits,
      });
      if (request.query.report === 'xlsx') {
        return reply
          .header('content-type', XLSX_MIME)
          .header('content-disposition', attachmentDisposition(`导入错误报告.xlsx`))
          .send(result.report);
      }
      await appendAudit(
        db(),
        auditOf(request, now, 'case.import', mod.type.key, result.imported > 0 ? 'success' : 'failure', {
          imported: result.imported,
          failed: result.failed,
        }),
      );
      return reply.status(result.failed > 0 && result.imported === 0 ? 422 : 200).send({
        imported: result.imported,
        failed: result.failed,
        errors: result.errors,
      });
    },
  );

  app.get(
    '/api/cases/:id',
    { schema: { tags: ['案件'], summary: '案件详情', params: IdParams, response: { 200: CaseDetailSchema } } },
    async (request) => services.cases.detail(await reader(request), request.params.id, services.now()),
  );

  app.get(
    '/api/cases/:id/dossier',
    {
      schema: {
        tags: ['案件'],
        summary: '导出卷宗（卷宗目录、封面、办理过程记录、全部文书与附件；zip 或合并 PDF）',
        params: IdParams,
        querystring: DossierQuery,
      },
    },
    async (request, reply) => {
      const a = await reader(request);
      const now = services.now();
      const dossier = await buildDossier(
        { db: db(), registry: services.registry, blobs: services.blobs },
        a,
        request.params.id,
        request.query.format,
        now,
      );
      await appendAudit(
        db(),
        auditOf(request, now, 'case.dossier', `case:${request.params.id}`, 'success', {
          number: dossier.number,
          format: request.query.format,
          materials: dossier.materials,
        }),
      );
      return reply
        .header('content-type', dossier.mime)
        .header('content-disposition', attachmentDisposition(dossier.fileName))
        .send(dossier.data);
    },
  );

  app.get(
    '/api/cases/:id/documents.pdf',
    { schema: { tags: ['案件'], summary: '打印全部现行文书（未作废的文书合并为一个 PDF）', params: IdParams } },
    async (request, reply) => {
      const a = await reader(request);
      const now = services.now();
      const out = await currentDocumentsPdf(
        { db: db(), registry: services.registry, blobs: services.blobs },
        a,
        request.params.id,
        now,
      );
      await appendAudit(
        db(),
        auditOf(request, now, 'case.documents.print', `案件 ${out.number}`, 'success', {
          number: out.number,
          documents: out.documents,
        }),
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachmentDisposition(out.fileName, 'inline'))
        .send(out.data);
    },
  );

  app.post(
    '/api/cases',
    {
      schema: { tags: ['案件'], summary: '登记案件', body: CreateCaseBodySchema, response: { 200: CaseDetailSchema } },
    },
    async (request) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      const now = services.now();
      const id = await services.cases.create(a, request.body, now, auditor(request, now));
      return services.cases.detail(a, id, now);
    },
  );

  app.patch(
    '/api/cases/:id',
    {
      schema: {
        tags: ['案件'],
        summary: '修改基本信息（标题、所属村居、登记信息、当事人联系方式）',
        params: IdParams,
        body: EditCaseBodySchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      const now = services.now();
      await services.cases.editBasic(a, request.params.id, request.body, now, auditor(request, now));
      return services.cases.detail(a, request.params.id, now);
    },
  );

  app.post(
    '/api/cases/:id/actions/:action',
    {
      schema: {
        tags: ['案件'],
        summary: '办理（状态流转、审批）',
        params: ActionParams,
        body: ActionBodySchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      const now = services.now();
      await services.cases.act(a, request.params.id, request.params.action, request.body, now, auditor(request, now));
      return services.cases.detail(a, request.params.id, now);
    },
  );

  app.post(
    '/api/cases/:id/documents',
    {
      schema: {
        tags: ['案件'],
        summary: '出具文书（.docx，GB/T 9704 版式）',
        params: IdParams,
        body: IssueDocumentBodySchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      const now = services.now();
      await services.cases.issueDocument(a, request.params.id, request.body, now, auditor(request, now));
      return services.cases.detail(a, request.params.id, now);
    },
  );

  const documentOf = async (request: FastifyRequest, id: number) => {
    const a = await reader(request);
    const doc = await documentFile(db(), id);
    // The document is visible when its case is.
    if (!doc?.case_id) throw AppError.notFound('文书');
    await services.cases.detailGuard(a, doc.case_id);
    return doc;
  };

  app.get(
    '/api/documents/:id/file',
    { schema: { tags: ['案件'], summary: '下载文书（.docx）', params: IdParams } },
    async (request, reply) => {
      const doc = await documentOf(request, request.params.id);
      const data = await services.blobs.get(doc.storage_key);
      return reply
        .header('content-type', DOCX_MIME)
        .header('content-disposition', attachmentDisposition(documentFileName(doc, 'docx')))
        .send(data);
    },
  );

  app.get(
    '/api/documents/:id/preview.pdf',
    { schema: { tags: ['案件'], summary: '预览文书（PDF，需要 LibreOffice）', params: IdParams } },
    async (request, reply) => {
      const doc = await documentOf(request, request.params.id);
      const render = await import('../documents/render.ts');
      if (!(await render.hasLibreOffice())) {
        throw new AppError('UNPROCESSABLE', '服务器未安装 LibreOffice，无法在线预览，请下载后查看');
      }
      const pdf = await render.docxToPdf(await services.blobs.get(doc.storage_key));
      // A voided document is stamped on every request, after the conversion cache.
      const shown = doc.voided_at ? await render.stampVoided(pdf) : pdf;
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachmentDisposition(documentFileName(doc, 'pdf'), 'inline'))
        .send(shown);
    },
  );

  app.post(
    '/api/documents/:id/void',
    {
      schema: {
        tags: ['案件'],
        summary: '作废文书（文号保留在登记簿中，注明作废人、时间和原因）',
        params: IdParams,
        body: VoidDocumentBodySchema,
        response: { 200: CaseDetailSchema },
      },
    },
    async (request) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      const now = services.now();
      const caseId = await services.cases.voidDocument(a, request.params.id, request.body, now, auditor(request, now));
      return services.cases.detail(a, caseId, now);
    },
  );

  app.post(
    '/api/cases/:id/attachments',
    { schema: { tags: ['案件'], summary: '上传附件（multipart，字段 file）', params: IdParams } },
    async (request) => {
      const a = await access(request);
      if (!a.auth.permissions.includes('case:write')) throw AppError.forbidden();
      // Not a byte of the upload is read for a case the user cannot see.
      await services.cases.detailGuard(a, request.params.id);
      const file = await singleFile(request);
      const sniffed = await sniffUpload(file.name, file.data);
      const now = services.now();
      const id = await services.cases.attach(
        a,
        request.params.id,
        { data: file.data, ...sniffed },
        now,
        auditor(request, now),
      );
      const row = await attachmentById(db(), id);
      return {
        id: String(row.id),
        name: row.name,
        size: row.size,
        mime: row.mime,
        sha256: row.sha256,
        uploadedAt: row.uploaded_at.toISOString(),
        uploadedByName: row.display_name,
      };
    },
  );

  app.get(
    '/api/attachments/:id/file',
    { schema: { tags: ['案件'], summary: '下载附件', params: IdParams } },
    async (request, reply) => {
      const a = await reader(request);
      const att = await attachmentFile(db(), request.params.id);
      if (!att) throw AppError.notFound('附件');
      await services.cases.detailGuard(a, att.case_id);
      return (
        reply
          .header('content-type', att.mime)
          // Rows stored before names followed the sniffed type get the right extension here.
          .header('content-disposition', attachmentDisposition(nameForType(att.name, att.mime)))
          .send(await services.blobs.get(att.storage_key))
      );
    },
  );

  app.post(
    '/api/parties/:id/unmask',
    { schema: { tags: ['案件'], summary: '查看当事人完整证件号码（记入审计日志）', params: IdParams } },
    async (request) => {
      const a = await access(request);
      const now = services.now();
      const r = await services.cases.unmask(a, request.params.id);
      await appendAudit(
        db(),
        // The party is named by id only: the 审计管理员 sees who looked, not whom (issue 11).
        auditOf(request, now, 'party.unmask', `party:${request.params.id}`, 'success'),
      );
      return { idNumber: r.idNumber, phone: r.phone };
    },
  );
}
