/**
 * The modules this product ships, in the order their menu entries, report sections, figures
 * and demo steps appear. Adding a module is its folder under ./modules and one line here
 * (see ./modules/README.md); the app, the CLI, the demo and the benches all compose from this.
 */
import type { ServerModule } from './core/module.ts';
import { constructionModule } from './modules/construction/index.ts';
import { decisionsModule } from './modules/decisions/index.ts';
import { enforcementModule } from './modules/enforcement/index.ts';
import { mediationModule } from './modules/mediation/index.ts';
import { petitionModule } from './modules/petition/index.ts';
import { safetyModule } from './modules/safety/index.ts';

export const MODULES: readonly ServerModule[] = [
  mediationModule,
  petitionModule,
  enforcementModule,
  constructionModule,
  safetyModule,
  decisionsModule,
];
