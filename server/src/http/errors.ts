/**
 * The one error handler: AppError → its status; zod validation → 400 naming each
 * field in Chinese; Fastify's own client errors (bad JSON, too large, wrong media
 * type) → 4xx in Chinese; anything else → 500 with the request id and no internals.
 */
import { AppError, type FieldIssue, labelAt } from '@fazhi/domain';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';

z.config(z.locales.zhCN());

/** How the error messages name a part of the request when no field label applies. */
export const CONTEXT_LABEL = {
  body: '请求内容',
  querystring: '查询参数',
  params: '路径参数',
  headers: '请求头',
} as const;

function validationIssues(error: FastifyError, request: FastifyRequest): FieldIssue[] {
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context];
  const list = hasZodFastifySchemaValidationErrors(error) ? error.validation : (error.validation ?? []);
  return list.map((v) => {
    const segs = (v.instancePath ?? '').split('/').filter(Boolean);
    const path = segs.join('.');
    const params = v.params as { keys?: string[] } | undefined;
    if (v.keyword === 'unrecognized_keys' && params?.keys) {
      return { path: params.keys.join(','), message: `不允许的字段：${params.keys.join('、')}` };
    }
    const label =
      labelAt(
        schema,
        segs.map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      ) ?? path;
    const where = label || CONTEXT_LABEL[context as keyof typeof CONTEXT_LABEL] || context;
    return { path, message: `${where}：${v.message ?? '格式不正确'}` };
  });
}

const FASTIFY_CLIENT_ERRORS: Record<string, { status: number; code: AppError['code']; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: '请求内容不是有效的 JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'BAD_REQUEST', message: '请求内容为空，应为 JSON 对象' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'BAD_REQUEST', message: '不支持的请求内容类型，请使用 JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', message: '请求长度与内容不符' },
  FST_ERR_RATE_LIMITED: { status: 429, code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' },
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    fields?: FieldIssue[];
    requestId?: string;
    details?: Record<string, unknown>;
  };
}

export function toErrorReply(
  error: unknown,
  request: FastifyRequest,
): { status: number; body: ErrorBody; internal: boolean } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: {
        error: { code: error.code, message: error.message, fields: error.fields, details: publicDetails(error) },
      },
      internal: false,
    };
  }
  const fe = error as FastifyError;
  if (fe && Array.isArray(fe.validation)) {
    const fields = validationIssues(fe, request);
    return {
      status: 400,
      body: { error: { code: 'VALIDATION', message: fields.map((f) => f.message).join('；') || '输入有误', fields } },
      internal: false,
    };
  }
  const known = fe?.code ? FASTIFY_CLIENT_ERRORS[fe.code] : undefined;
  if (known)
    return { status: known.status, body: { error: { code: known.code, message: known.message } }, internal: false };
  const db = databaseClientError(error);
  if (db) return { status: db.status, body: { error: { code: db.code, message: db.message } }, internal: false };
  if (fe?.statusCode === 429) {
    return {
      status: 429,
      body: { error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' } },
      internal: false,
    };
  }
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, body: { error: { code: 'BAD_REQUEST', message: '请求无效' } }, internal: false };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'INTERNAL',
        message: `服务器内部错误，请联系管理员（请求编号 ${request.id}）`,
        requestId: request.id,
      },
    },
    internal: true,
  };
}

/**
 * The last line of defence: a value the route's schema let through but the database
 * refuses (SQLSTATE class 22, data exception: a number past the column's range, an
 * impossible date, bad encoding) is the client's input, not a server fault; so is a
 * reference the database refuses (23503). Both are 4xx; the schemas should catch them first.
 */
function databaseClientError(error: unknown): { status: number; code: AppError['code']; message: string } | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return null;
  if (code.startsWith('22')) return { status: 400, code: 'VALIDATION', message: '输入的值超出允许的范围或格式无效' };
  if (code === '23503')
    return { status: 409, code: 'CONFLICT', message: '该记录仍被其他数据引用，或所引用的记录不存在' };
  return null;
}

/** Only details meant for the client (e.g. lockedUntil) leave the server. */
function publicDetails(e: AppError): Record<string, unknown> | undefined {
  if (!e.details) return undefined;
  const { permission: _p, ...rest } = e.details;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

export function sendError(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}
