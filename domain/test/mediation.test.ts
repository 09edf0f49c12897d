/**
 * The mediation case type (矛盾纠纷调解, docs/domain.md §Mediation) through the engine: every
 * action with the roles that may and may not take it, from which states, which documents
 * gate it, and its clocks. Expected due dates were worked out by hand from the article and
 * the State Council notice cited beside each row, then checked against the calendar:
 * - 2023 (国办发明电〔2022〕16号): 中秋节、国庆节 9月29日至10月6日放假调休，共8天；
 *   10月7日（星期六）、10月8日（星期日）上班.
 * - 2024 (国办发明电〔2023〕7号): 春节 2月10日至17日放假调休，共8天；
 *   2月4日（星期日）、2月18日（星期日）上班.
 * A last day that is a rest day moves to the first day after the rest period
 * (民法典 art 203), which under the official arrangement may be a 调休 working weekend.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addDays } from '../src/calendar/dates.ts';
import { MediationFields, MediationIntakeFields, mediation } from '../src/cases/mediation.ts';
import {
  type AppError,
  allowedActions,
  applyAction,
  type CaseSnapshot,
  type ClockStatus,
  clockStatus,
  createCalendar,
  createCase,
  type EngineUser,
  inboxFacts,
  isAppError,
  issuableKinds,
  issueProblem,
  labelAt,
  sequenceNumber,
} from '../src/index.ts';

const calendar = createCalendar();

const tiaojie: EngineUser = { id: 'u-tj', roles: ['tiaojie'] };
const tiaojie2: EngineUser = { id: 'u-tj2', roles: ['tiaojie'] };
const sifasuo: EngineUser = { id: 'u-sf', roles: ['sifasuo'] };
const village: EngineUser = { id: 'u-vl', roles: ['village'] };
const leader: EngineUser = { id: 'u-ld', roles: ['leader'] };
const xinfang: EngineUser = { id: 'u-xf', roles: ['xinfang'] };
const fazhiban: EngineUser = { id: 'u-fz', roles: ['fazhiban'] };

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

const INTAKE = {
  channel: 'walk_in',
  disputeType: 'neighbor',
  amount: 3000,
  peopleCount: 2,
  summary: '张三与李四因宅前排水沟堵塞发生争执，李四家院墙受损',
  requests: '请求李四赔偿院墙修缮费3000元并疏通排水沟',
  receivedOn: '2023-09-01',
};

function open(at: string, fields: Record<string, unknown> = INTAKE, user: EngineUser = tiaojie): CaseSnapshot {
  const r = ok(createCase(mediation, fields, user, at));
  return {
    id: 'm1',
    type: 'mediation',
    state: r.state,
    version: 1,
    fields: r.fields,
    events: r.events,
    documents: [],
    createdBy: user.id,
  };
}

function run(c: CaseSnapshot, action: string, input: unknown, user: EngineUser, at: string): CaseSnapshot {
  const r = ok(applyAction(mediation, c, action, input, user, at));
  return { ...c, state: r.newState, version: c.version + 1, fields: r.fields, events: [...c.events, ...r.events] };
}

function issue(c: CaseSnapshot, kind: string, at: string): CaseSnapshot {
  return { ...c, documents: [...c.documents, { kind, issuedAt: at }] };
}

function clock(c: CaseSnapshot, key: string, now: string): ClockStatus {
  const found = clockStatus(mediation, c, calendar, now).find((s) => s.key === key);
  if (!found) throw new Error(`no clock ${key}`);
  return found;
}

const ROUTE = { route: 'people', committee: '湾头桥镇人民调解委员会' };
const ASSIGN = { assigneeId: 'u-tj', coMediators: ['李调解'], invitees: ['村支书王五'] };
const session = (date: string) => ({
  date,
  place: '镇矛调中心调解室',
  attendees: ['张三', '李四', '调解员赵六'],
  summary: '双方陈述事实，调解员释法明理',
});
const agreement = (effective: string, due: string) => ({
  agreementTerms: '李四于履行期限前赔偿张三院墙修缮费2000元，双方共同疏通排水沟',
  performanceMethod: '现金支付',
  agreementEffectiveOn: effective,
  performanceDue: due,
});
const FOLLOW_UP = { date: '2023-09-29', method: 'phone', performance: 'full', note: '张三确认已收到2000元' };

/**
 * Builds a case in each state along one path, in 2023: received and accepted on 1 Sep,
 * mediated on 5 Sep, agreement effective on 10 Sep, performance due 28 Sep.
 */
type Built =
  | 'registered'
  | 'accepted'
  | 'routed'
  | 'mediating'
  | 'heard'
  | 'agreement_written'
  | 'agreement_oral'
  | 'confirmation_applied'
  | 'terminated'
  | 'withdrawn'
  | 'followed'
  | 'performed'
  | 'litigated'
  | 'rejected'
  | 'referred'
  | 'archived';

const build: Record<Built, () => CaseSnapshot> = {
  registered: () => open(t('2023-09-01 09:00')),
  accepted: () =>
    run(
      issue(build.registered(), 'registration', t('2023-09-01 09:30')),
      'accept',
      undefined,
      tiaojie,
      t('2023-09-01 10:00'),
    ),
  routed: () => run(build.accepted(), 'route', ROUTE, tiaojie, t('2023-09-01 11:00')),
  mediating: () => run(build.routed(), 'assign', ASSIGN, tiaojie, t('2023-09-02 09:00')),
  /** Mediating, one session recorded: ready for an outcome. */
  heard: () =>
    run(
      issue(build.mediating(), 'session_record', t('2023-09-05 11:00')),
      'record_session',
      session('2023-09-05'),
      tiaojie,
      t('2023-09-05 12:00'),
    ),
  agreement_written: () =>
    run(
      issue(build.heard(), 'agreement', t('2023-09-10 09:00')),
      'agree_written',
      agreement('2023-09-10', '2023-09-28'),
      tiaojie,
      t('2023-09-10 10:00'),
    ),
  agreement_oral: () =>
    run(
      issue(build.heard(), 'oral_record', t('2023-09-10 09:00')),
      'agree_oral',
      agreement('2023-09-10', '2023-09-28'),
      tiaojie,
      t('2023-09-10 10:00'),
    ),
  confirmation_applied: () =>
    run(
      issue(build.agreement_written(), 'confirmation_application', t('2023-09-12 09:00')),
      'apply_confirmation',
      { court: '某县人民法院', appliedOn: '2023-09-12' },
      tiaojie,
      t('2023-09-12 10:00'),
    ),
  terminated: () =>
    run(
      issue(build.heard(), 'termination_notice', t('2023-09-10 09:00')),
      'terminate',
      { terminationReason: '双方对赔偿数额分歧过大' },
      tiaojie,
      t('2023-09-10 10:00'),
    ),
  withdrawn: () =>
    run(
      build.mediating(),
      'withdraw',
      { withdrawalKind: 'refused', withdrawnBy: 'respondent', refusalReason: '李四表示不同意调解，要求起诉' },
      tiaojie,
      t('2023-09-04 10:00'),
    ),
  followed: () => run(build.agreement_written(), 'follow_up', FOLLOW_UP, village, t('2023-09-29 10:00')),
  performed: () =>
    run(
      issue(build.followed(), 'follow_up_record', t('2023-09-29 11:00')),
      'performed',
      { performedOn: '2023-09-28' },
      tiaojie,
      t('2023-09-29 12:00'),
    ),
  litigated: () =>
    run(
      build.agreement_oral(),
      'litigate',
      { kind: 'lawsuit', court: '某县人民法院', filedOn: '2023-10-09' },
      tiaojie,
      t('2023-10-09 10:00'),
    ),
  rejected: () =>
    run(
      issue(build.registered(), 'rejection_notice', t('2023-09-01 09:30')),
      'decline',
      { rejectionGround: 'already_handled', rejectionReason: '该纠纷已由县人民法院立案受理' },
      tiaojie,
      t('2023-09-01 10:00'),
    ),
  referred: () =>
    run(
      build.accepted(),
      'refer',
      { referralTo: 'arbitration', referralOrg: '县劳动人事争议仲裁委员会', referralReason: '劳动争议须先经仲裁' },
      tiaojie,
      t('2023-09-01 11:00'),
    ),
  archived: () =>
    run(build.terminated(), 'archive', { archiveNo: '湾调档〔2023〕5号' }, tiaojie, t('2023-09-11 10:00')),
};

