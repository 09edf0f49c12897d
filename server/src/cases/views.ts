/** Rows → the shapes of domain/api/cases.ts, with every label in Chinese. */
import {
  type AnyCaseType,
  BASIC_INFO_ACTION,
  type CaseEventView,
  type CaseListItem,
  choiceLabel,
  type DueLevel,
  INBOX_ASK_KEYS,
  INBOX_ASKS,
  type InboxAskRule,
  type InboxAskView,
  type InboxItem,
  labelAt,
  parseActionKey,
  shapeKeys,
} from '@fazhi/domain';
import type { CaseRegistry } from './registry.ts';
import type { DueWindow, InboxRow, ListRow } from './repository.ts';

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
  if (action === BASIC_INFO_ACTION) return '修改基本信息';
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
    actionLabel: basicInfoText(e.action, e.data) ?? actionLabel(type, e.action),
    from: e.from_state,
    fromLabel: e.from_state == null ? null : stateLabel(e.from_state),
    to: e.to_state,
    toLabel: stateLabel(e.to_state),
    note: e.note,
    data: e.data,
  };
}

/** 「修改基本信息：标题：旧 → 新；…」, the edit's changes as one line (engine/basic.ts). */
export function basicInfoText(action: string, data: Record<string, unknown> | null): string | null {
  if (action !== BASIC_INFO_ACTION || !Array.isArray(data?.changes)) return null;
  const parts = (data.changes as { label?: unknown; from?: unknown; to?: unknown }[]).map(
    (c) => `${String(c.label)}：${String(c.from)} → ${String(c.to)}`,
  );
  return `修改基本信息：${parts.join('；')}`;
}

/**
 * An inbox row: the list row, what it asks of the user (the rules the service kept to the user's
 * roles, `rules` per case type) and, on a 待审批 row, the request with its input in words.
 */
export function toInboxItem(
  r: InboxRow,
  registry: CaseRegistry,
  w: DueWindow,
  rules: ReadonlyMap<string, readonly InboxAskRule[]>,
  roles: readonly string[],
  /** The hints per type and state, shared by the rows of one page (the same roles throughout). */
  hints: Map<string, string[]> = new Map(),
): InboxItem {
  const type = registry.find(r.type)?.type;
  const pending = r.request ? parseActionKey(r.request.action).target : null;
  const asks: InboxAskView[] = [];
  for (const ask of INBOX_ASK_KEYS) {
    if (!r.asks.includes(ask)) continue;
    const rule =
      ask === 'approval' && pending
        ? rules.get(r.type)?.find((x) => x.ask === ask && x.action === pending)
        : rules.get(r.type)?.find((x) => x.ask === ask && x.states.includes(r.state));
    const action = rule?.action ?? pending ?? '';
    asks.push({
      key: ask,
      label: INBOX_ASKS[ask],
      action,
      actionLabel: rule?.label ?? type?.actions[action]?.label ?? '',
    });
  }
  const approvalAsked = r.asks.includes('approval') && r.request && pending;
  const hintKey = `${r.type}\u0000${r.state}`;
  let hint = hints.get(hintKey);
  if (!hint && type) {
    hint = [
      ...new Set(
        Object.values(type.actions)
          .filter((a) => a.from.includes(r.state) && !a.optional && a.roles.some((x) => roles.includes(x)))
          .map((a) => a.label),
      ),
    ];
    hints.set(hintKey, hint);
  }
  const nextActions = asks.length > 0 || !hint ? [] : [...hint];
  return {
    ...toListItem(r, registry, w),
    version: r.version,
    asks,
    nextActions,
    approval: approvalAsked
      ? {
          action: pending,
          actionLabel: type?.actions[pending]?.label ?? pending,
          input: r.request!.input ?? {},
          lines: inputLines(type?.actions[pending]?.input, r.request!.input ?? {}),
          note: r.request!.note,
          requestedBy: r.request!.by,
          requestedAt: new Date(r.request!.at).toISOString(),
        }
      : null,
  };
}

/** An action's input as labelled lines, in the schema's field order, choices by their labels. */
export function inputLines(schema: unknown, input: Record<string, unknown>): { label: string; value: string }[] {
  const keys = shapeKeys(schema) ?? Object.keys(input);
  const lines: { label: string; value: string }[] = [];
  for (const key of keys) {
    const v = input[key];
    if (v === undefined || v === null || v === '') continue;
    lines.push({ label: labelAt(schema, [key]) ?? key, value: valueText(fieldAt(schema, key), v) });
  }
  return lines;
}

function fieldAt(schema: unknown, key: string): unknown {
  type Node = { _zod?: { def: Record<string, unknown> } };
  let def = (schema as Node | undefined)?._zod?.def;
  while (def && 'innerType' in def) def = (def.innerType as Node)._zod?.def;
  let node = (def?.shape as Record<string, Node> | undefined)?.[key];
  while (node?._zod?.def && 'innerType' in node._zod.def) node = node._zod.def.innerType as Node;
  return node;
}

function valueText(schema: unknown, v: unknown): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (typeof v === 'string') return choiceLabel(schema, v);
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join('、');
  return JSON.stringify(v);
}
