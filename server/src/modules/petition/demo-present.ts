/**
 * 信访's part of the demo's present (ServerModule.demo.present): nine petitions received in the
 * last weeks across the villages, left open with their clocks running. Some waiting to be
 * accepted (one due in two days, one overlooked past its 15 days), some with the village
 * officers or the town's offices to look into (one close to its 60 days), one reported by a
 * village officer, and an extension waiting for the leader's approval.
 *
 * The dates are worked back from the clocks each case should show today on the town's
 * working-day calendar (core/demo.ts, whose schedule runs the steps).
 */
import { addDays, type DemoKit } from '../../core/demo.ts';

interface Matter {
  village: number;
  title: string;
  field: string;
  summary: string;
  requests: string;
  unit: string;
  channel: string;
  by?: string;
  peopleCount?: number;
}

/** Queues the petitions' steps on the kit's schedule. */
export function planPetitionPresent(kit: DemoKit): void {
  const cw = kit.days;
  const petition = (m: Matter, received: string) => {
    const p = kit.person(m.village);
    const v = kit.village(m.village);
    const s = kit.story(m.title);
    s.create(received, m.by ?? 'xinfang', {
      type: 'petition',
      title: m.title,
      unitId: v.id,
      fields: {
        channel: m.channel,
        source: 'direct',
        receivedOn: received,
        category: 'claim',
        field: m.field,
        summary: m.summary,
        requests: m.requests,
        peopleCount: m.peopleCount ?? 1,
        ...(m.peopleCount && m.peopleCount > 1 ? { representatives: [p.name] } : {}),
      },
      parties: [{ role: 'petitioner', kind: 'person', ...p }],
    });
    s.doc(received, 'xinfang', 'registration_form');
    return s;
  };
  const acceptAndAssign = (s: ReturnType<typeof petition>, day: string, unit: string, assignee?: string) => {
    const dueOn = addDays(day, 45);
    s.doc(day, 'xinfang', 'acceptance_notice', { contact: '刘伟，0576-88123400' })
      .act(day, 'xinfang', 'accept')
      .doc(day, 'xinfang', 'forward_slip', {
        mode: 'assign',
        to: unit,
        dueOn,
        requirements: '请实地核查，听取信访人陈述，提出处理意见。',
      })
      .act(day, 'xinfang', 'assign', { unit, dueOn, ...(assignee ? { assigneeId: assignee } : {}) });
    return s;
  };
  const handlingFrom = (target: string) => cw.startFor('d', 60, target);
  const receivedFor = (target: string) => cw.startFor('d', 15, target);

  // 1. Came in at the counter two days ago: to be accepted within 15 days.
  petition(
    {
      village: 4,
      title: '反映村道路灯损坏长期未修',
      field: '基础设施',
      summary: '新河村主干道十余盏路灯损坏两个多月，夜间出行不便，老人曾在路口摔倒。',
      requests: '要求尽快修复路灯。',
      unit: '农业农村办',
      channel: 'visit',
    },
    cw.back(2),
  );
  // 2. A letter whose acceptance notice is due in two days (临期).
  petition(
    {
      village: 5,
      title: '反映养殖场臭气扰民',
      field: '生态环境',
      summary: '杨柳村北侧生猪养殖场粪污处理设施停用，臭气严重，周边住户无法开窗。',
      requests: '要求养殖场整改，限期达标。',
      unit: '综合行政执法队',
      channel: 'letter',
    },
    receivedFor(cw.ahead(2)),
  );
  // 3. An online petition overlooked past its 15 days (超期).
  petition(
    {
      village: 9,
      title: '反映小区电梯加装费用分摊不公',
      field: '住房保障',
      summary: '湾桥社区老旧小区加装电梯，一楼、二楼住户认为费用分摊方案未经充分协商。',
      requests: '要求社区重新组织协商分摊方案。',
      unit: '党政办（法治办）',
      channel: 'online',
    },
    receivedFor(cw.back(2)),
  );
  // 4–5. 湾头村: one being looked into by the village officer, one just handed to them.
  {
    const s = petition(
      {
        village: 0,
        title: '反映宅基地建房审批迟迟未办',
        field: '宅基地',
        summary: '本人今年春天提交农村宅基地建房申请，至今未获审批，旧房已成危房。',
        requests: '要求尽快审批宅基地建房申请。',
        unit: '自然资源和规划办',
        channel: 'visit',
      },
      cw.back(24),
    );
    acceptAndAssign(s, cw.back(22), '自然资源和规划办', kit.userId('cun01'));
    s.act(cw.back(15), 'cun01', 'investigate', {
      heardOn: cw.back(15),
      findings: '已上门听取信访人陈述，申请材料缺少村民代表会议讨论意见，村委会正在补正。',
    });
  }
  {
    const s = petition(
      {
        village: 0,
        title: '反映灌溉渠道堵塞影响冬种',
        field: '农田水利',
        summary: '村东灌溉渠道多年未清淤，冬小麦播种后无法正常灌溉。',
        requests: '要求组织清淤疏通灌溉渠道。',
        unit: '农业农村办',
        channel: 'phone',
      },
      cw.back(6),
    );
    acceptAndAssign(s, cw.back(4), '农业农村办', kit.userId('cun01'));
  }
  // 6–7. 桥东村: one close to its 60 days (临期), one just reported by the village officer, one being looked into.
  {
    const acc = handlingFrom(cw.ahead(3));
    const s = petition(
      {
        village: 1,
        title: '反映征地补偿款分配不公',
        field: '征地补偿',
        summary: '村里征地补偿款分配方案将外嫁女排除在外，本人户口一直在村，未领到补偿款。',
        requests: '要求按村集体经济组织成员标准分配补偿款。',
        unit: '农业农村办',
        channel: 'visit',
      },
      cw.before(acc, 2),
    );
    acceptAndAssign(s, acc, '农业农村办', kit.userId('cun02'));
    s.act(cw.between(acc, 0.45), 'cun02', 'investigate', {
      heardOn: cw.between(acc, 0.45),
      findings: '经核查，信访人户籍在本村且未在他处取得集体经济组织成员资格，村委会正在重新拟定分配方案。',
    });
  }
  petition(
    {
      village: 1,
      title: '反映村集体厂房租金收支未公开',
      field: '村务公开',
      summary: '村集体厂房出租多年，租金收支从未向村民公开。',
      requests: '要求公开租金收支。',
      unit: '农业农村办',
      channel: 'visit',
      by: 'cun02',
      peopleCount: 6,
    },
    cw.back(1),
  );
  {
    const s = petition(
      {
        village: 1,
        title: '反映自来水水压不足',
        field: '供水',
        summary: '本组地势较高，自来水水压长期不足，早晚用水高峰时段无水可用。',
        requests: '要求加装增压设施。',
        unit: '农业农村办',
        channel: 'phone',
      },
      cw.back(9),
    );
    acceptAndAssign(s, cw.back(8), '农业农村办', kit.userId('cun02'));
    s.act(cw.back(3), 'cun02', 'investigate', {
      heardOn: cw.back(3),
      findings: '已到信访人家中测量水压，高峰时段末端水压明显偏低，已联系供水公司到场查看。',
    });
  }
  // 8. A collective matter that needs a third-party test: the extension waits for the leader.
  {
    const acc = handlingFrom(cw.ahead(6));
    const s = petition(
      {
        village: 6,
        title: '反映村道硬化路面开裂塌陷',
        field: '农村公路',
        summary: '石塘村通组道路去年硬化，多处开裂、塌陷，雨天积水，群众出行困难。',
        requests: '要求施工单位返工修复，并公开工程验收情况。',
        unit: '农业农村办',
        channel: 'visit',
        peopleCount: 8,
      },
      cw.before(acc, 1),
    );
    acceptAndAssign(s, acc, '农业农村办');
    s.act(cw.between(acc, 0.4), 'xinfang', 'investigate', {
      heardOn: cw.between(acc, 0.4),
      findings: '经实地查看，开裂面积约150平方米，工程尚在质保期内，需委托第三方检测确定原因。',
    });
    s.act(cw.between(acc, 1), 'xinfang', 'request_approval:extend', {
      length: 30,
      reason: '需要委托第三方检测并组织施工单位、监理单位会商，情况复杂',
    });
  }
  // 9. Being looked into by the 执法队 through the 信访办, within time.
  {
    const s = petition(
      {
        village: 7,
        title: '反映邻居加盖房屋影响采光',
        field: '违法建设',
        summary: '邻居在原有房屋上加盖第三层，未见规划许可，严重影响采光和通风。',
        requests: '要求依法查处违法加层。',
        unit: '综合行政执法队',
        channel: 'online',
      },
      cw.back(20),
    );
    acceptAndAssign(s, cw.back(18), '综合行政执法队');
    s.act(cw.back(10), 'xinfang', 'investigate', {
      heardOn: cw.back(11),
      findings: '执法队现场核查，加盖部分未取得乡村建设规划许可证，已立案调查。',
    });
  }
}
