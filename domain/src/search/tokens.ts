/**
 * Chinese keyword search without a segmenter: text is indexed as overlapping character
 * bigrams of every CJK run, plus whole ASCII words/numbers, in a `simple` tsvector. A
 * query becomes the same tokens searched as a phrase, which gives exact substring
 * semantics for queries of 2+ CJK characters (docs/stack-notes.md §Chinese search:
 * GIN-indexed and the same results as LIKE on PGlite and PostgreSQL 15). Word segmentation
 * (Intl.Segmenter) was rejected: it splits domain words (宅/基地, 网/格/员) so a query
 * for 宅基地 would miss. One-character queries cannot use bigrams; the server falls back
 * to a substring match for them.
 */

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const WORD = /[0-9A-Za-z]/;

/** Space-separated tokens for `to_tsvector('simple', …)`. Order is kept so phrases match. */
export function searchTokens(text: string): string {
  const out: string[] = [];
  for (const run of runs(text)) {
    if (run.kind === 'word') out.push(run.text.toLowerCase());
    else if (run.text.length === 1) out.push(run.text);
    else for (let i = 0; i + 1 < run.text.length; i++) out.push(run.text.slice(i, i + 2));
  }
  return out.join(' ');
}

/**
 * The tokens of a query for `phraseto_tsquery('simple', …)`, or null when the query has
 * no token worth an index lookup (a single CJK character, punctuation only): the caller
 * then matches the raw text as a substring.
 */
export function queryTokens(q: string): string | null {
  const trimmed = q.trim();
  if (trimmed === '') return null;
  const rs = runs(trimmed);
  if (rs.length === 0) return null;
  if (rs.every((r) => r.kind === 'cjk' && r.text.length < 2)) return null;
  return searchTokens(trimmed);
}

interface Run {
  kind: 'cjk' | 'word';
  text: string;
}

function runs(text: string): Run[] {
  const out: Run[] = [];
  let cur: Run | null = null;
  for (const ch of text) {
    const kind = CJK.test(ch) ? 'cjk' : WORD.test(ch) ? 'word' : null;
    if (kind === null) {
      cur = null;
      continue;
    }
    if (cur && cur.kind === kind) cur.text += ch;
    else {
      cur = { kind, text: ch };
      out.push(cur);
    }
  }
  return out;
}
