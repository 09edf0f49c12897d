/**
 * 矛盾纠纷排查 over HTTP (domain/api/campaigns.ts is the contract). Reads need
 * case:read; a campaign, return or entry outside the user's scope is a 404. The
 * access checks run before an upload is read.
 */
import { ImportResultSchema, INT4_MAX, shanghaiDate } from '@fazhi/domain';
import {
  CampaignCloseBodySchema,
  CampaignCreateBodySchema,
  CampaignDetailSchema,
  CampaignListQuerySchema,
  CampaignListResponseSchema,
  ConvertBodySchema,
  ConvertResultSchema,
  EntryDismissBodySchema,
  EntryInputSchema,
  EntryListQuerySchema,
  EntryListResponseSchema,
  EntryUpdateBodySchema,
  EntryViewSchema,
  ReturnDetailSchema,
  ReturnReopenBodySchema,
  ReturnSubmitBodySchema,
} from '@fazhi/domain/api/campaigns';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseAccess, requireTypeAccess } from '../../../cases/access.ts';
import { auditOf } from '../../../http/context.ts';
import { attachmentDisposition, singleFile, XLSX_MIME } from '../../../http/files.ts';
import { importLimits } from '../../../http/xlsx-import.ts';
import { appendAudit } from '../../../platform/audit.ts';
import { requirePermission } from '../../../platform/context.ts';
import { campaignAccess } from './access.ts';
import { entryTemplate, importEntries } from './excel.ts';
import type { CampaignService } from './service.ts';

const IdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});
const DeleteQuery = z.strictObject({
  version: z.coerce.number().int().min(1).max(INT4_MAX, '版本号无效').describe('版本号'),
});
const ImportQuery = z.strictObject({
  partial: z.enum(['0', '1']).default('0').describe('仅导入正确的行'),
  report: z.enum(['json', 'xlsx']).default('json').describe('结果格式'),
});
const TAGS = ['矛盾纠纷排查'];

