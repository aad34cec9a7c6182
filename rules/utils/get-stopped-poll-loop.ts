import ts from '../engine/typescript.cjs';

import { findFunctionDeclaration } from './find-function-declaration.js';
import { findLocalDeclaration } from './find-local-declaration.js';
import { findMemberDeclarations } from './find-member-declarations.js';
import { forEachDescendant } from './for-each-descendant.js';
import { forEachOwnNode } from './for-each-own-node.js';
import { getEnclosingFunction } from './get-enclosing-function.js';
import { getSimpleCalleeName } from './get-simple-callee-name.js';
import { unwrapExpression } from './unwrap-expression.js';
import { getEnclosingTry } from './get-enclosing-try.js';
import { isAsyncFunction } from './is-async-function.js';
import { isInFailurePath } from './is-in-failure-path.js';
import { isAssignment } from './is-assignment.js';
import { isTimerCallback } from './is-timer-callback.js';

type FunctionWithBody = ts.FunctionDeclaration | ts.MethodDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** A function, by how the code calls it: `this.poll()` (a method) or `poll()`. */
interface Callee {
  name: string;
  method: boolean;
}

export interface StoppedPollLoop {
  /** The function the timer runs, which schedules its next run only when it succeeds. */
  name: string;
}

const TIMERS = new Set(['setTimeout', 'setImmediate']);
// Calls in the failure handler that end the loop on purpose or start it again under another name.
// A word of the callee's name: `stopPolling`, `this.close()`, `reconnect`, `scheduleNext`, `fail_job`.
const STOPS_OR_RESTARTS = new Set([
  'stop',
  'close',
  'end',
  'destroy',
  'shutdown',
  'exit',
  'abort',
  'kill',
  'quit',
  'disconnect',
  'restart',
  'reconnect',
  'retry',
  'schedule',
  'reset',
  'fail',
  'reject',
]);

// The failure handler of a polling loop that schedules its next run only on the success path (node-resque's scheduler):
//   pollAgainLater() { this.timer = setTimeout(() => { this.poll().catch((e) => this.emit('error', e)); }, ms); }
//   async poll() { const next = await this.redis.zrange(...); ...; return this.pollAgainLater(); }
// `poll` rejects before it reaches `pollAgainLater`, the handler reports the failure and schedules nothing: the
// first transient failure stops the loop for good, with nothing left to say so. Also the same in a `try`:
//   setTimeout(async () => { try { await this.poll(); } catch (e) { log(e); } }, ms)
// Not this shape: a failure handler that schedules the next run, throws, assigns state or calls something that
// stops or restarts (`this.stop()`, `this.reconnect()`); a loop function that reschedules in a `catch` or a
// `finally`, or before the first `await` that a `try` does not guard (it cannot stop the loop by rejecting); a
// function whose code is not in the file (an import, a callback handed in), which may reschedule itself.
export function getStoppedPollLoop(node: ts.CallExpression | ts.CatchClause): StoppedPollLoop | undefined {
  const site = getAttemptAndHandler(node);
  if (!site) return undefined;
  const callback = getEnclosingFunction(node);
  if (!callback || !isTimerCallback(callback, TIMERS)) return undefined;
  const loop = resolveFunction(site.attempt.expression);
  if (!loop || !isAsyncFunction(loop.fn)) return undefined;
  const scheduler = getEnclosingFunction(callback.parent);
  const schedulerCallee = scheduler && scheduler !== loop.fn ? nameOf(scheduler) : undefined;
  const reschedules = (call: ts.CallExpression): boolean =>
    (schedulerCallee !== undefined && isCallOf(call, schedulerCallee)) || isTimerRunning(call, loop.callee);
  if (!reschedulesOnSuccessOnly(loop.fn, reschedules) || !alwaysReschedules(loop.fn, (call) => reschedules(call) || isCallOf(call, loop.callee))) {
    return undefined;
  }
  if (handlerContinues(site.handler, loop.callee, schedulerCallee)) return undefined;
  return { name: loop.callee.name };
}

function getAttemptAndHandler(node: ts.CallExpression | ts.CatchClause): { attempt: ts.CallExpression; handler: ts.Node } | undefined {
  if (ts.isCatchClause(node)) {
    // try { await this.poll(); } catch (e) { ... }
    const [statement, ...rest] = node.parent.tryBlock.statements;
    if (!statement || rest.length > 0 || !ts.isExpressionStatement(statement)) return undefined;
    const awaited = unwrapExpression(statement.expression);
    if (!ts.isAwaitExpression(awaited)) return undefined;
    const attempt = unwrapExpression(awaited.expression);
    return ts.isCallExpression(attempt) ? { attempt, handler: node.block } : undefined;
  }
  // this.poll().catch(handler) as a statement (or the callback's concise body)
  const callee = unwrapExpression(node.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'catch' || node.arguments.length !== 1) return undefined;
  if (!ts.isExpressionStatement(node.parent) && !ts.isArrowFunction(node.parent)) return undefined;
  const attempt = unwrapExpression(callee.expression);
  const handler = unwrapExpression(node.arguments[0]!);
  if (!ts.isCallExpression(attempt)) return undefined;
  return { attempt, handler: ts.isArrowFunction(handler) || ts.isFunctionExpression(handler) ? handler.body : handler };
}

