import ts from './engine/typescript.cjs';

import { createRule } from './engine/create-rule.js';
import { findLocalDeclaration } from './utils/find-local-declaration.js';
import { forEachDescendant } from './utils/for-each-descendant.js';
import { forEachOwnNode } from './utils/for-each-own-node.js';
import { getEnclosingFunction } from './utils/get-enclosing-function.js';
import { getFailOpenFallback } from './utils/get-fail-open-fallback.js';
import { getForgottenResource } from './utils/get-forgotten-resource.js';
import { getRejectionSummary } from './utils/get-rejection-summary.js';
import { getDroppedProgress } from './utils/get-dropped-progress.js';
import { getStoppedPollLoop } from './utils/get-stopped-poll-loop.js';
import { isCleanupCall } from './utils/is-cleanup-call.js';
import { isLoggingCall } from './utils/is-logging-call.js';
import { isPromiseExpression } from './utils/is-promise-expression.js';
import { isPromiseRejectCall } from './utils/is-promise-reject-call.js';
import { unwrapExpression } from './utils/unwrap-expression.js';
import { isAsyncFunction } from './utils/is-async-function.js';
import { isInFailurePath } from './utils/is-in-failure-path.js';

type Options = [];
type MessageIds =
  | 'emptyCatch'
  | 'discardingHandler'
  | 'logOnlyCatch'
  | 'logOnlyHandler'
  | 'returnedError'
  | 'othersDropped'
  | 'pollStopped'
  | 'failOpen'
  | 'closeForgotten'
  | 'progressDropped';

export default createRule<Options, MessageIds>({
  name: 'no-swallowed-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catching an error and carrying on as if the operation succeeded',
      family: 'error-handling',
      recommended: 'strict-type-checked',
      typeInformation: 'optional',
      precision: 'low',
      cwe: ['CWE-390', 'CWE-755'],
    },
    messages: {
      emptyCatch: 'This catch block discards the error: the failure disappears without a trace.',
      discardingHandler:
        'This rejection handler discards the error: the failure disappears without a trace. Handle it, or say why in a comment inside `() => { /* ... */ }`.',
      logOnlyCatch:
        'This catch only logs, then the code after it carries on as if the operation had succeeded ({{evidence}}). Return, rethrow or record the failure.',
      logOnlyHandler: 'This rejection handler only logs, and its `undefined` result is used as if the operation had succeeded. Return a fallback or rethrow.',
      othersDropped:
        'This catch handles the one error it expects (`{{test}}`) and drops every other: a timeout or a refused permission passes as success. Rethrow the rest (`else throw {{name}};`).',
      returnedError:
        'This error is returned, not thrown: the function reports its other failures by rejecting, so its callers take this one for a result and carry on. Throw it (or return `Promise.reject(...)`).',
      progressDropped:
        'A failure here escapes without `{{progress}}`, the progress this function reports in its own `{{error}}`: the steps already done are lost with it, and a caller that retries repeats them. Catch it and throw `{{error}}` with what was done so far (the failure as its `cause`).',
      closeForgotten:
        'This close listener only forgets `this.{{field}}`: nothing reopens it, reports the close or fails what waits for it, so every later use waits for a replacement that only the method that opened it makes. Reopen it, or report the close.',
      failOpen:
        'When `{{step}}` fails, this catch only logs and `{{name}}` keeps the unprotected value it started with (`{{fallback}}`), which the code after it uses: the security step fails open. Rethrow, or give `{{name}}` a failure value the code after it checks.',
      pollStopped:
        '`{{name}}` schedules its next run only when it succeeds, and this failure handler schedules none: the first failure stops the polling loop for good. Schedule the next run here too (or in a `finally`), or stop on purpose.',
    },
    schema: [],
    defaultOptions: [],
  },
  check(context) {
    const { sourceFile, checker } = context;
    const { models } = context.project;
    const cannotReject = (callee: ts.PropertyAccessExpression): boolean =>
      getRejectionSummary(callee.expression, checker, (value) => isPromiseExpression(value, value.getSourceFile(), checker, models), context.program) ===
      'cannot-reject';
    return {
      CatchClause(node) {
        const stopped = getStoppedPollLoop(node);
        if (stopped) {
          context.report({ node, messageId: 'pollStopped', data: { name: stopped.name } });
          return;
        }
        const { statements } = node.block;
        // What the comments say, read only when a finding depends on it (most catches need no comment).
        let read: { comment: 'reason' | 'intent' | 'todo' | undefined } | undefined;
        const commentOf = (): 'reason' | 'intent' | 'todo' | undefined =>
          (read ??= {
            comment: getHandlingComment(sourceFile, node.block) ?? (explainsFailureAbove(sourceFile, node.parent) ? 'reason' : undefined),
          }).comment;
        const failOpen = getFailOpenFallback(node);
        if (failOpen && commentOf() !== 'reason') {
          context.report({ node, messageId: 'failOpen', data: failOpen });
          return;
        }
        if (statements.length === 0) {
          // Any comment but a TODO states the intent of an empty block (`/* ignore */`); a TODO admits there is none.
          const comment = commentOf();
          if ((comment && comment !== 'todo') || allowsEmptyBlock(sourceFile, node.block) || isBestEffortCleanup(node)) return;
          const attempt = node.parent as ts.TryStatement;
          if (returnsFailureAfter(attempt) || fallsBackAfter(attempt) || onlyRefinesFallbacks(attempt.tryBlock) || loadsOptionalModule(attempt.tryBlock))
            return;
          context.report({ node, messageId: 'emptyCatch' });
          return;
        }
        const expected = getOnlyExpectedTest(node);
        if (expected && (!commentOf() || commentOf() === 'todo') && !isBestEffortCleanup(node)) {
          context.report({ node, messageId: 'othersDropped', data: expected });
          return;
        }
        if (!statements.every(isLoggingStatement)) return;
        // A log-only catch whose comment gives the reason (`// the cache is optional: serve from the database`) is deliberate.
        if (commentOf() === 'reason') return;
        const evidence = findCarryOnEvidence(node.parent as ts.TryStatement);
        if (evidence) context.report({ node, messageId: 'logOnlyCatch', data: { evidence } });
      },
      AwaitExpression(node) {
        const dropped = getDroppedProgress(node);
        if (dropped) context.report({ node, messageId: 'progressDropped', data: { ...dropped } });
      },
      ReturnStatement(node) {
        if (returnsErrorInsteadOfRejecting(node)) context.report({ node, messageId: 'returnedError' });
      },
      CallExpression(node) {
        const forgotten = getForgottenResource(node);
        if (forgotten) {
          context.report({ node: node.arguments[1]!, messageId: 'closeForgotten', data: forgotten });
          return;
        }
        const handler = rejectionHandlerOf(node);
        if (!handler) return;
        const stopped = getStoppedPollLoop(node);
        if (stopped && !cannotReject(unwrapExpression(node.expression) as ts.PropertyAccessExpression)) {
          context.report({ node: handler, messageId: 'pollStopped', data: { name: stopped.name } });
          return;
        }
        const consumer = resultConsumer(node);
        const messageId =
          !consumer && discardsError(handler, sourceFile) && !isMarkedHandledOrCleanup(node) && !explainsFailureAbove(sourceFile, enclosingStatement(node))
            ? 'discardingHandler'
            : consumer && isTakenAsValue(consumer) && onlyLogs(handler) && !fulfilsWithNothing(node, checker) && !isInTeardown(node)
              ? 'logOnlyHandler'
              : undefined;
        // The handler of a promise that cannot reject never runs: `sleep(10).then(done, () => void 0)`. Asked last:
        // it follows the callees' code through the checker, and most handlers are fine whatever the promise does.
        if (!messageId || cannotReject(unwrapExpression(node.expression) as ts.PropertyAccessExpression)) return;
        context.report({ node: handler, messageId });
      },
    };
  },
});

