/**
 * The demo year's work safety (ServerModule.demo.year), for 湾头桥镇, deterministic (mulberry32
 * seeded by the year, like the other demos):
 * - once: 120 production and business units across the town's ten villages and communities
 *   (valid 统一社会信用代码, GB 32100-2015; contacts encrypted like parties'), and the default
 *   checklist of each industry (domain/src/safety/default-checklists.ts) when the town has none;
 * - each year: the annual plan as the generator draws it (domain/src/safety/plan.ts, 安全生产法
 *   art 62; entries marked `generated`) and ≈300 inspection records by the 安监办's certified
 *   officers, 3 or 4 to an inspection (≈1,000 person-times: the seed's
 *   “开展安全生产综合性检查工作近300次，出动人员近1000人”), on working days of the town's
 *   calendar, never past `until`;
 * - the hazards those inspections found as `hazard` cases taken through the case service
 *   (domain/src/cases/hazard.ts), in every state, with the year's two 重大事故隐患: one supervised
 *   to resumption, one ending in a linked penalty (see `seedHazards`).
 */
import { hazard, usccCheckChar } from '@fazhi/domain';
import { DEFAULT_CHECKLISTS } from '@fazhi/domain/safety/default-checklists';
import { generatePlan } from '@fazhi/domain/safety/plan';
import { maskPhone } from '@fazhi/domain/validators/mask';
import type { Kysely } from 'kysely';
import { officeHour } from '../../core/demo.ts';
import type { CoreServices } from '../../core/module.ts';
import type { DB, SafetyChecklistItem, SafetyInspectionKind, SafetyInspectionResult } from '../../db/schema.ts';

/** mulberry32: small, fast, and the same sequence on every platform (as petition/demo.ts). */
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
type Rng = ReturnType<typeof prng>;

/**
 * A JSON array as jsonb text (node-postgres would send a bare JS array as a PostgreSQL array).
 * Cast because schema.ts types these columns `Generated<Json<…>>`, which nests two ColumnTypes
 * and leaves no insertable type (reported to the lead; `ColumnType<T, string | T | undefined, …>`
 * would say it).
 */
const jsonb = (v: unknown) => JSON.stringify(v) as never;

const TOWN = '湾头桥镇';

const stateLabel = (k: string) => (hazard.states as Record<string, { label: string }>)[k]?.label ?? k;

// ── Units ────────────────────────────────────────────────────────────────────────────────

type Industry = 'industry_trade' | 'hazchem' | 'workshop' | 'crowded' | 'construction' | 'other';

/** Per industry: how many units, and their trades (name part, legal form, size, 重点?). */
const TRADES: Record<
  Industry,
  { count: number; kinds: [string, string, 'large' | 'medium' | 'small' | 'micro', boolean][] }
> = {
  industry_trade: {
    count: 48,
    kinds: [
      ['五金', '厂', 'small', false],
      ['五金制品', '有限公司', 'medium', false],
      ['机械配件', '有限公司', 'small', false],
      ['塑料制品', '厂', 'small', false],
      ['家具', '有限公司', 'medium', true],
      ['木业', '有限公司', 'small', false],
      ['纺织', '有限公司', 'medium', false],
      ['铝制品', '加工厂', 'small', false],
      ['包装材料', '有限公司', 'small', false],
      ['食品', '有限公司', 'medium', false],
      ['汽配', '有限公司', 'large', true],
      ['服装', '厂', 'small', false],
    ],
  },
  hazchem: {
    count: 10,
    kinds: [
      ['加油站', '', 'small', true],
      ['液化气供应站', '', 'micro', true],
      ['化工原料经营部', '', 'micro', true],
      ['油漆涂料经营部', '', 'micro', true],
    ],
  },
  workshop: {
    count: 18,
    kinds: [
      ['豆制品作坊', '', 'micro', false],
      ['糕点作坊', '', 'micro', false],
      ['酿酒作坊', '', 'micro', false],
      ['米面加工坊', '', 'micro', false],
      ['竹编加工点', '', 'micro', false],
    ],
  },
  crowded: {
    count: 26,
    kinds: [
      ['超市', '', 'small', false],
      ['大酒店', '', 'medium', false],
      ['宾馆', '', 'small', false],
      ['农贸市场', '', 'medium', true],
      ['KTV', '', 'small', false],
      ['饭店', '', 'micro', false],
      ['网吧', '', 'micro', false],
      ['养老院', '', 'small', true],
    ],
  },
  construction: {
    count: 8,
    kinds: [
      ['安置小区项目部', '', 'medium', true],
      ['厂房建设项目部', '', 'small', false],
      ['道路提升工程项目部', '', 'small', false],
    ],
  },
  other: {
    count: 10,
    kinds: [
      ['物流', '有限公司', 'small', false],
      ['仓储', '有限公司', 'small', false],
      ['汽车修理厂', '', 'micro', false],
      ['废旧物资回收站', '', 'micro', false],
    ],
  },
};

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '建国伟强军平华明红英芳丽秀兰海燕春雷志刚永胜卫东金宝德林玉梅桂香小龙文杰俊峰晓东新民立新国庆德明勇敏静霞';

