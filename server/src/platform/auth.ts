/**
 * Authentication: passwords, lockout and database sessions (GB/T 22239-2019 8.1.4.1:
 * login-failure handling, limited attempts, automatic logout on idle). Every function
 * takes `now` so the tests can move the clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, checkPassword } from '@fazhi/domain';
import { type Kysely, sql } from 'kysely';
import { compiledOnce } from '../db/compiled.ts';
import type { DB } from '../db/schema.ts';
import { type Auditor, appendAudit } from './audit.ts';
import {
  type AssignmentCols,
  type AuthContext,
  assignmentsFromJson,
  assignmentsJson,
  chainFor,
  idFromPath,
  loadAssignments,
  permissionsFor,
} from './context.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords.ts';
import type { SecuritySettings, SettingsStore } from './settings.ts';

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function formatShanghai(d: Date): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(d)
    .replace(/\//g, '-');
}

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

interface SessionRow {
  id: string;
  csrf_token: string;
  last_seen_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  user_id: number;
  username: string;
  display_name: string;
  town_id: number | null;
  must_change_password: boolean;
  demo_account: boolean;
  disabled: boolean;
  assignments: AssignmentCols[];
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  userId: number;
  expiresAt: Date;
}

/** How long a session row read from the database answers for it (AuthService.sessionRow). */
export const SESSION_CACHE_MS = 3_000;
const SESSION_CACHE_MAX = 5_000;

