import type { FormInstance } from 'antd';
import { ApiError } from '../../api.ts';
import { toNamePath } from '../../components/forms.ts';

type NamePath = (string | number)[];

/**
 * Puts the server's field problems under the form's fields. `resolve` maps a server path
 * to a form name, or null when no field shows it: the engine names case fields relative
 * to the fields object ('receivedOn'), the HTTP layer relative to the body
 * ('fields.receivedOn'), so pages accept both. Returns the messages that found no field,
 * for a toast.
 */
export function placeFieldErrors(
  form: FormInstance,
  err: unknown,
  resolve: (path: NamePath) => NamePath | null,
): string[] {
  if (!(err instanceof ApiError) || err.fields.length === 0) return [];
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  const unplaced: string[] = [];
  for (const f of err.fields) {
    const name = resolve(toNamePath(f.path));
    if (!name || name.length === 0) {
      unplaced.push(f.message);
      continue;
    }
    const key = name.join('.');
    const entry = byName.get(key) ?? { name, errors: [] };
    entry.errors.push(f.message);
    byName.set(key, entry);
  }
  if (byName.size > 0) {
    form.setFields([...byName.values()]);
    const first = [...byName.values()][0];
    // After the caller's state changes have rendered (e.g. a collapsed panel opened to show the field).
    if (first) setTimeout(() => form.scrollToField(first.name, { block: 'center' }), 150);
  }
  return unplaced;
}

/** A resolver for forms whose schema fields sit under `prefix` (['fields'], ['input']). */
export function underPrefix(prefix: string, schemaKeys: readonly string[], topLevel: readonly string[] = []) {
  return (path: NamePath): NamePath | null => {
    const head = path[0];
    if (head === undefined) return null;
    if (head === prefix) return path.length > 1 ? path : null;
    if (topLevel.includes(String(head))) return path;
    if (schemaKeys.includes(String(head))) return [prefix, ...path];
    return null;
  };
}
