/**
 * Issue 13 over HTTP on a demo year of disputes: the case list's date ranges, year and sorts
 * (the cursor walks every sort without a gap or a repeat), its total, which for a village and a
 * year is the statistics page's figure; the statistics pages and a drill-down exported as .xlsx,
 * read back with exceljs against the JSON figures; the drill-down's deciding column.
 */
import { shanghaiDate } from '@fazhi/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../src/cases/access.ts';
import { seedMediationDemo } from '../src/modules/mediation/demo.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const call = (who: string) => as(h.app, s[who]!);

beforeAll(async () => {
  h = await harness({}, { demo: true });
  await seedMediationDemo(h.app.services, { count: 24, seed: 7 });
  h.clock.current = new Date('2024-06-03T02:00:00Z');
  for (const u of ['tiaojie', 'leader']) s[u] = await login(h.app, u, 'Demo@2026');
}, 300_000);
afterAll(() => h.close());

type Item = { id: string; number: string; createdAt: string; closedOn: string | null; terminal: boolean };
/** A page of the list, with 「共 N 件」 from its own request (GET /api/cases/count, same filters). */
async function list(who: string, query: string) {
  const r = await call(who)('GET', `/api/cases?${query}`);
  expect(r.statusCode, r.body).toBe(200);
  const filters = query.replace(/(^|&)(limit|cursor)=[^&]*/g, '');
  const c = await call(who)('GET', `/api/cases/count?${filters}`);
  expect(c.statusCode, c.body).toBe(200);
  expect(c.json().capped).toBe(false);
  return { ...(r.json() as { items: Item[]; nextCursor: string | null }), total: c.json().total as number };
}

