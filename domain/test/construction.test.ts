/**
 * 违法建设: the challenge-period gate of forced demolition (行政强制法 art 44), the competence
 * rule (城乡规划法 arts 64, 65) and self-demolition, on the pure engine. Dates worked out by hand:
 * a decision served on Monday 2026-06-15 has its 复议 period end on Friday 2026-08-14 (60 days,
 * 民法典 art 201) and its 诉讼 period on Tuesday 2026-12-15 (6 months, 民法典 art 202), neither
 * a rest day (国务院办公厅 2026 notice: no holiday in August or December).
 */
import { describe, expect, it } from 'vitest';
import {
  AppError,
  applyAction,
  type CaseSnapshot,
  type CertifiedOfficer,
  type ChallengeFact,
  challengePeriodEnds,
  challengePeriodsProblem,
  construction,
  createCalendar,
  stoppedAtOnce,
} from '../src/index.ts';

const calendar = createCalendar();
const SERVED = '2026-06-15';

describe('行政强制法第四十四条: forced demolition waits for the 复议 and 诉讼 periods', () => {
  it('computes the periods from service (行政复议法第二十条 60 days; 行政诉讼法第四十六条 6 months)', () => {
    expect(challengePeriodEnds(calendar, SERVED)).toEqual({ reconsideration: '2026-08-14', litigation: '2026-12-15' });
  });
  it('blocks demolition one day before the 6-month period ends and on its last day (行政诉讼法第四十六条), allows it the day after', () => {
    expect(challengePeriodsProblem(SERVED, [], '2026-12-14', calendar)).toContain('行政诉讼法第四十六条');
    expect(challengePeriodsProblem(SERVED, [], '2026-12-15', calendar)).toContain('2026-12-15届满');
    expect(challengePeriodsProblem(SERVED, [], '2026-12-16', calendar)).toBeNull();
  });
  it('blocks it inside the 60-day 复议 period (行政复议法第二十条)', () => {
    expect(challengePeriodsProblem(SERVED, [], '2026-08-14', calendar)).toContain('行政复议法第二十条');
  });
  it('blocks it while a challenge is pending, even after both periods (行政强制法第四十四条)', () => {
    const pending: ChallengeFact[] = [
      { id: 1, body: '示范县人民法院', kind: 'litigation', receivedOn: '2026-12-01', result: null, closedOn: null },
    ];
    expect(challengePeriodsProblem(SERVED, pending, '2027-03-01', calendar)).toContain('尚未审结');
  });
  it('allows it once a suit is closed upholding the decision, and never after one revoked it', () => {
    const upheld: ChallengeFact[] = [
      {
        id: 1,
        body: '示范县人民法院',
        kind: 'litigation',
        receivedOn: '2026-07-01',
        result: 'dismissed',
        closedOn: '2026-10-20',
      },
    ];
    expect(challengePeriodsProblem(SERVED, upheld, '2026-10-21', calendar)).toBeNull();
    const revoked: ChallengeFact[] = [
      {
        id: 2,
        body: '示范县人民政府',
        kind: 'reconsideration',
        receivedOn: '2026-07-01',
        result: 'revoked',
        closedOn: '2026-08-20',
      },
    ];
    expect(challengePeriodsProblem(SERVED, revoked, '2027-06-01', calendar)).toContain('撤销');
  });
  it('after a 复议 upheld the decision, waits the 15 days to sue (行政诉讼法第四十五条)', () => {
    // Closed Monday 2026-09-07 + 15 days = Tuesday 2026-09-22.
    const upheld: ChallengeFact[] = [
      {
        id: 2,
        body: '示范县人民政府',
        kind: 'reconsideration',
        receivedOn: '2026-07-01',
        result: 'upheld',
        closedOn: '2026-09-07',
      },
    ];
    expect(challengePeriodsProblem(SERVED, upheld, '2026-09-22', calendar)).toContain('行政诉讼法第四十五条');
    expect(challengePeriodsProblem(SERVED, upheld, '2026-09-23', calendar)).toBeNull();
  });
});

describe('stopped at once: the stop order on the day of discovery or the next working day', () => {
  it('counts Friday → Monday as at once and Friday → Tuesday as not', () => {
    expect(stoppedAtOnce(calendar, '2026-06-12', '2026-06-12')).toBe(true);
    expect(stoppedAtOnce(calendar, '2026-06-12', '2026-06-15')).toBe(true);
    expect(stoppedAtOnce(calendar, '2026-06-12', '2026-06-16')).toBe(false);
  });
});

const officer = (id: number): CertifiedOfficer => ({
  id,
  name: `执法员${id}`,
  certNo: `ZF-${id}`,
  fields: ['planning'],
  validFrom: null,
  validUntil: '2030-12-31',
  reviewer: false,
  legalQualification: false,
  active: true,
});

