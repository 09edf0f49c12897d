/**
 * The contract between the document service and each case type's templates. A template is
 * pure: given the case and a few typed inputs it returns a `docx` Document, built with the
 * builders in build.ts so every template shares the GB/T 9704 layout.
 */
import type { Document } from 'docx';
import type { z } from 'zod';

export interface TemplateParty {
  role: string;
  roleLabel: string;
  kind: 'person' | 'org';
  name: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  /** 民族 ('汉' or '汉族') and 职业, when recorded. */
  ethnicity?: string | null;
  occupation?: string | null;
}

export interface TemplateContext {
  /** The case as the template sees it (full personal data: documents go to the parties). */
  case: {
    id: string;
    number: string;
    title: string;
    state: string;
    stateLabel: string;
    fields: Record<string, unknown>;
    parties: TemplateParty[];
    unitName: string | null;
    assigneeName: string | null;
    ownerLeaderName: string | null;
    createdAt: string;
    /**
     * The early-warning assessment on the issue date under the town's own thresholds
     * (CaseModule.risk); absent for a type without one.
     */
    risk?: { level: 'low' | 'medium' | 'high'; reasons: string[] } | null;
    events: {
      action: string;
      at: string;
      actorName: string;
      note: string | null;
      data: Record<string, unknown> | null;
    }[];
  };
  /** What the case type's `context` hook looked up (CaseModule.context); empty for a type without one. */
  context?: Readonly<Record<string, unknown>>;
  /** e.g. { name: '湾头桥镇', shortName: '湾', fullName: '示范县湾头桥镇人民政府' }. */
  town: { name: string; shortName: string; fullName: string };
  /** 文号 allocated for this document, or null when the template is not numbered. */
  number: string | null;
  /** Issue date 'YYYY-MM-DD' (Asia/Shanghai). */
  issuedOn: string;
  issuerName: string;
  /** Extra input the template asked for (validated with `input`). */
  input: Record<string, unknown>;
}

export interface DocumentTemplate {
  /** Matches the case type's document kind. */
  kind: string;
  /** 中文 title without 《》. */
  title: string;
  /** Bumped whenever the layout/text changes; stored with each issued document. */
  version: string;
  /**
   * Number pattern like '{town}调〔{year}〕{seq}号' if the document carries its own 文号; omit
   * for none. Placeholders: {town} = town.shortName, {year} = issue year, {seq} = sequence
   * within the pattern and year; filled by `sequenceNumber` in @fazhi/domain.
   */
  numbering?: string;
  /**
   * Extra fields the clerk types when issuing (label each with .describe('中文')).
   * `z.ZodObject` rather than `z.ZodObject<any>`: the project's lint forbids `any`, and the
   * default type parameters already accept any shape.
   */
  input?: z.ZodObject;
  render(ctx: TemplateContext): Document;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * '2026-11-27' → '2026年11月27日': Arabic numerals, full year, no leading zeros, as GB/T
 * 9704-2012 §7.3.5.1 asks for the 成文日期. A string already in Chinese is returned as is,
 * so builders can take either.
 */
export function formatChineseDate(date: string): string {
  const m = ISO_DATE.exec(date);
  if (!m) {
    if (/^\d{4}年\d{1,2}月\d{1,2}日$/.test(date)) return date;
    throw new Error(`日期格式应为 YYYY-MM-DD：${date}`);
  }
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Underscores for a fill-in blank that is filled by hand, `n` half-width characters long. */
export function blank(n: number): string {
  return '_'.repeat(Math.max(0, Math.trunc(n)));
}