// A catch whose one statement handles the error it expects, with no `else` for the others (nats' object store init):
//   catch (err) { if (err.message === 'stream not found') { await streams.add(config); } }
//   catch (e) { if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return null; }     catch (e) { if (e instanceof NotFound) ... }
// Every other failure (a timeout, a refused permission) passes as success. The test names the expected case: an
// equality with a constant or an `instanceof`; `if (e.code !== 'ENOENT') ...` names the unexpected ones instead and
// is another thing. Inside a loop the catch is a retry or a next candidate, and the loop decides: not this.
function getOnlyExpectedTest(clause: ts.CatchClause): { test: string; name: string } | undefined {
  const binding = clause.variableDeclaration?.name;
  const [statement, ...rest] = clause.block.statements;
  if (!binding || !ts.isIdentifier(binding) || !statement || rest.length > 0) return undefined;
  if (!ts.isIfStatement(statement) || statement.elseStatement || !namesExpectedError(statement.expression, binding.text)) return undefined;
  for (let current: ts.Node = clause.parent; !ts.isFunctionLike(current) && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isIterationStatement(current, false)) return undefined;
  }
  const test = statement.expression.getText();
  return { test: test.length > 60 ? `${test.slice(0, 57)}...` : test, name: binding.text };
}

// err.message === 'stream not found'   (e as NodeJS.ErrnoException).code == 'ENOENT'   err instanceof NotFoundError   a || b
function namesExpectedError(test: ts.Expression, name: string): boolean {
  const value = unwrapExpression(test);
  if (!ts.isBinaryExpression(value)) return false;
  const operator = value.operatorToken.kind;
  if (operator === ts.SyntaxKind.BarBarToken) return namesExpectedError(value.left, name) && namesExpectedError(value.right, name);
  if (operator === ts.SyntaxKind.InstanceOfKeyword) return isRootedAt(value.left, name, false);
  if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return false;
  const isConstant = (side: ts.Expression): boolean => {
    const constant = unwrapExpression(side);
    return ts.isStringLiteralLike(constant) || ts.isNumericLiteral(constant) || (ts.isPropertyAccessExpression(constant) && !isRootedAt(constant, name, true));
  };
  return (isRootedAt(value.left, name, true) && isConstant(value.right)) || (isRootedAt(value.right, name, true) && isConstant(value.left));
}

