/**
 * Petitions (信访) on a real database through the HTTP API: the statutory journey with its
 * documents and clocks, leader ownership, the confidentiality of accusations (art 30 ¶3),
 * the year's statistics against hand-counted fixtures, one petitioner's history across
 * modules, and the demo year. Dates are worked out by hand from the State Council holiday
 * notices (domain/src/calendar/notices.ts).
 */
import { clockStatus, createCalendar, mediation, shanghaiDate } from '@fazhi/domain';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEvents, loadDocuments, loadEvents, toSnapshot } from '../src/cases/repository.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { petitionCaseType } from '../src/modules/petition/case-type.ts';
import { type PetitionDemoResult, petitionDemoPeople, seedPetitionDemo } from '../src/modules/petition/demo.ts';
import { petitionModule, petitionServicesOf } from '../src/modules/petition/index.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

// The engine's mediation type without the mediation module's templates: the history route
// needs a second module, not its documents.
const MODULES = [petitionModule, { key: 'mediation', label: '矛盾纠纷调解', caseTypes: [{ type: mediation }] }];

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, leader: 0, cun01: 0, zhifaDept: 0, town: 0 };

// Valid 18-digit IDs under the demo's invented county code (GB 11643 checksums).
const ID_ZHANG = '339901196505120022';
const ID_LI = '339901197208150916';
const ID_WANG = '339901198001010910';

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  const db = h.db.database.db;
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  const user = async (name: string) =>
    (await db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  ids.zhifaDept = await unit('综合行政执法队');
  ids.town = await unit('湾头桥镇');
  ids.leader = await user('leader');
  ids.cun01 = await user('cun01');
});
afterAll(() => h.close());

// ── Helpers ──────────────────────────────────────────────────────────────────────────────

/** Moves the test clock to 10:00 Beijing time on `date`, plus `minutes`. */
function on(date: string, minutes = 0) {
  h.clock.current = new Date(Date.parse(`${date}T10:00:00+08:00`) + minutes * 60_000);
}

/**
 * A request as `who`. Moving the clock by days ends sessions (idle timeout), so a session
 * is renewed whenever the clock has moved away from the moment it was opened.
 */
const opened: Record<string, number> = {};
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

