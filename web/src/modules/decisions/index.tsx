/** 依法决策 (issue 16): meetings, major decisions, normative documents, contracts and legal advisers. */
import type { CaseSlots, WebModule } from '../../app/module.ts';
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

/**
 * Two areas may bring cards for one case type (the meetings' 集体讨论 card and the decision's
 * steps card on a decision's page): their cards are joined, in area order. A slot's menuPath
 * gates all its cards, so two areas' slots for one type must agree on it; if they do not, the
 * module fails at load rather than show one area's cards under the other's gate.
 */
function mergeCaseSlots(parts: readonly DecisionsWebPart[]): Record<string, CaseSlots> {
  const out: Record<string, CaseSlots> = {};
  for (const p of parts) {
    for (const [type, slot] of Object.entries(p.caseSlots ?? {})) {
      const had = out[type];
      if (!had) {
        out[type] = { ...slot };
        continue;
      }
      if (had.menuPath !== slot.menuPath) {
        throw new Error(`decisions: case slots for ${type} name two menu paths (${had.menuPath}, ${slot.menuPath})`);
      }
      out[type] = {
        ...had,
        createHints: [...(had.createHints ?? []), ...(slot.createHints ?? [])],
        detailCards: [...(had.detailCards ?? []), ...(slot.detailCards ?? [])],
      };
    }
  }
  return out;
}

export const decisionsModule: WebModule = {
  name: 'decisions',
  routes: PARTS.flatMap((p) => p.routes ?? []),
  publicRoutes: PARTS.flatMap((p) => p.publicRoutes ?? []),
  caseSlots: mergeCaseSlots(PARTS),
  lookups: Object.assign({}, ...PARTS.map((p) => p.lookups ?? {})),
};
