/**
 * The shapes the case engine works on (docs/architecture.md §Case engine). A case type is
 * data: states, actions, clocks, documents and a fields schema. The engine sees a case
 * as a plain snapshot; the server loads and stores it, the engine only decides.
 */
import type { z } from 'zod';
import type { RollRule } from '../calendar/period.ts';

/** An ISO 8601 instant with an offset ('2026-03-02T09:30:00+08:00' or '…Z'). */
export type IsoInstant = string;

/** What every time-dependent engine function takes instead of reading the clock. */
export type Now = IsoInstant | Date;

/** The key of the event that opens a case (written by `createCase`). */
export const CREATE_ACTION = 'create';

/**
 * One append-only entry of a case's history. `action` is an action key, `create`,
 * or an approval step `request_approval:<action>` / `approve:<action>` / `reject:<action>`.
 * `from`/`to` are the states before and after (equal for approval steps and
 * actions that keep the state; `from` is null for `create`).
 */
export interface CaseEvent {
  seq: number;
  at: IsoInstant;
  actorId: string;
  action: string;
  from: string | null;
  to: string;
  /**
   * Written by the engine: `input` (the validated action input, or the approval
   * proposal), `requestSeq` and `opinion` (on approve/reject), `approval` (which
   * request and decision an approved action consumed). Other keys are ignored.
   */
  data?: CaseEventData;
  note?: string;
}

export interface CaseEventData {
  input?: Record<string, unknown>;
  /** On approve/reject: the request decided. */
  requestSeq?: number;
  opinion?: string;
  approval?: ApprovalRef;
  [key: string]: unknown;
}

/** Which approval an approved action consumed, for the record and the audit. */
export interface ApprovalRef {
  requestSeq: number;
  decisionSeq: number;
  approverId: string;
}

/** An issued document (the server generates it; the engine only asks whether one exists). */
export interface CaseDocument {
  kind: string;
  issuedAt: IsoInstant;
  id?: string | number;
  /** Set when the document was voided (作废): it no longer unlocks anything. */
  voidedAt?: IsoInstant | null;
  /** What the clerk typed when issuing it (the template's input): feeds the action it prepares (`prefill`). */
  input?: Record<string, unknown> | null;
  /** 文号, when numbered (shown beside a prefilled form). */
  number?: string | null;
}

/** The case as the engine sees it. The engine never mutates it. */
export interface CaseSnapshot<F = Record<string, unknown>> {
  id?: string | number;
  type: string;
  state: string;
  version: number;
  fields: F;
  events: readonly CaseEvent[];
  documents: readonly CaseDocument[];
  assigneeId?: string | null;
  ownerLeaderId?: string | null;
  createdBy: string;
  /**
   * What the server looked up outside the case's own record just before an action or the
   * detail page (the module's `context` hook, server/src/cases/registry.ts): e.g. the officers'
   * certificates or the challenges pending against the decision. Guards and effects read it as
   * they read the fields; it is never stored on the case.
   */
  context?: Readonly<Record<string, unknown>>;
}

/** The acting user: role keys only. Data scope (which cases they may see) is the server's job. */
export interface EngineUser {
  id: string;
  roles: readonly string[];
}

/** A zod object schema (fields and action inputs must be objects so each field can be named). */
export type ObjectSchema = z.ZodObject<z.core.$ZodShape, z.core.$ZodObjectConfig>;

/** The value an action's input schema produces, or undefined for an action without input. */
export type InputOf<I> = I extends ObjectSchema ? z.output<I> : undefined;

export interface StateDef {
  /** Chinese label shown to users, e.g. '已受理'. */
  label: string;
  /** No further work: only actions marked `fromTerminal` (e.g. reopen) may leave it. */
  terminal?: boolean;
}

export interface ActionRequirements<FV, D extends string, Input> {
  /** Case fields that must be non-empty before the action (named by their `.describe()` label). */
  fields?: readonly (keyof FV & string)[];
  /**
   * Document kinds that must have been issued. A document counts only if issued after
   * the previous execution of the same action, so a repeated action (a second
   * extension, a re-acceptance) needs a fresh document.
   */
  documents?: readonly D[];
  /**
   * A rule the declarative parts cannot say. Returns a Chinese reason to refuse, or null.
   * `input` is undefined when called from `allowedActions` (no input yet): a guard that
   * depends on the input must return null then.
   */
  guard?(c: CaseSnapshot<FV>, input: Input | undefined, now: Date): string | null;
}

export interface ActionDef<
  S extends string = string,
  D extends string = string,
  FV = Record<string, unknown>,
  I = unknown,
