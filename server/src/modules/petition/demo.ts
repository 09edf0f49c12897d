/**
 * A year of petitions at 湾头桥镇 for the demo: about sixty matters across the villages,
 * through every stage of the petition type and finished by the end of the following March
 * (the open stages are shown by the recent weeks, demo/present.ts), each driven step
 * by step through `CaseService` with `now` at its date, so clocks, events, documents, 文号
 * and the audit trail are what real work would have left. Deterministic: the same seed gives the same year.
 *
 * Not wired into `serve`; call it after `seedDemo` (it needs the demo org and users).
 */
import { CreateCaseBodySchema, createCalendar, idCardCheckChar, shanghaiDate } from '@fazhi/domain';
import { ReceptionCreateBodySchema } from '@fazhi/domain/cases/petition-receptions';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { CaseAccess } from '../../cases/access.ts';
import type { CaseService } from '../../cases/service.ts';
import type { CoreServices } from '../../core/module.ts';
import type { AuditEntry } from '../../platform/audit.ts';
import { DEMO_VILLAGES } from '../../seed/demo.ts';
import { demoAccess } from '../../seed/demo-access.ts';
import { receptionAccessOf } from './reception-access.ts';
import type { ReceptionService } from './receptions.ts';

export interface PetitionDemoOptions {
  /** The year the petitions are received in (default 2023). */
  year?: number;
  /** PRNG seed for names, dates and details (default 2023). */
  seed?: number;
  /** The last instant the simulation acts at (default: the end of the next year's first quarter, settledBy). */
  until?: Date;
  /** Also register a few mediation disputes of the same people, when the mediation type is installed (default true). */
  withMediation?: boolean;
  /** Told the fraction of the year's steps done, for the first start's progress page. */
  onProgress?: (fraction: number) => void;
}

export interface PetitionDemoResult {
  /** Every petition of the year, those registered at leaders' receptions included. */
  caseIds: number[];
  mediationIds: number[];
  byState: Record<string, number>;
  /** 开门接访 and 带案下访 (present when the services can record them). */
  leaders?: { slots: number; receptions: number; receptionCaseIds: number[]; visits: number };
}

// ── Determinism ──────────────────────────────────────────────────────────────────────────

/** mulberry32: small, fast, and the same sequence on every platform. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}

const CALENDAR = createCalendar();

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Officials act on working days: a step that falls on a rest day waits for the next one. */
function workdayFrom(date: string): string {
  let d = date;
  while (!CALENDAR.isWorkday(d)) d = addDays(d, 1);
  return d;
}

function at(date: string, minutes: number): Date {
  return new Date(Date.parse(`${date}T09:00:00+08:00`) + minutes * 60_000);
}

// ── People ───────────────────────────────────────────────────────────────────────────────

const SURNAMES = [
  '张',
  '王',
  '李',
  '赵',
  '陈',
  '刘',
  '杨',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '朱',
  '马',
  '胡',
  '郭',
  '何',
  '林',
];
const GIVEN = [
  '桂英',
  '建华',
  '秀兰',
  '志强',
  '海燕',
  '国庆',
  '玉梅',
  '春生',
  '丽萍',
  '德明',
  '金花',
  '永福',
  '小红',
  '长根',
  '美玲',
  '文斌',
  '水生',
  '凤英',
  '宝山',
  '爱华',
];

export interface DemoPerson {
  name: string;
  /** A valid 18-digit 公民身份号码 under the invented county code 339901. */
  idNumber: string;
  phone: string;
  village: number;
  address: string;
}

/**
 * The demo's petitioners. The ID numbers are valid (GB 11643 checksum) under the demo's
 * invented county code, so the mediation demo can reuse them and the party index links
 * one person's disputes and petitions.
 */
