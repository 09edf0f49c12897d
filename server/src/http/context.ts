/**
 * Helpers bound to the request. The services every route reads (`fastify.services`) are
 * built by ../core/services.ts, which also declares them on the Fastify instance.
 */
import type { FastifyRequest } from 'fastify';
import type { AuditEntry, AuditOutcome, Auditor } from '../platform/audit.ts';
import type { RequestMeta } from '../platform/auth.ts';

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

/** The request's Auditor for a service: its audit rows attributed to the signed-in user, at `now`. */
export function auditorOf(req: FastifyRequest, now: Date): Auditor {
  return (action, target, details) => auditOf(req, now, action, target, 'success', details);
}
