/**
 * The eleven documents of a mediation case (domain/cases/mediation.ts `documents`), in the
 * layouts the committees already use: the 司法部 人民调解文书 forms (申请书, 受理登记表, 调解笔录,
 * 协议书, 口头协议登记表, 回访记录) and the notices a committee sends.
 *
 * Most documents are issued *before* the action they gate (the 协议书 before `agree_written`,
 * the 笔录 before `record_session`), so the case's fields do not yet hold what they record.
 * Each template therefore takes the missing text as optional `input`, falls back to what the
 * fields already say (a re-issue after the action), and otherwise prints a blank line to be
 * filled in by hand: a half-empty form that can be completed at the table is better than
 * one that cannot be printed at all.
 */
import {
  choice,
  DISPUTE_TYPE_LABELS,
  isoDateSchema,
  MEDIATION_CHANNEL_LABELS,
  MEDIATION_PERFORMANCE_LABELS,
  MEDIATION_REJECTION_GROUND_LABELS,
  type MediationFieldValues,
  mediationRisk,
  RISK_LABELS,
} from '@fazhi/domain';
import { z } from 'zod';
import { type Block, type FieldItem, formDocument } from '../../documents/build.ts';
import {
  blank,
  type DocumentTemplate,
  formatChineseDate,
  type TemplateContext,
  type TemplateParty,
} from '../../documents/template.ts';

// ---------------------------------------------------------------------------
// Reading the case
// ---------------------------------------------------------------------------

type Fields = Partial<MediationFieldValues>;

const fieldsOf = (ctx: TemplateContext): Fields => ctx.case.fields as Fields;

/** A non-empty trimmed string, or undefined. */
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

const FOLLOW_UP_METHOD_LABELS = { visit: '上门回访', phone: '电话回访', office: '来访回访', other: '其他' } as const;

/**
 * The organisation that mediates: what the `route` action recorded, else the town's
 * 人民调解委员会 (人民调解法 art 34), which is where the centre sits before a case is routed.
 */
export function committeeOf(ctx: TemplateContext): string {
  return str(fieldsOf(ctx).committee) ?? `${ctx.town.name}人民调解委员会`;
}

/** The village (community) committee's 调委会, named after its 村民委员会 (人民调解法 art 8). */
export function villageCommittee(unitName: string): string {
  const base = unitName.replace(/(村民委员会|居民委员会|村委会|居委会)$/, '');
  return `${base}人民调解委员会`;
}

/** The sides of the dispute, in registration order; agents are listed with their principals. */
const PRINCIPAL_ROLES = ['applicant', 'respondent', 'third'];

function principals(ctx: TemplateContext): TemplateParty[] {
  return ctx.case.parties.filter((p) => PRINCIPAL_ROLES.includes(p.role));
}

function byRole(ctx: TemplateContext, role: string): TemplateParty[] {
  return ctx.case.parties.filter((p) => p.role === role);
}

/** 'YYYY-MM-DD' → 2023年3月1日; missing → a blank date to fill in by hand. */
function cnDate(d: string | null | undefined): string {
  return d ? formatChineseDate(d) : `${blank(4)}年${blank(2)}月${blank(2)}日`;
}

function yuan(n: number | undefined): string | null {
  if (n === undefined) return null;
  return `${Number.isInteger(n) ? n : n.toFixed(2)}元`;
}

/** Sex and birth date from an 18-digit 公民身份号码 (GB 11643: 17th digit odd = male). */
export function idFacts(id: string | null): { sex: string | null; birth: string | null } {
  if (!id || !/^\d{17}[\dX]$/.test(id)) return { sex: null, birth: null };
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return { sex: Number(id[16]) % 2 === 1 ? '男' : '女', birth };
}

/** "申请人张三、李四，被申请人王五" — the parties as one line. */
function partyLine(ctx: TemplateContext, parties = principals(ctx)): string {
  const groups = new Map<string, string[]>();
  for (const p of parties) groups.set(p.roleLabel, [...(groups.get(p.roleLabel) ?? []), p.name]);
  return [...groups.entries()].map(([role, names]) => `${role}${names.join('、')}`).join('，');
}

function names(parties: TemplateParty[]): string {
  return parties.map((p) => p.name).join('、');
}

/**
 * The party's particulars as a 文书 paragraph ("申请人：张三，男，1980年1月1日出生，……"), the
 * way 人民调解协议书 and 申请书 state 当事人的基本情况 (人民调解法 art 29(1)). 民族 and 职业 print
 * as registered; a blank is left for the clerk to write in what was not recorded.
 */
