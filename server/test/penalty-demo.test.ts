/**
 * The demo year's penalties (enforcement manifest `demo.year`): run through the case service,
 * so reaching their end states proves every guard passed; here the outcomes and the dates the
 * law sets on them (arts 48, 61) are checked, for the seed report's year and the last full one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enforcementModule } from '../src/modules/enforcement/index.ts';
import { type Harness, harness } from './helpers.ts';

type PF = {
  procedure?: string;
  summaryFiledOn?: string;
  hearing?: { heldOn?: string };
  collectiveDiscussion?: unknown;
  rightsWaivedOn?: string;
  publicity?: string;
  publishedOn: string;
  decidedOn: string;
};

let h: Harness;
const lines: string[] = [];
const START = new Date('2026-12-07T10:00:00+08:00');

beforeAll(async () => {
  h = await harness({}, { modules: [enforcementModule], demo: true });
  h.clock.current = START;
  const services = h.app.services;
  for (const year of [2023, 2025]) {
    const ctx = { now: START, year, until: START, log: () => {} };
    lines.push(
      ...(await enforcementModule.demo!.year!.call(
        enforcementModule.demo,
        services,
        services.own.get('enforcement'),
        ctx,
      )),
    );
  }
}, 300_000);
afterAll(() => h?.close());

async function penalties(year: number) {
  return h.db.database.db
    .selectFrom('cases')
    .select(['id', 'state', 'fields', 'title'])
    .where('type', '=', 'penalty')
    .where('created_at', '>=', new Date(`${year}-01-01T00:00:00+08:00`))
    .where('created_at', '<', new Date(`${year + 1}-01-01T00:00:00+08:00`))
    .orderBy('id')
    .execute();
}

describe('the demo year of penalties', () => {
  it('each year: 3 summary decisions closed, a hearing, a 集体讨论, a 不予处罚 and a 移送', async () => {
    for (const year of [2023, 2025]) {
      const rows = await penalties(year);
      const f = (r: (typeof rows)[number]) => r.fields as PF;
      expect(rows.length, String(year)).toBe(8);
      const states = rows.map((r) => r.state).sort();
      expect(states).toEqual(['closed', 'closed', 'closed', 'closed', 'closed', 'closed', 'no_penalty', 'transferred']);
      expect(rows.filter((r) => f(r).procedure === 'summary' && f(r).summaryFiledOn).length).toBe(3);
      expect(rows.filter((r) => f(r).hearing?.heldOn).length).toBe(1);
      expect(rows.filter((r) => f(r).collectiveDiscussion).length).toBe(1);
      expect(rows.filter((r) => f(r).rightsWaivedOn).length).toBe(1);
    }
    expect(lines.join('\n')).toContain('行政处罚 8 件');
  });

  it('arts 48, 61: published within 7 working days of the decision, served within 7', async () => {
    for (const year of [2023, 2025]) {
      const rows = await penalties(year);
      const published = rows.map((r) => r.fields as PF).filter((f) => f.publicity === 'public');
      expect(published.length).toBe(2);
      for (const f of published) {
        expect(f.publishedOn > f.decidedOn).toBe(true);
        expect(Date.parse(f.publishedOn) - Date.parse(f.decidedOn)).toBeLessThanOrEqual(11 * 86_400_000);
        expect(f.publishedOn.slice(0, 4)).toBe(String(year));
      }
      const notPublished = rows
        .map((r) => r.fields as PF)
        .filter((f) => f.procedure === 'ordinary' && f.decidedOn && f.publicity === 'none');
      expect(notPublished.length).toBe(1);
    }
  });

  it('a 行政复议 that upheld the decision is registered on the heard case', async () => {
    const rows = await h.db.database.db
      .selectFrom('case_challenges')
      .innerJoin('cases', 'cases.id', 'case_challenges.case_id')
      .select(['case_challenges.kind', 'case_challenges.result', 'cases.fields'])
      .execute();
    expect(rows.length).toBe(2);
    for (const r of rows) {
      expect(r).toMatchObject({ kind: 'reconsideration', result: 'upheld' });
      expect((r.fields as { hearing?: { heldOn?: string } }).hearing?.heldOn).toBeDefined();
    }
  });
});
