import ts from 'typescript';

import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';

// Whether a function's returned promise cannot reject because its body catches everything itself:
//   async () => { try { await work(); } catch (error) { log(error); } }       (catch does not throw)
//   async (msg) => { if (!msg) return; const id = msg.id; try { ... } catch { ... } }
//   () => work().catch(handle)          () => work().then(onDone, onError)
// Not a boundary: a catch with a `throw` in it, or an `await`, a `throw` or a `JSON.parse` outside the try.
// Other synchronous calls before the try (`if (!interaction.isCommand()) return;`) are accepted: guards like
// these rarely throw, and counting them would report most handlers that do catch their failures.
export function hasErrorBoundary(fn: ts.SignatureDeclaration): boolean {
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  if (!body) return false;
  if (!ts.isBlock(body)) return endsInRejectionHandler(body);
  let guarded = false;
  for (const statement of body.statements) {
    if (ts.isTryStatement(statement) && statement.catchClause) {
      if (mayThrow(statement.catchClause.block) || (statement.finallyBlock && mayThrow(statement.finallyBlock))) {
        return false;
      }
      guarded = true;
    } else if (ts.isTryStatement(statement) || mayThrow(statement)) {
      return false;
    }
  }
  return guarded;
}

function endsInRejectionHandler(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression)) return false;
  const method = value.expression.name.text;
  if (method === 'catch') return value.arguments.length >= 1;
  if (method === 'then') return value.arguments.length >= 2;
  if (method === 'finally') return endsInRejectionHandler(value.expression.expression);
  return false;
}

// A statement outside the try may reject the function if it awaits, throws or parses.
// Inside a catch or finally block, only `throw` counts: the catch already is the error handling.
function mayThrow(node: ts.Node): boolean {
  const inHandler = ts.isBlock(node) && (ts.isCatchClause(node.parent) || ts.isTryStatement(node.parent));
  let found = false;
  const visit = (child: ts.Node): void => {
    if (found || ts.isFunctionLike(child)) return;
    if (ts.isThrowStatement(child)) found = true;
    else if (!inHandler && ts.isAwaitExpression(child)) found = true;
    else if (!inHandler && ts.isCallExpression(child) && getAccessPath(child.expression) === 'JSON.parse') found = true;
    ts.forEachChild(child, visit);
  };
  visit(node);
  return found;
}
