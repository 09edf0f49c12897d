/**
 * 修改基本信息 (issue 13): what a registration set stays correctable afterwards: the title,
 * the village, the parties' contact data (the server's columns) and the fields the case type
 * lists in `basicInfo`. Each change is an event (old → new, in words) beside the actions, so
 * the timeline and the audit log say who corrected what. Pure: the server stores the result.
 */
import { AppError, type FieldIssue } from '../errors.ts';
import { choiceLabel } from './fields.ts';
import { instantMs } from './time.ts';
import type { AnyCaseType, CaseEvent, CaseSnapshot, EngineUser, Now } from './types.ts';
import { canonicalJson, isEmptyValue, labelAt, validateInput } from './validate.ts';

/** The event key of a basic-information edit (not an action: it changes no state). */
export const BASIC_INFO_ACTION = 'edit_basic';

/** One changed item, in words: 「标题」 '旧' → '新' (masked numbers for contact data). */
export interface BasicInfoChange {
  label: string;
  from: string;
  to: string;
}

/** A value as a person reads it: enum labels, 是/否, '（空）' for nothing. */
function shown(schema: unknown, key: string, v: unknown): string {
  if (isEmptyValue(v)) return '（空）';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.map(String).join('、');
  const field = (schema as { shape?: Record<string, { unwrap?: () => unknown }> }).shape?.[key];
  const inner = field?.unwrap ? field.unwrap() : field;
  return choiceLabel(inner, v);
}

/**
 * The case's fields after changing the listed basic-information fields, and the changes in
 * words; or an AppError: a field the type does not list (VALIDATION naming it), an invalid
 * value (VALIDATION), a case that has ended (CONFLICT).
 */
export function basicInfoFields(
  type: AnyCaseType,
  c: Pick<CaseSnapshot, 'state' | 'fields'>,
  patch: Record<string, unknown>,
): { fields: Record<string, unknown>; changes: BasicInfoChange[] } | AppError {
  const state = type.states[c.state];
  if (state?.terminal) {
    return new AppError('CONFLICT', `本案当前为「${state.label}」（已终结），不能修改基本信息`);
  }
  const allowed = new Set(type.basicInfo ?? []);
  const issues: FieldIssue[] = [];
  for (const k of Object.keys(patch)) {
    if (!allowed.has(k)) {
      const label = labelAt(type.fields, [k]) ?? k;
      issues.push({ path: k, message: `「${label}」不属于登记后可修改的基本信息` });
    }
  }
  if (issues.length > 0) return AppError.validation(issues);
  const next: Record<string, unknown> = { ...c.fields };
  for (const [k, v] of Object.entries(patch)) {
    // Blank (null or '') clears an optional field; the schema refuses clearing a required one.
    if (v === null || (typeof v === 'string' && v.trim() === '')) delete next[k];
    else next[k] = v;
  }
  const parsed = validateInput(type.fields, next);
  if (parsed instanceof AppError) return parsed;
  const fields = parsed as Record<string, unknown>;
  const changes: BasicInfoChange[] = [];
  for (const k of Object.keys(patch)) {
    if (canonicalJson(c.fields[k] ?? null) === canonicalJson(fields[k] ?? null)) continue;
    changes.push({
      label: labelAt(type.fields, [k]) ?? k,
      from: shown(type.fields, k, c.fields[k]),
      to: shown(type.fields, k, fields[k]),
    });
  }
  return { fields, changes };
}

/** The timeline entry of an edit: same state, the changes in `data.changes`. */
export function basicInfoEvent(
  c: Pick<CaseSnapshot, 'state' | 'events'>,
  changes: readonly BasicInfoChange[],
  user: EngineUser,
  now: Now,
): CaseEvent {
  const seq = Math.max(0, ...c.events.map((e) => e.seq)) + 1;
  return {
    seq,
    at: new Date(instantMs(now)).toISOString(),
    actorId: user.id,
    action: BASIC_INFO_ACTION,
    from: c.state,
    to: c.state,
    data: { changes: changes.map((x) => ({ ...x })) },
  };
}
