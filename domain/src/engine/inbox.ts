/**
 * What the server stores beside a case so the inbox (我的待办) is one indexed query
 * instead of running allowedActions over every open case: which roles could act on it
 * now, whether a leader's approval is pending, and the nearest running duty deadline.
 * All derived from the type and the case's events, like everything else here.
 */
import type { Calendar } from '../calendar/index.ts';
import { approvalStatus, ordered } from './approval.ts';
import { type ClockLevel, clockStatus } from './clocks.ts';
import { shanghaiDate } from './time.ts';
import type { AnyCaseType, CaseSnapshot, Now } from './types.ts';

export interface InboxFacts {
  /** Roles holding at least one action (or approval decision) available in the current state. */
  actorRoles: string[];
  /** An action's approval was requested and not yet decided. */
  approvalPending: boolean;
  /** The earliest due date among running or breached duty clocks (paused clocks have no due date). */
  nextDue: string | null;
  /** The key of that clock. */
  nextClock: string | null;
  /** The level of that clock at `now` (the inbox recomputes it at read time from `nextDue`). */
  level: ClockLevel | null;
  terminal: boolean;
}

export function inboxFacts(type: AnyCaseType, c: CaseSnapshot, calendar: Calendar, now: Now): InboxFacts {
  const terminal = type.states[c.state]?.terminal === true;
  const roles = new Set<string>();
  let approvalPending = false;
  if (!terminal) {
    const events = ordered(c.events);
    for (const [key, def] of Object.entries(type.actions)) {
      if (!def.from.includes(c.state)) continue;
      if (def.approval) {
        const status = approvalStatus(events, key);
        if (status.status === 'pending') {
          approvalPending = true;
          for (const r of def.approval.roles) roles.add(r);
          continue;
        }
      }
      if (def.optional) continue;
      for (const r of def.roles) roles.add(r);
    }
  }
  let nextDue: string | null = null;
  let nextClock: string | null = null;
  let level: ClockLevel | null = null;
  if (!terminal) {
    for (const s of clockStatus(type, c, calendar, now)) {
      if (s.kind !== 'duty' || !s.due) continue;
      if (s.state !== 'running' && s.state !== 'breached') continue;
      // Hour clocks carry an instant; the inbox sorts by day.
      const due = s.due.length === 10 ? s.due : shanghaiDate(s.due);
      if (nextDue === null || due < nextDue) {
        nextDue = due;
        nextClock = s.key;
        level = s.level;
      }
    }
  }
  return { actorRoles: [...roles].sort(), approvalPending, nextDue, nextClock, level, terminal };
}

/**
 * What the inbox says is asked of a user (the 「待办事项」 column and its filters), in the order
 * the column shows them. The engine's own words: a case type says which of its actions asks
 * which (`ActionDef.ask`, or the input keys the server adopts), never what they are called here.
 */
export const INBOX_ASKS = {
  approval: '待审批',
  ownership: '待包案',
  accept: '待受理',
  assign: '待分派',
} as const;
export type InboxAsk = keyof typeof INBOX_ASKS;
export const INBOX_ASK_KEYS = Object.keys(INBOX_ASKS) as InboxAsk[];

/** One way a case of a type asks something: in `states`, of `roles`, by the action `action`. */
export interface InboxAskRule {
  ask: InboxAsk;
  action: string;
  /** The action's label (for approval: the action awaiting the decision). */
  label: string;
  states: readonly string[];
  roles: readonly string[];
}

function inputKeys(input: unknown): string[] {
  const shape = (input as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

/**
 * Where a type's cases ask something, derived from its actions: an action with `approval` asks
 * its approvers for a decision while a request is pending (待审批); an action marked `ask`, or
 * whose input names `assigneeId` (待分派) or `ownerLeaderId` (待包案), asks the roles that may take
 * it in its from-states. Terminal states ask nothing. The server turns these into the SQL test
 * of the inbox (one condition per ask over type and state), so no case is loaded to answer it.
 */
export function inboxAskRules(type: AnyCaseType): InboxAskRule[] {
  const rules: InboxAskRule[] = [];
  for (const [key, def] of Object.entries(type.actions)) {
    const states = def.from.filter((s) => type.states[s]?.terminal !== true);
    if (states.length === 0) continue;
    if (def.approval) rules.push({ ask: 'approval', action: key, label: def.label, states, roles: def.approval.roles });
    const keys = inputKeys(def.input);
    const ask =
      def.ask ?? (keys.includes('assigneeId') ? 'assign' : keys.includes('ownerLeaderId') ? 'ownership' : undefined);
    if (ask) rules.push({ ask, action: key, label: def.label, states, roles: def.roles });
  }
  return rules;
}
