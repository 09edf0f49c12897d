/**
 * 现场检查记录 (安全生产法 art 68): the inspection as the town files it, on the 文书 layout of
 * the documents (documents/build.ts formDocument, GB/T 9704 fonts and sizes). Not a case
 * document, so it is built on request from the record and never numbered.
 */
import { HAZARD_LEVEL_LABELS, SAFETY_INSPECTION_KIND_LABELS, SAFETY_RESULT_LABELS } from '@fazhi/domain/api/safety';
import { type Block, formDocument, toBuffer } from '../../../documents/build.ts';
import { formatChineseDate } from '../../../documents/template.ts';

export interface RecordInput {
  townFullName: string;
  unitName: string;
  unitAddress: string;
  principalName: string;
  kind: string;
  inspectedOn: string;
  place: string;
  officers: { name: string; certNo: string }[];
  results: { code: string; text: string; basis: string; result: string; note?: string | undefined }[];
  findings: string;
  actionTaken: string;
  principalSigned: boolean;
  refusalNote: string | null;
  photos: { takenAt: Date | null; latitude: number | null; longitude: number | null }[];
  hazards: { number: string; description: string; level: string }[];
}

const label = <T extends Record<string, string>>(labels: T, k: string) => (labels as Record<string, string>)[k] ?? k;

const lines = (text: string, emptyLines: number): Block[] =>
  text.trim()
    ? text
        .trim()
        .split(/\n+/)
        .map((t) => ({ type: 'paragraph', text: t }) as Block)
    : [{ type: 'blank', lines: emptyLines }];

export function inspectionRecord(r: RecordInput): Promise<Buffer> {
  const problems = r.results.filter((x) => x.result === 'problem');
  const body: Block[] = [
    {
      type: 'fields',
      columns: 4,
      items: [
        { label: '单位名称', value: r.unitName, wide: true },
        { label: '地址', value: r.unitAddress, wide: true },
        { label: '负责人', value: r.principalName },
        { label: '检查类型', value: label(SAFETY_INSPECTION_KIND_LABELS, r.kind) },
        { label: '检查日期', value: formatChineseDate(r.inspectedOn) },
        { label: '检查场所', value: r.place },
        {
          label: '检查人员',
          value: r.officers.map((o) => `${o.name}（执法证号 ${o.certNo}）`).join('、'),
          wide: true,
        },
      ],
    },
    {
      type: 'paragraph',
      text: '检查人员已出示有效的行政执法证件。被检查单位应当予以配合，不得拒绝、阻挠（《中华人民共和国安全生产法》第六十六条、第六十七条）。',
    },
    { type: 'heading', level: 1, text: '一、检查内容' },
  ];
  if (r.results.length > 0) {
    body.push({
      type: 'table',
      size: 'xiaosi',
      columns: [
        { title: '序号', width: 8, align: 'center' },
        { title: '检查内容', width: 44 },
        { title: '依据', width: 28 },
        { title: '结果', width: 20, align: 'center' },
      ],
      rows: r.results.map((x, i) => [
        String(i + 1),
        x.note ? `${x.text}（${x.note}）` : x.text,
        x.basis,
        label(SAFETY_RESULT_LABELS, x.result),
      ]),
    });
    body.push({
      type: 'paragraph',
      text: `共检查 ${r.results.length} 项，存在问题 ${problems.length} 项。`,
    });
  } else {
    body.push({ type: 'paragraph', text: '未使用检查表。' });
  }
  body.push({ type: 'heading', level: 1, text: '二、检查情况' }, ...lines(r.findings, 4));
  body.push({ type: 'heading', level: 1, text: '三、发现的事故隐患' });
  if (r.hazards.length > 0) {
    body.push({
      type: 'table',
      size: 'xiaosi',
      columns: [
        { title: '序号', width: 8, align: 'center' },
        { title: '隐患', width: 44 },
        { title: '等级', width: 16, align: 'center' },
        { title: '登记编号', width: 32 },
      ],
      rows: r.hazards.map((h, i) => [String(i + 1), h.description, label(HAZARD_LEVEL_LABELS, h.level), h.number]),
    });
  } else {
    body.push({ type: 'paragraph', text: '未发现事故隐患。' });
  }
  body.push({ type: 'heading', level: 1, text: '四、处理情况' }, ...lines(r.actionTaken, 3));
  if (r.photos.length > 0) {
    const taken = r.photos.filter((p) => p.takenAt).length;
    const located = r.photos.filter((p) => p.latitude !== null).length;
    body.push({
      type: 'paragraph',
      text: `现场照片 ${r.photos.length} 张（其中 ${taken} 张记有拍摄时间，${located} 张记有拍摄位置），存于本系统检查记录中。`,
    });
  }
  if (!r.principalSigned) {
    body.push({
      type: 'paragraph',
      text: `被检查单位负责人拒绝签字，拒签情况：${r.refusalNote ?? ''}检查人员已将情况记录在案（《中华人民共和国安全生产法》第六十八条第二款）。`,
    });
  }
  body.push({
    type: 'signatures',
    items: [
      { label: '被检查单位负责人（签名）', date: true },
      { label: '检查人员（签名）', date: true },
    ],
  });
  body.push({ type: 'seal', organ: r.townFullName, date: r.inspectedOn });
  return toBuffer(formDocument({ issuer: r.townFullName, title: '安全生产现场检查记录', body }));
}
