/**
 * Builders for the two shapes every issued document takes: a 公文 (officialDocument) and a
 * 文书/form (formDocument). Templates describe content as blocks; all layout decisions live
 * here and in layout.ts so the documents of every case type look alike.
 */
import { toStorableText } from '@fazhi/domain';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeightRule,
  type IBorderOptions,
  type IIndentAttributesProperties,
  type IParagraphOptions,
  LineRuleType,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  type ParagraphChild,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  VerticalAlignTable,
  WidthType,
} from 'docx';
import {
  BLACK,
  CHAR,
  CHAR_4,
  CHAR_SPACING_3,
  CHARS_PER_LINE,
  DATE_RIGHT_INDENT,
  FANGSONG,
  FOOTER_DISTANCE,
  FOOTER_LINE,
  type FontName,
  font,
  HEADER_DISTANCE,
  HEITI,
  IMPRINT_INNER_LINE,
  IMPRINT_OUTER_LINE,
  INDENT_2,
  KAITI,
  LINE,
  MARGIN_BOTTOM,
  MARGIN_LEFT,
  MARGIN_RIGHT,
  MARGIN_TOP,
  MARK_OFFSET,
  NUMBER_GAP,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  pt,
  RED,
  RED_LINE_GAP_PT,
  RED_LINE_SIZE,
  SIZE_2,
  SIZE_3,
  SIZE_4,
  SIZE_CHUHAO,
  SIZE_XIAO_2,
  SIZE_XIAO_4,
  SONG,
  TEXT_WIDTH,
  TITLE_GAP,
  XBS,
} from './layout.ts';
import { blank, formatChineseDate } from './template.ts';

// ── Content model ──────────────────────────────────────────────────────────────────────────

/** A piece of inline text; a plain string is 仿宋 regular at the block's size. */
export type Inline = string | { text: string; bold?: boolean; underline?: boolean; font?: FontName };

export interface FieldItem {
  label: string;
  /** null or '' leaves the cell blank for filling in by hand. */
  value: string | null;
  /** Take a whole row (four-column layout only): for addresses and long text. */
  wide?: boolean;
  /** Minimum height in body lines, for text filled in by hand (default 1). */
  lines?: number;
}

export type Block =
  /** Body paragraph, first line indented 2 characters. '\n' starts a new paragraph. */
  | { type: 'paragraph'; text: string | Inline[]; align?: 'justify' | 'left' | 'center' | 'right'; indent?: boolean }
  /**
   * Structural heading, numbered by the caller: 1 “一、” 黑体, 2 “（一）” 楷体, 3 “1.” 仿宋 bold,
   * 4 “（1）” 仿宋. `after` runs on in the same paragraph in body type (GB/T 9704 practice for
   * levels 2–4).
   */
  | { type: 'heading'; level: 1 | 2 | 3 | 4; text: string; after?: string }
  /** Bordered table; column widths in percent of the 156 mm text block, summing to ≤ 100. */
  | {
      type: 'table';
      columns: { title: string; width: number; align?: 'left' | 'center' | 'right' }[];
      rows: string[][];
      size?: 'sihao' | 'xiaosi';
    }
  /** 附件说明: one blank line below the text, “附件：1.…”. */
  | { type: 'attachments'; items: string[] }
  /** Issuing organ and date (成文日期) at the end of a 公文; date 'YYYY-MM-DD'. */
  | { type: 'signature'; organ: string; date: string }
  /** Label/value grid of a form: 2 columns (label, value) or 4 (two pairs a row). */
  | { type: 'fields'; columns?: 2 | 4; items: FieldItem[] }
  /** Lines for the parties to sign on, e.g. { label: '当事人（签名）', date: true }. */
  | { type: 'signatures'; items: { label: string; date?: boolean }[] }
  /** Organ and date on a form, right-aligned, with room for the seal; date 'YYYY-MM-DD'. */
  | { type: 'seal'; organ: string; date: string }
  | { type: 'blank'; lines?: number }
  | { type: 'pageBreak' };