const NOW = t('2023-10-09 15:00');

// ---------------------------------------------------------------------------
// Declaration
// ---------------------------------------------------------------------------

describe('declaration', () => {
  it('numbers cases 湾调〔2023〕12号', () => {
    expect(sequenceNumber(mediation.numbering, { townShort: '湾', year: 2023, seq: 12 })).toBe('湾调〔2023〕12号');
  });

  it('requires an applicant and a respondent among its party roles', () => {
    expect(mediation.parties).toEqual({
      roles: { applicant: '申请人', respondent: '被申请人', agent: '代理人', third: '第三人' },
      required: ['applicant', 'respondent'],
    });
  });

  it('titles every document', () => {
    expect(mediation.documents).toEqual({
      application: '人民调解申请书',
      registration: '受理登记表',
      rejection_notice: '不予受理告知书',
      session_record: '调解笔录',
      agreement: '人民调解协议书',
      admin_agreement: '行政调解协议书',
      court_agreement: '调解协议书（诉前调解）',
      oral_record: '口头协议登记表',
      termination_notice: '终止调解告知书',
      follow_up_record: '回访记录',
      confirmation_application: '司法确认申请书',
    });
  });

  it('labels every field in Chinese, down to the nested ones, for the web forms', () => {
    const unlabelled: string[] = [];
    const walk = (schema: unknown, path: string[]) => {
      const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, { description?: string; items?: { properties?: object } }>;
      };
      for (const [key, prop] of Object.entries(json.properties ?? {})) {
        if (!prop.description) unlabelled.push([...path, key].join('.'));
        if (!labelAt(schema, [key])) unlabelled.push(`${[...path, key].join('.')} (labelAt)`);
      }
    };
    walk(MediationFields, []);
    for (const [key, a] of Object.entries(mediation.actions)) if (a.input) walk(a.input, [key]);
    expect(unlabelled).toEqual([]);
    expect(labelAt(MediationFields, ['sessions', 0, 'attendees'])).toBe('参加人员');
    expect(labelAt(MediationFields, ['followUps', 0, 'performance'])).toBe('履行情况');
  });

  it('carries the Chinese labels of every choice into the JSON Schema', () => {
    const json = z.toJSONSchema(MediationIntakeFields, { io: 'input' }) as {
      properties: Record<string, { enum?: string[]; enumLabels?: Record<string, string> }>;
    };
    expect(json.properties.channel?.enumLabels).toMatchObject({ village_report: '村居上报', petition: '访调对接' });
    expect(json.properties.disputeType?.enum).toContain('land');
  });

  it('the intake form is the registration part of the fields', () => {
    const intake = Object.keys(MediationIntakeFields.shape);
    expect(intake).toEqual(expect.arrayContaining(['channel', 'disputeType', 'peopleCount', 'receivedOn']));
    expect(intake).not.toContain('outcome');
    for (const k of intake) expect(Object.keys(MediationFields.shape)).toContain(k);
  });
});

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

describe('registration (create)', () => {
  const rows: [who: string, user: EngineUser, fields: Record<string, unknown>][] = [
    ['矛调中心', tiaojie, INTAKE],
    ['司法所', sifasuo, { ...INTAKE, channel: 'court', referredBy: '县人民法院' }],
    ['村居干部 (村居上报)', village, { ...INTAKE, channel: 'village_report' }],
  ];
  for (const [who, user, fields] of rows) {
    it(`${who} may register`, () => {
      const r = ok(createCase(mediation, fields, user, t('2023-09-01 09:00')));
      expect(r.state).toBe('registered');
    });
  }

  it('keeps only intake fields at registration: outcomes come from actions', () => {
    const r = ok(
      createCase(mediation, { ...INTAKE, outcome: 'performed', sessions: [] }, tiaojie, t('2023-09-01 09:00')),
    );
    expect(r.fields).not.toHaveProperty('outcome');
    expect(r.fields).not.toHaveProperty('sessions');
    expect(r.fields).toMatchObject({ summary: INTAKE.summary });
  });

  it('puts a new dispute on the centre’s inbox, not on every leader’s (taking ownership is optional)', () => {
    const r = ok(createCase(mediation, INTAKE, tiaojie, t('2023-09-01 09:00')));
    const facts = inboxFacts(
      mediation,
      {
        type: 'mediation',
        state: r.state,
        version: 1,
        fields: r.fields,
        events: r.events,
        documents: [],
        createdBy: tiaojie.id,
      },
      calendar,
      t('2023-09-01 10:00'),
    );
    expect(facts.actorRoles).toEqual(['sifasuo', 'tiaojie']);
  });

  it('信访办 may not (FORBIDDEN), and is told who may', () => {
    const e = err(createCase(mediation, INTAKE, xinfang, t('2023-09-01 09:00')));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toBe('仅矛调中心、司法所、村居干部可以登记矛盾纠纷');
  });

  const invalid: [label: string, patch: Record<string, unknown>, message: string][] = [
    ['no people', { peopleCount: 0 }, '涉及人数'],
    ['negative amount', { amount: -1 }, '涉及金额（元）'],
    ['an impossible date', { receivedOn: '2023-02-30' }, '收到日期：应为YYYY-MM-DD格式的有效日期'],
    ['an unknown channel', { channel: 'wechat' }, '来源渠道'],
    ['a blank summary', { summary: '  ' }, '纠纷简要情况'],
  ];
  for (const [label, patch, message] of invalid) {
    it(`rejects ${label}, naming the field`, () => {
      const e = err(createCase(mediation, { ...INTAKE, ...patch }, tiaojie, t('2023-09-01 09:00')));
      expect(e.code).toBe('VALIDATION');
      expect(e.message).toContain(message);
    });
  }
});

