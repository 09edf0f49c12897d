/**
 * Masking defaults (docs/domain.md §Personal data and masking; no national format exists):
 * ID first 6 + last 4, name surname + *, mobile 3 + **** + 4. Applied to every list and to
 * every reader without the unmask permission.
 */
export function maskIdCard(id: string): string {
  if (id.length < 10) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  if (phone.length === 11) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length > 6) return `${phone.slice(0, phone.length - 6)}****${phone.slice(-2)}`;
  return '*'.repeat(phone.length);
}

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return chars[0] + '*'.repeat(chars.length - 1);
}
