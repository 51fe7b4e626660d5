import { defineConfig } from 'vitest/config';

// Three tiers, one runner. `unit` holds pure tests (unit and property), `int` talks to the
// database (PGlite, or PostgreSQL when DATABASE_URL is set), `e2e` drives HTTP and Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.unit.spec.ts',
            'packages/*/src/**/*.prop.spec.ts',
            'packages/*/src/**/*.unit.spec.tsx',
          ],
        },
      },
      {
        test: {
          name: 'int',
          include: ['packages/*/src/**/*.int.spec.ts', 'packages/*/test/**/*.int.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: [
            'packages/*/src/**/*.e2e.spec.ts',
            'packages/*/e2e/**/*.e2e.spec.ts',
            'packages/*/test/**/*.e2e.spec.ts',
          ],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
