/**
 * The demo year's 违建 (ServerModule.demo.year): three buildings of the demo town, each taken
 * through the case service as the 执法队 and the 自然资源办 would, on office hours of the town's
 * working-day calendar:
 * - one demolished by force after its 复议 and 诉讼 periods ran out unused (行政强制法 art 44);
 * - one built the year before, demolished by its builder after the stop order (old stock);
 * - one stopped the day it was found, under investigation at the year's end and taken down by
 *   its builder the next February (when the simulation reaches it).
 * The town's two certified planning officers are added when it has none (the officers' register
 * is another module's; these are the rows the guards need).
 */
import { addPeriod, CreateCaseBodySchema } from '@fazhi/domain';
import { officeHour } from '../../core/demo.ts';
import type { CoreServices } from '../../core/module.ts';
import { demoAccess, demoAuditor } from '../../seed/demo-access.ts';

const SHA = (seed: string) =>
  Array.from({ length: 64 }, (_, i) => '0123456789abcdef'[(seed.charCodeAt(i % seed.length) + i) % 16]).join('');

export async function seedConstructionDemo(
  core: Pick<CoreServices, 'cases' | 'calendars'>,
  opts: { year: number; until: Date },
): Promise<{ caseIds: number[]; officers: number }> {
  const db = core.cases.database;
  const zhifa = await demoAccess(db, 'zhifa', core.cases.registry);
  const ziran = await demoAccess(db, 'ziran', core.cases.registry);
  const leader = await demoAccess(db, 'leader', core.cases.registry);
  const townId = zhifa.auth.townId;
  if (townId == null) return { caseIds: [], officers: 0 };
  const calendar = await core.calendars.forTown(townId);
  const y = opts.year;
  const officers = await ensureOfficers(db, townId, zhifa.auth.userId, y);

  /** The first working day on or after `d`. */
  const workday = (d: string) => {
    let x = d;
    while (!calendar.isWorkday(x)) x = addPeriod(calendar, { unit: 'd', from: x, length: 1 }).due;
    return x;
  };
  const after = (d: string, n: number, unit: 'd' | 'wd' | 'month' = 'd') =>
    workday(addPeriod(calendar, { unit, from: d, length: n }).due);

  const village = async (name: string) =>
    String((await db.selectFrom('org_units').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id);
  const wantou = await village('湾头村村民委员会');
  const qiaodong = await village('桥东村村民委员会');

  const ids: number[] = [];
  const run = async (
    id: number,
    who: typeof zhifa,
    day: string,
    kind: 'doc' | 'act',
    name: string,
    input?: Record<string, unknown>,
  ): Promise<boolean> => {
    const t = officeHour(day, 30 + ids.length * 7);
    if (t > opts.until) return false;
    const { version } = await db.selectFrom('cases').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const audit = demoAuditor(who, t);
    if (kind === 'doc') await core.cases.issueDocument(who, id, { version, kind: name, input }, t, audit);
    else await core.cases.act(who, id, name, { version, input }, t, audit);
    return true;
  };
  const register = async (who: typeof zhifa, day: string, body: Record<string, unknown>) => {
    const t = officeHour(day, 20);
    const id = await core.cases.create(who, CreateCaseBodySchema.parse(body), t, demoAuditor(who, t));
    ids.push(id);
    return id;
  };
  const investigation = (on: string, area: number, extra: Record<string, unknown>) => ({
    investigatedOn: on,
    area,
    floors: 2,
    structure: 'brick_concrete',
    onFarmland: false,
    permitStatus: 'none',
    zone: 'village',
    findings: `现场测量建筑面积${area}平方米，当事人未能提供乡村建设规划许可证。`,
    officerIds: officers,
    ...extra,
  });

  // 1. Demolished by force once the periods ran out.
  {
    const found = workday(`${y}-01-12`);
    const id = await register(zhifa, found, {
      type: 'construction',
      title: '湾头村陈某未批先建二层住房',
      unitId: wantou,
      fields: {
        source: 'patrol',
        foundOn: found,
        startedOn: `${y}-01-05`,
        location: '湾头村五组村道东侧',
        description: '在承包地旁新建二层砖混住房，主体已封顶',
        zone: 'village',
      },
      parties: [{ role: 'builder', kind: 'person', name: '陈某', address: '示范县湾头桥镇湾头村五组8号' }],
    });
    const steps: [string, typeof zhifa, 'doc' | 'act', string, Record<string, unknown>?][] = [];
    const investigated = after(found, 2, 'wd');
    const notified = after(investigated, 1, 'wd');
    const decideDay = after(notified, 7, 'wd');
    const served = after(decideDay, 1, 'wd');
    const deadline = addPeriod(calendar, { unit: 'd', from: served, length: 30 }).due;
    const warnDay = after(deadline, 1, 'wd');
    const performBy = addPeriod(calendar, { unit: 'wd', from: warnDay, length: 10 }).due;
    const enforceDay = after(performBy, 1, 'wd');
    const selfBy = addPeriod(calendar, { unit: 'd', from: enforceDay, length: 15 }).due;
    const litigationEnd = addPeriod(calendar, { unit: 'month', from: served, length: 6 }).due;
    const demolishDay = after(litigationEnd, 3, 'wd');
    steps.push(
      [found, zhifa, 'doc', 'stop_order', { orderedOn: found }],
      [found, zhifa, 'act', 'stop', { officerIds: officers }],
      [investigated, ziran, 'act', 'investigate', investigation(investigated, 168, {})],
      [notified, zhifa, 'act', 'notify', { notifiedOn: notified, statementDeadline: after(notified, 5, 'd') }],
      [decideDay, zhifa, 'act', 'request_approval:decide', { decisionKind: 'demolish', rectifyDeadline: deadline }],
      [decideDay, leader, 'act', 'approve:decide', { opinion: '同意作出限期拆除决定' }],
      [decideDay, zhifa, 'doc', 'demolition_decision'],
      [decideDay, zhifa, 'act', 'decide'],
      [served, zhifa, 'act', 'serve_decision', { decisionServedOn: served }],
      [warnDay, zhifa, 'doc', 'warning', { deadline: performBy }],
      [warnDay, zhifa, 'act', 'warn', { warnedOn: warnDay }],
      [
        enforceDay,
        zhifa,
        'act',
        'request_approval:decide_enforcement',
        { demolitionPlannedOn: demolishDay, selfDemolishBy: selfBy },
      ],
      [enforceDay, leader, 'act', 'approve:decide_enforcement', { opinion: '同意' }],
      [enforceDay, zhifa, 'doc', 'enforcement_decision'],
      [enforceDay, zhifa, 'doc', 'enforcement_notice'],
      [enforceDay, zhifa, 'act', 'decide_enforcement'],
      [enforceDay, zhifa, 'act', 'serve_enforcement', { enforcementServedOn: enforceDay, noticePostedOn: enforceDay }],
      [
        demolishDay,
        zhifa,
        'act',
        'demolish',
        {
          demolishedOn: demolishDay,
          demolishedArea: 168,
          demolitionCost: 36800,
          videoRef: `湾执音〔${y}〕0107`,
          videoSha256: SHA(`${y}-chen`),
          officerIds: officers,
        },
      ],
      [after(demolishDay, 2, 'wd'), zhifa, 'act', 'close'],
    );
    for (const [day, who, kind, name, input] of steps) if (!(await run(id, who, day, kind, name, input))) break;
  }

  // 2. Built the year before, taken down by its builder after the stop order (old stock).
  {
    const found = workday(`${y}-04-08`);
    const id = await register(ziran, found, {
      type: 'construction',
      title: '桥东村刘某搭建彩钢棚',
      unitId: qiaodong,
      fields: {
        source: 'satellite',
        foundOn: found,
        startedOn: `${y - 1}-10-15`,
        location: '桥东村二组',
        description: '在宅基地外搭建彩钢板仓储棚',
        zone: 'village',
        polygonNo: `WP${y}-3301-017`,
      },
      parties: [{ role: 'builder', kind: 'person', name: '刘某', address: '示范县湾头桥镇桥东村二组21号' }],
    });
    const investigated = after(found, 2, 'wd');
    const removed = after(investigated, 6, 'wd');
    const steps: [string, typeof zhifa, 'doc' | 'act', string, Record<string, unknown>?][] = [
      [found, ziran, 'doc', 'stop_order', { orderedOn: found }],
      [found, ziran, 'act', 'stop', { officerIds: officers }],
      [investigated, ziran, 'act', 'investigate', investigation(investigated, 45, { structure: 'simple', floors: 1 })],
      [removed, ziran, 'act', 'self_demolish', { demolishedOn: removed, demolishedArea: 45, officerIds: officers }],
    ];
    for (const [day, who, kind, name, input] of steps) if (!(await run(id, who, day, kind, name, input))) break;
  }

  // 3. Reported by a villager, stopped the day it was found, under investigation.
  {
    const found = workday(`${y}-11-17`);
    const id = await register(zhifa, found, {
      type: 'construction',
      title: '湾头村周某擅自加层',
      unitId: wantou,
      fields: {
        source: 'report',
        foundOn: found,
        startedOn: `${y}-11-02`,
        location: '湾头村一组',
        description: '在原有一层住房上擅自加建第二层',
        zone: 'village',
      },
      parties: [{ role: 'builder', kind: 'person', name: '周某', address: '示范县湾头桥镇湾头村一组3号' }],
    });
    const investigated = after(found, 3, 'wd');
    // Taken down by the builder after the new year's holiday: still open at the year's end.
    const removed = after(`${y + 1}-02-16`, 1, 'wd');
    const steps: [string, typeof zhifa, 'doc' | 'act', string, Record<string, unknown>?][] = [
      [found, zhifa, 'doc', 'stop_order', { orderedOn: found }],
      [found, zhifa, 'act', 'stop', { officerIds: officers }],
      [investigated, zhifa, 'act', 'investigate', investigation(investigated, 62, { floors: 2 })],
      [removed, zhifa, 'act', 'self_demolish', { demolishedOn: removed, demolishedArea: 62, officerIds: officers }],
    ];
    for (const [day, who, kind, name, input] of steps) if (!(await run(id, who, day, kind, name, input))) break;
  }
  return { caseIds: ids, officers: officers.length };
}

/** Two officers holding planning certificates valid through the year (行政处罚法 art 42). */
async function ensureOfficers(
  db: CoreServices['cases']['database'],
  townId: number,
  createdBy: number,
  year: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('enforcement_officers')
    .select(['id', 'cert_fields', 'valid_from'])
    .where('town_id', '=', townId)
    .where('active', '=', true)
    .where('valid_until', '>=', `${year + 1}-03-31`)
    .orderBy('id')
    .execute();
  const fit = rows
    .filter((r) => r.cert_fields.includes('planning') && (r.valid_from === null || r.valid_from <= `${year}-01-01`))
    .map((r) => Number(r.id));
  if (fit.length >= 2) return fit.slice(0, 2);
  const at = new Date();
  for (const [name, certNo] of [
    ['赵强', `33990120${year}0101`],
    ['钱进', `33990120${year}0102`],
  ] as const) {
    const row = await db
      .insertInto('enforcement_officers')
      .values({
        town_id: townId,
        name,
        cert_no: certNo,
        cert_issuer: '示范县人民政府',
        cert_fields: ['planning', 'land'],
        valid_from: `${year - 1}-01-01`,
        valid_until: `${year + 4}-12-31`,
        created_by: createdBy,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    fit.push(Number(row.id));
  }
  return fit.slice(0, 2);
}
