/**
 * The HTTP contract of the leaders' petition duties under 信访工作条例 art 18 ¶1–2:
 * receiving petitioners on set days (开门接访: a schedule, then what each visitor brought
 * and what became of it) and going down to the villages with cases (带案下访). The server
 * declares these schemas on its routes; the web imports the types and reuses the bodies in
 * its forms. Dates 'YYYY-MM-DD', times 'HH:MM' (Asia/Shanghai), ids strings.
 *
 * Every visitor's matter is registered as a petition case (channel 走访, received the day of
 * the reception; arts 21, 23 ¶1 "应当予以登记"). One answered on the spot (当场答复) is closed
 * there with its written notice (art 23 ¶2 "当场书面告知"); the others run every clock and
 * notice of arts 23 and 34 as any other petition.
 */
import { z } from 'zod';
import { choice } from '../engine/fields.ts';
import { int4IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';
import { PETITION_CATEGORY_LABELS } from './petition.ts';

export const RECEPTION_OUTCOME_LABELS = { answered: '当场答复', petition: '登记为信访事项' } as const;
export type ReceptionOutcome = keyof typeof RECEPTION_OUTCOME_LABELS;

/** What a schedule slot shows: cancelled, held (a reception was recorded), or still to come / not recorded. */
export const SLOT_STATE_LABELS = { planned: '待接访', held: '已接访', cancelled: '已取消' } as const;
export type SlotState = keyof typeof SLOT_STATE_LABELS;

/** Case types a leader takes down to a village (带案下访): petitions and disputes. */
export const VISIT_CASE_TYPES = ['petition', 'mediation'] as const;

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const time = (label: string) => z.string().regex(TIME, '应为HH:MM格式的时间').describe(label);
const Id = (label: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, `${label}无效`)
    .describe(label);
const text = (label: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max)
    .describe(label);
const optionalText = (label: string, max: number) => z.string().trim().max(max).optional().describe(label);
const Version = versionSchema();
/** An id of an `integer` column (users, org units). */
const Id4 = (label: string) => int4IdString().describe(label);

// ------------------------------------------------------------------ schedule (接访安排)

const slotShape = {
  leaderId: Id4('接访领导'),
  onDate: date('接访日期'),
  startsAt: time('开始时间'),
  endsAt: time('结束时间'),
  place: text('接访地点', 100),
  topic: optionalText('接访主题', 200),
  published: z.boolean().optional().describe('向群众公布'),
};

function endsAfterStart(v: { startsAt?: string | undefined; endsAt?: string | undefined }, ctx: z.RefinementCtx) {
  // Compared only when both are valid times: a malformed one has its own message already.
  if (v.startsAt && v.endsAt && TIME.test(v.startsAt) && TIME.test(v.endsAt) && v.endsAt <= v.startsAt) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间应晚于开始时间' });
  }
}

export const ReceptionSlotBodySchema = z.strictObject(slotShape).superRefine(endsAfterStart);
export type ReceptionSlotBody = z.input<typeof ReceptionSlotBodySchema>;

export const ReceptionSlotUpdateSchema = z
  .strictObject({
    leaderId: slotShape.leaderId.optional(),
    onDate: slotShape.onDate.optional(),
    startsAt: slotShape.startsAt.optional(),
    endsAt: slotShape.endsAt.optional(),
    place: slotShape.place.optional(),
    topic: slotShape.topic,
    published: slotShape.published,
    cancelled: z.boolean().optional().describe('取消本次接访'),
    version: Version,
  })
  .superRefine(endsAfterStart);
export type ReceptionSlotUpdate = z.input<typeof ReceptionSlotUpdateSchema>;

export const RangeQuerySchema = z.strictObject({
  from: date('开始日期').optional(),
  to: date('结束日期').optional(),
  leaderId: Id4('接访领导').optional(),
});

export const ReceptionSlotViewSchema = z.object({
  id: z.string(),
  leaderId: z.string(),
  leaderName: z.string().describe('接访领导'),
  onDate: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  topic: z.string().nullable(),
  published: z.boolean(),
  cancelled: z.boolean(),
  state: z.enum(['planned', 'held', 'cancelled']),
  receptionId: z.string().nullable().describe('已登记的接访记录'),
  version: z.number().int(),
});
export type ReceptionSlotView = z.infer<typeof ReceptionSlotViewSchema>;

export const ReceptionSlotListSchema = z.object({
  items: z.array(ReceptionSlotViewSchema),
  /** May the user add and edit slots and record receptions (信访办, 镇领导)? */
  canWrite: z.boolean(),
});

// ------------------------------------------------------------------ receptions (接访记录)

const visitorCommon = {
  name: text('来访人姓名', 50),
  idNumber: optionalText('身份证号码', 30),
  phone: optionalText('联系电话', 30),
  address: optionalText('住址', 200),
  unitId: Id4('所属村（社区）').optional(),
  peopleCount: z.number().int().min(1).max(1000).default(1).describe('来访人数'),
  matter: text('反映事项', 2000),
};

