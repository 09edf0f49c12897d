/**
 * The SQL of the audit log viewer (routes/audit.ts): the rows an auditor may read, filtered.
 * Chains are visible when their tenancy unit is inside the auditor's scope; chain 0 (no
 * known actor) only to auditors at the top.
 */
import type { AuditQuery, DataScope } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { type AuthContext, scopeFilter } from './context.ts';

export type AuditFilters = Omit<AuditQuery, 'cursor' | 'limit'>;

/** Local dates are Asia/Shanghai (UTC+8, no DST); `to` is included up to its last instant. */
const dayStart = (d: string) => new Date(`${d}T00:00:00+08:00`);
const dayAfter = (d: string) => new Date(dayStart(d).getTime() + 86_400_000);

const COLUMNS = [
  'a.id',
  'a.chain_id',
  'a.seq',
  'a.at',
  'a.actor_id',
  'a.actor_name',
  'a.unit_name',
  'a.ip',
  'a.action',
  'a.target',
  'a.outcome',
  'a.details',
] as const;

const isTopLevel = (scope: DataScope) => scope.prefixes.some((p) => p.split('/').filter(Boolean).length === 1);

export class AuditLogReader {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(auth: AuthContext, scope: DataScope, f: AuditFilters) {
    let q = this.db.selectFrom('audit_log as a').where((eb) =>
      eb.or([
        eb(
          'a.chain_id',
          'in',
          eb
            .selectFrom('org_units as u')
            .select('u.id')
            .where((e2) => scopeFilter(e2, scope, { unitId: e2.ref('u.id'), unitPath: e2.ref('u.path') }, auth.userId)),
        ),
        ...(isTopLevel(scope) ? [eb('a.chain_id', '=', 0)] : []),
      ]),
    );
    if (f.from) q = q.where('a.at', '>=', dayStart(f.from));
    if (f.to) q = q.where('a.at', '<', dayAfter(f.to));
    if (f.actor) {
      const like = `%${f.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb('a.actor_name', 'like', like), eb('a.target', 'like', like)]));
    }
    if (f.action) q = q.where('a.action', '=', f.action);
    if (f.outcome) q = q.where('a.outcome', '=', f.outcome);
    return q;
  }

  /** Up to `limit` rows, newest first, older than the `cursor` id when given. */
  async rows(auth: AuthContext, scope: DataScope, f: AuditFilters, cursor: number | undefined, limit: number) {
    let q = this.filtered(auth, scope, f).select(COLUMNS);
    if (cursor) q = q.where('a.id', '<', cursor);
    return q.orderBy('a.id', 'desc').limit(limit).execute();
  }

  /**
   * The chains the auditor may verify: those of the units in their scope that have one, and
   * chain 0 for auditors at the top, exactly as the listing above.
   */
  async chainsInScope(auth: AuthContext, scope: DataScope): Promise<number[]> {
    const units = await this.db
      .selectFrom('audit_heads as h')
      .innerJoin('org_units as u', 'u.id', 'h.chain_id')
      .select('h.chain_id')
      .where((eb) => scopeFilter(eb, scope, { unitId: eb.ref('u.id'), unitPath: eb.ref('u.path') }, auth.userId))
      .execute();
    return [...units.map((u) => u.chain_id), ...(isTopLevel(scope) ? [0] : [])];
  }
}
