/** Mainland mobile numbers (1[3-9]x, 11 digits) and fixed lines with an area code (0xx-xxxxxxx[x]). */
export function validatePhone(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.replace(/[\s-]/g, '');
  if (/^1[3-9]\d{9}$/.test(value)) return { ok: true, value };
  if (/^0\d{2,3}\d{7,8}$/.test(value)) return { ok: true, value };
  return { ok: false, message: '电话号码格式不正确（手机号 11 位，固定电话需带区号）' };
}
