/**
 * The HTTP contract of the decision catalogue (决策事项目录, 重大行政决策程序暂行条例 art 3 ¶3) and
 * of the public pages of published decisions (art 32; 政府信息公开条例 art 20). The server
 * declares these schemas on its routes; the web reuses them in its forms. Dates 'YYYY-MM-DD',
 * ids numbers.
 */
import { z } from 'zod';
import {
  CATALOGUE_STATUS_LABELS,
  type CatalogueStatus,
  DECISION_CATEGORY_LABELS,
  type DecisionCategory,
} from '../decisions/decision.ts';
import { isoDateSchema } from '../validators/schemas.ts';

export { CATALOGUE_STATUS_LABELS, DECISION_CATEGORY_LABELS };

/** Who keeps the catalogue (党政办) and who records the Party committee's agreement (镇领导). */
export const CATALOGUE_WRITER_ROLES = ['fazhiban'] as const;
export const CATALOGUE_APPROVER_ROLES = ['leader'] as const;

const CATEGORY_KEYS = Object.keys(DECISION_CATEGORY_LABELS) as [DecisionCategory, ...DecisionCategory[]];
const STATUS_KEYS = Object.keys(CATALOGUE_STATUS_LABELS) as [CatalogueStatus, ...CatalogueStatus[]];

const date = (label: string) => isoDateSchema().describe(label);
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不得超过${max}个字` })
    .describe(label);
const year = z.coerce
  .number({ error: '年度应为数字' })
  .int('年度应为整数')
  .min(2000, '年度应在2000年至2100年之间')
  .max(2100, '年度应在2000年至2100年之间')
  .describe('年度');
const category = z.enum(CATEGORY_KEYS, { error: '请选择决策事项类别（条例第三条）' }).describe('决策事项类别');
const quarter = z
  .number({ error: '计划季度应为1至4' })
  .int('计划季度应为1至4')
  .min(1, '计划季度应为1至4')
  .max(4, '计划季度应为1至4')
  .nullable()
  .describe('计划季度');

export const CatalogueQuerySchema = z.strictObject({ year });

export const CatalogueItemSchema = z.object({
  id: z.number(),
  year: z.number(),
  title: z.string(),
  category: z.enum(CATEGORY_KEYS),
  leadUnit: z.string(),
  plannedQuarter: z.number().nullable(),
  note: z.string().nullable(),
  status: z.enum(STATUS_KEYS),
  approvedOn: z.string().nullable(),
  publishedOn: z.string().nullable(),
  adHoc: z.boolean(),
  caseId: z.number().nullable(),
  caseNumber: z.string().nullable(),
  caseState: z.string().nullable(),
  caseStateLabel: z.string().nullable(),
  /** The required steps a started case has not done (条例; decisions/decision.ts missingSteps). */
  missingSteps: z.array(z.string()),
  version: z.number(),
});
export type CatalogueItem = z.infer<typeof CatalogueItemSchema>;

export const CatalogueSchema = z.object({
  year: z.number(),
  items: z.array(CatalogueItemSchema),
  /** What the user may do: add and edit (党政办), approve (镇领导), publish (党政办), start cases. */
  can: z.object({ edit: z.boolean(), approve: z.boolean(), publish: z.boolean(), start: z.boolean() }),
});
export type Catalogue = z.infer<typeof CatalogueSchema>;

export const CatalogueItemBodySchema = z.strictObject({
  year,
  title: text('事项名称', 200),
  category,
  leadUnit: text('决策承办单位', 100),
  plannedQuarter: quarter.optional(),
  note: z.string().trim().max(1000, '备注不得超过1000个字').nullable().optional().describe('备注'),
});
export type CatalogueItemBody = z.infer<typeof CatalogueItemBodySchema>;

export const CatalogueItemPatchSchema = CatalogueItemBodySchema.omit({ year: true })
  .partial()
  .extend({ version: z.number().int().positive().describe('版本') });
export type CatalogueItemPatch = z.infer<typeof CatalogueItemPatchSchema>;

export const CatalogueApproveBodySchema = z.strictObject({ year, approvedOn: date('党委同意日期') });
export const CataloguePublishBodySchema = z.strictObject({ year, publishedOn: date('公布日期') });

/** An item proposed outside the catalogue: a case is started and the item added (art 3 ¶3). */
export const DecisionProposalBodySchema = z.strictObject({
  year,
  title: text('事项名称', 200),
  category,
  leadUnit: text('决策承办单位', 100),
  description: text('决策事项说明', 2000),
});
export type DecisionProposalBody = z.infer<typeof DecisionProposalBodySchema>;

export const StartItemBodySchema = z.strictObject({
  description: text('决策事项说明', 2000),
});

export const CatalogueIdParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive().max(2_147_483_647).describe('编号'),
});

export const StartedSchema = z.object({ caseId: z.number(), itemId: z.number() });

export const CatalogueTransitionSchema = z.object({ count: z.number() });

// ── public pages ────────────────────────────────────────────────────────────

export const PublicDecisionsQuerySchema = z.strictObject({ year: year.optional() });

export const PublicCatalogueItemSchema = z.object({
  title: z.string(),
  category: z.string(),
  leadUnit: z.string(),
  plannedQuarter: z.number().nullable(),
  publishedOn: z.string(),
  adHoc: z.boolean(),
});

export const PublicDecisionItemSchema = z.object({
  number: z.string(),
  title: z.string(),
  category: z.string(),
  leadUnit: z.string(),
  decidedOn: z.string().nullable(),
  decisionNo: z.string().nullable(),
  decisionContent: z.string().nullable(),
  /** 政府信息公开: the day it was made public and where (art 32; 政府信息公开条例 art 26). */
  publishedOn: z.string(),
  publishedWhere: z.string().nullable(),
  publishedUrl: z.string().nullable(),
  hearing: z.boolean(),
  commentCount: z.number().nullable(),
  commentAdoption: z.string().nullable(),
});

export const PublicDecisionsSchema = z.object({
  town: z.object({ code: z.string(), name: z.string(), fullName: z.string() }),
  year: z.number(),
  catalogue: z.array(PublicCatalogueItemSchema),
  decisions: z.array(PublicDecisionItemSchema),
});
export type PublicDecisions = z.infer<typeof PublicDecisionsSchema>;
