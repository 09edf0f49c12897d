/**
 * The petition case type (信访工作条例 2022). Every expected due date was worked out by
 * hand from the article cited on its row, 民法典 arts 201 and 203 (start day not counted; a
 * calendar-day period whose last day is not worked moves to the next working day) and
 * the State Council holiday notice for the year:
 *   2023 国办发明电〔2022〕16号: 9/29–10/6 off, Sat 10/7 and Sun 10/8 worked;
 *   2024 国办发明电〔2023〕7号: Spring Festival 2/10–2/17 off, Sun 2/4 and Sun 2/18 worked;
 *        National Day 10/1–10/7 off;
 *   2025 国办发明电〔2024〕12号: Spring Festival 1/28–2/4 off, Sun 1/26 and Sat 2/8 worked.
 */
import { describe, expect, it } from 'vitest';
import {
  ACCEPTANCE_DAYS,
  HANDLING_DAYS,
  OBJECTION_WORKDAYS,
  PetitionFields,
  petition,
  petitionFlags,
} from '../src/cases/petition.ts';
import {
  type AnyCaseType,
  type AppError,
  allowedActions,
  applyAction,
  type CaseEvent,
  type CaseSnapshot,
  type ClockState,
  type ClockStatus,
  clockStatus,
  createCalendar,
  createCase,
  type EngineUser,
  inboxFacts,
  isAppError,
} from '../src/index.ts';

const calendar = createCalendar();

const xinfang: EngineUser = { id: 'u-xf', roles: ['xinfang'] };
const leader: EngineUser = { id: 'u-ld', roles: ['leader'] };
const leader2: EngineUser = { id: 'u-ld2', roles: ['leader'] };
const village: EngineUser = { id: 'u-vl', roles: ['village'] };
const tiaojie: EngineUser = { id: 'u-tj', roles: ['tiaojie'] };

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

const BASE = {
  channel: 'visit',
  source: 'direct',
  receivedOn: '2025-12-01',
  category: 'claim',
  field: '东村/土地承包',
  summary: '反映村集体土地承包经营权调整不公',
  requests: '请求依法重新确认承包地面积',
  peopleCount: 1,
};

function open(fields: Record<string, unknown>, at: string, user: EngineUser = xinfang): CaseSnapshot {
  const r = ok(createCase(petition, { ...BASE, ...fields }, user, at));
  return {
    id: 'p1',
    type: 'petition',
    state: r.state,
    version: 1,
    fields: r.fields,
    events: r.events,
    documents: [],
    createdBy: user.id,
  };
}

/** Applies like the server would, including setting the owning leader from take_ownership's input. */
function run(c: CaseSnapshot, action: string, input: unknown, user: EngineUser, at: string): CaseSnapshot {
  const r = ok(applyAction(petition, c, action, input, user, at));
  const owner = action === 'take_ownership' ? (input as { ownerLeaderId: string }).ownerLeaderId : c.ownerLeaderId;
  return {
    ...c,
    state: r.newState,
    version: c.version + 1,
    fields: r.fields,
    events: [...c.events, ...r.events],
    ownerLeaderId: owner ?? null,
  };
}

function issue(c: CaseSnapshot, kind: string, at: string): CaseSnapshot {
  return { ...c, documents: [...c.documents, { kind, issuedAt: at }] };
}

function clock(c: CaseSnapshot, key: string, now: string): ClockStatus {
  const found = clockStatus(petition, c, calendar, now).find((s) => s.key === key);
  if (!found) throw new Error(`no clock ${key}`);
  return found;
}

const REPLY = {
  opinion: 'explain',
  facts: '经核实，2019年调整时按当时在册人口分配',
  reasons: '请求事由合理，但调整方案经村民会议通过',
  legalBasis: '《农村土地承包法》第二十八条',
};

function acceptedCase(acceptOn: string, receivedOn = acceptOn): CaseSnapshot {
  let c = open({ receivedOn }, t(`${receivedOn} 09:00`));
  c = issue(c, 'acceptance_notice', t(`${acceptOn} 09:30`));
  return run(c, 'accept', undefined, xinfang, t(`${acceptOn} 10:00`));
}

function investigatingCase(acceptOn: string): CaseSnapshot {
  return run(
    acceptedCase(acceptOn),
    'investigate',
    { heardOn: acceptOn, findings: '听取信访人陈述，调阅承包台账' },
    xinfang,
    t(`${acceptOn} 11:00`),
  );
}

function repliedCase(acceptOn: string, replyOn: string): CaseSnapshot {
  const c = issue(investigatingCase(acceptOn), 'handling_opinion', t(`${replyOn} 08:00`));
  return run(c, 'reply', REPLY, xinfang, t(`${replyOn} 08:30`));
}

function deliveredCase(acceptOn: string, deliveredOn: string): CaseSnapshot {
  const c = issue(repliedCase(acceptOn, deliveredOn), 'delivery_receipt', t(`${deliveredOn} 09:00`));
  return run(c, 'deliver', { deliveredOn, method: 'direct' }, xinfang, t(`${deliveredOn} 09:30`));
}

interface ReviewDates {
  acceptOn: string;
  deliveredOn: string;
  reviewRequestedOn: string;
  reviewDeliveredOn: string;
}

function reviewingCase(d: Omit<ReviewDates, 'reviewDeliveredOn'>): CaseSnapshot {
  return run(
    deliveredCase(d.acceptOn, d.deliveredOn),
    'request_review',
    { requestedOn: d.reviewRequestedOn, organ: '县人民政府' },
    xinfang,
    t(`${d.reviewRequestedOn} 10:00`),
  );
}

function reviewedCase(d: ReviewDates): CaseSnapshot {
  const c = issue(reviewingCase(d), 'review_opinion', t(`${d.reviewDeliveredOn} 09:00`));
  return run(
    c,
    'record_review',
    { outcome: 'upheld', summary: '维持原处理意见', deliveredOn: d.reviewDeliveredOn },
    xinfang,
    t(`${d.reviewDeliveredOn} 10:00`),
  );
}

function rereviewingCase(d: ReviewDates & { rereviewRequestedOn: string }): CaseSnapshot {
  return run(
    reviewedCase(d),
    'request_rereview',
    { requestedOn: d.rereviewRequestedOn, organ: '市人民政府' },
    xinfang,
    t(`${d.rereviewRequestedOn} 10:00`),
  );
}

/** Request, approve, notice, extend: the whole art 34 extension on one day. */
function extended(c: CaseSnapshot, day: string, length: number): CaseSnapshot {
  c = run(c, 'request_approval:extend', { length, reason: '涉及多个部门，需补充调查' }, xinfang, t(`${day} 09:00`));
  c = run(c, 'approve:extend', { opinion: '同意延期' }, leader, t(`${day} 10:00`));
  c = issue(c, 'extension_notice', t(`${day} 11:00`));
  return run(c, 'extend', undefined, xinfang, t(`${day} 12:00`));
}

const RR_DATES = {
  acceptOn: '2024-10-08',
  deliveredOn: '2024-11-20',
  reviewRequestedOn: '2024-12-02',
  reviewDeliveredOn: '2025-02-20',
  rereviewRequestedOn: '2025-03-03',
};

// ---------------------------------------------------------------------------

describe('definition', () => {
  it('declares the type as data the engine accepted', () => {
    expect(petition.key).toBe('petition');
    expect(petition.numbering).toBe('{town}信〔{year}〕{seq}号');
    expect(petition.parties).toEqual({
      roles: { petitioner: '信访人', representative: '代表', accused: '被反映人/单位' },
      required: ['petitioner'],
    });
    for (const c of Object.values(petition.clocks)) expect(c.basis).toMatch(/^信访工作条例 第.+条/);
  });

  it('every field is named in Chinese', () => {
    const unnamed = Object.entries(PetitionFields.shape).filter(([, schema]) => !schema.description);
    expect(unnamed.map(([key]) => key)).toEqual([]);
  });

  it('a forwarded matter needs its 转送/交办文号; representatives are at most 5 (art 20 ¶3)', () => {
    const e = err(createCase(petition, { ...BASE, source: 'forwarded' }, xinfang, t('2025-12-01 09:00')));
    expect(e.fields).toEqual([{ path: 'senderRef', message: '转送/交办文号：上级转送、交办的信访事项必须填写' }]);
    const six = ['甲', '乙', '丙', '丁', '戊', '己'];
    const r = createCase(petition, { ...BASE, peopleCount: 30, representatives: six }, xinfang, t('2025-12-01 09:00'));
    expect(err(r).fields?.[0]?.path).toBe('representatives');
  });
});

