/**
 * A village's screening return as a spreadsheet, the round trip of cases/excel.ts:
 * download the template → fill one dispute per row → upload → every row is saved, or
 * none is and each bad cell is named (also as a workbook to fix and upload again);
 * `partial` saves the good rows. Rows go through the same schema and checks as the form.
 */
import { AppError, type FieldIssue } from '@fazhi/domain';
import {
  DISPUTE_TYPE_LABELS,
  ENTRY_PARTY_ROLE_LABELS,
  ENTRY_RISK_LABELS,
  EntryInputSchema,
  type EntryPartyRole,
} from '@fazhi/domain/api/campaigns';
import { cellText, errorReport } from '../../../cases/excel.ts';
import type { Auditor } from '../../../cases/service.ts';
import { type ImportLimits, readSheet } from '../../../http/xlsx-import.ts';
import { appendAudit } from '../../../platform/audit.ts';
import { loadExcel } from '../../../platform/lazy-libs.ts';
import type { CampaignAccess } from './access.ts';
import type { CampaignService, PreparedEntry } from './service.ts';

interface Column {
  header: string;
  /** An entry field, or a party attribute of one side. */
  target: { field: string } | { role: EntryPartyRole; attr: 'name' | 'idNumber' | 'phone' };
  required: boolean;
  options?: Record<string, string>;
  hint?: string;
  width: number;
}

const side = (role: EntryPartyRole, required: boolean): Column[] => {
  const who = ENTRY_PARTY_ROLE_LABELS[role];
  return [
    {
      header: `${who}姓名`,
      target: { role, attr: 'name' },
      required,
      hint: '姓名或单位名称；多人用顿号分隔，如：张三、李四',
      width: 18,
    },
    {
      header: `${who}证件号码`,
      target: { role, attr: 'idNumber' },
      required: false,
      hint: '居民身份证号码或统一社会信用代码；只填写一人时可填',
      width: 22,
    },
    {
      header: `${who}联系电话`,
      target: { role, attr: 'phone' },
      required: false,
      hint: '手机或固定电话；只填写一人时可填',
      width: 16,
    },
  ];
};

export const ENTRY_COLUMNS: Column[] = [
  { header: '发现日期', target: { field: 'foundOn' }, required: true, hint: '日期，如 2026-01-10', width: 14 },
  { header: '纠纷类型', target: { field: 'disputeType' }, required: true, options: DISPUTE_TYPE_LABELS, width: 14 },
  ...side('applicant', true),
  ...side('respondent', true),
  { header: '涉及人数', target: { field: 'peopleCount' }, required: true, hint: '整数，至少 1 人', width: 10 },
  { header: '涉及金额（元）', target: { field: 'amount' }, required: false, hint: '数字，可不填', width: 14 },
  { header: '纠纷简要情况', target: { field: 'summary' }, required: true, width: 40 },
  { header: '当事人诉求', target: { field: 'requests' }, required: true, width: 30 },
  { header: '风险提示', target: { field: 'riskHint' }, required: false, options: ENTRY_RISK_LABELS, width: 20 },
];

