/**
 * 开门接访 and 带案下访 (信访工作条例 art 18) on a real database through the HTTP API: the
 * schedule, receptions whose visitors are answered on the spot or registered as petitions
 * (with every clock of a petition), visits with linked cases, scope and permissions, the two
 * documents, and the year's figures against a hand-counted fixture.
 */
import { mediation } from '@fazhi/domain';
import type { LightMyRequestResponse } from 'fastify';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../src/cases/access.ts';
import { petitionModule } from '../src/modules/petition/index.ts';
import { receptionFacts } from '../src/modules/petition/reception-facts.ts';
import { type AuthContext, loadAssignments, permissionsFor } from '../src/platform/context.ts';
import { createUser } from '../src/seed/factories.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

const MODULES = [petitionModule, { key: 'mediation', label: '矛盾纠纷调解', caseTypes: [{ type: mediation }] }];

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, town: 0, otherTown: 0, leader: 0, leader2: 0, xinfangUser: 0 };

const ID_ZHAO = '339901196505120022';
const ID_QIAN = '339901197208150916';

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  const db = h.db.database.db;
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const user = async (name: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  ids.town = await unit('湾头桥镇');
  ids.otherTown = await unit('青石镇');
  ids.leader = await user('leader');
  ids.xinfangUser = await user('xinfang');
  const town = await db
    .selectFrom('org_units')
    .select(['id', 'parent_id', 'town_id', 'kind', 'name', 'code', 'path'])
    .where('id', '=', ids.town)
    .executeTakeFirstOrThrow();
  ids.leader2 = (
    await createUser(db, {
      username: 'leader2',
      displayName: '李副镇长',
      password: 'Demo@2026',
      roles: [{ role: 'leader', unit: town }],
    })
  ).id;
});
afterAll(() => h.close());

function on(date: string, minutes = 0) {
  h.clock.current = new Date(Date.parse(`${date}T10:00:00+08:00`) + minutes * 60_000);
}

const opened: Record<string, number> = {};
function req(who: string) {
  return async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const now = h.clock.now().getTime();
    if (!s[who] || Math.abs(now - (opened[who] ?? 0)) > 10 * 60_000) {
      s[who] = await login(h.app, who, 'Demo@2026');
      opened[who] = now;
    }
    return as(h.app, s[who]!)(method, url, payload);
  };
}

