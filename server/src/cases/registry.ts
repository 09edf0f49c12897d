/**
 * The case types this installation runs: each is a domain `defineCaseType` plus its
 * document templates (and, optionally, how to derive the risk level). Adding a type is
 * adding a module here; the engine, the routes and the web do not change.
 */
import { type AnyCaseType, AppError, type CaseLinkKind, type RiskLevel } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { DocumentTemplate } from '../documents/template.ts';
import type { TownSettings } from './town-settings.ts';

export interface CaseModule {
  type: AnyCaseType;
  templates?: Record<string, DocumentTemplate>;
  /**
   * Risk level and its reasons from the fields (e.g. the mediation early-warning rules), under
   * the policy of the case's town (its thresholds are local, see town-settings.ts). Recomputed
   * on every change of the case.
   */
  risk?(fields: Record<string, unknown>, now: Date, town: TownSettings): { level: RiskLevel; reasons: string[] } | null;
  /**
   * The town's policy an action's effects may record on the case (ActionDef.effects `policy`),
   * e.g. a time limit the town sets for one route. Read from the case's town before each action;
   * the module validates its own keys (a missing or invalid setting is its default, or none).
   */
  policy?(town: TownSettings): Record<string, unknown>;
  /**
   * Facts outside the case's own record that its guards need (CaseSnapshot.context), looked up
   * in the same transaction before each action and before the detail page lists the allowed
   * actions: e.g. which officers hold a certificate valid today, or which challenges are pending.
   * Read-only; what it returns is handed to the pure engine and never stored. The challenges
   * against the case's decision: `{ challenges: await loadChallenges(db, c.id) }` (./challenges.ts),
   * read by a guard with domain `challengePeriodsProblem` (test/fixtures/ruling.ts shows one).
   */
  context?(db: Kysely<DB>, c: CaseContextRef, now: Date): Promise<Record<string, unknown>>;
  /**
   * Where a new case belongs when its fields say so (a hazard belongs to the village of the
   * production unit it was found at, so the village reads it in its scope): the org unit id
   * (village, department or town), or null to keep the one the request named. Throws a 422 on a
   * field that names nothing the user's towns hold. Called before the right to register there
   * is checked, so a 村居干部 cannot register a hazard of another village's unit.
   */
  placement?(db: Kysely<DB>, fields: Readonly<Record<string, unknown>>): Promise<number | null>;
  /**
   * Work an action does outside the case's own record, in the action's transaction after the
   * case was updated (a hazard's 移交立案处罚 creates the linked penalty case). Throwing rolls the
   * action back.
   */
  afterAction?(trx: Kysely<DB>, a: AfterAction): Promise<void>;
  /** 立卷单位 on the case file's cover and index (cases/dossier.ts); default the town government. */
  dossierOrgan?(fields: Record<string, unknown>, town: { name: string; fullName: string }): string;
}

/** What an `afterAction` hook is told, and the one thing it may do through the service. */
export interface AfterAction {
  caseId: number;
  townId: number;
  number: string;
  action: string;
  /** The case's fields after the action. */
  fields: Readonly<Record<string, unknown>>;
  context: Readonly<Record<string, unknown>>;
  userId: number;
  now: Date;
  /**
   * Registers a case of another type on this action's authority (the user need not be one who
   * registers that type: a 镇领导 approved the action), in the same transaction, and links it
   * from this case with `kind`. Returns the new case's id.
   */
  createLinked(
    body: { type: string; title: string; fields: Record<string, unknown>; parties?: LinkedParty[] },
    kind: CaseLinkKind,
  ): Promise<number>;
}

export interface LinkedParty {
  role: string;
  kind: 'person' | 'org';
  name: string;
  idNumber?: string;
  address?: string;
}

/** The case a module's `context` hook is asked about. */
export interface CaseContextRef {
  id: number;
  townId: number;
  state: string;
  fields: Readonly<Record<string, unknown>>;
}

export class CaseRegistry {
  readonly #modules = new Map<string, CaseModule>();

  constructor(modules: readonly CaseModule[]) {
    for (const m of modules) {
      if (this.#modules.has(m.type.key)) throw new Error(`case type ${m.type.key} registered twice`);
      for (const [kind, t] of Object.entries(m.templates ?? {})) {
        if (t.kind !== kind) throw new Error(`${m.type.key}: template ${kind} declares kind ${t.kind}`);
        if (!Object.hasOwn(m.type.documents, kind)) {
          throw new Error(`${m.type.key}: template ${kind} is not a document kind of the type`);
        }
      }
      const problems = prefillProblems(m);
      if (problems.length > 0) throw new Error(`${m.type.key}: ${problems.join('; ')}`);
      this.#modules.set(m.type.key, m);
    }
  }

  get(key: string): CaseModule {
    const m = this.#modules.get(key);
    if (!m) throw AppError.validation([{ path: 'type', message: `未知的案件类型「${key}」` }]);
    return m;
  }

  find(key: string): CaseModule | undefined {
    return this.#modules.get(key);
  }

  list(): CaseModule[] {
    return [...this.#modules.values()];
  }
}

interface ZodNode {
  _zod?: {
    def: { type: string; innerType?: ZodNode; in?: ZodNode; shape?: Record<string, ZodNode>; entries?: object };
  };
}

/** The zod kind of a field under its optional/default/pipe wrappers ('string', 'enum', 'number', …). */
function kindOf(schema: ZodNode | undefined): { type: string; entries?: string[] } | undefined {
  let def = schema?._zod?.def;
  while (def && (def.innerType || (def.type === 'pipe' && def.in))) def = (def.innerType ?? def.in)?._zod?.def;
  if (!def) return undefined;
  return def.entries ? { type: def.type, entries: Object.keys(def.entries).sort() } : { type: def.type };
}

/**
 * Decision 0007, the document's side of each action's `prefill` (the engine checked the
 * action's side): the template exists and takes each named field as input, of the same kind
 * (and the same choices) as the action field it fills.
 */
export function prefillProblems(m: CaseModule): string[] {
  const p: string[] = [];
  // A type registered without templates (a test reading another module's cases) issues nothing.
  if (m.templates === undefined) return p;
  for (const [key, a] of Object.entries(m.type.actions)) {
    const pf = a.prefill;
    if (!pf) continue;
    const at = `action "${key}" prefill`;
    const actionShape = (a.input as ZodNode | undefined)?._zod?.def.shape ?? {};
    for (const kind of typeof pf.document === 'string' ? [pf.document] : pf.document) {
      const template = m.templates?.[kind];
      const docShape = (template?.input as ZodNode | undefined)?._zod?.def.shape;
      if (!docShape) {
        p.push(`${at}: document "${kind}" has no template with input`);
        continue;
      }
      for (const [field, from] of Object.entries(pf.fields)) {
        if (!Object.hasOwn(docShape, from)) {
          p.push(`${at}: "${from}" is not an input field of the template "${kind}"`);
          continue;
        }
        const want = kindOf(actionShape[field]);
        const got = kindOf(docShape[from]);
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          p.push(`${at}: "${field}" (${JSON.stringify(want)}) cannot take "${from}" (${JSON.stringify(got)})`);
        }
      }
    }
  }
  return p;
}
