import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import type { CheckContext } from './engine/types.js';
import type { LibraryModel } from './models/library-model.js';
import { isCertainlyNonErrorExpression } from './utils/is-certainly-non-error-expression.js';
import { isCertainlyNonErrorType } from './utils/is-certainly-non-error-type.js';
import { isHocuspocusCloseEvent } from './utils/is-hocuspocus-close-event.js';
import { isPromiseRejectCall } from './utils/is-promise-reject-call.js';
import { isRejectionCallback } from './utils/is-rejection-callback.js';
import { unwrapExpression } from './utils/unwrap-expression.js';

type Options = [
  {
    /**
     * Allow `Promise.reject()` and the executor's `reject()` without a reason.
     * @default false
     */
    allowEmptyReject?: boolean;
  },
];
type MessageIds = 'throwNonError' | 'rejectNonError' | 'wrapInError';
type Context = CheckContext<Options, MessageIds>;

export default createRule<Options, MessageIds>({
  name: 'no-throw-non-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require thrown values and rejection reasons to be Error objects',
      family: 'error-types',
      recommended: 'strict-type-checked',
      typeInformation: 'optional',
      precision: 'medium',
      cwe: ['CWE-754'],
      overlaps: { '@typescript-eslint/only-throw-error': 'off', '@typescript-eslint/prefer-promise-reject-errors': 'off' },
    },
    messages: {
      throwNonError:
        'This throws a value that is not an Error: it carries no stack trace, and handlers reading `.message` or checking `instanceof Error` get nothing. Throw an Error (or a subclass) instead.',
      rejectNonError:
        'This rejects with a reason that is not an Error: it carries no stack trace, and handlers reading `.message` or checking `instanceof Error` get nothing. Reject with an Error (or a subclass) instead.',
      wrapInError: 'Wrap the value in `new Error(...)`.',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          allowEmptyReject: {
            type: 'boolean',
            description: "Allow `Promise.reject()` and the executor's `reject()` without a reason.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowEmptyReject: false }],
  },
  check(context) {
    const [{ allowEmptyReject = false }] = context.options;
    return {
      ThrowStatement(node) {
        if (isNonError(context, node.expression)) reportValue(context, node.expression, 'throwNonError');
      },
      CallExpression(node) {
        if (!isPromiseRejectCall(node) && !isExecutorReject(node)) return;
        const [reason] = node.arguments;
        if (!reason) {
          if (!allowEmptyReject) context.report({ node, messageId: 'rejectNonError' });
          return;
        }
        if (ts.isSpreadElement(reason)) return;
        if (isNonError(context, reason)) reportValue(context, reason, 'rejectNonError');
      },
    };
  },
});

const ERROR_CLASS_NAME = /(?:Error|Exception)$/u;

function isNonError(context: Context, expression: ts.Expression): boolean {
  if (isHocuspocusCloseEvent(expression, context.checker)) return false;
  if (isCertainlyNonErrorExpression(expression)) return true;
  const { checker } = context;
  if (!checker) return false;
  const inner = unwrapExpression(expression);
  if (ts.isIdentifier(inner) && isCaughtBinding(checker, inner, context.project.models)) return false;
  // `new Error(...)`, `new HttpError(...)`: an error by name; resolving the constructor would make
  // the checker check every argument of every throw in the program.
  if (ts.isNewExpression(inner) && ts.isIdentifier(inner.expression) && ERROR_CLASS_NAME.test(inner.expression.text)) return false;
  return isCertainlyNonErrorType(checker, checker.getTypeAtLocation(inner));
}

function reportValue(context: Context, value: ts.Expression, messageId: 'throwNonError' | 'rejectNonError'): void {
  const inner = unwrapExpression(value);
  const isText =
    ts.isStringLiteralLike(inner) || ts.isTemplateExpression(inner) || (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken);
  const text = inner.getText(context.sourceFile);
  context.report({
    node: value,
    messageId,
    ...(isText && {
      suggest: [
        {
          messageId: 'wrapInError' as const,
          edits: [{ range: [value.getStart(context.sourceFile), value.getEnd()] as const, text: `new Error(${text})` }],
        },
      ],
    }),
  });
}

// `throw err` of the value a catch clause or a rejection callback received is a rethrow: whatever it is,
// this code did not create it.
function isCaughtBinding(checker: ts.TypeChecker, identifier: ts.Identifier, models: readonly LibraryModel[]): boolean {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  if (!declaration) return false;
  if (ts.isVariableDeclaration(declaration) && ts.isCatchClause(declaration.parent)) return true;
  return ts.isParameter(declaration) && declaration.parent.parameters[0] === declaration && isRejectionCallback(declaration.parent, models);
}

// new Promise((resolve, reject) => { ... reject(reason) ... }), also from callbacks nested in the executor.
function isExecutorReject(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isIdentifier(callee)) return false;
  const name = callee.text;
  for (let node: ts.Node | undefined = call.parent; node; node = node.parent) {
    if (!ts.isFunctionLike(node)) continue;
    const index = node.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name);
    if (index === -1) continue;
    const creation = node.parent;
    return (
      index === 1 &&
      ts.isNewExpression(creation) &&
      creation.arguments?.[0] === node &&
      ts.isIdentifier(creation.expression) &&
      creation.expression.text === 'Promise'
    );
  }
  return false;
}
