/**
 * The HTTP contract of the 现场检查记录 (安全生产法 art 68) and its photos. An inspection is
 * recorded on a phone, often where the network drops: the phone gives each draft a `clientId`
 * and a submission replayed with it is the same record (the server answers with the existing
 * one). Each hazard found becomes a `hazard` case (domain/src/cases/hazard.ts, helper 4's) in
 * the same transaction. Dates 'YYYY-MM-DD', ids decimal strings in views, numbers in bodies.
 */
import { z } from 'zod';
import { int8IdString, isoDateSchema } from '../validators/schemas.ts';
import { HAZARD_LEVEL_LABELS, SAFETY_INSPECTION_KIND_LABELS, SAFETY_RESULT_LABELS } from './safety.ts';

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
    .optional()
    .describe(label);
/** A bigint row id sent as a JSON number (safety_units, safety_photos …). */
const rowId = (label: string) =>
  z
    .number({ error: `${label}无效` })
    .int(`${label}无效`)
    .min(1, `${label}无效`)
    .max(Number.MAX_SAFE_INTEGER, `${label}无效`)
    .describe(label);

const KIND_KEYS = Object.keys(SAFETY_INSPECTION_KIND_LABELS) as [keyof typeof SAFETY_INSPECTION_KIND_LABELS];
const RESULT_KEYS = Object.keys(SAFETY_RESULT_LABELS) as [keyof typeof SAFETY_RESULT_LABELS];
const LEVEL_KEYS = Object.keys(HAZARD_LEVEL_LABELS) as [keyof typeof HAZARD_LEVEL_LABELS];

const PhotoIds = z
  .array(rowId('照片'), { error: '照片无效' })
  .max(20, { message: '照片不得超过20张' })
  .refine((a) => new Set(a).size === a.length, { message: '照片重复' })
  .default([])
  .describe('照片');

/** One checklist item as ticked: the item's words are kept, so a later edit of the list does not rewrite the record. */
export const InspectionResultSchema = z
  .object({
    code: text('检查项编号', 20),
    text: text('检查内容', 300),
    basis: optText('检查依据', 300).default(''),
    result: z.enum(RESULT_KEYS, { error: '检查结果应为符合、存在问题或不适用' }).describe('检查结果'),
    note: optText('检查项说明', 300),
  })
  .strict();
export type InspectionResult = z.output<typeof InspectionResultSchema>;

/** A hazard found (隐患): registered as a `hazard` case with these intake fields. */
export const InspectionHazardSchema = z
  .object({
    description: text('隐患描述', 500),
    location: text('隐患部位', 200),
    level: z
      .enum(LEVEL_KEYS, { error: '隐患等级应为一般隐患或重大隐患' })
      .meta({ description: '隐患等级', enumLabels: HAZARD_LEVEL_LABELS }),
    basis: optText('违反的规定', 500),
    measure: optText('整改措施', 500),
    rectifyDeadline: date('整改期限').optional(),
    responsiblePerson: optText('整改责任人', 50),
    photoIds: PhotoIds,
  })
  .strict();
export type InspectionHazardBody = z.input<typeof InspectionHazardSchema>;

export const InspectionCreateBodySchema = z
  .object({
    /** The phone's id of the draft (a v4 UUID): a replay with it returns the same record. */
    clientId: z.uuid({ error: '草稿编号（clientId）应为UUID' }).describe('草稿编号'),
    unitId: rowId('被检查单位'),
    planItemId: rowId('检查计划事项').optional(),
    kind: z
      .enum(KIND_KEYS, { error: '检查类型无效' })
      .meta({ description: '检查类型', enumLabels: SAFETY_INSPECTION_KIND_LABELS }),
    inspectedOn: date('检查日期'),
    place: text('检查场所', 200),
    checklistId: rowId('检查表').optional(),
    results: z.array(InspectionResultSchema).max(200, { message: '检查项不得超过200项' }).default([]),
    findings: optText('检查情况', 4000).default(''),
    actionTaken: optText('处理情况', 2000).default(''),
    /** enforcement_officers ids; the server checks ≥2 distinct, each certified for 安全生产 that day. */
    officerIds: z
      .array(rowId('检查人员'), { error: '请选择检查人员' })
      .max(10, { message: '检查人员不得超过10人' })
      .meta({ lookup: 'enforcement-officers' })
      .describe('检查人员'),
    /** 被检查单位负责人签字 (art 68 ¶1). */
    principalSigned: z.boolean({ error: '请说明被检查单位负责人是否签字' }).describe('负责人签字'),
    /** Required when the principal did not sign (art 68 ¶2: 拒绝签字的，检查人员应当将情况记录在案). */
    refusalNote: optText('拒签情况', 500),
    photoIds: PhotoIds,
    hazards: z.array(InspectionHazardSchema).max(50, { message: '隐患不得超过50项' }).default([]),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (!b.principalSigned && !b.refusalNote) {
      ctx.addIssue({
        code: 'custom',
        path: ['refusalNote'],
        message: '被检查单位负责人拒绝签字的，应当记录拒签情况（安全生产法第六十八条第二款）',
      });
    }
    const codes = new Set<string>();
    b.results.forEach((r, i) => {
      if (codes.has(r.code)) ctx.addIssue({ code: 'custom', path: ['results', i, 'code'], message: '检查项重复' });
      codes.add(r.code);
    });
  });
