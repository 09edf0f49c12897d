/**
 * The demo year's major decisions (DecisionsPart.demo.year). For 2023, the seed's year: the
 * catalogue of four items agreed by the 党委 in January and published, two of them run to the end
 * through the case service as the 党政办, the 司法所 and the 镇领导 would —
 * - 镇区污水管网改造工程: hearing, expert review and risk assessment, decided at the May 党政联席会,
 *   post-evaluated in December;
 * - 农村人居环境整治实施方案: risk assessment only, decided at the August 党政联席会, closed
 *   without a post-evaluation (art 36 "可以");
 * a third item started and in drafting at the year's end, the fourth not yet started. Another
 * year gets a smaller catalogue (two items, one started).
 *
 * The meetings that decide them are the meetings area's (meetings/demo.ts `insertDecidingMeeting`).
 */
import { addPeriod } from '@fazhi/domain';
import { officeHour } from '../../../core/demo.ts';
import type { CoreServices } from '../../../core/module.ts';
import { demoAccess, demoAuditor } from '../../../seed/demo-access.ts';
import { insertDecidingMeeting } from '../meetings/demo.ts';
import type { DecisionOwn } from './own.ts';

interface Plan {
  title: string;
  category: 'public_policy' | 'plan' | 'resources' | 'project' | 'other';
  leadUnit: string;
  quarter: number;
  description: string;
}

const CATALOGUE_2023: Plan[] = [
  {
    title: '镇区污水管网改造工程',
    category: 'project',
    leadUnit: '村镇建设办',
    quarter: 2,
    description: '改造镇区主次污水管网约3.2公里，实施雨污分流，总投资约1800万元。',
  },
  {
    title: '湾头桥镇农村人居环境整治实施方案',
    category: 'public_policy',
    leadUnit: '农业农村办',
    quarter: 3,
    description: '开展农村生活垃圾、污水、厕所改造和村容村貌提升，明确各村任务和考核办法。',
  },
  {
    title: '湾头桥镇国土空间规划（2021-2035年）实施计划',
    category: 'plan',
    leadUnit: '自然资源和规划办',
    quarter: 4,
    description: '落实镇国土空间总体规划，安排年度用地和重点项目布局。',
  },
  {
    title: '镇区农贸市场搬迁改造',
    category: 'project',
    leadUnit: '经济发展办',
    quarter: 4,
    description: '将镇区老农贸市场搬迁至新区并改造升级。',
  },
];