// ---------------------------------------------------------------------------
// Workflow: every action, who may take it, where it leads.
// ---------------------------------------------------------------------------

interface Row {
  action: string;
  from: Built;
  /** Documents issued just before (the action's gate). */
  docs?: string[];
  input?: unknown;
  /** The state after; undefined = unchanged. */
  to?: string;
  allowed: EngineUser[];
  refused: EngineUser[];
}

const ROWS: Row[] = [
  {
    action: 'accept',
    from: 'registered',
    docs: ['registration'],
    to: 'accepted',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'decline',
    from: 'registered',
    docs: ['rejection_notice'],
    input: { rejectionGround: 'reserved', rejectionReason: '属于治安案件，应由公安机关处理' },
    to: 'rejected',
    allowed: [tiaojie, sifasuo],
    refused: [leader, village],
  },
  {
    action: 'route',
    from: 'accepted',
    input: ROUTE,
    to: 'routed',
    allowed: [tiaojie, sifasuo],
    refused: [village, xinfang],
  },
  {
    action: 'refer',
    from: 'accepted',
    input: { referralTo: 'petition', referralOrg: '镇信访办', referralReason: '反映村干部作风问题，属信访事项' },
    to: 'referred',
    allowed: [tiaojie, sifasuo],
    refused: [xinfang, leader],
  },
  {
    action: 'assign',
    from: 'routed',
    input: ASSIGN,
    to: 'mediating',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'record_session',
    from: 'mediating',
    docs: ['session_record'],
    input: session('2023-10-09'),
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'request_approval:extend',
    from: 'mediating',
    input: { agreedBy: '申请人张三、被申请人李四均当场同意继续调解', length: 1, reason: '需等待院墙损失评估' },
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'agree_written',
    from: 'heard',
    docs: ['agreement'],
    input: agreement('2023-10-09', '2023-10-31'),
    to: 'agreement_written',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'agree_oral',
    from: 'heard',
    docs: ['oral_record'],
    input: agreement('2023-10-09', '2023-10-09'),
    to: 'agreement_oral',
    allowed: [tiaojie, sifasuo],
    refused: [village, fazhiban],
  },
  {
    action: 'terminate',
    from: 'heard',
    docs: ['termination_notice'],
    input: { terminationReason: '被申请人坚持不赔偿，调解不成' },
    to: 'terminated',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'withdraw',
    from: 'mediating',
    input: { withdrawalKind: 'withdrawn', withdrawnBy: 'applicant', refusalReason: '双方已自行和解' },
    to: 'withdrawn',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'follow_up',
    from: 'agreement_written',
    input: { ...FOLLOW_UP, date: '2023-10-09' },
    allowed: [tiaojie, sifasuo, village],
    refused: [leader, xinfang],
  },
  {
    action: 'performed',
    from: 'followed',
    docs: ['follow_up_record'],
    input: { performedOn: '2023-09-28' },
    to: 'performed',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'apply_confirmation',
    from: 'agreement_written',
    docs: ['confirmation_application'],
    input: { court: '某县人民法院', appliedOn: '2023-10-09' },
    to: 'confirmation_applied',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'record_confirmation',
    from: 'confirmation_applied',
    input: { result: 'confirmed', decidedOn: '2023-10-09', caseNumber: '（2023）某0101民特调确字第8号' },
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'litigate',
    from: 'agreement_oral',
    input: { kind: 'lawsuit', court: '某县人民法院', filedOn: '2023-10-09' },
    to: 'litigated',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'archive',
    from: 'terminated',
    input: {},
    to: 'archived',
    allowed: [tiaojie, sifasuo],
    refused: [village, leader],
  },
  {
    action: 'take_ownership',
    from: 'mediating',
    input: { ownerLeaderId: 'u-ld' },
    allowed: [leader],
    refused: [tiaojie, sifasuo],
  },
  {
    action: 'report_police',
    from: 'mediating',
    input: { date: '2023-10-09', agency: '湾头桥派出所', situation: '李四扬言持刀报复' },
    allowed: [tiaojie, sifasuo, village, leader],
    refused: [xinfang],
  },
];

function prepared(row: Row): CaseSnapshot {
  let c = build[row.from]();
  for (const kind of row.docs ?? []) c = issue(c, kind, t('2023-10-09 09:00'));
  return c;
}

describe('workflow: every action, the roles that may and may not take it', () => {
  it('the table covers every action of the type', () => {
    const covered = new Set(ROWS.map((r) => r.action.replace('request_approval:', '')));
    expect([...covered].sort()).toEqual(Object.keys(mediation.actions).sort());
  });

  for (const row of ROWS) {
    const fresh = () => prepared(row);
    for (const user of row.allowed) {
      it(`${row.action} from ${row.from}: ${user.roles[0]} may → ${row.to ?? 'same state'}`, () => {
        const c = fresh();
        const r = ok(applyAction(mediation, c, row.action, row.input, user, NOW));
        expect(r.newState).toBe(row.to ?? c.state);
        expect(allowedActions(mediation, c, user, NOW).find((a) => a.key === row.action)).toMatchObject({
          enabled: true,
        });
      });
    }
    for (const user of row.refused) {
      it(`${row.action} from ${row.from}: ${user.roles[0]} may not (FORBIDDEN)`, () => {
        const c = fresh();
        expect(err(applyAction(mediation, c, row.action, row.input, user, NOW)).code).toBe('FORBIDDEN');
        expect(allowedActions(mediation, c, user, NOW).map((a) => a.key)).not.toContain(row.action);
      });
    }
  }

  it('assign puts the mediator id where the server reads it (input.assigneeId) and on the case', () => {
    const c = build.mediating();
    expect(c.events.at(-1)?.data?.input).toMatchObject({ assigneeId: 'u-tj' });
    expect(c.fields).toMatchObject({ mediatorId: 'u-tj', coMediators: ['李调解'], invitees: ['村支书王五'] });
  });

  it('reassigning during mediation keeps the case in mediation', () => {
    const c = run(build.heard(), 'assign', { assigneeId: 'u-tj2' }, sifasuo, NOW);
    expect(c.state).toBe('mediating');
    expect(c.fields.mediatorId).toBe('u-tj2');
    expect(c.fields.sessions).toHaveLength(1);
  });

  it('sessions are appended, one 调解笔录 each', () => {
    let c = build.heard();
    c = issue(c, 'session_record', t('2023-09-12 09:00'));
    c = run(c, 'record_session', session('2023-09-12'), tiaojie, t('2023-09-12 10:00'));
    expect((c.fields.sessions as unknown[]).map((s) => (s as { date: string }).date)).toEqual([
      '2023-09-05',
      '2023-09-12',
    ]);
    const e = err(applyAction(mediation, c, 'record_session', session('2023-09-13'), tiaojie, t('2023-09-13 10:00')));
    expect([e.code, e.message]).toEqual(['UNPROCESSABLE', '请先出具《调解笔录》']);
  });

  it('an agreement records its terms, dates and outcome', () => {
    expect(build.agreement_written().fields).toMatchObject({
      agreementType: 'written',
      agreementEffectiveOn: '2023-09-10',
      performanceDue: '2023-09-28',
      performanceStatus: 'not_due',
      outcome: 'success',
    });
    expect(build.agreement_oral().fields.agreementType).toBe('oral');
  });

  it('follow-ups are appended and update the performance status', () => {
    const c = build.followed();
    expect(c.fields.followUps).toHaveLength(1);
    expect(c.fields.performanceStatus).toBe('full');
  });

  it('rejection and referral end the case with their grounds', () => {
    expect(build.rejected().fields).toMatchObject({ rejectionGround: 'already_handled', outcome: 'rejected' });
    expect(build.referred().fields).toMatchObject({
      route: 'referral',
      referralTo: 'arbitration',
      outcome: 'referred',
    });
    for (const s of ['rejected', 'referred', 'archived']) expect(mediation.states[s as 'rejected'].terminal).toBe(true);
  });

  it('route offers only the routes that stay in the centre', () => {
    const e = err(applyAction(mediation, build.accepted(), 'route', { ...ROUTE, route: 'referral' }, tiaojie, NOW));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('分流途径');
  });

  it('the judicial confirmation result is merged into what the application recorded', () => {
    const c = run(
      build.confirmation_applied(),
      'record_confirmation',
      ROWS.find((r) => r.action === 'record_confirmation')?.input,
      tiaojie,
      NOW,
    );
    expect(c.fields.judicialConfirmation).toEqual({
      court: '某县人民法院',
      appliedOn: '2023-09-12',
      result: 'confirmed',
      decidedOn: '2023-10-09',
      caseNumber: '（2023）某0101民特调确字第8号',
    });
  });

  it('leader ownership names the leader in the input, for the server, and keeps the state', () => {
    const r = ok(applyAction(mediation, build.mediating(), 'take_ownership', { ownerLeaderId: 'u-ld' }, leader, NOW));
    expect(r.newState).toBe('mediating');
    expect(r.events[0]?.data?.input).toEqual({ ownerLeaderId: 'u-ld' });
  });
});

