/**
 * 行政处罚's figures for the dashboard and the annual report (facts/facts.ts), counted from the
 * penalty cases' fields (domain cases/penalty.ts) and the town's register of officers. One
 * definition per figure: each figure's condition below (`RULES`) serves both its aggregate and
 * its drill-down, so the two cannot disagree. Cohorts:
 * - 立案: the 立案日期 (ordinary procedure) in the year; a summary case has no 立案 and counts by
 *   its 当场处罚 decision date;
 * - decisions: the 决定日期 in the year (ordinary `decide` and summary `decide_on_spot`; a
 *   不予处罚 decision is not a penalty);
 * - 公示 within the 7 working days: due dates from the publication clock's own unit and length
 *   over the town's calendar (the one the clock uses), so the figure and the case page agree.
 *
 * Like every fact, the figures are the town's own (unscoped); a drill-down lists the counted
 * cases the reader may see (`visibleCase`), and the certified officers only to a reader of the
 * town's register (registry/access.ts).
 */
import {
  addPeriod,
  CALENDAR_COVERAGE,
  inScope,
  isEmptyScope,
  PENALTY_KIND_LABELS,
  type PenaltyKind,
  penalty,
  shanghaiDate,
  unionScope,
} from '@fazhi/domain';
import { ENFORCEMENT_READER_ROLES } from '@fazhi/domain/api/enforcement';
import { type RawBuilder, sql } from 'kysely';
import type { CaseAccess } from '../../../cases/access.ts';
import type { Db } from '../../../db/index.ts';
import { drillCases, num, pct, perTown, shanghaiDayText, stateLabelsOf } from '../../../facts/fact-sql.ts';
import type { FactDef, FactProvider, FactRecord } from '../../../facts/facts.ts';
import { CalendarStore } from '../../../platform/calendar.ts';

const f = (key: string) => sql.raw(`(c.fields->>'${key}')`);
const inYear = (col: RawBuilder<unknown>, y: number) => sql`(${col} between ${`${y}-01-01`} and ${`${y}-12-31`})`;
const decided = (y: number) => sql`${inYear(f('decidedOn'), y)}`;
const hasKind = (k: string) => sql`((c.fields->'penaltyKinds') @> ${JSON.stringify([k])}::jsonb)`;
const reviewGround = sql`coalesce(${f('legalReviewGround')}, 'none')`;
const review = (k: string) => sql.raw(`(c.fields->'legalReview'->>'${k}')`);
const heldOn = sql`(c.fields->'hearing'->>'heldOn')`;

/**
 * 音像记录: an audio or video file (sniffed type, cases/uploads.ts) in the case's file, uploaded
 * no later than the decision: the recording of the investigation, not one added afterwards.
 */
const recorded = sql`exists (select 1 from attachments a where a.case_id = c.id
  and (a.mime like 'audio/%' or a.mime like 'video/%')
  and ${shanghaiDayText(sql`a.uploaded_at`)} <= ${f('decidedOn')})`;

/**
 * The publication clock's due date for each decision day of the year, per town (`pd`, joined by
 * town and day): which decisions were published in time, and which are past due unpublished.
 */
const pubDue = sql`(select pd.due from pub_due pd where pd.town_id = c.town_id and pd.day = ${f('decidedOn')})`;
const published = sql`(${f('publishedOn')} is not null)`;
/** Revoked (art 48 ¶2) before its due date without having been published: not to be published. */
const withdrawnInTime = sql`(not ${published} and ${f('revokedOn')} is not null and ${f('revokedOn')} <= ${pubDue})`;
const publishable = (y: number) => sql`(${f('publicity')} = 'public' and ${decided(y)})`;

interface Rule {
  where: (y: number, today: string) => RawBuilder<unknown>;
  date: RawBuilder<string | null>;
  deciding?: RawBuilder<string | null>;
  /** Needs the publication due dates (`pub_due`). */
  timed?: boolean;
}

