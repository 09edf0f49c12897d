/**
 * The 安全隐患 documents on the 公文 form layout (documents/build.ts), each naming the unit as
 * the case's context hook read it (safety_units). Data entered once (decision 0007): the
 * 责令限期整改指令书 feeds `order` (deadline, measure), the 整改复查意见书 feeds the re-inspection
 * (date, opinion; its conclusion must match the action), the 案件移送书 feeds `transfer`.
 */
import {
  AppError,
  choice,
  type HazardContext,
  type HazardFieldValues,
  isoDateSchema,
  REINSPECTION_RESULT_LABELS,
} from '@fazhi/domain';
import { HAZARD_LEVEL_LABELS } from '@fazhi/domain/api/safety';
import { z } from 'zod';
import { type Block, formDocument } from '../../../documents/build.ts';
import { blank, type DocumentTemplate, formatChineseDate, type TemplateContext } from '../../../documents/template.ts';

type Fields = Partial<HazardFieldValues>;
const fieldsOf = (ctx: TemplateContext) => ctx.case.fields as Fields;
const unitOf = (ctx: TemplateContext) => (ctx.context as Partial<HazardContext> | undefined)?.unit ?? null;

const para = (text: string): Block => ({ type: 'paragraph', text });
const seal = (ctx: TemplateContext): Block => ({ type: 'seal', organ: ctx.town.fullName, date: ctx.issuedOn });

function day(date: string | undefined | null): string {
  return date ? formatChineseDate(date) : `${blank(4)}年${blank(2)}月${blank(2)}日`;
}

function unitName(ctx: TemplateContext): string {
  return unitOf(ctx)?.name ?? blank(16);
}

function salutation(ctx: TemplateContext): Block {
  return { type: 'paragraph', text: `${unitName(ctx)}：`, indent: false };
}

/** 被检查单位 with its 统一社会信用代码, address and principal. */
function unitFields(ctx: TemplateContext): Block {
  const u = unitOf(ctx);
  return {
    type: 'fields',
    columns: 4,
    items: [
      { label: '被检查单位', value: u?.name ?? null, wide: true },
      { label: '统一社会信用代码', value: u?.creditCode ?? null },
      { label: '主要负责人', value: u?.principalName ?? null },
      { label: '地址', value: u?.address ?? null, wide: true },
    ],
  };
}

/** The hazard as found, in one sentence. */
function found(ctx: TemplateContext): string {
  const f = fieldsOf(ctx);
  const level = f.level ? HAZARD_LEVEL_LABELS[f.level] : '事故隐患';
  return `本机关于${day(f.foundOn)}依法对你单位进行安全生产监督检查，发现你单位${f.location ?? blank(8)}存在下列${level}：${(f.description ?? blank(20)).replace(/[。；]$/, '')}。${f.basis ? `上述情形不符合${f.basis.replace(/[。；]$/, '')}的规定。` : ''}`;
}

/** 行政复议法 art 20; 行政诉讼法 art 46. */
function remedies(ctx: TemplateContext, act: string): Block {
  const i = ctx.town.fullName.indexOf(ctx.town.name);
  const county = i > 0 ? ctx.town.fullName.slice(0, i) : '县级';
  return para(
    `如不服本${act}，可以在收到本${act}之日起60日内向${county}人民政府申请行政复议，或者在6个月内依法向人民法院提起行政诉讼。复议、诉讼期间，不停止本${act}的执行。`,
  );
}

// ── 责令限期整改指令书 (安全生产法 art 65 ¶1(2)(3), art 102) ─────────────────────────────

const rectifyOrder: DocumentTemplate = {
  kind: 'rectify_order',
  title: '责令限期整改指令书',
  version: '1',
  numbering: '{town}安责改〔{year}〕{seq}号',
  input: z.object({
    deadline: isoDateSchema().describe('整改期限'),
    measure: z.string().trim().min(1).max(2000).describe('整改措施'),
  }),
  render(ctx) {
    return formDocument({
      issuer: ctx.town.fullName,
      title: '责令限期整改指令书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        salutation(ctx),
        para(found(ctx)),
        para(
          `依据《中华人民共和国安全生产法》第六十五条第一款第（二）项、第（三）项的规定，现责令你单位于${day(String(ctx.input.deadline))}前整改完毕，整改措施：${String(ctx.input.measure).replace(/[。；]$/, '')}。`,
        ),
        para(
          '整改期间，你单位应当采取必要的防范措施，确保安全；整改完毕后，应当向本机关书面申请复查。本机关将自收到复查申请或者整改期限届满之日起10日内进行复查。',
        ),
        para('逾期未整改或者整改不合格的，本机关将依照《中华人民共和国安全生产法》第一百零二条的规定依法处理。'),
        remedies(ctx, '指令书'),
        unitFields(ctx),
        {
          type: 'signatures',
          items: [{ label: '检查人员（签名）' }, { label: '被检查单位负责人（签收）', date: true }],
        },
        seal(ctx),
      ],
    });
  },
};

// ── 现场处理措施决定书 (安全生产法 art 65 ¶1(3), art 70) ────────────────────────────────

const MEASURE_TEXT = {
  evacuate: '立即从危险区域内撤出作业人员',
  suspend: '暂时停产停业',
  stopUse: '暂时停止使用',
} as const;

