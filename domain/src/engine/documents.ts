import type { AnyCaseType, CaseDocument, CaseEvent, CaseSnapshot } from './types.ts';
import { conditionHolds, conditionText, isEmptyValue } from './validate.ts';

/** Whether a document kind belongs to this case at all (its `issuable.when`, e.g. one route's agreement). */
export function documentApplies(type: AnyCaseType, c: Pick<CaseSnapshot, 'fields'>, kind: string): boolean {
  const when = type.issuable?.[kind]?.when;
  return !when || conditionHolds(when, c.fields);
}

/**
 * A valid (not voided) document of `kind` issued after `afterMs` (exclusive) and, when
 * given, not after `untilMs`. Used with `afterMs` = the previous execution of the action
 * that requires it, so each execution needs its own document (a second extension, its own
 * notice). A voided copy unlocks nothing: voiding the only copy locks the action again.
 * `asAtUntil` looks back at what an event at `untilMs` relied on: a copy voided only after
 * it still counts (a clock extension granted on a notice later corrected stays granted).
 */
export function issuedDocument(
  documents: readonly CaseDocument[],
  kind: string,
  afterMs: number | undefined,
  untilMs?: number,
  asAtUntil = false,
): CaseDocument | undefined {
  return documents.find((d) => {
    if (d.kind !== kind || !d.issuedAt) return false;
    if (d.voidedAt) {
      const voidedAfter = asAtUntil && untilMs !== undefined && Date.parse(d.voidedAt) > untilMs;
      if (!voidedAfter) return false;
    }
    const at = Date.parse(d.issuedAt);
    if (Number.isNaN(at)) return false;
    return (afterMs === undefined || at > afterMs) && (untilMs === undefined || at <= untilMs);
  });
}

/** The instant of the last event of `action` among `events` (seq order), if any. */
export function lastRunMs(events: readonly CaseEvent[], action: string): number | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.action === action) return Date.parse(e.at);
  }
  return undefined;
}

/**
 * The states in which a document kind may be issued (bound to the stage): the from-states
 * of every action that requires it or that it declares it prepares, and the states it
 * declares. `corrections`: the to-states of those actions, where only a copy replacing a
 * voided one may be issued (the action already ran on the first copy).
 */
export function issueStates(type: AnyCaseType, kind: string): { states: Set<string>; corrections: Set<string> } {
  const decl = type.issuable?.[kind];
  const states = new Set<string>(decl?.states ?? []);
  const corrections = new Set<string>();
  for (const [key, a] of Object.entries(type.actions)) {
    const uses = (a.requires?.documents ?? []).includes(kind) || (decl?.prepares ?? []).includes(key);
    if (!uses) continue;
    for (const s of a.from) states.add(s);
    if (a.to) corrections.add(a.to);
  }
  for (const s of states) corrections.delete(s);
  return { states, corrections };
}

/**
 * Why a document of `kind` may not be issued on the case now (a Chinese sentence naming the
 * document and the stages it belongs to), or null. `replacing`: the voided copy a
 * corrected one replaces.
 */
export function issueProblem(
  type: AnyCaseType,
  c: Pick<CaseSnapshot, 'state' | 'documents' | 'fields'>,
  kind: string,
  replacing?: CaseDocument,
): string | null {
  const title = type.documents[kind];
  if (!title) return `此类案件没有「${kind}」文书`;

  if (replacing) {
    if (replacing.kind !== kind) return `更正出具的文书须与被替换的文书同类（《${title}》）`;
    if (!replacing.voidedAt) return `被替换的《${title}》尚未作废，请先作废再出具更正文书`;
  }
  const { states, corrections } = issueStates(type, kind);
  if (states.has(c.state) || (replacing && corrections.has(c.state))) return caseProblem(type, c, kind, title);
  const stage = (s: string) => `「${type.states[s]?.label ?? s}」`;
  const where = [...states].map(stage).join('、');
  const now = stage(c.state);
  if (corrections.has(c.state)) {
    return `本案当前为${now}，《${title}》已用于办理，只能在作废原文书后出具更正文书`;
  }
  return `《${title}》只能在${where || '（未声明的环节）'}阶段出具，本案当前为${now}`;
}

