/**
 * The yearly 决策事项目录 (重大行政决策程序暂行条例 art 3 ¶3; migrations/0024_decision_catalogue.sql):
 * the 党政办 draws it up, the 镇领导 records the Party committee's agreement, the 党政办 publishes
 * it; an approved item starts a `decision` case, and a proposal outside the catalogue starts a
 * case and is added to it (as a draft, to be agreed like the rest). All SQL of the catalogue is
 * here; the routes (./routes.ts) parse, authorise and call it.
 */
import { AppError } from '@fazhi/domain';
import type {
  Catalogue,
  CatalogueItem,
  CatalogueItemBody,
  CatalogueItemPatch,
  DecisionProposalBody,
} from '@fazhi/domain/api/decisions-decision';
import { decision } from '@fazhi/domain/cases/decision';
import { catalogueTransitionProblem, missingSteps } from '@fazhi/domain/decisions/decision';
import type { CaseAccess } from '../../../cases/access.ts';
import type { CaseService } from '../../../cases/service.ts';
import type { Db } from '../../../db/index.ts';
import { type Auditor, appendAudit } from '../../../platform/audit.ts';

const STATE_LABELS: Record<string, string> = Object.fromEntries(
  Object.entries(decision.states).map(([k, v]) => [k, v.label]),
);
/** States before which nothing is decided: a started case there is not counted as missing steps. */
const DECIDED_STATES = new Set(['decided', 'published', 'archived', 'executed', 'evaluated', 'closed']);

export class CatalogueService {
  constructor(private readonly deps: { db: Db; cases: CaseService }) {}

  private get db() {
    return this.deps.db;
  }

  async list(townId: number, year: number, can: Catalogue['can']): Promise<Catalogue> {
    const rows = await this.db
      .selectFrom('decision_catalogue_items as i')
      .leftJoin('cases as c', (j) => j.onRef('c.id', '=', 'i.case_id').onRef('c.town_id', '=', 'i.town_id'))
      .select([
        'i.id',
        'i.year',
        'i.title',
        'i.category',
        'i.lead_unit',
        'i.planned_quarter',
        'i.note',
        'i.status',
        'i.approved_on',
        'i.published_on',
        'i.ad_hoc',
        'i.case_id',
        'i.version',
        'c.number as case_number',
        'c.state as case_state',
        'c.fields as case_fields',
      ])
      .where('i.town_id', '=', townId)
      .where('i.year', '=', year)
      .orderBy('i.ad_hoc')
      .orderBy('i.planned_quarter')
      .orderBy('i.id')
      .execute();
    return {
      year,
      can,
      items: rows.map((r): CatalogueItem => {
        const fields = (r.case_fields ?? {}) as Record<string, unknown>;
        return {
          id: Number(r.id),
          year: r.year,
          title: r.title,
          category: r.category,
          leadUnit: r.lead_unit,
          plannedQuarter: r.planned_quarter,
          note: r.note,
          status: r.status,
          approvedOn: r.approved_on,
          publishedOn: r.published_on,
          adHoc: r.ad_hoc,
          caseId: r.case_id === null ? null : Number(r.case_id),
          caseNumber: r.case_number ?? null,
          caseState: r.case_state ?? null,
          caseStateLabel: r.case_state ? (STATE_LABELS[r.case_state] ?? r.case_state) : null,
          missingSteps: r.case_state && DECIDED_STATES.has(r.case_state) ? missingSteps(fields) : [],
          version: r.version,
        };
      }),
    };
  }

