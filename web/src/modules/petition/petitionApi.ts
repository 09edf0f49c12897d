/**
 * Queries of the 信访 pages: the reception schedule, receptions, visits (contract in
 * @fazhi/domain/cases/petition-receptions) and GET /api/stats/petitions. Every key starts
 * with PETITION_KEY, so one invalidation after a write refreshes them all; a reception may
 * create petitions, so the case lists are refreshed with it.
 */
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

/** GET /api/stats/petitions (server/src/cases/petition/stats.ts `PetitionStatsSchema`), kept in step by hand. */
export interface PetitionStats {
  year: number;
  asOf: string;
  received: {
    total: number;
    people: number;
    byChannel: Breakdown[];
    byCategory: Breakdown[];
    bySource: Breakdown[];
    byVillage: { unitId: string | null; unitName: string; count: number }[];
    byState: Breakdown[];
  };
  acceptance: Timeliness;
  handling: Timeliness & { accepted: number; extended: number };
  satisfaction: {
    rated: number;
    satisfied: number;
    basicallySatisfied: number;
    unsatisfied: number;
    rate: number | null;
  };
  collective: number;
  repeat: number;
  reviews: { requested: number; decided: number; upheld: number };
  rereviews: { requested: number; decided: number; upheld: number };
  leaderOwned: { owned: number; resolved: number; signedOff: number };
  leaderReceptions: { scheduled: number; held: number; people: number; answered: number; petitions: number };
  leaderVisits: { visits: number; cases: number };
  byLeader: {
    leaderId: string;
    leaderName: string;
    receptions: number;
    people: number;
    visits: number;
    visitCases: number;
    owned: number;
    ownedResolved: number;
  }[];
}
export interface Breakdown {
  key: string;
  label: string;
  count: number;
}
export interface Timeliness {
  onTime: number;
  late: number;
  pending: number;
  rate: number | null;
}

export function usePetitionStats(year: number) {
  return useQuery({
    queryKey: [PETITION_KEY, 'stats', year],
    queryFn: ({ signal }) => api.get<PetitionStats>('/api/stats/petitions', { year }, { signal }),
  });
}
