/**
 * 安全生产's figures for the dashboard and the annual report (facts/facts.ts), replacing the
 * hand-entered `safety.*` ones (the seed's “开展安全生产综合性检查工作近300次，出动人员近1000人”).
 * One definition per figure: each figure's condition below serves both its aggregate and its
 * drill-down, so the two cannot disagree. Cohorts:
 * - inspections (现场检查记录, 安全生产法 art 65, 68): the 检查日期 in the year; 出动人次 is the
 *   number of inspectors each record names, summed (an officer out on two inspections counts twice);
 * - the plan (art 62): the year's entries, fulfilled when an inspection names the entry;
 * - hazards (cases of type `hazard`, helper contract in docs: fields `foundOn`, `level`,
 *   `rectifyDeadline`; states found / rectified_on_spot / rectifying / reinspecting / closed /
 *   failed / penalized / transferred): found (发现日期) in the year. 整改 = 销号 or 当场整改;
 *   on time = 当场整改, or 销号 with the unit's rectification reported (the case entering
 *   待复查) by the 整改期限 and never 复查不合格. The rate is 整改 ÷ 发现 of the year's hazards.
 *
 * Like every fact, the figures are the town's own (unscoped); a drill-down lists the counted
 * records the reader may see: inspections of units in the reader's scope (a 村居干部 its
 * village's units), hazards by the case engine's `visibleCase`.
 */
import { hazard, unionScope } from '@fazhi/domain';
import {
  SAFETY_INSPECTION_KIND_LABELS,
  SAFETY_READER_ROLES,
  type SafetyInspectionKind,
} from '@fazhi/domain/api/safety';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { CaseAccess } from '../../cases/access.ts';
import type { Db } from '../../db/index.ts';
import { drillCases, num, pct, perTown, shanghaiDayText } from '../../facts/fact-sql.ts';
import type { FactDef, FactProvider, FactRecord } from '../../facts/facts.ts';

/** The hazard states' labels, as the case type names them (drill-down rows show them). */
export const HAZARD_STATE_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(hazard.states).map(([k, v]) => [k, v.label]),
);

const f = (key: string) => sql.raw(`(c.fields->>'${key}')`);
const inYear = (col: RawBuilder<unknown>, y: number) => sql`(${col} between ${`${y}-01-01`} and ${`${y}-12-31`})`;
const found = (y: number) => sql`${inYear(f('foundOn'), y)}`;
const rectified = sql`(c.state in ('closed', 'rectified_on_spot'))`;
/** The Shanghai day the case first entered a state (case_events), or null. */
const entered = (state: string) =>
  sql`(select min(${shanghaiDayText(sql`e.at`)}) from case_events e where e.case_id = c.id and e.to_state = ${state})`;
const everFailed = sql`exists (select 1 from case_events e where e.case_id = c.id and e.to_state = 'failed')`;
const onTime = sql`(c.state = 'rectified_on_spot' or (c.state = 'closed' and not ${everFailed}
  and ${f('rectifyDeadline')} is not null and coalesce(${entered('reinspecting')}, ${entered('closed')}) <= ${f('rectifyDeadline')}))`;
/** 逾期: 复查不合格 or past its 整改期限 still open (today in Shanghai). */
const overdue = (today: string) =>
  sql`(c.state = 'failed' or (c.state in ('found', 'rectifying') and ${f('rectifyDeadline')} < ${today}))`;
/** Linked to a 行政处罚 case (立案处罚), whichever way the link was recorded. */
const penalized = sql`(c.state = 'penalized' or exists (select 1 from case_links l
  join cases p on p.id = case when l.from_case_id = c.id then l.to_case_id else l.from_case_id end
  where (l.from_case_id = c.id or l.to_case_id = c.id) and p.type = 'penalty'))`;

interface HazardRule {
  where: (y: number, today: string) => RawBuilder<unknown>;
  deciding?: RawBuilder<string | null>;
}

