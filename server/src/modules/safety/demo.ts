/**
 * The demo year's work safety (ServerModule.demo.year), for 湾头桥镇, deterministic (mulberry32
 * seeded by the year, like the other demos):
 * - once: 120 production and business units across the town's ten villages and communities
 *   (valid 统一社会信用代码, GB 32100-2015; contacts encrypted like parties'), and a checklist
 *   per industry when the town has none;
 * - each year: the annual plan (安全生产法 art 62) and ≈300 inspection records by the 安监办's
 *   certified officers, 3 or 4 to an inspection (≈1,000 person-times: the seed's
 *   “开展安全生产综合性检查工作近300次，出动人员近1000人”), on working days of the town's
 *   calendar, never past `until`;
 * - hazards (`hazard` cases, through the case service) only when the case registry has that
 *   type: a general hazard in every state and two 重大隐患, one supervised to resumption and
 *   one ending in a linked penalty (see `seedHazards`).
 */
import { usccCheckChar } from '@fazhi/domain';
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
      ['木业', '有限公司', 'small', true],
      ['纺织', '有限公司', 'medium', false],
      ['铝制品', '加工厂', 'small', true],
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
      ['大酒店', '', 'medium', true],
      ['宾馆', '', 'small', true],
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
      ['厂房建设项目部', '', 'small', true],
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

const item = (code: string, text: string, basis: string): SafetyChecklistItem => ({ code, text, basis });
const COMMON: SafetyChecklistItem[] = [
  item('A1', '建立健全全员安全生产责任制和安全生产规章制度', '《安全生产法》第二十一条第一项、第二项'),
  item('A2', '从业人员经安全生产教育和培训合格', '《安全生产法》第二十八条'),
  item('A3', '建立并落实生产安全事故隐患排查治理制度，如实记录隐患排查治理情况', '《安全生产法》第四十一条'),
  item('A4', '安全出口、疏散通道畅通，未封闭、堵塞', '《安全生产法》第四十二条'),
];

/**
 * A checklist per industry, used when the town has none (helper 2's default checklists,
 * domain/src/safety/default-checklists.ts, replace these when they are merged).
 */
const DEMO_CHECKLISTS: { industry: Industry; title: string; items: SafetyChecklistItem[] }[] = [
  {
    industry: 'industry_trade',
    title: '工贸企业安全生产检查表',
    items: [
      ...COMMON,
      item('B1', '有限空间作业实行审批，先通风、再检测、后作业', '《工贸企业有限空间作业安全规定》第十三条'),
      item('B2', '粉尘涉爆场所除尘系统按规范设置并定期清扫', '《工贸企业粉尘防爆安全规定》第十条'),
      item('B3', '设备设施的安全防护装置齐全有效', '《安全生产法》第三十六条'),
    ],
  },
  {
    industry: 'hazchem',
    title: '危险化学品经营单位安全检查表',
    items: [
      ...COMMON,
      item('C1', '持有有效的危险化学品经营许可证', '《危险化学品安全管理条例》第三十三条'),
      item('C2', '危险物品储存场所与员工宿舍保持安全距离', '《安全生产法》第四十二条'),
      item('C3', '重大危险源登记建档、定期检测评估监控', '《安全生产法》第四十条'),
    ],
  },
  {
    industry: 'workshop',
    title: '小作坊安全检查表',
    items: [
      ...COMMON,
      item('D1', '生产区域与住宿区域分隔，无“三合一”场所', '《安全生产法》第四十二条'),
      item('D2', '电气线路规范敷设，无私拉乱接', '《安全生产法》第三十六条'),
    ],
  },
  {
    industry: 'crowded',
    title: '人员密集场所安全检查表',
    items: [
      ...COMMON,
      item('E1', '消防设施、器材完好有效', '《消防法》第十六条'),
      item('E2', '制定并演练生产安全事故应急救援预案', '《安全生产法》第八十一条'),
    ],
  },
  {
    industry: 'construction',
    title: '建筑施工安全检查表',
    items: [
      ...COMMON,
      item('F1', '特种作业人员持证上岗', '《安全生产法》第三十条'),
      item('F2', '脚手架、临边洞口防护符合规范', '《建设工程安全生产管理条例》第二十八条'),
    ],
  },
  { industry: 'other', title: '通用安全生产检查表', items: COMMON },
];

