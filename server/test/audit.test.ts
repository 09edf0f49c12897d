import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import { openDatabase } from '../src/db/index.ts';
import { migrate } from '../src/db/migrate.ts';
import { appendAudit, verifyAudit } from '../src/platform/audit.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { createUser } from '../src/seed/factories.ts';
import { as, type Harness, harness, login } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await harness({}, { demo: true });
});
afterAll(() => h.close());

describe('audit log', () => {
  it('records logins, failures and writes with actor, unit, IP and outcome', async () => {
    await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'sysadmin', password: 'bad' } });
    const s = await login(h.app, 'sysadmin', 'Demo@2026');
    const unit = (
      await h.db.database.db
        .selectFrom('org_units')
        .select('id')
        .where('name', '=', '湾头桥镇')
        .executeTakeFirstOrThrow()
    ).id;
    const created = await as(h.app, s)('POST', '/api/org-units', {
      parentId: unit,
      kind: 'department',
      name: '审计测试办',
    });
    expect(created.statusCode).toBe(201);
    const rows = await h.db.database.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor_name', 'unit_name', 'ip', 'target', 'chain_id'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'auth.login', outcome: 'failure', actor_name: '系统管理员' }),
        expect.objectContaining({ action: 'auth.login', outcome: 'success', unit_name: '湾头桥镇', ip: '127.0.0.1' }),
        expect.objectContaining({
          action: 'org.create',
          outcome: 'success',
          target: `org:${created.json().id}`,
          chain_id: unit,
        }),
      ]),
    );
    expect((await verifyAudit(h.db.database.db)).ok).toBe(true);
  });

  it('the database refuses UPDATE and DELETE on audit rows', async () => {
    const db = h.db.database.db;
    await expect(sql`update audit_log set outcome = 'success'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(db)).rejects.toThrow(/append-only/);
  });

  it('shows the auditor the log, filtered, and exports it as .xlsx', async () => {
    const s = await login(h.app, 'auditor', 'Demo@2026');
    const list = await as(h.app, s)('GET', '/api/audit?action=org.create');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    expect(list.json().items.every((i: { action: string }) => i.action === 'org.create')).toBe(true);
    const xlsx = await as(h.app, s)('GET', '/api/audit/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('审计日志')!;
    expect(ws.getRow(1).getCell(1).value).toBe('编号');
    expect(ws.rowCount).toBeGreaterThan(3);
  });

  it('filters by Beijing calendar days, both ends included, and refuses an instant for a day', async () => {
    const db = h.db.database.db;
    const town = await db.selectFrom('org_units').select('id').where('name', '=', '湾头桥镇').executeTakeFirstOrThrow();
    const at = {
      before: '2026-02-28T23:59:00+08:00',
      firstMinute: '2026-03-01T00:01:00+08:00',
      lastMinute: '2026-03-01T23:59:00+08:00',
      after: '2026-03-02T00:01:00+08:00',
    };
    for (const [name, iso] of Object.entries(at)) {
      await appendAudit(db, {
        chainId: town.id,
        at: new Date(iso),
        actorId: null,
        actorName: null,
        unitId: town.id,
        unitName: '湾头桥镇',
        ip: null,
        action: 'auth.login',
        target: `day-edge-${name}`,
        outcome: 'failure',
      });
    }
    const get = as(h.app, await login(h.app, 'auditor', 'Demo@2026'));
    const day = await get('GET', '/api/audit?from=2026-03-01&to=2026-03-01&actor=day-edge-');
    expect(day.statusCode).toBe(200);
    expect(
      day
        .json()
        .items.map((i: { target: string }) => i.target)
        .sort(),
    ).toEqual(['day-edge-firstMinute', 'day-edge-lastMinute']);
    const open = await get('GET', '/api/audit?to=2026-02-28&actor=day-edge-');
    expect(open.json().items.map((i: { target: string }) => i.target)).toEqual(['day-edge-before']);
    const instant = await get('GET', `/api/audit?from=${encodeURIComponent('2026-02-28T16:00:00.000Z')}`);
    expect(instant.statusCode).toBe(400);
    expect(instant.json().error.message).toContain('YYYY-MM-DD');
  });

  it('a row tampered with by SQL is named by verify', async () => {
    const db = h.db.database.db;
    const victim = await db
      .selectFrom('audit_log')
      .select(['id', 'chain_id', 'seq'])
      .where('action', '=', 'org.create')
      .executeTakeFirstOrThrow();
    // A superuser can bypass the trigger; the chain still gives them away.
    await db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn);
      await sql`update audit_log set target = 'org:999' where id = ${victim.id}`.execute(conn);
      await sql`set session_replication_role = origin`.execute(conn);
    });
    const r = await verifyAudit(db);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ id: victim.id, chainId: victim.chain_id, seq: victim.seq });
  });

  it("an auditor's verify walks only the chains in their scope", async () => {
    // The previous test broke a record of 湾头桥镇's chain; 青石镇's own auditor must not be
    // told about it (nor have every town's chain walked on their behalf), 湾头桥镇's must.
    const db = h.db.database.db;
    const qs = await db.selectFrom('org_units').selectAll().where('name', '=', '青石镇').executeTakeFirstOrThrow();
    await createUser(db, { username: 'qsauditor', password: 'Test@2026x', roles: [{ role: 'auditor', unit: qs }] });
    const own = await as(h.app, await login(h.app, 'auditor', 'Demo@2026'))('GET', '/api/audit/verify');
    expect(own.statusCode).toBe(200);
    expect(own.json().ok).toBe(false);
    const qsSession = await login(h.app, 'qsauditor', 'Test@2026x');
    const qsRows = await db.selectFrom('audit_log').select('id').where('chain_id', '=', qs.id).execute();
    const other = await as(h.app, qsSession)('GET', '/api/audit/verify');
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({ ok: true, chains: 1, checked: qsRows.length });
  });

  it('`fazhi audit verify` names the first broken record and exits 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-audit-'));
    // As root the embedded PostgreSQL runs as `postgres`, who must be able to pass through (db/embedded.ts).
    fs.chmodSync(dir, 0o711);
    const env = { ...process.env };
    const url = h.db.url;
    const d = url ? h.db.database : await openDatabase({ databaseUrl: undefined, dataDir: dir });
    try {
      if (!url) {
        await migrate(d.db);
        await seedDemo(d.db);
        for (let i = 0; i < 3; i++) {
          await appendAudit(d.db, {
            chainId: 7,
            at: new Date(),
            actorId: null,
            actorName: null,
            unitId: null,
            unitName: null,
            ip: null,
            action: 'auth.login',
            target: `t${i}`,
            outcome: 'failure',
          });
        }
      }
      const target = await d.db.selectFrom('audit_log').select(['id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      await d.db.connection().execute(async (conn) => {
        await sql`set session_replication_role = replica`.execute(conn);
        await sql`delete from audit_log where id = ${target.id}`.execute(conn);
        await sql`set session_replication_role = origin`.execute(conn);
      });
      if (!url) await d.close();
      if (url) process.env.DATABASE_URL = url;
      else {
        delete process.env.DATABASE_URL;
        process.env.FAZHI_DATA_DIR = dir;
      }
      const lines: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string) => {
        lines.push(String(chunk));
        return true;
      }) as typeof process.stdout.write;
      let code: number;
      try {
        code = await main(['audit', 'verify']);
      } finally {
        process.stdout.write = write;
      }
      expect(code).toBe(1);
      expect(lines.join('')).toMatch(/审计日志被篡改：第一条异常记录/);
    } finally {
      process.env = env;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
