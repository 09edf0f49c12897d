/**
 * The seventeen documents of a penalty case (domain cases/penalty.ts `documents`) on the 公文
 * form layout, worded after the 行政处罚法 articles each one serves.
 *
 * Like the mediation forms, most documents are issued before the action they gate (the 事先告知书
 * before `notify`, the 决定书 before `decide`): each takes what the action will record as
 * optional `input` (the action's form is then filled from it, decision 0007), falls back to what
 * the case already holds, and otherwise leaves a blank to be filled in by hand.
 */
import {
  choice,
  ENFORCEMENT_FIELD_LABELS,
  FINE_PAYMENT_DAYS,
  HEARING_REQUEST_WORKDAYS,
  HEARING_RIGHT_LABELS,
  isoDateSchema,
  LEGAL_REVIEW_GROUND_LABELS,
  LITIGATION_MONTHS,
  NO_PENALTY_GROUND_LABELS,
  PENALTY_KIND_LABELS,
  type PenaltyFieldValues,
  RECONSIDERATION_DAYS,
  REMINDER_WORKDAYS,
  REVIEW_RESULT_LABELS,
  SERVICE_METHOD_LABELS,
} from '@fazhi/domain';
import { z } from 'zod';
import { type Block, type FieldItem, formDocument } from '../../../documents/build.ts';
import {
  blank,
  type DocumentTemplate,
  formatChineseDate,
  type TemplateContext,
  type TemplateParty,
} from '../../../documents/template.ts';

type Fields = Partial<PenaltyFieldValues>;
const fieldsOf = (ctx: TemplateContext): Fields => ctx.case.fields as Fields;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
const cnDate = (d: string | null | undefined) => (d ? formatChineseDate(d) : `${blank(4)}年${blank(2)}月${blank(2)}日`);
const yuan = (n: number | undefined) => (n === undefined ? blank(8) : `${Number.isInteger(n) ? n : n.toFixed(2)}元`);

function party(ctx: TemplateContext): TemplateParty | undefined {
  return ctx.case.parties.find((p) => p.role === 'party');
}
const partyName = (ctx: TemplateContext) => party(ctx)?.name ?? blank(12);

/** 当事人的姓名或者名称、地址 (art 59(1)), with the 统一社会信用代码 of an organisation. */
function partyParticulars(ctx: TemplateContext, label = '当事人'): Block {
  const p = party(ctx);
  if (!p) return { type: 'paragraph', text: `${label}：${blank(12)}，地址：${blank(24)}。`, indent: false };
  const text =
    p.kind === 'org'
      ? `${label}：${p.name}，统一社会信用代码：${p.idNumber ?? blank(18)}，住所：${p.address ?? blank(24)}，法定代表人（负责人）：${blank(8)}。`
      : `${label}：${p.name}，公民身份号码：${p.idNumber ?? blank(18)}，住址：${p.address ?? blank(24)}。`;
  return { type: 'paragraph', text, indent: false };
}

function kindsText(kinds: readonly string[] | undefined, fine: number | undefined): string {
  if (!kinds || kinds.length === 0) return blank(20);
  return kinds
    .map((k) =>
      k === 'fine' ? `罚款${yuan(fine)}` : (PENALTY_KIND_LABELS[k as keyof typeof PENALTY_KIND_LABELS] ?? k),
    )
    .join('；');
}

const para = (text: string): Block => ({ type: 'paragraph', text });
const lines = (n: number): Block[] =>
  Array.from({ length: n }, () => ({ type: 'paragraph', text: blank(48), indent: false }) as Block);
const textOr = (t: string | undefined, n: number): Block[] => (t ? t.split('\n').map(para) : lines(n));

function form(ctx: TemplateContext, title: string, body: Block[]) {
  return formDocument({
    issuer: ctx.town.fullName,
    title,
    ...(ctx.number ? { number: ctx.number } : {}),
    body,
  });
}

const seal = (ctx: TemplateContext): Block => ({ type: 'seal', organ: ctx.town.fullName, date: ctx.issuedOn });

function officersText(refs: Fields['filingOfficers'] | undefined): string | null {
  return refs && refs.length > 0 ? refs.map((o) => `${o.name}（执法证号${o.certNo}）`).join('、') : null;
}

const caseRow = (ctx: TemplateContext): FieldItem[] => [
  { label: '案件编号', value: ctx.case.number },
  { label: '案由', value: str(fieldsOf(ctx).violation) ?? null },
];

