/**
 * The meetings' figures for the dashboard and the annual report (facts/facts.ts), replacing the
 * hand-entered `decision.collective`. One definition per figure, serving its aggregate and its
 * drill-down alike:
 * - `decision.meetings`: meetings recorded as held (已召开) whose date is in the year;
 * - `decision.collective`: agenda items concluded (会议结论 recorded) at those meetings, linked
 *   to a case or not (the seed's “重大问题、重大决策、重大工程建设等重大事项，进行集体决策”).
 * Like every figure they are the town's own (unscoped); the drill-down lists them only to a
 * reader of the town's meetings (./access.ts roles), as the meetings' pages do.
 */
import { inScope } from '@fazhi/domain';
import { MEETING_READER_ROLES } from '@fazhi/domain/api/decisions-meetings';
import { MEETING_CONCLUSION_LABELS, MEETING_KIND_LABELS } from '@fazhi/domain/decisions/meetings';
import { type SqlBool, sql } from 'kysely';
import type { CaseAccess } from '../../../cases/access.ts';
import type { Db } from '../../../db/index.ts';
import { num, perTown } from '../../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../../facts/facts.ts';
import { roleScope } from '../../../platform/town-registers.ts';

const FACTS: FactDef[] = [
  {
    key: 'decision.collective',
    label: '集体讨论决定重大事项',
    unit: '项',
    definition:
      '统计年度内已召开的党委会、党政联席会、镇长办公会、班子会上作出结论的议题（重大行政决策程序暂行条例第三十条），含重大决策、规范性文件、合同、重大执法决定及其他重大事项，每个议题计一项。',
    decidingColumn: '会议结论',
    combine: { kind: 'sum' },
    drillable: true,
  },
  {
    key: 'decision.meetings',
    label: '召开集体决策会议',
    unit: '次',
    definition: '会议日期在统计年度内、已记录召开的党委会、党政联席会、镇长办公会、班子会（取消的会议不计）。',
    decidingColumn: '议题数',
    combine: { kind: 'sum' },
    drillable: true,
  },
];

const held = (y: number) => sql<SqlBool>`m.status = 'held' and m.held_on between ${`${y}-01-01`} and ${`${y}-12-31`}`;

/** Whether the reader reads the town's meetings (a meeting reader role whose scope covers the town). */
async function readsMeetings(db: Db, access: CaseAccess, townId: number): Promise<boolean> {
  const scope = roleScope(access.auth, MEETING_READER_ROLES, 'case:read');
  const town = await db.selectFrom('org_units').select(['id', 'path']).where('id', '=', townId).executeTakeFirst();
  return !!town && inScope({ ...scope, self: false }, { unitId: town.id, unitPath: town.path }, access.auth.userId);
}

export const meetingFacts: FactProvider = {
  module: 'decision',
  moduleLabel: '重大行政决策',
  facts: FACTS,

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const { rows } = await sql<{ town_id: number; meetings: string; items: string }>`
      select m.town_id,
        count(distinct m.id) as meetings,
        count(i.id) filter (where i.conclusion is not null) as items
      from meetings m
      left join meeting_items i on i.meeting_id = m.id
      where m.town_id in (${sql.join(q.townIds)}) and ${held(q.year)}
      group by m.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => ({
      'decision.meetings': num(r?.meetings),
      'decision.collective': num(r?.items),
    }));
  },

  async drill(db, access, q) {
    if (!(await readsMeetings(db, access, q.townId))) return { total: 0, records: [] };
    if (q.key === 'decision.meetings') {
      const base = () => db.selectFrom('meetings as m').where('m.town_id', '=', q.townId).where(held(q.year));
      const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await base()
        .select([
          'm.id',
          'm.kind',
          'm.title',
          'm.held_on',
          'm.minutes_no',
          sql<string>`(select count(*) from meeting_items i where i.meeting_id = m.id)`.as('items'),
        ])
        .orderBy('m.held_on')
        .orderBy('m.id')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      return {
        total: num(total.n),
        records: rows.map((r) => ({
          id: String(r.id),
          reference: r.minutes_no,
          title: r.title,
          date: r.held_on,
          unitName: MEETING_KIND_LABELS[r.kind],
          state: '已召开',
          deciding: String(num(r.items)),
          href: `/meetings/${r.id}`,
        })),
      };
    }
    if (q.key !== 'decision.collective') return { total: 0, records: [] };
    const base = () =>
      db
        .selectFrom('meeting_items as i')
        .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
        .where('m.town_id', '=', q.townId)
        .where(held(q.year))
        .where('i.conclusion', 'is not', null);
    const total = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = await base()
      .select(['i.id', 'i.subject', 'i.conclusion', 'm.id as meeting_id', 'm.title', 'm.kind', 'm.held_on'])
      .orderBy('m.held_on')
      .orderBy('i.seq')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return {
      total: num(total.n),
      records: rows.map((r) => ({
        id: String(r.id),
        reference: r.title,
        title: r.subject,
        date: r.held_on,
        unitName: MEETING_KIND_LABELS[r.kind],
        state: null,
        deciding: r.conclusion ? MEETING_CONCLUSION_LABELS[r.conclusion] : null,
        href: `/meetings/${r.meeting_id}`,
      })),
    };
  },
};
