// Tests in two projects: `unit` (pure code, no services) and `integration` (one Temporal dev server and one fresh
// PostgreSQL database for the whole run, from test/globalSetup.ts). `npx vitest run --project unit` is the quick loop.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The Temporal worker's native module does not like worker threads.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/summaryReporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: ['test/unit/**'], globalSetup: ['test/globalSetup.ts'] },
      },
    ],
  },
});
