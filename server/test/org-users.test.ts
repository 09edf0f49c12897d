import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
let admin: Session;
let townId = 0;
let village1 = 0;

beforeAll(async () => {
  h = await harness({}, { demo: true });
  admin = await login(h.app, 'sysadmin', 'Demo@2026');
  const db = h.db.database.db;
  townId = (await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()).id;
  village1 = (
    await db.selectFrom('org_units').select('id').where('name', '=', '湾头村村民委员会').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

describe('org tree', () => {
  it('lists the town as the admin root, and its children lazily with hasChildren', async () => {
    const roots = (await as(h.app, admin)('GET', '/api/org-units')).json();
    expect(roots).toEqual([
      expect.objectContaining({ id: townId, kind: 'town', code: '339901101000', hasChildren: true }),
    ]);
    const children = (await as(h.app, admin)('GET', `/api/org-units?parentId=${townId}`)).json();
    expect(children).toHaveLength(18);
    expect(children.filter((c: { kind: string }) => c.kind === 'village' || c.kind === 'community')).toHaveLength(10);
  });

  it('creates a village with a division code inside the town, and refuses one outside it', async () => {
    const bad = await as(h.app, admin)('POST', '/api/org-units', {
      parentId: townId,
      kind: 'village',
      name: '新村',
      code: '339901102299',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].path).toBe('code');
    expect(bad.json().error.message).toContain('339901101000');
    const ok = await as(h.app, admin)('POST', '/api/org-units', {
      parentId: townId,
      kind: 'village',
      name: '新村村民委员会',
      code: '339901101299',
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({
      townId,
      kind: 'village',
      path: expect.stringMatching(new RegExp(`/${townId}/\\d+/$`)),
    });
  });

  it('refuses a kind that cannot sit under the parent, and duplicate names', async () => {
    const kind = await as(h.app, admin)('POST', '/api/org-units', {
      parentId: village1,
      kind: 'village',
      name: '村中村',
    });
    expect(kind.statusCode).toBe(400);
    const dup = await as(h.app, admin)('POST', '/api/org-units', {
      parentId: townId,
      kind: 'department',
      name: '司法所',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('司法所');
  });

  it('detects concurrent edits with the version (409) and keeps the first edit', async () => {
    const unit = (
      await as(h.app, admin)('POST', '/api/org-units', { parentId: townId, kind: 'department', name: '版本测试办' })
    ).json();
    const first = await as(h.app, admin)('PATCH', `/api/org-units/${unit.id}`, {
      name: '版本测试办A',
      version: unit.version,
    });
    expect(first.statusCode).toBe(200);
    const second = await as(h.app, admin)('PATCH', `/api/org-units/${unit.id}`, {
      name: '版本测试办B',
      version: unit.version,
    });
    expect(second.statusCode).toBe(409);
    expect((await as(h.app, admin)('GET', `/api/org-units/${unit.id}`)).json().name).toBe('版本测试办A');
  });

  it('refuses to delete a unit that still has users, deletes an empty one', async () => {
    const busy = await as(h.app, admin)('DELETE', `/api/org-units/${village1}`);
    expect(busy.statusCode).toBe(409);
    const empty = (
      await as(h.app, admin)('POST', '/api/org-units', { parentId: townId, kind: 'department', name: '临时办' })
    ).json();
    expect((await as(h.app, admin)('DELETE', `/api/org-units/${empty.id}`)).statusCode).toBe(204);
    expect((await as(h.app, admin)('GET', `/api/org-units/${empty.id}`)).statusCode).toBe(404);
  });
});

describe('users', () => {
  it('creates a user who must change the initial password, with two roles in two units (兼职)', async () => {
    const sifasuo = (
      await h.db.database.db.selectFrom('org_units').select('id').where('name', '=', '司法所').executeTakeFirstOrThrow()
    ).id;
    const zongzhi = (
      await h.db.database.db
        .selectFrom('org_units')
        .select('id')
        .where('name', 'like', '综治中心%')
        .executeTakeFirstOrThrow()
    ).id;
    const res = await as(h.app, admin)('POST', '/api/users', {
      username: 'JianZhi',
      displayName: '兼职干部',
      phone: '13800138000',
      initialPassword: 'Init#2026a',
      roles: [
        { role: 'sifasuo', unitId: sifasuo },
        { role: 'tiaojie', unitId: zongzhi },
      ],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'jianzhi', mustChangePassword: true });
    expect(res.json().roles.map((r: { roleLabel: string }) => r.roleLabel)).toEqual(['司法所', '矛调中心']);
    const s = await login(h.app, 'jianzhi', 'Init#2026a');
    expect(s.res.json().mustChangePassword).toBe(true);
  });

  it('refuses combining two of the three admin roles (三员分立), and an admin role with a business role', async () => {
    const res = await as(h.app, admin)('POST', '/api/users', {
      username: 'allpower',
      displayName: '全能',
      initialPassword: 'Init#2026a',
      roles: [
        { role: 'sysadmin', unitId: townId },
        { role: 'auditor', unitId: townId },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('三员分立');
    const mixed = await as(h.app, admin)('POST', '/api/users', {
      username: 'mixed',
      displayName: '混合',
      initialPassword: 'Init#2026a',
      roles: [
        { role: 'sysadmin', unitId: townId },
        { role: 'leader', unitId: townId },
      ],
    });
    expect(mixed.statusCode).toBe(400);
  });

  it('refuses a duplicate username with 409 and a weak initial password with 400', async () => {
    const dup = await as(h.app, admin)('POST', '/api/users', {
      username: 'leader',
      displayName: '重复',
      initialPassword: 'Init#2026a',
      roles: [{ role: 'village', unitId: village1 }],
    });
    expect(dup.statusCode).toBe(409);
    const weak = await as(h.app, admin)('POST', '/api/users', {
      username: 'weakling',
      displayName: '弱密码',
      initialPassword: 'password',
      roles: [{ role: 'village', unitId: village1 }],
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.fields[0].path).toBe('initialPassword');
  });

  it('disabling a user ends their sessions; reset password forces a change; admin can end sessions', async () => {
    const cun02 = await login(h.app, 'cun02', 'Demo@2026');
    const list = (await as(h.app, admin)('GET', '/api/users?q=cun02')).json();
    const u = list.items[0];
    expect((await as(h.app, admin)('POST', `/api/users/${u.id}/end-sessions`)).statusCode).toBe(204);
    expect((await as(h.app, cun02)('GET', '/api/me')).statusCode).toBe(401);
    expect(
      (await as(h.app, admin)('POST', `/api/users/${u.id}/reset-password`, { password: 'Reset#2026a' })).statusCode,
    ).toBe(204);
    const after = await login(h.app, 'cun02', 'Reset#2026a');
    expect(after.res.json().mustChangePassword).toBe(true);
    const dis = await as(h.app, admin)('PATCH', `/api/users/${u.id}`, { disabled: true, version: u.version });
    expect(dis.statusCode).toBe(200);
    expect((await as(h.app, after)('GET', '/api/me')).statusCode).toBe(401);
    const denied = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'cun02', password: 'Reset#2026a' },
    });
    expect(denied.statusCode).toBe(401);
    expect(denied.json().error.message).toContain('停用');
  });

  it("a changed role shows on the user's very next request (the session cache of platform/auth.ts is emptied by the change)", async () => {
    const db = h.db.database.db;
    const village2 = (
      await db.selectFrom('org_units').select('id').where('name', '=', '桥东村村民委员会').executeTakeFirstOrThrow()
    ).id;
    const cun01 = await login(h.app, 'cun01', 'Demo@2026');
    const before = await as(h.app, cun01)('GET', '/api/me');
    expect(JSON.stringify(before.json())).toContain('湾头村村民委员会');
    const u = (await as(h.app, admin)('GET', '/api/users?q=cun01')).json().items[0];
    const moved = await as(h.app, admin)('PATCH', `/api/users/${u.id}`, {
      roles: [{ role: 'village', unitId: village2 }],
      version: u.version,
    });
    expect(moved.statusCode).toBe(200);
    const after = await as(h.app, cun01)('GET', '/api/me');
    expect(JSON.stringify(after.json())).toContain('桥东村村民委员会');
    expect(JSON.stringify(after.json())).not.toContain('湾头村村民委员会');
  });

  it('paginates with a cursor', async () => {
    const p1 = (await as(h.app, admin)('GET', '/api/users?limit=5')).json();
    expect(p1.items).toHaveLength(5);
    const p2 = (await as(h.app, admin)('GET', `/api/users?limit=5&cursor=${p1.nextCursor}`)).json();
    expect(p2.items[0].id).toBeGreaterThan(p1.items[4].id);
  });

  it('unlocks a locked account', async () => {
    for (let i = 0; i < 5; i++) {
      await h.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'ziran', password: 'Wrong#1234' },
      });
    }
    const locked = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ziran', password: 'Demo@2026' },
    });
    expect(locked.statusCode).toBe(401);
    const id = (await as(h.app, admin)('GET', '/api/users?q=ziran')).json().items[0].id;
    expect((await as(h.app, admin)('POST', `/api/users/${id}/unlock`)).statusCode).toBe(204);
    await login(h.app, 'ziran', 'Demo@2026');
  });
});

describe('security settings', () => {
  it('the security admin changes the lock threshold; the next login follows it', async () => {
    const sec = await login(h.app, 'secadmin', 'Demo@2026');
    const current = (await as(h.app, sec)('GET', '/api/settings/security')).json();
    const res = await as(h.app, sec)('PUT', '/api/settings/security', { ...current, lockThreshold: 3 });
    expect(res.statusCode).toBe(200);
    expect(res.json().lockThreshold).toBe(3);
    const stale = await as(h.app, sec)('PUT', '/api/settings/security', { ...current, lockThreshold: 4 });
    expect(stale.statusCode).toBe(409);
    const bad = () =>
      h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'anjian', password: 'Wrong#1234' } });
    expect((await bad()).statusCode).toBe(401);
    expect((await bad()).statusCode).toBe(401);
    expect((await bad()).statusCode).toBe(401);
    const locked = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'anjian', password: 'Demo@2026' },
    });
    expect(locked.statusCode).toBe(401);
    const low = await as(h.app, sec)('PUT', '/api/settings/security', {
      ...(res.json() as object),
      passwordMinLength: 6,
    });
    expect(low.statusCode).toBe(400);
    expect(low.json().error.message).toContain('密码最小长度');
  });
});
