/**
 * Case queries and writes. Every case key starts with CASES_KEY (the inbox too), so one
 * invalidation after any write refreshes lists, the inbox and the open detail alike.
 */
import type { CaseDetail, CaseListQuery, CaseTypeView, InboxAsk, InboxResponse } from '@fazhi/domain';
import { CASE_SORT_KEYS, type CaseSortKey } from '@fazhi/domain/api/cases';
import type { Me } from '@fazhi/domain/api/platform';
import { infiniteQueryOptions, type QueryClient, useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';

export const CASES_KEY = 'cases';

export const caseTypesKey = ['case-types'] as const;
export const caseKey = (id: string) => [CASES_KEY, 'detail', id] as const;

/** Admin roles (三员) hold no case permission: for them /api/inbox would only answer 403. */
export function hasInbox(me: Me): boolean {
  return !me.mustChangePassword && me.permissions.includes('case:read');
}

/**
 * What the inbox shows: everything, only the red or the yellow items (the counters' names), or
 * only the cases that ask one thing of the user (`ask:approval`, the 待办事项 filters).
 */
export type InboxShow = 'all' | 'breached' | 'warn' | `ask:${InboxAsk}`;

/** The query of one InboxShow. */
export function inboxParams(show: InboxShow): { due?: 'breached' | 'warn'; ask?: InboxAsk } {
  if (show === 'all') return {};
  if (show.startsWith('ask:')) return { ask: show.slice(4) as InboxAsk };
  return { due: show as 'breached' | 'warn' };
}

/**
 * 我的待办, a page of 50 at a time (加载更多 asks for the next); every page carries the counts of
 * the whole inbox. Under CASES_KEY, so a write refreshes it with the rest.
 */
export function inboxQuery(show: InboxShow = 'all', quiet = false) {
  return infiniteQueryOptions({
    queryKey: [CASES_KEY, 'inbox', show] as const,
    queryFn: ({ pageParam, signal }) =>
      api.get<InboxResponse>('/api/inbox', { ...inboxParams(show), cursor: pageParam }, { signal, quiet }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 5 * 60_000,
  });
}

const INBOX_HINT = 'fazhi.inbox';

/**
 * Whether this tab's user has an inbox, kept for the next page load: it lets the inbox be asked
 * for together with /api/me instead of after it. Only a hint; a wrong one costs one answered 401/403.
 */
export function rememberInbox(me: Me | null): void {
  try {
    if (me && hasInbox(me)) sessionStorage.setItem(INBOX_HINT, '1');
    else sessionStorage.removeItem(INBOX_HINT);
  } catch {
    // Storage refused (private mode): the inbox then waits for /api/me, as it did.
  }
}

export function inboxRemembered(): boolean {
  try {
    return sessionStorage.getItem(INBOX_HINT) === '1';
  } catch {
    return false;
  }
}

/**
 * Asks for the inbox without waiting for the workbench's code. `quiet` when the user is only
 * presumed (before /api/me answers): a 401 then is /api/me's to report.
 */
export function prefetchInbox(qc: QueryClient, quiet = false): void {
  void qc.prefetchInfiniteQuery(inboxQuery('all', quiet));
}

/** The case types rarely change within a session; a long staleTime saves a request per page. */
export function useCaseTypes() {
  return useQuery({
    queryKey: caseTypesKey,
    queryFn: () => api.get<CaseTypeView[]>('/api/case-types'),
    staleTime: 10 * 60_000,
  });
}

export function useCaseType(key: string | null | undefined): {
  type: CaseTypeView | undefined;
  types: CaseTypeView[];
  isPending: boolean;
  error: unknown;
  refetch: () => void;
} {
  const q = useCaseTypes();
  const types = q.data ?? [];
  return {
    type: key ? types.find((t) => t.key === key) : undefined,
    types,
    isPending: q.isPending,
    error: q.error,
    refetch: () => void q.refetch(),
  };
}

export function fetchCase(id: string, signal?: AbortSignal): Promise<CaseDetail> {
  return api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`, undefined, { signal });
}

/** The list filters and sort as they travel in the URL and to the server (cursor and limit aside). */
export interface CaseFilters {
  type?: string;
  state?: string;
  village?: string;
  assignee?: string;
  due?: 'breached' | 'warn' | 'open';
  q?: string;
  registeredFrom?: string;
  registeredTo?: string;
  closedFrom?: string;
  closedTo?: string;
  year?: string;
  sort?: CaseSortKey;
  order?: 'asc' | 'desc';
}

export const FILTER_KEYS = [
  'type',
  'state',
  'village',
  'assignee',
  'due',
  'q',
  'registeredFrom',
  'registeredTo',
  'closedFrom',
  'closedTo',
  'year',
  'sort',
  'order',
] as const satisfies readonly (keyof CaseFilters & keyof CaseListQuery)[];

/** The keys that narrow the list (the sort does not). */
export const NARROWING_KEYS = FILTER_KEYS.filter((k) => k !== 'sort' && k !== 'order');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersFromParams(params: URLSearchParams): CaseFilters {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (v) f[k] = v;
  }
  const due = f.due;
  if (due && due !== 'breached' && due !== 'warn' && due !== 'open') delete f.due;
  // A hand-edited URL should not turn into a 400: what is not well-formed is dropped here.
  for (const k of ['registeredFrom', 'registeredTo', 'closedFrom', 'closedTo'] as const) {
    if (f[k] && !DAY.test(f[k])) delete f[k];
  }
  if (f.year && !/^(20\d\d|2100)$/.test(f.year)) delete f.year;
  if (f.sort && !(CASE_SORT_KEYS as readonly string[]).includes(f.sort)) delete f.sort;
  if (f.order && f.order !== 'asc' && f.order !== 'desc') delete f.order;
  return f as CaseFilters;
}