describe('state: each action only from its from-states', () => {
  const states: Built[] = [
    'registered',
    'accepted',
    'routed',
    'mediating',
    'agreement_written',
    'agreement_oral',
    'confirmation_applied',
    'terminated',
    'withdrawn',
    'performed',
    'litigated',
    'rejected',
    'referred',
    'archived',
  ];

  it('builds one case in every state of the type', () => {
    expect([...states].sort()).toEqual(Object.keys(mediation.states).sort());
    for (const s of states) expect(build[s]().state).toBe(s);
  });

  const superUser: EngineUser = { id: 'u-all', roles: ['tiaojie', 'sifasuo', 'village', 'leader'] };
  for (const s of states) {
    it(`in ${s}: CONFLICT for every action not declared from it`, () => {
      const c = build[s]();
      const offered = new Set(allowedActions(mediation, c, superUser, NOW).map((a) => a.action));
      for (const [key, def] of Object.entries(mediation.actions)) {
        const declared = (def.from as readonly string[]).includes(s);
        expect([key, offered.has(key)]).toEqual([key, declared]);
        if (declared) continue;
        const e = err(applyAction(mediation, c, def.approval ? `request_approval:${key}` : key, {}, superUser, NOW));
        expect([key, e.code]).toEqual([key, 'CONFLICT']);
      }
    });
  }

  it('a terminal state says so', () => {
    const e = err(applyAction(mediation, build.archived(), 'report_police', {}, tiaojie, NOW));
    expect(e.message).toBe('当前状态「已归档」（已终结）不能执行「报告公安机关」');
  });
});

// ---------------------------------------------------------------------------
// Gates: documents, fields, guards
// ---------------------------------------------------------------------------

describe('documents and fields gate the outcomes', () => {
  const rows: [action: string, from: Built, input: unknown, message: string][] = [
    ['accept', 'registered', undefined, '请先出具《受理登记表》'],
    ['decline', 'registered', ROWS.find((r) => r.action === 'decline')?.input, '请先出具《不予受理告知书》'],
    ['record_session', 'mediating', session('2023-10-09'), '请先出具《调解笔录》'],
    ['agree_written', 'heard', agreement('2023-10-09', '2023-10-31'), '请先出具《人民调解协议书》'],
    ['agree_oral', 'heard', agreement('2023-10-09', '2023-10-31'), '请先出具《口头协议登记表》'],
    ['terminate', 'heard', { terminationReason: '分歧过大' }, '请先出具《终止调解告知书》'],
    ['performed', 'followed', { performedOn: '2023-09-28' }, '请先出具《回访记录》'],
    ['performed', 'agreement_written', { performedOn: '2023-09-28' }, '请先填写「回访记录」'],
    [
      'apply_confirmation',
      'agreement_written',
      { court: '某县人民法院', appliedOn: '2023-10-09' },
      '请先出具《司法确认申请书》',
    ],
  ];
  for (const [action, from, input, message] of rows) {
    it(`${action} from ${from}: ${message}`, () => {
      const c = build[from]();
      const e = err(applyAction(mediation, c, action, input, tiaojie, NOW));
      expect([e.code, e.message]).toEqual(['UNPROCESSABLE', message]);
      expect(allowedActions(mediation, c, tiaojie, NOW).find((a) => a.key === action)).toMatchObject({
        enabled: false,
        reason: message,
      });
    });
  }

  it('the written agreement is refused until 《人民调解协议书》 is issued, then allowed', () => {
    let c = build.heard();
    expect(
      err(applyAction(mediation, c, 'agree_written', agreement('2023-10-09', '2023-10-31'), tiaojie, NOW)).message,
    ).toBe('请先出具《人民调解协议书》');
    // Another document does not count.
    c = issue(c, 'oral_record', t('2023-10-09 09:00'));
    expect(
      err(applyAction(mediation, c, 'agree_written', agreement('2023-10-09', '2023-10-31'), tiaojie, NOW)).code,
    ).toBe('UNPROCESSABLE');
    c = issue(c, 'agreement', t('2023-10-09 09:30'));
    expect(
      ok(applyAction(mediation, c, 'agree_written', agreement('2023-10-09', '2023-10-31'), tiaojie, NOW)).newState,
    ).toBe('agreement_written');
  });

  it('no outcome before a session is recorded (人民调解法 art 27)', () => {
    const c = issue(build.mediating(), 'agreement', t('2023-10-09 09:00'));
    const e = err(applyAction(mediation, c, 'agree_written', agreement('2023-10-09', '2023-10-31'), tiaojie, NOW));
    expect(e.message).toBe('请先填写「调解记录」');
  });

  const guards: [label: string, action: string, from: Built, docs: string[], input: unknown, message: string][] = [
    [
      'an agreement effective in the future',
      'agree_written',
      'heard',
      ['agreement'],
      agreement('2023-10-10', '2023-10-31'),
      '协议生效日期不得晚于今天（2023-10-09）',
    ],
    [
      'an agreement effective before acceptance',
      'agree_written',
      'heard',
      ['agreement'],
      agreement('2023-08-31', '2023-10-31'),
      '协议生效日期不得早于受理日期（2023-09-01）',
    ],
    [
      'performance due before the agreement',
      'agree_oral',
      'heard',
      ['oral_record'],
      agreement('2023-10-09', '2023-10-08'),
      '履行期限不得早于协议生效日期',
    ],
    [
      'a session in the future',
      'record_session',
      'mediating',
      ['session_record'],
      session('2023-10-10'),
      '调解日期不得晚于今天（2023-10-09）',
    ],
    [
      'a confirmation applied before the agreement took effect',
      'apply_confirmation',
      'agreement_written',
      ['confirmation_application'],
      { court: '某县人民法院', appliedOn: '2023-09-09' },
      '申请日期不得早于协议生效日期（2023-09-10）',
    ],
  ];
  for (const [label, action, from, docs, input, message] of guards) {
    it(`refuses ${label}`, () => {
      let c = build[from]();
      for (const d of docs) c = issue(c, d, t('2023-10-09 09:00'));
      const e = err(applyAction(mediation, c, action, input, tiaojie, NOW));
      expect([e.code, e.message]).toEqual(['UNPROCESSABLE', message]);
    });
  }

  it('不予受理 needs a statutory ground and a reason', () => {
    const c = issue(build.registered(), 'rejection_notice', t('2023-09-01 09:30'));
    const e = err(applyAction(mediation, c, 'decline', { rejectionReason: '已起诉' }, tiaojie, NOW));
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('不予受理情形');
  });
});

