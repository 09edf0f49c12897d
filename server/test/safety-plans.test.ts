/**
 * The safety checklists and the annual inspection plan (安全生产法 art 62 ¶2: 年度监督检查计划):
 * the default checklists installed once, edits with their version (409), the plan generated
 * from the units' risk class (twice = once), fulfilled and hand-added entries kept on
 * regeneration, progress counted by month and kind, and who may read and write.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let townId = 0;
let otherTownId = 0;
let anjianId = 0;
const u: Record<string, number> = {};

async function unit(name: string, industry: string, risk: 'key' | 'general', town = townId, active = true) {
  const at = h.clock.now();
  const row = await h.db.database.db
    .insertInto('safety_units')
    .values({
      town_id: town,
      name,
      credit_code: `91330000${String(Object.keys(u).length).padStart(9, '0')}X`,
      address: '湾头桥镇',
      industry,
      size: 'small',
      risk_class: risk,
      principal_name: '负责人',
      active,
      created_by: anjianId,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  u[name] = Number(row.id);
  return Number(row.id);
}

async function inspect(unitId: number, kind: string, on: string, planItemId: number | null = null) {
  await h.db.database.db
    .insertInto('safety_inspections')
    .values({
      town_id: townId,
      unit_id: unitId,
      plan_item_id: planItemId,
      kind: kind as 'comprehensive',
      inspected_on: on,
      place: '现场',
      officer_ids: [1, 2],
      principal_signed: true,
      client_id: randomUUID(),
      created_by: anjianId,
      created_at: h.clock.now(),
    })
    .execute();
}

/** Moves the clock and logs in again (a session does not outlive a jump of months). */
async function at(iso: string) {
  h.clock.current = new Date(iso);
  for (const x of ['anjian', 'leader', 'county', 'cun01', 'zhifa', 'sysadmin'])
    s[x] = await login(h.app, x, 'Demo@2026');
}

beforeAll(async () => {
  h = await harness({}, { demo: true });
  await at('2026-01-05T09:00:00+08:00');
  const db = h.db.database.db;
  townId = (await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()).id;
  otherTownId = (await db.selectFrom('org_units').select('id').where('name', '=', '青石镇').executeTakeFirstOrThrow())
    .id;
  anjianId = (await db.selectFrom('users').select('id').where('username', '=', 'anjian').executeTakeFirstOrThrow()).id;
  await unit('湾头超市', 'crowded', 'key');
  await unit('桥东加油站', 'hazchem', 'key');
  await unit('湾头五金厂', 'industry_trade', 'key');
  await unit('豆腐作坊', 'workshop', 'general');
  await unit('小吃店', 'crowded', 'general');
  await unit('村道工地', 'construction', 'general');
  await unit('已关停砖厂', 'industry_trade', 'key', townId, false);
  await unit('青石化工', 'hazchem', 'key', otherTownId);
});
afterAll(() => h?.close());

