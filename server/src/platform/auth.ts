/**
 * Authentication: passwords, lockout and database sessions (GB/T 22239-2019 8.1.4.1:
 * login-failure handling, limited attempts, automatic logout on idle). Every function
 * takes `now` so the tests can move the clock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { AppError, checkPassword } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { appendAudit } from './audit.ts';
import { type AuthContext, chainFor, idFromPath, loadAssignments, permissionsFor } from './context.ts';
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

export interface LoginResult {
  token: string;
  csrfToken: string;
  userId: number;
  expiresAt: Date;
}

export class AuthService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly settings: SettingsStore,
  ) {}

  async login(username: string, password: string, meta: RequestMeta, now: Date): Promise<LoginResult> {
    const sec = await this.settings.security();
    const name = username.trim().toLowerCase();
    const user = await this.db.selectFrom('users').selectAll().where('username', '=', name).executeTakeFirst();
    const base = { at: now, ip: meta.ip, unitId: null, unitName: null, target: name } as const;
    if (!user) {
      await verifyPassword(password, DUMMY_HASH); // same cost as a real check: no username probing by timing
      await appendAudit(this.db, {
        ...base,
        chainId: 0,
        actorId: null,
        actorName: null,
        action: 'auth.login',
        outcome: 'failure',
        details: { reason: 'unknown_user' },
      });
      throw new AppError('UNAUTHENTICATED', '用户名或密码错误');
    }
    const assignments = await loadAssignments(this.db, user.id);
    const chainId = chainFor(user.town_id, assignments, idFromPath);
    const actor = { chainId, actorId: user.id, actorName: user.display_name };
    if (user.locked_until && user.locked_until > now) {
      await appendAudit(this.db, {
        ...base,
        ...actor,
        action: 'auth.login',
        outcome: 'denied',
        details: { reason: 'locked' },
      });
      throw lockedError(user.locked_until);
    }
    if (user.disabled) {
      await appendAudit(this.db, {
        ...base,
        ...actor,
        action: 'auth.login',
        outcome: 'denied',
        details: { reason: 'disabled' },
      });
      throw new AppError('UNAUTHENTICATED', '账户已停用，请联系系统管理员');
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      // A lock that has expired starts a fresh count.
      const prior = user.locked_until && user.locked_until <= now ? 0 : user.failed_attempts;
      const attempts = prior + 1;
      const lockedUntil = attempts >= sec.lockThreshold ? new Date(now.getTime() + sec.lockMinutes * 60_000) : null;
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ failed_attempts: lockedUntil ? 0 : attempts, locked_until: lockedUntil })
          .where('id', '=', user.id)
          .execute();
        await appendAudit(trx, {
          ...base,
          ...actor,
          action: lockedUntil ? 'auth.lock' : 'auth.login',
          outcome: 'failure',
          details: { reason: 'bad_password', attempts },
        });
      });
      if (lockedUntil) throw lockedError(lockedUntil);
      const left = sec.lockThreshold - attempts;
      throw new AppError('UNAUTHENTICATED', `用户名或密码错误（再失败 ${left} 次将锁定账户 ${sec.lockMinutes} 分钟）`);
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + sec.absoluteTimeoutHours * 3_600_000);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ failed_attempts: 0, locked_until: null, last_login_at: now })
        .where('id', '=', user.id)
        .execute();
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
    });
    return { token, csrfToken, userId: user.id, expiresAt };
  }

  /**
   * Resolves a session cookie to an AuthContext, or null when it is unknown, ended,
   * idle for too long or past its absolute lifetime (and marks it ended).
   */
  async authenticate(token: string, now: Date, demoMode: boolean): Promise<AuthContext | null> {
    const sec = await this.settings.security();
    const id = tokenHash(token);
    const row = await this.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.id',
        's.csrf_token',
        's.last_seen_at',
        's.expires_at',
        's.ended_at',
        'u.id as user_id',
        'u.username',
        'u.display_name',
        'u.town_id',
        'u.must_change_password',
        'u.demo_account',
        'u.disabled',
      ])
      .where('s.id', '=', id)
      .executeTakeFirst();
    if (!row || row.ended_at) return null;
    const idleLimit = row.last_seen_at.getTime() + sec.idleTimeoutMinutes * 60_000;
    let reason: string | null = null;
    if (row.disabled) reason = 'disabled';
    else if (row.expires_at <= now) reason = 'absolute_timeout';
    else if (idleLimit <= now.getTime()) reason = 'idle_timeout';
    if (reason) {
      await this.db.updateTable('sessions').set({ ended_at: now, end_reason: reason }).where('id', '=', id).execute();
      return null;
    }
    // Writing last_seen on every request would turn each read into a write; a 30 s
    // granularity is far finer than the idle limit.
    if (now.getTime() - row.last_seen_at.getTime() > 30_000) {
      await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    }
    const assignments = await loadAssignments(this.db, row.user_id);
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

  async endSession(sessionId: string, reason: string, now: Date): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: reason })
      .where('id', '=', sessionId)
      .where('ended_at', 'is', null)
      .execute();
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

function lockedError(until: Date): AppError {
  return new AppError(
    'ACCOUNT_LOCKED',
    `连续登录失败次数过多，账户已锁定至 ${formatShanghai(until)}（北京时间），请届时再试或联系系统管理员解锁`,
    {
      details: { lockedUntil: until.toISOString() },
    },
  );
}