// A property of the caught value (`err.code`, `err?.response.status`, `(err as E).code`), or the value itself.
function isRootedAt(expression: ts.Expression, name: string, property: boolean): boolean {
  let current = unwrapExpression(expression);
  if (property) {
    if (!ts.isPropertyAccessExpression(current)) return false;
    while (ts.isPropertyAccessExpression(current)) current = unwrapExpression(current.expression);
  }
  return ts.isIdentifier(current) && current.text === name;
}

// An Error returned from a function that reports its other failures by rejecting: an async function that also
// throws, or one that also returns `Promise.reject(...)` (node-red's Project.update):
//   async update(data) { if (!data.files) throw new Error('missing'); if (!valid(path)) return new Error('Invalid path'); ... }
// The promise resolves with the error, and a caller that awaits it for its side effect goes on as if it had
// succeeded. A function that returns errors as values on purpose says so: a declared return type that names an
// error (`Promise<Error | undefined>`), or no throw or rejection of its own (a factory, a validator).
function returnsErrorInsteadOfRejecting(statement: ts.ReturnStatement): boolean {
  const value = statement.expression && unwrapExpression(statement.expression);
  if (!value || !ts.isNewExpression(value) || !isErrorClassName(value.expression)) return false;
  const fn = getEnclosingFunction(statement);
  if (!fn || !('body' in fn) || !fn.body || !ts.isBlock(fn.body)) return false;
  if (fn.type && /Error|Exception/u.test(fn.type.getText())) return false;
  const async = isAsyncFunction(fn);
  let rejects = false;
  forEachOwnNode(fn.body, (node) => {
    if (rejects) return;
    if (async && ts.isThrowStatement(node)) rejects = true;
    else if (ts.isReturnStatement(node) && node.expression) {
      const returned = unwrapExpression(node.expression);
      if (ts.isCallExpression(returned) && isPromiseRejectCall(returned)) rejects = true;
    }
  });
  return rejects;
}

// Error   TypeError   ValidationError   errors.NotFoundError
function isErrorClassName(expression: ts.Expression): boolean {
  const callee = unwrapExpression(expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name !== undefined && /^(?:[A-Z]\w*)?Error$/u.test(name);
}

// try { fs.unlinkSync(tmp); } catch {}   -> a cleanup that may fail
// catch (error) { try { await rollback(); } catch {} throw error; }   -> must not mask the original error
function isBestEffortCleanup(clause: ts.CatchClause): boolean {
  const tryStatement = clause.parent as ts.TryStatement;
  if (isInFailurePath(tryStatement)) return true;
  const { statements } = tryStatement.tryBlock;
  return statements.length > 0 && statements.every((statement) => ts.isExpressionStatement(statement) && isCleanupCall(statement.expression));
}

// promise.catch(() => {}) on a stored promise marks it handled while someone else awaits it;
// handle.close().catch(() => {}) is best-effort cleanup; inside a catch or finally it must not mask the error.
function isMarkedHandledOrCleanup(call: ts.CallExpression): boolean {
  let receiver = unwrapExpression((unwrapExpression(call.expression) as ts.PropertyAccessExpression).expression);
  // run.finally(cleanup).catch(() => undefined): the chain starts from the stored promise `run`
  while (
    ts.isCallExpression(receiver) &&
    ts.isPropertyAccessExpression(receiver.expression) &&
    ['then', 'catch', 'finally'].includes(receiver.expression.name.text)
  ) {
    receiver = unwrapExpression(receiver.expression.expression);
  }
  if (!ts.isCallExpression(receiver)) return true;
  return isCleanupCall(receiver) || isInFailurePath(call);
}

// `p.catch(handler)` and `p.then(onFulfilled, handler)`.
function rejectionHandlerOf(call: ts.CallExpression): ts.Expression | undefined {
  const callee = unwrapExpression(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if (callee.name.text === 'catch' && call.arguments.length === 1) return call.arguments[0];
  if (callee.name.text === 'then' && call.arguments.length === 2) return call.arguments[1];
  return undefined;
}

// What consumes the settled value of the chain: undefined when it is dropped
// (`p.catch(...)`, `await p.catch(...)` and `void p.catch(...)` as statements).
function resultConsumer(call: ts.CallExpression): { parent: ts.Node; child: ts.Node } | undefined {
  let node: ts.Node = call;
  for (;;) {
    const parent: ts.Node | undefined = node.parent;
    if (!parent) return undefined;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      ts.isVoidExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent)
    ) {
      node = parent;
    } else if (
      // p.catch(h).finally(cleanup): finally passes the value through
      ts.isPropertyAccessExpression(parent) &&
      parent.name.text === 'finally' &&
      ts.isCallExpression(parent.parent) &&
      parent.parent.expression === parent
    ) {
      node = parent.parent;
    } else {
      return ts.isExpressionStatement(parent) ? undefined : { parent, child: node };
    }
  }
}

