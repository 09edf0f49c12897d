import { describe, expect, it } from 'vitest';
import { type ChallengeFact, challengePeriodsProblem, challengeStatus } from '../src/enforcement/challenges.ts';

/** Noon in Beijing on the day. */
const on = (d: string) => `${d}T12:00:00+08:00`;

const challenge = (over: Partial<ChallengeFact>): ChallengeFact => ({
  id: 1,
  kind: 'reconsideration',
  receivedOn: '2026-04-01',
  body: '县人民政府',
  result: null,
  closedOn: null,
  ...over,
});

describe('challenge periods before enforcement (行政强制法 art 44)', () => {
  // Served 2026-03-10 (Tue): art 46's 6 months end on the matching day 2026-09-10 (Thu, a working day).
  const served = '2026-03-10';

  it('行政诉讼法 art 46 / 民法典 art 202: blocked one day before the 6-month period ends, on its last day, allowed after', () => {
    expect(challengePeriodsProblem(served, [], on('2026-09-09'))).toMatch(/行政诉讼法第四十六条.*2026-09-10/);
    expect(challengePeriodsProblem(served, [], on('2026-09-10'))).not.toBeNull();
    expect(challengePeriodsProblem(served, [], on('2026-09-11'))).toBeNull();
  });

  it('行政复议法 art 20: within the 60 days both periods are named', () => {
    // 2026-03-10 + 60 d = 2026-05-09, a 调休 working Saturday in 2026, so it does not roll.
    const s = challengeStatus(served, [], on('2026-04-01'));
    expect(s.problem).toMatch(/行政复议法第二十条.*2026-05-09/);
    expect(s.runsUntil).toBe('2026-09-10');
  });

  it('民法典 art 203: a 6-month period ending in the National Day holiday rolls to the next working day', () => {
    // Served 2026-04-04: the matching day 2026-10-04 falls in the 国庆 rest days.
    const s = challengeStatus('2026-04-04', [], on('2026-10-05'));
    expect(s.problem).not.toBeNull();
    expect(s.runsUntil! > '2026-10-04').toBe(true);
    expect(challengePeriodsProblem('2026-04-04', [], on(s.runsUntil!))).not.toBeNull();
    const next = new Date(Date.parse(`${s.runsUntil}T12:00:00+08:00`) + 86_400_000).toISOString();
    expect(challengePeriodsProblem('2026-04-04', [], next)).toBeNull();
  });

  it('行政强制法 art 44: blocked while a 复议 or a suit is pending, even after the periods', () => {
    expect(challengePeriodsProblem(served, [challenge({})], on('2027-01-01'))).toMatch(/尚未审结/);
    expect(
      challengePeriodsProblem(served, [challenge({ kind: 'litigation', body: '县人民法院' })], on('2027-01-01')),
    ).toMatch(/行政诉讼（县人民法院）尚未审结/);
  });

  it('blocked for good after revocation or confirmation of unlawfulness, and after a change', () => {
    const revoked = challenge({ result: 'revoked', closedOn: '2026-05-20' });
    expect(challengePeriodsProblem(served, [revoked], on('2027-06-01'))).toMatch(/撤销/);
    const unlawful = challenge({ kind: 'litigation', result: 'unlawful', closedOn: '2026-08-20' });
    expect(challengePeriodsProblem(served, [unlawful], on('2027-06-01'))).toMatch(/确认该决定违法/);
    const changed = challenge({ result: 'changed', closedOn: '2026-05-20' });
    expect(challengePeriodsProblem(served, [changed], on('2027-06-01'))).toMatch(/变更/);
    // A revocation wins over a later suit that was dismissed.
    const dismissedSuit = challenge({ id: 2, kind: 'litigation', result: 'dismissed', closedOn: '2026-09-01' });
    expect(challengePeriodsProblem(served, [dismissedSuit, revoked], on('2027-06-01'))).toMatch(/撤销/);
  });

  it('行政诉讼法 art 45: after a 复议 upheld the decision, the 15 days to sue must run out first', () => {
    // Decided and served 2026-04-20 (Mon): 15 days end 2026-05-05, in the 劳动节 rest days, so it rolls.
    const upheld = challenge({ result: 'upheld', closedOn: '2026-04-20' });
    const s = challengeStatus(served, [upheld], on('2026-05-05'));
    expect(s.problem).toMatch(/行政诉讼法第四十五条/);
    expect(s.runsUntil! >= '2026-05-06').toBe(true);
    // Well before the 6 months of art 46: the 复议 route replaced the direct one.
    expect(challengePeriodsProblem(served, [upheld], on('2026-06-01'))).toBeNull();
  });

  it('行政复议法 art 74 / 行政诉讼法 art 46: a withdrawn 复议 leaves the 6-month period to sue running', () => {
    const withdrawn = challenge({ result: 'withdrawn', closedOn: '2026-04-20' });
    expect(challengePeriodsProblem(served, [withdrawn], on('2026-06-01'))).toMatch(/已撤回.*第四十六条/);
    expect(challengePeriodsProblem(served, [withdrawn], on('2026-09-10'))).not.toBeNull();
    expect(challengePeriodsProblem(served, [withdrawn], on('2026-09-11'))).toBeNull();
  });

  it('行政复议法 art 29: a suit closed leaving the decision standing ends both routes', () => {
    const dismissed = challenge({
      kind: 'litigation',
      body: '县人民法院',
      result: 'dismissed',
      closedOn: '2026-06-15',
    });
    expect(challengePeriodsProblem(served, [dismissed], on('2026-06-16'))).toBeNull();
    const withdrawnSuit = challenge({ kind: 'litigation', result: 'withdrawn', closedOn: '2026-06-15' });
    expect(challengePeriodsProblem(served, [withdrawnSuit], on('2026-06-16'))).toBeNull();
  });

  it('a result recorded as 其他 blocks until someone says what it was', () => {
    expect(
      challengePeriodsProblem(served, [challenge({ result: 'other', closedOn: '2026-05-01' })], on('2027-01-01')),
    ).toMatch(/其他/);
  });
});
