/**
 * 矛盾纠纷调解 statistics for a year, for the centre's dashboard and the annual report
 * (docs/domain.md §Mediation statistics, §Annual report). Every figure is a SQL aggregate
 * over the cases the user may see (the same `visibleCase` rule as the case list, so a
 * village officer counts their own village); no case row is loaded into JavaScript.
 *
 * The cohort is the cases *registered* in the year (the year of their number, Asia/Shanghai),
 * followed to their present state: a dispute registered in late December and settled in
 * January counts, with its settlement, in the year it was registered. A report drawn up
 * before the last cases are settled therefore shows them as still in progress.
 */
import {
  DISPUTE_TYPE_LABELS,
  MEDIATION_OUTCOME_LABELS,
  MEDIATION_REFERRAL_LABELS,
  type MediationStats,
  type RiskLevel,
  shanghaiDate,
} from '@fazhi/domain';
import { type RawBuilder, sql } from 'kysely';
import { type CaseAccess, visibleCase } from '../../cases/access.ts';
import type { Db } from '../../db/index.ts';

/** A top-level field of the case's jsonb as text; the key is a constant of this file, never input. */
export const f = (key: string): RawBuilder<string | null> =>
  sql<string | null>`${sql.ref('c.fields')}->>${sql.lit(key)}`;

/** `count(*) filter (where …)` as a JS number. */
const countIf = (cond: RawBuilder<unknown>) => sql<string>`count(*) filter (where ${cond})`;

// The conditions every figure is built from; each one is a definition.
/** 受理: the centre accepted the dispute (the `accept` action sets acceptedOn). */
export const ACCEPTED = sql`${f('acceptedOn')} is not null`;
/** 进入调解: a mediator was assigned (the `assign` action sets mediatorId). */
export const MEDIATED = sql`${f('mediatorId')} is not null`;
/** 调解成功: a written or an oral agreement was reached (人民调解法 arts 28–30). */
export const SUCCESS = sql`${f('outcome')} = 'success'`;
/** 调解不成: mediation was ended with a 终止调解告知书 (art 26). */
export const FAILED = sql`${f('outcome')} = 'failed'`;
/**
 * 调结: mediation that has ended — agreement, failure, or a party's refusal or withdrawal
 * during mediation (art 23(2)). Refusals before a mediator was assigned are not mediations.
 */
export const CONCLUDED = sql`${MEDIATED} and ${f('outcome')} in ('success', 'failed', 'withdrawn')`;

/** 书面协议 / 口头协议 (人民调解法 arts 28–29). */
export const WRITTEN = sql`${f('agreementType')} = 'written'`;
export const ORAL = sql`${f('agreementType')} = 'oral'`;
/** 申请司法确认: the `apply_confirmation` action recorded the application (art 33). */
export const CONFIRMATION_APPLIED = sql`c.fields->'judicialConfirmation' is not null`;
export const CONFIRMED = sql`c.fields->'judicialConfirmation'->>'result' = 'confirmed'`;
/** 涉及金额: the amount registered for each accepted dispute (not the amount agreed), 元. */
export const AMOUNT_ACCEPTED = sql<string>`coalesce(sum((${f('amount')})::numeric) filter (where ${ACCEPTED}), 0)`;
/** 履行期限届满: agreements whose performance day has passed (before `today`), or that were performed early. */
export const agreementDue = (today: string) =>
  sql`${SUCCESS} and (${f('performanceStatus')} = 'full' or (${f('performanceDue')})::date < ${today}::date)`;
export const PERFORMED = sql`${SUCCESS} and ${f('performanceStatus')} = 'full'`;
/**
 * 超期: the limit of the dispute's route was breached (the sweep's marker), whatever came after:
 * the one month of 人民调解 (人民调解工作若干规定 art 33; also a dispute accepted and then sent
 * elsewhere, or never routed), the town's 行政调解 limit, the court's 委派调解 period. A route
 * without a limit (行政调解 where the town set none) has no such clock and is never counted; a
 * breach recorded under another route (the month running out before the dispute was routed to
 * 行政调解) does not count against the route it took.
 */
export const OVERDUE = sql`exists (select 1 from case_clock_breaches b where b.case_id = c.id and (
  (b.clock = 'mediation' and coalesce(${f('route')}, 'people') in ('people', 'referral'))
  or (b.clock = 'administrative' and ${f('route')} = 'administrative')
  or (b.clock = 'court' and ${f('route')} = 'judicial')))`;
