import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import type { TextEdit } from './engine/types.js';
import { collectPromiseFacts } from './utils/collect-promise-facts.js';
import { forEachDescendant } from './utils/for-each-descendant.js';
import { getConstInitializer } from './utils/get-const-initializer.js';
import { getAccessPath } from './utils/get-access-path.js';
import { hasErrorBoundary } from './utils/has-error-boundary.js';
import { isLoggingCall } from './utils/is-logging-call.js';
import { getCalleeReturnTypes } from './utils/get-callee-return-types.js';
import { getDeclaredReturnKind } from './utils/get-declared-return-kind.js';
import { getEnclosingFunction } from './utils/get-enclosing-function.js';
import { getInjectedFunction } from './utils/get-injected-function.js';
import { getRejectionSummary, returnsNoPromise } from './utils/get-rejection-summary.js';
import { isPromiseExpression } from './utils/is-promise-expression.js';
import { isNonPromiseChain } from './utils/is-non-promise-chain.js';
import { isPromiseRejectCall } from './utils/is-promise-reject-call.js';
import type { LibraryModel } from './models/library-model.js';
import { isThenableType } from './utils/is-thenable-type.js';
import { isUnresolvedType } from './utils/is-unresolved-type.js';
import { returnsOnlyPromises } from './utils/returns-only-promises.js';
import { unwrapExpression } from './utils/unwrap-expression.js';
import { getEnclosingTry } from './utils/get-enclosing-try.js';
import { isAsyncFunction } from './utils/is-async-function.js';
import { findHandedPromiseFunction } from './utils/find-handed-promise-function.js';
import { findLocalDeclaration } from './utils/find-local-declaration.js';
import { forEachOwnNode } from './utils/for-each-own-node.js';
import { isParameterBinding } from './utils/is-parameter-binding.js';

type Options = [];
type MessageIds = 'floating' | 'floatingInTry' | 'floatingArray' | 'unusedPromise' | 'returnInTry' | 'throwIntoNothing' | 'addAwait';

interface Unhandled {
  node: ts.Expression;
  array: boolean;
}

