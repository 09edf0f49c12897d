/**
 * buildApp(config): infrastructure plugins, the core routes, then each module's routes, in an
 * explicit order. The services come from the composition root (core/services.ts), built from
 * the module list (./modules.ts unless the caller names its own). The clock is injected so
 * that tests can move time (session idle timeout, lockout).
 */
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { AppError, HealthSchema } from '@fazhi/domain';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.ts';
import type { ServerModule } from './core/module.ts';
import { buildServices, type Services } from './core/services.ts';
import type { Database } from './db/index.ts';
import { factRoutes } from './facts/fact-routes.ts';
import { SESSION_COOKIE } from './http/cookies.ts';
import { toErrorReply } from './http/errors.ts';
import { guardApiDocs, noStoreApi } from './http/exposure.ts';
import { UPLOAD_LIMIT_MB } from './http/files.ts';
import { refuseForbiddenChars } from './http/hygiene.ts';
import { serveWebDist } from './http/web-dist.ts';
import { MODULES } from './modules.ts';
import { appendAudit } from './platform/audit.ts';
import type { StartupState } from './platform/startup.ts';
import { reportRoutes } from './report/routes.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { caseChallengeRoutes } from './routes/case-challenges.ts';
import { caseLinkRoutes } from './routes/case-links.ts';
import { caseRoutes } from './routes/cases.ts';
import { orgRoutes } from './routes/org.ts';
import { settingsRoutes } from './routes/settings.ts';
import { userRoutes } from './routes/users.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  now?: () => Date;
  logger?: boolean;
  /** Where the log goes (http/log-streams.ts); stdout when absent. */
  logStream?: DestinationStream | undefined;
  /** The modules to run; defaults to every module of the product (./modules.ts). */
  modules?: readonly ServerModule[];
  /** Services already composed (core/services.ts); then `modules` and `now` are theirs. */
  services?: Services;
  /** Set while the server listens but still prepares its data (platform/startup.ts). */
  startup?: StartupState;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Routes a user who must change the initial password may still call. */
const ALLOWED_BEFORE_CHANGE = new Set([
  '/api/health',
  '/api/me',
  '/api/auth/password',
  '/api/auth/logout',
  '/api/auth/logout-all',
]);

/**
 * The routes anyone may call without a session (GET only): the 公示 pages (行政处罚法 art 39).
 * A module's public routes live under this prefix and nowhere else; permissions.test.ts checks
 * that every route under it answers without a session and that no other route does.
 */