export interface DocumentMeta {
  /** Shown in the file's properties; defaults to the title. */
  title?: string;
  creator?: string;
}

export interface OfficialDocumentOptions {
  /** 发文机关标志, e.g. '湾头桥镇人民政府文件'; printed red, with the red separator below. */
  issuerMark?: string;
  /** 发文字号, e.g. '湾政发〔2026〕3号'. */
  number?: string;
  /** One string (may contain '\n') or one string per line. */
  title: string | string[];
  /** 主送机关, e.g. '各村（社区）、镇属各单位'; the trailing '：' is added if missing. */
  addressee?: string;
  body: Block[];
  /** 版记. */
  imprint?: { cc?: string[]; printer: string; printedOn: string };
  meta?: DocumentMeta;
}

export interface FormDocumentOptions {
  /** Organ line above the title, e.g. '湾头桥镇人民调解委员会'. */
  issuer?: string;
  title: string | string[];
  /** Right-aligned number line below the title, e.g. '湾调〔2026〕12号'. */
  number?: string;
  body: Block[];
  meta?: DocumentMeta;
}

// ── Runs and paragraphs ────────────────────────────────────────────────────────────────────

export interface RunStyle {
  font?: FontName;
  size?: number;
  bold?: boolean;
  underline?: boolean;
  color?: string;
}

/**
 * A text run with every font slot and the colour set explicitly: a run that leaves them to
 * the styles picks up the theme's East Asian font in Word and a Latin face in LibreOffice.
 */
export function textRun(text: string, style: RunStyle = {}): TextRun {
  const size = style.size ?? SIZE_3;
  return new TextRun({
    // Defensive: input is refused at the boundary, but older rows may hold what XML 1.0 forbids.
    text: toStorableText(text),
    font: font(style.font ?? FANGSONG),
    size,
    color: style.color ?? BLACK,
    bold: style.bold || undefined,
    underline: style.underline ? { type: 'single' } : undefined,
    characterSpacing: size === SIZE_3 ? CHAR_SPACING_3 : undefined,
    language: LANGUAGE,
  });
}

/**
 * Marks text as Simplified Chinese: Word picks punctuation and line-breaking rules by it,
 * and LibreOffice picks the SC face of a CJK font collection (else the JP one, whose
 * punctuation and some glyphs differ).
 */
const LANGUAGE = { value: 'en-US', eastAsia: 'zh-CN' };

/** A tab, carrying the fonts like any run so no run in the document lacks them. */
function tabRun(size = SIZE_3): TextRun {
  return new TextRun({ children: [new Tab()], font: font(FANGSONG), size, color: BLACK, language: LANGUAGE });
}

function inlineRuns(content: string | Inline[], base: RunStyle): TextRun[] {
  const parts = typeof content === 'string' ? [content] : content;
  return parts.map((p) =>
    typeof p === 'string'
      ? textRun(p, base)
      : textRun(p.text, { ...base, bold: p.bold ?? base.bold, underline: p.underline, font: p.font ?? base.font }),
  );
}

interface ParaOptions {
  align?: (typeof AlignmentType)[keyof typeof AlignmentType];
  indent?: IIndentAttributesProperties;
  before?: number;
  after?: number;
  /** Exact line height in twips; 0 → single (auto) spacing for oversized type. */
  line?: number;
  keepNext?: boolean;
  border?: IParagraphOptions['border'];
  tabStops?: IParagraphOptions['tabStops'];
}

function para(children: ParagraphChild[], o: ParaOptions = {}): Paragraph {
  const line = o.line ?? LINE;
  return new Paragraph({
    children,
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    indent: o.indent,
    spacing: {
      before: o.before ?? 0,
      after: o.after ?? 0,
      line: line === 0 ? 240 : line,
      lineRule: line === 0 ? LineRuleType.AUTO : LineRuleType.EXACT,
    },
    keepNext: o.keepNext,
    border: o.border,
    tabStops: o.tabStops,
  });
}

