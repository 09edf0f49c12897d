/**
 * 行政复议 and 行政诉讼 against a case's decision (issue 14), registered on the case. Nothing
 * here names a case type: a type says whether its decisions may be challenged, and by which
 * actions it decides (domain CaseTypeSpec.challengeable). 人民调解 and 信访 do not: an agreement
 * is the parties' own, and a 信访 reply is reviewed by 复查/复核 (信访工作条例 art 35).
 *
 * Who does what follows the case: its readers list the challenges, whoever may work it
 * registers and closes them; a case out of sight is a 404 as on every case route. Registering
 * and closing are audited `case.challenge` / `case.challenge.close`, with the case number, the
 * kind and the result: never a party's name.
 *
 * `loadChallenges` is for a case module's `context` hook: its guards get the challenges as
 * domain `CaseChallenges` and ask domain `challengePeriodsProblem` whether the decision may
 * be enforced (see domain/src/enforcement/challenges.ts for the periods).
 */
import {
  AppError,
  type CaseChallenges,
  type ChallengeFact,
  type ChallengesResponse,
  type ChallengeView,
  type CloseChallengeBody,
  type CreateChallengeBody,
  shanghaiDate,
} from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { Db } from '../db/index.ts';
import type { DB } from '../db/schema.ts';
import { appendAudit } from '../platform/audit.ts';
import type { CaseAccess } from './access.ts';
import { canWriteAt } from './access.ts';
import {
  challengeOnCase,
  challengesOfCase,
  closeChallengeRow,
  firstEventOf,
  insertChallenge,
} from './challenges-repository.ts';
import type { CaseRegistry } from './registry.ts';
import { findVisible } from './repository.ts';
import type { Auditor } from './service.ts';

/**
 * The challenges of a case as its type's guards read them (CaseSnapshot.context): a module's
 * hook returns e.g. `{ challenges: await loadChallenges(db, c.id) }` and its guard calls
 * `challengePeriodsProblem(servedOn, [...pending, ...closed], now)`.
 */
export async function loadChallenges(db: Kysely<DB>, caseId: number): Promise<CaseChallenges> {
  const rows = await challengesOfCase(db, caseId);
  const facts: ChallengeFact[] = rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    receivedOn: r.received_on,
    body: r.body,
    result: r.result,
    closedOn: r.closed_on,
  }));
  return { pending: facts.filter((f) => f.result === null), closed: facts.filter((f) => f.result !== null) };
}

type CaseRow = NonNullable<Awaited<ReturnType<typeof findVisible>>>;

function refOf(row: CaseRow) {
  return {
    type: row.type,
    unitId: row.unit_id,
    unitPath: row.unit_path,
    createdBy: row.created_by,
    assigneeId: row.assignee_id,
  };
}

export class ChallengeService {
  constructor(private readonly deps: { db: Db; registry: CaseRegistry }) {}

  private decidedBy(row: CaseRow): readonly string[] | undefined {
    return this.deps.registry.find(row.type)?.type.challengeable?.decidedBy;
  }

