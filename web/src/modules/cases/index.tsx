import { lazy } from 'react';
import { guarded, PermissionGuard } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

// Case pages are large: they load on demand.
const CaseListPage = lazy(() => import('./CaseListPage.tsx').then((m) => ({ default: m.CaseListPage })));
const CaseCreatePage = lazy(() => import('./CaseCreatePage.tsx').then((m) => ({ default: m.CaseCreatePage })));
const CaseDetailPage = lazy(() => import('./CaseDetailPage.tsx').then((m) => ({ default: m.CaseDetailPage })));
const CaseImportPage = lazy(() => import('./CaseImportPage.tsx').then((m) => ({ default: m.CaseImportPage })));

/** The case pages, generic over case types: a type's own cards and hints come from its module's caseSlots. */
export const casesModule: WebModule = {
  name: 'cases',
  routes: [
    { path: 'cases', element: guarded('/cases', <CaseListPage />) },
    // The menu lists /cases only: creating and viewing a case come with the list.
    { path: 'cases/new', element: guarded('/cases', <CaseCreatePage />) },
    { path: 'cases/import', element: guarded('/cases/import', <CaseImportPage />) },
    // A case opens for every case:read holder: the server decides which case (an office assigned
    // a case of a type it does not otherwise read opens it from its inbox or a link).
    {
      path: 'cases/:id',
      element: (
        <PermissionGuard permission="case:read">
          <CaseDetailPage />
        </PermissionGuard>
      ),
    },
  ],
};