/** Art 59(5): the remedies, with the bodies named where known. */
function remediesText(f: Fields): string {
  const body = f.reconsiderationBody ?? blank(16);
  const court = f.court ?? blank(16);
  return `如不服本决定，可以在收到本决定书之日起${RECONSIDERATION_DAYS}日内向${body}申请行政复议，也可以在${LITIGATION_MONTHS}个月内直接向${court}提起行政诉讼。`;
}

// ---------------------------------------------------------------------------
// Inputs shared by a template and the action it prefills (same kinds, registry.ts prefillProblems).
// ---------------------------------------------------------------------------

const optText = (label: string, max = 5000) => z.string().trim().max(max).optional().describe(label);
const optDate = (label: string) => isoDateSchema().optional().describe(label);
const optMoney = (label: string) => z.number().min(0).max(1_000_000_000).multipleOf(0.01).optional().describe(label);
const optKinds = z.array(choice(PENALTY_KIND_LABELS, '处罚种类')).optional().describe('处罚种类');

// ---------------------------------------------------------------------------
// Templates.
// ---------------------------------------------------------------------------

const filingForm: DocumentTemplate = {
  kind: 'filing_form',
  title: '立案审批表',
  version: 'penalty-1',
  input: z.object({ summary: optText('简要案情'), officers: optText('拟承办执法人员', 200) }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const p = party(ctx);
    const act = f.actEndedOn ? `${cnDate(f.actOn)}起，至${cnDate(f.actEndedOn)}终了` : cnDate(f.actOn);
    return form(ctx, '立案审批表', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '案件来源', value: f.source ?? null },
          { label: '执法领域', value: f.field ? ENFORCEMENT_FIELD_LABELS[f.field] : null },
          { label: '当事人', value: p?.name ?? null },
          { label: p?.kind === 'org' ? '统一社会信用代码' : '公民身份号码', value: p?.idNumber ?? null },
          { label: '地址', value: p?.address ?? null, wide: true },
          { label: '违法地点', value: f.place ?? null, wide: true },
          { label: '违法行为时间', value: act },
          { label: '发现日期', value: f.foundOn ? cnDate(f.foundOn) : null },
          { label: '权责清单事项', value: f.powerCode ?? null, wide: true },
          { label: '简要案情', value: str(ctx.input.summary) ?? null, wide: true, lines: 5 },
          {
            label: '承办人员',
            value: str(ctx.input.officers) ?? officersText(f.filingOfficers),
            wide: true,
          },
          {
            label: '追责时效',
            value: '经核查，违法行为未超过《中华人民共和国行政处罚法》第三十六条规定的期限。',
            wide: true,
          },
          { label: '承办人意见', value: null, wide: true, lines: 3 },
          { label: '负责人审批意见', value: null, wide: true, lines: 3 },
        ],
      },
    ]);
  },
};

const inspectionRecord: DocumentTemplate = {
  kind: 'inspection_record',
  title: '现场检查（勘验）笔录',
  version: 'penalty-1',
  input: z.object({
    on: optDate('检查日期'),
    time: optText('检查时间', 50),
    place: optText('检查场所', 200),
    officers: optText('执法人员及执法证号', 200),
    summary: optText('检查情况'),
  }),
  render(ctx) {
    const i = ctx.input;
    return form(ctx, '现场检查（勘验）笔录', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '检查日期', value: i.on ? cnDate(String(i.on)) : null },
          { label: '检查时间', value: str(i.time) ?? null },
          { label: '检查场所', value: str(i.place) ?? null, wide: true },
          { label: '当事人', value: party(ctx)?.name ?? null },
          { label: '在场人', value: null },
          { label: '执法人员及执法证号', value: str(i.officers) ?? null, wide: true },
        ],
      },
      para(
        '执法人员已向当事人或者在场人出示执法证件，告知其有权要求执法人员出示证件、有权申请回避，应当如实回答询问并协助检查（《中华人民共和国行政处罚法》第五十五条）。',
      ),
      { type: 'paragraph', text: '检查（勘验）情况：', indent: false },
      ...textOr(str(i.summary), 8),
      {
        type: 'signatures',
        items: [
          { label: '当事人或者在场人（签名）', date: true },
          { label: '执法人员（签名）', date: true },
          { label: '记录人（签名）' },
        ],
      },
    ]);
  },
};

