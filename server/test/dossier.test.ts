/**
 * 卷宗 export over HTTP: a mediation case with documents and attachments is exported as a
 * zip opened here with jszip — the index first, listing exactly the case's documents and
 * attachments under the numbers their files carry, the record of handling with every event,
 * the cover with masked IDs — and as one merged PDF; the export is audited, and a user who
 * cannot see the case gets 404.
 */
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../src/cases/access.ts';
import { buildDossier } from '../src/cases/dossier.ts';
import { hasLibreOffice, pdfToText } from '../src/documents/render.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const USERS = ['tiaojie', 'cun01', 'cun02', 'leader'];
const ID_A = '110101199003070011';
const ID_B = '110101199003070038';
// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

type Detail = {
  id: string;
  version: number;
  number: string;
  documents: { id: string; title: string; number: string | null; kind: string }[];
  attachments: { id: string; name: string }[];
  events: { actionLabel: string; note: string | null }[];
};
let c: Detail;

const call = (who: string) => as(h.app, s[who]!);

async function act(action: string, input?: unknown) {
  const r = await call('tiaojie')('POST', `/api/cases/${c.id}/actions/${action}`, {
    version: c.version,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  c = r.json();
}

async function issue(kind: string, input?: unknown) {
  const r = await call('tiaojie')('POST', `/api/cases/${c.id}/documents`, {
    version: c.version,
    kind,
    ...(input === undefined ? {} : { input }),
  });
  expect(r.statusCode, `${kind}: ${r.body}`).toBe(200);
  c = r.json();
}

async function upload(name: string, data: Buffer) {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await h.app.inject({
    method: 'POST',
    url: `/api/cases/${c.id}/attachments`,
    payload,
    headers: {
      cookie: s.tiaojie!.cookie,
      'x-csrf-token': s.tiaojie!.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
  expect(r.statusCode, r.body).toBe(200);
}

/** The rows of the .docx's first table as cell texts (header row included). */
async function docxTable(docx: Buffer): Promise<string[][]> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  const table = /<w:tbl>.*?<\/w:tbl>/s.exec(xml)?.[0] ?? '';
  return [...table.matchAll(/<w:tr[ >].*?<\/w:tr>/gs)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>.*?<\/w:tc>/gs)].map((tc) =>
      [...tc[0].matchAll(/<w:p[ >].*?<\/w:p>/gs)]
        .map((p) => [...p[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
        .join('\n'),
    ),
  );
}

async function docxText(docx: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

beforeAll(async () => {
  h = await harness({}, { modules: [mediationModule], demo: true });
  for (const u of USERS) s[u] = await login(h.app, u, 'Demo@2026');
  const village = await h.db.database.db
    .selectFrom('org_units')
    .select('id')
    .where('name', '=', '湾头村村民委员会')
    .executeTakeFirstOrThrow();
  const r = await call('tiaojie')('POST', '/api/cases', {
    type: 'mediation',
    title: '张德明与李国强排水纠纷',
    unitId: String(village.id),
    fields: {
      channel: 'walk_in',
      disputeType: 'neighbor',
      peopleCount: 2,
      summary: '双方系前后邻居，被申请人新修排水沟将污水排向申请人院墙。',
      requests: '请求被申请人改建排水沟。',
      receivedOn: '2026-03-02',
    },
    parties: [
      { role: 'applicant', name: '张德明', idNumber: ID_A, phone: '13812345678', address: '湾头村3组17号' },
      { role: 'respondent', name: '李国强', idNumber: ID_B, phone: '13967154321', address: '湾头村3组19号' },
    ],
  });
  expect(r.statusCode, r.body).toBe(200);
  c = r.json();
  await issue('registration');
  // 人民调解申请书 belongs to the registered stage (人民调解法 art 17): issued before 受理.
  await issue('application');
  await act('accept');
  await act('route', { route: 'people', committee: '桥东村人民调解委员会' });
  const mediator = await h.db.database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'tiaojie')
    .executeTakeFirstOrThrow();
  await act('assign', { assigneeId: String(mediator.id) });
  await upload('现场照片.png', PNG);
  await upload('情况说明.txt', Buffer.from('双方于三月一日发生争吵。', 'utf8'));
  c = (await call('tiaojie')('GET', `/api/cases/${c.id}`)).json();
}, 120_000);
afterAll(() => h.close());

describe('卷宗 as a zip', () => {
  let zip: JSZip;
  let names: string[];

  beforeAll(async () => {
    const r = await call('tiaojie')('GET', `/api/cases/${c.id}/dossier`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toBe('application/zip');
    expect(decodeURIComponent(String(r.headers['content-disposition']))).toContain(`${c.number}卷宗.zip`);
    zip = await JSZip.loadAsync(r.rawPayload);
    names = Object.values(zip.files)
      .filter((f) => !f.dir)
      .map((f) => f.name);
  }, 120_000);

  it('opens with the index, and lists exactly the case documents and attachments under their file numbers', async () => {
    expect(names[0]).toBe('00 卷宗目录.docx');
    const [header, ...rows] = await docxTable(await zip.file(names[0]!)!.async('nodebuffer'));
    expect(header).toEqual(['序号', '材料名称', '文号', '日期', '页数', '备注']);
    expect(rows.map((r) => r[1])).toEqual([
      '卷宗封面',
      '办理过程记录',
      ...c.documents.map((d) => d.title),
      ...c.attachments.map((a) => a.name),
    ]);
    expect(c.documents.map((d) => d.kind)).toEqual(['registration', 'application']);
    expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => String(i + 1)));
    // Each document's 文号 is in the index, and every row has a date and an extent.
    for (const [i, d] of c.documents.entries()) expect(rows[2 + i]![2]).toBe(d.number ?? '');
    for (const r of rows) {
      expect(r[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r[4]).toMatch(/页$|B$/);
    }
    // The files follow the index's numbers.
    for (const [i, r] of rows.entries()) {
      const prefix = `${String(i + 1).padStart(2, '0')} `;
      const files = names.filter((n) => n.startsWith(prefix));
      expect(files.length, r[1]).toBeGreaterThan(0);
      expect(files[0]).toContain(r[1]!);
    }
    expect(names).toContain('05 现场照片.png');
    expect(names).toContain('06 情况说明.txt');
    expect(Buffer.compare(await zip.file('05 现场照片.png')!.async('nodebuffer'), PNG)).toBe(0);
  });

  it('holds every issued document as the .docx that was issued, and its PDF when LibreOffice is installed', async () => {
    for (const [i, d] of c.documents.entries()) {
      const prefix = `${String(i + 3).padStart(2, '0')} ${d.title}`;
      const docx = names.find((n) => n.startsWith(prefix) && n.endsWith('.docx'));
      expect(docx, d.title).toBeDefined();
      const issued = await call('tiaojie')('GET', `/api/documents/${d.id}/file`);
      expect(Buffer.compare(await zip.file(docx!)!.async('nodebuffer'), issued.rawPayload)).toBe(0);
      if (await hasLibreOffice()) expect(names).toContain(docx!.replace(/\.docx$/, '.pdf'));
    }
  });

  it('records every event of the case, in order, with its time, actor, action and note', async () => {
    const rows = (await docxTable(await zip.file('02 办理过程记录.docx')!.async('nodebuffer'))).slice(1);
    expect(rows).toHaveLength(c.events.length);
    c.events.forEach((e, i) => {
      expect(rows[i]![0]).toBe(String(i + 1));
      expect(rows[i]![1]).toMatch(/^\d{4}-\d{2}-\d{2}\n\d{2}:\d{2}$/);
      expect(rows[i]![2]).toBe('陈静');
      expect(rows[i]![3]!.split('\n')[0]).toBe(e.actionLabel);
      if (e.note) expect(rows[i]![4]).toContain(e.note);
    });
    expect(rows.some((r) => r[4]!.includes('文件：现场照片.png'))).toBe(true);
    // What each step recorded, by its labels: choices by name, people by name.
    expect(rows.map((r) => r[4])).toEqual(
      expect.arrayContaining(['分流途径：人民调解；调解组织：桥东村人民调解委员会', '主办调解员：陈静']),
    );
    expect(rows.find((r) => r[3]!.startsWith('受理'))![3]).toContain('已登记 → 已受理');
  });

  it('puts the number, the parties with masked IDs, the dates and the people on the cover', async () => {
    const text = await docxText(await zip.file('01 卷宗封面.docx')!.async('nodebuffer'));
    expect(text).toContain('矛盾纠纷调解卷宗');
    // The file is the mediating committee's (人民调解法 art 27).
    expect(text).toContain('桥东村人民调解委员会');
    expect(text).toContain(c.number);
    expect(text).toContain('张德明与李国强排水纠纷');
    expect(text).toContain('申请人：张德明');
    expect(text).toContain('被申请人：李国强');
    expect(text).not.toContain(ID_A);
    expect(text).not.toContain(ID_B);
    expect(text).toMatch(/110101\*+0011/);
    expect(text).toContain('2026年3月2日'); // 受理 and 立卷
    expect(text).toContain('尚未办结');
    expect(text).toContain('承 办 人陈静');
    expect(text).toContain('共6件');
  });

  it('is an audited export', async () => {
    const rows = await h.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'target', 'details'])
      .where('action', '=', 'case.dossier')
      .execute();
    expect(rows.at(-1)).toMatchObject({ target: `case:${c.id}`, details: expect.objectContaining({ format: 'zip' }) });
  });
});

describe('卷宗 scope', () => {
  it('answers 404 to a user who cannot see the case, as the case detail does', async () => {
    expect((await call('cun02')('GET', `/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await call('cun02')('GET', `/api/cases/${c.id}/dossier`)).statusCode).toBe(404);
    expect((await call('cun02')('GET', `/api/cases/${c.id}/dossier?format=pdf`)).statusCode).toBe(404);
    expect((await call('cun01')('GET', `/api/cases/${c.id}/dossier`)).statusCode).toBe(200);
    expect((await as(h.app, null)('GET', `/api/cases/${c.id}/dossier`)).statusCode).toBe(401);
    expect((await call('tiaojie')('GET', '/api/cases/999999/dossier')).statusCode).toBe(404);
  }, 120_000);

  it('refuses an unknown format', async () => {
    expect((await call('tiaojie')('GET', `/api/cases/${c.id}/dossier?format=rar`)).statusCode).toBe(400);
  });
});

describe('卷宗 without LibreOffice', () => {
  const noOffice = {
    hasLibreOffice: async () => false,
    docxToPdfMany: async () => {
      throw new Error('not installed');
    },
  };
  const deps = () => ({
    db: h.db.database.db,
    registry: h.app.services.registry,
    blobs: h.app.services.blobs,
    render: noOffice,
  });
  const tiaojieAccess = async () => {
    const auth = await h.app.services.auth.authenticate(
      s.tiaojie!.cookie.match(/fazhi_sid=([^;]+)/)![1]!,
      h.clock.now(),
      true,
    );
    return caseAccess(h.db.database.db, auth, h.app.services.registry);
  };

  it('still exports the zip, with sizes in the index and no PDFs', async () => {
    const d = await buildDossier(deps(), await tiaojieAccess(), Number(c.id), 'zip', h.clock.now());
    const zip = await JSZip.loadAsync(d.data);
    const names = Object.keys(zip.files);
    expect(names.some((n) => n.endsWith('.pdf'))).toBe(false);
    const rows = (await docxTable(await zip.file('00 卷宗目录.docx')!.async('nodebuffer'))).slice(1);
    for (const r of rows) expect(r[4]).toMatch(/\dB$|KB$|MB$/);
  });

  it('says in Chinese that the merged PDF needs LibreOffice', async () => {
    await expect(buildDossier(deps(), await tiaojieAccess(), Number(c.id), 'pdf', h.clock.now())).rejects.toMatchObject(
      {
        code: 'UNPROCESSABLE',
        message: expect.stringContaining('LibreOffice'),
      },
    );
  });
});

describe('卷宗 as one PDF', () => {
  it('merges the cover, index, record, documents and the image attachment', async () => {
    if (!(await hasLibreOffice())) throw new Error('LibreOffice is required for this test (see .ci/run)');
    const r = await call('tiaojie')('GET', `/api/cases/${c.id}/dossier?format=pdf`);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const pdf = await PDFDocument.load(r.rawPayload);
    // cover, index, record ≥ 1 page each; two documents ≥ 1 each; the PNG one page.
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(6);
    const text = (await pdfToText(r.rawPayload)).replace(/\s+/g, '');
    const order = ['矛盾纠纷调解卷宗', '卷宗目录', '办理过程记录', '受理登记表', '人民调解申请书'].map((t) =>
      text.indexOf(t),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The .txt cannot be a page: the index says its original is kept apart.
    expect(text).toContain('原件另附');
  }, 120_000);
});
