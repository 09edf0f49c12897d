/**
 * The demo's present: the weeks before `now` at 湾头桥镇, so an official who logs in finds a
 * town at work rather than a finished 2023. About a dozen disputes and eight petitions
 * registered in the last eight weeks across the villages, left in open states with their
 * clocks running: most within time, a few due in the next working days, one or two a few
 * days overdue, a high-risk dispute waiting for a leader's 包案 and a petition waiting for
 * the leader's approval of an extension.
 *
 * Every step goes through `CaseService` as the demo user at a past office hour, and the
 * dates are worked back from `now` on the town's working-day calendar, so every clock is
 * what the engine computes. `now` is an argument (the caller's clock): the seed never reads
 * the time itself. Deterministic for a given `now`.
 */
import { addPeriod, CreateCaseBodySchema, idCardCheckChar, shanghaiDate } from '@fazhi/domain';
import type { CaseAccess } from '../cases/access.ts';
import type { CoreServices } from '../core/module.ts';
import { sweepBreaches } from '../jobs/sweep.ts';
import type { AuditEntry } from '../platform/audit.ts';
import { DEMO_VILLAGES } from '../seed/demo.ts';
import { demoAccess } from '../seed/demo-access.ts';

export interface PresentDemoResult {
  mediation: number;
  petitions: number;
  steps: number;
}

type Who = 'tiaojie' | 'sifasuo' | 'xinfang' | 'leader' | 'cun01' | 'cun02';

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const at = (d: string, minutes: number) => new Date(Date.parse(`${d}T08:30:00+08:00`) + minutes * 60_000);

// ── People (顺序码 960+: the year's demo people use 002… and 900–959) ───────────────────

interface Person {
  name: string;
  idNumber: string;
  phone: string;
  address: string;
  unitId: string;
}

const PEOPLE: [name: string, birth: string, male: boolean][] = [
  ['沈国良', '19640312', true],
  ['钱月娥', '19710825', false],
  ['蒋志华', '19820117', true],
  ['韩秀芳', '19580930', false],
  ['方建明', '19690704', true],
  ['邹春燕', '19880216', false],
  ['潘德兴', '19550508', true],
  ['俞美娟', '19760311', false],
  ['金宏伟', '19850923', true],
  ['傅阿三', '19520101', true],
  ['盛丽华', '19790618', false],
  ['戴永根', '19610427', true],
  ['顾雪琴', '19730209', false],
  ['魏长林', '19661120', true],
  ['董小平', '19900514', true],
  ['叶彩霞', '19680805', false],
  ['任国富', '19590722', true],
  ['范金凤', '19740130', false],
  ['陆建新', '19830406', true],
  ['严桂香', '19570918', false],
  ['柴文龙', '19870227', true],
  ['汤爱娣', '19620613', false],
  ['应海军', '19781031', true],
  ['葛素珍', '19650419', false],
  ['屠明华', '19800825', true],
  ['缪秀珠', '19720107', false],
  ['阮国平', '19600316', true],
  ['项丽君', '19840729', false],
  ['岑建平', '19630215', true],
  ['褚翠英', '19700921', false],
  ['楼伟东', '19810603', true],
  ['骆金娣', '19560828', false],
  ['詹永强', '19770412', true],
  ['滕月仙', '19670116', false],
  ['童国栋', '19891108', true],
  ['卓秀云', '19740527', false],
  ['邵根宝', '19530319', true],
  ['凌巧玲', '19860731', false],
  ['宣志刚', '19710204', true],
  ['鲍银花', '19601012', false],
  ['郁建忠', '19680925', true],
  ['裘晓燕', '19830118', false],
];

// ── The dates, worked back from now on the working-day calendar ──────────────────────────

