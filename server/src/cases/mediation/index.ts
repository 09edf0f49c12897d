/**
 * The mediation case type as the server runs it: the domain's workflow, its nine document
 * templates, and the early-warning rules that set the case's risk level on every change.
 * Routes beyond the generic case API (duplicate hint, statistics) are in ./routes.ts.
 */
import { mediation, mediationRisk } from '@fazhi/domain';
import type { CaseModule } from '../registry.ts';
import { MEDIATION_TEMPLATES } from './templates.ts';

export const mediationModule: CaseModule = {
  type: mediation,
  templates: MEDIATION_TEMPLATES,
  // The town-level thresholds (amount, group size, sensitive periods) are local policy [M];
  // until a settings screen stores them, the domain's defaults apply.
  risk: (fields, now) => {
    const r = mediationRisk(fields, now);
    return { level: r.level, reasons: r.reasons };
  },
};
