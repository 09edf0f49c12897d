import type { CaseDocument, CaseEvent } from './types.ts';

/**
 * A document of `kind` issued after `afterMs` (exclusive) and, when given, not after
 * `untilMs`. Used with `afterMs` = the previous execution of the action that requires
 * it, so each execution needs its own document (a second extension, its own notice).
 */
export function issuedDocument(
  documents: readonly CaseDocument[],
  kind: string,
  afterMs: number | undefined,
  untilMs?: number,
): CaseDocument | undefined {
  return documents.find((d) => {
    if (d.kind !== kind || !d.issuedAt) return false;
    const at = Date.parse(d.issuedAt);
    if (Number.isNaN(at)) return false;
    return (afterMs === undefined || at > afterMs) && (untilMs === undefined || at <= untilMs);
  });
}

/** The instant of the last event of `action` among `events` (seq order), if any. */
export function lastRunMs(events: readonly CaseEvent[], action: string): number | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.action === action) return Date.parse(e.at);
  }
  return undefined;
}
