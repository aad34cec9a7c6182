import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';
import { getGuardAbove } from './get-guard-above.js';

// Whether `node` runs only under a guard its value almost never meets, between `node` and `scope`: an integer test
// of a value that carries an unrounded random jitter.
//   let delay = interval * 2 ** attempt + Math.random() * jitter;
//   if (Number.isInteger(delay) && delay > 0) await sleep(delay);      -> true (the sleep almost never runs)
//   let delay = Math.floor(base * 2 ** attempt + Math.random() * 100);  -> false
export function isNeverMetGuarded(node: ts.Node, scope: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent && current !== scope; current = current.parent) {
    const guard = getGuardAbove(current);
    if (guard && conjuncts(guard).some(isIntegerTestOfJitter)) return true;
  }
  return false;
}

function conjuncts(condition: ts.Expression): ts.Expression[] {
  const value = unwrapExpression(condition);
  if (ts.isBinaryExpression(value) && value.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) {
    return [...conjuncts(value.left), ...conjuncts(value.right)];
  }
  return [value];
}

// `Number.isInteger(delay)` with `let delay = ... + Math.random() * jitter` declared with that value.
function isIntegerTestOfJitter(test: ts.Expression): boolean {
  if (!ts.isCallExpression(test) || getAccessPath(test.expression) !== 'Number.isInteger' || test.arguments.length !== 1) return false;
  const argument = unwrapExpression(test.arguments[0]!);
  if (!ts.isIdentifier(argument)) return false;
  const declaration = findLocalDeclaration(argument);
  return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && carriesJitter(declaration.initializer);
}

// A `Math.random()` term reached through `+`, `-` and `*` only: any call around it (`Math.floor(...)`) or a
// bitwise operator (`| 0`) may round it.
function carriesJitter(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (ts.isCallExpression(value)) return getAccessPath(value.expression) === 'Math.random';
  if (ts.isBinaryExpression(value)) {
    const operator = value.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken || operator === ts.SyntaxKind.MinusToken || operator === ts.SyntaxKind.AsteriskToken) {
      return carriesJitter(value.left) || carriesJitter(value.right);
    }
    return false;
  }
  return false;
}
