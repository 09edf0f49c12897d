/**
 * Statistics pages and drill-down lists as .xlsx (issue 13): one sheet with a title row (the
 * town or unit and the year), then the page's tables one under another, Chinese headers, set up
 * to print on A4 landscape. `statsTables` reads a statistics response through its zod contract:
 * every figure and column is labelled by its `.describe()`, so the workbook says what the page
 * and the API say, and a new figure in a contract appears in its export without a change here.
 */
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { loadExcel } from '../platform/lazy-libs.ts';
import { attachmentDisposition, XLSX_MIME } from './files.ts';

export type CellValue = string | number | null;

/** How a number column is shown: a count, a percentage of 100, a fraction shown as %, money or days. */
export type NumberFormat = 'int' | 'percent100' | 'fraction' | 'decimal';

export interface SheetColumn {
  header: string;
  width?: number;
  format?: NumberFormat;
}

export interface SheetTable {
  title: string;
  columns: SheetColumn[];
  rows: CellValue[][];
  /** Per row, the format of its number cells (a figures table mixes counts and rates); else the column's. */
  rowFormats?: (NumberFormat | undefined)[];
}

export interface StatsSheet {
  /** The title row: 湾头桥镇2024年度矛盾纠纷调解统计. */
  title: string;
  /** A line under the title (统计截止日期, the cohort…). */
  note?: string;
  /** The sheet's tab name. */
  sheet: string;
  tables: SheetTable[];
}

const NUM_FMT: Record<NumberFormat, string> = {
  int: '0',
  percent100: '0.0"%"',
  fraction: '0.0%',
  decimal: '0.0#',
};

/** The workbook of a statistics page or drill-down list. */
export async function statsWorkbook(s: StatsSheet): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(s.sheet.slice(0, 31), {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  const cols = Math.max(2, ...s.tables.map((t) => t.columns.length));
  // Column widths: the widest any table asks for in that position.
  ws.columns = Array.from({ length: cols }, (_, i) => ({
    width: Math.max(10, ...s.tables.map((t) => t.columns[i]?.width ?? (i === 0 ? 24 : 12))),
  }));
  ws.mergeCells(1, 1, 1, cols);
  const title = ws.getCell(1, 1);
  title.value = s.title;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  let r = 2;
  if (s.note) {
    ws.mergeCells(2, 1, 2, cols);
    ws.getCell(2, 1).value = s.note;
    ws.getCell(2, 1).font = { size: 9, color: { argb: 'FF666666' } };
    r = 3;
  }
  const thin = { style: 'thin' as const, color: { argb: 'FFBFBFBF' } };
  const border = { top: thin, left: thin, bottom: thin, right: thin };
  for (const t of s.tables) {
    r++;
    const caption = ws.getCell(r, 1);
    caption.value = t.title;
    caption.font = { bold: true, size: 12 };
    r++;
    const header = ws.getRow(r);
    t.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
      cell.border = border;
    });
    for (const [n, values] of t.rows.entries()) {
      r++;
      const row = ws.getRow(r);
      t.columns.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        const v = values[i] ?? null;
        cell.value = v;
        cell.border = border;
        const format = t.rowFormats?.[n] ?? c.format;
        if (typeof v === 'number' && format) cell.numFmt = NUM_FMT[format];
        if (typeof v === 'string') cell.alignment = { wrapText: true, vertical: 'top' };
      });
    }
    if (t.rows.length === 0) {
      r++;
      ws.getCell(r, 1).value = '（无）';
    }
    r++;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Sends a workbook as a download named `name`. */
export function sendXlsx(reply: FastifyReply, name: string, buffer: Buffer) {
  return reply
    .header('content-type', XLSX_MIME)
    .header('content-disposition', attachmentDisposition(name))
    .send(buffer);
}

// ------------------------------------------------------------------ from a contract

type AnySchema = z.ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
}

const defOf = (s: AnySchema) => (s as unknown as { _zod: { def: Def } })._zod.def;
const descriptionOf = (s: AnySchema): string | undefined => (s as unknown as { description?: string }).description;

