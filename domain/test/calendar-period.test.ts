/**
 * Period arithmetic (docs/domain.md §Period arithmetic). Every expected due date below was
 * worked out by hand from the notice or article cited on its row, not copied from the code.
 */
import { describe, expect, it } from 'vitest';
import { addPeriod, createCalendar, daysLeft, type RollRule, workdaysBetween } from '../src/calendar/index.ts';

const N2023 = '国办发明电〔2022〕16号';
const N2024 = '国办发明电〔2023〕7号';
const N2025 = '国办发明电〔2024〕12号';
const N2026 = '2026年部分节假日安排的通知';
const XF = '信访工作条例';

const calendar = createCalendar();

type DayRow = [from: string, unit: 'd' | 'month', length: number, rule: RollRule, due: string, cite: string];

const DAYS_AND_MONTHS: DayRow[] = [
  // 15-day petition acceptance (信访工作条例 art 23 ¶2) across National Day 2023.
  ['2023-09-20', 'd', 15, 'official', '2023-10-07', `${XF} art 23; 10-05/06 调休放假 → 10-07 (Sat) 上班 (${N2023} 六)`],
  ['2023-09-20', 'd', 15, 'statutory_only', '2023-10-05', `${XF} art 23; 10-05 is only 调休: no roll`],
  ['2023-09-16', 'd', 15, 'official', '2023-10-07', `民法典 art 203; 10-01 国庆 … 10-06 → 10-07 (${N2023})`],
  [
    '2023-09-16',
    'd',
    15,
    'statutory_only',
    '2023-10-05',
    '民法典 art 203; 10-01..03 国庆 + 10-04 补假 roll, 10-05 调休 does not',
  ],
  // 60-day handling (信访工作条例 art 34).
  ['2023-08-02', 'd', 60, 'official', '2023-10-07', `${XF} art 34; day 60 = 10-01 (${N2023} 六)`],
  ['2024-08-01', 'd', 60, 'official', '2024-09-30', `${XF} art 34; 09-30 is an ordinary Monday (${N2024} 七)`],
  ['2025-08-09', 'd', 60, 'official', '2025-10-09', `${XF} art 34; day 60 = 10-08 调休放假 (${N2025} 六)`],
  ['2025-08-09', 'd', 60, 'statutory_only', '2025-10-08', `${XF} art 34; 10-08 is only 调休`],
  // 30 days across Spring Festival (e.g. 信访工作条例 art 35 复查).
  ['2024-01-15', 'd', 30, 'official', '2024-02-18', `${XF} art 35; 02-14..17 rest, 02-18 (Sun) 上班 (${N2024} 二)`],
  ['2024-01-15', 'd', 30, 'statutory_only', '2024-02-15', '民法典 art 203; 02-14 补假 rolls, 02-15 调休 does not'],
  // 01-31 (初三), 02-01/02 weekend, 02-03/04 调休 → 02-05.
  ['2025-01-01', 'd', 30, 'official', '2025-02-05', `${XF} art 35; 01-31 初三 … 02-04 (${N2025} 二)`],
  ['2026-01-20', 'd', 30, 'official', '2026-02-24', `${XF} art 35; 02-19 初三 … 02-23 → 02-24 (${N2026} 二)`],
  ['2026-01-20', 'd', 30, 'statutory_only', '2026-02-20', '民法典 art 203; 02-19 statutory rolls, 02-20 调休 does not'],
  // 2025 National Day + Mid-Autumn 10-01..08, make-up 09-28 (Sun) and 10-11 (Sat).
  ['2025-09-16', 'd', 15, 'official', '2025-10-09', `民法典 art 203; 10-01..08 rest (${N2025} 六)`],
  ['2025-09-13', 'd', 15, 'official', '2025-09-28', `民法典 art 203; 09-28 (Sun) 上班: no roll (${N2025} 六)`],
  [
    '2025-09-13',
    'd',
    15,
    'statutory_only',
    '2025-09-29',
    'statutory_only: a 调休 working Sunday still counts as weekend',
  ],
  // 2026.
  [
    '2025-12-18',
    'd',
    15,
    'official',
    '2026-01-04',
    `民法典 art 203; 01-02 调休, 01-03 Sat, 01-04 (Sun) 上班 (${N2026} 一)`,
  ],
  ['2025-12-18', 'd', 15, 'statutory_only', '2026-01-02', 'statutory_only: 01-02 is only 调休'],
  ['2026-04-16', 'd', 15, 'official', '2026-05-06', `民法典 art 203; 05-01..05 rest (${N2026} 四)`],
  [
    '2026-04-16',
    'd',
    15,
    'statutory_only',
    '2026-05-05',
    '05-01/02 statutory, 05-03 Sun, 05-04 补假 roll; 05-05 调休 does not',
  ],
  ['2026-09-05', 'd', 15, 'official', '2026-09-20', `民法典 art 203; 09-20 (Sun) 上班 (${N2026} 七)`],
  ['2026-09-22', 'd', 15, 'official', '2026-10-08', `民法典 art 203; 10-07 调休放假 (${N2026} 七)`],
  ['2024-03-01', 'd', 15, 'official', '2024-03-18', '民法典 art 203; 03-16/17 plain weekend'],
  // Months (民法典 art 202): matching day, else the month's last day, then the roll rule.
  ['2023-08-31', 'month', 6, 'official', '2024-02-29', '民法典 art 202; no 31 Feb, leap year → 02-29 (Thu)'],
  ['2022-08-31', 'month', 6, 'official', '2023-02-28', '民法典 art 202; no 31 Feb → 02-28 (Tue)'],
  ['2024-08-31', 'month', 6, 'official', '2025-02-28', '民法典 art 202; → 02-28 (Fri)'],
  ['2025-08-31', 'month', 6, 'official', '2026-02-28', `民法典 art 202; 02-28 is a Saturday but 上班 (${N2026} 二)`],
  ['2025-08-31', 'month', 6, 'statutory_only', '2026-03-02', 'statutory_only: 02-28 Sat rolls over 03-01 Sun'],
  ['2023-11-30', 'month', 3, 'official', '2024-02-29', '民法典 art 202; 30 Nov + 3 months → 02-29'],
  ['2024-02-29', 'month', 12, 'official', '2025-02-28', '民法典 art 202; one year after 29 Feb'],
  ['2023-07-05', 'month', 3, 'official', '2023-10-07', `民法典 arts 202–203; 10-05 调休 → 10-07 (${N2023} 六)`],
  ['2025-08-01', 'month', 2, 'official', '2025-10-09', `民法典 arts 202–203; 10-01 → 10-09 (${N2025} 六)`],
];

