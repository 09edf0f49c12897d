import { SAFETY_INSPECTION_KIND_LABELS, SAFETY_RISK_LABELS } from '@fazhi/domain/api/safety';

export const KIND_OPTIONS = Object.entries(SAFETY_INSPECTION_KIND_LABELS).map(([value, label]) => ({ value, label }));
export const kindLabel = (k: string) =>
  SAFETY_INSPECTION_KIND_LABELS[k as keyof typeof SAFETY_INSPECTION_KIND_LABELS] ?? k;
/** One character per kind, for the month cells of the plan grid. */
export const KIND_SHORT: Record<string, string> = { comprehensive: '综', special: '专', holiday: '节', recheck: '复' };
export const riskLabel = (k: string) => SAFETY_RISK_LABELS[k as keyof typeof SAFETY_RISK_LABELS] ?? k;
export const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
/** done green, overdue red, still to do blue. */
export const statusColor = (e: { fulfilled: boolean; overdue: boolean }) =>
  e.fulfilled ? 'success' : e.overdue ? 'error' : 'processing';
export const pct = (done: number, planned: number) => (planned === 0 ? 0 : Math.round((done / planned) * 100));
