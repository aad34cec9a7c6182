import { createRule } from './engine/create-rule.js';

type Options = [];
type MessageIds = 'placeholder';

// Skeleton: its family's owner replaces the check, messages and options.
export default createRule<Options, MessageIds>({
  name: 'no-unbounded-retry',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow retry loops and recursive retries with no attempt cap and no deadline',
      family: 'retries',
      recommended: 'recommended',
      typeInformation: 'none',
      precision: 'high',
      cwe: ['CWE-834', 'CWE-400'],
    },
    messages: {
      placeholder: 'Not implemented yet.',
    },
    schema: [],
    defaultOptions: [],
  },
  check() {
    return {};
  },
});
