/**
 * The 违法建设 documents on the 公文 form layout (documents/build.ts). Data entered once
 * (decision 0007): the 责令停止违法建设通知书 and the 催告书 take the date the action records
 * (`stop` ← orderedOn, `warn` ← deadline); the two decisions and the public notice are the
 * leader's approved decisions, so they read the approved proposal (as the petition module's
 * 延期告知书 does) and take no input of their own.
 */
import {
  AppError,
  CONSTRUCTION_PERMIT_LABELS,
  CONSTRUCTION_STRUCTURE_LABELS,
  type ConstructionFieldValues,
  isoDateSchema,
  LITIGATION_MONTHS,
  RECONSIDERATION_DAYS,
} from '@fazhi/domain';
import { z } from 'zod';
import { type Block, formDocument } from '../../documents/build.ts';
import {
  blank,
  type DocumentTemplate,
  formatChineseDate,
  type TemplateContext,
  type TemplateParty,
} from '../../documents/template.ts';

type Fields = Partial<ConstructionFieldValues>;
const fieldsOf = (ctx: TemplateContext) => ctx.case.fields as Fields;

const para = (text: string): Block => ({ type: 'paragraph', text });
const seal = (ctx: TemplateContext): Block => ({ type: 'seal', organ: ctx.town.fullName, date: ctx.issuedOn });

function day(date: string | undefined | null): string {
  return date ? formatChineseDate(date) : `${blank(4)}年${blank(2)}月${blank(2)}日`;
}

function builders(ctx: TemplateContext): TemplateParty[] {
  return ctx.case.parties.filter((p) => p.role === 'builder');
}

function salutation(ctx: TemplateContext): Block {
  const names = builders(ctx).map((p) => p.name);
  return { type: 'paragraph', text: `${names.length > 0 ? names.join('、') : blank(8)}：`, indent: false };
}

/** 当事人 with their address: 行政强制法 art 37 ¶2(1) asks for both in the decision. */
function partyLines(ctx: TemplateContext): Block[] {
  return builders(ctx).map((p) => ({
    type: 'paragraph',
    indent: false,
    text: `当事人：${p.name}${p.idNumber ? `，身份证号码：${p.idNumber}` : ''}，住址：${p.address ?? blank(16)}`,
  }));
}

/** 示范县 from 示范县湾头桥镇人民政府: the county whose government hears the 复议 (行政复议法 art 24 ¶1(2)). */
function county(ctx: TemplateContext): string {
  const i = ctx.town.fullName.indexOf(ctx.town.name);
  return i > 0 ? ctx.town.fullName.slice(0, i) : '县级';
}

/** 行政复议法 art 20, 24; 行政诉讼法 art 46: what the decision must say about the remedies. */
function remedies(ctx: TemplateContext, act: string): Block {
  return para(
    `如不服本${act}，可以在收到本${act}之日起${RECONSIDERATION_DAYS}日内向${county(ctx)}人民政府申请行政复议（《中华人民共和国行政复议法》第二十条、第二十四条），或者在收到本${act}之日起${LITIGATION_MONTHS}个月内依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。`,
  );
}

/** What was built, as the investigation found it. */
function facts(ctx: TemplateContext): string {
  const f = fieldsOf(ctx);
  const parts = [
    f.area !== undefined ? `建筑面积约${f.area}平方米` : null,
    f.floors !== undefined ? `${f.floors}层` : null,
    f.structure ? CONSTRUCTION_STRUCTURE_LABELS[f.structure] : null,
  ].filter(Boolean);
  const permit = f.permitStatus ? CONSTRUCTION_PERMIT_LABELS[f.permitStatus] : '未依法取得乡村建设规划许可证';
  return `经调查，你${f.startedOn ? `自${day(f.startedOn)}起` : ''}在${f.location ?? blank(12)}进行建设（${f.description ?? ''}${parts.length > 0 ? `，${parts.join('，')}` : ''}），${permit}，违反了《中华人民共和国城乡规划法》第四十一条的规定。`;
}

/** Refuses a document of a decision the town may not take (城乡规划法 arts 64, 65). */
function assertCompetent(ctx: TemplateContext): void {
  const zone = fieldsOf(ctx).zone;
  if (zone === 'urban') {
    throw new AppError(
      'UNPROCESSABLE',
      '该建设位于城市、镇规划区内，应由县级人民政府城乡规划主管部门查处（城乡规划法第六十四条），不能以本镇名义出具',
    );
  }
  if (zone === 'outside') {
    throw new AppError('UNPROCESSABLE', '该建设位于规划区外，不适用城乡规划法第六十五条，不能以本镇名义出具');
  }
}

/**
 * The decision the leader approved: the input of the latest `request_approval:<action>` once
 * approved, or, once the action has run, what it wrote into the fields (a corrected copy).
 */
