/**
 * A lazily loaded org tree: the visible roots come from a query, each node's children
 * are fetched when it is expanded (trees can be large) and kept in local state.
 */

import type { OrgUnit } from '@fazhi/domain/api/platform';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { childrenKey, fetchChildren, loadChildren } from './orgApi.ts';

export interface LazyOrgTree {
  roots: OrgUnit[] | undefined;
  rootsLoading: boolean;
  rootsError: unknown;
  refetchRoots: () => void;
  /** Children loaded so far, by parent id. */
  children: Record<number, OrgUnit[]>;
  loadedKeys: string[];
  /** Fetches (or re-fetches with fresh=true) the children of one unit. */
  load: (parentId: number, fresh?: boolean) => Promise<OrgUnit[]>;
  /** Re-fetches the list containing the given unit (its parent's children, or the roots). */
  refreshListOf: (unit: Pick<OrgUnit, 'id' | 'parentId'>) => Promise<void>;
  byId: Map<number, OrgUnit>;
  isLeaf: (u: OrgUnit) => boolean;
  build: <T>(map: (u: OrgUnit, kids: T[] | undefined) => T) => T[];
}

export function useLazyOrgTree(): LazyOrgTree {
  const qc = useQueryClient();
  const rootsQuery = useQuery({ queryKey: childrenKey(null), queryFn: () => fetchChildren(null), staleTime: 30_000 });
  const [children, setChildren] = useState<Record<number, OrgUnit[]>>({});

  const load = useCallback(
    async (parentId: number, fresh = false) => {
      const list = await loadChildren(qc, parentId, fresh);
      setChildren((prev) => ({ ...prev, [parentId]: list }));
      return list;
    },
    [qc],
  );

  const roots = rootsQuery.data;
  const refetchRoots = rootsQuery.refetch;
  const refreshListOf = useCallback(
    async (unit: Pick<OrgUnit, 'id' | 'parentId'>) => {
      const isRoot = roots?.some((r) => r.id === unit.id) ?? false;
      if (isRoot || unit.parentId == null) await refetchRoots();
      else await load(unit.parentId, true);
    },
    [roots, refetchRoots, load],
  );

  const byId = useMemo(() => {
    const m = new Map<number, OrgUnit>();
    for (const u of roots ?? []) m.set(u.id, u);
    for (const list of Object.values(children)) for (const u of list) m.set(u.id, u);
    return m;
  }, [roots, children]);

  const isLeaf = useCallback(
    (u: OrgUnit) => {
      const kids = children[u.id];
      return kids ? kids.length === 0 : !u.hasChildren;
    },
    [children],
  );

  const build = useCallback(
    <T>(map: (u: OrgUnit, kids: T[] | undefined) => T): T[] => {
      const seen = new Set<number>();
      const walk = (list: OrgUnit[]): T[] =>
        list
          .filter((u) => !seen.has(u.id) && seen.add(u.id))
          .map((u) => {
            const kids = children[u.id];
            return map(u, kids && kids.length > 0 ? walk(kids) : undefined);
          });
      return walk(roots ?? []);
    },
    [roots, children],
  );

  const loadedKeys = useMemo(() => Object.keys(children), [children]);

  return {
    roots,
    rootsLoading: rootsQuery.isPending,
    rootsError: rootsQuery.error,
    refetchRoots: () => void rootsQuery.refetch(),
    children,
    loadedKeys,
    load,
    refreshListOf,
    byId,
    isLeaf,
    build,
  };
}
