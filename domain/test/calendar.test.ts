/** Day classification: notices, fallback years, local overrides. */
import { describe, expect, it } from 'vitest';
import { addDays } from '../src/calendar/dates.ts';
import { CALENDAR_COVERAGE, createCalendar, type DayKind } from '../src/calendar/index.ts';
import { isAppError } from '../src/errors.ts';

const N2023 = '国办发明电〔2022〕16号';
const N2024 = '国办发明电〔2023〕7号';
const N2025 = '国办发明电〔2024〕12号';
const N2026 = '国务院办公厅关于2026年部分节假日安排的通知';
const BANFA = '全国年节及纪念日放假办法（2024年修订）';

type Row = [date: string, kind: DayKind, workday: boolean, name: string | undefined, cite: string];

const OFFICIAL: Row[] = [
  ['2022-12-31', 'weekend', false, '元旦', `${N2023} 一：2022年12月31日至2023年1月2日放假调休`],
  ['2023-01-02', 'holiday', false, '元旦', `${N2023} 一 (补假 for Sunday 1 Jan)`],
  ['2023-01-27', 'swap_rest', false, '春节', `${N2023} 二：1月21日至27日放假调休`],
  ['2023-01-28', 'swap_work', true, '春节', `${N2023} 二：1月28日（星期六）上班`],
  ['2023-01-29', 'swap_work', true, '春节', `${N2023} 二：1月29日（星期日）上班`],
  ['2023-04-05', 'holiday', false, '清明节', `${N2023} 三：4月5日放假，共1天`],
  ['2023-04-23', 'swap_work', true, '劳动节', `${N2023} 四：4月23日（星期日）上班`],
  ['2023-06-23', 'swap_rest', false, '端午节', `${N2023} 五：6月22日至24日放假调休`],
  ['2023-06-25', 'swap_work', true, '端午节', `${N2023} 五：6月25日（星期日）上班`],
  ['2023-09-29', 'holiday', false, '中秋节、国庆节', `${N2023} 六：9月29日至10月6日放假调休 (中秋)`],
  ['2023-10-06', 'swap_rest', false, '中秋节、国庆节', `${N2023} 六`],
  ['2023-10-07', 'swap_work', true, '中秋节、国庆节', `${N2023} 六：10月7日（星期六）上班`],
  ['2023-10-08', 'swap_work', true, '中秋节、国庆节', `${N2023} 六：10月8日（星期日）上班`],
  ['2023-10-09', 'weekday', true, undefined, `${N2023}: first ordinary day after the break`],
  ['2024-02-04', 'swap_work', true, '春节', `${N2024} 二：2月4日（星期日）上班`],
  ['2024-02-09', 'weekday', true, undefined, `${N2024} 二：除夕 only "鼓励"安排休息, not a holiday`],
  ['2024-02-17', 'weekend', false, '春节', `${N2024} 二：2月10日至17日放假调休`],
  ['2024-02-18', 'swap_work', true, '春节', `${N2024} 二：2月18日（星期日）上班`],
  ['2024-04-07', 'swap_work', true, '清明节', `${N2024} 三：4月7日（星期日）上班`],
  ['2024-05-11', 'swap_work', true, '劳动节', `${N2024} 四：5月11日（星期六）上班`],
  ['2024-09-14', 'swap_work', true, '中秋节', `${N2024} 六：9月14日（星期六）上班`],
  ['2024-10-12', 'swap_work', true, '国庆节', `${N2024} 七：10月12日（星期六）上班`],
  ['2025-01-26', 'swap_work', true, '春节', `${N2025} 二：1月26日（周日）上班`],
  ['2025-01-28', 'holiday', false, '春节', `${N2025} 二：除夕起放假 (办法 2024 rev.)`],
  ['2025-02-08', 'swap_work', true, '春节', `${N2025} 二：2月8日（周六）上班`],
  ['2025-05-02', 'holiday', false, '劳动节', `${N2025} 四 (1–2 May statutory since 2025)`],
  ['2025-05-05', 'swap_rest', false, '劳动节', `${N2025} 四：5月1日至5日放假调休`],
  ['2025-09-28', 'swap_work', true, '国庆节、中秋节', `${N2025} 六：9月28日（周日）上班`],
  ['2025-10-06', 'holiday', false, '国庆节、中秋节', `${N2025} 六 (中秋 on 6 Oct)`],
  ['2025-10-08', 'swap_rest', false, '国庆节、中秋节', `${N2025} 六：10月1日至8日放假调休`],
  ['2025-10-11', 'swap_work', true, '国庆节、中秋节', `${N2025} 六：10月11日（周六）上班`],
  ['2026-01-02', 'swap_rest', false, '元旦', `${N2026} 一：1月1日至3日放假调休`],
  ['2026-01-04', 'swap_work', true, '元旦', `${N2026} 一：1月4日（周日）上班`],
  ['2026-02-14', 'swap_work', true, '春节', `${N2026} 二：2月14日（周六）上班`],
  ['2026-02-15', 'weekend', false, '春节', `${N2026} 二：2月15日（腊月二十八、周日）起放假`],
  ['2026-02-16', 'holiday', false, '春节', `${N2026} 二 (除夕)`],
  ['2026-02-23', 'swap_rest', false, '春节', `${N2026} 二：至23日（正月初七、周一）`],
  ['2026-02-24', 'weekday', true, undefined, `${N2026} 二: back to work`],
  ['2026-02-28', 'swap_work', true, '春节', `${N2026} 二：2月28日（周六）上班`],
  ['2026-05-09', 'swap_work', true, '劳动节', `${N2026} 四：5月9日（周六）上班`],
  ['2026-06-19', 'holiday', false, '端午节', `${N2026} 五：6月19日至21日放假`],
  ['2026-09-20', 'swap_work', true, '国庆节', `${N2026} 七：9月20日（周日）上班`],
  ['2026-10-07', 'swap_rest', false, '国庆节', `${N2026} 七：10月1日至7日放假调休`],
  ['2026-10-10', 'swap_work', true, '国庆节', `${N2026} 七：10月10日（周六）上班`],
];