// ---------------------------------------------------------------------------
// Refusal, police reports
// ---------------------------------------------------------------------------

describe('documents are bound to the stage and a voided one unlocks nothing (issue 13)', () => {
  it('a 人民调解协议书 cannot be issued on a case only registered, only while mediating', () => {
    expect(issueProblem(mediation, build.registered(), 'agreement')).toBe(
      '《人民调解协议书》只能在「调解中」阶段出具，本案当前为「已登记」',
    );
    expect(issueProblem(mediation, build.heard(), 'agreement')).toBeNull();
  });

  it('offers per stage only the documents of that stage', () => {
    expect(issuableKinds(mediation, build.registered()).sort()).toEqual(
      ['application', 'registration', 'rejection_notice'].sort(),
    );
    expect(issuableKinds(mediation, build.heard()).sort()).toEqual(
      ['agreement', 'oral_record', 'session_record', 'termination_notice'].sort(),
    );
    // 人民调解法 art 31 ¶2: follow-up records once an agreement is to be performed.
    expect(issuableKinds(mediation, build.agreement_written())).toContain('follow_up_record');
    expect(issuableKinds(mediation, build.agreement_written())).toContain('confirmation_application');
    expect(issuableKinds(mediation, build.archived())).toEqual([]);
  });

  it('after 达成书面协议 a 协议书 is only issued as the correction of a voided one', () => {
    const c = build.agreement_written();
    expect(issueProblem(mediation, c, 'agreement')).toBe(
      '本案当前为「已达成书面协议（履行监督中）」，《人民调解协议书》已用于办理，只能在作废原文书后出具更正文书',
    );
    const voided = { kind: 'agreement', issuedAt: t('2023-09-10 09:00'), voidedAt: t('2023-09-12 09:00') };
    expect(issueProblem(mediation, c, 'agreement', voided)).toBeNull();
    expect(issueProblem(mediation, c, 'agreement', { ...voided, voidedAt: null })).toBe(
      '被替换的《人民调解协议书》尚未作废，请先作废再出具更正文书',
    );
  });

  it('voiding the only 受理登记表 locks 受理 again; a new copy unlocks it', () => {
    const registered = build.registered();
    const issued = issue(registered, 'registration', t('2023-09-01 09:30'));
    expect(allowedActions(mediation, issued, tiaojie, NOW).find((a) => a.key === 'accept')?.enabled).toBe(true);
    const voided: CaseSnapshot = {
      ...registered,
      documents: [{ kind: 'registration', issuedAt: t('2023-09-01 09:30'), voidedAt: t('2023-09-01 10:00') }],
    };
    expect(allowedActions(mediation, voided, tiaojie, NOW).find((a) => a.key === 'accept')).toMatchObject({
      enabled: false,
      reason: '请先出具《受理登记表》',
    });
    const reissued = issue(voided, 'registration', t('2023-09-01 10:05'));
    expect(ok(applyAction(mediation, reissued, 'accept', undefined, tiaojie, NOW)).newState).toBe('accepted');
  });
});

describe('a party refusing ends the mediation (人民调解法 arts 17, 23(2))', () => {
  for (const from of ['registered', 'accepted', 'routed', 'mediating'] as const) {
    it(`from ${from}`, () => {
      const c = run(
        build[from](),
        'withdraw',
        { withdrawalKind: 'refused', withdrawnBy: 'respondent', refusalReason: '明确表示不接受调解' },
        sifasuo,
        NOW,
      );
      expect(c.state).toBe('withdrawn');
      expect(c.fields).toMatchObject({ outcome: 'withdrawn', withdrawalKind: 'refused', withdrawnBy: 'respondent' });
      const left = allowedActions(mediation, c, tiaojie, NOW).map((a) => a.key);
      expect(left.sort()).toEqual(['archive', 'report_police']);
    });
  }

  it('stops the mediation clock', () => {
    const s = clock(build.withdrawn(), 'mediation', NOW);
    expect([s.state, s.stoppedOn]).toEqual(['stopped', '2023-09-04']);
  });

  it('after an agreement a party can no longer "refuse": it sues instead (人民调解法 art 32)', () => {
    const e = err(applyAction(mediation, build.agreement_written(), 'withdraw', {}, tiaojie, NOW));
    expect(e.code).toBe('CONFLICT');
  });
});

describe('report to the police (人民调解法 art 25) keeps the state', () => {
  const report = { date: '2023-10-09', agency: '湾头桥派出所', situation: '双方在调解室发生推搡' };
  const openStates: Built[] = [
    'registered',
    'accepted',
    'routed',
    'mediating',
    'agreement_written',
    'agreement_oral',
    'confirmation_applied',
    'terminated',
    'withdrawn',
    'performed',
    'litigated',
  ];
  for (const s of openStates) {
    it(`in ${s}`, () => {
      const c = run(build[s](), 'report_police', report, village, NOW);
      expect(c.state).toBe(s);
      expect(c.fields.violenceRisk).toBe(true);
      expect(c.fields.policeReports).toEqual([report]);
    });
  }

  it('reports accumulate and do not touch the mediation clock', () => {
    let c = build.mediating();
    c = run(c, 'report_police', { ...report, date: '2023-09-03' }, tiaojie, t('2023-09-03 10:00'));
    c = run(c, 'report_police', { ...report, date: '2023-09-04' }, leader, t('2023-09-04 10:00'));
    expect(c.fields.policeReports).toHaveLength(2);
    expect(clock(c, 'mediation', t('2023-09-20 10:00'))).toMatchObject({ state: 'running', due: '2023-10-07' });
  });
});

