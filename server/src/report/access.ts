/**
 * Who sees and works which annual report (docs/domain.md §Annual report):
 * - a town role with report:read sees its town's reports in every state;
 * - the 县级督查 (report:read in county scope) sees every town of its county in the overview,
 *   but opens a town's report only once approved: a draft is the town's own business;
 * - the 法治办 (fazhiban) of the town creates, assigns, assembles, submits and records publication;
 * - report:write users edit the sections assigned to their own office (the 法治办 edits any, as
 *   the assembler);
 * - a report:approve user (镇领导) of the town approves or returns.
 * Out-of-scope reports answer 404, a missing permission 403 (decisions/0001).
 */
import { roleDef } from '@fazhi/domain';
import type { Db } from '../db/index.ts';
import { type AuthContext, idFromPath, requireAuth } from '../platform/context.ts';

/** Roles that assemble the report; the 督察工作规定 puts the report on the Party committee and
 * government, and at a town the 党政办（法治办） prepares it. */
export const ASSEMBLER_ROLES: readonly string[] = ['fazhiban'];

export interface ReportAccess {
  auth: AuthContext;
  /** Towns whose reports the user sees in every state. */
  fullTowns: number[];
  /** Towns the user sees through a county scope only (approved reports, and the overview). */
  countyTowns: number[];
  /** County unit ids the user oversees. */
  counties: number[];
  manageTowns: number[];
  approveTowns: number[];
  /** Offices whose sections the user drafts. */
  writeUnits: number[];
}

const grants = (role: string, p: string) => (roleDef(role)?.permissions as readonly string[] | undefined)?.includes(p);

export async function reportAccess(db: Db, ctx: AuthContext | null): Promise<ReportAccess> {
  const auth = requireAuth(ctx);
  const full = new Set<number>();
  const manage = new Set<number>();
  const approve = new Set<number>();
  const write = new Set<number>();
  const countyPaths = new Set<string>();
  for (const a of auth.assignments) {
    const town = a.unitTownId ?? (a.townPath ? idFromPath(a.townPath) : null);
    if (grants(a.role, 'report:read')) {
      if (a.scope === 'county' && a.countyPath) countyPaths.add(a.countyPath);
      else if (town) full.add(town);
    }
    if (!town) continue;
    if (grants(a.role, 'report:write')) {
      write.add(a.unitId);
      if (ASSEMBLER_ROLES.includes(a.role)) manage.add(town);
    }
    if (grants(a.role, 'report:approve')) approve.add(town);
  }
  const countyTowns = new Set<number>();
  const counties: number[] = [];
  if (countyPaths.size > 0) {
    const rows = await db
      .selectFrom('org_units')
      .select('id')
      .where('kind', '=', 'town')
      .where((eb) => eb.or([...countyPaths].map((p) => eb('path', 'like', `${p}%`))))
      .execute();
    for (const r of rows) if (!full.has(r.id)) countyTowns.add(r.id);
    for (const p of countyPaths) counties.push(idFromPath(p)!);
  }
  const only = (s: Set<number>) => [...s].filter((t) => full.has(t)).sort((x, y) => x - y);
  return {
    auth,
    fullTowns: [...full].sort((x, y) => x - y),
    countyTowns: [...countyTowns].sort((x, y) => x - y),
    counties,
    manageTowns: only(manage),
    approveTowns: only(approve),
    writeUnits: [...write].sort((x, y) => x - y),
  };
}

/** May the user see this report at all? */
export function canSeeReport(acc: ReportAccess, r: { town_id: number; state: string }): boolean {
  if (acc.fullTowns.includes(r.town_id)) return true;
  return acc.countyTowns.includes(r.town_id) && (r.state === 'approved' || r.state === 'published');
}

export function canEditSection(acc: ReportAccess, r: { town_id: number; state: string }, unitId: number): boolean {
  if (r.state !== 'drafting' || !acc.fullTowns.includes(r.town_id)) return false;
  return acc.manageTowns.includes(r.town_id) || acc.writeUnits.includes(unitId);
}
