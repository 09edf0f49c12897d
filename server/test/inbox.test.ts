/**
 * 我的待办 in pages: 50 items at a time, nearest deadline first, each page continuing the last
 * one (cursor), the counts always over the whole inbox, and a village officer's inbox holding
 * only what their village and their own assignments give them. Uses the test-only complaint
 * type (fixtures/complaint.ts): received + 15 days to accept, the 矛调中心 accepts, and the
 * 村居干部 of the case's village may close an accepted case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintModule } from './fixtures/complaint.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, cun01: 0 };

interface Item {
  id: string;
  title: string;
  nextDue: string | null;
  dueLevel: 'ok' | 'warn' | 'breached' | null;
  unitName: string | null;
  assigneeId: string | null;
}
interface Inbox {
  items: Item[];
  counts: { total: number; breached: number; warn: number };
  nextCursor: string | null;
}

beforeAll(async () => {
  h = await harness({}, { modules: [complaintModule], demo: true });
  const db = h.db.database.db;
  for (const u of ['tiaojie', 'cun01', 'cun02']) s[u] = await login(h.app, u, 'Demo@2026');
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  ids.cun01 = (await db.selectFrom('users').select('id').where('username', '=', 'cun01').executeTakeFirstOrThrow()).id;

  // 57 complaints received over eight weeks (today is 2026-03-02): red, yellow and green
  // deadlines, many falling on the same day, so pages break inside a day.
  const received = Array.from({ length: 57 }, (_, i) => {
    const d = new Date(Date.UTC(2026, 0, 5 + (i % 57)));
    return d.toISOString().slice(0, 10);
  });
  for (let i = 0; i < received.length; i += 8) {
    const batch = received
      .slice(i, i + 8)
      .map((day, j) => create(`待办分页${i + j}`, i + j < 40 ? ids.village1 : ids.village2, day));
    await Promise.all(batch);
  }
});
afterAll(() => h.close());

async function create(title: string, unitId: number, receivedOn: string) {
  const res = await as(h.app, s.tiaojie!)('POST', '/api/cases', {
    type: 'complaint',
    title,
    unitId: String(unitId),
    fields: { receivedOn, category: 'noise', summary: '夜间噪声' },
    parties: [{ role: 'complainant', name: '王五' }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: string; version: number };
}

async function inbox(who: string, query = ''): Promise<Inbox> {
  const res = await as(h.app, s[who]!)('GET', `/api/inbox${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Every page of the inbox in turn, following nextCursor. */