/** In the right stage: whether the kind belongs to this case at all (its `when`). */
function caseProblem(type: AnyCaseType, c: Pick<CaseSnapshot, 'fields'>, kind: string, title: string): string | null {
  const when = type.issuable?.[kind]?.when;
  if (!when || conditionHolds(when, c.fields)) return null;
  const field = when.field;
  const now = conditionText(type.fields, { field, in: [(c.fields[field] as string | undefined) ?? null] });
  return `《${title}》只用于${conditionText(type.fields, when)}的案件，本案${now}`;
}

/** The document kinds that may be issued on the case in its current state (not counting corrections). */
export function issuableKinds(type: AnyCaseType, c: Pick<CaseSnapshot, 'state' | 'fields'>): string[] {
  return Object.keys(type.documents).filter(
    (k) => issueStates(type, k).states.has(c.state) && documentApplies(type, c, k),
  );
}

/**
 * Who answers for a document kind, and so may void (作废) it: the roles of the actions that
 * require it or that it prepares, and for a kind declared for states, of the actions taken
 * from those states (the office working the case at that stage).
 */
export function documentRoles(type: AnyCaseType, kind: string): string[] {
  const decl = type.issuable?.[kind];
  const declared = new Set<string>(decl?.states ?? []);
  const roles = new Set<string>();
  for (const [key, a] of Object.entries(type.actions)) {
    const uses =
      (a.requires?.documents ?? []).includes(kind) ||
      (decl?.prepares ?? []).includes(key) ||
      a.from.some((s: string) => declared.has(s));
    if (uses) for (const r of a.roles) roles.add(r);
  }
  return [...roles].sort();
}

/** What an action's form is filled with (decision 0007): the document, and the values taken from it. */
export interface ActionPrefill {
  documentId: string | null;
  kind: string;
  title: string;
  number: string | null;
  /** Action input field → the value typed into the document (only fields the document filled). */
  values: Record<string, unknown>;
}

/**
 * The latest valid copy of the document `actionKey` is recorded from, issued since the action
 * last ran, and the action input values it supplies; null when the action declares no
 * `prefill` or no such copy exists (the action is then locked by its required document, or, for
 * a prepared one, typed by hand).
 */
export function actionPrefill(type: AnyCaseType, c: Pick<CaseSnapshot, 'events' | 'documents'>, actionKey: string) {
  const def = Object.hasOwn(type.actions, actionKey) ? type.actions[actionKey] : undefined;
  const pf = def?.prefill;
  if (!pf) return null;
  const kinds: readonly string[] = typeof pf.document === 'string' ? [pf.document] : pf.document;
  const events = [...c.events].sort((a, b) => a.seq - b.seq);
  const previous = lastRunMs(events, actionKey);
  let doc: CaseDocument | undefined;
  for (const d of c.documents) {
    if (!kinds.includes(d.kind) || d.voidedAt || !d.issuedAt) continue;
    const at = Date.parse(d.issuedAt);
    if (Number.isNaN(at) || (previous !== undefined && at <= previous)) continue;
    if (!doc || at >= Date.parse(doc.issuedAt)) doc = d;
  }
  if (!doc) return null;
  const values: Record<string, unknown> = {};
  for (const [field, from] of Object.entries(pf.fields)) {
    const v = doc.input?.[from];
    if (!isEmptyValue(v)) values[field] = v;
  }
  const out: ActionPrefill = {
    documentId: doc.id === undefined ? null : String(doc.id),
    kind: doc.kind,
    title: type.documents[doc.kind] ?? doc.kind,
    number: doc.number ?? null,
    values,
  };
  return out;
}
