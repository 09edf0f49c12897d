/**
 * The petition's documents (信访工作条例 2022; docs/domain.md §Petitions). Every notice is
 * addressed to the petitioner by name and issued under the town government's name with its
 * seal line; notices and opinions carry their own 文号, one sequence per kind and year.
 *
 * A document is issued before the action it gates (the engine checks "issued first"), so
 * what the action will record is not on the case yet: such a template asks for it as
 * `input`, and the clerk's words go into the document verbatim.
 */
import {
  AppError,
  addPeriod,
  COLLECTIVE_MIN_PEOPLE,
  choice,
  createCalendar,
  DELIVERY_METHOD_LABELS,
  HANDLING_DAYS,
  HANDLING_EXTENSION_MAX_DAYS,
  isoDateSchema,
  PETITION_CATEGORY_LABELS,
  PETITION_CHANNEL_LABELS,
  PETITION_SOURCE_LABELS,
  type PetitionFieldValues,
  REPLY_OPINION_LABELS,
  REVIEW_OUTCOME_LABELS,
  REVIEW_WINDOW_DAYS,
  STATUTORY_ROUTE_LABELS,
  SUGGESTION_ADOPTION_LABELS,
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

// ── Reading the case ─────────────────────────────────────────────────────────────────────

type Fields = Partial<PetitionFieldValues>;

const fieldsOf = (ctx: TemplateContext) => ctx.case.fields as Fields;

function petitioners(ctx: TemplateContext): TemplateParty[] {
  return ctx.case.parties.filter((p) => p.role === 'petitioner');
}

/** 张三 / 张三、李四 / 张三等12人: whom a notice is addressed to. */
function addressee(ctx: TemplateContext): string {
  const names = petitioners(ctx).map((p) => p.name);
  const count = fieldsOf(ctx).peopleCount ?? names.length;
  if (names.length === 0) return blank(8);
  if (count > names.length) return `${names.slice(0, 3).join('、')}等${count}人`;
  return names.join('、');
}

/** The second person a notice uses: one petitioner, or a group. */
function you(ctx: TemplateContext): string {
  const count = Math.max(fieldsOf(ctx).peopleCount ?? 1, petitioners(ctx).length);
  return count > 1 ? '你们' : '你';
}

/** A date in 公文 form, or blanks to fill by hand. */
function day(date: string | undefined | null): string {
  return date ? formatChineseDate(date) : `${blank(4)}年${blank(2)}月${blank(2)}日`;
}

/** How the matter reached the town, as a phrase a notice opens with. */
const CHANNEL_VERB: Record<keyof typeof PETITION_CHANNEL_LABELS, string> = {
  visit: '来访',
  letter: '来信',
  online: '通过网上信访',
  phone: '来电',
  fax: '以传真方式',
};

/** “你于2023年3月2日来信反映的“村道硬化质量问题”” — the matter, as every notice names it. */
function matter(ctx: TemplateContext): string {
  const f = fieldsOf(ctx);
  const what = `“${ctx.case.title}”`;
  if (f.source && f.source !== 'direct') {
    const how = f.source === 'assigned' ? '交办' : '转送';
    return `${you(ctx)}反映的${what}信访事项，由上级机关${f.senderRef ? `以${f.senderRef}` : ''}${how}本机关，本机关于${day(f.receivedOn)}收到`;
  }
  const verb = f.channel ? CHANNEL_VERB[f.channel] : '';
  return `${you(ctx)}于${day(f.receivedOn)}${verb}反映的${what}信访事项`;
}

/** The 文号 of the last issued document of `kind`, from the case's events. */
function issuedNumber(ctx: TemplateContext, kind: string): string | null {
  const e = ctx.case.events.findLast((x) => x.action === `issue:${kind}`);
  const n = e?.data?.number;
  return typeof n === 'string' ? n : null;
}

/**
 * The organ one level above the town government, which hears a 复查 (art 35): the
 * county government, read off the town's full name (示范县湾头桥镇人民政府 → 示范县人民政府).
 */
function countyGovernment(ctx: TemplateContext): string {
  const suffix = `${ctx.town.name}人民政府`;
  const full = ctx.town.fullName;
  const county = full.endsWith(suffix) ? full.slice(0, full.length - suffix.length) : '';
  return county ? `${county}人民政府` : '上一级人民政府';
}

/** The closing of every document the town issues: its name, the date, room for the seal. */
function seal(ctx: TemplateContext): Block {
  return { type: 'seal', organ: ctx.town.fullName, date: ctx.issuedOn };
}

function para(text: string): Block {
  return { type: 'paragraph', text };
}

function salutation(ctx: TemplateContext): Block {
  return { type: 'paragraph', text: `${addressee(ctx)}：`, indent: false };
}

/** The official calendar: the one a template can reach without the town's local overrides. */
const OFFICIAL_CALENDAR = createCalendar();

function dueAfter(from: string, days: number): string {
  return addPeriod(OFFICIAL_CALENDAR, { unit: 'd', from, length: days }).due;
}

const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);
const optionalText = (label: string, max = 200) => z.string().trim().max(max).optional().describe(label);

