/** Bad input gets a 4xx with a Chinese message naming the field, and changes nothing. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
let admin: Session;
let village1 = 0;

beforeAll(async () => {
  h = await harness({}, { demo: true });
  admin = await login(h.app, 'sysadmin', 'Demo@2026');
  village1 = (
    await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', '=', '湾头村村民委员会')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

const countUsers = async () =>
  Number(
    (
      await h.db.database.db
        .selectFrom('users')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('malformed requests', () => {
  it('malformed JSON → 400 in Chinese', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
      payload: '{"username": "abc",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('请求内容不是有效的 JSON');
  });

  it('wrong types → 400 naming each field by its Chinese label', async () => {
    const before = await countUsers();
    const res = await as(h.app, admin)('POST', '/api/users', {
      username: 12,
      displayName: ['x'],
      initialPassword: 'Init#2026a',
      roles: 'x',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json().error;
    expect(body.code).toBe('VALIDATION');
    const paths = body.fields.map((f: { path: string }) => f.path).sort();
    expect(paths).toEqual(['displayName', 'roles', 'username']);
    expect(body.message).toContain('用户名');
    expect(body.message).toContain('姓名');
    expect(body.message).toContain('角色');
    expect(await countUsers()).toBe(before);
  });

  it('unknown fields → 400 naming them', async () => {
    const res = await as(h.app, admin)('POST', '/api/users', {
      username: 'someone',
      displayName: '某人',
      initialPassword: 'Init#2026a',
      roles: [{ role: 'village', unitId: village1 }],
      isAdmin: true,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('isAdmin');
  });

  it('a 1 MB string → 413, a long name → 400; nothing saved', async () => {
    const before = await countUsers();
    const huge = await as(h.app, admin)('POST', '/api/users', {
      username: 'big',
      displayName: 'x'.repeat(1024 * 1024),
      initialPassword: 'Init#2026a',
      roles: [{ role: 'village', unitId: village1 }],
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.message).toBe('请求内容过大');
    const long = await as(h.app, admin)('POST', '/api/users', {
      username: 'long',
      displayName: '长'.repeat(51),
      initialPassword: 'Init#2026a',
      roles: [{ role: 'village', unitId: village1 }],
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.message).toContain('姓名');
    expect(await countUsers()).toBe(before);
  });

  it('a bad path parameter → 400, a bad date filter → 400', async () => {
    expect((await as(h.app, admin)('GET', '/api/org-units/abc')).statusCode).toBe(400);
    const auditor = await login(h.app, 'auditor', 'Demo@2026');
    const res = await as(h.app, auditor)('GET', '/api/audit?from=2026-13-40');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('开始日期');
  });

  it('unknown API paths → 404 in Chinese, not the SPA', async () => {
    const res = await as(h.app, admin)('GET', '/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toBe('接口不存在');
  });
});