const inquiryRecord: DocumentTemplate = {
  kind: 'inquiry_record',
  title: '询问笔录',
  version: 'penalty-1',
  input: z.object({
    on: optDate('询问日期'),
    place: optText('询问地点', 200),
    person: optText('被询问人', 100),
    officers: optText('询问人及执法证号', 200),
    summary: optText('询问内容'),
  }),
  render(ctx) {
    const i = ctx.input;
    return form(ctx, '询问笔录', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '询问日期', value: i.on ? cnDate(String(i.on)) : null },
          { label: '询问地点', value: str(i.place) ?? null },
          { label: '被询问人', value: str(i.person) ?? null },
          { label: '与本案关系', value: null },
          { label: '询问人及执法证号', value: str(i.officers) ?? null, wide: true },
        ],
      },
      para(
        `问：我们是${ctx.town.fullName}的执法人员，这是我们的执法证件（出示）。现依法向你了解有关情况，你应当如实回答询问并协助调查，不得拒绝或者阻挠（《中华人民共和国行政处罚法》第五十五条）。你认为我们与本案有直接利害关系的，可以申请回避。听清楚了吗？`,
      ),
      para('答：'),
      ...textOr(str(i.summary), 10),
      para('被询问人核对意见：以上笔录我已看过（已向我宣读），与我说的一致。'),
      {
        type: 'signatures',
        items: [
          { label: '被询问人（签名）', date: true },
          { label: '询问人（签名）', date: true },
          { label: '记录人（签名）' },
        ],
      },
    ]);
  },
};

const preservationNotice: DocumentTemplate = {
  kind: 'preservation_notice',
  title: '先行登记保存通知书',
  version: 'penalty-1',
  numbering: '{town}罚保〔{year}〕{seq}号',
  input: z.object({ items: optText('登记保存物品（名称、规格、数量）'), place: optText('保存地点', 200) }),
  render(ctx) {
    return form(ctx, '先行登记保存通知书', [
      { type: 'paragraph', text: `${partyName(ctx)}：`, indent: false },
      para(
        `因你（单位）涉嫌${fieldsOf(ctx).violation ?? blank(16)}，证据可能灭失或者以后难以取得，经本机关负责人批准，根据《中华人民共和国行政处罚法》第五十六条的规定，对下列物品予以先行登记保存：`,
      ),
      ...textOr(str(ctx.input.items), 4),
      para(`保存地点：${str(ctx.input.place) ?? blank(24)}。`),
      para('本机关将在七个工作日内作出处理决定。在此期间，你（单位）或者有关人员不得销毁或者转移上述证据。'),
      seal(ctx),
      {
        type: 'signatures',
        items: [
          { label: '当事人（签名）', date: true },
          { label: '执法人员（签名）', date: true },
        ],
      },
    ]);
  },
};

const priorNotice: DocumentTemplate = {
  kind: 'prior_notice',
  title: '行政处罚事先告知书',
  version: 'penalty-1',
  numbering: '{town}罚告〔{year}〕{seq}号',
  input: z.object({
    facts: optText('违法事实'),
    evidence: optText('证据'),
    penaltyKinds: optKinds,
    fineAmount: optMoney('拟罚款金额（元）'),
    legalBasis: optText('处罚依据', 1000),
    hearingRight: choice(HEARING_RIGHT_LABELS, '告知听证权利').optional(),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const i = ctx.input as Fields;
    const kinds = i.penaltyKinds ?? f.penaltyKinds;
    const fine = i.fineAmount ?? f.fineAmount;
    const hearing = (i.hearingRight ?? f.hearingRight) === 'yes';
    return form(ctx, '行政处罚事先告知书', [
      { type: 'paragraph', text: `${partyName(ctx)}：`, indent: false },
      para(`经调查，你（单位）存在以下违法事实：${i.facts ?? f.facts ?? blank(40)}`),
      para(`以上事实有下列证据证明：${i.evidence ?? f.evidence ?? blank(40)}`),
      para(
        `你（单位）的上述行为违反了有关规定，依据${i.legalBasis ?? f.legalBasis ?? blank(24)}，本机关拟对你（单位）作出如下行政处罚：${kindsText(kinds, fine)}。`,
      ),
      para(
        `根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。如需陈述、申辩，请于收到本告知书之日起${HEARING_REQUEST_WORKDAYS}个工作日内向本机关提出；本机关将对你（单位）提出的事实、理由和证据进行复核，成立的予以采纳，不因你（单位）的陈述、申辩而加重处罚。`,
      ),
      ...(hearing
        ? [
            para(
              `根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。要求听证的，应当在收到本告知书之日起${HEARING_REQUEST_WORKDAYS}个工作日内提出；逾期未提出的，视为放弃听证权利。听证不收取费用。`,
            ),
          ]
        : []),
      para(`联系人：${blank(8)}　联系电话：${blank(12)}　地址：${blank(20)}`),
      seal(ctx),
    ]);
  },
};

const statementRecord: DocumentTemplate = {
  kind: 'statement_record',
  title: '陈述申辩笔录',
  version: 'penalty-1',
  input: z.object({ on: optDate('陈述申辩日期'), summary: optText('陈述申辩意见') }),
  render(ctx) {
    return form(ctx, '陈述申辩笔录', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '陈述申辩人', value: party(ctx)?.name ?? null },
          { label: '日期', value: ctx.input.on ? cnDate(String(ctx.input.on)) : null },
          { label: '地点', value: null },
          { label: '记录人', value: null },
        ],
      },
      { type: 'paragraph', text: '陈述申辩意见：', indent: false },
      ...textOr(str(ctx.input.summary), 10),
      {
        type: 'signatures',
        items: [
          { label: '陈述申辩人（签名）', date: true },
          { label: '执法人员（签名）', date: true },
        ],
      },
    ]);
  },
};

