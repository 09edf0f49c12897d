/**
 * GB/T 9704-2012《党政机关公文格式》 layout numbers, in the units the `docx` library takes.
 * Every document the platform issues is laid out from these constants and nothing else,
 * so a correction to the standard's reading is made here once.
 *
 * Units: twips (1/20 pt, 1/1440 inch) for lengths, half-points for font sizes,
 * eighths of a point for borders. “§” cites a clause of GB/T 9704-2012; the numbers are
 * summarised in docs/domain.md §Document layout.
 */

/** Millimetres → twips, rounded: the docx XML only takes whole twips. */
export const mm = (millimetres: number): number => Math.round((millimetres * 1440) / 25.4);
/** Points → twips. */
export const pt = (points: number): number => Math.round(points * 20);

// ── Paper and text block (GB/T 9704-2012 §5.1, §5.2.1) ──────────────────────────

/** A4, 210 × 297 mm (§5.1). */
export const PAGE_WIDTH = mm(210);
export const PAGE_HEIGHT = mm(297);
/** 天头 37 ± 1 mm (§5.2.1). */
export const MARGIN_TOP = mm(37);
/** 订口 28 ± 1 mm (§5.2.1). */
export const MARGIN_LEFT = mm(28);
/** 版心 156 × 225 mm (§5.2.1). */
export const TEXT_WIDTH = mm(156);
export const TEXT_HEIGHT = mm(225);
/**
 * Right and bottom margins are what the text block leaves over (≈26 mm and 35 mm), derived
 * rather than rounded on their own so the block stays exactly 156 × 225 mm.
 */
export const MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH;
export const MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT;

// ── Type sizes (half-points; 号 → pt per the usual Chinese type scale) ────────────────────

/** 初号 42 pt: upper bound for the issuer mark. */
export const SIZE_CHUHAO = 84;
/** 二号 22 pt: titles (§7.3.1). */
export const SIZE_2 = 44;
/** 小二 18 pt: the issuer line above a form's title. */
export const SIZE_XIAO_2 = 36;
/** 三号 16 pt: body text, headings, 文号, signature (§5.2.2). */
export const SIZE_3 = 32;
/** 四号 14 pt: 版记 (§7.4.2), page numbers (§7.5), and text inside tables. */
export const SIZE_4 = 28;
/** 小四 12 pt: allowed inside dense tables. */
export const SIZE_XIAO_4 = 24;

// ── Lines and characters (§5.2.3: 22 lines × 28 characters a page) ───────────────────────

/** Lines on a full page of body text (§5.2.3). */
export const LINES_PER_PAGE = 22;
/** Characters on a full line of body text (§5.2.3). */
export const CHARS_PER_LINE = 28;
/**
 * Exact line pitch: 225 mm / 22 ≈ 28.99 pt. Rounded down to 579 twips (28.95 pt) because
 * 580 × 22 overruns the 12 756-twip text block by 4 twips and a layout engine would then
 * fit only 21 lines; 28.95 pt is also what the common Word 公文 templates use.
 */
export const LINE = Math.floor(TEXT_HEIGHT / LINES_PER_PAGE);
/** One 三号 character, 16 pt. */
export const CHAR = pt(16);
/**
 * 28 characters of 16 pt are 448 pt but the block is 442.2 pt wide, so the standard's 28 a
 * line only holds if each character is condensed by ≈0.21 pt. Run spacing is in 1/20 pt;
 * −5 (0.25 pt) is the smallest step that fits 28 and not 29. Applied to 三号 runs only.
 */
export const CHAR_SPACING_3 = -5;
/** Paragraph first-line indent, 2 characters (§7.3.3 “每个自然段左空二字”). */
export const INDENT_2 = 2 * CHAR;
/** Date block: “右空四字” when the document is sealed (§7.3.5.1). */
export const DATE_RIGHT_INDENT = 4 * CHAR;
/** One 四号 character, used by the 版记 (§7.4) and page-number (§7.5) indents. */
export const CHAR_4 = pt(14);

// ── Header block (§7.2) ─────────────────────────────────────────────────────────────────────

