/**
 * Petition statistics for a year (domain.md §2 "Statistics"; 信访工作条例 art 41 asks the
 * annual report for them). Everything is a SQL aggregate over the cases the user can see
 * (`visibleCase`), so a village officer gets their village and a county supervisor the
 * county, and a confidential accusation is counted only by those allowed to see it.
 *
 * The cohort is the petitions *received* in the year (fields.receivedOn), not those
 * registered or closed in it: every rate then describes the same set of matters.
 */
import {
  ACCEPTANCE_DAYS,
  AppError,
  CALENDAR_COVERAGE,
  type Calendar,
  COLLECTIVE_MIN_PEOPLE,
  HANDLING_DAYS,
  HANDLING_EXTENSION_MAX_DAYS,
  PETITION_CATEGORY_LABELS,
  PETITION_CHANNEL_LABELS,
  PETITION_SOURCE_LABELS,
  petition,
  shanghaiDate,
} from '@fazhi/domain';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/index.ts';
import { type CaseAccess, visibleCase } from '../access.ts';

// ── Response ─────────────────────────────────────────────────────────────────────────────

const count = (label: string) => z.number().int().min(0).describe(label);

const Breakdown = z.object({
  key: z.string().describe('代码'),
  label: z.string().describe('名称'),
  count: count('件数'),
});

const Timeliness = (label: string) =>
  z
    .object({
      onTime: count('按期件数'),
      late: count('超期件数'),
      pending: count('尚在期限内未办结（不计入按期率）'),
      rate: z.number().min(0).max(1).nullable().describe('按期率（按期件数÷（按期件数+超期件数），无可计件数时为空）'),
    })
    .describe(label);

export const PetitionStatsQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('年度（默认为今年）'),
});

export const PetitionStatsSchema = z.object({
  year: z.number().int().describe('年度'),
  asOf: z.string().describe('统计截止日期'),
  received: z
    .object({
      total: count('收到信访事项件数'),
      people: count('信访人次'),
      byChannel: z.array(Breakdown).describe('按信访形式'),
      byCategory: z.array(Breakdown).describe('按信访类别'),
      bySource: z.array(Breakdown).describe('按来源'),
      byVillage: z
        .array(
          z.object({
            unitId: z.string().nullable().describe('村（社区）或部门编号，镇直为空'),
            unitName: z.string().describe('村（社区）或部门'),
            count: count('件数'),
          }),
        )
        .describe('按村（社区）'),
      byState: z.array(Breakdown).describe('按办理状态'),
    })
    .describe('收到信访事项'),
  acceptance: Timeliness('按期告知受理情况（15日，第二十三条）'),
  handling: Timeliness('按期办结情况（60日，经批准延长的90日以内，第三十四条）').extend({
    accepted: count('受理件数（申诉求决类）'),
    extended: count('经批准延期件数'),
  }),
  satisfaction: z
    .object({
      rated: count('已评价件数'),
      satisfied: count('满意'),
      basicallySatisfied: count('基本满意'),
      unsatisfied: count('不满意'),
      rate: z.number().min(0).max(1).nullable().describe('满意率（（满意+基本满意）÷已评价件数）'),
    })
    .describe('满意度评价'),
  collective: count(`集体访件数（${COLLECTIVE_MIN_PEOPLE}人以上）`),
  repeat: count('重复信访件数（同一信访人12个月内再次信访）'),
  reviews: z
    .object({ requested: count('请求件数'), decided: count('已出具意见件数'), upheld: count('维持原意见件数') })
    .describe('复查（第三十五条）'),
  rereviews: z
    .object({ requested: count('请求件数'), decided: count('已出具意见件数'), upheld: count('维持原意见件数') })
    .describe('复核（第三十六条）'),
  leaderOwned: z
    .object({
      owned: count('领导包案件数'),
      resolved: count('已办结或终结件数'),
      signedOff: count('包案领导已签批件数'),
    })
    .describe('领导包案（第十八条）'),
});
export type PetitionStats = z.infer<typeof PetitionStatsSchema>;

// ── Rest days for the due-date arithmetic in SQL ─────────────────────────────────────────

/**
 * Days that are not worked, per town, from the start of the year until the limits of
 * petitions received in December have run out: SQL rolls a last day that falls on one of
 * them to the next working day, as the clocks do (民法典 art 203, roll rule 'official').
 */