const RULES: Record<string, Rule> = {
  cases: {
    where: (y) =>
      sql`((${f('procedure')} = 'ordinary' and ${inYear(f('filedOn'), y)}) or (${f('procedure')} = 'summary' and ${decided(y)}))`,
    date: sql`coalesce(${f('filedOn')}, ${f('decidedOn')})`,
  },
  ordinary: {
    where: (y) => sql`(${f('procedure')} = 'ordinary' and ${inYear(f('filedOn'), y)})`,
    date: sql`${f('filedOn')}`,
  },
  summary: { where: (y) => sql`(${f('procedure')} = 'summary' and ${decided(y)})`, date: sql`${f('decidedOn')}` },
  decided: { where: decided, date: sql`${f('decidedOn')}` },
  ...Object.fromEntries(
    (Object.keys(PENALTY_KIND_LABELS) as PenaltyKind[]).map((k) => [
      `kind_${k}`,
      { where: (y: number) => sql`(${decided(y)} and ${hasKind(k)})`, date: sql`${f('decidedOn')}` },
    ]),
  ),
  fines: {
    where: (y) => sql`(${decided(y)} and ${hasKind('fine')})`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`${f('fineAmount')}`,
  },
  hearings: { where: (y) => sql`${inYear(heldOn, y)}`, date: sql`${heldOn}` },
  reviews: {
    where: (y) => sql`(${review('result')} = 'passed' and ${inYear(review('reviewedOn'), y)})`,
    date: sql`${review('reviewedOn')}`,
  },
  review_required: {
    where: (y) => sql`(${decided(y)} and ${f('procedure')} = 'ordinary' and ${reviewGround} <> 'none')`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`case when ${review('result')} = 'passed' and ${review('reviewedOn')} <= ${f('decidedOn')} then ${review('reviewedOn')} end`,
  },
  review_required_passed: {
    where: (y) =>
      sql`(${decided(y)} and ${f('procedure')} = 'ordinary' and ${reviewGround} <> 'none' and ${review('result')} = 'passed' and ${review('reviewedOn')} <= ${f('decidedOn')})`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`${review('reviewedOn')}`,
  },
  // Decided without the review art 58 requires (or reviewed only after the decision): the engine
  // refuses that decision, so anything counted here came from outside it (an import, an old
  // record) and needs a look.
  review_missing: {
    where: (y) =>
      sql`(${decided(y)} and ${f('procedure')} = 'ordinary' and ${reviewGround} <> 'none' and not coalesce(${review('result')} = 'passed' and ${review('reviewedOn')} <= ${f('decidedOn')}, false))`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`coalesce(${review('reviewedOn')}, '未审核')`,
  },
  publication_due: {
    where: (y, today) => sql`(${publishable(y)} and not ${withdrawnInTime} and (${published} or ${pubDue} < ${today}))`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`coalesce(${f('publishedOn')}, '未公示')`,
    timed: true,
  },
  published_on_time: {
    where: (y) => sql`(${publishable(y)} and ${published} and ${f('publishedOn')} <= ${pubDue})`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`${f('publishedOn')}`,
    timed: true,
  },
  // Due for publication and not published within the period (published late, or not yet).
  published_late: {
    where: (y, today) =>
      sql`(${publishable(y)} and not ${withdrawnInTime} and (${published} or ${pubDue} < ${today}) and not coalesce(${published} and ${f('publishedOn')} <= ${pubDue}, false))`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`coalesce(${f('publishedOn')}, '未公示')`,
    timed: true,
  },
  ordinary_decided: {
    where: (y) => sql`(${f('procedure')} = 'ordinary' and ${decided(y)})`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`case when ${recorded} then '有' else '无' end`,
  },
  recorded: {
    where: (y) => sql`(${f('procedure')} = 'ordinary' and ${decided(y)} and ${recorded})`,
    date: sql`${f('decidedOn')}`,
    deciding: sql`'有'`,
  },
};

/** Short labels of the kinds (PENALTY_KIND_LABELS groups art 9's items; the label names the group). */
const KIND_FIGURES: { kind: PenaltyKind; label: string; item: string }[] = [
  { kind: 'warning', label: '给予警告', item: '第一项' },
  { kind: 'criticism', label: '给予通报批评', item: '第一项' },
  { kind: 'fine', label: '处以罚款', item: '第二项' },
  { kind: 'confiscation', label: '没收违法所得、非法财物', item: '第二项' },
  { kind: 'suspension', label: '暂扣证照、降低资质、限制生产经营、责令停产停业', item: '第三项、第四项' },
  { kind: 'revocation', label: '吊销许可证件、责令关闭、限制从业', item: '第三项、第四项' },
  { kind: 'other', label: '其他行政处罚', item: '第六项' },
];
// 行政拘留 (art 9 (5)) has no figure: only the police may restrict personal freedom (art 18 ¶3).

