/**
 * `fazhi serve | migrate | seed --demo | audit verify | user create | user reset-password`.
 * Each command opens the database itself; the embedded one is locked while open, so
 * a second command against a running embedded server is refused rather than corrupting it.
 */

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError, addPeriod, checkPassword, createCalendar, DEFAULT_PASSWORD_POLICY, roleDef } from '@fazhi/domain';
import { buildApp } from './app.ts';
import { type Config, loadConfig } from './config.ts';
import { buildServices } from './core/services.ts';
import type { Database } from './db/index.ts';
import { importLegacyPglite, legacyPgliteDir, openAndImport } from './db/legacy.ts';
import { migrate } from './db/migrate.ts';
import { seedDemoCases } from './demo/index.ts';
import { serveLogStream } from './http/log-streams.ts';
import { scheduleSweep, sweepBreaches } from './jobs/sweep.ts';
import { MODULES } from './modules.ts';
import { appendAudit, verifyAudit } from './platform/audit.ts';
import { setPassword } from './platform/auth.ts';
import {
  BackupError,
  backupEmbedded,
  checkPassphrase,
  pruneBackups,
  readManifest,
  restoreEmbedded,
} from './platform/backup.ts';
import { hashPassword } from './platform/passwords.ts';
import { StartupState } from './platform/startup.ts';
import { reportCommand } from './report/cli.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, isEmpty, seedDemo } from './seed/demo.ts';

const HELP = `用法: fazhi <命令> [选项]

  serve                     启动服务（首次启动且数据库为空时自动写入演示数据）
  migrate                   执行数据库迁移
  migrate-embedded [--from 旧PGlite目录]
                            把旧版嵌入式数据库（PGlite，FAZHI_DATA_DIR/pgdata）导入嵌入式 PostgreSQL
                            （serve 启动时发现旧数据库也会自动导入）
  seed --demo               写入湾头桥镇演示数据（仅限空数据库）
  audit verify              校验审计日志哈希链，指出第一条被篡改的记录
  sweep                     检查超期案件并记录超期（服务运行时每 10 分钟自动执行）
  backup [--out 目录] [--passphrase-file 口令文件]
                            备份数据库（嵌入式 PostgreSQL 或 DATABASE_URL）与附件（嵌入式运行时每天自动备份，保留 FAZHI_BACKUP_KEEP 份）。
                            给出口令（或 FAZHI_BACKUP_PASSPHRASE）则整份备份连同安装密钥加密；
                            否则备份不含安装密钥 secret.key，须另行妥善保存
  restore --from 备份目录 [--passphrase-file 口令文件] [--secret-file secret.key]
                            恢复到 FAZHI_DATA_DIR 指定的空目录，或 DATABASE_URL 指定的空数据库（见 docs/runbooks/backup.md）
  deadline --from 2023-09-20 --length 15 --unit d|wd|month [--roll official|statutory_only]
                            期限计算器：第一行输出到期日，其后为计算过程（按国务院公布的节假日安排，不含本地调整）
  report --town 湾头桥镇 --year 2023 [--out report.docx]
                            导出年度法治政府建设报告（公文格式 .docx）：有已审定版本则导出审定版，否则导出当前草稿
  report --town 湾头桥镇 --year 2023 --facts
                            以 JSON 输出该镇该年度的全部统计数据（人工填报的注明来源）
  user create --username U --name 姓名 --role R --unit 单位编号 [--password P]
  user reset-password --username U --password P

环境变量: DATABASE_URL（PostgreSQL 服务器；不设则在 FAZHI_DATA_DIR/pg 启动嵌入式 PostgreSQL）, FAZHI_DATA_DIR, FAZHI_DB_POOL, PORT, HOST`;

async function withDb<T>(cfg: Config, fn: (d: Database) => Promise<T>): Promise<T> {
  const { database: d } = await openAndImport(cfg, err);
  try {
    await migrate(d.db);
    return await fn(d);
  } finally {
    await d.close();
  }
}

