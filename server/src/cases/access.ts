/**
 * Who may see and work which cases. Each case type declares the roles that read and
 * write it (domain `access`); a user reads a type within the union of the scopes of
 * those of their roles that the type lists (docs/architecture.md §Data scope and access),
 * plus the cases assigned to them or owned by them as leader. Every list, search, export,
 * detail, inbox and drill-down goes through `visibleCase`, so the rule is written once. The
 * roles a user holds *on a given case* are only those whose assignment covers the case's
 * unit: a 村居干部 of one village is not a 村居干部 for the next village's case.
 */
import {
  type AnyCaseType,
  AppError,
  type DataScope,
  EMPTY_SCOPE,
  inScope,
  isEmptyScope,
  roleDef,
  scopeFor,
  unionScope,
} from '@fazhi/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { DB } from '../db/schema.ts';
import { type AuthContext, idFromPath, requireAuth, scopeFilter } from '../platform/context.ts';

/** The case types the installation runs (a CaseRegistry). */
export interface CaseTypes {
  list(): readonly { type: AnyCaseType }[];
}

export interface CaseAccess {
  auth: AuthContext;
  /** Where the user reads some case type (the union over `readByType`). */
  read: DataScope;
  /** Where the user writes some case type (the union over `writeByType`). */
  write: DataScope;
  /** Per case type: the scope of the user's roles that the type lets read (absent = none). */
  readByType: Readonly<Record<string, DataScope>>;
  /** Per case type: the scope of the user's roles that the type lets write (absent = none). */
  writeByType: Readonly<Record<string, DataScope>>;
  /** Per case type with a confidentiality rule: the party roles whose units never see a flagged case. */
  hiddenFrom: Readonly<Record<string, readonly string[]>>;
  /** Towns whose cases the user may see (leads every query, so indexes apply); empty = none. */
  townIds: number[];
  /** Every case role the user holds anywhere (for the inbox's first cut). */
  roles: string[];
  canUnmask: boolean;
}

/** The scope of those of the user's roles that the listed roles name, for one permission. */
function scopeOf(auth: AuthContext, roles: readonly string[], permission: 'case:read' | 'case:write'): DataScope {
  return auth.permissions.includes(permission)
    ? scopeFor(
        auth.assignments.filter((a) => roles.includes(a.role)),
        permission,
      )
    : EMPTY_SCOPE;
}

/** Where the user reads and writes one case type, as the type's `access` grants it. */
export function typeScopes(auth: AuthContext, type: AnyCaseType): { read: DataScope; write: DataScope } {
  return { read: scopeOf(auth, type.access.read, 'case:read'), write: scopeOf(auth, type.access.write, 'case:write') };
}

/**
 * The case types the user reads and writes somewhere (no database: the menu of /api/me and the
 * modules' `requireTypeAccess` ask only whether, not where). Assigned cases are not counted:
 * they open through the generic case pages, which every case:read holder has.
 */
export function typeAccessOf(ctx: AuthContext | null, types: CaseTypes): { read: string[]; write: string[] } {
  const auth = requireAuth(ctx);
  const read: string[] = [];
  const write: string[] = [];
  for (const { type } of types.list()) {
    const s = typeScopes(auth, type);
    if (!isEmptyScope(s.read)) read.push(type.key);
    if (!isEmptyScope(s.write)) write.push(type.key);
  }
  return { read, write };
}

/**
 * A preHandler for a module's routes: 403 unless the user reads (or writes) the module's case
 * type somewhere. The module's data (statistics, campaigns, receptions…) is that type's
 * material, so a role the type does not admit is refused outright, not shown an empty page.
 */
export function requireTypeAccess(typeKey: string, level: 'read' | 'write') {
  return async function typeAccessCheck(this: FastifyInstance, request: FastifyRequest): Promise<void> {
    const auth = requireAuth(request.auth);
    const type = this.services.registry.find(typeKey)?.type;
    // A module guarding its routes with a type it does not install is a programming error.
    if (!type) throw new Error(`requireTypeAccess: case type ${typeKey} is not installed`);
    if (isEmptyScope(typeScopes(auth, type)[level])) {
      throw new AppError('FORBIDDEN', `您的角色无权${level === 'read' ? '查看' : '办理'}${type.label}`, {
        details: { caseType: typeKey, access: level },
      });
    }
  };
}

