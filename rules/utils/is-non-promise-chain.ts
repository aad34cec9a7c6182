import ts from '../engine/typescript.cjs';

import { collectPromiseFacts } from './collect-promise-facts.js';
import type { LibraryModel } from '../models/library-model.js';
import { findPromiseMethodModel } from './find-promise-method-model.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getValueOrigin } from './get-value-origin.js';
import { unwrapExpression } from './unwrap-expression.js';

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

// A `.then` / `.catch` / `.finally` call that is not a promise's, told without types by the receiver's
// origin rather than the method name:
//   z.string().catch('n/a')            bot.catch(handler) (bot from grammy): the catalogue's not-promise rows
//   when(isPaid).then(ship)            `function when(c) { return new Rule(c); }` in this file: a builder
//   rule.when(cond).then({ notify })   a `then` handed no function: a builder step, not a fulfilment handler
export function isNonPromiseChain(call: ts.CallExpression, models: readonly LibraryModel[]): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !CHAIN_METHODS.has(callee.name.text)) return false;
  const method = callee.name.text;
  if (method === 'then' && call.arguments.length > 0 && call.arguments.every((argument) => isCertainlyNotCallable(argument))) return true;
  let root: ts.Expression = unwrapExpression(callee.expression);
  // when(cond).then(...): the direct receiver is a call of a function of this file that returns a builder
  if (ts.isCallExpression(root) && ts.isIdentifier(root.expression)) {
    const name = root.expression.text;
    const facts = collectPromiseFacts(call.getSourceFile());
    if (facts.syncFunctions.has(name) && !facts.asyncFunctions.has(name) && returnsOnlyObjects(call.getSourceFile(), name)) return true;
  }
  while (ts.isCallExpression(root) || ts.isPropertyAccessExpression(root) || ts.isParenthesizedExpression(root) || ts.isNonNullExpression(root)) {
    root = root.expression;
  }
  const origin = getValueOrigin(root, undefined);
  return origin !== undefined && findPromiseMethodModel(models, origin, method)?.returns === 'not-promise';
}

// { onSuccess }   'next-step'   42   [a, b]   new Step()   class {}: values a promise's `then` cannot call
function isCertainlyNotCallable(argument: ts.Expression): boolean {
  const value = unwrapExpression(argument);
  return (
    ts.isObjectLiteralExpression(value) ||
    ts.isArrayLiteralExpression(value) ||
    ts.isStringLiteralLike(value) ||
    ts.isNumericLiteral(value) ||
    ts.isTemplateExpression(value) ||
    (ts.isNewExpression(value) && !(ts.isIdentifier(value.expression) && value.expression.text === 'Function'))
  );
}

const builderFunctionsByFile = new WeakMap<ts.SourceFile, Map<string, boolean>>();

// function when(c) { return new Rule(c); }   const when = (c) => ({ then: ... })   every return an object made here
function returnsOnlyObjects(sourceFile: ts.SourceFile, name: string): boolean {
  let byName = builderFunctionsByFile.get(sourceFile);
  if (!byName) {
    byName = new Map();
    builderFunctionsByFile.set(sourceFile, byName);
  }
  const known = byName.get(name);
  if (known !== undefined) return known;
  let fn: ts.FunctionLikeDeclaration | undefined;
  for (const statement of sourceFile.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) fn = statement;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrapExpression(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)))
          fn = init;
      }
    }
  }
  let result = false;
  if (fn?.body && !ts.isBlock(fn.body)) result = isObjectMadeHere(fn.body);
  else if (fn?.body) {
    const returns: (ts.Expression | undefined)[] = [];
    forEachDescendant(fn.body, (node) => {
      if (ts.isReturnStatement(node)) returns.push(node.expression);
    });
    result = returns.length > 0 && returns.every((expression) => expression !== undefined && isObjectMadeHere(expression));
  }
  byName.set(name, result);
  return result;
}

function isObjectMadeHere(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isObjectLiteralExpression(value) || value.kind === ts.SyntaxKind.ThisKeyword) return true;
  return ts.isNewExpression(value) && !(ts.isIdentifier(value.expression) && value.expression.text === 'Promise');
}
