/**
 * Who sees and works which screening returns. It is the case rule (cases/access.ts)
 * applied to a return's village: a 村居干部 sees and fills only their own village's
 * return, a town-wide role sees every return of the town, 县级督查 reads the county.
 * Running a campaign (start, close, convert, dismiss) belongs to the centre: a
 * 矛调中心, 司法所 or 镇领导 role whose scope covers the whole town.
 */
import { inScope, isEmptyScope } from '@fazhi/domain';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { type CaseAccess, townRoleAccess } from '../../../cases/access.ts';
import type { Db } from '../../../db/index.ts';
import { scopeFilter } from '../../../platform/context.ts';

export const CENTRE_ROLES: readonly string[] = ['tiaojie', 'sifasuo', 'leader'];

export interface CampaignAccess {
  cases: CaseAccess;
  /** Towns whose every return the user sees (their case:read scope covers the town itself). */
  fullTowns: number[];
  /** Towns whose campaigns the user runs. */
  manageTowns: number[];
}

export async function campaignAccess(db: Db, access: CaseAccess): Promise<CampaignAccess> {
  // Returns list the disputes a village found: mediation material, read where mediation cases are.
  const { cases, fullTowns, roleTowns } = await townRoleAccess(db, access, 'mediation', CENTRE_ROLES);
  return { cases, fullTowns, manageTowns: roleTowns };
}

const col = (alias: string, name: string) => sql<number>`${sql.ref(`${alias}.${name}`)}`;

/** The WHERE clause of every query over returns (and over entries, through their return). */
export function visibleReturn<DBT, TB extends keyof DBT>(
  eb: ExpressionBuilder<DBT, TB>,
  acc: CampaignAccess,
  alias = 'r',
): Expression<SqlBool> {
  const { townIds, read, auth } = acc.cases;
  if (townIds.length === 0) return sql<SqlBool>`false`;
  const ors: Expression<SqlBool>[] = [];
  if (acc.fullTowns.length > 0) ors.push(sql<SqlBool>`${col(alias, 'town_id')} in (${sql.join(acc.fullTowns)})`);
  if (!isEmptyScope(read)) {
    ors.push(
      scopeFilter(
        eb,
        { ...read, self: false },
        { unitId: col(alias, 'unit_id'), unitPath: sql<string>`${sql.ref(`${alias}.unit_path`)}` },
        auth.userId,
      ),
    );
  }
  if (ors.length === 0) return sql<SqlBool>`false`;
  return eb.and([sql<SqlBool>`${col(alias, 'town_id')} in (${sql.join(townIds)})`, eb.or(ors)]);
}

/** A campaign is visible when its town is, or when one of its returns is (a village sees its campaigns). */
export function visibleCampaign<DBT, TB extends keyof DBT>(
  eb: ExpressionBuilder<DBT, TB>,
  acc: CampaignAccess,
  alias = 'c',
): Expression<SqlBool> {
  const { townIds } = acc.cases;
  if (townIds.length === 0) return sql<SqlBool>`false`;
  const ors: Expression<SqlBool>[] = [];
  if (acc.fullTowns.length > 0) ors.push(sql<SqlBool>`${col(alias, 'town_id')} in (${sql.join(acc.fullTowns)})`);
  ors.push(
    sql<SqlBool>`exists (select 1 from campaign_returns vr where vr.campaign_id = ${sql.ref(`${alias}.id`)} and ${visibleReturn(eb, acc, 'vr')})`,
  );
  return eb.and([sql<SqlBool>`${col(alias, 'town_id')} in (${sql.join(townIds)})`, eb.or(ors)]);
}

/** May the user enter disputes for this village (case:write over it)? */
export function canWriteReturn(acc: CampaignAccess, r: { unit_id: number; unit_path: string }): boolean {
  return inScope(acc.cases.write, { unitId: r.unit_id, unitPath: r.unit_path }, acc.cases.auth.userId);
}
