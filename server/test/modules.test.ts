/** The module list (core/module.ts): checked when composed, and the menu /api/me sends. */
import { menuFor, permissionsOf } from '@fazhi/domain';
import { describe, expect, it } from 'vitest';
import { ModuleSet, type ServerModule } from '../src/core/module.ts';
import { mediationModule } from '../src/modules/mediation/index.ts';
import { MODULES } from '../src/modules.ts';

describe('ModuleSet', () => {
  it('composes the product modules', () => {
    const set = new ModuleSet(MODULES);
    expect(set.caseTypes.map((c) => c.type.key)).toEqual(['mediation', 'petition']);
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

  it('gives /api/me the menu it sent before the modules brought their own entries', () => {
    const menu = new ModuleSet(MODULES).menu;
    expect(menuFor(permissionsOf([{ role: 'village' }]), menu).map((m) => m.key)).toEqual([
      'home',
      'org',
      'cases',
      'case-import',
      'campaigns',
      'mediation-stats',
      'receptions',
      'visits',
      'deadline',
    ]);
    expect(menuFor(permissionsOf([{ role: 'county' }]), menu).map((m) => m.key)).toEqual([
      'home',
      'dashboard',
      'org',
      'cases',
      'campaigns',
      'mediation-stats',
      'receptions',
      'visits',
      'petition-stats',
      'reports',
      'deadline',
    ]);
  });
});
