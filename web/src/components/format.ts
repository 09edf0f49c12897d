import dayjs from 'dayjs';

export function fmtDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

export function fmtDateTimeSec(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

export function isFuture(iso: string | null | undefined): boolean {
  return !!iso && dayjs(iso).isAfter(dayjs());
}
