import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../../api.ts';
import type { OrgKind, OrgUnit, OrgUnitDetail } from '../../../types.ts';

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

/**
 * Labels for the kind picker when adding a unit (existing units show the server's kindLabel).
 * Copied from the server's org routes, which the web may not import; they belong in @fazhi/domain.
 */
export const KIND_LABELS: Record<OrgKind, string> = {
  county: '县（市、区）',
  town: '镇（乡、街道）',
  village: '村委会',
  community: '居委会',
  department: '部门',
};

/** Kinds allowed under a parent of the given kind (mirrors the server, which has the final word). */
const CHILD_KINDS: Record<OrgKind, OrgKind[]> = {
  county: ['town', 'department'],
  town: ['village', 'community', 'department'],
  village: [],
  community: [],
  department: ['department'],
};

export function childKinds(parent: OrgKind): OrgKind[] {
  return CHILD_KINDS[parent] ?? [];
}
