/**
 * 安全隐患 through the HTTP API on a real database: a hazard placed in its unit's village (the
 * village reads it, another village does not; art 75 report by the village), a hazard through
 * 责令限期整改 → 单位申请复查 → 复查合格销号, one whose deadline passes and fails re-inspection
 * and is handed to the 执法队 as a linked `penalty` case (安全生产法 art 102) after a 镇领导's
 * approval, a rectification on the spot refused until its photo is attached, and the four
 * documents rendered as .docx (copied to $HAZARD_DOCS when set, for a look in LibreOffice).
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const opened: Record<string, number> = {};
let townId = 0;
let villageId = 0;
let unitId = 0;
let otherUnitId = 0;
const officerIds: number[] = [];

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  const db = h.db.database.db;
  townId = (await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()).id;
  villageId = (
    await db.selectFrom('org_units').select('id').where('name', '=', '湾头村村民委员会').executeTakeFirstOrThrow()
  ).id;
  const other = (
    await db.selectFrom('org_units').select('id').where('name', '=', '桥东村村民委员会').executeTakeFirstOrThrow()
  ).id;
  const { id: userId } = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'anjian')
    .executeTakeFirstOrThrow();
  const at = new Date();
  for (const [name, certNo] of [
    ['孙安', 'AJ-5101'],
    ['李检', 'AJ-5102'],
  ]) {
    const row = await db
      .insertInto('enforcement_officers')
      .values({
        town_id: townId,
        name: name!,
        cert_no: certNo!,
        cert_issuer: '示范县人民政府',
        cert_fields: ['safety'],
        valid_until: '2030-12-31',
        created_by: userId,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    officerIds.push(Number(row.id));
  }
  const unit = (village: number, name: string, code: string) =>
    db
      .insertInto('safety_units')
      .values({
        town_id: townId,
        village_id: village,
        name,
        credit_code: code,
        address: '示范县湾头桥镇湾头村工业路8号',
        industry: 'industry_trade',
        size: 'small',
        risk_class: 'key',
        principal_name: '周某',
        created_by: userId,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  unitId = Number((await unit(villageId, '示范县湾头五金制品有限公司', '91330000MA2B3C4D5H')).id);
  otherUnitId = Number((await unit(other, '桥东木业加工厂', '91330000MA2B3C4D6L')).id);
}, 60_000);
afterAll(() => h?.close());

function on(date: string) {
  h.clock.current = new Date(`${date}T10:00:00+08:00`);
}

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
  const res = await req('anjian')('GET', `/api/cases/${id}`);
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
async function issued(id: string, kind: string, input?: Record<string, unknown>) {
  const res = await req('anjian')('POST', `/api/cases/${id}/documents`, {
    version: await version(id),
    kind,
    ...(input ? { input } : {}),
  });
  expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
  const doc = (res.json().documents as { id: string; kind: string; number: string | null }[])
    .filter((d) => d.kind === kind)
    .at(-1)!;
  const file = await req('anjian')('GET', `/api/documents/${doc.id}/file`);
  expect(file.statusCode, file.body).toBe(200);
  expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
  if (process.env.HAZARD_DOCS) writeFileSync(`${process.env.HAZARD_DOCS}/${kind}.docx`, file.rawPayload);
  return doc;
}

async function register(who: string, fields: Record<string, unknown> = {}, title = '配电箱未接地') {
  return req(who)('POST', '/api/cases', {
    type: 'hazard',
    title,
    fields: {
      unitId,
      source: 'inspection',
      foundOn: '2026-05-28',
      description: '二号车间配电箱未接地，电线私拉乱接',
      location: '二号车间',
      level: 'general',
      basis: '《用电安全导则》（GB/T 13869）',
      ...fields,
    },
  });
}

describe('placement: a hazard belongs to its unit village', () => {
  it('places the case in 湾头村; 湾头村 reads it, 桥东村 does not and cannot report it', async () => {
    on('2026-05-28');
    const res = await register('cun01', { source: 'village_report' });
    expect(res.statusCode, res.body).toBe(200);
    const id = res.json().id as string;
    const row = await h.db.database.db
      .selectFrom('cases')
      .select(['unit_id', 'number'])
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.unit_id).toBe(villageId);
    expect(row.number).toMatch(/^湾隐患〔2026〕\d+号$/);
    expect((await req('cun01')('GET', `/api/cases/${id}`)).statusCode).toBe(200);
    expect((await req('cun02')('GET', `/api/cases/${id}`)).statusCode).toBe(404);
    expect((await req('zhifa')('GET', `/api/cases/${id}`)).statusCode).toBe(200);
    const foreign = await register('cun02');
    expect(foreign.statusCode).toBe(403);
    const other = await register('cun02', { unitId: otherUnitId });
    expect(other.statusCode, other.body).toBe(200);
    const missing = await register('anjian', { unitId: 999_999 });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('生产经营单位不存在');
  });
});

describe('责令限期整改 → 单位申请复查 → 复查合格销号', () => {
  it('runs with the documents and two certified inspectors', async () => {
    on('2026-05-28');
    const id = (await register('anjian')).json().id as string;
    on('2026-06-01');
    const order = await issued(id, 'rectify_order', {
      deadline: '2026-06-10',
      measure: '配电箱加装接地保护，规范线路敷设',
    });
    expect(order.number).toMatch(/^湾安责改〔2026〕\d+号$/);
    // The form takes the deadline and the measure from the order (prefill).
    let c = await ok('anjian', id, 'order', { orderServedOn: '2026-06-01' });
    c = (await req('anjian')('GET', `/api/cases/${id}`)).json();
    expect(c.state).toBe('rectifying');
    expect(c.fields).toMatchObject({ rectifyDeadline: '2026-06-10', orderNo: order.number, rectifyDays: 9 });
    const clocks = c.clocks as { key: string; due: string }[];
    // 安全生产违法行为行政处罚办法第十七条: 10 days from the deadline, Sat 2026-06-20 (端午) → Mon 2026-06-22.
    expect(clocks.find((k) => k.key === 'reinspection')?.due).toBe('2026-06-22');
    on('2026-06-05');
    await ok('cun01', id, 'apply_reinspection', { appliedOn: '2026-06-05' });
    c = (await req('anjian')('GET', `/api/cases/${id}`)).json();
    expect((c.clocks as { key: string; due: string }[]).find((k) => k.key === 'reinspection')?.due).toBe('2026-06-15');
    on('2026-06-08');
    await issued(id, 'reinspection_opinion', {
      reinspectedOn: '2026-06-08',
      result: 'passed',
      opinion: '接地保护已加装，线路已规范',
    });
    const one = await act('anjian', id, 'reinspect_pass', { officerIds: [officerIds[0]] });
    expect(one.statusCode).toBe(400);
    expect(one.body).toContain('不得少于2人');
    const fail = await act('anjian', id, 'reinspect_fail', { officerIds });
    expect(fail.body).toContain('与本操作不符');
    await ok('anjian', id, 'reinspect_pass', { officerIds });
    c = (await req('cun01')('GET', `/api/cases/${id}`)).json();
    expect(c.state).toBe('closed');
    expect(c.fields).toMatchObject({ reinspectPassed: true, reinspectedOn: '2026-06-08', outcome: 'closed' });
  });
});

describe('逾期 → 复查不合格 → 移交立案处罚 (安全生产法第一百零二条)', () => {
  it('creates the penalty case for the 执法队, linked from the hazard, once a 镇领导 approves', async () => {
    on('2026-05-28');
    const id = (await register('anjian', {}, '消防通道堵塞')).json().id as string;
    on('2026-06-01');
    await issued(id, 'rectify_order', { deadline: '2026-06-10', measure: '清理消防通道' });
    await ok('anjian', id, 'order', { orderServedOn: '2026-06-01' });
    on('2026-06-10');
    expect((await act('anjian', id, 'deadline_passed')).body).toContain('届满后方可转入复查');
    on('2026-06-11');
    await ok('anjian', id, 'deadline_passed');
    on('2026-06-12');
    await issued(id, 'reinspection_opinion', {
      reinspectedOn: '2026-06-12',
      result: 'failed',
      opinion: '消防通道仍堆放杂物',
    });
    await ok('anjian', id, 'reinspect_fail', { officerIds });
    expect((await act('anjian', id, 'to_penalty', { violation: '未采取措施消除事故隐患' })).statusCode).toBe(409);
    await ok('anjian', id, 'request_approval:to_penalty', { violation: '未采取措施消除事故隐患' });
    await ok('leader', id, 'approve:to_penalty', { opinion: '同意移交立案' });
    await ok('anjian', id, 'to_penalty');
    const c = (await req('anjian')('GET', `/api/cases/${id}`)).json();
    expect(c.state).toBe('penalized');
    const links = (await req('zhifa')('GET', `/api/cases/${id}/links`)).json();
    const link = links.items.find((l: { kind: string }) => l.kind === 'penalty');
    expect(link).toMatchObject({ direction: 'outgoing', label: '立案处罚', other: { type: 'penalty' } });
    const p = (await req('zhifa')('GET', `/api/cases/${link.other.id}`)).json();
    expect(p.state).toBe('clue');
    expect(p.fields).toMatchObject({ field: 'safety', violation: '未采取措施消除事故隐患', foundOn: '2026-06-12' });
    expect(p.parties[0]).toMatchObject({ role: 'party', kind: 'org', name: '示范县湾头五金制品有限公司' });
    // 安监办 does not read penalty files (the type's access), but sees the link's end is there.
    expect((await req('anjian')('GET', `/api/cases/${link.other.id}`)).statusCode).toBe(404);
  });
});

describe('当场整改 needs its photo; 重大隐患 documents', () => {
  it('refuses 当场整改 until a photo is attached', async () => {
    on('2026-05-28');
    const id = (await register('anjian', {}, '灭火器过期')).json().id as string;
    const input = { rectifiedOnSpotOn: '2026-05-28', officerIds };
    expect((await act('anjian', id, 'rectify_on_spot', input)).body).toContain('现场照片');
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    await req('anjian')('GET', '/api/me');
    const boundary = '----fazhihazard';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="after.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const up = await h.app.inject({
      method: 'POST',
      url: `/api/cases/${id}/attachments`,
      payload,
      headers: {
        cookie: s.anjian!.cookie,
        'x-csrf-token': s.anjian!.csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(up.statusCode, up.body).toBe(200);
    await ok('anjian', id, 'rectify_on_spot', input);
    expect((await req('anjian')('GET', `/api/cases/${id}`)).json().state).toBe('rectified_on_spot');
  });
  it('issues the 现场处理措施决定书 and the 案件移送书 for a major hazard, refuses measures on a general one', async () => {
    on('2026-05-28');
    const general = (await register('anjian', {}, '一般隐患')).json().id as string;
    const refused = await req('anjian')('POST', `/api/cases/${general}/documents`, {
      version: await version(general),
      kind: 'measures_decision',
      input: { evacuate: true, suspend: true, stopUse: false },
    });
    expect(refused.statusCode).toBe(422);
    const id = (
      await register('anjian', { level: 'major', description: '液氨储罐区泄漏报警装置失效' }, '液氨储罐报警失效')
    ).json().id as string;
    await issued(id, 'measures_decision', {
      evacuate: true,
      suspend: true,
      stopUse: true,
      equipment: '液氨储罐及其输送管道',
    });
    await ok('anjian', id, 'impose_measures', {
      measures: ['evacuate', 'suspend', 'stop_use'],
      measuresOn: '2026-05-28',
      officerIds,
    });
    await ok('anjian', id, 'supervise', {
      supervisedOn: '2026-05-28',
      supervisor: '示范县应急管理局',
      supervisionNo: '示应急督〔2026〕2号',
    });
    await issued(id, 'transfer_letter', {
      receiver: '示范县应急管理局',
      reason: '涉及危险化学品重大危险源，属县应急管理局监管',
    });
    await ok('anjian', id, 'transfer', { transferredOn: '2026-05-28' });
    const c = (await req('anjian')('GET', `/api/cases/${id}`)).json();
    expect(c.state).toBe('transferred');
    expect(c.fields).toMatchObject({ transferredTo: '示范县应急管理局', supervisor: '示范县应急管理局' });
  });
});
