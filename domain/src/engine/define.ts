/**
 * defineCaseType: declare a case type as data and have the declaration checked once,
 * when the module loads. Mistakes are developer errors (English, thrown), listed all
 * at once, so a broken case type never reaches a user.
 */
import { roleDef } from '../auth/roles.ts';
import { APPROVAL_PREFIXES } from './approval.ts';
import { numberingProblem } from './numbering.ts';
import {
  type ActionDef,
  type CaseType,
  type CaseTypeSpec,
  type ClockDef,
  type ClockUnit,
  CREATE_ACTION,
  type FieldCondition,
  type ObjectSchema,
} from './types.ts';
import { fieldSchema, shapeKeys } from './validate.ts';

/** Thrown by defineCaseType; `problems` lists every mistake found. */
export class CaseTypeDefinitionError extends Error {
  readonly problems: string[];
  constructor(key: string, problems: string[]) {
    super(`Invalid case type "${key}":\n- ${problems.join('\n- ')}`);
    this.name = 'CaseTypeDefinitionError';
    this.problems = problems;
  }
}

const IDENT = /^[a-z][a-z0-9_]*$/;
const UNITS: readonly ClockUnit[] = ['d', 'wd', 'month', 'hour'];

export function defineCaseType<
  const S extends string,
  const D extends string,
  F extends ObjectSchema,
  I extends Record<string, unknown>,
>(spec: CaseTypeSpec<S, D, F, I>): CaseType<S, D, F, I> {
  const problems = definitionProblems(spec as unknown as LooseSpec);
  if (problems.length > 0) throw new CaseTypeDefinitionError(String(spec?.key), problems);
  const access = Object.freeze({
    ...spec.access,
    write: spec.access.write ?? workingRoles(spec as unknown as LooseSpec),
  });
  return Object.freeze({ ...spec, clocks: spec.clocks ?? {}, access }) as unknown as CaseType<S, D, F, I>;
}

/** The roles that create a case of the type, take one of its actions or approve one. */
function workingRoles(spec: LooseSpec): string[] {
  const roles = new Set(spec.create?.roles ?? []);
  for (const a of Object.values(spec.actions ?? {})) {
    for (const r of a.roles ?? []) roles.add(r);
    for (const r of a.approval?.roles ?? []) roles.add(r);
  }
  return [...roles].sort();
}

interface LooseSpec {
  key: unknown;
  label: unknown;
  states: Record<string, { label?: unknown; terminal?: unknown }>;
  initial: string;
  create: { roles?: readonly string[] } | undefined;
  documents: Record<string, unknown>;
  issuable?: Record<
    string,
    { prepares?: readonly string[]; states?: readonly string[]; when?: FieldCondition } | undefined
  >;
  fields: unknown;
  intake?: unknown;
  basicInfo?: readonly string[];
  actions: Record<string, ActionDef>;
  clocks?: Record<string, ClockDef>;
  numbering: string;
  parties?: { roles?: Record<string, unknown>; required?: readonly string[] };
  challengeable?: { decidedBy?: readonly string[] };
  access?: {
    read?: readonly string[];
    write?: readonly string[];
    confidential?: { hideFromPartyRoles?: readonly string[]; when?: unknown };
  };
}

