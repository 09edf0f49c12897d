import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const UnitsPage = lazy(() => import('./UnitsPage.tsx').then((m) => ({ default: m.UnitsPage })));
const UnitPage = lazy(() => import('./UnitPage.tsx').then((m) => ({ default: m.UnitPage })));

/** 安全生产: the units' register, checklists, plan, inspections on a phone, hazards. */
export const safetyModule: WebModule = {
  name: 'safety',
  routes: [
    { path: 'safety/units', element: guarded('/safety/units', <UnitsPage />) },
    // A unit's page belongs to the register's menu entry.
    { path: 'safety/units/:id', element: guarded('/safety/units', <UnitPage />) },
  ],
};
