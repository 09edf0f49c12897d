/**
 * Petition statistics for a year (docs/domain.md §Petition statistics; 信访工作条例 art 41 asks
 * the annual report for them). Everything is a SQL aggregate over the cases the user can
 * see (`visibleCase`), so a village officer gets their village and a county supervisor the
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
  type PetitionStats,
  petition,
  shanghaiDate,
} from '@fazhi/domain';
import { type Compilable, type RawBuilder, sql } from 'kysely';
import { visibleCase } from '../../cases/access.ts';
import type { Db } from '../../db/index.ts';
import { type ReceptionAccess, visibleReception, visibleSlot, visibleVisit } from './reception-access.ts';

// The response is PetitionStatsSchema of @fazhi/domain (domain/src/api/petition.ts).

// ── Rest days for the due-date arithmetic in SQL ─────────────────────────────────────────

/**
 * Days that are not worked, per town, from the start of the year until the limits of
 * petitions received in December have run out: SQL rolls a last day that falls on one of
 * them to the next working day, as the clocks do (民法典 art 203, roll rule 'official').
 */
export function restDays(
  calendars: Map<number, Calendar>,
  year: number,
): { towns: number[]; days: string[]; rolled: string[] } {
  const towns: number[] = [];
  const days: string[] = [];
  // The working day a last day falling on each rest day rolls to: looked up by equality in
  // SQL (a hash join), instead of scanning the rest days for every petition's limit.
  const rolled: string[] = [];
  const last = Math.min(year + 1, CALENDAR_COVERAGE.lastYear);
  const end = `${last}-06-30`;
  for (const [townId, calendar] of calendars) {
    const rest = new Set<string>();
    for (let d = `${year}-01-01`; d <= end; d = nextDay(d)) if (!calendar.isWorkday(d)) rest.add(d);
    for (const d of rest) {
      let r = nextDay(d);
      // Beyond `end` the days count as working days, as the generate_series window did.
      for (let i = 0; i < 40 && rest.has(r); i++) r = nextDay(r);
      towns.push(townId);
      days.push(d);
      rolled.push(r);
    }
  }
  return { towns, days, rolled };
}

function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

// ── The query ────────────────────────────────────────────────────────────────────────────

/** Which events stop the 15-day clock: the petition type's own list, so the two cannot drift. */
const ACCEPTANCE_STOPS: string[] = [...(petition.clocks.acceptance?.stopOn ?? [])];
if (ACCEPTANCE_STOPS.length === 0) throw new Error('petition type lost its acceptance clock');
const ACCEPTANCE_STARTS = ['create', 'objection_refused'];
/** A matter resolved: 已办结, 已终结, or ended by a mediation or reconciliation agreement (art 33). */
const RESOLVED_STATES = ['closed', 'concluded', 'settled'];
/** What ends the 60 days: the written opinion, or an agreement (art 33); the type's own list. */
const HANDLING_STOPS: string[] = [...(petition.clocks.handling?.stopOn ?? [])];
if (HANDLING_STOPS.length === 0) throw new Error('petition type lost its handling clock');

/** One petition of a year's cohort with every flag the statistics and the report's facts count. */
export interface PetitionCohortRow {
  id: number;
  town_id: number;
  unit_id: number | null;
  received_on: string;
  people: number;
  acc_on_time: boolean;
  acc_late: boolean;
  acc_pending: boolean;
  hand_accepted: boolean;
  hand_on_time: boolean;
  hand_late: boolean;
  hand_pending: boolean;
  hand_extended: boolean;
  collective: boolean;
  repeat: boolean;
  satisfaction: string | null;
  review_requested: boolean;
  review_decided: boolean;
  review_upheld: boolean;
  rereview_requested: boolean;
  rereview_decided: boolean;
  rereview_upheld: boolean;
  owned: boolean;
  owned_resolved: boolean;
  owned_signed: boolean;
}

/**
 * The petitions received in `year` among `visible` (a select of cases with id, town_id,
 * unit_id, state, owner_leader_id and fields: the petitions a reader may see, or every
 * petition of some towns for the report's facts), one row each with every flag counted:
 * the single definition of the cohort and of each figure, for these statistics and for
 * the report's facts (./facts.ts), which group the same rows by town.
 *
 * - acc_start: the day the 15-day clock runs from: the received date, or the day the town
 *   got the matter back after a refused objection (the clock restarts, petition.ts).
 * - acc_stop: the first event after that start that tells the petitioner or the sender
 *   where the matter stands (accept, route out, decline, object …: the clock's stopOn).
 * - hand_start / hand_stop: the accept event and the first event after it that ends the
 *   handling (the reply, or a mediation or reconciliation agreement: the clock's stopOn).
 * - ext: the days added by extensions made before the limit ran out, capped at 30 (art 34).
 *   The engine refuses an extension without the leader's approval and the 延期告知书, or
 *   once the limit has run out; the date check is repeated here for older histories.
 * Dates of events are Asia/Shanghai days (UTC+8, no DST), like the clocks.
 */
