/**
 * The demo's annual reports of 湾头桥镇 (法治政府建设情况报告), on the town's own outline, in the
 * spirit of the seed report (../shared/seed, paraphrased), with live tokens where the seed
 * quotes a figure our modules compute:
 *
 * - 2023, the seed's year: drafted in February 2024 by the offices that would write each part.
 *   Every section is submitted; the report waits for the 法治办 to submit it to the leader, so
 *   the demo shows a draft ready to assemble and export.
 * - The last full year before the start (issue 13): drafted in February of the next year,
 *   submitted by the 法治办, approved by the leader before the 1 March deadline and published
 *   before 1 April (督察工作规定 arts 23–24, `reportDeadlines`), each step only if it falls
 *   before `now`. So a start on 2026-12-07 finds the 2025 report approved and public.
 *
 * The work-safety figures (the seed's “近300次”, “近1000人”) are the safety module's, counted
 * from the 安监办's inspection records (modules/safety/facts.ts), no longer entered by hand.
 * Issue 13: the text asserts only what the figures show. A draft marks what no figure supports
 * with 〔待补充：…〕 for the office to fill in; the approved version leaves those claims out
 * (`settled`) rather than approving a placeholder or an unsupported sentence.
 */
import { narrativeFromLines, reportDeadlines } from '@fazhi/domain/api/reports';
import type { CoreServices } from '../core/module.ts';
import { type AuthContext, chainFor, idFromPath, loadAssignments, permissionsFor } from '../platform/context.ts';
import { reportAccess } from '../report/access.ts';

/** The seed report's year. */
export const SEED_REPORT_YEAR = 2023;

/**
 * When a year's report is worked on, in February and March of the next year: drafted, then
 * (the last full year's only) submitted, approved before the 1 March deadline and published
 * before 1 April (`reportDeadlines`).
 */
export function reportSchedule(year: number) {
  const next = year + 1;
  const at = (day: string, time: string) => new Date(`${next}-${day}T${time}:00+08:00`);
  return {
    written: year === SEED_REPORT_YEAR ? at('02-20', '10:00') : at('02-09', '10:00'),
    submitted: at('02-24', '15:30'),
    approved: at('02-26', '09:40'),
    published: `${next}-03-20`,
    deadlines: reportDeadlines(year),
  };
}

/** The draft's 〔待补充：…〕 markers left out, for the version the leader approves. */
export function settled(line: string): string {
  return line.replace(/〔待补充：[^〕]*〕[；，]/g, '').replace(/[，；]?〔待补充：[^〕]*〕/g, '');
}

const SAFETY = '{safety}';

/**
 * The safety sentence of the enforcement part: the inspections and person-times from the
 * records, and the hazards only when some were registered (a 0 would claim none were found
 * when the town simply kept no hazard cases).
 */
export function safetyLine(v: Record<string, number | null>): string {
  const head =
    '扎实开展违法建设治理，推动基层治理体系建立健全。一是加大安全生产执法力度，全年开展安全生产综合性检查{safety.inspections}，出动检查人员{safety.inspectors}';
  const hazards =
    (v['safety.hazards_found'] ?? 0) > 0
      ? '，发现安全隐患{safety.hazards_found}，整改到位{safety.hazards_rectified}'
      : '';
  return `${head}${hazards}。二是落实卫片执法，对上级移交的卫片图斑，镇综合行政执法队会同自然资源和规划办定时限、定责任开展核查整改。`;
}

/**
 * Issue 13: the draft must not assert what its own figures contradict. Whether the petition
 * deadlines were all kept is decided from the year's figures when the draft is written; where
 * they were not, the text says how many were late and leaves the cause to the office.
 */
const PETITION_DEADLINES = '{petition.deadlines}';

export function petitionDeadlinesLine(v: Record<string, number | null>): string {
  const head =
    '二是推进信访工作法治化。全年收到信访事项{petition.received}，按期受理率{petition.accepted_on_time_rate}，按期办结率{petition.handled_on_time_rate}';
  const late = (due: number | null, onTime: number | null) => (due == null || onTime == null ? null : due - onTime);
  const lateAccept = late(v['petition.acceptance_due'] ?? null, v['petition.accepted_on_time'] ?? null);
  const lateHandle = late(v['petition.handling_due'] ?? null, v['petition.handled_on_time'] ?? null);
  const due = (v['petition.acceptance_due'] ?? 0) + (v['petition.handling_due'] ?? 0);
  if (lateAccept === 0 && lateHandle === 0 && due > 0)
    return `${head}，受理、办理、答复均在《信访工作条例》规定的期限内完成。`;
  const parts = [
    lateAccept ? `未按期告知受理${lateAccept}件` : '',
    lateHandle ? `未按期办结${lateHandle}件` : '',
  ].filter(Boolean);
  if (parts.length === 0) return `${head}。`;
  return `${head}；其中${parts.join('、')}，〔待补充：超期原因及整改措施〕。`;
}

