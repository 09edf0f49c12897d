/**
 * Queries of the unit register's pages (contract in @fazhi/domain/api/safety-units). Every key
 * starts with UNITS_KEY, so one invalidation after a write refreshes them all.
 */
import type { UnitList, UnitListQuery, UnitOverview } from '@fazhi/domain/api/safety-units';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api.ts';

export const UNITS_KEY = 'safety-units';

export function useUnits(q: UnitListQuery) {
  return useQuery({
    queryKey: [UNITS_KEY, 'list', q],
    queryFn: ({ signal }) => api.get<UnitList>('/api/safety/units', { ...q }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useUnit(id: string) {
  return useQuery({
    queryKey: [UNITS_KEY, 'unit', id],
    queryFn: ({ signal }) => api.get<UnitOverview>(`/api/safety/units/${id}`, undefined, { signal }),
  });
}

export function useUnitsRefresh() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [UNITS_KEY] }), [qc]);
}
