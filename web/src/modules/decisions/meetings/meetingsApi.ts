/**
 * Queries of the meetings pages (contract in @fazhi/domain/api/decisions-meetings). Every key
 * starts with MEETINGS_KEY, so one invalidation after a write refreshes them all.
 */
import type { CaseMeetings, MeetingDetail, MeetingList } from '@fazhi/domain/api/decisions-meetings';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../../api.ts';

export const MEETINGS_KEY = 'meetings';

export interface MeetingFilter {
  townId?: string | undefined;
  year?: number | undefined;
  month?: number | undefined;
  kind?: string | undefined;
  status?: string | undefined;
}

export function useMeetings(f: MeetingFilter) {
  return useQuery({
    queryKey: [MEETINGS_KEY, 'list', f],
    queryFn: ({ signal }) => api.get<MeetingList>('/api/meetings', { ...f }, { signal }),
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: [MEETINGS_KEY, 'one', id],
    queryFn: ({ signal }) => api.get<MeetingDetail>(`/api/meetings/${encodeURIComponent(id!)}`, undefined, { signal }),
    enabled: !!id,
  });
}

export function useCaseMeetings(caseId: string, enabled = true) {
  return useQuery({
    queryKey: [MEETINGS_KEY, 'case', caseId],
    queryFn: ({ signal }) =>
      api.get<CaseMeetings>(`/api/cases/${encodeURIComponent(caseId)}/meetings`, undefined, { signal }),
    enabled,
  });
}

export function useMeetingsRefresh() {
  const qc = useQueryClient();
  return useCallback(() => qc.invalidateQueries({ queryKey: [MEETINGS_KEY] }), [qc]);
}