export async function entryTemplate(info: { campaignTitle: string; unitName: string; periodStart: string }) {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('排查发现的矛盾纠纷');
  ws.columns = ENTRY_COLUMNS.map((c) => ({ header: c.required ? `${c.header}*` : c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  ENTRY_COLUMNS.forEach((c, i) => {
    if (!c.options) return;
    const list = `"${Object.values(c.options).join(',')}"`;
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
    { header: '列', width: 22 },
    { header: '必填', width: 8 },
    { header: '说明 / 可选值', width: 80 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of ENTRY_COLUMNS) {
    help.addRow([c.header, c.required ? '是' : '', c.options ? Object.values(c.options).join('、') : (c.hint ?? '')]);
  }
  help.addRow([]);
  help.addRow(['排查', '', info.campaignTitle]);
  help.addRow(['村（社区）', '', info.unitName]);
  help.addRow(['说明', '', `第一行为表头，请勿修改；从第二行起每行一件纠纷，发现日期不早于 ${info.periodStart}。`]);
  help.addRow([
    '',
    '',
    '所有行都正确才会保存（也可选择只导入正确的行）。本村未发现矛盾纠纷时无需上传，请在系统中作零报告。',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ImportRowError {
  row: number;
  column: string;
  message: string;
}

export async function importEntries(
  service: CampaignService,
  acc: CampaignAccess,
  returnId: number,
  data: Buffer,
  opts: { partial: boolean; now: Date; today: string; audit: Auditor; limits: ImportLimits },
): Promise<{ imported: number; failed: number; errors: ImportRowError[]; report: Buffer }> {
  const target = await service.probeReturn(acc, returnId);
  // Read (and bound) the whole sheet before any work: see http/xlsx-import.ts.
  const sheet = await readSheet(data, opts.limits);
  const byHeader = new Map<string, number>();
  sheet.headers.forEach((v, i) => {
    const text = cellText(v).replace(/\*$/, '').trim();
    if (text !== '') byHeader.set(text, i + 1);
  });
  const missing = ENTRY_COLUMNS.filter((c) => c.required && !byHeader.has(c.header)).map((c) => c.header);
  if (missing.length > 0) {
    throw AppError.validation([{ path: 'file', message: `表头缺少必填列：${missing.join('、')}。请使用最新模板` }]);
  }

  const errors: ImportRowError[] = [];
  const rowErrors = new Map<number, string[]>();
  const prepared: PreparedEntry[] = [];
  for (const { number: r, values: cells } of sheet.rows) {
    const values = new Map<Column, string>();
    for (const c of ENTRY_COLUMNS) {
      const col = byHeader.get(c.header);
      if (col) values.set(c, cellText(cells[col - 1]));
    }
    if ([...values.values()].every((v) => v === '')) continue;
    const fail = (column: string, message: string) => {
      errors.push({ row: r, column, message });
      rowErrors.set(r, [...(rowErrors.get(r) ?? []), `${column}：${message}`]);
    };
    const raw = toInput(values, fail);
    if (!raw) continue;
    const parsed = EntryInputSchema.safeParse(raw.input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) fail(columnOf(issue.path.map(String), raw.roles), issue.message);
      continue;
    }
    const { entry, issues } = service.prepareEntry(parsed.data, {
      periodStart: target.period_start,
      today: opts.today,
    });
    if (!entry) {
      for (const f of issues) fail(columnOf(f.path.split('.'), raw.roles), stripWho(f));
      continue;
    }
    prepared.push(entry);
  }
  const failed = rowErrors.size;
  let imported = 0;
  if (prepared.length > 0 && (failed === 0 || opts.partial)) {
    await service.database.transaction().execute(async (trx) => {
      const ret = await service.writableReturn(trx, acc, returnId);
      service.requirePendingReturn(ret);
      const ids = await service.insertEntries(trx, acc, ret, prepared, opts.now);
      imported = ids.length;
      await appendAudit(
        trx,
        opts.audit('campaign.import', `campaign-return:${returnId}`, { campaign: ret.campaign_id, imported, failed }),
      );
    });
  }
  return { imported, failed, errors, report: await errorReport(sheet, rowErrors) };
}

/** A row's cells as the entry input; conversion problems (numbers, dates, lists) are reported here. */
function toInput(
  values: Map<Column, string>,
  fail: (column: string, message: string) => void,
): { input: Record<string, unknown>; roles: EntryPartyRole[] } | null {
  let ok = true;
  const input: Record<string, unknown> = {};
  const sides: Record<EntryPartyRole, { name?: string; idNumber?: string; phone?: string }> = {
    applicant: {},
    respondent: {},
  };
  for (const [c, text] of values) {
    if (text === '') {
      if (c.required) {
        fail(c.header, '必填');
        ok = false;
      }
      continue;
    }
    const t = c.target;
    if ('role' in t) {
      sides[t.role][t.attr] = text;
      continue;
    }
    if (c.options) {
      const hit = Object.entries(c.options).find(([k, l]) => l === text || k === text);
      if (!hit) {
        fail(c.header, `应为以下之一：${Object.values(c.options).join('、')}`);
        ok = false;
      } else input[t.field] = hit[0];
    } else if (t.field === 'peopleCount' || t.field === 'amount') {
      const n = Number(text.replace(/,/g, ''));
      if (!Number.isFinite(n)) {
        fail(c.header, '应为数字');
        ok = false;
      } else input[t.field] = n;
    } else if (t.field === 'foundOn') {
      const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
      if (!m) {
        fail(c.header, '应为日期，如 2026-01-10');
        ok = false;
      } else input.foundOn = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
    } else input[t.field] = text;
  }
  const parties: Record<string, unknown>[] = [];
  const roles: EntryPartyRole[] = [];
  for (const role of ['applicant', 'respondent'] as const) {
    const s = sides[role];
    if (!s.name) continue;
    const names = s.name
      .split(/[、，,；;]+/)
      .map((n) => n.trim())
      .filter(Boolean);
    if (names.length > 1 && (s.idNumber || s.phone)) {
      fail(`${ENTRY_PARTY_ROLE_LABELS[role]}证件号码`, '填写了证件号码或联系电话时，该方只能填写一人');
      ok = false;
      continue;
    }
    for (const name of names) {
      parties.push({
        role,
        kind:
          s.idNumber && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s.idNumber) && !/^\d{17}[\dX]$/i.test(s.idNumber)
            ? 'org'
            : 'person',
        name,
        ...(s.idNumber ? { idNumber: s.idNumber } : {}),
        ...(s.phone ? { phone: s.phone } : {}),
      });
      roles.push(role);
    }
  }
  input.parties = parties;
  return ok ? { input, roles } : null;
}

/** The column an issue belongs to: a field's column, or the column of party i's attribute. */
function columnOf(path: string[], roles: EntryPartyRole[]): string {
  const [head, a, b] = path;
  if (head === 'parties') {
    const role = a === undefined ? undefined : roles[Number(a)];
    if (role && (b === 'name' || b === 'idNumber' || b === 'phone')) {
      return ENTRY_COLUMNS.find((c) => 'role' in c.target && c.target.role === role && c.target.attr === b)!.header;
    }
    return '当事人';
  }
  return ENTRY_COLUMNS.find((c) => 'field' in c.target && c.target.field === head)?.header ?? '';
}

/** The service names the party in its message ("第 2 位当事人（李四）的…"); the sheet names the column. */
function stripWho(f: FieldIssue): string {
  return f.message.replace(/^第 \d+ 位当事人（[^）]*）的[^：]*：/, '');
}