  async list(access: CaseAccess, caseId: number): Promise<ChallengesResponse> {
    const db = this.deps.db;
    const row = await findVisible(db, access, caseId);
    if (!row) throw AppError.notFound('案件');
    const decidedBy = this.decidedBy(row);
    const rows = await challengesOfCase(db, caseId);
    const items: ChallengeView[] = rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      receivedOn: r.received_on,
      body: r.body,
      bodyCaseNo: r.body_case_no,
      result: r.result,
      closedOn: r.closed_on,
      headAppeared: r.head_appeared,
      note: r.note,
      version: r.version,
      createdByName: r.display_name,
      createdAt: r.created_at.toISOString(),
    }));
    const decided = decidedBy ? (await firstEventOf(db, caseId, decidedBy)) !== undefined : false;
    return {
      items,
      challengeable: decidedBy !== undefined,
      decided,
      canWrite: decidedBy !== undefined && canWriteAt(access, refOf(row)),
    };
  }

  /** The case, locked, that the user may work; 404 out of sight, 403 read-only. */
  private async writable(trx: Db, access: CaseAccess, caseId: number): Promise<CaseRow> {
    const row = await findVisible(trx, access, caseId, true);
    if (!row) throw AppError.notFound('案件');
    if (!canWriteAt(access, refOf(row))) throw AppError.forbidden('没有办理此案件的权限，不能登记复议或诉讼');
    return row;
  }

  async create(
    access: CaseAccess,
    caseId: number,
    b: CreateChallengeBody,
    now: Date,
    audit: Auditor,
  ): Promise<{ id: string }> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.writable(trx, access, caseId);
      const decidedBy = this.decidedBy(row);
      if (!decidedBy) {
        const label = this.deps.registry.find(row.type)?.type.label ?? row.type;
        throw new AppError('UNPROCESSABLE', `${label}不是可以申请行政复议或提起行政诉讼的行政行为，不能登记复议或诉讼`);
      }
      const decidedAt = await firstEventOf(trx, caseId, decidedBy);
      if (!decidedAt) throw new AppError('UNPROCESSABLE', '本案尚未作出决定，不能登记复议或诉讼');
      const decidedOn = shanghaiDate(decidedAt);
      const today = shanghaiDate(now);
      if (b.receivedOn > today) {
        throw AppError.validation([{ path: 'receivedOn', message: '收到日期不得晚于今天' }]);
      }
      if (b.receivedOn < decidedOn) {
        throw AppError.validation([
          { path: 'receivedOn', message: `收到日期不得早于本案作出决定之日（${decidedOn}）` },
        ]);
      }
      const id = await insertChallenge(trx, {
        town_id: row.town_id,
        case_id: caseId,
        kind: b.kind,
        received_on: b.receivedOn,
        body: b.body.trim(),
        body_case_no: b.bodyCaseNo?.trim() || null,
        note: b.note?.trim() || null,
        created_by: access.auth.userId,
        created_at: now,
      });
      await appendAudit(
        trx,
        audit('case.challenge', `case:${caseId}`, {
          challenge: String(id),
          number: row.number,
          kind: b.kind,
          receivedOn: b.receivedOn,
        }),
      );
      return { id: String(id) };
    });
  }

  /** Records (or corrects) the result of a challenge. */
  async close(
    access: CaseAccess,
    caseId: number,
    challengeId: number,
    b: CloseChallengeBody,
    now: Date,
    audit: Auditor,
  ): Promise<{ version: number }> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.writable(trx, access, caseId);
      const ch = await challengeOnCase(trx, caseId, challengeId);
      if (!ch) throw AppError.notFound('复议或诉讼记录');
      if (ch.version !== b.version) {
        throw new AppError('VERSION_CONFLICT', '该复议或诉讼记录已被他人修改，请刷新后重试');
      }
      if (b.closedOn < ch.received_on) {
        throw AppError.validation([{ path: 'closedOn', message: `办结日期不得早于收到日期（${ch.received_on}）` }]);
      }
      if (b.closedOn > shanghaiDate(now)) {
        throw AppError.validation([{ path: 'closedOn', message: '办结日期不得晚于今天' }]);
      }
      let headAppeared: boolean | null = null;
      if (ch.kind === 'litigation') {
        if (b.headAppeared === undefined) {
          throw AppError.validation([
            { path: 'headAppeared', message: '请选择负责人是否出庭应诉（未开庭审理的选「未开庭」）' },
          ]);
        }
        headAppeared = b.headAppeared;
      } else if (b.headAppeared !== undefined && b.headAppeared !== null) {
        throw AppError.validation([{ path: 'headAppeared', message: '负责人出庭应诉只适用于行政诉讼' }]);
      }
      const note = b.note === undefined ? ch.note : b.note.trim() || null;
      const done = await closeChallengeRow(trx, ch.id, b.version, {
        result: b.result,
        closed_on: b.closedOn,
        head_appeared: headAppeared,
        note,
        updated_at: now,
      });
      if (!done) throw new AppError('VERSION_CONFLICT', '该复议或诉讼记录已被他人修改，请刷新后重试');
      await appendAudit(
        trx,
        audit('case.challenge.close', `case:${caseId}`, {
          challenge: String(ch.id),
          number: row.number,
          kind: ch.kind,
          result: b.result,
          closedOn: b.closedOn,
          ...(ch.result ? { previous: ch.result } : {}),
        }),
      );
      return { version: ch.version + 1 };
    });
  }
}
