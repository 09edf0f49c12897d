/**
 * Security settings are data the 安全管理员 edits (等保 asks that they be configurable).
 * Read through a short in-process cache: a changed value reaches every process within
 * a few seconds, and no request pays a query for it.
 */
import { AppError, SecuritySettingsSchema, type SecuritySettingsValues } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';
import { type Auditor, appendAudit } from './audit.ts';

// The policy's shape is part of the HTTP contract (domain/src/api/platform.ts).
export { SecuritySettingsSchema };
export type SecuritySettings = SecuritySettingsValues;

export const DEFAULT_SECURITY: SecuritySettings = {
  passwordMinLength: 8,
  passwordMinClasses: 3,
  passwordHistory: 5,
  lockThreshold: 5,
  lockMinutes: 15,
  idleTimeoutMinutes: 30,
  absoluteTimeoutHours: 12,
};

/** How cases are shown; edited by whoever maintains the calendar. */
export const CaseSettingsSchema = z.strictObject({
  warnWorkdays: z.number().int().min(0).max(30).describe('临期提醒（工作日）'),
});
export type CaseSettings = z.infer<typeof CaseSettingsSchema>;
export const DEFAULT_CASE_SETTINGS: CaseSettings = { warnWorkdays: 3 };

const TTL_MS = 5000;

// Built once: `.partial()` makes a new schema, and zod compiles a schema on its first parse,
// which cost more than the rest of the settings read together on every request (issue 19).
const SecurityPartial = SecuritySettingsSchema.partial();
const CasesPartial = CaseSettingsSchema.partial();

interface Entry {
  at: number;
  /** null when the key has no row (a fresh install's normal state). */
  value: unknown;
  version: number;
  /** The typed setting derived from `value`, kept while the entry lives (`derive`). */
  derived?: unknown;
}

export class SettingsStore {
  private cache = new Map<string, Entry>();

  constructor(private readonly db: Kysely<DB>) {}

  private async read(key: string): Promise<Entry> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit;
    const row = await this.db
      .selectFrom('settings')
      .select(['value', 'version'])
      .where('key', '=', key)
      .executeTakeFirst();
    // A missing row is the normal state of a fresh install: cache it too, or every request pays the query.
    const entry: Entry = { at: Date.now(), value: row?.value ?? null, version: row?.version ?? 0 };
    this.cache.set(key, entry);
    return entry;
  }

  /** The setting parsed once per cache entry: every request reads the security policy and the demo flag. */
  private async derive<T>(key: string, parse: (e: Entry) => T): Promise<T> {
    const e = await this.read(key);
    if (!('derived' in e)) e.derived = parse(e);
    return e.derived as T;
  }

  /**
   * Saves the security policy if it is still at `version` (0: never saved), with its audit
   * row, in one transaction; 409 when someone saved first. The cache is dropped after.
   */
  async saveSecurity(
    value: SecuritySettings,
    version: number,
    userId: number,
    now: Date,
    audit: Auditor,
  ): Promise<SecuritySettings & { version: number }> {
    await this.db.transaction().execute(async (trx) => {
      const current = await trx
        .selectFrom('settings')
        .select(['version', 'value'])
        .where('key', '=', 'security')
        .forUpdate()
        .executeTakeFirst();
      const currentVersion = current?.version ?? 0;
      if (currentVersion !== version) {
        throw new AppError('VERSION_CONFLICT', '安全策略已被他人修改，请刷新后再试', { details: { currentVersion } });
      }
      if (current) {
        await trx
          .updateTable('settings')
          .set({ value: JSON.stringify(value), version: currentVersion + 1, updated_at: now, updated_by: userId })
          .where('key', '=', 'security')
          .execute();
      } else {
        await trx
          .insertInto('settings')
          .values({ key: 'security', value: JSON.stringify(value), version: 1, updated_by: userId })
          .execute();
      }
      await appendAudit(
        trx,
        audit('settings.security.update', 'settings:security', { before: current?.value ?? null, after: value }),
      );
    });
    this.invalidate('security');
    return this.security();
  }

  invalidate(key?: string): void {
    if (key) this.cache.delete(key);
    else this.cache.clear();
  }

  async security(): Promise<SecuritySettings & { version: number }> {
    return this.derive('security', (row) => {
      const parsed = SecurityPartial.safeParse(row.value ?? {});
      return Object.freeze({ ...DEFAULT_SECURITY, ...(parsed.success ? parsed.data : {}), version: row.version });
    });
  }

  async cases(): Promise<CaseSettings & { version: number }> {
    return this.derive('cases', (row) => {
      const parsed = CasesPartial.safeParse(row.value ?? {});
      return Object.freeze({ ...DEFAULT_CASE_SETTINGS, ...(parsed.success ? parsed.data : {}), version: row.version });
    });
  }

  async demo(): Promise<boolean> {
    return (await this.read('demo')).value === true;
  }
}
