/**
 * The default 检查表 the town may install (POST /api/safety/checklists/defaults) and then edit:
 * one per industry (api/safety.ts SAFETY_INDUSTRY_LABELS), items an inspector checks on the
 * spot, each citing the article of the 安全生产法 (2021年修正) that imposes the duty. Sector
 * rules (消防法, 危险化学品安全管理条例, 建设工程安全生产管理条例) are left for the town to add:
 * only articles of the text kept in shared/laws are cited here.
 */
import type { SafetyIndustry } from '../api/safety.ts';
import type { ChecklistItem } from './checklists.ts';

const LAW = '《安全生产法》';
const art = (n: string) => `${LAW}第${n}条`;

/** Items every unit is checked on (prefix G). */
const COMMON: ChecklistItem[] = [
  {
    code: 'G01',
    text: '建立健全并落实全员安全生产责任制，明确各岗位责任人员、责任范围和考核标准',
    basis: `${art('二十一')}第（一）项、${art('二十二')}`,
  },
  { code: 'G02', text: '主要负责人组织制定并实施安全生产规章制度和操作规程', basis: `${art('二十一')}第（二）项` },
  { code: 'G03', text: '主要负责人和安全生产管理人员具备相应的安全生产知识和管理能力', basis: art('二十七') },
  {
    code: 'G04',
    text: '对从业人员进行安全生产教育和培训，建立培训档案，如实记录时间、内容、参加人员和考核结果',
    basis: art('二十八'),
  },
  { code: 'G05', text: '特种作业人员（电工、焊工等）经专门培训并持证上岗，证件在有效期内', basis: art('三十') },
  { code: 'G06', text: '有较大危险因素的场所和设施、设备上设置明显的安全警示标志', basis: art('三十五') },
  {
    code: 'G07',
    text: '安全设备经常性维护、保养并定期检测，有记录和签字；未关闭、破坏监控、报警、防护、救生设备',
    basis: art('三十六'),
  },
  {
    code: 'G08',
    text: '建立隐患排查治理制度，隐患排查治理情况如实记录并向从业人员通报',
    basis: `${art('四十一')}第二款`,
  },
  {
    code: 'G09',
    text: '出口、疏散通道符合紧急疏散要求、标志明显、保持畅通，未占用、锁闭、封堵',
    basis: `${art('四十二')}第二款`,
  },
  { code: 'G10', text: '向从业人员如实告知作业场所和岗位的危险因素、防范措施及事故应急措施', basis: art('四十四') },
  { code: 'G11', text: '为从业人员提供符合标准的劳动防护用品，并监督、教育其正确佩戴、使用', basis: art('四十五') },
  { code: 'G12', text: '制定生产安全事故应急救援预案，与政府预案相衔接，并定期组织演练', basis: art('八十一') },
];

const pick = (...codes: string[]) => COMMON.filter((i) => codes.includes(i.code));

