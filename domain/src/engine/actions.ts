/**
 * The only way a case changes: `applyAction` decides, the server stores the result
 * (state, events, field patch and audit record in one transaction, checking
 * `version`). `allowedActions` runs the same checks without the input, so the buttons
 * the web shows and the rules the server enforces cannot drift apart.
 *
 * Check order (and AppError code) of applyAction:
 *   1. unknown action ................................ VALIDATION
 *   2. current state not a from-state (or terminal) .. CONFLICT  当前状态「…」不能执行「…」
 *   3. role .......................................... FORBIDDEN
 *   4. approval missing / pending / not requested ..... CONFLICT
 *   5. input schema .................................. VALIDATION (fields named in Chinese)
 *   6. required fields and documents ................. UNPROCESSABLE 请先出具《…》
 *   7. guard, extension limits ........................ UNPROCESSABLE
 *   8. resulting fields against the type's schema .... VALIDATION
 * An approval (approve:<action>) also runs the action's guard on the proposed input:
 * a step its guard refuses today (e.g. an extension once its limit has run out) is
 * not approved, since it could not be taken with that approval anyway (UNPROCESSABLE).
 */
import { z } from 'zod';
import { roleDef } from '../auth/roles.ts';
import { AppError } from '../errors.ts';
import { type ActionKind, approvalKey, approvalStatus, ordered, parseActionKey } from './approval.ts';
import { clockFor, clockTimeline, UNIT_LABELS } from './clocks.ts';
import { actionPrefill, documentApplies, issuedDocument, lastRunMs } from './documents.ts';
import { instantMs } from './time.ts';
import {
  type ActionDef,
  type AnyCaseType,
  type CaseEvent,
  type CaseSnapshot,
  CREATE_ACTION,
  type EngineUser,
  type Now,
  type ObjectSchema,
} from './types.ts';
import { canonicalJson, isEmptyValue, labelAt, validateInput } from './validate.ts';

/** An action as the engine handles it: fields and input as plain records. */
type EngineAction = ActionDef<string, string, Record<string, unknown>, ObjectSchema>;

export interface ApplyResult {
  newState: string;
  /** Events to append, with provisional `seq` (last seq + 1 …); the server may renumber on insert. */
  events: CaseEvent[];
  /** Only the fields that changed (validated). */
  fieldPatch: Record<string, unknown>;
  /** The case fields after the patch (validated against the type's schema). */
  fields: Record<string, unknown>;
}

export interface AllowedAction {
  /** The key to pass to applyAction: an action key, or request_approval:/approve:/reject:<action>. */
  key: string;
  label: string;
  kind: ActionKind;
  /** The action the approval step is about (equal to key for plain actions). */
  action: string;
  enabled: boolean;
  /** Why it is disabled, in Chinese. */
  reason?: string;
  /** The action's approval state, for actions that need approval. */
  approval?: 'none' | 'pending' | 'approved' | 'rejected';
  /** True when the step takes input (a form); the schema is the action's `input` (approve/reject: ApprovalDecisionInput). */
  hasInput: boolean;
}

export interface ApplyOptions {
  /** Free text kept on the event. */
  note?: string;
  /** The local policy of the case's town, handed to the action's effects (ActionDef.effects). */
  policy?: Readonly<Record<string, unknown>>;
}

/** What approve/reject take: the approver's opinion, required to reject. */
export const ApprovalDecisionInput = z.object({
  opinion: z.string().trim().max(500).optional().describe('审批意见'),
});
const RejectInput = z.object({
  opinion: z
    .string({ error: '请填写驳回理由' })
    .trim()
    .min(1, { message: '请填写驳回理由' })
    .max(500)
    .describe('驳回理由'),
});

