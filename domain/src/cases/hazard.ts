/**
 * 安全隐患 (a hazard found at a production or business unit), docs/domain.md §6:
 * 登记 → {当场整改 | 责令限期整改 → 整改中 → (单位申请复查 | 期限届满) → 复查 → {销号 | 逾期/不合格
 * → 立案处罚 | 移送}}; a 重大事故隐患 adds 撤出人员/停产停业/停止使用 (art 65(3)), 挂牌督办
 * (art 41 ¶3) and 审查同意后恢复生产 (art 65(3)).
 *
 * Sources, read in full in ../../../../shared/laws: 安全生产法 (2021) arts 41, 65, 68, 69, 70,
 * 75, 102, 112, 113 [V]. The re-inspection within 10 days of the unit's application or of the
 * deadline's expiry is 安全生产违法行为行政处罚办法 art 17 as docs/domain.md §6 reports it [M]:
 * that 办法 says nothing making its 日 working days, so the clock counts calendar days with the
 * last day rolled off rest days (民法典 arts 201, 203; domain.md §12).
 *
 * Competence: the town inspects and acts on authority its county delegates (art 9); a matter
 * that is another department's is transferred with a record kept (art 69, the 案件移送书).
 * A penalty (art 102: 未采取措施消除事故隐患) is a `penalty` case of its own: `to_penalty`
 * (approved by a 镇领导) ends the hazard as 已立案处罚 and the server creates the penalty case as
 * a 线索 for the 执法队 in the same transaction, linked `penalty` from this case
 * (server/src/modules/safety/hazard/case-type.ts `afterAction`).
 *
 * Server conventions: the context hook provides `officers` (CertifiedOfficer[]),
 * `calendarOverrides` (the town's CalendarOverride[]), `attachments` (how many files the case
 * holds: the photo of a rectification on the spot), `unit` (the safety_units row in words:
 * HazardUnit) and `unitPenalties` (decision dates of the penalties linked to the unit's hazards,
 * for the art 113 flag).
 */
import { z } from 'zod';
import { HAZARD_LEVEL_LABELS } from '../api/safety.ts';
import { type CalendarOverride, createCalendar } from '../calendar/calendar.ts';
import { addDays, diffDays, type IsoDate } from '../calendar/dates.ts';
import { type CertifiedOfficer, OfficerIdsInput, officersProblem } from '../enforcement/officers.ts';
import { defineCaseType } from '../engine/define.ts';
import { choice } from '../engine/fields.ts';
import { isIsoInstant, shanghaiDate } from '../engine/time.ts';
import type { CaseSnapshot } from '../engine/types.ts';
import { isoDateSchema } from '../validators/schemas.ts';

// ---------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------

export const HAZARD_SOURCE_LABELS = {
  inspection: '监督检查发现',
  village_report: '村（居）委会报告',
  other: '其他',
} as const;

/** 现场处理措施 for a 重大事故隐患 (安全生产法 art 65 ¶1(3), art 70 ¶1). */
export const HAZARD_MEASURE_LABELS = {
  evacuate: '从危险区域内撤出作业人员',
  suspend: '暂时停产停业',
  stop_use: '停止使用相关设施、设备',
} as const;

export const HAZARD_OUTCOME_LABELS = {
  rectified_on_spot: '当场整改',
  closed: '复查合格销号',
  penalized: '立案处罚',
  transferred: '移送',
} as const;

/** 执法领域 of the inspectors' certificates (api/safety.ts SAFETY_OFFICER_FIELD). */
export const HAZARD_OFFICER_FIELD = 'safety';

/** The conclusion a 整改复查意见书 states (its template's input `result`). */
export const REINSPECTION_RESULT_LABELS = { passed: '合格', failed: '不合格' } as const;

/** Days within which the town re-inspects (安全生产违法行为行政处罚办法 art 17 [M]). */
export const REINSPECTION_DAYS = 10;

/** Hours of written notice before power is cut, outside an emergency (安全生产法 art 70 ¶2). */
export const POWER_CUT_NOTICE_HOURS = 24;

