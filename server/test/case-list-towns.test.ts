/**
 * The case list of a reader of several towns (a county supervisor, a clerk of two towns): the
 * page is built per town and merged (repository.ts listPage), and must be exactly the page of
 * the whole county by last change, newest first, with the cursor walking across towns without
 * a gap or a repeat, whatever the filters.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTown, createUnit, createUser, type UnitRow } from '../src/seed/factories.ts';
import { complaintModule } from './fixtures/complaint.ts';
import { as, demoUnits, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const towns: { id: number; unitId: number }[] = [];

beforeAll(async () => {
  h = await harness({}, { modules: [complaintModule], demo: true });
  const db = h.db.database.db;
  const unit = (name: string) =>
    db
      .selectFrom('org_units')
      .select(['id', 'parent_id', 'town_id', 'kind', 'name', 'code', 'path'])
      .where('name', '=', name)
      .executeTakeFirstOrThrow() as Promise<UnitRow>;
  const { county } = await demoUnits(db);
  // A third town of the county, with one village.
  const { town: third } = await createTown(db, '柳河镇', county);
  const village = await createUnit(db, { kind: 'village', name: '柳河村村民委员会', parent: third });
  const wt = await unit('湾头桥镇');
  const qs = await unit('青石镇');
  towns.push(
    { id: wt.id, unitId: (await unit('湾头村村民委员会')).id },
    { id: qs.id, unitId: (await unit('青石村村民委员会')).id },
    { id: third.id, unitId: village.id },
  );
  await createUser(db, {
    username: 'threetowns',
    password: 'Demo@2026',
    roles: [wt, qs, third].map((u) => ({ role: 'tiaojie', unit: u, scope: 'town' as const })),
  });
  for (const u of ['county', 'threetowns', 'tiaojie']) s[u] = await login(h.app, u, 'Demo@2026');

  // 24 cases over the three towns. The clock moves every other case, so two towns share each
  // instant and only the id orders them; then a quarter of them (of every town) change later, at one instant.
  const made: { id: string; version: number }[] = [];
  for (let i = 0; i < 24; i++) {
    const t = towns[i % 3]!;
    const res = await as(h.app, s.threetowns!)('POST', '/api/cases', {
      type: 'complaint',
      title: i % 4 === 0 ? `宅基地边界纠纷投诉${i}` : `养殖场噪声扰民投诉${i}`,
      unitId: String(t.unitId),
      fields: { receivedOn: '2026-03-02', category: 'noise', summary: '夜间风机噪声影响休息' },
      parties: [{ role: 'complainant', name: `张三${i}` }],
    });
    expect(res.statusCode, res.body).toBe(200);
    made.push({ id: String(res.json().id), version: res.json().version });
    if (i % 2 === 1) h.clock.advanceMinutes(1);
  }
  for (const c of made.filter((_, i) => i % 4 === 1).reverse()) {
    const res = await as(h.app, s.threetowns!)('POST', `/api/cases/${c.id}/actions/decline`, {
      version: c.version,
      input: { reason: '重复投诉' },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
}, 120_000);

afterAll(() => h.close());

/** Every case of the county matching `where`, by last change, newest first: what the list must show. */
async function expected(where = sql`true`): Promise<string[]> {
  const r = await sql<{ id: number }>`select c.id from cases c where c.type = 'complaint' and ${where}
    order by c.updated_at desc, c.id desc`.execute(h.db.database.db);
  return r.rows.map((x) => String(x.id));
}

/** The list as the user pages through it, `limit` at a time. */
async function walk(who: string, query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/cases?limit=${limit}${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await as(h.app, s[who]!)('GET', url);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items.map((i: { id: string }) => i.id));
    cursor = page.nextCursor;
  } while (cursor);
  return seen;
}

describe('a reader of several towns', () => {
  it('sees the county’s cases newest change first, across towns, ties by id', async () => {
    const all = await expected();
    expect(all).toHaveLength(24);
    const first = (await as(h.app, s.county!)('GET', '/api/cases?limit=50')).json();
    expect(first.items.map((i: { id: string }) => i.id)).toEqual(all);
    expect(first.nextCursor).toBeNull();
    // The first page holds cases of every town, not one town's before the next.
    const page = (await as(h.app, s.county!)('GET', '/api/cases?limit=6')).json();
    const townOf = await sql<{ id: number; town_id: number }>`select id, town_id from cases`.execute(h.db.database.db);
    const byId = new Map(townOf.rows.map((r) => [String(r.id), r.town_id]));
    expect(new Set(page.items.map((i: { id: string }) => byId.get(i.id))).size).toBe(3);
  });

  it('pages across towns with the cursor, without a gap or a repeat', async () => {
    const all = await expected();
    for (const limit of [1, 4, 5, 7]) {
      const seen = await walk('county', '', limit);
      expect(seen).toEqual(all);
    }
    // A clerk of the three towns pages through the same cases the same way.
    expect(await walk('threetowns', '', 5)).toEqual(all);
    // A clerk of one town: that town's cases only, in the same order.
    const mine = await expected(sql`c.town_id = ${towns[0]!.id}`);
    expect(await walk('tiaojie', '', 3)).toEqual(mine);
  });

  it('applies every filter before the page is cut, in each town', async () => {
    expect(await walk('county', 'state=rejected', 3)).toEqual(await expected(sql`c.state = 'rejected'`));
    expect(await walk('county', 'state=registered', 4)).toEqual(await expected(sql`c.state = 'registered'`));
    expect(await walk('county', `q=${encodeURIComponent('宅基地')}`, 2)).toEqual(
      await expected(sql`c.title like '宅基地%'`),
    );
    expect(await walk('county', `village=${towns[1]!.unitId}`, 2)).toEqual(
      await expected(sql`c.unit_id = ${towns[1]!.unitId}`),
    );
    expect(await walk('county', 'due=open&type=complaint', 5)).toEqual(await expected(sql`not c.terminal`));
  });

  it('exports the same cases in the same order', async () => {
    const res = await as(h.app, s.county!)('GET', '/api/cases/export.xlsx?type=complaint');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const numbers: string[] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n > 1) numbers.push(String(row.getCell(1).value));
    });
    const r = await sql<{ number: string }>`select number from cases where type = 'complaint'
      order by updated_at desc, id desc`.execute(h.db.database.db);
    expect(numbers).toEqual(r.rows.map((x) => x.number));
  });
});
