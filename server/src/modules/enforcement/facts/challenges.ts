/**
 * 行政复议 and 行政诉讼 against the town's acts, counted from the challenges registered on its
 * cases (case_challenges; cases/challenges.ts), for the dashboard and the annual report: how
 * many, how many corrected the act (纠错率) or were lost (败诉率), and how often the head
 * appeared in court (出庭率, 行政诉讼法 art 3 ¶3). One definition per figure: the cohort is
 * the challenges received in the year, the conditions below serve both the figures and their
 * drill-down, so the two cannot disagree.
 *
 * The figures are the town's own (unscoped, like every fact); a drill-down lists the counted
 * challenges on cases the reader may see (`visibleCase`), whatever the case's type.
 */
import { CHALLENGE_KIND_LABELS, CHALLENGE_RESULT_LABELS, CORRECTING_RESULTS } from '@fazhi/domain';
import { type RawBuilder, sql } from 'kysely';
import { visibleCase } from '../../../cases/access.ts';
import { num, pct, perTown } from '../../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../../facts/facts.ts';

const CORRECTING = sql.join(CORRECTING_RESULTS.map((r) => sql.lit(r)));

/** Each figure's condition on a challenge row `ch` of the year's cohort (for a rate, its denominator's). */
const CONDITIONS: Record<string, RawBuilder<boolean>> = {
  'enforcement.reconsiderations': sql`ch.kind = 'reconsideration'`,
  'enforcement.reconsiderations_closed': sql`ch.kind = 'reconsideration' and ch.result is not null`,
  'enforcement.reconsiderations_corrected': sql`ch.kind = 'reconsideration' and ch.result in (${CORRECTING})`,
  'enforcement.reconsideration_correction_rate': sql`ch.kind = 'reconsideration' and ch.result is not null`,
  'enforcement.litigations': sql`ch.kind = 'litigation'`,
  'enforcement.litigations_closed': sql`ch.kind = 'litigation' and ch.result is not null`,
  'enforcement.litigations_lost': sql`ch.kind = 'litigation' and ch.result in (${CORRECTING})`,
  'enforcement.litigation_loss_rate': sql`ch.kind = 'litigation' and ch.result is not null`,
  'enforcement.litigations_heard': sql`ch.kind = 'litigation' and ch.head_appeared is not null`,
  'enforcement.head_appearances': sql`ch.kind = 'litigation' and ch.head_appeared`,
  'enforcement.head_appearance_rate': sql`ch.kind = 'litigation' and ch.head_appeared is not null`,
};

const RESULT = '结果';
const APPEARANCE = '负责人出庭应诉';

const FACTS: FactDef[] = (
  [
    {
      key: 'enforcement.reconsiderations',
      label: '行政复议案件',
      unit: '件',
      definition: '以本镇为被申请人、收到复议申请（答复通知）之日在统计年度内的行政复议案件。',
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.reconsiderations_closed',
      label: '行政复议已审结',
      unit: '件',
      definition: '统计年度收到的行政复议案件中已有结果（维持、变更、撤销、确认违法、撤回、驳回等）的。',
      decidingColumn: RESULT,
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.reconsiderations_corrected',
      label: '行政复议纠错',
      unit: '件',
      definition: '复议机关变更、撤销或者确认违法的行政复议案件（行政复议法第六十三条至第六十五条）。',
      decidingColumn: RESULT,
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.reconsideration_correction_rate',
      label: '行政复议纠错率',
      unit: '%',
      definition: '行政复议纠错件数 ÷ 已审结的行政复议件数；明细列出已审结的案件。',
      decidingColumn: RESULT,
      combine: {
        kind: 'ratio',
        numerator: 'enforcement.reconsiderations_corrected',
        denominator: 'enforcement.reconsiderations_closed',
      },
    },
    {
      key: 'enforcement.litigations',
      label: '行政诉讼案件',
      unit: '件',
      definition: '以本镇为被告、收到起诉状副本（应诉通知）之日在统计年度内的行政诉讼案件。',
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.litigations_closed',
      label: '行政诉讼已审结',
      unit: '件',
      definition: '统计年度收到的行政诉讼案件中已有生效裁判或者已撤诉的。',
      decidingColumn: RESULT,
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.litigations_lost',
      label: '行政诉讼败诉',
      unit: '件',
      definition: '法院判决撤销、变更或者确认违法的行政诉讼案件（行政诉讼法第七十条、第七十四条、第七十七条）。',
      decidingColumn: RESULT,
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.litigation_loss_rate',
      label: '行政诉讼败诉率',
      unit: '%',
      definition: '行政诉讼败诉件数 ÷ 已审结的行政诉讼件数；明细列出已审结的案件。',
      decidingColumn: RESULT,
      combine: {
        kind: 'ratio',
        numerator: 'enforcement.litigations_lost',
        denominator: 'enforcement.litigations_closed',
      },
    },
    {
      key: 'enforcement.litigations_heard',
      label: '开庭审理的行政诉讼',
      unit: '件',
      definition: '统计年度收到的行政诉讼案件中已开庭审理、登记了负责人是否出庭的。',
      decidingColumn: APPEARANCE,
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.head_appearances',
      label: '负责人出庭应诉',
      unit: '件',
      definition: '行政机关负责人出庭应诉的行政诉讼案件（行政诉讼法第三条第三款）。',
      decidingColumn: APPEARANCE,
      combine: { kind: 'sum' },
    },
    {
      key: 'enforcement.head_appearance_rate',
      label: '负责人出庭应诉率',
      unit: '%',
      definition: '负责人出庭应诉件数 ÷ 开庭审理的行政诉讼件数；明细列出开庭审理的案件。',
      decidingColumn: APPEARANCE,
      combine: {
        kind: 'ratio',
        numerator: 'enforcement.head_appearances',
        denominator: 'enforcement.litigations_heard',
      },
    },
  ] satisfies Omit<FactDef, 'drillable'>[]
).map((d) => ({ ...d, drillable: true }));

