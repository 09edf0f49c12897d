/**
 * The case engine over HTTP on a real database: registration with parties, scope,
 * numbering, actions with version checks, the inbox, search, the breach sweep,
 * attachments, unmasking, Excel export and import. Uses the test-only complaint type
 * (fixtures/complaint.ts) so each rule is stated here.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasLibreOffice, hasPoppler, pdfToText } from '../src/documents/render.ts';
import { sweepBreaches } from '../src/jobs/sweep.ts';
import { complaintModule } from './fixtures/complaint.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, tiaojie: 0, leader: 0, cun01: 0 };

// Valid 18-digit IDs (checksums computed with the GB 11643 rule).
const ID_A = '110101199003070011';
const ID_B = '110101199003070038';

beforeAll(async () => {
  h = await harness({}, { modules: [complaintModule], demo: true });
  const db = h.db.database.db;
  for (const u of ['tiaojie', 'cun01', 'cun02', 'leader', 'county', 'sifasuo', 'auditor']) {
    s[u] = await login(h.app, u, 'Demo@2026');
  }
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const user = async (name: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  ids.tiaojie = await user('tiaojie');
  ids.leader = await user('leader');
  ids.cun01 = await user('cun01');
});
afterAll(() => h.close());

function complaint(overrides: Record<string, unknown> = {}) {
  return {
    type: 'complaint',
    title: '养殖场噪声扰民投诉',
    unitId: String(ids.village1),
    fields: { receivedOn: '2026-03-02', category: 'noise', summary: '夜间风机噪声影响休息' },
    parties: [
      { role: 'complainant', name: '张三丰', idNumber: ID_A, phone: '13812345678', address: '湾头村3组' },
      { role: 'respondent', kind: 'person', name: '李四', idNumber: ID_B },
    ],
    ...overrides,
  };
}

async function create(who: string, body = complaint()) {
  const res = await as(h.app, s[who]!)('POST', '/api/cases', body);
  return res;
}

describe('registering a case', () => {
  it('numbers it per town, type and year, masks the parties and starts the statutory clock', async () => {
    const res = await create('tiaojie');
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    expect(c.number).toMatch(/^湾诉〔2026〕\d+号$/);
    expect(c.state).toBe('registered');
    expect(c.stateLabel).toBe('已登记');
    expect(c.unitName).toBe('湾头村村民委员会');
    expect(c.parties.map((p: { name: string }) => p.name)).toEqual(['张三丰', '李四']);
    expect(c.parties[0].idMasked).toBe('110101********0011');
    expect(c.parties[0].phoneMasked).toBe('138****5678');
    expect(JSON.stringify(c)).not.toContain(ID_A);
    // Received 2026-03-02, 15 days, start day excluded → 2026-03-17 (a Tuesday).
    const acceptance = c.clocks.find((k: { key: string }) => k.key === 'acceptance');
    expect(acceptance).toMatchObject({ state: 'running', due: '2026-03-17', basis: '测试规则 第1条' });
    expect(c.nextDue).toBe('2026-03-17');
    expect(c.events[0]).toMatchObject({ action: 'create', actionLabel: '登记投诉', toLabel: '已登记' });
    expect(c.actions.map((a: { key: string }) => a.key)).toEqual(
      expect.arrayContaining(['accept', 'decline', 'assign']),
    );
    const accept = c.actions.find((a: { key: string }) => a.key === 'accept');
    expect(accept.enabled).toBe(false);
    expect(accept.reason).toContain('受理告知书');
  });

  it('stores ID numbers encrypted, never in clear text', async () => {
    const rows = await h.db.database.db.selectFrom('parties').select(['id_enc', 'id_hash', 'id_masked']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.id_enc).not.toContain('1990');
      expect(r.id_enc).toMatch(/^v1\./);
      expect(r.id_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('reuses one party row for the same ID number across cases', async () => {
    await create('tiaojie', complaint({ title: '第二次投诉' }));
    const n = await h.db.database.db
      .selectFrom('parties')
      .select(sql<number>`count(*)`.as('n'))
      .where('name', '=', '张三丰')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });

  it('keeps the name an earlier case recorded when a later case spells the same person differently', async () => {
    const first = (await create('tiaojie', complaint({ title: '姓名快照一' }))).json();
    const renamed = complaint({ title: '姓名快照二' });
    renamed.parties = [{ role: 'complainant', kind: 'person', name: '张三峰', idNumber: ID_A }];
    const second = (await create('tiaojie', renamed)).json();
    expect(second.parties[0].name).toBe('张三峰');
    expect(second.parties[0].id).toBe(first.parties[0].id);
    const again = (await as(h.app, s.tiaojie!)('GET', `/api/cases/${first.id}`)).json();
    expect(again.parties[0].name).toBe('张三丰');
    expect(again.partyNames).toBe('张三丰、李四');
  });

  it('names each bad field in Chinese and saves nothing', async () => {
    const before = await countCases();
    const res = await create(
      'tiaojie',
      complaint({
        fields: { receivedOn: '2026-02-30', category: 'noise', summary: '' },
        parties: [{ role: 'complainant', name: '王五', idNumber: '110101199003070012', phone: '12345' }],
      }),
    );
    expect(res.statusCode).toBe(400);
    const body = res.json().error;
    expect(body.code).toBe('VALIDATION');
    const paths = body.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['fields.receivedOn', 'fields.summary']));
    expect(body.message).toMatch(/收到日期|投诉内容/);
    expect(await countCases()).toBe(before);

    const badParty = await create(
      'tiaojie',
      complaint({ parties: [{ role: 'complainant', name: '王五', idNumber: '110101199003070012', phone: '12345' }] }),
    );
    expect(badParty.statusCode).toBe(400);
    const msg = badParty.json().error.message as string;
    expect(msg).toContain('证件号码');
    expect(msg).toContain('联系电话');
    expect(await countCases()).toBe(before);

    const noComplainant = await create('tiaojie', complaint({ parties: [{ role: 'respondent', name: '李四' }] }));
    expect(noComplainant.statusCode).toBe(400);
    expect(noComplainant.json().error.message).toContain('请至少填写一位投诉人');
  });

  it('lets a village officer register in their own village only', async () => {
    const own = await create('cun01', complaint({ title: '村里登记的投诉' }));
    expect(own.statusCode).toBe(200);
    const other = await create('cun01', complaint({ unitId: String(ids.village2) }));
    expect(other.statusCode).toBe(403);
    // 县级督查 reads but does not register.
    const county = await create('county');
    expect(county.statusCode).toBe(403);
  });

  it('keeps numbers gap-free when many are registered at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => create('tiaojie', complaint({ title: `并发登记${i}` }))),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const seqs = (
      await h.db.database.db.selectFrom('cases').select('seq').where('type', '=', 'complaint').orderBy('seq').execute()
    ).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
  });
});

async function countCases() {
  const r = await h.db.database.db.selectFrom('cases').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('scope', () => {
  it('hides another village’s case (404) and lists only what the user may see', async () => {
    const c = (await create('tiaojie', complaint({ title: '桥东村的投诉', unitId: String(ids.village2) }))).json();
    expect((await as(h.app, s.cun01!)('GET', `/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await as(h.app, s.cun02!)('GET', `/api/cases/${c.id}`)).statusCode).toBe(200);
    const list = (await as(h.app, s.cun01!)('GET', '/api/cases?limit=200')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { unitName: string }) => i.unitName === '湾头村村民委员会')).toBe(true);
    const county = (await as(h.app, s.county!)('GET', `/api/cases/${c.id}`)).json();
    expect(county.canWrite).toBe(false);
    expect(county.actions).toEqual([]);
  });
});

describe('actions', () => {
  it('refuses a stale version with 409 naming who changed the case, and keeps the other change', async () => {
    const c = (await create('tiaojie', complaint({ title: '并发办理' }))).json();
    const first = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/assign`, {
      version: c.version,
      input: { assigneeId: String(ids.tiaojie) },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().assigneeName).toBe('陈静');
    const second = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/decline`, {
      version: c.version,
      input: { reason: '重复投诉' },
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('VERSION_CONFLICT');
    expect(second.json().error.message).toContain('陈静');
    const now = (await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.id}`)).json();
    expect(now.state).toBe('registered');
    expect(now.assigneeName).toBe('陈静');
  });

  it('applies an action only through the engine: wrong state 409, wrong role 403, missing input 400', async () => {
    const c = (await create('tiaojie', complaint({ title: '引擎规则' }))).json();
    const closeEarly = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/close`, { version: c.version });
    expect(closeEarly.statusCode).toBe(409);
    const byVillage = await as(h.app, s.cun01!)('POST', `/api/cases/${c.id}/actions/decline`, {
      version: c.version,
      input: { reason: 'x' },
    });
    expect(byVillage.statusCode).toBe(403);
    const noReason = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/decline`, {
      version: c.version,
      input: {},
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('不予受理理由');
    const ok = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/decline`, {
      version: c.version,
      input: { reason: '不属于受理范围' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'rejected', terminal: true, nextDue: null });
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'case.action')
      .where('target', '=', `case:${c.id}`)
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses to assign the case to someone outside the town', async () => {
    const c = (await create('tiaojie', complaint({ title: '指派校验' }))).json();
    const res = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/assign`, {
      version: c.version,
      input: { assigneeId: '999999' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('承办人');
  });
});

describe('documents', () => {
  it('gates an action on its issued document, stores the .docx with its hash, and bumps the version', async () => {
    const c = (await create('tiaojie', complaint({ title: '文书测试' }))).json();
    const early = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, { version: c.version });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('请先出具《受理告知书》');
    const issued = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind: 'acceptance_notice',
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const d = issued.json();
    expect(d.version).toBe(c.version + 1);
    expect(d.documents[0]).toMatchObject({ kind: 'acceptance_notice', title: '受理告知书', issuedByName: '陈静' });
    expect(d.documents[0].number).toMatch(/^湾诉告〔2026〕\d+号$/);
    expect(d.events.at(-1).actionLabel).toBe('出具《受理告知书》');
    const file = await as(h.app, s.tiaojie!)('GET', `/api/documents/${d.documents[0].id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('wordprocessingml');
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(d.documents[0].sha256);
    const accepted = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, { version: d.version });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().state).toBe('accepted');
    // County supervisors read but issue nothing.
    const county = await as(h.app, s.county!)('POST', `/api/cases/${c.id}/documents`, {
      version: accepted.json().version,
      kind: 'acceptance_notice',
    });
    expect(county.statusCode).toBe(403);
  });

  it('moves a deadline only after the leader approves AND the notice is issued, and never reuses a 文号', async () => {
    const c = (await create('tiaojie', complaint({ title: '延期测试' }))).json();
    let v = (
      await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
        version: c.version,
        kind: 'acceptance_notice',
      })
    ).json().version;
    let r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, { version: v });
    v = r.json().version;
    const handling = () => r.json().clocks.find((k: { key: string }) => k.key === 'handling');
    // Accepted 2026-03-02 + 30 days = 2026-04-01.
    expect(handling()).toMatchObject({ due: '2026-04-01', extendedBy: 0 });
    r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/request_approval:extend`, {
      version: v,
      input: { length: 10, reason: '需补充调查' },
    });
    expect(r.statusCode, r.body).toBe(200);
    v = r.json().version;
    // Approval pending: the leader now has it on the inbox.
    const leaderInbox = (await as(h.app, s.leader!)('GET', '/api/inbox')).json();
    expect(leaderInbox.items.map((i: { id: string }) => i.id)).toContain(c.id);
    r = await as(h.app, s.leader!)('POST', `/api/cases/${c.id}/actions/approve:extend`, {
      version: v,
      input: { opinion: '同意' },
    });
    expect(r.statusCode, r.body).toBe(200);
    v = r.json().version;
    expect(handling()).toMatchObject({ due: '2026-04-01', extendedBy: 0 });
    const noNotice = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/extend`, { version: v });
    expect(noNotice.statusCode).toBe(422);
    const missingReason = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: v,
      kind: 'extension_notice',
    });
    expect(missingReason.statusCode).toBe(400);
    expect(missingReason.json().error.message).toContain('延期理由');
    r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: v,
      kind: 'extension_notice',
      input: { reason: '需补充调查' },
    });
    v = r.json().version;
    const numbers = r.json().documents.map((d: { number: string }) => d.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/extend`, { version: v });
    expect(r.statusCode, r.body).toBe(200);
    // 2026-04-01 + 10 days = 04-11, a Saturday: the last day rolls to Monday 04-13.
    expect(handling()).toMatchObject({ due: '2026-04-13', extendedBy: 10 });
  });
});

describe('documents bound to the stage (issue 13)', () => {
  it('offers and issues a document only in the stages it belongs to', async () => {
    const c = (await create('tiaojie', complaint({ title: '文书环节' }))).json();
    // 已登记: the 受理告知书 (受理 needs it), not the 延期告知书 (only while 已受理).
    expect(c.issuable.map((d: { kind: string }) => d.kind)).toEqual(['acceptance_notice']);
    const early = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind: 'extension_notice',
      input: { reason: '需补充调查' },
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toBe('《延期告知书》只能在「已受理」阶段出具，本案当前为「已登记」');
    let r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind: 'acceptance_notice',
    });
    r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, { version: r.json().version });
    expect(r.json().issuable.map((d: { kind: string }) => d.kind)).toEqual(['extension_notice']);
    const again = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: r.json().version,
      kind: 'acceptance_notice',
    });
    expect(again.statusCode).toBe(422);
    expect(again.json().error.message).toContain('《受理告知书》已用于办理');
  });
});

describe('voiding a document (作废, issue 13)', () => {
  it('keeps the number in the register, locks the action again, audits by number, and takes a correction', async () => {
    const c = (await create('tiaojie', complaint({ title: '作废测试' }))).json();
    let r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind: 'acceptance_notice',
    });
    const doc = r.json().documents[0];
    expect(r.json().actions.find((a: { key: string }) => a.key === 'accept').enabled).toBe(true);

    const noReason = await as(h.app, s.tiaojie!)('POST', `/api/documents/${doc.id}/void`, {
      version: r.json().version,
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toContain('请填写作废原因');
    // 县级督查 reads the case but voids nothing.
    const county = await as(h.app, s.county!)('POST', `/api/documents/${doc.id}/void`, {
      version: r.json().version,
      reason: '当事人姓名有误',
    });
    expect(county.statusCode).toBe(403);

    r = await as(h.app, s.tiaojie!)('POST', `/api/documents/${doc.id}/void`, {
      version: r.json().version,
      reason: '当事人姓名有误',
    });
    expect(r.statusCode, r.body).toBe(200);
    const voided = r.json();
    // The number stays in the register, marked 作废 with who, when and why.
    expect(voided.documents).toHaveLength(1);
    expect(voided.documents[0]).toMatchObject({
      id: doc.id,
      number: doc.number,
      voided: { byName: '陈静', reason: '当事人姓名有误', at: h.clock.now().toISOString() },
    });
    // What the notice unlocked is locked again: no other valid copy remains.
    expect(voided.actions.find((a: { key: string }) => a.key === 'accept')).toMatchObject({
      enabled: false,
      reason: '请先出具《受理告知书》',
    });
    const refused = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, {
      version: voided.version,
    });
    expect(refused.statusCode).toBe(422);
    expect(voided.events.at(-1)).toMatchObject({ actionLabel: '作废《受理告知书》' });
    expect(voided.events.at(-1).data).toMatchObject({ number: doc.number, reason: '当事人姓名有误' });
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select(['target', 'details'])
      .where('action', '=', 'case.document.void')
      .execute();
    expect(audit.map((a) => a.target)).toContain(`文书 ${doc.number}`);

    const twice = await as(h.app, s.tiaojie!)('POST', `/api/documents/${doc.id}/void`, {
      version: voided.version,
      reason: '重复',
    });
    expect(twice.statusCode).toBe(409);

    // The corrected copy: a new issue with a new number that names the one it replaces.
    r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: voided.version,
      kind: 'acceptance_notice',
      replaces: doc.id,
    });
    expect(r.statusCode, r.body).toBe(200);
    const [old, fresh] = r.json().documents;
    expect(fresh.number).not.toBe(doc.number);
    expect(fresh).toMatchObject({ replacesId: doc.id, voided: null });
    expect(old).toMatchObject({ replacedById: fresh.id });
    expect(r.json().events.at(-1).data).toMatchObject({ replacesNumber: doc.number });
    const again = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: r.json().version,
      kind: 'acceptance_notice',
      replaces: doc.id,
    });
    expect(again.statusCode).toBe(409);
    r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/actions/accept`, { version: r.json().version });
    expect(r.statusCode, r.body).toBe(200);

    // Named by the number in downloads and previews (RFC 5987 filename*).
    const file = await as(h.app, s.tiaojie!)('GET', `/api/documents/${fresh.id}/file`);
    expect(file.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${fresh.number}-受理告知书.docx`)}`,
    );
    const oldFile = await as(h.app, s.tiaojie!)('GET', `/api/documents/${doc.id}/file`);
    expect(decodeURIComponent(String(oldFile.headers['content-disposition']))).toContain(
      `${doc.number}-受理告知书（作废）.docx`,
    );
  });

  it('stamps 作废 on a voided document’s preview (never the clean copy from the cache), and prints only valid documents together', async () => {
    if (!(await hasLibreOffice()) || !(await hasPoppler())) {
      throw new Error(
        'LibreOffice (soffice) and poppler-utils are needed: apt-get install -y libreoffice-writer-nogui poppler-utils',
      );
    }
    const c = (await create('tiaojie', complaint({ title: '作废预览' }))).json();
    const r = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind: 'acceptance_notice',
    });
    const doc = r.json().documents[0];
    const clean = await as(h.app, s.tiaojie!)('GET', `/api/documents/${doc.id}/preview.pdf`);
    expect(clean.statusCode, clean.body).toBe(200);
    expect((await pdfToText(clean.rawPayload)).replace(/\s/g, '')).not.toContain('废');
    expect(decodeURIComponent(String(clean.headers['content-disposition']))).toContain(`inline; filename="`);
    await as(h.app, s.tiaojie!)('POST', `/api/documents/${doc.id}/void`, {
      version: r.json().version,
      reason: '出具错误',
    });
    const stamped = await as(h.app, s.tiaojie!)('GET', `/api/documents/${doc.id}/preview.pdf`);
    expect(stamped.statusCode).toBe(200);
    // Slanted, the stamp's two characters come out of pdftotext apart: count them instead.
    const text = (await pdfToText(stamped.rawPayload)).replace(/\s/g, '');
    const pages = text.match(/—\d+—/g)?.length ?? 0;
    expect(pages).toBeGreaterThan(0);
    expect(text.match(/废/g)?.length).toBe(pages);
    expect(text).toContain('受理告知书');

    // 打印全部现行文书: only what is valid goes into the one PDF.
    const none = await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.id}/documents.pdf`);
    expect(none.statusCode).toBe(422);
    expect(none.json().error.message).toBe('本案尚无有效文书可打印');
    const detail = (await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.id}`)).json();
    const fixed = await as(h.app, s.tiaojie!)('POST', `/api/cases/${c.id}/documents`, {
      version: detail.version,
      kind: 'acceptance_notice',
      replaces: doc.id,
    });
    const fresh = fixed.json().documents.at(-1);
    const all = await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.id}/documents.pdf`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.headers['content-type']).toBe('application/pdf');
    const printed = (await pdfToText(all.rawPayload)).replace(/\s/g, '');
    expect(printed).toContain(fresh.number);
    expect(printed).not.toContain(doc.number);
    expect(decodeURIComponent(String(all.headers['content-disposition']))).toContain(`${c.number}-现行文书.pdf`);
  });
});

describe('inbox and deadlines', () => {
  it('puts cases on the inbox of those who can act, sorted by deadline, red when breached', async () => {
    const early = (
      await create(
        'tiaojie',
        complaint({ title: '早收到的投诉', fields: { ...complaint().fields, receivedOn: '2026-02-10' } }),
      )
    ).json();
    const inbox = (await as(h.app, s.tiaojie!)('GET', '/api/inbox')).json();
    expect(inbox.warnWorkdays).toBe(3);
    const dues = inbox.items.map((i: { nextDue: string | null }) => i.nextDue).filter(Boolean);
    expect(dues).toEqual([...dues].sort());
    const row = inbox.items.find((i: { id: string }) => i.id === early.id);
    // Received 02-10 + 15 days = 02-25 (after the 2026 Spring Festival holiday); today is 03-02.
    expect(row).toMatchObject({ nextDue: '2026-02-25', dueLevel: 'breached', daysLeft: -5 });
    expect(inbox.counts.breached).toBeGreaterThanOrEqual(1);
    // The leader has no action on a registered complaint: not on their inbox.
    const leader = (await as(h.app, s.leader!)('GET', '/api/inbox')).json();
    expect(leader.items.find((i: { id: string }) => i.id === early.id)).toBeUndefined();
  });

  it('turns yellow within three working days', async () => {
    const c = (
      await create(
        'tiaojie',
        complaint({ title: '临期投诉', fields: { ...complaint().fields, receivedOn: '2026-02-18' } }),
      )
    ).json();
    // 02-18 + 15 = 03-05 (Thursday); today 03-02 (Monday) → 3 working days left.
    const row = (await as(h.app, s.tiaojie!)('GET', '/api/inbox'))
      .json()
      .items.find((i: { id: string }) => i.id === c.id);
    expect(row).toMatchObject({ nextDue: '2026-03-05', dueLevel: 'warn' });
  });

  it('the sweep records each breach once, however often it runs', async () => {
    const { registry, calendars } = h.app.services;
    const db = h.db.database.db;
    const now = h.clock.now();
    // A cold calendar cache, as on a fresh server start: the sweep must read the calendar
    // inside its own transaction (the embedded database has one connection).
    calendars.invalidate();
    const first = await sweepBreaches(db, registry, calendars, now);
    expect(first.breaches).toBeGreaterThanOrEqual(1);
    const again = await sweepBreaches(db, registry, calendars, now);
    expect(again).toEqual({ checked: 0, breaches: 0 });
    const nextDay = await sweepBreaches(db, registry, calendars, new Date(now.getTime() + 86_400_000));
    expect(nextDay.breaches).toBe(0);
    const events = await db
      .selectFrom('case_events')
      .select(['case_id', 'action'])
      .where('action', 'like', 'breach:%')
      .execute();
    const perCase = new Map<number, number>();
    for (const e of events) perCase.set(e.case_id, (perCase.get(e.case_id) ?? 0) + 1);
    expect([...perCase.values()].every((n) => n === 1)).toBe(true);
    const c = (await as(h.app, s.tiaojie!)('GET', `/api/cases/${events[0]!.case_id}`)).json();
    expect(c.events.at(-1)).toMatchObject({ actorName: '系统', actionLabel: '超期：受理期限' });
  });
});

describe('search', () => {
  it('finds 2-, 3- and 4-character Chinese substrings and party names, within scope', async () => {
    await create(
      'tiaojie',
      complaint({ title: '宅基地边界纠纷投诉', fields: { ...complaint().fields, category: 'land' } }),
    );
    const q = async (who: string, text: string) =>
      (await as(h.app, s[who]!)('GET', `/api/cases?q=${encodeURIComponent(text)}`))
        .json()
        .items.map((i: { title: string }) => i.title);
    expect(await q('tiaojie', '纠纷')).toContain('宅基地边界纠纷投诉');
    expect(await q('tiaojie', '宅基地')).toContain('宅基地边界纠纷投诉');
    expect(await q('tiaojie', '边界纠纷')).toContain('宅基地边界纠纷投诉');
    expect(await q('tiaojie', '界纠纷投')).toContain('宅基地边界纠纷投诉');
    expect(await q('tiaojie', '基边')).toEqual([]);
    expect(await q('tiaojie', '张三丰')).toContain('宅基地边界纠纷投诉');
    expect(await q('tiaojie', '宅')).toContain('宅基地边界纠纷投诉');
    // cun02 sees only 桥东村: the 湾头村 case is not found for them.
    expect(await q('cun02', '宅基地')).toEqual([]);
  });

  it('pages with a keyset cursor without repeating or skipping', async () => {
    const all = (await as(h.app, s.tiaojie!)('GET', '/api/cases?limit=200'))
      .json()
      .items.map((i: { id: string }) => i.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/cases?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await as(h.app, s.tiaojie!)('GET', url)).json();
      seen.push(...page.items.map((i: { id: string }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    const bad = await as(h.app, s.tiaojie!)('GET', '/api/cases?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
  });
});

function multipart(name: string, data: Buffer) {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(who: string, url: string, name: string, data: Buffer) {
  const m = multipart(name, data);
  return h.app.inject({
    method: 'POST',
    url,
    payload: m.payload,
    headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, 'content-type': m.contentType },
  });
}

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('attachments', () => {
  it('stores an upload by content, sniffs its type and serves the same bytes back', async () => {
    const c = (await create('tiaojie', complaint({ title: '附件测试' }))).json();
    const res = await upload('tiaojie', `/api/cases/${c.id}/attachments`, '现场照片.png', PNG);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: '现场照片.png', mime: 'image/png', size: PNG.length });
    const file = await as(h.app, s.tiaojie!)('GET', `/api/attachments/${res.json().id}/file`);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    const detail = (await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.id}`)).json();
    expect(detail.attachments).toHaveLength(1);
    expect(detail.version).toBe(c.version);
    expect(detail.events.at(-1).actionLabel).toBe('上传附件');
    // Out of scope: cun02 cannot fetch it.
    expect((await as(h.app, s.cun02!)('GET', `/api/attachments/${res.json().id}/file`)).statusCode).toBe(404);
  });

  it('refuses an executable renamed .pdf, and a file over the size limit', async () => {
    const c = (await create('tiaojie', complaint({ title: '附件拒收' }))).json();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const bad = await upload('tiaojie', `/api/cases/${c.id}/attachments`, '证据.pdf', exe);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.message).toContain('不支持的文件类型');
    const big = Buffer.concat([PNG, Buffer.alloc(21 * 1024 * 1024)]);
    const tooBig = await upload('tiaojie', `/api/cases/${c.id}/attachments`, '大图.png', big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().error.message).toContain('20 MB');
    expect((await as(h.app, s.tiaojie!)('GET', `/api/cases/${c.id}`)).json().attachments).toHaveLength(0);
  });

  it('stores and serves a file under the extension of what it is, not of what it was called', async () => {
    const c = (await create('tiaojie', complaint({ title: '附件改名' }))).json();
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const res = await upload('tiaojie', `/api/cases/${c.id}/attachments`, '调解协议.exe', pdf);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: '调解协议.pdf', mime: 'application/pdf' });
    const file = await as(h.app, s.tiaojie!)('GET', `/api/attachments/${res.json().id}/file`);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('调解协议.pdf')}`);
    expect(file.headers['content-disposition']).not.toContain('.exe');
    // A name without an extension gets one; a right one (any case, .jpeg for JPEG) is kept.
    const bare = await upload('tiaojie', `/api/cases/${c.id}/attachments`, '照片', PNG);
    expect(bare.json().name).toBe('照片.png');
    const upper = await upload('tiaojie', `/api/cases/${c.id}/attachments`, 'SCAN.PNG', PNG);
    expect(upper.json().name).toBe('SCAN.PNG');
    // A row stored before this rule is served under its type's extension too.
    await h.db.database.db
      .updateTable('attachments')
      .set({ name: '旧附件.exe' })
      .where('id', '=', res.json().id)
      .execute();
    const old = await as(h.app, s.tiaojie!)('GET', `/api/attachments/${res.json().id}/file`);
    expect(old.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('旧附件.pdf')}`);
  });
});

describe('unmasking personal data', () => {
  it('shows the full ID to a permitted role and records it in the audit log', async () => {
    const c = (await create('tiaojie', complaint({ title: '查看身份证' }))).json();
    const partyId = c.parties[0].id;
    const res = await as(h.app, s.tiaojie!)('POST', `/api/parties/${partyId}/unmask`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ idNumber: ID_A, phone: '13812345678' });
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select(['actor_name', 'target'])
      .where('action', '=', 'party.unmask')
      .execute();
    expect(audit).toContainEqual({ actor_name: '陈静', target: `party:${partyId}` });
    // 村居干部 has no case:unmask.
    const village = await as(h.app, s.cun01!)('POST', `/api/parties/${partyId}/unmask`);
    expect(village.statusCode).toBe(403);
  });
});

async function readSheet(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: string[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))));
  return rows;
}

describe('Excel', () => {
  it('exports exactly the scoped, filtered list', async () => {
    const res = await as(h.app, s.cun02!)('GET', '/api/cases/export.xlsx?type=complaint');
    expect(res.statusCode).toBe(200);
    const rows = await readSheet(res.rawPayload);
    expect(rows[0]).toContain('案号');
    const list = (await as(h.app, s.cun02!)('GET', '/api/cases?type=complaint&limit=200')).json().items;
    expect(rows.length - 1).toBe(list.length);
    expect(rows.slice(1).every((r) => r.includes('桥东村村民委员会'))).toBe(true);
  });

  it('imports nothing when one row is bad, reports the cell, and imports the good rows on request', async () => {
    const tpl = await as(h.app, s.tiaojie!)('GET', '/api/cases/import-template?type=complaint');
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(headers).toEqual(
      expect.arrayContaining(['标题*', '收到日期*', '投诉类别*', '投诉人姓名*', '投诉人证件号码']),
    );
    const col = (h: string) => headers.indexOf(h) + 1;
    const put = (r: number, values: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(values)) ws.getRow(r).getCell(col(k)).value = v as ExcelJS.CellValue;
    };
    put(2, {
      '标题*': '导入一',
      '所属村（社区）': '湾头村村民委员会',
      '收到日期*': '2026-03-01',
      '投诉类别*': '噪声',
      '投诉内容*': '导入的投诉',
      '投诉人姓名*': '赵六',
    });
    put(3, {
      '标题*': '导入二',
      '收到日期*': '2026/3/1',
      '投诉类别*': '飞机',
      '投诉内容*': '类别错误',
      '投诉人姓名*': '钱七',
      投诉人证件号码: '123',
    });
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const before = await countCases();

    const strict = await upload('tiaojie', '/api/cases/import?type=complaint', '导入.xlsx', file);
    expect(strict.statusCode).toBe(422);
    expect(strict.json().imported).toBe(0);
    expect(strict.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ row: 3, column: '投诉类别' })]),
    );
    expect(await countCases()).toBe(before);

    const report = await upload('tiaojie', '/api/cases/import?type=complaint&report=xlsx', '导入.xlsx', file);
    const reportRows = await readSheet(report.rawPayload);
    expect(reportRows[0]).toContain('错误说明');
    expect(reportRows).toHaveLength(2);
    expect(reportRows[1]!.join('|')).toContain('投诉类别');

    const partial = await upload('tiaojie', '/api/cases/import?type=complaint&partial=1', '导入.xlsx', file);
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ imported: 1, failed: 1 });
    expect(await countCases()).toBe(before + 1);
    const imported = (await as(h.app, s.tiaojie!)('GET', `/api/cases?q=${encodeURIComponent('导入一')}`)).json().items;
    expect(imported[0]).toMatchObject({ unitName: '湾头村村民委员会', partyNames: '赵六' });
  });

  it('rejects a file that is not a workbook with a clear message', async () => {
    const res = await upload('tiaojie', '/api/cases/import?type=complaint', 'x.xlsx', Buffer.from('not excel'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('.xlsx');
  });
});

describe('staff', () => {
  it('lists the town’s people to assign, filtered by role, never another town’s', async () => {
    const leaders = (await as(h.app, s.tiaojie!)('GET', '/api/staff?role=leader')).json();
    expect(leaders).toEqual([
      {
        id: String(ids.leader),
        name: '王建国',
        roles: [{ role: 'leader', roleLabel: '镇领导', unitName: '湾头桥镇' }],
      },
    ]);
    const all = (await as(h.app, s.tiaojie!)('GET', '/api/staff')).json();
    expect(all.map((m: { name: string }) => m.name)).not.toContain('系统管理员');
    expect(all.length).toBeGreaterThan(5);
  });

  it('searches names literally: % and _ typed in the box are characters, not wildcards', async () => {
    const search = async (q: string) =>
      (await as(h.app, s.tiaojie!)('GET', `/api/staff?q=${encodeURIComponent(q)}`))
        .json()
        .map((m: { name: string }) => m.name);
    expect(await search('建国')).toEqual(['王建国']);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    expect(await search('王_国')).toEqual([]);
  });
});

describe('case types', () => {
  it('describes forms with Chinese labels and enum labels for the web', async () => {
    const types = (await as(h.app, s.tiaojie!)('GET', '/api/case-types')).json();
    const t = types.find((x: { key: string }) => x.key === 'complaint');
    expect(t.canCreate).toBe(true);
    expect(t.fieldsSchema.properties.category).toMatchObject({
      description: '投诉类别',
      enumLabels: { noise: '噪声', land: '土地', other: '其他' },
    });
    expect(t.partyRoles).toContainEqual({ key: 'complainant', label: '投诉人', required: true });
    const county = (await as(h.app, s.county!)('GET', '/api/case-types')).json();
    expect(county.find((x: { key: string }) => x.key === 'complaint').canCreate).toBe(false);
  });
});
