/**
 * 矛盾纠纷调解's figures for the dashboard and the annual report (facts/facts.ts), for many
 * towns in one aggregate grouped by town. The cohort and every condition are those of the
 * centre's statistics (./stats.ts: the disputes registered in the year, followed to their
 * present state), imported from there so the two can never disagree.
 */
import {
  MEDIATION_OUTCOME_LABELS,
  MEDIATION_PERFORMANCE_LABELS,
  MEDIATION_REFERRAL_LABELS,
  mediation,
  shanghaiDate,
} from '@fazhi/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/index.ts';
import { drillCases, num, pct, perTown, shanghaiDayText, stateLabelsOf } from '../../facts/fact-sql.ts';
import type { FactDef, FactProvider } from '../../facts/facts.ts';
import {
  ACCEPTED,
  AMOUNT_ACCEPTED,
  AVG_DAYS_TO_CLOSE,
  agreementDue,
  CONCLUDED,
  CONCLUDED_ON_A_DAY,
  CONFIRMATION_APPLIED,
  CONFIRMED,
  f,
  HIGH_RISK,
  MEDIATED,
  ORAL,
  OVERDUE,
  PERFORMED,
  POLICE_REPORTED,
  SUCCESS,
  WRITTEN,
} from './stats.ts';

const COHORT = '登记年度为统计年度的纠纷（按案号年度），统计其目前的办理结果';

const FACTS: FactDef[] = (
  [
    {
      key: 'mediation.registered',
      label: '登记矛盾纠纷',
      unit: '件',
      definition: `${COHORT}。`,
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.accepted',
      label: '受理矛盾纠纷',
      unit: '件',
      definition: `${COHORT}中，矛调中心已受理的。`,
      decidingColumn: '受理日期',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.mediated',
      label: '进入调解',
      unit: '件',
      definition: '已指派调解员的纠纷。',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.concluded',
      label: '调结纠纷',
      unit: '件',
      definition: '已进入调解且调解终结（达成协议、调解不成或当事人撤回）的纠纷（人民调解法第二十三条、第二十六条）。',
      decidingColumn: '调解结果',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.success',
      label: '调解成功',
      unit: '件',
      definition: '达成书面或口头调解协议的纠纷（人民调解法第二十八条至第三十条）。',
      decidingColumn: '协议形式',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.success_rate',
      label: '调解成功率',
      unit: '%',
      definition: '调解成功件数 ÷ 调结件数；明细列出全部调结纠纷。',
      decidingColumn: '调解结果',
      combine: { kind: 'ratio', numerator: 'mediation.success', denominator: 'mediation.concluded' },
    },
    {
      key: 'mediation.written',
      label: '书面调解协议',
      unit: '件',
      definition: '制作人民调解协议书的纠纷（人民调解法第二十八条、第二十九条）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.oral',
      label: '口头调解协议',
      unit: '件',
      definition: '达成口头协议并记录在案的纠纷（人民调解法第二十八条、第三十条）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.confirmation_applied',
      label: '申请司法确认',
      unit: '件',
      definition: '当事人共同向人民法院申请司法确认的调解协议（人民调解法第三十三条）。',
      decidingColumn: '司法确认结果',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.confirmed',
      label: '司法确认有效',
      unit: '件',
      definition: '人民法院裁定确认有效的调解协议。',
      decidingColumn: '司法确认结果',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.amount',
      label: '受理纠纷涉及金额',
      unit: '万元',
      definition: '已受理纠纷登记的涉及金额之和（不是协议金额），以万元计，保留两位小数。',
      decidingColumn: '涉及金额（元）',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.agreements_due',
      label: '履行期限届满的协议',
      unit: '件',
      definition: '调解成功且履行期限已过（或已提前全部履行）的协议。',
      decidingColumn: '履行情况',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.performed',
      label: '已全部履行的协议',
      unit: '件',
      definition: '回访确认已全部履行的调解协议（人民调解法第三十一条）。',
      decidingColumn: '履行情况',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.performance_rate',
      label: '协议履行率',
      unit: '%',
      definition: '已全部履行的协议 ÷ 履行期限届满的协议；明细列出全部履行期限届满的协议。',
      decidingColumn: '履行情况',
      combine: { kind: 'ratio', numerator: 'mediation.performed', denominator: 'mediation.agreements_due' },
    },
    {
      key: 'mediation.avg_days_to_close',
      label: '平均调结天数',
      unit: '天',
      definition: '调结纠纷自受理之日至调解终结之日的平均自然日数；明细列出计入平均数的纠纷。',
      decidingColumn: '调结天数',
      combine: { kind: 'mean', weight: 'mediation.concluded' },
    },
    {
      key: 'mediation.overdue',
      label: '超期纠纷',
      unit: '件',
      definition:
        '超过所走调解途径的期限仍未调结（或超期后调结）的纠纷：人民调解一个月（人民调解工作若干规定第三十三条），行政调解按本镇设置的期限（未设期限的不计），司法调解（诉前）按人民法院确定的期限。',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.high_risk',
      label: '高风险纠纷',
      unit: '件',
      definition: '目前风险等级为高的纠纷（人数众多、涉及金额大、报告公安机关等）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.police_reported',
      label: '报告公安机关',
      unit: '件',
      definition: '有激化可能、已向公安机关报告的纠纷（人民调解法第二十五条）。',
      combine: { kind: 'sum' },
    },
    {
      key: 'mediation.referred',
      label: '转其他途径处理',
      unit: '件',
      definition: '受理后分流至仲裁、诉讼、行政处理等其他途径的纠纷。',
      decidingColumn: '转往途径',
      combine: { kind: 'sum' },
    },
  ] satisfies Omit<FactDef, 'drillable'>[]
).map((d) => ({ ...d, drillable: true }));

