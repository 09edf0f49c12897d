/**
 * The 重大行政决策 documents on the 公文 form layout (documents/build.ts): the 征求意见公告
 * (重大行政决策程序暂行条例 art 15), the 合法性审查意见书 (arts 25–28) and the 决策公布 (art 32;
 * 政府信息公开条例 art 26). Each reads the case's fields and the few values typed when issuing.
 */

import { isoDateSchema } from '@fazhi/domain';
import type { DecisionFieldValues } from '@fazhi/domain/cases/decision';
import { DECISION_CATEGORY_LABELS, LEGALITY_REVIEWER_LABELS } from '@fazhi/domain/decisions/decision';
import { z } from 'zod';
import { type Block, formDocument } from '../../../documents/build.ts';
import { blank, type DocumentTemplate, formatChineseDate, type TemplateContext } from '../../../documents/template.ts';

type Fields = Partial<DecisionFieldValues>;
const fieldsOf = (ctx: TemplateContext) => ctx.case.fields as Fields;
const para = (text: string): Block => ({ type: 'paragraph', text });
const seal = (ctx: TemplateContext): Block => ({ type: 'seal', organ: ctx.town.fullName, date: ctx.issuedOn });
const day = (d: string | undefined | null) => (d ? formatChineseDate(d) : `${blank(4)}年${blank(2)}月${blank(2)}日`);
const stop = (s: string | undefined) => (s ?? '').replace(/[。；]$/, '');
const text = (label: string, max = 2000) => z.string().trim().min(1).max(max).describe(label);

// ── 征求意见公告 (art 15) ───────────────────────────────────────────────────────────────

