/**
 * The annual report as a 公文 (.docx) through the GB/T 9704 builder (documents/build.ts):
 * title 二号小标宋, body 三号仿宋, parts 「一、」 黑体, sub-sections 「（一）」 楷体, 「1.」 仿宋 bold,
 * page numbers 「— 1 —」 alternating sides, and the joint signature of the town's Party committee
 * and government with the date (docs/domain.md §Annual report: signed jointly by the township
 * Party committee and government). Fact tokens become their values: the frozen ones for an
 * approved report. Hand-entered figures carry 「※」 and are listed with their sources in a
 * note at the end, because the issue requires them to be marked wherever they appear.
 */
import type { Narrative, NarrativeInline, ReportFact } from '@fazhi/domain/api/reports';
import { type Block, type Inline, officialDocument, toBuffer } from '../documents/build.ts';
import type { RenderableReport } from './service.ts';

/** The mark after a hand-entered figure. */
export const MANUAL_MARK = '※';

/** 「湾头桥镇」 → 「中共湾头桥镇委员会　湾头桥镇人民政府」. */
export function signatureOrgan(townName: string): string {
  return `中共${townName}委员会　${townName}人民政府`;
}

function factText(f: ReportFact | undefined, key: string): string {
  if (!f) return `【未知数据：${key}】`;
  return f.origin === 'manual' && f.value !== null ? `${f.display}${MANUAL_MARK}` : f.display;
}

/** Inline nodes → plain text with values in place of tokens. */
export function inlineText(content: readonly NarrativeInline[] | undefined, facts: Record<string, ReportFact>): string {
  return (content ?? []).map((n) => (n.type === 'text' ? n.text : factText(facts[n.attrs.key], n.attrs.key))).join('');
}

/**
 * A section's narrative as body blocks. Inside a part (level-1 section) 「（一）」 headings are
 * level 2 (楷体) and 「1.」 level 3; inside a sub-section (already 「（一）」) headings move one
 * level down so the numbering hierarchy of the standard holds.
 */
export function narrativeBlocks(n: Narrative, facts: Record<string, ReportFact>, sectionLevel: number): Block[] {
  const out: Block[] = [];
  for (const b of n.content) {
    const text = inlineText(b.content, facts);
    if (!text.trim()) continue;
    if (b.type === 'heading') {
      const level = Math.min(4, b.attrs.level + (sectionLevel === 2 ? 1 : 0)) as 2 | 3 | 4;
      out.push({ type: 'heading', level, text });
    } else {
      const inl: Inline[] = [text];
      out.push({ type: 'paragraph', text: inl });
    }
  }
  return out;
}

export function reportBlocks(r: RenderableReport): Block[] {
  const body: Block[] = [];
  const used = new Set<string>();
  for (const s of r.sections) {
    body.push({ type: 'heading', level: s.level === 1 ? 1 : 2, text: s.title });
    body.push(...narrativeBlocks(s.narrative, r.facts, s.level));
    for (const b of s.narrative.content) for (const n of b.content ?? []) if (n.type === 'fact') used.add(n.attrs.key);
  }
  const manual = [...used]
    .map((k) => r.facts[k])
    .filter((f): f is ReportFact => !!f && f.origin === 'manual' && f.value !== null);
  if (manual.length > 0) {
    body.push({
      type: 'paragraph',
      text: `注：标有“${MANUAL_MARK}”的数据为人工填报：${manual
        .map((f) => `${f.label}${f.source ? `（${f.source}）` : ''}`)
        .join('；')}。`,
    });
  }
  body.push({ type: 'signature', organ: signatureOrgan(r.townName), date: r.date });
  return body;
}

export async function reportDocx(r: RenderableReport): Promise<Buffer> {
  const doc = officialDocument({
    title: r.draft ? [r.title, '（草稿）'] : r.title,
    body: reportBlocks(r),
    meta: { title: r.title, creator: `${r.townName}法治平台` },
  });
  return toBuffer(doc);
}

export function exportFileName(r: Pick<RenderableReport, 'title' | 'draft'>, ext: 'docx' | 'pdf'): string {
  return `${r.title}${r.draft ? '（草稿）' : ''}.${ext}`;
}
