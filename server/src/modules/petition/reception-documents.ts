/**
 * 接访登记表 and 下访记录 (docs/domain.md §Leaders' receptions and 包案; 信访工作条例 art 18 ¶2). They
 * record a leader's reception or visit for the file; unlike a notice they are addressed to
 * no one, so they are generated from the record whenever downloaded (the record is what is
 * kept, and a reception is never edited). Same GB/T 9704 form layout as every petition
 * document.
 */
import type { ReceptionView, VisitView } from '@fazhi/domain/cases/petition-receptions';
import type { Document } from 'docx';
import { type Block, formDocument } from '../../documents/build.ts';
import { formatChineseDate } from '../../documents/template.ts';

export interface FullVisitor {
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

/** 接访登记表: the reception, then one block per visitor with the matter and what became of it. */
export function receptionRegister(
  town: { name: string; fullName: string },
  r: ReceptionView,
  full: Map<string, FullVisitor>,
): Document {
  const body: Block[] = [
    {
      type: 'fields',
      columns: 4,
      items: [
        { label: '接访领导', value: r.leaderName },
        { label: '接访日期', value: formatChineseDate(r.receivedOn) },
        { label: '接访地点', value: r.place, wide: true },
        { label: '来访人次', value: `${r.people}人次` },
        { label: '登记人', value: r.createdByName },
      ],
    },
  ];
  r.visitors.forEach((v, i) => {
    const f = full.get(v.id);
    body.push({ type: 'heading', level: 2, text: `（${CN_NUMBERS[i] ?? i + 1}）来访人${v.name}` });
    body.push({
      type: 'fields',
      columns: 4,
      items: [
        { label: '姓名', value: v.name },
        { label: '人数', value: String(v.peopleCount) },
        { label: '身份证号', value: f?.idNumber ?? '' },
        { label: '联系电话', value: f?.phone ?? '' },
        { label: '住址', value: f?.address ?? v.unitName ?? '', wide: true },
        { label: '反映事项', value: v.matter, wide: true, lines: 2 },
        {
          label: '处理方式',
          value:
            v.outcome === 'answered'
              ? '当场答复'
              : `登记为信访事项${v.caseNumber ? `（${v.caseNumber}）` : ''}，依照《信访工作条例》第二十三条、第三十四条办理`,
          wide: true,
        },
        ...(v.outcome === 'answered' ? [{ label: '答复内容', value: v.answer ?? '', wide: true, lines: 2 }] : []),
        { label: '本人签字', value: '' },
        { label: '领导签字', value: '' },
      ],
    });
  });
  if (r.note) body.push({ type: 'paragraph', text: `备注：${r.note}` });
  body.push({ type: 'seal', organ: town.fullName, date: r.receivedOn });
  return formDocument({ issuer: town.fullName, title: '领导接访登记表', body, meta: { title: '接访登记表' } });
}

/** 下访记录: the visit, the cases taken and what was done. */
export function visitRecord(town: { name: string; fullName: string }, v: VisitView): Document {
  const body: Block[] = [
    {
      type: 'fields',
      columns: 4,
      items: [
        { label: '下访领导', value: v.leaderName },
        { label: '下访日期', value: formatChineseDate(v.visitedOn) },
        { label: '下访村居', value: v.unitName, wide: true },
        { label: '接谈群众', value: v.peopleMet, wide: true, lines: 2 },
      ],
    },
    { type: 'heading', level: 1, text: '一、所带案件' },
    v.cases.length > 0
      ? {
          type: 'table',
          columns: [
            { title: '序号', width: 8, align: 'center' },
            { title: '案件编号', width: 26 },
            { title: '类型', width: 14, align: 'center' },
            { title: '事项', width: 36 },
            { title: '状态', width: 16, align: 'center' },
          ],
          rows: v.cases.map((c, i) => [String(i + 1), c.number, c.typeLabel, c.title, c.stateLabel]),
          size: 'xiaosi',
        }
      : { type: 'paragraph', text: '本次下访未带具体案件。' },
    ...(v.otherCases > 0
      ? [{ type: 'paragraph' as const, text: `另有${v.otherCases}件案件不在本人查看范围内，未列出。` }]
      : []),
    { type: 'heading', level: 1, text: '二、化解情况' },
    { type: 'paragraph', text: v.outcome },
    { type: 'heading', level: 1, text: '三、后续措施' },
    { type: 'paragraph', text: v.followUp || '无。' },
    {
      type: 'signatures',
      items: [
        { label: '下访领导（签名）', date: true },
        { label: '记录人（签名）', date: true },
      ],
    },
    { type: 'seal', organ: town.fullName, date: v.visitedOn },
  ];
  return formDocument({ issuer: town.fullName, title: '领导带案下访记录', body, meta: { title: '下访记录' } });
}

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