function particulars(p: TemplateParty, label = p.roleLabel): string {
  if (p.kind === 'org') {
    return [
      `${label}：${p.name}`,
      `统一社会信用代码：${p.idNumber ?? blank(18)}`,
      `住所地：${p.address ?? blank(24)}`,
      `法定代表人（负责人）：${blank(8)}`,
      `联系电话：${p.phone ?? blank(12)}`,
    ].join('，');
  }
  const { sex, birth } = idFacts(p.idNumber);
  return [
    `${label}：${p.name}`,
    sex ?? `性别${blank(4)}`,
    birth ? `${formatChineseDate(birth)}出生` : `${blank(4)}年${blank(2)}月${blank(2)}日出生`,
    p.ethnicity ? (p.ethnicity.endsWith('族') ? p.ethnicity : `${p.ethnicity}族`) : `${blank(4)}族`,
    `公民身份号码：${p.idNumber ?? blank(18)}`,
    `职业：${p.occupation ?? blank(6)}`,
    `住${p.address ?? blank(24)}`,
    `联系电话：${p.phone ?? blank(12)}`,
  ].join('，');
}

function particularsBlocks(parties: TemplateParty[], label?: (p: TemplateParty) => string): Block[] {
  return parties.map((p) => ({ type: 'paragraph', text: `${particulars(p, label?.(p))}。` }));
}

/** The parties as a table (registration forms): who, and how to reach them. */
function partyTable(ctx: TemplateContext): Block {
  return {
    type: 'table',
    size: 'xiaosi',
    // Number and phone share a column: an 18-character number needs a third of the block at
    // 小四 to stay on one line, and six columns leave the names too narrow.
    columns: [
      { title: '身份', width: 13, align: 'center' },
      { title: '姓名（名称）', width: 22, align: 'center' },
      { title: '证件号码\n联系电话', width: 35, align: 'center' },
      { title: '住址', width: 30 },
    ],
    rows: ctx.case.parties.map((p) => {
      const sex = p.kind === 'person' ? idFacts(p.idNumber).sex : null;
      return [
        p.roleLabel,
        sex ? `${p.name}（${sex}）` : p.name,
        `${p.idNumber ?? ''}\n${p.phone ?? ''}`,
        p.address ?? '',
      ];
    }),
  };
}

/** The mediators: the one the case is assigned to, then the others the `assign` action named. */
function mediatorNames(ctx: TemplateContext): string[] {
  const f = fieldsOf(ctx);
  const main = f.mediatorId ? ctx.case.assigneeName : null;
  return [...(main ? [main] : []), ...(f.coMediators ?? [])];
}

const AGREEMENT_ISSUES = ['issue:agreement', 'issue:admin_agreement', 'issue:court_agreement'];

/** The 文号 of the last issued 协议书 (whichever route's), from its issue event. */
function agreementNumber(ctx: TemplateContext): string | null {
  for (let i = ctx.case.events.length - 1; i >= 0; i--) {
    const e = ctx.case.events[i]!;
    if (AGREEMENT_ISSUES.includes(e.action) && typeof e.data?.number === 'string') return e.data.number;
  }
  return null;
}

/**
 * A wide form cell: as tall as its text when the system has it, else `lines` body lines
 * high, room to write the text in by hand.
 */
function box(label: string, value: string | null | undefined, lines: number): FieldItem {
  return { label, value: value ?? null, wide: true, lines: value ? 1 : lines };
}

/** Several paragraphs from text the clerk typed (one per line), or ruled lines to write on. */
function textOrLines(text: string | undefined, lines: number): Block[] {
  if (text) return [{ type: 'paragraph', text }];
  return ruledLines(lines);
}

/** Full-width underscores: lines to write on by hand (28 characters = 56 half-width). */
function ruledLines(n: number): Block[] {
  // 48, not 56: an underscore is a little wider than half a 仿宋 character, and a ruled line must not wrap.
  return Array.from({ length: n }, () => ({ type: 'paragraph', text: blank(48), indent: false }) as Block);
}

const disputeLabel = (f: Fields) => (f.disputeType ? DISPUTE_TYPE_LABELS[f.disputeType] : blank(8));

interface Signer {
  role: string;
  name: string;
  /** 'YYYY-MM-DD' when the date is already known (an application dated when it was received). */
  date?: string | undefined;
}

/**
 * A signing table: one row per person, tall enough to sign or press a fingerprint in, with a
 * date each signs on. A table rather than lines of underscores so that a company's long name
 * or a third party never pushes a signature line onto two lines.
 */
function signTable(signers: Signer[], caption = '签名、盖章或按指印', gap = true): Block[] {
  const table: Block = {
    type: 'table',
    size: 'xiaosi',
    columns: [
      { title: '身份', width: 17, align: 'center' },
      { title: '姓名（名称）', width: 29, align: 'center' },
      { title: caption, width: 30, align: 'center' },
      { title: '日期', width: 24, align: 'center' },
    ],
    rows: signers.map((s) => [s.role, s.name, '\n', s.date ? formatChineseDate(s.date) : '　　年　月　日']),
  };
  return gap ? [{ type: 'blank' }, table] : [table];
}

/** Each principal party and agent (人民调解法 art 29 ¶2: 各方当事人签名、盖章或者按指印). */
function partySigners(ctx: TemplateContext): Signer[] {
  const ps = [...principals(ctx), ...byRole(ctx, 'agent')];
  if (ps.length === 0) return [{ role: '当事人', name: '' }];
  return ps.map((p) => ({ role: p.role === 'agent' ? '委托代理人' : p.roleLabel, name: p.name }));
}

