/**
 * Data scope as a value. Org units carry a materialised path ('/1/4/17/'), so every
 * scope collapses to three sets: exact unit ids, subtree path prefixes, and "records
 * I own". The server turns a DataScope into one WHERE clause; this module decides
 * what the union of a user's assignments is, per permission, so that holding a
 * narrow role beside a wide one never silently widens the narrow role's powers.
 */
import { type Permission, roleDef, type Scope } from './roles.ts';

export interface Assignment {
  role: string;
  unitId: number;
  /** Materialised path of the unit, '/county/town/unit/'. */
  unitPath: string;
  scope: Scope;
  /** Paths of the town and county containing the unit (null when the unit is above them). */
  townPath: string | null;
  countyPath: string | null;
}

export interface DataScope {
  self: boolean;
  unitIds: number[];
  /** Subtree prefixes; a record is in scope if its unit path starts with one. */
  prefixes: string[];
}

export const EMPTY_SCOPE: DataScope = { self: false, unitIds: [], prefixes: [] };

function anchorPrefix(a: Assignment): string | null {
  switch (a.scope) {
    case 'unit_tree':
      return a.unitPath;
    case 'town':
      // A town-scoped role assigned above any town (e.g. at the county) reaches its own subtree only.
      return a.townPath ?? a.unitPath;
    case 'county':
      return a.countyPath ?? a.townPath ?? a.unitPath;
    default:
      return null;
  }
}

/** The union of the given assignments' scopes, with redundant entries removed. */
export function unionScope(assignments: Assignment[]): DataScope {
  let self = false;
  const prefixes = new Set<string>();
  const units = new Map<number, string>();
  for (const a of assignments) {
    if (a.scope === 'self') self = true;
    else if (a.scope === 'unit') units.set(a.unitId, a.unitPath);
    else {
      const p = anchorPrefix(a);
      if (p) prefixes.add(p);
    }
  }
  const sorted = [...prefixes].sort((x, y) => x.length - y.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  const unitIds = [...units.entries()]
    .filter(([, path]) => !kept.some((k) => path.startsWith(k)))
    .map(([id]) => id)
    .sort((a, b) => a - b);
  return { self, unitIds, prefixes: kept.sort() };
}

/** The scope in which the user may exercise one permission: the union over the roles granting it. */
export function scopeFor(assignments: Assignment[], permission: Permission): DataScope {
  return unionScope(assignments.filter((a) => roleDef(a.role)?.permissions.includes(permission)));
}

export function permissionsOf(assignments: Pick<Assignment, 'role'>[]): Permission[] {
  const set = new Set<Permission>();
  for (const a of assignments) for (const p of roleDef(a.role)?.permissions ?? []) set.add(p);
  return [...set].sort();
}

export function isEmptyScope(s: DataScope): boolean {
  return !s.self && s.unitIds.length === 0 && s.prefixes.length === 0;
}

/** The same test the server's SQL applies, for one record already in memory. */
export function inScope(
  s: DataScope,
  record: { unitId: number | null; unitPath: string | null; ownerId?: number | null },
  userId: number,
): boolean {
  if (s.self && record.ownerId != null && record.ownerId === userId) return true;
  if (record.unitId != null && s.unitIds.includes(record.unitId)) return true;
  if (record.unitPath != null && s.prefixes.some((p) => record.unitPath!.startsWith(p))) return true;
  return false;
}