/** 报告公安机关 (人民调解法 art 25): at least one report recorded. */
export const POLICE_REPORTED = sql`jsonb_array_length(coalesce(c.fields->'policeReports', '[]'::jsonb)) > 0`;
/** 高风险: the case's present risk level (mediation-risk.ts, recomputed on every change). */
export const HIGH_RISK = sql`c.risk = 'high'`;
/**
 * 调结 with the day mediation ended on the case: `endedOn`, which the action ending it (an
 * agreement, termination or withdrawal) sets, and migration 0016 filled in from the first such
 * event for the cases ended before.
 */
export const CONCLUDED_ON_A_DAY = sql`${CONCLUDED} and ${f('endedOn')} is not null`;
/** 调结天数: calendar days from 受理 to the day mediation ended, averaged over CONCLUDED_ON_A_DAY. */
export const AVG_DAYS_TO_CLOSE = sql<
  string | null
>`avg((${f('endedOn')})::date - (${f('acceptedOn')})::date) filter (where ${CONCLUDED_ON_A_DAY})`;

function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

const num = (v: unknown) => Number(v ?? 0);

/** The Asia/Shanghai date of a timestamptz column (timezone-free SQL: China has no DST). */
export const shanghaiDay = (col: RawBuilder<unknown>) => sql`((${col} at time zone 'UTC') + interval '8 hours')::date`;