function mediatorSigners(ctx: TemplateContext, role = '人民调解员'): Signer[] {
  const ms = mediatorNames(ctx);
  return ms.length ? ms.map((name) => ({ role, name })) : [{ role, name: '' }];
}

// ---------------------------------------------------------------------------
// Inputs (labels are what the web form shows)
// ---------------------------------------------------------------------------

const optText = (label: string, max = 2000) => z.string().trim().max(max).optional().describe(label);
const optDate = (label: string) => isoDateSchema().optional().describe(label);

const RejectionInput = z.object({
  rejectionGround: choice(MEDIATION_REJECTION_GROUND_LABELS, '不予受理情形').optional(),
  rejectionReason: optText('不予受理理由'),
  suggestion: optText('建议途径（如“可向示范县人民法院起诉”）', 500),
});

const SessionInput = z.object({
  date: optDate('调解日期'),
  place: optText('调解地点', 200),
  attendees: optText('其他参加人员', 500),
  content: optText('调解情况（当事人陈述、调解员意见等）', 5000),
  recorder: optText('记录人', 50),
});

const AgreementInput = z.object({
  facts: optText('纠纷主要事实', 5000),
  disputedMatters: optText('争议事项', 2000),
  responsibilities: optText('各方当事人的责任', 2000),
  agreementTerms: optText('协议内容', 5000),
  performanceMethod: optText('履行方式', 500),
  performancePlace: optText('履行地点', 200),
  performanceDue: optDate('履行期限'),
  copies: z.number().int().min(2).max(20).optional().describe('协议书份数'),
});

const OralInput = z.object({
  agreedOn: optDate('达成协议日期'),
  agreementTerms: optText('口头协议内容', 5000),
  performanceMethod: optText('履行方式', 500),
  performanceDue: optDate('履行期限'),
});

const TerminationInput = z.object({
  terminationReason: optText('调解不成原因'),
  suggestion: optText('建议途径（如“可向劳动人事争议仲裁委员会申请仲裁”）', 500),
});

const FollowUpInput = z.object({
  date: optDate('回访日期'),
  method: choice(FOLLOW_UP_METHOD_LABELS, '回访方式').optional(),
  performance: choice(MEDIATION_PERFORMANCE_LABELS, '履行情况').optional(),
  note: optText('回访情况'),
  visitor: optText('回访人', 50),
  visited: optText('被回访人', 100),
});

const ConfirmationInput = z.object({
  court: optText('受理法院', 100),
});

const inputOf = <T extends z.ZodObject>(schema: T, ctx: TemplateContext): z.output<T> =>
  // The service has validated ctx.input against this schema; parse again only to type it.
  schema.parse(ctx.input ?? {});

// ---------------------------------------------------------------------------
// The templates
// ---------------------------------------------------------------------------

/** 人民调解申请书: the applicant's own application (人民调解法 art 17), prepared for signing. */
const application: DocumentTemplate = {
  kind: 'application',
  title: '人民调解申请书',
  version: '1',
  render(ctx) {
    const f = fieldsOf(ctx);
    const applicants = byRole(ctx, 'applicant');
    const others = ctx.case.parties.filter((p) => p.role !== 'applicant');
    return formDocument({
      title: '人民调解申请书',
      body: [
        ...particularsBlocks(applicants),
        ...particularsBlocks(others),
        { type: 'paragraph', text: [{ text: '纠纷类型：', bold: true }, disputeLabel(f)] },
        { type: 'paragraph', text: [{ text: '申请事项：', bold: true }] },
        ...textOrLines(str(f.requests), 3),
        { type: 'paragraph', text: [{ text: '事实和理由：', bold: true }] },
        ...textOrLines(str(f.summary), 5),
        {
          type: 'paragraph',
          text: '申请人自愿申请人民调解委员会调解上述纠纷，保证如实陈述纠纷事实，遵守调解现场秩序，尊重人民调解员，尊重对方当事人行使权利（《中华人民共和国人民调解法》第二十四条）。',
        },
        { type: 'paragraph', text: '此致' },
        { type: 'paragraph', text: committeeOf(ctx), indent: false },
        ...signTable(
          (applicants.length ? applicants : [null]).map((p) => ({
            role: '申请人',
            name: p?.name ?? '',
            date: f.receivedOn,
          })),
        ),
      ],
    });
  },
};