function definitionProblems(spec: LooseSpec): string[] {
  const p: string[] = [];
  if (typeof spec.key !== 'string' || !IDENT.test(spec.key)) {
    p.push(`key "${String(spec.key)}" must be a snake_case English identifier`);
  }
  if (!nonEmptyString(spec.label)) p.push('label (Chinese) is required');

  const states = spec.states ?? {};
  const stateKeys = Object.keys(states);
  if (stateKeys.length === 0) p.push('at least one state is required');
  for (const [k, s] of Object.entries(states)) {
    if (!IDENT.test(k)) p.push(`state "${k}" must be a snake_case identifier`);
    if (!nonEmptyString(s?.label)) p.push(`state "${k}" needs a Chinese label`);
  }
  const isState = (s: unknown): s is string => typeof s === 'string' && Object.hasOwn(states, s);
  const terminal = (s: string) => states[s]?.terminal === true;
  if (!isState(spec.initial)) p.push(`initial state "${String(spec.initial)}" is not declared`);
  else if (terminal(spec.initial)) p.push(`initial state "${spec.initial}" must not be terminal`);

  checkRoles(p, 'create', spec.create?.roles);

  const documents = spec.documents ?? {};
  for (const [k, label] of Object.entries(documents)) {
    if (!IDENT.test(k)) p.push(`document kind "${k}" must be a snake_case identifier`);
    if (!nonEmptyString(label)) p.push(`document "${k}" needs a Chinese title`);
  }
  const isDocument = (d: unknown) => typeof d === 'string' && Object.hasOwn(documents, d);

  const fieldKeys = shapeKeys(spec.fields);
  if (!fieldKeys) p.push('fields must be a zod object schema');

  const actions = spec.actions ?? {};
  const actionKeys = Object.keys(actions);
  for (const [k, a] of Object.entries(actions)) {
    const at = `action "${k}"`;
    if (!IDENT.test(k)) p.push(`${at}: key must be a snake_case identifier`);
    if (k === CREATE_ACTION || (APPROVAL_PREFIXES as readonly string[]).includes(k)) {
      p.push(`${at}: key is reserved by the engine`);
    }
    if (!nonEmptyString(a.label)) p.push(`${at}: needs a Chinese label`);
    if (!Array.isArray(a.from) || a.from.length === 0) p.push(`${at}: "from" must list at least one state`);
    for (const s of a.from ?? []) if (!isState(s)) p.push(`${at}: from-state "${s}" is not declared`);
    if (a.to !== undefined && !isState(a.to)) p.push(`${at}: to-state "${a.to}" is not declared`);
    const leavesTerminal = (a.from ?? []).some((s) => isState(s) && terminal(s));
    if (leavesTerminal && a.fromTerminal !== true) {
      p.push(`${at}: leaves a terminal state; set fromTerminal: true if that is intended (e.g. reopen)`);
    }
    if (!leavesTerminal && a.fromTerminal === true) p.push(`${at}: fromTerminal is set but no from-state is terminal`);
    checkRoles(p, at, a.roles);
    if (a.approval) checkRoles(p, `${at} approval`, a.approval.roles);
    if (a.input !== undefined && !shapeKeys(a.input)) p.push(`${at}: input must be a zod object schema`);
    for (const d of a.requires?.documents ?? []) {
      if (!isDocument(d)) p.push(`${at}: required document "${d}" is not declared in documents`);
    }
    for (const f of a.requires?.fields ?? []) {
      if (fieldKeys && !fieldKeys.includes(f)) p.push(`${at}: required field "${f}" is not in the fields schema`);
    }
  }
  const isAction = (a: unknown) => typeof a === 'string' && Object.hasOwn(actions, a);

  checkGraph(p, spec.initial, states, actions);
  checkIssuable(p, spec, isState, isAction);
  for (const [k, d] of Object.entries(spec.issuable ?? {})) {
    if (d?.when !== undefined) checkCondition(p, `issuable "${k}"`, d.when, spec.fields, fieldKeys);
  }
  checkPrefill(p, spec);
  checkBasicInfo(p, spec, fieldKeys);

  for (const [k, c] of Object.entries(spec.clocks ?? {})) {
    checkClock(p, `clock "${k}"`, c, { isAction, isDocument, actions, fieldKeys });
    if (c.when !== undefined) checkCondition(p, `clock "${k}"`, c.when, spec.fields, fieldKeys);
    if (c.lengthFrom !== undefined && !fieldKeys?.includes(c.lengthFrom)) {
      p.push(`clock "${k}": lengthFrom field "${c.lengthFrom}" is not in the fields schema`);
    }
    if (!IDENT.test(k)) p.push(`clock "${k}": key must be a snake_case identifier`);
  }
  if (actionKeys.length === 0) p.push('at least one action is required');

  const numbering = numberingProblem(spec.numbering);
  if (numbering) p.push(`numbering "${String(spec.numbering)}": ${numbering}`);
  if (spec.parties) {
    const roles = spec.parties.roles ?? {};
    for (const [k, label] of Object.entries(roles)) {
      if (!IDENT.test(k)) p.push(`party role "${k}" must be a snake_case identifier`);
      if (!nonEmptyString(label)) p.push(`party role "${k}" needs a Chinese label`);
    }
    for (const r of spec.parties.required ?? []) {
      if (!Object.hasOwn(roles, r)) p.push(`required party role "${r}" is not declared`);
    }
  }
  if (spec.challengeable !== undefined) {
    const by = spec.challengeable?.decidedBy;
    if (!Array.isArray(by) || by.length === 0) p.push('challengeable.decidedBy must list at least one action');
    for (const a of by ?? []) {
      if (!isAction(a)) p.push(`challengeable.decidedBy: action "${a}" is not declared`);
    }
  }
  checkAccess(p, spec);
  return p;
}

