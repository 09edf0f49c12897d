/**
 * Every fact provider this installation runs (see ./facts.ts). A module that adds figures to
 * the dashboard and the annual report adds its provider here; nothing else changes.
 */
import { campaignFacts } from '../modules/mediation/campaigns/facts.ts';
import { mediationFacts } from '../modules/mediation/facts.ts';
import { petitionFacts } from '../modules/petition/facts.ts';
import { receptionFacts } from '../modules/petition/reception-facts.ts';
import type { FactProvider } from '../facts/facts.ts';
import { MANUAL_PROVIDERS } from '../facts/manual-facts.ts';

export const FACT_PROVIDERS: FactProvider[] = [
  mediationFacts,
  campaignFacts,
  petitionFacts,
  receptionFacts,
  ...MANUAL_PROVIDERS,
];
