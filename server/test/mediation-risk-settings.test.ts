/**
 * 矛盾纠纷预警设置 per town: the thresholds are each town's own policy. A town that lowers its
 * large-amount threshold sees the same dispute rated higher than the town that did not; the
 * settings are validated with Chinese messages naming the field, edited only by the centre and
 * the leaders of that town, versioned, audited, and re-assess the town's open disputes at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { createUser } from '../src/seed/factories.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { town: 0, village: 0, otherTown: 0, otherVillage: 0 };
const call = (who: string) => as(h.app, s[who]!);

beforeAll(async () => {
  h = await harness({}, { modules: [mediationModule], demo: true });
  const db = h.db.database.db;
  const unit = (name: string) =>
    db.selectFrom('org_units').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  const town = await unit('湾头桥镇');
  const other = await unit('青石镇');
  ids.town = town.id;
  ids.village = (await unit('湾头村村民委员会')).id;
  ids.otherTown = other.id;
  ids.otherVillage = (await unit('青石村村民委员会')).id;
  const qs = await createUser(db, {
    username: 'qstiaojie',
    password: 'Test@2026x',
    roles: [{ role: 'tiaojie', unit: { ...other, kind: 'town' } }],
  });
  qsUser = qs.username;
  // A day outside every default sensitive period, so only the rules under test fire.
  await moveTo('2026-05-20T09:00:00+08:00');
});

let qsUser = '';
/** Moves the clock and signs everyone in again (sessions end when the clock jumps). */
async function moveTo(iso: string) {
  h.clock.current = new Date(iso);
  for (const u of ['tiaojie', 'leader', 'cun01', 'sifasuo', 'county']) s[u] = await login(h.app, u, 'Demo@2026');
  s.qs = await login(h.app, qsUser, 'Test@2026x');
}
afterAll(() => h.close());

/** A dispute of 8 000 元 referred by the petition office (访调对接: one medium-risk factor already). */
function dispute(unitId: number, title: string, fields: Record<string, unknown> = {}) {
  return {
    type: 'mediation',
    title,
    unitId: String(unitId),
    fields: {
      channel: 'petition',
      disputeType: 'contract',
      peopleCount: 2,
      amount: 8000,
      summary: '双方就装修工程款结算发生争议。',
      requests: '请求支付剩余工程款。',
      receivedOn: '2026-03-02',
      ...fields,
    },
    parties: [
      { role: 'applicant', name: '钱立新' },
      { role: 'respondent', name: '孙建华' },
    ],
  };
}