> {
  /** Chinese label, the button text. */
  label: string;
  from: readonly S[];
  /**
   * The state after the action; omitted = the state does not change (an extension,
   * a pause, a note). A choice between outcomes is two actions, not a function, so the
   * state graph stays data that can be checked and drawn.
   */
  to?: S;
  /** Role keys (auth/roles.ts) allowed to take the action. */
  roles: readonly string[];
  /** The action's own input (zod object; name each field with `.describe('中文名')`). */
  input?: I;
  requires?: ActionRequirements<FV, D, InputOf<I>>;
  /**
   * The action needs approval first: an actor with `roles` (above) requests it
   * (`request_approval:<key>`, carrying the proposed input), an approver with
   * `approval.roles` approves or rejects it (`approve:<key>` / `reject:<key>`), and only
   * then may the action run, with the approved input. Running it consumes the approval.
   */
  approval?: { roles: readonly string[] };
  /**
   * Field changes the action makes; the merged fields are validated against the type's schema.
   * `policy`: the local policy the server resolved for the case's town (a module's own keys,
   * unvalidated; empty when none), for an effect that records the rule in force on the case
   * (a town-set time limit written when the route is chosen).
   */
  effects?(c: CaseSnapshot<FV>, input: InputOf<I>, now: Date, policy: Readonly<Record<string, unknown>>): Partial<FV>;
  /** Must be set on an action that leaves a terminal state (e.g. reopen); checked at definition time. */
  fromTerminal?: boolean;
  /**
   * Data entered once (decision 0007): the document this action is recorded from, and which
   * of the action's input fields take their value from what was typed into that document
   * (`{ actionField: documentInputField }`). The action's form is filled from the latest
   * valid copy issued since the action last ran; a value left out is taken from it, and a
   * value that contradicts it is refused (void the document and issue a corrected one). The
   * document must be one the action requires or prepares (checked by defineCaseType); the
   * server checks at load that each document field exists in the template's input.
   * `document` may list several kinds when the action requires one per route (`issuable.when`):
   * the latest valid copy of any of them fills the form, so each must take the mapped fields.
   */
  prefill?: { document: D | readonly D[]; fields: Readonly<Record<string, string>> };
  /**
   * What the inbox says a case in one of `from` waits for (inbox.ts INBOX_ASKS). Needed only
   * for 'accept' (受理); an action whose input names `assigneeId` asks 'assign' and one
   * whose input names `ownerLeaderId` asks 'ownership' without saying so.
   */
  ask?: 'accept' | 'assign' | 'ownership';
  /**
   * Available, but nobody is waiting for it (a leader taking ownership, a report to the
   * police): it does not put the case on the inbox of the roles that may take it.
   */
  optional?: boolean;
}

/**
 * Where in the case's life a document kind may be issued. Every kind may be issued in the
 * from-states of the actions that require it; this adds to that, and a kind no action
 * requires must declare at least one state or prepared action (checked by defineCaseType).
 * A corrected copy replacing a voided one may also be issued in the to-states of those
 * actions (the agreement after 达成书面协议), see engine/documents.ts.
 */
export interface DocumentIssueDef<S extends string = string, A extends string = string> {
  /**
   * Only for cases whose fields meet the condition (a 人民调解协议书 on the 人民调解 route):
   * elsewhere the kind cannot be issued, and an action requiring it does not require it there
   * (so an action may require one document per route).
   */
  when?: FieldCondition;
  /** Actions the document is written for without being required by them (回访记录 for 回访). */
  prepares?: readonly A[];
  /** Further states in which it may be issued. */
  states?: readonly S[];
}

/**
 * A condition on a case's fields deciding whether a clock or a document belongs to the case at
 * all: the top-level `field` holds one of the values in `in` (null: the field is not set yet).
 * E.g. a time limit that binds one route of a case type only.
 */
export interface FieldCondition {
  field: string;
  in: readonly (string | null)[];
}

/** 'd' 日 (calendar days), 'wd' 工作日, 'month' 月, 'hour' 小时. */
export type ClockUnit = 'd' | 'wd' | 'month' | 'hour';

export interface ClockExtensionDef<A extends string, D extends string> {
  /** The action that extends the clock; it must declare `approval`. */
  action: A;
  /** Cumulative maximum, in `unit`. */
  max: number;
  /** Defaults to (and must equal) the clock's unit. */
  unit?: ClockUnit;
  /** The document that tells the person (e.g. 'extension_notice'); the action must require it. */
  notice?: D;
  /** What the person must be told, in Chinese (e.g. '延期理由'), for the notice template and the UI. */
  inform: string;
  /** The action input field holding the extension length; absent or missing = `max`. Default 'length'. */
  lengthField?: string;
}

