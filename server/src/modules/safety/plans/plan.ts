/**
 * The 年度监督检查计划 (安全生产法 art 62 ¶2) of a town: its entries with the unit's name and
 * whether an inspection has fulfilled them (domain/safety/plan.ts `fulfilledEntries` states the
 * rule), the progress by month and kind, generation from the register (replacing only generated
 * entries not yet fulfilled and not of past months), and the entries added or removed by hand.
 */
import { AppError, shanghaiDate } from '@fazhi/domain';
import { SAFETY_INSPECTION_KIND_LABELS, type SafetyInspectionKind, type SafetyRisk } from '@fazhi/domain/api/safety';
import type {
  PlanEntryCreateBodySchema,
  PlanEntryView,
  PlanGenerateResult,
  PlanProgress,
  PlanView,
} from '@fazhi/domain/api/safety-plans';
import { fulfilledEntries, generatePlan, monthPast, type PlanEntry, planProgress } from '@fazhi/domain/safety/plan';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/index.ts';
import { type Auditor, appendAudit } from '../../../platform/audit.ts';
import { readTown, requireWriteOf, type SafetyAccess, writeTown } from './access.ts';

type EntryCreate = z.output<typeof PlanEntryCreateBodySchema>;

interface EntryRow {
  id: number;
  year: number;
  month: number;
  kind: SafetyInspectionKind;
  unit_id: number;
  note: string | null;
  generated: boolean;
  unit_name: string;
  industry: string;
  risk_class: string;
  village_name: string | null;
}

const entryKey = (e: PlanEntry) => `${e.unitId}:${e.month}:${e.kind}`;

function isEntryTaken(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && err.constraint === 'safety_plan_items_entry';
}

export class PlanService {
  constructor(private readonly deps: { db: Db }) {}

  private get db() {
    return this.deps.db;
  }

  private async entries(db: Db, townId: number, year: number): Promise<EntryRow[]> {
    const rows = await db
      .selectFrom('safety_plan_items as p')
      .innerJoin('safety_units as u', 'u.id', 'p.unit_id')
      .leftJoin('org_units as v', 'v.id', 'u.village_id')
      .select([
        'p.id',
        'p.year',
        'p.month',
        'p.kind',
        'p.unit_id',
        'p.note',
        'p.generated',
        'u.name as unit_name',
        'u.industry',
        'u.risk_class',
        'v.name as village_name',
      ])
      .where('p.town_id', '=', townId)
      .where('p.year', '=', year)
      .orderBy('p.month')
      .orderBy('u.name')
      .orderBy('p.kind')
      .execute();
    return rows.map((r) => ({ ...r, id: Number(r.id), unit_id: Number(r.unit_id) }));
  }

  /** The entries' fulfilment, by entry id (the rule: domain/safety/plan.ts fulfilledEntries). */
  private async fulfilment(db: Db, townId: number, year: number, entries: readonly EntryRow[]) {
    const ids = entries.map((e) => e.id);
    const inspections = await db
      .selectFrom('safety_inspections')
      .select(['id', 'unit_id', 'kind', 'inspected_on', 'plan_item_id'])
      .where('town_id', '=', townId)
      .where((eb) =>
        eb.or([
          eb.and([eb('inspected_on', '>=', `${year}-01-01`), eb('inspected_on', '<=', `${year}-12-31`)]),
          ...(ids.length > 0 ? [eb('plan_item_id', 'in', ids)] : []),
        ]),
      )
      .execute();
    return fulfilledEntries(
      year,
      entries.map((e) => ({ id: e.id, unitId: e.unit_id, month: e.month, kind: e.kind })),
      inspections.map((i) => ({
        id: Number(i.id),
        unitId: Number(i.unit_id),
        kind: i.kind,
        on: String(i.inspected_on).slice(0, 10),
        planItemId: i.plan_item_id === null ? null : Number(i.plan_item_id),
      })),
    );
  }

