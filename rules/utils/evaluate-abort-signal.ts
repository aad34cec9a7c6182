import ts from '../engine/typescript.cjs';

import { findBindingReferences } from './find-binding-references.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { isUnresolvedType } from './is-unresolved-type.js';
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

// The guard of a timeout that only exists when positive: `ms > 0`, `ms >= 1`, `0 < ms`, `ms !== 0`, `ms`, `!!ms`,
// `ms && ms > 0`, and whether the guarded value is 0 or absent by default.
function isOffByDefault(condition: ts.Expression): boolean {
  const guarded = getGuardedValue(unwrapExpression(condition));
  if (!guarded) return false;
  const fallback = getDefaultValue(guarded, 0);
  return fallback === 0 || fallback === 'absent';
}

function getGuardedValue(condition: ts.Expression): ts.Expression | undefined {
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = unwrapExpression(condition.operand);
    return ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken
      ? getGuardedValue(unwrapExpression(inner.operand))
      : undefined;
  }
  if (ts.isIdentifier(condition) || ts.isPropertyAccessExpression(condition)) return condition;
  if (!ts.isBinaryExpression(condition)) return undefined;
  const { left, right, operatorToken } = condition;
  const isZero = (value: ts.Expression): boolean => ts.isNumericLiteral(value) && Number(value.text) === 0;
  switch (operatorToken.kind) {
    case ts.SyntaxKind.AmpersandAmpersandToken:
      return getGuardedValue(unwrapExpression(right)) ?? getGuardedValue(unwrapExpression(left));
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
      if (isZero(right)) return unwrapExpression(left);
      return operatorToken.kind === ts.SyntaxKind.GreaterThanToken ? undefined : isZero(left) ? unwrapExpression(right) : undefined;
    case ts.SyntaxKind.GreaterThanEqualsToken:
      return ts.isNumericLiteral(right) && Number(right.text) === 1 ? unwrapExpression(left) : undefined;
    case ts.SyntaxKind.LessThanToken:
      return isZero(left) ? unwrapExpression(right) : undefined;
    default:
      return undefined;
  }
}

