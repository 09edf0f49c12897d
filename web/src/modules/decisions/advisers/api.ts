/**
 * Queries of the legal advisers' pages (contract in @fazhi/domain/api/decisions-advisers). Every
 * key starts with ADVISERS_KEY, so one invalidation after a write refreshes them all.
 */
import type { AdviserList, OpinionList } from '@fazhi/domain/api/decisions-advisers';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../../api.ts';

export const ADVISERS_KEY = 'decisions-advisers';

export function useAdvisers(townId?: string) {
  return useQuery({
    queryKey: [ADVISERS_KEY, 'list', townId ?? null],
    queryFn: ({ signal }) => api.get<AdviserList>('/api/decisions/advisers', { townId }, { signal }),
  });
}

export interface OpinionFilters {
  townId?: string | undefined;
  year?: number | undefined;
  kind?: string | undefined;
  adviserId?: string | undefined;
}

export function useOpinions(f: OpinionFilters) {
  return useQuery({
    queryKey: [ADVISERS_KEY, 'opinions', f],
    queryFn: ({ signal }) =>
      api.get<OpinionList>(
        '/api/decisions/adviser-opinions',
        { townId: f.townId, year: f.year, kind: f.kind, adviserId: f.adviserId },
        { signal },
      ),
  });
}

export function useAdvisersRefresh() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [ADVISERS_KEY] }), [qc]);
}