/** Display width in 三号 characters: CJK and full-width forms count 1, ASCII ½. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! < 0x2000 ? 0.5 : 1;
  return w;
}

// ── Blocks ─────────────────────────────────────────────────────────────────────────────────

const ALIGN = {
  justify: AlignmentType.JUSTIFIED,
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
} as const;

const THIN: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: BLACK };

function paragraphBlocks(b: Extract<Block, { type: 'paragraph' }>): Paragraph[] {
  const indent = b.indent === false ? undefined : { firstLine: INDENT_2 };
  const align = ALIGN[b.align ?? 'justify'];
  if (typeof b.text !== 'string') return [para(inlineRuns(b.text, {}), { align, indent })];
  return b.text
    .split(/\n+/)
    .filter((t) => t.trim() !== '')
    .map((t) => para([textRun(t)], { align, indent }));
}

const HEADING_STYLE: Record<1 | 2 | 3 | 4, RunStyle> = {
  1: { font: HEITI },
  2: { font: KAITI },
  3: { font: FANGSONG, bold: true },
  4: { font: FANGSONG },
};

function headingBlock(b: Extract<Block, { type: 'heading' }>): Paragraph {
  const runs = [textRun(b.text, HEADING_STYLE[b.level])];
  if (b.after) runs.push(textRun(b.after));
  // §7.3.3: headings are indented like any paragraph; a bare heading stays with its text.
  return para(runs, { indent: { firstLine: INDENT_2 }, keepNext: !b.after });
}

/** Column percentages → twips; refuses a table wider than the text block. */
export function columnTwips(percents: number[], total = TEXT_WIDTH): number[] {
  const sum = percents.reduce((a, b) => a + b, 0);
  if (percents.some((p) => !(p > 0)) || sum > 100.001) {
    throw new Error(`表格列宽之和不能超过版心宽度（100%），现为 ${sum}%`);
  }
  return percents.map((p) => Math.floor((total * p) / 100));
}

function cell(children: Paragraph[], width: number, extra: Partial<ConstructorParameters<typeof TableCell>[0]> = {}) {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlignTable.CENTER,
    margins: { left: 85, right: 85, top: 30, bottom: 30 },
    ...extra,
  });
}

function tableLine(size: number): number {
  return pt((size / 2) * 1.5);
}

