/**
 * The audit log: append-only and hash-chained per tenancy unit (a town, or a county
 * for county staff; chain 0 for events with no known actor). GB/T 22239-2019 8.1.4.3
 * asks for records of every user and important action, protected from deletion and
 * tampering; the chain makes an edit visible, the trigger in 0001 refuses one.
 */
import { createHash } from 'node:crypto';
import { toStorableText } from '@fazhi/domain';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  chainId: number;
  at: Date;
  actorId: number | null;
  actorName: string | null;
  unitId: number | null;
  unitName: string | null;
  ip: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every depth, so jsonb's reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * A value exactly as the database will give it back: strings without NUL (text and jsonb
 * cannot hold it) and with lone surrogates as U+FFFD (what UTF-8 encoding makes of them),
 * non-finite numbers as null (what JSON makes of them), keys likewise. Hashing this form,
 * and storing it, keeps `audit verify` passing whatever a client sent.
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return toStorableText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toJSON();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : storable(v)));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    // defineProperty: a key named __proto__ stays a plain key.
    Object.defineProperty(out, toStorableText(k), {
      value: storable(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

const storableText = (v: string | null): string | null => (v == null ? v : toStorableText(v));

export function auditHash(prevHash: string, seq: number, e: AuditEntry): string {
  const body = canonicalJson({
    chain: e.chainId,
    seq,
    at: e.at.toISOString(),
    actorId: e.actorId,
    actorName: e.actorName,
    unitId: e.unitId,
    unitName: e.unitName,
    ip: e.ip,
    action: e.action,
    target: e.target,
    outcome: e.outcome,
    details: e.details ?? {},
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * Appends one record. Must run inside the caller's transaction when the audited
 * write has one, so the record and the change commit together; the head row's lock
 * serialises appends to the same chain across processes.
 */
export async function appendAudit(trx: Kysely<DB>, e: AuditEntry): Promise<void> {
  if (!trx.isTransaction) {
    await trx.transaction().execute((t) => appendAudit(t, e));
    return;
  }
  // Timestamps are hashed at millisecond precision, which is what timestamptz round-trips from JS.
  const entry: AuditEntry = {
    ...e,
    at: new Date(Math.floor(e.at.getTime())),
    actorName: storableText(e.actorName),
    unitName: storableText(e.unitName),
    ip: storableText(e.ip),
    action: toStorableText(e.action),
    target: storableText(e.target),
    details: storable(e.details ?? {}) as Record<string, unknown>,
  };
  const lockHead = () =>
    trx
      .selectFrom('audit_heads')
      .select(['seq', 'hash'])
      .where('chain_id', '=', entry.chainId)
      .forUpdate()
      .executeTakeFirst();
  let head = await lockHead();
  if (!head) {
    // First record of the chain (once per town): create the head, then lock it.
    await trx
      .insertInto('audit_heads')
      .values({ chain_id: entry.chainId, seq: 0, hash: GENESIS_HASH })
      .onConflict((oc) => oc.column('chain_id').doNothing())
      .execute();
    head = await lockHead();
    if (!head) throw new Error(`audit head ${entry.chainId} missing`);
  }
  const seq = head.seq + 1;
  const hash = auditHash(head.hash, seq, entry);
  await trx
    .insertInto('audit_log')
    .values({
      chain_id: entry.chainId,
      seq,
      at: entry.at,
      actor_id: entry.actorId,
      actor_name: entry.actorName,
      unit_id: entry.unitId,
      unit_name: entry.unitName,
      ip: entry.ip,
      action: entry.action,
      target: entry.target,
      outcome: entry.outcome,
      details: JSON.stringify(entry.details ?? {}),
      prev_hash: head.hash,
      hash,
    })
    .execute();
  await trx.updateTable('audit_heads').set({ seq, hash }).where('chain_id', '=', entry.chainId).execute();
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  chains: number;
  firstBroken?: { id: number; chainId: number; seq: number; reason: string };
}

/**
 * Walks the chains in order, in batches, and names the first record that does not verify.
 * `chainIds` limits the walk to those chains (an auditor verifies the towns they audit,
 * not the whole installation); without it every chain is walked (the CLI, run by the operator).
 */
export async function verifyAudit(db: Kysely<DB>, chainIds?: readonly number[]): Promise<VerifyResult> {
  if (chainIds?.length === 0) return { ok: true, checked: 0, chains: 0 };
  let headQuery = db.selectFrom('audit_heads').select(['chain_id', 'seq', 'hash']).orderBy('chain_id');
  if (chainIds) headQuery = headQuery.where('chain_id', 'in', [...chainIds]);
  const heads = await headQuery.execute();
  let checked = 0;
  for (const head of heads) {
    let prev = GENESIS_HASH;
    let expectSeq = 1;
    let last = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('chain_id', '=', head.chain_id)
        .where('seq', '>', last)
        .orderBy('seq')
        .limit(2000)
        .execute();
      if (rows.length === 0) break;
      for (const r of rows) {
        checked++;
        const broken = (reason: string): VerifyResult => ({
          ok: false,
          checked,
          chains: heads.length,
          firstBroken: { id: r.id, chainId: r.chain_id, seq: r.seq, reason },
        });
        if (r.seq !== expectSeq) return broken(`序号不连续：应为 ${expectSeq}，实为 ${r.seq}（记录可能被删除）`);
        if (r.prev_hash !== prev) return broken('前一条记录的哈希不匹配（前序记录可能被篡改或删除）');
        const entry: AuditEntry = {
          chainId: r.chain_id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          unitId: r.unit_id,
          unitName: r.unit_name,
          ip: r.ip,
          action: r.action,
          target: r.target,
          outcome: r.outcome,
          details: r.details as Record<string, unknown>,
        };
        if (auditHash(prev, r.seq, entry) !== r.hash) return broken('记录内容与哈希不符（记录被篡改）');
        prev = r.hash;
        expectSeq++;
        last = r.seq;
      }
    }
    if (expectSeq - 1 !== head.seq || prev !== head.hash) {
      return {
        ok: false,
        checked,
        chains: heads.length,
        firstBroken: {
          id: 0,
          chainId: head.chain_id,
          seq: expectSeq,
          reason: `链尾不符：应有 ${head.seq} 条，实有 ${expectSeq - 1} 条（末尾记录可能被删除）`,
        },
      };
    }
  }
  return { ok: true, checked, chains: heads.length };
}

/**
 * Builds the audit record of a write, bound to the request (http/context.ts auditOf), so that
 * services write audit rows inside their transaction without knowing the request.
 */
export type Auditor = (action: string, target: string, details?: Record<string, unknown>) => AuditEntry;

/**
 * The audit action of an edit to a register's record that may switch it off or on:
 * `<prefix>.deactivate` / `.reactivate` when the edit changes `active`, else `<prefix>.update`.
 */
export function registerEditAction(prefix: string, wasActive: boolean, active: boolean | undefined): string {
  if (active === false && wasActive) return `${prefix}.deactivate`;
  if (active === true && !wasActive) return `${prefix}.reactivate`;
  return `${prefix}.update`;
}
