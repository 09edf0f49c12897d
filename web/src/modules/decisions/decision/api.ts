/**
 * Queries of the decision pages (contract in @fazhi/domain/api/decisions-decision). Every key
 * starts with DECISION_KEY, so one invalidation after a write refreshes them all.
 */
import type { Catalogue, PublicDecisions } from '@fazhi/domain/api/decisions-decision';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../../api.ts';

export const DECISION_KEY = 'decision-catalogue';

export function useCatalogue(year: number, townId?: string) {
  return useQuery({
    queryKey: [DECISION_KEY, year, townId ?? null],
    queryFn: ({ signal }) => api.get<Catalogue>('/api/decisions/catalogue', { year, townId }, { signal }),
  });
}

export function useCatalogueRefresh() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [DECISION_KEY] }), [qc]);
}

export function usePublicDecisions(townCode: string, year?: number) {
  return useQuery({
    queryKey: ['public', 'decisions', townCode, year ?? null],
    queryFn: ({ signal }) =>
      api.get<PublicDecisions>(`/api/public/decisions/${townCode}`, year ? { year } : undefined, {
        signal,
        quiet: true,
      }),
  });
}