const FACTS: (FactDef & { rule: keyof typeof RULES })[] = [
  {
    key: 'enforcement.cases',
    label: '办理行政处罚案件',
    unit: '件',
    definition:
      '统计年度内立案的普通程序行政处罚案件（行政处罚法第五十四条，按立案日期），加上当场作出决定的简易程序案件（第五十一条、第五十二条，按决定日期）。',
    combine: { kind: 'sum' },
    rule: 'cases',
  },
  {
    key: 'enforcement.cases_ordinary',
    label: '普通程序立案',
    unit: '件',
    definition: '立案日期在统计年度内的普通程序行政处罚案件（行政处罚法第五十四条）。',
    combine: { kind: 'sum' },
    rule: 'ordinary',
  },
  {
    key: 'enforcement.cases_summary',
    label: '简易程序当场处罚',
    unit: '件',
    definition: '决定日期在统计年度内、适用简易程序当场作出的行政处罚决定（行政处罚法第五十一条、第五十二条）。',
    combine: { kind: 'sum' },
    rule: 'summary',
  },
  {
    key: 'enforcement.penalties',
    label: '作出行政处罚决定',
    unit: '件',
    definition:
      '决定日期在统计年度内的行政处罚决定，含普通程序（行政处罚法第五十七条第一款第一项）和简易程序当场作出的决定；不予行政处罚决定不计入，决定后被变更、撤销的仍计入。',
    combine: { kind: 'sum' },
    rule: 'decided',
  },
  ...KIND_FIGURES.map(({ kind, label, item }): FactDef & { rule: string } => ({
    key: `enforcement.penalties_${kind}`,
    label,
    unit: '件',
    definition: `统计年度内作出的行政处罚决定中，处罚种类包括「${PENALTY_KIND_LABELS[kind]}」的（行政处罚法第九条${item}）；一个决定并处多种处罚的，分别计入各种类。`,
    combine: { kind: 'sum' },
    rule: `kind_${kind}`,
  })),
  {
    key: 'enforcement.fines_total',
    label: '罚款金额',
    unit: '元',
    definition:
      '统计年度内作出的行政处罚决定所处罚款金额之和（行政处罚法第九条第二项；按决定金额，不含加处罚款，不扣除后被变更、撤销的）。',
    decidingColumn: '罚款金额（元）',
    combine: { kind: 'sum' },
    rule: 'fines',
  },
  {
    key: 'enforcement.hearings',
    label: '举行听证',
    unit: '次',
    definition: '听证举行日期在统计年度内的行政处罚听证（行政处罚法第六十三条、第六十四条）。',
    combine: { kind: 'sum' },
    rule: 'hearings',
  },
  {
    key: 'enforcement.legal_reviews',
    label: '法制审核通过',
    unit: '件',
    definition: '审核日期在统计年度内、审核结果为通过的行政处罚决定法制审核（行政处罚法第五十八条）。',
    combine: { kind: 'sum' },
    rule: 'reviews',
  },
  {
    key: 'enforcement.legal_review_required',
    label: '应当法制审核的处罚决定',
    unit: '件',
    definition:
      '统计年度内作出的普通程序行政处罚决定中，属于行政处罚法第五十八条第一款规定情形、应当在决定前进行法制审核的。',
    decidingColumn: '审核通过日期',
    combine: { kind: 'sum' },
    rule: 'review_required',
  },
  {
    key: 'enforcement.legal_review_required_passed',
    label: '决定前经法制审核通过',
    unit: '件',
    definition: '应当法制审核的处罚决定中，在决定日期当日或者之前法制审核通过的（行政处罚法第五十八条）。',
    decidingColumn: '审核通过日期',
    combine: { kind: 'sum' },
    rule: 'review_required_passed',
  },
  {
    key: 'enforcement.legal_review_coverage',
    label: '法制审核覆盖率',
    unit: '%',
    definition:
      '决定前经法制审核通过的件数 ÷ 应当法制审核的处罚决定件数；未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条），应为100%。明细列出应当审核的决定。',
    decidingColumn: '审核通过日期',
    combine: {
      kind: 'ratio',
      numerator: 'enforcement.legal_review_required_passed',
      denominator: 'enforcement.legal_review_required',
    },
    rule: 'review_required',
  },
  {
    key: 'enforcement.legal_review_missing',
    label: '应审未审的处罚决定',
    unit: '件',
    definition:
      '应当法制审核的处罚决定中，决定日期当日或者之前未经法制审核通过的（行政处罚法第五十八条：未经法制审核或者审核未通过的，不得作出决定），应为0；本系统拒绝作出此类决定，计入的多为导入或补录的记录，应逐件核查。',
    decidingColumn: '审核通过日期',
    combine: { kind: 'sum' },
    rule: 'review_missing',
  },
  {
    key: 'enforcement.publications_due',
    label: '应公示的处罚决定（已届期或已公示）',
    unit: '件',
    definition: `统计年度内作出、认定具有一定社会影响应当公开的行政处罚决定（行政处罚法第四十八条），已公示或者${penalty.clocks.publication!.length}个工作日公示期限已届满的；尚在期限内未公示的，以及期限内被变更、撤销而不再公示的，不计入。`,
    decidingColumn: '公示日期',
    combine: { kind: 'sum' },
    rule: 'publication_due',
  },
  {
    key: 'enforcement.published_on_time',
    label: '按期公示',
    unit: '件',
    definition: `应公示的处罚决定中，自决定之日起${penalty.clocks.publication!.length}个工作日内公示的（行政处罚法第四十八条；期限按国办发〔2018〕118号，工作日按本镇工作日历计算，与案件的公示期限相同）。`,
    decidingColumn: '公示日期',
    combine: { kind: 'sum' },
    rule: 'published_on_time',
  },
  {
    key: 'enforcement.publication_on_time',
    label: '按期公示率',
    unit: '%',
    definition: '按期公示件数 ÷ 应公示的处罚决定件数（已届期或已公示）；明细列出应公示的决定及其公示日期。',
    decidingColumn: '公示日期',
    combine: { kind: 'ratio', numerator: 'enforcement.published_on_time', denominator: 'enforcement.publications_due' },
    rule: 'publication_due',
  },
  {
    key: 'enforcement.published_late',
    label: '逾期公示的处罚决定',
    unit: '件',
    definition: `应公示的处罚决定中，未在决定之日起${penalty.clocks.publication!.length}个工作日内公示的（含期限届满仍未公示的；行政处罚法第四十八条）；即应公示件数减去按期公示件数。`,
    decidingColumn: '公示日期',
    combine: { kind: 'sum' },
    rule: 'published_late',
  },
  {
    key: 'enforcement.ordinary_decided',
    label: '普通程序作出处罚决定',
    unit: '件',
    definition: '决定日期在统计年度内的普通程序行政处罚决定（行政处罚法第五十七条）。',
    decidingColumn: '音像记录',
    combine: { kind: 'sum' },
    rule: 'ordinary_decided',
  },
  {
    key: 'enforcement.recorded',
    label: '有音像记录的普通程序案件',
    unit: '件',
    definition:
      '普通程序处罚决定中，案卷在决定之日前已上传录音或者录像文件（按文件实际类型识别）的（行政处罚法第四十七条“以文字、音像等形式”全过程记录）。系统不把音像文件对应到每一次检查、询问，本项只说明案卷中有无音像记录，不说明调查取证的每个环节都已录音录像。',
    decidingColumn: '音像记录',
    combine: { kind: 'sum' },
    rule: 'recorded',
  },
  {
    key: 'enforcement.recording_coverage',
    label: '音像记录覆盖率',
    unit: '%',
    definition:
      '有音像记录的普通程序案件 ÷ 普通程序作出处罚决定件数（行政处罚法第四十七条）；口径同“有音像记录的普通程序案件”，只看案卷中有无录音录像文件。明细列出普通程序决定及有无音像记录。',
    decidingColumn: '音像记录',
    combine: { kind: 'ratio', numerator: 'enforcement.recorded', denominator: 'enforcement.ordinary_decided' },
    rule: 'ordinary_decided',
  },
];

