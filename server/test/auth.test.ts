import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTown, createUser } from '../src/seed/factories.ts';
import { as, type Harness, harness, login } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

async function newUser(opts: { mustChange?: boolean; role?: string } = {}) {
  const { town } = await createTown(h.db.database.db);
  return createUser(h.db.database.db, {
    roles: [{ role: opts.role ?? 'fazhiban', unit: town }],
    mustChangePassword: opts.mustChange ?? false,
  });
}

describe('login', () => {
  it('signs in with the right password and sets HttpOnly SameSite=Strict cookies', async () => {
    const u = await newUser();
    const s = await login(h.app, u.username, u.password);
    const setCookie = ([] as string[]).concat(s.res.headers['set-cookie'] as string[]);
    const sid = setCookie.find((c) => c.startsWith('fazhi_sid='))!;
    expect(sid).toMatch(/HttpOnly/i);
    expect(sid).toMatch(/SameSite=Strict/i);
    const me = await as(h.app, s)('GET', '/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe(u.username);
    expect(me.json().permissions).toContain('case:read');
  });

  it('refuses a wrong password with 401 and a Chinese message stating the lock policy', async () => {
    const u = await newUser();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: u.username, password: 'Wrong@123' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toContain('用户名或密码错误');
    expect(res.json().error.message).toContain('连续失败 5 次将锁定 15 分钟');
  });

  it('answers an unknown user, a wrong password, a locked and a disabled account alike (no enumeration)', async () => {
    const post = (username: string, password = 'Wrong@123') =>
      h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    const known = await newUser();
    const locked = await newUser();
    const disabled = await newUser();
    await h.db.database.db.updateTable('users').set({ disabled: true }).where('id', '=', disabled.id).execute();
    const answers = [await post('nobody-here'), await post(known.username)];
    for (let i = 0; i < 5; i++) answers.push(await post(locked.username));
    answers.push(await post(locked.username, locked.password), await post(disabled.username, disabled.password));
    const first = { status: answers[0]!.statusCode, body: answers[0]!.json() };
    expect(first.status).toBe(401);
    expect(first.body.error.code).toBe('UNAUTHENTICATED');
    for (const a of answers) expect({ status: a.statusCode, body: a.json() }).toEqual(first);
    // The message names no count of attempts left.
    expect(first.body.error.message).not.toMatch(/再失败/);
  });

  it('locks the account for 15 minutes after 5 consecutive failures, then lets the right password in', async () => {
    const u = await newUser();
    const bad = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: 'Wrong@123' },
      });
    const right = () =>
      h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    for (let i = 0; i < 5; i++) expect((await bad()).statusCode).toBe(401);
    const row = await h.db.database.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.locked_until?.getTime()).toBe(h.clock.now().getTime() + 15 * 60_000);
    // Even the right password is refused while locked.
    expect((await right()).statusCode).toBe(401);
    h.clock.advanceMinutes(14);
    expect((await right()).statusCode).toBe(401);
    h.clock.advanceMinutes(2);
    await login(h.app, u.username, u.password);
  });

  it('locks the account when 25 wrong passwords arrive at once; the right password is then refused', async () => {
    const u = await newUser();
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: u.username, password: 'Wrong@123' },
        }),
      ),
    );
    expect(results.every((r) => r.statusCode === 401)).toBe(true);
    const db = h.db.database.db;
    const row = await db.selectFrom('users').select('locked_until').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    expect(row.locked_until!.getTime()).toBeGreaterThan(h.clock.now().getTime());
    const audit = await db.selectFrom('audit_log').select(['action', 'outcome']).where('actor_id', '=', u.id).execute();
    // Exactly the 5th failure locks; the 20 after it are refused as locked.
    expect(audit.filter((a) => a.action === 'auth.lock')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'auth.login' && a.outcome === 'failure')).toHaveLength(4);
    expect(audit.filter((a) => a.outcome === 'denied')).toHaveLength(20);
    const right = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: u.username, password: u.password },
    });
    expect(right.statusCode).toBe(401);
  });

  it('resets the failure count after a success', async () => {
    const u = await newUser();
    const bad = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: u.username, password: 'Wrong@123' },
      });
    for (let i = 0; i < 4; i++) await bad();
    await login(h.app, u.username, u.password);
    expect((await bad()).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('ends a session idle for 30 minutes (clock injected)', async () => {
    const u = await newUser();
    const s = await login(h.app, u.username, u.password);
    h.clock.advanceMinutes(29);
    expect((await as(h.app, s)('GET', '/api/me')).statusCode).toBe(200);
    h.clock.advanceMinutes(29);
    expect((await as(h.app, s)('GET', '/api/me')).statusCode).toBe(200);
    h.clock.advanceMinutes(31);
    expect((await as(h.app, s)('GET', '/api/me')).statusCode).toBe(401);
  });

  it('ends a session after 12 hours however active it is', async () => {
    const u = await newUser();
    const s = await login(h.app, u.username, u.password);
    for (let i = 0; i < 24; i++) {
      h.clock.advanceMinutes(29);
      if ((await as(h.app, s)('GET', '/api/me')).statusCode !== 200) break;
    }
    // 24 × 29 min = 11.6 h: still alive; the next half hour crosses 12 h.
    h.clock.advanceMinutes(29);
    expect((await as(h.app, s)('GET', '/api/me')).statusCode).toBe(401);
  });

  it('logs out, and "log out all" ends the other sessions too', async () => {
    const u = await newUser();
    const a = await login(h.app, u.username, u.password);
    const b = await login(h.app, u.username, u.password);
    expect((await as(h.app, a)('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await as(h.app, a)('GET', '/api/me')).statusCode).toBe(401);
    expect((await as(h.app, b)('GET', '/api/me')).statusCode).toBe(200);
    const c = await login(h.app, u.username, u.password);
    expect((await as(h.app, c)('POST', '/api/auth/logout-all')).statusCode).toBe(204);
    expect((await as(h.app, b)('GET', '/api/me')).statusCode).toBe(401);
    expect((await as(h.app, c)('GET', '/api/me')).statusCode).toBe(401);
  });

  it('refuses a write without the CSRF token', async () => {
    const u = await newUser();
    const s = await login(h.app, u.username, u.password);
    const res = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('CSRF');
    expect((await as(h.app, s)('GET', '/api/me')).statusCode).toBe(200);
  });
});

describe('password change', () => {
  it('forces a new account to change the initial password before anything else', async () => {
    const u = await newUser({ mustChange: true });
    const s = await login(h.app, u.username, u.password);
    expect(s.res.json().mustChangePassword).toBe(true);
    expect(s.res.json().menu).toEqual([]);
    const blocked = await as(h.app, s)('GET', '/api/org-units');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await as(h.app, s)('POST', '/api/auth/password', {
      currentPassword: u.password,
      newPassword: 'abcdefgh',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].path).toBe('newPassword');
    const ok = await as(h.app, s)('POST', '/api/auth/password', {
      currentPassword: u.password,
      newPassword: 'Better#2026',
    });
    expect(ok.statusCode).toBe(204);
    expect((await as(h.app, s)('GET', '/api/org-units')).statusCode).toBe(200);
  });

  it('refuses the current password when it is wrong', async () => {
    const u = await newUser();
    const s = await login(h.app, u.username, u.password);
    const res = await as(h.app, s)('POST', '/api/auth/password', {
      currentPassword: 'nope',
      newPassword: 'Better#2026',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ path: 'currentPassword', message: '当前密码不正确' });
  });

  it('refuses any of the last 5 passwords', async () => {
    const u = await newUser();
    const s = await login(h.app, u.username, u.password);
    const seq = ['Pass#0001a', 'Pass#0002a', 'Pass#0003a'];
    let current = u.password;
    for (const p of seq) {
      expect(
        (await as(h.app, s)('POST', '/api/auth/password', { currentPassword: current, newPassword: p })).statusCode,
      ).toBe(204);
      current = p;
    }
    const reuse = await as(h.app, s)('POST', '/api/auth/password', {
      currentPassword: current,
      newPassword: u.password,
    });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().error.message).toContain('最近 5 次');
  });
});

describe('rate limit', () => {
  it('answers 429 in Chinese when one address tries too often', async () => {
    const limited = await harness({ loginRatePerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'x1', password: 'y' },
        });
        codes.push(r.statusCode);
        if (r.statusCode === 429) expect(r.json().error.message).toContain('频繁');
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});