const commentNotice: DocumentTemplate = {
  kind: 'comment_notice',
  title: '征求意见公告',
  version: '1',
  numbering: '{town}决征〔{year}〕{seq}号',
  input: z.object({
    from: isoDateSchema().describe('公布日期'),
    to: isoDateSchema().describe('征求意见截止日期'),
    how: text('提出意见的方式', 300),
    shortReason: z.string().trim().max(500).optional().describe('缩短期限的理由'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const reason = String(ctx.input.shortReason ?? '').trim();
    return formDocument({
      issuer: ctx.town.fullName,
      title: `关于公开征求《${ctx.case.title}》意见的公告`,
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        para(
          `为提高决策的科学性、民主性和合法性，根据《重大行政决策程序暂行条例》第十四条、第十五条的规定，${f.leadUnit ?? blank(10)}起草了《${ctx.case.title}》（征求意见稿），现向社会公开征求意见。`,
        ),
        para(`一、决策事项：${stop(f.description)}。`),
        ...(f.draftSummary ? [para(`二、草案要点：${stop(f.draftSummary)}。`)] : []),
        para(
          `${f.draftSummary ? '三' : '二'}、征求意见期限：自${day(String(ctx.input.from))}起至${day(String(ctx.input.to))}止。${reason ? `因${stop(reason)}，征求意见期限少于30日，特此说明。` : ''}`,
        ),
        para(`${f.draftSummary ? '四' : '三'}、提出意见的方式：${stop(String(ctx.input.how))}。`),
        para('我们将对收到的意见进行归纳整理、研究论证，充分采纳合理意见，并在决策公布时说明公众意见的采纳情况。'),
        seal(ctx),
      ],
    });
  },
};

// ── 合法性审查意见书 (arts 25–28) ───────────────────────────────────────────────────────

const legalityOpinion: DocumentTemplate = {
  kind: 'legality_opinion',
  title: '合法性审查意见书',
  version: '1',
  numbering: '{town}决审〔{year}〕{seq}号',
  input: z.object({
    authority: text('是否符合法定权限（第二十七条第一项）', 500),
    procedure: text('是否履行法定程序（第二十七条第二项）', 500),
    content: text('内容是否合法（第二十七条第三项）', 1000),
    conclusion: z.enum(['passed', 'failed']).describe('审查结论'),
    adviserOpinion: z.string().trim().max(1000).optional().describe('法律顾问意见（第二十八条）'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const reviewer = f.legalReviewer ? LEGALITY_REVIEWER_LABELS[f.legalReviewer] : '司法所';
    const passed = ctx.input.conclusion === 'passed';
    const steps = [
      f.commentClosedOn ? `公开征求意见（${day(f.commentFrom)}至${day(f.commentTo)}）` : null,
      f.hearingOn ? `召开听证会（${day(f.hearingOn)}）` : null,
      f.expertReviewedOn ? `组织专家论证（${day(f.expertReviewedOn)}）` : null,
      f.riskAssessedOn ? `开展风险评估（${day(f.riskAssessedOn)}）` : null,
    ].filter((s): s is string => s !== null);
    const adviser = String(ctx.input.adviserOpinion ?? '').trim();
    return formDocument({
      issuer: ctx.town.fullName,
      title: '重大行政决策合法性审查意见书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        { type: 'paragraph', text: `${f.leadUnit ?? blank(10)}：`, indent: false },
        para(
          `你单位于${day(f.legalSentOn)}送请审查的《${ctx.case.title}》（${f.category ? DECISION_CATEGORY_LABELS[f.category] : '重大行政决策事项'}）及相关材料收悉。根据《重大行政决策程序暂行条例》第二十五条至第二十八条的规定，${reviewer}进行了合法性审查，现提出审查意见如下：`,
        ),
        para(`一、关于法定权限：${stop(String(ctx.input.authority))}。`),
        para(
          `二、关于法定程序：${steps.length ? `决策承办单位已${steps.join('、')}。` : ''}${stop(String(ctx.input.procedure))}。`,
        ),
        para(`三、关于决策内容：${stop(String(ctx.input.content))}。`),
        ...(adviser ? [para(`四、法律顾问意见：${stop(adviser)}。`)] : []),
        para(
          passed
            ? '审查结论：该决策草案符合法定权限和程序，内容合法，可以提交集体讨论。'
            : '审查结论：该决策草案经审查不合法，根据《重大行政决策程序暂行条例》第二十五条第二款的规定，不得提交决策机关讨论。请决策承办单位根据本意见修改后重新送审。',
        ),
        { type: 'signatures', items: [{ label: '审查人（签名）', date: true }] },
        seal(ctx),
      ],
    });
  },
};

// ── 决策公布 (art 32) ─────────────────────────────────────────────────────────────────

const publication: DocumentTemplate = {
  kind: 'publication',
  title: '重大行政决策公布',
  version: '1',
  numbering: '{town}决公〔{year}〕{seq}号',
  input: z.object({
    where: text('公布途径', 200),
    interpretation: z.string().trim().max(1000).optional().describe('解读说明'),
  }),
  render(ctx) {
    const f = fieldsOf(ctx);
    const adopted = [
      f.commentClosedOn
        ? `公开征求意见期间共收到意见${f.commentCount ?? 0}条，${stop(f.commentAdoption) || '已逐条研究'}`
        : null,
      f.hearingOn ? `于${day(f.hearingOn)}召开听证会` : null,
      f.expertReviewedOn ? `专家论证意见：${stop(f.expertOpinion)}` : null,
    ].filter((s): s is string => s !== null);
    const interpretation = String(ctx.input.interpretation ?? '').trim();
    return formDocument({
      issuer: ctx.town.fullName,
      title: `关于《${ctx.case.title}》的决定`,
      ...(ctx.number ? { number: ctx.number } : {}),
      body: [
        para(
          `经${day(f.discussedOn)}${f.meetingTitle ?? '镇政府会议'}集体讨论，并按照规定向镇党委请示报告，镇人民政府于${day(f.decidedOn)}作出如下决定：`,
        ),
        para(`${stop(f.decisionContent) || blank(20)}。`),
        para(`本决定由${f.executingUnit ?? blank(10)}负责组织实施。`),
        ...(adopted.length ? [para(`决策过程中，${adopted.join('；')}。`)] : []),
        ...(interpretation ? [para(`解读说明：${stop(interpretation)}。`)] : []),
        para(`本决定通过${stop(String(ctx.input.where))}公布。`),
        seal(ctx),
      ],
    });
  },
};

export const DECISION_TEMPLATES: Record<string, DocumentTemplate> = {
  comment_notice: commentNotice,
  legality_opinion: legalityOpinion,
  publication,
};
