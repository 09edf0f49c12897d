/**
 * The register of production and business units (安全生产法 arts 9, 62): create and update with
 * their 409s (stale version, a credit code already registered), deactivate and reactivate, the
 * Excel import's row-by-row errors and duplicates, who reads what (a 村居干部: their own
 * village's units only), phones in full only for the 安监办, and the unit's overview with its
 * hazards, the penalties linked to them and the art 113 closure flag.
 */
import { usccCheckChar } from '@fazhi/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { town: 0, village1: 0, village2: 0 };

/** A valid 统一社会信用代码 from a 6-character serial. */
const code = (serial: string) => {
  const first = `913301005${serial.padStart(8, '0')}`.slice(0, 17);
  return first + usccCheckChar(first);
};

const unitBody = (over: Record<string, unknown> = {}) => ({
  name: '湾头桥五金厂',
  creditCode: code('A1'),
  villageId: String(ids.village1),
  address: '湾头村工业区8号',
  industry: 'industry_trade',
  size: 'small',
  riskClass: 'key',
  principalName: '张建国',
  principalPhone: '13800001234',
  safetyOfficerName: '李安全',
  safetyOfficerPhone: '0571-88886666',
  licences: [
    { name: '营业执照', no: 'YY-1', validUntil: '2030-12-31' },
    // The clock is 2026-03-02: within 30 days.
    { name: '危险化学品经营许可证', no: 'WH-1', validUntil: '2026-03-20' },
  ],
  ...over,
});

beforeAll(async () => {
  h = await harness({}, { demo: true });
  for (const u of ['anjian', 'leader', 'county', 'cun01', 'cun02', 'xinfang', 'sysadmin']) {
    s[u] = await login(h.app, u, 'Demo@2026');
  }
  const db = h.db.database.db;
  const unit = async (name: string) =>
    (await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  ids.town = await unit('湾头桥镇');
  ids.village1 = await unit('湾头村村民委员会');
  ids.village2 = await unit('桥东村村民委员会');
});
afterAll(() => h?.close());

describe('create and update', () => {
  let id = '';
  it('registers a unit and shows the 安监办 the full phones, flagging the licence ending within 30 days', async () => {
    const res = await as(h.app, s.anjian!)('POST', '/api/safety/units', unitBody());
    expect(res.statusCode).toBe(200);
    const u = res.json();
    id = u.id;
    expect(u).toMatchObject({
      name: '湾头桥五金厂',
      villageName: '湾头村村民委员会',
      principalPhone: '13800001234',
      safetyOfficerPhone: '057188886666',
      phonesMasked: false,
      licenceStatus: 'expiring',
      version: 1,
      active: true,
    });
    expect(u.licences.map((l: { status: string }) => l.status)).toEqual(['valid', 'expiring']);
    // Stored encrypted beside the masked copy, never in clear.
    const row = await h.db.database.db
      .selectFrom('safety_units')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.principal_phone_enc).not.toContain('13800001234');
    expect(row.principal_phone_masked).toBe('138****1234');
    const audit = await h.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'target'])
      .where('action', '=', 'safety.unit.create')
      .execute();
    expect(audit).toContainEqual({ action: 'safety.unit.create', target: `safety-unit:${id}` });
  });

  it('refuses the same credit code twice in the town (409 naming 统一社会信用代码)', async () => {
    const res = await as(h.app, s.anjian!)(
      'POST',
      '/api/safety/units',
      unitBody({ name: '另一家', creditCode: code('A1').toLowerCase() }),
    );
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toContain('统一社会信用代码');
    expect(res.json().error.fields[0].path).toBe('creditCode');
  });

  it('refuses a bad credit code, phone or village with the field named', async () => {
    const z = as(h.app, s.anjian!);
    const bad = await z('POST', '/api/safety/units', unitBody({ creditCode: `${code('A9').slice(0, 17)}I` }));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('统一社会信用代码');
    const phone = await z('POST', '/api/safety/units', unitBody({ creditCode: code('A8'), principalPhone: '123' }));
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.message).toContain('主要负责人电话');
    const nul = await z('POST', '/api/safety/units', unitBody({ creditCode: code('A8'), name: 'a\u0000b' }));
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toContain('单位名称');
    const db = h.db.database.db;
    const otherVillage = (
      await db.selectFrom('org_units').select('id').where('name', '=', '青石村村民委员会').executeTakeFirstOrThrow()
    ).id;
    const v = await z(
      'POST',
      '/api/safety/units',
      unitBody({ creditCode: code('A8'), villageId: String(otherVillage) }),
    );
    expect(v.statusCode).toBe(422);
    expect(v.json().error.message).toContain('所在村（社区）');
  });

  it('updates with the version read, and answers 409 to a stale one', async () => {
    const z = as(h.app, s.anjian!);
    const ok = await z('PUT', `/api/safety/units/${id}`, { riskClass: 'general', principalPhone: '', version: 1 });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ riskClass: 'general', principalPhone: null, version: 2 });
    const stale = await z('PUT', `/api/safety/units/${id}`, { name: '改名', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    // Changing the code to another unit's is the same 409 as creating it.
    const other = (await z('POST', '/api/safety/units', unitBody({ name: '乙厂', creditCode: code('B1') }))).json();
    const dup = await z('PUT', `/api/safety/units/${other.id}`, { creditCode: code('A1'), version: 1 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.message).toContain('统一社会信用代码');
  });

  it('deactivates and reactivates, leaving the unit out of the default list meanwhile', async () => {
    const z = as(h.app, s.anjian!);
    const off = await z('POST', `/api/safety/units/${id}/deactivate`, { version: 2 });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false, version: 3 });
    const again = await z('POST', `/api/safety/units/${id}/deactivate`, { version: 3 });
    expect(again.statusCode).toBe(409);
    const list = (await z('GET', '/api/safety/units')).json();
    expect(list.items.map((u: { id: string }) => u.id)).not.toContain(id);
    const all = (await z('GET', '/api/safety/units?status=all')).json();
    expect(all.items.map((u: { id: string }) => u.id)).toContain(id);
    const on = await z('POST', `/api/safety/units/${id}/reactivate`, { version: 3 });
    expect(on.json()).toMatchObject({ active: true, version: 4 });
  });
});

