/**
 * 现场检查记录 (安全生产法 art 68) over HTTP: recording an inspection from the phone with its
 * photos and hazards, replayed by its clientId, the officers' certificates, the principal's
 * refusal, the photos' EXIF, the village's scope and the record's document. The hazards are
 * the product's `hazard` cases (domain/src/cases/hazard.ts).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../src/modules.ts';
import { seedSafety } from './fixtures/safety/seed.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let seed: Awaited<ReturnType<typeof seedSafety>>;
const PHOTO = fs.readFileSync(new URL('./fixtures/safety/photo-exif.jpg', import.meta.url));

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  seed = await seedSafety(h.db.database.db);
  for (const who of ['anjian', 'cun01', 'cun02', 'leader', 'tiaojie']) s[who] = await login(h.app, who, 'Demo@2026');
}, 60_000);
afterAll(() => h?.close());

const req = (who: string) => as(h.app, s[who]!);

function upload(who: string, name: string, data: Buffer, query = '') {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return h.app.inject({
    method: 'POST',
    url: `/api/safety/photos${query}`,
    payload,
    headers: {
      cookie: s[who]!.cookie,
      'x-csrf-token': s[who]!.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
}

const body = (over: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  unitId: seed.unitId,
  kind: 'comprehensive',
  inspectedOn: '2026-03-02',
  place: '生产车间',
  results: [
    { code: 'A1', text: '安全出口畅通', basis: '安全生产法第四十二条', result: 'ok' },
    { code: 'A2', text: '消防器材完好', basis: '消防法第十六条', result: 'problem', note: '灭火器过期' },
  ],
  findings: '车间灭火器过期两具。',
  actionTaken: '责令当场更换。',
  officerIds: seed.officers,
  principalSigned: true,
  ...over,
});

describe('photos', () => {
  it('stores an image and reads its EXIF time (Beijing time) and GPS', async () => {
    const res = await upload('anjian', '现场.jpg', PHOTO);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      mime: 'image/jpeg',
      takenAt: '2026-03-05T01:41:27.000Z',
      latitude: 30.51,
      longitude: 120.75,
    });
    const file = await req('anjian')('GET', `/api/safety/photos/${res.json().id}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('image/jpeg');
    expect(file.rawPayload.equals(PHOTO)).toBe(true);
  });

  it("prefers the file's own EXIF, and takes the phone's reading when the file has none", async () => {
    const hinted = await upload(
      'anjian',
      'a.jpg',
      PHOTO,
      '?takenAt=2026-03-01T08:00:00%2B08:00&latitude=31&longitude=121',
    );
    expect(hinted.json()).toMatchObject({ takenAt: '2026-03-05T01:41:27.000Z', latitude: 30.51 });
    // The same image with its APP1 (EXIF) segment cut out, as a canvas re-encode leaves it.
    const len = PHOTO.readUInt16BE(4);
    const stripped = Buffer.concat([PHOTO.subarray(0, 2), PHOTO.subarray(4 + len)]);
    const bare = await upload(
      'anjian',
      'b.jpg',
      stripped,
      '?takenAt=2026-03-01T08:00:00%2B08:00&latitude=31&longitude=121',
    );
    expect(bare.statusCode, bare.body).toBe(200);
    expect(bare.json()).toMatchObject({ takenAt: '2026-03-01T00:00:00.000Z', latitude: 31, longitude: 121 });
  });

  it('refuses what is not an image with a 422 naming 照片', async () => {
    const res = await upload('anjian', '现场.jpg', Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toContain('照片');
  });

  it('lets only 安监办 upload', async () => {
    expect((await upload('leader', 'x.jpg', PHOTO)).statusCode).toBe(403);
  });
});

describe('recording an inspection', () => {
  it('records it with a photo and a hazard, which becomes a hazard case with the photo attached', async () => {
    const photo = (await upload('anjian', '灭火器.jpg', PHOTO)).json();
    const b = body({
      photoIds: [Number(photo.id)],
      hazards: [
        {
          description: '灭火器过期',
          location: '生产车间东侧',
          level: 'general',
          basis: '消防法第十六条',
          measure: '更换灭火器',
          rectifyDeadline: '2026-03-12',
          responsiblePerson: '李主任',
          photoIds: [Number(photo.id)],
        },
      ],
    });
    const res = await req('anjian')('POST', '/api/safety/inspections', b);
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d).toMatchObject({
      unitName: '湾头五金厂',
      inspectedOn: '2026-03-02',
      problems: 1,
      hazards: 1,
      officerNames: ['安监员甲', '安监员乙'],
    });
    expect(d.photos).toHaveLength(1);
    expect(d.hazardCases).toHaveLength(1);
    expect(d.hazardCases[0].number).toMatch(/隐患〔2026〕\d+号$/);
    expect(d.hazardCases[0].photoIds).toEqual([photo.id]);
    const c = await req('anjian')('GET', `/api/cases/${d.hazardCases[0].id}`);
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().fields).toMatchObject({
      unitId: seed.unitId,
      inspectionId: Number(d.id),
      source: 'inspection',
      foundOn: '2026-03-02',
      level: 'general',
      rectifyDeadline: '2026-03-12',
    });
    expect(c.json().attachments).toHaveLength(1);

    // The phone resends after a dead zone: the same record, no second hazard case.
    const again = await req('anjian')('POST', '/api/safety/inspections', b);
    expect(again.statusCode).toBe(200);
    expect(again.headers['x-fazhi-replay']).toBe('1');
    expect(again.json().id).toBe(d.id);
    const db = h.db.database.db;
    const n = await db
      .selectFrom('safety_inspections')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('client_id', '=', b.clientId as string)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
    const cases = await db
      .selectFrom('cases')
      .select('id')
      .where('type', '=', 'hazard')
      .where('title', 'like', '%灭火器过期%')
      .execute();
    expect(cases).toHaveLength(1);

    const list = await req('anjian')('GET', '/api/safety/inspections?month=2026-03&kind=comprehensive');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(d.id);
    expect((await req('anjian')('GET', '/api/safety/inspections?month=2026-04')).json().items).toEqual([]);
  });

  it('needs two officers certified for 安全生产 on the day (422 naming 检查人员)', async () => {
    const one = await req('anjian')('POST', '/api/safety/inspections', body({ officerIds: [seed.officers[0]] }));
    expect(one.statusCode).toBe(422);
    expect(one.json().error.message).toContain('检查人员');
    const same = await req('anjian')(
      'POST',
      '/api/safety/inspections',
      body({ officerIds: [seed.officers[0], seed.officers[0]] }),
    );
    expect(same.statusCode).toBe(422);
    const planning = await req('anjian')(
      'POST',
      '/api/safety/inspections',
      body({ officerIds: [seed.officers[0], seed.planningOfficer] }),
    );
    expect(planning.statusCode).toBe(422);
    expect(planning.json().error.message).toContain('规划执法员');
  });

  it('requires the refusal noted when the principal does not sign (安全生产法第六十八条第二款)', async () => {
    const res = await req('anjian')('POST', '/api/safety/inspections', body({ principalSigned: false }));
    expect([400, 422]).toContain(res.statusCode);
    expect(res.json().error.message).toContain('拒签');
    const ok = await req('anjian')(
      'POST',
      '/api/safety/inspections',
      body({ principalSigned: false, refusalNote: '负责人以不在场为由拒绝签字' }),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().refusalNote).toBe('负责人以不在场为由拒绝签字');
  });

  it('refuses a date in the future and a year 0000', async () => {
    const future = await req('anjian')('POST', '/api/safety/inspections', body({ inspectedOn: '2026-03-03' }));
    expect(future.statusCode).toBe(422);
    expect(future.json().error.message).toContain('检查日期');
    const zero = await req('anjian')('POST', '/api/safety/inspections', body({ inspectedOn: '0000-03-01' }));
    expect(zero.statusCode).toBe(400);
  });

  it("offers the form the units in the writer's scope", async () => {
    const res = await req('anjian')('GET', '/api/safety/inspection-options');
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .units.map((u: { name: string }) => u.name)
        .sort(),
    ).toEqual(['桥东木业', '湾头五金厂'].sort());
    expect(res.json().today).toBe('2026-03-02');
  });

  it('is recorded by 安监办 only', async () => {
    const res = await req('leader')('POST', '/api/safety/inspections', body());
    expect(res.statusCode).toBe(403);
  });
});

describe('who reads', () => {
  let id = '';
  beforeAll(async () => {
    const res = await req('anjian')('POST', '/api/safety/inspections', body({ unitId: seed.otherVillageUnitId }));
    expect(res.statusCode, res.body).toBe(200);
    id = res.json().id;
  });

  it("shows a village officer their own village's units only", async () => {
    expect((await req('cun02')('GET', `/api/safety/inspections/${id}`)).statusCode).toBe(200);
    expect((await req('cun01')('GET', `/api/safety/inspections/${id}`)).statusCode).toBe(404);
    const own = (await req('cun01')('GET', '/api/safety/inspections')).json();
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((i: { unitName: string }) => i.unitName === '湾头五金厂')).toBe(true);
    expect(own.canWrite).toBe(false);
    expect((await req('tiaojie')('GET', '/api/safety/inspections')).statusCode).toBe(403);
  });

  it('renders the 现场检查记录 as a .docx with the record in it', async () => {
    const res = await req('leader')('GET', `/api/safety/inspections/${id}/record.docx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    for (const want of [
      '安全生产现场检查记录',
      '桥东木业',
      '安监员甲（执法证号 AJ-001）',
      '消防器材完好',
      '存在问题',
    ]) {
      expect(text).toContain(want);
    }
  });
});