/** Every page of a query, following the cursor. */
async function walk(query: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let first: number | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await list(
      'tiaojie',
      `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (i === 0) first = page.total;
    ids.push(...page.items.map((x) => x.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return { ids, total: first };
}

async function workbook(who: string, url: string) {
  const r = await call(who)('GET', url);
  expect(r.statusCode, r.body).toBe(200);
  expect(r.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return { ws, rows: Array.from(rows, (r) => r ?? []) };
}

/** The rows of the table titled `title`: its header and the rows down to the blank line. */
function tableOf(rows: unknown[][], title: string) {
  const at = rows.findIndex((r) => r[0] === title);
  expect(at, `table ${title}`).toBeGreaterThan(0);
  const header = rows[at + 1]!;
  const body: unknown[][] = [];
  for (let i = at + 2; i < rows.length && rows[i]!.length > 0 && rows[i]![0] != null; i++) body.push(rows[i]!);
  return { header, body };
}

describe('the case list filters', () => {
  it('refuses a bad date with a Chinese message naming the field (400)', async () => {
    const cases: [string, string][] = [
      ['registeredFrom=0000-01-01', '登记日期（起）'],
      ['registeredTo=2023-02-30', '登记日期（止）'],
      ['closedFrom=2023-13-01', '办结日期（起）'],
      ['closedTo=yesterday', '办结日期（止）'],
      ['year=1999', '登记年度'],
      ['registeredFrom=2023-05-01&registeredTo=2023-04-30', '登记日期（止）不能早于登记日期（起）'],
      ['closedFrom=2023-05-01&closedTo=2023-04-30', '办结日期（止）不能早于办结日期（起）'],
      ['sort=title', '排序'],
    ];
    for (const [q, field] of cases) {
      const r = await call('tiaojie')('GET', `/api/cases?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect(r.json().error.code).toBe('VALIDATION');
      expect(r.json().error.message, q).toContain(field);
    }
  });

  it('keeps the registered and closed days within the ranges (Asia/Shanghai days, both ends included)', async () => {
    const march = await list('tiaojie', 'type=mediation&registeredFrom=2023-03-01&registeredTo=2023-03-31&limit=200');
    const all = await list('tiaojie', 'type=mediation&year=2023&limit=200');
    const inMarch = all.items.filter((x) => shanghaiDate(new Date(x.createdAt)).startsWith('2023-03'));
    expect(inMarch.length).toBeGreaterThan(0);
    expect(march.items.map((x) => x.id).sort()).toEqual(inMarch.map((x) => x.id).sort());
    expect(march.total).toBe(inMarch.length);

    const closed = await list('tiaojie', 'type=mediation&closedFrom=2023-04-01&closedTo=2023-09-30&limit=200');
    expect(closed.items.length).toBeGreaterThan(0);
    for (const x of closed.items) {
      expect(x.terminal).toBe(true);
      expect(x.closedOn! >= '2023-04-01' && x.closedOn! <= '2023-09-30', x.closedOn!).toBe(true);
    }
    const expected = all.items.filter((x) => x.closedOn && x.closedOn >= '2023-04-01' && x.closedOn <= '2023-09-30');
    expect(closed.total).toBe(expected.length);
    // An open case has no closing day.
    expect(all.items.filter((x) => !x.terminal).every((x) => x.closedOn === null)).toBe(true);
  });

  it('counts up to the cap and then says only that there are more (超过 N 件)', async () => {
    const auth = await h.app.services.auth.authenticate(
      s.tiaojie!.cookie.match(/fazhi_sid=([^;]+)/)![1]!,
      h.clock.now(),
      true,
    );
    const access = await caseAccess(h.db.database.db, auth, h.app.services.registry);
    const q = { year: '2023', limit: 50 } as never;
    const exact = await h.app.services.cases.count(access, q, h.clock.now());
    expect(exact.capped).toBe(false);
    expect(exact.total).toBeGreaterThan(3);
    expect(await h.app.services.cases.count(access, q, h.clock.now(), 3)).toEqual({ total: 3, capped: true });
    expect(await h.app.services.cases.count(access, q, h.clock.now(), exact.total)).toEqual({
      total: exact.total,
      capped: false,
    });
  });

  it('walks every sort and direction page by page without a gap or a repeat, in the sort asked for', async () => {
    const everything = await list('tiaojie', 'year=2023&limit=200');
    expect(everything.total).toBe(everything.items.length);
    for (const sort of ['updated', 'registered', 'due', 'number', 'state', 'village']) {
      for (const order of ['asc', 'desc']) {
        const q = `year=2023&sort=${sort}&order=${order}`;
        const one = await list('tiaojie', `${q}&limit=200`);
        const { ids, total } = await walk(q, 5);
        expect(ids, q).toEqual(one.items.map((x) => x.id));
        expect(new Set(ids).size).toBe(ids.length);
        expect(total).toBe(everything.total);
      }
    }
    const byNumber = await list('tiaojie', 'year=2023&sort=number&order=asc&limit=200');
    const seqs = byNumber.items.map((x) => Number(/(\d+)号$/.exec(x.number)?.[1]));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const byRegistered = await list('tiaojie', 'year=2023&sort=registered&order=desc&limit=200');
    const at = byRegistered.items.map((x) => x.createdAt);
    expect(at).toEqual([...at].sort().reverse());
  });

  it('refuses a cursor made for another sort', async () => {
    const first = await list('tiaojie', 'year=2023&sort=registered&order=asc&limit=3');
    const r = await call('tiaojie')(
      'GET',
      `/api/cases?year=2023&sort=number&order=asc&limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toContain('排序');
  });

  it("counts a village's year exactly as the statistics page's village row (the link from the figure)", async () => {
    const stats = (await call('tiaojie')('GET', '/api/stats/mediation?year=2023')).json();
    const villages = stats.byVillage.filter((v: { unitId: string | null }) => v.unitId);
    expect(villages.length).toBeGreaterThan(1);
    for (const v of villages as { unitId: string; unitName: string; registered: number }[]) {
      const page = await list('tiaojie', `type=mediation&village=${v.unitId}&year=2023&limit=1`);
      expect(page.total, v.unitName).toBe(v.registered);
    }
  });
});

describe('statistics exports', () => {
  it('exports 调解统计 with the page figures under Chinese headers, the town and year in the title', async () => {
    const stats = (await call('tiaojie')('GET', '/api/stats/mediation?year=2023')).json();
    const { rows } = await workbook('tiaojie', '/api/stats/mediation/export.xlsx?year=2023');
    expect(String(rows[0]![0])).toBe('湾头桥镇2023年度矛盾纠纷调解统计');
    const figures = tableOf(rows, '主要指标');
    expect(figures.header.slice(0, 2)).toEqual(['指标', '数值']);
    const figure = (label: string) => figures.body.find((r) => r[0] === label)?.[1];
    expect(figure('登记纠纷')).toBe(stats.totals.registered);
    expect(figure('调解成功')).toBe(stats.totals.success);
    expect(figure('调结')).toBe(stats.totals.concluded);
    expect(figure('调解成功率')).toBe(stats.totals.successRate);
    const villages = tableOf(rows, '按村（社区）');
    expect(villages.header).toEqual(['村（社区）', '登记', '受理', '调解成功', '高风险']);
    expect(villages.body).toEqual(
      stats.byVillage.map((v: Record<string, unknown>) => [
        v.unitName,
        v.registered,
        v.accepted,
        v.success,
        v.highRisk,
      ]),
    );
    const months = tableOf(rows, '按月份（登记月份）');
    expect(months.body.length).toBe(12);
  });

  it('exports 信访统计 and the dashboard with their figures', async () => {
    const stats = (await call('leader')('GET', '/api/stats/petitions?year=2023')).json();
    const { rows } = await workbook('leader', '/api/stats/petitions/export.xlsx?year=2023');
    expect(String(rows[0]![0])).toBe('湾头桥镇2023年度信访工作统计');
    const received = tableOf(rows, '收到信访事项');
    expect(received.body.find((r) => r[0] === '收到信访事项件数')?.[1]).toBe(stats.received.total);

    const facts = (await call('leader')('GET', '/api/facts?year=2023')).json();
    const dash = await workbook('leader', '/api/facts.xlsx?year=2023');
    expect(String(dash.rows[0]![0])).toBe('湾头桥镇2023年度法治建设主要指标');
    const mediation = facts.modules.find((m: { module: string }) => m.module === 'mediation');
    const t = tableOf(dash.rows, mediation.moduleLabel);
    expect(t.header.slice(0, 4)).toEqual(['指标', '本年度', '单位', '上年度']);
    for (const f of mediation.facts as { label: string; value: number | null }[]) {
      expect(t.body.find((r) => r[0] === f.label)?.[1] ?? null, f.label).toBe(f.value);
    }
  });

  it('shows and exports the column that decides 调解成功率: 调解结果 of every concluded dispute', async () => {
    const json = (await call('leader')('GET', '/api/facts/mediation.success_rate/records?year=2023')).json();
    expect(json.decidingColumn).toBe('调解结果');
    const facts = (await call('leader')('GET', '/api/facts?year=2023')).json();
    const value = (key: string) =>
      facts.modules
        .flatMap((m: { facts: { key: string; value: number }[] }) => m.facts)
        .find((f: { key: string }) => f.key === key).value;
    expect(json.total).toBe(value('mediation.concluded'));

    const { rows } = await workbook('leader', '/api/facts/mediation.success_rate/records.xlsx?year=2023');
    expect(String(rows[0]![0])).toBe('湾头桥镇2023年度调解成功率明细');
    const t = tableOf(rows, `计入该指标的记录（共 ${json.total} 条）`);
    expect(t.header).toEqual(['案号', '标题', '计入日期', '村（社区）', '状态', '调解结果']);
    expect(t.body.length).toBe(json.total);
    const success = t.body.filter((r) => r[5] === '调解成功').length;
    expect(success).toBe(value('mediation.success'));
    expect(Math.round((success / t.body.length) * 1000) / 10).toBe(value('mediation.success_rate'));
  });
});