export default createRule<Options, MessageIds>({
  name: 'no-unhandled-rejection',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require every promise to be awaited, returned or given a rejection handler',
      family: 'error-handling',
      recommended: 'strict-type-checked',
      typeInformation: 'optional',
      precision: 'medium',
      cwe: ['CWE-248', 'CWE-755'],
      overlaps: { '@typescript-eslint/no-floating-promises': 'off' },
    },
    hasSuggestions: true,
    messages: {
      floating:
        'This promise is neither awaited, returned nor given a rejection handler: if it rejects, Node sees an unhandled rejection and by default exits.',
      floatingInTry: 'This promise is not awaited inside `try`, so the `catch` never sees its rejection: it escapes as an unhandled rejection.',
      floatingArray: 'This array of promises is dropped: no one handles their rejections. Combine them with `await Promise.all(...)`.',
      unusedPromise: 'The promise stored in `{{name}}` is never awaited, returned or handled: its rejection goes unhandled.',
      returnInTry: 'This promise is returned from `try` without `await`: its rejection skips the `catch` and reaches the caller instead.',
      throwIntoNothing:
        'This rejection handler throws, but nobody holds the promise its chain returns: the error becomes an unhandled rejection. Handle it here, or return the chain to a caller that does.',
      addAwait: 'Add `await` so the rejection is thrown here.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const { sourceFile, checker } = context;
    const { models } = context.project;
    // An untyped receiver handed down by an exported `init` (node-red's `runtime.settings.set(...)`): the function the
    // project wires there decides.
    const isPromise = (node: ts.Expression): boolean =>
      isPromiseExpression(node, sourceFile, checker, models) || (ts.isCallExpression(node) && returnsInjectedPromise(node, checker, context.program));
    // A promise whose code shows it cannot reject needs no handler: `refresh()` whose body catches everything.
    const cannotReject = (node: ts.Expression): boolean =>
      getRejectionSummary(node, checker, (expression) => isPromiseExpression(expression, expression.getSourceFile(), checker, models), context.program) ===
      'cannot-reject';

    return {
      ExpressionStatement(statement) {
        const unhandled = findUnhandled(statement.expression);
        if (!unhandled) {
          // p.catch((err) => { if (expected(err)) return; throw err; }) as a statement: the handler's throw rejects
          // the promise `.catch` returns, which nobody holds.
          // At the top level of a module (`main().catch((e) => { log(e); throw e; })`) the throw crashes the process on purpose.
          const thrown = getEnclosingFunction(statement) && findThrowInLastHandler(statement.expression, models);
          if (thrown) context.report({ node: thrown, messageId: 'throwIntoNothing' });
          else if (callsHandedPromiseFunction(statement)) context.report({ node: statement.expression, messageId: 'floatingInTry' });
          return;
        }
        if (unhandled.array) {
          context.report({ node: unhandled.node, messageId: 'floatingArray' });
          return;
        }
        const isWhole = unhandled.node === unwrapExpression(statement.expression);
        const suggest = isWhole && isInAsyncFunction(statement) ? [addAwait(statement.expression)] : undefined;
        context.report({
          node: unhandled.node,
          messageId: getEnclosingTry(statement) ? 'floatingInTry' : 'floating',
          ...(suggest && { suggest }),
        });
      },
      VariableDeclaration(declaration) {
        if (!ts.isIdentifier(declaration.name) || !declaration.initializer) return;
        if (!ts.isVariableDeclarationList(declaration.parent) || !ts.isVariableStatement(declaration.parent.parent)) return;
        const statement = declaration.parent.parent;
        if (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return;
        // The reference scan is syntax only: do it before asking the checker about the initializer.
        if (isReferenced(declaration.name, statement)) return;
        if (!findUnhandled(declaration.initializer)) return;
        context.report({ node: declaration, messageId: 'unusedPromise', data: { name: declaration.name.text } });
      },
      ReturnStatement(statement) {
        if (!statement.expression || !getEnclosingTry(statement) || !isInAsyncFunction(statement)) return;
        // catch (err) { throw new Error(`Failed: ${err}`, { cause: err }); }: the rejection reaches the caller either way,
        // only its wrapping is skipped
        const catchBlock = getEnclosingTry(statement)!.catchClause!.block;
        if (onlyRethrows(catchBlock)) return;
        const value = unwrapExpression(statement.expression);
        if (handlesLikeCatch(value, catchBlock)) return;
        if (ts.isAwaitExpression(value) || !isPromise(value) || cannotReject(value)) return;
        context.report({ node: statement.expression, messageId: 'returnInTry', suggest: [addAwait(statement.expression)] });
      },
    };

    // handler(err, msg) inside a try, where `handler` is a parameter (or a field of one) that the file's callers give a
    // function returning a promise that may reject: the catch sees only synchronous throws (nats' service endpoints).
    function callsHandedPromiseFunction(statement: ts.ExpressionStatement): boolean {
      const call = unwrapExpression(statement.expression);
      if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || !getEnclosingTry(statement)) return false;
      const declaration = findLocalDeclaration(call.expression);
      if (!declaration || (!isParameterBinding(declaration) && !ts.isBindingElement(declaration))) return false;
      // Promise.resolve(value) fulfils: nats' PING and INFO handlers answer synchronously and return it.
      const mayReject = (value: ts.Expression): boolean => {
        const inner = unwrapExpression(value);
        if (ts.isCallExpression(inner) && getAccessPath(unwrapExpression(inner.expression)) === 'Promise.resolve') return false;
        return isPromise(inner) && !cannotReject(inner);
      };
      const found = findHandedPromiseFunction(call.expression, (fn) => {
        if (isAsyncFunction(fn)) return true;
        if (!fn.body) return false;
        if (!ts.isBlock(fn.body)) return mayReject(fn.body);
        let returns = false;
        forEachOwnNode(fn.body, (node) => {
          if (!returns && ts.isReturnStatement(node) && node.expression && mayReject(node.expression)) returns = true;
        });
        return returns;
      });
      return found !== undefined;
    }

    // The part of an expression statement that leaves a promise without a rejection handler.
    function findUnhandled(expression: ts.Expression): Unhandled | undefined {
      const value = unwrapExpression(expression);
      if (ts.isVoidExpression(value)) return undefined;
      if (ts.isBinaryExpression(value)) {
        switch (value.operatorToken.kind) {
          case ts.SyntaxKind.CommaToken:
          case ts.SyntaxKind.AmpersandAmpersandToken:
          case ts.SyntaxKind.BarBarToken:
          case ts.SyntaxKind.QuestionQuestionToken:
            return findUnhandled(value.left) ?? findUnhandled(value.right);
          default:
            return undefined;
        }
      }
      if (ts.isConditionalExpression(value)) return findUnhandled(value.whenTrue) ?? findUnhandled(value.whenFalse);
      if (ts.isCallExpression(value)) {
        const callee = unwrapExpression(value.expression);
        if (ts.isPropertyAccessExpression(callee)) {
          const method = callee.name.text;
          if (method === 'catch' && isHandler(value.arguments[0])) return undefined;
          if (method === 'then' && isHandler(value.arguments[1])) return undefined;
          if (method === 'finally') {
            // `finally` passes the rejection on: what matters is whether the receiver handled it.
            return findUnhandled(callee.expression) ? { node: value, array: false } : undefined;
          }
        }
        if (isAsyncIifeWithBoundary(callee, isPromise)) return undefined;
        // Object.assign(innerPromise, paginationMethods): the result is its first argument, the same promise, whose
        // handling is wherever that name goes (stripe returns it on the next line); the statement makes no new one.
        const target = value.arguments[0] && unwrapExpression(value.arguments[0]);
        if (getAccessPath(callee) === 'Object.assign' && target && (ts.isIdentifier(target) || ts.isPropertyAccessExpression(target))) return undefined;
        if (takesNodeCallback(value)) return undefined;
        if (combinesOnlyHandled(value)) return undefined;
      }
      if (ts.isCallExpression(value) && isLoggingCall(value)) {
        // An async logger (`await Logger.error(...)` is rare): logging is fire-and-forget by convention.
        return undefined;
      }
      if (ts.isCallExpression(value) || ts.isNewExpression(value) || ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
        // A name counts through its const initializer: `const settled = Promise.allSettled(jobs); settled.finally(done)`.
        if (isPromise(value)) {
          // A project function that visibly returns no promise (no return value, a literal or `this`) makes none,
          // whatever the types or the syntax suggested: knex's setIsolationLevel, undici's this[kOnDrain]().
          if (ts.isCallExpression(value) && returnsNoPromise(value, checker)) return undefined;
          return ts.isPropertyAccessExpression(value) || !cannotReject(value) ? { node: value, array: false } : undefined;
        }
        if (isPromiseArray(value)) return { node: value, array: true };
      } else if (ts.isArrayLiteralExpression(value) && value.elements.some((element) => isPromise(element))) {
        return { node: value, array: true };
      }
      return undefined;
    }

    // [1, 2].map(async (x) => ...)   ids.map(load) (async function load)   with types: Promise<T>[]
    function isPromiseArray(value: ts.Expression): boolean {
      if (checker) {
        // A callee declared to return a promise, or something that is no promise (arrays of those included),
        // never returns an array of promises.
        if (ts.isCallExpression(value) && getDeclaredReturnKind(value, checker) !== undefined) return false;
        const isThenableArray = (type: ts.Type): boolean =>
          (checker.isArrayType(type) || checker.isTupleType(type)) &&
          checker.getTypeArguments(type as ts.TypeReference).some((element) => isThenableType(checker, element, value));
        // The callee's declared return types usually settle it without resolving the call.
        const declared = ts.isCallExpression(value) ? getCalleeReturnTypes(value, checker, { nonGeneric: true }) : undefined;
        if (
          declared?.every(
            (type) => !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Instantiable | ts.TypeFlags.Union | ts.TypeFlags.Intersection)),
          )
        ) {
          return declared.some(isThenableArray);
        }
        const type = checker.getTypeAtLocation(value);
        if (!isUnresolvedType(type)) return isThenableArray(type);
      }
      if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression)) return false;
      if (value.expression.name.text !== 'map') return false;
      const callback = value.arguments[0] && unwrapExpression(value.arguments[0]);
      if (!callback) return false;
      if (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) {
        if (isAsyncFunction(callback)) return true;
        return !ts.isBlock(callback.body) && isPromise(callback.body);
      }
      return ts.isIdentifier(callback) && collectPromiseFacts(sourceFile).asyncFunctions.has(callback.text);
    }
  },
});

