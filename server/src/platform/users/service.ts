/**
 * User management by the 系统管理员, within the data scope of their user:manage role.
 * A user is in scope when one of their role assignments, or their home town, is.
 * Assignments outside the admin's scope are never shown as editable and never touched.
 *
 * An administrator never grants more than it holds: business roles only, in units of its
 * subtree, with a data scope reaching no further than its own. Holders of the three
 * admin roles (三员) are out of the 系统管理员's reach — their password, lock, sessions and
 * enabled state belong to the 安全管理员 (the `admin*` methods, routes under
 * /api/security/admins), the 安全管理员's own to a higher-level 安全管理员 or the CLI
 * (`fazhi user reset-password`); admin roles are granted only through the CLI.
 */
import {
  AppError,
  checkRoleSeparation,
  type DataScope,
  inScope,
  isAdminRole,
  type Page,
  type RoleInput,
  roleDef,
  SCOPE_LABELS,
  type Scope,
  type User,
  type UserCreate,
  type UserUpdate,
  unionScope,
  validatePhone,
} from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Auditor, appendAudit } from '../audit.ts';
import { type AuthService, setPassword } from '../auth.ts';
import type { AuthContext } from '../context.ts';
import type { SettingsStore } from '../settings.ts';
import type { UserRepository, UserRow } from './repository.ts';

/** Who acts, and the data scope of the permission the route required. */
export interface UserAccess {
  auth: AuthContext;
  scope: DataScope;
}

interface Resolved {
  role: string;
  unitId: number;
  unitPath: string;
  townPath: string | null;
  countyPath: string | null;
  townId: number | null;
  scope: Scope;
}

/** What a 系统管理员 may not do to a 三员 holder, by audit action, for the refusal message. */
const ADMIN_ACTS: Record<string, string> = {
  'user.reset_password': '密码',
  'user.end_sessions': '会话',
  'user.unlock': '锁定',
};

function forbiddenField(path: string, message: string): AppError {
  return new AppError('FORBIDDEN', message, { fields: [{ path, message }] });
}

function versionConflict(current: number): AppError {
  return new AppError('VERSION_CONFLICT', '该用户已被他人修改，请刷新后再试', { details: { currentVersion: current } });
}

function checkPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const v = validatePhone(phone);
  if (!v.ok) throw AppError.validation([{ path: 'phone', message: `联系电话：${v.message}` }]);
  return v.value;
}

export class UserService {
  constructor(
    private readonly deps: { db: Kysely<DB>; repo: UserRepository; auth: AuthService; settings: SettingsStore },
  ) {}

  private get db() {
    return this.deps.db;
  }
  private get repo() {
    return this.deps.repo;
  }

  async list(
    a: UserAccess,
    f: { q?: string | undefined; unitId?: number | undefined; cursor?: number | undefined; limit: number },
  ): Promise<Page<User>> {
    const ids = await this.repo.listIds(a.auth, a.scope, f);
    const page = ids.slice(0, f.limit);
    return { items: await this.repo.views(page), nextCursor: ids.length > f.limit ? String(page.at(-1)) : null };
  }

  async get(a: UserAccess, id: number): Promise<User> {
    const u = await this.loadInScope(a, id);
    return this.view(u.id);
  }

  async create(a: UserAccess, body: UserCreate, now: Date, audit: Auditor): Promise<User> {
    const phone = checkPhone(body.phone);
    const roles = await this.resolveRoles(a, body.roles);
    const sep = checkRoleSeparation(roles.map((r) => r.role));
    if (sep) throw AppError.validation([{ path: 'roles', message: sep }]);
    this.checkGrants(a, roles);
    const sec = await this.deps.settings.security();
    const hash = await this.deps.auth.preparePassword(
      this.db,
      null,
      body.username,
      body.initialPassword,
      sec,
      'initialPassword',
    );
    const id = await this.db.transaction().execute(async (trx) => {
      if (await this.repo.usernameTaken(trx, body.username))
        throw new AppError('CONFLICT', `用户名「${body.username}」已被使用`, {
          fields: [{ path: 'username', message: '用户名已被使用' }],
        });
      const userId = await this.repo.insert(
        trx,
        {
          username: body.username,
          displayName: body.displayName,
          phone,
          hash,
          townId: roles.find((r) => r.townId)?.townId ?? null,
        },
        roles,
        now,
      );
      await appendAudit(
        trx,
        audit('user.create', `user:${userId}`, {
          username: body.username,
          roles: roles.map((r) => `${r.role}@${r.unitId}:${r.scope}`),
        }),
      );
      return userId;
    });
    return this.view(id);
  }

