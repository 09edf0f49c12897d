/**
 * Issue "modules as first-class parts": adding a module is its folder plus one line in the
 * module list. A throwaway module (fixtures/stall: 占道经营, with every part a module can
 * bring) is added to the product's list here, and nowhere else, and each part is checked
 * where a user meets it: the case and its action, its document, its menu entry for the roles
 * its type admits and for no other, its figure, its audit label, its report section, its
 * demo step, and a 403/404 for a role the type does not admit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCases } from '../src/demo/index.ts';
import { MODULES } from '../src/modules.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { stallModule } from './fixtures/stall/index.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ROLES = ['zhifa', 'leader', 'county', 'tiaojie', 'xinfang', 'fazhiban', 'cun01', 'auditor'] as const;
const req = (who: (typeof ROLES)[number]) => as(h.app, s[who]!);

beforeAll(async () => {
  h = await harness({}, { modules: [...MODULES, stallModule] });
  await seedDemo(h.db.database.db);
  for (const who of ROLES) s[who] = await login(h.app, who, 'Demo@2026');
}, 60_000);
afterAll(() => h?.close());

const STALL = {
  type: 'stall',
  title: '桥头占道经营',
  fields: { foundOn: '2026-03-02', place: '桥头' },
  parties: [{ role: 'vendor', name: '摊主乙' }],
};

describe('a module added by its folder and one line in the list', () => {
  let caseId = '';

  it('registers its cases and works them: the action waits for its document', async () => {
    const created = await req('zhifa')('POST', '/api/cases', STALL);
    expect(created.statusCode, created.body).toBe(200);
    const c = created.json();
    caseId = c.id;
    expect(c).toMatchObject({ type: 'stall', state: 'found' });
    expect(c.number).toMatch(/占〔2026〕\d+号$/);
    const early = await req('zhifa')('POST', `/api/cases/${c.id}/actions/clear`, { version: c.version });
    expect(early.statusCode).toBe(422);
    expect(early.json().error.message).toContain('请先出具《责令改正通知书》');
    const issued = await req('zhifa')('POST', `/api/cases/${c.id}/documents`, { version: c.version, kind: 'order' });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json().documents[0]).toMatchObject({ kind: 'order', title: '责令改正通知书' });
    expect(issued.json().documents[0].number).toMatch(/占改〔2026〕\d+号$/);
    const file = await req('zhifa')('GET', `/api/documents/${issued.json().documents[0].id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    // Its guard reads what its context hook looked up outside the case: two certified officers.
    const alone = await req('zhifa')('POST', `/api/cases/${c.id}/actions/clear`, { version: issued.json().version });
    expect(alone.statusCode).toBe(422);
    expect(alone.json().error.message).toContain('两名持有效执法证');
    const db = h.db.database.db;
    const { id: townId } = await db
      .selectFrom('org_units')
      .select('id')
      .where('kind', '=', 'town')
      .executeTakeFirstOrThrow();
    const { id: userId } = await db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    const at = new Date();
    for (const [name, certNo] of [
      ['执法员甲', 'ZF-001'],
      ['执法员乙', 'ZF-002'],
    ]) {
      await db
        .insertInto('enforcement_officers')
        .values({
          town_id: townId,
          name: name!,
          cert_no: certNo!,
          cert_issuer: '县人民政府',
          cert_fields: ['planning'],
          valid_until: '2099-12-31',
          created_by: userId,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    const cleared = await req('zhifa')('POST', `/api/cases/${c.id}/actions/clear`, { version: issued.json().version });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json().state).toBe('cleared');
  });

  it('keeps its cases from the roles its type does not admit (403 to register, 404 to open, absent from lists)', async () => {
    expect((await req('tiaojie')('POST', '/api/cases', STALL)).statusCode).toBe(403);
    expect((await req('leader')('POST', '/api/cases', STALL)).statusCode).toBe(403);
    for (const who of ['tiaojie', 'xinfang', 'cun01'] as const) {
      expect((await req(who)('GET', `/api/cases/${caseId}`)).statusCode, who).toBe(404);
      const list = (await req(who)('GET', '/api/cases')).json();
      expect(
        list.items.some((i: { id: string }) => i.id === caseId),
        who,
      ).toBe(false);
    }
    expect((await req('leader')('GET', `/api/cases/${caseId}`)).statusCode).toBe(200);
  });

  it('shows its menu entry to the roles its type admits, and to no other', async () => {
    const menu = async (who: (typeof ROLES)[number]) =>
      ((await req(who)('GET', '/api/me')).json().menu as { key: string; path: string }[]).map((m) => m.key);
    for (const who of ['zhifa', 'leader', 'county'] as const) expect(await menu(who), who).toContain('stall-patrols');
    for (const who of ['tiaojie', 'xinfang', 'fazhiban', 'cun01', 'auditor'] as const) {
      expect(await menu(who), who).not.toContain('stall-patrols');
    }
    // And the other modules' entries follow their own types: 执法队 reads neither disputes nor petitions.
    const zhifa = await menu('zhifa');
    for (const k of ['campaigns', 'mediation-stats', 'receptions', 'visits']) expect(zhifa).not.toContain(k);
    expect(zhifa).toContain('case-import');
  });

  it('answers its routes to the roles its type admits and 403 to the others', async () => {
    const summary = await req('zhifa')('GET', '/api/stall/summary');
    expect(summary.statusCode, summary.body).toBe(200);
    expect(summary.json()).toEqual({ open: 0, cleared: 1 });
    const refused = await req('tiaojie')('GET', '/api/stall/summary');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toBe('您的角色无权查看占道经营');
    // The leader reads the type but does not work it.
    const leader = await req('leader')('POST', '/api/stall/patrols', { route: '镇东街' });
    expect(leader.statusCode).toBe(403);
    expect(leader.json().error.message).toBe('您的角色无权办理占道经营');
  });

  it('labels its audit action in the audit log', async () => {
    expect((await req('zhifa')('POST', '/api/stall/patrols', { route: '镇东街' })).statusCode).toBe(200);
    const actions = (await req('auditor')('GET', '/api/audit/actions')).json();
    expect(actions).toContainEqual({ action: 'stall.patrol', label: '登记占道巡查' });
    const log = (await req('auditor')('GET', '/api/audit?action=stall.patrol')).json();
    expect(log.items[0]).toMatchObject({ action: 'stall.patrol', actionLabel: '登记占道巡查', actorName: '赵强' });
  });

  it('counts its figure on the dashboard, with the records behind it', async () => {
    const facts = (await req('leader')('GET', '/api/facts?year=2026')).json();
    const mod = facts.modules.find((m: { module: string }) => m.module === 'stall');
    expect(mod?.facts).toEqual([expect.objectContaining({ key: 'stall.found', label: '查处占道经营', value: 1 })]);
    const drill = (await req('leader')('GET', '/api/facts/stall.found/records?year=2026')).json();
    expect(drill.records.map((r: { href: string }) => r.href)).toEqual([`/cases/${caseId}`]);
  });

  it('adds its section to the annual report outline, in its order', async () => {
    const created = await req('fazhiban')('POST', '/api/reports', { year: 2026 });
    expect(created.statusCode, created.body).toBe(200);
    const titles = (created.json().sections as { title: string }[]).map((x) => x.title);
    const at = titles.findIndex((t) => t.includes('规范占道经营管理，维护市容秩序'));
    expect(at).toBeGreaterThan(-1);
    // order 45: after 严格规范公正文明执法 (40), before 安全生产 (50).
    expect(titles[at - 1]).toContain('严格规范公正文明执法');
    expect(titles[at + 1]).toContain('依法履行安全生产监管职责');
  });
});

describe("a module's demo step", () => {
  it('runs with the demo and leaves its records where users see them', async () => {
    // A town of the throwaway module alone, so the product's full demo year is not simulated here.
    const d = await harness({}, { modules: [stallModule] });
    try {
      await seedDemo(d.db.database.db);
      const lines: string[] = [];
      await seedDemoCases(d.app.services, { log: (l) => lines.push(l), now: d.clock.now() });
      expect(lines.some((l) => l.includes('占道经营 1 件'))).toBe(true);
      const zhifa = await login(d.app, 'zhifa', 'Demo@2026');
      const list = (await as(d.app, zhifa)('GET', '/api/cases?type=stall')).json();
      // One case in each demo year: 2023 and, on the harness's 2026-03-02, the last full year 2025.
      expect(
        list.items.map((c: { title: string; number: string }) => [c.title, c.number.match(/20\d\d/)?.[0]]),
      ).toEqual(
        expect.arrayContaining([
          ['镇东街占道经营', '2023'],
          ['镇东街占道经营', '2025'],
        ]),
      );
      expect(list.items).toHaveLength(2);
    } finally {
      await d.close();
    }
  }, 60_000);
});
