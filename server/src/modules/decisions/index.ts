/**
 * 依法决策 (issue 16; docs/domain.md §3, §4; 重大行政决策程序暂行条例): the collective decision
 * meetings (./meetings), major administrative decisions (./decision), normative documents with
 * legality review and county filing (./normative), contract review (./contract) and the legal
 * advisers with their opinions (./advisers). Each area brings its parts (./part.ts); this file
 * merges them, in this order, into one module.
 */
import { defineModule, type ServerModule } from '../../core/module.ts';
import { advisersPart } from './advisers/part.ts';
import { contractPart } from './contract/part.ts';
import { decisionPart } from './decision/part.ts';
import { meetingsPart } from './meetings/part.ts';
import { normativePart } from './normative/part.ts';
import type { DecisionsPart } from './part.ts';

const PARTS: readonly DecisionsPart[] = [meetingsPart, advisersPart, decisionPart, normativePart, contractPart];

/** Each area's own services under its key. */
export type DecisionsServices = Record<string, unknown>;

const some = <T>(xs: T[]): T[] | undefined => (xs.length ? xs : undefined);

export const decisionsModule: ServerModule = defineModule<DecisionsServices>({
  key: 'decisions',
  label: '依法决策',
  caseTypes: some(PARTS.flatMap((p) => p.caseTypes ?? [])),
  facts: some(PARTS.flatMap((p) => p.facts ?? [])),
  services: (core) => Object.fromEntries(PARTS.map((p) => [p.key, p.services?.(core)])),
  async routes(app, own) {
    for (const p of PARTS) if (p.routes) await p.routes(app, own[p.key]);
  },
  auditActions: Object.assign({}, ...PARTS.map((p) => p.auditActions ?? {})),
  auditTargets: Object.assign({}, ...PARTS.map((p) => p.auditTargets ?? {})),
  menu: some(PARTS.flatMap((p) => p.menu ?? [])),
  reportSections: some(PARTS.flatMap((p) => p.reportSections ?? [])),
  demo: {
    async year(core, own, ctx) {
      const lines: string[] = [];
      for (const p of PARTS) if (p.demo?.year) lines.push(...(await p.demo.year(core, own[p.key], ctx)));
      return lines;
    },
    async present(core, own, ctx) {
      const lines: string[] = [];
      for (const p of PARTS) if (p.demo?.present) lines.push(...(await p.demo.present(core, own[p.key], ctx)));
      return lines;
    },
  },
});