/** The schema under `.nullable()` / `.optional()` / `.default()`, with the outer description if the inner has none. */
function unwrap(s: AnySchema): { schema: AnySchema; description: string | undefined } {
  let description = descriptionOf(s);
  let cur = s;
  for (;;) {
    const d = defOf(cur);
    if ((d.type === 'nullable' || d.type === 'optional' || d.type === 'default') && d.innerType) {
      cur = d.innerType;
      description ??= descriptionOf(cur);
      continue;
    }
    return { schema: cur, description: description ?? descriptionOf(cur) };
  }
}

/** Codes and ids are for machines: a column described as 代码 / 编号 is left out. */
const isCode = (description: string | undefined) => !description || /代码|编号/.test(description);

/** A number's format from its contract: a 率 up to 1 is a fraction, up to 100 a percentage. */
function formatOf(schema: AnySchema, description: string): NumberFormat {
  const max = (schema as unknown as { maxValue?: number | null }).maxValue;
  if (/率/.test(description) && max === 1) return 'fraction';
  if (/率/.test(description) && max === 100) return 'percent100';
  const isInt = (schema as unknown as { isInt?: boolean }).isInt;
  return isInt ? 'int' : 'decimal';
}

/**
 * A label without the explanation in brackets after it (「满意率（（满意+基本满意）÷已评价件数）」→
 * 「满意率」); a short qualifier stays (「村（社区）」, 「涉及金额（元）」).
 */
const shortLabel = (d: string) => {
  const at = d.search(/[（(]/);
  if (at <= 0 || [...d.slice(at)].length <= 6) return d;
  return d.slice(0, at);
};

/**
 * The tables of a statistics response, read through its contract: each object's numbers
 * become a 指标 | 数值 table titled by the object's description (the top level's: `figures`),
 * each array of objects a table whose columns are its fields' descriptions (codes left out).
 * Top-level strings and nulls (year, scope, as-of date) belong in the title, not a table.
 */
export function statsTables(schema: AnySchema, value: unknown, figures = '主要指标'): SheetTable[] {
  const out: SheetTable[] = [];
  const walk = (s: AnySchema, v: unknown, title: string, top: boolean) => {
    const { schema: obj } = unwrap(s);
    const shape = defOf(obj).shape;
    if (!shape || v == null || typeof v !== 'object') return;
    const rec = v as Record<string, unknown>;
    const figureRows: CellValue[][] = [];
    const formats: NumberFormat[] = [];
    const later: (() => void)[] = [];
    for (const [key, field] of Object.entries(shape)) {
      const { schema: inner, description } = unwrap(field);
      const type = defOf(inner).type;
      const label = description ?? key;
      if (type === 'number' && !(top && key === 'year')) {
        const format = formatOf(inner, label);
        // A rate's label carries its unit in brackets, which the cell's format now shows.
        figureRows.push([
          format === 'int' || format === 'decimal' ? label : shortLabel(label),
          (rec[key] as number | null) ?? null,
        ]);
        formats.push(format);
      } else if (type === 'object') {
        later.push(() => walk(inner, rec[key], description ?? title, false));
      } else if (type === 'array') {
        const element = defOf(inner).element;
        const el = element ? unwrap(element).schema : undefined;
        const elShape = el ? defOf(el).shape : undefined;
        if (!elShape) continue;
        const columns = Object.entries(elShape)
          .map(([k, f]) => ({ k, ...unwrap(f) }))
          .filter((c) => !isCode(c.description));
        const items = (rec[key] as Record<string, unknown>[] | undefined) ?? [];
        later.push(() =>
          out.push({
            title: top ? label : `${title} · ${shortLabel(label)}`,
            columns: columns.map((c) => {
              const t = defOf(c.schema).type;
              return {
                header: shortLabel(c.description ?? c.k),
                width: t === 'string' ? 24 : 12,
                ...(t === 'number' ? { format: formatOf(c.schema, c.description ?? '') } : {}),
              };
            }),
            rows: items.map((it) => columns.map((c) => (it[c.k] as CellValue | undefined) ?? null)),
          }),
        );
      }
    }
    if (figureRows.length > 0) {
      out.push({
        title,
        columns: [
          { header: '指标', width: 36 },
          { header: '数值', width: 14 },
        ],
        rows: figureRows,
        rowFormats: formats,
      });
    }
    for (const f of later) f();
  };
  walk(schema, value, figures, true);
  return out;
}
