import ts from '../engine/typescript.cjs';

import { unwrapExpression } from './unwrap-expression.js';

export interface OwnCalleeName {
  name: string;
  /** `this.connect()`: a member of the same object, not a function in scope. */
  viaThis: boolean;
}

// The name of a function the code calls in its own scope or on `this`, for matching it with a declaration of the file
// or a member of the class:
//   connect()  -> { name: 'connect', viaThis: false }     this.connect()  -> { name: 'connect', viaThis: true }
//   client.connect(), this.pool.connect(), fns[0]()  -> undefined
// A call or the callee expression itself (`setTimeout(this.connect, ms)` hands over `this.connect`).
export function getOwnCalleeName(target: ts.CallExpression | ts.Expression): OwnCalleeName | undefined {
  const expression = unwrapExpression(ts.isCallExpression(target) ? target.expression : target);
  if (ts.isIdentifier(expression)) return { name: expression.text, viaThis: false };
  if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(expression.name)) {
    return { name: expression.name.text, viaThis: true };
  }
  return undefined;
}
