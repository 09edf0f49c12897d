/**
 * The public page of a town's major decisions (no login): the published catalogue of the year
 * (重大行政决策程序暂行条例 art 3 ¶3) and the decisions published that year (art 32), each with
 * its 政府信息公开 date and where it was published (政府信息公开条例 art 26). Only what was
 * published: no draft item, no case before its 公布, no internal opinion.
 */
import { AppError, shanghaiDate } from '@fazhi/domain';
import type { PublicDecisions } from '@fazhi/domain/api/decisions-decision';
import { DECISION_CATEGORY_LABELS, type DecisionCategory } from '@fazhi/domain/decisions/decision';
import { sql } from 'kysely';
import type { Db } from '../../../db/index.ts';

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const label = (c: unknown) => DECISION_CATEGORY_LABELS[c as DecisionCategory] ?? String(c ?? '');

export class DecisionPublicity {
  constructor(private readonly deps: { db: Db }) {}

  async decisions(townCode: string, year: number | undefined, now: Date): Promise<PublicDecisions> {
    const db = this.deps.db;
    const town = await db
      .selectFrom('org_units as t')
      .leftJoin('org_units as c', (j) => j.onRef('c.id', '=', 't.parent_id').on('c.kind', '=', 'county'))
      .select(['t.id', 't.code', 't.name', 'c.name as county'])
      .where('t.kind', '=', 'town')
      .where('t.code', '=', townCode)
      .executeTakeFirst();
    if (!town) throw new AppError('NOT_FOUND', '未找到该乡镇的公开信息');
    const y = year ?? Number(shanghaiDate(now).slice(0, 4));
    const [items, cases] = await Promise.all([
      db
        .selectFrom('decision_catalogue_items')
        .select(['title', 'category', 'lead_unit', 'planned_quarter', 'published_on', 'ad_hoc'])
        .where('town_id', '=', town.id)
        .where('year', '=', y)
        .where('status', '=', 'published')
        .orderBy('ad_hoc')
        .orderBy('planned_quarter')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('cases as c')
        .select(['c.number', 'c.title', 'c.fields'])
        .where('c.town_id', '=', town.id)
        .where('c.type', '=', 'decision')
        .where(sql<boolean>`c.fields->>'publishedOn' between ${`${y}-01-01`} and ${`${y}-12-31`}`)
        .orderBy(sql`c.fields->>'publishedOn'`)
        .orderBy('c.id')
        .execute(),
    ]);
    return {
      town: { code: town.code!, name: town.name, fullName: `${town.county ?? ''}${town.name}人民政府` },
      year: y,
      catalogue: items.map((i) => ({
        title: i.title,
        category: label(i.category),
        leadUnit: i.lead_unit,
        plannedQuarter: i.planned_quarter,
        publishedOn: i.published_on!,
        adHoc: i.ad_hoc,
      })),
      decisions: cases.map((c) => {
        const f = c.fields as Record<string, unknown>;
        return {
          number: c.number,
          title: c.title,
          category: label(f.category),
          leadUnit: String(f.leadUnit ?? ''),
          decidedOn: str(f.decidedOn),
          decisionNo: str(f.decisionNo),
          decisionContent: str(f.decisionContent),
          publishedOn: String(f.publishedOn),
          publishedWhere: str(f.publishedWhere),
          publishedUrl: str(f.publishedUrl),
          hearing: typeof f.hearingOn === 'string',
          commentCount: typeof f.commentCount === 'number' ? f.commentCount : null,
          commentAdoption: str(f.commentAdoption),
        };
      }),
    };
  }
}
