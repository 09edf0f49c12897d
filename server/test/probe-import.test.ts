/**
 * Probe for issue 11's spreadsheet finding, re-run as a user would: the real import
 * template with one extra cell at row 1,048,576 (13 KB) grew the process to 2.9 GB on
 * POST /api/cases/import, and blocked every request for a minute on a village officer's
 * POST /api/campaign-returns/:id/import. Now such a file is refused with a Chinese 413
 * before any work, memory stays flat, another user is answered meanwhile, and nothing
 * is saved. A file over the row cap (5,000) is refused naming the cap.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let village1 = 0;

beforeAll(async () => {
  h = await harness({}, { demo: true });
  for (const u of ['tiaojie', 'cun01', 'leader']) s[u] = await login(h.app, u, 'Demo@2026');
  village1 = (
    await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', '=', '湾头村村民委员会')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

function multipart(name: string, data: Buffer) {
  const boundary = '----probe';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(who: string, url: string, data: Buffer) {
  const m = multipart('导入.xlsx', data);
  return h.app.inject({
    method: 'POST',
    url,
    payload: m.payload,
    headers: { cookie: s[who]!.cookie, 'x-csrf-token': s[who]!.csrf, 'content-type': m.contentType },
  });
}

/** The template the server hands out, with a cell written at each of the given rows of the first sheet. */
async function template(url: string, who: string, rows: Record<number, Record<string, unknown>>): Promise<Buffer> {
  const res = await as(h.app, s[who]!)('GET', url);
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const cols = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => cols.set(String(cell.value).replace(/\*$/, ''), col));
  for (const [r, values] of Object.entries(rows)) {
    for (const [k, v] of Object.entries(values)) ws.getCell(Number(r), cols.get(k)!).value = v as ExcelJS.CellValue;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same file without the sheet's <dimension>, so only the rows themselves tell its size. */
async function withoutDimension(file: Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(file);
  const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  expect(xml).toMatch(/<dimension /);
  zip.file('xl/worksheets/sheet1.xml', xml.replace(/<dimension [^>]*\/>/, ''));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/**
 * Runs the upload while sampling the process's memory, and times another user's request
 * sent while it runs (if the upload blocks the event loop, so are the samples: the last
 * one is taken after it).
 */
async function probe(send: () => Promise<{ statusCode: number; body: string }>) {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const pending = send();
    const t0 = performance.now();
    const other = await as(h.app, s.leader!)('GET', '/api/me');
    const otherMs = performance.now() - t0;
    const res = await pending;
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(other.statusCode).toBe(200);
    return { res, peakMb: peak / 1024 / 1024, growthMb: (peak - start) / 1024 / 1024, otherMs };
  } finally {
    clearInterval(sample);
  }
}

async function count(table: 'cases' | 'campaign_entries' | 'audit_log') {
  const r = await h.db.database.db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

const LAST_ROW = 1_048_576;

describe('a workbook that declares a million rows', () => {
  it('is refused on the case import with a Chinese 413, memory flat, another user answered', async () => {
    const bomb = await template('/api/cases/import-template?type=mediation', 'tiaojie', {
      [LAST_ROW]: { 标题: '最后一行' },
    });
    expect(bomb.length).toBeLessThan(40_000);
    const before = await count('cases');
    for (const file of [bomb, await withoutDimension(bomb)]) {
      const { res, peakMb, otherMs } = await probe(() => upload('tiaojie', '/api/cases/import?type=mediation', file));
      expect(res.statusCode, res.body).toBe(413);
      expect(JSON.parse(res.body).error.message).toContain('行数超过上限 5000 行');
      expect(peakMb).toBeLessThan(600);
      expect(otherMs).toBeLessThan(1000);
    }
    expect(await count('cases')).toBe(before);
  }, 120_000);

  it('is refused on a village officer’s 排查登记表 the same way', async () => {
    const c = await as(h.app, s.tiaojie!)('POST', '/api/campaigns', {
      kind: 'regular',
      title: '探测排查',
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      dueOn: '2026-03-10',
    });
    expect(c.statusCode, c.body).toBe(200);
    const ret = c.json().returns.find((r: { unitId: string }) => r.unitId === String(village1));
    const url = `/api/campaign-returns/${ret.id}/template.xlsx`;
    const bomb = await template(url, 'cun01', { [LAST_ROW]: { 纠纷简要情况: '最后一行' } });
    const before = await count('campaign_entries');
    for (const file of [bomb, await withoutDimension(bomb)]) {
      const { res, peakMb, otherMs } = await probe(() =>
        upload('cun01', `/api/campaign-returns/${ret.id}/import`, file),
      );
      expect(res.statusCode, res.body).toBe(413);
      expect(JSON.parse(res.body).error.message).toContain('行数超过上限 5000 行');
      expect(peakMb).toBeLessThan(600);
      expect(otherMs).toBeLessThan(1000);
    }
    expect(await count('campaign_entries')).toBe(before);
  }, 120_000);
});

describe('the row and size caps', () => {
  it('refuses 5,001 real rows naming the cap, and saves none of them', async () => {
    const rows: Record<number, Record<string, unknown>> = {};
    for (let r = 2; r <= 5002; r++) rows[r] = { 标题: `第${r}行` };
    const file = await template('/api/cases/import-template?type=mediation', 'tiaojie', rows);
    const before = await count('cases');
    for (const f of [file, await withoutDimension(file)]) {
      const res = await upload('tiaojie', '/api/cases/import?type=mediation', f);
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().error.message).toContain('导入文件：行数超过上限 5000 行');
    }
    expect(await count('cases')).toBe(before);
  }, 120_000);

  it('refuses a file over the size cap with 413 before reading it', async () => {
    const res = await upload('tiaojie', '/api/cases/import?type=mediation', Buffer.alloc(6 * 1024 * 1024, 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toBe('导入文件过大：单个文件不能超过 5 MB');
  });

  it('refuses a zip bomb: an entry that inflates far beyond anything a template holds', async () => {
    const tpl = await template('/api/cases/import-template?type=mediation', 'tiaojie', {});
    const zip = await JSZip.loadAsync(tpl);
    // 100 MB of one character inside the shared strings: about 100 KB compressed.
    zip.file('xl/sharedStrings.xml', Buffer.alloc(100 * 1024 * 1024, 0x41));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    // The same entry declaring 1 KB in both its headers: caught by inflating it, not by trusting it.
    const liar = declareSize(bomb, 'xl/sharedStrings.xml', 1024);
    const before = await count('cases');
    for (const file of [bomb, liar]) {
      // (The test built the bomb in this process; what counts is what the request adds.)
      const { res, growthMb, otherMs } = await probe(() => upload('tiaojie', '/api/cases/import?type=mediation', file));
      expect(res.statusCode, res.body).toBe(413);
      expect(JSON.parse(res.body).error.message).toContain('解压后的内容过大');
      expect(growthMb).toBeLessThan(100);
      expect(otherMs).toBeLessThan(1000);
    }
    expect(await count('cases')).toBe(before);
  }, 120_000);
});

/** A copy of the zip whose entry `name` declares `size` uncompressed bytes (central and local header). */
function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let p = out.length - 22; p >= 0; p--) {
    if (out.readUInt32LE(p) !== 0x02014b50) continue;
    const nameLength = out.readUInt16LE(p + 28);
    if (out.toString('utf8', p + 46, p + 46 + nameLength) !== name) continue;
    out.writeUInt32LE(size, p + 24);
    out.writeUInt32LE(size, out.readUInt32LE(p + 42) + 22);
    return out;
  }
  throw new Error(`no entry ${name}`);
}
