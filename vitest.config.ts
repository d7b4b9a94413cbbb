import { defineConfig } from 'vitest/config';

/**
 * Two groups. Most test files wait on I/O (a service starting, a job being picked up, Dovecot), so
 * three run side by side on a 2-core machine (vitest's default there is one: cores − 1). The chaos
 * suites start many processes and count what survives kill -9 and restarts; they run afterwards,
 * one at a time, with the machine to themselves.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'suite', include: ['test/**/*.test.ts'], exclude: ['test/chaos/**'], maxWorkers: 3, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'chaos', include: ['test/chaos/**/*.test.ts'], maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
