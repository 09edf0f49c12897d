/**
 * 信访's figures for the dashboard and the annual report (facts/facts.ts; 信访工作条例 art 41
 * asks the annual report for them). The cohort and every flag come from ./stats.ts's
 * `petitionCohort` (the petitions received in the year), grouped here by town, so the
 * statistics page and the report count the same petitions the same way.
 *
 * Counted over each town's own petitions, unscoped: the figure is the town's. A drill-down
 * lists the counted petitions the reader may see (a confidential accusation stays hidden
 * from its accused, 信访工作条例 art 30 ¶3, even though it is counted).
 */
import { CALENDAR_COVERAGE, type Calendar, COLLECTIVE_MIN_PEOPLE, petition, shanghaiDate } from '@fazhi/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { drillCases, num, pct, perTown, stateLabelsOf } from '../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../facts/facts.ts';
import { CalendarStore } from '../../platform/calendar.ts';
import { petitionCohort, restDays } from './stats.ts';

const FACTS: FactDef[] = (
  [
    {
      key: 'petition.received',
      label: '收到信访事项',
      unit: '件',
      definition: '收到日期在统计年度内的信访事项（来信、来访、网上信访、电话等）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.people',
      label: '信访人次',
      unit: '人次',
      definition: '统计年度收到的信访事项登记的信访人数之和。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.accepted',
      label: '受理申诉求决类事项',
      unit: '件',
      definition: '已受理、按信访工作条例第三十一条第六项办理的申诉求决类事项。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.accepted_on_time',
      label: '按期告知受理',
      unit: '件',
      definition: '自收到之日起15日内书面告知信访人（或转送、交办、导入法定途径）的事项（第二十二条、第二十三条）。',
      decidingColumn: '告知受理',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.acceptance_due',
      label: '应告知受理（已届期或已告知）',
      unit: '件',
      definition: '按期告知与超期告知之和；尚在15日期限内未告知的不计入。',
      decidingColumn: '告知受理',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.accepted_on_time_rate',
      label: '按期受理率',
      unit: '%',
      definition: '按期告知受理件数 ÷（按期件数 + 超期件数）；明细列出计入的事项。',
      decidingColumn: '告知受理',
      combine: { kind: 'ratio', numerator: 'petition.accepted_on_time', denominator: 'petition.acceptance_due' },
    },
    {
      key: 'petition.handled_on_time',
      label: '按期办结',
      unit: '件',
      definition: '受理后60日内（经批准延长的，延长不超过30日）出具处理意见的事项（第三十四条）。',
      decidingColumn: '办结',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.handling_due',
      label: '应办结（已届期或已办结）',
      unit: '件',
      definition: '按期办结与超期办结（含逾期未办结）之和；尚在办理期限内的不计入。',
      decidingColumn: '办结',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.handled_on_time_rate',
      label: '按期办结率',
      unit: '%',
      definition: '按期办结件数 ÷（按期件数 + 超期件数）；明细列出计入的事项。',
      decidingColumn: '办结',
      combine: { kind: 'ratio', numerator: 'petition.handled_on_time', denominator: 'petition.handling_due' },
    },
    {
      key: 'petition.rated',
      label: '已评价事项',
      unit: '件',
      definition: '信访人已作满意度评价的事项。',
      decidingColumn: '满意度评价',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.satisfied',
      label: '满意和基本满意',
      unit: '件',
      definition: '评价为满意或基本满意的事项。',
      decidingColumn: '满意度评价',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.satisfaction_rate',
      label: '群众满意率',
      unit: '%',
      definition: '（满意 + 基本满意）÷ 已评价件数；明细列出已评价的事项。',
      decidingColumn: '满意度评价',
      combine: { kind: 'ratio', numerator: 'petition.satisfied', denominator: 'petition.rated' },
    },
    {
      key: 'petition.repeat',
      label: '重复信访',
      unit: '件',
      definition: '同一信访人12个月内再次提出的信访事项。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.collective',
      label: '集体访',
      unit: '件',
      definition: `${COLLECTIVE_MIN_PEOPLE}人以上共同提出的信访事项（第二十条）。`,
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.reviews',
      label: '请求复查',
      unit: '件',
      definition: '信访人不服处理意见、请求上一级机关复查的事项（第三十五条）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.reviews_upheld',
      label: '复查维持原处理意见',
      unit: '件',
      definition: '复查意见维持原处理意见的事项。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.rereviews',
      label: '请求复核',
      unit: '件',
      definition: '信访人不服复查意见、请求复核的事项（第三十六条）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.owned_cases',
      label: '领导包案',
      unit: '件',
      definition: '由镇领导包案化解的信访事项（第十八条）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'petition.owned_resolved',
      label: '包案已化解',
      unit: '件',
      definition: '领导包案且已办结、终结或者达成调解、和解协议的信访事项。',
      combine: { kind: 'sum' },
    },
  ] satisfies Omit<FactDef, 'drillable'>[]
).map((d) => ({ ...d, drillable: true }));

