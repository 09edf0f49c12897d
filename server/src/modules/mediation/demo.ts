/**
 * A year of 矛盾纠纷调解 at the demo town (湾头桥镇, server/src/seed/demo.ts), for the
 * dashboard, the statistics and the annual report to have something true to show.
 *
 * Every case is driven through `CaseService` exactly as a clerk would drive it over HTTP
 * (register → 受理登记表 + accept → route → assign → 笔录 + session … → agreement → follow-up
 * → performed → archive), with `now` set to the simulated 2023 office hour of each step, so
 * events, clocks, document numbers and issue dates are real. The steps of all cases run in
 * one time order, so 文号 and case numbers rise with the dates, and the deadline sweep runs
 * every simulated Monday, so late cases carry real breach events.
 *
 * Deterministic: one seeded PRNG draws every name, ID number, date and outcome.
 *
 * Usage (after `seedDemo`, on an app built over the same database):
 *   const app = await buildApp({ config, database });
 *   await seedMediationDemo(app.services);            // 120 cases of 2023
 *   await seedMediationDemo(app.services, { count: 30, seed: 7 });
 */
import {
  type DISPUTE_TYPE_LABELS,
  idCardCheckChar,
  type MEDIATION_REFERRAL_LABELS,
  type PartyInputSchema,
  shanghaiDate,
  usccCheckChar,
} from '@fazhi/domain';
import type { z } from 'zod';
import { type CaseAccess, caseAccess } from '../../cases/access.ts';
import type { CoreServices } from '../../core/module.ts';
import { sweepBreaches } from '../../jobs/sweep.ts';
import { type AuthContext, chainFor, idFromPath, loadAssignments, permissionsFor } from '../../platform/context.ts';
import { demoAuditor } from '../../seed/demo-access.ts';
import { villageCommittee } from './templates.ts';

export interface MediationDemoOptions {
  /** Calendar year of the cases (default 2023). */
  year?: number;
  /** How many disputes to register (default 120). */
  count?: number;
  /** The last instant the simulation acts at (default: the end of the next year's first quarter). */
  until?: Date;
  /** PRNG seed (default 2023). The same seed gives the same cases. */
  seed?: number;
  /** The demo town (default 湾头桥镇). */
  townName?: string;
  /** Told the fraction of the year's steps done, for the first start's progress page. */
  onProgress?: (fraction: number) => void;
}

export interface MediationDemoResult {
  cases: number;
  documents: number;
  /** Cases per final state. */
  byState: Record<string, number>;
  breaches: number;
}

// ---------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------

class Rng {
  #a: number;
  constructor(seed: number) {
    this.#a = seed >>> 0;
  }
  /** mulberry32: small, fast and good enough for demo data. */
  next(): number {
    this.#a = (this.#a + 0x6d2b79f5) >>> 0;
    let t = this.#a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T extends string>(weights: Record<T, number>): T {
    const entries = Object.entries(weights) as [T, number][];
    let r = this.next() * entries.reduce((s, [, w]) => s + w, 0);
    for (const [k, w] of entries) {
      r -= w;
      if (r < 0) return k;
    }
    return entries.at(-1)![0];
  }
  /** Money rounded to hundreds. */
  money(min: number, max: number): number {
    return Math.round(this.int(min, max) / 100) * 100;
  }
}

// ---------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜钟陆汪金石夏方邹孟熊',
];
const MALE = [...'建国伟强军华明勇志刚永平海峰国庆德福荣贵宝林红卫忠良根生金'].concat([
  '建华',
  '国强',
  '志明',
  '德明',
  '立新',
  '永康',
  '文斌',
  '晓东',
]);
const FEMALE = [...'秀兰英芳玉梅霞丽娟敏静燕红萍桂珍凤琴'].concat([
  '秀英',
  '桂英',
  '玉兰',
  '美华',
  '海燕',
  '春梅',
  '丽萍',
]);
/** The invented county of the demo org tree (server/src/seed/demo.ts): city code 99 does not exist. */
const AREA = '339901';

interface Person {
  name: string;
  male: boolean;
  birth: string;
  idNumber: string;
  phone: string;
  address: string;
  unitId: number;
}

interface Village {
  id: number;
  name: string;
  /** 湾头村 / 东港社区. */
  short: string;
  community: boolean;
  /** The village committee's mediator who sits in with the centre's. */
  mediator: string;
  /** The village officer account of this village, if the demo has one. */
  officer: string | null;
}

class People {
  readonly #used = new Set<string>();
  #seq = 0;
  constructor(private readonly rng: Rng) {}

  name(male: boolean): string {
    for (;;) {
      const given = this.rng.pick(male ? MALE : FEMALE);
      const name = `${this.rng.pick(SURNAMES)}${given}`;
      if (!this.#used.has(name)) {
        this.#used.add(name);
        return name;
      }
    }
  }

