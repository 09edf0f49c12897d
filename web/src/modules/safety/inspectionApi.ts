/** Queries of the inspection pages (contract in @fazhi/domain/api/safety-inspections). */
import type { InspectionDetail, InspectionList, InspectionOptions } from '@fazhi/domain/api/safety-inspections';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

export const SAFETY_KEY = 'safety';

export function useInspectionOptions() {
  return useQuery({
    queryKey: [SAFETY_KEY, 'inspection-options'],
    queryFn: ({ signal }) => api.get<InspectionOptions>('/api/safety/inspection-options', undefined, { signal }),
    // On a phone in a dead zone the last answer is what the form has.
    staleTime: 5 * 60_000,
  });
}

export interface InspectionFilter {
  unitId?: string | undefined;
  kind?: string | undefined;
  month?: string | undefined;
  page: number;
  pageSize: number;
}

export function useInspections(q: InspectionFilter) {
  return useQuery({
    queryKey: [SAFETY_KEY, 'inspections', q],
    queryFn: ({ signal }) =>
      api.get<InspectionList>(
        '/api/safety/inspections',
        { unitId: q.unitId, kind: q.kind, month: q.month, page: q.page, pageSize: q.pageSize },
        { signal },
      ),
  });
}

export function useInspection(id: string) {
  return useQuery({
    queryKey: [SAFETY_KEY, 'inspection', id],
    queryFn: ({ signal }) => api.get<InspectionDetail>(`/api/safety/inspections/${id}`, undefined, { signal }),
  });
}