/** Where the late petitions are named, the problems part says so too (the approved version). */
export function petitionProblemsLine(v: Record<string, number | null>): string | null {
  const late =
    (v['petition.acceptance_due'] ?? 0) -
    (v['petition.accepted_on_time'] ?? 0) +
    ((v['petition.handling_due'] ?? 0) - (v['petition.handled_on_time'] ?? 0));
  return late > 0
    ? `信访事项办理时效仍有差距，全年有${late}件次未在《信访工作条例》规定的期限内告知受理或办结。`
    : null;
}

const DECISIONS = '{decisions}';
const COLLECTIVE = '{collective}';

/**
 * 依法决策 in the part on lawful administration, from the decisions module's figures
 * (modules/decisions): each sentence names only what a figure shows (issue 13); a figure that is
 * zero or absent drops its clause, an incomplete procedure is named with a 〔待补充〕.
 */
const DECISION_ORDINALS = ['一', '二', '三', '四'];

export function decisionsLines(v: Readonly<Record<string, number | null | undefined>>): string[] {
  const n = (k: string) => v[k] ?? 0;
  const parts: string[] = [];
  const major = n('decision.major');
  const head: string[] = [];
  if (n('decision.catalogue_items') > 0)
    head.push('编制年度重大行政决策事项目录，经镇党委同意后向社会公布，列入决策事项{decision.catalogue_items}');
  if (major > 0) head.push('全年作出重大行政决策{decision.major}');
  if (major > 0) {
    const steps: string[] = [];
    if (n('decision.hearings') > 0) steps.push('召开听证会{decision.hearings}');
    if (n('decision.expert_reviews') > 0) steps.push('组织专家论证{decision.expert_reviews}');
    if (n('decision.risk_assessments') > 0) steps.push('开展风险评估{decision.risk_assessments}');
    if (steps.length) head.push(`决策过程中${steps.join('、')}`);
    head.push(
      n('decision.legality_reviewed') === major
        ? '作出的重大行政决策均经合法性审查'
        : '经合法性审查的重大行政决策{decision.legality_reviewed}，〔待补充：未经合法性审查即作出决策的原因及整改措施〕',
    );
    head.push(
      n('decision.complete') === major
        ? '程序完备率{decision.complete_rate}'
        : '程序完备率{decision.complete_rate}，〔待补充：程序未完备的决策及原因〕',
    );
    if (n('decision.post_evaluations') > 0) head.push('对已实施的决策开展后评估{decision.post_evaluations}');
  }
  if (head.length) parts.push(`规范重大行政决策程序。${head.join('，')}。`);
  if (n('decision.collective') > 0)
    parts.push('坚持集体决策。经镇党政联席会议等集体讨论决定重大事项{decision.collective}。');
  const review: string[] = [];
  if (n('review.normative_documents') > 0) review.push('审查行政规范性文件{review.normative_documents}');
  if (n('review.contracts') > 0) review.push('审查合同{review.contracts}');
  if (n('review.adviser_opinions') > 0) review.push('法律顾问出具法律意见{review.adviser_opinions}');
  if (review.length) parts.push(`严格合法性审查。全年${review.join('，')}。`);
  return parts.map((p, i) => `${DECISION_ORDINALS[i]}是${p}`);
}

/** The seed's 民主集中制 sentence, with the matters decided collectively when the meetings show some. */
export function collectiveLine(v: Record<string, number | null>): string {
  const decided =
    (v['decision.collective'] ?? 0) > 0
      ? '经镇党委会、党政联席会议等集体讨论决定重大事项{decision.collective}'
      : '〔待补充：本年度经镇党委会议集体研究决定的重大事项及会议记录〕';
  return `坚持民主集中制，${decided}；落实党风廉政建设责任制和“一岗双责”，班子成员签订廉洁承诺书；坚持党管干部原则，通过公开竞岗选任中层干部；加强基层党建和党务公开。`;
}

