/**
 * Each mediation route its own rules and documents (issue 13), over HTTP on a real database:
 * - 人民调解: the one-month limit (人民调解工作若干规定 art 33) and the 人民调解协议书;
 * - 行政调解: no national limit; the town sets one (or none), recorded on a dispute when it is
 *   routed there, and its agreement is a 行政调解协议书;
 * - 司法调解（诉前）: the court's reference is required, its period is the court's, its agreement
 *   names the court and confirmation goes to it (民事诉讼法 art 205(1); SPC 2011 rules art 2 ¶2);
 * - 超期 counts a dispute only against the limit of the route it took.
 * Due dates worked out by hand on the 2026 notice (国办发明电〔2025〕7号: 清明 4月4日至6日放假;
 * 劳动节 5月1日至5日放假调休，4月26日（星期日）、5月9日（星期六）上班).
 */
import { writeFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepBreaches } from '../src/jobs/sweep.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village: 0, tiaojie: 0 };
const USERS = ['tiaojie', 'leader', 'cun01'];
const call = (who: string) => as(h.app, s[who]!);

beforeAll(async () => {
  h = await harness({}, { modules: [mediationModule], demo: true });
  ids.village = (
    await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', '=', '湾头村村民委员会')
      .executeTakeFirstOrThrow()
  ).id;
  ids.tiaojie = (
    await h.db.database.db.selectFrom('users').select('id').where('username', '=', 'tiaojie').executeTakeFirstOrThrow()
  ).id;
  await moveTo('2026-03-02T09:00:00+08:00');
});
afterAll(() => h.close());

async function moveTo(iso: string) {
  h.clock.current = new Date(iso);
  for (const u of USERS) s[u] = await login(h.app, u, 'Demo@2026');
}

type Detail = { id: string; version: number; state: string; fields: Record<string, unknown>; clocks: Clock[] };
type Clock = { key: string; due: string | null; state: string; unit: string; length: number; basis: string };

async function act(c: Detail, action: string, input?: unknown): Promise<Detail> {
  const r = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/${action}`, {
    version: c.version,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json();
}

async function issue(c: Detail, kind: string, input?: unknown): Promise<Detail> {
  const r = await call('tiaojie')('POST', `/api/cases/${c.id}/documents`, {
    version: c.version,
    kind,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${kind}: ${r.body}`).toBe(200);
  return r.json();
}

/** Registered and accepted today. */
async function accepted(title: string): Promise<Detail> {
  const r = await call('tiaojie')('POST', '/api/cases', {
    type: 'mediation',
    title,
    unitId: String(ids.village),
    fields: {
      channel: 'court',
      disputeType: 'contract',
      peopleCount: 2,
      summary: '双方就房屋租赁合同押金退还发生争议。',
      requests: '请求退还押金5000元。',
      receivedOn: '2026-03-02',
    },
    parties: [
      { role: 'applicant', name: '周立平', address: '湾头村2组5号' },
      { role: 'respondent', name: '吴海燕', address: '湾头村4组11号' },
    ],
  });
  expect(r.statusCode, r.body).toBe(200);
  return act(await issue(r.json(), 'registration'), 'accept');
}

const clockOf = (c: Detail, key: string) => c.clocks.find((k) => k.key === key);

