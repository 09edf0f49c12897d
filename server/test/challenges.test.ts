/**
 * 行政复议 and 行政诉讼 registered on a case (issue 14) over HTTP on a real database: only on a
 * case type that declares its decisions challengeable and only once the decision is made; the
 * case's writers register and close, its readers list, a case out of scope is a 404; bad input
 * is a 400 naming the field, a stale version a 409; each register and close is audited; the
 * context hook's helper sees pending and closed ones.
 */
import { mediation, petition } from '@fazhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadChallenges } from '../src/cases/challenges.ts';
import { complaintModule } from './fixtures/complaint.ts';
import { rulingModule } from './fixtures/ruling.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0 };

beforeAll(async () => {
  h = await harness({}, { modules: [rulingModule, complaintModule], demo: true });
  const db = h.db.database.db;
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  for (const u of ['zhifa', 'tiaojie', 'cun01', 'county', 'leader']) s[u] = await login(h.app, u, 'Demo@2026');
});

afterAll(() => h.close());

async function newRuling(unitId: number) {
  const res = await as(h.app, s.zhifa!)('POST', '/api/cases', {
    type: 'ruling',
    title: '占道堆放建材',
    unitId: String(unitId),
    fields: { foundOn: '2026-02-20' },
  });
  expect(res.statusCode).toBe(200);
  return String(res.json().id);
}

async function decide(caseId: string) {
  const detail = await as(h.app, s.zhifa!)('GET', `/api/cases/${caseId}`);
  const res = await as(h.app, s.zhifa!)('POST', `/api/cases/${caseId}/actions/decide`, {
    version: detail.json().version,
  });
  expect(res.statusCode).toBe(200);
}

const register = (who: string, caseId: string, body: Record<string, unknown>) =>
  as(h.app, s[who]!)('POST', `/api/cases/${caseId}/challenges`, body);
const close = (who: string, caseId: string, cid: string, body: Record<string, unknown>) =>
  as(h.app, s[who]!)('PATCH', `/api/cases/${caseId}/challenges/${cid}`, body);

const RECONSIDERATION = {
  kind: 'reconsideration',
  receivedOn: '2026-03-02',
  body: '县人民政府',
  bodyCaseNo: '县府复〔2026〕3号',
};

describe('which cases may be challenged', () => {
  it('mediation (人民调解) and petitions (信访工作条例 art 35: 复查/复核) declare no challengeable decision', () => {
    expect(mediation.challengeable).toBeUndefined();
    expect(petition.challengeable).toBeUndefined();
  });

  it('refuses a challenge on a type that makes no administrative act, 422 in Chinese', async () => {
    const c = await as(h.app, s.tiaojie!)('POST', '/api/cases', {
      type: 'complaint',
      title: '噪声投诉',
      unitId: String(ids.village1),
      fields: { receivedOn: '2026-03-02', category: 'noise', summary: '夜间噪声' },
      parties: [{ role: 'complainant', name: '张三丰' }],
    });
    expect(c.statusCode).toBe(200);
    const res = await register('tiaojie', String(c.json().id), RECONSIDERATION);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/测试投诉不是可以申请行政复议或提起行政诉讼的行政行为/);
    const list = await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.json().id}/challenges`);
    expect(list.json()).toMatchObject({ challengeable: false, canWrite: false, items: [] });
    const detail = await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.json().id}`);
    expect(detail.json().challengeable).toBe(false);
  });

  it('refuses a challenge before the decision is made, 422', async () => {
    const id = await newRuling(ids.village1);
    const list = await as(h.app, s.zhifa!)('GET', `/api/cases/${id}/challenges`);
    expect(list.json()).toMatchObject({ challengeable: true, decided: false, canWrite: true });
    expect((await as(h.app, s.zhifa!)('GET', `/api/cases/${id}`)).json().challengeable).toBe(true);
    const res = await register('zhifa', id, RECONSIDERATION);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toBe('本案尚未作出决定，不能登记复议或诉讼');
  });
});