const HAZARD_RULES: Record<string, HazardRule> = {
  'safety.hazards_found': { where: found, deciding: f('level') as RawBuilder<string | null> },
  'safety.hazards_found_general': { where: (y) => sql`(${found(y)} and ${f('level')} = 'general')` },
  'safety.hazards_found_major': { where: (y) => sql`(${found(y)} and ${f('level')} = 'major')` },
  'safety.hazards_rectified': { where: (y) => sql`(${found(y)} and ${rectified})` },
  'safety.rectification_rate': { where: (y) => sql`(${found(y)} and ${rectified})` },
  'safety.rectified_on_time': {
    where: (y) => sql`(${found(y)} and ${onTime})`,
    deciding: sql<string | null>`${f('rectifyDeadline')}`,
  },
  'safety.hazards_overdue': {
    where: (y, today) => sql`(${found(y)} and ${overdue(today)})`,
    deciding: sql<string | null>`${f('rectifyDeadline')}`,
  },
  'safety.penalties_from_hazards': { where: (y) => sql`(${found(y)} and ${penalized})` },
  'safety.transfers': { where: (y) => sql`(${found(y)} and c.state = 'transferred')` },
};

type InspectionRule = { kind?: SafetyInspectionKind };
const INSPECTION_RULES: Record<string, InspectionRule> = {
  'safety.inspections': {},
  'safety.inspectors': {},
  'safety.inspections_comprehensive': { kind: 'comprehensive' },
  'safety.inspections_special': { kind: 'special' },
  'safety.inspections_holiday': { kind: 'holiday' },
  'safety.reinspections': { kind: 'recheck' },
};

const sum = { kind: 'sum' } as const;

const FACTS: FactDef[] = [
  {
    key: 'safety.inspections',
    label: '安全生产检查',
    unit: '次',
    definition:
      '检查日期在统计年度内的安全生产现场检查记录（安全生产法第六十五条、第六十八条），含综合检查、专项检查、节前检查和复查，每份检查记录计一次。',
    combine: sum,
  },
  ...(['comprehensive', 'special', 'holiday'] as const).map(
    (k): FactDef => ({
      key: `safety.inspections_${k}`,
      label: `安全生产${SAFETY_INSPECTION_KIND_LABELS[k]}`,
      unit: '次',
      definition: `检查日期在统计年度内、检查类型为「${SAFETY_INSPECTION_KIND_LABELS[k]}」的现场检查记录。`,
      combine: sum,
    }),
  ),
  {
    key: 'safety.reinspections',
    label: '隐患整改复查',
    unit: '次',
    definition: '检查日期在统计年度内、检查类型为「复查」的现场检查记录（对限期整改隐患的复查）。',
    combine: sum,
  },
  {
    key: 'safety.inspectors',
    label: '出动检查人员',
    unit: '人次',
    definition: '统计年度内各次安全生产检查记录载明的检查人员人数之和；同一人参加多次检查的，按次数分别计入。',
    decidingColumn: '检查人员（人）',
    combine: sum,
  },
  {
    key: 'safety.units_covered',
    label: '检查覆盖生产经营单位',
    unit: '个',
    definition: '统计年度内至少接受过一次安全生产检查的生产经营单位，同一单位多次检查计一个。',
    combine: sum,
  },
  {
    key: 'safety.plan_total',
    label: '年度检查计划条目',
    unit: '项',
    definition: '统计年度监督检查计划（安全生产法第六十二条）所列的检查条目（单位×月份×检查类型）。',
    decidingColumn: '完成检查日期',
    combine: sum,
  },
  {
    key: 'safety.plan_done',
    label: '完成计划检查',
    unit: '项',
    definition: '年度监督检查计划条目中已有现场检查记录对应完成的。',
    decidingColumn: '完成检查日期',
    combine: sum,
  },
  {
    key: 'safety.plan_rate',
    label: '检查计划完成率',
    unit: '%',
    definition: '完成计划检查 ÷ 年度检查计划条目；明细列出已完成的条目。',
    decidingColumn: '完成检查日期',
    combine: { kind: 'ratio', numerator: 'safety.plan_done', denominator: 'safety.plan_total' },
  },
  {
    key: 'safety.hazards_found',
    label: '发现安全隐患',
    unit: '项',
    definition:
      '发现日期在统计年度内登记的安全生产事故隐患（安全生产法第四十一条），含检查发现和村（社区）报告的，一般隐患和重大隐患合计。',
    decidingColumn: '隐患等级',
    combine: sum,
  },
  {
    key: 'safety.hazards_found_general',
    label: '发现一般隐患',
    unit: '项',
    definition: '统计年度内发现的安全隐患中等级为一般隐患的。',
    combine: sum,
  },
  {
    key: 'safety.hazards_found_major',
    label: '发现重大隐患',
    unit: '项',
    definition: '统计年度内发现的安全隐患中等级为重大隐患的（按行业重大事故隐患判定标准）。',
    combine: sum,
  },
  {
    key: 'safety.hazards_rectified',
    label: '整改安全隐患',
    unit: '项',
    definition: '统计年度内发现的安全隐患中，已当场整改或经复查合格销号的。',
    combine: sum,
  },
  {
    key: 'safety.rectified_on_time',
    label: '按期整改安全隐患',
    unit: '项',
    definition:
      '统计年度内发现的安全隐患中，当场整改的，以及在责令整改期限内报告整改完成、经复查合格销号且未曾复查不合格的。',
    decidingColumn: '整改期限',
    combine: sum,
  },
  {
    key: 'safety.rectification_rate',
    label: '隐患整改率',
    unit: '%',
    definition: '整改安全隐患 ÷ 发现安全隐患（同为统计年度内发现的隐患）；明细列出已整改的。',
    combine: { kind: 'ratio', numerator: 'safety.hazards_rectified', denominator: 'safety.hazards_found' },
  },
  {
    key: 'safety.hazards_overdue',
    label: '逾期未整改隐患',
    unit: '项',
    definition: '统计年度内发现的安全隐患中，复查不合格，或者已过责令整改期限仍未报告整改完成的（以今天计）。',
    decidingColumn: '整改期限',
    combine: sum,
  },
  {
    key: 'safety.penalties_from_hazards',
    label: '隐患立案处罚',
    unit: '件',
    definition: '统计年度内发现的安全隐患中，因逾期未整改等违法行为关联立案行政处罚的（安全生产法第一百零二条）。',
    combine: sum,
  },
  {
    key: 'safety.transfers',
    label: '隐患移送',
    unit: '件',
    definition: '统计年度内发现的安全隐患中，移送有管辖权的部门处理的（安全生产法第七十条、第七十五条）。',
    combine: sum,
  },
];

