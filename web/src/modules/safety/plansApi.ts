/**
 * Queries of the checklists and the annual plan (contract in @fazhi/domain/api/safety-plans).
 * Every key starts with SAFETY_PLANS_KEY, so one invalidation after a write refreshes them all.
 */
import type { ChecklistList, PlanProgress, PlanView } from '@fazhi/domain/api/safety-plans';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api.ts';

export const SAFETY_PLANS_KEY = 'safety-plans';

export function useChecklists(townId?: string) {
  return useQuery({
    queryKey: [SAFETY_PLANS_KEY, 'checklists', townId ?? null],
    queryFn: ({ signal }) => api.get<ChecklistList>('/api/safety/checklists', { townId }, { signal }),
  });
}

export function usePlan(year: number, townId?: string) {
  return useQuery({
    queryKey: [SAFETY_PLANS_KEY, 'plan', year, townId ?? null],
    queryFn: ({ signal }) => api.get<PlanView>(`/api/safety/plans/${year}`, { townId }, { signal }),
  });
}

export function usePlanProgress(year: number, townId?: string) {
  return useQuery({
    queryKey: [SAFETY_PLANS_KEY, 'progress', year, townId ?? null],
    queryFn: ({ signal }) =>
      api.get<{ town: { id: string; name: string }; year: number; today: string; progress: PlanProgress }>(
        `/api/safety/plans/${year}/progress`,
        { townId },
        { signal },
      ),
  });
}

export function useSafetyPlansRefresh() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [SAFETY_PLANS_KEY] }), [qc]);
}
