import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const InspectionFormPage = lazy(() =>
  import('./InspectionFormPage.tsx').then((m) => ({ default: m.InspectionFormPage })),
);
const InspectionsPage = lazy(() => import('./InspectionsPage.tsx').then((m) => ({ default: m.InspectionsPage })));
const InspectionPage = lazy(() => import('./InspectionPage.tsx').then((m) => ({ default: m.InspectionPage })));

/** 安全生产: the units' register, checklists, plan, inspections on a phone, hazards. */
export const safetyModule: WebModule = {
  name: 'safety',
  routes: [
    // The phone form: the server's menu lists it for 安监办 only.
    { path: 'safety/inspections/new', element: guarded('/safety/inspections/new', <InspectionFormPage />) },
    { path: 'safety/inspections', element: guarded('/safety/inspections', <InspectionsPage />) },
    { path: 'safety/inspections/:id', element: guarded('/safety/inspections', <InspectionPage />) },
  ],
};
