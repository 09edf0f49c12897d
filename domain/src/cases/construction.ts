/**
 * 违法建设 (illegal construction) in the township's village and township planning areas,
 * docs/domain.md §8: 发现 → 责令停止建设 → 调查 → 告知（陈述申辩） → 限期改正/拆除决定
 * → 自行整改期 → 催告 → 强制拆除决定 + 公告 → 等待复议、诉讼期限届满 → 强制拆除 → 结案;
 * self-demolition (or correction) at any step after discovery ends it.
 *
 * Sources, read in full in ../../../../shared/laws: 城乡规划法 (2019) arts 64, 65, 68 [V];
 * 行政强制法 (2011) arts 34–38, 43, 44, 69 [V]; 行政复议法 (2023) art 20 [V]; 行政诉讼法
 * (2017) arts 45, 46 [V]; 行政处罚法 (2021) arts 42, 55 for the officers [V].
 *
 * Competence (城乡规划法 art 65): the 乡、镇人民政府 orders the stop, the correction and may
 * demolish only inside the 乡、村庄规划区. A building inside the 城市、镇规划区 is the county
 * planning department's (art 64); outside any planning area the town has no planning-law power
 * at all. The decide action refuses both and the 移送 action hands them over.
 *
 * Demolition (行政强制法 art 44): the town posts a public notice with a deadline to demolish;
 * it may demolish only once the party has neither applied for 复议 nor sued "在法定期限内":
 * 60 days (行政复议法 art 20) and 6 months (行政诉讼法 art 46) from service of the 限期拆除决定
 * (the decision that imposes the obligation), or once the challenges brought are closed
 * without setting the decision aside. `challengePeriodsProblem` is that gate; the server's
 * context hook hands it the challenges registered on the case (case_challenges) and the
 * town's calendar.
 *
 * Server conventions: the context hook (server/src/modules/construction/case-type.ts)
 * provides `officers` (CertifiedOfficer[]), `challenges` (CaseChallenges, loadChallenges) and
 * `calendarOverrides` (the town's CalendarOverride[]).
 */
import { z } from 'zod';
import { type Calendar, type CalendarOverride, createCalendar } from '../calendar/calendar.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { addPeriod } from '../calendar/period.ts';
import {
  type CaseChallenges,
  challengePeriodsProblem,
  LITIGATION_MONTHS,
  RECONSIDERATION_DAYS,
} from '../enforcement/challenges.ts';
import { type CertifiedOfficer, OfficerIdsInput, officersProblem } from '../enforcement/officers.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { shanghaiDate } from '../engine/time.ts';
import type { CaseSnapshot } from '../engine/types.ts';
import { isoDateSchema } from '../validators/schemas.ts';

// ---------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------

/** How the building came to the town's notice; a petition is linked with the case links. */
export const CONSTRUCTION_SOURCE_LABELS = {
  patrol: '巡查发现',
  report: '群众举报',
  satellite: '卫片图斑',
  petition: '信访转来',
  other: '其他',
} as const;

/** Where the building stands: who is competent (城乡规划法 arts 64, 65). */
export const CONSTRUCTION_ZONE_LABELS = {
  village: '乡、村庄规划区内',
  urban: '城市、镇规划区内',
  outside: '规划区外',
} as const;

export const CONSTRUCTION_PERMIT_LABELS = {
  none: '未取得乡村建设规划许可证',
  not_as_permitted: '未按照乡村建设规划许可证的规定建设',
  permitted: '已依法取得许可并按许可建设',
} as const;

export const CONSTRUCTION_STRUCTURE_LABELS = {
  brick_concrete: '砖混结构',
  frame: '框架结构',
  steel: '钢结构',
  simple: '简易结构（彩钢板、铁皮等）',
  wood: '木结构',
  other: '其他',
} as const;

/** 限期改正 where correction can remove the effect, 限期拆除 where it cannot (art 65). */
export const CONSTRUCTION_DECISION_LABELS = { demolish: '限期拆除', correct: '限期改正' } as const;