function resolveFunction(expression: ts.Expression): { fn: FunctionWithBody; callee: Callee } | undefined {
  const callee = unwrapExpression(expression);
  if (ts.isPropertyAccessExpression(callee) && unwrapExpression(callee.expression).kind === ts.SyntaxKind.ThisKeyword) {
    const declarations = findMemberDeclarations(callee.expression, callee.name.text);
    const fn = declarations.length === 1 ? asFunction(declarations[0]!) : undefined;
    return fn && { fn, callee: { name: callee.name.text, method: true } };
  }
  if (!ts.isIdentifier(callee)) return undefined;
  const declaration = findFunctionDeclaration(callee) ?? findLocalDeclaration(callee);
  const fn = declaration && asFunction(declaration);
  return fn && { fn, callee: { name: callee.text, method: false } };
}

function asFunction(node: ts.Node): FunctionWithBody | undefined {
  if ((ts.isMethodDeclaration(node) || ts.isFunctionDeclaration(node)) && node.body) return node;
  if (ts.isPropertyDeclaration(node) || ts.isVariableDeclaration(node)) {
    const value = node.initializer && unwrapExpression(node.initializer);
    if (value && (ts.isArrowFunction(value) || ts.isFunctionExpression(value))) return value;
  }
  return undefined;
}

// How the code calls the function that holds the timer: `this.pollAgainLater()`, `schedule()`.
function nameOf(fn: ts.SignatureDeclaration): Callee | undefined {
  if (ts.isMethodDeclaration(fn) && ts.isIdentifier(fn.name)) return { name: fn.name.text, method: true };
  if (ts.isFunctionDeclaration(fn) && fn.name) return { name: fn.name.text, method: false };
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return { name: fn.parent.name.text, method: false };
  }
  if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isPropertyDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) {
    return { name: fn.parent.name.text, method: true };
  }
  return undefined;
}

// this.poll(...) for a method, poll(...) for a function.
function isCallOf(call: ts.CallExpression, callee: Callee): boolean {
  const expression = unwrapExpression(call.expression);
  return !ts.isCallExpression(expression) && isReferenceTo(expression, callee);
}

// A reference to the function: `this.poll`, `this.poll.bind(this)`, `poll`.
function isReferenceTo(expression: ts.Expression, callee: Callee): boolean {
  let value = unwrapExpression(expression);
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'bind')
    value = value.expression.expression;
  value = unwrapExpression(value);
  if (callee.method)
    return ts.isPropertyAccessExpression(value) && value.name.text === callee.name && unwrapExpression(value.expression).kind === ts.SyntaxKind.ThisKeyword;
  return ts.isIdentifier(value) && value.text === callee.name;
}

// setTimeout(() => this.poll().catch(...), ms)   setTimeout(this.poll.bind(this), ms)
function isTimerRunning(call: ts.CallExpression, callee: Callee): boolean {
  if (!TIMERS.has(getSimpleCalleeName(call.expression) ?? '')) return false;
  const first = call.arguments[0] && unwrapExpression(call.arguments[0]);
  if (!first) return false;
  if (isReferenceTo(first, callee)) return true;
  if (!ts.isArrowFunction(first) && !ts.isFunctionExpression(first)) return false;
  let found = false;
  forEachDescendant(
    first.body,
    (child) => {
      if (ts.isCallExpression(child) && isCallOf(child, callee)) found = true;
      return !found;
    },
    { crossFunctions: true },
  );
  return found;
}

// The loop function schedules its next run after an `await` that can reject it, and never on a failure path.
function reschedulesOnSuccessOnly(fn: FunctionWithBody, reschedules: (call: ts.CallExpression) => boolean): boolean {
  const runs: ts.CallExpression[] = [];
  const waits: ts.AwaitExpression[] = [];
  forEachOwnNode(fn.body!, (node) => {
    if (ts.isCallExpression(node) && reschedules(node)) runs.push(node);
    else if (ts.isAwaitExpression(node) && !getEnclosingTry(node)) waits.push(node);
  });
  if (runs.length === 0 || runs.some((run) => isInFailurePath(run))) return false;
  return waits.some((wait) => runs.some((run) => wait.end <= run.getStart()));
}

