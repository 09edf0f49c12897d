/**
 * 会议纪要 of a held meeting, on the 公文 layout (documents/build.ts officialDocument, GB/T
 * 9704-2012 §10.3 纪要格式: the red 纪要 mark with its number, no addressee and no seal, those
 * present, on leave and observing listed after the text). 重大行政决策程序暂行条例 art 30 ¶3:
 * the discussion is minuted as it went and the dissent as said, so each item carries every view
 * in the order said, the chief's last. Built on request from the record, never stored.
 */
import type { MeetingDetail } from '@fazhi/domain/api/decisions-meetings';
import { MEETING_CONCLUSION_LABELS, MEETING_KIND_LABELS, MEETING_VIEW_LABELS } from '@fazhi/domain/decisions/meetings';
import { type Block, officialDocument, toBuffer } from '../../../documents/build.ts';
import { formatChineseDate } from '../../../documents/template.ts';

const CHINESE_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** 一 … 九十九, for the item headings. */
export function chineseNumber(n: number): string {
  if (n <= 10) return CHINESE_NUMBERS[n - 1] ?? String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CHINESE_NUMBERS[tens - 1]}十${ones ? CHINESE_NUMBERS[ones - 1] : ''}`;
}

const who = (a: { name: string; post: string | null }) => (a.post ? `${a.name}（${a.post}）` : a.name);

export function minutesFileName(d: Pick<MeetingDetail, 'heldOn' | 'title'>): string {
  return `${d.title}纪要（${d.heldOn}）.docx`;
}

export function meetingMinutes(town: { name: string }, d: MeetingDetail): Promise<Buffer> {
  const kind = MEETING_KIND_LABELS[d.kind];
  const members = d.attendees.filter((a) => a.role === 'member');
  const present = members.filter((a) => a.present);
  const absent = members.filter((a) => !a.present);
  const observers = d.attendees.filter((a) => a.role === 'observer' && a.present);
  const body: Block[] = [
    {
      type: 'paragraph',
      text:
        `${formatChineseDate(d.heldOn)}，${d.chairName ?? d.chiefName ?? ''}${d.place ? `在${d.place}` : ''}主持召开${kind}，` +
        `应出席${members.length}人，实到${present.length}人，超过半数。会议研究了${d.items.length}项议题，` +
        '会议组成人员逐项发表了意见，行政首长最后发表意见。现将会议议定事项纪要如下：',
    },
  ];
  for (const it of d.items) {
    body.push({ type: 'heading', level: 1, text: `${chineseNumber(it.seq)}、${it.subject}` });
    if (it.case?.number) body.push({ type: 'paragraph', text: `关联事项：${it.case.typeLabel}${it.case.number}。` });
    body.push({ type: 'heading', level: 2, text: '（一）讨论情况' });
    for (const v of it.views) {
      const last = v === it.views.at(-1);
      body.push({
        type: 'paragraph',
        text: [
          { text: `${v.name}${last ? '（行政首长，最后发言）' : ''}：`, bold: true },
          // The words as said; the stance in front only when the words do not open with it.
          v.words.startsWith(MEETING_VIEW_LABELS[v.view]) ? v.words : `${MEETING_VIEW_LABELS[v.view]}。${v.words}`,
        ],
      });
    }
    body.push({ type: 'heading', level: 2, text: '（二）会议决定' });
    body.push({
      type: 'paragraph',
      text: [
        { text: `${it.conclusion ? MEETING_CONCLUSION_LABELS[it.conclusion] : '未作结论'}。`, bold: true },
        it.conclusionText ?? '',
      ],
    });
    if (it.chiefDiffersReason) {
      body.push({
        type: 'paragraph',
        text: `行政首长的决定与会议组成人员多数人的意见不一致，已在会上说明理由：${it.chiefDiffersReason}`,
      });
    }
    body.push({ type: 'heading', level: 2, text: '（三）不同意见' });
    body.push({ type: 'paragraph', text: it.dissent?.trim() ? it.dissent : '无。' });
  }
  body.push({ type: 'blank' });
  body.push({ type: 'paragraph', indent: false, text: `出席：${present.map(who).join('、') || '无'}` });
  if (absent.length > 0) {
    body.push({
      type: 'paragraph',
      indent: false,
      text: `请假：${absent.map((a) => `${who(a)}${a.absenceReason ? `（${a.absenceReason}）` : ''}`).join('、')}`,
    });
  }
  if (observers.length > 0)
    body.push({ type: 'paragraph', indent: false, text: `列席：${observers.map(who).join('、')}` });
  if (d.recorderName) body.push({ type: 'paragraph', indent: false, text: `记录：${d.recorderName}` });
  return toBuffer(
    officialDocument({
      issuerMark: `${town.name}${kind}纪要`,
      number: d.minutesNo ?? undefined,
      title: d.title,
      body,
      meta: { title: `${d.title}纪要` },
    }),
  );
}
