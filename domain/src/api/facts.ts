/**
 * The HTTP contract of the report facts (法治建设指标): a town's figures for a year with last
 * year's (GET /api/facts), the records behind one figure (GET /api/facts/:key/records), hand
 * entry of a figure with its source (PUT/DELETE /api/facts/:key/manual) and the county's towns
 * side by side (GET /api/facts/county). The server declares these schemas on its routes; the
 * web imports the inferred types.
 */
import { z } from 'zod';

/** The longest 数据来源 and 说明 of a hand-entered figure. */
export const FACT_SOURCE_MAX = 200;
export const FACT_NOTE_MAX = 500;

const Year = z.coerce.number().int().min(2000).max(2100);
const TownId = z.coerce.number().int().positive().max(2_147_483_647);
export const FactsQuerySchema = z.strictObject({
  year: Year.optional().describe('年度（默认为今年）'),
  townId: TownId.optional().describe('镇（默认为本人所在镇）'),
});
export const FactRecordsQuerySchema = FactsQuerySchema.extend({
  page: z.coerce.number().int().min(1).max(10_000).default(1).describe('页码'),
});
export const FactsCountyQuerySchema = z.strictObject({ year: Year.optional().describe('年度（默认为今年）') });
export const FactManualBodySchema = z.strictObject({
  year: Year.describe('年度'),
  townId: TownId.optional().describe('镇（默认为本人所在镇）'),
  value: z.number().describe('数值'),
  source: z.string().max(FACT_SOURCE_MAX).describe('数据来源'),
  note: z.string().max(FACT_NOTE_MAX).nullable().optional().describe('说明'),
});
export const FactManualDeleteQuerySchema = z.strictObject({
  year: Year.describe('年度'),
  townId: TownId.optional().describe('镇（默认为本人所在镇）'),
});

export const FactCombineSchema = z.object({
  kind: z.enum(['sum', 'ratio', 'mean']).describe('汇总方式：求和、按分子分母重新计算比率、加权平均'),
  numerator: z.string().optional().describe('分子指标'),
  denominator: z.string().optional().describe('分母指标'),
  weight: z.string().optional().describe('权重指标'),
});
export const FactDefinitionSchema = z.object({
  key: z.string().describe('指标代码'),
  label: z.string().describe('指标名称'),
  unit: z.string().describe('单位'),
  definition: z.string().describe('统计口径'),
  combine: FactCombineSchema,
  manualOnly: z.boolean().describe('仅手工填报'),
  drillable: z.boolean().describe('可查看明细'),
  module: z.string().describe('模块代码'),
  moduleLabel: z.string().describe('模块名称'),
});
export const FactValueSchema = z.object({
  value: z.number().nullable().describe('数值（无数据为空）'),
  origin: z.enum(['computed', 'manual']).describe('来源：computed 系统统计，manual 手工填报'),
  source: z.string().nullable().describe('手工填报的数据来源'),
});
export const FactItemSchema = FactDefinitionSchema.extend({
  ...FactValueSchema.shape,
  note: z.string().nullable().describe('手工填报说明'),
  enteredBy: z.string().nullable().describe('填报人'),
  enteredAt: z.string().nullable().describe('填报时间'),
  previous: FactValueSchema.describe('上年同期'),
  change: z.number().nullable().describe('同比增减（数值之差）'),
  changePct: z.number().nullable().describe('同比增减幅度（%，一位小数；上年为0或无数据时为空）'),
});
export const FactTownSchema = z.object({ id: z.string().describe('镇编号'), name: z.string().describe('镇名称') });
export const FactsResponseSchema = z.object({
  year: z.number().int().describe('年度'),
  town: FactTownSchema,
  towns: z.array(FactTownSchema).describe('可查看的镇'),
  asOf: z.string().describe('统计截止日期'),
  canWrite: z.boolean().describe('可手工填报'),
  modules: z
    .array(
      z.object({
        module: z.string().describe('模块代码'),
        moduleLabel: z.string().describe('模块名称'),
        facts: z.array(FactItemSchema),
      }),
    )
    .describe('按模块分组的指标'),
});
export const FactRecordSchema = z.object({
  id: z.string().describe('编号'),
  reference: z.string().nullable().describe('案号或文号'),
  title: z.string().describe('标题'),
  date: z.string().nullable().describe('计入统计的日期'),
  unitName: z.string().nullable().describe('村（社区）或单位'),
  state: z.string().nullable().describe('状态'),
  deciding: z.string().nullable().optional().describe('决定是否计入的字段的值（列名见 decidingColumn）'),
  href: z.string().describe('页面地址'),
});
export const FactHistorySchema = z.object({
  value: z.number().describe('数值'),
  source: z.string().describe('数据来源'),
  note: z.string().nullable().describe('说明'),
  enteredBy: z.string().nullable().describe('填报人'),
  enteredAt: z.string().describe('填报时间'),
  current: z.boolean().describe('现行值'),
});
export const FactRecordsResponseSchema = z.object({
  fact: FactItemSchema,
  year: z.number().int().describe('年度'),
  town: FactTownSchema,
  canWrite: z.boolean().describe('可手工填报'),
  total: z.number().int().describe('可查看的记录数（村居干部等仅见本人范围）'),
  page: z.number().int().describe('页码'),
  pageSize: z.number().int().describe('每页条数'),
  records: z.array(FactRecordSchema).describe('计入该指标的记录'),
  decidingColumn: z.string().nullable().describe('明细中决定该指标的列（如调解成功率的“调解结果”）'),
  history: z.array(FactHistorySchema).describe('手工填报记录（新的在前）'),
});
export const FactsCountyResponseSchema = z.object({
  year: z.number().int().describe('年度'),
  county: z.string().nullable().describe('县名称'),
  towns: z.array(FactTownSchema).describe('各镇（列顺序）'),
  modules: z.array(
    z.object({
      module: z.string().describe('模块代码'),
      moduleLabel: z.string().describe('模块名称'),
      facts: z.array(
        FactDefinitionSchema.extend({
          values: z.array(FactValueSchema).describe('各镇数值（与 towns 同序）'),
          total: FactValueSchema.describe('全县合计（比率按分子分母重新计算，平均数加权）'),
        }),
      ),
    }),
  ),
});

export type FactCombine = z.infer<typeof FactCombineSchema>;
export type FactDefinitionView = z.infer<typeof FactDefinitionSchema>;
export type FactValueView = z.infer<typeof FactValueSchema>;
export type FactItem = z.infer<typeof FactItemSchema>;
export type FactTown = z.infer<typeof FactTownSchema>;
export type FactsResponse = z.infer<typeof FactsResponseSchema>;
export type FactRecordView = z.infer<typeof FactRecordSchema>;
export type FactRecordsResponse = z.infer<typeof FactRecordsResponseSchema>;
export type FactsCountyResponse = z.infer<typeof FactsCountyResponseSchema>;
export type FactManualBody = z.output<typeof FactManualBodySchema>;
export type FactManualDeleteQuery = z.output<typeof FactManualDeleteQuerySchema>;
