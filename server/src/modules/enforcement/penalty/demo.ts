/**
 * The demo year's 行政处罚 (ServerModule.demo.year, after the register step): the 综合行政执法队
 * of 湾头桥镇 over one simulated year, every step through the case service as the 执法队, the
 * 镇领导 and the 法治办 would take it, on office hours of the town's working-day calendar, so
 * every document exists and every guard (officers' certificates, the hearing window, the legal
 * review, the collective discussion) is the engine's:
 * - three 简易程序 decisions on the spot (a warning, two small fines paid and 备案);
 * - an ordinary case with a 听证 (a 较大数额 fine), reviewed, decided, served, published, paid,
 *   then challenged by a 行政复议 that upheld it;
 * - an ordinary case 情节复杂 decided by 集体讨论 after the party waived the hearing;
 * - an ordinary fine without social impact (not published) after the party's 陈述申辩;
 * - one 不予行政处罚 (first minor violation, corrected);
 * - one 移送 to the police (涉嫌犯罪).
 * The register's officers are used when their certificates cover the year; otherwise two
 * officers and a qualified reviewer are added (the register is written relative to today).
 */
import { addPeriod, CreateCaseBodySchema } from '@fazhi/domain';
import { officeHour } from '../../../core/demo.ts';
import type { CoreServices } from '../../../core/module.ts';
import type { Db } from '../../../db/index.ts';
import { demoAccess, demoAuditor } from '../../../seed/demo-access.ts';

type Who = Awaited<ReturnType<typeof demoAccess>>;
type Step = [day: string, who: Who, kind: 'doc' | 'act', name: string, input?: Record<string, unknown>];

const RECONSIDERATION_BODY = '示范县人民政府';
const COURT = '示范县人民法院';
const PERFORMANCE = '自收到本决定书之日起十五日内到指定银行或者通过电子支付系统缴纳罚款';