// ── 信访事项登记表 ──────────────────────────────────────────────────────────────────────────

const registrationForm: DocumentTemplate = {
  kind: 'registration_form',
  title: '信访事项登记表',
  version: '1',
  render(ctx) {
    const f = fieldsOf(ctx);
    const people = petitioners(ctx);
    const items: FieldItem[] = [
      { label: '编号', value: ctx.case.number },
      { label: '收到日期', value: day(f.receivedOn) },
      { label: '信访形式', value: f.channel ? PETITION_CHANNEL_LABELS[f.channel] : null },
      { label: '来源', value: f.source ? PETITION_SOURCE_LABELS[f.source] : null },
      { label: '转送文号', value: f.senderRef ?? '' },
      { label: '登记日期', value: day(ctx.case.createdAt.slice(0, 10)) },
    ];
    const count = f.peopleCount ?? people.length;
    people.forEach((p, i) => {
      const n = people.length > 1 ? `信访人${i + 1}` : '信访人';
      items.push(
        { label: n, value: p.name },
        { label: '身份证号', value: p.idNumber ?? '' },
        { label: '联系电话', value: p.phone ?? '' },
        i === 0
          ? { label: '人数', value: `${count}人${count >= COLLECTIVE_MIN_PEOPLE ? '（集体访）' : ''}` }
          : { label: '', value: '' },
        { label: '住址', value: p.address ?? '', wide: true },
      );
    });
    items.push(
      { label: '信访类别', value: f.category ? PETITION_CATEGORY_LABELS[f.category] : null },
      { label: '问题领域', value: f.field ?? '' },
      { label: '所属村居', value: ctx.case.unitName ?? '' },
      { label: '登记人', value: ctx.issuerName },
    );
    if (f.representatives?.length) items.push({ label: '代表', value: f.representatives.join('、'), wide: true });
    items.push(
      { label: '信访事项', value: f.summary ?? '', wide: true, lines: 2 },
      { label: '诉求', value: f.requests ?? '', wide: true },
      { label: '拟办意见', value: '', wide: true, lines: 2 },
      { label: '领导批示', value: '', wide: true, lines: 2 },
    );
    return formDocument({
      issuer: ctx.town.fullName,
      title: '信访事项登记表',
      body: [{ type: 'fields', columns: 4, items }],
    });
  },
};

// ── 受理告知书 (art 23 ¶2–¶3; arts 29, 31(6), 34) ─────────────────────────────────────────

const acceptanceNotice: DocumentTemplate = {
  kind: 'acceptance_notice',
  title: '受理告知书',
  version: '1',
  numbering: '{town}信受告〔{year}〕{seq}号',
  input: z.object({
    contact: optionalText('联系人及联系电话', 100),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const contact = ctx.input.contact as string | undefined;
    const how =
      f.category === 'suggestion'
        ? `本机关将对${you(ctx)}提出的建议意见认真研究论证，并予以书面回复（《信访工作条例》第二十九条）。`
        : `本机关将依照《信访工作条例》第三十一条第六项的规定，听取${you(ctx)}陈述事实和理由，调查核实后出具信访处理意见书，自受理之日起${HANDLING_DAYS}日内办结；情况复杂的，经本机关负责人批准可以适当延长办理期限，延长期限不超过${HANDLING_EXTENSION_MAX_DAYS}日，并告知延期理由（第三十四条）。`;
    return formDocument({
      issuer: ctx.town.fullName,
      title: '受理告知书',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(`${matter(ctx)}（信访事项编号：${ctx.case.number}），本机关已于${day(ctx.issuedOn)}依法受理。`),
        para(how),
        para(
          `办理过程中，${you(ctx)}可以通过信访信息系统查询办理进展。请${you(ctx)}依法有序反映诉求，不得有《信访工作条例》第二十六条所列行为。`,
        ),
        ...(contact ? [para(`联系人及联系电话：${contact}`)] : []),
        para('特此告知。'),
        seal(ctx),
      ],
    });
  },
};

// ── 不予受理告知书 (art 36 ¶3: a matter concluded by 复核, raised again) ───────────────────

const nonAcceptanceInput = z.object({
  priorCaseNo: text('已复核终结的原信访事项编号', 60),
  reason: text('具体理由'),
});

