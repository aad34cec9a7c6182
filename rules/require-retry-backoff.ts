import { createRule } from './engine/create-rule.js';

type Options = [];
type MessageIds = 'placeholder';

// Skeleton: its family's owner replaces the check, messages and options.
export default createRule<Options, MessageIds>({
  name: 'require-retry-backoff',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require retries to wait with a growing or jittered delay',
      family: 'retries',
      recommended: 'recommended',
      typeInformation: 'none',
      precision: 'high',
      cwe: ['CWE-400'],
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