describe('who reads what', () => {
  beforeAll(async () => {
    await as(h.app, s.anjian!)(
      'POST',
      '/api/safety/units',
      unitBody({ name: '桥东饭店', creditCode: code('C1'), villageId: String(ids.village2), industry: 'crowded' }),
    );
  });

  it('filters by village, industry, risk and search, with paging', async () => {
    const z = as(h.app, s.anjian!);
    const byVillage = (await z('GET', `/api/safety/units?villageId=${ids.village2}`)).json();
    expect(byVillage.items.map((u: { name: string }) => u.name)).toEqual(['桥东饭店']);
    const byIndustry = (await z('GET', '/api/safety/units?industry=crowded')).json();
    expect(byIndustry.total).toBe(1);
    const byRisk = (await z('GET', '/api/safety/units?risk=general')).json();
    expect(byRisk.items.map((u: { name: string }) => u.name)).toEqual(['湾头桥五金厂']);
    const search = (await z('GET', `/api/safety/units?q=${encodeURIComponent('饭店')}`)).json();
    expect(search.total).toBe(1);
    const paged = (await z('GET', '/api/safety/units?pageSize=1&page=2')).json();
    expect(paged).toMatchObject({ total: 3, page: 2, pageSize: 1 });
    expect(paged.items).toHaveLength(1);
  });

  it('shows a 村居干部 only the units of their own village, masked; another village’s unit is a 404', async () => {
    const list = (await as(h.app, s.cun02!)('GET', '/api/safety/units')).json();
    expect(list.items.map((u: { name: string }) => u.name)).toEqual(['桥东饭店']);
    expect(list.canWrite).toBe(false);
    expect(list.villages.map((v: { name: string }) => v.name)).toEqual(['桥东村村民委员会']);
    expect(list.items[0]).toMatchObject({ principalPhone: '138****1234', phonesMasked: true });
    const other = (await as(h.app, s.anjian!)('GET', `/api/safety/units?villageId=${ids.village1}`)).json().items[0];
    expect((await as(h.app, s.cun02!)('GET', `/api/safety/units/${other.id}`)).statusCode).toBe(404);
    // Asking for another village filters to nothing rather than widening the scope.
    expect((await as(h.app, s.cun02!)('GET', `/api/safety/units?villageId=${ids.village1}`)).json().total).toBe(0);
    // Reading is not writing.
    const w = await as(h.app, s.cun02!)('POST', '/api/safety/units', unitBody({ creditCode: code('C9') }));
    expect(w.statusCode).toBe(403);
  });

  it('lets the 镇领导 and the county read (masked), and refuses the 信访办 and the 三员', async () => {
    const lead = (await as(h.app, s.leader!)('GET', '/api/safety/units')).json();
    expect(lead.total).toBe(3);
    expect(lead.canWrite).toBe(false);
    expect(lead.items.every((u: { phonesMasked: boolean }) => u.phonesMasked)).toBe(true);
    const county = await as(h.app, s.county!)('GET', '/api/safety/units');
    expect(county.statusCode).toBe(200);
    expect(county.json().towns.length).toBeGreaterThan(1);
    expect((await as(h.app, s.xinfang!)('GET', '/api/safety/units')).statusCode).toBe(403);
    expect((await as(h.app, s.sysadmin!)('GET', '/api/safety/units')).statusCode).toBe(403);
    expect((await as(h.app, s.county!)('PUT', '/api/safety/units/1', { version: 1 })).statusCode).toBe(403);
  });
});

