import ts from '../engine/typescript.cjs';

import { getConstInitializer } from './get-const-initializer.js';
import { unwrapExpression } from './unwrap-expression.js';

// The number an expression always evaluates to, when the file alone tells; undefined otherwise:
//   5   -1   1e9   60 * 1000   Infinity   Number.POSITIVE_INFINITY   Number.MAX_SAFE_INTEGER
//   MAX_RETRIES   where `const MAX_RETRIES = 5` is declared in an enclosing scope
// Values read from config, env or parameters are unknown (undefined).
export function getStaticNumber(node: ts.Expression, depth = 0): number | undefined {
  if (depth > 5) return undefined;
  const expression = unwrapExpression(node);
  if (ts.isNumericLiteral(expression)) return Number(expression.text);
  if (ts.isIdentifier(expression)) {
    if (expression.text === 'Infinity') return Infinity;
    const initializer = getConstInitializer(expression);
    if (initializer) return getStaticNumber(initializer, depth + 1);
    return undefined;
  }
  if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'Number') {
    switch (expression.name.text) {
      case 'POSITIVE_INFINITY':
        return Infinity;
      case 'MAX_SAFE_INTEGER':
        return Number.MAX_SAFE_INTEGER;
      case 'MAX_VALUE':
        return Number.MAX_VALUE;
      default:
        return undefined;
    }
  }
  if (ts.isPrefixUnaryExpression(expression)) {
    const operand = getStaticNumber(expression.operand, depth + 1);
    if (operand === undefined) return undefined;
    if (expression.operator === ts.SyntaxKind.MinusToken) return -operand;
    if (expression.operator === ts.SyntaxKind.PlusToken) return operand;
    return undefined;
  }
  if (ts.isBinaryExpression(expression)) {
    const left = getStaticNumber(expression.left, depth + 1);
    const right = getStaticNumber(expression.right, depth + 1);
    if (left === undefined || right === undefined) return undefined;
    switch (expression.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken:
        return left + right;
      case ts.SyntaxKind.MinusToken:
        return left - right;
      case ts.SyntaxKind.AsteriskToken:
        return left * right;
      case ts.SyntaxKind.SlashToken:
        return left / right;
      case ts.SyntaxKind.AsteriskAsteriskToken:
        return left ** right;
      default:
        return undefined;
    }
  }
  return undefined;
}
