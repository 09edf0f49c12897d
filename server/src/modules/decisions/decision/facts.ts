/**
 * 重大行政决策's figures (facts/facts.ts), replacing the hand-entered `decision.major`. One
 * definition per figure: each figure's condition below serves both its aggregate and its
 * drill-down. Cohorts (fields of the `decision` case, domain cases/decision.ts):
 * - decided: the 决定日期 (`decidedOn`) in the year; complete when every required step is
 *   recorded (domain decisions/decision.ts `missingSteps`, restated in SQL as `COMPLETE` and
 *   tested against it in test/decisions-decision.test.ts);
 * - hearings, expert reviews, risk assessments, post-evaluations: the step's own date in the year;
 * - catalogue items: the year's 决策事项目录 rows agreed by the Party committee (or published), and
 *   the items proposed outside it during the year.
 */
import { decision } from '@fazhi/domain/cases/decision';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { drillCases, num, pct, perTown, stateLabelsOf } from '../../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../../facts/facts.ts';

const STATE_LABELS = stateLabelsOf(decision);
const f = (key: string) => sql.raw(`(c.fields->>'${key}')`);
const inYear = (key: string, y: number) => sql`(${f(key)} between ${`${y}-01-01`} and ${`${y}-12-31`})`;
const chosenDone = (chosen: string, done: string) =>
  sql`(coalesce(${f(chosen)}, 'false') <> 'true' or ${f(done)} is not null)`;
/** missingSteps(fields) is empty: 公众参与, the chosen optional steps, 合法性审查, 集体讨论, 党委请示. */
const COMPLETE = sql`(${f('commentClosedOn')} is not null
  and ${chosenDone('hearing', 'hearingOn')}
  and ${chosenDone('expertReview', 'expertReviewedOn')}
  and ${chosenDone('riskAssessment', 'riskAssessedOn')}
  and ${f('legalOutcome')} = 'passed'
  and ${f('discussedOn')} is not null
  and ${f('partyReportedOn')} is not null)`;

/** The condition and cohort date of each case figure. */
const RULES: Record<
  string,
  { where: (y: number) => RawBuilder<unknown>; date: string; deciding?: RawBuilder<string | null> }
> = {
  'decision.major': { where: (y) => inYear('decidedOn', y), date: 'decidedOn' },
  'decision.complete': { where: (y) => sql`(${inYear('decidedOn', y)} and ${COMPLETE})`, date: 'decidedOn' },
  'decision.complete_rate': { where: (y) => sql`(${inYear('decidedOn', y)} and ${COMPLETE})`, date: 'decidedOn' },
  'decision.legality_reviewed': {
    where: (y) => sql`(${inYear('decidedOn', y)} and ${f('legalOutcome')} = 'passed')`,
    date: 'decidedOn',
    deciding: sql<string | null>`${f('legalReviewedOn')}`,
  },
  'decision.hearings': { where: (y) => inYear('hearingOn', y), date: 'hearingOn' },
  'decision.expert_reviews': { where: (y) => inYear('expertReviewedOn', y), date: 'expertReviewedOn' },
  'decision.risk_assessments': {
    where: (y) => inYear('riskAssessedOn', y),
    date: 'riskAssessedOn',
    deciding: sql<string | null>`${f('riskLevel')}`,
  },
  'decision.post_evaluations': { where: (y) => inYear('postEvaluatedOn', y), date: 'postEvaluatedOn' },
};

const sum = { kind: 'sum' } as const;

const FACTS: FactDef[] = [
  {
    key: 'decision.major',
    label: '作出重大行政决策',
    unit: '项',
    definition:
      '决定日期在统计年度内的重大行政决策（重大行政决策程序暂行条例第三条、第三十条），按决策事项计，无论是否列入年度目录。',
    combine: sum,
  },
  {
    key: 'decision.catalogue_items',
    label: '决策事项目录事项',
    unit: '项',
    definition:
      '统计年度决策事项目录中经镇党委同意（含已公布）的事项，以及年度内目录外提出并列入目录的事项（条例第三条第三款）。',
    decidingColumn: '目录状态',
    combine: sum,
  },
  {
    key: 'decision.complete',
    label: '程序完备的重大行政决策',
    unit: '项',
    definition:
      '统计年度内作出的重大行政决策中，公众参与、启动时确定的听证会、专家论证、风险评估、合法性审查（结论为通过）、集体讨论和向党委请示均有记录的。',
    combine: sum,
  },
  {
    key: 'decision.complete_rate',
    label: '重大行政决策程序完备率',
    unit: '%',
    definition: '程序完备的重大行政决策 ÷ 作出重大行政决策；明细列出程序完备的决策。',
    combine: { kind: 'ratio', numerator: 'decision.complete', denominator: 'decision.major' },
  },
  {
    key: 'decision.legality_reviewed',
    label: '经合法性审查的重大行政决策',
    unit: '项',
    definition:
      '统计年度内作出的重大行政决策中，经合法性审查且结论为通过的（条例第二十五条：未经合法性审查或者经审查不合法的，不得提交讨论，应为100%）。',
    decidingColumn: '审查意见日期',
    combine: sum,
  },
  {
    key: 'decision.hearings',
    label: '重大行政决策听证会',
    unit: '场',
    definition: '听证会日期在统计年度内的重大行政决策听证会（条例第十六条、第十七条）。',
    combine: sum,
  },
  {
    key: 'decision.expert_reviews',
    label: '重大行政决策专家论证',
    unit: '次',
    definition: '论证日期在统计年度内、专家书面意见均已署名的重大行政决策专家论证（条例第十九条）。',
    combine: sum,
  },
  {
    key: 'decision.risk_assessments',
    label: '重大行政决策风险评估',
    unit: '次',
    definition:
      '评估日期在统计年度内、明确风险点、防范措施和处置预案的重大行政决策风险评估（条例第二十二条、第二十三条）。',
    decidingColumn: '风险等级',
    combine: sum,
  },
  {
    key: 'decision.post_evaluations',
    label: '重大行政决策后评估',
    unit: '次',
    definition: '后评估日期在统计年度内的重大行政决策后评估（条例第三十六条）。',
    combine: sum,
  },
];

