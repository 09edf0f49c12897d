/**
 * Who sees and writes the leaders' reception schedule, receptions and visits: the case rule
 * (cases/access.ts) applied to these records.
 * - schedule slots and receptions belong to the town: readers whose case:read scope covers
 *   the whole town see them; a published slot is also seen by every reader in the town
 *   (a village officer tells residents when the leaders receive);
 * - a visit belongs to its village: a 村居干部 sees their village's visits;
 * - writing belongs to the 信访办 and the town's leaders (case:write over the whole town).
 * Out of scope is a 404; in scope without the right is a 403.
 */
import { isEmptyScope } from '@fazhi/domain';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type CaseAccess, type CaseTypes, caseAccess, townRoleAccess } from '../../cases/access.ts';
import type { Db } from '../../db/index.ts';
import { type AuthContext, scopeFilter } from '../../platform/context.ts';

/** The roles that keep the schedule and record receptions and visits. */
export const RECEPTION_WRITER_ROLES: readonly string[] = ['xinfang', 'leader'];

export interface ReceptionAccess {
  cases: CaseAccess;
  /** Towns whose schedule, receptions and visits the user sees in full (case:read over the town). */
  fullTowns: number[];
  /** Towns where the user keeps the schedule and records receptions and visits. */
  writeTowns: number[];
}

export async function receptionAccess(db: Db, ctx: AuthContext | null, types: CaseTypes): Promise<ReceptionAccess> {
  return receptionAccessOf(db, await caseAccess(db, ctx, types));
}

/** The same, from a case access already built (the report's drill-down hands one over). */
export async function receptionAccessOf(db: Db, access: CaseAccess): Promise<ReceptionAccess> {
  // What visitors bring is petition material: read where petitions are (the petition type's readers).
  const { cases, fullTowns, roleTowns } = await townRoleAccess(db, access, 'petition', RECEPTION_WRITER_ROLES);
  return { cases, fullTowns, writeTowns: roleTowns };
}

const col = (alias: string, name: string) => sql<number>`${sql.ref(`${alias}.${name}`)}`;
const inTowns = (alias: string, towns: number[]) =>
  towns.length === 0 ? sql<SqlBool>`false` : sql<SqlBool>`${col(alias, 'town_id')} in (${sql.join(towns)})`;

/** Slots: the whole schedule for town-wide readers, the published part for everyone in the town. */
export function visibleSlot(acc: ReceptionAccess, alias = 's'): Expression<SqlBool> {
  return sql<SqlBool>`(${inTowns(alias, acc.fullTowns)} or (${inTowns(alias, acc.cases.townIds)} and ${sql.ref(`${alias}.published`)} and not ${sql.ref(`${alias}.cancelled`)}))`;
}

/** Receptions: town-wide readers only (visitors' matters are not the villages' business). */
export function visibleReception(acc: ReceptionAccess, alias = 'r'): Expression<SqlBool> {
  return inTowns(alias, acc.fullTowns);
}

/** Visits: town-wide readers, and readers whose scope covers the village visited. */
export function visibleVisit<DBT, TB extends keyof DBT>(
  eb: ExpressionBuilder<DBT, TB>,
  acc: ReceptionAccess,
  alias = 'v',
): Expression<SqlBool> {
  const { townIds, read, auth } = acc.cases;
  if (townIds.length === 0) return sql<SqlBool>`false`;
  const ors: Expression<SqlBool>[] = [inTowns(alias, acc.fullTowns)];
  if (!isEmptyScope(read)) {
    ors.push(
      scopeFilter(
        eb,
        { ...read, self: false },
        { unitId: col(alias, 'unit_id'), unitPath: sql<string>`${sql.ref(`${alias}.unit_path`)}` },
        auth.userId,
      ),
    );
  }
  return eb.and([inTowns(alias, townIds), eb.or(ors)]);
}