export function petitionCohort(
  visible: Compilable,
  rest: { towns: number[]; days: string[]; rolled: string[] },
  year: number,
  today: string,
): RawBuilder<PetitionCohortRow> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  // Event lookups go straight to case_events by its primary key (case_id, seq): a CTE of the
  // cohort's events would be scanned once per petition and lookup.
  const day = sql`((e.at at time zone 'UTC') + interval '8 hours')::date`;
  return sql<PetitionCohortRow>`
    with vis as (${visible}),
    rest as (select * from unnest(${rest.towns}::int[], ${rest.days}::date[], ${rest.rolled}::date[])
             as r(town_id, day, rolled)),
    p as (
      select v.*, (v.fields->>'receivedOn') as received_on
      from vis v
      where v.fields->>'receivedOn' between ${from} and ${to}
    ),
    -- Materialised: the due-date joins below then read computed columns, instead of the
    -- planner re-running the event subqueries inside a join filter.
    t as materialized (
      select p.id, p.town_id,
        coalesce(s.data->'input'->>'receivedOn', p.received_on)::date as acc_start,
        (select ${day} from case_events e where e.case_id = p.id and e.seq > s.seq
           and e.action in (${sql.join(ACCEPTANCE_STOPS)}) order by e.seq limit 1) as acc_stop,
        a.on_day as hand_start,
        (select ${day} from case_events e where e.case_id = p.id and e.seq > a.seq
           and e.action in (${sql.join(HANDLING_STOPS)}) order by e.seq limit 1) as hand_stop,
        -- An extension counts only if made by the due date it extends (the 60 days plus the
        -- extensions before it, rolled off a rest day), as the clock counts it: one made
        -- after the limit ran out does not turn a late case into one on time (art 34).
        least(${sql.lit(HANDLING_EXTENSION_MAX_DAYS)}, coalesce((
          select sum(x.len) from (
            select (e.data->'input'->>'length')::int as len, ${day} as on_day,
              least(${sql.lit(HANDLING_EXTENSION_MAX_DAYS)}, coalesce(sum((e.data->'input'->>'length')::int)
                over (order by e.seq rows between unbounded preceding and 1 preceding), 0))::int as before
            from case_events e where e.case_id = p.id and e.seq > a.seq and e.action = 'extend'
          ) x
          left join rest rx on rx.town_id = p.town_id and rx.day = a.on_day + ${sql.lit(HANDLING_DAYS)} + x.before
          where x.on_day <= coalesce(rx.rolled, a.on_day + ${sql.lit(HANDLING_DAYS)} + x.before)
        ), 0))::int as ext,
        exists (select 1 from case_events e where e.case_id = p.id and e.seq > a.seq and e.action = 'extend') as extended
      from p
      left join lateral (
        select e.seq, e.data from case_events e where e.case_id = p.id and e.action in (${sql.join(ACCEPTANCE_STARTS)})
        order by e.seq desc limit 1
      ) s on true
      left join lateral (
        select e.seq, ${day} as on_day from case_events e where e.case_id = p.id and e.action = 'accept'
        order by e.seq desc limit 1
      ) a on true
    ),
    -- A limit's last day is the raw day, or the working day after it when it is a rest day.
    due as (
      select t.*,
        coalesce(ra.rolled, t.acc_start + ${sql.lit(ACCEPTANCE_DAYS)}) as acc_due,
        case when t.hand_start is null then null
          else coalesce(rh.rolled, t.hand_start + ${sql.lit(HANDLING_DAYS)} + t.ext) end as hand_due
      from t
      left join rest ra on ra.town_id = t.town_id and ra.day = t.acc_start + ${sql.lit(ACCEPTANCE_DAYS)}
      left join rest rh on rh.town_id = t.town_id and rh.day = t.hand_start + ${sql.lit(HANDLING_DAYS)} + t.ext
    ),
    -- Repeat (petitionFlags): a petitioner with the same identity (party index, id_hash) who
    -- petitioned earlier, received from the same day a year before up to this receipt. Joined
    -- as a set (one hash of the visible petitions), not probed once per petition.
    rep as (
      select distinct p.id
      from p
      join case_parties me on me.case_id = p.id and me.role = 'petitioner'
      join parties mp on mp.id = me.party_id and mp.id_hash is not null
      join parties op on op.town_id = mp.town_id and op.id_hash = mp.id_hash
      join case_parties other on other.party_id = op.id and other.role = 'petitioner' and other.case_id <> p.id
      join cases o on o.id = other.case_id
      where o.id in (select vis.id from vis)
        and o.fields->>'receivedOn' >= ((substr(p.received_on, 1, 4)::int - 1)::text || substr(p.received_on, 5))
        and (o.fields->>'receivedOn' < p.received_on or (o.fields->>'receivedOn' = p.received_on and o.id < p.id))
    )
    select p.id, p.town_id, p.unit_id, p.received_on,
      coalesce((p.fields->>'peopleCount')::int, 0) as people,
      (acc_stop is not null and acc_stop <= acc_due) as acc_on_time,
      coalesce((acc_stop is not null and acc_stop > acc_due) or (acc_stop is null and acc_due < ${today}::date), false) as acc_late,
      coalesce(acc_stop is null and acc_due >= ${today}::date, false) as acc_pending,
      (hand_start is not null) as hand_accepted,
      coalesce(hand_stop is not null and hand_stop <= hand_due, false) as hand_on_time,
      coalesce((hand_stop is not null and hand_stop > hand_due) or (hand_start is not null and hand_stop is null and hand_due < ${today}::date), false) as hand_late,
      coalesce(hand_start is not null and hand_stop is null and hand_due >= ${today}::date, false) as hand_pending,
      extended as hand_extended,
      coalesce((p.fields->>'peopleCount')::int >= ${sql.lit(COLLECTIVE_MIN_PEOPLE)}, false) as collective,
      (rep.id is not null) as repeat,
      p.fields->>'satisfaction' as satisfaction,
      (p.fields->'review' is not null) as review_requested,
      (p.fields->'review'->>'outcome' is not null) as review_decided,
      coalesce(p.fields->'review'->>'outcome' = 'upheld', false) as review_upheld,
      (p.fields->'rereview' is not null) as rereview_requested,
      (p.fields->'rereview'->>'outcome' is not null) as rereview_decided,
      coalesce(p.fields->'rereview'->>'outcome' = 'upheld', false) as rereview_upheld,
      -- 包案: a leader owns the case; resolved = 已办结, 已终结 or settled by agreement; signed off by that leader.
      (p.owner_leader_id is not null) as owned,
      (p.owner_leader_id is not null and p.state in (${sql.join(RESOLVED_STATES)})) as owned_resolved,
      (p.owner_leader_id is not null and p.fields->'ownership'->>'signedOffOn' is not null) as owned_signed
    from due join p on p.id = due.id
    left join rep on rep.id = p.id
  `;
}