// Only when the receiver has no type of its own: a typed receiver's answer is the checker's.
function returnsInjectedPromise(call: ts.CallExpression, checker: ts.TypeChecker | undefined, program: ts.Program | undefined): boolean {
  const fn = getInjectedFunction(call, program);
  if (!fn || !returnsOnlyPromises(fn)) return false;
  return !checker || isUnresolvedType(checker.getTypeAtLocation(call));
}

// resolveContent(data, key, (err, value) => { ... })   fs.copy(src, dest, (backupCopyErr) => { ... }): a dual API called callback style reports its failure to the
// callback; the promise it may return is the variant for callers that pass none.
function takesNodeCallback(call: ts.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  if (ts.isPropertyAccessExpression(callee) && ['then', 'catch', 'finally'].includes(callee.name.text)) return false;
  const last = call.arguments.at(-1);
  const callback = last && unwrapExpression(last);
  if (!callback || (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) || isAsyncFunction(callback)) return false;
  const first = callback.parameters[0];
  // err, error, e, er, _err, and a named error: backupCopyErr, readError (node-red's fs.copy(src, dest, (backupCopyErr) => ...))
  return first !== undefined && ts.isIdentifier(first.name) && /^(?:_?(?:err|error|er|e)|[a-z]\w*(?:Err|Error))$/u.test(first.name.text);
}