export class AuthService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: SettingsStore,
  ) {
    this.sessionWithUser = AuthService.sessionStatement(db);
  }

  /**
   * Every refused sign-in answers the same way — 401, code UNAUTHENTICATED and one
   * message — whether the username is unknown, the password wrong, the account locked
   * or disabled, and each costs one scrypt check (a dummy hash for unknown names). An
   * attacker therefore learns nothing about which usernames exist, how many attempts are
   * left or whether a guess hit a locked account (GB/T 22239-2019 8.1.4.1 login-failure
   * handling without user enumeration; OWASP ASVS 2.2/3.x generic failure messages).
   * The message states the lockout policy so a locked-out user knows to wait or ask the
   * administrator, who sees the lock on the users page; the precise reason is in the
   * audit log.
   *
   * The failure count is one atomic UPDATE, so parallel wrong passwords cannot all read
   * the same count: the threshold-th failure locks, whatever the concurrency. A sign-in
   * succeeds only through an UPDATE that re-checks the lock, so a right password racing
   * a lock is refused too.
   */
  async login(username: string, password: string, meta: RequestMeta, now: Date): Promise<LoginResult> {
    const sec = await this.settings.security();
    const name = username.trim().toLowerCase();
    const refused = new AppError(
      'UNAUTHENTICATED',
      `用户名或密码错误，或账户已锁定、停用（连续失败 ${sec.lockThreshold} 次将锁定 ${sec.lockMinutes} 分钟，如需解锁请联系管理员）`,
    );
    const user = await this.db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
    const base = { at: now, ip: meta.ip, unitId: null, unitName: null, target: name } as const;
    // Same cost for every path: no username probing by timing.
    const passwordOk = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
    if (!user) {
      await appendAudit(this.db, {
        ...base,
        chainId: 0,
        actorId: null,
        actorName: null,
        action: 'auth.login',
        outcome: 'failure',
        details: { reason: 'unknown_user' },
      });
      throw refused;
    }
    const assignments = await loadAssignments(this.db, user.id);
    const chainId = chainFor(user.town_id, assignments, idFromPath);
    const actor = { chainId, actorId: user.id, actorName: user.display_name };
    const deny = async (reason: string) => {
      await appendAudit(this.db, { ...base, ...actor, action: 'auth.login', outcome: 'denied', details: { reason } });
      return refused;
    };
    if (user.locked_until && user.locked_until > now) throw await deny('locked');
    if (user.disabled) throw await deny('disabled');
    if (!passwordOk) {
      await this.db.transaction().execute(async (trx) => {
        const r = await recordFailure(trx, user.id, now, sec.lockThreshold, sec.lockMinutes);
        if (r.lockedBefore) {
          // Another parallel attempt locked the account while this one was hashing.
          await appendAudit(trx, {
            ...base,
            ...actor,
            action: 'auth.login',
            outcome: 'denied',
            details: { reason: 'locked' },
          });
          return;
        }
        await appendAudit(trx, {
          ...base,
          ...actor,
          action: r.lockedNow ? 'auth.lock' : 'auth.login',
          outcome: 'failure',
          details: { reason: 'bad_password', attempts: r.attempts },
        });
      });
      throw refused;
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + sec.absoluteTimeoutHours * 3_600_000);
    const admitted = await this.db.transaction().execute(async (trx) => {
      // Re-checks lock and disabled in the same statement that clears the count, so a
      // right password racing the lock (or a disable) cannot slip through.
      const ok = await trx
        .updateTable('users')
        .set({ failed_attempts: 0, locked_until: null, last_login_at: now })
        .where('id', '=', user.id)
        .where('disabled', '=', false)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
        .executeTakeFirst();
      if (Number(ok.numUpdatedRows) === 0) return false;
      await trx
        .insertInto('sessions')
        .values({
          id: tokenHash(token),
          user_id: user.id,
          csrf_token: csrfToken,
          created_at: now,
          last_seen_at: now,
          expires_at: expiresAt,
          ip: meta.ip,
          user_agent: meta.userAgent?.slice(0, 300) ?? null,
        })
        .execute();
      await appendAudit(trx, {
        ...base,
        ...actor,
        unitId: assignments[0]?.unitId ?? null,
        unitName: assignments[0]?.unitName ?? null,
        action: 'auth.login',
        outcome: 'success',
      });
      return true;
    });
    if (!admitted) throw await deny('locked');
    return { token, csrfToken, userId: user.id, expiresAt };
  }

  /**
   * Resolves a session cookie to an AuthContext, or null when it is unknown, ended,
   * idle for too long or past its absolute lifetime (and marks it ended).
   */
  async authenticate(token: string, now: Date, demoMode: boolean): Promise<AuthContext | null> {
    const sec = await this.settings.security();
    const id = tokenHash(token);
    const row = await this.sessionRow(id);
    if (!row || row.ended_at) return null;
    const idleLimit = row.last_seen_at.getTime() + sec.idleTimeoutMinutes * 60_000;
    let reason: string | null = null;
    if (row.disabled) reason = 'disabled';
    else if (row.expires_at <= now) reason = 'absolute_timeout';
    else if (idleLimit <= now.getTime()) reason = 'idle_timeout';
    if (reason) {
      this.#sessions.delete(id);
      await this.db.updateTable('sessions').set({ ended_at: now, end_reason: reason }).where('id', '=', id).execute();
      return null;
    }
    // Writing last_seen on every request would turn each read into a write; a 30 s
    // granularity is far finer than the idle limit.
    if (now.getTime() - row.last_seen_at.getTime() > 30_000) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
      row.last_seen_at = now;
    }
    const assignments = assignmentsFromJson(row.assignments);
    return {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      townId: row.town_id,
      mustChangePassword: row.must_change_password && !(demoMode && row.demo_account),
      sessionId: id,
      csrfToken: row.csrf_token,
      assignments,
      permissions: permissionsFor(assignments),
      chainId: chainFor(row.town_id, assignments, idFromPath),
      primaryUnit: assignments[0] ? { id: assignments[0].unitId, name: assignments[0].unitName } : null,
    };
  }

  /**
   * The session, its user and the user's role assignments in one statement, compiled once:
   * every request sends it, so it is one round trip, not two in sequence (issue 19).
   */
  private readonly sessionWithUser: (id: string) => Promise<SessionRow[]>;

  /**
   * Session rows read in the last SESSION_CACHE_MS, by token hash (issue 19: the statement was
   * half of every read request's round trips, and a page load sends several requests at once).
   * `invalidateSessions` empties it; app.ts calls it once every request that may write (POST,
   * PUT, PATCH, DELETE) has been answered, after its transaction committed, so a revoked
   * session, a disabled user or a changed role shows on the next request to this process. A
   * write by another process on the same database (the CLI, a second app on DATABASE_URL)
   * shows within SESSION_CACHE_MS. The timeouts are still checked against `now` on every
   * request.
   */
  readonly #sessions = new Map<string, { row: SessionRow; at: number }>();
  /** Bumped by every invalidation: a row read before one is not kept after it. */
  #epoch = 0;

  invalidateSessions(): void {
    this.#epoch++;
    this.#sessions.clear();
  }

  private async sessionRow(id: string): Promise<SessionRow | undefined> {
    const t = performance.now();
    const hit = this.#sessions.get(id);
    if (hit && t - hit.at < SESSION_CACHE_MS) return hit.row;
    const epoch = this.#epoch;
    const [row] = await this.sessionWithUser(id);
    if (row && epoch === this.#epoch) {
      // Many signed-in users: drop the lot rather than keep a sorted eviction list.
      if (this.#sessions.size >= SESSION_CACHE_MAX) this.#sessions.clear();
      this.#sessions.set(id, { row, at: t });
    } else if (!row) this.#sessions.delete(id);
    return row;
  }

  private static sessionStatement(db: Kysely<DB>) {
    return compiledOnce<[string], SessionRow>(db, 1, (id) =>
      db
        .selectFrom('sessions as s')
        .innerJoin('users as su', 'su.id', 's.user_id')
        .select([
          's.id',
          's.csrf_token',
          's.last_seen_at',
          's.expires_at',
          's.ended_at',
          'su.id as user_id',
          'su.username',
          'su.display_name',
          'su.town_id',
          'su.must_change_password',
          'su.demo_account',
          'su.disabled',
          // The assignments subquery names its own tables r, u, t and c: the user here is `su`.
          assignmentsJson(db, sql.ref<number>('su.id')).as('assignments'),
        ])
        .where('s.id', '=', id),
    );
  }

  async endSession(sessionId: string, reason: string, now: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: reason })
      .where('id', '=', sessionId)
      .where('ended_at', 'is', null)
      .execute();
  }

  /** Ends the current session, or with `all` every session of the user, with its audit row. */
  async logout(a: AuthContext, all: boolean, now: Date, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (all) await this.endUserSessions(trx, a.userId, 'logout_all', now);
      else
        await trx
          .updateTable('sessions')
          .set({ ended_at: now, end_reason: 'logout' })
          .where('id', '=', a.sessionId)
          .execute();
      await appendAudit(trx, audit(all ? 'auth.logout_all' : 'auth.logout', `user:${a.userId}`));
    });
  }

  async endUserSessions(
    trx: Kysely<DB>,
    userId: number,
    reason: string,
    now: Date,
    exceptSession?: string,
  ): Promise<number> {
    let q = trx
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: reason })
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null);
    if (exceptSession) q = q.where('id', '!=', exceptSession);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Checks the policy and the history; returns the new hash. Throws 400 naming the field. */
  async preparePassword(
    trx: Kysely<DB>,
    userId: number | null,
    username: string,
    password: string,
    sec: SecuritySettings,
    field: string,
  ): Promise<string> {
    const problems = checkPassword(
      password,
      {
        minLength: sec.passwordMinLength,
        minClasses: sec.passwordMinClasses,
        historyCount: sec.passwordHistory,
        maxLength: 128,
      },
      { username },
    );
    if (problems.length > 0) throw AppError.validation(problems.map((message) => ({ path: field, message })));
    if (userId != null && sec.passwordHistory > 0) {
      const recent = await trx
        .selectFrom('password_history')
        .select('password_hash')
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .limit(sec.passwordHistory)
        .execute();
      for (const r of recent) {
        if (await verifyPassword(password, r.password_hash)) {
          throw AppError.validation([
            { path: field, message: `新密码不能与最近 ${sec.passwordHistory} 次使用过的密码相同` },
          ]);
        }
      }
    }
    return hashPassword(password);
  }

  async changeOwnPassword(
    ctx: AuthContext,
    current: string,
    next: string,
    meta: RequestMeta,
    now: Date,
  ): Promise<void> {
    const sec = await this.settings.security();
    const user = await this.db
      .selectFrom('users')
      .select(['password_hash', 'username'])
      .where('id', '=', ctx.userId)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(current, user.password_hash))) {
      throw AppError.validation([{ path: 'currentPassword', message: '当前密码不正确' }]);
    }
    if (current === next) throw AppError.validation([{ path: 'newPassword', message: '新密码不能与当前密码相同' }]);
    const hash = await this.preparePassword(this.db, ctx.userId, user.username, next, sec, 'newPassword');
    await this.db.transaction().execute(async (trx) => {
      await setPassword(trx, ctx.userId, hash, false, now);
      // Other sessions may belong to whoever knew the old password.
      await this.endUserSessions(trx, ctx.userId, 'password_changed', now, ctx.sessionId);
      await appendAudit(trx, {
        chainId: ctx.chainId,
        at: now,
        actorId: ctx.userId,
        actorName: ctx.displayName,
        unitId: ctx.primaryUnit?.id ?? null,
        unitName: ctx.primaryUnit?.name ?? null,
        ip: meta.ip,
        action: 'auth.password.change',
        target: `user:${ctx.userId}`,
        outcome: 'success',
      });
    });
  }
}

