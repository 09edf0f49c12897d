/**
 * Who may act for the town in enforcement: the rules on officers and their 执法证 that every
 * enforcement case type (penalty, 违建, and later safety and 卫片) shares. Pure: the server
 * loads the town's officers (server/src/cases/officers.ts) and hands them in.
 */
import { z } from 'zod';
import { addDays, type IsoDate } from '../calendar/dates.ts';

/** An officer as the rules need them (enforcement_officers, migration 0019). */
export interface CertifiedOfficer {
  id: number;
  name: string;
  certNo: string;
  /** 执法领域 the certificate covers (codes such as 'planning', 'land', 'safety'). */
  fields: readonly string[];
  /** 'YYYY-MM-DD' or null. */
  validFrom: string | null;
  /** 'YYYY-MM-DD', the last day the certificate is valid. */
  validUntil: string;
  /** 法制审核人员 */
  reviewer: boolean;
  /** 法律职业资格 (行政处罚法 art 58 ¶2). */
  legalQualification: boolean;
  active: boolean;
}

/** 行政处罚法 art 42 ¶1: 执法人员不得少于两人. */
export const MIN_OFFICERS = 2;

/** Days ahead a certificate's end is announced to the team. */
export const CERTIFICATE_WARNING_DAYS = 30;

/** The officers an action names (their ids in enforcement_officers). */
export const OfficerIdsInput = z
  .array(z.number().int().positive().max(2_147_483_647))
  .min(MIN_OFFICERS, `执法人员不得少于${MIN_OFFICERS}人（行政处罚法第四十二条）`)
  .max(10)
  // The web's forms pick them from the town's register (web/src/app/lookups.tsx).
  .meta({ lookup: 'enforcement-officers' })
  .describe('执法人员');

/** Whether the officer's certificate is valid on the day for the field. */
export function certifiedFor(o: CertifiedOfficer, field: string, on: string): boolean {
  return o.active && o.validUntil >= on && (o.validFrom === null || o.validFrom <= on) && o.fields.includes(field);
}

/**
 * Why the officers named for an action on `on` may not act in `field`, or null when they may:
 * at least two, distinct, each holding a certificate valid that day for that field (行政处罚法
 * arts 42 and 55: the officers show their certificates; one without a valid certificate has no
 * power to act).
 */
export function officersProblem(
  chosen: readonly number[] | undefined,
  officers: readonly CertifiedOfficer[],
  field: string,
  on: string,
): string | null {
  const ids = [...new Set(chosen ?? [])];
  if (ids.length < MIN_OFFICERS) return `执法人员不得少于${MIN_OFFICERS}人（行政处罚法第四十二条）`;
  const byId = new Map(officers.map((o) => [o.id, o]));
  const bad: string[] = [];
  for (const id of ids) {
    const o = byId.get(id);
    if (!o) return `执法人员（编号 ${id}）不是本镇在册执法人员`;
    if (!certifiedFor(o, field, on)) bad.push(`${o.name}（${o.certNo}）`);
  }
  if (bad.length > 0) {
    return `${bad.join('、')}的执法证在 ${on} 对该执法领域无效，不能实施执法（行政处罚法第四十二条、第五十五条）`;
  }
  return null;
}

/**
 * Whether the officer may sign a legal review (法制审核) on `on`: a reviewer; and one reviewing
 * for the first time must hold the 法律职业资格 (行政处罚法 art 58 ¶2). `reviewedBefore` is
 * whether they have signed a review before.
 */
export function reviewerProblem(o: CertifiedOfficer | undefined, reviewedBefore: boolean): string | null {
  if (!o?.active || !o.reviewer) return '审核人不是本镇在册的法制审核人员';
  if (!reviewedBefore && !o.legalQualification) {
    return `${o.name}初次从事法制审核，应当取得法律职业资格（行政处罚法第五十八条第二款）`;
  }
  return null;
}

/**
 * Active officers whose certificate ends within CERTIFICATE_WARNING_DAYS calendar days of
 * `today` or has already ended, soonest first: the warning the team sees.
 */
export function expiringCertificates(officers: readonly CertifiedOfficer[], today: IsoDate): CertifiedOfficer[] {
  const last = addDays(today, CERTIFICATE_WARNING_DAYS);
  return officers
    .filter((o) => o.active && o.validUntil <= last)
    .sort((a, b) => (a.validUntil < b.validUntil ? -1 : a.validUntil > b.validUntil ? 1 : a.id - b.id));
}
