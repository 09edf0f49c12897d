/**
 * The HTTP contract of the collective decision meetings (集体讨论, issue 16; 重大行政决策程序暂行条例
 * art 30): a meeting is planned (kind, date, place, chair, chief, who should attend, its agenda),
 * then recorded as held (who came, each item's views in the order said with the chief's last, the
 * conclusion, the dissent as said) or cancelled. The shape is checked here (400); the rules of a
 * held meeting (quorum, the chief last, the reason when the chief differs from the majority:
 * decisions/meetings.ts) are the server's 422. Dates 'YYYY-MM-DD', ids strings in views, numbers
 * in bodies.
 */
import { z } from 'zod';
import {
  ATTENDEE_ROLE_LABELS,
  MEETING_CONCLUSION_LABELS,
  MEETING_KIND_LABELS,
  MEETING_STATUS_LABELS,
  MEETING_VIEW_LABELS,
} from '../decisions/meetings.ts';
import { int4IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';

/** The roles that keep the meetings: 镇领导, 党政办 (法治办), 司法所, over their own town. */
export const MEETING_WRITER_ROLES = ['leader', 'fazhiban', 'sifasuo'] as const;
/** The roles that read them: the town's offices. Villages and the county are refused. */
export const MEETING_READER_ROLES = [
  'leader',
  'fazhiban',
  'sifasuo',
  'tiaojie',
  'xinfang',
  'zhifa',
  'anjian',
  'ziran',
] as const;

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(`${label}${DATE_MESSAGE}`).describe(label);
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不得超过${max}个字` })
    .describe(label);
const optText = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { message: `${label}不得超过${max}个字` })
    .nullable()
    .optional()
    .describe(label);
const rowId = (label: string) =>
  z
    .number({ error: `${label}无效` })
    .int(`${label}无效`)
    .min(1, `${label}无效`)
    .max(Number.MAX_SAFE_INTEGER, `${label}无效`)
    .describe(label);
const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const MeetingKindSchema = z
  .enum(keys(MEETING_KIND_LABELS), { error: '会议类型应为党委会、党政联席会、镇长办公会或班子会' })
  .meta({ description: '会议类型', enumLabels: MEETING_KIND_LABELS });
const ConclusionSchema = z
  .enum(keys(MEETING_CONCLUSION_LABELS), { error: '会议结论应为通过、修改后通过、不予通过或暂缓' })
  .meta({ description: '会议结论', enumLabels: MEETING_CONCLUSION_LABELS });

// ── Planning ───────────────────────────────────────────────────────────────────────────────

/** One person who should attend: a member (counts for the quorum) or an observer (列席). */
export const AttendeePlanSchema = z
  .object({
    name: text('姓名', 50),
    post: optText('职务', 50),
    role: z
      .enum(keys(ATTENDEE_ROLE_LABELS), { error: '参会身份应为应出席或列席' })
      .meta({ description: '参会身份', enumLabels: ATTENDEE_ROLE_LABELS }),
  })
  .strict();
export type AttendeePlan = z.input<typeof AttendeePlanSchema>;

const Attendees = z
  .array(AttendeePlanSchema, { error: '请填写参会人员' })
  .min(1, { message: '请至少填写一名参会人员' })
  .max(60, { message: '参会人员不得超过60人' })
  .refine((a) => new Set(a.map((x) => x.name.trim())).size === a.length, { message: '参会人员姓名重复' })
  .describe('参会人员');

const meetingShape = {
  kind: MeetingKindSchema,
  title: text('会议名称', 100),
  heldOn: date('会议日期'),
  place: optText('会议地点', 100),
  chairName: optText('主持人', 50),
  chiefName: text('行政首长（最后发表意见者）', 50),
  recorderName: optText('记录人', 50),
  attendees: Attendees,
};

const chiefAmongMembers = (
  b: { chiefName?: string | undefined; attendees?: { name: string; role: string }[] | undefined },
  ctx: z.RefinementCtx,
) => {
  if (b.chiefName === undefined || b.attendees === undefined) return;
  if (!b.attendees.some((a) => a.name.trim() === b.chiefName!.trim() && a.role === 'member')) {
    ctx.addIssue({ code: 'custom', path: ['chiefName'], message: '行政首长应列为应出席人员' });
  }
};

export const MeetingCreateBodySchema = z
  .object({
    ...meetingShape,
    /** Only for a user who keeps the meetings of more than one town. */
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
  })
  .strict()
  .superRefine(chiefAmongMembers);
export type MeetingCreateBody = z.input<typeof MeetingCreateBodySchema>;

/** A change to a planned meeting: any of its fields (the attendees as a whole list). */
export const MeetingUpdateBodySchema = z
  .object({
    kind: meetingShape.kind.optional(),
    title: meetingShape.title.optional(),
    heldOn: meetingShape.heldOn.optional(),
    place: meetingShape.place,
    chairName: meetingShape.chairName,
    chiefName: meetingShape.chiefName.optional(),
    recorderName: meetingShape.recorderName,
    attendees: Attendees.optional(),
    version: versionSchema(),
  })
  .strict();
export type MeetingUpdateBody = z.input<typeof MeetingUpdateBodySchema>;

/** An agenda item: its subject and, when it decides one, the case (议题关联案件). */
export const ItemBodySchema = z
  .object({
    subject: text('议题', 200),
    caseId: rowId('关联案件').nullable().optional(),
    version: versionSchema(),
  })
  .strict();
export type ItemBody = z.input<typeof ItemBodySchema>;

export const ItemUpdateBodySchema = z
  .object({
    subject: text('议题', 200).optional(),
    caseId: rowId('关联案件').nullable().optional(),
    version: versionSchema(),
  })
  .strict();
export type ItemUpdateBody = z.input<typeof ItemUpdateBodySchema>;

export const ItemsOrderBodySchema = z
  .object({
    itemIds: z
      .array(rowId('议题'), { error: '请给出议题顺序' })
      .min(1, { message: '请给出议题顺序' })
      .max(99)
      .refine((a) => new Set(a).size === a.length, { message: '议题重复' })
      .describe('议题顺序'),
    version: versionSchema(),
  })
  .strict();
export type ItemsOrderBody = z.input<typeof ItemsOrderBodySchema>;

export const VersionBodySchema = z.object({ version: versionSchema() }).strict();

export const MeetingCancelBodySchema = z.object({ reason: text('取消原因', 200), version: versionSchema() }).strict();
export type MeetingCancelBody = z.input<typeof MeetingCancelBodySchema>;

// ── Recording as held ──────────────────────────────────────────────────────────────────────

export const AttendanceSchema = z
  .object({
    name: text('姓名', 50),
    present: z.boolean({ error: '请勾选是否出席' }).describe('出席'),
    absenceReason: optText('缺席原因', 100),
  })
  .strict();

export const ViewSchema = z
  .object({
    name: text('发言人', 50),
    view: z
      .enum(keys(MEETING_VIEW_LABELS), { error: '意见应为同意、不同意、弃权或其他意见' })
      .meta({ description: '意见', enumLabels: MEETING_VIEW_LABELS }),
    words: optText('发言要点', 1000),
  })
  .strict();
export type ViewBody = z.input<typeof ViewSchema>;

export const ItemRecordSchema = z
  .object({
    id: rowId('议题'),
    /** In the order said; the chief's last (条例 art 30). */
    views: z.array(ViewSchema, { error: '请记录发言意见' }).max(60).describe('发言意见（按发言顺序）'),
    conclusion: ConclusionSchema,
    conclusionText: text('决定事项', 2000),
    dissent: optText('不同意见（如实载明）', 2000),
    chiefDiffersReason: optText('行政首长决定与多数意见不一致的理由', 2000),
  })
  .strict();
export type ItemRecord = z.input<typeof ItemRecordSchema>;

export const MeetingHoldBodySchema = z
  .object({
    attendance: z
      .array(AttendanceSchema, { error: '请记录出席情况' })
      .min(1, { message: '请记录出席情况' })
      .max(60)
      .describe('出席情况'),
    minutesNo: optText('纪要编号', 40),
    recorderName: optText('记录人', 50),
    items: z.array(ItemRecordSchema, { error: '请记录各议题' }).min(1, { message: '请记录各议题' }).max(99),
    version: versionSchema(),
  })
  .strict();
export type MeetingHoldBody = z.input<typeof MeetingHoldBodySchema>;

// ── Views ──────────────────────────────────────────────────────────────────────────────────

export const MeetingListQuerySchema = z
  .object({
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
    year: z.coerce
      .number({ error: '年份无效' })
      .int('年份无效')
      .min(2000, '年份无效')
      .max(2100, '年份无效')
      .optional()
      .describe('年份'),
    month: z.coerce.number({ error: '月份无效' }).int('月份无效').min(1, '月份无效').max(12, '月份无效').optional(),
    kind: MeetingKindSchema.optional(),
    status: z
      .enum(keys(MEETING_STATUS_LABELS), { error: '状态无效' })
      .optional()
      .meta({ description: '状态', enumLabels: MEETING_STATUS_LABELS }),
  })
  .strict();
export type MeetingListQuery = z.input<typeof MeetingListQuerySchema>;

const TownRef = z.object({ id: z.string(), name: z.string() });

export const AttendeeViewSchema = z.object({
  name: z.string(),
  post: z.string().nullable(),
  role: z.enum(keys(ATTENDEE_ROLE_LABELS)),
  present: z.boolean(),
  absenceReason: z.string().nullable(),
});
export type AttendeeView = z.infer<typeof AttendeeViewSchema>;

export const QuorumSchema = z.object({
  members: z.number(),
  present: z.number(),
  required: z.number(),
  met: z.boolean(),
});

export const MeetingSummarySchema = z.object({
  id: z.string(),
  townId: z.string(),
  kind: MeetingKindSchema,
  title: z.string(),
  heldOn: z.string(),
  place: z.string().nullable(),
  status: z.enum(keys(MEETING_STATUS_LABELS)),
  chairName: z.string().nullable(),
  chiefName: z.string().nullable(),
  itemCount: z.number(),
  /** Items naming a case. */
  caseItemCount: z.number(),
  quorum: QuorumSchema,
  version: z.number(),
});
export type MeetingSummary = z.infer<typeof MeetingSummarySchema>;

export const MeetingListSchema = z.object({
  town: TownRef,
  towns: z.array(TownRef),
  canWrite: z.boolean(),
  items: z.array(MeetingSummarySchema),
});
export type MeetingList = z.infer<typeof MeetingListSchema>;

export const MeetingItemViewSchema = z.object({
  id: z.string(),
  seq: z.number(),
  subject: z.string(),
  case: z
    .object({
      id: z.string(),
      number: z.string().nullable(),
      title: z.string(),
      type: z.string(),
      typeLabel: z.string(),
      /** The reader may open it (the case engine's visibility). */
      canOpen: z.boolean(),
    })
    .nullable(),
  views: z.array(z.object({ name: z.string(), view: z.enum(keys(MEETING_VIEW_LABELS)), words: z.string() })),
  chiefView: z.string().nullable(),
  conclusion: ConclusionSchema.nullable(),
  conclusionText: z.string().nullable(),
  dissent: z.string().nullable(),
  chiefDiffersReason: z.string().nullable(),
});
export type MeetingItemView = z.infer<typeof MeetingItemViewSchema>;

export const MeetingDetailSchema = MeetingSummarySchema.extend({
  attendees: z.array(AttendeeViewSchema),
  recorderName: z.string().nullable(),
  minutesNo: z.string().nullable(),
  cancelReason: z.string().nullable(),
  items: z.array(MeetingItemViewSchema),
  canWrite: z.boolean(),
  createdByName: z.string(),
});
export type MeetingDetail = z.infer<typeof MeetingDetailSchema>;

/** The agenda items naming one case, for its page's 集体讨论 card. */
export const CaseMeetingsSchema = z.object({
  items: z.array(
    z.object({
      meetingId: z.string(),
      itemId: z.string(),
      kind: MeetingKindSchema,
      title: z.string(),
      heldOn: z.string(),
      status: z.enum(keys(MEETING_STATUS_LABELS)),
      subject: z.string(),
      conclusion: ConclusionSchema.nullable(),
      conclusionText: z.string().nullable(),
      /** The reader may open the meeting's page (a reader of the town's meetings). */
      canOpen: z.boolean(),
    }),
  ),
});
export type CaseMeetings = z.infer<typeof CaseMeetingsSchema>;