export async function petitionStats(
  db: Db,
  leaders: ReceptionAccess,
  calendars: (townId: number) => Promise<Calendar>,
  year: number,
  now: Date,
): Promise<PetitionStats> {
  const access = leaders.cases;
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

  const totals = await sql<Totals & Row>`
    select
      count(*) as total,
      coalesce(sum(x.people), 0) as people,
      count(*) filter (where x.collective) as collective,
      count(*) filter (where x.repeat) as repeat,
      count(*) filter (where x.satisfaction is not null) as rated,
      count(*) filter (where x.satisfaction = 'satisfied') as satisfied,
      count(*) filter (where x.satisfaction = 'basically_satisfied') as basically_satisfied,
      count(*) filter (where x.satisfaction = 'unsatisfied') as unsatisfied,
      count(*) filter (where x.review_requested) as review_requested,
      count(*) filter (where x.review_decided) as review_decided,
      count(*) filter (where x.review_upheld) as review_upheld,
      count(*) filter (where x.rereview_requested) as rereview_requested,
      count(*) filter (where x.rereview_decided) as rereview_decided,
      count(*) filter (where x.rereview_upheld) as rereview_upheld,
      count(*) filter (where x.owned) as owned,
      count(*) filter (where x.owned_resolved) as owned_resolved,
      count(*) filter (where x.owned_signed) as owned_signed,
      count(*) filter (where x.acc_on_time) as acc_on_time,
      count(*) filter (where x.acc_late) as acc_late,
      count(*) filter (where x.acc_pending) as acc_pending,
      count(*) filter (where x.hand_accepted) as hand_accepted,
      count(*) filter (where x.hand_on_time) as hand_on_time,
      count(*) filter (where x.hand_late) as hand_late,
      count(*) filter (where x.hand_pending) as hand_pending,
      count(*) filter (where x.hand_extended) as hand_extended
    from (${petitionCohort(visible, rest, year, today)}) x
  `.execute(db);
  const n = totals.rows[0]!;
  const timing = n;

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

  const duties = await leaderDuties(db, leaders, from, to);
  const owners = await sql<{ leader_id: number; owned: Num; resolved: Num }>`
    with vis as (${visible}),
    p as (select v.* from vis v where v.fields->>'receivedOn' between ${from} and ${to})
    select p.owner_leader_id as leader_id, count(*) as owned,
      count(*) filter (where p.state in (${sql.join(RESOLVED_STATES)})) as resolved
    from p where p.owner_leader_id is not null group by 1
  `.execute(db);

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
    leaderReceptions: duties.receptions,
    leaderVisits: duties.visits,
    byLeader: await byLeader(db, duties.perLeader, owners.rows),
  };
}

