// Tests: one Temporal dev server and one fresh PostgreSQL database for the whole run (test/globalSetup.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Temporal worker's native module does not like worker threads.
    pool: 'forks',
    globalSetup: ['test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
