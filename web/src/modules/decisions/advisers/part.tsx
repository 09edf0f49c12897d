/** The advisers area's pages (issue 16): the register and the opinions, merged by ../index.tsx. */
import { lazy } from 'react';
import { guarded } from '../../../app/guards.tsx';
import type { DecisionsWebPart } from '../part.ts';

const AdvisersPage = lazy(() => import('./AdvisersPage.tsx').then((m) => ({ default: m.AdvisersPage })));
const OpinionsPage = lazy(() => import('./OpinionsPage.tsx').then((m) => ({ default: m.OpinionsPage })));

export const advisersWebPart: DecisionsWebPart = {
  routes: [
    { path: 'decisions/advisers', element: guarded('/decisions/advisers', <AdvisersPage />) },
    { path: 'decisions/adviser-opinions', element: guarded('/decisions/adviser-opinions', <OpinionsPage />) },
  ],
};
