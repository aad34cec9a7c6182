import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import type { CheckContext } from './engine/types.js';
import { findBindingReferences } from './utils/find-binding-references.js';
import { findLocalDeclaration } from './utils/find-local-declaration.js';
import { getThrowSummary } from './utils/get-throw-summary.js';
import { isCaseLiteral } from './utils/is-case-literal.js';
import { isNarrowedAt } from './utils/is-narrowed-at.js';
import { isRejectionCallback } from './utils/is-rejection-callback.js';
import { isUnresolvedType } from './utils/is-unresolved-type.js';
import { isAssignment } from './utils/is-assignment.js';

type Options = [];
type MessageIds = 'unsafeAccess' | 'unsafeCastAccess' | 'unsafeDestructuring' | 'rejectionParamNotUnknown' | 'annotateUnknown';
type Context = CheckContext<Options, MessageIds>;

export default createRule<Options, MessageIds>({
  name: 'no-unsafe-error-access',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow member access on a caught value before narrowing it',
      family: 'error-types',
      recommended: 'strict-type-checked',
      typeInformation: 'optional',
      precision: 'low',
      cwe: ['CWE-754'],
      overlaps: { '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off' },
    },
    messages: {
      unsafeAccess:
        '`{{name}}.{{property}}` reads a caught value that may not be an Error (anything can be thrown or rejected). Narrow it first (`instanceof`, a type guard, `in`) or normalise it.',
      unsafeCastAccess:
        'The cast does not check anything at runtime: `{{name}}` may not be an Error when `{{property}}` is read. Narrow it with `instanceof` or a type guard instead.',
      unsafeDestructuring:
        'Destructuring reads properties of a caught value that may not be an Error, and throws if it is `null` or `undefined`. Bind the whole value and narrow it first.',
      rejectionParamNotUnknown: 'The rejection reason `{{name}}` is `any`, so its unsafe property reads compile. Type the parameter `unknown` and narrow it.',
      annotateUnknown: 'Type `{{name}}` as `unknown`, then narrow each read the compiler flags (`instanceof Error`, a type guard).',
    },
    hasSuggestions: true,
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const checkRejectionCallback = (node: ts.ArrowFunction | ts.FunctionExpression): void => {
      if (!isRejectionCallback(node, context.project.models)) return;
      const parameter = node.parameters[0];
      if (!parameter || parameter.dotDotDotToken) return;
      // `(e: AxiosError) => ...` claims a type the promise cannot promise: that lie is
      // typescript-eslint's use-unknown-in-catch-callback-variable's finding, not an unsafe access.
      if (parameter.type && !isAnyOrUnknownKeyword(parameter.type)) return;
      // A body that never reads a member of the name, nor copies it, has nothing to report: `(e) => log(e)`.
      if (ts.isIdentifier(parameter.name) && !mayDereference(node.body, parameter.name.text)) return;
      // `(e: unknown) =>` and `(e: any) =>` have the type they say; only an unannotated one takes the promise's.
      if (!parameter.type && context.checker && !isUnresolvedType(context.checker.getTypeAtLocation(parameter))) return;
      if (!ts.isIdentifier(parameter.name)) {
        context.report({ node: parameter.name, messageId: 'unsafeDestructuring' });
        return;
      }
      const unsafe = inspectBinding(context, parameter.name, node.body, true);
      if (unsafe.length === 0 || rejectsWithErrorsOnly(context, node)) return;
      // One finding per caught value: an `any` reason is reported once, where the fix goes (its annotation).
      if (parameter.type?.kind !== ts.SyntaxKind.UnknownKeyword) {
        const data = { name: parameter.name.text };
        context.report({
          node: parameter,
          messageId: 'rejectionParamNotUnknown',
          data,
          suggest: [{ messageId: 'annotateUnknown', data, edits: [annotateUnknown(context.sourceFile, node, parameter)] }],
        });
      } else {
        context.report(unsafe[0]!);
      }
    };
    return {
      CatchClause(node) {
        const declaration = node.variableDeclaration;
        if (!declaration) return;
        if (!ts.isIdentifier(declaration.name)) {
          context.report({ node: declaration.name, messageId: 'unsafeDestructuring' });
          return;
        }
        // Several unsafe reads of one caught value are one defect: reported once, at the first.
        const [first] = inspectBinding(context, declaration.name, node.block, true);
        // A try that runs only the project's code, which throws only Errors, hands the catch an Error.
        if (first && getThrowSummary(node.parent.tryBlock, context) !== 'errors-only') context.report(first);
      },
      ArrowFunction: checkRejectionCallback,
      FunctionExpression: checkRejectionCallback,
    };
  },
});

type Finding = Parameters<Context['report']>[0];

