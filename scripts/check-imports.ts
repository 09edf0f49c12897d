/**
 * `npm run check:imports`: the import rules that keep modules first-class parts
 * (docs/decisions/0005-module-manifests.md). It reads every `import`, `import type`,
 * `export … from` and dynamic `import()` of the checked files (TypeScript's own pre-processor,
 * so comments and strings are not mistaken for imports), resolves the relative ones and fails
 * when:
 *
 * 1. files import each other in a cycle (server/src, type-only imports included: a cycle of
 *    types is still two files that cannot be understood one without the other);
 * 2. folders import each other in a cycle. The folder graph has an edge A → B when a file
 *    directly in folder A imports a file directly in folder B, A ≠ B, and B is not an ancestor
 *    of A. Imports into an ancestor are left out because a sub-folder is part of its parent
 *    (modules/mediation/campaigns uses modules/mediation's files, and the root's app.ts,
 *    config.ts and modules.ts are the composition root every folder sits under); any other
 *    pair of folders must depend one way only, which is what makes them layers;
 * 3. a file under server/src/cases/ (the generic case engine) imports from server/src/modules/
 *    (the case types): the engine is handed its case types, it never names one;
 * 4. a generic case page under web/src/modules/cases/ imports from the web folder of a case
 *    module (mediation, petition): the case pages render a type's parts through the web
 *    modules' slots (web/src/app/module.ts), never by importing them.
 *
 * Package imports (@fazhi/domain, fastify…) are not followed: the rules are about this repo's
 * own folders.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The web module folders that are case modules (rule 4). */
export const WEB_CASE_MODULES = ['mediation', 'petition'];

export interface Problem {
  rule: 'file-cycle' | 'folder-cycle' | 'cases-imports-modules' | 'web-cases-imports-module';
  message: string;
}

export interface CheckResult {
  errors: Problem[];
}

type Graph = Map<string, Set<string>>;

const EXTENSIONS = ['.ts', '.tsx', '.mts'];

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...listFiles(p));
    } else if (EXTENSIONS.some((x) => e.name.endsWith(x)) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** Every module specifier of a file: static, type-only, re-exports and dynamic import(). */
export function specifiersOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  const candidates = [base, ...EXTENSIONS.map((x) => base + x), ...EXTENSIONS.map((x) => path.join(base, `index${x}`))];
  // ESM written for bundlers may import './x.js' for './x.ts'.
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'));
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? null;
}

/** The file graph of the files under `root` (edges only to files under `root`). */
export function fileGraph(root: string): Graph {
  const files = listFiles(root);
  const inside = new Set(files);
  const g: Graph = new Map();
  for (const f of files) {
    const to = new Set<string>();
    for (const s of specifiersOf(fs.readFileSync(f, 'utf8'))) {
      const r = resolve(f, s);
      if (r && inside.has(r)) to.add(r);
    }
    g.set(f, to);
  }
  return g;
}

/** Strongly connected components with more than one node (or a self-loop): the cycles. */
function cycles(g: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const comp: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1 || g.get(v)?.has(v)) out.push(comp.sort());
    }
  };
  for (const v of [...g.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

/** One concrete cycle through `start` inside its component, for the message (BFS back to start). */
function pathInCycle(g: Graph, comp: string[], start: string): string[] {
  const inComp = new Set(comp);
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of g.get(v) ?? []) {
      if (!inComp.has(w)) continue;
      if (w === start) {
        const p = [v];
        while (p[0] !== start) p.unshift(prev.get(p[0]!)!);
        return [...p, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

function isAncestor(folder: string, of: string): boolean {
  const rel = path.relative(folder, of);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** The folder graph (see rule 2 above), with one file import that makes each edge. */
export function folderGraph(files: Graph): { graph: Graph; because: Map<string, string> } {
  const graph: Graph = new Map();
  const because = new Map<string, string>();
  for (const [f, tos] of files) {
    const a = path.dirname(f);
    if (!graph.has(a)) graph.set(a, new Set());
    for (const t of tos) {
      const b = path.dirname(t);
      if (a === b || isAncestor(b, a)) continue;
      graph.get(a)!.add(b);
      if (!because.has(`${a}\0${b}`)) because.set(`${a}\0${b}`, `${f} → ${t}`);
    }
  }
  return { graph, because };
}

/** Runs every rule for the repository at `repo` (rules 3 and 4 only when their folders exist). */
export function checkImports(repo: string): CheckResult {
  const rel = (p: string) => path.relative(repo, p);
  const errors: Problem[] = [];
  const serverSrc = path.join(repo, 'server', 'src');
  const files = fileGraph(serverSrc);

  for (const comp of cycles(files)) {
    const p = pathInCycle(files, comp, comp[0]!);
    const among = comp.length > p.length - 1 ? ` (${comp.length} files import each other; one cycle shown)` : '';
    errors.push({ rule: 'file-cycle', message: `文件循环引用（import cycle）: ${p.map(rel).join(' → ')}${among}` });
  }

  const { graph, because } = folderGraph(files);
  for (const comp of cycles(graph)) {
    const p = pathInCycle(graph, comp, comp[0]!);
    const edges = p.slice(1).map((b, i) => `    ${because.get(`${p[i]}\0${b}`)!.split(' → ').map(rel).join(' → ')}`);
    errors.push({
      rule: 'folder-cycle',
      message:
        `目录循环依赖（folder cycle）among ${comp.map(rel).join(', ')}; for example ${p.map(rel).join(' → ')}:\n` +
        edges.join('\n'),
    });
  }

  const cases = path.join(serverSrc, 'cases');
  const modules = path.join(serverSrc, 'modules');
  for (const [f, tos] of files) {
    if (!isAncestor(cases, f)) continue;
    for (const t of tos) {
      if (isAncestor(modules, t)) {
        errors.push({
          rule: 'cases-imports-modules',
          message: `案件引擎引用了具体模块（cases must not import modules）: ${rel(f)} → ${rel(t)}`,
        });
      }
    }
  }

  const webModules = path.join(repo, 'web', 'src', 'modules');
  const webCases = path.join(webModules, 'cases');
  if (fs.existsSync(webCases)) {
    const web = fileGraph(path.join(repo, 'web', 'src'));
    for (const [f, tos] of web) {
      if (!isAncestor(webCases, f)) continue;
      for (const t of tos) {
        const hit = WEB_CASE_MODULES.find((m) => isAncestor(path.join(webModules, m), t));
        if (!hit) continue;
        errors.push({
          rule: 'web-cases-imports-module',
          message: `通用案件页面引用了案件模块 ${hit}（web cases must not import a case module）: ${rel(f)} → ${rel(t)}`,
        });
      }
    }
  }
  return { errors };
}

function main(): number {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const { errors } = checkImports(repo);
  for (const e of errors) process.stderr.write(`error [${e.rule}] ${e.message}\n`);
  if (errors.length) {
    process.stderr.write(`check:imports: ${errors.length} 处违反引用规则（见 scripts/check-imports.ts 开头的说明）\n`);
    return 1;
  }
  process.stdout.write('check:imports: 无循环引用，案件引擎未引用模块\n');
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
