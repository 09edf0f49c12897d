/**
 * The figures of 复议 and 诉讼 (modules/enforcement/facts/challenges.ts) against a hand-counted
 * fixture: counted by received date in the year, in the town only; 纠错率, 败诉率 and 出庭率 over
 * their denominators; the drill-down lists exactly the counted challenges the reader may see;
 * the hand-entered keys are now computed (the penalties' figures: penalty-facts.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../src/cases/access.ts';
import { challengesFacts } from '../src/modules/enforcement/facts/challenges.ts';
import { MODULES } from '../src/modules.ts';
import { rulingModule } from './fixtures/ruling.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

const CHALLENGE_KEYS = new Set(challengesFacts.facts.map((f) => f.key));

let h: Harness;
const s: Record<string, Session> = {};

type Row = { kind: 'reconsideration' | 'litigation'; on: string; result?: string; head?: boolean; town?: number };

beforeAll(async () => {
  h = await harness({}, { modules: [...MODULES, rulingModule], demo: true });
  const db = h.db.database.db;
  for (const u of ['zhifa', 'leader', 'cun01']) s[u] = await login(h.app, u, 'Demo@2026');
  const unit = async (name: string) =>
    db.selectFrom('org_units').select(['id']).where('name', '=', name).executeTakeFirstOrThrow();
  const newCase = async (village: string, title: string) => {
    const res = await as(h.app, s.zhifa!)('POST', '/api/cases', {
      type: 'ruling',
      title,
      unitId: String((await unit(village)).id),
      fields: { foundOn: '2025-01-10' },
    });
    expect(res.statusCode, res.body).toBe(200);
    return Number(res.json().id);
  };
  const a = await newCase('湾头村村民委员会', '甲案');
  const b = await newCase('桥东村村民委员会', '乙案');
  const town = (await db.selectFrom('cases').select('town_id').where('id', '=', a).executeTakeFirstOrThrow()).town_id;
  const otherTown = (await unit('青石镇')).id;
  const user = (await db.selectFrom('users').select('id').where('username', '=', 'zhifa').executeTakeFirstOrThrow()).id;
  // Written straight to the table: the API refuses a receipt before the decision or after today.
  const put = async (caseId: number, rows: Row[]) => {
    for (const r of rows) {
      await db
        .insertInto('case_challenges')
        .values({
          town_id: r.town ?? town,
          case_id: caseId,
          kind: r.kind,
          received_on: r.on,
          body: r.kind === 'litigation' ? '县人民法院' : '县人民政府',
          body_case_no: null,
          result: (r.result ?? null) as never,
          closed_on: r.result ? r.on.replace(/-01$/, '-28') : null,
          head_appeared: r.head ?? null,
          note: null,
          created_by: user,
          created_at: new Date(),
          updated_at: new Date(),
        })
        .execute();
    }
  };
  await put(a, [
    { kind: 'reconsideration', on: '2025-02-01', result: 'upheld' },
    { kind: 'reconsideration', on: '2025-03-01', result: 'revoked' },
    { kind: 'reconsideration', on: '2025-04-01' },
    { kind: 'litigation', on: '2025-05-01', result: 'revoked', head: true },
    { kind: 'litigation', on: '2025-06-01', result: 'dismissed', head: false },
    // Other years and another town: not counted.
    { kind: 'reconsideration', on: '2024-12-31', result: 'upheld' },
    { kind: 'litigation', on: '2026-01-01', result: 'revoked', head: true },
    { kind: 'reconsideration', on: '2025-05-05', result: 'revoked', town: otherTown },
  ]);
  await put(b, [
    { kind: 'reconsideration', on: '2025-07-01', result: 'changed' },
    // Withdrawn before any hearing: closed, not lost, not heard.
    { kind: 'litigation', on: '2025-08-01', result: 'withdrawn' },
    { kind: 'litigation', on: '2025-09-01' },
    { kind: 'litigation', on: '2025-10-01', result: 'unlawful', head: true },
  ]);
}, 300_000);

afterAll(() => h.close());

const req = (who: string) => as(h.app, s[who]!);

describe('复议 and 诉讼 figures', () => {
  it('counts them by received date in the year, as counted by hand', async () => {
    const r = await req('leader')('GET', '/api/facts?year=2025');
    expect(r.statusCode, r.body).toBe(200);
    const groups = r.json().modules.filter((m: { module: string }) => m.module === 'enforcement');
    // One group for the module's figures (the penalties' too: penalty-facts.test.ts).
    expect(groups).toHaveLength(1);
    const values = Object.fromEntries(
      groups[0].facts
        .filter((f: { key: string }) => CHALLENGE_KEYS.has(f.key))
        .map((f: { key: string; value: number | null; origin: string }) => [f.key, [f.value, f.origin]]),
    );
    expect(values).toEqual({
      'enforcement.reconsiderations': [4, 'computed'],
      'enforcement.reconsiderations_closed': [3, 'computed'],
      'enforcement.reconsiderations_corrected': [2, 'computed'],
      'enforcement.reconsideration_correction_rate': [66.7, 'computed'],
      'enforcement.litigations': [5, 'computed'],
      'enforcement.litigations_closed': [4, 'computed'],
      'enforcement.litigations_lost': [2, 'computed'],
      'enforcement.litigation_loss_rate': [50, 'computed'],
      'enforcement.litigations_heard': [3, 'computed'],
      'enforcement.head_appearances': [2, 'computed'],
      'enforcement.head_appearance_rate': [66.7, 'computed'],
    });
  });

  it('drills down to exactly the counted challenges, within the reader’s scope', async () => {
    const drill = async (who: string, key: string) => {
      const r = await req(who)('GET', `/api/facts/${key}/records?year=2025`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { total: number; records: { date: string; state: string; deciding?: string; href: string }[] };
    };
    const rec = await drill('leader', 'enforcement.reconsiderations');
    expect(rec.total).toBe(4);
    expect(rec.records.map((x) => [x.date, x.state])).toEqual([
      ['2025-02-01', '维持'],
      ['2025-03-01', '撤销'],
      ['2025-04-01', '审理中'],
      ['2025-07-01', '变更'],
    ]);
    const rate = await drill('leader', 'enforcement.litigation_loss_rate');
    expect(rate.records.map((x) => x.deciding)).toEqual(['撤销', '驳回', '撤回（撤诉）', '确认违法']);
    const heard = await drill('leader', 'enforcement.head_appearance_rate');
    expect(heard.records.map((x) => x.deciding)).toEqual(['出庭', '未出庭', '出庭']);
    // 湾头村's cadre (no dashboard of their own: asked through the service) sees 湾头村's case only.
    const db = h.db.database.db;
    const token = s.cun01!.cookie.match(/fazhi_sid=([^;]+)/)![1]!;
    const ctx = await h.app.services.auth.authenticate(token, h.clock.now(), true);
    const access = await caseAccess(db, ctx, h.app.services.registry);
    const town = (
      await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow()
    ).id;
    const q = { townId: town, year: 2025, now: h.clock.now(), limit: 50, offset: 0 };
    const village = await h.app.services.facts.records(db, access, { ...q, key: 'enforcement.reconsiderations' });
    expect(village.records.map((x) => x.date)).toEqual(['2025-02-01', '2025-03-01', '2025-04-01']);
    expect((await h.app.services.facts.records(db, access, { ...q, key: 'enforcement.litigations_lost' })).total).toBe(
      1,
    );
  });
});
