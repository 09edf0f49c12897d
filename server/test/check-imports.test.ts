/** The import checker (scripts/check-imports.ts) on tiny repositories written for each case. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImports, specifiersOf } from '../../scripts/check-imports.ts';

const made: string[] = [];
function repo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fazhi-imports-'));
  made.push(root);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
afterEach(() => {
  for (const r of made.splice(0)) fs.rmSync(r, { recursive: true, force: true });
});

describe('check-imports', () => {
  it('reads static, type-only, re-export and dynamic imports, not comments', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from './c.ts';",
      "export * from './d.ts';",
      "const e = await import('./e.ts');",
      "// import { f } from './f.ts';",
    ].join('\n');
    expect(specifiersOf(text).sort()).toEqual(['./a.ts', './b.ts', './c.ts', './d.ts', './e.ts']);
  });

  it('passes a layered tree', () => {
    const root = repo({
      'server/src/app.ts': "import { m } from './modules/x/index.ts';\nimport { c } from './config.ts';",
      'server/src/config.ts': 'export const c = 1;',
      'server/src/modules/x/index.ts': "import { e } from '../../cases/engine.ts';\nexport const m = e;",
      'server/src/modules/x/sub/part.ts': "import { m } from '../index.ts';\nexport const p = m;",
      'server/src/cases/engine.ts': "import type { C } from '../config.ts';\nexport const e = 1;",
    });
    expect(checkImports(root)).toEqual({ errors: [] });
  });

  it('reports a cycle of files, type-only imports included', () => {
    const root = repo({
      'server/src/a.ts': "import { b } from './b.ts';\nexport const a = b;",
      'server/src/b.ts': "import type { A } from './a.ts';\nexport const b = 1;",
    });
    const { errors } = checkImports(root);
    expect(errors.map((e) => e.rule)).toEqual(['file-cycle']);
    expect(errors[0]!.message).toContain('server/src/a.ts → server/src/b.ts → server/src/a.ts');
  });

  it('reports a cycle of folders with the imports that make it', () => {
    const root = repo({
      'server/src/report/providers.ts': "import { f } from '../modules/x/facts.ts';\nexport const p = [f];",
      'server/src/report/sql.ts': 'export const pct = 1;',
      'server/src/modules/x/facts.ts': "import { pct } from '../../report/sql.ts';\nexport const f = pct;",
    });
    const { errors } = checkImports(root);
    expect(errors.map((e) => e.rule)).toEqual(['folder-cycle']);
    expect(errors[0]!.message).toContain('server/src/modules/x/facts.ts → server/src/report/sql.ts');
    expect(errors[0]!.message).toContain('server/src/report/providers.ts → server/src/modules/x/facts.ts');
  });

  it('refuses the case engine naming a module, and web case pages importing one', () => {
    const root = repo({
      'server/src/cases/modules.ts': "export { m } from '../modules/x/index.ts';",
      'server/src/modules/x/index.ts': 'export const m = 1;',
      'web/src/modules/cases/Page.tsx': "import { Card } from '../petition/Card.tsx';\nexport const P = Card;",
      'web/src/modules/petition/Card.tsx': 'export const Card = 1;',
    });
    const { errors } = checkImports(root);
    expect(errors.map((e) => e.rule).sort()).toEqual(['cases-imports-modules', 'web-cases-imports-module']);
  });
});
