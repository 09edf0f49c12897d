/**
 * Report facts (issue 6): named, typed figures a module contributes for a town and a year,
 * e.g. `mediation.accepted` (受理纠纷, 件). They are the one source of every number on the
 * dashboard and in the annual report, so each one must be computable in SQL for many towns
 * at once (the county roll-up) and must be able to list the records behind it (drill-down).
 *
 * This file is the contract between the fact providers (one per module, beside the module),
 * the fact service that merges them with hand-entered figures, and their readers (the
 * dashboard, the report, the CLI). The service implementation lives in ./fact-service.ts.
 */

import type { CaseAccess } from '../cases/access.ts';
import type { Db } from '../db/index.ts';

/** Units a fact is counted in; the report prints the value followed by the unit (「12件」). */
export type FactUnit = '件' | '人' | '人次' | '次' | '场' | '个' | '项' | '元' | '万元' | '天' | '平方米' | '%';

/**
 * How a fact combines over towns (county roll-up) and is compared over years:
 * - `sum`: the county figure is the sum of the towns' figures;
 * - `ratio`: a percentage recomputed from two `sum` facts of the same module
 *   (never an average of the towns' percentages);
 * - `mean`: an average weighted by a `sum` fact (e.g. average days to close, weighted by cases closed).
 */
export type FactCombine =
  | { kind: 'sum' }
  | { kind: 'ratio'; numerator: string; denominator: string }
  | { kind: 'mean'; weight: string };

export interface FactDef {
  /** `<module>.<name>`, stable: report narratives embed it as a token `{mediation.accepted}`. */
  key: string;
  /** 中文名称 shown everywhere the figure appears. */
  label: string;
  unit: FactUnit;
  /** How the figure is counted, in Chinese, for the drill-down page and the report's notes. */
  definition: string;
  combine: FactCombine;
  /**
   * Only entered by hand (a module that does not exist yet, or a figure from another organ
   * such as the police station): the provider computes nothing for it and the reader names
   * the source recorded with the value.
   */
  manualOnly?: boolean;
  /** Has a drill-down listing the records behind it. */
  drillable?: boolean;
  /**
   * The column of the drill-down that decides whether a record counts (调解结果 for 调解成功率):
   * its header; the provider's `drill` fills each record's `deciding` with the value.
   */
  decidingColumn?: string;
}

export interface FactQuery {
  townIds: readonly number[];
  year: number;
  /** Figures that depend on today (e.g. agreements whose performance date has passed). */
  now: Date;
}

/** One record behind a fact, as the drill-down lists it. */
export interface FactRecord {
  id: string;
  /** Case number or other reference (湾调〔2023〕12号). */
  reference: string | null;
  title: string;
  /** yyyy-MM-dd: the date that put the record in the year's cohort. */
  date: string | null;
  unitName: string | null;
  state: string | null;
  /** The value of the fact's `decidingColumn` for this record (a label, a date, a number as text). */
  deciding?: string | null;
  /** Web path of the record (/cases/12). */
  href: string;
}

export interface FactProvider {
  /** Module key (`mediation`) and its Chinese name (矛盾纠纷调解). */
  module: string;
  moduleLabel: string;
  facts: readonly FactDef[];
  /**
   * Every computed fact of the module for each requested town, in as few SQL aggregates as
   * possible, grouped by town (never by loading rows into JavaScript). Towns with no records
   * still get their zeros. Not scoped to a reader: the figures are the town's own.
   */
  compute(db: Db, q: FactQuery): Promise<Map<number, Record<string, number | null>>>;
  /**
   * The records behind a drillable fact, restricted to what the reader may see (for a village
   * officer fewer than the town's figure). Must select exactly the records the fact counts.
   */
  drill?(
    db: Db,
    access: CaseAccess,
    q: { key: string; townId: number; year: number; now: Date; limit: number; offset: number },
  ): Promise<{ total: number; records: FactRecord[] }>;
}

/** A fact's value for one town and year, with where it came from. */
export interface FactValue {
  key: string;
  value: number | null;
  /** `computed` from the records, or `manual`: entered by hand (with its source). */
  origin: 'computed' | 'manual';
  /** For manual values: the source named when it was entered (e.g. 镇派出所提供). */
  source: string | null;
}

/** What readers (dashboard, report, CLI) use; implemented by FactService in ./fact-service.ts. */
export interface FactReader {
  /** Every registered fact definition with its module. */
  definitions(): readonly (FactDef & { module: string; moduleLabel: string })[];
  /**
   * The values of every fact for each town and the year, hand-entered values overriding
   * computed ones (a manual entry for a computed fact is allowed only with a source and
   * is marked as such wherever it appears).
   */
  values(db: Db, q: FactQuery): Promise<Map<number, Record<string, FactValue>>>;
}
