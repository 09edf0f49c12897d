/** SQL of the inspection records and their photos (migration 0020_safety.sql). */
import { type SqlBool, sql } from 'kysely';
import type { Db } from '../../../db/index.ts';
import { scopeFilter } from '../../../platform/context.ts';
import { readableUnit, type SafetyAccess } from './access.ts';

/** A unit with where it lies for the scope test (its village, else its town). */
export async function unitPlace(db: Db, unitId: number) {
  return db
    .selectFrom('safety_units as u')
    .innerJoin('org_units as place', (j) => j.on(sql`place.id`, '=', sql`coalesce(u.village_id, u.town_id)`))
    .leftJoin('org_units as v', 'v.id', 'u.village_id')
    .select([
      'u.id',
      'u.town_id',
      'u.village_id',
      'u.name',
      'u.address',
      'u.industry',
      'u.principal_name',
      'u.active',
      'place.id as placeId',
      'place.path as placePath',
      'v.name as village_name',
    ])
    .where('u.id', '=', unitId)
    .executeTakeFirst();
}
export type UnitPlaceRow = NonNullable<Awaited<ReturnType<typeof unitPlace>>>;

export async function byClientId(db: Db, townId: number, clientId: string) {
  return db
    .selectFrom('safety_inspections')
    .select('id')
    .where('town_id', '=', townId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** Inspections the user reads, joined to their unit and its place. */
function visible(db: Db, acc: SafetyAccess) {
  return db
    .selectFrom('safety_inspections as i')
    .innerJoin('safety_units as u', 'u.id', 'i.unit_id')
    .innerJoin('org_units as place', (j) => j.on(sql`place.id`, '=', sql`coalesce(u.village_id, u.town_id)`))
    .leftJoin('org_units as v', 'v.id', 'u.village_id')
    .where((eb) =>
      readableUnit(eb, acc, {
        placeId: sql<number>`place.id`,
        placePath: sql<string>`place.path`,
      }),
    );
}

const hazardCount = sql<number>`(select count(*)::int from cases c where c.type = 'hazard'
  and c.town_id = i.town_id and (c.fields->>'inspectionId') = i.id::text)`;
const problemCount = sql<number>`(select count(*)::int from jsonb_array_elements(i.results) r
  where r->>'result' = 'problem')`;
const officerNames = sql<string[]>`array(select o.name from enforcement_officers o
  where o.id = any(i.officer_ids) order by array_position(i.officer_ids, o.id))`;

export interface ListFilter {
  unitId?: number | undefined;
  kind?: string | undefined;
  month?: string | undefined;
}

export async function list(db: Db, acc: SafetyAccess, f: ListFilter, page: number, pageSize: number) {
  const filtered = () =>
    visible(db, acc)
      .$if(f.unitId !== undefined, (q) => q.where('i.unit_id', '=', f.unitId!))
      .$if(f.kind !== undefined, (q) => q.where('i.kind', '=', f.kind as never))
      .$if(f.month !== undefined, (q) => q.where(sql<SqlBool>`to_char(i.inspected_on, 'YYYY-MM') = ${f.month}`));
  const total = await filtered()
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered()
    .select([
      'i.id',
      'i.unit_id',
      'u.name as unit_name',
      'v.name as village_name',
      'i.kind',
      sql<string>`to_char(i.inspected_on, 'YYYY-MM-DD')`.as('inspected_on'),
      'i.place',
      'i.principal_signed',
      'i.created_at',
      officerNames.as('officer_names'),
      problemCount.as('problems'),
      hazardCount.as('hazards'),
    ])
    .orderBy('i.inspected_on', 'desc')
    .orderBy('i.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total: Number(total.n), rows };
}

export async function detail(db: Db, acc: SafetyAccess, id: number) {
  return visible(db, acc)
    .innerJoin('users as cu', 'cu.id', 'i.created_by')
    .selectAll('i')
    .select([
      sql<string>`to_char(i.inspected_on, 'YYYY-MM-DD')`.as('inspected_day'),
      'u.name as unit_name',
      'u.address as unit_address',
      'u.principal_name',
      'v.name as village_name',
      'cu.display_name as created_by_name',
      problemCount.as('problems'),
      hazardCount.as('hazards'),
    ])
    .where('i.id', '=', id)
    .executeTakeFirst();
}
export type DetailRow = NonNullable<Awaited<ReturnType<typeof detail>>>;

export async function officersOf(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('enforcement_officers')
    .select(['id', 'name', 'cert_no'])
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const r = byId.get(Number(id));
    return r ? [r] : [];
  });
}

export async function photosOf(db: Db, inspectionId: number) {
  return db.selectFrom('safety_photos').selectAll().where('inspection_id', '=', inspectionId).orderBy('id').execute();
}

export async function photo(db: Db, id: number) {
  return db.selectFrom('safety_photos').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The photos with these ids, for the checks of a submission. */
export async function photosByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('safety_photos')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

/** The `hazard` cases registered from an inspection. */
export async function hazardCases(db: Db, townId: number, inspectionId: number) {
  return db
    .selectFrom('cases as c')
    .select(['c.id', 'c.number', 'c.state', 'c.fields'])
    .where('c.town_id', '=', townId)
    .where('c.type', '=', 'hazard')
    .where(sql<SqlBool>`(c.fields->>'inspectionId') = ${String(inspectionId)}`)
    .orderBy('c.id')
    .execute();
}

/** The photos (attachments) of each case, by their storage key, to tell which inspection photos they are. */
export async function caseAttachmentKeys(db: Db, caseIds: readonly number[]) {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('attachments')
    .select(['case_id', 'storage_key'])
    .where('case_id', 'in', [...caseIds])
    .execute();
}

/** Active units in the user's write scope (the form's picker). */
export async function writableUnits(db: Db, acc: SafetyAccess) {
  return db
    .selectFrom('safety_units as u')
    .innerJoin('org_units as place', (j) => j.on(sql`place.id`, '=', sql`coalesce(u.village_id, u.town_id)`))
    .leftJoin('org_units as v', 'v.id', 'u.village_id')
    .select(['u.id', 'u.name', 'u.address', 'u.industry', 'v.name as village_name'])
    .where('u.active', '=', true)
    .where((eb) =>
      scopeFilter(eb, acc.write, { unitId: sql<number>`place.id`, unitPath: sql<string>`place.path` }, acc.auth.userId),
    )
    .orderBy('u.name')
    .limit(2000)
    .execute();
}

export async function activeChecklists(db: Db, townIds: readonly number[]) {
  if (townIds.length === 0) return [];
  return db
    .selectFrom('safety_checklists')
    .select(['id', 'title', 'industry', 'items'])
    .where('town_id', 'in', [...townIds])
    .where('active', '=', true)
    .orderBy('industry')
    .orderBy('title')
    .execute();
}
