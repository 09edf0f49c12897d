/**
 * Files over HTTP, shared by every route that takes an upload or sends a download: the
 * one multipart file of a request (with its size limit as a Chinese 413), the
 * Content-Disposition that keeps Chinese file names, and the office MIME types.
 */
import { AppError } from '@fazhi/domain';
import type { FastifyRequest } from 'fastify';
import { assertStorableFileName } from './hygiene.ts';

export const UPLOAD_LIMIT_MB = 20;
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function attachmentDisposition(name: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // RFC 5987 attr-char leaves out ' ( ) * too, which encodeURIComponent keeps.
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * An issued document's file name: its 文号, else its case's number, then the title
 * (湾调〔2026〕13号-调解笔录.docx), so downloads from different cases never overwrite each other.
 * A voided one says so in its name too.
 */
export function documentFileName(
  doc: { title: string; number: string | null; case_number?: string | null; voided_at?: Date | null },
  ext: string,
): string {
  const lead = doc.number ?? doc.case_number;
  const name = `${lead ? `${lead}-` : ''}${doc.title}${doc.voided_at ? '（作废）' : ''}.${ext}`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');
}

/**
 * The one uploaded file of a multipart request, with its size limit turned into a Chinese 413.
 * `limitMb` lowers the limit for one route (spreadsheet imports); reading stops at the limit.
 */
export async function singleFile(
  request: FastifyRequest,
  opts: { limitMb?: number; label?: string } = {},
): Promise<{ name: string; data: Buffer }> {
  if (!request.isMultipart()) throw AppError.validation([{ path: 'file', message: '请选择要上传的文件' }]);
  const limitMb = Math.min(opts.limitMb ?? UPLOAD_LIMIT_MB, UPLOAD_LIMIT_MB);
  const part = await request.file({ limits: { fileSize: Math.floor(limitMb * 1024 * 1024) } });
  if (!part) throw AppError.validation([{ path: 'file', message: '请选择要上传的文件' }]);
  assertStorableFileName(part.filename);
  let data: Buffer;
  try {
    data = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError('PAYLOAD_TOO_LARGE', `${opts.label ?? '文件'}过大：单个文件不能超过 ${limitMb} MB`);
    }
    throw e;
  }
  if (data.length === 0) throw AppError.validation([{ path: 'file', message: '文件是空的' }]);
  return { name: part.filename.slice(0, 200) || '未命名文件', data };
}
