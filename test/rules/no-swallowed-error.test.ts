import rule from '../../rules/no-swallowed-error.js';
import { createTypedRuleTester, createUntypedRuleTester } from './rule-tester.js';

const cases = {
  valid: [
    'try { run(); } catch { /* optional: the cache may be cold */ }',
    'try { run(); } catch (error) { throw error; }',
  ],
  invalid: [
    {
      code: 'try { run(); } catch {}',
      errors: [{ messageId: 'emptyCatch' as const, line: 1, column: 16, endColumn: 24 }],
    },
  ],
};

createTypedRuleTester().run('no-swallowed-error (typed)', rule, cases);
createUntypedRuleTester().run('no-swallowed-error (untyped)', rule, cases);