// ---------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);
const officerIds = (label: string) =>
  z.array(z.number().int().positive()).max(10).meta({ lookup: 'enforcement-officers' }).describe(label);
const instant = (label: string) =>
  z.string().refine(isIsoInstant, '应为带时区的时间，如 2026-03-02T09:30:00+08:00').describe(label);

const intakeShape = {
  unitId: z.number().int().positive().max(2_147_483_647).meta({ lookup: 'safety-units' }).describe('生产经营单位'),
  inspectionId: z.number().int().positive().max(2_147_483_647).optional().describe('检查记录'),
  source: choice(HAZARD_SOURCE_LABELS, '发现来源'),
  foundOn: date('发现日期'),
  description: text('隐患描述'),
  location: text('隐患部位', 200),
  level: choice(HAZARD_LEVEL_LABELS, '隐患等级'),
  basis: text('依据', 500).optional(),
  measure: text('整改措施').optional(),
  rectifyDeadline: date('整改期限').optional(),
  responsiblePerson: text('整改责任人', 50).optional(),
};
export const HazardIntakeFields = z.object(intakeShape);

export const HazardFields = z.object({
  ...intakeShape,
  // 当场整改 (art 65 ¶1(2))
  rectifiedOnSpotOn: date('当场整改日期').optional(),
  onSpotOfficerIds: officerIds('当场整改确认人员').optional(),
  // 责令限期整改
  orderNo: z.string().max(100).optional().describe('责令限期整改指令书文号'),
  orderServedOn: date('指令书送达日期').optional(),
  /** Days from service to the deadline: the length of the 整改期限 clock (lengthFrom). */
  rectifyDays: z.number().int().min(1).max(366).optional().describe('整改期限（日）'),
  appliedOn: date('单位申请复查日期').optional(),
  /** The day the 10-day re-inspection period starts from: the application or the deadline. */
  reinspectionFrom: date('复查期限起算日').optional(),
  // 复查
  reinspectedOn: date('复查日期').optional(),
  reinspectOfficerIds: officerIds('复查人员').optional(),
  reinspectPassed: z.boolean().optional().describe('复查合格'),
  reinspectOpinion: text('复查意见').optional(),
  reinspectNo: z.string().max(100).optional().describe('整改复查意见书文号'),
  closedOn: date('销号日期').optional(),
  // 立案处罚 / 移送
  violation: text('案由', 200).optional(),
  penaltyProposedOn: date('移交立案日期').optional(),
  transferredTo: text('移送机关', 100).optional(),
  transferredOn: date('移送日期').optional(),
  transferReason: text('移送理由').optional(),
  outcome: choice(HAZARD_OUTCOME_LABELS, '办理结果').optional(),
  // 重大事故隐患
  measures: z.array(choice(HAZARD_MEASURE_LABELS, '现场处理措施')).optional().describe('现场处理措施'),
  measuresOn: date('现场处理措施决定日期').optional(),
  measuresNo: z.string().max(100).optional().describe('现场处理措施决定书文号'),
  supervisedOn: date('挂牌督办日期').optional(),
  supervisor: text('督办机关', 100).optional(),
  supervisionNo: z.string().max(100).optional().describe('督办文号'),
  powerCutNoticeAt: instant('停止供电通知送达时间').optional(),
  powerCutAt: instant('停止供电时间').optional(),
  powerCutEmergency: z.boolean().optional().describe('紧急情形'),
  powerCutReason: text('停止供电理由').optional(),
  resumptionReviewedOn: date('恢复生产审查日期').optional(),
  resumptionOfficerIds: officerIds('审查人员').optional(),
  resumptionApprovedOn: date('同意恢复生产日期').optional(),
});
export type HazardFieldValues = z.output<typeof HazardFields>;

// ---------------------------------------------------------------------------
// The context (server/src/modules/safety/hazard/case-type.ts)
// ---------------------------------------------------------------------------

