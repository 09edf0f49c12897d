/**
 * Security settings are data the 安全管理员 edits (等保 asks that they be configurable).
 * Read through a short in-process cache: a changed value reaches every process within
 * a few seconds, and no request pays a query for it.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/schema.ts';

export const SecuritySettingsSchema = z.strictObject({
  passwordMinLength: z.number().int().min(8, '密码最小长度不能低于 8').max(64).describe('密码最小长度'),
  passwordMinClasses: z.number().int().min(2).max(4).describe('密码字符类别数'),
  passwordHistory: z.number().int().min(0).max(24).describe('不得重复使用的历史密码个数'),
  lockThreshold: z.number().int().min(3).max(20).describe('连续登录失败锁定次数'),
  lockMinutes: z.number().int().min(1).max(1440).describe('锁定时长（分钟）'),
  idleTimeoutMinutes: z.number().int().min(5).max(240).describe('空闲超时（分钟）'),
  absoluteTimeoutHours: z.number().int().min(1).max(72).describe('会话最长时长（小时）'),
});

export type SecuritySettings = z.infer<typeof SecuritySettingsSchema>;

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

export class SettingsStore {
  private cache = new Map<string, { at: number; value: unknown; version: number }>();

  constructor(private readonly db: Kysely<DB>) {}

  private async read(key: string): Promise<{ value: unknown; version: number } | null> {
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value === null && hit.version === 0 ? null : hit;
    const row = await this.db
      .selectFrom('settings')
      .select(['value', 'version'])
      .where('key', '=', key)
      .executeTakeFirst();
    // A missing row is the normal state of a fresh install: cache it too, or every request pays the query.
    const entry = { at: Date.now(), value: row?.value ?? null, version: row?.version ?? 0 };
    this.cache.set(key, entry);
    return row ? entry : null;
  }

  invalidate(key?: string): void {
    if (key) this.cache.delete(key);
    else this.cache.clear();
  }

  async security(): Promise<SecuritySettings & { version: number }> {
    const row = await this.read('security');
    const parsed = SecuritySettingsSchema.partial().safeParse(row?.value ?? {});
    return { ...DEFAULT_SECURITY, ...(parsed.success ? parsed.data : {}), version: row?.version ?? 0 };
  }

  async cases(): Promise<CaseSettings & { version: number }> {
    const row = await this.read('cases');
    const parsed = CaseSettingsSchema.partial().safeParse(row?.value ?? {});
    return { ...DEFAULT_CASE_SETTINGS, ...(parsed.success ? parsed.data : {}), version: row?.version ?? 0 };
  }

  async demo(): Promise<boolean> {
    const row = await this.read('demo');
    return row?.value === true;
  }
}
