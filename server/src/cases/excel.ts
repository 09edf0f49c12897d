/**
 * Excel in and out of the case engine. Export streams exactly what the list shows
 * (same filters, same scope) in keyset batches, so memory stays flat. Import is the
 * clerk's round trip: download a template generated from the type's own field schema →
 * fill it → upload → either everything is saved, or nothing is and each bad cell is
 * named (also as a workbook they can fix and re-upload); `partial` saves the good rows.
 */
import { PassThrough } from 'node:stream';
import { AppError, type CaseListQuerySchema, type CreateCaseBodySchema } from '@fazhi/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { attachmentDisposition, XLSX_MIME } from '../http/files.ts';
import { type ImportLimits, readSheet, type SheetRow } from '../http/xlsx-import.ts';
import { loadExcel } from '../platform/lazy-libs.ts';
import type { CaseAccess } from './access.ts';
import type { CaseModule } from './registry.ts';
import type { ListCursor } from './repository.ts';
import type { Auditor, CaseService, PreparedCase } from './service.ts';
import { formatShanghai } from './service.ts';
import { toListItem } from './views.ts';

type ListQuery = z.output<typeof CaseListQuerySchema>;
type CreateBody = z.output<typeof CreateCaseBodySchema>;

export async function exportCases(
  service: CaseService,
  access: CaseAccess,
  q: ListQuery,
  now: Date,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const window = await service.dueWindow(access, now);
  const batch = (cursor: ListCursor | undefined) => service.page(access, q, window, cursor ?? null, 1000);
  // Every filter is applied and the first batch read before the first byte: a bad filter or a
  // database error here is an ordinary JSON error, never a 200 with a broken file.
  let rows = await batch(undefined);
  const stream = new PassThrough();
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const ws = wb.addWorksheet('案件列表');
  ws.columns = [
    { header: '案号', key: 'number', width: 20 },
    { header: '标题', key: 'title', width: 36 },
    { header: '类型', key: 'type', width: 12 },
    { header: '状态', key: 'state', width: 12 },
    { header: '当事人', key: 'parties', width: 24 },
    { header: '村（社区）/部门', key: 'unit', width: 16 },
    { header: '承办人', key: 'assignee', width: 10 },
    { header: '包案领导', key: 'leader', width: 10 },
    { header: '风险等级', key: 'risk', width: 8 },
    { header: '当前期限', key: 'clock', width: 14 },
    { header: '到期日', key: 'due', width: 12 },
    { header: '剩余天数', key: 'days', width: 10 },
    { header: '登记时间', key: 'created', width: 18 },
    { header: '办结日期', key: 'closed', width: 12 },
    { header: '最后更新', key: 'updated', width: 18 },
  ];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const name = `案件列表-${now.toISOString().slice(0, 10)}.xlsx`;
  reply.header('content-type', XLSX_MIME).header('content-disposition', attachmentDisposition(name));
  const RISK = { low: '低', medium: '中', high: '高' } as const;
  (async () => {
    for (;;) {
      for (const r of rows) {
        const item = toListItem(r, service.registry, window);
        ws.addRow({
          number: item.number,
          title: item.title,
          type: item.typeLabel,
          state: item.stateLabel,
          parties: item.partyNames,
          unit: item.unitName ?? '',
          assignee: item.assigneeName ?? '',
          leader: item.ownerLeaderName ?? '',
          risk: item.risk ? RISK[item.risk] : '',
          clock: item.nextClock ?? '',
          due: item.nextDue ?? '',
          days: item.daysLeft ?? '',
          created: formatShanghai(r.created_at),
          closed: item.closedOn ?? '',
          updated: formatShanghai(r.updated_at),
        }).commit();
      }
      if (rows.length < 1000) break;
      const last = rows.at(-1)!;
      rows = await batch({ keys: [last.cur0, last.cur1], id: last.id });
    }
    ws.commit();
    await wb.commit();
  })().catch((e) => {
    // Mid-stream: the headers may be out, so the only honest signal is an aborted response
    // (Fastify destroys the socket), never a truncated file that looks complete.
    request.log.error({ err: e }, 'case export failed');
    stream.destroy(e as Error);
  });
  return reply.send(stream);
}

