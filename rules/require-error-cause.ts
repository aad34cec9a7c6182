import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import type { CheckContext, SuggestionReport, TextEdit } from './engine/types.js';
import { findLocalDeclaration } from './utils/find-local-declaration.js';
import { getEnclosingCatch } from './utils/get-enclosing-catch.js';
import { getThrowSummary } from './utils/get-throw-summary.js';
import { isPromiseRejectCall } from './utils/is-promise-reject-call.js';
import { isErrorLikeType } from './utils/is-error-like-type.js';
import { unwrapExpression } from './utils/unwrap-expression.js';
import { forEachDescendant } from './utils/for-each-descendant.js';
import { resolveProjectClass } from './utils/resolve-project-class.js';
import { whereWordIsWritten } from './utils/where-word-is-written.js';

type Options = [
  {
    /**
     * Also report a catch clause or rejection callback without a parameter (`catch { throw new Error() }`):
     * the caught error is discarded before it could be kept.
     * @default false
     */
    requireCatchParameter?: boolean;
    /**
     * Error classes that may be thrown from a catch without the caught error, e.g. errors that map internal
     * failures to a public response on purpose (`['HttpError', 'NotFoundError']`).
     * @default []
     */
    allowedConstructors?: string[];
  },
];
type MessageIds =
  'missingCause' | 'partialCause' | 'unrelatedCause' | 'destructuredCatch' | 'missingCatchBinding' | 'lossyWrapper' | 'addCause' | 'useCaughtError';
type Context = CheckContext<Options, MessageIds>;

// Built-in constructors whose options bag takes `cause` (ES2022).
const BUILTIN_ERRORS = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError']);

// Constructor parameters through which a custom error can receive what it wraps: named for it, or named as
// an error (`chainedError`, `innerErr`, `sourceException`).
const CAUSE_PARAMETER = /cause|options|opts|init|inner|original|(?:error|err|exception)$/iu;

// Instance fields a constructor keeps what it wraps in: `this.cause = cause`, `this.originalError = error`,
// `this.chainedError = chainedError`.
const CAUSE_PROPERTY = /^(?:cause|inner|original|wrapped|chained)$|(?:error|err|exception)$/iu;

/**
 * What the thrown constructor can do with a cause: built-in errors and custom errors that inherit Error's
 * constructor take an options bag (`builtin`, `inherits`), as does a custom constructor that destructures
 * `cause` from one (`options`: `constructor(message, { retriable, cause } = {})`); a custom constructor may
 * take what it wraps at `causeIndex` (`accepts`) or have nowhere to put it (`rejects`: `new NotFoundError(id)`).
 */
interface Capability {
  kind: 'builtin' | 'inherits' | 'options' | 'accepts' | 'rejects';
  /** The argument that carries the cause (an options bag or the wrapped error). */
  causeIndex: number;
}

