import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import { collectExpressReceivers } from './utils/collect-express-receivers.js';
import { findLocalDeclaration } from './utils/find-local-declaration.js';
import { getAccessPath } from './utils/get-access-path.js';
import type { LibraryModel } from './models/library-model.js';
import { getHandlerRegistration } from './utils/get-handler-registration.js';
import { getRejectionSummary } from './utils/get-rejection-summary.js';
import { getMajorVersion } from './utils/get-major-version.js';
import { hasErrorBoundary } from './utils/has-error-boundary.js';
import { isPromiseExpression } from './utils/is-promise-expression.js';
import { isThenableType } from './utils/is-thenable-type.js';
import { isUnresolvedType } from './utils/is-unresolved-type.js';
import { returnsValue } from './utils/returns-value.js';
import { unwrapExpression } from './utils/unwrap-expression.js';
import { findFunctionDeclaration } from './utils/find-function-declaration.js';
import { forEachDescendant } from './utils/for-each-descendant.js';
import { isAsyncFunction } from './utils/is-async-function.js';

type Options = [];
type MessageIds = 'droppedPromise' | 'express4Handler' | 'asyncExecutor';

const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'process.nextTick']);
const EXPRESS_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'options', 'head', 'param']);

/** An API that calls a function and drops what it returns, with the arguments that are such callbacks. */
interface Sink {
  api: string;
  callbacks: readonly ts.Expression[];
  /** Registered on an object whose package may await its handlers after all: its origin decides. */
  byReceiver?: boolean;
}

type AsyncFunctionNode = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

/** The file under check and what the rule asks of the checker about it. */
interface Scope {
  sourceFile: ts.SourceFile;
  checker: ts.TypeChecker | undefined;
  models: readonly LibraryModel[];
  isPromise: (expression: ts.Expression) => boolean;
  cannotReject: (expression: ts.Expression) => boolean;
}

export default createRule<Options, MessageIds>({
  name: 'no-unsafe-async-callback',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow async callbacks handed to APIs that drop the returned promise without an error boundary',
      family: 'error-handling',
      recommended: 'strict-type-checked',
      typeInformation: 'optional',
      precision: 'medium',
      cwe: ['CWE-248', 'CWE-755'],
      overlaps: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }] },
    },
    messages: {
      droppedPromise:
        '{{api}} ignores the promise this callback returns: a rejection inside it becomes an unhandled rejection (by default Node exits). Catch errors inside the callback.',
      express4Handler:
        'Express 4 ignores the promise this handler returns: a rejection leaves the request hanging and becomes an unhandled rejection. Catch and call `next(error)`, wrap the handler, or move to Express 5.',
      asyncExecutor:
        'An async Promise executor loses its own rejections: a throw after an `await` never rejects the new promise. Make the executor synchronous, or drop `new Promise` and use an async function.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const { sourceFile, checker } = context;
    const { dependencies, models } = context.project;
    // express-async-errors is imported once at the entry point, so as a dependency it patches every router.
    const expressMajor = dependencies['express-async-errors'] || dependencies['@root/async-errors'] ? undefined : getMajorVersion(dependencies.express);
    const scope: Scope = {
      sourceFile,
      checker,
      models,
      isPromise: (expression) => isPromiseExpression(expression, sourceFile, checker, models),
      // `await refresh()` where refresh's own code catches everything cannot reject the callback.
      cannotReject: (expression) =>
        getRejectionSummary(expression, checker, (value) => isPromiseExpression(value, value.getSourceFile(), checker, models), context.program) ===
        'cannot-reject',
    };

    // A named function already reported: registering it again (SIGINT, SIGQUIT, SIGTERM) is the same defect,
    // fixed in one place, so only its first registration in the file is reported.
    const reported = new Set<AsyncFunctionNode>();

    return {
      CallExpression(node) {
        const sink = describeSink(node, sourceFile);
        if (sink) {
          let awaited: boolean | undefined;
          for (const argument of sink.callbacks) {
            if (!isUnsafeAsyncCallback(argument, scope)) continue;
            awaited ??= sink.byReceiver === true && getHandlerRegistration(node, checker, models)?.handlers === 'awaited';
            if (awaited) continue;
            const named = isFunctionValue(argument) ? undefined : resolveAnyFunction(argument, checker);
            if (named && reported.has(named)) continue;
            if (named) reported.add(named);
            context.report({ node: argument, messageId: 'droppedPromise', data: { api: sink.api } });
          }
          return;
        }
        if (expressMajor === 4 && isExpressRoute(node, sourceFile)) {
          for (const argument of node.arguments) {
            if (isUnsafeAsyncCallback(argument, scope)) context.report({ node: argument, messageId: 'express4Handler' });
          }
        }
      },
      NewExpression(node) {
        if (!ts.isIdentifier(node.expression) || node.expression.text !== 'Promise') return;
        const executor = node.arguments?.[0] && unwrapExpression(node.arguments[0]);
        if (executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) && isAsyncFunction(executor) && !rejectsEverything(executor)) {
          context.report({ node: executor, messageId: 'asyncExecutor' });
        }
      },
    };
  },
});

