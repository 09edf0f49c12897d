/**
 * Read access per role × case type (issue 12). Each case type declares which roles read
 * it; a role not listed never meets the type's cases anywhere: not in the list, search,
 * Excel export, detail (404), documents, attachments, dossier or the report's drill-down.
 * The table below is what an auditor checks; the declarations live in the case types.
 * `land` is a throwaway type defined here: a new module gets the rule for free.
 */
import { defineCaseType, roleDef } from '@fazhi/domain';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CaseModule } from '../src/cases/registry.ts';
import type { ServerModule } from '../src/core/module.ts';
import { MODULES } from '../src/modules.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

const landType = defineCaseType({
  key: 'land',
  label: '土地违法线索（测试）',
  numbering: '{town}土〔{year}〕{seq}号',
  initial: 'open',
  create: { roles: ['ziran'] },
  access: { read: ['ziran', 'zhifa', 'leader', 'county'] },
  states: { open: { label: '核查中' }, closed: { label: '已办结', terminal: true } },
  documents: { notice: '核查通知书' },
  // Bound to the stage like every document kind (engine/define.ts): issued while the lead is checked.
  issuable: { notice: { states: ['open'] } },
  fields: z.object({ summary: z.string().min(1).describe('线索内容') }),
  actions: { close: { label: '办结', from: ['open'], to: 'closed', roles: ['ziran', 'zhifa'] } },
});
const landModule: CaseModule = { type: landType };
const landServerModule: ServerModule = { key: 'land', label: '土地违法线索（测试）', caseTypes: [landModule] };

/** Demo accounts: cun01 is 湾头村's cadre (the cases' village), cun02 桥东村's. */
const USERS = [
  'leader',
  'fazhiban',
  'sifasuo',
  'tiaojie',
  'xinfang',
  'zhifa',
  'anjian',
  'ziran',
  'cun01',
  'cun02',
  'county',
] as const;
type User = (typeof USERS)[number];
type Type = 'mediation' | 'petition' | 'land';

/** Who reads which case type (of 湾头村, 湾头桥镇). Everyone else gets nothing. */
const READS: Record<Type, readonly User[]> = {
  // The centre, 司法所, leaders, the village concerned, the county; 信访办 (petitions settled by
  // mediation) and 法治办 (the annual report). Not the enforcement offices.
  mediation: ['leader', 'fazhiban', 'sifasuo', 'tiaojie', 'xinfang', 'cun01', 'county'],
  // 信访 content stays with the 信访办, leaders, the village concerned and the county.
  petition: ['leader', 'xinfang', 'cun01', 'county'],
  land: ['leader', 'zhifa', 'ziran', 'county'],
};
const FACT_KEY: Partial<Record<Type, string>> = { mediation: 'mediation.registered', petition: 'petition.received' };

let h: Harness;
const s = {} as Record<User, Session>;
const cases = {} as Record<Type, { id: number; number: string; doc: number; att: number }>;
let townId = 0;