export default createRule<Options, MessageIds>({
  name: 'require-error-cause',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require errors thrown from a catch to keep the caught error as their cause',
      family: 'error-types',
      recommended: 'strict-type-checked',
      typeInformation: 'optional',
      precision: 'low',
      cwe: ['CWE-755'],
      overlaps: { 'preserve-caught-error': 'off' },
    },
    messages: {
      missingCause: 'This error replaces the caught `{{name}}` without keeping it: its message, stack and code are lost. Pass it as `{ cause: {{name}} }`.',
      partialCause: 'The cause should be the caught error itself, not `{{text}}`: the stack and the rest of `{{name}}` are lost.',
      unrelatedCause: 'The cause is not the caught error `{{name}}`: the failure that led here is lost.',
      destructuredCatch: 'The catch destructures the caught error, so this new error cannot keep it as its cause. Bind the whole error and pass it as `cause`.',
      missingCatchBinding: 'The catch discards the caught error before this new error is thrown. Bind it and pass it as `cause`.',
      lossyWrapper:
        '`{{className}}` has no place for a cause, so only the details copied from the caught `{{name}}` survive: its stack, code and own cause are lost. Give `{{className}}` an options parameter passed on to `super(message, options)` and pass `{ cause: {{name}} }`.',
      addCause: 'Add `{ cause: {{name}} }`.',
      useCaughtError: 'Use `{{name}}` itself as the cause.',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          requireCatchParameter: {
            type: 'boolean',
            description: 'Also report a catch clause or rejection callback without a parameter that throws a new error.',
          },
          allowedConstructors: {
            type: 'array',
            items: { type: 'string' },
            description: 'Error classes that may be thrown from a catch without the caught error.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ requireCatchParameter: false, allowedConstructors: [] }],
  },
  check(context) {
    const [{ requireCatchParameter = false, allowedConstructors = [] }] = context.options;
    const allowed = new Set(allowedConstructors);
    const reported = new Set<ts.Node>();
    // `throw new X()` and `return Promise.reject(new X())` end the catch's flow the same way; so does
    // `const error = new X(...); log(error.message); throw error`.
    const checkReplacement = (site: ts.Node, value: ts.Expression): void => {
      let created = unwrapExpression(value);
      const variable = ts.isIdentifier(created) ? getConstInitializedDeclaration(created) : undefined;
      if (variable) created = unwrapExpression(variable.initializer!);
      if (!ts.isNewExpression(created) && !ts.isCallExpression(created)) return;
      const className = getClassName(created);
      if (className === undefined || allowed.has(className) || reported.has(created)) return;
      const enclosing = getEnclosingCatch(site, context.project.models);
      if (!enclosing) return;
      const { binding } = enclosing;
      // What the constructor takes is asked last (types may be needed): first what syntax alone rules out.
      if (!binding && !requireCatchParameter) return;
      if (variable && !contains(enclosing.owner, variable)) return;
      const name = binding && ts.isIdentifier(binding) ? binding.text : undefined;
      // catch (_) { throw new ConfigError(`invalid offset ${offset}`) }: a binding named as unused says the caught
      // error does not matter to the new one, like `catch {}`.
      if (name?.startsWith('_') && !readsCaught(created, name) && !requireCatchParameter) return;
      if (name !== undefined && (created.arguments?.some(ts.isSpreadElement) || isTranslationOfIdentifiedError(site, name, enclosing.owner))) return;
      if (variable && name !== undefined && isGivenCaughtLater(variable, name, enclosing.owner)) return;
      const capability = getCapability(context, created, name);
      if (!capability) return;
      if (name !== undefined && omitsCause(created, capability) && wrapsPlatformErrorText(context, created, name, enclosing.owner)) return;
      reported.add(created);
      if (capability.kind === 'rejects') {
        // A class with no place for a cause that copies the caught error's details into its message is a lossy
        // wrapper; a domain translation that uses nothing of the caught error (`new NotFoundError(id)`) is fine.
        if (name !== undefined && created.arguments?.some((argument) => readsCaught(argument, name))) {
          context.report({ node: created, messageId: 'lossyWrapper', data: { name, className } });
        }
        return;
      }
      if (!binding) {
        reportMissingBinding(context, created, enclosing.owner, capability);
        return;
      }
      if (name === undefined) {
        context.report({ node: created, messageId: 'destructuredCatch' });
        return;
      }
      checkCreatedError(context, created, name, capability);
    };
    return {
      ThrowStatement(node) {
        checkReplacement(node, node.expression);
      },
      CallExpression(node) {
        const [reason] = node.arguments;
        if (reason && isPromiseRejectCall(node)) checkReplacement(node, reason);
      },
    };
  },
});

