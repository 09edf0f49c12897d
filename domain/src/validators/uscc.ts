/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet
 * (digits and upper-case letters without I, O, Z, S, V); the last is a MOD 31 check.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]!) * WEIGHTS[i]!;
  return ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function validateUscc(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim().toUpperCase();
  if (value.length !== 18 || [...value].some((c) => !ALPHABET.includes(c))) {
    return { ok: false, message: '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）' };
  }
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, message: '统一社会信用代码校验位不正确' };
  return { ok: true, value };
}
