/**
 * The fact registry (./facts.ts): every provider's figures merged with the hand-entered ones
 * (fact_manual_values, migration 0008), the county roll-up per FactCombine, and the
 * drill-down. The one reader of figures for the dashboard, the annual report and the CLI.
 *
 * A hand-entered value overrides the computed one for its town, year and key and is marked
 * `manual` with its source wherever it appears; a later entry supersedes the earlier one,
 * which is kept (the figure's history), and every entry is audited by the route.
 */
import { AppError, FACT_NOTE_MAX, FACT_SOURCE_MAX } from '@fazhi/domain';
import type { CaseAccess } from '../cases/access.ts';
import type { Db } from '../db/index.ts';
import { pct } from './fact-sql.ts';
import type { FactDef, FactProvider, FactQuery, FactReader, FactRecord, FactUnit, FactValue } from './facts.ts';

export type FactDefinition = FactDef & { module: string; moduleLabel: string };

/** A hand-entered value as stored, with who entered it. */
export interface ManualEntry {
  id: number;
  townId: number;
  year: number;
  key: string;
  value: number;
  source: string;
  note: string | null;
  enteredById: number;
  enteredByName: string | null;
  enteredAt: Date;
  /** Set on superseded (history) entries. */
  supersededAt: Date | null;
}

/** Units counted in whole numbers; the others (元, 万元, 天, %) take two decimals. */
const WHOLE_UNITS: ReadonlySet<FactUnit> = new Set(['件', '人', '人次', '次', '场', '个', '项']);
export const SOURCE_MAX = FACT_SOURCE_MAX;
export const NOTE_MAX = FACT_NOTE_MAX;
/** The largest value numeric(16,2) holds. */
const VALUE_MAX = 99_999_999_999_999;

export class FactService implements FactReader {
  private readonly defs: FactDefinition[];
  private readonly byKey: Map<string, FactDefinition>;

  /** `providers`: every module's and the hand-entered ones (core/services.ts composes them). */
  constructor(private readonly providers: readonly FactProvider[]) {
    this.defs = providers.flatMap((p) => p.facts.map((f) => ({ ...f, module: p.module, moduleLabel: p.moduleLabel })));
    this.byKey = new Map();
    for (const d of this.defs) {
      if (this.byKey.has(d.key)) throw new Error(`fact ${d.key} is registered twice`);
      this.byKey.set(d.key, d);
    }
  }

  definitions(): readonly FactDefinition[] {
    return this.defs;
  }

  definition(key: string): FactDefinition | undefined {
    return this.byKey.get(key);
  }

  /**
   * The providers' modules in registration order, for grouping, each once: a module may have
   * several providers (its computed figures, and hand-entered ones of the same prefix until
   * it computes them too), whose figures are one group under the first provider's label.
   */
  modules(): { module: string; moduleLabel: string }[] {
    const seen = new Map<string, { module: string; moduleLabel: string }>();
    for (const p of this.providers)
      if (!seen.has(p.module)) seen.set(p.module, { module: p.module, moduleLabel: p.moduleLabel });
    return [...seen.values()];
  }

  /**
   * `opts.modules` restricts the work to some modules' facts (a drill-down page needs its own
   * module only); the other facts are then absent from the records.
   */
  async values(
    db: Db,
    q: FactQuery,
    opts: { modules?: readonly string[] } = {},
  ): Promise<Map<number, Record<string, FactValue>>> {
    const out = new Map<number, Record<string, FactValue>>();
    if (q.townIds.length === 0) return out;
    const providers = opts.modules ? this.providers.filter((p) => opts.modules!.includes(p.module)) : this.providers;
    const defs = opts.modules ? this.defs.filter((d) => opts.modules!.includes(d.module)) : this.defs;
    const [computed, manual] = await Promise.all([
      Promise.all(providers.map((p) => computeInChunks(db, p, q))),
      this.current(db, q.townIds, q.year),
    ]);
    for (const townId of q.townIds) {
      const rec: Record<string, FactValue> = {};
      for (const d of defs) {
        rec[d.key] = { key: d.key, value: null, origin: d.manualOnly ? 'manual' : 'computed', source: null };
      }
      for (const perTown of computed) {
        const vals = perTown.get(townId);
        if (!vals) continue;
        for (const [key, value] of Object.entries(vals)) {
          const d = this.byKey.get(key);
          if (d && !d.manualOnly) rec[key] = { key, value, origin: 'computed', source: null };
        }
      }
      out.set(townId, rec);
    }
    for (const m of manual) {
      const rec = out.get(m.townId);
      if (rec && m.key in rec) rec[m.key] = { key: m.key, value: m.value, origin: 'manual', source: m.source };
    }
    return out;
  }