const hearingNotice: DocumentTemplate = {
  kind: 'hearing_notice',
  title: '听证通知书',
  version: 'penalty-1',
  numbering: '{town}罚听〔{year}〕{seq}号',
  input: z.object({
    hearingOn: optDate('听证日期'),
    time: optText('听证时间', 50),
    place: optText('听证地点', 200),
    host: optText('听证主持人（非本案调查人员）', 50),
  }),
  render(ctx) {
    const i = ctx.input;
    const f = fieldsOf(ctx);
    return form(ctx, '听证通知书', [
      { type: 'paragraph', text: `${partyName(ctx)}：`, indent: false },
      para(
        `根据你（单位）${f.hearingRequestedOn ? `于${cnDate(f.hearingRequestedOn)}` : ''}提出的听证要求，本机关决定就${f.violation ?? blank(16)}一案举行听证，现将有关事项通知如下：`,
      ),
      para(`一、听证时间：${i.hearingOn ? cnDate(String(i.hearingOn)) : cnDate(null)}${str(i.time) ?? ''}。`),
      para(`二、听证地点：${str(i.place) ?? blank(24)}。`),
      para(`三、听证主持人：${str(i.host) ?? blank(8)}。你（单位）认为主持人与本案有直接利害关系的，有权申请回避。`),
      para('四、听证公开举行，但涉及国家秘密、商业秘密或者个人隐私依法予以保密的除外。'),
      para('五、你（单位）可以亲自参加听证，也可以委托一至二人代理；委托代理的，应当提交授权委托书。'),
      para('六、无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，本机关终止听证。'),
      para('（《中华人民共和国行政处罚法》第六十四条）'),
      seal(ctx),
    ]);
  },
};

const hearingRecord: DocumentTemplate = {
  kind: 'hearing_record',
  title: '听证笔录',
  version: 'penalty-1',
  input: z.object({ summary: optText('听证情况'), participants: optText('出席人员', 500) }),
  render(ctx) {
    const h = fieldsOf(ctx).hearing;
    return form(ctx, '听证笔录', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '听证日期', value: h?.hearingOn ? cnDate(h.hearingOn) : null },
          { label: '听证地点', value: h?.place ?? null },
          { label: '主持人', value: h?.host ?? null },
          { label: '记录人', value: null },
          { label: '出席人员', value: str(ctx.input.participants) ?? null, wide: true, lines: 2 },
        ],
      },
      para(
        '调查人员提出当事人违法的事实、证据和行政处罚建议，当事人进行申辩和质证（《中华人民共和国行政处罚法》第六十四条第七项）：',
      ),
      ...textOr(str(ctx.input.summary), 12),
      para('本笔录已交当事人或者其代理人核对无误。拒绝签字或者盖章的，由主持人在笔录中注明。'),
      {
        type: 'signatures',
        items: [
          { label: '当事人或者代理人（签名）', date: true },
          { label: '主持人（签名）', date: true },
          { label: '记录人（签名）' },
        ],
      },
    ]);
  },
};

