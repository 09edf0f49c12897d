/**
 * The legal advisers' register (政府法律顾问, docs/domain.md §4): an adviser registered, changed,
 * dismissed and restored with their versions and audit rows; the 409s (a stale version, a licence
 * number already on the town's register); opinions with filters, linked only to a case of the town
 * the writer reads; who reads and who writes (党政办 and 司法所 write; the town's roles read; a
 * village and the county are refused).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};

const adviserBody = (over: Record<string, unknown> = {}) => ({
  kind: 'lawyer',
  name: '钱立诚',
  licenceNo: '13399201810234567',
  firm: '示范县正衡律师事务所',
  phone: '0571-86001234',
  termFrom: '2026-01-01',
  termTo: '2028-12-31',
  contractRef: '湾法顾〔2026〕1号',
  ...over,
});

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  for (const u of ['fazhiban', 'sifasuo', 'leader', 'zhifa', 'cun01', 'county', 'xinfang', 'ziran']) {
    s[u] = await login(h.app, u, 'Demo@2026');
  }
});
afterAll(() => h?.close());

describe('the register round trip', () => {
  let id = '';
  it('registers an adviser (司法所) and lists them for the town’s roles', async () => {
    const res = await as(h.app, s.sifasuo!)('POST', '/api/decisions/advisers', adviserBody());
    expect(res.statusCode, res.body).toBe(200);
    id = res.json().id;
    expect(res.json()).toMatchObject({ name: '钱立诚', active: true, inTerm: true, opinions: 0, version: 1 });
    const list = await as(h.app, s.zhifa!)('GET', '/api/decisions/advisers');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ canWrite: false, items: [{ id, licenceNo: '13399201810234567' }] });
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `adviser:${id}`)
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['adviser.create']);
  });

  it('refuses a licence number already on the register (409) and a term ending before it starts (400)', async () => {
    const dup = await as(h.app, s.fazhiban!)('POST', '/api/decisions/advisers', adviserBody({ name: '另一律师' }));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('执业证号');
    const bad = await as(h.app, s.fazhiban!)(
      'POST',
      '/api/decisions/advisers',
      adviserBody({ licenceNo: '1', termFrom: '2026-05-01', termTo: '2026-01-01' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('聘期至不得早于聘期起');
    const noName = await as(h.app, s.fazhiban!)('POST', '/api/decisions/advisers', adviserBody({ name: '' }));
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.message).toContain('律师姓名或律所名称');
  });

  it('changes, dismisses and restores with versions, each audited by its own action', async () => {
    const upd = await as(h.app, s.fazhiban!)('PATCH', `/api/decisions/advisers/${id}`, {
      phone: '13900001111',
      version: 1,
    });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ phone: '13900001111', version: 2 });
    const stale = await as(h.app, s.fazhiban!)('PATCH', `/api/decisions/advisers/${id}`, { phone: '1', version: 1 });
    expect(stale.statusCode).toBe(409);
    const off = await as(h.app, s.fazhiban!)('PATCH', `/api/decisions/advisers/${id}`, { active: false, version: 2 });
    expect(off.json()).toMatchObject({ active: false, version: 3 });
    const on = await as(h.app, s.sifasuo!)('PATCH', `/api/decisions/advisers/${id}`, { active: true, version: 3 });
    expect(on.json()).toMatchObject({ active: true, version: 4 });
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `adviser:${id}`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'adviser.create',
      'adviser.update',
      'adviser.deactivate',
      'adviser.reactivate',
    ]);
  });

  it('refuses writes to a reader (403) and the register to a village and the county (403)', async () => {
    const w = await as(h.app, s.leader!)('POST', '/api/decisions/advisers', adviserBody({ licenceNo: '2' }));
    expect(w.statusCode).toBe(403);
    for (const who of ['cun01', 'county']) {
      const r = await as(h.app, s[who]!)('GET', '/api/decisions/advisers');
      expect(r.statusCode, who).toBe(403);
      expect(r.json().error.message).toMatch(/^您的角色无权/);
    }
  });

  it('records opinions, filters them, and links only a case of the town the writer reads', async () => {
    const contract = await as(h.app, s.ziran!)('POST', '/api/cases', {
      type: 'contract',
      title: '桥东村农田水利设施修缮工程合同',
      fields: {
        name: '桥东村农田水利设施修缮工程合同',
        counterparty: '示范县水利建筑工程有限公司',
        amount: 742_000,
        termFrom: '2026-03-10',
        termTo: '2026-08-31',
        contractKind: 'construction',
        procurement: 'invited_tender',
      },
    });
    const caseId = contract.json().id;
    // A 信访 case of the town, written directly: the 司法所 does not read the type.
    const db = h.db.database.db;
    const town = await db
      .selectFrom('org_units')
      .select(['id', 'path'])
      .where('name', '=', '湾头桥镇')
      .executeTakeFirstOrThrow();
    const xinfang = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'xinfang')
      .executeTakeFirstOrThrow();
    const petition = await db
      .insertInto('cases')
      .values({
        town_id: town.id,
        type: 'petition',
        number: '湾信〔2026〕99号',
        year: 2026,
        seq: 99,
        title: '信访人要求补偿',
        summary: null,
        state: 'registered',
        unit_id: town.id,
        unit_path: town.path,
        assignee_id: null,
        owner_leader_id: null,
        created_by: xinfang.id,
        risk: null,
        fields: {},
        next_due: null,
        next_clock: null,
        swept_on: null,
        created_at: new Date(),
        updated_at: new Date(),
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const opinion = (over: Record<string, unknown>) => ({
      adviserId: id,
      givenOn: '2026-02-27',
      subject: '关于合同的审查意见',
      kind: 'contract',
      hours: 2.5,
      summary: '条款合法。',
      ...over,
    });
    const one = await as(h.app, s.sifasuo!)('POST', '/api/decisions/adviser-opinions', opinion({ caseId }));
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({
      caseId,
      caseTitle: '桥东村农田水利设施修缮工程合同',
      hours: 2.5,
      adviserName: '钱立诚',
    });
    // The 司法所 reads no 信访 case: such a link is refused rather than revealing it.
    {
      const hidden = await as(h.app, s.sifasuo!)(
        'POST',
        '/api/decisions/adviser-opinions',
        opinion({ kind: 'petition', caseId: String(petition.id) }),
      );
      expect(hidden.statusCode).toBe(422);
      expect(hidden.json().error.message).toContain('关联案件');
    }
    const future = await as(h.app, s.sifasuo!)(
      'POST',
      '/api/decisions/adviser-opinions',
      opinion({ givenOn: '2026-12-31' }),
    );
    expect(future.statusCode).toBe(422);
    expect(future.json().error.message).toContain('出具日期不得晚于今天');
    const badKind = await as(h.app, s.sifasuo!)('POST', '/api/decisions/adviser-opinions', opinion({ kind: 'x' }));
    expect(badKind.statusCode).toBe(400);
    expect(badKind.json().error.message).toContain('意见类别');
    await as(h.app, s.fazhiban!)(
      'POST',
      '/api/decisions/adviser-opinions',
      opinion({ kind: 'decision', subject: '关于污水治理决策的法律意见', givenOn: '2025-11-03', hours: 4 }),
    );
    const all = (await as(h.app, s.leader!)('GET', '/api/decisions/adviser-opinions')).json();
    expect(all.items).toHaveLength(2);
    expect(all.totalHours).toBe(6.5);
    const y2026 = (await as(h.app, s.leader!)('GET', '/api/decisions/adviser-opinions?year=2026')).json();
    expect(y2026.items.map((o: { subject: string }) => o.subject)).toEqual(['关于合同的审查意见']);
    const decisions = (await as(h.app, s.leader!)('GET', '/api/decisions/adviser-opinions?kind=decision')).json();
    expect(decisions.items).toHaveLength(1);
    const edit = await as(h.app, s.sifasuo!)('PATCH', `/api/decisions/adviser-opinions/${one.json().id}`, {
      hours: 3,
      version: 1,
    });
    expect(edit.json()).toMatchObject({ hours: 3, version: 2 });
    const listed = (await as(h.app, s.zhifa!)('GET', '/api/decisions/advisers')).json();
    expect(listed.items[0].opinions).toBe(2);
  });
});