// The throw of the last rejection handler of a chain, when that handler is written inline and throws outside any
// try of its own (a `finally` after it passes the rejection on):
//   stream.cancel(error).catch((err) => { if (err.code === 'ERR_INVALID_STATE') return; throw err; })   -> `throw err`
//   load().then(use, (err) => Promise.reject(wrap(err))).finally(done)                                  -> `Promise.reject(...)`
// A throw inside a nested callback (`setImmediate(() => { throw err; })`) crashes on purpose, elsewhere: not this;
// nor a builder's `catch` (grammY's `bot.catch(handler)` registers the bot's error handler).
function findThrowInLastHandler(expression: ts.Expression, models: readonly LibraryModel[]): ts.Node | undefined {
  let value = unwrapExpression(expression);
  while (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'finally') {
    value = unwrapExpression(value.expression.expression);
  }
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression) || isNonPromiseChain(value, models)) return undefined;
  const method = value.expression.name.text;
  const argument = method === 'catch' ? value.arguments[0] : method === 'then' ? value.arguments[1] : undefined;
  const handler = argument && unwrapExpression(argument);
  if (!handler || (!ts.isArrowFunction(handler) && !ts.isFunctionExpression(handler))) return undefined;
  if (!ts.isBlock(handler.body)) {
    const body = unwrapExpression(handler.body);
    return ts.isCallExpression(body) && isPromiseRejectCall(body) ? body : undefined;
  }
  let thrown: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (thrown || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isTryStatement(node) && node.catchClause) {
      // what the try block throws, its catch sees; the catch and finally blocks can still throw
      visit(node.catchClause.block);
      if (node.finallyBlock) visit(node.finallyBlock);
      return;
    }
    if (ts.isThrowStatement(node)) thrown = node;
    else if (ts.isReturnStatement(node) && node.expression) {
      const returned = unwrapExpression(node.expression);
      if (ts.isCallExpression(returned) && isPromiseRejectCall(returned)) thrown = node;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(handler.body, visit);
  return thrown;
}

function isHandler(argument: ts.Expression | undefined): boolean {
  if (!argument) return false;
  const value = unwrapExpression(argument);
  if (value.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(value)) return false;
  return !(ts.isIdentifier(value) && value.text === 'undefined');
}

// (async () => { try { ... } catch (error) { log(error); } })() cannot reject.
function isAsyncIifeWithBoundary(callee: ts.Expression, isPromise: (expression: ts.Expression) => boolean): boolean {
  return (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) && isAsyncFunction(callee) && hasErrorBoundary(callee, isPromise);
}

// A combination of promises that cannot reject: Promise.allSettled(...), or Promise.all/race/any over promises that
// each have a rejection handler, listed or mapped:
//   Promise.all([save().catch(log), notify().catch(log)])
//   const proms = services.map((s) => s.record(x).catch(log)); Promise.all(proms);   (novu's MetricsService)
function combinesOnlyHandled(call: ts.CallExpression): boolean {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Promise') return false;
  const method = callee.name.text;
  if (method === 'allSettled') return true;
  if (method !== 'all' && method !== 'race' && method !== 'any') return false;
  const argument = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!argument) return false;
  const list = ts.isIdentifier(argument) ? getConstInitializer(argument) : argument;
  const elements = list && unwrapExpression(list);
  if (!elements) return false;
  if (ts.isArrayLiteralExpression(elements)) {
    return elements.elements.length > 0 && elements.elements.every((element) => !ts.isSpreadElement(element) && isHandledPromise(element));
  }
  // xs.map((x) => p(x).catch(log))   xs.map((x) => { return p(x).catch(log); })
  if (!ts.isCallExpression(elements) || !ts.isPropertyAccessExpression(elements.expression) || elements.expression.name.text !== 'map') return false;
  const mapper = elements.arguments[0] && unwrapExpression(elements.arguments[0]);
  if (!mapper || (!ts.isArrowFunction(mapper) && !ts.isFunctionExpression(mapper))) return false;
  if (!ts.isBlock(mapper.body)) return isHandledPromise(mapper.body);
  const returns: ts.ReturnStatement[] = [];
  forEachDescendant(mapper.body, (node) => {
    if (ts.isReturnStatement(node)) returns.push(node);
  });
  return returns.length > 0 && returns.every((statement) => statement.expression !== undefined && isHandledPromise(statement.expression));
}

