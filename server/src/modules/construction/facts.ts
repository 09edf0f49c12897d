/**
 * 违建's figures for the dashboard and the annual report (facts/facts.ts), one aggregate per
 * call grouped by town, and the drill-down behind each. Definitions:
 * - 新发现: found (发现日期) in the year and built in it (开工日期, or when unknown the 发现日期,
 *   not before 1 January), not found lawful on investigation;
 * - 及时制止: of those, the ones whose 责令停止违法建设通知书 was dated the day of discovery or
 *   the next working day of the town's calendar (recorded on the case by the stop action,
 *   domain `stoppedAtOnce`); no statute fixes the measure, so the town's own is stated;
 * - 拆除: forced (强制拆除) or by the builder (自行拆除), the 拆除日期 in the year, with their area;
 * - 存量违建拆除: of those, the ones built before the year (开工日期, or else 发现日期, before 1 January).
 */
import { construction } from '@fazhi/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { drillCases, num, pct, perTown, stateLabelsOf } from '../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../facts/facts.ts';

const f = (key: string) => sql.raw(`(c.fields->>'${key}')`);
const built = sql`coalesce(${f('startedOn')}, ${f('foundOn')})`;

const inYear = (col: RawBuilder<unknown>, y: number) => sql`(${col} between ${`${y}-01-01`} and ${`${y}-12-31`})`;

/** Each figure's condition on a case `c` of the type, for year `y`, and the date that put it in the year. */
const RULES: Record<string, { where: (y: number) => RawBuilder<unknown>; date: RawBuilder<string | null> }> = {
  found: {
    where: (y) =>
      sql`${inYear(f('foundOn'), y)} and ${built} >= ${`${y}-01-01`} and coalesce(${f('outcome')}, '') <> 'not_illegal'`,
    date: sql`${f('foundOn')}`,
  },
  stopped: {
    where: (y) =>
      sql`${inYear(f('foundOn'), y)} and ${built} >= ${`${y}-01-01`} and coalesce(${f('outcome')}, '') <> 'not_illegal' and ${f('stoppedAtOnce')} = 'true'`,
    date: sql`${f('stopOrderedOn')}`,
  },
  demolished: {
    where: (y) => sql`${f('outcome')} in ('demolished', 'self_demolished') and ${inYear(f('demolishedOn'), y)}`,
    date: sql`${f('demolishedOn')}`,
  },
  forced: {
    where: (y) => sql`${f('outcome')} = 'demolished' and ${inYear(f('demolishedOn'), y)}`,
    date: sql`${f('demolishedOn')}`,
  },
  self: {
    where: (y) => sql`${f('outcome')} = 'self_demolished' and ${inYear(f('demolishedOn'), y)}`,
    date: sql`${f('demolishedOn')}`,
  },
  old: {
    where: (y) =>
      sql`${f('outcome')} in ('demolished', 'self_demolished') and ${inYear(f('demolishedOn'), y)} and ${built} < ${`${y}-01-01`}`,
    date: sql`${f('demolishedOn')}`,
  },
};

