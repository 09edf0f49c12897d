/**
 * A web module added to the list (src/modules.ts) reaches the router, the generic case pages and
 * the dashboard through app/compose.ts alone; its cards show only to users whose menu (GET
 * /api/me, filtered by the server per case type) lists the module's entry.
 */
import { describe, expect, it } from 'vitest';
import { type ComposedDashboardSlots, composeModules } from '../src/app/compose.ts';
import { MODULES } from '../src/modules.ts';
import { StallCaseCard, StallDashboardCard, StallPatrolsPage, stallWebModule } from './fixtures/stall.ts';

const composed = composeModules([...MODULES, stallWebModule]);
const menu = (...paths: string[]) => paths.map((path) => ({ path }));

describe('a web module composed with the product modules', () => {
  it('adds its page to the shell routes', () => {
    const route = composed.routes.find((r) => r.path === 'stall/patrols');
    expect(route?.Component).toBe(StallPatrolsPage);
    // The product's pages are all still there.
    expect(composed.routes.length).toBe(MODULES.flatMap((m) => m.routes ?? []).length + 1);
  });

  it('keeps public pages (公示) out of the shell, as top-level routes', () => {
    const paths = composed.publicRoutes.map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/gongshi', '/gongshi/:townCode']));
    expect(composed.routes.map((r) => r.path)).not.toContain('/gongshi/:townCode');
  });

  it("joins two areas' cards for one case type: a major decision's page shows its steps and the meeting that decided it", () => {
    const decisions = MODULES.find((m) => m.name === 'decisions')!;
    const slots = composeModules(MODULES).caseSlots('decision', menu('/cases'));
    // The meetings area's 集体讨论 card, then the decision area's steps card (area order).
    expect(slots.detailCards).toHaveLength(2);
    expect(slots.detailCards).toEqual(decisions.caseSlots!.decision!.detailCards);
    expect(slots.createHints).toHaveLength(1);
    expect(composeModules(MODULES).caseSlots('normative', menu('/cases')).detailCards).toHaveLength(1);
  });

  it('adds its case card for users whose menu lists the module, and for no other', () => {
    expect(composed.caseSlots('stall', menu('/cases', '/stall/patrols')).detailCards).toEqual([StallCaseCard]);
    expect(composed.caseSlots('stall', menu('/cases')).detailCards).toEqual([]);
    // Stable for one type and menu: the case page gets the same list on every render.
    expect(composed.caseSlots('stall', menu('/stall/patrols'))).toBe(
      composed.caseSlots('stall', menu('/stall/patrols')),
    );
  });

  it("shows a module's dashboard cards only with its menu entry", () => {
    const withStall = composed.dashboardSlots(menu('/dashboard', '/stall/patrols'));
    expect(withStall.wide).toContain(StallDashboardCard);
    expect(composed.dashboardSlots(menu('/dashboard')).wide).not.toContain(StallDashboardCard);
    // The product's own: the mediation charts need 调解统计, which 执法队's menu does not list.
    const mediation = MODULES.find((m) => m.dashboard?.main)!.dashboard!;
    expect(composed.dashboardSlots(menu('/dashboard', mediation.menuPath!)).main).toBe(mediation.main);
    expect(composed.dashboardSlots(menu('/dashboard')).main).toBeUndefined();
  });

  it("puts the modules' figures and lists in 需要关注, in module order, for every dashboard user", () => {
    const attention = composeModules([
      ...MODULES,
      { name: 'extra', dashboard: { attention: { facts: [{ key: 'extra.open' }], below: StallDashboardCard } } },
    ]).dashboardSlots(menu('/dashboard')).attention;
    // Mediation's overdue and high-risk disputes (red above zero), then the petition module's
    // 领导包案: its figure (not red) and the list of owned cases, then enforcement's decisions
    // without their art 58 review and late publications. The mediation figures show
    // without its menu entry: /api/facts decides who sees a figure, the menu only the cards.
    const petition = MODULES.find((m) => m.name === 'petition')!.dashboard!.attention!;
    expect(attention.facts).toEqual([
      { key: 'mediation.overdue' },
      { key: 'mediation.high_risk' },
      { key: 'petition.owned_cases', alert: false },
      { key: 'enforcement.legal_review_missing' },
      { key: 'enforcement.published_late' },
      { key: 'extra.open' },
    ]);
    expect(attention.below).toEqual([petition.below, StallDashboardCard]);
  });

  it("orders the modules' key figures as one row, whatever the user's menu", () => {
    const keys = (slots: ComposedDashboardSlots) => slots.keyFacts.map((f) => f.key);
    const expected = [
      'mediation.accepted',
      'mediation.success_rate',
      'mediation.amount',
      'petition.received',
      'petition.handled_on_time_rate',
      'petition.satisfaction_rate',
      'campaigns.disputes_found',
      'safety.inspections',
      'enforcement.penalties',
      'land.illegal_constructions_demolished',
    ];
    expect(keys(composed.dashboardSlots(menu('/dashboard')))).toEqual(expected);
    // A module's figure slots in by its order; a tie keeps module order.
    const withExtra = composeModules([
      ...MODULES,
      {
        name: 'extra',
        dashboard: {
          keyFacts: [
            { key: 'extra.first', order: 0 },
            { key: 'extra.tied', order: 30 },
          ],
        },
      },
    ]).dashboardSlots(menu('/dashboard'));
    expect(keys(withExtra)).toEqual(['extra.first', ...expected.slice(0, 7), 'extra.tied', ...expected.slice(7)]);
  });

  it('refuses a route path claimed twice', () => {
    expect(() => composeModules([...MODULES, stallWebModule, { ...stallWebModule, name: 'stall2' }])).toThrow(
      /route stall\/patrols is already stall's/,
    );
    expect(() => composeModules([stallWebModule, stallWebModule])).toThrow(/listed twice/);
  });

  it('offers the lookups the modules supply (the enforcement officers for OfficerIdsInput), and refuses one supplied twice', () => {
    const composed = composeModules(MODULES);
    expect(Object.keys(composed.lookups)).toEqual(
      expect.arrayContaining(['enforcement-officers', 'enforcement-powers', 'meeting-items']),
    );
    const patrols = { useOptions: () => ({ options: [{ value: 1, label: '巡查员甲' }], loading: false }) };
    const withPatrols = composeModules([...MODULES, { ...stallWebModule, lookups: { 'stall-patrols': patrols } }]);
    expect(withPatrols.lookups['stall-patrols']).toBe(patrols);
    expect(() =>
      composeModules([...MODULES, { ...stallWebModule, lookups: { 'enforcement-officers': patrols } }]),
    ).toThrow(/lookup enforcement-officers is already supplied/);
  });
});