export async function caseAccess(db: Db, ctx: AuthContext | null, types: CaseTypes): Promise<CaseAccess> {
  const auth = requireAuth(ctx);
  const readByType: Record<string, DataScope> = {};
  const writeByType: Record<string, DataScope> = {};
  const hiddenFrom: Record<string, readonly string[]> = {};
  for (const { type } of types.list()) {
    const { read: r, write: w } = typeScopes(auth, type);
    if (!isEmptyScope(r)) readByType[type.key] = r;
    if (!isEmptyScope(w)) writeByType[type.key] = w;
    const c = type.access.confidential;
    if (c) hiddenFrom[type.key] = c.hideFromPartyRoles;
  }
  const reading = new Set(types.list().flatMap(({ type }) => type.access.read));
  const writing = new Set(types.list().flatMap(({ type }) => type.access.write));
  const read = scopeOf(auth, [...reading], 'case:read');
  const write = scopeOf(auth, [...writing], 'case:write');
  const towns = new Set<number>();
  const counties: string[] = [];
  for (const a of auth.assignments) {
    if (!roleDef(a.role)?.permissions.includes('case:read')) continue;
    if (a.scope === 'county' && a.countyPath) counties.push(a.countyPath);
    else if (a.unitTownId) towns.add(a.unitTownId);
    else if (a.townPath) towns.add(idFromPath(a.townPath)!);
  }
  if (auth.townId) towns.add(auth.townId);
  if (counties.length > 0) {
    const rows = await db
      .selectFrom('org_units')
      .select('id')
      .where('kind', '=', 'town')
      .where((eb) => eb.or(counties.map((p) => eb('path', 'like', `${p}%`))))
      .execute();
    for (const r of rows) towns.add(r.id);
  }
  const roles = [...new Set(auth.assignments.map((a) => a.role))].sort();
  return {
    auth,
    read,
    write,
    readByType,
    writeByType,
    hiddenFrom,
    townIds: [...towns].sort((x, y) => x - y),
    roles,
    canUnmask: auth.permissions.includes('case:unmask'),
  };
}

/** What a module's town-level records (a schedule, a campaign) are seen and run by. */
export interface TownRoleAccess {
  /** The case access, reading only where the given case type is read. */
  cases: CaseAccess;
  /** Towns the user reads in full (their read scope for the type covers the town itself). */
  fullTowns: number[];
  /** Towns where the user holds one of the roles, with case:write, in a scope covering the whole town. */
  roleTowns: number[];
}

/**
 * The towns where the user holds one of `roles` (with case:write, scoped as assigned), and
 * those they read in full as readers of `readType`: the shape of every module record that
 * belongs to a town rather than to a case (screening campaigns, leader receptions).
 */
export async function townRoleAccess(
  db: Db,
  access: CaseAccess,
  readType: string,
  roles: readonly string[],
): Promise<TownRoleAccess> {
  const cases = { ...access, read: access.readByType[readType] ?? EMPTY_SCOPE };
  if (cases.townIds.length === 0) return { cases, fullTowns: [], roleTowns: [] };
  const towns = await db.selectFrom('org_units').select(['id', 'path']).where('id', 'in', cases.townIds).execute();
  const holder = cases.auth.permissions.includes('case:write')
    ? unionScope(cases.auth.assignments.filter((a) => roles.includes(a.role)))
    : unionScope([]);
  const me = cases.auth.userId;
  const covers = (s: DataScope, t: { id: number; path: string }) => inScope(s, { unitId: t.id, unitPath: t.path }, me);
  return {
    cases,
    fullTowns: towns.filter((t) => covers(cases.read, t)).map((t) => t.id),
    roleTowns: towns.filter((t) => covers(holder, t)).map((t) => t.id),
  };
}

type CaseCols = { c: DB['cases'] };

/**
 * The WHERE clause every case query carries: the user's towns, then per case type the
 * scope of the roles that may read it (types with the same scope share one test), or
 * the case is assigned to the user or owned by them as leader; never a confidential case
 * from its accused party's unit.
 */
