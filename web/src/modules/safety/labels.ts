import {
  SAFETY_INDUSTRY_LABELS,
  SAFETY_INSPECTION_KIND_LABELS,
  SAFETY_RISK_LABELS,
  SAFETY_SIZE_LABELS,
} from '@fazhi/domain/api/safety';

const pick = (labels: Record<string, string>) => (code: string) => labels[code] ?? code;
export const industryLabel = pick(SAFETY_INDUSTRY_LABELS);
export const sizeLabel = pick(SAFETY_SIZE_LABELS);
export const riskLabel = pick(SAFETY_RISK_LABELS);
export const kindLabel = pick(SAFETY_INSPECTION_KIND_LABELS);

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
export const INDUSTRY_OPTIONS = options(SAFETY_INDUSTRY_LABELS);
export const SIZE_OPTIONS = options(SAFETY_SIZE_LABELS);
export const RISK_OPTIONS = options(SAFETY_RISK_LABELS);
export const KIND_OPTIONS = options(SAFETY_INSPECTION_KIND_LABELS);

/** One character per kind, for the month cells of the plan grid. */
export const KIND_SHORT: Record<string, string> = { comprehensive: '综', special: '专', holiday: '节', recheck: '复' };
export const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
/** done green, overdue red, still to do blue. */
export const statusColor = (e: { fulfilled: boolean; overdue: boolean }) =>
  e.fulfilled ? 'success' : e.overdue ? 'error' : 'processing';
export const pct = (done: number, planned: number) => (planned === 0 ? 0 : Math.round((done / planned) * 100));

/** A licence's status as a tag. */
export const LICENCE_TAG = {
  valid: { color: 'green', text: '有效' },
  expiring: { color: 'orange', text: '30日内到期' },
  expired: { color: 'red', text: '已过期' },
} as const;

/** The village's name as people say it: 湾头村村民委员会 → 湾头村. */
export const shortVillage = (name: string | null) => (name ? name.replace(/(村民委员会|居民委员会)$/, '') : '镇区');
