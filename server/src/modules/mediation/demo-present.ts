/**
 * 矛盾纠纷调解's part of the demo's present (ServerModule.demo.present): a dozen disputes
 * registered in the last weeks across the villages, left in open states with their clocks
 * running. Two just registered, one waiting to be routed, one for a mediator, several in
 * mediation (one due in two working days, one a few days over the month), a high-risk group
 * dispute reported to the police for a leader's 包案, an extension waiting for the 司法所 and
 * two settled ones waiting for their follow-up visit.
 *
 * The dates are worked back from the clocks each case should show today on the town's
 * working-day calendar (core/demo.ts, whose schedule runs the steps).
 */
import type { DemoKit, DemoPerson } from '../../core/demo.ts';

const TOWN_COMMITTEE = '湾头桥镇人民调解委员会';

interface Dispute {
  village: number;
  type: string;
  title: (a: DemoPerson, b: DemoPerson) => string;
  summary: (a: DemoPerson, b: DemoPerson) => string;
  requests: string;
  channel: string;
  peopleCount?: number;
  amount?: number;
  violence?: boolean;
  by?: string;
  respondentOrg?: { name: string; idNumber?: string };
}

const DISPUTES: Dispute[] = [
  {
    village: 2,
    type: 'neighbor',
    channel: 'walk_in',
    title: (a, b) => `${a.name}与${b.name}晒场占用纠纷`,
    summary: (a, b) => `秋收期间${b.name}连续多日在两家共用晒场上晾晒稻谷，${a.name}的玉米无处晾晒，双方发生口角。`,
    requests: '请求划分晒场使用时间，互不妨碍。',
  },
  {
    village: 0,
    type: 'land',
    channel: 'village_report',
    by: 'cun01',
    title: (a, b) => `${a.name}与${b.name}承包地界址纠纷`,
    summary: (a, b) => `秋耕时${b.name}将田埂向${a.name}一侧移动约0.4米，村委会现场劝解未果，上报镇矛调中心。`,
    requests: '请求按二轮承包台账恢复原田埂界址。',
  },
  {
    village: 3,
    type: 'labor',
    channel: 'walk_in',
    amount: 18_600,
    title: (a) => `${a.name}等3人与示范县恒信建设有限公司劳务费纠纷`,
    summary: (a) => `${a.name}等3人在该公司承建的村道拓宽工程做工，完工两个月仍未结清劳务费共计18600元。`,
    requests: '请求支付拖欠的劳务费18600元。',
    peopleCount: 3,
    respondentOrg: { name: '示范县恒信建设有限公司' },
  },
  {
    village: 8,
    type: 'property',
    channel: 'phone',
    amount: 4_200,
    title: (a, b) => `${a.name}与${b.name}房屋漏水纠纷`,
    summary: (a, b) => `${b.name}家卫生间防水层破损，漏水至楼下${a.name}家，致吊顶霉变脱落，双方多次交涉未果。`,
    requests: '请求维修防水层并赔偿吊顶修复费用4200元。',
  },
  {
    village: 5,
    type: 'marriage_family',
    channel: 'walk_in',
    title: (a, b) => `${a.name}与${b.name}赡养纠纷`,
    summary: (a, b) => `${a.name}年逾七旬，与${b.name}等子女就赡养费分担和轮流照料发生争执，子女相互推诿。`,
    requests: '请求子女按月支付赡养费，轮流照料。',
  },
  {
    village: 6,
    type: 'damages',
    channel: 'police',
    amount: 9_800,
    title: (a, b) => `${a.name}与${b.name}交通事故赔偿纠纷`,
    summary: (a, b) =>
      `${b.name}驾驶电动三轮车与${a.name}的电动自行车相撞，${a.name}右腿骨折住院，交警认定${b.name}负主要责任，双方就赔偿数额协商不成。`,
    requests: '请求赔偿医疗费、误工费等共计9800元。',
  },
  {
    village: 1,
    type: 'land',
    channel: 'village_report',
    by: 'cun02',
    peopleCount: 9,
    amount: 126_000,
    violence: true,
    title: (a) => `${a.name}等9户农户与示范县绿野农业开发有限公司土地流转费纠纷`,
    summary: () =>
      '桥东村9户农户的承包地流转给示范县绿野农业开发有限公司，该公司以经营亏损为由拖欠两年流转费共计126000元。农户多次到公司讨要，情绪激动，扬言到公司堵门。',
    requests: '请求支付拖欠的流转费126000元。',
    respondentOrg: { name: '示范县绿野农业开发有限公司' },
  },
  {
    village: 4,
    type: 'contract',
    channel: 'walk_in',
    amount: 36_000,
    title: (a, b) => `${a.name}与${b.name}鱼塘承包合同纠纷`,
    summary: (a, b) =>
      `${a.name}转包${b.name}的鱼塘，约定承包费每年36000元，${b.name}以鱼塘渗漏减产为由拒付今年承包费。`,
    requests: '请求支付今年承包费36000元。',
  },
  {
    village: 7,
    type: 'neighbor',
    channel: 'walk_in',
    title: (a, b) => `${a.name}与${b.name}通行纠纷`,
    summary: (a, b) => `${b.name}在屋后公共通道上砌筑围墙，致${a.name}家农用车无法通行。`,
    requests: '请求拆除围墙，恢复通行。',
  },
  {
    village: 9,
    type: 'damages',
    channel: 'walk_in',
    amount: 2_600,
    title: (a, b) => `${a.name}与${b.name}犬只伤人纠纷`,
    summary: (a, b) => `${b.name}饲养的犬只未拴养，咬伤${a.name}小腿，${a.name}垫付狂犬疫苗及治疗费用。`,
    requests: '请求赔偿医疗费、交通费等2600元，并拴养犬只。',
  },
  {
    village: 2,
    type: 'neighbor',
    channel: 'walk_in',
    title: (a, b) => `${a.name}与${b.name}排水纠纷`,
    summary: (a, b) => `${b.name}家新修的排水沟将生活污水排向${a.name}家院墙一侧，雨天积水渗入墙基。`,
    requests: '请求改建排水沟，停止向院墙一侧排水。',
  },
  {
    village: 0,
    type: 'marriage_family',
    channel: 'walk_in',
    title: (a, b) => `${a.name}与${b.name}分家析产纠纷`,
    summary: (a, b) => `${a.name}与${b.name}系兄弟，父亲去世后就老屋及宅基地的分割发生争执。`,
    requests: '请求依法分割老屋。',
  },
];

