/**
 * Queries of the 信访 pages: the reception schedule, receptions, visits (contract in
 * @fazhi/domain/cases/petition-receptions) and GET /api/stats/petitions (@fazhi/domain/api/petition). Every key starts
 * with PETITION_KEY, so one invalidation after a write refreshes them all; a reception may
 * create petitions, so the case lists are refreshed with it.
 */
import type { PetitionBreakdown, PetitionStats, PetitionTimeliness } from '@fazhi/domain/api/petition';
import type { ReceptionList, ReceptionSlotList, VisitList } from '@fazhi/domain/cases/petition-receptions';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api.ts';

export const PETITION_KEY = 'petition-leaders';

export type { ReceptionList, VisitList };
export type SlotList = ReceptionSlotList;

export function useSlots(from: string, to: string) {
  return useQuery({
    queryKey: [PETITION_KEY, 'slots', from, to],
    queryFn: ({ signal }) => api.get<SlotList>('/api/petition-reception-slots', { from, to }, { signal }),
  });
}

export function useReceptions(from: string, to: string) {
  return useQuery({
    queryKey: [PETITION_KEY, 'receptions', from, to],
    queryFn: ({ signal }) => api.get<ReceptionList>('/api/petition-receptions', { from, to }, { signal }),
  });
}

export function useVisits(q: { from?: string; to?: string; caseId?: string }, enabled = true) {
  return useQuery({
    queryKey: [PETITION_KEY, 'visits', q],
    queryFn: ({ signal }) => api.get<VisitList>('/api/petition-visits', { ...q }, { signal }),
    enabled,
  });
}

export function usePetitionRefresh() {
  const qc = useQueryClient();
  return useCallback(
    (opts: { cases?: boolean } = {}) => {
      void qc.invalidateQueries({ queryKey: [PETITION_KEY] });
      if (opts.cases) void qc.invalidateQueries({ queryKey: ['cases'] });
    },
    [qc],
  );
}

/** GET /api/stats/petitions: `PetitionStatsSchema` in domain/src/api/petition.ts. */
export type { PetitionStats };
export type Breakdown = PetitionBreakdown;
export type Timeliness = PetitionTimeliness;

export function usePetitionStats(year: number | undefined) {
  return useQuery({
    enabled: year !== undefined,
    queryKey: [PETITION_KEY, 'stats', year],
    queryFn: ({ signal }) => api.get<PetitionStats>('/api/stats/petitions', { year }, { signal }),
  });
}
