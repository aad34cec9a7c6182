import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { getAccessPath } from './get-access-path.js';
import { isOptionalValue } from './is-optional-value.js';
import { isParameterBinding } from './is-parameter-binding.js';
import { unwrapExpression } from './unwrap-expression.js';

// The guard of a timeout that only exists when positive: `ms > 0`, `ms >= 1`, `0 < ms`, `ms !== 0`, `ms`, `!!ms`,
// `ms && ms > 0`, and whether the guarded value is 0 or absent by default.
export function isOffByDefault(condition: ts.Expression): boolean {
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
//   this.ms = config.ms || 0 (in the constructor)   const ms = sockopts.timeout (sockopts = clone(options || {}))
//   options.requestOptions?.timeout (absent)
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
    if (!owner) return undefined;
    const field = owner.members.find(
      (member): member is ts.PropertyDeclaration => ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name) && member.name.text === value.name.text,
    );
    if (field?.initializer) return getDefaultValue(field.initializer, depth + 1);
    // `this.timeoutMillis = config.timeoutMillis || 0` in the constructor.
    const assigned = getConstructorAssignment(owner, value.name.text);
    return assigned ? getDefaultValue(assigned, depth + 1) : undefined;
  }
  // `options.requestOptions?.timeout`: the code itself says the caller may leave it out.
  if (ts.isPropertyAccessExpression(value) && ts.isOptionalChain(value)) return 'absent';
  if (ts.isPropertyAccessExpression(value)) return getOptionDefault(value);
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

// The single `this.<name> = value` statement of the class's constructor.
function getConstructorAssignment(owner: ts.ClassLikeDeclaration, name: string): ts.Expression | undefined {
  const constructor = owner.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
  let found: ts.Expression | undefined;
  let count = 0;
  for (const statement of constructor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement)) continue;
    const expression = statement.expression;
    if (
      ts.isBinaryExpression(expression) &&
      expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(expression.left) &&
      expression.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      expression.left.name.text === name
    ) {
      found = expression.right;
      count += 1;
    }
  }
  return count === 1 ? found : undefined;
}

// A member of the caller's options, read without a default: absent unless the caller sets it, when the options'
// type (or JSDoc) makes it optional, or, untyped, when the options themselves are optional (`= {}`, `|| {}`).
//   function connect(url, socketOptions) { const sockopts = clone(socketOptions || {}); ... sockopts.timeout }
//   function get(url, opts = {}) { ... opts.timeout }   function get(url, opts: { timeout?: number }) { ... }
function getOptionDefault(access: ts.PropertyAccessExpression): 'absent' | undefined {
  const owner = unwrapExpression(access.expression);
  if (!ts.isIdentifier(owner)) return undefined;
  let declaration = findLocalDeclaration(owner);
  let optionalOptions = false;
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isIdentifier(declaration.name)) {
    // A copy of the parameter: `clone(options || {})`, `{ ...options }`, `Object.assign({}, options)`, `options ?? {}`.
    const source = getCopiedOptions(declaration.initializer);
    if (!source) return undefined;
    optionalOptions = source.optional;
    declaration = findLocalDeclaration(source.identifier);
  }
  if (!declaration || !ts.isParameter(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  if (declaration.type || hasJSDocParameterTag(declaration)) return isOptionalValue(access, access.name.text, declaration, undefined) ? 'absent' : undefined;
  const emptyDefault =
    declaration.initializer !== undefined && ts.isObjectLiteralExpression(declaration.initializer) && declaration.initializer.properties.length === 0;
  return optionalOptions || emptyDefault || declaration.questionToken !== undefined ? 'absent' : undefined;
}

function getCopiedOptions(node: ts.Expression): { identifier: ts.Identifier; optional: boolean } | undefined {
  let value = unwrapExpression(node);
  if (ts.isCallExpression(value)) {
    const path = getAccessPath(value.expression);
    const args = value.arguments;
    if (path === 'Object.assign' && args.length === 2 && isEmptyObject(args[0]!)) value = unwrapExpression(args[1]!);
    else if (path && /(?:^|\.)(?:clone|cloneDeep|deepClone|structuredClone|copy)$/iu.test(path) && args.length === 1) value = unwrapExpression(args[0]!);
    else return undefined;
  } else if (ts.isObjectLiteralExpression(value) && value.properties.length === 1 && ts.isSpreadAssignment(value.properties[0]!)) {
    value = unwrapExpression(value.properties[0].expression);
  }
  let optional = false;
  if (
    ts.isBinaryExpression(value) &&
    [ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken].includes(value.operatorToken.kind) &&
    isEmptyObject(value.right)
  ) {
    optional = true;
    value = unwrapExpression(value.left);
  }
  return ts.isIdentifier(value) ? { identifier: value, optional } : undefined;
}

function isEmptyObject(node: ts.Expression): boolean {
  const value = unwrapExpression(node);
  return ts.isObjectLiteralExpression(value) && value.properties.length === 0;
}

function hasJSDocParameterTag(parameter: ts.ParameterDeclaration): boolean {
  const name = ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
  return ts.getJSDocTags(parameter.parent).some((tag) => ts.isJSDocParameterTag(tag) && ts.isIdentifier(tag.name) && tag.name.text === name);
}
