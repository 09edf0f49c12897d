/**
 * What a module is (docs/decisions/0005-module-manifests.md): one manifest per module,
 * `modules/<name>/index.ts`, naming every part it adds to the product, so adding a module is
 * its folder plus one line in ../modules.ts, and no central table is edited.
 *
 * `ModuleSet` is the composed list. Like the case registry it is handed its parts and checks
 * them when it is built: two modules with one key, two facts with one key, an audit action
 * labelled twice, a menu key or path used twice, an outline section twice, a menu entry for a case
 * type no module installs: each is a mistake that fails at start-up, not a row that silently wins
 * over another (or an entry nobody ever sees).
 */
import { CORE_MENU, type MenuItem } from '@fazhi/domain';
import type { FastifyInstance } from 'fastify';
import type { ChallengeService } from '../cases/challenges.ts';
import type { CaseLinkService } from '../cases/links.ts';
import type { CaseModule, CaseRegistry } from '../cases/registry.ts';
import type { CaseService } from '../cases/service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { FactService } from '../facts/fact-service.ts';
import type { FactProvider } from '../facts/facts.ts';
import { AUDIT_ACTIONS } from '../platform/audit-actions.ts';
import type { AuditLogReader } from '../platform/audit-log.ts';
import type { AuthService } from '../platform/auth.ts';
import type { BlobStore } from '../platform/blobs.ts';
import type { CalendarStore } from '../platform/calendar.ts';
import type { PiiCipher } from '../platform/crypto.ts';
import type { OrgService } from '../platform/org/service.ts';
import type { SettingsStore } from '../platform/settings.ts';
import type { UserService } from '../platform/users/service.ts';
import type { ReportService } from '../report/service.ts';
import { CORE_OUTLINE_SECTIONS, type OutlineSection } from '../report/templates.ts';
import type { AuditWordsService } from './audit-words.ts';
import type { DemoKit } from './demo.ts';

/** The services every module is handed (built once by core/services.ts `buildServices`). */
export interface CoreServices {
  config: Config;
  database: Database;
  settings: SettingsStore;
  auth: AuthService;
  /** The audit log as its viewer reads it (routes/audit.ts). */
  auditLog: AuditLogReader;
  /** The audit log's objects and details in words, for the viewer and its export. */
  auditWords: AuditWordsService;
  /** User management and the 三员 accounts (platform/users). */
  users: UserService;
  /** The organisation tree (platform/org). */
  org: OrgService;
  calendars: CalendarStore;
  registry: CaseRegistry;
  cases: CaseService;
  /** Links between cases (issue 12); `linkCases` for a link written inside another service's transaction. */
  caseLinks: CaseLinkService;
  /** 行政复议 and 行政诉讼 registered on a case (issue 14). */
  challenges: ChallengeService;
  blobs: BlobStore;
  cipher: PiiCipher;
  /** Report facts (issue 6): every module's figures merged with hand-entered ones. */
  facts: FactService;
  /** 法治政府建设年度报告 (issue 6), its outline completed by the modules' sections. */
  reports: ReportService;
  now: () => Date;
}

/** What a demo step is handed: the clock it simulates up to and where to say what it did. */
export interface DemoStepContext {
  now: Date;
  log: (line: string) => void;
  /** Mediation cases to simulate in the demo year (config FAZHI_DEMO_CASES). */
  mediationCases?: number | undefined;
  /** The fraction of this step done (0–1), for the first start's progress page (platform/startup.ts). */
  progress?: ((fraction: number) => void) | undefined;
}

/** What a `year` step is handed besides: which year, and the instant it may not act past. */
export interface DemoYearContext extends DemoStepContext {
  /**
   * The calendar year a `year` step simulates: the seed report's 2023, then the last full year
   * before `now` (demo/index.ts `demoYears`). Its own PRNG seed is the year, so two years differ.
   */
  year: number;
  /**
   * The last instant the year's simulation may act at: the matters open at its end are carried
   * through the next first quarter, but never past `now` (a start in January of the next year).
   */
  until: Date;
}

/** What a `present` step is handed besides: the kit its cases are planned with (core/demo.ts). */
export interface DemoPresentContext extends DemoStepContext {
  kit: DemoKit;
}

