import ts from '../engine/typescript.cjs';

import { forEachDescendant } from './for-each-descendant.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { getStaticNumber } from './get-static-number.js';
import { unwrapExpression } from './unwrap-expression.js';

// An attempt cap counted in a `once` listener: the listener runs for the first event only, so the count never passes
// one and a cap above one never stops anything (the client keeps reconnecting on its own, forever):
//   this.server.once('connectFailed', async (error) => { if (++this.connectionAttempts === maxAttempts) await this.close(); });
// Gives the comparison. Not reported: a cap of one, a listener that registers itself again (it calls the function
// that made the registration, or a method of the class that does), a registration made in a loop, and a count
// declared in the listener.
export function getOnceListenerCap(call: ts.CallExpression): ts.BinaryExpression | undefined {
  if (!ts.isPropertyAccessExpression(call.expression) || call.expression.name.text !== 'once' || call.arguments.length < 2) return undefined;
  const listener = unwrapExpression(call.arguments[1]!);
  if (!ts.isArrowFunction(listener) && !ts.isFunctionExpression(listener)) return undefined;
  const registrar = getEnclosingFunction(call);
  if (registrar && inLoop(call, registrar)) return undefined;
  let cap: ts.BinaryExpression | undefined;
  forEachDescendant(listener.body, (node) => {
    if (cap) return false;
    if (ts.isBinaryExpression(node) && CAP_TESTS.has(node.operatorToken.kind)) {
      const counted = [node.left, node.right].findIndex((side) => isCount(side, listener));
      const bound = counted === 0 ? node.right : counted === 1 ? node.left : undefined;
      const value = bound && getStaticNumber(bound);
      if (bound && (value === undefined || value > 1)) cap = node;
    }
    return !cap;
  });
  if (!cap || (registrar && registersAgain(listener, registrar))) return undefined;
  return cap;
}

const CAP_TESTS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanToken,
]);

// `++this.attempts`, `this.attempts++`, or `attempts` that the listener increments; declared outside the listener.
function isCount(side: ts.Expression, listener: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const value = unwrapExpression(side);
  if ((ts.isPrefixUnaryExpression(value) || ts.isPostfixUnaryExpression(value)) && value.operator === ts.SyntaxKind.PlusPlusToken) {
    return isOuterName(value.operand, listener);
  }
  if (!isOuterName(value, listener)) return false;
  const text = value.getText();
  let incremented = false;
  forEachDescendant(listener.body, (node) => {
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      node.operator === ts.SyntaxKind.PlusPlusToken &&
      unwrapExpression(node.operand).getText() === text
    ) {
      incremented = true;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && unwrapExpression(node.left).getText() === text) {
      incremented = true;
    }
    return !incremented;
  });
  return incremented;
}

// `this.attempts`, or a name not declared in the listener.
function isOuterName(node: ts.Expression, listener: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const value = unwrapExpression(node);
  if (ts.isPropertyAccessExpression(value)) return value.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (!ts.isIdentifier(value)) return false;
  let declaredInside = false;
  forEachDescendant(
    listener,
    (child) => {
      if ((ts.isVariableDeclaration(child) || ts.isParameter(child)) && ts.isIdentifier(child.name) && child.name.text === value.text) declaredInside = true;
      return !declaredInside;
    },
    { crossFunctions: true },
  );
  return !declaredInside && !listener.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === value.text);
}

function inLoop(node: ts.Node, boundary: ts.Node): boolean {
  for (let current = node.parent; current && current !== boundary; current = current.parent) {
    if (ts.isIterationStatement(current, false)) return true;
  }
  return false;
}

// The listener calls the function that registered it, directly or through a method of the same class that does.
function registersAgain(listener: ts.Node, registrar: ts.SignatureDeclaration): boolean {
  const name = functionName(registrar);
  if (!name) return false;
  const cls = ts.isClassLike(registrar.parent) ? registrar.parent : undefined;
  const relays = new Set<string>([name]);
  if (cls) {
    for (const member of cls.members) {
      const memberName = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
      if (memberName && ts.isMethodDeclaration(member) && member.body && calls(member.body, new Set([name]))) relays.add(memberName);
    }
  }
  return calls(listener, relays);
}

function calls(root: ts.Node, names: ReadonlySet<string>): boolean {
  let found = false;
  forEachDescendant(
    root,
    (node) => {
      if (ts.isCallExpression(node)) {
        const callee = unwrapExpression(node.expression);
        const called = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        if (called && names.has(called)) found = true;
      }
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

function functionName(fn: ts.SignatureDeclaration): string | undefined {
  if ((ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return fn.parent.name.text;
  }
  return undefined;
}
