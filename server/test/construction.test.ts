/**
 * 违法建设 through the HTTP API on a real database: a building from discovery to a lawful forced
 * demolition (the decisions approved by a 镇领导, each document issued before its step), the
 * demolition blocked inside the 诉讼 period and while a challenge is pending (行政强制法 art 44),
 * a building in the urban planning area refused and referred (城乡规划法 art 64), a
 * self-demolition, the access of 自然资源办 and 信访办, and the year's figures against the
 * hand-counted cases. Dates worked out by hand: served Monday 2026-06-15, the 6-month period
 * ends Tuesday 2026-12-15 (民法典 art 202; no rest day).
 */
import { challengePeriodEnds, createCalendar } from '@fazhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const opened: Record<string, number> = {};
let townId = 0;
let officerIds: number[] = [];

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  const db = h.db.database.db;
  townId = (await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()).id;
  const { id: userId } = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'zhifa')
    .executeTakeFirstOrThrow();
  const at = new Date();
  officerIds = [];
  for (const [name, certNo] of [
    ['赵强', 'ZF-3301'],
    ['钱进', 'ZF-3302'],
  ]) {
    const row = await db
      .insertInto('enforcement_officers')
      .values({
        town_id: townId,
        name: name!,
        cert_no: certNo!,
        cert_issuer: '示范县人民政府',
        cert_fields: ['planning'],
        valid_until: '2030-12-31',
        created_by: userId,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    officerIds.push(Number(row.id));
  }
}, 60_000);
afterAll(() => h?.close());

function on(date: string) {
  h.clock.current = new Date(`${date}T10:00:00+08:00`);
}

/** A request as `who`, the session renewed when the clock has moved (idle timeout). */
function req(who: string) {
  return async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const now = h.clock.now().getTime();
    if (!s[who] || Math.abs(now - (opened[who] ?? 0)) > 10 * 60_000) {
      s[who] = await login(h.app, who, 'Demo@2026');
      opened[who] = now;
    }
    return as(h.app, s[who]!)(method, url, payload);
  };
}

