import { describe, expect, it } from 'vitest';
import {
  type Assignment,
  checkPassword,
  checkRoleSeparation,
  DEFAULT_PASSWORD_POLICY,
  inScope,
  type MenuItem,
  menuFor,
  permissionsOf,
  scopeFor,
  unionScope,
} from '../src/index.ts';

describe('password policy (≥8 characters, ≥3 of 4 classes)', () => {
  const cases: [string, boolean][] = [
    ['Demo@2026', true],
    ['abcDEF12', true],
    ['abc12345', false], // two classes
    ['Ab1!', false], // too short
    ['ABCDEFGH', false],
    ['法治Ab12345', true], // CJK counts as a symbol
    ['Has Space1A', false],
  ];
  for (const [pw, ok] of cases) {
    it(`${pw} → ${ok ? 'accepted' : 'refused'}`, () => {
      expect(checkPassword(pw, DEFAULT_PASSWORD_POLICY).length === 0).toBe(ok);
    });
  }
  it('refuses a password containing the username, with a Chinese reason', () => {
    expect(checkPassword('Leader@2026', DEFAULT_PASSWORD_POLICY, { username: 'leader' })).toEqual([
      '密码不能包含用户名',
    ]);
  });
});

const county = '/1/';
const town = '/1/3/';
const a = (role: string, unitId: number, unitPath: string, scope: Assignment['scope']): Assignment => ({
  role,
  unitId,
  unitPath,
  scope,
  townPath: unitPath.startsWith(town) ? town : null,
  countyPath: county,
});

