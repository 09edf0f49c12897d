/** The contract area's pages (issue 16): the register of contracts, merged by ../index.tsx. */
import { lazy } from 'react';
import { guarded } from '../../../app/guards.tsx';
import type { DecisionsWebPart } from '../part.ts';

const ContractsPage = lazy(() => import('./ContractsPage.tsx').then((m) => ({ default: m.ContractsPage })));

export const contractWebPart: DecisionsWebPart = {
  routes: [{ path: 'decisions/contracts', element: guarded('/decisions/contracts', <ContractsPage />) }],
};
