/** The module list (core/module.ts): checked when composed, and the menu /api/me sends. */
import { menuFor, permissionsOf } from '@fazhi/domain';
import { describe, expect, it } from 'vitest';
import { ModuleSet, type ServerModule } from '../src/core/module.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { MODULES } from '../src/modules.ts';

describe('ModuleSet', () => {
  it('composes the product modules', () => {
    const set = new ModuleSet(MODULES);
    expect(set.caseTypes.map((c) => c.type.key)).toEqual([
      'mediation',
      'petition',
      'penalty',
      'construction',
      'hazard',
      'decision',
      'normative',
      'contract',
    ]);
    expect(set.auditActions['campaign.create']).toBe('部署矛盾纠纷排查');
    expect(set.auditActions['auth.login']).toBe('登录');
  });

  it('refuses a module twice, and a fact, audit action, menu path or outline section defined twice', () => {
    const other = (parts: Partial<ServerModule>): ServerModule => ({ key: 'other', label: '其他', ...parts });
    expect(() => new ModuleSet([mediationModule, mediationModule])).toThrow(/listed twice/);
    const facts = mediationModule.facts!;
    expect(() => new ModuleSet([mediationModule, other({ facts: [facts[0]!] })])).toThrow(/defined twice/);
    expect(() => new ModuleSet([other({ auditActions: { 'auth.login': '登录' } })])).toThrow(/labelled twice/);
    expect(
      () => new ModuleSet([other({ menu: [{ key: 'x', label: 'x', path: '/cases', group: '其他', needs: [] }] })]),
    ).toThrow(/path \/cases is used twice/);
    expect(
      () => new ModuleSet([other({ reportSections: [{ key: 'measures.study', title: 'x', order: 1, office: [] }] })]),
    ).toThrow(/defined twice/);
    expect(() => new ModuleSet([other({ key: 'Bad-Key' })])).toThrow(/lower-case/);
  });

  it('refuses a menu entry for a case type no module installs', () => {
    const entry = { key: 'x', label: 'x', path: '/x', group: '其他', needs: [], caseTypes: ['stall'] };
    expect(() => new ModuleSet([...MODULES, { key: 'other', label: '其他', menu: [entry] }])).toThrow(
      /menu x: case type stall is not installed/,
    );
    expect(
      () => new ModuleSet([...MODULES, { key: 'other', label: '其他', menu: [{ ...entry, caseTypes: [] }] }]),
    ).toThrow(/lists no case type/);
    expect(
      () => new ModuleSet([...MODULES, { key: 'other', label: '其他', menu: [{ ...entry, caseTypes: 'any' }] }]),
    ).not.toThrow();
  });

  it("gives /api/me each module's entries for the roles its case type admits", () => {
    const set = new ModuleSet(MODULES);
    const menu = set.menu;
    // What each role reads and writes, straight from the types' declarations.
    const types = (role: string) => ({
      read: set.caseTypes.filter((c) => c.type.access.read.includes(role)).map((c) => c.type.key),
      write: set.caseTypes.filter((c) => c.type.access.write.includes(role)).map((c) => c.type.key),
    });
    const keys = (role: string) => menuFor(permissionsOf([{ role }]), menu, types(role)).map((m) => m.key);
    expect(keys('village')).toEqual([
      'home',
      'org',
      'cases',
      'case-import',
      'campaigns',
      'mediation-stats',
      'receptions',
      'visits',
      'safety-hazards',
      'deadline',
    ]);
    expect(keys('county')).toEqual([
      'home',
      'dashboard',
      'org',
      'cases',
      'campaigns',
      'mediation-stats',
      'receptions',
      'visits',
      'petition-stats',
      'safety-hazards',
      'decisions-catalogue',
      'decisions-normative-cases',
      'decisions-normative-register',
      'decisions-contracts',
      'reports',
      'deadline',
    ]);
    // The county's 备案审查 reads normative documents alone: their two entries and nothing else
    // of the modules (no dashboard, no reports: docs/decisions/0010-county-filing.md).
    expect(keys('beian')).toEqual([
      'home',
      'org',
      'cases',
      'case-import',
      'decisions-normative-cases',
      'decisions-normative-register',
      'deadline',
    ]);
    // 执法队 reads neither mediation nor petitions: no 矛调中心 or 信访 entry; it writes penalty and
    // 违法建设 cases, so it may import them.
    expect(keys('zhifa')).toEqual([
      'home',
      'dashboard',
      'org',
      'cases',
      'case-import',
      'safety-hazards',
      'decisions-contracts',
      'reports',
      'deadline',
    ]);
    // 矛调中心 reads mediation, not petitions; 信访办 both (petitions are often settled by mediation).
    expect(keys('tiaojie')).toEqual([
      'home',
      'dashboard',
      'org',
      'cases',
      'case-import',
      'campaigns',
      'mediation-stats',
      'decisions-contracts',
      'reports',
      'deadline',
    ]);
    expect(keys('xinfang').filter((k) => ['campaigns', 'receptions', 'visits'].includes(k))).toEqual([
      'campaigns',
      'receptions',
      'visits',
    ]);
  });
});
