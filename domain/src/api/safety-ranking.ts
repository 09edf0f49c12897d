/**
 * 安全生产排名 (issue 15): the town's villages and industries side by side for a year — units,
 * inspections, person-times, hazards found and rectified — counted as the `safety.*` figures
 * count them (server/src/modules/safety/facts.ts), so the rows add up to the town's figures.
 */
import { z } from 'zod';

export const SafetyRankingQuerySchema = z.strictObject({
  year: z.coerce
    .number()
    .int()
    .min(2000, '年度应在2000至2100之间')
    .max(2100, '年度应在2000至2100之间')
    .describe('年度'),
  townId: z.coerce.number().int().positive().max(2_147_483_647).optional().describe('乡镇（县级用户选择）'),
});
export type SafetyRankingQuery = z.infer<typeof SafetyRankingQuerySchema>;

export const SafetyRankingRowSchema = z.object({
  /** Village org unit id as text, 'town' for units in no village; or the industry code. */
  key: z.string(),
  label: z.string(),
  units: z.number().int(),
  inspections: z.number().int(),
  inspectors: z.number().int(),
  hazardsFound: z.number().int(),
  hazardsMajor: z.number().int(),
  hazardsRectified: z.number().int(),
  /** 整改率 (%), one decimal; null when nothing was found. */
  rectificationRate: z.number().nullable(),
  hazardsOverdue: z.number().int(),
});
export type SafetyRankingRow = z.infer<typeof SafetyRankingRowSchema>;

export const SafetyRankingSchema = z.object({
  year: z.number().int(),
  townId: z.number().int(),
  /** Most hazards found first, then most inspections. */
  villages: z.array(SafetyRankingRowSchema),
  industries: z.array(SafetyRankingRowSchema),
});
export type SafetyRanking = z.infer<typeof SafetyRankingSchema>;
