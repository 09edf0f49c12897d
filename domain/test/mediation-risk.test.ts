/**
 * Early-warning rules for disputes (src/cases/mediation-risk.ts): each row names the
 * facts, the day (Beijing time) and the level and rules expected. Sensitive periods
 * use the defaults unless the row passes its own: 春节 from the State Council notices
 * (2026: 2月15日至23日, 国办发明电〔2025〕7号 as stored in src/calendar/notices.ts),
 * 全国两会 1–15 Mar, 国庆 1–7 Oct, 元旦 1 Jan; warning 7 days ahead.
 */
import { describe, expect, it } from 'vitest';
import {
  assessRisk,
  DEFAULT_SENSITIVE_PERIODS,
  mediationRisk,
  mediationRiskInput,
  type RiskInput,
  type RiskOptions,
  type RiskRule,
  SensitivePeriodSchema,
} from '../src/cases/mediation-risk.ts';

/** A quiet day: no default sensitive period within 7 days. */
const QUIET = '2026-06-10T10:00:00+08:00';
const BASE: RiskInput = { peopleCount: 2, amount: 3000, channel: 'walk_in' };

interface Row {
  label: string;
  input?: Partial<RiskInput>;
  now?: string;
  options?: RiskOptions;
  level: 'low' | 'medium' | 'high';
  rules: RiskRule[];
  /** Substrings the reasons must contain, in order. */
  reasons?: string[];
}