// load().catch((e) => ...), load().then(use, (e) => ...): the chain rejects with what its receiver's code
// throws, or its fulfilment handler's (walked with the receiver, as part of the same call).
function rejectsWithErrorsOnly(context: Context, callback: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const call = callback.parent;
  if (!ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const region = call.expression.name.text === 'then' && call.arguments[0] !== callback ? call.arguments[0] : undefined;
  const receiver = call.expression.expression;
  // `pending.catch(...)`: a promise made elsewhere may hold any rejection
  if (!ts.isCallExpression(receiver) && !ts.isNewExpression(receiver)) return false;
  if (getThrowSummary(receiver, context) !== 'errors-only') return false;
  return region === undefined || getThrowSummary(region, context) === 'errors-only';
}

/**
 * The unguarded property reads of one caught value (and of its aliases), in document order.
 * `ownTypes` is false for an alias made by a cast (`const err = e as AxiosError`): the alias's declared
 * type is the lie, so only the original's type (already found unsafe) counts.
 */
function inspectBinding(context: Context, binding: ts.Identifier, scope: ts.Node, ownTypes: boolean, viaCast = false): Finding[] {
  const { checker } = context;
  const references = findBindingReferences(binding, scope, checker);
  // A reassigned binding (`e = toError(e)`) may hold anything afterwards: leave it alone.
  if (references.some(isAssignmentTarget)) return [];
  const name = binding.text;
  const found: Finding[] = [];
  for (const reference of references) {
    const { outer, cast } = climbWrappers(reference);
    const parent = outer.parent;
    const access = (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === outer ? parent : undefined;
    const declaration = ts.isVariableDeclaration(parent) && parent.initializer === outer ? parent : undefined;
    if (!access && !declaration) continue;
    if (access && (isSafeOptionalRead(access) || fallsBackToRawValue(access, name) || isClassifyingRead(access) || isToStringCall(access))) continue;
    if (isNarrowedAt(reference, name, scope, checker)) continue;
    if (checker && ownTypes && !isUnresolvedType(checker.getTypeAtLocation(reference))) continue;
    if (access) {
      found.push({
        node: access,
        messageId: cast || viaCast ? 'unsafeCastAccess' : 'unsafeAccess',
        data: { name, property: propertyText(access) },
      });
    } else if (declaration && !ts.isIdentifier(declaration.name)) {
      found.push({ node: declaration.name, messageId: 'unsafeDestructuring' });
    } else if (declaration && ts.isIdentifier(declaration.name) && isConst(declaration)) {
      const aliasScope = ts.findAncestor(declaration, (node) => ts.isBlock(node) || ts.isSourceFile(node));
      if (aliasScope) found.push(...inspectBinding(context, declaration.name, aliasScope, ownTypes && !cast, viaCast || cast));
    }
  }
  return found.sort((a, b) => a.node.getStart() - b.node.getStart());
}

// Whether some `name` in `body` is read from (`name.x`, `name[k]`, through casts and parentheses) or copied
// into a variable (`const err = name`): the only uses inspectBinding reports or follows. By name, so a
// superset of the binding's references.
function mayDereference(body: ts.Node, name: string): boolean {
  const visit = (node: ts.Node): boolean => {
    if (ts.isIdentifier(node)) {
      if (node.text !== name) return false;
      const { outer } = climbWrappers(node);
      const parent = outer.parent;
      return (
        ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === outer) ||
        (ts.isVariableDeclaration(parent) && parent.initializer === outer)
      );
    }
    return ts.forEachChild(node, visit) ?? false;
  };
  return visit(body);
}

// `e?.code`, `e?.message?.trim()`, `typeof e?.message`: optional chaining already copes with a value that is
// not an object (a primitive's missing member reads as undefined). `e?.response.status` does not.
function isSafeOptionalRead(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
  if (!access.questionDotToken) return false;
  const parent = access.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === access) {
    return parent.questionDotToken !== undefined;
  }
  if (ts.isCallExpression(parent) && parent.expression === access) return parent.questionDotToken !== undefined;
  return true;
}

// `(err as Error).message || err`, `(e as Error).message ?? String(e)`: when the value is not an Error the read
// gives undefined and the expression renders the raw value itself, which is what a non-Error needs.
function fallsBackToRawValue(access: ts.PropertyAccessExpression | ts.ElementAccessExpression, name: string): boolean {
  let node: ts.Node = access;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (!ts.isBinaryExpression(parent) || parent.left !== node) return false;
  const operator = parent.operatorToken.kind;
  if (operator !== ts.SyntaxKind.BarBarToken && operator !== ts.SyntaxKind.QuestionQuestionToken) return false;
  let fallback = parent.right;
  while (ts.isParenthesizedExpression(fallback) || ts.isAsExpression(fallback)) fallback = fallback.expression;
  if (ts.isCallExpression(fallback) && ts.isIdentifier(fallback.expression) && fallback.expression.text === 'String' && fallback.arguments[0]) {
    fallback = fallback.arguments[0];
  }
  return ts.isIdentifier(fallback) && fallback.text === name;
}

