import ts from '../engine/typescript.cjs';

import { exitsProcess } from './exits-process.js';
import { isJsonParseCall } from './is-json-parse-call.js';
import { unwrapExpression } from './unwrap-expression.js';

// Whether a function's returned promise visibly cannot reject: every `await`, `throw`, `JSON.parse` and
// returned promise sits inside the try block of a try/catch, and no catch or finally block throws:
//   async () => { try { await work(); } catch (error) { log(error); } }
//   async (msg) => { if (!msg) return; if (msg.urgent) { try { await work(); } catch { ... } } }
//   async () => { logger.info('ready'); this.ready = true; }           (nothing that rejects)
//   async () => { try { await drain(); } finally { process.exit(0); } }  (the process ends first)
//   () => work().catch(handle)          () => work().then(onDone, onError)
// Synchronous calls outside a try are accepted: guards like `if (!interaction.isCommand()) return;` rarely
// throw, and counting them would report most handlers that do catch their failures.
// `isPromise` decides whether a `return <expression>` outside a try hands a possibly rejecting promise on;
// `cannotReject` clears an `await` or `return` outside a try whose promise cannot reject (`await refresh()`
// where refresh catches everything).
export function hasErrorBoundary(
  fn: ts.SignatureDeclaration,
  isPromise?: (expression: ts.Expression) => boolean,
  cannotReject?: (expression: ts.Expression) => boolean,
): boolean {
  const body = (fn as ts.FunctionLikeDeclarationBase).body;
  if (!body) return false;
  if (!ts.isBlock(body)) return endsInRejectionHandler(body) || cannotReject?.(body) === true;
  let rejects = false;
  // Three passes, cheapest first, each only while nothing has shown a rejection: what rejects by its syntax alone (a
  // `throw`; `for await` or `JSON.parse` outside a handler), then the awaited promises, then the returned ones, which
  // cost type queries and the summaries of other functions.
  let pass: 'syntax' | 'awaits' | 'returns' = 'syntax';
  const visit = (node: ts.Node, inHandler: boolean): void => {
    if (rejects || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isTryStatement(node)) {
      // try { ... } finally { process.exit(0); }: the process ends before a rejection could surface.
      if (!node.catchClause && !(node.finallyBlock && exitsProcess(node.finallyBlock))) visit(node.tryBlock, inHandler);
      if (node.catchClause) visit(node.catchClause.block, true);
      if (node.finallyBlock) visit(node.finallyBlock, true);
      return;
    }
    if (pass === 'syntax' && ts.isThrowStatement(node)) {
      rejects = true;
      return;
    }
    if (!inHandler) {
      if (pass === 'syntax') rejects = (ts.isForOfStatement(node) && node.awaitModifier !== undefined) || isJsonParseCall(node);
      else if (pass === 'awaits' && ts.isAwaitExpression(node)) rejects = !cannotReject?.(node.expression);
      else if (pass === 'returns' && ts.isReturnStatement(node) && node.expression && isPromise?.(unwrapExpression(node.expression))) {
        rejects = !cannotReject?.(node.expression);
      }
      if (rejects) return;
    }
    ts.forEachChild(node, (child) => visit(child, inHandler));
  };
  const rejectsAfter = (next: typeof pass): boolean => {
    pass = next;
    visit(body, false);
    return rejects;
  };
  return !(rejectsAfter('syntax') || rejectsAfter('awaits') || rejectsAfter('returns'));
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
