/**
 * The demo year's contracts (DecisionsPart.demo.year): twenty for 2023 (the seed report's year; one
 * 修改后同意 and one 不同意, the two "changed on review"), six for a later year, each taken through
 * the case service as the departments and the 司法所 would, on working days of the town's
 * calendar: registered, submitted, reviewed within the town's limit with the 合同审查意见书,
 * signed with the signed text attached, milestones marked and, when the term has ended by the
 * simulation's end, 履行完毕. Four are reviewed by the legal adviser, whose opinion on each is
 * added to the advisers' register (../advisers/service.ts).
 */
import { addPeriod, type Calendar, CreateCaseBodySchema, usccCheckChar } from '@fazhi/domain';
import { officeHour } from '../../../core/demo.ts';
import type { CoreServices, DemoYearContext } from '../../../core/module.ts';
import { demoAccess, demoAuditor } from '../../../seed/demo-access.ts';
import { DEMO_ADVISER } from '../advisers/demo.ts';
import { AdviserService, adviserAccess } from '../advisers/service.ts';

type Dept = 'fazhiban' | 'zhifa' | 'anjian' | 'ziran' | 'tiaojie' | 'xinfang';

interface DemoContract {
  dept: Dept;
  name: string;
  counterparty: string;
  /** The last 7 characters before the check character of the credit code; null: a natural person. */
  code: string | null;
  amount: number;
  kind: string;
  procurement: string;
  /** Month and day submitted, and the term in months from signing. */
  md: string;
  months: number;
  outcome?: 'amend' | 'disagree';
  adviser?: boolean;
  milestones?: string[];
}