// An async executor that loses nothing: its whole body is one `try` whose catch hands the error to the executor's
// `reject` (typeorm's query runners), with no `await` or `throw` of its own in the catch or finally, or it has no
// `await`, `for await` or `throw` at all (it builds a value and resolves: bullmq's job scheduler). Synchronous calls
// are taken not to throw, as the rejection summary takes them. Work before or after the `try` (kafkajs' SASL
// request, the authors' own TODO) is reported.
//   new Promise(async (ok, fail) => { try { const c = await this.connect(); ok(c.query(q)); } catch (err) { fail(err); } })
function rejectsEverything(executor: ts.ArrowFunction | ts.FunctionExpression): boolean {
  const mayLose = (root: ts.Node): boolean => {
    let found = false;
    forEachDescendant(root, (node) => {
      if (ts.isAwaitExpression(node) || ts.isThrowStatement(node) || (ts.isForOfStatement(node) && node.awaitModifier)) found = true;
      return !found && !ts.isClassLike(node);
    });
    return found;
  };
  if (!mayLose(executor.body)) return true;
  const reject = executor.parameters[1];
  const rejectName = reject && ts.isIdentifier(reject.name) ? reject.name.text : undefined;
  const statements = ts.isBlock(executor.body) ? executor.body.statements : [];
  const attempt = statements.length === 1 && ts.isTryStatement(statements[0]!) ? statements[0] : undefined;
  if (!attempt?.catchClause || rejectName === undefined || mayLose(attempt.catchClause.block) || (attempt.finallyBlock && mayLose(attempt.finallyBlock))) {
    return false;
  }
  return attempt.catchClause.block.statements.some((statement) => {
    const value = ts.isExpressionStatement(statement) ? unwrapExpression(statement.expression) : undefined;
    return value !== undefined && ts.isCallExpression(value) && ts.isIdentifier(value.expression) && value.expression.text === rejectName;
  });
}

// The APIs that call a function and drop what it returns, with the arguments that are such callbacks.
function describeSink(call: ts.CallExpression, sourceFile: ts.SourceFile): Sink | undefined {
  const callee = unwrapExpression(call.expression);
  const path = getAccessPath(callee);
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : path;
  if (path !== undefined && (TIMERS.has(path) || TIMERS.has(path.replace(/^(globalThis|window|global)\./u, '')))) {
    return { api: `\`${path.replace(/^(globalThis|window|global)\./u, '')}\``, callbacks: call.arguments.slice(0, 1) };
  }
  if (name === 'createServer' && path !== undefined && /^(https?|http2|net)\.createServer$|^createServer$/u.test(path)) {
    return { api: '`createServer`', callbacks: call.arguments };
  }
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (name === 'consume' && call.arguments.length >= 2 && importsAmqp(sourceFile)) {
    // amqplib calls the consumer and ignores its promise
    return { api: '`channel.consume`', callbacks: call.arguments.slice(1, 2) };
  }
  if (name === 'listen') {
    // server.listen(port, async () => ...): the 'listening' callback's promise is dropped
    return { api: '`listen`', callbacks: call.arguments.slice(1) };
  }
  if (name === 'forEach' && call.arguments.length >= 1) {
    return { api: '`forEach`', callbacks: call.arguments.slice(0, 1) };
  }
  if (name !== undefined && LISTENER_METHODS.has(name) && call.arguments.length >= 2) {
    if (capturesRejections(callee.expression)) return undefined;
    // The receiver's package decides (telegraf's and Hono's `.on` await their handlers), once a callback is unsafe.
    return { api: `The event listener registered with \`.${name}()\``, callbacks: call.arguments.slice(1), byReceiver: true };
  }
  return undefined;
}