function tableBlock(b: Extract<Block, { type: 'table' }>): Table {
  const size = b.size === 'xiaosi' ? SIZE_XIAO_4 : SIZE_4;
  const line = tableLine(size);
  const widths = columnTwips(b.columns.map((c) => c.width));
  const cellPara = (text: string, align: keyof typeof ALIGN, bold: boolean) =>
    text.split('\n').map((t) => para([textRun(t, { size, bold })], { align: ALIGN[align], line }));
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: b.columns.map((c, i) => cell(cellPara(c.title, 'center', true), widths[i]!)),
  });
  const rows = b.rows.map(
    (r) =>
      new TableRow({
        cantSplit: true,
        children: b.columns.map((c, i) => cell(cellPara(r[i] ?? '', c.align ?? 'left', false), widths[i]!)),
      }),
  );
  return new Table({
    rows: [header, ...rows],
    width: { size: widths.reduce((a, w) => a + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
  });
}

function attachmentBlocks(b: Extract<Block, { type: 'attachments' }>): Paragraph[] {
  const single = b.items.length === 1;
  return b.items.map((name, i) => {
    const num = single ? '' : `${i + 1}.`;
    const numWidth = textWidth(num) * CHAR;
    // §7.3.4: “附件” two characters in; a wrapped name lines up with the name above.
    const left = INDENT_2 + 3 * CHAR + numWidth;
    const hanging = i === 0 ? 3 * CHAR + numWidth : numWidth;
    return para([textRun(`${i === 0 ? '附件：' : ''}${num}${name}`)], {
      align: AlignmentType.LEFT,
      indent: { left, hanging },
      before: i === 0 ? LINE : 0,
    });
  });
}

/**
 * Organ name centred over the date, the date `dateRight` from the right (§7.3.5.1). The
 * organ's right indent follows from the difference in width; a longer name is clamped to
 * the margin.
 */
function organAndDate(organ: string, date: string, dateRight: number, before: number, organSuffix = ''): Paragraph[] {
  const dateText = formatChineseDate(date);
  const organText = organ + organSuffix;
  const organRight = Math.max(0, Math.round(dateRight + ((textWidth(dateText) - textWidth(organText)) * CHAR) / 2));
  return [
    para([textRun(organText)], { align: AlignmentType.RIGHT, indent: { right: organRight }, before, keepNext: true }),
    para([textRun(dateText)], { align: AlignmentType.RIGHT, indent: { right: dateRight } }),
  ];
}

function fieldsBlock(b: Extract<Block, { type: 'fields' }>): Table {
  const four = (b.columns ?? 2) === 4;
  const widths = columnTwips(four ? [17, 33, 17, 33] : [24, 76]);
  const size = SIZE_4;
  const line = tableLine(size);
  const label = (t: string, w: number) =>
    cell([para([textRun(t, { font: HEITI, size })], { align: AlignmentType.CENTER, line })], w);
  const value = (item: FieldItem, w: number, span = 1) =>
    cell(
      (item.value ?? '')
        .split('\n')
        .map((t) => para(t ? [textRun(t, { size })] : [], { align: AlignmentType.LEFT, line })),
      w,
      span > 1 ? { columnSpan: span } : {},
    );
  // Rows are tall enough to write in by hand even when the value is blank.
  const height = (items: FieldItem[]) => ({
    value: Math.max(mmRow, ...items.map((i) => (i.lines ?? 1) * LINE)),
    rule: HeightRule.ATLEAST,
  });

  const rows: TableRow[] = [];
  if (!four) {
    for (const item of b.items) {
      rows.push(
        new TableRow({
          cantSplit: true,
          height: height([item]),
          children: [label(item.label, widths[0]!), value(item, widths[1]!)],
        }),
      );
    }
  } else {
    const queue = [...b.items];
    while (queue.length > 0) {
      const first = queue.shift()!;
      if (first.wide) {
        rows.push(
          new TableRow({
            cantSplit: true,
            height: height([first]),
            children: [label(first.label, widths[0]!), value(first, widths[1]! + widths[2]! + widths[3]!, 3)],
          }),
        );
        continue;
      }
      const second = queue[0] && !queue[0].wide ? queue.shift()! : null;
      const cells = [label(first.label, widths[0]!), value(first, widths[1]!)];
      if (second) cells.push(label(second.label, widths[2]!), value(second, widths[3]!));
      else cells.push(cell([para([], { line })], widths[2]!), cell([para([], { line })], widths[3]!));
      rows.push(new TableRow({ cantSplit: true, height: height(second ? [first, second] : [first]), children: cells }));
    }
  }
  return new Table({
    rows,
    width: { size: widths.reduce((a, w) => a + w, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    alignment: AlignmentType.CENTER,
    borders: { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN },
  });
}

/** Minimum field-row height: one body line plus cell padding, about 11 mm, enough to write in. */
const mmRow = LINE + 60;

const DATE_BLANK = `日期：${blank(4)}年${blank(2)}月${blank(2)}日`;

function signatureBlocks(b: Extract<Block, { type: 'signatures' }>): Paragraph[] {
  return b.items.map((s) => {
    // The blank takes what the line leaves after the label, the date and a two-character
    // gap, so a long label never pushes the date onto a second line.
    const used = textWidth(`${s.label}：`) + (s.date ? textWidth(DATE_BLANK) + 2 : 0);
    const runs = [textRun(`${s.label}：${blank(Math.max(6, Math.floor((CHARS_PER_LINE - used) * 2)))}`)];
    if (s.date) runs.push(tabRun(), textRun(DATE_BLANK));
    return para(runs, {
      align: AlignmentType.LEFT,
      before: LINE,
      tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH }],
    });
  });
}

/** Half a line below a table, so the text after it does not touch the bottom rule. */
const afterTable = () => para([], { line: Math.round(LINE / 2) });

function blocks(body: Block[]): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of body) {
    switch (b.type) {
      case 'paragraph':
        out.push(...paragraphBlocks(b));
        break;
      case 'heading':
        out.push(headingBlock(b));
        break;
      case 'table':
        out.push(tableBlock(b), afterTable());
        break;
      case 'attachments':
        out.push(...attachmentBlocks(b));
        break;
      case 'signature':
        // Two blank lines leave the seal room to sit over the organ name (§7.3.5.1).
        out.push(...organAndDate(b.organ, b.date, DATE_RIGHT_INDENT, 2 * LINE));
        break;
      case 'fields':
        out.push(fieldsBlock(b), afterTable());
        break;
      case 'signatures':
        out.push(...signatureBlocks(b));
        break;
      case 'seal':
        out.push(...organAndDate(b.organ, b.date, DATE_RIGHT_INDENT, 2 * LINE, '（盖章）'));
        break;
      case 'blank':
        for (let i = 0; i < (b.lines ?? 1); i++) out.push(para([]));
        break;
      case 'pageBreak':
        out.push(new Paragraph({ pageBreakBefore: true, spacing: { line: LINE, lineRule: LineRuleType.EXACT } }));
        break;
    }
  }
  return out;
}