// Every way the loop function finishes normally schedules the next run: each `return` calls the scheduler or the
// function itself (`return this.pollAgainLater()`, `return this.poll()`) or leaves on a stop flag (`if (!this.running)
// return;`), and the last statement schedules. A function that finishes without scheduling on some result
// (`if (at === null) return;`) is a chain of rechecks that ends by design, not a loop that must run until stopped.
function alwaysReschedules(fn: FunctionWithBody, runs: (call: ts.CallExpression) => boolean): boolean {
  const body = fn.body!;
  if (!ts.isBlock(body)) return containsRun(body, runs);
  let everyReturnRuns = true;
  forEachOwnNode(body, (node) => {
    if (ts.isReturnStatement(node) && !(node.expression && containsRun(node.expression, runs)) && !leavesOnStopFlag(node)) everyReturnRuns = false;
  });
  return everyReturnRuns && endsInRun(body, runs);
}

function endsInRun(statement: ts.Statement, runs: (call: ts.CallExpression) => boolean): boolean {
  if (ts.isReturnStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements[statement.statements.length - 1];
    return last !== undefined && endsInRun(last, runs);
  }
  if (ts.isIfStatement(statement) && statement.elseStatement) return endsInRun(statement.thenStatement, runs) && endsInRun(statement.elseStatement, runs);
  if (ts.isTryStatement(statement)) return endsInRun(statement.tryBlock, runs);
  return containsRun(statement, runs);
}

function containsRun(node: ts.Node, runs: (call: ts.CallExpression) => boolean): boolean {
  let found = ts.isCallExpression(node) && runs(node);
  forEachOwnNode(node, (child) => {
    found ||= ts.isCallExpression(child) && runs(child);
  });
  return found;
}

// if (!this.running) return;   if (this.closed || !this.#active) { return; }
function leavesOnStopFlag(statement: ts.ReturnStatement): boolean {
  let owner: ts.Node = statement.parent;
  if (ts.isBlock(owner) && owner.statements.length === 1) owner = owner.parent;
  return ts.isIfStatement(owner) && owner.thenStatement !== undefined && readsOnlyOwnState(owner.expression);
}

function readsOnlyOwnState(condition: ts.Expression): boolean {
  const value = unwrapExpression(condition);
  if (ts.isPrefixUnaryExpression(value) && value.operator === ts.SyntaxKind.ExclamationToken) return readsOnlyOwnState(value.operand);
  if (
    ts.isBinaryExpression(value) &&
    (value.operatorToken.kind === ts.SyntaxKind.BarBarToken || value.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
  ) {
    return readsOnlyOwnState(value.left) && readsOnlyOwnState(value.right);
  }
  return ts.isPropertyAccessExpression(value) && unwrapExpression(value.expression).kind === ts.SyntaxKind.ThisKeyword;
}

// The failure handler goes on or stops on purpose: it runs the loop or its scheduler again, arms a timer, throws,
// rejects, assigns state, or calls something named for stopping or restarting. A project function it calls or is
// (`this.onPollError(e)`, `.catch(this.onPollError)`) is read once, for the same.
function handlerContinues(handler: ts.Node, loop: Callee, scheduler: Callee | undefined, depth = 0): boolean {
  const reference = ts.isExpression(handler) ? asReference(handler) : undefined;
  if (reference) return calleeContinues(reference, loop, scheduler, depth);
  const continuesAt = (node: ts.Node): boolean =>
    ts.isThrowStatement(node) || isAssignment(node) || (ts.isCallExpression(node) && calleeContinues(node.expression, loop, scheduler, depth));
  let continues = continuesAt(handler);
  forEachDescendant(
    handler,
    (child) => {
      continues ||= continuesAt(child);
      return !continues;
    },
    { crossFunctions: true },
  );
  return continues;
}

// `this.onPollError`   `console.error`   `this.fail.bind(this)`   (not an inline function, not a call's result)
function asReference(expression: ts.Expression): ts.Expression | undefined {
  let value = unwrapExpression(expression);
  if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && value.expression.name.text === 'bind') {
    value = unwrapExpression(value.expression.expression);
  }
  return ts.isIdentifier(value) || ts.isPropertyAccessExpression(value) ? value : undefined;
}

function calleeContinues(expression: ts.Expression, loop: Callee, scheduler: Callee | undefined, depth: number): boolean {
  const name = getSimpleCalleeName(unwrapExpression(expression)) ?? '';
  if (isReferenceTo(expression, loop) || (scheduler && isReferenceTo(expression, scheduler)) || TIMERS.has(name)) return true;
  if (name.split(/(?=[A-Z])|_/u).some((word) => STOPS_OR_RESTARTS.has(word.toLowerCase()))) return true;
  const helper = depth === 0 ? resolveFunction(expression) : undefined;
  return helper?.fn.body !== undefined && handlerContinues(helper.fn.body, loop, scheduler, depth + 1);
}
