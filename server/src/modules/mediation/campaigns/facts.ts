/**
 * 矛盾纠纷排查's figures for the dashboard and the annual report (facts/facts.ts; docs/domain.md
 * §Mediation statistics, screening). Campaigns count in the year their period starts;
 * disputes count in the year they were found (found_on, the day the village's return
 * reports, the same date the campaign statistics and their index use), converted ones among
 * them.
 */
import { sql } from 'kysely';
import { num, perTown } from '../../../facts/fact-sql.ts';
import type { FactDef, FactProvider, FactRecord } from '../../../facts/facts.ts';
import { campaignAccess, visibleCampaign, visibleReturn } from './access.ts';

const FACTS: FactDef[] = [
  {
    key: 'campaigns.count',
    label: '开展矛盾纠纷排查',
    unit: '次',
    definition: '排查期间自统计年度内开始的集中排查和经常性排查。',
    combine: { kind: 'sum' },
    drillable: true,
  },
  {
    key: 'campaigns.disputes_found',
    label: '排查发现矛盾纠纷',
    unit: '件',
    definition: '村（社区）排查上报、发现日期在统计年度内的矛盾纠纷。',
    combine: { kind: 'sum' },
    drillable: true,
  },
  {
    key: 'campaigns.converted',
    label: '排查纠纷转入调解',
    unit: '件',
    definition: '排查发现的矛盾纠纷中已登记为调解案件的。',
    combine: { kind: 'sum' },
    drillable: true,
  },
];

const KIND_LABELS: Record<string, string> = { concentrated: '集中排查', regular: '经常性排查' };
const ENTRY_STATUS: Record<string, string> = { new: '待处理', converted: '已转调解', dismissed: '不予处理' };

export const campaignFacts: FactProvider = {
  module: 'campaigns',
  moduleLabel: '矛盾纠纷排查',
  facts: FACTS,

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const from = `${q.year}-01-01`;
    const to = `${q.year}-12-31`;
    const { rows } = await sql<{ town_id: number; campaigns: string; found: string; converted: string }>`
      select t.town_id,
        (select count(*) from screening_campaigns s
          where s.town_id = t.town_id and s.period_start between ${from} and ${to}) as campaigns,
        (select count(*) from campaign_entries e
          where e.town_id = t.town_id and e.found_on between ${from} and ${to}) as found,
        (select count(*) from campaign_entries e
          where e.town_id = t.town_id and e.found_on between ${from} and ${to} and e.status = 'converted') as converted
      from unnest(${[...q.townIds]}::int[]) as t(town_id)
    `.execute(db);
    return perTown(q.townIds, rows, (r) => ({
      'campaigns.count': num(r?.campaigns),
      'campaigns.disputes_found': num(r?.found),
      'campaigns.converted': num(r?.converted),
    }));
  },

  async drill(db, access, q) {
    const acc = await campaignAccess(db, access);
    const from = `${q.year}-01-01`;
    const to = `${q.year}-12-31`;
    if (q.key === 'campaigns.count') {
      const base = () =>
        db
          .selectFrom('screening_campaigns as c')
          .where('c.town_id', '=', q.townId)
          .where('c.period_start', '>=', from)
          .where('c.period_start', '<=', to)
          .where((eb) => visibleCampaign(eb, acc));
      const count = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
      const rows = await base()
        .select(['c.id', 'c.title', 'c.kind', 'c.status', sql<string>`to_char(c.period_start, 'YYYY-MM-DD')`.as('d')])
        .orderBy('c.period_start')
        .orderBy('c.id')
        .limit(q.limit)
        .offset(q.offset)
        .execute();
      const records: FactRecord[] = rows.map((r) => ({
        id: String(r.id),
        reference: KIND_LABELS[r.kind] ?? r.kind,
        title: r.title,
        date: r.d,
        unitName: null,
        state: r.status === 'open' ? '进行中' : '已结束',
        href: `/mediation/campaigns/${r.id}`,
      }));
      return { total: num(count.n), records };
    }
    if (q.key !== 'campaigns.disputes_found' && q.key !== 'campaigns.converted') return { total: 0, records: [] };
    const converted = q.key === 'campaigns.converted';
    const base = () => {
      let query = db
        .selectFrom('campaign_entries as e')
        .innerJoin('campaign_returns as r', 'r.id', 'e.return_id')
        .where('e.town_id', '=', q.townId)
        .where('e.found_on', '>=', from)
        .where('e.found_on', '<=', to)
        .where((eb) => visibleReturn(eb, acc));
      if (converted) query = query.where('e.status', '=', 'converted');
      return query;
    };
    const count = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = await base()
      .leftJoin('org_units as u', 'u.id', 'e.unit_id')
      .select([
        'e.id',
        'e.campaign_id',
        'e.case_id',
        'e.summary',
        'e.status',
        'u.name as unit_name',
        sql<string>`to_char(e.found_on, 'YYYY-MM-DD')`.as('d'),
        sql<string | null>`(select k.number from cases k where k.id = e.case_id)`.as('case_number'),
      ])
      .orderBy('e.found_on')
      .orderBy('e.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    const records: FactRecord[] = rows.map((r) => ({
      id: String(r.id),
      reference: r.case_number,
      title: r.summary.length > 60 ? `${r.summary.slice(0, 60)}…` : r.summary,
      date: r.d,
      unitName: r.unit_name,
      state: ENTRY_STATUS[r.status] ?? r.status,
      href: r.case_id ? `/cases/${r.case_id}` : `/mediation/campaigns/${r.campaign_id}`,
    }));
    return { total: num(count.n), records };
  },
};
