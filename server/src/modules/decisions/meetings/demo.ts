/**
 * The demo town's meetings of a year (ServerModule.demo.year): the leading group of 湾头桥镇
 * (eight members; 王建国, the demo 镇领导, chairs and speaks last) meeting through the year on the
 * town's other major matters, agenda items linked to no case (年度财政预算, 防汛工作方案, 人居环境
 * 整治 …): ten in 2023 as the issue's demo list asks, fewer in a later year. The meetings that
 * decide the decision, normative and contract cases are written by those areas' own demo steps
 * with `insertHeldMeeting`. Deterministic; written once per town and year.
 */
import type { MeetingConclusion, MeetingKind } from '@fazhi/domain/decisions/meetings';
import { sql } from 'kysely';
import { officeHour } from '../../../core/demo.ts';
import type { Db } from '../../../db/index.ts';
import type { MeetingAttendee, MeetingView } from '../../../db/schema.ts';
import { insertHeldMeeting } from './repository.ts';

const TOWN = '湾头桥镇';
export const DEMO_CHIEF = '王建国';
const PLACE = '镇政府三楼会议室';

/** The leading group (应出席), the chief first; observers (列席) follow. */
export const DEMO_MEMBERS: { name: string; post: string }[] = [
  { name: DEMO_CHIEF, post: '镇党委书记' },
  { name: '刘志刚', post: '镇党委副书记、镇长' },
  { name: '陈红', post: '镇党委副书记' },
  { name: '孙国庆', post: '镇党委委员、纪委书记' },
  { name: '黄丽', post: '镇党委委员、组织委员' },
  { name: '马建军', post: '镇党委委员、副镇长' },
  { name: '何晓东', post: '镇党委委员、武装部长' },
  { name: '林芳', post: '副镇长' },
];
const OBSERVERS: { name: string; post: string }[] = [
  { name: '李晓梅', post: '党政办主任' },
  { name: '张明', post: '司法所所长' },
];

interface DemoItem {
  subject: string;
  /** What the others say, in turn (cycled over the members present). */
  remarks: string[];
  chiefView: string;
  conclusion: MeetingConclusion;
  conclusionText: string;
  /** A member who disagreed, and what they said (recorded as said, art 30 ¶3). */
  dissent?: { name: string; words: string };
}

interface DemoMeeting {
  kind: MeetingKind;
  /** MM-DD of the year. */
  day: string;
  /** A member on leave, and why. */
  absent?: { name: string; reason: string };
  items: DemoItem[];
}

