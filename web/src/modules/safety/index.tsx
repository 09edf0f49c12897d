import type { WebModule } from '../../app/module.ts';

/** 安全生产: the units' register, checklists, plan, inspections on a phone, hazards. */
export const safetyModule: WebModule = {
  name: 'safety',
  routes: [],
};