const measuresDecision: DocumentTemplate = {
  kind: 'measures_decision',
  title: '现场处理措施决定书',
  version: '1',
  numbering: '{town}安措决〔{year}〕{seq}号',
  input: z.object({
    evacuate: z.boolean().describe('撤出作业人员'),
    suspend: z.boolean().describe('暂时停产停业'),
    stopUse: z.boolean().describe('停止使用相关设施、设备'),
    equipment: z.string().trim().max(200).optional().describe('停止使用的设施、设备'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    if (f.level !== 'major') {
      throw new AppError('UNPROCESSABLE', '现场处理措施仅适用于重大事故隐患（安全生产法第六十五条第一款第三项）');
    }
    const chosen = (['evacuate', 'suspend', 'stopUse'] as const).filter((k) => ctx.input[k] === true);
    if (chosen.length === 0) throw new AppError('UNPROCESSABLE', '请至少选择一项现场处理措施');
    const items = chosen.map((k, i) => {
      const what =
        k === 'stopUse' ? `${MEASURE_TEXT[k]}${String(ctx.input.equipment ?? '相关设施、设备')}` : MEASURE_TEXT[k];
      return `（${'一二三'[i]}）${what}`;
    });
    return formDocument({
      issuer: ctx.town.fullName,
      title: '现场处理措施决定书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        salutation(ctx),
        para(`${found(ctx)}该重大事故隐患排除前或者排除过程中无法保证安全。`),
        para(
          `依据《中华人民共和国安全生产法》第六十五条第一款第（三）项的规定，本机关决定采取以下现场处理措施：${items.join('；')}。`,
        ),
        para(
          '重大事故隐患排除后，你单位应当向本机关提出书面申请，经审查同意，方可恢复生产经营和使用。你单位拒不执行本决定，有发生生产安全事故的现实危险的，本机关可以依照《中华人民共和国安全生产法》第七十条的规定采取通知有关单位停止供电等措施，除有危及生产安全的紧急情形外，将提前二十四小时书面通知你单位。',
        ),
        remedies(ctx, '决定'),
        unitFields(ctx),
        {
          type: 'signatures',
          items: [{ label: '检查人员（签名）' }, { label: '被检查单位负责人（签收）', date: true }],
        },
        seal(ctx),
      ],
    });
  },
};

// ── 整改复查意见书 (安全生产违法行为行政处罚办法 art 17 [M]) ───────────────────────────────

const reinspectionOpinion: DocumentTemplate = {
  kind: 'reinspection_opinion',
  title: '整改复查意见书',
  version: '1',
  numbering: '{town}安复查〔{year}〕{seq}号',
  input: z.object({
    reinspectedOn: isoDateSchema().describe('复查日期'),
    result: choice(REINSPECTION_RESULT_LABELS, '复查结论'),
    opinion: z.string().trim().min(1).max(2000).describe('复查意见'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const passed = ctx.input.result === 'passed';
    const why = f.appliedOn ? `你单位于${day(f.appliedOn)}提出复查申请` : `整改期限于${day(f.rectifyDeadline)}届满`;
    const suspended = (f.measures?.length ?? 0) > 0;
    const conclusion = passed
      ? `经复查，上述事故隐患已整改完毕，复查合格${suspended ? '；经审查，同意你单位恢复生产经营和使用（《中华人民共和国安全生产法》第六十五条第一款第（三）项）' : '，予以销号'}。`
      : '经复查，上述事故隐患未按要求整改，复查不合格。本机关将依照《中华人民共和国安全生产法》第一百零二条的规定依法处理。';
    return formDocument({
      issuer: ctx.town.fullName,
      title: '整改复查意见书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        salutation(ctx),
        para(
          `本机关于${day(f.orderServedOn)}向你单位送达${f.orderNo ? `${f.orderNo}` : ''}《责令限期整改指令书》，责令你单位于${day(f.rectifyDeadline)}前对${f.location ?? blank(8)}存在的事故隐患（${(f.description ?? '').replace(/[。；]$/, '')}）整改完毕。`,
        ),
        para(`${why}，本机关于${day(String(ctx.input.reinspectedOn))}进行了复查。`),
        para(`复查意见：${String(ctx.input.opinion).replace(/[。；]$/, '')}。`),
        para(conclusion),
        unitFields(ctx),
        {
          type: 'signatures',
          items: [{ label: '复查人员（签名）' }, { label: '被检查单位负责人（签收）', date: true }],
        },
        seal(ctx),
      ],
    });
  },
};

// ── 案件移送书 (安全生产法 art 69) ─────────────────────────────────────────────────────

const transferLetter: DocumentTemplate = {
  kind: 'transfer_letter',
  title: '案件移送书',
  version: '1',
  numbering: '{town}安移〔{year}〕{seq}号',
  input: z.object({
    receiver: z.string().trim().min(1).max(100).describe('接收机关'),
    reason: z.string().trim().min(1).max(2000).describe('移送理由'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    return formDocument({
      issuer: ctx.town.fullName,
      title: '案件移送书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        { type: 'paragraph', text: `${String(ctx.input.receiver)}：`, indent: false },
        para(
          `本机关于${day(f.foundOn)}在安全生产监督检查中发现，${unitName(ctx)}${f.location ? `${f.location}` : ''}存在下列问题：${(f.description ?? blank(20)).replace(/[。；]$/, '')}（本机关案件编号：${ctx.case.number}）。`,
        ),
        para(`${String(ctx.input.reason).replace(/[。；]$/, '')}。`),
        para(
          '根据《中华人民共和国安全生产法》第六十九条的规定，现将该案件移送你单位处理。请依法处理，并将处理结果函告本机关。',
        ),
        unitFields(ctx),
        { type: 'attachments', items: ['现场检查记录', '现场照片', '其他有关材料'] },
        seal(ctx),
      ],
    });
  },
};

export const HAZARD_TEMPLATES: Record<string, DocumentTemplate> = {
  rectify_order: rectifyOrder,
  measures_decision: measuresDecision,
  reinspection_opinion: reinspectionOpinion,
  transfer_letter: transferLetter,
};