const nonAcceptanceNotice: DocumentTemplate = {
  kind: 'non_acceptance_notice',
  title: '不予受理告知书',
  // 2: a matter outside competence has its own notice (告知书（向有权处理的机关提出）).
  version: '2',
  numbering: '{town}信不受告〔{year}〕{seq}号',
  input: nonAcceptanceInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof nonAcceptanceInput>;
    return formDocument({
      issuer: ctx.town.fullName,
      title: '不予受理告知书',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(`${matter(ctx)}，经审查，${i.reason.replace(/[。；，]$/, '')}。`),
        para(
          `该事项已经复核终结（原信访事项编号：${i.priorCaseNo}），${you(ctx)}仍以同一事实和理由提出投诉请求。根据《信访工作条例》第三十六条第三款的规定，本机关不再受理。`,
        ),
        para('特此告知。'),
        seal(ctx),
      ],
    });
  },
};

// ── 告知书（向有权处理的机关提出） (art 23 ¶1–¶2: outside the town's competence) ────────────

const competentBodyInput = z.object({
  authority: text('应当向其提出的有权处理机关', 100),
  authorityContact: optionalText('该机关地址及联系方式', 200),
  reason: text('不属于本机关职权范围的理由'),
});

/**
 * Art 23 ¶1: a matter brought directly that is outside the town's competence is registered
 * and the petitioner is told to bring it to the competent body; it is not 不予受理 (the
 * statute keeps that wording for art 36 ¶3). Told on the spot in writing when possible (¶2).
 */
const competentBodyNotice: DocumentTemplate = {
  kind: 'competent_body_notice',
  title: '告知书',
  version: '1',
  numbering: '{town}信职告〔{year}〕{seq}号',
  input: competentBodyInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof competentBodyInput>;
    const contact = i.authorityContact ? `（${i.authorityContact.replace(/[。；，]$/, '')}）` : '';
    return formDocument({
      issuer: ctx.town.fullName,
      title: '告知书',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(`${matter(ctx)}（信访事项编号：${ctx.case.number}），本机关已予登记。`),
        para(`经审查，${i.reason.replace(/[。；，]$/, '')}，该事项不属于本机关职权范围。`),
        para(`根据《信访工作条例》第二十三条第一款的规定，请${you(ctx)}向${i.authority}${contact}提出，由其依法处理。`),
        para('特此告知。'),
        seal(ctx),
      ],
    });
  },
};

// ── 告知书（其他法定途径） (arts 28 ¶2, 31(1)–(5)) ──────────────────────────────────────────

const routeInput = z.object({
  route: choice(STATUTORY_ROUTE_LABELS, '法定途径'),
  authority: text('有权处理机关', 100),
  reason: text('告知内容'),
});

/** '行政复议（第三十一条第四项）' → ['行政复议', '第三十一条第四项']. */
function splitRoute(label: string): [string, string] {
  const m = /^(.*)（(.*)）$/.exec(label);
  return m ? [m[1]!, m[2]!] : [label, '第三十一条'];
}

const routeNotice: DocumentTemplate = {
  kind: 'route_notice',
  title: '告知书',
  version: '1',
  numbering: '{town}信告〔{year}〕{seq}号',
  input: routeInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof routeInput>;
    const [route, article] = splitRoute(STATUTORY_ROUTE_LABELS[i.route]);
    // Art 31(5) keeps the matter with the organ: it performs or answers, it does not send away.
    const decision =
      i.route === 'duty'
        ? `该事项属于申请查处违法行为、履行保护人身权或者财产权等合法权益职责的事项。根据《信访工作条例》${article}的规定，由${i.authority}依法履行职责或者予以答复。`
        : `该事项应当通过${route}解决。根据《信访工作条例》第二十八条第二款、${article}的规定，请${you(ctx)}依照法律、法规规定的程序向${i.authority}提出，本机关不再按信访程序办理。`;
    return formDocument({
      issuer: ctx.town.fullName,
      title: '告知书',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(`${matter(ctx)}，经审查，${i.reason.replace(/[。；，]$/, '')}。`),
        para(decision),
        para('特此告知。'),
        seal(ctx),
      ],
    });
  },
};

// ── 转送/交办单 (art 22 ¶2; art 30 for 检举控告 to 纪检监察) ────────────────────────────────

const FORWARD_MODES = { forward: '转送', assign: '交办' } as const;

const forwardInput = z.object({
  mode: choice(FORWARD_MODES, '转送或交办'),
  to: text('接收单位', 100),
  dueOn: isoDateSchema().optional().describe('要求办结（反馈）日期'),
  requirements: optionalText('办理要求', 500),
});

