/**
 * The HTTP contract of the annual rule-of-law government report (法治政府建设年度报告,
 * docs/domain.md §Annual report; 法治政府建设与责任落实督察工作规定 arts 23–25): a town's report for a year,
 * its sections (each drafted by one office), the workflow 起草中 → 待审定 → 已审定 → 已公开,
 * the two deadlines (1 March to the county, 1 April public) and the county's overview.
 *
 * A section's narrative is a small ProseMirror-shaped JSON document (paragraphs, level-2/3
 * headings, text and `fact` tokens), so a ProseMirror/TipTap editor can load it unchanged.
 * Dates 'YYYY-MM-DD', instants ISO 8601, ids strings.
 */
import { z } from 'zod';
import { int4IdString, isoDateSchema, versionSchema } from '../validators/schemas.ts';

export const REPORT_STATE_LABELS = {
  drafting: '起草中',
  submitted: '待审定',
  approved: '已审定',
  published: '已公开',
} as const;
export type ReportState = keyof typeof REPORT_STATE_LABELS;

export const REPORT_TEMPLATE_LABELS = {
  standard: '五部分标准提纲（督察工作规定）',
  seed: '本镇2023年报告提纲',
} as const;
export type ReportTemplateKey = keyof typeof REPORT_TEMPLATE_LABELS;

// ------------------------------------------------------------------ narrative

/** A fact key as embedded in a narrative: `<module>.<name>`. */
export const FACT_KEY_RE = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;
/** A token in plain text: 「{mediation.accepted}」. */
export const FACT_TOKEN_RE = /\{([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)\}/g;

const TextNode = z.strictObject({
  type: z.literal('text'),
  text: z.string().min(1).max(20_000).describe('文字'),
});
const FactNode = z.strictObject({
  type: z.literal('fact'),
  attrs: z.strictObject({ key: z.string().regex(FACT_KEY_RE, '数据项名称无效').describe('数据项') }),
});
export const NarrativeInlineSchema = z.discriminatedUnion('type', [TextNode, FactNode]);
export type NarrativeInline = z.infer<typeof NarrativeInlineSchema>;

const Inlines = z.array(NarrativeInlineSchema).max(2000).optional();
export const NarrativeBlockSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('paragraph'), content: Inlines }),
  z.strictObject({
    type: z.literal('heading'),
    attrs: z.strictObject({ level: z.union([z.literal(2), z.literal(3)]).describe('标题级别') }),
    content: Inlines,
  }),
]);
export type NarrativeBlock = z.infer<typeof NarrativeBlockSchema>;

export const NarrativeSchema = z
  .strictObject({
    type: z.literal('doc'),
    content: z.array(NarrativeBlockSchema).max(500, { message: '段落过多（最多500段）' }),
  })
  .describe('正文');
export type Narrative = z.infer<typeof NarrativeSchema>;

export const EMPTY_NARRATIVE: Narrative = { type: 'doc', content: [] };

/** Text with 「{key}」 tokens → inline nodes. */
export function inlinesFromText(text: string): NarrativeInline[] {
  const out: NarrativeInline[] = [];
  let last = 0;
  for (const m of text.matchAll(FACT_TOKEN_RE)) {
    if (m.index > last) out.push({ type: 'text', text: text.slice(last, m.index) });
    out.push({ type: 'fact', attrs: { key: m[1]! } });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ type: 'text', text: text.slice(last) });
  return out;
}

/** Inline nodes → text with 「{key}」 tokens (the editor's source form). */
export function inlinesToText(content: readonly NarrativeInline[] | undefined): string {
  return (content ?? []).map((n) => (n.type === 'text' ? n.text : `{${n.attrs.key}}`)).join('');
}

/**
 * Plain lines → a narrative: a line starting with 「（一）」… is a level-2 heading, 「1.」/「1．」
 * a level-3 heading when short (≤ 40 characters, i.e. a heading rather than a numbered
 * paragraph), anything else a paragraph; blank lines are dropped.
 */
export function narrativeFromLines(lines: readonly string[]): Narrative {
  const content: NarrativeBlock[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    const inl = inlinesFromText(line);
    if (/^（[一二三四五六七八九十]+）/.test(line)) content.push({ type: 'heading', attrs: { level: 2 }, content: inl });
    else if (/^\d+[.．]/.test(line) && line.length <= 40)
      content.push({ type: 'heading', attrs: { level: 3 }, content: inl });
    else content.push({ type: 'paragraph', content: inl });
  }
  return { type: 'doc', content };
}

