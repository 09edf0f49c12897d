/**
 * Kinds of organisation unit and what may sit under what: county → towns and departments,
 * town → villages, communities and departments. The server enforces the rule; the web uses
 * the same table to offer only valid kinds, so the two cannot drift apart.
 */
export const ORG_KIND_LABELS = {
  county: '县（市、区）',
  town: '镇（乡、街道）',
  village: '村委会',
  community: '居委会',
  department: '部门',
} as const;

export type OrgKind = keyof typeof ORG_KIND_LABELS;

const CHILD_KINDS: Record<OrgKind, readonly OrgKind[]> = {
  county: ['town', 'department'],
  town: ['village', 'community', 'department'],
  village: [],
  community: [],
  department: ['department'],
};

/** The kinds a new unit may have under a parent of the given kind. */
export function childKinds(parent: OrgKind): readonly OrgKind[] {
  return CHILD_KINDS[parent];
}
