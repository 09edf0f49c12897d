/**
 * User management (/api/users, by the 系统管理员 within its user:manage scope) and the
 * accounts of the three admin roles (/api/security/admins, by the 安全管理员 within its
 * security:manage scope). The rules — scope, 三员 separation, what an administrator may
 * grant — are the UserService's (../platform/users/service.ts).
 */
import {
  AdminDisableBodySchema,
  AdminListSchema,
  ResetPasswordBodySchema,
  ROLES,
  RoleListSchema,
  UserCreateSchema,
  UserIdParamsSchema,
  UserListQuerySchema,
  UserPageSchema,
  UserSchema,
  UserUpdateSchema,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditorOf as auditor } from '../http/context.ts';
import { requireAuth, requirePermission } from '../platform/context.ts';
import type { UserAccess } from '../platform/users/service.ts';

/** The signed-in user and the data scope of the permission it needs here. */
function access(request: FastifyRequest, permission: 'user:manage' | 'security:manage'): UserAccess {
  const scope = requirePermission(request.auth, permission);
  return { auth: requireAuth(request.auth), scope };
}

export async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const users = services.users;
  const params = UserIdParamsSchema;

  app.get(
    '/api/roles',
    { schema: { tags: ['用户'], summary: '角色定义', response: { 200: RoleListSchema } } },
    async (request) => {
      requireAuth(request.auth);
      return ROLES.map((r) => ({ ...r, permissions: [...r.permissions] }));
    },
  );

  app.get(
    '/api/users',
    {
      schema: {
        tags: ['用户'],
        summary: '用户列表',
        querystring: UserListQuerySchema,
        response: { 200: UserPageSchema },
      },
    },
    async (request) => users.list(access(request, 'user:manage'), request.query),
  );

  app.get(
    '/api/users/:id',
    { schema: { tags: ['用户'], summary: '用户详情', params, response: { 200: UserSchema } } },
    async (request) => users.get(access(request, 'user:manage'), request.params.id),
  );

  app.post(
    '/api/users',
    { schema: { tags: ['用户'], summary: '新建用户', body: UserCreateSchema, response: { 201: UserSchema } } },
    async (request, reply) => {
      const a = access(request, 'user:manage');
      const now = services.now();
      return reply.status(201).send(await users.create(a, request.body, now, auditor(request, now)));
    },
  );

  app.patch(
    '/api/users/:id',
    { schema: { tags: ['用户'], summary: '修改用户', params, body: UserUpdateSchema, response: { 200: UserSchema } } },
    async (request) => {
      const a = access(request, 'user:manage');
      const now = services.now();
      return users.update(a, request.params.id, request.body, now, auditor(request, now));
    },
  );

  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags: ['用户'], summary: '重置密码（下次登录须修改）', params, body: ResetPasswordBodySchema } },
    async (request, reply) => {
      const a = access(request, 'user:manage');
      const now = services.now();
      await users.resetPassword(a, request.params.id, request.body.password, now, auditor(request, now));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/users/:id/end-sessions',
    { schema: { tags: ['用户'], summary: '强制下线', params } },
    async (request, reply) => {
      const a = access(request, 'user:manage');
      const now = services.now();
      await users.endSessions(a, request.params.id, now, auditor(request, now));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/users/:id/unlock',
    { schema: { tags: ['用户'], summary: '解除锁定', params } },
    async (request, reply) => {
      const a = access(request, 'user:manage');
      await users.unlock(a, request.params.id, auditor(request, services.now()));
      return reply.status(204).send();
    },
  );

  // ---- 安全管理员: the accounts of the three admin roles (三员分立) ----

  app.get(
    '/api/security/admins',
    { schema: { tags: ['安全管理'], summary: '管理员账户（三员）', response: { 200: AdminListSchema } } },
    async (request) => users.listAdmins(access(request, 'security:manage')),
  );

  app.patch(
    '/api/security/admins/:id',
    {
      schema: {
        tags: ['安全管理'],
        summary: '停用或启用管理员账户',
        params,
        body: AdminDisableBodySchema,
        response: { 200: UserSchema },
      },
    },
    async (request) => {
      const a = access(request, 'security:manage');
      const now = services.now();
      return users.setAdminDisabled(a, request.params.id, request.body, now, auditor(request, now));
    },
  );

  app.post(
    '/api/security/admins/:id/reset-password',
    {
      schema: {
        tags: ['安全管理'],
        summary: '重置管理员密码（下次登录须修改）',
        params,
        body: ResetPasswordBodySchema,
      },
    },
    async (request, reply) => {
      const a = access(request, 'security:manage');
      const now = services.now();
      await users.resetAdminPassword(a, request.params.id, request.body.password, now, auditor(request, now));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/security/admins/:id/end-sessions',
    { schema: { tags: ['安全管理'], summary: '管理员强制下线', params } },
    async (request, reply) => {
      const a = access(request, 'security:manage');
      const now = services.now();
      await users.endAdminSessions(a, request.params.id, now, auditor(request, now));
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/security/admins/:id/unlock',
    { schema: { tags: ['安全管理'], summary: '解除管理员锁定', params } },
    async (request, reply) => {
      const a = access(request, 'security:manage');
      await users.unlockAdmin(a, request.params.id, auditor(request, services.now()));
      return reply.status(204).send();
    },
  );
}