async function settings(who: string, townId?: number) {
  const r = await call(who)('GET', `/api/mediation/risk-settings${townId ? `?townId=${townId}` : ''}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

const LOWERED = { amountThreshold: 5000, groupThreshold: 5, windowDays: 7, defaultPeriods: true, periods: [] };

describe('per-town early-warning settings', () => {
  let before: { id: string; risk: string };
  let theirs: { id: string; version: number; risk: string };

  it('starts from the defaults, which the centre may edit and a village officer may only read', async () => {
    const mine = await settings('tiaojie');
    expect(mine).toMatchObject({
      townId: String(ids.town),
      townName: '湾头桥镇',
      amountThreshold: 100_000,
      groupThreshold: 5,
      windowDays: 7,
      defaultPeriods: true,
      periods: [],
      version: 0,
      canEdit: true,
    });
    expect(mine.defaultPeriodNames).toEqual(expect.arrayContaining(['元旦', '春节', '国庆']));
    expect(await settings('cun01')).toMatchObject({ canEdit: false });
    // Another town's settings do not exist for this town's staff.
    expect((await call('tiaojie')('GET', `/api/mediation/risk-settings?townId=${ids.otherTown}`)).statusCode).toBe(404);
  });

  it('rates a dispute by the default policy before the town changes it', async () => {
    const r = await call('tiaojie')('POST', '/api/cases', dispute(ids.village, '变更前登记的工程款纠纷'));
    expect(r.statusCode, r.body).toBe(200);
    before = r.json();
    expect(before.risk).toBe('medium');
  });

  it('lowers the amount threshold in one town: its disputes of 8 000 元 become high risk, the other town’s do not', async () => {
    const put = await call('tiaojie')('PUT', '/api/mediation/risk-settings', { ...LOWERED, version: 0 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ amountThreshold: 5000, version: 1 });
    // The open dispute registered before the change is re-assessed with it.
    expect(put.json().reassessed).toBeGreaterThanOrEqual(1);
    const again = (await call('tiaojie')('GET', `/api/cases/${before.id}`)).json();
    expect(again.risk).toBe('high');

    const mine = (await call('tiaojie')('POST', '/api/cases', dispute(ids.village, '湾头桥镇工程款纠纷'))).json();
    theirs = (await call('qs')('POST', '/api/cases', dispute(ids.otherVillage, '青石镇工程款纠纷'))).json();
    expect(mine.risk).toBe('high');
    expect(theirs.risk).toBe('medium');
    // A high-risk dispute goes on the leaders' inbox (预警在先).
    const inbox = (await call('leader')('GET', '/api/inbox')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(mine.id);

    // The other town still has the defaults.
    expect(await settings('qs')).toMatchObject({ amountThreshold: 100_000, version: 0 });
  });

  it('applies the town policy whenever a case changes', async () => {
    // Another town's case changes under its own (default) policy: still medium.
    const r = await call('qs')('POST', `/api/cases/${theirs.id}/documents`, {
      version: theirs.version,
      kind: 'registration',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().risk).toBe('medium');
  });

  it('keeps its own list of sensitive periods, beside or instead of the national defaults', async () => {
    const put = async (body: Record<string, unknown>) => {
      const { version } = await settings('leader');
      const r = await call('leader')('PUT', '/api/mediation/risk-settings', { ...LOWERED, ...body, version });
      expect(r.statusCode, r.body).toBe(200);
    };
    const register = async (who: string, unitId: number, title: string) => {
      const r = await call(who)('POST', '/api/cases', dispute(unitId, title, { amount: 100 }));
      expect(r.statusCode, r.body).toBe(200);
      return r.json().risk;
    };
    // 访调对接 alone is medium; the town's own 庙会 (the clock is 2026-05-20) compounds it to high.
    await put({ periods: [{ name: '湾头桥庙会', from: '05-18', to: '05-22' }] });
    expect(await register('tiaojie', ids.village, '庙会期间的纠纷')).toBe('high');
    expect(await register('qs', ids.otherVillage, '青石镇同日的纠纷')).toBe('medium');
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'settings.mediation_risk.update')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ after: { periods: [{ name: '湾头桥庙会', from: '05-18', to: '05-22' }] } });

    // Without the defaults, 国庆 is no sensitive period for this town; 青石镇 keeps it.
    await put({ defaultPeriods: false, periods: [] });
    await moveTo('2026-10-02T09:00:00+08:00');
    expect(await register('tiaojie', ids.village, '国庆期间的纠纷')).toBe('medium');
    expect(await register('qs', ids.otherVillage, '青石镇国庆期间的纠纷')).toBe('high');
  });

  it('refuses a stale version with 409', async () => {
    const r = await call('tiaojie')('PUT', '/api/mediation/risk-settings', { ...LOWERED, version: 0 });
    expect(r.statusCode).toBe(409);
    expect(r.json().error.message).toContain('已被他人修改');
  });

  it('validates each field with a Chinese message naming it', async () => {
    const { version } = await settings('tiaojie');
    const put = (body: Record<string, unknown>) =>
      call('tiaojie')('PUT', '/api/mediation/risk-settings', { ...LOWERED, ...body, version });
    const cases: [Record<string, unknown>, string][] = [
      [{ amountThreshold: 0 }, '金额较大标准（元）'],
      [{ groupThreshold: 8 }, '群体性纠纷人数标准'],
      [{ groupThreshold: 2.5 }, '群体性纠纷人数标准'],
      [{ windowDays: 90 }, '敏感时期提前预警天数'],
      [{ periods: [{ name: '庙会', from: '3月1日' }] }, '开始日期'],
      [{ periods: [{ name: '庙会', from: '2026-03-05', to: '2026-03-01' }] }, '结束日期'],
      [{ periods: [{ name: '', from: '03-01' }] }, '名称'],
    ];
    for (const [body, label] of cases) {
      const r = await put(body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().error.message, JSON.stringify(body)).toContain(label);
    }
    expect((await put({ groupThreshold: 8 })).json().error.message).toContain('不得高于5人');
  });

  it('is edited only by the centre and the leaders of the town', async () => {
    const { version } = await settings('tiaojie');
    for (const who of ['cun01', 'sifasuo']) {
      const r = await call(who)('PUT', '/api/mediation/risk-settings', { ...LOWERED, version });
      expect(r.statusCode, who).toBe(403);
    }
    // 青石镇's clerk cannot reach 湾头桥镇's settings at all.
    const r = await call('qs')('PUT', `/api/mediation/risk-settings?townId=${ids.town}`, { ...LOWERED, version });
    expect(r.statusCode).toBe(404);
    expect((await as(h.app, null)('GET', '/api/mediation/risk-settings')).statusCode).toBe(401);
  });
});
