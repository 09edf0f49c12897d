/** The normative area's pages (issue 16), merged by ../index.tsx: the register and the public list. */
import { lazy, Suspense } from 'react';
import { guarded } from '../../../app/guards.tsx';
import type { DecisionsWebPart } from '../part.ts';

const RegisterPage = lazy(() => import('./RegisterPage.tsx').then((m) => ({ default: m.RegisterPage })));
const PublicNormativePage = lazy(() => import('./PublicPage.tsx').then((m) => ({ default: m.PublicNormativePage })));

export const normativeWebPart: DecisionsWebPart = {
  routes: [{ path: 'decisions/normative', element: guarded('/decisions/normative', <RegisterPage />) }],
  publicRoutes: [
    {
      path: '/gongshi/:townCode/guifanxing',
      element: (
        <Suspense fallback={null}>
          <PublicNormativePage />
        </Suspense>
      ),
    },
  ],
};
