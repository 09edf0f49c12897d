/**
 * The leaders' reception and visit figures for the dashboard and the annual report
 * (facts/facts.ts; 信访工作条例 art 18 ¶1 定期接访、定期下访, art 41 the annual report).
 * Counted per town over the town's own records of the year (receptions by the day held,
 * visits by the day made), as the 信访统计 page counts them (./stats.ts leaderDuties) for a
 * town-wide reader. A drill-down lists the records behind a figure the reader may see
 * (./receptions.ts: receptions to town-wide readers, a visit also to its village).
 */
import { mediation, petition } from '@fazhi/domain';
import { sql } from 'kysely';
import { visibleCase } from '../../cases/access.ts';
import { num, perTown, stateLabelsOf } from '../../facts/fact-sql.ts';
import type { FactDef, FactProvider, FactRecord } from '../../facts/facts.ts';
import { receptionAccessOf, visibleReception, visibleVisit } from './reception-access.ts';

const FACTS: FactDef[] = [
  {
    key: 'petition.leader_receptions',
    label: '领导开门接访',
    unit: '次',
    definition: '镇领导在统计年度内开门接访的次数（按接访日期，每次接访登记一份接访登记表）。',
    combine: { kind: 'sum' },
    drillable: true,
  },
  {
    key: 'petition.leader_reception_people',
    label: '领导接访接待群众',
    unit: '人次',
    definition: '镇领导开门接访接待的来访群众人次（各来访人登记人数之和，含当场答复和登记为信访事项的）。',
    combine: { kind: 'sum' },
    drillable: true,
  },
  {
    key: 'petition.leader_visits',
    label: '领导带案下访',
    unit: '次',
    definition: '镇领导在统计年度内带案到村（社区）下访的次数（按下访日期）。',
    combine: { kind: 'sum' },
    drillable: true,
  },
  {
    key: 'petition.visit_cases',
    label: '带案下访所带案件',
    unit: '件',
    definition: '统计年度内领导下访所带的信访事项和矛盾纠纷案件数，同一案件多次下访计一件。',
    combine: { kind: 'sum' },
    drillable: true,
  },
];

const PETITION_STATES = stateLabelsOf(petition);
const MEDIATION_STATES = stateLabelsOf(mediation);
const RECEPTIONS_HREF = '/petition/receptions';
const VISITS_HREF = '/petition/visits';

