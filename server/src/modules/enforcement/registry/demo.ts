/**
 * The demo town's register: six officers of the 综合行政执法队 (two 法制审核人员, one of them with
 * the 法律职业资格; one certificate ending within 30 days of the start, so the warning shows)
 * and a powers list of eight town-level matters with their statutory bases (城乡规划法, 土地管理法
 * and its 实施条例, 安全生产法; texts in shared/laws). Written once: a second call finds the town's
 * register filled and leaves it.
 */
import { shanghaiDate } from '@fazhi/domain';
import { addDays } from '@fazhi/domain/calendar/dates';
import type { Db } from '../../../db/index.ts';
import type { DiscretionLevel } from '../../../db/schema.ts';

/**
 * 行政处罚法 art 24: a province decides which county departments' powers pass to the towns, and
 * publishes the decision. The demo's decision (invented, like the province).
 */
export const DEMO_DELEGATION = '《示范省人民政府关于赋予乡镇（街道）部分县级行政处罚权的决定》';

const lvl = (
  level: string,
  circumstances: string,
  fineMin: number | null,
  fineMax: number | null,
): DiscretionLevel => ({
  level,
  circumstances,
  fineMin,
  fineMax,
});

/** The town-level matters (事项), lightest field first; the safety ones with a tiered benchmark. */
export const DEMO_POWERS: {
  code: string;
  field: string;
  matter: string;
  violatedBasis: string;
  penaltyBasis: string;
  penaltyRange: string;
  fineMin: number | null;
  fineMax: number | null;
  delegated: boolean;
  discretion: DiscretionLevel[];
}[] = [
  {
    code: 'WTQ-GH-001',
    field: 'planning',
    matter: '在乡、村庄规划区内未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设',
    violatedBasis: '《中华人民共和国城乡规划法》第四十一条',
    penaltyBasis: '《中华人民共和国城乡规划法》第六十五条',
    penaltyRange: '责令停止建设、限期改正；逾期不改正的，可以拆除。',
    fineMin: null,
    fineMax: null,
    delegated: false,
    discretion: [],
  },
  {
    code: 'WTQ-TD-001',
    field: 'land',
    matter: '农村村民未经批准或者采取欺骗手段骗取批准，非法占用土地建住宅',
    violatedBasis: '《中华人民共和国土地管理法》第六十二条',
    penaltyBasis: '《中华人民共和国土地管理法》第七十八条第一款',
    penaltyRange: '责令退还非法占用的土地，限期拆除在非法占用的土地上新建的房屋。',
    fineMin: null,
    fineMax: null,
    delegated: true,
    discretion: [],
  },
  {
    code: 'WTQ-TD-002',
    field: 'land',
    matter: '占用耕地建窑、建坟或者擅自在耕地上建房、挖砂、采石、采矿、取土等，破坏种植条件',
    violatedBasis: '《中华人民共和国土地管理法》第三十七条第二款',
    penaltyBasis: '《中华人民共和国土地管理法》第七十五条；《中华人民共和国土地管理法实施条例》第五十五条',
    penaltyRange:
      '责令限期改正或者治理，可以并处罚款；罚款额为耕地开垦费的5倍以上10倍以下；破坏黑土地等优质耕地的，从重处罚。',
    fineMin: null,
    fineMax: null,
    delegated: true,
    discretion: [
      lvl('较轻', '占用耕地面积较小，及时恢复种植条件', null, null),
      lvl('一般', '破坏种植条件，责令后限期内治理', null, null),
      lvl('严重', '破坏永久基本农田或者黑土地等优质耕地，拒不治理', null, null),
    ],
  },
  {
    code: 'WTQ-TD-003',
    field: 'land',
    matter: '未经批准或者采取欺骗手段骗取批准，非法占用土地',
    violatedBasis: '《中华人民共和国土地管理法》第四十四条',
    penaltyBasis: '《中华人民共和国土地管理法》第七十七条第一款；《中华人民共和国土地管理法实施条例》第五十七条',
    penaltyRange:
      '责令退还非法占用的土地；违反土地利用总体规划擅自将农用地改为建设用地的，限期拆除新建的建筑物和其他设施，恢复土地原状；符合规划的，没收新建的建筑物和其他设施；可以并处罚款，罚款额为非法占用土地每平方米100元以上1000元以下。',
    fineMin: null,
    fineMax: null,
    delegated: true,
    discretion: [],
  },
  {
    code: 'WTQ-AQ-001',
    field: 'safety',
    matter: '生产经营单位未按照规定对从业人员进行安全生产教育和培训，或者未如实告知有关的安全生产事项',
    violatedBasis: '《中华人民共和国安全生产法》第二十八条',
    penaltyBasis: '《中华人民共和国安全生产法》第九十七条第（三）项',
    penaltyRange:
      '责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿，并处十万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处二万元以上五万元以下的罚款。',
    fineMin: 0,
    fineMax: 100_000,
    delegated: true,
    discretion: [
      lvl('较轻', '首次发现，未培训人数3人以下，当场或者限期内改正', 0, 10_000),
      lvl('一般', '未培训人数4人以上10人以下', 10_000, 50_000),
      lvl('严重', '未培训人数10人以上，或者涉及特种作业人员', 50_000, 100_000),
    ],
  },
  {
    code: 'WTQ-AQ-002',
    field: 'safety',
    matter: '未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志',
    violatedBasis: '《中华人民共和国安全生产法》第三十五条',
    penaltyBasis: '《中华人民共和国安全生产法》第九十九条第（一）项',
    penaltyRange:
      '责令限期改正，处五万元以下的罚款；逾期未改正的，处五万元以上二十万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以上二万元以下的罚款；情节严重的，责令停产停业整顿。',
    fineMin: 0,
    fineMax: 50_000,
    delegated: true,
    discretion: [
      lvl('较轻', '缺少警示标志1处，限期内改正', 0, 5_000),
      lvl('一般', '缺少警示标志2处以上', 5_000, 20_000),
      lvl('严重', '危险物品场所未设置警示标志', 20_000, 50_000),
    ],
  },
  {
    code: 'WTQ-AQ-003',
    field: 'safety',
    matter: '生产经营单位未采取措施消除事故隐患',
    violatedBasis: '《中华人民共和国安全生产法》第四十一条第二款',
    penaltyBasis: '《中华人民共和国安全生产法》第一百零二条',
    penaltyRange:
      '责令立即消除或者限期消除，处五万元以下的罚款；拒不执行的，责令停产停业整顿，对其直接负责的主管人员和其他直接责任人员处五万元以上十万元以下的罚款。',
    fineMin: 0,
    fineMax: 50_000,
    delegated: true,
    discretion: [
      lvl('较轻', '一般事故隐患，限期内消除', 0, 10_000),
      lvl('一般', '一般事故隐患，逾期未消除', 10_000, 30_000),
      lvl('严重', '重大事故隐患未消除', 30_000, 50_000),
    ],
  },
  {
    code: 'WTQ-AQ-004',
    field: 'safety',
    matter: '生产经营场所和员工宿舍未设有符合紧急疏散需要的出口、疏散通道，或者占用、锁闭、封堵出口、疏散通道',
    violatedBasis: '《中华人民共和国安全生产法》第四十二条第二款',
    penaltyBasis: '《中华人民共和国安全生产法》第一百零五条第（二）项',
    penaltyRange:
      '责令限期改正，处五万元以下的罚款，对其直接负责的主管人员和其他直接责任人员处一万元以下的罚款；逾期未改正的，责令停产停业整顿。',
    fineMin: 0,
    fineMax: 50_000,
    delegated: true,
    discretion: [
      lvl('较轻', '疏散通道部分占用，当场改正', 0, 10_000),
      lvl('一般', '出口或者疏散通道锁闭、封堵', 10_000, 30_000),
      lvl('严重', '员工宿舍与生产经营场所出口锁闭，且有人员住宿', 30_000, 50_000),
    ],
  },
];

