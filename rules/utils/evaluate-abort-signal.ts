import ts from '../engine/typescript.cjs';

import { findBindingReferences } from './find-binding-references.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { isOffByDefault } from './is-off-by-default.js';
import { isOptionalValue } from './is-optional-value.js';
import { isParameterBinding } from './is-parameter-binding.js';
import { unwrapExpression } from './unwrap-expression.js';

/**
 * - `deadline`: the signal fires on its own after some time.
 * - `none`: it never fires (`undefined`, a controller nobody aborts).
 * - `optional`: it is the caller's optional signal, `undefined` unless the caller passes one.
 * - `unknown`: the file does not tell (a request's signal, a helper's result, a required parameter).
 */
export type SignalVerdict = 'deadline' | 'none' | 'optional' | 'unknown';

// What an AbortSignal expression guarantees about when the call it is passed to ends:
//   AbortSignal.timeout(5000)   AbortSignal.any([req.signal, AbortSignal.timeout(ms)])   signal ?? AbortSignal.timeout(ms)
//   controller.signal (const controller = new AbortController(); setTimeout(() => controller.abort(), ms))  -> deadline
//   controller.signal (never aborted)   undefined                                                            -> none
//   function get(url, { signal }: { signal?: AbortSignal } = {}) { ... signal ... }                         -> optional
//   opts.signal (opts: { signal?: AbortSignal })   signal?: AbortSignal                                     -> optional
//   const { signal } = options (options a parameter whose type or JSDoc makes `signal` optional)             -> optional
//   req.signal   makeSignal()   this.signal   a required `signal: AbortSignal` parameter                    -> unknown
export function evaluateAbortSignal(node: ts.Expression, checker: ts.TypeChecker | undefined, depth = 0): SignalVerdict {
  if (depth > 4) return 'unknown';
  const expression = unwrapExpression(node);
  if (isUndefinedLiteral(expression)) return 'none';
  if (ts.isCallExpression(expression)) return evaluateSignalCall(expression, checker, depth);
  if (ts.isBinaryExpression(expression)) {
    const operator = expression.operatorToken.kind;
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      // `signal ?? AbortSignal.timeout(ms)`: the fallback is what an absent signal becomes.
      const fallback = evaluateAbortSignal(expression.right, checker, depth + 1);
      return fallback === 'deadline' ? 'deadline' : 'unknown';
    }
    return 'unknown';
  }
  if (ts.isConditionalExpression(expression)) {
    const whenTrue = evaluateAbortSignal(expression.whenTrue, checker, depth + 1);
    const whenFalse = evaluateAbortSignal(expression.whenFalse, checker, depth + 1);
    if (whenTrue === 'deadline' && whenFalse === 'deadline') return 'deadline';
    // `timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined` where timeoutMs defaults to 0 (or is absent
    // unless the caller sets it): by default there is no signal, so no deadline.
    if (whenTrue === 'deadline' && whenFalse === 'none' && isOffByDefault(expression.condition)) return 'none';
    return 'unknown';
  }
  if (ts.isPropertyAccessExpression(expression) && expression.name.text === 'signal') {
    return evaluateSignalProperty(expression, checker);
  }
  if (ts.isIdentifier(expression)) return evaluateSignalIdentifier(expression, checker, depth);
  return 'unknown';
}

function isUndefinedLiteral(expression: ts.Expression): boolean {
  return (ts.isIdentifier(expression) && expression.text === 'undefined') || expression.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(expression);
}

function evaluateSignalCall(call: ts.CallExpression, checker: ts.TypeChecker | undefined, depth: number): SignalVerdict {
  const path = getAccessPath(call.expression);
  if (path === 'AbortSignal.timeout') return 'deadline';
  if (path === 'AbortSignal.any') {
    const list = call.arguments[0] && unwrapExpression(call.arguments[0]);
    if (list && ts.isArrayLiteralExpression(list)) {
      const verdicts = list.elements.map((element) => (ts.isSpreadElement(element) ? 'unknown' : evaluateAbortSignal(element, checker, depth + 1)));
      if (verdicts.includes('deadline')) return 'deadline';
    }
  }
  return 'unknown';
}

