/**
 * Access to a town's own registers (the enforcement officers and powers, the safety units,
 * checklists and plan): records that are the town's rather than one case type's, so they name
 * the roles that read and keep them instead of following a case type's access. Each role reaches
 * the towns its assignment's scope covers in full (a 县级督查 its county's towns, reading only);
 * any other role is refused outright (403, with the register's own words), and a town beyond
 * reach is a 404 so its existence is not confirmed. A register a village reads in part (the
 * safety units of its own village) builds on `roleScope` and `townsCovered`.
 */
import { AppError, type DataScope, inScope, isEmptyScope, unionScope } from '@fazhi/domain';
import type { Db } from '../db/index.ts';
import { type AuthContext, requireAuth, requirePermission } from './context.ts';

/** The scope a user holds through the given roles, when they hold the permission at all. */
export function roleScope(auth: AuthContext, roles: readonly string[], perm: 'case:read' | 'case:write'): DataScope {
  return auth.permissions.includes(perm)
    ? unionScope(auth.assignments.filter((a) => roles.includes(a.role)))
    : unionScope([]);
}

/** Every town, in tree order, and which of them a scope covers in full (not the `self` scope). */
export async function townsCovered(db: Db, auth: AuthContext) {
  const towns = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'path'])
    .where('kind', '=', 'town')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const covers = (s: DataScope, t: { id: number; path: string }) =>
    inScope({ ...s, self: false }, { unitId: t.id, unitPath: t.path }, auth.userId);
  return { towns, covers };
}

/** What a register refuses in its own words (`您的角色无权查看执法人员和权责清单`). */
export interface RegisterWords {
  read: string;
  write: string;
}

export interface TownRegisterAccess {
  auth: AuthContext;
  /** Towns whose register the user reads, with their names, in tree order. */
  readTowns: { id: number; name: string }[];
  /** Towns whose register the user keeps. */
  writeTowns: number[];
  words: RegisterWords;
}

export async function townRegisterAccess(
  db: Db,
  ctx: AuthContext | null,
  roles: { readers: readonly string[]; writers: readonly string[] },
  words: RegisterWords,
): Promise<TownRegisterAccess> {
  const auth = requireAuth(ctx);
  const read = roleScope(auth, roles.readers, 'case:read');
  const write = roleScope(auth, roles.writers, 'case:write');
  if (isEmptyScope(read)) return { auth, readTowns: [], writeTowns: [], words };
  const { towns, covers } = await townsCovered(db, auth);
  return {
    auth,
    readTowns: towns.filter((t) => covers(read, t)).map((t) => ({ id: t.id, name: t.name })),
    writeTowns: towns.filter((t) => covers(write, t) && covers(read, t)).map((t) => t.id),
    words,
  };
}

type Reach = Pick<TownRegisterAccess, 'auth' | 'readTowns' | 'writeTowns' | 'words'>;

/** 403 unless the user reads some town's register (and holds case:read at all). */
export function requireReader(acc: Reach): void {
  requirePermission(acc.auth, 'case:read');
  if (acc.readTowns.length === 0) throw new AppError('FORBIDDEN', acc.words.read);
}

/** 403 unless the user keeps some town's register. */
export function requireWriter(acc: Reach): void {
  requirePermission(acc.auth, 'case:write');
  if (acc.writeTowns.length === 0) throw new AppError('FORBIDDEN', acc.words.write);
}

/**
 * The town a request is about: the one named (404 outside the user's reach), else the user's
 * own town when they read it, else the first they read (a county reader's first town).
 */
export function readTown(acc: Reach, townId: string | undefined): { id: number; name: string } {
  requireReader(acc);
  if (townId !== undefined) {
    const t = acc.readTowns.find((x) => x.id === Number(townId));
    if (!t) throw AppError.notFound('乡镇');
    return t;
  }
  return acc.readTowns.find((x) => x.id === acc.auth.townId) ?? acc.readTowns[0]!;
}

/** The town a write goes to: the one named (404 unless the user keeps it), else their own or only town. */
export function writeTown(acc: Reach, townId: string | undefined): number {
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
