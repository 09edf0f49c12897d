/**
 * Validating inputs against zod schemas with Chinese messages that name each field
 * by its `.describe()` label. The Chinese locale is passed per parse, so the domain
 * sets no global zod configuration; a message written on the schema still wins.
 */
import type { z } from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { AppError, type FieldIssue } from '../errors.ts';
import { choiceLabel } from './fields.ts';
import type { FieldCondition } from './types.ts';

const zhCNErrors = zhCN().localeError;

interface ZodLike {
  description?: string;
  _zod?: { def: Record<string, unknown> };
}

/** The Chinese label (`.describe()`) of the field at `path` inside a zod schema, if any. */
export function labelAt(schema: unknown, path: readonly PropertyKey[]): string | undefined {
  let node = schema as ZodLike | undefined;
  let label: string | undefined;
  for (let i = 0; i <= path.length && node; ) {
    if (node.description) label = node.description;
    const def = node._zod?.def;
    if (!def) break;
    if ('innerType' in def) {
      node = def.innerType as ZodLike;
      continue;
    }
    if (i === path.length) break;
    const seg = path[i++]!;
    label = undefined;
    if (def.type === 'object') node = (def.shape as Record<PropertyKey, ZodLike>)[seg];
    else if (def.type === 'array') node = def.element as ZodLike;
    else if (def.type === 'record') node = def.valueType as ZodLike;
    else break;
    if (node?.description) label = node.description;
  }
  return label;
}

/** The field names of a zod object schema (looking through optional/default wrappers), or undefined. */
export function shapeKeys(schema: unknown): string[] | undefined {
  let def = (schema as ZodLike | undefined)?._zod?.def;
  while (def && 'innerType' in def) def = (def.innerType as ZodLike)._zod?.def;
  if (def?.type !== 'object') return undefined;
  return Object.keys(def.shape as object);
}

/** The zod issues as field issues: `path` dotted, message prefixed with the field's Chinese label. */
export function fieldIssues(schema: z.ZodType, error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { path: issue.keys.join(','), message: `不允许的字段：${issue.keys.join('、')}` };
    }
    const path = issue.path.map(String).join('.');
    const label = labelAt(schema, issue.path) ?? path;
    return { path, message: label ? `${label}：${issue.message}` : issue.message };
  });
}

/**
 * Parses `value` with `schema`; returns the parsed value, or a VALIDATION AppError whose
 * `fields` name each wrong field in Chinese (the message joins them for a toast).
 */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> | AppError {
  const parsed = schema.safeParse(value, { error: zhCNErrors });
  if (parsed.success) return parsed.data;
  const fields = fieldIssues(schema, parsed.error);
  return AppError.validation(fields, fields.map((f) => f.message).join('；') || '输入有误');
}

/** Empty for "must be filled" purposes: undefined, null, blank string, empty array or object. */
export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** JSON with sorted keys, to compare two inputs for equality. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Whether the case's fields meet a clock's or a document's `when` (null in `in`: the field is not set). */
export function conditionHolds(cond: FieldCondition, fields: Readonly<Record<string, unknown>>): boolean {
  const v = fields[cond.field];
  const value = v === undefined || v === null || v === '' ? null : v;
  return cond.in.some((x) => x === value);
}

/** "「分流途径」为「人民调解」" — a condition in words, with the field's Chinese label and the choices' labels. */
export function conditionText(schema: unknown, cond: FieldCondition): string {
  const field = labelAt(schema, [cond.field]) ?? cond.field;
  const values = cond.in.map((v) => (v === null ? '未填写' : choiceLabel(fieldSchema(schema, cond.field), v)));
  return `「${field}」为「${values.join('」或「')}」`;
}

/** The schema of a top-level field of a zod object (through optional wrappers), if any. */
export function fieldSchema(schema: unknown, field: string): unknown {
  let def = (schema as ZodLike | undefined)?._zod?.def;
  while (def && 'innerType' in def) def = (def.innerType as ZodLike)._zod?.def;
  if (def?.type !== 'object') return undefined;
  let node = (def.shape as Record<string, ZodLike>)[field] as ZodLike | undefined;
  while (node?._zod?.def && 'innerType' in node._zod.def) node = node._zod.def.innerType as ZodLike;
  return node;
}