// The value is taken as the operation's result: `const user = await p.catch(log)`, `x = ...`, `return ...`,
// `(await p.catch(log)).rows`. Handing it to `Promise.all([...])` or a callback's return is not.
function isTakenAsValue({ parent, child }: { parent: ts.Node; child: ts.Node }): boolean {
  if (ts.isVariableDeclaration(parent)) return parent.initializer === child;
  if (ts.isBinaryExpression(parent)) return parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === child;
  // `return p.catch(log)` from a callback (`ids.map((id) => { return load(id).catch(log); })`) is the same as the
  // concise `ids.map((id) => load(id).catch(log))`: the callee collects it, it is not read as a value here.
  if (ts.isReturnStatement(parent)) return !isCallbackArgument(getEnclosingFunction(parent));
  if (ts.isPropertyAccessExpression(parent) && parent.name.text === 'then' && ts.isCallExpression(parent.parent)) {
    // `p.catch(log).then(() => done())`: the next step takes no value, so the handler's `undefined` is not read
    const next = parent.parent.arguments[0] && unwrapExpression(parent.parent.arguments[0]);
    if (next && (ts.isArrowFunction(next) || ts.isFunctionExpression(next)) && next.parameters.length === 0) return false;
  }
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === child;
}

const TEARDOWN_WORDS = new Set(['stop', 'close', 'disconnect', 'shutdown', 'destroy', 'dispose', 'quit', 'terminate', 'teardown', 'cleanup']);

// Inside a function named for tearing something down (`stop()`, `disconnect()`, `sendDisconnectPacket()`,
// `closeAll`): a step that fails is logged and the teardown goes on, the best effort its callers want.
function isInTeardown(node: ts.Node): boolean {
  for (let fn = getEnclosingFunction(node); fn; fn = getEnclosingFunction(fn)) {
    const name =
      fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))
        ? fn.name.text
        : (ts.isVariableDeclaration(fn.parent) || ts.isPropertyAssignment(fn.parent) || ts.isPropertyDeclaration(fn.parent)) && ts.isIdentifier(fn.parent.name)
          ? fn.parent.name.text
          : undefined;
    if (name !== undefined) return name.split(/(?=[A-Z])|_|#/u).some((word) => TEARDOWN_WORDS.has(word.toLowerCase()));
  }
  return false;
}

function isCallbackArgument(fn: ts.Node | undefined): boolean {
  if (!fn || (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn))) return false;
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isCallExpression(node.parent) && node.parent.arguments.includes(node as ts.Expression);
}

// The statement a call sits in: `this.log(event).catch(() => {});`, `backend.ready().then(emit).catch(() => {});`.
function enclosingStatement(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !ts.isStatement(current) && !ts.isFunctionLike(current.parent)) current = current.parent;
  return current;
}

// Words that speak of the failure, not of what the code does: a comment above `try` that says `// load the user`
// explains nothing about the empty catch below it; `// best effort: a stop that cannot reach the database is
// harmless` and `// fire and forget` do.
const FAILURE_WORDS =
  /\b(?:ignor\w*|silent\w*|swallow\w*|best[- ]effort|fire[- ]and[- ]forget|fail\w*|errors?|optional\w*|deliberate\w*|intentional\w*|on purpose|harmless|surfaced|reported|emitted)\b/iu;

