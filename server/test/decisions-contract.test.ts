/**
 * 合同审查 (issue 16; docs/domain.md §4): a department registers and submits a contract, the
 * 司法所 reviews it within the town's own limit (no national one) with the 合同审查意见书, the
 * outcome (同意 / 修改后同意 / 不同意) checked against the opinion issued, the collective discussion
 * a town may require for large amounts (only a held meeting's item naming the contract), signing
 * with the signed text attached, milestones and expiry on the inbox, 履行完毕; the credit code
 * checked with the field named; the register and its .xlsx; and the figures against hand counts of
 * the demo year.
 */
import { usccCheckChar } from '@fazhi/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAdviserDemo } from '../src/modules/decisions/advisers/demo.ts';
import { AdviserService } from '../src/modules/decisions/advisers/service.ts';
import { seedContractDemo } from '../src/modules/decisions/contract/demo.ts';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let townId = 0;

const code = (body: string) => {
  const first = `91330100MA${body}`;
  return first + usccCheckChar(first);
};

const contractBody = (over: Record<string, unknown> = {}) => ({
  type: 'contract',
  title: '湾头村道路硬化工程施工合同',
  fields: {
    name: '湾头村道路硬化工程施工合同',
    counterparty: '示范县宏达建设工程有限公司',
    counterpartyCreditCode: code('T000001'),
    amount: 1_860_000,
    termFrom: '2026-03-10',
    termTo: '2026-09-30',
    contractKind: 'construction',
    procurement: 'open_tender',
    ...over,
  },
});

const USERS = ['ziran', 'sifasuo', 'fazhiban', 'leader', 'county', 'cun01', 'xinfang'];

/** Moves the clock and signs everyone in again (a session idles out over days). */
async function setClock(iso: string) {
  h.clock.current = new Date(iso);
  for (const u of USERS) s[u] = await login(h.app, u, 'Demo@2026');
}

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  for (const u of USERS) s[u] = await login(h.app, u, 'Demo@2026');
  townId = (
    await h.db.database.db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h?.close());

