/**
 * The annual rule-of-law government report (法治政府建设年度报告): creation from an outline,
 * section drafting by offices, the workflow 起草中 → 待审定 → 已审定 → 已公开, and the frozen
 * approved version. Every write is one transaction with its audit record; the report and each
 * section carry `version` (409 VERSION_CONFLICT naming who changed it last).
 *
 * Figures are read only through the FactReader (./facts.ts). Approval copies the sections and
 * every fact value they use into `reports.frozen`, and every later read of an approved report
 * (detail, export, CLI) takes text and figures from there: a case edited after approval
 * cannot change what the leader signed.
 */
import { AppError, shanghaiDate } from '@fazhi/domain';
import {
  formatFactValue,
  type Narrative,
  NarrativeSchema,
  narrativeFactKeys,
  REPORT_STATE_LABELS,
  type ReportDeadlines,
  type ReportDetail,
  type ReportFact,
  type ReportListItem,
  type ReportState,
  type ReportTemplateKey,
  reportDeadlineStatus,
} from '@fazhi/domain/api/reports';
import { type Selectable, sql } from 'kysely';
import type { Auditor } from '../cases/service.ts';
import type { Db } from '../db/index.ts';
import type { ReportSectionsTable, ReportsTable } from '../db/schema.ts';
import type { FactReader } from '../facts/facts.ts';
import { appendAudit } from '../platform/audit.ts';
import { canEditSection, canSeeReport, type ReportAccess } from './access.ts';
import { defaultOffice, type ReportTemplate } from './templates.ts';

type ReportRow = Selectable<ReportsTable>;
type SectionRow = Selectable<ReportSectionsTable>;

/** A section as it stands in the approved version. */
export interface FrozenSection {
  key: string;
  title: string;
  level: number;
  unitName: string;
  narrative: Narrative;
}

/** `reports.frozen`: what the leader approved, text and figures. */
export interface FrozenReport {
  title: string;
  townName: string;
  year: number;
  approvedOn: string;
  sections: FrozenSection[];
  facts: Record<string, ReportFact>;
}

/** What the export renders: a draft as it stands or the frozen approved version. */
export interface RenderableReport {
  title: string;
  townName: string;
  year: number;
  /** 成文日期: the approval day, or today for a draft. */
  date: string;
  draft: boolean;
  sections: FrozenSection[];
  facts: Record<string, ReportFact>;
}

export interface ReportServiceDeps {
  db: Db;
  facts: FactReader;
  /** The outlines, completed by the modules' sections (templates.ts `reportTemplates`). */
  templates: Record<ReportTemplateKey, ReportTemplate>;
}

function staleVersion(what: string, by: string | null): AppError {
  return new AppError('VERSION_CONFLICT', `${what}已被${by ?? '他人'}修改，请刷新后重试`, {
    details: { lastChangedBy: by },
  });
}

