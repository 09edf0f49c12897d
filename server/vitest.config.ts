import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A no-op unless FAZHI_TEST_ENGINE=embedded (one embedded PostgreSQL for the run).
    globalSetup: ['test/global-embedded.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
