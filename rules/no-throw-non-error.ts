import { createRule } from './engine/create-rule.js';

type Options = [];
type MessageIds = 'placeholder';

// Skeleton: its family's owner replaces the check, messages and options.
export default createRule<Options, MessageIds>({
  name: 'no-throw-non-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require thrown values and rejection reasons to be Error objects',
      family: 'error-types',
      recommended: 'recommended',
      typeInformation: 'optional',
      precision: 'high',
      cwe: ['CWE-754'],
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