const FACTS: (FactDef & { rule: keyof typeof RULES })[] = [
  {
    key: 'land.illegal_constructions_found',
    label: '新发现违法建设',
    unit: '个',
    definition:
      '发现日期在统计年度内、且于本年度开工建设（开工日期不详的按发现日期）的违法建设；经调查不属于违法建设的不计入。',
    combine: { kind: 'sum' },
    rule: 'found',
  },
  {
    key: 'land.illegal_constructions_stopped',
    label: '及时制止违法建设',
    unit: '个',
    definition: '新发现违法建设中，在发现当日或者次一工作日内下达责令停止违法建设通知书的（本镇口径）。',
    decidingColumn: '责令停止日期',
    combine: { kind: 'sum' },
    rule: 'stopped',
  },
  {
    key: 'land.illegal_constructions_stopped_rate',
    label: '违法建设及时制止率',
    unit: '%',
    definition: '及时制止的违法建设 ÷ 新发现违法建设；明细列出及时制止的。',
    combine: {
      kind: 'ratio',
      numerator: 'land.illegal_constructions_stopped',
      denominator: 'land.illegal_constructions_found',
    },
    rule: 'stopped',
  },
  {
    key: 'land.illegal_constructions_demolished',
    label: '拆除违法建设',
    unit: '个',
    definition: '拆除日期在统计年度内的违法建设，含依法强制拆除和当事人自行拆除。',
    decidingColumn: '拆除日期',
    combine: { kind: 'sum' },
    rule: 'demolished',
  },
  {
    key: 'land.illegal_constructions_demolished_area',
    label: '拆除违法建设面积',
    unit: '平方米',
    definition: '统计年度内拆除（强制拆除和自行拆除）的违法建设面积之和。',
    decidingColumn: '拆除日期',
    combine: { kind: 'sum' },
    rule: 'demolished',
  },
  {
    key: 'land.illegal_constructions_forced',
    label: '强制拆除违法建设',
    unit: '个',
    definition: '统计年度内经催告、公告且复议和诉讼期限届满后依法强制拆除的违法建设（行政强制法第四十四条）。',
    decidingColumn: '拆除日期',
    combine: { kind: 'sum' },
    rule: 'forced',
  },
  {
    key: 'land.illegal_constructions_self_demolished',
    label: '当事人自行拆除违法建设',
    unit: '个',
    definition: '统计年度内当事人自行拆除、经执法人员现场核实的违法建设。',
    decidingColumn: '拆除日期',
    combine: { kind: 'sum' },
    rule: 'self',
  },
  {
    key: 'land.old_illegal_constructions_removed',
    label: '拆除存量违法建设',
    unit: '个',
    definition: '统计年度内拆除的违法建设中，开工日期（不详的按发现日期）在本年度以前的。',
    decidingColumn: '拆除日期',
    combine: { kind: 'sum' },
    rule: 'old',
  },
];

const STATE_LABELS = stateLabelsOf(construction);

export const constructionFacts: FactProvider = {
  // Under `land`, the key prefix the report's figures have used since they were hand-entered.
  module: 'land',
  moduleLabel: '违建治理',
  facts: FACTS.map(({ rule: _rule, ...d }) => ({ ...d, drillable: true })),

  async compute(db: Db, q) {
    if (q.townIds.length === 0) return new Map();
    const y = q.year;
    const { rows } = await sql<{
      town_id: number;
      found: string;
      stopped: string;
      demolished: string;
      area: string | null;
      forced: string;
      self: string;
      old: string;
    }>`
      select c.town_id,
        count(*) filter (where ${RULES.found!.where(y)}) as found,
        count(*) filter (where ${RULES.stopped!.where(y)}) as stopped,
        count(*) filter (where ${RULES.demolished!.where(y)}) as demolished,
        coalesce(sum((c.fields->>'demolishedArea')::numeric) filter (where ${RULES.demolished!.where(y)}), 0) as area,
        count(*) filter (where ${RULES.forced!.where(y)}) as forced,
        count(*) filter (where ${RULES.self!.where(y)}) as self,
        count(*) filter (where ${RULES.old!.where(y)}) as old
      from cases c
      where c.type = 'construction' and c.town_id in (${sql.join(q.townIds.map((t) => sql`${t}`))})
      group by c.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => ({
      'land.illegal_constructions_found': num(r?.found),
      'land.illegal_constructions_stopped': num(r?.stopped),
      'land.illegal_constructions_stopped_rate': pct(num(r?.stopped), num(r?.found)),
      'land.illegal_constructions_demolished': num(r?.demolished),
      'land.illegal_constructions_demolished_area': Math.round(num(r?.area) * 100) / 100,
      'land.illegal_constructions_forced': num(r?.forced),
      'land.illegal_constructions_self_demolished': num(r?.self),
      'land.old_illegal_constructions_removed': num(r?.old),
    }));
  },

  async drill(db, access, q) {
    const def = FACTS.find((d) => d.key === q.key);
    if (!def) return { total: 0, records: [] };
    const rule = RULES[def.rule]!;
    return drillCases(db, access, {
      type: 'construction',
      townId: q.townId,
      where: () => sql`${rule.where(q.year)}`,
      date: rule.date,
      stateLabels: STATE_LABELS,
      ...(def.decidingColumn
        ? {
            deciding: {
              value:
                q.key === 'land.illegal_constructions_demolished_area'
                  ? sql<string | null>`(c.fields->>'demolishedArea')`
                  : sql<string | null>`${rule.date}`,
            },
          }
        : {}),
      limit: q.limit,
      offset: q.offset,
    });
  },
};