/** Every fact key a narrative mentions, in order of first appearance. */
export function narrativeFactKeys(doc: Narrative): string[] {
  const keys = new Set<string>();
  for (const b of doc.content) for (const n of b.content ?? []) if (n.type === 'fact') keys.add(n.attrs.key);
  return [...keys];
}

// ------------------------------------------------------------------ facts as the report shows them

/** A fact's value as a report shows it; `display` is 「126件」 or 「—」 when there is no value. */
export interface ReportFact {
  key: string;
  label: string;
  unit: string;
  module: string;
  moduleLabel: string;
  value: number | null;
  origin: 'computed' | 'manual';
  source: string | null;
  display: string;
  drillable: boolean;
}

/** 126 → 「126件」; 97.456 % → 「97.46%」 (two decimals at most, as the dashboard); null → 「—」. */
export function formatFactValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const n = String(Math.round(value * 100) / 100);
  return `${n}${unit}`;
}

// --------------------------------------------------- deadlines (docs/domain.md §Annual report)

export const DEADLINE_STATE_LABELS = {
  done: '按时完成',
  late: '逾期完成',
  open: '未到期',
  soon: '即将到期',
  overdue: '已逾期',
} as const;
export type DeadlineState = keyof typeof DEADLINE_STATE_LABELS;

export interface DeadlineStatus {
  /** 'YYYY-MM-DD', inclusive. */
  due: string;
  state: DeadlineState;
  /** Days from today to the due date (negative when past); null when done. */
  daysLeft: number | null;
  /** When it was done ('YYYY-MM-DD'), if it was. */
  doneOn: string | null;
}

/** Reminders start this many days before a deadline. */
export const DEADLINE_WARN_DAYS = 30;

/**
 * Townships report to the county Party committee and government by 1 March and publish by
 * 1 April of the following year (督察工作规定 arts 23–24; docs/domain.md §Annual report). The
 * dates are administrative, not statutory periods, so no rest-day roll applies.
 */
export function reportDeadlines(year: number): { submit: string; publish: string } {
  return { submit: `${year + 1}-03-01`, publish: `${year + 1}-04-01` };
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function deadlineStatus(due: string, doneOn: string | null, today: string): DeadlineStatus {
  if (doneOn) return { due, state: doneOn <= due ? 'done' : 'late', daysLeft: null, doneOn };
  const left = daysBetween(today, due);
  return { due, state: left < 0 ? 'overdue' : left <= DEADLINE_WARN_DAYS ? 'soon' : 'open', daysLeft: left, doneOn };
}

export interface ReportDeadlines {
  /** Approved (the version that goes to the county) by 1 March. */
  submit: DeadlineStatus;
  /** Published by 1 April. */
  publish: DeadlineStatus;
}

export function reportDeadlineStatus(
  year: number,
  approvedOn: string | null,
  publishedOn: string | null,
  today: string,
): ReportDeadlines {
  const d = reportDeadlines(year);
  return {
    submit: deadlineStatus(d.submit, approvedOn, today),
    publish: deadlineStatus(d.publish, publishedOn, today),
  };
}

/**
 * Whether the workbench reminds a user of a year's report (the banner with its deadlines): only
 * the offices asked for its next step. Those who may start it (the 法治办, `create`) while there
 * is none; those who draft its sections (report:write) while it is being drafted; those who
 * approve it (report:approve) while it waits for their approval; nobody once it is approved
 * (报送) or published.
 */
export function reportReminderShown(
  state: 'none' | 'drafting' | 'submitted' | 'approved' | 'published',
  can: { create: boolean; write: boolean; approve: boolean },
): boolean {
  if (state === 'none') return can.create;
  if (state === 'drafting') return can.write;
  if (state === 'submitted') return can.approve;
  return false;
}

// ------------------------------------------------------------------ requests

const Version = versionSchema();
const Year = z.coerce.number().int().min(2000, '年度无效').max(2100, '年度无效').describe('年度');

export const ReportListQuerySchema = z.strictObject({ year: Year.optional() });
export const CountyQuerySchema = z.strictObject({ year: Year });

export const ReportCreateBodySchema = z.strictObject({
  year: z.number().int().min(2000, '年度无效').max(2100, '年度无效').describe('年度'),
  template: z.enum(['standard', 'seed'], { error: '请选择报告提纲' }).default('standard').describe('报告提纲'),
  /** Only for a user who prepares reports in more than one town. */
  townId: int4IdString().optional().describe('镇'),
});

export const SectionUpdateBodySchema = z.strictObject({ version: Version, narrative: NarrativeSchema });
export const SectionSubmitBodySchema = z.strictObject({
  version: Version,
  submitted: z.boolean().describe('是否提交本节'),
});
export const SectionAssignBodySchema = z.strictObject({
  version: Version,
  unitId: int4IdString().describe('承办科室'),
});
export const ReportActionBodySchema = z.strictObject({ version: Version });
export const ReportReturnBodySchema = z.strictObject({
  version: Version,
  note: z.string().trim().min(1, { message: '请填写退回意见' }).max(1000).describe('退回意见'),
});
export const ReportPublishBodySchema = z.strictObject({
  version: Version,
  publishedOn: isoDateSchema().describe('公开日期'),
  where: z.string().trim().min(1, { message: '请填写公开渠道' }).max(200).describe('公开渠道'),
});

// ------------------------------------------------------------------ responses

const DeadlineSchema = z.object({
  due: z.string(),
  state: z.enum(['done', 'late', 'open', 'soon', 'overdue']),
  daysLeft: z.number().nullable(),
  doneOn: z.string().nullable(),
});
const DeadlinesSchema = z.object({ submit: DeadlineSchema, publish: DeadlineSchema });

export const ReportListItemSchema = z.object({
  id: z.string(),
  townId: z.string(),
  townName: z.string(),
  year: z.number(),
  title: z.string(),
  template: z.enum(['standard', 'seed']),
  state: z.enum(['drafting', 'submitted', 'approved', 'published']),
  stateLabel: z.string(),
  sectionsTotal: z.number(),
  sectionsSubmitted: z.number(),
  updatedAt: z.string(),
  deadlines: DeadlinesSchema,
});
export type ReportListItem = z.infer<typeof ReportListItemSchema>;

export const ReportListResponseSchema = z.object({
  items: z.array(ReportListItemSchema),
  /** Towns where the user may start a report. */
  createTowns: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The year whose report is due now (last year), for the reminder. */
  currentYear: z.number(),
});

const ReportFactSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  module: z.string(),
  moduleLabel: z.string(),
  value: z.number().nullable(),
  origin: z.enum(['computed', 'manual']),
  source: z.string().nullable(),
  display: z.string(),
  drillable: z.boolean(),
});