const forwardSlip: DocumentTemplate = {
  kind: 'forward_slip',
  title: '信访事项转送/交办单',
  version: '1',
  numbering: '{town}信转〔{year}〕{seq}号',
  input: forwardInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof forwardInput>;
    const f = fieldsOf(ctx);
    const mode = FORWARD_MODES[i.mode];
    const people = petitioners(ctx);
    // Art 30 ¶3: the slip for an accusation goes to 纪检监察 only, and says so on its face.
    const secret = f.category === 'accusation';
    const items: FieldItem[] = [
      { label: '信访事项编号', value: ctx.case.number },
      { label: '收到日期', value: day(f.receivedOn) },
      { label: '信访人', value: addressee(ctx) },
      { label: '联系电话', value: people.find((p) => p.phone)?.phone ?? '' },
      { label: '信访形式', value: f.channel ? PETITION_CHANNEL_LABELS[f.channel] : '' },
      { label: '信访类别', value: f.category ? PETITION_CATEGORY_LABELS[f.category] : '' },
      { label: '信访事项', value: f.summary ?? ctx.case.title, wide: true, lines: 2 },
      { label: '诉求', value: f.requests ?? '', wide: true },
      { label: '办理要求', value: i.requirements ?? '', wide: true },
      { label: '办结期限', value: i.dueOn ? `请于${day(i.dueOn)}前办结并反馈结果` : '', wide: true },
    ];
    const body: Block[] = [
      { type: 'paragraph', text: `${i.to}：`, indent: false },
      para(
        `现将${addressee(ctx)}反映的“${ctx.case.title}”信访事项${mode}你单位，请${secret ? '依规依纪依法' : '依法'}处理${i.mode === 'assign' ? '，并按期反馈办理结果，提交办结报告' : ''}（《信访工作条例》${secret ? '第三十条' : '第二十三条第一款'}）。`,
      ),
      { type: 'fields', columns: 4, items },
    ];
    if (secret) {
      body.push(
        para(
          '本件为检举控告类信访事项，不得将检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位（《信访工作条例》第三十条第三款）。',
        ),
      );
    }
    body.push(seal(ctx));
    return formDocument({
      issuer: ctx.town.fullName,
      title: `信访事项${mode}单`,
      number: ctx.number ?? undefined,
      body,
    });
  },
};

// ── 异议函 (art 23 ¶3: within 5 working days of receipt) ────────────────────────────────

const objectionInput = z.object({
  to: text('转送、交办机关', 100),
  reasons: text('异议理由'),
  suggestedAuthority: optionalText('建议转送的有权处理机关', 100),
});

const objectionLetter: DocumentTemplate = {
  kind: 'objection_letter',
  title: '异议函',
  version: '1',
  numbering: '{town}信异〔{year}〕{seq}号',
  input: objectionInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof objectionInput>;
    const f = fieldsOf(ctx);
    const how = f.source === 'assigned' ? '交办' : '转送';
    return formDocument({
      issuer: ctx.town.fullName,
      title: '关于信访事项的异议函',
      number: ctx.number ?? undefined,
      body: [
        { type: 'paragraph', text: `${i.to}：`, indent: false },
        para(
          `你单位${f.senderRef ? `以${f.senderRef}` : ''}${how}本机关的${addressee(ctx)}反映“${ctx.case.title}”信访事项（本机关登记编号：${ctx.case.number}），本机关于${day(f.receivedOn)}收到。经研究，该事项不属于本机关职权范围，理由如下：`,
        ),
        para(i.reasons),
        para(
          `${i.suggestedAuthority ? `建议将该事项转送${i.suggestedAuthority}处理。` : ''}根据《信访工作条例》第二十三条第三款的规定，特提出异议，请予核实。经你单位核实同意后，本机关将交还相关材料。`,
        ),
        seal(ctx),
      ],
    });
  },
};

// ── 延期告知书 (art 34: the head approves, the petitioner is told why) ─────────────────────

/**
 * The extension the notice announces: the latest request since the last extension, which
 * the leader must have approved. Art 34 makes approval the condition and the notice its
 * consequence, so a notice for an unapproved request is refused rather than issued.
 */
function approvedExtension(ctx: TemplateContext): { length: number; reason: string; previous: number } {
  let request: TemplateContext['case']['events'][number] | undefined;
  let decision: string | undefined;
  let previous = 0;
  for (const e of ctx.case.events) {
    if (e.action === 'extend') {
      const n = Number(e.data?.input && (e.data.input as Record<string, unknown>).length);
      previous += Number.isFinite(n) ? n : 0;
      request = undefined;
      decision = undefined;
    } else if (e.action === 'request_approval:extend') {
      request = e;
      decision = undefined;
    } else if (request && (e.action === 'approve:extend' || e.action === 'reject:extend')) {
      decision = e.action;
    }
  }
  if (!request) throw new AppError('UNPROCESSABLE', '尚未提出延长办理期限的申请，不能出具延期告知书');
  if (decision !== 'approve:extend') {
    throw new AppError(
      'UNPROCESSABLE',
      '延长办理期限须经本机关负责人（镇领导）批准后，方可出具延期告知书（信访工作条例第三十四条）',
    );
  }
  const input = (request.data?.input ?? {}) as { length?: number; reason?: string };
  return {
    length: Number(input.length ?? 0),
    reason: String(input.reason ?? ''),
    previous: Math.min(previous, HANDLING_EXTENSION_MAX_DAYS),
  };
}

