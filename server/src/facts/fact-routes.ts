/**
 * The report facts over HTTP: a town's figures for a year with last year's (同比), the
 * records behind one figure, hand entry of a figure with its source, and the county's towns
 * side by side (also as .xlsx). Reading needs report:read or dashboard:read, over the towns
 * the user's case scope reaches (县级督查: every town of the county; town staff: their
 * town); writing needs report:write over the town. A town outside the reader's reach is a 404.
 */
import {
  AppError,
  FactsCountyQuerySchema as CountyQuerySchema,
  FactsCountyResponseSchema as CountyResponseSchema,
  type FactItem,
  FactItemSchema,
  FactsQuerySchema,
  FactsResponseSchema,
  inScope,
  FactManualBodySchema as ManualBodySchema,
  FactManualDeleteQuerySchema as ManualDeleteQuerySchema,
  FactRecordsQuerySchema as RecordsQuerySchema,
  FactRecordsResponseSchema as RecordsResponseSchema,
  scopeFor,
  shanghaiDate,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { type CaseAccess, caseAccess } from '../cases/access.ts';
import { auditOf } from '../http/context.ts';
import { attachmentDisposition, XLSX_MIME } from '../http/files.ts';
import { type SheetTable, sendXlsx, statsWorkbook } from '../http/stats-xlsx.ts';
import { appendAudit } from '../platform/audit.ts';
import { requireAuth, requirePermission } from '../platform/context.ts';
import { loadExcel } from '../platform/lazy-libs.ts';
import type { FactDefinition, ManualEntry } from './fact-service.ts';
import type { FactValue } from './facts.ts';

const TAGS = ['法治建设指标'];
const PAGE_SIZE = 20;

const KeyParams = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z_]+\.[a-z_]+$/)
    .max(80)
    .describe('指标代码'),
});

function changeOf(now: number | null, before: number | null): { change: number | null; changePct: number | null } {
  if (now == null || before == null) return { change: null, changePct: null };
  const change = Math.round((now - before) * 100) / 100;
  return { change, changePct: before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10 };
}

function definitionView(d: FactDefinition) {
  return {
    key: d.key,
    label: d.label,
    unit: d.unit,
    definition: d.definition,
    combine: d.combine,
    manualOnly: !!d.manualOnly,
    drillable: !!d.drillable && !d.manualOnly,
    module: d.module,
    moduleLabel: d.moduleLabel,
  };
}

function item(d: FactDefinition, v: FactValue | undefined, prev: FactValue | undefined, m?: ManualEntry): FactItem {
  const value = v?.value ?? null;
  const before = prev?.value ?? null;
  return {
    ...definitionView(d),
    value,
    origin: v?.origin ?? 'computed',
    source: v?.source ?? null,
    note: m?.note ?? null,
    enteredBy: m?.enteredByName ?? null,
    enteredAt: m ? m.enteredAt.toISOString() : null,
    previous: { value: before, origin: prev?.origin ?? 'computed', source: prev?.source ?? null },
    ...changeOf(value, before),
  };
}

/** The most records a drill-down export holds (a town's year of one figure is far fewer). */
const EXPORT_MAX = 20_000;