// catch (err) { throw new ConfigError(`cannot read ${path}: ${err}`); }, where the try only runs the language's
// and Node's own code (`fs.readFileSync`, `JSON.parse`, `new URL`): their errors say everything in their text
// (code, path, position), which the message keeps; their stacks point into Node. A project's or a package's
// error (its code, status, fields) or `fetch`'s (the reason is in its own cause) is still reported.
function wrapsPlatformErrorText(context: Context, created: ts.NewExpression | ts.CallExpression, name: string, owner: ts.Node): boolean {
  const message = created.arguments?.[0];
  if (!message || !readsCaught(message, name)) return false;
  if (!ts.isCatchClause(owner)) return false;
  return getThrowSummary(owner.parent.tryBlock, { checker: context.checker, program: context.program, platformOnly: true }) === 'errors-only';
}

// No cause is given where the constructor takes it: no argument there, or an options object without `cause`.
function omitsCause(created: ts.NewExpression | ts.CallExpression, capability: Capability): boolean {
  const carrier = created.arguments?.[capability.causeIndex];
  if (!carrier) return true;
  const inner = unwrapExpression(carrier);
  return (
    capability.kind !== 'accepts' &&
    ts.isObjectLiteralExpression(inner) &&
    !inner.properties.some(
      (property) => ts.isSpreadAssignment(property) || (property.name !== undefined && ts.isIdentifier(property.name) && property.name.text === 'cause'),
    )
  );
}

function checkCreatedError(context: Context, created: ts.NewExpression | ts.CallExpression, name: string, capability: Capability): void {
  const args = created.arguments ?? ts.factory.createNodeArray<ts.Expression>();
  const data = { name };
  const takesOptionsBag = capability.kind !== 'accepts';
  // A custom constructor (or AggregateError's list) that gets the caught error as an argument keeps it.
  if ((!takesOptionsBag || isAggregateError(created)) && args.some((argument) => passesValue(argument, name))) return;
  const carrier = args[capability.causeIndex];
  if (carrier && ts.isObjectLiteralExpression(carrier)) {
    if (carrier.properties.some(ts.isSpreadAssignment)) return;
    const cause = carrier.properties.find((property) => property.name && ts.isIdentifier(property.name) && property.name.text === 'cause');
    if (cause) {
      checkCauseValue(context, cause, name);
      return;
    }
  } else if (carrier && !isNothing(carrier)) {
    const inner = unwrapExpression(carrier);
    if (takesOptionsBag && ts.isIdentifier(inner) && inner.text === name) {
      // `new Error(msg, err)`: Error reads `err.cause`, not `err`.
      const edits = [{ range: [carrier.getStart(context.sourceFile), carrier.getEnd()] as const, text: `{ cause: ${name} }` }];
      context.report({ node: created, messageId: 'missingCause', data, suggest: [{ messageId: 'addCause', data, edits }] });
    }
    // Otherwise a value built elsewhere: it may well carry the cause.
    return;
  }
  const edits = takesOptionsBag ? addCauseEdits(context.sourceFile, created, name, capability.causeIndex) : undefined;
  context.report({
    node: created,
    messageId: 'missingCause',
    data,
    ...(edits && { suggest: [{ messageId: 'addCause', data, edits }] }),
  });
}

/**
 * A throw that only runs once the caught error was identified by a member compared with a literal translates
 * that one known case, and its message says which: `if (err.code === 'ENOENT') throw new NotFoundError(...)`,
 * `switch (err.status) { case 404: throw ... }`, `const code = err.code; if (code === 'EEXIST') throw ...`.
 */
function isTranslationOfIdentifiedError(node: ts.Node, name: string, owner: ts.Node): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent && child !== owner; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child === parent.thenStatement && comparesMemberWithLiteral(parent.expression, name)) return true;
    if (ts.isCaseClause(parent) && isLiteral(parent.expression)) {
      const switchStatement = parent.parent.parent;
      if (ts.isSwitchStatement(switchStatement) && isMemberOf(switchStatement.expression, name)) return true;
    }
  }
  return false;
}