const legalReviewOpinion: DocumentTemplate = {
  kind: 'legal_review_opinion',
  title: '法制审核意见书',
  version: 'penalty-1',
  input: z.object({
    result: choice(REVIEW_RESULT_LABELS, '审核结果').optional(),
    opinion: optText('审核意见'),
    reviewer: optText('审核人员', 50),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const result = (ctx.input.result ?? f.legalReview?.result) as keyof typeof REVIEW_RESULT_LABELS | undefined;
    return form(ctx, '法制审核意见书', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '当事人', value: party(ctx)?.name ?? null },
          { label: '拟处罚', value: kindsText(f.penaltyKinds, f.fineAmount) },
          {
            label: '审核情形',
            value: f.legalReviewGround
              ? LEGAL_REVIEW_GROUND_LABELS[f.legalReviewGround]
              : '《中华人民共和国行政处罚法》第五十八条',
            wide: true,
          },
          { label: '审核人员', value: str(ctx.input.reviewer) ?? f.legalReview?.reviewerName ?? null },
          { label: '审核日期', value: f.legalReview?.reviewedOn ? cnDate(f.legalReview.reviewedOn) : null },
        ],
      },
      para(
        '审核内容：执法主体是否合法，是否超越执法权限；案件事实是否清楚，证据是否合法充分；适用法律、法规、规章是否准确；程序是否合法；行政裁量是否适当；行政执法文书是否完备规范。',
      ),
      { type: 'paragraph', text: '审核意见：', indent: false },
      ...textOr(str(ctx.input.opinion) ?? f.legalReview?.opinion, 8),
      para(`审核结论：${result ? REVIEW_RESULT_LABELS[result] : `${blank(4)}（审核通过／审核未通过）`}。`),
      para('未经法制审核或者审核未通过的，不得作出决定（《中华人民共和国行政处罚法》第五十八条）。'),
      { type: 'signatures', items: [{ label: '审核人员（签名）', date: true }] },
    ]);
  },
};

const collectiveRecord: DocumentTemplate = {
  kind: 'collective_record',
  title: '集体讨论记录',
  version: 'penalty-1',
  input: z.object({
    heldOn: optDate('讨论日期'),
    host: optText('主持人', 50),
    participants: optText('参加人及各自意见（每行一人：姓名、职务：意见）'),
    conclusion: optText('讨论决定'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const i = ctx.input;
    const recorded = f.collectiveDiscussion?.participants ?? [];
    const typed = (str(i.participants) ?? '').split('\n').filter((l) => l.trim() !== '');
    const rows =
      recorded.length > 0
        ? recorded.map((p) => [p.name, p.position, p.view])
        : typed.length > 0
          ? typed.map((l) => {
              const [who = '', view = ''] = l.split(/[:：]/, 2);
              const [name = '', position = ''] = who.split(/[,，、\s]+/, 2);
              return [name, position, view];
            })
          : [
              ['', '', ''],
              ['', '', ''],
              ['', '', ''],
            ];
    return form(ctx, '集体讨论记录', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '讨论日期', value: i.heldOn ? cnDate(String(i.heldOn)) : null },
          { label: '主持人', value: str(i.host) ?? null },
          { label: '拟处罚', value: kindsText(f.penaltyKinds, f.fineAmount), wide: true },
        ],
      },
      para(
        '根据《中华人民共和国行政处罚法》第五十七条第二款，对情节复杂或者重大违法行为给予行政处罚，由行政机关负责人集体讨论决定。',
      ),
      {
        type: 'table',
        size: 'xiaosi',
        columns: [
          { title: '参加人', width: 18, align: 'center' },
          { title: '职务', width: 22, align: 'center' },
          { title: '意见', width: 60 },
        ],
        rows,
      },
      { type: 'paragraph', text: '讨论决定：', indent: false },
      ...textOr(str(i.conclusion) ?? f.collectiveDiscussion?.conclusion, 4),
      { type: 'signatures', items: [{ label: '参加人（签名）' }, { label: '记录人（签名）', date: true }] },
    ]);
  },
};