describe('clocks (each row: the article, the hand-computed due date)', () => {
  interface Row {
    rule: string;
    build: () => CaseSnapshot;
    clock: string;
    now: string;
    due: string;
    state: ClockState;
    extendedBy?: number;
    pausedDays?: number;
  }
  const rows: Row[] = [
    {
      rule: `art 23 ¶2: ${ACCEPTANCE_DAYS} d from receipt 2023-09-20 → 10-05 falls in 9/29–10/6 off → Sat 10-07 (调休上班)`,
      build: () => open({ receivedOn: '2023-09-20' }, t('2023-09-20 09:00')),
      clock: 'acceptance',
      now: t('2023-09-25 09:00'),
      due: '2023-10-07',
      state: 'running',
    },
    {
      rule: 'art 23 ¶2: the same case on 2023-10-08 is past its 24:00 of 10-07 (民法典 art 203 ¶2)',
      build: () => open({ receivedOn: '2023-09-20' }, t('2023-09-20 09:00')),
      clock: 'acceptance',
      now: t('2023-10-08 09:00'),
      due: '2023-10-07',
      state: 'breached',
    },
    {
      rule: 'art 23 ¶3: forwarded, received 2024-01-26 → 02-10 in Spring Festival 2/10–2/17 → Sun 02-18 (调休上班)',
      build: () =>
        open({ source: 'forwarded', senderRef: '县信转〔2024〕8号', receivedOn: '2024-01-26' }, t('2024-01-29 09:00')),
      clock: 'acceptance',
      now: t('2024-01-29 10:00'),
      due: '2024-02-18',
      state: 'running',
    },
    {
      rule: 'art 23 ¶2: received 2025-12-01, accepted 12-10, due 12-16 → stopped in time',
      build: () => acceptedCase('2025-12-10', '2025-12-01'),
      clock: 'acceptance',
      now: t('2025-12-11 09:00'),
      due: '2025-12-16',
      state: 'stopped',
    },
    {
      rule: 'art 23 ¶2: received 2025-12-01, accepted 12-18, due 12-16 → stopped late',
      build: () => acceptedCase('2025-12-18', '2025-12-01'),
      clock: 'acceptance',
      now: t('2025-12-19 09:00'),
      due: '2025-12-16',
      state: 'stopped_late',
    },
    {
      rule: `art 23 ¶3: objection ${OBJECTION_WORKDAYS} wd from 2023-09-27: 9/28, 10/7, 10/8, 10/9, 10/10`,
      build: () => disputed('2023-09-27', '2023-09-28'),
      clock: 'objection',
      now: t('2023-09-28 11:00'),
      due: '2023-10-10',
      state: 'running',
    },
    {
      rule: 'art 23 ¶3: objection 5 wd from 2024-02-07: 2/8, 2/9, Sun 2/18 (调休上班), 2/19, 2/20',
      build: () => disputed('2024-02-07', '2024-02-08'),
      clock: 'objection',
      now: t('2024-02-08 11:00'),
      due: '2024-02-20',
      state: 'running',
    },
    {
      rule: 'art 23 ¶3: objection lodged on the 5th working day is in time',
      build: () => objected(disputed('2024-02-07', '2024-02-08'), '2024-02-20'),
      clock: 'objection',
      now: t('2024-02-21 09:00'),
      due: '2024-02-20',
      state: 'stopped',
    },
    {
      rule: 'art 23 ¶3: objection lodged on the 6th working day is late',
      build: () => objected(disputed('2024-02-07', '2024-02-08'), '2024-02-21'),
      clock: 'objection',
      now: t('2024-02-22 09:00'),
      due: '2024-02-20',
      state: 'stopped_late',
    },
    {
      rule: `art 34: ${HANDLING_DAYS} d from acceptance 2023-12-13 → 2024-02-11 in Spring Festival → Sun 02-18 (调休上班)`,
      build: () => acceptedCase('2023-12-13'),
      clock: 'handling',
      now: t('2024-01-10 09:00'),
      due: '2024-02-18',
      state: 'running',
    },
    {
      rule: 'art 34: 60 d from acceptance 2024-12-02 → 2025-01-31 in Spring Festival 1/28–2/4 → Wed 02-05',
      build: () => acceptedCase('2024-12-02'),
      clock: 'handling',
      now: t('2025-01-10 09:00'),
      due: '2025-02-05',
      state: 'running',
    },
    {
      rule: 'art 34: approved 30-day extension with 延期告知书: 90 d → Sun 2025-03-02 → Mon 03-03',
      build: () => extended(acceptedCase('2024-12-02'), '2025-01-20', 30),
      clock: 'handling',
      now: t('2025-01-21 09:00'),
      due: '2025-03-03',
      state: 'running',
      extendedBy: 30,
    },
    {
      rule: 'art 34: approved 10-day extension: 70 d → Mon 2025-02-10',
      build: () => extended(acceptedCase('2024-12-02'), '2025-01-20', 10),
      clock: 'handling',
      now: t('2025-01-21 09:00'),
      due: '2025-02-10',
      state: 'running',
      extendedBy: 10,
    },
    {
      rule: 'art 34 (no exclusion, unlike art 36 ¶2): a hearing while handling does not move the 60 days',
      build: () =>
        run(
          investigatingCase('2024-12-02'),
          'hold_hearing',
          { heldOn: '2024-12-20', summary: '听取双方意见' },
          xinfang,
          t('2024-12-20 16:00'),
        ),
      clock: 'handling',
      now: t('2024-12-21 09:00'),
      due: '2025-02-05',
      state: 'running',
      pausedDays: 0,
    },
    {
      rule: 'art 34: the written opinion issued on 2025-02-05 stops the clock in time',
      build: () => repliedCase('2024-12-02', '2025-02-05'),
      clock: 'handling',
      now: t('2025-02-06 09:00'),
      due: '2025-02-05',
      state: 'stopped',
    },
    {
      rule: 'art 35: 30 d from receipt of the reply 2024-01-05 → Sun 02-04, a 调休 working day: no roll',
      build: () => deliveredCase('2023-12-01', '2024-01-05'),
      clock: 'review_window',
      now: t('2024-01-10 09:00'),
      due: '2024-02-04',
      state: 'running',
    },
    {
      rule: 'art 35: 30 d from 2023-09-06 → 10-06 off → Sat 10-07 (调休上班)',
      build: () => deliveredCase('2023-07-10', '2023-09-06'),
      clock: 'review_window',
      now: t('2023-09-10 09:00'),
      due: '2023-10-07',
      state: 'running',
    },
    {
      rule: 'art 35: a closed window is nobody’s breach',
      build: () => deliveredCase('2023-07-10', '2023-09-06'),
      clock: 'review_window',
      now: t('2023-10-08 09:00'),
      due: '2023-10-07',
      state: 'expired',
    },
    {
      rule: 'art 35: review opinion due 30 d from the request 2025-01-02 → Sat 02-01 in Spring Festival → Wed 02-05',
      build: () =>
        reviewingCase({ acceptOn: '2024-11-01', deliveredOn: '2024-12-20', reviewRequestedOn: '2025-01-02' }),
      clock: 'review_reply',
      now: t('2025-01-03 09:00'),
      due: '2025-02-05',
      state: 'running',
    },
    {
      rule: 'art 36 ¶1: 30 d from receipt of the review opinion 2024-09-01 → 10-01 National Day → Tue 10-08',
      build: () =>
        reviewedCase({
          acceptOn: '2024-06-03',
          deliveredOn: '2024-07-15',
          reviewRequestedOn: '2024-08-01',
          reviewDeliveredOn: '2024-09-01',
        }),
      clock: 'rereview_window',
      now: t('2024-09-02 09:00'),
      due: '2024-10-08',
      state: 'running',
    },
    {
      rule: 'art 36 ¶1: re-review opinion due 30 d from the request 2025-03-03 → Wed 04-02',
      build: () => rereviewingCase(RR_DATES),
      clock: 'rereview_reply',
      now: t('2025-03-04 09:00'),
      due: '2025-04-02',
      state: 'running',
    },
    {
      rule: 'art 36 ¶2: a hearing 03-10 to 03-20 is not counted, both days included: 11 d, 41 d → Sun 04-13 → Mon 04-14',
      build: () => {
        let c = rereviewingCase(RR_DATES);
        c = run(c, 'start_hearing', undefined, xinfang, t('2025-03-10 09:00'));
        return run(c, 'end_hearing', undefined, xinfang, t('2025-03-20 17:00'));
      },
      clock: 'rereview_reply',
      now: t('2025-03-21 09:00'),
      due: '2025-04-14',
      state: 'running',
      pausedDays: 11,
    },
    {
      rule: 'art 36 ¶2 (听证所需时间不计算在期限内): a hearing begun and ended on 03-10 takes that day: 31 d → Thu 04-03',
      build: () => {
        let c = rereviewingCase(RR_DATES);
        c = run(c, 'start_hearing', undefined, xinfang, t('2025-03-10 09:00'));
        return run(c, 'end_hearing', undefined, xinfang, t('2025-03-10 16:00'));
      },
      clock: 'rereview_reply',
      now: t('2025-03-11 09:00'),
      due: '2025-04-03',
      state: 'running',
      pausedDays: 1,
    },
    {
      rule: 'art 36 ¶2: while the hearing runs (03-10 … today 03-15: 6 d), the clock is paused and its due date moves daily',
      build: () => run(rereviewingCase(RR_DATES), 'start_hearing', undefined, xinfang, t('2025-03-10 09:00')),
      clock: 'rereview_reply',
      now: t('2025-03-15 09:00'),
      due: '2025-04-08',
      state: 'paused',
      pausedDays: 6,
    },
  ];
  for (const row of rows) {
    it(row.rule, () => {
      const s = clock(row.build(), row.clock, row.now);
      expect({ due: s.due, state: s.state }).toEqual({ due: row.due, state: row.state });
      if (row.extendedBy !== undefined) expect(s.extendedBy).toBe(row.extendedBy);
      if (row.pausedDays !== undefined) expect(s.pausedDays).toBe(row.pausedDays);
      expect(s.provisional).toBe(false);
    });
  }

  it('a late acceptance is a breach (art 44(3)); a window that expires is not', () => {
    expect(clock(acceptedCase('2025-12-18', '2025-12-01'), 'acceptance', t('2025-12-19 09:00')).level).toBe('breached');
    expect(clock(deliveredCase('2023-07-10', '2023-09-06'), 'review_window', t('2023-10-08 09:00')).level).toBe('ok');
  });

  it('the objection clock does not run on a case nobody disputed', () => {
    const s = clock(open({ receivedOn: '2023-09-20' }, t('2023-09-20 09:00')), 'objection', t('2023-10-20 09:00'));
    expect(s.state).toBe('not_started');
  });

  it('a refused objection restarts the 15 days from the day the matter came back [inference, art 23 ¶3]', () => {
    let c = objected(disputed('2024-02-07', '2024-02-08'), '2024-02-19');
    expect(clock(c, 'acceptance', t('2024-02-19 11:00')).state).toBe('stopped');
    c = run(c, 'objection_refused', { receivedOn: '2024-03-01' }, xinfang, t('2024-03-01 15:00'));
    expect(c.state).toBe('registered');
    // 2024-03-01 + 15 = Sat 03-16 → Mon 03-18.
    const s = clock(c, 'acceptance', t('2024-03-02 09:00'));
    expect([s.startedOn, s.due, s.state]).toEqual(['2024-03-01', '2024-03-18', 'running']);
    // And the town may not dispute competence a second time.
    const again = err(
      applyAction(petition, c, 'dispute_competence', { reason: '仍认为' }, xinfang, t('2024-03-04 09:00')),
    );
    expect(again.message).toBe('上级机关已不同意异议，应当依法受理办理');
  });
});

