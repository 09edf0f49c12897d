/**
 * User management by the 系统管理员, within the data scope of their user:manage role.
 * A user is in scope when one of their role assignments, or their home town, is.
 * Assignments outside the admin's scope are never shown as editable and never touched.
 */
import {
  AppError,
  checkRoleSeparation,
  type DataScope,
  INT4_MAX,
  inScope,
  int4Id,
  RoleKeySchema,
  roleDef,
  SCOPE_LABELS,
  ScopeSchema,
  validatePhone,
  versionSchema,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { auditOf } from '../http/context.ts';
import { appendAudit } from '../platform/audit.ts';
import { setPassword } from '../platform/auth.ts';
import { type AuthContext, requireAuth, requirePermission, scopeFilter } from '../platform/context.ts';

const IdParams = z.strictObject({ id: z.coerce.number().int().positive().max(2_147_483_647).describe('用户编号') });
const ListQuery = z.strictObject({
  q: z.string().trim().max(50).optional().describe('关键词'),
  unitId: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('单位'),
  cursor: z.coerce.number().int().min(0).max(INT4_MAX).optional().describe('分页游标'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数'),
});
const RoleInput = z.strictObject({
  role: RoleKeySchema.describe('角色'),
  unitId: int4Id().describe('任职单位'),
  scope: ScopeSchema.optional().describe('数据范围'),
});
const PhoneField = z.string().trim().max(20).nullable().optional().describe('联系电话');
const CreateBody = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9_.-]{2,32}$/, '应为 2–32 位小写字母、数字、下划线、点或连字符')
    .describe('用户名'),
  displayName: z.string().trim().min(1, '不能为空').max(50, '不能超过 50 个字').describe('姓名'),
  phone: PhoneField,
  initialPassword: z.string().min(1, '不能为空').max(128).describe('初始密码'),
  roles: z.array(RoleInput).min(1, '至少分配一个角色').max(20).describe('角色'),
});
const UpdateBody = z.strictObject({
  displayName: z.string().trim().min(1, '不能为空').max(50, '不能超过 50 个字').optional().describe('姓名'),
  phone: PhoneField,
  disabled: z.boolean().optional().describe('停用'),
  roles: z.array(RoleInput).max(20).optional().describe('角色'),
  version: versionSchema(),
});
const ResetBody = z.strictObject({ password: z.string().min(1, '不能为空').max(128).describe('新密码') });

type RoleIn = z.infer<typeof RoleInput>;

function userScope(ctx: AuthContext | null): { auth: AuthContext; scope: DataScope } {
  const scope = requirePermission(ctx, 'user:manage');
  return { auth: requireAuth(ctx), scope };
}

async function unitsById(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) return new Map<number, { id: number; path: string; name: string; town_id: number | null }>();
  const rows = await db
    .selectFrom('org_units')
    .select(['id', 'path', 'name', 'town_id'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

async function presentUsers(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) return [];
  const [users, roles] = await Promise.all([
    db.selectFrom('users').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('user_roles as r')
      .innerJoin('org_units as u', 'u.id', 'r.unit_id')
      .select(['r.user_id', 'r.role', 'r.unit_id', 'r.scope', 'u.name as unit_name'])
      .where('r.user_id', 'in', ids)
      .orderBy('r.id')
      .execute(),
  ]);
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    phone: u.phone,
    disabled: u.disabled,
    lockedUntil: u.locked_until ? u.locked_until.toISOString() : null,
    mustChangePassword: u.must_change_password,
    lastLoginAt: u.last_login_at ? u.last_login_at.toISOString() : null,
    createdAt: u.created_at.toISOString(),
    version: u.version,
    roles: roles
      .filter((r) => r.user_id === u.id)
      .map((r) => ({
        role: r.role,
        roleLabel: roleDef(r.role)?.label ?? r.role,
        unitId: r.unit_id,
        unitName: r.unit_name,
        scope: r.scope,
        scopeLabel: SCOPE_LABELS[r.scope],
      })),
  }));
}