function restDays(calendars: Map<number, Calendar>, year: number): { towns: number[]; days: string[] } {
  const towns: number[] = [];
  const days: string[] = [];
  const last = Math.min(year + 1, CALENDAR_COVERAGE.lastYear);
  for (const [townId, calendar] of calendars) {
    for (let d = `${year}-01-01`; d <= `${last}-06-30`; d = nextDay(d)) {
      if (!calendar.isWorkday(d)) {
        towns.push(townId);
        days.push(d);
      }
    }
  }
  return { towns, days };
}

function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// ── The query ────────────────────────────────────────────────────────────────────────────

/** Which events stop the 15-day clock: the petition type's own list, so the two cannot drift. */
const ACCEPTANCE_STOPS: string[] = [...(petition.clocks.acceptance?.stopOn ?? [])];
if (ACCEPTANCE_STOPS.length === 0) throw new Error('petition type lost its acceptance clock');
const ACCEPTANCE_STARTS = ['create', 'objection_refused'];

export async function petitionStats(
  db: Db,
  access: CaseAccess,
  calendars: (townId: number) => Promise<Calendar>,
  year: number,
  now: Date,
): Promise<PetitionStats> {
  if (year < CALENDAR_COVERAGE.firstYear || year > CALENDAR_COVERAGE.lastYear) {
    throw AppError.validation([
      {
        path: 'year',
        message: `工作日历仅覆盖${CALENDAR_COVERAGE.firstYear}年至${CALENDAR_COVERAGE.lastYear}年，无法统计${year}年`,
      },
    ]);
  }
  const today = shanghaiDate(now);
  const cals = new Map<number, Calendar>();
  for (const t of access.townIds) cals.set(t, await calendars(t));
  const rest = restDays(cals, year);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;

  // Every visible petition (any year: the repeat rule looks back 12 months), and the year's cohort.
  const visible = db
    .selectFrom('cases as c')
    .select(['c.id', 'c.town_id', 'c.unit_id', 'c.state', 'c.owner_leader_id', 'c.fields'])
    .where('c.type', '=', 'petition')
    .where((eb) => visibleCase(eb, access));

  /*
   * Per petition of the cohort:
   * - acc_start: the day the 15-day clock runs from: the received date, or the day the town
   *   got the matter back after a refused objection (the clock restarts, petition.ts).
   * - acc_stop: the first event after that start that tells the petitioner or the sender
   *   where the matter stands (accept, route out, decline, object …: the clock's stopOn).
   * - hand_start / hand_stop: the accept event and the first reply after it.
   * - ext: the days added by extensions, capped at 30 (art 34). The engine refuses an
   *   extension without the leader's approval and the 延期告知书, so each one counts.
   * Dates of events are Asia/Shanghai days (UTC+8, no DST), like the clocks.
   */
  const rows = await sql<Row>`
    with vis as (${visible}),
    rest as (select * from unnest(${rest.towns}::int[], ${rest.days}::date[]) as r(town_id, day)),
    p as (
      select v.*, (v.fields->>'receivedOn') as received_on
      from vis v
      where v.fields->>'receivedOn' between ${from} and ${to}
    ),
    ev as (
      select e.case_id, e.seq, e.action, e.data, ((e.at at time zone 'UTC') + interval '8 hours')::date as on_day
      from case_events e
      where e.case_id in (select id from p)
    ),
    t as (
      select p.id, p.town_id,
        coalesce(s.data->'input'->>'receivedOn', p.received_on)::date as acc_start,
        (select ev.on_day from ev where ev.case_id = p.id and ev.seq > s.seq
           and ev.action in (${sql.join(ACCEPTANCE_STOPS)}) order by ev.seq limit 1) as acc_stop,
        a.on_day as hand_start,
        (select ev.on_day from ev where ev.case_id = p.id and ev.seq > a.seq and ev.action = 'reply'
           order by ev.seq limit 1) as hand_stop,
        least(${sql.lit(HANDLING_EXTENSION_MAX_DAYS)}, coalesce((select sum((ev.data->'input'->>'length')::int) from ev
           where ev.case_id = p.id and ev.seq > a.seq and ev.action = 'extend'), 0))::int as ext,
        exists (select 1 from ev where ev.case_id = p.id and ev.seq > a.seq and ev.action = 'extend') as extended
      from p
      left join lateral (
        select ev.seq, ev.data from ev where ev.case_id = p.id and ev.action in (${sql.join(ACCEPTANCE_STARTS)})
        order by ev.seq desc limit 1
      ) s on true
      left join lateral (
        select ev.seq, ev.on_day from ev where ev.case_id = p.id and ev.action = 'accept' order by ev.seq desc limit 1
      ) a on true
    ),
    due as (
      select t.*,
        (select min(g::date) from generate_series((t.acc_start + ${sql.lit(ACCEPTANCE_DAYS)})::timestamp,
            (t.acc_start + ${sql.lit(ACCEPTANCE_DAYS)} + 40)::timestamp, interval '1 day') g
          where not exists (select 1 from rest r where r.town_id = t.town_id and r.day = g::date)) as acc_due,
        case when t.hand_start is null then null else
          (select min(g::date) from generate_series((t.hand_start + ${sql.lit(HANDLING_DAYS)} + t.ext)::timestamp,
              (t.hand_start + ${sql.lit(HANDLING_DAYS)} + t.ext + 40)::timestamp, interval '1 day') g
            where not exists (select 1 from rest r where r.town_id = t.town_id and r.day = g::date))
        end as hand_due
      from t
    )
    select
      count(*) filter (where acc_stop is not null and acc_stop <= acc_due) as acc_on_time,
      count(*) filter (where (acc_stop is not null and acc_stop > acc_due) or (acc_stop is null and acc_due < ${today}::date)) as acc_late,
      count(*) filter (where acc_stop is null and acc_due >= ${today}::date) as acc_pending,
      count(*) filter (where hand_start is not null) as hand_accepted,
      count(*) filter (where hand_stop is not null and hand_stop <= hand_due) as hand_on_time,
      count(*) filter (where (hand_stop is not null and hand_stop > hand_due) or (hand_start is not null and hand_stop is null and hand_due < ${today}::date)) as hand_late,
      count(*) filter (where hand_start is not null and hand_stop is null and hand_due >= ${today}::date) as hand_pending,
      count(*) filter (where extended) as hand_extended
    from due
  `.execute(db);
  const timing = rows.rows[0]!;

  // Counts that need no clock: one pass over the cohort.
  const totals = await sql<Totals>`
    with vis as (${visible}),
    p as (select v.*, v.fields->>'receivedOn' as received_on from vis v
          where v.fields->>'receivedOn' between ${from} and ${to})
    select
      count(*) as total,
      coalesce(sum((p.fields->>'peopleCount')::int), 0) as people,
      count(*) filter (where (p.fields->>'peopleCount')::int >= ${sql.lit(COLLECTIVE_MIN_PEOPLE)}) as collective,
      -- Repeat (petitionFlags): a petitioner with the same identity (party index, id_hash) who
      -- petitioned earlier, received from the same day a year before up to this receipt.
      count(*) filter (where exists (
        select 1
        from case_parties me
        join parties mp on mp.id = me.party_id and mp.id_hash is not null
        join parties op on op.town_id = mp.town_id and op.id_hash = mp.id_hash
        join case_parties other on other.party_id = op.id and other.role = 'petitioner' and other.case_id <> p.id
        join vis o on o.id = other.case_id
        where me.case_id = p.id and me.role = 'petitioner'
          and o.fields->>'receivedOn' >= ((substr(p.received_on, 1, 4)::int - 1)::text || substr(p.received_on, 5))
          and (o.fields->>'receivedOn' < p.received_on or (o.fields->>'receivedOn' = p.received_on and o.id < p.id))
      )) as repeat,
      count(*) filter (where p.fields->>'satisfaction' is not null) as rated,
      count(*) filter (where p.fields->>'satisfaction' = 'satisfied') as satisfied,
      count(*) filter (where p.fields->>'satisfaction' = 'basically_satisfied') as basically_satisfied,
      count(*) filter (where p.fields->>'satisfaction' = 'unsatisfied') as unsatisfied,
      count(*) filter (where p.fields->'review' is not null) as review_requested,
      count(*) filter (where p.fields->'review'->>'outcome' is not null) as review_decided,
      count(*) filter (where p.fields->'review'->>'outcome' = 'upheld') as review_upheld,
      count(*) filter (where p.fields->'rereview' is not null) as rereview_requested,
      count(*) filter (where p.fields->'rereview'->>'outcome' is not null) as rereview_decided,
      count(*) filter (where p.fields->'rereview'->>'outcome' = 'upheld') as rereview_upheld,
      -- 包案: a leader owns the case; resolved = 已办结 or 已终结; signed off by that leader.
      count(*) filter (where p.owner_leader_id is not null) as owned,
      count(*) filter (where p.owner_leader_id is not null and p.state in ('closed', 'concluded')) as owned_resolved,
      count(*) filter (where p.owner_leader_id is not null and p.fields->'ownership'->>'signedOffOn' is not null) as owned_signed
    from p
  `.execute(db);
  const n = totals.rows[0]!;

  const groups = await sql<{ dim: string; key: string | null; count: string | number }>`
    with vis as (${visible}),
    p as (select v.* from vis v where v.fields->>'receivedOn' between ${from} and ${to})
    select 'channel' as dim, p.fields->>'channel' as key, count(*) as count from p group by 2
    union all select 'category', p.fields->>'category', count(*) from p group by 2
    union all select 'source', p.fields->>'source', count(*) from p group by 2
    union all select 'state', p.state, count(*) from p group by 2
    union all select 'unit', p.unit_id::text, count(*) from p group by 2
  `.execute(db);
  const by = (dim: string) => new Map(groups.rows.filter((g) => g.dim === dim).map((g) => [g.key, Number(g.count)]));
  const labelled = (labels: Record<string, string>, counts: Map<string | null, number>) =>
    Object.entries(labels).map(([key, label]) => ({ key, label, count: counts.get(key) ?? 0 }));

  const unitCounts = by('unit');
  const unitIds = [...unitCounts.keys()].filter((k): k is string => k !== null).map(Number);
  const names = unitIds.length
    ? await db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', unitIds).execute()
    : [];
  const nameOf = new Map(names.map((u) => [String(u.id), u.name]));
  const byVillage = [...unitCounts.entries()]
    .map(([k, c]) => ({ unitId: k, unitName: k === null ? '镇直' : (nameOf.get(k) ?? k), count: c }))
    .sort((a, b) => b.count - a.count || a.unitName.localeCompare(b.unitName, 'zh-CN'));

  const stateLabels = Object.fromEntries(Object.entries(petition.states).map(([k, s]) => [k, s.label]));
  const num = (v: string | number | null | undefined) => Number(v ?? 0);
  const rate = (good: number, all: number) => (all > 0 ? Math.round((good / all) * 10_000) / 10_000 : null);
  const timeliness = (onTime: number, late: number, pending: number) => ({
    onTime,
    late,
    pending,
    rate: rate(onTime, onTime + late),
  });
  const rated = num(n.rated);
  const satisfied = num(n.satisfied);
  const basically = num(n.basically_satisfied);

  return {
    year,
    asOf: today,
    received: {
      total: num(n.total),
      people: num(n.people),
      byChannel: labelled(PETITION_CHANNEL_LABELS, by('channel')),
      byCategory: labelled(PETITION_CATEGORY_LABELS, by('category')),
      bySource: labelled(PETITION_SOURCE_LABELS, by('source')),
      byVillage,
      byState: labelled(stateLabels, by('state')).filter((s) => s.count > 0),
    },
    acceptance: timeliness(num(timing.acc_on_time), num(timing.acc_late), num(timing.acc_pending)),
    handling: {
      ...timeliness(num(timing.hand_on_time), num(timing.hand_late), num(timing.hand_pending)),
      accepted: num(timing.hand_accepted),
      extended: num(timing.hand_extended),
    },
    satisfaction: {
      rated,
      satisfied,
      basicallySatisfied: basically,
      unsatisfied: num(n.unsatisfied),
      rate: rate(satisfied + basically, rated),
    },
    collective: num(n.collective),
    repeat: num(n.repeat),
    reviews: {
      requested: num(n.review_requested),
      decided: num(n.review_decided),
      upheld: num(n.review_upheld),
    },
    rereviews: {
      requested: num(n.rereview_requested),
      decided: num(n.rereview_decided),
      upheld: num(n.rereview_upheld),
    },
    leaderOwned: { owned: num(n.owned), resolved: num(n.owned_resolved), signedOff: num(n.owned_signed) },
  };
}

type Num = string | number | null;
interface Row {
  acc_on_time: Num;
  acc_late: Num;
  acc_pending: Num;
  hand_accepted: Num;
  hand_on_time: Num;
  hand_late: Num;
  hand_pending: Num;
  hand_extended: Num;
}
interface Totals {
  total: Num;
  people: Num;
  collective: Num;
  repeat: Num;
  rated: Num;
  satisfied: Num;
  basically_satisfied: Num;
  unsatisfied: Num;
  review_requested: Num;
  review_decided: Num;
  review_upheld: Num;
  rereview_requested: Num;
  rereview_decided: Num;
  rereview_upheld: Num;
  owned: Num;
  owned_resolved: Num;
  owned_signed: Num;
}