const extensionNotice: DocumentTemplate = {
  kind: 'extension_notice',
  title: '延期告知书',
  version: '1',
  numbering: '{town}信延告〔{year}〕{seq}号',
  render(ctx) {
    const f = fieldsOf(ctx);
    const ext = approvedExtension(ctx);
    if (!f.acceptedOn) throw new AppError('UNPROCESSABLE', '本件尚未受理，不能延长办理期限');
    const oldDue = dueAfter(f.acceptedOn, HANDLING_DAYS + ext.previous);
    const newDue = dueAfter(f.acceptedOn, HANDLING_DAYS + ext.previous + ext.length);
    return formDocument({
      issuer: ctx.town.fullName,
      title: '延期告知书',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(
          `${matter(ctx)}（信访事项编号：${ctx.case.number}），本机关已于${day(f.acceptedOn)}受理，原定于${day(oldDue)}前办结。`,
        ),
        para(
          `因${ext.reason.replace(/[。；，]$/, '')}，不能在原定期限内办结。根据《信访工作条例》第三十四条的规定，经本机关负责人批准，办理期限延长${ext.length}日，将于${day(newDue)}前办结。`,
        ),
        para('特此告知。'),
        seal(ctx),
      ],
    });
  },
};

// ── 信访处理意见书 (arts 32, 35) ─────────────────────────────────────────────────────────

const opinionInput = z.object({
  opinion: choice(REPLY_OPINION_LABELS, '处理意见'),
  facts: text('事实'),
  reasons: text('理由'),
  legalBasis: text('法律法规依据'),
  reviewOrgan: optionalText('复查机关（默认为上一级人民政府）', 100),
});

/** Art 32 ¶1 (1)–(3), in the words of the statute. */
const OPINION_TEXT: Record<keyof typeof REPLY_OPINION_LABELS, string> = {
  support: '你的信访请求事实清楚，符合法律、法规、规章或者其他有关规定，本机关予以支持，并将督促有关单位执行。',
  explain: '你的信访请求事由合理，但缺乏法律依据，本机关对此作出如上解释说明。',
  not_support: '你的信访请求缺乏事实根据或者不符合法律、法规、规章或者其他有关规定，本机关不予支持。',
};

const handlingOpinion: DocumentTemplate = {
  kind: 'handling_opinion',
  title: '信访处理意见书',
  version: '1',
  numbering: '{town}信意〔{year}〕{seq}号',
  input: opinionInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof opinionInput>;
    const f = fieldsOf(ctx);
    const reviewOrgan = i.reviewOrgan || countyGovernment(ctx);
    const opinion = OPINION_TEXT[i.opinion].replaceAll('你的', `${you(ctx)}的`);
    return formDocument({
      issuer: ctx.town.fullName,
      title: '信访处理意见书',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(
          `${matter(ctx)}（信访事项编号：${ctx.case.number}），本机关已于${day(f.acceptedOn)}依法受理，并听取了${you(ctx)}的陈述，进行了调查核实。现将处理意见告知如下：`,
        ),
        { type: 'heading', level: 1, text: '一、信访请求' },
        para(f.requests ?? ''),
        { type: 'heading', level: 1, text: '二、事实和理由' },
        para(`经调查核实：${i.facts}`),
        para(i.reasons),
        { type: 'heading', level: 1, text: '三、处理意见' },
        para(opinion),
        { type: 'heading', level: 1, text: '四、法律法规依据' },
        para(i.legalBasis),
        para(
          `${you(ctx)}如对本处理意见不服，可以自收到本意见书之日起${REVIEW_WINDOW_DAYS}日内，向${reviewOrgan}请求复查（《信访工作条例》第三十五条）。`,
        ),
        seal(ctx),
      ],
    });
  },
};

// ── 送达回证 ───────────────────────────────────────────────────────────────────────────────

const deliveryInput = z.object({
  method: choice(DELIVERY_METHOD_LABELS, '送达方式').optional(),
  place: optionalText('送达地点', 200),
});

