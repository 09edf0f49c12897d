import type { OrgUnit, OrgUnitDetail } from '@fazhi/domain/api/platform';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../../api.ts';

/** Every org-unit query key starts with this, so one invalidation refreshes them all. */
export const ORG_KEY = 'org-units';

export function childrenKey(parentId: number | null) {
  return [ORG_KEY, 'children', parentId ?? 'roots'] as const;
}

export function detailKey(id: number) {
  return [ORG_KEY, 'detail', id] as const;
}

export function fetchChildren(parentId: number | null): Promise<OrgUnit[]> {
  return api.get<OrgUnit[]>('/api/org-units', { parentId });
}

export function fetchDetail(id: number): Promise<OrgUnitDetail> {
  return api.get<OrgUnitDetail>(`/api/org-units/${id}`);
}

/** Children of one unit through the query cache, so trees on different pages share loads. */
export function loadChildren(qc: QueryClient, parentId: number | null, fresh = false): Promise<OrgUnit[]> {
  return qc.fetchQuery({
    queryKey: childrenKey(parentId),
    queryFn: () => fetchChildren(parentId),
    staleTime: fresh ? 0 : 30_000,
  });
}

export { childKinds, ORG_KIND_LABELS as KIND_LABELS } from '@fazhi/domain';