describe('menu', () => {
  it('lists 生产经营单位 under 安全生产 for SAFETY_READER_ROLES only', async () => {
    const entry = async (who: string) =>
      (await as(h.app, s[who]!)('GET', '/api/me')).json().menu.find((m: { key: string }) => m.key === 'safety-units');
    expect(await entry('anjian')).toMatchObject({ label: '生产经营单位', path: '/safety/units', group: '安全生产' });
    expect(await entry('cun01')).toBeDefined();
    expect(await entry('county')).toBeDefined();
    expect(await entry('xinfang')).toBeUndefined();
  });
});

describe('overview', () => {
  it('lists the unit’s hazards, the penalties linked to them, and flags art 113 after three within 180 days', async () => {
    const db = h.db.database.db;
    const unit = (
      await as(h.app, s.anjian!)(
        'POST',
        '/api/safety/units',
        unitBody({ name: '危化经营部', creditCode: code('D1'), industry: 'hazchem' }),
      )
    ).json();
    const town = await db
      .selectFrom('org_units')
      .select(['id', 'path'])
      .where('id', '=', ids.town)
      .executeTakeFirstOrThrow();
    const by = (await db.selectFrom('users').select('id').where('username', '=', 'anjian').executeTakeFirstOrThrow())
      .id;
    const now = h.clock.now();
    let seq = 0;
    const mkCase = async (type: string, state: string, terminal: boolean, fields: Record<string, unknown>) => {
      seq++;
      return (
        await db
          .insertInto('cases')
          .values({
            town_id: town.id,
            type,
            number: `测${type}〔2026〕${seq}号`,
            year: 2026,
            seq: 900 + seq,
            title: `${type}${seq}`,
            state,
            terminal,
            unit_id: town.id,
            unit_path: town.path,
            created_by: by,
            fields: JSON.stringify(fields),
            actor_roles: [],
            created_at: now,
            updated_at: now,
            search_vec: '',
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    };
    const link = async (from: number, to: number) =>
      db
        .insertInto('case_links')
        .values({
          town_id: town.id,
          from_case_id: from,
          to_case_id: to,
          kind: 'penalty',
          created_by: by,
          created_at: now,
        })
        .execute();
    const hazard = (level: string, state = 'penalized') =>
      mkCase('hazard', state, state !== 'rectifying', { unitId: Number(unit.id), level, foundOn: '2025-10-01' });
    const open = await hazard('general', 'rectifying');
    // Three major hazards each penalised, decisions 2025-10-10, 2025-12-01, 2026-02-20 (within 180 days).
    for (const d of ['2025-10-10', '2025-12-01', '2026-02-20']) {
      const hz = await hazard('major');
      await link(hz, await mkCase('penalty', 'closed', true, { decidedOn: d }));
    }
    // A hazard of another unit is not this unit's.
    await mkCase('hazard', 'rectifying', false, { unitId: 999_999, level: 'major' });
    const res = await as(h.app, s.anjian!)('GET', `/api/safety/units/${unit.id}`);
    expect(res.statusCode).toBe(200);
    const o = res.json();
    expect(o.hazards).toHaveLength(4);
    expect(o.hazards.find((x: { id: string }) => x.id === String(open))).toMatchObject({ terminal: false });
    expect(o.unit.openHazards).toBe(1);
    expect(o.penalties.map((p: { decidedOn: string }) => p.decidedOn).sort()).toEqual([
      '2025-10-10',
      '2025-12-01',
      '2026-02-20',
    ]);
    expect(o.penalties.every((p: { major: boolean }) => p.major)).toBe(true);
    // Listed for everyone who reads the unit (a decision is public, art 113 counts it); opened
    // only by the penalty type's readers: the 安监办 is not one, the 镇领导 is.
    expect(o.penalties.every((p: { canOpen: boolean }) => !p.canOpen)).toBe(true);
    const byLeader = (await as(h.app, s.leader!)('GET', `/api/safety/units/${unit.id}`)).json();
    expect(byLeader.penalties.every((p: { canOpen: boolean }) => p.canOpen)).toBe(true);
    expect(o.closure.rule).toBe('180d');
    expect(o.closure.reason).toContain('第一百一十三条');
    expect(o.inspections).toEqual([]);
    expect(o.unit.licences[1]).toMatchObject({ no: 'WH-1', status: 'expiring' });
  });

  it('does not flag a unit with no penalties', async () => {
    const list = (await as(h.app, s.anjian!)('GET', `/api/safety/units?q=${encodeURIComponent('饭店')}`)).json();
    const o = (await as(h.app, s.anjian!)('GET', `/api/safety/units/${list.items[0].id}`)).json();
    expect(o).toMatchObject({ hazards: [], penalties: [], closure: { rule: null, reason: null } });
  });
});

// ------------------------------------------------------------------ import

function multipart(name: string, data: Buffer) {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(who: string, url: string, data: Buffer) {
  const m = multipart('单位.xlsx', data);
  return h.app.inject({
    method: 'POST',
    url,
    payload: m.payload,
    headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, 'content-type': m.contentType },
  });
}

async function sheetRows(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const rows: string[][] = [];
  wb.worksheets[0]!.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)))),
  );
  return rows;
}

