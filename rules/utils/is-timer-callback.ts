import ts from '../engine/typescript.cjs';

import { getSimpleCalleeName } from './get-simple-callee-name.js';

// A function written as the callback of one of `timers` (by the callee's simple name, so `timers.setTimeout` and
// compiled `(0, timers_1.setTimeout)` count too):
//   setTimeout(() => ..., ms)   setImmediate(async () => ...)   globalThis.setTimeout(function () { ... }, ms)
// Each caller names the timers it means: a retry's wait is a `setTimeout`, a poll's next run may be a `setImmediate`.
export function isTimerCallback(fn: ts.Node, timers: ReadonlySet<string>): fn is ts.ArrowFunction | ts.FunctionExpression {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  const call = fn.parent;
  return ts.isCallExpression(call) && call.arguments[0] === fn && timers.has(getSimpleCalleeName(call.expression) ?? '');
}
