/**
 * The organisation tree (/api/org-units). Readers see the union of their org:read and
 * org:manage scopes; writers only the latter. The rules are the OrgService's
 * (../platform/org/service.ts).
 */
import {
  type DataScope,
  OrgUnitCreateSchema,
  OrgUnitDetailSchema,
  OrgUnitIdParamsSchema,
  OrgUnitListQuerySchema,
  OrgUnitListSchema,
  OrgUnitSchema,
  OrgUnitUpdateSchema,
  roleDef,
  unionScope,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditorOf as auditor } from '../http/context.ts';
import { type AuthContext, requireAuth, requirePermission } from '../platform/context.ts';
import type { OrgAccess } from '../platform/org/service.ts';

/** Readers see the union of their org:read and org:manage scopes. */
function readScope(ctx: AuthContext | null): DataScope {
  const auth = requireAuth(ctx);
  if (!auth.permissions.includes('org:read') && !auth.permissions.includes('org:manage')) {
    requirePermission(ctx, 'org:read');
  }
  return unionScope(
    auth.assignments.filter((a) => {
      const p = roleDef(a.role)?.permissions ?? [];
      return p.includes('org:read') || p.includes('org:manage');
    }),
  );
}

function reader(request: FastifyRequest): OrgAccess {
  const auth = requireAuth(request.auth);
  return { userId: auth.userId, scope: readScope(request.auth) };
}

function writer(request: FastifyRequest): OrgAccess {
  const auth = requireAuth(request.auth);
  return { userId: auth.userId, scope: requirePermission(request.auth, 'org:manage') };
}

export async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const org = services.org;
  const params = OrgUnitIdParamsSchema;

  app.get(
    '/api/org-units',
    {
      schema: {
        tags: ['组织机构'],
        summary: '下级单位（懒加载）',
        querystring: OrgUnitListQuerySchema,
        response: { 200: OrgUnitListSchema },
      },
    },
    async (request) => org.children(reader(request), request.query.parentId),
  );

  app.get(
    '/api/org-units/:id',
    { schema: { tags: ['组织机构'], summary: '单位详情', params, response: { 200: OrgUnitDetailSchema } } },
    async (request) => org.detail(reader(request), request.params.id),
  );

  app.post(
    '/api/org-units',
    {
      schema: {
        tags: ['组织机构'],
        summary: '新增下级单位',
        body: OrgUnitCreateSchema,
        response: { 201: OrgUnitSchema },
      },
    },
    async (request, reply) => {
      const a = writer(request);
      return reply.status(201).send(await org.create(a, request.body, auditor(request, services.now())));
    },
  );

  app.patch(
    '/api/org-units/:id',
    {
      schema: {
        tags: ['组织机构'],
        summary: '修改单位',
        params,
        body: OrgUnitUpdateSchema,
        response: { 200: OrgUnitSchema },
      },
    },
    async (request) => {
      const a = writer(request);
      const now = services.now();
      return org.update(a, request.params.id, request.body, now, auditor(request, now));
    },
  );

  app.delete(
    '/api/org-units/:id',
    { schema: { tags: ['组织机构'], summary: '删除单位', params } },
    async (request, reply) => {
      const a = writer(request);
      await org.delete(a, request.params.id, auditor(request, services.now()));
      return reply.status(204).send();
    },
  );
}