const decision: DocumentTemplate = {
  kind: 'decision',
  title: '行政处罚决定书',
  version: 'penalty-1',
  numbering: '{town}罚决〔{year}〕{seq}号',
  input: z.object({
    facts: optText('违法事实'),
    evidence: optText('证据'),
    penaltyKinds: optKinds,
    fineAmount: optMoney('罚款金额（元）'),
    legalBasis: optText('处罚依据', 1000),
    discretionReason: optText('裁量理由'),
    performance: optText('履行方式', 500),
    performBy: optDate('履行期限'),
    reconsiderationBody: optText('行政复议机关', 100),
    court: optText('管辖人民法院', 100),
  }),
  render(ctx) {
    const f = { ...fieldsOf(ctx), ...(ctx.input as Fields) };
    const fine = f.penaltyKinds?.includes('fine') ? f.fineAmount : undefined;
    const statements = (fieldsOf(ctx).statements ?? []).map((s) => `${s.summary}（复核：${s.adopted}）`).join('；');
    const heard = fieldsOf(ctx).hearing?.heldOn;
    const performBy = f.performBy
      ? `于${cnDate(f.performBy)}前履行`
      : fine !== undefined
        ? `自收到本决定书之日起${FINE_PAYMENT_DAYS}日内`
        : blank(16);
    return form(ctx, '行政处罚决定书', [
      partyParticulars(ctx),
      para(`经查，你（单位）存在以下违法事实：${f.facts ?? blank(40)}`),
      para(`上述事实有以下证据证明：${f.evidence ?? blank(40)}`),
      para(
        `本机关于${cnDate(f.noticedOn)}向你（单位）告知了拟作出的行政处罚内容及事实、理由、依据和依法享有的权利。${statements ? `你（单位）提出陈述、申辩：${statements}。` : ''}${heard ? `本机关于${cnDate(heard)}依法举行了听证。` : ''}`,
      ),
      para(
        `依据${f.legalBasis ?? blank(24)}，本机关决定对你（单位）作出如下行政处罚：${kindsText(f.penaltyKinds, fine)}。${f.discretionReason ? `裁量理由：${f.discretionReason}` : ''}`,
      ),
      para(
        `履行方式和期限：${f.performance ?? blank(20)}，${performBy}。${
          fine !== undefined
            ? `${f.performance ? '' : '罚款请到指定的银行或者通过电子支付系统缴纳。'}到期不缴纳罚款的，本机关将每日按罚款数额的百分之三加处罚款，加处罚款的数额不超过罚款数额（《中华人民共和国行政处罚法》第七十二条第一款第一项、《中华人民共和国行政强制法》第四十五条）。`
            : ''
        }`,
      ),
      para(remediesText(f)),
      para(
        '当事人申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外。逾期不申请行政复议、不提起行政诉讼又不履行的，本机关将依法申请人民法院强制执行。',
      ),
      seal(ctx),
    ]);
  },
};