const DECIDING: Record<string, RawBuilder<string | null>> = {
  [RESULT]: sql`coalesce(ch.result, 'pending')`,
  [APPEARANCE]: sql`case ch.head_appeared when true then '出庭' when false then '未出庭' end`,
};
const DECIDING_LABELS: Record<string, string> = { ...CHALLENGE_RESULT_LABELS, pending: '审理中' };

const inYear = (year: number) => sql<boolean>`ch.received_on between ${`${year}-01-01`} and ${`${year}-12-31`}`;

export const challengesFacts: FactProvider = {
  module: 'enforcement',
  moduleLabel: '行政执法与复议诉讼',
  facts: FACTS,

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const c = CONDITIONS;
    const { rows } = await sql<Record<string, string | number> & { town_id: number }>`
      select ch.town_id,
        count(*) filter (where ${c['enforcement.reconsiderations']}) as rec,
        count(*) filter (where ${c['enforcement.reconsiderations_closed']}) as rec_closed,
        count(*) filter (where ${c['enforcement.reconsiderations_corrected']}) as rec_corrected,
        count(*) filter (where ${c['enforcement.litigations']}) as lit,
        count(*) filter (where ${c['enforcement.litigations_closed']}) as lit_closed,
        count(*) filter (where ${c['enforcement.litigations_lost']}) as lit_lost,
        count(*) filter (where ${c['enforcement.litigations_heard']}) as lit_heard,
        count(*) filter (where ${c['enforcement.head_appearances']}) as head
      from case_challenges ch
      where ch.town_id in (${sql.join([...q.townIds])}) and ${inYear(q.year)}
      group by ch.town_id
    `.execute(db);
    return perTown(q.townIds, rows, (r) => {
      const recClosed = num(r?.rec_closed);
      const recCorrected = num(r?.rec_corrected);
      const litClosed = num(r?.lit_closed);
      const lost = num(r?.lit_lost);
      const heard = num(r?.lit_heard);
      const head = num(r?.head);
      return {
        'enforcement.reconsiderations': num(r?.rec),
        'enforcement.reconsiderations_closed': recClosed,
        'enforcement.reconsiderations_corrected': recCorrected,
        'enforcement.reconsideration_correction_rate': pct(recCorrected, recClosed),
        'enforcement.litigations': num(r?.lit),
        'enforcement.litigations_closed': litClosed,
        'enforcement.litigations_lost': lost,
        'enforcement.litigation_loss_rate': pct(lost, litClosed),
        'enforcement.litigations_heard': heard,
        'enforcement.head_appearances': head,
        'enforcement.head_appearance_rate': pct(head, heard),
      };
    });
  },

  async drill(db, access, q) {
    const condition = CONDITIONS[q.key];
    const def = FACTS.find((f) => f.key === q.key);
    if (!condition || !def) return { total: 0, records: [] };
    const deciding = def.decidingColumn ? DECIDING[def.decidingColumn] : undefined;
    const base = () =>
      db
        .selectFrom('case_challenges as ch')
        .innerJoin('cases as c', 'c.id', 'ch.case_id')
        .where('ch.town_id', '=', q.townId)
        .where(inYear(q.year))
        .where(condition)
        .where((eb) => visibleCase(eb, access));
    const count = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    const rows = await base()
      .select([
        'ch.id',
        'ch.case_id',
        'ch.kind',
        'ch.body',
        'ch.body_case_no',
        'ch.received_on',
        'ch.result',
        'c.number',
        'c.title',
        sql<string | null>`(select u.name from org_units u where u.id = c.unit_id)`.as('unit_name'),
        (deciding ?? sql<string | null>`null`).as('deciding'),
      ])
      .orderBy('ch.received_on')
      .orderBy('ch.id')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return {
      total: num(count.n),
      records: rows.map((r) => ({
        id: String(r.id),
        reference: r.body_case_no ?? r.number,
        title: `${CHALLENGE_KIND_LABELS[r.kind]}（${r.body}）：${r.number} ${r.title}`,
        date: r.received_on,
        unitName: r.unit_name ?? '镇本级',
        state: r.result ? CHALLENGE_RESULT_LABELS[r.result] : '审理中',
        ...(deciding ? { deciding: r.deciding == null ? null : (DECIDING_LABELS[r.deciding] ?? r.deciding) } : {}),
        href: `/cases/${r.case_id}`,
      })),
    };
  },
};