function disputed(receivedOn: string, on: string): CaseSnapshot {
  const c = open({ source: 'assigned', senderRef: '县信交〔2023〕3号', receivedOn }, t(`${receivedOn} 09:00`));
  return run(c, 'dispute_competence', { reason: '系县级部门职责' }, xinfang, t(`${on} 10:00`));
}

function objected(c: CaseSnapshot, on: string): CaseSnapshot {
  c = issue(c, 'objection_letter', t(`${on} 09:00`));
  return run(c, 'object', { reasons: '该事项属县自然资源局职责，详见异议函' }, xinfang, t(`${on} 10:00`));
}

describe('acceptance (art 23): the 受理告知书 comes first, and only for 申诉求决', () => {
  const NOW = t('2025-12-05 10:00');
  const registered = () => open({}, t('2025-12-01 09:00'));

  it('accept is refused until the notice is issued', () => {
    const c = registered();
    const e = err(applyAction(petition, c, 'accept', undefined, xinfang, NOW));
    expect([e.code, e.message]).toEqual(['UNPROCESSABLE', '请先出具《受理告知书》']);
    expect(allowedActions(petition, c, xinfang, NOW).find((a) => a.key === 'accept')).toMatchObject({
      enabled: false,
      reason: '请先出具《受理告知书》',
    });
    const r = ok(
      applyAction(petition, issue(c, 'acceptance_notice', t('2025-12-05 09:00')), 'accept', undefined, xinfang, NOW),
    );
    expect([r.newState, r.fieldPatch.acceptedOn]).toEqual(['accepted', '2025-12-05']);
  });

  it('a suggestion is accepted as one (art 29), an accusation is not accepted here (art 30)', () => {
    const suggestion = issue(open({ category: 'suggestion' }, t('2025-12-01 09:00')), 'acceptance_notice', NOW);
    expect(err(applyAction(petition, suggestion, 'accept', undefined, xinfang, NOW)).message).toMatch(
      /^本件为建议意见类事项，按第三十一条第六项受理办理的只限申诉求决类/,
    );
    expect(ok(applyAction(petition, suggestion, 'accept_suggestion', undefined, xinfang, NOW)).newState).toBe(
      'studying',
    );
    const claim = issue(registered(), 'acceptance_notice', NOW);
    expect(err(applyAction(petition, claim, 'accept_suggestion', undefined, xinfang, NOW)).message).toBe(
      '本件为申诉求决类事项，不能按建议意见类受理（信访工作条例第二十九条）',
    );
    const accusation = issue(open({ category: 'accusation' }, t('2025-12-01 09:00')), 'acceptance_notice', NOW);
    expect(err(applyAction(petition, accusation, 'accept', undefined, xinfang, NOW)).message).toMatch(
      /^本件为检举控告类事项，.*检举控告类请转送纪检监察机关（第三十条）$/,
    );
  });

  it('reclassifying first makes the right path available', () => {
    let c = issue(open({ category: 'suggestion' }, t('2025-12-01 09:00')), 'acceptance_notice', NOW);
    c = run(c, 'reclassify', { category: 'claim', reason: '实为请求解决个人问题' }, xinfang, t('2025-12-05 10:00'));
    expect(ok(applyAction(petition, c, 'accept', undefined, xinfang, t('2025-12-05 11:00'))).newState).toBe('accepted');
  });
});

