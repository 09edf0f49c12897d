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
