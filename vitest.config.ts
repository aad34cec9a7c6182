import os from 'node:os';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // rules/engine/typescript.cts loads TypeScript as CommonJS; Vite transforms only .ts and .mts by default.
  oxc: { include: /\.[cm]?tsx?$/u },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default for `run` is one worker fewer than the CPUs: a single worker on 2 cores, which ran
    // the whole suite file after file. A worker mostly waits on its end-to-end children or runs one
    // program at a time, so one per CPU keeps every core busy (docs/performance.md, "Test suite").
    maxWorkers: os.availableParallelism(),
  },
});
