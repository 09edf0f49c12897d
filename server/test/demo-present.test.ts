/**
 * The demo's present (demo/present.ts running each module's demo.present): the weeks before `now` leave every working
 * role a handful of open matters with running clocks, a few close to their due date, one
 * or two a few days over, a high-risk dispute for a leader's 包案 and a petition extension
 * for the leader to approve. Run at two dates, one just after the National Day holiday,
 * since the dates are worked back from `now` on the working-day calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedPresentDemo } from '../src/demo/present.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { petitionModule } from '../src/modules/petition/index.ts';
import { as, type Harness, harness, login } from './helpers.ts';

const ROLES = ['tiaojie', 'xinfang', 'sifasuo', 'leader', 'cun01', 'cun02'] as const;

interface Inbox {
  items: {
    id: string;
    type: string;
    risk: string | null;
    ownerLeaderId: string | null;
    daysLeft: number | null;
    asks: { label: string }[];
    approval: { lines: { label: string; value: string }[] } | null;
  }[];
  counts: { total: number; breached: number; warn: number; asks: Record<string, number> };
}

for (const when of ['2026-11-27T18:20:00+08:00', '2026-10-09T08:05:00+08:00']) {
  describe(`the demo's present at ${when}`, () => {
    let h: Harness;
    const inbox: Record<string, Inbox> = {};
    beforeAll(async () => {
      h = await harness({}, { modules: [mediationModule, petitionModule], demo: true });
      h.clock.current = new Date(when);
      const r = await seedPresentDemo(h.app.services, { now: h.clock.now() });
      expect(r.created.mediation).toBe(12);
      expect(r.created.petition).toBeGreaterThanOrEqual(8);
      for (const who of ROLES) {
        inbox[who] = (await as(h.app, await login(h.app, who, 'Demo@2026'))('GET', '/api/inbox')).json();
      }
    }, 120_000);
    afterAll(() => h?.close());

    it('gives every working role a handful of open matters', () => {
      for (const who of ROLES) {
        expect(inbox[who]!.counts.total, who).toBeGreaterThanOrEqual(1);
        expect(inbox[who]!.counts.total, who).toBeLessThanOrEqual(15);
      }
      for (const who of ['tiaojie', 'xinfang', 'sifasuo', 'leader'] as const) {
        expect(inbox[who]!.counts.total, who).toBeGreaterThanOrEqual(3);
      }
    });

    it('keeps most clocks within time: a few due soon, one or two a few days over', async () => {
      const db = h.db.database.db;
      const open = await db.selectFrom('cases').select(['id', 'next_due']).where('terminal', '=', false).execute();
      expect(open.length).toBeGreaterThanOrEqual(20);
      const items = new Map(ROLES.flatMap((w) => inbox[w]!.items.map((i) => [i.id, i] as const)));
      const days = [...items.values()].map((i) => i.daysLeft).filter((d): d is number => d !== null);
      const over = days.filter((d) => d < 0);
      expect(over.length).toBeGreaterThanOrEqual(1);
      expect(over.length).toBeLessThanOrEqual(3);
      // A few working days; calendar days read more just after a long holiday (国庆).
      expect(Math.min(...over)).toBeGreaterThanOrEqual(when.startsWith('2026-10') ? -12 : -7);
      const warned = ROLES.reduce((n, w) => n + inbox[w]!.counts.warn, 0);
      expect(warned).toBeGreaterThanOrEqual(2);
      expect(days.filter((d) => d > 3).length).toBeGreaterThan(days.length / 2);
      // The overdue clocks carry the breach event the server's sweep records.
      const breaches = await db
        .selectFrom('case_events')
        .select('case_id')
        .where('action', 'like', 'breach:%')
        .execute();
      expect(breaches.length).toBe(over.length);
    });

    it('puts a high-risk dispute and a petition extension before the leader', async () => {
      const leader = inbox.leader!;
      expect(leader.items.some((i) => i.type === 'mediation' && i.risk === 'high' && !i.ownerLeaderId)).toBe(true);
      const pending = await h.db.database.db
        .selectFrom('cases')
        .select(['id', 'type'])
        .where('approval_pending', '=', true)
        .execute();
      const petition = pending.find((c) => c.type === 'petition');
      expect(petition).toBeDefined();
      expect(leader.items.map((i) => i.id)).toContain(String(petition!.id));
      // The inbox says so (issue 13): 待包案 and 待审批, the request's reason on its row.
      const row = leader.items.find((i) => i.id === String(petition!.id))!;
      expect(row.asks.map((a) => a.label)).toContain('待审批');
      expect(row.approval?.lines.map((l) => l.label)).toContain('延期理由');
      expect(leader.counts.asks.ownership).toBeGreaterThanOrEqual(1);
      expect(leader.counts.asks.approval).toBeGreaterThanOrEqual(1);
    });
  });
}