// The comment right above a statement (no blank line between), or at the end of its line, when it gives the reason
// a failure is left alone (issue 12, point 6): two words or more, one of which speaks of the failure (FAILURE_WORDS),
// and not a TODO or a tool directive. A comment inside the catch needs no such word: its place says what it is about.
//   // Best effort and silent: a stop that cannot reach the database leaves a row that goes quiet
//   try { await db.stop(); } catch {}
//   this.writeLog(event).catch(() => {}); // fire and forget: a failed audit write must not fail the command
function explainsFailureAbove(sourceFile: ts.SourceFile, statement: ts.Node): boolean {
  const { text } = sourceFile;
  const lineOf = (position: number): number => sourceFile.getLineAndCharacterOfPosition(position).line;
  const ranges: ts.CommentRange[] = [];
  let expected = lineOf(statement.getStart(sourceFile)) - 1;
  for (const range of (ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []).reverse()) {
    if (lineOf(range.end) !== expected) break;
    ranges.unshift(range);
    expected = lineOf(range.pos) - 1;
  }
  const endLine = lineOf(statement.getEnd());
  for (const range of ts.getTrailingCommentRanges(text, statement.getEnd()) ?? []) {
    if (lineOf(range.pos) === endLine) ranges.push(range);
  }
  const words = ranges
    .map((range) =>
      text
        .slice(range.pos, range.end)
        .replace(/^\/\/|^\/\*+|\*+\/$/gu, '')
        .replace(/^\s*\*\s?/gmu, '')
        .trim(),
    )
    .filter((comment) => comment !== '' && !DIRECTIVE.test(comment));
  if (words.length === 0 || words.some((comment) => TODO.test(comment))) return false;
  const joined = words.join(' ');
  return (joined.match(/\p{L}[\p{L}'-]*/gu)?.length ?? 0) >= 2 && FAILURE_WORDS.test(joined);
}

// () => {}   () => undefined   () => void 0   () => null   function () {}
// A body holding a comment states the intent and is fine; so does a function the code names a no-op
// (`.catch(noop)`, `.catch(_.noop)`, `(0, utils_1.noop)`): someone chose to ignore the failure and wrote it down,
// as `void p` does (ioredis' `this.connect().catch(noop)`, whose failure reaches the user as an 'error' event).
function discardsError(handler: ts.Expression, sourceFile: ts.SourceFile): boolean {
  const value = unwrapExpression(handler);
  if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value)) return false;
  const { body } = value;
  if (ts.isBlock(body)) return body.statements.length === 0 && !hasComment(sourceFile, body);
  const result = unwrapExpression(body);
  return (
    result.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(result) && result.text === 'undefined') ||
    (ts.isVoidExpression(result) && ts.isLiteralExpression(unwrapExpression(result.expression)))
  );
}

