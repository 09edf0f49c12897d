/**
 * The 规范性文件 documents (domain cases/normative.ts): the reviewer's 合法性审核意见书 with the
 * checklist (国办发〔2018〕115号), the 公布稿 whose 文号 (湾政规〔2023〕1号) the numbering engine
 * allocates when it is issued, and the 备案报告 to the county. Data entered once (decision
 * 0007): the opinion's checklist and conclusion are what `pass_review` / `return_draft` record.
 */
import type { NormativeFieldValues } from '@fazhi/domain/cases/normative';
import {
  REVIEW_CHECKLIST_LABELS,
  REVIEWER_KIND_LABELS,
  type ReviewChecklistKey,
} from '@fazhi/domain/decisions/normative';
import { z } from 'zod';
import { type Block, formDocument, officialDocument } from '../../../documents/build.ts';
import { blank, type DocumentTemplate, formatChineseDate, type TemplateContext } from '../../../documents/template.ts';

type Fields = Partial<NormativeFieldValues>;
const fieldsOf = (ctx: TemplateContext) => ctx.case.fields as Fields;
const para = (text: string): Block => ({ type: 'paragraph', text });
const day = (d: string | undefined | null) => (d ? formatChineseDate(d) : `${blank(4)}年${blank(2)}月${blank(2)}日`);
const strip = (s: string) => s.replace(/[。；]$/, '');

/** 示范县 from 示范县湾头桥镇人民政府: the county government the town files with. */
function countyGovernment(ctx: TemplateContext): string {
  const i = ctx.town.fullName.indexOf(ctx.town.name);
  return i > 0 ? `${ctx.town.fullName.slice(0, i)}人民政府` : '县人民政府';
}

// ── 合法性审核意见书 (国办发〔2018〕115号) ──────────────────────────────────────────────────

const CHECK_KEYS = Object.keys(REVIEW_CHECKLIST_LABELS) as ReviewChecklistKey[];

const legalityOpinion: DocumentTemplate = {
  kind: 'legality_opinion',
  title: '合法性审核意见书',
  version: '1',
  numbering: '{town}规审意〔{year}〕{seq}号',
  input: z.object({
    ...Object.fromEntries(CHECK_KEYS.map((k) => [k, z.boolean().describe(REVIEW_CHECKLIST_LABELS[k])])),
    opinion: z.string().trim().min(1).max(2000).describe('审核意见'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const flagged = CHECK_KEYS.filter((k) => ctx.input[k] === true);
    const reviewer = f.reviewerKind ? REVIEWER_KIND_LABELS[f.reviewerKind] : '司法所';
    return formDocument({
      issuer: ctx.town.fullName,
      title: '行政规范性文件合法性审核意见书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        { type: 'paragraph', text: `${f.drafter ?? blank(10)}：`, indent: false },
        para(
          `你单位于${day(f.reviewSubmittedOn)}报送的《${ctx.case.title}》（送审稿）收悉。根据《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号），经审核，意见如下：`,
        ),
        {
          type: 'table',
          columns: [
            { title: '审核要点', width: 78 },
            { title: '审核结果', width: 22, align: 'center' },
          ],
          rows: CHECK_KEYS.map((k) => [`是否${REVIEW_CHECKLIST_LABELS[k]}`, ctx.input[k] === true ? '是' : '否']),
          size: 'xiaosi',
        },
        para(
          `审核意见：${strip(String(ctx.input.opinion))}。${
            flagged.length
              ? '送审稿存在上述不得规定的内容，不予通过合法性审核，请修改后重新报送。'
              : '送审稿未发现超越法定权限、违反上位法规定的内容，同意提请集体审议。'
          }`,
        ),
        { type: 'seal', organ: `${ctx.town.name}${reviewer}`, date: ctx.issuedOn },
      ],
    });
  },
};

// ── 公布稿: the document as published, with its 文号 ──────────────────────────────────────

const publication: DocumentTemplate = {
  kind: 'publication',
  title: '规范性文件（公布稿）',
  version: '1',
  numbering: '{town}政规〔{year}〕{seq}号',
  input: z.object({
    addressee: z.string().trim().min(1).max(100).describe('主送机关'),
    body: z.string().trim().min(1).max(20000).describe('正文'),
  }),
  render(ctx) {
    return officialDocument({
      issuerMark: `${ctx.town.name}人民政府文件`,
      ...(ctx.number ? { number: ctx.number } : {}),
      title: `${ctx.town.name}人民政府关于印发《${ctx.case.title}》的通知`,
      addressee: String(ctx.input.addressee),
      body: [
        para(`《${ctx.case.title}》已经镇政府会议审议通过，现予印发，请认真贯彻执行。`),
        { type: 'paragraph', text: ctx.case.title, align: 'center', indent: false },
        ...String(ctx.input.body)
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => para(l.trim())),
        { type: 'signature', organ: ctx.town.fullName, date: ctx.issuedOn },
      ],
    });
  },
};

// ── 备案报告 to the county government ────────────────────────────────────────────────────

const filingReport: DocumentTemplate = {
  kind: 'filing_report',
  title: '规范性文件备案报告',
  version: '1',
  numbering: '{town}政备〔{year}〕{seq}号',
  render(ctx) {
    const f = fieldsOf(ctx);
    return formDocument({
      issuer: ctx.town.fullName,
      title: '关于报送行政规范性文件备案的报告',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        { type: 'paragraph', text: `${countyGovernment(ctx)}：`, indent: false },
        para(
          `我镇于${day(f.publishedOn)}公布了《${ctx.case.title}》（${f.docNo ?? blank(10)}），自${day(f.effectiveOn)}起施行，有效期至${day(f.expiresOn)}。该文件已经合法性审核（${f.reviewNo ?? blank(8)}）和集体审议${f.discussedOn ? `（${day(f.discussedOn)}）` : ''}，现报请备案审查。`,
        ),
        { type: 'attachments', items: ['规范性文件正式文本', '起草说明', '合法性审核意见书', '集体审议纪要'] },
        { type: 'seal', organ: ctx.town.fullName, date: ctx.issuedOn },
      ],
    });
  },
};

export const NORMATIVE_TEMPLATES: Record<string, DocumentTemplate> = {
  legality_opinion: legalityOpinion,
  publication,
  filing_report: filingReport,
};
