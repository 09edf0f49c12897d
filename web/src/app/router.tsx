import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { moduleRoutes, publicRoutes } from '../modules.ts';
import { FullPageSpin, RequireAuth } from './guards.tsx';
import { LoginPage } from './LoginPage.tsx';
import { loadHome, loadShell } from './preload.ts';
import { NotFound, RouteError } from './RouteError.tsx';
import { ShellSkeleton } from './ShellSkeleton.tsx';

const loadPassword = () => import('../modules/account/ChangePasswordPage.tsx');

const Shell = lazy(() => loadShell().then((m) => ({ default: m.Shell })));
const HomePage = lazy(() => loadHome().then((m) => ({ default: m.HomePage })));
const ChangePasswordPage = lazy(() => loadPassword().then((m) => ({ default: m.ChangePasswordPage })));
const ForcedChangePasswordPage = lazy(() => loadPassword().then((m) => ({ default: m.ForcedChangePasswordPage })));

const page = (node: ReactNode) => <Suspense fallback={<FullPageSpin />}>{node}</Suspense>;

// Pages beyond the workbench come from the modules (src/modules.ts) and load on demand.
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/change-password', element: page(<ForcedChangePasswordPage />), errorElement: <RouteError /> },
  // Public pages (公示): no RequireAuth, no shell.
  ...publicRoutes.map((r) => ({ ...r, errorElement: <RouteError /> })),
  {
    path: '/',
    element: (
      <RequireAuth>
        <Suspense fallback={<ShellSkeleton />}>
          <Shell />
        </Suspense>
      </RequireAuth>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      ...moduleRoutes,
      { path: 'account/password', element: <ChangePasswordPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