export const DEFAULT_CHECKLISTS: Record<SafetyIndustry, { title: string; items: ChecklistItem[] }> = {
  industry_trade: {
    title: '工贸企业安全生产检查表',
    items: [
      ...COMMON,
      { code: 'T01', text: '未使用国家或本省公布淘汰的危及生产安全的工艺、设备', basis: `${art('三十八')}第三款` },
      { code: 'T02', text: '动火、吊装、临时用电等危险作业有专人现场安全管理', basis: art('四十三') },
      {
        code: 'T03',
        text: '生产经营项目、场所、设备未发包、出租给不具备安全生产条件或资质的单位或个人',
        basis: art('四十九'),
      },
      { code: 'T04', text: '同一作业区域内的多个单位签订安全生产管理协议、指定专职安全管理人员', basis: art('四十八') },
      { code: 'T05', text: '依法参加工伤保险，为从业人员缴纳保险费', basis: `${art('五十一')}第一款` },
    ],
  },
  hazchem: {
    title: '危险化学品经营单位安全检查表',
    items: [
      ...pick('G01', 'G02', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09', 'G11', 'G12'),
      { code: 'H01', text: '设置安全生产管理机构或配备专职安全生产管理人员', basis: art('二十四') },
      { code: 'H02', text: '危险物品的经营、储存经有关主管部门审批，许可证照在有效期内', basis: art('三十九') },
      { code: 'H03', text: '危险物品的容器、运输工具由专业单位生产并经检测、检验合格', basis: art('三十七') },
      { code: 'H04', text: '重大危险源登记建档，定期检测、评估、监控，制定应急预案', basis: art('四十') },
      {
        code: 'H05',
        text: '经营、储存危险物品的商店、仓库未与员工宿舍在同一建筑物内，并保持安全距离',
        basis: `${art('四十二')}第一款`,
      },
      { code: 'H06', text: '建立应急救援组织或指定兼职应急救援人员，配备应急救援器材并经常维护', basis: art('八十二') },
      { code: 'H07', text: '投保安全生产责任保险', basis: `${art('五十一')}第二款` },
    ],
  },
  workshop: {
    title: '小作坊安全检查表',
    items: [
      ...pick('G02', 'G04', 'G05', 'G06', 'G07', 'G08', 'G09', 'G11', 'G12'),
      {
        code: 'W01',
        text: '生产车间、仓库未与员工宿舍在同一建筑物内（“三合一”场所）',
        basis: `${art('四十二')}第一款`,
      },
      { code: 'W02', text: '使用燃气的，安装可燃气体报警装置并保障其正常使用', basis: `${art('三十六')}第四款` },
      { code: 'W03', text: '未使用淘汰的危及生产安全的工艺、设备', basis: `${art('三十八')}第三款` },
      { code: 'W04', text: '动火、临时用电等危险作业有专人现场安全管理', basis: art('四十三') },
    ],
  },
  crowded: {
    title: '人员密集场所安全检查表',
    items: [
      ...pick('G01', 'G02', 'G04', 'G06', 'G07', 'G08', 'G10', 'G12'),
      { code: 'C01', text: '安全出口、疏散通道畅通，疏散指示标志明显，未锁闭、封堵', basis: `${art('四十二')}第二款` },
      { code: 'C02', text: '员工宿舍的出口、疏散通道符合紧急疏散要求', basis: `${art('四十二')}第二款` },
      { code: 'C03', text: '餐饮等使用燃气的，安装可燃气体报警装置并正常使用', basis: `${art('三十六')}第四款` },
      { code: 'C04', text: '监控、报警、防护、救生设备设施完好，未关闭、破坏', basis: `${art('三十六')}第三款` },
      {
        code: 'C05',
        text: '场所、设备出租、发包的，承租方具备安全生产条件，签订安全生产管理协议',
        basis: art('四十九'),
      },
    ],
  },
  construction: {
    title: '建筑施工安全检查表',
    items: [
      ...pick('G01', 'G03', 'G04', 'G05', 'G06', 'G07', 'G08', 'G11', 'G12'),
      { code: 'B01', text: '设置安全生产管理机构或配备专职安全生产管理人员', basis: art('二十四') },
      { code: 'B02', text: '吊装、动火、临时用电、爆破等危险作业有专人现场安全管理', basis: art('四十三') },
      {
        code: 'B03',
        text: '多个施工单位在同一作业区域作业的，签订安全生产管理协议并指定专人检查协调',
        basis: art('四十八'),
      },
      { code: 'B04', text: '工程未发包给不具备安全生产条件或相应资质的单位或个人', basis: art('四十九') },
      { code: 'B05', text: '建立应急救援组织或指定兼职应急救援人员，配备必要的应急救援器材', basis: art('八十二') },
      { code: 'B06', text: '未使用淘汰的危及生产安全的工艺、设备', basis: `${art('三十八')}第三款` },
    ],
  },
  other: {
    title: '生产经营单位通用安全检查表',
    items: [...COMMON],
  },
};
