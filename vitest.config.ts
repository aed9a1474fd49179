// Tests in three projects: `unit` (pure code), `sandbox` (the emulators over loopback HTTP) and `integration` (one Temporal dev server and one fresh
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
      // The emulators run in-process on loopback ports: no Temporal, no PostgreSQL.
      { extends: true, test: { name: 'sandbox', include: ['test/sandbox/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], exclude: ['test/unit/**', 'test/sandbox/**'], globalSetup: ['test/globalSetup.ts'] },
      },
    ],
  },
});