describe('routing out of the petition track', () => {
  const NOW = t('2025-12-05 10:00');

  it('an accusation goes to 纪检监察 and its material is marked confidential (arts 22 ¶2, 30)', () => {
    const c = issue(open({ category: 'accusation' }, t('2025-12-01 09:00')), 'forward_slip', NOW);
    const r = ok(applyAction(petition, c, 'route_discipline', { authority: '镇纪委' }, xinfang, NOW));
    expect(r.newState).toBe('referred_discipline');
    expect(r.fieldPatch).toEqual({
      confidential: true,
      routing: { decision: 'discipline', authority: '镇纪委', decidedOn: '2025-12-05' },
    });
    expect(clock({ ...c, state: r.newState, events: [...c.events, ...r.events] }, 'acceptance', NOW).state).toBe(
      'stopped',
    );
    const claim = issue(open({}, t('2025-12-01 09:00')), 'forward_slip', NOW);
    expect(err(applyAction(petition, claim, 'route_discipline', { authority: '镇纪委' }, xinfang, NOW)).message).toBe(
      '本件为申诉求决类事项，只有检举控告类事项转送纪检监察机关（信访工作条例第三十条）',
    );
  });

  it('a matter for litigation, arbitration, 复议 … is routed with a 告知书 (art 31(1)–(5))', () => {
    const c = open({}, t('2025-12-01 09:00'));
    const input = { route: 'arbitration', authority: '县劳动人事争议仲裁委员会', reason: '系劳动争议，应申请仲裁' };
    expect(err(applyAction(petition, c, 'route_statutory', input, xinfang, NOW)).message).toBe(
      '请先出具《告知书（其他法定途径）》',
    );
    const r = ok(applyAction(petition, issue(c, 'route_notice', NOW), 'route_statutory', input, xinfang, NOW));
    expect([r.newState, (r.fields.routing as { route: string }).route]).toEqual(['routed', 'arbitration']);
  });

  it('outside competence: a direct matter is told where to go (art 23 ¶1), a forwarded one must be objected to (¶3)', () => {
    const input = { authority: '县市场监督管理局', reason: '属食品安全监管职责' };
    const direct = issue(open({}, t('2025-12-01 09:00')), 'competent_body_notice', NOW);
    expect(ok(applyAction(petition, direct, 'not_competent', input, xinfang, NOW)).newState).toBe('not_competent');
    const forwarded = issue(
      open({ source: 'forwarded', senderRef: '县信转〔2025〕21号' }, t('2025-12-01 09:00')),
      'competent_body_notice',
      NOW,
    );
    expect(err(applyAction(petition, forwarded, 'not_competent', input, xinfang, NOW)).message).toBe(
      '上级转送、交办的事项不属本镇职权的，应当在5个工作日内提出异议（信访工作条例第二十三条第三款）',
    );
    expect(err(applyAction(petition, direct, 'dispute_competence', { reason: '不属本镇' }, xinfang, NOW)).message).toBe(
      '直接提出的信访事项不属本镇职权的，应告知信访人向有权机关提出',
    );
  });

  it('art 23 ¶1: outside competence is not 不予受理: the petitioner is told the body to go to, in its own notice', () => {
    const c = open({}, t('2025-12-01 09:00'));
    // A 不予受理告知书 (art 36 ¶3) is the wrong notice for it.
    const declined = issue(c, 'non_acceptance_notice', NOW);
    expect(
      err(
        applyAction(
          petition,
          declined,
          'not_competent',
          { authority: '县市场监督管理局', reason: '属食品安全监管职责' },
          xinfang,
          NOW,
        ),
      ).message,
    ).toBe('请先出具《告知书（向有权处理的机关提出）》');
    // The body to go to is required.
    const told = issue(c, 'competent_body_notice', NOW);
    const missing = err(applyAction(petition, told, 'not_competent', { reason: '属食品安全监管职责' }, xinfang, NOW));
    expect([missing.code, missing.fields?.[0]?.path]).toEqual(['VALIDATION', 'authority']);
    const r = ok(
      applyAction(
        petition,
        told,
        'not_competent',
        { authority: '县市场监督管理局', reason: '属食品安全监管职责' },
        xinfang,
        NOW,
      ),
    );
    expect([r.newState, petition.states.not_competent.label, r.fields.routing]).toEqual([
      'not_competent',
      '已告知向有权机关提出',
      expect.objectContaining({ decision: 'not_competent', authority: '县市场监督管理局' }),
    ]);
  });

  it('an objection needs its 异议函, and an agreed objection returns the matter (art 23 ¶3)', () => {
    let c = disputed('2024-02-07', '2024-02-08');
    const e = err(applyAction(petition, c, 'object', { reasons: '属县局职责' }, xinfang, t('2024-02-08 11:00')));
    expect(e.message).toBe('请先出具《异议函》');
    c = objected(c, '2024-02-09');
    c = run(c, 'objection_agreed', { decidedOn: '2024-02-19' }, xinfang, t('2024-02-19 15:00'));
    expect(c.state).toBe('returned');
    expect(c.fields.objection).toMatchObject({ outcome: 'agreed', decidedOn: '2024-02-19', objectedOn: '2024-02-09' });
    expect(allowedActions(petition, c, xinfang, t('2024-02-20 09:00'))).toEqual([]);
  });

  it('after 复核, the same matter is declined with a 不予受理告知书 (art 36 ¶3)', () => {
    const c = issue(open({}, t('2025-12-01 09:00')), 'non_acceptance_notice', NOW);
    const r = ok(
      applyAction(
        petition,
        c,
        'decline',
        { priorCaseNo: '湾信〔2024〕7号', reason: '以同一事实和理由提出' },
        xinfang,
        NOW,
      ),
    );
    expect(r.newState).toBe('declined');
  });
});

describe('extension of the handling clock (art 34: ≤ 30 d, head of the organ, reason told)', () => {
  const base = () => acceptedCase('2024-12-02');
  const DAY = '2025-01-20';
  const proposal = { length: 30, reason: '涉及多个部门，需补充调查' };
  const due = (c: CaseSnapshot) => clock(c, 'handling', t('2025-01-21 09:00'));

  interface Row {
    rule: string;
    build: () => CaseSnapshot;
    action: string;
    input?: unknown;
    user: EngineUser;
    code: AppError['code'];
    message: string | RegExp;
  }
  const rows: Row[] = [
    {
      rule: 'without approval the extension is refused',
      build: base,
      action: 'extend',
      input: proposal,
      user: xinfang,
      code: 'CONFLICT',
      message: '「延长办理期限」须先经镇领导审批',
    },
    {
      rule: 'a pending request is not an approval',
      build: () => run(base(), 'request_approval:extend', proposal, xinfang, t(`${DAY} 09:00`)),
      action: 'extend',
      user: xinfang,
      code: 'CONFLICT',
      message: '「延长办理期限」正在等待镇领导审批',
    },
    {
      rule: 'a rejected request is not an approval',
      build: () => {
        const c = run(base(), 'request_approval:extend', proposal, xinfang, t(`${DAY} 09:00`));
        return run(c, 'reject:extend', { opinion: '理由不充分' }, leader, t(`${DAY} 10:00`));
      },
      action: 'extend',
      user: xinfang,
      code: 'CONFLICT',
      message: '「延长办理期限」的申请已被驳回（理由不充分），可修改后重新申请',
    },
    {
      rule: 'approved but without the 延期告知书: refused',
      build: () => {
        const c = run(base(), 'request_approval:extend', proposal, xinfang, t(`${DAY} 09:00`));
        return run(c, 'approve:extend', {}, leader, t(`${DAY} 10:00`));
      },
      action: 'extend',
      user: xinfang,
      code: 'UNPROCESSABLE',
      message: '请先出具《延期告知书》',
    },
    {
      rule: 'only the head of the organ (leader) approves',
      build: () => run(base(), 'request_approval:extend', proposal, xinfang, t(`${DAY} 09:00`)),
      action: 'approve:extend',
      input: {},
      user: xinfang,
      code: 'FORBIDDEN',
      message: '仅镇领导可以审批「延长办理期限」',
    },
    {
      rule: 'more than 30 days cannot even be requested',
      build: base,
      action: 'request_approval:extend',
      input: { length: 31, reason: '案情复杂' },
      user: xinfang,
      code: 'VALIDATION',
      message: /^延长天数：/,
    },
    {
      rule: 'once 30 days are used, no further extension',
      build: () => extended(base(), DAY, 30),
      action: 'request_approval:extend',
      input: { length: 5, reason: '仍需调查' },
      user: xinfang,
      code: 'UNPROCESSABLE',
      message: '「办理期限」已累计延长30日，不能再延长（信访工作条例 第三十四条）',
    },
    {
      rule: '20 + 15 exceeds the cumulative 30',
      build: () => extended(base(), DAY, 20),
      action: 'request_approval:extend',
      input: { length: 15, reason: '仍需调查' },
      user: xinfang,
      code: 'UNPROCESSABLE',
      message: '「办理期限」累计延长不得超过30日（信访工作条例 第三十四条），已延长20日',
    },
  ];
  for (const row of rows) {
    it(row.rule, () => {
      const c = row.build();
      const before = due(c).due;
      const e = err(applyAction(petition, c, row.action, row.input, row.user, t(`${DAY} 15:00`)));
      expect(e.code).toBe(row.code);
      if (typeof row.message === 'string') expect(e.message).toBe(row.message);
      else expect(e.message).toMatch(row.message);
      expect(due(c).due).toBe(before);
    });
  }

  // Art 34 "适当延长": an extension lengthens a running period; the 60 days ran out on 2025-02-05.
  const LATE = '2025-02-06';
  const overdue = '「办理期限」已于2025-02-05届满，已超过1日，期限届满后不能再延长办理期限（信访工作条例 第三十四条）';

  it('art 34: once the handling period has run out, an extension cannot be requested', () => {
    const e = err(applyAction(petition, base(), 'request_approval:extend', proposal, xinfang, t(`${LATE} 09:00`)));
    expect([e.code, e.message]).toEqual(['UNPROCESSABLE', overdue]);
    const offered = allowedActions(petition, base(), xinfang, t(`${LATE} 09:00`)).find(
      (a) => a.key === 'request_approval:extend',
    );
    expect(offered).toMatchObject({ enabled: false, reason: overdue });
  });

  it('art 34: a request made in time cannot be approved once the period has run out', () => {
    const c = run(base(), 'request_approval:extend', proposal, xinfang, t('2025-02-05 16:00'));
    const e = err(applyAction(petition, c, 'approve:extend', {}, leader, t(`${LATE} 09:00`)));
    expect([e.code, e.message]).toEqual(['UNPROCESSABLE', overdue]);
    const offered = allowedActions(petition, c, leader, t(`${LATE} 09:00`)).find((a) => a.key === 'approve:extend');
    expect(offered).toMatchObject({ enabled: false, reason: overdue });
    // Rejecting stays possible: the leader can still say no.
    expect(
      isAppError(applyAction(petition, c, 'reject:extend', { opinion: '已超期' }, leader, t(`${LATE} 09:00`))),
    ).toBe(false);
  });

  it('art 34: an extension approved in time is not taken once the period has run out', () => {
    let c = run(base(), 'request_approval:extend', proposal, xinfang, t('2025-02-05 09:00'));
    c = run(c, 'approve:extend', {}, leader, t('2025-02-05 10:00'));
    c = issue(c, 'extension_notice', t('2025-02-05 11:00'));
    const e = err(applyAction(petition, c, 'extend', undefined, xinfang, t(`${LATE} 09:00`)));
    expect([e.code, e.message]).toEqual(['UNPROCESSABLE', overdue]);
    // On the last day itself (the limit runs to 24:00) it is still in time.
    expect(run(c, 'extend', undefined, xinfang, t('2025-02-05 23:00')).fields.extensions).toHaveLength(1);
  });

  it('art 34: an imported extension dated after the period ran out does not erase the breach', () => {
    let c = run(base(), 'request_approval:extend', proposal, xinfang, t('2025-02-05 09:00'));
    c = run(c, 'approve:extend', {}, leader, t('2025-02-05 10:00'));
    c = issue(c, 'extension_notice', t('2025-02-05 11:00'));
    const forged: CaseEvent = {
      seq: c.events.length + 1,
      at: t('2025-02-10 09:00'),
      actorId: xinfang.id,
      action: 'extend',
      from: 'accepted',
      to: 'accepted',
      data: { input: proposal },
    };
    c = { ...c, events: [...c.events, forged] };
    const s = clock(c, 'handling', t('2025-02-12 09:00'));
    expect([s.due, s.extendedBy, s.state, s.level]).toEqual(['2025-02-05', 0, 'breached', 'breached']);
    expect(s.steps).toContain(
      '2025-02-10的延长未生效：期限已于2025-02-05届满，届满后不能再延长，期限不变（信访工作条例 第三十四条）',
    );
  });

  it('no approval, no notice: the 60 days stand (2025-02-05)', () => {
    const c = run(base(), 'request_approval:extend', proposal, xinfang, t(`${DAY} 09:00`));
    const approved = run(c, 'approve:extend', {}, leader, t(`${DAY} 10:00`));
    expect([due(c).due, due(approved).due]).toEqual(['2025-02-05', '2025-02-05']);
  });

  it('approved + notice: 30 days more (2025-03-03), and the reason is kept', () => {
    const c = extended(base(), DAY, 30);
    expect([due(c).due, due(c).extendedBy]).toEqual(['2025-03-03', 30]);
    expect(c.fields.extensions).toEqual([{ length: 30, reason: '涉及多个部门，需补充调查' }]);
  });

  it('an imported extension without its 延期告知书 does not move the clock', () => {
    let c = run(base(), 'request_approval:extend', proposal, xinfang, t(`${DAY} 09:00`));
    c = run(c, 'approve:extend', {}, leader, t(`${DAY} 10:00`));
    const forged: CaseEvent = {
      seq: c.events.length + 1,
      at: t(`${DAY} 12:00`),
      actorId: xinfang.id,
      action: 'extend',
      from: 'accepted',
      to: 'accepted',
      data: { input: proposal },
    };
    const s = due({ ...c, events: [...c.events, forged] });
    expect([s.due, s.extendedBy]).toEqual(['2025-02-05', 0]);
    expect(s.steps).toContain('2025-01-20的延长未生效：未出具《延期告知书》，期限不变');
  });
});

