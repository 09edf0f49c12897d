/**
 * The HTTP contract of contract review (合同审查, issue 16; docs/domain.md §4): the town's review
 * settings (its time limit and the amount above which a contract goes to a collective
 * discussion) and the register of contracts. Amounts in yuan, dates 'YYYY-MM-DD', ids strings.
 *
 * No national rule fixes how long the review may take (docs/domain.md §4: "no national time limit;
 * township rules apply"), so the limit is each town's, 5 working days where it set none.
 */
import { z } from 'zod';
import { int4IdString, versionSchema } from '../validators/schemas.ts';

/** The town_settings key of the review settings. */
export const CONTRACT_SETTINGS_KEY = 'contract.review';

/** The policy key the server hands the `submit` action (ActionDef.effects `policy`). */
export const CONTRACT_REVIEW_POLICY = 'contractReview';

export const ContractReviewSettingsSchema = z
  .object({
    /** 审查期限（工作日）: the town's own rule. */
    limitWorkdays: z
      .number({ error: '审查期限应为整数' })
      .int({ message: '审查期限应为整数' })
      .min(1, { message: '审查期限至少1个工作日' })
      .max(30, { message: '审查期限不得超过30个工作日' })
      .describe('审查期限（工作日）'),
    /**
     * 集体讨论金额（元）: a contract of at least this amount is signed only after a held meeting
     * concluded on it; null = the town requires none.
     */
    collectiveThreshold: z
      .number({ error: '集体讨论金额应为数字' })
      .min(0, { message: '集体讨论金额不得为负数' })
      .max(1e11, { message: '集体讨论金额超出范围' })
      .nullable()
      .describe('须集体讨论的合同金额（元）'),
  })
  .strict();
export type ContractReviewSettings = z.infer<typeof ContractReviewSettingsSchema>;

/** A town that has set nothing: 5 working days, no collective discussion required by amount. */
export const DEFAULT_CONTRACT_REVIEW_SETTINGS: ContractReviewSettings = { limitWorkdays: 5, collectiveThreshold: null };

export const ContractSettingsQuerySchema = z
  .object({ townId: int4IdString('乡镇无效').optional().describe('乡镇') })
  .strict();

export const ContractSettingsPutBodySchema = ContractReviewSettingsSchema.extend({
  version: versionSchema(0),
}).strict();
export type ContractSettingsPutBody = z.input<typeof ContractSettingsPutBodySchema>;

export const ContractSettingsViewSchema = ContractReviewSettingsSchema.extend({
  townId: z.string(),
  townName: z.string(),
  version: z.number(),
  canEdit: z.boolean(),
}).strict();
export type ContractSettingsView = z.infer<typeof ContractSettingsViewSchema>;

// ------------------------------------------------------------------ the register

export const ContractRegisterQuerySchema = z
  .object({
    townId: int4IdString('乡镇无效').optional().describe('乡镇'),
    year: z.coerce
      .number({ error: '年度应为数字' })
      .int()
      .min(2000, { message: '年度无效' })
      .max(2100, { message: '年度无效' })
      .optional()
      .describe('年度'),
  })
  .strict();

export const ContractRegisterRowSchema = z.object({
  id: z.string(),
  number: z.string().nullable(),
  title: z.string(),
  name: z.string(),
  counterparty: z.string(),
  counterpartyCreditCode: z.string().nullable(),
  amount: z.number(),
  contractKind: z.string(),
  procurement: z.string(),
  termFrom: z.string(),
  termTo: z.string(),
  unitName: z.string().nullable(),
  submittedOn: z.string().nullable(),
  reviewDue: z.string().nullable(),
  reviewedOn: z.string().nullable(),
  reviewOutcome: z.string().nullable(),
  signedOn: z.string().nullable(),
  state: z.string(),
  stateLabel: z.string(),
});
export type ContractRegisterRow = z.infer<typeof ContractRegisterRowSchema>;

export const ContractRegisterSchema = z.object({
  town: z.object({ id: z.string(), name: z.string() }),
  towns: z.array(z.object({ id: z.string(), name: z.string() })),
  year: z.number().nullable(),
  items: z.array(ContractRegisterRowSchema),
  /** Sum of the listed amounts, yuan. */
  totalAmount: z.number(),
});
export type ContractRegister = z.infer<typeof ContractRegisterSchema>;
