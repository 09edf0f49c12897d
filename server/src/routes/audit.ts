/**
 * The audit log viewer for the 审计管理员: filtered, keyset-paginated, exported to
 * .xlsx as a stream, and verifiable. Chains are visible when their tenancy unit is
 * inside the auditor's scope; chain 0 (no known actor) only to auditors at the top.
 */

import { PassThrough } from 'node:stream';
import type { DataScope } from '@fazhi/domain';
import { isoDateSchema } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { auditOf } from '../http/context.ts';
import { XLSX_MIME } from '../http/files.ts';
import { appendAudit, verifyAudit } from '../platform/audit.ts';
import { OUTCOME_LABELS } from '../platform/audit-actions.ts';
import { formatShanghai } from '../platform/auth.ts';
import { type AuthContext, requireAuth, requirePermission, scopeFilter } from '../platform/context.ts';
import { loadExcel } from '../platform/lazy-libs.ts';

const Filters = z.strictObject({
  from: isoDateSchema('应为 YYYY-MM-DD 格式的日期').optional().describe('开始日期'),
  to: isoDateSchema('应为 YYYY-MM-DD 格式的日期').optional().describe('结束日期'),
  actor: z.string().trim().max(50).optional().describe('操作人'),
  action: z.string().trim().max(50).optional().describe('操作类型'),
  outcome: z.enum(['success', 'failure', 'denied']).optional().describe('结果'),
  cursor: z.coerce.number().int().min(1).optional().describe('分页游标'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数'),
});
type FilterValues = z.infer<typeof Filters>;

/** Local dates are Asia/Shanghai (UTC+8, no DST). */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
const dayAfter = (d: string) => new Date(dayStart(d).getTime() + 86_400_000);

function filtered(db: Kysely<DB>, auth: AuthContext, scope: DataScope, f: FilterValues) {
  const topLevel = scope.prefixes.some((p) => p.split('/').filter(Boolean).length === 1);
  let q = db.selectFrom('audit_log as a').where((eb) =>
    eb.or([
      eb(
        'a.chain_id',
        'in',
        eb
          .selectFrom('org_units as u')
          .select('u.id')
          .where((e2) => scopeFilter(e2, scope, { unitId: e2.ref('u.id'), unitPath: e2.ref('u.path') }, auth.userId)),
      ),
      ...(topLevel ? [eb('a.chain_id', '=', 0)] : []),
    ]),
  );
  if (f.from) q = q.where('a.at', '>=', dayStart(f.from));
  if (f.to) q = q.where('a.at', '<', dayAfter(f.to));
  if (f.actor) {
    const like = `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('a.actor_name', 'like', like), eb('a.target', 'like', like)]));
  }
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.outcome) q = q.where('a.outcome', '=', f.outcome);
  return q;
}

const COLUMNS = [
  'a.id',
  'a.chain_id',
  'a.seq',
  'a.at',
  'a.actor_id',
  'a.actor_name',
  'a.unit_name',
  'a.ip',
  'a.action',
  'a.target',
  'a.outcome',
  'a.details',
] as const;

export async function auditRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  // Core labels and every module's (core/module.ts ModuleSet).
  const AUDIT_ACTIONS = services.modules.auditActions;

  app.get('/api/audit/actions', { schema: { tags: ['审计'], summary: '操作类型' } }, async (request) => {
    requirePermission(request.auth, 'audit:read');
    return Object.entries(AUDIT_ACTIONS).map(([action, label]) => ({ action, label }));
  });

  app.get('/api/audit', { schema: { tags: ['审计'], summary: '审计日志', querystring: Filters } }, async (request) => {
    const scope = requirePermission(request.auth, 'audit:read');
    const auth = requireAuth(request.auth);
    let q = filtered(db(), auth, scope, request.query).select(COLUMNS);
    if (request.query.cursor) q = q.where('a.id', '<', request.query.cursor);
    const rows = await q
      .orderBy('a.id', 'desc')
      .limit(request.query.limit + 1)
      .execute();
    const page = rows.slice(0, request.query.limit);
    return {
      items: page.map((r) => ({
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
        outcome: r.outcome,
        details: r.details,
      })),
      nextCursor: rows.length > request.query.limit ? String(page.at(-1)!.id) : null,
    };
  });

  app.get(
    '/api/audit/export',
    { schema: { tags: ['审计'], summary: '导出审计日志（.xlsx）', querystring: Filters } },
    async (request, reply) => {
      const scope = requirePermission(request.auth, 'audit:export');
      const auth = requireAuth(request.auth);
      const now = services.now();
      const batch = (cursor: number | undefined) => {
        let q = filtered(db(), auth, scope, request.query).select(COLUMNS);
        if (cursor) q = q.where('a.id', '<', cursor);
        return q.orderBy('a.id', 'desc').limit(1000).execute();
      };
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
          for (const r of rows) {
            ws.addRow({
              id: r.id,
              at: formatShanghai(r.at),
              actor: r.actor_name ?? '（未知）',
              unit: r.unit_name ?? '',
              ip: r.ip ?? '',
              action: AUDIT_ACTIONS[r.action] ?? r.action,
              target: r.target ?? '',
              outcome: OUTCOME_LABELS[r.outcome],
              details: JSON.stringify(r.details),
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

  app.get('/api/audit/verify', { schema: { tags: ['审计'], summary: '校验审计日志哈希链' } }, async (request) => {
    const scope = requirePermission(request.auth, 'audit:read');
    const auth = requireAuth(request.auth);
    // Only the chains the auditor may read: the units in their scope, and chain 0 (no
    // known actor) for auditors at the top, exactly as the log listing above.
    const topLevel = scope.prefixes.some((p) => p.split('/').filter(Boolean).length === 1);
    const units = await db()
      .selectFrom('audit_heads as h')
      .innerJoin('org_units as u', 'u.id', 'h.chain_id')
      .select('h.chain_id')
      .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, auth.userId))
      .execute();
    const result = await verifyAudit(db(), [...units.map((u) => u.chain_id), ...(topLevel ? [0] : [])]);
    await appendAudit(
      db(),
      auditOf(request, services.now(), 'audit.verify', 'audit_log', result.ok ? 'success' : 'failure', {
        checked: result.checked,
      }),
    );
    return result;
  });
}