export interface ServerModule<Own = unknown> {
  /** Stable key, lower case (`mediation`): the module's own services are kept under it. */
  key: string;
  /** Its Chinese name (矛盾纠纷调解), for messages. */
  label: string;
  /** Its case types with their document templates and hooks, registered in the case registry. */
  caseTypes?: readonly CaseModule[];
  /** Its figures for the dashboard and the annual report (facts/facts.ts). */
  facts?: readonly FactProvider[];
  /**
   * Builds the module's own services (e.g. the screening campaigns' service) from the core
   * ones, once per app, by the composition root; the routes and the demo are handed them.
   */
  services?(core: CoreServices): Own;
  /**
   * Registers the module's HTTP routes (each must be in test/permissions.test.ts's table), each
   * behind `requireTypeAccess` (cases/access.ts) for the module's case type.
   */
  routes?(app: FastifyInstance, own: Own): Promise<void>;
  /** Chinese labels of the audit actions the module writes (the audit log viewer shows them). */
  auditActions?: Readonly<Record<string, string>>;
  /** Chinese nouns of the audit targets it writes (`campaign` → 排查活动 for `campaign:12`), for the log in words. */
  auditTargets?: Readonly<Record<string, string>>;
  /**
   * Its entries in the menu sent with /api/me, in order, after the core 案件办理 entries. An entry
   * about a case type names it (`caseTypes`, `typeAccess`): /api/me then lists it only for users
   * the type admits, like the routes behind it (cases/access.ts `requireTypeAccess`).
   */
  menu?: readonly MenuItem[];
  /** Its sub-sections of the standard annual report's part one (report/templates.ts). */
  reportSections?: readonly OutlineSection[];
  /**
   * Its demo steps (server/src/demo runs them in the order of the module list): `year` writes
   * its part of a demo year (`ctx.year`: 2023, then the last full year); `present` queues its part of the weeks before today on the
   * kit's schedule, which the demo runs once every module has queued its steps, in one time
   * order. Each returns lines for the log. Loaded lazily by the module so that the demo code
   * is not read by a server that does not seed.
   */
  demo?: {
    year?(core: CoreServices, own: Own, ctx: DemoYearContext): Promise<string[]>;
    present?(core: CoreServices, own: Own, ctx: DemoPresentContext): Promise<string[]>;
  };
}

/** Types a manifest against its own services; the list holds it as a plain ServerModule. */
export function defineModule<Own>(m: ServerModule<Own>): ServerModule {
  return m as ServerModule;
}

const KEY = /^[a-z][a-z0-9_]*$/;

/** The modules an installation runs, their parts checked and merged once. */
export class ModuleSet {
  readonly modules: readonly ServerModule[];
  readonly caseTypes: readonly CaseModule[];
  readonly facts: readonly FactProvider[];
  /** Core labels and every module's, merged. */
  readonly auditActions: Readonly<Record<string, string>>;
  readonly menu: readonly MenuItem[];
  readonly reportSections: readonly OutlineSection[];
  /** Every module's audit target nouns, merged. */
  readonly auditTargets: Readonly<Record<string, string>>;

  constructor(modules: readonly ServerModule[]) {
    const keys = new Set<string>();
    const factKeys = new Set<string>();
    const audit: Record<string, string> = { ...AUDIT_ACTIONS };
    const menuKeys = new Set(CORE_MENU.map((m) => m.key));
    const menuPaths = new Set(CORE_MENU.map((m) => m.path));
    const sections = new Set(CORE_OUTLINE_SECTIONS.map((s) => s.key));
    for (const m of modules) {
      const where = `module ${m.key}`;
      if (!KEY.test(m.key)) throw new Error(`${where}: key must be lower-case letters, digits and _`);
      if (keys.has(m.key)) throw new Error(`${where} is listed twice`);
      keys.add(m.key);
      for (const p of m.facts ?? []) {
        for (const f of p.facts) {
          if (factKeys.has(f.key)) throw new Error(`${where}: fact ${f.key} is defined twice`);
          if (!f.key.startsWith(`${p.module}.`) && !f.key.startsWith(`${m.key}.`)) {
            throw new Error(`${where}: fact ${f.key} is named under neither ${p.module} nor ${m.key}`);
          }
          factKeys.add(f.key);
        }
      }
      for (const [action, label] of Object.entries(m.auditActions ?? {})) {
        if (Object.hasOwn(audit, action)) throw new Error(`${where}: audit action ${action} is labelled twice`);
        if (!label) throw new Error(`${where}: audit action ${action} has no label`);
        audit[action] = label;
      }
      for (const item of m.menu ?? []) {
        if (menuKeys.has(item.key)) throw new Error(`${where}: menu key ${item.key} is used twice`);
        if (menuPaths.has(item.path)) throw new Error(`${where}: menu path ${item.path} is used twice`);
        menuKeys.add(item.key);
        menuPaths.add(item.path);
      }
      for (const s of m.reportSections ?? []) {
        if (sections.has(s.key)) throw new Error(`${where}: report section ${s.key} is defined twice`);
        sections.add(s.key);
      }
    }
    // (A type defined twice is the case registry's error.)
    const typeKeys = new Set(modules.flatMap((m) => (m.caseTypes ?? []).map((c) => c.type.key)));
    for (const item of [...CORE_MENU, ...modules.flatMap((m) => m.menu ?? [])]) {
      if (!Array.isArray(item.caseTypes)) continue;
      if (item.caseTypes.length === 0) throw new Error(`menu ${item.key}: caseTypes lists no case type`);
      for (const t of item.caseTypes) {
        if (!typeKeys.has(t)) throw new Error(`menu ${item.key}: case type ${t} is not installed by any module`);
      }
    }
    this.modules = modules;
    this.caseTypes = modules.flatMap((m) => m.caseTypes ?? []);
    this.facts = modules.flatMap((m) => m.facts ?? []);
    this.auditActions = audit;
    this.menu = modules.flatMap((m) => m.menu ?? []);
    this.reportSections = modules.flatMap((m) => m.reportSections ?? []);
    this.auditTargets = Object.assign({}, ...modules.map((m) => m.auditTargets ?? {}));
  }
}