const deliveryReceipt: DocumentTemplate = {
  kind: 'delivery_receipt',
  title: '送达回证',
  version: '1',
  input: deliveryInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof deliveryInput>;
    const served = issuedNumber(ctx, 'handling_opinion');
    const first = petitioners(ctx)[0];
    return formDocument({
      issuer: ctx.town.fullName,
      title: '送达回证',
      body: [
        {
          type: 'fields',
          columns: 2,
          items: [
            { label: '信访事项编号', value: ctx.case.number },
            { label: '送达文书', value: `信访处理意见书${served ? `（${served}）` : ''}` },
            { label: '受送达人', value: addressee(ctx) },
            { label: '送达地点', value: i.place || first?.address || '' },
            { label: '送达方式', value: i.method ? DELIVERY_METHOD_LABELS[i.method] : '' },
            { label: '受送达人签名', value: `\n${blank(16)}年${blank(4)}月${blank(4)}日`, lines: 2 },
            { label: '代收人及理由', value: '' },
            { label: '送达人签名', value: `\n${blank(16)}年${blank(4)}月${blank(4)}日`, lines: 2 },
            { label: '备注', value: '' },
          ],
        },
        para('受送达人拒绝签收的，送达人应当在备注栏注明拒收事由和日期，并由送达人、见证人签名。'),
        seal(ctx),
      ],
    });
  },
};

// ── 复查意见书 / 复核意见书 (arts 35, 36): the higher body's opinion, recorded by the town ────

const reviewInput = z.object({
  outcome: choice(REVIEW_OUTCOME_LABELS, '结论'),
  opinion: text('意见'),
  decidedOn: isoDateSchema().describe('意见日期'),
  organNumber: optionalText('意见书文号', 60),
  nextOrgan: optionalText('上一级机关', 100),
});

function reviewTemplate(kind: 'review_opinion' | 'rereview_opinion'): DocumentTemplate {
  const isReview = kind === 'review_opinion';
  const title = isReview ? '复查意见书' : '复核意见书';
  const what = isReview ? '复查' : '复核';
  return {
    kind,
    title,
    version: '1',
    input: reviewInput,
    render(ctx) {
      const i = ctx.input as z.output<typeof reviewInput>;
      const f = fieldsOf(ctx);
      const r = isReview ? f.review : f.rereview;
      if (!r) throw new AppError('UNPROCESSABLE', `尚未登记${what}请求，不能制作${title}`);
      const opinionNo = issuedNumber(ctx, 'handling_opinion');
      const against = isReview
        ? `${ctx.town.fullName}${opinionNo ? `${opinionNo}` : ''}《信访处理意见书》`
        : `${f.review?.organ ?? ''}作出的复查意见`;
      const original = isReview ? '原处理意见' : '复查意见';
      const outcome =
        i.outcome === 'upheld' ? `本机关维持${original}。` : `本机关变更${original}，以本${what}意见为准。`;
      // Art 36: after the 复查 the petitioner may still ask for 复核; after the 复核 the matter is closed (¶3).
      const after = isReview
        ? `${you(ctx)}如对本复查意见不服，可以自收到本意见书之日起${REVIEW_WINDOW_DAYS}日内，向${i.nextOrgan || '本机关的上一级机关'}请求复核（《信访工作条例》第三十六条第一款）。`
        : `本复核意见为终结意见。${you(ctx)}如对本复核意见不服，仍然以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理（《信访工作条例》第三十六条第三款）。`;
      return formDocument({
        issuer: r.organ,
        title,
        number: i.organNumber || undefined,
        body: [
          salutation(ctx),
          para(
            `${you(ctx)}不服${against}，于${day(r.requestedOn)}向本机关请求${what}。本机关依照《信访工作条例》第${isReview ? '三十五' : '三十六'}条的规定进行了${what}，现提出${what}意见如下：`,
          ),
          para(i.opinion),
          para(outcome),
          para(after),
          { type: 'seal', organ: r.organ, date: i.decidedOn },
        ],
      });
    },
  };
}

// ── 包案责任表 (art 18 ¶2; local “四包” practice [S], docs/domain.md §Leaders' receptions and 包案) ──

const ownershipInput = z.object({
  leaderName: optionalText('包案领导（默认为出具人）', 50),
  plan: text('化解方案'),
  targetDate: isoDateSchema().describe('化解时限'),
  unit: optionalText('责任单位', 100),
  responsible: optionalText('具体责任人', 50),
});

