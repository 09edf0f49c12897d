/**
 * User management by the 系统管理员, within the data scope of their user:manage role.
 * A user is in scope when one of their role assignments, or their home town, is.
 * Assignments outside the admin's scope are never shown as editable and never touched.
 *
 * An administrator never grants more than it holds: business roles only, in units of its
 * subtree, with a data scope reaching no further than its own. Holders of the three
 * admin roles (三员) are out of the 系统管理员's reach — their password, lock, sessions and
 * enabled state belong to the 安全管理员 (routes under /api/security/admins), the
 * 安全管理员's own to a higher-level 安全管理员 or the CLI (`fazhi user reset-password`);
 * admin roles are granted only through the CLI.
 */
import {
  AppError,
  checkRoleSeparation,
  type DataScope,
  INT4_MAX,
  inScope,
  int4Id,
  isAdminRole,
  RoleKeySchema,
  roleDef,
  SCOPE_LABELS,
  type Scope,
  ScopeSchema,
  unionScope,
  validatePhone,
  versionSchema,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type Kysely, sql } from 'kysely';
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
  type UnitInfo = {
    id: number;
    path: string;
    name: string;
    town_id: number | null;
    town_path: string | null;
    county_path: string | null;
  };
  if (ids.length === 0) return new Map<number, UnitInfo>();
  const rows = await db
    .selectFrom('org_units as u')
    .leftJoin('org_units as t', 't.id', 'u.town_id')
    .select([
      'u.id',
      'u.path',
      'u.name',
      'u.town_id',
      't.path as town_path',
      (eb) =>
        eb
          .selectFrom('org_units as c')
          .select('c.path')
          .where('c.kind', '=', 'county')
          .where(sql<boolean>`${eb.ref('u.path')} like c.path || '%'`)
          .orderBy('c.depth', 'desc')
          .limit(1)
          .as('county_path'),
    ])
    .where('u.id', 'in', ids)
    .execute();
  return new Map<number, UnitInfo>(rows.map((r) => [r.id, r]));
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
    return {
      role: r.role,
      unitId: unit.id,
      unitPath: unit.path,
      townPath: unit.town_path,
      countyPath: unit.county_path,
      townId: unit.town_id,
      scope: (r.scope ?? roleDef(r.role)!.defaultScope) as Scope,
    };
  });
}

type Resolved = Awaited<ReturnType<typeof resolveRoles>>[number];

function forbiddenField(path: string, message: string): AppError {
  return new AppError('FORBIDDEN', message, { fields: [{ path, message }] });
}

/**
 * An administrator grants only what it holds: no admin role (三员 are set by the CLI),
 * and a data scope whose reach — the unit, its subtree, its town or its county — lies
 * inside the administrator's own user:manage scope. A town's 系统管理员 therefore
 * cannot grant 全县, nor 全镇 on a unit of another town.
 */
function checkGrants(auth: AuthContext, scope: DataScope, roles: Resolved[], field = 'roles') {
  roles.forEach((r, i) => {
    const label = roleDef(r.role)?.label ?? r.role;
    if (isAdminRole(r.role)) {
      throw forbiddenField(
        `${field}.${i}.role`,
        `角色：第 ${i + 1} 个角色「${label}」是管理员角色（三员），不能在此授予，须由运维人员通过命令行设置`,
      );
    }
    const reach = unionScope([r]);
    const within =
      reach.prefixes.every((p) => scope.prefixes.some((k) => p.startsWith(k))) &&
      reach.unitIds.every((id) => inScope(scope, { unitId: id, unitPath: r.unitPath }, auth.userId));
    if (!within) {
      throw forbiddenField(
        `${field}.${i}.scope`,
        `数据范围：第 ${i + 1} 个角色「${label}」的数据范围「${SCOPE_LABELS[r.scope]}」超出您本人的管理范围，不能授予`,
      );
    }
  });
}

/** The admin roles (三员) a user holds, with the paths of their units. */
async function adminRolesOf(db: Kysely<DB>, userId: number) {
  const rows = await db
    .selectFrom('user_roles as r')
    .innerJoin('org_units as u', 'u.id', 'r.unit_id')
    .select(['r.role', 'u.path'])
    .where('r.user_id', '=', userId)
    .execute();
  return rows.filter((r) => isAdminRole(r.role));
}

/** 403 when the 系统管理员 reaches for a holder of an admin role (三员分立). */
async function refuseAdminTarget(db: Kysely<DB>, user: { id: number; display_name: string }, what: string) {
  const admin = await adminRolesOf(db, user.id);
  if (admin.length === 0) return;
  const label = roleDef(admin[0]!.role)?.label ?? admin[0]!.role;
  const by = admin.some((a) => a.role === 'secadmin') ? '上级安全管理员或命令行' : '安全管理员';
  throw new AppError('FORBIDDEN', `「${user.display_name}」担任${label}（三员），其${what}只能由${by}办理`);
}

