/**
 * The SQL of user management (./service.ts): users, their role assignments and the units
 * those sit in. Every method takes the open transaction when called inside one, so a
 * service's reads see its own writes (and PGlite, the tests' engine on request, has one connection).
 */
import { type DataScope, roleDef, SCOPE_LABELS, type Scope, type User } from '@fazhi/domain';
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type AuthContext, countyPathOf, scopeFilter } from '../context.ts';

export interface UnitInfo {
  id: number;
  path: string;
  name: string;
  town_id: number | null;
  town_path: string | null;
  county_path: string | null;
}

/** A role assignment to write. */
export interface RoleRow {
  role: string;
  unitId: number;
  townId: number | null;
  scope: Scope;
}

/** A user (aliased `usr`) is in the scope if any of their assignments or their home town lies in it. */
function userInScope(eb: ExpressionBuilder<DB & { usr: DB['users'] }, 'usr'>, auth: AuthContext, scope: DataScope) {
  return eb.or([
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
  ]);
}

export type UserRow = NonNullable<Awaited<ReturnType<UserRepository['findInScope']>>>;

export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Units by id with the paths of their town and county (what a grant's reach is measured by). */
  async unitsById(ids: number[], db: Kysely<DB> = this.db): Promise<Map<number, UnitInfo>> {
    if (ids.length === 0) return new Map();
    const rows = await db
      .selectFrom('org_units as u')
      .leftJoin('org_units as t', 't.id', 'u.town_id')
      .select([
        'u.id',
        'u.path',
        'u.name',
        'u.town_id',
        't.path as town_path',
        (eb) => countyPathOf(eb).as('county_path'),
      ])
      .where('u.id', 'in', ids)
      .execute();
    return new Map<number, UnitInfo>(rows.map((r) => [r.id, r]));
  }

  /** The users as the API shows them, in id order. */
  async views(ids: number[], db: Kysely<DB> = this.db): Promise<User[]> {
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

  /** The user, if any of their assignments or their home town lies in the scope. */
  async findInScope(auth: AuthContext, scope: DataScope, id: number) {
    return this.db
      .selectFrom('users as usr')
      .selectAll('usr')
      .where('usr.id', '=', id)
      .where((eb) => userInScope(eb, auth, scope))
      .executeTakeFirst();
  }

  /** One page of the ids of users in scope, optionally matching a keyword or assigned to a unit. */
  async listIds(
    auth: AuthContext,
    scope: DataScope,
    f: { q?: string | undefined; unitId?: number | undefined; cursor?: number | undefined; limit: number },
  ): Promise<number[]> {
    let query = this.db
      .selectFrom('users as usr')
      .select('usr.id')
      .where((eb) => userInScope(eb, auth, scope));
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb('usr.username', 'like', like), eb('usr.display_name', 'like', like)]));
    }
    if (f.unitId) {
      const unitId = f.unitId;
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
    if (f.cursor) query = query.where('usr.id', '>', f.cursor);
    const rows = await query
      .orderBy('usr.id')
      .limit(f.limit + 1)
      .execute();
    return rows.map((r) => r.id);
  }

  /** The ids of the holders of an admin role (三员) assigned in the scope. */
  async adminIdsInScope(auth: AuthContext, scope: DataScope): Promise<number[]> {
    const rows = await this.db
      .selectFrom('user_roles as r')
      .innerJoin('org_units as u', 'u.id', 'r.unit_id')
      .select('r.user_id')
      .distinct()
      .where('r.role', 'in', ['sysadmin', 'secadmin', 'auditor'])
      .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, auth.userId))
      .orderBy('r.user_id')
      .limit(500)
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** A user's assignments with the paths of their units. */
  async assignments(userId: number, db: Kysely<DB> = this.db) {
    return db
      .selectFrom('user_roles as r')
      .innerJoin('org_units as u', 'u.id', 'r.unit_id')
      .select(['r.id', 'r.role', 'r.unit_id', 'u.path'])
      .where('r.user_id', '=', userId)
      .orderBy('r.id')
      .execute();
  }

  async usernameTaken(trx: Kysely<DB>, username: string): Promise<boolean> {
    return !!(await trx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst());
  }

  /** A new user with its first password (in the history too) and its assignments. */
  async insert(
    trx: Kysely<DB>,
    u: { username: string; displayName: string; phone: string | null; hash: string; townId: number | null },
    roles: RoleRow[],
    now: Date,
  ): Promise<number> {
    const user = await trx
      .insertInto('users')
      .values({
        username: u.username,
        display_name: u.displayName,
        phone: u.phone,
        password_hash: u.hash,
        password_changed_at: now,
        must_change_password: true,
        town_id: u.townId,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('password_history')
      .values({ user_id: user.id, password_hash: u.hash, created_at: now })
      .execute();
    await this.insertRoles(trx, user.id, roles);
    return user.id;
  }

  async insertRoles(trx: Kysely<DB>, userId: number, roles: RoleRow[]): Promise<void> {
    if (roles.length === 0) return;
    await trx
      .insertInto('user_roles')
      .values(
        roles.map((r) => ({ user_id: userId, role: r.role, unit_id: r.unitId, town_id: r.townId, scope: r.scope })),
      )
      .execute();
  }

  async deleteAssignments(trx: Kysely<DB>, ids: number[]): Promise<void> {
    if (ids.length) await trx.deleteFrom('user_roles').where('id', 'in', ids).execute();
  }

  /** Writes the account fields if the row is still at `version`; false when someone got there first. */
  async update(
    trx: Kysely<DB>,
    id: number,
    version: number,
    set: { displayName?: string; phone?: string | null; disabled: boolean; nextVersion: number },
    now: Date,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('users')
      .set({
        ...(set.displayName !== undefined ? { display_name: set.displayName } : {}),
        ...(set.phone !== undefined ? { phone: set.phone } : {}),
        disabled: set.disabled,
        version: set.nextVersion,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async unlock(trx: Kysely<DB>, id: number): Promise<void> {
    await trx.updateTable('users').set({ locked_until: null, failed_attempts: 0 }).where('id', '=', id).execute();
  }
}
