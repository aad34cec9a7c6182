import ts from '../engine/typescript.cjs';

import type { LibraryModel } from '../models/library-model.js';
import { isNonPromiseChain } from './is-non-promise-chain.js';

// A function that receives a promise's rejection reason:
//   p.catch((err) => ...)            p.catch(function (err) { ... })
//   p.then(onValue, (err) => ...)    p.then(undefined, (err) => ...)
// Only inline function expressions count: a named handler (`p.catch(handleError)`) is checked where it is declared.
// Not a promise's: zod's `z.string().catch((ctx) => ...)`, whose callback gets `{ error, input }`, grammY's
// `bot.catch((err) => ...)` (a BotError), and the other chains isNonPromiseChain knows by their receiver's origin.
export function isRejectionCallback(node: ts.Node, models: readonly LibraryModel[]): node is ts.ArrowFunction | ts.FunctionExpression {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return false;
  const call = node.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const method = call.expression.name.text;
  if (method === 'catch') return call.arguments[0] === node && !isSchemaBuilder(call.expression.expression) && !isNonPromiseChain(call, models);
  if (method === 'then') return call.arguments[1] === node && !isNonPromiseChain(call, models);
  return false;
}

function isSchemaBuilder(receiver: ts.Expression): boolean {
  let root: ts.Expression = receiver;
  while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root)) root = root.expression;
  return ts.isIdentifier(root) && (root.text === 'z' || root.text === 'zod');
}
