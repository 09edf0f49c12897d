/**
 * The demo's two screening campaigns of 2023 (issue 4): the 集中排查 before the Spring
 * Festival and a monthly 经常性排查 in September, run through the same service the routes
 * use, at their own dates. Every village returns: those with a village user enter their own
 * disputes, the centre enters the others' from their paper returns (as it does in practice),
 * and villages that found nothing make a 零报告. The disputes found were settled by the
 * village mediation committees on the spot (小事不出村), so the centre files them as 不予转案
 * with that reason instead of opening cases that would then sit open in a demo three years on.
 */
import { type EntryInput, EntryInputSchema } from '@fazhi/domain/api/campaigns';
import type { CoreServices } from '../../../core/module.ts';
import { demoAuditor } from '../../../seed/demo-access.ts';
import { type Actor, actorFor } from '../demo.ts';
import { campaignAccess } from './access.ts';
import type { CampaignService } from './service.ts';

interface Found {
  village: string;
  entry: Omit<EntryInput, 'foundOn'>;
}

const person = (role: 'applicant' | 'respondent', name: string) => ({ role, kind: 'person' as const, name });

const SPRING: Found[] = [
  {
    village: '湾头村村民委员会',
    entry: {
      disputeType: 'labor',
      summary: '某装修班组拖欠本村4名务工人员年前工资，务工人员多次讨要未果。',
      requests: '要求春节前结清工资。',
      peopleCount: 4,
      amount: 23600,
      riskHint: 'escalation',
      parties: [person('applicant', '周建华'), person('respondent', '何永强')],
    },
  },
  {
    village: '桥东村村民委员会',
    entry: {
      disputeType: 'neighbor',
      summary: '两户因屋后排水沟堵塞、雨水倒灌发生争执。',
      requests: '要求疏通排水沟并恢复原状。',
      peopleCount: 2,
      parties: [person('applicant', '沈桂芳'), person('respondent', '陆志明')],
    },
  },
  {
    village: '桥东村村民委员会',
    entry: {
      disputeType: 'marriage_family',
      summary: '兄弟二人因老人赡养费分担发生矛盾。',
      requests: '要求明确赡养费分担。',
      peopleCount: 3,
      parties: [person('applicant', '钱老汉'), person('respondent', '钱国庆')],
    },
  },
];

const SEPTEMBER: Found[] = [
  {
    village: '湾头村村民委员会',
    entry: {
      disputeType: 'land',
      summary: '两户承包地界桩移位，秋收时发生口角。',
      requests: '要求重新确认地界。',
      peopleCount: 2,
      parties: [person('applicant', '吴春生'), person('respondent', '郑小军')],
    },
  },
];

async function runCampaign(
  services: CoreServices,
  svc: CampaignService,
  actors: Record<string, Actor>,
  villages: { id: number; name: string }[],
  c: { kind: 'concentrated' | 'regular'; title: string; start: string; end: string; due: string; note: string },
  found: Found[],
): Promise<{ found: number }> {
  const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const centre = await campaignAccess(services.database.db, actors.tiaojie!.access);
  const id = await svc.create(
    centre,
    { kind: c.kind, title: c.title, periodStart: c.start, periodEnd: c.end, dueOn: c.due, note: c.note },
    at(c.start, 9),
    demoAuditor(centre.cases, at(c.start, 9)),
  );
  const detail = await svc.detail(centre, id, at(c.start, 9));
  const byVillage = new Map(villages.map((v) => [v.name, v.id]));
  const entryIds: number[] = [];
  for (const r of detail.returns) {
    const mine = found.filter((f) => byVillage.get(f.village) === Number(r.unitId));
    // The village's own user enters it where the demo has one; the centre otherwise.
    const who = r.unitName === '湾头村村民委员会' ? 'cun01' : r.unitName === '桥东村村民委员会' ? 'cun02' : 'tiaojie';
    const acc = await campaignAccess(services.database.db, actors[who]!.access);
    const day = c.due;
    for (const f of mine) {
      const e = await svc.addEntry(
        acc,
        Number(r.id),
        EntryInputSchema.parse({ ...f.entry, foundOn: c.start }),
        at(c.start, 15),
        demoAuditor(acc.cases, at(c.start, 15)),
      );
      entryIds.push(Number(e));
    }
    const current = await svc.returnDetail(acc, Number(r.id), at(day, 9));
    await svc.submitReturn(
      acc,
      Number(r.id),
      { nil: mine.length === 0, version: current.return.version },
      at(day, 11),
      demoAuditor(acc.cases, at(day, 11)),
    );
  }
  for (const entryId of entryIds) {
    const e = await svc.entry(centre, entryId);
    await svc.dismiss(
      centre,
      entryId,
      { reason: '村人民调解委员会已当场调处化解，双方无异议', version: e.version },
      at(c.due, 16),
      demoAuditor(centre.cases, at(c.due, 16)),
    );
  }
  const closing = await svc.detail(centre, id, at(c.due, 17));
  await svc.close(centre, id, closing.version, at(c.end, 17), demoAuditor(centre.cases, at(c.end, 17)));
  return { found: entryIds.length };
}

export async function seedCampaignDemo(
  services: CoreServices,
  svc: CampaignService,
  year = 2023,
  townName = '湾头桥镇',
): Promise<{ campaigns: number; found: number }> {
  const db = services.database.db;
  const town = await db
    .selectFrom('org_units')
    .select(['id'])
    .where('kind', '=', 'town')
    .where('name', '=', townName)
    .executeTakeFirstOrThrow();
  const villages = await db
    .selectFrom('org_units')
    .select(['id', 'name'])
    .where('town_id', '=', town.id)
    .where('kind', 'in', ['village', 'community'])
    .execute();
  const actors: Record<string, Actor> = {};
  for (const who of ['tiaojie', 'cun01', 'cun02']) actors[who] = await actorFor(services, who);
  const a = await runCampaign(
    services,
    svc,
    actors,
    villages,
    {
      kind: 'concentrated',
      title: `${year}年春节前矛盾纠纷集中排查`,
      start: `${year}-01-03`,
      end: `${year}-01-13`,
      due: `${year}-01-10`,
      note: '重点排查欠薪、婚姻家庭、邻里等易激化矛盾纠纷，发现苗头及时上报。',
    },
    SPRING,
  );
  const b = await runCampaign(
    services,
    svc,
    actors,
    villages,
    {
      kind: 'regular',
      title: `${year}年9月矛盾纠纷经常性排查`,
      start: `${year}-09-01`,
      end: `${year}-09-28`,
      due: `${year}-09-25`,
      note: '国庆节前例行排查，各村（社区）按月上报，无纠纷的作零报告。',
    },
    SEPTEMBER,
  );
  return { campaigns: 2, found: a.found + b.found };
}
