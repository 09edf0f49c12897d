/**
 * The advisers' figure for the dashboard and the annual report (facts/facts.ts), replacing the
 * hand-entered `review.adviser_opinions` (facts/manual-facts.ts): the written opinions (法律意见)
 * the town's legal advisers gave in the year, by the date given. The drill-down lists them for a
 * reader of the advisers' register (./service.ts `adviserAccess`); anyone else sees none.
 */
import { OPINION_KIND_LABELS } from '@fazhi/domain/api/decisions-advisers';
import { sql } from 'kysely';
import type { Db } from '../../../db/index.ts';
import { num, perTown } from '../../../facts/fact-sql.ts';
import type { FactProvider } from '../../../facts/facts.ts';
import { adviserAccess } from './service.ts';

const KEY = 'review.adviser_opinions';

export const adviserFacts: FactProvider = {
  module: 'review',
  moduleLabel: '合法性审查与法律顾问',
  facts: [
    {
      key: KEY,
      label: '法律顾问出具法律意见',
      unit: '件',
      definition:
        '统计年度内（按出具日期）本镇法律顾问出具的书面法律意见，含对重大决策、规范性文件、合同、信访、执法、诉讼等事项的意见。',
      combine: { kind: 'sum' },
      drillable: true,
      decidingColumn: '意见类别',
    },
  ],

  async compute(db: Db, q) {
    if (q.townIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('adviser_opinions')
      .select(['town_id', sql<string>`count(*)`.as('n')])
      .where('town_id', 'in', q.townIds)
      .where('given_on', '>=', `${q.year}-01-01`)
      .where('given_on', '<=', `${q.year}-12-31`)
      .groupBy('town_id')
      .execute();
    return perTown(q.townIds, rows, (r) => ({ [KEY]: num(r?.n) }));
  },

  async drill(db, access, q) {
    if (q.key !== KEY) return { total: 0, records: [] };
    const acc = await adviserAccess(db, access.auth);
    if (!acc.readTowns.some((t) => t.id === q.townId)) return { total: 0, records: [] };
    const base = () =>
      db
        .selectFrom('adviser_opinions as o')
        .where('o.town_id', '=', q.townId)
        .where('o.given_on', '>=', `${q.year}-01-01`)
        .where('o.given_on', '<=', `${q.year}-12-31`);
    const count = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = await base()
      .innerJoin('advisers as a', 'a.id', 'o.adviser_id')
      .select(['o.id', 'o.subject', 'o.given_on', 'o.kind', 'a.name as adviser'])
      .orderBy('o.given_on')
      .orderBy('o.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return {
      total: num(count.n),
      records: rows.map((r) => ({
        id: String(r.id),
        reference: null,
        title: r.subject,
        date: r.given_on,
        unitName: r.adviser,
        state: null,
        deciding: OPINION_KIND_LABELS[r.kind as keyof typeof OPINION_KIND_LABELS] ?? r.kind,
        href: `/decisions/adviser-opinions?year=${q.year}`,
      })),
    };
  },
};
