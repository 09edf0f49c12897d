import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const DashboardPage = lazy(() => import('./DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const CountyPage = lazy(() => import('./CountyPage.tsx').then((m) => ({ default: m.CountyPage })));
const FactDrillPage = lazy(() => import('../facts/FactDrillPage.tsx').then((m) => ({ default: m.FactDrillPage })));

/** 数据驾驶舱, the county's comparison of towns, and the records behind any figure. */
export const dashboardModule: WebModule = {
  name: 'dashboard',
  routes: [
    { path: 'dashboard', element: guarded('/dashboard', <DashboardPage />) },
    { path: 'dashboard/county', element: guarded('/dashboard', <CountyPage />) },
    { path: 'facts/:module/:name', element: guarded('/dashboard', <FactDrillPage />) },
  ],
};