// ---------------------------------------------------------------------------
// Clocks
// ---------------------------------------------------------------------------

/** Accepted on `day` (registered the same morning). */
function acceptedOn(day: string): CaseSnapshot {
  const c = issue(open(t(`${day} 08:30`), { ...INTAKE, receivedOn: day }), 'registration', t(`${day} 08:45`));
  return run(c, 'accept', undefined, tiaojie, t(`${day} 09:00`));
}

describe('clock: mediation within one month of acceptance (人民调解工作若干规定 art 33)', () => {
  const rows: [accepted: string, due: string, why: string][] = [
    ['2023-09-20', '2023-10-20', 'the matching day, a Friday, is a working day'],
    ['2023-09-01', '2023-10-07', '1 Oct is 国庆; the rest runs to 6 Oct; 7 Oct (Sat) is a 调休 working day'],
    ['2023-08-29', '2023-10-07', '29 Sep is 中秋节, inside the same rest period'],
    ['2023-01-31', '2023-02-28', 'no 31 Feb: the month end (民法典 art 202), a Tuesday'],
    ['2023-12-22', '2024-01-22', 'the matching day, a Monday'],
  ];
  for (const [accepted, due, why] of rows) {
    it(`accepted ${accepted} → due ${due} (${why})`, () => {
      const s = clock(acceptedOn(accepted), 'mediation', t(`${accepted} 18:00`));
      expect([s.state, s.startedOn, s.due, s.unit, s.length]).toEqual(['running', accepted, due, 'month', 1]);
      expect(s.basis).toContain('人民调解工作若干规定 第33条');
    });
  }

  it('not started before acceptance', () => {
    expect(clock(build.registered(), 'mediation', NOW).state).toBe('not_started');
  });

  it('runs through routing and assignment, warns near the end, is breached after it', () => {
    const c = build.mediating();
    // Working days in (today, 7 Oct]: from 25 Sep they are 26, 27, 28 Sep and 7 Oct (29 Sep–6 Oct rest),
    // so the clock turns yellow on 26 Sep with 3 left (the default warning is 3 working days).
    expect(clock(c, 'mediation', t('2023-09-25 10:00'))).toMatchObject({ level: 'ok', workdaysLeft: 4 });
    expect(clock(c, 'mediation', t('2023-09-26 10:00'))).toMatchObject({
      state: 'running',
      level: 'warn',
      workdaysLeft: 3,
    });
    expect(clock(c, 'mediation', t('2023-10-07 23:00'))).toMatchObject({ state: 'running', daysLeft: 0 });
    expect(clock(c, 'mediation', t('2023-10-08 09:00'))).toMatchObject({
      state: 'breached',
      level: 'breached',
      daysLeft: -1,
    });
  });

  const outcomes: [outcome: Built, stoppedOn: string][] = [
    ['agreement_written', '2023-09-10'],
    ['agreement_oral', '2023-09-10'],
    ['terminated', '2023-09-10'],
    ['withdrawn', '2023-09-04'],
  ];
  for (const [outcome, stoppedOn] of outcomes) {
    it(`stopped by ${outcome}`, () => {
      expect(clock(build[outcome](), 'mediation', NOW)).toMatchObject({ state: 'stopped', stoppedOn, level: 'ok' });
    });
  }

  it('stopped by a referral after acceptance', () => {
    expect(clock(build.referred(), 'mediation', NOW)).toMatchObject({ state: 'stopped', stoppedOn: '2023-09-01' });
  });

  it('an agreement on the rolled due date is in time; the day after is late', () => {
    const base = issue(issue(build.heard(), 'agreement', t('2023-10-07 09:00')), 'oral_record', t('2023-10-08 09:00'));
    const inTime = run(base, 'agree_written', agreement('2023-10-07', '2023-10-31'), tiaojie, t('2023-10-07 17:00'));
    expect(clock(inTime, 'mediation', NOW)).toMatchObject({ state: 'stopped', level: 'ok' });
    const late = run(base, 'agree_oral', agreement('2023-10-08', '2023-10-31'), tiaojie, t('2023-10-08 10:00'));
    expect(clock(late, 'mediation', NOW)).toMatchObject({ state: 'stopped_late', level: 'breached' });
  });
});

describe('extension with both parties’ agreement (local rule art 36), confirmed by 司法所 or a leader', () => {
  const proposal = {
    agreedBy: '申请人张三、被申请人李四于2023-08-25调解时均同意继续调解',
    length: 1,
    reason: '需等待损失评估',
  };

  /** Accepted 1 Aug 2023: due 1 Sep (Fri). */
  function mediatingSinceAugust(): CaseSnapshot {
    let c = acceptedOn('2023-08-01');
    c = run(c, 'route', ROUTE, tiaojie, t('2023-08-01 10:00'));
    return run(c, 'assign', ASSIGN, tiaojie, t('2023-08-02 10:00'));
  }

  it('approved and taken: one more month, to 1 Oct, a holiday, rolled to 7 Oct', () => {
    let c = mediatingSinceAugust();
    expect(clock(c, 'mediation', t('2023-08-25 09:00')).due).toBe('2023-09-01');
    c = run(c, 'request_approval:extend', proposal, tiaojie, t('2023-08-25 10:00'));
    c = run(c, 'approve:extend', { opinion: '已核实双方同意' }, sifasuo, t('2023-08-25 15:00'));
    c = run(c, 'extend', undefined, tiaojie, t('2023-08-25 16:00'));
    const s = clock(c, 'mediation', t('2023-09-02 09:00'));
    expect([s.state, s.extendedBy, s.extensionMax, s.due]).toEqual(['running', 1, 2, '2023-10-07']);
    expect(c.events.at(-1)?.data?.input).toEqual(proposal);
  });

  it('the parties’ agreement must be recorded', () => {
    const e = err(
      applyAction(
        mediation,
        mediatingSinceAugust(),
        'request_approval:extend',
        { length: 1, reason: '评估' },
        tiaojie,
        NOW,
      ),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.message).toContain('双方当事人同意情况');
  });

  it('cannot be taken without approval, nor approved by the requester, nor by a village cadre', () => {
    let c = mediatingSinceAugust();
    expect(err(applyAction(mediation, c, 'extend', undefined, tiaojie, NOW)).message).toBe(
      '「延长调解期限」须先经司法所、镇领导审批',
    );
    c = run(c, 'request_approval:extend', proposal, sifasuo, t('2023-08-25 10:00'));
    expect(err(applyAction(mediation, c, 'approve:extend', {}, sifasuo, NOW)).message).toBe('不能审批本人提出的申请');
    expect(err(applyAction(mediation, c, 'approve:extend', {}, village, NOW)).code).toBe('FORBIDDEN');
    expect(err(applyAction(mediation, c, 'approve:extend', {}, tiaojie2, NOW)).code).toBe('FORBIDDEN');
    c = run(c, 'approve:extend', {}, leader, t('2023-08-25 15:00'));
    expect(run(c, 'extend', undefined, sifasuo, t('2023-08-25 16:00')).state).toBe('mediating');
  });

  it('at most two months in all', () => {
    let c = mediatingSinceAugust();
    const twice = { ...proposal, length: 2 };
    c = run(c, 'request_approval:extend', twice, tiaojie, t('2023-08-25 10:00'));
    c = run(c, 'approve:extend', {}, sifasuo, t('2023-08-25 15:00'));
    c = run(c, 'extend', undefined, tiaojie, t('2023-08-25 16:00'));
    expect(clock(c, 'mediation', t('2023-09-02 09:00'))).toMatchObject({ extendedBy: 2, due: '2023-11-01' });
    const e = err(applyAction(mediation, c, 'request_approval:extend', proposal, tiaojie, t('2023-10-20 10:00')));
    expect(e.code).toBe('UNPROCESSABLE');
    expect(e.message).toContain('已累计延长2个月，不能再延长');
    expect(
      err(
        applyAction(
          mediation,
          mediatingSinceAugust(),
          'request_approval:extend',
          { ...proposal, length: 3 },
          tiaojie,
          NOW,
        ),
      ).code,
    ).toBe('VALIDATION');
  });
});

