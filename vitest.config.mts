import { defineConfig } from 'vitest/config';

// The native Temporal worker misbehaves in worker threads, so every project keeps the `forks` pool.
export default defineConfig({
  test: {
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'workflows',
          include: ['tests/workflows/**/*.test.ts'],
          setupFiles: ['tests/support/quiet-runtime.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          setupFiles: ['tests/support/quiet-runtime.ts'],
          globalSetup: ['tests/support/integration-global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