// ── Document frame: title, header block, 版记, page setup ──────────────────────────────────

function titleLines(title: string | string[]): string[] {
  return (Array.isArray(title) ? title : title.split('\n')).map((t) => t.trim()).filter(Boolean);
}

function titleBlock(title: string | string[], before: number, after = LINE): Paragraph[] {
  const lines = titleLines(title);
  return lines.map((t, i) =>
    para([textRun(t, { font: XBS, size: SIZE_2 })], {
      align: AlignmentType.CENTER,
      before: i === 0 ? before : 0,
      // One blank line between the title and what follows (§7.3.2).
      after: i === lines.length - 1 ? after : 0,
      keepNext: true,
    }),
  );
}

/** Largest size (half-points) at which the mark fits on one line, capped at 初号. */
function markSize(mark: string): number {
  const fit = Math.floor(((TEXT_WIDTH / 20) * 0.95 * 2) / Math.max(1, textWidth(mark)));
  return Math.min(SIZE_CHUHAO, fit);
}

function headerBlock(issuerMark: string | undefined, number: string | undefined): Paragraph[] {
  const out: Paragraph[] = [];
  const redLine = { bottom: { style: BorderStyle.SINGLE, size: RED_LINE_SIZE, color: RED, space: RED_LINE_GAP_PT } };
  if (issuerMark) {
    out.push(
      para([textRun(issuerMark, { font: XBS, size: markSize(issuerMark), color: RED })], {
        align: AlignmentType.CENTER,
        // MARK_OFFSET is to the glyphs' top; single spacing puts about ¼ em of leading above them.
        before: MARK_OFFSET - Math.round((markSize(issuerMark) / 2) * 20 * 0.25),
        line: 0,
        border: number ? undefined : redLine,
      }),
    );
  }
  if (number) {
    out.push(
      para([textRun(number)], {
        align: AlignmentType.CENTER,
        before: issuerMark ? NUMBER_GAP : 0,
        border: issuerMark ? redLine : undefined,
      }),
    );
  }
  return out;
}

/**
 * 版记 as a one-column table whose rules are the standard's separators (§7.4.1): the rules
 * run the full block width while the text is indented one character each side (§7.4.2,
 * §7.4.3). The standard puts it on the bottom of the last (even) page; it follows the content
 * instead, because a floating table or frame as wide as the text block is laid out inline by
 * LibreOffice anyway, and the preview must show what the .docx holds.
 */