interface Clockwork {
  today: string;
  isWorkday: (d: string) => boolean;
  /** The working day `n` working days before today. */
  back: (n: number) => string;
  /** The working day `n` working days after today. */
  ahead: (n: number) => string;
  /** The working day `n` working days before `day`. */
  before: (day: string, n: number) => string;
  /**
   * A working day `frac` of the way from `from` to today, strictly after `from` when there is
   * room and never later than the last working day: for the steps between a start worked
   * back from a clock and now.
   */
  between: (from: string, frac: number) => string;
  /**
   * The working day before today from which a clock of `length` `unit` falls due nearest
   * to `target` (never already overdue when the target is not): the day a case must have
   * started for its clock to read what the demo wants today. Officials act on working days,
   * so a target behind a holiday is reached only as near as the calendar allows.
   */
  startFor: (unit: 'd' | 'wd' | 'month', length: number, target: string) => string;
}

function clockwork(
  isWorkday: (d: string) => boolean,
  due: (unit: 'd' | 'wd' | 'month', length: number, from: string) => string,
  today: string,
): Clockwork {
  const step = (from: string, n: number, dir: 1 | -1) => {
    let d = from;
    for (let k = 0; k < n; ) {
      d = addDays(d, dir);
      if (isWorkday(d)) k++;
    }
    return d;
  };
  const back = (n: number) => step(today, n, -1);
  const ahead = (n: number) => step(today, n, 1);
  return {
    today,
    isWorkday,
    back,
    ahead,
    before: (day, n) => step(day, n, -1),
    between(from, frac) {
      const days: string[] = [];
      for (let d = step(from, 1, 1); d < today; d = step(d, 1, 1)) days.push(d);
      if (days.length === 0) return from;
      return days[Math.min(days.length - 1, Math.floor(frac * days.length))]!;
    },
    startFor(unit, length, target) {
      const dayNo = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
      let best: { day: string; off: number } | null = null;
      for (let d = back(1); d >= addDays(today, -140); d = addDays(d, -1)) {
        if (!isWorkday(d)) continue;
        const dd = due(unit, length, d);
        if (target >= today ? dd < today : dd >= today) continue;
        const off = Math.abs(dayNo(dd) - dayNo(target));
        if (!best || off < best.off) best = { day: d, off };
      }
      return best?.day ?? back(1);
    },
  };
}

// ── Steps ────────────────────────────────────────────────────────────────────────────────

interface Step {
  at: Date;
  order: number;
  run: () => Promise<void>;
}

