/**
 * GET /api/stats/mediation (server/src/cases/mediation/stats.ts `MediationStatsSchema`): the
 * year's figures over the cases the user may see. The web never imports from server/, so the
 * shape is kept in step here by hand.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

export interface MediationStats {
  year: number;
  unitId: string | null;
  unitName: string | null;
  asOf: string;
  totals: {
    registered: number;
    accepted: number;
    rejected: number;
    referred: number;
    withdrawn: number;
    mediated: number;
    inMediation: number;
    concluded: number;
    success: number;
    failed: number;
    successRate: number | null;
    written: number;
    oral: number;
    confirmationApplied: number;
    confirmed: number;
    amount: number;
    agreementsDue: number;
    performed: number;
    performanceRate: number | null;
    litigated: number;
    avgDaysToClose: number | null;
    overdue: number;
    policeReported: number;
    highRisk: number;
  };
  byType: {
    disputeType: string;
    label: string;
    registered: number;
    accepted: number;
    success: number;
    amount: number;
  }[];
  byVillage: {
    unitId: string | null;
    unitName: string;
    registered: number;
    accepted: number;
    success: number;
    highRisk: number;
  }[];
  byMonth: { month: number; registered: number; accepted: number; success: number }[];
  highRisk: { total: number; byOutcome: { key: string; label: string; count: number }[] };
  referrals: { total: number; byRoute: { key: string; label: string; count: number }[] };
}

export const MEDIATION_STATS_KEY = 'mediation-stats';

export function useMediationStats(year: number, unitId: number | undefined) {
  return useQuery({
    queryKey: [MEDIATION_STATS_KEY, year, unitId ?? null],
    queryFn: ({ signal }) =>
      api.get<MediationStats>(
        '/api/stats/mediation',
        { year, unitId: unitId == null ? undefined : String(unitId) },
        { signal },
      ),
  });
}