export const receptionFacts: FactProvider = {
  module: 'petition_leaders',
  moduleLabel: '领导接访下访',
  facts: FACTS,

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const towns = [...q.townIds];
    const from = `${q.year}-01-01`;
    const to = `${q.year}-12-31`;
    const rows = await sql<{
      town_id: number;
      receptions: unknown;
      people: unknown;
      visits: unknown;
      visit_cases: unknown;
    }>`
      with r as (
        select r.id, r.town_id from receptions r
        where r.town_id in (${sql.join(towns)}) and r.received_on between ${from} and ${to}
      ),
      v as (
        select v.id, v.town_id from leader_visits v
        where v.town_id in (${sql.join(towns)}) and v.visited_on between ${from} and ${to}
      ),
      rr as (select town_id, count(*) as n from r group by town_id),
      rp as (select r.town_id, sum(rv.people_count) as n from r join reception_visitors rv on rv.reception_id = r.id
             group by r.town_id),
      vv as (select town_id, count(*) as n from v group by town_id),
      vc as (select v.town_id, count(distinct lc.case_id) as n from v join leader_visit_cases lc on lc.visit_id = v.id
             group by v.town_id)
      select t.town_id, rr.n as receptions, rp.n as people, vv.n as visits, vc.n as visit_cases
      from unnest(${towns}::int[]) as t(town_id)
      left join rr on rr.town_id = t.town_id
      left join rp on rp.town_id = t.town_id
      left join vv on vv.town_id = t.town_id
      left join vc on vc.town_id = t.town_id
    `.execute(db);
    return perTown(towns, rows.rows, (r) => ({
      'petition.leader_receptions': num(r?.receptions),
      'petition.leader_reception_people': num(r?.people),
      'petition.leader_visits': num(r?.visits),
      'petition.visit_cases': num(r?.visit_cases),
    }));
  },

  async drill(db, access, q) {
    const acc = await receptionAccessOf(db, access);
    const from = `${q.year}-01-01`;
    const to = `${q.year}-12-31`;
    if (q.key === 'petition.visit_cases') {
      // Petitions and disputes alike, each once, dated by its first visit of the year.
      const firstVisit = sql<string>`(select min(v.visited_on)::text from leader_visit_cases lc
        join leader_visits v on v.id = lc.visit_id
        where lc.case_id = c.id and v.town_id = ${q.townId} and v.visited_on between ${from} and ${to})`;
      const base = () =>
        db
          .selectFrom('cases as c')
          .where('c.town_id', '=', q.townId)
          .where(sql<boolean>`${firstVisit} is not null`)
          .where((eb) => visibleCase(eb, access));
      const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await base()
        .select([
          'c.id',
          'c.number',
          'c.title',
          'c.type',
          'c.state',
          firstVisit.as('on_date'),
          sql<string | null>`(select u.name from org_units u where u.id = c.unit_id)`.as('unit_name'),
        ])
        .orderBy('on_date')
        .orderBy('c.id')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return {
        total: num(total.n),
        records: rows.map(
          (r): FactRecord => ({
            id: String(r.id),
            reference: r.number,
            title: r.title,
            date: r.on_date,
            unitName: r.unit_name ?? '镇本级',
            state: (r.type === 'mediation' ? MEDIATION_STATES : PETITION_STATES)[r.state] ?? r.state,
            href: `/cases/${r.id}`,
          }),
        ),
      };
    }
    if (q.key === 'petition.leader_visits') {
      const base = () =>
        db
          .selectFrom('leader_visits as v')
          .where('v.town_id', '=', q.townId)
          .where('v.visited_on', '>=', from)
          .where('v.visited_on', '<=', to)
          .where((eb) => visibleVisit(eb, acc));
      const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await base()
        .innerJoin('users as l', 'l.id', 'v.leader_id')
        .innerJoin('org_units as o', 'o.id', 'v.unit_id')
        .select([
          'v.id',
          'v.visited_on',
          'l.display_name as leader_name',
          'o.name as unit_name',
          sql<string>`(select count(*) from leader_visit_cases lc where lc.visit_id = v.id)`.as('cases'),
        ])
        .orderBy('v.visited_on')
        .orderBy('v.id')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return {
        total: num(total.n),
        records: rows.map(
          (r): FactRecord => ({
            id: String(r.id),
            reference: null,
            title: `${r.leader_name}带案下访（所带案件${num(r.cases)}件）`,
            date: r.visited_on,
            unitName: r.unit_name,
            state: null,
            href: `${VISITS_HREF}?visit=${r.id}`,
          }),
        ),
      };
    }
    if (q.key === 'petition.leader_receptions' || q.key === 'petition.leader_reception_people') {
      const people = q.key === 'petition.leader_reception_people';
      const base = () =>
        db
          .selectFrom('receptions as r')
          .where('r.town_id', '=', q.townId)
          .where('r.received_on', '>=', from)
          .where('r.received_on', '<=', to)
          .where(() => visibleReception(acc));
      if (!people) {
        const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
        const rows = await base()
          .innerJoin('users as l', 'l.id', 'r.leader_id')
          .select([
            'r.id',
            'r.received_on',
            'r.place',
            'l.display_name as leader_name',
            sql<string>`(select coalesce(sum(v.people_count), 0) from reception_visitors v where v.reception_id = r.id)`.as(
              'people',
            ),
          ])
          .orderBy('r.received_on')
          .orderBy('r.id')
          .limit(q.limit)
          .offset(q.offset)
          .execute();
        return {
          total: num(total.n),
          records: rows.map(
            (r): FactRecord => ({
              id: String(r.id),
              reference: null,
              title: `${r.leader_name}开门接访（接待${num(r.people)}人次）`,
              date: r.received_on,
              unitName: r.place,
              state: null,
              href: `${RECEPTIONS_HREF}?reception=${r.id}`,
            }),
          ),
        };
      }
      // People: one record per visitor, each carrying its headcount in the title.
      const visitors = () => base().innerJoin('reception_visitors as v', 'v.reception_id', 'r.id');
      const total = await visitors().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await visitors()
        .leftJoin('org_units as o', 'o.id', 'v.unit_id')
        .select([
          'v.id',
          'r.id as reception_id',
          'r.received_on',
          'v.name',
          'v.people_count',
          'v.outcome',
          'o.name as unit_name',
        ])
        .orderBy('r.received_on')
        .orderBy('r.id')
        .orderBy('v.sort')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return {
        total: num(total.n),
        records: rows.map(
          (r): FactRecord => ({
            id: String(r.id),
            reference: null,
            title: `${r.name}（${r.people_count}人）`,
            date: r.received_on,
            unitName: r.unit_name,
            state: r.outcome === 'answered' ? '当场答复' : '登记为信访事项',
            href: `${RECEPTIONS_HREF}?reception=${r.reception_id}`,
          }),
        ),
      };
    }
    return { total: 0, records: [] };
  },
};
