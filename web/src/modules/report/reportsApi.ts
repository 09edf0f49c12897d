/**
 * 年度报告 queries. Every key starts with REPORTS_KEY, so one invalidation after a write
 * refreshes the list, the open report, its fact catalogue and the county overview.
 */
import type { CountyOverview, ReportDetail, ReportFact, ReportListItem } from '@fazhi/domain/api/reports';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api.ts';

export const REPORTS_KEY = 'reports';

export interface ReportListResponse {
  items: ReportListItem[];
  createTowns: { id: string; name: string }[];
  currentYear: number;
}

export interface FactModule {
  module: string;
  moduleLabel: string;
  facts: ReportFact[];
}

export function useReports(year: number | undefined) {
  return useQuery({
    queryKey: [REPORTS_KEY, 'list', year ?? null],
    queryFn: ({ signal }) => api.get<ReportListResponse>('/api/reports', { year }, { signal }),
  });
}

export function useReport(id: string) {
  return useQuery({
    queryKey: [REPORTS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get<ReportDetail>(`/api/reports/${encodeURIComponent(id)}`, undefined, { signal }),
  });
}

export function useReportFacts(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [REPORTS_KEY, 'facts', id],
    queryFn: ({ signal }) =>
      api.get<{ modules: FactModule[] }>(`/api/reports/${encodeURIComponent(id)}/facts`, undefined, { signal }),
    enabled,
  });
}

export function useCountyReports(year: number) {
  return useQuery({
    queryKey: [REPORTS_KEY, 'county', year],
    queryFn: ({ signal }) => api.get<CountyOverview>('/api/reports/county', { year }, { signal }),
  });
}

export function useReportRefresh() {
  const qc = useQueryClient();
  return useCallback(
    (detail?: ReportDetail) => {
      if (detail) qc.setQueryData([REPORTS_KEY, 'detail', detail.id], detail);
      void qc.invalidateQueries({ queryKey: [REPORTS_KEY] });
    },
    [qc],
  );
}
