/**
 * Statements whose shape never changes, built and compiled by Kysely once. Building and
 * compiling a query on every call was about a tenth of a request's CPU under the town-office
 * load (bench/README.md, issue 19); a statement that every request sends (the session check)
 * or that every case page sends is worth keeping compiled.
 *
 * `build` receives placeholders to use where the arguments go, as plain values (`where(col,
 * '=', p)`), never inside an `in` list or anywhere Kysely would expand or inspect the value.
 * Each call sends the compiled SQL with its arguments in the placeholders' parameter slots:
 * the arguments still travel as bind parameters, never as SQL text.
 */
import { type Compilable, CompiledQuery, type Kysely } from 'kysely';

const PLACEHOLDER = Symbol('placeholder');

interface Placeholder {
  readonly [PLACEHOLDER]: number;
}

export function compiledOnce<A extends unknown[], R>(
  db: Pick<Kysely<unknown>, 'executeQuery'>,
  arity: A['length'],
  // biome-ignore lint/suspicious/noExplicitAny: placeholders stand in for values of any column type.
  build: (...placeholders: any[]) => Compilable<R>,
): (...args: A) => Promise<R[]> {
  const holders: Placeholder[] = Array.from({ length: arity }, (_, i) => Object.freeze({ [PLACEHOLDER]: i }));
  let compiled: CompiledQuery<R> | undefined;
  return async (...args: A) => {
    if (!compiled) {
      compiled = build(...holders).compile();
      const seen = new Set(compiled.parameters.filter((p) => holders.includes(p as Placeholder)));
      if (seen.size !== arity) throw new Error('compiledOnce: every placeholder must appear as a parameter');
    }
    const parameters = compiled.parameters.map((p) =>
      typeof p === 'object' && p !== null && PLACEHOLDER in p ? args[(p as Placeholder)[PLACEHOLDER]] : p,
    );
    const r = await db.executeQuery(CompiledQuery.raw(compiled.sql, parameters) as CompiledQuery<R>);
    return r.rows;
  };
}