const C2023: DemoContract[] = [
  {
    dept: 'fazhiban',
    name: '镇政府机关食堂餐饮服务合同',
    counterparty: '示范县味佳餐饮管理有限公司',
    code: 'A1B2C31',
    amount: 360000,
    kind: 'service',
    procurement: 'inquiry',
    md: '01-09',
    months: 12,
  },
  {
    dept: 'fazhiban',
    name: '镇政府机关物业管理服务合同',
    counterparty: '示范县安居物业服务有限公司',
    code: 'A1B2C32',
    amount: 286000,
    kind: 'service',
    procurement: 'negotiation',
    md: '01-16',
    months: 12,
  },
  {
    dept: 'ziran',
    name: '湾头村道路硬化工程施工合同',
    counterparty: '示范县宏达建设工程有限公司',
    code: 'A1B2C33',
    amount: 1860000,
    kind: 'construction',
    procurement: 'open_tender',
    md: '02-20',
    months: 6,
    adviser: true,
    milestones: ['开工', '主体完工', '竣工验收'],
  },
  {
    dept: 'anjian',
    name: '安全生产第三方技术服务合同',
    counterparty: '示范安评技术服务有限公司',
    code: 'A1B2C34',
    amount: 98000,
    kind: 'service',
    procurement: 'inquiry',
    md: '02-27',
    months: 10,
  },
  {
    dept: 'zhifa',
    name: '执法记录仪及执法终端采购合同',
    counterparty: '示范县科创电子有限公司',
    code: 'A1B2C35',
    amount: 64500,
    kind: 'procurement',
    procurement: 'inquiry',
    md: '03-06',
    months: 2,
  },
  {
    dept: 'fazhiban',
    name: '政府法律顾问服务合同',
    counterparty: '示范县正衡律师事务所',
    code: 'A1B2C36',
    amount: 80000,
    kind: 'service',
    procurement: 'single_source',
    md: '01-04',
    months: 36,
  },
  {
    dept: 'ziran',
    name: '桥东村农田水利设施修缮工程合同',
    counterparty: '示范县水利建筑工程有限公司',
    code: 'A1B2C37',
    amount: 742000,
    kind: 'construction',
    procurement: 'invited_tender',
    md: '03-20',
    months: 5,
    outcome: 'amend',
    adviser: true,
    milestones: ['开工', '竣工验收'],
  },
  {
    dept: 'tiaojie',
    name: '矛调中心视频调解系统运维服务合同',
    counterparty: '示范县信通网络科技有限公司',
    code: 'A1B2C38',
    amount: 45000,
    kind: 'service',
    procurement: 'inquiry',
    md: '04-03',
    months: 12,
  },
  {
    dept: 'xinfang',
    name: '信访接待大厅改造工程合同',
    counterparty: '示范县美居装饰工程有限公司',
    code: 'A1B2C39',
    amount: 168000,
    kind: 'construction',
    procurement: 'negotiation',
    md: '04-17',
    months: 3,
  },
  {
    dept: 'fazhiban',
    name: '镇区闲置办公用房租赁合同',
    counterparty: '陈某',
    code: null,
    amount: 36000,
    kind: 'lease',
    procurement: 'not_applicable',
    md: '05-08',
    months: 24,
  },
  {
    dept: 'ziran',
    name: '镇区集贸市场迁建项目合作协议',
    counterparty: '示范县城乡发展投资有限公司',
    code: 'A1B2C40',
    amount: 5200000,
    kind: 'cooperation',
    procurement: 'not_applicable',
    md: '05-22',
    months: 24,
    outcome: 'disagree',
    adviser: true,
  },
  {
    dept: 'ziran',
    name: '湾头村宅基地房屋征收补偿协议',
    counterparty: '王某',
    code: null,
    amount: 428600,
    kind: 'administrative',
    procurement: 'not_applicable',
    md: '06-05',
    months: 4,
    adviser: true,
  },
  {
    dept: 'anjian',
    name: '微型消防站器材采购合同',
    counterparty: '示范县平安消防器材有限公司',
    code: 'A1B2C41',
    amount: 52800,
    kind: 'procurement',
    procurement: 'inquiry',
    md: '06-19',
    months: 1,
  },
  {
    dept: 'zhifa',
    name: '违法建设拆除劳务服务合同',
    counterparty: '示范县力行劳务服务有限公司',
    code: 'A1B2C42',
    amount: 120000,
    kind: 'service',
    procurement: 'negotiation',
    md: '07-03',
    months: 12,
  },
  {
    dept: 'fazhiban',
    name: '政务信息化设备维保合同',
    counterparty: '示范县信通网络科技有限公司',
    code: 'A1B2C38',
    amount: 38000,
    kind: 'service',
    procurement: 'inquiry',
    md: '07-17',
    months: 12,
  },
  {
    dept: 'ziran',
    name: '农村人居环境整治保洁服务合同',
    counterparty: '示范县洁美环境服务有限公司',
    code: 'A1B2C43',
    amount: 960000,
    kind: 'service',
    procurement: 'open_tender',
    md: '08-07',
    months: 12,
    milestones: ['第一季度考核', '第二季度考核'],
  },
  {
    dept: 'tiaojie',
    name: '人民调解员业务培训服务合同',
    counterparty: '示范县职业技能培训学校',
    code: 'A1B2C44',
    amount: 28000,
    kind: 'service',
    procurement: 'inquiry',
    md: '08-21',
    months: 2,
  },
  {
    dept: 'anjian',
    name: '重点企业安全隐患排查服务合同',
    counterparty: '示范安评技术服务有限公司',
    code: 'A1B2C34',
    amount: 76000,
    kind: 'service',
    procurement: 'inquiry',
    md: '09-11',
    months: 3,
  },
  {
    dept: 'fazhiban',
    name: '镇级公共法律服务站建设采购合同',
    counterparty: '示范县美居装饰工程有限公司',
    code: 'A1B2C39',
    amount: 88000,
    kind: 'procurement',
    procurement: 'inquiry',
    md: '10-09',
    months: 2,
  },
  {
    dept: 'xinfang',
    name: '信访事项第三方评估服务合同',
    counterparty: '示范县社会治理研究中心',
    code: 'A1B2C45',
    amount: 30000,
    kind: 'service',
    procurement: 'single_source',
    md: '11-06',
    months: 2,
  },
];