const OFFICERS: FactDef = {
  key: 'enforcement.officers_certified',
  label: '持证执法人员',
  unit: '人',
  definition:
    '执法人员名册中在册（未注销）、行政执法证件在统计年度12月31日（本年度为今天）有效的人员（行政处罚法第四十二条：行政处罚应当由具有行政执法资格的执法人员实施）。',
  decidingColumn: '证件有效期至',
  combine: { kind: 'sum' },
  drillable: true,
};

const STATE_LABELS = stateLabelsOf(penalty);

/** The day certificates are looked at: 31 December, or today while the year runs. */
function certifiedOn(year: number, today: string): string {
  const end = `${year}-12-31`;
  return today < end ? today : end;
}

const certified = (on: string) =>
  sql`(o.active and o.valid_until >= ${on} and (o.valid_from is null or o.valid_from <= ${on}))`;

/**
 * For each town and each day of the year on which it decided a penalty, the publication clock's
 * due date from that day, over the town's calendar (platform/calendar.ts, what the case's clocks
 * use). Only the days that occur are computed: a county of 100 towns decides on a few hundred
 * days, not 36,500. Null out of the calendar's years, where no working day can be told.
 */
async function publicationDue(db: Db, townIds: readonly number[], year: number) {
  if (year < CALENDAR_COVERAGE.firstYear || year > CALENDAR_COVERAGE.lastYear) return null;
  const clock = penalty.clocks.publication!;
  const { rows } = await sql<{ town_id: number; day: string }>`
    select distinct c.town_id, c.fields->>'decidedOn' as day from cases c
    where c.type = 'penalty' and c.town_id in (${townList(townIds)})
      and c.fields->>'decidedOn' between ${`${year}-01-01`} and ${`${year}-12-31`}`.execute(db);
  const store = new CalendarStore(db);
  const towns: number[] = [];
  const days: string[] = [];
  const dues: string[] = [];
  for (const r of rows) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(r.day)) continue;
    const calendar = await store.forTown(r.town_id);
    towns.push(r.town_id);
    days.push(r.day);
    dues.push(addPeriod(calendar, { unit: 'wd', from: r.day, length: clock.length }).due);
  }
  return { towns, days, dues };
}