function imprintBlock(imprint: NonNullable<OfficialDocumentOptions['imprint']>): (Table | Paragraph)[] {
  const size = SIZE_4;
  const row = (p: Paragraph) =>
    new TableRow({
      cantSplit: true,
      children: [
        new TableCell({
          width: { size: TEXT_WIDTH, type: WidthType.DXA },
          margins: { left: 0, right: 0, top: 0, bottom: 0 },
          verticalAlign: VerticalAlignTable.CENTER,
          children: [p],
        }),
      ],
    });
  const rows: TableRow[] = [];
  if (imprint.cc && imprint.cc.length > 0) {
    // A wrapped 抄送 line lines up with the first name after the colon.
    rows.push(
      row(
        para([textRun(`抄送：${imprint.cc.join('，')}。`, { size })], {
          align: AlignmentType.LEFT,
          indent: { left: CHAR_4 * 4, right: CHAR_4, hanging: CHAR_4 * 3 },
        }),
      ),
    );
  }
  rows.push(
    row(
      para(
        [
          textRun(imprint.printer, { size }),
          tabRun(size),
          textRun(`${formatChineseDate(imprint.printedOn)}印发`, { size }),
        ],
        {
          align: AlignmentType.LEFT,
          indent: { left: CHAR_4 },
          tabStops: [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - CHAR_4 }],
        },
      ),
    ),
  );
  const outer: IBorderOptions = { style: BorderStyle.SINGLE, size: IMPRINT_OUTER_LINE, color: BLACK };
  const inner: IBorderOptions = { style: BorderStyle.SINGLE, size: IMPRINT_INNER_LINE, color: BLACK };
  const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'auto' };
  return [
    // One blank line so the top rule keeps clear of the date above.
    para([]),
    new Table({
      rows,
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: [TEXT_WIDTH],
      layout: TableLayoutType.FIXED,
      borders: { top: outer, bottom: outer, insideHorizontal: inner, left: none, right: none, insideVertical: none },
    }),
  ];
}

/** “— N —”, odd pages right and even pages left, one character in (§7.5). */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: CHAR_4 } : { left: CHAR_4 },
        spacing: { before: 0, after: 0, line: FOOTER_LINE, lineRule: LineRuleType.EXACT },
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font: font(SONG),
            size: SIZE_4,
            color: BLACK,
            language: LANGUAGE,
          }),
        ],
      }),
    ],
  });
}

/** Word's built-in Title/Heading/Caption/Hyperlink styles are blue; nothing here uses them,
 * but a template or an editor that applies one should still get black 公文 type. */
const BLACK_STYLE = { run: { color: BLACK, font: font(HEITI) } };

function makeDocument(children: (Paragraph | Table)[], meta: DocumentMeta & { title: string }): Document {
  return new Document({
    title: meta.title,
    creator: meta.creator ?? '法治平台',
    evenAndOddHeaderAndFooters: true,
    styles: {
      default: {
        document: {
          run: { font: font(FANGSONG), size: SIZE_3, color: BLACK, language: LANGUAGE },
          paragraph: { spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 } },
        },
        title: { run: { color: BLACK, font: font(XBS), size: SIZE_2 } },
        heading1: BLACK_STYLE,
        heading2: { run: { color: BLACK, font: font(KAITI) } },
        heading3: { run: { color: BLACK, font: font(FANGSONG) } },
        heading4: { run: { color: BLACK, font: font(FANGSONG) } },
        heading5: { run: { color: BLACK, font: font(FANGSONG) } },
        heading6: { run: { color: BLACK, font: font(FANGSONG) } },
        caption: { run: { color: BLACK, font: font(FANGSONG), size: SIZE_4 } },
        hyperlink: { run: { color: BLACK } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT, orientation: PageOrientation.PORTRAIT },
            margin: {
              top: MARGIN_TOP,
              bottom: MARGIN_BOTTOM,
              left: MARGIN_LEFT,
              right: MARGIN_RIGHT,
              header: HEADER_DISTANCE,
              footer: FOOTER_DISTANCE,
              gutter: 0,
            },
          },
          grid: { linePitch: LINE },
        },
        footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
        children,
      },
    ],
  });
}

// ── Public builders ────────────────────────────────────────────────────────────────────────