export async function seedDecisionDemo(
  core: Pick<CoreServices, 'cases' | 'calendars'>,
  own: DecisionOwn,
  opts: { year: number; until: Date },
): Promise<string[]> {
  const db = core.cases.database;
  const office = await demoAccess(db, 'fazhiban', core.cases.registry);
  const sifasuo = await demoAccess(db, 'sifasuo', core.cases.registry);
  const leader = await demoAccess(db, 'leader', core.cases.registry);
  const townId = office.auth.townId;
  if (townId == null) return [];
  const y = opts.year;
  const exists = await db
    .selectFrom('decision_catalogue_items')
    .select('id')
    .where('town_id', '=', townId)
    .where('year', '=', y)
    .executeTakeFirst();
  if (exists) return [];
  const calendar = await core.calendars.forTown(townId);
  const workday = (d: string) => {
    let x = d;
    while (!calendar.isWorkday(x)) x = addPeriod(calendar, { unit: 'd', from: x, length: 1 }).due;
    return x;
  };
  const after = (d: string, n: number, unit: 'd' | 'wd' = 'd') =>
    workday(addPeriod(calendar, { unit, from: d, length: n }).due);
  const lines: string[] = [];
  const plans = y === 2023 ? CATALOGUE_2023 : CATALOGUE_2023.slice(0, 2);

  // The catalogue: drafted in early January, agreed by the 党委, published.
  const drafted = workday(`${y}-01-09`);
  const approvedOn = workday(`${y}-01-16`);
  const publishedOn = after(approvedOn, 3, 'wd');
  if (officeHour(publishedOn, 60) > opts.until) return [];
  const itemIds: number[] = [];
  for (const p of plans) {
    const t = officeHour(drafted, 10 + itemIds.length);
    itemIds.push(
      await own.catalogue.add(
        townId,
        { year: y, title: p.title, category: p.category, leadUnit: p.leadUnit, plannedQuarter: p.quarter },
        office.auth.userId,
        t,
        demoAuditor(office, t),
      ),
    );
  }
  await own.catalogue.approve(
    townId,
    y,
    approvedOn,
    officeHour(approvedOn, 60),
    demoAuditor(leader, officeHour(approvedOn, 60)),
  );
  await own.catalogue.publish(
    townId,
    y,
    publishedOn,
    officeHour(publishedOn, 60),
    demoAuditor(office, officeHour(publishedOn, 60)),
  );
  lines.push(`决策事项目录 ${y}：${plans.length} 项，${approvedOn} 党委同意，${publishedOn} 公布`);

  let minute = 0;
  const step = async (
    id: number,
    who: typeof office,
    day: string,
    kind: 'doc' | 'act',
    name: string,
    input?: Record<string, unknown>,
  ): Promise<boolean> => {
    const t = officeHour(day, 30 + (minute++ % 200));
    if (t > opts.until) return false;
    const { version } = await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const audit = demoAuditor(who, t);
    if (kind === 'doc') await core.cases.issueDocument(who, id, { version, kind: name, input }, t, audit);
    else await core.cases.act(who, id, name, { version, input }, t, audit);
    return true;
  };
  const start = async (index: number, day: string) => {
    const t = officeHour(day, 20);
    if (t > opts.until) return null;
    const r = await own.catalogue.start(
      office,
      townId,
      itemIds[index]!,
      plans[index]!.description,
      t,
      demoAuditor(office, t),
    );
    return r.caseId;
  };

  /** One decision from 启动 to the end; stops quietly at `until`. */
  const runDecision = async (
    index: number,
    o: {
      launch: string;
      hearing: boolean;
      expert: boolean;
      risk: boolean;
      reason: string;
      meeting: string;
      evaluate: boolean;
    },
  ) => {
    const p = plans[index]!;
    const id = await start(index, o.launch);
    if (id === null) return;
    const draftOn = after(o.launch, 10, 'wd');
    const from = after(draftOn, 3, 'wd');
    const to = addPeriod(calendar, { unit: 'd', from, length: 30 }).due;
    const closeOn = after(to, 1, 'wd');
    const hearingSent = after(from, 5, 'wd');
    const hearingOn = after(hearingSent, 8);
    const expertOn = after(from, 12, 'wd');
    const riskOn = after(from, 15, 'wd');
    const sentOn = after(closeOn, 3, 'wd');
    const dueOn = addPeriod(calendar, { unit: 'wd', from: sentOn, length: 10 }).due;
    const reviewedOn = addPeriod(calendar, { unit: 'wd', from: sentOn, length: 8 }).due;
    const meetingOn = workday(o.meeting);
    const partyOn = after(meetingOn, 2, 'wd');
    const decidedOn = after(partyOn, 2, 'wd');
    const publishedOn = after(decidedOn, 5, 'wd');
    const archivedOn = after(publishedOn, 10, 'wd');
    const reportedOn = workday(`${y}-12-05`);
    const endOn = workday(`${y}-12-20`);
    const steps: [typeof office, string, 'doc' | 'act', string, Record<string, unknown>?][] = [
      [
        office,
        o.launch,
        'act',
        'launch',
        {
          launchedOn: o.launch,
          leadUnit: p.leadUnit,
          hearing: o.hearing,
          expertReview: o.expert,
          riskAssessment: o.risk,
          stepsReason: o.reason,
        },
      ],
      [office, draftOn, 'act', 'record_draft', { draftedOn: draftOn, draftSummary: p.description }],
      [
        office,
        from,
        'doc',
        'comment_notice',
        { from, to, how: '书面意见寄送或送达镇党政办，或发送电子邮件至镇政府公开邮箱' },
      ],
      [
        office,
        from,
        'act',
        'open_consultation',
        { commentFrom: from, commentTo: to, commentChannels: '镇政府网站、各村（社区）公开栏' },
      ],
    ];
    if (o.hearing)
      steps.push([
        office,
        hearingOn,
        'act',
        'record_hearing',
        {
          hearingMaterialsSentOn: hearingSent,
          hearingOn,
          hearingPlace: '镇政府三楼会议室',
          hearingParticipants: 15,
          recordSigned: true,
        },
      ]);
    if (o.expert)
      steps.push([
        office,
        expertOn,
        'act',
        'record_expert_review',
        {
          expertReviewedOn: expertOn,
          experts: [
            { name: '王立新', org: '县水务局规划设计室', signed: true },
            { name: '钱卫东', org: '市政工程设计院', signed: true },
            { name: '孔晓燕', org: '县环境科学学会', signed: true },
          ],
          expertOpinion: '管网走向和管径设计合理，建议分段施工、同步实施道路恢复',
        },
      ]);
    if (o.risk)
      steps.push([
        office,
        riskOn,
        'act',
        'record_risk_assessment',
        {
          riskAssessedOn: riskOn,
          riskLevel: 'low',
          riskPoints: '施工占道影响沿街商户经营和居民出行；个别农户对费用分担有异议',
          riskMeasures: '分段错峰施工，提前公告；逐户走访解释政策，费用由财政承担',
          riskPlan: '设立临时通道和投诉电话，村干部和网格员包片稳控，发生聚集时由镇综治中心牵头处置',
        },
      ]);
    steps.push(
      [
        office,
        closeOn,
        'act',
        'close_consultation',
        { commentCount: o.hearing ? 23 : 9, commentAdoption: o.hearing ? '采纳17条，未采纳的已说明理由' : '采纳6条' },
      ],
      [
        office,
        sentOn,
        'act',
        'send_legal_review',
        { legalSentOn: sentOn, legalReviewer: 'sifasuo', legalDueOn: dueOn },
      ],
      [
        sifasuo,
        reviewedOn,
        'doc',
        'legality_opinion',
        {
          authority: '该事项属于镇人民政府职权范围',
          procedure: '已按规定履行公众参与等程序',
          content: '草案内容不违反法律、法规、规章和国家政策的规定',
          conclusion: 'passed',
          adviserOpinion: '同意审查意见',
        },
      ],
      [
        sifasuo,
        reviewedOn,
        'act',
        'pass_legal_review',
        { legalReviewedOn: reviewedOn, legalReviewerName: '张明', legalOpinion: '符合法定权限和程序，内容合法' },
      ],
    );
    // By day (stable: a document before the action it prepares), so the case's events stay in order.
    steps.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    for (const [who, day, kind, name, input] of steps) if (!(await step(id, who, day, kind, name, input))) return;

    if (officeHour(meetingOn, 0) > opts.until) return;
    const { itemIds: items } = await insertDecidingMeeting(db, {
      townId,
      kind: 'joint',
      title: `${y}年第${index + 5}次党政联席会议`,
      heldOn: meetingOn,
      createdBy: office.auth.userId,
      now: officeHour(meetingOn, 0),
      items: [
        { subject: `审议《${p.title}》`, caseId: id, conclusion: 'adopted', conclusionText: '会议同意该决策草案' },
      ],
    });
    const rest: [typeof office, string, 'doc' | 'act', string, Record<string, unknown>?][] = [
      [office, after(meetingOn, 1, 'wd'), 'act', 'discuss', { meetingItemId: items[0] }],
      [office, partyOn, 'act', 'report_party', { partyReportedOn: partyOn, partyReply: '镇党委同意' }],
      [
        leader,
        decidedOn,
        'act',
        'decide',
        { decidedOn, decisionContent: `同意实施${p.title}`, executingUnit: p.leadUnit },
      ],
      [office, publishedOn, 'doc', 'publication', { where: '镇政府网站和政务公开栏' }],
      [office, publishedOn, 'act', 'publish', { publishedOn, publishedWhere: '镇政府网站和政务公开栏' }],
      [office, archivedOn, 'act', 'archive', { archivedOn, archiveNo: `JC-${y}-${index + 1}` }],
      [
        office,
        reportedOn,
        'act',
        'report_execution',
        { executionReportedOn: reportedOn, executionSummary: '已按决定组织实施，进度符合计划' },
      ],
      o.evaluate
        ? [
            office,
            endOn,
            'act',
            'post_evaluate',
            {
              postEvaluatedOn: endOn,
              postEvaluationTrigger: 'deemed_necessary',
              postEvaluator: '县社会科学院',
              postEvaluationFindings: '达到预期效果，群众满意度较高',
            },
          ]
        : [office, endOn, 'act', 'close', { closedReason: '实施顺利，无第三十六条规定的后评估情形' }],
    ];
    for (const [who, day, kind, name, input] of rest) if (!(await step(id, who, day, kind, name, input))) return;
    lines.push(`重大行政决策：${p.title}（${decidedOn} 决定）`);
  };

  await runDecision(0, {
    launch: workday(`${y}-02-06`),
    hearing: y === 2023,
    expert: true,
    risk: true,
    reason: '涉及沿街商户和居民切身利益，工程技术性强，施工期间可能影响社会稳定',
    meeting: `${y}-05-25`,
    evaluate: true,
  });
  await runDecision(1, {
    launch: workday(`${y}-04-03`),
    hearing: false,
    expert: false,
    risk: true,
    reason: '涉及各村群众切身利益，可能引发矛盾，需评估风险；不涉及专业技术问题，分歧不大，不召开听证会',
    meeting: `${y}-08-24`,
    evaluate: false,
  });
  if (plans.length > 2) {
    const id = await start(2, workday(`${y}-10-09`));
    if (id !== null) {
      await step(id, office, workday(`${y}-10-09`), 'act', 'launch', {
        launchedOn: workday(`${y}-10-09`),
        leadUnit: plans[2]!.leadUnit,
        hearing: false,
        expertReview: true,
        riskAssessment: false,
        stepsReason: '规划专业性强，需专家论证；不涉及群众直接利益调整',
      });
      lines.push(`重大行政决策：${plans[2]!.title}（起草中）`);
    }
  }
  return lines;
}
