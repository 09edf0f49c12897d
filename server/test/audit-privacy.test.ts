/**
 * Issue 11: the 审计管理员 sees who did what, not what the case says. After actions that
 * touch personal data — unmasking a party, attaching a file named after a party,
 * recording, editing, dismissing and deleting screening entries, exporting cases by a
 * party's name — neither the audit listing nor its .xlsx export contains the party
 * names or the file name; the records name objects by id and number.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES as PRODUCT_MODULES } from '../src/modules.ts';
import { complaintModule } from './fixtures/complaint.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
let village1 = 0;

const MODULES = [...PRODUCT_MODULES, complaintModule];

// Names no seed uses, so any hit comes from these actions.
const PARTY = '欧阳明珠';
const ENTRY_PARTY = '司马青衫';
const EDITED_PARTY = '慕容秋水';
const FILE = `${PARTY}身份证.png`;
const SECRETS = [PARTY, ENTRY_PARTY, EDITED_PARTY, '诸葛长风', FILE, '110101199003070011', '排水沟'];

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  h = await harness({}, { modules: MODULES, demo: true });
  for (const u of ['tiaojie', 'cun01', 'auditor']) s[u] = await login(h.app, u, 'Demo@2026');
  village1 = (
    await h.db.database.db
      .selectFrom('org_units')
      .select('id')
      .where('name', '=', '湾头村村民委员会')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => h.close());

const call = (who: string) => as(h.app, s[who]!);

function entry(name: string) {
  return {
    foundOn: '2026-03-02',
    disputeType: 'neighbor',
    summary: '两户因排水沟堵塞发生争执',
    requests: '疏通排水沟',
    peopleCount: 2,
    parties: [
      { role: 'applicant', name, idNumber: '110101199003070011', phone: '13812345678' },
      { role: 'respondent', name: '诸葛长风' },
    ],
  };
}

async function upload(url: string, name: string, data: Buffer) {
  const boundary = `----fazhi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return h.app.inject({
    method: 'POST',
    url,
    payload: Buffer.concat([head, data, tail]),
    headers: {
      cookie: s.tiaojie!.cookie,
      'x-csrf-token': s.tiaojie!.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
}

describe('audit records carry no personal data', () => {
  it("the auditor's listing and export name objects by id and number, never parties, entries or file names", async () => {
    // A case: unmask its party, attach a file named after the party, export by the party's name.
    const c = await call('tiaojie')('POST', '/api/cases', {
      type: 'complaint',
      title: '噪声投诉',
      unitId: String(village1),
      fields: { receivedOn: '2026-03-02', category: 'noise', summary: '夜间风机噪声' },
      parties: [{ role: 'complainant', name: PARTY, idNumber: '110101199003070011', phone: '13812345678' }],
    });
    expect(c.statusCode, c.body).toBe(200);
    const kase = c.json();
    expect((await call('tiaojie')('POST', `/api/parties/${kase.parties[0].id}/unmask`)).statusCode).toBe(200);
    expect((await upload(`/api/cases/${kase.id}/attachments`, FILE, PNG)).statusCode).toBe(200);
    const exported = await call('tiaojie')('GET', `/api/cases/export.xlsx?q=${encodeURIComponent(PARTY)}`);
    expect(exported.statusCode).toBe(200);

    // A screening campaign: an entry recorded, edited, another recorded and dismissed, a third deleted.
    const camp = await call('tiaojie')('POST', '/api/campaigns', {
      kind: 'regular',
      title: '2026年3月矛盾纠纷经常性排查',
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      dueOn: '2026-03-10',
    });
    expect(camp.statusCode, camp.body).toBe(200);
    const ret = camp.json().returns.find((r: { unitId: string }) => r.unitId === String(village1));
    const add = async () => {
      const res = await call('cun01')('POST', `/api/campaign-returns/${ret.id}/entries`, entry(ENTRY_PARTY));
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const e1 = await add();
    const edited = await call('cun01')('PATCH', `/api/campaign-entries/${e1.id}`, {
      ...entry(EDITED_PARTY),
      version: e1.version,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const e2 = await add();
    const dismissed = await call('tiaojie')('POST', `/api/campaign-entries/${e2.id}/dismiss`, {
      reason: `${ENTRY_PARTY}已自行和解`,
      version: e2.version,
    });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    const e3 = await add();
    const del = await call('cun01')('DELETE', `/api/campaign-entries/${e3.id}?version=${e3.version}`);
    expect(del.statusCode, del.body).toBe(204);

    // What the auditor sees.
    const list = await call('auditor')('GET', '/api/audit?limit=200');
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { action: string; target: string; details: unknown }[];
    const actions = new Set(items.map((i) => i.action));
    for (const a of ['party.unmask', 'case.attach', 'case.export', 'campaign.entry.create', 'campaign.entry.update']) {
      expect(actions).toContain(a);
    }
    for (const a of ['campaign.entry.dismiss', 'campaign.entry.delete']) expect(actions).toContain(a);
    const listed = list.body;
    for (const secret of SECRETS) expect(listed).not.toContain(secret);
    // The objects are still named: the party by id, the attachment's case by its number.
    expect(items.find((i) => i.action === 'party.unmask')?.target).toBe(`party:${kase.parties[0].id}`);
    expect(JSON.stringify(items.find((i) => i.action === 'case.attach')?.details)).toContain(kase.number);

    const xlsx = await call('auditor')('GET', '/api/audit/export');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
    const text = cells.join('\n');
    expect(text).toContain('查看完整身份信息');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });
});
