/**
 * The three sheets a case file (卷宗) adds to what the case already holds: the cover
 * (卷宗封面), the index (卷宗目录) and the record of how the case was handled (办理过程记录).
 * Pure: the case engine (cases/dossier.ts) reads the case and passes plain values; these
 * lay them out on the same GB/T 9704 form layout as every issued document.
 */
import type { Document } from 'docx';
import { type Block, type FieldItem, formDocument } from './build.ts';
import { formatChineseDate } from './template.ts';

export interface DossierCover {
  /** 立卷单位, e.g. '湾头桥镇人民调解委员会'. */
  organ: string;
  /** e.g. '矛盾纠纷调解'. */
  typeLabel: string;
  number: string;
  title: string;
  unitName: string;
  /** Each party as one line, ID masked: '申请人：张德明（证件号码 1101**********0011）'. */
  parties: string[];
  /** 'YYYY-MM-DD' or null (not accepted). */
  acceptedOn: string | null;
  /** 'YYYY-MM-DD' or null (still open). */
  closedOn: string | null;
  stateLabel: string;
  assigneeName: string | null;
  ownerLeaderName: string | null;
  /** 立卷人 and 立卷日期: who exported the file, and when. */
  filedBy: string;
  filedOn: string;
  /** Materials listed in the index (the cover and the index itself not counted). */
  materials: number;
}

export interface DossierIndexRow {
  seq: number;
  name: string;
  number: string | null;
  /** 'YYYY-MM-DD'. */
  date: string;
  /** '3页' when the page count is known, else the file size. */
  extent: string;
  note: string;
}

export interface DossierEvent {
  seq: number;
  /** 'YYYY-MM-DD HH:mm', Asia/Shanghai. */
  at: string;
  actor: string;
  action: string;
  /** '已受理 → 调解中' when the event moved the case; null otherwise. */
  transition: string | null;
  note: string;
}

const dash = (v: string | null | undefined) => (v && v.trim() !== '' ? v : '—');
const cnDate = (d: string | null) => (d ? formatChineseDate(d) : null);

/** 卷宗封面: who filed it, the case's number and title, the parties, the dates and the people. */
export function dossierCover(c: DossierCover): Document {
  const items: FieldItem[] = [
    { label: '案　　号', value: c.number },
    { label: '案　　由', value: c.title },
    { label: '案件类型', value: c.typeLabel },
    { label: '所属单位', value: c.unitName },
    { label: '当 事 人', value: c.parties.length > 0 ? c.parties.join('\n') : '—' },
    { label: '受理日期', value: dash(cnDate(c.acceptedOn)) },
    { label: '办结日期', value: cnDate(c.closedOn) ?? '尚未办结' },
    { label: '办理结果', value: c.stateLabel },
    { label: '承 办 人', value: dash(c.assigneeName) },
    ...(c.ownerLeaderName ? [{ label: '包案领导', value: c.ownerLeaderName }] : []),
    { label: '立 卷 人', value: c.filedBy },
    { label: '立卷日期', value: formatChineseDate(c.filedOn) },
    { label: '卷内材料', value: `共${c.materials}件（详见卷宗目录）` },
    { label: '保管期限', value: null },
  ];
  return formDocument({
    issuer: c.organ,
    title: `${c.typeLabel}卷宗`,
    body: [{ type: 'blank' }, { type: 'fields', columns: 2, items }],
    meta: { title: `${c.number} 卷宗封面` },
  });
}

function caseLine(number: string, title: string): Block {
  return { type: 'paragraph', text: `案号：${number}　　案由：${title}`, indent: false, align: 'left' };
}

/** 卷宗目录: one row per material, numbered as the files in the archive are. */
export function dossierIndex(c: { organ: string; number: string; title: string; rows: DossierIndexRow[] }): Document {
  return formDocument({
    issuer: c.organ,
    title: '卷宗目录',
    body: [
      caseLine(c.number, c.title),
      {
        type: 'table',
        size: 'xiaosi',
        columns: [
          { title: '序号', width: 8, align: 'center' },
          { title: '材料名称', width: 29 },
          { title: '文号', width: 21 },
          { title: '日期', width: 17, align: 'center' },
          { title: '页数', width: 10, align: 'center' },
          { title: '备注', width: 15 },
        ],
        rows: c.rows.map((r) => [String(r.seq), r.name, r.number ?? '', r.date, r.extent, r.note]),
      },
    ],
    meta: { title: `${c.number} 卷宗目录` },
  });
}

/** 办理过程记录: every event of the case, in order, with who did what and what they noted. */
export function dossierTimeline(c: { organ: string; number: string; title: string; events: DossierEvent[] }): Document {
  return formDocument({
    issuer: c.organ,
    title: '办理过程记录',
    body: [
      caseLine(c.number, c.title),
      {
        type: 'table',
        size: 'xiaosi',
        columns: [
          { title: '序号', width: 8, align: 'center' },
          { title: '时间', width: 17, align: 'center' },
          { title: '办理人', width: 11, align: 'center' },
          { title: '办理事项', width: 30 },
          { title: '说明', width: 34 },
        ],
        rows: c.events.map((e) => [
          String(e.seq),
          e.at.replace(' ', '\n'),
          e.actor,
          e.transition ? `${e.action}\n（${e.transition}）` : e.action,
          e.note,
        ]),
      },
    ],
    meta: { title: `${c.number} 办理过程记录` },
  });
}