export function visibleCase<TB extends keyof CaseCols & string>(
  eb: ExpressionBuilder<CaseCols, TB>,
  access: CaseAccess,
): Expression<SqlBool> {
  if (access.townIds.length === 0) return sql<SqlBool>`false`;
  const me = access.auth.userId;
  const ors: Expression<SqlBool>[] = [sql<SqlBool>`c.assignee_id = ${me}`, sql<SqlBool>`c.owner_leader_id = ${me}`];
  const byScope = new Map<string, { scope: DataScope; types: string[] }>();
  for (const [type, scope] of Object.entries(access.readByType)) {
    const k = JSON.stringify(scope);
    const g = byScope.get(k) ?? { scope, types: [] };
    g.types.push(type);
    byScope.set(k, g);
  }
  // A whole town's path as a prefix is the same test as the case's town (a case's unit lies in
  // its town), and the planner estimates `town_id = ` exactly where it cannot see into a LIKE.
  const townOfPath = new Map<string, number>();
  for (const a of access.auth.assignments) if (a.townPath && a.unitTownId) townOfPath.set(a.townPath, a.unitTownId);
  for (const { scope, types } of byScope.values()) {
    const towns = scope.prefixes.filter((p) => townOfPath.has(p)).map((p) => townOfPath.get(p)!);
    const rest: DataScope = {
      self: false,
      unitIds: scope.unitIds,
      prefixes: scope.prefixes.filter((p) => !townOfPath.has(p)),
    };
    const within: Expression<SqlBool>[] = [];
    if (towns.length > 0) within.push(sql<SqlBool>`c.town_id in (${sql.join(towns)})`);
    if (!isEmptyScope(rest)) {
      within.push(scopeFilter(eb, rest, { unitId: sql`c.unit_id`, unitPath: sql`c.unit_path` }, me));
    }
    if (scope.self) within.push(sql<SqlBool>`c.created_by = ${me}`);
    ors.push(eb.and([sql<SqlBool>`c.type in (${sql.join(types.sort())})`, eb.or(within)]));
  }
  return eb.and([sql<SqlBool>`c.town_id in (${sql.join(access.townIds)})`, eb.or(ors), notForTheAccused(access)]);
}

/**
 * A case type's confidentiality rule (e.g. 信访工作条例 art 30 ¶3: accusation material
 * must never reach the accused person or unit). A case flagged `confidential` (the type's
 * `when`, stored on every change) is hidden from every user assigned at the unit a party
 * in one of the type's hidden roles belongs to, or at a department of it (a town's
 * offices are the town government), whatever their role, assignment or ownership. The
 * user who registered it keeps it: they took it down and know it already. Villages under
 * a hidden town are not its staff and keep their ordinary scope.
 */
function notForTheAccused(access: CaseAccess): Expression<SqlBool> {
  const units = [...new Set(access.auth.assignments.map((a) => a.unitId))];
  const rules = Object.entries(access.hiddenFrom);
  if (units.length === 0 || rules.length === 0) return sql<SqlBool>`true`;
  const roleTest = sql.join(
    rules.map(([type, roles]) => sql`(c.type = ${type} and acp.role in (${sql.join([...roles])}))`),
    sql` or `,
  );
  return sql<SqlBool>`not (
    c.confidential
    and c.created_by <> ${access.auth.userId}
    and exists (
      select 1 from case_parties acp
      join parties ap on ap.id = acp.party_id
      where acp.case_id = c.id and (${roleTest})
        and (ap.unit_id in (${sql.join(units)})
          or exists (select 1 from org_units ad
                     where ad.id in (${sql.join(units)}) and ad.kind = 'department' and ad.parent_id = ap.unit_id))
    )
  )`;
}

export interface CaseRef {
  type: string;
  unitId: number | null;
  unitPath: string;
  createdBy: number;
  assigneeId: number | null;
}

/** The roles the user holds on this case: those whose own assignment scope covers it. */
export function rolesOnCase(access: CaseAccess, c: CaseRef): string[] {
  const me = access.auth.userId;
  const out = new Set<string>();
  for (const a of access.auth.assignments) {
    const s = unionScope([a]);
    if (inScope(s, { unitId: c.unitId, unitPath: c.unitPath, ownerId: c.createdBy }, me)) out.add(a.role);
    else if (c.assigneeId === me && s.self) out.add(a.role);
  }
  return [...out].sort();
}

/** May the user write this case: a role the type lets write, whose scope covers the unit, or the assignee? */
export function canWriteAt(access: CaseAccess, c: CaseRef): boolean {
  const scope = access.writeByType[c.type];
  if (!scope) return false;
  const me = access.auth.userId;
  return inScope(scope, { unitId: c.unitId, unitPath: c.unitPath, ownerId: c.createdBy }, me) || c.assigneeId === me;
}
