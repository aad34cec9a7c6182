import ts from '../engine/typescript.cjs';

import { findBindingReferences } from './find-binding-references.js';
import { getAccessPath } from './get-access-path.js';

const TIMEOUT_WRAPPER = /timeout|deadline/iu;

// Whether a call's promise is bounded by a timer around it rather than by its own options:
//   await Promise.race([fetch(url), sleep(5000).then(() => { throw new TimeoutError(); })])
//   await pTimeout(fetch(url), { milliseconds: 5000 })     withTimeout(axios.get(url), 5000)
//   const pending = fetch(url); await Promise.race([pending, timer])
//   pTimeout(() => fetch(url), ...)   fetch(url).then(parse) passed to one of the above
//   withTimeout(async () => { const res = await fetch(url); ... }, 5000)
// Not bounded: pRetry(() => fetch(url)) or Promise.all([fetch(a), fetch(b)]).
export function isRacedAgainstTimeout(call: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  return isRacedDirectly(call, checker) || isInsideTimedCallback(call);
}

// withTimeout(async () => { const res = await fetch(url); return res.json(); }, 5000)
function isInsideTimedCallback(node: ts.Node): boolean {
  let fn: ts.Node | undefined = node.parent;
  while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  const parent = fn.parent;
  return ts.isCallExpression(parent) && parent.arguments.includes(fn) && isTimeoutCombinator(parent);
}

function isRacedDirectly(call: ts.Expression, checker: ts.TypeChecker | undefined): boolean {
  let current: ts.Node = call;
  for (let steps = 0; steps < 8 && current.parent; steps++) {
    const parent: ts.Node = current.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      (ts.isArrowFunction(parent) && parent.body === current)
    ) {
      current = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current && ts.isCallExpression(parent.parent)) {
      // fetch(url).then(...) : the chain's promise is what gets raced.
      if (['then', 'catch', 'finally'].includes(parent.name.text)) {
        current = parent.parent;
        continue;
      }
      return false;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(current as ts.Expression)) {
      return isTimeoutCombinator(parent);
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) {
      const scope = scopeOf(parent);
      return findBindingReferences(parent.name, scope, checker).some((reference) => isRacedDirectly(reference, checker));
    }
    return false;
  }
  return false;
}

function isTimeoutCombinator(call: ts.CallExpression): boolean {
  const path = getAccessPath(call.expression);
  if (path === 'Promise.race') return true;
  if (!path) return false;
  const name = path.slice(path.lastIndexOf('.') + 1);
  return TIMEOUT_WRAPPER.test(name) && name !== 'setTimeout' && name !== 'clearTimeout';
}

// The block declaring the variable (the reference search skips blocks that redeclare the name).
function scopeOf(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isBlock(current) || ts.isSourceFile(current) || ts.isModuleBlock(current) || ts.isFunctionLike(current)) return current;
  }
  return node.getSourceFile();
}