/** 受理登记表: what the centre registers when it takes a dispute in (人民调解法 art 27 调解登记). */
const registration: DocumentTemplate = {
  kind: 'registration',
  title: '受理登记表',
  version: '1',
  render(ctx) {
    const f = fieldsOf(ctx);
    const risk = ctx.case.risk ?? mediationRisk(ctx.case.fields, `${ctx.issuedOn}T12:00:00+08:00`);
    const items: FieldItem[] = [
      { label: '登记编号', value: ctx.case.number },
      { label: '收到日期', value: f.receivedOn ? formatChineseDate(f.receivedOn) : null },
      {
        label: '来源渠道',
        value: f.channel
          ? `${MEDIATION_CHANNEL_LABELS[f.channel]}${str(f.referredBy) ? `（${str(f.referredBy)}）` : ''}`
          : null,
      },
      { label: '所属村居', value: ctx.case.unitName ?? ctx.town.name },
      { label: '纠纷类型', value: f.disputeType ? DISPUTE_TYPE_LABELS[f.disputeType] : null },
      { label: '涉及人数', value: f.peopleCount ? `${f.peopleCount}人` : null },
      { label: '涉及金额', value: yuan(f.amount) ?? '—' },
      { label: '登记人', value: ctx.issuerName },
      box('纠纷简况', str(f.summary), 4),
      box('请求事项', str(f.requests), 2),
      {
        label: '风险研判',
        value: `${RISK_LABELS[risk.level]}风险${risk.reasons.length ? `：${risk.reasons.join('；')}` : ''}`,
        wide: true,
      },
      // 分流 is the next step with its own record; here only the decision and who signs it.
      { label: '受理意见', value: '□受理　□不予受理\n□转其他途径处理' },
      { label: '负责人', value: null },
    ];
    return formDocument({
      issuer: `${ctx.town.name}综治中心（一站式矛调中心）`,
      title: '矛盾纠纷受理登记表',
      body: [
        { type: 'fields', columns: 4, items: items.slice(0, 8) },
        partyTable(ctx),
        { type: 'fields', columns: 4, items: items.slice(8) },
      ],
    });
  },
};

/** 不予受理告知书: the grounds of 人民调解工作若干规定 art 22 [S] / 人民调解法 art 2, and the other routes. */
const rejectionNotice: DocumentTemplate = {
  kind: 'rejection_notice',
  title: '不予受理告知书',
  version: '1',
  input: RejectionInput,
  render(ctx) {
    const f = fieldsOf(ctx);
    const input = inputOf(RejectionInput, ctx);
    const ground = input.rejectionGround ?? f.rejectionGround;
    const reason = input.rejectionReason ?? str(f.rejectionReason);
    const applicants = byRole(ctx, 'applicant');
    const respondents = byRole(ctx, 'respondent');
    const groundText = ground ? MEDIATION_REJECTION_GROUND_LABELS[ground] : blank(30);
    const committee = committeeOf(ctx);
    return formDocument({
      issuer: committee,
      title: '不予受理告知书',
      body: [
        { type: 'paragraph', text: `${names(applicants) || blank(12)}：`, indent: false },
        {
          type: 'paragraph',
          text: `你（们）于${cnDate(f.receivedOn)}申请调解的与${names(respondents) || blank(8)}之间的${disputeLabel(f)}纠纷，经审查，属于${groundText}的情形${reason ? `：${reason.replace(/[。；;]$/, '')}` : `：${blank(30)}`}。本委员会决定不予受理。`,
        },
        {
          type: 'paragraph',
          text: `你（们）可以依法通过仲裁、行政、司法等途径维护自己的权利${input.suggestion ? `，${input.suggestion.replace(/[。；;]$/, '')}` : ''}。`,
        },
        { type: 'paragraph', text: '特此告知。' },
        { type: 'seal', organ: committee, date: ctx.issuedOn },
        ...signTable(
          applicants.length
            ? applicants.map((p) => ({ role: p.roleLabel, name: p.name }))
            : [{ role: '申请人', name: '' }],
          '签收',
          false,
        ),
      ],
    });
  },
};

/** 调解笔录: one per session (人民调解法 art 27), with the parties' rights and duties read out (arts 23, 24). */
const sessionRecord: DocumentTemplate = {
  kind: 'session_record',
  title: '调解笔录',
  version: '1',
  input: SessionInput,
  render(ctx) {
    const f = fieldsOf(ctx);
    const input = inputOf(SessionInput, ctx);
    // Issued before `record_session` appends the session, so this one is the next.
    const n = (f.sessions?.length ?? 0) + (ctx.case.state === 'mediating' ? 1 : 0);
    const mediators = mediatorNames(ctx);
    const others = [input.attendees, (f.invitees ?? []).join('、')].filter((x) => x && x.trim() !== '').join('、');
    return formDocument({
      issuer: committeeOf(ctx),
      title: '调解笔录',
      body: [
        {
          type: 'fields',
          columns: 4,
          items: [
            { label: '案　　号', value: ctx.case.number },
            { label: '调解次数', value: n > 0 ? `第${n}次` : null },
            { label: '时　　间', value: input.date ? formatChineseDate(input.date) : null },
            { label: '地　　点', value: input.place ?? null },
            { label: '调 解 员', value: mediators.join('、') || null },
            { label: '记 录 人', value: input.recorder ?? ctx.issuerName },
            { label: '当 事 人', value: partyLine(ctx) || null, wide: true },
            { label: '参加人员', value: others || null, wide: true },
          ],
        },
        {
          type: 'paragraph',
          text: `调解员：今天就${partyLine(ctx) || '当事人'}之间的${disputeLabel(f)}纠纷进行调解。根据《中华人民共和国人民调解法》第二十三条、第二十四条的规定，当事人在调解活动中享有选择或者接受人民调解员，接受调解、拒绝调解或者要求终止调解，要求调解公开进行或者不公开进行，自主表达意愿、自愿达成调解协议的权利；应当如实陈述纠纷事实，遵守调解现场秩序，尊重人民调解员，尊重对方当事人行使权利。以上权利和义务是否听清楚？`,
        },
        { type: 'paragraph', text: '当事人：听清楚了。' },
        { type: 'paragraph', text: [{ text: '调解情况：', bold: true }] },
        ...textOrLines(input.content, 10),
        { type: 'paragraph', text: '以上笔录已经本人阅读（已向本人宣读），记录属实。' },
        ...signTable([
          ...partySigners(ctx),
          ...mediatorSigners(ctx),
          { role: '记录人', name: input.recorder ?? ctx.issuerName },
        ]),
      ],
    });
  },
};

