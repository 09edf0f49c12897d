/**
 * `fazhi report --town 湾头桥镇 --year 2023 (--out report.docx | --facts)`: the approved version
 * if there is one, else the current draft with today's figures; `--facts` prints the town's
 * facts for the year as JSON. The operator's command, like `fazhi user`: no session, no scope.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '../db/index.ts';
import { exportFileName, reportDocx } from './export.ts';
import type { ReportService } from './service.ts';

/** What the command reads: handed by the CLI from the composed services (core/services.ts). */
export interface ReportCommandServices {
  database: Database;
  reports: ReportService;
  now: () => Date;
}

export const REPORT_USAGE = '用法: fazhi report --town 镇名称 --year 年度 [--out 文件.docx | --facts]';

export async function reportCommand(
  services: ReportCommandServices,
  args: string[],
  out: (line: string) => void,
): Promise<number> {
  let values: {
    town?: string | undefined;
    year?: string | undefined;
    out?: string | undefined;
    facts?: boolean | undefined;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        town: { type: 'string' },
        year: { type: 'string' },
        out: { type: 'string' },
        facts: { type: 'boolean' },
      },
    }));
  } catch (e) {
    out(`${(e as Error).message}\n${REPORT_USAGE}`);
    return 2;
  }
  const year = Number(values.year);
  if (!values.town || !Number.isInteger(year) || year < 2000 || year > 2100) {
    out(REPORT_USAGE);
    return 2;
  }
  const db = services.database.db;
  const town = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('kind', '=', 'town')
    .where('name', '=', values.town)
    .executeTakeFirst();
  if (!town) {
    out(`未找到镇：${values.town}`);
    return 1;
  }
  const { reports } = services;
  const now = services.now();
  if (values.facts) {
    const facts = await reports.currentFacts(town.id, year, now);
    out(JSON.stringify({ town: town.name, year, facts: Object.values(facts) }, null, 2));
    return 0;
  }
  const row = await db
    .selectFrom('reports')
    .selectAll()
    .where('town_id', '=', town.id)
    .where('year', '=', year)
    .executeTakeFirst();
  if (!row) {
    out(`${town.name}${year}年度报告尚未建立（法治办在“年度报告”中新建）`);
    return 1;
  }
  const r = await reports.renderableOf(row, now);
  const file = path.resolve(values.out ?? exportFileName(r, 'docx'));
  fs.writeFileSync(file, await reportDocx(r));
  out(`已写入 ${file}（${r.draft ? '草稿，数据为当前数值' : `已审定版本，${r.date}`}）`);
  return 0;
}