/** The cohort row's condition behind each figure (for a rate, its denominator). */
const CONDITIONS: Record<string, RawBuilder<unknown>> = {
  'petition.received': sql`true`,
  'petition.people': sql`x.people > 0`,
  'petition.accepted': sql`x.hand_accepted`,
  'petition.accepted_on_time': sql`x.acc_on_time`,
  'petition.acceptance_due': sql`(x.acc_on_time or x.acc_late)`,
  'petition.accepted_on_time_rate': sql`(x.acc_on_time or x.acc_late)`,
  'petition.handled_on_time': sql`x.hand_on_time`,
  'petition.handling_due': sql`(x.hand_on_time or x.hand_late)`,
  'petition.handled_on_time_rate': sql`(x.hand_on_time or x.hand_late)`,
  'petition.rated': sql`x.satisfaction is not null`,
  'petition.satisfied': sql`x.satisfaction in ('satisfied', 'basically_satisfied')`,
  'petition.satisfaction_rate': sql`x.satisfaction is not null`,
  'petition.repeat': sql`x.repeat`,
  'petition.collective': sql`x.collective`,
  'petition.reviews': sql`x.review_requested`,
  'petition.reviews_upheld': sql`x.review_upheld`,
  'petition.rereviews': sql`x.rereview_requested`,
  'petition.owned_cases': sql`x.owned`,
  'petition.owned_resolved': sql`x.owned_resolved`,
};

/**
 * The value of each figure's `decidingColumn` (declared with the figure above), from the same
 * cohort row (`x`) as its condition: 按期 / 超期 for the time limits, the rating for satisfaction.
 */
const DECIDING: Record<string, RawBuilder<string | null>> = {
  acceptance: sql`case when x.acc_on_time then '按期' when x.acc_late then '超期' end`,
  handling: sql`case when x.hand_on_time then '按期' when x.hand_late then '超期' end`,
  satisfaction: sql`case x.satisfaction when 'satisfied' then '满意' when 'basically_satisfied' then '基本满意' when 'unsatisfied' then '不满意' else x.satisfaction end`,
};
const DECIDING_OF: Record<string, keyof typeof DECIDING> = {
  'petition.accepted_on_time': 'acceptance',
  'petition.acceptance_due': 'acceptance',
  'petition.accepted_on_time_rate': 'acceptance',
  'petition.handled_on_time': 'handling',
  'petition.handling_due': 'handling',
  'petition.handled_on_time_rate': 'handling',
  'petition.rated': 'satisfaction',
  'petition.satisfied': 'satisfaction',
  'petition.satisfaction_rate': 'satisfaction',
};

const TIMED = new Set([
  'petition.accepted_on_time',
  'petition.acceptance_due',
  'petition.accepted_on_time_rate',
  'petition.handled_on_time',
  'petition.handling_due',
  'petition.handled_on_time_rate',
]);

/** The towns' petitions of every year (the repeat rule looks back 12 months across years). */
function townPetitions(db: Db, townIds: readonly number[]) {
  return db
    .selectFrom('cases as c')
    .select(['c.id', 'c.town_id', 'c.unit_id', 'c.state', 'c.owner_leader_id', 'c.fields'])
    .where('c.town_id', 'in', [...townIds])
    .where('c.type', '=', 'petition');
}

/** The rest days the due dates roll over; outside the calendar's years nothing can be timed. */
async function restFor(db: Db, townIds: readonly number[], year: number) {
  if (year < CALENDAR_COVERAGE.firstYear || year > CALENDAR_COVERAGE.lastYear) return null;
  const store = new CalendarStore(db);
  const cals = new Map<number, Calendar>();
  for (const t of townIds) cals.set(t, await store.forTown(t));
  return restDays(cals, year);
}

