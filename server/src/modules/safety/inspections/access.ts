/**
 * Who reads and records inspections. The records are the town's, not one case type's, so the
 * roles are named (domain api/safety.ts): SAFETY_READER_ROLES read, each within the scope of
 * their assignment: a 村居干部 reads the units of their own village only (the unit's
 * village_id, or the town for a unit without one); SAFETY_WRITER_ROLES (安监办) with
 * case:write record them. Another role is refused outright (403), a record out of scope is a 404.
 * The register's own rule (../units/access.ts) answers which towns and villages a user reads as
 * lists, for its pages; this one tests a unit's place against the scope, in JS and in SQL.
 */
import { AppError, type DataScope, inScope, isEmptyScope } from '@fazhi/domain';
import { SAFETY_READER_ROLES, SAFETY_WRITER_ROLES } from '@fazhi/domain/api/safety';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { type AuthContext, requireAuth, requirePermission, scopeFilter } from '../../../platform/context.ts';
import { roleScope } from '../../../platform/town-registers.ts';

export interface SafetyAccess {
  auth: AuthContext;
  read: DataScope;
  write: DataScope;
}

export function safetyAccess(ctx: AuthContext | null): SafetyAccess {
  const auth = requireAuth(ctx);
  // 安监办 is among the readers too (api/safety.ts), so a writer reads what it writes.
  const read = roleScope(auth, SAFETY_READER_ROLES, 'case:read');
  const write = roleScope(auth, SAFETY_WRITER_ROLES, 'case:write');
  return { auth, read, write };
}

export function requireSafetyReader(acc: SafetyAccess): void {
  requirePermission(acc.auth, 'case:read');
  if (isEmptyScope(acc.read)) throw new AppError('FORBIDDEN', '您的角色无权查看安全生产检查记录');
}

export function requireSafetyWriter(acc: SafetyAccess): void {
  requireSafetyReader(acc);
  requirePermission(acc.auth, 'case:write');
  if (isEmptyScope(acc.write)) throw new AppError('FORBIDDEN', '您的角色无权登记安全生产检查（限安监办）');
}

/** Where a unit lies for the scope test: its village, else its town. */
export interface UnitPlace {
  placeId: number;
  placePath: string;
}

export const canReadUnit = (acc: SafetyAccess, u: UnitPlace) =>
  inScope(acc.read, { unitId: u.placeId, unitPath: u.placePath }, acc.auth.userId);
export const canWriteUnit = (acc: SafetyAccess, u: UnitPlace) =>
  inScope(acc.write, { unitId: u.placeId, unitPath: u.placePath }, acc.auth.userId);

/** The SQL form of canReadUnit over the join `place` (org_units of coalesce(village_id, town_id)). */
export function readableUnit<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  acc: SafetyAccess,
  cols: { placeId: Expression<number | null>; placePath: Expression<string | null> },
): Expression<SqlBool> {
  return scopeFilter(eb, acc.read, { unitId: cols.placeId, unitPath: cols.placePath }, acc.auth.userId);
}