describe('review (art 35) and re-review (art 36): the petitioner’s 30 days', () => {
  const delivered = () => deliveredCase('2023-12-01', '2024-01-05');
  const reviewed = () => reviewedCase(RR_DATES);

  interface Row {
    rule: string;
    build: () => CaseSnapshot;
    action: 'request_review' | 'request_rereview';
    requestedOn: string;
    now: string;
    result: string | { message: string };
  }
  const rows: Row[] = [
    {
      rule: 'art 35: a request on the last day (Sun 2024-02-04, worked) is in time',
      build: delivered,
      action: 'request_review',
      requestedOn: '2024-02-04',
      now: t('2024-02-06 09:00'),
      result: 'reviewing',
    },
    {
      rule: 'art 35: a request the day after is refused, saying why',
      build: delivered,
      action: 'request_review',
      requestedOn: '2024-02-05',
      now: t('2024-02-06 09:00'),
      result: {
        message:
          '已超过请求复查的期限：信访人应当自收到信访处理意见书面答复之日（2024-01-05）起30日内请求复查，期限已于2024-02-04届满，2024-02-05提出的请求不能登记（信访工作条例第三十五条）',
      },
    },
    {
      rule: 'art 35: a request dated before the reply was received is refused',
      build: delivered,
      action: 'request_review',
      requestedOn: '2024-01-04',
      now: t('2024-01-10 09:00'),
      result: { message: '复查请求日期不得早于收到信访处理意见书面答复之日（2024-01-05）' },
    },
    {
      rule: 'art 35: closing the case does not cut the window short',
      build: () => run(delivered(), 'close', undefined, xinfang, t('2024-01-08 09:00')),
      action: 'request_review',
      requestedOn: '2024-01-20',
      now: t('2024-01-22 09:00'),
      result: 'reviewing',
    },
    {
      rule: 'art 36 ¶1: 30 d from receipt of the review opinion 2025-02-20 → Sat 03-22 → Mon 03-24: in time',
      build: reviewed,
      action: 'request_rereview',
      requestedOn: '2025-03-24',
      now: t('2025-03-25 09:00'),
      result: 'rereviewing',
    },
    {
      rule: 'art 36 ¶1: 2025-03-25 is too late',
      build: reviewed,
      action: 'request_rereview',
      requestedOn: '2025-03-25',
      now: t('2025-03-25 09:00'),
      result: {
        message:
          '已超过请求复核的期限：信访人应当自收到复查意见书面答复之日（2025-02-20）起30日内请求复核，期限已于2025-03-24届满，2025-03-25提出的请求不能登记（信访工作条例第三十六条第一款）',
      },
    },
    {
      rule: 'art 36: no re-review without a review first',
      build: () => run(delivered(), 'close', undefined, xinfang, t('2024-01-08 09:00')),
      action: 'request_rereview',
      requestedOn: '2024-01-20',
      now: t('2024-01-22 09:00'),
      result: { message: '尚未经过复查，不能请求复核（信访工作条例第三十六条）' },
    },
  ];
  for (const row of rows) {
    it(row.rule, () => {
      const organ = row.action === 'request_review' ? '县人民政府' : '市人民政府';
      const r = applyAction(
        petition,
        row.build(),
        row.action,
        { requestedOn: row.requestedOn, organ },
        xinfang,
        row.now,
      );
      if (typeof row.result === 'string') {
        expect(ok(r).newState).toBe(row.result);
      } else {
        const e = err(r);
        expect([e.code, e.message]).toEqual(['UNPROCESSABLE', row.result.message]);
      }
    });
  }

  it('a 复核 concludes the matter; the opinion waits for the hearing to end (art 36)', () => {
    let c = run(rereviewingCase(RR_DATES), 'start_hearing', undefined, xinfang, t('2025-03-10 09:00'));
    c = issue(c, 'rereview_opinion', t('2025-03-25 09:00'));
    const input = { outcome: 'upheld', summary: '维持复查意见', deliveredOn: '2025-03-25' };
    expect(err(applyAction(petition, c, 'record_rereview', input, xinfang, t('2025-03-25 10:00'))).message).toBe(
      '请先登记复核听证结束',
    );
    c = run(c, 'end_hearing', undefined, xinfang, t('2025-03-20 17:00'));
    c = run(c, 'record_rereview', input, xinfang, t('2025-03-25 10:00'));
    expect(c.state).toBe('concluded');
    expect(clock(c, 'rereview_reply', t('2025-03-26 09:00')).state).toBe('stopped');
    expect(allowedActions(petition, c, xinfang, t('2025-03-26 09:00'))).toEqual([]);
  });
});

