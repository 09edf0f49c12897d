import { lazy } from 'react';
import { guarded } from '../../app/guards.tsx';
import type { WebModule } from '../../app/module.ts';

const ChecklistsPage = lazy(() => import('./ChecklistsPage.tsx').then((m) => ({ default: m.ChecklistsPage })));
const PlanPage = lazy(() => import('./PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const planCard = () => import('./PlanProgressCard.tsx');
const PlanProgressCard = lazy(() => planCard().then((m) => ({ default: m.PlanProgressCard })));

/** 安全生产: the units' register, checklists, plan, inspections on a phone, hazards. */
export const safetyModule: WebModule = {
  name: 'safety',
  routes: [
    { path: 'safety/checklists', element: guarded('/safety/checklists', <ChecklistsPage />) },
    { path: 'safety/plan', element: guarded('/safety/plan', <PlanPage />) },
  ],
  // 检查计划进度 reads /api/safety/plans/:year/progress: for the users the plan's menu entry admits.
  dashboard: {
    wide: [PlanProgressCard],
    preload: planCard,
    menuPath: '/safety/plan',
  },
};
