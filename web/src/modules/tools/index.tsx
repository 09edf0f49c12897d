import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const DeadlinePage = lazy(() => import('./DeadlinePage.tsx').then((m) => ({ default: m.DeadlinePage })));

/** 期限计算器. */
export const toolsModule: WebModule = {
  name: 'tools',
  routes: [{ path: 'tools/deadline', element: guarded('/tools/deadline', <DeadlinePage />) }],
};