  async add(townId: number, body: CatalogueItemBody, userId: number, now: Date, audit: Auditor): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const r = await trx
        .insertInto('decision_catalogue_items')
        .values({
          town_id: townId,
          year: body.year,
          title: body.title,
          category: body.category,
          lead_unit: body.leadUnit,
          planned_quarter: body.plannedQuarter ?? null,
          note: body.note ?? null,
          created_by: userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const id = Number(r.id);
      await appendAudit(trx, audit('decision.catalogue.add', `decision_catalogue:${id}`, { year: body.year }));
      return id;
    });
  }

  /** Only a draft is edited: once the Party committee agreed, a change is a new item (art 3 ¶3). */
  async update(townId: number, id: number, patch: CatalogueItemPatch, now: Date, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('decision_catalogue_items')
        .select(['status', 'version'])
        .where('town_id', '=', townId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) throw AppError.notFound('决策事项');
      if (row.version !== patch.version) throw new AppError('VERSION_CONFLICT', '该事项已被他人修改，请刷新后重试');
      if (row.status !== 'draft') throw new AppError('CONFLICT', '党委已同意的目录事项不能修改；如需调整，请另行提出');
      await trx
        .updateTable('decision_catalogue_items')
        .set({
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.category !== undefined ? { category: patch.category } : {}),
          ...(patch.leadUnit !== undefined ? { lead_unit: patch.leadUnit } : {}),
          ...(patch.plannedQuarter !== undefined ? { planned_quarter: patch.plannedQuarter } : {}),
          ...(patch.note !== undefined ? { note: patch.note } : {}),
          version: row.version + 1,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      await appendAudit(trx, audit('decision.catalogue.update', `decision_catalogue:${id}`));
    });
  }

  /** The Party committee agreed to the year's draft items (art 3 ¶3). */
  async approve(townId: number, year: number, approvedOn: string, now: Date, audit: Auditor): Promise<number> {
    return this.transition(townId, year, 'approved', approvedOn, now, audit);
  }

  /** The agreed items are made public (art 3 ¶3). */
  async publish(townId: number, year: number, publishedOn: string, now: Date, audit: Auditor): Promise<number> {
    return this.transition(townId, year, 'published', publishedOn, now, audit);
  }

  private async transition(
    townId: number,
    year: number,
    to: 'approved' | 'published',
    on: string,
    now: Date,
    audit: Auditor,
  ): Promise<number> {
    const from = to === 'approved' ? 'draft' : 'approved';
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx
        .selectFrom('decision_catalogue_items')
        .select(['id', 'status', 'approved_on'])
        .where('town_id', '=', townId)
        .where('year', '=', year)
        .where('status', '=', from)
        .forUpdate()
        .execute();
      if (rows.length === 0) {
        throw new AppError(
          'UNPROCESSABLE',
          to === 'approved'
            ? `${year}年度目录没有待党委同意的事项`
            : `${year}年度目录没有党委已同意、待公布的事项（决策事项目录应当经同级党委同意后向社会公布，重大行政决策程序暂行条例第三条第三款）`,
        );
      }
      for (const r of rows) {
        const problem = catalogueTransitionProblem(r.status, to, on, r.approved_on);
        if (problem)
          throw AppError.validation([{ path: to === 'approved' ? 'approvedOn' : 'publishedOn', message: problem }]);
      }
      await trx
        .updateTable('decision_catalogue_items')
        .set((eb) => ({
          status: to,
          ...(to === 'approved' ? { approved_on: on } : { published_on: on }),
          version: eb('version', '+', 1),
          updated_at: now,
        }))
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
      await appendAudit(
        trx,
        audit(
          `decision.catalogue.${to === 'approved' ? 'approve' : 'publish'}`,
          `decision_catalogue:${townId}:${year}`,
          {
            year,
            on,
            count: rows.length,
          },
        ),
      );
      return rows.length;
    });
  }

  /** An agreed item starts its `decision` case (启动 follows on the case). */
  async start(
    access: CaseAccess,
    townId: number,
    id: number,
    description: string,
    now: Date,
    audit: Auditor,
  ): Promise<{ caseId: number; itemId: number }> {
    const item = await this.db
      .selectFrom('decision_catalogue_items')
      .selectAll()
      .where('town_id', '=', townId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!item) throw AppError.notFound('决策事项');
    if (item.case_id !== null) throw new AppError('CONFLICT', '该目录事项已启动决策程序');
    if (item.status === 'draft')
      throw new AppError('CONFLICT', '目录事项须经党委同意后方可启动（重大行政决策程序暂行条例第三条第三款）');
    const plan = await this.deps.cases.prepareCreate(
      access,
      {
        type: 'decision',
        title: item.title,
        unitId: String(townId),
        fields: {
          year: item.year,
          category: item.category,
          leadUnit: item.lead_unit,
          description,
        },
        parties: [],
      },
      now,
    );
    return this.db.transaction().execute(async (trx) => {
      const caseId = await this.deps.cases.insertPrepared(trx, plan, access, now, audit);
      const done = await trx
        .updateTable('decision_catalogue_items')
        .set((eb) => ({ case_id: caseId, version: eb('version', '+', 1), updated_at: now }))
        .where('id', '=', id)
        .where('case_id', 'is', null)
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '该目录事项已启动决策程序');
      await appendAudit(trx, audit('decision.catalogue.start', `decision_catalogue:${id}`, { caseId }));
      return { caseId, itemId: id };
    });
  }

  /** A proposal outside the catalogue: the case is opened and the item added as a draft. */
  async propose(
    access: CaseAccess,
    townId: number,
    body: DecisionProposalBody,
    now: Date,
    audit: Auditor,
  ): Promise<{ caseId: number; itemId: number }> {
    const fields = { year: body.year, category: body.category, leadUnit: body.leadUnit, description: body.description };
    // Validated (and the right to register checked) before anything is written.
    const plan = await this.deps.cases.prepareCreate(
      access,
      { type: 'decision', title: body.title, unitId: String(townId), fields, parties: [] },
      now,
    );
    return this.db.transaction().execute(async (trx) => {
      const caseId = await this.deps.cases.insertPrepared(trx, plan, access, now, audit);
      const r = await trx
        .insertInto('decision_catalogue_items')
        .values({
          town_id: townId,
          year: body.year,
          title: body.title,
          category: body.category,
          lead_unit: body.leadUnit,
          ad_hoc: true,
          case_id: caseId,
          created_by: access.auth.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const itemId = Number(r.id);
      await appendAudit(trx, audit('decision.catalogue.propose', `decision_catalogue:${itemId}`, { caseId }));
      return { caseId, itemId };
    });
  }
}
