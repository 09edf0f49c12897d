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
  // 执法证 ending within 30 days, under 需要关注, for the users the register admits.
  dashboard: {
    attention: { below: CertificateWarning },
    preload: certificateWarning,
    menuPath: '/enforcement/officers',
  },
};