// app.get('/x', handler)   router.use(mw)   app.route('/x').post(handler)
function isExpressRoute(call: ts.CallExpression, sourceFile: ts.SourceFile): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !EXPRESS_METHODS.has(callee.name.text)) return false;
  if (collectExpressReceivers(sourceFile).patched) return false;
  return isExpressReceiver(callee.expression, sourceFile);
}

function isExpressReceiver(expression: ts.Expression, sourceFile: ts.SourceFile): boolean {
  const receiver = unwrapExpression(expression);
  if (ts.isIdentifier(receiver)) return collectExpressReceivers(sourceFile).names.has(receiver.text);
  // app.route('/x').get(a).post(b)
  if (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(receiver.expression)) {
    const method = receiver.expression.name.text;
    return (method === 'route' || EXPRESS_METHODS.has(method)) && isExpressReceiver(receiver.expression.expression, sourceFile);
  }
  return false;
}

function isUnsafeAsyncCallback(argument: ts.Expression, scope: Scope): boolean {
  const { checker, isPromise, cannotReject } = scope;
  const fn = resolveAnyFunction(argument, checker);
  if (fn) {
    if (!returnsPromise(fn, scope.sourceFile, checker, scope.models)) return false;
    if (hasErrorBoundary(fn, isPromise, cannotReject)) return false;
    // () => this.onReady(): the boundary, if any, is in the delegate's body
    const delegate = delegateOf(fn, checker);
    return delegate === undefined || !hasErrorBoundary(delegate, isPromise, cannotReject);
  }
  // A callback whose body we cannot see (a parameter, a declaration file): only its type can tell,
  // and only a function type that returns a promise and nothing else counts.
  const value = unwrapExpression(argument);
  if (!checker || !ts.isIdentifier(value) || !isParameterReference(value)) return false;
  const type = checker.getTypeAtLocation(argument);
  if (isUnresolvedType(type)) return false;
  const signatures = type.getCallSignatures();
  return signatures.length > 0 && signatures.every((signature) => isThenableType(checker, signature.getReturnType(), argument));
}

// The function an arrow forwards to: `(msg) => this.onMessage(msg)`, `() => handle(job)`.
function delegateOf(fn: AsyncFunctionNode, checker: ts.TypeChecker | undefined): AsyncFunctionNode | undefined {
  if (!ts.isArrowFunction(fn) || ts.isBlock(fn.body)) return undefined;
  let body = unwrapExpression(fn.body);
  if (ts.isAwaitExpression(body)) body = unwrapExpression(body.expression);
  if (!ts.isCallExpression(body)) return undefined;
  return resolveAnyFunction(body.expression, checker);
}

function resolveAnyFunction(argument: ts.Expression, checker: ts.TypeChecker | undefined): AsyncFunctionNode | undefined {
  return resolveFunction(argument) ?? resolveFunctionWithTypes(argument, checker);
}

// userController.postLogin, imported from another file of the program: follow the symbol to its body.
function resolveFunctionWithTypes(argument: ts.Expression, checker: ts.TypeChecker | undefined): AsyncFunctionNode | undefined {
  if (!checker) return undefined;
  let value = unwrapExpression(argument);
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'bind') {
    value = unwrapExpression(value.expression.expression);
  }
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(value) ? value.name : value);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration) return undefined;
  if ((ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) && declaration.body) return declaration;
  const init =
    (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) && declaration.initializer
      ? unwrapExpression(declaration.initializer)
      : undefined;
  return init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? init : undefined;
}