describe('addPeriod: calendar days and months', () => {
  it.each(DAYS_AND_MONTHS)('%s + %i %s (%s) → %s — %s', (from, unit, length, rollRule, due) => {
    const result = addPeriod(calendar, { unit, from, length, rollRule });
    expect(result.due).toBe(due);
    expect(result.provisional).toBe(false);
    expect(result.steps[0]).toBe(`起算日${from}不计入，自次日开始计算（民法典第二百零一条）`);
    expect(result.steps.at(-1)).toBe(`期间届满日：${due}（当日二十四时届满）`);
  });

  it('explains each skipped day in Chinese (15 d across National Day 2023)', () => {
    const { steps, basis } = addPeriod(calendar, { unit: 'd', from: '2023-09-16', length: 15 });
    expect(steps).toEqual([
      '起算日2023-09-16不计入，自次日开始计算（民法典第二百零一条）',
      '自次日起算15日，期间最后一日为2023-10-01（星期日）',
      '2023-10-01（星期日）中秋节、国庆节放假，顺延',
      '2023-10-02（星期一）中秋节、国庆节放假，顺延',
      '2023-10-03（星期二）中秋节、国庆节放假，顺延',
      '2023-10-04（星期三）中秋节、国庆节放假，顺延',
      '2023-10-05（星期四）中秋节、国庆节调休放假，顺延',
      '2023-10-06（星期五）中秋节、国庆节调休放假，顺延',
      '顺延至休假日结束的次日2023-10-07（星期六）（民法典第二百零三条、民事诉讼法第八十五条）',
      '2023-10-07（星期六）为中秋节、国庆节调休上班日，是工作日，不顺延',
      '期间届满日：2023-10-07（当日二十四时届满）',
    ]);
    expect(basis.join()).toContain('《民法典》第二百零三条');
  });

  it('says why a 调休 rest day does not roll under statutory_only', () => {
    const { steps } = addPeriod(calendar, { unit: 'd', from: '2023-09-20', length: 15, rollRule: 'statutory_only' });
    expect(steps).toContain('2023-10-05（星期四）虽为中秋节、国庆节调休放假日，但按“仅法定节假日及周末顺延”规则不顺延');
  });

  it('says why a 调休 working Saturday still rolls under statutory_only', () => {
    const { steps } = addPeriod(calendar, { unit: 'month', from: '2025-08-31', length: 6, rollRule: 'statutory_only' });
    expect(steps).toContain('2026-02-28（星期六）为周末（春节调休上班日，按本规则仍视为周末），顺延');
  });

  it('month end without a matching day cites art 202', () => {
    const { steps } = addPeriod(calendar, { unit: 'month', from: '2022-08-31', length: 6 });
    expect(steps[1]).toBe(
      '2022-08-31起6个月，到期月没有对应日（31日），以月末日2023-02-28（星期二）为期间最后一日（民法典第二百零二条）',
    );
  });
});

