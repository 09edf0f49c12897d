/** The mediation module's own SQL over the case tables (cases/repository.ts has the engine's). */
import { type SqlBool, sql } from 'kysely';
import type { CaseAccess } from '../../cases/access.ts';
import { listQuery } from '../../cases/repository.ts';
import type { Db } from '../../db/index.ts';

/** What may make an open dispute look like the one being registered (any given part matches). */
export interface DuplicateProbe {
  /** The lookup hash of the party's ID number. */
  idHash: string | null;
  /** A party's name together with the lookup hash of their phone. */
  namePhone: { name: string; phoneHash: string } | null;
  /** The same dispute type in the same village, registered since. */
  village: { unitId: number; disputeType: string; since: Date } | null;
}

/**
 * Open mediation cases the user can see matching the probe, newest change first (at most
 * 50), each row flagged with which part matched.
 */
export async function duplicateCandidates(db: Db, access: CaseAccess, p: DuplicateProbe) {
  const partyOf = (match: ReturnType<typeof sql<SqlBool>>) =>
    // Parties are per town, like the case: the party's town_id leads the index.
    sql<SqlBool>`exists (select 1 from case_parties cp join parties p on p.id = cp.party_id
      where cp.case_id = c.id and p.town_id = c.town_id and ${match})`;
  const byId = p.idHash ? partyOf(sql<SqlBool>`p.id_hash = ${p.idHash}`) : null;
  const byNamePhone = p.namePhone
    ? partyOf(
        sql<SqlBool>`(cp.name = ${p.namePhone.name} or p.name = ${p.namePhone.name}) and p.phone_hash = ${p.namePhone.phoneHash}`,
      )
    : null;
  const byVillage = p.village
    ? sql<SqlBool>`c.unit_id = ${p.village.unitId} and c.fields->>'disputeType' = ${p.village.disputeType}
          and c.created_at >= ${p.village.since}`
    : null;
  const conditions = [byId, byNamePhone, byVillage].filter((x) => x !== null);
  if (conditions.length === 0) return [];
  return listQuery(db, access)
    .where('c.type', '=', 'mediation')
    .where('c.terminal', '=', false)
    .where((eb) => eb.or(conditions))
    .select([
      (byId ?? sql<SqlBool>`false`).as('by_id'),
      (byNamePhone ?? sql<SqlBool>`false`).as('by_name_phone'),
      (byVillage ?? sql<SqlBool>`false`).as('by_village'),
    ])
    .orderBy('c.updated_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(50)
    .execute();
}

/** A unit named in a query (the route checks it is one the user may read). */
export async function unitById(db: Db, id: number) {
  return db.selectFrom('org_units').select(['id', 'path', 'name', 'town_id']).where('id', '=', id).executeTakeFirst();
}

/** A town by id (undefined when the id is not a town). */
export async function townById(db: Db, id: number) {
  return db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('kind', '=', 'town')
    .executeTakeFirst();
}

/** The town's open disputes with what their risk is assessed from. */
export async function openDisputes(db: Db, townId: number) {
  return db
    .selectFrom('cases')
    .select(['id', 'fields', 'risk'])
    .where('town_id', '=', townId)
    .where('type', '=', 'mediation')
    .where('terminal', '=', false)
    .execute();
}

export async function setCaseRisk(trx: Db, caseId: number, risk: 'low' | 'medium' | 'high' | null): Promise<void> {
  await trx.updateTable('cases').set({ risk }).where('id', '=', caseId).execute();
}