/** The user, if any of their assignments or their home town lies in the admin's scope; else 404. */
async function loadUserInScope(db: Kysely<DB>, auth: AuthContext, scope: DataScope, id: number) {
  const row = await db
    .selectFrom('users as usr')
    .selectAll('usr')
    .where('usr.id', '=', id)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('user_roles as r')
            .innerJoin('org_units as u', 'u.id', 'r.unit_id')
            .select('r.id')
            .whereRef('r.user_id', '=', 'usr.id')
            .where((e2) => scopeFilter(e2, scope, { unitId: e2.ref('u.id'), unitPath: e2.ref('u.path') }, auth.userId)),
        ),
        eb.exists(
          eb
            .selectFrom('org_units as t')
            .select('t.id')
            .whereRef('t.id', '=', 'usr.town_id')
            .where((e2) => scopeFilter(e2, scope, { unitId: e2.ref('t.id'), unitPath: e2.ref('t.path') }, auth.userId)),
        ),
      ]),
    )
    .executeTakeFirst();
  if (!row) throw AppError.notFound('用户');
  return row;
}

/** Validates requested assignments: known units inside the admin's scope, 三员 separation. */
async function resolveRoles(db: Kysely<DB>, auth: AuthContext, scope: DataScope, roles: RoleIn[], field = 'roles') {
  const units = await unitsById(
    db,
    roles.map((r) => r.unitId),
  );
  const seen = new Set<string>();
  return roles.map((r, i) => {
    const unit = units.get(r.unitId);
    if (!unit || !inScope(scope, { unitId: unit.id, unitPath: unit.path }, auth.userId)) {
      throw AppError.validation([
        { path: `${field}.${i}.unitId`, message: `第 ${i + 1} 个角色的任职单位不存在或不在您的管理范围内` },
      ]);
    }
    const key = `${r.role}@${r.unitId}`;
    if (seen.has(key))
      throw AppError.validation([{ path: `${field}.${i}`, message: `第 ${i + 1} 个角色与前面的重复` }]);
    seen.add(key);
    return { role: r.role, unitId: unit.id, townId: unit.town_id, scope: r.scope ?? roleDef(r.role)!.defaultScope };
  });
}

