/**
 * The collective decision meetings (issue 16; 重大行政决策程序暂行条例 art 30) over HTTP: plan a
 * meeting with its attendees and agenda (a case link only to a visible case of this town whose
 * type has a collective discussion), record it as held (quorum, the chief's view last, the
 * reason when the chief differs from the majority), cancel, versions, audit; who reads and writes;
 * the case page's items with the case engine's visibility; the 纪要 .docx; the figures against a
 * hand count; the demo year and `insertHeldMeeting`.
 */

import { itemRecordProblems, quorumOf } from '@fazhi/domain/decisions/meetings';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CHIEF, seedMeetingsDemo } from '../src/modules/decisions/meetings/demo.ts';
import { meetingItemsForCase } from '../src/modules/decisions/meetings/gate.ts';
import { insertHeldMeeting } from '../src/modules/decisions/meetings/repository.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { town: 0, otherTown: 0, fazhiban: 0, penalty: '', mediation: '', otherPenalty: 0 };
const req = (who: string) => as(h.app, s[who]!);

const ATTENDEES = [
  { name: '王建国', post: '镇党委书记', role: 'member' },
  { name: '刘志刚', post: '镇长', role: 'member' },
  { name: '陈红', post: '副书记', role: 'member' },
  { name: '孙国庆', post: '纪委书记', role: 'member' },
  { name: '黄丽', post: '组织委员', role: 'member' },
  { name: '李晓梅', post: '党政办主任', role: 'observer' },
];

const plan = (over: Record<string, unknown> = {}) => ({
  kind: 'joint',
  title: '2026年第二次党政联席会议',
  heldOn: '2026-03-10',
  place: '镇政府三楼会议室',
  chairName: '王建国',
  chiefName: '王建国',
  recorderName: '李晓梅',
  attendees: ATTENDEES,
  ...over,
});

/** Everyone present; views agree in list order, the chief last. */
const present = (names = ATTENDEES.map((a) => a.name)) =>
  ATTENDEES.map((a) => ({
    name: a.name,
    present: names.includes(a.name),
    ...(names.includes(a.name) ? {} : { absenceReason: '外出学习' }),
  }));
const views = (order = ['刘志刚', '陈红', '孙国庆', '黄丽', '王建国'], stance: Record<string, string> = {}) =>
  order.map((name) => ({ name, view: stance[name] ?? 'agree', words: `${name}：同意。` }));

