import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    // One server and one browser per file; files run one after another so two
    // Chromium instances never fight over two cores.
    fileParallelism: false,
    testTimeout: 90_000,
    // expect.poll waits 1 s by default; a request that writes a document can take longer on a
    // loaded 2-core CI machine. Playwright's own waits allow 30 s; the polls get 15.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
  },
});
