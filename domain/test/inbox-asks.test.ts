/**
 * What the inbox says a case asks (issue 13), derived from the case types' actions: the engine
 * reads `ask`, the input keys the server adopts (assigneeId, ownerLeaderId) and `approval`.
 */
import { describe, expect, it } from 'vitest';
import { inboxAskRules, mediation, petition } from '../src/index.ts';

const brief = (rules: ReturnType<typeof inboxAskRules>) =>
  rules.map((r) => ({ ask: r.ask, action: r.action, label: r.label, states: [...r.states], roles: [...r.roles] }));

describe('inboxAskRules', () => {
  it('mediation: 待受理 while registered, 待分派 to a mediator, 待审批 of an extension by 司法所 or a leader, 待包案', () => {
    const rules = brief(inboxAskRules(mediation));
    expect(rules).toContainEqual(expect.objectContaining({ ask: 'accept', action: 'accept', states: ['registered'] }));
    expect(rules).toContainEqual(
      expect.objectContaining({
        ask: 'assign',
        action: 'assign',
        label: '指派调解员',
        states: ['routed', 'mediating'],
      }),
    );
    expect(rules).toContainEqual(
      expect.objectContaining({
        ask: 'approval',
        action: 'extend',
        label: '延长调解期限',
        roles: ['sifasuo', 'leader'],
      }),
    );
    expect(rules.find((r) => r.ask === 'ownership')).toMatchObject({ action: 'take_ownership', roles: ['leader'] });
  });

  it('petition: the head of the town approves an extension (信访工作条例 第34条); 交办 is 待分派', () => {
    const rules = brief(inboxAskRules(petition));
    expect(rules.find((r) => r.ask === 'approval')).toMatchObject({ action: 'extend', roles: ['leader'] });
    expect(rules.find((r) => r.ask === 'assign')).toMatchObject({ action: 'assign', label: '交办承办单位' });
    expect(rules.find((r) => r.ask === 'accept')).toMatchObject({ action: 'accept', states: ['registered'] });
    // No rule asks anything in a terminal state.
    for (const r of rules)
      for (const st of r.states)
        expect((petition.states as Record<string, { terminal?: boolean }>)[st]?.terminal).not.toBe(true);
  });
});
