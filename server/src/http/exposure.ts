/**
 * What the API lets out beyond its routes' own checks (issue 11, "Low"): responses are
 * never kept by a browser or proxy cache, and the OpenAPI document is for signed-in
 * users once the install runs for real. Kept apart from app.ts so each rule is one hook.
 */
import { AppError } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { SettingsStore } from '../platform/settings.ts';

/**
 * Every /api response gets `Cache-Control: no-store`: personal data is in nearly all of
 * them (case detail, unmasked IDs, Excel exports, attachments), and a shared office PC or
 * a caching proxy must not keep a copy. A route opts out by setting its own Cache-Control.
 */
export function noStoreApi(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/') || reply.hasHeader('cache-control')) return payload;
    reply.header('cache-control', 'no-store');
    // HTTP/1.0 caches ignore Cache-Control.
    reply.header('pragma', 'no-cache');
    return payload;
  });
}

/**
 * The OpenAPI document and its UI (/api/docs) map every route and field of the API. With
 * demo mode on (the demo install, local development) anyone may read them; once demo
 * mode is off (a production install, where the demo accounts are gone) only a signed-in
 * user may. Must be added after the hook that authenticates the session (it reads request.auth).
 */
export function guardApiDocs(app: FastifyInstance, settings: SettingsStore): void {
  app.addHook('onRequest', async (request) => {
    if (request.url !== '/api/docs' && !request.url.startsWith('/api/docs/') && !request.url.startsWith('/api/docs?'))
      return;
    if (request.auth || (await settings.demo())) return;
    throw new AppError('UNAUTHENTICATED', '请先登录后再查看接口文档');
  });
}
