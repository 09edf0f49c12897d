/**
 * Helpers the fact providers share: turning grouped aggregate rows into per-town figures,
 * percentages computed the one way the report prints them, and the drill-down over cases
 * (the records behind a figure, restricted to what the reader may see).
 */
import { type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type CaseAccess, visibleCase } from '../cases/access.ts';
import type { Db } from '../db/index.ts';
import type { DB } from '../db/schema.ts';
import type { FactRecord } from './facts.ts';

/** A percentage with one decimal, null when nothing was counted (never 0 % of nothing). */
export function pct(part: number | null | undefined, whole: number | null | undefined): number | null {
  if (part == null || whole == null || whole === 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** A figure as a JS number (counts arrive as strings from PostgreSQL, numbers from PGlite). */
export const num = (v: unknown): number => Number(v ?? 0);

/** Every requested town gets a record, zeros where the town had nothing (the contract). */
export function perTown<R extends { town_id: number | string }>(
  townIds: readonly number[],
  rows: readonly R[],
  toFacts: (row: R | undefined) => Record<string, number | null>,
): Map<number, Record<string, number | null>> {
  const byTown = new Map(rows.map((r) => [Number(r.town_id), r]));
  return new Map(townIds.map((t) => [t, toFacts(byTown.get(t))]));
}

/** The Asia/Shanghai date of a timestamptz column, as yyyy-MM-dd text (China has no DST). */
export const shanghaiDayText = (col: RawBuilder<unknown>) =>
  sql<string>`to_char(((${col} at time zone 'UTC') + interval '8 hours')::date, 'YYYY-MM-DD')`;

type CaseEb = ExpressionBuilder<{ c: DB['cases'] }, 'c'>;

/**
 * The cases behind a figure: those of `type` in the town matching `where` (the figure's own
 * condition, cohort included), and visible to the reader. Ordered by the cohort date.
 */
export async function drillCases(
  db: Db,
  access: CaseAccess,
  q: {
    type: string;
    townId: number;
    where: (eb: CaseEb) => Expression<SqlBool>;
    date: RawBuilder<string | null>;
    stateLabels: Record<string, string>;
    /** The fact's deciding column (facts.ts `decidingColumn`): its value per case, and labels for codes. */
    deciding?: { value: RawBuilder<string | null>; labels?: Record<string, string> } | undefined;
    limit: number;
    offset: number;
  },
): Promise<{ total: number; records: FactRecord[] }> {
  const base = () =>
    db
      .selectFrom('cases as c')
      .where('c.town_id', '=', q.townId)
      .where('c.type', '=', q.type)
      .where((eb) => q.where(eb))
      .where((eb) => visibleCase(eb, access));
  const count = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base()
    .select([
      'c.id',
      'c.number',
      'c.title',
      'c.state',
      q.date.as('on_date'),
      sql<string | null>`(select u.name from org_units u where u.id = c.unit_id)`.as('unit_name'),
      (q.deciding?.value ?? sql<string | null>`null`).as('deciding'),
    ])
    .orderBy(q.date)
    .orderBy('c.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return {
    total: num(count.n),
    records: rows.map((r) => ({
      id: String(r.id),
      reference: r.number,
      title: r.title,
      date: r.on_date,
      unitName: r.unit_name ?? '镇本级',
      state: q.stateLabels[r.state] ?? r.state,
      ...(q.deciding ? { deciding: r.deciding == null ? null : (q.deciding.labels?.[r.deciding] ?? r.deciding) } : {}),
      href: `/cases/${r.id}`,
    })),
  };
}

/** The labels of a case type's states, for the drill-down's state column. */
export function stateLabelsOf(type: { states: Record<string, { label?: unknown }> }): Record<string, string> {
  return Object.fromEntries(Object.entries(type.states).map(([k, s]) => [k, String(s.label ?? k)]));
}
