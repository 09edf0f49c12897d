/**
 * The HTTP contract of 矛盾纠纷排查 (screening campaigns): 集中排查 (a campaign before a
 * sensitive period, e.g. 春节) and 经常性排查 (the regular, e.g. monthly, round), the two
 * halves of "集中排查调处和经常性排查调处相结合". A campaign gives every village and
 * community of the town a return (上报); the village enters the disputes it found (or a
 * nil return, 零报告), and the centre turns entries into mediation cases.
 *
 * The server declares these schemas on its routes; the web imports the inferred types
 * and reuses the entry schema in its form. Dates 'YYYY-MM-DD', instants ISO 8601, ids strings.
 */
import { z } from 'zod';
import { DISPUTE_TYPE_LABELS } from '../cases/mediation.ts';
import { choice } from '../engine/fields.ts';
import { int4IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';

export const CAMPAIGN_KIND_LABELS = { concentrated: '集中排查', regular: '经常性排查' } as const;
export type CampaignKind = keyof typeof CAMPAIGN_KIND_LABELS;

export const CAMPAIGN_STATUS_LABELS = { open: '进行中', closed: '已结束' } as const;
export type CampaignStatus = keyof typeof CAMPAIGN_STATUS_LABELS;

/** What a village's return shows: `overdue` is a pending return past the campaign's due date. */
export const RETURN_STATE_LABELS = { returned: '已上报', pending: '未上报', overdue: '逾期' } as const;
export type ReturnState = keyof typeof RETURN_STATE_LABELS;

export const ENTRY_STATUS_LABELS = { new: '待处理', converted: '已转为调解案件', dismissed: '不予转案' } as const;
export type EntryStatus = keyof typeof ENTRY_STATUS_LABELS;

/**
 * The village's own reading of the risk. `violence` becomes the mediation case's
 * violenceRisk flag on conversion (人民调解法 art 25: report to the police at once).
 */
export const ENTRY_RISK_LABELS = {
  none: '暂无明显风险',
  escalation: '有激化可能',
  violence: '有暴力或违法犯罪倾向',
} as const;
export type EntryRisk = keyof typeof ENTRY_RISK_LABELS;

/** The two sides of a dispute; they become 申请人 and 被申请人 of the mediation case. */
export const ENTRY_PARTY_ROLE_LABELS = { applicant: '一方当事人', respondent: '另一方当事人' } as const;
export type EntryPartyRole = keyof typeof ENTRY_PARTY_ROLE_LABELS;

export { DISPUTE_TYPE_LABELS };

const DATE_MESSAGE = '应为YYYY-MM-DD格式的有效日期';
const date = (label: string) => isoDateSchema(DATE_MESSAGE).describe(label);
const Id = z.string().regex(/^\d{1,15}$/, '编号无效');
const Version = versionSchema();

// ------------------------------------------------------------------ campaigns

export const CampaignCreateBodySchema = z
  .object({
    kind: choice(CAMPAIGN_KIND_LABELS, '排查类型'),
    title: z.string().trim().min(1, { message: '请填写排查名称' }).max(100).describe('排查名称'),
    periodStart: date('排查开始日期'),
    periodEnd: date('排查结束日期'),
    dueOn: date('上报截止日期'),
    note: z.string().trim().max(1000).optional().describe('工作要求'),
    /** Only for a user who runs campaigns in more than one town. */
    townId: int4IdString().optional().describe('乡镇'),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.periodEnd < b.periodStart) {
      ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: '排查结束日期不得早于开始日期' });
    }
    if (b.dueOn < b.periodStart) {
      ctx.addIssue({ code: 'custom', path: ['dueOn'], message: '上报截止日期不得早于排查开始日期' });
    }
  });
export type CampaignCreateBody = z.input<typeof CampaignCreateBodySchema>;

export const CampaignListQuerySchema = z
  .object({
    status: z.enum(['open', 'closed']).optional().describe('状态'),
    kind: z.enum(['concentrated', 'regular']).optional().describe('排查类型'),
    year: z.coerce.number().int().min(2000).max(2100).optional().describe('年度'),
  })
  .strict();
