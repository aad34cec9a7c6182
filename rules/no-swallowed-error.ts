import ts from 'typescript';

import { createRule } from './engine/create-rule.js';

type Options = [];
type MessageIds = 'emptyCatch';

export default createRule<Options, MessageIds>({
  name: 'no-swallowed-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catching an error and carrying on as if the operation succeeded',
      family: 'error-handling',
      recommended: 'recommended',
      typeInformation: 'none',
      precision: 'high',
      cwe: ['CWE-390', 'CWE-755'],
    },
    messages: {
      emptyCatch: 'This catch block discards the error: the failure disappears without a trace.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    return {
      CatchClause(node) {
        if (node.block.statements.length > 0) return;
        if (hasComment(context.sourceFile, node.block)) return;
        context.report({ node, messageId: 'emptyCatch' });
      },
    };
  },
});

function hasComment(sourceFile: ts.SourceFile, block: ts.Block): boolean {
  const text = sourceFile.text.slice(block.getStart(sourceFile) + 1, block.getEnd() - 1);
  return /\/\/|\/\*/u.test(text);
}
