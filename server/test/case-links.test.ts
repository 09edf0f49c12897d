/**
 * Links between cases (issue 12) over HTTP on a real database: a link is shown on both
 * cases' pages with the label seen from each, never reveals a case the reader may not
 * see, refuses duplicates (409), self-links and other towns' cases, is audited with case
 * numbers only, and a link written inside another service's transaction rolls back with it.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseAccess } from '../src/cases/access.ts';
import { linkCases } from '../src/cases/links.ts';
import type { AuditEntry } from '../src/platform/audit.ts';
import { createUser, type UnitRow } from '../src/seed/factories.ts';
import { complaintModule } from './fixtures/complaint.ts';
import { as, type Harness, harness, login, type Session } from './helpers.ts';

let h: Harness;
const s: Record<string, Session> = {};
const ids = { village1: 0, village2: 0, otherVillage: 0 };
const ID_A = '110101199003070011';

beforeAll(async () => {
  h = await harness({}, { modules: [complaintModule], demo: true });
  const db = h.db.database.db;
  const unit = async (name: string) =>
    db.selectFrom('org_units').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
  ids.village1 = (await unit('湾头村村民委员会')).id;
  ids.village2 = (await unit('桥东村村民委员会')).id;
  ids.otherVillage = (await unit('青石村村民委员会')).id;
  // A 矛调中心 clerk of two towns: sees and writes cases of both.
  await createUser(db, {
    username: 'twotowns',
    password: 'Demo@2026',
    roles: [
      { role: 'tiaojie', unit: (await unit('湾头桥镇')) as unknown as UnitRow, scope: 'town' },
      { role: 'tiaojie', unit: (await unit('青石镇')) as unknown as UnitRow, scope: 'town' },
    ],
  });
  for (const u of ['tiaojie', 'cun01', 'county', 'twotowns']) s[u] = await login(h.app, u, 'Demo@2026');
});

afterAll(() => h.close());

async function newCase(who: string, unitId: number, title: string) {
  const res = await as(h.app, s[who]!)('POST', '/api/cases', {
    type: 'complaint',
    title,
    unitId: String(unitId),
    fields: { receivedOn: '2026-03-02', category: 'noise', summary: '夜间风机噪声影响休息' },
    parties: [{ role: 'complainant', name: '张三丰', idNumber: ID_A }],
  });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  return { id: String(body.id), number: String(body.number) };
}

const links = async (who: string, caseId: string) => {
  const res = await as(h.app, s[who]!)('GET', `/api/cases/${caseId}/links`);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    items: {
      id: string;
      kind: string;
      direction: string;
      label: string;
      note: string | null;
      other: { id: string; number: string; title: string; stateLabel: string };
      canDelete: boolean;
    }[];
    canCreate: boolean;
  };
};

describe('links between cases', () => {
  let a: { id: string; number: string };
  let b: { id: string; number: string };
  let linkId: string;

  beforeAll(async () => {
    a = await newCase('tiaojie', ids.village1, '湾头村噪声投诉');
    b = await newCase('tiaojie', ids.village2, '桥东村噪声投诉');
  });

  it('links by number and shows the link on both cases with the label seen from each', async () => {
    const res = await as(h.app, s.tiaojie!)('POST', `/api/cases/${a.id}/links`, {
      toNumber: b.number,
      kind: 'transferred_from',
      note: '桥东村转来',
    });
    expect(res.statusCode).toBe(200);
    linkId = res.json().id;

    const fromA = await links('tiaojie', a.id);
    expect(fromA.canCreate).toBe(true);
    expect(fromA.items).toEqual([
      expect.objectContaining({
        id: linkId,
        kind: 'transferred_from',
        direction: 'outgoing',
        label: '由…转来',
        note: '桥东村转来',
        other: expect.objectContaining({ id: b.id, number: b.number, title: '桥东村噪声投诉', stateLabel: '已登记' }),
        canDelete: true,
      }),
    ]);
    const fromB = await links('tiaojie', b.id);
    expect(fromB.items).toEqual([
      expect.objectContaining({
        id: linkId,
        direction: 'incoming',
        label: '转出至',
        other: expect.objectContaining({ number: a.number }),
      }),
    ]);
  });

  it('refuses the same link twice with a 409 naming both cases', async () => {
    const res = await as(h.app, s.tiaojie!)('POST', `/api/cases/${a.id}/links`, {
      toCaseId: b.id,
      kind: 'transferred_from',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe(`案件 ${a.number} 与 ${b.number} 已有「由…转来」关联，不能重复添加`);
  });

  it('treats 关联 as one link whichever end records it', async () => {
    const first = await as(h.app, s.tiaojie!)('POST', `/api/cases/${a.id}/links`, { toCaseId: b.id, kind: 'related' });
    expect(first.statusCode).toBe(200);
    const again = await as(h.app, s.tiaojie!)('POST', `/api/cases/${b.id}/links`, { toCaseId: a.id, kind: 'related' });
    expect(again.statusCode).toBe(409);
    expect((await links('tiaojie', b.id)).items.map((l) => l.label)).toEqual(['转出至', '关联']);
    const del = await as(h.app, s.tiaojie!)('DELETE', `/api/cases/${a.id}/links/${first.json().id}`);
    expect(del.statusCode).toBe(200);
  });

  it('refuses a link to the case itself and names the field', async () => {
    const res = await as(h.app, s.tiaojie!)('POST', `/api/cases/${a.id}/links`, { toCaseId: a.id, kind: 'related' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'toCaseId', message: '关联案件不能是本案件' }]);
  });

  it('does not reveal a linked case the reader may not see', async () => {
    // cun01 sees 湾头村's case A but not 桥东村's case B.
    const seen = await as(h.app, s.cun01!)('GET', `/api/cases/${a.id}/links`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().items).toEqual([]);
    expect(seen.body).not.toContain(b.number);
    expect(seen.body).not.toContain('桥东村');
    // Naming B answers as for a number that does not exist.
    const byNumber = await as(h.app, s.cun01!)('POST', `/api/cases/${a.id}/links`, {
      toNumber: b.number,
      kind: 'related',
    });
    const missing = await as(h.app, s.cun01!)('POST', `/api/cases/${a.id}/links`, {
      toNumber: '不存在',
      kind: 'related',
    });
    expect(byNumber.statusCode).toBe(400);
    expect(missing.statusCode).toBe(400);
    expect(byNumber.json().error.fields[0].message).toBe(
      missing.json().error.fields[0].message.replace('不存在', b.number),
    );
    // Nor can the hidden link be removed through A, and B itself is a 404.
    expect((await as(h.app, s.cun01!)('DELETE', `/api/cases/${a.id}/links/${linkId}`)).statusCode).toBe(404);
    expect((await as(h.app, s.cun01!)('GET', `/api/cases/${b.id}/links`)).statusCode).toBe(404);
  });

  it('lets only those who work a case add or remove links', async () => {
    // The county supervisor reads every case but works none.
    const list = await links('county', a.id);
    expect(list.canCreate).toBe(false);
    expect(list.items[0]?.canDelete).toBe(false);
    const add = await as(h.app, s.county!)('POST', `/api/cases/${a.id}/links`, { toCaseId: b.id, kind: 'penalty' });
    expect(add.statusCode).toBe(403);
    const del = await as(h.app, s.county!)('DELETE', `/api/cases/${a.id}/links/${linkId}`);
    expect(del.statusCode).toBe(403);
  });

  it('refuses a case of another town', async () => {
    const here = await newCase('twotowns', ids.village1, '本镇案件');
    const there = await newCase('twotowns', ids.otherVillage, '青石镇案件');
    const res = await as(h.app, s.twotowns!)('POST', `/api/cases/${here.id}/links`, {
      toCaseId: there.id,
      kind: 'related',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'toCaseId', message: '关联案件：只能关联本乡镇的案件' }]);
    expect(
      await h.db.database.db
        .selectFrom('case_links')
        .select('id')
        .where('from_case_id', '=', Number(here.id))
        .execute(),
    ).toEqual([]);
  });

  it('audits the link with both case numbers and no title or name', async () => {
    const row = await h.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'target', 'details', 'actor_name'])
      .where('action', '=', 'case.link')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      target: `case:${a.id}`,
      details: { link: linkId, from: a.number, to: b.number, kind: 'transferred_from' },
    });
    const text = JSON.stringify(row.details);
    for (const secret of ['张三丰', ID_A, '噪声投诉', '桥东村转来']) expect(text).not.toContain(secret);
  });

  it('removes a link from either end and audits it', async () => {
    const res = await as(h.app, s.tiaojie!)('DELETE', `/api/cases/${b.id}/links/${linkId}`);
    expect(res.statusCode).toBe(200);
    expect((await links('tiaojie', a.id)).items).toEqual([]);
    expect((await links('tiaojie', b.id)).items).toEqual([]);
    const row = await h.db.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'case.unlink')
      .where('target', '=', `case:${a.id}`)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.details).toMatchObject({ link: linkId, from: a.number, to: b.number });
    expect((await as(h.app, s.tiaojie!)('DELETE', `/api/cases/${b.id}/links/${linkId}`)).statusCode).toBe(404);
  });

  describe('inside another service’s transaction', () => {
    const session = async () => {
      const auth = await h.app.services.auth.authenticate(
        s.tiaojie!.cookie.match(/fazhi_sid=([^;]+)/)![1]!,
        h.clock.now(),
        true,
      );
      return caseAccess(h.db.database.db, auth, h.app.services.registry);
    };
    const audit = (action: string, target: string, details?: Record<string, unknown>): AuditEntry => ({
      chainId: 0,
      at: h.clock.now(),
      actorId: null,
      actorName: '测试',
      unitId: null,
      unitName: null,
      ip: null,
      action,
      target,
      outcome: 'success',
      ...(details ? { details } : {}),
    });
    const body = (title: string) => ({
      type: 'complaint',
      title,
      unitId: String(ids.village1),
      fields: { receivedOn: '2026-03-02', category: 'noise', summary: '由另一案件转来' },
      parties: [{ role: 'complainant', kind: 'person' as const, name: '张三丰' }],
    });

    /** What a conversion does: create the new case and link it to its origin, in one transaction. */
    async function convert(title: string, fail: boolean) {
      const { cases } = h.app.services;
      const acc = await session();
      const now = h.clock.now();
      const plan = await cases.prepareCreate(acc, body(title), now);
      await h.db.database.db.transaction().execute(async (trx) => {
        const id = await cases.insertPrepared(trx, plan, acc, now, audit);
        await linkCases(
          trx,
          { fromCaseId: id, toCaseId: Number(a.id), kind: 'transferred_from', userId: acc.auth.userId, now },
          audit,
        );
        if (fail) throw new Error('conversion failed after the link');
      });
    }

    it('commits the link with the new case', async () => {
      await convert('转来的案件', false);
      const items = (await links('tiaojie', a.id)).items;
      expect(items).toEqual([
        expect.objectContaining({ label: '转出至', other: expect.objectContaining({ title: '转来的案件' }) }),
      ]);
    });

    it('rolls the link back with the new case', async () => {
      const before = (await links('tiaojie', a.id)).items.length;
      await expect(convert('失败的转来案件', true)).rejects.toThrow('conversion failed');
      const db = h.db.database.db;
      expect(await db.selectFrom('cases').select('id').where('title', '=', '失败的转来案件').execute()).toEqual([]);
      expect((await links('tiaojie', a.id)).items.length).toBe(before);
    });
  });
});