const CLATER: DemoContract[] = [
  {
    dept: 'fazhiban',
    name: '镇政府机关食堂餐饮服务合同',
    counterparty: '示范县味佳餐饮管理有限公司',
    code: 'A1B2C31',
    amount: 372000,
    kind: 'service',
    procurement: 'inquiry',
    md: '01-08',
    months: 12,
  },
  {
    dept: 'ziran',
    name: '桥东村村道拓宽工程施工合同',
    counterparty: '示范县宏达建设工程有限公司',
    code: 'A1B2C33',
    amount: 1280000,
    kind: 'construction',
    procurement: 'open_tender',
    md: '03-11',
    months: 6,
    outcome: 'amend',
    adviser: true,
    milestones: ['开工', '竣工验收'],
  },
  {
    dept: 'anjian',
    name: '安全生产第三方技术服务合同',
    counterparty: '示范安评技术服务有限公司',
    code: 'A1B2C34',
    amount: 99000,
    kind: 'service',
    procurement: 'inquiry',
    md: '03-25',
    months: 10,
  },
  {
    dept: 'zhifa',
    name: '执法车辆租赁合同',
    counterparty: '示范县通达汽车租赁有限公司',
    code: 'A1B2C46',
    amount: 86000,
    kind: 'lease',
    procurement: 'inquiry',
    md: '05-13',
    months: 12,
  },
  {
    dept: 'tiaojie',
    name: '矛调中心视频调解系统运维服务合同',
    counterparty: '示范县信通网络科技有限公司',
    code: 'A1B2C38',
    amount: 45000,
    kind: 'service',
    procurement: 'inquiry',
    md: '06-17',
    months: 12,
  },
  {
    dept: 'fazhiban',
    name: '政务信息化设备维保合同',
    counterparty: '示范县信通网络科技有限公司',
    code: 'A1B2C38',
    amount: 39000,
    kind: 'service',
    procurement: 'inquiry',
    md: '09-09',
    months: 12,
  },
];

/** A valid 统一社会信用代码 (GB 32100-2015) of the demo county from seven characters. */
export function demoCreditCode(body: string): string {
  const first = `91330100MA${body}`;
  return first + usccCheckChar(first);
}

const SIGNED_TEXT = Buffer.from('%PDF-1.4\n% 演示：签订后的合同文本\n', 'utf8');

