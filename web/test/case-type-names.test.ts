/**
 * Issue 12: the shell, the router and the generic pages name no case type. A case type's
 * screens live in its own folder, src/modules/<type>/, and reach the rest of the app only
 * through its WebModule (src/modules.ts). This test reads every source file outside those
 * folders and fails listing each line that names a case type: the key as a string literal
 * ('mediation'), as a URL filter (type=mediation), as an import from the type's folder, or as
 * the prefix of one of its module's fact keys ('mediation.overdue': the module brings its figures
 * to the dashboard through its WebModule, app/module.ts).
 * The case types are the domain's, so a new type is covered without touching this file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as domain from '@fazhi/domain';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');
/** The one list of modules imports each module's index; it may name their folders. */
const MODULE_LIST = 'modules.ts';

function isCaseType(v: unknown): v is { key: string; label: string } {
  if (typeof v !== 'object' || v === null) return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t.key === 'string' &&
    typeof t.label === 'string' &&
    typeof t.numbering === 'string' &&
    typeof t.states === 'object' &&
    typeof t.actions === 'object'
  );
}

const CASE_TYPES = [
  ...new Set(
    Object.values(domain)
      .filter(isCaseType)
      .map((t) => t.key),
  ),
].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(e.name) ? [path] : [];
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What names case type `key` in a line of code. */
function patterns(key: string): { what: string; re: RegExp; exceptModuleList?: boolean; codeOnly?: boolean }[] {
  const k = escapeRegExp(key);
  return [
    { what: 'string literal', re: new RegExp(`(['"\`])${k}\\1`) },
    { what: 'URL filter', re: new RegExp(`[?&]type=${k}\\b`) },
    {
      what: 'import from its module',
      re: new RegExp(`(from\\s+|import\\(\\s*)['"][^'"]*/${k}/`),
      exceptModuleList: true,
    },
    // Code only: a comment may show a fact key as an example (src/modules/facts/factsApi.ts).
    { what: 'fact key', re: new RegExp(`(['"\`])${k}\\.[a-z]`), codeOnly: true },
  ];
}

/** A line of a comment: starts with //, /* or the * of a block comment. */
const isComment = (line: string) => /^\s*(\/\/|\/\*|\*)/.test(line);

/** Files in src/modules/<type>/ may name any case type: that is where type-specific screens live. */
function inCaseTypeFolder(rel: string): boolean {
  const [top, folder] = rel.split(sep);
  return top === 'modules' && folder !== undefined && CASE_TYPES.includes(folder);
}

describe('case type names in the web', () => {
  it('takes the case types from the domain', () => {
    expect(CASE_TYPES.length).toBeGreaterThan(0);
  });

  it('are named only inside src/modules/<type>/', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const rel = relative(SRC, file);
      if (inCaseTypeFolder(rel)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const key of CASE_TYPES) {
          for (const p of patterns(key)) {
            if (p.exceptModuleList && rel === MODULE_LIST) continue;
            if (p.codeOnly && isComment(line)) continue;
            if (p.re.test(line))
              offenders.push(`web/src/${rel.split(sep).join('/')}:${i + 1} (${p.what} "${key}"): ${line.trim()}`);
          }
        }
      });
    }
    expect(offenders, `case types named outside their module folders:\n${offenders.join('\n')}`).toEqual([]);
  });
});
