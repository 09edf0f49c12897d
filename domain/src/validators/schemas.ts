/**
 * Shared zod pieces for what the database stores: dates a `date` column accepts and
 * ids within the column's integer range, so a bad value is a 400 naming the field
 * instead of a database error.
 */
import { z } from 'zod';

/** The largest value of a PostgreSQL `integer` column (ids of org units, users, …). */
export const INT4_MAX = 2_147_483_647;
export const DATE_YEAR_MIN = 1900;
export const DATE_YEAR_MAX = 2999;

const yearInRange = (d: string) => {
  const y = Number(d.slice(0, 4));
  return y >= DATE_YEAR_MIN && y <= DATE_YEAR_MAX;
};

/** A real calendar date 'YYYY-MM-DD' (zod's check: no 2023-02-30) in a plausible year (no 0000). */
export function isoDateSchema(message = '应为YYYY-MM-DD格式的有效日期') {
  return z.iso
    .date({ error: message })
    .refine(yearInRange, { message: `年份应在${DATE_YEAR_MIN}年至${DATE_YEAR_MAX}年之间` });
}

/** An id of an `integer` column sent as a decimal string. */
export function int4IdString(message = '编号无效') {
  return z
    .string()
    .regex(/^\d{1,10}$/, message)
    .refine((v) => Number(v) >= 1 && Number(v) <= INT4_MAX, { message });
}

/** An id of an `integer` column sent as a JSON number (a body field). */
export function int4Id(message = '编号无效') {
  return z.number({ error: message }).int(message).min(1, message).max(INT4_MAX, message);
}

/** An id of a `bigint` column sent as a decimal string: up to Number.MAX_SAFE_INTEGER, as the server reads it. */
export function int8IdString(message = '编号无效') {
  return z
    .string()
    .regex(/^\d{1,16}$/, message)
    .refine((v) => Number(v) >= 1 && Number(v) <= Number.MAX_SAFE_INTEGER, { message });
}

/** The optimistic-lock `version` of a row (an `integer` column), named 版本号. */
export function versionSchema(min = 1) {
  return z
    .number({ error: '版本号无效' })
    .int('版本号无效')
    .min(min, '版本号无效')
    .max(INT4_MAX, '版本号无效')
    .describe('版本号');
}
