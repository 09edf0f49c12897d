import type { FormInstance } from 'antd';
import { ApiError } from '../api.ts';

/** 'roles.0.unitId' → ['roles', 0, 'unitId'], the name path antd Form uses. */
export function toNamePath(path: string): (string | number)[] {
  return path
    .split(/[.[\]]/)
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Puts the server's field problems under the matching form fields. Returns true when
 * every problem found a field (so a toast would only repeat them); false otherwise.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, knownFields: readonly string[]): boolean {
  if (!(err instanceof ApiError) || err.fields.length === 0) return false;
  const byName = new Map<string, { name: (string | number)[]; errors: string[] }>();
  let allPlaced = true;
  for (const f of err.fields) {
    const name = toNamePath(f.path);
    if (name.length === 0 || !knownFields.includes(String(name[0]))) {
      allPlaced = false;
      continue;
    }
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(f.message);
    byName.set(key, entry);
  }
  if (byName.size > 0) form.setFields([...byName.values()]);
  return allPlaced;
}