describe('clock: judicial confirmation window, 30 d from the agreement taking effect (人民调解法 art 33; 民事诉讼法 art 205)', () => {
  /** A written agreement effective on `effective`, taken the same day. */
  function agreedOn(effective: string): CaseSnapshot {
    let c = acceptedOn(addDays(effective, -5));
    c = run(c, 'route', ROUTE, tiaojie, t(`${addDays(effective, -5)} 10:00`));
    c = run(c, 'assign', ASSIGN, tiaojie, t(`${addDays(effective, -5)} 11:00`));
    c = issue(c, 'session_record', t(`${effective} 08:00`));
    c = run(c, 'record_session', session(effective), tiaojie, t(`${effective} 09:00`));
    c = issue(c, 'agreement', t(`${effective} 10:00`));
    return run(c, 'agree_written', agreement(effective, effective), tiaojie, t(`${effective} 11:00`));
  }

  const rows: [effective: string, due: string, why: string][] = [
    ['2024-01-12', '2024-02-18', '11 Feb is in the 春节 rest (10–17 Feb); 18 Feb (Sun) is a 调休 working day'],
    ['2023-09-05', '2023-10-07', '5 Oct is a 调休 rest day of the 国庆 period'],
    ['2023-10-10', '2023-11-09', 'a Thursday, nothing to roll'],
  ];
  for (const [effective, due, why] of rows) {
    it(`effective ${effective} → last day ${due} (${why})`, () => {
      const s = clock(agreedOn(effective), 'confirmation_window', t(`${effective} 12:00`));
      expect([s.kind, s.state, s.startedOn, s.due]).toEqual(['window', 'running', effective, due]);
    });
  }

  it('is the parties’ window: when it passes it has expired, nobody is in breach', () => {
    const s = clock(agreedOn('2024-01-12'), 'confirmation_window', t('2024-02-19 09:00'));
    expect([s.state, s.level]).toEqual(['expired', 'ok']);
  });

  it('stops when the parties apply', () => {
    let c = agreedOn('2024-01-12');
    c = issue(c, 'confirmation_application', t('2024-02-18 09:00'));
    c = run(
      c,
      'apply_confirmation',
      { court: '某县人民法院', appliedOn: '2024-02-18' },
      tiaojie,
      t('2024-02-18 10:00'),
    );
    expect(clock(c, 'confirmation_window', t('2024-03-01 09:00'))).toMatchObject({ state: 'stopped', level: 'ok' });
  });

  it('an oral agreement opens no window (the application must attach the agreement, SPC 2011 rules art 3)', () => {
    expect(clock(build.agreement_oral(), 'confirmation_window', NOW).state).toBe('not_started');
  });
});

describe('clock: follow-up due the first working day after the agreed performance date (人民调解法 art 31 ¶2)', () => {
  it('performance due 28 Sep 2023 → visit due 7 Oct (29 Sep–6 Oct rest, 7 Oct 调休 working day)', () => {
    const c = build.agreement_written();
    expect(clock(c, 'follow_up', t('2023-09-20 10:00'))).toMatchObject({
      state: 'running',
      startedOn: '2023-09-28',
      due: '2023-10-07',
      unit: 'wd',
    });
    expect(clock(c, 'follow_up', t('2023-10-08 10:00'))).toMatchObject({ state: 'breached', level: 'breached' });
  });

  it('stopped by the first follow-up', () => {
    expect(clock(build.followed(), 'follow_up', NOW)).toMatchObject({ state: 'stopped', stoppedOn: '2023-09-29' });
  });

  it('starts for an oral agreement too', () => {
    expect(clock(build.agreement_oral(), 'follow_up', t('2023-09-20 10:00')).due).toBe('2023-10-07');
  });
});

// ---------------------------------------------------------------------------
// Each route its own rules and documents (issue 13)
// ---------------------------------------------------------------------------

const COURT = {
  courtName: '示范县人民法院',
  courtCaseNo: '（2023）示0101民诉前调123号',
  courtReferredOn: '2023-08-25',
  courtPeriodDays: 30,
};

/** Accepted on 1 Sep 2023 and routed at 11:00 the same day, with the town's policy handed to the action. */
function routedAs(
  route: string,
  extra: Record<string, unknown> = {},
  policy: Record<string, unknown> = {},
): CaseSnapshot {
  const c = build.accepted();
  const input = {
    route,
    committee: route === 'administrative' ? '湾头桥镇人民政府' : '湾头桥镇人民调解委员会',
    ...extra,
  };
  const r = ok(applyAction(mediation, c, 'route', input, tiaojie, t('2023-09-01 11:00'), { policy }));
  return { ...c, state: r.newState, version: c.version + 1, fields: r.fields, events: [...c.events, ...r.events] };
}

/** Routed, assigned and heard once: ready for an agreement. */
function heardAs(c: CaseSnapshot): CaseSnapshot {
  const m = run(c, 'assign', ASSIGN, tiaojie, t('2023-09-02 09:00'));
  return run(
    issue(m, 'session_record', t('2023-09-05 11:00')),
    'record_session',
    session('2023-09-05'),
    tiaojie,
    t('2023-09-05 12:00'),
  );
}

const keys = (c: CaseSnapshot, now: string) => clockStatus(mediation, c, calendar, now).map((s) => s.key);

describe('人民调解 route: the one-month limit binds it (人民调解工作若干规定 art 33)', () => {
  it('a 人民调解 case still open after a month is breached (art 33)', () => {
    const c = heardAs(routedAs('people'));
    expect(clock(c, 'mediation', t('2023-10-08 09:00'))).toMatchObject({ state: 'breached', due: '2023-10-07' });
    expect(keys(c, NOW)).not.toContain('administrative');
    expect(keys(c, NOW)).not.toContain('court');
  });

  it('runs from acceptance while the route is still open, as the centre may yet route it to 人民调解 (art 33)', () => {
    expect(keys(build.accepted(), NOW)).toContain('mediation');
  });
});

