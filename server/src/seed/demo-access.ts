/**
 * A demo account's CaseAccess, built like a session's (platform/auth.ts authenticate), for
 * the demo steps that act as the town's officials (server/src/demo and the modules' demo.ts).
 */
import { type CaseAccess, type CaseTypes, caseAccess } from '../cases/access.ts';
import type { Auditor } from '../cases/service.ts';
import type { Db } from '../db/index.ts';
import { type AuthContext, chainFor, idFromPath, loadAssignments, permissionsFor } from '../platform/context.ts';

export async function demoAccess(db: Db, username: string, types: CaseTypes): Promise<CaseAccess> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'town_id'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!u) throw new Error(`演示账号 ${username} 不存在，请先写入湾头桥镇演示数据（seedDemo）`);
  const assignments = await loadAssignments(db, u.id);
  const auth: AuthContext = {
    userId: u.id,
    username: u.username,
    displayName: u.display_name,
    townId: u.town_id,
    mustChangePassword: false,
    sessionId: 'demo-seed',
    csrfToken: '',
    assignments,
    permissions: permissionsFor(assignments),
    chainId: chainFor(u.town_id, assignments, idFromPath),
    primaryUnit: assignments[0] ? { id: assignments[0].unitId, name: assignments[0].unitName } : null,
  };
  return caseAccess(db, auth, types);
}

/** The audit entries of a demo step, written as the demo official and marked 演示数据. */
export function demoAuditor(a: CaseAccess, now: Date): Auditor {
  return (action, target, details) => ({
    chainId: a.auth.chainId,
    at: now,
    actorId: a.auth.userId,
    actorName: a.auth.displayName,
    unitId: a.auth.primaryUnit?.id ?? null,
    unitName: a.auth.primaryUnit?.name ?? null,
    ip: null,
    action,
    target,
    outcome: 'success',
    details: { ...details, source: '演示数据' },
  });
}
