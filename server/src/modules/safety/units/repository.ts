/** SQL of the register of production and business units (safety_units) and the unit's overview. */
import { type ExpressionBuilder, type Insertable, sql, type Updateable } from 'kysely';
import { type CaseAccess, visibleCase } from '../../../cases/access.ts';
import { escapeLike } from '../../../cases/repository.ts';
import type { Db } from '../../../db/index.ts';
import type { DB, SafetyLicence, SafetyUnitsTable } from '../../../db/schema.ts';

export interface UnitFilter {
  townId: number;
  /** null = every village of the town; else only units of these villages. */
  villageIds: readonly number[] | null;
  villageId?: number | undefined;
  industry?: string | undefined;
  risk?: string | undefined;
  q?: string | undefined;
  status: 'active' | 'inactive' | 'all';
}

type U = ExpressionBuilder<DB & { s: DB['safety_units'] }, 's'>;

/** Hazard cases of the unit (cases.fields->>'unitId', the hazard contract) still open. */
const openHazards = (eb: U) =>
  eb
    .selectFrom('cases as c')
    .select(sql<number>`count(*)::int`.as('n'))
    .whereRef('c.town_id', '=', 's.town_id')
    .where('c.type', '=', 'hazard')
    .where('c.terminal', '=', false)
    .where(sql<boolean>`c.fields->>'unitId' = ${eb.ref('s.id')}::text`);

const lastInspected = (eb: U) =>
  eb
    .selectFrom('safety_inspections as i')
    .select(sql<string | null>`max(i.inspected_on)::text`.as('d'))
    .whereRef('i.town_id', '=', 's.town_id')
    .whereRef('i.unit_id', '=', 's.id');

function base(db: Db) {
  return db
    .selectFrom('safety_units as s')
    .leftJoin('org_units as v', 'v.id', 's.village_id')
    .selectAll('s')
    .select((eb) => [
      'v.name as village_name',
      openHazards(eb).as('open_hazards'),
      lastInspected(eb).as('last_inspected_on'),
    ]);
}

/** The licences as the jsonb column takes them. */
export const licencesJson = (ls: SafetyLicence[]) => JSON.stringify(ls);

export async function list(db: Db, f: UnitFilter, offset: number, limit: number) {
  let q = db.selectFrom('safety_units as s').where('s.town_id', '=', f.townId);
  if (f.villageIds !== null) {
    q = f.villageIds.length === 0 ? q.where(sql<boolean>`false`) : q.where('s.village_id', 'in', [...f.villageIds]);
  }
  if (f.villageId !== undefined) q = q.where('s.village_id', '=', f.villageId);
  if (f.industry) q = q.where('s.industry', '=', f.industry);
  if (f.risk) q = q.where('s.risk_class', '=', f.risk as 'key' | 'general');
  if (f.status !== 'all') q = q.where('s.active', '=', f.status === 'active');
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`s.name like ${like} escape '\\'`,
        sql<boolean>`s.credit_code like ${like.toUpperCase()} escape '\\'`,
        sql<boolean>`s.address like ${like} escape '\\'`,
        sql<boolean>`s.principal_name like ${like} escape '\\'`,
      ]),
    );
  }
  const total = Number((await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
  const ids = await q
    .select('s.id')
    .orderBy('s.active', 'desc')
    .orderBy('s.risk_class', 'desc')
    .orderBy('s.id')
    .offset(offset)
    .limit(limit)
    .execute();
  if (ids.length === 0) return { total, rows: [] };
  const rows = await base(db)
    .where(
      's.id',
      'in',
      ids.map((r) => r.id),
    )
    .execute();
  const order = new Map(ids.map((r, i) => [Number(r.id), i]));
  rows.sort((a, b) => order.get(Number(a.id))! - order.get(Number(b.id))!);
  return { total, rows };
}
export type UnitRow = Awaited<ReturnType<typeof unit>> & {};

export async function unit(db: Db, id: number) {
  return base(db).where('s.id', '=', id).executeTakeFirst();
}

/** The town's villages and communities: where a unit may lie. */
export async function villages(db: Db, townId: number) {
  return db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('town_id', '=', townId)
    .where('kind', 'in', ['village', 'community'])
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

/** Another unit of the town with the credit code. */
export async function creditTaken(db: Db, townId: number, code: string, exceptId?: number) {
  let q = db
    .selectFrom('safety_units')
    .select(['id', 'name'])
    .where('town_id', '=', townId)
    .where('credit_code', '=', code);
  if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
  return q.executeTakeFirst();
}

/** The town's units holding any of the codes (the import's duplicates). */
export async function byCreditCodes(db: Db, townId: number, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('safety_units')
    .select(['id', 'name', 'credit_code'])
    .where('town_id', '=', townId)
    .where('credit_code', 'in', [...codes])
    .execute();
}

export async function insert(db: Db, values: Insertable<SafetyUnitsTable>) {
  const row = await db.insertInto('safety_units').values(values).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Applies the change when the version still matches; false when someone saved in between. */
export async function update(db: Db, id: number, version: number, set: Updateable<SafetyUnitsTable>) {
  const res = await db
    .updateTable('safety_units')
    .set({ ...set, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

export async function inspections(db: Db, townId: number, unitId: number) {
  return db
    .selectFrom('safety_inspections')
    .select(['id', 'inspected_on', 'kind', 'place', 'findings', 'action_taken'])
    .where('town_id', '=', townId)
    .where('unit_id', '=', unitId)
    .orderBy('inspected_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The unit's hazard cases (type `hazard`, fields.unitId = the unit), newest first. */
export async function hazards(db: Db, townId: number, unitId: number) {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'number',
      'title',
      'state',
      'terminal',
      'closed_on',
      sql<string | null>`fields->>'level'`.as('level'),
      sql<string | null>`fields->>'foundOn'`.as('found_on'),
      sql<string | null>`fields->>'description'`.as('description'),
    ])
    .where('town_id', '=', townId)
    .where('type', '=', 'hazard')
    .where(sql<boolean>`fields->>'unitId' = ${String(unitId)}`)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * The `penalty` cases the hazards led to (case_links kind `penalty`, from the hazard: see
 * cases/links.ts), with the decision date the penalty case records.
 */
export async function penaltiesOf(db: Db, townId: number, hazardIds: readonly number[]) {
  if (hazardIds.length === 0) return [];
  return db
    .selectFrom('case_links as l')
    .innerJoin('cases as p', 'p.id', 'l.to_case_id')
    .select([
      'l.from_case_id as hazard_id',
      'p.id',
      'p.number',
      'p.title',
      'p.state',
      'p.terminal',
      sql<string | null>`p.fields->>'decidedOn'`.as('decided_on'),
    ])
    .where('l.town_id', '=', townId)
    .where('l.kind', '=', 'penalty')
    .where('p.type', '=', 'penalty')
    .where('l.from_case_id', 'in', [...hazardIds])
    .orderBy('p.created_at')
    .execute();
}

/** Which of the cases the user may open (the case pages' own rule). */
export async function visibleCaseIds(db: Db, access: CaseAccess, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('cases as c')
    .select('c.id')
    .where('c.id', 'in', [...ids])
    .where((eb) => visibleCase(eb, access))
    .execute();
  return new Set(rows.map((r) => Number(r.id)));
}