const pubDueCte = (p: { towns: number[]; days: string[]; dues: string[] } | null) =>
  p
    ? sql`pub_due as (select * from unnest(${p.towns}::int[], ${p.days}::text[], ${p.dues}::text[]) as x(town_id, day, due))`
    : sql`pub_due as (select null::int as town_id, null::text as day, null::text as due where false)`;

const townList = (ids: readonly number[]) => sql.join(ids.map((t) => sql`${t}`));

export const penaltiesFacts: FactProvider = {
  module: 'enforcement',
  moduleLabel: '行政执法与复议诉讼',
  facts: [...FACTS.map(({ rule: _rule, ...d }) => ({ ...d, drillable: true })), OFFICERS],

  async compute(db, q) {
    if (q.townIds.length === 0) return new Map();
    const y = q.year;
    const shToday = shanghaiDate(q.now);
    const pd = await publicationDue(db, q.townIds, y);
    const R = (k: keyof typeof RULES) => RULES[k]!.where(y, shToday);
    const kinds = KIND_FIGURES.map(
      ({ kind }) => sql`count(*) filter (where ${R(`kind_${kind}`)}) as ${sql.ref(`k_${kind}`)}`,
    );
    const { rows } = await sql<Record<string, string | number | null> & { town_id: number }>`
      with ${pubDueCte(pd)}
      select c.town_id,
        count(*) filter (where ${R('cases')}) as cases,
        count(*) filter (where ${R('ordinary')}) as ordinary,
        count(*) filter (where ${R('summary')}) as summary,
        count(*) filter (where ${R('decided')}) as decided,
        ${sql.join(kinds)},
        coalesce(sum((${f('fineAmount')})::numeric) filter (where ${R('fines')}), 0) as fines,
        count(*) filter (where ${R('hearings')}) as hearings,
        count(*) filter (where ${R('reviews')}) as reviews,
        count(*) filter (where ${R('review_required')}) as review_required,
        count(*) filter (where ${R('review_required_passed')}) as review_passed,
        count(*) filter (where ${R('publication_due')}) as pub_due,
        count(*) filter (where ${R('published_on_time')}) as pub_on_time,
        count(*) filter (where ${R('ordinary_decided')}) as ordinary_decided,
        count(*) filter (where ${R('recorded')}) as recorded
      from cases c
      where c.type = 'penalty' and c.town_id in (${townList(q.townIds)})
      group by c.town_id
    `.execute(db);
    const on = certifiedOn(y, shToday);
    const officers = await sql<{ town_id: number; n: string }>`
      select o.town_id, count(*) as n from enforcement_officers o
      where o.town_id in (${townList(q.townIds)}) and ${certified(on)}
      group by o.town_id
    `.execute(db);
    const officersOf = new Map(officers.rows.map((r) => [Number(r.town_id), num(r.n)]));
    const byTown = perTown(q.townIds, rows, (r) => {
      const required = num(r?.review_required);
      const passed = num(r?.review_passed);
      const due = num(r?.pub_due);
      const onTime = num(r?.pub_on_time);
      const ordinaryDecided = num(r?.ordinary_decided);
      const withRecording = num(r?.recorded);
      const timed = (v: number | null) => (pd ? v : null);
      return {
        'enforcement.cases': num(r?.cases),
        'enforcement.cases_ordinary': num(r?.ordinary),
        'enforcement.cases_summary': num(r?.summary),
        'enforcement.penalties': num(r?.decided),
        ...Object.fromEntries(KIND_FIGURES.map(({ kind }) => [`enforcement.penalties_${kind}`, num(r?.[`k_${kind}`])])),
        'enforcement.fines_total': Math.round(num(r?.fines) * 100) / 100,
        'enforcement.hearings': num(r?.hearings),
        'enforcement.legal_reviews': num(r?.reviews),
        'enforcement.legal_review_required': required,
        'enforcement.legal_review_required_passed': passed,
        'enforcement.legal_review_coverage': pct(passed, required),
        'enforcement.legal_review_missing': required - passed,
        'enforcement.publications_due': timed(due),
        'enforcement.published_on_time': timed(onTime),
        'enforcement.publication_on_time': timed(pct(onTime, due)),
        'enforcement.published_late': timed(due - onTime),
        'enforcement.ordinary_decided': ordinaryDecided,
        'enforcement.recorded': withRecording,
        'enforcement.recording_coverage': pct(withRecording, ordinaryDecided),
      };
    });
    for (const [t, v] of byTown) v['enforcement.officers_certified'] = officersOf.get(t) ?? 0;
    return byTown;
  },

  async drill(db, access, q) {
    const shToday = shanghaiDate(q.now);
    if (q.key === OFFICERS.key) return drillOfficers(db, access, { ...q, on: certifiedOn(q.year, shToday) });
    const def = FACTS.find((d) => d.key === q.key);
    if (!def) return { total: 0, records: [] };
    const rule = RULES[def.rule]!;
    const pd = rule.timed ? await publicationDue(db, [q.townId], q.year) : null;
    if (rule.timed && !pd) return { total: 0, records: [] };
    const withDue = (e: RawBuilder<unknown>) => sql`(with ${pubDueCte(pd)} select ${e})`;
    return drillCases(db, access, {
      type: 'penalty',
      townId: q.townId,
      where: () => sql`${rule.timed ? withDue(rule.where(q.year, shToday)) : rule.where(q.year, shToday)}`,
      date: rule.date,
      stateLabels: STATE_LABELS,
      ...(def.decidingColumn && rule.deciding ? { deciding: { value: rule.deciding } } : {}),
      limit: q.limit,
      offset: q.offset,
    });
  },
};