function snapshot(state: string, fields: Record<string, unknown>, context: Record<string, unknown> = {}): CaseSnapshot {
  return {
    type: 'construction',
    state,
    version: 1,
    fields: { source: 'patrol', foundOn: '2026-03-02', location: '湾头村三组', description: '未批先建', ...fields },
    events: [{ seq: 1, at: '2026-03-02T01:00:00Z', actorId: '1', action: 'create', from: null, to: 'found' }],
    documents: [],
    createdBy: '1',
    context: { officers: [officer(1), officer(2)], challenges: [], calendarOverrides: [], ...context },
  };
}
const zhifa = { id: '1', roles: ['zhifa'] };

describe('城乡规划法第六十四条、第六十五条: the town decides only inside the village planning area', () => {
  it('refuses the decision on a building inside the urban planning area, with art 64', () => {
    const c = snapshot('notified', {
      zone: 'urban',
      permitStatus: 'none',
      notifiedOn: '2026-03-05',
      statementDeadline: '2026-03-08',
    });
    const r = applyAction(
      construction,
      c,
      'request_approval:decide',
      { decisionKind: 'demolish', rectifyDeadline: '2026-04-30' },
      zhifa,
      '2026-03-20T02:00:00Z',
    );
    expect(r).toBeInstanceOf(AppError);
    expect((r as AppError).message).toContain('第六十四条');
    const referred = applyAction(
      construction,
      c,
      'refer',
      { referredTo: '县自然资源和规划局', referredOn: '2026-03-20', referralReason: '位于城市规划区内' },
      zhifa,
      '2026-03-20T02:00:00Z',
    );
    expect(referred).not.toBeInstanceOf(AppError);
    expect((referred as { newState: string }).newState).toBe('referred');
  });
});

describe('self-demolition closes the case at any step after discovery', () => {
  it('closes from 自行整改期 with the area, verified by two certified officers (行政处罚法第四十二条)', () => {
    const c = snapshot('rectifying', { area: 120, zone: 'village' });
    const one = applyAction(
      construction,
      c,
      'self_demolish',
      { demolishedOn: '2026-04-01', demolishedArea: 120, officerIds: [1] },
      zhifa,
      '2026-04-02T02:00:00Z',
    );
    expect((one as AppError).message).toContain('不得少于2人');
    const r = applyAction(
      construction,
      c,
      'self_demolish',
      { demolishedOn: '2026-04-01', demolishedArea: 120, officerIds: [1, 2] },
      zhifa,
      '2026-04-02T02:00:00Z',
    );
    expect(r).not.toBeInstanceOf(AppError);
    expect(r).toMatchObject({ newState: 'closed', fields: { outcome: 'self_demolished', demolishedArea: 120 } });
  });
  it('refuses a self-demolished area larger than the one measured', () => {
    const c = snapshot('warned', { area: 100 });
    const r = applyAction(
      construction,
      c,
      'self_demolish',
      { demolishedOn: '2026-04-01', demolishedArea: 150, officerIds: [1, 2] },
      zhifa,
      '2026-04-02T02:00:00Z',
    );
    expect((r as AppError).message).toContain('不得大于');
  });
});

describe('行政强制法第四十三条、第四十四条 on the demolish action', () => {
  const fields = { area: 80, zone: 'village', decisionServedOn: SERVED, selfDemolishBy: '2026-11-30' };
  const input = (on: string) => ({
    demolishedOn: on,
    demolishedArea: 80,
    demolitionCost: 12000,
    videoRef: 'AV-2026-001',
    videoSha256: 'a'.repeat(64),
    officerIds: [1, 2],
  });
  it('is refused on 2026-12-15, the last day of the 6-month period, and allowed on 2026-12-16 (行政诉讼法第四十六条)', () => {
    const c = snapshot('awaiting_periods', fields);
    const early = applyAction(construction, c, 'demolish', input('2026-12-15'), zhifa, '2026-12-15T02:00:00Z');
    expect((early as AppError).message).toContain('行政诉讼法第四十六条');
    const ok = applyAction(construction, c, 'demolish', input('2026-12-16'), zhifa, '2026-12-16T02:00:00Z');
    expect(ok).toMatchObject({
      newState: 'demolished',
      fields: { outcome: 'demolished', demolitionOfficerIds: [1, 2] },
    });
  });
  it('is refused while a 复议 is pending', () => {
    const c = snapshot('awaiting_periods', fields, {
      challenges: [
        {
          id: 2,
          body: '示范县人民政府',
          kind: 'reconsideration',
          receivedOn: '2026-07-01',
          result: null,
          closedOn: null,
        },
      ],
    });
    const r = applyAction(construction, c, 'demolish', input('2026-12-16'), zhifa, '2026-12-16T02:00:00Z');
    expect((r as AppError).message).toContain('尚未审结');
  });
  it('is refused on a statutory holiday (行政强制法第四十三条): 2027-01-01 元旦', () => {
    const c = snapshot('awaiting_periods', fields);
    const r = applyAction(construction, c, 'demolish', input('2027-01-01'), zhifa, '2027-01-04T02:00:00Z');
    expect((r as AppError).message).toContain('第四十三条');
  });
});
