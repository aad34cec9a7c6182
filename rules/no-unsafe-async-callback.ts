import { createRule } from './engine/create-rule.js';

type Options = [];
type MessageIds = 'placeholder';

// Skeleton: its family's owner replaces the check, messages and options.
export default createRule<Options, MessageIds>({
  name: 'no-unsafe-async-callback',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow async callbacks handed to APIs that drop the returned promise without an error boundary',
      family: 'error-handling',
      recommended: 'recommended',
      typeInformation: 'optional',
      precision: 'high',
      cwe: ['CWE-248', 'CWE-755'],
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