function approved(ctx: TemplateContext, action: string, what: string, basis: string): Record<string, unknown> {
  let request: Record<string, unknown> | undefined;
  let decision: string | undefined;
  let ran = false;
  for (const e of ctx.case.events) {
    if (e.action === action) ran = true;
    else if (e.action === `request_approval:${action}`) {
      request = (e.data?.input ?? {}) as Record<string, unknown>;
      decision = undefined;
      ran = false;
    } else if (request && (e.action === `approve:${action}` || e.action === `reject:${action}`)) decision = e.action;
  }
  if (ran) return ctx.case.fields;
  if (!request) throw new AppError('UNPROCESSABLE', `尚未提请作出${what}，不能出具`);
  if (decision !== `approve:${action}`) {
    throw new AppError('UNPROCESSABLE', `${what}须经镇领导批准后方可出具（${basis}）`);
  }
  return request;
}

// ── 责令停止违法建设通知书 (城乡规划法 art 65) ─────────────────────────────────────────────

const stopOrder: DocumentTemplate = {
  kind: 'stop_order',
  title: '责令停止违法建设通知书',
  version: '1',
  numbering: '{town}违停〔{year}〕{seq}号',
  input: z.object({ orderedOn: isoDateSchema().describe('责令停止日期') }),
  render(ctx) {
    assertCompetent(ctx);
    const f = fieldsOf(ctx);
    const on = String(ctx.input.orderedOn);
    return formDocument({
      issuer: ctx.town.fullName,
      title: '责令停止违法建设通知书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        salutation(ctx),
        para(
          `经查，你在${f.location ?? blank(12)}进行的建设（${f.description ?? ''}），涉嫌未依法取得乡村建设规划许可证或者未按照乡村建设规划许可证的规定进行建设，违反了《中华人民共和国城乡规划法》第四十一条的规定。`,
        ),
        para(
          `根据《中华人民共和国城乡规划法》第六十五条的规定，本机关责令你自${day(on)}起立即停止建设，并于接到本通知之日起三日内携带土地使用、规划许可等相关材料到${ctx.town.name}综合行政执法队接受调查处理。`,
        ),
        para('拒不停止建设的，本机关将依法予以处理。'),
        seal(ctx),
      ],
    });
  },
};

// ── 限期拆除决定书 (城乡规划法 art 65; remedies 行政复议法 art 20, 行政诉讼法 art 46) ─────────────

const demolitionDecision: DocumentTemplate = {
  kind: 'demolition_decision',
  title: '限期拆除决定书',
  version: '1',
  numbering: '{town}违拆决〔{year}〕{seq}号',
  render(ctx) {
    assertCompetent(ctx);
    const f = fieldsOf(ctx);
    const d = approved(ctx, 'decide', '限期改正（拆除）决定', '本镇重大执法决定由镇领导审批');
    const correct = d.decisionKind === 'correct';
    const deadline = typeof d.rectifyDeadline === 'string' ? d.rectifyDeadline : undefined;
    const heard = f.statement
      ? `你在陈述申辩中提出：${f.statement.replace(/[。；，]$/, '')}。经复核，本机关${f.statementAdopted ? '采纳了你的意见' : '认为你的陈述申辩理由不成立，不予采纳'}。`
      : `本机关于${day(f.notifiedOn)}告知你拟作出决定的事实、理由、依据及你依法享有的陈述、申辩权利，你在规定期限内未提出陈述、申辩。`;
    return formDocument({
      issuer: ctx.town.fullName,
      title: correct ? '限期改正决定书' : '限期拆除决定书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        ...partyLines(ctx),
        para(facts(ctx)),
        para(heard),
        para(
          correct
            ? `根据《中华人民共和国城乡规划法》第六十五条的规定，本机关决定：责令你于${day(deadline)}前按照乡村建设规划许可的要求自行改正。逾期不改正的，本机关将依法作出限期拆除决定。`
            : `根据《中华人民共和国城乡规划法》第六十五条的规定，本机关决定：责令你于${day(deadline)}前自行拆除上述违法建设，恢复原状。逾期不拆除的，本机关将依照《中华人民共和国行政强制法》第三十五条至第三十七条、第四十四条的规定催告并依法强制拆除。`,
        ),
        remedies(ctx, '决定'),
        seal(ctx),
      ],
    });
  },
};

// ── 催告书 (行政强制法 arts 35, 36, 38) ───────────────────────────────────────────────────

