/**
 * The demo: 湾头桥镇 (the town of the seed report) under an invented county, with
 * invented villages and statistical codes (city code 99 does not exist, so no code
 * collides with a real place), the town's departments, and one account per role.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { createUnit, createUser, type UnitRow } from './factories.ts';

export const DEMO_PASSWORD = 'Demo@2026';

export const DEMO_VILLAGES: { name: string; kind: 'village' | 'community'; code: string }[] = [
  { name: '湾头村村民委员会', kind: 'village', code: '339901101201' },
  { name: '桥东村村民委员会', kind: 'village', code: '339901101202' },
  { name: '桥西村村民委员会', kind: 'village', code: '339901101203' },
  { name: '前进村村民委员会', kind: 'village', code: '339901101204' },
  { name: '新河村村民委员会', kind: 'village', code: '339901101205' },
  { name: '杨柳村村民委员会', kind: 'village', code: '339901101206' },
  { name: '石塘村村民委员会', kind: 'village', code: '339901101207' },
  { name: '丰收村村民委员会', kind: 'village', code: '339901101208' },
  { name: '东港社区居民委员会', kind: 'community', code: '339901101001' },
  { name: '湾桥社区居民委员会', kind: 'community', code: '339901101002' },
];

export const DEMO_DEPARTMENTS = [
  { key: 'dangzheng', name: '党政办（法治办）' },
  { key: 'sifasuo', name: '司法所' },
  { key: 'zongzhi', name: '综治中心（一站式矛调中心）' },
  { key: 'xinfang', name: '信访办' },
  { key: 'zhifa', name: '综合行政执法队' },
  { key: 'anjian', name: '安监办（应急办）' },
  { key: 'ziran', name: '自然资源和规划办' },
  { key: 'nongye', name: '农业农村办' },
] as const;

type DeptKey = (typeof DEMO_DEPARTMENTS)[number]['key'];

export interface DemoAccount {
  username: string;
  displayName: string;
  role: string;
  where: string;
}

export const DEMO_ACCOUNTS: (DemoAccount & { unit: 'town' | 'county' | DeptKey | 'village1' | 'village2' })[] = [
  { username: 'leader', displayName: '王建国', role: 'leader', unit: 'town', where: '湾头桥镇' },
  { username: 'fazhiban', displayName: '李晓梅', role: 'fazhiban', unit: 'dangzheng', where: '党政办（法治办）' },
  { username: 'sifasuo', displayName: '张明', role: 'sifasuo', unit: 'sifasuo', where: '司法所' },
  { username: 'tiaojie', displayName: '陈静', role: 'tiaojie', unit: 'zongzhi', where: '综治中心（一站式矛调中心）' },
  { username: 'xinfang', displayName: '刘伟', role: 'xinfang', unit: 'xinfang', where: '信访办' },
  { username: 'zhifa', displayName: '赵强', role: 'zhifa', unit: 'zhifa', where: '综合行政执法队' },
  { username: 'anjian', displayName: '孙磊', role: 'anjian', unit: 'anjian', where: '安监办（应急办）' },
  { username: 'ziran', displayName: '周芳', role: 'ziran', unit: 'ziran', where: '自然资源和规划办' },
  { username: 'cun01', displayName: '吴大勇', role: 'village', unit: 'village1', where: '湾头村村民委员会' },
  { username: 'cun02', displayName: '郑秀兰', role: 'village', unit: 'village2', where: '桥东村村民委员会' },
  { username: 'county', displayName: '冯志远', role: 'county', unit: 'county', where: '示范县委依法治县办' },
  { username: 'beian', displayName: '何文静', role: 'beian', unit: 'county', where: '示范县司法局（备案审查）' },
  { username: 'sysadmin', displayName: '系统管理员', role: 'sysadmin', unit: 'town', where: '湾头桥镇' },
  { username: 'secadmin', displayName: '安全管理员', role: 'secadmin', unit: 'town', where: '湾头桥镇' },
  { username: 'auditor', displayName: '审计管理员', role: 'auditor', unit: 'town', where: '湾头桥镇' },
];

export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  return !(await db.selectFrom('org_units').select('id').limit(1).executeTakeFirst());
}

export async function seedDemo(db: Kysely<DB>): Promise<{ town: UnitRow; county: UnitRow }> {
  return db.transaction().execute(async (trx) => {
    const county = await createUnit(trx, { kind: 'county', name: '示范县', code: '339901000000' });
    await createUnit(trx, { kind: 'department', name: '县委依法治县办', parent: county, sortOrder: 1 });
    const town = await createUnit(trx, {
      kind: 'town',
      name: '湾头桥镇',
      code: '339901101000',
      parent: county,
      sortOrder: 10,
    });
    const depts = {} as Record<DeptKey, UnitRow>;
    let order = 1;
    for (const d of DEMO_DEPARTMENTS) {
      depts[d.key] = await createUnit(trx, { kind: 'department', name: d.name, parent: town, sortOrder: order++ });
    }
    const villages: UnitRow[] = [];
    for (const v of DEMO_VILLAGES) {
      villages.push(
        await createUnit(trx, { kind: v.kind, name: v.name, code: v.code, parent: town, sortOrder: 100 + order++ }),
      );
    }
    // A neighbouring town, so the county view and the tenancy boundaries have something to show.
    const other = await createUnit(trx, {
      kind: 'town',
      name: '青石镇',
      code: '339901102000',
      parent: county,
      sortOrder: 20,
    });
    await createUnit(trx, { kind: 'village', name: '青石村村民委员会', code: '339901102201', parent: other });
    await createUnit(trx, { kind: 'village', name: '白沙村村民委员会', code: '339901102202', parent: other });

    // 简称 used in 文号 (湾调〔2026〕1号).
    await trx.updateTable('org_units').set({ short_name: '湾' }).where('id', '=', town.id).execute();
    await trx.updateTable('org_units').set({ short_name: '青' }).where('id', '=', other.id).execute();
    const unitFor = (k: (typeof DEMO_ACCOUNTS)[number]['unit']): UnitRow =>
      k === 'town'
        ? town
        : k === 'county'
          ? county
          : k === 'village1'
            ? villages[0]!
            : k === 'village2'
              ? villages[1]!
              : depts[k];
    for (const a of DEMO_ACCOUNTS) {
      await createUser(trx, {
        username: a.username,
        displayName: a.displayName,
        password: DEMO_PASSWORD,
        roles: [{ role: a.role, unit: unitFor(a.unit) }],
        mustChangePassword: true,
        demoAccount: true,
      });
    }
    await trx
      .insertInto('settings')
      .values({ key: 'demo', value: JSON.stringify(true) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(true) }))
      .execute();
    return { town, county };
  });
}
