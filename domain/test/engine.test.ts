/**
 * The case engine, exercised through a demo case type defined here (not in src):
 * a petition (信访事项) cut down to what the engine has to get right. Every expected
 * due date was worked out by hand from the article and the State Council notice
 * cited next to it, then checked against the calendar module.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isIsoDate } from '../src/calendar/dates.ts';
import {
  type AllowedAction,
  type AnyCaseType,
  type AppError,
  allowedActions,
  applyAction,
  type CaseSnapshot,
  type ClockStatus,
  clockPassedProblem,
  clockStatus,
  createCalendar,
  createCase,
  defineCaseType,
  type EngineUser,
  isAppError,
  shanghaiDate,
} from '../src/index.ts';

const calendar = createCalendar();

// ---------------------------------------------------------------------------
// The demo case type: registered → accepted → replied → closed.
// ---------------------------------------------------------------------------

const isoDate = (label: string) =>
  z.string().refine(isIsoDate, { message: '应为YYYY-MM-DD格式的日期' }).describe(label);

const PetitionFields = z.object({
  petitioner: z.string().trim().min(1).describe('信访人'),
  receivedOn: isoDate('收到日期'),
  handler: z.string().trim().min(1).optional().describe('承办人'),
  acceptedOn: isoDate('受理日期').optional(),
  routedTo: z.string().optional().describe('有权处理机关'),
});

const demoPetition = defineCaseType({
  key: 'demo_petition',
  label: '信访事项（演示）',
  numbering: '{town}信〔{year}〕{seq}号',
  fields: PetitionFields,
  states: {
    registered: { label: '已登记' },
    accepted: { label: '已受理' },
    replied: { label: '已出具处理意见' },
    review_requested: { label: '已申请复查', terminal: true },
    closed: { label: '已办结', terminal: true },
  },
  initial: 'registered',
  create: { roles: ['xinfang'] },
  access: { read: ['xinfang', 'leader'] },
  documents: {
    acceptance_notice: '受理告知书',
    extension_notice: '延期告知书',
    handling_opinion: '信访处理意见书',
  },
  actions: {
    accept: {
      label: '受理',
      from: ['registered'],
      to: 'accepted',
      roles: ['xinfang'],
      requires: { documents: ['acceptance_notice'] },
      effects: (_c, _input, now) => ({ acceptedOn: shanghaiDate(now) }),
    },
    route_out: {
      label: '告知向有权机关提出',
      from: ['registered'],
      to: 'closed',
      roles: ['xinfang'],
      input: z.object({ authority: z.string().trim().min(1).describe('有权处理机关') }),
      effects: (_c, input) => ({ routedTo: input.authority }),
    },
    assign: {
      label: '指定承办人',
      from: ['accepted'],
      roles: ['xinfang', 'leader'],
      input: z.object({ handler: z.string().trim().min(1).describe('承办人') }),
      effects: (_c, input) => ({ handler: input.handler }),
    },
    extend: {
      label: '延长办理期限',
      from: ['accepted'],
      roles: ['xinfang'],
      approval: { roles: ['leader'] },
      input: z.object({
        length: z.number().int().min(1).max(30).describe('延长天数'),
        reason: z.string().trim().min(1).describe('延期理由'),
      }),
      requires: { documents: ['extension_notice'] },
    },
    reply: {
      label: '出具处理意见',
      from: ['accepted'],
      to: 'replied',
      roles: ['xinfang'],
      input: z.object({ servedOn: isoDate('送达日期') }),
      requires: {
        fields: ['handler'],
        documents: ['handling_opinion'],
        guard: (c, input, now) => {
          if (!input) return null;
          if (c.fields.acceptedOn && input.servedOn < c.fields.acceptedOn) return '送达日期不得早于受理日期';
          if (input.servedOn > shanghaiDate(now)) return '送达日期不得晚于今天';
          return null;
        },
      },
    },
    request_review: { label: '登记复查请求', from: ['replied'], to: 'review_requested', roles: ['xinfang'] },
    close: { label: '办结', from: ['replied'], to: 'closed', roles: ['xinfang', 'leader'] },
    reopen: { label: '重新办理', from: ['closed'], to: 'accepted', roles: ['leader'], fromTerminal: true },
  },
  clocks: {
    acceptance: {
      label: '受理告知期限',
      start: { on: 'create', from: 'receivedOn' },
      length: 15,
      unit: 'd',
      stopOn: ['accept', 'route_out'],
      basis: '信访工作条例 第23条',
    },
    handling: {
      label: '办理期限',
      start: { on: 'accept' },
      length: 60,
      unit: 'd',
      stopOn: ['reply'],
      extension: { action: 'extend', max: 30, notice: 'extension_notice', inform: '延期理由' },
      basis: '信访工作条例 第34条',
    },
    review_window: {
      label: '申请复查期限',
      kind: 'window',
      start: { on: 'reply', from: 'servedOn' },
      length: 30,
      unit: 'd',
      stopOn: ['request_review'],
      basis: '信访工作条例 第35条',
    },
  },
});

// ---------------------------------------------------------------------------
// Helpers: users, instants, a tiny "server" that applies results to a snapshot.
// ---------------------------------------------------------------------------

const xinfang: EngineUser = { id: 'u-xf', roles: ['xinfang'] };
const xinfang2: EngineUser = { id: 'u-xf2', roles: ['xinfang'] };
const leader: EngineUser = { id: 'u-ld', roles: ['leader'] };
const tiaojie: EngineUser = { id: 'u-tj', roles: ['tiaojie'] };
const village: EngineUser = { id: 'u-vl', roles: ['village'] };
/** A 信访办 official who is also a town leader (兼职). */
const both: EngineUser = { id: 'u-both', roles: ['xinfang', 'leader'] };

/** '2023-09-20 10:00' → Beijing-time instant. */
const t = (local: string) => `${local.replace(' ', 'T')}:00+08:00`;

function ok<T>(r: T | AppError): T {
  if (isAppError(r)) throw new Error(`unexpected AppError ${r.code}: ${r.message}`);
  return r;
}

function err(r: unknown): AppError {
  if (!isAppError(r)) throw new Error(`expected an AppError, got ${JSON.stringify(r)}`);
  return r;
}

function open(receivedOn: string, at: string): CaseSnapshot {
  const r = ok(createCase(demoPetition, { petitioner: '张三', receivedOn }, xinfang, at));
  return {
    id: 'c1',
    type: 'demo_petition',
    state: r.state,
    version: 1,
    fields: r.fields,
    events: r.events,
    documents: [],
    createdBy: xinfang.id,
  };
}

function run(c: CaseSnapshot, action: string, input: unknown, user: EngineUser, at: string): CaseSnapshot {
  const r = ok(applyAction(demoPetition, c, action, input, user, at));
  return {
    ...c,
    state: r.newState,
    version: c.version + 1,
    fields: r.fields,
    events: [...c.events, ...r.events],
  };
}

function issue(c: CaseSnapshot, kind: string, at: string): CaseSnapshot {
  return { ...c, documents: [...c.documents, { kind, issuedAt: at }] };
}

function clock(c: CaseSnapshot, key: string, now: string): ClockStatus {
  const found = clockStatus(demoPetition, c, calendar, now).find((s) => s.key === key);
  if (!found) throw new Error(`no clock ${key}`);
  return found;
}

