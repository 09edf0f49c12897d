/**
 * 公民身份号码 (GB 11643-1999): 17 digits + a check character computed with
 * ISO 7064 MOD 11-2. We validate structure, birth date and checksum; we do not
 * check the 6-digit area code against a list (codes are retired and reassigned).
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function validateIdCard(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, message: '身份证号应为 18 位，前 17 位为数字，末位为数字或 X' };
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, message: '身份证号中的出生日期无效' };
  }
  if (idCardCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, message: '身份证号校验位不正确' };
  return { ok: true, value };
}