/** The unit the hazard is at, as the documents and guards name it. */
export interface HazardUnit {
  id: number;
  name: string;
  creditCode: string;
  address: string;
  principalName: string;
  villageId: number | null;
}

export interface HazardContext {
  officers: CertifiedOfficer[];
  calendarOverrides: CalendarOverride[];
  attachments: number;
  unit: HazardUnit | null;
  /** Decision dates (YYYY-MM-DD) of the penalties decided on the unit's hazards (art 113). */
  unitPenalties: string[];
}

// ---------------------------------------------------------------------------
// Pure rules
// ---------------------------------------------------------------------------

/**
 * 安全生产法 art 113 ¶1(1): a unit with a 重大事故隐患 penalised three times within 180 days or
 * four times within a year must be proposed for closure. Counts the decisions in the 180 days
 * and the year up to `today` (both ends included: "一百八十日内" read as the days before and
 * including today).
 */
export function closureGrounds(
  level: string | undefined,
  decisions: readonly string[],
  today: IsoDate,
): { met: boolean; in180: number; inYear: number } {
  const since180 = addDays(today, -179);
  const sinceYear = addDays(today, -364);
  const in180 = decisions.filter((d) => d >= since180 && d <= today).length;
  const inYear = decisions.filter((d) => d >= sinceYear && d <= today).length;
  return { met: level === 'major' && (in180 >= 3 || inYear >= 4), in180, inYear };
}

/** Art 70 ¶2: power is cut no sooner than 24 h after the written notice, unless in an emergency. */
export function powerCutProblem(input: {
  emergency: boolean;
  noticeAt?: string | undefined;
  cutAt: string;
  reason?: string | undefined;
}): string | null {
  if (input.emergency) {
    return input.reason ? null : '紧急情形下停止供电，应写明危及生产安全的紧急情形（安全生产法第七十条第二款）';
  }
  if (!input.noticeAt) return '停止供电应当提前二十四小时书面通知生产经营单位（安全生产法第七十条第二款）';
  const hours = (Date.parse(input.cutAt) - Date.parse(input.noticeAt)) / 3_600_000;
  if (hours < POWER_CUT_NOTICE_HOURS) {
    return `停止供电时间距书面通知送达不足${POWER_CUT_NOTICE_HOURS}小时（安全生产法第七十条第二款），非紧急情形不得停止供电`;
  }
  return null;
}

// ---------------------------------------------------------------------------
// Guards
// ---------------------------------------------------------------------------

type Snap = CaseSnapshot<HazardFieldValues>;

const ctxOf = (c: Snap): Partial<HazardContext> => (c.context ?? {}) as Partial<HazardContext>;
const calendarOf = (c: Snap) => createCalendar({ overrides: ctxOf(c).calendarOverrides ?? [] });

function dateProblem(label: string, value: string, c: Snap, now: Date): string | null {
  const today = shanghaiDate(now);
  if (value > today) return `${label}不得晚于今天（${today}）`;
  if (value < c.fields.foundOn) return `${label}不得早于发现日期（${c.fields.foundOn}）`;
  return null;
}

/** The inspectors on a step (at least two, certified for work safety that day). */
function officersAt(c: Snap, ids: readonly number[], on: string): string | null {
  return officersProblem(ids, ctxOf(c).officers ?? [], HAZARD_OFFICER_FIELD, on);
}

const MAJOR_ONLY = '仅重大事故隐患适用（安全生产法第六十五条第一款第三项）';
const majorProblem = (c: Snap) => (c.fields.level === 'major' ? null : MAJOR_ONLY);

/** Suspended and not yet allowed to resume: 销号 waits for the review (art 65 ¶1(3)). */
const suspended = (c: Snap) => (c.fields.measures?.length ?? 0) > 0 && !c.fields.resumptionApprovedOn;

const latestDocNo = (c: Snap, kind: string) =>
  [...c.documents].reverse().find((d) => d.kind === kind && !d.voidedAt)?.number ?? undefined;

const patch = (p: Partial<HazardFieldValues>): Partial<HazardFieldValues> => p;