/** A case accepted on 2025-12-22 (Mon), with a handler: ready to reply or extend. */
function acceptedCase(): CaseSnapshot {
  let c = open('2025-12-19', t('2025-12-19 09:00'));
  c = issue(c, 'acceptance_notice', t('2025-12-22 09:00'));
  c = run(c, 'accept', undefined, xinfang, t('2025-12-22 10:00'));
  return run(c, 'assign', { handler: '李四' }, xinfang, t('2025-12-22 11:00'));
}

function repliedCase(): CaseSnapshot {
  const c = issue(acceptedCase(), 'handling_opinion', t('2026-01-05 09:00'));
  return run(c, 'reply', { servedOn: '2026-01-05' }, xinfang, t('2026-01-05 10:00'));
}

function closedCase(): CaseSnapshot {
  return run(repliedCase(), 'close', undefined, xinfang, t('2026-02-10 10:00'));
}

// ---------------------------------------------------------------------------
// Workflow: who may do what, in which state.
// ---------------------------------------------------------------------------

describe('roles: every transition allowed or forbidden per role', () => {
  const NOW = t('2026-01-05 15:00');
  const caseIn = {
    registered: () => issue(open('2025-12-19', t('2025-12-19 09:00')), 'acceptance_notice', t('2025-12-22 09:00')),
    accepted: () => issue(acceptedCase(), 'handling_opinion', t('2026-01-05 09:00')),
    replied: repliedCase,
    closed: closedCase,
  };
  const inputs: Record<string, unknown> = {
    route_out: { authority: '县人力资源和社会保障局' },
    assign: { handler: '王五' },
    'request_approval:extend': { length: 30, reason: '案情复杂，需补充调查' },
    reply: { servedOn: '2026-01-05' },
  };
  const rows: [action: string, state: keyof typeof caseIn, allowed: EngineUser[], refused: EngineUser[]][] = [
    ['accept', 'registered', [xinfang], [leader, tiaojie, village]],
    ['route_out', 'registered', [xinfang], [leader, tiaojie, village]],
    ['assign', 'accepted', [xinfang, leader], [tiaojie, village]],
    ['request_approval:extend', 'accepted', [xinfang], [leader, tiaojie, village]],
    ['reply', 'accepted', [xinfang], [leader, tiaojie, village]],
    ['request_review', 'replied', [xinfang], [leader, tiaojie, village]],
    ['close', 'replied', [xinfang, leader], [tiaojie, village]],
    ['reopen', 'closed', [leader], [xinfang, tiaojie, village]],
  ];
  for (const [action, state, allowed, refused] of rows) {
    for (const user of allowed) {
      it(`${action} in ${state}: ${user.roles.join('+')} may`, () => {
        const r = applyAction(demoPetition, caseIn[state](), action, inputs[action], user, NOW);
        expect(isAppError(r) ? r.message : 'ok').toBe('ok');
      });
    }
    for (const user of refused) {
      it(`${action} in ${state}: ${user.roles.join('+')} may not (FORBIDDEN)`, () => {
        const e = err(applyAction(demoPetition, caseIn[state](), action, inputs[action], user, NOW));
        expect(e.code).toBe('FORBIDDEN');
        expect(e.status).toBe(403);
      });
    }
  }

  it('names the roles that may act, in Chinese', () => {
    const e = err(applyAction(demoPetition, caseIn.registered(), 'accept', undefined, village, NOW));
    expect(e.message).toBe('仅信访办可以执行「受理」');
  });

  it('the transitions lead to the declared states', () => {
    const c = caseIn.registered();
    expect(ok(applyAction(demoPetition, c, 'accept', undefined, xinfang, NOW)).newState).toBe('accepted');
    expect(ok(applyAction(demoPetition, c, 'route_out', inputs.route_out, xinfang, NOW)).newState).toBe('closed');
    expect(ok(applyAction(demoPetition, repliedCase(), 'request_review', undefined, xinfang, NOW)).newState).toBe(
      'review_requested',
    );
    expect(ok(applyAction(demoPetition, closedCase(), 'reopen', undefined, leader, NOW)).newState).toBe('accepted');
    // assign keeps the state
    expect(ok(applyAction(demoPetition, caseIn.accepted(), 'assign', inputs.assign, leader, NOW)).newState).toBe(
      'accepted',
    );
  });
});

describe('state: an action only from its from-states (CONFLICT)', () => {
  const NOW = t('2026-02-11 10:00');
  const rows: [label: string, build: () => CaseSnapshot, action: string, message: string][] = [
    [
      'reply before accepting',
      () => open('2025-12-19', t('2025-12-19 09:00')),
      'reply',
      '当前状态「已登记」不能执行「出具处理意见」',
    ],
    ['accept twice', acceptedCase, 'accept', '当前状态「已受理」不能执行「受理」'],
    ['accept a closed case', closedCase, 'accept', '当前状态「已办结」（已终结）不能执行「受理」'],
    [
      'close after a review request',
      () => run(repliedCase(), 'request_review', undefined, xinfang, NOW),
      'close',
      '当前状态「已申请复查」（已终结）不能执行「办结」',
    ],
    [
      'request approval to extend a replied case',
      repliedCase,
      'request_approval:extend',
      '当前状态「已出具处理意见」不能执行「申请审批：延长办理期限」',
    ],
  ];
  for (const [label, build, action, message] of rows) {
    it(label, () => {
      const e = err(applyAction(demoPetition, build(), action, {}, xinfang, NOW));
      expect(e.code).toBe('CONFLICT');
      expect(e.message).toBe(message);
    });
  }

  it('state is checked before role: a village cadre on a closed case gets CONFLICT, not FORBIDDEN', () => {
    expect(err(applyAction(demoPetition, closedCase(), 'accept', undefined, village, NOW)).code).toBe('CONFLICT');
  });

  it('an unknown action is a VALIDATION error', () => {
    for (const key of ['approve', 'delete', 'approve:accept', 'approve:nope', 'request_approval:reply']) {
      const e = err(applyAction(demoPetition, acceptedCase(), key, {}, xinfang, NOW));
      expect([key, e.code]).toEqual([key, 'VALIDATION']);
    }
  });

  it('refuses a case of another type', () => {
    const c = { ...acceptedCase(), type: 'mediation' };
    expect(err(applyAction(demoPetition, c, 'assign', { handler: '王五' }, xinfang, NOW)).code).toBe('VALIDATION');
    expect(allowedActions(demoPetition, c, xinfang, NOW)).toEqual([]);
  });
});