function comparesMemberWithLiteral(condition: ts.Expression, name: string): boolean {
  const node = unwrapExpression(condition);
  if (!ts.isBinaryExpression(node)) return false;
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
    return comparesMemberWithLiteral(node.left, name) || comparesMemberWithLiteral(node.right, name);
  }
  if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return false;
  return (isLiteral(node.left) && isMemberOf(node.right, name)) || (isLiteral(node.right) && isMemberOf(node.left, name));
}

// `err.code`, `err?.response?.status`, `(err as X).code`, or a local initialised from one of them.
function isMemberOf(expression: ts.Expression, name: string): boolean {
  const node = unwrapExpression(expression);
  if (ts.isIdentifier(node)) {
    if (node.text === name) return false;
    const declaration = findLocalDeclaration(node);
    return (
      declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && isMemberOf(declaration.initializer, name)
    );
  }
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return false;
  const base = unwrapExpression(node.expression);
  return (ts.isIdentifier(base) && base.text === name) || isMemberOf(base, name);
}

// `'ENOENT'`, `404`, or a named constant (`JwtErrorCode.INVALID_ARGUMENT`, `PrismaError.UNIQUE_VIOLATION`).
function isLiteral(expression: ts.Expression): boolean {
  const node = unwrapExpression(expression);
  return (
    ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || (ts.isPropertyAccessExpression(node) && /^[A-Z][A-Z\d]*(?:_[A-Z\d]+)*$/u.test(node.name.text))
  );
}

function isNothing(expression: ts.Expression): boolean {
  const inner = unwrapExpression(expression);
  return inner.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(inner) && inner.text === 'undefined');
}

function checkCauseValue(context: Context, property: ts.ObjectLiteralElementLike, name: string): void {
  const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
  if (!value || passesValue(value, name)) return;
  const inner = unwrapExpression(value);
  if (mentions(inner, name)) {
    // `cause: err.message`: a part of the error, not the error.
    const suggest: SuggestionReport<MessageIds>[] = ts.isPropertyAssignment(property)
      ? [{ messageId: 'useCaughtError', data: { name }, edits: [{ range: [value.getStart(context.sourceFile), value.getEnd()], text: name }] }]
      : [];
    context.report({ node: value, messageId: 'partialCause', data: { name, text: value.getText(context.sourceFile) }, suggest });
    return;
  }
  if (isCertainlyUnrelated(inner, name)) context.report({ node: value, messageId: 'unrelatedCause', data: { name } });
}

// `cause: new Error('other')`, `cause: 'timeout'`, or a local initialised that way; a value from elsewhere may
// be the caught error under another name (`const cause = normalise(err)`), so it is left alone.
function isCertainlyUnrelated(value: ts.Expression, name: string): boolean {
  let current = value;
  if (ts.isIdentifier(current)) {
    const declaration = findLocalDeclaration(current);
    if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
    current = unwrapExpression(declaration.initializer);
  }
  if (mentions(current, name)) return false;
  return ts.isNewExpression(current) || ts.isStringLiteralLike(current) || ts.isTemplateExpression(current) || ts.isObjectLiteralExpression(current);
}

function reportMissingBinding(
  context: Context,
  created: ts.NewExpression | ts.CallExpression,
  owner: ts.CatchClause | ts.ArrowFunction | ts.FunctionExpression,
  capability: Capability,
): void {
  const { sourceFile } = context;
  const name = /\berror\b/u.test(owner.getText(sourceFile)) ? 'caughtError' : 'error';
  const bindingEdit = addBindingEdit(sourceFile, owner, name);
  const causeEdits = capability.kind === 'accepts' ? undefined : addCauseEdits(sourceFile, created, name, capability.causeIndex);
  const data = { name };
  context.report({
    node: created,
    messageId: 'missingCatchBinding',
    ...(bindingEdit && causeEdits && { suggest: [{ messageId: 'addCause', data, edits: [bindingEdit, ...causeEdits] }] }),
  });
}