describe('checklists', () => {
  let id = '';

  it('installs the default checklists once (a second call installs none)', async () => {
    const first = await as(h.app, s.anjian!)('POST', '/api/safety/checklists/defaults');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().created).toHaveLength(6);
    const again = await as(h.app, s.anjian!)('POST', '/api/safety/checklists/defaults');
    expect(again.json()).toMatchObject({ created: [], skipped: expect.arrayContaining(['小作坊安全检查表']) });
    const list = await as(h.app, s.anjian!)('GET', '/api/safety/checklists');
    expect(list.json().items).toHaveLength(6);
    expect(list.json().canWrite).toBe(true);
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'safety.checklist.defaults')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('creates a checklist, refusing a repeated code (422 naming the item) and a title in use (409)', async () => {
    const item = { code: 'X1', text: '消防器材完好有效', basis: '《安全生产法》第三十六条' };
    const dup = await as(h.app, s.anjian!)('POST', '/api/safety/checklists', {
      industry: 'other',
      title: '节前专项检查表',
      items: [item, item],
    });
    expect(dup.statusCode).toBe(422);
    expect(dup.json().error.fields[0].path).toBe('items.1.code');
    const noBasis = await as(h.app, s.anjian!)('POST', '/api/safety/checklists', {
      industry: 'other',
      title: '节前专项检查表',
      items: [{ ...item, basis: '' }],
    });
    expect(noBasis.statusCode).toBe(400);
    expect(noBasis.body).toContain('检查依据不能为空');
    const ok = await as(h.app, s.anjian!)('POST', '/api/safety/checklists', {
      industry: 'other',
      title: '节前专项检查表',
      items: [item],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    id = ok.json().id;
    const taken = await as(h.app, s.anjian!)('POST', '/api/safety/checklists', {
      industry: 'crowded',
      title: '节前专项检查表',
      items: [item],
    });
    expect(taken.statusCode).toBe(409);
  });

  it('edits with the version read, a stale version being a 409, and deactivates', async () => {
    const items = [{ code: 'X1', text: '消防器材完好有效，定期检查', basis: '《安全生产法》第三十六条' }];
    const r1 = await as(h.app, s.anjian!)('PUT', `/api/safety/checklists/${id}`, { items, version: 1 });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json()).toMatchObject({ version: 2, items });
    const stale = await as(h.app, s.anjian!)('PUT', `/api/safety/checklists/${id}`, { title: '别名', version: 1 });
    expect(stale.statusCode).toBe(409);
    const off = await as(h.app, s.anjian!)('PUT', `/api/safety/checklists/${id}`, { active: false, version: 2 });
    expect(off.json()).toMatchObject({ active: false, version: 3 });
    const got = await as(h.app, s.leader!)('GET', `/api/safety/checklists/${id}`);
    expect(got.json().active).toBe(false);
  });

  it('lets the leader read but not write, and refuses the 执法队 and the village', async () => {
    expect((await as(h.app, s.leader!)('GET', '/api/safety/checklists')).json().canWrite).toBe(false);
    expect((await as(h.app, s.leader!)('POST', '/api/safety/checklists/defaults')).statusCode).toBe(403);
    expect((await as(h.app, s.cun01!)('GET', '/api/safety/checklists')).statusCode).toBe(403);
    expect((await as(h.app, s.zhifa!)('POST', '/api/safety/checklists/defaults')).statusCode).toBe(403);
  });
});

describe('the annual plan', () => {
  const plan = async (year: number, who = 'anjian') => {
    const r = await as(h.app, s[who]!)('GET', `/api/safety/plans/${year}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      entries: {
        id: string;
        unitId: string;
        unitName: string;
        month: number;
        kind: string;
        fulfilled: boolean;
        generated: boolean;
        overdue: boolean;
      }[];
      progress: { total: unknown; byMonth: { month: number }[]; byKind: { kind: string }[] };
    };
  };

  it('generates from the risk rules: 重点 quarterly plus 节前 for 超市/加油站, 一般 twice, none for an inactive unit', async () => {
    const r = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2026/generate');
    expect(r.statusCode, r.body).toBe(200);
    // 3 重点 × 4 + 2 × 2 节前 + 3 一般 × 2 = 22.
    expect(r.json()).toEqual({ added: 22, removed: 0, kept: 0 });
    const p = await plan(2026);
    expect(p.entries).toHaveLength(22);
    const of = (name: string, kind: string) =>
      p.entries.filter((e) => e.unitName === name && e.kind === kind).map((e) => e.month);
    expect(of('湾头超市', 'holiday')).toEqual([1, 9]);
    expect(of('湾头五金厂', 'holiday')).toEqual([]);
    expect(of('湾头五金厂', 'comprehensive').map((m) => Math.ceil(m / 3))).toEqual([1, 2, 3, 4]);
    expect(of('豆腐作坊', 'comprehensive')).toHaveLength(2);
    expect(p.entries.some((e) => e.unitName === '已关停砖厂' || e.unitName === '青石化工')).toBe(false);
    expect(p.entries.every((e) => e.generated && !e.fulfilled)).toBe(true);
  });

  it('generating again changes nothing', async () => {
    const before = (await plan(2026)).entries.map((e) => e.id).sort();
    const r = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2026/generate');
    expect(r.json()).toEqual({ added: 0, removed: 0, kept: 22 });
    expect((await plan(2026)).entries.map((e) => e.id).sort()).toEqual(before);
  });

  it('keeps fulfilled and hand-added entries when the register changes and the plan is regenerated', async () => {
    const p = await plan(2026);
    const hw = p.entries.filter((e) => e.unitName === '湾头五金厂').sort((a, b) => a.month - b.month);
    // Its first quarter's entry is fulfilled by an inspection naming it; a hand-added 专项 entry.
    await inspect(u['湾头五金厂']!, 'comprehensive', `2026-0${hw[0]!.month}-20`, Number(hw[0]!.id));
    const added = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2026/entries', {
      unitId: String(u['湾头五金厂']),
      month: 6,
      kind: 'special',
      note: '粉尘涉爆专项',
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toMatchObject({ generated: false, fulfilled: false, unitName: '湾头五金厂' });
    // The unit becomes 一般: two a year, of which the fulfilled Q1 entry is one.
    await h.db.database.db
      .updateTable('safety_units')
      .set({ risk_class: 'general' })
      .where('id', '=', u['湾头五金厂']!)
      .execute();
    const r = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2026/generate');
    expect(r.statusCode).toBe(200);
    const after = (await plan(2026)).entries.filter((e) => e.unitName === '湾头五金厂');
    const comp = after.filter((e) => e.kind === 'comprehensive');
    expect(comp.find((e) => e.id === hw[0]!.id)).toMatchObject({ fulfilled: true });
    expect(comp).toHaveLength(2);
    expect(comp.filter((e) => e.month >= 7)).toHaveLength(1);
    expect(after.find((e) => e.kind === 'special')).toMatchObject({ month: 6, generated: false });
    // Q2 and Q3's entries went (the Q4 one may stay as the second half's); one added at most.
    expect(r.json().removed).toBeGreaterThanOrEqual(2);
  });

  it('refuses a second entry of the same unit, month and kind (409), a unit of another town (404), a past year (422)', async () => {
    const dup = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2026/entries', {
      unitId: String(u['湾头五金厂']),
      month: 6,
      kind: 'special',
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('6月已有专项检查计划');
    const other = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2026/entries', {
      unitId: String(u['青石化工']),
      month: 6,
      kind: 'special',
    });
    expect(other.statusCode).toBe(404);
    const bad = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2026/entries', {
      unitId: String(u['湾头超市']),
      month: 13,
      kind: 'special',
    });
    expect(bad.statusCode).toBe(400);
    expect((await as(h.app, s.anjian!)('POST', '/api/safety/plans/2025/generate')).statusCode).toBe(422);
  });

  it('counts progress by month and kind, by hand: done by a linked or same-month inspection, overdue once the month is over', async () => {
    // 2027: entries added by hand only, so every figure below is known.
    await at('2027-01-04T09:00:00+08:00');
    const add = async (name: string, month: number, kind: string) => {
      const r = await as(h.app, s.anjian!)('POST', '/api/safety/plans/2027/entries', {
        unitId: String(u[name]),
        month,
        kind,
      });
      expect(r.statusCode, r.body).toBe(200);
      return Number(r.json().id);
    };
    await add('湾头超市', 1, 'comprehensive');
    await add('湾头超市', 2, 'holiday');
    await add('小吃店', 1, 'comprehensive');
    const june = await add('小吃店', 6, 'comprehensive');
    await inspect(u['湾头超市']!, 'comprehensive', '2027-01-10'); // same unit, kind, month: fulfils
    await inspect(u['小吃店']!, 'comprehensive', '2027-02-10', june); // names the June entry, done early
    await inspect(u['小吃店']!, 'special', '2027-01-20'); // another kind: fulfils nothing
    await at('2027-03-15T09:00:00+08:00');
    const p = await plan(2027, 'leader');
    expect(p.progress.total).toEqual({ planned: 4, done: 2, overdue: 2 });
    expect(p.progress.byMonth.find((m) => m.month === 1)).toEqual({ month: 1, planned: 2, done: 1, overdue: 1 });
    expect(p.progress.byMonth.find((m) => m.month === 2)).toEqual({ month: 2, planned: 1, done: 0, overdue: 1 });
    expect(p.progress.byMonth.find((m) => m.month === 6)).toEqual({ month: 6, planned: 1, done: 1, overdue: 0 });
    expect(p.progress.byKind.find((k) => k.kind === 'comprehensive')).toEqual({
      kind: 'comprehensive',
      planned: 3,
      done: 2,
      overdue: 1,
    });
    expect(p.progress.byKind.find((k) => k.kind === 'holiday')).toEqual({
      kind: 'holiday',
      planned: 1,
      done: 0,
      overdue: 1,
    });
    const prog = await as(h.app, s.county!)('GET', `/api/safety/plans/2027/progress?townId=${townId}`);
    expect(prog.statusCode, prog.body).toBe(200);
    expect(prog.json().progress.total).toEqual({ planned: 4, done: 2, overdue: 2 });
  });

  it('deletes an unfulfilled entry and refuses a fulfilled one (409)', async () => {
    const p = await plan(2027);
    const done = p.entries.find((e) => e.fulfilled)!;
    const open = p.entries.find((e) => !e.fulfilled)!;
    expect((await as(h.app, s.anjian!)('DELETE', `/api/safety/plans/2027/entries/${done.id}`)).statusCode).toBe(409);
    expect((await as(h.app, s.anjian!)('DELETE', `/api/safety/plans/2027/entries/${open.id}`)).statusCode).toBe(200);
    expect((await plan(2027)).entries).toHaveLength(3);
    expect((await as(h.app, s.anjian!)('DELETE', `/api/safety/plans/2026/entries/${done.id}`)).statusCode).toBe(404);
  });

  it('lets the leader and county read, only the 安监办 write; the village reads none', async () => {
    expect((await as(h.app, s.leader!)('POST', '/api/safety/plans/2027/generate')).statusCode).toBe(403);
    expect((await as(h.app, s.county!)('POST', '/api/safety/plans/2027/generate')).statusCode).toBe(403);
    expect((await as(h.app, s.cun01!)('GET', '/api/safety/plans/2027')).statusCode).toBe(403);
    expect((await as(h.app, s.sysadmin!)('GET', '/api/safety/plans/2027')).statusCode).toBe(403);
    expect((await as(h.app, s.anjian!)('GET', `/api/safety/plans/2027?townId=${otherTownId}`)).statusCode).toBe(404);
  });
});