const rows: Row[] = [
  { label: 'an ordinary neighbour dispute', level: 'low', rules: [] },
  // high on their own
  {
    label: 'violence threatened',
    input: { violenceRisk: true },
    level: 'high',
    rules: ['violence'],
    reasons: ['暴力倾向：有激化或暴力、违法犯罪风险，应及时报告公安机关（人民调解法第二十五条）'],
  },
  {
    label: '5 people: a group dispute',
    input: { peopleCount: 5 },
    level: 'high',
    rules: ['group'],
    reasons: ['群体性纠纷：涉及5人（5人及以上）'],
  },
  { label: '4 people: not yet a group', input: { peopleCount: 4 }, level: 'low', rules: [] },
  {
    label: 'group threshold configured to 10',
    input: { peopleCount: 9 },
    options: { groupThreshold: 10 },
    level: 'low',
    rules: [],
  },
  // medium on their own
  {
    label: 'failed mediation before',
    input: { priorFailedCount: 1 },
    level: 'medium',
    rules: ['prior_failure'],
    reasons: ['曾调解不成：同一事项此前调解不成1次'],
  },
  {
    label: 'repeat disputes between the same parties',
    input: { earlierCaseCount: 2 },
    level: 'medium',
    rules: ['repeat_parties'],
    reasons: ['重复纠纷：同一当事人之间此前已有2起纠纷'],
  },
  {
    label: 'referred by the petition office (访调对接)',
    input: { channel: 'petition' },
    level: 'medium',
    rules: ['petition_police'],
    reasons: ['涉访涉警：经访调对接转来'],
  },
  {
    label: 'referred by the police (警调对接)',
    input: { channel: 'police' },
    level: 'medium',
    rules: ['petition_police'],
    reasons: ['涉访涉警：经警调对接转来'],
  },
  {
    label: 'petitions and police calls on the same matter count as one rule',
    input: { linkedPetitionCount: 2, linkedPoliceCount: 1 },
    level: 'medium',
    rules: ['petition_police'],
    reasons: ['涉访涉警：同一事项已信访2次，同一事项已报警1次'],
  },
  {
    label: '100 000 元 is a large amount (default threshold, inclusive)',
    input: { amount: 100_000 },
    level: 'medium',
    rules: ['large_amount'],
    reasons: ['涉及金额较大：涉及100000元（100000元及以上）'],
  },
  { label: '99 999.99 元 is not', input: { amount: 99_999.99 }, level: 'low', rules: [] },
  {
    label: 'amount threshold configured to 50 000 元',
    input: { amount: 60_000.5 },
    options: { amountThreshold: 50_000 },
    level: 'medium',
    rules: ['large_amount'],
    reasons: ['涉及60000.50元（50000元及以上）'],
  },
  {
    label: 'no amount given',
    input: { amount: undefined },
    level: 'low',
    rules: [],
  },
  // sensitive dates
  {
    label: '5 days before 春节 2026 (rest 15–23 Feb)',
    now: '2026-02-10T10:00:00+08:00',
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['敏感时期：临近春节（2026-02-15至2026-02-23，还有5日）'],
  },
  {
    label: 'during 春节 2026',
    now: '2026-02-20T10:00:00+08:00',
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['敏感时期：正值春节（2026-02-15至2026-02-23）'],
  },
  {
    label: '8 days before 春节 2026: outside the 7-day window',
    now: '2026-02-07T10:00:00+08:00',
    level: 'low',
    rules: [],
  },
  {
    label: '春节 2027 from the lunar table (no notice yet): 除夕 5 Feb to 初三 9 Feb',
    now: '2027-02-01T10:00:00+08:00',
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['临近春节（2027-02-05至2027-02-09，还有4日）'],
  },
  {
    label: 'during 全国两会',
    now: '2026-03-05T10:00:00+08:00',
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['正值全国两会（2026-03-01至2026-03-15）'],
  },
  {
    label: '国庆 approaching, Beijing date (17:00Z on 23 Sep is 01:00 on 24 Sep in Beijing)',
    now: '2026-09-23T17:00:00Z',
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['临近国庆（2026-10-01至2026-10-07，还有7日）'],
  },
  {
    label: '国庆 not yet in the window one hour earlier, Beijing time',
    now: '2026-09-23T15:00:00Z',
    level: 'low',
    rules: [],
  },
  {
    label: '元旦 across the year end',
    now: '2026-12-30T10:00:00+08:00',
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['临近元旦（2027-01-01，还有2日）'],
  },
  {
    label: 'a yearly local period running over New Year',
    now: '2027-01-03T10:00:00+08:00',
    options: { sensitivePeriods: [{ name: '岁末年初', from: '12-25', to: '01-05' }] },
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['正值岁末年初（2026-12-25至2027-01-05）'],
  },
  {
    label: 'a one-off local event',
    now: '2026-06-08T10:00:00+08:00',
    options: { sensitivePeriods: [{ name: '县庙会', from: '2026-06-10', to: '2026-06-12' }] },
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['临近县庙会（2026-06-10至2026-06-12，还有2日）'],
  },
  {
    label: 'being inside a period outranks approaching another',
    now: '2026-10-05T10:00:00+08:00',
    options: {
      sensitivePeriods: [
        { name: '国庆', from: '10-01', to: '10-07' },
        { name: '县运动会', from: '2026-10-08' },
      ],
    },
    level: 'medium',
    rules: ['sensitive_date'],
    reasons: ['正值国庆'],
  },
  {
    label: 'window 0: only the days themselves',
    now: '2026-09-30T10:00:00+08:00',
    options: { windowDays: 0 },
    level: 'low',
    rules: [],
  },
  {
    label: 'no sensitive periods configured',
    now: '2026-10-02T10:00:00+08:00',
    options: { sensitivePeriods: [] },
    level: 'low',
    rules: [],
  },
  // compounding
  {
    label: 'two medium signals compound to high',
    input: { priorFailedCount: 1, earlierCaseCount: 3 },
    level: 'high',
    rules: ['prior_failure', 'repeat_parties'],
    reasons: ['曾调解不成', '重复纠纷', '风险叠加：2项中风险因素同时存在，升为高风险'],
  },
  {
    label: 'a petition referral near 春节',
    input: { channel: 'petition' },
    now: '2026-02-12T10:00:00+08:00',
    level: 'high',
    rules: ['petition_police', 'sensitive_date'],
  },
  {
    label: 'everything at once: every rule named, no compounding note when a high rule fired',
    input: {
      violenceRisk: true,
      peopleCount: 30,
      priorFailedCount: 2,
      earlierCaseCount: 1,
      channel: 'police',
      amount: 500_000,
    },
    now: '2026-09-28T10:00:00+08:00',
    level: 'high',
    rules: [
      'violence',
      'group',
      'prior_failure',
      'repeat_parties',
      'petition_police',
      'large_amount',
      'sensitive_date',
    ],
  },
];

