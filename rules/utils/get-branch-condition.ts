import ts from '../engine/typescript.cjs';

// The expression a statement or operator branches on:
//   if (c) / while (c) / do … while (c) / for (; c;) / c ? a : b / c && x / c || x  -> c
export function getBranchCondition(node: ts.Node): ts.Expression | undefined {
  if (ts.isIfStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) return node.expression;
  if (ts.isForStatement(node)) return node.condition;
  if (ts.isConditionalExpression(node)) return node.condition;
  if (
    ts.isBinaryExpression(node) &&
    (node.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || node.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return node.left;
  }
  return undefined;
}