export interface ClockDef<A extends string = string, D extends string = string> {
  /** Chinese label, e.g. '受理期限'. */
  label: string;
  /**
   * 'duty' (default): a limit on the office; passing it is a breach.
   * 'window': a limit on the person (e.g. the 30-day window to request 复查); passing it
   * means the window has closed ('expired'), which is nobody's breach.
   */
  kind?: 'duty' | 'window';
  /**
   * The clock starts at the latest event of one of these actions ('create' = the case
   * was opened). `from`: 'event' (default) = the Asia/Shanghai date of that event; a
   * field name = a date held in the event's input or else in the case fields (e.g. the
   * received date 收到日期, which may precede registration).
   */
  start: { on: A | typeof CREATE_ACTION | readonly (A | typeof CREATE_ACTION)[]; from?: string };
  /**
   * The clock binds only cases whose fields meet the condition (a limit of one route); for the
   * others it does not exist: no status, no deadline, nothing to extend.
   */
  when?: FieldCondition;
  /** The length in `unit`; with `lengthFrom`, the usual length, for the type's description. */
  length: number;
  unit: ClockUnit;
  /**
   * The length is recorded on the case rather than fixed by the type: a limit set by local
   * policy or by another organ (a court's period) that an action wrote into this field, as a
   * positive integer in `unit` or as `{ length, unit }`. A case without it has no such limit:
   * the clock does not apply to it.
   */
  lengthFrom?: string;
  /** The first of these after the start stops the clock. */
  stopOn: readonly A[];
  /** Time between a pause and the next resume is not counted (see clockStatus). */
  pauseOn?: readonly A[];
  resumeOn?: readonly A[];
  /**
   * How a pause from day P to day R is excluded. 'elapsed' (default): R − P days, the day
   * it begins counted like any period start (民法典 art 201), so a pause opened and closed on
   * one day excludes nothing. 'whole_days': every day on which the paused activity took place,
   * P and R included, for a rule that excludes the activity's own time (信访工作条例 art 36 ¶2
   * "听证所需时间不计算在前款规定的期限内": a one-day hearing takes that day). Day clocks only;
   * an hour clock always excludes the exact time.
   */
  pauseCounts?: 'elapsed' | 'whole_days';
  extension?: ClockExtensionDef<A, D>;
  /** Level 'warn' when this many working days or fewer remain (default 3). */
  warnWorkdays?: number;
  /** For 'hour' clocks: 'warn' when this many hours or fewer remain (default: the last quarter of the length). */
  warnHours?: number;
  /** How a calendar-day or month limit rolls off rest days (calendar/period.ts). Default 'official'. */
  rollRule?: RollRule;
  /** The article the clock implements, e.g. '信访工作条例 第34条'. */
  basis: string;
}

/**
 * Who reads and who works a case type (docs/architecture.md §Data scope and access). Roles
 * only: *which* cases of the type a role reaches is its assignment's data scope (a 村居干部
 * their village, 县级督查 the county), applied on top by the server. A role not listed never
 * sees the type, except a case assigned to the user or owned by them as leader.
 */
export interface CaseAccessDef<FV = Record<string, unknown>> {
  /** Roles that read cases of this type (list, search, export, detail, files, facts drill-down). */
  read: readonly string[];
  /**
   * Roles that register cases of this type, issue documents and add attachments. Default: the
   * roles that create the type, take one of its actions or approve one. Each must also read it.
   */
  write?: readonly string[];
  /**
   * Content withheld from the people it is about (e.g. 信访工作条例 art 30 ¶3). A case for which
   * `when` holds (stored as cases.confidential on every change) is hidden from every user
   * assigned at the unit of a party in one of `hideFromPartyRoles`, or at a department of that
   * unit, whatever their role, assignment or ownership; the user who registered it keeps it.
   */
  confidential?: {
    hideFromPartyRoles: readonly string[];
    when(fields: FV): boolean;
  };
}

/** A case type's access with its defaults filled in (see defineCaseType). */
export interface ResolvedCaseAccess<FV = Record<string, unknown>> extends CaseAccessDef<FV> {
  readonly write: readonly string[];
}

/** What a case type declares. Generic parameters are inferred; typos in state, document or action names fail to compile. */
export interface CaseTypeSpec<
  S extends string,
  D extends string,
  F extends ObjectSchema,
  I extends Record<string, unknown>,
