/**
 * Who is asking, and what they may see. Built once per request from the session
 * and the user's role assignments; every service takes it instead of re-deriving it.
 */
import {
  AppError,
  type Assignment,
  type DataScope,
  isEmptyScope,
  type Permission,
  permissionsOf,
  roleDef,
  SCOPE_LABELS,
  type Scope,
  scopeFor,
} from '@fazhi/domain';
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

export interface AssignmentRow extends Assignment {
  unitName: string;
  unitTownId: number | null;
}

export interface AuthContext {
  userId: number;
  username: string;
  displayName: string;
  townId: number | null;
  mustChangePassword: boolean;
  sessionId: string;
  csrfToken: string;
  assignments: AssignmentRow[];
  permissions: Permission[];
  /** The audit chain this user's actions belong to. */
  chainId: number;
  primaryUnit: { id: number; name: string } | null;
}

/** The path of the county above the unit aliased `u` (the nearest, if counties nest). */
export function countyPathOf(eb: ExpressionBuilder<DB & { u: DB['org_units'] }, 'u'>) {
  return eb
    .selectFrom('org_units as c')
    .select('c.path')
    .where('c.kind', '=', 'county')
    .where(sql<boolean>`${eb.ref('u.path')} like c.path || '%'`)
    .orderBy('c.depth', 'desc')
    .limit(1);
}

/** The columns of a user's role assignments; `user` is the user's id (a value, or an outer query's column). */
function assignmentsOf(db: Kysely<DB>, user: Expression<number>) {
  return db
    .selectFrom('user_roles as r')
    .innerJoin('org_units as u', 'u.id', 'r.unit_id')
    .leftJoin('org_units as t', 't.id', 'u.town_id')
    .select([
      'r.id',
      'r.role',
      'r.unit_id',
      'r.scope',
      'u.path',
      'u.name',
      'u.town_id',
      't.path as town_path',
      (eb) => countyPathOf(eb).as('county_path'),
    ])
    .where((eb) => eb(eb.ref('r.user_id'), '=', user));
}

export type AssignmentCols = Awaited<ReturnType<ReturnType<typeof assignmentsOf>['execute']>>[number];

function toAssignment(r: AssignmentCols): AssignmentRow {
  return {
    role: r.role,
    unitId: r.unit_id,
    unitPath: r.path,
    unitName: r.name,
    unitTownId: r.town_id,
    scope: r.scope,
    townPath: r.town_path,
    countyPath: r.county_path,
  };
}

export async function loadAssignments(db: Kysely<DB>, userId: number): Promise<AssignmentRow[]> {
  const rows = await assignmentsOf(db, sql.val(userId)).orderBy('r.id').execute();
  return rows.map(toAssignment);
}

/**
 * The assignments of the user `user` (an outer query's column) as one JSON array, oldest
 * first as loadAssignments (the first is the user's primary unit and audit chain): the
 * session check reads them in the statement that reads the session. The subquery names its
 * tables r, u, t and c, so the outer query must not use those aliases for `user`'s table.
 */
export function assignmentsJson(db: Kysely<DB>, user: Expression<number>) {
  return sql<
    AssignmentCols[]
  >`(select coalesce(json_agg(a order by a.id), '[]'::json) from ${assignmentsOf(db, user)} as a)`;
}

/** Assignments as `assignmentsJson` returns them (JSON keeps every column's type: text and integers). */
export function assignmentsFromJson(rows: AssignmentCols[]): AssignmentRow[] {
  return rows.map(toAssignment);
}

export function describeAssignments(rows: AssignmentRow[]) {
  return rows.map((a) => ({
    role: a.role,
    roleLabel: roleDef(a.role)?.label ?? a.role,
    unitId: a.unitId,
    unitName: a.unitName,
    scope: a.scope,
    scopeLabel: SCOPE_LABELS[a.scope as Scope],
  }));
}

export function chainFor(
  townId: number | null,
  assignments: AssignmentRow[],
  countyIdOf: (path: string) => number | null,
): number {
  if (townId) return townId;
  const first = assignments[0];
  if (first?.unitTownId) return first.unitTownId;
  if (first?.countyPath) return countyIdOf(first.countyPath) ?? 0;
  return 0;
}

export function idFromPath(path: string): number | null {
  const parts = path.split('/').filter(Boolean);
  const last = parts.at(-1);
  return last ? Number(last) : null;
}

export function requireAuth(ctx: AuthContext | null): AuthContext {
  if (!ctx) throw new AppError('UNAUTHENTICATED', '请先登录');
  return ctx;
}

/** 403 when the user holds no role granting the permission; otherwise the scope they hold it in. */
export function requirePermission(ctx: AuthContext | null, permission: Permission): DataScope {
  const auth = requireAuth(ctx);
  if (!auth.permissions.includes(permission)) {
    throw new AppError('FORBIDDEN', '没有执行此操作的权限', { details: { permission } });
  }
  const scope = scopeFor(auth.assignments, permission);
  if (isEmptyScope(scope)) throw new AppError('FORBIDDEN', '没有执行此操作的权限', { details: { permission } });
  return scope;
}

export function hasPermission(ctx: AuthContext | null, permission: Permission): boolean {
  return !!ctx && ctx.permissions.includes(permission);
}

export function permissionsFor(assignments: AssignmentRow[]): Permission[] {
  return permissionsOf(assignments);
}

/**
 * The WHERE clause of a data scope over a row's unit id, unit path and owner.
 * One function for every scoped query, so the rule cannot drift between routes.
 */
export function scopeFilter<DBT, TB extends keyof DBT>(
  eb: ExpressionBuilder<DBT, TB>,
  scope: DataScope,
  cols: { unitId: Expression<number | null>; unitPath: Expression<string | null>; ownerId?: Expression<number | null> },
  userId: number,
): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  if (scope.unitIds.length > 0) ors.push(sql<SqlBool>`${cols.unitId} in (${sql.join(scope.unitIds)})`);
  for (const p of scope.prefixes) ors.push(sql<SqlBool>`${cols.unitPath} like ${`${p}%`}`);
  if (scope.self && cols.ownerId) ors.push(sql<SqlBool>`${cols.ownerId} = ${userId}`);
  if (ors.length === 0) return sql<SqlBool>`false`;
  return eb.or(ors);
}
