import { defineConfig } from 'vitest/config';

// Every test file runs in its own child process: chDB allows one data folder per process,
// so files that open an embedded ClickHouse must never share a process.
export default defineConfig({
  test: {
    pool: 'forks',
    isolate: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'scripts/**/*.test.ts', 'infra/test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/support/kafka.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // The e2e files share one broker; run them one after another to keep a 2-core machine calm.
          fileParallelism: false,
        },
      },
    ],
  },
});
