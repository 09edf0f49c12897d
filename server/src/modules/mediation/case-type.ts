/**
 * The mediation case type as the server runs it: the domain's workflow, its eleven document
 * templates, and the early-warning rules that set the case's risk level on every change.
 * Routes beyond the generic case API (duplicate hint, statistics) are in ./routes.ts; the
 * town's early-warning settings in ./risk-settings.ts.
 */
import { mediation, mediationRisk } from '@fazhi/domain';
import type { CaseModule } from '../../cases/registry.ts';
import { riskOptionsFor } from './risk-settings.ts';
import { mediationPolicy } from './route-settings.ts';
import { MEDIATION_TEMPLATES } from './templates.ts';

export const mediationCaseType: CaseModule = {
  type: mediation,
  templates: MEDIATION_TEMPLATES,
  // The file is the mediating committee's (人民调解法 art 27: 人民调解委员会…将调解登记、调解工作记录、调解协议书等材料立卷归档).
  dossierOrgan: (fields, town) =>
    typeof fields.committee === 'string' && fields.committee.trim() !== ''
      ? fields.committee.trim()
      : fields.route === 'administrative'
        ? town.fullName
        : `${town.name}人民调解委员会`,
  // The thresholds (amount, group size, sensitive periods) are the town's own policy
  // (risk-settings.ts); a town that has set none gets the domain's defaults.
  // The town's 行政调解 limit, recorded on a case when it is routed there (route-settings.ts).
  policy: mediationPolicy,
  risk: (fields, now, town) => {
    const r = mediationRisk(fields, now, riskOptionsFor(town));
    return { level: r.level, reasons: r.reasons };
  },
};