const noPenaltyDecision: DocumentTemplate = {
  kind: 'no_penalty_decision',
  title: '不予行政处罚决定书',
  version: 'penalty-1',
  numbering: '{town}不罚〔{year}〕{seq}号',
  input: z.object({
    ground: choice(NO_PENALTY_GROUND_LABELS, '不予处罚理由').optional(),
    reasons: optText('事实和理由'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const ground = (ctx.input.ground ?? f.noPenalty?.ground) as keyof typeof NO_PENALTY_GROUND_LABELS | undefined;
    return form(ctx, '不予行政处罚决定书', [
      partyParticulars(ctx),
      para(`本机关对你（单位）${f.violation ?? blank(16)}一案进行了调查。`),
      para(`经查：${str(ctx.input.reasons) ?? f.noPenalty?.reasons ?? blank(40)}`),
      para(
        `本机关认为，你（单位）的情形属于${ground ? NO_PENALTY_GROUND_LABELS[ground] : blank(24)}，根据《中华人民共和国行政处罚法》第三十三条、第五十七条第一款的规定，决定不予行政处罚。`,
      ),
      para(
        '本机关已对你（单位）进行教育，请严格遵守法律、法规和规章的规定（《中华人民共和国行政处罚法》第三十三条第三款）。',
      ),
      para(remediesText(f)),
      seal(ctx),
    ]);
  },
};

const serviceReceipt: DocumentTemplate = {
  kind: 'service_receipt',
  title: '送达回证',
  version: 'penalty-1',
  input: z.object({
    document: optText('送达文书名称及文号', 200),
    method: choice(SERVICE_METHOD_LABELS, '送达方式').optional(),
    place: optText('送达地点', 200),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const method = ctx.input.method as keyof typeof SERVICE_METHOD_LABELS | undefined;
    const doc = str(ctx.input.document) ?? (f.decisionNo ? `行政处罚决定书（${f.decisionNo}）` : null);
    return form(ctx, '送达回证', [
      {
        type: 'fields',
        columns: 2,
        items: [
          { label: '送达文书名称及文号', value: doc },
          { label: '受送达人', value: party(ctx)?.name ?? null },
          { label: '送达地点', value: str(ctx.input.place) ?? party(ctx)?.address ?? null },
          { label: '送达方式', value: method ? SERVICE_METHOD_LABELS[method] : null },
          { label: '受送达人签名或者盖章', value: null, lines: 2 },
          { label: '签收日期', value: null },
          { label: '代收人及代收理由', value: null },
          { label: '送达人（签名）', value: null },
          { label: '见证人（留置送达）', value: null },
          {
            label: '备注',
            value:
              method === 'electronic'
                ? `当事人已于${cnDate(f.electronicConsentOn)}签订确认书，同意电子送达（《中华人民共和国行政处罚法》第六十一条第二款）。`
                : null,
            lines: 2,
          },
        ],
      },
      seal(ctx),
    ]);
  },
};

const reminder: DocumentTemplate = {
  kind: 'reminder',
  title: '催告书',
  version: 'penalty-1',
  numbering: '{town}罚催〔{year}〕{seq}号',
  input: z.object({ deadline: optDate('履行期限'), surcharge: optMoney('已加处罚款（元）') }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const sur = ctx.input.surcharge as number | undefined;
    return form(ctx, '催告书', [
      { type: 'paragraph', text: `${partyName(ctx)}：`, indent: false },
      para(
        `本机关于${cnDate(f.decidedOn)}对你（单位）作出${f.decisionNo ?? blank(16)}行政处罚决定，给予${kindsText(f.penaltyKinds, f.fineAmount)}，该决定书已于${cnDate(f.servedOn)}送达。你（单位）在法定期限内未申请行政复议或者提起行政诉讼，至今未履行。`,
      ),
      para(
        `根据《中华人民共和国行政强制法》第三十五条、第五十四条的规定，现催告你（单位）于${cnDate(ctx.input.deadline as string | undefined)}前履行上述决定${f.fineAmount ? `，缴纳罚款${yuan(f.fineAmount)}${sur ? `及加处罚款${yuan(sur)}` : ''}` : ''}。`,
      ),
      para('你（单位）有权进行陈述和申辩。'),
      para(
        `本催告书送达${REMINDER_WORKDAYS}个工作日后仍未履行的，本机关将依法申请人民法院强制执行（《中华人民共和国行政强制法》第五十三条、第五十四条）。`,
      ),
      seal(ctx),
    ]);
  },
};

const enforcementApplication: DocumentTemplate = {
  kind: 'enforcement_application',
  title: '强制执行申请书',
  version: 'penalty-1',
  input: z.object({ court: optText('受理法院', 100), surcharge: optMoney('加处罚款（元）') }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const sur = ctx.input.surcharge as number | undefined;
    return form(ctx, '强制执行申请书', [
      para(`申请人：${ctx.town.fullName}，地址：${blank(24)}，负责人：${blank(8)}。`),
      partyParticulars(ctx, '被申请人'),
      para(
        `申请事项：请求依法强制执行${f.decisionNo ?? blank(16)}行政处罚决定：${kindsText(f.penaltyKinds, f.fineAmount)}${sur ? `，加处罚款${yuan(sur)}` : ''}。`,
      ),
      para(
        `事实和理由：申请人于${cnDate(f.decidedOn)}作出上述决定，于${cnDate(f.servedOn)}送达被申请人。被申请人在法定期限内未申请行政复议或者提起行政诉讼，又不履行。申请人于${cnDate(f.reminderServedOn)}送达催告书，催告书送达${REMINDER_WORKDAYS}个工作日后被申请人仍未履行。根据《中华人民共和国行政强制法》第五十三条、第五十四条、第五十五条的规定，特申请强制执行。`,
      ),
      para('此致'),
      { type: 'paragraph', text: str(ctx.input.court) ?? blank(16), indent: false },
      {
        type: 'attachments',
        items: [
          '行政处罚决定书及送达回证',
          '作出决定的事实、理由和依据',
          '当事人的意见及催告情况',
          '申请强制执行标的情况',
        ],
      },
      seal(ctx),
      { type: 'signatures', items: [{ label: '负责人（签名）', date: true }] },
    ]);
  },
};

const summaryDecision: DocumentTemplate = {
  kind: 'summary_decision',
  title: '当场行政处罚决定书',
  version: 'penalty-1',
  numbering: '{town}罚当〔{year}〕{seq}号',
  input: z.object({
    facts: optText('违法行为', 2000),
    penaltyKinds: optKinds,
    fineAmount: optMoney('罚款金额（元）'),
    legalBasis: optText('处罚依据', 1000),
    time: optText('时间', 50),
    place: optText('地点', 200),
    reconsiderationBody: optText('行政复议机关', 100),
    court: optText('管辖人民法院', 100),
  }),
  render(ctx) {
    const i = ctx.input as Fields & { time?: string };
    const f = { ...fieldsOf(ctx), ...i };
    return form(ctx, '当场行政处罚决定书', [
      partyParticulars(ctx),
      para(`违法行为：${f.facts ?? blank(40)}`),
      para(`时间：${i.time ?? blank(16)}　地点：${i.place ?? fieldsOf(ctx).place ?? blank(20)}`),
      para(`依据${f.legalBasis ?? blank(24)}，当场作出如下行政处罚：${kindsText(f.penaltyKinds, f.fineAmount)}。`),
      para(
        `罚款应当自收到本决定书之日起${FINE_PAYMENT_DAYS}日内到指定的银行或者通过电子支付系统缴纳；到期不缴纳的，每日按罚款数额的百分之三加处罚款。`,
      ),
      para(remediesText(f)),
      para(
        '执法人员已向当事人出示执法证件（《中华人民共和国行政处罚法》第五十二条）。本决定书当场交付当事人；当事人拒绝签收的，在此注明。',
      ),
      {
        type: 'signatures',
        items: [
          { label: '执法人员（签名或者盖章）', date: true },
          { label: '当事人（签收）', date: true },
        ],
      },
      seal(ctx),
    ]);
  },
};

const closingReport: DocumentTemplate = {
  kind: 'closing_report',
  title: '结案报告',
  version: 'penalty-1',
  input: z.object({ summary: optText('执行情况及结案理由') }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const performed = f.paidOn
      ? `当事人于${cnDate(f.paidOn)}缴纳罚款${yuan(f.paidAmount)}${f.surchargePaid ? `及加处罚款${yuan(f.surchargePaid)}` : ''}`
      : f.executedOn
        ? `经人民法院强制执行，于${cnDate(f.executedOn)}执行完毕`
        : null;
    return form(ctx, '结案报告', [
      {
        type: 'fields',
        columns: 4,
        items: [
          ...caseRow(ctx),
          { label: '当事人', value: party(ctx)?.name ?? null },
          { label: '立案日期', value: f.filedOn ? cnDate(f.filedOn) : f.procedure === 'summary' ? '简易程序' : null },
          { label: '决定书文号', value: f.decisionNo ?? null },
          { label: '决定日期', value: f.decidedOn ? cnDate(f.decidedOn) : null },
          { label: '处罚内容', value: kindsText(f.penaltyKinds, f.fineAmount), wide: true },
          { label: '送达日期', value: f.servedOn ? cnDate(f.servedOn) : null },
          {
            label: '公示日期',
            value: f.publishedOn ? cnDate(f.publishedOn) : f.publicity === 'public' ? null : '不予公开',
          },
          { label: '执行情况', value: str(ctx.input.summary) ?? performed, wide: true, lines: 3 },
          { label: '承办人意见', value: null, wide: true, lines: 2 },
          { label: '负责人审批意见', value: null, wide: true, lines: 2 },
        ],
      },
    ]);
  },
};

export const PENALTY_TEMPLATES: Record<string, DocumentTemplate> = Object.fromEntries(
  [
    filingForm,
    inspectionRecord,
    inquiryRecord,
    preservationNotice,
    priorNotice,
    statementRecord,
    hearingNotice,
    hearingRecord,
    legalReviewOpinion,
    collectiveRecord,
    decision,
    noPenaltyDecision,
    serviceReceipt,
    reminder,
    enforcementApplication,
    summaryDecision,
    closingReport,
  ].map((t) => [t.kind, t]),
);