describe('dayInfo: State Council notices 2023–2026', () => {
  const calendar = createCalendar();
  it.each(OFFICIAL)('%s is %s (workday=%s) — %s / %s', (date, kind, workday, name) => {
    const info = calendar.dayInfo(date);
    expect(info).toMatchObject({ date, kind, workday, provisional: false });
    expect(info.name).toBe(name);
    expect(calendar.isWorkday(date)).toBe(workday);
    if (kind !== 'weekday') expect(info.source).toMatch(/^《国务院办公厅关于20\d\d年部分节假日安排的通知》/);
  });
});

const FALLBACK: Row[] = [
  ['2027-01-01', 'holiday', false, '元旦', `${BANFA} 第二条`],
  ['2027-02-05', 'holiday', false, '春节', `${BANFA} 第二条：春节（农历除夕、正月初一至初三）`],
  ['2027-02-06', 'holiday', false, '春节', `${BANFA} 第二条 (初一 falls on a Saturday)`],
  ['2027-02-08', 'holiday', false, '春节', `${BANFA} 第二条 (初三)`],
  ['2027-02-09', 'holiday', false, '春节（补假）', `${BANFA} 第六条：适逢周六、周日，应当在工作日补假`],
  ['2027-02-11', 'weekday', true, undefined, 'ordinary weekday'],
  ['2027-04-05', 'holiday', false, '清明节', `${BANFA} 第二条 (清明 solar term)`],
  ['2027-05-03', 'holiday', false, '劳动节（补假）', `${BANFA} 第六条 (1–2 May fall on Sat/Sun)`],
  ['2027-06-09', 'holiday', false, '端午节', `${BANFA} 第二条`],
  ['2027-09-15', 'holiday', false, '中秋节', `${BANFA} 第二条`],
  ['2027-10-04', 'holiday', false, '国庆节（补假）', `${BANFA} 第六条 (2–3 Oct fall on Sat/Sun)`],
  ['2027-10-09', 'weekend', false, undefined, 'ordinary Saturday: no 调休 is guessed'],
  ['2031-10-01', 'holiday', false, '中秋节、国庆节', `${BANFA} 第二条 (两节同日)`],
  ['2031-10-06', 'holiday', false, '国庆节（补假）', `${BANFA} 第六条 (one day owed for the double festival)`],
];