export async function mediationStats(
  db: Db,
  access: CaseAccess,
  q: { year: number; unit?: { id: number; path: string; name: string } | undefined },
  now: Date,
): Promise<MediationStats> {
  const today = shanghaiDate(now);
  const base = () => {
    let query = db
      .selectFrom('cases as c')
      .where((eb) => visibleCase(eb, access))
      .where('c.type', '=', 'mediation')
      .where('c.year', '=', q.year);
    if (q.unit) {
      const { id, path } = q.unit;
      query = query.where((eb) => eb.or([eb('c.unit_id', '=', id), eb('c.unit_path', 'like', `${path}%`)]));
    }
    return query;
  };

  const totals = await base()
    .select([
      sql<string>`count(*)`.as('registered'),
      countIf(ACCEPTED).as('accepted'),
      countIf(sql`c.state = 'rejected'`).as('rejected'),
      countIf(sql`${f('outcome')} = 'referred'`).as('referred'),
      countIf(sql`${f('outcome')} = 'withdrawn'`).as('withdrawn'),
      countIf(MEDIATED).as('mediated'),
      countIf(sql`c.state = 'mediating'`).as('in_mediation'),
      countIf(CONCLUDED).as('concluded'),
      countIf(SUCCESS).as('success'),
      countIf(FAILED).as('failed'),
      countIf(WRITTEN).as('written'),
      countIf(ORAL).as('oral'),
      countIf(CONFIRMATION_APPLIED).as('confirmation_applied'),
      countIf(CONFIRMED).as('confirmed'),
      AMOUNT_ACCEPTED.as('amount'),
      countIf(agreementDue(today)).as('agreements_due'),
      countIf(PERFORMED).as('performed'),
      countIf(sql`c.fields->'courtAction' is not null`).as('litigated'),
      AVG_DAYS_TO_CLOSE.as('avg_days'),
      countIf(OVERDUE).as('overdue'),
      countIf(POLICE_REPORTED).as('police'),
      countIf(HIGH_RISK).as('high_risk'),
    ])
    .executeTakeFirstOrThrow();

  const disputeType = sql<string | null>`c.fields->>'disputeType'`;
  const byType = await base()
    .select([
      disputeType.as('dispute_type'),
      sql<string>`count(*)`.as('registered'),
      countIf(ACCEPTED).as('accepted'),
      countIf(SUCCESS).as('success'),
      sql<string>`coalesce(sum((${f('amount')})::numeric) filter (where ${ACCEPTED}), 0)`.as('amount'),
    ])
    .groupBy(disputeType)
    .execute();

  const byVillage = await base()
    .leftJoin('org_units as u', 'u.id', 'c.unit_id')
    .select([
      'c.unit_id',
      'u.name as unit_name',
      sql<string>`count(*)`.as('registered'),
      countIf(ACCEPTED).as('accepted'),
      countIf(SUCCESS).as('success'),
      countIf(sql`c.risk = 'high'`).as('high_risk'),
    ])
    .groupBy(['c.unit_id', 'u.name', 'u.sort_order'])
    .orderBy(sql`u.sort_order nulls first`)
    .orderBy('c.unit_id')
    .execute();

  const month = sql<number>`extract(month from ${shanghaiDay(sql`c.created_at`)})`;
  const byMonth = await base()
    .select([
      month.as('month'),
      sql<string>`count(*)`.as('registered'),
      countIf(ACCEPTED).as('accepted'),
      countIf(SUCCESS).as('success'),
    ])
    .groupBy(month)
    .execute();

  const outcome = sql<string>`coalesce(${f('outcome')}, 'open')`;
  const highRiskOutcomes = await base()
    .where('c.risk', '=', 'high' satisfies RiskLevel)
    .select([outcome.as('key'), sql<string>`count(*)`.as('count')])
    .groupBy(outcome)
    .execute();

  const referralTo = sql<string>`coalesce(${f('referralTo')}, 'other')`;
  const referrals = await base()
    .where(sql<boolean>`${f('outcome')} = 'referred'`)
    .select([referralTo.as('key'), sql<string>`count(*)`.as('count')])
    .groupBy(referralTo)
    .execute();

  const t = {
    registered: num(totals.registered),
    accepted: num(totals.accepted),
    rejected: num(totals.rejected),
    referred: num(totals.referred),
    withdrawn: num(totals.withdrawn),
    mediated: num(totals.mediated),
    inMediation: num(totals.in_mediation),
    concluded: num(totals.concluded),
    success: num(totals.success),
    failed: num(totals.failed),
    written: num(totals.written),
    oral: num(totals.oral),
    confirmationApplied: num(totals.confirmation_applied),
    confirmed: num(totals.confirmed),
    amount: Number(totals.amount),
    agreementsDue: num(totals.agreements_due),
    performed: num(totals.performed),
    litigated: num(totals.litigated),
    overdue: num(totals.overdue),
    policeReported: num(totals.police),
    highRisk: num(totals.high_risk),
  };
  const byMonthMap = new Map(byMonth.map((r) => [Number(r.month), r]));
  const outcomeLabels: Record<string, string> = { ...MEDIATION_OUTCOME_LABELS, open: '办理中' };
  const typeLabels: Record<string, string> = DISPUTE_TYPE_LABELS;
  const referralLabels: Record<string, string> = MEDIATION_REFERRAL_LABELS;
  return {
    year: q.year,
    unitId: q.unit ? String(q.unit.id) : null,
    unitName: q.unit?.name ?? null,
    asOf: today,
    totals: {
      ...t,
      // 调解成功率 = 调解成功 / 调结.
      successRate: pct(t.success, t.concluded),
      // 协议履行率 = 已全部履行 / 履行期限届满的协议.
      performanceRate: pct(t.performed, t.agreementsDue),
      avgDaysToClose: totals.avg_days == null ? null : Math.round(Number(totals.avg_days) * 10) / 10,
    },
    byType: Object.keys(DISPUTE_TYPE_LABELS)
      .map((key) => {
        const r = byType.find((x) => x.dispute_type === key);
        return {
          disputeType: key,
          label: typeLabels[key] ?? key,
          registered: num(r?.registered),
          accepted: num(r?.accepted),
          success: num(r?.success),
          amount: Number(r?.amount ?? 0),
        };
      })
      .filter((r) => r.registered > 0),
    byVillage: byVillage.map((r) => ({
      unitId: r.unit_id == null ? null : String(r.unit_id),
      unitName: r.unit_name ?? '镇本级',
      registered: num(r.registered),
      accepted: num(r.accepted),
      success: num(r.success),
      highRisk: num(r.high_risk),
    })),
    byMonth: Array.from({ length: 12 }, (_, i) => {
      const r = byMonthMap.get(i + 1);
      return { month: i + 1, registered: num(r?.registered), accepted: num(r?.accepted), success: num(r?.success) };
    }),
    highRisk: {
      total: t.highRisk,
      byOutcome: highRiskOutcomes
        .map((r) => ({ key: r.key, label: outcomeLabels[r.key] ?? r.key, count: num(r.count) }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    },
    referrals: {
      total: t.referred,
      byRoute: referrals
        .map((r) => ({ key: r.key, label: referralLabels[r.key] ?? r.key, count: num(r.count) }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    },
  };
}