  async update(a: UserAccess, id: number, body: UserUpdate, now: Date, audit: Auditor): Promise<User> {
    const { auth, scope } = a;
    const user = await this.loadInScope(a, id);
    const phone = body.phone === undefined ? user.phone : checkPhone(body.phone);
    if (body.disabled === true && user.id === auth.userId) {
      throw AppError.validation([{ path: 'disabled', message: '不能停用自己的账户' }]);
    }
    if (user.id === auth.userId) {
      // An administrator edits its own name and phone, never its own roles.
      if (body.roles) throw forbiddenField('roles', '角色：不能修改自己的角色，须由运维人员通过命令行设置');
    } else {
      await this.refuseAdminTarget(user, '账户信息、角色和停用');
    }
    await this.db.transaction().execute(async (trx) => {
      let roleChange: string[] | undefined;
      if (body.roles) {
        const wanted = await this.resolveRoles(a, body.roles, trx);
        const current = await this.repo.assignments(user.id, trx);
        // Assignments outside the admin's scope stay as they are.
        const kept = current.filter((c) => !inScope(scope, { unitId: c.unit_id, unitPath: c.path }, auth.userId));
        const all = [...kept.map((k) => k.role), ...wanted.map((w) => w.role)];
        if (all.length === 0) throw AppError.validation([{ path: 'roles', message: '至少分配一个角色' }]);
        const sep = checkRoleSeparation(all);
        if (sep) throw AppError.validation([{ path: 'roles', message: sep }]);
        this.checkGrants(a, wanted);
        await this.repo.deleteAssignments(
          trx,
          current.filter((c) => !kept.includes(c)).map((c) => c.id),
        );
        await this.repo.insertRoles(trx, user.id, wanted);
        roleChange = wanted.map((r) => `${r.role}@${r.unitId}:${r.scope}`);
      }
      const written = await this.repo.update(
        trx,
        user.id,
        body.version,
        {
          displayName: body.displayName ?? user.display_name,
          phone,
          disabled: body.disabled ?? user.disabled,
          nextVersion: user.version + 1,
        },
        now,
      );
      if (!written) throw versionConflict(user.version);
      if (body.disabled === true && !user.disabled) await this.deps.auth.endUserSessions(trx, user.id, 'disabled', now);
      await appendAudit(
        trx,
        audit('user.update', `user:${user.id}`, {
          displayName: body.displayName,
          disabled: body.disabled,
          roles: roleChange,
        }),
      );
    });
    return this.view(user.id);
  }

  /** Sets a new password the user must change at the next sign-in, and ends their sessions. */
  async resetPassword(a: UserAccess, id: number, password: string, now: Date, audit: Auditor): Promise<void> {
    const user = await this.loadInScope(a, id);
    await this.refuseAdminTarget(user, ADMIN_ACTS['user.reset_password']!);
    const hash = await this.newPassword(user, password);
    await this.act(user, 'user.reset_password', audit, async (trx) => {
      await setPassword(trx, user.id, hash, true, now);
      await this.deps.auth.endUserSessions(trx, user.id, 'password_reset', now);
    });
  }

