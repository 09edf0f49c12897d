/**
 * 统计用区划代码: 12 digits — province(2) city(2) county(2) town(3) village(3).
 * A town's code ends in 000; a village's code shares its town's first 9 digits.
 */
export function validateDivisionCode(raw: string): { ok: true; value: string } | { ok: false; message: string } {
  const value = raw.trim();
  if (!/^\d{12}$/.test(value)) return { ok: false, message: '统计用区划代码应为 12 位数字' };
  return { ok: true, value };
}

/** The level a code names, read from its trailing zero groups. */
export function divisionLevel(code: string): 'province' | 'city' | 'county' | 'town' | 'village' {
  if (code.endsWith('0000000000')) return 'province';
  if (code.endsWith('00000000')) return 'city';
  if (code.endsWith('000000')) return 'county';
  if (code.endsWith('000')) return 'town';
  return 'village';
}

const PREFIX = { province: 2, city: 4, county: 6, town: 9, village: 12 } as const;

export function isWithinDivision(child: string, parent: string): boolean {
  const n = PREFIX[divisionLevel(parent)];
  return child !== parent && child.slice(0, n) === parent.slice(0, n);
}