// ------------------------------------------------------------------ import

interface Column {
  header: string;
  /** Where the value goes: a case field, the title, the unit, or a party attribute. */
  target:
    | { kind: 'title' }
    | { kind: 'unit' }
    | { kind: 'field'; key: string; schema: JsonSchema }
    | { kind: 'party'; role: string; attr: 'name' | 'idNumber' | 'phone' | 'address' };
  required: boolean;
  options?: { value: string; label: string }[];
  hint?: string;
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  enumLabels?: Record<string, string>;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
}

/** The template's columns, from the type's JSON Schema: every scalar field, then each party role. */
export function importColumns(mod: CaseModule): Column[] {
  const schema = z.toJSONSchema(mod.type.fields, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const cols: Column[] = [
    { header: '标题', target: { kind: 'title' }, required: true },
    { header: '所属村（社区）', target: { kind: 'unit' }, required: false, hint: '填写名称，如：湾头村；不填为本镇' },
  ];
  const required = new Set(schema.required ?? []);
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    const s = scalar(raw);
    if (!s) continue;
    const options = Array.isArray(s.enum)
      ? s.enum.map((v) => ({ value: String(v), label: s.enumLabels?.[String(v)] ?? String(v) }))
      : undefined;
    cols.push({
      header: s.description ?? raw.description ?? key,
      target: { kind: 'field', key, schema: s },
      required: required.has(key),
      ...(options ? { options } : {}),
      ...(s.format === 'date' ? { hint: '日期，如 2026-03-02' } : {}),
    });
  }
  for (const [role, label] of Object.entries(mod.type.parties?.roles ?? {})) {
    const req = mod.type.parties?.required?.includes(role) ?? false;
    cols.push({ header: `${label}姓名`, target: { kind: 'party', role, attr: 'name' }, required: req });
    cols.push({ header: `${label}证件号码`, target: { kind: 'party', role, attr: 'idNumber' }, required: false });
    cols.push({ header: `${label}联系电话`, target: { kind: 'party', role, attr: 'phone' }, required: false });
    cols.push({ header: `${label}住址`, target: { kind: 'party', role, attr: 'address' }, required: false });
  }
  return cols;
}

/** A field a spreadsheet cell can hold (optional fields come as anyOf with null in some schemas). */
function scalar(s: JsonSchema): JsonSchema | null {
  if (s.anyOf) {
    const inner = s.anyOf.filter((x) => x.type !== 'null');
    if (inner.length !== 1) return null;
    return scalar({ ...inner[0]!, description: s.description ?? inner[0]!.description });
  }
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t === 'string' || t === 'number' || t === 'integer' || t === 'boolean') return { ...s, type: t };
  return null;
}