/** The records behind each figure: the figure's own condition (for a rate, its denominator). */
function conditionOf(key: string, today: string): RawBuilder<unknown> | null {
  switch (key) {
    case 'mediation.registered':
      return sql`true`;
    case 'mediation.accepted':
      return ACCEPTED;
    case 'mediation.mediated':
      return MEDIATED;
    case 'mediation.concluded':
    case 'mediation.success_rate':
      return CONCLUDED;
    case 'mediation.success':
      return SUCCESS;
    case 'mediation.written':
      return WRITTEN;
    case 'mediation.oral':
      return ORAL;
    case 'mediation.confirmation_applied':
      return CONFIRMATION_APPLIED;
    case 'mediation.confirmed':
      return CONFIRMED;
    case 'mediation.amount':
      return sql`${ACCEPTED} and ${f('amount')} is not null`;
    case 'mediation.agreements_due':
    case 'mediation.performance_rate':
      return agreementDue(today);
    case 'mediation.performed':
      return PERFORMED;
    case 'mediation.avg_days_to_close':
      return CONCLUDED_ON_A_DAY;
    case 'mediation.overdue':
      return OVERDUE;
    case 'mediation.high_risk':
      return HIGH_RISK;
    case 'mediation.police_reported':
      return POLICE_REPORTED;
    case 'mediation.referred':
      return sql`${f('outcome')} = 'referred'`;
    default:
      return null;
  }
}

/**
 * The value of each figure's `decidingColumn` (declared with the figure above) in its drill-down:
 * the field whose value puts the record in the figure, or in the rate's numerator.
 */
function decidingOf(key: string): { value: RawBuilder<string | null>; labels?: Record<string, string> } | undefined {
  const outcome = { value: f('outcome'), labels: MEDIATION_OUTCOME_LABELS };
  const performance = { value: f('performanceStatus'), labels: MEDIATION_PERFORMANCE_LABELS };
  const confirmation = {
    value: sql<string | null>`c.fields->'judicialConfirmation'->>'result'`,
    labels: {
      confirmed: '裁定调解协议有效',
      dismissed: '裁定驳回申请',
      not_accepted: '不予受理',
      withdrawn: '当事人撤回申请',
    },
  };
  switch (key) {
    case 'mediation.accepted':
      return { value: f('acceptedOn') };
    case 'mediation.concluded':
    case 'mediation.success_rate':
      return outcome;
    case 'mediation.success':
      return { value: f('agreementType'), labels: { written: '书面协议', oral: '口头协议' } };
    case 'mediation.confirmation_applied':
    case 'mediation.confirmed':
      return confirmation;
    case 'mediation.amount':
      return { value: f('amount') };
    case 'mediation.agreements_due':
    case 'mediation.performed':
    case 'mediation.performance_rate':
      return performance;
    case 'mediation.avg_days_to_close':
      return { value: sql<string | null>`((${f('endedOn')})::date - (${f('acceptedOn')})::date)::text` };
    case 'mediation.referred':
      return { value: f('referralTo'), labels: MEDIATION_REFERRAL_LABELS };
    default:
      return undefined;
  }
}

