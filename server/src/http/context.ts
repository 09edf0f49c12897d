/** What every route handler gets: services, the clock, and helpers bound to the request. */
import type { FastifyRequest } from 'fastify';
import type { CaseRegistry } from '../cases/registry.ts';
import type { CaseService } from '../cases/service.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/index.ts';
import type { AuditEntry, AuditOutcome } from '../platform/audit.ts';
import type { AuthService, RequestMeta } from '../platform/auth.ts';
import type { BlobStore } from '../platform/blobs.ts';
import type { CalendarStore } from '../platform/calendar.ts';
import type { AuthContext } from '../platform/context.ts';
import type { PiiCipher } from '../platform/crypto.ts';
import type { SettingsStore } from '../platform/settings.ts';
import type { FactService } from '../facts/fact-service.ts';

export interface Services {
  config: Config;
  database: Database;
  settings: SettingsStore;
  auth: AuthService;
  calendars: CalendarStore;
  registry: CaseRegistry;
  cases: CaseService;
  blobs: BlobStore;
  cipher: PiiCipher;
  /** Report facts (issue 6): every module's figures merged with hand-entered ones. */
  facts: FactService;
  now: () => Date;
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

export const SESSION_COOKIE = 'fazhi_sid';
export const CSRF_COOKIE = 'fazhi_csrf';

export function metaOf(req: FastifyRequest): RequestMeta {
  return { ip: req.ip ?? null, userAgent: (req.headers['user-agent'] as string | undefined) ?? null };
}

/** An audit entry attributed to the signed-in user of this request. */
export function auditOf(
  req: FastifyRequest,
  now: Date,
  action: string,
  target: string | null,
  outcome: AuditOutcome = 'success',
  details?: Record<string, unknown>,
): AuditEntry {
  const a = req.auth;
  return {
    chainId: a?.chainId ?? 0,
    at: now,
    actorId: a?.userId ?? null,
    actorName: a?.displayName ?? null,
    unitId: a?.primaryUnit?.id ?? null,
    unitName: a?.primaryUnit?.name ?? null,
    ip: req.ip ?? null,
    action,
    target,
    outcome,
    details,
  };
}
