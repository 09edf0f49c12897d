/**
 * Approvals as events. An action that needs approval goes through three events:
 *
 *   request_approval:<action>  by someone allowed to take the action; carries the proposed input
 *   approve:<action> | reject:<action>  by an approver (not the requester: four eyes)
 *   <action>  by someone allowed to take it, with the approved input; consumes the approval
 *
 * An approval is alive only in the state it was requested in: any state change, or
 * running the action, ends it. Rejected → may be requested again.
 */
import type { CaseEvent } from './types.ts';

export type ActionKind = 'action' | 'request_approval' | 'approve' | 'reject';

export const APPROVAL_PREFIXES = ['request_approval', 'approve', 'reject'] as const;

/** 'approve:extend' → { kind: 'approve', target: 'extend' }; 'accept' → { kind: 'action', target: 'accept' }. */
export function parseActionKey(key: string): { kind: ActionKind; target: string } {
  const i = key.indexOf(':');
  if (i < 0) return { kind: 'action', target: key };
  const prefix = key.slice(0, i);
  const kind = (APPROVAL_PREFIXES as readonly string[]).includes(prefix) ? (prefix as ActionKind) : undefined;
  return kind ? { kind, target: key.slice(i + 1) } : { kind: 'action', target: key };
}

export function approvalKey(kind: Exclude<ActionKind, 'action'>, action: string): string {
  return `${kind}:${action}`;
}

export interface ApprovalStatus {
  status: 'none' | 'pending' | 'approved' | 'rejected';
  /** The live request (pending, approved or rejected). */
  request?: CaseEvent;
  /** The approve/reject event. */
  decision?: CaseEvent;
}

/** Events in seq order (the engine never assumes the caller sorted them). */
export function ordered(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort((a, b) => a.seq - b.seq);
}

/** The approval state of `action` at the end of `events` (which must be in seq order). */
export function approvalStatus(events: readonly CaseEvent[], action: string): ApprovalStatus {
  const request = approvalKey('request_approval', action);
  const approve = approvalKey('approve', action);
  const reject = approvalKey('reject', action);
  let result: ApprovalStatus = { status: 'none' };
  for (const e of events) {
    if (e.action === action || e.from !== e.to) result = { status: 'none' };
    else if (e.action === request) result = { status: 'pending', request: e };
    else if (result.status === 'pending' && e.action === approve)
      result = { ...result, status: 'approved', decision: e };
    else if (result.status === 'pending' && e.action === reject)
      result = { ...result, status: 'rejected', decision: e };
  }
  return result;
}