const ownershipForm: DocumentTemplate = {
  kind: 'ownership_form',
  title: '包案责任表',
  version: '1',
  input: ownershipInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof ownershipInput>;
    const f = fieldsOf(ctx);
    return formDocument({
      issuer: ctx.town.fullName,
      title: '领导包案责任表',
      body: [
        {
          type: 'fields',
          columns: 4,
          items: [
            { label: '事项编号', value: ctx.case.number },
            { label: '收到日期', value: day(f.receivedOn) },
            { label: '信访人', value: addressee(ctx) },
            { label: '所属村居', value: ctx.case.unitName ?? '' },
            { label: '信访事项', value: f.summary ?? ctx.case.title, wide: true, lines: 2 },
            { label: '诉求', value: f.requests ?? '', wide: true },
            { label: '包案领导', value: i.leaderName || ctx.issuerName },
            { label: '化解时限', value: day(i.targetDate) },
            { label: '责任单位', value: i.unit || f.handler?.unit || '' },
            { label: '责任人', value: i.responsible ?? '' },
            { label: '化解方案', value: i.plan, wide: true, lines: 2 },
            {
              label: '包案责任',
              value: '包掌握情况、包教育疏导、包解决问题、包息访稳定；在化解时限内办结，确需延期的报镇主要负责人批准。',
              wide: true,
            },
            { label: '进展结果', value: '', wide: true, lines: 2 },
            { label: '领导签名', value: '' },
            { label: '签名日期', value: `${blank(4)}年${blank(2)}月${blank(2)}日` },
          ],
        },
        seal(ctx),
      ],
    });
  },
};

// ── 建议意见答复函 (art 29) ───────────────────────────────────────────────────────────────

const suggestionInput = z.object({
  adoption: choice(SUGGESTION_ADOPTION_LABELS, '采纳情况'),
  answer: text('答复内容'),
});

const ADOPTION_TEXT: Record<keyof typeof SUGGESTION_ADOPTION_LABELS, string> = {
  adopted: '经研究论证，本机关决定采纳。',
  partly_adopted: '经研究论证，本机关决定部分采纳。',
  not_adopted: '经研究论证，该建议意见暂不具备实施条件，本机关不予采纳。',
};

const suggestionReply: DocumentTemplate = {
  kind: 'suggestion_reply',
  title: '建议意见答复函',
  version: '1',
  numbering: '{town}信复〔{year}〕{seq}号',
  input: suggestionInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof suggestionInput>;
    return formDocument({
      issuer: ctx.town.fullName,
      title: '建议意见答复函',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(`${matter(ctx)}收悉。本机关对${you(ctx)}提出的建议意见进行了认真研究论证，现答复如下：`),
        para(i.answer),
        para(ADOPTION_TEXT[i.adoption]),
        para(`感谢${you(ctx)}对${ctx.town.name}工作的关心和支持。`),
        seal(ctx),
      ],
    });
  },
};

// ── 当场答复告知书 (art 23 ¶2: 能够当场告知的，应当当场书面告知) ──────────────────────────

const onSpotInput = z.object({ answer: text('答复内容') });

/** A visit answered there and then (e.g. at a leader's 开门接访): registered, answered, told in writing. */
const onSpotNotice: DocumentTemplate = {
  kind: 'on_spot_notice',
  title: '当场答复告知书',
  version: '1',
  numbering: '{town}信当告〔{year}〕{seq}号',
  input: onSpotInput,
  render(ctx) {
    const i = ctx.input as z.output<typeof onSpotInput>;
    return formDocument({
      issuer: ctx.town.fullName,
      title: '当场答复告知书',
      number: ctx.number ?? undefined,
      body: [
        salutation(ctx),
        para(`${matter(ctx)}，本机关已予登记（信访事项编号：${ctx.case.number}），并当场答复如下：`),
        para(`${i.answer.replace(/[。；，]$/, '')}。`),
        para(
          `根据《信访工作条例》第二十三条第二款的规定，特此书面告知。${you(ctx)}如有新的事实和理由，可以依法另行提出。`,
        ),
        seal(ctx),
      ],
    });
  },
};

// ── 调解协议书 / 和解协议书 (art 33) ────────────────────────────────────────────────────────

const settlementInput = z.object({
  otherParty: text('另一方当事人（姓名或者名称）', 100),
  otherPartyParticulars: optionalText('另一方当事人基本情况（住址、联系方式等）', 200),
  facts: optionalText('争议的主要事实（默认为登记的信访事项）', 2000),
  terms: text('协议内容（每项一段）', 5000),
  performance: optionalText('履行方式、地点和期限', 500),
});

/** “张三，男……住址……”: the petitioner's particulars as an agreement lists them. */
function particulars(p: TemplateParty): string {
  const parts = [p.name];
  if (p.idNumber) parts.push(`身份证号码${p.idNumber}`);
  if (p.address) parts.push(`住址${p.address}`);
  if (p.phone) parts.push(`联系电话${p.phone}`);
  return parts.join('，');
}

