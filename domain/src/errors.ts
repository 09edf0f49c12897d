/**
 * One error type for the whole product. Codes are stable (tests and clients
 * assert on them); messages are Simplified Chinese and safe to show a user.
 * The HTTP status lives with the code so the server's error handler is a lookup.
 */
export const ERROR_STATUS = {
  VALIDATION: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  ACCOUNT_LOCKED: 423,
  PASSWORD_CHANGE_REQUIRED: 403,
  PAYLOAD_TOO_LARGE: 413,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  /** The server listens but is still preparing its data (the demo's first start): try again shortly. */
  STARTING: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** A problem with one input field: `path` names it, `message` says what is wrong in Chinese. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly fields: FieldIssue[] | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: Record<string, unknown>; fields?: FieldIssue[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = opts.details;
    this.fields = opts.fields;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static validation(fields: FieldIssue[], message?: string): AppError {
    const text = message ?? fields.map((f) => (f.path ? `${f.path}：${f.message}` : f.message)).join('；');
    return new AppError('VALIDATION', text || '输入有误', { fields });
  }

  static notFound(what = '记录'): AppError {
    return new AppError('NOT_FOUND', `${what}不存在或无权查看`);
  }

  static forbidden(message = '没有执行此操作的权限'): AppError {
    return new AppError('FORBIDDEN', message);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
