/**
 * A connection that records every statement it sends (bench/src/run.ts and town.ts replay the
 * reads under EXPLAIN to say where the time goes).
 */

import type { Db } from '@fazhi/server/src/db/index.ts';
import type { CompiledQuery, KyselyPlugin } from 'kysely';

export function capturingDb(db: Db): { db: Db; log: CompiledQuery[] } {
  const log: CompiledQuery[] = [];
  const compiled = new Map<unknown, CompiledQuery>();
  const executor = db.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      compiled.set(args.queryId, executor.compileQuery(args.node, args.queryId));
      return args.node;
    },
    // Subqueries are transformed too but never executed on their own: only a result marks a round trip.
    async transformResult(args) {
      const q = compiled.get(args.queryId);
      if (q) log.push(q);
      compiled.delete(args.queryId);
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), log };
}
