/**
 * 我的待办 says what each case asks of the user (issue 13): 待审批 with the request in words and
 * decided from the inbox, 待受理, 待分派 and 待包案, derived from the case types' actions, as a
 * column (`asks`) and as a filter (`ask=`) whose counts stay the whole inbox's. The decision is
 * the case's own approval route, so a user who may not approve is refused there (403).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, tiaojie: 0 };

interface Item {
  id: string;
  title: string;
  version: number;
  asks: { key: string; label: string; action: string; actionLabel: string }[];
  nextActions: string[];
  approval: {
    action: string;
    actionLabel: string;
    lines: { label: string; value: string }[];
    requestedBy: string;
    note: string | null;
  } | null;
}
interface Inbox {
  items: Item[];
  counts: { total: number; breached: number; warn: number; asks: Record<string, number> };
}

beforeAll(async () => {
  h = await harness({}, { modules: [mediationModule], demo: true });
  const db = h.db.database.db;
  for (const u of ['tiaojie', 'sifasuo', 'leader', 'cun01']) s[u] = await login(h.app, u, 'Demo@2026');
  ids.village1 = (
    await db.selectFrom('org_units').select('id').where('name', '=', '湾头村村民委员会').executeTakeFirstOrThrow()
  ).id;
  ids.tiaojie = (
    await db.selectFrom('users').select('id').where('username', '=', 'tiaojie').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

const call = (who: string) => as(h.app, s[who]!);

function dispute(title: string, fields: Record<string, unknown> = {}) {
  return {
    type: 'mediation',
    title,
    unitId: String(ids.village1),
    fields: {
      channel: 'walk_in',
      disputeType: 'neighbor',
      peopleCount: 2,
      summary: '双方系前后邻居，因排水沟改道多次争吵。',
      requests: '请求被申请人改建排水沟。',
      receivedOn: '2026-03-02',
      ...fields,
    },
    parties: [
      { role: 'applicant', name: '张德明' },
      { role: 'respondent', name: '李国强' },
    ],
  };
}

type Case = { id: string; version: number; state: string };

async function create(title: string, fields: Record<string, unknown> = {}): Promise<Case> {
  const r = await call('tiaojie')('POST', '/api/cases', dispute(title, fields));
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

async function act(who: string, c: Case, action: string, input?: unknown): Promise<Case> {
  const r = await call(who)('POST', `/api/cases/${c.id}/actions/${action}`, {
    version: c.version,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
}

async function issue(c: Case, kind: string): Promise<Case> {
  const r = await call('tiaojie')('POST', `/api/cases/${c.id}/documents`, { version: c.version, kind });
  expect(r.statusCode, `${kind}: ${r.body}`).toBe(200);
  return r.json();
}

async function inbox(who: string, query = ''): Promise<Inbox> {
  const r = await call(who)('GET', `/api/inbox${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

const find = (i: Inbox, id: string) => i.items.find((x) => x.id === id);
const keys = (item: Item | undefined) => item?.asks.map((a) => a.key);

/** A dispute in mediation with an extension requested: 双方当事人同意情况 recorded, the reason given. */
async function extensionRequested(title: string): Promise<Case> {
  let c = await create(title);
  c = await issue(c, 'registration');
  c = await act('tiaojie', c, 'accept');
  c = await act('tiaojie', c, 'route', { route: 'people', committee: '湾头村人民调解委员会' });
  c = await act('tiaojie', c, 'assign', { assigneeId: String(ids.tiaojie) });
  return act('tiaojie', c, 'request_approval:extend', {
    agreedBy: '双方当事人于3月20日书面同意延长',
    length: 1,
    reason: '需等待土地确权结果',
  });
}

