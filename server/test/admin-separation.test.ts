/**
 * Issue 11: an administrator never grants more than it holds, and the 三员 (system,
 * security and audit administrators) cannot reach each other's accounts except as the
 * separation allows. Each test re-runs a finding of the security review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, type UnitRow } from '../src/seed/factories.ts';
import { as, demoUnits, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
let sysadmin: Session;
let secadmin: Session;
let county: UnitRow;
const ids: Record<string, number> = {};

const userId = async (username: string) =>
  (await h.db.database.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
    .id;
const unitId = async (name: string) =>
  (await h.db.database.db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const tryLogin = (username: string, password: string) =>
  h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

beforeAll(async () => {
  h = await harness({}, { demo: true });
  ({ county } = await demoUnits(h.db.database.db));
  sysadmin = await login(h.app, 'sysadmin', 'Demo@2026');
  secadmin = await login(h.app, 'secadmin', 'Demo@2026');
  for (const u of ['sysadmin', 'secadmin', 'auditor', 'cun01', 'leader']) ids[u] = await userId(u);
  ids.town = await unitId('湾头桥镇');
  ids.zongzhi = (
    await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', 'like', '综治中心%')
      .executeTakeFirstOrThrow()
  ).id;
  ids.otherTownVillage = await unitId('青石村村民委员会');
});
afterAll(() => h.close());

const newUser = (username: string, role: string, unitId: number, scope?: string) => ({
  username,
  displayName: username,
  initialPassword: 'Init#2026a',
  roles: [{ role, unitId, ...(scope ? { scope } : {}) }],
});

describe('an administrator grants only within its own scope', () => {
  it("the town's 系统管理员 cannot create a county-scoped 矛调中心 user (who would reach 青石镇)", async () => {
    const res = await as(h.app, sysadmin)('POST', '/api/users', newUser('wide1', 'tiaojie', ids.zongzhi!, 'county'));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.fields[0].path).toBe('roles.0.scope');
    expect(res.json().error.message).toContain('数据范围');
    expect((await tryLogin('wide1', 'Init#2026a')).statusCode).toBe(401);
  });

  it('nor a county-scoped 镇领导, nor a 县级督查 (whose default scope is the county)', async () => {
    const leader = await as(h.app, sysadmin)('POST', '/api/users', newUser('wide2', 'leader', ids.town!, 'county'));
    expect(leader.statusCode).toBe(403);
    const sup = await as(h.app, sysadmin)('POST', '/api/users', newUser('wide3', 'county', ids.town!));
    expect(sup.statusCode).toBe(403);
    expect(sup.json().error.fields[0].path).toBe('roles.0.scope');
  });

  it('nor any admin role (审计管理员, 安全管理员, 系统管理员), whatever the scope', async () => {
    for (const [name, role] of [
      ['wide4', 'auditor'],
      ['wide5', 'secadmin'],
      ['wide6', 'sysadmin'],
    ] as const) {
      const res = await as(h.app, sysadmin)('POST', '/api/users', newUser(name, role, ids.town!, 'county'));
      expect(res.statusCode).toBe(403);
      expect(res.json().error.fields[0].path).toBe('roles.0.role');
      const plain = await as(h.app, sysadmin)('POST', '/api/users', newUser(name, role, ids.town!));
      expect(plain.statusCode).toBe(403);
    }
  });

  it('nor widen an existing user to the county, nor its own roles; a town scope inside its town is fine', async () => {
    const ok = await as(h.app, sysadmin)('POST', '/api/users', newUser('narrow1', 'tiaojie', ids.zongzhi!, 'town'));
    expect(ok.statusCode).toBe(201);
    const u = ok.json();
    const widen = await as(h.app, sysadmin)('PATCH', `/api/users/${u.id}`, {
      roles: [{ role: 'tiaojie', unitId: ids.zongzhi, scope: 'county' }],
      version: u.version,
    });
    expect(widen.statusCode).toBe(403);
    expect(widen.json().error.fields[0].path).toBe('roles.0.scope');
    const me = (await as(h.app, sysadmin)('GET', `/api/users/${ids.sysadmin}`)).json();
    const self = await as(h.app, sysadmin)('PATCH', `/api/users/${ids.sysadmin}`, {
      roles: [{ role: 'sysadmin', unitId: ids.town, scope: 'county' }],
      version: me.version,
    });
    expect(self.statusCode).toBe(403);
    const after = (await as(h.app, sysadmin)('GET', `/api/users/${ids.sysadmin}`)).json();
    expect(after.roles).toEqual(me.roles);
  });
});

describe('三员分立: the 系统管理员 cannot reach the other administrators', () => {
  it("cannot reset the 审计管理员's password (and so cannot sign in as the auditor)", async () => {
    const res = await as(h.app, sysadmin)('POST', `/api/users/${ids.auditor}/reset-password`, {
      password: 'Taken#2026a',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('安全管理员');
    expect((await tryLogin('auditor', 'Taken#2026a')).statusCode).toBe(401);
  });

  it('cannot disable the 安全管理员, end its sessions, unlock it, rename it or change its roles', async () => {
    const sec = (await as(h.app, sysadmin)('GET', `/api/users/${ids.secadmin}`)).json();
    const calls = [
      as(h.app, sysadmin)('PATCH', `/api/users/${ids.secadmin}`, { disabled: true, version: sec.version }),
      as(h.app, sysadmin)('PATCH', `/api/users/${ids.secadmin}`, { displayName: '冒名', version: sec.version }),
      as(h.app, sysadmin)('PATCH', `/api/users/${ids.secadmin}`, {
        roles: [{ role: 'village', unitId: ids.zongzhi }],
        version: sec.version,
      }),
      as(h.app, sysadmin)('POST', `/api/users/${ids.secadmin}/end-sessions`),
      as(h.app, sysadmin)('POST', `/api/users/${ids.secadmin}/unlock`),
      as(h.app, sysadmin)('POST', `/api/users/${ids.auditor}/end-sessions`),
    ];
    for (const res of await Promise.all(calls)) expect(res.statusCode).toBe(403);
    expect((await as(h.app, secadmin)('GET', '/api/me')).statusCode).toBe(200);
    const still = (await as(h.app, sysadmin)('GET', `/api/users/${ids.secadmin}`)).json();
    expect(still).toMatchObject({ disabled: false, displayName: sec.displayName, version: sec.version });
  });

  it('still manages business users', async () => {
    const res = await as(h.app, sysadmin)('POST', `/api/users/${ids.cun01}/end-sessions`);
    expect(res.statusCode).toBe(204);
  });
});

describe('三员分立: the 安全管理员 manages the other administrators, audited', () => {
  it("resets the 审计管理员's password and ends its sessions; the act is in the audit log", async () => {
    const auditor = await login(h.app, 'auditor', 'Demo@2026');
    const res = await as(h.app, secadmin)('POST', `/api/security/admins/${ids.auditor}/reset-password`, {
      password: 'Audit#2026b',
    });
    expect(res.statusCode).toBe(204);
    expect((await as(h.app, auditor)('GET', '/api/me')).statusCode).toBe(401);
    const again = await login(h.app, 'auditor', 'Audit#2026b');
    expect(again.res.json().mustChangePassword).toBe(true);
    const row = await h.db.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.reset_password')
      .where('target', '=', `user:${ids.auditor}`)
      .executeTakeFirstOrThrow();
    expect(row.actor_id).toBe(ids.secadmin);
  });

  it('disables and re-enables the 系统管理员, lists the admin accounts, but not business users', async () => {
    const list = (await as(h.app, secadmin)('GET', '/api/security/admins')).json();
    expect(list.items.map((u: { username: string }) => u.username).sort()).toEqual(['auditor', 'secadmin', 'sysadmin']);
    const sys = list.items.find((u: { username: string }) => u.username === 'sysadmin');
    const off = await as(h.app, secadmin)('PATCH', `/api/security/admins/${sys.id}`, {
      disabled: true,
      version: sys.version,
    });
    expect(off.statusCode).toBe(200);
    expect((await as(h.app, sysadmin)('GET', '/api/me')).statusCode).toBe(401);
    const on = await as(h.app, secadmin)('PATCH', `/api/security/admins/${sys.id}`, {
      disabled: false,
      version: off.json().version,
    });
    expect(on.statusCode).toBe(200);
    sysadmin = await login(h.app, 'sysadmin', 'Demo@2026');
    const biz = await as(h.app, secadmin)('POST', `/api/security/admins/${ids.cun01}/end-sessions`);
    expect(biz.statusCode).toBe(403);
  });

  it("an administrator from another town's scope gets 404", async () => {
    const qs = await unitRow(await unitId('青石镇'));
    const other = await createUser(h.db.database.db, { username: 'qsaudit', roles: [{ role: 'auditor', unit: qs }] });
    const res = await as(h.app, secadmin)('POST', `/api/security/admins/${other.id}/unlock`);
    expect(res.statusCode).toBe(404);
  });

  it('cannot act on itself nor on another 安全管理员 of its town; a county 安全管理员 can', async () => {
    const self = await as(h.app, secadmin)('POST', `/api/security/admins/${ids.secadmin}/reset-password`, {
      password: 'Self#2026abc',
    });
    expect(self.statusCode).toBe(403);
    const peer = await createUser(h.db.database.db, {
      username: 'secadmin2',
      roles: [{ role: 'secadmin', unit: await unitRow(ids.town!) }],
    });
    const peerRes = await as(h.app, secadmin)('POST', `/api/security/admins/${peer.id}/reset-password`, {
      password: 'Peer#2026abc',
    });
    expect(peerRes.statusCode).toBe(403);
    expect(peerRes.json().error.message).toContain('上级');
    const up = await createUser(h.db.database.db, {
      username: 'countysec',
      roles: [{ role: 'secadmin', unit: county }],
    });
    const countySec = await login(h.app, 'countysec', up.password);
    const byCounty = await as(h.app, countySec)('POST', `/api/security/admins/${ids.secadmin}/reset-password`, {
      password: 'Sec#2026abcd',
    });
    expect(byCounty.statusCode).toBe(204);
    await login(h.app, 'secadmin', 'Sec#2026abcd');
  });
});

async function unitRow(id: number): Promise<UnitRow> {
  return (await h.db.database.db
    .selectFrom('org_units')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()) as unknown as UnitRow;
}
