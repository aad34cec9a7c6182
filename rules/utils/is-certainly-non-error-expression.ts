import ts from '../engine/typescript.cjs';

import { findLocalDeclaration } from './find-local-declaration.js';
import { unwrapExpression } from './unwrap-expression.js';
import { findFunctionDeclaration } from './find-function-declaration.js';

const NON_ERROR_CONSTRUCTORS = new Set(['String', 'Number', 'Boolean', 'Object', 'Array', 'Date', 'Map', 'Set', 'RegExp']);
const STRING_CONVERSIONS = new Set(['String', 'Number', 'Boolean']);

// An expression whose value can never be an Error, decided from syntax alone:
//   'failed'   `failed: ${id}`   'a' + err   404   null   undefined   void 0   { code: 'E_DB' }   [err]
//   String(x)   JSON.stringify(x)   x.toString()   new String(x)   ok ? 'a' : 'b'   err.message   err.stack
//   message          where `const message = 'failed'` in this file
//   codes.notFound   where `const codes = { notFound: 'E404' }` in this file
//   fail()           where `function fail() { return 'failed'; }` in this file (every return is such a value)
export function isCertainlyNonErrorExpression(expression: ts.Expression): boolean {
  return check(expression, new Set());
}

function check(expression: ts.Expression, seen: Set<ts.Node>): boolean {
  const node = unwrapExpression(expression);
  if (seen.has(node) || seen.size > 20) return false;
  seen.add(node);
  switch (node.kind) {
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
    case ts.SyntaxKind.TemplateExpression:
    case ts.SyntaxKind.NumericLiteral:
    case ts.SyntaxKind.BigIntLiteral:
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
    case ts.SyntaxKind.RegularExpressionLiteral:
    case ts.SyntaxKind.ObjectLiteralExpression:
    case ts.SyntaxKind.ArrayLiteralExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.VoidExpression:
    case ts.SyntaxKind.TypeOfExpression:
    case ts.SyntaxKind.PrefixUnaryExpression:
    case ts.SyntaxKind.PostfixUnaryExpression:
      return true;
    default:
      break;
  }
  if (ts.isIdentifier(node)) {
    if (node.text === 'undefined') return true;
    return isConstInitializedWith(node, (initializer) => check(initializer, seen));
  }
  if (ts.isBinaryExpression(node)) return checkBinary(node, seen);
  if (ts.isConditionalExpression(node)) return check(node.whenTrue, seen) && check(node.whenFalse, seen);
  if (ts.isNewExpression(node)) return ts.isIdentifier(node.expression) && NON_ERROR_CONSTRUCTORS.has(node.expression.text);
  if (ts.isCallExpression(node)) return checkCall(node, seen);
  // `err.message` / `err.stack`: an Error's text, never an Error.
  if (ts.isPropertyAccessExpression(node) && (node.name.text === 'message' || node.name.text === 'stack')) return true;
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    const property = node.name.text;
    return isConstInitializedWith(node.expression, (initializer) => {
      const object = unwrapExpression(initializer);
      if (!ts.isObjectLiteralExpression(object)) return false;
      const member = object.properties.find(
        (candidate): candidate is ts.PropertyAssignment =>
          ts.isPropertyAssignment(candidate) && ts.isIdentifier(candidate.name) && candidate.name.text === property,
      );
      return member !== undefined && check(member.initializer, seen);
    });
  }
  return false;
}

function checkBinary(node: ts.BinaryExpression, seen: Set<ts.Node>): boolean {
  switch (node.operatorToken.kind) {
    case ts.SyntaxKind.PlusToken: {
      // `'a' + x` is a string; `a + b` may be anything the operands are.
      const isText = (side: ts.Expression): boolean => {
        const inner = unwrapExpression(side);
        return ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner) || (ts.isBinaryExpression(inner) && checkBinary(inner, seen));
      };
      return isText(node.left) || isText(node.right);
    }
    case ts.SyntaxKind.MinusToken:
    case ts.SyntaxKind.AsteriskToken:
    case ts.SyntaxKind.SlashToken:
    case ts.SyntaxKind.PercentToken:
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
    case ts.SyntaxKind.LessThanToken:
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.InstanceOfKeyword:
    case ts.SyntaxKind.InKeyword:
      return true;
    case ts.SyntaxKind.AmpersandAmpersandToken:
    case ts.SyntaxKind.BarBarToken:
    case ts.SyntaxKind.QuestionQuestionToken:
      return check(node.left, seen) && check(node.right, seen);
    case ts.SyntaxKind.CommaToken:
      return check(node.right, seen);
    default:
      return false;
  }
}

function checkCall(node: ts.CallExpression, seen: Set<ts.Node>): boolean {
  const callee = node.expression;
  if (ts.isIdentifier(callee)) {
    if (STRING_CONVERSIONS.has(callee.text)) return true;
    const declaration = findFunction(callee);
    return declaration !== undefined && everyReturn(declaration, (value) => check(value, seen));
  }
  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    if (method === 'toString' && node.arguments.length <= 1) return true;
    return method === 'stringify' && ts.isIdentifier(callee.expression) && callee.expression.text === 'JSON';
  }
  return false;
}

function isConstInitializedWith(identifier: ts.Identifier, predicate: (initializer: ts.Expression) => boolean): boolean {
  const declaration = findLocalDeclaration(identifier);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0) return false;
  return predicate(declaration.initializer);
}

type FunctionWithBody = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

// A function declared in this file under `callee`'s name: `function f() {}` or `const f = () => ...`.
function findFunction(callee: ts.Identifier): FunctionWithBody | undefined {
  const local = findLocalDeclaration(callee);
  if (local) {
    if (!ts.isVariableDeclaration(local) || !local.initializer) return undefined;
    const initializer = unwrapExpression(local.initializer);
    return ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer) ? initializer : undefined;
  }
  return findFunctionDeclaration(callee);
}

function everyReturn(fn: FunctionWithBody, predicate: (value: ts.Expression) => boolean): boolean {
  if (!fn.body) return false;
  if (!ts.isBlock(fn.body)) return predicate(fn.body);
  if (fn.asteriskToken || fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)) return false;
  const values: ts.Expression[] = [];
  let bare = false;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) {
      if (node.expression) values.push(node.expression);
      else bare = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return !bare && values.length > 0 && values.every(predicate);
}