export async function setPassword(
  trx: Kysely<DB>,
  userId: number,
  hash: string,
  mustChange: boolean,
  now: Date,
): Promise<void> {
  // Once a password other than the published demo one is set, the demo exemption from
  // the forced change no longer applies.
  await trx
    .updateTable('users')
    .set({
      demo_account: false,
      password_hash: hash,
      password_changed_at: now,
      must_change_password: mustChange,
      failed_attempts: 0,
      locked_until: null,
    })
    .where('id', '=', userId)
    .execute();
  await trx.insertInto('password_history').values({ user_id: userId, password_hash: hash, created_at: now }).execute();
}

/**
 * One failed password, counted under a row lock: SELECT … FOR UPDATE makes concurrent
 * failures of one account queue on its row (on PostgreSQL; PGlite has one connection),
 * so each reads the count the previous one wrote and the threshold-th failure locks,
 * whatever the concurrency. A lock in force is left as it is — never shortened nor
 * extended; an expired lock starts a fresh count; the locking failure resets the count.
 * Must run inside a transaction.
 */
export async function recordFailure(
  trx: Kysely<DB>,
  userId: number,
  now: Date,
  threshold: number,
  lockMinutes: number,
): Promise<{ attempts: number; lockedNow: boolean; lockedBefore: boolean }> {
  const row = await trx
    .selectFrom('users')
    .select(['failed_attempts', 'locked_until'])
    .where('id', '=', userId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (row.locked_until && row.locked_until > now) {
    return { attempts: row.failed_attempts, lockedNow: false, lockedBefore: true };
  }
  const attempts = (row.locked_until ? 0 : row.failed_attempts) + 1;
  const lockedNow = attempts >= threshold;
  await trx
    .updateTable('users')
    .set({
      failed_attempts: lockedNow ? 0 : attempts,
      locked_until: lockedNow ? new Date(now.getTime() + lockMinutes * 60_000) : null,
    })
    .where('id', '=', userId)
    .execute();
  return { attempts, lockedNow, lockedBefore: false };
}
