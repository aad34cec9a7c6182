import ts from '../engine/typescript.cjs';

// Strips what does not change the runtime value of an expression:
//   (x)   x as T   <T>x   x!   x satisfies T
export function unwrapExpression(node: ts.Expression): ts.Expression {
  let current = node;
  // A switch on the kind: this runs on nearly every expression a rule looks at.
  for (;;) {
    switch (current.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
        current = (current as ts.ParenthesizedExpression | ts.AsExpression | ts.TypeAssertion | ts.NonNullExpression | ts.SatisfiesExpression).expression;
        break;
      default:
        return current;
    }
  }
}