/** The certified officers, to a reader of the town's register (registry/access.ts's rule). */
async function drillOfficers(
  db: Db,
  access: CaseAccess,
  q: { townId: number; on: string; limit: number; offset: number },
): Promise<{ total: number; records: FactRecord[] }> {
  const auth = access.auth;
  const scope = auth.permissions.includes('case:read')
    ? unionScope(auth.assignments.filter((a) => (ENFORCEMENT_READER_ROLES as readonly string[]).includes(a.role)))
    : unionScope([]);
  if (isEmptyScope(scope)) return { total: 0, records: [] };
  const town = await db.selectFrom('org_units').select(['id', 'path']).where('id', '=', q.townId).executeTakeFirst();
  if (!town || !inScope({ ...scope, self: false }, { unitId: town.id, unitPath: town.path }, auth.userId)) {
    return { total: 0, records: [] };
  }
  const base = () =>
    db
      .selectFrom('enforcement_officers as o')
      .where('o.town_id', '=', q.townId)
      .where(sql<boolean>`${certified(q.on)}`);
  const count = await base().select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  const rows = await base()
    .select(['o.id', 'o.name', 'o.cert_no', 'o.cert_issuer', 'o.valid_until'])
    .orderBy('o.name')
    .orderBy('o.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return {
    total: num(count.n),
    records: rows.map((r) => ({
      id: String(r.id),
      reference: r.cert_no,
      title: `${r.name}（${r.cert_issuer}）`,
      date: q.on,
      unitName: null,
      state: '在册',
      deciding: r.valid_until,
      href: '/enforcement/officers',
    })),
  };
}
