/**
 * The only reader of process.env. Parses everything once, reports every problem
 * together (in English for operators), and hands the rest of the server a typed value.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  FAZHI_DATA_DIR: z.string().optional(),
  FAZHI_DB_POOL: z.coerce.number().int().min(1).max(200).default(10),
  FAZHI_SECURE_COOKIES: bool.optional(),
  FAZHI_TRUST_PROXY: bool.optional(),
  FAZHI_SECRET: z.string().min(16).optional(),
  FAZHI_LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  FAZHI_WEB_DIST: z.string().optional(),
  FAZHI_BACKUP_DIR: z.string().optional(),
  FAZHI_BACKUP_KEEP: z.coerce.number().int().min(1).max(365).default(7),
  // The same minimum as platform/backup.ts MIN_PASSPHRASE_LENGTH: the key of every backup.
  FAZHI_BACKUP_PASSPHRASE: z.string().min(12).optional(),
  FAZHI_DEMO_CASES: z.coerce.number().int().min(0).max(2000).default(40),
  FAZHI_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(100_000).default(5000),
  FAZHI_IMPORT_MAX_MB: z.coerce.number().min(0.1).max(20).default(5),
  FAZHI_LOG_FILE: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** A PostgreSQL server when set; the embedded PostgreSQL in dataDir otherwise. */
  databaseUrl: string | undefined;
  /** The embedded PostgreSQL cluster (pg/), attachments, the install secret and backups. 'memory://' (PGlite) for tests. */
  dataDir: string;
  /** Connections in the app's pool. */
  dbPool: number;
  secureCookies: boolean;
  trustProxy: boolean;
  /** Key material for encrypting personal data at rest; derived per install when unset. */
  secret: string | undefined;
  loginRatePerMinute: number;
  webDist: string;
  /** Where the embedded install writes its daily backups (default <data dir>/backups). */
  backupDir: string;
  backupKeep: number;
  /** Encrypts backups (install secret included) when set; else they leave the secret out. */
  backupPassphrase: string | undefined;
  /** Mediation cases the first start simulates for the demo (0 = organisation and accounts only). */
  demoCases: number;
  /** Spreadsheet imports: data rows per file, and the file's size in MB (at most the 20 MB upload limit). */
  importMaxRows: number;
  importMaxMb: number;
  logLevel: string;
  /** `serve`'s log file (http/log-streams.ts); `-` for JSON on stdout. */
  logFile: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  // npm runs workspace scripts inside the workspace folder; INIT_CWD is where the user typed the command.
  const base = env.INIT_CWD ?? process.cwd();
  const dataDir = e.FAZHI_DATA_DIR
    ? e.FAZHI_DATA_DIR.startsWith('memory://')
      ? e.FAZHI_DATA_DIR
      : path.resolve(base, e.FAZHI_DATA_DIR)
    : path.join(REPO_ROOT, 'data');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    dbPool: e.FAZHI_DB_POOL,
    secureCookies: e.FAZHI_SECURE_COOKIES ?? false,
    trustProxy: e.FAZHI_TRUST_PROXY ?? false,
    secret: e.FAZHI_SECRET,
    loginRatePerMinute: e.FAZHI_LOGIN_RATE_PER_MINUTE,
    webDist: e.FAZHI_WEB_DIST ? path.resolve(base, e.FAZHI_WEB_DIST) : path.join(REPO_ROOT, 'web', 'dist'),
    backupDir: e.FAZHI_BACKUP_DIR ? path.resolve(base, e.FAZHI_BACKUP_DIR) : path.join(dataDir, 'backups'),
    backupKeep: e.FAZHI_BACKUP_KEEP,
    backupPassphrase: e.FAZHI_BACKUP_PASSPHRASE,
    demoCases: e.FAZHI_DEMO_CASES,
    importMaxRows: e.FAZHI_IMPORT_MAX_ROWS,
    importMaxMb: e.FAZHI_IMPORT_MAX_MB,
    logLevel: e.LOG_LEVEL,
    logFile:
      e.FAZHI_LOG_FILE === '-'
        ? '-'
        : e.FAZHI_LOG_FILE
          ? path.resolve(base, e.FAZHI_LOG_FILE)
          : path.join(dataDir, 'logs', 'fazhi.log'),
  };
}