// `err.code === 'ENOENT'`, `e.type !== 'LEADER_NOT_AVAILABLE'`, `switch (err.status) { case 404: ... }`,
// `['EEXIST', 'EPERM'].includes(err.code)`, `RETRIABLE_CODES.includes(e.type)`, `if (e.retriable)`,
// `e.retriable && ...`, `!e.retriable`: a read that classifies the value. A non-Error that is not an object has
// no such member, fails the test and takes the other path (usually the rethrow), as it should.
function isClassifyingRead(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
  let node: ts.Node = access;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === node;
  if (ts.isConditionalExpression(parent)) return parent.condition === node;
  if (ts.isPrefixUnaryExpression(parent)) return parent.operator === ts.SyntaxKind.ExclamationToken;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return parent.left === node;
    const equality =
      operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      operator === ts.SyntaxKind.EqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsToken;
    return equality && isCaseLiteral(parent.left === node ? parent.right : parent.left);
  }
  if (ts.isSwitchStatement(parent) && parent.expression === node) {
    return parent.caseBlock.clauses.every((clause) => ts.isDefaultClause(clause) || isCaseLiteral(clause.expression));
  }
  if (ts.isCallExpression(parent) && parent.arguments.length === 1 && parent.arguments[0] === node && ts.isPropertyAccessExpression(parent.expression)) {
    return parent.expression.name.text === 'includes' && isListOfLiterals(parent.expression.expression);
  }
  return false;
}

// `err.toString()` renders any value but `null` and `undefined`, as `String(err)` does.
function isToStringCall(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): boolean {
  const parent = access.parent;
  return (
    ts.isPropertyAccessExpression(access) &&
    access.name.text === 'toString' &&
    ts.isCallExpression(parent) &&
    parent.expression === access &&
    parent.arguments.length === 0
  );
}

// `['EEXIST', 'EPERM']`, or a const of the file initialised with one: `const RETRIABLE = ['LEADER_NOT_AVAILABLE']`.
function isListOfLiterals(expression: ts.Expression): boolean {
  let list = unwrapParentheses(expression);
  if (ts.isIdentifier(list)) {
    const declaration = findLocalDeclaration(list);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || !isConst(declaration)) return false;
    list = unwrapParentheses(declaration.initializer);
  }
  return ts.isArrayLiteralExpression(list) && list.elements.length > 0 && list.elements.every(isCaseLiteral);
}

function unwrapParentheses(node: ts.Expression): ts.Expression {
  let inner = node;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return inner;
}

function climbWrappers(reference: ts.Identifier): { outer: ts.Expression; cast: boolean } {
  let outer: ts.Expression = reference;
  let cast = false;
  for (;;) {
    const parent = outer.parent;
    if (ts.isAsExpression(parent) || ts.isTypeAssertionExpression(parent)) {
      cast = true;
    } else if (!ts.isParenthesizedExpression(parent) && !ts.isNonNullExpression(parent) && !ts.isSatisfiesExpression(parent)) {
      return { outer, cast };
    }
    outer = parent;
  }
}

function isAssignmentTarget(reference: ts.Identifier): boolean {
  const parent = reference.parent;
  if (ts.isBinaryExpression(parent) && parent.left === reference) return isAssignment(parent);
  return (
    (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
    (parent.operator === ts.SyntaxKind.PlusPlusToken || parent.operator === ts.SyntaxKind.MinusMinusToken)
  );
}

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}

function isAnyOrUnknownKeyword(type: ts.TypeNode): boolean {
  return type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword;
}

function propertyText(access: ts.PropertyAccessExpression | ts.ElementAccessExpression): string {
  if (ts.isPropertyAccessExpression(access)) return access.name.text;
  const argument = access.argumentExpression;
  return ts.isStringLiteralLike(argument) || ts.isNumericLiteral(argument) ? argument.text : '[…]';
}

function annotateUnknown(
  sourceFile: ts.SourceFile,
  callback: ts.ArrowFunction | ts.FunctionExpression,
  parameter: ts.ParameterDeclaration,
): { range: [number, number]; text: string } {
  if (parameter.type) return { range: [parameter.type.getStart(sourceFile), parameter.type.getEnd()], text: 'unknown' };
  const name = parameter.name.getText(sourceFile);
  const hasParens = callback.getChildren(sourceFile).some((child) => child.kind === ts.SyntaxKind.OpenParenToken);
  if (!hasParens) return { range: [parameter.getStart(sourceFile), parameter.getEnd()], text: `(${name}: unknown)` };
  const end = (parameter.questionToken ?? parameter.name).getEnd();
  return { range: [end, end], text: ': unknown' };
}
