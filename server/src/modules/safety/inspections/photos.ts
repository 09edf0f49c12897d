/**
 * Photos taken at an inspection: what the bytes are (file-type, not the name), and the time and
 * place the camera wrote into them (EXIF DateTimeOriginal and GPS, read with exifr).
 */
import { AppError } from '@fazhi/domain';
import exifr from 'exifr';
import { fileTypeFromBuffer } from 'file-type';

/** The image types phones produce and browsers show. */
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif']);
const EXT: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/heic': '.heic',
  'image/heif': '.heif',
};

export async function sniffImage(name: string, data: Buffer): Promise<{ mime: string; name: string }> {
  const type = await fileTypeFromBuffer(data);
  if (!type || !IMAGE_TYPES.has(type.mime)) {
    throw new AppError(
      'UNPROCESSABLE',
      `照片应为图片文件（JPG、PNG、WEBP 或 HEIC）${type ? `，收到的是 ${type.ext}` : ''}`,
      {
        fields: [{ path: 'file', message: '照片应为图片文件' }],
      },
    );
  }
  const stem = name.replace(/\.[A-Za-z0-9]{1,10}$/, '') || '现场照片';
  return { mime: type.mime, name: `${stem}${EXT[type.mime]}` };
}

export interface PhotoExif {
  takenAt: Date | null;
  latitude: number | null;
  longitude: number | null;
}

/**
 * EXIF 'YYYY:MM:DD HH:MM:SS' is the camera's wall clock without a zone unless
 * OffsetTimeOriginal says one; a phone in the township is on Beijing time, so +08:00.
 */
export function exifTime(raw: unknown, offset: unknown): Date | null {
  if (typeof raw !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(raw.trim());
  if (!m) return null;
  const zone = typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset.trim()) ? offset.trim() : '+08:00';
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(d.getTime()) || m[1] === '0000' ? null : d;
}

/** What the file says; a damaged or absent EXIF block is no error, just nothing known. */
export async function readExif(data: Buffer): Promise<PhotoExif> {
  try {
    const tags = await exifr.parse(data, {
      pick: [
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
      ],
      reviveValues: false,
      gps: true,
    });
    let latitude: number | null = null;
    let longitude: number | null = null;
    try {
      const gps = await exifr.gps(data);
      if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude)) {
        if (Math.abs(gps.latitude) <= 90 && Math.abs(gps.longitude) <= 180) {
          latitude = gps.latitude;
          longitude = gps.longitude;
        }
      }
    } catch {
      // no GPS block
    }
    return { takenAt: exifTime(tags?.DateTimeOriginal, tags?.OffsetTimeOriginal), latitude, longitude };
  } catch {
    return { takenAt: null, latitude: null, longitude: null };
  }
}