// What a timeout value is when the caller says nothing: a number, 'absent' (an optional parameter or option
// without a default), or undefined when the file does not tell.
//   ({ timeoutMs = 0 } = {})   timeoutMs?: number   const ms = options.timeout ?? 0   private timeout = 0
function getDefaultValue(node: ts.Expression, depth: number): number | 'absent' | undefined {
  if (depth > 3) return undefined;
  const value = unwrapExpression(node);
  if (ts.isNumericLiteral(value)) return Number(value.text);
  if (ts.isBinaryExpression(value)) {
    const operator = value.operatorToken.kind;
    return operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken ? getDefaultValue(value.right, depth + 1) : undefined;
  }
  if (ts.isPropertyAccessExpression(value) && value.expression.kind === ts.SyntaxKind.ThisKeyword) {
    let owner: ts.Node | undefined = value.parent;
    while (owner && !ts.isClassLike(owner)) owner = owner.parent;
    const field = owner?.members.find(
      (member): member is ts.PropertyDeclaration => ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === value.name.text,
    );
    return field?.initializer ? getDefaultValue(field.initializer, depth + 1) : undefined;
  }
  if (!ts.isIdentifier(value)) return undefined;
  const declaration = findLocalDeclaration(value);
  if (!declaration) return undefined;
  if (declaration.initializer) return getDefaultValue(declaration.initializer, depth + 1);
  if (ts.isParameter(declaration)) return declaration.questionToken ? 'absent' : undefined;
  // `{ timeoutMs }: { timeoutMs?: number } = {}`: an option without a default is absent unless passed.
  return ts.isBindingElement(declaration) && isParameterBinding(declaration) && isOptionalValue(value, value.text, declaration, undefined)
    ? 'absent'
    : undefined;
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

function isParameterBinding(declaration: ts.Node): boolean {
  let current: ts.Node = declaration;
  while (ts.isBindingElement(current) || ts.isObjectBindingPattern(current) || ts.isArrayBindingPattern(current)) {
    current = current.parent;
  }
  return ts.isParameter(current);
}

// Whether a parameter (or a member read from one) is `undefined` unless the caller passes it.
// Types decide when resolved; otherwise the declaration's `?`, `| undefined` or `= {}` does.
function isOptionalValue(
  use: ts.Expression,
  member: string,
  declaration: ts.ParameterDeclaration | ts.BindingElement | ts.VariableDeclaration,
  checker: ts.TypeChecker | undefined,
): boolean {
  if (checker) {
    const type = checker.getTypeAtLocation(use);
    if (!isUnresolvedType(type)) {
      return type.isUnion() ? type.types.some((part) => (part.flags & ts.TypeFlags.Undefined) !== 0) : (type.flags & ts.TypeFlags.Undefined) !== 0;
    }
  }
  if (ts.isParameter(declaration)) {
    if (ts.isIdentifier(use) && ts.isIdentifier(declaration.name) && declaration.name.text === use.text) {
      return declaration.questionToken !== undefined || (declaration.type !== undefined && unionHasUndefined(declaration.type));
    }
    // `opts.signal`, or `signal` destructured from `opts`: the parameter's declared type (or, in JavaScript,
    // its JSDoc) says whether `signal` is optional.
    if (declaration.type) return hasOptionalMember(declaration.type, member, use.getSourceFile());
    return jsDocMarksOptional(declaration, member);
  }
  if (ts.isBindingElement(declaration)) {
    let parameter: ts.Node = declaration;
    while (!ts.isParameter(parameter)) parameter = parameter.parent;
    const typed = parameter as ts.ParameterDeclaration;
    if (typed.type) return hasOptionalMember(typed.type, member, use.getSourceFile());
    // Untyped `{ signal } = {}`: absent unless passed.
    return typed.initializer !== undefined && ts.isObjectLiteralExpression(typed.initializer) && typed.initializer.properties.length === 0;
  }
  return false;
}

// JavaScript's `@param {AbortSignal} [options.signal]` or `@param {AbortSignal=} options.signal` under the
// function's `@param {object} options` (the parser nests them in that tag's type literal).
function jsDocMarksOptional(parameter: ts.ParameterDeclaration, member: string): boolean {
  if (!ts.isIdentifier(parameter.name)) return false;
  const name = parameter.name.text;
  for (const tag of ts.getJSDocTags(parameter.parent)) {
    if (!ts.isJSDocParameterTag(tag) || !ts.isIdentifier(tag.name) || tag.name.text !== name) continue;
    const literal = tag.typeExpression?.type;
    if (!literal || !ts.isJSDocTypeLiteral(literal)) continue;
    for (const property of literal.jsDocPropertyTags ?? []) {
      const propertyName = ts.isQualifiedName(property.name) ? property.name.right.text : property.name.text;
      if (propertyName !== member) continue;
      return property.isBracketed || (property.typeExpression !== undefined && ts.isJSDocOptionalType(property.typeExpression.type));
    }
  }
  return false;
}

function unionHasUndefined(type: ts.TypeNode): boolean {
  return ts.isUnionTypeNode(type) && type.types.some((part) => part.kind === ts.SyntaxKind.UndefinedKeyword);
}

function hasOptionalMember(type: ts.TypeNode, member: string, sourceFile: ts.SourceFile): boolean {
  const members = membersOf(type, sourceFile, 0);
  const found = members?.find((element) => element.name && ts.isIdentifier(element.name) && element.name.text === member);
  if (!found) return false;
  if (found.questionToken) return true;
  return ts.isPropertySignature(found) && found.type !== undefined && unionHasUndefined(found.type);
}

function membersOf(type: ts.TypeNode, sourceFile: ts.SourceFile, depth: number): readonly ts.TypeElement[] | undefined {
  if (depth > 3) return undefined;
  if (ts.isTypeLiteralNode(type)) return type.members;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName)) {
    const name = type.typeName.text;
    for (const statement of sourceFile.statements) {
      const declaration = ts.isExportDeclaration(statement) ? undefined : statement;
      if (declaration && ts.isInterfaceDeclaration(declaration) && declaration.name.text === name) return declaration.members;
      if (declaration && ts.isTypeAliasDeclaration(declaration) && declaration.name.text === name) {
        return membersOf(declaration.type, sourceFile, depth + 1);
      }
    }
  }
  return undefined;
}

// The block that declares a variable: references are searched there (a function's body block, not the
// function, since the reference search skips blocks that redeclare the name).
function enclosingScope(node: ts.Node): ts.Node {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isBlock(current) || ts.isSourceFile(current) || ts.isModuleBlock(current) || ts.isFunctionLike(current)) return current;
  }
  return node.getSourceFile();
}
