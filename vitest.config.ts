import { defineConfig } from 'vitest/config';

// Time zone pinned so dates in fixtures and outputs never depend on the machine.
process.env.TZ = 'UTC';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 300_000,
    hookTimeout: 300_000,
    env: { TZ: 'UTC', CI: process.env.CI ?? '', CHURN_TF_BACKEND: 'wasm' },
  },
});
