/**
 * Rest days for a year the State Council has not yet arranged (no notice in
 * ./notices.ts): weekends plus the statutory festival days of 全国年节及纪念日放假办法
 * (2024 revision, in force 2025; art 2 lists the days, art 6 requires a 补假 on a
 * working day when one falls on a weekend). The yearly 调休 cannot be predicted, so
 * every day of such a year is marked provisional and the UI flags it.
 */
import { addDays, type IsoDate, isWeekendDate } from './dates.ts';

/**
 * Lunar-calendar anchors for the fallback years. A runtime lunar converter would
 * be a new dependency (chinese-days, which has one, is a test-only devDependency
 * of this package) for four dates a year, so the dates are tabulated instead.
 * Source: generated with chinese-days 1.5.7's lunar converter (its standard
 * 1900–2100 lunar table and solar-term formula, Beijing time), and matching the
 * commonly published calendars (e.g. 2027: 春节 6 Feb, 清明 5 Apr).
 * test/calendar-data.test.ts re-derives every entry with chinese-days'
 * getSolarDateFromLunar / getSolarTermDate and fails on any difference.
 * Extend the table before its last year comes within reach of a deadline.
 */
export const LUNAR_ANCHORS: Readonly<
  Record<number, { springFestival: IsoDate; qingming: IsoDate; dragonBoat: IsoDate; midAutumn: IsoDate }>
> = {
  // springFestival = 正月初一; qingming = 清明 solar term; dragonBoat = 五月初五; midAutumn = 八月十五
  2027: { springFestival: '2027-02-06', qingming: '2027-04-05', dragonBoat: '2027-06-09', midAutumn: '2027-09-15' },
  2028: { springFestival: '2028-01-26', qingming: '2028-04-04', dragonBoat: '2028-05-28', midAutumn: '2028-10-03' },
  2029: { springFestival: '2029-02-13', qingming: '2029-04-04', dragonBoat: '2029-06-16', midAutumn: '2029-09-22' },
  2030: { springFestival: '2030-02-03', qingming: '2030-04-05', dragonBoat: '2030-06-05', midAutumn: '2030-09-12' },
  2031: { springFestival: '2031-01-23', qingming: '2031-04-05', dragonBoat: '2031-06-24', midAutumn: '2031-10-01' },
  2032: { springFestival: '2032-02-11', qingming: '2032-04-04', dragonBoat: '2032-06-12', midAutumn: '2032-09-19' },
  2033: { springFestival: '2033-01-31', qingming: '2033-04-04', dragonBoat: '2033-06-01', midAutumn: '2033-09-08' },
  2034: { springFestival: '2034-02-19', qingming: '2034-04-05', dragonBoat: '2034-06-20', midAutumn: '2034-09-27' },
  2035: { springFestival: '2035-02-08', qingming: '2035-04-05', dragonBoat: '2035-06-10', midAutumn: '2035-09-16' },
};

export const FALLBACK_SOURCE = '《全国年节及纪念日放假办法》（2024年修订）推算，国务院办公厅当年放假通知尚未收录，暂定';

export interface FallbackHoliday {
  readonly date: IsoDate;
  readonly name: string;
}

const cache = new Map<number, ReadonlyMap<IsoDate, FallbackHoliday>>();

/**
 * Statutory rest days of `year` (weekends not included), or undefined when the
 * year is outside LUNAR_ANCHORS. Memoised: the result is a pure function of the year.
 */
export function fallbackHolidays(year: number): ReadonlyMap<IsoDate, FallbackHoliday> | undefined {
  const cached = cache.get(year);
  if (cached) return cached;
  const anchors = LUNAR_ANCHORS[year];
  if (!anchors) return undefined;

  const festivals: { name: string; days: IsoDate[] }[] = [
    { name: '元旦', days: [`${year}-01-01`] },
    // 2024 revision: 农历除夕、正月初一至初三. 除夕 is always the day before 初一.
    { name: '春节', days: [-1, 0, 1, 2].map((n) => addDays(anchors.springFestival, n)) },
    { name: '清明节', days: [anchors.qingming] },
    { name: '劳动节', days: [`${year}-05-01`, `${year}-05-02`] },
    { name: '端午节', days: [anchors.dragonBoat] },
    { name: '中秋节', days: [anchors.midAutumn] },
    { name: '国庆节', days: [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`] },
  ];

  const result = new Map<IsoDate, FallbackHoliday>();
  const owed: { name: string; after: IsoDate }[] = [];
  for (const festival of festivals) {
    for (const date of festival.days) {
      const taken = result.get(date);
      // A festival day lost to a weekend or to another festival on the same date
      // (e.g. Mid-Autumn on 1 Oct) is owed a 补假 on a working day (办法 art 6).
      if (isWeekendDate(date) || taken) owed.push({ name: festival.name, after: festival.days.at(-1) ?? date });
      if (taken) result.set(date, { date, name: `${taken.name}、${festival.name}` });
      else result.set(date, { date, name: festival.name });
    }
  }
  // The notice decides where the 补假 goes; we guess the first free weekday after the festival.
  for (const { name, after } of owed) {
    let day = addDays(after, 1);
    while (isWeekendDate(day) || result.has(day)) day = addDays(day, 1);
    result.set(day, { date: day, name: `${name}（补假）` });
  }
  cache.set(year, result);
  return result;
}