// `controller.signal`: a deadline when the file aborts that controller, none when nobody can.
function evaluateSignalProperty(access: ts.PropertyAccessExpression, checker: ts.TypeChecker | undefined): SignalVerdict {
  const owner = unwrapExpression(access.expression);
  if (!ts.isIdentifier(owner)) return 'unknown';
  const declaration = findLocalDeclaration(owner);
  if (!declaration) return 'unknown';
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    const init = unwrapExpression(declaration.initializer);
    if (!ts.isNewExpression(init) || getAccessPath(init.expression) !== 'AbortController') return 'unknown';
    return evaluateController(declaration.name, declaration, checker);
  }
  // `opts.signal` on the caller's options parameter.
  if (isParameterBinding(declaration)) {
    return isOptionalValue(access, 'signal', declaration, checker) ? 'optional' : 'unknown';
  }
  return 'unknown';
}

function evaluateController(name: ts.Identifier, declaration: ts.VariableDeclaration, checker: ts.TypeChecker | undefined): SignalVerdict {
  const scope = enclosingScope(declaration);
  let aborted = false;
  let escapes = false;
  for (const reference of findBindingReferences(name, scope, checker)) {
    const parent = reference.parent;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === reference) {
      if (parent.name.text === 'abort' && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) aborted = true;
      else if (parent.name.text !== 'signal') escapes = true;
    } else {
      // Stored, returned or passed on: someone else may abort it.
      escapes = true;
    }
  }
  if (aborted) return 'deadline';
  return escapes ? 'unknown' : 'none';
}

function evaluateSignalIdentifier(identifier: ts.Identifier, checker: ts.TypeChecker | undefined, depth: number): SignalVerdict {
  const declaration = findLocalDeclaration(identifier);
  if (!declaration) return 'unknown';
  if (ts.isVariableDeclaration(declaration)) {
    return declaration.initializer && ts.isIdentifier(declaration.name) ? evaluateAbortSignal(declaration.initializer, checker, depth + 1) : 'unknown';
  }
  if (declaration.initializer) {
    // A default value: `signal = AbortSignal.timeout(ms)`.
    return evaluateAbortSignal(declaration.initializer, checker, depth + 1) === 'deadline' ? 'deadline' : 'unknown';
  }
  if (!isParameterBinding(declaration)) {
    // `const { signal } = options` in the body, `options` a parameter: still the caller's option.
    const read = getParameterMemberRead(declaration);
    return read && isOptionalValue(identifier, read.member, read.parameter, checker) ? 'optional' : 'unknown';
  }
  return isOptionalValue(identifier, 'signal', declaration, checker) ? 'optional' : 'unknown';
}

// The parameter and member a body's destructuring reads, without a default of its own:
//   async request(route, options) { const { method = 'GET', signal } = options; ... }   -> options, 'signal'
function getParameterMemberRead(declaration: ts.BindingElement | ts.ParameterDeclaration): { parameter: ts.ParameterDeclaration; member: string } | undefined {
  if (!ts.isBindingElement(declaration) || declaration.dotDotDotToken || !ts.isObjectBindingPattern(declaration.parent)) return undefined;
  const variable = declaration.parent.parent;
  if (!ts.isVariableDeclaration(variable) || !variable.initializer) return undefined;
  const source = unwrapExpression(variable.initializer);
  if (!ts.isIdentifier(source)) return undefined;
  const parameter = findLocalDeclaration(source);
  if (!parameter || !ts.isParameter(parameter) || !ts.isIdentifier(parameter.name)) return undefined;
  const name = declaration.propertyName ?? declaration.name;
  if (!ts.isIdentifier(name)) return undefined;
  return { parameter, member: name.text };
}

// The block that declares a variable: references are searched there (a function's body block, not the
// function, since the reference search skips blocks that redeclare the name).
function enclosingScope(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isBlock(current) || ts.isSourceFile(current) || ts.isModuleBlock(current) || ts.isFunctionLike(current)) return current;
  }
  return node.getSourceFile();
}