export async function seedContractDemo(core: CoreServices, ctx: DemoYearContext): Promise<string[]> {
  const db = core.database.db;
  const sifasuo = await demoAccess(db, 'sifasuo', core.registry);
  const townId = sifasuo.auth.townId;
  if (townId == null) return [];
  const calendar: Calendar = await core.calendars.forTown(townId);
  const depts = new Map<Dept, Awaited<ReturnType<typeof demoAccess>>>();
  for (const d of ['fazhiban', 'zhifa', 'anjian', 'ziran', 'tiaojie', 'xinfang'] as const)
    depts.set(d, await demoAccess(db, d, core.registry));
  const advisers = new AdviserService({ db });
  const adviserAcc = await adviserAccess(db, sifasuo.auth);
  const adviser = await db
    .selectFrom('advisers')
    .select('id')
    .where('town_id', '=', townId)
    .where('licence_no', '=', DEMO_ADVISER.licenceNo)
    .executeTakeFirst();

  const y = ctx.year;
  const workday = (d: string) => {
    let x = d;
    while (!calendar.isWorkday(x)) x = addPeriod(calendar, { unit: 'd', from: x, length: 1 }).due;
    return x;
  };
  const wd = (d: string, n: number) => addPeriod(calendar, { unit: 'wd', from: d, length: n }).due;
  const months = (d: string, n: number) => {
    const [yy, mm, dd] = d.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(yy, mm - 1 + n, Math.min(dd, 28)));
    return t.toISOString().slice(0, 10);
  };

  let seq = 0;
  const counts = { made: 0, amend: 0, disagree: 0, signed: 0, completed: 0 };
  for (const c of y === 2023 ? C2023 : CLATER) {
    const who = depts.get(c.dept)!;
    const submitted = workday(`${y}-${c.md}`);
    const reviewed = wd(submitted, c.outcome ? 4 : 2 + (seq % 3));
    const signed = wd(reviewed, 3);
    const termFrom = signed;
    const termTo = months(signed, c.months);
    let ok = true;
    const step = async (day: string, fn: (t: Date) => Promise<unknown>) => {
      const t = officeHour(day, 30 + (seq % 7) * 11);
      if (!ok || t > ctx.until) {
        ok = false;
        return;
      }
      await fn(t);
    };
    const version = async (id: number) =>
      (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

    let id = 0;
    await step(submitted, async (t) => {
      id = await core.cases.create(
        who,
        CreateCaseBodySchema.parse({
          type: 'contract',
          title: c.name,
          // The department's own unit: the register and the opinion name who submitted it.
          ...(who.auth.primaryUnit ? { unitId: String(who.auth.primaryUnit.id) } : {}),
          fields: {
            name: c.name,
            counterparty: c.counterparty,
            ...(c.code ? { counterpartyCreditCode: demoCreditCode(c.code) } : {}),
            amount: c.amount,
            termFrom,
            termTo,
            contractKind: c.kind,
            procurement: c.procurement,
          },
        }),
        t,
        demoAuditor(who, t),
      );
      await core.cases.act(
        who,
        id,
        'submit',
        { version: await version(id), input: { submittedOn: submitted } },
        t,
        demoAuditor(who, t),
      );
    });
    if (!id) continue;
    seq++;
    counts.made++;
    const outcome = c.outcome ?? 'agree';
    const reviewer = c.adviser && adviser ? ('adviser' as const) : ('sifasuo' as const);
    const opinion =
      outcome === 'agree'
        ? '相对方主体适格，采购程序符合规定，合同条款合法，权利义务明确。'
        : outcome === 'amend'
          ? '合同主体、程序合法，但违约责任条款对我方约束过重、未约定工程质量保证金，建议修改。'
          : '合作协议约定由镇政府为相对方融资提供担保，违反《中华人民共和国民法典》第六百八十三条关于机关法人不得为保证人的规定，不同意签订。';
    await step(reviewed, async (t) => {
      await core.cases.issueDocument(
        sifasuo,
        id,
        {
          version: await version(id),
          kind: 'review_opinion',
          input: {
            outcome,
            reviewer,
            ...(reviewer === 'adviser' ? { adviserName: DEMO_ADVISER.name } : {}),
            opinion,
            ...(outcome === 'amend'
              ? { amendments: '增加工程质量保证金条款；违约金调整为合同价款的百分之十以内。' }
              : {}),
          },
        },
        t,
        demoAuditor(sifasuo, t),
      );
      const action = `review_${outcome}`;
      await core.cases.act(
        sifasuo,
        id,
        action,
        {
          version: await version(id),
          input: {
            reviewedOn: reviewed,
            reviewer,
            ...(reviewer === 'adviser' ? { adviserName: DEMO_ADVISER.name } : {}),
          },
        },
        t,
        demoAuditor(sifasuo, t),
      );
      if (reviewer === 'adviser' && adviser) {
        await advisers.createOpinion(
          adviserAcc,
          sifasuo,
          {
            adviserId: String(adviser.id),
            givenOn: reviewed,
            subject: `关于《${c.name}》的合同审查意见`,
            kind: 'contract',
            caseId: String(id),
            hours: 2,
            summary: opinion,
          },
          t,
          demoAuditor(sifasuo, t),
        );
      }
    });
    if (!ok) continue;
    if (outcome === 'amend') counts.amend++;
    if (outcome === 'disagree') {
      counts.disagree++;
      continue;
    }
    const milestones = (c.milestones ?? []).map((name, i, all) => ({
      name,
      due: addPeriod(calendar, {
        unit: 'd',
        from: signed,
        length: Math.max(1, Math.round(((i + 1) * (c.months * 30)) / (all.length + 1))),
      }).due,
    }));
    await step(signed, async (t) => {
      await core.cases.attach(
        who,
        id,
        { name: `${c.name}（签订文本）.pdf`, data: SIGNED_TEXT, mime: 'application/pdf' },
        t,
        demoAuditor(who, t),
      );
      await core.cases.act(
        who,
        id,
        'sign',
        {
          version: await version(id),
          input: { signedOn: signed, signedAmount: c.amount, ...(milestones.length ? { milestones } : {}) },
        },
        t,
        demoAuditor(who, t),
      );
    });
    if (!ok) continue;
    counts.signed++;
    for (const m of milestones) {
      await step(workday(m.due), async (t) => {
        await core.cases.act(
          who,
          id,
          'milestone_done',
          { version: await version(id), input: { milestone: m.name, doneOn: workday(m.due) } },
          t,
          demoAuditor(who, t),
        );
      });
    }
    const done = workday(termTo);
    await step(done, async (t) => {
      await core.cases.act(
        who,
        id,
        'complete',
        { version: await version(id), input: { completedOn: done } },
        t,
        demoAuditor(who, t),
      );
      counts.completed++;
    });
  }
  return [
    `合同审查 ${counts.made} 件（修改后同意${counts.amend}件、不同意${counts.disagree}件；签订${counts.signed}件，履行完毕${counts.completed}件）`,
  ];
}
