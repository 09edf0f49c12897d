/**
 * Who reads and keeps the register of production and business units. The register is the
 * town's, not a case type's material, so it names roles (domain api/safety.ts):
 * SAFETY_WRITER_ROLES (安监办) keep it in the towns their assignment covers in full;
 * SAFETY_READER_ROLES read it over their scope: a town-wide role its town, the county's 督查
 * its towns, a 村居干部 only the units of the village(s) its assignment covers (data scope,
 * as cases/access.ts scopes a village's cases by unit). Any other role is refused (403); a
 * unit or town outside the reader's scope is a 404, so its existence is not confirmed.
 */
import { AppError, isEmptyScope } from '@fazhi/domain';
import { SAFETY_READER_ROLES, SAFETY_WRITER_ROLES } from '@fazhi/domain/api/safety';
import type { Db } from '../../../db/index.ts';
import { type AuthContext, requireAuth, scopeFilter } from '../../../platform/context.ts';
import { roleScope, type TownRegisterAccess, townsCovered } from '../../../platform/town-registers.ts';

export { readTown, requireReader, requireWriter, writeTown } from '../../../platform/town-registers.ts';

export interface UnitAccess extends TownRegisterAccess {
  /** Towns read in full (`readTowns` also lists those read in part). */
  fullTowns: number[];
  /** For a town read only in part: the villages (org unit ids) whose units the user reads. */
  villagesByTown: ReadonlyMap<number, readonly number[]>;
}

const WORDS = {
  read: '您的角色无权查看生产经营单位',
  write: '您的角色无权维护生产经营单位（限安监办）',
};

export async function unitAccess(db: Db, ctx: AuthContext | null): Promise<UnitAccess> {
  const auth = requireAuth(ctx);
  const read = roleScope(auth, SAFETY_READER_ROLES, 'case:read');
  const write = roleScope(auth, SAFETY_WRITER_ROLES, 'case:write');
  const none = { auth, readTowns: [], fullTowns: [], villagesByTown: new Map(), writeTowns: [], words: WORDS };
  if (isEmptyScope(read)) return none;
  const { towns, covers } = await townsCovered(db, auth);
  const fullTowns = towns.filter((t) => covers(read, t)).map((t) => t.id);
  // The villages a narrower scope reaches (a 村居干部's own), in towns not read in full.
  const partial = { ...read, self: false };
  const villages = isEmptyScope(partial)
    ? []
    : await db
        .selectFrom('org_units as o')
        .select(['o.id', 'o.town_id'])
        .where('o.kind', 'in', ['village', 'community'])
        .where((eb) => scopeFilter(eb, partial, { unitId: eb.ref('o.id'), unitPath: eb.ref('o.path') }, auth.userId))
        .execute();
  const villagesByTown = new Map<number, number[]>();
  for (const v of villages) {
    if (v.town_id === null || fullTowns.includes(v.town_id)) continue;
    villagesByTown.set(v.town_id, [...(villagesByTown.get(v.town_id) ?? []), v.id]);
  }
  return {
    auth,
    readTowns: towns
      .filter((t) => fullTowns.includes(t.id) || villagesByTown.has(t.id))
      .map((t) => ({ id: t.id, name: t.name })),
    fullTowns,
    villagesByTown,
    writeTowns: towns.filter((t) => covers(write, t) && fullTowns.includes(t.id)).map((t) => t.id),
    words: WORDS,
  };
}

/**
 * Which units of a town the user sees: all (null) or those of the listed villages; a town not
 * read at all is a 404.
 */
export function villagesIn(acc: UnitAccess, townId: number): readonly number[] | null {
  if (acc.fullTowns.includes(townId)) return null;
  const v = acc.villagesByTown.get(townId);
  if (!v) throw AppError.notFound('乡镇');
  return v;
}

/** Whether the user sees one unit. */
export function seesUnit(acc: UnitAccess, unit: { town_id: number; village_id: number | null }): boolean {
  if (acc.fullTowns.includes(unit.town_id)) return true;
  return unit.village_id !== null && (acc.villagesByTown.get(unit.town_id)?.includes(unit.village_id) ?? false);
}