// (error) => console.error(error)   (error) => { logger.warn(error); }
// The chain before the handler fulfils with nothing, so the handler's `undefined` is what success gives too and
// nobody can take it for data (moleculer's transporter disconnect and log uploads):
//   return fetch(url).then((res) => { if (!res.ok) throw new Error(res.statusText); }).catch((e) => log(e))
//   return this.flush().catch((e) => log(e))        (flush(): Promise<void>, with a checker)
// The caller still goes on after a logged failure; that is the boundary's decision, as for a log-only catch that ends
// a function. A last callback that returns a value (`.then((res) => res.json())`) keeps the report.
function fulfilsWithNothing(call: ts.CallExpression, checker: ts.TypeChecker | undefined): boolean {
  const receiver = unwrapExpression((unwrapExpression(call.expression) as ts.PropertyAccessExpression).expression);
  if (ts.isCallExpression(receiver)) {
    const callee = unwrapExpression(receiver.expression);
    const onFulfilled = ts.isPropertyAccessExpression(callee) && callee.name.text === 'then' ? receiver.arguments[0] : undefined;
    const fn = onFulfilled && unwrapExpression(onFulfilled);
    if (fn && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return ts.isBlock(fn.body) && !returnsValue(fn.body);
  }
  if (!checker) return false;
  const awaited = checker.getAwaitedType(checker.getTypeAtLocation(receiver));
  return awaited !== undefined && (awaited.flags & (ts.TypeFlags.Void | ts.TypeFlags.Undefined)) !== 0;
}

// A `return <value>` of the block itself, not of a nested function.
function returnsValue(body: ts.Block): boolean {
  let found = false;
  forEachOwnNode(body, (node) => {
    if (ts.isReturnStatement(node) && node.expression) found = true;
  });
  return found;
}

function onlyLogs(handler: ts.Expression): boolean {
  const value = unwrapExpression(handler);
  if (!ts.isArrowFunction(value) && !ts.isFunctionExpression(value)) return false;
  const { body } = value;
  if (ts.isBlock(body)) return body.statements.length > 0 && body.statements.every(isLoggingStatement);
  const result = unwrapExpression(body);
  return ts.isCallExpression(result) && isLoggingCall(result);
}

function isLoggingStatement(statement: ts.Statement): boolean {
  if (!ts.isExpressionStatement(statement)) return false;
  let expression = unwrapExpression(statement.expression);
  if (ts.isAwaitExpression(expression) || ts.isVoidExpression(expression)) expression = unwrapExpression(expression.expression);
  return ts.isCallExpression(expression) && isLoggingCall(expression);
}

// What shows that the code after a log-only catch proceeds as if the try block had succeeded:
//   let user; try { user = await load(); } catch (e) { log(e); } use(user)    -> `user` read after the catch
//   try { await save(); } catch (e) { log(e); } return { ok: true };         -> a success result follows
function findCarryOnEvidence(tryStatement: ts.TryStatement): string | undefined {
  const assigned = assignedOuterNames(tryStatement.tryBlock);
  const container = tryStatement.parent;
  if (!ts.isBlock(container) && !ts.isSourceFile(container)) return undefined;
  const index = container.statements.indexOf(tryStatement);
  const following = container.statements.slice(index + 1);
  for (const statement of following) {
    const read = findRead(statement, assigned);
    if (read === CHECKED) return undefined;
    if (read) return `\`${read}\` is used though it was never assigned`;
    if (reportsSuccess(statement)) return 'a success result follows';
  }
  return undefined;
}

// Names assigned in the try block but declared outside it without a fallback: `x = await load()`.
// A name declared with a real value first keeps it when the try fails, on purpose:
//   let manifest = '{}'; try { manifest = fs.readFileSync(file, 'utf8'); } catch (e) { log(e); }  -> not counted
//   let user; / let user = null; / let user = undefined;                                           -> counted
function assignedOuterNames(block: ts.Block): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left) && !hasFallbackValue(node.left)) {
      names.add(node.left.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(block);
  return names;
}

// A try block that only computes better values for names that already hold a fallback: when it fails, the fallback
// stays, on purpose (the same reading as for a log-only catch, above):
//   let message = response.statusText; try { const body = await response.json(); message = body.error || message; } catch {}
// Not: `let rows = null; try { rows = await db.query(sql); } catch {}` (null is no fallback), nor a try that does more.
function onlyRefinesFallbacks(block: ts.Block): boolean {
  let assigns = false;
  for (const statement of block.statements) {
    if (ts.isVariableStatement(statement)) continue;
    if (!ts.isExpressionStatement(statement)) return false;
    const expression = unwrapExpression(statement.expression);
    if (
      !ts.isBinaryExpression(expression) ||
      expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken ||
      !ts.isIdentifier(expression.left) ||
      !hasFallbackValue(expression.left)
    ) {
      return false;
    }
    assigns = true;
  }
  return assigns;
}

function hasFallbackValue(name: ts.Identifier): boolean {
  const declaration = findLocalDeclaration(name);
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  const value = unwrapExpression(declaration.initializer);
  return !(value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value));
}

const CHECKED = Symbol('checked');

// The first read of an assigned name in the statement, or CHECKED when the code first tests it for the failure.
function findRead(statement: ts.Statement, names: ReadonlySet<string>): string | typeof CHECKED | undefined {
  if (names.size === 0) return undefined;
  let found: string | typeof CHECKED | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && names.has(node.text)) {
      const parent = node.parent;
      const isWrite = ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
      const isName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      // `if (!user)` / `user === undefined` / `user ?? fallback` checks for the failure: not carrying on blindly.
      if (!isWrite && !isName) found = isFailureCheck(node) ? CHECKED : node.text;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

function isFailureCheck(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    return (
      operator === ts.SyntaxKind.QuestionQuestionToken ||
      operator === ts.SyntaxKind.BarBarToken ||
      operator === ts.SyntaxKind.EqualsEqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsEqualsToken ||
      operator === ts.SyntaxKind.EqualsEqualsToken ||
      operator === ts.SyntaxKind.ExclamationEqualsToken
    );
  }
  if (ts.isIfStatement(parent) || ts.isConditionalExpression(parent)) return true;
  // user?.name
  return (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.questionDotToken !== undefined;
}

// return true   return { ok: true }   res.json({ success: true })   res.sendStatus(200)   res.status(201)
// return { statusCode: 200 }
function reportsSuccess(statement: ts.Statement): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && node.expression.kind === ts.SyntaxKind.TrueKeyword) found = true;
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      ['ok', 'success', 'succeeded'].includes(node.name.text) &&
      node.initializer.kind === ts.SyntaxKind.TrueKeyword
    ) {
      found = true;
    }
    // return { statusCode: 200, ... } from a Lambda-style handler
    if (
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === 'statusCode' &&
      ts.isNumericLiteral(node.initializer) &&
      /^2\d\d$/u.test(node.initializer.text)
    ) {
      found = true;
    }
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ['status', 'sendStatus'].includes(node.expression.name.text) &&
      node.arguments[0] &&
      ts.isNumericLiteral(node.arguments[0]) &&
      /^2\d\d$/u.test(node.arguments[0].text)
    ) {
      found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return found;
}

