/**
 * The first start (issue 13, "First start and the demo"): the server listens while it writes
 * the demo's casework; meanwhile /api/health says how far it got and every other /api route
 * answers 503 with a Chinese message, so nobody signs in to half a demo; then it serves as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLine } from '../src/http/log-streams.ts';
import { StartupState } from '../src/platform/startup.ts';
import { type Harness, harness } from './helpers.ts';

let h: Harness;
const startup = new StartupState();

beforeAll(async () => {
  h = await harness({}, { demo: true, startup });
});
afterAll(() => h.close());

describe('while the demo is being written', () => {
  it('/api/health reports the progress and the step under way', async () => {
    startup.begin('准备演示数据');
    startup.report(0.374, '模拟矛盾纠纷调解的一年');
    const res = await h.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().starting).toEqual({ percent: 37, phase: '模拟矛盾纠纷调解的一年' });
  });

  it('progress never goes backwards and never reads 100 % before the end', () => {
    startup.report(0.2);
    expect(startup.progress?.percent).toBe(37);
    startup.report(1);
    expect(startup.progress?.percent).toBe(99);
  });

  it('refuses sign-in and every other API call with 503 STARTING, in Chinese', async () => {
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'Demo@2026' },
    });
    expect(login.statusCode).toBe(503);
    expect(login.json().error.code).toBe('STARTING');
    expect(login.json().error.message).toMatch(/正在首次启动.*99%.*请稍候/);
    expect((await h.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(503);
  });

  it('serves as usual once done', async () => {
    startup.done();
    expect((await h.app.inject({ method: 'GET', url: '/api/health' })).json().starting).toBeNull();
    expect((await h.app.inject({ method: 'GET', url: '/api/me' })).statusCode).toBe(401);
    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'leader', password: 'Demo@2026' },
    });
    expect(login.statusCode).toBe(200);
  });
});

describe('the console', () => {
  it('shows a warning as one readable line, not JSON', () => {
    const line = consoleLine(
      JSON.stringify({ level: 40, time: Date.parse('2026-12-07T06:30:05Z'), msg: '备份未加密', pid: 1 }),
    );
    expect(line).toBe('14:30:05 警告 备份未加密');
  });

  it('adds the error message of a failure', () => {
    const line = consoleLine(
      JSON.stringify({ level: 50, time: 0, msg: 'deadline sweep failed', err: { message: '连接中断' } }),
    );
    expect(line).toMatch(/错误 deadline sweep failed：连接中断$/);
  });
});