/**
 * Receptions (by the day held) and visits (by the day made) in the year, as the reader may see
 * them (receptions.ts): people = the visitors' headcounts; every visitor's matter is either
 * answered on the spot or a petition, so answered + petitions = matters brought.
 */
async function leaderDuties(db: Db, acc: ReceptionAccess, from: string, to: string) {
  const rec = await sql<{ held: Num; people: Num; answered: Num; petitions: Num; scheduled: Num }>`
    select
      (select count(*) from receptions r where ${visibleReception(acc)} and r.received_on between ${from} and ${to}) as held,
      (select coalesce(sum(v.people_count), 0) from receptions r join reception_visitors v on v.reception_id = r.id
        where ${visibleReception(acc)} and r.received_on between ${from} and ${to}) as people,
      (select count(*) from receptions r join reception_visitors v on v.reception_id = r.id
        where ${visibleReception(acc)} and r.received_on between ${from} and ${to} and v.outcome = 'answered') as answered,
      (select count(*) from receptions r join reception_visitors v on v.reception_id = r.id
        where ${visibleReception(acc)} and r.received_on between ${from} and ${to} and v.outcome = 'petition') as petitions,
      (select count(*) from reception_slots s where ${visibleSlot(acc)} and not s.cancelled
        and s.on_date between ${from} and ${to}) as scheduled
  `.execute(db);
  const visits = db
    .selectFrom('leader_visits as v')
    .select(['v.id', 'v.leader_id'])
    .where((eb) => visibleVisit(eb, acc))
    .where('v.visited_on', '>=', from)
    .where('v.visited_on', '<=', to);
  const vis = await sql<{ visits: Num; cases: Num }>`
    with v as (${visits})
    select (select count(*) from v) as visits,
      (select count(distinct lc.case_id) from leader_visit_cases lc where lc.visit_id in (select id from v)) as cases
  `.execute(db);
  const perLeader = await sql<{ leader_id: number; receptions: Num; people: Num; visits: Num; visit_cases: Num }>`
    with v as (${visits}),
    r as (select r.id, r.leader_id from receptions r
          where ${visibleReception(acc)} and r.received_on between ${from} and ${to}),
    leaders as (select leader_id from r union select leader_id from v)
    select l.leader_id,
      (select count(*) from r where r.leader_id = l.leader_id) as receptions,
      (select coalesce(sum(rv.people_count), 0) from reception_visitors rv join r on r.id = rv.reception_id
        where r.leader_id = l.leader_id) as people,
      (select count(*) from v where v.leader_id = l.leader_id) as visits,
      (select count(distinct lc.case_id) from leader_visit_cases lc join v on v.id = lc.visit_id
        where v.leader_id = l.leader_id) as visit_cases
    from leaders l
  `.execute(db);
  const r = rec.rows[0]!;
  const n = (x: Num) => Number(x ?? 0);
  return {
    receptions: {
      scheduled: n(r.scheduled),
      held: n(r.held),
      people: n(r.people),
      answered: n(r.answered),
      petitions: n(r.petitions),
    },
    visits: { visits: n(vis.rows[0]!.visits), cases: n(vis.rows[0]!.cases) },
    perLeader: perLeader.rows,
  };
}

async function byLeader(
  db: Db,
  duties: { leader_id: number; receptions: Num; people: Num; visits: Num; visit_cases: Num }[],
  owners: { leader_id: number; owned: Num; resolved: Num }[],
): Promise<PetitionStats['byLeader']> {
  const ids = [...new Set([...duties.map((d) => d.leader_id), ...owners.map((o) => o.leader_id)])];
  if (ids.length === 0) return [];
  const names = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
  const nameOf = new Map(names.map((u) => [u.id, u.display_name]));
  const n = (x: Num | undefined) => Number(x ?? 0);
  return ids
    .map((id) => {
      const d = duties.find((x) => x.leader_id === id);
      const o = owners.find((x) => x.leader_id === id);
      return {
        leaderId: String(id),
        leaderName: nameOf.get(id) ?? String(id),
        receptions: n(d?.receptions),
        people: n(d?.people),
        visits: n(d?.visits),
        visitCases: n(d?.visit_cases),
        owned: n(o?.owned),
        ownedResolved: n(o?.resolved),
      };
    })
    .sort(
      (a, b) =>
        b.receptions + b.visits + b.owned - (a.receptions + a.visits + a.owned) ||
        a.leaderName.localeCompare(b.leaderName, 'zh-CN'),
    );
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