const WRITER = ['anjian'] as const;
const OPEN = ['found', 'rectifying', 'reinspecting', 'failed'] as const;

const REINSPECT_PREFILL = {
  document: 'reinspection_opinion',
  fields: { reinspectedOn: 'reinspectedOn', reinspectOpinion: 'opinion' },
} as const;

const reinspectInput = z.object({
  reinspectedOn: date('复查日期'),
  officerIds: OfficerIdsInput,
  reinspectOpinion: text('复查意见'),
});

function reinspectProblem(
  c: Snap,
  input: z.output<typeof reinspectInput> | undefined,
  now: Date,
  result: 'passed' | 'failed',
): string | null {
  // The opinion issued states the conclusion; the action may not say the opposite.
  const doc = [...c.documents].reverse().find((d) => d.kind === 'reinspection_opinion' && !d.voidedAt);
  const stated = doc?.input?.result;
  if (stated && stated !== result) {
    return `整改复查意见书的复查结论为「${REINSPECTION_RESULT_LABELS[stated as 'passed' | 'failed'] ?? stated}」，与本操作不符；请作废后重新出具`;
  }
  if (!input) return null;
  const served = c.fields.orderServedOn;
  if (served && input.reinspectedOn < served) return `复查日期不得早于指令书送达日期（${served}）`;
  return dateProblem('复查日期', input.reinspectedOn, c, now) ?? officersAt(c, input.officerIds, input.reinspectedOn);
}

// ---------------------------------------------------------------------------
// The case type
// ---------------------------------------------------------------------------

