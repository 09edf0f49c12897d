/**
 * Contract review's figures (facts/facts.ts), replacing the hand-entered `review.contracts`
 * (facts/manual-facts.ts). One cohort for all three: the contracts whose review concluded in the
 * year (审查日期, whatever the outcome), so the count, the amount and the changes proposed add up.
 * - 审查合同: those contracts;
 * - 审查合同金额: their amounts as submitted, in 万元 (two decimals);
 * - 审查提出修改意见: those reviewed 修改后同意 or 不同意.
 */
import { CONTRACT_REVIEW_OUTCOME_LABELS, contract } from '@fazhi/domain/cases/contract';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../../db/index.ts';
import { drillCases, num, perTown, stateLabelsOf } from '../../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../../facts/facts.ts';

const f = (key: string) => sql.raw(`(c.fields->>'${key}')`);
const reviewed = (y: number) => sql`(${f('reviewedOn')} between ${`${y}-01-01`} and ${`${y}-12-31`})`;
const changed = (y: number) => sql`${reviewed(y)} and ${f('reviewOutcome')} in ('amend', 'disagree')`;

const RULES: Record<string, (y: number) => RawBuilder<unknown>> = {
  'review.contracts': reviewed,
  'review.contracts_amount': reviewed,
  'review.contracts_changed': changed,
};

const FACTS: FactDef[] = [
  {
    key: 'review.contracts',
    label: '审查合同',
    unit: '件',
    definition:
      '统计年度内（按审查日期）经司法所或法律顾问审查并出具合同审查意见书的合同，含同意、修改后同意和不同意。',
    combine: { kind: 'sum' },
    decidingColumn: '审查结论',
  },
  {
    key: 'review.contracts_amount',
    label: '审查合同金额',
    unit: '万元',
    definition: '统计年度内审查的合同的送审金额之和，以万元计，保留两位小数。',
    combine: { kind: 'sum' },
    decidingColumn: '合同金额（元）',
  },
  {
    key: 'review.contracts_changed',
    label: '审查提出修改或不同意意见的合同',
    unit: '件',
    definition: '统计年度内审查的合同中，审查结论为修改后同意或不同意的。',
    combine: { kind: 'sum' },
    decidingColumn: '审查结论',
  },
];

const STATE_LABELS = stateLabelsOf(contract);

export const contractFacts: FactProvider = {
  module: 'review',
  moduleLabel: '合法性审查与法律顾问',
  facts: FACTS.map((d) => ({ ...d, drillable: true })),

  async compute(db: Db, q) {
    if (q.townIds.length === 0) return new Map();
    const y = q.year;
    const { rows } = await sql<{ town_id: number; reviewed: string; amount: string | null; changed: string }>`
      select c.town_id,
        count(*) filter (where ${reviewed(y)}) as reviewed,
        coalesce(sum((c.fields->>'amount')::numeric) filter (where ${reviewed(y)}), 0) as amount,
        count(*) filter (where ${changed(y)}) as changed
      from cases c
      where c.type = 'contract' and c.town_id in (${sql.join(q.townIds.map((t) => sql`${t}`))})
      group by c.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => ({
      'review.contracts': num(r?.reviewed),
      'review.contracts_amount': Math.round(num(r?.amount) / 100) / 100,
      'review.contracts_changed': num(r?.changed),
    }));
  },

  async drill(db, access, q) {
    const rule = RULES[q.key];
    if (!rule) return { total: 0, records: [] };
    return drillCases(db, access, {
      type: 'contract',
      townId: q.townId,
      where: () => sql`${rule(q.year)}`,
      date: sql<string | null>`${f('reviewedOn')}`,
      stateLabels: STATE_LABELS,
      deciding:
        q.key === 'review.contracts_amount'
          ? { value: sql<string | null>`${f('amount')}` }
          : { value: sql<string | null>`${f('reviewOutcome')}`, labels: CONTRACT_REVIEW_OUTCOME_LABELS },
      limit: q.limit,
      offset: q.offset,
    });
  },
};
