/**
 * The HTTP contract of the case engine (docs/architecture.md §Interfaces others rely
 * on), as zod schemas: the server declares them on its routes (and so in the OpenAPI
 * document at /api/docs); the web imports the inferred types. Dates are 'YYYY-MM-DD',
 * instants ISO 8601 strings, ids strings (bigint ids never lose precision in JS).
 */
import { z } from 'zod';
import { INBOX_ASK_KEYS, type InboxAsk } from '../engine/inbox.ts';
import { CASE_LINK_KIND_KEYS } from '../engine/links.ts';
import { INT4_MAX, int4IdString, int8IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';

export const RiskLevelSchema = z.enum(['low', 'medium', 'high']);
export type RiskLevel = z.infer<typeof RiskLevelSchema>;
export const RISK_LABELS: Record<RiskLevel, string> = { low: '低', medium: '中', high: '高' };

export const DueLevelSchema = z.enum(['ok', 'warn', 'breached']);
export type DueLevel = z.infer<typeof DueLevelSchema>;

/** One row of a case list, the inbox or an export. */
export const CaseListItemSchema = z.object({
  id: z.string(),
  type: z.string(),
  typeLabel: z.string(),
  number: z.string(),
  title: z.string(),
  state: z.string(),
  stateLabel: z.string(),
  terminal: z.boolean(),
  unitId: z.string().nullable(),
  unitName: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  ownerLeaderId: z.string().nullable(),
  ownerLeaderName: z.string().nullable(),
  risk: RiskLevelSchema.nullable(),
  /** The nearest running duty deadline and its clock, with its level today. */
  nextDue: z.string().nullable(),
  nextClock: z.string().nullable(),
  dueLevel: DueLevelSchema.nullable(),
  /** Calendar days to nextDue (negative when past). */
  daysLeft: z.number().nullable(),
  partyNames: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** 'YYYY-MM-DD' (Asia/Shanghai) the case entered a terminal state; null while open. */
  closedOn: z.string().nullable(),
});
export type CaseListItem = z.infer<typeof CaseListItemSchema>;

export const CaseListResponseSchema = z.object({
  items: z.array(CaseListItemSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type CaseListResponse = z.infer<typeof CaseListResponseSchema>;

/**
 * Counted up to this many (「超过 10000 件」 beyond): a county's whole list is a million rows, and
 * an exact count of them would cost more than the page it goes with (issue 19's list targets).
 */
export const CASE_COUNT_CAP = 10_000;

/** GET /api/cases/count: how many cases match the list's filters (all pages). */
export const CaseCountResponseSchema = z.object({
  total: z.number().int(),
  /** True when more than CASE_COUNT_CAP match: `total` is then CASE_COUNT_CAP. */
  capped: z.boolean(),
});
export type CaseCountResponse = z.infer<typeof CaseCountResponseSchema>;

/**
 * The columns a case list sorts by: 最近更新 (the default), 登记日期, 期限 (undated last when
 * ascending), 案号 (year, then sequence), 状态 and 村（社区）(by the unit's name). The cursor
 * carries the sort it was made for.
 */
export const CASE_SORT_KEYS = ['updated', 'registered', 'due', 'number', 'state', 'village'] as const;
export type CaseSortKey = (typeof CASE_SORT_KEYS)[number];

/** GET /api/cases query (also GET /api/cases/export.xlsx). */
export const CaseListQuerySchema = z.object({
  type: z.string().max(40).optional().describe('案件类型'),
  state: z.string().max(40).optional().describe('状态'),
  village: int4IdString().optional().describe('村（社区）'),
  assignee: z
    .string()
    .regex(/^(\d{1,10}|me)$/, '编号无效')
    .refine((v) => v === 'me' || Number(v) <= INT4_MAX, '编号无效')
    .optional()
    .describe('承办人'),
  /** 'breached' | 'warn' (warn includes breached) | 'open' (not terminal). */
  due: z.enum(['breached', 'warn', 'open']).optional().describe('期限'),
  q: z.string().trim().max(50).optional().describe('关键词'),
  /** Registered (登记) between these Asia/Shanghai days, both included. */
  registeredFrom: isoDateSchema().optional().describe('登记日期（起）'),
  registeredTo: isoDateSchema().optional().describe('登记日期（止）'),
  /** Closed (办结: entered a terminal state) between these days, both included. */
  closedFrom: isoDateSchema().optional().describe('办结日期（起）'),
  closedTo: isoDateSchema().optional().describe('办结日期（止）'),
  /** Registered in this year: the year of the case number, the statistics' cohort. */
  year: z.coerce.number().int().min(2000).max(2100).optional().describe('登记年度'),
  sort: z.enum(CASE_SORT_KEYS).default('updated').describe('排序'),
  order: z.enum(['asc', 'desc']).default('desc').describe('排序方向'),
  cursor: z.string().max(300).optional().describe('分页游标'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数'),
});
export type CaseListQuery = z.input<typeof CaseListQuerySchema>;

/**
 * GET /api/inbox query: one page, nearest deadline first (undated last). `due` narrows the
 * page to the red (`breached`) or the yellow (`warn`: due today or within the warning days,
 * not the breached ones, as the counter of that name); the counts are always the whole inbox's.
 */
export const InboxQuerySchema = z.object({
  due: z.enum(['breached', 'warn']).optional().describe('期限'),
  /** Only the cases that ask this of the user (INBOX_ASKS: 待审批, 待包案, 待受理, 待分派). */
  ask: z
    .enum(INBOX_ASK_KEYS as [InboxAsk, ...InboxAsk[]])
    .optional()
    .describe('待办事项'),
  cursor: z.string().max(200).optional().describe('分页游标'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('每页条数'),
});
export type InboxQuery = z.input<typeof InboxQuerySchema>;

/** What a case asks of the user, with the case type's name for the action it waits for. */
export const InboxAskViewSchema = z.object({
  key: z.enum(INBOX_ASK_KEYS as [InboxAsk, ...InboxAsk[]]),
  /** 待审批, 待受理… */
  label: z.string(),
  /** The action it waits for (a 待审批's: the action whose approval was requested). */
  action: z.string(),
  actionLabel: z.string(),
});
export type InboxAskView = z.infer<typeof InboxAskViewSchema>;

/** The pending approval request a 待审批 row shows: what was proposed, by whom, when. */
export const InboxApprovalRequestSchema = z.object({
  /** The action awaiting the decision ('extend'); decide it at POST /api/cases/:id/actions/approve:<action>. */
  action: z.string(),
  actionLabel: z.string(),
  /** The proposed input (its labels: the case type's action inputSchema). */
  input: z.record(z.string(), z.unknown()),
  /** The same input as labelled lines, in the action's field order (choices by their labels). */
  lines: z.array(z.object({ label: z.string(), value: z.string() })),
  note: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: z.string(),
});
export type InboxApprovalRequest = z.infer<typeof InboxApprovalRequestSchema>;

export const InboxItemSchema = CaseListItemSchema.extend({
  /** For a decision taken from the inbox (the action's `version`). */
  version: z.number(),
  asks: z.array(InboxAskViewSchema),
  /**
   * When it asks none of those: the steps the user's roles may take in its state that someone
   * waits for (the case type's labels, optional steps left out), as a hint; the case page decides.
   */
  nextActions: z.array(z.string()),
  /** Set on a row that asks 待审批 of this user. */
  approval: InboxApprovalRequestSchema.nullable(),
});
export type InboxItem = z.infer<typeof InboxItemSchema>;

export const InboxResponseSchema = z.object({
  items: z.array(InboxItemSchema),
  /** Over the whole inbox, whatever the page, `due` and `ask`. */
  counts: z.object({
    total: z.number(),
    breached: z.number(),
    warn: z.number(),
    asks: z.record(z.enum(INBOX_ASK_KEYS as [InboxAsk, ...InboxAsk[]]), z.number()),
  }),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Working days before a deadline at which it turns yellow (security settings). */
  warnWorkdays: z.number(),
});
export type InboxResponse = z.infer<typeof InboxResponseSchema>;

export const PartyKindSchema = z.enum(['person', 'org']);
export const PARTY_KIND_LABELS = { person: '自然人', org: '单位' } as const;

/** A party as entered on a form. ID number: 居民身份证 for people, 统一社会信用代码 for organisations. */
export const PartyInputSchema = z
  .object({
    role: z.string().min(1).max(40).describe('当事人身份'),
    kind: PartyKindSchema.default('person').describe('当事人类型'),
    name: z.string().trim().min(1, { message: '请填写姓名或名称' }).max(100).describe('姓名（名称）'),
    idNumber: z.string().trim().max(30).optional().describe('证件号码'),
    phone: z.string().trim().max(30).optional().describe('联系电话'),
    address: z.string().trim().max(200).optional().describe('住址'),
    unitId: int4IdString().optional().describe('所属村（社区）'),
    /** People only: printed among 当事人的基本情况 (e.g. on 人民调解协议书). */
    ethnicity: z.string().trim().max(20).optional().describe('民族'),
    occupation: z.string().trim().max(50).optional().describe('职业'),
  })
  .strict();
export type PartyInput = z.input<typeof PartyInputSchema>;

export const PartyViewSchema = z.object({
  id: z.string(),
  role: z.string(),
  roleLabel: z.string(),
  kind: PartyKindSchema,
  name: z.string(),
  /** Masked: 330102********1234. */
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  address: z.string().nullable(),
  unitId: z.string().nullable(),
  ethnicity: z.string().nullable(),
  occupation: z.string().nullable(),
});
export type PartyView = z.infer<typeof PartyViewSchema>;

export const CaseEventViewSchema = z.object({
  seq: z.number(),
  at: z.string(),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  /** Chinese, e.g. '受理', '申请审批：延期', '出具《受理告知书》', '超期'. */
  actionLabel: z.string(),
  from: z.string().nullable(),
  fromLabel: z.string().nullable(),
  to: z.string(),
  toLabel: z.string(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type CaseEventView = z.infer<typeof CaseEventViewSchema>;

export const DocumentViewSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  number: z.string().nullable(),
  issuedAt: z.string(),
  issuedByName: z.string(),
  size: z.number(),
  sha256: z.string(),
  /** 作废: set when the document was voided; it stays in the register with who, when and why. */
  voided: z.object({ at: z.string(), byName: z.string(), reason: z.string() }).nullable(),
  /** The voided copy this one corrects, and the copy that corrects this one. */
  replacesId: z.string().nullable(),
  replacedById: z.string().nullable(),
  /** The user may void it now (作废). */
  canVoid: z.boolean(),
  /** Voided, not yet replaced, and the user may issue its corrected copy in the case's stage now. */
  canCorrect: z.boolean(),
});
export type DocumentView = z.infer<typeof DocumentViewSchema>;

export const AttachmentViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.number(),
  mime: z.string(),
  sha256: z.string(),
  uploadedAt: z.string(),
  uploadedByName: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentViewSchema>;

export const ClockViewSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['duty', 'window']),
  state: z.enum(['not_started', 'running', 'paused', 'stopped', 'stopped_late', 'breached', 'expired']),
  level: DueLevelSchema,
  startedOn: z.string().nullable(),
  due: z.string().nullable(),
  stoppedOn: z.string().nullable(),
  daysLeft: z.number().nullable(),
  workdaysLeft: z.number().nullable(),
  hoursLeft: z.number().nullable(),
  length: z.number(),
  unit: z.enum(['d', 'wd', 'month', 'hour']),
  extendedBy: z.number(),
  extensionMax: z.number().nullable(),
  pausedDays: z.number(),
  paused: z.boolean(),
  basis: z.string(),
  periodBasis: z.array(z.string()),
  provisional: z.boolean(),
  steps: z.array(z.string()),
});
export type ClockView = z.infer<typeof ClockViewSchema>;

export const AllowedActionViewSchema = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(['action', 'request_approval', 'approve', 'reject']),
  action: z.string(),
  enabled: z.boolean(),
  reason: z.string().optional(),
  approval: z.enum(['none', 'pending', 'approved', 'rejected']).optional(),
  hasInput: z.boolean(),
  /**
   * Data entered once (decision 0007): the document the action is recorded from and the
   * input values it supplies (the form starts from them; the server refuses a contradiction).
   */
  prefill: z
    .object({
      documentId: z.string().nullable(),
      title: z.string(),
      number: z.string().nullable(),
      values: z.record(z.string(), z.unknown()),
    })
    .optional(),
});
export type AllowedActionView = z.infer<typeof AllowedActionViewSchema>;

/** Documents the user may issue now (the type has a template for them). */
export const IssuableDocumentSchema = z.object({ kind: z.string(), title: z.string() });

export const CaseDetailSchema = CaseListItemSchema.extend({
  version: z.number(),
  summary: z.string().nullable(),
  fields: z.record(z.string(), z.unknown()),
  events: z.array(CaseEventViewSchema),
  parties: z.array(PartyViewSchema),
  documents: z.array(DocumentViewSchema),
  attachments: z.array(AttachmentViewSchema),
  clocks: z.array(ClockViewSchema),
  actions: z.array(AllowedActionViewSchema),
  issuable: z.array(IssuableDocumentSchema),
  /** The user may reveal full ID numbers (audited). */
  canUnmask: z.boolean(),
  canWrite: z.boolean(),
  /** The type's decisions may be challenged by 复议/诉讼 (CaseTypeSpec.challengeable): the page shows that section. */
  challengeable: z.boolean(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

/** POST /api/cases */
export const CreateCaseBodySchema = z
  .object({
    type: z.string().min(1).max(40).describe('案件类型'),
    title: z.string().trim().min(1, { message: '请填写标题' }).max(200).describe('标题'),
    unitId: int4IdString().optional().describe('所属村（社区）或部门'),
    fields: z.record(z.string(), z.unknown()).default({}).describe('案件信息'),
    parties: z.array(PartyInputSchema).max(50).default([]).describe('当事人'),
    note: z.string().max(500).optional().describe('备注'),
  })
  .strict();
export type CreateCaseBody = z.input<typeof CreateCaseBodySchema>;

/** One party's contact data corrected after registration (the identity itself stays). */
export const PartyContactEditSchema = z
  .object({
    id: int8IdString('当事人编号无效').describe('当事人'),
    phone: z.string().trim().max(30).optional().describe('联系电话'),
    address: z.string().trim().max(200).optional().describe('住址'),
  })
  .strict();

/**
 * PATCH /api/cases/:id — 修改基本信息: the title, the village, the fields the case type lists
 * as basic information, the parties' contact data. Each given key is set; the rest stay.
 */
export const EditCaseBodySchema = z
  .object({
    version: versionSchema(),
    title: z.string().trim().min(1, { message: '请填写标题' }).max(200).optional().describe('标题'),
    /** null: the case belongs to the town itself (no village). */
    unitId: int4IdString().nullable().optional().describe('所属村（社区）或部门'),
    fields: z.record(z.string(), z.unknown()).optional().describe('基本信息'),
    parties: z.array(PartyContactEditSchema).max(50).optional().describe('当事人联系方式'),
  })
  .strict();
export type EditCaseBody = z.input<typeof EditCaseBodySchema>;

/** POST /api/cases/:id/actions/:action */
export const ActionBodySchema = z
  .object({
    version: versionSchema(),
    input: z.record(z.string(), z.unknown()).optional().describe('办理信息'),
    note: z.string().max(500).optional().describe('备注'),
  })
  .strict();
export type ActionBody = z.infer<typeof ActionBodySchema>;

/** POST /api/cases/:id/documents */
export const IssueDocumentBodySchema = z
  .object({
    version: versionSchema(),
    kind: z.string().min(1).max(60).describe('文书种类'),
    /** Extra text the template asks for (e.g. the reason on a 不予受理告知书). */
    input: z.record(z.string(), z.unknown()).optional().describe('文书内容'),
    /** A corrected copy: the voided document of the same kind it replaces. */
    replaces: int8IdString('原文书编号无效').optional().describe('更正的原文书'),
  })
  .strict();
export type IssueDocumentBody = z.infer<typeof IssueDocumentBodySchema>;

/** POST /api/documents/:id/void — 作废 (the number stays in the register). */
export const VoidDocumentBodySchema = z
  .object({
    version: versionSchema(),
    reason: z.string().trim().min(1, '请填写作废原因').max(500).describe('作废原因'),
  })
  .strict();
export type VoidDocumentBody = z.infer<typeof VoidDocumentBodySchema>;

/** GET /api/case-types: what the web needs to draw lists, forms and buttons. */
export const CaseTypeViewSchema = z.object({
  key: z.string(),
  label: z.string(),
  states: z.array(z.object({ key: z.string(), label: z.string(), terminal: z.boolean() })),
  canCreate: z.boolean(),
  createLabel: z.string(),
  /** An example title for the registration form, from the type (empty: none). */
  titleExample: z.string(),
  /** JSON Schema (draft 2020-12, from zod) of the type's fields; labels in `title`/`description`. */
  fieldsSchema: z.record(z.string(), z.unknown()),
  /** The registration form: the fields a new case may set (a subset of fieldsSchema). */
  intakeSchema: z.record(z.string(), z.unknown()),
  actions: z.array(
    z.object({ key: z.string(), label: z.string(), inputSchema: z.record(z.string(), z.unknown()).nullable() }),
  ),
  /** 修改基本信息: the fields editable after registration (a subset of intakeSchema), in form order. */
  basicInfo: z.array(z.string()),
  documents: z.array(
    z.object({
      kind: z.string(),
      title: z.string(),
      template: z.boolean(),
      /** JSON Schema of what the clerk types when issuing it, or null. */
      inputSchema: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  partyRoles: z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })),
  clocks: z.array(z.object({ key: z.string(), label: z.string(), basis: z.string() })),
});
export type CaseTypeView = z.infer<typeof CaseTypeViewSchema>;

/** POST /api/cases/import result (JSON); the same request with ?report=xlsx returns the error workbook. */
export const ImportResultSchema = z.object({
  imported: z.number(),
  failed: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;

/** GET /api/staff: people of the user's towns a case can be assigned to (承办人) or owned by (包案领导). */
export const StaffMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  roles: z.array(z.object({ role: z.string(), roleLabel: z.string(), unitName: z.string() })),
});
export type StaffMember = z.infer<typeof StaffMemberSchema>;

// ------------------------------------------------------------------ links between cases

export const CaseLinkKindSchema = z.enum(CASE_LINK_KIND_KEYS).describe('关联类型');

/** One link seen from a case's page: the other case is always one the reader may see. */
export const CaseLinkViewSchema = z.object({
  id: z.string(),
  kind: CaseLinkKindSchema,
  /** outgoing: this case is the link's `from` end; incoming: its `to` end. */
  direction: z.enum(['outgoing', 'incoming']),
  /** The kind's label seen from this case (由…转来 / 转出至, 立案处罚 / 源于, 关联). */
  label: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string(),
  other: z.object({
    id: z.string(),
    type: z.string(),
    typeLabel: z.string(),
    number: z.string(),
    title: z.string(),
    state: z.string(),
    stateLabel: z.string(),
    terminal: z.boolean(),
  }),
  /** The reader writes one of the two cases and may remove the link. */
  canDelete: z.boolean(),
});
export type CaseLinkView = z.infer<typeof CaseLinkViewSchema>;

/** GET /api/cases/:id/links */
export const CaseLinksResponseSchema = z.object({
  items: z.array(CaseLinkViewSchema),
  /** The reader writes this case and may link it to another. */
  canCreate: z.boolean(),
});
export type CaseLinksResponse = z.infer<typeof CaseLinksResponseSchema>;

/** POST /api/cases/:id/links: the other case by id or by its number (案号). */
export const CreateCaseLinkBodySchema = z
  .object({
    toCaseId: int8IdString().optional().describe('关联案件'),
    toNumber: z.string().trim().min(1, { message: '请填写关联案件的编号' }).max(80).optional().describe('关联案件编号'),
    kind: CaseLinkKindSchema,
    note: z.string().trim().max(500, { message: '备注不能超过500字' }).optional().describe('备注'),
  })
  .strict()
  .refine((b) => (b.toCaseId === undefined) !== (b.toNumber === undefined), {
    message: '请选择要关联的案件（编号或案号二选一）',
    path: ['toCaseId'],
  });
export type CreateCaseLinkBody = z.input<typeof CreateCaseLinkBodySchema>;

// ------------------------------------------------------------------ years with data

export const CaseYearsQuerySchema = z.strictObject({
  type: z.string().max(40).optional().describe('案件类型（缺省为全部）'),
  townId: int4IdString().optional().describe('镇（缺省为可查看的全部镇）'),
});
export const CaseYearsResponseSchema = z.object({
  years: z.array(z.number().int()).describe('有案件的年度（按案件编号年度，降序，限本人可查看的案件）'),
  currentYear: z.number().int().describe('今年'),
  defaultYear: z
    .number()
    .int()
    .describe('统计页面默认显示的年度：今年有案件则为今年，否则为此前有案件的最近一年，都没有则为今年'),
});
export type CaseYearsResponse = z.infer<typeof CaseYearsResponseSchema>;

/**
 * The year a dashboard or statistics page opens on (issue 13): this year when it has records,
 * else the latest earlier year that has, else this year. A page that opened on an empty year
 * (a January morning, or a demo whose recent weeks are off) showed a wall of zeros.
 */
export function defaultDataYear(years: readonly number[], currentYear: number): number {
  if (years.includes(currentYear)) return currentYear;
  const before = years.filter((y) => y < currentYear);
  return before.length > 0 ? Math.max(...before) : currentYear;
}
