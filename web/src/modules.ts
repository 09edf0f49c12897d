/**
 * The web modules of this installation, in menu order. The router takes their routes, and the
 * generic case pages and the dashboard take their slots, from here only (composed by
 * app/compose.ts): adding a module is adding it here.
 */
import { composeModules } from './app/compose.ts';
import type { WebModule } from './app/module.ts';
import { adminModule } from './modules/admin/index.tsx';
import { casesModule } from './modules/cases/index.tsx';
import { dashboardModule } from './modules/dashboard/index.tsx';
import { decisionsModule } from './modules/decisions/index.tsx';
import { enforcementModule } from './modules/enforcement/index.tsx';
import { mediationModule } from './modules/mediation/index.tsx';
import { petitionModule } from './modules/petition/index.tsx';
import { reportModule } from './modules/report/index.tsx';
import { safetyModule } from './modules/safety/index.tsx';
import { toolsModule } from './modules/tools/index.tsx';
import { workbenchModule } from './modules/workbench/index.tsx';

export const MODULES: readonly WebModule[] = [
  workbenchModule,
  casesModule,
  mediationModule,
  petitionModule,
  enforcementModule,
  safetyModule,
  decisionsModule,
  dashboardModule,
  reportModule,
  toolsModule,
  adminModule,
];

const composed = composeModules(MODULES);

/** The shell's child routes: every module's, in module order. */
export const moduleRoutes = composed.routes;
/** Pages outside the login shell (公示), top-level routes. */
export const publicRoutes = composed.publicRoutes;
export const caseSlots = composed.caseSlots;
/** The lists case fields are picked from (app/lookups.tsx), provided at the app's root. */
export const lookups = composed.lookups;
export const preloadDashboardSlots = composed.preloadDashboardSlots;
export const dashboardSlots = composed.dashboardSlots;
