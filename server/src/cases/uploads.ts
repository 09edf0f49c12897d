/**
 * What an upload really is, from its bytes (file-type), not from its name or the
 * browser's Content-Type: an .exe renamed .pdf is refused. Plain text has no magic
 * number, so it is accepted only when the name says .txt and the bytes are valid UTF-8.
 */
import { AppError } from '@fazhi/domain';
import { fileTypeFromBuffer } from 'file-type';

/** Evidence people actually bring: scans, photos, office files, recordings, video. */
const ALLOWED = new Map<string, string>([
  ['pdf', '.pdf'],
  ['jpg', '.jpg'],
  ['png', '.png'],
  ['webp', '.webp'],
  ['heic', '.heic'],
  ['docx', '.docx'],
  ['xlsx', '.xlsx'],
  ['cfb', '.doc/.xls'],
  ['mp3', '.mp3'],
  ['m4a', '.m4a'],
  ['wav', '.wav'],
  ['amr', '.amr'],
  ['mp4', '.mp4'],
]);

export async function sniffUpload(name: string, data: Buffer): Promise<string> {
  const type = await fileTypeFromBuffer(data);
  if (type && ALLOWED.has(type.ext)) {
    // Old .doc/.xls are both Compound File Binary; keep the name's claim for the download.
    if (type.ext === 'cfb') return /\.xls$/i.test(name) ? 'application/vnd.ms-excel' : 'application/msword';
    return type.mime;
  }
  if (!type && /\.txt$/i.test(name) && isUtf8(data)) return 'text/plain; charset=utf-8';
  throw new AppError(
    'UNPROCESSABLE',
    `不支持的文件类型${type ? `（${type.ext}）` : ''}：仅支持 PDF、图片（JPG/PNG/WEBP/HEIC）、Word、Excel、音频（MP3/M4A/WAV/AMR）、MP4 视频和 TXT 文本`,
    { fields: [{ path: 'file', message: '文件类型不支持' }] },
  );
}

function isUtf8(data: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}