describe('documents and fields gate actions, with the Chinese reason', () => {
  const NOW = t('2026-01-05 15:00');

  it('a petition cannot be accepted before its 受理告知书 exists', () => {
    const c = open('2025-12-19', t('2025-12-19 09:00'));
    const e = err(applyAction(demoPetition, c, 'accept', undefined, xinfang, NOW));
    expect([e.code, e.status, e.message]).toEqual(['UNPROCESSABLE', 422, '请先出具《受理告知书》']);
    expect(allowedActions(demoPetition, c, xinfang, NOW).find((a) => a.key === 'accept')).toEqual({
      key: 'accept',
      label: '受理',
      kind: 'action',
      action: 'accept',
      enabled: false,
      reason: '请先出具《受理告知书》',
      hasInput: false,
    });
    const issued = issue(c, 'acceptance_notice', t('2025-12-22 09:00'));
    expect(allowedActions(demoPetition, issued, xinfang, NOW).find((a) => a.key === 'accept')?.enabled).toBe(true);
  });

  it('a reply needs the handler filled in, then the 信访处理意见书', () => {
    let c = issue(open('2025-12-19', t('2025-12-19 09:00')), 'acceptance_notice', t('2025-12-22 09:00'));
    c = run(c, 'accept', undefined, xinfang, t('2025-12-22 10:00'));
    const input = { servedOn: '2026-01-05' };
    expect(err(applyAction(demoPetition, c, 'reply', input, xinfang, NOW)).message).toBe('请先填写「承办人」');
    c = run(c, 'assign', { handler: '李四' }, xinfang, t('2025-12-23 10:00'));
    expect(err(applyAction(demoPetition, c, 'reply', input, xinfang, NOW)).message).toBe('请先出具《信访处理意见书》');
    c = issue(c, 'handling_opinion', t('2026-01-05 09:00'));
    expect(ok(applyAction(demoPetition, c, 'reply', input, xinfang, NOW)).newState).toBe('replied');
  });

  it('the guard refuses with its own reason (UNPROCESSABLE)', () => {
    const c = issue(acceptedCase(), 'handling_opinion', t('2026-01-05 09:00'));
    const early = err(applyAction(demoPetition, c, 'reply', { servedOn: '2025-12-20' }, xinfang, NOW));
    expect([early.code, early.message]).toEqual(['UNPROCESSABLE', '送达日期不得早于受理日期']);
    const future = err(applyAction(demoPetition, c, 'reply', { servedOn: '2026-01-06' }, xinfang, NOW));
    expect(future.message).toBe('送达日期不得晚于今天');
  });

  it('input is validated with Chinese messages naming each field (VALIDATION)', () => {
    const c = issue(acceptedCase(), 'handling_opinion', t('2026-01-05 09:00'));
    const e = err(applyAction(demoPetition, c, 'reply', { servedOn: '2026-02-30' }, xinfang, NOW));
    expect(e.code).toBe('VALIDATION');
    expect(e.fields).toEqual([{ path: 'servedOn', message: '送达日期：应为YYYY-MM-DD格式的日期' }]);
    const missing = err(applyAction(demoPetition, c, 'assign', {}, xinfang, NOW));
    expect(missing.fields?.[0]?.path).toBe('handler');
    expect(missing.fields?.[0]?.message).toMatch(/^承办人：/);
    expect(missing.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('input is checked before documents: a bad form is reported before a missing document', () => {
    const e = err(applyAction(demoPetition, acceptedCase(), 'reply', { servedOn: 'soon' }, xinfang, NOW));
    expect(e.code).toBe('VALIDATION');
  });

  it('field effects are returned as a validated patch, and the event records the input', () => {
    const r = ok(applyAction(demoPetition, acceptedCase(), 'assign', { handler: ' 王五 ' }, leader, NOW));
    expect(r.fieldPatch).toEqual({ handler: '王五' });
    expect(r.fields).toMatchObject({ petitioner: '张三', handler: '王五', acceptedOn: '2025-12-22' });
    expect(r.events).toEqual([
      {
        seq: 4,
        at: '2026-01-05T07:00:00.000Z',
        actorId: 'u-ld',
        action: 'assign',
        from: 'accepted',
        to: 'accepted',
        data: { input: { handler: '王五' } },
      },
    ]);
  });

  it('a note is kept on the event', () => {
    const r = ok(applyAction(demoPetition, repliedCase(), 'close', undefined, leader, NOW, { note: '信访人表示满意' }));
    expect(r.events[0]?.note).toBe('信访人表示满意');
  });

  it('creating a case validates the fields and checks the role', () => {
    expect(err(createCase(demoPetition, { petitioner: '张三', receivedOn: '2026-01-01' }, village, NOW)).code).toBe(
      'FORBIDDEN',
    );
    const e = err(createCase(demoPetition, { petitioner: '', receivedOn: '2026-01-01' }, xinfang, NOW));
    expect(e.code).toBe('VALIDATION');
    expect(e.fields?.map((f) => f.path)).toEqual(['petitioner']);
    expect(e.fields?.[0]?.message).toMatch(/^信访人：/);
    const r = ok(createCase(demoPetition, { petitioner: '张三', receivedOn: '2026-01-01' }, xinfang, NOW));
    expect(r.state).toBe('registered');
    expect(r.events).toEqual([
      { seq: 1, at: '2026-01-05T07:00:00.000Z', actorId: 'u-xf', action: 'create', from: null, to: 'registered' },
    ]);
  });
});

describe('applyAction never mutates its input', () => {
  function deepFreeze<T>(o: T): T {
    if (o && typeof o === 'object') {
      for (const v of Object.values(o)) deepFreeze(v);
      Object.freeze(o);
    }
    return o;
  }
  it('works on a deeply frozen case and leaves it equal to before', () => {
    const c = deepFreeze(issue(acceptedCase(), 'handling_opinion', t('2026-01-05 09:00')));
    const before = JSON.stringify(c);
    const r = ok(applyAction(demoPetition, c, 'reply', { servedOn: '2026-01-05' }, xinfang, t('2026-01-05 15:00')));
    expect(r.newState).toBe('replied');
    ok(applyAction(demoPetition, c, 'assign', { handler: '王五' }, xinfang, t('2026-01-05 15:00')));
    allowedActions(demoPetition, c, xinfang, t('2026-01-05 15:00'));
    clockStatus(demoPetition, c, calendar, t('2026-01-05 15:00'));
    expect(JSON.stringify(c)).toBe(before);
  });

  it('a malformed `now` is a developer error, not a silent host-time-zone guess', () => {
    expect(() => applyAction(demoPetition, acceptedCase(), 'close', undefined, xinfang, '2026-01-05 10:00')).toThrow(
      TypeError,
    );
    expect(() => clockStatus(demoPetition, acceptedCase(), calendar, new Date(Number.NaN))).toThrow(TypeError);
  });
});

describe('allowedActions: what the buttons show', () => {
  const NOW = t('2026-01-05 15:00');
  const keys = (list: AllowedAction[]) => list.map((a) => `${a.key}${a.enabled ? '' : ' ✗'}`);

  const rows: [state: string, build: () => CaseSnapshot, user: EngineUser, expected: string[]][] = [
    ['registered', () => open('2025-12-19', t('2025-12-19 09:00')), xinfang, ['accept ✗', 'route_out']],
    ['registered', () => open('2025-12-19', t('2025-12-19 09:00')), leader, []],
    ['accepted', acceptedCase, xinfang, ['assign', 'request_approval:extend', 'extend ✗', 'reply ✗']],
    ['accepted', acceptedCase, leader, ['assign']],
    ['accepted', acceptedCase, village, []],
    ['replied', repliedCase, xinfang, ['request_review', 'close']],
    ['replied', repliedCase, leader, ['close']],
    ['closed', closedCase, leader, ['reopen']],
    ['closed', closedCase, xinfang, []],
  ];
  for (const [state, build, user, expected] of rows) {
    it(`${state}, ${user.roles.join('+')}: ${expected.join(', ') || 'nothing'}`, () => {
      expect(keys(allowedActions(demoPetition, build(), user, NOW))).toEqual(expected);
    });
  }

  it('an enabled entry in allowedActions is accepted by applyAction and a disabled one refused', () => {
    const inputs: Record<string, unknown> = { assign: { handler: '王五' }, route_out: { authority: '县法院' } };
    for (const [, build, user] of rows) {
      const c = build();
      for (const a of allowedActions(demoPetition, c, user, NOW)) {
        if (a.kind !== 'action') continue;
        const r = applyAction(demoPetition, c, a.key, inputs[a.key] ?? { servedOn: '2026-01-05' }, user, NOW);
        expect([a.key, isAppError(r) ? r.message : 'ok']).toEqual([a.key, a.enabled ? 'ok' : a.reason]);
      }
    }
  });
});

// ---------------------------------------------------------------------------
// Approval: request → approve/reject → the action, which consumes the approval.
// ---------------------------------------------------------------------------

describe('approval (延长办理期限 needs a leader, 信访工作条例 art 34)', () => {
  const NOW = t('2026-01-20 10:00');
  const proposal = { length: 30, reason: '案情复杂，需补充调查' };
  const find = (c: CaseSnapshot, user: EngineUser, key: string) =>
    allowedActions(demoPetition, c, user, NOW).find((a) => a.key === key);

  it('before any request: the official sees 申请审批 and a disabled action; the leader sees nothing to approve', () => {
    const c = acceptedCase();
    expect(find(c, xinfang, 'request_approval:extend')).toMatchObject({
      label: '申请审批：延长办理期限',
      enabled: true,
      hasInput: true,
      approval: 'none',
    });
    expect(find(c, xinfang, 'extend')).toMatchObject({ enabled: false, reason: '「延长办理期限」须先经镇领导审批' });
    expect(find(c, leader, 'approve:extend')).toBeUndefined();
    const e = err(applyAction(demoPetition, c, 'extend', proposal, xinfang, NOW));
    expect([e.code, e.message]).toEqual(['CONFLICT', '「延长办理期限」须先经镇领导审批']);
    expect(err(applyAction(demoPetition, c, 'approve:extend', {}, leader, NOW)).code).toBe('CONFLICT');
  });

  it('the request carries the proposal, validated like the action input', () => {
    const c = acceptedCase();
    const tooLong = err(
      applyAction(demoPetition, c, 'request_approval:extend', { length: 40, reason: '复杂' }, xinfang, NOW),
    );
    expect(tooLong.code).toBe('VALIDATION');
    expect(tooLong.fields?.[0]?.path).toBe('length');
    expect(tooLong.fields?.[0]?.message).toMatch(/^延长天数：/);
    const r = ok(applyAction(demoPetition, c, 'request_approval:extend', proposal, xinfang, NOW));
    expect(r.newState).toBe('accepted');
    expect(r.events[0]).toMatchObject({ action: 'request_approval:extend', from: 'accepted', to: 'accepted' });
    expect(r.events[0]?.data).toEqual({ input: proposal });
  });

  it('while pending: the action waits, approvers see approve/reject, the requester cannot approve their own request', () => {
    const c = run(acceptedCase(), 'request_approval:extend', proposal, both, NOW);
    expect(find(c, xinfang, 'extend')).toMatchObject({ enabled: false, reason: '「延长办理期限」正在等待镇领导审批' });
    expect(find(c, xinfang, 'request_approval:extend')).toBeUndefined();
    expect(err(applyAction(demoPetition, c, 'request_approval:extend', proposal, xinfang, NOW)).code).toBe('CONFLICT');
    expect(find(c, leader, 'approve:extend')).toMatchObject({ label: '审批通过：延长办理期限', enabled: true });
    expect(find(c, leader, 'reject:extend')).toMatchObject({ label: '驳回：延长办理期限', enabled: true });
    expect(find(c, both, 'approve:extend')).toMatchObject({ enabled: false, reason: '不能审批本人提出的申请' });
    expect(err(applyAction(demoPetition, c, 'approve:extend', {}, both, NOW)).code).toBe('FORBIDDEN');
    expect(err(applyAction(demoPetition, c, 'approve:extend', {}, xinfang, NOW)).code).toBe('FORBIDDEN');
    expect(find(c, xinfang, 'approve:extend')).toBeUndefined();
  });

  it('a rejection needs a reason and may be followed by a new request', () => {
    let c = run(acceptedCase(), 'request_approval:extend', proposal, xinfang, NOW);
    const noReason = err(applyAction(demoPetition, c, 'reject:extend', {}, leader, NOW));
    expect([noReason.code, noReason.fields?.[0]?.message]).toEqual(['VALIDATION', '驳回理由：请填写驳回理由']);
    c = run(c, 'reject:extend', { opinion: '延期理由不充分' }, leader, NOW);
    expect(c.events.at(-1)?.data).toEqual({ requestSeq: 4, opinion: '延期理由不充分' });
    expect(find(c, xinfang, 'extend')?.reason).toBe(
      '「延长办理期限」的申请已被驳回（延期理由不充分），可修改后重新申请',
    );
    expect(find(c, xinfang, 'request_approval:extend')).toMatchObject({ enabled: true, approval: 'rejected' });
    c = run(c, 'request_approval:extend', { length: 15, reason: '需召开听证会' }, xinfang, NOW);
    expect(find(c, leader, 'approve:extend')?.enabled).toBe(true);
  });

  it('approved: the action still needs its notice, runs with the approved input, and consumes the approval', () => {
    let c = run(acceptedCase(), 'request_approval:extend', proposal, xinfang, NOW);
    c = run(c, 'approve:extend', { opinion: '同意' }, leader, NOW);
    expect(find(c, xinfang, 'extend')).toMatchObject({
      enabled: false,
      reason: '请先出具《延期告知书》',
      approval: 'approved',
    });
    expect(find(c, xinfang, 'request_approval:extend')).toBeUndefined();
    c = issue(c, 'extension_notice', t('2026-01-20 11:00'));
    expect(find(c, xinfang, 'extend')).toMatchObject({ enabled: true, hasInput: false });
    // Someone else with the role may carry out the approved action; not with other terms.
    const changed = err(
      applyAction(demoPetition, c, 'extend', { length: 20, reason: '其他' }, xinfang2, t('2026-01-20 12:00')),
    );
    expect(changed.code).toBe('CONFLICT');
    const r = ok(applyAction(demoPetition, c, 'extend', undefined, xinfang2, t('2026-01-20 12:00')));
    expect(r.newState).toBe('accepted');
    expect(r.events[0]?.data).toEqual({
      input: proposal,
      approval: { requestSeq: 4, decisionSeq: 5, approverId: 'u-ld' },
    });
    // Same input spelled out again is fine.
    expect(isAppError(applyAction(demoPetition, c, 'extend', { ...proposal }, xinfang, t('2026-01-20 12:00')))).toBe(
      false,
    );
    c = run(c, 'extend', {}, xinfang2, t('2026-01-20 12:00'));
    // Consumed: running it again needs a new approval, and 30 days is the statutory maximum anyway.
    expect(err(applyAction(demoPetition, c, 'extend', {}, xinfang, NOW)).message).toBe(
      '「延长办理期限」须先经镇领导审批',
    );
    expect(find(c, xinfang, 'request_approval:extend')).toMatchObject({
      enabled: false,
      reason: '「办理期限」已累计延长30日，不能再延长（信访工作条例 第34条）',
    });
  });

  it('extensions add up to at most 30 days, each with its own approval and notice', () => {
    let c = run(acceptedCase(), 'request_approval:extend', { length: 20, reason: '补充调查' }, xinfang, NOW);
    c = run(c, 'approve:extend', {}, leader, NOW);
    c = issue(c, 'extension_notice', t('2026-01-20 11:00'));
    c = run(c, 'extend', undefined, xinfang, t('2026-01-20 12:00'));
    const over = err(
      applyAction(demoPetition, c, 'request_approval:extend', { length: 15, reason: '再次延期' }, xinfang, NOW),
    );
    expect([over.code, over.message]).toEqual([
      'UNPROCESSABLE',
      '「办理期限」累计延长不得超过30日（信访工作条例 第34条），已延长20日',
    ]);
    c = run(c, 'request_approval:extend', { length: 10, reason: '再次延期' }, xinfang, t('2026-02-02 10:00'));
    c = run(c, 'approve:extend', {}, leader, t('2026-02-02 11:00'));
    // The first notice does not cover the second extension.
    expect(err(applyAction(demoPetition, c, 'extend', undefined, xinfang, t('2026-02-02 12:00'))).message).toBe(
      '请先出具《延期告知书》',
    );
    c = issue(c, 'extension_notice', t('2026-02-02 11:30'));
    c = run(c, 'extend', undefined, xinfang, t('2026-02-02 12:00'));
    // 60 + 20 + 10 = 90 days from 2025-12-22 → 2026-03-22 (Sun) → 2026-03-23 (Mon).
    expect(clock(c, 'handling', t('2026-02-02 12:00'))).toMatchObject({ due: '2026-03-23', extendedBy: 30 });
  });

  it('an approval lapses when the state changes before it is used', () => {
    let c = run(acceptedCase(), 'request_approval:extend', proposal, xinfang, NOW);
    c = run(c, 'approve:extend', {}, leader, NOW);
    c = issue(c, 'handling_opinion', t('2026-01-21 09:00'));
    c = run(c, 'reply', { servedOn: '2026-01-21' }, xinfang, t('2026-01-21 10:00'));
    c = run(c, 'close', undefined, xinfang, t('2026-02-25 10:00'));
    c = run(c, 'reopen', undefined, leader, t('2026-02-26 10:00'));
    expect(find(c, xinfang, 'extend')?.reason).toBe('「延长办理期限」须先经镇领导审批');
  });
});

// ---------------------------------------------------------------------------
// Clocks.
// ---------------------------------------------------------------------------

describe('clock: acceptance, 15 d from the received date (信访工作条例 art 23)', () => {
  const rows: [received: string, due: string, why: string][] = [
    // 09-20 + 15 d = 10-05. 2023 National Day + Mid-Autumn: rest 09-29 … 10-06 (国办发明电〔2022〕16号),
    // so 10-05 and 10-06 are rest days; 10-07 (Saturday) is a 调休 make-up working day → due 10-07.
    ['2023-09-20', '2023-10-07', 'day 15 falls in the 2023 National Day holiday; 10-07 (Sat) is a working day'],
    // 02-01 + 15 d = 02-16. 2026 Spring Festival: rest 02-15 … 02-23, so roll to 02-24 (Tue).
    ['2026-02-01', '2026-02-24', 'day 15 falls in the 2026 Spring Festival holiday (02-15 … 02-23)'],
    // 2026-03-02 + 15 d = 03-17, an ordinary Tuesday.
    ['2026-03-02', '2026-03-17', 'ordinary working day'],
    // 2026-03-06 + 15 d = 03-21 (Sat) → 03-23 (Mon).
    ['2026-03-06', '2026-03-23', 'weekend rolls to Monday'],
  ];
  for (const [received, due, why] of rows) {
    it(`received ${received} → due ${due} (${why})`, () => {
      // Registered the next morning: the clock runs from the received date, not registration.
      const c = open(received, `${received}T23:30:00+08:00`);
      const s = clock(c, 'acceptance', `${received}T23:30:00+08:00`);
      expect([s.state, s.startedOn, s.due, s.provisional]).toEqual(['running', received, due, false]);
      expect(s.basis).toBe('信访工作条例 第23条');
      expect(s.steps.at(-2)).toBe(`期间届满日：${due}（当日二十四时届满）`);
    });
  }

  it('explains the roll in its steps, for the clerk', () => {
    const s = clock(open('2023-09-20', t('2023-09-20 10:00')), 'acceptance', t('2023-09-21 09:00'));
    expect(s.steps[0]).toBe('受理告知期限：以「收到日期」2023-09-20为起算日，期限15日（信访工作条例 第23条）');
    expect(s.steps.some((x) => /^2023-10-05（星期四）.*调休放假，顺延$/.test(x))).toBe(true);
    expect(s.steps.some((x) => /^2023-10-07（星期六）.*调休上班日，是工作日，不顺延$/.test(x))).toBe(true);
    expect(s.periodBasis.join()).toMatch(/民法典》第二百零三条/);
  });

  it('a missing start date leaves the clock not started, saying why', () => {
    const c = open('2023-09-20', t('2023-09-20 10:00'));
    const s = clock({ ...c, fields: { petitioner: '张三' } }, 'acceptance', t('2023-09-21 09:00'));
    expect([s.state, s.due, s.steps]).toEqual(['not_started', null, ['起算日期「收到日期」缺失或无效，无法计算期限']]);
  });

  it('does not depend on the order events are passed in', () => {
    let c = run(
      acceptedCase(),
      'request_approval:extend',
      { length: 30, reason: '复杂' },
      xinfang,
      t('2026-02-09 10:00'),
    );
    c = run(c, 'approve:extend', {}, leader, t('2026-02-09 15:00'));
    c = run(issue(c, 'extension_notice', t('2026-02-10 09:00')), 'extend', undefined, xinfang, t('2026-02-10 10:00'));
    const shuffled = { ...c, events: [...c.events].reverse() };
    const now = t('2026-02-25 09:00');
    expect(clockStatus(demoPetition, shuffled, calendar, now)).toEqual(clockStatus(demoPetition, c, calendar, now));
    expect(clock(shuffled, 'handling', now).due).toBe('2026-03-23');
  });

  it('the start date is the Asia/Shanghai date of the event, whatever the offset it was written with', () => {
    // Accepted at 2026-02-24 23:30 Beijing time = 15:30Z; 60 d from 02-24 (not 02-25, not 02-23).
    let c = issue(open('2026-02-20', t('2026-02-24 09:00')), 'acceptance_notice', t('2026-02-24 09:00'));
    c = run(c, 'accept', undefined, xinfang, '2026-02-24T15:30:00Z');
    // 02-24 + 60 d = 04-25 (Sat) → 04-27 (Mon).
    expect(clock(c, 'handling', t('2026-02-25 09:00'))).toMatchObject({ startedOn: '2026-02-24', due: '2026-04-27' });
  });

  it('accepting stops the clock: on time', () => {
    let c = issue(open('2023-09-20', t('2023-09-21 09:00')), 'acceptance_notice', t('2023-10-07 09:00'));
    c = run(c, 'accept', undefined, xinfang, t('2023-10-07 17:00'));
    const s = clock(c, 'acceptance', t('2023-10-20 09:00'));
    expect([s.state, s.level, s.stoppedOn, s.daysLeft]).toEqual(['stopped', 'ok', '2023-10-07', null]);
    expect(s.steps.at(-1)).toBe('2023-10-07「受理」，停止计时，在期限内');
  });

  it('accepting after the due date: stopped_late, level breached', () => {
    let c = issue(open('2023-09-20', t('2023-09-21 09:00')), 'acceptance_notice', t('2023-10-08 09:00'));
    c = run(c, 'accept', undefined, xinfang, t('2023-10-09 10:00'));
    const s = clock(c, 'acceptance', t('2023-10-20 09:00'));
    expect([s.state, s.level, s.stoppedOn, s.due]).toEqual(['stopped_late', 'breached', '2023-10-09', '2023-10-07']);
    expect(s.steps.at(-1)).toBe('2023-10-09「受理」，停止计时，超过期限2日');
  });

  it('routing the matter out also stops it', () => {
    const c = run(
      open('2023-09-20', t('2023-09-21 09:00')),
      'route_out',
      { authority: '县法院' },
      xinfang,
      t('2023-09-25 10:00'),
    );
    expect(clock(c, 'acceptance', t('2023-10-20 09:00')).state).toBe('stopped');
  });
});

describe('clock: handling, 60 d from acceptance (信访工作条例 art 34)', () => {
  // Accepted 2025-12-22 (Mon). + 60 d = 2026-02-20, inside the 2026 Spring Festival rest
  // (02-15 … 02-23, 2026年部分节假日安排的通知) → due 2026-02-24 (Tue).
  const DUE = '2026-02-24';

  it('not started before acceptance', () => {
    const s = clock(open('2025-12-19', t('2025-12-19 09:00')), 'handling', t('2025-12-20 09:00'));
    expect([s.state, s.due, s.level]).toEqual(['not_started', null, 'ok']);
  });

  // Working days left = working days in (today, due]. 2026-02-14 (Sat) is a make-up working day.
  const rows: [today: string, state: string, level: string, days: number, workdays: number, why: string][] = [
    // Jan 6–30: 19 weekdays; Feb 2–13: 10; 02-14 (Sat) make-up: 1; 02-24: 1 → 31.
    ['2026-01-05', 'running', 'ok', 50, 31, 'far away'],
    ['2026-02-10', 'running', 'ok', 14, 5, '02-11, 12, 13, 14 (Sat, 调休上班), 24'],
    ['2026-02-11', 'running', 'ok', 13, 4, '02-12, 13, 14, 24'],
    ['2026-02-12', 'running', 'warn', 12, 3, '02-13, 14, 24: within 3 working days though 12 calendar days remain'],
    ['2026-02-13', 'running', 'warn', 11, 2, '02-14, 24'],
    ['2026-02-24', 'running', 'warn', 0, 0, 'the last day: runs to 24:00 (民法典 art 203 ¶2)'],
    ['2026-02-25', 'breached', 'breached', -1, -1, 'the day after'],
  ];
  for (const [today, state, level, days, workdays, why] of rows) {
    it(`${today}: ${state}/${level}, ${days} d, ${workdays} wd left (${why})`, () => {
      const s = clock(acceptedCase(), 'handling', t(`${today} 09:00`));
      expect([s.due, s.state, s.level, s.daysLeft, s.workdaysLeft]).toEqual([DUE, state, level, days, workdays]);
    });
  }

  it('replying on the last day at 23:30 Beijing time is on time; at 00:30 the next day it is late', () => {
    const ready = issue(acceptedCase(), 'handling_opinion', t('2026-02-24 09:00'));
    const onTime = run(ready, 'reply', { servedOn: '2026-02-24' }, xinfang, '2026-02-24T15:30:00Z');
    expect(clock(onTime, 'handling', t('2026-03-01 09:00'))).toMatchObject({ state: 'stopped', level: 'ok' });
    const late = run(ready, 'reply', { servedOn: '2026-02-25' }, xinfang, '2026-02-24T16:30:00Z');
    expect(clock(late, 'handling', t('2026-03-01 09:00'))).toMatchObject({
      state: 'stopped_late',
      level: 'breached',
      stoppedOn: '2026-02-25',
    });
  });

  it('an approved extension with its notice moves the due date: 90 d → 2026-03-22 (Sun) → 03-23 (Mon)', () => {
    let c = run(
      acceptedCase(),
      'request_approval:extend',
      { length: 30, reason: '案情复杂' },
      xinfang,
      t('2026-02-09 10:00'),
    );
    c = run(c, 'approve:extend', {}, leader, t('2026-02-09 15:00'));
    c = issue(c, 'extension_notice', t('2026-02-10 09:00'));
    c = run(c, 'extend', undefined, xinfang, t('2026-02-10 10:00'));
    const s = clock(c, 'handling', t('2026-02-25 09:00'));
    expect([s.due, s.extendedBy, s.extensionMax, s.state, s.level]).toEqual(['2026-03-23', 30, 30, 'running', 'ok']);
    expect(s.steps).toContain('2026-02-10经批准延长30日，已出具《延期告知书》（信访工作条例 第34条）');
    expect(s.steps).toContain('期限60日，延长30日，合计90日');
  });

  it('approval without the notice does not move the due date (and the extension cannot be recorded)', () => {
    let c = run(
      acceptedCase(),
      'request_approval:extend',
      { length: 30, reason: '案情复杂' },
      xinfang,
      t('2026-02-09 10:00'),
    );
    c = run(c, 'approve:extend', {}, leader, t('2026-02-09 15:00'));
    expect(err(applyAction(demoPetition, c, 'extend', undefined, xinfang, t('2026-02-10 10:00'))).message).toBe(
      '请先出具《延期告知书》',
    );
    const s = clock(c, 'handling', t('2026-02-25 09:00'));
    expect([s.due, s.extendedBy, s.state]).toEqual([DUE, 0, 'breached']);
  });

  it('an extension event in the history without approval or notice is ignored (imported or repaired data)', () => {
    const c = acceptedCase();
    const forged: CaseSnapshot = {
      ...c,
      events: [
        ...c.events,
        {
          seq: 5,
          at: t('2026-02-10 10:00'),
          actorId: 'u-xf',
          action: 'extend',
          from: 'accepted',
          to: 'accepted',
          data: { input: { length: 30, reason: '未经审批' } },
        },
      ],
    };
    const s = clock(forged, 'handling', t('2026-02-11 09:00'));
    expect([s.due, s.extendedBy]).toEqual([DUE, 0]);
    expect(s.steps).toContain('2026-02-10的延长未生效：未经批准、未出具《延期告知书》，期限不变');
    // With a notice but still no approval: still ignored.
    const noticed = issue(forged, 'extension_notice', t('2026-02-10 09:00'));
    expect(clock(noticed, 'handling', t('2026-02-11 09:00')).extendedBy).toBe(0);
  });

  it('the review window (复查, art 35) starts from the service date; expiry is not a breach', () => {
    const c = repliedCase(); // served 2026-01-05; + 30 d = 02-04 (Wed)
    expect(clock(c, 'review_window', t('2026-01-10 09:00'))).toMatchObject({
      kind: 'window',
      state: 'running',
      due: '2026-02-04',
      level: 'ok',
    });
    expect(clock(c, 'review_window', t('2026-02-05 09:00'))).toMatchObject({ state: 'expired', level: 'ok' });
    const requested = run(c, 'request_review', undefined, xinfang, t('2026-02-03 10:00'));
    expect(clock(requested, 'review_window', t('2026-02-05 09:00'))).toMatchObject({ state: 'stopped' });
    const tooLate = run(c, 'request_review', undefined, xinfang, t('2026-02-06 10:00'));
    expect(clock(tooLate, 'review_window', t('2026-02-10 09:00'))).toMatchObject({
      state: 'stopped_late',
      level: 'ok',
    });
  });

  it('lists every clock in declaration order', () => {
    expect(
      clockStatus(demoPetition, repliedCase(), calendar, t('2026-01-10 09:00')).map((s) => [s.key, s.state]),
    ).toEqual([
      ['acceptance', 'stopped'],
      ['handling', 'stopped'],
      ['review_window', 'running'],
    ]);
  });
});

// ---------------------------------------------------------------------------
// Pause / resume, on a second demo type: 复核 (信访工作条例 art 36, hearing time not counted).
// ---------------------------------------------------------------------------

const demoReReview = defineCaseType({
  key: 'demo_re_review',
  label: '信访复核（演示）',
  numbering: '{town}信复核〔{year}〕{seq}号',
  fields: z.object({ receivedOn: isoDate('收到复核请求日期') }),
  states: {
    reviewing: { label: '复核中' },
    hearing: { label: '听证中' },
    decided: { label: '已出具复核意见', terminal: true },
  },
  initial: 'reviewing',
  create: { roles: ['xinfang'] },
  access: { read: ['xinfang', 'leader'] },
  documents: { re_review_opinion: '复核意见书' },
  actions: {
    start_hearing: { label: '举行听证', from: ['reviewing'], to: 'hearing', roles: ['xinfang'] },
    end_hearing: { label: '听证结束', from: ['hearing'], to: 'reviewing', roles: ['xinfang'] },
    decide: {
      label: '出具复核意见',
      from: ['reviewing'],
      to: 'decided',
      roles: ['xinfang', 'leader'],
      requires: { documents: ['re_review_opinion'] },
    },
  },
  clocks: {
    re_review: {
      label: '复核期限',
      start: { on: 'create', from: 'receivedOn' },
      length: 30,
      unit: 'd',
      stopOn: ['decide'],
      pauseOn: ['start_hearing'],
      resumeOn: ['end_hearing'],
      basis: '信访工作条例 第36条',
    },
  },
});

describe('a step that presupposes a running period (信访工作条例 art 34 "适当延长")', () => {
  // demoPetition's handling clock is due 2026-02-24 (see above). A variant whose extension
  // guard refuses once the clock has run out, as a case type declares it with clockPassedProblem.
  const extend = demoPetition.actions.extend!;
  const guarded: AnyCaseType = {
    ...demoPetition,
    actions: {
      ...demoPetition.actions,
      extend: {
        ...extend,
        requires: {
          ...extend.requires,
          guard: (c: CaseSnapshot, _input: unknown, now: Date) =>
            clockPassedProblem(guarded, c, 'handling', calendar, now, '延长办理期限'),
        },
      },
    },
  };
  const proposal = { length: 30, reason: '案情复杂，需补充调查' };
  const overdue = '「办理期限」已于2026-02-24届满，已超过1日，期限届满后不能再延长办理期限（信访工作条例 第34条）';
  const at = (local: string) => t(local);

  it('clockPassedProblem: null while the clock runs (the last day included), the reason the day after', () => {
    expect(
      clockPassedProblem(guarded, acceptedCase(), 'handling', calendar, at('2026-02-24 23:00'), '延长办理期限'),
    ).toBe(null);
    expect(
      clockPassedProblem(guarded, acceptedCase(), 'handling', calendar, at('2026-02-25 09:00'), '延长办理期限'),
    ).toBe(overdue);
    // A window clock is nobody's duty; an unknown or unstarted clock has no due date passed.
    expect(clockPassedProblem(guarded, repliedCase(), 'review_window', calendar, at('2026-06-01 09:00'), 'x')).toBe(
      null,
    );
    expect(clockPassedProblem(guarded, acceptedCase(), 'nope', calendar, at('2026-06-01 09:00'), 'x')).toBe(null);
  });

  it('an approver cannot approve what the guard refuses today; rejecting stays possible', () => {
    const c = run(acceptedCase(), 'request_approval:extend', proposal, xinfang, at('2026-02-24 16:00'));
    const e = err(applyAction(guarded, c, 'approve:extend', {}, leader, at('2026-02-25 09:00')));
    expect([e.code, e.message]).toEqual(['UNPROCESSABLE', overdue]);
    const step = allowedActions(guarded, c, leader, at('2026-02-25 09:00')).find((a) => a.key === 'approve:extend');
    expect(step).toMatchObject({ enabled: false, reason: overdue });
    expect(
      isAppError(applyAction(guarded, c, 'reject:extend', { opinion: '已超期' }, leader, at('2026-02-25 09:00'))),
    ).toBe(false);
  });

  it('the clock does not count an extension made after the due date, even on a type without the guard', () => {
    let c = run(acceptedCase(), 'request_approval:extend', proposal, xinfang, at('2026-02-24 09:00'));
    c = run(c, 'approve:extend', {}, leader, at('2026-02-24 10:00'));
    c = issue(c, 'extension_notice', at('2026-02-24 11:00'));
    const late = run(c, 'extend', undefined, xinfang, at('2026-02-25 09:00'));
    const s = clock(late, 'handling', at('2026-02-26 09:00'));
    expect([s.due, s.extendedBy, s.state]).toEqual(['2026-02-24', 0, 'breached']);
    // Made on the last day, it counts: 90 d from 2025-12-22 → 2026-03-22 (Sun) → 03-23 (Mon).
    const inTime = run(c, 'extend', undefined, xinfang, at('2026-02-24 12:00'));
    expect([
      clock(inTime, 'handling', at('2026-02-26 09:00')).due,
      clock(inTime, 'handling', at('2026-02-26 09:00')).extendedBy,
    ]).toEqual(['2026-03-23', 30]);
  });
});

describe('clock pause/resume: hearing time not counted (信访工作条例 art 36)', () => {
  // Received 2024-09-10 (Tue). + 30 d = 10-10 (Thu), a working day after the 2024 National Day
  // rest 10-01 … 10-07 (国办发明电〔2023〕7号).
  function reReview(): CaseSnapshot {
    const r = ok(createCase(demoReReview, { receivedOn: '2024-09-10' }, xinfang, t('2024-09-10 10:00')));
    return {
      type: 'demo_re_review',
      state: r.state,
      version: 1,
      fields: r.fields,
      events: r.events,
      documents: [],
      createdBy: 'u-xf',
    };
  }
  function step(c: CaseSnapshot, action: string, at: string): CaseSnapshot {
    const r = ok(applyAction(demoReReview, c, action, undefined, xinfang, at));
    return { ...c, state: r.newState, events: [...c.events, ...r.events] };
  }
  const status = (c: CaseSnapshot, now: string) => clockStatus(demoReReview, c, calendar, now)[0]!;

  it('without a hearing: due 2024-10-10', () => {
    expect(status(reReview(), t('2024-09-11 09:00'))).toMatchObject({
      due: '2024-10-10',
      state: 'running',
      pausedDays: 0,
    });
  });

  const rows: [pause: string, resume: string, excluded: number, due: string, why: string][] = [
    // 09-20 → 09-22: 2 days not counted; 30 + 2 = 32 d → 10-12, a Saturday but a 调休 working day.
    ['2024-09-20', '2024-09-22', 2, '2024-10-12', '10-12 (Sat) is a make-up working day: no roll'],
    // 09-20 → 09-25: 5 days; 35 d → 10-15 (Tue).
    ['2024-09-20', '2024-09-25', 5, '2024-10-15', 'ordinary Tuesday'],
    // 09-20 → 09-23: 3 days; 33 d → 10-13 (Sun) → 10-14 (Mon). Rolling applies once, to the final day.
    ['2024-09-20', '2024-09-23', 3, '2024-10-14', 'Sunday rolls to Monday'],
    // Same-day hearing: the day it begins is not counted as excluded (民法典 art 201) → nothing moves.
    ['2024-09-20', '2024-09-20', 0, '2024-10-10', 'a one-day hearing excludes nothing'],
  ];
  for (const [pause, resume, excluded, due, why] of rows) {
    it(`hearing ${pause} → ${resume}: ${excluded} d not counted, due ${due} (${why})`, () => {
      let c = step(reReview(), 'start_hearing', t(`${pause} 09:00`));
      c = step(c, 'end_hearing', t(`${resume} 17:00`));
      const s = status(c, t('2024-09-26 09:00'));
      expect([s.state, s.paused, s.pausedDays, s.due]).toEqual(['running', false, excluded, due]);
    });
  }

  // pauseCounts 'whole_days' (art 36 ¶2 "听证所需时间"): the hearing's own days are excluded, both ends included.
  const wholeDays: AnyCaseType = {
    ...demoReReview,
    clocks: { re_review: { ...demoReReview.clocks.re_review!, pauseCounts: 'whole_days' } },
  };
  const wholeRows: [pause: string, resume: string, excluded: number, due: string, why: string][] = [
    // One day: 09-20 not counted; 31 d → 10-11 (Fri).
    ['2024-09-20', '2024-09-20', 1, '2024-10-11', 'a one-day hearing takes its day'],
    // 09-20 … 09-22: 3 days; 33 d → 10-13 (Sun) → 10-14 (Mon).
    ['2024-09-20', '2024-09-22', 3, '2024-10-14', 'both ends excluded, Sunday rolls to Monday'],
  ];
  for (const [pause, resume, excluded, due, why] of wholeRows) {
    it(`whole days: hearing ${pause} → ${resume}: ${excluded} d not counted, due ${due} (${why})`, () => {
      let c = step(reReview(), 'start_hearing', t(`${pause} 09:00`));
      c = step(c, 'end_hearing', t(`${resume} 17:00`));
      const s = clockStatus(wholeDays, c, calendar, t('2024-09-26 09:00'))[0]!;
      expect([s.state, s.pausedDays, s.due]).toEqual(['running', excluded, due]);
    });
  }

  it('whole days: a second hearing on the day the first ended does not exclude that day twice', () => {
    let c = step(reReview(), 'start_hearing', t('2024-09-20 09:00'));
    c = step(c, 'end_hearing', t('2024-09-20 12:00'));
    c = step(c, 'start_hearing', t('2024-09-20 14:00'));
    c = step(c, 'end_hearing', t('2024-09-21 17:00'));
    // 09-20 and 09-21: 2 days; 32 d → 10-12 (Sat, a 调休 working day).
    const s = clockStatus(wholeDays, c, calendar, t('2024-09-26 09:00'))[0]!;
    expect([s.pausedDays, s.due]).toEqual([2, '2024-10-12']);
  });

  it('while paused the due date moves with each day of the pause', () => {
    const c = step(reReview(), 'start_hearing', t('2024-09-20 09:00'));
    // Paused 3 days so far (09-20 → 09-23): 33 d → 10-13 (Sun) → 10-14.
    expect(status(c, t('2024-09-23 09:00'))).toMatchObject({
      state: 'paused',
      paused: true,
      pausedDays: 3,
      due: '2024-10-14',
    });
    // 5 days so far: 35 d → 10-15.
    expect(status(c, t('2024-09-25 09:00'))).toMatchObject({ state: 'paused', pausedDays: 5, due: '2024-10-15' });
  });

  it('two hearings add up, and deciding after the original due date but within the shifted one is on time', () => {
    let c = step(reReview(), 'start_hearing', t('2024-09-20 09:00'));
    c = step(c, 'end_hearing', t('2024-09-22 17:00'));
    c = step(c, 'start_hearing', t('2024-09-24 09:00'));
    c = step(c, 'end_hearing', t('2024-09-27 17:00'));
    // 2 + 3 = 5 days: 35 d → 10-15.
    c = { ...c, documents: [{ kind: 're_review_opinion', issuedAt: t('2024-10-15 09:00') }] };
    c = step(c, 'decide', t('2024-10-15 10:00'));
    const s = status(c, t('2024-10-20 09:00'));
    expect([s.pausedDays, s.due, s.state, s.level]).toEqual([5, '2024-10-15', 'stopped', 'ok']);
  });
});

// ---------------------------------------------------------------------------
// Working-day, month and hour clocks, on a third demo type.
// ---------------------------------------------------------------------------

const demoUnits = defineCaseType({
  key: 'demo_units',
  label: '期限单位（演示）',
  numbering: '{town}演〔{year}〕{seq}号',
  fields: z.object({}),
  states: { open: { label: '办理中' }, done: { label: '已完成', terminal: true } },
  initial: 'open',
  create: { roles: ['anjian'] },
  access: { read: ['anjian'] },
  documents: {},
  actions: { finish: { label: '完成', from: ['open'], to: 'done', roles: ['anjian'] } },
  clocks: {
    objection: {
      label: '提出异议',
      start: { on: 'create' },
      length: 5,
      unit: 'wd',
      stopOn: ['finish'],
      basis: '信访工作条例 第23条',
    },
    mediation: {
      label: '调解期限',
      start: { on: 'create' },
      length: 1,
      unit: 'month',
      stopOn: ['finish'],
      basis: '人民调解工作若干规定 第33条',
    },
    report: {
      label: '事故报告',
      start: { on: 'create' },
      length: 1,
      unit: 'hour',
      stopOn: ['finish'],
      basis: '生产安全事故报告和调查处理条例 第9条',
    },
  },
});

describe('clock units: working days, months, hours', () => {
  const opened = (at: string): CaseSnapshot => {
    const r = ok(createCase(demoUnits, {}, { id: 'u-aj', roles: ['anjian'] }, at));
    return {
      type: 'demo_units',
      state: r.state,
      version: 1,
      fields: r.fields,
      events: r.events,
      documents: [],
      createdBy: 'u-aj',
    };
  };
  const get = (c: CaseSnapshot, key: string, now: string) =>
    clockStatus(demoUnits, c, calendar, now).find((s) => s.key === key)!;

  it('5 working days from 2026-02-12 (Thu): 02-13, 02-14 (Sat, 调休上班), 02-24, 25, 26 → 02-26', () => {
    expect(get(opened(t('2026-02-12 10:00')), 'objection', t('2026-02-12 11:00')).due).toBe('2026-02-26');
  });

  it('1 month from 2026-01-31: no 02-31, so the month end 02-28 (民法典 art 202), a 调休 working Saturday', () => {
    expect(get(opened(t('2026-01-31 10:00')), 'mediation', t('2026-02-01 09:00')).due).toBe('2026-02-28');
  });

  it('1 month from 2026-01-16: 02-16 is Spring Festival → 02-24', () => {
    expect(get(opened(t('2026-01-16 10:00')), 'mediation', t('2026-02-01 09:00')).due).toBe('2026-02-24');
  });

  it('hour clocks run from the moment, ignore holidays, and warn in the last quarter', () => {
    const c = opened(t('2026-02-17 23:30')); // Spring Festival: hours still run
    expect(get(c, 'report', t('2026-02-17 23:40'))).toMatchObject({
      startedOn: '2026-02-17T23:30:00+08:00',
      due: '2026-02-18T00:30:00+08:00',
      state: 'running',
      level: 'ok',
      hoursLeft: 0.8,
    });
    expect(get(c, 'report', t('2026-02-18 00:20'))).toMatchObject({ state: 'running', level: 'warn' });
    expect(get(c, 'report', t('2026-02-18 00:31'))).toMatchObject({ state: 'breached', level: 'breached' });
  });
});