type AgreementRoute = 'people' | 'administrative' | 'judicial';

/** The court's reference on a 司法调解 case, as the documents print it. */
function courtOf(ctx: TemplateContext): { court: string; caseNo: string; referredOn?: string | undefined } | null {
  const f = fieldsOf(ctx);
  if (f.route !== 'judicial') return null;
  return {
    court: str(f.courtName) ?? `${blank(16)}人民法院`,
    caseNo: str(f.courtCaseNo) ?? blank(24),
    referredOn: f.courtReferredOn,
  };
}

/**
 * The written agreement of each route (issue 13), one kind each. Every item of 人民调解法 art 29
 * (the parties' particulars; the facts, the matters in dispute and each party's responsibility;
 * the terms with how, where and by when they are performed; signatures, seal, date), which is
 * also how an administrative organ's and a court-referred agreement are written; what differs is
 * the issuer, the legal effect stated and where judicial confirmation goes:
 * - 人民调解协议书 ({town}调协〔{year}〕{seq}号): 人民调解法 arts 29, 31–33;
 * - 行政调解协议书 ({town}行调协〔…〕): no national statute; the organ's own seal;
 * - 调解协议书（诉前调解）({town}诉调协〔…〕): names the referring court and its case number, and
 *   confirmation goes to that court (民事诉讼法 art 205(1); SPC 2011 rules art 2 ¶2).
 */
function agreementTemplate(kind: string, title: string, numbering: string, route: AgreementRoute): DocumentTemplate {
  return {
    kind,
    title,
    version: '1',
    numbering,
    input: AgreementInput,
    render(ctx) {
      const f = fieldsOf(ctx);
      const input = inputOf(AgreementInput, ctx);
      const committee = committeeOf(ctx);
      const court = courtOf(ctx);
      const parties = principals(ctx);
      const agents = byRole(ctx, 'agent');
      const copies = input.copies ?? Math.max(2, parties.length) + (route === 'judicial' ? 2 : 1);
      const terms = input.agreementTerms ?? str(f.agreementTerms);
      const method = input.performanceMethod ?? str(f.performanceMethod);
      const due = input.performanceDue ?? f.performanceDue;
      const numbered = (text: string | undefined, lines: number): Block[] => {
        if (!text) return ruledLines(lines);
        return text
          .split(/\n+/)
          .map((t) => t.trim())
          .filter(Boolean)
          .map((t) => ({ type: 'paragraph', text: t }));
      };
      const binding =
        route === 'people'
          ? [
              `本协议自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效（《中华人民共和国人民调解法》第二十九条）。`,
              `本协议具有法律约束力，当事人应当按照约定履行；${committee}对协议的履行情况进行监督（《中华人民共和国人民调解法》第三十一条）。`,
              `当事人之间就本协议的履行或者内容发生争议的，一方当事人可以向人民法院提起诉讼（第三十二条）。双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认（第三十三条）。`,
            ]
          : route === 'administrative'
            ? [
                '本协议自各方当事人签名或者按指印，调解人员签名并加盖调解机关印章之日起生效。',
                '当事人应当按照约定履行；不履行的，对方当事人可以依法向人民法院提起诉讼。',
              ]
            : [
                `本协议系${committee}受${court?.court}委派（${court?.caseNo}）调解达成，自各方当事人签名、盖章或者按指印，调解员签名并加盖调解组织印章之日起生效，当事人应当按照约定履行。`,
                `双方当事人可以自本协议生效之日起三十日内，共同向${court?.court}申请司法确认（《中华人民共和国民事诉讼法》第二百零五条第一项，《最高人民法院关于人民调解协议司法确认程序的若干规定》第二条第二款）；人民法院裁定调解协议有效后，一方当事人拒绝履行或者未全部履行的，对方当事人可以向人民法院申请执行（民事诉讼法第二百零六条）。`,
              ];
      const kept =
        route === 'people'
          ? '人民调解委员会留存一份'
          : route === 'administrative'
            ? '调解机关留存一份'
            : `调解组织留存一份，报送${court?.court}一份`;
      const referral: Block[] = court
        ? [
            {
              type: 'fields',
              columns: 4,
              items: [
                { label: '委派法院', value: court.court },
                { label: '法院案号', value: court.caseNo },
                { label: '委派日期', value: court.referredOn ? formatChineseDate(court.referredOn) : null },
                { label: '调解组织', value: committee },
              ],
            },
          ]
        : [];
      return formDocument({
        issuer: committee,
        title: route === 'judicial' ? '调解协议书（诉前调解）' : title,
        number: ctx.number ?? undefined,
        body: [
          ...referral,
          { type: 'heading', level: 1, text: '一、当事人的基本情况' },
          ...particularsBlocks(parties),
          ...particularsBlocks(agents, () => '委托代理人'),
          { type: 'heading', level: 1, text: '二、纠纷的主要事实' },
          ...textOrLines(input.facts ?? str(f.summary), 4),
          { type: 'heading', level: 1, text: '三、争议事项' },
          ...textOrLines(input.disputedMatters ?? str(f.requests), 2),
          { type: 'heading', level: 1, text: '四、各方当事人的责任' },
          ...textOrLines(input.responsibilities, 3),
          { type: 'heading', level: 1, text: '五、经调解，当事人自愿达成如下协议' },
          ...numbered(terms, 5),
          { type: 'heading', level: 1, text: '六、履行方式、地点和期限' },
          { type: 'paragraph', text: `履行方式：${method ?? blank(40)}。` },
          { type: 'paragraph', text: `履行地点：${input.performancePlace ?? blank(40)}。` },
          { type: 'paragraph', text: `履行期限：${due ? `${formatChineseDate(due)}前履行完毕` : blank(40)}。` },
          { type: 'heading', level: 1, text: '七、其他' },
          ...binding.map((text): Block => ({ type: 'paragraph', text })),
          { type: 'paragraph', text: `本协议一式${copies}份，当事人各执一份，${kept}。` },
          ...signTable([
            ...partySigners(ctx),
            ...mediatorSigners(
              ctx,
              route === 'people' ? '人民调解员' : route === 'administrative' ? '调解人员' : '调解员',
            ),
            { role: '记录人', name: '' },
          ]),
          { type: 'seal', organ: committee, date: ctx.issuedOn },
        ],
      });
    },
  };
}

