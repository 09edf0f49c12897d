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
import { AppError } from '@fazhi/domain';
import { SAFETY_READER_ROLES, SAFETY_WRITER_ROLES } from '@fazhi/domain/api/safety';
import type { Db } from '../../../db/index.ts';
import type { AuthContext } from '../../../platform/context.ts';
import { requireWriter, type TownRegisterAccess, townRegisterAccess } from '../../../platform/town-registers.ts';

export { readTown, requireReader, requireWriter, writeTown } from '../../../platform/town-registers.ts';

/** The readers of the plan and checklists: the contract's, less the village (see above). */
export const PLAN_READER_ROLES: readonly string[] = SAFETY_READER_ROLES.filter((r) => r !== 'village');

export type SafetyAccess = TownRegisterAccess;

export function safetyAccess(db: Db, ctx: AuthContext | null): Promise<SafetyAccess> {
  return townRegisterAccess(
    db,
    ctx,
    { readers: PLAN_READER_ROLES, writers: SAFETY_WRITER_ROLES },
    {
      read: '您的角色无权查看安全生产检查表和检查计划',
      write: '您的角色无权维护安全生产检查表和检查计划（限安监办）',
    },
  );
}

/** A record of `townId` the user may write: 404 if unread, 403 if read only. */
export function requireWriteOf(acc: SafetyAccess, townId: number, what: string): void {
  requireWriter(acc);
  if (!acc.readTowns.some((t) => t.id === townId)) throw AppError.notFound(what);
  if (!acc.writeTowns.includes(townId)) throw new AppError('FORBIDDEN', `您的角色无权维护该乡镇的${what}`);
}
