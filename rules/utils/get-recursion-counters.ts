import ts from '../engine/typescript.cjs';

import type { RecursiveRetry } from './get-recursive-retry.js';
import { unwrapExpression } from './unwrap-expression.js';

// Parameters the next attempt receives changed, so they count attempts or grow a delay:
//   function fetchWithRetry(url, retriesLeft) { ... fetchWithRetry(url, retriesLeft - 1) }   -> { 'retriesLeft' }
//   const connect = (delay) => ... connect(Math.min(delay * 2, MAX))                         -> { 'delay' }
//   function load(url, opts) { ... load(url, opts) }                                        -> {}
export function getRecursionCounters(retry: RecursiveRetry): Set<string> {
  const counters = new Set<string>();
  retry.fn.parameters.forEach((parameter, index) => {
    if (!ts.isIdentifier(parameter.name)) return;
    const argument = retry.call.arguments[index];
    if (!argument) return;
    const value = unwrapExpression(argument);
    if (ts.isIdentifier(value) && value.text === parameter.name.text) return;
    counters.add(parameter.name.text);
  });
  return counters;
}
