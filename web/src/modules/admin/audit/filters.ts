/**
 * The audit log page's filter form → the query of GET /api/audit and /api/audit/export
 * (AuditQuerySchema in domain/src/api/platform.ts). The range is two calendar days, sent as
 * 'YYYY-MM-DD': the server reads them in Beijing time, the end day included, so the day the
 * user picked is the day searched whatever the browser's time zone.
 */
import type { AuditOutcome, AuditQuery } from '@fazhi/domain/api/platform';
import type { Dayjs } from 'dayjs';

export interface AuditFilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
}

export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>;

export function toAuditFilters(v: AuditFilterValues): AuditFilters {
  return {
    from: v.range?.[0]?.format('YYYY-MM-DD'),
    to: v.range?.[1]?.format('YYYY-MM-DD'),
    actor: v.actor?.trim() || undefined,
    action: v.action || undefined,
    outcome: v.outcome || undefined,
  };
}