const townList = (ids: readonly number[]) => sql.join(ids.map((t) => sql`${t}`));

/**
 * The safety records a reader sees: units in their scope (the unit's village, or the town for
 * a unit in no village). Readers of the town see every unit of it.
 */
export function visibleUnit(access: CaseAccess, alias = 'su'): Expression<SqlBool> {
  const a = sql.raw(alias);
  if (!access.auth.permissions.includes('case:read')) return sql<SqlBool>`false`;
  const scope = unionScope(access.auth.assignments.filter((x) => SAFETY_READER_ROLES.some((r) => r === x.role)));
  const ors: RawBuilder<unknown>[] = [];
  if (scope.unitIds.length > 0) ors.push(sql`coalesce(${a}.village_id, ${a}.town_id) in (${townList(scope.unitIds)})`);
  for (const prefix of scope.prefixes) {
    ors.push(
      sql`exists (select 1 from org_units ou where ou.id = coalesce(${a}.village_id, ${a}.town_id) and ou.path like ${`${prefix}%`})`,
    );
  }
  if (ors.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(ors, sql` or `)})`;
}

async function drillInspections(
  db: Db,
  access: CaseAccess,
  q: { key: string; townId: number; year: number; limit: number; offset: number },
): Promise<{ total: number; records: FactRecord[] }> {
  const rule = INSPECTION_RULES[q.key];
  const byUnit = q.key === 'safety.units_covered';
  if (!rule && !byUnit) return { total: 0, records: [] };
  const base = () => {
    let b = db
      .selectFrom('safety_inspections as i')
      .innerJoin('safety_units as su', 'su.id', 'i.unit_id')
      .where('i.town_id', '=', q.townId)
      .where('i.inspected_on', '>=', `${q.year}-01-01`)
      .where('i.inspected_on', '<=', `${q.year}-12-31`)
      .where(() => visibleUnit(access));
    if (rule?.kind) b = b.where('i.kind', '=', rule.kind);
    return b;
  };
  if (byUnit) {
    // One row per unit, dated by its first inspection of the year.
    const total = await base().select(sql<string>`count(distinct su.id)`.as('n')).executeTakeFirstOrThrow();
    const rows = await base()
      .select([
        'su.id',
        'su.name',
        'su.credit_code',
        sql<string>`min(i.inspected_on)::text`.as('first'),
        sql<string>`count(*)`.as('times'),
        sql<string | null>`(select o.name from org_units o where o.id = su.village_id)`.as('village'),
      ])
      .groupBy(['su.id', 'su.name', 'su.credit_code', 'su.village_id'])
      .orderBy('first')
      .orderBy('su.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return {
      total: num(total.n),
      records: rows.map((r) => ({
        id: String(r.id),
        reference: r.credit_code,
        title: `${r.name}（本年度检查${num(r.times)}次）`,
        date: r.first,
        unitName: r.village,
        state: null,
        href: `/safety/units/${r.id}`,
      })),
    };
  }
  const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base()
    .select([
      'i.id',
      'i.kind',
      'su.name as unit',
      sql<string>`i.inspected_on::text`.as('day'),
      sql<number>`cardinality(i.officer_ids)`.as('people'),
      sql<string | null>`(select o.name from org_units o where o.id = su.village_id)`.as('village'),
    ])
    .orderBy('i.inspected_on')
    .orderBy('i.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const people = q.key === 'safety.inspectors';
  return {
    total: num(total.n),
    records: rows.map((r) => ({
      id: String(r.id),
      // An inspection record has no 文号; its kind is in the title.
      reference: null,
      title: `${r.unit}${SAFETY_INSPECTION_KIND_LABELS[r.kind as SafetyInspectionKind] ?? ''}`,
      date: r.day,
      unitName: r.village,
      state: null,
      ...(people ? { deciding: String(num(r.people)) } : {}),
      href: `/safety/inspections/${r.id}`,
    })),
  };
}

async function drillPlan(
  db: Db,
  access: CaseAccess,
  q: { key: string; townId: number; year: number; limit: number; offset: number },
): Promise<{ total: number; records: FactRecord[] }> {
  const doneOnly = q.key !== 'safety.plan_total';
  const doneOn = sql<
    string | null
  >`(select min(i.inspected_on)::text from safety_inspections i where i.plan_item_id = p.id)`;
  const base = () => {
    let b = db
      .selectFrom('safety_plan_items as p')
      .innerJoin('safety_units as su', 'su.id', 'p.unit_id')
      .where('p.town_id', '=', q.townId)
      .where('p.year', '=', q.year)
      .where(() => visibleUnit(access));
    if (doneOnly) b = b.where(sql<SqlBool>`${doneOn} is not null`);
    return b;
  };
  const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base()
    .select(['p.id', 'p.month', 'p.kind', 'su.name as unit', doneOn.as('done_on')])
    .orderBy('p.month')
    .orderBy('p.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return {
    total: num(total.n),
    records: rows.map((r) => ({
      id: String(r.id),
      reference: `${q.year}年${r.month}月`,
      title: `${r.unit}${SAFETY_INSPECTION_KIND_LABELS[r.kind as SafetyInspectionKind] ?? r.kind}`,
      date: `${q.year}-${String(r.month).padStart(2, '0')}-01`,
      unitName: null,
      state: r.done_on ? '已完成' : '未完成',
      deciding: r.done_on,
      href: `/safety/plan?year=${q.year}`,
    })),
  };
}

export const safetyFacts: FactProvider = {
  module: 'safety',
  moduleLabel: '安全生产',
  facts: FACTS.map((d) => ({ ...d, drillable: true })),

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const y = q.year;
    const from = `${y}-01-01`;
    const to = `${y}-12-31`;
    const today = new Date(q.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const H = (k: string) => HAZARD_RULES[k]!.where(y, today);
    const { rows } = await sql<Record<string, string | number | null> & { town_id: number }>`
      with i as (
        select i.town_id,
          count(*) as inspections,
          count(*) filter (where i.kind = 'comprehensive') as comprehensive,
          count(*) filter (where i.kind = 'special') as special,
          count(*) filter (where i.kind = 'holiday') as holiday,
          count(*) filter (where i.kind = 'recheck') as recheck,
          sum(cardinality(i.officer_ids)) as inspectors,
          count(distinct i.unit_id) as units
        from safety_inspections i
        where i.town_id in (${townList(q.townIds)}) and i.inspected_on between ${from} and ${to}
        group by i.town_id
      ),
      p as (
        select p.town_id, count(*) as plan_total,
          count(*) filter (where exists (select 1 from safety_inspections x where x.plan_item_id = p.id)) as plan_done
        from safety_plan_items p
        where p.town_id in (${townList(q.townIds)}) and p.year = ${y}
        group by p.town_id
      ),
      h as (
        select c.town_id,
          count(*) filter (where ${H('safety.hazards_found')}) as found,
          count(*) filter (where ${H('safety.hazards_found_general')}) as general,
          count(*) filter (where ${H('safety.hazards_found_major')}) as major,
          count(*) filter (where ${H('safety.hazards_rectified')}) as rectified,
          count(*) filter (where ${H('safety.rectified_on_time')}) as on_time,
          count(*) filter (where ${H('safety.hazards_overdue')}) as overdue,
          count(*) filter (where ${H('safety.penalties_from_hazards')}) as penalties,
          count(*) filter (where ${H('safety.transfers')}) as transfers
        from cases c
        where c.type = 'hazard' and c.town_id in (${townList(q.townIds)})
        group by c.town_id
      )
      select t.town_id, i.inspections, i.comprehensive, i.special, i.holiday, i.recheck, i.inspectors, i.units,
        p.plan_total, p.plan_done, h.found, h.general, h.major, h.rectified, h.on_time, h.overdue, h.penalties, h.transfers
      from unnest(${[...q.townIds]}::int[]) as t(town_id)
      left join i on i.town_id = t.town_id
      left join p on p.town_id = t.town_id
      left join h on h.town_id = t.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => ({
      'safety.inspections': num(r?.inspections),
      'safety.inspections_comprehensive': num(r?.comprehensive),
      'safety.inspections_special': num(r?.special),
      'safety.inspections_holiday': num(r?.holiday),
      'safety.reinspections': num(r?.recheck),
      'safety.inspectors': num(r?.inspectors),
      'safety.units_covered': num(r?.units),
      'safety.plan_total': num(r?.plan_total),
      'safety.plan_done': num(r?.plan_done),
      'safety.plan_rate': pct(num(r?.plan_done), num(r?.plan_total)),
      'safety.hazards_found': num(r?.found),
      'safety.hazards_found_general': num(r?.general),
      'safety.hazards_found_major': num(r?.major),
      'safety.hazards_rectified': num(r?.rectified),
      'safety.rectified_on_time': num(r?.on_time),
      'safety.rectification_rate': pct(num(r?.rectified), num(r?.found)),
      'safety.hazards_overdue': num(r?.overdue),
      'safety.penalties_from_hazards': num(r?.penalties),
      'safety.transfers': num(r?.transfers),
    }));
  },

  async drill(db, access, q) {
    if (q.key in INSPECTION_RULES || q.key === 'safety.units_covered') return drillInspections(db, access, q);
    if (q.key.startsWith('safety.plan_')) return drillPlan(db, access, q);
    const rule = HAZARD_RULES[q.key];
    if (!rule) return { total: 0, records: [] };
    const today = new Date(q.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    return drillCases(db, access, {
      type: 'hazard',
      townId: q.townId,
      where: () => sql<SqlBool>`${rule.where(q.year, today)}`,
      date: sql<string | null>`${f('foundOn')}`,
      stateLabels: HAZARD_STATE_LABELS,
      ...(rule.deciding
        ? {
            deciding: {
              value: rule.deciding,
              ...(q.key === 'safety.hazards_found' ? { labels: { general: '一般隐患', major: '重大隐患' } } : {}),
            },
          }
        : {}),
      limit: q.limit,
      offset: q.offset,
    });
  },
};
