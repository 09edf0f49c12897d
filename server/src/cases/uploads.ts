/**
 * What an upload really is, from its bytes (file-type), not from its name or the
 * browser's Content-Type: an .exe renamed .pdf is refused. Plain text has no magic
 * number, so it is accepted only when the name says .txt and the bytes are valid UTF-8.
 * The stored name's extension then follows the sniffed type (issue 11): a PDF uploaded
 * as 证据.exe is kept and served as 证据.pdf, so nobody downloads an ".exe" from a case.
 */
import { AppError } from '@fazhi/domain';
import { fileTypeFromBuffer } from 'file-type';

/** Evidence people actually bring: scans, photos, office files, recordings, video. */
const ALLOWED = new Set([
  'pdf',
  'jpg',
  'png',
  'webp',
  'heic',
  'docx',
  'xlsx',
  'cfb',
  'mp3',
  'm4a',
  'wav',
  'amr',
  'mp4',
]);

/**
 * The extensions a stored type may carry, the first being the one given when the name
 * claims another. Keyed by the MIME type, which is what an attachment row keeps.
 */
const EXTENSIONS: Record<string, readonly string[]> = {
  'application/pdf': ['.pdf'],
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/webp': ['.webp'],
  'image/heic': ['.heic', '.heif'],
  'image/heic-sequence': ['.heic', '.heif'],
  'image/heif': ['.heic', '.heif'],
  'image/heif-sequence': ['.heic', '.heif'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/msword': ['.doc'],
  'application/vnd.ms-excel': ['.xls'],
  'audio/mpeg': ['.mp3'],
  'audio/mp4': ['.m4a'],
  'audio/x-m4a': ['.m4a'],
  'audio/wav': ['.wav'],
  'audio/amr': ['.amr'],
  'video/mp4': ['.mp4'],
  'text/plain; charset=utf-8': ['.txt'],
};

export interface SniffedUpload {
  mime: string;
  /** The uploaded name with its extension replaced by the sniffed type's. */
  name: string;
}

export async function sniffUpload(name: string, data: Buffer): Promise<SniffedUpload> {
  const type = await fileTypeFromBuffer(data);
  let mime: string | undefined;
  if (type && ALLOWED.has(type.ext)) {
    // Old .doc/.xls are both Compound File Binary; keep the name's claim for the download.
    if (type.ext === 'cfb') mime = /\.xls$/i.test(name) ? 'application/vnd.ms-excel' : 'application/msword';
    else mime = type.mime;
  } else if (!type && /\.txt$/i.test(name) && isUtf8(data)) mime = 'text/plain; charset=utf-8';
  if (mime) return { mime, name: nameForType(name, mime, type ? `.${type.ext}` : undefined) };
  throw new AppError(
    'UNPROCESSABLE',
    `不支持的文件类型${type ? `（${type.ext}）` : ''}：仅支持 PDF、图片（JPG/PNG/WEBP/HEIC）、Word、Excel、音频（MP3/M4A/WAV/AMR）、MP4 视频和 TXT 文本`,
    { fields: [{ path: 'file', message: '文件类型不支持' }] },
  );
}

/**
 * `name` with the extension of `mime`: kept when it already is one of the type's, else
 * replaced (x.exe → x.pdf) or added (x → x.pdf). Also applied when serving older rows.
 */
export function nameForType(name: string, mime: string, fallbackExt?: string): string {
  const exts = EXTENSIONS[mime] ?? (fallbackExt ? [fallbackExt] : undefined);
  if (!exts) return name;
  const m = /\.[A-Za-z0-9]{1,10}$/.exec(name);
  if (m && exts.includes(m[0].toLowerCase())) return name;
  const stem = (m ? name.slice(0, m.index) : name) || '未命名文件';
  return `${stem}${exts[0]}`;
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}
