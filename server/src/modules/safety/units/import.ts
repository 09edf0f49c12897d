/**
 * The register from a spreadsheet: a template (.xlsx with drop-down lists and 填写说明), and an
 * import that checks every row with the same contract as the form (UnitCreateBodySchema) and
 * refuses a credit code twice in the file or already in the register. All rows correct → all
 * saved in one transaction; otherwise nothing is saved (or, with `partial`, the good rows) and
 * the failed rows come back as a sheet with 错误说明, as the case import does (cases/excel.ts).
 */
import { AppError } from '@fazhi/domain';
import { SAFETY_INDUSTRY_LABELS, SAFETY_RISK_LABELS, SAFETY_SIZE_LABELS } from '@fazhi/domain/api/safety';
import { UnitCreateBodySchema } from '@fazhi/domain/api/safety-units';
import { cellText, errorReport, type ImportRowError } from '../../../cases/excel.ts';
import type { Db } from '../../../db/index.ts';
import { type ImportLimits, readSheet } from '../../../http/xlsx-import.ts';
import { type Auditor, appendAudit } from '../../../platform/audit.ts';
import { loadExcel } from '../../../platform/lazy-libs.ts';
import * as repo from './repository.ts';
import { isCreditViolation, type UnitCreate, type UnitService } from './service.ts';

type Key =
  | 'name'
  | 'creditCode'
  | 'village'
  | 'address'
  | 'industry'
  | 'size'
  | 'riskClass'
  | 'principalName'
  | 'principalPhone'
  | 'safetyOfficerName'
  | 'safetyOfficerPhone'
  | 'licences';

interface Column {
  key: Key;
  header: string;
  required: boolean;
  options?: Record<string, string>;
  hint?: string;
  width: number;
}

export const UNIT_COLUMNS: readonly Column[] = [
  { key: 'name', header: '单位名称', required: true, width: 28 },
  { key: 'creditCode', header: '统一社会信用代码', required: true, width: 22, hint: '18 位，如 91330100MA2B3C4D5X' },
  { key: 'village', header: '所在村（社区）', required: false, width: 16, hint: '填写名称，如：湾头村；不填为镇区' },
  { key: 'address', header: '地址', required: true, width: 30 },
  { key: 'industry', header: '行业', required: true, width: 14, options: SAFETY_INDUSTRY_LABELS },
  { key: 'size', header: '规模', required: true, width: 12, options: SAFETY_SIZE_LABELS },
  { key: 'riskClass', header: '风险等级', required: true, width: 10, options: SAFETY_RISK_LABELS },
  { key: 'principalName', header: '主要负责人', required: true, width: 12 },
  { key: 'principalPhone', header: '主要负责人电话', required: false, width: 16 },
  { key: 'safetyOfficerName', header: '安全管理人员', required: false, width: 12 },
  { key: 'safetyOfficerPhone', header: '安全管理人员电话', required: false, width: 16 },
  {
    key: 'licences',
    header: '许可证照',
    required: false,
    width: 40,
    hint: '每项“名称/编号/有效期至”，多项用分号隔开，如：营业执照/330100001/2030-12-31；危险化学品经营许可证/浙杭危化经字〔2024〕001/2027-06-30',
  },
];

/** The contract's field paths → the template's column headers (for the error sheet). */
const PATH_COLUMN: Record<string, string> = {
  villageId: '所在村（社区）',
  ...Object.fromEntries(UNIT_COLUMNS.map((c) => [c.key, c.header])),
};

