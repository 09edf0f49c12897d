/** Rows → the shapes of domain/api/cases.ts, with every label in Chinese. */
import { type AnyCaseType, type CaseEventView, type CaseListItem, type DueLevel, parseActionKey } from '@fazhi/domain';
import type { CaseRegistry } from './registry.ts';
import type { DueWindow, ListRow } from './repository.ts';

export type { DueWindow };

export function dueLevel(nextDue: string | null, w: DueWindow): DueLevel | null {
  if (!nextDue) return null;
  if (nextDue < w.today) return 'breached';
  if (nextDue <= w.warnUntil) return 'warn';
  return 'ok';
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function clockLabel(type: AnyCaseType | undefined, key: string | null): string | null {
  if (!key) return null;
  return type?.clocks[key]?.label ?? key;
}

export function toListItem(r: ListRow, registry: CaseRegistry, w: DueWindow): CaseListItem {
  const type = registry.find(r.type)?.type;
  const level = r.terminal ? null : dueLevel(r.next_due, w);
  return {
    id: String(r.id),
    type: r.type,
    typeLabel: type?.label ?? r.type,
    number: r.number,
    title: r.title,
    state: r.state,
    stateLabel: type?.states[r.state]?.label ?? r.state,
    terminal: r.terminal,
    unitId: r.unit_id == null ? null : String(r.unit_id),
    unitName: r.unit_name,
    assigneeId: r.assignee_id == null ? null : String(r.assignee_id),
    assigneeName: r.assignee_name,
    ownerLeaderId: r.owner_leader_id == null ? null : String(r.owner_leader_id),
    ownerLeaderName: r.owner_leader_name,
    risk: r.risk,
    nextDue: r.terminal ? null : r.next_due,
    nextClock: r.terminal ? null : clockLabel(type, r.next_clock),
    dueLevel: level,
    daysLeft: r.terminal || !r.next_due ? null : daysBetween(w.today, r.next_due),
    partyNames: r.party_names,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    closedOn: r.closed_on ?? null,
  };
}

/** The Chinese name of an event's action, including the engine's approval steps and the server's own events. */
export function actionLabel(type: AnyCaseType | undefined, action: string): string {
  if (action === 'create') return type?.create.label ?? `登记${type?.label ?? ''}`;
  if (action.startsWith('issue:')) {
    const kind = action.slice('issue:'.length);
    return `出具《${type?.documents[kind] ?? kind}》`;
  }
  if (action.startsWith('void:')) {
    const kind = action.slice('void:'.length);
    return `作废《${type?.documents[kind] ?? kind}》`;
  }
  if (action === 'attach') return '上传附件';
  if (action.startsWith('breach:')) return `超期：${clockLabel(type, action.slice('breach:'.length))}`;
  const { kind, target } = parseActionKey(action);
  const label = type?.actions[target]?.label ?? target;
  switch (kind) {
    case 'request_approval':
      return `申请审批：${label}`;
    case 'approve':
      return `批准：${label}`;
    case 'reject':
      return `驳回：${label}`;
    default:
      return label;
  }
}

export function eventView(
  type: AnyCaseType | undefined,
  e: {
    seq: number;
    at: Date;
    actor_id: number | null;
    actor_name: string;
    action: string;
    from_state: string | null;
    to_state: string;
    note: string | null;
    data: Record<string, unknown> | null;
  },
): CaseEventView {
  const stateLabel = (s: string) => type?.states[s]?.label ?? s;
  return {
    seq: e.seq,
    at: e.at.toISOString(),
    actorId: e.actor_id == null ? 'system' : String(e.actor_id),
    actorName: e.actor_name,
    action: e.action,
    actionLabel: actionLabel(type, e.action),
    from: e.from_state,
    fromLabel: e.from_state == null ? null : stateLabel(e.from_state),
    to: e.to_state,
    toLabel: stateLabel(e.to_state),
    note: e.note,
    data: e.data,
  };
}
