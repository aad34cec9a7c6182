import ts from '../engine/typescript.cjs';

import { isProcessExitCall } from './is-process-exit-call.js';

// Whether a block always ends the process: one of its own statements (not a nested branch) calls
// `process.exit`. As the finally of a try, it means no rejection from the try block outlives the process:
//   try { await currentJob; } finally { process.exit(process.exitCode || 0); }
// Not: `finally { if (done) process.exit(0); }` (a branch), `finally { setTimeout(() => process.exit(1)); }`.
export function exitsProcess(block: ts.Block): boolean {
  return block.statements.some((statement) => ts.isExpressionStatement(statement) && isProcessExitCall(statement.expression));
}
