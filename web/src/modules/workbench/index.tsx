import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const MyUnitPage = lazy(() => import('./MyUnitPage.tsx').then((m) => ({ default: m.MyUnitPage })));

/** 工作台 (`/`, in the router: every signed-in user has it) and 我的单位. */
export const workbenchModule: WebModule = {
  name: 'workbench',
  routes: [{ path: 'my-unit', element: guarded('/my-unit', <MyUnitPage />) }],
};