export function petitionDemoPeople(count = 60, seed = 2023): DemoPerson[] {
  const r = prng(seed * 7 + 1);
  const used = new Set<string>();
  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i++) {
    let name = '';
    do name = r.pick(SURNAMES) + r.pick(GIVEN);
    while (used.has(name));
    used.add(name);
    const birth = `${r.int(1948, 1995)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
    // 顺序码 900+: the mediation demo numbers its people upwards from 002, so the two never collide.
    const first17 = `339901${birth}${String(900 + (i % 100))}`;
    const village = i % DEMO_VILLAGES.length;
    const v = DEMO_VILLAGES[village]!.name.replace(/村民委员会|居民委员会/, '');
    people.push({
      name,
      idNumber: first17 + idCardCheckChar(first17),
      phone: `139${String(57_000_000 + i * 10_007 + r.int(0, 9999)).padStart(8, '0')}`,
      village,
      address: `示范县湾头桥镇${v}${r.int(1, 9)}组${r.int(1, 60)}号`,
    });
  }
  return people;
}

// ── Topics ───────────────────────────────────────────────────────────────────────────────

/**
 * The topics' texts name years relative to the year simulated (`{Y}`, `{Y-1}`, `{Y-2}`), so a
 * petition of 2025 complains of the 2024 rent, as one of 2023 does of 2022's.
 */
function inYear<T>(topics: readonly T[], year: number): T[] {
  const text = (s: string) =>
    s.replace(/\{Y(?:-(\d))?\}/g, (_, d: string | undefined) => String(year - Number(d ?? 0)));
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? text(v)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
        : v;
  return topics.map((t) => walk(t) as T);
}

interface ClaimTopic {
  title: string;
  field: string;
  summary: string;
  requests: string;
  unit: string;
  facts: string;
  reasons: string;
  legalBasis: string;
  opinion: 'support' | 'explain' | 'not_support';
  /** A dispute between the petitioner and another side, settled by agreement (art 33). */
  settlement?: { otherParty: string; otherPartyParticulars: string; terms: string; performance: string };
}

/** 申诉求决 matters that end in an agreement while handled (信访工作条例 art 33). */
const SETTLEMENT_CLAIMS_OF: ClaimTopic[] = [
  {
    title: '反映土地流转租金拖欠',
    field: '土地流转',
    summary: '本人承包地于{Y-2}年流转给种植大户，合同约定每年12月底前支付租金，{Y-1}年度租金至今未付。',
    requests: '要求流转方支付拖欠的{Y-1}年度租金。',
    unit: '农业农村办',
    facts: '经核实，流转合同真实有效，流转方因销售回款不及时拖欠{Y-1}年度租金3600元，对欠款事实无异议。',
    reasons: '流转方应当按合同约定支付租金。',
    legalBasis: '《中华人民共和国农村土地承包法》第三十九条、第四十条。',
    opinion: 'support',
    settlement: {
      otherParty: '示范县绿野家庭农场（经营者陈建华）',
      otherPartyParticulars: '住所示范县湾头桥镇湾头村7组，联系电话13905769988',
      terms:
        '陈建华于本协议签订之日起十日内一次性支付信访人{Y-1}年度土地流转租金3600元。\n{Y}年度起租金按合同约定于每年12月31日前支付。\n信访人就本事项不再提出其他请求。',
      performance: '以银行转账方式支付至信访人本人账户，于本协议签订之日起十日内履行完毕',
    },
  },
  {
    title: '反映邻居建房占用通道',
    field: '邻里纠纷',
    summary: '邻居翻建住房时将院墙外移约0.8米，占用两户共用的出行通道，农用车无法通行。',
    requests: '要求邻居拆除外移的院墙，恢复通道原宽度。',
    unit: '自然资源和规划办',
    facts: '经实地测量，邻居院墙较原址外移0.8米，共用通道宽度由3米减至2.2米。',
    reasons: '相邻各方应当为对方通行提供必要的便利。',
    legalBasis: '《中华人民共和国民法典》第二百八十八条、第二百九十一条。',
    opinion: 'support',
    settlement: {
      otherParty: '何根宝',
      otherPartyParticulars: '住示范县湾头桥镇桥东村3组，联系电话13757612345',
      terms:
        '何根宝自行拆除外移的院墙0.8米，恢复共用通道3米宽度，费用由何根宝承担。\n双方今后共同维护该通道，任何一方不得占用。',
      performance: '何根宝于本协议签订之日起二十日内自行拆除，由村委会现场确认',
    },
  },
];

const CLAIMS_OF: ClaimTopic[] = [
  {
    title: '反映村道硬化路面开裂塌陷',
    field: '农村公路',
    summary: '本组通组道路{Y-1}年硬化，不到一年多处开裂、塌陷，雨天积水，群众出行困难。',
    requests: '要求施工单位返工修复，并公开工程验收情况。',
    unit: '农业农村办',
    facts: '经实地查看，该路段开裂面积约120平方米，工程尚在两年质保期内。',
    reasons: '施工单位应当在质保期内承担返修责任。',
    legalBasis: '《建设工程质量管理条例》第三十九条、第四十一条。',
    opinion: 'support',
  },
  {
    title: '反映宅基地建房审批迟迟未办',
    field: '宅基地',
    summary: '本人{Y-1}年底提交农村宅基地建房申请，至今未获审批，旧房已成危房。',
    requests: '要求尽快审批宅基地建房申请。',
    unit: '自然资源和规划办',
    facts: '经核查，申请材料缺少村民代表会议讨论意见，村委会已于本月补正并上报。',
    reasons: '材料补正后符合审批条件，镇政府将在规定时限内作出审批。',
    legalBasis: '《中华人民共和国土地管理法》第六十二条；《农村宅基地管理办法》。',
    opinion: 'support',
  },
  {
    title: '反映征地补偿款分配不公',
    field: '征地补偿',
    summary: '村里征地补偿款分配方案将外嫁女排除在外，本人户口一直在村，未领到补偿款。',
    requests: '要求按村集体经济组织成员标准分配补偿款。',
    unit: '农业农村办',
    facts: '经核查，信访人户籍在本村且未在他处取得集体经济组织成员资格。',
    reasons: '村民委员会的分配方案不得侵害妇女合法权益，已责令村委会重新拟定分配方案。',
    legalBasis: '《中华人民共和国妇女权益保障法》第五十五条；《中华人民共和国村民委员会组织法》第二十七条。',
    opinion: 'support',
  },
  {
    title: '反映低保资格被取消',
    field: '社会救助',
    summary: '本人患慢性病无劳动能力，今年低保复核时被取消资格，生活困难。',
    requests: '要求恢复最低生活保障待遇。',
    unit: '党政办（法治办）',
    facts: '经入户核查，信访人家庭新购置小型轿车一辆，家庭人均收入超过当地低保标准。',
    reasons: '家庭经济状况不符合最低生活保障条件，已告知其可申请临时救助。',
    legalBasis: '《社会救助暂行办法》第九条、第十二条。',
    opinion: 'not_support',
  },
  {
    title: '反映养殖场臭气污染',
    field: '生态环境',
    summary: '邻近生猪养殖场粪污直排，夏季臭气严重，影响周边十余户居民生活。',
    requests: '要求养殖场整改粪污处理设施，限期达标。',
    unit: '综合行政执法队',
    facts: '经执法队现场检查，养殖场粪污处理设施未正常运行，存在直排现象。',
    reasons: '已责令养殖场限期整改，并将组织复查。',
    legalBasis: '《畜禽规模养殖污染防治条例》第二十条、第三十八条。',
    opinion: 'support',
  },
  {
    title: '反映危房改造补助未发放',
    field: '住房保障',
    summary: '本人{Y-1}年列入农村危房改造对象，房屋已按要求改造完毕，补助资金至今未到账。',
    requests: '要求尽快发放危房改造补助资金。',
    unit: '党政办（法治办）',
    facts: '经核查，该户改造工程已通过竣工验收，补助资金因拨付手续未完成而滞后。',
    reasons: '已督促财政所完成拨付手续。',
    legalBasis: '《农村危房改造补助资金管理办法》。',
    opinion: 'support',
  },
  {
    title: '反映灌溉渠道堵塞影响耕种',
    field: '农田水利',
    summary: '村东灌溉渠道多年未清淤，上游来水不畅，三十余亩水稻无法正常灌溉。',
    requests: '要求组织清淤疏通灌溉渠道。',
    unit: '农业农村办',
    facts: '经现场查看，渠道淤积长度约800米。',
    reasons: '已纳入今年小型农田水利维修计划，冬季农闲时组织清淤。',
    legalBasis: '《农田水利条例》第二十四条。',
    opinion: 'support',
  },
  {
    title: '反映邻居加盖房屋影响采光',
    field: '违法建设',
    summary: '邻居在原有房屋上加盖第三层，未见规划许可，严重影响我家采光和通风。',
    requests: '要求依法查处违法加层。',
    unit: '综合行政执法队',
    facts: '经核查，邻居加盖部分未取得乡村建设规划许可证。',
    reasons: '执法队已立案调查，责令停止建设并限期改正。',
    legalBasis: '《中华人民共和国城乡规划法》第四十一条、第六十五条。',
    opinion: 'support',
  },
  {
    title: '要求将承包地调整为宅基地',
    field: '土地承包',
    summary: '家里人口增加，要求将自家承包地调整为宅基地用于建房。',
    requests: '要求批准承包地改作宅基地。',
    unit: '自然资源和规划办',
    facts: '经核查，该地块为永久基本农田。',
    reasons: '永久基本农田不得转为建设用地，已向信访人解释宅基地申请的途径。',
    legalBasis: '《中华人民共和国土地管理法》第三十五条。',
    opinion: 'explain',
  },
  {
    title: '反映村集体资产租金收益未分配',
    field: '村务公开',
    summary: '村集体厂房出租多年，租金收益从未向村民公开，也未分配。',
    requests: '要求公开租金收支并按章程分配。',
    unit: '农业农村办',
    facts: '经核查，村股份经济合作社租金收入已纳入村级账目，按章程用于村内公益事业。',
    reasons: '租金未分配符合章程规定，已督促村委会按季度公开收支。',
    legalBasis: '《中华人民共和国村民委员会组织法》第三十条。',
    opinion: 'explain',
  },
  {
    title: '反映自来水水压不足',
    field: '供水',
    summary: '本组地势较高，自来水水压长期不足，高峰时段无水可用。',
    requests: '要求加装增压设施。',
    unit: '农业农村办',
    facts: '经测量，高峰时段末端水压低于0.1兆帕。',
    reasons: '已协调供水公司加装增压泵站。',
    legalBasis: '《城市供水条例》第二十条。',
    opinion: 'support',
  },
  {
    title: '要求补发退役军人优待金',
    field: '优抚',
    summary: '本人为退役军人，认为少领了两年的义务兵家庭优待金。',
    requests: '要求补发优待金。',
    unit: '党政办（法治办）',
    facts: '经核查档案，信访人服役期间的优待金已按当时标准足额发放。',
    reasons: '请求缺乏事实根据。',
    legalBasis: '《军人抚恤优待条例》第三十五条。',
    opinion: 'not_support',
  },
];

const SUGGESTIONS = [
  {
    title: '建议在湾头小学门口增设减速带',
    field: '交通安全',
    summary: '湾头小学门口为县道，车速快，学生上下学存在安全隐患。',
    requests: '建议增设减速带和人行横道。',
  },
  {
    title: '建议增设村内路灯',
    field: '基础设施',
    summary: '村内主干道没有路灯，夜间出行不便。',
    requests: '建议在主干道每隔五十米安装太阳能路灯。',
  },
  {
    title: '建议延伸公交线路至石塘村',
    field: '公共交通',
    summary: '石塘村距镇区较远，老人看病、学生上学不便。',
    requests: '建议将镇公交线路延伸至石塘村。',
  },
  {
    title: '建议规范农贸市场摊位',
    field: '市场管理',
    summary: '镇农贸市场周末占道经营，交通拥堵。',
    requests: '建议划定临时摊位并错峰管理。',
  },
  {
    title: '建议增加垃圾分类收集点',
    field: '人居环境',
    summary: '新建小区垃圾收集点少，垃圾满溢。',
    requests: '建议增设分类收集点并增加清运频次。',
  },
  {
    title: '建议开设老年食堂',
    field: '养老服务',
    summary: '村里独居老人多，吃饭困难。',
    requests: '建议依托村级活动中心开设老年食堂。',
  },
];

const ACCUSATIONS = [
  {
    title: '检举村干部优亲厚友评定低保',
    summary: '村委会评定低保时把村干部亲属列入，真正困难的群众评不上。',
    requests: '要求查处相关村干部。',
  },
  {
    title: '控告村集体工程违规发包',
    summary: '村道拓宽工程未经村民代表会议讨论，直接发包给村干部亲戚。',
    requests: '要求调查工程发包过程。',
  },
  {
    title: '检举村会计挪用集体资金',
    summary: '村会计长期将集体资金借给他人使用，账目不清。',
    requests: '要求审计村集体账目。',
  },
];

const ROUTES = [
  {
    title: '反映用人单位拖欠工资及经济补偿',
    field: '劳动争议',
    summary: '在镇上某服装厂工作三年，被辞退后未支付经济补偿，拖欠两个月工资。',
    requests: '要求支付工资和经济补偿。',
    route: 'arbitration',
    authority: '示范县劳动人事争议仲裁委员会',
    reason: '你反映的系与用人单位之间的劳动争议，应当申请劳动争议仲裁',
  },
  {
    title: '不服交通事故责任认定',
    field: '交通事故',
    summary: '对交警作出的交通事故责任认定不服，认为对方应负主要责任。',
    requests: '要求重新认定事故责任。',
    route: 'police',
    authority: '示范县公安局交通警察大队',
    reason: '你反映的系对交通事故认定的异议，应当依照公安机关的法定程序提出复核',
  },
  {
    title: '不服法院判决要求改判',
    field: '涉法涉诉',
    summary: '与邻居的相邻关系纠纷一审判决已生效，认为判决不公。',
    requests: '要求改判。',
    route: 'litigation',
    authority: '示范县人民法院',
    reason: '你反映的事项涉及已生效的民事判决，应当依法申请再审',
  },
  {
    title: '不服罚款决定',
    field: '行政处罚',
    summary: '因占道经营被综合行政执法队罚款二百元，认为处罚过重。',
    requests: '要求撤销罚款决定。',
    route: 'admin_review',
    authority: '示范县人民政府',
    reason: '你反映的系对行政处罚决定不服，可以依法申请行政复议',
  },
];

const NOT_COMPETENT = [
  {
    title: '反映县城小区物业服务问题',
    field: '物业管理',
    summary: '在县城购买的商品房小区物业服务差，电梯经常停运。',
    requests: '要求更换物业公司。',
    authority: '示范县住房和城乡建设局',
    reason: '你反映的小区位于县城城区，不在本镇辖区',
  },
  {
    title: '反映医保异地报销比例',
    field: '医疗保障',
    summary: '在省城住院，医保报销比例低于预期。',
    requests: '要求提高报销比例。',
    authority: '示范县医疗保障局',
    reason: '医保报销政策由医疗保障部门制定和执行',
  },
];

// ── Plans ────────────────────────────────────────────────────────────────────────────────

type Who = 'xinfang' | 'leader' | 'village';

interface Step {
  at: Date;
  who: Who;
  /** 'external': not a case step but another record of the year (a reception), run by `run`. */
  kind: 'create' | 'doc' | 'act' | 'external';
  name: string;
  input?: Record<string, unknown>;
  run?: () => Promise<void>;
}

type Finish =
  | 'registered'
  | 'accepted'
  | 'investigating'
  | 'replied'
  | 'delivered'
  | 'closed'
  | 'reviewing'
  | 'reviewed'
  | 'review_closed'
  | 'rereviewing'
  | 'concluded'
  | 'settled';

interface ClaimOptions {
  finish: Finish;
  lateAccept?: boolean;
  lateReply?: boolean;
  extend?: boolean;
  own?: boolean;
  satisfaction?: 'satisfied' | 'basically_satisfied' | 'unsatisfied';
  /** Offset of the accept step, when the case starts later (a refused objection). */
  startAt?: number;
  /** Finish 'settled': by which agreement (art 33). */
  settle?: 'mediation' | 'reconciliation';
}

/** One petition's steps, scheduled on working days after its receipt. */
class Plan {
  readonly steps: Step[] = [];
  private last = 0;

  constructor(readonly received: string) {}

  /** The working day `days` after receipt (the day the step happens). */
  date(days: number): string {
    return workdayFrom(addDays(this.received, days));
  }

  private push(days: number, who: Who, kind: Step['kind'], name: string, input?: Record<string, unknown>) {
    let t = at(this.date(days), 30).getTime();
    // Steps on one day follow each other ten minutes apart.
    if (t <= this.last) t = this.last + 10 * 60_000;
    this.last = t;
    this.steps.push({ at: new Date(t), who, kind, name, ...(input ? { input } : {}) });
  }

  create(days: number, who: Who) {
    this.push(days, who, 'create', 'create');
  }
  doc(days: number, kind: string, input?: Record<string, unknown>, who: Who = 'xinfang') {
    this.push(days, who, 'doc', kind, input);
  }
  act(days: number, action: string, input?: Record<string, unknown>, who: Who = 'xinfang') {
    this.push(days, who, 'act', action, input);
  }
  /** Another record of the year at a set instant (a reception), run in the queue's order. */
  external(at: Date, name: string, run: () => Promise<void>) {
    this.steps.push({ at, who: 'xinfang', kind: 'external', name, run });
  }
}

interface Env {
  leaderId: number;
  villageOfficer: number | null;
  reviewNo: () => string;
}

function claimSteps(p: Plan, env: Env, topic: ClaimTopic, o: ClaimOptions, r: ReturnType<typeof prng>) {
  const start = o.startAt ?? 0;
  const acceptDay = start + (o.lateAccept ? r.int(17, 22) : r.int(1, 8));
  p.doc(acceptDay, 'acceptance_notice', { contact: '刘伟，0576-88123400' });
  p.act(acceptDay, 'accept');
  const accepted = p.date(acceptDay);
  if (o.finish === 'accepted') return;
  if (o.own) {
    const target = addDays(accepted, 50);
    // One plan, typed once: the 包案责任表 holds it and 领导包案 is recorded from it (decision 0007).
    const plan = `由包案领导牵头，会同${topic.unit}实地核查，约谈相关方，限期化解。`;
    p.doc(acceptDay + 1, 'ownership_form', { plan, targetDate: target, unit: topic.unit }, 'leader');
    p.act(acceptDay + 1, 'take_ownership', { ownerLeaderId: String(env.leaderId), plan, targetDate: target }, 'leader');
  }
  const dueOn = addDays(accepted, 45);
  p.doc(acceptDay + 1, 'forward_slip', {
    mode: 'assign',
    to: topic.unit,
    dueOn,
    requirements: '请实地核查，听取信访人陈述，提出处理意见。',
  });
  p.act(acceptDay + 1, 'assign', {
    unit: topic.unit,
    dueOn,
    ...(env.villageOfficer ? { assigneeId: String(env.villageOfficer) } : {}),
  });
  const heard = p.date(acceptDay + 6);
  p.act(
    acceptDay + 7,
    'investigate',
    { heardOn: heard, findings: topic.facts },
    env.villageOfficer ? 'village' : 'xinfang',
  );
  if (o.own) p.act(acceptDay + 12, 'progress_note', { note: '已召集相关单位现场办公，明确整改责任。' }, 'leader');
  if (o.finish === 'investigating') return;
  if (o.finish === 'settled' && topic.settlement) {
    // Art 33: mediated with both sides' consent, or reconciled by themselves; the agreement ends it.
    const day = acceptDay + r.int(14, 24);
    const agreedOn = p.date(day);
    const t = topic.settlement;
    const doc = { ...t, facts: topic.facts };
    const record = { otherParty: t.otherParty, terms: t.terms, agreedOn };
    if (o.settle === 'reconciliation') {
      p.doc(day, 'reconciliation_agreement', doc);
      p.act(day, 'settle_reconciliation', record);
    } else {
      p.doc(day, 'mediation_agreement', doc);
      p.act(day, 'settle_mediation', { ...record, consent: '信访人与另一方当事人均当场表示同意由镇信访办组织调解' });
    }
    return;
  }
  if (o.extend) {
    const reason = '需要委托第三方检测并组织相关单位会商，情况复杂';
    p.act(acceptDay + 45, 'request_approval:extend', { length: 30, reason });
    p.act(acceptDay + 46, 'approve:extend', { opinion: '同意延长办理期限30日。' }, 'leader');
    p.doc(acceptDay + 46, 'extension_notice');
    p.act(acceptDay + 46, 'extend');
  }
  const replyDay = acceptDay + (o.extend ? r.int(70, 80) : o.lateReply ? r.int(75, 85) : r.int(25, 50));
  const reply = { opinion: topic.opinion, facts: topic.facts, reasons: topic.reasons, legalBasis: topic.legalBasis };
  p.doc(replyDay, 'handling_opinion', reply);
  p.act(replyDay, 'reply', reply);
  if (o.finish === 'replied') return;
  const deliverDay = replyDay + r.int(1, 3);
  const deliveredOn = p.date(deliverDay);
  const method = r.pick(['direct', 'direct', 'mail', 'electronic'] as const);
  p.doc(deliverDay, 'delivery_receipt', { method });
  p.act(deliverDay, 'deliver', { deliveredOn, method });
  if (o.finish === 'delivered') return;
  const reviewing = ['reviewing', 'reviewed', 'review_closed', 'rereviewing', 'concluded'].includes(o.finish);
  if (!reviewing) {
    p.act(deliverDay + 3, 'rate', { satisfaction: o.satisfaction ?? 'satisfied' });
    if (o.own) p.act(deliverDay + 4, 'leader_signoff', { opinion: '同意办结。' }, 'leader');
    p.act(deliverDay + 5, 'close');
    return;
  }
  p.act(deliverDay + 15, 'request_review', { requestedOn: p.date(deliverDay + 14), organ: '示范县人民政府' });
  if (o.finish === 'reviewing') return;
  const decided = p.date(deliverDay + 38);
  p.doc(deliverDay + 42, 'review_opinion', {
    outcome: 'upheld',
    opinion: '原处理意见认定事实清楚，适用依据正确，处理适当。',
    decidedOn: decided,
    organNumber: env.reviewNo(),
    nextOrgan: '示范市人民政府',
  });
  const reviewDelivered = p.date(deliverDay + 41);
  p.act(deliverDay + 42, 'record_review', {
    outcome: 'upheld',
    summary: '维持原处理意见。',
    deliveredOn: reviewDelivered,
  });
  if (o.finish === 'reviewed') return;
  if (o.finish === 'review_closed') {
    p.act(deliverDay + 75, 'close');
    return;
  }
  p.act(deliverDay + 55, 'request_rereview', { requestedOn: p.date(deliverDay + 54), organ: '示范市人民政府' });
  if (o.finish === 'rereviewing') return;
  p.act(deliverDay + 62, 'start_hearing');
  p.act(deliverDay + 64, 'end_hearing');
  p.doc(deliverDay + 85, 'rereview_opinion', {
    outcome: 'upheld',
    opinion: '复查意见认定事实清楚，适用依据正确。经听证，维持复查意见。',
    decidedOn: p.date(deliverDay + 83),
    organNumber: env.reviewNo().replace('示政', '示市'),
  });
  p.act(deliverDay + 85, 'record_rereview', {
    outcome: 'upheld',
    summary: '维持复查意见，本信访事项终结。',
    deliveredOn: p.date(deliverDay + 84),
  });
}

// ── The year ─────────────────────────────────────────────────────────────────────────────

interface Scenario {
  month: number;
  finish: string;
  category: 'claim' | 'suggestion' | 'accusation';
  options?: Partial<ClaimOptions> & {
    route?: number;
    notCompetent?: number;
    settlement?: number;
    objection?: 'agreed' | 'refused' | 'pending' | 'disputed';
  };
  collective?: boolean;
  channel?: 'visit' | 'letter' | 'online' | 'phone' | 'fax';
  source?: 'direct' | 'forwarded' | 'assigned';
  /** Index into the people; a person petitioning again makes a repeat petition. */
  person?: number;
  village?: number;
  byVillage?: boolean;
}

/**
 * Sixty-two matters: which state each ends in, and the twists on the way. What is still open at
 * the year's end is carried on through the first quarter of the next (SETTLED_BY), so the
 * demo's 2023 is a finished year three years on, not an inbox of 2023 matters.
 */
const YEAR: Scenario[] = [
  // 已办结 (closed): the bulk, some late, some extended, some owned by the leader.
  { month: 1, finish: 'closed', category: 'claim', person: 0, village: 0 },
  { month: 1, finish: 'closed', category: 'claim', options: { lateAccept: true, satisfaction: 'basically_satisfied' } },
  { month: 2, finish: 'closed', category: 'claim', options: { own: true }, collective: true, channel: 'visit' },
  { month: 2, finish: 'closed', category: 'claim', options: { extend: true }, village: 1, person: 1 },
  { month: 2, finish: 'closed', category: 'claim', source: 'forwarded', channel: 'letter' },
  { month: 3, finish: 'closed', category: 'claim', options: { satisfaction: 'unsatisfied' } },
  { month: 3, finish: 'closed', category: 'claim', options: { lateReply: true, satisfaction: 'basically_satisfied' } },
  { month: 3, finish: 'closed', category: 'claim', person: 2, byVillage: true, village: 0 },
  { month: 4, finish: 'closed', category: 'claim', options: { extend: true, own: true }, collective: true },
  { month: 4, finish: 'closed', category: 'claim', source: 'assigned', channel: 'online' },
  { month: 4, finish: 'closed', category: 'claim', person: 0, village: 0 },
  { month: 5, finish: 'closed', category: 'claim', options: { satisfaction: 'basically_satisfied' } },
  { month: 5, finish: 'closed', category: 'claim', options: { extend: true } },
  { month: 6, finish: 'closed', category: 'claim', options: { own: true }, village: 1 },
  { month: 6, finish: 'closed', category: 'claim', options: { lateAccept: true } },
  { month: 7, finish: 'closed', category: 'claim', person: 3 },
  { month: 7, finish: 'closed', category: 'claim', options: { extend: true, satisfaction: 'basically_satisfied' } },
  { month: 8, finish: 'closed', category: 'claim', channel: 'phone' },
  {
    month: 8,
    finish: 'closed',
    category: 'claim',
    options: { lateReply: true, satisfaction: 'unsatisfied' },
    person: 3,
  },
  { month: 9, finish: 'closed', category: 'claim', options: { own: true } },
  { month: 9, finish: 'closed', category: 'claim', channel: 'online' },
  // Reviews and re-reviews (arts 35, 36), the last of them answered in the new year.
  { month: 1, finish: 'concluded', category: 'claim', person: 4, options: { satisfaction: 'unsatisfied' } },
  { month: 3, finish: 'review_closed', category: 'claim', person: 5 },
  { month: 5, finish: 'concluded', category: 'claim', person: 6 },
  { month: 6, finish: 'review_closed', category: 'claim' },
  { month: 8, finish: 'review_closed', category: 'claim', collective: true },
  // Open at the year's end, some of them overdue (past 60 days without an opinion), and
  // finished in the first quarter of the next: answered, delivered, rated and closed.
  { month: 8, finish: 'closed', category: 'claim', village: 0, options: { lateReply: true } },
  { month: 9, finish: 'closed', category: 'claim', options: { own: true, lateReply: true } },
  { month: 10, finish: 'closed', category: 'claim', village: 1 },
  { month: 11, finish: 'closed', category: 'claim', person: 0, village: 0 },
  { month: 10, finish: 'closed', category: 'claim' },
  { month: 10, finish: 'closed', category: 'claim', options: { own: true } },
  { month: 10, finish: 'closed', category: 'claim', options: { satisfaction: 'basically_satisfied' } },
  { month: 11, finish: 'closed', category: 'claim', person: 7 },
  { month: 12, finish: 'closed', category: 'claim' },
  { month: 12, finish: 'closed', category: 'claim', collective: true, channel: 'visit' },
  { month: 12, finish: 'closed', category: 'claim', channel: 'letter' },
  { month: 12, finish: 'closed', category: 'claim', byVillage: true, village: 1 },
  { month: 12, finish: 'suggestion_closed', category: 'suggestion', channel: 'online' },
  // 建议意见 (art 29).
  { month: 2, finish: 'suggestion_closed', category: 'suggestion', channel: 'online' },
  { month: 4, finish: 'suggestion_closed', category: 'suggestion' },
  { month: 6, finish: 'suggestion_closed', category: 'suggestion', channel: 'letter' },
  { month: 9, finish: 'suggestion_closed', category: 'suggestion', channel: 'online' },
  { month: 11, finish: 'suggestion_closed', category: 'suggestion' },
  { month: 12, finish: 'suggestion_closed', category: 'suggestion', channel: 'online' },
  // 检举控告 to 纪检监察 (art 30), confidential from the accused village.
  { month: 3, finish: 'discipline', category: 'accusation', village: 0 },
  { month: 7, finish: 'discipline', category: 'accusation', village: 1, channel: 'letter' },
  { month: 10, finish: 'discipline', category: 'accusation', village: 2, channel: 'online' },
  // Out of the petition track (arts 23, 28, 31(1)–(5), 36 ¶3).
  { month: 2, finish: 'routed', category: 'claim', options: { route: 0 } },
  { month: 5, finish: 'routed', category: 'claim', options: { route: 1 } },
  { month: 7, finish: 'routed', category: 'claim', options: { route: 2 }, person: 4 },
  { month: 9, finish: 'routed', category: 'claim', options: { route: 3 } },
  { month: 4, finish: 'not_competent', category: 'claim', options: { notCompetent: 0 }, channel: 'online' },
  { month: 8, finish: 'not_competent', category: 'claim', options: { notCompetent: 1 }, channel: 'phone' },
  { month: 10, finish: 'declined', category: 'claim', channel: 'letter' },
  // Forwarded from above but outside the town's competence: objection (art 23 ¶3).
  { month: 5, finish: 'objection', category: 'claim', source: 'forwarded', options: { objection: 'agreed' } },
  { month: 6, finish: 'objection', category: 'claim', source: 'assigned', options: { objection: 'refused' } },
  { month: 12, finish: 'objection', category: 'claim', source: 'forwarded', options: { objection: 'agreed' } },
  { month: 12, finish: 'objection', category: 'claim', source: 'forwarded', options: { objection: 'agreed' } },
  { month: 11, finish: 'closed', category: 'claim', channel: 'visit' },
  // Settled by agreement while handled (art 33): a mediation and a reconciliation.
  { month: 5, finish: 'settled', category: 'claim', options: { settle: 'mediation', settlement: 0 }, channel: 'visit' },
  { month: 9, finish: 'settled', category: 'claim', options: { settle: 'reconciliation', settlement: 1 }, village: 1 },
];

const REPRESENTATIVE_NAMES = ['周德明', '马长根', '何永福', '林宝山', '胡春生'];

/** The last day the simulation acts on: the matters open at the year's end are finished by then. */
const settledBy = (year: number, until?: Date) => {
  const quarter = `${year + 1}-03-29`;
  // Never past the start (a first start in the next year's first quarter): the day before it.
  const last = until ? shanghaiDate(new Date(until.getTime() - 86_400_000)) : quarter;
  return last < quarter ? last : quarter;
};

function scheduleYear(
  year: number,
  seed: number,
  people: DemoPerson[],
  ids: { leader: number; cun01: number; cun02: number; villages: { id: number; name: string }[]; until?: Date },
): { plan: Plan; body: z.input<typeof CreateCaseBodySchema>; creator: Who; village: number }[] {
  const r = prng(seed);
  const CLAIMS = inYear(CLAIMS_OF, year);
  const SETTLEMENT_CLAIMS = inYear(SETTLEMENT_CLAIMS_OF, year);
  let reviewSeq = 0;
  let senderSeq = 0;
  let claimIx = 0;
  let suggestionIx = 0;
  let accusationIx = 0;
  // People 0–7 are the ones scripted to come back; everyone else petitions once.
  let next = 8;
  const out: ReturnType<typeof scheduleYear> = [];
  for (const s of YEAR) {
    const person = people[s.person ?? 8 + ((next++ - 8) % (people.length - 8))]!;
    const village = s.village ?? person.village;
    const v = ids.villages[village]!;
    const received = `${year}-${String(s.month).padStart(2, '0')}-${String(s.month === 12 ? r.int(1, 20) : r.int(1, 26)).padStart(2, '0')}`;
    const plan = new Plan(received);
    const officer = village === 0 ? ids.cun01 : village === 1 ? ids.cun02 : null;
    const env: Env = {
      leaderId: ids.leader,
      villageOfficer: officer,
      reviewNo: () => `示政信复〔${year}〕${++reviewSeq}号`,
    };
    const creator: Who = s.byVillage && officer ? 'village' : 'xinfang';
    const channel = s.channel ?? r.pick(['visit', 'visit', 'visit', 'letter', 'online', 'online', 'phone'] as const);
    const source = s.source ?? 'direct';
    const senderRef =
      source === 'direct' ? undefined : `示信${source === 'assigned' ? '交' : '转'}〔${year}〕${++senderSeq}号`;
    const peopleCount = s.collective ? r.int(6, 30) : 1;

    let title: string;
    let field: string;
    let summary: string;
    let requests: string;
    let claim: ClaimTopic | undefined;
    if (s.category === 'suggestion') {
      const t = SUGGESTIONS[suggestionIx++ % SUGGESTIONS.length]!;
      ({ title, field, summary, requests } = t);
    } else if (s.category === 'accusation') {
      const t = ACCUSATIONS[accusationIx++ % ACCUSATIONS.length]!;
      ({ title, summary, requests } = t);
      field = '村务管理';
    } else if (s.options?.route !== undefined) {
      ({ title, field, summary, requests } = ROUTES[s.options.route]!);
    } else if (s.options?.notCompetent !== undefined) {
      ({ title, field, summary, requests } = NOT_COMPETENT[s.options.notCompetent]!);
    } else if (s.options?.settlement !== undefined) {
      claim = SETTLEMENT_CLAIMS[s.options.settlement]!;
      ({ title, field, summary, requests } = claim);
    } else {
      claim = CLAIMS[claimIx++ % CLAIMS.length]!;
      ({ title, field, summary, requests } = claim);
    }
    if (s.finish === 'declined') {
      title = '再次反映征地补偿款分配问题';
      field = '征地补偿';
    }

    const parties: z.input<typeof CreateCaseBodySchema>['parties'] = [
      {
        role: 'petitioner',
        kind: 'person',
        name: person.name,
        idNumber: person.idNumber,
        phone: person.phone,
        address: person.address,
        unitId: String(v.id),
      },
    ];
    const representatives = s.collective ? [person.name, ...REPRESENTATIVE_NAMES.slice(0, 2)] : undefined;
    if (s.collective) {
      for (const name of REPRESENTATIVE_NAMES.slice(0, 2))
        parties.push({ role: 'representative', kind: 'person', name });
    }
    if (s.category === 'accusation') {
      // The accused unit is the village committee: its officers must never see the case.
      parties.push({ role: 'accused', kind: 'org', name: v.name, unitId: String(v.id) });
    }
    const body: z.input<typeof CreateCaseBodySchema> = {
      type: 'petition',
      title,
      unitId: String(v.id),
      fields: {
        channel,
        source,
        ...(senderRef ? { senderRef } : {}),
        receivedOn: received,
        category: s.category,
        field,
        summary,
        requests,
        peopleCount,
        ...(representatives ? { representatives } : {}),
      },
      parties,
    };

    // Registered on the day it came in, or the next working day.
    plan.create(0, creator);
    plan.doc(0, 'registration_form');
    const o = s.options ?? {};
    switch (s.finish) {
      case 'registered':
        break;
      case 'suggestion_closed':
      case 'studying': {
        const d = r.int(2, 9);
        plan.doc(d, 'acceptance_notice');
        plan.act(d, 'accept_suggestion');
        if (s.finish === 'suggestion_closed') {
          const answer = {
            adoption: r.pick(['adopted', 'partly_adopted', 'not_adopted'] as const),
            answer: `经研究论证，并征求有关部门意见，${requests.replace(/^建议/, '对')}一事已作出安排。`,
          };
          plan.doc(d + r.int(20, 40), 'suggestion_reply', answer);
          plan.act(d + r.int(41, 44), 'answer_suggestion', answer);
        }
        break;
      }
      case 'discipline': {
        const d = r.int(1, 5);
        const authority = '中共示范县纪律检查委员会、示范县监察委员会';
        plan.doc(d, 'forward_slip', { mode: 'forward', to: authority });
        plan.act(d, 'route_discipline', { authority });
        break;
      }
      case 'routed': {
        const t = ROUTES[o.route!]!;
        const d = r.int(1, 6);
        plan.doc(d, 'route_notice', { route: t.route, authority: t.authority, reason: t.reason });
        plan.act(d, 'route_statutory', { route: t.route, authority: t.authority, reason: t.reason });
        break;
      }
      case 'not_competent': {
        const t = NOT_COMPETENT[o.notCompetent!]!;
        const d = r.int(1, 6);
        plan.doc(d, 'competent_body_notice', { authority: t.authority, reason: t.reason });
        plan.act(d, 'not_competent', { authority: t.authority, reason: t.reason });
        break;
      }
      case 'declined': {
        const prior = `湾信〔${year - 1}〕17号`;
        const reason = '你反映的征地补偿款分配问题已经复查、复核，你以同一事实和理由再次提出';
        plan.doc(3, 'non_acceptance_notice', { priorCaseNo: prior, reason });
        plan.act(3, 'decline', { priorCaseNo: prior, reason });
        break;
      }
      case 'objection': {
        const reasons = '该事项涉及县道拓宽工程的征收补偿，征收主体为县人民政府，不属于本镇职权范围。';
        plan.act(1, 'dispute_competence', { reason: '经研判，属于县级征收补偿事项。' });
        if (o.objection === 'disputed') break;
        plan.doc(2, 'objection_letter', { to: '示范县信访局', reasons, suggestedAuthority: '示范县自然资源和规划局' });
        plan.act(2, 'object', { reasons });
        if (o.objection === 'pending') break;
        if (o.objection === 'agreed') {
          plan.act(9, 'objection_agreed', { decidedOn: plan.date(8) });
          break;
        }
        // Refused: the town must handle it after all; the 15 days run again from the day it came back.
        plan.act(9, 'objection_refused', { receivedOn: plan.date(8) });
        claimSteps(plan, env, CLAIMS[0]!, { finish: 'closed', startAt: 9 }, r);
        break;
      }
      default:
        claimSteps(plan, env, claim ?? CLAIMS[2]!, { ...o, finish: s.finish as Finish }, r);
    }
    // Nothing happens after the first quarter of the next year: what is open then stays open.
    const end = settledBy(year, ids.until);
    const cut = plan.steps.findIndex((st) => shanghaiDate(st.at) > end);
    if (cut >= 0) plan.steps.splice(cut);
    out.push({ plan, body, creator, village });
  }
  return out;
}

// ── Leaders: 开门接访 and 带案下访 (信访工作条例 art 18) ──────────────────────────────────────

/** One reception day a month for every leader; the month's theme is what the office publicises. */
const RECEPTION_TOPICS = [
  '春节前矛盾纠纷排查化解',
  '农村人居环境整治',
  '春耕生产和农田水利',
  '征地拆迁补偿',
  '低保、医保和社会救助',
  '防汛和地质灾害防治',
  '防汛抗台',
  '农村宅基地管理',
  '欠薪和劳动保障',
  '秋冬季农村道路交通安全',
  '信访积案化解',
  '年终矛盾纠纷集中化解',
];

/** What visitors bring that a leader can answer on the spot. */
const ANSWERED_MATTERS: { matter: string; answer: string }[] = [
  {
    matter: '咨询农村低保申请条件和办理流程。',
    answer: '已当场解释低保申请条件、所需材料和办理流程，告知向村委会提出申请，来访人表示理解。',
  },
  {
    matter: '反映村口路灯损坏多日无人维修。',
    answer: '当场联系村委会，村委会承诺三日内更换路灯，来访人表示满意。',
  },
  {
    matter: '咨询城乡居民养老保险补缴政策。',
    answer: '已当场说明补缴条件和标准，请其持身份证到镇便民服务中心办理。',
  },
  {
    matter: '反映邻居家犬只散养影响出行安全。',
    answer: '已当场联系村调解委员会上门劝导，并告知可申请人民调解。',
  },
  {
    matter: '咨询宅基地翻建审批手续。',
    answer: '已当场解释农村宅基地审批程序，告知向村委会和镇自然资源和规划办提出申请。',
  },
  {
    matter: '反映务工工资被拖欠，咨询维权途径。',
    answer: '已告知可向县劳动保障监察机构投诉或申请劳动仲裁，并联系镇司法所提供法律援助。',
  },
  {
    matter: '咨询残疾人两项补贴申领。',
    answer: '已当场说明申领条件，请其持残疾人证到村委会登记，镇民政办跟踪办理。',
  },
  {
    matter: '反映承包地灌溉用水分配不公。',
    answer: '当场约定由村委会召集用水户协商，制定轮灌方案，来访人表示接受。',
  },
];

/** Receptions whose matter could not be answered on the spot and was registered as a petition. */
const RECEPTION_PETITIONS: { month: number; claim: number; finish: Finish; own?: boolean }[] = [
  { month: 3, claim: 4, finish: 'closed' },
  { month: 6, claim: 7, finish: 'closed', own: true },
  { month: 9, claim: 9, finish: 'closed' },
  { month: 11, claim: 10, finish: 'closed', own: true },
];

/** July's reception gave way to flood duty (防汛): cancelled, as schedules are. */
const CANCELLED_MONTH = 7;

const VISIT_PEOPLE = ['信访人及其家属、村两委成员', '相关当事人、村民代表和网格员', '信访人、相邻住户和村民小组长'];
const VISIT_OUTCOMES = [
  '现场查看，听取信访人诉求，会同村两委研究化解方案，信访人表示认可。',
  '召集相关当事人现场协商，明确责任单位和整改时限，矛盾得到初步化解。',
  '实地核查情况，向群众解释政策，对合理诉求当场交办，对不合理诉求做好疏导。',
];

type PlanEntry = { plan: Plan; body: z.input<typeof CreateCaseBodySchema>; creator: Who; village: number };

/**
 * The year's reception schedule and receptions as plans in the same queue as the petitions
 * (a reception that registers a petition takes its number in time order), and a function
 * that records the visits afterwards (they number nothing, so they can follow the year).
 */
async function leaderYear(
  svc: { cases: CaseService; receptions: ReceptionService },
  ctx: {
    year: number;
    seed: number;
    people: DemoPerson[];
    xinfang: CaseAccess;
    villages: { id: number; name: string }[];
    until?: Date | undefined;
  },
  plans: PlanEntry[],
  caseOf: Map<number, number>,
) {
  const db = svc.cases.database;
  const service = svc.receptions;
  const acc = await receptionAccessOf(db, ctx.xinfang);
  const townId = ctx.xinfang.auth.townId ?? ctx.xinfang.townIds[0]!;
  const leaders = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.display_name'])
    .distinct()
    .where('r.role', '=', 'leader')
    .where('r.town_id', '=', townId)
    .where('u.disabled', '=', false)
    .orderBy('u.id')
    .execute();
  const { year } = ctx;
  const CLAIMS = inYear(CLAIMS_OF, year);
  const r = prng(ctx.seed * 13 + 5);
  const audit = (now: Date) => auditorFor(ctx.xinfang, now);
  let visitor = 30;
  let answeredIx = 0;
  let slots = 0;
  let receptions = 0;
  const petitionPlans: number[] = [];
  /** The petitions registered for visitors answered on the spot (art 23 ¶2), closed there. */
  const answeredCaseIds: number[] = [];
  const answeredOf = async (receptionId: number) => {
    const rows = await db
      .selectFrom('reception_visitors')
      .select('case_id')
      .where('reception_id', '=', receptionId)
      .where('outcome', '=', 'answered')
      .orderBy('sort')
      .execute();
    for (const v of rows) if (v.case_id !== null) answeredCaseIds.push(v.case_id);
  };
  const nextVisitor = (withId: boolean, outcome: 'answered') => {
    const person = ctx.people[visitor++ % ctx.people.length]!;
    const m = ANSWERED_MATTERS[answeredIx++ % ANSWERED_MATTERS.length]!;
    return {
      outcome,
      name: person.name,
      ...(withId ? { idNumber: person.idNumber, phone: person.phone } : {}),
      unitId: String(ctx.villages[person.village]!.id),
      peopleCount: r.int(1, 10) > 8 ? r.int(2, 4) : 1,
      matter: m.matter,
      answer: m.answer,
    };
  };

  for (let month = 1; month <= 12; month++) {
    const mm = String(month).padStart(2, '0');
    for (const [li, leader] of leaders.entries()) {
      const day = workdayFrom(`${year}-${mm}-${String(Math.min(5 + 7 * li, 26)).padStart(2, '0')}`);
      const plan = new Plan(day);
      const entry: PlanEntry = {
        plan,
        body: { type: 'petition', title: `${month}月${leader.display_name}接访` },
        creator: 'xinfang',
        village: 0,
      };
      plans.push(entry);
      let slotId = 0;
      const announced = at(workdayFrom(addDays(day, -10)), 0);
      plan.external(announced, 'reception_slot', async () => {
        slotId = await service.createSlot(
          acc,
          {
            leaderId: String(leader.id),
            onDate: day,
            startsAt: '09:00',
            endsAt: '11:30',
            place: '镇信访接待室',
            topic: RECEPTION_TOPICS[month - 1]!,
            published: true,
          },
          announced,
          audit(announced),
        );
        slots++;
      });
      if (month === CANCELLED_MONTH && li === 0) {
        const cancelled = at(workdayFrom(addDays(day, -2)), 30);
        plan.external(cancelled, 'reception_slot_cancel', () =>
          service.updateSlot(acc, slotId, { cancelled: true, version: 1 }, cancelled, audit(cancelled)),
        );
        continue;
      }
      const visitors: Record<string, unknown>[] = [];
      for (let k = 0, n = r.int(1, 3); k < n; k++) visitors.push(nextVisitor(k % 2 === 0, 'answered'));
      const spec = li === 0 ? RECEPTION_PETITIONS.find((x) => x.month === month) : undefined;
      let petitionPlan = -1;
      if (spec) {
        const claim = CLAIMS[spec.claim % CLAIMS.length]!;
        const person = ctx.people[40 + petitionPlans.length]!;
        visitors.push({
          outcome: 'petition',
          name: person.name,
          idNumber: person.idNumber,
          phone: person.phone,
          address: person.address,
          unitId: String(ctx.villages[person.village]!.id),
          peopleCount: 1,
          matter: claim.summary,
          title: claim.title,
          category: 'claim',
          field: claim.field,
          requests: claim.requests,
        });
        // The petition's own handling, from the day after the reception, as any visit petition's.
        const follow = new Plan(day);
        const env: Env = {
          leaderId: leader.id,
          villageOfficer: null,
          reviewNo: () => `示政信复〔${year}〕${90 + petitionPlans.length}号`,
        };
        claimSteps(follow, env, claim, { finish: spec.finish, ...(spec.own ? { own: true } : {}) }, r);
        const cut = follow.steps.findIndex((st) => shanghaiDate(st.at) > settledBy(year, ctx.until));
        if (cut >= 0) follow.steps.splice(cut);
        petitionPlan = plans.length;
        plans.push({ plan: follow, body: { type: 'petition', title: claim.title }, creator: 'xinfang', village: 0 });
        petitionPlans.push(petitionPlan);
      }
      const held = at(day, 150);
      plan.external(held, 'reception', async () => {
        const id = await service.createReception(
          acc,
          ReceptionCreateBodySchema.parse({ slotId: String(slotId), visitors }),
          held,
          audit(held),
        );
        receptions++;
        await answeredOf(id);
        if (petitionPlan >= 0) {
          const v = await db
            .selectFrom('reception_visitors')
            .select('case_id')
            .where('reception_id', '=', id)
            .where('outcome', '=', 'petition')
            .executeTakeFirstOrThrow();
          caseOf.set(petitionPlan, v.case_id!);
        }
      });
    }
  }

  // A reception held outside the schedule: the leader received villagers at 桥东村 (下沉接访).
  const extraDay = workdayFrom(`${year}-04-18`);
  const extra = new Plan(extraDay);
  plans.push({ plan: extra, body: { type: 'petition', title: '下沉接访' }, creator: 'xinfang', village: 1 });
  const extraAt = at(extraDay, 300);
  const extraVisitors = [nextVisitor(true, 'answered'), nextVisitor(false, 'answered')];
  if (leaders[0]) {
    const leaderId = String(leaders[0].id);
    extra.external(extraAt, 'reception', async () => {
      const id = await service.createReception(
        acc,
        ReceptionCreateBodySchema.parse({
          leaderId,
          receivedOn: extraDay,
          place: '桥东村党群服务中心',
          note: '镇领导下沉到村接访，未列入月度安排。',
          visitors: extraVisitors,
        }),
        extraAt,
        audit(extraAt),
      );
      receptions++;
      await answeredOf(id);
    });
  }

  /** 带案下访 every other month, by each leader in turn, to a village with cases of the year. */
  const visits = async (caseIds: number[]): Promise<number> => {
    if (leaders.length === 0 || caseIds.length === 0) return 0;
    const leaderAccess = await receptionAccessOf(db, await demoAccess(db, 'leader', svc.cases.registry));
    let made = 0;
    for (const [k, month] of [2, 4, 6, 8, 10, 12].entries()) {
      const leader = leaders[k % leaders.length]!;
      const visitedOn = workdayFrom(`${year}-${String(month).padStart(2, '0')}-20`);
      const village = ctx.villages[k % ctx.villages.length]!;
      // Open or recent matters of that village received before the visit; never an accusation
      // (its material is not taken to the village it accuses, art 30 ¶3).
      const cases = await db
        .selectFrom('cases')
        .select('id')
        .where('id', 'in', caseIds)
        .where('unit_id', '=', village.id)
        .where('confidential', '=', false)
        .where(sql<boolean>`coalesce(fields->>'receivedOn', '') <= ${visitedOn}`)
        .orderBy(sql`fields->>'receivedOn'`, 'desc')
        .limit(k % 3 === 0 ? 1 : 2)
        .execute();
      const now = at(visitedOn, 480);
      await service.createVisit(
        leaderAccess,
        {
          leaderId: String(leader.id),
          visitedOn,
          unitId: String(village.id),
          caseIds: cases.map((c) => String(c.id)),
          peopleMet: VISIT_PEOPLE[k % VISIT_PEOPLE.length]!,
          outcome: VISIT_OUTCOMES[k % VISIT_OUTCOMES.length]!,
          ...(k % 2 === 0 ? { followUp: '责成村委会两周内反馈落实情况，镇信访办跟踪督办。' } : {}),
        },
        now,
        auditorFor(leaderAccess.cases, now),
      );
      made++;
    }
    return made;
  };

  return {
    get slots() {
      return slots;
    },
    get receptions() {
      return receptions;
    },
    petitionPlans,
    answeredCaseIds,
    visits,
  };
}

// ── Running it ───────────────────────────────────────────────────────────────────────────

function auditorFor(access: CaseAccess, now: Date) {
  const a = access.auth;
  return (action: string, target: string, details?: Record<string, unknown>): AuditEntry => ({
    chainId: a.chainId,
    at: now,
    actorId: a.userId,
    actorName: a.displayName,
    unitId: a.primaryUnit?.id ?? null,
    unitName: a.primaryUnit?.name ?? null,
    ip: null,
    action,
    target,
    outcome: 'success',
    details: { ...details, demo: true },
  });
}

export async function seedPetitionDemo(
  services: Pick<CoreServices, 'cases'> & { receptions?: ReceptionService | undefined },
  opts: PetitionDemoOptions = {},
): Promise<PetitionDemoResult> {
  const year = opts.year ?? 2023;
  const seed = opts.seed ?? 2023;
  const { cases } = services;
  const db = cases.database;
  const who = {
    xinfang: await demoAccess(db, 'xinfang', cases.registry),
    leader: await demoAccess(db, 'leader', cases.registry),
    cun01: await demoAccess(db, 'cun01', cases.registry),
    cun02: await demoAccess(db, 'cun02', cases.registry),
  };
  const villages = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where(
      'name',
      'in',
      DEMO_VILLAGES.map((v) => v.name),
    )
    .where('town_id', '=', who.xinfang.auth.townId ?? who.xinfang.townIds[0] ?? 0)
    .execute();
  const byName = new Map(villages.map((v) => [v.name, v]));
  const people = petitionDemoPeople(60, seed);
  const plans = scheduleYear(year, seed, people, {
    leader: who.leader.auth.userId,
    cun01: who.cun01.auth.userId,
    cun02: who.cun02.auth.userId,
    villages: DEMO_VILLAGES.map((v) => byName.get(v.name)!),
    ...(opts.until ? { until: opts.until } : {}),
  });

  const caseOf = new Map<number, number>();
  // The leaders' receptions (art 18): the schedule and the receptions run in the same queue,
  // since a reception registers petitions and so takes case numbers in its turn.
  const leaders = services.receptions
    ? await leaderYear(
        { cases, receptions: services.receptions },
        {
          year,
          seed,
          people,
          xinfang: who.xinfang,
          villages: DEMO_VILLAGES.map((v) => byName.get(v.name)!),
          until: opts.until,
        },
        plans,
        caseOf,
      )
    : null;

  // Every step of the year in time order, so case numbers, 文号 and the audit trail run
  // forward like a real year's work.
  const queue = plans.flatMap((p, i) => p.plan.steps.map((st, j) => ({ ...st, plan: i, order: j })));
  queue.sort((a, b) => a.at.getTime() - b.at.getTime() || a.plan - b.plan || a.order - b.order);
  const version = async (id: number) =>
    (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  for (const [i, st] of queue.entries()) {
    if (i % 25 === 0) opts.onProgress?.(i / queue.length);
    const p = plans[st.plan]!;
    const access =
      st.who === 'leader' ? who.leader : st.who === 'village' ? (p.village === 0 ? who.cun01 : who.cun02) : who.xinfang;
    const audit = auditorFor(access, st.at);
    try {
      if (st.kind === 'external') {
        await st.run!();
        continue;
      }
      if (st.kind === 'create') {
        const id = await cases.create(access, CreateCaseBodySchema.parse(p.body), st.at, audit);
        caseOf.set(st.plan, id);
        continue;
      }
      const id = caseOf.get(st.plan)!;
      if (st.kind === 'doc') {
        await cases.issueDocument(
          access,
          id,
          { version: await version(id), kind: st.name, input: st.input },
          st.at,
          audit,
        );
      } else {
        await cases.act(access, id, st.name, { version: await version(id), input: st.input }, st.at, audit);
      }
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new Error(
        `演示数据第${st.plan + 1}件（${p.body.title}）在${shanghaiDate(st.at)}「${st.name}」失败：${msg}`,
      );
    }
  }

  const mediationIds: number[] = [];
  if ((opts.withMediation ?? true) && cases.registry.find('mediation')) {
    mediationIds.push(...(await seedSharedMediation(services, people, year, villages)));
  }

  // Plans without a case are the schedule's own (no petition of their own).
  const planned = plans.map((_, i) => caseOf.get(i)).filter((id): id is number => id !== undefined);
  // The leaders take matters still being worked to the villages, not those answered at a reception.
  const visits = leaders ? await leaders.visits([...planned, ...mediationIds]) : 0;
  const caseIds = [...planned, ...(leaders?.answeredCaseIds ?? [])];
  const states = await db.selectFrom('cases').select(['state']).where('id', 'in', caseIds).execute();
  const byState: Record<string, number> = {};
  for (const s of states) byState[s.state] = (byState[s.state] ?? 0) + 1;
  return {
    caseIds,
    mediationIds,
    byState,
    ...(leaders
      ? {
          leaders: {
            slots: leaders.slots,
            receptions: leaders.receptions,
            receptionCaseIds: leaders.petitionPlans.map((i) => caseOf.get(i)!),
            visits,
          },
        }
      : {}),
  };
}

/**
 * A few of the year's petitioners also brought a dispute to the 矛调中心 before they
 * petitioned: the history route finds both through the party index.
 */
async function seedSharedMediation(
  services: Pick<CoreServices, 'cases'>,
  people: DemoPerson[],
  year: number,
  villages: { id: number; name: string }[],
): Promise<number[]> {
  const db = services.cases.database;
  const tiaojie = await demoAccess(db, 'tiaojie', services.cases.registry);
  const disputes = [
    {
      who: 0,
      other: 20,
      month: 1,
      type: 'land',
      title: '承包地边界纠纷',
      summary: '两户承包地相邻，因田埂位置发生争执。',
    },
    {
      who: 3,
      other: 21,
      month: 5,
      type: 'neighbor',
      title: '相邻排水纠纷',
      summary: '邻居新建围墙堵塞排水沟，雨天积水倒灌。',
    },
    {
      who: 4,
      other: 22,
      month: 1,
      type: 'land',
      title: '征地补偿款分配纠纷',
      summary: '与村民小组就补偿款分配发生争议。',
    },
  ];
  const ids: number[] = [];
  for (const d of disputes) {
    const a = people[d.who]!;
    const b = people[d.other]!;
    const received = `${year}-${String(d.month).padStart(2, '0')}-0${3 + ids.length}`;
    const now = at(workdayFrom(received), 60);
    const unit = villages.find((v) => v.name === DEMO_VILLAGES[a.village]!.name)!;
    const id = await services.cases.create(
      tiaojie,
      CreateCaseBodySchema.parse({
        type: 'mediation',
        title: d.title,
        unitId: String(unit.id),
        fields: {
          channel: 'walk_in',
          disputeType: d.type,
          peopleCount: 2,
          summary: d.summary,
          requests: '请求调解。',
          receivedOn: received,
        },
        parties: [
          { role: 'applicant', kind: 'person', name: a.name, idNumber: a.idNumber, phone: a.phone, address: a.address },
          { role: 'respondent', kind: 'person', name: b.name, idNumber: b.idNumber, address: b.address },
        ],
      }),
      now,
      auditorFor(tiaojie, now),
    );
    ids.push(id);
    // Without the mediation module's templates (a bare type in tests) the documents cannot be issued.
    if (!services.cases.registry.find('mediation')?.templates?.registration) continue;
    // Mediated and not settled (which is why the person went on to petition): ended with a
    // notice of the other routes and filed, so no 2023 dispute waits in the centre's inbox.
    const step = async (
      day: string,
      minutes: number,
      kind: 'doc' | 'act',
      name: string,
      input?: Record<string, unknown>,
    ) => {
      const t = at(day, minutes);
      const version = (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow())
        .version;
      if (kind === 'doc') {
        await services.cases.issueDocument(tiaojie, id, { version, kind: name, input }, t, auditorFor(tiaojie, t));
      } else {
        await services.cases.act(tiaojie, id, name, { version, input }, t, auditorFor(tiaojie, t));
      }
    };
    const day0 = workdayFrom(received);
    const sessionDay = workdayFrom(addDays(day0, 4));
    const endDay = workdayFrom(addDays(sessionDay, 7));
    const reason = '双方分歧较大，经调解未能达成一致';
    const session = {
      date: sessionDay,
      place: '湾头桥镇综治中心调解室',
      attendees: [a.name, b.name],
      summary: '听取双方陈述，释法说理，双方均坚持各自主张。',
    };
    await step(day0, 70, 'doc', 'registration');
    await step(day0, 75, 'act', 'accept');
    await step(day0, 90, 'act', 'route', { route: 'people', committee: '湾头桥镇人民调解委员会' });
    await step(day0, 95, 'act', 'assign', { assigneeId: String(tiaojie.auth.userId) });
    await step(sessionDay, 60, 'doc', 'session_record', {
      date: sessionDay,
      place: session.place,
      content: session.summary,
    });
    await step(sessionDay, 65, 'act', 'record_session', session);
    await step(endDay, 60, 'doc', 'termination_notice', {
      terminationReason: reason,
      suggestion: '可依法向人民法院提起诉讼，或向有关部门反映',
    });
    await step(endDay, 65, 'act', 'terminate', { terminationReason: reason });
    await step(workdayFrom(addDays(endDay, 5)), 120, 'act', 'archive', {});
  }
  return ids;
}
