/**
 * The town's 检查表: per industry, the items an inspector ticks with their legal basis. Data, so
 * the 安监办 edits them and adds its own; the defaults (domain/safety/default-checklists.ts)
 * are installed on request. Every write is checked, versioned and audited in one transaction.
 */
import { AppError, type FieldIssue } from '@fazhi/domain';
import type {
  ChecklistCreateBodySchema,
  ChecklistDefaultsResult,
  ChecklistList,
  ChecklistUpdateBodySchema,
  ChecklistView,
} from '@fazhi/domain/api/safety-plans';
import { checklistProblems, normalizeChecklist } from '@fazhi/domain/safety/checklists';
import { DEFAULT_CHECKLISTS } from '@fazhi/domain/safety/default-checklists';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../../../db/index.ts';
import type { SafetyChecklistsTable } from '../../../db/schema.ts';
import { type Auditor, appendAudit, registerEditAction } from '../../../platform/audit.ts';
import { readTown, requireWriteOf, type SafetyAccess, writeTown } from './access.ts';

type Create = z.output<typeof ChecklistCreateBodySchema>;
type Update = z.output<typeof ChecklistUpdateBodySchema>;
type Row = Selectable<SafetyChecklistsTable>;

const TITLE_TAKEN = (title: string) =>
  new AppError('CONFLICT', `本镇已有名为“${title}”的检查表`, {
    fields: [{ path: 'title', message: '检查表名称已被使用' }],
  });

const unprocessable = (issues: FieldIssue[]) =>
  new AppError('UNPROCESSABLE', issues.map((i) => i.message).join('；'), { fields: issues });

function isTitleTaken(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && err.constraint === 'safety_checklists_title';
}

export function checklistView(r: Row): ChecklistView {
  return {
    id: String(r.id),
    townId: String(r.town_id),
    industry: r.industry,
    title: r.title,
    items: r.items,
    active: r.active,
    version: r.version,
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export class ChecklistService {
  constructor(private readonly deps: { db: Db }) {}

  private get db() {
    return this.deps.db;
  }

  async list(acc: SafetyAccess, townId: string | undefined): Promise<ChecklistList> {
    const town = readTown(acc, townId);
    const rows = await this.db
      .selectFrom('safety_checklists')
      .selectAll()
      .where('town_id', '=', town.id)
      .orderBy('active', 'desc')
      .orderBy('industry')
      .orderBy('title')
      .execute();
    return {
      town: { id: String(town.id), name: town.name },
      towns: acc.readTowns.map((t) => ({ id: String(t.id), name: t.name })),
      canWrite: acc.writeTowns.includes(town.id),
      items: rows.map(checklistView),
    };
  }

  async get(acc: SafetyAccess, id: number): Promise<ChecklistView> {
    readTown(acc, undefined);
    const row = await this.db.selectFrom('safety_checklists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !acc.readTowns.some((t) => t.id === row.town_id)) throw AppError.notFound('检查表');
    return checklistView(row);
  }

  private async titleTaken(townId: number, title: string, except?: number): Promise<boolean> {
    let q = this.db
      .selectFrom('safety_checklists')
      .select('id')
      .where('town_id', '=', townId)
      .where('title', '=', title);
    if (except !== undefined) q = q.where('id', '<>', except);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async create(acc: SafetyAccess, b: Create, now: Date, audit: Auditor): Promise<ChecklistView> {
    const townId = writeTown(acc, b.townId);
    const problems = checklistProblems(b.items);
    if (problems.length > 0) throw unprocessable(problems);
    if (await this.titleTaken(townId, b.title)) throw TITLE_TAKEN(b.title);
    const id = await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await trx
          .insertInto('safety_checklists')
          .values({
            town_id: townId,
            industry: b.industry,
            title: b.title,
            items: JSON.stringify(normalizeChecklist(b.items)),
            created_by: acc.auth.userId,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await appendAudit(
          trx,
          audit('safety.checklist.create', `safety-checklist:${id}`, { title: b.title, items: b.items.length }),
        );
        return id;
      })
      .catch((e: unknown) => {
        if (isTitleTaken(e)) throw TITLE_TAKEN(b.title);
        throw e;
      });
    return this.get(acc, id);
  }

  async update(acc: SafetyAccess, id: number, b: Update, now: Date, audit: Auditor): Promise<ChecklistView> {
    readTown(acc, undefined);
    const row = await this.db.selectFrom('safety_checklists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw AppError.notFound('检查表');
    requireWriteOf(acc, row.town_id, '检查表');
    if (b.items !== undefined) {
      const problems = checklistProblems(b.items);
      if (problems.length > 0) throw unprocessable(problems);
    }
    if (b.title !== undefined && (await this.titleTaken(row.town_id, b.title, id))) throw TITLE_TAKEN(b.title);
    const action = registerEditAction('safety.checklist', row.active, b.active);
    const changed = Object.keys(b).filter((k) => k !== 'version');
    await this.db
      .transaction()
      .execute(async (trx) => {
        const res = await trx
          .updateTable('safety_checklists')
          .set({
            ...(b.industry !== undefined ? { industry: b.industry } : {}),
            ...(b.title !== undefined ? { title: b.title } : {}),
            ...(b.items !== undefined ? { items: JSON.stringify(normalizeChecklist(b.items)) } : {}),
            ...(b.active !== undefined ? { active: b.active } : {}),
            version: b.version + 1,
            updated_at: now,
          })
          .where('id', '=', id)
          .where('version', '=', b.version)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 0) {
          throw new AppError('VERSION_CONFLICT', '该检查表已被他人修改，请刷新后重试');
        }
        await appendAudit(trx, audit(action, `safety-checklist:${id}`, { title: b.title ?? row.title, changed }));
      })
      .catch((e: unknown) => {
        if (isTitleTaken(e)) throw TITLE_TAKEN(b.title ?? row.title);
        throw e;
      });
    return this.get(acc, id);
  }

  /**
   * Installs the default checklist of each industry the town has none of by that title. Run
   * again, it installs nothing: a default the town renamed, edited or deactivated is its own.
   */
  async installDefaults(
    acc: SafetyAccess,
    townId: string | undefined,
    now: Date,
    audit: Auditor,
  ): Promise<ChecklistDefaultsResult> {
    const town = writeTown(acc, townId);
    return this.db.transaction().execute(async (trx) => {
      const created: string[] = [];
      const skipped: string[] = [];
      for (const [industry, d] of Object.entries(DEFAULT_CHECKLISTS)) {
        const row = await trx
          .insertInto('safety_checklists')
          .values({
            town_id: town,
            industry,
            title: d.title,
            items: JSON.stringify(d.items),
            created_by: acc.auth.userId,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['town_id', 'title']).doNothing())
          .returning('id')
          .executeTakeFirst();
        (row ? created : skipped).push(d.title);
      }
      if (created.length > 0) {
        await appendAudit(trx, audit('safety.checklist.defaults', `town:${town}`, { created }));
      }
      return { created, skipped };
    });
  }
}