export const ReceptionVisitorInputSchema = z.discriminatedUnion('outcome', [
  z.strictObject({
    ...visitorCommon,
    outcome: z.literal('answered').describe('处理方式'),
    answer: text('答复内容', 2000),
    // Registered as a petition too (art 21, 23 ¶2): its category and field, defaulted when not given.
    category: choice(PETITION_CATEGORY_LABELS, '信访类别').optional(),
    field: optionalText('问题属地/领域', 100),
  }),
  z.strictObject({
    ...visitorCommon,
    outcome: z.literal('petition').describe('处理方式'),
    title: optionalText('信访事项标题', 100),
    category: choice(PETITION_CATEGORY_LABELS, '信访类别'),
    field: text('问题属地/领域', 100),
    requests: text('诉求', 2000),
    representatives: z.array(text('代表姓名', 50)).max(5).optional().describe('代表'),
  }),
]);
export type ReceptionVisitorInput = z.input<typeof ReceptionVisitorInputSchema>;

export const ReceptionCreateBodySchema = z.strictObject({
  slotId: Id('接访安排').optional(),
  /** Without a slot: who received, when and where. With one they default to the slot's. */
  leaderId: Id4('接访领导').optional(),
  receivedOn: date('接访日期').optional(),
  place: optionalText('接访地点', 100),
  note: optionalText('备注', 1000),
  visitors: z.array(ReceptionVisitorInputSchema).min(1, { message: '请至少登记一位来访人' }).max(50).describe('来访人'),
});
export type ReceptionCreateBody = z.input<typeof ReceptionCreateBodySchema>;

export const ReceptionVisitorViewSchema = z.object({
  id: z.string(),
  partyId: z.string(),
  name: z.string(),
  idMasked: z.string().nullable().describe('身份证号码（脱敏）'),
  phoneMasked: z.string().nullable().describe('联系电话（脱敏）'),
  peopleCount: z.number().int(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  matter: z.string(),
  outcome: z.enum(['answered', 'petition']),
  answer: z.string().nullable(),
  /** The petition case, when the reader may see it. */
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  caseStateLabel: z.string().nullable(),
});

export const ReceptionViewSchema = z.object({
  id: z.string(),
  slotId: z.string().nullable(),
  leaderId: z.string(),
  leaderName: z.string(),
  receivedOn: z.string(),
  place: z.string(),
  note: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  people: z.number().int().describe('来访人次'),
  answered: z.number().int().describe('当场答复'),
  petitions: z.number().int().describe('登记为信访事项'),
  visitors: z.array(ReceptionVisitorViewSchema),
});
export type ReceptionView = z.infer<typeof ReceptionViewSchema>;

export const ReceptionListSchema = z.object({ items: z.array(ReceptionViewSchema), canWrite: z.boolean() });

// ------------------------------------------------------------------ visits (带案下访)

export const VisitBodySchema = z.strictObject({
  leaderId: Id4('下访领导'),
  visitedOn: date('下访日期'),
  unitId: Id4('下访村（社区）'),
  caseIds: z.array(Id('所带案件')).max(50).default([]).describe('所带案件'),
  peopleMet: text('接谈群众', 1000),
  outcome: text('化解情况', 2000),
  followUp: optionalText('后续措施', 2000),
});
export type VisitBody = z.input<typeof VisitBodySchema>;

export const VisitUpdateSchema = z.strictObject({
  caseIds: z.array(Id('所带案件')).max(50).optional().describe('所带案件'),
  peopleMet: text('接谈群众', 1000).optional(),
  outcome: text('化解情况', 2000).optional(),
  followUp: optionalText('后续措施', 2000),
  version: Version,
});
export type VisitUpdate = z.input<typeof VisitUpdateSchema>;

export const VisitListQuerySchema = z.strictObject({
  from: date('开始日期').optional(),
  to: date('结束日期').optional(),
  leaderId: Id4('下访领导').optional(),
  unitId: Id4('下访村（社区）').optional(),
  caseId: Id('案件').optional(),
});

export const VisitCaseSchema = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  stateLabel: z.string(),
});

export const VisitViewSchema = z.object({
  id: z.string(),
  leaderId: z.string(),
  leaderName: z.string(),
  visitedOn: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  peopleMet: z.string(),
  outcome: z.string(),
  followUp: z.string().nullable(),
  /** The linked cases the reader may see. */
  cases: z.array(VisitCaseSchema),
  /** Linked cases outside the reader's scope (counted, not named). */
  otherCases: z.number().int(),
  createdByName: z.string(),
  version: z.number().int(),
});
export type VisitView = z.infer<typeof VisitViewSchema>;

export const VisitListSchema = z.object({ items: z.array(VisitViewSchema), canWrite: z.boolean() });

export type ReceptionSlotList = z.infer<typeof ReceptionSlotListSchema>;
export type ReceptionList = z.infer<typeof ReceptionListSchema>;
export type VisitList = z.infer<typeof VisitListSchema>;