export const hazard = defineCaseType({
  key: 'hazard',
  label: '安全隐患',
  numbering: '{town}隐患〔{year}〕{seq}号',
  fields: HazardFields,
  intake: HazardIntakeFields,
  basicInfo: ['description', 'location', 'responsiblePerson'],
  states: {
    found: { label: '已登记' },
    rectified_on_spot: { label: '当场整改', terminal: true },
    rectifying: { label: '限期整改中' },
    reinspecting: { label: '待复查' },
    closed: { label: '已销号', terminal: true },
    failed: { label: '逾期或复查不合格' },
    penalized: { label: '已立案处罚', terminal: true },
    transferred: { label: '已移送', terminal: true },
  },
  initial: 'found',
  // 村（居）委会 report hazards in their area (安全生产法 art 75); the 安监办 registers what it finds.
  create: { roles: ['anjian', 'village'], label: '登记安全隐患', titleExample: '某五金厂配电箱未接地' },
  // The village reads its own village's hazards (data scope: the case's unit is the unit's village).
  access: { read: ['anjian', 'village', 'leader', 'fazhiban', 'zhifa', 'county'] },
  // 责令限期整改 and the 现场处理措施 are administrative acts open to 复议 and 诉讼.
  challengeable: { decidedBy: ['order', 'impose_measures'] },
  documents: {
    rectify_order: '责令限期整改指令书',
    measures_decision: '现场处理措施决定书',
    reinspection_opinion: '整改复查意见书',
    transfer_letter: '案件移送书',
  },
  actions: {
    rectify_on_spot: {
      label: '当场整改',
      from: ['found'],
      to: 'rectified_on_spot',
      roles: WRITER,
      input: z.object({ rectifiedOnSpotOn: date('当场整改日期'), officerIds: OfficerIdsInput }),
      requires: {
        guard: (c, input, now) => {
          // A hazard closed on the spot leaves the photo of the corrected state as its record.
          if ((ctxOf(c).attachments ?? 0) < 1) return '当场整改须上传整改后的现场照片作为附件';
          if (!input) return null;
          return (
            dateProblem('当场整改日期', input.rectifiedOnSpotOn, c, now) ??
            officersAt(c, input.officerIds, input.rectifiedOnSpotOn)
          );
        },
      },
      effects: (_c, { officerIds, rectifiedOnSpotOn }) =>
        patch({ rectifiedOnSpotOn, onSpotOfficerIds: officerIds, outcome: 'rectified_on_spot' }),
    },
    order: {
      label: '责令限期整改',
      from: ['found'],
      to: 'rectifying',
      roles: WRITER,
      input: z.object({
        measure: text('整改措施'),
        rectifyDeadline: date('整改期限'),
        orderServedOn: date('指令书送达日期'),
      }),
      requires: {
        documents: ['rectify_order'],
        guard: (c, input, now) => {
          if (!input) return null;
          const today = shanghaiDate(now);
          if (input.rectifyDeadline <= today) return `整改期限应晚于今天（${today}）`;
          // A deadline on a rest day would roll (民法典 art 203) past the date the order names.
          if (!calendarOf(c).dayInfo(input.rectifyDeadline).workday) return '整改期限应为工作日';
          if (input.orderServedOn >= input.rectifyDeadline) return '指令书送达日期应早于整改期限';
          return dateProblem('指令书送达日期', input.orderServedOn, c, now);
        },
      },
      prefill: { document: 'rectify_order', fields: { rectifyDeadline: 'deadline', measure: 'measure' } },
      effects: (c, input) =>
        patch({
          ...input,
          rectifyDays: diffDays(input.orderServedOn, input.rectifyDeadline),
          reinspectionFrom: input.rectifyDeadline,
          orderNo: latestDocNo(c, 'rectify_order'),
        }),
    },
    // The unit applies (often through its 村委会): the 10 days run from the application.
    apply_reinspection: {
      label: '单位申请复查',
      from: ['rectifying'],
      to: 'reinspecting',
      roles: ['anjian', 'village'],
      input: z.object({ appliedOn: date('单位申请复查日期') }),
      requires: {
        guard: (c, input, now) => {
          if (!input) return null;
          const due = c.fields.rectifyDeadline;
          if (due && input.appliedOn > due) {
            return `整改期限已于${due}届满，逾期申请按期限届满转入复查（复查期限自期限届满起算）`;
          }
          if (c.fields.orderServedOn && input.appliedOn < c.fields.orderServedOn)
            return '申请复查日期不得早于指令书送达日期';
          return dateProblem('单位申请复查日期', input.appliedOn, c, now);
        },
      },
      effects: (_c, input) => patch({ appliedOn: input.appliedOn, reinspectionFrom: input.appliedOn }),
    },
    deadline_passed: {
      label: '整改期限届满，转入复查',
      from: ['rectifying'],
      to: 'reinspecting',
      roles: WRITER,
      requires: {
        guard: (c, _i, now) => {
          const due = c.fields.rectifyDeadline;
          return due && shanghaiDate(now) <= due ? `整改期限至${due}届满，届满后方可转入复查` : null;
        },
      },
    },
    reinspect_pass: {
      label: '复查合格，销号',
      from: ['reinspecting'],
      to: 'closed',
      roles: WRITER,
      input: reinspectInput,
      requires: {
        documents: ['reinspection_opinion'],
        guard: (c, input, now) => {
          if (suspended(c)) {
            return '重大事故隐患已责令停产停业或停止使用，须先经审查同意恢复生产经营和使用（安全生产法第六十五条第一款第三项）';
          }
          return reinspectProblem(c, input, now, 'passed');
        },
      },
      prefill: REINSPECT_PREFILL,
      effects: (c, { officerIds, ...rest }, now) =>
        patch({
          ...rest,
          reinspectOfficerIds: officerIds,
          reinspectPassed: true,
          reinspectNo: latestDocNo(c, 'reinspection_opinion'),
          closedOn: shanghaiDate(now),
          outcome: 'closed',
        }),
    },
    reinspect_fail: {
      label: '复查不合格',
      from: ['reinspecting'],
      to: 'failed',
      roles: WRITER,
      input: reinspectInput,
      requires: {
        documents: ['reinspection_opinion'],
        guard: (c, input, now) => reinspectProblem(c, input, now, 'failed'),
      },
      prefill: REINSPECT_PREFILL,
      effects: (c, { officerIds, ...rest }) =>
        patch({
          ...rest,
          reinspectOfficerIds: officerIds,
          reinspectPassed: false,
          reinspectNo: latestDocNo(c, 'reinspection_opinion'),
        }),
    },
    // Art 102: 未采取措施消除事故隐患 is fined; the penalty is its own case, filed by the 执法队.
    to_penalty: {
      label: '移交立案处罚',
      from: ['failed'],
      to: 'penalized',
      roles: WRITER,
      approval: { roles: ['leader'] },
      input: z.object({ violation: text('案由', 200) }),
      effects: (_c, input, now) =>
        patch({ violation: input.violation, penaltyProposedOn: shanghaiDate(now), outcome: 'penalized' }),
    },
    // Art 69: a matter for another department goes there with a record kept.
    transfer: {
      label: '移送有关部门',
      from: OPEN,
      to: 'transferred',
      roles: WRITER,
      input: z.object({
        transferredTo: text('移送机关', 100),
        transferredOn: date('移送日期'),
        transferReason: text('移送理由'),
      }),
      requires: {
        documents: ['transfer_letter'],
        guard: (c, input, now) => (input ? dateProblem('移送日期', input.transferredOn, c, now) : null),
      },
      prefill: { document: 'transfer_letter', fields: { transferredTo: 'receiver', transferReason: 'reason' } },
      effects: (_c, input) => patch({ ...input, outcome: 'transferred' }),
    },
    impose_measures: {
      label: '责令撤出人员、停产停业或停止使用',
      from: OPEN,
      roles: WRITER,
      input: z.object({
        measures: z.array(choice(HAZARD_MEASURE_LABELS, '现场处理措施')).min(1).describe('现场处理措施'),
        measuresOn: date('现场处理措施决定日期'),
        officerIds: OfficerIdsInput,
      }),
      requires: {
        documents: ['measures_decision'],
        guard: (c, input, now) => {
          const major = majorProblem(c);
          if (major || !input) return major;
          return (
            dateProblem('现场处理措施决定日期', input.measuresOn, c, now) ??
            officersAt(c, input.officerIds, input.measuresOn)
          );
        },
      },
      effects: (c, input) =>
        patch({
          measures: input.measures,
          measuresOn: input.measuresOn,
          measuresNo: latestDocNo(c, 'measures_decision'),
          // Measures imposed again after a resumption suspend the unit anew.
          resumptionApprovedOn: undefined,
        }),
    },
    // Art 41 ¶3: the county's departments keep a 重大事故隐患治理督办 system; the town records
    // the listing (who supervises, under which number) so the case shows it.
    supervise: {
      label: '挂牌督办',
      from: OPEN,
      roles: WRITER,
      input: z.object({
        supervisedOn: date('挂牌督办日期'),
        supervisor: text('督办机关', 100),
        supervisionNo: z.string().trim().min(1).max(100).describe('督办文号'),
      }),
      requires: {
        guard: (c, input, now) => {
          const major = majorProblem(c) ? '挂牌督办仅适用于重大事故隐患（安全生产法第四十一条第三款）' : null;
          if (major || !input) return major;
          return dateProblem('挂牌督办日期', input.supervisedOn, c, now);
        },
      },
      effects: (_c, input) => patch(input),
    },
    // Art 70: the unit refuses to obey the measures and an accident threatens; the 主要负责人
    // approves; written notice 24 h ahead unless in an emergency.
    cut_power: {
      label: '通知停止供电',
      from: OPEN,
      roles: WRITER,
      approval: { roles: ['leader'] },
      optional: true,
      input: z.object({
        powerCutEmergency: z.boolean().describe('紧急情形'),
        powerCutNoticeAt: instant('停止供电通知送达时间').optional(),
        powerCutAt: instant('停止供电时间'),
        powerCutReason: text('停止供电理由'),
      }),
      requires: {
        guard: (c, input, now) => {
          const major = majorProblem(c);
          if (major) return major;
          if (!c.fields.measures?.length || c.fields.resumptionApprovedOn)
            return '须先作出停产停业或停止使用的决定，单位拒不执行的方可停止供电（安全生产法第七十条第一款）';
          if (!input) return null;
          if (input.powerCutNoticeAt && Date.parse(input.powerCutNoticeAt) > now.getTime())
            return '停止供电通知送达时间不得晚于现在';
          return powerCutProblem({
            emergency: input.powerCutEmergency,
            noticeAt: input.powerCutNoticeAt,
            cutAt: input.powerCutAt,
            reason: input.powerCutReason,
          });
        },
      },
      effects: (_c, input) => patch(input),
    },
    // Art 65 ¶1(3): 重大事故隐患排除后，经审查同意，方可恢复生产经营和使用. The review is on site by
    // two inspectors and recorded on a 整改复查意见书 finding the hazard removed; a 镇领导 agrees.
    approve_resumption: {
      label: '审查同意恢复生产',
      from: ['reinspecting'],
      roles: WRITER,
      approval: { roles: ['leader'] },
      input: z.object({ resumptionReviewedOn: date('恢复生产审查日期'), officerIds: OfficerIdsInput }),
      requires: {
        documents: ['reinspection_opinion'],
        guard: (c, input, now) => {
          const major = majorProblem(c);
          if (major) return major;
          if (!c.fields.measures?.length) return '未责令停产停业或停止使用，无需审查恢复生产';
          if (c.fields.resumptionApprovedOn) return `已于${c.fields.resumptionApprovedOn}同意恢复生产`;
          if (!input) return null;
          return (
            dateProblem('恢复生产审查日期', input.resumptionReviewedOn, c, now) ??
            officersAt(c, input.officerIds, input.resumptionReviewedOn)
          );
        },
      },
      effects: (_c, input, now) =>
        patch({
          resumptionReviewedOn: input.resumptionReviewedOn,
          resumptionOfficerIds: input.officerIds,
          resumptionApprovedOn: shanghaiDate(now),
        }),
    },
    // Art 113: shown on every open 重大事故隐患; the guard says how often the unit was penalised.
    propose_closure: {
      label: '提请地方人民政府予以关闭',
      from: OPEN,
      roles: WRITER,
      optional: true,
      requires: {
        guard: (c, _i, now) => {
          const major = majorProblem(c);
          if (major) return '提请关闭适用于存在重大事故隐患的单位（安全生产法第一百一十三条第一项）';
          const g = closureGrounds(c.fields.level, ctxOf(c).unitPenalties ?? [], shanghaiDate(now));
          return g.met
            ? null
            : `该单位一百八十日内受到行政处罚${g.in180}次、一年内${g.inYear}次，未达三次或四次（安全生产法第一百一十三条第一项）`;
        },
      },
    },
  },
  clocks: {
    // The unit's period, but a duty clock on purpose: once it passes without an application the
    // 安监办 (and the village, which may forward the application) must act, so an overdue
    // rectification is on their inbox in red.
    rectification: {
      label: '整改期限',
      start: { on: 'order', from: 'orderServedOn' },
      length: 15,
      lengthFrom: 'rectifyDays',
      unit: 'd',
      // Passing it moves the case to 待复查 (deadline_passed): stopped late, the 复查期限 takes over.
      stopOn: ['apply_reinspection', 'deadline_passed', 'transfer'],
      basis: '安全生产法 第65条第1款第3项、第102条（期限由责令限期整改指令书确定）',
    },
    // From the deadline (set when the order is served) or, once the unit applies, from the
    // application; a late application does not restart it (apply_reinspection refuses one).
    reinspection: {
      label: '复查期限',
      start: { on: ['order', 'apply_reinspection'], from: 'reinspectionFrom' },
      length: REINSPECTION_DAYS,
      unit: 'd',
      stopOn: ['reinspect_pass', 'reinspect_fail', 'transfer'],
      basis: '安全生产违法行为行政处罚办法 第17条 [M]',
    },
  },
});