async function putLimit(limit: { length: number; unit: 'd' | 'wd' } | null) {
  const current = (await call('tiaojie')('GET', '/api/mediation/route-settings')).json();
  const r = await call('tiaojie')('PUT', '/api/mediation/route-settings', {
    administrativeLimit: limit,
    version: current.version,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

async function docxText(documentId: string): Promise<{ text: string; buffer: Buffer }> {
  const r = await call('tiaojie')('GET', `/api/documents/${documentId}/file`);
  expect(r.statusCode).toBe(200);
  const xml = await (await JSZip.loadAsync(r.rawPayload)).file('word/document.xml')!.async('string');
  const text = [...xml.matchAll(/<w:p[ >].*?<\/w:p>/gs)]
    .map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
  // FAZHI_DOC_OUT=dir keeps the generated files, to render and look at them.
  if (process.env.FAZHI_DOC_OUT) await writeFile(`${process.env.FAZHI_DOC_OUT}/${documentId}.docx`, r.rawPayload);
  return { text, buffer: r.rawPayload };
}

const COURT = {
  courtName: '示范县人民法院',
  courtCaseNo: '（2026）苏1012民诉前调123号',
  courtReferredOn: '2026-02-27',
  courtPeriodDays: 30,
};
const HEARD = {
  date: '2026-03-02',
  place: '镇矛调中心调解室',
  attendees: ['周立平', '吴海燕'],
  summary: '双方陈述，调解员释法',
};
const AGREED = {
  agreementTerms: '吴海燕于2026年3月20日前退还周立平押金4000元。',
  performanceDue: '2026-03-20',
  agreementEffectiveOn: '2026-03-02',
};

async function heard(c: Detail): Promise<Detail> {
  const m = await act(c, 'assign', { assigneeId: String(ids.tiaojie) });
  return act(await issue(m, 'session_record'), 'record_session', HEARD);
}

const cases: Record<string, Detail> = {};

describe('行政调解: the town sets the limit (no national one)', () => {
  it('a town that has set nothing gets 20 working days, editable by the centre', async () => {
    const r = await call('tiaojie')('GET', '/api/mediation/route-settings');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ administrativeLimit: { length: 20, unit: 'wd' }, canEdit: true, version: 0 });
    const village = await call('cun01')('PUT', '/api/mediation/route-settings', {
      administrativeLimit: null,
      version: 0,
    });
    expect(village.statusCode).toBe(403);
  });

  it('the town setting changes the 行政调解 due date: 10 d from routing on 2 Mar 2026 → 12 Mar', async () => {
    await putLimit({ length: 10, unit: 'd' });
    const c = await act(await accepted('行政调解十日'), 'route', {
      route: 'administrative',
      committee: '湾头桥镇人民政府',
    });
    expect(c.fields.administrativeLimit).toEqual({ length: 10, unit: 'd' });
    expect(clockOf(c, 'administrative')).toMatchObject({ due: '2026-03-12', unit: 'd', length: 10 });
    // 人民调解工作若干规定 art 33 binds people's mediation only: no one-month clock here.
    expect(clockOf(c, 'mediation')).toBeUndefined();
    cases.adminTen = c;
  });

  it('30 working days set later → 14 Apr for a dispute routed then; the earlier one keeps its 12 Mar', async () => {
    await putLimit({ length: 30, unit: 'wd' });
    // 30 working days after Mon 2 Mar 2026: March has 21 more (3–31), April 1–3 make 24, 4–6 清明,
    // then 7, 8, 9, 10, 13, 14 → 14 Apr.
    const c = await act(await accepted('行政调解三十工作日'), 'route', {
      route: 'administrative',
      committee: '湾头桥镇人民政府',
    });
    expect(clockOf(c, 'administrative')).toMatchObject({ due: '2026-04-14', unit: 'wd', length: 30 });
    const earlier = (await call('tiaojie')('GET', `/api/cases/${cases.adminTen!.id}`)).json();
    expect(clockOf(earlier, 'administrative')?.due).toBe('2026-03-12');
  });

  it('a town with no limit: a dispute routed to 行政调解 has no deadline at all', async () => {
    await putLimit(null);
    const c = await act(await accepted('行政调解不设期限'), 'route', {
      route: 'administrative',
      committee: '湾头桥镇人民政府',
    });
    expect(c.fields.administrativeLimit).toBeUndefined();
    expect(c.clocks.map((k) => k.key)).toEqual(['follow_up']);
    cases.adminNone = c;
  });

  it('prints a 行政调解协议书, not a 人民调解协议书', async () => {
    const c = await heard(cases.adminNone!);
    const refused = await call('tiaojie')('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind: 'agreement',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toBe(
      '《人民调解协议书》只用于「分流途径」为「人民调解」的案件，本案「分流途径」为「行政调解」',
    );
    const withDoc = await issue(c, 'admin_agreement');
    const doc = (withDoc as unknown as { documents: { id: string; kind: string; number: string }[] }).documents.find(
      (d) => d.kind === 'admin_agreement',
    )!;
    expect(doc.number).toMatch(/^湾行调协〔2026〕\d+号$/);
    const { text } = await docxText(doc.id);
    expect(text).toContain('行政调解协议书');
    expect(text).not.toContain('人民调解协议书');
    expect(text).not.toContain('人民调解法');
    cases.adminNone = await act(withDoc, 'agree_written', AGREED);
  });
});

describe('司法调解（诉前）: the court’s reference, period and confirmation', () => {
  it('is refused without the court’s reference', async () => {
    const c = await accepted('诉前调解缺少案号');
    const r = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/route`, {
      version: c.version,
      input: { route: 'judicial', committee: '湾头桥镇人民调解委员会', courtName: '示范县人民法院' },
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().error.message).toBe(
      '分流至司法调解（诉前）须填写人民法院的委派信息：法院案号、法院委派（委托）日期、法院确定的调解期限',
    );
  });

  it('runs the court’s 30 days from its referral on 27 Feb 2026 → 29 Mar is a Sunday → 30 Mar (民法典 art 203)', async () => {
    const c = await act(await accepted('诉前调解'), 'route', {
      route: 'judicial',
      committee: '湾头桥镇人民调解委员会',
      ...COURT,
    });
    expect(c.fields).toMatchObject(COURT);
    expect(clockOf(c, 'court')).toMatchObject({ due: '2026-03-30', unit: 'd', length: 30 });
    expect(clockOf(c, 'mediation')).toBeUndefined();
    cases.court = c;
  });

  it('cannot issue a 人民调解协议书; its 调解协议书（诉前调解）names the court and its case number', async () => {
    const c = await heard(cases.court!);
    const refused = await call('tiaojie')('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind: 'agreement',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('本案「分流途径」为「司法调解（诉前）」');
    const noDoc = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/agree_written`, {
      version: c.version,
      input: AGREED,
    });
    expect(noDoc.json().error.message).toBe('请先出具《调解协议书（诉前调解）》');
    const withDoc = await issue(c, 'court_agreement');
    const doc = (withDoc as unknown as { documents: { id: string; kind: string }[] }).documents.find(
      (d) => d.kind === 'court_agreement',
    )!;
    const { text } = await docxText(doc.id);
    expect(text).toContain('调解协议书（诉前调解）');
    expect(text).toContain('（2026）苏1012民诉前调123号');
    expect(text).toContain('共同向示范县人民法院申请司法确认（《中华人民共和国民事诉讼法》第二百零五条第一项');
    expect(text).not.toContain('人民调解协议书');
    cases.court = await act(withDoc, 'agree_written', AGREED);
  });
});