const countIf = (cond: RawBuilder<unknown>) => sql<string>`count(*) filter (where ${cond})`;
const STATE_LABELS = stateLabelsOf(mediation);

export const mediationFacts: FactProvider = {
  module: 'mediation',
  moduleLabel: '矛盾纠纷调解',
  facts: FACTS,

  async compute(db: Db, q) {
    if (q.townIds.length === 0) return new Map();
    const today = shanghaiDate(q.now);
    const rows = await db
      .selectFrom('cases as c')
      .where('c.town_id', 'in', q.townIds)
      .where('c.type', '=', 'mediation')
      .where('c.year', '=', q.year)
      .select([
        'c.town_id',
        sql<string>`count(*)`.as('registered'),
        countIf(ACCEPTED).as('accepted'),
        countIf(MEDIATED).as('mediated'),
        countIf(CONCLUDED).as('concluded'),
        countIf(SUCCESS).as('success'),
        countIf(WRITTEN).as('written'),
        countIf(ORAL).as('oral'),
        countIf(CONFIRMATION_APPLIED).as('confirmation_applied'),
        countIf(CONFIRMED).as('confirmed'),
        AMOUNT_ACCEPTED.as('amount'),
        countIf(agreementDue(today)).as('agreements_due'),
        countIf(PERFORMED).as('performed'),
        AVG_DAYS_TO_CLOSE.as('avg_days'),
        countIf(OVERDUE).as('overdue'),
        countIf(HIGH_RISK).as('high_risk'),
        countIf(POLICE_REPORTED).as('police_reported'),
        countIf(sql`${f('outcome')} = 'referred'`).as('referred'),
      ])
      .groupBy('c.town_id')
      .execute();
    return perTown(q.townIds, rows, (r) => {
      const success = num(r?.success);
      const concluded = num(r?.concluded);
      const performed = num(r?.performed);
      const due = num(r?.agreements_due);
      return {
        'mediation.registered': num(r?.registered),
        'mediation.accepted': num(r?.accepted),
        'mediation.mediated': num(r?.mediated),
        'mediation.concluded': concluded,
        'mediation.success': success,
        'mediation.success_rate': pct(success, concluded),
        'mediation.written': num(r?.written),
        'mediation.oral': num(r?.oral),
        'mediation.confirmation_applied': num(r?.confirmation_applied),
        'mediation.confirmed': num(r?.confirmed),
        // 元 → 万元, two decimals (the report's usual precision).
        'mediation.amount': Math.round(num(r?.amount) / 100) / 100,
        'mediation.agreements_due': due,
        'mediation.performed': performed,
        'mediation.performance_rate': pct(performed, due),
        'mediation.avg_days_to_close': r?.avg_days == null ? null : Math.round(Number(r.avg_days) * 10) / 10,
        'mediation.overdue': num(r?.overdue),
        'mediation.high_risk': num(r?.high_risk),
        'mediation.police_reported': num(r?.police_reported),
        'mediation.referred': num(r?.referred),
      };
    });
  },

  async drill(db, access, q) {
    const cond = conditionOf(q.key, shanghaiDate(q.now));
    if (!cond) return { total: 0, records: [] };
    return drillCases(db, access, {
      type: 'mediation',
      townId: q.townId,
      where: () => sql`c.year = ${q.year} and ${cond}`,
      date: shanghaiDayText(sql`c.created_at`),
      stateLabels: STATE_LABELS,
      deciding: decidingOf(q.key),
      limit: q.limit,
      offset: q.offset,
    });
  },
};