async function planned(over: Record<string, unknown> = {}) {
  const res = await req('fazhiban')('POST', '/api/meetings', plan(over));
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: string; version: number; items: { id: string }[] };
}
async function withItem(subject = '研究镇区道路改造方案', caseId?: number) {
  const m = await planned();
  const res = await req('fazhiban')('POST', `/api/meetings/${m.id}/items`, {
    subject,
    ...(caseId ? { caseId } : {}),
    version: m.version,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { id: string; version: number; items: { id: string; seq: number; subject: string }[] };
}

beforeAll(async () => {
  h = await harness({}, { demo: true });
  for (const u of ['leader', 'fazhiban', 'sifasuo', 'zhifa', 'tiaojie', 'xinfang', 'county', 'cun01', 'sysadmin'])
    s[u] = await login(h.app, u, 'Demo@2026');
  const db = h.db.database.db;
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  ids.town = await unit('湾头桥镇');
  ids.otherTown = await unit('青石镇');
  ids.fazhiban = (
    await db.selectFrom('users').select('id').where('username', '=', 'fazhiban').executeTakeFirstOrThrow()
  ).id;
  const pen = await req('zhifa')('POST', '/api/cases', {
    type: 'penalty',
    title: '张三未取得乡村建设规划许可证建房案',
    fields: {
      procedure: 'ordinary',
      field: 'planning',
      violation: '未取得乡村建设规划许可证建房',
      actOn: '2026-02-20',
      foundOn: '2026-03-02',
    },
    parties: [{ role: 'party', kind: 'person', name: '张三', address: '湾头村3组18号' }],
  });
  expect(pen.statusCode, pen.body).toBe(200);
  ids.penalty = pen.json().id;
  const village = await unit('湾头村村民委员会');
  const med = await req('tiaojie')('POST', '/api/cases', {
    type: 'mediation',
    title: '张德明与李国强排水纠纷',
    unitId: String(village),
    fields: {
      channel: 'walk_in',
      disputeType: 'neighbor',
      peopleCount: 2,
      summary: '排水沟纠纷。',
      requests: '请求改建排水沟。',
      receivedOn: '2026-03-02',
    },
    parties: [
      { role: 'applicant', name: '张德明' },
      { role: 'respondent', name: '李国强' },
    ],
  });
  expect(med.statusCode, med.body).toBe(200);
  ids.mediation = med.json().id;
});
afterAll(() => h?.close());

describe('planning a meeting', () => {
  it('plans a meeting with attendees and items, numbers and reorders the agenda, audits each step', async () => {
    let m = await withItem('研究年度财政预算');
    const add = await req('leader')('POST', `/api/meetings/${m.id}/items`, {
      subject: '研究防汛工作方案',
      version: m.version,
    });
    expect(add.statusCode, add.body).toBe(200);
    m = add.json();
    expect(m.items.map((i) => [i.seq, i.subject])).toEqual([
      [1, '研究年度财政预算'],
      [2, '研究防汛工作方案'],
    ]);
    const order = await req('sifasuo')('POST', `/api/meetings/${m.id}/items/order`, {
      itemIds: [Number(m.items[1]!.id), Number(m.items[0]!.id)],
      version: m.version,
    });
    expect(order.statusCode, order.body).toBe(200);
    expect(order.json().items.map((i: { subject: string }) => i.subject)).toEqual([
      '研究防汛工作方案',
      '研究年度财政预算',
    ]);
    const actions = await h.db.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('target', '=', `meeting:${m.id}`)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'meeting.create',
      'meeting.item.add',
      'meeting.item.add',
      'meeting.item.reorder',
    ]);
  });

  it('refuses a stale version with a 409 naming the conflict', async () => {
    const m = await planned();
    const first = await req('fazhiban')('PATCH', `/api/meetings/${m.id}`, {
      place: '镇便民服务中心',
      version: m.version,
    });
    expect(first.statusCode).toBe(200);
    const second = await req('leader')('PATCH', `/api/meetings/${m.id}`, { place: '二楼', version: m.version });
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: expect.stringContaining('已被他人修改'),
    });
  });

  it('refuses a chief who is not among the members, naming the field (400)', async () => {
    const res = await req('fazhiban')('POST', '/api/meetings', plan({ chiefName: '李晓梅' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('行政首长应列为应出席人员');
  });

  it('links an item to a visible case of the town of a type with a collective discussion, read from the case', async () => {
    const m = await withItem('研究张三违法建设案处罚决定', Number(ids.penalty));
    expect(m.items[0]).toMatchObject({
      case: { id: ids.penalty, type: 'penalty', typeLabel: '行政处罚案件', canOpen: true },
    });
    // A mediation has no collective discussion: 422 naming the field.
    const med = await req('leader')('POST', `/api/meetings/${m.id}/items`, {
      subject: '研究排水纠纷',
      caseId: Number(ids.mediation),
      version: m.version,
    });
    expect(med.statusCode).toBe(422);
    expect(med.json().error.fields[0]).toMatchObject({
      path: 'caseId',
      message: expect.stringContaining('议题只能关联'),
    });
    // A case the user cannot see (no such id here) is the same 422, so nothing is confirmed.
    const none = await req('leader')('POST', `/api/meetings/${m.id}/items`, {
      subject: '研究',
      caseId: 987654,
      version: m.version,
    });
    expect(none.statusCode).toBe(422);
    expect(none.json().error.fields[0].path).toBe('caseId');
  });

  it('cancels a planned meeting with its reason, and then refuses edits (409)', async () => {
    const m = await planned();
    const res = await req('leader')('POST', `/api/meetings/${m.id}/cancel`, {
      reason: '书记参加县委全会',
      version: m.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', cancelReason: '书记参加县委全会' });
    const again = await req('leader')('PATCH', `/api/meetings/${m.id}`, { title: 'x', version: res.json().version });
    expect(again.statusCode).toBe(409);
  });
});

describe('recording the meeting as held', () => {
  const hold = async (
    m: { id: string; version: number; items: { id: string }[] },
    over: Record<string, unknown> = {},
    item: Record<string, unknown> = {},
  ) =>
    req('fazhiban')('POST', `/api/meetings/${m.id}/hold`, {
      attendance: present(),
      minutesNo: '〔2026〕2号',
      items: m.items.map((i) => ({
        id: Number(i.id),
        views: views(),
        conclusion: 'adopted',
        conclusionText: '同意实施。',
        ...item,
      })),
      version: m.version,
      ...over,
    });

  it('quorum: a meeting where only half the members came is refused with a Chinese 422', async () => {
    const m = await withItem();
    // Five members: two present is not more than half.
    const res = await hold(
      m,
      { attendance: present(['王建国', '刘志刚', '李晓梅']) },
      { views: views(['刘志刚', '王建国']) },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toMatch(/应出席5人，实到2人，未超过半数/);
  });

  it('quorum: three of five members present is enough', async () => {
    const m = await withItem();
    const res = await hold(
      m,
      { attendance: present(['王建国', '刘志刚', '陈红', '李晓梅']) },
      { views: views(['刘志刚', '陈红', '王建国']) },
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().quorum).toEqual({ members: 5, present: 3, required: 3, met: true });
    expect(res.json().attendees.find((a: { name: string }) => a.name === '黄丽')).toMatchObject({
      present: false,
      absenceReason: '外出学习',
    });
  });

  it('an absent member needs the reason (422 naming the field)', async () => {
    const m = await withItem();
    const attendance = present().map((a) => (a.name === '黄丽' ? { name: '黄丽', present: false } : a));
    const res = await hold(m, { attendance }, { views: views(['刘志刚', '陈红', '孙国庆', '王建国']) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields[0]).toMatchObject({ path: 'attendance.4.absenceReason' });
  });

  it('条例第三十条: a views list where the chief is not last is refused', async () => {
    const m = await withItem();
    const res = await hold(m, {}, { views: views(['刘志刚', '王建国', '陈红', '孙国庆', '黄丽']) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('行政首长王建国应当最后发表意见');
    expect(res.json().error.fields[0].path).toBe('items.0.views');
  });

  it('条例第三十条: the chief deciding against the majority must state the reason', async () => {
    const m = await withItem();
    const against = { 刘志刚: 'disagree', 陈红: 'disagree', 孙国庆: 'disagree' };
    const res = await hold(
      m,
      {},
      { views: views(undefined, against), dissent: '刘志刚、陈红、孙国庆不同意：资金未落实。' },
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields).toContainEqual({
      path: 'items.0.chiefDiffersReason',
      message: expect.stringContaining('应当说明理由'),
    });
    const ok = await hold(
      m,
      {},
      {
        views: views(undefined, against),
        dissent: '刘志刚、陈红、孙国庆不同意：资金未落实。',
        chiefDiffersReason: '县级补助资金已确认下达，汛期前必须完工。',
      },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().items[0]).toMatchObject({
      conclusion: 'adopted',
      dissent: '刘志刚、陈红、孙国庆不同意：资金未落实。',
      chiefDiffersReason: '县级补助资金已确认下达，汛期前必须完工。',
      chiefView: '王建国：同意。',
    });
    expect(ok.json().status).toBe('held');
    // Held: the agenda is closed.
    const late = await req('fazhiban')('POST', `/api/meetings/${m.id}/items`, {
      subject: 'x',
      version: ok.json().version,
    });
    expect(late.statusCode).toBe(409);
  });

  it('every item must be recorded, and a speaker must be present', async () => {
    const m = await withItem();
    const missing = await hold({ ...m, items: [] }, { items: [] });
    expect(missing.statusCode).toBe(400);
    const stranger = await hold(m, {}, { views: [{ name: '路人甲', view: 'agree', words: '' }, ...views()] });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().error.message).toContain('路人甲不是本次会议的出席人员');
    const item = { id: Number(m.items[0]!.id), views: views(), conclusion: 'adopted', conclusionText: '同意。' };
    const twice = await hold(m, { items: [item, item] });
    expect(twice.statusCode).toBe(422);
    expect(twice.json().error.message).toContain('同一议题记录了两次');
  });

  it('the held item satisfies the case gate (gate.ts) and shows on the case page for its readers only', async () => {
    const m = await withItem('研究张三违法建设案处罚决定', Number(ids.penalty));
    const res = await hold(m);
    expect(res.statusCode, res.body).toBe(200);
    const refs = await meetingItemsForCase(h.db.database.db, ids.town, Number(ids.penalty));
    expect(refs.some((r) => r.meetingId === Number(m.id) && r.status === 'held' && r.conclusion === 'adopted')).toBe(
      true,
    );
    const mine = await req('zhifa')('GET', `/api/cases/${ids.penalty}/meetings`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items).toContainEqual(
      expect.objectContaining({ meetingId: m.id, status: 'held', conclusion: 'adopted', canOpen: true }),
    );
    // The county reads the penalty case but not the town's meetings: the items, without a link.
    const county = await req('county')('GET', `/api/cases/${ids.penalty}/meetings`);
    expect(county.statusCode).toBe(200);
    expect(county.json().items.every((i: { canOpen: boolean }) => !i.canOpen)).toBe(true);
    // Those who cannot see the case: 404, its existence not confirmed.
    for (const who of ['xinfang', 'tiaojie', 'cun01']) {
      expect((await req(who)('GET', `/api/cases/${ids.penalty}/meetings`)).statusCode, who).toBe(404);
    }
    expect((await req('sysadmin')('GET', `/api/cases/${ids.penalty}/meetings`)).statusCode).toBe(403);
  });
});

describe('who reads and keeps the meetings', () => {
  it('town offices read, leader/fazhiban/sifasuo write, villages and the county get a Chinese 403', async () => {
    const m = await planned();
    for (const who of ['leader', 'fazhiban', 'sifasuo', 'zhifa', 'tiaojie', 'xinfang']) {
      expect((await req(who)('GET', `/api/meetings/${m.id}`)).statusCode, who).toBe(200);
    }
    for (const who of ['cun01', 'county']) {
      const res = await req(who)('GET', '/api/meetings');
      expect(res.statusCode, who).toBe(403);
      expect(res.json().error.message).toMatch(/^您的角色无权查看会议记录/);
    }
    const write = await req('zhifa')('POST', '/api/meetings', plan());
    expect(write.statusCode).toBe(403);
    expect(write.json().error.message).toMatch(/^您的角色无权安排或记录会议/);
  });

  it('lists by year and month, kind and status', async () => {
    const res = await req('tiaojie')('GET', '/api/meetings?year=2026&month=3&kind=joint');
    expect(res.statusCode).toBe(200);
    expect(res.json().canWrite).toBe(false);
    expect(res.json().items.length).toBeGreaterThan(3);
    expect(
      res
        .json()
        .items.every((m: { heldOn: string; kind: string }) => m.heldOn.startsWith('2026-03') && m.kind === 'joint'),
    ).toBe(true);
    const april = await req('tiaojie')('GET', '/api/meetings?year=2026&month=4');
    expect(april.json().items).toEqual([]);
    const cancelled = await req('leader')('GET', '/api/meetings?status=cancelled');
    expect(cancelled.json().items.every((m: { status: string }) => m.status === 'cancelled')).toBe(true);
    expect(cancelled.json().items.length).toBeGreaterThan(0);
  });
});

describe('会议纪要', () => {
  it('downloads the minutes of a held meeting as a .docx with attendance, views in order, conclusion, dissent', async () => {
    const list = await req('leader')('GET', '/api/meetings?status=held');
    const withReason = list.json().items.at(-1);
    const detail = (await req('leader')('GET', `/api/meetings/${withReason.id}`)).json();
    const res = await req('leader')('GET', `/api/meetings/${detail.id}/minutes.docx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
    expect(text).toContain('湾头桥镇党政联席会纪要');
    expect(text).toContain(detail.title);
    expect(text).toContain('出席：');
    expect(text).toContain('（行政首长，最后发言）');
    const at = (s: string) => text.indexOf(s);
    expect(at('刘志刚：')).toBeLessThan(at('王建国（行政首长'));
    // A planned meeting has no minutes yet.
    const m = await planned();
    expect((await req('leader')('GET', `/api/meetings/${m.id}/minutes.docx`)).statusCode).toBe(409);
  });
});

describe('the figures and the demo year', () => {
  it('demo 2023: meetings through the year with ten agenda items linked to no case, each by the rules', async () => {
    const db = h.db.database.db;
    const lines = await seedMeetingsDemo(db, {
      year: 2023,
      now: new Date('2026-03-02T09:00:00+08:00'),
      until: new Date('2024-03-31T00:00:00+08:00'),
    });
    expect(lines[0]).toMatch(/议题 10 项/);
    // Written once.
    expect(await seedMeetingsDemo(db, { year: 2023, now: new Date(), until: new Date('2024-03-31') })).toEqual([]);
    const rows = await db
      .selectFrom('meeting_items as i')
      .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
      .select([
        'm.attendees',
        'm.chief_name',
        'i.views',
        'i.conclusion',
        'i.conclusion_text',
        'i.chief_differs_reason',
        'i.case_id',
      ])
      .where('m.held_on', '>=', '2023-01-01')
      .where('m.held_on', '<=', '2023-12-31')
      .execute();
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      expect(r.case_id).toBeNull();
      expect(r.chief_name).toBe(DEMO_CHIEF);
      const attendees = r.attendees as never[];
      expect(quorumOf(attendees).met).toBe(true);
      expect(
        itemRecordProblems(
          {
            views: r.views as never[],
            conclusion: r.conclusion,
            conclusionText: r.conclusion_text,
            chiefDiffersReason: r.chief_differs_reason,
          },
          attendees,
          DEMO_CHIEF,
        ),
      ).toEqual([]);
    }
  });

  it('decision.collective and decision.meetings against a hand count, with drill-downs', async () => {
    const db = h.db.database.db;
    // A held meeting of 2023 through the areas' entry, with one case item, and a cancelled one that counts for nothing.
    await insertHeldMeeting(db, {
      townId: ids.town,
      createdBy: ids.fazhiban,
      kind: 'team',
      title: '2023年镇长办公会议（测试）',
      heldOn: '2023-12-28',
      chiefName: '王建国',
      attendees: [
        { name: '王建国', post: '书记', role: 'member', present: true },
        { name: '刘志刚', post: '镇长', role: 'member', present: true },
      ],
      now: new Date('2023-12-28T09:00:00+08:00'),
      items: [
        {
          subject: '研究张三违法建设案处罚决定',
          caseId: Number(ids.penalty),
          views: [{ name: '刘志刚', view: 'agree', words: '同意。' }],
          chiefView: '同意处罚。',
          conclusion: 'adopted',
          conclusionText: '同意作出处罚决定。',
        },
        {
          subject: '研究年终考核',
          views: [{ name: '刘志刚', view: 'agree', words: '同意。' }],
          chiefView: '同意。',
          conclusion: 'deferred',
          conclusionText: '暂缓。',
        },
      ],
    });
    const heldMeetings = await db
      .selectFrom('meetings')
      .select('id')
      .where('town_id', '=', ids.town)
      .where('status', '=', 'held')
      .where('held_on', '>=', '2023-01-01')
      .where('held_on', '<=', '2023-12-31')
      .execute();
    // Hand count: the demo's five 2023 meetings (2+2+2+2+2 items) and the test's one (2 items).
    expect(heldMeetings).toHaveLength(6);
    const facts = await req('leader')('GET', `/api/facts?year=2023&townId=${ids.town}`);
    expect(facts.statusCode, facts.body).toBe(200);
    const body = facts.json();
    const value = (key: string) =>
      (body.modules as { facts: { key: string; value: number | null }[] }[])
        .flatMap((m) => m.facts)
        .find((f) => f.key === key)?.value;
    expect(value('decision.meetings')).toBe(6);
    expect(value('decision.collective')).toBe(12);
    const drill = await req('leader')('GET', `/api/facts/decision.collective/records?year=2023&townId=${ids.town}`);
    expect(drill.statusCode, drill.body).toBe(200);
    expect(drill.json().total).toBe(12);
    expect(drill.json().records[0].href).toMatch(/^\/meetings\/\d+$/);
    // 2026's meetings of the tests above are not 2023's.
    const y2026 = await req('leader')('GET', `/api/facts?year=2026&townId=${ids.town}`);
    expect(y2026.statusCode).toBe(200);
  });
});