function addBindingEdit(sourceFile: ts.SourceFile, owner: ts.CatchClause | ts.ArrowFunction | ts.FunctionExpression, name: string): TextEdit | undefined {
  if (ts.isCatchClause(owner)) {
    const keywordEnd = owner.getStart(sourceFile) + 'catch'.length;
    return { range: [keywordEnd, keywordEnd], text: ` (${name})` };
  }
  const open = owner.getChildren(sourceFile).find((child) => child.kind === ts.SyntaxKind.OpenParenToken);
  return open ? { range: [open.getEnd(), open.getEnd()], text: name } : undefined;
}

function addCauseEdits(sourceFile: ts.SourceFile, created: ts.NewExpression | ts.CallExpression, name: string, optionsIndex: number): TextEdit[] | undefined {
  const cause = `{ cause: ${name} }`;
  const args = created.arguments;
  if (!args) return [{ range: [created.getEnd(), created.getEnd()], text: `(undefined, ${cause})` }];
  const options = args[optionsIndex];
  if (options && ts.isObjectLiteralExpression(options)) {
    const last = options.properties.at(-1);
    if (!last) return [{ range: [options.getStart(sourceFile), options.getEnd()], text: cause }];
    return [{ range: [last.getEnd(), last.getEnd()], text: `, cause: ${name}` }];
  }
  if (args.length === optionsIndex) {
    const last = args.at(-1);
    if (last) return [{ range: [last.getEnd(), last.getEnd()], text: `, ${cause}` }];
  }
  if (args.length === 0 && optionsIndex === 1) {
    const closing = created.getEnd() - 1;
    return [{ range: [closing, closing], text: `undefined, ${cause}` }];
  }
  return undefined;
}

// `caught` is the catch's binding, when it is a plain name.
function getCapability(context: Context, created: ts.NewExpression | ts.CallExpression, caught: string | undefined): Capability | undefined {
  const callee = created.expression;
  if (ts.isIdentifier(callee) && BUILTIN_ERRORS.has(callee.text)) return { kind: 'builtin', causeIndex: isAggregateError(created) ? 2 : 1 };
  if (!ts.isNewExpression(created)) return undefined;
  const own = ts.isIdentifier(callee) ? findClass(context.sourceFile, callee.text) : undefined;
  const local = own && getDeclaredCapability(context, own, 0);
  if (local) return local;
  // A constructor either rejects a cause or accepts what it wraps as an argument, so one that is given the
  // caught error (`new UpstreamError('failed', { cause: err })`, `new DbError(err)`) keeps it whichever it
  // does: resolving the class elsewhere, or the signature, the costliest query of the rule, cannot change that.
  if (caught !== undefined && created.arguments?.some((argument) => passesValue(argument, caught))) return undefined;
  // A class of another module of the project is read as one of the file: `const { SaslError } = require('./errors')`.
  const declared = own ? undefined : resolveProjectClass(callee, context);
  if (declared) return isErrorClassChain(context, declared, 0) ? getDeclaredCapability(context, declared, 0) : undefined;
  return context.checker ? getSignatureCapability(context.checker, created) : undefined;
}

// What a declared error class does with a cause: its own constructors' parameters and body, or, when it has
// none or one that hands every argument on (`constructor() { super(...arguments) }`), its base class's.
function getDeclaredCapability(context: Context, declaration: ts.ClassLikeDeclaration, depth: number): Capability | undefined {
  if (depth > 5) return undefined;
  const base = getBaseClass(declaration);
  if (!base) return undefined;
  // Every constructor signature (overloads, `declare class`) says what the class can take.
  const constructors = declaration.members.filter(ts.isConstructorDeclaration).filter((constructor) => !forwardsEveryArgument(constructor));
  if (constructors.length > 0) {
    for (const constructor of constructors) {
      const capability = getConstructorCapability(constructor);
      if (capability) return capability;
    }
    return { kind: 'rejects', causeIndex: -1 };
  }
  if (ts.isIdentifier(base) && BUILTIN_ERRORS.has(base.text)) return { kind: 'inherits', causeIndex: base.text === 'AggregateError' ? 2 : 1 };
  const next =
    ts.isIdentifier(base) && findClass(context.sourceFile, base.text) ? findClass(context.sourceFile, base.text) : resolveProjectClass(base, context);
  return next && getDeclaredCapability(context, next, depth + 1);
}