/**
 * Who reads and works the type: known case roles holding the permission they are listed
 * for, and nobody who may act on a case without being able to open it.
 */
function checkAccess(p: string[], spec: LooseSpec): void {
  const access = spec.access;
  if (!access) {
    p.push('access must declare which roles read the type');
    return;
  }
  checkRoles(p, 'access.read', access.read);
  const read = new Set(access.read ?? []);
  for (const r of access.read ?? []) {
    if (roleDef(r) && !roleDef(r)?.permissions.includes('case:read'))
      p.push(`access.read: role "${r}" holds no case:read`);
  }
  if (access.write !== undefined) {
    checkRoles(p, 'access.write', access.write);
    for (const r of access.write) {
      if (roleDef(r) && !roleDef(r)?.permissions.includes('case:write')) {
        p.push(`access.write: role "${r}" holds no case:write`);
      }
      if (!read.has(r)) p.push(`access.write: role "${r}" must also be in access.read`);
    }
  }
  const write = new Set(access.write ?? workingRoles(spec));
  const mustWork = (at: string, roles: readonly string[] | undefined) => {
    for (const r of roles ?? []) {
      if (!roleDef(r)) continue;
      if (!read.has(r)) p.push(`${at}: role "${r}" may act but not read the type; add it to access.read`);
      else if (!write.has(r)) p.push(`${at}: role "${r}" may act but is not in access.write`);
    }
  };
  mustWork('create', spec.create?.roles);
  for (const [k, a] of Object.entries(spec.actions ?? {})) {
    mustWork(`action "${k}"`, a.roles);
    if (a.approval) mustWork(`action "${k}" approval`, a.approval.roles);
  }
  const c = access.confidential;
  if (c) {
    const partyRoles = spec.parties?.roles ?? {};
    if (!Array.isArray(c.hideFromPartyRoles) || c.hideFromPartyRoles.length === 0) {
      p.push('access.confidential: hideFromPartyRoles must list at least one party role');
    }
    for (const r of c.hideFromPartyRoles ?? []) {
      if (!Object.hasOwn(partyRoles, r)) p.push(`access.confidential: party role "${r}" is not declared in parties`);
    }
    if (typeof c.when !== 'function') p.push('access.confidential: when(fields) must be a function');
  }
}

/**
 * Every document kind is bound to a stage: an action requires it, or it declares the states
 * or the actions it prepares (issue 13: a 协议书 on a case only registered was a mistake).
 */
function checkIssuable(
  p: string[],
  spec: LooseSpec,
  isState: (s: unknown) => boolean,
  isAction: (a: unknown) => boolean,
): void {
  const documents = spec.documents ?? {};
  const issuable = spec.issuable ?? {};
  for (const [k, d] of Object.entries(issuable)) {
    const at = `issuable "${k}"`;
    if (!Object.hasOwn(documents, k)) p.push(`${at}: document kind is not declared in documents`);
    for (const s of d?.states ?? []) if (!isState(s)) p.push(`${at}: state "${s}" is not declared`);
    for (const a of d?.prepares ?? []) if (!isAction(a)) p.push(`${at}: prepared action "${a}" is not declared`);
  }
  for (const k of Object.keys(documents)) {
    const d = issuable[k];
    const required = Object.values(spec.actions ?? {}).some((a) => (a.requires?.documents ?? []).includes(k));
    if (!required && (d?.states?.length ?? 0) === 0 && (d?.prepares?.length ?? 0) === 0) {
      p.push(`document "${k}": no action requires it; declare in issuable the states or the actions it prepares`);
    }
  }
}

/**
 * An action recorded from a document (decision 0007): the document is one it requires or
 * prepares, and each mapped field is an input of the action. The document's side (the
 * template's input) is the server's, checked when the registry loads the templates.
 */
