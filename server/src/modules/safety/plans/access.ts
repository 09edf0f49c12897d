/**
 * Who reads and keeps the town's checklists and annual plan. They are the 安监办's working
 * papers over the whole town, not one case type's material, so access follows the roles of the
 * contract (SAFETY_WRITER_ROLES, SAFETY_READER_ROLES) over the towns an assignment's scope
 * covers in full, as the enforcement register does (enforcement/registry/access.ts).
 *
 * The 村居干部 (`village`) is not a reader here: its scope is its village, which covers no town,
 * so it meets a 403. The plan is the office's schedule of the town's units; a village learns of
 * the inspections and hazards of its own units through the unit register and the `hazard` cases,
 * which are filtered by village scope.
 */
import { AppError, inScope, isEmptyScope, unionScope } from '@fazhi/domain';
import { SAFETY_READER_ROLES, SAFETY_WRITER_ROLES } from '@fazhi/domain/api/safety';
import type { Db } from '../../../db/index.ts';
import { type AuthContext, requireAuth, requirePermission } from '../../../platform/context.ts';

/** The readers of the plan and checklists: the contract's, less the village (see above). */
export const PLAN_READER_ROLES: readonly string[] = SAFETY_READER_ROLES.filter((r) => r !== 'village');

export interface SafetyAccess {
  auth: AuthContext;
  /** Towns the user reads, with their names, in tree order. */
  readTowns: { id: number; name: string }[];
  /** Towns the user keeps (安监办). */
  writeTowns: number[];
}

export async function safetyAccess(db: Db, ctx: AuthContext | null): Promise<SafetyAccess> {
  const auth = requireAuth(ctx);
  const holding = (roles: readonly string[], perm: 'case:read' | 'case:write') =>
    auth.permissions.includes(perm)
      ? unionScope(auth.assignments.filter((a) => roles.includes(a.role)))
      : unionScope([]);
  const read = holding(PLAN_READER_ROLES, 'case:read');
  const write = holding(SAFETY_WRITER_ROLES, 'case:write');
  if (isEmptyScope(read)) return { auth, readTowns: [], writeTowns: [] };
  const towns = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'path'])
    .where('kind', '=', 'town')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const covers = (s: typeof read, t: { id: number; path: string }) =>
    inScope({ ...s, self: false }, { unitId: t.id, unitPath: t.path }, auth.userId);
  return {
    auth,
    readTowns: towns.filter((t) => covers(read, t)).map((t) => ({ id: t.id, name: t.name })),
    writeTowns: towns.filter((t) => covers(write, t) && covers(read, t)).map((t) => t.id),
  };
}

export function requireReader(acc: SafetyAccess): void {
  requirePermission(acc.auth, 'case:read');
  if (acc.readTowns.length === 0) throw new AppError('FORBIDDEN', '您的角色无权查看安全生产检查表和检查计划');
}

export function requireWriter(acc: SafetyAccess): void {
  requireReader(acc);
  requirePermission(acc.auth, 'case:write');
  if (acc.writeTowns.length === 0) {
    throw new AppError('FORBIDDEN', '您的角色无权维护安全生产检查表和检查计划（限安监办）');
  }
}

/** The town read: the one named (404 outside reach), else the user's own, else the first. */
export function readTown(acc: SafetyAccess, townId: string | undefined): { id: number; name: string } {
  requireReader(acc);
  if (townId !== undefined) {
    const t = acc.readTowns.find((x) => x.id === Number(townId));
    if (!t) throw AppError.notFound('乡镇');
    return t;
  }
  return acc.readTowns.find((x) => x.id === acc.auth.townId) ?? acc.readTowns[0]!;
}

/** The town written: the one named (404 unless kept), else the user's own or only one. */
export function writeTown(acc: SafetyAccess, townId: string | undefined): number {
  requireWriter(acc);
  if (townId !== undefined) {
    const id = Number(townId);
    if (!acc.writeTowns.includes(id)) throw AppError.notFound('乡镇');
    return id;
  }
  if (acc.auth.townId && acc.writeTowns.includes(acc.auth.townId)) return acc.auth.townId;
  if (acc.writeTowns.length === 1) return acc.writeTowns[0]!;
  throw AppError.validation([{ path: 'townId', message: '请选择乡镇' }]);
}

/** A record of `townId` the user may write: 404 if unread, 403 if read only. */
export function requireWriteOf(acc: SafetyAccess, townId: number, what: string): void {
  requireWriter(acc);
  if (!acc.readTowns.some((t) => t.id === townId)) throw AppError.notFound(what);
  if (!acc.writeTowns.includes(townId)) throw new AppError('FORBIDDEN', `您的角色无权维护该乡镇的${what}`);
}
