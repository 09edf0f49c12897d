/**
 * The code a signed-in user needs first, loaded on demand: only the login page is in the first
 * load (a budget of 450 kB gzip, web/test/bundle-size.test.ts).
 */
import type { QueryClient } from '@tanstack/react-query';
import { inboxRemembered, prefetchInbox } from '../modules/cases/casesApi.ts';

export const loadShell = () => import('./Shell.tsx');
export const loadHome = () => import('../modules/workbench/HomePage.tsx');

let signedIn: Promise<unknown> | null = null;
/**
 * Starts loading the shell and the workbench once a session exists or is being made (login
 * submitted, /api/me asked), so their code arrives while the request is under way instead of
 * after it.
 */
export function preloadSignedIn(): Promise<unknown> {
  signedIn ??= Promise.all([loadShell(), loadHome()]).catch(() => {
    signedIn = null; // React.lazy tries a failed download again, and so does the next preload
  });
  return signedIn;
}

/**
 * A page load of a signed-in route: the shell's code, and on the workbench the inbox when this
 * tab's user had one, start together with /api/me rather than after it (issue 19).
 */
export function startSignedIn(qc: QueryClient, pathname: string): void {
  void preloadSignedIn();
  if (pathname === '/' && inboxRemembered()) prefetchInbox(qc, true);
}