describe('Excel import', () => {
  it('gives a template, refuses bad rows and duplicates (in the file and in the register) row by row', async () => {
    const tpl = await as(h.app, s.anjian!)('GET', '/api/safety/units/import-template');
    expect(tpl.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const headers = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    expect(headers).toEqual(expect.arrayContaining(['单位名称*', '统一社会信用代码*', '所在村（社区）', '许可证照']));
    const col = (hd: string) => headers.findIndex((x) => x.replace(/\*$/, '') === hd) + 1;
    const put = (r: number, v: Record<string, string>) => {
      for (const [k, val] of Object.entries(v)) ws.getCell(r, col(k)).value = val;
    };
    const row = (name: string, credit: string, extra: Record<string, string> = {}) => ({
      单位名称: name,
      统一社会信用代码: credit,
      '所在村（社区）': '湾头村',
      地址: '湾头村1号',
      行业: '小作坊',
      规模: '微型（个体）',
      风险等级: '一般',
      主要负责人: '王五',
      主要负责人电话: '13900001111',
      许可证照: '营业执照/YY-9/2030-01-01；食品小作坊登记证/XZF-1/2026-03-10',
      ...extra,
    });
    put(2, row('导入甲', code('E1')));
    put(3, row('导入乙', code('E2'), { 行业: '采矿', 主要负责人电话: '12' }));
    put(4, row('导入丙', code('E1'))); // same code as row 2
    put(5, row('导入丁', code('A1'))); // already in the register
    put(6, row('导入戊', code('E3'), { '所在村（社区）': '不存在村' }));
    put(7, row('导入己', code('E4')));
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const count = async () =>
      Number(
        (
          await h.db.database.db
            .selectFrom('safety_units')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();

    const strict = await upload('anjian', '/api/safety/units/import', file);
    expect(strict.statusCode).toBe(422);
    const errors = strict.json().errors as { row: number; column: string; message: string }[];
    expect(strict.json()).toMatchObject({ imported: 0, failed: 4 });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, column: '行业' }),
        expect.objectContaining({ row: 3, column: '主要负责人电话' }),
        { row: 4, column: '统一社会信用代码', message: '与第 2 行重复' },
        expect.objectContaining({
          row: 5,
          column: '统一社会信用代码',
          message: expect.stringContaining('湾头桥五金厂'),
        }),
        expect.objectContaining({ row: 6, column: '所在村（社区）' }),
      ]),
    );
    expect(await count()).toBe(before);

    const report = await upload('anjian', '/api/safety/units/import?report=xlsx', file);
    expect(report.statusCode).toBe(200);
    const rows = await sheetRows(report.rawPayload);
    expect(rows[0]).toContain('错误说明');
    expect(rows.slice(1).map((r) => r[0])).toEqual(['导入乙', '导入丙', '导入丁', '导入戊']);
    expect(rows[2]!.join('|')).toContain('与第 2 行重复');
    // Asking for the sheet never saves, even with partial=1.
    await upload('anjian', '/api/safety/units/import?report=xlsx&partial=1', file);
    expect(await count()).toBe(before);

    const partial = await upload('anjian', '/api/safety/units/import?partial=1', file);
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ imported: 2, failed: 4 });
    expect(await count()).toBe(before + 2);
    const got = (await as(h.app, s.anjian!)('GET', `/api/safety/units?q=${encodeURIComponent('导入甲')}`)).json()
      .items[0];
    expect(got).toMatchObject({ villageName: '湾头村村民委员会', industry: 'workshop', licenceStatus: 'expiring' });
    expect(got.licences).toHaveLength(2);
    // The same file again: every row is now a duplicate of the register or bad.
    const again = await upload('anjian', '/api/safety/units/import', file);
    expect(again.json()).toMatchObject({ imported: 0, failed: 6 });
  });

  it('refuses an import by a reader, and a file that is not a workbook', async () => {
    expect((await upload('leader', '/api/safety/units/import', Buffer.from('x'))).statusCode).toBe(403);
    const res = await upload('anjian', '/api/safety/units/import', Buffer.from('not excel'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('.xlsx');
  });
});
