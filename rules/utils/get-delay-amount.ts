import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';

export type DelayAmount =
  /** The expression giving the wait in milliseconds. */
  | { kind: 'expression'; expression: ts.Expression }
  /** No wait at all: `setTimeout(fn)`, `new Promise((r) => setTimeout(r))`. */
  | { kind: 'none' }
  /** A helper that decides for itself: `backoff(attempt)`, `this.wait()`. */
  | { kind: 'unknown' };

// Names of helpers whose result is a computed backoff: trust them.
const COMPUTED = /backoff|jitter|expon|random|next/iu;

// How long a delay call (see isDelayCall) waits:
//   sleep(1000)                                     -> 1000
//   setTimeout(() => retry(), RETRY_MS)             -> RETRY_MS
//   await setTimeout(250)   (timers/promises)       -> 250
//   new Promise((r) => setTimeout(r, delayMs))      -> delayMs
//   exponentialBackoff(attempt)   sleep()           -> unknown
export function getDelayAmount(call: ts.CallExpression | ts.NewExpression): DelayAmount {
  if (ts.isNewExpression(call)) {
    let timer: ts.CallExpression | undefined;
    const executor = call.arguments?.[0];
    if (executor) {
      forEachDescendant(
        executor,
        (child) => {
          if (!timer && ts.isCallExpression(child) && getSimpleCalleeName(child.expression) === 'setTimeout') timer = child;
          return !timer;
        },
        { crossFunctions: true },
      );
    }
    return timer ? timerAmount(timer) : { kind: 'unknown' };
  }
  const name = getSimpleCalleeName(call.expression) ?? '';
  if (name === 'setTimeout') return timerAmount(call);
  if (COMPUTED.test(name)) return { kind: 'unknown' };
  const first = call.arguments[0];
  if (!first || ts.isSpreadElement(first)) return { kind: 'unknown' };
  return { kind: 'expression', expression: first };
}

// setTimeout(callback, ms) waits ms (0 when left out); `await setTimeout(ms)` from timers/promises waits its first argument.
function timerAmount(timer: ts.CallExpression): DelayAmount {
  const [first, second] = timer.arguments;
  if (!first) return { kind: 'none' };
  if (ts.isAwaitExpression(timer.parent)) return { kind: 'expression', expression: first };
  return second ? { kind: 'expression', expression: second } : { kind: 'none' };
}