/** Opens a case in the type's initial state; returns its fields and first event, or an AppError. */
export function createCase(
  type: AnyCaseType,
  fields: unknown,
  user: EngineUser,
  now: Now,
  options: ApplyOptions = {},
): { state: string; fields: Record<string, unknown>; events: CaseEvent[] } | AppError {
  const at = new Date(instantMs(now)).toISOString();
  if (!hasAnyRole(user, type.create.roles)) {
    return AppError.forbidden(`${rolesText(type.create.roles)}可以${type.create.label ?? `登记${type.label}`}`);
  }
  let data = fields;
  if (type.intake) {
    const intake = validateInput(type.intake, fields);
    if (intake instanceof AppError) return intake;
    data = intake;
  }
  const parsed = validateInput(type.fields, data);
  if (parsed instanceof AppError) return parsed;
  const event: CaseEvent = { seq: 1, at, actorId: user.id, action: CREATE_ACTION, from: null, to: type.initial };
  if (options.note) event.note = options.note;
  return { state: type.initial, fields: parsed, events: [event] };
}

/**
 * What `user` could do on the case now: every step whose from-state matches and whose
 * roles the user holds, each enabled or disabled with a Chinese reason.
 */
export function allowedActions(type: AnyCaseType, c: CaseSnapshot, user: EngineUser, now: Now): AllowedAction[] {
  const nowDate = new Date(instantMs(now));
  if (c.type !== type.key) return [];
  const events = ordered(c.events);
  const out: AllowedAction[] = [];
  for (const [key, def] of Object.entries(type.actions) as [string, EngineAction][]) {
    if (!def.from.includes(c.state)) continue;
    const canAct = hasAnyRole(user, def.roles);
    const hasInput = def.input !== undefined;
    if (!def.approval) {
      if (!canAct) continue;
      const reason = readinessProblem(type, c, events, key, def, null, nowDate);
      out.push(step(key, def.label, 'action', key, reason, hasInput));
      continue;
    }
    const ap = approvalStatus(events, key);
    if (canAct) {
      if (ap.status === 'none' || ap.status === 'rejected') {
        // The guard as applyAction runs it on a request, without the input (not known yet).
        const reason = guardProblem(def, c, undefined, nowDate) ?? extensionProblem(type, c, events, key, null);
        out.push({
          ...step(
            approvalKey('request_approval', key),
            `申请审批：${def.label}`,
            'request_approval',
            key,
            reason,
            hasInput,
          ),
          approval: ap.status,
        });
      }
      // Once approved, the input is known: the approved proposal.
      const approved = ap.status === 'approved' ? { input: ap.request?.data?.input } : null;
      const reason =
        approvalProblem(def, ap.status, ap.decision?.data?.opinion) ??
        readinessProblem(type, c, events, key, def, approved, nowDate);
      // An approved action runs with the approved input: no form.
      out.push({ ...step(key, def.label, 'action', key, reason, false), approval: ap.status });
    }
    if (ap.status === 'pending' && hasAnyRole(user, def.approval.roles)) {
      const own = ap.request?.actorId === user.id ? '不能审批本人提出的申请' : null;
      const refused = own ?? approvalGuardProblem(def, c, ap.request, nowDate);
      out.push(
        {
          ...step(approvalKey('approve', key), `审批通过：${def.label}`, 'approve', key, refused, true),
          approval: 'pending',
        },
        { ...step(approvalKey('reject', key), `驳回：${def.label}`, 'reject', key, own, true), approval: 'pending' },
      );
    }
  }
  return out;
}

/**
 * Decides one step on a case. Returns the new state, the events to append and the
 * field patch, or an AppError (never throws for a user mistake; throws only for a
 * malformed `now`). Never mutates its arguments.
 */