export const PUBLIC_PREFIX = '/api/public/';
const isPublicRoute = (route: string) => route.startsWith(PUBLIC_PREFIX);

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config, database } = opts;
  const app = Fastify({
    logger:
      opts.logger === false ? false : { level: config.logLevel, ...(opts.logStream ? { stream: opts.logStream } : {}) },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const services =
    opts.services ?? buildServices(config, database, opts.modules ?? MODULES, opts.now ?? (() => new Date()));
  const { settings } = services;
  app.decorate('services', services);
  // Every route, so tests can check that the permission table covers all of them.
  const routes: { method: string; url: string }[] = [];
  app.decorate('routeList', routes);
  app.addHook('onRoute', (r) => {
    for (const m of ([] as string[]).concat(r.method)) if (m !== 'HEAD') routes.push({ method: m, url: r.url });
  });
  app.decorateRequest('auth', null);

  app.setErrorHandler(async (error, request, reply) => {
    const { status, body, internal } = toErrorReply(error, request);
    if (internal) request.log.error({ err: error }, 'unhandled error');
    // Denials and failed writes are audited too (GB/T 22239 8.1.4.3: every user, every important event).
    if (request.url.startsWith('/api/') && (status === 403 || (UNSAFE.has(request.method) && request.auth))) {
      const outcome = status === 403 ? 'denied' : 'failure';
      try {
        await appendAudit(database.db, {
          chainId: request.auth?.chainId ?? 0,
          at: services.now(),
          actorId: request.auth?.userId ?? null,
          actorName: request.auth?.displayName ?? null,
          unitId: request.auth?.primaryUnit?.id ?? null,
          unitName: request.auth?.primaryUnit?.name ?? null,
          ip: request.ip,
          action: status === 403 ? 'permission.denied' : 'api.write',
          target: `${request.method} ${request.routeOptions.url ?? request.url}`,
          outcome,
          details: { code: body.error.code, status },
        });
      } catch (e) {
        request.log.error({ err: e }, 'audit append failed');
      }
    }
    return reply.status(status).type('application/json; charset=utf-8').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: '接口不存在' } });
    }
    const index = path.join(config.webDist, 'index.html');
    // Client-side routes get the app; a missing file (an old hashed asset) gets a plain 404.
    const isFile = /\.[a-z0-9]+$/i.test(request.url.split('?')[0]!);
    if (request.method === 'GET' && !isFile && fs.existsSync(index))
      return reply.type('text/html').sendFile('index.html');
    return reply
      .status(404)
      .type('text/plain; charset=utf-8')
      .send('页面不存在；若是首次运行，请先执行 npm run build -w web');
  });

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT_MB * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd's CSS-in-JS injects <style> tags at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.secureCookies,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('RATE_LIMITED', `请求过于频繁，请 ${Math.ceil(ctx.ttl / 1000)} 秒后再试`),
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Fazhi 法治 API', version: '0.1.0', description: '乡镇法治政府建设综合管理平台接口' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list' } });

  // Authentication, CSRF and the forced password change, for every /api route.
  const { startup } = opts;
  if (startup) {
    // Before the session check: the database is busy being written and nobody may sign in yet.
    app.addHook('onRequest', async (request) => {
      const progress = startup.progress;
      if (!progress || !request.url.startsWith('/api/') || request.url.split('?')[0] === '/api/health') return;
      throw new AppError('STARTING', `系统正在首次启动，生成演示数据（${progress.percent}%），请稍候再试`, {
        details: { ...progress },
      });
    });
  }
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      request.auth = await services.auth.authenticate(token, services.now(), await settings.demo());
    }
    if (request.auth && UNSAFE.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== request.auth.csrfToken) {
        throw new AppError('FORBIDDEN', '请求校验失败（CSRF），请刷新页面后重试');
      }
    }
    const route = request.url.split('?')[0]!;
    // The public 公示 pages answer everyone alike, a signed-in user who must change the password too.
    if (request.auth?.mustChangePassword && !ALLOWED_BEFORE_CHANGE.has(route) && !isPublicRoute(route)) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', '首次登录或密码已被重置，请先修改密码');
    }
  });
  // A request that may have written users, roles or sessions has committed by the time its
  // answer is sent: the sessions cached by the auth service are read again (platform/auth.ts).
  app.addHook('onSend', async (request, _reply, payload) => {
    if (UNSAFE.has(request.method)) services.auth.invalidateSessions();
    return payload;
  });
  // Issue 11: /api/docs needs a session once demo mode is off; no /api response is cached.
  guardApiDocs(app, settings);
  noStoreApi(app);

  // NUL, lone surrogates and the other characters XML 1.0 forbids: 400 before any schema or handler.
  app.addHook('preValidation', refuseForbiddenChars);

  app.get(
    '/api/health',
    { schema: { tags: ['系统'], summary: '健康检查', response: { 200: HealthSchema } } },
    async () => ({
      status: 'ok',
      db: database.kind,
      version: '0.1.0',
      starting: startup?.progress ?? null,
    }),
  );

  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(userRoutes);
  await app.register(settingsRoutes);
  await app.register(auditRoutes);
  await app.register(calendarRoutes);
  await app.register(caseRoutes);
  await app.register(caseLinkRoutes);
  await app.register(caseChallengeRoutes);
  await app.register(factRoutes);
  await app.register(reportRoutes);
  for (const m of services.modules.modules) {
    const { routes } = m;
    if (routes) await app.register(async (scope) => routes.call(m, scope, services.own.get(m.key)));
  }

  if (fs.existsSync(config.webDist)) await serveWebDist(app, config.webDist);
  return app;
}