async function detail(who: string, id: string) {
  const res = await req(who)('GET', `/api/cases/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function act(who: string, id: string, action: string, input?: Record<string, unknown>) {
  const c = await detail('xinfang', id);
  return req(who)('POST', `/api/cases/${id}/actions/${action}`, { version: c.version, ...(input ? { input } : {}) });
}

async function ok(who: string, id: string, action: string, input?: Record<string, unknown>) {
  const res = await act(who, id, action, input);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json();
}

async function issue(who: string, id: string, kind: string, input?: Record<string, unknown>) {
  const c = await detail('xinfang', id);
  return req(who)('POST', `/api/cases/${id}/documents`, { version: c.version, kind, ...(input ? { input } : {}) });
}

async function issued(who: string, id: string, kind: string, input?: Record<string, unknown>) {
  const res = await issue(who, id, kind, input);
  expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
  const docs = res.json().documents as { id: string; kind: string; number: string | null }[];
  return docs.filter((d) => d.kind === kind).at(-1)!;
}

/** The text Word shows: the runs of word/document.xml without their markup. */
async function docxText(documentId: string): Promise<string> {
  const res = await req('xinfang')('GET', `/api/documents/${documentId}/file`);
  expect(res.statusCode).toBe(200);
  const zip = await JSZip.loadAsync(res.rawPayload);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
}

function clock(c: { clocks: { key: string; due: string | null; state: string; extendedBy: number }[] }, key: string) {
  return c.clocks.find((k) => k.key === key)!;
}

interface PetitionInput {
  title?: string;
  unitId?: number | null;
  receivedOn: string;
  channel?: string;
  category?: string;
  source?: string;
  peopleCount?: number;
  representatives?: string[];
  petitioner?: { name: string; idNumber?: string };
  accused?: { name: string; unitId: number };
}

function petitionBody(p: PetitionInput) {
  return {
    type: 'petition',
    title: p.title ?? '反映村道硬化路面开裂',
    ...(p.unitId === null ? {} : { unitId: String(p.unitId ?? ids.village1) }),
    fields: {
      channel: p.channel ?? 'letter',
      source: p.source ?? 'direct',
      receivedOn: p.receivedOn,
      category: p.category ?? 'claim',
      field: '农村公路',
      summary: '湾头村3组至5组村道硬化不到一年多处开裂、塌陷，雨天积水，群众出行困难。',
      requests: '要求施工单位返工修复路面，并公开工程验收情况。',
      peopleCount: p.peopleCount ?? 1,
      ...(p.representatives ? { representatives: p.representatives } : {}),
    },
    parties: [
      {
        role: 'petitioner',
        name: p.petitioner?.name ?? '张桂英',
        ...(p.petitioner?.idNumber === undefined
          ? { idNumber: ID_ZHANG }
          : p.petitioner.idNumber
            ? { idNumber: p.petitioner.idNumber }
            : {}),
        phone: '13905761234',
        address: '示范县湾头桥镇湾头村3组18号',
      },
      ...(p.accused ? [{ role: 'accused', kind: 'org', name: p.accused.name, unitId: String(p.accused.unitId) }] : []),
    ],
  };
}

async function register(who: string, p: PetitionInput): Promise<string> {
  const res = await req(who)('POST', '/api/cases', petitionBody(p));
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id as string;
}

const REPLY = {
  opinion: 'support',
  facts: '该路段开裂面积约120平方米，工程尚在两年质保期内。',
  reasons: '施工单位应当在质保期内承担返修责任。',
  legalBasis: '《建设工程质量管理条例》第四十一条。',
};

// ── The journey ──────────────────────────────────────────────────────────────────────────

describe('a letter from registration to closing', () => {
  it('follows the statute: notice before acceptance, approved and noticed extension, opinion with the 复查 right', async () => {
    on('2026-03-02');
    const created = await req('xinfang')('POST', '/api/cases', petitionBody({ receivedOn: '2026-03-02' }));
    expect(created.statusCode, created.body).toBe(200);
    const c = created.json();
    const id = c.id as string;
    expect(c.number).toMatch(/^湾信〔2026〕\d+号$/);
    expect(c.state).toBe('registered');
    // Received Mon 2 March; 15 days, the start day not counted → Tue 17 March (art 23).
    expect(clock(c, 'acceptance')).toMatchObject({ state: 'running', due: '2026-03-17' });

    // Art 23: accepted only once the petitioner has the written notice.
    const early = await act('xinfang', id, 'accept');
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('受理告知书');

    on('2026-03-04');
    const notice = await issued('xinfang', id, 'acceptance_notice', { contact: '刘伟，0576-88123400' });
    expect(notice.number).toMatch(/^湾信受告〔2026〕\d+号$/);
    const noticeText = await docxText(notice.id);
    expect(noticeText).toContain('张桂英：');
    expect(noticeText).toContain('示范县湾头桥镇人民政府（盖章）');
    expect(noticeText).toContain('2026年3月4日');
    const accepted = await ok('xinfang', id, 'accept');
    expect(accepted.state).toBe('accepted');
    expect(clock(accepted, 'acceptance')).toMatchObject({ state: 'stopped', due: '2026-03-17' });
    // 4 March + 60 days = Sun 3 May, inside the Labour Day rest (1–5 May 2026) → Wed 6 May (art 34).
    expect(clock(accepted, 'handling')).toMatchObject({ state: 'running', due: '2026-05-06' });

    on('2026-03-10');
    await ok('cun01', id, 'investigate', { heardOn: '2026-03-09', findings: '实地查看，路面开裂约120平方米。' });

    // Art 34: the head of the town approves, the petitioner is told why; the clock moves only with both.
    on('2026-04-20');
    expect((await act('xinfang', id, 'extend')).statusCode).toBe(409);
    await ok('xinfang', id, 'request_approval:extend', { length: 30, reason: '需委托第三方机构检测路面质量' });
    const beforeApproval = await issue('xinfang', id, 'extension_notice');
    expect(beforeApproval.statusCode).toBe(422);
    expect(beforeApproval.json().error.message).toContain('批准');
    on('2026-04-21');
    // Only the head of the town approves (art 34).
    expect((await act('xinfang', id, 'approve:extend', {})).statusCode).toBe(403);
    await ok('leader', id, 'approve:extend', { opinion: '同意' });
    const noNotice = await act('xinfang', id, 'extend');
    expect(noNotice.statusCode).toBe(422);
    expect(noNotice.json().error.message).toContain('延期告知书');
    expect(clock(await detail('xinfang', id), 'handling')).toMatchObject({ due: '2026-05-06', extendedBy: 0 });
    const ext = await issued('xinfang', id, 'extension_notice');
    expect(ext.number).toMatch(/^湾信延告〔2026〕\d+号$/);
    const extText = await docxText(ext.id);
    expect(extText).toContain('因需委托第三方机构检测路面质量');
    expect(extText).toContain('原定于2026年5月6日前办结');
    // 4 March + 90 days = Tue 2 June 2026.
    expect(extText).toContain('办理期限延长30日，将于2026年6月2日前办结');
    expect(clock(await detail('xinfang', id), 'handling')).toMatchObject({ due: '2026-05-06', extendedBy: 0 });
    const extended = await ok('xinfang', id, 'extend');
    expect(clock(extended, 'handling')).toMatchObject({ due: '2026-06-02', extendedBy: 30 });

    // Art 32: request, facts and reasons, opinion, legal basis; art 35: 复查 within 30 days.
    on('2026-05-25');
    const opinion = await issued('xinfang', id, 'handling_opinion', REPLY);
    expect(opinion.number).toMatch(/^湾信意〔2026〕\d+号$/);
    const text = await docxText(opinion.id);
    expect(text).toContain('信访处理意见书');
    expect(text).toContain('要求施工单位返工修复路面');
    expect(text).toContain('经调查核实：该路段开裂面积约120平方米');
    expect(text).toContain('予以支持');
    expect(text).toContain('《建设工程质量管理条例》第四十一条');
    expect(text).toContain('可以自收到本意见书之日起30日内，向示范县人民政府请求复查（《信访工作条例》第三十五条）');
    const replied = await ok('xinfang', id, 'reply', REPLY);
    expect(replied.state).toBe('replied');
    expect(clock(replied, 'handling')).toMatchObject({ state: 'stopped' });

    on('2026-05-27');
    const receipt = await issued('xinfang', id, 'delivery_receipt', { method: 'direct' });
    expect(await docxText(receipt.id)).toContain(opinion.number!);
    const delivered = await ok('xinfang', id, 'deliver', { deliveredOn: '2026-05-27', method: 'direct' });
    expect(delivered.state).toBe('delivered');
    // The petitioner's 30 days to ask for a 复查 (a window, not a duty): 27 May + 30 = Fri 26 June.
    expect(clock(delivered, 'review_window')).toMatchObject({ state: 'running', due: '2026-06-26' });

    on('2026-05-28');
    await ok('xinfang', id, 'rate', { satisfaction: 'satisfied' });
    const closed = await ok('xinfang', id, 'close');
    expect(closed).toMatchObject({ state: 'closed', terminal: true });
  });
});

describe('a matter outside the town’s competence (信访工作条例 art 23 ¶1)', () => {
  it('is registered and the petitioner told which body to bring it to, not 「不予受理」', async () => {
    on('2026-03-05');
    const id = await register('xinfang', { receivedOn: '2026-03-05', title: '反映县城小区物业服务问题' });
    // The body to go to is required.
    const noBody = await issue('xinfang', id, 'competent_body_notice', { reason: '该小区位于县城城区' });
    expect(noBody.statusCode, noBody.body).toBe(400);
    const notice = await issued('xinfang', id, 'competent_body_notice', {
      authority: '示范县住房和城乡建设局',
      authorityContact: '地址：示范县人民路8号，电话0576-88120000',
      reason: '你反映的小区位于县城城区，不在本镇辖区',
    });
    expect(notice.number).toMatch(/^湾信职告〔2026〕\d+号$/);
    const text = await docxText(notice.id);
    expect(text).toContain('本机关已予登记');
    expect(text).toContain(
      '根据《信访工作条例》第二十三条第一款的规定，请你向示范县住房和城乡建设局（地址：示范县人民路8号，电话0576-88120000）提出',
    );
    expect(text).not.toContain('不予受理');
    expect(text).not.toContain('不再受理');
    // Recorded from the notice just issued (decision 0007): nothing typed twice.
    const done = await ok('xinfang', id, 'not_competent', {});
    expect(done).toMatchObject({ state: 'not_competent', terminal: true });
    expect(done.fields.routing).toMatchObject({ decision: 'not_competent', authority: '示范县住房和城乡建设局' });
  });
});

describe('a 申诉求决 matter settled by agreement (信访工作条例 art 33)', () => {
  it('ends with a 调解协议书 signed by both sides, stops the 60 days in time, and needs no 处理意见书', async () => {
    on('2026-06-01');
    const id = await register('xinfang', { receivedOn: '2026-06-01', title: '反映土地流转租金拖欠' });
    on('2026-06-02');
    await issued('xinfang', id, 'acceptance_notice');
    await ok('xinfang', id, 'accept');
    on('2026-06-08');
    await ok('xinfang', id, 'investigate', { heardOn: '2026-06-08', findings: '流转方对欠款事实无异议。' });
    on('2026-06-15');
    const early = await act('xinfang', id, 'settle_mediation', {
      otherParty: '陈建华',
      consent: '双方当场同意调解',
      terms: '陈建华十日内支付租金3600元。',
      agreedOn: '2026-06-15',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toBe('请先出具《调解协议书》');
    const doc = await issued('xinfang', id, 'mediation_agreement', {
      otherParty: '陈建华',
      otherPartyParticulars: '住示范县湾头桥镇湾头村7组',
      terms: '陈建华于本协议签订之日起十日内支付信访人2025年度租金3600元。\n信访人就本事项不再提出其他请求。',
      performance: '银行转账，十日内履行完毕',
    });
    expect(doc.number).toMatch(/^湾信调协〔2026〕\d+号$/);
    const text = await docxText(doc.id);
    expect(text).toContain('调解协议书');
    expect(text).toContain('信访人：张桂英');
    expect(text).toContain('另一方当事人：陈建华，住示范县湾头桥镇湾头村7组。');
    expect(text).toContain('经双方当事人同意，依照《信访工作条例》第三十三条的规定进行调解');
    expect(text).toContain('1. 陈建华于本协议签订之日起十日内支付信访人2025年度租金3600元。');
    expect(text).toContain('调解人员（签名）');
    // The other party and the terms come from the 调解协议书 just issued (decision 0007).
    const settled = await ok('xinfang', id, 'settle_mediation', {
      consent: '双方当场同意调解',
      agreedOn: '2026-06-15',
    });
    expect(settled.fields.settlement).toMatchObject({
      otherParty: '陈建华',
      terms: '陈建华于本协议签订之日起十日内支付信访人2025年度租金3600元。\n信访人就本事项不再提出其他请求。',
    });
    expect(settled).toMatchObject({ state: 'settled', terminal: true });
    expect(clock(settled, 'handling')).toMatchObject({ state: 'stopped' });
    expect(settled.fields.settlement).toMatchObject({ kind: 'mediation', otherParty: '陈建华' });
  });

  it('a 和解协议书 is only for a 申诉求决 matter', async () => {
    on('2026-06-03');
    const id = await register('xinfang', { receivedOn: '2026-06-03', category: 'suggestion' });
    // A 建议意见 matter never reaches the stages where an agreement is issued (受理建议意见 leads
    // to 研究办理), so the stage refuses it first; the category check behind it is the template's.
    const refused = await issue('xinfang', id, 'reconciliation_agreement', { otherParty: '李四', terms: '和解。' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toMatch(/《和解协议书》只能在「已受理」、「调查核实中」阶段出具/);
  });
});

// ── 包案 ─────────────────────────────────────────────────────────────────────────────────

describe('a case the leader owns (包案)', () => {
  it('is on the leader’s inbox and closes only with the leader’s sign-off', async () => {
    on('2026-03-05');
    const id = await register('xinfang', { receivedOn: '2026-03-05', title: '反映灌溉渠道堵塞', channel: 'visit' });
    await issued('xinfang', id, 'acceptance_notice');
    await ok('xinfang', id, 'accept');
    on('2026-03-06');
    const form = await issued('leader', id, 'ownership_form', {
      plan: '会同农业农村办实地核查，限期清淤。',
      targetDate: '2026-04-30',
      unit: '农业农村办',
    });
    const formText = await docxText(form.id);
    expect(formText).toContain('领导包案责任表');
    expect(formText).toContain('王建国');
    const owned = await ok('leader', id, 'take_ownership', {
      ownerLeaderId: String(ids.leader),
      plan: '会同农业农村办实地核查，限期清淤。',
      targetDate: '2026-04-30',
    });
    expect(owned.ownerLeaderName).toBe('王建国');
    const inbox = (await req('leader')('GET', '/api/inbox')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(id);

    on('2026-03-10');
    await ok('xinfang', id, 'investigate', { heardOn: '2026-03-10', findings: '渠道淤积约800米。' });
    on('2026-03-20');
    await issued('xinfang', id, 'handling_opinion', REPLY);
    await ok('xinfang', id, 'reply', REPLY);
    await issued('xinfang', id, 'delivery_receipt');
    await ok('xinfang', id, 'deliver', { deliveredOn: '2026-03-20', method: 'mail' });
    const refused = await act('xinfang', id, 'close');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).toContain('包案领导');
    on('2026-03-23');
    await ok('leader', id, 'leader_signoff', { opinion: '同意办结。' });
    const closed = await ok('xinfang', id, 'close');
    expect(closed.state).toBe('closed');
    const after = (await req('leader')('GET', '/api/inbox')).json();
    expect(after.items.map((i: { id: string }) => i.id)).not.toContain(id);
  });
});

// ── Art 30 ¶3 ────────────────────────────────────────────────────────────────────────────

describe('confidentiality of accusations (信访工作条例 art 30 ¶3)', () => {
  const TITLE = '检举湾头村干部优亲厚友评定低保';
  let id = '';

  beforeAll(async () => {
    on('2026-04-01');
    id = await register('xinfang', {
      receivedOn: '2026-04-01',
      title: TITLE,
      category: 'accusation',
      petitioner: { name: '李德明', idNumber: ID_LI },
      accused: { name: '湾头村村民委员会', unitId: ids.village1 },
    });
  });

  async function hiddenFrom(who: string) {
    expect((await req(who)('GET', `/api/cases/${id}`)).statusCode).toBe(404);
    const list = (await req(who)('GET', '/api/cases?limit=200')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(id);
    const search = (await req(who)('GET', `/api/cases?q=${encodeURIComponent('优亲厚友')}`)).json();
    expect(search.items).toEqual([]);
    const inbox = (await req(who)('GET', '/api/inbox')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).not.toContain(id);
  }

  it('hides an accusation from the accused village from receipt, not only once forwarded', async () => {
    // cun01's own scope is 湾头村, where the case sits: only the rule keeps it out.
    await hiddenFrom('cun01');
    expect((await req('xinfang')('GET', `/api/cases/${id}`)).statusCode).toBe(200);
  });

  it('keeps it from the accused unit after forwarding to 纪检监察, in lists, search, files and the inbox', async () => {
    on('2026-04-02');
    const slip = await issued('xinfang', id, 'forward_slip', { mode: 'forward', to: '示范县纪委监委' });
    expect(await docxText(slip.id)).toContain('不得将检举、揭发材料以及有关情况透露或者转给被检举、揭发的人员或者单位');
    const routed = await ok('xinfang', id, 'route_discipline', { authority: '示范县纪委监委' });
    expect(routed.state).toBe('referred_discipline');
    expect(routed.fields.confidential).toBe(true);
    await hiddenFrom('cun01');
    expect((await req('cun01')('GET', `/api/documents/${slip.id}/file`)).statusCode).toBe(404);
    const party = routed.parties.find((p: { role: string }) => p.role === 'petitioner').id;
    expect((await req('leader')('POST', `/api/parties/${party}/unmask`)).statusCode).toBe(200);
    // Those not of the accused unit keep their ordinary reach (the petition's readers).
    for (const who of ['leader', 'county']) {
      expect((await req(who)('GET', `/api/cases/${id}`)).statusCode, who).toBe(200);
    }
  });

  it('reaches a department of the town, and the town itself, when they are the accused', async () => {
    on('2026-04-03');
    const dept = await register('xinfang', {
      receivedOn: '2026-04-03',
      title: '控告执法队队员执法时索要财物',
      unitId: null,
      category: 'accusation',
      petitioner: { name: '王春生', idNumber: ID_WANG },
      accused: { name: '综合行政执法队', unitId: ids.zhifaDept },
    });
    expect((await req('zhifa')('GET', `/api/cases/${dept}`)).statusCode).toBe(404);
    expect((await req('leader')('GET', `/api/cases/${dept}`)).statusCode).toBe(200);

    const town = await register('xinfang', {
      receivedOn: '2026-04-03',
      title: '控告镇政府违规发放补贴',
      unitId: null,
      category: 'accusation',
      petitioner: { name: '王春生', idNumber: ID_WANG },
      accused: { name: '湾头桥镇人民政府', unitId: ids.town },
    });
    // The leader sits at the town, 执法队 and 矛调中心 are its offices; 信访办 registered it.
    for (const who of ['leader', 'tiaojie', 'zhifa']) {
      expect((await req(who)('GET', `/api/cases/${town}`)).statusCode, who).toBe(404);
    }
    expect((await req('xinfang')('GET', `/api/cases/${town}`)).statusCode).toBe(200);
    expect((await req('county')('GET', `/api/cases/${town}`)).statusCode).toBe(200);
  });

  it('leaves a complaint (申诉求决) naming no accused unit alone', async () => {
    on('2026-04-03');
    const claim = await register('xinfang', { receivedOn: '2026-04-03', title: '反映湾头村路灯损坏' });
    expect((await req('cun01')('GET', `/api/cases/${claim}`)).statusCode).toBe(200);
  });
});

// ── Statistics ───────────────────────────────────────────────────────────────────────────

describe('GET /api/stats/petitions', () => {
  /*
   * Hand-counted fixtures, all received in 2025 (the journey and the other tests use 2026).
   * 2025 holidays: 端午 31 May–2 June. Statistics are asked for on Mon 22 December 2025.
   *
   *  F1 visit  湾头村 claim  recv 02-10 accept 02-12 (due 02-25) reply 03-20 (due 04-14) satisfied, closed
   *  F2 letter 桥东村 claim  recv 03-10 accept 03-31 (due 03-25: LATE) reply 06-10 (due 05-30: LATE) unsatisfied
   *  F3 online 湾头村 claim  recv 04-01 ×8 people, F1's petitioner again (REPEAT); accept 04-03; extended 30 d
   *                          with approval and notice (due 06-03 → 07-02); reply 06-25 (on time only because of
   *                          the extension); basically satisfied; 复查 requested and upheld
   *  F4 phone  镇直  suggestion recv 05-06 accept_suggestion 05-08
   *  F5 visit  桥东村 claim  recv 12-20 (Sat), registered only: due 2026-01-05, pending on 12-22
   *  F6 visit  湾头村 claim  recv 06-09 accept 06-11, leader owns it, reply 07-15, satisfied, signed off, closed
   *  F7 letter 湾头村 accusation recv 07-01 forwarded to 纪检监察 07-03
   *  F8 online 桥东村 claim  recv 08-04 routed to arbitration 08-06
   *  F9 letter 桥东村 claim  recv 2024-12-30 by F2's petitioner: not in 2025, but makes F2 a REPEAT
   */
  const F2_PERSON = { name: '赵国庆', idNumber: '339901195811230911' };
  let f2Id = '';

  beforeAll(async () => {
    const claimTo = async (
      id: string,
      d: { accept: string; investigate: string; reply: string; deliver?: string },
      extra?: (step: 'afterInvestigate') => Promise<void>,
    ) => {
      on(d.accept);
      await issued('xinfang', id, 'acceptance_notice');
      await ok('xinfang', id, 'accept');
      on(d.investigate);
      await ok('xinfang', id, 'investigate', { heardOn: d.investigate, findings: '经实地核查属实。' });
      if (extra) await extra('afterInvestigate');
      on(d.reply);
      await issued('xinfang', id, 'handling_opinion', REPLY);
      await ok('xinfang', id, 'reply', REPLY);
      const deliver = d.deliver ?? d.reply;
      on(deliver, 30);
      await issued('xinfang', id, 'delivery_receipt');
      await ok('xinfang', id, 'deliver', { deliveredOn: deliver, method: 'direct' });
    };

    on('2024-12-30');
    await register('xinfang', { receivedOn: '2024-12-30', unitId: ids.village2, petitioner: F2_PERSON });

    on('2025-02-10');
    const f1 = await register('xinfang', { receivedOn: '2025-02-10', channel: 'visit' });
    await claimTo(f1, { accept: '2025-02-12', investigate: '2025-02-20', reply: '2025-03-20' });
    on('2025-03-24');
    await ok('xinfang', f1, 'rate', { satisfaction: 'satisfied' });
    await ok('xinfang', f1, 'close');

    on('2025-03-10');
    const f2 = await register('xinfang', { receivedOn: '2025-03-10', unitId: ids.village2, petitioner: F2_PERSON });
    f2Id = f2;
    await claimTo(f2, { accept: '2025-03-31', investigate: '2025-04-07', reply: '2025-06-10', deliver: '2025-06-11' });
    on('2025-06-12');
    await ok('xinfang', f2, 'rate', { satisfaction: 'unsatisfied' });

    on('2025-04-01');
    const f3 = await register('xinfang', {
      receivedOn: '2025-04-01',
      channel: 'online',
      peopleCount: 8,
      representatives: ['张桂英', '周德明'],
    });
    await claimTo(
      f3,
      { accept: '2025-04-03', investigate: '2025-04-10', reply: '2025-06-25', deliver: '2025-06-26' },
      async () => {
        on('2025-05-20');
        await ok('xinfang', f3, 'request_approval:extend', { length: 30, reason: '需委托第三方检测' });
        on('2025-05-21');
        await ok('leader', f3, 'approve:extend', { opinion: '同意' });
        await issued('xinfang', f3, 'extension_notice');
        await ok('xinfang', f3, 'extend');
      },
    );
    on('2025-06-27');
    await ok('xinfang', f3, 'rate', { satisfaction: 'basically_satisfied' });
    on('2025-07-10');
    await ok('xinfang', f3, 'request_review', { requestedOn: '2025-07-10', organ: '示范县人民政府' });
    on('2025-08-05');
    await issued('xinfang', f3, 'review_opinion', {
      outcome: 'upheld',
      opinion: '原处理意见认定事实清楚。',
      decidedOn: '2025-08-01',
    });
    await ok('xinfang', f3, 'record_review', { outcome: 'upheld', summary: '维持。', deliveredOn: '2025-08-04' });

    on('2025-05-06');
    const f4 = await register('xinfang', {
      receivedOn: '2025-05-06',
      channel: 'phone',
      unitId: null,
      category: 'suggestion',
      petitioner: { name: '钱海燕', idNumber: '' },
    });
    on('2025-05-08');
    await issued('xinfang', f4, 'acceptance_notice');
    await ok('xinfang', f4, 'accept_suggestion');

    on('2025-12-20');
    await register('xinfang', {
      receivedOn: '2025-12-20',
      channel: 'visit',
      unitId: ids.village2,
      petitioner: { name: '孙水生', idNumber: '' },
    });

    on('2025-06-09');
    const f6 = await register('xinfang', {
      receivedOn: '2025-06-09',
      channel: 'visit',
      petitioner: { name: '吴玉梅', idNumber: '' },
    });
    await claimTo(f6, { accept: '2025-06-11', investigate: '2025-06-16', reply: '2025-07-15' }, async () => {
      on('2025-06-16', 30);
      await issued('leader', f6, 'ownership_form', { plan: '限期化解。', targetDate: '2025-07-31' });
      await ok('leader', f6, 'take_ownership', {
        ownerLeaderId: String(ids.leader),
        plan: '限期化解。',
        targetDate: '2025-07-31',
      });
    });
    on('2025-07-17');
    await ok('xinfang', f6, 'rate', { satisfaction: 'satisfied' });
    on('2025-07-18');
    await ok('leader', f6, 'leader_signoff', { opinion: '同意办结。' });
    await ok('xinfang', f6, 'close');

    on('2025-07-01');
    const f7 = await register('xinfang', {
      receivedOn: '2025-07-01',
      title: '检举村会计挪用集体资金',
      category: 'accusation',
      petitioner: { name: '郑文斌', idNumber: '' },
      accused: { name: '湾头村村民委员会', unitId: ids.village1 },
    });
    on('2025-07-03');
    await issued('xinfang', f7, 'forward_slip', { mode: 'forward', to: '示范县纪委监委' });
    await ok('xinfang', f7, 'route_discipline', { authority: '示范县纪委监委' });

    on('2025-08-04');
    const f8 = await register('xinfang', {
      receivedOn: '2025-08-04',
      channel: 'online',
      unitId: ids.village2,
      petitioner: { name: '冯小红', idNumber: '' },
    });
    on('2025-08-06');
    const route = { route: 'arbitration', authority: '示范县劳动人事争议仲裁委员会', reason: '属于劳动争议' };
    await issued('xinfang', f8, 'route_notice', route);
    await ok('xinfang', f8, 'route_statutory', route);
  });

  it('counts the year’s petitions as counted by hand', async () => {
    on('2025-12-22');
    const res = await req('xinfang')('GET', '/api/stats/petitions?year=2025');
    expect(res.statusCode, res.body).toBe(200);
    const st = res.json();
    expect(st.year).toBe(2025);
    expect(st.asOf).toBe('2025-12-22');
    expect(st.received.total).toBe(8);
    expect(st.received.people).toBe(15);
    const counts = (xs: { key: string; count: number }[]) => Object.fromEntries(xs.map((x) => [x.key, x.count]));
    expect(counts(st.received.byChannel)).toEqual({ visit: 3, letter: 2, online: 2, phone: 1, fax: 0 });
    expect(counts(st.received.byCategory)).toEqual({ suggestion: 1, accusation: 1, claim: 6 });
    expect(counts(st.received.bySource)).toEqual({ direct: 8, forwarded: 0, assigned: 0 });
    expect(st.received.byChannel[0]).toMatchObject({ key: 'visit', label: '走访' });
    expect(st.received.byVillage).toEqual([
      { unitId: String(ids.village1), unitName: '湾头村村民委员会', count: 4 },
      { unitId: String(ids.village2), unitName: '桥东村村民委员会', count: 3 },
      { unitId: null, unitName: '镇直', count: 1 },
    ]);
    expect(counts(st.received.byState)).toEqual({
      closed: 2,
      delivered: 1,
      reviewed: 1,
      studying: 1,
      registered: 1,
      referred_discipline: 1,
      routed: 1,
    });
    expect(st.acceptance).toEqual({ onTime: 6, late: 1, pending: 1, rate: 0.8571 });
    expect(st.handling).toEqual({ onTime: 3, late: 1, pending: 0, rate: 0.75, accepted: 4, extended: 1 });
    expect(st.satisfaction).toEqual({
      rated: 4,
      satisfied: 2,
      basicallySatisfied: 1,
      unsatisfied: 1,
      rate: 0.75,
    });
    expect(st.collective).toBe(1);
    expect(st.repeat).toBe(2);
    expect(st.reviews).toEqual({ requested: 1, decided: 1, upheld: 1 });
    expect(st.rereviews).toEqual({ requested: 0, decided: 0, upheld: 0 });
    expect(st.leaderOwned).toEqual({ owned: 1, resolved: 1, signedOff: 1 });
  });

  it('is scoped: the county sees the same town, a user of the accused village is never counted in', async () => {
    on('2025-12-22');
    const town = (await req('xinfang')('GET', '/api/stats/petitions?year=2025')).json();
    const county = (await req('county')('GET', '/api/stats/petitions?year=2025')).json();
    expect(county.received.total).toBe(town.received.total);
    // A year with nothing in it is all zeros and empty rates, not an error.
    const empty = (await req('xinfang')('GET', '/api/stats/petitions?year=2022')).json();
    expect(empty.received.total).toBe(0);
    expect(empty.acceptance.rate).toBeNull();
    expect((await req('cun01')('GET', '/api/stats/petitions?year=2025')).statusCode).toBe(403);
    const outOfRange = await req('xinfang')('GET', '/api/stats/petitions?year=2001');
    expect(outOfRange.statusCode).toBe(400);
  });

  it('art 34: an extension recorded after the handling period ran out does not make a late case on time', async () => {
    // F2's 60 days ran out on 2025-05-30 and it was replied on 06-10. An imported history
    // with an approved 30-day extension dated 06-05 would move the due date to 06-29.
    const db = h.db.database.db;
    const last = await db
      .selectFrom('case_events')
      .select(['seq', 'town_id', 'actor_name'])
      .where('case_id', '=', Number(f2Id))
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    await insertEvents(
      db,
      Number(f2Id),
      last.town_id,
      [
        {
          seq: last.seq + 1,
          at: '2025-06-05T02:00:00.000Z',
          actorId: String(ids.leader),
          action: 'extend',
          from: 'investigating',
          to: 'investigating',
          data: { input: { length: 30, reason: '补录' } },
        },
      ],
      last.seq + 1,
      last.actor_name,
    );
    on('2025-12-22');
    const st = (await req('xinfang')('GET', '/api/stats/petitions?year=2025')).json();
    expect(st.handling).toMatchObject({ onTime: 3, late: 1 });
  });
});

// ── History across modules ───────────────────────────────────────────────────────────────

describe('GET /api/petitions/:id/history', () => {
  it('finds the same petitioner’s mediation and petition cases through the party index, within scope', async () => {
    on('2026-05-04');
    const petitionId = await register('xinfang', { receivedOn: '2026-05-04', title: '再次反映村道问题' });
    const mediationRes = await req('tiaojie')('POST', '/api/cases', {
      type: 'mediation',
      title: '承包地边界纠纷',
      unitId: String(ids.village2),
      fields: {
        channel: 'walk_in',
        disputeType: 'land',
        peopleCount: 2,
        summary: '两户承包地相邻，因田埂位置发生争执。',
        requests: '请求调解。',
        receivedOn: '2026-05-04',
      },
      parties: [
        { role: 'applicant', name: '张桂英', idNumber: ID_ZHANG },
        { role: 'respondent', name: '钱德明', idNumber: '339901196003030916' },
      ],
    });
    expect(mediationRes.statusCode, mediationRes.body).toBe(200);
    const mediationId = mediationRes.json().id as string;

    const res = await req('xinfang')('GET', `/api/petitions/${petitionId}/history`);
    expect(res.statusCode, res.body).toBe(200);
    const hist = res.json();
    expect(hist.petitioners).toEqual([{ partyId: expect.any(String), name: '张桂英', idMasked: '339901********0022' }]);
    const byId = new Map(hist.items.map((i: { id: string }) => [i.id, i]));
    expect(byId.has(petitionId)).toBe(false);
    expect(byId.get(mediationId)).toMatchObject({
      type: 'mediation',
      typeLabel: '矛盾纠纷调解',
      roles: [{ name: '张桂英', role: 'applicant', roleLabel: expect.any(String) }],
    });
    // The journey, the 包案 case and the 2025 fixtures were all 张桂英's.
    const petitions = hist.items.filter((i: { type: string }) => i.type === 'petition');
    expect(petitions.length).toBeGreaterThanOrEqual(4);
    expect(petitions.every((i: { roles: { role: string }[] }) => i.roles.length > 0)).toBe(true);
    expect(JSON.stringify(hist)).not.toContain(ID_ZHANG);

    // 湾头村's officer sees the petitions of 湾头村, not the dispute registered in 桥东村.
    const village = (await req('cun01')('GET', `/api/petitions/${petitionId}/history`)).json();
    expect(village.items.map((i: { id: string }) => i.id)).not.toContain(mediationId);
    expect(village.items.length).toBeGreaterThan(0);
    // Not a petition, or out of scope: 404.
    expect((await req('xinfang')('GET', `/api/petitions/${mediationId}/history`)).statusCode).toBe(404);
    expect((await req('cun02')('GET', `/api/petitions/${petitionId}/history`)).statusCode).toBe(404);
  });
});

// ── The demo year ────────────────────────────────────────────────────────────────────────

describe('seedPetitionDemo', () => {
  let d: Harness;
  let result: PetitionDemoResult;

  beforeAll(async () => {
    // The full mediation module (with its templates), so the petitioners' disputes are mediated too.
    d = await harness({}, { modules: [petitionModule, mediationModule], demo: true });
    result = await seedPetitionDemo(
      { cases: d.app.services.cases, receptions: petitionServicesOf(d.app.services).receptions },
      { year: 2023 },
    );
  }, 600_000);
  afterAll(() => d?.close());

  it('takes sixty-six petitions of 2023 to their end, with every document kind issued', async () => {
    // Sixty-two scripted matters, four registered at the leaders' receptions to be handled, and
    // every visitor answered on the spot there (registered too, 信访工作条例 arts 21, 23).
    const answered = await d.db.database.db
      .selectFrom('reception_visitors')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('outcome', '=', 'answered')
      .executeTakeFirstOrThrow();
    expect(Number(answered.n)).toBeGreaterThan(10);
    expect(result.caseIds).toHaveLength(66 + Number(answered.n));
    expect(result.byState.answered_on_spot).toBe(Number(answered.n));
    expect(result.leaders?.receptionCaseIds).toHaveLength(4);
    expect(result.leaders).toMatchObject({ slots: 12, receptions: 12, visits: 6 });
    expect(result.caseIds).toEqual(expect.arrayContaining(result.leaders!.receptionCaseIds));
    // What is open at the year's end is finished in the first quarter after it: every
    // matter of 2023 ends in one of the terminal states, and every terminal state is reached.
    const states = petitionCaseType.type.states as Record<string, { terminal?: boolean }>;
    expect(Object.keys(result.byState).sort()).toEqual(
      Object.keys(states)
        .filter((s) => states[s]!.terminal)
        .sort(),
    );
    expect(result.mediationIds).toHaveLength(3);
    const db = d.db.database.db;
    const kinds = await db
      .selectFrom('documents')
      .select('kind')
      .distinct()
      .where('case_id', 'in', result.caseIds)
      .execute();
    expect(kinds.map((k) => k.kind).sort()).toEqual(Object.keys(petitionCaseType.type.documents).sort());
    const first = await db
      .selectFrom('cases')
      .select('number')
      .where('id', '=', result.caseIds[0]!)
      .executeTakeFirstOrThrow();
    expect(first.number).toMatch(/^湾信〔2023〕\d+号$/);
    // Extensions went through the leader's approval; 包案 cases were signed off by the leader.
    const events = await db
      .selectFrom('case_events')
      .select(['action'])
      .where('case_id', 'in', result.caseIds)
      .execute();
    const n = (a: string) => events.filter((e) => e.action === a).length;
    expect(n('extend')).toBeGreaterThan(0);
    expect(n('approve:extend')).toBe(n('extend'));
    expect(n('take_ownership')).toBeGreaterThan(0);
    expect(n('leader_signoff')).toBeGreaterThan(0);
    expect(n('record_review')).toBeGreaterThan(0);
    expect(n('record_rereview')).toBeGreaterThan(0);
    expect(n('objection_refused')).toBeGreaterThan(0);
    expect(n('answer_suggestion')).toBeGreaterThan(0);
    // The year's work, finished by the end of March of the next.
    const at = await db
      .selectFrom('case_events')
      .select((eb) => [eb.fn.min('at').as('first'), eb.fn.max('at').as('last')])
      .where('case_id', 'in', result.caseIds)
      .executeTakeFirstOrThrow();
    expect(shanghaiDate(new Date(at.first as Date))).toMatch(/^2023-/);
    expect(shanghaiDate(new Date(at.last as Date)) >= '2024-01-01').toBe(true);
    expect(shanghaiDate(new Date(at.last as Date)) <= '2024-03-31').toBe(true);
    // The disputes the petitioners brought to the 矛调中心 first were mediated, ended and filed.
    const disputes = await db.selectFrom('cases').select('state').where('id', 'in', result.mediationIds).execute();
    expect(disputes.map((c) => c.state)).toEqual(['archived', 'archived', 'archived']);
  });

  it('is deterministic in its people, whose ID numbers are valid', () => {
    const a = petitionDemoPeople();
    expect(petitionDemoPeople()).toEqual(a);
    expect(new Set(a.map((p) => p.idNumber)).size).toBe(a.length);
  });

  it('gives statistics that agree with the engine’s clocks case by case', async () => {
    const st = (
      await as(d.app, await login(d.app, 'xinfang', 'Demo@2026'))('GET', '/api/stats/petitions?year=2023')
    ).json();
    expect(st.received?.total, JSON.stringify(st).slice(0, 500)).toBe(result.caseIds.length);
    // 开门接访: one leader, a day a month, July's cancelled, plus one reception outside the schedule;
    // 带案下访 every other month.
    expect(st.leaderReceptions).toMatchObject({ scheduled: 11, held: 12, petitions: 4 });
    expect(st.leaderReceptions.answered).toBeGreaterThanOrEqual(13);
    expect(st.leaderVisits.visits).toBe(6);
    expect(st.leaderVisits.cases).toBeGreaterThan(0);
    const db = d.db.database.db;
    const calendar = createCalendar();
    const today = '2026-03-02';
    const tally = { acc: { onTime: 0, late: 0, pending: 0 }, hand: { onTime: 0, late: 0, pending: 0 } };
    for (const id of result.caseIds) {
      const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      const snap = toSnapshot(row, await loadEvents(db, id), await loadDocuments(db, id));
      const clocks = clockStatus(petitionCaseType.type, snap, calendar, d.clock.now());
      for (const [key, t] of [
        ['acceptance', tally.acc],
        ['handling', tally.hand],
      ] as const) {
        const c = clocks.find((k) => k.key === key)!;
        if (c.state === 'stopped') t.onTime++;
        else if (c.state === 'stopped_late' || c.state === 'breached') t.late++;
        else if (c.state === 'running' && c.due! >= today) t.pending++;
      }
    }
    expect(st.acceptance).toMatchObject(tally.acc);
    expect(st.handling).toMatchObject(tally.hand);
    expect(st.acceptance.late + st.handling.late).toBeGreaterThan(0);
    expect(st.handling.extended).toBeGreaterThan(0);
    expect(st.repeat).toBeGreaterThan(0);
    expect(st.collective).toBeGreaterThan(0);
    // Every matter a leader took on (包案) was resolved by the end of the following March.
    expect(st.leaderOwned.owned).toBeGreaterThan(0);
    expect(st.leaderOwned.resolved).toBe(st.leaderOwned.owned);
  });

  it('keeps the demo’s accusations from the accused village’s officer', async () => {
    const db = d.db.database.db;
    const accusation = await db
      .selectFrom('cases')
      .select('id')
      .where('id', 'in', result.caseIds)
      .where('state', '=', 'referred_discipline')
      .where(
        'unit_id',
        '=',
        (await db.selectFrom('org_units').select('id').where('name', '=', '湾头村村民委员会').executeTakeFirstOrThrow())
          .id,
      )
      .executeTakeFirstOrThrow();
    const cun01 = as(d.app, await login(d.app, 'cun01', 'Demo@2026'));
    expect((await cun01('GET', `/api/cases/${accusation.id}`)).statusCode).toBe(404);
  });
});