describe('the termination notice speaks for the route (人民调解法 art 26 for 人民调解 only)', () => {
  it('a court-referred dispute that fails goes back to the referring court', async () => {
    const c = await heard(
      await act(await accepted('诉前调解不成'), 'route', {
        route: 'judicial',
        committee: '湾头桥镇人民调解委员会',
        ...COURT,
        courtCaseNo: '（2026）苏1012民诉前调124号',
      }),
    );
    const withDoc = await issue(c, 'termination_notice', { terminationReason: '双方对押金数额分歧过大' });
    const doc = (withDoc as unknown as { documents: { id: string; kind: string }[] }).documents.find(
      (d) => d.kind === 'termination_notice',
    )!;
    const { text } = await docxText(doc.id);
    expect(text).toContain('系示范县人民法院委派调解（（2026）苏1012民诉前调124号）');
    expect(text).toContain('并将调解情况书面告知示范县人民法院，由人民法院依法处理');
    expect(text).not.toContain('人民调解法》第二十六条');
    await act(withDoc, 'terminate', { terminationReason: '双方对押金数额分歧过大' });
  });
});

describe('超期 counts each route against its own limit only (人民调解工作若干规定 art 33 for 人民调解)', () => {
  it('a 人民调解 dispute past its month is 超期; a 行政调解 one without a limit never is', async () => {
    const people = await heard(
      await act(await accepted('人民调解超期'), 'route', {
        route: 'people',
        committee: '湾头村人民调解委员会',
      }),
    );
    expect(clockOf(people, 'mediation')?.due).toBe('2026-04-02');
    // The town still has no limit (set above): routed now, this one stays open with no deadline.
    await heard(
      await act(await accepted('行政调解未设期限仍在调解'), 'route', {
        route: 'administrative',
        committee: '湾头桥镇人民政府',
      }),
    );
    await moveTo('2026-05-06T09:00:00+08:00');
    await sweepBreaches(h.db.database.db, h.app.services.registry, h.app.services.calendars, h.clock.now());
    const r = await call('leader')('GET', '/api/facts/mediation.overdue/records?year=2026');
    expect(r.statusCode, r.body).toBe(200);
    const titles = (r.json().records as { title: string }[]).map((x) => x.title).sort();
    // 人民调解: breached on 3 Apr. 行政调解 with the town's 10 d (due 12 Mar, still open): breached.
    // 行政调解 with no limit: never. 30 wd (due 14 Apr, still open): breached. The dispute whose
    // routing to the court was refused sits accepted and unrouted: the month runs for it (art 33).
    // The court-referred one settled in its period.
    expect(titles).toEqual(['人民调解超期', '行政调解三十工作日', '行政调解十日', '诉前调解缺少案号'].sort());
  });
});
