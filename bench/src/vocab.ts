/**
 * Vocabulary for synthetic township cases. Titles and party names must look like the
 * real thing because search cost depends on how often bigrams repeat: a pool of a few
 * dozen dispute types and a hundred surnames gives the skew real registers have
 * (纠纷 everywhere, a given full name rare).
 */

/** mulberry32: small, fast and reproducible, so two runs with one seed build the same data. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  const hex = (len: number) => {
    let s = '';
    while (s.length < len)
      s += Math.floor(next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return s.slice(0, len);
  };
  return { next, int, pick, chance, hex };
}
export type Rng = ReturnType<typeof rng>;

const PLACE_A: readonly string[] =
  '湾头 东坝 西河 柳树 石桥 桃园 新华 红旗 马坊 高庄 枣林 杏花 青山 白沙 龙泉 凤凰 黄土 双河 三里 五里 梨树 榆林 清水 长岭 大营 小营 官庄 北坡 南岗 金沟'.split(
    ' ',
  );
const PLACE_B: readonly string[] = [...'桥坝湾集铺堡寨岭河口'];
const FAMILY: readonly string[] = [...'张王李赵刘陈杨周吴孙胡郭何马高林'];

/** Town names: up to ~300 distinct stems + 镇/乡, unique within the county. */
export function townNames(n: number): string[] {
  const out: string[] = [];
  for (const b of PLACE_B)
    for (const a of PLACE_A) {
      // 石桥 + 桥 would read as a typo.
      if (a.endsWith(b)) continue;
      out.push(`${a}${b}${out.length % 4 === 3 ? '乡' : '镇'}`);
    }
  if (n > out.length) throw new Error(`at most ${out.length} towns`);
  return out.slice(0, n);
}

/** Village and community names for one town: distinct within the town, repeating across towns as real ones do. */
export function villageNames(r: Rng, n: number): string[] {
  const stems = new Set<string>();
  while (stems.size < n) {
    const s = r.chance(0.35) ? `${r.pick(FAMILY)}家${r.pick(PLACE_B)}` : `${r.pick(PLACE_A)}`;
    stems.add(s);
  }
  return [...stems].map((s, i) => (i === n - 1 ? `${s}社区` : `${s}村`));
}

export const DEPARTMENTS = ['综治中心', '司法所', '派出所', '自然资源所'] as const;

export const SURNAMES: readonly string[] = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤常',
];

export const GIVEN: readonly string[] =
  '伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 建国 建华 国强 志强 春梅 玉兰 海燕 德福 长林 金花 玉珍 振华 永强 红梅 淑珍 建军 小红 晓东 文革 卫东 秋菊 满仓 富贵 宝山 桂花 凤英 志刚 海波 丽娟 雪梅 国华 德胜 有才 福生 来顺 树林 春生'.split(
    ' ',
  );

export function personName(r: Rng): string {
  return `${r.pick(SURNAMES)}${r.pick(GIVEN)}`;
}

export const ORGS: readonly string[] =
  '合作社 建筑工程队 养殖场 砖瓦厂 物业服务有限公司 农机服务站 家庭农场 商贸有限公司'.split(' ');

/** Dispute kinds with the fixture's category and a few 事由 that go with each. */
export const DISPUTES: readonly { kind: string; category: 'noise' | 'land' | 'other'; causes: readonly string[] }[] = [
  { kind: '宅基地边界纠纷', category: 'land', causes: ['修建围墙', '翻建房屋', '搭建偏房', '栽种树木'] },
  { kind: '土地承包纠纷', category: 'land', causes: ['承包地调整', '流转费拖欠', '地界不清', '口粮田分配'] },
  { kind: '相邻关系纠纷', category: 'other', causes: ['排水沟改道', '通行道路堵塞', '房屋采光遮挡', '滴水檐越界'] },
  { kind: '邻里噪声纠纷', category: 'noise', causes: ['夜间施工', '广场舞音响', '养狗吠叫', '加工作坊机器'] },
  { kind: '婚姻家庭纠纷', category: 'other', causes: ['离婚财产分割', '子女抚养费', '彩礼返还'] },
  { kind: '赡养纠纷', category: 'other', causes: ['老人赡养费分担', '老人居住安排', '医疗费分摊'] },
  { kind: '劳务报酬纠纷', category: 'other', causes: ['工钱拖欠', '工伤医疗费', '包工头失联'] },
  { kind: '民间借贷纠纷', category: 'other', causes: ['借款逾期未还', '担保责任', '利息约定不明'] },
  { kind: '山林权属纠纷', category: 'land', causes: ['林地界址', '林木采伐', '承包林地重叠'] },
  { kind: '征地补偿纠纷', category: 'land', causes: ['青苗补偿', '地上附着物补偿', '安置款分配'] },
  { kind: '农田灌溉纠纷', category: 'land', causes: ['机井用水', '水渠堵塞', '灌溉顺序'] },
  { kind: '养殖污染纠纷', category: 'noise', causes: ['养猪场异味', '粪污排放', '鸡舍噪声'] },
  { kind: '交通事故赔偿纠纷', category: 'other', causes: ['电动车碰撞', '农用车刮擦', '醉驾伤人'] },
  { kind: '物业服务纠纷', category: 'other', causes: ['物业费收取', '电梯维修', '停车位分配'] },
  { kind: '继承纠纷', category: 'other', causes: ['房屋继承', '存款继承', '宅基地继承'] },
  { kind: '损害赔偿纠纷', category: 'other', causes: ['牲畜啃食庄稼', '房屋漏水', '树木倒伏砸车'] },
];

const ASKS = ['请求协调处理', '要求对方赔偿损失', '请求依法调解', '要求恢复原状', '请求村委会出面协调'] as const;

export interface CaseText {
  title: string;
  summary: string;
  category: 'noise' | 'land' | 'other';
}

/** 村名 + 纠纷类型, sometimes with the parties or the cause, like a clerk would title it. */
export function caseText(r: Rng, place: string, complainant: string, respondent: string): CaseText {
  const d = r.pick(DISPUTES);
  const cause = r.pick(d.causes);
  const style = r.next();
  const title =
    style < 0.5
      ? `${place}${d.kind}`
      : style < 0.8
        ? `${place}${complainant}与${respondent}${d.kind}`
        : `${place}因${cause}引发的${d.kind}`;
  const summary = `${complainant}反映${respondent}${cause}问题，${r.pick(ASKS)}。`;
  return { title, summary, category: d.category };
}

export const ATTACHMENT_NAMES = [
  '现场照片.jpg',
  '调解申请书.pdf',
  '土地承包合同.pdf',
  '证人证言.docx',
  '现场勘查图.png',
];
