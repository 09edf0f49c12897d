/**
 * The demo year of normative documents (normative/part.ts `demo.year`): 2023 has three, each
 * decided at a held meeting and accepted by the county's 备案审查, one abolished in the autumn;
 * their figures and the public page follow; a later year adds one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedNormativePresent, seedNormativeYear } from '../src/modules/decisions/normative/demo.ts';
import type { NormativeService } from '../src/modules/decisions/normative/service.ts';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login } from './helpers.ts';

let h: Harness;
const START = new Date('2026-12-07T10:00:00+08:00');
const lines: string[] = [];

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  h.clock.current = START;
  const own = h.app.services.own.get('decisions') as { normative: NormativeService };
  const log = () => {};
  for (const year of [2023, 2025]) {
    const t0 = performance.now();
    lines.push(...(await seedNormativeYear(h.app.services, own.normative, { year, until: START, now: START, log })));
    console.log(`normative demo ${year}: ${Math.round(performance.now() - t0)} ms`);
  }
  lines.push(...(await seedNormativePresent(h.app.services, { now: START, log } as never)));
}, 120_000);
afterAll(() => h?.close());

describe('the demo year of normative documents', () => {
  it('takes 2023 three documents to the county filing, one abolished, each at a held meeting', async () => {
    const db = h.db.database.db;
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'state', 'fields'])
      .where('type', '=', 'normative')
      .where(({ ref }) => ref('fields', '->>').key('draftedOn' as never), 'like', '2023-%')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.state)).toEqual(['abolished', 'in_force', 'in_force']);
    const nos = rows.map((r) => (r.fields as { docNo: string }).docNo);
    expect(nos).toEqual(['湾政规〔2023〕1号', '湾政规〔2023〕2号', '湾政规〔2023〕3号']);
    const items = await db
      .selectFrom('meeting_items as i')
      .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
      .select(['i.case_id', 'm.status', 'i.conclusion'])
      .where(
        'i.case_id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    expect(items).toHaveLength(3);
    expect(items.every((i) => i.status === 'held' && i.conclusion === 'adopted')).toBe(true);
    expect(lines[0]).toContain('2023年3件');
  });

  it('shows in the 2023 figures and on the public page', async () => {
    const s = await login(h.app, 'fazhiban', 'Demo@2026');
    const town = await h.db.database.db
      .selectFrom('org_units')
      .select(['id', 'code'])
      .where('name', '=', '湾头桥镇')
      .executeTakeFirstOrThrow();
    const total = async (key: string) =>
      (await as(h.app, s)('GET', `/api/facts/${key}/records?townId=${town.id}&year=2023`)).json().total as number;
    expect(await total('review.normative_drafted')).toBe(3);
    expect(await total('review.normative_documents')).toBe(3);
    expect(await total('review.normative_filed')).toBe(3);
    expect(await total('review.normative_filed_on_time')).toBe(3);
    expect(await total('review.normative_cleaned')).toBe(1);
    const pub = (await as(h.app, null)('GET', `/api/public/normative/${town.code}`)).json();
    // Two of 2023 in force, one of 2025, and the present one filed (in force once published).
    expect(pub.documents).toHaveLength(4);
  });

  it('leaves one document filed on the county 备案审查 user inbox, its clock running', async () => {
    const s = await login(h.app, 'beian', 'Demo@2026');
    const inbox = (await as(h.app, s)('GET', '/api/inbox')).json();
    const mine = inbox.items.filter((i: { type: string }) => i.type === 'normative');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ state: 'filing', nextClock: '备案审查期限' });
    expect(mine[0].nextDue > '2026-12-07').toBe(true);
    expect(lines.at(-1)).toContain('待县司法局备案审查');
  });
});
