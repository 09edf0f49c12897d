/**
 * What the API lets out besides its data (issue 11, "Low"): no response with personal
 * data may be cached, and the API document is for signed-in users once demo mode is off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintModule } from './fixtures/complaint.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
let tiaojie: Session;

async function setDemo(on: boolean) {
  await h.db.database.db
    .updateTable('settings')
    .set({ value: JSON.stringify(on) })
    .where('key', '=', 'demo')
    .execute();
  h.app.services.settings.invalidate();
}

beforeAll(async () => {
  h = await harness({}, { modules: [complaintModule], demo: true });
  const db = h.db.database.db;
  // Out of demo mode the demo password must be changed first; this test is not about that.
  await db.updateTable('users').set({ must_change_password: false }).execute();
  tiaojie = await login(h.app, 'tiaojie', 'Demo@2026');
});
afterAll(() => h.close());

describe('the API document (/api/docs)', () => {
  it('is open while demo mode is on', async () => {
    await setDemo(true);
    const json = await h.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(Object.keys(json.json().paths)).toContain('/api/cases');
    expect((await h.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('needs a signed-in user once demo mode is off', async () => {
    await setDemo(false);
    try {
      for (const url of [
        '/api/docs/json',
        '/api/docs/yaml',
        '/api/docs',
        '/api/docs/',
        '/api/docs/static/index.html',
      ]) {
        const res = await h.app.inject({ method: 'GET', url });
        expect(res.statusCode, url).toBe(401);
        expect(res.json().error).toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录后再查看接口文档' });
        expect(res.body, url).not.toContain('/api/cases');
      }
      const signedIn = await as(h.app, tiaojie)('GET', '/api/docs/json');
      expect(signedIn.statusCode).toBe(200);
      expect(Object.keys(signedIn.json().paths)).toContain('/api/cases');
    } finally {
      await setDemo(true);
    }
  });
});

describe('Cache-Control on responses with personal data', () => {
  const ID_A = '110101199003070011';

  it('case detail, unmask and the Excel export are never stored by a cache', async () => {
    const units = h.db.database.db.selectFrom('org_units').select('id');
    const unit = (await units.where('name', '=', '湾头村村民委员会').executeTakeFirstOrThrow()).id;
    const created = await as(h.app, tiaojie)('POST', '/api/cases', {
      type: 'complaint',
      title: '缓存测试投诉',
      unitId: String(unit),
      fields: { receivedOn: '2026-03-02', category: 'noise', summary: '夜间噪声' },
      parties: [{ role: 'complainant', name: '张三丰', idNumber: ID_A, phone: '13812345678' }],
    });
    expect(created.statusCode, created.body).toBe(200);
    const c = created.json();

    const detail = await as(h.app, tiaojie)('GET', `/api/cases/${c.id}`);
    const unmask = await as(h.app, tiaojie)('POST', `/api/parties/${c.parties[0].id}/unmask`);
    const exported = await as(h.app, tiaojie)('GET', '/api/cases/export.xlsx?type=complaint');
    for (const [what, res] of [
      ['detail', detail],
      ['unmask', unmask],
      ['export', exported],
    ] as const) {
      expect(res.statusCode, what).toBe(200);
      expect(res.headers['cache-control'], what).toBe('no-store');
      expect(res.headers.pragma, what).toBe('no-cache');
    }
    expect(unmask.json().idNumber).toBe(ID_A);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    // Errors and the session check too: nothing under /api is cacheable.
    const denied = await h.app.inject({ method: 'GET', url: `/api/cases/${c.id}` });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['cache-control']).toBe('no-store');
  });
});
