import { createRule } from './engine/create-rule.js';

type Options = [];
type MessageIds = 'placeholder';

// Skeleton: its family's owner replaces the check, messages and options.
export default createRule<Options, MessageIds>({
  name: 'require-json-parse-guard',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require JSON.parse of external input to be guarded against malformed data',
      family: 'error-handling',
      recommended: 'recommended',
      typeInformation: 'optional',
      precision: 'high',
      cwe: ['CWE-20', 'CWE-755'],
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
