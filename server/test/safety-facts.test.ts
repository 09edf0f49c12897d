/**
 * 安全生产's figures (modules/safety/facts.ts) against a hand-counted fixture: 检查次数 and 出动人次
 * (the seed's “开展安全生产综合性检查…近300次，出动人员近1000人”) by 检查日期 in the year and the
 * town; the plan's completion (安全生产法 art 62); the hazards (cases of type `hazard`, by the
 * contract's fields and states) found, rectified, on time, overdue, penalized, transferred and
 * the 整改率; the drill-down lists exactly the counted records the reader may see; the
 * villages' and industries' ranking adds up to them; and the figures are no longer hand-entered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safetyFacts } from '../src/modules/safety/facts.ts';
import { MODULES } from '../src/modules.ts';
import { demoAccess } from '../src/seed/demo-access.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let town = 0;
let otherTown = 0;

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  h.clock.current = new Date('2026-03-01T10:00:00+08:00');
  const db = h.db.database.db;
  for (const u of ['leader', 'cun01']) s[u] = await login(h.app, u, 'Demo@2026');
  const unitOf = async (name: string) =>
    db.selectFrom('org_units').select(['id', 'path']).where('name', '=', name).executeTakeFirstOrThrow();
  const t = await unitOf('湾头桥镇');
  const o = await unitOf('青石镇');
  const v1 = await unitOf('湾头村村民委员会');
  const v2 = await unitOf('桥东村村民委员会');
  town = t.id;
  otherTown = o.id;
  const user = async (u: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', u).executeTakeFirstOrThrow()).id;
  const by = await user('fazhiban');
  const leader = await user('leader');
  const now = new Date('2025-01-02T09:00:00+08:00');
  let n = 0;
  const unit = async (townId: number, villageId: number | null, industry: string) => {
    n += 1;
    return (
      await db
        .insertInto('safety_units')
        .values({
          town_id: townId,
          village_id: villageId,
          name: `测试单位${n}`,
          credit_code: `91339900MA000000${String(n).padStart(2, '0')}`,
          address: '某地',
          industry,
          size: 'small',
          risk_class: 'general',
          principal_name: '某',
          created_by: by,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  };
  const u1 = await unit(t.id, v1.id, 'industry_trade');
  const u2 = await unit(t.id, v1.id, 'crowded');
  const u3 = await unit(t.id, v2.id, 'hazchem');
  const u4 = await unit(o.id, null, 'industry_trade');
  const plan = async (townId: number, unitId: number, year: number, month: number, kind: 'comprehensive' | 'holiday') =>
    (
      await db
        .insertInto('safety_plan_items')
        .values({ town_id: townId, year, month, unit_id: unitId, kind, created_by: by, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const p1 = await plan(t.id, u1, 2025, 3, 'comprehensive');
  const p2 = await plan(t.id, u2, 2025, 6, 'comprehensive');
  const p3 = await plan(t.id, u3, 2025, 9, 'holiday');
  await plan(t.id, u3, 2025, 12, 'comprehensive'); // not done
  const p0 = await plan(t.id, u1, 2024, 11, 'comprehensive'); // another year
  let k = 0;
  const inspect = async (
    townId: number,
    unitId: number,
    on: string,
    kind: 'comprehensive' | 'special' | 'holiday' | 'recheck',
    people: number,
    planItem: number | null = null,
  ) => {
    k += 1;
    await db
      .insertInto('safety_inspections')
      .values({
        town_id: townId,
        unit_id: unitId,
        plan_item_id: planItem,
        kind,
        inspected_on: on,
        place: '现场',
        officer_ids: Array.from({ length: people }, (_, i) => i + 1),
        principal_signed: true,
        client_id: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`,
        created_by: by,
        created_at: now,
      })
      .execute();
  };
  // 2025 in 湾头桥镇: 5 inspections, 3+4+2+3+4 = 16 person-times, 3 units, 3 of 4 plan entries done.
  await inspect(t.id, u1, '2025-03-10', 'comprehensive', 3, p1);
  await inspect(t.id, u2, '2025-06-05', 'comprehensive', 4, p2);
  await inspect(t.id, u3, '2025-09-20', 'holiday', 2, p3);
  await inspect(t.id, u1, '2025-04-01', 'recheck', 3);
  await inspect(t.id, u3, '2025-07-01', 'special', 4);
  // Not counted: the years around it and another town.
  await inspect(t.id, u1, '2024-12-31', 'comprehensive', 3, p0);
  await inspect(t.id, u1, '2026-01-01', 'comprehensive', 4);
  await inspect(o.id, u4, '2025-05-01', 'comprehensive', 3);

  // Hazards: rows of type `hazard` by the contract's fields and states (the type itself is another
  // part's, not installed here; the leader is made assignee so the drill-down's visibility, which
  // needs the type for scope, admits them).
  let seq = 0;
  const hazard = async (
    f: { unitId: number; foundOn: string; level: 'general' | 'major'; rectifyDeadline?: string },
    state: string,
    opts: { town?: typeof t; events?: [string, string][] } = {},
  ) => {
    seq += 1;
    const tt = opts.town ?? t;
    const c = await db
      .insertInto('cases')
      .values({
        town_id: tt.id,
        type: 'hazard',
        number: `湾隐患〔2025〕${seq}号`,
        year: 2025,
        seq,
        title: `隐患${seq}`,
        state,
        unit_id: tt.id,
        unit_path: tt.path,
        created_by: by,
        assignee_id: leader,
        fields: JSON.stringify({ source: 'inspection', description: '隐患', location: '现场', ...f }),
        actor_roles: [],
        created_at: now,
        updated_at: now,
        search_vec: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [i, [to, on]] of (opts.events ?? []).entries()) {
      await db
        .insertInto('case_events')
        .values({
          case_id: c.id,
          seq: i + 2,
          town_id: tt.id,
          at: new Date(`${on}T10:00:00+08:00`),
          actor_id: by,
          actor_name: '某',
          action: 'act',
          from_state: null,
          to_state: to,
          note: null,
          data: null,
        })
        .execute();
    }
    return c.id;
  };
  await hazard({ unitId: u1, foundOn: '2025-03-10', level: 'general' }, 'rectified_on_spot'); // H1 rectified, on time
  await hazard({ unitId: u1, foundOn: '2025-04-01', level: 'general', rectifyDeadline: '2025-04-11' }, 'closed', {
    events: [
      ['reinspecting', '2025-04-09'],
      ['closed', '2025-04-15'],
    ],
  }); // H2 rectified on time
  await hazard({ unitId: u1, foundOn: '2025-05-01', level: 'general', rectifyDeadline: '2025-05-11' }, 'closed', {
    events: [
      ['reinspecting', '2025-05-20'],
      ['closed', '2025-05-25'],
    ],
  }); // H3 rectified late
  await hazard({ unitId: u1, foundOn: '2025-06-01', level: 'general', rectifyDeadline: '2025-06-11' }, 'rectifying'); // H4 overdue
  const h5 = await hazard(
    { unitId: u3, foundOn: '2025-07-01', level: 'major', rectifyDeadline: '2025-07-31' },
    'failed',
    {
      events: [['failed', '2025-08-05']],
    },
  ); // H5 major, failed (overdue) and linked to a penalty
  await hazard({ unitId: u3, foundOn: '2025-08-01', level: 'major' }, 'transferred'); // H6 transferred
  await hazard({ unitId: u2, foundOn: '2025-09-01', level: 'general', rectifyDeadline: '2025-09-11' }, 'failed'); // H7 overdue
  await hazard({ unitId: u2, foundOn: '2025-10-01', level: 'general', rectifyDeadline: '2025-10-11' }, 'reinspecting'); // H8 reported
  await hazard({ unitId: u1, foundOn: '2024-12-30', level: 'general' }, 'closed'); // another year
  await hazard({ unitId: u4, foundOn: '2025-05-01', level: 'general' }, 'closed', { town: o }); // another town
  const p = await db
    .insertInto('cases')
    .values({
      town_id: t.id,
      type: 'penalty',
      number: '湾罚〔2025〕1号',
      year: 2025,
      seq: 1,
      title: '逾期未整改重大隐患',
      state: 'investigating',
      unit_id: t.id,
      unit_path: t.path,
      created_by: by,
      fields: JSON.stringify({ procedure: 'ordinary', filedOn: '2025-08-10' }),
      actor_roles: [],
      created_at: now,
      updated_at: now,
      search_vec: '',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('case_links')
    .values({
      town_id: t.id,
      from_case_id: h5,
      to_case_id: p.id,
      kind: 'penalty',
      note: null,
      created_by: by,
      created_at: now,
    })
    .execute();
}, 300_000);

afterAll(() => h?.close());

const req = (who: string) => as(h.app, s[who]!);

async function figures(who = 'leader') {
  const r = await req(who)('GET', '/api/facts?year=2025');
  expect(r.statusCode, r.body).toBe(200);
  const group = r.json().modules.find((m: { module: string }) => m.module === 'safety');
  return {
    values: Object.fromEntries(
      group.facts.map((f: { key: string; value: number | null }) => [f.key, f.value]),
    ) as Record<string, number | null>,
    origins: new Set(group.facts.map((f: { origin: string }) => f.origin)),
  };
}

describe('安全生产 figures', () => {
  it('counts 检查次数 and 出动人次 by 检查日期 in the year and the town, as counted by hand', async () => {
    const { values, origins } = await figures();
    expect([...origins]).toEqual(['computed']);
    expect(values).toMatchObject({
      'safety.inspections': 5,
      'safety.inspections_comprehensive': 2,
      'safety.inspections_special': 1,
      'safety.inspections_holiday': 1,
      'safety.reinspections': 1,
      // 出动人次: each record's inspectors, summed (3 + 4 + 2 + 3 + 4).
      'safety.inspectors': 16,
      'safety.units_covered': 3,
      'safety.plan_total': 4,
      'safety.plan_done': 3,
      'safety.plan_rate': 75,
    });
  });

  it('counts the hazards found in the year by level and outcome, and the 整改率 over them', async () => {
    const { values } = await figures();
    expect(values).toMatchObject({
      'safety.hazards_found': 8,
      'safety.hazards_found_general': 6,
      'safety.hazards_found_major': 2,
      // 当场整改 (H1) and 销号 (H2, H3).
      'safety.hazards_rectified': 3,
      // H1 on the spot, H2 reported before its deadline; H3 reported after it.
      'safety.rectified_on_time': 2,
      // 整改率 = 3 ÷ 8.
      'safety.rectification_rate': 37.5,
      // H4 past its deadline still rectifying, H5 and H7 复查不合格.
      'safety.hazards_overdue': 3,
      'safety.penalties_from_hazards': 1,
      'safety.transfers': 1,
    });
  });

  it('counts the other town by its own records', async () => {
    const v = (
      await h.app.services.facts.values(h.db.database.db, { townIds: [otherTown], year: 2025, now: h.clock.now() })
    ).get(otherTown)!;
    expect(v['safety.inspections']!.value).toBe(1);
    expect(v['safety.inspectors']!.value).toBe(3);
    expect(v['safety.hazards_found']!.value).toBe(1);
    expect(v['safety.rectification_rate']!.value).toBe(100);
  });

  it('is no longer a hand-entered figure', () => {
    const defs = h.app.services.facts.definitions().filter((d) => d.key.startsWith('safety.'));
    expect(defs.length).toBeGreaterThan(10);
    expect(defs.every((d) => !d.manualOnly && d.module === 'safety')).toBe(true);
  });

  it('drills down to exactly the counted records, a village officer seeing its village’s units only', async () => {
    const drill = async (who: string, key: string) => {
      const r = await req(who)('GET', `/api/facts/${key}/records?year=2025`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { total: number; records: { date: string; deciding?: string | null; state: string | null }[] };
    };
    const all = await drill('leader', 'safety.inspections');
    expect(all.total).toBe(5);
    expect(all.records.map((x) => x.date)).toEqual([
      '2025-03-10',
      '2025-04-01',
      '2025-06-05',
      '2025-07-01',
      '2025-09-20',
    ]);
    const people = await drill('leader', 'safety.inspectors');
    expect(people.records.reduce((a, x) => a + Number(x.deciding), 0)).toBe(16);
    // A 村居干部 has no dashboard; were the drill-down handed their access, 湾头村's units (1 and
    // 2) give three of the five.
    const cun01 = await demoAccess(h.db.database.db, 'cun01', h.app.services.cases.registry);
    const q = { townId: town, year: 2025, now: h.clock.now(), limit: 50, offset: 0 };
    expect((await safetyFacts.drill!(h.db.database.db, cun01, { ...q, key: 'safety.inspections' })).total).toBe(3);
    expect((await drill('leader', 'safety.units_covered')).total).toBe(3);
    expect((await drill('leader', 'safety.plan_done')).total).toBe(3);
    expect((await drill('leader', 'safety.plan_total')).total).toBe(4);
    const found = await drill('leader', 'safety.hazards_found');
    expect(found.total).toBe(8);
    expect(found.records.filter((x) => x.deciding === '重大隐患')).toHaveLength(2);
    expect((await drill('leader', 'safety.hazards_rectified')).total).toBe(3);
    expect((await drill('leader', 'safety.rectified_on_time')).total).toBe(2);
    const overdue = await drill('leader', 'safety.hazards_overdue');
    expect(overdue.records.map((x) => x.state).sort()).toEqual(['逾期或复查不合格', '逾期或复查不合格', '限期整改中']);
  });
});

describe('安全生产排名', () => {
  it('ranks the villages and the industries on the same counts', async () => {
    const r = await req('leader')('GET', '/api/safety/ranking?year=2025');
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body.villages.map((v: { label: string }) => v.label)).toEqual(['湾头村村民委员会', '桥东村村民委员会']);
    expect(body.villages[0]).toMatchObject({
      units: 2,
      inspections: 3,
      inspectors: 10,
      hazardsFound: 6,
      hazardsMajor: 0,
      hazardsRectified: 3,
      rectificationRate: 50,
      hazardsOverdue: 2,
    });
    expect(body.villages[1]).toMatchObject({
      units: 1,
      inspections: 2,
      inspectors: 6,
      hazardsFound: 2,
      hazardsMajor: 2,
    });
    expect(body.industries.map((v: { key: string }) => v.key)).toEqual(['industry_trade', 'hazchem', 'crowded']);
    expect(body.industries[0]).toMatchObject({
      label: '工贸企业',
      inspections: 2,
      hazardsFound: 4,
      rectificationRate: 75,
    });
    // The rows add up to the town's figures.
    const sum = (k: string) => body.villages.reduce((a: number, v: Record<string, number>) => a + v[k]!, 0);
    expect([sum('inspections'), sum('inspectors'), sum('hazardsFound')]).toEqual([5, 16, 8]);
  });

  it('refuses a village officer and names a bad year', async () => {
    expect((await req('cun01')('GET', '/api/safety/ranking?year=2025')).statusCode).toBe(403);
    const bad = await req('leader')('GET', '/api/safety/ranking?year=1900');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('年度');
  });
});
