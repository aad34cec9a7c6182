import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const FIXTURE_DIR = path.resolve(import.meta.dirname, '../fixtures/rule-tester');

/**
 * A RuleTester with a real TypeScript program: the fixture folder's tsconfig, `file.ts` as the
 * default file name. Use for the type-aware behaviour of a rule.
 */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parser: tsParser,
      parserOptions: {
        project: './tsconfig.json',
        tsconfigRootDir: FIXTURE_DIR,
      },
    },
  });
}

/** A RuleTester with the TypeScript parser and no program: what a rule does without types. */
export function createUntypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: { parser: tsParser },
  });
}
