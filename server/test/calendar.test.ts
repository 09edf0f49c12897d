import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
let clerk: Session;
let office: Session;
beforeAll(async () => {
  h = await harness({}, { demo: true });
  clerk = await login(h.app, 'xinfang', 'Demo@2026');
  office = await login(h.app, 'fazhiban', 'Demo@2026');
});
afterAll(() => h.close());

describe('deadline calculator', () => {
  it('15 days from 2023-09-20 end on the make-up Saturday 2023-10-07 (民法典 arts 201, 203; 国办发明电〔2022〕16号)', async () => {
    const res = await as(h.app, clerk)('GET', '/api/calendar/deadline?from=2023-09-20&length=15&unit=d');
    expect(res.statusCode).toBe(200);
    expect(res.json().due).toBe('2023-10-07');
    expect(res.json().steps.join('\n')).toContain('顺延');
  });

  it('refuses an impossible date with a Chinese message naming the field', async () => {
    const res = await as(h.app, clerk)('GET', '/api/calendar/deadline?from=2023-02-30&length=15&unit=d');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('起算日期');
  });

  it('a local day off declared by the 法治办 moves a due date, and removing it moves it back', async () => {
    // 2026-03-02 (Mon) + 5 wd = 2026-03-09 (Mon); declaring 2026-03-04 a rest day pushes it to 03-10.
    const before = await as(h.app, clerk)('GET', '/api/calendar/deadline?from=2026-03-02&length=5&unit=wd');
    expect(before.json().due).toBe('2026-03-09');
    const add = await as(h.app, office)('POST', '/api/calendar/overrides', {
      date: '2026-03-04',
      workday: false,
      reason: '县政府决定停止办公',
    });
    expect(add.statusCode).toBe(201);
    const dup = await as(h.app, office)('POST', '/api/calendar/overrides', {
      date: '2026-03-04',
      workday: false,
      reason: '重复',
    });
    expect(dup.statusCode).toBe(409);
    h.app.services.calendars.invalidate();
    const after = await as(h.app, clerk)('GET', '/api/calendar/deadline?from=2026-03-02&length=5&unit=wd');
    expect(after.json().due).toBe('2026-03-10');
    expect((await as(h.app, office)('DELETE', `/api/calendar/overrides/${add.json().id}`)).statusCode).toBe(204);
    const back = await as(h.app, clerk)('GET', '/api/calendar/deadline?from=2026-03-02&length=5&unit=wd');
    expect(back.json().due).toBe('2026-03-09');
  });
});
