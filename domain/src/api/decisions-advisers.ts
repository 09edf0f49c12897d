/**
 * The HTTP contract of the legal advisers' register (政府法律顾问, issue 16; docs/domain.md §4):
 * the town's advisers (a lawyer or a law firm, the 执业证号, the term of the service contract) and
 * their written opinions (法律意见) on decisions, documents, contracts, petitions, enforcement and
 * litigation, each optionally linked to a case of the town. Kept by the 党政办 and the 司法所,
 * read by the town's roles. Dates 'YYYY-MM-DD', ids strings.
 */
import { z } from 'zod';
import { int4IdString, int8IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';

/** The roles that keep the register: 党政办（法治办） and 司法所, in their own town. */
export const ADVISER_WRITER_ROLES = ['fazhiban', 'sifasuo'] as const;
/** The roles that read it: the town's (not the villages', not the county's). */
export const ADVISER_READER_ROLES = [
  'leader',
  'fazhiban',
  'sifasuo',
  'tiaojie',
  'xinfang',
  'zhifa',
  'anjian',
  'ziran',
] as const;

export const ADVISER_KIND_LABELS = { lawyer: '律师', firm: '律师事务所' } as const;
export type AdviserKind = keyof typeof ADVISER_KIND_LABELS;

export const OPINION_KIND_LABELS = {
  decision: '重大决策',
  normative: '规范性文件',
  contract: '合同',
  petition: '信访',
  enforcement: '执法',
  litigation: '诉讼',
  other: '其他',
} as const;
export type OpinionKind = keyof typeof OPINION_KIND_LABELS;

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
const enumOf = <T extends Record<string, string>>(labels: T, label: string) =>
  z
    .enum(Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]], { error: `${label}无效` })
    .meta({ description: label, enumLabels: labels });

// ------------------------------------------------------------------ advisers

const adviserShape = {
  kind: enumOf(ADVISER_KIND_LABELS, '类别'),
  /** The lawyer's name, or the firm's when the firm is retained. */
  name: text('律师姓名或律所名称', 100),
  /** 律师执业证号 (17 digits) or the firm's 执业许可证号: checked for length only, formats vary. */
  licenceNo: text('执业证号', 40),
  firm: text('所属律师事务所', 100),
  phone: optText('联系电话', 30),
  termFrom: date('聘期起'),
  termTo: date('聘期至'),
  /** 法律顾问服务合同: its number or where the signed copy is kept. */
  contractRef: optText('服务合同编号或存放处', 200),
};

const checkTerm = (b: { termFrom?: string | undefined; termTo?: string | undefined }, ctx: z.RefinementCtx) => {
  if (b.termFrom && b.termTo && b.termFrom > b.termTo) {
    ctx.addIssue({ code: 'custom', path: ['termTo'], message: '聘期至不得早于聘期起' });
  }
};

export const AdviserCreateBodySchema = z
  .object({ ...adviserShape, townId: int4IdString('乡镇无效').optional().describe('乡镇') })
  .strict()
  .superRefine(checkTerm);
export type AdviserCreateBody = z.input<typeof AdviserCreateBodySchema>;

/** A change: any field, `active: false` to end the engagement (解聘), `true` to restore it. */
export const AdviserUpdateBodySchema = z
  .object({
    kind: adviserShape.kind.optional(),
    name: adviserShape.name.optional(),
    licenceNo: adviserShape.licenceNo.optional(),
    firm: adviserShape.firm.optional(),
    phone: adviserShape.phone,
    termFrom: adviserShape.termFrom.optional(),
    termTo: adviserShape.termTo.optional(),
    contractRef: adviserShape.contractRef,
    active: z.boolean().optional().describe('在聘'),
    version: versionSchema(),
  })
  .strict()
  .superRefine(checkTerm);
export type AdviserUpdateBody = z.input<typeof AdviserUpdateBodySchema>;

