/**
 * The demo's work safety (safety manifest `demo.year`): 120 units with valid 统一社会信用代码 and
 * encrypted contacts, a checklist per industry, the year's plan, and the seed's “开展安全生产综合性
 * 检查工作近300次，出动人员近1000人” as records: ≈300 inspections, ≈1,000 person-times, each
 * by 3 or 4 officers certified for 安全生产 on the day; the hazards those inspections found as
 * `hazard` cases taken through the engine, in every state, with the year's two 重大事故隐患;
 * deterministic, for 2023 and 2025.
 */
import { validateUscc } from '@fazhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegisterDemo } from '../src/modules/enforcement/registry/demo.ts';
import { seedSafetyDemo } from '../src/modules/safety/demo.ts';
import { MODULES } from '../src/modules.ts';
import { type Harness, harness } from './helpers.ts';

let h: Harness;
const START = new Date('2026-12-07T10:00:00+08:00');
const results: Awaited<ReturnType<typeof seedSafetyDemo>>[] = [];

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  h.clock.current = START;
  await seedRegisterDemo(h.db.database.db, START);
  for (const year of [2023, 2025]) {
    const t0 = performance.now();
    results.push(await seedSafetyDemo(h.app.services, { year, until: START }));
    console.log(`safety demo ${year}: ${Math.round(performance.now() - t0)} ms`, results.at(-1)!.lines.join(' / '));
  }
}, 300_000);
afterAll(() => h?.close());

const town = async () =>
  (await h.db.database.db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow())
    .id;

