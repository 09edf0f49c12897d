import { readFile } from 'node:fs/promises';
// jszip comes with docx (which writes .docx through it); reading the parts back is the only
// way to check what Word will see.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { type Block, columnTwips, formDocument, officialDocument, toBuffer } from '../src/documents/build.ts';
import {
  FANGSONG,
  FONT_FAMILIES,
  MARGIN_BOTTOM,
  MARGIN_LEFT,
  MARGIN_RIGHT,
  MARGIN_TOP,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  RED,
  SIZE_2,
  SIZE_3,
  TEXT_WIDTH,
  XBS,
} from '../src/documents/layout.ts';
import {
  docxToPdf,
  FONTS_CONF,
  hasLibreOffice,
  hasPoppler,
  pdfFonts,
  pdfPageCount,
  pdfToPng,
  pdfToText,
  REQUIRED_PACKAGES,
} from '../src/documents/render.ts';
import { blank, formatChineseDate } from '../src/documents/template.ts';

// ── Samples: long enough to run onto a second page, so both page-number footers show ────────

const SENTENCE =
  '今年以来，湾头桥镇深入学习贯彻习近平法治思想，认真落实党政主要负责人履行推进法治建设第一责任人职责，扎实推进依法行政，各项工作取得了新的进展。';
const p = (n: number): Block => ({ type: 'paragraph', text: SENTENCE.repeat(n) });

const OFFICIAL_TITLE = ['湾头桥镇人民政府关于2026年度', '法治政府建设情况的报告'];
const MARK = '湾头桥镇人民政府文件';
const official = () =>
  officialDocument({
    issuerMark: MARK,
    number: '湾政发〔2026〕3号',
    title: OFFICIAL_TITLE,
    addressee: '示范县人民政府',
    body: [
      p(1),
      { type: 'heading', level: 1, text: '一、主要举措和成效' },
      { type: 'heading', level: 2, text: '（一）加强党的领导。', after: '镇党委每季度专题研究法治建设工作。' },
      p(2),
      { type: 'heading', level: 3, text: '1.健全依法决策机制。', after: '重大行政决策全部经过合法性审查。' },
      {
        type: 'table',
        columns: [
          { title: '序号', width: 10, align: 'center' },
          { title: '事项', width: 50 },
          { title: '件数', width: 15, align: 'center' },
          { title: '办结率', width: 25, align: 'center' },
        ],
        rows: [
          ['1', '人民调解案件（含矛盾纠纷排查化解）', '126', '98.4%'],
          ['2', '信访事项', '37', '100%'],
        ],
      },
      { type: 'heading', level: 1, text: '二、下一步工作安排' },
      p(3),
      p(2),
      { type: 'attachments', items: ['2026年度重点工作完成情况统计表', '2026年度行政执法数据统计表'] },
      { type: 'signature', organ: '湾头桥镇人民政府', date: '2026-11-27' },
    ],
    imprint: { cc: ['县委依法治县办', '县司法局'], printer: '湾头桥镇党政办公室', printedOn: '2026-11-27' },
  });

const FORM_TITLE = '人民调解协议书';
const form = () =>
  formDocument({
    issuer: '湾头桥镇人民调解委员会',
    title: FORM_TITLE,
    number: '湾调〔2026〕12号',
    body: [
      {
        type: 'fields',
        columns: 4,
        items: [
          { label: '当事人', value: '张三' },
          { label: '性别', value: '男' },
          { label: '身份证号', value: '330100198001011234' },
          { label: '联系电话', value: null },
          { label: '住址', value: '湾头桥镇前村村12号', wide: true },
        ],
      },
      { type: 'heading', level: 1, text: '一、纠纷主要事实、争议事项' },
      p(3),
      { type: 'heading', level: 1, text: '二、经调解，自愿达成如下协议' },
      p(3),
      p(3),
      { type: 'fields', columns: 2, items: [{ label: '履行情况', value: null, lines: 3 }] },
      {
        type: 'signatures',
        items: [
          { label: '当事人（签名）', date: true },
          { label: '人民调解员（签名）', date: true },
        ],
      },
      { type: 'seal', organ: '湾头桥镇人民调解委员会', date: '2026-11-27' },
    ],
  });

// ── Reading the package back ────────────────────────────────────────────────────────────────

interface Parts {
  document: string;
  styles: string;
  settings: string;
  footers: Record<string, string>;
}

async function parts(buffer: Buffer): Promise<Parts> {
  const zip = await JSZip.loadAsync(buffer);
  const read = (name: string) => zip.file(name)!.async('string');
  const document = await read('word/document.xml');
  const rels = await read('word/_rels/document.xml.rels');
  const footers: Record<string, string> = {};
  for (const m of document.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"`).exec(rels)![1];
    footers[m[1]!] = await read(`word/${target}`);
  }
  return { document, styles: await read('word/styles.xml'), settings: await read('word/settings.xml'), footers };
}

const attr = (xml: string, el: string, name: string) =>
  Number(new RegExp(`<${el}\\b[^>]*\\bw:${name}="(\\d+)"`).exec(xml)?.[1]);
