/**
 * The holiday data itself: internal consistency of the notices, agreement with
 * 全国年节及纪念日放假办法, and a day-by-day cross-check against chinese-days
 * (a devDependency used only here). Where the two disagree, the notice wins and
 * the disagreement is listed below, so a new one fails the test.
 */
import cd from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { addDays, type IsoDate, isWeekendDate } from '../src/calendar/dates.ts';
import { createCalendar, HOLIDAY_NOTICES, LUNAR_ANCHORS, noticeDays } from '../src/calendar/index.ts';

function* eachDay(first: IsoDate, last: IsoDate): Generator<IsoDate> {
  for (let d = first; d <= last; d = addDays(d, 1)) yield d;
}

/** Statutory days of one festival under the 办法 in force that year, from chinese-days' lunar converter. */
function statutoryDays(year: number, festival: string): IsoDate[] {
  const newYear = cd.getSolarDateFromLunar(`${year}-01-01`).date;
  // 2013 revision (2014–2024): 春节 = 初一–初三, 劳动节 = 1 May. 2024 revision (2025–): 除夕–初三, 1–2 May.
  const revised2024 = year >= 2025;
  switch (festival) {
    case '元旦':
      return [`${year}-01-01`];
    case '春节':
      return (revised2024 ? [-1, 0, 1, 2] : [0, 1, 2]).map((n) => addDays(newYear, n));
    case '清明节':
      return [cd.getSolarTermDate(year, 4, 'pure_brightness')];
    case '劳动节':
      return revised2024 ? [`${year}-05-01`, `${year}-05-02`] : [`${year}-05-01`];
    case '端午节':
      return [cd.getSolarDateFromLunar(`${year}-05-05`).date];
    case '中秋节':
      return [cd.getSolarDateFromLunar(`${year}-08-15`).date];
    case '国庆节':
      return [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`];
    default:
      throw new Error(`unknown festival ${festival}`);
  }
}

const blocks = HOLIDAY_NOTICES.flatMap((notice) => notice.blocks.map((block) => ({ notice, block })));

describe('State Council notices 2020–2026 (plain data)', () => {
  it('covers every year 2020–2026', () => {
    expect([...new Set(HOLIDAY_NOTICES.map((n) => n.year))]).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
  });

  it.each(blocks.map(({ notice, block }) => [`${notice.year} ${block.name}`, notice, block] as const))(
    '%s: make-up days are weekends outside the rest range; one swap_rest weekday per make-up day',
    (_label, notice, block) => {
      const [first, last] = block.rest;
      expect(first <= last).toBe(true);
      for (const w of block.work) {
        expect(isWeekendDate(w), w).toBe(true);
        expect(w < first || w > last, w).toBe(true);
      }
      for (const h of block.holidays) expect(h >= first && h <= last, h).toBe(true);
      const days = noticeDays({ ...notice, blocks: [block] });
      const swapRest = days.filter((d) => d.kind === 'swap_rest').length;
      // 调休 trades weekdays for weekend days one for one.
      expect(swapRest).toBe(block.work.length);
    },
  );

  // The 2020 extension (国办发明电〔2020〕1号) is a one-off State Council decision, not a 办法 festival.
  const festivalBlocks = blocks.filter(({ block }) => !block.name.includes('延长'));

  it.each(festivalBlocks.map(({ notice, block }) => [`${notice.year} ${block.name}`, notice.year, block] as const))(
    '%s: holidays = statutory days of the 办法 + one 补假 per day lost to a weekend or a coinciding festival',
    (_label, year, block) => {
      const statutory = block.name.split('、').flatMap((f) => statutoryDays(year, f));
      const unique = [...new Set(statutory)];
      const owed = statutory.filter(isWeekendDate).length + (statutory.length - unique.length);
      for (const d of unique) expect(block.holidays, `${d} is statutory`).toContain(d);
      expect(block.holidays).toHaveLength(unique.length + owed);
    },
  );

  it('2020: the extension notice overrides the original make-up Saturday 2020-02-01', () => {
    const c = createCalendar();
    expect(c.dayInfo('2020-02-01')).toMatchObject({ workday: false, kind: 'weekend', name: '春节（延长假期）' });
    expect(c.dayInfo('2020-01-31').source).toContain('国办发明电〔2020〕1号');
    expect(c.dayInfo('2020-01-19')).toMatchObject({ workday: true, kind: 'swap_work' });
  });
});

describe('cross-check against chinese-days 1.5.7', () => {
  const calendar = createCalendar();

  it('agrees on every working day 2020-01-01 … 2026-12-31 (no disagreement found)', () => {
    const disagreements: string[] = [];
    for (const d of eachDay('2020-01-01', '2026-12-31')) {
      if (calendar.isWorkday(d) !== cd.isWorkday(d)) disagreements.push(d);
    }
    // Checked 2020–2026 day by day: the library matches every notice, including the
    // 2020 Spring Festival extension. Any entry appearing here must be resolved in
    // favour of the notice and documented in this test.
    expect(disagreements).toEqual([]);
  });

  it('documents where it labels a different weekday as 调休 (isInLieu) than we do', () => {
    const differ: string[] = [];
    for (const d of eachDay('2020-01-01', '2026-12-31')) {
      if ((calendar.dayInfo(d).kind === 'swap_rest') !== cd.isInLieu(d)) differ.push(d);
    }
    // None of these changes whether a day is worked; they only matter for the
    // 'statutory_only' roll rule. The notices do not say which weekdays of a block
    // are 补假 and which are 调休, so both sides pick. Where the 办法 does decide,
    // we follow it: before 2025 除夕 was not a statutory day (2013 revision: 初一–初三),
    // so it is 调休 for us, and chinese-days' 调休 on 2022-02-03 (正月初三) contradicts it.
    // Ours: 补假 on the first weekdays right after the festival days.
    expect(differ).toEqual([
      '2020-01-24', // 除夕: ours 调休 (not statutory before 2025), theirs holiday
      '2020-01-29', // ours 补假 (holiday), theirs 调休
      '2020-01-30', // ours 调休, theirs holiday
      '2021-02-11', // 除夕: ours 调休 (not statutory before 2025), theirs holiday
      '2021-02-16', // ours 补假 (holiday), theirs 调休
      '2022-01-31', // 除夕: ours 调休, theirs holiday
      '2022-02-03', // 初三, statutory: ours holiday, theirs 调休 (contradicts the 办法)
    ]);
  });

  it('has no 2027 data: it treats 2027 春节 (6–8 Feb) as ordinary days, our fallback as provisional holidays', () => {
    expect(cd.isWorkday('2027-02-08')).toBe(true);
    expect(calendar.dayInfo('2027-02-08')).toMatchObject({ workday: false, kind: 'holiday', provisional: true });
  });

  it.each(Object.entries(LUNAR_ANCHORS).map(([y, a]) => [Number(y), a] as const))(
    'fallback lunar anchors for %i match its lunar converter',
    (year, anchors) => {
      expect(anchors).toEqual({
        springFestival: cd.getSolarDateFromLunar(`${year}-01-01`).date,
        qingming: cd.getSolarTermDate(year, 4, 'pure_brightness'),
        dragonBoat: cd.getSolarDateFromLunar(`${year}-05-05`).date,
        midAutumn: cd.getSolarDateFromLunar(`${year}-08-15`).date,
      });
    },
  );
});