type WdRow = [from: string, length: number, due: string, cite: string];

const WORKDAYS: WdRow[] = [
  [
    '2023-09-26',
    5,
    '2023-10-09',
    `行政处罚法 art 85 (5日 = 工作日); 10-07 (Sat) and 10-08 (Sun) 上班 count (${N2023} 六)`,
  ],
  ['2024-05-08', 5, '2024-05-14', `行政处罚法 art 85; 05-11 (Sat) 上班 counts (${N2024} 四)`],
  ['2026-02-25', 3, '2026-02-28', `行政处罚法 art 85 (3日); due on 02-28 (Sat) 上班 (${N2026} 二)`],
  [
    '2026-02-10',
    5,
    '2026-02-24',
    `信访工作条例 art 23 ¶3 (5个工作日); 02-14 (Sat) counts, 02-15..23 rest (${N2026} 二)`,
  ],
  ['2025-09-25', 7, '2025-10-11', `行政复议法 art 88 (7日); 09-28 (Sun) and 10-11 (Sat) 上班 (${N2025} 六)`],
  [
    '2024-09-27',
    10,
    '2024-10-16',
    `行政强制法 art 69 (10日以内 = 工作日); 09-29 (Sun), 10-12 (Sat) 上班 (${N2024} 七)`,
  ],
  ['2024-02-01', 5, '2024-02-07', `行政处罚法 art 85; 02-04 (Sun) 上班 counts (${N2024} 二)`],
  [
    '2024-02-06',
    5,
    '2024-02-19',
    `行政处罚法 art 85; 02-09 除夕 worked, 02-10..17 rest, 02-18 (Sun) 上班 (${N2024} 二)`,
  ],
];

describe('addPeriod: working days (make-up 调休 days count)', () => {
  it.each(WORKDAYS)('%s + %i wd → %s — %s', (from, length, due) => {
    const result = addPeriod(calendar, { unit: 'wd', from, length });
    expect(result.due).toBe(due);
    expect(workdaysBetween(calendar, from, due)).toBe(length);
  });

  it('lists the holiday run and each make-up day it counted', () => {
    const { steps } = addPeriod(calendar, { unit: 'wd', from: '2023-09-26', length: 5 });
    expect(steps).toEqual([
      '起算日2023-09-26不计入，自次日开始计算（民法典第二百零一条）',
      '2023-09-29至2023-10-06中秋节、国庆节假期，共8天，不计入工作日',
      '2023-10-07（星期六）为中秋节、国庆节调休上班日，计入工作日（第3个）',
      '2023-10-08（星期日）为中秋节、国庆节调休上班日，计入工作日（第4个）',
      '第5个工作日为2023-10-09（星期一），即期间届满日（当日二十四时届满）',
    ]);
  });
});

describe('fallback year 2027 (no notice yet): provisional results', () => {
  it('30 d over the 2027 Spring Festival lands after the provisional 补假 and says so', () => {
    // 办法 (2024 rev.) art 2: 除夕 02-05 … 初三 02-08; art 6: 补假 02-09, 02-10.
    const result = addPeriod(calendar, { unit: 'd', from: '2027-01-20', length: 20 });
    expect(result.due).toBe('2027-02-11');
    expect(result.provisional).toBe(true);
    expect(result.steps.at(-1)).toMatch(/^注意：2027年国务院办公厅放假通知尚未收录/);
    expect(result.basis.at(-1)).toContain('暂定');
  });

  it('3 wd from 2027-02-03 skips the provisional Spring Festival', () => {
    const result = addPeriod(calendar, { unit: 'wd', from: '2027-02-03', length: 3 });
    expect(result).toMatchObject({ due: '2027-02-12', provisional: true });
  });

  it('a 2026 period that only touches 2027 days is provisional too; one inside 2026 is not', () => {
    expect(addPeriod(calendar, { unit: 'd', from: '2026-12-20', length: 15 })).toMatchObject({
      due: '2027-01-04',
      provisional: true,
    });
    expect(addPeriod(calendar, { unit: 'd', from: '2026-12-01', length: 10 })).toMatchObject({
      due: '2026-12-11',
      provisional: false,
    });
  });
});

