/**
 * 检查表 (checklists): what an inspector ticks at a unit of one industry, each item with the
 * provision that requires it, so a 存在问题 tick names its basis on the 现场检查记录 and the
 * 责令限期整改指令书. The zod contract (api/safety-plans.ts) checks the shape of each field; this
 * checks the list as a whole, for the server and the web form alike.
 */
import type { FieldIssue } from '../errors.ts';

export const CHECKLIST_MAX_ITEMS = 100;
export const CHECKLIST_CODE_MAX = 20;
export const CHECKLIST_TEXT_MAX = 300;
export const CHECKLIST_BASIS_MAX = 200;

export interface ChecklistItem {
  code: string;
  text: string;
  basis: string;
}

/** The problems of a checklist's items, each naming the field (items.3.basis); none when it is usable. */
export function checklistProblems(items: readonly ChecklistItem[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (items.length === 0) return [{ path: 'items', message: '检查表至少应有一个检查项目' }];
  if (items.length > CHECKLIST_MAX_ITEMS) {
    issues.push({ path: 'items', message: `检查表最多${CHECKLIST_MAX_ITEMS}个检查项目` });
  }
  const seen = new Map<string, number>();
  items.forEach((it, i) => {
    const code = it.code.trim();
    const n = i + 1;
    if (code === '') issues.push({ path: `items.${i}.code`, message: `第${n}项：编号不能为空` });
    else if (code.length > CHECKLIST_CODE_MAX)
      issues.push({ path: `items.${i}.code`, message: `第${n}项：编号不超过${CHECKLIST_CODE_MAX}个字` });
    else if (seen.has(code))
      issues.push({ path: `items.${i}.code`, message: `第${n}项：编号“${code}”与第${seen.get(code)! + 1}项重复` });
    else seen.set(code, i);
    const text = it.text.trim();
    if (text === '') issues.push({ path: `items.${i}.text`, message: `第${n}项：检查内容不能为空` });
    else if (text.length > CHECKLIST_TEXT_MAX)
      issues.push({ path: `items.${i}.text`, message: `第${n}项：检查内容不超过${CHECKLIST_TEXT_MAX}个字` });
    const basis = it.basis.trim();
    // An item without its basis cannot support an order to rectify (安全生产法 art 65 ¶1 (二)/(三)).
    if (basis === '') issues.push({ path: `items.${i}.basis`, message: `第${n}项：检查依据不能为空` });
    else if (basis.length > CHECKLIST_BASIS_MAX)
      issues.push({ path: `items.${i}.basis`, message: `第${n}项：检查依据不超过${CHECKLIST_BASIS_MAX}个字` });
  });
  return issues;
}

/** The items as stored: trimmed. */
export function normalizeChecklist(items: readonly ChecklistItem[]): ChecklistItem[] {
  return items.map((it) => ({ code: it.code.trim(), text: it.text.trim(), basis: it.basis.trim() }));
}