async function version(id: string) {
  const res = await req('zhifa')('GET', `/api/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().version as number;
}
async function act(who: string, id: string, action: string, input?: Record<string, unknown>) {
  return req(who)('POST', `/api/cases/${id}/actions/${action}`, {
    version: await version(id),
    ...(input ? { input } : {}),
  });
}
async function ok(who: string, id: string, action: string, input?: Record<string, unknown>) {
  const res = await act(who, id, action, input);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}
async function issue(id: string, kind: string, input?: Record<string, unknown>) {
  const res = await req('zhifa')('POST', `/api/cases/${id}/documents`, {
    version: await version(id),
    kind,
    ...(input ? { input } : {}),
  });
  return res;
}
async function issued(id: string, kind: string, input?: Record<string, unknown>) {
  const res = await issue(id, kind, input);
  expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
  return (res.json().documents as { id: string; kind: string }[]).filter((d) => d.kind === kind).at(-1)!;
}

async function register(who: string, fields: Record<string, unknown>, title = '湾头村张某未批先建'): Promise<string> {
  const res = await req(who)('POST', '/api/cases', {
    type: 'construction',
    title,
    fields: {
      source: 'patrol',
      location: '湾头村三组',
      description: '在自家宅基地旁新建砖混房屋',
      zone: 'village',
      ...fields,
    },
    parties: [{ role: 'builder', name: '张某', address: '示范县湾头桥镇湾头村三组12号' }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
}

const INVESTIGATION = {
  area: 86.5,
  floors: 2,
  structure: 'brick_concrete',
  onFarmland: false,
  permitStatus: 'none',
  zone: 'village',
  findings: '现场测量建筑面积86.5平方米，二层砖混结构，未取得乡村建设规划许可证。',
};

let mainCase = '';

describe('a 违建 from discovery to a lawful forced demolition', () => {
  it('stops, investigates, decides with the leader’s approval and serves (城乡规划法第六十五条)', async () => {
    on('2026-06-01');
    const id = await register('ziran', { foundOn: '2026-06-01', startedOn: '2026-05-20' });
    mainCase = id;
    // The stop order first; the action takes its date from it (decision 0007).
    const early = await act('zhifa', id, 'stop', { stopOrderedOn: '2026-06-01', officerIds });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('责令停止违法建设通知书');
    await issued(id, 'stop_order', { orderedOn: '2026-06-01' });
    const one = await act('zhifa', id, 'stop', { officerIds: [officerIds[0]] });
    expect(one.statusCode).toBe(400);
    expect(one.body).toContain('第四十二条');
    const stopped = await ok('zhifa', id, 'stop', { officerIds });
    expect(stopped.fields).toMatchObject({ stopOrderedOn: '2026-06-01', stoppedAtOnce: true });

    on('2026-06-03');
    await ok('ziran', id, 'investigate', { ...INVESTIGATION, investigatedOn: '2026-06-03', officerIds });
    on('2026-06-04');
    await ok('zhifa', id, 'notify', { notifiedOn: '2026-06-04', statementDeadline: '2026-06-09' });

    on('2026-06-12');
    const proposal = { decisionKind: 'demolish', rectifyDeadline: '2026-07-15' };
    // The 决定书 reads the approved decision: not before the leader approves.
    await ok('zhifa', id, 'request_approval:decide', proposal);
    expect((await issue(id, 'demolition_decision')).statusCode).toBe(422);
    expect((await act('zhifa', id, 'approve:decide', { opinion: '同意' })).statusCode).toBe(403);
    await ok('leader', id, 'approve:decide', { opinion: '同意' });
    await issued(id, 'demolition_decision');
    const decided = await ok('zhifa', id, 'decide');
    expect(decided.state).toBe('decided');
    expect(decided.fields.decisionNo).toMatch(/违拆决〔2026〕\d+号$/);

    on('2026-06-15');
    const served = await ok('zhifa', id, 'serve_decision', { decisionServedOn: '2026-06-15' });
    expect(served.state).toBe('rectifying');
    const windows = served.clocks as { key: string; due: string | null }[];
    expect(windows.find((k) => k.key === 'litigation')?.due).toBe('2026-12-15');
    expect(windows.find((k) => k.key === 'reconsideration')?.due).toBe('2026-08-14');
  });

  it('warns only after the deadline, and decides the demolition only after the warning’s (行政强制法第三十五条、第三十七条)', async () => {
    const id = mainCase;
    on('2026-07-15');
    await issued(id, 'warning', { deadline: '2026-07-30' });
    const tooEarly = await act('zhifa', id, 'warn', { warnedOn: '2026-07-15' });
    expect(tooEarly.statusCode).toBe(422);
    expect(tooEarly.json().error.message).toContain('第三十四条');
    on('2026-07-16');
    const warned = await ok('zhifa', id, 'warn', { warnedOn: '2026-07-16' });
    expect(warned.fields.performDeadline).toBe('2026-07-30');

    on('2026-07-30');
    const proposal = { demolitionPlannedOn: '2026-12-16', selfDemolishBy: '2026-08-31' };
    const inWarning = await act('zhifa', id, 'request_approval:decide_enforcement', proposal);
    expect(inWarning.statusCode).toBe(422);
    expect(inWarning.json().error.message).toContain('第三十七条');
    on('2026-07-31');
    await ok('zhifa', id, 'request_approval:decide_enforcement', proposal);
    await ok('leader', id, 'approve:decide_enforcement', { opinion: '同意' });
    await issued(id, 'enforcement_decision');
    await issued(id, 'enforcement_notice');
    await ok('zhifa', id, 'decide_enforcement');
    const posted = await ok('zhifa', id, 'serve_enforcement', {
      enforcementServedOn: '2026-07-31',
      noticePostedOn: '2026-07-31',
    });
    expect(posted.state).toBe('awaiting_periods');
  });

  const demolition = (on: string) => ({
    demolishedOn: on,
    demolishedArea: 86.5,
    demolitionCost: 18500,
    videoRef: '湾执音〔2026〕0188',
    videoSha256: 'b'.repeat(64),
    officerIds,
  });

  it('blocks the demolition one day before the 6-month period ends (行政诉讼法第四十六条, 行政强制法第四十四条)', async () => {
    on('2026-12-14');
    const res = await act('zhifa', mainCase, 'demolish', demolition('2026-12-14'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('行政诉讼法第四十六条');
    const detail = (await req('zhifa')('GET', `/api/cases/${mainCase}`)).json();
    const action = (detail.actions as { key: string; reason: string | null }[]).find((a) => a.key === 'demolish');
    expect(action?.reason).toContain('2026-12-15届满');
  });

  it('blocks it while a 诉讼 is pending, and allows it after the period once none is (行政强制法第四十四条)', async () => {
    on('2026-12-16');
    const db = h.db.database.db;
    const { id: userId } = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'zhifa')
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('case_challenges')
      .values({
        town_id: townId,
        case_id: Number(mainCase),
        kind: 'litigation',
        received_on: '2026-12-10',
        body: '示范县人民法院',
        created_by: userId,
        created_at: new Date(),
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const pending = await act('zhifa', mainCase, 'demolish', demolition('2026-12-16'));
    expect(pending.statusCode).toBe(422);
    expect(pending.json().error.message).toContain('尚未审结');
    // A fixture removed (the register's own withdrawal is another module's): no challenge remains.
    await db.deleteFrom('case_challenges').where('id', '=', row.id).execute();
    const done = await ok('zhifa', mainCase, 'demolish', demolition('2026-12-16'));
    expect(done).toMatchObject({ state: 'demolished', fields: { outcome: 'demolished', demolishedArea: 86.5 } });
    expect((await ok('zhifa', mainCase, 'close')).state).toBe('closed');
  });
});

describe('城乡规划法第六十四条: a building in the urban planning area is the county’s', () => {
  it('refuses the decision and refers the case', async () => {
    on('2026-06-01');
    const id = await register('zhifa', { foundOn: '2026-06-01' }, '镇区李某加层');
    await issued(id, 'stop_order', { orderedOn: '2026-06-01' });
    await ok('zhifa', id, 'stop', { officerIds });
    await ok('zhifa', id, 'investigate', { ...INVESTIGATION, zone: 'urban', investigatedOn: '2026-06-01', officerIds });
    await ok('zhifa', id, 'notify', { notifiedOn: '2026-06-01', statementDeadline: '2026-06-05' });
    on('2026-06-08');
    const refused = await act('zhifa', id, 'request_approval:decide', {
      decisionKind: 'demolish',
      rectifyDeadline: '2026-07-15',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('第六十四条');
    const referred = await ok('zhifa', id, 'refer', {
      referredTo: '示范县自然资源和规划局',
      referredOn: '2026-06-08',
      referralReason: '位于城市、镇规划区内，依照城乡规划法第六十四条移送',
    });
    expect(referred.state).toBe('referred');
  });
});

describe('self-demolition closes the case', () => {
  it('closes with the area removed; a stop order two working days late is not 及时制止', async () => {
    on('2026-06-05'); // Friday
    const id = await register('ziran', { foundOn: '2026-06-05' }, '桥东村王某搭建彩钢棚');
    on('2026-06-09'); // Tuesday: the second working day after
    await issued(id, 'stop_order', { orderedOn: '2026-06-09' });
    const stopped = await ok('ziran', id, 'stop', { officerIds });
    expect(stopped.fields.stoppedAtOnce).toBe(false);
    on('2026-06-10');
    const closed = await ok('ziran', id, 'self_demolish', {
      demolishedOn: '2026-06-10',
      demolishedArea: 30,
      officerIds,
    });
    expect(closed).toMatchObject({ state: 'closed', fields: { outcome: 'self_demolished', demolishedArea: 30 } });
  });
});

describe('access follows the case type', () => {
  it('自然资源办 sees construction cases and 信访办 does not; the reverse for petitions', async () => {
    expect((await req('ziran')('GET', `/api/cases/${mainCase}`)).statusCode).toBe(200);
    expect((await req('xinfang')('GET', `/api/cases/${mainCase}`)).statusCode).toBe(404);
    expect((await req('tiaojie')('GET', `/api/cases/${mainCase}`)).statusCode).toBe(404);
    const unit = await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', '=', '湾头村村民委员会')
      .executeTakeFirstOrThrow();
    const petition = await req('xinfang')('POST', '/api/cases', {
      type: 'petition',
      title: '反映邻居违建遮挡采光',
      unitId: String(unit.id),
      fields: {
        channel: 'visit',
        source: 'direct',
        receivedOn: '2026-06-10',
        category: 'claim',
        field: '村镇建设',
        summary: '邻居新建二层房屋遮挡采光。',
        requests: '要求查处。',
        peopleCount: 1,
      },
      parties: [{ role: 'petitioner', name: '刘某', phone: '13905760000', address: '湾头村三组' }],
    });
    expect(petition.statusCode, petition.body).toBe(200);
    const pid = petition.json().id as string;
    expect((await req('xinfang')('GET', `/api/cases/${pid}`)).statusCode).toBe(200);
    expect((await req('ziran')('GET', `/api/cases/${pid}`)).statusCode).toBe(404);
    expect((await req('ziran')('POST', '/api/cases', { type: 'petition', title: 'x', fields: {} })).statusCode).toBe(
      403,
    );
    const register403 = await req('xinfang')('POST', '/api/cases', {
      type: 'construction',
      title: 'x',
      fields: {},
      parties: [],
    });
    expect(register403.statusCode).toBe(403);
  });
});

describe('the year’s figures, against the cases above', () => {
  it('counts found, stopped at once, demolished (count, area), and old stock', async () => {
    on('2026-12-20');
    const res = await req('fazhiban')('GET', '/api/facts?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    const all = (res.json().modules as { module: string; facts: { key: string; value: number | null }[] }[]).flatMap(
      (m) => m.facts,
    );
    const v = (k: string) => all.find((f) => f.key === k)?.value;
    // Found in 2026: 张某 (started 2026-05-20), 李某 (urban, referred), 王某: 3; at once: 张某, 李某.
    expect(v('land.illegal_constructions_found')).toBe(3);
    expect(v('land.illegal_constructions_stopped')).toBe(2);
    expect(v('land.illegal_constructions_stopped_rate')).toBe(66.7);
    // Demolished in 2026: 张某 by force (86.5 m²), 王某 by himself (30 m²).
    expect(v('land.illegal_constructions_demolished')).toBe(2);
    expect(v('land.illegal_constructions_demolished_area')).toBe(116.5);
    expect(v('land.illegal_constructions_forced')).toBe(1);
    expect(v('land.illegal_constructions_self_demolished')).toBe(1);
    expect(v('land.old_illegal_constructions_removed')).toBe(0);
    const drill = await req('fazhiban')('GET', '/api/facts/land.illegal_constructions_demolished/records?year=2026');
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.json().total).toBe(2);
    // Old stock: the 2026 demolitions count as old stock in the figures of 2027 only if built before 2027,
    // which they were; but they were demolished in 2026, so 2027 has none.
    const next = await req('fazhiban')('GET', '/api/facts?year=2027');
    const nextAll = (next.json().modules as { facts: { key: string; value: number | null }[] }[]).flatMap(
      (m) => m.facts,
    );
    expect(nextAll.find((f) => f.key === 'land.old_illegal_constructions_removed')?.value).toBe(0);
  });
});

describe('the demo year', () => {
  let d: Harness;
  beforeAll(async () => {
    d = await harness({}, { modules: MODULES, demo: true });
  }, 60_000);
  afterAll(() => d?.close());

  it('demolishes one building after the periods (行政诉讼法第四十六条), has one self-demolished (old stock) and one stopped at once', async () => {
    const { seedConstructionDemo } = await import('../src/modules/construction/demo.ts');
    const r = await seedConstructionDemo(
      { cases: d.app.services.cases, calendars: d.app.services.calendars },
      { year: 2025, until: new Date('2026-03-31T18:00:00+08:00') },
    );
    expect(r.caseIds).toHaveLength(3);
    const rows = await d.db.database.db
      .selectFrom('cases')
      .select(['state', 'fields'])
      .where('type', '=', 'construction')
      .orderBy('id')
      .execute();
    // The third, stopped at once in November, is taken down by its builder the next February.
    expect(rows.map((x) => x.state)).toEqual(['closed', 'closed', 'closed']);
    const forced = rows[0]!.fields as Record<string, string>;
    expect(forced.outcome).toBe('demolished');
    // 行政诉讼法第四十六条: demolished after the 6-month period from service.
    const ends = challengePeriodEnds(createCalendar(), forced.decisionServedOn!);
    expect(forced.demolishedOn! > ends.litigation).toBe(true);
    expect((rows[1]!.fields as Record<string, string>).outcome).toBe('self_demolished');
    expect((rows[2]!.fields as Record<string, unknown>).stoppedAtOnce).toBe(true);
    const facts = await d.app.services.facts.values(d.db.database.db, {
      townIds: [
        Number(
          (
            await d.db.database.db
              .selectFrom('org_units')
              .select('id')
              .where('name', '=', '湾头桥镇')
              .executeTakeFirstOrThrow()
          ).id,
        ),
      ],
      year: 2025,
      now: new Date('2026-03-31T18:00:00+08:00'),
    });
    const v = [...facts.values()][0]!;
    expect(v['land.illegal_constructions_found']?.value).toBe(2);
    expect(v['land.illegal_constructions_stopped']?.value).toBe(2);
    expect(v['land.illegal_constructions_demolished']?.value).toBe(2);
    expect(v['land.illegal_constructions_demolished_area']?.value).toBe(213);
    expect(v['land.old_illegal_constructions_removed']?.value).toBe(1);
  }, 120_000);
});
