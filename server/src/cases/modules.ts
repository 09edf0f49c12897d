/** Every case type the product ships. A new module is one line here. */
import type { CaseModule } from './registry.ts';

export const CASE_MODULES: readonly CaseModule[] = [];
