/**
 * What the routes under one case (/api/cases/:id/links, /api/cases/:id/challenges) share: the
 * case id parameter, the user's case access behind a permission (a case out of scope is a 404
 * in the services, as on every case route), and the request's auditor.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type CaseAccess, caseAccess } from '../cases/access.ts';
import { auditOf } from '../http/context.ts';
import { requirePermission } from '../platform/context.ts';

export const CaseIdParams = z.strictObject({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).describe('编号'),
});

export function caseSubRouteHelpers(fastify: FastifyInstance) {
  const { services } = fastify;
  const access = async (req: FastifyRequest, permission: 'case:read' | 'case:write'): Promise<CaseAccess> => {
    requirePermission(req.auth, permission);
    return caseAccess(services.database.db, req.auth, services.registry);
  };
  const auditor =
    (req: FastifyRequest, now: Date) => (action: string, target: string, details?: Record<string, unknown>) =>
      auditOf(req, now, action, target, 'success', details);
  return { access, auditor };
}
