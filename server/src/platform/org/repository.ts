/**
 * The SQL of the organisation tree (./service.ts). Every write method takes the open
 * transaction (the embedded database has a single connection).
 */
import type { DataScope, OrgKind } from '@fazhi/domain';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { scopeFilter } from '../context.ts';

const UNIT_COLUMNS = [
  'u.id',
  'u.parent_id',
  'u.town_id',
  'u.kind',
  'u.name',
  'u.code',
  'u.path',
  'u.sort_order',
  'u.version',
] as const;

export interface UnitRow {
  id: number;
  parent_id: number | null;
  town_id: number | null;
  kind: OrgKind;
  name: string;
  code: string | null;
  path: string;
  sort_order: number;
  version: number;
  has_children?: unknown;
}

/** What still names a unit, in the order the refusal to delete it reports them. */
export type UnitReference = 'child' | 'member' | 'townUser' | 'case' | 'party' | 'campaignReturn' | 'visit';

export class OrgRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The unit, if it lies in the scope. */
  async findInScope(scope: DataScope, userId: number, id: number): Promise<UnitRow | undefined> {
    return this.db
      .selectFrom('org_units as u')
      .select(UNIT_COLUMNS)
      .select((eb) => [
        eb
          .exists(eb.selectFrom('org_units as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))
          .as('has_children'),
      ])
      .where('u.id', '=', id)
      .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, userId))
      .executeTakeFirst();
  }

  /**
   * The children of `parentId` in scope, or without it the roots of what the scope shows:
   * scope units whose ancestors are all out of scope.
   */
  async children(scope: DataScope, userId: number, parentId: number | undefined): Promise<UnitRow[]> {
    let q = this.db
      .selectFrom('org_units as u')
      .select(UNIT_COLUMNS)
      .select((eb) => [
        eb
          .exists(eb.selectFrom('org_units as c').select('c.id').whereRef('c.parent_id', '=', 'u.id'))
          .as('has_children'),
      ])
      .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, userId));
    if (parentId) {
      q = q.where('u.parent_id', '=', parentId);
    } else {
      const rootPaths = scope.prefixes;
      q = q.where((eb) =>
        eb.or([
          ...(rootPaths.length ? [eb('u.path', 'in', rootPaths)] : []),
          ...(scope.unitIds.length ? [eb('u.id', 'in', scope.unitIds)] : []),
        ]),
      );
    }
    return q.orderBy('u.sort_order').orderBy('u.id').limit(1000).execute();
  }

  /** How many units sit directly under the unit and how many users hold a post in it. */
  async counts(id: number): Promise<{ childCount: number; userCount: number }> {
    const counts = await this.db
      .selectFrom('org_units as u')
      .select((eb) => [
        eb
          .selectFrom('org_units')
          .select(eb.fn.countAll<number>().as('n'))
          .where('parent_id', '=', id)
          .as('child_count'),
        eb
          .selectFrom('user_roles')
          .select(sql<number>`count(distinct user_id)`.as('n'))
          .where('unit_id', '=', id)
          .as('user_count'),
      ])
      .where('u.id', '=', id)
      .executeTakeFirstOrThrow();
    return { childCount: Number(counts.child_count ?? 0), userCount: Number(counts.user_count ?? 0) };
  }

  async nameAndCode(id: number): Promise<{ name: string; code: string | null } | undefined> {
    return this.db.selectFrom('org_units').select(['name', 'code']).where('id', '=', id).executeTakeFirst();
  }

  async nextId(trx: Kysely<DB>): Promise<number> {
    const r = await sql<{ id: number }>`select nextval('org_units_id_seq')::int as id`.execute(trx);
    return r.rows[0]!.id;
  }

  /** Another unit under the same parent with this name, if any. */
  async siblingNamed(trx: Kysely<DB>, parentId: number | null, name: string, selfId: number | null) {
    let q = trx.selectFrom('org_units').select('id').where('name', '=', name);
    q = parentId == null ? q.where('parent_id', 'is', null) : q.where('parent_id', '=', parentId);
    if (selfId) q = q.where('id', '!=', selfId);
    return q.executeTakeFirst();
  }

  /** Another unit with this division code, if any. */
  async withCode(trx: Kysely<DB>, code: string, selfId: number | null) {
    let c = trx.selectFrom('org_units').select(['id', 'name']).where('code', '=', code);
    if (selfId) c = c.where('id', '!=', selfId);
    return c.executeTakeFirst();
  }

  async insert(
    trx: Kysely<DB>,
    u: {
      id: number;
      parentId: number;
      townId: number | null;
      kind: OrgKind;
      name: string;
      code: string | null;
      path: string;
      depth: number;
      sortOrder: number;
    },
  ): Promise<void> {
    await trx
      .insertInto('org_units')
      .values({
        id: u.id,
        parent_id: u.parentId,
        town_id: u.townId,
        kind: u.kind,
        name: u.name,
        code: u.code,
        path: u.path,
        depth: u.depth,
        sort_order: u.sortOrder,
      })
      .execute();
  }

  /** Writes the unit if it is still at `version`; false when someone got there first. */
  async update(
    trx: Kysely<DB>,
    id: number,
    version: number,
    set: { name: string; code: string | null; sortOrder: number; nextVersion: number },
    now: Date,
  ): Promise<boolean> {
    const r = await trx
      .updateTable('org_units')
      .set({ name: set.name, code: set.code, sort_order: set.sortOrder, version: set.nextVersion, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** The first kind of record that still names the unit, or null. */
  async firstReference(trx: Kysely<DB>, id: number): Promise<UnitReference | null> {
    const probes: [UnitReference, () => Promise<unknown>][] = [
      ['child', () => trx.selectFrom('org_units').select('id').where('parent_id', '=', id).limit(1).executeTakeFirst()],
      ['member', () => trx.selectFrom('user_roles').select('id').where('unit_id', '=', id).limit(1).executeTakeFirst()],
      ['townUser', () => trx.selectFrom('users').select('id').where('town_id', '=', id).limit(1).executeTakeFirst()],
      [
        'case',
        () =>
          trx
            .selectFrom('cases')
            .select('id')
            .where((eb) => eb.or([eb('unit_id', '=', id), eb('town_id', '=', id)]))
            .limit(1)
            .executeTakeFirst(),
      ],
      ['party', () => trx.selectFrom('parties').select('id').where('unit_id', '=', id).limit(1).executeTakeFirst()],
      [
        'campaignReturn',
        () => trx.selectFrom('campaign_returns').select('id').where('unit_id', '=', id).limit(1).executeTakeFirst(),
      ],
      [
        'visit',
        () => trx.selectFrom('leader_visits').select('id').where('unit_id', '=', id).limit(1).executeTakeFirst(),
      ],
    ];
    // One after another: inside a transaction the queries share one connection.
    for (const [kind, probe] of probes) if (await probe()) return kind;
    return null;
  }

  async delete(trx: Kysely<DB>, id: number): Promise<void> {
    await trx.deleteFrom('org_units').where('id', '=', id).execute();
  }
}