function out(line: string) {
  process.stdout.write(`${line}\n`);
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  const cfg = loadConfig();
  switch (cmd) {
    case 'serve':
      return serve(cfg);
    case 'sweep':
      return withDb(cfg, async (d) => {
        const s = buildServices(cfg, d, MODULES);
        const r = await sweepBreaches(d.db, s.registry, s.calendars, new Date());
        out(`已检查 ${r.checked} 件，新记录超期 ${r.breaches} 项`);
        return 0;
      });
    case 'migrate-embedded':
      return migrateEmbedded(
        cfg,
        [sub, ...rest].filter((a): a is string => !!a),
      );
    case 'migrate':
      return withDb(cfg, async (d) => {
        const applied = await migrate(d.db);
        out(applied.length ? `已执行迁移: ${applied.join(', ')}` : '数据库已是最新');
        return 0;
      });
    case 'seed': {
      const args = [sub, ...rest].filter((a): a is string => !!a);
      if (!args.includes('--demo')) {
        out('请使用 fazhi seed --demo');
        return 2;
      }
      return withDb(cfg, async (d) => {
        if (!(await isEmpty(d.db))) {
          out('数据库不为空，未写入演示数据');
          return 1;
        }
        await seedDemo(d.db);
        out('已写入湾头桥镇组织机构与演示账户，正在写入 2023 年及近几周的演示案件……');
        const services = buildServices(cfg, d, MODULES);
        await seedDemoCases(services, { log: out, mediation: cfg.demoCases, now: services.now() });
        out('已写入湾头桥镇演示数据');
        return 0;
      });
    }
    case 'backup':
      return backupCommand(
        cfg,
        [sub, ...rest].filter((a): a is string => !!a),
      );
    case 'restore':
      return restoreCommand(
        cfg,
        [sub, ...rest].filter((a): a is string => !!a),
      );
    case 'audit': {
      if (sub !== 'verify') break;
      return withDb(cfg, async (d) => {
        const r = await verifyAudit(d.db);
        if (r.ok) {
          out(`审计日志完整：${r.chains} 条链，共 ${r.checked} 条记录`);
          return 0;
        }
        const b = r.firstBroken!;
        out(`审计日志被篡改：第一条异常记录 id=${b.id}（链 ${b.chainId}，序号 ${b.seq}）：${b.reason}`);
        return 1;
      });
    }
    case 'user':
      return userCommand(cfg, sub, rest);
    case 'report':
      return withDb(cfg, async (d) => {
        return reportCommand(
          buildServices(cfg, d, MODULES),
          [sub, ...rest].filter((a): a is string => a !== undefined),
          out,
        );
      });
    case 'deadline':
      return deadline([sub, ...rest].filter((a): a is string => a !== undefined));
    case undefined:
    case 'help':
    case '--help':
      out(HELP);
      return 0;
  }
  out(`未知命令: ${argv.join(' ')}\n\n${HELP}`);
  return 2;
}

function deadline(args: string[]): number {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      length: { type: 'string' },
      unit: { type: 'string' },
      roll: { type: 'string' },
    },
  });
  const length = Number(values.length);
  const unit = values.unit;
  if (!values.from || !Number.isInteger(length) || length < 1 || (unit !== 'd' && unit !== 'wd' && unit !== 'month')) {
    out('用法: fazhi deadline --from YYYY-MM-DD --length N --unit d|wd|month');
    return 2;
  }
  const rollRule = values.roll === 'statutory_only' ? 'statutory_only' : 'official';
  try {
    const calendar = createCalendar();
    const r =
      unit === 'wd'
        ? addPeriod(calendar, { unit, from: values.from, length })
        : addPeriod(calendar, { unit, from: values.from, length, rollRule });
    out(r.due);
    for (const step of r.steps) out(`  ${step}`);
    if (r.basis.length) out(`依据：${r.basis.join('；')}`);
    if (r.provisional) out('注意：该年度国务院尚未公布节假日安排，结果为暂定。');
    return 0;
  } catch (e) {
    if (e instanceof AppError) {
      out(e.message);
      return 2;
    }
    throw e;
  }
}

