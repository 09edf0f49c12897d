/**
 * 合同审查 on the pure engine (domain cases/contract.ts): the counterparty's credit code checked
 * with the field named, the town's review limit recorded at 送审 (no national limit: docs/domain.md
 * §4) and its working-day clock, the three outcomes, the collective-discussion gate and the
 * milestone arithmetic.
 *
 * Dates by hand: submitted Monday 2026-03-02; five working days (the start day not counted) run
 * 3, 4, 5, 6, 9 March, due Monday 2026-03-09; three run to Thursday 2026-03-05.
 */
import { describe, expect, it } from 'vitest';
import { CONTRACT_REVIEW_POLICY } from '../src/api/decisions-contract.ts';
import { collectiveRequiredFor, contract, nextMilestone } from '../src/cases/contract.ts';
import {
  AppError,
  allowedActions,
  applyAction,
  type CaseSnapshot,
  clockStatus,
  createCalendar,
  createCase,
  usccCheckChar,
} from '../src/index.ts';

const calendar = createCalendar();
const ziran = { id: '1', roles: ['ziran'] };
const sifasuo = { id: '2', roles: ['sifasuo'] };

const code = (body: string) => `91330100MA${body}${usccCheckChar(`91330100MA${body}`)}`;

const BASE = {
  name: '湾头村道路硬化工程施工合同',
  counterparty: '示范县宏达建设工程有限公司',
  counterpartyCreditCode: code('T000001'),
  amount: 1_860_000,
  termFrom: '2026-03-10',
  termTo: '2026-09-30',
  contractKind: 'construction',
  procurement: 'open_tender',
};

function snap(state: string, fields: Record<string, unknown>, extra: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return {
    type: 'contract',
    state,
    version: 1,
    fields: { ...BASE, ...fields },
    events: [{ seq: 1, at: '2026-03-02T01:00:00.000Z', actorId: '1', action: 'create', from: null, to: 'drafting' }],
    documents: [],
    createdBy: '1',
    ...extra,
  };
}

describe('registration', () => {
  it('names the field when the counterparty credit code is wrong', () => {
    const bad = createCase(
      contract,
      { ...BASE, counterpartyCreditCode: '91330100MA0000001X' },
      ziran,
      '2026-03-02T09:00:00+08:00',
    );
    expect(bad).toBeInstanceOf(AppError);
    expect((bad as AppError).message).toContain('对方统一社会信用代码：统一社会信用代码校验位不正确');
    const lower = createCase(
      contract,
      { ...BASE, counterpartyCreditCode: BASE.counterpartyCreditCode.toLowerCase() },
      ziran,
      '2026-03-02T09:00:00+08:00',
    );
    expect((lower as AppError).message).toContain('对方统一社会信用代码');
    const ok = createCase(contract, BASE, ziran, '2026-03-02T09:00:00+08:00');
    expect(ok).not.toBeInstanceOf(AppError);
  });

  it('leaves the credit code out for a natural person', () => {
    const { counterpartyCreditCode: _, ...person } = BASE;
    expect(
      createCase(contract, { ...person, counterparty: '陈某' }, ziran, '2026-03-02T09:00:00+08:00'),
    ).not.toBeInstanceOf(AppError);
  });
});

describe('the review clock (no national limit, docs/domain.md §4: the town sets it)', () => {
  const submit = (policy: Record<string, unknown>) => {
    const r = applyAction(
      contract,
      snap('drafting', {}),
      'submit',
      { submittedOn: '2026-03-02' },
      ziran,
      '2026-03-02T10:00:00+08:00',
      { policy },
    );
    if (r instanceof AppError) throw r;
    return snap('reviewing', r.fields, {
      events: [
        { seq: 1, at: '2026-03-02T01:00:00.000Z', actorId: '1', action: 'create', from: null, to: 'drafting' },
        ...r.events,
      ],
    });
  };

  it('defaults to 5 working days: due Monday 2026-03-09 for a submission on Monday 2026-03-02', () => {
    const c = submit({});
    expect(c.fields.reviewLimit).toEqual({ length: 5, unit: 'wd' });
    const clock = clockStatus(contract, c, calendar, '2026-03-03T09:00:00+08:00').find((x) => x.key === 'review')!;
    expect(clock).toMatchObject({ state: 'running', due: '2026-03-09' });
    expect(clock.basis).toContain('国家未规定审查时限');
  });

  it("records the town's own limit and its threshold for a collective discussion", () => {
    const c = submit({ [CONTRACT_REVIEW_POLICY]: { limitWorkdays: 3, collectiveThreshold: 1_000_000 } });
    expect(c.fields).toMatchObject({ reviewLimit: { length: 3, unit: 'wd' }, collectiveRequired: true });
    expect(
      clockStatus(contract, c, calendar, '2026-03-06T09:00:00+08:00').find((x) => x.key === 'review'),
    ).toMatchObject({
      state: 'breached',
      due: '2026-03-05',
    });
  });

  it('refuses a submission whose term ends before it begins', () => {
    const r = applyAction(
      contract,
      snap('drafting', { termTo: '2026-03-01' }),
      'submit',
      { submittedOn: '2026-03-02' },
      ziran,
      '2026-03-02T10:00:00+08:00',
    );
    expect((r as AppError).message).toContain('履行期限至不得早于履行期限起');
  });
});