export type InspectionCreateBody = z.input<typeof InspectionCreateBodySchema>;

export const InspectionListQuerySchema = z
  .object({
    unitId: int8IdString('被检查单位无效').optional().describe('被检查单位'),
    kind: z.enum(KIND_KEYS, { error: '检查类型无效' }).optional().describe('检查类型'),
    /** 'YYYY-MM' */
    month: z
      .string()
      .regex(/^(19|2\d)\d{2}-(0[1-9]|1[0-2])$/, '月份应为YYYY-MM格式')
      .optional()
      .describe('月份'),
    page: z.coerce.number().int().min(1).max(10_000).default(1).describe('页码'),
    pageSize: z.coerce.number().int().min(1).max(100).default(20).describe('每页条数'),
  })
  .strict();
export type InspectionListQuery = z.input<typeof InspectionListQuerySchema>;

export const InspectionListItemSchema = z.object({
  id: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  villageName: z.string().nullable(),
  kind: z.string(),
  inspectedOn: z.string(),
  place: z.string(),
  officerNames: z.array(z.string()),
  problems: z.number(),
  hazards: z.number(),
  principalSigned: z.boolean(),
  createdAt: z.string(),
});
export type InspectionListItem = z.infer<typeof InspectionListItemSchema>;

export const InspectionListSchema = z.object({
  items: z.array(InspectionListItemSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  canWrite: z.boolean(),
});
export type InspectionList = z.infer<typeof InspectionListSchema>;

export const SafetyPhotoViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  mime: z.string(),
  /** ISO time from the photo's EXIF DateTimeOriginal (camera's local time read as Asia/Shanghai). */
  takenAt: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  uploadedAt: z.string(),
});
export type SafetyPhotoView = z.infer<typeof SafetyPhotoViewSchema>;

export const InspectionDetailSchema = InspectionListItemSchema.extend({
  townId: z.string(),
  planItemId: z.string().nullable(),
  checklistId: z.string().nullable(),
  results: z.array(
    z.object({
      code: z.string(),
      text: z.string(),
      basis: z.string(),
      result: z.string(),
      note: z.string().optional(),
    }),
  ),
  findings: z.string(),
  actionTaken: z.string(),
  officers: z.array(z.object({ id: z.string(), name: z.string(), certNo: z.string() })),
  refusalNote: z.string().nullable(),
  clientId: z.string(),
  createdByName: z.string(),
  photos: z.array(SafetyPhotoViewSchema),
  /** The `hazard` cases registered from this inspection. */
  hazardCases: z.array(
    z.object({
      id: z.string(),
      number: z.string(),
      state: z.string(),
      description: z.string(),
      level: z.string(),
      photoIds: z.array(z.string()),
    }),
  ),
});
export type InspectionDetail = z.infer<typeof InspectionDetailSchema>;

/**
 * What the phone read from the original photo before compressing it (compression drops EXIF):
 * sent with the upload as query parameters; the server prefers what the file itself carries.
 */
export const PhotoUploadQuerySchema = z
  .object({
    takenAt: z.iso.datetime({ offset: true, error: '拍摄时间应为ISO时间' }).optional().describe('拍摄时间'),
    latitude: z.coerce.number().min(-90).max(90).optional().describe('纬度'),
    longitude: z.coerce.number().min(-180).max(180).optional().describe('经度'),
  })
  .strict();
export type PhotoUploadQuery = z.input<typeof PhotoUploadQuerySchema>;

/** What the phone form picks from: the units the user may inspect and the town's checklists. */
export const InspectionOptionsSchema = z.object({
  today: z.string(),
  units: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.string(),
      industry: z.string(),
      villageName: z.string().nullable(),
    }),
  ),
  checklists: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      industry: z.string(),
      items: z.array(z.object({ code: z.string(), text: z.string(), basis: z.string() })),
    }),
  ),
});
export type InspectionOptions = z.infer<typeof InspectionOptionsSchema>;
