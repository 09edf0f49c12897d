/**
 * The HTTP contract of the register of production and business units (生产经营单位, 安全生产法
 * arts 9, 62): create and update bodies, the list (filters, paging) and the unit's overview
 * (单位详情: licences, inspections, hazards, penalties and the art 113 closure flag). The
 * server declares these on its routes (server/src/modules/safety/units); the web imports the
 * types. Dates 'YYYY-MM-DD', ids strings.
 */
import { z } from 'zod';
import { validatePhone } from '../validators/phone.ts';
import { int4IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';
import { forbiddenCharProblem } from '../validators/text.ts';
import { validateUscc } from '../validators/uscc.ts';
import {
  SAFETY_INDUSTRY_LABELS,
  SAFETY_RISK_LABELS,
  SAFETY_SIZE_LABELS,
  type SafetyIndustry,
  type SafetyRisk,
  type SafetySize,
} from './safety.ts';

/** A licence is flagged on the page when it ends within this many days (or has ended). */
export const LICENCE_WARNING_DAYS = 30;

const INDUSTRY_KEYS = Object.keys(SAFETY_INDUSTRY_LABELS) as [SafetyIndustry, ...SafetyIndustry[]];
const SIZE_KEYS = Object.keys(SAFETY_SIZE_LABELS) as [SafetySize, ...SafetySize[]];
const RISK_KEYS = Object.keys(SAFETY_RISK_LABELS) as [SafetyRisk, ...SafetyRisk[]];

/**
 * Text a column can store: trimmed, bounded, and free of NUL and lone surrogates. The HTTP
 * hygiene layer refuses those before any schema for JSON bodies; the Excel import feeds cells
 * through these same schemas, so the rule is here too (validators/text.ts).
 */
const storable = (label: string) => (s: string, ctx: z.RefinementCtx) => {
  const p = forbiddenCharProblem(s);
  if (p) ctx.addIssue({ code: 'custom', message: `${label}${p}` });
};
const text = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { message: `请填写${label}` })
    .max(max, { message: `${label}不得超过${max}个字` })
    .superRefine(storable(label))
    .describe(label);
const optText = (label: string, max: number) =>
  z
    .string({ error: `${label}应为文字` })
    .trim()
    .max(max, { message: `${label}不得超过${max}个字` })
    .superRefine(storable(label))
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .describe(label);

/** 统一社会信用代码 (GB 32100-2015), normalised to upper case. */
export const CreditCodeSchema = z
  .string({ error: '请填写统一社会信用代码' })
  .transform((s, ctx) => {
    const r = validateUscc(s);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  })
  .describe('统一社会信用代码');

/** A phone (mobile or fixed line with area code), digits only; '' or null clears it. */
const phone = (label: string) =>
  z
    .string({ error: `${label}应为文字` })
    .transform((s, ctx) => {
      if (s.trim() === '') return null;
      const r = validatePhone(s);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: `${label}：${r.message}` });
        return z.NEVER;
      }
      return r.value;
    })
    .nullable()
    .optional()
    .describe(label);

const enumOf = <T extends string>(keys: [T, ...T[]], labels: Record<T, string>, label: string) =>
  z.enum(keys, { error: `${label}无效` }).meta({ description: label, enumLabels: labels });

export const LicenceSchema = z
  .object({
    name: text('证照名称', 50),
    no: text('证照编号', 60),
    validUntil: isoDateSchema('证照有效期至应为YYYY-MM-DD格式的有效日期').nullable().optional().describe('有效期至'),
  })
  .strict();
export type Licence = z.output<typeof LicenceSchema>;

const Licences = z
  .array(LicenceSchema, { error: '许可证照应为列表' })
  .max(20, { message: '许可证照最多20项' })
  .describe('许可证照');

