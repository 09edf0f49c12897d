/**
 * Who reads and keeps the town's enforcement register (officers and powers). The register is
 * the town's, not a case type's material: it is open to the roles named in the contract
 * (ENFORCEMENT_READER_ROLES, ENFORCEMENT_WRITER_ROLES), each over the towns its assignment's
 * scope covers in full (platform/town-registers.ts). A 县级督查 reads the county's towns and
 * writes none; a 村居干部 or the 信访办 is refused outright (403), not shown an empty page. A town
 * outside the user's reach is a 404, so its existence is not confirmed.
 */
import { ENFORCEMENT_READER_ROLES, ENFORCEMENT_WRITER_ROLES } from '@fazhi/domain/api/enforcement';
import type { Db } from '../../../db/index.ts';
import type { AuthContext } from '../../../platform/context.ts';
import { type TownRegisterAccess, townRegisterAccess } from '../../../platform/town-registers.ts';

export { readTown, requireReader, requireWriter, writeTown } from '../../../platform/town-registers.ts';

export type RegisterAccess = TownRegisterAccess;

export function registerAccess(db: Db, ctx: AuthContext | null): Promise<RegisterAccess> {
  return townRegisterAccess(
    db,
    ctx,
    { readers: ENFORCEMENT_READER_ROLES, writers: ENFORCEMENT_WRITER_ROLES },
    { read: '您的角色无权查看执法人员和权责清单', write: '您的角色无权维护执法人员和权责清单（限执法队、法治办）' },
  );
}
