import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Property tests and the CLI's child processes share 2 cores with the other test files: 5 s (the default)
    // is too tight on a loaded machine. A hang still fails, after a minute.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