/** Issuer mark's top edge is 35 mm below the top of the text block for 下行文 (§7.2.4). */
export const MARK_OFFSET = mm(35);
/** The 文号 sits two blank lines below the issuer mark (§7.2.5). */
export const NUMBER_GAP = 2 * LINE;
/** The red separator runs 4 mm below the 文号 (§7.2.7); border spacing is in points. */
export const RED_LINE_GAP_PT = 11;
/** Red separator thickness in 1/8 pt. The standard only says “红色”; 2.25 pt is common practice. */
export const RED_LINE_SIZE = 18;
/** Title sits two blank lines below the red separator (§7.3.1). */
export const TITLE_GAP = 2 * LINE;

// ── Footer block, 版记 (§7.4) ───────────────────────────────────────────────────────────────

/** First and last 版记 separators: 0.35 mm ≈ 1 pt, i.e. 8 eighths of a point (§7.4.1). */
export const IMPRINT_OUTER_LINE = 8;
/** Middle 版记 separators: 0.25 mm ≈ 0.71 pt, nearest is 6 eighths (0.75 pt) (§7.4.1). */
export const IMPRINT_INNER_LINE = 6;

// ── Page numbers (§7.5: “— 1 —”, 四号半角宋体, 7 mm below the block) ─────────────

/** Exact height of the page-number line: a little over the 14 pt type so nothing is clipped. */
export const FOOTER_LINE = pt(16);
/**
 * Footer distance from the paper's bottom edge (Word measures to the footer's last line
 * bottom). The dash sits mid-line, so to put it 7 mm below the text block (§7.5) the line's
 * bottom goes half a line lower: 35 − 7 − 2.8 ≈ 25.2 mm.
 */
export const FOOTER_DISTANCE = MARGIN_BOTTOM - mm(7) - FOOTER_LINE / 2;
export const HEADER_DISTANCE = mm(15);

// ── Colours ───────────────────────────────────────────────────────────────────────────────

/** Text is black unless stated otherwise (§5.2.4). */
export const BLACK = '000000';
/** Issuer mark and its separator are red (§7.2.4, §7.2.7). */
export const RED = 'FF0000';

// ── Font families ─────────────────────────────────────────────────────────────────────────

/**
 * The names Word/WPS users have installed, first, then the names the same face goes by on
 * other systems. The first name is what goes into the docx; the rest are aliased in
 * fonts.conf so LibreOffice finds a CJK face for every one of them.
 */
export const FONT_FAMILIES = {
  FANGSONG: ['仿宋_GB2312', '仿宋', 'FangSong', 'FangSong_GB2312', 'STFangsong'],
  HEITI: ['黑体', 'SimHei', 'STHeiti'],
  KAITI: ['楷体_GB2312', '楷体', 'KaiTi', 'KaiTi_GB2312', 'STKaiti'],
  XBS: ['方正小标宋简体', '方正小标宋_GBK', 'FZXiaoBiaoSong-B05S'],
  SONG: ['宋体', 'SimSun', 'STSong'],
} as const;

/** Body text and level-3/4 headings (§5.2.2, §7.3.3). */
export const FANGSONG = FONT_FAMILIES.FANGSONG[0];
/** Level-1 headings “一、” (§7.3.3). */
export const HEITI = FONT_FAMILIES.HEITI[0];
/** Level-2 headings “（一）” (§7.3.3). */
export const KAITI = FONT_FAMILIES.KAITI[0];
/** Titles and the issuer mark (§7.2.4, §7.3.1). */
export const XBS = FONT_FAMILIES.XBS[0];
/** Page numbers (§7.5: 半角宋体). */
export const SONG = FONT_FAMILIES.SONG[0];

export type FontName = typeof FANGSONG | typeof HEITI | typeof KAITI | typeof XBS | typeof SONG;

/**
 * The docx font object with the East Asian slot set. Without `eastAsia` Word and LibreOffice
 * pick the theme's East Asian font for the Chinese characters and `ascii` only for Latin.
 */
export function font(name: FontName): { ascii: string; hAnsi: string; eastAsia: string; cs: string; hint: 'eastAsia' } {
  return { ascii: name, hAnsi: name, eastAsia: name, cs: name, hint: 'eastAsia' };
}