describe('dayInfo: years without a notice fall back to the 办法, marked provisional', () => {
  const calendar = createCalendar();
  it.each(FALLBACK)('%s is %s (workday=%s) — %s / %s', (date, kind, workday, name) => {
    const info = calendar.dayInfo(date);
    expect(info).toMatchObject({ date, kind, workday, provisional: true });
    expect(info.name).toBe(name);
    expect(info.source).toContain('全国年节及纪念日放假办法');
  });

  it('2027 has exactly the 13 statutory days plus the 补假 they are owed', () => {
    const holidays: string[] = [];
    for (let date = '2027-01-01'; date <= '2027-12-31'; date = addDays(date, 1)) {
      if (calendar.dayInfo(date).kind === 'holiday') holidays.push(date);
    }
    // 2027: 元旦 Fri; 春节 Fri–Mon (2 on the weekend); 劳动节 Sat–Sun (2); 国庆 Fri–Sun (2).
    expect(holidays).toHaveLength(13 + 6);
  });

  it('reports its coverage and refuses dates outside it', () => {
    expect(CALENDAR_COVERAGE).toMatchObject({ firstYear: 2020, lastYear: 2035 });
    expect(CALENDAR_COVERAGE.officialYears).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const date of ['2019-12-31', '2036-01-01']) {
      expect(() => calendar.dayInfo(date)).toThrowError(/工作日历仅覆盖2020年至2035年/);
    }
  });
});

describe('local overrides (admin-declared, stored by the server and passed in)', () => {
  const calendar = createCalendar({
    overrides: [
      { date: '2024-07-15', workday: false, reason: '防汛救灾，县政府通知停止对外办公' },
      { date: '2023-10-07', workday: false, reason: '本县调整休息' },
      { date: '2027-02-09', workday: true, reason: '按2027年放假通知，2月9日上班' },
    ],
  });

  it('turns an ordinary Monday into a local rest day', () => {
    expect(createCalendar().isWorkday('2024-07-15')).toBe(true);
    expect(calendar.dayInfo('2024-07-15')).toEqual({
      date: '2024-07-15',
      workday: false,
      kind: 'local_rest',
      name: '防汛救灾，县政府通知停止对外办公',
      provisional: false,
      source: '本地工作日历调整',
    });
  });

  it('wins over a notice make-up day (国办发明电〔2022〕16号 10月7日上班)', () => {
    expect(calendar.dayInfo('2023-10-07')).toMatchObject({ workday: false, kind: 'local_rest' });
  });

  it('lets an admin enter next year’s notice before a deploy; the day is then no longer provisional', () => {
    expect(calendar.dayInfo('2027-02-09')).toMatchObject({ workday: true, kind: 'local_work', provisional: false });
  });

  it('rejects malformed and duplicate rows with field paths', () => {
    const attempt = (overrides: Parameters<typeof createCalendar>[0]) => {
      try {
        createCalendar(overrides);
        return undefined;
      } catch (e) {
        return isAppError(e) ? e : undefined;
      }
    };
    const bad = attempt({ overrides: [{ date: '2023-02-29', workday: false, reason: ' ' }] });
    expect(bad?.code).toBe('VALIDATION');
    expect(bad?.fields?.map((f) => f.path)).toEqual(['overrides.0.date', 'overrides.0.reason']);
    const dup = attempt({
      overrides: [
        { date: '2024-07-15', workday: false, reason: 'a' },
        { date: '2024-07-15', workday: true, reason: 'b' },
      ],
    });
    expect(dup?.fields).toEqual([{ path: 'overrides.1.date', message: '2024-07-15重复设置' }]);
  });

  it('rejects an invalid date query', () => {
    expect(() => calendar.isWorkday('2024-7-1')).toThrowError(/YYYY-MM-DD/);
  });
});
