/**
 * The case types this installation runs: each is a domain `defineCaseType` plus its
 * document templates (and, optionally, how to derive the risk level). Adding a type is
 * adding a module here; the engine, the routes and the web do not change.
 */
import { type AnyCaseType, AppError, type RiskLevel } from '@fazhi/domain';
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
  /** 立卷单位 on the case file's cover and index (cases/dossier.ts); default the town government. */
  dossierOrgan?(fields: Record<string, unknown>, town: { name: string; fullName: string }): string;
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