export const CONSTRUCTION_OUTCOME_LABELS = {
  demolished: '强制拆除',
  self_demolished: '自行拆除',
  corrected: '已改正',
  referred: '移送县级主管部门',
  not_illegal: '不属于违法建设',
} as const;

/** 执法领域 of the officers' certificates this type needs (enforcement_officers.cert_fields). */
export const CONSTRUCTION_OFFICER_FIELD = 'planning';

// ---------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);
const area = (label: string) => z.number().positive().max(1_000_000).describe(label);
const money = (label: string) => z.number().min(0).max(1e10).describe(label);
const officerIds = (label: string) =>
  z.array(z.number().int().positive()).max(10).meta({ lookup: 'enforcement-officers' }).describe(label);

const intakeShape = {
  source: choice(CONSTRUCTION_SOURCE_LABELS, '发现来源'),
  foundOn: date('发现日期'),
  location: text('建设地点', 200),
  description: text('违建情况', 2000),
  startedOn: date('开工日期').optional(),
  zone: choice(CONSTRUCTION_ZONE_LABELS, '所在区域').optional(),
  polygonNo: z.string().trim().min(1).max(60).optional().describe('卫片图斑编号'),
};
export const ConstructionIntakeFields = z.object(intakeShape);

export const ConstructionFields = z.object({
  ...intakeShape,
  // 制止
  stopOrderedOn: date('责令停止建设日期').optional(),
  stoppedAtOnce: z.boolean().optional().describe('当场（次一工作日内）制止'),
  stopOfficerIds: officerIds('制止执法人员').optional(),
  // 调查
  investigatedOn: date('调查日期').optional(),
  area: area('建筑面积（平方米）').optional(),
  floors: z.number().int().min(1).max(100).optional().describe('层数'),
  structure: choice(CONSTRUCTION_STRUCTURE_LABELS, '结构').optional(),
  onFarmland: z.boolean().optional().describe('占用农用地'),
  permitStatus: choice(CONSTRUCTION_PERMIT_LABELS, '规划许可情况').optional(),
  findings: text('调查情况').optional(),
  investigationOfficerIds: officerIds('调查执法人员').optional(),
  // 告知
  notifiedOn: date('告知日期').optional(),
  statementDeadline: date('陈述申辩期限').optional(),
  statement: text('陈述申辩情况').optional(),
  statementAdopted: z.boolean().optional().describe('陈述申辩意见是否采纳'),
  // 限期改正/拆除决定
  decisionKind: choice(CONSTRUCTION_DECISION_LABELS, '决定类型').optional(),
  rectifyDeadline: date('限期改正（拆除）期限').optional(),
  decidedOn: date('决定日期').optional(),
  decisionNo: z.string().max(100).optional().describe('决定书文号'),
  decisionServedOn: date('决定送达日期').optional(),
  // 催告
  warnedOn: date('催告书送达日期').optional(),
  performDeadline: date('催告履行期限').optional(),
  // 强制拆除决定 + 公告
  demolitionPlannedOn: date('强制拆除时间').optional(),
  selfDemolishBy: date('公告自行拆除期限').optional(),
  enforcementDecidedOn: date('强制拆除决定日期').optional(),
  enforcementDecisionNo: z.string().max(100).optional().describe('强制拆除决定书文号'),
  enforcementServedOn: date('强制拆除决定送达日期').optional(),
  noticePostedOn: date('公告张贴日期').optional(),
  // 拆除
  demolishedOn: date('拆除日期').optional(),
  demolishedArea: area('拆除面积（平方米）').optional(),
  demolitionCost: money('拆除费用（元）').optional(),
  videoRef: text('执法音像记录编号', 200).optional(),
  videoSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, '应为64位小写十六进制SHA-256摘要')
    .optional()
    .describe('音像记录SHA-256'),
  demolitionOfficerIds: officerIds('拆除执法人员').optional(),
  correctedOn: date('改正完成日期').optional(),
  referredTo: text('移送机关', 100).optional(),
  referredOn: date('移送日期').optional(),
  referralReason: text('移送理由').optional(),
  outcome: choice(CONSTRUCTION_OUTCOME_LABELS, '办理结果').optional(),
  closedOn: date('结案日期').optional(),
});
export type ConstructionFieldValues = z.output<typeof ConstructionFields>;

