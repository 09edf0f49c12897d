import dayjs from 'dayjs';

/** An instant as 'YYYY-MM-DD HH:mm' in Asia/Shanghai (see fmtInstant). */
export function fmtDateTime(iso: string | null | undefined): string {
  return fmtInstant(iso);
}

/** An instant as 'YYYY-MM-DD HH:mm:ss' in Asia/Shanghai: the audit log's precision. */
export function fmtDateTimeSec(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = shanghaiParts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}` : iso;
}

export function isFuture(iso: string | null | undefined): boolean {
  return !!iso && dayjs(iso).isAfter(dayjs());
}

// Case work happens in China whatever the browser's zone is set to, and the server stores
// instants in UTC: deadlines and records must read the same on every clerk's machine.
const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function shanghaiParts(iso: string): Record<string, string> | null {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return null;
  return Object.fromEntries(SHANGHAI.formatToParts(d).map((p) => [p.type, p.value]));
}

/** An instant as 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
export function fmtInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const p = shanghaiParts(iso);
  return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : iso;
}

/** An instant's date ('YYYY-MM-DD') in Asia/Shanghai; a plain date passes through. */
export function fmtDay(value: string | null | undefined): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const p = shanghaiParts(value);
  return p ? `${p.year}-${p.month}-${p.day}` : value;
}

/** Bytes as 'KB'/'MB' for file lists. */
export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