> {
  /** Stable English identifier: 'mediation', 'petition', … */
  key: string;
  /** Chinese label, e.g. '信访事项'. */
  label: string;
  states: Record<S, StateDef>;
  /** The state `createCase` puts a new case in. */
  initial: NoInfer<S>;
  /**
   * Who may open a case of this type; the button's label; an example title for the form's
   * placeholder (the forms are generic, so the example must come from the type).
   */
  create: { roles: readonly string[]; label?: string; titleExample?: string };
  /** Who reads and who works cases of this type, and what stays confidential. */
  access: CaseAccessDef<z.output<NoInfer<F>>>;
  /** Document kinds with their Chinese titles (without 《》), e.g. { acceptance_notice: '受理告知书' }. */
  documents: Record<D, string>;
  /** Where each document kind may be issued beyond the actions requiring it (see DocumentIssueDef). */
  issuable?: Partial<Record<NoInfer<D>, DocumentIssueDef<NoInfer<S>, NoInfer<keyof I & string>>>>;
  /** The type's own data; shared with the web forms. */
  fields: F;
  /**
   * The part of `fields` a registration may set (the intake form). Keys outside it are
   * dropped at creation, so fields that actions fill later cannot be typed in up front.
   * Defaults to `fields`.
   */
  intake?: ObjectSchema;
  actions: { [K in keyof I]: ActionDef<NoInfer<S>, NoInfer<D>, z.output<F>, I[K]> };
  clocks?: Record<string, ClockDef<NoInfer<keyof I & string>, NoInfer<D>>>;
  /** Number pattern, e.g. '{town}信〔{year}〕{seq}号' (see sequenceNumber). */
  numbering: string;
  /**
   * 基本信息 that stays editable after registration (besides the title, the unit and the
   * parties' contact data): keys of the intake schema (checked by defineCaseType; a date a
   * clock starts from is refused, since editing it would move a statutory deadline).
   */
  basicInfo?: readonly (keyof z.output<NoInfer<F>> & string)[];
  /** The roles people play in a case of this type, e.g. { applicant: '申请人', respondent: '被申请人' }. */
  parties?: PartiesDef;
  /**
   * The case ends in an administrative act (行政行为) the party may challenge by 行政复议 or
   * 行政诉讼; `decidedBy` names the actions that make the act (a penalty decision, a demolition
   * order). Challenges may be registered on a case once one of them has been taken. Leave it out
   * for work that is no administrative act: a 人民调解 agreement is the parties' own, and a
   * 信访 reply is reviewed by 复查/复核 (信访工作条例 art 35), not by 复议.
   */
  challengeable?: { decidedBy: readonly NoInfer<keyof I & string>[] };
}

export interface PartiesDef {
  roles: Record<string, string>;
  /** Roles that need at least one party when the case is opened. */
  required?: readonly string[];
}

/** A validated case type, as returned by defineCaseType. */
export interface CaseType<
  S extends string = string,
  D extends string = string,
  F extends ObjectSchema = ObjectSchema,
  I extends Record<string, unknown> = Record<string, unknown>,
> extends Readonly<Omit<CaseTypeSpec<S, D, F, I>, 'access'>> {
  readonly clocks: Record<string, ClockDef<keyof I & string, D>>;
  readonly access: ResolvedCaseAccess<z.output<F>>;
}

/**
 * Any case type, as the engine's functions take it. The field and input types are
 * erased to `any` here (and only here): a concrete type's callbacks take its own
 * field type, which TypeScript cannot widen safely; the engine validates fields and
 * inputs at run time with the type's zod schemas before calling them.
 */
export interface AnyCaseType {
  readonly key: string;
  readonly label: string;
  readonly states: Readonly<Record<string, StateDef>>;
  readonly initial: string;
  readonly create: { roles: readonly string[]; label?: string; titleExample?: string };
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  readonly access: ResolvedCaseAccess<any>;
  readonly documents: Readonly<Record<string, string>>;
  readonly issuable?: Readonly<Partial<Record<string, DocumentIssueDef>>>;
  readonly fields: ObjectSchema;
  readonly intake?: ObjectSchema;
  // biome-ignore lint/suspicious/noExplicitAny: see above.
  readonly actions: Readonly<Record<string, ActionDef<string, string, any, any>>>;
  readonly clocks: Readonly<Record<string, ClockDef>>;
  readonly numbering: string;
  readonly basicInfo?: readonly string[];
  readonly parties?: PartiesDef;
  readonly challengeable?: { readonly decidedBy: readonly string[] };
}