const agreement = agreementTemplate('agreement', '人民调解协议书', '{town}调协〔{year}〕{seq}号', 'people');
const adminAgreement = agreementTemplate(
  'admin_agreement',
  '行政调解协议书',
  '{town}行调协〔{year}〕{seq}号',
  'administrative',
);
const courtAgreement = agreementTemplate(
  'court_agreement',
  '调解协议书（诉前调解）',
  '{town}诉调协〔{year}〕{seq}号',
  'judicial',
);

/** 口头协议登记表: an oral agreement takes effect when made and the mediator records it (arts 28, 30). */
const oralRecord: DocumentTemplate = {
  kind: 'oral_record',
  title: '口头协议登记表',
  version: '1',
  input: OralInput,
  render(ctx) {
    const f = fieldsOf(ctx);
    const input = inputOf(OralInput, ctx);
    const mediators = mediatorNames(ctx);
    const agreedOn = input.agreedOn ?? f.agreementEffectiveOn ?? f.sessions?.at(-1)?.date;
    const due = input.performanceDue ?? f.performanceDue;
    const partyText = principals(ctx)
      .map((p) => `${p.roleLabel}：${p.name}${p.idNumber ? `（${p.idNumber}）` : ''}${p.phone ? `，${p.phone}` : ''}`)
      .join('\n');
    return formDocument({
      issuer: committeeOf(ctx),
      title: '口头调解协议登记表',
      body: [
        {
          type: 'fields',
          columns: 4,
          items: [
            { label: '案　　号', value: ctx.case.number },
            { label: '纠纷类型', value: f.disputeType ? DISPUTE_TYPE_LABELS[f.disputeType] : null },
            box('当 事 人', partyText, 2),
            { label: '调 解 员', value: mediators.join('、') || null },
            { label: '达成日期', value: agreedOn ? formatChineseDate(agreedOn) : null },
            box('纠纷简况', str(f.summary), 3),
            box('协议内容', input.agreementTerms ?? str(f.agreementTerms), 4),
            { label: '履行方式', value: input.performanceMethod ?? str(f.performanceMethod) ?? null },
            { label: '履行期限', value: due ? formatChineseDate(due) : null },
            {
              label: '说　　明',
              value:
                '当事人认为无需制作调解协议书，采取口头协议方式，由人民调解员记录协议内容（《中华人民共和国人民调解法》第二十八条）。口头调解协议自各方当事人达成协议之日起生效（第三十条），具有法律约束力，当事人应当按照约定履行（第三十一条）。',
              wide: true,
            },
          ],
        },
        { type: 'paragraph', text: '以上协议内容经当事人确认无误。' },
        ...signTable([...partySigners(ctx), ...mediatorSigners(ctx), { role: '登记人', name: ctx.issuerName }]),
      ],
    });
  },
};

