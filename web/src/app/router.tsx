import { createBrowserRouter } from 'react-router';
import { ChangePasswordPage, ForcedChangePasswordPage } from '../modules/account/ChangePasswordPage.tsx';
import { HomePage } from '../modules/workbench/HomePage.tsx';
import { moduleRoutes } from '../modules.ts';
import { RequireAuth } from './guards.tsx';
import { LoginPage } from './LoginPage.tsx';
import { NotFound, RouteError } from './RouteError.tsx';
import { Shell } from './Shell.tsx';

// Pages beyond the workbench come from the modules (src/modules.ts) and load on demand.
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
      ...moduleRoutes,
      { path: 'account/password', element: <ChangePasswordPage /> },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
