/**
 * The session and CSRF cookies: their names and options, shared by the app's authentication
 * hook (../app.ts) and the login routes (../routes/auth.ts). Here rather than in app.ts so
 * that the routes do not import the app that registers them.
 */
import type { Config } from '../config.ts';

export const SESSION_COOKIE = 'fazhi_sid';
export const CSRF_COOKIE = 'fazhi_csrf';

export function sessionCookieOptions(config: Config, maxAgeSeconds: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.secureCookies,
    maxAge: maxAgeSeconds,
  };
}

export function csrfCookieOptions(config: Config, maxAgeSeconds: number) {
  return {
    path: '/',
    httpOnly: false,
    sameSite: 'strict' as const,
    secure: config.secureCookies,
    maxAge: maxAgeSeconds,
  };
}
