import ts from '../engine/typescript.cjs';

import { findFunctionDeclaration } from './find-function-declaration.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { forEachOwnNode } from './for-each-own-node.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { unwrapExpression } from './unwrap-expression.js';

type FunctionValue = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration;

const MAX_HOPS = 6;

// A function of the file that reaches a callback called by name, and returns a promise the call would drop: the
// callback is a parameter of a function of the file (or a field of one: `const { handler } = endpoint`), and the
// values its callers hand in are followed through the file, parameter to argument, field to object, up to six hops
// (nats' service: the STATS handler `(err, msg) => this.stats().then(...)` goes through addInternalHandler's
// `handler`, `endpoint.handler = handler`, setupHandler's `const { handler } = h`, and is called as `handler(err, msg)`):
//   setup(h) { const { handler } = h; try { handler(msg); } catch (e) { ... } }     this.setup({ handler: async (m) => ... })
// `returnsPromise` decides for each function found. Only `this.method(...)` calls of a method of the same class and
// calls of a function declaration by name are followed; a value from elsewhere (an import, a user's argument to an
// exported function) is no answer.
export function findHandedPromiseFunction(callee: ts.Identifier, returnsPromise: (fn: FunctionValue) => boolean): FunctionValue | undefined {
  const seen = new Set<ts.Node>();
  let found: FunctionValue | undefined;
  const visitValue = (expression: ts.Expression, path: readonly string[], hops: number): void => {
    if (found || hops > MAX_HOPS) return;
    const value = unwrapExpression(expression);
    if (seen.has(value)) return;
    seen.add(value);
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
      if (path.length === 0 && returnsPromise(value)) found = value;
      return;
    }
    if (ts.isObjectLiteralExpression(value)) {
      const [name, ...rest] = path;
      for (const property of value.properties) {
        if (ts.isPropertyAssignment(property) && property.name.getText() === name) visitValue(property.initializer, rest, hops);
        if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) visitValue(property.name, rest, hops);
      }
      return;
    }
    if (ts.isIdentifier(value)) visitName(value, path, hops);
  };
  const visitName = (name: ts.Identifier, path: readonly string[], hops: number): void => {
    const declaration = findLocalDeclaration(name);
    if (!declaration) {
      const fn = path.length === 0 ? findFunctionDeclaration(name) : undefined;
      if (fn && returnsPromise(fn)) found = fn;
      return;
    }
    if (ts.isParameter(declaration)) {
      visitParameter(declaration, path, hops);
      return;
    }
    if (ts.isBindingElement(declaration)) {
      // const { handler } = h   ->   h's field `handler`
      const pattern = declaration.parent;
      const key = declaration.propertyName ?? declaration.name;
      if (!ts.isObjectBindingPattern(pattern) || !ts.isIdentifier(key) || !ts.isIdentifier(declaration.name)) return;
      const owner = pattern.parent;
      const fieldPath = [key.text, ...path];
      if (ts.isVariableDeclaration(owner) && owner.initializer) visitValue(owner.initializer, fieldPath, hops);
      else if (ts.isParameter(owner)) visitParameter(owner, fieldPath, hops);
      return;
    }
    if (declaration.initializer) visitValue(declaration.initializer, path, hops);
    // const endpoint = {}; endpoint.handler = handler;
    const [field, ...rest] = path;
    const scope = getEnclosingFunction(declaration);
    if (field === undefined || !scope) return;
    forEachOwnNode(scope, (node) => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(node.left) &&
        node.left.name.text === field &&
        ts.isIdentifier(node.left.expression) &&
        node.left.expression.text === name.text
      ) {
        visitValue(node.right, rest, hops);
      }
    });
  };
  const visitParameter = (parameter: ts.ParameterDeclaration, path: readonly string[], hops: number): void => {
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    if (parameter.dotDotDotToken) return;
    for (const call of findCallsOf(fn)) {
      const argument = call.arguments[index];
      if (argument) visitValue(argument, path, hops + 1);
    }
  };
  visitName(callee, [], 0);
  return found;
}

// this.setupHandler(...) in the class of a method `setupHandler`; load(...) for `function load`.
function findCallsOf(fn: ts.SignatureDeclaration): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name) && ts.isClassLike(fn.parent)) {
    const name = fn.name.text;
    const visit = (node: ts.Node): void => {
      if (ts.isClassLike(node) && node !== fn.parent) return;
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.expression.kind === ts.SyntaxKind.ThisKeyword &&
        node.expression.name.text === name
      ) {
        calls.push(node);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.parent, visit);
  } else if (ts.isFunctionDeclaration(fn) && fn.name) {
    const name = fn.name.text;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name && findFunctionDeclaration(node.expression) === fn) {
        calls.push(node);
      }
      ts.forEachChild(node, visit);
    };
    visit(fn.getSourceFile());
  }
  return calls;
}
