import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';
import { getStaticNumber } from './get-static-number.js';
import { isOffByDefault } from './is-off-by-default.js';
import { unwrapExpression } from './unwrap-expression.js';

const TIMEOUT_KEY = /^(?:request)?timeout(?:Ms|MS|Millis|InMs)?$/u;
// The call that sends what the function built: `client.sendRequest(request)`, `this.request(config)`, `fetch(url, init)`.
const SENDS = /^(?:send\w*|request|fetch|\w+Request)$/u;

// The option name of a request's timeout that the code itself sets to 0, the value HTTP clients read as "no timeout",
// when the caller sets none (issue 12, point 9), in a function that sends a request after building it:
//   const options = { headers, timeout: operationOptions.requestOptions?.timeout || 0 };   -> 'timeout'
//   applyRequestOptions(request, options);
//   return client.sendRequest(request);
// `opts.timeout ?? 0` with `opts = {}` likewise. A positive fallback, a caller's value that is not optional
// (`config.timeout || 0` with `config` required), or a literal in a function that sends nothing, is undefined.
export function getZeroTimeoutFallback(property: ts.PropertyAssignment): string | undefined {
  const key = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
  if (!key || !TIMEOUT_KEY.test(key)) return undefined;
  const value = unwrapExpression(property.initializer);
  if (!ts.isBinaryExpression(value)) return undefined;
  const operator = value.operatorToken.kind;
  if (operator !== ts.SyntaxKind.BarBarToken && operator !== ts.SyntaxKind.QuestionQuestionToken) return undefined;
  if (getStaticNumber(unwrapExpression(value.right)) !== 0) return undefined;
  const option = unwrapExpression(value.left);
  if (!(ts.isPropertyAccessExpression(option) || ts.isIdentifier(option)) || !isOffByDefault(option)) return undefined;
  return sendsAfter(property) ? key : undefined;
}

function sendsAfter(property: ts.PropertyAssignment): boolean {
  const fn = ts.findAncestor(property, ts.isFunctionLike);
  const body = fn && 'body' in fn ? fn.body : undefined;
  if (!body) return false;
  let found = false;
  forEachDescendant(body, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node) && node.getStart() > property.getEnd()) {
      const name = getSimpleCalleeName(node.expression);
      if (name && SENDS.test(name)) found = true;
    }
    return undefined;
  });
  return found;
}