export function applyAction(
  type: AnyCaseType,
  c: CaseSnapshot,
  actionKey: string,
  input: unknown,
  user: EngineUser,
  now: Now,
  options: ApplyOptions = {},
): ApplyResult | AppError {
  const nowMs = instantMs(now);
  const nowDate = new Date(nowMs);
  if (c.type !== type.key) {
    return new AppError('VALIDATION', `案件类型「${c.type}」与「${type.label}」不符`, {
      details: { caseType: c.type, expected: type.key },
    });
  }
  const { kind, target } = parseActionKey(actionKey);
  const def = Object.hasOwn(type.actions, target) ? (type.actions[target] as EngineAction) : undefined;
  if (!def || (kind !== 'action' && !def.approval)) {
    return new AppError('VALIDATION', `未知的操作「${actionKey}」`, { details: { action: actionKey } });
  }
  const stepLabel = kind === 'action' ? def.label : `${KIND_LABEL[kind]}：${def.label}`;
  if (!def.from.includes(c.state)) {
    const stateLabel = type.states[c.state]?.label ?? c.state;
    const ended = type.states[c.state]?.terminal ? '（已终结）' : '';
    return new AppError('CONFLICT', `当前状态「${stateLabel}」${ended}不能执行「${stepLabel}」`, {
      details: { state: c.state, action: actionKey },
    });
  }

  const events = ordered(c.events);
  const ap = def.approval ? approvalStatus(events, target) : undefined;
  const base = { at: nowDate.toISOString(), actorId: user.id, from: c.state };
  const seq = (events.at(-1)?.seq ?? 0) + 1;
  const withNote = (e: CaseEvent): CaseEvent => (options.note ? { ...e, note: options.note } : e);
  const sameState = (data?: CaseEvent['data']): ApplyResult => ({
    newState: c.state,
    events: [withNote({ seq, ...base, action: actionKey, to: c.state, ...(data ? { data } : {}) })],
    fieldPatch: {},
    fields: { ...c.fields },
  });

  if (kind === 'approve' || kind === 'reject') {
    if (!hasAnyRole(user, def.approval!.roles)) {
      return AppError.forbidden(`${rolesText(def.approval!.roles)}可以审批「${def.label}」`);
    }
    if (ap!.status !== 'pending') return new AppError('CONFLICT', `「${def.label}」没有待审批的申请`);
    if (ap!.request!.actorId === user.id) return AppError.forbidden('不能审批本人提出的申请');
    const decided = validateInput(kind === 'reject' ? RejectInput : ApprovalDecisionInput, input ?? {});
    if (decided instanceof AppError) return decided;
    if (kind === 'approve') {
      const problem = approvalGuardProblem(def, c, ap!.request, nowDate);
      if (problem) return new AppError('UNPROCESSABLE', problem);
    }
    const data: CaseEvent['data'] = { requestSeq: ap!.request!.seq };
    if (decided.opinion) data.opinion = decided.opinion;
    return sameState(data);
  }

  if (!hasAnyRole(user, def.roles)) return AppError.forbidden(`${rolesText(def.roles)}可以执行「${stepLabel}」`);

  if (kind === 'request_approval') {
    if (ap!.status === 'pending') return new AppError('CONFLICT', `「${def.label}」已提交审批，请等待审批结果`);
    if (ap!.status === 'approved') return new AppError('CONFLICT', `「${def.label}」已审批通过，可直接执行`);
    const proposal = parseInput(def, input);
    if (proposal instanceof AppError) return proposal;
    const problem =
      guardProblem(def, c, proposal, nowDate) ?? extensionProblem(type, c, events, target, proposal ?? {});
    if (problem) return new AppError('UNPROCESSABLE', problem);
    return sameState(proposal && { input: proposal });
  }

  // The action itself.
  let parsed: Record<string, unknown> | undefined;
  if (def.approval) {
    const problem = approvalProblem(def, ap!.status, ap!.decision?.data?.opinion);
    if (problem) return new AppError('CONFLICT', problem, { details: { approval: ap!.status } });
    // The approved proposal is the input; re-parsed in case the schema changed since.
    const approved = parseInput(def, ap!.request!.data?.input);
    if (approved instanceof AppError) return approved;
    if (!isEmptyValue(input)) {
      const given = parseInput(def, input);
      if (given instanceof AppError) return given;
      if (canonicalJson(given ?? {}) !== canonicalJson(approved ?? {})) {
        return new AppError('CONFLICT', '执行内容与审批通过的内容不一致，请按审批内容执行或重新申请审批');
      }
    }
    parsed = approved;
  } else {
    // Data entered once (decision 0007): what the document says fills what was left out,
    // and a value that contradicts it is refused, so the record and the paper agree.
    const prefill = actionPrefill(type, c, target);
    const filled =
      prefill && input && typeof input === 'object'
        ? fillFrom(input as Record<string, unknown>, prefill.values)
        : prefill
          ? { ...prefill.values }
          : input;
    const given = parseInput(def, filled);
    if (given instanceof AppError) return given;
    if (prefill && given) {
      const clash = prefillClash(def, given, prefill);
      if (clash) return clash;
    }
    parsed = given;
  }

  const ready = readinessProblem(type, c, events, target, def, { input: parsed }, nowDate);
  if (ready) return new AppError('UNPROCESSABLE', ready);

  // `parsed` is undefined exactly when the action has no input schema, as InputOf<I> says.
  const policy = options.policy ?? {};
  const patch = def.effects ? { ...def.effects(jsonClone(c), parsed as Record<string, unknown>, nowDate, policy) } : {};
  const merged = validateInput(type.fields, { ...c.fields, ...patch });
  if (merged instanceof AppError) return merged;
  const fieldPatch = Object.fromEntries(Object.keys(patch).map((k) => [k, (merged as Record<string, unknown>)[k]]));

  const data: NonNullable<CaseEvent['data']> = {};
  if (parsed) data.input = parsed;
  if (def.approval) {
    data.approval = { requestSeq: ap!.request!.seq, decisionSeq: ap!.decision!.seq, approverId: ap!.decision!.actorId };
  }
  const newState = def.to ?? c.state;
  const event: CaseEvent = { seq, ...base, action: target, to: newState };
  if (Object.keys(data).length > 0) event.data = data;
  return { newState, events: [withNote(event)], fieldPatch, fields: merged };
}

