import ts from '../engine/typescript.cjs';

import { forEachOwnNode } from './for-each-own-node.js';
import { getAccessPath } from './get-access-path.js';
import { isAsyncFunction } from './is-async-function.js';
import { unwrapExpression } from './unwrap-expression.js';

type FunctionWithBody = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

// A function whose code hands back a promise on every path, read without types:
//   async save() { ... }
//   set: function (prop, value) { if (!ready) throw ...; if (changed) return storage.saveSettings(s); return Promise.resolve(); }
// A synchronous body must end in a `return` or `throw`, every `return` of its own must give a call (or `new`), and
// one must visibly give a promise (`Promise.resolve()`, `new Promise(...)`, a `.then`/`.catch`/`.finally` chain).
// A bare `return`, a literal, `this` or an object on any path: false.
export function returnsOnlyPromises(fn: FunctionWithBody): boolean {
  if (isAsyncFunction(fn)) return true;
  const body = fn.body;
  if (!body || fn.asteriskToken) return false;
  if (!ts.isBlock(body)) return isVisiblePromise(body);
  const last = body.statements.at(-1);
  if (!last || !(ts.isReturnStatement(last) || ts.isThrowStatement(last))) return false;
  let calls = true;
  let visible = false;
  forEachOwnNode(body, (node) => {
    if (!ts.isReturnStatement(node)) return;
    const value = node.expression && unwrapExpression(node.expression);
    if (!value || !(ts.isCallExpression(value) || ts.isNewExpression(value))) calls = false;
    else if (isVisiblePromise(value)) visible = true;
  });
  return calls && visible;
}

function isVisiblePromise(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isNewExpression(value)) return getAccessPath(value.expression) === 'Promise';
  if (!ts.isCallExpression(value)) return false;
  const callee = unwrapExpression(value.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  if (getAccessPath(callee.expression) === 'Promise') return ['resolve', 'reject', 'all', 'allSettled', 'race', 'any'].includes(callee.name.text);
  return ['then', 'catch', 'finally'].includes(callee.name.text);
}
