/**
 * The login page's first load stays within 450 kB gzip (issue 19): the entry script of the
 * built web/dist/index.html, what it imports statically and its stylesheet. `npm run e2e`
 * builds the web first, so this runs on the build the other journeys use; figures in
 * bench/README.md. `npx tsx web/scripts/bundle-size.ts` lists the files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOGIN_PAGE_BUDGET_BYTES, measureLoginPage } from '../../web/scripts/bundle-size.ts';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

describe('the login page first load', () => {
  it('is at most 450 kB gzip and names no missing file', () => {
    expect(fs.existsSync(path.join(DIST, 'index.html')), 'web/dist: run npm run build -w web first').toBe(true);
    const size = measureLoginPage(DIST);
    // The shell and the pages behind login load on demand: none of them is in the first load.
    expect(size.files.map((f) => f.file).filter((f) => /\/(Shell|HomePage|DashboardPage)-/.test(f))).toEqual([]);
    expect(size.gzip).toBeLessThanOrEqual(LOGIN_PAGE_BUDGET_BYTES);
  });
});