async function userCommand(cfg: Config, sub: string | undefined, rest: string[]): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      unit: { type: 'string' },
      password: { type: 'string' },
    },
  });
  if (!values.username) {
    out('缺少 --username');
    return 2;
  }
  const password = values.password;
  if (!password) {
    out('缺少 --password（初始密码，用户首次登录须修改）');
    return 2;
  }
  const problems = checkPassword(password, DEFAULT_PASSWORD_POLICY, { username: values.username });
  if (problems.length) {
    out(`密码不符合要求：${problems.join('；')}`);
    return 2;
  }
  return withDb(cfg, async (d) => {
    const db = d.db;
    if (sub === 'create') {
      const def = values.role ? roleDef(values.role) : undefined;
      const unitId = Number(values.unit);
      if (!def || !Number.isInteger(unitId)) {
        out('需要 --role（角色代码，如 sysadmin）和 --unit（单位编号）');
        return 2;
      }
      const unit = await db
        .selectFrom('org_units')
        .select(['id', 'town_id'])
        .where('id', '=', unitId)
        .executeTakeFirst();
      if (!unit) {
        out(`单位 ${unitId} 不存在`);
        return 1;
      }
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const u = await trx
          .insertInto('users')
          .values({
            username: values.username!.toLowerCase(),
            display_name: values.name ?? values.username!,
            password_hash: hash,
            must_change_password: true,
            town_id: unit.town_id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('password_history').values({ user_id: u.id, password_hash: hash }).execute();
        await trx
          .insertInto('user_roles')
          .values({ user_id: u.id, role: def.key, unit_id: unit.id, town_id: unit.town_id, scope: def.defaultScope })
          .execute();
        // Administrator accounts (三员) are granted here; the act is audited like one over HTTP.
        await appendAudit(
          trx,
          cliAudit(unit.town_id, 'user.create', u.id, {
            username: values.username!.toLowerCase(),
            roles: [`${def.key}@${unit.id}:${def.defaultScope}`],
          }),
        );
      });
      out(`已创建用户 ${values.username}（${def.label}），首次登录须修改密码`);
      return 0;
    }
    if (sub === 'reset-password') {
      const u = await db
        .selectFrom('users')
        .select(['id', 'town_id'])
        .where('username', '=', values.username!.toLowerCase())
        .executeTakeFirst();
      if (!u) {
        out(`用户 ${values.username} 不存在`);
        return 1;
      }
      const hash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        await setPassword(trx, u.id, hash, true, new Date());
        await trx
          .updateTable('sessions')
          .set({ ended_at: new Date(), end_reason: 'password_reset' })
          .where('user_id', '=', u.id)
          .where('ended_at', 'is', null)
          .execute();
        await appendAudit(
          trx,
          cliAudit(u.town_id, 'user.reset_password', u.id, { username: values.username!.toLowerCase() }),
        );
      });
      out(`已重置 ${values.username} 的密码，下次登录须修改`);
      return 0;
    }
    out('用法: fazhi user create|reset-password …');
    return 2;
  });
}

async function migrateEmbedded(cfg: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { from: { type: 'string' } } });
  if (cfg.databaseUrl || cfg.dataDir.startsWith('memory://')) {
    out('migrate-embedded 导入到嵌入式 PostgreSQL：请不要设置 DATABASE_URL，并用 FAZHI_DATA_DIR 指定数据目录');
    return 2;
  }
  const from = values.from ? path.resolve(values.from) : undefined;
  if (from && !fs.existsSync(path.join(from, 'PG_VERSION'))) {
    out(`${from} 不是 PGlite 数据目录（缺少 PG_VERSION）`);
    return 2;
  }
  // Opening the embedded database already imports <dataDir>/pgdata when it is there.
  const { database: d, imported } = await openAndImport(cfg, out);
  try {
    const rows = from ? await importLegacyPglite(cfg.dataDir, d, out, from) : imported;
    if (rows === undefined) {
      out(`${legacyPgliteDir(cfg.dataDir)} 不存在，没有需要导入的旧数据库`);
      return 0;
    }
    await migrate(d.db);
    return 0;
  } finally {
    await d.close();
  }
}