beforeAll(async () => {
  h = await harness({}, { modules: [...MODULES, landServerModule], demo: true });
  const db = h.db.database.db;
  for (const u of USERS) s[u] = await login(h.app, u, 'Demo@2026');
  const village = (
    await db.selectFrom('org_units').select('id').where('name', '=', '湾头村村民委员会').executeTakeFirstOrThrow()
  ).id;
  const bodies: Record<Type, [User, Record<string, unknown>]> = {
    mediation: [
      'tiaojie',
      {
        fields: {
          channel: 'walk_in',
          disputeType: 'neighbor',
          peopleCount: 2,
          summary: '前后邻居排水纠纷。',
          requests: '改建排水沟。',
          receivedOn: '2026-03-02',
        },
        parties: [
          { role: 'applicant', name: '张德明' },
          { role: 'respondent', name: '李国强' },
        ],
      },
    ],
    petition: [
      'xinfang',
      {
        fields: {
          channel: 'letter',
          source: 'direct',
          receivedOn: '2026-03-02',
          category: 'claim',
          field: '农村公路',
          summary: '村道开裂。',
          requests: '返工修复。',
          peopleCount: 1,
        },
        parties: [{ role: 'petitioner', name: '张桂英' }],
      },
    ],
    land: ['ziran', { fields: { summary: '疑似占用耕地建房。' }, parties: [] }],
  };
  for (const [type, [who, body]] of Object.entries(bodies) as [Type, [User, Record<string, unknown>]][]) {
    const res = await as(h.app, s[who])('POST', '/api/cases', {
      type,
      title: `矩阵${type}案`,
      unitId: String(village),
      ...body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const c = res.json();
    townId = Number(
      (await db.selectFrom('cases').select('town_id').where('id', '=', Number(c.id)).executeTakeFirstOrThrow()).town_id,
    );
    // A stored document and attachment hanging off the case.
    const blob = await h.app.services.blobs.put(Buffer.from(`矩阵${type}`));
    const file = {
      town_id: townId,
      case_id: Number(c.id),
      sha256: blob.sha256,
      size: blob.size,
      storage_key: blob.key,
    };
    const doc = await db
      .insertInto('documents')
      .values({ ...file, kind: 'x', title: '文书', template_version: 't', issued_by: 1, issued_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const att = await db
      .insertInto('attachments')
      .values({ ...file, name: 'a.txt', mime: 'text/plain', uploaded_by: 1, uploaded_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    cases[type] = { id: Number(c.id), number: c.number, doc: doc.id, att: att.id };
  }
}, 120_000);

afterAll(() => h?.close());

const rows = (Object.keys(READS) as Type[]).flatMap((type) =>
  USERS.map((user) => [user, type, READS[type].includes(user)] as const),
);

async function sheetText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).map(String).join('|')));
  return out.join('\n');
}

describe('role × case type: read', () => {
  it.each(rows)('%s reads %s: %s', async (user, type, allowed) => {
    const req = as(h.app, s[user]);
    const c = cases[type];
    const ok = allowed ? 200 : 404;
    const ids = (body: { items: { id: string }[] }) => body.items.map((i) => Number(i.id));

    expect((await req('GET', `/api/cases/${c.id}`)).statusCode, 'detail').toBe(ok);
    const list = await req('GET', '/api/cases?limit=200');
    expect(ids(list.json()).includes(c.id), 'list').toBe(allowed);
    const search = await req('GET', `/api/cases?limit=200&q=${encodeURIComponent(`矩阵${type}案`)}`);
    expect(ids(search.json()).includes(c.id), 'search').toBe(allowed);
    const exported = await req('GET', `/api/cases/export.xlsx?type=${type}`);
    expect(exported.statusCode, 'export').toBe(200);
    expect((await sheetText(exported.rawPayload)).includes(c.number), 'export').toBe(allowed);
    const inbox = await req('GET', '/api/inbox');
    if (!allowed) expect(ids(inbox.json()).includes(c.id), 'inbox').toBe(false);
    expect((await req('GET', `/api/documents/${c.doc}/file`)).statusCode, 'document').toBe(ok);
    expect((await req('GET', `/api/attachments/${c.att}/file`)).statusCode, 'attachment').toBe(ok);
    expect((await req('GET', `/api/cases/${c.id}/dossier`)).statusCode, 'dossier').toBe(ok);

    const key = FACT_KEY[type];
    if (key) {
      const drill = await req('GET', `/api/facts/${key}/records?townId=${townId}&year=2026`);
      const role = user.startsWith('cun') ? 'village' : user;
      const reportReader = roleDef(role)!.permissions.some((p) => p === 'report:read' || p === 'dashboard:read');
      if (!reportReader) expect(drill.statusCode, 'facts drill-down').toBe(403);
      else {
        expect(drill.statusCode, drill.body).toBe(200);
        const records = drill.json().records as { id: string }[];
        expect(
          records.some((r) => Number(r.id) === c.id),
          'facts drill-down',
        ).toBe(allowed);
      }
    }
  });
});

describe('role × case type: write', () => {
  it('a role the type does not list cannot register one (403), even where it reads the town', async () => {
    const land = { type: 'land', title: '越权登记', fields: { summary: '试' }, parties: [] };
    expect((await as(h.app, s.tiaojie)('POST', '/api/cases', land)).statusCode).toBe(403);
    expect((await as(h.app, s.ziran)('POST', '/api/cases', land)).statusCode).toBe(200);
    const petition = {
      type: 'petition',
      title: '越权登记',
      fields: { channel: 'letter', source: 'direct', receivedOn: '2026-03-02', category: 'claim', summary: '试' },
      parties: [{ role: 'petitioner', name: '某' }],
    };
    expect((await as(h.app, s.zhifa)('POST', '/api/cases', petition)).statusCode).toBe(403);
  });

  it('a reader who does not work the type cannot add to its file (法治办 on a dispute: 403)', async () => {
    const res = await as(h.app, s.fazhiban)('GET', `/api/cases/${cases.mediation.id}`);
    expect(res.json().canWrite).toBe(false);
    expect(res.json().actions).toEqual([]);
  });
});