async function allPages(who: string, params: Record<string, string> = {}) {
  const pages: Inbox[] = [];
  let cursor: string | null = null;
  do {
    const q = new URLSearchParams({ ...params, ...(cursor ? { cursor } : {}) }).toString();
    const page = await inbox(who, q ? `?${q}` : '');
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return { pages, items: pages.flatMap((p) => p.items) };
}

/** Nearest deadline first, undated last, then by id (what the user sees top to bottom). */
function inInboxOrder(items: Item[]): boolean {
  return items.every((b, i) => {
    const a = items[i - 1];
    if (!a) return true;
    const ka = a.nextDue ?? '9999-12-31';
    const kb = b.nextDue ?? '9999-12-31';
    return ka < kb || (ka === kb && Number(a.id) < Number(b.id));
  });
}

describe('the inbox in pages', () => {
  it('shows 50 items with the counts of the whole inbox, and page 2 continues page 1 without repeating or skipping', async () => {
    const first = await inbox('tiaojie');
    expect(first.items).toHaveLength(50);
    expect(first.nextCursor).not.toBeNull();
    expect(first.counts.total).toBeGreaterThanOrEqual(57);

    const { pages, items } = await allPages('tiaojie');
    expect(pages.length).toBe(Math.ceil(first.counts.total / 50));
    expect(pages.at(-1)!.nextCursor).toBeNull();
    // No duplicates, none missing: the pages together are the whole inbox, in the inbox's order.
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items).toHaveLength(first.counts.total);
    expect(items.slice(0, 50)).toEqual(first.items);
    expect(inInboxOrder(items)).toBe(true);
    const whole = await inbox('tiaojie', '?limit=200');
    expect(whole.items.map((i) => i.id)).toEqual(items.map((i) => i.id));
    // The counts are the whole inbox's on every page, and match what the pages show.
    for (const p of pages) expect(p.counts).toEqual(first.counts);
    expect(items.filter((i) => i.dueLevel === 'breached')).toHaveLength(first.counts.breached);
    expect(items.filter((i) => i.dueLevel === 'warn')).toHaveLength(first.counts.warn);
    expect(first.counts.breached).toBeGreaterThan(0);
    expect(first.counts.warn).toBeGreaterThan(0);
  });

  it('pages small pages the same way, breaking inside a day', async () => {
    const { items: bySeven } = await allPages('tiaojie', { limit: '7' });
    const { items: byFifty } = await allPages('tiaojie');
    expect(bySeven.map((i) => i.id)).toEqual(byFifty.map((i) => i.id));
  });

  it('narrows the pages to the red or the yellow items, as many as their counters say', async () => {
    const all = await inbox('tiaojie');
    const red = await allPages('tiaojie', { due: 'breached', limit: '9' });
    expect(red.items).toHaveLength(all.counts.breached);
    expect(red.items.every((i) => i.dueLevel === 'breached')).toBe(true);
    expect(inInboxOrder(red.items)).toBe(true);
    const yellow = await allPages('tiaojie', { due: 'warn', limit: '2' });
    expect(yellow.items).toHaveLength(all.counts.warn);
    expect(yellow.items.every((i) => i.dueLevel === 'warn')).toBe(true);
    // The counters stay the whole inbox's while a filter is on.
    expect(red.pages[0]!.counts).toEqual(all.counts);
  });

  it('puts cases without a deadline last and pages through them', async () => {
    const db = h.db.database.db;
    const undated = await Promise.all(
      ['无期限待办甲', '无期限待办乙', '无期限待办丙'].map((t) => create(t, ids.village1, '2026-03-01')),
    );
    // A case whose state runs no clock has no deadline (say, waiting on something outside the
    // statutory periods): derived facts say so with a null next_due.
    await db
      .updateTable('cases')
      .set({ next_due: null, next_clock: null })
      .where(
        'id',
        'in',
        undated.map((c) => Number(c.id)),
      )
      .execute();
    const { items } = await allPages('tiaojie', { limit: '4' });
    expect(items.slice(-3).map((i) => i.id)).toEqual(undated.map((c) => c.id).sort((a, b) => Number(a) - Number(b)));
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
    expect(items).toHaveLength((await inbox('tiaojie')).counts.total);
  });

  it('refuses a cursor it did not write (400)', async () => {
    for (const cursor of [
      'nonsense',
      Buffer.from('2026-02-30|5').toString('base64url'),
      Buffer.from('x|1').toString('base64url'),
    ]) {
      const res = await as(h.app, s.tiaojie!)('GET', `/api/inbox?cursor=${cursor}`);
      expect(res.statusCode, cursor).toBe(400);
    }
  });
});

describe('a village officer’s inbox', () => {
  it('holds their village’s accepted cases and what is assigned to them, never another village’s, in pages', async () => {
    const accept = async (title: string, unitId: number) => {
      const c = await create(title, unitId, '2026-02-27');
      const issued = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
        version: c.version,
        kind: 'acceptance_notice',
      });
      expect(issued.statusCode, issued.body).toBe(200);
      const accepted = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, {
        version: issued.json().version,
      });
      expect(accepted.statusCode, accepted.body).toBe(200);
      return accepted.json() as { id: string; version: number };
    };
    const own = [await accept('湾头村已受理甲', ids.village1), await accept('湾头村已受理乙', ids.village1)];
    const other = await accept('桥东村已受理', ids.village2);
    // Another village's case assigned to cun01 is on cun01's inbox (承办人).
    const handed = await accept('桥东村指派给湾头村干部', ids.village2);
    const assigned = await as(h.app, s.tiaojie!)('POST', `/api/cases/${handed.id}/actions/assign`, {
      version: handed.version,
      input: { assigneeId: String(ids.cun01) },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const first = await inbox('cun01', '?limit=1');
    const { items } = await allPages('cun01', { limit: '1' });
    const got = items.map((i) => i.id).sort();
    expect(got).toEqual([...own.map((c) => c.id), handed.id].sort());
    expect(first.counts.total).toBe(3);
    expect(items.find((i) => i.id === other.id)).toBeUndefined();
    // Registered cases are the 矛调中心's to accept, not the village's.
    expect(items.every((i) => !i.title.startsWith('待办分页'))).toBe(true);
    expect(inInboxOrder(items)).toBe(true);
    // The other village's officer has that village's accepted case, and not what went to cun01.
    const cun02 = (await allPages('cun02')).items.map((i) => i.id);
    expect(cun02).toContain(other.id);
    expect(cun02).not.toContain(handed.id);
    expect(cun02.some((id) => own.some((c) => c.id === id))).toBe(false);
  });
});
