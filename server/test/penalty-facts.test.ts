/**
 * The penalties' figures (modules/enforcement/facts/penalties.ts) against a hand-counted
 * fixture: penalty cases written straight to the table with the fields the actions record
 * (the API refuses back-dated steps), in 湾头桥镇 for 2025, with cases of 2024 and 2026 and of
 * 青石镇 that must not be counted. "Today" is 2026-01-05, so one 2025 decision is still inside
 * its 7 working days of 公示 and the certificates are looked at on 2025-12-31.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../src/cases/access.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let town = 0;
let otherTown = 0;

type Fields = Record<string, unknown>;

const ordinary = (filedOn: string, more: Fields = {}): Fields => ({ procedure: 'ordinary', filedOn, ...more });
const summary = (decidedOn: string, kinds: string[], fineAmount?: number): Fields => ({
  procedure: 'summary',
  decidedOn,
  penaltyKinds: kinds,
  ...(fineAmount ? { fineAmount } : {}),
});
const passed = (reviewedOn: string) => ({
  reviewerId: 1,
  reviewerName: '审核员',
  firstTime: false,
  result: 'passed',
  opinion: '同意',
  reviewedOn,
});

beforeAll(async () => {
  h = await harness({}, { demo: true });
  h.clock.current = new Date('2026-01-05T09:00:00+08:00');
  const db = h.db.database.db;
  for (const u of ['zhifa', 'leader', 'cun01']) s[u] = await login(h.app, u, 'Demo@2026');
  const unitOf = async (name: string) =>
    db.selectFrom('org_units').select(['id', 'path']).where('name', '=', name).executeTakeFirstOrThrow();
  const t = await unitOf('湾头桥镇');
  const o = await unitOf('青石镇');
  town = t.id;
  otherTown = o.id;
  const by = (await db.selectFrom('users').select('id').where('username', '=', 'zhifa').executeTakeFirstOrThrow()).id;
  const now = h.clock.now();
  let seq = 0;
  const put = async (
    fields: Fields,
    opts: { state?: string; unit?: { id: number; path: string }; av?: { mime: string; on: string } } = {},
  ) => {
    const unit = opts.unit ?? t;
    seq += 1;
    const c = await db
      .insertInto('cases')
      .values({
        town_id: unit === o ? o.id : t.id,
        type: 'penalty',
        number: `测罚〔2025〕${seq}号`,
        year: 2025,
        seq,
        title: `处罚案件${seq}`,
        state: opts.state ?? 'closed',
        unit_id: unit.id,
        unit_path: unit.path,
        created_by: by,
        fields: JSON.stringify({ field: 'planning', violation: '违法建设', foundOn: '2024-10-01', ...fields }),
        actor_roles: [],
        created_at: now,
        updated_at: now,
        search_vec: '',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (opts.av) {
      await db
        .insertInto('attachments')
        .values({
          town_id: unit === o ? o.id : t.id,
          case_id: c.id,
          name: 'rec',
          size: 1,
          mime: opts.av.mime,
          sha256: 'x',
          storage_key: `k${seq}`,
          uploaded_by: by,
          uploaded_at: new Date(`${opts.av.on}T10:00:00+08:00`),
        })
        .execute();
    }
  };

  // A town rest day (the town's own calendar, as the case's clock uses): O1's 公示 due date moves
  // from 2025-03-31 to 2025-04-01, so publishing on 04-01 is in time.
  await db
    .insertInto('calendar_overrides')
    .values({ town_id: t.id, day: '2025-03-24', workday: false, reason: '测试：本镇调休' })
    .execute();

  // O1: heard, reviewed (art 58 ground), warning + fine 1000, published in time, recorded before the decision.
  await put(
    ordinary('2025-02-10', {
      decidedOn: '2025-03-20',
      penaltyKinds: ['warning', 'fine'],
      fineAmount: 1000,
      hearingRequested: true,
      hearing: { notifiedOn: '2025-02-20', hearingOn: '2025-03-10', place: '镇政府', host: '某', heldOn: '2025-03-10' },
      legalReviewGround: 'complex',
      legalReview: passed('2025-03-18'),
      publicity: 'public',
      publishedOn: '2025-04-01',
    }),
    { av: { mime: 'audio/mpeg', on: '2025-03-01' } },
  );
  // O2: fine 5000, published late (due 2025-05-15); the video was uploaded after the decision.
  await put(
    ordinary('2025-04-01', {
      decidedOn: '2025-05-06',
      penaltyKinds: ['fine'],
      fineAmount: 5000,
      legalReviewGround: 'none',
      publicity: 'public',
      publishedOn: '2025-05-20',
    }),
    { av: { mime: 'video/mp4', on: '2025-05-10' } },
  );
  // O3: confiscation, reviewed; decided 2025-12-29, still inside its 公示 period on 2026-01-05.
  await put(
    ordinary('2025-06-02', {
      decidedOn: '2025-12-29',
      penaltyKinds: ['confiscation'],
      legalReviewGround: 'law_requires',
      legalReview: passed('2025-12-26'),
      publicity: 'public',
    }),
    { state: 'decided', av: { mime: 'image/jpeg', on: '2025-06-03' } },
  );
  // O4: filed in 2024, decided in 2025 (suspension), its hearing in 2024; not public.
  await put(
    ordinary('2024-11-20', {
      decidedOn: '2025-01-15',
      penaltyKinds: ['suspension'],
      hearing: { notifiedOn: '2024-12-01', hearingOn: '2024-12-20', place: '镇政府', host: '某', heldOn: '2024-12-20' },
      legalReviewGround: 'none',
      publicity: 'none',
    }),
  );
  // O5: filed, still investigating; a failed review is not a passed one.
  await put(ordinary('2025-07-01', { legalReview: { ...passed('2025-08-01'), result: 'failed' } }), {
    state: 'notified',
  });
  // O6: filed, 不予处罚 (no penalty decision).
  await put(
    ordinary('2025-08-01', { noPenalty: { ground: 'first_minor', reasons: '初次违法', decidedOn: '2025-09-01' } }),
    { state: 'no_penalty' },
  );
  // O7: fine 2000, public, revoked before its 公示 due date (2025-04-21) and so never published; recorded.
  await put(
    ordinary('2025-03-01', {
      decidedOn: '2025-04-10',
      penaltyKinds: ['fine'],
      fineAmount: 2000,
      publicity: 'public',
      revokedOn: '2025-04-15',
    }),
    { av: { mime: 'audio/wav', on: '2025-04-01' } },
  );
  // Summary decisions.
  await put(summary('2025-05-12', ['fine'], 200), { state: 'performed' });
  await put(summary('2025-06-13', ['warning']), { state: 'closed' });
  // Not counted: other years, another town.
  await put(summary('2024-12-31', ['warning']));
  await put(ordinary('2026-01-02'), { state: 'investigating' });
  await put(
    ordinary('2025-03-01', {
      decidedOn: '2025-04-01',
      penaltyKinds: ['fine'],
      fineAmount: 9999,
      legalReviewGround: 'complex',
      legalReview: passed('2025-03-30'),
      hearing: { notifiedOn: '2025-03-01', hearingOn: '2025-03-20', place: '青石', host: '某', heldOn: '2025-03-20' },
      publicity: 'public',
      publishedOn: '2025-04-02',
    }),
    { unit: o, av: { mime: 'audio/mpeg', on: '2025-03-05' } },
  );
  await put(summary('2025-05-05', ['warning']), { unit: o });
  // Filed and decided in 2024, its review passed two days after the decision (an old record: the
  // engine refuses such a decision): 2024's one decision made without the review art 58 requires.
  await put(
    ordinary('2024-03-01', {
      decidedOn: '2024-05-10',
      penaltyKinds: ['warning'],
      legalReviewGround: 'complex',
      legalReview: passed('2024-05-12'),
      publicity: 'none',
    }),
  );

  const officer = (townId: number, name: string, validFrom: string | null, validUntil: string, active = true) =>
    db
      .insertInto('enforcement_officers')
      .values({
        town_id: townId,
        name,
        cert_no: `ZF-${name}`,
        cert_issuer: '县人民政府',
        cert_fields: ['planning'],
        valid_from: validFrom,
        valid_until: validUntil,
        active,
        created_by: by,
        created_at: now,
        updated_at: now,
      })
      .execute();
  await officer(t.id, '甲', '2024-01-01', '2027-12-31');
  await officer(t.id, '乙', null, '2025-12-31');
  await officer(t.id, '丙', null, '2025-12-30'); // expired the day before
  await officer(t.id, '丁', '2026-01-01', '2030-12-31'); // not yet valid
  await officer(t.id, '戊', null, '2099-12-31', false); // deactivated
  await officer(o.id, '己', null, '2099-12-31'); // another town
}, 300_000);

afterAll(() => h.close());

const req = (who: string) => as(h.app, s[who]!);

describe('行政处罚 figures', () => {
  it('counts 立案, decisions, kinds, fines, hearings and reviews in the year and the town, as counted by hand', async () => {
    const r = await req('leader')('GET', '/api/facts?year=2025');
    expect(r.statusCode, r.body).toBe(200);
    const groups = r.json().modules.filter((m: { module: string }) => m.module === 'enforcement');
    expect(groups).toHaveLength(1);
    const values = Object.fromEntries(
      groups[0].facts.map((f: { key: string; value: number | null; origin: string }) => [f.key, f.value]),
    );
    const origins = new Set(groups[0].facts.map((f: { origin: string }) => f.origin));
    expect([...origins]).toEqual(['computed']);
    expect(values).toMatchObject({
      'enforcement.cases': 8,
      'enforcement.cases_ordinary': 6,
      'enforcement.cases_summary': 2,
      'enforcement.penalties': 7,
      'enforcement.penalties_warning': 2,
      'enforcement.penalties_criticism': 0,
      'enforcement.penalties_fine': 4,
      'enforcement.penalties_confiscation': 1,
      'enforcement.penalties_suspension': 1,
      'enforcement.penalties_revocation': 0,
      'enforcement.penalties_other': 0,
      'enforcement.fines_total': 8200,
      'enforcement.hearings': 1,
      'enforcement.legal_reviews': 2,
      'enforcement.officers_certified': 2,
    });
  });

  it('legal-review coverage is the share of art 58 decisions reviewed and passed before the decision (行政处罚法第五十八条)', async () => {
    const r = await req('leader')('GET', '/api/facts?year=2025');
    const v = Object.fromEntries(
      r
        .json()
        .modules.find((m: { module: string }) => m.module === 'enforcement')
        .facts.map((f: { key: string; value: number | null }) => [f.key, f.value]),
    );
    expect([
      v['enforcement.legal_review_required'],
      v['enforcement.legal_review_required_passed'],
      v['enforcement.legal_review_coverage'],
    ]).toEqual([2, 2, 100]);
    expect(v['enforcement.legal_review_missing']).toBe(0);
    const y2024 = await req('leader')('GET', '/api/facts?year=2024');
    const missing = y2024
      .json()
      .modules.find((m: { module: string }) => m.module === 'enforcement')
      .facts.find((f: { key: string }) => f.key === 'enforcement.legal_review_missing');
    expect(missing.value).toBe(1);
    const drilled = await req('leader')('GET', '/api/facts/enforcement.legal_review_missing/records?year=2024');
    expect(drilled.json().records.map((x: { date: string; deciding: string }) => [x.date, x.deciding])).toEqual([
      ['2024-05-10', '2024-05-12'],
    ]);
  });

  it('publication within 7 working days on the town calendar, unexpired and revoked ones left out (行政处罚法第四十八条、第八十五条)', async () => {
    const r = await req('leader')('GET', '/api/facts?year=2025');
    const v = Object.fromEntries(
      r
        .json()
        .modules.find((m: { module: string }) => m.module === 'enforcement')
        .facts.map((f: { key: string; value: number | null }) => [f.key, f.value]),
    );
    expect([
      v['enforcement.publications_due'],
      v['enforcement.published_on_time'],
      v['enforcement.publication_on_time'],
    ]).toEqual([2, 1, 50]);
    // The one published after its 7 working days: the dashboard's 需要关注 shows it in red.
    expect(v['enforcement.published_late']).toBe(1);
    const late = await req('leader')('GET', '/api/facts/enforcement.published_late/records?year=2025');
    expect(late.json().records.map((x: { date: string; deciding: string }) => [x.date, x.deciding])).toEqual([
      ['2025-05-06', '2025-05-20'],
    ]);
  });

  it('recording coverage counts ordinary decisions whose file had audio or video by the decision day (行政处罚法第四十七条)', async () => {
    const r = await req('leader')('GET', '/api/facts?year=2025');
    const v = Object.fromEntries(
      r
        .json()
        .modules.find((m: { module: string }) => m.module === 'enforcement')
        .facts.map((f: { key: string; value: number | null }) => [f.key, f.value]),
    );
    expect([v['enforcement.ordinary_decided'], v['enforcement.recorded'], v['enforcement.recording_coverage']]).toEqual(
      [5, 2, 40],
    );
  });

  it('counts the other town by its own records', async () => {
    const values = await h.app.services.facts.values(h.db.database.db, {
      townIds: [otherTown],
      year: 2025,
      now: h.clock.now(),
    });
    const v = values.get(otherTown)!;
    expect(v['enforcement.cases']!.value).toBe(2);
    expect(v['enforcement.fines_total']!.value).toBe(9999);
    expect(v['enforcement.officers_certified']!.value).toBe(1);
    expect(v['enforcement.recording_coverage']!.value).toBe(100);
  });

  it('drills down to exactly the counted records, within the reader’s scope', async () => {
    const drill = async (who: string, key: string) => {
      const r = await req(who)('GET', `/api/facts/${key}/records?year=2025`);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as { total: number; records: { date: string; deciding?: string; title: string }[] };
    };
    const cases = await drill('leader', 'enforcement.cases');
    expect(cases.total).toBe(8);
    expect(cases.records.map((x) => x.date)).toEqual([
      '2025-02-10',
      '2025-03-01',
      '2025-04-01',
      '2025-05-12',
      '2025-06-02',
      '2025-06-13',
      '2025-07-01',
      '2025-08-01',
    ]);
    const fines = await drill('leader', 'enforcement.fines_total');
    expect(fines.records.map((x) => [x.date, x.deciding])).toEqual([
      ['2025-03-20', '1000'],
      ['2025-04-10', '2000'],
      ['2025-05-06', '5000'],
      ['2025-05-12', '200'],
    ]);
    const pub = await drill('leader', 'enforcement.publication_on_time');
    expect(pub.records.map((x) => [x.date, x.deciding])).toEqual([
      ['2025-03-20', '2025-04-01'],
      ['2025-05-06', '2025-05-20'],
    ]);
    expect((await drill('leader', 'enforcement.published_on_time')).total).toBe(1);
    const rec = await drill('leader', 'enforcement.recording_coverage');
    // By decision date: O4, O1, O7, O2 (uploaded after its decision), O3 (a photo is no recording).
    expect(rec.records.map((x) => x.deciding)).toEqual(['无', '有', '有', '无', '无']);
    const cov = await drill('leader', 'enforcement.legal_review_coverage');
    expect(cov.records.map((x) => [x.date, x.deciding])).toEqual([
      ['2025-03-20', '2025-03-18'],
      ['2025-12-29', '2025-12-26'],
    ]);
    const officers = await drill('leader', 'enforcement.officers_certified');
    expect(officers.records.map((x) => x.title).sort()).toEqual(['乙（县人民政府）', '甲（县人民政府）']);
    // A village cadre reads no penalty case and not the register: the figures' records stay hidden.
    const db = h.db.database.db;
    const token = s.cun01!.cookie.match(/fazhi_sid=([^;]+)/)![1]!;
    const ctx = await h.app.services.auth.authenticate(token, h.clock.now(), true);
    const access = await caseAccess(db, ctx, h.app.services.registry);
    const q = { townId: town, year: 2025, now: h.clock.now(), limit: 50, offset: 0 };
    expect((await h.app.services.facts.records(db, access, { ...q, key: 'enforcement.penalties' })).total).toBe(0);
    expect(
      (await h.app.services.facts.records(db, access, { ...q, key: 'enforcement.officers_certified' })).total,
    ).toBe(0);
  });
});
