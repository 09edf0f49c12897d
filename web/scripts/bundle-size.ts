/**
 * The bytes the login page makes a browser download before it can draw: the entry script of the
 * built `web/dist/index.html`, every chunk it pulls in by static import (its modulepreload links
 * and, to be safe, the static imports found in the chunks themselves) and its stylesheets,
 * each counted gzip-compressed (level 9, as the build precompresses them; see vite.config.ts).
 * Lazy chunks (dynamic `import()`) are not counted: the login page does not wait for them.
 *
 * `tsx web/scripts/bundle-size.ts` prints the figure; `web/test/bundle-size.test.ts` fails
 * above the budget of issue 19 (450 KB).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** 450 KB, kB of 1,000 bytes as in issue 19 and in vite's build report. */
export const LOGIN_PAGE_BUDGET_BYTES = 450_000;

export interface LoginPageSize {
  files: { file: string; raw: number; gzip: number }[];
  gzip: number;
  raw: number;
}

/** Static `import … from "./x.js"` and `import "./x.js"` in minified output; not `import("./x.js")`. */
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;

export function measureLoginPage(dist: string): LoginPageSize {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="(\/[^"]+\.(?:js|css))"/g)) {
    const tag = m[0];
    if (tag.startsWith('<link') && !/rel="(?:modulepreload|stylesheet)"/.test(tag)) continue;
    refs.add(m[1]!.slice(1));
  }
  const queue = [...refs].filter((f) => f.endsWith('.js'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    const code = fs.readFileSync(path.join(dist, file), 'utf8');
    for (const m of code.matchAll(STATIC_IMPORT)) {
      const dep = path.posix.join(path.posix.dirname(file), m[1]!);
      if (!refs.has(dep)) {
        refs.add(dep);
        queue.push(dep);
      }
    }
  }
  const files = [...refs].sort().map((file) => {
    const bytes = fs.readFileSync(path.join(dist, file));
    return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
  });
  return {
    files,
    gzip: files.reduce((s, f) => s + f.gzip, 0),
    raw: files.reduce((s, f) => s + f.raw, 0),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const dist = process.argv[2] ?? path.join(import.meta.dirname, '..', 'dist');
  const size = measureLoginPage(dist);
  for (const f of size.files) console.log(`${(f.gzip / 1000).toFixed(1).padStart(8)} KB gzip  ${f.file}`);
  console.log(
    `login page: ${(size.gzip / 1000).toFixed(1)} KB gzip (${(size.raw / 1000).toFixed(1)} KB raw), budget ${LOGIN_PAGE_BUDGET_BYTES / 1000} KB`,
  );
}