const twipsToMm = (t: number) => (t * 25.4) / 1440;
/** Runs that carry text, as their raw XML. */
const textRuns = (xml: string) =>
  [...xml.matchAll(/<w:r>(.*?)<\/w:r>/gs)].map((m) => m[1]!).filter((r) => /<w:t[ >]/.test(r));
const runText = (run: string) => [...run.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
const runWith = (xml: string, text: string) => textRuns(xml).find((r) => runText(r).includes(text));

function expectLayout(x: Parts) {
  // A4 and GB/T 9704 margins, ±1 mm (§5.1, §5.2.1).
  expect(twipsToMm(attr(x.document, 'w:pgSz', 'w'))).toBeCloseTo(210, 0);
  expect(twipsToMm(attr(x.document, 'w:pgSz', 'h'))).toBeCloseTo(297, 0);
  const near = (twips: number, mm: number) => expect(Math.abs(twipsToMm(twips) - mm)).toBeLessThanOrEqual(1);
  near(attr(x.document, 'w:pgMar', 'top'), 37);
  near(attr(x.document, 'w:pgMar', 'left'), 28);
  near(attr(x.document, 'w:pgMar', 'right'), 26);
  near(attr(x.document, 'w:pgMar', 'bottom'), 35);
  near(PAGE_WIDTH - attr(x.document, 'w:pgMar', 'left') - attr(x.document, 'w:pgMar', 'right'), 156);
  near(PAGE_HEIGHT - attr(x.document, 'w:pgMar', 'top') - attr(x.document, 'w:pgMar', 'bottom'), 225);

  // Body in 三号 仿宋.
  const body = runWith(x.document, '今年以来');
  expect(body).toContain(`w:eastAsia="${FANGSONG}"`);
  expect(body).toContain(`<w:sz w:val="${SIZE_3}"/>`);

  // Every run with text names its East Asian font, in the body and in the footers.
  for (const xml of [x.document, ...Object.values(x.footers)]) {
    for (const run of textRuns(xml)) expect(run, runText(run)).toMatch(/<w:rFonts [^>]*w:eastAsia="[^"]+"/);
  }

  // Black throughout, Word's blue heading styles overridden too.
  for (const xml of [x.document, x.styles, ...Object.values(x.footers)]) {
    for (const m of xml.matchAll(/<w:color w:val="([0-9A-Fa-f]{6}|auto)"/g))
      expect(['000000', 'auto', RED]).toContain(m[1]);
  }
  expect(x.styles).not.toMatch(/w:color w:val="(2E74B5|1F4D78|44546A|0563C1)"/);

  // No table wider than the text block.
  for (const grid of x.document.matchAll(/<w:tblGrid>(.*?)<\/w:tblGrid>/gs)) {
    const sum = [...grid[1]!.matchAll(/w:w="(\d+)"/g)].reduce((a, m) => a + Number(m[1]), 0);
    expect(sum).toBeLessThanOrEqual(TEXT_WIDTH);
  }

  // “— N —”: odd pages right, even pages left, Word told to use separate even footers.
  expect(x.settings).toMatch(/<w:evenAndOddHeaders(\/>| w:val="(true|1)")/);
  expect(Object.keys(x.footers).sort()).toEqual(['default', 'even']);
  for (const [type, xml] of Object.entries(x.footers)) {
    expect(xml).toContain('—');
    expect(xml).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(xml).toContain(`<w:jc w:val="${type === 'default' ? 'right' : 'left'}"/>`);
  }
}

describe('GB/T 9704 layout in the .docx', () => {
  it('a 公文 has the standard page, fonts and footers, and red only in the issuer mark and its line', async () => {
    const x = await parts(await toBuffer(official()));
    expectLayout(x);
    const title = runWith(x.document, OFFICIAL_TITLE[0]!);
    expect(title).toContain(`<w:sz w:val="${SIZE_2}"/>`);
    expect(title).toContain(`w:eastAsia="${XBS}"`);
    const red = textRuns(x.document).filter((r) => r.includes(`w:color w:val="${RED}"`));
    expect(red.map(runText)).toEqual([MARK]);
    // The red separator is the only red border.
    expect(x.document.match(new RegExp(`<w:bottom [^>]*w:color="${RED}"`, 'g'))).toHaveLength(1);
    expect(runWith(x.document, '一、主要举措')).toContain('w:eastAsia="黑体"');
    expect(runWith(x.document, '（一）加强')).toContain('w:eastAsia="楷体_GB2312"');
    expect(runWith(x.document, '2026年11月27日')).toBeDefined();
    expect(runWith(x.document, '2026年11月27日印发')).toBeDefined();
  });

  it('a 文书 has the same page and footers, and no red at all', async () => {
    const x = await parts(await toBuffer(form()));
    expectLayout(x);
    const title = runWith(x.document, FORM_TITLE);
    expect(title).toContain(`<w:sz w:val="${SIZE_2}"/>`);
    expect(x.document).not.toContain(RED);
    expect(runWith(x.document, '湾调〔2026〕12号')).toBeDefined();
    expect(runWith(x.document, '（盖章）')).toBeDefined();
  });

  it('refuses a table wider than the text block', () => {
    expect(() => columnTwips([60, 50])).toThrow(/100%/);
    expect(columnTwips([50, 50]).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(TEXT_WIDTH);
    expect(() =>
      officialDocument({ title: 'x', body: [{ type: 'table', columns: [{ title: 'a', width: 101 }], rows: [] }] }),
    ).toThrow();
  });

  it('margins add up to A4 with a 156 × 225 mm block', () => {
    expect(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT).toBe(TEXT_WIDTH);
    expect(PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM).toBeGreaterThan(0);
  });
});

describe('font table (issue 13)', () => {
  it('declares every face a run names, with its Windows name, PANOSE, GB2312 charset and a serif family except 黑体', async () => {
    for (const doc of [official(), form()]) {
      const zip = await JSZip.loadAsync(await toBuffer(doc));
      const table = await zip.file('word/fontTable.xml')!.async('string');
      const document = await zip.file('word/document.xml')!.async('string');
      const used = new Set([...document.matchAll(/<w:rFonts [^>]*w:eastAsia="([^"]+)"/g)].map((m) => m[1]!));
      expect(used.size).toBeGreaterThan(0);
      for (const name of used) {
        const entry = new RegExp(`<w:font w:name="${name}">(.*?)</w:font>`).exec(table)?.[1];
        expect(entry, name).toBeDefined();
        expect(entry).toMatch(/<w:altName w:val="[^"]+"\/>/);
        expect(entry).toMatch(/<w:panose1 w:val="[0-9A-F]{20}"\/>/);
        expect(entry).toContain('<w:charset w:val="86"/>');
        // Without the licensed faces a reader falls back within the family: 宋/仿宋 are serif.
        expect(entry).toContain(
          name === FONT_FAMILIES.HEITI[0] ? '<w:family w:val="swiss"/>' : '<w:family w:val="roman"/>',
        );
      }
      // 仿宋_GB2312 is absent from a stock Windows; its altName is the 仿宋 that is there.
      expect(table).toContain(`<w:font w:name="${FANGSONG}"><w:altName w:val="仿宋"/>`);
    }
  });
});

describe('template helpers', () => {
  it('formats dates the GB/T 9704 way, without leading zeros', () => {
    expect(formatChineseDate('2026-11-27')).toBe('2026年11月27日');
    expect(formatChineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(formatChineseDate('2026年3月5日')).toBe('2026年3月5日');
    expect(() => formatChineseDate('27/11/2026')).toThrow();
  });

  it('draws blanks to fill in by hand', () => {
    expect(blank(4)).toBe('____');
    expect(blank(0)).toBe('');
  });

  it('fonts.conf maps every font name a document can carry', async () => {
    const conf = await readFile(FONTS_CONF, 'utf8');
    expect(conf).toContain('<include ignore_missing="no">/etc/fonts/fonts.conf</include>');
    for (const name of Object.values(FONT_FAMILIES).flat()) expect(conf).toContain(`<string>${name}</string>`);
  });
});

// ── What a person sees: LibreOffice → PDF. Never skipped: a machine without it fails here. ──

describe('rendered with LibreOffice', () => {
  // Converted once, on first use, so each test below fails (not skips) on a machine without it.
  let rendering: Promise<Record<'official' | 'form', Buffer>> | undefined;
  const rendered = () => {
    rendering ??= (async () => {
      if (!(await hasLibreOffice()) || !(await hasPoppler())) {
        throw new Error(`LibreOffice (soffice) or poppler-utils is missing: apt-get install -y ${REQUIRED_PACKAGES}`);
      }
      return {
        official: await docxToPdf(await toBuffer(official())),
        form: await docxToPdf(await toBuffer(form())),
      };
    })();
    return rendering;
  };

  for (const [name, title] of [
    ['official', OFFICIAL_TITLE.join('')],
    ['form', FORM_TITLE],
  ] as const) {
    it(`${name}: the Chinese text comes out, over two pages or more, with page numbers`, async () => {
      const pdf = (await rendered())[name];
      const text = (await pdfToText(pdf)).replace(/\s+/g, '');
      expect(text).toContain(title);
      expect(text).toContain('湾头桥镇');
      expect(text).toContain('—1—');
      expect(text).toContain('—2—');
      expect(await pdfPageCount(pdf)).toBeGreaterThanOrEqual(2);
    });

    it(`${name}: every font is an embedded CJK face, none replaced by a Latin one`, async () => {
      const fonts = await pdfFonts((await rendered())[name]);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(f.name, `${f.name} should be a CJK face (see fonts.conf)`).toMatch(/CJK|UKai/i);
        expect(f.embedded, f.name).toBe(true);
      }
    });
  }

  it('renders a page to PNG', async () => {
    const png = await pdfToPng((await rendered()).form, 1, { dpi: 30 });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});