function conflict(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('CONFLICT', message, details ? { details } : {});
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  private get db() {
    return this.deps.db;
  }

  // ---------------------------------------------------------------- facts

  /** Every fact of a town and year, as the report shows them (value + unit, origin). */
  async currentFacts(townId: number, year: number, now: Date, db: Db = this.db): Promise<Record<string, ReportFact>> {
    const defs = this.deps.facts.definitions();
    // Inside a transaction only `trx` may be used (PGlite's pool has one connection).
    const values = (await this.deps.facts.values(db, { townIds: [townId], year, now })).get(townId) ?? {};
    const out: Record<string, ReportFact> = {};
    for (const d of defs) {
      const v = values[d.key];
      const value = v?.value ?? null;
      out[d.key] = {
        key: d.key,
        label: d.label,
        unit: d.unit,
        module: d.module,
        moduleLabel: d.moduleLabel,
        value,
        origin: v?.origin ?? (d.manualOnly ? 'manual' : 'computed'),
        source: v?.source ?? null,
        display: formatFactValue(value, d.unit),
        drillable: !!d.drillable,
      };
    }
    return out;
  }

  /** The facts a set of narratives mention; an unknown key is shown as such, never dropped. */
  private pick(all: Record<string, ReportFact>, narratives: Narrative[]): Record<string, ReportFact> {
    const out: Record<string, ReportFact> = {};
    for (const n of narratives) {
      for (const key of narrativeFactKeys(n)) {
        out[key] = all[key] ?? {
          key,
          label: `未登记的数据项 ${key}`,
          unit: '',
          module: key.split('.')[0]!,
          moduleLabel: '未知',
          value: null,
          origin: 'computed',
          source: null,
          display: `【未知数据：${key}】`,
          drillable: false,
        };
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- reads

  private async row(acc: ReportAccess, id: number): Promise<ReportRow> {
    const r = await this.db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || !canSeeReport(acc, r)) throw AppError.notFound('年度报告');
    return r;
  }

  private deadlines(r: Pick<ReportRow, 'year' | 'approved_at' | 'published_on'> | null, year: number, now: Date) {
    return reportDeadlineStatus(
      year,
      r?.approved_at ? shanghaiDate(r.approved_at) : null,
      r?.published_on ?? null,
      shanghaiDate(now),
    );
  }

  async list(
    acc: ReportAccess,
    year: number | undefined,
    now: Date,
  ): Promise<{ items: ReportListItem[]; createTowns: { id: string; name: string }[]; currentYear: number }> {
    const towns = [...acc.fullTowns, ...acc.countyTowns];
    const currentYear = Number(shanghaiDate(now).slice(0, 4)) - 1;
    let items: ReportListItem[] = [];
    if (towns.length > 0) {
      let q = this.db
        .selectFrom('reports as r')
        .innerJoin('org_units as t', 't.id', 'r.town_id')
        .selectAll('r')
        .select([
          't.name as town_name',
          (eb) =>
            eb
              .selectFrom('report_sections as s')
              .whereRef('s.report_id', '=', 'r.id')
              .select(sql<number>`count(*)`.as('n'))
              .as('sections_total'),
          (eb) =>
            eb
              .selectFrom('report_sections as s')
              .whereRef('s.report_id', '=', 'r.id')
              .where('s.submitted', '=', true)
              .select(sql<number>`count(*)`.as('n'))
              .as('sections_submitted'),
        ])
        .where('r.town_id', 'in', towns);
      if (year) q = q.where('r.year', '=', year);
      const rows = await q.orderBy('r.year', 'desc').orderBy('t.sort_order').orderBy('r.id').limit(500).execute();
      items = rows
        .filter((r) => canSeeReport(acc, r))
        .map((r) => this.listItem(r, r.town_name, Number(r.sections_total), Number(r.sections_submitted), now));
    }
    const createTowns =
      acc.manageTowns.length === 0
        ? []
        : await this.db
            .selectFrom('org_units')
            .select(['id', 'name'])
            .where('id', 'in', acc.manageTowns)
            .orderBy('sort_order')
            .execute();
    return { items, createTowns: createTowns.map((t) => ({ id: String(t.id), name: t.name })), currentYear };
  }

  private listItem(r: ReportRow, townName: string, total: number, submitted: number, now: Date): ReportListItem {
    return {
      id: String(r.id),
      townId: String(r.town_id),
      townName,
      year: r.year,
      title: r.title,
      template: r.template,
      state: r.state,
      stateLabel: REPORT_STATE_LABELS[r.state],
      sectionsTotal: total,
      sectionsSubmitted: submitted,
      updatedAt: r.updated_at.toISOString(),
      deadlines: this.deadlines(r, r.year, now),
    };
  }

  async detail(acc: ReportAccess, id: number, now: Date, pdfAvailable = false): Promise<ReportDetail> {
    const r = await this.row(acc, id);
    const [town, sections, names] = await Promise.all([
      this.db.selectFrom('org_units').select('name').where('id', '=', r.town_id).executeTakeFirstOrThrow(),
      this.sections(r.id),
      this.userNames([r.submitted_by, r.approved_by]),
    ]);
    const frozen = r.frozen as FrozenReport | null;
    const frozenByKey = new Map((frozen?.sections ?? []).map((s) => [s.key, s]));
    const narratives = sections.map((s) => frozenByKey.get(s.key)?.narrative ?? (s.narrative as Narrative));
    const facts = frozen ? frozen.facts : this.pick(await this.currentFacts(r.town_id, r.year, now), narratives);
    const manage = acc.manageTowns.includes(r.town_id);
    const approve = acc.approveTowns.includes(r.town_id);
    const offices = manage ? await this.offices(r.town_id) : [];
    return {
      ...this.listItem(r, town.name, sections.length, sections.filter((s) => s.submitted).length, now),
      version: r.version,
      frozen: !!frozen,
      returnNote: r.return_note,
      submittedAt: iso(r.submitted_at),
      submittedByName: r.submitted_by ? (names.get(r.submitted_by) ?? null) : null,
      approvedAt: iso(r.approved_at),
      approvedByName: r.approved_by ? (names.get(r.approved_by) ?? null) : null,
      publishedOn: r.published_on,
      publishedWhere: r.published_where,
      sections: sections.map((s, i) => ({
        key: s.key,
        title: s.title,
        level: s.level,
        order: s.sort_order,
        unitId: String(s.unit_id),
        unitName: s.unit_name,
        narrative: narratives[i]!,
        submitted: s.submitted,
        version: s.version,
        updatedByName: s.updated_by_name,
        updatedAt: iso(s.updated_at),
        canEdit: canEditSection(acc, r, s.unit_id),
      })),
      facts,
      actions: {
        assign: manage && r.state === 'drafting',
        submit: manage && r.state === 'drafting',
        approve: approve && r.state === 'submitted',
        return: approve && r.state === 'submitted',
        publish: manage && r.state === 'approved',
        export: true,
      },
      offices,
      pdfAvailable,
    };
  }

  private sections(reportId: number) {
    return this.db
      .selectFrom('report_sections as s')
      .innerJoin('org_units as u', 'u.id', 's.unit_id')
      .leftJoin('users as e', 'e.id', 's.updated_by')
      .selectAll('s')
      .select(['u.name as unit_name', 'e.display_name as updated_by_name'])
      .where('s.report_id', '=', reportId)
      .orderBy('s.sort_order')
      .execute();
  }

  private async userNames(ids: (number | null)[], db: Db = this.db): Promise<Map<number, string>> {
    const want = ids.filter((x): x is number => x != null);
    if (want.length === 0) return new Map();
    const rows = await db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', want).execute();
    return new Map(rows.map((u) => [u.id, u.display_name]));
  }

  /** The town's departments: the offices a section can go to. */
  async offices(townId: number): Promise<{ id: string; name: string }[]> {
    const rows = await this.db
      .selectFrom('org_units')
      .select(['id', 'name'])
      .where('town_id', '=', townId)
      .where('kind', '=', 'department')
      .orderBy('sort_order')
      .orderBy('id')
      .execute();
    return rows.map((u) => ({ id: String(u.id), name: u.name }));
  }

  /** Every fact of the report's town and year, by module, for the 「插入数据」 picker. */
  async factCatalogue(acc: ReportAccess, id: number, now: Date) {
    const r = await this.row(acc, id);
    const all = await this.currentFacts(r.town_id, r.year, now);
    const modules = new Map<string, { module: string; moduleLabel: string; facts: ReportFact[] }>();
    for (const f of Object.values(all)) {
      const m = modules.get(f.module) ?? { module: f.module, moduleLabel: f.moduleLabel, facts: [] };
      m.facts.push(f);
      modules.set(f.module, m);
    }
    return { modules: [...modules.values()] };
  }

  /** The version to export: the frozen one once approved, else the draft with today's figures. */
  async renderable(acc: ReportAccess, id: number, now: Date): Promise<RenderableReport> {
    const r = await this.row(acc, id);
    return this.renderableOf(r, now);
  }

  async renderableOf(r: ReportRow, now: Date): Promise<RenderableReport> {
    const frozen = r.frozen as FrozenReport | null;
    if (frozen) {
      return {
        title: frozen.title,
        townName: frozen.townName,
        year: frozen.year,
        date: frozen.approvedOn,
        draft: false,
        sections: frozen.sections,
        facts: frozen.facts,
      };
    }
    const snap = await this.snapshot(this.db, r, now);
    return { ...snap, date: shanghaiDate(now), draft: true };
  }

  /** The sections and the facts they use, as they stand now. */
  private async snapshot(db: Db, r: ReportRow, now: Date): Promise<Omit<FrozenReport, 'approvedOn'>> {
    const town = await db.selectFrom('org_units').select('name').where('id', '=', r.town_id).executeTakeFirstOrThrow();
    const rows = await db
      .selectFrom('report_sections as s')
      .innerJoin('org_units as u', 'u.id', 's.unit_id')
      .select(['s.key', 's.title', 's.level', 's.narrative', 'u.name as unit_name'])
      .where('s.report_id', '=', r.id)
      .orderBy('s.sort_order')
      .execute();
    const sections: FrozenSection[] = rows.map((s) => ({
      key: s.key,
      title: s.title,
      level: s.level,
      unitName: s.unit_name,
      narrative: s.narrative as Narrative,
    }));
    const all = await this.currentFacts(r.town_id, r.year, now, db);
    return {
      title: r.title,
      townName: town.name,
      year: r.year,
      sections,
      facts: this.pick(
        all,
        sections.map((s) => s.narrative),
      ),
    };
  }

  /** Find a town's report for a year the user may see (CLI and county export). */
  async findId(acc: ReportAccess, townId: number, year: number): Promise<number | null> {
    const r = await this.db
      .selectFrom('reports')
      .select(['id', 'town_id', 'state'])
      .where('town_id', '=', townId)
      .where('year', '=', year)
      .executeTakeFirst();
    return r && canSeeReport(acc, r) ? r.id : null;
  }

  // ---------------------------------------------------------------- county

  async county(acc: ReportAccess, year: number, now: Date) {
    if (acc.counties.length === 0 && acc.fullTowns.length === 0) throw AppError.forbidden();
    const towns = await this.db
      .selectFrom('org_units as t')
      .leftJoin('reports as r', (j) => j.onRef('r.town_id', '=', 't.id').on('r.year', '=', year))
      .select([
        't.id',
        't.name',
        'r.id as report_id',
        'r.state',
        'r.approved_at',
        'r.published_on',
        'r.published_where',
      ])
      .where('t.kind', '=', 'town')
      .where('t.id', 'in', [...acc.fullTowns, ...acc.countyTowns, 0])
      .orderBy('t.sort_order')
      .orderBy('t.id')
      .execute();
    return {
      year,
      towns: towns.map((t) => {
        const status = (t.state ?? 'none') as ReportState | 'none';
        const canOpen = t.report_id != null && canSeeReport(acc, { town_id: t.id, state: t.state ?? '' });
        return {
          townId: String(t.id),
          townName: t.name,
          reportId: t.report_id != null ? String(t.report_id) : null,
          status,
          statusLabel: status === 'none' ? '未开始' : REPORT_STATE_LABELS[status],
          approvedOn: t.approved_at ? shanghaiDate(t.approved_at) : null,
          publishedOn: t.published_on,
          publishedWhere: t.published_where,
          deadlines: this.deadlines(
            { year, approved_at: t.approved_at, published_on: t.published_on },
            year,
            now,
          ) as ReportDeadlines,
          canOpen,
        };
      }),
    };
  }

  // ---------------------------------------------------------------- writes

  async create(
    acc: ReportAccess,
    body: { year: number; template: ReportTemplateKey; townId?: string | undefined },
    userId: number,
    now: Date,
    audit: Auditor,
  ): Promise<number> {
    if (acc.manageTowns.length === 0) throw AppError.forbidden('只有法治办可以新建年度报告');
    const townId = body.townId ? Number(body.townId) : acc.manageTowns.length === 1 ? acc.manageTowns[0]! : null;
    if (townId == null) throw AppError.validation([{ path: 'townId', message: '请选择镇' }]);
    if (!acc.manageTowns.includes(townId)) throw AppError.forbidden('只能为本镇新建年度报告');
    const thisYear = Number(shanghaiDate(now).slice(0, 4));
    if (body.year > thisYear) {
      throw AppError.validation([{ path: 'year', message: `年度不能晚于今年（${thisYear}年）` }]);
    }
    const template = this.deps.templates[body.template];
    return this.db.transaction().execute(async (trx) => {
      const town = await trx.selectFrom('org_units').select(['id', 'name']).where('id', '=', townId).executeTakeFirst();
      if (!town) throw AppError.notFound('镇');
      const existing = await trx
        .selectFrom('reports')
        .select('id')
        .where('town_id', '=', townId)
        .where('year', '=', body.year)
        .executeTakeFirst();
      if (existing) {
        throw conflict(`${town.name}${body.year}年度报告已经建立，请直接打开`, { reportId: String(existing.id) });
      }
      const departments = await trx
        .selectFrom('org_units')
        .select(['id', 'name'])
        .where('town_id', '=', townId)
        .where('kind', '=', 'department')
        .orderBy('sort_order')
        .execute();
      const mine = acc.auth.assignments.find((a) => a.unitTownId === townId && acc.writeUnits.includes(a.unitId));
      const fallback = mine?.unitId ?? departments[0]?.id ?? townId;
      const r = await trx
        .insertInto('reports')
        .values({
          town_id: townId,
          year: body.year,
          template: template.key,
          title: template.title(town.name, body.year),
          created_by: userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const sections = template.sections(body.year);
      await trx
        .insertInto('report_sections')
        .values(
          sections.map((s, i) => ({
            town_id: townId,
            report_id: r.id,
            key: s.key,
            title: s.title,
            level: s.level,
            sort_order: (i + 1) * 10,
            unit_id: defaultOffice(s, departments, fallback),
            narrative: JSON.stringify({ type: 'doc', content: [] }),
          })),
        )
        .execute();
      await appendAudit(
        trx,
        audit('report.create', `report:${r.id}`, { town: town.name, year: body.year, template: template.key }),
      );
      return r.id;
    });
  }

  /** Locks the report row and checks it is visible; the caller checks state and permission. */
  private async lock(trx: Db, acc: ReportAccess, id: number): Promise<ReportRow> {
    const r = await trx.selectFrom('reports').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!r || !canSeeReport(acc, r)) throw AppError.notFound('年度报告');
    return r;
  }

  private async checkReportVersion(trx: Db, r: ReportRow, version: number) {
    if (r.version === version) return;
    const by = await this.lastActor(trx, `report:${r.id}`);
    throw staleVersion('年度报告', by);
  }

  private async lastActor(trx: Db, target: string): Promise<string | null> {
    const a = await trx
      .selectFrom('audit_log')
      .select('actor_name')
      .where('target', '=', target)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return a?.actor_name ?? null;
  }

  private async lockSection(trx: Db, r: ReportRow, key: string): Promise<SectionRow> {
    const s = await trx
      .selectFrom('report_sections')
      .selectAll()
      .where('report_id', '=', r.id)
      .where('key', '=', key)
      .forUpdate()
      .executeTakeFirst();
    if (!s) throw AppError.notFound('报告章节');
    return s;
  }

  private requireDrafting(r: ReportRow) {
    if (r.state !== 'drafting') {
      throw conflict(`报告${REPORT_STATE_LABELS[r.state]}，不能修改；如需修改请由镇领导退回`, { state: r.state });
    }
  }

  async updateSection(
    acc: ReportAccess,
    id: number,
    key: string,
    body: { version: number; narrative: Narrative },
    now: Date,
    audit: Auditor,
  ): Promise<void> {
    const narrative = NarrativeSchema.parse(body.narrative);
    await this.db.transaction().execute(async (trx) => {
      const r = await this.lock(trx, acc, id);
      const s = await this.lockSection(trx, r, key);
      this.requireDrafting(r);
      if (!canEditSection(acc, r, s.unit_id)) throw AppError.forbidden('只有承办科室和法治办可以修改本节');
      if (s.version !== body.version) {
        const by = s.updated_by ? (await this.userNames([s.updated_by], trx)).get(s.updated_by) : null;
        throw staleVersion(`「${s.title}」`, by ?? null);
      }
      await trx
        .updateTable('report_sections')
        .set({
          narrative: JSON.stringify(narrative),
          updated_by: acc.auth.userId,
          updated_at: now,
          version: s.version + 1,
        })
        .where('id', '=', s.id)
        .execute();
      await trx.updateTable('reports').set({ updated_at: now }).where('id', '=', r.id).execute();
      await appendAudit(
        trx,
        audit('report.section.update', `report:${r.id}`, {
          section: key,
          blocks: narrative.content.length,
          facts: narrativeFactKeys(narrative),
        }),
      );
    });
  }

  async submitSection(
    acc: ReportAccess,
    id: number,
    key: string,
    body: { version: number; submitted: boolean },
    now: Date,
    audit: Auditor,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.lock(trx, acc, id);
      const s = await this.lockSection(trx, r, key);
      this.requireDrafting(r);
      if (!canEditSection(acc, r, s.unit_id)) throw AppError.forbidden('只有承办科室和法治办可以提交本节');
      if (s.version !== body.version) throw staleVersion(`「${s.title}」`, null);
      if (body.submitted && (s.narrative as Narrative).content.length === 0) {
        throw AppError.validation([{ path: 'narrative', message: `「${s.title}」尚未撰写，不能提交` }]);
      }
      await trx
        .updateTable('report_sections')
        .set({ submitted: body.submitted, updated_by: acc.auth.userId, updated_at: now, version: s.version + 1 })
        .where('id', '=', s.id)
        .execute();
      await appendAudit(
        trx,
        audit(body.submitted ? 'report.section.submit' : 'report.section.reopen', `report:${r.id}`, { section: key }),
      );
    });
  }

  async assignSection(
    acc: ReportAccess,
    id: number,
    key: string,
    body: { version: number; unitId: string },
    now: Date,
    audit: Auditor,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.lock(trx, acc, id);
      if (!acc.manageTowns.includes(r.town_id)) throw AppError.forbidden('只有法治办可以分配章节');
      const s = await this.lockSection(trx, r, key);
      this.requireDrafting(r);
      await this.checkReportVersion(trx, r, body.version);
      const unit = await trx
        .selectFrom('org_units')
        .select(['id', 'name'])
        .where('id', '=', Number(body.unitId))
        .where('town_id', '=', r.town_id)
        .where('kind', '=', 'department')
        .executeTakeFirst();
      if (!unit) throw AppError.validation([{ path: 'unitId', message: '承办科室应为本镇的科室' }]);
      await trx
        .updateTable('report_sections')
        .set({ unit_id: unit.id, submitted: false, version: s.version + 1 })
        .where('id', '=', s.id)
        .execute();
      await trx
        .updateTable('reports')
        .set({ version: r.version + 1, updated_at: now })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(trx, audit('report.section.assign', `report:${r.id}`, { section: key, unit: unit.name }));
    });
  }

  /** 法治办 assembles and submits the report to the leader (起草中 → 待审定). */
  async submit(acc: ReportAccess, id: number, version: number, now: Date, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.lock(trx, acc, id);
      if (!acc.manageTowns.includes(r.town_id)) throw AppError.forbidden('只有法治办可以提交审定');
      this.requireDrafting(r);
      await this.checkReportVersion(trx, r, version);
      const open = await trx
        .selectFrom('report_sections')
        .select(['title'])
        .where('report_id', '=', r.id)
        .where('submitted', '=', false)
        .orderBy('sort_order')
        .execute();
      if (open.length > 0) {
        throw conflict(`以下章节尚未提交：${open.map((s) => s.title).join('；')}`, {
          sections: open.map((s) => s.title),
        });
      }
      await trx
        .updateTable('reports')
        .set({
          state: 'submitted',
          submitted_at: now,
          submitted_by: acc.auth.userId,
          version: r.version + 1,
          updated_at: now,
        })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(trx, audit('report.submit', `report:${r.id}`, { year: r.year }));
    });
  }

  /** The leader approves: text and figures are frozen as they stand (待审定 → 已审定). */
  async approve(acc: ReportAccess, id: number, version: number, now: Date, audit: Auditor): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.lock(trx, acc, id);
      if (!acc.approveTowns.includes(r.town_id)) throw AppError.forbidden('只有镇领导可以审定年度报告');
      if (r.state !== 'submitted') throw conflict('报告尚未提交审定', { state: r.state });
      await this.checkReportVersion(trx, r, version);
      const snap = await this.snapshot(trx, r, now);
      const frozen: FrozenReport = { ...snap, approvedOn: shanghaiDate(now) };
      await trx
        .updateTable('reports')
        .set({
          state: 'approved',
          approved_at: now,
          approved_by: acc.auth.userId,
          frozen: JSON.stringify(frozen),
          return_note: null,
          version: r.version + 1,
          updated_at: now,
        })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(
        trx,
        audit('report.approve', `report:${r.id}`, {
          year: r.year,
          facts: Object.fromEntries(Object.values(frozen.facts).map((f) => [f.key, f.value])),
        }),
      );
    });
  }

  /** The leader returns the report to the 法治办 with a note (待审定 → 起草中). */
  async return(acc: ReportAccess, id: number, version: number, note: string, now: Date, audit: Auditor) {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.lock(trx, acc, id);
      if (!acc.approveTowns.includes(r.town_id)) throw AppError.forbidden('只有镇领导可以退回年度报告');
      if (r.state !== 'submitted') throw conflict('只有待审定的报告可以退回', { state: r.state });
      await this.checkReportVersion(trx, r, version);
      await trx
        .updateTable('reports')
        .set({ state: 'drafting', return_note: note, version: r.version + 1, updated_at: now })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(trx, audit('report.return', `report:${r.id}`, { note }));
    });
  }

  /** 法治办 records where and when the approved report was made public (督察工作规定 art 24). */
  async publish(
    acc: ReportAccess,
    id: number,
    body: { version: number; publishedOn: string; where: string },
    now: Date,
    audit: Auditor,
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const r = await this.lock(trx, acc, id);
      if (!acc.manageTowns.includes(r.town_id)) throw AppError.forbidden('只有法治办可以登记公开情况');
      if (r.state !== 'approved') throw conflict('只有已审定的报告可以登记公开', { state: r.state });
      await this.checkReportVersion(trx, r, body.version);
      const approvedOn = shanghaiDate(r.approved_at!);
      if (body.publishedOn < approvedOn) {
        throw AppError.validation([{ path: 'publishedOn', message: `公开日期不能早于审定日期（${approvedOn}）` }]);
      }
      if (body.publishedOn > shanghaiDate(now)) {
        throw AppError.validation([{ path: 'publishedOn', message: '公开日期不能晚于今天' }]);
      }
      await trx
        .updateTable('reports')
        .set({
          state: 'published',
          published_on: body.publishedOn,
          published_where: body.where,
          published_by: acc.auth.userId,
          version: r.version + 1,
          updated_at: now,
        })
        .where('id', '=', r.id)
        .execute();
      await appendAudit(
        trx,
        audit('report.publish', `report:${r.id}`, { publishedOn: body.publishedOn, where: body.where }),
      );
    });
  }
}
