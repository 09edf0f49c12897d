import { AppError, ChangePasswordBodySchema, LoginBodySchema, type Me, MeSchema, menuFor } from '@fazhi/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { typeAccessOf } from '../cases/access.ts';
import { auditorOf, metaOf } from '../http/context.ts';
import { CSRF_COOKIE, csrfCookieOptions, SESSION_COOKIE, sessionCookieOptions } from '../http/cookies.ts';
import { describeAssignments, requireAuth } from '../platform/context.ts';

export async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;

  async function me(request: FastifyRequest): Promise<Me> {
    const a = requireAuth(request.auth);
    const sec = await services.settings.security();
    return {
      id: a.userId,
      username: a.username,
      displayName: a.displayName,
      mustChangePassword: a.mustChangePassword,
      demo: await services.settings.demo(),
      roles: describeAssignments(a.assignments),
      permissions: a.permissions,
      // Per permission and per the case types' own access: 执法队 sees no 信访 entry.
      menu: a.mustChangePassword
        ? []
        : menuFor(
            a.permissions,
            services.modules.menu,
            typeAccessOf(a, services.registry),
            a.assignments.map((r) => r.role),
          ),
      csrfToken: a.csrfToken,
      idleTimeoutMinutes: sec.idleTimeoutMinutes,
      // The configured policy, so the change-password forms check what the server will check.
      passwordPolicy: {
        minLength: sec.passwordMinLength,
        minClasses: sec.passwordMinClasses,
        historyCount: sec.passwordHistory,
        maxLength: 128,
      },
    };
  }

  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['认证'], summary: '登录', body: LoginBodySchema, response: { 200: MeSchema } },
      config: { rateLimit: { max: services.config.loginRatePerMinute, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const now = services.now();
      const result = await services.auth.login(request.body.username, request.body.password, metaOf(request), now);
      const maxAge = Math.floor((result.expiresAt.getTime() - now.getTime()) / 1000);
      reply.setCookie(SESSION_COOKIE, result.token, sessionCookieOptions(services.config, maxAge));
      reply.setCookie(CSRF_COOKIE, result.csrfToken, csrfCookieOptions(services.config, maxAge));
      request.auth = await services.auth.authenticate(result.token, now, await services.settings.demo());
      return me(request);
    },
  );

  app.get(
    '/api/me',
    { schema: { tags: ['认证'], summary: '当前用户、角色、权限与菜单', response: { 200: MeSchema } } },
    async (request) => me(request),
  );

  async function endCurrent(request: FastifyRequest, reply: FastifyReply, all: boolean) {
    const a = requireAuth(request.auth);
    const now = services.now();
    await services.auth.logout(a, all, now, auditorOf(request, now));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send();
  }

  app.post('/api/auth/logout', { schema: { tags: ['认证'], summary: '退出登录' } }, (req, reply) =>
    endCurrent(req, reply, false),
  );
  app.post('/api/auth/logout-all', { schema: { tags: ['认证'], summary: '退出我的全部会话' } }, (req, reply) =>
    endCurrent(req, reply, true),
  );

  app.post(
    '/api/auth/password',
    { schema: { tags: ['认证'], summary: '修改本人密码', body: ChangePasswordBodySchema } },
    async (request, reply) => {
      const a = requireAuth(request.auth);
      if (!a) throw new AppError('UNAUTHENTICATED', '请先登录');
      await services.auth.changeOwnPassword(
        a,
        request.body.currentPassword,
        request.body.newPassword,
        metaOf(request),
        services.now(),
      );
      return reply.status(204).send();
    },
  );
}