function checkPrefill(p: string[], spec: LooseSpec): void {
  for (const [k, a] of Object.entries(spec.actions ?? {})) {
    const pf = a.prefill;
    if (pf === undefined) continue;
    const at = `action "${k}" prefill`;
    const docs: unknown[] = Array.isArray(pf.document) ? pf.document : [pf.document];
    if (docs.length === 0) p.push(`${at}: document must name at least one document`);
    for (const doc of docs) {
      if (typeof doc !== 'string' || !Object.hasOwn(spec.documents ?? {}, doc)) {
        p.push(`${at}: document "${String(doc)}" is not declared in documents`);
      } else {
        const required = (a.requires?.documents ?? []).includes(doc);
        const prepared = (spec.issuable?.[doc]?.prepares ?? []).includes(k);
        if (!required && !prepared) p.push(`${at}: the action neither requires nor is prepared by "${doc}"`);
      }
    }
    if (a.approval) p.push(`${at}: an action with approval takes its approved input; it cannot be prefilled`);
    const inputKeys = shapeKeys(a.input);
    if (!inputKeys) {
      p.push(`${at}: the action has no input to fill`);
      continue;
    }
    const entries = Object.entries(pf.fields ?? {});
    if (entries.length === 0) p.push(`${at}: fields must map at least one input field`);
    const seen = new Set<string>();
    for (const [field, from] of entries) {
      if (!inputKeys.includes(field)) p.push(`${at}: "${field}" is not an input field of the action`);
      if (typeof from !== 'string' || !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(from)) {
        p.push(`${at}: "${field}" must name a document input field`);
      } else if (seen.has(from)) p.push(`${at}: document field "${from}" feeds two action fields`);
      else seen.add(from);
    }
  }
}

/**
 * 基本信息 editable after registration: fields the registration form sets, and never a date a
 * clock starts from (editing it would move a statutory deadline after the fact).
 */
function checkBasicInfo(p: string[], spec: LooseSpec, fieldKeys: string[] | undefined): void {
  if (spec.basicInfo === undefined) return;
  if (!Array.isArray(spec.basicInfo)) {
    p.push('basicInfo must list intake field keys');
    return;
  }
  const intakeKeys = spec.intake !== undefined ? shapeKeys(spec.intake) : fieldKeys;
  const clockFields = new Set(
    Object.values(spec.clocks ?? {})
      .map((c) => c.start?.from)
      .filter((f): f is string => typeof f === 'string' && f !== 'event'),
  );
  const seen = new Set<string>();
  for (const f of spec.basicInfo) {
    const at = `basicInfo "${f}"`;
    if (seen.has(f)) p.push(`${at}: listed twice`);
    seen.add(f);
    if (!intakeKeys?.includes(f)) p.push(`${at}: is not a field of the registration (intake) schema`);
    else if (fieldKeys && !fieldKeys.includes(f)) p.push(`${at}: is not in the fields schema`);
    if (clockFields.has(f)) p.push(`${at}: a clock starts from it; editing it would move a statutory deadline`);
  }
}

function checkRoles(p: string[], at: string, roles: readonly string[] | undefined): void {
  if (!Array.isArray(roles) || roles.length === 0) {
    p.push(`${at}: roles must list at least one role`);
    return;
  }
  for (const r of roles) {
    const def = roleDef(r);
    if (!def) p.push(`${at}: unknown role "${r}"`);
    else if (def.admin) p.push(`${at}: admin role "${r}" holds no case permission (三员分立)`);
  }
}

/** Every state reachable from the initial one; every non-terminal state has a way out. */
function checkGraph(p: string[], initial: string, states: LooseSpec['states'], actions: LooseSpec['actions']): void {
  if (!Object.hasOwn(states, initial)) return;
  const reached = new Set([initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const a of Object.values(actions)) {
      if (a.to && Object.hasOwn(states, a.to) && !reached.has(a.to) && (a.from ?? []).some((s) => reached.has(s))) {
        reached.add(a.to);
        grew = true;
      }
    }
  }
  for (const s of Object.keys(states)) {
    if (!reached.has(s)) p.push(`state "${s}" cannot be reached from "${initial}"`);
    const exits = Object.values(actions).some((a) => (a.from ?? []).includes(s) && a.to !== undefined && a.to !== s);
    if (states[s]?.terminal !== true && !exits) p.push(`state "${s}" is not terminal but no action leaves it`);
  }
}

interface ClockContext {
  isAction: (a: unknown) => boolean;
  isDocument: (d: unknown) => boolean;
  actions: LooseSpec['actions'];
  fieldKeys: string[] | undefined;
}