  /**
   * The county figure of every fact over the given towns' values (FactCombine): sums add
   * up, ratios are recomputed from the summed numerator and denominator (never an average
   * of percentages), means are weighted by their weight fact. A total is `manual` when any
   * town's figure in it was entered by hand.
   */
  combine(values: Map<number, Record<string, FactValue>>): Record<string, FactValue> {
    const towns = [...values.values()];
    const sumOf = (key: string): number | null => {
      let total: number | null = null;
      for (const t of towns) {
        const v = t[key]?.value;
        if (v != null) total = (total ?? 0) + v;
      }
      return total == null ? null : Math.round(total * 100) / 100;
    };
    const anyManual = (...keys: string[]) => towns.some((t) => keys.some((k) => t[k]?.origin === 'manual'));
    const out: Record<string, FactValue> = {};
    for (const d of this.defs) {
      let value: number | null;
      let keys = [d.key];
      switch (d.combine.kind) {
        case 'sum':
          value = sumOf(d.key);
          break;
        case 'ratio':
          keys = [d.combine.numerator, d.combine.denominator];
          value = pct(sumOf(d.combine.numerator), sumOf(d.combine.denominator));
          break;
        case 'mean': {
          const { weight } = d.combine;
          let wsum = 0;
          let total = 0;
          for (const t of towns) {
            const v = t[d.key]?.value;
            const w = t[weight]?.value;
            if (v != null && w != null && w > 0) {
              total += v * w;
              wsum += w;
            }
          }
          value = wsum === 0 ? null : Math.round((total / wsum) * 10) / 10;
          keys = [d.key, weight];
          break;
        }
      }
      const manual = anyManual(...keys) || !!d.manualOnly;
      out[d.key] = { key: d.key, value, origin: manual ? 'manual' : 'computed', source: null };
    }
    return out;
  }

  /** The records behind a fact for one town and year, as far as the reader may see them. */
  async records(
    db: Db,
    access: CaseAccess,
    q: { key: string; townId: number; year: number; now: Date; limit: number; offset: number },
  ): Promise<{ total: number; records: FactRecord[] }> {
    const d = this.byKey.get(q.key);
    if (!d) throw AppError.notFound('指标');
    const provider = this.providers.find((p) => p.facts.some((f) => f.key === q.key));
    if (!d.drillable || d.manualOnly || !provider?.drill) return { total: 0, records: [] };
    return provider.drill(db, access, q);
  }

  /** The current hand-entered values of the towns for the year. */
  async current(db: Db, townIds: readonly number[], year: number): Promise<ManualEntry[]> {
    if (townIds.length === 0) return [];
    const rows = await this.entries(db)
      .where('m.town_id', 'in', [...townIds])
      .where('m.year', '=', year)
      .where('m.superseded_at', 'is', null)
      .execute();
    return rows.map(toEntry);
  }