export async function seedPresentDemo(services: CoreServices, opts: { now: Date }): Promise<PresentDemoResult> {
  const { now } = opts;
  const { cases } = services;
  const db = services.database.db;
  const who = {} as Record<Who, CaseAccess>;
  for (const u of ['tiaojie', 'sifasuo', 'xinfang', 'leader', 'cun01', 'cun02'] as const) {
    who[u] = await demoAccess(db, u, services.registry);
  }
  const townId = who.tiaojie.auth.townId ?? who.tiaojie.townIds[0]!;
  const calendar = await services.calendars.forTown(townId);
  const cw = clockwork(
    (d) => calendar.isWorkday(d),
    (unit, length, from) => addPeriod(calendar, { unit, length, from }).due,
    shanghaiDate(now),
  );
  const units = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('town_id', '=', townId)
    .where(
      'name',
      'in',
      DEMO_VILLAGES.map((v) => v.name),
    )
    .execute();
  const unitOf = (i: number) => {
    const name = DEMO_VILLAGES[i % DEMO_VILLAGES.length]!.name;
    return { id: String(units.find((u) => u.name === name)!.id), short: name.replace(/村民委员会|居民委员会/, '') };
  };

  let nextPerson = 0;
  const person = (village: number): Person => {
    const i = nextPerson++;
    const [name, birth, male] = PEOPLE[i % PEOPLE.length]!;
    const v = unitOf(village);
    const first17 = `339901${birth}${String(960 + i * 2 + (male ? 1 : 0)).slice(-3)}`;
    return {
      name,
      idNumber: first17 + idCardCheckChar(first17),
      phone: `138${String(57_360_000 + i * 7_919).padStart(8, '0')}`,
      address: v.short.endsWith('社区')
        ? `示范县湾头桥镇${v.short}${3 + (i % 17)}幢${1 + (i % 5)}0${1 + (i % 3)}室`
        : `示范县湾头桥镇${v.short}${1 + (i % 8)}组${5 + ((i * 7) % 50)}号`,
      unitId: v.id,
    };
  };

  const audit =
    (a: CaseAccess, t: Date) =>
    (action: string, target: string, details?: Record<string, unknown>): AuditEntry => ({
      chainId: a.auth.chainId,
      at: t,
      actorId: a.auth.userId,
      actorName: a.auth.displayName,
      unitId: a.auth.primaryUnit?.id ?? null,
      unitName: a.auth.primaryUnit?.name ?? null,
      ip: null,
      action,
      target,
      outcome: 'success',
      details: { ...details, source: '演示数据' },
    });
  const version = async (id: number) =>
    (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  const steps: Step[] = [];
  let order = 0;
  /** One case's steps: each on a given day, a little after the one before. */
  const story = (title: string) => {
    const c = { id: 0 };
    let day = '';
    let minute = 0;
    const push = (d: string, run: (t: Date) => Promise<void>, label: string) => {
      if (d !== day) {
        day = d;
        minute = 20 + ((title.length * 37 + steps.length * 53) % 300);
      } else minute += 12;
      const t = at(day, minute);
      if (t >= now) throw new Error(`演示数据（${title}）「${label}」的时间 ${t.toISOString()} 不早于当前时间`);
      steps.push({
        at: t,
        order: order++,
        run: async () => {
          try {
            await run(t);
          } catch (e) {
            throw new Error(
              `演示数据（${title}）在${shanghaiDate(t)}「${label}」失败：${e instanceof Error ? e.message : e}`,
            );
          }
        },
      });
    };
    return {
      create(d: string, as: Who, body: unknown) {
        push(
          d,
          async (t) => {
            c.id = await cases.create(who[as], CreateCaseBodySchema.parse(body), t, audit(who[as], t));
          },
          'create',
        );
        return this;
      },
      doc(d: string, as: Who, kind: string, input?: Record<string, unknown>) {
        push(
          d,
          async (t) => {
            await cases.issueDocument(
              who[as],
              c.id,
              { version: await version(c.id), kind, ...(input ? { input } : {}) },
              t,
              audit(who[as], t),
            );
          },
          kind,
        );
        return this;
      },
      act(d: string, as: Who, action: string, input?: Record<string, unknown>) {
        push(
          d,
          async (t) => {
            await cases.act(who[as], c.id, action, { version: await version(c.id), input }, t, audit(who[as], t));
          },
          action,
        );
        return this;
      },
    };
  };

  const ids = { tiaojie: String(who.tiaojie.auth.userId), sifasuo: String(who.sifasuo.auth.userId) };
  const cun = { cun01: String(who.cun01.auth.userId), cun02: String(who.cun02.auth.userId) };
  const TOWN_COMMITTEE = '湾头桥镇人民调解委员会';

  // ── Disputes ──────────────────────────────────────────────────────────────────────────

  interface Dispute {
    village: number;
    type: string;
    title: (a: Person, b: Person) => string;
    summary: (a: Person, b: Person) => string;
    requests: string;
    channel: string;
    peopleCount?: number;
    amount?: number;
    violence?: boolean;
    by?: Who;
    respondentOrg?: { name: string; idNumber?: string };
  }
  const mediation = (d: Dispute, received: string) => {
    const a = person(d.village);
    const b = person(d.village);
    const title = d.title(a, b);
    const s = story(title);
    const v = unitOf(d.village);
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
      .act(day, 'tiaojie', 'assign', { assigneeId: ids[mediator], coMediators: ['李秀英'] });
  const session = (m: ReturnType<typeof mediation>, day: string, mediator: 'tiaojie' | 'sifasuo', summary: string) => {
    const place = `${m.v.short}调解室`;
    m.s
      .doc(day, mediator, 'session_record', { date: day, place, content: summary })
      .act(day, mediator, 'record_session', { date: day, place, attendees: [m.a.name, m.b.name], summary });
  };

  const dispute: Dispute[] = [
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

  // Where each dispute stands today. Dates are worked back from the clocks they should show.
  const monthDue = (target: string) => cw.startFor('month', 1, target);
  // 1. Registered at the counter the last working day, to be accepted.
  mediation(dispute[0]!, cw.back(1));
  // 2. Reported by 湾头村 the same day: the centre accepts or declines.
  mediation(dispute[1]!, cw.back(1));
  {
    // 3. Accepted, waiting to be routed (the mediation month runs).
    const d = cw.back(3);
    accept(mediation(dispute[2]!, d), d);
  }
  {
    // 4. Accepted and routed, waiting for a mediator.
    const d = cw.back(6);
    const m = mediation(dispute[3]!, d);
    accept(m, d);
    m.s.act(cw.back(5), 'tiaojie', 'route', { route: 'people', committee: '东港社区人民调解委员会' });
  }
  {
    // 5. In mediation at the centre, well within the month.
    const d = cw.back(12);
    const m = mediation(dispute[4]!, d);
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
    const m = mediation(dispute[5]!, acc);
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
    const m = mediation(dispute[6]!, d);
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
    const m = mediation(dispute[7]!, acc);
    accept(m, acc);
    route(m, acc, 'tiaojie');
    session(m, cw.between(acc, 0.4), 'tiaojie', '到鱼塘现场查看渗漏情况，双方同意委托水产站评估减产损失。');
  }
  {
    // 9. Passage blocked: the parties agreed to go on; the extension waits for the 司法所 (or a leader).
    const acc = monthDue(cw.ahead(3));
    const m = mediation(dispute[8]!, acc);
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
    const m = mediation(dispute[9]!, d);
    accept(m, d);
    route(m, d, 'tiaojie');
    const sd = cw.back(5);
    session(m, sd, 'tiaojie', '释明饲养动物损害责任，双方就赔偿数额达成一致。');
    const due = cw.ahead(1);
    const terms = `一、${m.b.name}赔偿${m.a.name}医疗费、交通费等共计2600元，于${due}前一次性付清。\n二、${m.b.name}今后拴养犬只。`;
    m.s
      .doc(sd, 'tiaojie', 'agreement', {
        facts: dispute[9]!.summary(m.a, m.b),
        disputedMatters: dispute[9]!.requests,
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
    const m = mediation(dispute[10]!, d);
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
    const m = mediation(dispute[11]!, d);
    accept(m, d);
    route(m, d, 'tiaojie', '湾头村人民调解委员会');
    session(m, cw.back(11), 'tiaojie', '听取兄弟二人陈述，查看老屋及宅基地现状，邀请族中长辈参与。');
    session(m, cw.back(4), 'tiaojie', '提出按面积均分、差价补偿的方案，双方表示回去与家人商量。');
  }

  // ── Petitions ─────────────────────────────────────────────────────────────────────────

  interface Matter {
    village: number;
    title: string;
    field: string;
    summary: string;
    requests: string;
    unit: string;
    channel: string;
    by?: Who;
    peopleCount?: number;
  }
  let petitions = 0;
  const petition = (m: Matter, received: string) => {
    petitions++;
    const p = person(m.village);
    const v = unitOf(m.village);
    const s = story(m.title);
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
    acceptAndAssign(s, cw.back(22), '自然资源和规划办', cun.cun01);
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
    acceptAndAssign(s, cw.back(4), '农业农村办', cun.cun01);
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
    acceptAndAssign(s, acc, '农业农村办', cun.cun02);
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
    acceptAndAssign(s, cw.back(8), '农业农村办', cun.cun02);
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

  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const st of steps) await st.run();
  // What the server's sweep would have recorded by now: the overdue clocks' breach events.
  await sweepBreaches(db, services.registry, services.calendars, now);
  return { mediation: dispute.length, petitions: petitions, steps: steps.length };
}
