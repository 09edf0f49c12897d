/**
 * Who reads and keeps the town's enforcement register (officers and powers). The register is
 * the town's, not a case type's material: it is open to the roles named in the contract
 * (ENFORCEMENT_READER_ROLES, ENFORCEMENT_WRITER_ROLES), each over the towns its assignment's
 * scope covers in full. A 县级督查 reads the county's towns and writes none; a 村居干部 or the
 * 信访办 is refused outright (403), not shown an empty page. A town outside the user's reach is
 * a 404, so its existence is not confirmed.
 */
import { AppError, inScope, isEmptyScope, unionScope } from '@fazhi/domain';
import { ENFORCEMENT_READER_ROLES, ENFORCEMENT_WRITER_ROLES } from '@fazhi/domain/api/enforcement';
import type { Db } from '../../../db/index.ts';
import { type AuthContext, requireAuth, requirePermission } from '../../../platform/context.ts';

export interface RegisterAccess {
  auth: AuthContext;
  /** Towns whose register the user reads, by id, with their names, in tree order. */
  readTowns: { id: number; name: string }[];
  /** Towns whose register the user keeps. */
  writeTowns: number[];
}

export async function registerAccess(db: Db, ctx: AuthContext | null): Promise<RegisterAccess> {
  const auth = requireAuth(ctx);
  const holding = (roles: readonly string[], perm: 'case:read' | 'case:write') =>
    auth.permissions.includes(perm)
      ? unionScope(auth.assignments.filter((a) => roles.includes(a.role)))
      : unionScope([]);
  const read = holding(ENFORCEMENT_READER_ROLES, 'case:read');
  const write = holding(ENFORCEMENT_WRITER_ROLES, 'case:write');
  if (isEmptyScope(read)) return { auth, readTowns: [], writeTowns: [] };
  const towns = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'path'])
    .where('kind', '=', 'town')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  // Only a scope covering the town itself reaches its register (a unit-scoped role does not).
  const covers = (s: typeof read, t: { id: number; path: string }) =>
    inScope({ ...s, self: false }, { unitId: t.id, unitPath: t.path }, auth.userId);
  return {
    auth,
    readTowns: towns.filter((t) => covers(read, t)).map((t) => ({ id: t.id, name: t.name })),
    writeTowns: towns.filter((t) => covers(write, t) && covers(read, t)).map((t) => t.id),
  };
}

/** 403 unless the user reads some town's register (and holds case:read at all). */
export function requireReader(acc: RegisterAccess): void {
  requirePermission(acc.auth, 'case:read');
  if (acc.readTowns.length === 0) {
    throw new AppError('FORBIDDEN', '您的角色无权查看执法人员和权责清单');
  }
}

/** 403 unless the user keeps some town's register (执法队, 法治办). */
export function requireWriter(acc: RegisterAccess): void {
  requirePermission(acc.auth, 'case:write');
  if (acc.writeTowns.length === 0) {
    throw new AppError('FORBIDDEN', '您的角色无权维护执法人员和权责清单（限执法队、法治办）');
  }
}

/**
 * The town a request is about: the one named (404 outside the user's reach), else the user's
 * own town when they read it, else the first they read (a county reader's first town).
 */
export function readTown(acc: RegisterAccess, townId: string | undefined): { id: number; name: string } {
  requireReader(acc);
  if (townId !== undefined) {
    const t = acc.readTowns.find((x) => x.id === Number(townId));
    if (!t) throw AppError.notFound('乡镇');
    return t;
  }
  return acc.readTowns.find((x) => x.id === acc.auth.townId) ?? acc.readTowns[0]!;
}

/** The town a write goes to: the one named (404 unless the user keeps it), else their only or own town. */
export function writeTown(acc: RegisterAccess, townId: string | undefined): number {
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