// An optional dependency: a try that only loads a module by name and keeps it, with an empty catch. The module
// missing is the failure expected, and the code goes on without it (the plain build, the pure-JS driver):
//   try { mod = new WebAssembly.Module(require('../llhttp/llhttp_simd-wasm.js')); } catch {}   (undici's SIMD parser)
//   try { const native = PlatformTools.load('pg-native'); if (native && pg.native) this.pg = pg.native; } catch {}
// The try may only declare, assign and test what it loaded: `try { sharp = require('sharp'); init(sharp); } catch {}`
// drops init's failure too and is reported. A `.json` file is data, not an optional module: its syntax error is a bug.
function loadsOptionalModule(block: ts.Block): boolean {
  let loads = false;
  const onlyKeeps = (statement: ts.Statement): boolean => {
    if (ts.isBlock(statement)) return statement.statements.every(onlyKeeps);
    if (ts.isIfStatement(statement)) return onlyKeeps(statement.thenStatement) && (!statement.elseStatement || onlyKeeps(statement.elseStatement));
    if (ts.isVariableStatement(statement)) return true;
    if (!ts.isExpressionStatement(statement)) return false;
    const expression = unwrapExpression(statement.expression);
    return ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken;
  };
  if (block.statements.length === 0 || !block.statements.every(onlyKeeps)) return false;
  forEachDescendant(block, (node) => {
    if (ts.isCallExpression(node) && isModuleLoad(node)) loads = true;
    return !loads;
  });
  return loads;
}

// require('pg-native')   import('sharp')   PlatformTools.load('pg-native')   (a class's static loader: a capitalised receiver)
function isModuleLoad(call: ts.CallExpression): boolean {
  const [specifier] = call.arguments;
  if (!specifier || !ts.isStringLiteralLike(specifier) || specifier.text.endsWith('.json')) return false;
  const callee = unwrapExpression(call.expression);
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isIdentifier(callee)) return callee.text === 'require';
  if (!ts.isPropertyAccessExpression(callee) || !['load', 'require', 'loadModule', 'importModule'].includes(callee.name.text)) return false;
  const receiver = unwrapExpression(callee.expression);
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : '';
  return /^[A-Z]/u.test(name);
}

// try { JSON.parse(value); return true; } catch {} return false;   (unleash's validateJsonString, a nonce check)
// A predicate whose answer is the failure: the try returns `true` (or `false`) and the statement right after the
// catch returns a boolean; the caller learns of the failure as a `false`. A data result is different:
// `try { return store.get(key); } catch {} return undefined;` turns an outage into a silent miss, and is reported.
function returnsFailureAfter(tryStatement: ts.TryStatement): boolean {
  const container = tryStatement.parent;
  if (!ts.isBlock(container) || tryStatement.finallyBlock) return false;
  const next = container.statements[container.statements.indexOf(tryStatement) + 1];
  if (!next || !ts.isReturnStatement(next) || !isBooleanLiteral(next.expression)) return false;
  let returns = 0;
  let onlyBooleans = true;
  forEachDescendant(tryStatement.tryBlock, (node) => {
    if (ts.isReturnStatement(node)) {
      returns += 1;
      if (!isBooleanLiteral(node.expression)) onlyBooleans = false;
    }
    return onlyBooleans;
  });
  return returns > 0 && onlyBooleans;
}

// An empty catch after a try that returns its result is a fallback when the code that runs next (after the loop, for
// the last statement of a loop body; after the enclosing `if` when the block ends) ends in another result or a
// throw: the same as moving that code into the catch, which is handling.
//   try { return new Error(JSON.stringify(err)); } catch {} return new Error(String(err));   (a fallback chain)
//   for (const id of ids) { try { return await connect(id); } catch {} } await connectSeed(); return seed;
// Not when what follows ends in nothing or an empty result: `for (...) { try { return await f(x); } catch {} } return null;`
// turns every failure into a silent miss.
function fallsBackAfter(tryStatement: ts.TryStatement): boolean {
  if (tryStatement.finallyBlock || !endsInReturn(tryStatement.tryBlock)) return false;
  let attempt: ts.Node = tryStatement;
  const body = attempt.parent;
  if (ts.isBlock(body) && isLoopStatement(body.parent) && body.statements.at(-1) === attempt) attempt = body.parent;
  return endsInResult(attempt);
}

