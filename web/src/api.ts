/**
 * The one way the web talks to the server: JSON over fetch, same-origin cookies,
 * the CSRF header on every state-changing request, and errors turned into ApiError
 * carrying the server's Chinese message. 401 and PASSWORD_CHANGE_REQUIRED are also
 * reported to one listener (the app shell), which sends the user to the right page.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldIssue[];
  readonly requestId: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    status: number,
    code: string,
    message: string,
    opts: { fields?: FieldIssue[]; requestId?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = opts.fields ?? [];
    this.requestId = opts.requestId;
    this.details = opts.details;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** A message fit to show a user, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  return '操作失败，请稍后重试';
}

export type AuthProblem = 'unauthenticated' | 'password-change-required';
type AuthListener = (problem: AuthProblem) => void;

let authListener: AuthListener | null = null;

/** Registers the single handler for "signed out" and "must change password first". */
export function onAuthProblem(fn: AuthListener): () => void {
  authListener = fn;
  return () => {
    if (authListener === fn) authListener = null;
  };
}

const CSRF_COOKIE = 'fazhi_csrf';
let csrfFallback: string | null = null;

/** Remembers the token from /api/me in case the cookie cannot be read (it normally can). */
export function setCsrfToken(token: string | null): void {
  csrfFallback = token;
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds '/api/x?a=1' leaving out empty values. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const FALLBACK_MESSAGES: Record<number, [string, string]> = {
  400: ['VALIDATION', '请求有误，请检查输入'],
  401: ['UNAUTHENTICATED', '登录已失效，请重新登录'],
  403: ['FORBIDDEN', '没有执行此操作的权限'],
  404: ['NOT_FOUND', '请求的内容不存在或无权查看'],
  409: ['CONFLICT', '数据已被他人修改，请刷新后重试'],
  413: ['PAYLOAD_TOO_LARGE', '请求内容过大'],
  415: ['UNSUPPORTED_MEDIA_TYPE', '不支持的文件类型'],
  422: ['UNPROCESSABLE', '暂不能办理，请检查后重试'],
  423: ['ACCOUNT_LOCKED', '账号已被锁定，请稍后再试'],
  429: ['RATE_LIMITED', '请求过于频繁，请稍后再试'],
};

/** The ApiError for a failed response, given its already parsed body (null when it was not JSON). */
function errorFromBody(status: number, body: unknown): ApiError {
  const err = (body as { error?: Record<string, unknown> } | null)?.error;
  if (err && typeof err.message === 'string') {
    return new ApiError(status, typeof err.code === 'string' ? err.code : 'ERROR', err.message, {
      fields: Array.isArray(err.fields) ? (err.fields as FieldIssue[]) : [],
      requestId: typeof err.requestId === 'string' ? err.requestId : undefined,
      details: err.details && typeof err.details === 'object' ? (err.details as Record<string, unknown>) : undefined,
    });
  }
  // A 4xx may carry a result rather than an error (the case import answers 422 with its row errors):
  // keep such a body as details so the caller can show it.
  const details =
    body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  const fallback = FALLBACK_MESSAGES[status];
  if (fallback) return new ApiError(status, fallback[0], fallback[1], { details });
  if (status >= 500) return new ApiError(status, 'INTERNAL', `服务器暂时不可用（${status}），请稍后重试`);
  return new ApiError(status, 'ERROR', `请求失败（${status}）`);
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // Not JSON: a proxy page, an empty body, or the server is down.
  }
  const err = errorFromBody(res.status, body);
  // Quiet or not: whichever request meets it first, the whole app shows the progress page.
  if (err.code === 'STARTING') startingListener?.();
  return err;
}

let startingListener: (() => void) | null = null;

/** Registers the handler for "the server is still preparing its data" (503 STARTING, first start). */
export function onStarting(fn: () => void): () => void {
  startingListener = fn;
  return () => {
    if (startingListener === fn) startingListener = null;
  };
}

function report(err: ApiError): void {
  if (!authListener) return;
  if (err.status === 401) authListener('unauthenticated');
  else if (err.code === 'PASSWORD_CHANGE_REQUIRED') authListener('password-change-required');
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A multipart body (file uploads); the browser sets its Content-Type with the boundary. */
  form?: FormData;
  signal?: AbortSignal;
  /** Do not report 401 / PASSWORD_CHANGE_REQUIRED to the shell; the caller handles them. */
  quiet?: boolean;
}

function csrfHeader(method: string, path: string): Record<string, string> {
  if (method === 'GET' || method === 'HEAD' || path === '/api/auth/login') return {};
  const token = readCookie(CSRF_COOKIE) ?? csrfFallback;
  return token ? { 'X-CSRF-Token': token } : {};
}

async function send(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...csrfHeader(method, path) };
  if (opts.body !== undefined && !opts.form) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      body: opts.form ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (!opts.quiet) report(err);
    throw err;
  }
  return res;
}

async function request<T>(method: string, path: string, opts?: RequestOptions): Promise<T> {
  const res = await send(method, path, opts);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query' | 'body'>) =>
    request<T>('GET', path, { ...opts, query }),
  post: <T = void>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body: unknown, opts?: Omit<RequestOptions, 'body'>) =>
    request<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

/** The file name from a Content-Disposition header, preferring the UTF-8 form (Chinese names). */
function fileNameFrom(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() ?? null;
}

/** Fetches a file as a blob with its server-given name; errors arrive as ApiError, not as a JSON page. */
export async function fetchBlob(
  path: string,
  query?: Query,
  opts: { method?: 'GET' | 'POST'; form?: FormData } = {},
): Promise<{ blob: Blob; name: string | null }> {
  const res = await send(opts.method ?? 'GET', path, { query, form: opts.form });
  const blob = await res.blob();
  return { blob, name: fileNameFrom(res.headers.get('content-disposition')) };
}

/**
 * Downloads a file (e.g. an .xlsx export) through fetch, so errors arrive as ApiError, not as a JSON page.
 * `opts.form` POSTs a multipart body instead (e.g. the import error report, computed from the uploaded file).
 */
export async function download(
  path: string,
  query: Query | undefined,
  fallbackName: string,
  opts: { method?: 'GET' | 'POST'; form?: FormData } = {},
): Promise<void> {
  const { blob, name: given } = await fetchBlob(path, query, opts);
  const name = given ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface UploadOptions {
  query?: Query;
  /** Called with 0–100 as the request body is sent. */
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/**
 * POSTs a multipart body and parses the JSON answer. XMLHttpRequest rather than fetch:
 * fetch reports no upload progress, and a 20 MB file over a township link takes a while.
 */
export function upload<T>(path: string, form: FormData, opts: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', withQuery(path, opts.query));
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(csrfHeader('POST', path))) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) opts.onProgress?.(Math.min(100, Math.round((e.loaded / e.total) * 100)));
    };
    const parse = (): unknown => {
      try {
        return xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        return null;
      }
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(parse() as T);
        return;
      }
      const err = errorFromBody(xhr.status, parse());
      report(err);
      reject(err);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试'));
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    opts.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