  /** Every entry of one figure, newest first (the current one, then those it superseded). */
  async history(db: Db, q: { townId: number; year: number; key: string }): Promise<ManualEntry[]> {
    const rows = await this.entries(db)
      .where('m.town_id', '=', q.townId)
      .where('m.year', '=', q.year)
      .where('m.key', '=', q.key)
      .orderBy('m.entered_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(50)
      .execute();
    return rows.map(toEntry);
  }

  private entries(db: Db) {
    return db
      .selectFrom('fact_manual_values as m')
      .leftJoin('users as u', 'u.id', 'm.entered_by')
      .select([
        'm.id',
        'm.town_id',
        'm.year',
        'm.key',
        'm.value',
        'm.source',
        'm.note',
        'm.entered_by',
        'u.display_name as entered_by_name',
        'm.entered_at',
        'm.superseded_at',
      ]);
  }

  /**
   * Enters a figure by hand for a town and year, superseding the current entry. The value
   * must suit the fact's unit (whole numbers for counts, a percentage within 0–100) and the
   * source is required: a hand-entered figure is only as good as where it came from.
   */
  async setManual(
    db: Db,
    e: { townId: number; year: number; key: string; value: number; source: string; note?: string | null },
    by: { userId: number; now: Date },
  ): Promise<ManualEntry> {
    const d = this.byKey.get(e.key);
    if (!d) throw AppError.notFound('指标');
    const source = e.source.trim();
    const issues: { path: string; message: string }[] = [];
    if (!Number.isFinite(e.value) || e.value < 0) issues.push({ path: 'value', message: '数值须为不小于0的数' });
    else if (e.value > VALUE_MAX) issues.push({ path: 'value', message: '数值过大' });
    else if (WHOLE_UNITS.has(d.unit) && !Number.isInteger(e.value))
      issues.push({ path: 'value', message: `数值须为整数（单位：${d.unit}）` });
    else if (d.unit === '%' && e.value > 100) issues.push({ path: 'value', message: '百分比须在0至100之间' });
    else if (Math.abs(Math.round(e.value * 100) - e.value * 100) > 1e-6)
      issues.push({ path: 'value', message: '数值最多保留两位小数' });
    if (!source) issues.push({ path: 'source', message: '请填写数据来源（如：镇派出所提供）' });
    else if (source.length > SOURCE_MAX) issues.push({ path: 'source', message: `数据来源不能超过${SOURCE_MAX}字` });
    const note = e.note?.trim() || null;
    if (note && note.length > NOTE_MAX) issues.push({ path: 'note', message: `说明不能超过${NOTE_MAX}字` });
    if (issues.length > 0) {
      throw new AppError('UNPROCESSABLE', issues.map((i) => `${fieldLabel(i.path)}：${i.message}`).join('；'), {
        fields: issues,
      });
    }
    return db.transaction().execute(async (trx) => {
      // Lock the current entry so two clerks entering the same figure supersede in turn.
      const prev = await trx
        .selectFrom('fact_manual_values')
        .select('id')
        .where('town_id', '=', e.townId)
        .where('year', '=', e.year)
        .where('key', '=', e.key)
        .where('superseded_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (prev) {
        await trx.updateTable('fact_manual_values').set({ superseded_at: by.now }).where('id', '=', prev.id).execute();
      }
      const row = await trx
        .insertInto('fact_manual_values')
        .values({
          town_id: e.townId,
          year: e.year,
          key: e.key,
          value: Math.round(e.value * 100) / 100,
          source,
          note,
          entered_by: by.userId,
          entered_at: by.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (prev) {
        await trx.updateTable('fact_manual_values').set({ superseded_by: row.id }).where('id', '=', prev.id).execute();
      }
      const saved = await this.entries(trx).where('m.id', '=', row.id).executeTakeFirstOrThrow();
      return toEntry(saved);
    });
  }

  /** Withdraws the hand-entered value (the computed figure applies again); false if there was none. */
  async withdrawManual(db: Db, q: { townId: number; year: number; key: string }, now: Date): Promise<boolean> {
    if (!this.byKey.has(q.key)) throw AppError.notFound('指标');
    const r = await db
      .updateTable('fact_manual_values')
      .set({ superseded_at: now })
      .where('town_id', '=', q.townId)
      .where('year', '=', q.year)
      .where('key', '=', q.key)
      .where('superseded_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

/** Towns per statement when many are asked for (a county): see computeInChunks. */
export const TOWNS_PER_STATEMENT = 10;
const CONCURRENT_STATEMENTS = 4;

/**
 * A provider's figures for many towns as a few statements of TOWNS_PER_STATEMENT towns each,
 * run side by side on the pool: one statement for a 100-town county runs on one core, and its
 * plans (hash tables over every town's petitions) grow past memory. Each statement is still
 * one aggregate grouped by town. On the embedded database the statements simply queue.
 */
async function computeInChunks(
  db: Db,
  provider: FactProvider,
  q: FactQuery,
): Promise<Map<number, Record<string, number | null>>> {
  if (q.townIds.length <= TOWNS_PER_STATEMENT) return provider.compute(db, q);
  const chunks: number[][] = [];
  for (let i = 0; i < q.townIds.length; i += TOWNS_PER_STATEMENT) {
    chunks.push(q.townIds.slice(i, i + TOWNS_PER_STATEMENT));
  }
  const out = new Map<number, Record<string, number | null>>();
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const townIds = chunks[next++]!;
      for (const [t, v] of await provider.compute(db, { ...q, townIds })) out.set(t, v);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_STATEMENTS, chunks.length) }, worker));
  return out;
}

function fieldLabel(path: string): string {
  return ({ value: '数值', source: '数据来源', note: '说明' } as Record<string, string>)[path] ?? path;
}

function toEntry(r: {
  id: number;
  town_id: number;
  year: number;
  key: string;
  value: string;
  source: string;
  note: string | null;
  entered_by: number;
  entered_by_name: string | null;
  entered_at: Date;
  superseded_at: Date | null;
}): ManualEntry {
  return {
    id: Number(r.id),
    townId: r.town_id,
    year: r.year,
    key: r.key,
    value: Number(r.value),
    source: r.source,
    note: r.note,
    enteredById: r.entered_by,
    enteredByName: r.entered_by_name,
    enteredAt: new Date(r.entered_at),
    supersededAt: r.superseded_at ? new Date(r.superseded_at) : null,
  };
}