  /** A 公民身份号码 with a real birth date and the GB 11643 check character. */
  idNumber(birth: string, male: boolean): string {
    // 顺序码: odd for men, even for women; one per person, so no two demo people share a number.
    this.#seq++;
    const code = (this.#seq * 2 + (male ? 1 : 0)) % 1000;
    const first17 = `${AREA}${birth.replaceAll('-', '')}${String(code).padStart(3, '0')}`;
    return first17 + idCardCheckChar(first17);
  }

  person(v: Village, opts: { male?: boolean; minAge?: number; maxAge?: number; year: number }): Person {
    const male = opts.male ?? this.rng.chance(0.6);
    const age = this.rng.int(opts.minAge ?? 25, opts.maxAge ?? 70);
    const birth = `${opts.year - age}-${pad(this.rng.int(1, 12))}-${pad(this.rng.int(1, 28))}`;
    const phone = `1${this.rng.pick(['33', '35', '37', '38', '39', '50', '58', '59', '77', '80', '87', '88', '89'])}${String(this.rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const address = v.community
      ? `${v.short}${this.rng.int(1, 24)}幢${this.rng.int(1, 6)}0${this.rng.int(1, 4)}室`
      : `${v.short}${this.rng.int(1, 9)}组${this.rng.int(1, 60)}号`;
    return {
      name: this.name(male),
      male,
      birth,
      idNumber: this.idNumber(birth, male),
      phone,
      address,
      unitId: v.id,
    };
  }

  company(kind: string): { name: string; uscc: string; phone: string; address: string } {
    const names = {
      build: ['示范县宏达建筑工程有限公司', '示范县恒信建设有限公司', '示范县顺安市政工程有限公司'],
      factory: ['示范县鑫源家具厂', '湾头桥镇永兴五金加工厂', '示范县佳美服饰有限公司'],
      farm: ['示范县绿野农业开发有限公司', '湾头桥镇丰谷家庭农场'],
      property: ['示范县安居物业服务有限公司'],
    } as const;
    const name = this.rng.pick(names[kind as keyof typeof names] ?? names.factory);
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    let body = '';
    for (let i = 0; i < 9; i++) body += alphabet[this.rng.int(0, alphabet.length - 1)];
    const first17 = `91${AREA}${body}`;
    return {
      name,
      uscc: first17 + usccCheckChar(first17),
      phone: `0571${this.rng.int(5000_0000, 8999_9999)}`,
      address: this.rng.pick(['示范县工业园区纬二路8号', '湾头桥镇工业功能区3号', '示范县城关镇人民路116号']),
    };
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

type DisputeTypeKey = keyof typeof DISPUTE_TYPE_LABELS;
type PartyInput = z.output<typeof PartyInputSchema>;

const party = (role: string, p: Person): PartyInput => ({
  role,
  kind: 'person',
  name: p.name,
  idNumber: p.idNumber,
  phone: p.phone,
  address: p.address,
  unitId: String(p.unitId),
});

// ---------------------------------------------------------------------------
// Disputes: what people in a 镇 actually bring to the centre
// ---------------------------------------------------------------------------

interface Scenario {
  type: DisputeTypeKey;
  title: string;
  summary: string;
  requests: string;
  responsibilities: string;
  /** The agreement's terms; `{due}` is replaced by the performance date. */
  terms: string;
  method: string;
  place: string;
  /** Days from the agreement to the performance date (0 = on the spot). */
  dueDays: number;
  amount?: number;
  peopleCount: number;
  parties: PartyInput[];
  /** Where it goes if the centre refers it out. */
  referral: keyof typeof MEDIATION_REFERRAL_LABELS;
  referralOrg: string;
  violence?: boolean;
  linkedPetitionCount?: number;
}

interface ScenarioInput {
  rng: Rng;
  people: People;
  v: Village;
  year: number;
  date: string;
}

type ScenarioFn = (s: ScenarioInput) => Scenario;

const COURT = '示范县人民法院';

const SCENARIOS: Record<DisputeTypeKey, ScenarioFn[]> = {
  neighbor: [
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year });
      const b = people.person(v, { year });
      return {
        type: 'neighbor',
        title: `${a.name}与${b.name}排水纠纷`,
        summary: `${a.name}与${b.name}系${v.short}前后邻居。${b.name}家新修的排水沟将生活污水排向${a.name}家院墙一侧，雨天积水渗入墙基，双方多次争吵。`,
        requests: `请求${b.name}改建排水沟，停止向其院墙一侧排水。`,
        responsibilities: `${b.name}修建排水沟未考虑相邻方利益，对纠纷负主要责任；${a.name}在交涉中言语过激，负次要责任。`,
        terms: `一、${b.name}于{due}前自费将排水沟改道接入村道边沟，不再向${a.name}院墙一侧排水。\n二、${a.name}配合施工，提供必要便利。\n三、双方互谅互让，今后不得再因此事发生争执。`,
        method: `${b.name}自行组织施工`,
        place: `${a.address}西侧`,
        dueDays: rng.int(7, 20),
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year });
      const b = people.person(v, { year });
      return {
        type: 'neighbor',
        title: `${a.name}与${b.name}通行纠纷`,
        summary: `${b.name}在两家屋后公共通道上堆放建材并砌筑矮墙，致${a.name}家农用车无法通行，${a.name}要求清除，${b.name}称通道系其自留地。`,
        requests: '请求清除通道上的堆放物，拆除矮墙，恢复通行。',
        responsibilities: `经村民小组长现场指认，该通道系集体所有的公共通道，${b.name}堆放建材、砌墙阻碍通行，对纠纷负全部责任。`,
        terms: `一、${b.name}于{due}前清除通道上堆放的建材，拆除矮墙，恢复不少于1.5米宽的通道。\n二、双方今后均不得在该通道上堆放物品。`,
        method: `${b.name}自行清除、拆除`,
        place: `${v.short}屋后公共通道`,
        dueDays: rng.int(3, 10),
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'administrative',
        referralOrg: '湾头桥镇综合行政执法队',
      };
    },
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year, male: false });
      const b = people.person(v, { year });
      const amount = rng.money(800, 3500);
      return {
        type: 'neighbor',
        title: `${a.name}与${b.name}犬只伤人纠纷`,
        summary: `${b.name}饲养的犬只未拴养，咬伤${a.name}之子小腿，${a.name}垫付狂犬疫苗及治疗费用，要求${b.name}赔偿并拴养犬只，双方发生争吵并有推搡。`,
        requests: `请求${b.name}赔偿医疗费、交通费等${amount}元，并拴养犬只。`,
        responsibilities: `${b.name}未履行犬只管理义务，对损害负全部责任（《中华人民共和国民法典》第一千二百四十五条）。`,
        terms: `一、${b.name}赔偿${a.name}医疗费、交通费等共计${amount}元，于{due}前一次性付清。\n二、${b.name}今后拴养犬只，并按规定办理犬只登记。`,
        method: '现金或转账一次性支付',
        place: `${v.short}村委会`,
        dueDays: rng.int(0, 7),
        amount,
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'litigation',
        referralOrg: COURT,
        violence: rng.chance(0.3),
      };
    },
  ],
  land: [
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year, minAge: 40 });
      const b = people.person(v, { year, minAge: 35 });
      const amount = rng.money(600, 2000);
      return {
        type: 'land',
        title: `${a.name}与${b.name}宅基地边界纠纷`,
        summary: `${a.name}与${b.name}系${v.short}相邻住户。${b.name}翻建房屋时将东侧围墙向${a.name}宅基地一侧外移约0.8米，并损坏${a.name}菜地青苗，双方多次交涉未果。`,
        requests: `请求${b.name}拆除越界围墙，恢复原宅基地边界，赔偿青苗损失${amount}元。`,
        responsibilities: `${b.name}翻建围墙未按宅基地使用证四至施工，对纠纷负主要责任；${a.name}在交涉中言语过激，负次要责任。`,
        terms: `一、${b.name}于{due}前自行拆除越界围墙，按宅基地使用证四至恢复边界。\n二、${b.name}赔偿${a.name}青苗损失${amount}元，于协议签订当日付清。\n三、双方今后和睦相处。`,
        method: `${b.name}自行拆除围墙；赔偿款现金支付`,
        place: `${v.short}双方住宅处`,
        dueDays: rng.int(15, 40),
        amount,
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'administrative',
        referralOrg: '湾头桥镇自然资源和规划办',
      };
    },
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year, minAge: 45 });
      const b = people.person(v, { year, minAge: 45 });
      return {
        type: 'land',
        title: `${a.name}与${b.name}承包地界址纠纷`,
        summary: `${a.name}与${b.name}的承包地相邻，${b.name}翻耕时将田埂向${a.name}一侧移动约0.5米，${a.name}认为侵占其承包地，双方在田间发生争执。`,
        requests: '请求按二轮承包台账恢复原田埂界址。',
        responsibilities: `${b.name}擅自移动田埂，对纠纷负主要责任。`,
        terms: `一、由村民小组长按二轮土地承包台账现场指界，${b.name}于{due}前将田埂恢复至原界址。\n二、双方今后不得擅自移动田埂。`,
        method: '村民小组长现场指界，双方共同恢复',
        place: `${v.short}承包地现场`,
        dueDays: rng.int(5, 15),
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'arbitration',
        referralOrg: '示范县农村土地承包仲裁委员会',
      };
    },
    ({ rng, people, v, year }) => {
      const households = rng.int(5, 12);
      const reps = [people.person(v, { year, minAge: 45 }), people.person(v, { year, minAge: 45 })];
      const farm = people.company('farm');
      const amount = rng.money(40_000, 160_000);
      return {
        type: 'land',
        title: `${v.short}${households}户农户与${farm.name}土地流转费纠纷`,
        summary: `${v.short}${households}户农户将承包地流转给${farm.name}种植，该公司以经营亏损为由拖欠${year - 1}年度流转费共计${amount}元，农户多次到村委会反映，情绪激动。`,
        requests: `请求${farm.name}支付拖欠的流转费${amount}元。`,
        responsibilities: `${farm.name}未按流转合同约定支付流转费，应承担违约责任。`,
        terms: `一、${farm.name}于{due}前向${households}户农户支付拖欠的流转费共计${amount}元，由村股份经济合作社代为发放。\n二、此后按合同约定每年12月31日前支付当年流转费。`,
        method: '转账至村股份经济合作社账户，由其代为发放',
        place: `${v.short}村委会`,
        dueDays: rng.int(20, 45),
        amount,
        peopleCount: households,
        parties: [
          party('applicant', reps[0]!),
          party('applicant', reps[1]!),
          {
            role: 'respondent',
            kind: 'org',
            name: farm.name,
            idNumber: farm.uscc,
            phone: farm.phone,
            address: farm.address,
          },
        ],
        referral: 'arbitration',
        referralOrg: '示范县农村土地承包仲裁委员会',
        linkedPetitionCount: rng.chance(0.4) ? 1 : 0,
      };
    },
  ],
  marriage_family: [
    ({ rng, people, v, year }) => {
      const parent = people.person(v, { year, minAge: 72, maxAge: 88 });
      const c1 = people.person(v, { year, minAge: 42, maxAge: 58, male: true });
      const c2 = people.person(v, { year, minAge: 40, maxAge: 56, male: true });
      const monthly = rng.pick([300, 400, 500, 600]);
      return {
        type: 'marriage_family',
        title: `${parent.name}赡养纠纷`,
        summary: `${parent.name}现年${year - Number(parent.birth.slice(0, 4))}岁，体弱多病，独自居住。其子${c1.name}、${c2.name}因赡养费分担和轮流照料问题互相推诿，老人生活困难。`,
        requests: '请求两子按月支付赡养费并轮流照料。',
        responsibilities: `${c1.name}、${c2.name}作为成年子女负有赡养扶助父母的义务（《中华人民共和国民法典》第一千零六十七条），互相推诿，均有过错。`,
        terms: `一、${c1.name}、${c2.name}自本协议签订之月起，每人每月向${parent.name}支付赡养费${monthly}元，于每月5日前支付。\n二、老人患病住院的医疗费用扣除医保报销部分后由两子平均负担。\n三、两子按季度轮流照料老人起居，首季度由${c1.name}照料，首期赡养费于{due}前支付。`,
        method: '按月现金或转账支付',
        place: `${parent.address}`,
        dueDays: rng.int(3, 10),
        amount: monthly * 24,
        peopleCount: 3,
        parties: [party('applicant', parent), party('respondent', c1), party('respondent', c2)],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year, male: false, minAge: 28, maxAge: 42 });
      const b = people.person(v, { year, male: true, minAge: 30, maxAge: 45 });
      const owed = rng.money(6000, 18_000);
      return {
        type: 'marriage_family',
        title: `${a.name}与${b.name}子女抚养费纠纷`,
        summary: `${a.name}与${b.name}于${year - 3}年协议离婚，婚生子随${a.name}生活，${b.name}自${year - 1}年起未按离婚协议支付抚养费，累计拖欠${owed}元。`,
        requests: `请求${b.name}补付拖欠的抚养费${owed}元，并按月支付抚养费。`,
        responsibilities: `${b.name}未按离婚协议履行抚养义务，对纠纷负全部责任。`,
        terms: `一、${b.name}于{due}前补付拖欠的抚养费${owed}元。\n二、此后${b.name}每月10日前支付抚养费1200元，至孩子年满十八周岁止。`,
        method: `转账至${a.name}银行账户`,
        place: '—',
        dueDays: rng.int(10, 30),
        amount: owed,
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
  ],
  labor: [
    ({ rng, people, v, year }) => {
      const workers = rng.int(6, 24);
      const reps = [people.person(v, { year, male: true }), people.person(v, { year, male: true })];
      const builder = people.company('build');
      const amount = rng.money(80_000, 420_000);
      const project = rng.pick(['村文化礼堂', '农房集聚区安置房', '镇中心小学教学楼', '工业功能区厂房']);
      return {
        type: 'labor',
        title: `${workers}名农民工与${builder.name}欠薪纠纷`,
        summary: `${reps[0]!.name}等${workers}名农民工在${builder.name}承建的${project}工地务工，工程完工后该公司以总包方未结算为由拖欠工资共计${amount}元。工人多次讨要未果，扬言到镇政府聚集。`,
        requests: `请求${builder.name}支付拖欠的工资${amount}元。`,
        responsibilities: `${builder.name}作为用工单位负有按时足额支付劳动报酬的义务，拖欠工资对纠纷负全部责任。`,
        terms: `一、${builder.name}于{due}前分两期支付拖欠的工资共计${amount}元，首期${Math.round(amount / 2)}元于协议签订后七日内支付。\n二、工资直接转入各工人本人银行账户，工资清单经工人本人签字确认。\n三、工人不得采取过激方式讨薪。`,
        method: '转账至工人本人银行账户',
        place: '湾头桥镇综治中心',
        dueDays: rng.int(15, 40),
        amount,
        peopleCount: workers,
        parties: [
          party('applicant', reps[0]!),
          party('applicant', reps[1]!),
          {
            role: 'respondent',
            kind: 'org',
            name: builder.name,
            idNumber: builder.uscc,
            phone: builder.phone,
            address: builder.address,
          },
        ],
        referral: 'arbitration',
        referralOrg: '示范县劳动人事争议仲裁委员会',
        violence: rng.chance(0.25),
        linkedPetitionCount: rng.chance(0.3) ? rng.int(1, 2) : 0,
      };
    },
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year, male: true, minAge: 30, maxAge: 58 });
      const f = people.company('factory');
      const amount = rng.money(12_000, 60_000);
      return {
        type: 'labor',
        title: `${a.name}与${f.name}工伤赔偿纠纷`,
        summary: `${a.name}在${f.name}务工期间操作电锯时左手被割伤，住院治疗二十余日。双方就医疗费、误工费、护理费的赔偿数额发生争议。`,
        requests: `请求赔偿医疗费、误工费、护理费等共计${amount}元。`,
        responsibilities: `${f.name}未为${a.name}缴纳工伤保险且安全防护不到位，应承担主要赔偿责任；${a.name}操作不慎，负次要责任。`,
        terms: `一、${f.name}一次性赔偿${a.name}医疗费、误工费、护理费等共计${amount}元，于{due}前付清。\n二、本协议履行完毕后，双方就此次受伤事宜再无其他纠纷。`,
        method: '转账一次性支付',
        place: '湾头桥镇综治中心',
        dueDays: rng.int(7, 20),
        amount,
        peopleCount: 2,
        parties: [
          party('applicant', a),
          { role: 'respondent', kind: 'org', name: f.name, idNumber: f.uscc, phone: f.phone, address: f.address },
        ],
        referral: 'arbitration',
        referralOrg: '示范县劳动人事争议仲裁委员会',
      };
    },
  ],
  damages: [
    ({ rng, people, v, year, date }) => {
      const a = people.person(v, { year });
      const b = people.person(v, { year, male: true });
      const amount = rng.money(8_000, 45_000);
      return {
        type: 'damages',
        title: `${a.name}与${b.name}交通事故赔偿纠纷`,
        summary: `${date.slice(5, 7).replace(/^0/, '')}月初，${b.name}驾驶电动三轮车与骑电动自行车的${a.name}相撞，致${a.name}右腿骨折。交警部门认定${b.name}负事故主要责任，双方就赔偿数额发生争议。`,
        requests: `请求赔偿医疗费、误工费、护理费、营养费等共计${amount}元。`,
        responsibilities: `依交警部门的事故认定，${b.name}负主要责任，${a.name}负次要责任。`,
        terms: `一、${b.name}赔偿${a.name}医疗费、误工费、护理费、营养费等共计${amount}元，于{due}前付清。\n二、本协议履行后，双方就本次事故再无其他争议。`,
        method: '现金或转账一次性支付',
        place: '湾头桥镇综治中心',
        dueDays: rng.int(0, 30),
        amount,
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year, minAge: 45 });
      const c = people.company('build');
      const amount = rng.money(5_000, 30_000);
      return {
        type: 'damages',
        title: `${a.name}与${c.name}施工损害纠纷`,
        summary: `${c.name}在${v.short}实施道路拓宽工程，大型机械作业导致${a.name}房屋外墙出现多处裂缝，${a.name}阻止施工，双方发生冲突。`,
        requests: `请求修复房屋并赔偿损失${amount}元。`,
        responsibilities: `${c.name}施工未采取必要的防护措施，对房屋损害负全部责任。`,
        terms: `一、${c.name}于{due}前对${a.name}房屋外墙裂缝进行修复，修复质量由村委会组织验收。\n二、${c.name}另行补偿${a.name}${amount}元。\n三、${a.name}不再阻止施工。`,
        method: '施工方修复并转账支付补偿款',
        place: a.address,
        dueDays: rng.int(15, 30),
        amount,
        peopleCount: 2,
        parties: [
          party('applicant', a),
          { role: 'respondent', kind: 'org', name: c.name, idNumber: c.uscc, phone: c.phone, address: c.address },
        ],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
  ],
  contract: [
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year });
      const b = people.person(v, { year, male: true });
      const amount = rng.money(3_000, 26_000);
      return {
        type: 'contract',
        title: `${a.name}与${b.name}农资货款纠纷`,
        summary: `${a.name}经营农资店，${b.name}于${year - 1}年春耕期间赊购化肥、农药，出具欠条，尚欠货款${amount}元，经多次催讨未付。`,
        requests: `请求支付货款${amount}元。`,
        responsibilities: `${b.name}未按约定支付货款，应承担付款责任。`,
        terms: `一、${b.name}于{due}前分两次付清货款${amount}元。\n二、${a.name}收到全部货款后将欠条交还${b.name}。`,
        method: '现金或转账支付',
        place: `${a.name}农资店`,
        dueDays: rng.int(20, 60),
        amount,
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year });
      const b = people.person(v, { year });
      const amount = rng.money(20_000, 150_000);
      return {
        type: 'contract',
        title: `${a.name}与${b.name}民间借贷纠纷`,
        summary: `${b.name}于${year - 2}年向${a.name}借款${amount}元用于养殖，出具借条约定一年内归还，到期后以养殖亏损为由未归还。`,
        requests: `请求归还借款${amount}元。`,
        responsibilities: `${b.name}到期未还款，应承担还款责任。`,
        terms: `一、${b.name}分期归还借款${amount}元：协议签订后三十日内归还${Math.round(amount / 3)}元，余款于{due}前还清。\n二、${a.name}放弃主张借期利息。`,
        method: `转账至${a.name}银行账户`,
        place: '—',
        dueDays: rng.int(60, 150),
        amount,
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
  ],
  property: [
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year });
      const b = people.person(v, { year });
      const amount = rng.money(1_500, 8_000);
      return {
        type: 'property',
        title: `${a.name}与${b.name}房屋漏水纠纷`,
        summary: `${b.name}家卫生间防水层破损，漏水至楼下${a.name}家，致其卫生间吊顶及墙面霉变。${a.name}多次要求维修，${b.name}以房屋出租、与己无关为由推脱。`,
        requests: `请求维修防水层并赔偿装修损失${amount}元。`,
        responsibilities: `${b.name}作为房屋所有权人，对其房屋漏水造成的损害负全部责任。`,
        terms: `一、${b.name}于{due}前委托施工单位重做卫生间防水层。\n二、${b.name}赔偿${a.name}吊顶、墙面修复费用${amount}元，与防水层完工同时支付。`,
        method: '施工维修并现金支付赔偿款',
        place: a.address,
        dueDays: rng.int(10, 25),
        amount,
        peopleCount: 2,
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'litigation',
        referralOrg: COURT,
      };
    },
  ],
  other: [
    ({ rng, people, v, year }) => {
      const a = people.person(v, { year, minAge: 50 });
      const b = people.person(v, { year, minAge: 50 });
      return {
        type: 'other',
        title: `${a.name}与${b.name}山林坟地纠纷`,
        summary: `${b.name}在${a.name}承包的山林边缘修建坟墓，${a.name}认为侵占其林地，双方家族成员在山上对峙。`,
        requests: '请求迁移坟墓或给予补偿。',
        responsibilities: `${b.name}未经林地承包人同意修建坟墓，对纠纷负主要责任。`,
        terms: `一、坟墓维持现状，不再扩建。\n二、${b.name}一次性补偿${a.name}林木损失2000元，于{due}前付清。\n三、双方约束家族成员，不得再发生冲突。`,
        method: '现金支付',
        place: `${v.short}村委会`,
        dueDays: rng.int(3, 15),
        amount: 2000,
        peopleCount: rng.int(3, 8),
        parties: [party('applicant', a), party('respondent', b)],
        referral: 'administrative',
        referralOrg: '湾头桥镇自然资源和规划办',
        violence: rng.chance(0.3),
      };
    },
  ],
};

const TYPE_WEIGHTS: Record<DisputeTypeKey, number> = {
  neighbor: 25,
  land: 20,
  marriage_family: 15,
  labor: 12,
  damages: 12,
  contract: 9,
  property: 4,
  other: 3,
};

const FAILURE_REASONS = [
  '双方对赔偿数额分歧较大，经多次调解仍未能达成一致',
  '被申请人坚持不同意申请人的请求，拒绝作出让步',
  '双方对基本事实存在重大分歧，需通过诉讼途径查明',
];

const CHANNEL_WEIGHTS = {
  walk_in: 48,
  village_report: 20,
  phone: 8,
  police: 8,
  court: 6,
  petition: 4,
  online: 6,
} as const;

// ---------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const at = (d: string, minutes: number) =>
  new Date(`${d}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00+08:00`);

/**
 * One case's steps in time: each step is the next office hour on a working day after the
 * last. A step past the end of the simulation (the year and the first quarter after it, in
 * which the year's open cases are carried to their end) is dropped with all that follow it,
 * so the case stays where the simulation left it.
 */
class Timeline {
  readonly steps: { at: Date; run: () => Promise<void> }[] = [];
  day: string;
  minute: number;
  stopped = false;
  constructor(
    start: string,
    private readonly rng: Rng,
    private readonly isWorkday: (d: string) => boolean,
    private readonly end: Date,
  ) {
    this.day = this.workday(start);
    this.minute = rng.int(8 * 60 + 40, 11 * 60 + 30);
  }

  private workday(d: string): string {
    let x = d;
    while (!this.isWorkday(x)) x = addDays(x, 1);
    return x;
  }

  /** The next working day at least `days` calendar days on, at a random office hour. */
  after(days: number): this {
    const later = this.minute + this.rng.int(20, 90);
    if (days <= 0 && later <= 17 * 60) {
      this.minute = later;
      return this;
    }
    // Time only moves forward: a same-day step that would fall after office hours waits for the next working day.
    this.day = this.workday(addDays(this.day, Math.max(1, days)));
    this.minute = this.rng.int(8 * 60 + 40, 16 * 60);
    return this;
  }

  /** A few minutes later the same day (a document, then the action it gates). */
  soon(minutes = 3): this {
    this.minute += minutes;
    return this;
  }

  get now(): Date {
    return at(this.day, this.minute);
  }

  /** The state this case is left in at the end of the year, whatever its plan says after it. */
  freezeAt: string | null = null;

  /** Adds a step at the current time; false once the year has run out or the case is frozen. */
  step(run: (now: Date) => Promise<void>, reaches?: string): boolean {
    if (this.stopped) return false;
    const now = this.now;
    if (now > this.end) {
      this.stopped = true;
      return false;
    }
    this.steps.push({ at: now, run: () => run(now) });
    if (reaches && reaches === this.freezeAt) this.stopped = true;
    return true;
  }
}

// ---------------------------------------------------------------------------
// The seed
// ---------------------------------------------------------------------------

type Who = 'tiaojie' | 'sifasuo' | 'leader' | 'cun01' | 'cun02';

export interface Actor {
  access: CaseAccess;
  id: number;
}

export async function actorFor(services: CoreServices, username: string): Promise<Actor> {
  const db = services.database.db;
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'town_id'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const assignments = await loadAssignments(db, u.id);
  // What AuthService.authenticate builds from a session, without a session: the seed acts
  // as the demo user, and every write is audited under their name like any other.
  const auth: AuthContext = {
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
  return { access: await caseAccess(db, auth, services.registry), id: u.id };
}

type Outcome = 'rejected' | 'referred' | 'withdrawn' | 'failed' | 'written' | 'oral';

/**
 * Cases whose outcome the draw must not decide, so every outcome has rows. The year's cases
 * are carried to their end in the first quarter after it (a town three years on has filed
 * them); the only one left open is an agreement the court has not yet confirmed (司法确认),
 * partly performed and visited, with no clock running. The open stages of the workflow are
 * shown by the recent weeks instead (demo/present.ts).
 */
const FREEZE: [state: string, outcome: Outcome][] = [
  ['confirmation_applied', 'written'],
  ['terminated', 'failed'],
  ['withdrawn', 'withdrawn'],
  ['performed', 'written'],
  ['litigated', 'written'],
];
/** The only state a case of the year is left in on purpose: the others run to 归档. */
const LEFT_OPEN = 'confirmation_applied';

export async function seedMediationDemo(
  services: CoreServices,
  opts: MediationDemoOptions = {},
): Promise<MediationDemoResult> {
  const year = opts.year ?? 2023;
  const count = opts.count ?? 120;
  const rng = new Rng(opts.seed ?? 2023);
  const db = services.database.db;
  const { cases } = services;

  const town = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'path'])
    .where('kind', '=', 'town')
    .where('name', '=', opts.townName ?? '湾头桥镇')
    .executeTakeFirstOrThrow();
  const calendar = await services.calendars.forTown(town.id);
  const units = await db
    .selectFrom('org_units')
    .select(['id', 'name', 'kind'])
    .where('town_id', '=', town.id)
    .where('kind', 'in', ['village', 'community'])
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  const actors = {} as Record<Who, Actor>;
  for (const who of ['tiaojie', 'sifasuo', 'leader', 'cun01', 'cun02'] as const) {
    actors[who] = await actorFor(services, who);
  }
  const officerOf = new Map<number, Who>();
  for (const who of ['cun01', 'cun02'] as const) {
    for (const a of actors[who].access.auth.assignments) if (a.role === 'village') officerOf.set(a.unitId, who);
  }
  const people = new People(rng);
  const villages: Village[] = units.map((u) => ({
    id: u.id,
    name: u.name,
    short: u.name.replace(/(村民委员会|居民委员会)$/, ''),
    community: u.kind === 'community',
    mediator: people.name(rng.chance(0.5)),
    officer: officerOf.get(u.id) ?? null,
  }));
  if (villages.length === 0) throw new Error(`${town.name}没有村（社区），请先运行 seedDemo`);
  const townCommittee = `${town.name}人民调解委员会`;
  const townMediators = [people.name(false), people.name(true)];

  // The year, and the first quarter after it in which its open cases are finished.
  const quarter = new Date(`${year + 1}-03-29T17:30:00+08:00`);
  const end = opts.until && opts.until < quarter ? opts.until : quarter;
  // Registration days, spread over the year with the usual peaks before 春节 and after harvest.
  const days = Array.from({ length: count }, () => {
    const month = rng.weighted({ 1: 12, 2: 6, 3: 9, 4: 8, 5: 8, 6: 7, 7: 7, 8: 7, 9: 8, 10: 9, 11: 10, 12: 9 });
    const d = `${year}-${pad(Number(month))}-${pad(rng.int(1, 28))}`;
    return d;
  }).sort();

  const version = async (id: number) =>
    (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;
  let documents = 0;
  const issue = async (who: Who, id: number, kind: string, input: Record<string, unknown>, now: Date) => {
    const a = actors[who].access;
    await cases.issueDocument(a, id, { version: await version(id), kind, input }, now, demoAuditor(a, now));
    documents++;
  };
  const act = async (who: Who, id: number, action: string, input: Record<string, unknown> | undefined, now: Date) => {
    const a = actors[who].access;
    await cases.act(a, id, action, { version: await version(id), input }, now, demoAuditor(a, now));
  };

  const plans: { at: Date; order: number; run: () => Promise<void> }[] = [];
  let archiveSeq = 0;
  let order = 0;

  days.forEach((receivedOn, index) => {
    const v = rng.pick(villages);
    const type = rng.weighted(TYPE_WEIGHTS);
    const fns = SCENARIOS[type];
    const s = rng.pick(fns)({ rng, people, v, year, date: receivedOn });
    let channel = rng.weighted(CHANNEL_WEIGHTS) as keyof typeof CHANNEL_WEIGHTS;
    if (channel === 'village_report' && !v.officer) channel = 'walk_in';
    const registrar: Who = channel === 'village_report' && v.officer ? (v.officer as Who) : 'tiaojie';
    let outcome: Outcome = rng.weighted({ rejected: 3, referred: 4, withdrawn: 4, failed: 8, written: 48, oral: 33 });
    // A few of each terminal outcome whatever the draw, so every list and figure has rows.
    if (index % 40 === 7) outcome = 'rejected';
    if (index % 40 === 27) outcome = 'referred';
    // The frozen cases sit in autumn: late enough to be open at the year's end, early enough to get there.
    const freezeStart = Math.max(0, Math.floor(count * 0.8) - FREEZE.length);
    const frozen = index >= freezeStart ? FREEZE[index - freezeStart] : undefined;
    if (frozen) outcome = frozen[1];
    // A handful of November cases stall in mediation and run past the one-month standard.
    const stall = !frozen && receivedOn >= `${year}-10-20` && receivedOn <= `${year}-11-20` && rng.chance(0.35);
    const extend = !stall && index % 23 === 5;
    const highRisk = s.peopleCount >= 5 || s.violence === true || (s.amount ?? 0) >= 100_000;
    const mediator: Who = rng.chance(0.7) ? 'tiaojie' : 'sifasuo';
    const c = { id: 0 };
    const t = new Timeline(receivedOn, rng, (d) => calendar.isWorkday(d), end);
    // Only the state left open stops the case; the other frozen outcomes run on to 归档.
    const awaitingCourt = frozen?.[0] === LEFT_OPEN;
    // December's agreements are performed sooner, so the case is filed by the end of March.
    const dueDays = frozen || receivedOn >= `${year}-12-01` ? Math.min(s.dueDays, 10) : s.dueDays;
    const realDate = () => shanghaiDate(t.now);

    const fields: Record<string, unknown> = {
      channel,
      disputeType: s.type,
      peopleCount: s.peopleCount,
      summary: s.summary,
      requests: s.requests,
      receivedOn: t.day,
      ...(s.amount !== undefined ? { amount: s.amount } : {}),
      ...(s.violence ? { violenceRisk: true } : {}),
      ...(s.linkedPetitionCount ? { linkedPetitionCount: s.linkedPetitionCount } : {}),
      ...(channel === 'police' ? { referredBy: '湾头桥派出所', linkedPoliceCount: 1 } : {}),
      ...(channel === 'court' ? { referredBy: `${COURT}（诉前委派）` } : {}),
      ...(channel === 'petition' ? { referredBy: '湾头桥镇信访办' } : {}),
    };
    t.step(async (now) => {
      c.id = await cases.create(
        actors[registrar].access,
        { type: 'mediation', title: s.title, unitId: String(v.id), fields, parties: s.parties },
        now,
        demoAuditor(actors[registrar].access, now),
      );
    }, 'registered');
    if (channel === 'walk_in' || channel === 'online') {
      t.soon(2).step((now) => issue('tiaojie', c.id, 'application', {}, now));
    }

    // 受理 or 不予受理, the same day or the next working day.
    t.after(rng.chance(0.6) ? 0 : 1);
    if (outcome === 'rejected') {
      const ground = rng.pick(['already_handled', 'not_civil'] as const);
      const reason =
        ground === 'already_handled'
          ? `该纠纷已由${COURT}立案受理`
          : '所涉事项属于行政机关依职权处理的事项，不属于民间纠纷';
      t.step((now) =>
        issue('tiaojie', c.id, 'rejection_notice', { rejectionGround: ground, rejectionReason: reason }, now),
      );
      t.soon().step((now) =>
        act('tiaojie', c.id, 'decline', { rejectionGround: ground, rejectionReason: reason }, now),
      );
    } else {
      t.step((now) => issue('tiaojie', c.id, 'registration', {}, now));
      t.soon().step((now) => act('tiaojie', c.id, 'accept', undefined, now), 'accepted');
    }
    if (outcome !== 'rejected') planAccepted();

    function planAccepted() {
      if (highRisk) {
        t.soon(30).step((now) =>
          act('leader', c.id, 'take_ownership', { ownerLeaderId: String(actors.leader.id) }, now),
        );
      }
      if (s.violence) {
        t.soon(10).step((now) =>
          act(
            'tiaojie',
            c.id,
            'report_police',
            {
              date: shanghaiDate(now),
              agency: '湾头桥派出所',
              situation: '双方情绪激动，有发生肢体冲突的可能，已通报派出所提前介入',
            },
            now,
          ),
        );
      }
      if (outcome === 'referred') {
        t.after(rng.int(0, 2)).step((now) =>
          act(
            'tiaojie',
            c.id,
            'refer',
            {
              referralTo: s.referral,
              referralOrg: s.referralOrg,
              referralReason: `该纠纷宜由${s.referralOrg}依法处理，已告知当事人`,
            },
            now,
          ),
        );
        return;
      }
      if (outcome === 'withdrawn' && !frozen && rng.chance(0.4)) {
        t.after(rng.int(1, 3)).step((now) =>
          act(
            'tiaojie',
            c.id,
            'withdraw',
            { withdrawalKind: 'refused', withdrawnBy: 'respondent', refusalReason: '被申请人明确表示不同意调解' },
            now,
          ),
        );
        planArchive();
        return;
      }
      // 分流: the village's own committee for village matters it knows best, the town's for the rest.
      const route =
        channel === 'court' ? 'judicial' : s.type === 'land' && rng.chance(0.25) ? 'administrative' : 'people';
      const committee =
        route === 'administrative'
          ? `${town.name}人民政府`
          : route === 'people' && !v.community && rng.chance(0.5)
            ? villageCommittee(v.name)
            : townCommittee;
      // A court's referral carries its reference and the period its letter sets (issue 13).
      const court =
        route === 'judicial'
          ? {
              courtName: COURT,
              courtCaseNo: `（${year}）示0101民诉前调${100 + index}号`,
              courtReferralKind: 'delegated',
              courtReferredOn: receivedOn,
              courtPeriodDays: 30,
            }
          : {};
      t.after(rng.chance(0.7) ? 0 : 1).step(
        (now) => act('tiaojie', c.id, 'route', { route, committee, ...court }, now),
        'routed',
      );
      const co = committee === townCommittee || route !== 'people' ? [rng.pick(townMediators)] : [v.mediator];
      const invitees = rng.chance(0.35) ? [rng.pick(['村民小组长', '村法律顾问', '派出所民警', '老党员代表'])] : [];
      t.soon(5).step((now) =>
        act('tiaojie', c.id, 'assign', { assigneeId: String(actors[mediator].id), coMediators: co, invitees }, now),
      );

      const sessions = outcome === 'failed' ? rng.int(2, 3) : rng.int(1, 3);
      let held = 0;
      const session = () => {
        const place = rng.pick([`${v.short}调解室`, '湾头桥镇综治中心调解室', `${v.short}村委会会议室`]);
        const attendees = s.parties.filter((p) => p.role !== 'agent').map((p) => p.name);
        const summary = rng.pick([
          '听取双方陈述，核实有关事实，讲解相关法律规定，双方初步表达调解意愿。',
          '到现场查看，向双方释法说理，提出调解方案，双方各自表示考虑。',
          '分别做双方工作，双方就主要事项基本达成一致，约定再次协商细节。',
        ]);
        held++;
        t.after(held === 1 ? rng.int(1, 5) : rng.int(3, 9));
        t.step((now) =>
          issue(mediator, c.id, 'session_record', { date: shanghaiDate(now), place, content: summary }, now),
        );
        t.soon().step(
          (now) => act(mediator, c.id, 'record_session', { date: shanghaiDate(now), place, attendees, summary }, now),
          held === 1 ? 'mediating' : undefined,
        );
      };
      for (let i = 0; i < sessions; i++) session();
      // Stalled over the holidays: the clock runs out in December, and the case is settled
      // late in the new year (the breach stays on its record and in the year's statistics).
      if (stall) {
        t.day = [t.day, `${year}-12-20`].sort().at(-1)!;
        t.after(rng.int(15, 30));
        session();
      }
      // Only the one-month limit of 人民调解 is extended (若干规定 art 33 and the local rule); the
      // other routes' disputes take the same time (the same draws) without the extension.
      if (extend && route === 'people') {
        t.after(rng.int(15, 20)).step((now) =>
          act(
            'tiaojie',
            c.id,
            'request_approval:extend',
            { agreedBy: '双方当事人均书面同意继续调解', length: 1, reason: '需等待伤情鉴定（评估）结论' },
            now,
          ),
        );
        t.after(1).step((now) => act('leader', c.id, 'approve:extend', { opinion: '同意延长一个月' }, now));
        t.soon(20).step((now) => act('tiaojie', c.id, 'extend', undefined, now));
        session();
      } else if (extend) {
        t.after(rng.int(15, 20));
        t.after(1).soon(20);
        session();
      }

      if (outcome === 'failed') {
        const reason = rng.pick(FAILURE_REASONS);
        t.after(rng.int(2, 6));
        t.step((now) =>
          issue(
            mediator,
            c.id,
            'termination_notice',
            {
              terminationReason: reason,
              suggestion: `可依法向${s.referralOrg}${s.referral === 'arbitration' ? '申请仲裁' : s.referral === 'litigation' ? '提起诉讼' : '反映'}`,
            },
            now,
          ),
        );
        t.soon().step((now) => act(mediator, c.id, 'terminate', { terminationReason: reason }, now), 'terminated');
        planArchive();
        return;
      }
      if (outcome === 'withdrawn') {
        t.after(rng.int(2, 6)).step(
          (now) =>
            act(
              mediator,
              c.id,
              'withdraw',
              {
                withdrawalKind: 'withdrawn',
                withdrawnBy: 'applicant',
                refusalReason: '申请人表示双方已自行和解，撤回调解申请',
              },
              now,
            ),
          'withdrawn',
        );
        planArchive();
        return;
      }

      // Agreement on the day of the last session (or a few days after).
      t.after(rng.chance(0.6) ? 0 : rng.int(1, 4));
      const effective = realDate();
      const due = dueDays === 0 ? effective : addDays(effective, dueDays);
      const terms = s.terms.replaceAll('{due}', formatDate(due));
      const agreed = {
        agreementTerms: terms,
        performanceMethod: s.method,
        performanceDue: due,
        agreementEffectiveOn: effective,
      };
      if (outcome === 'written') {
        t.step((now) =>
          issue(
            mediator,
            c.id,
            route === 'people' ? 'agreement' : route === 'administrative' ? 'admin_agreement' : 'court_agreement',
            {
              facts: s.summary,
              disputedMatters: s.requests,
              responsibilities: s.responsibilities,
              agreementTerms: terms,
              performanceMethod: s.method,
              performancePlace: s.place,
              performanceDue: due,
            },
            now,
          ),
        );
        t.soon().step((now) => act(mediator, c.id, 'agree_written', agreed, now), 'agreement_written');
      } else {
        t.step((now) =>
          issue(
            mediator,
            c.id,
            'oral_record',
            { agreedOn: effective, agreementTerms: terms, performanceMethod: s.method, performanceDue: due },
            now,
          ),
        );
        t.soon().step((now) => act(mediator, c.id, 'agree_oral', agreed, now), 'agreement_oral');
      }
      // 司法确认 for the larger written agreements (人民调解法 art 33), within the 30 days.
      const confirm = frozen?.[0] === 'confirmation_applied' || ((s.amount ?? 0) >= 20_000 && rng.chance(0.45));
      if (outcome === 'written' && confirm) {
        t.after(rng.int(3, 12));
        const appliedOn = realDate();
        t.step((now) => issue('tiaojie', c.id, 'confirmation_application', { court: COURT }, now));
        t.soon().step(
          (now) => act('tiaojie', c.id, 'apply_confirmation', { court: COURT, appliedOn }, now),
          'confirmation_applied',
        );
      }
      if (outcome === 'written' && confirm && !awaitingCourt) {
        t.after(rng.int(8, 16));
        const confirmed = rng.chance(0.9);
        t.step((now) =>
          act(
            'tiaojie',
            c.id,
            'record_confirmation',
            {
              result: confirmed ? 'confirmed' : 'dismissed',
              decidedOn: shanghaiDate(now),
              ...(confirmed ? { caseNumber: `（${year}）示0101民特${rng.int(10, 480)}号` } : {}),
            },
            now,
          ),
        );
      }
      // 回访 the first working day after the performance day (the follow_up clock), unless due already.
      const dueDay = [due, realDate()].sort().at(-1)!;
      t.day = dueDay;
      const followDelay = index % 31 === 11 ? 40 : 1; // a few visits are late: the clock shows them
      t.after(followDelay);
      const visitor: Who = v.officer && rng.chance(0.3) ? (v.officer as Who) : mediator;
      const r = rng.next();
      const performance =
        frozen?.[0] === 'litigated'
          ? 'none'
          : awaitingCourt
            ? 'partial'
            : frozen?.[0] === 'performed' || r < 0.86
              ? 'full'
              : r < 0.94
                ? 'partial'
                : 'none';
      const method = rng.pick(['visit', 'phone', 'office'] as const);
      const note =
        performance === 'full'
          ? rng.pick([
              '协议已全部履行，双方无异议。',
              '经电话回访，当事人确认已履行完毕，对调解结果满意。',
              '到现场查看，协议约定事项均已落实。',
            ])
          : awaitingCourt
            ? '已履行部分义务；剩余部分双方约定待法院司法确认裁定作出后履行，已与法院联系跟进。'
            : performance === 'partial'
              ? '已履行部分义务，剩余部分承诺近期履行，已督促。'
              : '义务人以资金困难为由未履行，经督促仍未履行，已告知权利人可依法起诉。';
      t.step((now) => act(visitor, c.id, 'follow_up', { date: shanghaiDate(now), method, performance, note }, now));
      if (awaitingCourt) return; // Waits for the court: visited, no clock running.
      if (performance === 'none') {
        t.after(rng.int(10, 25)).step(
          (now) => act('tiaojie', c.id, 'litigate', { kind: 'lawsuit', court: COURT, filedOn: shanghaiDate(now) }, now),
          'litigated',
        );
        planArchive();
        return;
      }
      if (performance === 'partial') {
        t.after(rng.int(10, 20)).step((now) =>
          act(
            mediator,
            c.id,
            'follow_up',
            { date: shanghaiDate(now), method: 'phone', performance: 'full', note: '剩余义务已履行完毕。' },
            now,
          ),
        );
      }
      t.after(0).step((now) => issue(mediator, c.id, 'follow_up_record', {}, now));
      t.soon().step((now) => act('tiaojie', c.id, 'performed', { performedOn: shanghaiDate(now) }, now), 'performed');
      planArchive();
    }

    function planArchive() {
      t.after(rng.int(2, 10)).step((now) => {
        archiveSeq++;
        return act('tiaojie', c.id, 'archive', { archiveNo: `${year}-调-${String(archiveSeq).padStart(3, '0')}` }, now);
      });
    }

    for (const st of t.steps) plans.push({ ...st, order: order++ });
  });

  // The deadline sweep, every Monday morning of the simulation and once at its end.
  const sweeps: Date[] = [];
  for (let d = `${year}-01-02`; d <= shanghaiDate(end); d = addDays(d, 7)) sweeps.push(at(d, 8 * 60));
  sweeps.push(new Date(end.getTime() + 60_000));
  let breaches = 0;
  for (const s of sweeps) {
    plans.push({
      at: s,
      order: order++,
      run: async () => {
        breaches += (await sweepBreaches(db, services.registry, services.calendars, s)).breaches;
      },
    });
  }

  plans.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const [i, p] of plans.entries()) {
    await p.run();
    if (i % 25 === 0) opts.onProgress?.(i / plans.length);
  }

  const states = await db
    .selectFrom('cases')
    .select(['state', (eb) => eb.fn.countAll<string>().as('n')])
    .where('town_id', '=', town.id)
    .where('type', '=', 'mediation')
    .where('year', '=', year)
    .groupBy('state')
    .execute();
  return {
    cases: count,
    documents,
    byState: Object.fromEntries(states.map((r) => [r.state, Number(r.n)])),
    breaches,
  };
}

function formatDate(d: string): string {
  return `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}