const detail = async (id: string) => (await as(h.app, s.ziran!)('GET', `/api/cases/${id}`)).json();
const act = async (who: string, id: string, action: string, input?: Record<string, unknown>) => {
  const { version } = await detail(id);
  return as(h.app, s[who]!)('POST', `/api/cases/${id}/actions/${action}`, { version, ...(input ? { input } : {}) });
};
const issue = async (who: string, id: string, input: Record<string, unknown>) => {
  const { version } = await detail(id);
  return as(h.app, s[who]!)('POST', `/api/cases/${id}/documents`, { version, kind: 'review_opinion', input });
};
const register = async (over: Record<string, unknown> = {}) => {
  const res = await as(h.app, s.ziran!)('POST', '/api/cases', contractBody(over));
  expect(res.statusCode, res.body).toBe(200);
  return String(res.json().id);
};
const upload = (who: string, id: string) => {
  const boundary = '----fazhi';
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="signed.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    ),
    Buffer.from('%PDF-1.4\n%signed\n'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return h.app.inject({
    method: 'POST',
    url: `/api/cases/${id}/attachments`,
    payload: body,
    headers: {
      cookie: s[who]!.cookie,
      'x-csrf-token': s[who]!.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
};

describe('registration', () => {
  it('refuses a bad 统一社会信用代码 with a 400 naming the field', async () => {
    const res = await as(h.app, s.ziran!)(
      'POST',
      '/api/cases',
      contractBody({ counterpartyCreditCode: '91330100MA0000001X' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('对方统一社会信用代码');
    expect(res.json().error.message).toContain('校验位不正确');
    const short = await as(h.app, s.ziran!)('POST', '/api/cases', contractBody({ counterpartyCreditCode: '1234' }));
    expect(short.statusCode).toBe(400);
    expect(short.json().error.message).toMatch(/对方统一社会信用代码：统一社会信用代码应为 18 位/);
  });

  it('accepts a natural person with no credit code, and refuses the 司法所 and a village registering one', async () => {
    const id = await register({ counterparty: '陈某', counterpartyCreditCode: undefined, contractKind: 'lease' });
    expect((await detail(id)).state).toBe('drafting');
    for (const who of ['sifasuo', 'cun01']) {
      const res = await as(h.app, s[who]!)('POST', '/api/cases', contractBody());
      expect(res.statusCode, who).toBe(403);
    }
  });
});

describe('review within the town limit (no national limit: docs/domain.md §4)', () => {
  it('runs the review clock 5 working days from submission where the town set nothing', async () => {
    await setClock('2026-03-02T09:00:00+08:00'); // Monday
    const id = await register();
    const res = await act('ziran', id, 'submit', { submittedOn: '2026-03-02' });
    expect(res.statusCode, res.body).toBe(200);
    const clock = res.json().clocks.find((c: { key: string }) => c.key === 'review');
    expect(clock).toMatchObject({ state: 'running', due: '2026-03-09', length: 5, unit: 'wd' });
    expect(res.json().fields.reviewLimit).toEqual({ length: 5, unit: 'wd' });
    // On the 司法所's inbox.
    const inbox = (await as(h.app, s.sifasuo!)('GET', '/api/inbox')).json();
    expect(JSON.stringify(inbox)).toContain(id);
  });

  it("takes the town's own limit when set, recorded at submission so a later change moves nothing", async () => {
    const get = await as(h.app, s.sifasuo!)('GET', '/api/decisions/contract-settings');
    expect(get.json()).toMatchObject({ limitWorkdays: 5, collectiveThreshold: null, version: 0, canEdit: true });
    const put = await as(h.app, s.sifasuo!)('PUT', '/api/decisions/contract-settings', {
      limitWorkdays: 3,
      collectiveThreshold: 1_000_000,
      version: 0,
    });
    expect(put.statusCode, put.body).toBe(200);
    const stale = await as(h.app, s.sifasuo!)('PUT', '/api/decisions/contract-settings', {
      limitWorkdays: 4,
      collectiveThreshold: null,
      version: 0,
    });
    expect(stale.statusCode).toBe(409);
    const bad = await as(h.app, s.sifasuo!)('PUT', '/api/decisions/contract-settings', {
      limitWorkdays: 0,
      collectiveThreshold: null,
      version: 1,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('审查期限');
    expect(
      (
        await as(h.app, s.ziran!)('PUT', '/api/decisions/contract-settings', {
          limitWorkdays: 4,
          collectiveThreshold: null,
          version: 1,
        })
      ).statusCode,
    ).toBe(403);

    const id = await register();
    const res = await act('ziran', id, 'submit', { submittedOn: '2026-03-02' });
    const clock = res.json().clocks.find((c: { key: string }) => c.key === 'review');
    expect(clock).toMatchObject({ due: '2026-03-05', length: 3 });
    expect(res.json().fields.collectiveRequired).toBe(true);
  });

  it('breaches the review clock when the limit passes without an outcome', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    const id = await register({ amount: 5000 });
    await act('ziran', id, 'submit', { submittedOn: '2026-03-02' });
    await setClock('2026-03-06T09:00:00+08:00');
    const clock = (await detail(id)).clocks.find((c: { key: string }) => c.key === 'review');
    expect(clock).toMatchObject({ state: 'breached', due: '2026-03-05' });
    await setClock('2026-03-02T09:00:00+08:00');
  });
});

describe('outcomes', () => {
  const submitted = async (over: Record<string, unknown> = {}) => {
    await setClock('2026-03-02T09:00:00+08:00');
    const id = await register(over);
    expect((await act('ziran', id, 'submit', { submittedOn: '2026-03-02' })).statusCode).toBe(200);
    await setClock('2026-03-04T10:00:00+08:00');
    return id;
  };

  it('needs the 合同审查意见书 before an outcome, and the outcome must be the one it states', async () => {
    const id = await submitted({ amount: 20_000 });
    const early = await act('sifasuo', id, 'review_agree', {
      reviewedOn: '2026-03-04',
      reviewer: 'sifasuo',
      reviewOpinion: '同意',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('合同审查意见书');
    const doc = await issue('sifasuo', id, {
      outcome: 'amend',
      reviewer: 'sifasuo',
      opinion: '违约责任条款需修改。',
      amendments: '删除第八条第二款。',
    });
    expect(doc.statusCode, doc.body).toBe(200);
    const wrong = await act('sifasuo', id, 'review_agree', { reviewedOn: '2026-03-04', reviewer: 'sifasuo' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.message).toContain('修改后同意');
    const notTheirs = await act('ziran', id, 'review_amend', { reviewedOn: '2026-03-04', reviewer: 'sifasuo' });
    expect(notTheirs.statusCode).toBe(403);
    const ok = await act('sifasuo', id, 'review_amend', { reviewedOn: '2026-03-04', reviewer: 'sifasuo' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().state).toBe('approved');
    expect(ok.json().fields).toMatchObject({ reviewOutcome: 'amend', reviewOpinion: '违约责任条款需修改。' });
    expect(ok.json().fields.reviewNo).toMatch(/合审意〔2026〕\d+号/);
    const clock = ok.json().clocks.find((c: { key: string }) => c.key === 'review');
    expect(clock.state).toBe('stopped');
  });

  it('ends a contract reviewed 不同意 (terminal), and names the adviser when the adviser reviewed', async () => {
    const id = await submitted({ amount: 30_000 });
    await issue('sifasuo', id, {
      outcome: 'disagree',
      reviewer: 'adviser',
      adviserName: '钱立诚',
      opinion: '机关法人不得为保证人。',
    });
    const noName = await act('sifasuo', id, 'review_disagree', { reviewedOn: '2026-03-04', reviewer: 'adviser' });
    expect(noName.statusCode).toBe(422);
    expect(noName.json().error.message).toContain('法律顾问');
    const res = await act('sifasuo', id, 'review_disagree', {
      reviewedOn: '2026-03-04',
      reviewer: 'adviser',
      adviserName: '钱立诚',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'rejected',
      fields: { reviewOutcome: 'disagree', adviserName: '钱立诚' },
    });
    expect(res.json().actions.filter((a: { key: string }) => a.key === 'sign')).toEqual([]);
  });

  it('renders the opinion as a .docx naming the contract and the conclusion', async () => {
    const id = await submitted({ amount: 40_000, contractKind: 'administrative' });
    const res = await issue('sifasuo', id, { outcome: 'agree', reviewer: 'sifasuo', opinion: '主体适格，程序合法。' });
    const doc = res.json().documents.find((d: { kind: string }) => d.kind === 'review_opinion');
    const file = await as(h.app, s.sifasuo!)('GET', `/api/documents/${doc.id}/file`);
    expect(file.statusCode).toBe(200);
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(file.rawPayload)).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('合同审查意见书');
    expect(text).toContain('湾头村道路硬化工程施工合同');
    expect(text).toContain('审查结论：同意');
    expect(text).toContain('行政诉讼法》第十二条第一款第十一项');
  });
});

describe('collective discussion, signing and performance', () => {
  let id = '';
  it('refuses signing a large contract before a held meeting concluded on it (the town threshold)', async () => {
    await setClock('2026-03-02T09:00:00+08:00');
    id = await register({ amount: 1_500_000 });
    await act('ziran', id, 'submit', { submittedOn: '2026-03-02' });
    await issue('sifasuo', id, { outcome: 'agree', reviewer: 'sifasuo', opinion: '同意。' });
    expect(
      (await act('sifasuo', id, 'review_agree', { reviewedOn: '2026-03-02', reviewer: 'sifasuo' })).statusCode,
    ).toBe(200);
    expect((await upload('ziran', id)).statusCode).toBe(200);
    const sign = await act('ziran', id, 'sign', { signedOn: '2026-03-02', signedAmount: 1_500_000 });
    expect(sign.statusCode).toBe(422);
    expect(sign.json().error.message).toContain('集体讨论');
    const discuss = await act('fazhiban', id, 'record_discussion', { meetingItemId: 1 });
    expect(discuss.statusCode).toBe(422);
    expect(discuss.json().error.message).toContain('尚无已召开会议');
  });

  it('takes only a held meeting item naming this contract', async () => {
    const db = h.db.database.db;
    const user = await db.selectFrom('users').select('id').where('username', '=', 'fazhiban').executeTakeFirstOrThrow();
    const at = new Date('2026-03-02T10:00:00+08:00');
    const meeting = await db
      .insertInto('meetings')
      .values({
        town_id: townId,
        kind: 'joint',
        title: '党政联席会',
        held_on: '2026-03-02',
        status: 'held',
        created_by: user.id,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const item = await db
      .insertInto('meeting_items')
      .values({
        town_id: townId,
        meeting_id: meeting.id,
        seq: 1,
        subject: '研究道路硬化合同',
        case_id: Number(id),
        conclusion: 'adopted',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const other = await db
      .insertInto('meeting_items')
      .values({
        town_id: townId,
        meeting_id: meeting.id,
        seq: 2,
        subject: '其他事项',
        case_id: null,
        conclusion: 'adopted',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const wrong = await act('fazhiban', id, 'record_discussion', { meetingItemId: Number(other.id) });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.message).toContain('未关联本合同');
    const ok = await act('fazhiban', id, 'record_discussion', { meetingItemId: Number(item.id) });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().fields).toMatchObject({ meetingItemId: Number(item.id), discussedOn: '2026-03-02' });
  });

  it('signs with the signed text attached and puts the next milestone and the expiry on the clocks', async () => {
    const res = await act('ziran', id, 'sign', {
      signedOn: '2026-03-02',
      signedAmount: 1_500_000,
      milestones: [
        { name: '开工', due: '2026-03-20' },
        { name: '竣工验收', due: '2026-09-15' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    const clocks = Object.fromEntries(res.json().clocks.map((c: { key: string }) => [c.key, c]));
    expect(clocks.milestone).toMatchObject({ state: 'running', due: '2026-03-20' });
    expect(clocks.expiry).toMatchObject({ state: 'running', due: '2026-09-30' });
    const early = await act('ziran', id, 'complete', { completedOn: '2026-03-02' });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('开工');
  });

  it('moves the milestone clock on as milestones are done, then ends 履行完毕', async () => {
    await setClock('2026-03-19T09:00:00+08:00');
    const one = await act('ziran', id, 'milestone_done', { milestone: '开工', doneOn: '2026-03-19' });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().clocks.find((c: { key: string }) => c.key === 'milestone')).toMatchObject({ due: '2026-09-15' });
    await setClock('2026-09-15T09:00:00+08:00');
    expect((await act('ziran', id, 'milestone_done', { milestone: '竣工验收', doneOn: '2026-09-15' })).statusCode).toBe(
      200,
    );
    const done = await act('ziran', id, 'complete', { completedOn: '2026-09-15' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().state).toBe('completed');
    await setClock('2026-03-02T09:00:00+08:00');
  });

  it('refuses signing without the signed text attached', async () => {
    const small = await register({ amount: 10_000 });
    await act('ziran', small, 'submit', { submittedOn: '2026-03-02' });
    await issue('sifasuo', small, { outcome: 'agree', reviewer: 'sifasuo', opinion: '同意。' });
    await act('sifasuo', small, 'review_agree', { reviewedOn: '2026-03-02', reviewer: 'sifasuo' });
    const res = await act('ziran', small, 'sign', { signedOn: '2026-03-02', signedAmount: 10_000 });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('签订后的合同文本');
  });
});

describe('the register', () => {
  it('lists the year’s contracts for the town’s roles and exports them, 403 for a village', async () => {
    const res = await as(h.app, s.leader!)('GET', '/api/decisions/contracts?year=2026');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.length).toBeGreaterThanOrEqual(8);
    const done = res.json().items.find((i: { stateLabel: string }) => i.stateLabel === '履行完毕');
    expect(done).toMatchObject({ submittedOn: '2026-03-02', reviewOutcome: '同意', procurement: '公开招标' });
    const x = await as(h.app, s.leader!)('GET', '/api/decisions/contracts/export.xlsx?year=2026');
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell(1, 1).value).toContain('合同台账');
    expect((await as(h.app, s.cun01!)('GET', '/api/decisions/contracts')).statusCode).toBe(403);
    expect((await as(h.app, s.county!)('GET', '/api/decisions/contracts?year=2026')).statusCode).toBe(200);
  });
});

describe('figures against hand counts (the demo year 2023)', () => {
  it('counts 20 contracts reviewed in 2023, two changed, their amount in 万元, and 14 adviser opinions', async () => {
    const d = await harness({}, { modules: MODULES, demo: true });
    try {
      const start = new Date('2026-12-07T10:00:00+08:00');
      d.clock.current = start;
      const core = d.app.services;
      const own = new AdviserService({ db: d.db.database.db });
      await seedAdviserDemo(core, own, { year: 2023, until: start, now: start, log: () => {} });
      const lines = await seedContractDemo(core, { year: 2023, until: start, now: start, log: () => {} });
      expect(lines[0]).toContain('合同审查 20 件');
      const facts = await core.facts.values(d.db.database.db, { townIds: [townId], year: 2023, now: start });
      const v = facts.get(townId)!;
      // Hand count of demo.ts C2023: every amount summed, in 万元.
      const amounts = [
        360000, 286000, 1860000, 98000, 64500, 80000, 742000, 45000, 168000, 36000, 5200000, 428600, 52800, 120000,
        38000, 960000, 28000, 76000, 88000, 30000,
      ];
      expect(v['review.contracts']).toMatchObject({ value: 20, origin: 'computed' });
      expect(v['review.contracts_changed']!.value).toBe(2);
      expect(v['review.contracts_amount']!.value).toBe(Math.round(amounts.reduce((a, b) => a + b, 0) / 100) / 100);
      // Ten opinions of the adviser's own list and four contract reviews by the adviser.
      expect(v['review.adviser_opinions']).toMatchObject({ value: 14, origin: 'computed' });
      const leader = await login(d.app, 'leader', 'Demo@2026');
      const drill = await as(d.app, leader)(
        'GET',
        `/api/facts/review.contracts_changed/records?year=2023&townId=${townId}`,
      );
      expect(drill.statusCode, drill.body).toBe(200);
      expect(
        drill
          .json()
          .records.map((r: { deciding: string }) => r.deciding)
          .sort(),
      ).toEqual(['不同意', '修改后同意']);
    } finally {
      await d.close();
    }
  }, 300_000);
});