function fillFrom(input: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const out = { ...input };
  for (const [k, v] of Object.entries(values)) if (isEmptyValue(out[k])) out[k] = v;
  return out;
}

/** A field whose value differs from the document it is recorded from, as a field error. */
function prefillClash(
  def: EngineAction,
  parsed: Record<string, unknown>,
  prefill: NonNullable<ReturnType<typeof actionPrefill>>,
): AppError | null {
  const issues = Object.entries(prefill.values)
    .filter(([field, v]) => canonicalJson(parsed[field]) !== canonicalJson(v))
    .map(([field, v]) => {
      const label = labelAt(def.input, [field]) ?? field;
      const shown = typeof v === 'string' ? v : Array.isArray(v) ? v.join('、') : JSON.stringify(v);
      const brief = shown.length > 30 ? `${shown.slice(0, 30)}…` : shown;
      return {
        path: field,
        message: `${label}与已出具的《${prefill.title}》不一致（文书为「${brief}」）；如需更改，请作废该文书后重新出具`,
      };
    });
  return issues.length > 0 ? AppError.validation(issues, issues.map((i) => i.message).join('；')) : null;
}

const KIND_LABEL: Record<Exclude<ActionKind, 'action'>, string> = {
  request_approval: '申请审批',
  approve: '审批通过',
  reject: '驳回',
};

function step(
  key: string,
  label: string,
  kind: ActionKind,
  action: string,
  reason: string | null,
  hasInput: boolean,
): AllowedAction {
  const s: AllowedAction = { key, label, kind, action, enabled: reason === null, hasInput };
  if (reason !== null) s.reason = reason;
  return s;
}

function parseInput(def: EngineAction, input: unknown): Record<string, unknown> | undefined | AppError {
  if (!def.input) return undefined;
  return validateInput(def.input, input ?? {});
}