/** `campaigns` is built once, by the module's manifest (../index.ts), not per registration. */
export async function campaignRoutes(fastify: FastifyInstance, { campaigns }: { campaigns: CampaignService }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  // The module's data is its case type's material: refused (403) to a role the type does not admit.
  const read = requireTypeAccess('mediation', 'read');
  const write = requireTypeAccess('mediation', 'write');
  /** Every route reads through case:read; writes are checked against the record's own scope. */
  const reader = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'case:read');
    return campaignAccess(db(), await caseAccess(db(), req.auth, services.registry));
  };
  /** Writers need case:write somewhere; where exactly is the service's check (404/403 per record). */
  const writer = async (req: FastifyRequest) => {
    requirePermission(req.auth, 'case:write');
    return campaignAccess(db(), await caseAccess(db(), req.auth, services.registry));
  };
  const auditor =
    (req: FastifyRequest, now: Date) => (action: string, target: string, details?: Record<string, unknown>) =>
      auditOf(req, now, action, target, 'success', details);

  app.get(
    '/api/campaigns',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '排查列表（集中排查、经常性排查）',
        querystring: CampaignListQuerySchema,
        response: { 200: CampaignListResponseSchema },
      },
    },
    async (request) => campaigns.list(await reader(request), request.query, services.now()),
  );

  app.post(
    '/api/campaigns',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '部署排查（全镇各村、社区各一份上报）',
        body: CampaignCreateBodySchema,
        response: { 200: CampaignDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const id = await campaigns.create(acc, request.body, now, auditor(request, now));
      return campaigns.detail(acc, id, now);
    },
  );

  app.get(
    '/api/campaigns/:id',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '排查详情（各村上报情况）',
        params: IdParams,
        response: { 200: CampaignDetailSchema },
      },
    },
    async (request) => campaigns.detail(await reader(request), request.params.id, services.now()),
  );

  app.post(
    '/api/campaigns/:id/close',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '结束排查',
        params: IdParams,
        body: CampaignCloseBodySchema,
        response: { 200: CampaignDetailSchema },
      },
    },
    async (request) => {
      const acc = await reader(request);
      const now = services.now();
      await campaigns.close(acc, request.params.id, request.body.version, now, auditor(request, now));
      return campaigns.detail(acc, request.params.id, now);
    },
  );

  app.get(
    '/api/campaigns/:id/entries',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '排查发现的矛盾纠纷',
        params: IdParams,
        querystring: EntryListQuerySchema,
        response: { 200: EntryListResponseSchema },
      },
    },
    async (request) => campaigns.entries(await reader(request), request.params.id, request.query),
  );

  app.post(
    '/api/campaigns/:id/convert',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '转为调解案件（一条或多条，全部成功或全部不转）',
        params: IdParams,
        body: ConvertBodySchema,
        response: { 200: ConvertResultSchema },
      },
    },
    async (request) => {
      const acc = await reader(request);
      const now = services.now();
      const converted = await campaigns.convert(
        acc,
        request.params.id,
        request.body.entryIds.map(Number),
        now,
        auditor(request, now),
      );
      return { converted };
    },
  );

  app.get(
    '/api/campaign-returns/:id',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '村（社区）排查上报及其登记的纠纷',
        params: IdParams,
        response: { 200: ReturnDetailSchema },
      },
    },
    async (request) => campaigns.returnDetail(await reader(request), request.params.id, services.now()),
  );

  app.post(
    '/api/campaign-returns/:id/entries',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '登记排查发现的矛盾纠纷',
        params: IdParams,
        body: EntryInputSchema,
        response: { 200: EntryViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      const id = await campaigns.addEntry(acc, request.params.id, request.body, now, auditor(request, now));
      return campaigns.entry(acc, id);
    },
  );

  app.post(
    '/api/campaign-returns/:id/submit',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '上报（或零报告：本村未发现矛盾纠纷）',
        params: IdParams,
        body: ReturnSubmitBodySchema,
        response: { 200: ReturnDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      await campaigns.submitReturn(acc, request.params.id, request.body, now, auditor(request, now));
      return campaigns.returnDetail(acc, request.params.id, now);
    },
  );

  app.post(
    '/api/campaign-returns/:id/reopen',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '撤回上报（排查进行中时补报或更正）',
        params: IdParams,
        body: ReturnReopenBodySchema,
        response: { 200: ReturnDetailSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      await campaigns.reopenReturn(acc, request.params.id, request.body.version, auditor(request, now));
      return campaigns.returnDetail(acc, request.params.id, now);
    },
  );

  app.get(
    '/api/campaign-returns/:id/template.xlsx',
    { preHandler: write, schema: { tags: TAGS, summary: '下载本村（社区）排查登记模板（.xlsx）', params: IdParams } },
    async (request, reply) => {
      const acc = await writer(request);
      const r = await campaigns.probeReturn(acc, request.params.id, { pending: false });
      const buffer = await entryTemplate({
        campaignTitle: r.campaignTitle,
        unitName: r.unitName,
        periodStart: r.period_start,
      });
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentDisposition(`${r.unitName}-${r.campaignTitle}-排查登记表.xlsx`))
        .send(buffer);
    },
  );

  app.post(
    '/api/campaign-returns/:id/import',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '上传排查登记表（全部正确才保存，或仅导入正确的行）',
        params: IdParams,
        querystring: ImportQuery,
      },
    },
    async (request, reply) => {
      const acc = await writer(request);
      // Not a byte of the upload is read for a return the user may not fill.
      await campaigns.probeReturn(acc, request.params.id);
      const limits = importLimits(services.config);
      const file = await singleFile(request, { limitMb: limits.maxMb, label: '导入文件' });
      const now = services.now();
      const result = await importEntries(campaigns, acc, request.params.id, file.data, {
        partial: request.query.partial === '1',
        now,
        today: shanghaiDate(now),
        audit: auditor(request, now),
        limits,
      });
      if (request.query.report === 'xlsx') {
        return reply
          .header('content-type', XLSX_MIME)
          .header('content-disposition', attachmentDisposition('排查登记表错误报告.xlsx'))
          .send(result.report);
      }
      if (result.imported === 0) {
        await appendAudit(
          db(),
          auditOf(request, now, 'campaign.import', `campaign-return:${request.params.id}`, 'failure', {
            imported: 0,
            failed: result.failed,
          }),
        );
      }
      const body = ImportResultSchema.parse({
        imported: result.imported,
        failed: result.failed,
        errors: result.errors,
      });
      return reply.status(result.failed > 0 && result.imported === 0 ? 422 : 200).send(body);
    },
  );

  app.patch(
    '/api/campaign-entries/:id',
    {
      preHandler: write,
      schema: {
        tags: TAGS,
        summary: '修改排查发现的纠纷（上报前）',
        params: IdParams,
        body: EntryUpdateBodySchema,
        response: { 200: EntryViewSchema },
      },
    },
    async (request) => {
      const acc = await writer(request);
      const now = services.now();
      await campaigns.updateEntry(acc, request.params.id, request.body, now, auditor(request, now));
      return campaigns.entry(acc, request.params.id);
    },
  );

  app.delete(
    '/api/campaign-entries/:id',
    {
      preHandler: write,
      schema: { tags: TAGS, summary: '删除排查发现的纠纷（上报前）', params: IdParams, querystring: DeleteQuery },
    },
    async (request, reply) => {
      const acc = await writer(request);
      const now = services.now();
      await campaigns.deleteEntry(acc, request.params.id, request.query.version, auditor(request, now));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/campaign-entries/:id/dismiss',
    {
      preHandler: read,
      schema: {
        tags: TAGS,
        summary: '不予转案（已就地化解、不属于矛盾纠纷等）',
        params: IdParams,
        body: EntryDismissBodySchema,
        response: { 200: EntryViewSchema },
      },
    },
    async (request) => {
      const acc = await reader(request);
      const now = services.now();
      await campaigns.dismiss(acc, request.params.id, request.body, now, auditor(request, now));
      return campaigns.entry(acc, request.params.id);
    },
  );
}