// The parameter through which a constructor can receive what it wraps:
//   constructor(message: string, cause?: unknown)                 accepts at 1 (named like a cause)
//   constructor(e, { retriable = true, cause } = {})               options at 1 (destructures `cause`)
//   constructor(message, details) { super(message, { cause: details }) }      accepts at 1 (handed to super)
//   constructor(message, extra) { super(message); this.originalError = extra }  accepts at 1 (stored)
function getConstructorCapability(constructor: ts.ConstructorDeclaration): Capability | undefined {
  const { parameters } = constructor;
  for (const [index, parameter] of parameters.entries()) {
    if (ts.isIdentifier(parameter.name)) {
      if (CAUSE_PARAMETER.test(parameter.name.text)) return { kind: 'accepts', causeIndex: index };
    } else if (ts.isObjectBindingPattern(parameter.name) && parameter.name.elements.some(isCauseElement)) {
      return { kind: 'options', causeIndex: index };
    } else if (/\bcause\b/u.test(parameter.name.getText(constructor.getSourceFile()))) {
      return { kind: 'accepts', causeIndex: index };
    }
  }
  const body = constructor.body;
  if (!body) return undefined;
  let found: Capability | undefined;
  // The parameter (or the options parameter an element was destructured from, or whose member is read:
  // `cause: info.cause`) a value comes from.
  const fromParameter = (value: ts.Expression): Capability | undefined => {
    const inner = unwrapExpression(value);
    if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'cause') {
      const base = unwrapExpression(inner.expression);
      const found = ts.isIdentifier(base) ? fromParameter(base) : undefined;
      return found && { kind: 'options', causeIndex: found.causeIndex };
    }
    if (!ts.isIdentifier(inner)) return undefined;
    const declaration = findLocalDeclaration(inner);
    if (!declaration) return undefined;
    const parameter = ts.isParameter(declaration) ? declaration : ts.findAncestor(declaration, ts.isParameter);
    const index = parameter ? parameters.indexOf(parameter) : -1;
    if (index === -1) return undefined;
    return { kind: ts.isParameter(declaration) ? 'accepts' : 'options', causeIndex: index };
  };
  forEachDescendant(body, (node) => {
    if (found) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
      for (const argument of node.arguments) {
        const options = unwrapExpression(argument);
        if (!ts.isObjectLiteralExpression(options)) continue;
        for (const property of options.properties) {
          if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'cause')
            found = fromParameter(property.initializer);
          else if (ts.isShorthandPropertyAssignment(property) && property.name.text === 'cause') found = fromParameter(property.name);
          if (found) return;
        }
      }
    }
    // this.cause = cause; this.originalError = error
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left;
      if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword && CAUSE_PROPERTY.test(target.name.text)) {
        found = fromParameter(node.right);
      }
    }
  });
  return found;
}

function isCauseElement(element: ts.BindingElement): boolean {
  const key = element.propertyName ?? element.name;
  return ts.isIdentifier(key) && key.text === 'cause';
}

// constructor() { super(...arguments) }, constructor(...args) { super(...args) }: the base class's constructor.
function forwardsEveryArgument(constructor: ts.ConstructorDeclaration): boolean {
  const { parameters, body } = constructor;
  if (!body) return false;
  const rest = parameters.length === 1 && parameters[0]!.dotDotDotToken && ts.isIdentifier(parameters[0]!.name) ? parameters[0]!.name.text : undefined;
  if (parameters.length > 0 && rest === undefined) return false;
  const forwarded = rest ?? 'arguments';
  return body.statements.some((statement) => {
    if (!ts.isExpressionStatement(statement)) return false;
    const call = unwrapExpression(statement.expression);
    if (!ts.isCallExpression(call) || call.expression.kind !== ts.SyntaxKind.SuperKeyword || call.arguments.length !== 1) return false;
    const [argument] = call.arguments;
    return ts.isSpreadElement(argument!) && ts.isIdentifier(argument.expression) && argument.expression.text === forwarded;
  });
}

