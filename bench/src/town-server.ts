/**
 * The app under test for `bench:town` (town.ts), in a process of its own so that its RSS is
 * the app's and the load generator does not share its event loop. It starts as `fazhi serve`
 * does (server/src/cli.ts): the embedded PostgreSQL in the data directory, the migrations,
 * `buildApp` with the product's modules and the default log level, then `listen`. Two
 * differences, both for the bench: the engine's test type `complaint` is registered too (the
 * bench data's cases are of that type), and the login rate limit is lifted (50 users sign in
 * at once from one address).
 *
 * Beside it, on a second port, the floor: a bare node:http server on the same pool doing only
 * the session check and the hand-written SQL of baseline.ts (`/inbox`, `/list`, `/search?q=`,
 * `/detail/<id>`). The user's scope (roles, village) is resolved once per user, by the app's
 * own code, on the user's first request.
 *
 * Started by town.ts with an IPC channel: sends `{ port, barePort, dbUrl, postmaster }` when
 * listening, and shuts down as `serve` does on SIGTERM.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { queryTokens } from '@fazhi/domain';
import { buildApp } from '@fazhi/server/src/app.ts';
import { caseAccess } from '@fazhi/server/src/cases/access.ts';
import { loadConfig } from '@fazhi/server/src/config.ts';
import { openAndImport } from '@fazhi/server/src/db/legacy.ts';
import { migrate } from '@fazhi/server/src/db/migrate.ts';
import { MODULES } from '@fazhi/server/src/modules.ts';
import { complaintModule } from '@fazhi/server/test/fixtures/complaint.ts';
import * as base from './baseline.ts';

async function main() {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: town-server.ts <data dir>');
  const cfg = {
    ...loadConfig({ ...process.env, FAZHI_DATA_DIR: dataDir, HOST: '127.0.0.1' }),
    loginRatePerMinute: 100_000,
  };
  const { database } = await openAndImport(cfg, (line) => process.stderr.write(`${line}\n`));
  await migrate(database.db);
  const app = await buildApp({ config: cfg, database, modules: [...MODULES, complaintModule] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const db = database.db;
  const services = app.services;

  const scopes = new Map<number, Promise<base.InboxScope & { access: Awaited<ReturnType<typeof caseAccess>> }>>();
  const scopeOf = (token: string, userId: number) => {
    let s = scopes.get(userId);
    if (!s) {
      s = (async () => {
        const auth = await services.auth.authenticate(token, new Date(), false);
        if (!auth?.townId) throw new Error(`user ${userId} has no town`);
        const access = await caseAccess(db, auth, services.registry);
        const window = await services.cases.dueWindow(access, new Date());
        const village = auth.assignments.find((a) => a.role === 'village');
        return {
          access,
          townId: auth.townId,
          userId,
          roles: access.roles,
          villageId: village ? village.unitId : null,
          today: window.today,
          warnUntil: window.warnUntil,
        };
      })();
      scopes.set(userId, s);
    }
    return s;
  };
  const bare = http.createServer((req, res) => {
    const token = /fazhi_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    void (async () => {
      const uid = token ? await base.sessionUser(db, token, new Date()) : null;
      if (uid == null || !token) {
        res.writeHead(401).end();
        return;
      }
      const scope = await scopeOf(token, uid);
      const url = new URL(req.url ?? '/', 'http://x');
      let body: unknown;
      if (url.pathname === '/inbox') {
        const r = await base.inbox(db, scope);
        body = { items: r.rows, counts: r.counts, more: r.more };
      } else if (url.pathname === '/list') {
        body = { items: await base.list(db, { townId: scope.townId, limit: 50 }) };
      } else if (url.pathname === '/search') {
        const tokens = queryTokens(url.searchParams.get('q') ?? '');
        body = { items: tokens ? await base.list(db, { townId: scope.townId, tokens, limit: 50 }) : [] };
      } else if (url.pathname.startsWith('/detail/')) {
        body = await base.detailRows(db, scope.townId, Number(url.pathname.slice('/detail/'.length)));
        if (!body) {
          res.writeHead(404).end();
          return;
        }
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    })().catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));

  const clusterDir = database.embedded?.clusterDir ?? path.join(dataDir, 'pg');
  const postmaster = Number(fs.readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.send?.({
    port: (app.server.address() as AddressInfo).port,
    barePort: (bare.address() as AddressInfo).port,
    dbUrl: database.embedded?.url,
    postmaster,
  });

  const shutdown = async () => {
    bare.close();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  // The parent died: do not leave the embedded server behind.
  process.on('disconnect', () => void shutdown());
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
