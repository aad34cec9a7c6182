import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';

// Names a scope counts with: each `x++`, `--x`, `x += n`, `x -= n`, `this.attempts++` gives `x` / `attempts`:
//   for (;;) { attempt++; ... }           -> { 'attempt' }
//   this.reconnectAttempts += 1           -> { 'reconnectAttempts' }
export function getUpdatedCounters(scope: ts.Node): Set<string> {
  const counters = new Set<string>();
  forEachDescendant(
    scope,
    (node) => {
      let target: ts.Expression | undefined;
      if (
        (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
        (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
      ) {
        target = node.operand;
      } else if (
        ts.isBinaryExpression(node) &&
        (node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken || node.operatorToken.kind === ts.SyntaxKind.MinusEqualsToken)
      ) {
        target = node.left;
      }
      const name = target && nameOf(target);
      if (name) counters.add(name);
    },
    { crossFunctions: true },
  );
  return counters;
}

function nameOf(node: ts.Expression): string | undefined {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isParenthesizedExpression(node)) return nameOf(node.expression);
  return undefined;
}
