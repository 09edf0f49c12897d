/**
 * Contracts of the normative-documents pages (issue 16): the register of documents (规范性文件
 * 登记簿), the public list of documents in force (公示, no login) and the county's filing period.
 * One contract serves the server's routes and the web's pages.
 */
import { z } from 'zod';
import { CLEANUP_RESULT_LABELS, FILING_RESULT_LABELS } from '../decisions/normative.ts';

/** Which documents the register lists: those in force (default), or every registered one. */
export const NORMATIVE_REGISTER_SCOPES = { in_force: '现行有效', all: '全部（含已修改、废止、失效）' } as const;

export const NormativeRegisterQuerySchema = z.object({
  scope: z.enum(['in_force', 'all'], { message: '范围应为 in_force 或 all' }).default('in_force').describe('范围'),
});
export type NormativeRegisterQuery = z.output<typeof NormativeRegisterQuerySchema>;

export const NormativeRegisterRowSchema = z.object({
  caseId: z.number().int(),
  townName: z.string(),
  docNo: z.string().nullable(),
  title: z.string(),
  publishedOn: z.string().nullable(),
  effectiveOn: z.string().nullable(),
  expiresOn: z.string().nullable(),
  /** The evaluation due date (6 months before expiry), while the document is in force. */
  evaluationDue: z.string().nullable(),
  state: z.string(),
  stateLabel: z.string(),
  filedOn: z.string().nullable(),
  filingResult: z.enum(Object.keys(FILING_RESULT_LABELS) as [keyof typeof FILING_RESULT_LABELS]).nullable(),
  cleanupResult: z.enum(Object.keys(CLEANUP_RESULT_LABELS) as [keyof typeof CLEANUP_RESULT_LABELS]).nullable(),
  cleanedOn: z.string().nullable(),
});
export type NormativeRegisterRow = z.output<typeof NormativeRegisterRowSchema>;
export const NormativeRegisterSchema = z.object({ rows: z.array(NormativeRegisterRowSchema) });
export type NormativeRegister = z.output<typeof NormativeRegisterSchema>;

export const PublicNormativeSchema = z.object({
  town: z.object({ code: z.string(), name: z.string(), fullName: z.string() }),
  documents: z.array(
    z.object({
      docNo: z.string().nullable(),
      title: z.string(),
      publishedOn: z.string(),
      effectiveOn: z.string().nullable(),
      expiresOn: z.string().nullable(),
      publishedWhere: z.string().nullable(),
    }),
  ),
});
export type PublicNormative = z.output<typeof PublicNormativeSchema>;

/** The filing period a county sets for its towns' normative documents. */
export const FilingSettingsSchema = z.object({
  countyId: z.number().int(),
  countyName: z.string(),
  filingDays: z.number().int(),
  /** False when the county has not set it (the default applies). */
  custom: z.boolean(),
  version: z.number().int(),
  canEdit: z.boolean(),
});
export type FilingSettings = z.output<typeof FilingSettingsSchema>;
export const FilingSettingsListSchema = z.object({ counties: z.array(FilingSettingsSchema) });

export const FilingSettingsInputSchema = z.object({
  filingDays: z
    .number({ message: '报备期限应为整数天数' })
    .int('报备期限应为整数天数')
    .min(1, '报备期限至少1日')
    .max(90, '报备期限不得超过90日')
    .describe('报备期限（日）'),
  version: z.number().int().min(0).describe('版本'),
});
export const FilingSettingsParamsSchema = z.object({
  countyId: z.coerce
    .number({ message: '县编号无效' })
    .int('县编号无效')
    .positive('县编号无效')
    .max(2_147_483_647, '县编号无效'),
});
