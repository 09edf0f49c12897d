/**
 * The administrative penalty case type (domain cases/penalty.ts) with its documents and the
 * facts outside the case its guards need, looked up before each action (registry.ts `context`).
 */
import { type PenaltyContext, type PenaltyPower, penalty } from '@fazhi/domain';
import { sql } from 'kysely';
import { loadOfficers } from '../../../cases/officers.ts';
import type { CaseModule } from '../../../cases/registry.ts';
import { PENALTY_TEMPLATES } from './templates.ts';

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

export const penaltyCaseType: CaseModule = {
  type: penalty,
  templates: PENALTY_TEMPLATES,
  async context(db, c): Promise<Record<string, unknown>> {
    const officers = await loadOfficers(db, c.townId);
    const party = await db
      .selectFrom('case_parties as cp')
      .innerJoin('parties as p', 'p.id', 'cp.party_id')
      .select(['p.kind', 'p.name', 'p.address'])
      .where('cp.case_id', '=', c.id)
      .where('cp.role', '=', 'party')
      .orderBy('cp.sort')
      .executeTakeFirst();
    const code = typeof c.fields.powerCode === 'string' ? c.fields.powerCode : null;
    const row = code
      ? await db
          .selectFrom('enforcement_powers')
          .selectAll()
          .where('town_id', '=', c.townId)
          .where('code', '=', code)
          .where('active', '=', true)
          .executeTakeFirst()
      : undefined;
    const power: PenaltyPower | null = row
      ? {
          code: row.code,
          matter: row.matter,
          field: row.field,
          penaltyBasis: row.penalty_basis,
          penaltyRange: row.penalty_range,
          fineMin: num(row.fine_min),
          fineMax: num(row.fine_max),
          discretion: row.discretion,
        }
      : null;
    // Art 58 ¶2 asks whether a reviewer is reviewing *for the first time*: any review they signed
    // on another penalty case of the town counts.
    const reviewed = await sql<{ id: string }>`
      select distinct (fields->'legalReview'->>'reviewerId') as id from cases
      where town_id = ${c.townId} and type = 'penalty' and id <> ${c.id} and fields ? 'legalReview'`.execute(db);
    const challenges = await db
      .selectFrom('case_challenges')
      .select(['received_on', 'closed_on'])
      .where('case_id', '=', c.id)
      .orderBy('id')
      .execute();
    const context: PenaltyContext = {
      officers,
      party: party ? { kind: party.kind, name: party.name, address: party.address } : null,
      power,
      reviewedBefore: reviewed.rows.map((r) => Number(r.id)).filter((n) => Number.isSafeInteger(n)),
      challenges: challenges.map((x) => ({ receivedOn: x.received_on, closedOn: x.closed_on })),
    };
    return { ...context };
  },
};