// p.catch(handler)   p.then(onFulfilled, handler)
function isHandledPromise(expression: ts.Expression): boolean {
  const value = unwrapExpression(expression);
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression)) return false;
  const method = value.expression.name.text;
  return (method === 'catch' && isHandler(value.arguments[0])) || (method === 'then' && isHandler(value.arguments[1]));
}

function isInAsyncFunction(node: ts.Node): boolean {
  const fn = getEnclosingFunction(node);
  return fn !== undefined && isAsyncFunction(fn);
}

// A catch that is one `throw` recovers nothing and does nothing else: `catch (e) { throw new Error('Failed', { cause: e }); }`.
// A catch that cleans up first (`catch (e) { socket.destroy(); throw e; }`) is skipped by the missing `await`: reported.
function onlyRethrows(block: ts.Block): boolean {
  return block.statements.length === 1 && ts.isThrowStatement(block.statements[0]!);
}

// return op().then(done).catch((err) => { audit(err); throw err; })   inside   try { ... } catch (e) { audit(e); throw e; }
// The chain's own last rejection handler does what the catch would (every call the catch makes, and a throw when it
// throws): the catch is there for synchronous throws, and the rejection is handled (node-red's API). A handler that
// misses one of the catch's calls (`.catch((err) => { err.status = 400; throw err; })` beside a catch that audits)
// lets the rejection skip it: reported.
function handlesLikeCatch(value: ts.Expression, catchBlock: ts.Block): boolean {
  if (!ts.isCallExpression(value) || !ts.isPropertyAccessExpression(value.expression)) return false;
  const method = value.expression.name.text;
  const argument = method === 'catch' ? value.arguments[0] : method === 'then' ? value.arguments[1] : undefined;
  const handler = argument && unwrapExpression(argument);
  if (!handler || (!ts.isArrowFunction(handler) && !ts.isFunctionExpression(handler)) || !ts.isBlock(handler.body)) return false;
  // The calls made as statements, by callee, with the caught value's name made common: `error.cleanup()` ~ `err.cleanup()`.
  const effects = (block: ts.Block, caught: string | undefined): { calls: Set<string>; throws: boolean } => {
    const calls = new Set<string>();
    let throws = false;
    forEachDescendant(block, (node) => {
      if (ts.isThrowStatement(node)) throws = true;
      else if (ts.isExpressionStatement(node) && ts.isCallExpression(unwrapExpression(node.expression))) {
        const callee = (unwrapExpression(node.expression) as ts.CallExpression).expression.getText();
        const root = callee.split('.')[0];
        calls.add(caught !== undefined && root === caught ? `<caught>${callee.slice(root.length)}` : callee);
      }
    });
    return { calls, throws };
  };
  const nameOf = (name: ts.BindingName | undefined): string | undefined => (name && ts.isIdentifier(name) ? name.text : undefined);
  const clause = catchBlock.parent as ts.CatchClause;
  const expected = effects(catchBlock, nameOf(clause.variableDeclaration?.name));
  const done = effects(handler.body, nameOf(handler.parameters[0]?.name));
  return (!expected.throws || done.throws) && [...expected.calls].every((call) => done.calls.has(call));
}

function addAwait(expression: ts.Expression): { messageId: 'addAwait'; edits: TextEdit[] } {
  const start = expression.getStart();
  return { messageId: 'addAwait', edits: [{ range: [start, start], text: 'await ' }] };
}

// Any later mention of the name in the scope that holds the declaration counts as handling it
// (awaited, returned, passed on, `.catch`ed): only a promise nobody looks at again is reported.
function isReferenced(name: ts.Identifier, statement: ts.VariableStatement): boolean {
  const scope = statement.parent;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node !== name && node.text === name.text) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(scope);
  return found;
}
