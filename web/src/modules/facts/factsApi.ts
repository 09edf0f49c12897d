/**
 * The report facts (GET /api/facts and below): a town's figures for a year with last
 * year's, the records behind one figure, hand entry with its source, and the county's towns
 * side by side. The contract is domain/src/api/facts.ts, which the server declares too.
 */
import type {
  FactItem,
  FactManualBody,
  FactManualDeleteQuery,
  FactRecordsResponse,
  FactRecordView,
  FactsCountyResponse,
  FactsResponse,
  FactTown,
} from '@fazhi/domain/api/facts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';

export type {
  FactCombine,
  FactDefinitionView,
  FactItem,
  FactRecordsResponse,
  FactsResponse,
  FactValueView,
} from '@fazhi/domain/api/facts';
export type TownRef = FactTown;
export type FactRecord = FactRecordView;
export type CountyResponse = FactsCountyResponse;

export const FACTS_KEY = 'facts';

/** `year` undefined: not fetched yet (the page's default year is still being asked for, useDataYear). */
export function useFacts(year: number | undefined, townId: string | undefined) {
  return useQuery({
    queryKey: [FACTS_KEY, 'town', year, townId ?? null],
    queryFn: ({ signal }) => api.get<FactsResponse>('/api/facts', { year, townId }, { signal }),
    placeholderData: keepPreviousData,
    enabled: year !== undefined,
  });
}

export function useFactRecords(key: string, year: number, townId: string | undefined, page: number, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [FACTS_KEY, 'records', key, year, townId ?? null, page],
    queryFn: ({ signal }) =>
      api.get<FactRecordsResponse>(`/api/facts/${encodeURIComponent(key)}/records`, { year, townId, page }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCountyFacts(year: number | undefined) {
  return useQuery({
    enabled: year !== undefined,
    queryKey: [FACTS_KEY, 'county', year],
    queryFn: ({ signal }) => api.get<CountyResponse>('/api/facts/county', { year }, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useSetManual(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { year: number; townId?: string; value: number; source: string; note?: string | null }) =>
      api.put<FactItem>(`/api/facts/${encodeURIComponent(key)}/manual`, {
        ...body,
        townId: body.townId == null ? undefined : Number(body.townId),
      } satisfies FactManualBody),
    onSuccess: () => qc.invalidateQueries({ queryKey: [FACTS_KEY] }),
  });
}

export function useWithdrawManual(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (q: { year: number; townId?: string }) =>
      api.delete<FactItem>(`/api/facts/${encodeURIComponent(key)}/manual`, {
        query: { ...q, townId: q.townId == null ? undefined : Number(q.townId) } satisfies FactManualDeleteQuery,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [FACTS_KEY] }),
  });
}

/** '66.7%', '20.9万元', '12件'; '—' when there is no figure. */
export function formatFact(value: number | null, unit: string): string {
  if (value == null) return '—';
  const n = value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  return `${n}${unit}`;
}

/**
 * The page of a fact's records: /facts/mediation/accepted for `mediation.accepted` (a path
 * ending in '.accepted' would be taken for a static file by the server).
 */
export function factHref(key: string, year: number, townId?: string): string {
  const q = new URLSearchParams({ year: String(year) });
  if (townId) q.set('townId', townId);
  const [module, ...name] = key.split('.');
  return `/facts/${encodeURIComponent(module ?? '')}/${encodeURIComponent(name.join('.'))}?${q.toString()}`;
}