describe('registering and closing', () => {
  let caseId: string;
  let rec: string;
  let lit: string;

  beforeAll(async () => {
    caseId = await newRuling(ids.village1);
    await decide(caseId);
  });

  it('registers a 复议 and a suit; readers list them, read-only', async () => {
    const r1 = await register('zhifa', caseId, { ...RECONSIDERATION, note: '当事人不服罚款' });
    expect(r1.statusCode).toBe(200);
    rec = r1.json().id;
    const r2 = await register('zhifa', caseId, { kind: 'litigation', receivedOn: '2026-03-02', body: '县人民法院' });
    expect(r2.statusCode).toBe(200);
    lit = r2.json().id;
    const list = await as(h.app, s.cun01!)('GET', `/api/cases/${caseId}/challenges`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ challengeable: true, decided: true, canWrite: false });
    expect(list.json().items).toEqual([
      expect.objectContaining({
        id: rec,
        kind: 'reconsideration',
        body: '县人民政府',
        bodyCaseNo: '县府复〔2026〕3号',
        result: null,
        version: 1,
        createdByName: '赵强',
      }),
      expect.objectContaining({ id: lit, kind: 'litigation', bodyCaseNo: null }),
    ]);
  });

  it('readers may not register or close (403); a case out of scope is 404', async () => {
    expect((await register('cun01', caseId, RECONSIDERATION)).statusCode).toBe(403);
    expect((await register('leader', caseId, RECONSIDERATION)).statusCode).toBe(403);
    expect(
      (await close('cun01', caseId, rec, { version: 1, result: 'upheld', closedOn: '2026-03-02' })).statusCode,
    ).toBe(403);
    const other = await newRuling(ids.village2);
    expect((await as(h.app, s.cun01!)('GET', `/api/cases/${other}/challenges`)).statusCode).toBe(404);
  });

  it('refuses bad input with a 400 naming the field, never a 500', async () => {
    const bad = async (body: Record<string, unknown>, field: string) => {
      const res = await register('zhifa', caseId, { ...RECONSIDERATION, ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json())).toContain(field);
    };
    await bad({ receivedOn: '0000-01-01' }, '年份');
    await bad({ receivedOn: '2026-02-30' }, '收到日期');
    await bad({ receivedOn: '2026-03-03' }, '收到日期不得晚于今天');
    await bad({ receivedOn: '2026-03-01' }, '收到日期不得早于本案作出决定之日');
    await bad({ body: '县人民\u0000政府' }, 'body');
    await bad({ body: '  ' }, '请填写复议机关或法院');
    await bad({ kind: 'appeal' }, '类型应为行政复议或行政诉讼');
    await bad({ extra: 1 }, 'extra');
    expect((await as(h.app, s.zhifa!)('GET', '/api/cases/99999999999999999999/challenges')).statusCode).toBe(400);
    const past = await close('zhifa', caseId, '99999999999999999999', {
      version: 1,
      result: 'upheld',
      closedOn: '2026-03-02',
    });
    expect(past.statusCode).toBe(400);
    expect(
      (await close('zhifa', caseId, '987654321', { version: 1, result: 'upheld', closedOn: '2026-03-02' })).statusCode,
    ).toBe(404);
  });

  it('closes: closed date not before received, head appearance only and always for a suit', async () => {
    h.clock.current = new Date('2026-05-20T10:00:00+08:00');
    // The sessions of March have expired by May.
    for (const u of ['zhifa', 'cun01']) s[u] = await login(h.app, u, 'Demo@2026');
    const early = await close('zhifa', caseId, rec, { version: 1, result: 'upheld', closedOn: '2026-03-01' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.message).toContain('办结日期不得早于收到日期');
    const future = await close('zhifa', caseId, rec, { version: 1, result: 'upheld', closedOn: '2026-05-21' });
    expect(future.statusCode).toBe(400);
    const head = await close('zhifa', caseId, rec, {
      version: 1,
      result: 'upheld',
      closedOn: '2026-04-20',
      headAppeared: true,
    });
    expect(head.statusCode).toBe(400);
    expect(head.json().error.message).toContain('负责人出庭应诉只适用于行政诉讼');
    const noHead = await close('zhifa', caseId, lit, { version: 1, result: 'dismissed', closedOn: '2026-05-10' });
    expect(noHead.statusCode).toBe(400);
    expect(JSON.stringify(noHead.json())).toContain('headAppeared');
    const badResult = await close('zhifa', caseId, rec, { version: 1, result: 'annulled', closedOn: '2026-04-20' });
    expect(badResult.statusCode).toBe(400);

    const ok = await close('zhifa', caseId, rec, { version: 1, result: 'upheld', closedOn: '2026-04-20' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ version: 2 });
    const okLit = await close('zhifa', caseId, lit, {
      version: 1,
      result: 'dismissed',
      closedOn: '2026-05-10',
      headAppeared: true,
    });
    expect(okLit.statusCode).toBe(200);
  });

  it('refuses a stale version with a 409', async () => {
    const res = await close('zhifa', caseId, rec, { version: 1, result: 'revoked', closedOn: '2026-04-20' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('已被他人修改');
  });

  it('audits each register and close with the case number, never the note', async () => {
    const rows = await h.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'target', 'details'])
      .where('action', 'in', ['case.challenge', 'case.challenge.close'])
      .where('target', '=', `case:${caseId}`)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'case.challenge',
      'case.challenge',
      'case.challenge.close',
      'case.challenge.close',
    ]);
    expect(rows[2]!.details).toMatchObject({ challenge: rec, kind: 'reconsideration', result: 'upheld' });
    expect(JSON.stringify(rows)).not.toContain('当事人不服罚款');
  });

  it('loadChallenges gives a context hook the pending and the closed ones', async () => {
    const third = await register('zhifa', caseId, {
      kind: 'litigation',
      receivedOn: '2026-05-11',
      body: '市中级人民法院',
    });
    expect(third.statusCode).toBe(200);
    const got = await loadChallenges(h.db.database.db, Number(caseId));
    expect(got.pending).toEqual([
      {
        id: Number(third.json().id),
        kind: 'litigation',
        receivedOn: '2026-05-11',
        body: '市中级人民法院',
        result: null,
        closedOn: null,
      },
    ]);
    expect(got.closed.map((c) => [c.kind, c.result, c.closedOn])).toEqual([
      ['reconsideration', 'upheld', '2026-04-20'],
      ['litigation', 'dismissed', '2026-05-10'],
    ]);
  });
});

