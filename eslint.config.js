// The project's own lint: typescript-eslint's type-checked rules plus every resilint rule on resilint (dogfood).
import tseslint from 'typescript-eslint';

import resilint from './eslint-plugin/dist/eslint-plugin/index.js';

export default tseslint.config(
  {
    ignores: [
      '**/dist/',
      'node_modules/',
      'coverage/',
      'examples/',
      'test/corpus/error-handling/',
      'test/corpus/retries/',
      'test/corpus/timeouts/',
      'test/corpus/error-types/',
      'test/fixtures/',
      'bench-out/',
      '.resilint-cache/',
      'eslint-plugin/index.js',
      'bin/',
    ],
  },
  ...tseslint.configs.recommended,
  resilint.configs['strict-type-checked'],
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read fixtures and outputs they wrote themselves: a parse failure there is a failing test.
    files: ['test/**'],
    rules: { 'resilint/require-json-parse-guard': 'off' },
  },
);
