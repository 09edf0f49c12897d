/**
 * The report facts (server/src/report/fact-routes.ts): a town's figures for a year with last
 * year's, the records behind one figure, hand entry with its source, and the county's towns
 * side by side. The web never imports from server/, so the shapes are kept in step by hand.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api.ts';

export interface FactCombine {
  kind: 'sum' | 'ratio' | 'mean';
  numerator?: string;
  denominator?: string;
  weight?: string;
}

export interface FactValueView {
  value: number | null;
  origin: 'computed' | 'manual';
  source: string | null;
}

export interface FactDefinitionView {
  key: string;
  label: string;
  unit: string;
  definition: string;
  combine: FactCombine;
  manualOnly: boolean;
  drillable: boolean;
  module: string;
  moduleLabel: string;
}

export interface FactItem extends FactDefinitionView, FactValueView {
  note: string | null;
  enteredBy: string | null;
  enteredAt: string | null;
  previous: FactValueView;
  change: number | null;
  changePct: number | null;
}

export interface TownRef {
  id: string;
  name: string;
}

export interface FactsResponse {
  year: number;
  town: TownRef;
  towns: TownRef[];
  asOf: string;
  canWrite: boolean;
  modules: { module: string; moduleLabel: string; facts: FactItem[] }[];
}

export interface FactRecord {
  id: string;
  reference: string | null;
  title: string;
  date: string | null;
  unitName: string | null;
  state: string | null;
  href: string;
}

export interface FactRecordsResponse {
  fact: FactItem;
  year: number;
  town: TownRef;
  canWrite: boolean;
  total: number;
  page: number;
  pageSize: number;
  records: FactRecord[];
  history: {
    value: number;
    source: string;
    note: string | null;
    enteredBy: string | null;
    enteredAt: string;
    current: boolean;
  }[];
}

export interface CountyResponse {
  year: number;
  county: string | null;
  towns: TownRef[];
  modules: {
    module: string;
    moduleLabel: string;
    facts: (FactDefinitionView & { values: FactValueView[]; total: FactValueView })[];
  }[];
}

export const FACTS_KEY = 'facts';

export function useFacts(year: number, townId: string | undefined) {
  return useQuery({
    queryKey: [FACTS_KEY, 'town', year, townId ?? null],
    queryFn: ({ signal }) => api.get<FactsResponse>('/api/facts', { year, townId }, { signal }),
    placeholderData: keepPreviousData,
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

export function useCountyFacts(year: number) {
  return useQuery({
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
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: [FACTS_KEY] }),
  });
}

export function useWithdrawManual(key: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (q: { year: number; townId?: string }) =>
      api.delete<FactItem>(`/api/facts/${encodeURIComponent(key)}/manual`, { query: q }),
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
