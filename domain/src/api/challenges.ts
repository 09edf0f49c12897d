/**
 * 行政复议 and 行政诉讼 registered on a case (issue 14): the contract of
 * /api/cases/:id/challenges, shared by the server and the web.
 */
import { z } from 'zod';
import { CHALLENGE_KINDS, CHALLENGE_RESULTS } from '../enforcement/challenges.ts';
import { isoDateSchema, versionSchema } from '../validators/schemas.ts';

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';

export const ChallengeKindSchema = z.enum(CHALLENGE_KINDS, { error: '类型应为行政复议或行政诉讼' }).describe('类型');
export const ChallengeResultSchema = z
  .enum(CHALLENGE_RESULTS, { error: '结果应为维持、变更、撤销、确认违法、撤回、驳回或其他' })
  .describe('结果');

export const ChallengeViewSchema = z.object({
  id: z.string(),
  kind: ChallengeKindSchema,
  receivedOn: z.string(),
  body: z.string(),
  bodyCaseNo: z.string().nullable(),
  result: ChallengeResultSchema.nullable(),
  closedOn: z.string().nullable(),
  /** Litigation only: null while pending, for a 复议, or when no hearing was held. */
  headAppeared: z.boolean().nullable(),
  note: z.string().nullable(),
  version: z.number(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type ChallengeView = z.infer<typeof ChallengeViewSchema>;

/** GET /api/cases/:id/challenges */
export const ChallengesResponseSchema = z.object({
  items: z.array(ChallengeViewSchema),
  /** The case type's decisions may be challenged (CaseTypeSpec.challengeable). */
  challengeable: z.boolean(),
  /** A decision has been made, so a challenge may be registered now. */
  decided: z.boolean(),
  /** The reader works the case and may register and close challenges. */
  canWrite: z.boolean(),
});
export type ChallengesResponse = z.infer<typeof ChallengesResponseSchema>;

/** POST /api/cases/:id/challenges */
export const CreateChallengeBodySchema = z.strictObject({
  kind: ChallengeKindSchema,
  receivedOn: isoDateSchema(DATE_MESSAGE).describe('收到日期'),
  body: z
    .string({ error: '请填写复议机关或法院' })
    .trim()
    .min(1, { message: '请填写复议机关或法院' })
    .max(100, { message: '复议机关或法院不能超过100字' })
    .describe('复议机关/法院'),
  bodyCaseNo: z.string().trim().max(60, { message: '案号不能超过60字' }).optional().describe('案号'),
  note: z.string().trim().max(500, { message: '备注不能超过500字' }).optional().describe('备注'),
});
export type CreateChallengeBody = z.input<typeof CreateChallengeBodySchema>;

/** PATCH /api/cases/:id/challenges/:cid: record the result (结案). */
export const CloseChallengeBodySchema = z.strictObject({
  version: versionSchema(),
  result: ChallengeResultSchema,
  closedOn: isoDateSchema(DATE_MESSAGE).describe('办结日期'),
  /**
   * 负责人出庭应诉 (行政诉讼法 art 3 ¶3): true / false, or null when no hearing was held (a suit
   * withdrawn or dismissed on the papers). Required for a litigation, refused for a 复议 (the
   * server checks: it knows the kind).
   */
  headAppeared: z
    .boolean({ error: '负责人出庭应诉应为是、否或未开庭' })
    .nullable()
    .optional()
    .describe('负责人出庭应诉'),
  note: z.string().trim().max(500, { message: '备注不能超过500字' }).optional().describe('备注'),
});
export type CloseChallengeBody = z.input<typeof CloseChallengeBodySchema>;
