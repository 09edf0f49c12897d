/**
 * Kinds of link between two cases (issue 12). A link is stored once, from one case to
 * another, and reads as a sentence from its `from` end: "<from> 由 <to> 转来",
 * "<from> 立案处罚 <to>", "<from> 关联 <to>". Each kind has the label shown on the `from`
 * case's page (`forward`) and on the `to` case's page (`backward`), and how the choice is put
 * to the clerk who adds a link from the case in front of them (`choice`).
 *
 * Direction convention: the case that records the link is the `from` end: a case created
 * from another records `transferred_from` pointing at its origin; a hazard or 图斑 case
 * that leads to a penalty case records `penalty` pointing at that penalty case.
 */
export const CASE_LINK_KINDS = {
  transferred_from: {
    forward: '由…转来',
    backward: '转出至',
    label: '由…转来',
    choice: '由…转来：本案件由所选案件转来',
  },
  penalty: {
    forward: '立案处罚',
    backward: '源于',
    label: '立案处罚',
    choice: '立案处罚：所选案件是由本案件立案的处罚案件',
  },
  related: { forward: '关联', backward: '关联', label: '关联', choice: '关联：两件案件相互关联' },
} as const satisfies Record<string, { forward: string; backward: string; label: string; choice: string }>;

export type CaseLinkKind = keyof typeof CASE_LINK_KINDS;

export const CASE_LINK_KIND_KEYS = Object.keys(CASE_LINK_KINDS) as [CaseLinkKind, ...CaseLinkKind[]];

/** Symmetric kinds: A→B and B→A are the same link (only one is stored). */
export const SYMMETRIC_LINK_KINDS: readonly CaseLinkKind[] = ['related'];

/** The label of a link seen from one of its ends. */
export function caseLinkLabel(kind: CaseLinkKind, direction: 'outgoing' | 'incoming'): string {
  const k = CASE_LINK_KINDS[kind];
  return direction === 'outgoing' ? k.forward : k.backward;
}
