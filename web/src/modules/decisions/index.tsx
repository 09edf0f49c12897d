/** 依法决策 (issue 16): meetings, major decisions, normative documents, contracts and legal advisers. */
import type { WebModule } from '../../app/module.ts';
import { advisersWebPart } from './advisers/part.tsx';
import { contractWebPart } from './contract/part.tsx';
import { decisionWebPart } from './decision/part.tsx';
import { meetingsWebPart } from './meetings/part.tsx';
import { normativeWebPart } from './normative/part.tsx';
import type { DecisionsWebPart } from './part.ts';

const PARTS: readonly DecisionsWebPart[] = [
  meetingsWebPart,
  advisersWebPart,
  decisionWebPart,
  normativeWebPart,
  contractWebPart,
];

export const decisionsModule: WebModule = {
  name: 'decisions',
  routes: PARTS.flatMap((p) => p.routes ?? []),
  publicRoutes: PARTS.flatMap((p) => p.publicRoutes ?? []),
  caseSlots: Object.assign({}, ...PARTS.map((p) => p.caseSlots ?? {})),
  lookups: Object.assign({}, ...PARTS.map((p) => p.lookups ?? {})),
};