async function okJson(p: Promise<LightMyRequestResponse>) {
  const res = await p;
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function docxText(who: string, url: string): Promise<string> {
  const res = await req(who)('GET', url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toContain('wordprocessingml');
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

const SLOT = (over: Record<string, unknown> = {}) => ({
  leaderId: String(ids.leader),
  onDate: '2026-03-10',
  startsAt: '09:00',
  endsAt: '11:30',
  place: '镇信访接待室',
  topic: '农村人居环境整治',
  ...over,
});

const ANSWERED = (name: string, people = 1, over: Record<string, unknown> = {}) => ({
  outcome: 'answered',
  name,
  peopleCount: people,
  matter: `${name}咨询农村低保申请条件。`,
  answer: '已当场解释低保申请条件和办理流程，来访人表示理解。',
  ...over,
});

const PETITION = (name: string, over: Record<string, unknown> = {}) => ({
  outcome: 'petition',
  name,
  idNumber: ID_ZHAO,
  phone: '13905761234',
  unitId: String(ids.village1),
  peopleCount: 1,
  matter: '湾头村3组村道硬化不到一年多处开裂。',
  category: 'claim',
  field: '农村公路',
  requests: '要求返工修复路面。',
  ...over,
});

// ── Schedule ─────────────────────────────────────────────────────────────────────────────

describe('the reception schedule (接访安排)', () => {
  it('is kept by the 信访办 and leaders, validated, versioned, and published to the villages', async () => {
    on('2026-03-02');
    const slot = await okJson(req('xinfang')('POST', '/api/petition-reception-slots', SLOT()));
    expect(slot).toMatchObject({ leaderName: '王建国', state: 'planned', published: false, version: 1 });

    const backwards = await req('xinfang')('POST', '/api/petition-reception-slots', SLOT({ endsAt: '08:00' }));
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.fields).toEqual([expect.objectContaining({ path: 'endsAt' })]);
    const notLeader = await req('xinfang')(
      'POST',
      '/api/petition-reception-slots',
      SLOT({ leaderId: String(ids.xinfangUser) }),
    );
    expect(notLeader.statusCode).toBe(400);
    expect(notLeader.json().error.fields[0]).toMatchObject({
      path: 'leaderId',
      message: '接访领导须为本镇在职的镇领导',
    });
    const badTime = await req('xinfang')('POST', '/api/petition-reception-slots', SLOT({ startsAt: '9点' }));
    expect(badTime.statusCode).toBe(400);

    // A 村居干部 and the county read; neither writes.
    expect((await req('cun01')('POST', '/api/petition-reception-slots', SLOT())).statusCode).toBe(403);
    expect((await req('county')('POST', '/api/petition-reception-slots', SLOT())).statusCode).toBe(403);
    const fazhiban = await req('fazhiban')('POST', '/api/petition-reception-slots', SLOT());
    expect(fazhiban.statusCode).toBe(403);

    // Unpublished: the village does not see it yet; the county does.
    const villageView = await okJson(
      req('cun01')('GET', '/api/petition-reception-slots?from=2026-03-01&to=2026-03-31'),
    );
    expect(villageView.items.map((x: { id: string }) => x.id)).not.toContain(slot.id);
    expect(villageView.canWrite).toBe(false);
    const countyView = await okJson(
      req('county')('GET', '/api/petition-reception-slots?from=2026-03-01&to=2026-03-31'),
    );
    expect(countyView.items.map((x: { id: string }) => x.id)).toContain(slot.id);
    expect((await req('cun01')('PATCH', `/api/petition-reception-slots/${slot.id}`, { version: 1 })).statusCode).toBe(
      403,
    );

    const published = await okJson(
      req('leader')('PATCH', `/api/petition-reception-slots/${slot.id}`, { published: true, version: 1 }),
    );
    expect(published).toMatchObject({ published: true, version: 2 });
    const stale = await req('xinfang')('PATCH', `/api/petition-reception-slots/${slot.id}`, {
      place: '镇便民服务中心',
      version: 1,
    });
    expect(stale.statusCode).toBe(409);
    const villageAfter = await okJson(
      req('cun01')('GET', '/api/petition-reception-slots?from=2026-03-01&to=2026-03-31'),
    );
    expect(villageAfter.items.map((x: { id: string }) => x.id)).toContain(slot.id);
    // Another town's clerk never sees it.
    const bad = await req('xinfang')('GET', '/api/petition-reception-slots?from=2026-13-01');
    expect(bad.statusCode).toBe(400);
  });
});

// ── Receptions ───────────────────────────────────────────────────────────────────────────

describe('a reception (开门接访)', () => {
  it('answers one visitor on the spot and registers the other as a visit petition with its clocks', async () => {
    on('2026-03-09');
    const slot = await okJson(req('xinfang')('POST', '/api/petition-reception-slots', SLOT({ onDate: '2026-03-10' })));
    on('2026-03-10');
    const rec = await okJson(
      req('xinfang')('POST', '/api/petition-receptions', {
        slotId: slot.id,
        visitors: [ANSWERED('孙大伟', 2), PETITION('赵桂兰')],
      }),
    );
    expect(rec).toMatchObject({
      leaderName: '王建国',
      receivedOn: '2026-03-10',
      place: '镇信访接待室',
      people: 3,
      answered: 1,
      petitions: 1,
    });
    const [answered, petition] = rec.visitors;
    expect(answered).toMatchObject({ outcome: 'answered', idMasked: null, caseStateLabel: '已当场答复' });

    // 信访工作条例 arts 21, 23: the visitor answered on the spot is registered too (so the year's
    // 信访 figures count the visit), answered in writing there and then (¶2), and closed.
    expect(answered.caseNumber).toMatch(/^湾信〔2026〕\d+号$/);
    const a = await okJson(req('xinfang')('GET', `/api/cases/${answered.caseId}`));
    expect(a).toMatchObject({ state: 'answered_on_spot', terminal: true });
    expect(a.fields).toMatchObject({
      channel: 'visit',
      receivedOn: '2026-03-10',
      peopleCount: 2,
      onSpotAnswer: { answer: '已当场解释低保申请条件和办理流程，来访人表示理解。', answeredOn: '2026-03-10' },
      routing: { decision: 'answered' },
    });
    expect(a.clocks.find((k: { key: string }) => k.key === 'acceptance')).toMatchObject({ state: 'stopped' });
    const notice = a.documents.find((d: { kind: string }) => d.kind === 'on_spot_notice');
    expect(notice?.number).toMatch(/^湾信当告〔2026〕\d+号$/);
    expect(a.parties[0].id).toBe(answered.partyId);
    expect(petition).toMatchObject({ outcome: 'petition', idMasked: '339901********0022', phoneMasked: '139****1234' });
    expect(petition.caseNumber).toMatch(/^湾信〔2026〕\d+号$/);

    // The petition is a case like any other: channel 走访, received the day of the reception,
    // the 15-day acceptance clock running (art 23): 10 March + 15 = 25 March.
    const c = await okJson(req('xinfang')('GET', `/api/cases/${petition.caseId}`));
    expect(c.fields).toMatchObject({ channel: 'visit', source: 'direct', receivedOn: '2026-03-10', category: 'claim' });
    expect(c.clocks.find((k: { key: string }) => k.key === 'acceptance')).toMatchObject({
      state: 'running',
      due: '2026-03-25',
    });
    // The visitor and the petitioner are one row of the party index; the ID only as ciphertext.
    expect(c.parties[0].id).toBe(petition.partyId);
    const db = h.db.database.db;
    const party = await db
      .selectFrom('parties')
      .selectAll()
      .where('id', '=', Number(petition.partyId))
      .executeTakeFirstOrThrow();
    expect(party.id_enc).not.toContain(ID_ZHAO);
    expect(party.id_masked).toBe('339901********0022');

    // The slot shows it was held, and cannot be recorded twice.
    const held = await okJson(req('xinfang')('GET', '/api/petition-reception-slots?from=2026-03-10&to=2026-03-10'));
    expect(held.items.find((x: { id: string }) => x.id === slot.id)).toMatchObject({
      state: 'held',
      receptionId: rec.id,
    });
    const again = await req('xinfang')('POST', '/api/petition-receptions', {
      slotId: slot.id,
      visitors: [ANSWERED('周')],
    });
    expect(again.statusCode).toBe(409);
    const cancel = await req('xinfang')('PATCH', `/api/petition-reception-slots/${slot.id}`, {
      cancelled: true,
      version: 1,
    });
    expect(cancel.statusCode).toBe(409);
    const moved = await req('xinfang')('PATCH', `/api/petition-reception-slots/${slot.id}`, {
      onDate: '2026-03-11',
      version: 1,
    });
    expect(moved.statusCode).toBe(409);
    // The edit form resends the day and leader unchanged: the rest may still be corrected.
    const corrected = await okJson(
      req('xinfang')('PATCH', `/api/petition-reception-slots/${slot.id}`, {
        leaderId: String(ids.leader),
        onDate: '2026-03-10',
        topic: '村道和农田水利',
        version: 1,
      }),
    );
    expect(corrected).toMatchObject({ topic: '村道和农田水利', state: 'held', version: 2 });

    // Scope: town-wide readers see receptions; a village officer does not.
    expect((await req('county')('GET', `/api/petition-receptions/${rec.id}`)).statusCode).toBe(200);
    expect((await req('cun01')('GET', `/api/petition-receptions/${rec.id}`)).statusCode).toBe(404);

    // 接访登记表: full numbers for the 信访办 (case:unmask), none for the county.
    const text = await docxText('xinfang', `/api/petition-receptions/${rec.id}/register.docx`);
    expect(text).toContain('领导接访登记表');
    expect(text).toContain('王建国');
    expect(text).toContain('2026年3月10日');
    expect(text).toContain(ID_ZHAO);
    expect(text).toContain(petition.caseNumber);
    expect(text).toContain('已当场解释低保申请条件');
    const countyText = await docxText('county', `/api/petition-receptions/${rec.id}/register.docx`);
    expect(countyText).not.toContain(ID_ZHAO);
    expect(countyText).toContain('赵桂兰');
  });

  it('writes nothing when one visitor is invalid, and names the field', async () => {
    on('2026-03-11');
    const db = h.db.database.db;
    const before = await db.selectFrom('cases').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const badId = await req('xinfang')('POST', '/api/petition-receptions', {
      leaderId: String(ids.leader),
      receivedOn: '2026-03-11',
      place: '镇信访接待室',
      visitors: [PETITION('钱某'), ANSWERED('吴某', 1, { idNumber: '339901197208150917' })],
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json().error.fields[0].path).toBe('visitors.1.idNumber');
    expect(badId.json().error.message).toContain('第 2 位来访人（吴某）');

    const badField = await req('xinfang')('POST', '/api/petition-receptions', {
      leaderId: String(ids.leader),
      receivedOn: '2026-03-11',
      place: '镇信访接待室',
      visitors: [
        PETITION('钱某', { idNumber: ID_QIAN }),
        PETITION('郑某', { peopleCount: 2, representatives: ['甲', '乙', '丙'] }),
      ],
    });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().error.fields[0].path).toBe('visitors.1.representatives');
    const after = await db.selectFrom('cases').select(db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    const noLeader = await req('xinfang')('POST', '/api/petition-receptions', { visitors: [ANSWERED('某')] });
    expect(noLeader.statusCode).toBe(400);
    expect(noLeader.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'leaderId',
      'receivedOn',
      'place',
    ]);
    const future = await req('xinfang')('POST', '/api/petition-receptions', {
      leaderId: String(ids.leader),
      receivedOn: '2026-03-12',
      place: '镇信访接待室',
      visitors: [ANSWERED('某')],
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.fields[0].path).toBe('receivedOn');
    const foreignVillage = await req('xinfang')('POST', '/api/petition-receptions', {
      leaderId: String(ids.leader),
      receivedOn: '2026-03-11',
      place: '镇信访接待室',
      visitors: [ANSWERED('某', 1, { unitId: String(ids.otherTown) })],
    });
    expect(foreignVillage.statusCode).toBe(400);
    expect(foreignVillage.json().error.fields[0].path).toBe('visitors.0.unitId');
    expect((await req('cun01')('POST', '/api/petition-receptions', { visitors: [ANSWERED('某')] })).statusCode).toBe(
      403,
    );
  });
});

// ── Visits ───────────────────────────────────────────────────────────────────────────────

async function petitionIn(unitId: number, receivedOn: string, title: string): Promise<string> {
  const res = await req('xinfang')('POST', '/api/cases', {
    type: 'petition',
    title,
    unitId: String(unitId),
    fields: {
      channel: 'letter',
      source: 'direct',
      receivedOn,
      category: 'claim',
      field: '土地',
      summary: title,
      requests: '请求处理。',
      peopleCount: 1,
    },
    parties: [{ role: 'petitioner', name: '陈某' }],
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

describe('a visit with cases (带案下访)', () => {
  it('links visible cases, shows on each case, and is seen by the village visited only', async () => {
    on('2026-03-12');
    const a = await petitionIn(ids.village1, '2026-03-01', '反映宅基地界址争议');
    const b = await petitionIn(ids.village1, '2026-03-02', '反映灌溉渠道堵塞');
    const elsewhere = await petitionIn(ids.village2, '2026-03-02', '反映桥东村排水不畅');
    const body = {
      leaderId: String(ids.leader),
      visitedOn: '2026-03-12',
      unitId: String(ids.village1),
      caseIds: [a, b],
      peopleMet: '信访人陈某及其家属、村两委成员',
      outcome: '现场查看界址，组织双方协商，初步达成一致。',
      followUp: '村委会一周内组织测量确界。',
    };
    const v = await okJson(req('leader')('POST', '/api/petition-visits', body));
    expect(v).toMatchObject({ leaderName: '王建国', unitName: '湾头村村民委员会', otherCases: 0 });
    expect(v.cases.map((c: { id: string }) => c.id)).toEqual([a, b]);
    expect(v.cases[0]).toMatchObject({ typeLabel: '信访事项', stateLabel: '已登记' });

    const unknown = await req('leader')('POST', '/api/petition-visits', { ...body, caseIds: [a, '999999'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0]).toMatchObject({ path: 'caseIds.1' });
    const notVillage = await req('leader')('POST', '/api/petition-visits', { ...body, unitId: String(ids.town) });
    expect(notVillage.statusCode).toBe(400);
    expect(notVillage.json().error.fields[0].path).toBe('unitId');
    expect((await req('cun01')('POST', '/api/petition-visits', body)).statusCode).toBe(403);
    expect((await req('county')('POST', '/api/petition-visits', body)).statusCode).toBe(403);

    const v2 = await okJson(
      req('xinfang')('POST', '/api/petition-visits', {
        ...body,
        unitId: String(ids.village2),
        caseIds: [elsewhere],
        outcome: '现场查看排水沟。',
      }),
    );

    // The village visited sees its visit; the other village's is a 404.
    expect((await req('cun01')('GET', `/api/petition-visits/${v.id}`)).statusCode).toBe(200);
    expect((await req('cun01')('GET', `/api/petition-visits/${v2.id}`)).statusCode).toBe(404);
    const cun01List = await okJson(req('cun01')('GET', '/api/petition-visits'));
    expect(cun01List.items.map((x: { id: string }) => x.id)).toEqual([v.id]);
    expect((await okJson(req('county')('GET', '/api/petition-visits'))).items).toHaveLength(2);

    // On the case: the visits that took it.
    const onCase = await okJson(req('xinfang')('GET', `/api/petition-visits?caseId=${a}`));
    expect(onCase.items.map((x: { id: string }) => x.id)).toEqual([v.id]);
    expect((await req('cun01')('GET', `/api/petition-visits?caseId=${elsewhere}`)).statusCode).toBe(404);

    // Follow-up, and one more case; a stale version is refused.
    const updated = await okJson(
      req('leader')('PATCH', `/api/petition-visits/${v.id}`, {
        followUp: '3月19日已测量确界，双方签字认可。',
        caseIds: [a, b, elsewhere],
        version: 1,
      }),
    );
    expect(updated).toMatchObject({ version: 2, followUp: '3月19日已测量确界，双方签字认可。' });
    expect(updated.cases).toHaveLength(3);
    // cun01 cannot see the 桥东村 petition: it is counted, not named.
    const seenByVillage = await okJson(req('cun01')('GET', `/api/petition-visits/${v.id}`));
    expect(seenByVillage.cases).toHaveLength(2);
    expect(seenByVillage.otherCases).toBe(1);
    expect(
      (await req('leader')('PATCH', `/api/petition-visits/${v.id}`, { outcome: 'x', version: 1 })).statusCode,
    ).toBe(409);

    const text = await docxText('cun01', `/api/petition-visits/${v.id}/record.docx`);
    expect(text).toContain('领导带案下访记录');
    expect(text).toContain('湾头村村民委员会');
    expect(text).toContain('反映宅基地界址争议');
    expect(text).not.toContain('反映桥东村排水不畅');
    expect(text).toContain('另有1件案件不在本人查看范围内');
    expect(text).toContain('3月19日已测量确界');
  });
});

// ── Statistics ───────────────────────────────────────────────────────────────────────────

describe('leader figures in GET /api/stats/petitions', () => {
  it('counts receptions, visits and owned cases of the year as counted by hand', async () => {
    // The fixture, all in 2025 (nothing else in this file is):
    // slots: 3 (one cancelled, so 2 scheduled)
    // receptions: R1 王建国 on slot 1 — 3 visitors, 1+2+1 = 4 people, 2 answered, 1 petition
    //             R2 李副镇长 without slot — 1 visitor of 5 people, answered
    //             R3 王建国 on 2024-12-31 — outside the year
    // visits: V1 王建国 with petitions P (from R1) and Q; V2 李副镇长 with Q → 2 visits, 2 cases
    //         V3 in 2024 → outside
    // owned: P owned by 王建国 (open), Q owned by 李副镇长 (open) → owned 2, resolved 0
    on('2024-12-31');
    await okJson(
      req('xinfang')('POST', '/api/petition-receptions', {
        leaderId: String(ids.leader),
        receivedOn: '2024-12-31',
        place: '镇信访接待室',
        visitors: [ANSWERED('某甲', 3)],
      }),
    );
    const q = await petitionIn(ids.village2, '2024-12-31', '反映土地承包经营权争议');
    await okJson(
      req('leader')('POST', '/api/petition-visits', {
        leaderId: String(ids.leader),
        visitedOn: '2024-12-31',
        unitId: String(ids.village2),
        caseIds: [q],
        peopleMet: '某',
        outcome: '某',
      }),
    );

    on('2025-01-02');
    const s1 = await okJson(req('xinfang')('POST', '/api/petition-reception-slots', SLOT({ onDate: '2025-01-06' })));
    await okJson(req('xinfang')('POST', '/api/petition-reception-slots', SLOT({ onDate: '2025-02-06' })));
    const s3 = await okJson(
      req('xinfang')(
        'POST',
        '/api/petition-reception-slots',
        SLOT({ onDate: '2025-03-06', leaderId: String(ids.leader2) }),
      ),
    );
    await okJson(req('xinfang')('PATCH', `/api/petition-reception-slots/${s3.id}`, { cancelled: true, version: 1 }));

    on('2025-01-06');
    const r1 = await okJson(
      req('xinfang')('POST', '/api/petition-receptions', {
        slotId: s1.id,
        visitors: [
          ANSWERED('某乙'),
          PETITION('某丙', { peopleCount: 2, idNumber: ID_QIAN, representatives: ['某丙'] }),
          ANSWERED('某丁'),
        ],
      }),
    );
    const p = r1.visitors[1].caseId as string;
    on('2025-01-08');
    await okJson(
      req('xinfang')('POST', '/api/petition-receptions', {
        leaderId: String(ids.leader2),
        receivedOn: '2025-01-08',
        place: '桥东村党群服务中心',
        visitors: [ANSWERED('某戊', 5)],
      }),
    );
    on('2025-01-10');
    await okJson(
      req('leader')('POST', '/api/petition-visits', {
        leaderId: String(ids.leader),
        visitedOn: '2025-01-10',
        unitId: String(ids.village1),
        caseIds: [p, q],
        peopleMet: '某',
        outcome: '某',
      }),
    );
    await okJson(
      req('leader')('POST', '/api/petition-visits', {
        leaderId: String(ids.leader2),
        visitedOn: '2025-01-10',
        unitId: String(ids.village2),
        caseIds: [q],
        peopleMet: '某',
        outcome: '某',
      }),
    );
    const own = async (id: string, leaderId: number) => {
      const input = { plan: '实地核查。', targetDate: '2025-03-31' };
      const before = await okJson(req('xinfang')('GET', `/api/cases/${id}`));
      await okJson(
        req('leader')('POST', `/api/cases/${id}/documents`, { version: before.version, kind: 'ownership_form', input }),
      );
      const c = await okJson(req('xinfang')('GET', `/api/cases/${id}`));
      await okJson(
        req('leader')('POST', `/api/cases/${id}/actions/take_ownership`, {
          version: c.version,
          input: { ownerLeaderId: String(leaderId), plan: '实地核查。', targetDate: '2025-03-31' },
        }),
      );
    };
    await own(p, ids.leader);
    await own(q, ids.leader2);

    on('2026-03-12');
    const stats = await okJson(req('leader')('GET', '/api/stats/petitions?year=2025'));
    expect(stats.leaderReceptions).toEqual({ scheduled: 2, held: 2, people: 9, answered: 3, petitions: 1 });
    expect(stats.leaderVisits).toEqual({ visits: 2, cases: 2 });
    // P was received in 2025; Q on 2024-12-31, so only P is in 2025's cohort of owned cases.
    expect(stats.leaderOwned).toMatchObject({ owned: 1, resolved: 0 });
    expect(stats.byLeader).toEqual([
      {
        leaderId: String(ids.leader),
        leaderName: '王建国',
        receptions: 1,
        people: 4,
        visits: 1,
        visitCases: 2,
        owned: 1,
        ownedResolved: 0,
      },
      {
        leaderId: String(ids.leader2),
        leaderName: '李副镇长',
        receptions: 1,
        people: 5,
        visits: 1,
        visitCases: 1,
        owned: 0,
        ownedResolved: 0,
      },
    ]);
    const county = await okJson(req('county')('GET', '/api/stats/petitions?year=2025'));
    expect(county.leaderReceptions).toEqual(stats.leaderReceptions);
    expect(county.leaderVisits).toEqual(stats.leaderVisits);
    const y2024 = await okJson(req('leader')('GET', '/api/stats/petitions?year=2024'));
    expect(y2024.leaderReceptions).toMatchObject({ held: 1, people: 3, answered: 1, petitions: 0 });
    expect(y2024.leaderVisits).toEqual({ visits: 1, cases: 1 });
  });
});

// ── Report facts ─────────────────────────────────────────────────────────────────────────

describe('receptionFacts (facts/facts.ts provider)', () => {
  it('computes the 2025 fixture above per town, zeros for a town without records, and drills within scope', async () => {
    const db = h.db.database.db;
    const q = { townIds: [ids.town, ids.otherTown], year: 2025, now: h.clock.now() };
    const values = await receptionFacts.compute(db, q);
    expect(values.get(ids.town)).toEqual({
      'petition.leader_receptions': 2,
      'petition.leader_reception_people': 9,
      'petition.leader_visits': 2,
      'petition.visit_cases': 2,
    });
    expect(values.get(ids.otherTown)).toEqual({
      'petition.leader_receptions': 0,
      'petition.leader_reception_people': 0,
      'petition.leader_visits': 0,
      'petition.visit_cases': 0,
    });
    // 2024: R3 (3 people) and V3 with Q.
    const y2024 = await receptionFacts.compute(db, { ...q, year: 2024 });
    expect(y2024.get(ids.town)).toEqual({
      'petition.leader_receptions': 1,
      'petition.leader_reception_people': 3,
      'petition.leader_visits': 1,
      'petition.visit_cases': 1,
    });

    const accessOf = async (username: string) => {
      const user = await db
        .selectFrom('users')
        .select(['id', 'town_id', 'display_name'])
        .where('username', '=', username)
        .executeTakeFirstOrThrow();
      const assignments = await loadAssignments(db, user.id);
      const auth: AuthContext = {
        userId: user.id,
        username,
        displayName: user.display_name,
        townId: user.town_id,
        mustChangePassword: false,
        sessionId: 'test',
        csrfToken: 'test',
        assignments,
        permissions: permissionsFor(assignments),
        chainId: 0,
        primaryUnit: null,
      };
      return caseAccess(db, auth, h.app.services.registry);
    };
    const drill = (key: string, username: string) =>
      accessOf(username).then((access) =>
        receptionFacts.drill!(db, access, { key, townId: ids.town, year: 2025, now: q.now, limit: 50, offset: 0 }),
      );
    const receptions = await drill('petition.leader_receptions', 'county');
    expect(receptions.total).toBe(2);
    expect(receptions.records.map((r) => r.date)).toEqual(['2025-01-06', '2025-01-08']);
    expect(receptions.records[0]!.href).toMatch(/^\/petition\/receptions\?reception=\d+$/);
    const people = await drill('petition.leader_reception_people', 'xinfang');
    expect(people.total).toBe(4);
    expect(people.records.map((r) => r.title)).toEqual(['某乙（1人）', '某丙（2人）', '某丁（1人）', '某戊（5人）']);
    // A village officer sees no receptions, and only the visit to their own village.
    expect((await drill('petition.leader_receptions', 'cun01')).total).toBe(0);
    const visits = await drill('petition.leader_visits', 'cun01');
    expect(visits.total).toBe(1);
    expect(visits.records[0]).toMatchObject({ unitName: '湾头村村民委员会', date: '2025-01-10' });
    expect((await drill('petition.leader_visits', 'leader')).total).toBe(2);
    const cases = await drill('petition.visit_cases', 'leader');
    expect(cases.total).toBe(2);
    expect(cases.records.every((r) => r.href.startsWith('/cases/'))).toBe(true);
  });
});