// ---------------------------------------------------------------------------
// The challenge periods (行政强制法 art 44)
// ---------------------------------------------------------------------------

/** A 复议 or 诉讼 registered against the case (case_challenges, migration 0019). */
/** The last days of the two periods counted from service of the decision. */
export function challengePeriodEnds(
  calendar: Calendar,
  servedOn: IsoDate,
): { reconsideration: IsoDate; litigation: IsoDate } {
  return {
    reconsideration: addPeriod(calendar, { unit: 'd', from: servedOn, length: RECONSIDERATION_DAYS }).due,
    litigation: addPeriod(calendar, { unit: 'month', from: servedOn, length: LITIGATION_MONTHS }).due,
  };
}

/**
 * Whether a stop order on `orderedOn` stopped the building at once: on the day it was found
 * or the next working day (the town's own measure of 及时制止; no statute fixes one).
 */
export function stoppedAtOnce(calendar: Calendar, foundOn: IsoDate, orderedOn: IsoDate): boolean {
  return orderedOn <= addPeriod(calendar, { unit: 'wd', from: foundOn, length: 1 }).due;
}

// ---------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------

type Snap = CaseSnapshot<ConstructionFieldValues>;

const officersOf = (c: Snap) => (c.context?.officers ?? []) as readonly CertifiedOfficer[];
const challengesOf = (c: Snap) => (c.context?.challenges ?? { pending: [], closed: [] }) as CaseChallenges;
/**
 * The town's calendar: the national notices with the town's overrides the context hook read
 * (plain data, since the engine copies the context).
 */
const calendarOf = (c: Snap) =>
  createCalendar({ overrides: (c.context?.calendarOverrides ?? []) as readonly CalendarOverride[] });

/** A recorded date may not lie in the future nor before the building was found. */
function dateProblem(label: string, value: string, c: Snap, now: Date): string | null {
  const today = shanghaiDate(now);
  if (value > today) return `${label}不得晚于今天（${today}）`;
  if (value < c.fields.foundOn) return `${label}不得早于发现日期（${c.fields.foundOn}）`;
  return null;
}

/** The officers named for a step on `on` (行政处罚法 arts 42, 55). */
function officersAt(c: Snap, ids: readonly number[], on: string): string | null {
  return officersProblem(ids, officersOf(c), CONSTRUCTION_OFFICER_FIELD, on);
}

/** 城乡规划法 arts 64, 65: only inside the village/township planning area is it the town's. */
function competenceProblem(zone: string | undefined): string | null {
  if (zone === 'urban') {
    return '该建设位于城市、镇规划区内，应由县级人民政府城乡规划主管部门依照城乡规划法第六十四条查处，本镇无权作出决定，请移送';
  }
  if (zone === 'outside') {
    return '该建设位于规划区外，不适用城乡规划法第六十五条，本镇无权作出决定，请移送县级有关主管部门';
  }
  return null;
}

const patch = (p: Partial<ConstructionFieldValues>): Partial<ConstructionFieldValues> => p;

const AFTER_DISCOVERY = [
  'found',
  'stopped',
  'investigated',
  'notified',
  'decided',
  'rectifying',
  'warned',
  'enforcement_decided',
  'awaiting_periods',
] as const;
const TEAM = ['zhifa', 'ziran'] as const;

// ---------------------------------------------------------------------------
// The case type
// ---------------------------------------------------------------------------

