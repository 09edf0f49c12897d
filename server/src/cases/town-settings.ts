/**
 * A town's own policy (town_settings, migration 0010): what a case type reads when it
 * derives facts about a case of that town, such as the mediation early-warning thresholds.
 * The engine reads every key of the case's town before a change and hands them to the
 * module (`CaseModule.risk`); each module validates its own key and falls back to its
 * defaults, so a missing or older row never stops a case from being worked.
 *
 * Read through a short in-process cache like SettingsStore: a change reaches every process
 * within a few seconds, and the process that saved it at once (`invalidate`).
 */
import type { Db } from '../db/index.ts';

/** The settings of one town, by key. */
export interface TownSettings {
  townId: number;
  /** The stored value of `key`, unvalidated; undefined when the town has not set it. */
  get(key: string): unknown;
  /** The row version of `key` (0 when unset), for optimistic locking by editors. */
  version(key: string): number;
}

const TTL_MS = 5000;

export class TownSettingsStore {
  readonly #cache = new Map<number, { at: number; settings: TownSettings }>();

  /**
   * The town's settings. Inside a transaction pass it as `db`: the embedded database has one
   * connection, and a read through the pool would wait for the transaction holding it.
   */
  async forTown(db: Db, townId: number): Promise<TownSettings> {
    const hit = this.#cache.get(townId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.settings;
    const rows = await db
      .selectFrom('town_settings')
      .select(['key', 'value', 'version'])
      .where('town_id', '=', townId)
      .execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const settings: TownSettings = {
      townId,
      get: (key) => byKey.get(key)?.value,
      version: (key) => byKey.get(key)?.version ?? 0,
    };
    this.#cache.set(townId, { at: Date.now(), settings });
    return settings;
  }

  invalidate(townId: number): void {
    this.#cache.delete(townId);
  }
}

/** The stored row of one key, locked until the transaction ends (an editor's version check). */
export async function lockTownSetting(trx: Db, townId: number, key: string) {
  return trx
    .selectFrom('town_settings')
    .select(['version', 'value'])
    .where('town_id', '=', townId)
    .where('key', '=', key)
    .forUpdate()
    .executeTakeFirst();
}

/** Stores the key's value at `version` (insert or overwrite), naming who changed it. */
export async function saveTownSetting(
  trx: Db,
  row: { townId: number; key: string; value: unknown; version: number; at: Date; by: number },
): Promise<void> {
  const set = { value: JSON.stringify(row.value), version: row.version, updated_at: row.at, updated_by: row.by };
  await trx
    .insertInto('town_settings')
    .values({ town_id: row.townId, key: row.key, ...set })
    .onConflict((oc) => oc.columns(['town_id', 'key']).doUpdateSet(set))
    .execute();
}

/** No town policy at all: every module uses its defaults. */
export const NO_TOWN_SETTINGS: TownSettings = { townId: 0, get: () => undefined, version: () => 0 };
