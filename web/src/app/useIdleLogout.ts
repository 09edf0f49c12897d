/**
 * Ends the session after the configured idle time (等保 session timeout). Activity in
 * any tab counts: the last activity time is shared through localStorage.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../api.ts';
import { clearSession, setEndReason } from './auth.ts';

const KEY = 'fazhi:lastActivity';
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'mousemove'] as const;

function sharedLastActivity(): number {
  const v = Number(localStorage.getItem(KEY));
  return Number.isFinite(v) ? v : 0;
}

export function useIdleLogout(minutes: number): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!minutes || minutes <= 0) return;
    let last = Date.now();
    let written = 0;
    const mark = () => {
      last = Date.now();
      // Writing on every mouse move is wasteful; once every few seconds is plenty.
      if (last - written > 5000) {
        written = last;
        try {
          localStorage.setItem(KEY, String(last));
        } catch {
          // Private mode or storage full: fall back to this tab's own activity.
        }
      }
    };
    mark();
    for (const e of EVENTS) window.addEventListener(e, mark, { passive: true });
    const timer = window.setInterval(() => {
      const lastAny = Math.max(last, sharedLastActivity());
      if (Date.now() - lastAny < minutes * 60_000) return;
      window.clearInterval(timer);
      void api
        .post('/api/auth/logout', undefined, { quiet: true })
        .catch(() => undefined)
        .finally(() => {
          setEndReason('idle');
          clearSession(qc);
        });
    }, 15_000);
    return () => {
      window.clearInterval(timer);
      for (const e of EVENTS) window.removeEventListener(e, mark);
    };
  }, [minutes, qc]);
}