describe('a guard reading the challenges through the context hook', () => {
  it('行政强制法 art 44 / 行政诉讼法 art 45: enforcement blocked while a 复议 is pending, then for the 15 days to sue, allowed after', async () => {
    h.clock.current = new Date('2026-05-20T10:00:00+08:00');
    s.zhifa = await login(h.app, 'zhifa', 'Demo@2026');
    const id = await newRuling(ids.village1);
    await decide(id);
    const enforce = async () => {
      const d = await as(h.app, s.zhifa!)('GET', `/api/cases/${id}`);
      return as(h.app, s.zhifa!)('POST', `/api/cases/${id}/actions/enforce`, { version: d.json().version });
    };
    const r = await register('zhifa', id, { ...RECONSIDERATION, receivedOn: '2026-05-20' });
    expect(r.statusCode).toBe(200);
    const pending = await enforce();
    expect(pending.statusCode).toBe(422);
    expect(pending.json().error.message).toContain('尚未审结');
    expect(
      (await close('zhifa', id, r.json().id, { version: 1, result: 'upheld', closedOn: '2026-05-20' })).statusCode,
    ).toBe(200);
    // 2026-05-20 + 15 days = 2026-06-04 (Thu).
    const waiting = await enforce();
    expect(waiting.statusCode).toBe(422);
    expect(waiting.json().error.message).toContain('行政诉讼法第四十五条');
    h.clock.current = new Date('2026-06-05T09:00:00+08:00');
    s.zhifa = await login(h.app, 'zhifa', 'Demo@2026');
    expect((await enforce()).statusCode).toBe(200);
  });
});
