/**
 * What a web module brings to the app. The shell, the router and the generic case pages read
 * these from the one list in `src/modules.ts` and name no module or case type themselves, so a
 * case type's screens live in its own folder (`src/modules/<type>/`) and nowhere else.
 */
import type { CaseDetail, CaseTypeView } from '@fazhi/domain';
import type { FormInstance } from 'antd';
import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { Lookups } from './lookups.tsx';

/** A card on the case page (`/cases/:id`), between 当事人 and 文书. */
export interface CaseCardProps {
  c: CaseDetail;
  type: CaseTypeView | undefined;
}

/** A hint on the registration form (`/cases/new?type=…`), above the submit button. */
export interface CaseCreateHintProps {
  form: FormInstance;
  type: CaseTypeView;
}

/** What a module adds to the generic case pages for one case type. */
export interface CaseSlots {
  createHints?: readonly ComponentType<CaseCreateHintProps>[];
  detailCards?: readonly ComponentType<CaseCardProps>[];
  /**
   * Shown only to users whose menu (GET /api/me) lists this path: the module's own entry, which
   * the server lists only for the roles its case type admits. A card that reads the module's
   * routes needs it, or a user allowed on the case but not on the module (an assignee from
   * another office) would meet a 403 on every visit.
   */
  menuPath?: string;
}

/** A card of the 数据驾驶舱 (`/dashboard`), for the town and year it shows. */
export interface DashboardCardProps {
  year: number;
  townId: string;
  /** The page of the records behind a figure (/facts/…), for this town and year. */
  factHref: (key: string) => string;
}

/** A figure of /api/facts shown in 需要关注. */
export interface AttentionFact {
  key: string;
  /** false: a figure to know, not a fault (red is for figures above zero that call for action). */
  alert?: boolean;
}

/** A figure of /api/facts among the key figures at the top of the 数据驾驶舱. */
export interface KeyFact {
  key: string;
  /**
   * Its place among every module's key figures, smallest first (ties keep module order): the
   * leader reads them as one row, so a module's lesser figure may come after another's headline.
   */
  order: number;
}

/**
 * What a module adds to the 数据驾驶舱. Its figures (`keyFacts`, `attention.facts`) show for every
 * user of the dashboard who receives them from /api/facts; `menuPath` holds back its cards only.
 */
export interface DashboardSlots {
  /** The module's figures at the top of the page, a card each. */
  keyFacts?: readonly KeyFact[];
  /** Beside 需要关注 (to its left on wide screens); the first module's that has one. */
  main?: ComponentType<DashboardCardProps>;
  /**
   * In 需要关注: the module's figures that call for action (a card each, red above zero unless
   * `alert: false`, in module order), then `below`, under the figures (in module order).
   */
  attention?: {
    facts?: readonly AttentionFact[];
    below?: ComponentType<DashboardCardProps>;
  };
  /** Full width, under the figures that call for action. */
  wide?: readonly ComponentType<DashboardCardProps>[];
  /**
   * Starts loading the cards' code. The dashboard calls it as soon as its own code runs, so the
   * cards' chunk and their data requests do not wait behind the page's first render (a waterfall
   * that made the dashboard's data arrive over more than a second).
   */
  preload?: () => Promise<unknown>;
  /**
   * The cards (`main`, `wide`, `attention.below`) show only to users whose menu (GET /api/me)
   * lists this path, the module's own entry (which the server lists per the module's case type):
   * the cards read the module's routes. The figures come from /api/facts and are not held back.
   */
  menuPath?: string;
}

export interface WebModule {
  /** The module's folder under src/modules, for messages only. */
  name: string;
  /**
   * Child routes of the shell, each page lazy and behind `guarded(menuPath, …)`: a page shows
   * only when the server's menu (GET /api/me) lists its path, so every guarded path here must be
   * one the server's menu can send.
   */
  routes?: readonly RouteObject[];
  /**
   * Top-level routes outside the login shell, for pages anyone may open without a session (the
   * 公示 pages: 行政处罚法 art 39). Each page may call only the server's /api/public/ routes.
   */
  publicRoutes?: readonly RouteObject[];
  /** Keyed by case type key; several modules may add to one type, in the order of src/modules.ts. */
  caseSlots?: Readonly<Record<string, CaseSlots>>;
  dashboard?: DashboardSlots;
  /** The lists case fields are picked from, by the name their schema gives (app/lookups.tsx). */
  lookups?: Lookups;
}
