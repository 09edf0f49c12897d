import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The embedded PostgreSQL for the run (unless DATABASE_URL or FAZHI_TEST_ENGINE=pglite), then the
    // database templates every file clones (test/templates.ts), built once per run on it.
    globalSetup: ['test/global-embedded.ts', 'test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