const ITEMS_2023: DemoMeeting[] = [
  {
    kind: 'party_committee',
    day: '01-16',
    items: [
      {
        subject: '研究2023年镇级财政预算安排',
        remarks: ['同意预算草案，建议压减一般性支出，保障民生支出。', '同意，三保支出要优先足额安排。'],
        chiefView: '同意按草案提交镇人大审议，严格执行过紧日子要求。',
        conclusion: 'adopted',
        conclusionText: '原则通过2023年镇级财政预算草案，由财政所按会议意见修改后提请镇人民代表大会审议。',
      },
      {
        subject: '研究2023年度重点工作任务分解',
        remarks: ['同意任务分解表，建议明确完成时限。', '同意，纳入年度考核。'],
        chiefView: '同意，各分管领导牵头抓落实，每季度通报进度。',
        conclusion: 'adopted',
        conclusionText: '通过年度重点工作任务分解方案，党政办按季度督查通报。',
      },
    ],
  },
  {
    kind: 'joint',
    day: '03-21',
    items: [
      {
        subject: '研究农村人居环境整治提升工作方案',
        remarks: ['同意，建议先在湾头村、桥东村试点。', '同意，长效保洁经费要落实到村。'],
        chiefView: '同意方案，试点先行，年底前全镇推开。',
        conclusion: 'amended',
        conclusionText: '方案修改后通过：增加湾头村、桥东村先行试点内容，保洁经费纳入村级运转保障。',
      },
      {
        subject: '研究春耕生产和农资保障工作',
        remarks: ['同意，做好农资价格巡查。', '同意。'],
        chiefView: '同意，农业农村办牵头落实。',
        conclusion: 'adopted',
        conclusionText: '通过春耕生产工作安排，农业农村办牵头，各村配合。',
      },
    ],
  },
  {
    kind: 'team',
    day: '05-09',
    absent: { name: '何晓东', reason: '参加县武装工作会议' },
    items: [
      {
        subject: '研究2023年防汛防台工作方案',
        remarks: ['同意，山塘水库要落实巡查责任人。', '同意，应急物资要提前预置到村。'],
        chiefView: '同意方案，主汛期实行领导带班值班。',
        conclusion: 'adopted',
        conclusionText: '通过2023年防汛防台工作方案，明确各片区责任领导和山塘水库巡查责任人。',
      },
      {
        subject: '研究开展安全生产大检查工作',
        remarks: ['同意，重点检查危化品和人员密集场所。', '同意。'],
        chiefView: '同意，安监办牵头，发现隐患限期整改到位。',
        conclusion: 'adopted',
        conclusionText: '通过安全生产大检查工作安排，安监办牵头，6月底前完成全覆盖检查。',
      },
    ],
  },
  {
    kind: 'joint',
    day: '08-15',
    items: [
      {
        subject: '研究镇区老街道路改造工程实施方案',
        remarks: ['同意改造，建议分段施工减少对商户影响。', '同意，资金来源要落实。'],
        chiefView: '同意方案，分两期实施，一期资金由县级补助和镇财政共同承担。',
        conclusion: 'amended',
        conclusionText: '方案修改后通过：分两期实施，一期于10月开工；工程依法招标。',
        dissent: { name: '林芳', words: '不同意年内开工，一期资金尚有缺口，建议待县级补助到位后再开工。' },
      },
      {
        subject: '研究村级集体经济发展扶持办法',
        remarks: ['同意，建议向经济薄弱村倾斜。', '同意。'],
        chiefView: '同意，扶持资金实行项目化管理。',
        conclusion: 'adopted',
        conclusionText: '通过村级集体经济发展扶持办法，扶持资金向经济薄弱村倾斜。',
      },
    ],
  },
  {
    kind: 'party_committee',
    day: '11-20',
    items: [
      {
        subject: '研究冬春森林防火工作',
        remarks: ['同意，重点时段加强野外用火巡查。', '同意。'],
        chiefView: '同意，落实网格化巡查责任。',
        conclusion: 'adopted',
        conclusionText: '通过冬春森林防火工作安排，落实网格化巡查和野外用火管控。',
      },
      {
        subject: '研究2024年民生实事项目征集方案',
        remarks: ['同意，征集范围要覆盖所有村（社区）。', '同意，征集结果向群众公开。'],
        chiefView: '同意方案，征集结果提交镇人大票决。',
        conclusion: 'adopted',
        conclusionText: '通过2024年民生实事项目征集方案，征集结果提请镇人民代表大会票决。',
      },
    ],
  },
];

/** A later year: fewer meetings, on the same kinds of matters. */
const ITEMS_LATER: DemoMeeting[] = [
  {
    kind: 'party_committee',
    day: '01-18',
    items: [
      {
        subject: '研究年度镇级财政预算安排',
        remarks: ['同意预算草案。', '同意，民生支出优先保障。'],
        chiefView: '同意按草案提请镇人大审议。',
        conclusion: 'adopted',
        conclusionText: '原则通过年度镇级财政预算草案，提请镇人民代表大会审议。',
      },
    ],
  },
  {
    kind: 'joint',
    day: '05-14',
    items: [
      {
        subject: '研究年度防汛防台工作方案',
        remarks: ['同意，隐患点要逐一落实责任人。', '同意。'],
        chiefView: '同意方案，主汛期领导带班值班。',
        conclusion: 'adopted',
        conclusionText: '通过年度防汛防台工作方案。',
      },
      {
        subject: '研究人居环境长效管护办法',
        remarks: ['建议暂缓，先征求各村意见。', '同意暂缓。'],
        chiefView: '同意暂缓，党政办征求各村（社区）意见后再提交会议研究。',
        conclusion: 'deferred',
        conclusionText: '暂缓研究，征求各村（社区）意见后再提交。',
      },
    ],
  },
];

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The views of one item: every present member but the chief in the list's order, each once. */
function viewsOf(item: DemoItem, present: readonly string[]): MeetingView[] {
  return present
    .filter((n) => n !== DEMO_CHIEF)
    .map((name, i) => {
      if (item.dissent?.name === name) return { name, view: 'disagree' as const, words: item.dissent.words };
      const words = item.remarks[i % item.remarks.length] ?? '同意。';
      // Proposing to defer is neither for nor against the draft.
      return { name, view: item.conclusion === 'deferred' ? ('other' as const) : ('agree' as const), words };
    });
}