describe('assessRisk: rules table', () => {
  for (const row of rows) {
    it(`${row.label} → ${row.level}`, () => {
      const r = assessRisk({ ...BASE, ...row.input }, row.now ?? QUIET, row.options);
      expect(r.level).toBe(row.level);
      expect(r.signals.map((s) => s.rule)).toEqual(row.rules);
      let from = 0;
      const joined = r.reasons.join('\n');
      for (const part of row.reasons ?? []) {
        const at = joined.indexOf(part, from);
        expect([part, at >= 0]).toEqual([part, true]);
        from = at + part.length;
      }
      if (row.rules.length === 0) expect(r.reasons).toEqual([]);
      if (!r.reasons.some((x) => x.startsWith('风险叠加'))) expect(r.reasons).toHaveLength(r.signals.length);
    });
  }

  it('each signal reason starts with the rule it names', () => {
    const r = assessRisk(
      { peopleCount: 8, violenceRisk: true, priorFailedCount: 1, linkedPoliceCount: 1, amount: 1e6 },
      '2026-10-01T10:00:00+08:00',
    );
    const names = { violence: '暴力倾向', group: '群体性纠纷', prior_failure: '曾调解不成' } as const;
    for (const s of r.signals) {
      if (s.rule in names) expect(s.reason.startsWith(`${names[s.rule as keyof typeof names]}：`)).toBe(true);
    }
    expect(r.signals.find((s) => s.rule === 'violence')?.level).toBe('high');
    expect(r.signals.find((s) => s.rule === 'large_amount')?.level).toBe('medium');
  });

  it('reads the clock only through `now`: the same facts on two days differ only in the date rule', () => {
    const quiet = assessRisk(BASE, QUIET);
    const holiday = assessRisk(BASE, '2026-10-03T10:00:00+08:00');
    expect([quiet.level, holiday.level]).toEqual(['low', 'medium']);
    expect(assessRisk(BASE, new Date('2026-10-03T02:00:00Z'))).toEqual(holiday);
  });
});

describe('configuration', () => {
  it('the defaults include 春节 for every year the calendar knows, and the fixed periods', () => {
    const names = new Set(DEFAULT_SENSITIVE_PERIODS.map((p) => p.name));
    expect([...names]).toEqual(expect.arrayContaining(['元旦', '春节', '全国两会', '国庆']));
    const spring = DEFAULT_SENSITIVE_PERIODS.filter((p) => p.name === '春节').map((p) => p.from.slice(0, 4));
    expect(spring).toEqual(expect.arrayContaining(['2020', '2024', '2026', '2027', '2035']));
    for (const p of DEFAULT_SENSITIVE_PERIODS) expect(SensitivePeriodSchema.safeParse(p).success).toBe(true);
  });

  const periods: [label: string, value: unknown, valid: boolean][] = [
    ['a yearly day', { name: '元旦', from: '01-01' }, true],
    ['a yearly range', { name: '国庆', from: '10-01', to: '10-07' }, true],
    ['29 February, yearly', { name: '闰日', from: '02-29' }, true],
    ['a one-off range', { name: '春节', from: '2026-02-15', to: '2026-02-23' }, true],
    ['mixed forms', { name: 'x', from: '2026-02-15', to: '02-23' }, false],
    ['a one-off range backwards', { name: 'x', from: '2026-02-23', to: '2026-02-15' }, false],
    ['an impossible day', { name: 'x', from: '02-30' }, false],
    ['no name', { name: ' ', from: '01-01' }, false],
  ];
  for (const [label, value, valid] of periods) {
    it(`sensitive period: ${label} is ${valid ? 'accepted' : 'refused'}`, () => {
      expect(SensitivePeriodSchema.safeParse(value).success).toBe(valid);
    });
  }

  it('29 February in a common year is read as 28 February', () => {
    const r = assessRisk(BASE, '2027-02-27T10:00:00+08:00', { sensitivePeriods: [{ name: '闰日', from: '02-29' }] });
    expect(r.reasons).toEqual(['敏感时期：临近闰日（2027-02-28，还有1日）']);
  });

  it('malformed options are a developer error', () => {
    expect(() => assessRisk(BASE, QUIET, { windowDays: -1 })).toThrow();
  });
});

describe('from the case fields', () => {
  it('maps the intake facts', () => {
    expect(
      mediationRiskInput({
        peopleCount: 6,
        amount: 2e5,
        channel: 'court',
        priorFailedCount: 1,
        earlierCaseCount: 0,
        linkedPetitionCount: 3,
      }),
    ).toEqual({
      peopleCount: 6,
      amount: 2e5,
      channel: 'court',
      violenceRisk: false,
      priorFailedCount: 1,
      earlierCaseCount: 0,
      linkedPetitionCount: 3,
      linkedPoliceCount: undefined,
    });
  });

  it('a report to the police (人民调解法 art 25) is a violence signal even without the flag', () => {
    const fields = {
      peopleCount: 2,
      policeReports: [{ date: '2026-06-01', agency: '湾头桥派出所', situation: '扬言报复' }],
    };
    expect(mediationRisk(fields, QUIET)).toMatchObject({ level: 'high', signals: [{ rule: 'violence' }] });
  });

  it('the server hook shape: fields in, level and reasons out', () => {
    const r = mediationRisk({ peopleCount: 12, disputeType: 'labor', amount: 340_000 }, QUIET);
    expect(r.level).toBe('high');
    expect(r.reasons).toEqual(['群体性纠纷：涉及12人（5人及以上）', '涉及金额较大：涉及340000元（100000元及以上）']);
  });
});