describe('leader ownership (包案, art 18 ¶2)', () => {
  const owned = () => {
    const c = issue(acceptedCase('2024-12-02'), 'ownership_form', t('2024-12-03 09:00'));
    return run(
      c,
      'take_ownership',
      { ownerLeaderId: leader.id, plan: '约谈村两委，核实台账', targetDate: '2025-01-31' },
      leader,
      t('2024-12-03 10:00'),
    );
  };
  /** Owned, then investigated, replied and delivered on 2025-01-10. */
  const ownedDelivered = () => {
    let c = run(owned(), 'investigate', { heardOn: '2024-12-05', findings: '已核实' }, xinfang, t('2024-12-05 10:00'));
    c = issue(c, 'handling_opinion', t('2025-01-10 08:00'));
    c = run(c, 'reply', REPLY, xinfang, t('2025-01-10 08:30'));
    c = issue(c, 'delivery_receipt', t('2025-01-10 09:00'));
    return run(c, 'deliver', { deliveredOn: '2025-01-10', method: 'mail' }, xinfang, t('2025-01-10 09:30'));
  };
  const NOW = t('2025-01-15 09:00');
  const SIGNOFF_NEEDED = '本件由镇领导包案，须经包案领导本人签批同意后方可办结';

  it('only a leader takes ownership, with the 包案责任表; the owner and plan are recorded', () => {
    const c = acceptedCase('2024-12-02');
    const input = { ownerLeaderId: leader.id, plan: '约谈', targetDate: '2025-01-31' };
    expect(err(applyAction(petition, c, 'take_ownership', input, xinfang, NOW)).code).toBe('FORBIDDEN');
    expect(err(applyAction(petition, c, 'take_ownership', input, leader, NOW)).message).toBe('请先出具《包案责任表》');
    const o = owned();
    expect(o.ownerLeaderId).toBe(leader.id);
    expect(o.fields.ownership).toEqual({
      ownerLeaderId: leader.id,
      plan: '约谈村两委，核实台账',
      targetDate: '2025-01-31',
      takenOn: '2024-12-03',
    });
  });

  it('progress notes only on an owned case, by the leader or the 信访办', () => {
    const note = { note: '已约谈村主任' };
    expect(err(applyAction(petition, acceptedCase('2024-12-02'), 'progress_note', note, leader, NOW)).message).toBe(
      '本件尚未确定包案领导',
    );
    expect(ok(applyAction(petition, owned(), 'progress_note', note, leader, NOW)).newState).toBe('accepted');
    expect(ok(applyAction(petition, owned(), 'progress_note', note, xinfang, NOW)).newState).toBe('accepted');
  });

  it('an owned case closes only after the owning leader signs off', () => {
    let c = ownedDelivered();
    expect(err(applyAction(petition, c, 'close', undefined, xinfang, NOW)).message).toBe(SIGNOFF_NEEDED);
    c = run(c, 'leader_signoff', { opinion: '同意办结' }, leader2, t('2025-01-15 10:00'));
    expect(err(applyAction(petition, c, 'close', undefined, xinfang, NOW)).message).toBe(SIGNOFF_NEEDED);
    c = run(c, 'leader_signoff', { opinion: '同意办结' }, leader, t('2025-01-15 11:00'));
    expect(ok(applyAction(petition, c, 'close', undefined, xinfang, t('2025-01-15 12:00'))).newState).toBe('closed');
  });

  it('a review answer needs a fresh sign-off', () => {
    let c = run(ownedDelivered(), 'leader_signoff', { opinion: '同意' }, leader, t('2025-01-15 11:00'));
    c = run(c, 'request_review', { requestedOn: '2025-01-20', organ: '县人民政府' }, xinfang, t('2025-01-20 10:00'));
    c = issue(c, 'review_opinion', t('2025-02-10 09:00'));
    const review = { outcome: 'upheld', summary: '维持', deliveredOn: '2025-02-10' };
    c = run(c, 'record_review', review, xinfang, t('2025-02-10 10:00'));
    expect(err(applyAction(petition, c, 'close', undefined, xinfang, t('2025-02-11 09:00'))).message).toBe(
      SIGNOFF_NEEDED,
    );
  });

  it('an unowned case closes without a sign-off', () => {
    const c = deliveredCase('2024-12-02', '2025-01-10');
    expect(ok(applyAction(petition, c, 'close', undefined, xinfang, NOW)).newState).toBe('closed');
  });
});

describe('answered on the spot (信访工作条例 art 23 ¶2: 能够当场告知的，应当当场书面告知)', () => {
  it('art 23 ¶2: a registered visit answered there and then needs its written notice, stops the 15 days and ends', () => {
    const c = open({ receivedOn: '2025-03-10' }, t('2025-03-10 09:00'));
    const input = { answer: '已当场解释农村低保申请条件和办理流程。' };
    expect(err(applyAction(petition, c, 'answer_on_spot', input, leader, t('2025-03-10 10:00'))).message).toBe(
      '请先出具《当场答复告知书》',
    );
    const done = run(
      issue(c, 'on_spot_notice', t('2025-03-10 09:30')),
      'answer_on_spot',
      input,
      leader,
      t('2025-03-10 10:00'),
    );
    expect([done.state, petition.states.answered_on_spot]).toEqual([
      'answered_on_spot',
      { label: '已当场答复', terminal: true },
    ]);
    expect(done.fields).toMatchObject({
      onSpotAnswer: { answer: input.answer, answeredOn: '2025-03-10' },
      routing: { decision: 'answered', decidedOn: '2025-03-10' },
    });
    expect(clock(done, 'acceptance', t('2025-04-10 09:00'))).toMatchObject({ state: 'stopped', level: 'ok' });
  });
});

describe('settlement by agreement while handling a 申诉求决 matter (信访工作条例 art 33)', () => {
  const MEDIATED = {
    otherParty: '湾头村村民委员会',
    consent: '信访人与村委会均书面同意由镇信访办组织调解',
    terms: '村委会按2019年在册人口重新丈量，补足信访人承包地0.6亩。',
    agreedOn: '2025-01-20',
  };
  const RECONCILED = { otherParty: '李四', terms: '李四于2025年1月31日前拆除越界围墙。', agreedOn: '2025-01-20' };
  const NOW = t('2025-01-20 15:00');

  it('art 33: a mediation ends the matter with a 调解协议书, records both sides’ consent and stops the 60 days', () => {
    const c = investigatingCase('2024-12-02');
    expect(err(applyAction(petition, c, 'settle_mediation', MEDIATED, xinfang, NOW)).message).toBe(
      '请先出具《调解协议书》',
    );
    const withDoc = issue(c, 'mediation_agreement', t('2025-01-20 14:00'));
    // "经争议双方当事人同意": no consent, no mediation.
    const { consent: _omitted, ...noConsent } = MEDIATED;
    const missing = err(applyAction(petition, withDoc, 'settle_mediation', noConsent, xinfang, NOW));
    expect([missing.code, missing.fields?.[0]?.path]).toEqual(['VALIDATION', 'consent']);
    const settled = run(withDoc, 'settle_mediation', MEDIATED, xinfang, NOW);
    expect([settled.state, petition.states.settled.label, petition.states.settled.terminal]).toEqual([
      'settled',
      '已达成调解/和解协议',
      true,
    ]);
    expect(settled.fields.settlement).toEqual({ kind: 'mediation', ...MEDIATED });
    expect(clock(settled, 'handling', t('2025-02-10 09:00'))).toMatchObject({ state: 'stopped', due: '2025-02-05' });
    // No 信访处理意见书, so no 复查 (art 35): nothing is left to do.
    expect(allowedActions(petition, settled, xinfang, t('2025-02-10 09:00'))).toEqual([]);
  });

  it('art 33: a voluntary reconciliation ends it with a 和解协议书, right after acceptance too', () => {
    const c = acceptedCase('2024-12-02');
    expect(err(applyAction(petition, c, 'settle_reconciliation', RECONCILED, xinfang, NOW)).message).toBe(
      '请先出具《和解协议书》',
    );
    const settled = run(
      issue(c, 'reconciliation_agreement', t('2025-01-20 14:00')),
      'settle_reconciliation',
      RECONCILED,
      xinfang,
      NOW,
    );
    expect([settled.state, settled.fields.settlement]).toEqual(['settled', { kind: 'reconciliation', ...RECONCILED }]);
    // The wrong agreement does not do.
    const wrong = issue(c, 'mediation_agreement', t('2025-01-20 14:00'));
    expect(err(applyAction(petition, wrong, 'settle_reconciliation', RECONCILED, xinfang, NOW)).message).toBe(
      '请先出具《和解协议书》',
    );
  });

  it('the agreement date lies between acceptance and today', () => {
    const c = issue(acceptedCase('2024-12-02'), 'reconciliation_agreement', t('2025-01-20 14:00'));
    expect(
      err(applyAction(petition, c, 'settle_reconciliation', { ...RECONCILED, agreedOn: '2024-11-30' }, xinfang, NOW))
        .message,
    ).toBe('达成协议日期不得早于受理日期（2024-12-02）');
    expect(
      err(applyAction(petition, c, 'settle_reconciliation', { ...RECONCILED, agreedOn: '2025-01-21' }, xinfang, NOW))
        .message,
    ).toBe('达成协议日期不得晚于今天');
  });

  it('a case a leader owns is settled only after that leader signs off', () => {
    let c = issue(acceptedCase('2024-12-02'), 'ownership_form', t('2024-12-03 09:00'));
    c = run(
      c,
      'take_ownership',
      { ownerLeaderId: leader.id, plan: '包案化解', targetDate: '2025-01-31' },
      leader,
      t('2024-12-03 10:00'),
    );
    c = issue(c, 'reconciliation_agreement', t('2025-01-20 14:00'));
    expect(err(applyAction(petition, c, 'settle_reconciliation', RECONCILED, xinfang, NOW)).message).toBe(
      '本件由镇领导包案，须经包案领导本人签批同意后方可办结',
    );
    c = run(c, 'leader_signoff', { opinion: '同意按和解协议办结' }, leader, t('2025-01-20 14:30'));
    expect(run(c, 'settle_reconciliation', RECONCILED, xinfang, NOW).state).toBe('settled');
  });
});