describe('行政调解 route: no national limit, the town’s own limit recorded on the case', () => {
  it('has no one-month breach: 人民调解工作若干规定 art 33 does not bind administrative mediation', () => {
    const c = heardAs(routedAs('administrative'));
    expect(keys(c, t('2023-12-01 09:00'))).not.toContain('mediation');
    expect(inboxFacts(mediation, c, calendar, t('2023-12-01 09:00')).nextDue).toBeNull();
  });

  it('a town without a limit: no clock at all, and nothing recorded', () => {
    const c = routedAs('administrative');
    expect(c.fields.administrativeLimit).toBeUndefined();
    expect(keys(c, NOW)).toEqual(['follow_up']); // the performance follow-up binds every route (人民调解法 art 31 ¶2)
  });

  it('the town’s 20 working days from routing on 1 Sep 2023 → 7 Oct (29 Sep–6 Oct rest; 7 Oct a 调休 working Saturday)', () => {
    const c = routedAs('administrative', {}, { administrativeLimit: { length: 20, unit: 'wd' } });
    expect(c.fields.administrativeLimit).toEqual({ length: 20, unit: 'wd' });
    const s = clock(c, 'administrative', t('2023-09-04 09:00'));
    expect([s.state, s.startedOn, s.due, s.unit, s.length]).toEqual(['running', '2023-09-01', '2023-10-07', 'wd', 20]);
    expect(s.basis).toContain('行政调解无全国统一期限');
    expect(clock(c, 'administrative', t('2023-10-08 09:00')).state).toBe('breached');
  });

  it('another town’s 10 calendar days → 11 Sep (a Monday): the setting changes the due date', () => {
    const c = routedAs('administrative', {}, { administrativeLimit: { length: 10, unit: 'd' } });
    expect(clock(c, 'administrative', t('2023-09-04 09:00'))).toMatchObject({ due: '2023-09-11', unit: 'd' });
  });

  it('an invalid stored setting is no limit, not a broken case', () => {
    const c = routedAs('administrative', {}, { administrativeLimit: { length: -3, unit: 'wd' } });
    expect(c.fields.administrativeLimit).toBeUndefined();
  });

  it('cannot extend the one-month limit, which does not bind it', () => {
    const c = heardAs(routedAs('administrative'));
    const e = err(
      applyAction(
        mediation,
        c,
        'request_approval:extend',
        { agreedBy: '双方同意', length: 1, reason: '待鉴定' },
        tiaojie,
        NOW,
      ),
    );
    expect(e.message).toContain('「调解期限」不适用于本案');
  });

  it('prints a 行政调解协议书, never a 人民调解协议书', () => {
    const c = heardAs(routedAs('administrative'));
    expect(issuableKinds(mediation, c)).toContain('admin_agreement');
    expect(issuableKinds(mediation, c)).not.toContain('agreement');
    expect(issueProblem(mediation, c, 'agreement')).toBe(
      '《人民调解协议书》只用于「分流途径」为「人民调解」的案件，本案「分流途径」为「行政调解」',
    );
    const e = err(
      applyAction(mediation, c, 'agree_written', agreement('2023-09-10', '2023-09-28'), tiaojie, t('2023-09-10 10:00')),
    );
    expect(e.message).toBe('请先出具《行政调解协议书》');
    const done = run(
      issue(c, 'admin_agreement', t('2023-09-10 09:00')),
      'agree_written',
      agreement('2023-09-10', '2023-09-28'),
      tiaojie,
      t('2023-09-10 10:00'),
    );
    expect(done.state).toBe('agreement_written');
  });
});

describe('司法调解（诉前）route: the court’s reference and period (民事诉讼法 arts 125, 205(1); SPC 2011 rules art 2 ¶2)', () => {
  it('cannot be chosen without the court’s reference', () => {
    const c = build.accepted();
    const e = err(
      applyAction(mediation, c, 'route', { route: 'judicial', committee: '湾头桥镇人民调解委员会' }, tiaojie, NOW),
    );
    expect(e.message).toBe(
      '分流至司法调解（诉前）须填写人民法院的委派信息：委派（委托）法院、法院案号、法院委派（委托）日期、法院确定的调解期限',
    );
  });

  it('the court fields belong to that route only', () => {
    const e = err(
      applyAction(mediation, build.accepted(), 'route', { ...ROUTE, courtName: '示范县人民法院' }, tiaojie, NOW),
    );
    expect(e.message).toBe('只有分流至司法调解（诉前）时才填写法院委派信息');
  });

  it('records the reference; the court’s 30 days from 25 Aug 2023 end on Sun 24 Sep → Mon 25 Sep (民法典 art 203)', () => {
    const c = routedAs('judicial', COURT);
    expect(c.fields).toMatchObject({ ...COURT, courtReferralKind: 'delegated' });
    const s = clock(c, 'court', t('2023-09-04 09:00'));
    expect([s.startedOn, s.due, s.unit, s.length]).toEqual(['2023-08-25', '2023-09-25', 'd', 30]);
    expect(keys(c, NOW)).not.toContain('mediation');
  });

  it('cannot issue a 人民调解协议书; its agreement is the 调解协议书（诉前调解）', () => {
    const c = heardAs(routedAs('judicial', COURT));
    expect(issueProblem(mediation, c, 'agreement')).toBe(
      '《人民调解协议书》只用于「分流途径」为「人民调解」的案件，本案「分流途径」为「司法调解（诉前）」',
    );
    expect(issuableKinds(mediation, c)).toContain('court_agreement');
    const e = err(
      applyAction(mediation, c, 'agree_written', agreement('2023-09-10', '2023-09-28'), tiaojie, t('2023-09-10 10:00')),
    );
    expect(e.message).toBe('请先出具《调解协议书（诉前调解）》');
  });

  it('judicial confirmation goes to the referring court (民事诉讼法 art 205(1))', () => {
    const c0 = heardAs(routedAs('judicial', COURT));
    const c = run(
      issue(c0, 'court_agreement', t('2023-09-10 09:00')),
      'agree_written',
      agreement('2023-09-10', '2023-09-28'),
      tiaojie,
      t('2023-09-10 10:00'),
    );
    const withDoc = issue(c, 'confirmation_application', t('2023-09-12 09:00'));
    const e = err(
      applyAction(
        mediation,
        withDoc,
        'apply_confirmation',
        { court: '邻县人民法院', appliedOn: '2023-09-12' },
        tiaojie,
        t('2023-09-12 10:00'),
      ),
    );
    expect(e.message).toContain('应当向作出委派的示范县人民法院申请司法确认（民事诉讼法第二百零五条第一项）');
    const applied = run(
      withDoc,
      'apply_confirmation',
      { court: '示范县人民法院', appliedOn: '2023-09-12' },
      tiaojie,
      t('2023-09-12 10:00'),
    );
    expect(applied.state).toBe('confirmation_applied');
  });
});
