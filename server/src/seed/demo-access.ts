/**
 * A demo account's CaseAccess, built like a session's (platform/auth.ts authenticate), for
 * the demo steps that act as the town's officials (server/src/demo and the modules' demo.ts).
 */
import { type CaseAccess, type CaseTypes, caseAccess } from '../cases/access.ts';
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