const townList = (ids: readonly number[]) => sql.join(ids.map((t) => sql`${t}`));
/** A catalogue row counted in the year: agreed (or published), or proposed outside it. */
const counted = sql<SqlBool>`(i.status <> 'draft' or i.ad_hoc)`;

export const decisionFacts: FactProvider = {
  module: 'decision',
  moduleLabel: '重大行政决策',
  facts: FACTS.map((d) => ({ ...d, drillable: true })),

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const y = q.year;
    const R = (k: string) => RULES[k]!.where(y);
    const { rows } = await sql<Record<string, string | number | null> & { town_id: number }>`
      with c as (
        select c.town_id,
          count(*) filter (where ${R('decision.major')}) as major,
          count(*) filter (where ${R('decision.complete')}) as complete,
          count(*) filter (where ${R('decision.legality_reviewed')}) as legality,
          count(*) filter (where ${R('decision.hearings')}) as hearings,
          count(*) filter (where ${R('decision.expert_reviews')}) as experts,
          count(*) filter (where ${R('decision.risk_assessments')}) as risks,
          count(*) filter (where ${R('decision.post_evaluations')}) as post
        from cases c
        where c.type = 'decision' and c.town_id in (${townList(q.townIds)})
        group by c.town_id
      ),
      i as (
        select i.town_id, count(*) as items
        from decision_catalogue_items i
        where i.town_id in (${townList(q.townIds)}) and i.year = ${y} and ${counted}
        group by i.town_id
      )
      select t.town_id, c.major, c.complete, c.legality, c.hearings, c.experts, c.risks, c.post, i.items
      from unnest(${[...q.townIds]}::int[]) as t(town_id)
      left join c on c.town_id = t.town_id
      left join i on i.town_id = t.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => ({
      'decision.major': num(r?.major),
      'decision.catalogue_items': num(r?.items),
      'decision.complete': num(r?.complete),
      'decision.complete_rate': pct(num(r?.complete), num(r?.major)),
      'decision.legality_reviewed': num(r?.legality),
      'decision.hearings': num(r?.hearings),
      'decision.expert_reviews': num(r?.experts),
      'decision.risk_assessments': num(r?.risks),
      'decision.post_evaluations': num(r?.post),
    }));
  },

  async drill(db, access, q) {
    if (q.key === 'decision.catalogue_items') {
      // The catalogue is read by the decision type's readers over their town (as its page).
      if (!access.readByType.decision || !access.townIds.includes(q.townId)) return { total: 0, records: [] };
      const base = () =>
        db
          .selectFrom('decision_catalogue_items as i')
          .where('i.town_id', '=', q.townId)
          .where('i.year', '=', q.year)
          .where(counted);
      const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await base()
        .select(['i.id', 'i.title', 'i.lead_unit', 'i.status', 'i.ad_hoc', 'i.approved_on', 'i.created_at'])
        .orderBy('i.id')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      const words = { draft: '目录外提出（待党委同意）', approved: '党委已同意', published: '已公布' } as const;
      return {
        total: num(total.n),
        records: rows.map((r) => ({
          id: String(r.id),
          reference: r.ad_hoc ? '目录外' : null,
          title: r.title,
          date: r.approved_on,
          unitName: r.lead_unit,
          state: words[r.status],
          deciding: words[r.status],
          href: `/decisions/catalogue?year=${q.year}`,
        })),
      };
    }
    const rule = RULES[q.key];
    if (!rule) return { total: 0, records: [] };
    return drillCases(db, access, {
      type: 'decision',
      townId: q.townId,
      where: () => sql<SqlBool>`${rule.where(q.year)}`,
      date: sql<string | null>`${f(rule.date)}`,
      stateLabels: STATE_LABELS,
      ...(rule.deciding
        ? {
            deciding: {
              value: rule.deciding,
              ...(q.key === 'decision.risk_assessments'
                ? { labels: { low: '低风险', medium: '中风险', high: '高风险' } }
                : {}),
            },
          }
        : {}),
      limit: q.limit,
      offset: q.offset,
    });
  },
};
