/**
 * Factories shared by the demo seed and the tests. Each builds the parents it needs
 * (a user without a unit gets a county and a town), so a test states only what it
 * cares about.
 */
import { roleDef, type Scope } from '@fazhi/domain';
import { type Kysely, sql } from 'kysely';
import type { DB, OrgUnitsTable } from '../db/schema.ts';
import { hashPassword } from '../platform/passwords.ts';

type Kind = OrgUnitsTable['kind'];

export interface UnitRow {
  id: number;
  parent_id: number | null;
  town_id: number | null;
  kind: Kind;
  name: string;
  code: string | null;
  path: string;
}

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function createUnit(
  db: Kysely<DB>,
  input: { kind: Kind; name?: string; code?: string | null; parent?: UnitRow | null; sortOrder?: number },
): Promise<UnitRow> {
  const parent = input.parent ?? null;
  const { id } = (await sql<{ id: number }>`select nextval('org_units_id_seq')::int as id`.execute(db)).rows[0]!;
  const row: UnitRow = {
    id,
    parent_id: parent?.id ?? null,
    town_id: input.kind === 'town' ? id : (parent?.town_id ?? null),
    kind: input.kind,
    name: input.name ?? `${input.kind}-${uniq()}`,
    code: input.code ?? null,
    path: `${parent?.path ?? '/'}${id}/`,
  };
  await db
    .insertInto('org_units')
    .values({
      ...row,
      depth: parent ? parent.path.split('/').filter(Boolean).length : 0,
      sort_order: input.sortOrder ?? 0,
    })
    .execute();
  return row;
}

/** A county with one town: the smallest tree most tests need. */
export async function createTown(
  db: Kysely<DB>,
  name?: string,
  county?: UnitRow,
): Promise<{ county: UnitRow; town: UnitRow }> {
  const c = county ?? (await createUnit(db, { kind: 'county', name: `测试县${uniq()}` }));
  const town = await createUnit(db, { kind: 'town', name: name ?? `测试镇${uniq()}`, parent: c });
  return { county: c, town };
}

// Hashing costs ~90 ms; tests and the demo reuse one hash per distinct password.
const hashCache = new Map<string, Promise<string>>();
export function cachedHash(password: string): Promise<string> {
  let h = hashCache.get(password);
  if (!h) {
    h = hashPassword(password);
    hashCache.set(password, h);
  }
  return h;
}

export interface UserRow {
  id: number;
  username: string;
  password: string;
}

export async function createUser(
  db: Kysely<DB>,
  input: {
    username?: string;
    displayName?: string;
    password?: string;
    roles: { role: string; unit?: UnitRow; scope?: Scope }[];
    mustChangePassword?: boolean;
    demoAccount?: boolean;
    phone?: string | null;
  },
): Promise<UserRow> {
  const password = input.password ?? 'Test@2026x';
  const roles = await Promise.all(
    input.roles.map(async (r) => ({ ...r, unit: r.unit ?? (await createTown(db)).town })),
  );
  const hash = await cachedHash(password);
  const username = input.username ?? `u${uniq()}`.toLowerCase().slice(0, 32);
  const user = await db
    .insertInto('users')
    .values({
      username,
      display_name: input.displayName ?? username,
      phone: input.phone ?? null,
      password_hash: hash,
      must_change_password: input.mustChangePassword ?? false,
      demo_account: input.demoAccount ?? false,
      town_id: roles.find((r) => r.unit.town_id)?.unit.town_id ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('password_history').values({ user_id: user.id, password_hash: hash }).execute();
  for (const r of roles) {
    const def = roleDef(r.role);
    if (!def) throw new Error(`unknown role ${r.role}`);
    await db
      .insertInto('user_roles')
      .values({
        user_id: user.id,
        role: r.role,
        unit_id: r.unit.id,
        town_id: r.unit.town_id,
        scope: r.scope ?? def.defaultScope,
      })
      .execute();
  }
  return { id: user.id, username, password };
}
