/**
 * Who may see and work which cases. Visibility is the user's case:read scope (the
 * union over their roles, per architecture.md §4) plus the cases assigned to them or
 * owned by them as leader; every list, search, export and detail goes through
 * `visibleCase`, so the rule is written once. The roles a user holds *on a given case*
 * are only those whose assignment covers the case's unit: a 村居干部 of one village is
 * not a 村居干部 for the next village's case.
 */
import { type DataScope, EMPTY_SCOPE, inScope, isEmptyScope, roleDef, scopeFor, unionScope } from '@fazhi/domain';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { DB } from '../db/schema.ts';
import { type AuthContext, idFromPath, requireAuth, scopeFilter } from '../platform/context.ts';

export interface CaseAccess {
  auth: AuthContext;
  read: DataScope;
  write: DataScope;
  /** Towns whose cases the user may see (leads every query, so indexes apply); empty = none. */
  townIds: number[];
  /** Every case role the user holds anywhere (for the inbox's first cut). */
  roles: string[];
  canUnmask: boolean;
}

export async function caseAccess(db: Db, ctx: AuthContext | null): Promise<CaseAccess> {
  const auth = requireAuth(ctx);
  const read = auth.permissions.includes('case:read') ? scopeFor(auth.assignments, 'case:read') : EMPTY_SCOPE;
  const write = auth.permissions.includes('case:write') ? scopeFor(auth.assignments, 'case:write') : EMPTY_SCOPE;
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
    townIds: [...towns].sort((x, y) => x - y),
    roles,
    canUnmask: auth.permissions.includes('case:unmask'),
  };
}

type CaseCols = { c: DB['cases'] };

/** The WHERE clause every case query carries. */
export function visibleCase<TB extends keyof CaseCols & string>(
  eb: ExpressionBuilder<CaseCols, TB>,
  access: CaseAccess,
): Expression<SqlBool> {
  if (access.townIds.length === 0) return sql<SqlBool>`false`;
  const me = access.auth.userId;
  const ors: Expression<SqlBool>[] = [sql<SqlBool>`c.assignee_id = ${me}`, sql<SqlBool>`c.owner_leader_id = ${me}`];
  if (!isEmptyScope(access.read)) {
    ors.push(
      scopeFilter(eb, { ...access.read, self: false }, { unitId: sql`c.unit_id`, unitPath: sql`c.unit_path` }, me),
    );
    if (access.read.self) ors.push(sql<SqlBool>`c.created_by = ${me}`);
  }
  return eb.and([sql<SqlBool>`c.town_id in (${sql.join(access.townIds)})`, eb.or(ors), notForTheAccused(access)]);
}

/**
 * 信访工作条例 art 30 ¶3: accusation material must never reach the accused person or unit.
 * A case flagged `confidential` (a petition forwarded to 纪检监察), or any petition of the
 * 检举控告 category — the article binds from receipt, not only once forwarded — is hidden
 * from every user assigned at the unit an `accused` party belongs to, or at a department
 * of it (a town's offices are the town government), whatever their role, assignment or
 * ownership. The user who registered it keeps it: they took it down and know it already.
 * Villages under an accused town are not its staff and keep their ordinary scope.
 */
function notForTheAccused(access: CaseAccess): Expression<SqlBool> {
  const units = [...new Set(access.auth.assignments.map((a) => a.unitId))];
  if (units.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`not (
    c.confidential
    and c.created_by <> ${access.auth.userId}
    and exists (
      select 1 from case_parties acp
      join parties ap on ap.id = acp.party_id
      where acp.case_id = c.id and acp.role = 'accused'
        and (ap.unit_id in (${sql.join(units)})
          or exists (select 1 from org_units ad
                     where ad.id in (${sql.join(units)}) and ad.kind = 'department' and ad.parent_id = ap.unit_id))
    )
  )`;
}

export interface CaseRef {
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

/** May the user write at this unit (case:write scope)? */
export function canWriteAt(access: CaseAccess, c: CaseRef): boolean {
  if (isEmptyScope(access.write)) return false;
  const me = access.auth.userId;
  return (
    inScope(access.write, { unitId: c.unitId, unitPath: c.unitPath, ownerId: c.createdBy }, me) || c.assigneeId === me
  );
}