const name2 = (r: Rng) => r.pick([...SURNAMES]) + r.pick([...GIVEN]) + (r.next() < 0.6 ? r.pick([...GIVEN]) : '');
const phone = (r: Rng) => `1${r.pick(['3', '5', '7', '8', '9'])}${String(r.int(0, 999_999_999)).padStart(9, '0')}`;

const ORG_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 组织机构代码 (GB 11714) of 8 characters and its check character. */
function orgCode(r: Rng): string {
  const body = Array.from({ length: 8 }, (_, i) => (i < 2 ? ORG_ALPHABET[r.int(0, 9)]! : ORG_ALPHABET[r.int(0, 30)]!));
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.reduce((s, c, i) => s + ORG_ALPHABET.indexOf(c) * w[i]!, 0);
  const c = 11 - (sum % 11);
  return body.join('') + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

/** 统一社会信用代码: 登记管理部门 9 (工商), 类别 1 企业 / 2 个体工商户, the county's 339900. */
export function demoCreditCode(r: Rng, individual: boolean): string {
  const first17 = `9${individual ? '2' : '1'}339900${orgCode(r)}`;
  return first17 + usccCheckChar(first17);
}

const shortVillage = (name: string) => name.replace(/(村民委员会|社区居民委员会)$/, '').replace(/(村|社区)$/, '');

async function ensureUnits(
  db: Kysely<DB>,
  core: Pick<CoreServices, 'cipher'>,
  townId: number,
  by: number,
  at: Date,
): Promise<number> {
  const have = await db.selectFrom('safety_units').select('id').where('town_id', '=', townId).executeTakeFirst();
  if (have) return 0;
  const villages = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('parent_id', '=', townId)
    .where('kind', 'in', ['village', 'community'])
    .orderBy('id')
    .execute();
  if (villages.length === 0) return 0;
  const r = prng(20_231_501);
  const rows = [];
  const names = new Set<string>();
  const codes = new Set<string>();
  let n = 0;
  for (const [industry, t] of Object.entries(TRADES) as [Industry, (typeof TRADES)[Industry]][]) {
    for (let i = 0; i < t.count; i++) {
      const v = villages[n % villages.length]!;
      n++;
      const [trade, form, size, key] = t.kinds[i % t.kinds.length]!;
      const place = shortVillage(v.name);
      // A few owners' names make the firm's name, as many small firms are named.
      let name = '';
      for (let k = 0; !name || names.has(name); k++) {
        const brand =
          k === 0
            ? place
            : `${place}${r.pick(['宏', '鑫', '兴', '盛', '达', '顺', '丰', '利', '华', '恒'])}${r.pick(['源', '发', '泰', '隆', '旺', '通', '安', '达'])}`;
        name = form ? `${TOWN}${brand}${trade}${form}` : `${TOWN}${brand}${trade}`;
      }
      names.add(name);
      let code = '';
      while (!code || codes.has(code)) code = demoCreditCode(r, size === 'micro' && form === '');
      codes.add(code);
      const p = phone(r);
      const officer = size === 'micro' ? null : name2(r);
      const op = officer ? phone(r) : null;
      const licences =
        industry === 'hazchem'
          ? [
              {
                name: '危险化学品经营许可证',
                no: `示危化经字〔${2021 + (i % 3)}〕${String(100 + i).padStart(4, '0')}`,
                validUntil: `${2024 + (i % 4)}-${String(1 + (i % 12)).padStart(2, '0')}-28`,
              },
            ]
          : industry === 'workshop'
            ? [{ name: '食品小作坊登记证', no: `示食坊${String(300 + i)}`, validUntil: `${2025 + (i % 3)}-06-30` }]
            : [];
      rows.push({
        town_id: townId,
        village_id: v.id,
        name,
        credit_code: code,
        address: `示范县${TOWN}${place}${industry === 'crowded' ? '集镇' : ''}${r.int(1, 12)}组${r.int(1, 88)}号`,
        industry,
        size,
        risk_class: (key || size === 'large' ? 'key' : 'general') as 'key' | 'general',
        principal_name: name2(r),
        principal_phone_enc: core.cipher.encrypt(p),
        principal_phone_masked: maskPhone(p),
        safety_officer_name: officer,
        safety_officer_phone_enc: op ? core.cipher.encrypt(op) : null,
        safety_officer_phone_masked: op ? maskPhone(op) : null,
        licences: jsonb(licences),
        created_by: by,
        created_at: at,
        updated_at: at,
      });
    }
  }
  await db.insertInto('safety_units').values(rows).execute();
  return rows.length;
}

// ── Checklists ───────────────────────────────────────────────────────────────────────────

/**
 * The default checklist of each industry (domain/src/safety/default-checklists.ts), installed as
 * the checklists service installs them (plans/checklists.ts installDefaults): one per industry,
 * a title the town already uses left alone. Only when the town has none, like a new office that
 * starts from the defaults.
 */
async function ensureChecklists(db: Kysely<DB>, townId: number, by: number, at: Date): Promise<number> {
  const have = await db.selectFrom('safety_checklists').select('id').where('town_id', '=', townId).executeTakeFirst();
  if (have) return 0;
  const rows = await db
    .insertInto('safety_checklists')
    .values(
      Object.entries(DEFAULT_CHECKLISTS).map(([industry, d]) => ({
        town_id: townId,
        industry,
        title: d.title,
        items: JSON.stringify(d.items),
        created_by: by,
        created_at: at,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['town_id', 'title']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

// ── The plan and the inspections ─────────────────────────────────────────────────────────

interface Unit {
  id: number;
  name: string;
  address: string;
  industry: string;
  risk_class: 'key' | 'general';
}

/** A deterministic UUID v4 from the PRNG (the phone's draft id, safety_inspections.client_id). */
function uuid(r: Rng): string {
  const h = Array.from({ length: 32 }, () => '0123456789abcdef'[r.int(0, 15)]!);
  h[12] = '4';
  h[16] = '89ab'[r.int(0, 3)]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/**
 * The hazards a town's inspectors find, with where, what they order and the article: `spot` says
 * how often one is put right while they are there (an extinguisher swapped, a passage cleared)
 * rather than needing a 限期整改; `to` is the department a hazard outside the town's competence
 * goes to (安全生产法 art 69).
 */
interface Problem {
  text: string;
  place: string;
  measure: string;
  basis: string;
  spot: number;
  to?: string;
}
const PROBLEMS: Problem[] = [
  {
    text: '灭火器压力不足，部分已过期',
    place: '生产车间',
    measure: '更换合格灭火器',
    basis: '《中华人民共和国消防法》第十六条',
    spot: 0.9,
    to: '示范县消防救援大队',
  },
  {
    text: '安全出口、疏散通道堆放杂物',
    place: '一楼疏散通道',
    measure: '清理通道杂物，保持畅通',
    basis: '《中华人民共和国安全生产法》第四十二条第二款',
    spot: 0.9,
  },
  {
    text: '电气线路私拉乱接，配电箱未接地',
    place: '配电间',
    measure: '由持证电工重新敷设线路，配电箱可靠接地',
    basis: '《中华人民共和国安全生产法》第三十六条',
    spot: 0.4,
  },
  {
    text: '隐患排查治理记录不完整',
    place: '办公室',
    measure: '建立隐患排查治理台账，如实记录排查治理情况',
    basis: '《中华人民共和国安全生产法》第四十一条第二款',
    spot: 0.2,
  },
  {
    text: '部分从业人员未经安全生产教育和培训',
    place: '生产车间',
    measure: '组织全员安全生产教育和培训并建立培训档案',
    basis: '《中华人民共和国安全生产法》第二十八条',
    spot: 0,
  },
  {
    text: '砂轮机防护罩缺失',
    place: '机加工车间',
    measure: '加装砂轮机防护罩',
    basis: '《中华人民共和国安全生产法》第三十六条',
    spot: 0.5,
  },
  {
    text: '液化气钢瓶未固定，与明火间距不足',
    place: '后厨',
    measure: '钢瓶固定放置并与灶具保持安全距离',
    basis: '《中华人民共和国安全生产法》第三十六条',
    spot: 0.7,
  },
  {
    text: '特种设备（叉车）未经定期检验',
    place: '仓库',
    measure: '停止使用并申报定期检验',
    basis: '《中华人民共和国特种设备安全法》第四十条',
    spot: 0,
    to: '示范县市场监督管理局',
  },
];

/** The two 重大事故隐患 of the year (安全生产法 art 65 ¶1(3)): one taken to resumption, one to a penalty. */
const MAJOR_RESUMED: Problem = {
  text: '危险化学品储存仓库与员工宿舍设在同一座建筑物内，仓库未设置可燃气体浓度报警装置',
  place: '危险化学品储存仓库',
  measure: '员工宿舍迁出仓库所在建筑，仓库加装可燃气体浓度报警装置并与排风联锁',
  basis: '《中华人民共和国安全生产法》第四十二条第一款',
  spot: 0,
};
const MAJOR_PENALIZED: Problem = {
  text: '粉尘涉爆打磨车间除尘系统未按规范设置，车间内积尘严重',
  place: '打磨车间',
  measure: '按规范改造除尘系统，每班清扫积尘并建立清扫记录',
  basis: '《中华人民共和国安全生产法》第三十六条、《工贸企业粉尘防爆安全规定》第十条',
  spot: 0,
};

export interface SafetyDemoResult {
  units: number;
  plan: number;
  inspections: number;
  personTimes: number;
  hazards: number;
  /** The hazards registered this year by their state at the end of the run. */
  hazardStates: Record<string, number>;
  lines: string[];
}

export async function seedSafetyDemo(
  core: Pick<CoreServices, 'database' | 'calendars' | 'cipher' | 'cases'>,
  opts: {
    year: number;
    until: Date;
    /**
     * Whether the year's last hazards are left open at its end (the latest demo year: its open
     * work is the present's). An earlier year's all end, so none is years overdue today.
     */
    openAtEnd?: boolean;
  },
): Promise<SafetyDemoResult> {
  const db = core.database.db;
  const none: SafetyDemoResult = {
    units: 0,
    plan: 0,
    inspections: 0,
    personTimes: 0,
    hazards: 0,
    hazardStates: {},
    lines: [],
  };
  const town = await db
    .selectFrom('org_units')
    .select('id')
    .where('kind', '=', 'town')
    .where('name', '=', TOWN)
    .executeTakeFirst();
  const anjian = await db.selectFrom('users').select('id').where('username', '=', 'anjian').executeTakeFirst();
  if (!town || !anjian) return none;
  const y = opts.year;
  const r = prng(y * 31 + 15);
  const firstDay = officeHour(`${y}-01-03`, 0);
  const units = await ensureUnits(db, core, town.id, anjian.id, firstDay);
  const lists = await ensureChecklists(db, town.id, anjian.id, firstDay);
  const already = await db
    .selectFrom('safety_plan_items')
    .select('id')
    .where('town_id', '=', town.id)
    .where('year', '=', y)
    .executeTakeFirst();
  if (already) return { ...none, lines: [] };

  const unitRows = (await db
    .selectFrom('safety_units')
    .select(['id', 'name', 'address', 'industry', 'risk_class'])
    .where('town_id', '=', town.id)
    .where('active', '=', true)
    .orderBy('id')
    .execute()) as Unit[];
  const checklists = await db
    .selectFrom('safety_checklists')
    .select(['id', 'industry', 'items'])
    .where('town_id', '=', town.id)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  const officers = await db
    .selectFrom('enforcement_officers')
    .select(['id', 'valid_from', 'valid_until'])
    .where('town_id', '=', town.id)
    .where('active', '=', true)
    .where(({ eb, val }) => eb(val('safety'), '=', eb.fn.any('cert_fields')))
    .orderBy('id')
    .execute();

  // The plan as the 安监办 generates it in December (plans/plan.ts generate): the product's rule.
  const plan = generatePlan(unitRows.map((u) => ({ id: Number(u.id), industry: u.industry, risk: u.risk_class })));
  const planRows = plan.length
    ? await db
        .insertInto('safety_plan_items')
        .values(
          plan.map((p) => ({
            town_id: town.id,
            year: y,
            month: p.month,
            unit_id: p.unitId,
            kind: p.kind,
            note: p.kind === 'holiday' ? (p.month === 1 ? '春节前' : '国庆节前') : null,
            generated: true,
            created_by: anjian.id,
            created_at: officeHour(`${y - 1}-12-20`, 60),
          })),
        )
        .onConflict((oc) => oc.doNothing())
        .returning(['id', 'unit_id', 'month', 'kind'])
        .execute()
    : [];

  const calendar = await core.calendars.forTown(town.id);
  const untilDay = new Date(opts.until.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const lastDay = `${y}-12-31` < untilDay ? `${y}-12-31` : untilDay;
  const daysOf = (month: number) => {
    const out: string[] = [];
    for (let d = 1; d <= 31; d++) {
      const day = `${y}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      if (Number.isNaN(Date.parse(`${day}T00:00:00Z`)) || new Date(`${day}T00:00:00Z`).getUTCMonth() + 1 !== month)
        continue;
      if (calendar.isWorkday(day) && day <= lastDay) out.push(day);
    }
    return out;
  };
  // 节前 inspections go in the plan month's last working days (春节 falls in late January or in
  // February), close to the holiday they prepare for.
  const unitById = new Map(unitRows.map((u) => [u.id, u]));
  // Most plan entries are done (≈90 %); besides them, a few unplanned 复查 and 专项.
  const done = planRows.filter(() => r.next() < 0.9);
  const target = done.length + r.int(3, 10);
  const work: { unit: Unit; planItemId: number | null; kind: SafetyInspectionKind; month: number }[] = done.map(
    (p) => ({
      unit: unitById.get(p.unit_id)!,
      planItemId: p.id,
      kind: p.kind,
      month: p.month,
    }),
  );
  while (work.length < target) {
    const unit = r.pick(unitRows);
    work.push({ unit, planItemId: null, kind: r.next() < 0.75 ? 'recheck' : 'special', month: r.int(1, 12) });
  }

  const rows = [];
  const problems = new Map<string, Problem>();
  let people = 0;
  for (const w of work) {
    const days = daysOf(w.month);
    if (days.length === 0) continue;
    const day = w.kind === 'holiday' ? days[Math.max(0, days.length - 1 - r.int(0, 4))]! : r.pick(days);
    const valid = officers.filter((o) => (o.valid_from == null || o.valid_from <= day) && o.valid_until >= day);
    if (valid.length < 2) continue;
    const k = Math.min(valid.length, r.next() < 0.62 ? 3 : 4);
    const team = [...valid]
      .sort(() => r.next() - 0.5)
      .slice(0, k)
      .map((o) => o.id);
    people += team.length;
    const list = checklists.find((c) => c.industry === w.unit.industry) ?? checklists[0];
    // About one inspection in six finds a hazard; the year's two 重大事故隐患 at the first 危化品
    // unit inspected from April and the first 重点 工贸 unit from July.
    let problem = r.next() < 0.17 ? r.pick(PROBLEMS) : null;
    if (!problems.has('major-resumed') && w.unit.industry === 'hazchem' && day >= `${y}-04-01`) {
      problem = MAJOR_RESUMED;
    } else if (
      !problems.has('major-penalized') &&
      w.unit.industry === 'industry_trade' &&
      w.unit.risk_class === 'key' &&
      day >= `${y}-07-01`
    ) {
      problem = MAJOR_PENALIZED;
    }
    const clientId = uuid(r);
    if (problem === MAJOR_RESUMED) problems.set('major-resumed', problem);
    if (problem === MAJOR_PENALIZED) problems.set('major-penalized', problem);
    if (problem) problems.set(clientId, problem);
    const items = (list?.items ?? []) as SafetyChecklistItem[];
    const results: SafetyInspectionResult[] = items.map((it, i) => ({
      ...it,
      result: problem && i === items.length - 1 ? 'problem' : 'ok',
      ...(problem && i === items.length - 1 ? { note: problem.text } : {}),
    }));
    const refused = r.next() < 0.01;
    rows.push({
      town_id: town.id,
      unit_id: w.unit.id,
      plan_item_id: w.planItemId,
      kind: w.kind,
      inspected_on: day,
      place: w.unit.address,
      checklist_id: list?.id ?? null,
      results: jsonb(results),
      findings: problem ? `检查发现：${problem.place}${problem.text}。` : '未发现安全隐患。',
      action_taken: problem ? (problem.spot > 0 ? `责令${problem.measure}` : '登记隐患，依法责令整改') : '',
      officer_ids: team,
      principal_signed: !refused,
      refusal_note: refused ? '单位负责人拒绝签字，已由检查人员在记录上注明并向镇安委会报告' : null,
      client_id: clientId,
      created_by: anjian.id,
      created_at: officeHour(day, 120 + r.int(0, 360)),
    });
  }
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += 200) {
    const got = await db
      .insertInto('safety_inspections')
      .values(rows.slice(i, i + 200))
      .returning(['id', 'client_id'])
      .execute();
    for (const g of got) ids.set(g.client_id, Number(g.id));
  }
  const found: Finding[] = rows
    .filter((x) => problems.has(x.client_id))
    .map((x) => ({
      inspectionId: ids.get(x.client_id)!,
      unit: unitById.get(x.unit_id)!,
      day: x.inspected_on,
      team: x.officer_ids.map(Number),
      problem: problems.get(x.client_id)!,
    }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.inspectionId - b.inspectionId);
  const hazards = await seedHazards(core, {
    year: y,
    until: opts.until,
    found,
    officers,
    isWorkday: (d) => calendar.isWorkday(d),
    r: prng(y * 53 + 41),
    openAtEnd: opts.openAtEnd ?? true,
  });
  const lines = [
    ...(units ? [`生产经营单位 ${units} 家，检查表 ${lists} 张`] : []),
    `安全生产检查计划 ${planRows.length} 项，现场检查 ${rows.length} 次、出动 ${people} 人次`,
    hazards === null
      ? '安全隐患：本安装尚无 hazard 案件类型，未生成隐患案件'
      : `安全隐患 ${hazards.total} 项（${Object.entries(hazards.byState)
          .map(([k, v]) => `${stateLabel(k)} ${v}`)
          .join('，')}）`,
  ];
  return {
    units,
    plan: planRows.length,
    inspections: rows.length,
    personTimes: people,
    hazards: hazards?.total ?? 0,
    hazardStates: hazards?.byState ?? {},
    lines,
  };
}

// ── Hazards ──────────────────────────────────────────────────────────────────────────────

interface Finding {
  inspectionId: number;
  unit: Unit;
  day: string;
  team: number[];
  problem: Problem;
}

interface Officer {
  id: number | string;
  valid_from: string | null;
  valid_until: string;
}

/**
 * 整改后现场照片: a 160×120 JPEG drawn on a canvas (an extinguisher by a cleared exit), the
 * record a 当场整改 leaves (hazard.ts rectify_on_spot). One image: the blob store keeps it once.
 */
const PHOTO = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABQODxIPDRQSEBIXFRQYHjIhHhwcHj0sLiQySUBMS0dARkVQWnNiUFVtVkVGZIhlbXd7gYKBTmCNl4x9lnN+gXz/2wBDARUXFx4aHjshITt8U0ZTfHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHx8fHz/wAARCAB4AKADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDbyfU/nRk+p/Omk4GajkmWNdznA9aAJsn1P50ZPqfzrOOpQf8APRf++qkS7RhlTkeooAu5PqfzoyfU/nVYTgjjPpVeTUII2KPIqsOxNAGjk+p/OjJ9T+dUI7uOQZRgw9RUnnDGaALeT6n86Mn1P51WWYMcA0O4UZJwKALOT6n86Mn1P51SFxGejqcDPWlE6kZBGKALmT6n86Mn1P51VEwPAyfpUgcGgCbJ9T+dFMByKKAFk/1bfQ1k3O54oFMgjWVzvYnHQcDP1rUuG2W8jHsprBmuoRp0e5gzZJ2hsEYJ54+tAE0ltsEQDISxxhD/AIk1owDbCw9HP8hWBHrFtDuaKAs5Odzt/WrMdzPPBHO8w2k7ig4xgn86ANoybI4x3cjH0JrC1NC1xcrnC71OOmTitQyLKsNxGd0fmBM+gGcGsTWZCJ5ADw8gz/3zQBa0W/khmS2Y7opDtA/un2rozJk1x+nRyPf2pVSVEy5OOnNdOZAOcZ9s0AXon+Y59BUV+/7kH3qOFnO5nAXnCgHt71DdyfIc/wB7FAFJmLNt9eP1q7asRgN1xmqbjKn0yDn8auxqVAOc/hQBbtE3yDmrO8LwTgetV7QgRmVm2rnBPpTY2MsgJ6AcA0AaKHIoqnPeiKAmMhpA2zH4E/yBooA0HUOjI3RhirskCyYzg4z2oooAhFkmfuJ/3yKpSRYlk3MT83PuaKKAKdzdSx2r28b7UlHzr1B71QmQzEs8pyTk/LRRQA6AvZsxguHTcMNtHUf5NSvdyyD55Xf0yTRRQBpaNczLKLdn3K4Lc9QRWo7jeoPP8WKKKAI5EYq7EgqTwB6EipgQKKKALFqxeIqQNqv9d1LLLsfcFzg4wTRRQA2e0Et1JLvO2VG3IexIx+PX9BRRRQB//9k=',
  'base64',
);

const plusDays = (d: string, n: number): string =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The `hazard` cases of the year (domain/src/cases/hazard.ts), one per hazard an inspection
 * found, registered by the 安监办 (anjian) from that inspection (source 'inspection', its
 * unit and id) and taken through the case service with the documents each step requires, as a
 * town's year goes:
 * - about half put right on the spot (with the photo of the corrected state and the
 *   inspection's team as witnesses);
 * - most of the rest ordered with a 责令限期整改指令书 (7–20 days, to a working day), the unit
 *   applying for re-inspection within the period or the period passing, the 安监办 re-inspecting
 *   within 10 days (办法 art 17) by two certified officers on a 整改复查意见书: mostly passed and
 *   销号; a few failed, then left 逾期 (on the inbox in red), taken to a penalty (a 镇领导
 *   approving; the server creates the linked `penalty`), or transferred;
 * - a few transferred at once to the department they belong to (安全生产法 art 69);
 * - the two 重大事故隐患 (MAJOR_RESUMED: 停产停业, 挂牌督办, re-inspected and resumption approved,
 *   销号; MAJOR_PENALIZED: 停止使用, deadline passed, re-inspection failed, 立案处罚);
 * - the year's last three found left at 已登记, 限期整改中 and 待复查 (open at the year's end).
 * Every step is on a working day at an office hour, in one time order across the cases (so 文号
 * rise with the dates), and none after `until`. Returns null, writing nothing, when the registry
 * has no `hazard` type.
 */
async function seedHazards(
  core: Pick<CoreServices, 'database' | 'cases'>,
  o: {
    year: number;
    until: Date;
    found: Finding[];
    officers: Officer[];
    isWorkday: (d: string) => boolean;
    r: Rng;
    openAtEnd: boolean;
  },
): Promise<{ total: number; byState: Record<string, number> } | null> {
  if (!core.cases.registry.find('hazard')) return null;
  const { demoAccess, demoAuditor } = await import('../../seed/demo-access.ts');
  const { CreateCaseBodySchema } = await import('@fazhi/domain');
  const db = core.database.db;
  const anjian = await demoAccess(db, 'anjian', core.cases.registry);
  const leader = await demoAccess(db, 'leader', core.cases.registry);
  const { r, year: y } = o;
  const workday = (d: string) => {
    let x = d;
    while (!o.isWorkday(x)) x = plusDays(x, 1);
    return x;
  };
  /** Two officers certified for 安全生产 on `day`, the inspection's team first. */
  const pair = (day: string, prefer: readonly number[]): number[] => {
    const valid = o.officers
      .filter((x) => (x.valid_from == null || x.valid_from <= day) && x.valid_until >= day)
      .map((x) => Number(x.id));
    const team = [...prefer.filter((id) => valid.includes(id)), ...valid.filter((id) => !prefer.includes(id))];
    const first = r.int(0, Math.max(0, Math.min(team.length, 3) - 2));
    return team.slice(first, first + 2);
  };

  type Who = typeof anjian;
  const steps: { at: Date; order: number; run: () => Promise<void> }[] = [];
  const caseIds: number[] = [];
  let order = 0;
  const version = async (id: number) =>
    (await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  type Outcome = 'spot' | 'transfer' | 'found' | 'rectifying' | 'reinspecting' | 'pass' | 'late_pass' | 'fail';
  const plan: { f: Finding; outcome: Outcome; after?: 'stay' | 'penalty' | 'transfer' }[] = o.found.map((f) => {
    const x = r.next();
    const spot = r.next() < f.problem.spot;
    if (spot) return { f, outcome: 'spot' };
    if (f.problem.to && x < 0.3) return { f, outcome: 'transfer' };
    const fail = r.next() < 0.1;
    if (fail) {
      const z = r.next();
      return { f, outcome: 'fail', after: z < 0.4 ? 'stay' : z < 0.7 ? 'penalty' : 'transfer' };
    }
    return { f, outcome: x < 0.8 ? 'pass' : 'late_pass' };
  });
  // The year's last three hazards are still open at its end; one failed re-inspection at least
  // stays 逾期 and one hazard at least goes elsewhere, so the list shows every state.
  const general = plan.filter((p) => p.f.problem !== MAJOR_RESUMED && p.f.problem !== MAJOR_PENALIZED);
  if (!o.openAtEnd) {
    // An earlier year: what failed ends in a penalty or a transfer, not 逾期 for years on end.
    for (const p of general) if (p.outcome === 'fail' && p.after === 'stay') p.after = 'penalty';
  }
  const open: Outcome[] = o.openAtEnd ? ['reinspecting', 'rectifying', 'found'] : [];
  for (const [k, outcome] of open.entries()) {
    const p = general[general.length - 3 + k];
    if (p) p.outcome = outcome;
  }
  const middle = o.openAtEnd ? general.slice(0, -3) : general;
  if (o.openAtEnd && !middle.some((p) => p.outcome === 'fail' && p.after === 'stay')) {
    const p = middle.find((q) => q.outcome === 'pass');
    if (p) Object.assign(p, { outcome: 'fail', after: 'stay' });
  }
  if (!middle.some((p) => p.outcome === 'transfer' || p.after === 'transfer')) {
    const p = middle.find((q) => q.f.problem.to && q.outcome !== 'spot') ?? middle.find((q) => q.outcome === 'pass');
    if (p) p.outcome = 'transfer';
  }

  for (const [i, { f, outcome, after }] of plan.entries()) {
    const c = { id: 0 };
    const major = f.problem === MAJOR_RESUMED || f.problem === MAJOR_PENALIZED;
    let day = '';
    let minute = 0;
    let stop = false;
    const at = (d: string) => {
      if (d !== day) {
        day = d;
        minute = 40 + ((i * 47) % 320);
      } else minute += 6;
      return officeHour(d, minute);
    };
    const push = (d: string, who: Who, label: string, run: (t: Date, a: Who) => Promise<void>) => {
      const t = at(d);
      if (stop || t > o.until) {
        stop = true;
        return;
      }
      steps.push({
        at: t,
        order: order++,
        run: async () => {
          try {
            await run(t, who);
          } catch (e) {
            throw new Error(
              `演示数据（${f.unit.name}隐患）在${d}「${label}」失败：${e instanceof Error ? e.message : e}`,
            );
          }
        },
      });
    };
    const act = (d: string, who: Who, action: string, input?: Record<string, unknown>) =>
      push(d, who, action, async (t, a) => {
        await core.cases.act(a, c.id, action, { version: await version(c.id), input }, t, demoAuditor(a, t));
      });
    const doc = (d: string, kind: string, input: Record<string, unknown>) =>
      push(d, anjian, kind, async (t, a) => {
        await core.cases.issueDocument(a, c.id, { version: await version(c.id), kind, input }, t, demoAuditor(a, t));
      });
    const approved = (d: string, action: string, input: Record<string, unknown>, opinion: string) => {
      act(d, anjian, `request_approval:${action}`, input);
      act(d, leader, `approve:${action}`, { opinion });
      act(d, anjian, action);
    };
    const p = f.problem;
    const D = f.day;
    push(D, anjian, 'create', async (t, a) => {
      const body = CreateCaseBodySchema.parse({
        type: 'hazard',
        title: `${f.unit.name}：${p.text}`.slice(0, 200),
        fields: {
          unitId: f.unit.id,
          inspectionId: f.inspectionId,
          source: 'inspection',
          foundOn: D,
          description: p.text,
          location: p.place,
          level: major ? 'major' : 'general',
          basis: p.basis,
          measure: p.measure,
        },
      });
      c.id = await core.cases.create(a, body, t, demoAuditor(a, t));
      caseIds.push(c.id);
    });
    const reinspect = (rd: string, passed: boolean) => {
      const officers = pair(rd, f.team);
      const opinion = passed
        ? `经复查，该单位已按责令限期整改指令书的要求完成整改（${p.measure.replace(/[。；]$/, '')}），隐患已消除，予以销号`
        : '经复查，该单位未按期完成整改，隐患仍然存在';
      doc(rd, 'reinspection_opinion', { reinspectedOn: rd, result: passed ? 'passed' : 'failed', opinion });
      return { reinspectedOn: rd, officerIds: officers, reinspectOpinion: opinion };
    };
    const transfer = (d: string) => {
      const to = p.to ?? '示范县应急管理局';
      const reason = p.to
        ? `该隐患属于${to}的监管职责范围，依照《中华人民共和国安全生产法》第六十九条的规定移送处理`
        : '该隐患的整改涉及县级应急管理部门的行政许可和执法事项，超出本机关受委托的权限，依照《中华人民共和国安全生产法》第六十九条的规定移送处理';
      doc(d, 'transfer_letter', { receiver: to, reason });
      act(d, anjian, 'transfer', { transferredTo: to, transferredOn: d, transferReason: reason });
    };
    /** The order served on `D` with a deadline `days` on, rolled to a working day. */
    const order_ = (days: number) => {
      const deadline = workday(plusDays(D, days));
      doc(D, 'rectify_order', { deadline, measure: p.measure });
      act(D, anjian, 'order', { measure: p.measure, rectifyDeadline: deadline, orderServedOn: D });
      return deadline;
    };

    if (f.problem === MAJOR_RESUMED) {
      const team = pair(D, f.team);
      doc(D, 'measures_decision', { evacuate: false, suspend: true, stopUse: false });
      act(D, anjian, 'impose_measures', { measures: ['suspend'], measuresOn: D, officerIds: team });
      const deadline = order_(30);
      const listed = workday(plusDays(D, 2));
      act(listed, anjian, 'supervise', {
        supervisedOn: listed,
        supervisor: '示范县安全生产委员会办公室',
        supervisionNo: `示安委办督〔${y}〕${3 + (i % 5)}号`,
      });
      let from = workday(plusDays(D, 23));
      if (from < deadline) act(from, anjian, 'apply_reinspection', { appliedOn: from });
      else {
        from = workday(plusDays(deadline, 1));
        act(from, anjian, 'deadline_passed');
      }
      const rd = workday(plusDays(from, 3));
      const input = reinspect(rd, true);
      approved(
        rd,
        'approve_resumption',
        { resumptionReviewedOn: rd, officerIds: input.officerIds },
        '经现场审查，重大事故隐患已排除，同意恢复生产经营',
      );
      act(rd, anjian, 'reinspect_pass', input);
      continue;
    }
    if (f.problem === MAJOR_PENALIZED) {
      const team = pair(D, f.team);
      doc(D, 'measures_decision', {
        evacuate: false,
        suspend: false,
        stopUse: true,
        equipment: '打磨车间除尘系统及打磨设备',
      });
      act(D, anjian, 'impose_measures', { measures: ['stop_use'], measuresOn: D, officerIds: team });
      const deadline = order_(20);
      const passed = workday(plusDays(deadline, 1));
      act(passed, anjian, 'deadline_passed');
      const rd = workday(plusDays(passed, 2));
      act(rd, anjian, 'reinspect_fail', reinspect(rd, false));
      approved(
        workday(plusDays(rd, 1)),
        'to_penalty',
        { violation: '未采取措施消除事故隐患' },
        '同意移交执法队立案查处',
      );
      continue;
    }
    switch (outcome) {
      case 'spot': {
        push(D, anjian, 'attach', async (t, a) => {
          await core.cases.attach(
            a,
            c.id,
            { name: '整改后现场照片.jpg', data: PHOTO, mime: 'image/jpeg' },
            t,
            demoAuditor(a, t),
          );
        });
        act(D, anjian, 'rectify_on_spot', { rectifiedOnSpotOn: D, officerIds: pair(D, f.team) });
        break;
      }
      case 'transfer':
        transfer(D);
        break;
      case 'found':
        break;
      case 'rectifying':
        order_(r.int(7, 20));
        break;
      case 'reinspecting': {
        order_(r.int(10, 20));
        // Applied for at once: the deadline is at least ten days off, so this is within it.
        const applied = workday(plusDays(D, 3));
        act(applied, anjian, 'apply_reinspection', { appliedOn: applied });
        break;
      }
      case 'pass':
      case 'fail': {
        const deadline = order_(r.int(7, 20));
        // The unit applies before the deadline; the office goes within a few days.
        let applied = workday(plusDays(D, r.int(3, 12)));
        if (applied > deadline) applied = deadline;
        act(applied, anjian, 'apply_reinspection', { appliedOn: applied });
        const rd = workday(plusDays(applied, r.int(1, 5)));
        if (outcome === 'pass') {
          act(rd, anjian, 'reinspect_pass', reinspect(rd, true));
          break;
        }
        act(rd, anjian, 'reinspect_fail', reinspect(rd, false));
        const next = workday(plusDays(rd, r.int(1, 4)));
        if (after === 'penalty')
          approved(next, 'to_penalty', { violation: '未采取措施消除事故隐患' }, '同意移交执法队立案查处');
        else if (after === 'transfer') transfer(next);
        break;
      }
      case 'late_pass': {
        // No application: the period runs out and the office re-inspects within 10 days of it.
        const deadline = order_(r.int(7, 20));
        const passed = workday(plusDays(deadline, 1));
        act(passed, anjian, 'deadline_passed');
        const rd = workday(plusDays(passed, r.int(0, 4)));
        act(rd, anjian, 'reinspect_pass', reinspect(rd, true));
        break;
      }
    }
  }

  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);
  for (const st of steps) await st.run();
  const states = caseIds.length
    ? await db.selectFrom('cases').select(['state']).where('id', 'in', caseIds).execute()
    : [];
  const byState: Record<string, number> = {};
  for (const s of states) byState[s.state] = (byState[s.state] ?? 0) + 1;
  return { total: caseIds.length, byState };
}