export async function factRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;
  const facts = () => services.facts;

  /** report:read or dashboard:read, over the towns the user's case scope reaches. */
  const reader = async (req: FastifyRequest): Promise<CaseAccess> => {
    const auth = requireAuth(req.auth);
    if (!auth.permissions.includes('report:read') && !auth.permissions.includes('dashboard:read')) {
      throw new AppError('FORBIDDEN', '没有查看数据驾驶舱或年度报告的权限', {
        details: { permission: 'report:read' },
      });
    }
    return caseAccess(db(), auth, services.registry);
  };
  const townsOf = async (access: CaseAccess) =>
    access.townIds.length === 0
      ? []
      : db()
          .selectFrom('org_units')
          .select(['id', 'name', 'path', 'parent_id'])
          .where('id', 'in', access.townIds)
          .orderBy('sort_order')
          .orderBy('id')
          .execute();
  /** The town named (it must be within reach, else 404), or the user's own, or their first. */
  const townFor = async (access: CaseAccess, raw: number | undefined) => {
    const towns = await townsOf(access);
    const own = access.auth.townId;
    const id = raw ?? (own && access.townIds.includes(own) ? own : towns[0]?.id);
    const town = towns.find((t) => t.id === id);
    if (!town) throw AppError.notFound('镇');
    return { town, towns };
  };
  /** report:write held over the town itself (a department-scoped writer cannot enter town figures). */
  const canWriteTown = (req: FastifyRequest, town: { id: number; path: string }) => {
    const auth = req.auth;
    if (!auth?.permissions.includes('report:write')) return false;
    return inScope(scopeFor(auth.assignments, 'report:write'), { unitId: town.id, unitPath: town.path }, auth.userId);
  };
  const yearOf = (y: number | undefined) => y ?? Number(shanghaiDate(services.now()).slice(0, 4));
  const townView = (t: { id: number; name: string }) => ({ id: String(t.id), name: t.name });

  /** One town's facts for the year with last year's, and the current manual entries' metadata. */
  const townFacts = async (townId: number, year: number, modules?: string[]) => {
    const now = services.now();
    const only = modules ? { modules } : {};
    const [cur, prev, entries] = await Promise.all([
      facts().values(db(), { townIds: [townId], year, now }, only),
      facts().values(db(), { townIds: [townId], year: year - 1, now }, only),
      facts().current(db(), [townId], year),
    ]);
    const byKey = new Map(entries.map((e) => [e.key, e]));
    return (d: FactDefinition) => item(d, cur.get(townId)?.[d.key], prev.get(townId)?.[d.key], byKey.get(d.key));
  };

  app.get(
    '/api/facts',
    {
      schema: {
        tags: TAGS,
        summary: '本镇年度法治建设指标（含上年同期、来源）',
        querystring: FactsQuerySchema,
        response: { 200: FactsResponseSchema },
      },
    },
    async (request) => {
      const access = await reader(request);
      const { town, towns } = await townFor(access, request.query.townId);
      const year = yearOf(request.query.year);
      const view = await townFacts(town.id, year);
      const defs = facts().definitions();
      return {
        year,
        town: townView(town),
        towns: towns.map(townView),
        asOf: shanghaiDate(services.now()),
        canWrite: canWriteTown(request, town),
        modules: facts()
          .modules()
          .map((m) => ({ ...m, facts: defs.filter((d) => d.module === m.module).map(view) }))
          .filter((m) => m.facts.length > 0),
      };
    },
  );

  app.get(
    '/api/facts.xlsx',
    {
      schema: {
        tags: TAGS,
        summary: '导出本镇年度法治建设指标（.xlsx，与数据驾驶舱相同的数字）',
        querystring: FactsQuerySchema,
      },
    },
    async (request, reply) => {
      const access = await reader(request);
      const { town } = await townFor(access, request.query.townId);
      const year = yearOf(request.query.year);
      const view = await townFacts(town.id, year);
      const defs = facts().definitions();
      const tables: SheetTable[] = facts()
        .modules()
        .map((m) => ({
          title: m.moduleLabel,
          columns: [
            { header: '指标', width: 30 },
            { header: '本年度', width: 12, format: 'decimal' as const },
            { header: '单位', width: 8 },
            { header: '上年度', width: 12, format: 'decimal' as const },
            { header: '数据来源', width: 24 },
            { header: '统计口径', width: 60 },
          ],
          rows: defs
            .filter((d) => d.module === m.module)
            .map(view)
            .map((f) => [
              f.label,
              f.value,
              f.unit,
              f.previous.value,
              f.origin === 'manual' ? `手工填报：${f.source ?? ''}` : '系统统计',
              f.definition,
            ]),
        }))
        .filter((t) => t.rows.length > 0);
      const buffer = await statsWorkbook({
        title: `${town.name}${year}年度法治建设主要指标`,
        note: `统计截止日期：${shanghaiDate(services.now())}。`,
        sheet: '主要指标',
        tables,
      });
      return sendXlsx(reply, `${town.name}${year}年度法治建设主要指标.xlsx`, buffer);
    },
  );

  app.get(
    '/api/facts/county',
    {
      schema: {
        tags: TAGS,
        summary: '全县各镇指标对比及合计',
        querystring: CountyQuerySchema,
        response: { 200: CountyResponseSchema },
      },
    },
    async (request) => county(await reader(request), yearOf(request.query.year)),
  );

  app.get(
    '/api/facts/county.xlsx',
    {
      schema: { tags: TAGS, summary: '全县各镇指标对比表（Excel）', querystring: CountyQuerySchema },
    },
    async (request, reply) => {
      const data = await county(await reader(request), yearOf(request.query.year));
      const buffer = await countyWorkbook(data);
      const name = `${data.county ?? ''}${data.year}年度法治建设指标汇总.xlsx`;
      return reply
        .header('content-type', XLSX_MIME)
        .header('content-disposition', attachmentDisposition(name))
        .send(buffer);
    },
  );

  app.get(
    '/api/facts/:key/records.xlsx',
    {
      schema: {
        tags: TAGS,
        summary: '导出指标明细（.xlsx，计入该指标的全部可查看记录）',
        params: KeyParams,
        querystring: FactsQuerySchema,
      },
    },
    async (request, reply) => {
      const access = await reader(request);
      const d = facts().definition(request.params.key);
      if (!d) throw AppError.notFound('指标');
      const { town } = await townFor(access, request.query.townId);
      const year = yearOf(request.query.year);
      const [view, drill] = await Promise.all([
        townFacts(town.id, year, [d.module]),
        facts().records(db(), access, {
          key: d.key,
          townId: town.id,
          year,
          now: services.now(),
          limit: EXPORT_MAX,
          offset: 0,
        }),
      ]);
      const f = view(d);
      const shown = f.value == null ? '无数据' : `${f.value}${f.unit}`;
      const table: SheetTable = {
        title: `计入该指标的记录（共 ${drill.total} 条${drill.total > EXPORT_MAX ? `，导出前 ${EXPORT_MAX} 条` : ''}）`,
        columns: [
          { header: '案号', width: 22 },
          { header: '标题', width: 36 },
          { header: '计入日期', width: 12 },
          { header: '村（社区）', width: 20 },
          { header: '状态', width: 16 },
          ...(d.decidingColumn ? [{ header: d.decidingColumn, width: 16 }] : []),
        ],
        rows: drill.records.map((r) => [
          r.reference,
          r.title,
          r.date,
          r.unitName,
          r.state,
          ...(d.decidingColumn ? [r.deciding ?? null] : []),
        ]),
      };
      const buffer = await statsWorkbook({
        title: `${town.name}${year}年度${d.label}明细`,
        note: `${d.label}：${shown}。统计口径：${d.definition}`,
        sheet: d.label,
        tables: [table],
      });
      return sendXlsx(reply, `${town.name}${year}年度${d.label}明细.xlsx`, buffer);
    },
  );

  app.get(
    '/api/facts/:key/records',
    {
      schema: {
        tags: TAGS,
        summary: '指标明细：计入该指标的记录（按数据范围）',
        params: KeyParams,
        querystring: RecordsQuerySchema,
        response: { 200: RecordsResponseSchema },
      },
    },
    async (request) => {
      const access = await reader(request);
      const d = facts().definition(request.params.key);
      if (!d) throw AppError.notFound('指标');
      const { town } = await townFor(access, request.query.townId);
      const year = yearOf(request.query.year);
      const { page } = request.query;
      const [view, drill, history] = await Promise.all([
        townFacts(town.id, year, [d.module]),
        facts().records(db(), access, {
          key: d.key,
          townId: town.id,
          year,
          now: services.now(),
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        }),
        facts().history(db(), { townId: town.id, year, key: d.key }),
      ]);
      return {
        fact: view(d),
        year,
        town: townView(town),
        canWrite: canWriteTown(request, town),
        total: drill.total,
        page,
        pageSize: PAGE_SIZE,
        records: drill.records,
        decidingColumn: d.decidingColumn ?? null,
        history: history.map((h) => ({
          value: h.value,
          source: h.source,
          note: h.note,
          enteredBy: h.enteredByName,
          enteredAt: h.enteredAt.toISOString(),
          current: h.supersededAt === null,
        })),
      };
    },
  );

  app.put(
    '/api/facts/:key/manual',
    {
      schema: {
        tags: TAGS,
        summary: '手工填报指标（须注明数据来源；覆盖系统统计值）',
        params: KeyParams,
        body: ManualBodySchema,
        response: { 200: FactItemSchema },
      },
    },
    async (request) => {
      requirePermission(request.auth, 'report:write');
      const access = await reader(request);
      const d = facts().definition(request.params.key);
      if (!d) throw AppError.notFound('指标');
      const { town } = await townFor(access, request.body.townId);
      if (!canWriteTown(request, town)) throw AppError.forbidden('没有填报本镇指标的权限');
      const now = services.now();
      const { year, value, source, note } = request.body;
      const entry = await facts().setManual(
        db(),
        { townId: town.id, year, key: d.key, value, source, note: note ?? null },
        { userId: request.auth!.userId, now },
      );
      await appendAudit(
        db(),
        auditOf(request, now, 'fact.manual', `fact:${town.id}:${year}:${d.key}`, 'success', {
          label: d.label,
          value: entry.value,
          source: entry.source,
        }),
      );
      return (await townFacts(town.id, year, [d.module]))(d);
    },
  );

  app.delete(
    '/api/facts/:key/manual',
    {
      schema: {
        tags: TAGS,
        summary: '撤销手工填报（恢复系统统计值）',
        params: KeyParams,
        querystring: ManualDeleteQuerySchema,
        response: { 200: FactItemSchema },
      },
    },
    async (request) => {
      requirePermission(request.auth, 'report:write');
      const access = await reader(request);
      const d = facts().definition(request.params.key);
      if (!d) throw AppError.notFound('指标');
      const { town } = await townFor(access, request.query.townId);
      if (!canWriteTown(request, town)) throw AppError.forbidden('没有填报本镇指标的权限');
      const now = services.now();
      const { year } = request.query;
      if (!(await facts().withdrawManual(db(), { townId: town.id, year, key: d.key }, now))) {
        throw AppError.notFound('手工填报记录');
      }
      await appendAudit(
        db(),
        auditOf(request, now, 'fact.manual.withdraw', `fact:${town.id}:${year}:${d.key}`, 'success', {
          label: d.label,
        }),
      );
      return (await townFacts(town.id, year, [d.module]))(d);
    },
  );

  async function county(access: CaseAccess, year: number): Promise<z.infer<typeof CountyResponseSchema>> {
    const towns = await townsOf(access);
    const now = services.now();
    const values = await facts().values(db(), { townIds: towns.map((t) => t.id), year, now });
    const total = facts().combine(values);
    const parentIds = [...new Set(towns.map((t) => t.parent_id).filter((p): p is number => p != null))];
    const countyName =
      parentIds.length === 1
        ? ((
            await db()
              .selectFrom('org_units')
              .select('name')
              .where('id', '=', parentIds[0]!)
              .where(sql<boolean>`kind = 'county'`)
              .executeTakeFirst()
          )?.name ?? null)
        : null;
    const defs = facts().definitions();
    const pick = (v: FactValue | undefined) => ({
      value: v?.value ?? null,
      origin: v?.origin ?? ('computed' as const),
      source: v?.source ?? null,
    });
    return {
      year,
      county: countyName,
      towns: towns.map(townView),
      modules: facts()
        .modules()
        .map((m) => ({
          ...m,
          facts: defs
            .filter((d) => d.module === m.module)
            .map((d) => ({
              ...definitionView(d),
              values: towns.map((t) => pick(values.get(t.id)?.[d.key])),
              total: pick(total[d.key]),
            })),
        }))
        .filter((m) => m.facts.length > 0),
    };
  }
}