describe('data scope', () => {
  it('is the union of two roles in two units (兼职): own village plus the whole town for mediation', () => {
    const assignments = [a('village', 21, '/1/3/21/', 'unit'), a('tiaojie', 6, '/1/3/6/', 'town')];
    const s = scopeFor(assignments, 'case:read');
    // The town prefix covers the village, so the village id is redundant and dropped.
    expect(s).toEqual({ self: false, unitIds: [], prefixes: [town] });
    expect(inScope(s, { unitId: 30, unitPath: '/1/3/30/' }, 1)).toBe(true);
    expect(inScope(s, { unitId: 40, unitPath: '/1/4/40/' }, 1)).toBe(false);
  });

  it('keeps a narrow role narrow for a permission only it grants', () => {
    // case:write comes from both; report:write only from the tiaojie role; org:read from both.
    const assignments = [a('village', 21, '/1/3/21/', 'unit'), a('sysadmin', 3, town, 'unit_tree')];
    expect(scopeFor(assignments, 'case:read')).toEqual({ self: false, unitIds: [21], prefixes: [] });
    expect(scopeFor(assignments, 'user:manage')).toEqual({ self: false, unitIds: [], prefixes: [town] });
  });

  it('two villages in one union, plus own records', () => {
    const s = unionScope([
      a('village', 21, '/1/3/21/', 'unit'),
      a('village', 22, '/1/3/22/', 'unit'),
      a('village', 9, '/1/3/9/', 'self'),
    ]);
    expect(s).toEqual({ self: true, unitIds: [21, 22], prefixes: [] });
    expect(inScope(s, { unitId: 23, unitPath: '/1/3/23/', ownerId: 5 }, 5)).toBe(true);
    expect(inScope(s, { unitId: 23, unitPath: '/1/3/23/', ownerId: 6 }, 5)).toBe(false);
  });

  it('county scope covers every town of the county', () => {
    const s = unionScope([a('county', 2, '/1/2/', 'county')]);
    expect(s.prefixes).toEqual([county]);
  });

  it('admin roles carry no case permission (admins do not see case content)', () => {
    for (const role of ['sysadmin', 'secadmin', 'auditor']) {
      expect(permissionsOf([{ role }]).filter((p) => p.startsWith('case:'))).toEqual([]);
    }
  });

  it("the menu follows the permissions, with the modules' entries after the core case entries", () => {
    // The server's module manifests bring their own entries; two stand in for them here.
    const fromModules = [
      {
        key: 'campaigns',
        label: '矛盾纠纷排查',
        path: '/mediation/campaigns',
        group: '矛调中心',
        needs: ['case:read'],
        caseTypes: ['mediation'],
      },
      {
        key: 'petition-stats',
        label: '信访统计',
        path: '/petition/stats',
        group: '信访',
        needs: ['dashboard:read'],
        caseTypes: ['petition'],
      },
    ] satisfies MenuItem[];
    const both = { read: ['mediation', 'petition'], write: ['mediation', 'petition'] };
    const keys = menuFor(permissionsOf([{ role: 'village' }]), fromModules, both).map((m) => m.key);
    expect(keys).toEqual(['home', 'org', 'cases', 'case-import', 'campaigns', 'deadline']);
    // 县级督查 reads cases but registers none: no import.
    const county = { read: ['mediation', 'petition'], write: [] };
    expect(menuFor(permissionsOf([{ role: 'county' }]), fromModules, county).map((m) => m.key)).toEqual([
      'home',
      'dashboard',
      'org',
      'cases',
      'campaigns',
      'petition-stats',
      'reports',
      'deadline',
    ]);
    const none = { read: [], write: [] };
    expect(menuFor(permissionsOf([{ role: 'auditor' }]), [], none).map((m) => m.key)).toEqual([
      'home',
      'audit',
      'deadline',
    ]);
  });

  it('the menu follows the access the case types grant: no entry of a type the user cannot read', () => {
    const items = [
      { key: 'm', label: '调解', path: '/m', group: 'x', needs: ['case:read'], caseTypes: ['mediation'] },
      {
        key: 'mw',
        label: '调解登记',
        path: '/mw',
        group: 'x',
        needs: ['case:read'],
        caseTypes: ['mediation'],
        typeAccess: 'write',
      },
      { key: 'p', label: '信访', path: '/p', group: 'x', needs: ['case:read'], caseTypes: ['petition'] },
    ] satisfies MenuItem[];
    const perms = permissionsOf([{ role: 'zhifa' }]);
    // A role that reads mediation only, and writes none: no petition entry, no write entry.
    const keys = menuFor(perms, items, { read: ['mediation'], write: [] }).map((m) => m.key);
    expect(keys).toContain('m');
    expect(keys).not.toContain('mw');
    expect(keys).not.toContain('p');
    // Reading and writing no type at all: the case list stays (assigned cases), import goes.
    const bare = menuFor(perms, items, { read: [], write: [] }).map((m) => m.key);
    expect(bare).toContain('cases');
    expect(bare).not.toContain('case-import');
    expect(bare.filter((k) => ['m', 'mw', 'p'].includes(k))).toEqual([]);
  });

  it('lists an entry naming roles only for a user holding one of them', () => {
    const items = [
      { key: 'r', label: '执法人员', path: '/r', group: 'x', needs: ['case:read'], roles: ['zhifa', 'county'] },
    ] satisfies MenuItem[];
    const none = { read: [], write: [] };
    const keys = (role: string) => menuFor(permissionsOf([{ role }]), items, none, [role]).map((m) => m.key);
    expect(keys('zhifa')).toContain('r');
    expect(keys('county')).toContain('r');
    expect(keys('xinfang')).not.toContain('r');
    // Roles not told: the entry is not shown.
    expect(menuFor(permissionsOf([{ role: 'zhifa' }]), items, none).map((m) => m.key)).not.toContain('r');
  });

  it('三员分立: two admin roles, or admin + business, are refused', () => {
    expect(checkRoleSeparation(['sysadmin', 'auditor'])).toContain('三员分立');
    expect(checkRoleSeparation(['sysadmin', 'leader'])).toContain('业务角色');
    expect(checkRoleSeparation(['sifasuo', 'tiaojie'])).toBeNull();
  });
});
