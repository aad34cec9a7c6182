import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';

// Callee names that wait: sleep, delay, wait, pause, backoff and their compounds (retryDelay, waitMs, sleepFor,
// exponentialBackoff), setTimeout from `timers/promises`.
const DELAY_NAME = /sleep|delay|backoff|^wait(?:ms|for|formillis|forms|millis|seconds|time)?$|^pause$|^snooze$|settimeout/iu;

// A call that makes the current attempt wait before the next one:
//   await sleep(1000)   await delay(ms)   await this.backoff(attempt)   await setTimeout(500)   (timers/promises)
//   await new Promise((resolve) => setTimeout(resolve, ms))   await scheduler.wait(ms)
//   setTimeout(() => connect(), 5000)
// Not delays: `waitForConnection()`, `waitUntilReady()` (they wait for a state, not for time).
export function isDelayCall(node: ts.Node): node is ts.CallExpression | ts.NewExpression {
  if (ts.isCallExpression(node)) {
    const name = getSimpleCalleeName(node.expression);
    return name !== undefined && DELAY_NAME.test(name);
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Promise') {
    const executor = node.arguments?.[0];
    if (!executor || (!ts.isArrowFunction(executor) && !ts.isFunctionExpression(executor))) return false;
    let found = false;
    forEachDescendant(
      executor,
      (child) => {
        if (ts.isCallExpression(child) && getSimpleCalleeName(child.expression) === 'setTimeout') found = true;
        return !found;
      },
      { crossFunctions: true },
    );
    return found;
  }
  return false;
}