export type CampaignListQuery = z.output<typeof CampaignListQuerySchema>;

/** Counts over the returns and entries the user may see (a village officer: their own). */
export const CampaignCountsSchema = z.object({
  returnsTotal: z.number(),
  returnsReturned: z.number(),
  returnsOverdue: z.number(),
  nilReturns: z.number(),
  /** Disputes found (every entry, whatever became of it). */
  found: z.number(),
  converted: z.number(),
  dismissed: z.number(),
});
export type CampaignCounts = z.infer<typeof CampaignCountsSchema>;

export const CampaignListItemSchema = z.object({
  id: z.string(),
  townId: z.string(),
  townName: z.string(),
  kind: z.enum(['concentrated', 'regular']),
  kindLabel: z.string(),
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueOn: z.string(),
  status: z.enum(['open', 'closed']),
  statusLabel: z.string(),
  createdByName: z.string(),
  createdAt: z.string(),
  version: z.number(),
  counts: CampaignCountsSchema,
});
export type CampaignListItem = z.infer<typeof CampaignListItemSchema>;

export const CampaignListResponseSchema = z.object({
  items: z.array(CampaignListItemSchema),
  /** The user may start campaigns (a centre role over a whole town). */
  canCreate: z.boolean(),
});
export type CampaignListResponse = z.infer<typeof CampaignListResponseSchema>;

export const ReturnViewSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  status: z.enum(['pending', 'returned']),
  state: z.enum(['returned', 'pending', 'overdue']),
  stateLabel: z.string(),
  /** Returned after the due date. */
  late: z.boolean(),
  nilReturn: z.boolean(),
  note: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnedByName: z.string().nullable(),
  entries: z.number(),
  converted: z.number(),
  version: z.number(),
  /** The user may enter disputes for this village (and submit or withdraw its return). */
  canWrite: z.boolean(),
});
export type ReturnView = z.infer<typeof ReturnViewSchema>;

export const CampaignDetailSchema = CampaignListItemSchema.extend({
  note: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  returns: z.array(ReturnViewSchema),
  /** Disputes found by type, over the visible entries. */
  foundByType: z.array(z.object({ disputeType: z.string(), label: z.string(), count: z.number() })),
  /** The user runs this town's campaigns: closes it, converts and dismisses entries. */
  canManage: z.boolean(),
});
export type CampaignDetail = z.infer<typeof CampaignDetailSchema>;

export const CampaignCloseBodySchema = z.object({ version: Version }).strict();

// ------------------------------------------------------------------ entries

export const EntryPartyInputSchema = z
  .object({
    /** The stored party this row edits: an absent idNumber/phone keeps what was stored. */
    ref: z.string().max(20).optional().describe('原当事人'),
    role: choice(ENTRY_PARTY_ROLE_LABELS, '当事人一方'),
    kind: z.enum(['person', 'org']).default('person').describe('当事人类型'),
    name: z.string().trim().min(1, { message: '请填写姓名或名称' }).max(100).describe('姓名（名称）'),
    /** 居民身份证 for a person, 统一社会信用代码 for an organisation; '' clears a stored one. */
    idNumber: z.string().trim().max(30).optional().describe('证件号码'),
    phone: z.string().trim().max(30).optional().describe('联系电话'),
  })
  .strict();
export type EntryPartyInput = z.input<typeof EntryPartyInputSchema>;