const unitShape = {
  /** 所在村（社区）: an org unit of the town; null = the town itself (no village). */
  villageId: int4IdString('所在村（社区）无效').nullable().optional().describe('所在村（社区）'),
  name: text('单位名称', 100),
  creditCode: CreditCodeSchema,
  address: text('地址', 200),
  industry: enumOf(INDUSTRY_KEYS, SAFETY_INDUSTRY_LABELS, '行业'),
  size: enumOf(SIZE_KEYS, SAFETY_SIZE_LABELS, '规模'),
  riskClass: enumOf(RISK_KEYS, SAFETY_RISK_LABELS, '风险等级'),
  principalName: text('主要负责人', 50),
  principalPhone: phone('主要负责人电话'),
  safetyOfficerName: optText('安全管理人员', 50),
  safetyOfficerPhone: phone('安全管理人员电话'),
  licences: Licences.optional(),
};

export const UnitCreateBodySchema = z
  .object({
    ...unitShape,
    /** Only for a user who keeps the register of more than one town. */
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
  })
  .strict();
export type UnitCreateBody = z.input<typeof UnitCreateBodySchema>;

/** A change: any of the fields, with the version read (409 when someone saved in between). */
export const UnitUpdateBodySchema = z
  .object({
    villageId: unitShape.villageId,
    name: unitShape.name.optional(),
    creditCode: unitShape.creditCode.optional(),
    address: unitShape.address.optional(),
    industry: unitShape.industry.optional(),
    size: unitShape.size.optional(),
    riskClass: unitShape.riskClass.optional(),
    principalName: unitShape.principalName.optional(),
    principalPhone: unitShape.principalPhone,
    safetyOfficerName: unitShape.safetyOfficerName,
    safetyOfficerPhone: unitShape.safetyOfficerPhone,
    licences: unitShape.licences,
    version: versionSchema(),
  })
  .strict();
export type UnitUpdateBody = z.input<typeof UnitUpdateBodySchema>;

/** 注销 / 恢复: only the version read. */
export const UnitVersionBodySchema = z.object({ version: versionSchema() }).strict();

export const UnitListQuerySchema = z
  .object({
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
    villageId: int4IdString('所在村（社区）无效').optional().describe('所在村（社区）'),
    industry: enumOf(INDUSTRY_KEYS, SAFETY_INDUSTRY_LABELS, '行业').optional(),
    risk: enumOf(RISK_KEYS, SAFETY_RISK_LABELS, '风险等级').optional(),
    /** Name, credit code or address contains it. */
    q: z.string().trim().max(50, { message: '搜索词不得超过50个字' }).optional().describe('搜索'),
    /** Active units by default; 'all' adds the deactivated ones, 'inactive' only those. */
    status: z.enum(['active', 'inactive', 'all'], { error: '状态无效' }).optional().describe('状态'),
    page: z.coerce
      .number({ error: '页码无效' })
      .int({ message: '页码无效' })
      .min(1, { message: '页码无效' })
      .max(100_000, { message: '页码无效' })
      .optional()
      .describe('页码'),
    pageSize: z.coerce
      .number({ error: '每页条数无效' })
      .int({ message: '每页条数无效' })
      .min(1, { message: '每页条数无效' })
      .max(200, { message: '每页条数不得超过200' })
      .optional()
      .describe('每页条数'),
  })
  .strict();
/** The query as a client sends it (page numbers as numbers; the schema coerces the strings). */
export type UnitListQuery = Omit<z.input<typeof UnitListQuerySchema>, 'page' | 'pageSize'> & {
  page?: number;
  pageSize?: number;
};

const TownRef = z.object({ id: z.string(), name: z.string() });

export const LicenceViewSchema = z.object({
  name: z.string(),
  no: z.string(),
  validUntil: z.string().nullable(),
  /** Ended before today, ends within LICENCE_WARNING_DAYS, or fine (or no end date). */
  status: z.enum(['valid', 'expiring', 'expired']),
});
export type LicenceView = z.infer<typeof LicenceViewSchema>;

