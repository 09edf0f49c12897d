/**
 * 矛盾纠纷排查 queries. Every key starts with CAMPAIGNS_KEY, so one invalidation after a
 * write refreshes the list, the open campaign, its entries and the village's return.
 * A conversion also creates cases: the case lists are refreshed with it.
 */
import type {
  CampaignDetail,
  CampaignListQuery,
  CampaignListResponse,
  EntryView,
  ReturnDetail,
} from '@fazhi/domain/api/campaigns';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../api.ts';

export const CAMPAIGNS_KEY = 'campaigns';
const CASES_KEY = 'cases';

export function useCampaigns(q: CampaignListQuery) {
  return useQuery({
    queryKey: [CAMPAIGNS_KEY, 'list', q],
    queryFn: ({ signal }) => api.get<CampaignListResponse>('/api/campaigns', { ...q }, { signal }),
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: [CAMPAIGNS_KEY, 'detail', id],
    queryFn: ({ signal }) => api.get<CampaignDetail>(`/api/campaigns/${encodeURIComponent(id)}`, undefined, { signal }),
  });
}

export function useCampaignEntries(id: string, q: { unitId?: string | undefined; status?: string | undefined }) {
  return useQuery({
    queryKey: [CAMPAIGNS_KEY, 'entries', id, q],
    queryFn: ({ signal }) =>
      api.get<{ items: EntryView[] }>(`/api/campaigns/${encodeURIComponent(id)}/entries`, { ...q }, { signal }),
  });
}

export function useCampaignReturn(id: string | null) {
  return useQuery({
    queryKey: [CAMPAIGNS_KEY, 'return', id],
    queryFn: ({ signal }) =>
      api.get<ReturnDetail>(`/api/campaign-returns/${encodeURIComponent(id ?? '')}`, undefined, { signal }),
    enabled: !!id,
  });
}

/** After any write: the campaign pages, and the case lists when cases were created. */
export function useCampaignRefresh() {
  const qc = useQueryClient();
  return useCallback(
    (opts: { cases?: boolean } = {}) => {
      void qc.invalidateQueries({ queryKey: [CAMPAIGNS_KEY] });
      if (opts.cases) void qc.invalidateQueries({ queryKey: [CASES_KEY] });
    },
    [qc],
  );
}