export const ReportSectionSchema = z.object({
  key: z.string(),
  title: z.string(),
  level: z.number(),
  order: z.number(),
  unitId: z.string(),
  unitName: z.string(),
  narrative: NarrativeSchema,
  submitted: z.boolean(),
  version: z.number(),
  updatedByName: z.string().nullable(),
  updatedAt: z.string().nullable(),
  canEdit: z.boolean(),
});
export type ReportSection = z.infer<typeof ReportSectionSchema>;

export const ReportDetailSchema = ReportListItemSchema.extend({
  version: z.number(),
  frozen: z.boolean(),
  returnNote: z.string().nullable(),
  submittedAt: z.string().nullable(),
  submittedByName: z.string().nullable(),
  approvedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  publishedOn: z.string().nullable(),
  publishedWhere: z.string().nullable(),
  sections: z.array(ReportSectionSchema),
  /** Values of every fact the sections mention: frozen ones once approved. */
  facts: z.record(z.string(), ReportFactSchema),
  actions: z.object({
    assign: z.boolean(),
    submit: z.boolean(),
    approve: z.boolean(),
    return: z.boolean(),
    publish: z.boolean(),
    export: z.boolean(),
  }),
  /** Offices a section can be assigned to (for the 法治办 only). */
  offices: z.array(z.object({ id: z.string(), name: z.string() })),
  pdfAvailable: z.boolean(),
});
export type ReportDetail = z.infer<typeof ReportDetailSchema>;

export const ReportFactsResponseSchema = z.object({
  modules: z.array(z.object({ module: z.string(), moduleLabel: z.string(), facts: z.array(ReportFactSchema) })),
});

export const COUNTY_STATUS_LABELS = {
  none: '未开始',
  drafting: '起草中',
  submitted: '待审定',
  approved: '已审定',
  published: '已公开',
} as const;

export const CountyOverviewSchema = z.object({
  year: z.number(),
  towns: z.array(
    z.object({
      townId: z.string(),
      townName: z.string(),
      reportId: z.string().nullable(),
      status: z.enum(['none', 'drafting', 'submitted', 'approved', 'published']),
      statusLabel: z.string(),
      approvedOn: z.string().nullable(),
      publishedOn: z.string().nullable(),
      publishedWhere: z.string().nullable(),
      deadlines: DeadlinesSchema,
      canOpen: z.boolean(),
    }),
  ),
});
export type CountyOverview = z.infer<typeof CountyOverviewSchema>;
