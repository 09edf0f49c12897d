import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';
import { safetyLookups } from './lookups.ts';

const ChecklistsPage = lazy(() => import('./ChecklistsPage.tsx').then((m) => ({ default: m.ChecklistsPage })));
const PlanPage = lazy(() => import('./PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const planCard = () => import('./PlanProgressCard.tsx');
const PlanProgressCard = lazy(() => planCard().then((m) => ({ default: m.PlanProgressCard })));
const InspectionFormPage = lazy(() =>
  import('./InspectionFormPage.tsx').then((m) => ({ default: m.InspectionFormPage })),
);
const InspectionsPage = lazy(() => import('./InspectionsPage.tsx').then((m) => ({ default: m.InspectionsPage })));
const InspectionPage = lazy(() => import('./InspectionPage.tsx').then((m) => ({ default: m.InspectionPage })));
const UnitsPage = lazy(() => import('./UnitsPage.tsx').then((m) => ({ default: m.UnitsPage })));
const UnitPage = lazy(() => import('./UnitPage.tsx').then((m) => ({ default: m.UnitPage })));
const HazardInspectionCard = lazy(() =>
  import('./HazardInspectionCard.tsx').then((m) => ({ default: m.HazardInspectionCard })),
);

/** 安全生产: the units' register, checklists, plan, inspections on a phone, hazards. */
export const safetyModule: WebModule = {
  name: 'safety',
  lookups: safetyLookups,
  routes: [
    { path: 'safety/units', element: guarded('/safety/units', <UnitsPage />) },
    // A unit's page belongs to the register's menu entry.
    { path: 'safety/units/:id', element: guarded('/safety/units', <UnitPage />) },
    { path: 'safety/checklists', element: guarded('/safety/checklists', <ChecklistsPage />) },
    { path: 'safety/plan', element: guarded('/safety/plan', <PlanPage />) },
    // The phone form: the server's menu lists it for 安监办 only.
    { path: 'safety/inspections/new', element: guarded('/safety/inspections/new', <InspectionFormPage />) },
    { path: 'safety/inspections', element: guarded('/safety/inspections', <InspectionsPage />) },
    { path: 'safety/inspections/:id', element: guarded('/safety/inspections', <InspectionPage />) },
  ],
  // A hazard's page names the inspection it was found on (for the readers of the inspections).
  caseSlots: { hazard: { detailCards: [HazardInspectionCard], menuPath: '/safety/inspections' } },
  // 检查计划进度 reads /api/safety/plans/:year/progress: for the users the plan's menu entry admits.
  dashboard: {
    // 安全生产检查次数, counted from the inspection records (server/src/modules/safety/facts.ts),
    // last of the key figures.
    keyFacts: [{ key: 'safety.inspections', order: 40 }],
    wide: [PlanProgressCard],
    preload: planCard,
    menuPath: '/safety/plan',
  },
};