function getBaseClass(declaration: ts.ClassLikeDeclaration): ts.Expression | undefined {
  const base = declaration.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!base) return undefined;
  const value = unwrapExpression(base);
  return ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) ? value : undefined;
}

// A class of another module is an error class when its `extends` chain reaches a built-in error, or a class
// out of reach named like one (`extends AnthropicError` of a package).
function isErrorClassChain(context: Context, declaration: ts.ClassLikeDeclaration, depth: number): boolean {
  const base = getBaseClass(declaration);
  if (!base || depth > 8) return false;
  const name = ts.isIdentifier(base) ? base.text : (base as ts.PropertyAccessExpression).name.text;
  if (ts.isIdentifier(base) && BUILTIN_ERRORS.has(name)) return true;
  const next = resolveProjectClass(base, context);
  return next ? isErrorClassChain(context, next, depth + 1) : /(?:Error|Exception)$/u.test(name);
}

const classesByFile = new WeakMap<ts.SourceFile, Map<string, ts.ClassDeclaration | undefined>>();

function findClass(sourceFile: ts.SourceFile, name: string): ts.ClassDeclaration | undefined {
  let classes = classesByFile.get(sourceFile);
  if (!classes) {
    classes = new Map();
    classesByFile.set(sourceFile, classes);
  }
  if (classes.has(name)) return classes.get(name);
  let found: ts.ClassDeclaration | undefined;
  // Only down the paths to where the name is written: the first declaration in document order.
  const within = whereWordIsWritten(sourceFile, name);
  if (within) {
    const visit = (node: ts.Node): boolean | undefined => {
      if (found || !within(node)) return false;
      if (ts.isClassDeclaration(node) && node.name?.text === name) found = node;
      return undefined;
    };
    forEachDescendant(sourceFile, visit, { crossFunctions: true });
  }
  classes.set(name, found);
  return found;
}

// `new SyncError()`, `errors.SyncError()`: the class a replacement names (the whole chain comes from a module).
function getClassName(created: ts.NewExpression | ts.CallExpression): string | undefined {
  const callee = created.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isNewExpression(created) && ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return callee.name.text;
  return undefined;
}

// `const error = new SaslError(...)` (or a call), when `error` is a const of the file.
function getConstInitializedDeclaration(identifier: ts.Identifier): ts.VariableDeclaration | undefined {
  const declaration = findLocalDeclaration(identifier);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!ts.isVariableDeclarationList(declaration.parent) || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return undefined;
  const initializer = unwrapExpression(declaration.initializer);
  return ts.isNewExpression(initializer) || ts.isCallExpression(initializer) ? declaration : undefined;
}

function contains(outer: ts.Node, inner: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end;
}

// const error = new SaslError(msg); error.cause = err; Object.assign(error, { cause: err }); throw error
function isGivenCaughtLater(variable: ts.VariableDeclaration, caught: string, owner: ts.Node): boolean {
  const name = (variable.name as ts.Identifier).text;
  const isVariable = (node: ts.Expression): boolean => {
    const inner = unwrapExpression(node);
    return ts.isIdentifier(inner) && inner.text === name;
  };
  let given = false;
  forEachDescendant(owner, (node) => {
    if (given) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = node.left;
      if ((ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) && isVariable(target.expression) && readsCaught(node.right, caught)) {
        given = true;
      }
    } else if (ts.isCallExpression(node) && node.arguments.some(isVariable) && node.arguments.some((argument) => passesValue(argument, caught))) {
      given = true;
    }
  });
  return given;
}

