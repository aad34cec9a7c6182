import ts from '../engine/typescript.cjs';

import { findBindingReferences } from './find-binding-references.js';
import { getAccessPath } from './get-access-path.js';
import { forEachDescendant } from './for-each-descendant.js';

export type ResultDeadline = 'deadline' | 'none' | 'unknown';

// Whether the object a call returns is given a deadline afterwards, by one of `methods`:
//   http.get(url, cb).setTimeout(5000)                 const req = https.request(opts); req.setTimeout(5000)
//   superagent.get(url).set(h).timeout({ response: 5000 })   socket = net.connect(port); socket.setTimeout(10_000)
//   this.socket = net.connect(port) ... this.socket.setTimeout(ms) anywhere in the file
//   setTimeout(() => req.destroy(), 5000)
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
      if (methods.includes(method)) return 'deadline';
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
    return callsMethodOnPath(parent.getSourceFile(), target, methods) ? 'deadline' : 'none';
  }
  if (ts.isExpressionStatement(parent) || ts.isAwaitExpression(parent) || ts.isVoidExpression(parent)) return 'none';
  return 'unknown';
}

function deadlineOfVariable(name: ts.Identifier, methods: readonly string[], checker: ts.TypeChecker | undefined): ResultDeadline {
  // The declaring block: the reference search skips blocks that redeclare the name.
  let scope: ts.Node = name.parent;
  while (scope.parent && !ts.isBlock(scope) && !ts.isSourceFile(scope) && !ts.isModuleBlock(scope) && !ts.isFunctionLike(scope)) scope = scope.parent;
  let escapes = false;
  for (const reference of findBindingReferences(name, scope, checker)) {
    const parent = reference.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === reference) {
      const method = parent.name.text;
      if (methods.includes(method)) return 'deadline';
      if ((method === 'destroy' || method === 'abort') && insideTimer(parent)) return 'deadline';
      if (method === 'use') escapes = true;
    } else if (!ts.isAwaitExpression(parent)) {
      escapes = true;
    }
  }
  return escapes ? 'unknown' : 'none';
}

function insideTimer(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isCallExpression(current) && getAccessPath(current.expression) === 'setTimeout') return true;
    if (ts.isSourceFile(current)) return false;
  }
  return false;
}

function callsMethodOnPath(sourceFile: ts.SourceFile, target: string, methods: readonly string[]): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      methods.includes(node.expression.name.text) &&
      getAccessPath(node.expression.expression) === target
    ) {
      found = true;
      return;
    }
  };
  forEachDescendant(sourceFile, visit, { crossFunctions: true });
  return found;
}
