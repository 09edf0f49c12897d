/**
 * SQL of the challenges registered on cases (case_challenges, migration 0019). The caller has
 * already found the case within the user's sight (cases/repository.ts `findVisible`).
 */
import type { ChallengeKind, ChallengeResult } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { Db } from '../db/index.ts';
import type { DB } from '../db/schema.ts';

export function challengesOfCase(db: Kysely<DB>, caseId: number) {
  return db
    .selectFrom('case_challenges as ch')
    .innerJoin('users as u', 'u.id', 'ch.created_by')
    .selectAll('ch')
    .select('u.display_name')
    .where('ch.case_id', '=', caseId)
    .orderBy('ch.received_on')
    .orderBy('ch.id')
    .execute();
}

export function challengeOnCase(db: Db, caseId: number, challengeId: number) {
  return db
    .selectFrom('case_challenges')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('id', '=', challengeId)
    .forUpdate()
    .executeTakeFirst();
}

/** The first time one of the actions was taken on the case (the decision), or undefined. */
export async function firstEventOf(db: Db, caseId: number, actions: readonly string[]): Promise<Date | undefined> {
  if (actions.length === 0) return undefined;
  const row = await db
    .selectFrom('case_events')
    .select('at')
    .where('case_id', '=', caseId)
    .where('action', 'in', actions)
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return row?.at;
}

export async function insertChallenge(
  db: Db,
  row: {
    town_id: number;
    case_id: number;
    kind: ChallengeKind;
    received_on: string;
    body: string;
    body_case_no: string | null;
    note: string | null;
    created_by: number;
    created_at: Date;
  },
): Promise<number> {
  const r = await db
    .insertInto('case_challenges')
    .values({ ...row, updated_at: row.created_at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Records the result if the row is still at `version`; false when someone changed it first. */
export async function closeChallengeRow(
  db: Db,
  id: number,
  version: number,
  set: {
    result: ChallengeResult;
    closed_on: string;
    head_appeared: boolean | null;
    note: string | null;
    updated_at: Date;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('case_challenges')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
