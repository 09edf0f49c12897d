/**
 * The one input-hygiene layer: before any route's schema runs, every string of the
 * query, the path parameters and the JSON body (keys included) is checked for the
 * characters no field may hold (NUL, lone surrogates, the rest of what XML 1.0 forbids).
 * A request holding one gets 400 naming the field by its Chinese label, so nothing
 * downstream (PostgreSQL, jsonb, the audit chain, the document builders) ever sees it.
 */
import { AppError, type FieldIssue, forbiddenCharProblem, labelAt } from '@fazhi/domain';
import type { FastifyRequest } from 'fastify';
import { CONTEXT_LABEL } from './errors.ts';

type Context = 'querystring' | 'params' | 'body';
const MAX_ISSUES = 20;

function walk(value: unknown, path: (string | number)[], out: (string | number)[][], problems: string[]): void {
  if (out.length >= MAX_ISSUES) return;
  if (typeof value === 'string') {
    const p = forbiddenCharProblem(value);
    if (p) {
      out.push(path);
      problems.push(p);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) walk(v, [...path, i], out, problems);
    return;
  }
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const p = forbiddenCharProblem(key);
      if (p) {
        out.push(path);
        problems.push(`字段名${p}`);
        continue;
      }
      walk((value as Record<string, unknown>)[key], [...path, key], out, problems);
    }
  }
}

/** The issues of one part of the request, labelled from the route's schema for that part. */
export function forbiddenCharIssues(value: unknown, schema: unknown, context: Context): FieldIssue[] {
  const paths: (string | number)[][] = [];
  const problems: string[] = [];
  walk(value, [], paths, problems);
  return paths.map((segs, i) => {
    const label = (segs.length ? labelAt(schema, segs) : undefined) ?? (segs.join('.') || CONTEXT_LABEL[context]);
    return { path: segs.join('.'), message: `${label}：${problems[i]}` };
  });
}

/** preValidation hook: refuses the request with 400 VALIDATION when any part holds a forbidden character. */
export async function refuseForbiddenChars(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema as Record<string, unknown> | undefined;
  const issues = [
    ...forbiddenCharIssues(request.params, schema?.params, 'params'),
    ...forbiddenCharIssues(request.query, schema?.querystring, 'querystring'),
    ...(request.isMultipart() ? [] : forbiddenCharIssues(request.body, schema?.body, 'body')),
  ];
  if (issues.length > 0) throw AppError.validation(issues, issues.map((i) => i.message).join('；'));
}

/** A file name of an upload: same rule, named as the file. */
export function assertStorableFileName(name: string): void {
  const p = forbiddenCharProblem(name);
  if (p) throw AppError.validation([{ path: 'file', message: `文件名${p}` }], `文件名${p}`);
}
