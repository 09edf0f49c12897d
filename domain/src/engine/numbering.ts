/**
 * Case and document numbers (文号), e.g. 湾调〔2026〕12号. The pattern belongs to the
 * case type; the server allocates `seq` gap-free per type, town and year and calls
 * this pure formatter.
 *
 * Placeholders: {town} town short name (湾), {year} four-digit year, {seq} the
 * sequence number, {seq:N} zero-padded to N digits ({seq:3} → 012). GB/T 9704-2012
 * (发文字号) puts the full year in 〔〕 and numbers without leading zeros (不编虚位), so
 * plain {seq} is the default [M: recalled from the standard, not in the stored texts].
 */
import { AppError } from '../errors.ts';

export interface SequenceParts {
  townShort: string;
  year: number;
  seq: number;
}

const PLACEHOLDER = /\{([a-z]+)(?::(\d+))?\}/g;

/**
 * Developer check of a pattern: only known placeholders, exactly one {seq} and one
 * {year} (numbers restart each year, so a number without the year would repeat).
 * Returns an English problem or null.
 */
export function numberingProblem(pattern: string): string | null {
  if (typeof pattern !== 'string' || pattern.trim() === '') return 'numbering pattern is empty';
  const counts: Record<string, number> = {};
  for (const m of pattern.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if (name !== 'town' && name !== 'year' && name !== 'seq') return `unknown placeholder {${name}}`;
    if (m[2] !== undefined && name !== 'seq') return `only {seq} takes a width, got {${name}:${m[2]}}`;
    if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 9)) return `{seq:${m[2]}}: width must be 1–9`;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  if (pattern.replace(PLACEHOLDER, '').match(/[{}]/)) return 'unbalanced or malformed braces';
  if (counts.seq !== 1) return 'must contain {seq} exactly once';
  if (counts.year !== 1) return 'must contain {year} exactly once (numbers restart each year)';
  if ((counts.town ?? 0) > 1) return '{town} may appear at most once';
  return null;
}

/** Formats a number: sequenceNumber('{town}调〔{year}〕{seq}号', { townShort: '湾', year: 2026, seq: 12 }) → '湾调〔2026〕12号'. */
export function sequenceNumber(pattern: string, parts: SequenceParts): string {
  const problem = numberingProblem(pattern);
  if (problem) throw new Error(`sequenceNumber: invalid pattern "${pattern}": ${problem}`);
  const { townShort, year, seq } = parts;
  if (pattern.includes('{town}') && (typeof townShort !== 'string' || townShort.trim() === '')) {
    throw AppError.validation([{ path: 'townShort', message: '请设置乡镇简称' }]);
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw AppError.validation([{ path: 'year', message: '年份应为四位数字' }]);
  }
  if (!Number.isSafeInteger(seq) || seq < 1) {
    throw AppError.validation([{ path: 'seq', message: '序号应为正整数' }]);
  }
  return pattern.replace(PLACEHOLDER, (_all, name: string, width: string | undefined) => {
    if (name === 'town') return townShort.trim();
    if (name === 'year') return String(year);
    return width ? String(seq).padStart(Number(width), '0') : String(seq);
  });
}
