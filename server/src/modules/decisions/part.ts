/**
 * One area of 依法决策 (meetings, major decisions, normative documents, contracts, legal
 * advisers): the same parts a module brings (core/module.ts), for ./index.ts to merge into the
 * one `decisions` module. The areas are sub-folders of one module because they share the
 * meetings (./meetings/gate.ts): modules do not import each other (../README.md).
 */
import type { MenuItem } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { CaseModule } from '../../cases/registry.ts';
import type { CoreServices, DemoPresentContext, DemoYearContext } from '../../core/module.ts';
import type { FactProvider } from '../../facts/facts.ts';
import type { OutlineSection } from '../../report/templates.ts';

export interface DecisionsPart<Own = unknown> {
  /** Key of the part's own services inside the module's (`own.meetings`). */
  key: 'meetings' | 'decision' | 'normative' | 'contract' | 'advisers';
  caseTypes?: readonly CaseModule[];
  facts?: readonly FactProvider[];
  services?(core: CoreServices): Own;
  routes?(app: FastifyInstance, own: Own): Promise<void>;
  auditActions?: Readonly<Record<string, string>>;
  auditTargets?: Readonly<Record<string, string>>;
  menu?: readonly MenuItem[];
  reportSections?: readonly OutlineSection[];
  demo?: {
    year?(core: CoreServices, own: Own, ctx: DemoYearContext): Promise<string[]>;
    present?(core: CoreServices, own: Own, ctx: DemoPresentContext): Promise<string[]>;
  };
}

/** Types a part against its own services; the list holds it as a plain DecisionsPart. */
export function definePart<Own>(p: DecisionsPart<Own>): DecisionsPart {
  return p as DecisionsPart;
}

/** The menu group every area's entries share. */
export const DECISIONS_MENU_GROUP = '依法决策';
