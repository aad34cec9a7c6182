import ts from '../engine/typescript.cjs';

// The name a call is made by, looking through compiled CommonJS import calls:
//   sleep(ms) -> 'sleep'    timers.setTimeout(ms) -> 'setTimeout'    (0, sleep_1.sleep)(ms) -> 'sleep'
export function getSimpleCalleeName(expression: ts.Expression): string | undefined {
  if (
    ts.isParenthesizedExpression(expression) &&
    ts.isBinaryExpression(expression.expression) &&
    expression.expression.operatorToken.kind === ts.SyntaxKind.CommaToken
  ) {
    return getSimpleCalleeName(expression.expression.right);
  }
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return expression.name.text;
  return undefined;
}
