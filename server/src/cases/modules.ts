/** Every case type the product ships. A new module is one line here. */
import { mediationModule } from '../modules/mediation/index.ts';
import { petitionModule } from '../modules/petition/index.ts';
import type { CaseModule } from './registry.ts';

export const CASE_MODULES: readonly CaseModule[] = [mediationModule, petitionModule];
