import ts from '../engine/typescript.cjs';

import { findBindingReferences } from './find-binding-references.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { getStaticNumber } from './get-static-number.js';
import { isOffByDefault } from './is-off-by-default.js';
import { unwrapExpression } from './unwrap-expression.js';
import { forEachDescendant } from './for-each-descendant.js';
import { getGuardAbove } from './get-guard-above.js';

/** `optional`: set only under a guard on an option that is 0 or absent by default (`if (timeout) sock.setTimeout(timeout)`). */
export type ResultDeadline = 'deadline' | 'optional' | 'none' | 'unknown';

// Whether the object a call returns is given a deadline afterwards, by one of `methods`:
//   http.get(url, cb).setTimeout(5000)                 const req = https.request(opts); req.setTimeout(5000)
//   superagent.get(url).set(h).timeout({ response: 5000 })   socket = net.connect(port); socket.setTimeout(10_000)
//   this.socket = net.connect(port) ... this.socket.setTimeout(ms) anywhere in the class (the file, outside one)
//   setTimeout(() => req.destroy(), 5000)
//   this.stream = net.connect(port) ... Timers.setTimeout(this._onTimeout.bind(this), ms) (`_onTimeout` destroys this.stream)
// optional: every such call sits under `if (timeout)` (or `timeout > 0 && ...`) with `timeout` 0 or absent by
// default; `sock.setTimeout(0)`, which removes a timeout, does not count.
// unknown: the result is returned, passed on or stored where the file cannot follow it, or `.use(plugin)`.
export function getResultDeadline(call: ts.Expression, methods: readonly string[], checker: ts.TypeChecker | undefined): ResultDeadline {
  let current: ts.Expression = call;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent)) {
      current = parent;
      continue;
    }
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
      const method = parent.name.text;
      if (methods.includes(method)) return setterVerdict(parent.parent) ?? 'none';
      if (method === 'use') return 'unknown';
      // Builders and emitters return themselves: `.set(...)`, `.on(...)`, `.send(...)`.
      current = parent.parent;
      continue;
    }
    break;
  }
  const parent = current.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === current && ts.isIdentifier(parent.name)) {
    return deadlineOfVariable(parent.name, methods, checker);
  }
  if (ts.isBinaryExpression(parent) && parent.right === current && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = getAccessPath(parent.left);
    if (!target) return 'unknown';
    const left = unwrapExpression(parent.left);
    const declaration = ts.isIdentifier(left) ? findLocalDeclaration(left) : undefined;
    // `sock = net.connect(...)` with `let sock` declared in a function: that function's calls, not the file's;
    // `this.socket = ...`: its class's.
    const owner = target.startsWith('this.') ? ts.findAncestor(parent, ts.isClassLike) : undefined;
    const scope = declaration
      ? (ts.findAncestor(declaration, (node) => ts.isFunctionLike(node) || ts.isSourceFile(node)) ?? parent.getSourceFile())
      : (owner ?? parent.getSourceFile());
    return callsMethodOnPath(scope, target, methods);
  }
  if (ts.isExpressionStatement(parent) || ts.isAwaitExpression(parent) || ts.isVoidExpression(parent)) return 'none';
  return 'unknown';
}

function deadlineOfVariable(name: ts.Identifier, methods: readonly string[], checker: ts.TypeChecker | undefined): ResultDeadline {
  // The declaring block: the reference search skips blocks that redeclare the name.
  let scope: ts.Node = name.parent;
  while (scope.parent && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  let escapes = false;
  let optional = false;
  for (const reference of findBindingReferences(name, scope, checker)) {
    const parent = reference.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === reference) {
      const method = parent.name.text;
      if (methods.includes(method) && ts.isCallExpression(parent.parent)) {
        const verdict = setterVerdict(parent.parent);
        if (verdict === 'deadline') return 'deadline';
        if (verdict === 'optional') optional = true;
      }
      if ((method === 'destroy' || method === 'abort') && insideTimer(parent)) return 'deadline';
      if (method === 'use') escapes = true;
    } else if (!ts.isAwaitExpression(parent)) {
      escapes = true;
    }
  }
  return escapes ? 'unknown' : optional ? 'optional' : 'none';
}

// What one `x.setTimeout(ms, ...)` does: sets a deadline, removes it (`0`: undefined), or sets it only when an
// option off by default is on.
function setterVerdict(call: ts.CallExpression): 'deadline' | 'optional' | undefined {
  const first = call.arguments[0];
  if (first && getStaticNumber(unwrapExpression(first)) === 0) return undefined;
  for (let current: ts.Node = call; current.parent && !ts.isFunctionLike(current.parent); current = current.parent) {
    const guard = getGuardAbove(current);
    if (guard && isOffByDefault(guard)) return 'optional';
  }
  return 'deadline';
}

function insideTimer(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isCallExpression(current) && getAccessPath(current.expression) === 'setTimeout') return true;
    if (ts.isSourceFile(current)) return false;
  }
  return false;
}

function callsMethodOnPath(scope: ts.Node, target: string, methods: readonly string[]): 'deadline' | 'optional' | 'none' {
  let found: 'deadline' | 'optional' | 'none' = 'none';
  const visit = (node: ts.Node): void => {
    if (found === 'deadline') return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      methods.includes(node.expression.name.text) &&
      getAccessPath(node.expression.expression) === target
    ) {
      const verdict = setterVerdict(node);
      if (verdict) found = verdict === 'deadline' ? 'deadline' : 'optional';
      return;
    }
    // A field's connect timer: `this.connectTimeout = Timers.setTimeout(this._onTimeout.bind(this), ms)`, where
    // `_onTimeout` destroys `this.stream`.
    if (target.startsWith('this.') && ts.isCallExpression(node) && TIMERS.has(getAccessPath(node.expression) ?? '') && timerTearsDown(node, target)) {
      const verdict = setterVerdict(node);
      if (verdict) found = verdict === 'deadline' ? 'deadline' : 'optional';
    }
  };
  forEachDescendant(scope, visit, { crossFunctions: true });
  return found;
}

const TIMERS = new Set(['setTimeout', 'global.setTimeout', 'globalThis.setTimeout', 'Timers.setTimeout', 'timers.setTimeout']);
const TEARDOWN = new Set(['destroy', 'end', 'abort', 'close']);

// The timer's callback (inline, or a method of the class through `this.m` / `this.m.bind(this)`, maybe held in a
// local) ends `target`.
function timerTearsDown(timer: ts.CallExpression, target: string): boolean {
  let callback = timer.arguments[0] && unwrapExpression(timer.arguments[0]);
  if (callback && ts.isIdentifier(callback)) {
    const declaration = findLocalDeclaration(callback);
    callback = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer ? unwrapExpression(declaration.initializer) : undefined;
  }
  if (callback && ts.isCallExpression(callback) && ts.isPropertyAccessExpression(callback.expression) && callback.expression.name.text === 'bind') {
    callback = unwrapExpression(callback.expression.expression);
  }
  let body: ts.Node | undefined;
  if (callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) body = callback;
  else if (callback && ts.isPropertyAccessExpression(callback) && callback.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const name = callback.name.text;
    body = ts
      .findAncestor(timer, ts.isClassLike)
      ?.members.find((member) => ts.isMethodDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === name);
  }
  if (!body) return false;
  let found = false;
  forEachDescendant(body, (node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      TEARDOWN.has(node.expression.name.text) &&
      getAccessPath(node.expression.expression) === target
    ) {
      found = true;
    }
    return !found;
  });
  return found;
}
