/**
 * The HTTP contract of 矛盾纠纷调解 beyond the generic case API: the year's statistics (GET
 * /api/stats/mediation), the duplicate hint on the registration form (GET
 * /api/mediation/duplicates) and the town's early-warning settings (GET/PUT
 * /api/mediation/risk-settings). The server declares these schemas on its routes; the web
 * imports the inferred types. Dates 'YYYY-MM-DD', ids strings.
 */
import { z } from 'zod';
import { AdministrativeLimitSchema, DISPUTE_TYPE_LABELS } from '../cases/mediation.ts';
import { SensitivePeriodSchema } from '../cases/mediation-risk.ts';
import { int4IdString, versionSchema } from '../validators/schemas.ts';
import { CaseListItemSchema } from './cases.ts';

// ── GET /api/stats/mediation ─────────────────────────────────────────────────────────────

export const MediationStatsQuerySchema = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).describe('年度'),
  unitId: int4IdString().optional().describe('村（社区）或单位'),
});
export type MediationStatsQuery = z.output<typeof MediationStatsQuerySchema>;

const n = (label: string) => z.number().int().min(0).describe(label);
const rate = (label: string) =>
  z.number().min(0).max(100).nullable().describe(`${label}（%，一位小数；分母为0时为空）`);

const ByKey = z.object({
  key: z.string().describe('代码'),
  label: z.string().describe('名称'),
  count: n('件数'),
});

export const MediationStatsSchema = z.object({
  year: z.number().int().describe('年度'),
  unitId: z.string().nullable().describe('统计范围（村、社区或单位；空为全部可见范围）'),
  unitName: z.string().nullable().describe('统计范围名称'),
  asOf: z.string().describe('统计截止日期'),
  totals: z.object({
    registered: n('登记纠纷'),
    accepted: n('受理纠纷'),
    rejected: n('不予受理'),
    referred: n('转其他途径处理'),
    withdrawn: n('当事人拒绝或撤回'),
    mediated: n('进入调解'),
    inMediation: n('调解中'),
    concluded: n('调结'),
    success: n('调解成功'),
    failed: n('调解不成'),
    successRate: rate('调解成功率'),
    written: n('书面协议'),
    oral: n('口头协议'),
    confirmationApplied: n('申请司法确认'),
    confirmed: n('司法确认有效'),
    amount: z.number().min(0).describe('受理纠纷涉及金额（元）'),
    agreementsDue: n('履行期限届满的协议'),
    performed: n('已全部履行的协议'),
    performanceRate: rate('协议履行率'),
    litigated: n('起诉或申请执行'),
    avgDaysToClose: z.number().min(0).nullable().describe('平均调结天数（受理至调解终结）'),
    overdue: n('超过调解期限调结或仍未调结'),
    policeReported: n('报告公安机关'),
    highRisk: n('高风险纠纷'),
  }),
  byType: z
    .array(
      z.object({
        disputeType: z.string().describe('纠纷类型代码'),
        label: z.string().describe('纠纷类型'),
        registered: n('登记'),
        accepted: n('受理'),
        success: n('调解成功'),
        amount: z.number().min(0).describe('涉及金额（元）'),
      }),
    )
    .describe('按纠纷类型'),
  byVillage: z
    .array(
      z.object({
        unitId: z.string().nullable().describe('村（社区）代码；空为镇本级'),
        unitName: z.string().describe('村（社区）'),
        registered: n('登记'),
        accepted: n('受理'),
        success: n('调解成功'),
        highRisk: n('高风险'),
      }),
    )
    .describe('按村（社区）'),
  byMonth: z
    .array(
      z.object({
        month: z.number().int().min(1).max(12).describe('月份'),
        registered: n('登记'),
        accepted: n('受理'),
        success: n('调解成功'),
      }),
    )
    .describe('按月份（登记月份）'),
  highRisk: z
    .object({
      total: n('高风险纠纷'),
      byOutcome: z.array(ByKey).describe('办理结果（未办结为“办理中”）'),
    })
    .describe('高风险纠纷及其结果'),
  referrals: z
    .object({
      total: n('转其他途径处理'),
      byRoute: z.array(ByKey).describe('转往途径'),
    })
    .describe('转其他途径（分流出中心）'),
});
export type MediationStats = z.infer<typeof MediationStatsSchema>;

