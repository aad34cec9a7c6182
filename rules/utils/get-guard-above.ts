import ts from '../engine/typescript.cjs';

// The condition that must hold for `node` to run, when its parent makes it conditional:
//   if (c) node          c && node          c ? node : other      -> c
//   if (c) x else node   c || node          node; (a statement)   -> undefined
// Walk up with it to ask whether anything above a call switches it off: `if (timeout) sock.setTimeout(timeout)`.
export function getGuardAbove(node: ts.Node): ts.Expression | undefined {
  const parent = node.parent;
  if (ts.isIfStatement(parent) && parent.thenStatement === node) return parent.expression;
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken) return parent.left;
  if (ts.isConditionalExpression(parent) && parent.whenTrue === node) return parent.condition;
  return undefined;
}
