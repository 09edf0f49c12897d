/**
 * Characters no field may hold: NUL (PostgreSQL text and jsonb cannot store it), lone
 * UTF-16 surrogates (they cannot be encoded as UTF-8 and would be stored as U+FFFD),
 * and the other characters XML 1.0 forbids (C0 controls except TAB/LF/CR, U+FFFE,
 * U+FFFF), which would make a generated document unreadable.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters stripped
const XML_FORBIDDEN_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

// Without the u flag a regex sees UTF-16 code units: a surrogate not paired with its other half.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_ALL = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Why `value` cannot be stored as text, in Chinese, or null when it can. */
export function forbiddenCharProblem(value: string): string | null {
  if (LONE_SURROGATE.test(value)) return '含有不允许的字符（不成对的代理项）';
  const m = XML_FORBIDDEN.exec(value);
  if (!m) return null;
  const c = m[0].charCodeAt(0);
  if (c === 0) return '含有不允许的字符（空字符）';
  return `含有不允许的字符（U+${c.toString(16).toUpperCase().padStart(4, '0')}）`;
}

/** `value` with lone surrogates replaced by U+FFFD and the characters XML 1.0 forbids removed. */
export function toStorableText(value: string): string {
  return value.replace(LONE_SURROGATE_ALL, '\ufffd').replace(XML_FORBIDDEN_ALL, '');
}
