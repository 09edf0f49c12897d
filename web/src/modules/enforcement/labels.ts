import { ENFORCEMENT_FIELD_LABELS } from '@fazhi/domain/api/enforcement';

export const fieldLabel = (code: string) => (ENFORCEMENT_FIELD_LABELS as Record<string, string>)[code] ?? code;

export const FIELD_OPTIONS = Object.entries(ENFORCEMENT_FIELD_LABELS).map(([value, label]) => ({ value, label }));

/** Yuan as the list writes them: 50,000 元; an empty bound as —. */
export function yuan(n: number | null): string {
  return n === null ? '—' : `${n.toLocaleString('zh-CN')} 元`;
}

export function fineRange(min: number | null, max: number | null): string {
  if (min === null && max === null) return '—';
  return `${yuan(min)} ～ ${yuan(max)}`;
}