const text = (year: number): Record<string, { by: string; lines: string[] }> => ({
  practice: {
    by: 'fazhiban',
    lines: [
      `${year}年，湾头桥镇在县委、县政府的领导下，坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，以依法行政、建设法治政府为目标，以转变政府职能、规范执法为重点，扎实推进法治政府建设，完成了年度各项工作任务。`,
    ],
  },
  'practice.study': {
    by: 'sifasuo',
    lines: [
      '镇党委组织全体领导干部学习《法治政府建设实施纲要（2021-2025年）》，研究部署贯彻落实的具体措施，把法治政府建设与全镇中心工作一体谋划、一体推进、一体落实。',
      '围绕深化“放管服”改革、优化法治化营商环境、健全依法行政制度体系、推进政务诚信建设等任务，制定任务分工方案，明确责任科室和完成时限，推动纲要部署在我镇落地落实。',
    ],
  },
  'practice.lawful': {
    by: 'tiaojie',
    lines: [
      '1.加强作风建设，提高依法执政能力。',
      COLLECTIVE,
      '2.坚持依法科学民主决策。',
      DECISIONS,
      '3.把依法行政贯穿于社会治安综合治理之中。',
      '一是整合法治资源，发挥一站式矛调中心作用。行政调解、人民调解、司法调解协同发力，集中排查调处与经常性排查调处相结合。全年共登记矛盾纠纷{mediation.registered}，受理{mediation.accepted}，调解成功{mediation.success}，调解成功率{mediation.success_rate}，达成书面调解协议{mediation.written}，涉及金额{mediation.amount}。',
      '二是把矛盾纠纷排查挺在前面。坚持集中排查与经常性排查相结合，全年组织排查{campaigns.count}，各村（社区）排查发现矛盾纠纷{campaigns.disputes_found}，均由村人民调解委员会就地化解；对高风险纠纷{mediation.high_risk}逐一落实稳控措施，有激化可能的及时报告公安机关（{mediation.police_reported}），调解协议履行率达到{mediation.performance_rate}，做到预警在先、措施在先，把矛盾化解在萌芽状态。',
    ],
  },
  'practice.stability': {
    by: 'xinfang',
    lines: [
      '一是落实党政领导干部开门接访、带案下访和包案化解机制。全年镇领导开门接访{petition.leader_receptions}，接待群众{petition.leader_reception_people}，带案下访{petition.leader_visits}；领导包案{petition.owned_cases}，已化解{petition.owned_resolved}。',
      PETITION_DEADLINES,
      '三是坚持打击与防范并举，完善社会治安防控体系，深入开展“平安乡镇”“平安村居”创建，推进村（社区）视频监控系统建设。',
    ],
  },
  'practice.enforcement': {
    by: 'zhifa',
    lines: [SAFETY],
  },
  chiefs: {
    by: 'fazhiban',
    lines: [
      '镇党委书记、镇长认真履行推进法治建设第一责任人职责，将法治建设纳入全镇经济社会发展总体部署，年内多次主持召开党委会议专题研究法治政府建设工作；带头开门接访、带案下访，亲自包案化解信访突出问题；带头学法。〔待补充：重大行政决策合法性审查和集体讨论决定的情况〕',
    ],
  },
  results: {
    by: 'fazhiban',
    lines: [
      '一是干部法治意识明显增强。领导干部学法用法的自觉性普遍提高，依法办事的氛围逐步形成。',
      '二是促进了社会和谐稳定。社会治安持续稳定，矛盾纠纷化解及时有效，全年未发生影响恶劣的重大群体性事件。',
      '三是保障了经济社会健康发展。法治建设为全镇经济发展营造了公平公正的营商环境。',
    ],
  },
  problems: {
    by: 'fazhiban',
    lines: [
      '对照上级要求和群众期盼，我镇法治政府建设还存在一些差距：工作主动性不够，受客观条件制约，存在时紧时松的现象；法治宣传力度还需加大，干部参与法治建设的积极性有待进一步调动。',
    ],
  },
  plans: {
    by: 'fazhiban',
    lines: [
      '一是深入学习贯彻习近平法治思想和党的二十大关于法治建设的决策部署，结合本镇实际，进一步做好法治宣传工作，提高领导干部和群众的法治素养。',
      '二是加强重点对象法治宣传教育，创新方式方法，扩大依法治镇工作覆盖面。',
      '三是推进村（社区）法治建设，提升基层治理法治化水平，广泛动员社会力量参与法治宣传教育。',
    ],
  },
});