export async function userRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { services } = fastify;
  const db = () => services.database.db;

  app.get('/api/roles', { schema: { tags: ['用户'], summary: '角色定义' } }, async (request) => {
    requireAuth(request.auth);
    const { ROLES } = await import('@fazhi/domain');
    return ROLES.map((r) => ({ ...r, permissions: [...r.permissions] }));
  });

  app.get(
    '/api/users',
    { schema: { tags: ['用户'], summary: '用户列表', querystring: ListQuery } },
    async (request) => {
      const { auth, scope } = userScope(request.auth);
      const { q, unitId, cursor, limit } = request.query;
      let query = db()
        .selectFrom('users as usr')
        .select('usr.id')
        .where((eb) =>
          eb.or([
            eb.exists(
              eb
                .selectFrom('user_roles as r')
                .innerJoin('org_units as u', 'u.id', 'r.unit_id')
                .select('r.id')
                .whereRef('r.user_id', '=', 'usr.id')
                .where((e2) =>
                  scopeFilter(e2, scope, { unitId: e2.ref('u.id'), unitPath: e2.ref('u.path') }, auth.userId),
                ),
            ),
            eb.exists(
              eb
                .selectFrom('org_units as t')
                .select('t.id')
                .whereRef('t.id', '=', 'usr.town_id')
                .where((e2) =>
                  scopeFilter(e2, scope, { unitId: e2.ref('t.id'), unitPath: e2.ref('t.path') }, auth.userId),
                ),
            ),
          ]),
        );
      if (q) {
        const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) => eb.or([eb('usr.username', 'like', like), eb('usr.display_name', 'like', like)]));
      }
      if (unitId) {
        query = query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('user_roles as r2')
              .select('r2.id')
              .whereRef('r2.user_id', '=', 'usr.id')
              .where('r2.unit_id', '=', unitId),
          ),
        );
      }
      if (cursor) query = query.where('usr.id', '>', cursor);
      const ids = (
        await query
          .orderBy('usr.id')
          .limit(limit + 1)
          .execute()
      ).map((r) => r.id);
      const page = ids.slice(0, limit);
      return { items: await presentUsers(db(), page), nextCursor: ids.length > limit ? String(page.at(-1)) : null };
    },
  );

  app.get('/api/users/:id', { schema: { tags: ['用户'], summary: '用户详情', params: IdParams } }, async (request) => {
    const { auth, scope } = userScope(request.auth);
    const u = await loadUserInScope(db(), auth, scope, request.params.id);
    return (await presentUsers(db(), [u.id]))[0];
  });

  app.post(
    '/api/users',
    { schema: { tags: ['用户'], summary: '新建用户', body: CreateBody } },
    async (request, reply) => {
      const { auth, scope } = userScope(request.auth);
      const body = request.body;
      const phone = checkPhone(body.phone);
      const roles = await resolveRoles(db(), auth, scope, body.roles);
      const sep = checkRoleSeparation(roles.map((r) => r.role));
      if (sep) throw AppError.validation([{ path: 'roles', message: sep }]);
      const sec = await services.settings.security();
      const now = services.now();
      const hash = await services.auth.preparePassword(
        db(),
        null,
        body.username,
        body.initialPassword,
        sec,
        'initialPassword',
      );
      const id = await db()
        .transaction()
        .execute(async (trx) => {
          const dup = await trx
            .selectFrom('users')
            .select('id')
            .where('username', '=', body.username)
            .executeTakeFirst();
          if (dup)
            throw new AppError('CONFLICT', `用户名「${body.username}」已被使用`, {
              fields: [{ path: 'username', message: '用户名已被使用' }],
            });
          const user = await trx
            .insertInto('users')
            .values({
              username: body.username,
              display_name: body.displayName,
              phone,
              password_hash: hash,
              password_changed_at: now,
              must_change_password: true,
              town_id: roles.find((r) => r.townId)?.townId ?? null,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('password_history')
            .values({ user_id: user.id, password_hash: hash, created_at: now })
            .execute();
          await trx
            .insertInto('user_roles')
            .values(
              roles.map((r) => ({
                user_id: user.id,
                role: r.role,
                unit_id: r.unitId,
                town_id: r.townId,
                scope: r.scope,
              })),
            )
            .execute();
          await appendAudit(
            trx,
            auditOf(request, now, 'user.create', `user:${user.id}`, 'success', {
              username: body.username,
              roles: roles.map((r) => `${r.role}@${r.unitId}:${r.scope}`),
            }),
          );
          return user.id;
        });
      return reply.status(201).send((await presentUsers(db(), [id]))[0]);
    },
  );

  app.patch(
    '/api/users/:id',
    { schema: { tags: ['用户'], summary: '修改用户', params: IdParams, body: UpdateBody } },
    async (request) => {
      const { auth, scope } = userScope(request.auth);
      const user = await loadUserInScope(db(), auth, scope, request.params.id);
      const body = request.body;
      const phone = body.phone === undefined ? user.phone : checkPhone(body.phone);
      if (body.disabled === true && user.id === auth.userId) {
        throw AppError.validation([{ path: 'disabled', message: '不能停用自己的账户' }]);
      }
      const now = services.now();
      await db()
        .transaction()
        .execute(async (trx) => {
          let roleChange: string[] | undefined;
          if (body.roles) {
            const wanted = await resolveRoles(trx, auth, scope, body.roles);
            const current = await trx
              .selectFrom('user_roles as r')
              .innerJoin('org_units as u', 'u.id', 'r.unit_id')
              .select(['r.id', 'r.role', 'r.unit_id', 'u.path'])
              .where('r.user_id', '=', user.id)
              .execute();
            // Assignments outside the admin's scope stay as they are.
            const kept = current.filter((c) => !inScope(scope, { unitId: c.unit_id, unitPath: c.path }, auth.userId));
            const all = [...kept.map((k) => k.role), ...wanted.map((w) => w.role)];
            if (all.length === 0) throw AppError.validation([{ path: 'roles', message: '至少分配一个角色' }]);
            const sep = checkRoleSeparation(all);
            if (sep) throw AppError.validation([{ path: 'roles', message: sep }]);
            if (
              user.id === auth.userId &&
              !wanted.some((w) => w.role === 'sysadmin') &&
              !kept.some((k) => k.role === 'sysadmin')
            ) {
              throw AppError.validation([{ path: 'roles', message: '不能移除自己的系统管理员角色' }]);
            }
            const removable = current.filter((c) => !kept.includes(c)).map((c) => c.id);
            if (removable.length) await trx.deleteFrom('user_roles').where('id', 'in', removable).execute();
            await trx
              .insertInto('user_roles')
              .values(
                wanted.map((r) => ({
                  user_id: user.id,
                  role: r.role,
                  unit_id: r.unitId,
                  town_id: r.townId,
                  scope: r.scope,
                })),
              )
              .execute();
            roleChange = wanted.map((r) => `${r.role}@${r.unitId}:${r.scope}`);
          }
          const r = await trx
            .updateTable('users')
            .set({
              display_name: body.displayName ?? user.display_name,
              phone,
              disabled: body.disabled ?? user.disabled,
              version: user.version + 1,
              updated_at: now,
            })
            .where('id', '=', user.id)
            .where('version', '=', body.version)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) {
            throw new AppError('VERSION_CONFLICT', '该用户已被他人修改，请刷新后再试', {
              details: { currentVersion: user.version },
            });
          }
          if (body.disabled === true && !user.disabled)
            await services.auth.endUserSessions(trx, user.id, 'disabled', now);
          await appendAudit(
            trx,
            auditOf(request, now, 'user.update', `user:${user.id}`, 'success', {
              displayName: body.displayName,
              disabled: body.disabled,
              roles: roleChange,
            }),
          );
        });
      return (await presentUsers(db(), [user.id]))[0];
    },
  );

  async function adminAction(
    request: FastifyRequest,
    id: number,
    action: string,
    fn: (trx: Kysely<DB>, user: { id: number; username: string }, now: Date) => Promise<void>,
  ) {
    const { auth, scope } = userScope(request.auth);
    const user = await loadUserInScope(db(), auth, scope, id);
    const now = services.now();
    await db()
      .transaction()
      .execute(async (trx) => {
        await fn(trx, user, now);
        await appendAudit(
          trx,
          auditOf(request, now, action, `user:${user.id}`, 'success', { username: user.username }),
        );
      });
  }

  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags: ['用户'], summary: '重置密码（下次登录须修改）', params: IdParams, body: ResetBody } },
    async (request, reply) => {
      const { auth, scope } = userScope(request.auth);
      const target = await loadUserInScope(db(), auth, scope, request.params.id);
      const sec = await services.settings.security();
      const hash = await services.auth.preparePassword(
        db(),
        target.id,
        target.username,
        request.body.password,
        sec,
        'password',
      );
      await adminAction(request, request.params.id, 'user.reset_password', async (trx, user, now) => {
        await setPassword(trx, user.id, hash, true, now);
        await services.auth.endUserSessions(trx, user.id, 'password_reset', now);
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/users/:id/end-sessions',
    { schema: { tags: ['用户'], summary: '强制下线', params: IdParams } },
    async (request, reply) => {
      await adminAction(request, request.params.id, 'user.end_sessions', async (trx, user, now) => {
        await services.auth.endUserSessions(trx, user.id, 'ended_by_admin', now);
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/users/:id/unlock',
    { schema: { tags: ['用户'], summary: '解除锁定', params: IdParams } },
    async (request, reply) => {
      await adminAction(request, request.params.id, 'user.unlock', async (trx, user) => {
        await trx
          .updateTable('users')
          .set({ locked_until: null, failed_attempts: 0 })
          .where('id', '=', user.id)
          .execute();
      });
      return reply.status(204).send();
    },
  );
}

function checkPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const v = validatePhone(phone);
  if (!v.ok) throw AppError.validation([{ path: 'phone', message: `联系电话：${v.message}` }]);
  return v.value;
}