/** The county roll-up as a workbook: one row per fact, one column per town, the county total last. */
async function countyWorkbook(data: z.infer<typeof CountyResponseSchema>): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('各镇指标对比');
  const cols = 4 + data.towns.length;
  ws.columns = [
    { key: 'module', width: 16 },
    { key: 'label', width: 26 },
    { key: 'unit', width: 7 },
    ...data.towns.map((t) => ({ key: `t${t.id}`, width: 12 })),
    { key: 'total', width: 12 },
  ];
  ws.mergeCells(1, 1, 1, cols);
  const title = ws.getCell(1, 1);
  title.value = `${data.county ?? ''}${data.year}年度法治政府建设主要指标汇总表`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, cols);
  ws.getCell(2, 1).value =
    '说明：比率按各镇分子、分母之和重新计算，平均数按权重加权；灰底斜体为手工填报数据（批注注明来源），空白为无数据。';
  ws.getCell(2, 1).font = { size: 9, color: { argb: 'FF666666' } };
  const header = ws.getRow(3);
  header.values = ['模块', '指标', '单位', ...data.towns.map((t) => t.name), '全县合计'];
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  let r = 4;
  for (const m of data.modules) {
    for (const f of m.facts) {
      const row = ws.getRow(r++);
      row.getCell(1).value = m.moduleLabel;
      row.getCell(2).value = f.label;
      row.getCell(3).value = f.unit;
      [...f.values, f.total].forEach((v, i) => {
        const cell = row.getCell(4 + i);
        cell.value = v.value;
        cell.numFmt = f.unit === '%' || f.unit === '天' ? '0.0' : f.unit === '万元' || f.unit === '元' ? '0.00' : '0';
        if (v.origin === 'manual' && v.value != null) {
          cell.font = { italic: true };
          cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
          if (v.source) cell.note = `手工填报：${v.source}`;
        }
      });
      const totalCell = row.getCell(4 + data.towns.length);
      totalCell.font = { ...(totalCell.font ?? {}), bold: true };
    }
  }
  for (let i = 3; i < r; i++) {
    for (let c = 1; c <= cols; c++) {
      ws.getCell(i, c).border = {
        top: { style: 'thin' },
        left: { style: 'thin' },
        bottom: { style: 'thin' },
        right: { style: 'thin' },
      };
    }
  }
  ws.views = [{ state: 'frozen', xSplit: 3, ySplit: 3 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}