export const EntryInputSchema = z
  .object({
    foundOn: date('发现日期'),
    disputeType: choice(DISPUTE_TYPE_LABELS, '纠纷类型'),
    summary: z.string().trim().min(1, { message: '请填写纠纷简要情况' }).max(2000).describe('纠纷简要情况'),
    requests: z.string().trim().min(1, { message: '请填写当事人诉求' }).max(2000).describe('当事人诉求'),
    peopleCount: z.number().int().min(1).max(100_000).describe('涉及人数'),
    amount: z.number().min(0).max(1e12).optional().describe('涉及金额（元）'),
    riskHint: choice(ENTRY_RISK_LABELS, '风险提示').optional(),
    parties: z.array(EntryPartyInputSchema).max(20).describe('当事人'),
  })
  .strict()
  .superRefine((e, ctx) => {
    // A mediation case needs both sides; asking now spares a failed conversion later.
    for (const role of ['applicant', 'respondent'] as const) {
      if (!e.parties.some((p) => p.role === role)) {
        ctx.addIssue({ code: 'custom', path: ['parties'], message: `请至少填写一位${ENTRY_PARTY_ROLE_LABELS[role]}` });
      }
    }
  });
export type EntryInput = z.input<typeof EntryInputSchema>;

export const EntryUpdateBodySchema = EntryInputSchema.safeExtend({ version: Version });
export type EntryUpdateBody = z.input<typeof EntryUpdateBodySchema>;

export const EntryPartyViewSchema = z.object({
  ref: z.string(),
  role: z.enum(['applicant', 'respondent']),
  roleLabel: z.string(),
  kind: z.enum(['person', 'org']),
  name: z.string(),
  /** Masked: 110101********0011. */
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
});
export type EntryPartyView = z.infer<typeof EntryPartyViewSchema>;

export const EntryViewSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  returnId: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  foundOn: z.string(),
  disputeType: z.string(),
  disputeTypeLabel: z.string(),
  summary: z.string(),
  requests: z.string(),
  peopleCount: z.number(),
  amount: z.number().nullable(),
  riskHint: z.string().nullable(),
  riskHintLabel: z.string().nullable(),
  parties: z.array(EntryPartyViewSchema),
  partyNames: z.string(),
  status: z.enum(['new', 'converted', 'dismissed']),
  statusLabel: z.string(),
  dismissReason: z.string().nullable(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  version: z.number(),
});
export type EntryView = z.infer<typeof EntryViewSchema>;

export const EntryListQuerySchema = z
  .object({
    unitId: int4IdString().optional().describe('村（社区）'),
    status: z.enum(['new', 'converted', 'dismissed']).optional().describe('状态'),
  })
  .strict();

export const EntryListResponseSchema = z.object({ items: z.array(EntryViewSchema) });

export const ReturnDetailSchema = z.object({
  campaign: CampaignListItemSchema.pick({
    id: true,
    title: true,
    kind: true,
    kindLabel: true,
    status: true,
    statusLabel: true,
    periodStart: true,
    periodEnd: true,
    dueOn: true,
  }),
  return: ReturnViewSchema,
  entries: z.array(EntryViewSchema),
});
export type ReturnDetail = z.infer<typeof ReturnDetailSchema>;

export const ReturnSubmitBodySchema = z
  .object({
    /** 零报告: the village found no dispute this round. */
    nil: z.boolean().describe('零报告'),
    note: z.string().trim().max(500).optional().describe('说明'),
    version: Version,
  })
  .strict();
export type ReturnSubmitBody = z.input<typeof ReturnSubmitBodySchema>;

export const ReturnReopenBodySchema = z.object({ version: Version }).strict();

export const EntryDismissBodySchema = z
  .object({
    reason: z.string().trim().min(1, { message: '请填写不予转案的理由' }).max(500).describe('理由'),
    version: Version,
  })
  .strict();

export const ConvertBodySchema = z
  .object({
    entryIds: z.array(Id).min(1, { message: '请选择要转为调解案件的纠纷' }).max(200).describe('纠纷'),
  })
  .strict();
export type ConvertBody = z.input<typeof ConvertBodySchema>;

export const ConvertResultSchema = z.object({
  converted: z.array(z.object({ entryId: z.string(), caseId: z.string(), caseNumber: z.string() })),
});
export type ConvertResult = z.infer<typeof ConvertResultSchema>;

/** The nil-return note when the village adds none. */
export const NIL_RETURN_NOTE = '本村未发现矛盾纠纷';
