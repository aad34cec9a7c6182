import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import { getAccessPath } from './utils/get-access-path.js';
import { getExternalInputOrigin } from './utils/get-external-input-origin.js';
import { unwrapExpression } from './utils/unwrap-expression.js';

type Options = [];
type MessageIds = 'unguardedParse';

export default createRule<Options, MessageIds>({
  name: 'require-json-parse-guard',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require JSON.parse of external input to be guarded against malformed data',
      family: 'error-handling',
      recommended: 'strict-type-checked',
      typeInformation: 'none',
      precision: 'low',
      cwe: ['CWE-20', 'CWE-755'],
    },
    messages: {
      unguardedParse:
        'JSON.parse of {{origin}} throws a SyntaxError on malformed input and nothing here catches it: one bad payload becomes a 500 or a crashed consumer. Parse it inside try/catch and answer with a clear error.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    return {
      CallExpression(node) {
        if (getAccessPath(unwrapExpression(node.expression)) !== 'JSON.parse') return;
        const argument = node.arguments[0];
        if (!argument) return;
        const origin = getExternalInputOrigin(argument);
        if (!origin || isGuarded(node)) return;
        if (isStartupConfiguration(node, origin)) return;
        context.report({ node, messageId: 'unguardedParse', data: { origin } });
      },
    };
  },
});

// Module-level parsing of a config file or an environment variable runs once at startup: a crash there is
// fail-fast, not an outage under load.
function isStartupConfiguration(node: ts.Node, origin: string): boolean {
  if (origin !== 'a file' && origin !== 'an environment variable') return false;
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) || ts.isClassLike(current)) return false;
  }
  return true;
}

// Guarded locally: in the try block of a try/catch of the same function, or in a promise callback whose
// chain ends in a rejection handler (`res.text().then((t) => JSON.parse(t)).catch(handle)`).
function isGuarded(node: ts.Node): boolean {
  let child: ts.Node = node;
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isTryStatement(current) && current.tryBlock === child && current.catchClause) return true;
    if (ts.isFunctionLike(current)) return isCallbackOfHandledChain(current);
    child = current;
  }
  return false;
}

function isCallbackOfHandledChain(fn: ts.Node): boolean {
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  if (call.expression.name.text !== 'then' || call.arguments[0] !== fn) return false;
  if (call.arguments.length >= 2) return false; // onRejected of the same then does not see onFulfilled's throw
  for (let link: ts.Node = call; ts.isPropertyAccessExpression(link.parent) && ts.isCallExpression(link.parent.parent); link = link.parent.parent) {
    const method = link.parent.name.text;
    const args = link.parent.parent.arguments;
    if (method === 'catch' && args.length >= 1) return true;
    if (method === 'then' && args.length >= 2) return true;
  }
  return false;
}