export const UnitViewSchema = z.object({
  id: z.string(),
  townId: z.string(),
  villageId: z.string().nullable(),
  villageName: z.string().nullable(),
  name: z.string(),
  creditCode: z.string(),
  address: z.string(),
  industry: z.string(),
  size: z.string(),
  riskClass: z.enum(['key', 'general']),
  principalName: z.string(),
  /** In full only for the register's writers (安监办 of the town); others get the masked copy. */
  principalPhone: z.string().nullable(),
  safetyOfficerName: z.string().nullable(),
  safetyOfficerPhone: z.string().nullable(),
  /** Whether the phones above are masked. */
  phonesMasked: z.boolean(),
  licences: z.array(LicenceViewSchema),
  /** The worst licence status: a warning on the list. */
  licenceStatus: z.enum(['valid', 'expiring', 'expired']),
  active: z.boolean(),
  version: z.number(),
  /** Hazard cases of the unit not yet in a terminal state. */
  openHazards: z.number(),
  lastInspectedOn: z.string().nullable(),
});
export type UnitView = z.infer<typeof UnitViewSchema>;

export const UnitListSchema = z.object({
  town: TownRef,
  towns: z.array(TownRef),
  /** Villages of the town the user may filter by (a 村居干部: their own). */
  villages: z.array(TownRef),
  canWrite: z.boolean(),
  today: z.string(),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(UnitViewSchema),
});
export type UnitList = z.infer<typeof UnitListSchema>;

const CaseRef = z.object({
  id: z.string(),
  number: z.string(),
  title: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  terminal: z.boolean(),
  /**
   * Whether the reader may open the case (cases/access.ts visibleCase). A penalty decision is
   * public (行政处罚法 art 48) and counts for art 113, so it is listed either way; the
   * 安监办 reads no `penalty` case unless that type admits it.
   */
  canOpen: z.boolean(),
});

export const UnitOverviewSchema = z.object({
  unit: UnitViewSchema,
  canWrite: z.boolean(),
  today: z.string(),
  villages: z.array(TownRef),
  inspections: z.array(
    z.object({
      id: z.string(),
      inspectedOn: z.string(),
      kind: z.string(),
      place: z.string(),
      findings: z.string(),
      actionTaken: z.string(),
    }),
  ),
  hazards: z.array(
    CaseRef.extend({
      level: z.string().nullable(),
      foundOn: z.string().nullable(),
      description: z.string().nullable(),
      closedOn: z.string().nullable(),
    }),
  ),
  penalties: z.array(
    CaseRef.extend({
      hazardId: z.string(),
      hazardNumber: z.string(),
      major: z.boolean(),
      decidedOn: z.string().nullable(),
    }),
  ),
  /** 安全生产法 art 113 (一) (safety/closure.ts). */
  closure: z.object({
    rule: z.enum(['180d', '1y']).nullable(),
    dates: z.array(z.string()),
    reason: z.string().nullable(),
  }),
});
export type UnitOverview = z.infer<typeof UnitOverviewSchema>;

export const UnitImportResultSchema = z.object({
  imported: z.number(),
  failed: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
});
export type UnitImportResult = z.infer<typeof UnitImportResultSchema>;

export const UnitImportQuerySchema = z
  .object({
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
    /** 'xlsx': answer with the error sheet (the failed rows with 错误说明) instead of JSON. */
    report: z.enum(['xlsx'], { error: '报告格式无效' }).optional().describe('错误报告'),
  })
  .strict();

/** The status of one licence on `today` ('YYYY-MM-DD'). */
export function licenceStatus(validUntil: string | null | undefined, today: string): LicenceView['status'] {
  if (!validUntil) return 'valid';
  if (validUntil < today) return 'expired';
  const t = Date.parse(`${today}T00:00:00Z`) + LICENCE_WARNING_DAYS * 86_400_000;
  return validUntil <= new Date(t).toISOString().slice(0, 10) ? 'expiring' : 'valid';
}