function checkClock(p: string[], at: string, c: ClockDef, ctx: ClockContext): void {
  if (!nonEmptyString(c.label)) p.push(`${at}: needs a Chinese label`);
  if (!nonEmptyString(c.basis)) p.push(`${at}: basis (the article it implements) is required`);
  if (c.kind !== undefined && c.kind !== 'duty' && c.kind !== 'window') p.push(`${at}: kind must be duty or window`);
  if (!UNITS.includes(c.unit)) p.push(`${at}: unit must be one of ${UNITS.join(', ')}`);
  if (!positiveInt(c.length)) p.push(`${at}: length must be a positive integer`);
  if (c.warnWorkdays !== undefined && !(Number.isInteger(c.warnWorkdays) && c.warnWorkdays >= 0)) {
    p.push(`${at}: warnWorkdays must be a non-negative integer`);
  }
  if (c.warnHours !== undefined && !(typeof c.warnHours === 'number' && c.warnHours >= 0)) {
    p.push(`${at}: warnHours must be a non-negative number`);
  }

  const starts = typeof c.start?.on === 'string' ? [c.start.on] : [...(c.start?.on ?? [])];
  if (starts.length === 0) p.push(`${at}: start.on must name an action or "create"`);
  for (const s of starts) {
    if (s !== CREATE_ACTION && !ctx.isAction(s)) p.push(`${at}: start action "${s}" is not declared`);
  }
  const from = c.start?.from;
  if (from !== undefined && from !== 'event') {
    const known =
      ctx.fieldKeys?.includes(from) ||
      starts.some((s) => s !== CREATE_ACTION && shapeKeys(ctx.actions[s]?.input)?.includes(from));
    if (!known) p.push(`${at}: start field "${from}" is neither a case field nor an input of the start action`);
  }

  if (!Array.isArray(c.stopOn)) p.push(`${at}: stopOn must be a list of actions`);
  else if (c.stopOn.length === 0 && c.kind !== 'window') p.push(`${at}: a duty clock must stop on some action`);
  const listed = (name: string, list: readonly string[] | undefined) => {
    for (const a of list ?? []) if (!ctx.isAction(a)) p.push(`${at}: ${name} action "${a}" is not declared`);
  };
  listed('stop', c.stopOn);
  listed('pause', c.pauseOn);
  listed('resume', c.resumeOn);
  if ((c.pauseOn?.length ?? 0) > 0 !== (c.resumeOn?.length ?? 0) > 0) {
    p.push(`${at}: pauseOn and resumeOn go together`);
  }
  if (c.pauseCounts !== undefined && !(c.pauseOn?.length ?? 0)) p.push(`${at}: pauseCounts without pauseOn`);
  if (c.pauseCounts === 'whole_days' && c.unit === 'hour') {
    p.push(`${at}: pauseCounts 'whole_days' is for day clocks; an hour clock excludes the exact time`);
  }

  const ext = c.extension;
  if (!ext) return;
  if (!ctx.isAction(ext.action)) {
    p.push(`${at}: extension action "${ext.action}" is not declared`);
  } else {
    const action = ctx.actions[ext.action]!;
    if (!action.approval) p.push(`${at}: extension action "${ext.action}" must declare approval`);
    if (ext.notice !== undefined && !(action.requires?.documents ?? []).includes(ext.notice)) {
      p.push(`${at}: extension action "${ext.action}" must require the notice "${ext.notice}"`);
    }
  }
  if (ext.notice !== undefined && !ctx.isDocument(ext.notice)) {
    p.push(`${at}: extension notice "${ext.notice}" is not declared in documents`);
  }
  if (!positiveInt(ext.max)) p.push(`${at}: extension max must be a positive integer`);
  if (ext.unit !== undefined && ext.unit !== c.unit) p.push(`${at}: extension unit must equal the clock unit`);
  if (!nonEmptyString(ext.inform)) p.push(`${at}: extension must say what the person is told (inform)`);
}

/**
 * A `when`: a top-level field, at least one value, and for a choice (enum) field only values
 * it offers, so a misspelt route never silently switches a clock or a document off.
 */
function checkCondition(
  p: string[],
  at: string,
  cond: FieldCondition,
  fields: unknown,
  fieldKeys: string[] | undefined,
): void {
  if (!cond || typeof cond.field !== 'string' || !fieldKeys?.includes(cond.field)) {
    p.push(`${at}: when.field "${String(cond?.field)}" is not in the fields schema`);
    return;
  }
  if (!Array.isArray(cond.in) || cond.in.length === 0) {
    p.push(`${at}: when.in must list at least one value (null = not set)`);
    return;
  }
  const def = (fieldSchema(fields, cond.field) as { _zod?: { def?: { type?: string; entries?: object } } })?._zod?.def;
  if (def?.type !== 'enum' || !def.entries) return;
  const options = Object.keys(def.entries);
  for (const v of cond.in) {
    if (v !== null && !options.includes(v)) p.push(`${at}: when value "${v}" is not an option of "${cond.field}"`);
  }
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function positiveInt(v: unknown): boolean {
  return Number.isSafeInteger(v) && (v as number) >= 1;
}
