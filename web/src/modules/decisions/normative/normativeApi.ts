/**
 * Queries of the normative-documents pages (contract in @fazhi/domain/api/decisions-normative).
 * Every key starts with NORMATIVE_KEY, so one invalidation after a write refreshes them all.
 */
import type { FilingSettings, NormativeRegister, PublicNormative } from '@fazhi/domain/api/decisions-normative';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../../api.ts';

export const NORMATIVE_KEY = 'normative';

export function useNormativeRegister(scope: 'in_force' | 'all') {
  return useQuery({
    queryKey: [NORMATIVE_KEY, 'register', scope],
    queryFn: ({ signal }) => api.get<NormativeRegister>('/api/decisions/normative/register', { scope }, { signal }),
  });
}

export function useFilingSettings() {
  return useQuery({
    queryKey: [NORMATIVE_KEY, 'filing-settings'],
    queryFn: ({ signal }) =>
      api.get<{ counties: FilingSettings[] }>('/api/decisions/normative/filing-settings', undefined, { signal }),
  });
}

export function useNormativeRefresh() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [NORMATIVE_KEY] }), [qc]);
}

export function usePublicNormative(townCode: string) {
  return useQuery({
    queryKey: ['public', 'normative', townCode],
    queryFn: ({ signal }) =>
      api.get<PublicNormative>(`/api/public/normative/${encodeURIComponent(townCode)}`, undefined, {
        signal,
        quiet: true,
      }),
    retry: false,
  });
}
