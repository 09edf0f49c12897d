import { lazy, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { ChangePasswordPage, ForcedChangePasswordPage } from '../modules/account/ChangePasswordPage.tsx';
import { HomePage } from '../modules/workbench/HomePage.tsx';
import { MenuGuard, RequireAuth } from './guards.tsx';
import { LoginPage } from './LoginPage.tsx';
import { NotFound, RouteError } from './RouteError.tsx';
import { Shell } from './Shell.tsx';

// Pages beyond the workbench load on demand: admin pages most users never open, case pages are large.
const MyUnitPage = lazy(() => import('../modules/workbench/MyUnitPage.tsx').then((m) => ({ default: m.MyUnitPage })));
const OrgPage = lazy(() => import('../modules/admin/org/OrgPage.tsx').then((m) => ({ default: m.OrgPage })));
const UsersPage = lazy(() => import('../modules/admin/users/UsersPage.tsx').then((m) => ({ default: m.UsersPage })));
const SecurityPage = lazy(() =>
  import('../modules/admin/security/SecurityPage.tsx').then((m) => ({ default: m.SecurityPage })),
);
const AuditPage = lazy(() => import('../modules/admin/audit/AuditPage.tsx').then((m) => ({ default: m.AuditPage })));
const CaseListPage = lazy(() => import('../modules/cases/CaseListPage.tsx').then((m) => ({ default: m.CaseListPage })));
const CaseCreatePage = lazy(() =>
  import('../modules/cases/CaseCreatePage.tsx').then((m) => ({ default: m.CaseCreatePage })),
);
const CaseDetailPage = lazy(() =>
  import('../modules/cases/CaseDetailPage.tsx').then((m) => ({ default: m.CaseDetailPage })),
);
const CaseImportPage = lazy(() =>
  import('../modules/cases/CaseImportPage.tsx').then((m) => ({ default: m.CaseImportPage })),
);
const CampaignsPage = lazy(() =>
  import('../modules/mediation/CampaignsPage.tsx').then((m) => ({ default: m.CampaignsPage })),
);
const CampaignDetailPage = lazy(() =>
  import('../modules/mediation/CampaignDetailPage.tsx').then((m) => ({ default: m.CampaignDetailPage })),
);
const MediationStatsPage = lazy(() =>
  import('../modules/mediation/MediationStatsPage.tsx').then((m) => ({ default: m.MediationStatsPage })),
);
const DashboardPage = lazy(() =>
  import('../modules/dashboard/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })),
);
const CountyPage = lazy(() => import('../modules/dashboard/CountyPage.tsx').then((m) => ({ default: m.CountyPage })));
const FactDrillPage = lazy(() =>
  import('../modules/facts/FactDrillPage.tsx').then((m) => ({ default: m.FactDrillPage })),
);
const ReceptionsPage = lazy(() =>
  import('../modules/petition/ReceptionsPage.tsx').then((m) => ({ default: m.ReceptionsPage })),
);
const VisitsPage = lazy(() => import('../modules/petition/VisitsPage.tsx').then((m) => ({ default: m.VisitsPage })));
const PetitionStatsPage = lazy(() =>
  import('../modules/petition/PetitionStatsPage.tsx').then((m) => ({ default: m.PetitionStatsPage })),
);
const ReportsPage = lazy(() => import('../modules/report/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));
const ReportDetailPage = lazy(() =>
  import('../modules/report/ReportDetailPage.tsx').then((m) => ({ default: m.ReportDetailPage })),
);
const CountyReportsPage = lazy(() =>
  import('../modules/report/CountyReportsPage.tsx').then((m) => ({ default: m.CountyReportsPage })),
);
const DeadlinePage = lazy(() => import('../modules/tools/DeadlinePage.tsx').then((m) => ({ default: m.DeadlinePage })));

/** A page reachable only when the server's menu for this user lists its path. */
function guarded(path: string, page: ReactNode) {
  return <MenuGuard path={path}>{page}</MenuGuard>;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/change-password', element: <ForcedChangePasswordPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: (
      <RequireAuth>
        <Shell />
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'my-unit', element: guarded('/my-unit', <MyUnitPage />) },
      { path: 'cases', element: guarded('/cases', <CaseListPage />) },
      // The menu lists /cases only: creating and viewing a case come with the list.
      { path: 'cases/new', element: guarded('/cases', <CaseCreatePage />) },
      { path: 'cases/import', element: guarded('/cases/import', <CaseImportPage />) },
      { path: 'cases/:id', element: guarded('/cases', <CaseDetailPage />) },
      { path: 'mediation/campaigns', element: guarded('/mediation/campaigns', <CampaignsPage />) },
      { path: 'mediation/campaigns/:id', element: guarded('/mediation/campaigns', <CampaignDetailPage />) },
      { path: 'mediation/stats', element: guarded('/mediation/stats', <MediationStatsPage />) },
      { path: 'dashboard', element: guarded('/dashboard', <DashboardPage />) },
      { path: 'dashboard/county', element: guarded('/dashboard', <CountyPage />) },
      { path: 'facts/:module/:name', element: guarded('/dashboard', <FactDrillPage />) },
      { path: 'petition/receptions', element: guarded('/petition/receptions', <ReceptionsPage />) },
      { path: 'petition/visits', element: guarded('/petition/visits', <VisitsPage />) },
      { path: 'petition/stats', element: guarded('/petition/stats', <PetitionStatsPage />) },
      { path: 'reports', element: guarded('/reports', <ReportsPage />) },
      // The menu lists /reports only: the county overview and a report come with it.
      { path: 'reports/county', element: guarded('/reports', <CountyReportsPage />) },
      { path: 'reports/:id', element: guarded('/reports', <ReportDetailPage />) },
      { path: 'tools/deadline', element: guarded('/tools/deadline', <DeadlinePage />) },
      { path: 'admin/org', element: guarded('/admin/org', <OrgPage />) },
      { path: 'admin/users', element: guarded('/admin/users', <UsersPage />) },
      { path: 'admin/security', element: guarded('/admin/security', <SecurityPage />) },
      { path: 'admin/audit', element: guarded('/admin/audit', <AuditPage />) },
      { path: 'account/password', element: <ChangePasswordPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
