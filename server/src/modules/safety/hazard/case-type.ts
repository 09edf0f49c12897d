/**
 * The 安全隐患 case type (domain cases/hazard.ts) with its documents and what its guards read
 * outside the case: the town's officers (two certified for 安全生产 on each field step), the
 * town's calendar overrides (the 10-day re-inspection period rolls off its rest days), the
 * number of files on the case (the photo of a rectification on the spot), the unit the hazard is
 * at, and the decisions of the penalties on that unit's hazards (安全生产法 art 113).
 *
 * A hazard belongs to the village of its unit (`placement`), so a 村居干部 reads and reports
 * the hazards of their own village only. Its 移交立案处罚 creates the `penalty` case as a 线索
 * for the 执法队 in the action's transaction, linked `penalty` from the hazard (`afterAction`).
 */
import { AppError, type HazardContext, type HazardUnit, hazard, validateUscc } from '@fazhi/domain';
import { type Kysely, sql } from 'kysely';
import { loadOfficers } from '../../../cases/officers.ts';
import type { CaseModule } from '../../../cases/registry.ts';
import type { DB } from '../../../db/schema.ts';
import { townCalendarOverrides } from '../../../platform/calendar.ts';
import { HAZARD_TEMPLATES } from './templates.ts';

const unitIdOf = (fields: Readonly<Record<string, unknown>>): number | null => {
  const v = fields.unitId;
  return Number.isSafeInteger(v) && (v as number) > 0 && (v as number) <= 2_147_483_647 ? (v as number) : null;
};

export async function loadHazardUnit(db: Kysely<DB>, townId: number, unitId: number): Promise<HazardUnit | null> {
  const u = await db
    .selectFrom('safety_units')
    .select(['id', 'name', 'credit_code', 'address', 'principal_name', 'village_id'])
    .where('town_id', '=', townId)
    .where('id', '=', unitId)
    .executeTakeFirst();
  return u
    ? {
        id: Number(u.id),
        name: u.name,
        creditCode: u.credit_code,
        address: u.address,
        principalName: u.principal_name,
        villageId: u.village_id,
      }
    : null;
}

/** Decision dates of the penalty cases linked from the unit's hazards (art 113 ¶1(1)). */
async function unitPenalties(db: Kysely<DB>, townId: number, unitId: number): Promise<string[]> {
  const r = await sql<{ decided_on: string }>`
    select p.fields->>'decidedOn' as decided_on
    from case_links l
    join cases h on h.id = l.from_case_id and h.type = 'hazard'
    join cases p on p.id = l.to_case_id and p.type = 'penalty'
    where l.town_id = ${townId} and l.kind = 'penalty'
      and h.fields->>'unitId' = ${String(unitId)} and p.fields ? 'decidedOn'
    order by 1`.execute(db);
  return r.rows.map((x) => x.decided_on);
}

export const hazardCaseType: CaseModule = {
  type: hazard,
  templates: HAZARD_TEMPLATES,
  async context(db, c): Promise<Record<string, unknown>> {
    const unitId = unitIdOf(c.fields);
    const [officers, overrides, files, unit, penalties] = await Promise.all([
      loadOfficers(db, c.townId),
      townCalendarOverrides(db, c.townId),
      db
        .selectFrom('attachments')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('town_id', '=', c.townId)
        .where('case_id', '=', c.id)
        .executeTakeFirstOrThrow(),
      unitId ? loadHazardUnit(db, c.townId, unitId) : null,
      unitId ? unitPenalties(db, c.townId, unitId) : [],
    ]);
    const context: HazardContext = {
      officers,
      calendarOverrides: overrides,
      attachments: Number(files.n),
      unit,
      unitPenalties: penalties,
    };
    return { ...context };
  },
  async placement(db, fields) {
    const unitId = unitIdOf(fields);
    // A missing or malformed id is the engine's to refuse with the field's label.
    if (unitId === null) return null;
    const u = await db
      .selectFrom('safety_units')
      .select(['town_id', 'village_id'])
      .where('id', '=', unitId)
      .executeTakeFirst();
    if (!u) throw AppError.validation([{ path: 'fields.unitId', message: '生产经营单位不存在' }]);
    return u.village_id ?? u.town_id;
  },
  async afterAction(_trx, a) {
    if (a.action !== 'to_penalty') return;
    const unit = (a.context as Partial<HazardContext>).unit;
    if (!unit) throw new AppError('UNPROCESSABLE', '隐患所在的生产经营单位不存在，不能移交立案');
    const f = a.fields as { violation?: string; foundOn: string; reinspectedOn?: string; location?: string };
    const violation = f.violation ?? '未采取措施消除事故隐患';
    await a.createLinked(
      {
        type: 'penalty',
        title: `${unit.name}${violation}案`.slice(0, 200),
        fields: {
          procedure: 'ordinary',
          field: 'safety',
          violation,
          source: `安全隐患复查不合格移交（${a.number}）`.slice(0, 200),
          place: `${unit.address}${f.location ? `（${f.location}）` : ''}`.slice(0, 200),
          // The failure to remove the hazard (安全生产法 art 102) continues from its discovery.
          actOn: f.foundOn,
          foundOn: f.reinspectedOn ?? f.foundOn,
        },
        parties: [
          {
            role: 'party',
            kind: 'org',
            name: unit.name,
            // A register row from before the check digit was enforced must not block the hand-over.
            ...(validateUscc(unit.creditCode).ok ? { idNumber: unit.creditCode } : {}),
            address: unit.address,
          },
        ],
      },
      'penalty',
    );
  },
};