describe('outcomes and the gates', () => {
  const reviewing = (docOutcome: string) =>
    snap(
      'reviewing',
      { submittedOn: '2026-03-02', reviewLimit: { length: 5, unit: 'wd' } },
      {
        documents: [
          {
            kind: 'review_opinion',
            issuedAt: '2026-03-03T02:00:00.000Z',
            input: { outcome: docOutcome, opinion: '意见' },
            number: '湾合审意〔2026〕1号',
          },
        ],
      },
    );
  const input = { reviewedOn: '2026-03-03', reviewer: 'sifasuo', reviewOpinion: '意见' };

  it.each([
    ['review_agree', 'agree', 'approved'],
    ['review_amend', 'amend', 'approved'],
    ['review_disagree', 'disagree', 'rejected'],
  ])('%s records 审查结论 %s and moves to %s', (action, outcome, state) => {
    const r = applyAction(contract, reviewing(outcome), action, input, sifasuo, '2026-03-03T10:00:00+08:00');
    if (r instanceof AppError) throw r;
    expect(r.newState).toBe(state);
    expect(r.fields).toMatchObject({ reviewOutcome: outcome, reviewNo: '湾合审意〔2026〕1号' });
  });

  it('refuses an outcome other than the one the opinion states', () => {
    const r = applyAction(contract, reviewing('disagree'), 'review_agree', input, sifasuo, '2026-03-03T10:00:00+08:00');
    expect((r as AppError).message).toContain('「不同意」');
  });

  it('keeps signing closed until a held meeting concluded on a contract that needs one', () => {
    const approved = snap(
      'approved',
      { reviewOutcome: 'agree', reviewedOn: '2026-03-03', collectiveRequired: true },
      { context: { meetingItems: [], attachments: 1 } },
    );
    const sign = allowedActions(contract, approved, ziran, '2026-03-04T10:00:00+08:00').find((a) => a.key === 'sign')!;
    expect(sign.enabled).toBe(false);
    expect(sign.reason).toContain('集体讨论');
    const held = [
      {
        meetingId: 1,
        itemId: 7,
        kind: 'joint' as const,
        title: '党政联席会',
        heldOn: '2026-03-04',
        status: 'held' as const,
        conclusion: 'adopted' as const,
      },
    ];
    const fazhiban = { id: '3', roles: ['fazhiban'] };
    const r = applyAction(
      contract,
      { ...approved, context: { meetingItems: held, attachments: 1 } },
      'record_discussion',
      { meetingItemId: 7 },
      fazhiban,
      '2026-03-04T10:00:00+08:00',
    );
    if (r instanceof AppError) throw r;
    expect(r.fields).toMatchObject({ meetingItemId: 7, discussedOn: '2026-03-04' });
  });

  it('says a collective discussion needs the amount only where the town set a threshold', () => {
    expect(collectiveRequiredFor(2_000_000, null)).toBe(false);
    expect(collectiveRequiredFor(999_999, 1_000_000)).toBe(false);
    expect(collectiveRequiredFor(1_000_000, 1_000_000)).toBe(true);
  });
});

describe('milestones', () => {
  it('counts the days to the next open milestone after today, none when all are done or past', () => {
    const ms = [
      { name: '竣工验收', due: '2026-09-15' },
      { name: '开工', due: '2026-03-20' },
    ];
    expect(nextMilestone(ms, '2026-03-02')).toEqual({ milestoneFrom: '2026-03-02', milestoneDays: 18 });
    expect(nextMilestone([{ ...ms[1]!, doneOn: '2026-03-19' }, ms[0]!], '2026-03-19')).toEqual({
      milestoneFrom: '2026-03-19',
      milestoneDays: 180,
    });
    expect(nextMilestone([{ name: '开工', due: '2026-03-01' }], '2026-03-02')).toEqual({
      milestoneFrom: undefined,
      milestoneDays: undefined,
    });
  });
});