/** Queues the disputes' steps on the kit's schedule. */
export function planMediationPresent(kit: DemoKit): void {
  const cw = kit.days;
  const mediation = (d: Dispute, received: string) => {
    const a = kit.person(d.village);
    const b = kit.person(d.village);
    const title = d.title(a, b);
    const s = kit.story(title);
    const v = kit.village(d.village);
    const parties = [
      { role: 'applicant', kind: 'person', ...a },
      d.respondentOrg
        ? { role: 'respondent', kind: 'org', name: d.respondentOrg.name, address: '示范县工业园区纬二路8号' }
        : { role: 'respondent', kind: 'person', ...b },
    ];
    s.create(received, d.by ?? 'tiaojie', {
      type: 'mediation',
      title,
      unitId: v.id,
      fields: {
        channel: d.channel,
        disputeType: d.type,
        peopleCount: d.peopleCount ?? 2,
        summary: d.summary(a, b),
        requests: d.requests,
        receivedOn: received,
        ...(d.amount ? { amount: d.amount } : {}),
        ...(d.violence ? { violenceRisk: true } : {}),
      },
      parties,
    });
    if (d.channel === 'walk_in') s.doc(received, 'tiaojie', 'application', {});
    return { s, a, b, v, title };
  };
  const accept = (m: ReturnType<typeof mediation>, day: string) =>
    m.s.doc(day, 'tiaojie', 'registration', {}).act(day, 'tiaojie', 'accept');
  const route = (
    m: ReturnType<typeof mediation>,
    day: string,
    mediator: 'tiaojie' | 'sifasuo',
    committee = TOWN_COMMITTEE,
  ) =>
    m.s
      .act(day, 'tiaojie', 'route', { route: 'people', committee })
      .act(day, 'tiaojie', 'assign', { assigneeId: kit.userId(mediator), coMediators: ['李秀英'] });
  const session = (m: ReturnType<typeof mediation>, day: string, mediator: 'tiaojie' | 'sifasuo', summary: string) => {
    const place = `${m.v.short}调解室`;
    m.s
      .doc(day, mediator, 'session_record', { date: day, place, content: summary })
      .act(day, mediator, 'record_session', { date: day, place, attendees: [m.a.name, m.b.name], summary });
  };

  // Where each dispute stands today. Dates are worked back from the clocks they should show.
  const monthDue = (target: string) => cw.startFor('month', 1, target);
  // 1. Registered at the counter the last working day, to be accepted.
  mediation(DISPUTES[0]!, cw.back(1));
  // 2. Reported by 湾头村 the same day: the centre accepts or declines.
  mediation(DISPUTES[1]!, cw.back(1));
  {
    // 3. Accepted, waiting to be routed (the mediation month runs).
    const d = cw.back(3);
    accept(mediation(DISPUTES[2]!, d), d);
  }
  {
    // 4. Accepted and routed, waiting for a mediator.
    const d = cw.back(6);
    const m = mediation(DISPUTES[3]!, d);
    accept(m, d);
    m.s.act(cw.back(5), 'tiaojie', 'route', { route: 'people', committee: '东港社区人民调解委员会' });
  }
  {
    // 5. In mediation at the centre, well within the month.
    const d = cw.back(12);
    const m = mediation(DISPUTES[4]!, d);
    accept(m, d);
    route(m, d, 'tiaojie');
    session(
      m,
      cw.back(8),
      'tiaojie',
      '听取双方陈述，讲解赡养义务的法律规定，子女初步同意分担赡养费，约定再次协商具体数额。',
    );
  }
  {
    // 6. With the 司法所, due in two working days (临期).
    const acc = monthDue(cw.ahead(2));
    const m = mediation(DISPUTES[5]!, acc);
    accept(m, acc);
    route(m, acc, 'sifasuo');
    session(
      m,
      cw.between(acc, 0.3),
      'sifasuo',
      '核实伤情和医疗费票据，释明交通事故损害赔偿范围，双方对误工费计算分歧较大。',
    );
    session(m, cw.between(acc, 0.85), 'sifasuo', '再次组织协商，被申请人同意赔偿医疗费，误工费待保险公司核定后再议。');
  }
  {
    // 7. The group dispute over land rent: high risk, reported to the police, not yet owned by a leader.
    const d = cw.back(2);
    const m = mediation(DISPUTES[6]!, d);
    accept(m, d);
    m.s.act(d, 'tiaojie', 'report_police', {
      date: d,
      agency: '湾头桥派出所',
      situation: '农户扬言到公司堵门讨要流转费，有聚集和冲突风险，已通报派出所提前介入。',
    });
    route(m, cw.back(1), 'tiaojie');
  }
  {
    // 8. Fish-pond contract, three days past the month: the parties wait for a valuation (超期).
    const acc = monthDue(cw.back(3));
    const m = mediation(DISPUTES[7]!, acc);
    accept(m, acc);
    route(m, acc, 'tiaojie');
    session(m, cw.between(acc, 0.4), 'tiaojie', '到鱼塘现场查看渗漏情况，双方同意委托水产站评估减产损失。');
  }
  {
    // 9. Passage blocked: the parties agreed to go on; the extension waits for the 司法所 (or a leader).
    const acc = monthDue(cw.ahead(3));
    const m = mediation(DISPUTES[8]!, acc);
    accept(m, acc);
    route(m, acc, 'sifasuo', '前进村人民调解委员会');
    session(m, cw.between(acc, 0.5), 'sifasuo', '现场查看围墙位置，双方对通道权属说法不一，需调取二轮确权资料。');
    m.s.act(cw.between(acc, 1), 'sifasuo', 'request_approval:extend', {
      agreedBy: '双方当事人均书面同意继续调解',
      length: 1,
      reason: '需向县自然资源和规划局调取确权登记资料',
    });
  }
  {
    // 10. Dog bite settled in writing; the performance day is tomorrow-ish, so the visit is due soon (临期).
    const d = cw.back(9);
    const m = mediation(DISPUTES[9]!, d);
    accept(m, d);
    route(m, d, 'tiaojie');
    const sd = cw.back(5);
    session(m, sd, 'tiaojie', '释明饲养动物损害责任，双方就赔偿数额达成一致。');
    const due = cw.ahead(1);
    const terms = `一、${m.b.name}赔偿${m.a.name}医疗费、交通费等共计2600元，于${due}前一次性付清。\n二、${m.b.name}今后拴养犬只。`;
    m.s
      .doc(sd, 'tiaojie', 'agreement', {
        facts: DISPUTES[9]!.summary(m.a, m.b),
        disputedMatters: DISPUTES[9]!.requests,
        responsibilities: `${m.b.name}未履行犬只管理义务，对损害负全部责任。`,
        agreementTerms: terms,
        performanceMethod: '转账一次性支付',
        performancePlace: '湾桥社区居委会',
        performanceDue: due,
      })
      .act(sd, 'tiaojie', 'agree_written', {
        agreementTerms: terms,
        performanceMethod: '转账一次性支付',
        performanceDue: due,
        agreementEffectiveOn: sd,
      });
  }
  {
    // 11. Drainage settled orally with the 司法所; performance in two weeks.
    const d = cw.back(10);
    const m = mediation(DISPUTES[10]!, d);
    accept(m, d);
    route(m, d, 'sifasuo', '桥西村人民调解委员会');
    const sd = cw.back(6);
    session(m, sd, 'sifasuo', '到现场查看排水沟走向，双方同意改道接入村道边沟。');
    const due = cw.ahead(10);
    const terms = `一、${m.b.name}于${due}前将排水沟改道接入村道边沟。\n二、${m.a.name}配合施工。`;
    m.s
      .doc(sd, 'sifasuo', 'oral_record', {
        agreedOn: sd,
        agreementTerms: terms,
        performanceMethod: `${m.b.name}自行组织施工`,
        performanceDue: due,
      })
      .act(sd, 'sifasuo', 'agree_oral', {
        agreementTerms: terms,
        performanceMethod: `${m.b.name}自行组织施工`,
        performanceDue: due,
        agreementEffectiveOn: sd,
      });
  }
  {
    // 12. Brothers dividing the old house: second session last week, within time.
    const d = cw.back(15);
    const m = mediation(DISPUTES[11]!, d);
    accept(m, d);
    route(m, d, 'tiaojie', '湾头村人民调解委员会');
    session(m, cw.back(11), 'tiaojie', '听取兄弟二人陈述，查看老屋及宅基地现状，邀请族中长辈参与。');
    session(m, cw.back(4), 'tiaojie', '提出按面积均分、差价补偿的方案，双方表示回去与家人商量。');
  }
}
