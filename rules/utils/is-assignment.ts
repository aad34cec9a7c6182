import ts from '../engine/typescript.cjs';

// An assignment, plain or compound: `a = b`, `this.x = y`, `n += 1`, `v ??= d` (not `a == b`, not a declaration's
// initializer):
//   isAssignment(parent) && parent.left === reference   -> the reference is written there
export function isAssignment(node: ts.Node): node is ts.BinaryExpression {
  if (!ts.isBinaryExpression(node)) return false;
  const kind = node.operatorToken.kind;
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