const STATE_LABELS = stateLabelsOf(petition);

export const petitionFacts: FactProvider = {
  module: 'petition',
  moduleLabel: '信访',
  facts: FACTS,

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const rest = await restFor(db, q.townIds, q.year);
    // Out of the calendar's range the counts still hold; the timeliness figures are unknown.
    const cohort = petitionCohort(
      townPetitions(db, q.townIds),
      rest ?? { towns: [], days: [], rolled: [] },
      q.year,
      shanghaiDate(q.now),
    );
    const { rows } = await sql<Record<string, string | number | null> & { town_id: number }>`
      select x.town_id,
        count(*) as received,
        coalesce(sum(x.people), 0) as people,
        count(*) filter (where x.hand_accepted) as accepted,
        count(*) filter (where x.acc_on_time) as acc_on_time,
        count(*) filter (where x.acc_late) as acc_late,
        count(*) filter (where x.hand_on_time) as hand_on_time,
        count(*) filter (where x.hand_late) as hand_late,
        count(*) filter (where x.satisfaction is not null) as rated,
        count(*) filter (where x.satisfaction in ('satisfied', 'basically_satisfied')) as satisfied,
        count(*) filter (where x.repeat) as repeat,
        count(*) filter (where x.collective) as collective,
        count(*) filter (where x.review_requested) as reviews,
        count(*) filter (where x.review_upheld) as reviews_upheld,
        count(*) filter (where x.rereview_requested) as rereviews,
        count(*) filter (where x.owned) as owned,
        count(*) filter (where x.owned_resolved) as owned_resolved
      from (${cohort}) x
      group by x.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => {
      const accOnTime = num(r?.acc_on_time);
      const accDue = accOnTime + num(r?.acc_late);
      const handOnTime = num(r?.hand_on_time);
      const handDue = handOnTime + num(r?.hand_late);
      const rated = num(r?.rated);
      const satisfied = num(r?.satisfied);
      const timed = (v: number | null) => (rest ? v : null);
      return {
        'petition.received': num(r?.received),
        'petition.people': num(r?.people),
        'petition.accepted': num(r?.accepted),
        'petition.accepted_on_time': timed(accOnTime),
        'petition.acceptance_due': timed(accDue),
        'petition.accepted_on_time_rate': timed(pct(accOnTime, accDue)),
        'petition.handled_on_time': timed(handOnTime),
        'petition.handling_due': timed(handDue),
        'petition.handled_on_time_rate': timed(pct(handOnTime, handDue)),
        'petition.rated': rated,
        'petition.satisfied': satisfied,
        'petition.satisfaction_rate': pct(satisfied, rated),
        'petition.repeat': num(r?.repeat),
        'petition.collective': num(r?.collective),
        'petition.reviews': num(r?.reviews),
        'petition.reviews_upheld': num(r?.reviews_upheld),
        'petition.rereviews': num(r?.rereviews),
        'petition.owned_cases': num(r?.owned),
        'petition.owned_resolved': num(r?.owned_resolved),
      };
    });
  },

  async drill(db, access, q) {
    const cond = CONDITIONS[q.key];
    if (!cond) return { total: 0, records: [] };
    const rest = await restFor(db, [q.townId], q.year);
    if (!rest && TIMED.has(q.key)) return { total: 0, records: [] };
    const cohort = petitionCohort(
      townPetitions(db, [q.townId]),
      rest ?? { towns: [], days: [], rolled: [] },
      q.year,
      shanghaiDate(q.now),
    );
    return drillCases(db, access, {
      type: 'petition',
      townId: q.townId,
      where: () => sql`c.id in (select x.id from (${cohort}) x where ${cond})`,
      date: sql<string | null>`c.fields->>'receivedOn'`,
      stateLabels: STATE_LABELS,
      ...(DECIDING_OF[q.key]
        ? {
            deciding: {
              value: sql<
                string | null
              >`(select ${DECIDING[DECIDING_OF[q.key]!]!} from (${cohort}) x where x.id = c.id)`,
            },
          }
        : {}),
      limit: q.limit,
      offset: q.offset,
    });
  },
};
