import { describe, expect, it } from 'vitest';
import { closureFlag } from '../src/safety/closure.ts';

const NOW = '2026-12-07';

describe('安全生产法 art 113 (一): closure of a unit penalised repeatedly for major hazards', () => {
  it('art 113: three penalties within 180 days flag the unit', () => {
    const f = closureFlag(['2026-01-10', '2026-03-01', '2026-07-09'], NOW);
    expect(f.rule).toBe('180d');
    expect(f.dates).toEqual(['2026-01-10', '2026-03-01', '2026-07-09']);
    expect(f.reason).toContain('第一百一十三条');
  });

  it('art 113: the 180th day after the first decision still counts, the 181st does not (民法典 art 201)', () => {
    // 2026-01-10 + 180 days = 2026-07-09.
    expect(closureFlag(['2026-01-10', '2026-02-01', '2026-07-09'], NOW).rule).toBe('180d');
    expect(closureFlag(['2026-01-10', '2026-02-01', '2026-07-10'], NOW).rule).toBeNull();
  });

  it('art 113: four penalties within one year flag the unit even when no three fall within 180 days', () => {
    const dates = ['2025-01-15', '2025-05-01', '2025-09-01', '2026-01-15'];
    const f = closureFlag(dates, NOW);
    expect(f.rule).toBe('1y');
    expect(f.dates).toEqual(dates);
    // One day past the year: not within it.
    expect(closureFlag(['2025-01-15', '2025-05-01', '2025-09-01', '2026-01-16'], NOW).rule).toBeNull();
  });

  it('art 113: two penalties, or decisions after now, do not flag', () => {
    expect(closureFlag(['2026-01-10', '2026-01-11'], NOW)).toMatchObject({ rule: null, counted: 2, reason: null });
    expect(closureFlag(['2026-11-01', '2026-11-20', '2026-12-20'], NOW)).toMatchObject({ rule: null, counted: 2 });
    expect(closureFlag(['2026-11-01', '2026-11-20', '2026-12-20'], '2026-12-20').rule).toBe('180d');
  });

  it('art 113: order of input does not matter; the window found is the earliest', () => {
    const f = closureFlag(['2026-06-01', '2025-01-01', '2026-05-01', '2026-04-01'], NOW);
    expect(f).toMatchObject({ rule: '180d', dates: ['2026-04-01', '2026-05-01', '2026-06-01'], counted: 4 });
  });

  it('art 113: a year from 29 February ends on 28 February', () => {
    expect(closureFlag(['2024-02-29', '2024-08-30', '2025-01-01', '2025-02-28'], NOW).rule).toBe('1y');
    expect(closureFlag(['2024-02-29', '2024-08-30', '2025-01-01', '2025-03-01'], NOW).rule).toBeNull();
  });

  it('takes now as a Date in Beijing time', () => {
    // 2026-07-08T17:00Z is 2026-07-09 01:00 in Beijing.
    expect(closureFlag(['2026-01-10', '2026-03-01', '2026-07-09'], new Date('2026-07-08T17:00:00Z')).rule).toBe('180d');
    expect(closureFlag(['2026-01-10', '2026-03-01', '2026-07-09'], new Date('2026-07-08T15:00:00Z')).rule).toBeNull();
  });
});
