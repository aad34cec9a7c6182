import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getAccessPath } from './get-access-path.js';
import { isOffByDefault } from './is-off-by-default.js';
import { unwrapExpression } from './unwrap-expression.js';
import { getGuardAbove } from './get-guard-above.js';

const TEARDOWN = new Set(['destroy', 'end', 'abort', 'close', 'terminate']);

// Whether a connection attempt's only deadline is a timer armed under a guard on an option that is 0 or absent by
// default (issue 12, point 9):
//   if (this.connectionTimeoutMillis > 0) {            // this.connectionTimeoutMillis = config.x || 0
//     timer = setTimeout(() => con.stream.destroy(new Error('timeout expired')), this.connectionTimeoutMillis);
//   }
//   con.connect(port, host);                            -> true
// The same timer without the guard, or an option with a positive default, is a deadline (false); a `connect`
// with no such timer before it in its function says nothing (false).
export function isConnectDeadlineOffByDefault(call: ts.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'connect') return false;
  const root = getAccessPath(callee.expression);
  if (!root) return false;
  const fn = ts.findAncestor(call, ts.isFunctionLike);
  const body = fn && 'body' in fn ? fn.body : undefined;
  if (!body) return false;
  let timers = 0;
  let guarded = 0;
  forEachDescendant(body, (node) => {
    if (node.getStart() >= call.getStart()) return false;
    if (!ts.isCallExpression(node) || !isTimerCall(node) || !tearsDown(node, root)) return undefined;
    timers += 1;
    if (isGuardedOffByDefault(node, body)) guarded += 1;
    return false;
  });
  return timers > 0 && guarded === timers;
}

function isTimerCall(call: ts.CallExpression): boolean {
  const path = getAccessPath(call.expression);
  return path === 'setTimeout' || path === 'global.setTimeout' || path === 'globalThis.setTimeout';
}

// The timer's callback ends what is being connected: `con.stream.destroy(...)`, `con.end()`.
function tearsDown(timer: ts.CallExpression, root: string): boolean {
  const callback = timer.arguments[0] && unwrapExpression(timer.arguments[0]);
  if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return false;
  let found = false;
  forEachDescendant(callback, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && TEARDOWN.has(node.expression.name.text)) {
      const target = getAccessPath(node.expression.expression);
      if (target === root || target?.startsWith(`${root}.`)) found = true;
    }
    return undefined;
  });
  return found;
}

function isGuardedOffByDefault(node: ts.Node, body: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent && current !== body; current = current.parent) {
    const guard = getGuardAbove(current);
    if (guard && isOffByDefault(guard)) return true;
  }
  return false;
}
