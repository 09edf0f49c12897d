/**
 * The web modules of this installation, in menu order. The router takes their routes, and the
 * generic case pages take their case slots, from here only: adding a module is adding it here.
 */
import type { CaseSlots, DashboardSlots, WebModule } from './app/module.ts';
import { adminModule } from './modules/admin/index.tsx';
import { casesModule } from './modules/cases/index.tsx';
import { dashboardModule } from './modules/dashboard/index.tsx';
import { mediationModule } from './modules/mediation/index.tsx';
import { petitionModule } from './modules/petition/index.tsx';
import { reportModule } from './modules/report/index.tsx';
import { toolsModule } from './modules/tools/index.tsx';
import { workbenchModule } from './modules/workbench/index.tsx';

export const MODULES: readonly WebModule[] = [
  workbenchModule,
  casesModule,
  mediationModule,
  petitionModule,
  dashboardModule,
  reportModule,
  toolsModule,
  adminModule,
];

const NO_SLOTS: Required<CaseSlots> = { createHints: [], detailCards: [] };
const slotCache = new Map<string, Required<CaseSlots>>();

/** Every module's slots for one case type, merged in module order (stable, so React keeps state). */
export function caseSlots(typeKey: string | undefined): Required<CaseSlots> {
  if (!typeKey) return NO_SLOTS;
  let slots = slotCache.get(typeKey);
  if (!slots) {
    const own = MODULES.flatMap((m) =>
      m.caseSlots && Object.hasOwn(m.caseSlots, typeKey) ? [m.caseSlots[typeKey]] : [],
    );
    slots = {
      createHints: own.flatMap((s) => s?.createHints ?? []),
      detailCards: own.flatMap((s) => s?.detailCards ?? []),
    };
    slotCache.set(typeKey, slots);
  }
  return slots;
}

/** Starts loading every module's dashboard cards (called when the dashboard's code loads). */
export function preloadDashboardSlots(): void {
  for (const m of MODULES) void m.dashboard?.preload?.();
}

/** The modules' cards for the 数据驾驶舱: the first main card, every wide card in module order. */
export function dashboardSlots(): Required<Pick<DashboardSlots, 'wide'>> & Pick<DashboardSlots, 'main'> {
  const main = MODULES.find((m) => m.dashboard?.main)?.dashboard?.main;
  return { main, wide: MODULES.flatMap((m) => m.dashboard?.wide ?? []) };
}
