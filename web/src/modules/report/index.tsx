import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const ReportsPage = lazy(() => import('./ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));
const ReportDetailPage = lazy(() => import('./ReportDetailPage.tsx').then((m) => ({ default: m.ReportDetailPage })));
const CountyReportsPage = lazy(() => import('./CountyReportsPage.tsx').then((m) => ({ default: m.CountyReportsPage })));

/** 年度报告. */
export const reportModule: WebModule = {
  name: 'report',
  routes: [
    { path: 'reports', element: guarded('/reports', <ReportsPage />) },
    // The menu lists /reports only: the county overview and a report come with it.
    { path: 'reports/county', element: guarded('/reports', <CountyReportsPage />) },
    { path: 'reports/:id', element: guarded('/reports', <ReportDetailPage />) },
  ],
};