async function ensureChecklists(db: Kysely<DB>, townId: number, by: number, at: Date): Promise<number> {
  const have = await db.selectFrom('safety_checklists').select('id').where('town_id', '=', townId).executeTakeFirst();
  if (have) return 0;
  await db
    .insertInto('safety_checklists')
    .values(
      DEMO_CHECKLISTS.map((c) => ({
        town_id: townId,
        industry: c.industry,
        title: c.title,
        items: JSON.stringify(c.items),
        created_by: by,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  return DEMO_CHECKLISTS.length;
}

// ── The plan and the inspections ─────────────────────────────────────────────────────────

interface Unit {
  id: number;
  name: string;
  address: string;
  industry: string;
  risk_class: 'key' | 'general';
}

/**
 * The demo's plan (helper 2's generator, domain/src/safety/plan.ts, is the product's rule):
 * 重点 units a comprehensive inspection each quarter, 一般 units once a year, a 节前 inspection
 * before 春节 (January) for 危化品 and the 重点 人员密集场所, and a 专项 for the 重点 工贸 units in June
 * (安全生产月).
 */
function demoPlan(units: Unit[], r: Rng): { unitId: number; month: number; kind: SafetyInspectionKind }[] {
  const out: { unitId: number; month: number; kind: SafetyInspectionKind }[] = [];
  for (const u of units) {
    if (u.risk_class === 'key') {
      const first = r.int(1, 3);
      for (const m of [first, first + 3, first + 6, first + 9])
        out.push({ unitId: u.id, month: m, kind: 'comprehensive' });
    } else out.push({ unitId: u.id, month: r.int(2, 11), kind: 'comprehensive' });
    if (u.industry === 'hazchem' || (u.industry === 'crowded' && u.risk_class === 'key')) {
      out.push({ unitId: u.id, month: 1, kind: 'holiday' });
    }
    if (u.industry === 'industry_trade' && u.risk_class === 'key')
      out.push({ unitId: u.id, month: 6, kind: 'special' });
  }
  return out;
}

/** A deterministic UUID v4 from the PRNG (the phone's draft id, safety_inspections.client_id). */
function uuid(r: Rng): string {
  const h = Array.from({ length: 32 }, () => '0123456789abcdef'[r.int(0, 15)]!);
  h[12] = '4';
  h[16] = '89ab'[r.int(0, 3)]!;
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const PROBLEMS = [
  ['灭火器压力不足', '责令当场更换灭火器'],
  ['安全出口堆放杂物', '责令当场清理'],
  ['隐患排查记录不完整', '督促完善隐患排查治理台账'],
  ['部分从业人员未参加安全培训', '督促一个月内组织培训'],
  ['电气线路私拉乱接', '责令当场整改'],
] as const;

export interface SafetyDemoResult {
  units: number;
  plan: number;
  inspections: number;
  personTimes: number;
  hazards: number;
  lines: string[];
}

export async function seedSafetyDemo(
  core: Pick<CoreServices, 'database' | 'calendars' | 'cipher' | 'cases'>,
  opts: { year: number; until: Date },
): Promise<SafetyDemoResult> {
  const db = core.database.db;
  const none: SafetyDemoResult = { units: 0, plan: 0, inspections: 0, personTimes: 0, hazards: 0, lines: [] };
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

  const plan = demoPlan(unitRows, r);
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
  // Most plan entries are done (≈92 %); besides them, five to fifteen unplanned 复查 and 专项.
  const done = planRows.filter(() => r.next() < 0.92);
  const target = done.length + r.int(5, 15);
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
    const problem = r.next() < 0.18 ? r.pick(PROBLEMS) : null;
    const items = (list?.items ?? []) as SafetyChecklistItem[];
    const results: SafetyInspectionResult[] = items.map((it, i) => ({
      ...it,
      result: problem && i === items.length - 1 ? 'problem' : 'ok',
      ...(problem && i === items.length - 1 ? { note: problem[0] } : {}),
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
      findings: problem ? `检查发现：${problem[0]}。` : '未发现安全隐患。',
      action_taken: problem ? problem[1] : '',
      officer_ids: team,
      principal_signed: !refused,
      refusal_note: refused ? '单位负责人拒绝签字，已由检查人员在记录上注明并向镇安委会报告' : null,
      client_id: uuid(r),
      created_by: anjian.id,
      created_at: officeHour(day, 120 + r.int(0, 360)),
    });
  }
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('safety_inspections')
      .values(rows.slice(i, i + 200))
      .execute();
  }
  const hazards = await seedHazards(core, { townId: town.id, year: y, until: opts.until });
  const lines = [
    ...(units ? [`生产经营单位 ${units} 家，检查表 ${lists} 张`] : []),
    `安全生产检查计划 ${planRows.length} 项，现场检查 ${rows.length} 次、出动 ${people} 人次`,
    hazards === null ? '安全隐患：本安装尚无 hazard 案件类型，未生成隐患案件' : `安全隐患 ${hazards} 件`,
  ];
  return { units, plan: planRows.length, inspections: rows.length, personTimes: people, hazards: hazards ?? 0, lines };
}

// ── Hazards ──────────────────────────────────────────────────────────────────────────────

/**
 * The hazard cases of the year, written against the `hazard` contract (safety brief: intake
 * `unitId`, `inspectionId`, `source`, `foundOn`, `description`, `location`, `level`, `measure`,
 * `rectifyDeadline`; states found → rectified_on_spot | rectifying → reinspecting → closed |
 * failed → penalized | transferred). Returns null, writing nothing, when the registry has no
 * `hazard` type. The actions' names are the type's: each scenario below lists the steps it
 * needs and stops at the first the type does not define, so the lead's wiring at merge is
 * to align these names with domain/src/cases/hazard.ts.
 */
async function seedHazards(
  core: Pick<CoreServices, 'database' | 'cases'>,
  o: { townId: number; year: number; until: Date },
): Promise<number | null> {
  const mod = core.cases.registry.find('hazard');
  if (!mod) return null;
  const { demoAccess, demoAuditor } = await import('../../seed/demo-access.ts');
  const { CreateCaseBodySchema } = await import('@fazhi/domain');
  const db = core.database.db;
  const anjian = await demoAccess(db, 'anjian', core.cases.registry);
  const actions = new Set(Object.keys((mod.type as { actions: Record<string, unknown> }).actions));
  // Inspections with a problem noted, by date: each scenario takes the next one.
  const found = await db
    .selectFrom('safety_inspections as i')
    .innerJoin('safety_units as su', 'su.id', 'i.unit_id')
    .select(['i.id', 'i.unit_id', 'i.inspected_on', 'i.findings', 'su.name', 'su.address', 'su.village_id'])
    .where('i.town_id', '=', o.townId)
    .where('i.inspected_on', '>=', `${o.year}-01-01`)
    .where('i.inspected_on', '<=', `${o.year}-12-31`)
    .where('i.findings', 'like', '检查发现%')
    .orderBy('i.inspected_on')
    .orderBy('i.id')
    .execute();
  const plus = (d: string, n: number) =>
    new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  type Step = [offsetDays: number, action: string, input: Record<string, unknown>];
  const scenarios: { level: 'general' | 'major'; measure: string; steps: Step[] }[] = [
    { level: 'general', measure: '当场整改', steps: [[0, 'rectify_on_spot', {}]] },
    { level: 'general', measure: '限期整改', steps: [[0, 'order_rectification', {}]] },
    {
      level: 'general',
      measure: '限期整改',
      steps: [
        [0, 'order_rectification', {}],
        [12, 'report_rectified', {}],
      ],
    },
    {
      level: 'general',
      measure: '限期整改',
      steps: [
        [0, 'order_rectification', {}],
        [12, 'report_rectified', {}],
        [18, 'reinspect', { result: 'passed' }],
      ],
    },
    {
      level: 'general',
      measure: '限期整改',
      steps: [
        [0, 'order_rectification', {}],
        [12, 'report_rectified', {}],
        [18, 'reinspect', { result: 'failed' }],
      ],
    },
    { level: 'general', measure: '移送', steps: [[0, 'transfer', { to: '县应急管理局' }]] },
    // 重大隐患 supervised (挂牌督办) to resumption.
    {
      level: 'major',
      measure: '停产停业整改',
      steps: [
        [0, 'order_rectification', { majorMeasures: ['suspend'] }],
        [1, 'supervise', {}],
        [40, 'report_rectified', {}],
        [45, 'reinspect', { result: 'passed', resumed: true }],
      ],
    },
    // 重大隐患 not rectified in time: 立案处罚, linked.
    {
      level: 'major',
      measure: '撤出人员、停止使用',
      steps: [
        [0, 'order_rectification', { majorMeasures: ['evacuate', 'stop_use'] }],
        [20, 'reinspect', { result: 'failed' }],
        [22, 'file_penalty', {}],
      ],
    },
  ];
  let n = 0;
  for (const [i, s] of scenarios.entries()) {
    const insp = found[Math.floor(((i + 1) * found.length) / (scenarios.length + 1))];
    if (!insp) break;
    const day = insp.inspected_on;
    const t = officeHour(day, 300 + i);
    if (t > o.until) continue;
    const deadline = plus(day, s.level === 'major' ? 30 : 10);
    const id = await core.cases.create(
      anjian,
      CreateCaseBodySchema.parse({
        type: 'hazard',
        title: `${insp.name}${s.level === 'major' ? '重大' : ''}安全隐患`,
        ...(insp.village_id ? { unitId: String(insp.village_id) } : {}),
        fields: {
          unitId: Number(insp.unit_id),
          inspectionId: Number(insp.id),
          source: 'inspection',
          foundOn: day,
          description: insp.findings.replace(/^检查发现：/, ''),
          location: insp.address,
          level: s.level,
          measure: s.measure,
          rectifyDeadline: deadline,
        },
      }),
      t,
      demoAuditor(anjian, t),
    );
    n++;
    for (const [off, action, input] of s.steps) {
      if (!actions.has(action)) break;
      const at = officeHour(plus(day, off), 330 + i);
      if (at > o.until) break;
      const { version } = await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow();
      await core.cases.act(anjian, id, action, { version, input }, at, demoAuditor(anjian, at));
    }
  }
  return n;
}