describe('local override moves a due date', () => {
  const flood = createCalendar({
    overrides: [
      { date: '2024-07-15', workday: false, reason: '防汛救灾停止对外办公' },
      { date: '2024-07-13', workday: true, reason: '防汛值守，周六上班' },
    ],
  });

  it('10 d landing on a county rest Monday rolls to Tuesday (民法典 art 203)', () => {
    expect(addPeriod(calendar, { unit: 'd', from: '2024-07-05', length: 10 }).due).toBe('2024-07-15');
    const result = addPeriod(flood, { unit: 'd', from: '2024-07-05', length: 10 });
    expect(result.due).toBe('2024-07-16');
    expect(result.steps).toContain('2024-07-15（星期一）本地调整放假（防汛救灾停止对外办公），顺延');
    expect(result.basis).toContain('本地工作日历调整（管理员设置）');
  });

  it('also under statutory_only: an override records a real closure', () => {
    const result = addPeriod(flood, { unit: 'd', from: '2024-07-05', length: 10, rollRule: 'statutory_only' });
    expect(result.due).toBe('2024-07-16');
  });

  it('working days skip the local rest day and count the local working Saturday', () => {
    expect(addPeriod(flood, { unit: 'wd', from: '2024-07-12', length: 1 }).due).toBe('2024-07-13');
    expect(addPeriod(flood, { unit: 'wd', from: '2024-07-12', length: 2 }).due).toBe('2024-07-16');
  });
});

describe('addPeriod: hours (民法典 art 201 ¶2) run from the moment and never roll', () => {
  it.each([
    ['2024-05-01T10:25:00+08:00', 1, '2024-05-01T11:25:00+08:00'],
    ['2024-09-30T23:30:00Z', 24, '2024-10-02T07:30:00+08:00'],
    ['2023-10-01T08:00:00.500+08:00', 48, '2023-10-03T08:00:00.500+08:00'],
  ])('%s + %ih → %s', (from, length, due) => {
    const result = addPeriod(calendar, { unit: 'hour', from, length });
    expect(result.due).toBe(due);
    expect(result.steps).toContain('按小时计算的期间不因节假日顺延');
  });

  it('rejects an instant without an offset (ambiguous)', () => {
    expect(() => addPeriod(calendar, { unit: 'hour', from: '2024-05-01T10:25:00', length: 1 })).toThrowError(/带时区/);
  });
});

describe('input validation', () => {
  it.each([0, -1, 1.5, Number.NaN])('rejects length %s', (length) => {
    expect(() => addPeriod(calendar, { unit: 'd', from: '2024-01-01', length })).toThrowError(/正整数/);
  });
  it('rejects an impossible start date', () => {
    expect(() => addPeriod(calendar, { unit: 'd', from: '2023-02-29', length: 1 })).toThrowError(/YYYY-MM-DD/);
  });
});

describe('workdaysBetween and daysLeft (inbox countdowns)', () => {
  it('counts working days in (a, b], negative when reversed', () => {
    // 2023-09-28 → 2023-10-09: 10-07, 10-08 (上班), 10-09 → 3 (国办发明电〔2022〕16号 六).
    expect(workdaysBetween(calendar, '2023-09-28', '2023-10-09')).toBe(3);
    expect(workdaysBetween(calendar, '2023-10-09', '2023-09-28')).toBe(-3);
    expect(workdaysBetween(calendar, '2024-02-01', '2024-02-01')).toBe(0);
  });

  it('gives working and calendar days left, and flags a breach only after the due date', () => {
    // (02-08, 02-19]: 02-09 (除夕, worked in 2024), 02-18 (Sun, 上班), 02-19 → 3 (国办发明电〔2023〕7号 二).
    expect(daysLeft(calendar, '2024-02-19', '2024-02-08')).toEqual({ days: 11, workdays: 3, breached: false });
    expect(daysLeft(calendar, '2024-02-19', '2024-02-19')).toEqual({ days: 0, workdays: 0, breached: false });
    expect(daysLeft(calendar, '2024-02-08', '2024-02-19')).toEqual({ days: -11, workdays: -3, breached: true });
    // Breached on a weekend: no working day has passed yet, but the flag is set.
    expect(daysLeft(calendar, '2024-03-01', '2024-03-02')).toEqual({ days: -1, workdays: 0, breached: true });
  });
});
