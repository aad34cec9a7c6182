import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { isCaseLiteral } from './is-case-literal.js';
import { isTypeGuardCall } from './is-type-guard-call.js';
import { isProcessExitCall } from './is-process-exit-call.js';
import { unwrapExpression } from './unwrap-expression.js';

// Whether `reference` (a use of `name`) only runs after a runtime check of what `name` holds.
// Guards: `name instanceof X`, `'key' in name`, `typeof name === '...'`, `typeof name.key === '...'`,
// a type-guard call (see isTypeGuardCall), a member equal to a literal (`name.code === 'ENOENT'`, `LIST.includes(name.type)`,
// `case 'NOT_CONTROLLER':` of `switch (name.type)`) and a truthy member (`if (name.retriable)`): only an object
// has a member with that value.
// Positions they protect, up to `scope`:
//   if (guard) { here }            if (!guard) { ... } else { here }
//   guard ? here : ...             !guard ? ... : here
//   guard && here                  !guard || here
//   if (!guard) return|throw|continue|break;  here      assert(guard); here      assertIsError(name); here
// `if (name)`, `if (name as X)` and `name?.x` check nothing about the shape, so they are no guards.
export function isNarrowedAt(reference: ts.Node, name: string, scope: ts.Node, checker: ts.TypeChecker | undefined): boolean {
  let child: ts.Node = reference;
  for (let parent = reference.parent; parent && child !== scope; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent)) {
      if (child === parent.thenStatement && guards(parent.expression, name, true, checker)) return true;
      if (child === parent.elseStatement && guards(parent.expression, name, false, checker)) return true;
    } else if (ts.isConditionalExpression(parent)) {
      if (child === parent.whenTrue && guards(parent.condition, name, true, checker)) return true;
      if (child === parent.whenFalse && guards(parent.condition, name, false, checker)) return true;
    } else if (ts.isBinaryExpression(parent) && child === parent.right) {
      const operator = parent.operatorToken.kind;
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken && guards(parent.left, name, true, checker)) return true;
      if (operator === ts.SyntaxKind.BarBarToken && guards(parent.left, name, false, checker)) return true;
    } else if (
      ts.isCaseClause(parent) &&
      child !== parent.expression &&
      isCaseLiteral(parent.expression) &&
      isMemberOf(parent.parent.parent.expression, name)
    ) {
      return true;
    }
    if (ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent)) {
      if (isGuardedByEarlierStatement(parent.statements, child, name, checker)) return true;
    }
    if (ts.isFunctionLike(parent) && parent !== scope && declaresName(parent, name)) return false;
  }
  return false;
}

function isGuardedByEarlierStatement(statements: ts.NodeArray<ts.Statement>, child: ts.Node, name: string, checker: ts.TypeChecker | undefined): boolean {
  for (const statement of statements) {
    if (statement === child) return false;
    if (ts.isIfStatement(statement) && !statement.elseStatement && alwaysExits(statement.thenStatement)) {
      if (guards(statement.expression, name, false, checker)) return true;
    }
    if (ts.isExpressionStatement(statement) && isAssertion(statement.expression)) {
      const [condition] = statement.expression.arguments;
      if (condition && guards(condition, name, true, checker)) return true;
    }
    if (ts.isExpressionStatement(statement) && isAssertionFunctionCall(statement.expression, name)) return true;
  }
  return false;
}

// `wanted` is the truth value of `condition` on the path that reaches the reference.
// `&&` / `||` are read leniently (a guard on either side counts): a missed report beats a false one.
function guards(condition: ts.Expression, name: string, wanted: boolean, checker: ts.TypeChecker | undefined): boolean {
  const node = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    return guards(node.operand, name, !wanted, checker);
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
      return guards(node.left, name, wanted, checker) || guards(node.right, name, wanted, checker);
    }
    if (operator === ts.SyntaxKind.InstanceOfKeyword) return wanted && isName(node.left, name);
    if (operator === ts.SyntaxKind.InKeyword) return wanted && isName(node.right, name);
    const typeofSide = isTypeofName(node.left, name) || isTypeofName(node.right, name);
    const memberSide = (isCaseLiteral(node.left) && isMemberOf(node.right, name)) || (isCaseLiteral(node.right) && isMemberOf(node.left, name));
    if (typeofSide || memberSide) {
      if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) return wanted;
      if (operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken) return !wanted;
    }
    return false;
  }
  // `['NOT_CONTROLLER', 'UNKNOWN_TOPIC'].includes(e.type)`: a member equal to one of the literals
  if (wanted && isIncludesOfLiterals(node, name)) return true;
  // `if (e.retriable)`, `e.response && ...`: only an object has a truthy member (a string's own members aside)
  if (wanted && isMemberOf(node, name)) return true;
  return wanted && isTypeGuardCall(node, name, checker);
}

// `['EEXIST', 'EPERM'].includes(name.code)`, or a const of the file holding such a list.
function isIncludesOfLiterals(node: ts.Expression, name: string): boolean {
  if (!ts.isCallExpression(node) || node.arguments.length !== 1 || !isMemberOf(node.arguments[0]!, name)) return false;
  if (!ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 'includes') return false;
  let list = unwrapExpression(node.expression.expression);
  if (ts.isIdentifier(list)) {
    const declaration = findLocalDeclaration(list);
    const isConst = declaration && ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst || !declaration.initializer) return false;
    list = unwrapExpression(declaration.initializer);
  }
  return ts.isArrayLiteralExpression(list) && list.elements.length > 0 && list.elements.every(isCaseLiteral);
}

// `name.code`, `name?.code`, `name['code']`: one member of the value itself.
function isMemberOf(node: ts.Expression, name: string): boolean {
  const inner = unwrapExpression(node);
  return (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) && isName(inner.expression, name);
}

function isName(node: ts.Expression, name: string): boolean {
  const inner = unwrapExpression(node);
  return ts.isIdentifier(inner) && inner.text === name;
}

// `typeof name` or `typeof name.key` / `typeof name?.key`: knowing the member's type proves `name` is an object.
function isTypeofName(node: ts.Expression, name: string): boolean {
  const inner = unwrapExpression(node);
  if (!ts.isTypeOfExpression(inner)) return false;
  const operand = unwrapExpression(inner.expression);
  if (isName(operand, name)) return true;
  return (ts.isPropertyAccessExpression(operand) || ts.isElementAccessExpression(operand)) && isName(operand.expression, name);
}

function isAssertion(node: ts.Expression): node is ts.CallExpression {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  if (ts.isIdentifier(callee)) return /^(?:assert|invariant|ok)$/u.test(callee.text);
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'assert';
}

// `assertIsError(e);`, `assertHttpError(e)`: an assertion function over the value itself (`asserts e is T`).
function isAssertionFunctionCall(node: ts.Expression, name: string): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = node.expression;
  const calleeName = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return /^assert[A-Z_]/u.test(calleeName) && node.arguments.some((argument) => isName(argument, name));
}

function alwaysExits(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement) || ts.isContinueStatement(statement) || ts.isBreakStatement(statement)) {
    return true;
  }
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && alwaysExits(last);
  }
  return ts.isExpressionStatement(statement) && isProcessExitCall(statement.expression);
}

function declaresName(fn: ts.SignatureDeclaration, name: string): boolean {
  return fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name);
}
