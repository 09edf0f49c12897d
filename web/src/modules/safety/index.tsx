import type { WebModule } from '../../app/module.ts';

/** 安全生产: the units' register, checklists, plan, inspections on a phone, hazards. */
export const safetyModule: WebModule = {
  name: 'safety',
  routes: [],
  // 安全生产检查次数, counted from the inspection records (server/src/modules/safety/facts.ts),
  // last of the key figures.
  dashboard: { keyFacts: [{ key: 'safety.inspections', order: 40 }] },
};
