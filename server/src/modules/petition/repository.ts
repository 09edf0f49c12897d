/** The petition module's own SQL over the case tables (cases/repository.ts has the engine's). */
import type { CaseAccess } from '../../cases/access.ts';
import { listQuery } from '../../cases/repository.ts';
import type { Db } from '../../db/index.ts';

/** The case's parties in the roles, in order, with the ID number's lookup hash. */
export async function partiesInRoles(db: Db, caseId: number, roles: readonly string[]) {
  return db
    .selectFrom('case_parties as cp')
    .innerJoin('parties as p', 'p.id', 'cp.party_id')
    .select(['p.id', 'cp.name', 'p.id_masked', 'p.id_hash'])
    .where('cp.case_id', '=', caseId)
    .where('cp.role', 'in', [...roles])
    .orderBy('cp.sort')
    .execute();
}

/** Every other case's party row whose ID number hashes to one of `hashes` (any town, any role). */
export async function casePartiesByIdHash(db: Db, hashes: string[], exceptCaseId: number) {
  return db
    .selectFrom('case_parties as x')
    .innerJoin('parties as op', 'op.id', 'x.party_id')
    .select(['x.case_id', 'x.name', 'x.role'])
    .where('op.id_hash', 'in', hashes)
    .where('x.case_id', '!=', exceptCaseId)
    .execute();
}

/** The cases among the ids the user can see, newest first. */
export async function visibleCasesNewestFirst(db: Db, access: CaseAccess, ids: number[], limit: number) {
  return listQuery(db, access)
    .where('c.id', 'in', ids)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}
