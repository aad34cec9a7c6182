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
  },
});
