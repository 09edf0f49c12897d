/** Every case type the product ships. A new module is one line here. */
import { mediationModule } from './mediation/index.ts';
import { petitionModule } from './petition/index.ts';
import type { CaseModule } from './registry.ts';

export const CASE_MODULES: readonly CaseModule[] = [mediationModule, petitionModule];