/** A 公文: optional 版头 (red mark, 文号, red line), title, 主送, body, optional 版记. */
export function officialDocument(opts: OfficialDocumentOptions): Document {
  const header = headerBlock(opts.issuerMark, opts.number);
  const children: (Paragraph | Table)[] = [...header, ...titleBlock(opts.title, header.length > 0 ? TITLE_GAP : 0)];
  if (opts.addressee) {
    const a = opts.addressee.replace(/[：:]\s*$/, '');
    children.push(para([textRun(`${a}：`)], { align: AlignmentType.LEFT }));
  }
  children.push(...blocks(opts.body));
  if (opts.imprint) children.push(...imprintBlock(opts.imprint));
  return makeDocument(children, { ...opts.meta, title: opts.meta?.title ?? titleLines(opts.title).join('') });
}

/** A 文书 such as 人民调解协议书 or 受理告知书: issuer line, title, number line, body. */
export function formDocument(opts: FormDocumentOptions): Document {
  const children: (Paragraph | Table)[] = [];
  if (opts.issuer) {
    children.push(
      para([textRun(opts.issuer, { font: XBS, size: SIZE_XIAO_2 })], { align: AlignmentType.CENTER, keepNext: true }),
    );
  }
  // A number line takes the place of the blank line that otherwise follows the title.
  children.push(...titleBlock(opts.title, 0, opts.number ? 0 : LINE));
  if (opts.number) {
    children.push(
      para([textRun(opts.number)], { align: AlignmentType.RIGHT, indent: { right: CHAR }, after: LINE / 2 }),
    );
  }
  children.push(...blocks(opts.body));
  return makeDocument(children, { ...opts.meta, title: opts.meta?.title ?? titleLines(opts.title).join('') });
}

/**
 * The stamp put over every page of a voided document's preview (render.ts `stampVoided`):
 * `text` alone, large and red, in the first lines of the text block. Only that band of the
 * page is used, so the page number below never reaches the stamped pages.
 */
export function stampDocument(text: string): Document {
  return makeDocument(
    [para([textRun(text, { font: XBS, size: 2 * 110, color: 'C00000' })], { align: AlignmentType.CENTER, line: 0 })],
    { title: text },
  );
}

/**
 * The font table every document declares (word/fontTable.xml): each 公文 face with the name
 * it goes by on Windows as altName, its PANOSE numbers, the GB2312 charset and its family, so
 * that Word, WPS or LibreOffice without the licensed faces (and without fonts.conf) pick a
 * serif 宋/仿宋 face for the body and titles and a sans one only for 黑体. `docx` writes the
 * table empty, and an empty table leaves the choice to the reader's default, often a sans.
 */
const FONT_TABLE_ENTRIES: readonly { name: string; alt: string; panose: string; family: string; pitch: string }[] = [
  { name: FANGSONG, alt: '仿宋', panose: '02010609030101010101', family: 'roman', pitch: 'fixed' },
  { name: XBS, alt: '宋体', panose: '02000000000000000000', family: 'roman', pitch: 'variable' },
  { name: SONG, alt: 'SimSun', panose: '02010600030101010101', family: 'roman', pitch: 'variable' },
  { name: KAITI, alt: '楷体', panose: '02010609030101010101', family: 'roman', pitch: 'fixed' },
  { name: HEITI, alt: 'SimHei', panose: '02010609060101010101', family: 'swiss', pitch: 'fixed' },
];

function fontTableXml(): string {
  const fonts = FONT_TABLE_ENTRIES.map(
    (f) =>
      `<w:font w:name="${f.name}"><w:altName w:val="${f.alt}"/><w:panose1 w:val="${f.panose}"/>` +
      `<w:charset w:val="86"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
  ).join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    fonts +
    '</w:fonts>'
  );
}

/** The font table's XML, the same for every document. */
const FONT_TABLE_XML = fontTableXml();

/**
 * Serialises a document to .docx bytes, with the font table above in place of docx's empty one
 * (an override: the package is zipped once; unzipping and zipping it again to swap the file
 * took half of the time of a document, issue 13's first start issues about 1,300).
 */
export async function toBuffer(doc: Document): Promise<Buffer> {
  return Packer.toBuffer(doc, undefined, [{ path: 'word/fontTable.xml', data: FONT_TABLE_XML }]);
}
