import { lazy, Suspense } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';
import { enforcementLookups } from './lookups.ts';

const OfficersPage = lazy(() => import('./OfficersPage.tsx').then((m) => ({ default: m.OfficersPage })));
const PowersPage = lazy(() => import('./PowersPage.tsx').then((m) => ({ default: m.PowersPage })));
const PublicPage = lazy(() => import('./PublicPage.tsx').then((m) => ({ default: m.PublicPage })));
const PublicTownsPage = lazy(() => import('./PublicPage.tsx').then((m) => ({ default: m.PublicTownsPage })));
const certificateWarning = () => import('./CertificateWarning.tsx');
const CertificateWarning = lazy(() => certificateWarning().then((m) => ({ default: m.CertificateWarning })));

const open = (node: React.ReactNode) => <Suspense fallback={null}>{node}</Suspense>;

/** 行政执法: the register of officers and powers, the certificates' warning, and the public 公示 pages. */
export const enforcementModule: WebModule = {
  name: 'enforcement',
  lookups: enforcementLookups,
  routes: [
    { path: 'enforcement/officers', element: guarded('/enforcement/officers', <OfficersPage />) },
    { path: 'enforcement/powers', element: guarded('/enforcement/powers', <PowersPage />) },
  ],
  publicRoutes: [
    { path: '/gongshi', element: open(<PublicTownsPage />) },
    { path: '/gongshi/:townCode', element: open(<PublicPage />) },
  ],
  // 处罚决定 and 违建拆除 among the key figures; under 需要关注, in red when not 0, the decisions made
  // without the review art 58 requires and those published late (art 48), then the 执法证 ending
  // within 30 days for the users the register admits.
  dashboard: {
    keyFacts: [
      { key: 'enforcement.penalties', order: 45 },
      { key: 'land.illegal_constructions_demolished', order: 46 },
    ],
    attention: {
      facts: [{ key: 'enforcement.legal_review_missing' }, { key: 'enforcement.published_late' }],
      below: CertificateWarning,
    },
    preload: certificateWarning,
    menuPath: '/enforcement/officers',
  },
};
