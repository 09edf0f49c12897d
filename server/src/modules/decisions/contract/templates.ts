/**
 * 合同审查意见书 on the 公文 form layout (documents/build.ts): the reviewer's conclusion
 * (同意 / 修改后同意 / 不同意), the opinion and, for 修改后同意, the changes the department must
 * make before signing. Data entered once (decision 0007): the review actions take the opinion and
 * check the conclusion against what was typed here (domain cases/contract.ts).
 */

import { choice } from '@fazhi/domain';
import {
  CONTRACT_KIND_LABELS,
  CONTRACT_PROCUREMENT_LABELS,
  CONTRACT_REVIEW_OUTCOME_LABELS,
  CONTRACT_REVIEWER_LABELS,
  type ContractFieldValues,
} from '@fazhi/domain/cases/contract';
import { z } from 'zod';
import { type Block, formDocument } from '../../../documents/build.ts';
import { type DocumentTemplate, formatChineseDate } from '../../../documents/template.ts';

const para = (text: string): Block => ({ type: 'paragraph', text });

/** 1234567.5 → '1,234,567.50元'. */
export function yuanText(n: number): string {
  return `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}元`;
}

const reviewOpinion: DocumentTemplate = {
  kind: 'review_opinion',
  title: '合同审查意见书',
  version: '2',
  numbering: '{town}合审意〔{year}〕{seq}号',
  input: z.object({
    outcome: choice(CONTRACT_REVIEW_OUTCOME_LABELS, '审查结论'),
    reviewer: choice(CONTRACT_REVIEWER_LABELS, '审查人'),
    adviserName: z.string().trim().min(1).max(100).optional().describe('法律顾问'),
    opinion: z.string().trim().min(1).max(4000).describe('审查意见'),
    amendments: z.string().trim().min(1).max(4000).optional().describe('修改意见'),
  }),
  render(ctx) {
    const f = ctx.case.fields as Partial<ContractFieldValues>;
    const i = ctx.input as {
      outcome: keyof typeof CONTRACT_REVIEW_OUTCOME_LABELS;
      reviewer: keyof typeof CONTRACT_REVIEWER_LABELS;
      adviserName?: string;
      opinion: string;
      amendments?: string;
    };
    const by = i.reviewer === 'adviser' ? `法律顾问${i.adviserName ?? ''}` : `${ctx.town.name}司法所`;
    const term = f.termFrom && f.termTo ? `${formatChineseDate(f.termFrom)}至${formatChineseDate(f.termTo)}` : '';
    const body: Block[] = [
      {
        type: 'fields',
        columns: 4,
        items: [
          { label: '合同名称', value: f.name ?? ctx.case.title, wide: true },
          { label: '送审科室', value: ctx.case.unitName ?? '' },
          { label: '送审日期', value: f.submittedOn ? formatChineseDate(f.submittedOn) : '' },
          { label: '合同相对方', value: f.counterparty ?? '', wide: true },
          { label: '统一社会信用代码', value: f.counterpartyCreditCode ?? '（自然人或无）', wide: true },
          { label: '合同金额', value: f.amount !== undefined ? yuanText(f.amount) : '' },
          { label: '合同类型', value: f.contractKind ? CONTRACT_KIND_LABELS[f.contractKind] : '' },
          { label: '采购方式', value: f.procurement ? CONTRACT_PROCUREMENT_LABELS[f.procurement] : '' },
          { label: '履行期限', value: term },
        ],
      },
      para(
        `${ctx.case.unitName ?? '送审单位'}：你单位送审的《${f.name ?? ctx.case.title}》，经${by}审查（主体资格与授权、预算和采购程序、条款合法性与权利义务、违约责任、争议解决等），意见如下：`,
      ),
      para(i.opinion),
    ];
    if (f.contractKind === 'administrative') {
      body.push(
        para(
          '本合同属于行政协议，相对方认为本机关不依法履行、未按照约定履行或者违法变更、解除协议的，可依法提起行政诉讼（《中华人民共和国行政诉讼法》第十二条第一款第十一项），请在履行中严格依约、依法办理。',
        ),
      );
    }
    if (i.amendments) body.push(para(`修改意见：${i.amendments}`));
    body.push(
      para(
        `审查结论：${CONTRACT_REVIEW_OUTCOME_LABELS[i.outcome]}。${
          i.outcome === 'amend'
            ? '请按上述修改意见修改后签订，并将签订文本报送备查。'
            : i.outcome === 'disagree'
              ? '本合同不得以现有文本签订。'
              : '请按审查文本签订，并将签订文本报送备查。'
        }`,
      ),
      {
        type: 'paragraph',
        indent: false,
        text: `审查人：${i.reviewer === 'adviser' ? `${i.adviserName ?? ''}（法律顾问）、` : ''}${ctx.issuerName}`,
      },
      { type: 'seal', organ: `${ctx.town.name}司法所`, date: ctx.issuedOn },
    );
    return formDocument({
      issuer: ctx.town.fullName,
      title: '合同审查意见书',
      ...(ctx.number ? { number: ctx.number } : {}),
      body,
    });
  },
};

export const CONTRACT_TEMPLATES: Record<string, DocumentTemplate> = { review_opinion: reviewOpinion };
