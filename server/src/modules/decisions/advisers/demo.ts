/**
 * The demo year's legal adviser (DecisionsPart.demo.year): the town retains a lawyer of a law firm
 * (once, on a four-year service contract) who gives written opinions on the year's decisions,
 * normative documents, petitions, enforcement and litigation (a petition is not linked: neither
 * the 司法所 nor the 党政办 reads the 信访 cases, and a link must be to a case the writer reads); the contract area adds the opinions on the contracts it reviews
 * (../contract/demo.ts). 2023 has the full list, a later year a shorter one. Written through the
 * register's service as the 司法所 would, on working days before the simulation's end.
 */
import type { OpinionKind } from '@fazhi/domain/api/decisions-advisers';
import type { CoreServices, DemoYearContext } from '../../../core/module.ts';
import { demoAccess, demoAuditor } from '../../../seed/demo-access.ts';
import { type AdviserService, adviserAccess } from './service.ts';

/** The demo firm's lawyer (a 17-digit 律师执业证号 of the demo province). */
export const DEMO_ADVISER = {
  kind: 'lawyer' as const,
  name: '钱立诚',
  licenceNo: '13399201810234567',
  firm: '示范县正衡律师事务所',
  phone: '0571-86001234',
  contractRef: '湾法顾〔2023〕1号法律顾问服务合同（党政办档案室）',
};

const OPINIONS_2023: [string, OpinionKind, string, number][] = [
  ['03-14', 'decision', '关于湾头桥镇农村生活污水治理项目实施方案的法律意见', 6],
  ['05-22', 'decision', '关于镇区集贸市场迁建决策草案的合法性审查意见', 5],
  ['04-11', 'normative', '关于《湾头桥镇农村人居环境长效管理办法（送审稿）》的法律意见', 4],
  ['08-09', 'normative', '关于《湾头桥镇村级小微权力清单运行规定（送审稿）》的法律意见', 3],
  ['11-16', 'normative', '关于规范性文件清理的法律意见', 2],
  ['06-20', 'petition', '关于信访人要求征地补偿事项的法律意见', 2],
  ['09-12', 'petition', '关于信访人反映宅基地纠纷事项的法律意见', 2],
  ['07-18', 'enforcement', '关于违法建设强制拆除程序的法律意见', 3],
  ['10-25', 'litigation', '关于某公司诉镇政府行政协议纠纷案的应诉意见', 8],
  ['12-06', 'other', '关于村级组织换届选举中若干问题的法律意见', 1.5],
];

const OPINIONS_LATER: [string, OpinionKind, string, number][] = [
  ['03-20', 'decision', '关于镇级重大行政决策事项目录的法律意见', 3],
  ['05-15', 'normative', '关于《湾头桥镇河道保洁管理规定（送审稿）》的法律意见', 3],
  ['07-09', 'petition', '关于信访人要求补发土地补偿款事项的法律意见', 2],
  ['10-17', 'enforcement', '关于安全生产行政处罚案件的法律意见', 2],
];

export async function seedAdviserDemo(
  core: CoreServices,
  own: AdviserService,
  ctx: DemoYearContext,
): Promise<string[]> {
  const db = core.database.db;
  const sifasuo = await demoAccess(db, 'sifasuo', core.registry);
  const townId = sifasuo.auth.townId;
  if (townId == null) return [];
  const acc = await adviserAccess(db, sifasuo.auth);
  const calendar = await core.calendars.forTown(townId);
  const y = ctx.year;
  const workday = (d: string) => {
    let x = d;
    for (let i = 0; i < 10 && !calendar.isWorkday(x); i++) {
      x = new Date(Date.parse(`${x}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    }
    return x;
  };
  const at = (d: string, minutes = 60) => new Date(Date.parse(`${d}T08:30:00+08:00`) + minutes * 60_000);

  let adviser = await db
    .selectFrom('advisers')
    .select('id')
    .where('town_id', '=', townId)
    .where('licence_no', '=', DEMO_ADVISER.licenceNo)
    .executeTakeFirst();
  const lines: string[] = [];
  if (!adviser) {
    const on = workday(`${y}-01-09`);
    const t = at(on);
    const v = await own.create(
      acc,
      { ...DEMO_ADVISER, termFrom: `${y}-01-01`, termTo: `${y + 3}-12-31` },
      t,
      demoAuditor(sifasuo, t),
    );
    adviser = { id: Number(v.id) };
    lines.push(`法律顾问 ${DEMO_ADVISER.firm}${DEMO_ADVISER.name}律师（聘期${y}—${y + 3}年）`);
  }

  let made = 0;
  for (const [md, kind, subject, hours] of y === 2023 ? OPINIONS_2023 : OPINIONS_LATER) {
    const on = workday(`${y}-${md}`);
    const t = at(on, 90 + made);
    if (t > ctx.until) continue;
    await own.createOpinion(
      acc,
      sifasuo,
      {
        adviserId: String(adviser.id),
        givenOn: on,
        subject,
        kind,
        hours,
        summary: `${DEMO_ADVISER.name}律师经审阅相关材料，就${subject.replace(/^关于|的(法律|合法性审查|应诉)意见$/g, '')}提出书面意见：程序和依据总体合法，建议对个别条款表述予以完善。`,
      },
      t,
      demoAuditor(sifasuo, t),
    );
    made++;
  }
  lines.push(`法律意见 ${made} 件（重大决策、规范性文件、信访、执法、诉讼）`);
  return lines;
}
