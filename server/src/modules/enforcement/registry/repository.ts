/** SQL of the enforcement register: officers (执法人员) and powers (权责清单), per town. */
import { sql } from 'kysely';
import type { Db } from '../../../db/index.ts';
import type { DiscretionLevel } from '../../../db/schema.ts';

export async function officers(db: Db, townId: number) {
  return db
    .selectFrom('enforcement_officers as o')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .selectAll('o')
    .select('u.display_name as user_name')
    .where('o.town_id', '=', townId)
    .orderBy('o.active', 'desc')
    .orderBy('o.id')
    .execute();
}
export type OfficerRow = Awaited<ReturnType<typeof officers>>[number];

export async function officer(db: Db, id: number) {
  return db
    .selectFrom('enforcement_officers as o')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .selectAll('o')
    .select('u.display_name as user_name')
    .where('o.id', '=', id)
    .executeTakeFirst();
}

/** Another officer of the town holding the certificate number. */
export async function certTaken(db: Db, townId: number, certNo: string, exceptId?: number) {
  let q = db
    .selectFrom('enforcement_officers')
    .select('id')
    .where('town_id', '=', townId)
    .where('cert_no', '=', certNo);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

/** Whether the account belongs to the town (its home town or a role in it). */
export async function userInTown(db: Db, townId: number, userId: number) {
  const row = await db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('u.town_id', '=', townId),
        eb.exists(
          eb
            .selectFrom('user_roles as r')
            .select('r.id')
            .whereRef('r.user_id', '=', 'u.id')
            .where('r.town_id', '=', townId),
        ),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The town's accounts an officer may be linked to (not disabled, not the 三员). */
export async function townUsers(db: Db, townId: number) {
  return db
    .selectFrom('users as u')
    .innerJoin('user_roles as r', 'r.user_id', 'u.id')
    .innerJoin('org_units as o', 'o.id', 'r.unit_id')
    .select(['u.id', 'u.display_name', sql<string>`min(o.name)`.as('unit')])
    .where('r.town_id', '=', townId)
    .where('u.disabled', '=', false)
    .where('r.role', 'not in', ['sysadmin', 'secadmin', 'auditor'])
    .groupBy(['u.id', 'u.display_name'])
    .orderBy('u.display_name')
    .execute();
}

export async function powers(db: Db, townId: number) {
  return db
    .selectFrom('enforcement_powers')
    .selectAll()
    .where('town_id', '=', townId)
    .orderBy('active', 'desc')
    .orderBy('field')
    .orderBy('code')
    .execute();
}
export type PowerRow = Awaited<ReturnType<typeof powers>>[number];

export async function power(db: Db, id: number) {
  return db.selectFrom('enforcement_powers').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function codeTaken(db: Db, townId: number, code: string, exceptId?: number) {
  let q = db.selectFrom('enforcement_powers').select('id').where('town_id', '=', townId).where('code', '=', code);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return (await q.executeTakeFirst()) !== undefined;
}

export const discretionJson = (levels: DiscretionLevel[]) => JSON.stringify(levels);