describe('the demo year of work safety', () => {
  it('registers 120 units across the villages, each with a valid 统一社会信用代码 and an encrypted phone', async () => {
    const units = await h.db.database.db.selectFrom('safety_units').selectAll().execute();
    expect(units).toHaveLength(120);
    expect(results[0]!.units).toBe(120);
    expect(results[1]!.units).toBe(0); // written once
    expect(units.every((u) => validateUscc(u.credit_code).ok)).toBe(true);
    expect(new Set(units.map((u) => u.village_id)).size).toBe(10);
    expect(units.every((u) => u.name.startsWith('湾头桥镇'))).toBe(true);
    expect(units.some((u) => u.name.endsWith('五金厂'))).toBe(true);
    for (const u of units) {
      expect(u.principal_phone_masked).toMatch(/^1\d{2}\*{4}\d{4}$/);
      expect(u.principal_phone_enc).not.toContain(u.principal_phone_masked!.slice(-4));
      expect(h.app.services.cipher.decrypt(u.principal_phone_enc!)).toMatch(/^1\d{10}$/);
    }
    const lists = await h.db.database.db.selectFrom('safety_checklists').select('industry').execute();
    expect(new Set(lists.map((l) => l.industry))).toEqual(new Set(units.map((u) => u.industry)));
  });

  it('gives each year ≈300 inspections and ≈1,000 person-times, as the facts count them', async () => {
    const t = await town();
    for (const [i, year] of [2023, 2025].entries()) {
      const r = results[i]!;
      expect(r.inspections, String(year)).toBeGreaterThanOrEqual(280);
      expect(r.inspections, String(year)).toBeLessThanOrEqual(310);
      expect(r.personTimes, String(year)).toBeGreaterThanOrEqual(920);
      expect(r.personTimes, String(year)).toBeLessThanOrEqual(1080);
      const v = (await h.app.services.facts.values(h.db.database.db, { townIds: [t], year, now: START })).get(t)!;
      expect(v['safety.inspections']).toMatchObject({ value: r.inspections, origin: 'computed' });
      expect(v['safety.inspectors']!.value).toBe(r.personTimes);
      expect(v['safety.plan_total']!.value).toBe(r.plan);
      expect(v['safety.plan_rate']!.value).toBeGreaterThan(85);
      expect(v['safety.units_covered']!.value).toBeGreaterThan(100);
    }
    // The plan is the generator's (domain/src/safety/plan.ts), marked so a regeneration may replace it.
    const items = await h.db.database.db.selectFrom('safety_plan_items').select('generated').execute();
    expect(items.length).toBe(results[0]!.plan + results[1]!.plan);
    expect(items.every((x) => x.generated)).toBe(true);
    // Two years differ (the PRNG is seeded by the year).
    expect(
      results[0]!.inspections === results[1]!.inspections && results[0]!.personTimes === results[1]!.personTimes,
    ).toBe(false);
  });

  it('sends 3 or 4 officers certified for 安全生产 on the day to each inspection, on working days', async () => {
    const db = h.db.database.db;
    const officers = await db.selectFrom('enforcement_officers').selectAll().execute();
    const byId = new Map(officers.map((o) => [Number(o.id), o]));
    const rows = await db.selectFrom('safety_inspections').select(['inspected_on', 'officer_ids']).execute();
    const calendar = await h.app.services.calendars.forTown(await town());
    for (const r of rows) {
      expect([3, 4]).toContain(r.officer_ids.length);
      expect(new Set(r.officer_ids.map(Number)).size).toBe(r.officer_ids.length);
      for (const id of r.officer_ids) {
        const o = byId.get(Number(id))!;
        expect(o.cert_fields).toContain('safety');
        expect(o.valid_until >= r.inspected_on && (o.valid_from == null || o.valid_from <= r.inspected_on)).toBe(true);
      }
      expect(calendar.isWorkday(r.inspected_on), r.inspected_on).toBe(true);
    }
  });

  it('registers hazards from the inspections, in every state, most put right on the spot or closed', async () => {
    const db = h.db.database.db;
    const STATES = [
      'found',
      'rectified_on_spot',
      'rectifying',
      'reinspecting',
      'closed',
      'failed',
      'penalized',
      'transferred',
    ];
    for (const [i, year] of [2023, 2025].entries()) {
      const r = results[i]!;
      expect(r.hazards, String(year)).toBeGreaterThanOrEqual(30);
      expect(r.hazards, String(year)).toBeLessThanOrEqual(80);
      for (const s of STATES) expect(r.hazardStates[s] ?? 0, `${year} ${s}`).toBeGreaterThan(0);
      const done = (r.hazardStates.rectified_on_spot ?? 0) + (r.hazardStates.closed ?? 0);
      expect(done / r.hazards, String(year)).toBeGreaterThan(0.7);
    }
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'state', 'fields', 'number'])
      .where('type', '=', 'hazard')
      .execute();
    expect(rows.length).toBe(results[0]!.hazards + results[1]!.hazards);
    const inspections = new Map(
      (await db.selectFrom('safety_inspections').select(['id', 'unit_id', 'inspected_on', 'findings']).execute()).map(
        (x) => [Number(x.id), x],
      ),
    );
    for (const c of rows) {
      const f = c.fields as Record<string, unknown>;
      expect(f.source).toBe('inspection');
      const insp = inspections.get(Number(f.inspectionId))!;
      expect(insp, c.number!).toBeDefined();
      expect(Number(insp.unit_id)).toBe(f.unitId);
      expect(insp.inspected_on).toBe(f.foundOn);
      expect(insp.findings).toContain(String(f.description));
      if (c.state === 'rectified_on_spot') {
        const files = await db.selectFrom('attachments').select('mime').where('case_id', '=', c.id).execute();
        expect(files.map((x) => x.mime)).toContain('image/jpeg');
      }
      // The order's deadline after its service; the re-inspection within 10 days of its start (办法 art 17).
      if (f.rectifyDeadline) expect(String(f.rectifyDeadline) > String(f.orderServedOn)).toBe(true);
      if (f.reinspectedOn) {
        const from = String(f.reinspectionFrom);
        const days = (Date.parse(String(f.reinspectedOn)) - Date.parse(from)) / 86_400_000;
        expect(days, c.number!).toBeLessThanOrEqual(10);
      }
    }
  });

  it('has two 重大事故隐患 a year: one supervised to resumption and closed, one ending in a linked penalty', async () => {
    const db = h.db.database.db;
    const majors = (
      await db.selectFrom('cases').select(['id', 'state', 'fields']).where('type', '=', 'hazard').execute()
    ).filter((c) => (c.fields as { level: string }).level === 'major');
    expect(majors).toHaveLength(4);
    const resumed = majors.filter((c) => c.state === 'closed');
    const penalized = majors.filter((c) => c.state === 'penalized');
    expect(resumed).toHaveLength(2);
    expect(penalized).toHaveLength(2);
    for (const c of resumed) {
      const f = c.fields as Record<string, string | string[]>;
      expect(f.measures).toEqual(['suspend']);
      expect(f.supervisedOn).toBeTruthy();
      expect(f.supervisionNo).toBeTruthy();
      expect(f.resumptionApprovedOn).toBeTruthy();
      expect(f.reinspectPassed).toBe(true);
      expect(String(f.resumptionApprovedOn) <= String(f.closedOn)).toBe(true);
    }
    for (const c of penalized) {
      expect((c.fields as { measures: string[] }).measures).toEqual(['stop_use']);
      const link = await db
        .selectFrom('case_links as l')
        .innerJoin('cases as p', 'p.id', 'l.to_case_id')
        .select(['p.type', 'p.state', 'l.kind'])
        .where('l.from_case_id', '=', c.id)
        .execute();
      expect(link).toEqual([expect.objectContaining({ type: 'penalty', kind: 'penalty' })]);
    }
    // Every document a step needs was issued: the orders, the opinions, the measures.
    const docs = await db
      .selectFrom('documents')
      .select(['kind'])
      .where(
        'case_id',
        'in',
        majors.map((m) => m.id),
      )
      .execute();
    const kinds = new Set(docs.map((d) => d.kind));
    for (const k of ['rectify_order', 'measures_decision', 'reinspection_opinion']) expect(kinds).toContain(k);
  });

  it('writes the same records again from the same seed', async () => {
    const again = await harness({}, { modules: MODULES, demo: true });
    try {
      await seedRegisterDemo(again.db.database.db, START);
      const r = await seedSafetyDemo(again.app.services, { year: 2023, until: START });
      expect([r.inspections, r.personTimes, r.plan, r.hazardStates]).toEqual([
        results[0]!.inspections,
        results[0]!.personTimes,
        results[0]!.plan,
        results[0]!.hazardStates,
      ]);
      const names = async (x: Harness) =>
        (await x.db.database.db.selectFrom('safety_units').select('name').orderBy('id').execute()).map((u) => u.name);
      expect(await names(again)).toEqual(await names(h));
    } finally {
      await again.close();
    }
  }, 300_000);

  it('ends every hazard of an earlier year, so none is years overdue in the present', async () => {
    const earlier = await harness({}, { modules: MODULES, demo: true });
    try {
      await seedRegisterDemo(earlier.db.database.db, START);
      const r = await seedSafetyDemo(earlier.app.services, { year: 2023, until: START, openAtEnd: false });
      expect(r.hazards).toBeGreaterThan(20);
      const open = await earlier.db.database.db
        .selectFrom('cases')
        .select(['number', 'state'])
        .where('type', '=', 'hazard')
        .where('terminal', '=', false)
        .execute();
      expect(open).toEqual([]);
    } finally {
      await earlier.close();
    }
  }, 300_000);
});