// ── GET /api/mediation/duplicates ────────────────────────────────────────────────────────

export const DuplicateQuerySchema = z.strictObject({
  idNumber: z.string().trim().max(30).optional().describe('证件号码'),
  name: z.string().trim().max(100).optional().describe('姓名（名称）'),
  phone: z.string().trim().max(30).optional().describe('联系电话'),
  unitId: int4IdString().optional().describe('所属村（社区）'),
  disputeType: z
    .enum(Object.keys(DISPUTE_TYPE_LABELS) as [keyof typeof DISPUTE_TYPE_LABELS])
    .optional()
    .describe('纠纷类型'),
});
export type DuplicateQuery = z.output<typeof DuplicateQuerySchema>;

export const DuplicateHintSchema = CaseListItemSchema.extend({
  reasons: z.array(z.string()).describe('疑似重复的原因'),
});
export const DuplicateResponseSchema = z.object({
  items: z.array(DuplicateHintSchema).describe('疑似重复的在办纠纷'),
});
export type DuplicateHintItem = z.infer<typeof DuplicateHintSchema>;
export type DuplicateResponse = z.infer<typeof DuplicateResponseSchema>;

// ── GET/PUT /api/mediation/risk-settings ──────────────────────────────────────────────────

export const MediationRiskSettingsSchema = z.strictObject({
  amountThreshold: z.number().min(1, '应不少于1元').max(1_000_000_000, '应不超过10亿元').describe('金额较大标准（元）'),
  // 5 人以上 is the common definition of a 群体性 dispute: a town may warn earlier, never later.
  groupThreshold: z
    .number()
    .int('应为整数')
    .min(2, '应不少于2人')
    .max(5, '不得高于5人（涉及5人及以上即为群体性纠纷）')
    .describe('群体性纠纷人数标准'),
  windowDays: z.number().int('应为整数').min(0, '不能为负数').max(60, '应不超过60日').describe('敏感时期提前预警天数'),
  defaultPeriods: z.boolean().describe('包含默认敏感时期（元旦、春节、全国两会、国庆）'),
  periods: z.array(SensitivePeriodSchema).max(100, '最多100个').describe('本地敏感时期'),
});
export type MediationRiskSettings = z.infer<typeof MediationRiskSettingsSchema>;

export const RiskSettingsViewSchema = MediationRiskSettingsSchema.extend({
  townId: z.string().describe('乡镇'),
  townName: z.string().describe('乡镇名称'),
  version: z.number().int().describe('版本号'),
  canEdit: z.boolean().describe('可修改'),
  defaultPeriodNames: z.array(z.string()).describe('默认敏感时期'),
});

export const RiskSettingsQuerySchema = z.strictObject({
  townId: int4IdString('乡镇编号无效').optional().describe('乡镇'),
});
export const RiskSettingsPutBodySchema = MediationRiskSettingsSchema.extend({
  version: versionSchema(0),
});
export const RiskSettingsPutResponseSchema = RiskSettingsViewSchema.extend({
  reassessed: z.number().int().describe('风险等级随之变化的在办纠纷'),
});
export type RiskSettingsView = z.infer<typeof RiskSettingsViewSchema>;

// ── GET/PUT /api/mediation/route-settings ─────────────────────────────────────────────────

/**
 * 行政调解期限: no national limit, so each town sets its own (or none: `limit` null). Recorded on
 * a case when it is routed to 行政调解; a change applies to the cases routed after it.
 */
export const MediationRouteSettingsSchema = z.strictObject({
  administrativeLimit: AdministrativeLimitSchema.nullable().describe('行政调解期限（空为不设期限）'),
});
export type MediationRouteSettings = z.infer<typeof MediationRouteSettingsSchema>;

export const RouteSettingsViewSchema = MediationRouteSettingsSchema.extend({
  townId: z.string().describe('乡镇'),
  townName: z.string().describe('乡镇名称'),
  version: z.number().int().describe('版本号'),
  canEdit: z.boolean().describe('可修改'),
});
export type RouteSettingsView = z.infer<typeof RouteSettingsViewSchema>;

export const RouteSettingsPutBodySchema = MediationRouteSettingsSchema.extend({
  version: versionSchema(0),
});
