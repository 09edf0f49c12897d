/**
 * The HTTP contract of the work calendar: the deadline calculator (GET /api/calendar/deadline)
 * and the local adjustments (/api/calendar/overrides). The server declares these schemas on
 * its routes; the web imports the inferred types. Dates 'YYYY-MM-DD'.
 */
import { z } from 'zod';
import { CalendarOverrideSchema } from '../calendar/calendar.ts';
import { INT4_MAX, isoDateSchema } from '../validators/schemas.ts';

// ── GET /api/calendar/deadline ───────────────────────────────────────────────────────────

export const DeadlineUnitSchema = z.enum(['d', 'wd', 'month'], '应为 d（日）、wd（工作日）或 month（月）');
export type DeadlineUnit = z.infer<typeof DeadlineUnitSchema>;
export const RollRuleSchema = z.enum(['official', 'statutory_only']);

export const DeadlineQuerySchema = z.strictObject({
  from: isoDateSchema('应为 YYYY-MM-DD 格式的日期').describe('起算日期'),
  length: z.coerce.number().int().min(1, '至少为 1').max(3650, '不超过 3650').describe('期间长度'),
  unit: DeadlineUnitSchema.describe('期间单位'),
  rollRule: RollRuleSchema.optional().describe('顺延规则'),
});
export type DeadlineQuery = z.input<typeof DeadlineQuerySchema>;

const DayInfoSchema = z.object({
  date: z.string().describe('日期'),
  workday: z.boolean().describe('工作日'),
  kind: z
    .enum(['weekday', 'weekend', 'holiday', 'swap_rest', 'swap_work', 'local_rest', 'local_work'])
    .describe('日别'),
  name: z.string().optional().describe('节日名称或调整原因'),
  provisional: z.boolean().describe('暂定（尚无放假通知）'),
  source: z.string().optional().describe('依据'),
});

/** The period result (domain/src/calendar/period.ts) plus the due day's calendar facts. */
export const DeadlineResultSchema = z.object({
  from: z.string().describe('起算日期'),
  length: z.number().int().describe('期间长度'),
  unit: DeadlineUnitSchema.describe('期间单位'),
  due: z.string().describe('期间届满日'),
  steps: z.array(z.string()).describe('计算过程'),
  basis: z.array(z.string()).describe('依据'),
  provisional: z.boolean().describe('暂定'),
  dueInfo: DayInfoSchema.describe('届满日的日历信息'),
});
export type DeadlineResult = z.infer<typeof DeadlineResultSchema>;

// ── /api/calendar/overrides ──────────────────────────────────────────────────────────────

export const CalendarOverrideBodySchema = CalendarOverrideSchema.strict();
export const CalendarOverrideIdParamsSchema = z.strictObject({
  id: z.coerce.number().int().positive().max(INT4_MAX).describe('编号'),
});

export const CalendarOverrideViewSchema = z.object({
  id: z.number().int().describe('编号'),
  townId: z.number().int().nullable().describe('所属镇（全县统一调整为空）'),
  date: z.string().describe('日期'),
  workday: z.boolean().describe('上班'),
  reason: z.string().describe('调整原因'),
});
export type CalendarOverrideView = z.infer<typeof CalendarOverrideViewSchema>;
export const CalendarOverrideListSchema = z.array(CalendarOverrideViewSchema);
