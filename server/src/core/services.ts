/**
 * The one composition root: every service of an installation is built here, once, from the
 * configuration, the database and the module list. The app (../app.ts), the CLI, the demo,
 * the tests and the benches all call `buildServices`; nothing else constructs a service, so
 * there is one place that says which parts a running system is made of.
 */
import { ChallengeService } from '../cases/challenges.ts';
import { CaseLinkService } from '../cases/links.ts';
import { CaseRegistry } from '../cases/registry.ts';
import { CaseService } from '../cases/service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import { FactService } from '../facts/fact-service.ts';
import type { FactProvider } from '../facts/facts.ts';
import { MANUAL_PROVIDERS } from '../facts/manual-facts.ts';
import { AuditLogReader } from '../platform/audit-log.ts';
import { AuthService } from '../platform/auth.ts';
import { blobStoreFor } from '../platform/blobs.ts';
import { CalendarStore } from '../platform/calendar.ts';
import type { AuthContext } from '../platform/context.ts';
import { installSecret, PiiCipher } from '../platform/crypto.ts';
import { OrgRepository } from '../platform/org/repository.ts';
import { OrgService } from '../platform/org/service.ts';
import { SettingsStore } from '../platform/settings.ts';
import { UserRepository } from '../platform/users/repository.ts';
import { UserService } from '../platform/users/service.ts';
import { ReportService } from '../report/service.ts';
import { reportTemplates } from '../report/templates.ts';
import { AuditWordsService } from './audit-words.ts';
import { type CoreServices, ModuleSet, type ServerModule } from './module.ts';

export interface Services extends CoreServices {
  /** The modules this installation runs, their parts merged (menu, audit labels, demo steps). */
  modules: ModuleSet;
  /** Each module's own services (ServerModule.services), by module key. */
  own: ReadonlyMap<string, unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
  }
  interface FastifyInstance {
    services: Services;
    routeList: { method: string; url: string }[];
  }
}

/** Every fact provider: the modules' own, then the hand-entered figures of modules to come. */
export function factProviders(modules: ModuleSet): FactProvider[] {
  return [...modules.facts, ...MANUAL_PROVIDERS];
}

export function buildServices(
  config: Config,
  database: Database,
  modules: readonly ServerModule[] | ModuleSet,
  now: () => Date = () => new Date(),
): Services {
  const set = modules instanceof ModuleSet ? modules : new ModuleSet(modules);
  const db = database.db;
  const settings = new SettingsStore(db);
  const calendars = new CalendarStore(db);
  const registry = new CaseRegistry(set.caseTypes);
  const blobs = blobStoreFor(config.dataDir);
  const cipher = new PiiCipher(installSecret(config));
  const facts = new FactService(factProviders(set));
  const auth = new AuthService(db, settings);
  const core: CoreServices = {
    config,
    database,
    settings,
    auth,
    auditLog: new AuditLogReader(db),
    auditWords: new AuditWordsService(db, registry, (key) => facts.definition(key)?.label, set.auditTargets),
    users: new UserService({ db, repo: new UserRepository(db), auth, settings }),
    org: new OrgService({ db, repo: new OrgRepository(db) }),
    calendars,
    registry,
    blobs,
    cipher,
    cases: new CaseService({ db, registry, calendars, settings, cipher, blobs }),
    caseLinks: new CaseLinkService({ db, registry }),
    challenges: new ChallengeService({ db, registry }),
    facts,
    reports: new ReportService({ db, facts, templates: reportTemplates(set.reportSections) }),
    now,
  };
  const own = new Map<string, unknown>();
  for (const m of set.modules) if (m.services) own.set(m.key, m.services(core));
  return { ...core, modules: set, own };
}
