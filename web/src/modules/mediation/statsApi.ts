/**
 * GET /api/stats/mediation: the year's figures over the cases the user may see. The contract
 * is `MediationStatsSchema` in domain/src/api/mediation.ts, which the server declares too.
 */
import type { MediationStats } from '@fazhi/domain/api/mediation';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

export type { MediationStats };

export const MEDIATION_STATS_KEY = 'mediation-stats';

export function useMediationStats(year: number | undefined, unitId: number | undefined) {
  return useQuery({
    enabled: year !== undefined,
    queryKey: [MEDIATION_STATS_KEY, year, unitId ?? null],
    queryFn: ({ signal }) =>
      api.get<MediationStats>(
        '/api/stats/mediation',
        { year, unitId: unitId == null ? undefined : String(unitId) },
        { signal },
      ),
  });
}
