/**
 * The enforcement register (officers and powers) and the public 公示 page: CRUD with its checks,
 * who may read and write, the 30-day certificate warning, and what the public sees (行政处罚法
 * arts 39 and 48): no session needed, withdrawn decisions absent, parties masked, towns apart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegisterDemo } from '../src/modules/enforcement/registry/demo.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let townId = 0;
let otherTownId = 0;

const OFFICER = {
  name: '测试员',
  certNo: 'T-0001',
  certIssuer: '示范省人民政府',
  fields: ['planning', 'safety'],
  validFrom: '2025-01-01',
  validUntil: '2028-12-31',
};
const POWER = {
  code: 'T-AQ-001',
  field: 'safety',
  matter: '未设置安全警示标志',
  violatedBasis: '《中华人民共和国安全生产法》第三十五条',
  penaltyBasis: '《中华人民共和国安全生产法》第九十九条第（一）项',
  penaltyRange: '责令限期改正，处五万元以下的罚款',
  fineMin: 0,
  fineMax: 50_000,
  delegated: true,
  delegatedBy: '《示范省人民政府关于赋予乡镇部分县级行政处罚权的决定》',
  discretion: [
    { level: '较轻', circumstances: '1处', fineMin: 0, fineMax: 5_000 },
    { level: '严重', circumstances: '危险物品场所', fineMin: 20_000, fineMax: 50_000 },
  ],
};

beforeAll(async () => {
  h = await harness({}, { demo: true });
  for (const u of ['zhifa', 'fazhiban', 'leader', 'county', 'cun01', 'xinfang', 'anjian', 'sysadmin']) {
    s[u] = await login(h.app, u, 'Demo@2026');
  }
  const db = h.db.database.db;
  townId = (await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()).id;
  otherTownId = (await db.selectFrom('org_units').select('id').where('name', '=', '青石镇').executeTakeFirstOrThrow())
    .id;
  await seedRegisterDemo(db, h.clock.now());
});
afterAll(() => h?.close());

describe('officers', () => {
  it('lists the demo officers and flags the certificate ending within 30 days (CERTIFICATE_WARNING_DAYS)', async () => {
    const res = await as(h.app, s.zhifa!)('GET', '/api/enforcement/officers');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.town.name).toBe('湾头桥镇');
    expect(body.canWrite).toBe(true);
    expect(body.items).toHaveLength(6);
    expect(body.expiring.map((o: { name: string }) => o.name)).toEqual(['李振华']);
    expect(body.items.find((o: { name: string }) => o.name === '李振华').certificate).toBe('expiring');
    expect(body.items.filter((o: { reviewer: boolean }) => o.reviewer)).toHaveLength(2);
  });

  it('warns on a certificate ending exactly 30 days ahead and on one already ended, not on day 31', async () => {
    const z = as(h.app, s.zhifa!);
    const mk = async (certNo: string, validUntil: string) =>
      (await z('POST', '/api/enforcement/officers', { ...OFFICER, certNo, validFrom: null, validUntil })).json();
    // The clock is 2026-03-02: +30 days is 2026-04-01.
    const at30 = await mk('W-30', '2026-04-01');
    const at31 = await mk('W-31', '2026-04-02');
    const ended = await mk('W-ENDED', '2026-03-01');
    expect(at30.certificate).toBe('expiring');
    expect(at31.certificate).toBe('valid');
    expect(ended.certificate).toBe('expired');
    const list = (await z('GET', '/api/enforcement/officers')).json();
    const names = list.expiring.map((o: { certNo: string }) => o.certNo);
    expect(names).toContain('W-30');
    expect(names).toContain('W-ENDED');
    expect(names).not.toContain('W-31');
    // Deactivated officers are not announced.
    await z('PATCH', `/api/enforcement/officers/${ended.id}`, { active: false, version: ended.version });
    const after = (await z('GET', '/api/enforcement/officers')).json();
    expect(after.expiring.map((o: { certNo: string }) => o.certNo)).not.toContain('W-ENDED');
  });

  it('creates, edits and deactivates an officer, auditing each step', async () => {
    const z = as(h.app, s.fazhiban!);
    const created = await z('POST', '/api/enforcement/officers', OFFICER);
    expect(created.statusCode).toBe(200);
    const o = created.json();
    expect(o).toMatchObject({
      name: '测试员',
      certNo: 'T-0001',
      fields: ['planning', 'safety'],
      active: true,
      version: 1,
    });
    const edited = await z('PATCH', `/api/enforcement/officers/${o.id}`, { reviewer: true, version: 1 });
    expect(edited.json()).toMatchObject({ reviewer: true, version: 2 });
    const stale = await z('PATCH', `/api/enforcement/officers/${o.id}`, { reviewer: false, version: 1 });
    expect(stale.statusCode).toBe(409);
    const off = await z('PATCH', `/api/enforcement/officers/${o.id}`, { active: false, version: 2 });
    expect(off.json().active).toBe(false);
    const rows = await h.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `enforcement-officer:${o.id}`)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'enforcement.officer.create',
      'enforcement.officer.update',
      'enforcement.officer.deactivate',
    ]);
  });

  it('refuses a 执法证号 already used in the town with a 409 naming it', async () => {
    const res = await as(h.app, s.zhifa!)('POST', '/api/enforcement/officers', { ...OFFICER, certNo: '33990110001' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('执法证号');
  });

  it('refuses bad input with a Chinese message naming the field', async () => {
    const z = as(h.app, s.zhifa!);
    const bad = async (body: unknown, status: number, word: string) => {
      const res = await z('POST', '/api/enforcement/officers', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.json().error.message).toContain(word);
    };
    await bad({ ...OFFICER, certNo: 'N1', name: 'a\u0000b' }, 400, '');
    await bad({ ...OFFICER, certNo: 'N2', name: '长'.repeat(51) }, 400, '姓名');
    await bad({ ...OFFICER, certNo: 'x'.repeat(41) }, 400, '执法证号');
    await bad({ ...OFFICER, certNo: 'N3', validUntil: '0000-12-31' }, 400, '年份');
    await bad({ ...OFFICER, certNo: 'N4', validFrom: '2029-01-01' }, 400, '有效期至');
    await bad({ ...OFFICER, certNo: 'N5', fields: [] }, 400, '执法领域');
    await bad({ ...OFFICER, certNo: 'N6', fields: ['nuclear'] }, 400, '执法领域');
    await bad({ ...OFFICER, certNo: 'N7', userId: '99999' }, 422, '关联账号');
  });

  it('lets the county read its towns and write none; 村居干部, 信访办 and the 三员 are refused', async () => {
    const county = as(h.app, s.county!);
    const read = await county('GET', `/api/enforcement/officers?townId=${townId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().canWrite).toBe(false);
    expect((await county('POST', '/api/enforcement/officers', { ...OFFICER, certNo: 'C1' })).statusCode).toBe(403);
    expect((await as(h.app, s.cun01!)('GET', '/api/enforcement/officers')).statusCode).toBe(403);
    expect((await as(h.app, s.xinfang!)('GET', '/api/enforcement/officers')).statusCode).toBe(403);
    expect((await as(h.app, s.sysadmin!)('GET', '/api/enforcement/officers')).statusCode).toBe(403);
    // 安监办 and the leader read, but keep nothing.
    expect((await as(h.app, s.anjian!)('GET', '/api/enforcement/powers')).statusCode).toBe(200);
    expect((await as(h.app, s.leader!)('POST', '/api/enforcement/powers', { ...POWER, code: 'L1' })).statusCode).toBe(
      403,
    );
    // Another town is a 404 for the town's own roles.
    expect((await as(h.app, s.zhifa!)('GET', `/api/enforcement/officers?townId=${otherTownId}`)).statusCode).toBe(404);
  });

  it('shows the register entries in the menu of the roles that read it only', async () => {
    const keys = async (who: string) =>
      (await as(h.app, s[who]!)('GET', '/api/me')).json().menu.map((m: { key: string }) => m.key);
    expect(await keys('zhifa')).toContain('enforcement-officers');
    expect(await keys('county')).toContain('enforcement-powers');
    expect(await keys('xinfang')).not.toContain('enforcement-officers');
    expect(await keys('cun01')).not.toContain('enforcement-powers');
  });
});

describe('powers', () => {
  it('lists the demo powers with their statutory bases', async () => {
    const res = (await as(h.app, s.leader!)('GET', '/api/enforcement/powers')).json();
    expect(res.items).toHaveLength(8);
    const planning = res.items.find((p: { field: string }) => p.field === 'planning');
    expect(planning.penaltyBasis).toContain('城乡规划法》第六十五条');
    expect(res.canWrite).toBe(false);
  });

  it('creates and edits a power, auditing each step', async () => {
    const z = as(h.app, s.zhifa!);
    const res = await z('POST', '/api/enforcement/powers', POWER);
    expect(res.statusCode).toBe(200);
    const p = res.json();
    expect(p).toMatchObject({ code: 'T-AQ-001', fineMax: 50_000, delegated: true });
    expect(p.discretion).toHaveLength(2);
    const edited = await z('PATCH', `/api/enforcement/powers/${p.id}`, { fineMax: 40_000, discretion: [], version: 1 });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ fineMax: 40_000, version: 2 });
    const off = await z('PATCH', `/api/enforcement/powers/${p.id}`, { active: false, version: 2 });
    expect(off.json().active).toBe(false);
    const rows = await h.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `enforcement-power:${p.id}`)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'enforcement.power.create',
      'enforcement.power.update',
      'enforcement.power.deactivate',
    ]);
  });

  it('refuses a duplicate code with a 409 naming 事项编码', async () => {
    const res = await as(h.app, s.zhifa!)('POST', '/api/enforcement/powers', { ...POWER, code: 'WTQ-AQ-001' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('事项编码');
  });

  it('refuses a range upside down, a level outside the range, levels out of order, and a delegation without its decision (行政处罚法第二十四条)', async () => {
    const z = as(h.app, s.zhifa!);
    const bad = async (body: object, word: string) => {
      const res = await z('POST', '/api/enforcement/powers', { ...POWER, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().error.message).toContain(word);
    };
    await bad({ code: 'B1', fineMin: 60_000, fineMax: 50_000 }, '罚款下限不得高于罚款上限');
    await bad(
      { code: 'B2', discretion: [{ level: '严重', circumstances: 'x', fineMin: 20_000, fineMax: 80_000 }] },
      '超出事项的罚款幅度',
    );
    await bad(
      {
        code: 'B3',
        discretion: [
          { level: '严重', circumstances: 'x', fineMin: 20_000, fineMax: 50_000 },
          { level: '较轻', circumstances: 'y', fineMin: 0, fineMax: 5_000 },
        ],
      },
      '由轻到重',
    );
    await bad({ code: 'B4', delegatedBy: null }, '第二十四条');
    // An edit is judged as the power will be.
    const id = (await z('GET', '/api/enforcement/powers'))
      .json()
      .items.find((p: { code: string }) => p.code === 'WTQ-AQ-002');
    const res = await z('PATCH', `/api/enforcement/powers/${id.id}`, { fineMax: 1_000, version: id.version });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('超出事项的罚款幅度');
  });

  it('refuses overlong and NUL text, and negative amounts, with 400', async () => {
    const z = as(h.app, s.zhifa!);
    for (const body of [
      { code: 'O1', matter: 'x'.repeat(201) },
      { code: 'O2', matter: 'a\u0000' },
      { code: 'O3', fineMin: -1 },
    ]) {
      const res = await z('POST', '/api/enforcement/powers', { ...POWER, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });
});

describe('公示 (public, no login)', () => {
  let caseSeq = 0;
  const insertPenalty = async (
    town: number,
    fields: Record<string, unknown>,
    party: { kind: 'person' | 'org'; name: string; idMasked?: string },
  ) => {
    const db = h.db.database.db;
    const unit = await db
      .selectFrom('org_units')
      .select(['id', 'path'])
      .where('id', '=', town)
      .executeTakeFirstOrThrow();
    const by = (await db.selectFrom('users').select('id').where('username', '=', 'zhifa').executeTakeFirstOrThrow()).id;
    const now = h.clock.now();
    caseSeq += 1;
    const c = await db
      .insertInto('cases')
      .values({
        town_id: town,
        type: 'penalty',
        number: `测罚〔2026〕${caseSeq}号`,
        year: 2026,
        seq: caseSeq,
        title: '处罚案件',
        state: 'closed',
        unit_id: unit.id,
        unit_path: unit.path,
        created_by: by,
        fields: JSON.stringify(fields),
        actor_roles: [],
        created_at: now,
        updated_at: now,
        search_vec: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const p = await db
      .insertInto('parties')
      .values({
        town_id: town,
        kind: party.kind,
        name: party.name,
        id_masked: party.idMasked ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('case_parties')
      .values({ case_id: c.id, party_id: p.id, town_id: town, role: 'party', name: party.name, sort: 0 })
      .execute();
  };

  beforeAll(async () => {
    const base = {
      decidedOn: '2026-02-10',
      violation: '未设置安全警示标志',
      legalBasis: '《中华人民共和国安全生产法》第九十九条第（一）项',
      penaltyKinds: ['fine'],
      fineAmount: 3000,
    };
    await insertPenalty(
      townId,
      { ...base, decisionNo: '湾罚决〔2026〕1号', publishedOn: '2026-02-12' },
      { kind: 'person', name: '张三丰', idMasked: '330102********0011' },
    );
    await insertPenalty(
      townId,
      { ...base, decisionNo: '湾罚决〔2026〕2号', publishedOn: '2026-02-13' },
      { kind: 'org', name: '示范县湾头五金加工厂' },
    );
    // Withdrawn (art 48 ¶2): never listed.
    await insertPenalty(
      townId,
      { ...base, decisionNo: '湾罚决〔2026〕3号', publishedOn: '2026-02-14', publicationWithdrawnOn: '2026-02-20' },
      { kind: 'person', name: '李四', idMasked: '330102********0022' },
    );
    // Not published.
    await insertPenalty(townId, { ...base, decisionNo: '湾罚决〔2026〕4号' }, { kind: 'person', name: '王五' });
    // Another town's.
    await insertPenalty(
      otherTownId,
      { ...base, decisionNo: '青罚决〔2026〕1号', publishedOn: '2026-02-12' },
      { kind: 'person', name: '赵六' },
    );
  });

  it('lists the towns without a session', async () => {
    const res = await as(h.app, null)('GET', '/api/public/towns');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      expect.arrayContaining([
        { code: '339901101000', name: '湾头桥镇', county: '示范县' },
        { code: '339901102000', name: '青石镇', county: '示范县' },
      ]),
    );
  });

  it('shows the body, valid officers (name and number only), powers, and the published decisions without a session (行政处罚法第三十九条、第四十八条)', async () => {
    const res = await as(h.app, null)('GET', '/api/public/enforcement/339901101000');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.body).toEqual({ name: '示范县湾头桥镇人民政府', team: '综合行政执法队' });
    const certs = body.officers.map((o: { certNo: string }) => o.certNo);
    expect(certs).toContain('33990110001');
    expect(certs).not.toContain('W-ENDED'); // ended
    expect(certs).not.toContain('T-0001'); // deactivated
    expect(Object.keys(body.officers[0]).sort()).toEqual(['certNo', 'name']);
    expect(body.powers.map((p: { code: string }) => p.code)).not.toContain('T-AQ-001'); // deactivated
    expect(body.powers.length).toBeGreaterThanOrEqual(8);
    const nos = body.decisions.map((d: { decisionNo: string }) => d.decisionNo);
    expect(nos).toEqual(['湾罚决〔2026〕2号', '湾罚决〔2026〕1号']);
    const person = body.decisions[1];
    expect(person.parties).toEqual([{ kind: 'person', name: '张**', idMasked: '330102********0011' }]);
    expect(body.decisions[0].parties).toEqual([{ kind: 'org', name: '示范县湾头五金加工厂', idMasked: null }]);
    expect(res.body).not.toContain('张三丰');
    expect(res.body).not.toContain('李四');
    expect(res.body).not.toContain('青罚决');
  });

  it('keeps the other town apart', async () => {
    const body = (await as(h.app, null)('GET', '/api/public/enforcement/339901102000')).json();
    expect(body.decisions.map((d: { decisionNo: string }) => d.decisionNo)).toEqual(['青罚决〔2026〕1号']);
    expect(body.officers).toEqual([]);
    expect(body.powers).toEqual([]);
    expect(body.decisions[0].parties[0].name).toBe('赵*');
  });

  it('answers a signed-in user alike, and an unknown or malformed code with 404/400', async () => {
    const signed = await as(h.app, s.cun01!)('GET', '/api/public/enforcement/339901101000');
    expect(signed.statusCode).toBe(200);
    expect((await as(h.app, null)('GET', '/api/public/enforcement/339901999000')).statusCode).toBe(404);
    expect((await as(h.app, null)('GET', '/api/public/enforcement/abc')).statusCode).toBe(400);
  });
});
