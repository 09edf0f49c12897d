/**
 * The HTTP contract of the safety checklists (检查表) and the annual inspection plan
 * (年度监督检查计划, 安全生产法 art 62): request bodies the server validates and the web reuses in
 * its forms, and the views it answers with. Ids travel as decimal strings.
 */
import { z } from 'zod';
import {
  CHECKLIST_BASIS_MAX,
  CHECKLIST_CODE_MAX,
  CHECKLIST_MAX_ITEMS,
  CHECKLIST_TEXT_MAX,
} from '../safety/checklists.ts';
import { int4IdString, int8IdString, versionSchema } from '../validators/schemas.ts';
import { SAFETY_INDUSTRY_LABELS, SAFETY_INSPECTION_KIND_LABELS, SAFETY_RISK_LABELS } from './safety.ts';

const keys = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const SafetyIndustrySchema = z.enum(keys(SAFETY_INDUSTRY_LABELS), { error: '行业无效' }).describe('行业');
export const SafetyKindSchema = z
  .enum(keys(SAFETY_INSPECTION_KIND_LABELS), { error: '检查类型无效' })
  .describe('检查类型');
export const SafetyRiskSchema = z.enum(keys(SAFETY_RISK_LABELS), { error: '风险等级无效' });

const TownRef = z.object({ id: z.string(), name: z.string() });
const townId = int4IdString('乡镇无效').optional().describe('乡镇');

export const SafetyTownQuerySchema = z.object({ townId }).strict();

// ── checklists ──────────────────────────────────────────────────────────────────────────

export const ChecklistItemSchema = z
  .object({
    code: z
      .string()
      .trim()
      .min(1, '编号不能为空')
      .max(CHECKLIST_CODE_MAX, `编号不超过${CHECKLIST_CODE_MAX}个字`)
      .describe('编号'),
    text: z
      .string()
      .trim()
      .min(1, '检查内容不能为空')
      .max(CHECKLIST_TEXT_MAX, `检查内容不超过${CHECKLIST_TEXT_MAX}个字`)
      .describe('检查内容'),
    basis: z
      .string()
      .trim()
      .min(1, '检查依据不能为空')
      .max(CHECKLIST_BASIS_MAX, `检查依据不超过${CHECKLIST_BASIS_MAX}个字`)
      .describe('检查依据'),
  })
  .strict();

const title = z.string().trim().min(1, '名称不能为空').max(100, '名称不超过100个字').describe('检查表名称');
const items = z
  .array(ChecklistItemSchema)
  .min(1, '检查表至少应有一个检查项目')
  .max(CHECKLIST_MAX_ITEMS, `检查表最多${CHECKLIST_MAX_ITEMS}个检查项目`)
  .describe('检查项目');

export const ChecklistCreateBodySchema = z.object({ industry: SafetyIndustrySchema, title, items, townId }).strict();
export type ChecklistCreateBody = z.input<typeof ChecklistCreateBodySchema>;

/** Edit or (active: false) deactivate; `version` is the one read (409 when another edit came first). */
export const ChecklistUpdateBodySchema = z
  .object({
    industry: SafetyIndustrySchema.optional(),
    title: title.optional(),
    items: items.optional(),
    active: z.boolean().optional().describe('启用'),
    version: versionSchema(),
  })
  .strict();
export type ChecklistUpdateBody = z.input<typeof ChecklistUpdateBodySchema>;

export const ChecklistViewSchema = z.object({
  id: z.string(),
  townId: z.string(),
  industry: z.string(),
  title: z.string(),
  items: z.array(z.object({ code: z.string(), text: z.string(), basis: z.string() })),
  active: z.boolean(),
  version: z.number(),
  updatedAt: z.string(),
});
export type ChecklistView = z.infer<typeof ChecklistViewSchema>;

export const ChecklistListSchema = z.object({
  town: TownRef,
  towns: z.array(TownRef),
  canWrite: z.boolean(),
  items: z.array(ChecklistViewSchema),
});
export type ChecklistList = z.infer<typeof ChecklistListSchema>;

export const ChecklistDefaultsResultSchema = z.object({
  /** Titles installed now; a default whose title the town already has is left as the town made it. */
  created: z.array(z.string()),
  skipped: z.array(z.string()),
});
export type ChecklistDefaultsResult = z.infer<typeof ChecklistDefaultsResultSchema>;

// ── plan ────────────────────────────────────────────────────────────────────────────────

export const PlanYearParamsSchema = z
  .object({
    year: z.coerce
      .number({ error: '年度无效' })
      .int('年度无效')
      .min(2000, '年度无效')
      .max(2100, '年度无效')
      .describe('年度'),
  })
  .strict();

export const PlanEntryParamsSchema = PlanYearParamsSchema.extend({
  id: int8IdString('计划条目编号无效').describe('计划条目'),
});

export const PlanEntryCreateBodySchema = z
  .object({
    unitId: int8IdString('生产经营单位无效').describe('生产经营单位'),
    month: z
      .number({ error: '月份无效' })
      .int('月份无效')
      .min(1, '月份应为1至12')
      .max(12, '月份应为1至12')
      .describe('月份'),
    kind: SafetyKindSchema,
    note: z.string().trim().max(200, '备注不超过200个字').optional().describe('备注'),
    townId,
  })
  .strict();
export type PlanEntryCreateBody = z.input<typeof PlanEntryCreateBodySchema>;

export const PlanEntryViewSchema = z.object({
  id: z.string(),
  year: z.number(),
  month: z.number(),
  kind: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  industry: z.string(),
  riskClass: z.string(),
  villageName: z.string().nullable(),
  note: z.string().nullable(),
  generated: z.boolean(),
  fulfilled: z.boolean(),
  inspectionId: z.string().nullable(),
  inspectedOn: z.string().nullable(),
  overdue: z.boolean(),
});
export type PlanEntryView = z.infer<typeof PlanEntryViewSchema>;

const Count = z.object({ planned: z.number(), done: z.number(), overdue: z.number() });
export const PlanProgressSchema = z.object({
  total: Count,
  byMonth: z.array(Count.extend({ month: z.number() })),
  byKind: z.array(Count.extend({ kind: z.string() })),
});
export type PlanProgress = z.infer<typeof PlanProgressSchema>;

export const PlanViewSchema = z.object({
  town: TownRef,
  towns: z.array(TownRef),
  canWrite: z.boolean(),
  year: z.number(),
  /** The town's date the overdue entries are judged on. */
  today: z.string(),
  entries: z.array(PlanEntryViewSchema),
  progress: PlanProgressSchema,
});
export type PlanView = z.infer<typeof PlanViewSchema>;

export const PlanGenerateResultSchema = z.object({
  added: z.number(),
  removed: z.number(),
  /** Entries left as they were: fulfilled, added by hand, of past months, or generated the same again. */
  kept: z.number(),
});
export type PlanGenerateResult = z.infer<typeof PlanGenerateResultSchema>;