describe('every action: who may take it, its documents, its from-states', () => {
  const NOW = t('2025-03-20 15:00');
  const reg = (fields: Record<string, unknown> = {}) =>
    open({ receivedOn: '2025-03-03', ...fields }, t('2025-03-03 09:00'));
  const forwarded = () => reg({ source: 'forwarded', senderRef: '县信转〔2025〕5号' });
  const disputedCase = () =>
    run(forwarded(), 'dispute_competence', { reason: '属县局职责' }, xinfang, t('2025-03-04 10:00'));
  const accepted = () => acceptedCase('2025-03-05', '2025-03-03');
  const requested = () =>
    run(accepted(), 'request_approval:extend', { length: 10, reason: '需鉴定' }, xinfang, t('2025-03-19 09:00'));
  const approved = () => run(requested(), 'approve:extend', {}, leader, t('2025-03-19 10:00'));
  const review = { acceptOn: '2025-01-06', deliveredOn: '2025-02-10', reviewRequestedOn: '2025-03-03' };
  const reviewed = () => reviewedCase({ ...review, reviewDeliveredOn: '2025-03-18' });
  const rereviewing = () =>
    rereviewingCase({ ...review, reviewDeliveredOn: '2025-03-18', rereviewRequestedOn: '2025-03-19' });
  const own = (c: CaseSnapshot) =>
    run(
      issue(c, 'ownership_form', t('2025-03-19 12:00')),
      'take_ownership',
      { ownerLeaderId: leader.id, plan: '包案化解', targetDate: '2025-04-30' },
      leader,
      t('2025-03-19 13:00'),
    );

  interface Row {
    action: string;
    build: () => CaseSnapshot;
    documents?: string[];
    input?: unknown;
    may: EngineUser;
    mayNot: EngineUser;
  }
  const rows: Row[] = [
    {
      action: 'reclassify',
      build: reg,
      input: { category: 'suggestion', reason: '实为建议' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'route_statutory',
      build: reg,
      documents: ['route_notice'],
      input: { route: 'litigation', authority: '县人民法院', reason: '可依法起诉' },
      may: xinfang,
      mayNot: village,
    },
    {
      action: 'route_discipline',
      build: () => reg({ category: 'accusation' }),
      documents: ['forward_slip'],
      input: { authority: '镇纪委' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'not_competent',
      build: reg,
      documents: ['competent_body_notice'],
      input: { authority: '县市场监督管理局', reason: '属食品安全监管职责' },
      may: xinfang,
      mayNot: village,
    },
    {
      action: 'decline',
      build: reg,
      documents: ['non_acceptance_notice'],
      input: { priorCaseNo: '湾信〔2024〕7号', reason: '以同一事实和理由提出' },
      may: xinfang,
      mayNot: leader,
    },
    { action: 'dispute_competence', build: forwarded, input: { reason: '属县局职责' }, may: xinfang, mayNot: village },
    { action: 'retract_dispute', build: disputedCase, may: xinfang, mayNot: leader },
    {
      action: 'object',
      build: disputedCase,
      documents: ['objection_letter'],
      input: { reasons: '属县自然资源局职责' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'objection_agreed',
      build: () => objected(disputedCase(), '2025-03-05'),
      input: { decidedOn: '2025-03-19' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'objection_refused',
      build: () => objected(disputedCase(), '2025-03-05'),
      input: { receivedOn: '2025-03-19' },
      may: xinfang,
      mayNot: village,
    },
    { action: 'accept', build: reg, documents: ['acceptance_notice'], may: xinfang, mayNot: village },
    {
      action: 'accept_suggestion',
      build: () => reg({ category: 'suggestion' }),
      documents: ['acceptance_notice'],
      may: xinfang,
      mayNot: village,
    },
    {
      action: 'answer_suggestion',
      build: () => {
        const c = issue(reg({ category: 'suggestion' }), 'acceptance_notice', t('2025-03-05 09:00'));
        return run(c, 'accept_suggestion', undefined, xinfang, t('2025-03-05 10:00'));
      },
      documents: ['suggestion_reply'],
      input: { adoption: 'partly_adopted', answer: '建议已转有关部门研究' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'assign',
      build: accepted,
      documents: ['forward_slip'],
      input: { unit: '东村村委会', assigneeId: 'u-vl', dueOn: '2025-04-30' },
      may: leader,
      mayNot: village,
    },
    {
      action: 'investigate',
      build: accepted,
      input: { heardOn: '2025-03-06', findings: '入户走访' },
      may: village,
      mayNot: tiaojie,
    },
    {
      action: 'hold_hearing',
      build: () => investigatingCase('2025-03-05'),
      input: { heldOn: '2025-03-19', summary: '听取双方意见' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'request_approval:extend',
      build: accepted,
      input: { length: 10, reason: '需鉴定' },
      may: xinfang,
      mayNot: leader,
    },
    { action: 'approve:extend', build: requested, input: {}, may: leader, mayNot: xinfang },
    { action: 'reject:extend', build: requested, input: { opinion: '不必延期' }, may: leader, mayNot: village },
    { action: 'extend', build: approved, documents: ['extension_notice'], may: xinfang, mayNot: leader },
    {
      action: 'reply',
      build: () => investigatingCase('2025-03-05'),
      documents: ['handling_opinion'],
      input: REPLY,
      may: xinfang,
      mayNot: village,
    },
    {
      action: 'answer_on_spot',
      build: reg,
      documents: ['on_spot_notice'],
      input: { answer: '已当场解释政策' },
      may: leader,
      mayNot: village,
    },
    {
      action: 'settle_mediation',
      build: () => investigatingCase('2025-03-05'),
      documents: ['mediation_agreement'],
      input: {
        otherParty: '湾头村村民委员会',
        consent: '双方当事人书面同意调解',
        terms: '重新丈量',
        agreedOn: '2025-03-20',
      },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'settle_reconciliation',
      build: accepted,
      documents: ['reconciliation_agreement'],
      input: { otherParty: '李四', terms: '李四赔偿500元', agreedOn: '2025-03-19' },
      may: xinfang,
      mayNot: village,
    },
    {
      action: 'deliver',
      build: () => repliedCase('2025-03-05', '2025-03-18'),
      documents: ['delivery_receipt'],
      input: { deliveredOn: '2025-03-19', method: 'mail' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'rate',
      build: () => deliveredCase('2025-03-05', '2025-03-18'),
      input: { satisfaction: 'basically_satisfied' },
      may: xinfang,
      mayNot: village,
    },
    { action: 'close', build: () => deliveredCase('2025-03-05', '2025-03-18'), may: xinfang, mayNot: leader },
    {
      action: 'request_review',
      build: () => deliveredCase('2025-03-05', '2025-03-18'),
      input: { requestedOn: '2025-03-20', organ: '县人民政府' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'record_review',
      build: () => reviewingCase(review),
      documents: ['review_opinion'],
      input: { outcome: 'changed', summary: '部分变更', deliveredOn: '2025-03-18' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'request_rereview',
      build: reviewed,
      input: { requestedOn: '2025-03-20', organ: '市人民政府' },
      may: xinfang,
      mayNot: leader,
    },
    { action: 'start_hearing', build: rereviewing, may: xinfang, mayNot: leader },
    {
      action: 'end_hearing',
      build: () => run(rereviewing(), 'start_hearing', undefined, xinfang, t('2025-03-19 11:00')),
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'record_rereview',
      build: rereviewing,
      documents: ['rereview_opinion'],
      input: { outcome: 'upheld', summary: '维持', deliveredOn: '2025-03-20' },
      may: xinfang,
      mayNot: leader,
    },
    {
      action: 'take_ownership',
      build: accepted,
      documents: ['ownership_form'],
      input: { ownerLeaderId: leader.id, plan: '包案化解', targetDate: '2025-04-30' },
      may: leader,
      mayNot: xinfang,
    },
    {
      action: 'progress_note',
      build: () => own(accepted()),
      input: { note: '已约谈村主任' },
      may: xinfang,
      mayNot: village,
    },
    {
      action: 'leader_signoff',
      build: () => own(deliveredCase('2025-03-05', '2025-03-18')),
      input: { opinion: '同意办结' },
      may: leader,
      mayNot: xinfang,
    },
  ];

  it('the table covers every action', () => {
    const covered = new Set(rows.map((r) => r.action.replace(/^(request_approval|approve|reject):/, '')));
    expect(Object.keys(petition.actions).filter((k) => !covered.has(k))).toEqual([]);
  });

  const withDocs = (c: CaseSnapshot, kinds: readonly string[]) =>
    kinds.reduce((x, k) => issue(x, k, t('2025-03-20 09:00')), c);

  for (const row of rows) {
    const docs = row.documents ?? [];
    const target = row.action.replace(/^(request_approval|approve|reject):/, '');
    const actions: AnyCaseType['actions'] = petition.actions;
    const to = row.action === target ? actions[target]?.to : undefined;

    it(`${row.action}: ${row.may.roles[0]} may${to ? ` (→ ${to})` : ''}`, () => {
      const r = applyAction(petition, withDocs(row.build(), docs), row.action, row.input, row.may, NOW);
      expect(isAppError(r) ? r.message : 'ok').toBe('ok');
      if (to && !isAppError(r)) expect(r.newState).toBe(to);
    });

    it(`${row.action}: ${row.mayNot.roles[0]} may not (FORBIDDEN)`, () => {
      const e = err(applyAction(petition, withDocs(row.build(), docs), row.action, row.input, row.mayNot, NOW));
      expect(e.code).toBe('FORBIDDEN');
    });

    for (const missing of docs) {
      it(`${row.action}: refused without 《${petition.documents[missing as keyof typeof petition.documents]}》`, () => {
        const c = withDocs(
          row.build(),
          docs.filter((d) => d !== missing),
        );
        const e = err(applyAction(petition, c, row.action, row.input, row.may, NOW));
        const title = petition.documents[missing as keyof typeof petition.documents];
        expect([e.code, e.message]).toEqual(['UNPROCESSABLE', `请先出具《${title}》`]);
      });
    }
  }

  it('every action is refused (CONFLICT) in every state it does not start from', () => {
    const base = reg();
    const wrong: string[] = [];
    for (const [key, def] of Object.entries(petition.actions)) {
      for (const state of Object.keys(petition.states)) {
        if ((def.from as readonly string[]).includes(state)) continue;
        const r = applyAction(petition, { ...base, state }, key, undefined, xinfang, NOW);
        const label = petition.states[state as keyof typeof petition.states].label;
        if (!isAppError(r) || r.code !== 'CONFLICT' || !r.message.startsWith(`当前状态「${label}」`)) {
          wrong.push(`${key} in ${state}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a village cadre registers a petition (村居上报) but cannot accept it', () => {
    const c = open({}, t('2025-01-10 09:00'), village);
    expect(c.state).toBe('registered');
    const e = err(applyAction(petition, issue(c, 'acceptance_notice', NOW), 'accept', undefined, village, NOW));
    expect([e.code, e.message]).toEqual(['FORBIDDEN', '仅信访办可以执行「受理」']);
    // A leader registers what a visitor brings to their 开门接访 (信访工作条例 art 18 ¶2, art 19);
    // the 矛调中心 does not register petitions.
    expect(ok(createCase(petition, BASE, leader, NOW)).state).toBe('registered');
    expect(err(createCase(petition, BASE, tiaojie, NOW)).code).toBe('FORBIDDEN');
  });
});

describe('petitionFlags: collective (≥ 5 people, practice) and repeat (12 months)', () => {
  const rows: [rule: string, peopleCount: number, earlier: number | { receivedOn: string }[], expected: object][] = [
    ['one person, first petition', 1, 0, { collective: false, repeat: false }],
    ['4 people is not collective', 4, 0, { collective: false, repeat: false }],
    ['5 people is collective', 5, 0, { collective: true, repeat: false }],
    ['an earlier petition counted by the server', 1, 1, { collective: false, repeat: true }],
    ['exactly 12 months earlier is inside', 1, [{ receivedOn: '2024-03-01' }], { collective: false, repeat: true }],
    ['12 months and a day earlier is outside', 1, [{ receivedOn: '2024-02-29' }], { collective: false, repeat: false }],
    ['a later petition does not count', 1, [{ receivedOn: '2025-03-02' }], { collective: false, repeat: false }],
    ['same day counts', 6, [{ receivedOn: '2025-03-01' }], { collective: true, repeat: true }],
  ];
  for (const [rule, peopleCount, earlier, expected] of rows) {
    it(rule, () => {
      expect(petitionFlags({ peopleCount, receivedOn: '2025-03-01' }, earlier)).toEqual(expected);
    });
  }

  it('29 Feb 2024: 28 Feb 2023 is more than 12 months before, 1 Mar 2023 is not', () => {
    expect(petitionFlags({ peopleCount: 1, receivedOn: '2024-02-29' }, [{ receivedOn: '2023-02-28' }]).repeat).toBe(
      false,
    );
    expect(petitionFlags({ peopleCount: 1, receivedOn: '2024-02-29' }, [{ receivedOn: '2023-03-01' }]).repeat).toBe(
      true,
    );
  });
});

describe('the whole way: register → accept → investigate → reply → deliver → rate → close', () => {
  it('walks the graph and stops the clocks in time', () => {
    let c = open(
      { receivedOn: '2025-03-03', peopleCount: 6, representatives: ['张三', '李四'] },
      t('2025-03-03 09:00'),
    );
    c = issue(c, 'acceptance_notice', t('2025-03-05 09:00'));
    c = run(c, 'accept', undefined, xinfang, t('2025-03-05 10:00'));
    c = issue(c, 'forward_slip', t('2025-03-05 11:00'));
    c = run(c, 'assign', { unit: '东村村委会', dueOn: '2025-04-15' }, xinfang, t('2025-03-05 12:00'));
    c = run(
      c,
      'investigate',
      { heardOn: '2025-03-06', findings: '听取陈述，实地查看' },
      village,
      t('2025-03-06 16:00'),
    );
    c = issue(c, 'handling_opinion', t('2025-04-10 09:00'));
    c = run(c, 'reply', { ...REPLY, opinion: 'support' }, xinfang, t('2025-04-10 10:00'));
    c = issue(c, 'delivery_receipt', t('2025-04-11 09:00'));
    c = run(c, 'deliver', { deliveredOn: '2025-04-11', method: 'direct' }, xinfang, t('2025-04-11 10:00'));
    c = run(c, 'rate', { satisfaction: 'satisfied' }, xinfang, t('2025-04-12 10:00'));
    expect(
      err(applyAction(petition, c, 'rate', { satisfaction: 'unsatisfied' }, xinfang, t('2025-04-12 11:00'))).message,
    ).toBe('信访人已作出满意度评价');
    c = run(c, 'close', undefined, xinfang, t('2025-04-14 10:00'));
    expect(c.state).toBe('closed');
    expect(c.fields).toMatchObject({
      acceptedOn: '2025-03-05',
      handler: { unit: '东村村委会', dueOn: '2025-04-15', assignedOn: '2025-03-05' },
      reply: { opinion: 'support', repliedOn: '2025-04-10' },
      delivery: { deliveredOn: '2025-04-11', method: 'direct' },
      satisfaction: 'satisfied',
    });
    const states = Object.fromEntries(
      clockStatus(petition, c, calendar, t('2025-04-15 09:00')).map((s) => [s.key, s.state]),
    );
    expect(states).toEqual({
      acceptance: 'stopped',
      objection: 'not_started',
      handling: 'stopped',
      review_window: 'running',
      review_reply: 'not_started',
      rereview_window: 'not_started',
      rereview_reply: 'not_started',
    });
    // Closed is terminal, yet the petitioner's 30 days to ask for a review still run.
    const open_ = allowedActions(petition, c, xinfang, t('2025-04-15 09:00')).map((a) => a.key);
    expect(open_).toEqual(['request_review', 'request_rereview']);
  });

  it('a reply needs the investigation first (art 31(6): 听取陈述并调查核实)', () => {
    const c = issue(acceptedCase('2025-03-05'), 'handling_opinion', t('2025-03-10 09:00'));
    expect(err(applyAction(petition, c, 'reply', REPLY, xinfang, t('2025-03-10 10:00'))).message).toBe(
      '当前状态「已受理」不能执行「出具信访处理意见书」',
    );
  });
});

describe('the inbox of a newly registered petition', () => {
  it('is the 信访办’s, not every leader’s: 当场答复 is taken at the reception or not at all (optional)', () => {
    const c = open({}, t('2025-12-01 09:00'));
    const facts = inboxFacts(petition, c, calendar, t('2025-12-01 10:00'));
    expect(facts.actorRoles).toContain('xinfang');
    expect(facts.actorRoles).not.toContain('leader');
    // The leader may still answer on the spot, with the 当场答复告知书.
    const answered = run(
      issue(c, 'on_spot_notice', t('2025-12-01 09:30')),
      'answer_on_spot',
      { answer: '已当场解释政策。' },
      leader,
      t('2025-12-01 09:40'),
    );
    expect(answered.state).toBe('answered_on_spot');
  });
});