/**
 * Art 33: while handling a 申诉求决 matter the organ may mediate with both sides' consent, or
 * guide them to a voluntary reconciliation; an agreement reached either way is written as a
 * 调解协议书 or 和解协议书. Issued by the town (the organ handling the matter), signed by the
 * two sides and, for a mediation, by the town's mediator; the matter then ends (see the
 * settle_* actions in domain/src/cases/petition.ts).
 */
function settlementAgreement(kind: 'mediation_agreement' | 'reconciliation_agreement'): DocumentTemplate {
  const mediated = kind === 'mediation_agreement';
  const title = mediated ? '调解协议书' : '和解协议书';
  return {
    kind,
    title,
    version: '1',
    numbering: mediated ? '{town}信调协〔{year}〕{seq}号' : '{town}信和协〔{year}〕{seq}号',
    input: settlementInput,
    render(ctx) {
      const i = ctx.input as z.output<typeof settlementInput>;
      const f = fieldsOf(ctx);
      if (f.category && f.category !== 'claim') {
        throw new AppError(
          'UNPROCESSABLE',
          `只有申诉求决类事项可以${mediated ? '调解' : '和解'}（信访工作条例第三十三条）`,
        );
      }
      const people = petitioners(ctx);
      const lines = (text: string): Block[] =>
        text
          .split(/\n+/)
          .map((t) => t.trim())
          .filter(Boolean)
          .map((t, n, all) =>
            para(all.length > 1 && !/^[（(]?[一二三四五六七八九十\d]+[、.．)）]/.test(t) ? `${n + 1}. ${t}` : t),
          );
      const how = mediated
        ? `本机关在办理上述申诉求决类信访事项过程中，经双方当事人同意，依照《信访工作条例》第三十三条的规定进行调解。双方当事人在不违反政策法规强制性规定的前提下，自愿达成如下协议：`
        : `本机关在办理上述申诉求决类信访事项过程中，依照《信访工作条例》第三十三条的规定，引导双方当事人自愿和解。双方当事人经协商，自愿达成如下和解协议：`;
      return formDocument({
        issuer: ctx.town.fullName,
        title,
        number: ctx.number ?? undefined,
        body: [
          { type: 'heading', level: 1, text: '一、当事人' },
          ...(people.length > 0
            ? people.map((p) => para(`信访人：${particulars(p)}。`))
            : [para(`信访人：${blank(30)}`)]),
          para(
            `另一方当事人：${i.otherParty}${i.otherPartyParticulars ? `，${i.otherPartyParticulars.replace(/[。；，]$/, '')}` : ''}。`,
          ),
          { type: 'heading', level: 1, text: '二、信访事项和争议的主要事实' },
          para(`${matter(ctx)}（信访事项编号：${ctx.case.number}），本机关已于${day(f.acceptedOn)}依法受理。`),
          para(i.facts ?? f.summary ?? ''),
          { type: 'heading', level: 1, text: '三、信访人的请求' },
          para(f.requests ?? ''),
          { type: 'heading', level: 1, text: mediated ? '四、调解协议' : '四、和解协议' },
          para(how),
          ...lines(i.terms),
          { type: 'heading', level: 1, text: '五、履行方式、地点和期限' },
          para(i.performance ? `${i.performance.replace(/[。；，]$/, '')}。` : `${blank(40)}。`),
          { type: 'heading', level: 1, text: '六、其他' },
          para(
            `本协议是双方当事人${mediated ? '经调解' : '经协商'}自愿达成的一致意见，双方当事人应当按照约定履行。本协议自双方当事人签名（盖章）${mediated ? '、调解人员签名' : ''}之日起生效，该信访事项据此办结。`,
          ),
          para('本协议一式三份，双方当事人各执一份，本机关留存一份。'),
          {
            type: 'signatures',
            items: [
              { label: '信访人（签名）', date: true },
              { label: '另一方当事人（签章）', date: true },
              ...(mediated ? [{ label: '调解人员（签名）', date: true }] : []),
            ],
          },
          seal(ctx),
        ],
      });
    },
  };
}

/** Every document kind of the petition type has a template. */
export const PETITION_TEMPLATES: Record<string, DocumentTemplate> = Object.fromEntries(
  [
    registrationForm,
    acceptanceNotice,
    nonAcceptanceNotice,
    competentBodyNotice,
    onSpotNotice,
    forwardSlip,
    objectionLetter,
    extensionNotice,
    handlingOpinion,
    deliveryReceipt,
    reviewTemplate('review_opinion'),
    reviewTemplate('rereview_opinion'),
    ownershipForm,
    routeNotice,
    suggestionReply,
    settlementAgreement('mediation_agreement'),
    settlementAgreement('reconciliation_agreement'),
  ].map((t) => [t.kind, t]),
);
