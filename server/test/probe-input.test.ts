/**
 * Probe (issue 11, input hygiene): each finding re-run as a test. Bad input is a 4xx in
 * Chinese naming the field, never a 500, and the audit chain stays verifiable.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAudit } from '../src/platform/audit.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let village1 = 0;

beforeAll(async () => {
  h = await harness({}, { demo: true });
  for (const u of ['sysadmin', 'auditor', 'tiaojie', 'fazhiban']) s[u] = await login(h.app, u, 'Demo@2026');
  village1 = (
    await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', '=', '湾头村村民委员会')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

const mediationCase = (unitId: number, address = '湾头村3组17号') => ({
  type: 'mediation',
  title: '排水纠纷',
  unitId: String(unitId),
  fields: {
    channel: 'walk_in',
    disputeType: 'neighbor',
    peopleCount: 2,
    summary: '排水沟纠纷',
    requests: '改建排水沟',
    receivedOn: '2026-03-02',
  },
  parties: [
    { role: 'applicant', name: '张德明', address },
    { role: 'respondent', name: '李国强' },
  ],
});

describe('the audit chain', () => {
  it('stays verifiable after logins with a lone surrogate or NUL as the username', async () => {
    for (const username of ['\ud800', 'a\u0000b', '\udfff\ud800', 'x\ufffe']) {
      const res = await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'x' } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toContain('用户名');
    }
    expect(await verifyAudit(h.db.database.db)).toMatchObject({ ok: true });
  });

  it('hashes every value exactly as it is stored, whatever reaches appendAudit', async () => {
    const db = h.db.database.db;
    await appendAudit(db, {
      chainId: 0,
      at: new Date(),
      actorId: null,
      actorName: 'a\u0000b\ud800',
      unitId: null,
      unitName: '\udc00',
      ip: '127.0.0.1',
      action: 'auth.login',
      target: 'x\u0000',
      outcome: 'failure',
      details: { username: '\ud800', nested: ['a\u0000', { 'k\u0000\ud800': '\ufffe' }], n: Number.NaN },
    });
    expect(await verifyAudit(db)).toMatchObject({ ok: true });
    const row = await db
      .selectFrom('audit_log')
      .select(['actor_name', 'target'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ actor_name: 'ab\ufffd', target: 'x' });
  });
});

describe('one validation layer', () => {
  it('refuses NUL in a query filter with 400 naming the field', async () => {
    const res = await as(h.app, s.auditor!)('GET', '/api/audit?actor=a%00b');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('操作人：含有不允许的字符（空字符）');
  });

  it('refuses U+FFFE in a party address with 400 naming 住址, and saves nothing', async () => {
    const before = await h.db.database.db
      .selectFrom('cases')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const res = await as(h.app, s.tiaojie!)('POST', '/api/cases', mediationCase(village1, '湾头村\ufffe3组'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('住址：含有不允许的字符（U+FFFE）');
    const after = await h.db.database.db
      .selectFrom('cases')
      .select((e) => e.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('refuses a lone surrogate in a JSON value with 400', async () => {
    const res = await as(h.app, s.tiaojie!)('POST', '/api/cases', { ...mediationCase(village1), title: 'a\udc00' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('标题：含有不允许的字符（不成对的代理项）');
  });

  it('refuses ids past the integer column with 400, not 500', async () => {
    for (const url of [
      '/api/org-units/2147483648',
      '/api/org-units?parentId=99999999999',
      '/api/users?unitId=2147483648',
      '/api/users/2147483648',
    ]) {
      const res = await as(h.app, s.sysadmin!)('GET', url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const res = await as(h.app, s.tiaojie!)('POST', '/api/cases', mediationCase(2_147_483_648));
    expect(res.statusCode).toBe(400);
  });

  it('refuses year 0000 in a date filter with 400 naming the field', async () => {
    const res = await as(h.app, s.auditor!)('GET', '/api/audit?from=0000-01-01');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('开始日期');
    const exp = await as(h.app, s.auditor!)('GET', '/api/audit/export?to=0000-01-01');
    expect(exp.statusCode).toBe(400);
    expect(exp.headers['content-type']).toContain('application/json');
  });
});

describe('ids and versions are checked against the column type, naming the field', () => {
  const GENERIC = '输入的值超出允许的范围或格式无效';
  const refused = (res: LightMyRequestResponse, label: string) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain(label);
    expect(res.json().error.message).not.toContain(GENERIC);
  };
  const cursor = (text: string) => Buffer.from(text).toString('base64url');

  it('query ids and cursors past the column', async () => {
    refused(await as(h.app, s.tiaojie!)('GET', '/api/cases?village=99999999999'), '村（社区）');
    refused(await as(h.app, s.tiaojie!)('GET', '/api/cases?assignee=99999999999'), '承办人');
    refused(await as(h.app, s.sysadmin!)('GET', '/api/users?cursor=2147483648'), '分页游标');
    const big = cursor('2026-01-01T00:00:00.000Z|99999999999999999999');
    refused(await as(h.app, s.tiaojie!)('GET', `/api/cases?cursor=${big}`), '分页游标');
    refused(await as(h.app, s.tiaojie!)('GET', '/api/mediation/duplicates?unitId=2147483648&name=x'), '所属村（社区）');
  });

  it('body ids past the column', async () => {
    refused(
      await as(h.app, s.sysadmin!)('POST', '/api/users', {
        username: 'probe.big',
        displayName: '探针',
        initialPassword: 'Probe@2026x',
        roles: [{ role: 'tiaojie', unitId: 2_147_483_648 }],
      }),
      '任职单位',
    );
    refused(
      await as(h.app, s.sysadmin!)('POST', '/api/org-units', {
        parentId: 2_147_483_648,
        kind: 'village',
        name: '探针村',
      }),
      '上级单位',
    );
    refused(await as(h.app, s.tiaojie!)('POST', '/api/cases', mediationCase(2_147_483_648)), '所属村（社区）或部门');
  });

  it('versions past the column', async () => {
    const me = await as(h.app, s.sysadmin!)('GET', '/api/users?q=sysadmin');
    const id = me.json().items[0].id;
    refused(await as(h.app, s.sysadmin!)('PATCH', `/api/users/${id}`, { version: 2_147_483_648 }), '版本号');
    const created = await as(h.app, s.tiaojie!)('POST', '/api/cases', mediationCase(village1));
    expect(created.statusCode, created.body).toBeLessThan(300);
    refused(
      await as(h.app, s.tiaojie!)('POST', `/api/cases/${created.json().id}/actions/assign`, {
        version: 2_147_483_648,
        input: {},
      }),
      '版本号',
    );
  });
});

describe('exports validate before the first byte', () => {
  it('a bad filter on the case export is a JSON 400 naming the field, not a 200 with a broken file', async () => {
    const res = await as(h.app, s.tiaojie!)('GET', '/api/cases/export.xlsx?village=99999999999');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json().error.message).toContain('村（社区）');
  });
});

describe('deleting an org unit', () => {
  it('that has cases → 409 with the reason', async () => {
    const town = await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', '=', '湾头桥镇')
      .executeTakeFirstOrThrow();
    const unit = await as(h.app, s.sysadmin!)('POST', '/api/org-units', {
      parentId: town.id,
      kind: 'village',
      name: '新建村民委员会',
    });
    expect(unit.statusCode).toBeLessThan(300);
    const created = await as(h.app, s.tiaojie!)('POST', '/api/cases', mediationCase(unit.json().id));
    expect(created.statusCode).toBeLessThan(300);
    const res = await as(h.app, s.sysadmin!)('DELETE', `/api/org-units/${unit.json().id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('案件');
  });
});