const ADMIN_ACTS: Record<string, string> = {
  'user.reset_password': '密码',
  'user.end_sessions': '会话',
  'user.unlock': '锁定',
};

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
      checkGrants(auth, scope, roles);
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
      if (user.id === auth.userId) {
        // An administrator edits its own name and phone, never its own roles.
        if (body.roles) throw forbiddenField('roles', '角色：不能修改自己的角色，须由运维人员通过命令行设置');
      } else {
        await refuseAdminTarget(db(), user, '账户信息、角色和停用');
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
            checkGrants(auth, scope, wanted);
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
    await refuseAdminTarget(db(), user, ADMIN_ACTS[action] ?? '账户');
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
      await refuseAdminTarget(db(), target, '密码');
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

  // ---- 安全管理员: the accounts of the three admin roles (三员分立) ----

  const DisableBody = z.strictObject({
    disabled: z.boolean().describe('停用'),
    version: z.number().int().positive().describe('版本号'),
  });

  /**
   * An admin-role holder the 安全管理员 may act on: in the scope of its security:manage
   * role (else 404), not itself, holding an admin role (business users are the
   * 系统管理员's), and — for another 安全管理员 — only from a unit above theirs.
   */
  async function loadAdminTarget(request: FastifyRequest, id: number) {
    const scope = requirePermission(request.auth, 'security:manage');
    const auth = requireAuth(request.auth);
    const user = await loadUserInScope(db(), auth, scope, id);
    if (user.id === auth.userId) {
      throw AppError.forbidden('不能对自己的账户执行此操作；修改本人密码请使用“修改密码”');
    }
    const admin = await adminRolesOf(db(), user.id);
    if (admin.length === 0) throw AppError.forbidden(`「${user.display_name}」不担任管理员角色，请由系统管理员管理`);
    const mine = auth.assignments.filter((a) => roleDef(a.role)?.permissions.includes('security:manage'));
    for (const a of admin.filter((x) => x.role === 'secadmin')) {
      if (!mine.some((m) => a.path.startsWith(m.unitPath) && a.path !== m.unitPath)) {
        throw AppError.forbidden(`「${user.display_name}」是安全管理员，只能由上级（县级）安全管理员或命令行管理`);
      }
    }
    return user;
  }

  async function securityAction(
    request: FastifyRequest,
    user: { id: number; username: string },
    action: string,
    fn: (trx: Kysely<DB>, now: Date) => Promise<void>,
    details: Record<string, unknown> = {},
  ) {
    const now = services.now();
    await db()
      .transaction()
      .execute(async (trx) => {
        await fn(trx, now);
        await appendAudit(
          trx,
          auditOf(request, now, action, `user:${user.id}`, 'success', { username: user.username, ...details }),
        );
      });
  }

  app.get(
    '/api/security/admins',
    { schema: { tags: ['安全管理'], summary: '管理员账户（三员）' } },
    async (request) => {
      const scope = requirePermission(request.auth, 'security:manage');
      const auth = requireAuth(request.auth);
      const rows = await db()
        .selectFrom('user_roles as r')
        .innerJoin('org_units as u', 'u.id', 'r.unit_id')
        .select('r.user_id')
        .distinct()
        .where('r.role', 'in', ['sysadmin', 'secadmin', 'auditor'])
        .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, auth.userId))
        .orderBy('r.user_id')
        .limit(500)
        .execute();
      return {
        items: await presentUsers(
          db(),
          rows.map((r) => r.user_id),
        ),
      };
    },
  );

  app.patch(
    '/api/security/admins/:id',
    { schema: { tags: ['安全管理'], summary: '停用或启用管理员账户', params: IdParams, body: DisableBody } },
    async (request) => {
      const user = await loadAdminTarget(request, request.params.id);
      const { disabled, version } = request.body;
      await securityAction(
        request,
        user,
        'user.update',
        async (trx, now) => {
          const r = await trx
            .updateTable('users')
            .set({ disabled, version: user.version + 1, updated_at: now })
            .where('id', '=', user.id)
            .where('version', '=', version)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) === 0) {
            throw new AppError('VERSION_CONFLICT', '该用户已被他人修改，请刷新后再试', {
              details: { currentVersion: user.version },
            });
          }
          if (disabled && !user.disabled) await services.auth.endUserSessions(trx, user.id, 'disabled', now);
        },
        { disabled },
      );
      return (await presentUsers(db(), [user.id]))[0];
    },
  );

  app.post(
    '/api/security/admins/:id/reset-password',
    {
      schema: {
        tags: ['安全管理'],
        summary: '重置管理员密码（下次登录须修改）',
        params: IdParams,
        body: ResetBody,
      },
    },
    async (request, reply) => {
      const user = await loadAdminTarget(request, request.params.id);
      const sec = await services.settings.security();
      const hash = await services.auth.preparePassword(
        db(),
        user.id,
        user.username,
        request.body.password,
        sec,
        'password',
      );
      await securityAction(request, user, 'user.reset_password', async (trx, now) => {
        await setPassword(trx, user.id, hash, true, now);
        await services.auth.endUserSessions(trx, user.id, 'password_reset', now);
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/security/admins/:id/end-sessions',
    { schema: { tags: ['安全管理'], summary: '管理员强制下线', params: IdParams } },
    async (request, reply) => {
      const user = await loadAdminTarget(request, request.params.id);
      await securityAction(request, user, 'user.end_sessions', async (trx, now) => {
        await services.auth.endUserSessions(trx, user.id, 'ended_by_admin', now);
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/security/admins/:id/unlock',
    { schema: { tags: ['安全管理'], summary: '解除管理员锁定', params: IdParams } },
    async (request, reply) => {
      const user = await loadAdminTarget(request, request.params.id);
      await securityAction(request, user, 'user.unlock', async (trx) => {
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