  async endSessions(a: UserAccess, id: number, now: Date, audit: Auditor): Promise<void> {
    const user = await this.loadInScope(a, id);
    await this.refuseAdminTarget(user, ADMIN_ACTS['user.end_sessions']!);
    await this.act(user, 'user.end_sessions', audit, async (trx) => {
      await this.deps.auth.endUserSessions(trx, user.id, 'ended_by_admin', now);
    });
  }

  async unlock(a: UserAccess, id: number, audit: Auditor): Promise<void> {
    const user = await this.loadInScope(a, id);
    await this.refuseAdminTarget(user, ADMIN_ACTS['user.unlock']!);
    await this.act(user, 'user.unlock', audit, (trx) => this.repo.unlock(trx, user.id));
  }

  // ---- 安全管理员: the accounts of the three admin roles (三员分立); `a.scope` is security:manage's ----

  async listAdmins(a: UserAccess): Promise<{ items: User[] }> {
    return { items: await this.repo.views(await this.repo.adminIdsInScope(a.auth, a.scope)) };
  }

  async setAdminDisabled(
    a: UserAccess,
    id: number,
    body: { disabled: boolean; version: number },
    now: Date,
    audit: Auditor,
  ): Promise<User> {
    const user = await this.loadAdminTarget(a, id);
    const { disabled, version } = body;
    await this.act(
      user,
      'user.update',
      audit,
      async (trx) => {
        const written = await this.repo.update(trx, user.id, version, { disabled, nextVersion: user.version + 1 }, now);
        if (!written) throw versionConflict(user.version);
        if (disabled && !user.disabled) await this.deps.auth.endUserSessions(trx, user.id, 'disabled', now);
      },
      { disabled },
    );
    return this.view(user.id);
  }

  async resetAdminPassword(a: UserAccess, id: number, password: string, now: Date, audit: Auditor): Promise<void> {
    const user = await this.loadAdminTarget(a, id);
    const hash = await this.newPassword(user, password);
    await this.act(user, 'user.reset_password', audit, async (trx) => {
      await setPassword(trx, user.id, hash, true, now);
      await this.deps.auth.endUserSessions(trx, user.id, 'password_reset', now);
    });
  }

  async endAdminSessions(a: UserAccess, id: number, now: Date, audit: Auditor): Promise<void> {
    const user = await this.loadAdminTarget(a, id);
    await this.act(user, 'user.end_sessions', audit, async (trx) => {
      await this.deps.auth.endUserSessions(trx, user.id, 'ended_by_admin', now);
    });
  }

  async unlockAdmin(a: UserAccess, id: number, audit: Auditor): Promise<void> {
    const user = await this.loadAdminTarget(a, id);
    await this.act(user, 'user.unlock', audit, (trx) => this.repo.unlock(trx, user.id));
  }

  // ---- rules ----

  private async view(id: number): Promise<User> {
    return (await this.repo.views([id]))[0]!;
  }

  /** The user, if any of their assignments or their home town lies in the admin's scope; else 404. */
  private async loadInScope(a: UserAccess, id: number): Promise<UserRow> {
    const row = await this.repo.findInScope(a.auth, a.scope, id);
    if (!row) throw AppError.notFound('用户');
    return row;
  }

  /** The password checked against the policy and the user's history; its hash. */
  private async newPassword(user: UserRow, password: string): Promise<string> {
    const sec = await this.deps.settings.security();
    return this.deps.auth.preparePassword(this.db, user.id, user.username, password, sec, 'password');
  }

