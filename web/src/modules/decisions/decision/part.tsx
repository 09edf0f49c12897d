/** The decision area's pages (issue 16), merged by ../index.tsx. */
import { lazy, Suspense } from 'react';
import { guarded } from '../../../app/guards.tsx';
import type { DecisionsWebPart } from '../part.ts';

const CataloguePage = lazy(() => import('./CataloguePage.tsx').then((m) => ({ default: m.CataloguePage })));
const PublicDecisionsPage = lazy(() =>
  import('./PublicDecisionsPage.tsx').then((m) => ({ default: m.PublicDecisionsPage })),
);
const DecisionCreateHint = lazy(() => import('./CreateHint.tsx').then((m) => ({ default: m.DecisionCreateHint })));
const DecisionStepsCard = lazy(() => import('./StepsCard.tsx').then((m) => ({ default: m.DecisionStepsCard })));

const open = (node: React.ReactNode) => <Suspense fallback={null}>{node}</Suspense>;

export const decisionWebPart: DecisionsWebPart = {
  routes: [{ path: 'decisions/catalogue', element: guarded('/decisions/catalogue', <CataloguePage />) }],
  publicRoutes: [{ path: '/gongkai/:townCode/decisions', element: open(<PublicDecisionsPage />) }],
  caseSlots: {
    decision: {
      detailCards: [DecisionStepsCard],
      createHints: [DecisionCreateHint],
    },
  },
};