async function serve(cfg: Config): Promise<number> {
  // Where a start's time goes (ms since the process began), logged once listening (bench/src/start.ts reads it).
  const phases: Record<string, number> = { imports: Math.round(performance.now()) };
  const { database } = await openAndImport(cfg, out);
  phases.database = Math.round(performance.now());
  let stopSweep = () => {};
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  // Registered before the (possibly long) first-start seeding: a Ctrl-C then must stop the
  // embedded PostgreSQL too, which Node's default signal exit would leave running.
  const shutdown = async () => {
    stopSweep();
    await app?.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await migrate(database.db);
  phases.migrations = Math.round(performance.now());
  let seeded = false;
  if (await isEmpty(database.db)) {
    await seedDemo(database.db);
    seeded = true;
  }
  // The demo's casework is simulated after the server listens (issue 13): the browser shows its
  // progress instead of a refused connection, and nobody signs in to a half-written demo.
  const startup = new StartupState();
  const simulate = seeded && cfg.demoCases > 0;
  if (simulate) startup.begin('准备演示数据');
  const logStream = cfg.dataDir.startsWith('memory://') ? undefined : serveLogStream(cfg.logFile, cfg.logLevel);
  app = await buildApp({ config: cfg, database, startup, logStream });
  phases.app = Math.round(performance.now());
  await app.listen({ port: cfg.port, host: cfg.host });
  phases.listening = Math.round(performance.now());
  app.log.info({ startupMs: phases }, 'startup phases');
  const url = `http://${cfg.host === '0.0.0.0' ? 'localhost' : cfg.host === '127.0.0.1' ? 'localhost' : cfg.host}:${cfg.port}`;
  if (simulate) {
    out(`首次启动：正在模拟湾头桥镇的案件办理，生成演示数据（仅此一次）。浏览器打开 ${url} 可查看进度。`);
    const t0 = Date.now();
    let shown = -1;
    try {
      await seedDemoCases(app.services, {
        log: out,
        mediation: cfg.demoCases,
        now: app.services.now(),
        progress: (fraction, phase) => {
          startup.report(fraction, phase);
          const tenth = Math.floor(fraction * 10);
          if (tenth > shown) {
            shown = tenth;
            out(`  演示数据 ${tenth * 10}%：${phase}`);
          }
        },
      });
      out(`  演示数据已生成（${((Date.now() - t0) / 1000).toFixed(0)} 秒）`);
    } catch (e) {
      // The server stays up on what was written: an operator can still sign in and look.
      app.log.error({ err: e }, 'demo simulation failed');
      err(`演示数据生成失败：${e instanceof Error ? e.message : String(e)}`);
    } finally {
      startup.done();
    }
  }
  const s = app.services;
  if (database.kind === 'embedded') {
    // Daily backups of the embedded database (nobody else looks after it); the first one an hour after start.
    // Encrypted with the secret inside when FAZHI_BACKUP_PASSPHRASE is set; else without the secret (issue 11).
    // Said once, at start, where the operator looks.
    if (!cfg.backupPassphrase) app.log.warn(NO_SECRET_WARNING);
    const backup = async () => {
      const dir = await backupEmbedded(database, cfg, cfg.backupDir, s.now(), { passphrase: cfg.backupPassphrase });
      await pruneBackups(cfg.backupDir, cfg.backupKeep);
      app.log.info({ dir, encrypted: cfg.backupPassphrase !== undefined }, 'backup written');
    };
    const first = setTimeout(() => {
      void backup().catch((e) => app.log.error({ err: e }, 'backup failed'));
      const daily = setInterval(
        () => void backup().catch((e) => app.log.error({ err: e }, 'backup failed')),
        86_400_000,
      );
      daily.unref();
    }, 3_600_000);
    first.unref();
  }
  stopSweep = scheduleSweep(
    () => sweepBreaches(database.db, s.registry, s.calendars, s.now()),
    10 * 60_000,
    (e) => app.log.error({ err: e }, 'deadline sweep failed'),
  );
  out('');
  out(
    `Fazhi 法治 已启动: ${url}   （数据库: ${database.kind === 'embedded' ? `嵌入式 PostgreSQL，${cfg.dataDir}` : database.kind === 'pglite' ? 'PGlite（内存）' : 'PostgreSQL'}）`,
  );
  if (seeded) out('首次启动：已写入湾头桥镇演示数据。');
  if (await app.services.settings.demo()) {
    out(`演示账户（密码均为 ${DEMO_PASSWORD}）：`);
    for (const a of DEMO_ACCOUNTS) out(`  ${a.username.padEnd(10)} ${roleDef(a.role)?.label ?? a.role}  ${a.where}`);
  }
  out(`接口文档: ${url}/api/docs`);
  return new Promise(() => {});
}

/** Loud, on stderr, in both languages: a backup without the secret cannot bring back the ID numbers. */
export const NO_SECRET_WARNING = [
  '警告：本备份未加密，因此没有包含安装密钥（secret.key）。没有该密钥，备份中加密存储的身份证号码和电话号码将无法读取。',
  '      请另行妥善备份数据目录中的 secret.key（或 FAZHI_SECRET 的值），不要与备份放在一起；',
  '      或使用 --passphrase-file / FAZHI_BACKUP_PASSPHRASE 生成连同密钥一起加密的备份。',
  'WARNING: this backup is not encrypted, so it does NOT contain the install secret (secret.key). Without it the',
  '         encrypted ID and phone numbers in the backup cannot be read. Back up secret.key (or FAZHI_SECRET)',
  '         separately, away from the backups, or use --passphrase-file / FAZHI_BACKUP_PASSPHRASE for an',
  '         encrypted backup that includes it.',
].join('\n');

function err(line: string) {
  process.stderr.write(`${line}\n`);
}

/** The passphrase file's content without its final line break (editors add one). */
function readPassphraseFile(file: string): string {
  return fs.readFileSync(path.resolve(file), 'utf8').replace(/\r?\n$/, '');
}

async function backupCommand(cfg: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
  const root = values.out ? path.resolve(values.out) : cfg.backupDir;
  const passphrase = values['passphrase-file'] ? readPassphraseFile(values['passphrase-file']) : cfg.backupPassphrase;
  try {
    if (passphrase !== undefined) checkPassphrase(passphrase);
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    err(e.message);
    return 2;
  }
  return withDb(cfg, async (d) => {
    const dir = await backupEmbedded(d, cfg, root, new Date(), { passphrase });
    if (passphrase !== undefined) {
      out(`加密备份已写入 ${dir}（含安装密钥；恢复时须提供同一口令，口令遗失则备份无法恢复）`);
    } else {
      out(`备份已写入 ${dir}`);
      err(NO_SECRET_WARNING);
    }
    return 0;
  });
}

async function restoreCommand(cfg: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      'passphrase-file': { type: 'string' },
      'secret-file': { type: 'string' },
      'without-secret': { type: 'boolean' },
    },
  });
  if (!values.from) {
    out(
      '用法: fazhi restore --from <备份目录> [--passphrase-file 口令文件] [--secret-file secret.key]   （恢复到 FAZHI_DATA_DIR 指定的空目录）',
    );
    return 2;
  }
  const from = path.resolve(values.from);
  if (values['secret-file'] && !fs.existsSync(values['secret-file'])) {
    err(`找不到密钥文件 ${values['secret-file']} (secret file not found)`);
    return 2;
  }
  try {
    const manifest = await readManifest(from);
    if (!manifest.secret && !values['secret-file'] && !cfg.secret && !values['without-secret']) {
      // Started without it, the server would make a new secret.key and the old numbers would stay unreadable.
      err(
        '该备份不含安装密钥。请用 --secret-file 指定原安装的 secret.key（或设置原来的 FAZHI_SECRET）；' +
          '确认密钥已遗失时可加 --without-secret 继续，但备份中的身份证号码和电话号码将无法读取。\n' +
          'This backup does not contain the install secret: give the original one with --secret-file (or set FAZHI_SECRET),\n' +
          'or add --without-secret to restore anyway (the encrypted ID and phone numbers will stay unreadable).',
      );
      return 2;
    }
    let passphrase: string | undefined;
    if (manifest.format === 2) {
      passphrase = values['passphrase-file']
        ? readPassphraseFile(values['passphrase-file'])
        : (cfg.backupPassphrase ?? (await askHidden('备份口令 (backup passphrase): ')));
    }
    const r = await restoreEmbedded(from, cfg.dataDir, {
      databaseUrl: cfg.databaseUrl,
      passphrase,
      secretFile: values['secret-file'] ? path.resolve(values['secret-file']) : undefined,
    });
    out(`已从 ${from} 恢复到 ${cfg.databaseUrl ? 'DATABASE_URL 指定的数据库' : cfg.dataDir}`);
    if (r.secret === 'none' && !cfg.secret) err('注意：未恢复安装密钥，加密的身份证号码和电话号码无法读取。');
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    err(e.message);
    return 1;
  }
}

/** Reads a line from the terminal without echoing it; undefined when stdin is not a terminal. */
async function askHidden(prompt: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const readline = await import('node:readline');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  process.stdout.write(prompt);
  // readline echoes through _writeToOutput; silence it while the passphrase is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  try {
    return await new Promise<string>((resolve) => rl.question('', resolve));
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

/** An audit entry for an act done at the server's console (no signed-in user). */
function cliAudit(townId: number | null, action: string, userId: number, details: Record<string, unknown>) {
  return {
    chainId: townId ?? 0,
    at: new Date(),
    actorId: null,
    actorName: '命令行',
    unitId: null,
    unitName: null,
    ip: null,
    action,
    target: `user:${userId}`,
    outcome: 'success' as const,
    details,
  };
}