export async function seedMeetingsDemo(db: Db, ctx: { year: number; now: Date; until: Date }): Promise<string[]> {
  const town = await db
    .selectFrom('org_units')
    .select('id')
    .where('kind', '=', 'town')
    .where('name', '=', TOWN)
    .executeTakeFirst();
  const clerk = await db.selectFrom('users').select('id').where('username', '=', 'fazhiban').executeTakeFirst();
  if (!town || !clerk) return [];
  const done = await db
    .selectFrom('meetings')
    .select('id')
    .where('town_id', '=', town.id)
    .where(sql`extract(year from held_on)`, '=', ctx.year)
    .where('title', 'like', `${ctx.year}年第%`)
    .executeTakeFirst();
  if (done) return [];
  const plan = ctx.year === 2023 ? ITEMS_2023 : ITEMS_LATER;
  const counters = new Map<MeetingKind, number>();
  let items = 0;
  let meetings = 0;
  await db.transaction().execute(async (trx) => {
    for (const m of plan) {
      const heldOn = `${ctx.year}-${m.day}`;
      const at = new Date(`${heldOn}T09:00:00+08:00`);
      if (at > ctx.until) continue;
      const n = (counters.get(m.kind) ?? 0) + 1;
      counters.set(m.kind, n);
      const kindName = {
        party_committee: '党委会',
        joint: '党政联席会议',
        mayor_office: '镇长办公会议',
        team: '班子会',
      }[m.kind];
      const attendees: MeetingAttendee[] = [
        ...DEMO_MEMBERS.map((p) => ({
          name: p.name,
          post: p.post,
          role: 'member' as const,
          present: m.absent?.name !== p.name,
          ...(m.absent?.name === p.name ? { absenceReason: m.absent.reason } : {}),
        })),
        ...OBSERVERS.map((p) => ({ ...p, role: 'observer' as const, present: true })),
      ];
      const present = attendees.filter((a) => a.present && a.role === 'member').map((a) => a.name);
      await insertHeldMeeting(trx, {
        townId: town.id,
        createdBy: clerk.id,
        kind: m.kind,
        title: `${ctx.year}年第${ORDINALS[n - 1] ?? n}次${kindName}`,
        heldOn,
        chiefName: DEMO_CHIEF,
        chairName: DEMO_CHIEF,
        place: PLACE,
        recorderName: '李晓梅',
        minutesNo: `〔${ctx.year}〕${++meetings}号`,
        attendees,
        now: at,
        items: m.items.map((it) => ({
          subject: it.subject,
          views: viewsOf(it, present),
          chiefView: it.chiefView,
          conclusion: it.conclusion,
          conclusionText: it.conclusionText,
          dissent: it.dissent ? `${it.dissent.name}：${it.dissent.words}` : null,
        })),
      });
      items += m.items.length;
    }
  });
  return [`会议 ${meetings} 次（议题 ${items} 项，未关联案件）`];
}

/**
 * The meeting that decides one of the other areas' demo cases (a major decision, a normative
 * document, a contract): the same leading group, everyone present and agreeing, the chief last.
 * The areas' demo steps call this rather than write meeting rows of their own.
 */
export async function insertDecidingMeeting(
  db: Db,
  m: {
    townId: number;
    createdBy: number;
    kind: MeetingKind;
    title: string;
    heldOn: string;
    /** When the record is written; the meeting day's office hours by default. */
    now?: Date;
    items: { subject: string; caseId: number | null; conclusion: 'adopted' | 'amended'; conclusionText?: string }[];
  },
): Promise<{ meetingId: number; itemIds: number[] }> {
  const attendees: MeetingAttendee[] = [
    ...DEMO_MEMBERS.map((p) => ({ ...p, role: 'member' as const, present: true })),
    ...OBSERVERS.map((p) => ({ ...p, role: 'observer' as const, present: true })),
  ];
  return insertHeldMeeting(db, {
    townId: m.townId,
    createdBy: m.createdBy,
    kind: m.kind,
    title: m.title,
    heldOn: m.heldOn,
    chiefName: DEMO_CHIEF,
    attendees,
    now: m.now ?? officeHour(m.heldOn, 0),
    place: PLACE,
    recorderName: OBSERVERS[0]!.name,
    items: m.items.map((it) => ({
      subject: it.subject,
      caseId: it.caseId,
      views: DEMO_MEMBERS.filter((p) => p.name !== DEMO_CHIEF).map((p) => ({
        name: p.name,
        view: 'agree' as const,
        words: '同意。',
      })),
      chiefView: it.conclusion === 'adopted' ? '同意，按程序办理。' : '原则同意，按会议意见修改后办理。',
      conclusion: it.conclusion,
      conclusionText:
        it.conclusionText ?? (it.conclusion === 'adopted' ? '会议同意。' : '会议原则同意，按讨论意见修改后办理。'),
    })),
  });
}