describe('what the inbox asks', () => {
  let registered: Case;
  let routed: Case;
  let highRisk: Case;
  let extension: Case;

  beforeAll(async () => {
    registered = await create('待受理的排水纠纷');
    routed = await issue(await create('待分派的排水纠纷'), 'registration');
    routed = await act('tiaojie', routed, 'accept');
    routed = await act('tiaojie', routed, 'route', { route: 'people', committee: '湾头村人民调解委员会' });
    highRisk = await create('五户村民与养殖场异味纠纷', { peopleCount: 5, disputeType: 'other' });
    extension = await extensionRequested('需延期的排水纠纷');
  });

  it('names what each case waits for, in the case type’s words', async () => {
    const centre = await inbox('tiaojie', '?limit=200');
    expect(find(centre, registered.id)?.asks).toEqual([
      { key: 'accept', label: '待受理', action: 'accept', actionLabel: '受理' },
    ]);
    expect(find(centre, routed.id)?.asks).toEqual([
      { key: 'assign', label: '待分派', action: 'assign', actionLabel: '指派调解员' },
    ]);
    // The centre asked for the extension; it decides nothing, so its row asks no approval of it.
    expect(keys(find(centre, extension.id)) ?? []).not.toContain('approval');
    expect(find(centre, extension.id)?.approval ?? null).toBeNull();
    // A case that asks none of those names the steps the user's roles may take, as the type labels them.
    expect(find(centre, extension.id)?.nextActions).toContain('记录调解');
    expect(find(centre, registered.id)?.nextActions).toEqual([]);

    const leader = await inbox('leader', '?limit=200');
    expect(find(leader, highRisk.id)?.asks.map((a) => a.label)).toEqual(['待包案']);
    expect(find(leader, extension.id)?.asks).toEqual([
      { key: 'approval', label: '待审批', action: 'extend', actionLabel: '延长调解期限' },
    ]);
    // The leader does not accept or assign disputes: those rows are not on their inbox.
    expect(find(leader, registered.id)).toBeUndefined();
  });

  it('shows a 待审批 row the request in words: the reason and the consent recorded, who asked', async () => {
    const row = find(await inbox('leader', '?ask=approval'), extension.id)!;
    expect(row.approval).toMatchObject({ action: 'extend', actionLabel: '延长调解期限', requestedBy: '陈静' });
    expect(row.approval!.lines).toEqual([
      { label: '双方当事人同意情况', value: '双方当事人于3月20日书面同意延长' },
      { label: '延长月数', value: '1' },
      { label: '需要继续调解的特殊情况', value: '需等待土地确权结果' },
    ]);
  });

  it('filters by ask, as many as the counter says, the counts staying the whole inbox’s', async () => {
    const all = await inbox('tiaojie', '?limit=200');
    for (const ask of ['accept', 'assign', 'approval', 'ownership']) {
      const only = await inbox('tiaojie', `?ask=${ask}&limit=200`);
      expect(only.items.length, ask).toBe(all.counts.asks[ask]);
      expect(only.items.every((i) => keys(i)?.includes(ask))).toBe(true);
      expect(only.counts).toEqual(all.counts);
    }
    expect(all.counts.asks.accept).toBeGreaterThanOrEqual(1);
    expect(all.counts.asks.assign).toBeGreaterThanOrEqual(1);
    const accept = await inbox('tiaojie', '?ask=accept&limit=200');
    expect(accept.items.map((i) => i.id)).toContain(registered.id);
    expect(accept.items.map((i) => i.id)).not.toContain(routed.id);
    // The ask and the deadline filters combine.
    const both = await inbox('tiaojie', '?ask=accept&due=breached');
    expect(both.items.every((i) => keys(i)?.includes('accept'))).toBe(true);
    expect((await call('tiaojie')('GET', '/api/inbox?ask=everything')).statusCode).toBe(400);
  });

  it('decides a request from the inbox row (its version), and the row leaves 待审批', async () => {
    const c = await extensionRequested('在待办中审批的延期');
    const row = find(await inbox('sifasuo', '?ask=approval'), c.id)!;
    expect(row.asks.map((a) => a.label)).toEqual(['待审批']);
    // 村居干部 may not approve: the approval route refuses them, and nothing changes.
    const refused = await call('cun01')('POST', `/api/cases/${c.id}/actions/approve:extend`, {
      version: row.version,
      input: { opinion: '同意' },
    });
    expect(refused.statusCode, refused.body).toBe(403);
    // The requester may not approve their own request either (four eyes).
    const own = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/approve:extend`, {
      version: row.version,
      input: { opinion: '同意' },
    });
    expect(own.statusCode, own.body).toBe(403);
    const approved = await call('sifasuo')('POST', `/api/cases/${c.id}/actions/approve:extend`, {
      version: row.version,
      input: { opinion: '同意延长一个月' },
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const after = await inbox('sifasuo', '?ask=approval&limit=200');
    expect(find(after, c.id)).toBeUndefined();
    expect(after.counts.asks.approval).toBe(after.items.length);
  });
});