// The statements that run after `statement` completes normally end in a result: `return <value>`, `throw`, or another
// attempt that does.
function endsInResult(statement: ts.Node): boolean {
  for (let current = statement; ;) {
    const container = current.parent;
    if (!ts.isBlock(container) && !ts.isSourceFile(container)) return false;
    const end = container.statements.at(-1)!;
    if (end !== current) {
      if (ts.isThrowStatement(end)) return true;
      if (ts.isTryStatement(end)) return !end.finallyBlock && endsInReturn(end.tryBlock) && endsInResult(end);
      if (!ts.isReturnStatement(end) || !end.expression) return false;
      const value = unwrapExpression(end.expression);
      return !(value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined') || ts.isVoidExpression(value));
    }
    // The block ends here: carry on after the `if` (or plain block) that holds it.
    const owner = container.parent;
    if (ts.isIfStatement(owner) || ts.isBlock(owner)) current = owner;
    else return false;
  }
}

// try { ...; return value; }   try { if (tag === '[object Error]') { ...; return error; } }
function endsInReturn(block: ts.Block): boolean {
  const last = block.statements.at(-1);
  if (!last) return false;
  if (ts.isReturnStatement(last)) return last.expression !== undefined;
  if (!ts.isIfStatement(last) || last.elseStatement) return false;
  return ts.isReturnStatement(last.thenStatement) || (ts.isBlock(last.thenStatement) && endsInReturn(last.thenStatement));
}

function isLoopStatement(node: ts.Node | undefined): node is ts.IterationStatement {
  if (!node) return false;
  return ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isForStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node);
}

function isBooleanLiteral(expression: ts.Expression | undefined): boolean {
  return expression !== undefined && (expression.kind === ts.SyntaxKind.TrueKeyword || expression.kind === ts.SyntaxKind.FalseKeyword);
}

// `} catch {} // eslint-disable-line no-empty`: the author silenced ESLint's no-empty for this very block, which
// states that it is empty on purpose as clearly as a comment inside it. ESLint reports the block on the line of its
// `{`, so `eslint-disable-next-line no-empty` above that line counts too (bullmq's `} catch (e) {\n} finally`).
function allowsEmptyBlock(sourceFile: ts.SourceFile, block: ts.Block): boolean {
  const starts = sourceFile.getLineStarts();
  const lineText = (index: number): string => (index < 0 ? '' : sourceFile.text.slice(starts[index], starts[index + 1] ?? sourceFile.text.length));
  const first = sourceFile.getLineAndCharacterOfPosition(block.getStart(sourceFile)).line;
  const last = sourceFile.getLineAndCharacterOfPosition(block.getEnd()).line;
  const sameLine = /eslint-disable-line\b[^\n]*\bno-empty\b/u;
  return sameLine.test(lineText(first)) || sameLine.test(lineText(last)) || /eslint-disable-next-line\b[^\n]*\bno-empty\b/u.test(lineText(first - 1));
}

function hasComment(sourceFile: ts.SourceFile, block: ts.Block): boolean {
  const text = sourceFile.text.slice(block.getStart(sourceFile) + 1, block.getEnd() - 1);
  return /\/\/|\/\*/u.test(text);
}

// A comment that admits the handling is wrong (`// BUG: ...`, `// Defect: ...`) gives no reason either.
const TODO = /^(?:TODO|FIXME|XXX|HACK|BUG|DEFECT)\b/iu;
// Tool comments state no reason; `expect:` / `ok:` are the corpus labels (CONTRIBUTING.md), which sit on the catch line.
const DIRECTIVE = /^(?:eslint-|resilint-|@ts-|istanbul |c8 |prettier-ignore|biome-ignore|jshint|global |(?:expect|ok)\s*:)/u;

// What the comments inside a catch block say about its handling, strongest first:
//   // the cache is optional: serve from the database    -> 'reason' (two words or more)
//   /* ignore */                                        -> 'intent' (a word: enough for an empty block)
//   // TODO: handle this                                -> 'todo' (an admission that nothing handles it)
// Directives (`eslint-disable-next-line`, `@ts-expect-error`) say nothing; undefined when no comment says anything.
function getHandlingComment(sourceFile: ts.SourceFile, block: ts.Block): 'reason' | 'intent' | 'todo' | undefined {
  const start = block.getStart(sourceFile) + 1;
  const end = block.getEnd() - 1;
  if (!hasComment(sourceFile, block)) return undefined;
  let found: 'reason' | 'intent' | 'todo' | undefined;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, sourceFile.languageVariant, sourceFile.text, undefined, start, end - start);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    if (token !== ts.SyntaxKind.SingleLineCommentTrivia && token !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const text = scanner
      .getTokenText()
      .replace(/^\/\/|^\/\*+|\*+\/$/gu, '')
      .replace(/^\s*\*\s?/gmu, '')
      .trim();
    if (text === '' || DIRECTIVE.test(text)) continue;
    if (TODO.test(text)) {
      found ??= 'todo';
      continue;
    }
    const words = text.match(/\p{L}[\p{L}'-]*/gu)?.length ?? 0;
    if (words >= 2) return 'reason';
    if (words === 1) found = 'intent';
  }
  return found;
}
