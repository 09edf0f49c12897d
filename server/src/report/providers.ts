/**
 * Every fact provider this installation runs (see ./facts.ts). A module that adds figures to
 * the dashboard and the annual report adds its provider here; nothing else changes.
 */
import { campaignFacts } from '../campaigns/facts.ts';
import { mediationFacts } from '../cases/mediation/facts.ts';
import { petitionFacts } from '../cases/petition/facts.ts';
import { receptionFacts } from '../cases/petition/reception-facts.ts';
import type { FactProvider } from './facts.ts';
import { MANUAL_PROVIDERS } from './manual-facts.ts';

export const FACT_PROVIDERS: FactProvider[] = [
  mediationFacts,
  campaignFacts,
  petitionFacts,
  receptionFacts,
  ...MANUAL_PROVIDERS,
];
