/**
 * The PDF conversion cache (documents/render.ts): a document LibreOffice has converted once
 * is not converted again, even when it was built again later (its core properties carry the
 * time it was written, and its zip the time of each part); a changed document is.
 */
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { formDocument, toBuffer } from '../src/documents/build.ts';
import {
  conversionCount,
  docxToPdf,
  docxToPdfMany,
  hasLibreOffice,
  hasPoppler,
  pdfToText,
  REQUIRED_PACKAGES,
} from '../src/documents/render.ts';

// A title of its own per run, so that no other test's conversion in this worker is a hit.
const RUN = Math.random().toString(36).slice(2, 8);
const notice = (body: string) =>
  toBuffer(
    formDocument({
      issuer: '湾头桥镇人民调解委员会',
      title: `调解通知书${RUN}`,
      number: '湾调〔2026〕12号',
      body: [{ type: 'paragraph', text: body }],
    }),
  );

/** The same document written at another time: other timestamps in its core properties and its zip. */
async function rewrittenLater(docx: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(docx);
  const core = await zip.file('docProps/core.xml')!.async('string');
  const later = core.replace(/(<dcterms:(?:created|modified)\b[^>]*>)[^<]*/g, '$12031-05-06T07:08:09.000Z');
  expect(later).not.toBe(core);
  zip.file('docProps/core.xml', later, { date: new Date('2031-05-06T07:08:09Z') });
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const text = async (pdf: Buffer) => (await pdfToText(pdf)).replace(/\s+/g, '');

describe('converting .docx to PDF', () => {
  it('converts a document once: the same document again, even rewritten later, comes from the cache', async () => {
    if (!(await hasLibreOffice()) || !(await hasPoppler())) {
      throw new Error(`LibreOffice (soffice) or poppler-utils is missing: apt-get install -y ${REQUIRED_PACKAGES}`);
    }
    const docx = await notice('请于2026年3月5日上午9时到湾头桥镇矛调中心参加调解。');
    const before = conversionCount();
    const first = await docxToPdf(docx);
    expect(conversionCount()).toBe(before + 1);
    expect(await text(first)).toContain('请于2026年3月5日上午9时');

    const again = await rewrittenLater(docx);
    expect(again.equals(docx)).toBe(false);
    const second = await docxToPdf(again);
    expect(conversionCount()).toBe(before + 1);
    expect(second.equals(first)).toBe(true);
    // What a caller is handed is its own: changing it leaves the cached PDF as it was.
    second.fill(0);
    expect((await docxToPdf(docx)).equals(first)).toBe(true);
    expect(conversionCount()).toBe(before + 1);
  });

  it('converts a changed document, and in a batch only the documents not converted before, each once', async () => {
    const a = await notice('请于2026年3月6日上午9时到湾头桥镇矛调中心参加调解。');
    const before = conversionCount();
    const pdfA = await docxToPdf(a);
    expect(conversionCount()).toBe(before + 1);

    // One character changed: another document, converted anew.
    const b = await notice('请于2026年3月7日上午9时到湾头桥镇矛调中心参加调解。');
    const c = await notice('请于2026年3月8日上午9时到湾头桥镇矛调中心参加调解。');
    const out = await docxToPdfMany([a, b, await rewrittenLater(a), c, b]);
    expect(conversionCount()).toBe(before + 3);
    expect(out).toHaveLength(5);
    expect(out[0]!.equals(pdfA)).toBe(true);
    expect(out[2]!.equals(pdfA)).toBe(true);
    expect(await text(out[1]!)).toContain('2026年3月7日');
    expect(await text(out[3]!)).toContain('2026年3月8日');
    expect(out[4]!.equals(out[1]!)).toBe(true);
  });
});
