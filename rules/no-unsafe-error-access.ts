import { createRule } from './engine/create-rule.js';

type Options = [];
type MessageIds = 'placeholder';

// Skeleton: its family's owner replaces the check, messages and options.
export default createRule<Options, MessageIds>({
  name: 'no-unsafe-error-access',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow member access on a caught value before narrowing it',
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