async function actor(services: CoreServices, username: string): Promise<AuthContext> {
  const db = services.database.db;
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'town_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const assignments = await loadAssignments(db, u.id);
  return {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    townId: u.town_id,
    mustChangePassword: false,
    sessionId: 'seed',
    csrfToken: '',
    assignments,
    permissions: permissionsFor(assignments),
    chainId: chainFor(u.town_id, assignments, idFromPath),
    primaryUnit: assignments[0] ? { id: assignments[0].unitId, name: assignments[0].unitName } : null,
  };
}

const auditorOf =
  (a: AuthContext, at: Date) => (action: string, target: string, details?: Record<string, unknown>) => ({
    chainId: a.chainId,
    at,
    actorId: a.userId,
    actorName: a.displayName,
    unitId: a.primaryUnit?.id ?? null,
    unitName: a.primaryUnit?.name ?? null,
    ip: null,
    action,
    target,
    outcome: 'success' as const,
    details: { ...details, source: '演示数据' },
  });

/**
 * Writes 湾头桥镇's report of `year` (default the seed's 2023): drafted section by section by the
 * offices; with `approve`, then submitted, approved and published on `reportSchedule`'s dates,
 * each only if it falls before `now`. Returns its id and state, or null when there is none to
 * write (no such town, or a draft that would be written after `now`).
 */
export async function seedReportDemo(
  services: CoreServices,
  opts: { year?: number; approve?: boolean; now?: Date } = {},
): Promise<{ reportId: number; state: string } | null> {
  const year = opts.year ?? SEED_REPORT_YEAR;
  const when = reportSchedule(year);
  const now = opts.now ?? services.now();
  if (when.written >= now) return null;
  const db = services.database.db;
  const town = await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirst();
  if (!town) return null;
  const { reports } = services;
  const fazhiban = await actor(services, 'fazhiban');
  const acc = await reportAccess(db, fazhiban);
  const id = await reports.create(
    acc,
    { year, template: 'seed' },
    fazhiban.userId,
    when.written,
    auditorOf(fazhiban, when.written),
  );
  const actors = new Map<string, AuthContext>([['fazhiban', fazhiban]]);
  const figures = (await services.facts.values(db, { townIds: [town.id], year, now: when.written })).get(town.id) ?? {};
  const values = Object.fromEntries(Object.entries(figures).map(([k, f]) => [k, f.value]));
  const deadlines = petitionDeadlinesLine(values);
  const safety = safetyLine(values);
  // What goes to the leader states only what the figures show: no placeholder is approved.
  const final = opts.approve === true;
  const late = final ? petitionProblemsLine(values) : null;
  for (const [key, t] of Object.entries(text(year))) {
    let who = actors.get(t.by);
    if (!who) {
      who = await actor(services, t.by);
      actors.set(t.by, who);
    }
    const a = await reportAccess(db, who);
    const audit = auditorOf(who, when.written);
    const decisions = decisionsLines(values);
    let lines = t.lines.flatMap((l) =>
      l === PETITION_DEADLINES
        ? [deadlines]
        : l === SAFETY
          ? [safety]
          : l === COLLECTIVE
            ? [collectiveLine(values)]
            : l === DECISIONS
              ? decisions.length
                ? decisions
                : ['〔待补充：本年度重大行政决策、规范性文件和合同的合法性审查情况〕']
              : [l],
    );
    if (final) lines = lines.map(settled).filter((l) => l !== '');
    if (key === 'problems' && late) lines = [...lines, late];
    await reports.updateSection(a, id, key, { version: 1, narrative: narrativeFromLines(lines) }, when.written, audit);
    await reports.submitSection(a, id, key, { version: 2, submitted: true }, when.written, audit);
  }
  if (!final || when.submitted >= now) return { reportId: id, state: 'drafting' };
  const version = async () =>
    (await db.selectFrom('reports').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  await reports.submit(acc, id, await version(), when.submitted, auditorOf(fazhiban, when.submitted));
  if (when.approved >= now) return { reportId: id, state: 'submitted' };
  const leader = await actor(services, 'leader');
  await reports.approve(
    await reportAccess(db, leader),
    id,
    await version(),
    when.approved,
    auditorOf(leader, when.approved),
  );
  const publishedAt = new Date(`${when.published}T16:00:00+08:00`);
  if (publishedAt >= now) return { reportId: id, state: 'approved' };
  await reports.publish(
    acc,
    id,
    {
      version: await version(),
      publishedOn: when.published,
      where: '示范县人民政府门户网站“法治政府建设年度报告”专栏',
    },
    publishedAt,
    auditorOf(fazhiban, publishedAt),
  );
  return { reportId: id, state: 'published' };
}