function isParameterReference(identifier: ts.Identifier): boolean {
  const declaration = findLocalDeclaration(identifier);
  return declaration !== undefined && ts.isParameter(declaration);
}

function returnsPromise(fn: AsyncFunctionNode, sourceFile: ts.SourceFile, checker: ts.TypeChecker | undefined, models: readonly LibraryModel[]): boolean {
  if (isAsyncFunction(fn)) return true;
  // No annotation and no `return <value>` in a block body: the checker infers void (or never), and without
  // types only an expression body counts. Not in JavaScript, where a JSDoc `@returns` declares the type.
  if (!fn.type && !fn.asteriskToken && fn.body && ts.isBlock(fn.body) && !(fn.flags & ts.NodeFlags.JavaScriptFile) && !returnsValue(fn.body)) {
    return false;
  }
  if (checker) {
    const signature = checker.getSignatureFromDeclaration(fn);
    const returnType = signature && checker.getReturnTypeOfSignature(signature);
    if (returnType && !isUnresolvedType(returnType)) return isThenableType(checker, returnType, fn);
  }
  // () => flush()   where flush returns a promise
  return ts.isArrowFunction(fn) && !ts.isBlock(fn.body) && isPromiseExpression(fn.body, sourceFile, checker, models);
}

// The function an argument is or names: an inline function, a local function, `this.method`, `x.bind(this)`.
function resolveFunction(argument: ts.Expression): AsyncFunctionNode | undefined {
  let value = unwrapExpression(argument);
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'bind') {
    value = unwrapExpression(value.expression.expression);
  }
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
  if (ts.isIdentifier(value)) return findFunctionByName(value);
  if (ts.isPropertyAccessExpression(value) && value.expression.kind === ts.SyntaxKind.ThisKeyword) {
    return findMethod(value, value.name.text);
  }
  return undefined;
}

function findFunctionByName(identifier: ts.Identifier): AsyncFunctionNode | undefined {
  const declaration = findLocalDeclaration(identifier);
  if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const init = unwrapExpression(declaration.initializer);
    return ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? init : undefined;
  }
  if (declaration) return undefined;
  return findFunctionDeclaration(identifier);
}

function findMethod(node: ts.Node, name: string): AsyncFunctionNode | undefined {
  let owner: ts.Node | undefined = node.parent;
  while (owner && !ts.isClassLike(owner)) owner = owner.parent;
  if (!owner) return undefined;
  for (const member of owner.members) {
    if (!member.name || !ts.isIdentifier(member.name) || member.name.text !== name) continue;
    if (ts.isMethodDeclaration(member) && member.body) return member;
    if (ts.isPropertyDeclaration(member) && member.initializer) {
      const init = unwrapExpression(member.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
    }
  }
  return undefined;
}

function importsAmqp(sourceFile: ts.SourceFile): boolean {
  return sourceFile.statements.some(
    (statement) =>
      ts.isImportDeclaration(statement) &&
      ts.isStringLiteral(statement.moduleSpecifier) &&
      /^(amqplib(\/callback_api)?|amqp-connection-manager)$/u.test(statement.moduleSpecifier.text),
  );
}

// new EventEmitter({ captureRejections: true }) routes listener rejections to its 'error' event.
function capturesRejections(receiver: ts.Expression): boolean {
  const value = unwrapExpression(receiver);
  const declaration = ts.isIdentifier(value) ? findLocalDeclaration(value) : undefined;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const creation = unwrapExpression(declaration.initializer);
  const first = ts.isNewExpression(creation) ? creation.arguments?.[0] : undefined;
  const options = first && unwrapExpression(first);
  return (
    options !== undefined &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some(
      (property) =>
        ts.isPropertyAssignment(property) &&
        ts.isIdentifier(property.name) &&
        property.name.text === 'captureRejections' &&
        property.initializer.kind === ts.SyntaxKind.TrueKeyword,
    )
  );
}

// An inline function, as opposed to a name or `this.method` that can be registered again.
function isFunctionValue(argument: ts.Expression): boolean {
  const value = unwrapExpression(argument);
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value);
}