function approvalProblem(def: EngineAction, status: string, opinion: unknown): string | null {
  const approvers = rolesText(def.approval!.roles, '');
  switch (status) {
    case 'approved':
      return null;
    case 'pending':
      return `「${def.label}」正在等待${approvers}审批`;
    case 'rejected':
      return `「${def.label}」的申请已被驳回${typeof opinion === 'string' && opinion ? `（${opinion}）` : ''}，可修改后重新申请`;
    default:
      return `「${def.label}」须先经${approvers}审批`;
  }
}

/**
 * Required fields, documents, guard and extension limits: the checks after role and
 * approval. `given` is null when the input is not known yet (allowedActions).
 */
function readinessProblem(
  type: AnyCaseType,
  c: CaseSnapshot,
  events: readonly CaseEvent[],
  key: string,
  def: EngineAction,
  given: { input: Record<string, unknown> | undefined } | null,
  now: Date,
): string | null {
  for (const f of def.requires?.fields ?? []) {
    if (isEmptyValue(c.fields[f])) return `请先填写「${labelAt(type.fields, [f]) ?? f}」`;
  }
  const previous = lastRunMs(events, key);
  for (const d of def.requires?.documents ?? []) {
    // A document bound to other cases (another route's agreement) is not required of this one.
    if (!documentApplies(type, c, d)) continue;
    if (!issuedDocument(c.documents, d, previous)) return `请先出具《${type.documents[d] ?? d}》`;
  }
  return (
    guardProblem(def, c, given?.input, now) ?? extensionProblem(type, c, events, key, given && (given.input ?? {}))
  );
}

function guardProblem(def: EngineAction, c: CaseSnapshot, input: Record<string, unknown> | undefined, now: Date) {
  return def.requires?.guard ? def.requires.guard(jsonClone(c), input, now) : null;
}

/** The action's guard on the proposal an approver is asked to approve (the request's input). */
function approvalGuardProblem(def: EngineAction, c: CaseSnapshot, request: CaseEvent | undefined, now: Date) {
  return guardProblem(def, c, request?.data?.input, now);
}

/** Guards and effects get a copy: whatever they do, the caller's case is untouched. */
function jsonClone(c: CaseSnapshot): CaseSnapshot {
  return JSON.parse(JSON.stringify(c)) as CaseSnapshot;
}

/**
 * For an action that extends a clock: the clock must be running and the total within
 * its maximum. `input` null = not known yet (only "exhausted" can be told).
 */
function extensionProblem(
  type: AnyCaseType,
  c: CaseSnapshot,
  events: readonly CaseEvent[],
  key: string,
  input: Record<string, unknown> | null,
): string | null {
  for (const declared of Object.values(type.clocks)) {
    const ext = declared.extension;
    if (ext?.action !== key) continue;
    const clock = clockFor(declared, c.fields);
    if (!clock) return `「${declared.label}」不适用于本案，不能延长（${declared.basis}）`;
    const t = clockTimeline(type, c, events, clock);
    if (!t.startEvent || t.stopEvent) return `「${clock.label}」未在计时，不能延长`;
    const unit = UNIT_LABELS[clock.unit];
    const used = t.extensions.reduce((sum, x) => sum + x.length, 0);
    if (used >= ext.max) return `「${clock.label}」已累计延长${used}${unit}，不能再延长（${clock.basis}）`;
    const asked = input?.[ext.lengthField ?? 'length'];
    const wanted = input === null ? 0 : typeof asked === 'number' ? asked : ext.max;
    if (used + wanted > ext.max) {
      return `「${clock.label}」累计延长不得超过${ext.max}${unit}（${clock.basis}）${used > 0 ? `，已延长${used}${unit}` : ''}`;
    }
  }
  return null;
}

function hasAnyRole(user: EngineUser, roles: readonly string[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}

/** '仅信访办、镇领导' for the FORBIDDEN messages. */
function rolesText(roles: readonly string[], prefix = '仅'): string {
  return `${prefix}${roles.map((r) => roleDef(r)?.label ?? r).join('、')}`;
}
