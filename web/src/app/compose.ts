/**
 * Composes the web modules (src/modules.ts) into what the router, the generic case pages and
 * the dashboard read. Kept apart from the list so that a test can compose a module of its own
 * (web/test/compose.test.ts) exactly as the app composes its modules.
 */

import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { LookupSource, Lookups } from './lookups.tsx';
import type { AttentionFact, CaseSlots, DashboardCardProps, DashboardSlots, KeyFact, WebModule } from './module.ts';

/** The part of /api/me's menu the slots are filtered by. */
export type MenuPaths = readonly { path: string }[];

export type ComposedCaseSlots = Required<Pick<CaseSlots, 'createHints' | 'detailCards'>>;
export type ComposedDashboardSlots = Required<Pick<DashboardSlots, 'wide'>> &
  Pick<DashboardSlots, 'main'> & {
    keyFacts: readonly KeyFact[];
    attention: { facts: readonly AttentionFact[]; below: readonly ComponentType<DashboardCardProps>[] };
  };

export interface ComposedModules {
  /** Every module's routes, children of the shell, in module order. */
  routes: readonly RouteObject[];
  /** Every module's public routes (no login), top-level, in module order. */
  publicRoutes: readonly RouteObject[];
  /** Every module's lookups (app/lookups.tsx), by name. */
  lookups: Lookups;
  /** Every module's slots for one case type that the user's menu admits, merged in module order. */
  caseSlots(typeKey: string | undefined, menu: MenuPaths): ComposedCaseSlots;
  /** Starts loading every module's dashboard cards (called when the dashboard's code loads). */
  preloadDashboardSlots(): void;
  /**
   * What the 数据驾驶舱 shows: every module's key figures (by their `order`) and 需要关注 figures
   * (in module order), and the cards the user's menu admits: the first main card, every wide card
   * and every list under 需要关注, in module order.
   */
  dashboardSlots(menu: MenuPaths): ComposedDashboardSlots;
}

const NO_SLOTS: ComposedCaseSlots = { createHints: [], detailCards: [] };

const admitted = (menuPath: string | undefined, menu: MenuPaths) =>
  menuPath === undefined || menu.some((m) => m.path === menuPath);

/** Refuses two modules with one name, or one route path claimed twice (one would hide the other). */
export function composeModules(modules: readonly WebModule[]): ComposedModules {
  const names = new Set<string>();
  const paths = new Map<string, string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`web module ${m.name} is listed twice`);
    names.add(m.name);
    for (const r of [...(m.routes ?? []), ...(m.publicRoutes ?? [])]) {
      if (r.path === undefined) continue;
      const other = paths.get(r.path);
      if (other) throw new Error(`web module ${m.name}: route ${r.path} is already ${other}'s`);
      paths.set(r.path, m.name);
    }
  }
  const lookups: Record<string, LookupSource> = {};
  for (const m of modules) {
    for (const [name, source] of Object.entries(m.lookups ?? {})) {
      if (Object.hasOwn(lookups, name)) throw new Error(`web module ${m.name}: lookup ${name} is already supplied`);
      lookups[name] = source;
    }
  }
  // The figures are not held back by the menu: the server sends each user the figures they may see.
  // sort is stable: ties keep module order.
  const keyFacts = modules.flatMap((m) => m.dashboard?.keyFacts ?? []).sort((a, b) => a.order - b.order);
  const attentionFacts = modules.flatMap((m) => m.dashboard?.attention?.facts ?? []);
  // Stable arrays per type and menu, so a page re-rendering gets the same list back.
  const slotCache = new Map<string, ComposedCaseSlots>();
  const dashboardCache = new Map<string, ComposedDashboardSlots>();
  return {
    routes: modules.flatMap((m) => m.routes ?? []),
    publicRoutes: modules.flatMap((m) => m.publicRoutes ?? []),
    lookups,
    caseSlots(typeKey, menu) {
      if (!typeKey) return NO_SLOTS;
      const own = modules.flatMap((m) =>
        m.caseSlots && Object.hasOwn(m.caseSlots, typeKey) ? [m.caseSlots[typeKey]!] : [],
      );
      const shown = own.filter((s) => admitted(s.menuPath, menu));
      const key = `${typeKey}\u0000${shown.map((s) => own.indexOf(s)).join(',')}`;
      let slots = slotCache.get(key);
      if (!slots) {
        slots = {
          createHints: shown.flatMap((s) => s.createHints ?? []),
          detailCards: shown.flatMap((s) => s.detailCards ?? []),
        };
        slotCache.set(key, slots);
      }
      return slots;
    },
    preloadDashboardSlots() {
      for (const m of modules) void m.dashboard?.preload?.();
    },
    dashboardSlots(menu) {
      const shown = modules.flatMap((m) => (m.dashboard && admitted(m.dashboard.menuPath, menu) ? [m.dashboard] : []));
      const key = shown.map((d) => modules.findIndex((m) => m.dashboard === d)).join(',');
      let slots = dashboardCache.get(key);
      if (!slots) {
        slots = {
          keyFacts,
          main: shown.find((d) => d.main)?.main,
          wide: shown.flatMap((d) => d.wide ?? []),
          attention: {
            facts: attentionFacts,
            below: shown.flatMap((d) => (d.attention?.below ? [d.attention.below] : [])),
          },
        };
        dashboardCache.set(key, slots);
      }
      return slots;
    },
  };
}
