/**
 * The normative documents' figures (issue 16), replacing the hand-entered
 * `review.normative_documents`. One definition per figure: each condition below serves both the
 * aggregate and its drill-down. Cohorts are `normative` cases by a date on the case:
 * - drafted: 起草日期 in the year;
 * - reviewed: the latest 合法性审核 (pass or return) dated in the year;
 * - filed: the first 报备日期 in the year (a refiling after 责令纠正 keeps it, cases/normative.ts);
 * - filed on time: filed in the year within the county's period after 公布 (filingDays, recorded
 *   on the case when it was published);
 * - cleaned up: 清理日期 in the year with a result (修改, 废止, 继续有效).
 */
import { normative } from '@fazhi/domain/cases/normative';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { drillCases, num, perTown, stateLabelsOf } from '../../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../../facts/facts.ts';

const f = (key: string) => sql.raw(`(c.fields->>'${key}')`);
const inYear = (key: string, y: number) => sql`(${f(key)} between ${`${y}-01-01`} and ${`${y}-12-31`})`;

interface Rule {
  where: (y: number) => RawBuilder<unknown>;
  date: string;
  deciding?: RawBuilder<string | null>;
  labels?: Record<string, string>;
}

const RULES: Record<string, Rule> = {
  'review.normative_drafted': { where: (y) => inYear('draftedOn', y), date: 'draftedOn' },
  'review.normative_documents': {
    where: (y) => sql`(${inYear('reviewedOn', y)} and ${f('reviewPassed')} is not null)`,
    date: 'reviewedOn',
    deciding: sql<string | null>`${f('reviewPassed')}`,
    labels: { true: '通过', false: '退回修改' },
  },
  'review.normative_filed': { where: (y) => inYear('filedOn', y), date: 'filedOn' },
  'review.normative_filed_on_time': {
    where: (y) =>
      sql`(${inYear('filedOn', y)} and ${f('publishedOn')} is not null
        and (${f('filedOn')})::date <= (${f('publishedOn')})::date + coalesce((${f('filingDays')})::int, 15))`,
    date: 'filedOn',
    deciding: sql<string | null>`${f('publishedOn')}`,
  },
  'review.normative_cleaned': {
    where: (y) => sql`(${inYear('cleanedOn', y)} and ${f('cleanupResult')} is not null)`,
    date: 'cleanedOn',
    deciding: sql<string | null>`${f('cleanupResult')}`,
    labels: { amended: '修改', abolished: '废止', continued: '继续有效' },
  },
};

const sum = { kind: 'sum' } as const;
const FACTS: FactDef[] = [
  {
    key: 'review.normative_drafted',
    label: '起草规范性文件',
    unit: '件',
    definition: '起草日期在统计年度内登记的行政规范性文件（含尚在起草、审核中的）。',
    combine: sum,
  },
  {
    key: 'review.normative_documents',
    label: '审查规范性文件',
    unit: '件',
    definition:
      '最近一次合法性审核日期在统计年度内、经司法所或法律顾问作出审核结论（通过或退回修改）的行政规范性文件（国办发〔2018〕115号），每件文件计一次。',
    decidingColumn: '审核结论',
    combine: sum,
  },
  {
    key: 'review.normative_filed',
    label: '报备规范性文件',
    unit: '件',
    definition: '首次报送县政府备案的日期在统计年度内的行政规范性文件。',
    combine: sum,
  },
  {
    key: 'review.normative_filed_on_time',
    label: '按时报备规范性文件',
    unit: '件',
    definition: '统计年度内报备的行政规范性文件中，在县政府规定的报备期限内（公布之日起，默认15日）报送备案的。',
    decidingColumn: '公布日期',
    combine: sum,
  },
  {
    key: 'review.normative_cleaned',
    label: '清理规范性文件',
    unit: '件',
    definition: '清理日期在统计年度内、清理结果为修改、废止或继续有效的行政规范性文件。',
    decidingColumn: '清理结果',
    combine: sum,
  },
];

const townList = (ids: readonly number[]) => sql.join(ids.map((t) => sql`${t}`));
const STATE_LABELS = stateLabelsOf(normative);

export const normativeFacts: FactProvider = {
  // The figures keep the prefix of the manual ones they replace (report narratives name them).
  module: 'review',
  moduleLabel: '合法性审查与法律顾问',
  facts: FACTS.map((d) => ({ ...d, drillable: true })),

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const y = q.year;
    const R = (k: string) => RULES[k]!.where(y);
    const { rows } = await sql<Record<string, string | number | null> & { town_id: number }>`
      with n as (
        select c.town_id,
          count(*) filter (where ${R('review.normative_drafted')}) as drafted,
          count(*) filter (where ${R('review.normative_documents')}) as reviewed,
          count(*) filter (where ${R('review.normative_filed')}) as filed,
          count(*) filter (where ${R('review.normative_filed_on_time')}) as on_time,
          count(*) filter (where ${R('review.normative_cleaned')}) as cleaned
        from cases c
        where c.type = 'normative' and c.town_id in (${townList(q.townIds)})
        group by c.town_id
      )
      select t.town_id, n.drafted, n.reviewed, n.filed, n.on_time, n.cleaned
      from unnest(${[...q.townIds]}::int[]) as t(town_id)
      left join n on n.town_id = t.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => ({
      'review.normative_drafted': num(r?.drafted),
      'review.normative_documents': num(r?.reviewed),
      'review.normative_filed': num(r?.filed),
      'review.normative_filed_on_time': num(r?.on_time),
      'review.normative_cleaned': num(r?.cleaned),
    }));
  },

  async drill(db, access, q) {
    const rule = RULES[q.key];
    if (!rule) return { total: 0, records: [] };
    return drillCases(db, access, {
      type: 'normative',
      townId: q.townId,
      where: () => sql<SqlBool>`${rule.where(q.year)}`,
      date: sql<string | null>`${f(rule.date)}`,
      stateLabels: STATE_LABELS,
      ...(rule.deciding ? { deciding: { value: rule.deciding, ...(rule.labels ? { labels: rule.labels } : {}) } } : {}),
      limit: q.limit,
      offset: q.offset,
    });
  },
};