export async function seedPenaltyDemo(
  core: Pick<CoreServices, 'cases' | 'calendars' | 'challenges'>,
  opts: { year: number; until: Date },
): Promise<{ caseIds: number[]; heard: number | null }> {
  const db = core.cases.database;
  const zhifa = await demoAccess(db, 'zhifa', core.cases.registry);
  const leader = await demoAccess(db, 'leader', core.cases.registry);
  const fazhiban = await demoAccess(db, 'fazhiban', core.cases.registry);
  const townId = zhifa.auth.townId;
  if (townId == null) return { caseIds: [], heard: null };
  const calendar = await core.calendars.forTown(townId);
  const y = opts.year;
  const { officers, reviewer } = await ensureOfficers(db, townId, zhifa.auth.userId, y);
  const powers = new Set(
    (await db.selectFrom('enforcement_powers').select('code').where('town_id', '=', townId).execute()).map(
      (p) => p.code,
    ),
  );
  const power = (code: string) => (powers.has(code) ? { powerCode: code } : {});

  const workday = (d: string) => {
    let x = d;
    while (!calendar.isWorkday(x)) x = addPeriod(calendar, { unit: 'd', from: x, length: 1 }).due;
    return x;
  };
  const after = (d: string, n: number, unit: 'd' | 'wd' = 'wd') =>
    workday(addPeriod(calendar, { unit, from: d, length: n }).due);

  const ids: number[] = [];
  let tick = 0;
  const at = (day: string) => officeHour(day, 20 + (tick++ % 90) * 3);
  const register = async (day: string, body: Record<string, unknown>) => {
    const t = at(day);
    if (t > opts.until) return null;
    const id = await core.cases.create(zhifa, CreateCaseBodySchema.parse(body), t, demoAuditor(zhifa, t));
    ids.push(id);
    return id;
  };
  const run = async (id: number, steps: Step[]) => {
    for (const [day, who, kind, name, input] of steps) {
      const t = at(day);
      if (t > opts.until) return false;
      const { version } = await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      const audit = demoAuditor(who, t);
      if (kind === 'doc') await core.cases.issueDocument(who, id, { version, kind: name, input }, t, audit);
      else await core.cases.act(who, id, name, { version, input }, t, audit);
    }
    return true;
  };
  const person = (name: string, address: string) => ({ role: 'party', kind: 'person', name, address });
  const org = (name: string, address: string) => ({ role: 'party', kind: 'org', name, address });

  // ── 简易程序 (arts 51–52): decided and handed over on the spot, fines paid, 备案 ──────────
  const summary = async (
    day: string,
    title: string,
    party: Record<string, unknown>,
    facts: string,
    basis: string,
    fine: number | null,
  ) => {
    const id = await register(day, {
      type: 'penalty',
      title,
      fields: {
        procedure: 'summary',
        field: 'safety',
        violation: title.replace(/案$/, ''),
        source: '日常巡查',
        actOn: day,
        foundOn: day,
      },
      parties: [party],
    });
    if (id === null) return;
    const paid = after(day, 3);
    const steps: Step[] = [
      [
        day,
        zhifa,
        'doc',
        'summary_decision',
        {
          facts,
          penaltyKinds: fine ? ['fine'] : ['warning'],
          ...(fine ? { fineAmount: fine } : {}),
          legalBasis: basis,
          place: '湾头桥镇',
          reconsiderationBody: RECONSIDERATION_BODY,
          court: COURT,
        },
      ],
      [day, zhifa, 'act', 'decide_on_spot', { decidedOn: day, officerIds: officers }],
      ...(fine ? ([[paid, zhifa, 'act', 'record_payment', { paidOn: paid, paidAmount: fine }]] as Step[]) : []),
      [after(paid, 1), zhifa, 'act', 'file_summary', { filedOn: after(paid, 1) }],
      [after(paid, 1), zhifa, 'doc', 'closing_report', { summary: fine ? '罚款已缴纳，已报备案' : '已警告，已报备案' }],
      [after(paid, 1), zhifa, 'act', 'close'],
    ];
    await run(id, steps);
  };
  await summary(
    workday(`${y}-03-10`),
    '个体工商户王某经营场所未设置安全警示标志案',
    person('王某', '示范县湾头桥镇镇东街12号'),
    '在经营的液化气供应点未设置明显的安全警示标志，经指出当场改正',
    '《中华人民共和国安全生产法》第三十五条、第九十九条',
    null,
  );
  await summary(
    workday(`${y}-05-19`),
    '李某占用堵塞消防通道堆放杂物案',
    person('李某', '示范县湾头桥镇桥东村二组5号'),
    '在镇农贸市场消防通道内堆放纸箱等杂物，占用、堵塞消防通道',
    '《中华人民共和国消防法》第二十八条、第六十四条',
    100,
  );
  await summary(
    workday(`${y}-09-08`),
    '湾头桥镇兴旺五金店未如实告知从业人员安全事项案',
    org('示范县湾头桥镇兴旺五金店', '示范县湾头桥镇镇西路8号'),
    '未如实告知2名从业人员作业场所和工作岗位存在的危险因素',
    '《中华人民共和国安全生产法》第四十四条、第九十七条',
    2000,
  );

  const filing = (day: string, summaryText: string, extra: Record<string, unknown> = {}): Step[] => [
    [day, zhifa, 'doc', 'filing_form', { summary: summaryText }],
    [day, zhifa, 'act', 'request_approval:file', { officerIds: officers, ...extra }],
    [day, leader, 'act', 'approve:file', { opinion: '同意立案' }],
    [day, zhifa, 'act', 'file'],
  ];
  const inquiry = (day: string, who: string, text: string): Step[] => [
    [day, zhifa, 'doc', 'inquiry_record', { on: day, person: who, place: '湾头桥镇综合行政执法队', summary: text }],
    [day, zhifa, 'act', 'inquire', { officerIds: officers }],
  ];
  const inspection = (day: string, place: string, text: string): Step[] => [
    [day, zhifa, 'doc', 'inspection_record', { on: day, place, summary: text }],
    [day, zhifa, 'act', 'inspect', { officerIds: officers }],
  ];
  const review = (day: string, opinion: string): Step[] => [
    [day, fazhiban, 'doc', 'legal_review_opinion', { result: 'passed', opinion }],
    [day, fazhiban, 'act', 'legal_review', { reviewerId: reviewer, reviewedOn: day }],
  ];
  const decideServePublish = (day: string, socialImpact: boolean, fine: number): Step[] => {
    const served = after(day, 2);
    const paid = after(served, 6);
    return [
      [
        day,
        zhifa,
        'doc',
        'decision',
        { performance: PERFORMANCE, reconsiderationBody: RECONSIDERATION_BODY, court: COURT },
      ],
      [day, leader, 'act', 'decide', { decidedOn: day, socialImpact }],
      [served, zhifa, 'doc', 'service_receipt', { method: 'direct' }],
      [served, zhifa, 'act', 'serve', { servedOn: served, method: 'direct', officerIds: officers }],
      // 国办发〔2018〕118号: published within 7 working days of the decision.
      ...(socialImpact ? ([[after(day, 4), zhifa, 'act', 'publish', { publishedOn: after(day, 4) }]] as Step[]) : []),
      [paid, zhifa, 'act', 'record_payment', { paidOn: paid, paidAmount: fine }],
      [after(paid, 2), zhifa, 'doc', 'closing_report', { summary: '罚款已全额缴纳，处罚决定履行完毕' }],
      [after(paid, 2), zhifa, 'act', 'close'],
    ];
  };

  // ── Ordinary with a hearing (art 63 ¶1 (1): a 较大数额 fine), then a 复议 that upheld it ──
  let heard: number | null = null;
  {
    const found = workday(`${y}-04-14`);
    const id = await register(found, {
      type: 'penalty',
      title: '示范县宏达建材有限公司未按规定对从业人员进行安全生产教育和培训案',
      fields: {
        procedure: 'ordinary',
        field: 'safety',
        ...power('WTQ-AQ-001'),
        violation: '未按规定对从业人员进行安全生产教育和培训',
        source: '安全生产专项检查',
        place: '湾头桥镇工业集中区3号',
        actOn: `${y}-03-01`,
        foundOn: found,
      },
      parties: [org('示范县宏达建材有限公司', '示范县湾头桥镇工业集中区3号')],
    });
    if (id !== null) {
      heard = id;
      const inspected = after(found, 1);
      const asked = after(inspected, 2);
      const noticed = after(asked, 3);
      const requested = after(noticed, 2);
      const hearingOn = after(requested, 9);
      const reviewed = after(hearingOn, 2);
      const decided = after(reviewed, 1);
      const ok = await run(id, [
        ...filing(found, '专项检查发现该公司6名新入职搅拌站工人未经安全生产教育和培训上岗', {
          legalReviewGround: 'major_rights_heard',
        }),
        ...inspection(inspected, '湾头桥镇工业集中区3号搅拌站', '现场查见6名作业人员，公司未能提供其安全培训记录'),
        ...inquiry(asked, '公司安全负责人张某', '承认6名工人入职后未经安全生产教育和培训即上岗'),
        [asked, zhifa, 'act', 'end_investigation'],
        [
          noticed,
          zhifa,
          'doc',
          'prior_notice',
          {
            facts: '该公司6名从业人员未经安全生产教育和培训即上岗作业',
            evidence: '现场检查笔录、询问笔录、从业人员名册',
            penaltyKinds: ['fine'],
            fineAmount: 30000,
            legalBasis: '《中华人民共和国安全生产法》第二十八条、第九十七条第（三）项',
            hearingRight: 'yes',
          },
        ],
        [noticed, zhifa, 'act', 'notify', { noticedOn: noticed }],
        [requested, zhifa, 'act', 'request_hearing', { requestedOn: requested }],
        [requested, zhifa, 'doc', 'hearing_notice', { hearingOn, place: '湾头桥镇人民政府三楼会议室', host: '吴海燕' }],
        [requested, zhifa, 'act', 'notify_hearing', { notifiedOn: requested }],
        [hearingOn, zhifa, 'doc', 'hearing_record', { summary: '当事人对违法事实无异议，请求从轻处罚，称已组织补训' }],
        [hearingOn, zhifa, 'act', 'hold_hearing', { heldOn: hearingOn }],
        ...review(reviewed, '事实清楚，证据确凿，程序合法，罚款在裁量基准“一般”档内，同意'),
        ...decideServePublish(decided, true, 30000),
      ]);
      if (ok) {
        // The company applied for 复议 within the 60 days (行政复议法 art 20); the county upheld it.
        const served = after(decided, 2);
        const received = after(served, 20, 'd');
        const closed = after(received, 50, 'd');
        const t = at(received);
        if (t <= opts.until) {
          const { id: cid } = await core.challenges.create(
            zhifa,
            id,
            {
              kind: 'reconsideration',
              receivedOn: received,
              body: RECONSIDERATION_BODY,
              bodyCaseNo: `示政复〔${y}〕17号`,
            },
            t,
            demoAuditor(zhifa, t),
          );
          const t2 = at(closed);
          if (t2 <= opts.until) {
            await core.challenges.close(
              zhifa,
              id,
              Number(cid),
              { version: 1, result: 'upheld', closedOn: closed, note: '复议决定维持原行政处罚决定' },
              t2,
              demoAuditor(zhifa, t2),
            );
          }
        }
      }
    }
  }

  // ── Ordinary, 情节复杂: the party waived the hearing; 集体讨论 (art 57 ¶2), published ──────
  {
    const found = workday(`${y}-06-16`);
    const id = await register(found, {
      type: 'penalty',
      title: '孙某未经批准非法占用土地建设仓库案',
      fields: {
        procedure: 'ordinary',
        field: 'land',
        ...power('WTQ-TD-003'),
        violation: '未经批准非法占用土地',
        source: '卫片执法图斑核查',
        place: '湾头村七组',
        actOn: `${y}-05-02`,
        foundOn: found,
      },
      parties: [person('孙某', '示范县湾头桥镇湾头村七组15号')],
    });
    if (id !== null) {
      const inspected = after(found, 2);
      const asked = after(inspected, 1);
      const noticed = after(asked, 4);
      const waived = after(noticed, 1);
      const reviewed = after(waived, 2);
      const discussed = after(reviewed, 1);
      await run(id, [
        ...filing(found, '卫片图斑核查发现湾头村七组新建钢结构仓库，占地约300平方米', {
          legalReviewGround: 'complex',
          complexOrMajor: true,
        }),
        ...inspection(
          inspected,
          '湾头村七组村道西侧',
          '现场测量钢结构仓库占地302平方米，所占土地为一般农用地，符合土地利用总体规划',
        ),
        ...inquiry(asked, '孙某', '承认未办理用地审批手续建设仓库'),
        [asked, zhifa, 'act', 'end_investigation'],
        [
          noticed,
          zhifa,
          'doc',
          'prior_notice',
          {
            facts: '未经批准擅自占用湾头村七组集体土地302平方米建设钢结构仓库',
            evidence: '现场勘验笔录及测绘图、询问笔录、卫片图斑',
            penaltyKinds: ['confiscation', 'fine'],
            fineAmount: 45300,
            legalBasis: '《中华人民共和国土地管理法》第七十七条第一款；《中华人民共和国土地管理法实施条例》第五十七条',
            hearingRight: 'yes',
          },
        ],
        [noticed, zhifa, 'act', 'notify', { noticedOn: noticed }],
        [waived, zhifa, 'act', 'waive_rights', { on: waived }],
        ...review(reviewed, '事实清楚，证据确凿，适用依据正确，按每平方米150元处以罚款适当'),
        [
          discussed,
          zhifa,
          'doc',
          'collective_record',
          { heldOn: discussed, host: '镇长', conclusion: '没收在非法占用的土地上新建的仓库，并处罚款45300元' },
        ],
        [
          discussed,
          leader,
          'act',
          'collective_discussion',
          {
            heldOn: discussed,
            participants: [
              { name: '刘建国', position: '镇长', view: '同意拟处罚意见' },
              { name: '陈志强', position: '副镇长', view: '同意，建议督促当事人按期缴纳' },
              { name: '黄丽', position: '党委委员', view: '同意' },
            ],
          },
        ],
        ...decideServePublish(discussed, true, 45300),
      ]);
    }
  }

  // ── Ordinary without social impact (not published): 陈述申辩 heard, fine reduced ──────────
  {
    const found = workday(`${y}-08-11`);
    const id = await register(found, {
      type: 'penalty',
      title: '湾头桥镇顺发木材加工厂未设置安全警示标志案',
      fields: {
        procedure: 'ordinary',
        field: 'safety',
        violation: '未在有较大危险因素的设备上设置明显的安全警示标志',
        source: '群众举报',
        place: '桥东村三组',
        actOn: `${y}-08-01`,
        foundOn: found,
      },
      parties: [org('示范县湾头桥镇顺发木材加工厂', '示范县湾头桥镇桥东村三组')],
    });
    if (id !== null) {
      const inspected = after(found, 1);
      const noticed = after(inspected, 3);
      const stated = after(noticed, 2);
      const decided = after(noticed, 6);
      await run(id, [
        ...filing(found, '群众举报该厂电锯、刨床等设备未设置安全警示标志', { legalReviewGround: 'none' }),
        ...inspection(inspected, '顺发木材加工厂车间', '车间内带锯机、平刨机均未设置安全警示标志'),
        [inspected, zhifa, 'act', 'end_investigation'],
        [
          noticed,
          zhifa,
          'doc',
          'prior_notice',
          {
            facts: '在带锯机、平刨机等有较大危险因素的设备上未设置明显的安全警示标志',
            evidence: '现场检查笔录、现场照片',
            penaltyKinds: ['fine'],
            fineAmount: 5000,
            legalBasis: '《中华人民共和国安全生产法》第三十五条、第九十九条第（一）项',
            hearingRight: 'no',
          },
        ],
        [noticed, zhifa, 'act', 'notify', { noticedOn: noticed }],
        [
          stated,
          zhifa,
          'doc',
          'statement_record',
          { on: stated, summary: '已于检查次日全部设置警示标志，请求从轻处罚' },
        ],
        [stated, zhifa, 'act', 'record_statement', { on: stated, adopted: '经复核，当事人及时改正属实，予以采纳' }],
        [
          decided,
          zhifa,
          'doc',
          'decision',
          {
            fineAmount: 3000,
            discretionReason: '当事人及时改正，依法从轻处罚',
            performance: PERFORMANCE,
            reconsiderationBody: RECONSIDERATION_BODY,
            court: COURT,
          },
        ],
        ...decideServePublish(decided, false, 3000).slice(1),
      ]);
    }
  }

  // ── 不予行政处罚 (art 33 ¶1: first violation, harm slight, corrected) ─────────────────────
  {
    const found = workday(`${y}-10-13`);
    const id = await register(found, {
      type: 'penalty',
      title: '周某在自家商铺违规存放少量烟花爆竹案',
      fields: {
        procedure: 'ordinary',
        field: 'safety',
        violation: '在居住场所违规存放烟花爆竹',
        source: '日常巡查',
        place: '镇东街25号',
        actOn: `${y}-10-08`,
        foundOn: found,
      },
      parties: [person('周某', '示范县湾头桥镇镇东街25号')],
    });
    if (id !== null) {
      const asked = after(found, 1);
      const decided = after(asked, 3);
      await run(id, [
        ...filing(found, '巡查发现周某在自家商铺二楼居住处存放烟花爆竹两箱'),
        ...inquiry(asked, '周某', '系初次违法，烟花爆竹已于当日自行转移至有资质的仓库'),
        [asked, zhifa, 'act', 'end_investigation'],
        [
          decided,
          zhifa,
          'doc',
          'no_penalty_decision',
          { ground: 'first_minor', reasons: '初次违法，存放数量少，已当场改正，未造成危害后果' },
        ],
        [
          decided,
          zhifa,
          'act',
          'request_approval:no_penalty',
          { ground: 'first_minor', reasons: '初次违法，存放数量少，已当场改正，未造成危害后果；已对当事人进行教育' },
        ],
        [decided, leader, 'act', 'approve:no_penalty', { opinion: '同意不予行政处罚' }],
        [decided, zhifa, 'act', 'no_penalty'],
        [after(decided, 1), zhifa, 'doc', 'service_receipt', { method: 'direct' }],
      ]);
    }
  }

  // ── 移送 (art 27): the occupied farmland exceeds the criminal threshold ───────────────────
  {
    const found = workday(`${y}-11-10`);
    const id = await register(found, {
      type: 'penalty',
      title: '吴某非法占用耕地堆放建筑垃圾案',
      fields: {
        procedure: 'ordinary',
        field: 'land',
        ...power('WTQ-TD-002'),
        violation: '占用耕地堆放建筑垃圾，破坏种植条件',
        source: '卫片执法图斑核查',
        place: '桥东村五组',
        actOn: `${y}-09-20`,
        foundOn: found,
      },
      parties: [person('吴某', '示范县湾头桥镇桥东村五组2号')],
    });
    if (id !== null) {
      const inspected = after(found, 1);
      const sent = after(inspected, 3);
      await run(id, [
        ...filing(found, '图斑核查发现桥东村五组耕地上堆放大量建筑垃圾'),
        ...inspection(inspected, '桥东村五组', '经测绘，建筑垃圾堆放占用永久基本农田约6.2亩，耕作层已被破坏'),
        [
          sent,
          zhifa,
          'act',
          'request_approval:transfer',
          {
            kind: 'judiciary',
            to: '示范县公安局',
            reasons: '占用永久基本农田5亩以上，涉嫌非法占用农用地罪（刑法第三百四十二条）',
          },
        ],
        [sent, leader, 'act', 'approve:transfer', { opinion: '同意移送' }],
        [sent, zhifa, 'act', 'transfer'],
      ]);
    }
  }
  return { caseIds: ids, heard };
}