/** 终止调解告知书: mediation failed; the parties are told of arbitration, administrative and judicial routes (art 26). */
const terminationNotice: DocumentTemplate = {
  kind: 'termination_notice',
  title: '终止调解告知书',
  version: '1',
  input: TerminationInput,
  render(ctx) {
    const f = fieldsOf(ctx);
    const input = inputOf(TerminationInput, ctx);
    const reason = input.terminationReason ?? str(f.terminationReason);
    const committee = committeeOf(ctx);
    const sessions = f.sessions?.length ?? 0;
    const mediators = mediatorNames(ctx);
    // Each route speaks as its own organ (issue 13); 人民调解法 art 26 governs people's mediation
    // only, and a court-referred dispute goes back to the court that referred it.
    const court = courtOf(ctx);
    const administrative = f.route === 'administrative';
    const we = administrative ? '本机关' : '本委员会';
    const how = [
      f.acceptedOn ? `${we}于${formatChineseDate(f.acceptedOn)}受理` : `${we}受理后`,
      court ? `系${court.court}委派调解（${court.caseNo}）` : '',
      mediators.length
        ? `由${administrative ? '调解人员' : court ? '调解员' : '人民调解员'}${mediators.join('、')}主持调解`
        : '',
      sessions > 0 ? `先后调解${sessions}次` : '',
    ]
      .filter(Boolean)
      .join('，');
    return formDocument({
      issuer: committee,
      title: '终止调解告知书',
      body: [
        { type: 'paragraph', text: `${names(principals(ctx)) || blank(16)}：`, indent: false },
        {
          type: 'paragraph',
          text: `你们之间的${disputeLabel(f)}纠纷，${how}。因${reason ? reason.replace(/[。；;]$/, '') : blank(40)}，调解不成。`,
        },
        {
          type: 'paragraph',
          text: court
            ? `本委员会决定终止调解，并将调解情况书面告知${court.court}，由人民法院依法处理${input.suggestion ? `；${input.suggestion.replace(/[。；;]$/, '')}` : ''}。`
            : administrative
              ? `本机关决定终止调解。你们可以依法通过仲裁、诉讼等途径维护自己的权利${input.suggestion ? `，${input.suggestion.replace(/[。；;]$/, '')}` : ''}。`
              : `根据《中华人民共和国人民调解法》第二十六条的规定，本委员会决定终止调解。你们可以依法通过仲裁、行政、司法等途径维护自己的权利${input.suggestion ? `，${input.suggestion.replace(/[。；;]$/, '')}` : ''}。`,
        },
        { type: 'paragraph', text: '特此告知。' },
        { type: 'seal', organ: committee, date: ctx.issuedOn },
        ...signTable(partySigners(ctx), '签收', false),
      ],
    });
  },
};

/** 回访记录: the committee supervises performance (人民调解法 art 31 ¶2); the latest visit, and the earlier ones. */
const followUpRecord: DocumentTemplate = {
  kind: 'follow_up_record',
  title: '回访记录',
  version: '1',
  input: FollowUpInput,
  render(ctx) {
    const f = fieldsOf(ctx);
    const input = inputOf(FollowUpInput, ctx);
    const last = f.followUps?.at(-1);
    const date = input.date ?? last?.date;
    const method = input.method ?? last?.method;
    const performance = input.performance ?? last?.performance;
    const note = input.note ?? last?.note;
    const history = f.followUps ?? [];
    const agreementText = f.agreementType === 'oral' ? '口头协议' : f.agreementType === 'written' ? '书面协议' : null;
    return formDocument({
      issuer: committeeOf(ctx),
      title: '人民调解回访记录',
      body: [
        {
          type: 'fields',
          columns: 4,
          items: [
            { label: '案　　号', value: ctx.case.number },
            { label: '协议编号', value: agreementNumber(ctx) ?? (f.agreementType === 'oral' ? '（口头协议）' : null) },
            { label: '当 事 人', value: partyLine(ctx) || null, wide: true },
            { label: '协议形式', value: agreementText },
            { label: '生效日期', value: f.agreementEffectiveOn ? formatChineseDate(f.agreementEffectiveOn) : null },
            box('协议内容', str(f.agreementTerms), 3),
            { label: '履行方式', value: str(f.performanceMethod) ?? null },
            { label: '履行期限', value: f.performanceDue ? formatChineseDate(f.performanceDue) : null },
            { label: '回访日期', value: date ? formatChineseDate(date) : null },
            { label: '回访方式', value: method ? FOLLOW_UP_METHOD_LABELS[method] : null },
            { label: '回 访 人', value: input.visitor ?? ctx.issuerName },
            { label: '被回访人', value: input.visited ?? (names(principals(ctx)) || null) },
            {
              label: '履行情况',
              value: performance ? MEDIATION_PERFORMANCE_LABELS[performance] : '□已全部履行　□部分履行　□未履行',
              wide: true,
            },
            box('回访情况', note, 4),
            box('当事人意见', null, 2),
          ],
        },
        ...(history.length > 1
          ? ([
              { type: 'paragraph', text: [{ text: '历次回访：', bold: true }], indent: false },
              {
                type: 'table',
                size: 'xiaosi',
                columns: [
                  { title: '序号', width: 8, align: 'center' },
                  { title: '回访日期', width: 20, align: 'center' },
                  { title: '方式', width: 14, align: 'center' },
                  { title: '履行情况', width: 16, align: 'center' },
                  { title: '情况', width: 42 },
                ],
                rows: history.map((h, i) => [
                  String(i + 1),
                  formatChineseDate(h.date),
                  FOLLOW_UP_METHOD_LABELS[h.method],
                  MEDIATION_PERFORMANCE_LABELS[h.performance],
                  h.note,
                ]),
              },
            ] satisfies Block[])
          : []),
        ...signTable([
          { role: '回访人', name: input.visitor ?? ctx.issuerName },
          { role: '被回访人', name: input.visited ?? '' },
        ]),
      ],
    });
  },
};