  /** Runs one account action and its audit row in a transaction. */
  private async act(
    user: UserRow,
    action: string,
    audit: Auditor,
    fn: (trx: Kysely<DB>) => Promise<void>,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await fn(trx);
      await appendAudit(trx, audit(action, `user:${user.id}`, { username: user.username, ...details }));
    });
  }

  /** Validates requested assignments: known units inside the admin's scope, no duplicates. */
  private async resolveRoles(a: UserAccess, roles: RoleInput[], db: Kysely<DB> = this.db): Promise<Resolved[]> {
    const units = await this.repo.unitsById(
      roles.map((r) => r.unitId),
      db,
    );
    const seen = new Set<string>();
    return roles.map((r, i) => {
      const unit = units.get(r.unitId);
      if (!unit || !inScope(a.scope, { unitId: unit.id, unitPath: unit.path }, a.auth.userId)) {
        throw AppError.validation([
          { path: `roles.${i}.unitId`, message: `第 ${i + 1} 个角色的任职单位不存在或不在您的管理范围内` },
        ]);
      }
      const key = `${r.role}@${r.unitId}`;
      if (seen.has(key)) throw AppError.validation([{ path: `roles.${i}`, message: `第 ${i + 1} 个角色与前面的重复` }]);
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

  /**
   * An administrator grants only what it holds: no admin role (三员 are set by the CLI),
   * and a data scope whose reach — the unit, its subtree, its town or its county — lies
   * inside the administrator's own user:manage scope. A town's 系统管理员 therefore
   * cannot grant 全县, nor 全镇 on a unit of another town.
   */
  private checkGrants(a: UserAccess, roles: Resolved[]): void {
    const { auth, scope } = a;
    roles.forEach((r, i) => {
      const label = roleDef(r.role)?.label ?? r.role;
      if (isAdminRole(r.role)) {
        throw forbiddenField(
          `roles.${i}.role`,
          `角色：第 ${i + 1} 个角色「${label}」是管理员角色（三员），不能在此授予，须由运维人员通过命令行设置`,
        );
      }
      const reach = unionScope([r]);
      const within =
        reach.prefixes.every((p) => scope.prefixes.some((k) => p.startsWith(k))) &&
        reach.unitIds.every((id) => inScope(scope, { unitId: id, unitPath: r.unitPath }, auth.userId));
      if (!within) {
        throw forbiddenField(
          `roles.${i}.scope`,
          `数据范围：第 ${i + 1} 个角色「${label}」的数据范围「${SCOPE_LABELS[r.scope]}」超出您本人的管理范围，不能授予`,
        );
      }
    });
  }

  /** The admin roles (三员) a user holds, with the paths of their units. */
  private async adminRolesOf(userId: number) {
    return (await this.repo.assignments(userId)).filter((r) => isAdminRole(r.role));
  }

  /** 403 when the 系统管理员 reaches for a holder of an admin role (三员分立). */
  private async refuseAdminTarget(user: { id: number; display_name: string }, what: string): Promise<void> {
    const admin = await this.adminRolesOf(user.id);
    if (admin.length === 0) return;
    const label = roleDef(admin[0]!.role)?.label ?? admin[0]!.role;
    const by = admin.some((x) => x.role === 'secadmin') ? '上级安全管理员或命令行' : '安全管理员';
    throw new AppError('FORBIDDEN', `「${user.display_name}」担任${label}（三员），其${what}只能由${by}办理`);
  }

  /**
   * An admin-role holder the 安全管理员 may act on: in the scope of its security:manage
   * role (else 404), not itself, holding an admin role (business users are the
   * 系统管理员's), and — for another 安全管理员 — only from a unit above theirs.
   */
  private async loadAdminTarget(a: UserAccess, id: number): Promise<UserRow> {
    const { auth } = a;
    const user = await this.loadInScope(a, id);
    if (user.id === auth.userId) {
      throw AppError.forbidden('不能对自己的账户执行此操作；修改本人密码请使用“修改密码”');
    }
    const admin = await this.adminRolesOf(user.id);
    if (admin.length === 0) throw AppError.forbidden(`「${user.display_name}」不担任管理员角色，请由系统管理员管理`);
    const mine = auth.assignments.filter((m) => roleDef(m.role)?.permissions.includes('security:manage'));
    for (const x of admin.filter((r) => r.role === 'secadmin')) {
      if (!mine.some((m) => x.path.startsWith(m.unitPath) && x.path !== m.unitPath)) {
        throw AppError.forbidden(`「${user.display_name}」是安全管理员，只能由上级（县级）安全管理员或命令行管理`);
      }
    }
    return user;
  }
}
