/**
 * What a kept model fix passed, in the order verify-fix.ts checks it: stated in docs/llm.md and in every
 * report that holds a verified model fix. No imports, so the CLI can name the checks without loading
 * the escalation stage.
 */
export const VERIFIED_FIX_CHECKS: readonly string[] = [
  'it edits only lines the model was shown',
  'it removes no top-level declaration',
  'it adds no disable directive, @ts-ignore, @ts-expect-error or @ts-nocheck',
  'every function called in the flagged statement is still called as often (nothing deleted without an equivalent)',
  'the named function around the finding is not reduced to a bare throw or return',
  'the file still parses',
  'the finding is gone and no rule reports more in the file',
  'the file type-checks against the program with no TypeScript diagnostic it did not have',
];