/**
 * 司法确认申请书: both parties apply jointly within 30 days of the agreement taking effect
 * (人民调解法 art 33; 民事诉讼法 art 205), to the basic court where the committee sits, with
 * the agreement, proof of identity and the evidence behind it (SPC 2011 rules arts 2, 3).
 */
const confirmationApplication: DocumentTemplate = {
  kind: 'confirmation_application',
  title: '司法确认申请书',
  version: '1',
  input: ConfirmationInput,
  render(ctx) {
    const f = fieldsOf(ctx);
    const input = inputOf(ConfirmationInput, ctx);
    const referral = courtOf(ctx);
    const court = input.court ?? str(f.judicialConfirmation?.court) ?? (referral ? str(f.courtName) : undefined);
    const agreementTitle = referral ? '调解协议书（诉前调解）' : '人民调解协议书';
    const committee = committeeOf(ctx);
    const parties = principals(ctx);
    const no = agreementNumber(ctx);
    const effective = f.agreementEffectiveOn;
    const terms = str(f.agreementTerms);
    return formDocument({
      title: referral ? '调解协议司法确认申请书' : '人民调解协议司法确认申请书',
      body: [
        ...particularsBlocks(parties, () => '申请人'),
        ...particularsBlocks(byRole(ctx, 'agent'), () => '委托代理人'),
        { type: 'paragraph', text: [{ text: '请求事项：', bold: true }] },
        {
          type: 'paragraph',
          text: `请求依法确认申请人于${cnDate(effective)}经${committee}调解达成的《${agreementTitle}》${no ? `（${no}）` : ''}有效。`,
        },
        { type: 'paragraph', text: [{ text: '事实和理由：', bold: true }] },
        {
          type: 'paragraph',
          text: `申请人${names(parties)}因${disputeLabel(f)}纠纷，${f.acceptedOn ? `于${formatChineseDate(f.acceptedOn)}` : ''}经${committee}调解，于${cnDate(effective)}自愿达成如下调解协议：${terms ? terms.replace(/[。；;]$/, '') : blank(40)}。`,
        },
        {
          type: 'paragraph',
          text: referral
            ? `本纠纷系你院委派${committee}调解（${referral.caseNo}）。申请人认为有必要，根据《中华人民共和国民事诉讼法》第二百零五条第一项、《最高人民法院关于人民调解协议司法确认程序的若干规定》第二条第二款的规定，自调解协议生效之日起三十日内共同向作出委派的你院申请司法确认。`
            : `申请人认为有必要，根据《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》第二百零五条的规定，自调解协议生效之日起三十日内共同向你院申请司法确认。`,
        },
        {
          type: 'paragraph',
          text: '申请人保证：出于解决纠纷的目的自愿达成调解协议，没有恶意串通、规避法律的行为；如实陈述申请确认的调解协议的有关情况，提交的证明材料真实、合法（《最高人民法院关于人民调解协议司法确认程序的若干规定》第六条）；如因调解协议内容损害他人合法权益，愿意承担相应的法律责任。',
        },
        { type: 'paragraph', text: '此致' },
        { type: 'paragraph', text: court ?? `${blank(20)}人民法院`, indent: false },
        {
          type: 'attachments',
          items: [
            `${agreementTitle}${no ? `（${no}）` : ''}`,
            '申请人身份证明、资格证明',
            '与调解协议相关的财产权利证明等证明材料',
            '双方当事人送达地址、联系方式确认书',
          ],
        },
        ...signTable(parties.map((p) => ({ role: '申请人', name: p.name }))),
      ],
    });
  },
};

export const MEDIATION_TEMPLATES: Record<string, DocumentTemplate> = {
  application,
  registration,
  rejection_notice: rejectionNotice,
  session_record: sessionRecord,
  agreement,
  admin_agreement: adminAgreement,
  court_agreement: courtAgreement,
  oral_record: oralRecord,
  termination_notice: terminationNotice,
  follow_up_record: followUpRecord,
  confirmation_application: confirmationApplication,
};