/**
 * Two officers certified for planning, land and safety through the year and its first quarter
 * after (arts 42, 55), and a reviewer with the 法律职业资格 (art 58 ¶2): the register's, when they
 * fit the simulated year, else added.
 */
async function ensureOfficers(
  db: Db,
  townId: number,
  createdBy: number,
  year: number,
): Promise<{ officers: number[]; reviewer: number }> {
  const rows = await db
    .selectFrom('enforcement_officers')
    .select(['id', 'cert_fields', 'valid_from', 'valid_until', 'reviewer', 'legal_qualification'])
    .where('town_id', '=', townId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  const covers = (r: (typeof rows)[number]) =>
    r.valid_until >= `${year + 1}-03-31` && (r.valid_from === null || r.valid_from <= `${year}-01-01`);
  const fit = rows
    .filter((r) => !r.reviewer && covers(r) && ['planning', 'land', 'safety'].every((f) => r.cert_fields.includes(f)))
    .map((r) => Number(r.id));
  const reviewer = rows.find((r) => r.reviewer && r.legal_qualification);
  const at = new Date();
  const add = async (name: string, certNo: string, isReviewer: boolean) =>
    Number(
      (
        await db
          .insertInto('enforcement_officers')
          .values({
            town_id: townId,
            name,
            cert_no: certNo,
            cert_issuer: '示范县人民政府',
            cert_fields: ['planning', 'land', 'safety'],
            valid_from: `${year - 1}-01-01`,
            valid_until: `${year + 4}-12-31`,
            reviewer: isReviewer,
            legal_qualification: isReviewer,
            created_by: createdBy,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
  if (fit.length < 2) {
    fit.length = 0;
    fit.push(await add('郑毅', `33990130${year}0101`, false), await add('冯涛', `33990130${year}0102`, false));
  }
  const reviewerId = reviewer ? Number(reviewer.id) : await add('韩律', `33990130${year}0103`, true);
  return { officers: fit.slice(0, 2), reviewer: reviewerId };
}
