/**
 * Issue 13: 修改基本信息 after registration (an event old → new, an audit row in words, the
 * writer's scope, the version check, closed cases) and data entered once (decision 0007): an
 * action is filled from the document just issued for it, refuses a value contradicting it, and
 * is locked again when that document is voided; on both modules.
 */
import { shanghaiDate } from '@fazhi/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefillProblems } from '../src/cases/registry.ts';
import { mediationCaseType } from '../src/modules/mediation/case-type.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { petitionModule } from '../src/modules/petition/index.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, tiaojie: 0 };
const ID_A = '110101199003070011';
const ID_B = '110101199003070038';

beforeAll(async () => {
  h = await harness({}, { modules: [mediationModule, petitionModule], demo: true });
  const db = h.db.database.db;
  for (const u of ['tiaojie', 'xinfang', 'cun01', 'cun02', 'county', 'auditor']) {
    s[u] = await login(h.app, u, 'Demo@2026');
  }
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
  ids.tiaojie = (
    await db.selectFrom('users').select('id').where('username', '=', 'tiaojie').executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

const call = (who: string) => as(h.app, s[who]!);
const today = () => shanghaiDate(h.clock.now());

type Detail = {
  id: string;
  version: number;
  title: string;
  unitName: string | null;
  fields: Record<string, unknown>;
  parties: { id: string; phoneMasked: string | null; address: string | null }[];
  events: { action: string; actionLabel: string }[];
  documents: { id: string; kind: string }[];
  actions: {
    key: string;
    enabled: boolean;
    reason?: string;
    prefill?: { title: string; number: string | null; values: Record<string, unknown> };
  }[];
};

function dispute(unitId = ids.village1) {
  return {
    type: 'mediation',
    title: '张德明与李国强排水纠纷',
    unitId: String(unitId),
    fields: {
      channel: 'walk_in',
      disputeType: 'neighbor',
      peopleCount: 2,
      summary: '被申请人新修排水沟将污水排向申请人院墙。',
      requests: '请求改建排水沟。',
      receivedOn: today(),
    },
    parties: [
      { role: 'applicant', name: '张德明', idNumber: ID_A, phone: '13812345678', address: '湾头村3组17号' },
      { role: 'respondent', name: '李国强', idNumber: ID_B },
    ],
  };
}

async function ok(r: { statusCode: number; body: string; json: () => unknown }, what: string): Promise<Detail> {
  expect(r.statusCode, `${what}: ${r.body}`).toBe(200);
  return r.json() as Detail;
}
const create = async (who: string, body: unknown) => ok(await call(who)('POST', '/api/cases', body), 'create');
const act = async (who: string, c: Detail, action: string, input?: unknown) =>
  ok(
    await call(who)('POST', `/api/cases/${c.id}/actions/${action}`, {
      version: c.version,
      ...(input === undefined ? {} : { input }),
    }),
    action,
  );
const issue = async (who: string, c: Detail, kind: string, input?: unknown) =>
  ok(
    await call(who)('POST', `/api/cases/${c.id}/documents`, {
      version: c.version,
      kind,
      ...(input === undefined ? {} : { input }),
    }),
    kind,
  );
const edit = (who: string, c: Detail, body: Record<string, unknown>) =>
  call(who)('PATCH', `/api/cases/${c.id}`, { version: c.version, ...body });
const action = (c: Detail, key: string) => c.actions.find((a) => a.key === key);

describe('修改基本信息 after registration', () => {
  it('records each change old → new on the timeline, masks numbers, and audits what changed in words', async () => {
    const c = await create('tiaojie', dispute());
    const applicant = c.parties[0]!;
    const after = await ok(
      await edit('tiaojie', c, {
        title: '张德明与李国强排水沟纠纷',
        fields: { disputeType: 'land', amount: 3000 },
        parties: [{ id: applicant.id, phone: '13900001111', address: '湾头村3组18号' }],
      }),
      'edit',
    );
    expect(after.title).toBe('张德明与李国强排水沟纠纷');
    expect(after.fields).toMatchObject({ disputeType: 'land', amount: 3000 });
    expect(after.parties[0]).toMatchObject({ phoneMasked: '139****1111', address: '湾头村3组18号' });
    expect(after.version).toBe(c.version + 1);
    const event = after.events.at(-1)!;
    expect(event.action).toBe('edit_basic');
    expect(event.actionLabel).toBe(
      '修改基本信息：标题：张德明与李国强排水纠纷 → 张德明与李国强排水沟纠纷；纠纷类型：邻里 → 土地/宅基地；涉及金额（元）：（空） → 3000；申请人张德明的联系电话：138****5678 → 139****1111；申请人张德明的住址：湾头村3组17号 → 湾头村3组18号',
    );
    expect(JSON.stringify(after.events)).not.toContain('13900001111');

    const audit = await call('auditor')('GET', '/api/audit?limit=200');
    const row = (
      audit.json().items as { action: string; target: string; actionLabel?: string; detailsText: string }[]
    ).find((e) => e.action === 'case.edit' && e.target === `case:${c.id}`);
    expect(row?.detailsText).toContain(
      '修改内容：标题、纠纷类型、涉及金额（元）、申请人张德明的联系电话、申请人张德明的住址',
    );
    // Personal data stays out of the audit log: the new title and number are not in it.
    expect(JSON.stringify(row)).not.toContain('排水沟纠纷');
    expect(JSON.stringify(row)).not.toContain('1111');
  });

  it('turns a stale version into a 409 naming who changed the case', async () => {
    const c = await create('tiaojie', dispute());
    await ok(await edit('tiaojie', c, { title: '第一次修改' }), 'first');
    const stale = await edit('tiaojie', c, { title: '第二次修改' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toContain('陈静');
  });

  it('refuses a NUL in the title with a 400 naming 标题, and a field that is not basic information', async () => {
    const c = await create('tiaojie', dispute());
    const nul = await edit('tiaojie', c, { title: '排水\u0000纠纷' });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toContain('标题');
    const received = await edit('tiaojie', c, { fields: { receivedOn: '2026-01-01' } });
    expect(received.statusCode).toBe(400);
    expect(received.json().error.fields).toEqual([
      { path: 'fields.receivedOn', message: '「收到日期」不属于登记后可修改的基本信息' },
    ]);
    const blank = await edit('tiaojie', c, { fields: { summary: '' } });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.message).toContain('纠纷简要情况');
  });

  it('lets a village cadre correct their own village case but not move it out, and nobody outside scope', async () => {
    const c = await create('cun01', dispute());
    const fixed = await ok(await edit('cun01', c, { title: '张德明与李国强排水纠纷（更正）' }), 'cun01');
    const moved = await edit('cun01', fixed, { unitId: String(ids.village2) });
    expect(moved.statusCode).toBe(403);
    expect(moved.json().error.message).toBe('只能把案件改到本人负责的村（社区）或部门');
    // Another village's cadre does not see the case at all (scope: 404, not 403).
    expect((await edit('cun02', fixed, { title: 'x' })).statusCode).toBe(404);
    // 县级督查 reads it but writes nothing.
    expect((await edit('county', fixed, { title: 'x' })).statusCode).toBe(403);
    // The centre may move it, and the timeline names both villages.
    const town = await ok(await edit('tiaojie', fixed, { unitId: String(ids.village2) }), 'move');
    expect(town.unitName).toBe('桥东村村民委员会');
    expect(town.events.at(-1)!.actionLabel).toBe('修改基本信息：所属村（社区）：湾头村村民委员会 → 桥东村村民委员会');
  });

  it('keeps a case without a village with the town, and a closed case is not editable (409)', async () => {
    const { unitId: _, ...noVillage } = dispute();
    let c = await create('tiaojie', noVillage);
    expect(c.unitName).toBeNull();
    c = await issue('tiaojie', c, 'rejection_notice', { rejectionGround: 'not_civil', rejectionReason: '系行政争议' });
    c = await act('tiaojie', c, 'decline', {});
    expect(c.fields).toMatchObject({ rejectionGround: 'not_civil', rejectionReason: '系行政争议' });
    const closed = await edit('tiaojie', c, { title: '改不了' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.message).toContain('不能修改基本信息');
  });
});

describe('data entered once: mediation (decision 0007)', () => {
  it('records the session from its 笔录 and the agreement from its 协议书, each typed once', async () => {
    let c = await create('tiaojie', dispute());
    c = await issue('tiaojie', c, 'registration');
    c = await act('tiaojie', c, 'accept');
    c = await act('tiaojie', c, 'route', { route: 'people', committee: '湾头桥镇人民调解委员会' });
    c = await act('tiaojie', c, 'assign', { assigneeId: String(ids.tiaojie) });
    expect(action(c, 'record_session')).toMatchObject({ enabled: false, reason: '请先出具《调解笔录》' });
    expect(action(c, 'record_session')?.prefill).toBeUndefined();

    const session = { date: today(), place: '湾头村调解室', content: '双方同意改建排水沟，费用各半。' };
    c = await issue('tiaojie', c, 'session_record', session);
    expect(action(c, 'record_session')).toMatchObject({
      enabled: true,
      prefill: { title: '调解笔录', values: { date: session.date, place: session.place, summary: session.content } },
    });
    // Only what the 笔录 does not hold is typed: everyone present, by name.
    c = await act('tiaojie', c, 'record_session', { attendees: ['张德明', '李国强'] });
    expect(c.fields.sessions).toEqual([
      { date: session.date, place: session.place, attendees: ['张德明', '李国强'], summary: session.content },
    ]);

    const terms = {
      agreementTerms: '被申请人于三十日内改建排水沟。',
      performanceMethod: '自行施工',
      performanceDue: '2026-04-01',
    };
    c = await issue('tiaojie', c, 'agreement', terms);
    expect(action(c, 'agree_written')?.prefill?.values).toEqual(terms);
    // A different term than the signed paper is refused, naming the field.
    const clash = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/agree_written`, {
      version: c.version,
      input: { ...terms, agreementTerms: '另一内容', agreementEffectiveOn: today() },
    });
    expect(clash.statusCode).toBe(400);
    expect(clash.json().error.fields[0]).toMatchObject({ path: 'input.agreementTerms' });
    expect(clash.json().error.message).toContain('协议内容与已出具的《人民调解协议书》不一致');
    c = await act('tiaojie', c, 'agree_written', { agreementEffectiveOn: today() });
    expect(c.fields).toMatchObject({ ...terms, agreementType: 'written', agreementEffectiveOn: today() });
  });

  it('locks the action again when its document is voided, and fills it from the corrected copy', async () => {
    let c = await create('tiaojie', dispute());
    c = await issue('tiaojie', c, 'rejection_notice', { rejectionGround: 'other', rejectionReason: '初稿理由' });
    const doc = c.documents.at(-1)!;
    expect(action(c, 'decline')?.prefill?.values).toMatchObject({ rejectionReason: '初稿理由' });
    c = await ok(
      await call('tiaojie')('POST', `/api/documents/${doc.id}/void`, { version: c.version, reason: '理由写错' }),
      'void',
    );
    expect(action(c, 'decline')).toMatchObject({ enabled: false, reason: '请先出具《不予受理告知书》' });
    expect(action(c, 'decline')?.prefill).toBeUndefined();
    c = await ok(
      await call('tiaojie')('POST', `/api/cases/${c.id}/documents`, {
        version: c.version,
        kind: 'rejection_notice',
        replaces: doc.id,
        input: { rejectionGround: 'reserved', rejectionReason: '更正理由' },
      }),
      'correct',
    );
    expect(action(c, 'decline')).toMatchObject({
      enabled: true,
      prefill: { values: { rejectionGround: 'reserved', rejectionReason: '更正理由' } },
    });
  });
});

describe('data entered once: petition (decision 0007)', () => {
  it('records the 处理意见 from the 信访处理意见书 just issued', async () => {
    let c = await create('xinfang', {
      type: 'petition',
      title: '反映村道硬化路面开裂',
      unitId: String(ids.village1),
      fields: {
        channel: 'letter',
        source: 'direct',
        receivedOn: today(),
        category: 'claim',
        field: '农村公路',
        summary: '村道硬化不到一年多处开裂。',
        requests: '要求返工修复路面。',
        peopleCount: 1,
      },
      parties: [{ role: 'petitioner', name: '张桂英', idNumber: ID_A }],
    });
    c = await issue('xinfang', c, 'acceptance_notice', {});
    c = await act('xinfang', c, 'accept');
    c = await act('xinfang', c, 'investigate', { heardOn: today(), findings: '路面确有开裂，系施工质量问题。' });
    const opinion = {
      opinion: 'support',
      facts: '路面开裂属实。',
      reasons: '施工单位应在保修期内修复。',
      legalBasis: '《建设工程质量管理条例》第四十条',
    };
    c = await issue('xinfang', c, 'handling_opinion', opinion);
    expect(action(c, 'reply')?.prefill).toMatchObject({ title: '信访处理意见书', values: opinion });
    c = await act('xinfang', c, 'reply', {});
    expect(c.fields.reply).toMatchObject(opinion);
  });
});

describe('the registry checks each prefill against the template (decision 0007)', () => {
  it('names a document field the template does not take, and a kind that does not match', () => {
    const a = mediationCaseType.type.actions.record_session!;
    const broken = {
      ...mediationCaseType,
      type: {
        ...mediationCaseType.type,
        actions: {
          ...mediationCaseType.type.actions,
          record_session: {
            ...a,
            prefill: { document: 'session_record', fields: { attendees: 'attendees', summary: 'minutes' } },
          },
        },
      },
    };
    expect(prefillProblems(broken)).toEqual([
      'action "record_session" prefill: "attendees" ({"type":"array"}) cannot take "attendees" ({"type":"string"})',
      'action "record_session" prefill: "minutes" is not an input field of the template "session_record"',
    ]);
    expect(prefillProblems(mediationCaseType)).toEqual([]);
  });
});