export async function importTemplate(mod: CaseModule): Promise<Buffer> {
  const cols = importColumns(mod);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${mod.type.label}`);
  ws.columns = cols.map((c) => ({
    header: c.required ? `${c.header}*` : c.header,
    width: Math.max(12, c.header.length * 2 + 4),
  }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  cols.forEach((c, i) => {
    if (!c.options) return;
    const list = `"${c.options.map((o) => o.label).join(',')}"`;
    // Excel limits an inline list to 255 characters; longer lists are documented on the second sheet only.
    if (list.length > 255) return;
    for (let r = 2; r <= 500; r++) {
      ws.getCell(r, i + 1).dataValidation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [list],
        showErrorMessage: true,
        errorTitle: '输入有误',
        error: `请从下拉列表中选择${c.header}`,
      };
    }
  });
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 20 },
    { header: '必填', width: 8 },
    { header: '说明 / 可选值', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of cols) {
    help.addRow([
      c.header,
      c.required ? '是' : '',
      c.options ? c.options.map((o) => o.label).join('、') : (c.hint ?? ''),
    ]);
  }
  help.addRow([]);
  help.addRow([
    '说明',
    '',
    '第一行为表头，请勿修改；从第二行起每行一件。所有行都正确才会保存（也可选择只导入正确的行）。',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export async function importCases(
  service: CaseService,
  access: CaseAccess,
  mod: CaseModule,
  data: Buffer,
  opts: { partial: boolean; now: Date; audit: Auditor; limits: ImportLimits },
): Promise<{ imported: number; failed: number; errors: ImportRowError[]; report: Buffer }> {
  // Read (and bound) the whole sheet before any work: a refused file costs no queries.
  const sheet = await readSheet(data, opts.limits);
  const cols = importColumns(mod);
  const byHeader = new Map<string, number>();
  sheet.headers.forEach((v, i) => {
    const text = cellText(v).replace(/\*$/, '').trim();
    if (text !== '') byHeader.set(text, i + 1);
  });
  const missing = cols.filter((c) => c.required && !byHeader.has(c.header)).map((c) => c.header);
  if (missing.length > 0) {
    throw AppError.validation([{ path: 'file', message: `表头缺少必填列：${missing.join('、')}。请使用最新模板` }]);
  }
  const units = await service.unitsByName(access);

  const errors: ImportRowError[] = [];
  const prepared: { row: number; plan: PreparedCase }[] = [];
  const rowErrors = new Map<number, string[]>();
  for (const { number: r, values: cells } of sheet.rows) {
    const values = new Map<Column, unknown>();
    let empty = true;
    for (const c of cols) {
      const col = byHeader.get(c.header);
      if (!col) continue;
      const v = cells[col - 1];
      const text = cellText(v);
      if (text !== '') empty = false;
      values.set(c, v instanceof Date ? v : text);
    }
    if (empty) continue;
    const fail = (column: string, message: string) => {
      errors.push({ row: r, column, message });
      rowErrors.set(r, [...(rowErrors.get(r) ?? []), `${column}：${message}`]);
    };
    const body = toBody(mod, cols, values, units, fail);
    if (!body) continue;
    try {
      prepared.push({ row: r, plan: await service.prepareCreate(access, body.body, opts.now) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      if (e.fields?.length) {
        for (const f of e.fields) fail(columnOf(f.path, cols, body.partyRoles), f.message);
      } else fail('', e.message);
    }
  }
  const failedRows = rowErrors.size;
  let imported = 0;
  if (prepared.length > 0 && (failedRows === 0 || opts.partial)) {
    await service.database.transaction().execute(async (trx) => {
      for (const p of prepared) {
        await service.insertPrepared(trx, p.plan, access, opts.now, opts.audit);
        imported++;
      }
    });
  }
  return { imported, failed: failedRows, errors, report: await errorReport(sheet, rowErrors) };
}

/** The rows that failed, as they were typed, with an 错误说明 column: fix and upload again. */
export async function errorReport(
  src: { headers: unknown[]; rows: SheetRow[] },
  rowErrors: Map<number, string[]>,
): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('错误报告');
  const width = src.headers.length;
  ws.addRow([...src.headers.map((v) => cellText(v)), '错误说明', '原行号']);
  ws.getRow(1).font = { bold: true };
  for (const row of src.rows) {
    const msgs = rowErrors.get(row.number);
    if (!msgs) continue;
    const vals = row.values.map((v) => (v instanceof Date ? v : cellText(v)));
    const added = ws.addRow([...vals, msgs.join('；'), row.number]);
    added.getCell(width + 1).font = { color: { argb: 'FFC00000' } };
  }
  ws.getColumn(width + 1).width = 60;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function toBody(
  mod: CaseModule,
  cols: Column[],
  values: Map<Column, unknown>,
  units: Map<string, number>,
  fail: (column: string, message: string) => void,
): { body: CreateBody; partyRoles: string[] } | null {
  let ok = true;
  const fields: Record<string, unknown> = {};
  const parties = new Map<string, Record<string, string>>();
  let title = '';
  let unitId: string | undefined;
  for (const c of cols) {
    const raw = values.get(c);
    const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw ?? '').trim();
    if (c.required && text === '' && c.target.kind !== 'party') {
      fail(c.header, '必填');
      ok = false;
      continue;
    }
    if (text === '') continue;
    const t = c.target;
    if (t.kind === 'title') title = text;
    else if (t.kind === 'unit') {
      const id = units.get(text);
      if (!id) {
        fail(c.header, `找不到名为「${text}」的村（社区）或部门`);
        ok = false;
      } else unitId = String(id);
    } else if (t.kind === 'field') {
      const v = convert(t.schema, text, c);
      if (v.error) {
        fail(c.header, v.error);
        ok = false;
      } else fields[t.key] = v.value;
    } else {
      const p = parties.get(t.role) ?? {};
      p[t.attr] = text;
      parties.set(t.role, p);
    }
  }
  const list: CreateBody['parties'] = [];
  const partyRoles: string[] = [];
  for (const [role, p] of parties) {
    const label = mod.type.parties?.roles[role] ?? role;
    if (!p.name) {
      fail(`${label}姓名`, '填写了证件号码、电话或住址时，姓名必填');
      ok = false;
      continue;
    }
    list.push({
      role,
      kind:
        p.idNumber && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(p.idNumber) && !/^\d{17}[\dX]$/i.test(p.idNumber)
          ? 'org'
          : 'person',
      name: p.name,
      ...(p.idNumber ? { idNumber: p.idNumber } : {}),
      ...(p.phone ? { phone: p.phone } : {}),
      ...(p.address ? { address: p.address } : {}),
    });
    partyRoles.push(role);
  }
  if (!ok) return null;
  return {
    body: { type: mod.type.key, title, ...(unitId ? { unitId } : {}), fields, parties: list },
    partyRoles,
  };
}

function convert(s: JsonSchema, text: string, c: Column): { value?: unknown; error?: string } {
  if (c.options) {
    const hit = c.options.find((o) => o.label === text || o.value === text);
    return hit ? { value: hit.value } : { error: `应为以下之一：${c.options.map((o) => o.label).join('、')}` };
  }
  if (s.type === 'number' || s.type === 'integer') {
    const n = Number(text.replace(/,/g, ''));
    if (!Number.isFinite(n)) return { error: '应为数字' };
    if (s.type === 'integer' && !Number.isInteger(n)) return { error: '应为整数' };
    return { value: n };
  }
  if (s.type === 'boolean') {
    if (['是', 'true', 'TRUE', '1', 'Y', 'y'].includes(text)) return { value: true };
    if (['否', 'false', 'FALSE', '0', 'N', 'n'].includes(text)) return { value: false };
    return { error: '应为“是”或“否”' };
  }
  if (s.format === 'date') {
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
    if (!m) return { error: '应为日期，如 2026-03-02' };
    return { value: `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` };
  }
  return { value: text };
}

/** The column a validation error belongs to: fields.x → the field's column; parties.i.y → that party's. */
function columnOf(path: string, cols: Column[], partyRoles: string[]): string {
  const [head, a, b] = path.split('.');
  if (head === 'fields' && a) {
    return cols.find((c) => c.target.kind === 'field' && c.target.key === a)?.header ?? a;
  }
  if (head === 'parties' && a !== undefined && b) {
    const role = partyRoles[Number(a)];
    const col = cols.find((c) => c.target.kind === 'party' && c.target.role === role && c.target.attr === b);
    if (col) return col.header;
  }
  if (head === 'unitId') return '所属村（社区）';
  if (head === 'title') return '标题';
  return '';
}

export function cellText(v: unknown): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { text?: unknown; richText?: { text: string }[]; result?: unknown };
    if (Array.isArray(o.richText))
      return o.richText
        .map((x) => x.text)
        .join('')
        .trim();
    if (o.text !== undefined) return String(o.text).trim();
    if (o.result !== undefined) return String(o.result).trim();
  }
  return String(v).trim();
}
