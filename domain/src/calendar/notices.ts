/**
 * Official working-day arrangements published each year by the State Council
 * General Office (国务院办公厅关于XXXX年部分节假日安排的通知), as plain data.
 *
 * Each block copies one item of a notice: `rest` is the inclusive range the
 * notice declares "放假" / "放假调休", `work` the weekend days it declares
 * "上班". Within `rest`, every date falls in exactly one kind:
 * - listed in `holidays` → 'holiday': a statutory day of 全国年节及纪念日放假办法
 *   (2013 revision for 2020–2024, 2024 revision from 2025), plus the 补假 weekday
 *   owed under the 办法 (art 6 of the 2024 revision) when a statutory day falls on
 *   a weekend or two festivals coincide. The notices do not say which weekday is the
 *   补假; we take the first free weekday after the festival days. That choice only
 *   matters for the 'statutory_only' roll rule, never for whether a day is worked.
 * - Saturday/Sunday → 'weekend' (carries the block name);
 * - any other weekday → 'swap_rest' (调休: traded for one of the `work` days).
 * Every block therefore has as many swap_rest weekdays as `work` days; a test
 * checks that, and checks `holidays` against the 办法 and the lunar calendar.
 *
 * Add the next year here each November when the notice appears; until then the
 * year falls back to ./fallback.ts and its days are marked provisional, and
 * admins can enter the notice as local overrides without a deploy.
 */
import { addDays, type IsoDate, isWeekendDate } from './dates.ts';

export interface HolidayBlock {
  /** Festival name as printed in the notice, e.g. '中秋节、国庆节'. */
  readonly name: string;
  /** Inclusive [first, last] rest day declared by the notice. */
  readonly rest: readonly [IsoDate, IsoDate];
  /** Statutory festival days and their 补假 inside `rest`. */
  readonly holidays: readonly IsoDate[];
  /** Make-up working days (调休上班日), always a Saturday or Sunday. */
  readonly work: readonly IsoDate[];
}

export interface HolidayNotice {
  /** The calendar year the notice arranges. */
  readonly year: number;
  readonly title: string;
  /** Document number (发文字号), only where we have confirmed it. */
  readonly ref?: string;
  readonly issued: IsoDate;
  readonly blocks: readonly HolidayBlock[];
}

