/**
 * The audit log viewer for the 审计管理员: filtered, keyset-paginated, exported to
 * .xlsx as a stream, and verifiable. Which rows an auditor may read is the
 * AuditLogReader's (../platform/audit-log.ts).
 */

import { PassThrough } from 'node:stream';
import { AuditActionListSchema, AuditPageSchema, AuditQuerySchema, AuditVerifySchema } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditOf } from '../http/context.ts';
import { XLSX_MIME } from '../http/files.ts';
import { appendAudit, verifyAudit } from '../platform/audit.ts';
import { OUTCOME_LABELS } from '../platform/audit-actions.ts';
import { formatShanghai } from '../platform/auth.ts';
import { requireAuth, requirePermission } from '../platform/context.ts';
import { loadExcel } from '../platform/lazy-libs.ts';

const Filters = AuditQuerySchema;

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const log = services.auditLog;
  // Core labels and every module's (core/module.ts ModuleSet).
  const AUDIT_ACTIONS = services.modules.auditActions;

  app.get(
    '/api/audit/actions',
    { schema: { tags: ['审计'], summary: '操作类型', response: { 200: AuditActionListSchema } } },
    async (request) => {
      requirePermission(request.auth, 'audit:read');
      return Object.entries(AUDIT_ACTIONS).map(([action, label]) => ({ action, label }));
    },
  );

  app.get(
    '/api/audit',
    { schema: { tags: ['审计'], summary: '审计日志', querystring: Filters, response: { 200: AuditPageSchema } } },
    async (request) => {
      const scope = requirePermission(request.auth, 'audit:read');
      const auth = requireAuth(request.auth);
      const { cursor, limit, ...filters } = request.query;
      const rows = await log.rows(auth, scope, filters, cursor, limit + 1);
      const page = rows.slice(0, request.query.limit);
      const words = await services.auditWords.describe(page);
      return {
        items: page.map((r, i) => ({
          id: r.id,
          chainId: r.chain_id,
          seq: r.seq,
          at: r.at.toISOString(),
          actorId: r.actor_id,
          actorName: r.actor_name,
          unitName: r.unit_name,
          ip: r.ip,
          action: r.action,
          actionLabel: AUDIT_ACTIONS[r.action] ?? r.action,
          target: r.target,
          targetLabel: words[i]!.targetLabel,
          outcome: r.outcome,
          details: r.details,
          detailsText: words[i]!.detailsText,
        })),
        nextCursor: rows.length > request.query.limit ? String(page.at(-1)!.id) : null,
      };
    },
  );

  app.get(
    '/api/audit/export',
    { schema: { tags: ['审计'], summary: '导出审计日志（.xlsx）', querystring: Filters } },
    async (request, reply) => {
      const scope = requirePermission(request.auth, 'audit:export');
      const auth = requireAuth(request.auth);
      const now = services.now();
      const { cursor: _cursor, limit: _limit, ...filters } = request.query;
      const batch = (cursor: number | undefined) => log.rows(auth, scope, filters, cursor, 1000);
      // Filters applied and the first batch read before the first byte: a failure here is a
      // JSON error response, never a 200 with a broken file.
      let rows = await batch(undefined);
      await appendAudit(
        db(),
        auditOf(request, now, 'audit.export', 'audit_log', 'success', { filters: request.query }),
      );
      const stream = new PassThrough();
      const ExcelJS = await loadExcel();
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
      const ws = wb.addWorksheet('审计日志');
      ws.columns = [
        { header: '编号', key: 'id', width: 10 },
        { header: '时间（北京时间）', key: 'at', width: 20 },
        { header: '操作人', key: 'actor', width: 14 },
        { header: '所属单位', key: 'unit', width: 18 },
        { header: 'IP 地址', key: 'ip', width: 16 },
        { header: '操作', key: 'action', width: 16 },
        { header: '对象', key: 'target', width: 22 },
        { header: '结果', key: 'outcome', width: 8 },
        { header: '详情', key: 'details', width: 50 },
        { header: '链/序号', key: 'seq', width: 12 },
        // The stored record as hashed, for whoever checks the export against the chain.
        { header: '记录原文', key: 'raw', width: 40 },
      ];
      ws.getRow(1).font = { bold: true };
      ws.getRow(1).commit();
      const name = `审计日志-${now.toISOString().slice(0, 10)}.xlsx`;
      reply
        .header('content-type', XLSX_MIME)
        .header(
          'content-disposition',
          `attachment; filename="audit.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
        );
      // Keyset batches keep memory flat however long the log is.
      (async () => {
        for (;;) {
          const words = await services.auditWords.describe(rows);
          for (const [i, r] of rows.entries()) {
            ws.addRow({
              id: r.id,
              at: formatShanghai(r.at),
              actor: r.actor_name ?? '（未知）',
              unit: r.unit_name ?? '',
              ip: r.ip ?? '',
              action: AUDIT_ACTIONS[r.action] ?? r.action,
              target: words[i]!.targetLabel ?? '',
              outcome: OUTCOME_LABELS[r.outcome],
              details: words[i]!.detailsText ?? '',
              raw: `${r.target ?? ''} ${JSON.stringify(r.details)}`,
              seq: `${r.chain_id}/${r.seq}`,
            }).commit();
          }
          if (rows.length < 1000) break;
          rows = await batch(rows.at(-1)!.id);
        }
        ws.commit();
        await wb.commit();
      })().catch((e) => {
        // Mid-stream the headers may be out: Fastify destroys the socket, so the client sees an
        // aborted download rather than a truncated file that looks complete.
        request.log.error({ err: e }, 'audit export failed');
        stream.destroy(e as Error);
      });
      return reply.send(stream);
    },
  );

  app.get(
    '/api/audit/verify',
    { schema: { tags: ['审计'], summary: '校验审计日志哈希链', response: { 200: AuditVerifySchema } } },
    async (request) => {
      const scope = requirePermission(request.auth, 'audit:read');
      const auth = requireAuth(request.auth);
      // Only the chains the auditor may read, not every town's walked on their behalf.
      const result = await verifyAudit(db(), await log.chainsInScope(auth, scope));
      await appendAudit(
        db(),
        auditOf(request, services.now(), 'audit.verify', 'audit_log', result.ok ? 'success' : 'failure', {
          checked: result.checked,
        }),
      );
      return result;
    },
  );
}