const warning: DocumentTemplate = {
  kind: 'warning',
  title: '催告书',
  version: '1',
  numbering: '{town}违催〔{year}〕{seq}号',
  // Art 35 leaves the length to the organ; the town's practice is 10 working days (art 69).
  input: z.object({ deadline: isoDateSchema().describe('履行期限（一般为送达后十个工作日）') }),
  render(ctx) {
    const f = fieldsOf(ctx);
    return formDocument({
      issuer: ctx.town.fullName,
      title: '催告书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        salutation(ctx),
        para(
          `本机关于${day(f.decidedOn)}作出${f.decisionNo ? `${f.decisionNo}` : ''}《限期拆除决定书》，责令你于${day(f.rectifyDeadline)}前自行拆除位于${f.location ?? blank(12)}的违法建设。该决定已于${day(f.decisionServedOn)}送达，你至今未履行。`,
        ),
        para(
          `根据《中华人民共和国行政强制法》第三十五条的规定，现催告你：（一）履行期限：于${day(String(ctx.input.deadline))}前；（二）履行方式：自行拆除上述违法建设，恢复原状。`,
        ),
        para(
          '你依法享有陈述权和申辩权。你可以在收到本催告书之日起至履行期限届满前，向本机关提出陈述和申辩；本机关将充分听取你的意见，对你提出的事实、理由和证据进行记录、复核，成立的予以采纳（《中华人民共和国行政强制法》第三十六条）。',
        ),
        para('逾期仍不履行且无正当理由的，本机关将依法作出强制执行决定（《中华人民共和国行政强制法》第三十七条）。'),
        seal(ctx),
      ],
    });
  },
};

// ── 强制拆除决定书 (行政强制法 art 37 ¶2 (1)–(5)) ───────────────────────────────────────────

const enforcementDecision: DocumentTemplate = {
  kind: 'enforcement_decision',
  title: '强制拆除决定书',
  version: '1',
  numbering: '{town}违强决〔{year}〕{seq}号',
  render(ctx) {
    assertCompetent(ctx);
    const f = fieldsOf(ctx);
    const d = approved(ctx, 'decide_enforcement', '强制拆除决定', '行政强制法第三十七条');
    const planned = typeof d.demolitionPlannedOn === 'string' ? d.demolitionPlannedOn : undefined;
    const by = typeof d.selfDemolishBy === 'string' ? d.selfDemolishBy : undefined;
    return formDocument({
      issuer: ctx.town.fullName,
      title: '强制拆除决定书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        ...partyLines(ctx),
        para(
          `本机关于${day(f.decidedOn)}作出${f.decisionNo ?? ''}《限期拆除决定书》，责令你于${day(f.rectifyDeadline)}前自行拆除位于${f.location ?? blank(12)}的违法建设${f.area !== undefined ? `（建筑面积约${f.area}平方米）` : ''}。经本机关于${day(f.warnedOn)}催告，你在催告期限（${day(f.performDeadline)}）届满后仍未履行，且无正当理由。`,
        ),
        para(
          `根据《中华人民共和国城乡规划法》第六十五条、《中华人民共和国行政强制法》第三十七条、第四十四条的规定，本机关决定对上述违法建设实施强制拆除。`,
        ),
        para(
          `强制执行的方式和时间：本机关将予以公告，限你于${day(by)}前自行拆除；你在法定期限内不申请行政复议或者提起行政诉讼，又不拆除的，本机关将于${day(planned)}起依法组织强制拆除，拆除过程全程音像记录。`,
        ),
        remedies(ctx, '决定'),
        seal(ctx),
      ],
    });
  },
};

// ── 强制拆除公告 (行政强制法 art 44) ─────────────────────────────────────────────────────

const enforcementNotice: DocumentTemplate = {
  kind: 'enforcement_notice',
  title: '强制拆除公告',
  version: '1',
  numbering: '{town}违告〔{year}〕{seq}号',
  render(ctx) {
    assertCompetent(ctx);
    const f = fieldsOf(ctx);
    const d = approved(ctx, 'decide_enforcement', '强制拆除决定', '行政强制法第三十七条');
    const by = typeof d.selfDemolishBy === 'string' ? d.selfDemolishBy : undefined;
    const names = builders(ctx)
      .map((p) => p.name)
      .join('、');
    return formDocument({
      issuer: ctx.town.fullName,
      title: '强制拆除公告',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        para(
          `${names || blank(8)}在${f.location ?? blank(12)}建设的建筑物${f.area !== undefined ? `（建筑面积约${f.area}平方米）` : ''}，未依法取得乡村建设规划许可证或者未按照许可的规定建设，本机关已依照《中华人民共和国城乡规划法》第六十五条作出${f.decisionNo ?? ''}《限期拆除决定书》，当事人逾期未拆除，经催告仍未履行。`,
        ),
        para(
          `根据《中华人民共和国行政强制法》第四十四条的规定，现予公告：限当事人于${day(by)}前自行拆除上述违法建设。当事人在法定期限内不申请行政复议或者提起行政诉讼，又不拆除的，本机关将依法强制拆除。`,
        ),
        para('特此公告。'),
        seal(ctx),
      ],
    });
  },
};

export const CONSTRUCTION_TEMPLATES: Record<string, DocumentTemplate> = {
  stop_order: stopOrder,
  demolition_decision: demolitionDecision,
  warning,
  enforcement_decision: enforcementDecision,
  enforcement_notice: enforcementNotice,
};
