/**
 * Who is signed in. `['me']` holds the Me from /api/me, or null when signed out;
 * every guard reads it, and the global 401 handler sets it to null.
 */

import type { Me } from '@fazhi/domain/api/platform';
import type { Permission } from '@fazhi/domain/auth/roles';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, api, setCsrfToken } from '../api.ts';

export const ME_KEY = ['me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/api/me', undefined, { quiet: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000 });
}

/** The signed-in user; only for components rendered inside the auth guard. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useCurrentUser outside the auth guard');
  return data;
}

export function hasPermission(me: Me, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

/** Why the last session ended, for the login page to explain. Read once, then cleared. */
export type EndReason = 'expired' | 'idle' | 'logout' | 'password-changed';
let endReason: EndReason | null = null;

export function setEndReason(reason: EndReason | null): void {
  endReason = reason;
}

export function peekEndReason(): EndReason | null {
  return endReason;
}

/** Forget everything about the previous user and mark the session as ended. */
export function clearSession(qc: QueryClient): void {
  setCsrfToken(null);
  void qc.cancelQueries();
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  qc.setQueryData(ME_KEY, null);
}

export function useLogout() {
  const qc = useQueryClient();
  return useCallback(
    async (all = false) => {
      try {
        await api.post(all ? '/api/auth/logout-all' : '/api/auth/logout', undefined, { quiet: true });
      } catch {
        // Already signed out, or the server is unreachable: the session is gone for us either way.
      }
      setEndReason('logout');
      clearSession(qc);
    },
    [qc],
  );
}

/** The path to return to after login, if it is a safe same-site path. */
export function safeNext(next: string | null | undefined): string {
  // '/\\host' is read by browsers as '//host', so a backslash anywhere is refused too.
  if (!next?.startsWith('/') || next.startsWith('//') || next.includes('\\') || next.startsWith('/login')) return '/';
  return next;
}
