/**
 * Queries of the enforcement pages (contract in @fazhi/domain/api/enforcement). Every key starts
 * with ENFORCEMENT_KEY, so one invalidation after a write refreshes them all.
 */
import type { OfficerList, PowerList, PublicEnforcement, PublicTownList } from '@fazhi/domain/api/enforcement';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api.ts';

export const ENFORCEMENT_KEY = 'enforcement';

export function useOfficers(townId?: string) {
  return useQuery({
    queryKey: [ENFORCEMENT_KEY, 'officers', townId ?? null],
    queryFn: ({ signal }) => api.get<OfficerList>('/api/enforcement/officers', { townId }, { signal }),
  });
}

export function useOfficerUsers(townId: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: [ENFORCEMENT_KEY, 'officer-users', townId ?? null],
    queryFn: ({ signal }) =>
      api.get<{ id: string; name: string; unit: string }[]>('/api/enforcement/officer-users', { townId }, { signal }),
    enabled,
  });
}

export function usePowers(townId?: string) {
  return useQuery({
    queryKey: [ENFORCEMENT_KEY, 'powers', townId ?? null],
    queryFn: ({ signal }) => api.get<PowerList>('/api/enforcement/powers', { townId }, { signal }),
  });
}

export function useEnforcementRefresh() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [ENFORCEMENT_KEY] }), [qc]);
}

export function usePublicTowns() {
  return useQuery({
    queryKey: ['public', 'towns'],
    queryFn: ({ signal }) => api.get<PublicTownList>('/api/public/towns', undefined, { signal, quiet: true }),
  });
}

export function usePublicEnforcement(townCode: string) {
  return useQuery({
    queryKey: ['public', 'enforcement', townCode],
    queryFn: ({ signal }) =>
      api.get<PublicEnforcement>(`/api/public/enforcement/${townCode}`, undefined, { signal, quiet: true }),
  });
}