/** In publication order: a later notice (an amendment) overrides an earlier one date by date. */
export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  {
    year: 2020,
    title: '国务院办公厅关于2020年部分节假日安排的通知',
    ref: '国办发明电〔2019〕16号',
    issued: '2019-11-21',
    blocks: [
      { name: '元旦', rest: ['2020-01-01', '2020-01-01'], holidays: ['2020-01-01'], work: [] },
      {
        name: '春节',
        rest: ['2020-01-24', '2020-01-30'],
        holidays: ['2020-01-25', '2020-01-26', '2020-01-27', '2020-01-28', '2020-01-29'],
        // 2020-02-01 was later cancelled by the extension notice below.
        work: ['2020-01-19', '2020-02-01'],
      },
      { name: '清明节', rest: ['2020-04-04', '2020-04-06'], holidays: ['2020-04-04', '2020-04-06'], work: [] },
      {
        name: '劳动节',
        rest: ['2020-05-01', '2020-05-05'],
        holidays: ['2020-05-01'],
        work: ['2020-04-26', '2020-05-09'],
      },
      { name: '端午节', rest: ['2020-06-25', '2020-06-27'], holidays: ['2020-06-25'], work: ['2020-06-28'] },
      {
        // Mid-Autumn fell on 1 Oct: two festivals on one day, so one more 补假.
        name: '国庆节、中秋节',
        rest: ['2020-10-01', '2020-10-08'],
        holidays: ['2020-10-01', '2020-10-02', '2020-10-03', '2020-10-05', '2020-10-06'],
        work: ['2020-09-27', '2020-10-10'],
      },
    ],
  },
  {
    // COVID-19: Spring Festival extended to Sun 2 Feb; Sat 1 Feb is no longer a working day.
    // A State Council rest decision, not a swap, so the extra weekday counts as 'holiday'.
    year: 2020,
    title: '国务院办公厅关于延长2020年春节假期的通知',
    ref: '国办发明电〔2020〕1号',
    issued: '2020-01-26',
    blocks: [{ name: '春节（延长假期）', rest: ['2020-01-31', '2020-02-02'], holidays: ['2020-01-31'], work: [] }],
  },
  {
    year: 2021,
    title: '国务院办公厅关于2021年部分节假日安排的通知',
    ref: '国办发明电〔2020〕27号',
    issued: '2020-11-25',
    blocks: [
      { name: '元旦', rest: ['2021-01-01', '2021-01-03'], holidays: ['2021-01-01'], work: [] },
      {
        name: '春节',
        rest: ['2021-02-11', '2021-02-17'],
        holidays: ['2021-02-12', '2021-02-13', '2021-02-14', '2021-02-15', '2021-02-16'],
        work: ['2021-02-07', '2021-02-20'],
      },
      { name: '清明节', rest: ['2021-04-03', '2021-04-05'], holidays: ['2021-04-04', '2021-04-05'], work: [] },
      {
        name: '劳动节',
        rest: ['2021-05-01', '2021-05-05'],
        holidays: ['2021-05-01', '2021-05-03'],
        work: ['2021-04-25', '2021-05-08'],
      },
      { name: '端午节', rest: ['2021-06-12', '2021-06-14'], holidays: ['2021-06-14'], work: [] },
      { name: '中秋节', rest: ['2021-09-19', '2021-09-21'], holidays: ['2021-09-21'], work: ['2021-09-18'] },
      {
        name: '国庆节',
        rest: ['2021-10-01', '2021-10-07'],
        holidays: ['2021-10-01', '2021-10-02', '2021-10-03', '2021-10-04', '2021-10-05'],
        work: ['2021-09-26', '2021-10-09'],
      },
    ],
  },
  {
    year: 2022,
    title: '国务院办公厅关于2022年部分节假日安排的通知',
    ref: '国办发明电〔2021〕11号',
    issued: '2021-10-25',
    blocks: [
      { name: '元旦', rest: ['2022-01-01', '2022-01-03'], holidays: ['2022-01-01', '2022-01-03'], work: [] },
      {
        name: '春节',
        rest: ['2022-01-31', '2022-02-06'],
        holidays: ['2022-02-01', '2022-02-02', '2022-02-03'],
        work: ['2022-01-29', '2022-01-30'],
      },
      { name: '清明节', rest: ['2022-04-03', '2022-04-05'], holidays: ['2022-04-05'], work: ['2022-04-02'] },
      {
        name: '劳动节',
        rest: ['2022-04-30', '2022-05-04'],
        holidays: ['2022-05-01', '2022-05-02'],
        work: ['2022-04-24', '2022-05-07'],
      },
      { name: '端午节', rest: ['2022-06-03', '2022-06-05'], holidays: ['2022-06-03'], work: [] },
      { name: '中秋节', rest: ['2022-09-10', '2022-09-12'], holidays: ['2022-09-10', '2022-09-12'], work: [] },
      {
        name: '国庆节',
        rest: ['2022-10-01', '2022-10-07'],
        holidays: ['2022-10-01', '2022-10-02', '2022-10-03', '2022-10-04', '2022-10-05'],
        work: ['2022-10-08', '2022-10-09'],
      },
    ],
  },
  {
    year: 2023,
    title: '国务院办公厅关于2023年部分节假日安排的通知',
    ref: '国办发明电〔2022〕16号',
    issued: '2022-12-08',
    blocks: [
      { name: '元旦', rest: ['2022-12-31', '2023-01-02'], holidays: ['2023-01-01', '2023-01-02'], work: [] },
      {
        name: '春节',
        rest: ['2023-01-21', '2023-01-27'],
        holidays: ['2023-01-22', '2023-01-23', '2023-01-24', '2023-01-25'],
        work: ['2023-01-28', '2023-01-29'],
      },
      { name: '清明节', rest: ['2023-04-05', '2023-04-05'], holidays: ['2023-04-05'], work: [] },
      {
        name: '劳动节',
        rest: ['2023-04-29', '2023-05-03'],
        holidays: ['2023-05-01'],
        work: ['2023-04-23', '2023-05-06'],
      },
      { name: '端午节', rest: ['2023-06-22', '2023-06-24'], holidays: ['2023-06-22'], work: ['2023-06-25'] },
      {
        name: '中秋节、国庆节',
        rest: ['2023-09-29', '2023-10-06'],
        holidays: ['2023-09-29', '2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04'],
        work: ['2023-10-07', '2023-10-08'],
      },
    ],
  },
  {
    year: 2024,
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    ref: '国办发明电〔2023〕7号',
    issued: '2023-10-25',
    blocks: [
      // "1月1日放假，与周末连休": only 1 Jan is declared; 30–31 Dec are plain weekend days.
      { name: '元旦', rest: ['2024-01-01', '2024-01-01'], holidays: ['2024-01-01'], work: [] },
      {
        // 除夕 (9 Feb) is not a holiday under the 2013 办法; the notice only encourages leave.
        name: '春节',
        rest: ['2024-02-10', '2024-02-17'],
        holidays: ['2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13', '2024-02-14'],
        work: ['2024-02-04', '2024-02-18'],
      },
      { name: '清明节', rest: ['2024-04-04', '2024-04-06'], holidays: ['2024-04-04'], work: ['2024-04-07'] },
      {
        name: '劳动节',
        rest: ['2024-05-01', '2024-05-05'],
        holidays: ['2024-05-01'],
        work: ['2024-04-28', '2024-05-11'],
      },
      { name: '端午节', rest: ['2024-06-10', '2024-06-10'], holidays: ['2024-06-10'], work: [] },
      { name: '中秋节', rest: ['2024-09-15', '2024-09-17'], holidays: ['2024-09-17'], work: ['2024-09-14'] },
      {
        name: '国庆节',
        rest: ['2024-10-01', '2024-10-07'],
        holidays: ['2024-10-01', '2024-10-02', '2024-10-03'],
        work: ['2024-09-29', '2024-10-12'],
      },
    ],
  },
  {
    // First year under the 2024 revision of the 办法 (13 days: 除夕 and 2 May added).
    year: 2025,
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    ref: '国办发明电〔2024〕12号',
    issued: '2024-11-12',
    blocks: [
      { name: '元旦', rest: ['2025-01-01', '2025-01-01'], holidays: ['2025-01-01'], work: [] },
      {
        name: '春节',
        rest: ['2025-01-28', '2025-02-04'],
        holidays: ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'],
        work: ['2025-01-26', '2025-02-08'],
      },
      { name: '清明节', rest: ['2025-04-04', '2025-04-06'], holidays: ['2025-04-04'], work: [] },
      {
        name: '劳动节',
        rest: ['2025-05-01', '2025-05-05'],
        holidays: ['2025-05-01', '2025-05-02'],
        work: ['2025-04-27'],
      },
      { name: '端午节', rest: ['2025-05-31', '2025-06-02'], holidays: ['2025-05-31', '2025-06-02'], work: [] },
      {
        name: '国庆节、中秋节',
        rest: ['2025-10-01', '2025-10-08'],
        holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06'],
        work: ['2025-09-28', '2025-10-11'],
      },
    ],
  },
  {
    // One secondary copy gives 国办发明电〔2025〕7号; not confirmed, so cited by title only.
    year: 2026,
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    issued: '2025-11-04',
    blocks: [
      { name: '元旦', rest: ['2026-01-01', '2026-01-03'], holidays: ['2026-01-01'], work: ['2026-01-04'] },
      {
        name: '春节',
        rest: ['2026-02-15', '2026-02-23'],
        holidays: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'],
        work: ['2026-02-14', '2026-02-28'],
      },
      { name: '清明节', rest: ['2026-04-04', '2026-04-06'], holidays: ['2026-04-05', '2026-04-06'], work: [] },
      {
        name: '劳动节',
        rest: ['2026-05-01', '2026-05-05'],
        holidays: ['2026-05-01', '2026-05-02', '2026-05-04'],
        work: ['2026-05-09'],
      },
      { name: '端午节', rest: ['2026-06-19', '2026-06-21'], holidays: ['2026-06-19'], work: [] },
      { name: '中秋节', rest: ['2026-09-25', '2026-09-27'], holidays: ['2026-09-25'], work: [] },
      {
        name: '国庆节',
        rest: ['2026-10-01', '2026-10-07'],
        holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-05'],
        work: ['2026-09-20', '2026-10-10'],
      },
    ],
  },
];

/** Human citation of a notice for DayInfo.source and the step texts. */
export function noticeSource(notice: HolidayNotice): string {
  return notice.ref ? `《${notice.title}》（${notice.ref}）` : `《${notice.title}》`;
}

export type NoticeDayKind = 'holiday' | 'weekend' | 'swap_rest' | 'swap_work';

/** One day a notice speaks about, tagged with its kind and festival name. */
export interface NoticeDay {
  readonly date: IsoDate;
  readonly kind: NoticeDayKind;
  readonly name: string;
  readonly source: string;
}

/** Expands a notice's blocks into per-day entries (see the kind rules at the top of this file). */
export function noticeDays(notice: HolidayNotice): NoticeDay[] {
  const source = noticeSource(notice);
  const days: NoticeDay[] = [];
  for (const block of notice.blocks) {
    const [first, last] = block.rest;
    for (let date = first; date <= last; date = addDays(date, 1)) {
      const kind = block.holidays.includes(date) ? 'holiday' : isWeekendDate(date) ? 'weekend' : 'swap_rest';
      days.push({ date, kind, name: block.name, source });
    }
    for (const date of block.work) days.push({ date, kind: 'swap_work', name: block.name, source });
  }
  return days;
}