export async function unitTemplate(villageNames: readonly string[]): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('生产经营单位');
  ws.columns = UNIT_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  UNIT_COLUMNS.forEach((c, i) => {
    const labels = c.options ? Object.values(c.options) : c.key === 'village' ? villageNames : null;
    if (!labels || labels.length === 0) return;
    const list = `"${labels.join(',')}"`;
    // Excel limits an inline list to 255 characters; a longer one is on the 填写说明 sheet only.
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
  // Credit codes and phones are text: Excel would turn 0571… into a number and drop the 0.
  for (const key of ['creditCode', 'principalPhone', 'safetyOfficerPhone'] as const) {
    ws.getColumn(UNIT_COLUMNS.findIndex((c) => c.key === key) + 1).numFmt = '@';
  }
  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列', width: 20 },
    { header: '必填', width: 8 },
    { header: '说明 / 可选值', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of UNIT_COLUMNS) {
    const opts = c.options ? Object.values(c.options).join('、') : c.key === 'village' ? villageNames.join('、') : '';
    help.addRow([c.header, c.required ? '是' : '', [c.hint, opts].filter(Boolean).join('。可选：')]);
  }
  help.addRow([]);
  help.addRow([
    '说明',
    '',
    '第一行为表头，请勿修改；从第二行起每行一个单位。统一社会信用代码在本镇登记册中不得重复。所有行都正确才会保存（也可选择只导入正确的行）。',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A village by its name as the org tree has it, or without the 村民委员会/居民委员会 suffix. */
function villageIndex(vs: readonly { id: number; name: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of vs) {
    m.set(v.name, v.id);
    const short = v.name.replace(/(村民委员会|居民委员会|社区居民委员会)$/, '');
    if (short !== v.name) {
      m.set(short, v.id);
      if (!/[村区]$/.test(short)) m.set(`${short}村`, v.id);
    }
  }
  return m;
}

function optionValue(options: Record<string, string>, text: string): string | null {
  for (const [k, label] of Object.entries(options)) if (label === text || k === text) return k;
  return null;
}

export async function importUnits(
  service: UnitService,
  db: Db,
  townId: number,
  userId: number,
  data: Buffer,
  opts: { partial: boolean; now: Date; audit: Auditor; limits: ImportLimits; dryRun?: boolean },
): Promise<{ imported: number; failed: number; errors: ImportRowError[]; report: Buffer }> {
  // The whole sheet is read (and bounded) before any query.
  const sheet = await readSheet(data, opts.limits);
  const byHeader = new Map<string, number>();
  sheet.headers.forEach((v, i) => {
    const t = cellText(v).replace(/\*$/, '').trim();
    if (t !== '') byHeader.set(t, i + 1);
  });
  const missing = UNIT_COLUMNS.filter((c) => c.required && !byHeader.has(c.header)).map((c) => c.header);
  if (missing.length > 0) {
    throw AppError.validation([{ path: 'file', message: `表头缺少必填列：${missing.join('、')}。请使用最新模板` }]);
  }
  const villages = villageIndex(await repo.villages(db, townId));
  const errors: ImportRowError[] = [];
  const rowErrors = new Map<number, string[]>();
  const fail = (row: number, column: string, message: string) => {
    errors.push({ row, column, message });
    // A message that already names its column (统一社会信用代码校验位不正确) is not prefixed twice.
    const text = column && !message.startsWith(column) ? `${column}：${message}` : message;
    rowErrors.set(row, [...(rowErrors.get(row) ?? []), text]);
  };
  const good: { row: number; body: UnitCreate }[] = [];
  const seen = new Map<string, number>();
  for (const { number: r, values } of sheet.rows) {
    const cell = (c: Column) => {
      const col = byHeader.get(c.header);
      return col ? cellText(values[col - 1]) : '';
    };
    const raw: Record<string, unknown> = {};
    let ok = true;
    const failedCols = new Set<string>();
    for (const c of UNIT_COLUMNS) {
      const text = cell(c);
      if (text === '') {
        if (c.required) {
          fail(r, c.header, '必填');
          failedCols.add(c.header);
          ok = false;
        }
        continue;
      }
      if (c.options) {
        const v = optionValue(c.options, text);
        if (v === null) {
          fail(r, c.header, `应为以下之一：${Object.values(c.options).join('、')}`);
          failedCols.add(c.header);
          ok = false;
        } else raw[c.key] = v;
      } else if (c.key === 'village') {
        const id = villages.get(text);
        if (id === undefined) {
          fail(r, c.header, `本镇没有名为「${text}」的村（社区）`);
          failedCols.add(c.header);
          ok = false;
        } else raw.villageId = String(id);
      } else if (c.key === 'licences') {
        raw.licences = text
          .split(/[；;\n]/)
          .map((s) => s.trim())
          .filter(Boolean)
          .map((s) => {
            const [name = '', no = '', until = ''] = s.split(/[/／]/).map((x) => x.trim());
            return { name, no, ...(until ? { validUntil: until } : {}) };
          });
      } else raw[c.key] = text;
    }
    const parsed = UnitCreateBodySchema.safeParse(raw);
    if (!parsed.success) {
      // A column already refused above is not named twice (a missing name is 必填 once).
      for (const i of parsed.error.issues) {
        const column = PATH_COLUMN[String(i.path[0] ?? '')] ?? '';
        if (!failedCols.has(column)) fail(r, column, i.message);
      }
      continue;
    }
    if (!ok) continue;
    const code = parsed.data.creditCode;
    const first = seen.get(code);
    if (first !== undefined) {
      fail(r, '统一社会信用代码', `与第 ${first} 行重复`);
      continue;
    }
    seen.set(code, r);
    good.push({ row: r, body: parsed.data });
  }
  // Against the register: one query for every code of the file.
  const existing = new Map(
    (await repo.byCreditCodes(db, townId, [...seen.keys()])).map((u) => [u.credit_code, u.name]),
  );
  const ready = good.filter((g) => {
    const name = existing.get(g.body.creditCode);
    if (name === undefined) return true;
    fail(g.row, '统一社会信用代码', `已登记在本镇生产经营单位“${name}”名下`);
    return false;
  });
  const failed = rowErrors.size;
  let imported = 0;
  if (!opts.dryRun && ready.length > 0 && (failed === 0 || opts.partial)) {
    await db
      .transaction()
      .execute(async (trx) => {
        for (const g of ready) {
          const id = await repo.insert(trx, service.values(townId, g.body, userId, opts.now));
          await appendAudit(
            trx,
            opts.audit('safety.unit.create', `safety-unit:${id}`, {
              name: g.body.name,
              creditCode: g.body.creditCode,
              via: 'import',
            }),
          );
          imported++;
        }
      })
      .catch((e: unknown) => {
        // Another writer registered one of the codes while this file was checked.
        if (isCreditViolation(e)) {
          throw new AppError('CONFLICT', '导入期间有单位以相同的统一社会信用代码登记，请重新导入', {
            fields: [{ path: 'creditCode', message: '统一社会信用代码已被登记' }],
          });
        }
        throw e;
      });
  }
  return {
    imported,
    failed,
    errors: errors.sort((a, b) => a.row - b.row),
    report: await errorReport(sheet, rowErrors),
  };
}