export const construction = defineCaseType({
  key: 'construction',
  label: '违法建设',
  numbering: '{town}违建〔{year}〕{seq}号',
  fields: ConstructionFields,
  intake: ConstructionIntakeFields,
  basicInfo: ['location', 'description', 'startedOn', 'polygonNo'],
  parties: { roles: { builder: '当事人（建设单位或个人）' }, required: ['builder'] },
  states: {
    found: { label: '已发现（待制止）' },
    stopped: { label: '已责令停止建设（待调查）' },
    investigated: { label: '已调查（待告知）' },
    notified: { label: '已告知（陈述申辩）' },
    decided: { label: '已作出限期改正（拆除）决定（待送达）' },
    rectifying: { label: '自行整改期' },
    warned: { label: '已催告' },
    enforcement_decided: { label: '已作出强制拆除决定（待送达、公告）' },
    awaiting_periods: { label: '已公告，等待复议、诉讼期限届满' },
    demolished: { label: '已强制拆除（待结案）' },
    referred: { label: '已移送', terminal: true },
    closed: { label: '已结案', terminal: true },
  },
  initial: 'found',
  create: { roles: TEAM, label: '登记违法建设', titleExample: '湾头村张某未批先建' },
  // The 执法队 and the 自然资源办 work it; 镇领导 approves the decisions; 法治办 (report),
  // 司法所 (legal review) and 县级督查 read. Not 信访办 nor 矛调中心: a petition about a
  // building is linked to the case, but the case file is enforcement material.
  access: { read: [...TEAM, 'leader', 'fazhiban', 'sifasuo', 'county'] },
  // The 限期拆除决定 and the 强制拆除决定 are administrative acts open to 复议 and 诉讼 (行政强制法
  // art 8; 行政复议法 art 11; 行政诉讼法 art 12): registered on the case, they hold the demolition.
  challengeable: { decidedBy: ['decide', 'decide_enforcement'] },
  documents: {
    stop_order: '责令停止违法建设通知书',
    demolition_decision: '限期拆除决定书',
    warning: '催告书',
    enforcement_decision: '强制拆除决定书',
    enforcement_notice: '强制拆除公告',
  },
  actions: {
    stop: {
      label: '责令停止建设',
      from: ['found'],
      to: 'stopped',
      roles: TEAM,
      input: z.object({ stopOrderedOn: date('责令停止建设日期'), officerIds: OfficerIdsInput }),
      requires: {
        documents: ['stop_order'],
        guard: (c, input, now) =>
          input
            ? (dateProblem('责令停止建设日期', input.stopOrderedOn, c, now) ??
              officersAt(c, input.officerIds, input.stopOrderedOn))
            : null,
      },
      prefill: { document: 'stop_order', fields: { stopOrderedOn: 'orderedOn' } },
      effects: (c, input) =>
        patch({
          stopOrderedOn: input.stopOrderedOn,
          stopOfficerIds: input.officerIds,
          stoppedAtOnce: stoppedAtOnce(calendarOf(c), c.fields.foundOn, input.stopOrderedOn),
        }),
    },
    investigate: {
      label: '记录调查',
      from: ['stopped'],
      to: 'investigated',
      roles: TEAM,
      input: z.object({
        investigatedOn: date('调查日期'),
        area: area('建筑面积（平方米）'),
        floors: z.number().int().min(1).max(100).describe('层数'),
        structure: choice(CONSTRUCTION_STRUCTURE_LABELS, '结构'),
        onFarmland: z.boolean().describe('占用农用地'),
        permitStatus: choice(CONSTRUCTION_PERMIT_LABELS, '规划许可情况'),
        zone: choice(CONSTRUCTION_ZONE_LABELS, '所在区域'),
        findings: text('调查情况'),
        officerIds: OfficerIdsInput,
      }),
      requires: {
        guard: (c, input, now) =>
          input
            ? (dateProblem('调查日期', input.investigatedOn, c, now) ??
              officersAt(c, input.officerIds, input.investigatedOn))
            : null,
      },
      effects: (_c, { officerIds, ...rest }) => patch({ ...rest, investigationOfficerIds: officerIds }),
    },
    dismiss: {
      label: '经调查不属于违法建设',
      from: ['investigated'],
      to: 'closed',
      roles: TEAM,
      requires: {
        guard: (c) =>
          c.fields.permitStatus === 'permitted' ? null : '调查认定未取得许可或未按许可建设，不能按不属于违法建设结案',
      },
      effects: (_c, _i, now) => patch({ outcome: 'not_illegal', closedOn: shanghaiDate(now) }),
    },
    notify: {
      label: '告知陈述申辩权利',
      from: ['investigated'],
      to: 'notified',
      roles: TEAM,
      input: z.object({ notifiedOn: date('告知日期'), statementDeadline: date('陈述申辩期限') }),
      requires: {
        guard: (c, input, now) => {
          if (c.fields.permitStatus === 'permitted') return '调查认定已依法取得许可，不应告知拟作出的决定';
          if (!input) return null;
          if (input.statementDeadline <= input.notifiedOn) return '陈述申辩期限应晚于告知日期';
          return dateProblem('告知日期', input.notifiedOn, c, now);
        },
      },
      effects: (_c, input) => patch(input),
    },
    record_statement: {
      label: '记录陈述申辩',
      from: ['notified'],
      roles: TEAM,
      input: z.object({
        statement: text('陈述申辩情况'),
        statementAdopted: z.boolean().describe('陈述申辩意见是否采纳'),
      }),
      effects: (_c, input) => patch(input),
    },
    // The decision is the leader's (approval); its 决定书 reads the approved proposal.
    decide: {
      label: '作出限期改正（拆除）决定',
      from: ['notified'],
      to: 'decided',
      roles: TEAM,
      approval: { roles: ['leader'] },
      input: z.object({
        decisionKind: choice(CONSTRUCTION_DECISION_LABELS, '决定类型'),
        rectifyDeadline: date('限期改正（拆除）期限'),
      }),
      requires: {
        documents: ['demolition_decision'],
        guard: (c, input, now) => {
          const competence = competenceProblem(c.fields.zone);
          if (competence) return competence;
          const today = shanghaiDate(now);
          if (!c.fields.statement && c.fields.statementDeadline && today <= c.fields.statementDeadline) {
            return `陈述申辩期限至${c.fields.statementDeadline}届满，当事人尚未陈述申辩，不能作出决定`;
          }
          if (input && input.rectifyDeadline <= today) return '限期改正（拆除）期限应晚于今天';
          return null;
        },
      },
      effects: (c, input, now) => {
        const doc = [...c.documents].reverse().find((d) => d.kind === 'demolition_decision' && !d.voidedAt);
        return patch({ ...input, decidedOn: shanghaiDate(now), ...(doc?.number ? { decisionNo: doc.number } : {}) });
      },
    },
    serve_decision: {
      label: '送达决定书',
      from: ['decided'],
      to: 'rectifying',
      roles: TEAM,
      input: z.object({ decisionServedOn: date('决定送达日期') }),
      requires: {
        guard: (c, input, now) => {
          if (!input) return null;
          if (c.fields.decidedOn && input.decisionServedOn < c.fields.decidedOn) return '送达日期不得早于决定日期';
          if (c.fields.rectifyDeadline && input.decisionServedOn >= c.fields.rectifyDeadline) {
            return `送达日期应早于决定确定的期限（${c.fields.rectifyDeadline}）`;
          }
          return dateProblem('决定送达日期', input.decisionServedOn, c, now);
        },
      },
      effects: (_c, input) => patch(input),
    },
    warn: {
      label: '催告',
      from: ['rectifying'],
      to: 'warned',
      roles: TEAM,
      input: z.object({ warnedOn: date('催告书送达日期'), performDeadline: date('催告履行期限') }),
      requires: {
        documents: ['warning'],
        guard: (c, input, now) => {
          // 城乡规划法 art 65 "逾期不改正的"; 行政强制法 art 34: only once the decision's period has passed.
          const due = c.fields.rectifyDeadline;
          const today = shanghaiDate(now);
          if (c.fields.decisionKind === 'correct')
            return '限期改正决定不能强制拆除；逾期不改正的，应当作出限期拆除决定';
          if (due && today <= due)
            return `决定确定的期限至${due}届满，期满仍不履行的方可催告（行政强制法第三十四条、第三十五条）`;
          if (!input) return null;
          if (input.performDeadline <= input.warnedOn)
            return '催告履行期限应晚于催告书送达日期（行政强制法第三十五条第一项）';
          return dateProblem('催告书送达日期', input.warnedOn, c, now);
        },
      },
      prefill: { document: 'warning', fields: { performDeadline: 'deadline' } },
      effects: (_c, input) => patch(input),
    },
    decide_enforcement: {
      label: '作出强制拆除决定',
      from: ['warned'],
      to: 'enforcement_decided',
      roles: TEAM,
      approval: { roles: ['leader'] },
      input: z.object({
        demolitionPlannedOn: date('强制拆除时间'),
        selfDemolishBy: date('公告自行拆除期限'),
      }),
      requires: {
        documents: ['enforcement_decision', 'enforcement_notice'],
        guard: (c, input, now) => {
          // 行政强制法 art 37 ¶1: 经催告，当事人逾期仍不履行.
          const due = c.fields.performDeadline;
          const today = shanghaiDate(now);
          if (due && today <= due)
            return `催告履行期限至${due}届满，逾期仍不履行的方可作出强制执行决定（行政强制法第三十七条）`;
          if (!input) return null;
          if (input.selfDemolishBy <= today) return '公告自行拆除期限应晚于今天（行政强制法第四十四条）';
          if (input.demolitionPlannedOn <= input.selfDemolishBy) return '强制拆除时间应晚于公告自行拆除期限';
          return null;
        },
      },
      effects: (c, input, now) => {
        const doc = [...c.documents].reverse().find((d) => d.kind === 'enforcement_decision' && !d.voidedAt);
        return patch({
          ...input,
          enforcementDecidedOn: shanghaiDate(now),
          ...(doc?.number ? { enforcementDecisionNo: doc.number } : {}),
        });
      },
    },
    serve_enforcement: {
      label: '送达强制拆除决定并张贴公告',
      from: ['enforcement_decided'],
      to: 'awaiting_periods',
      roles: TEAM,
      input: z.object({ enforcementServedOn: date('强制拆除决定送达日期'), noticePostedOn: date('公告张贴日期') }),
      requires: {
        guard: (c, input, now) => {
          if (!input) return null;
          const by = c.fields.selfDemolishBy;
          if (by && input.noticePostedOn >= by) return `公告张贴日期应早于公告自行拆除期限（${by}）`;
          return (
            dateProblem('强制拆除决定送达日期', input.enforcementServedOn, c, now) ??
            dateProblem('公告张贴日期', input.noticePostedOn, c, now)
          );
        },
      },
      effects: (_c, input) => patch(input),
    },
    demolish: {
      label: '强制拆除',
      from: ['awaiting_periods'],
      to: 'demolished',
      roles: TEAM,
      input: z.object({
        demolishedOn: date('拆除日期'),
        demolishedArea: area('拆除面积（平方米）'),
        demolitionCost: money('拆除费用（元）'),
        videoRef: text('执法音像记录编号', 200),
        videoSha256: z
          .string()
          .regex(/^[0-9a-f]{64}$/, '应为64位小写十六进制SHA-256摘要')
          .describe('音像记录SHA-256'),
        officerIds: OfficerIdsInput,
      }),
      requires: {
        guard: (c, input, now) => {
          const on = input?.demolishedOn ?? shanghaiDate(now);
          const by = c.fields.selfDemolishBy;
          if (by && on <= by) return `公告的自行拆除期限至${by}届满，期满不拆除的方可强制拆除（行政强制法第四十四条）`;
          const served = c.fields.decisionServedOn;
          if (!served) return '限期拆除决定尚未送达，复议、诉讼期限未起算（行政强制法第四十四条）';
          // The shared rule (enforcement/challenges.ts) on the town's calendar.
          const periods = challengePeriodsProblem(served, challengesOf(c), on, calendarOf(c));
          if (periods || !input) return periods;
          const dated = dateProblem('拆除日期', input.demolishedOn, c, now);
          if (dated) return dated;
          if (calendarOf(c).dayInfo(input.demolishedOn).kind === 'holiday') {
            return `${input.demolishedOn}为法定节假日，不得实施强制拆除（行政强制法第四十三条）`;
          }
          if (c.fields.area !== undefined && input.demolishedArea > c.fields.area) {
            return `拆除面积不得大于调查认定的建筑面积（${c.fields.area}平方米）`;
          }
          return officersAt(c, input.officerIds, input.demolishedOn);
        },
      },
      effects: (_c, { officerIds, ...rest }) =>
        patch({ ...rest, demolitionOfficerIds: officerIds, outcome: 'demolished' }),
    },
    self_demolish: {
      label: '当事人自行拆除',
      from: AFTER_DISCOVERY,
      to: 'closed',
      roles: TEAM,
      input: z.object({
        demolishedOn: date('拆除日期'),
        demolishedArea: area('拆除面积（平方米）'),
        officerIds: OfficerIdsInput,
      }),
      requires: {
        guard: (c, input, now) => {
          if (!input) return null;
          if (c.fields.area !== undefined && input.demolishedArea > c.fields.area) {
            return `拆除面积不得大于调查认定的建筑面积（${c.fields.area}平方米）`;
          }
          // Officers verify the removal on site.
          return (
            dateProblem('拆除日期', input.demolishedOn, c, now) ?? officersAt(c, input.officerIds, input.demolishedOn)
          );
        },
      },
      effects: (_c, { officerIds, ...rest }, now) =>
        patch({ ...rest, demolitionOfficerIds: officerIds, outcome: 'self_demolished', closedOn: shanghaiDate(now) }),
    },
    confirm_corrected: {
      label: '确认已改正',
      from: ['rectifying', 'warned'],
      to: 'closed',
      roles: TEAM,
      input: z.object({ correctedOn: date('改正完成日期'), officerIds: OfficerIdsInput }),
      requires: {
        guard: (c, input, now) =>
          input
            ? (dateProblem('改正完成日期', input.correctedOn, c, now) ??
              officersAt(c, input.officerIds, input.correctedOn))
            : null,
      },
      effects: (_c, input, now) =>
        patch({ correctedOn: input.correctedOn, outcome: 'corrected', closedOn: shanghaiDate(now) }),
    },
    refer: {
      label: '移送县级主管部门',
      from: ['found', 'stopped', 'investigated', 'notified'],
      to: 'referred',
      roles: TEAM,
      input: z.object({
        referredTo: text('移送机关', 100),
        referredOn: date('移送日期'),
        referralReason: text('移送理由'),
      }),
      requires: { guard: (c, input, now) => (input ? dateProblem('移送日期', input.referredOn, c, now) : null) },
      effects: (_c, input) => patch({ ...input, outcome: 'referred', closedOn: input.referredOn }),
    },
    close: {
      label: '结案',
      from: ['demolished'],
      to: 'closed',
      roles: TEAM,
      effects: (_c, _i, now) => patch({ closedOn: shanghaiDate(now) }),
    },
  },
  clocks: {
    // Windows of the party, shown so that the team sees when demolition becomes possible.
    reconsideration: {
      label: '申请行政复议期限',
      kind: 'window',
      start: { on: 'serve_decision', from: 'decisionServedOn' },
      length: RECONSIDERATION_DAYS,
      unit: 'd',
      // Not `demolish`: it comes only after the windows have expired, and a stop after expiry reads as late.
      stopOn: ['self_demolish', 'confirm_corrected'],
      basis: '行政复议法（2023）第20条第1款',
    },
    litigation: {
      label: '提起行政诉讼期限',
      kind: 'window',
      start: { on: 'serve_decision', from: 'decisionServedOn' },
      length: LITIGATION_MONTHS,
      unit: 'month',
      // Not `demolish`: it comes only after the windows have expired, and a stop after expiry reads as late.
      stopOn: ['self_demolish', 'confirm_corrected'],
      basis: '行政诉讼法 第46条第1款',
    },
  },
});