const ISSUER = '示范省人民政府';

/** Officers; `ends` is days from the start (negative: ended), so the warning is always current. */
const DEMO_OFFICERS = [
  {
    name: '赵强',
    user: 'zhifa',
    cert: '33990110001',
    fields: ['planning', 'land', 'safety'],
    ends: 900,
    reviewer: false,
    lq: false,
  },
  {
    name: '钱卫东',
    user: null,
    cert: '33990110002',
    fields: ['planning', 'land'],
    ends: 640,
    reviewer: false,
    lq: false,
  },
  {
    name: '孙丽',
    user: null,
    cert: '33990110003',
    fields: ['safety', 'market'],
    ends: 410,
    reviewer: false,
    lq: false,
  },
  {
    name: '李振华',
    user: null,
    cert: '33990110004',
    fields: ['planning', 'land', 'safety'],
    ends: 18,
    reviewer: false,
    lq: false,
  },
  {
    name: '周敏',
    user: null,
    cert: '33990110005',
    fields: ['planning', 'land', 'safety', 'environment'],
    ends: 1100,
    reviewer: true,
    lq: true,
  },
  {
    name: '吴海燕',
    user: null,
    cert: '33990110006',
    fields: ['planning', 'land', 'safety'],
    ends: 760,
    reviewer: true,
    lq: false,
  },
] as const;

export async function seedRegisterDemo(db: Db, now: Date): Promise<string[]> {
  const town = await db
    .selectFrom('org_units')
    .select('id')
    .where('kind', '=', 'town')
    .where('name', '=', '湾头桥镇')
    .executeTakeFirst();
  if (!town) return [];
  const filled = await db
    .selectFrom('enforcement_officers')
    .select('id')
    .where('town_id', '=', town.id)
    .executeTakeFirst();
  if (filled) return [];
  const users = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', 'in', ['zhifa', 'fazhiban'])
    .execute();
  const userId = (u: string) => users.find((x) => x.username === u)?.id ?? null;
  const by = userId('zhifa') ?? userId('fazhiban');
  if (by === null) return [];
  const today = shanghaiDate(now);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('enforcement_officers')
      .values(
        DEMO_OFFICERS.map((o, i) => ({
          town_id: town.id,
          user_id: o.user ? userId(o.user) : null,
          name: o.name,
          cert_no: o.cert,
          cert_issuer: ISSUER,
          cert_fields: [...o.fields],
          // Held since before the seed report's year, so the simulated years' cases (2023 on) are
          // acted by certified officers, and no module's demo needs officers of its own.
          valid_from: `2022-0${1 + (i % 9)}-01`,
          valid_until: addDays(today, o.ends),
          reviewer: o.reviewer,
          legal_qualification: o.lq,
          created_by: by,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await trx
      .insertInto('enforcement_powers')
      .values(
        DEMO_POWERS.map((p) => ({
          town_id: town.id,
          code: p.code,
          field: p.field,
          matter: p.matter,
          violated_basis: p.violatedBasis,
          penalty_basis: p.penaltyBasis,
          penalty_range: p.penaltyRange,
          fine_min: p.fineMin,
          fine_max: p.fineMax,
          delegated: p.delegated,
          delegated_by: p.delegated ? DEMO_DELEGATION : null,
          discretion: JSON.stringify(p.discretion),
          created_by: by,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  });
  return [`执法人员 ${DEMO_OFFICERS.length} 名、权责清单事项 ${DEMO_POWERS.length} 项`];
}
