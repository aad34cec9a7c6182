import os from 'node:os';

import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files that need a process of their own. hostile-input feeds TypeScript's parser and the rules nesting
 * close to the call stack's limit, where how deep a recursion gets depends on how far the engine has
 * optimised the recursing functions: in a worker warmed by other files the 3,500-link chain once lost its
 * findings (one run in four), in a fresh process it never did.
 */
const OWN_PROCESS_TESTS = ['test/cli/hostile-input.test.ts'];

export default defineConfig({
  // rules/engine/typescript.cts loads TypeScript as CommonJS; Vite transforms only .ts and .mts by default.
  oxc: { include: /\.[cm]?tsx?$/u },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default for `run` is one worker fewer than the CPUs: a single worker on 2 cores, which ran
    // the whole suite file after file. A worker mostly waits on its end-to-end children or runs one
    // program at a time, so one per CPU keeps every core busy (docs/performance.md, "Test suite").
    maxWorkers: os.availableParallelism(),
    projects: [
      {
        // Every test file but those below. A worker runs many files: TypeScript, ESLint, the SDK and the CLI
        // load once per worker instead of once per file (about 20 s of CPU over the suite). The rule tests
        // only load modules and build programs in memory, and nothing the end-to-end files share is mutable:
        // the CLI runs with its own cwd, env and streams (runInProcess), and the process-level handlers are
        // tested through the binary. One project, so that the two workers run the rule files too, instead of
        // two more workers loading the same modules again for them.
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...OWN_PROCESS_TESTS],
          globalSetup: ['test/global-setup.ts'],
          isolate: false,
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: OWN_PROCESS_TESTS, globalSetup: ['test/global-setup.ts'] },
      },
    ],
  },
});