  async view(acc: SafetyAccess, year: number, townId: string | undefined, now: Date): Promise<PlanView> {
    const town = readTown(acc, townId);
    const today = shanghaiDate(now);
    const rows = await this.entries(this.db, town.id, year);
    const done = await this.fulfilment(this.db, town.id, year, rows);
    const entries: PlanEntryView[] = rows.map((r) => {
      const f = done.get(r.id);
      return {
        id: String(r.id),
        year: r.year,
        month: r.month,
        kind: r.kind,
        unitId: String(r.unit_id),
        unitName: r.unit_name,
        industry: r.industry,
        riskClass: r.risk_class,
        villageName: r.village_name,
        note: r.note,
        generated: r.generated,
        fulfilled: f !== undefined,
        inspectionId: f ? String(f.inspectionId) : null,
        inspectedOn: f ? f.on : null,
        overdue: !f && monthPast(year, r.month, today),
      };
    });
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      canWrite: acc.writeTowns.includes(town.id),
      year,
      today,
      entries,
      progress: planProgress(
        year,
        entries as { month: number; kind: SafetyInspectionKind; fulfilled: boolean }[],
        today,
      ),
    };
  }

  async progress(acc: SafetyAccess, year: number, townId: string | undefined, now: Date) {
    const v = await this.view(acc, year, townId, now);
    return { town: v.town, year, today: v.today, progress: v.progress satisfies PlanProgress };
  }

  /**
   * (Re)generates the year's plan from the town's active units. Kept as they are: entries
   * fulfilled by an inspection, entries added by hand, and entries of months already over
   * (an overdue entry stays overdue rather than moving). The generated entries not yet
   * fulfilled from this month on are replaced by the generator's placement, which counts the
   * kept ones; run twice with nothing changed, the second run adds and removes nothing.
   */
  async generate(
    acc: SafetyAccess,
    year: number,
    townId: string | undefined,
    now: Date,
    audit: Auditor,
  ): Promise<PlanGenerateResult> {
    const town = writeTown(acc, townId);
    const today = shanghaiDate(now);
    const thisYear = Number(today.slice(0, 4));
    if (year < thisYear) {
      throw new AppError('UNPROCESSABLE', `${year}年度已经过去，不能再生成检查计划`, {
        fields: [{ path: 'year', message: '年度已经过去' }],
      });
    }
    // The current month may still be planned (a plan drawn up in January keeps its 春节 visits);
    // months already over are left as they stand.
    const firstMonth = year === thisYear ? Number(today.slice(5, 7)) : 1;
    return this.db.transaction().execute(async (trx) => {
      // One generation per town and year at a time: the second waits and sees the first's result.
      await sql`select pg_advisory_xact_lock(${town}, ${year})`.execute(trx);
      const rows = await this.entries(trx, town, year);
      const done = await this.fulfilment(trx, town, year, rows);
      const replaceable = rows.filter((r) => r.generated && !done.has(r.id) && r.month >= firstMonth);
      const replaceIds = new Set(replaceable.map((r) => r.id));
      const kept = rows
        .filter((r) => !replaceIds.has(r.id))
        .map((r) => ({ unitId: r.unit_id, month: r.month, kind: r.kind }));
      const units = await trx
        .selectFrom('safety_units')
        .select(['id', 'industry', 'risk_class'])
        .where('town_id', '=', town)
        .where('active', '=', true)
        .execute();
      const plan = generatePlan(
        units.map((u) => ({ id: Number(u.id), industry: u.industry, risk: u.risk_class as SafetyRisk })),
        { kept, firstMonth },
      );
      const wanted = new Set(plan.map(entryKey));
      const have = new Map(
        replaceable.map((r) => [entryKey({ unitId: r.unit_id, month: r.month, kind: r.kind }), r.id]),
      );
      const remove = replaceable.filter(
        (r) => !wanted.has(entryKey({ unitId: r.unit_id, month: r.month, kind: r.kind })),
      );
      const add = plan.filter((e) => !have.has(entryKey(e)));
      if (remove.length > 0) {
        await trx
          .deleteFrom('safety_plan_items')
          .where(
            'id',
            'in',
            remove.map((r) => r.id),
          )
          .execute();
      }
      if (add.length > 0) {
        await trx
          .insertInto('safety_plan_items')
          .values(
            add.map((e) => ({
              town_id: town,
              year,
              month: e.month,
              unit_id: e.unitId,
              kind: e.kind,
              generated: true,
              created_by: acc.auth.userId,
              created_at: now,
            })),
          )
          .execute();
      }
      const result = { added: add.length, removed: remove.length, kept: rows.length - remove.length };
      await appendAudit(trx, audit('safety.plan.generate', `safety-plan:${town}:${year}`, { year, ...result }));
      return result;
    });
  }

  async addEntry(acc: SafetyAccess, year: number, b: EntryCreate, now: Date, audit: Auditor): Promise<PlanEntryView> {
    const town = writeTown(acc, b.townId);
    const unit = await this.db
      .selectFrom('safety_units')
      .select(['id', 'name', 'active'])
      .where('id', '=', Number(b.unitId))
      .where('town_id', '=', town)
      .executeTakeFirst();
    if (!unit) throw AppError.notFound('生产经营单位');
    if (!unit.active) {
      throw new AppError('UNPROCESSABLE', `“${unit.name}”已注销，不能列入检查计划`, {
        fields: [{ path: 'unitId', message: '单位已注销' }],
      });
    }
    const taken = () =>
      new AppError('CONFLICT', `“${unit.name}”${b.month}月已有${SAFETY_INSPECTION_KIND_LABELS[b.kind]}计划`, {
        fields: [{ path: 'month', message: '该月已有同类检查计划' }],
      });
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('safety_plan_items')
          .values({
            town_id: town,
            year,
            month: b.month,
            unit_id: Number(b.unitId),
            kind: b.kind,
            note: b.note || null,
            generated: false,
            created_by: acc.auth.userId,
            created_at: now,
          })
          .onConflict((oc) => oc.columns(['town_id', 'year', 'unit_id', 'month', 'kind']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) throw taken();
        const id = Number(row.id);
        await appendAudit(
          trx,
          audit('safety.plan.entry.create', `safety-plan-item:${id}`, {
            year,
            month: b.month,
            kind: b.kind,
            unit: unit.name,
          }),
        );
        return id;
      })
      .catch((e: unknown) => {
        if (isEntryTaken(e)) throw taken();
        throw e;
      });
    const v = await this.view(acc, year, String(town), now);
    return v.entries.find((e) => e.id === String(id))!;
  }

  /** Removes an entry not yet fulfilled; a fulfilled one is the record of a plan kept (409). */
  async removeEntry(acc: SafetyAccess, year: number, id: number, audit: Auditor): Promise<void> {
    readTown(acc, undefined);
    const row = await this.db
      .selectFrom('safety_plan_items')
      .select(['id', 'town_id', 'year'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row || row.year !== year) throw AppError.notFound('计划条目');
    requireWriteOf(acc, row.town_id, '检查计划');
    await this.db.transaction().execute(async (trx) => {
      const entries = (await this.entries(trx, row.town_id, year)).filter((e) => e.id === id);
      const done = await this.fulfilment(trx, row.town_id, year, entries);
      if (done.has(id)) {
        throw new AppError('CONFLICT', '该计划条目已有检查记录，不能删除');
      }
      await trx.deleteFrom('safety_plan_items').where('id', '=', id).execute();
      const e = entries[0]!;
      await appendAudit(
        trx,
        audit('safety.plan.entry.delete', `safety-plan-item:${id}`, {
          year,
          month: e.month,
          kind: e.kind,
          unit: e.unit_name,
        }),
      );
    });
  }
}