export const AdviserViewSchema = z.object({
  id: z.string(),
  townId: z.string(),
  kind: z.enum(['lawyer', 'firm']),
  name: z.string(),
  licenceNo: z.string(),
  firm: z.string(),
  phone: z.string().nullable(),
  termFrom: z.string(),
  termTo: z.string(),
  contractRef: z.string().nullable(),
  active: z.boolean(),
  /** Today lies within the term. */
  inTerm: z.boolean(),
  opinions: z.number(),
  version: z.number(),
});
export type AdviserView = z.infer<typeof AdviserViewSchema>;

const TownRef = z.object({ id: z.string(), name: z.string() });

export const AdviserQuerySchema = z.object({ townId: int4IdString('乡镇无效').optional().describe('乡镇') }).strict();

export const AdviserListSchema = z.object({
  town: TownRef,
  towns: z.array(TownRef),
  canWrite: z.boolean(),
  today: z.string(),
  items: z.array(AdviserViewSchema),
});
export type AdviserList = z.infer<typeof AdviserListSchema>;

// ------------------------------------------------------------------ opinions

const hours = z
  .number({ error: '工作时长应为数字' })
  .min(0, { message: '工作时长不得为负数' })
  .max(1000, { message: '工作时长不得超过1000小时' })
  .refine((n) => Math.abs(Math.round(n * 10) - n * 10) < 1e-6, { message: '工作时长最多保留一位小数' })
  .describe('工作时长（小时）');

const opinionShape = {
  adviserId: int8IdString('法律顾问无效').describe('法律顾问'),
  givenOn: date('出具日期'),
  subject: text('事项', 200),
  kind: enumOf(OPINION_KIND_LABELS, '意见类别'),
  /** The case the opinion is about: a case of the town the user may read. */
  caseId: int8IdString('关联案件无效').nullable().optional().describe('关联案件'),
  hours: hours.nullable().optional(),
  summary: text('意见摘要', 4000),
};

export const OpinionCreateBodySchema = z
  .object({ ...opinionShape, townId: int4IdString('乡镇无效').optional().describe('乡镇') })
  .strict();
export type OpinionCreateBody = z.input<typeof OpinionCreateBodySchema>;

export const OpinionUpdateBodySchema = z
  .object({
    adviserId: opinionShape.adviserId.optional(),
    givenOn: opinionShape.givenOn.optional(),
    subject: opinionShape.subject.optional(),
    kind: opinionShape.kind.optional(),
    caseId: opinionShape.caseId,
    hours: opinionShape.hours,
    summary: opinionShape.summary.optional(),
    version: versionSchema(),
  })
  .strict();
export type OpinionUpdateBody = z.input<typeof OpinionUpdateBodySchema>;

export const OpinionViewSchema = z.object({
  id: z.string(),
  townId: z.string(),
  adviserId: z.string(),
  adviserName: z.string(),
  givenOn: z.string(),
  subject: z.string(),
  kind: z.string(),
  caseId: z.string().nullable(),
  /** The linked case's number and title, when the reader may see it. */
  caseNumber: z.string().nullable(),
  caseTitle: z.string().nullable(),
  hours: z.number().nullable(),
  summary: z.string(),
  version: z.number(),
});
export type OpinionView = z.infer<typeof OpinionViewSchema>;

export const OpinionQuerySchema = z
  .object({
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
    year: z.coerce
      .number({ error: '年度应为数字' })
      .int({ message: '年度无效' })
      .min(2000, { message: '年度无效' })
      .max(2100, { message: '年度无效' })
      .optional()
      .describe('年度'),
    kind: enumOf(OPINION_KIND_LABELS, '意见类别').optional(),
    adviserId: int8IdString('法律顾问无效').optional().describe('法律顾问'),
  })
  .strict();
export type OpinionQuery = z.input<typeof OpinionQuerySchema>;

export const OpinionListSchema = z.object({
  town: TownRef,
  towns: z.array(TownRef),
  canWrite: z.boolean(),
  items: z.array(OpinionViewSchema),
  totalHours: z.number(),
});
export type OpinionList = z.infer<typeof OpinionListSchema>;
