/**
 * The built web app (web/dist) and its caching (issue 19). Vite names every file under
 * `assets/` by a hash of its content, so a browser may keep one for a year without asking
 * again: a new release has new names. `index.html` names them, so it must be asked for anew
 * each time (`no-cache`: kept, but revalidated). The build writes `.br` and `.gz` copies of
 * each text file (web/scripts/precompress.ts); they are sent to a browser that accepts them.
 */
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

export async function serveWebDist(app: FastifyInstance, webDist: string): Promise<void> {
  const assets = path.join(path.resolve(webDist), 'assets') + path.sep;
  await app.register(fastifyStatic, {
    root: webDist,
    index: ['index.html'],
    preCompressed: true,
    // Our own header below, not send's `public, max-age=0`.
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header('cache-control', path.resolve(file).startsWith(assets) ? IMMUTABLE : REVALIDATE);
    },
  });
}