// An error class from another module: its resolved constructor's parameter names say whether it can wrap.
function getSignatureCapability(checker: ts.TypeChecker, created: ts.NewExpression): Capability | undefined {
  const only = getOnlyConstructSignature(checker, created);
  const signature = only ?? checker.getResolvedSignature(created);
  const declaration = signature?.getDeclaration();
  if (!signature || !declaration) return undefined;
  const instance = only ? only.getReturnType() : checker.getTypeAtLocation(created);
  if (!isErrorLikeType(checker, instance)) return undefined;
  const causeIndex = signature.parameters.findIndex((parameter) => CAUSE_PARAMETER.test(parameter.name));
  return causeIndex === -1 ? { kind: 'rejects', causeIndex } : { kind: 'accepts', causeIndex };
}

// The signature `new X(...)` resolves to whatever its arguments, when the class has just one, not generic, and
// may be called from anywhere: `class UpstreamError extends Error { constructor(message: string, options?: ErrorOptions) }`,
// or the one it inherits. Resolving the call would type every argument first, the costly part, to pick the same.
// Undefined for overloads, generic, abstract or non-public constructors, and callees that are no class.
function getOnlyConstructSignature(checker: ts.TypeChecker, created: ts.NewExpression): ts.Signature | undefined {
  let symbol = checker.getSymbolAtLocation(created.expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!symbol || !declaration || !ts.isClassDeclaration(declaration) || declaration.typeParameters) return undefined;
  if (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Abstract) return undefined;
  // The callee's type, not the symbol's: a type-only import types as an error here, and resolves to nothing.
  const constructorType = checker.getTypeAtLocation(created.expression);
  if (constructorType.getSymbol() !== symbol) return undefined;
  const signatures = constructorType.getConstructSignatures();
  const only = signatures.length === 1 ? signatures[0] : undefined;
  if (!only || only.getTypeParameters()?.length) return undefined;
  const constructor = only.getDeclaration() as ts.SignatureDeclaration | undefined;
  if (constructor && ts.getCombinedModifierFlags(constructor) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return undefined;
  return only;
}

function isAggregateError(created: ts.NewExpression | ts.CallExpression): boolean {
  return ts.isIdentifier(created.expression) && created.expression.text === 'AggregateError';
}

// The caught value itself flows into `expression`: `err`, `toError(err)`, `err instanceof Error ? err : x`,
// `[err]`. Not `err.message`, `${err}`, `'x' + err` or `String(err)`: those keep text, not the error.
// Whether an argument reads the caught value at all: `${err.message}`, `String(err)`, `err.code`.
function readsCaught(expression: ts.Node, name: string): boolean {
  if (ts.isIdentifier(expression)) return expression.text === name && !isPropertyName(expression);
  return ts.forEachChild(expression, (child) => (readsCaught(child, name) ? true : undefined)) ?? false;
}

function isPropertyName(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  return (ts.isPropertyAccessExpression(parent) && parent.name === identifier) || (ts.isPropertyAssignment(parent) && parent.name === identifier);
}

function passesValue(expression: ts.Node, name: string): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isTemplateExpression(node) || ts.isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'String') return;
    if (ts.isIdentifier(node) && node.text === name && isWholeValue(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

function isWholeValue(identifier: ts.Identifier): boolean {
  let outer: ts.Node = identifier;
  while (
    ts.isParenthesizedExpression(outer.parent) ||
    ts.isAsExpression(outer.parent) ||
    ts.isNonNullExpression(outer.parent) ||
    ts.isTypeAssertionExpression(outer.parent)
  ) {
    outer = outer.parent;
  }
  const parent = outer.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === outer) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === identifier) return false;
  if (ts.isPropertyAssignment(parent) && parent.name === identifier) return false;
  return true;
}

function mentions(expression: ts.Node, name: string): boolean {
  if (ts.isIdentifier(expression)) return expression.text === name;
  return ts.forEachChild(expression, (child) => mentions(child, name) || undefined) ?? false;
}
