import ts from '../engine/typescript.cjs';

import { getAccessPath } from './get-access-path.js';
import { unwrapExpression } from './unwrap-expression.js';

// Whether an expression (parentheses and `as` unwrapped) calls `process.exit`, spelled as any access path:
//   process.exit(1)   process?.exit(1)   (process).exit(0)   process['exit'](code)   process.exit!()
// Not: `proc.exit()`, `process.exitCode = 1`, `const { exit } = process; exit(1)`, `getProcess().exit(1)`.
export function isProcessExitCall(expression: ts.Expression): boolean {
  const call = unwrapExpression(expression);
  return ts.isCallExpression(call) && getAccessPath(call.expression) === 'process.exit';
}
